"""Write-audit-publish: a tested build file becomes the published warehouse in one atomic rename.

Readers that hold the old file open keep reading it (the rename does not touch their inode);
new readers see the new file. The file is written in a storage format DuckDB 1.x can open.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from briefings import __version__
from briefings.config import DUCKDB_WRITE_CONFIG, Settings
from briefings.extract import extractor_version

# Readers pinned to duckdb<2 (Superset's extra) must open the file; v1.0.0 is the oldest
# format that keeps comments, so every 1.x release can read it.
STORAGE_VERSION = "v1.0.0"
PUBLISHED_SCHEMAS = ("marts", "audit", "meta")
BUILD_ONLY_SCHEMAS = ("raw", "staging", "intermediate")


class PublishRefused(RuntimeError):
    """The build must not be published; the published warehouse was left as it was."""


@dataclass(frozen=True)
class TestResult:
    name: str
    status: str  # pass | fail | warn | error | skipped
    severity: str
    failures: int
    message: str | None = None

    @property
    def blocking(self) -> bool:
        return self.status in ("fail", "error")


@dataclass(frozen=True)
class PublishResult:
    path: str
    previous_path: str | None
    run_id: str
    input_fingerprint: str
    tables: dict[str, int]
    parquet_dir: str
    published: bool  # False when nothing changed and the published file was kept


def test_results_from_dbt(run_results: dict) -> list[TestResult]:
    """The data tests of a dbt run_results.json (models and seeds are not tests)."""
    out = []
    for result in run_results.get("results", []):
        unique_id = result.get("unique_id", "")
        if not unique_id.startswith("test."):
            continue
        status = str(result.get("status", "")).lower()
        out.append(
            TestResult(
                name=unique_id.split(".")[2] if unique_id.count(".") >= 2 else unique_id,
                status=status,
                severity="warn" if status == "warn" else "error",
                failures=int(result.get("failures") or 0),
                message=result.get("message"),
            )
        )
    return out


def _write_meta(con: duckdb.DuckDBPyConnection, meta: dict, tests: list[TestResult]) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS meta")
    con.execute(
        """CREATE OR REPLACE TABLE meta.build AS SELECT
            ?::VARCHAR AS run_id, ?::VARCHAR AS code_version, ?::VARCHAR AS extractor_version,
            ?::TIMESTAMPTZ AS built_at, ?::VARCHAR AS input_fingerprint,
            ?::VARCHAR[] AS snapshot_hashes, ?::INTEGER AS tests_passed,
            ?::INTEGER AS tests_warned, ?::INTEGER AS tests_failed,
            (SELECT count(*) FROM marts.dim_briefing) AS briefings,
            (SELECT count(*) FROM marts.dim_page) AS pages,
            (SELECT count(*) FROM marts.fct_figures) AS figures""",
        [
            meta["run_id"],
            __version__,
            extractor_version(),
            meta["built_at"],
            meta["input_fingerprint"],
            list(meta["snapshot_hashes"]),
            sum(t.status == "pass" for t in tests),
            sum(t.status == "warn" for t in tests),
            sum(t.blocking for t in tests),
        ],
    )
    con.execute(
        "CREATE OR REPLACE TABLE meta.test_results (test_name VARCHAR, status VARCHAR, "
        "severity VARCHAR, failures INTEGER, message VARCHAR)"
    )
    if tests:
        placeholders = ", ".join(["(?, ?, ?, ?, ?)"] * len(tests))
        con.execute(
            f"INSERT INTO meta.test_results VALUES {placeholders}",
            [v for t in tests for v in (t.name, t.status, t.severity, t.failures, t.message)],
        )
    for (table,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'audit'"
    ).fetchall():
        con.execute(
            f'COMMENT ON TABLE audit."{table}" IS \'Failing rows of dbt test {table}, with '
            "the quotes involved; empty when the test passed.'"
        )
    con.execute(
        "COMMENT ON TABLE meta.build IS 'The run that built this warehouse: code, inputs, test counts.'"
    )
    con.execute(
        "COMMENT ON TABLE meta.test_results IS 'Every dbt data test of the build and its result.'"
    )


def _table_counts(con: duckdb.DuckDBPyConnection, database: str) -> dict[str, int]:
    tables = con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ? ORDER BY 1, 2",
        [database],
    ).fetchall()
    return {
        f"{schema}.{table}": con.execute(
            f'SELECT count(*) FROM "{database}"."{schema}"."{table}"'
        ).fetchone()[0]
        for schema, table in tables
    }


def published_meta(path: Path) -> dict | None:
    """meta.build of the published warehouse, or None if there is none."""
    if not path.exists():
        return None
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute("SELECT * FROM meta.build").fetchone()
        cols = [d[0] for d in con.description]
        return dict(zip(cols, row, strict=True)) if row else None
    except duckdb.Error:
        return None
    finally:
        con.close()


def _check_counts(new_counts: dict[str, int], old_meta_path: Path) -> None:
    """Stop an export that looks broken: no figures, or fewer briefings than already published."""
    if new_counts.get("marts.dim_briefing", 0) and not new_counts.get("marts.fct_figures", 0):
        raise PublishRefused("the build has briefings but no figures; refusing to publish")
    if not old_meta_path.exists():
        return
    try:
        con = duckdb.connect(str(old_meta_path), read_only=True)
    except duckdb.Error:
        return  # an unreadable published file is replaced, not protected
    try:
        old = con.execute("SELECT count(*) FROM marts.dim_briefing").fetchone()[0]
    except duckdb.Error:
        old = 0
    finally:
        con.close()
    if new_counts.get("marts.dim_briefing", 0) < old:
        raise PublishRefused(
            f"the build has {new_counts.get('marts.dim_briefing', 0)} briefings, the published "
            f"warehouse {old}; snapshots are never deleted, so this build is incomplete"
        )


def _swap_in(new_file: Path, settings: Settings) -> Path | None:
    published = settings.warehouse_path
    previous = None
    with contextlib.suppress(FileNotFoundError):
        os.unlink(f"{published}.wal")  # nobody writes the published file: a WAL there is stale
    if published.exists():
        link = published.with_name(f".{published.name}.previous-link")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(link)
        os.link(published, link)
        os.replace(link, settings.previous_path)
        previous = settings.previous_path
    os.replace(new_file, published)
    return previous


def _write_parquet(database: Path, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    con = duckdb.connect(str(database), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts' ORDER BY 1"
            ).fetchall()
        ]
        for table in tables:
            con.execute(
                f"COPY marts.\"{table}\" TO '{target / (table + '.parquet')}' (FORMAT parquet)"
            )
    finally:
        con.close()


def _swap_parquet(settings: Settings, target: Path) -> Path:
    """Point warehouse/parquet at `target` with one rename of a symlink; drop older exports."""
    link = settings.parquet_dir
    tmp_link = settings.warehouse_dir / f".parquet-link-{target.name}"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp_link)
    os.symlink(target.name, tmp_link)
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)
    os.replace(tmp_link, link)
    for old in settings.warehouse_dir.glob(".parquet-*"):
        if old.is_dir() and old.name != target.name:
            shutil.rmtree(old, ignore_errors=True)
    return link


def export_parquet(database: Path, settings: Settings, run_id: str) -> Path:
    """Every mart of `database` as Parquet, swapped in as a whole."""
    target = settings.warehouse_dir / f".parquet-{run_id}"
    _write_parquet(database, target)
    return _swap_parquet(settings, target)


def publish(
    build_db: Path,
    settings: Settings,
    *,
    run_id: str,
    input_fingerprint: str,
    snapshot_hashes: list[str],
    run_results: dict,
) -> PublishResult:
    tests = test_results_from_dbt(run_results)
    blocking = [t for t in tests if t.blocking]
    if blocking:
        names = ", ".join(f"{t.name} ({t.failures} rows)" for t in blocking)
        raise PublishRefused(f"blocking data tests failed: {names}")
    if not tests:
        raise PublishRefused(
            "no data test results for this build; refusing to publish untested data"
        )

    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    meta = {
        "run_id": run_id,
        "built_at": datetime.now(UTC),
        "input_fingerprint": input_fingerprint,
        "snapshot_hashes": snapshot_hashes,
    }
    con = duckdb.connect(str(build_db), config=DUCKDB_WRITE_CONFIG)
    try:
        _write_meta(con, meta, tests)
        for schema in BUILD_ONLY_SCHEMAS:
            con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    finally:
        con.close()

    new_file = settings.warehouse_dir / f".{settings.warehouse_path.name}.{run_id}.new"
    for leftover in (new_file, Path(f"{new_file}.wal")):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(leftover)
    con = duckdb.connect(config=DUCKDB_WRITE_CONFIG)
    try:
        con.execute(f"ATTACH '{build_db}' AS build (READ_ONLY)")
        con.execute(f"ATTACH '{new_file}' AS published (STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute("COPY FROM DATABASE build TO published")
        con.execute("DETACH published")
        con.execute("DETACH build")
    finally:
        con.close()

    con = duckdb.connect(str(new_file), read_only=True)
    try:
        counts = _table_counts(con, con.execute("SELECT current_database()").fetchone()[0])
    finally:
        con.close()
    try:
        _check_counts(counts, settings.warehouse_path)
    except PublishRefused:
        os.unlink(new_file)
        raise
    # Export from the new file before it is swapped in: this process may not reopen the
    # published path (DuckDB hands a process its already-open database for a path).
    parquet_target = settings.warehouse_dir / f".parquet-{run_id}"
    _write_parquet(new_file, parquet_target)
    previous = _swap_in(new_file, settings)
    parquet = _swap_parquet(settings, parquet_target)
    return PublishResult(
        path=str(settings.warehouse_path),
        previous_path=str(previous) if previous else None,
        run_id=run_id,
        input_fingerprint=input_fingerprint,
        tables=counts,
        parquet_dir=str(parquet),
        published=True,
    )


def rollback(settings: Settings) -> Path:
    """Swap the previous published warehouse back in (and the current one becomes previous)."""
    published, previous = settings.warehouse_path, settings.previous_path
    if not previous.exists():
        raise PublishRefused(f"{previous}: there is no previous warehouse to roll back to")
    link = published.with_name(f".{published.name}.rollback-link")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(link)
    if published.exists():
        os.link(published, link)
    os.replace(previous, published)
    if link.exists():
        os.replace(link, previous)
    meta = published_meta(published) or {}
    export_parquet(published, settings, f"rollback-{meta.get('run_id', 'unknown')}")
    return published


def result_json(result: PublishResult) -> str:
    return json.dumps(asdict(result), indent=2)
