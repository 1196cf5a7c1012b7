"""The run report: health at a glance, fetch and test results, charts of the published figures.

Until the pipeline writes warehouse/report.html itself, these tests render the report from
real runs: one that published, one that a blocking test refused.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import struct
import subprocess
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from conftest import CONTRADICTIONS, query
from pipeline import run_job
from published import CLEAN_PAGES, add_transcript, published_path, shipped_workdir

from briefings.config import settings
from briefings.report import (
    INCREASE_FILL,
    LEVEL_FILL,
    ChartCache,
    Figure,
    _changes_section,
    collect_run,
    render_report,
    write_report,
)

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
WINDOW = (1280, 1600)
BANNER_OK = "#e3f5e9"  # .banner.ok background in the report's CSS
BANNER_BAD = "#fde8e8"


def _run_dict(result, seconds: float) -> dict:
    """What the pipeline will pass to render_report, from the run's own records."""
    fetch = {}
    for materialization in result.asset_materializations_for_node("snapshots"):
        fetch = {k: v.value for k, v in materialization.metadata.items()}
    errors = [
        f"{e.step_key}: {e.step_failure_data.error.message.strip().splitlines()[0]}"
        for e in result.all_events
        if e.event_type_value == "STEP_FAILURE" and e.step_failure_data.error
    ]
    return collect_run(
        settings(), result.run_id, mode="offline", seconds=seconds, fetch=fetch, errors=errors
    )


@dataclass
class Runs:
    warehouse: Path
    published: dict  # a run that published (seed page + clean fixture pages)
    refused: dict  # the next run, with a planted R4 contradiction: not published


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    root = tmp_path_factory.mktemp("report")
    with shipped_workdir(root):
        for path, briefing_id, page_no in CLEAN_PAGES[:3]:
            add_transcript(root, path, briefing_id, page_no)
        start = time.monotonic()
        ok = run_job()
        assert ok.success
        published = _run_dict(ok, time.monotonic() - start)
        add_transcript(root, CONTRADICTIONS / "r4_change.txt", "fixture-r4")
        start = time.monotonic()
        refused = run_job()
        assert not refused.success
        yield Runs(published_path(root), published, _run_dict(refused, time.monotonic() - start))


