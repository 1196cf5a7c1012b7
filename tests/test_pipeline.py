"""The vertical slice: shipped raw/ snapshots -> published, tested warehouse, through the real job."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import TRANSCRIPTS, AddPage, query
from pipeline import run_job

MARTS = (
    "fct_figures",
    "fct_campaign_outcomes",
    "fct_judicial_outcomes",
    "fct_enumerations",
    "fct_skipped_numbers",
    "dim_briefing",
    "dim_campaign",
    "dim_speaker",
    "dim_measure",
    "dim_institution",
)


def _published(workdir: Path) -> Path:
    return workdir / "warehouse" / "briefings.duckdb"


def test_job_publishes_the_seed_briefing_with_its_figures(shipped_raw: Path) -> None:
    result = run_job()
    assert result.success
    db = _published(shipped_raw)
    tables = {
        r[0]
        for r in query(db, "select table_name from duckdb_tables() where schema_name = 'marts'")
    }
    assert set(MARTS) <= tables
    # Only what consumers need is published: build-only schemas are gone.
    schemas = {r[0] for r in query(db, "select distinct schema_name from duckdb_tables()")}
    assert schemas == {"marts", "audit", "meta"} or schemas == {"marts", "meta"}

    sword_net = query(
        db,
        "select value, measure, period_year from marts.fct_campaign_outcomes "
        "where campaign = 'Sword Net 2020' and measure = 'websites_closed'",
    )
    assert sword_net == [(2884.0, "websites_closed", 2020)]

    shipments = query(
        db,
        "select campaign, value, is_shared_with_other_campaigns from "
        "marts.fct_campaign_outcomes where measure = 'shipments_seized' order by campaign",
    )
    assert shipments == [
        ("Blue Net", 62000.0, True),
        ("Clean Net", 62000.0, True),
        ("Longteng", 62000.0, True),
    ]

    courts = query(
        db,
        "select figure_id, value, value_low, value_high from marts.fct_judicial_outcomes "
        "where institution = 'courts' and measure = 'first_instance_cases_concluded' "
        "and figure_kind = 'level'",
    )
    assert [(v, lo, hi) for _, v, lo, hi in courts] == [(466000.0, 465500.0, 466500.0)]
    change = query(
        db,
        "select value, change_direction, unit_kind from marts.fct_figures "
        "where refers_to_figure_id = ?",
        [courts[0][0]],
    )
    assert change == [(11.7, "increase", "percent")]

    briefing = query(
        db,
        "select briefing_title, held_on::varchar, published_on::varchar, report_year "
        "from marts.dim_briefing",
    )
    assert briefing == [
        (
            "SCIO briefing on Report on the Latest Development of IPR Protection and "
            "Business Environment in China (2020)",
            "2021-04-26",
            "2021-04-30",
            2020,
        )
    ]


def test_every_figure_points_at_the_words_it_came_from(shipped_raw: Path) -> None:
    assert run_job().success
    db = _published(shipped_raw)
    page_text = (shipped_raw / "raw" / "pages").glob("*.txt")
    text = next(page_text).read_text(encoding="utf-8")
    rows = query(db, "select char_start, char_end, as_written, quote from marts.fct_figures")
    assert rows
    for start, end, as_written, quote in rows:
        assert text[start:end] == as_written
        assert as_written in quote and quote in text


def test_running_again_is_cheap_and_the_warehouse_is_a_function_of_raw(shipped_raw: Path) -> None:
    def snapshot_of_marts() -> str:
        digest = hashlib.sha256()
        for table in MARTS:
            for row in query(_published(shipped_raw), f"select * from marts.{table} order by all"):
                digest.update(repr(row).encode())
        return digest.hexdigest()

    assert run_job().success
    first = snapshot_of_marts()
    published_bytes = _published(shipped_raw).read_bytes()

    # Nothing new: the run skips extraction, dbt and publish, and leaves the file untouched.
    second = run_job()
    assert second.success
    skipped = {e.step_key for e in second.all_events if e.event_type_value == "STEP_SKIPPED"}
    assert {"raw_tables", "published_warehouse"} <= skipped
    assert _published(shipped_raw).read_bytes() == published_bytes

    # Deleting the warehouse and its caches and running again gives the same tables.
    shutil.rmtree(shipped_raw / "warehouse")
    assert run_job().success
    assert snapshot_of_marts() == first


def test_extraction_is_cached_per_snapshot_and_extractor_version(
    shipped_raw: Path, add_page: AddPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefings.pages
    from briefings.bundle import BundleSummary, build_bundle
    from briefings.config import settings
    from briefings.pages import ExtractionCache
    from briefings.snapshots import SnapshotStore
    from briefings.sources import load_registry

    s = settings()
    registry, cache_dir = load_registry(s.sources_path), tmp_path / "cache"

    def build(name: str) -> tuple[BundleSummary, dict[str, bytes]]:
        bundle = tmp_path / name
        summary = build_bundle(
            SnapshotStore(s.raw_dir), registry, ExtractionCache(cache_dir), bundle, workers=1
        )
        return summary, {p.name: p.read_bytes() for p in bundle.iterdir()}

    first, first_files = build("first")
    assert (first.cache_hits, first.cache_misses) == (0, first.pages) and first.pages > 0
    again, again_files = build("again")
    assert (again.cache_hits, again.cache_misses) == (first.pages, 0)
    assert again_files == first_files  # rows from the cache are the rows extracted

    # A new page is extracted; the pages already seen are not.
    add_page(TRANSCRIPTS / "t1_text_scio.txt", "fixture-t1-text")
    grown, _ = build("grown")
    assert (grown.cache_hits, grown.cache_misses) == (first.pages, 1)

    # A new extractor extracts every page again; the old version's entries go, other caches stay.
    (cache_dir / "registry-kept.json").write_text("{}")
    (cache_dir / "not-a-version").mkdir()
    monkeypatch.setattr(briefings.pages, "extractor_version", lambda: "2026.12.01-1-0123456789")
    upgraded, _ = build("upgraded")
    assert (upgraded.cache_hits, upgraded.cache_misses) == (0, first.pages + 1)
    assert sorted(p.name for p in cache_dir.iterdir()) == [
        "2026.12.01-1-0123456789",
        "not-a-version",
        "registry-kept.json",
    ]

    # A version a worker process used (its code changed on disk as it started) is kept too.
    worker_version = cache_dir / "2026.11.30-2-abcdefabcd"
    worker_version.mkdir()
    ExtractionCache(cache_dir).prune(keep={worker_version.name})
    assert worker_version.is_dir()


def test_ranges_inline_lists_and_ratios_publish_as_said(
    shipped_raw: Path, add_page: AddPage
) -> None:
    """Three transcripts written to probe phrasings (tests/gold/t8-t10 hold their hand-made
    gold): a consistent page with an inline list, ranges and ratios passes every blocking test,
    and the marts keep what was said."""
    for name in ("t8_sword_net_lists.txt", "t9_courts_ranges.txt", "t10_customs_ratios.txt"):
        add_page(TRANSCRIPTS / name, "fixture-" + name.split("_")[0])
    result = run_job()
    assert result.success
    db = _published(shipped_raw)

    ranges = query(
        db,
        "select as_written, qualifier, value, value_low, value_high from marts.fct_figures "
        "where qualifier = 'range' order by char_start",
    )
    assert sorted(ranges) == [
        ("300-400", "range", 300.0, 300.0, 400.0),
        ("70-75 percent", "range", 70.0, 70.0, 75.0),
        ("Between 300 and 400", "range", 300.0, 300.0, 400.0),
    ]
    lists = query(
        db,
        "select stated_count, items_found_count from marts.fct_enumerations "
        "where briefing_id = 'fixture-t8' order by stated_count",
    )
    assert lists == [(3, 3), (4, 4)]
    ratios = query(
        db,
        "select number_text from marts.fct_skipped_numbers where skip_reason = 'ratio' "
        "order by number_text",
    )
    assert ratios == [("10,000",), ("five",), ("two",)]
    carried = query(
        db,
        "select campaign from marts.fct_campaign_outcomes where as_written = '846,700'",
    )
    assert carried == [("Sword Net 2021",)]
