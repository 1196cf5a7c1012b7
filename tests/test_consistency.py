"""Consistency rules R1-R6 as dbt tests: a planted contradiction stops the run before publishing.

The fixtures under tests/fixtures/contradictions are hand-written transcripts; their README
says what each one plants.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from conftest import CONTRADICTIONS, TRANSCRIPTS, AddPage, query
from dagster import AssetCheckSeverity
from pipeline import run_job

from briefings.config import settings
from briefings.runs import RunPaths


def _published(workdir: Path) -> Path:
    return workdir / "warehouse" / "briefings.duckdb"


def _audit_rows(run_id: str, table_prefix: str) -> list[dict]:
    build = RunPaths.for_run(settings(), run_id).build_db
    con = duckdb.connect(str(build), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'audit' and table_name like ?",
                [f"{table_prefix}%"],
            ).fetchall()
        ]
        assert len(tables) == 1, tables
        cur = con.execute(f'select * from audit."{tables[0]}"')
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
    finally:
        con.close()


def _failed_tests(result) -> set[str]:
    """Asset checks of the run that failed with severity error (R6 only warns)."""
    return {
        e.event_specific_data.check_name
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and not e.event_specific_data.passed
        and e.event_specific_data.severity == AssetCheckSeverity.ERROR
    }


@pytest.fixture
def published_seed(shipped_raw: Path, seed_warehouse: Path) -> bytes:
    """The warehouse published from the shipped seed page, in this test's folder; its bytes."""
    shutil.copytree(seed_warehouse, shipped_raw / "warehouse", symlinks=True)
    return _published(shipped_raw).read_bytes()


def test_seed_page_passes_every_rule_and_r1_counts_its_lists(
    published_seed: bytes, shipped_raw: Path
) -> None:
    rows = query(
        _published(shipped_raw),
        "select stated_count, item_noun, items_found_count, count_matches "
        "from marts.fct_enumerations order by char_start",
    )
    assert rows == [(6, "areas", 6, True), (5, "aspects", 5, True)]
    failed = query(
        _published(shipped_raw), "select test_name from meta.test_results where status <> 'pass'"
    )
    assert failed == []


@pytest.mark.parametrize(
    ("files", "rule", "audit_table", "quotes"),
    [
        (["r1_enumeration.txt"], "r1_enumeration_count_matches", "r1_", ["quote"]),
        (
            ["r2_restatement_a.txt", "r2_restatement_b.txt"],
            "r2_restatements_agree",
            "r2_",
            ["quote_a", "quote_b"],
        ),
        (["r3_parts_whole.txt"], "r3_parts_fit_whole", "r3_", ["quote"]),
        (
            ["r4_change.txt"],
            "r4_changes_match_levels",
            "r4_",
            ["change_quote", "previous_level_quote"],
        ),
    ],
    ids=["R1", "R2", "R3", "R4"],
)
def test_a_planted_contradiction_fails_its_rule_and_blocks_publishing(
    published_seed: bytes,
    shipped_raw: Path,
    add_page: AddPage,
    files: list[str],
    rule: str,
    audit_table: str,
    quotes: list[str],
) -> None:
    for page_no, name in enumerate(files, start=1):
        add_page(
            CONTRADICTIONS / name, briefing_id=f"fixture-{rule.replace('_', '-')}", page_no=page_no
        )
    result = run_job()
    assert not result.success
    failed = _failed_tests(result)
    assert len(failed) == 1 and next(iter(failed)).startswith(rule), failed
    # The published warehouse stays exactly as it was; publish never ran.
    assert _published(shipped_raw).read_bytes() == published_seed
    succeeded = {e.step_key for e in result.all_events if e.event_type_value == "STEP_SUCCESS"}
    assert "published_warehouse" not in succeeded
    assert not RunPaths.for_run(settings(), result.run_id).publish_summary.exists()
    # The audit rows name the sentences that disagree, as written in the fixture.
    rows = _audit_rows(result.run_id, audit_table)
    assert len(rows) == 1
    fixture_text = "".join((CONTRADICTIONS / name).read_text(encoding="utf-8") for name in files)
    for column in quotes:
        assert rows[0][column] and rows[0][column] in fixture_text


def _invert_an_interval(tables: dict[str, list[dict]]) -> None:
    figure = tables["figures"][0]
    figure["value_high"] = figure["value"] - 1


def _skip_a_figures_number(tables: dict[str, list[dict]]) -> None:
    figure = tables["figures"][0]
    tables["skipped_numbers"].append(
        {
            "page_id": figure["page_id"],
            "sentence_index": figure["sentence_index"],
            "char_start": figure["number_start"],
            "char_end": figure["number_end"],
            "reason": "year",
        }
    )


def _give_an_unknown_reason(tables: dict[str, list[dict]]) -> None:
    tables["skipped_numbers"][0]["reason"] = "guess"


