"""Is there anything to build? The inputs of a build against those the published warehouse
was built from.

Asked by the figures asset (to skip extraction, dbt and publishing) and by the sensor that
starts a build when raw/, the registry or the code change, every minute: it reads the
snapshot manifest, the registry and one row of the published file, and parses no page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from briefings.bundle import current_pages
from briefings.config import Settings
from briefings.publish import published_meta
from briefings.runs import input_fingerprint
from briefings.snapshots import SnapshotStore
from briefings.sources import Registry, parse_registry_text


@dataclass(frozen=True)
class InputState:
    fingerprint: str
    published: dict | None  # meta.build of the published warehouse
    registry: Registry  # the registry the fingerprint was taken of

    @property
    def unchanged(self) -> bool:
        return (
            self.published is not None
            and self.published.get("input_fingerprint") == self.fingerprint
        )

    @property
    def published_run_id(self) -> str | None:
        return self.published.get("run_id") if self.published else None


def input_state(settings: Settings, store: SnapshotStore | None = None) -> InputState:
    """The fingerprint of what a build now would read, and what the published one read.

    In a long-lived process (the code server the daemon asks each minute) the registry, the
    snapshot index and the published meta are kept between calls and read again only when
    their files change: a quiet tick then costs a few stat calls and one hash.
    """
    registry_text = settings.sources_path.read_text(encoding="utf-8")
    registry = _registry(registry_text, settings.sources_path, settings.cache_dir)
    store = store or _store(settings.raw_dir)
    hashes = [s.sha256 for s in current_pages(store, registry)]
    return InputState(
        fingerprint=input_fingerprint(hashes, registry_text),
        published=_published(settings.warehouse_path),
        registry=registry,
    )


@functools.lru_cache(maxsize=4)
def _registry(text: str, path: Path, cache_dir: Path) -> Registry:
    return parse_registry_text(text, path, cache_dir)


_stores: dict[Path, SnapshotStore] = {}


def _store(raw_dir: Path) -> SnapshotStore:
    """One store per folder: its index reads only the manifest lines appended since."""
    return _stores.setdefault(raw_dir, SnapshotStore(raw_dir))


def _published(path: Path) -> dict | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    # Publishing replaces the file (os.replace): a new inode, so a new key.
    return _published_meta(path, stat.st_ino, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _published_meta(path: Path, inode: int, mtime_ns: int, size: int) -> dict | None:
    return published_meta(path)
