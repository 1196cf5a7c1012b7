"""Where things live. Every path can be moved with an environment variable so tests run in tmp dirs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DEFAULT_SOURCES = Path(__file__).resolve().parent / "sources.yaml"

# For the connections that write (load, publish): spill to disk rather than take the machine's
# memory on a large build. dbt's own connection has the same limit in dbt_project/profiles.yml.
DUCKDB_WRITE_CONFIG = {"memory_limit": "1GB", "preserve_insertion_order": False}

_DAGSTER_YAML = """\
# Written by briefings; safe to edit. Telemetry off; one pipeline run at a time so that
# two scheduled runs never write the snapshot store or the warehouse at once.
telemetry:
  enabled: false
concurrency:
  runs:
    max_concurrent_runs: 1
"""


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse_path: Path
    sources_path: Path

    @property
    def warehouse_dir(self) -> Path:
        return self.warehouse_path.parent

    @property
    def previous_path(self) -> Path:
        stem = self.warehouse_path.name.removesuffix(".duckdb")
        return self.warehouse_dir / f"{stem}.previous.duckdb"

    @property
    def parquet_dir(self) -> Path:
        return self.warehouse_dir / "parquet"

    @property
    def report_path(self) -> Path:
        return self.warehouse_dir / "report.html"

    @property
    def runs_dir(self) -> Path:
        """Per-run work area: build databases, extraction bundles, dbt target folders."""
        return self.warehouse_dir / ".runs"

    @property
    def cache_dir(self) -> Path:
        """What is worked out once per input: extraction results (per snapshot hash and
        extractor version), the parsed registry, the run report's charts of a published build."""
        return self.warehouse_dir / ".cache"


def _path_from_env(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    path = Path(value) if value else default
    return path if path.is_absolute() else (Path.cwd() / path)


def settings() -> Settings:
    """Read the settings from the environment at call time (tests change it between runs)."""
    return Settings(
        raw_dir=_path_from_env("BRIEFINGS_RAW", PROJECT_ROOT / "raw"),
        warehouse_path=_path_from_env(
            "BRIEFINGS_WAREHOUSE", PROJECT_ROOT / "warehouse" / "briefings.duckdb"
        ),
        sources_path=_path_from_env("BRIEFINGS_SOURCES", DEFAULT_SOURCES),
    )


def ensure_dagster_home() -> Path:
    """Point DAGSTER_HOME at a project-local instance folder and give it a dagster.yaml."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home")
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(_DAGSTER_YAML, encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return home
