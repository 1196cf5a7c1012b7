"""Per-run work areas: every run builds into its own folder, so runs never share a build file."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from briefings.config import DBT_PROJECT_DIR, Settings
from briefings.extract import extractor_version


@dataclass(frozen=True)
class RunPaths:
    root: Path

    @classmethod
    def for_run(cls, settings: Settings, run_id: str) -> RunPaths:
        return cls(settings.runs_dir / run_id)

    @property
    def bundle_dir(self) -> Path:
        return self.root / "bundle"

    @property
    def bundle_summary(self) -> Path:
        return self.root / "bundle.json"

    @property
    def build_db(self) -> Path:
        return self.root / "build.duckdb"

    @property
    def dbt_target(self) -> Path:
        return self.root / "dbt"

    @property
    def run_results(self) -> Path:
        return self.dbt_target / "run_results.json"

    @property
    def snapshot_report(self) -> Path:
        return self.root / "snapshots.json"

    @property
    def nothing_new(self) -> Path:
        return self.root / "nothing_new.json"

    @property
    def publish_summary(self) -> Path:
        return self.root / "publish.json"

    def write_json(self, path: Path, data: dict) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")

    def read_json(self, path: Path) -> dict | None:
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def dbt_build_args(build_db: Path, *, select: str | None = None) -> list[str]:
    """Arguments of the one dbt command a run makes: build everything into this run's file."""
    args = ["build", "--vars", json.dumps({"build_db": str(build_db)})]
    if select:
        args += ["--select", select]
    return args


def code_fingerprint() -> str:
    """Changes whenever the extractor or the dbt project changes: such a run must rebuild."""
    digest = hashlib.sha256(extractor_version().encode())
    for path in sorted(DBT_PROJECT_DIR.rglob("*")):
        if (
            path.is_file()
            and path.suffix in {".sql", ".yml", ".csv", ".md"}
            and not {"target", "logs"} & set(path.relative_to(DBT_PROJECT_DIR).parts)
        ):
            digest.update(str(path.relative_to(DBT_PROJECT_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def input_fingerprint(snapshot_hashes: list[str] | tuple[str, ...], registry_text: str) -> str:
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(registry_text.encode())
    for sha in sorted(snapshot_hashes):
        digest.update(sha.encode())
    return digest.hexdigest()[:32]


def prune_runs(settings: Settings, *, published_run: str, keep_days: float = 7) -> None:
    """After a publish: drop the published run's build file and bundle (the warehouse holds
    them now) and whole run folders older than keep_days. A failed run's folder stays until
    then, with its build database and audit rows, for whoever investigates."""
    current = RunPaths.for_run(settings, published_run)
    current.build_db.unlink(missing_ok=True)
    shutil.rmtree(current.bundle_dir, ignore_errors=True)
    if not settings.runs_dir.exists():
        return
    cutoff = time.time() - keep_days * 86400
    for child in settings.runs_dir.iterdir():
        if child.is_dir() and child.name != published_run and child.stat().st_mtime < cutoff:
            shutil.rmtree(child, ignore_errors=True)
