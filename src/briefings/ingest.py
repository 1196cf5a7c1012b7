"""Ingestion: bring briefing pages into the snapshot store.

Plain functions the orchestration layer and the CLI call: `refresh` (re-fetch every
registered page with conditional GET), `discover` (find new briefings on the index pages),
`fetch_briefing_pages` (store a discovered briefing's pages) and `import_files` (saved
pages from disk). The store keeps every revision; a failed fetch never replaces anything.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from briefings.fetch import (
    CharsetError,
    ConnectFailed,
    Fetcher,
    decode_body,
    first_page_of,
    page_count,
    page_links,
    page_number_of,
)
from briefings.snapshots import Snapshot, SnapshotStore
from briefings.sources import Briefing, Copy, Registry

log = logging.getLogger(__name__)

PageStatus = Literal["fetched", "unchanged", "failed", "skipped"]


@dataclass(frozen=True)
class PageOutcome:
    briefing_id: str
    page_no: int
    url: str
    status: PageStatus
    new_revision: bool = False
    snapshot: Snapshot | None = None  # the page as now held (new, or the previous one)
    error: str | None = None


@dataclass
class FetchReport:
    """Counts per page. Each page asked for is exactly one of fetched (a body arrived),
    unchanged (304), failed or skipped (not tried because we are offline). new_revisions counts
    the fetched pages whose content differed from the snapshot already held."""

    fetched: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    new_revisions: int = 0
    settled: int = 0  # held pages of settled briefings: not asked for, so not in `pages`
    offline_reason: str | None = None
    pages: list[PageOutcome] = field(default_factory=list)

    @property
    def offline(self) -> bool:
        return self.offline_reason is not None

    @property
    def done(self) -> int:
        return len(self.pages)

    def add(self, outcome: PageOutcome) -> None:
        self.pages.append(outcome)
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        self.new_revisions += outcome.new_revision

    def summary(self) -> str:
        text = (
            f"{self.done} pages: {self.fetched} fetched ({self.new_revisions} new revisions), "
            f"{self.unchanged} unchanged, {self.failed} failed, {self.skipped} skipped"
            + (f"; {self.settled} pages of settled briefings not asked for" if self.settled else "")
        )
        return f"{text}; offline: {self.offline_reason}" if self.offline else text


Progress = Callable[[PageOutcome, FetchReport], None]


# -- fetching pages -------------------------------------------------------------------------
def _fetch_page(
    store: SnapshotStore,
    fetcher: Fetcher,
    briefing_id: str,
    page_no: int,
    url: str,
    report: FetchReport,
) -> PageOutcome:
    if report.offline:
        return PageOutcome(briefing_id, page_no, url, "skipped", error=report.offline_reason)
    previous = store.latest_for_url(url)
    result = fetcher.fetch(url, previous_headers=previous.headers if previous else None)
    if result.status == "failed":
        error = str(result.error)
        store.record_failure(url=url, briefing_id=briefing_id, page_no=page_no, error=error)
        # Only the very first request decides "offline": later connection errors are one
        # site's trouble, and the other pages are still worth trying.
        if isinstance(result.error, ConnectFailed) and not report.pages:
            report.offline_reason = error
        return PageOutcome(briefing_id, page_no, url, "failed", snapshot=previous, error=error)
    if result.status == "unchanged":
        return PageOutcome(briefing_id, page_no, url, "unchanged", snapshot=previous)
    assert result.content is not None and result.media_type and result.encoding
    snapshot, is_new = store.put(
        result.content,
        briefing_id=briefing_id,
        page_no=page_no,
        url=url,
        media_type=result.media_type,
        encoding=result.encoding,
        origin="fetched",
        status=result.http_status,
        headers=result.headers,
    )
    return PageOutcome(briefing_id, page_no, url, "fetched", new_revision=is_new, snapshot=snapshot)


def _pages_from_footer(store: SnapshotStore, first: PageOutcome) -> int:
    """Page count of an article whose registry entry does not say, from the page-1 we hold."""
    snapshot = first.snapshot
    if snapshot is None or snapshot.media_type != "text/html":
        return 1
    return page_count(store.read_text(snapshot), snapshot.url)


def _fetch_copy(
    store: SnapshotStore,
    fetcher: Fetcher,
    briefing_id: str,
    copy: Copy,
    report: FetchReport,
    progress: Progress | None,
) -> None:
    def one(page_no: int) -> PageOutcome:
        outcome = _fetch_page(store, fetcher, briefing_id, page_no, copy.page_url(page_no), report)
        report.add(outcome)
        if progress is not None:
            progress(outcome, report)
        return outcome

    first = one(1)
    pages = copy.pages if copy.pages is not None else _pages_from_footer(store, first)
    for page_no in range(2, pages + 1):
        one(page_no)


def _held_pages(store: SnapshotStore, copy: Copy) -> int | None:
    """How many pages of a copy raw/ holds, or None if any page is missing (a copy whose page
    count the registry leaves open takes it from the footer of the page 1 held)."""
    first = store.latest_for_url(copy.first_page)
    if first is None:
        return None
    pages = copy.pages if copy.pages is not None else _pages_from_footer(store, first)
    rest = [copy.page_url(n) for n in range(2, pages + 1)]
    return pages if store.holds_all(rest) else None


def settled_pages(store: SnapshotStore, briefing: Briefing, settled_before: date) -> int | None:
    """The page count of a briefing that is history: published (or, lacking that, held) before
    `settled_before`, with every page of every copy in raw/. None for any other briefing."""
    day = briefing.published_on or briefing.held_on
    if day is None or day >= settled_before:
        return None
    total = 0
    for copy in briefing.copies:
        held = _held_pages(store, copy)
        if held is None:
            return None
        total += held
    return total


def refresh(
    registry: Registry,
    store: SnapshotStore,
    fetcher: Fetcher,
    progress: Progress | None = None,
    *,
    settled_before: date | None = None,
) -> FetchReport:
    """Fetch every page of every copy of every registered briefing, conditionally.

    A changed page becomes a new snapshot revision; an unchanged one costs a 304; a failing
    one is recorded in the manifest and the last good snapshot stays current. If the first
    request cannot connect at all, the report says offline and the rest is skipped, so the
    caller can go on with the snapshots it has.

    With `settled_before`, briefings that are history by then (`settled_pages`) are not asked
    for: a transcript is corrected, if ever, in the days after it is published, and asking
    again for years of pages would take hours at a polite pace. A page never fetched is always
    asked for.
    """
    report = FetchReport()
    with store.batch():
        for briefing in registry.briefings:
            if settled_before is not None:
                settled = settled_pages(store, briefing, settled_before)
                if settled is not None:
                    report.settled += settled
                    continue
            for copy in briefing.copies:
                _fetch_copy(store, fetcher, briefing.id, copy, report, progress)
    return report


# -- discovery ------------------------------------------------------------------------------
_ARTICLE = re.compile(r"/content_\d+(?:_\d+)?\.s?html?$", re.I)
_DATED = re.compile(r"/(\d{4})-(\d{2})/(\d{2})/content_(\d+)")


@dataclass(frozen=True)
class DiscoveredBriefing:
    first_page: str
    title: str
    index_url: str
    profile: str
    pages: int | None = None  # None when the first page could not be fetched
    error: str | None = None

    def as_copy(self) -> Copy:
        return Copy(profile=self.profile, first_page=self.first_page, pages=self.pages)

    @property
    def page_urls(self) -> list[str]:
        return self.as_copy().page_urls()

    @property
    def suggested_id(self) -> str:
        """A registry id from the URL: `<profile>-<yyyy>-<mm>-<dd>-<content number>`."""
        prefix = self.profile.replace("_", "-")
        match = _DATED.search(urlsplit(self.first_page).path)
        if match:
            return f"{prefix}-{'-'.join(match.groups())}"
        return f"{prefix}-{hashlib.sha256(self.first_page.encode()).hexdigest()[:12]}"


def _url_key(url: str) -> tuple[str, str]:
    """Scheme-blind identity: index pages mix http and https links to the same article."""
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.path


def _known_pages(registry: Registry) -> set[tuple[str, str]]:
    return {
        _url_key(url)
        for briefing in registry.briefings
        for copy in briefing.copies
        for url in copy.page_urls()
    }


def article_links(html: str, base_url: str) -> list[tuple[str, str]]:
    """(first-page URL, link text) of every article an index page links to, once each."""
    seen: dict[str, str] = {}
    for url, text in page_links(html, base_url):
        if not _ARTICLE.search(urlsplit(url).path):
            continue
        first = first_page_of(url)
        if not seen.get(first):  # the first link with words in it names the article
            seen[first] = text
    return list(seen.items())


def _html_title(html: str) -> str:
    node = HTMLParser(html).css_first("title")
    return " ".join(node.text().split()) if node is not None else ""


def discover(registry: Registry, fetcher: Fetcher) -> list[DiscoveredBriefing]:
    """Briefings linked from the registry's index pages that the registry does not list.

    Each one's first page is fetched to count its pages from the footer. Links to hosts
    outside the allow-list are dropped without a request. A failing index page raises
    FetchError (ConnectFailed when offline); a failing first page is returned with `error`
    set, so one broken link does not hide the other new briefings.
    """
    known = _known_pages(registry)
    candidates: dict[str, tuple[str, str, str]] = {}
    for index in registry.index_pages:
        page = fetcher.get(index.url)
        if page.media_type != "text/html" or page.text is None:
            continue
        for first, text in article_links(page.text, page.final_url or index.url):
            if _url_key(first) in known or first in candidates:
                continue
            if not fetcher.host_allowed(first):
                log.info("%s: not following %s (host not allowed)", index.url, first)
                continue
            candidates[first] = (text, index.url, index.profile)
    found = []
    for first, (text, index_url, profile) in candidates.items():
        result = fetcher.fetch(first)
        if result.status == "failed":
            found.append(
                DiscoveredBriefing(first, text, index_url, profile, error=str(result.error))
            )
            continue
        html = result.text if result.media_type == "text/html" else None
        pages = page_count(html, first) if html else 1
        title = text or (_html_title(html) if html else "")
        found.append(DiscoveredBriefing(first, title, index_url, profile, pages=pages))
    return found


def fetch_briefing_pages(
    store: SnapshotStore,
    fetcher: Fetcher,
    found: DiscoveredBriefing,
    briefing_id: str | None = None,
    progress: Progress | None = None,
) -> FetchReport:
    """Store every page of a discovered briefing (under its suggested id unless given one)."""
    report = FetchReport()
    copy = found.as_copy()
    _fetch_copy(store, fetcher, briefing_id or found.suggested_id, copy, report, progress)
    return report


# -- importing saved files --------------------------------------------------------------------
class ImportFileError(ValueError):
    """A file given to `briefings add` cannot become a snapshot. One line, naming the file."""


_MEDIA_BY_SUFFIX = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain"}


def _import_base(url: str, start: int) -> str:
    """The first-page URL the imported pages hang off (the --url may name page `start`)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImportFileError(f"{url}: --url must be an http(s) URL of the published page")
    numbered = page_number_of(url)
    if numbered == 1:
        return url
    if numbered != start:
        raise ImportFileError(
            f"{url}: this is page {numbered} of its article, but --page is {start}"
        )
    return first_page_of(url)


