"""Running the real Dagster job in tests: all assets, in process, on the paths of `workdir`."""

from __future__ import annotations

from dagster import DagsterInstance, ExecuteInProcessResult

from orchestration.definitions import defs
from orchestration.jobs import WAREHOUSE_JOB, run_config


def run_job(*, online: bool = False) -> ExecuteInProcessResult:
    job = defs.resolve_job_def(WAREHOUSE_JOB)
    with DagsterInstance.ephemeral() as instance:
        return job.execute_in_process(
            run_config=run_config(online=online), instance=instance, raise_on_error=False
        )
