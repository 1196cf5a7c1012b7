"""Snapshots -> the rows of every briefing, written as a load bundle (one JSONL file per raw table)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from briefings.briefing import PageInput, assemble, select_pages
from briefings.load import write_bundle
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
    snapshots = store.snapshots()
    selected = current_pages(store, registry)
    by_briefing: dict[str, list[PageInput]] = defaultdict(list)
    characters = 0
    for snap in selected:
        try:
            rows = cache.get_or_build(
                snap.sha256, lambda s=snap: store.read_text(s), snap.media_type
            )
        except (ValueError, IndexError, KeyError) as exc:
            raise PageError(
                f"briefing {snap.briefing_id}, page {snap.page_no} ({snap.url}, {snap.path}): {exc}"
            ) from exc
        characters += len(rows["text"])
        by_briefing[snap.briefing_id].append(PageInput(snap, rows))

    tables: dict[str, list[dict]] = defaultdict(list)
    tables["snapshots"] = [
        {
            k: getattr(s, k)
            for k in (
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
        }
        for s in snapshots
    ]
    for briefing_id, pages in sorted(by_briefing.items()):
        for name, rows in assemble(briefing_id, pages, registry.briefing(briefing_id)).items():
            tables[name].extend(rows)
    counts = write_bundle(tables, out_dir)
    return BundleSummary(
        briefings=len(by_briefing),
        pages=len(selected),
        characters=characters,
        counts=counts,
        cache_hits=cache.hits,
        cache_misses=cache.misses,
        snapshot_hashes=tuple(sorted(s.sha256 for s in selected)),
    )
