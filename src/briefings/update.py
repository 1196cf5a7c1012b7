"""Bring raw/ up to date: fetch when online, or use the snapshots already there when offline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from briefings.config import Settings
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
    offline_reason: str | None = None
    failures: list[str] = field(default_factory=list)

    def metadata(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "failures" and v is not None} | {
            "failures": "; ".join(self.failures[:20])
        }


def update_snapshots(
    settings: Settings, *, online: bool, log: Callable[[str], None] = print
) -> SnapshotReport:
    store = SnapshotStore(settings.raw_dir)
    registry = load_registry(settings.sources_path)
    fetch_report = None
    reason = None if online else "offline run (use --online to fetch)"
    if online:
        from briefings.fetch import Fetcher
        from briefings.ingest import refresh

        with Fetcher.for_registry(registry) as fetcher:
            fetch_report = refresh(registry, store, fetcher)
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
        report.failures = [str(f) for f in fetch_report.failures]
    log(
        f"snapshots: {report.mode}"
        + (f" ({reason})" if reason else "")
        + f"; {report.snapshots} current pages of {report.briefings} briefings"
    )
    return report