@pytest.mark.parametrize(
    ("break_rows", "failing_test"),
    [
        (_invert_an_interval, "r5_interval_contains_value"),
        (_skip_a_figures_number, "skipped_numbers_are_not_figures"),
        (_give_an_unknown_reason, "accepted_values_fct_skipped_numbers_skip_reason"),
    ],
    ids=["R5 inverted interval", "numeral both figure and skipped", "unknown skip reason"],
)
def test_extractor_output_no_transcript_can_state_fails_its_test_and_is_not_published(
    published_seed: bytes,
    shipped_raw: Path,
    tmp_path: Path,
    break_rows: Callable[[dict[str, list[dict]]], None],
    failing_test: str,
) -> None:
    """Tests that guard the extractor: a figure outside its own interval, a numeral taken both as
    a figure and as skipped, a skip reason the warehouse does not know. No transcript can state
    these, so one row of the real load bundle is broken and dbt runs on it, as the pipeline does."""
    import json
    import subprocess

    from briefings.bundle import build_bundle
    from briefings.config import DBT_PROJECT_DIR
    from briefings.load import bundle_files, load_bundle
    from briefings.pages import ExtractionCache
    from briefings.publish import PublishRefused, publish
    from briefings.runs import dbt_build_args
    from briefings.snapshots import SnapshotStore
    from briefings.sources import load_registry
    from orchestration.dbt import dbt_executable

    s = settings()
    bundle = tmp_path / "bundle"
    build_bundle(
        SnapshotStore(s.raw_dir),
        load_registry(s.sources_path),
        ExtractionCache(tmp_path / "c"),
        bundle,
    )
    tables = {
        name: [json.loads(line) for p in bundle_files(bundle, name) for line in p.open()]
        for name in ("figures", "skipped_numbers")
    }
    assert tables["figures"] and tables["skipped_numbers"]  # the seed page has both
    break_rows(tables)
    for name, rows in tables.items():
        for path in bundle_files(bundle, name):
            path.unlink()
        (bundle / f"{name}.000.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = tmp_path / "build.duckdb"
    load_bundle(bundle, db)
    target = tmp_path / "dbt"
    proc = subprocess.run(
        [
            dbt_executable(),
            *dbt_build_args(db),
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    run_results = json.loads((target / "run_results.json").read_text())
    failed = {r["unique_id"].split(".")[2] for r in run_results["results"] if r["status"] == "fail"}
    assert [name for name in failed if name.startswith(failing_test)], failed
    with pytest.raises(PublishRefused, match=failing_test):
        publish(
            db,
            s,
            run_id="broken",
            input_fingerprint="x",
            snapshot_hashes=[],
            run_results=run_results,
        )
    assert _published(shipped_raw).read_bytes() == published_seed


def test_a_rounded_restatement_is_consistent(
    published_seed: bytes, shipped_raw: Path, add_page: AddPage
) -> None:
    add_page(CONTRADICTIONS / "r2_rounded_ok_a.txt", briefing_id="fixture-rounded", page_no=1)
    add_page(CONTRADICTIONS / "r2_rounded_ok_b.txt", briefing_id="fixture-rounded", page_no=2)
    assert run_job().success
    stated = query(
        _published(shipped_raw),
        "select as_written from marts.fct_figures where briefing_id = 'fixture-rounded' "
        "and measure = 'criminal_cases_cracked_down' order by page_no",
    )
    assert stated == [("more than 21,000",), ("21,400",)]


def test_the_clean_fixture_uses_every_shape_and_passes(
    published_seed: bytes, shipped_raw: Path, add_page: AddPage
) -> None:
    add_page(CONTRADICTIONS / "clean.txt", briefing_id="fixture-clean")
    assert run_job().success
    db = _published(shipped_raw)
    assert query(
        db,
        "select count(*) from marts.fct_figures where briefing_id = 'fixture-clean' "
        "and part_of_figure_id is not null",
    ) == [(2,)]
    assert query(
        db,
        "select count(*) from marts.fct_figures where briefing_id = 'fixture-clean' "
        "and figure_kind = 'change' and refers_to_figure_id is not null",
    ) == [(1,)]


def test_r6_lists_unmapped_figures_without_blocking(
    published_seed: bytes, shipped_raw: Path, add_page: AddPage, tmp_path: Path
) -> None:
    page = tmp_path / "unmapped.txt"
    page.write_text(
        "SCIO briefing on lantern festivals\n\nChina.org.cnUpdated:  March 1, 2021\n\nLi Hua:\n\n"
        'In 2020, the "Bright Lantern 2020" campaign hung 4,321 red lanterns in city squares.\n',
        encoding="utf-8",
    )
    add_page(page, briefing_id="fixture-unmapped")
    result = run_job()
    assert result.success
    rows = query(_published(shipped_raw), "select as_written, unit from audit.r6_coverage")
    assert rows == [("4,321", "red lanterns")]
    # The unlisted campaign is kept and flagged, never dropped.
    assert query(
        _published(shipped_raw),
        "select is_listed from marts.dim_campaign where campaign = 'Bright Lantern 2020'",
    ) == [(False,)]


# One briefing per transcript; the three written over two pages keep theirs together.
_TWO_PAGE_BRIEFINGS = {
    "t6_continuation.txt": "t5_landing.html",
    "probe_a2_scio_desktop_p2.html": "probe_a1_scio_desktop_p1.html",
    "t14_copyright_scio_p2.html": "t13_copyright_scio_p1.html",
}


def test_every_hand_written_transcript_together_raises_only_the_real_conflict(
    shipped_raw: Path, add_page: AddPage
) -> None:
    """The transcripts under tests/transcripts are consistent pages, written at different times
    about the same offices: together with the seed, no rule may call two of their figures a
    contradiction, except the one they really contain. t7 was written as fiction and says the
    courts concluded 512,300 first-instance IPR cases in 2020; the seed, the real briefing,
    says 466,000."""
    for path in sorted(TRANSCRIPTS.glob("t*_*.*")) + sorted(TRANSCRIPTS.glob("probe_*.html")):
        first = _TWO_PAGE_BRIEFINGS.get(path.name)
        briefing = "fixture-" + (first or path.name).split(".")[0]
        add_page(path, briefing, page_no=2 if first else 1)
    result = run_job()
    assert not result.success
    assert _failed_tests(result) == {"r2_restatements_agree"}
    rows = _audit_rows(result.run_id, "r2_restatements_agree")
    assert [(r["period_year"], {r["as_written_a"], r["as_written_b"]}) for r in rows] == [
        (2020, {"512,300", "466,000"})
    ]
