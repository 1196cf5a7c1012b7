"""Ingestion against a simulated site: refresh, discovery, revisions, failures, imports."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import requests
from sitesim import (
    CHINESE_TEXT,
    TRANSCRIPT,
    Reply,
    Site,
    article_html,
    index_html,
    page,
    publish_article,
    sequence,
    server_error,
)

from briefings.fetch import ConnectFailed, Fetcher, FetchPolicy
from briefings.ingest import (
    FetchReport,
    ImportFileError,
    PageOutcome,
    discover,
    fetch_briefing_pages,
    import_files,
    refresh,
)
from briefings.snapshots import SnapshotStore
from briefings.sources import Registry, RegistryError, parse_registry, parse_registry_text

BRIEFING_ID = "scio-2023-03-14-clean-fields"
DESKTOP = "/pressroom/2023-03/15/"
MOBILE = "/m/pressroom/2023-03/15/"
CONTENT_ID = 90000001
POLICY = FetchPolicy(
    connect_timeout=1.0,
    read_timeout=0.2,
    max_attempts=2,
    backoff_base=0.5,
    politeness_delay=1.0,
    max_bytes=100_000,
)


@pytest.fixture
def store(tmp_path) -> SnapshotStore:
    return SnapshotStore(tmp_path / "raw")


@pytest.fixture
def fetcher(site, fake):
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment: tests talk to 127.0.0.1 only
    with Fetcher(
        [site.host], policy=POLICY, session=session, sleep=fake.sleep, clock=fake.clock
    ) as f:
        yield f


def make_registry(site: Site, pages: int | None = 3, published_on: date | None = None) -> Registry:
    desktop, mobile = (site.url(f"{d}content_{CONTENT_ID}.htm") for d in (DESKTOP, MOBILE))
    return parse_registry(
        {
            "allowed_hosts": [site.host],
            "index_pages": [{"url": site.url("/pressroom/"), "profile": "scio"}],
            "briefings": [
                {
                    "id": BRIEFING_ID,
                    "title": "SCIO press conference on the Clean Fields 2022 campaign",
                    "published_on": published_on,
                    "copies": [
                        {"profile": "scio", "first_page": desktop, "pages": pages},
                        {"profile": "scio", "first_page": mobile, "pages": pages},
                    ],
                }
            ],
        }
    )


@pytest.fixture
def published(site) -> list[str]:
    """The registered briefing, desktop and mobile copies, three pages each."""
    desktop = publish_article(site, DESKTOP, CONTENT_ID)
    mobile = publish_article(site, MOBILE, CONTENT_ID, mobile=True)
    return desktop + mobile


def raw_state(store: SnapshotStore) -> tuple[list[str], dict[str, bytes]]:
    """The manifest's snapshot lines and every page file's bytes."""
    lines = store.manifest_path.read_text(encoding="utf-8").splitlines()
    snapshot_lines = [line for line in lines if json.loads(line)["event"] == "snapshot"]
    files = {p.name: p.read_bytes() for p in sorted((store.root / "pages").iterdir())}
    return snapshot_lines, files


# -- refresh --------------------------------------------------------------------------------
def test_refresh_stores_every_page_of_every_copy(site, published, store, fetcher):
    report = refresh(make_registry(site), store, fetcher)

    assert (report.fetched, report.new_revisions, report.failed) == (6, 6, 0)
    assert [s.url for s in store.snapshots()] == published
    first = store.current()[0]
    assert first.origin == "fetched"
    assert first.status == 200
    assert first.encoding == "utf-8"
    assert set(first.headers) == {"etag", "last-modified", "content-type"}
    assert "more than 3,100 cases" in store.read_text(store.latest_for_url(published[0]))
    assert "Third, we published a list" in store.read_text(store.latest_for_url(published[4]))


def test_second_refresh_gets_304s_and_stores_nothing(site, published, store, fetcher):
    registry = make_registry(site)
    refresh(registry, store, fetcher)
    manifest_before = store.manifest_path.read_bytes()

    report = refresh(registry, store, fetcher)

    assert (report.unchanged, report.fetched, report.new_revisions) == (6, 0, 0)
    assert store.manifest_path.read_bytes() == manifest_before
    for url in published:
        path = url.removeprefix(site.base)
        second_request = site.hits(path)[1]
        assert second_request.headers["if-none-match"] == store.latest_for_url(url).headers["etag"]


def test_changed_page_is_stored_as_a_second_revision_and_both_files_stay(
    site, published, store, fetcher
):
    path = DESKTOP + f"content_{CONTENT_ID}_2.htm"
    old = article_html(f"content_{CONTENT_ID}", 2, 3, TRANSCRIPT[1]).encode()
    corrected = [p.replace("870 cases", "880 cases") for p in TRANSCRIPT[1]]
    new = article_html(f"content_{CONTENT_ID}", 2, 3, corrected).encode()
    site.on(path, sequence(page(old), page(new)))
    registry = make_registry(site)
    refresh(registry, store, fetcher)

    report = refresh(registry, store, fetcher)

    assert (report.fetched, report.new_revisions, report.unchanged) == (1, 1, 5)
    revisions = [s for s in store.snapshots() if s.url == site.url(path)]
    assert [s.revision for s in revisions] == [1, 2]
    assert [store.read_bytes(s) for s in revisions] == [old, new]
    assert all((store.root / s.path).exists() for s in revisions)
    assert store.latest_for_url(site.url(path)).revision == 2
    changed = [o for o in report.pages if o.new_revision]
    assert [o.url for o in changed] == [site.url(path)]


def test_failing_site_leaves_previous_snapshots_untouched(site, published, store, fetcher):
    registry = make_registry(site)
    refresh(registry, store, fetcher)
    before = raw_state(store)
    current_before = store.current()
    for path in site.paths():
        site.on(path, server_error())

    report = refresh(registry, store, fetcher)

    assert (report.failed, report.fetched, report.new_revisions) == (6, 0, 0)
    assert report.offline_reason is None  # the site answered: it is broken, we are not offline
    assert raw_state(store) == before
    assert store.current() == current_before
    failures = store.failures()
    assert [f["url"] for f in failures] == published
    assert all("HTTP 500" in f["error"] for f in failures)


def test_unreachable_site_goes_offline_and_keeps_snapshots(site, published, store, fetcher):
    registry = make_registry(site)
    refresh(registry, store, fetcher)
    before = raw_state(store)
    site.close()  # connection refused from now on

    report = refresh(registry, store, fetcher)

    assert report.offline
    assert report.offline_reason.startswith(published[0] + ": cannot connect")
    assert (report.failed, report.skipped, report.fetched) == (1, 5, 0)
    assert raw_state(store) == before
    assert [f["url"] for f in store.failures()] == [published[0]]


def test_truncated_page_is_refused_and_nothing_stored(site, published, store, fetcher):
    path = DESKTOP + f"content_{CONTENT_ID}_2.htm"
    body = article_html(f"content_{CONTENT_ID}", 2, 3, TRANSCRIPT[1]).encode()
    site.on(path, Reply(200, body, {"Content-Type": "text/html; charset=utf-8"}, send=200))

    report = refresh(make_registry(site), store, fetcher)

    assert (report.fetched, report.failed) == (5, 1)
    assert store.latest_for_url(site.url(path)) is None
    assert len(list((store.root / "pages").iterdir())) == 5
    [failure] = store.failures()
    assert failure["url"] == site.url(path)
    assert "connection closed before the body was complete" in failure["error"]


def test_read_timeout_is_retried_then_reported_as_a_failure_naming_the_url(
    site, published, store, fetcher
):
    path = MOBILE + f"content_{CONTENT_ID}_3.htm"
    body = article_html(f"content_{CONTENT_ID}", 3, 3, TRANSCRIPT[2], mobile=True).encode()
    site.on(path, Reply(200, body, {"Content-Type": "text/html"}, delay=0.5))

    report = refresh(make_registry(site), store, fetcher)

    [failed] = [o for o in report.pages if o.status == "failed"]
    assert failed.url == site.url(path)
    assert failed.error.startswith(site.url(path) + ": no response within 0.2s")
    assert len(site.hits(path)) == POLICY.max_attempts
    assert store.failures()[0]["error"] == failed.error
    assert store.latest_for_url(site.url(path)) is None


def test_registry_without_a_page_count_follows_the_footer(site, published, store, fetcher):
    registry = make_registry(site, pages=None)

    first = refresh(registry, store, fetcher)
    second = refresh(registry, store, fetcher)  # page 1 is a 304: the footer comes from raw/

    assert [o.url for o in first.pages] == published
    assert (first.fetched, second.unchanged) == (6, 6)


def test_progress_is_called_once_per_page_with_running_counts(site, published, store, fetcher):
    calls: list[tuple[str, str, int, int]] = []

    def progress(outcome: PageOutcome, report: FetchReport) -> None:
        calls.append((outcome.url, outcome.status, report.done, report.fetched))

    refresh(make_registry(site), store, fetcher, progress=progress)

    assert calls == [(url, "fetched", n, n) for n, url in enumerate(published, start=1)]


# A briefing published on 15 March 2023 is history 30 days later.
PUBLISHED = date(2023, 3, 15)
SETTLED = date(2023, 4, 14)


def test_a_refresh_asks_nothing_of_a_settled_briefing_it_holds_whole(
    site, published, store, fetcher
):
    registry = make_registry(site, published_on=PUBLISHED)
    refresh(registry, store, fetcher)
    requests_before = len(site.requests)

    report = refresh(registry, store, fetcher, settled_before=SETTLED)

    assert (report.settled, report.done) == (6, 0)
    assert len(site.requests) == requests_before
    # Until it has settled, the briefing is asked for again.
    report = refresh(registry, store, fetcher, settled_before=PUBLISHED)
    assert (report.settled, report.unchanged) == (0, 6)


def test_a_refresh_asks_for_every_page_of_a_settled_briefing_it_does_not_hold_whole(
    site, published, store, fetcher
):
    refresh(make_registry(site, pages=2, published_on=PUBLISHED), store, fetcher)

    report = refresh(
        make_registry(site, pages=3, published_on=PUBLISHED),
        store,
        fetcher,
        settled_before=SETTLED,
    )

    assert (report.settled, report.unchanged, report.fetched) == (0, 4, 2)
    assert {s.url for s in store.current()} == set(published)


def test_a_briefing_without_a_date_never_settles(site, published, store, fetcher):
    registry = make_registry(site)
    refresh(registry, store, fetcher)
    report = refresh(registry, store, fetcher, settled_before=SETTLED)
    assert (report.settled, report.unchanged) == (0, 6)


def test_a_registry_date_that_is_not_a_date_fails_naming_the_entry(site):
    registry = make_registry(site, published_on=PUBLISHED)
    assert registry.briefings[0].published_on == PUBLISHED
    data = {
        "allowed_hosts": [site.host],
        "briefings": [{"id": "b", "published_on": "2023-03-15", "copies": []}],
    }
    assert parse_registry(data).briefings[0].published_on == PUBLISHED  # quoted ISO is fine
    data["briefings"][0]["published_on"] = "15 March"
    with pytest.raises(RegistryError, match=r"briefings\[0\]\.published_on: expected a date"):
        parse_registry(data)


def test_a_registry_read_through_its_cache_is_the_registry_read_from_yaml(tmp_path):
    text = (Path(__file__).parents[1] / "src" / "briefings" / "sources.yaml").read_text()
    path, cache = tmp_path / "sources.yaml", tmp_path / "cache"
    from_yaml = parse_registry_text(text, path)
    first = parse_registry_text(text, path, cache)
    [cached] = cache.glob("registry-*.json")
    second = parse_registry_text(text, path, cache)
    assert first == second == from_yaml
    assert isinstance(second.briefings[0].published_on, date)
    # Another text is another entry, and the one before goes.
    edited = text.replace("title: >-", "title: >-\n      Edited:", 1)
    assert parse_registry_text(edited, path, cache) != from_yaml
    assert [p.name for p in cache.glob("registry-*.json")] != [cached.name]
    assert len(list(cache.glob("registry-*.json"))) == 1
    # A cache folder that cannot be written (here a file is in its place) is only a miss.
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    assert parse_registry_text(text, path, blocked) == from_yaml


# -- discovery ------------------------------------------------------------------------------
NEW_FOLDER = "/pressroom/2023-05/20/"
NEW_ID = 90000777
NEW_TRANSCRIPT = [
    [
        "Shou Xiaoli:",
        "Good afternoon. Today's briefing is on protecting new plant varieties.",
        "Zhao Minghui:",
        "Last year, 1,540 applications for new plant varieties were granted, about 12% more "
        "than the year before.",
    ],
    ["Farmers' Daily:", "How many infringement cases were handled?", "Zhao Minghui:",
     "Courts concluded 317 cases involving new plant varieties."],
    ["Shou Xiaoli:", "This concludes today's briefing. Thank you."],
]  # fmt: skip


def test_discover_finds_a_new_briefing_and_all_its_pages(
    site, other_site, published, store, fetcher
):
    new_urls = publish_article(site, NEW_FOLDER, NEW_ID, NEW_TRANSCRIPT)
    other_site.on("/pressroom/content_1.htm", page(b"<html><body>elsewhere</body></html>"))
    site.on(
        "/pressroom/",
        page(
            index_html(
                [
                    (f"{DESKTOP}content_{CONTENT_ID}.htm", "Clean Fields 2022 (registered)"),
                    (f"{DESKTOP}content_{CONTENT_ID}_2.htm", "its page 2"),
                    (f"{NEW_FOLDER}content_{NEW_ID}.htm", "SCIO briefing on plant varieties"),
                    (f"{NEW_FOLDER}content_{NEW_ID}_3.htm", "3"),
                    (other_site.url("/pressroom/content_1.htm"), "A host not on the list"),
                    ("/about.htm", "About us"),
                ]
            ).encode()
        ),
    )

    found = discover(make_registry(site), fetcher)

    [new] = found
    assert new.first_page == new_urls[0]
    assert new.pages == 3
    assert new.page_urls == new_urls
    assert new.title == "SCIO briefing on plant varieties"
    assert new.error is None
    assert new.suggested_id == f"scio-2023-05-20-{NEW_ID}"
    assert other_site.requests == []
    assert site.hits(f"{DESKTOP}content_{CONTENT_ID}.htm") == []  # registered: not fetched

    report = fetch_briefing_pages(store, fetcher, new)

    assert (report.fetched, report.new_revisions) == (3, 3)
    stored = store.current()
    assert [s.url for s in stored] == new_urls
    assert {s.briefing_id for s in stored} == {new.suggested_id}
    assert "Courts concluded 317 cases" in store.read_text(stored[1])


def test_discover_reports_a_broken_new_briefing_without_hiding_the_others(site, fetcher):
    good = publish_article(site, NEW_FOLDER, NEW_ID, NEW_TRANSCRIPT)
    links = [("/pressroom/2023-06/01/content_404.htm", "Missing"), (good[0], "Plant varieties")]
    site.on("/pressroom/", page(index_html(links).encode()))

    found = {d.title: d for d in discover(make_registry(site), fetcher)}

    assert found["Missing"].pages is None
    assert found["Missing"].error.endswith("content_404.htm: HTTP 404 Not Found")
    assert found["Plant varieties"].pages == 3


def test_discover_when_offline_raises_connect_failed(site, fetcher):
    registry = make_registry(site)
    site.close()

    with pytest.raises(ConnectFailed, match=r"/pressroom/: cannot connect"):
        discover(registry, fetcher)


# -- importing saved files ----------------------------------------------------------------------
ARTICLE_URL = "http://english.scio.gov.cn/pressroom/2023-03/15/content_90000001.htm"


def test_imported_files_become_snapshots_on_consecutive_pages(tmp_path, store):
    html = tmp_path / "page2.htm"
    html.write_text(article_html("content_90000001", 2, 3, TRANSCRIPT[1]), encoding="utf-8")
    text = tmp_path / "page3.txt"
    text.write_text("\n\n".join(TRANSCRIPT[2]), encoding="utf-8")

    snaps = import_files(store, [html, text], BRIEFING_ID, ARTICLE_URL, page=2)

    assert [s.page_no for s in snaps] == [2, 3]
    assert [s.url for s in snaps] == [
        ARTICLE_URL.replace(".htm", "_2.htm"),
        ARTICLE_URL.replace(".htm", "_3.htm"),
    ]
    assert [s.media_type for s in snaps] == ["text/html", "text/plain"]
    assert {s.origin for s in snaps} == {"imported"}
    assert {s.briefing_id for s in snaps} == {BRIEFING_ID}
    assert store.read_bytes(snaps[1]) == text.read_bytes()
    assert store.snapshots() == snaps


def test_import_url_may_name_the_page_itself(tmp_path, store):
    text = tmp_path / "p.txt"
    text.write_text("Shou Xiaoli:\n\nWelcome.", encoding="utf-8")
    page_two = ARTICLE_URL.replace(".htm", "_2.htm")

    [snap] = import_files(store, [text], BRIEFING_ID, page_two, page=2)

    assert snap.url == page_two
    with pytest.raises(ImportFileError, match=r"_2\.htm: this is page 2 .* but --page is 1"):
        import_files(store, [text], BRIEFING_ID, page_two)


def test_importing_the_same_file_again_adds_nothing(tmp_path, store):
    text = tmp_path / "p.txt"
    text.write_text("Shou Xiaoli:\n\nWelcome.", encoding="utf-8")
    [first] = import_files(store, [text], BRIEFING_ID, ARTICLE_URL)
    manifest = store.manifest_path.read_bytes()

    [again] = import_files(store, [text], BRIEFING_ID, ARTICLE_URL)

    assert again == first
    assert store.manifest_path.read_bytes() == manifest


def test_imported_gbk_html_is_decoded_by_its_meta_charset(tmp_path, store):
    path = tmp_path / "zh.html"
    html = article_html("content_5", 1, 1, CHINESE_TEXT.split("\n"), meta_charset="gb2312")
    path.write_bytes(html.encode("gbk"))

    [snap] = import_files(store, [path], "zh-briefing", "http://www.china.org.cn/a/content_5.htm")

    assert snap.encoding == "gb18030"
    assert "镕城县一地就查获假冒化肥120吨" in store.read_text(snap)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"  \n", "file is empty"),
        ("image.htm", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40, "binary content"),
        ("junk.txt", bytes((i * 37 + 11) % 128 + 128 for i in range(600)), "cannot decode"),
        ("report.pdf", b"%PDF-1.4", "unsupported file type"),
        ("missing.txt", None, "no such file"),
    ],
)
def test_bad_import_input_gives_a_one_line_error_naming_the_file(
    tmp_path, store, name, content, message
):
    good = tmp_path / "good.txt"
    good.write_text("Shou Xiaoli:\n\nWelcome.", encoding="utf-8")
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)

    with pytest.raises(ImportFileError) as err:
        import_files(store, [good, bad], BRIEFING_ID, ARTICLE_URL)

    assert str(err.value).startswith(f"{bad}: {message}")
    assert "\n" not in str(err.value)
    assert store.snapshots() == []  # the good file before it was not stored either


def test_import_accepts_str_paths_as_the_cli_passes_them(tmp_path, store):
    text = tmp_path / "p.txt"
    text.write_text("Shou Xiaoli:\n\nWelcome.", encoding="utf-8")

    [snap] = import_files(store, [str(text)], BRIEFING_ID, ARTICLE_URL)

    assert Path(store.root / snap.path).read_bytes() == text.read_bytes()


def test_a_batch_syncs_every_page_file_but_the_manifest_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefings.snapshots as snapshots

    synced: list[str] = []
    real_fsync = snapshots.os.fsync

    def fsync(fd: int) -> None:
        synced.append(Path(f"/proc/self/fd/{fd}").resolve().name)
        real_fsync(fd)

    monkeypatch.setattr(snapshots.os, "fsync", fsync)
    store = SnapshotStore(tmp_path / "raw")
    with store.batch():
        for n in range(3):
            store.put(
                f"page {n}".encode(),
                briefing_id="b",
                page_no=n + 1,
                url=f"http://example.org/{n}",
                media_type="text/plain",
                encoding="utf-8",
                origin="test",
            )
        # Lines are written as they come: another reader sees them before the batch ends.
        assert len(SnapshotStore(tmp_path / "raw").current()) == 3
    assert sum(name.startswith(".") and name.endswith(".tmp") for name in synced) == 3
    assert synced.count("manifest.jsonl") == 1 and synced[-1] == "manifest.jsonl"
