"""End to end through the real entry points: the `briefings` CLI, the `dagster` CLI, and the
Dagster webserver with its daemon launching a queued run."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, query

from briefings.config import ensure_dagster_home

BIN = Path(sys.executable).parent


def _env(workdir: Path) -> dict[str, str]:
    """The environment of a newcomer's shell, pointed at this test's folders. The Dagster
    instance folder gets the dagster.yaml (run queue of one, no telemetry) as `make dev` gives it."""
    ensure_dagster_home()  # DAGSTER_HOME is this test's folder (the workdir fixture set it)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        BRIEFINGS_RAW=str(workdir / "raw"),
        BRIEFINGS_WAREHOUSE=str(workdir / "warehouse" / "briefings.duckdb"),
        DAGSTER_HOME=str(workdir / "dagster_home"),
    )
    return env


def test_briefings_run_publishes_then_finds_nothing_new(shipped_raw: Path) -> None:
    env = _env(shipped_raw)
    first = subprocess.run(
        [BIN / "briefings", "run"], env=env, capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert first.returncode == 0, first.stdout + first.stderr
    assert "published" in first.stdout and "figures: 23" in first.stdout
    assert query(
        shipped_raw / "warehouse" / "briefings.duckdb",
        "select count(*) from marts.fct_campaign_outcomes where campaign = 'Sword Net 2020'",
    ) == [(2,)]
    second = subprocess.run(
        [BIN / "briefings", "run"], env=env, capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert second.returncode == 0
    assert "nothing new" in second.stdout


def test_dagster_cli_executes_the_job(shipped_raw: Path) -> None:
    proc = subprocess.run(
        [
            BIN / "dagster",
            "job",
            "execute",
            "-m",
            "orchestration.definitions",
            "-j",
            "warehouse_job",
        ],
        env=_env(shipped_raw),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert query(
        shipped_raw / "warehouse" / "briefings.duckdb", "select count(*) from marts.fct_figures"
    ) == [(23,)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _graphql(port: int, query_text: str, variables: dict | None = None) -> dict:
    body = json.dumps({"query": query_text, "variables": variables or {}}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=body, headers={"Content-Type": "application/json"}
    )
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({})
    )  # loopback only, never a proxy
    with opener.open(request, timeout=10) as response:
        return json.loads(response.read())


LAUNCH = """
mutation($selector: JobOrPipelineSelector!) {
  launchPipelineExecution(executionParams: {selector: $selector, mode: "default"}) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on RunConfigValidationInvalid { errors { message } }
  }
}"""


def _run(port: int, run_id: str) -> tuple[str, str | None]:
    """A run's status and the sensor that requested it, if any."""
    run = _graphql(
        port,
        "query($id: ID!) { runOrError(runId: $id) { ... on Run { status tags { key value } } } }",
        {"id": run_id},
    )["data"]["runOrError"]
    tags = {t["key"]: t["value"] for t in run["tags"]}
    return run["status"], tags.get("dagster/sensor_name")


def _as_from_a_terminal() -> None:
    """In the child before exec: no blocked signals, SIGINT and SIGTERM at their defaults.

    `dagster dev` stops on SIGTERM by handling it as SIGINT; a child inherits a blocked or
    ignored SIGINT from the test process as it is, and then never stops.
    """
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _signal_state(pid: int) -> str:
    """The blocked and ignored signal sets of a process, as the kernel reports them."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError as exc:
        return str(exc)
    return " ".join(line for line in status.splitlines() if line.startswith(("SigBlk", "SigIgn")))


def test_webserver_lists_the_job_and_its_daemon_builds_and_runs_it(shipped_raw: Path) -> None:
    env = _env(shipped_raw)
    port = _free_port()
    log_path = shipped_raw / "dagster-dev.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [BIN / "dagster", "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_as_from_a_terminal,
    )
    try:
        deadline = time.monotonic() + 120
        nodes: list = []
        while time.monotonic() < deadline and not nodes:
            try:
                repos = _graphql(
                    port,
                    "{ repositoriesOrError { ... on RepositoryConnection { nodes { name "
                    "location { name } jobs { name } } } } }",
                )
                nodes = repos["data"]["repositoriesOrError"].get("nodes") or []
            except OSError:
                pass  # not listening yet
            if not nodes:
                time.sleep(1)
        assert nodes, "the webserver did not list the code location within 120 s"
        [repo] = nodes
        assert {"warehouse_job", "fetch_briefing_job"} <= {j["name"] for j in repo["jobs"]}

        # Nothing is published yet: the daemon's build sensor starts a build by itself.
        published = shipped_raw / "warehouse" / "briefings.duckdb"
        while time.monotonic() < deadline + 180 and not published.exists():
            time.sleep(2)
        assert published.exists(), "the build sensor did not publish within 300 s"
        [(sensor_run,)] = query(published, "select run_id from meta.build")
        # The file is swapped in by the run's last step; the run ends a moment later.
        while time.monotonic() < deadline + 240:
            status, sensor = _run(port, sensor_run)
            if status in ("SUCCESS", "FAILURE", "CANCELED"):
                break
            time.sleep(1)
        assert (status, sensor) == ("SUCCESS", "build_when_inputs_change")

        # A run launched by hand is queued, run by the daemon, and finds nothing new.
        selector = {
            "repositoryLocationName": repo["location"]["name"],
            "repositoryName": repo["name"],
            "jobName": "warehouse_job",
        }
        before = published.read_bytes()
        launched = _graphql(port, LAUNCH, {"selector": selector})["data"]["launchPipelineExecution"]
        assert launched["__typename"] == "LaunchRunSuccess", launched
        run_id = launched["run"]["runId"]
        status = None
        while time.monotonic() < deadline + 300:
            status, _ = _run(port, run_id)
            if status in ("SUCCESS", "FAILURE", "CANCELED"):
                break
            time.sleep(2)
        assert status == "SUCCESS"
        assert published.read_bytes() == before
        assert query(published, "select run_id from meta.build") == [(sensor_run,)]
        # With nothing new, the sensor starts no further build.
        time.sleep(5)
        runs = _graphql(port, "{ runsOrError { ... on Runs { results { runId status } } } }")
        assert sorted(r["runId"] for r in runs["data"]["runsOrError"]["results"]) == sorted(
            [sensor_run, run_id]
        )
    finally:
        signals = _signal_state(server.pid)
        os.killpg(server.pid, signal.SIGTERM)
        try:
            # The daemon, the webserver and the code server stop in turn; on a loaded
            # machine (the suite runs on two workers) that has taken more than 30 s.
            server.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            tail = log_path.read_text(errors="replace")[-4000:]
            pytest.fail(
                f"dagster dev did not stop on SIGTERM ({signals}); the end of its log:\n{tail}"
            )
        finally:
            log.close()
