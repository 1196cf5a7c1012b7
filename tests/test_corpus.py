"""The synthetic corpus of the benchmark: deterministic, in the real formats, with gold that is right.

The last test scores the extractor on pages written from templates it was not tuned on.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.bench import SiteServer
from briefings.bundle import _MIN_BRIEFINGS_PER_WORKER, build_bundle
from briefings.corpus import (
    FORMATS,
    Corpus,
    corpus_digest,
    generate_corpus,
    registry_dict,
    render_count,
    render_money,
    write_site,
)
from briefings.extract import extract_page
from briefings.extract.numbers import SCALES, interval, numeral_value_and_precision
from briefings.fetch import Fetcher, FetchPolicy
from briefings.ingest import refresh
from briefings.load import TABLES, load_bundle
from briefings.pages import ExtractionCache
from briefings.parse import page_text, parse_page
from briefings.snapshots import SnapshotStore
from briefings.sources import parse_registry


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return generate_corpus(60, seed=11)


def test_the_same_seed_gives_the_same_corpus_and_another_seed_another() -> None:
    first, again = generate_corpus(25, seed=5), generate_corpus(25, seed=5)
    assert corpus_digest(first) == corpus_digest(again)
    assert corpus_digest(first) != corpus_digest(generate_corpus(25, seed=6))


def test_a_smaller_corpus_is_the_start_of_a_bigger_one() -> None:
    small, big = generate_corpus(30, seed=2), generate_corpus(90, seed=2)
    # Every briefing but the last (cut to fit 30 pages) is the same page for page.
    whole = [p for p in small.pages if p.briefing_id != small.briefings[-1].id]
    assert whole == big.pages[: len(whole)]


def test_it_writes_exactly_the_pages_asked_for_in_multi_page_briefings(corpus: Corpus) -> None:
    assert len(corpus.pages) == 60
    for briefing in corpus.briefings[:-1]:
        assert 2 <= briefing.pages <= 9
        pages = [p for p in corpus.pages if p.briefing_id == briefing.id]
        assert [p.page_no for p in pages] == list(range(1, briefing.pages + 1))
        assert [p.path for p in pages] == [briefing.page_path(p.page_no) for p in pages]


def test_every_format_it_claims_is_there_with_its_markup(corpus: Corpus) -> None:
    by_format = {p.format: p for p in corpus.pages if p.page_no == 2}
    assert set(by_format) == set(FORMATS)
    text = by_format["text"]
    assert text.media_type == "text/plain"
    assert "China.org.cnUpdated:" in text.content
    assert re.search(r"^<  1  2( +\d+)*  >$", text.content, re.M)  # the pagination footer
    markers = {"scio": 'id="content"', "china_org": 'id="articleBody"', "mobile": 'class="m-con"'}
    for fmt, marker in markers.items():
        page = by_format[fmt]
        assert page.media_type == "text/html" and marker in page.content
        stem = page.path.rpartition("/")[2].removesuffix("_2.htm")
        # The footer links page N as content_<id>_N.htm, as the sites do.
        assert f'href="{stem}_2.htm"' in page.content or "<b>2</b>" in page.content
        assert f'href="{stem}.htm"' in page.content
    assert any("Speakers:" in p.content and "Chairperson:" in p.content for p in corpus.pages)
    assert any(
        p.page_no > 1 and parse_page(p.content, p.media_type).turns[0].label is None
        for p in corpus.pages
    )


def test_gold_offsets_point_at_the_numbers_in_the_normalized_text(corpus: Corpus) -> None:
    figures = 0
    for page in corpus.pages:
        assert page.text == page_text(page.content, page.media_type)
        for f in page.figures:
            assert page.text[f.start : f.end] == f.number, (page.path, f)
            figures += 1
        for n in page.not_figures:
            assert page.text[n.start : n.end] == n.text
    assert figures > 1_000
    phrasing = Counter(f.qualifier for p in corpus.pages for f in p.figures)
    assert {"exact", "more_than", "nearly", "around", "at_least", "up_to"} <= set(phrasing)
    kinds = Counter(f.kind for p in corpus.pages for f in p.figures)
    assert kinds["change"] and kinds["enumeration_count"]
    whys = Counter(n.why for p in corpus.pages for n in p.not_figures)
    assert {"year", "date", "name", "code"} <= set(whys)


def _contains(truth: Decimal, written: str, scale: str | None, qualifier: str) -> bool:
    """Does DESIGN.md's interval for the words as written contain the truth?"""
    value, precision = numeral_value_and_precision(written)
    if scale:
        value, precision = value * SCALES[scale], precision * SCALES[scale]
    low, high, low_open, high_open = interval(value, precision, qualifier)
    above = truth > low if low_open else truth >= low
    below = truth < high if high_open else truth <= high
    return above and below


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=150, max_value=9 * 10**10),
    st.integers(min_value=0, max_value=996),
    st.integers(min_value=0, max_value=2**32),
    st.booleans(),
)
def test_every_rendering_states_an_interval_that_holds_the_truth(
    whole: int, fraction: int, seed: int, money: bool
) -> None:
    """Why restatements never contradict each other (R2): each one contains the truth."""
    import random

    truth = Decimal(whole) + Decimal(fraction) / 997
    rng = random.Random(seed)
    r = render_money(truth, rng, currency="CNY") if money else render_count(truth, rng, exact=False)
    scale = r.suffix.split()[0] if r.suffix.strip().split(" ")[0] in SCALES else None
    assert _contains(truth, r.numeral, scale, r.qualifier), r


