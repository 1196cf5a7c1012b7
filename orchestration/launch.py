"""Run the warehouse job in-process, as the build sensor would, and summarise what it did."""

from __future__ import annotations

import contextlib
import time
import uuid
from dataclasses import dataclass, field

from dagster import DagsterEventType, DagsterInstance

from briefings.config import Settings, ensure_dagster_home
from briefings.publish import published_meta, test_results_from_dbt
from briefings.runs import RunPaths


@dataclass
class RunSummary:
    run_id: str
    success: bool
    published: bool
    seconds: float
    nothing_new: bool = False
    mode: str = "offline"
    briefings: int = 0
    pages: int = 0
    figures: int = 0
    tests_passed: int = 0
    tests_warned: int = 0
    tests_failed: int = 0
    failed_tests: list[str] = field(default_factory=list)
    published_path: str | None = None
    errors: list[str] = field(default_factory=list)
    run_dir: str = ""
    report_path: str | None = None

    def render(self) -> str:
        state = "published" if self.published else "NOT published"
        if self.nothing_new:
            state = "nothing new; the published warehouse is unchanged"
        lines = [
            f"run {self.run_id}: {state} in {self.seconds:.1f} s ({self.mode})",
            f"  briefings: {self.briefings}   pages: {self.pages}   figures: {self.figures}",
            f"  tests: {self.tests_passed} passed, {self.tests_warned} warned, {self.tests_failed} failed",
        ]
        lines += [f"  failed test: {name}" for name in self.failed_tests]
        if self.published_path:
            lines.append(f"  published: {self.published_path}")
        elif not self.nothing_new:
            lines.append("  the published warehouse was left as it was")
            lines.append(f"  this run's build, audit rows and log: {self.run_dir}")
        lines += [f"  error: {e}" for e in self.errors]
        if self.report_path:
            lines.append(f"  report: {self.report_path}")
        return "\n".join(lines)


def _published_counts(settings: Settings) -> dict:
    meta = published_meta(settings.warehouse_path) or {}
    return {
        "briefings": meta.get("briefings", 0),
        "pages": meta.get("pages", 0),
        "counts": {"figures": meta.get("figures", 0)},
        "tests": (
            meta.get("tests_passed", 0),
            meta.get("tests_warned", 0),
            meta.get("tests_failed", 0),
        ),
    }


def _mode(run: RunPaths, online: bool) -> str:
    """online, offline, or offline with the reason an online run fell back to raw/."""
    snapshots = run.read_json(run.snapshot_report) or {}
    mode = snapshots.get("mode", "online" if online else "offline")
    reason = snapshots.get("offline_reason")
    return f"{mode}: {reason}" if online and reason else mode


def _summarise(settings: Settings, result, seconds: float, online: bool) -> RunSummary:
    run = RunPaths.for_run(settings, result.run_id)
    bundle = run.read_json(run.bundle_summary) or {}
    if not bundle and run.nothing_new.exists():
        bundle = _published_counts(settings)
    published = run.read_json(run.publish_summary)
    run_results = run.read_json(run.run_results) or {}
    tests = test_results_from_dbt(run_results)
    errors = []
    for event in result.all_events:
        if event.event_type == DagsterEventType.STEP_FAILURE and event.step_failure_data:
            error = event.step_failure_data.error
            message = (
                (error.cause.message if error and error.cause else error.message) if error else ""
            )
            errors.append(
                f"{event.step_key}: {message.strip().splitlines()[0] if message else 'failed'}"
            )
    return RunSummary(
        run_id=result.run_id,
        success=result.success,
        published=published is not None,
        nothing_new=run.nothing_new.exists(),
        seconds=seconds,
        mode=_mode(run, online),
        briefings=bundle.get("briefings", 0),
        pages=bundle.get("pages", 0),
        figures=bundle.get("counts", {}).get("figures", 0),
        tests_passed=bundle["tests"][0]
        if "tests" in bundle
        else sum(t.status == "pass" for t in tests),
        tests_warned=bundle["tests"][1]
        if "tests" in bundle
        else sum(t.status == "warn" for t in tests),
        tests_failed=bundle["tests"][2] if "tests" in bundle else sum(t.blocking for t in tests),
        failed_tests=[f"{t.name} ({t.failures} rows)" for t in tests if t.blocking],
        published_path=published["path"] if published else None,
        errors=errors,
        run_dir=str(run.root),
    )


def run_warehouse_job(settings: Settings, *, online: bool = False) -> RunSummary:
    """The job the build sensor launches, executed in this process."""
    ensure_dagster_home()
    from orchestration.definitions import defs
    from orchestration.jobs import WAREHOUSE_JOB, run_config
    from orchestration.reports import write_run_report

    start = time.monotonic()
    job = defs.resolve_job_def(WAREHOUSE_JOB)
    run_id = str(uuid.uuid4())
    run = RunPaths.for_run(settings, run_id)
    run.root.mkdir(parents=True, exist_ok=True)
    # The run's own chatter (Dagster events, dbt's log) goes to a file; the terminal gets the summary.
    with (
        (run.root / "run.log").open("w", encoding="utf-8") as log,
        contextlib.redirect_stdout(log),
        contextlib.redirect_stderr(log),
        DagsterInstance.get() as instance,
    ):
        result = job.execute_in_process(
            run_config=run_config(online=online),
            instance=instance,
            raise_on_error=False,
            run_id=run_id,
        )
    summary = _summarise(settings, result, time.monotonic() - start, online)
    write_run_report(
        settings, run_id, mode=summary.mode, seconds=summary.seconds, errors=summary.errors
    )
    summary.report_path = str(settings.report_path)
    return summary