class Markup(HTMLParser):
    """The tags, attribute names and CSS of a page, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.styles = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        self.styles += "".join(value or "" for name, value in attrs if name == "style")
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles += data


def _svgs(page: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", page, flags=re.DOTALL)


def test_report_of_a_published_run_shows_health_fetch_tests_and_figures(runs: Runs) -> None:
    run = runs.published
    page = render_report(run, runs.warehouse)

    banner = page[page.index("id='health'") : page.index("</div>", page.index("id='health'"))]
    assert "Published" in banner and "banner ok" in page[: page.index("id='health'")]
    passed = sum(t["status"] == "pass" for t in run["tests"])
    assert f"data tests: {passed} passed, 1 warned, 0 failed" in page
    assert run["run_id"] in page and "NOT published" not in page
    # What was fetched: nothing (offline), from 4 page snapshots of 3 briefings.
    assert "Nothing was fetched: offline run" in page
    assert "raw/ holds 4 current page snapshots of 3 briefings." in page
    # The test table: the warning first, with its failing rows; all tests are listed.
    assert re.search(r"<tr class='st-warn'><td><code>r6_coverage</code></td><td>warn</td>", page)
    assert page.count("<tr class='st-") == len(run["tests"])

    charts = _svgs(page)
    campaign = [c for c in charts if "campaign figures by year" in c]
    judicial = [c for c in charts if c.count("by year") and "campaign figures" not in c]
    measures = query(
        runs.warehouse,
        "select count(distinct measure) from marts.fct_campaign_outcomes "
        "where figure_kind = 'level' and measure is not null",
    )[0][0]
    assert len(campaign) == measures
    # Every campaign with a mapped level figure is drawn, with a figure as it was said.
    said: dict[str, set[str]] = {}
    for name, as_written in query(
        runs.warehouse,
        "select campaign, as_written from marts.fct_campaign_outcomes "
        "where figure_kind = 'level' and measure is not null",
    ):
        said.setdefault(html.escape(name), set()).add(html.escape(as_written))
    for name, written in said.items():
        assert any(name in c and any(f">{w}" in c for w in written) for c in campaign), name
    assert any("Sword Net 2020" in c and ">2,884<" in c for c in campaign)
    courts = next(c for c in judicial if "First-instance cases concluded" in c)
    for year, level in (("2017", "213,000"), ("2018", "288,000"), ("2020", "466,000")):
        assert f">{year}<" in courts and f">{level}<" in courts
    assert ">+35.2% y/y<" in courts and ">+11.7% y/y<" in courts
    assert ">2019<" in courts and ">not stated<" in courts  # a gap on the time axis is shown
    changes = next(c for c in charts if "Year-on-year changes as stated" in c)
    assert "+79.3% stated; level not stated" in changes
    assert "+35.2% stated, level 288,000; 213,000 the year before implies +35.2%" in changes
    assert INCREASE_FILL in changes


def test_report_of_a_refused_run_names_the_blocking_tests_and_the_figures_still_published(
    runs: Runs,
) -> None:
    page = render_report(runs.refused, runs.warehouse)
    assert "banner bad" in page
    assert "NOT published: 1 blocking test failed" in page
    assert "Failed: <code>r4_changes_match_levels</code> (1 failing rows)" in page
    assert runs.refused["run_dir"] in page  # where its build and audit rows are
    # The charts show the warehouse that is still published, and say whose it is.
    assert (
        f"published by run <code>{runs.published['run_id']}</code>" in page
        and "not of this run" in page
    )
    assert ">466,000<" in page
    failing_row = re.search(r"<tr class='st-fail'><td><code>(\w+)</code></td>", page)
    assert failing_row and failing_row.group(1) == "r4_changes_match_levels"
    assert runs.refused["errors"] and html.escape(runs.refused["errors"][0]) in page


def test_report_without_a_published_warehouse_says_so(runs: Runs, tmp_path: Path) -> None:
    missing = tmp_path / "warehouse" / "briefings.duckdb"
    page = render_report(runs.refused, missing)
    assert "NOT published: 1 blocking test failed" in page
    assert f"{html.escape(str(missing))} does not exist: nothing has been published yet" in page
    assert _svgs(page) == []


def _figure(figure_id: str, kind: str, value: float, year: int | None, **other: object) -> Figure:
    fields = {
        "scope": "Courts",
        "measure": "ipr_cases_concluded",
        "measure_label": "IPR cases concluded",
        "figure_kind": kind,
        "as_written": f"{value:,.0f}" if kind == "level" else f"{value}%",
        "value": value,
        "low": value,
        "high": value,
        "unit": "cases" if kind == "level" else "percent",
        "unit_kind": "count" if kind == "level" else "percent",
        "currency": "",
        "direction": "increase" if kind == "change" else "",
        "period_year": year,
        "speaker": "",
        "quote": "",
        "refers_to": None,
        "figure_id": figure_id,
    }
    return Figure(**(fields | other))


def test_a_change_stated_three_times_is_one_bar_with_its_range_and_the_levels_behind_it() -> None:
    # Hand-made figures: the level of 2020, the level of 2019 and two 2019 levels the change
    # must not be compared with (another institution, another unit).
    levels = [
        _figure("l2020", "level", 466_000, 2020),
        _figure("l2019", "level", 417_000, 2019),
        _figure("other_scope", "level", 1_000, 2019, scope="Procuratorates"),
        _figure("other_unit", "level", 9_000, 2019, unit_kind="currency"),
    ]
    changes = [
        _figure("c_drawn", "change", 11.7, 2020),  # exact: the narrowest statement is drawn
        _figure("c_with_level", "change", 11.7, 2020, low=11.65, high=11.75, refers_to="l2020"),
        _figure("c_rounded", "change", 11.8, 2020, low=11.75, high=11.85),
    ]
    chart = _changes_section([*levels, *changes])
    assert chart.count("<rect") == 1
    assert (
        "+11.7% stated (stated 3 times, from +11.7% to +11.8%), level 466,000; "
        "417,000 the year before implies +11.8%"
    ) in chart


def test_changes_without_a_year_stay_apart_and_a_shared_level_is_read_in_the_changes_scope() -> (
    None
):
    # Hand-made figures. "shared" is one figure listed under two scopes (a joint statement);
    # the change in Courts must find last year's level of Courts, not of Procuratorates.
    figures = [
        _figure("shared", "level", 110, 2021),
        _figure("shared", "level", 110, 2021, scope="Procuratorates"),
        _figure("courts_2020", "level", 100, 2020),
        _figure("procuratorates_2020", "level", 50, 2020, scope="Procuratorates"),
        _figure("c_2021", "change", 10.0, 2021, refers_to="shared"),
        _figure("c_no_year_up", "change", 5.0, None),
        _figure("c_no_year_down", "change", 5.0, None, direction="decrease"),
    ]
    chart = _changes_section(figures)
    assert chart.count("<rect") == 3
    assert "+10.0% stated, level 110; 100 the year before implies +10.0%" in chart
    assert "+5.0% stated; level not stated" in chart
    assert "-5.0% stated; level not stated" in chart


def test_report_is_self_contained_and_escapes_everything(runs: Runs) -> None:
    hostile = "<script>alert(1)</script>"
    run = dict(
        runs.refused,
        run_id=hostile,
        errors=[f"dbt: <img src=x onerror=alert(1)> & {hostile}"],
        tests=[{"name": "<b>r9</b>", "status": "fail", "failures": 2, "message": hostile}],
        fetch={"failures": "<iframe src=//evil>"},
    )
    page = render_report(run, runs.warehouse)
    for raw in (hostile, "<img", "<b>r9</b>", "<iframe"):
        assert raw not in page
    assert html.escape(hostile) in page and "&lt;b&gt;r9&lt;/b&gt;" in page
    # Nothing is loaded from anywhere: no scripts, links, sources or CSS urls, and a CSP says so.
    parsed = Markup()
    parsed.feed(page)
    assert not parsed.tags & {"script", "link", "iframe", "img", "image", "object", "embed", "use"}
    assert not parsed.attributes & {"src", "href", "xlink:href", "srcset", "action", "onerror"}
    assert "url(" not in parsed.styles and "@import" not in parsed.styles
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # Quotes with double quotes ("Sword Net 2020") end up escaped inside SVG tooltips.
    assert "&quot;Sword Net 2020&quot;" in page


def test_write_report_replaces_the_file_atomically(
    runs: Runs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "warehouse" / "report.html"
    first = render_report(runs.refused, runs.warehouse)
    second = render_report(runs.published, runs.warehouse)
    write_report(target, first)
    with target.open(encoding="utf-8") as reader:  # a browser in the middle of reading
        inode = os.stat(target).st_ino
        write_report(target, second)
        assert reader.read() == first
    assert target.read_text(encoding="utf-8") == second
    assert os.stat(target).st_ino != inode
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_report(target, first)
    assert target.read_text(encoding="utf-8") == second
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]


def test_charts_of_a_published_build_are_drawn_once_and_again_for_the_next_build(
    runs: Runs, tmp_path: Path
) -> None:
    warehouse, first_build = tmp_path / "briefings.duckdb", tmp_path / "first-build.duckdb"
    shutil.copyfile(runs.warehouse, first_build)
    shutil.copyfile(first_build, warehouse)
    cache = ChartCache(tmp_path / "cache")
    first = render_report(runs.published, warehouse, cache)
    assert first == render_report(runs.published, warehouse)  # the cache changes no byte
    [entry] = (tmp_path / "cache").iterdir()

    # The same build's figures are not read again: a quote changed behind the report's back
    # (no new meta.build row) does not reach the charts.
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update marts.fct_campaign_outcomes set quote = 'QUOTE OF A NEW BUILD'")
    assert render_report(runs.published, warehouse, cache) == first

    # The next publish has its own meta.build row: its figures are read and charted, and the
    # entry of the build it replaced is gone.
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update meta.build set built_at = built_at + interval 1 second")
    after = render_report(runs.published, warehouse, cache)
    assert "QUOTE OF A NEW BUILD" in after and "QUOTE OF A NEW BUILD" not in first
    assert entry.exists() is False and len(list((tmp_path / "cache").iterdir())) == 1

    # A rollback puts the first build's file back: its own figures are charted again.
    shutil.copyfile(first_build, warehouse)
    assert render_report(runs.published, warehouse, cache) == first

    # A cache folder that cannot be written (here a file is in its place) costs only the time.
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    assert render_report(runs.published, warehouse, ChartCache(blocked)) == first


def test_chart_cache_names_one_build_the_same_in_every_time_zone(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta, timezone

    utc = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
    shanghai = utc.astimezone(timezone(timedelta(hours=8)))
    build = {"run_id": "r1", "input_fingerprint": "f1"}
    cache = ChartCache(tmp_path)
    assert cache.key(build | {"built_at": utc}) == cache.key(build | {"built_at": shanghai})
    assert cache.key(build | {"built_at": utc}) != cache.key(
        build | {"built_at": utc + timedelta(seconds=1)}
    )


# ---------------------------------------------------------------------------------------------
# Headless Chromium


def decode_png(data: bytes) -> tuple[int, int, list[bytes], int]:
    """Width, height, unfiltered rows and bytes per pixel of an 8-bit RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(b"".join(chunks)), width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows, bpp


