"""The snapshot store: immutable, content-addressed page files under raw/ plus an append-only manifest.

A page whose content changes is a new revision: both files and both manifest lines stay.
Nothing here knows HTTP; the fetcher and the importer hand bytes and provenance in.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import orjson

from briefings.files import atomic_write

MANIFEST = "manifest.jsonl"
PAGES_DIR = "pages"
_EXTENSIONS = {"text/html": "html", "text/plain": "txt"}


class SnapshotError(ValueError):
    """A snapshot or manifest line that cannot be trusted; the message names file and line."""


@dataclass(frozen=True)
class Snapshot:
    sha256: str
    briefing_id: str
    page_no: int
    url: str
    media_type: str
    encoding: str
    bytes: int
    fetched_at: str
    origin: str  # shipped | fetched | imported
    path: str  # relative to the store root
    revision: int = 1
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.briefing_id, self.url)


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class _Index:
    """What the manifest says so far, read incrementally: a store's reads and writes cost
    O(new lines), not O(manifest), so fetching 10,000 pages is linear."""

    def __init__(self) -> None:
        self.offset = 0  # bytes of the manifest read so far
        self.lineno = 0
        self.identity: tuple[int, int] | None = None  # (device, inode) of the file read
        self.snapshots: list[Snapshot] = []
        # The latest revision per (briefing, url), which carries its revision number: no list
        # per key, as every tracked object made here is one a scheduled run's collector walks.
        self.latest_by_key: dict[tuple[str, str], Snapshot] = {}
        self.latest_by_url: dict[str, Snapshot] = {}
        self.failures: list[dict] = []


class SnapshotStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.manifest_path = self.root / MANIFEST
        self._index = _Index()
        self._batching = 0

    # -- reading -------------------------------------------------------------------------
    def _read(self) -> _Index:
        """The index, brought up to date with lines appended since the last read (by this or
        another process). A manifest replaced by another file is read again from the start."""
        index = self._index
        try:
            stat = self.manifest_path.stat()
        except FileNotFoundError:
            self._index = _Index()
            return self._index
        if index.identity not in (None, (stat.st_dev, stat.st_ino)) or stat.st_size < index.offset:
            index = self._index = _Index()
        if stat.st_size == index.offset:
            return index
        with self.manifest_path.open("rb") as handle:
            handle.seek(index.offset)
            data = handle.read()
        complete = data[: data.rfind(b"\n") + 1]  # a line still being written waits
        for raw in complete.splitlines():
            index.lineno += 1
            if raw.strip():
                self._apply(index, raw)
        index.offset += len(complete)
        index.identity = (stat.st_dev, stat.st_ino)
        return index

    def _apply(self, index: _Index, raw: bytes) -> None:
        where = f"{self.manifest_path}, line {index.lineno}"
        try:
            entry = orjson.loads(raw)
        except (orjson.JSONDecodeError, UnicodeDecodeError) as exc:
            raise SnapshotError(f"{where}: not valid JSON ({exc})") from exc
        if not isinstance(entry, dict) or "event" not in entry:
            raise SnapshotError(f"{where}: no 'event' field")
        event = entry.pop("event")
        if event == "snapshot":
            try:
                snap = Snapshot(**entry)
            except TypeError as exc:
                raise SnapshotError(f"{where}: {exc}") from exc
            index.snapshots.append(snap)
            index.latest_by_key[snap.key] = snap
            index.latest_by_url[snap.url] = snap
        elif event == "validators":
            latest = index.latest_by_url.get(entry.get("url", ""))
            if latest is not None and latest.sha256 == entry.get("sha256"):
                index.latest_by_url[latest.url] = replace(latest, headers=dict(entry["headers"]))
        elif event == "fetch_failed":
            index.failures.append({"event": event, **entry})
        else:
            raise SnapshotError(f"{where}: unknown event {event!r}")

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot ever stored, in manifest order."""
        return list(self._read().snapshots)

    def failures(self) -> list[dict]:
        return list(self._read().failures)

    def current(self) -> list[Snapshot]:
        """The latest revision of every (briefing, url), ordered by briefing and page."""
        latest = self._read().latest_by_key.values()
        return sorted(latest, key=lambda s: (s.briefing_id, s.page_no, s.url))

    def latest_for_url(self, url: str) -> Snapshot | None:
        """The latest snapshot of a URL, with the newest validators (ETag, Last-Modified) the
        server sent for that content, so the next conditional GET can be answered by a 304."""
        return self._read().latest_by_url.get(url)

    def holds_all(self, urls: list[str]) -> bool:
        """Whether every URL has a snapshot (the manifest is looked at once, not per URL)."""
        latest = self._read().latest_by_url
        return all(url in latest for url in urls)

    def read_bytes(self, snap: Snapshot) -> bytes:
        path = self.root / snap.path
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise SnapshotError(
                f"{path}: snapshot of {snap.url} (page {snap.page_no}) is missing"
            ) from exc
        if hashlib.sha256(data).hexdigest() != snap.sha256:
            raise SnapshotError(
                f"{path}: content no longer matches its sha256; snapshots are immutable"
            )
        return data

    def read_text(self, snap: Snapshot) -> str:
        data = self.read_bytes(snap)
        try:
            return data.decode(snap.encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise SnapshotError(
                f"{self.root / snap.path}: cannot decode {snap.url} as {snap.encoding}: {exc}"
            ) from exc

    # -- writing -------------------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Many puts, one fsync of the manifest at the end. Each page file is still synced
        before its line is written, so a crash may lose the last lines (those pages are
        fetched again), never leave a line naming a file that is not on disk."""
        self._batching += 1
        try:
            yield
        finally:
            self._batching -= 1
            if not self._batching and self.manifest_path.exists():
                with self.manifest_path.open("a", encoding="utf-8") as handle:
                    os.fsync(handle.fileno())

    def _append(self, entry: dict) -> None:
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        with self.manifest_path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            if not self._batching:
                os.fsync(handle.fileno())

    def put(
        self,
        content: bytes,
        *,
        briefing_id: str,
        page_no: int,
        url: str,
        media_type: str,
        encoding: str,
        origin: str,
        fetched_at: str | None = None,
        status: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[Snapshot, bool]:
        """Store a page. Returns the snapshot and whether it is a new revision.

        The same content for the same page is not stored twice: the existing snapshot is
        returned with False, so a repeated import or an unchanged 200 changes nothing.
        """
        if media_type not in _EXTENSIONS:
            raise SnapshotError(f"{url}: unsupported media type {media_type!r}")
        sha = hashlib.sha256(content).hexdigest()
        with self._locked():
            previous = self._read().latest_by_key.get((briefing_id, url))
            if previous is not None and previous.sha256 == sha:
                latest = self.latest_for_url(url)
                if headers and latest is not None and dict(headers) != latest.headers:
                    # Same content, new validators: remember them (append-only) for the next GET.
                    self._append(
                        {
                            "event": "validators",
                            "url": url,
                            "briefing_id": briefing_id,
                            "sha256": sha,
                            "headers": dict(headers),
                            "at": utc_now(),
                        }
                    )
                return previous, False
            rel = f"{PAGES_DIR}/{sha}.{_EXTENSIONS[media_type]}"
            target = self.root / rel
            if not target.exists():
                atomic_write(target, content)
            snap = Snapshot(
                sha256=sha,
                briefing_id=briefing_id,
                page_no=page_no,
                url=url,
                media_type=media_type,
                encoding=encoding,
                bytes=len(content),
                fetched_at=fetched_at or utc_now(),
                origin=origin,
                path=rel,
                revision=previous.revision + 1 if previous is not None else 1,
                status=status,
                headers=dict(headers or {}),
            )
            self._append({"event": "snapshot", **asdict(snap)})
            return snap, True

    def record_failure(
        self, *, url: str, briefing_id: str | None, page_no: int | None, error: str
    ) -> None:
        with self._locked():
            self._append(
                {
                    "event": "fetch_failed",
                    "url": url,
                    "briefing_id": briefing_id,
                    "page_no": page_no,
                    "error": error,
                    "at": utc_now(),
                }
            )
