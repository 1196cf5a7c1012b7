"""Is there anything to build? The inputs of a build against those the published warehouse
was built from.

Asked by the figures asset (to skip extraction, dbt and publishing) and by the sensor that
starts a build when raw/, the registry or the code change, every minute: it reads the
snapshot manifest, the registry and one row of the published file, and parses no page.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefings.bundle import current_pages
from briefings.config import Settings
from briefings.publish import published_meta
from briefings.runs import input_fingerprint
from briefings.snapshots import SnapshotStore
from briefings.sources import Registry, load_registry


@dataclass(frozen=True)
class InputState:
    fingerprint: str
    published: dict | None  # meta.build of the published warehouse

    @property
    def unchanged(self) -> bool:
        return (
            self.published is not None
            and self.published.get("input_fingerprint") == self.fingerprint
        )

    @property
    def published_run_id(self) -> str | None:
        return self.published.get("run_id") if self.published else None


def input_state(
    settings: Settings,
    store: SnapshotStore | None = None,
    registry: Registry | None = None,
) -> InputState:
    """The fingerprint of what a build now would read, and what the published one read."""
    registry_text = settings.sources_path.read_text(encoding="utf-8")
    registry = registry or load_registry(settings.sources_path)
    store = store or SnapshotStore(settings.raw_dir)
    hashes = [s.sha256 for s in current_pages(store, registry)]
    return InputState(
        fingerprint=input_fingerprint(hashes, registry_text),
        published=published_meta(settings.warehouse_path),
    )
