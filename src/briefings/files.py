"""Files written whole or not at all, and the one-entry caches of things worked out from an input.

Readers of raw/ and warehouse/ (dashboards, a web server, the next run) never see half a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Replace `path` with `data`: a reader sees the old content or the new, never a part.

    The file is readable by every user (mkstemp makes 0600). With `sync`, its content is on
    disk before the rename, so a crash cannot leave an empty file under the new name; a cache
    that checks what it reads can skip that.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class LatestEntryCache:
    """What was worked out from one input, kept as `<prefix>-<hash of the key><suffix>` in a
    folder; storing an entry removes the older ones, as only the latest input is asked for again.

    It only saves time: an entry that cannot be read or written is a miss, and the caller works
    the value out again.
    """

    def __init__(self, directory: Path, prefix: str, suffix: str) -> None:
        self.directory = Path(directory)
        self.prefix, self.suffix = prefix, suffix

    def path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        return self.directory / f"{self.prefix}-{digest}{self.suffix}"

    def get(self, key: str) -> bytes | None:
        with contextlib.suppress(OSError):
            return self.path(key).read_bytes()
        return None

    def put(self, key: str, data: bytes) -> None:
        path = self.path(key)
        with contextlib.suppress(OSError):
            atomic_write(path, data)
            for old in self.directory.glob(f"{self.prefix}-*{self.suffix}"):
                if old != path:
                    old.unlink(missing_ok=True)
