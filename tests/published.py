"""A published warehouse shared by the tests of one module.

A pipeline run costs 12-15 s, so tests that only read the published file share one run. This
sets up what the `workdir` and `shipped_raw` fixtures set up (paths in the environment, the
shipped raw/ copied), for a module-scoped fixture, and adds the hand-written fixture pages
that give the charts and queries more than one year and more than one briefing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import CONTRADICTIONS, ROOT, TRANSCRIPTS

from briefings.snapshots import SnapshotStore

# Every one passes all blocking tests together with the seed page (tests/fixtures/contradictions/
# README.md): courts 2017/2018 levels with a change, Iron Fist 2021, Blue Net 2021, Sword Net 2019.
CLEAN_PAGES: list[tuple[Path, str, int]] = [
    (CONTRADICTIONS / "clean.txt", "fixture-clean", 1),
    (CONTRADICTIONS / "r2_rounded_ok_a.txt", "fixture-r2-rounded-ok", 1),
    (CONTRADICTIONS / "r2_rounded_ok_b.txt", "fixture-r2-rounded-ok", 2),
    (TRANSCRIPTS / "t1_text_scio.txt", "fixture-t1-text", 1),
]


def published_path(root: Path) -> Path:
    return root / "warehouse" / "briefings.duckdb"


def add_transcript(root: Path, path: Path, briefing_id: str, page_no: int = 1) -> None:
    """Store a transcript as a snapshot of a briefing page, as the `add_page` fixture does."""
    SnapshotStore(root / "raw").put(
        path.read_bytes(),
        briefing_id=briefing_id,
        page_no=page_no,
        url=f"http://english.scio.gov.cn/test/{briefing_id}_{page_no}.htm",
        media_type="text/html" if path.suffix in (".html", ".htm") else "text/plain",
        encoding="utf-8",
        origin="imported",
        fetched_at="test",
    )


@contextmanager
def shipped_workdir(root: Path) -> Iterator[Path]:
    """BRIEFINGS_RAW, BRIEFINGS_WAREHOUSE and DAGSTER_HOME inside root, raw/ = the shipped one."""
    with pytest.MonkeyPatch.context() as mp:
        shutil.copytree(ROOT / "raw", root / "raw", ignore=shutil.ignore_patterns(".lock"))
        mp.setenv("BRIEFINGS_RAW", str(root / "raw"))
        mp.setenv("BRIEFINGS_WAREHOUSE", str(published_path(root)))
        mp.setenv("DAGSTER_HOME", str(root / "dagster_home"))
        yield root
