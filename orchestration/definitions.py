"""The code location: referenced by workspace.yaml and by [tool.dagster] in pyproject.toml."""

from __future__ import annotations

from dagster import Definitions, in_process_executor
from dagster_dbt import DbtCliResource

from orchestration.assets import figures, published_warehouse, raw_tables, snapshots
from orchestration.dbt import dbt_executable, dbt_project, warehouse_models
from orchestration.discovery import (
    briefing_pages,
    fetch_briefing_job,
    new_briefings_sensor,
)
from orchestration.jobs import (
    build_when_inputs_change,
    daily_refresh,
    refresh_job,
    warehouse_job,
)
from orchestration.reports import report_after_failure, report_after_success
from orchestration.resources import WarehousePaths

defs = Definitions(
    assets=[snapshots, figures, raw_tables, warehouse_models, published_warehouse, briefing_pages],
    jobs=[warehouse_job, refresh_job, fetch_briefing_job],
    schedules=[daily_refresh],
    sensors=[
        new_briefings_sensor,
        build_when_inputs_change,
        report_after_success,
        report_after_failure,
    ],
    resources={
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
        "paths": WarehousePaths(),
    },
    # One process: the multiprocess executor costs about 2 s per step here and buys nothing,
    # since the steps run one after another.
    executor=in_process_executor,
)
