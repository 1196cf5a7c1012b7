"""Snapshots -> the rows of every briefing, written as a load bundle (one JSONL file per raw table)."""

from __future__ import annotations

import multiprocessing
import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
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
    store: SnapshotStore,
    registry: Registry,
    cache: ExtractionCache,
    out_dir: Path,
    *,
    workers: int | None = None,
) -> BundleSummary:
    """Every current page parsed and extracted (or taken from the cache), assembled per
    briefing and appended to the bundle; one briefing's rows are in memory at a time.

    A backfill spreads the briefings over worker processes (extraction is pure Python and
    holds the GIL), each writing its own part of the bundle; a few briefings stay in this
    process, where starting workers would cost more than it saves.
    """
    selected = current_pages(store, registry)
    by_briefing: dict[str, list[Snapshot]] = defaultdict(list)
    for snap in selected:
        by_briefing[snap.briefing_id].append(snap)
    briefings = sorted(by_briefing.items())
    workers = max(1, min(workers or extract_workers(), len(briefings) // _MIN_BRIEFINGS_PER_WORKER))
    jobs = [
        _PartJob(store.root, registry, cache.base, briefings[i::workers], out_dir, f"{i + 1:03d}")
        for i in range(workers)
    ]
    with BundleWriter(out_dir, part="000") as writer:
        writer.add({"snapshots": [_snapshot_row(s) for s in store.snapshots()]})
    if workers == 1:
        parts = [_run_part(jobs[0])]
    else:
        context = multiprocessing.get_context("spawn")  # never fork a threaded Dagster process
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            parts = list(pool.map(_run_part, jobs))
    cache.prune(keep={part.cache_version for part in parts})
    counts = dict(writer.counts)
    for part in parts:
        for name, n in part.counts.items():
            counts[name] += n
    return BundleSummary(
        briefings=len(by_briefing),
        pages=len(selected),
        characters=sum(p.characters for p in parts),
        counts=counts,
        cache_hits=sum(p.cache_hits for p in parts),
        cache_misses=sum(p.cache_misses for p in parts),
        snapshot_hashes=tuple(sorted(s.sha256 for s in selected)),
    )


# Below this many briefings per worker, the workers' start-up (about 0.5 s) outweighs them.
_MIN_BRIEFINGS_PER_WORKER = 25


def extract_workers() -> int:
    """Worker processes for a backfill: BRIEFINGS_WORKERS, else the cores this process may use."""
    value = os.environ.get("BRIEFINGS_WORKERS")
    return max(1, int(value)) if value else len(os.sched_getaffinity(0))


@dataclass(frozen=True)
class _PartJob:
    raw_dir: Path
    registry: Registry
    cache_dir: Path
    briefings: list[tuple[str, list[Snapshot]]]
    out_dir: Path
    part: str


@dataclass(frozen=True)
class _PartResult:
    counts: dict[str, int]
    characters: int
    cache_hits: int
    cache_misses: int
    cache_version: str


def _run_part(job: _PartJob) -> _PartResult:
    """One part of the bundle: in this process, or in a worker."""
    store, cache = SnapshotStore(job.raw_dir), ExtractionCache(job.cache_dir)
    characters = 0
    with BundleWriter(job.out_dir, part=job.part) as writer:
        for briefing_id, snaps in job.briefings:
            pages = []
            for snap in snaps:
                rows = _page_rows(store, cache, snap)
                characters += len(rows["text"])
                pages.append(PageInput(snap, rows))
            writer.add(assemble(briefing_id, pages, job.registry.briefing(briefing_id)))
    return _PartResult(dict(writer.counts), characters, cache.hits, cache.misses, cache.version)


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
