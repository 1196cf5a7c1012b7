"""Shared fixtures: every test that runs the pipeline gets its own raw/, warehouse and DAGSTER_HOME."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from sitesim import FakeTime, Site

from briefings.snapshots import SnapshotStore

ROOT = Path(__file__).resolve().parents[1]
TRANSCRIPTS = ROOT / "tests" / "transcripts"
CONTRADICTIONS = ROOT / "tests" / "fixtures" / "contradictions"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """BRIEFINGS_RAW, BRIEFINGS_WAREHOUSE and DAGSTER_HOME inside tmp_path; raw/ starts empty."""
    (tmp_path / "raw").mkdir()
    monkeypatch.setenv("BRIEFINGS_RAW", str(tmp_path / "raw"))
    monkeypatch.setenv("BRIEFINGS_WAREHOUSE", str(tmp_path / "warehouse" / "briefings.duckdb"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    return tmp_path


@pytest.fixture
def shipped_raw(workdir: Path) -> Path:
    """The project's shipped raw/ snapshots, copied."""
    shutil.rmtree(workdir / "raw")
    shutil.copytree(ROOT / "raw", workdir / "raw", ignore=shutil.ignore_patterns(".lock"))
    return workdir


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse folder published once per session from the shipped raw/ (read-only use:
    tests copy it). Building it once saves a pipeline run per test."""
    from pipeline import run_job

    root = tmp_path_factory.mktemp("seed")
    shutil.copytree(ROOT / "raw", root / "raw", ignore=shutil.ignore_patterns(".lock"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BRIEFINGS_RAW", str(root / "raw"))
        mp.setenv("BRIEFINGS_WAREHOUSE", str(root / "warehouse" / "briefings.duckdb"))
        mp.setenv("DAGSTER_HOME", str(root / "dagster_home"))
        assert run_job().success
    shutil.rmtree(root / "warehouse" / ".runs", ignore_errors=True)
    return root / "warehouse"


@pytest.fixture
def site() -> Iterator[Site]:
    """A briefing-site simulator on 127.0.0.1 (tests/sitesim.py)."""
    with Site() as s:
        yield s


@pytest.fixture
def other_site() -> Iterator[Site]:
    """A second server, on a port the allow-list does not name."""
    with Site() as s:
        yield s


@pytest.fixture
def fake() -> FakeTime:
    """An injected clock and sleep for the fetcher: nothing really waits."""
    return FakeTime()


AddPage = Callable[..., None]


@pytest.fixture
def add_page(workdir: Path) -> AddPage:
    """Store a transcript file as a snapshot of a briefing page, as `briefings add` would."""
    store = SnapshotStore(workdir / "raw")

    def add(path: Path, briefing_id: str, page_no: int = 1) -> None:
        media = "text/html" if path.suffix in (".html", ".htm") else "text/plain"
        store.put(
            path.read_bytes(),
            briefing_id=briefing_id,
            page_no=page_no,
            url=f"http://english.scio.gov.cn/test/{briefing_id}_{page_no}.htm",
            media_type=media,
            encoding="utf-8",
            origin="imported",
            fetched_at="test",
        )

    return add


def query(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
