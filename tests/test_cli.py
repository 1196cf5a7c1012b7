"""The `briefings` command: extract, add, rollback, and clear one-line errors on bad input."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, TRANSCRIPTS, query

from briefings.cli import main
from briefings.snapshots import SnapshotStore

# The seed page as shipped in raw/ (the same bytes as ../shared/seeds/000_adfb356dce0c9e5a.txt).
SEED = (
    ROOT / "raw" / "pages" / "960ad6247556b6fdefdd1f46b56fce754d2d15e79854a9a2c00a0402624d0cd7.txt"
)


def test_extract_prints_one_json_record_per_figure_with_offsets_into_the_file(capsys) -> None:
    assert main(["extract", str(SEED)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    text = SEED.read_text(encoding="utf-8")
    assert len(records) == 23
    for r in records:
        assert text[r["char_start"] : r["char_end"]] == r["as_written"]
        assert {
            "value",
            "value_low",
            "value_high",
            "qualifier",
            "unit",
            "unit_kind",
            "currency",
            "change_direction",
            "kind",
            "campaigns",
            "speaker",
            "quote",
        } <= r.keys()
    websites = next(r for r in records if r["as_written"] == "2,884")
    assert (websites["campaigns"], websites["speaker"], websites["unit"]) == (
        ["Sword Net 2020"],
        "Gan Lin",
        "illegal websites",
    )


def test_extract_as_csv(capsys) -> None:
    assert main(["extract", str(TRANSCRIPTS / "t2_scio_desktop.html"), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and all(row["value"] for row in rows)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02binary", "binary file"),
        ("第一\n页".encode("gbk"), "line 1: not UTF-8"),
    ],
    ids=["empty", "binary", "wrong-encoding"],
)
def test_extract_rejects_bad_input_with_one_line_naming_the_file(
    tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    proc = subprocess.run(
        [sys.executable, "-m", "briefings.cli", "extract", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and message in lines[0]


def test_add_imports_pages_as_snapshots_with_provenance(workdir: Path, capsys) -> None:
    url = "http://english.scio.gov.cn/pressroom/2022-01/18/content_1.htm"
    assert (
        main(
            [
                "add",
                str(TRANSCRIPTS / "t5_landing.html"),
                str(TRANSCRIPTS / "t6_continuation.txt"),
                "--briefing",
                "scio-2022-01-14-customs",
                "--url",
                url,
            ]
        )
        == 0
    )
    snaps = SnapshotStore(workdir / "raw").current()
    assert [(s.page_no, s.origin, s.media_type) for s in snaps] == [
        (1, "imported", "text/html"),
        (2, "imported", "text/plain"),
    ]
    assert snaps[1].url.endswith("content_1_2.htm")
    assert (
        main(
            [
                "add",
                str(TRANSCRIPTS / "t5_landing.html"),
                "--briefing",
                "scio-2022-01-14-customs",
                "--url",
                url,
            ]
        )
        == 0
    )
    assert (
        len(SnapshotStore(workdir / "raw").snapshots()) == 2
    )  # the same content is not stored twice


def test_rollback_swaps_the_previous_warehouse_back(
    shipped_raw: Path, seed_warehouse: Path, capsys
) -> None:
    warehouse = shipped_raw / "warehouse"
    shutil.copytree(seed_warehouse, warehouse, symlinks=True)
    assert main(["rollback"]) == 1  # nothing to roll back to yet
    assert "no previous warehouse" in capsys.readouterr().err
    shutil.copy(warehouse / "briefings.duckdb", warehouse / "briefings.previous.duckdb")
    import duckdb

    con = duckdb.connect(str(warehouse / "briefings.duckdb"))
    con.execute("update meta.build set run_id = 'newer'")
    con.close()
    (warehouse / "report.html").write_text("<h1>Published</h1> run newer")
    assert main(["rollback"]) == 0
    [(restored,)] = query(warehouse / "briefings.duckdb", "select run_id from meta.build")
    assert restored != "newer"
    assert query(warehouse / "briefings.previous.duckdb", "select run_id from meta.build") == [
        ("newer",)
    ]
    # The report no longer describes the build that was taken back: it names the restored one,
    # lists the tests that build was published with, and charts its figures.
    report = (warehouse / "report.html").read_text(encoding="utf-8")
    assert f"Rolled back: the warehouse of run {restored} is published again" in report
    assert "skipped_numbers_are_not_figures" in report
    assert "Sword Net 2020" in report
    assert "previous publish" in report and "newer at" in report
