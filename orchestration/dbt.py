"""The dbt project, built once; its models become assets and its tests asset checks."""

import os
import shutil
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from briefings.config import DBT_PROJECT_DIR
from briefings.runs import RunPaths, dbt_build_args
from orchestration.resources import WarehousePaths


def dbt_executable() -> str:
    """The dbt installed beside this interpreter."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


# `briefings`, `dagster dev` and the tests may run from a venv that is not activated; dagster-dbt
# looks for `dbt` on PATH (its project preparer takes no executable), so put the venv's bin first.
_BIN = str(Path(sys.executable).parent)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def _manifest_is_stale(project: DbtProject) -> bool:
    manifest = project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [
        p
        for p in DBT_PROJECT_DIR.rglob("*")
        if p.suffix in {".sql", ".yml", ".csv", ".md"} and "target" not in p.parts
    ]
    return any(p.stat().st_mtime > built for p in sources)


def ensure_manifest(project: DbtProject = dbt_project) -> None:
    """`prepare_if_dev` only acts under `dagster dev`; every other entry point comes through here."""
    project.prepare_if_dev()
    if _manifest_is_stale(project):
        project.preparer.prepare(project)


ensure_manifest()


class BriefingsTranslator(DagsterDbtTranslator):
    """dbt source raw.X is the asset raw/X that the load step writes."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else super().get_group_name(dbt_resource_props)


translator = BriefingsTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@dbt_assets(
    manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=translator
)
def warehouse_models(
    context: AssetExecutionContext, dbt: DbtCliResource, paths: WarehousePaths
) -> Iterator:
    """Build and test every model in this run's build file; a failing error test fails the step."""
    run = RunPaths.for_run(paths.settings(), context.run.run_id)
    if not run.build_db.exists():
        raise FileNotFoundError(
            f"{run.build_db}: no build database for run {context.run.run_id}; materialize raw tables "
            "in the same run first"
        )
    yield from dbt.cli(
        dbt_build_args(run.build_db), context=context, target_path=run.dbt_target
    ).stream()
