"""The run report (warehouse/report.html) after every scheduled or sensor-started run, whether
it published or not. `briefings run` writes it itself: in-process runs trigger no sensors."""

from dagster import (
    DagsterRunStatus,
    RunFailureSensorContext,
    RunStatusSensorContext,
    run_failure_sensor,
    run_status_sensor,
)

from briefings.config import Settings, settings
from briefings.report import collect_run, write_warehouse_report
from orchestration.jobs import warehouse_job


def write_run_report(
    settings: Settings, run_id: str, *, mode: str, seconds: float, errors: list[str]
) -> None:
    run = collect_run(settings, run_id, mode=mode, seconds=seconds, errors=errors)
    write_warehouse_report(settings, run)


def _report(context: RunStatusSensorContext, errors: list[str]) -> None:
    run = context.dagster_run
    stats = context.instance.get_run_stats(run.run_id)
    seconds = (stats.end_time or 0) - (stats.start_time or 0)
    online = bool(
        run.run_config.get("ops", {}).get("snapshots", {}).get("config", {}).get("online")
    )
    write_run_report(
        settings(),
        run.run_id,
        mode="online" if online else "offline",
        seconds=seconds,
        errors=errors,
    )


@run_status_sensor(run_status=DagsterRunStatus.SUCCESS, monitored_jobs=[warehouse_job])
def report_after_success(context: RunStatusSensorContext) -> None:
    _report(context, [])


@run_failure_sensor(monitored_jobs=[warehouse_job])
def report_after_failure(context: RunFailureSensorContext) -> None:
    errors = [
        f"{e.step_key}: {e.message.splitlines()[0]}" for e in context.get_step_failure_events()
    ]
    _report(context, errors)
