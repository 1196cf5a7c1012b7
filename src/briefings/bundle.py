"""Snapshots -> the rows of every briefing, written as a load bundle (one JSONL file per raw table)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from briefings.briefing import PageInput, assemble, select_pages
from briefings.load import BundleWriter
from briefings.pages import ExtractionCache
from briefings.snapshots import Snapshot, SnapshotStore
from briefings.sources import Registry


class PageError(ValueError):
    """A page that could not be parsed; the message names the briefing, page and URL."""


@dataclass(frozen=True)
class BundleSummary:
    briefings: int
    pages: int
    characters: int
    counts: dict[str, int]
    cache_hits: int
    cache_misses: int
    snapshot_hashes: tuple[str, ...]


def current_pages(store: SnapshotStore, registry: Registry) -> list[Snapshot]:
    """The snapshot each briefing page is built from in this run."""
    return select_pages(store.current(), registry)


def build_bundle(
    store: SnapshotStore, registry: Registry, cache: ExtractionCache, out_dir: Path
) -> BundleSummary:
    """Every current page parsed and extracted (or taken from the cache), assembled per
    briefing and appended to the bundle; one briefing's rows are in memory at a time."""
    selected = current_pages(store, registry)
    by_briefing: dict[str, list[Snapshot]] = defaultdict(list)
    for snap in selected:
        by_briefing[snap.briefing_id].append(snap)
    characters = 0
    with BundleWriter(out_dir) as writer:
        writer.add({"snapshots": [_snapshot_row(s) for s in store.snapshots()]})
        for briefing_id, snaps in sorted(by_briefing.items()):
            pages = []
            for snap in snaps:
                rows = _page_rows(store, cache, snap)
                characters += len(rows["text"])
                pages.append(PageInput(snap, rows))
            writer.add(assemble(briefing_id, pages, registry.briefing(briefing_id)))
    return BundleSummary(
        briefings=len(by_briefing),
        pages=len(selected),
        characters=characters,
        counts=writer.counts,
        cache_hits=cache.hits,
        cache_misses=cache.misses,
        snapshot_hashes=tuple(sorted(s.sha256 for s in selected)),
    )


_SNAPSHOT_COLUMNS = (
    "sha256",
    "briefing_id",
    "page_no",
    "url",
    "media_type",
    "encoding",
    "bytes",
    "fetched_at",
    "origin",
    "revision",
    "status",
)


def _snapshot_row(snap: Snapshot) -> dict:
    return {k: getattr(snap, k) for k in _SNAPSHOT_COLUMNS}


def _page_rows(store: SnapshotStore, cache: ExtractionCache, snap: Snapshot) -> dict:
    try:
        return cache.get_or_build(snap.sha256, lambda: store.read_text(snap), snap.media_type)
    except (ValueError, IndexError, KeyError) as exc:
        raise PageError(
            f"briefing {snap.briefing_id}, page {snap.page_no} ({snap.url}, {snap.path}): {exc}"
        ) from exc
