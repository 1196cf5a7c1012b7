"""One job over the whole graph: the schedule, the sensor and `briefings run` all launch it."""

from __future__ import annotations

from dagster import AssetSelection, RunConfig, ScheduleDefinition, define_asset_job

from orchestration.assets import SnapshotsConfig

WAREHOUSE_JOB = "warehouse_job"

# Every unpartitioned asset: the per-briefing fetch (discovery.briefing_pages) runs in its own job.
warehouse_job = define_asset_job(
    WAREHOUSE_JOB,
    selection=AssetSelection.all() - AssetSelection.assets("briefing_pages"),
    description="Snapshots -> figures -> raw tables -> dbt build and tests -> publish.",
)


def run_config(*, online: bool) -> RunConfig:
    return RunConfig(ops={"snapshots": SnapshotsConfig(online=online)})


daily_refresh = ScheduleDefinition(
    name="daily_refresh",
    job=warehouse_job,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Shanghai",
    run_config=run_config(online=True),
)
