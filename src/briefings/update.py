"""Bring raw/ up to date: fetch when online, or use the snapshots already there when offline.

Also discovery of new briefings on the registry's index pages, for the sensor.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from briefings.config import Settings
from briefings.fetch import Fetcher, FetchPolicy
from briefings.ingest import (
    DiscoveredBriefing,
    FetchReport,
    PageOutcome,
    discover,
    fetch_briefing_pages,
    refresh,
)
from briefings.snapshots import SnapshotStore
from briefings.sources import load_registry


@dataclass
class SnapshotReport:
    mode: str  # online | offline
    snapshots: int
    briefings: int
    fetched: int = 0
    unchanged: int = 0
    failed: int = 0
    new_revisions: int = 0
    settled: int = 0  # pages of settled briefings, not asked for (ingest.refresh)
    offline_reason: str | None = None
    failures: list[str] = field(default_factory=list)

    def metadata(self) -> dict:
        data = {k: v for k, v in self.__dict__.items() if k != "failures" and v is not None}
        return data | {"failures": "; ".join(self.failures[:20])}


def terminal_progress(outcome: PageOutcome, report: FetchReport) -> None:
    """One line on the terminal, rewritten per page, so a long fetch shows it is alive.

    sys.__stderr__ is the terminal even while a run's own output goes to its log file.
    """
    stream = sys.__stderr__
    if stream is None or not stream.isatty():
        return
    stream.write(
        f"\rfetching: {report.done} pages ({report.fetched} new or changed, "
        f"{report.unchanged} unchanged, {report.failed} failed) {outcome.url[-60:]:<60}"
    )
    stream.flush()


def update_snapshots(
    settings: Settings,
    *,
    online: bool,
    policy: FetchPolicy | None = None,
    settled_before: date | None = None,
    log: Callable[[str], None] = print,
    progress: Callable[[PageOutcome, FetchReport], None] = terminal_progress,
) -> SnapshotReport:
    store = SnapshotStore(settings.raw_dir)
    registry = load_registry(settings.sources_path, settings.cache_dir)
    fetch_report = None
    reason = None if online else "offline run (use --online to fetch)"
    if online:
        with Fetcher.for_registry(registry, policy=policy) as fetcher:
            fetch_report = refresh(
                registry, store, fetcher, progress=progress, settled_before=settled_before
            )
        reason = fetch_report.offline_reason
    current = store.current()
    report = SnapshotReport(
        mode="online" if online and not reason else "offline",
        snapshots=len(current),
        briefings=len({s.briefing_id for s in current}),
        offline_reason=reason,
    )
    if fetch_report is not None:
        report.fetched = fetch_report.fetched
        report.unchanged = fetch_report.unchanged
        report.failed = fetch_report.failed
        report.new_revisions = fetch_report.new_revisions
        report.settled = fetch_report.settled
        report.failures = [o.error or o.url for o in fetch_report.pages if o.error]
    log(
        f"snapshots: {report.mode}"
        + (f" ({reason})" if reason else "")
        + f"; {report.snapshots} current pages of {report.briefings} briefings"
        + (
            f"; fetched {report.fetched}, unchanged {report.unchanged}, failed {report.failed}"
            + (
                f", {report.settled} pages of settled briefings not asked for"
                if report.settled
                else ""
            )
            if fetch_report is not None
            else ""
        )
    )
    return report


def discover_new_briefings(
    settings: Settings, policy: FetchPolicy | None = None
) -> list[DiscoveredBriefing]:
    """Briefings linked from the index pages that the registry does not list yet."""
    registry = load_registry(settings.sources_path)
    with Fetcher.for_registry(registry, policy=policy) as fetcher:
        return discover(registry, fetcher)


def fetch_new_briefing(
    settings: Settings,
    briefing_id: str,
    found: DiscoveredBriefing,
    policy: FetchPolicy | None = None,
) -> FetchReport:
    """Store every page of one discovered briefing under briefing_id."""
    registry = load_registry(settings.sources_path)
    with Fetcher.for_registry(registry, policy=policy) as fetcher:
        return fetch_briefing_pages(
            SnapshotStore(settings.raw_dir), fetcher, found, briefing_id=briefing_id
        )
