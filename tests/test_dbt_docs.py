"""dbt docs build offline (no package hub, no network), with the marts and their column docs."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from briefings.config import DBT_PROJECT_DIR
from orchestration.dbt import dbt_executable


def test_dbt_docs_generate_works_offline_and_documents_every_mart_column(
    seed_warehouse: Path, tmp_path: Path
) -> None:
    database = tmp_path / "docs.duckdb"
    shutil.copy(seed_warehouse / "briefings.duckdb", database)
    target = tmp_path / "target"
    proc = subprocess.run(
        [
            dbt_executable(),
            "docs",
            "generate",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(target),
            "--vars",
            json.dumps({"build_db": str(database)}),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert (target / "index.html").exists()
    catalog = json.loads((target / "catalog.json").read_text())
    manifest = json.loads((target / "manifest.json").read_text())
    fct = catalog["nodes"]["model.briefings.fct_figures"]
    documented = manifest["nodes"]["model.briefings.fct_figures"]["columns"]
    assert set(fct["columns"]) == set(documented)
    assert all(c["description"] for c in documented.values())