def _read_page_file(path: Path) -> tuple[bytes, str, str]:
    """(bytes, media type, encoding) of a saved page, or ImportFileError."""
    media_type = _MEDIA_BY_SUFFIX.get(path.suffix.lower())
    if media_type is None:
        raise ImportFileError(f"{path}: unsupported file type (expected .html, .htm or .txt)")
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportFileError(f"{path}: no such file") from exc
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read ({exc.strerror})") from exc
    if not data.strip():
        raise ImportFileError(f"{path}: file is empty")
    try:
        _, encoding, _ = decode_body(data, html=media_type == "text/html")
    except CharsetError as exc:
        raise ImportFileError(f"{path}: {exc}") from exc
    return data, media_type, encoding


def import_files(
    store: SnapshotStore,
    files: Iterable[Path | str],
    briefing_id: str,
    url: str,
    page: int | None = None,
) -> list[Snapshot]:
    """Saved .html/.htm/.txt pages become snapshots with origin "imported".

    Files get pages N, N+1, ... (N = `page`, default 1) and the URLs sources.Copy.page_url
    gives for them; `url` is the article's first page, or page N itself. Every file is
    checked before any is stored, so bad input stores nothing. Importing the same content
    again returns the existing snapshot.
    """
    paths = [Path(f) for f in files]
    if not paths:
        raise ImportFileError("no files given")
    start = 1 if page is None else page
    if start < 1:
        raise ImportFileError(f"--page must be 1 or more, got {start}")
    copy = Copy(profile="text", first_page=_import_base(url, start))
    prepared = [_read_page_file(path) for path in paths]
    snapshots = []
    for offset, (data, media_type, encoding) in enumerate(prepared):
        page_no = start + offset
        snapshot, _ = store.put(
            data,
            briefing_id=briefing_id,
            page_no=page_no,
            url=copy.page_url(page_no),
            media_type=media_type,
            encoding=encoding,
            origin="imported",
        )
        snapshots.append(snapshot)
    return snapshots