def test_the_registry_and_the_served_site_deliver_every_page(tmp_path: Path) -> None:
    small = generate_corpus(8, seed=4)
    site = write_site(
        ((b, [p for p in small.pages if p.briefing_id == b.id]) for b in small.briefings),
        tmp_path / "site",
        gold_path=tmp_path / "gold.jsonl",
    )
    assert site.pages == 8 and (tmp_path / "site" / "index.htm").exists()
    assert len((tmp_path / "gold.jsonl").read_text(encoding="utf-8").splitlines()) == 8
    with SiteServer(site.root) as server:
        registry = parse_registry(registry_dict(site.briefings, server.port))
        assert registry.allowed_hosts == {f"127.0.0.1:{server.port}"}
        store = SnapshotStore(tmp_path / "raw")
        with Fetcher(registry.allowed_hosts, policy=FetchPolicy(politeness_delay=0)) as fetcher:
            first = refresh(registry, store, fetcher)
            again = refresh(registry, store, fetcher)
    assert (first.fetched, first.failed) == (8, 0)
    assert again.unchanged == 8  # the server's ETag turned every second request into a 304
    served = {s.url.rpartition(f":{server.port}/")[2]: store.read_text(s) for s in store.current()}
    assert served == {p.path: p.content for p in small.pages}


def test_extraction_finds_the_generated_figures() -> None:
    """Precision and recall >= 0.98 on pages the extractor was not tuned on.

    On failure the message names the phrasings (generator templates) that were missed and
    the extra figures that were found.
    """
    corpus = generate_corpus(30, seed=0)
    matched = extracted = gold = 0
    misses: Counter[str] = Counter()
    extras: list[str] = []
    wrong: Counter[str] = Counter()
    for page in corpus.pages:
        found = {
            (f.number_start, f.number_end): f
            for f in extract_page(parse_page(page.content, page.media_type)).figures
        }
        expected = {(f.start, f.end): f for f in page.figures}
        gold += len(expected)
        extracted += len(found)
        for key, g in expected.items():
            f = found.get(key)
            if f is None:
                misses[g.template] += 1
                continue
            matched += 1
            if float(f.value) != pytest.approx(g.value) or f.qualifier != g.qualifier:
                wrong[g.template] += 1
        extras += [page.text[f.start : f.end] for key, f in found.items() if key not in expected]
    precision, recall = matched / extracted, matched / gold
    report = f"precision {precision:.4f}, recall {recall:.4f}; missed by phrasing {dict(misses)}; extra {extras[:10]}"
    assert precision >= 0.98 and recall >= 0.98, report
    assert sum(wrong.values()) / matched <= 0.02, (
        f"value or qualifier wrong by phrasing: {dict(wrong)}"
    )


_IN_A_WORD = re.compile(r"[0-9][^\W\d_]|[^\W\d_-][0-9]|[0-9]-|-[0-9]")


def test_generated_non_figures_are_skipped_with_their_reason_or_are_inside_a_word() -> None:
    """What marts.fct_skipped_numbers promises: a numeral standing alone that is no figure is
    listed with the generator's reason; digits inside a word ("COVID-19", "G20", "14th") are
    no numeral to the extractor. None of them becomes a figure."""
    corpus = generate_corpus(30, seed=0)
    standalone = in_word = 0
    for page in corpus.pages:
        extraction = extract_page(parse_page(page.content, page.media_type))
        skipped = {(start, end): why for _, start, end, why in extraction.not_figures}
        numbers = {(f.number_start, f.number_end) for f in extraction.figures}
        for n in page.not_figures:
            assert (n.start, n.end) not in numbers, (page.path, n)
            before, after = page.text[n.start - 1 : n.start], page.text[n.end : n.end + 1]
            around = before + n.text + after
            # The gold is a whole digit run, never the start of a longer one ("COVID-1919").
            assert not before.isdigit() and not after.isdigit(), (page.path, around)
            if _IN_A_WORD.search(around):
                in_word += 1
                assert (n.start, n.end) not in skipped, (page.path, n)
            else:
                standalone += 1
                assert skipped.get((n.start, n.end)) == n.why, (page.path, n, around)
    assert standalone > 100 and in_word > 10


def test_a_bundle_built_by_two_workers_loads_the_same_tables_as_one(tmp_path: Path) -> None:
    corpus = generate_corpus(320, seed=8)
    assert len(corpus.briefings) >= 2 * _MIN_BRIEFINGS_PER_WORKER  # enough for two workers
    site = write_site(
        ((b, [p for p in corpus.pages if p.briefing_id == b.id]) for b in corpus.briefings),
        tmp_path / "site",
        gold_path=tmp_path / "gold.jsonl",
    )
    with SiteServer(site.root) as server:
        registry = parse_registry(registry_dict(site.briefings, server.port))
        store = SnapshotStore(tmp_path / "raw")
        with Fetcher(registry.allowed_hosts, policy=FetchPolicy(politeness_delay=0)) as fetcher:
            assert refresh(registry, store, fetcher).fetched == 320
    tables = {}
    for workers in (1, 2):
        bundle = tmp_path / f"bundle-{workers}"
        summary = build_bundle(
            store, registry, ExtractionCache(tmp_path / f"cache-{workers}"), bundle, workers=workers
        )
        assert summary.cache_misses == 320 and summary.pages == 320
        assert (
            len(list(bundle.glob("figures.*.jsonl"))) == 1 + workers
        )  # snapshots' part + workers'
        db = tmp_path / f"build-{workers}.duckdb"
        assert load_bundle(bundle, db) == summary.counts
        con = duckdb.connect(str(db), read_only=True)
        tables[workers] = {
            name: sorted(con.execute(f"select * from raw.{name}").fetchall(), key=repr)
            for name in TABLES
        }
        con.close()
    assert tables[1]["figures"] and tables[1] == tables[2]
