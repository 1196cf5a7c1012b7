"""The snapshot store remembers new validators for unchanged content (append-only)."""

from __future__ import annotations

from pathlib import Path

from briefings.snapshots import SnapshotStore


def test_unchanged_content_with_new_validators_keeps_one_snapshot_and_the_new_etag(
    tmp_path: Path,
) -> None:
    store = SnapshotStore(tmp_path / "raw")
    args = {
        "briefing_id": "b",
        "page_no": 1,
        "url": "http://example.org/p.htm",
        "media_type": "text/html",
        "encoding": "utf-8",
        "origin": "fetched",
    }
    first, new = store.put(b"<p>page</p>", **args)
    assert new and first.headers == {}
    again, new = store.put(b"<p>page</p>", headers={"etag": '"v1"'}, **args)
    assert not new and again.sha256 == first.sha256
    assert len(store.snapshots()) == 1
    assert store.latest_for_url(args["url"]).headers == {"etag": '"v1"'}
    changed, new = store.put(b"<p>page, changed</p>", headers={"etag": '"v2"'}, **args)
    assert new and changed.revision == 2
    assert store.latest_for_url(args["url"]).headers == {"etag": '"v2"'}
