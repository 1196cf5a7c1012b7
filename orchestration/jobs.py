"""The warehouse job over the whole graph, which the build sensor and `briefings run` launch,
and the daily refresh, which only fetches: the build sensor then builds if anything changed."""

from __future__ import annotations

from dagster import (
    AssetSelection,
    DagsterRunStatus,
    DefaultSensorStatus,
    RunConfig,
    RunRequest,
    RunsFilter,
    ScheduleDefinition,
    SensorEvaluationContext,
    SkipReason,
    define_asset_job,
    sensor,
)

from briefings.freshness import input_state
from orchestration.assets import SnapshotsConfig
from orchestration.resources import WarehousePaths

WAREHOUSE_JOB = "warehouse_job"

# Every unpartitioned asset: the per-briefing fetch (discovery.briefing_pages) runs in its own job.
warehouse_job = define_asset_job(
    WAREHOUSE_JOB,
    selection=AssetSelection.all() - AssetSelection.assets("briefing_pages"),
    description="Snapshots -> figures -> raw tables -> dbt build and tests -> publish.",
)


refresh_job = define_asset_job(
    "refresh_job",
    selection=AssetSelection.assets("snapshots"),
    description="Ask the sites again for the pages of recent briefings (conditional GETs).",
)

# A transcript is corrected, if ever, in the weeks after it is published: older briefings are
# history, and the daily run does not ask for their pages again (`briefings run --online` does).
SETTLE_DAYS = 30


def run_config(*, online: bool, settle_days: int | None = None) -> RunConfig:
    return RunConfig(ops={"snapshots": SnapshotsConfig(online=online, settle_days=settle_days)})


daily_refresh = ScheduleDefinition(
    name="daily_refresh",
    job=refresh_job,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Shanghai",
    run_config=run_config(online=True, settle_days=SETTLE_DAYS),
)


_ACTIVE = [
    DagsterRunStatus.QUEUED,
    DagsterRunStatus.NOT_STARTED,
    DagsterRunStatus.STARTING,
    DagsterRunStatus.STARTED,
]


@sensor(
    job=warehouse_job,
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.RUNNING,
)
def build_when_inputs_change(
    context: SensorEvaluationContext, paths: WarehousePaths
) -> RunRequest | SkipReason:
    """Build offline whenever raw/, the registry or the code differ from what the published
    warehouse was built from: newly fetched briefings, `briefings add`, a new extractor.

    The run key is the input fingerprint, so a build that fails its tests is not retried
    until the inputs change again; while a build or a fetch runs or waits, none is added.
    """
    state = input_state(paths.settings())
    if state.unchanged:
        return SkipReason(f"nothing new since run {state.published_run_id}")
    # Every job here writes raw/ or the warehouse: a build started while pages are still
    # being fetched would read half of them.
    active = context.instance.get_runs(RunsFilter(statuses=_ACTIVE), limit=1)
    if active:
        return SkipReason(f"a {active[0].job_name} run is running or queued")
    return RunRequest(run_key=state.fingerprint, run_config=run_config(online=False))