def _colours(rows: list[bytes], bpp: int) -> Counter:
    counts: Counter = Counter()
    for row in rows:
        counts.update(row[i : i + 3] for i in range(0, len(row), bpp))
    return counts


def screenshot(page: Path, png: Path, profile: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: the report test needs headless Chromium "
            "(Debian: apt-get install -y chromium; or set CHROMIUM=/path/to/chromium)"
        )
    proc = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            f"--window-size={WINDOW[0]},{WINDOW[1]}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and png.exists(), proc.stderr[-2000:]


def test_report_renders_in_headless_chromium_and_the_screenshot_shows_the_charts(
    runs: Runs, tmp_path: Path
) -> None:
    report = tmp_path / "warehouse" / "report.html"
    write_report(report, render_report(runs.published, runs.warehouse))
    png = tmp_path / "report.png"
    screenshot(report, png, tmp_path / "chromium-profile")

    width, height, rows, bpp = decode_png(png.read_bytes())
    assert (width, height) == WINDOW
    colours = _colours(rows, bpp)
    assert len(colours) > 200, "the screenshot is (nearly) blank"
    # The green health banner is at the top of the page, in the first 400 pixel rows.
    banner = bytes.fromhex(BANNER_OK[1:])
    assert _colours(rows[:400], bpp)[banner] > 20_000
    assert colours[bytes.fromhex(BANNER_BAD[1:])] == 0
    # The bars of the charts are in the first screen: thousands of pixels of the bar colour.
    assert colours[bytes.fromhex(LEVEL_FILL[1:])] > 20_000
