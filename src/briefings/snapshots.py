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
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

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


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; snapshots are for every reader
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class SnapshotStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.manifest_path = self.root / MANIFEST

    # -- reading -------------------------------------------------------------------------
    def _lines(self) -> Iterator[tuple[int, dict]]:
        if not self.manifest_path.exists():
            return
        with self.manifest_path.open(encoding="utf-8") as handle:
            for lineno, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise SnapshotError(
                        f"{self.manifest_path}, line {lineno}: not valid JSON ({exc.msg})"
                    ) from exc
                if not isinstance(entry, dict) or "event" not in entry:
                    raise SnapshotError(f"{self.manifest_path}, line {lineno}: no 'event' field")
                yield lineno, entry

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot ever stored, in manifest order."""
        out = []
        for lineno, entry in self._lines():
            if entry["event"] != "snapshot":
                continue
            fields = {k: v for k, v in entry.items() if k != "event"}
            try:
                out.append(Snapshot(**fields))
            except TypeError as exc:
                raise SnapshotError(f"{self.manifest_path}, line {lineno}: {exc}") from exc
        return out

    def failures(self) -> list[dict]:
        return [entry for _, entry in self._lines() if entry["event"] == "fetch_failed"]

    def current(self) -> list[Snapshot]:
        """The latest revision of every (briefing, url), ordered by briefing and page."""
        latest: dict[tuple[str, str], Snapshot] = {}
        for snap in self.snapshots():
            latest[snap.key] = snap
        return sorted(latest.values(), key=lambda s: (s.briefing_id, s.page_no, s.url))

    def latest_for_url(self, url: str) -> Snapshot | None:
        """The latest snapshot of a URL, with the newest validators (ETag, Last-Modified) the
        server sent for that content, so the next conditional GET can be answered by a 304."""
        found = None
        for _, entry in self._lines():
            if entry.get("url") != url:
                continue
            if entry["event"] == "snapshot":
                found = Snapshot(**{k: v for k, v in entry.items() if k != "event"})
            elif (
                entry["event"] == "validators"
                and found is not None
                and entry["sha256"] == found.sha256
            ):
                found = replace(found, headers=dict(entry["headers"]))
        return found

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

    def _append(self, entry: dict) -> None:
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        with self.manifest_path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
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
            previous = [s for s in self.snapshots() if s.key == (briefing_id, url)]
            if previous and previous[-1].sha256 == sha:
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
                return previous[-1], False
            rel = f"{PAGES_DIR}/{sha}.{_EXTENSIONS[media_type]}"
            target = self.root / rel
            if not target.exists():
                _atomic_write(target, content)
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
                revision=len(previous) + 1,
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
