"""The pipeline at the scale of the whole press room: throughput, memory and the cost of a quiet day.

    python -m briefings.bench [--pages 1000,10000] [--seed 0] [--workdir DIR]

For each size, two child processes, so that neither inherits the other's heap:

1. generate a synthetic corpus (briefings.corpus), serve it from a threaded HTTP server in a
   process of its own on 127.0.0.1 (ETags, 304s), and run every stage in sequence: fetch (ingest.refresh, twice: the
   second pass is all 304s), parse + extract (bundle.build_bundle with a fresh cache, then
   warm), load (load.load_bundle; twice more, for a median), dbt build (the CLI, runs.dbt_build_args), publish; score
   the extraction against the corpus's gold; time parse and extract on one core in memory;
2. the real Dagster job (launch.run_warehouse_job, offline) on the fetched raw/; then a quiet
   day: the daily schedule's run (refresh_job with the schedule's own run config) and the
   build sensor's tick after it, the warehouse job launched anyway with nothing new, and one
   empty asset materialized in the same process on the same instance.

Peak RSS is the sum of VmRSS over a process tree, read from /proc every 50 ms by a sampler
thread: per stage (the child and its dbt subprocess) and for the whole benchmark tree. The
dbt process's own peak is the same sum over the descendants alone.

The HTML run report that run_warehouse_job writes after each job is timed on its own row
(a scheduled run leaves it to a sensor).
The CPU used by other processes on the machine meanwhile is printed: timings are only as
quiet as the machine.

The issue's targets are printed next to the measured figures for a human to judge; nothing
here asserts them. Everything is written under the work directory: the repository's raw/,
warehouse/ and .dagster_home/ are never touched.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import io
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TARGETS = {
    "extract_chars_per_s": 3_000_000,
    "load_rows_per_s": 500_000,
    "e2e_seconds_10k": 120,
    "peak_rss_bytes_10k": int(1.5 * 2**30),
    "nothing_new_vs_empty_asset": 2.0,
    "ratio_10x": 11.0,
}
_SAMPLE_INTERVAL = 0.05
_CONTENT_TYPES = {
    ".htm": "text/html; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


# -- a static site with ETags -----------------------------------------------------------------
class _SiteHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the fetcher's session reuses its connection
    # Headers and body leave in one send: two small sends meet Nagle and delayed ACK and cost
    # 40 ms a response, which would be the server's cost, not the pipeline's.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True
    root: Path
    last_modified = formatdate(0, usegmt=True)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        target = (self.root / path.lstrip("/")).resolve()
        if self.root not in target.parents or not target.is_file():
            self._reply(404, b"not found", {"Content-Type": "text/plain"})
            return
        body = target.read_bytes()
        etag = f'"{hashlib.sha1(body).hexdigest()[:20]}"'
        validators = {"ETag": etag, "Last-Modified": self.last_modified}
        if self.headers.get("If-None-Match") == etag:
            self._reply(304, b"", validators)
            return
        content_type = _CONTENT_TYPES.get(target.suffix, "application/octet-stream")
        self._reply(200, body, {"Content-Type": content_type, **validators})

    def _reply(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return  # thousands of requests: keep the terminal for the results


class SiteServer:
    """Files under `root` on http://127.0.0.1:<free port>/, answering If-None-Match with 304."""

    def __init__(self, root: Path) -> None:
        handler = type("Handler", (_SiteHandler,), {"root": Path(root).resolve()})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serve(root: Path, conn) -> None:
    with SiteServer(root) as server:
        conn.send(server.port)
        conn.recv()  # until the benchmark says stop


@contextlib.contextmanager
def site_in_another_process(root: Path) -> Iterator[str]:
    """The site served by a process of its own: the web server's work is not the pipeline's,
    and in the fetching process it would take the GIL from the fetcher."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve, args=(Path(root), theirs), daemon=True)
    process.start()
    try:
        yield f"http://127.0.0.1:{ours.recv()}"
    finally:
        ours.send("stop")
        process.join(timeout=10)
        if process.is_alive():
            process.kill()


# -- memory of the process tree ---------------------------------------------------------------
def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue  # the process ended between listing and reading
        # The command name may hold spaces and parentheses: fields resume after the last ')'.
        ppid = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _rss(pid: int) -> int:
    with (
        contextlib.suppress(OSError),
        open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle,
    ):
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def tree_rss(root: int) -> tuple[int, int]:
    """Bytes resident right now in `root` with all its descendants, and in the descendants alone."""
    children = _children_map()
    todo, descendants = list(children.get(root, ())), 0
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        descendants += _rss(pid)
    return _rss(root) + descendants, descendants


class RssSampler:
    """Peak RSS of this process tree, overall and per labelled stage."""

    def __init__(self, root: int | None = None) -> None:
        self.root = root or os.getpid()
        self.label = "setup"
        self.peak = 0
        self.peaks: dict[str, int] = {}
        # The subprocesses alone (dbt): getrusage cannot say, as a forked child's maxrss
        # starts with the pages it shares with its parent.
        self.child_peaks: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(_SAMPLE_INTERVAL)

    def sample(self) -> None:
        rss, children = tree_rss(self.root)
        self.peak = max(self.peak, rss)
        self.peaks[self.label] = max(self.peaks.get(self.label, 0), rss)
        self.child_peaks[self.label] = max(self.child_peaks.get(self.label, 0), children)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


def _machine_busy_seconds() -> float:
    """CPU seconds all cores of the machine have spent busy since boot (/proc/stat)."""
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    """CPU seconds of this process and of every child it has waited for (and theirs)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def code_identity() -> str:
    """A hash of the code being measured: the package (but this file), orchestration, dbt.

    Recorded at the start and the end of every phase, so a run over code that others changed
    meanwhile says so instead of comparing two versions as if they were one.
    """
    root = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for base in (root / "src" / "briefings", root / "orchestration", root / "dbt_project"):
        for path in sorted(base.rglob("*")):
            if (
                path.is_file()
                and path.suffix in {".py", ".sql", ".yml", ".csv"}
                and path.name != "bench.py"
                and not {"target", "logs", "__pycache__"} & set(path.parts)
            ):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# -- measuring one size -----------------------------------------------------------------------
@dataclass
class Stage:
    name: str
    seconds: float
    pages: int = 0
    chars: int = 0
    rows: int | None = None
    peak_rss: int = 0
    note: str = ""
    pipeline: bool = True  # a stage of the pipeline (not the benchmark's own bookkeeping)


@dataclass
class SizeResult:
    pages: int
    seed: int
    briefings: int = 0
    characters: int = 0
    bytes: int = 0
    figures_gold: int = 0
    stages: list[Stage] = field(default_factory=list)
    sequential_seconds: float = 0.0
    dagster_seconds: float = 0.0
    dagster_published: bool = False
    dagster_errors: list[str] = field(default_factory=list)
    nothing_new_seconds: float = 0.0
    nothing_new_skipped: bool = False
    nothing_new_tick_seconds: float = 0.0  # the build sensor's evaluation: no run is launched
    scheduled_seconds: float = 0.0  # the daily schedule's run (refresh_job) with nothing new
    scheduled_settled: int = 0  # pages it did not ask for: settled briefings
    scheduled_asked: int = 0  # pages it asked the site for
    load_repeat_seconds: list[float] = field(default_factory=list)  # the load, twice more
    empty_asset_seconds: float = 0.0
    empty_asset_same_instance_seconds: float = 0.0
    orchestration_import_seconds: float = 0.0
    report_seconds: list[float] = field(default_factory=list)  # HTML run report, per job run
    single_core: dict = field(default_factory=dict)
    quality: dict = field(default_factory=dict)
    tests: dict = field(default_factory=dict)
    published: bool = False
    publish_error: str | None = None
    peak_rss: dict[str, int] = field(default_factory=dict)  # phase -> peak of its process tree
    code: list[str] = field(default_factory=list)  # code_identity() at each phase's start and end

    def stage(self, prefix: str) -> Stage | None:
        return next((s for s in self.stages if s.name.startswith(prefix)), None)


class _Timer:
    def __init__(self, result: SizeResult, sampler: RssSampler) -> None:
        self.result = result
        self.sampler = sampler

    @contextlib.contextmanager
    def stage(
        self, name: str, pages: int = 0, chars: int = 0, *, pipeline: bool = True
    ) -> Iterator[Stage]:
        stage = Stage(name, 0.0, pages, chars, pipeline=pipeline)
        self.sampler.label = name
        self.sampler.sample()
        start = time.perf_counter()
        try:
            yield stage
        finally:
            stage.seconds = time.perf_counter() - start
            self.sampler.sample()
            stage.peak_rss = self.sampler.peaks.get(name, 0)
            self.sampler.label = "bookkeeping"
            self.result.stages.append(stage)


def _dbt_executable() -> str:
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else "dbt"


# gold.jsonl, one page per line: its figures and its non-figures, each unnested to a row.
_GOLD_ITEMS = {
    "figures": 'STRUCT("start" INTEGER, "end" INTEGER, number VARCHAR, "value" DOUBLE, '
    'qualifier VARCHAR, kind VARCHAR, unit_kind VARCHAR, "template" VARCHAR, currency VARCHAR, '
    'measure VARCHAR, "scope" VARCHAR, "year" INTEGER)[]',
    "not_figures": 'STRUCT("start" INTEGER, "end" INTEGER, "text" VARCHAR, why VARCHAR)[]',
}


def _gold_sql(gold_path: Path, items: str = "figures") -> str:
    """One row per gold figure (or non-figure) with its page_id, path and format."""
    path = str(gold_path).replace("'", "''")
    columns = (
        "{'briefing_id': 'VARCHAR', 'page_no': 'INTEGER', 'path': 'VARCHAR', "
        f"'format': 'VARCHAR', '{items}': '{_GOLD_ITEMS[items]}'}}"
    )
    return (
        "SELECT briefing_id || ':p' || page_no AS page_id, path, format, "
        f"unnest({items}, recursive := true) "
        f"FROM read_json('{path}', format = 'newline_delimited', columns = {columns}, "
        "maximum_object_size = 100000000)"
    )


def _score(gold_path: Path, build_db: Path) -> dict:
    """Precision and recall of the extracted figures against the generator's gold.

    A figure matches when its numeral sits at the gold characters (as evaluate.py matches);
    value and qualifier of matched figures are scored too. Misses are counted by the phrasing
    (generator template) that produced them, extras by page format. DuckDB does the joining,
    so the benchmark's own bookkeeping stays small next to the pipeline it measures. The
    figures are those of the build database (its raw tables, and the words dbt cut for them).
    """
    import duckdb

    con = duckdb.connect(str(build_db), read_only=True)
    try:
        con.execute(f"CREATE TEMP TABLE gold AS {_gold_sql(gold_path)}")
        con.execute(
            "CREATE TEMP TABLE sys AS SELECT r.page_id, r.number_start, r.number_end, r.value, "
            "r.qualifier, q.as_written FROM staging.stg_figures AS r "
            "JOIN intermediate.int_quoted_figures AS q USING (figure_id)"
        )
        con.execute(
            "CREATE TEMP TABLE joined AS SELECT g.*, s.page_id AS s_page, s.value AS s_value, "
            "s.qualifier AS s_qualifier, s.as_written FROM gold AS g FULL OUTER JOIN sys AS s "
            'ON g.page_id = s.page_id AND g.start = s.number_start AND g."end" = s.number_end'
        )
        gold_n, system_n, matched, value_ok, qualifier_ok = con.execute(
            "SELECT count(page_id), count(s_page), count(*) FILTER (page_id IS NOT NULL AND "
            "s_page IS NOT NULL), count(*) FILTER (abs(s_value - value) <= 1e-6 * "
            "greatest(1, abs(value))), count(*) FILTER (s_qualifier = qualifier) FROM joined"
        ).fetchone()
        misses = con.execute(
            "SELECT template, count(*), any_value(path || ': ' || number) FROM joined "
            "WHERE s_page IS NULL GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
        extras = con.execute(
            "SELECT s.page_id, s.as_written FROM sys AS s ANTI JOIN gold AS g "
            'ON g.page_id = s.page_id AND g.start = s.number_start AND g."end" = s.number_end '
            "LIMIT 5"
        ).fetchall()
        wrong = con.execute(
            "SELECT template, count(*) FROM joined WHERE page_id IS NOT NULL AND s_page IS NOT "
            "NULL AND (abs(s_value - value) > 1e-6 * greatest(1, abs(value)) OR s_qualifier <> "
            "qualifier) GROUP BY 1 ORDER BY 2 DESC LIMIT 10"
        ).fetchall()
    finally:
        con.close()
    return {
        "gold": gold_n,
        "system": system_n,
        "matched": matched,
        "precision": matched / system_n if system_n else 1.0,
        "recall": matched / gold_n if gold_n else 1.0,
        "value_accuracy": value_ok / matched if matched else 1.0,
        "qualifier_accuracy": qualifier_ok / matched if matched else 1.0,
        "misses_by_phrasing": {t: n for t, n, _ in misses},
        "miss_examples": {t: e for t, _, e in misses},
        "extra_examples": [f"{p}: {w!r}" for p, w in extras],
        "wrong_attributes": dict(wrong),
    }


def _fetch_one(build_db: Path, sql: str) -> tuple:
    """The one row `sql` gives on the build database, read-only."""
    import duckdb

    con = duckdb.connect(str(build_db), read_only=True)
    try:
        return con.execute(sql).fetchone()
    finally:
        con.close()


def _score_not_figures(gold_path: Path, build_db: Path) -> dict:
    """How the numerals the generator wrote as non-figures reach the warehouse. A standalone
    one (a year, a date, a code, "four" in a name) must be listed in marts.fct_skipped_numbers
    with the generator's reason; digits inside a word ("COVID-19", "G20", "14th", "2021-25",
    told by the characters around them or by the token itself) are no numeral to the
    extractor, so they are counted apart. None may become a figure."""
    row = _fetch_one(
        build_db,
        f"WITH gold AS ({_gold_sql(gold_path, 'not_figures')}), "
        # Offsets count from 0, substring from 1: the characters just before and after.
        "placed AS (SELECT g.*, regexp_matches(substring(p.page_text, g.start, 1) || "
        "substring(p.page_text, g.\"end\" + 1, 1), '[[:alnum:]-]') OR regexp_matches("
        "text, '[0-9][[:alpha:]-]|[[:alpha:]-][0-9]') AS in_word "
        "FROM gold AS g JOIN marts.dim_page AS p USING (page_id)), "
        "joined AS (SELECT g.*, s.skip_reason, f.figure_id FROM placed AS g "
        "LEFT JOIN marts.fct_skipped_numbers AS s ON s.page_id = g.page_id "
        'AND s.char_start = g.start AND s.char_end = g."end" '
        "LEFT JOIN staging.stg_figures AS f ON f.page_id = g.page_id "
        'AND f.number_start = g.start AND f.number_end = g."end") '
        "SELECT count(*), count(*) FILTER (NOT in_word), count(skip_reason) FILTER "
        "(NOT in_word), count(*) FILTER (NOT in_word AND skip_reason = why), "
        "count(*) FILTER (in_word), count(figure_id), list(path || ': ' || text || ' (' || "
        "why || ' -> ' || coalesce(skip_reason, 'figure ' || figure_id, 'nothing') || ')') "
        "FILTER (figure_id IS NOT NULL OR (NOT in_word AND skip_reason IS DISTINCT FROM "
        "why))[:5] FROM joined",
    )
    keys = ("gold", "standalone", "skipped", "reason_right", "in_word", "taken_as_figures")
    return dict(zip(keys, row[:-1], strict=True)) | {"examples": row[-1] or []}


def _attribution(gold_path: Path, build_db: Path) -> dict:
    """How often the warehouse gives a mapped level the measure, scope and year the corpus meant.

    The corpus has one truth per measure, scope and year; the unit phrase that scope_key adds
    for a broad measure ("#cases") only narrows what R2 compares, so it is left out here. A
    place ("@Guangdong") is compared: the corpus names none, so any is a misreading.
    """
    row = _fetch_one(
        build_db,
        f"WITH gold AS ({_gold_sql(gold_path)}), "
        "sys AS (SELECT r.page_id, r.number_start, i.measure AS s_measure, "
        "regexp_replace(i.scope_key, '#.*$', '') AS s_scope, i.period_year AS s_year "
        "FROM intermediate.int_figures AS i "
        "JOIN staging.stg_figures AS r USING (figure_id)) "
        "SELECT count(*), count(*) FILTER (s_measure = measure), count(*) FILTER "
        "(s_scope = scope), count(*) FILTER (s_year = year), "
        "list(DISTINCT template || ': ' || coalesce(s_measure, '-') || ' / ' || "
        "coalesce(s_scope, '-')) FILTER (s_measure IS DISTINCT FROM measure OR s_scope "
        "IS DISTINCT FROM scope) "
        "FROM gold JOIN sys ON gold.page_id = sys.page_id AND gold.start = sys.number_start "
        "WHERE gold.measure IS NOT NULL AND gold.kind = 'level'",
    )
    total, measure_ok, scope_ok, year_ok, wrong = row
    return {
        "mapped_levels": total,
        "measure": measure_ok / total if total else 1.0,
        "scope": scope_ok / total if total else 1.0,
        "year": year_ok / total if total else 1.0,
        "disagreements": (wrong or [])[:8],
    }


def _failing_tests(run_results: dict, build_db: Path) -> dict:
    from briefings.publish import test_results_from_dbt

    tests = test_results_from_dbt(run_results)
    out: dict = {
        "passed": sum(t.status == "pass" for t in tests),
        "warned": sum(t.status == "warn" for t in tests),
        "failed": [f"{t.name} ({t.failures} rows)" for t in tests if t.blocking],
    }
    if out["failed"]:
        import duckdb

        con = duckdb.connect(str(build_db), read_only=True)
        try:
            samples = {}
            for (table,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'audit'"
            ).fetchall():
                rows = con.execute(f'SELECT * FROM audit."{table}" LIMIT 2').fetchall()
                if rows and table.startswith(("r1", "r2", "r3", "r4", "r5")):
                    samples[table] = [str(r)[:400] for r in rows]
            out["audit_samples"] = samples
        finally:
            con.close()
    return out


def _single_core(store, snapshots: list, sample: int, repeats: int = 3) -> dict:
    """Parse and extract in memory (no I/O): html -> text, text -> structure, extraction.

    Each stage's CPU time of this process (time.process_time: what other processes take of
    the core is not counted), the best of `repeats` passes over the sample.
    """
    from briefings.extract import extract_page
    from briefings.parse import page_text
    from briefings.parse.text import parse_text

    step = max(1, len(snapshots) // sample) if sample else 1
    chosen = snapshots[::step][: sample or None]
    docs = [(store.read_text(s), s.media_type) for s in chosen]
    best = {"html_to_text": float("inf"), "parse": float("inf"), "extract": float("inf")}
    chars = 0
    for _ in range(repeats):
        timings = dict.fromkeys(best, 0.0)
        chars = 0
        for content, media_type in docs:
            t0 = time.process_time()
            text = page_text(content, media_type)
            t1 = time.process_time()
            page = parse_text(text)
            t2 = time.process_time()
            extract_page(page)
            t3 = time.process_time()
            timings["html_to_text"] += t1 - t0
            timings["parse"] += t2 - t1
            timings["extract"] += t3 - t2
            chars += len(text)
        best = {k: min(best[k], timings[k]) for k in best}
    total = sum(best.values())
    return {
        "pages": len(docs),
        "chars": chars,
        "repeats": repeats,
        "seconds": best,
        "chars_per_s": {k: chars / v if v else 0.0 for k, v in best.items()}
        | {"all three": chars / total if total else 0.0},
    }


def _empty_asset_seconds(instance_factory, repeats: int = 5) -> float:
    from dagster import asset, materialize

    @asset
    def empty() -> None:
        return None

    def once() -> float:
        # The run's console log goes nowhere, as run_warehouse_job sends its own to a file.
        with (
            instance_factory() as instance,
            contextlib.redirect_stderr(io.StringIO()),
            contextlib.redirect_stdout(io.StringIO()),
        ):
            start = time.perf_counter()
            result = materialize([empty], instance=instance)
            elapsed = time.perf_counter() - start
        assert result.success
        return elapsed

    once()  # warm-up: imports and first-run caches are not the asset's cost
    return statistics.median(once() for _ in range(repeats))


def _quiet_tick_seconds(repeats: int = 5) -> float:
    """What the daemon does each minute when nothing is new: evaluate the build sensor, which
    compares the inputs with the published warehouse's and skips (median after a warm-up)."""
    from dagster import DagsterInstance, SkipReason, build_sensor_context

    from orchestration.jobs import build_when_inputs_change
    from orchestration.resources import WarehousePaths

    def once() -> float:
        with DagsterInstance.get() as instance:
            context = build_sensor_context(instance=instance, resources={"paths": WarehousePaths()})
            start = time.perf_counter()
            outcome = build_when_inputs_change(context)
            elapsed = time.perf_counter() - start
        assert isinstance(outcome, SkipReason), f"the build sensor found something new: {outcome}"
        return elapsed

    once()
    return statistics.median(once() for _ in range(repeats))


def _scheduled_refresh(repeats: int = 5) -> tuple[float, int, int]:
    """The daily schedule's run on a quiet day: refresh_job with the run config the schedule
    itself produces, executed on the job's instance. Median seconds after a warm-up, and the
    pages it left as settled and asked for."""
    from dagster import DagsterInstance, build_schedule_context

    from orchestration.definitions import defs

    schedule = defs.resolve_schedule_def("daily_refresh")
    [request] = schedule.evaluate_tick(build_schedule_context()).run_requests
    job = defs.resolve_job_def(schedule.job_name)

    def once() -> tuple[float, dict]:
        with (
            DagsterInstance.get() as instance,
            contextlib.redirect_stderr(io.StringIO()),
            contextlib.redirect_stdout(io.StringIO()),
        ):
            start = time.perf_counter()
            result = job.execute_in_process(run_config=request.run_config, instance=instance)
            elapsed = time.perf_counter() - start
        [event] = result.asset_materializations_for_node("snapshots")
        return elapsed, {k: v.value for k, v in event.metadata.items()}

    _, meta = once()
    seconds = statistics.median(once()[0] for _ in range(repeats))
    asked = meta["fetched"] + meta["unchanged"] + meta["failed"]
    return seconds, meta["settled"], asked


def _use_workdir(work: Path) -> None:
    """The job runs see only the work directory (config.settings() reads these at call time)."""
    os.environ["BRIEFINGS_RAW"] = str(work / "raw")
    os.environ["BRIEFINGS_WAREHOUSE"] = str(work / "dagster" / "briefings.duckdb")
    os.environ["BRIEFINGS_SOURCES"] = str(work / "sources.yaml")
    os.environ["DAGSTER_HOME"] = str(work / "dagster_home")


def run_stages(pages: int, seed: int, work: Path, extract_sample: int) -> SizeResult:
    """Corpus, server, and every stage in sequence, in this process (phase 1 of a size)."""
    import yaml

    from briefings.bundle import build_bundle, current_pages
    from briefings.config import Settings
    from briefings.corpus import generate_briefings, registry_dict, write_site
    from briefings.fetch import Fetcher, FetchPolicy
    from briefings.ingest import refresh
    from briefings.load import load_bundle
    from briefings.pages import ExtractionCache
    from briefings.publish import PublishRefused, publish
    from briefings.runs import dbt_build_args, input_fingerprint
    from briefings.snapshots import SnapshotStore
    from briefings.sources import load_registry

    work.mkdir(parents=True, exist_ok=True)
    _use_workdir(work)
    result = SizeResult(pages=pages, seed=seed, code=[code_identity()])
    raw, sources = work / "raw", work / "sources.yaml"
    with RssSampler() as sampler:
        timer = _Timer(result, sampler)
        print(f"[{pages} pages] generating the corpus ...", flush=True)
        gold_path = work / "gold.jsonl"
        with timer.stage("generate corpus (bench only)", pipeline=False):
            site = write_site(generate_briefings(pages, seed), work / "site", gold_path=gold_path)
        result.briefings, result.characters, result.bytes = (
            len(site.briefings),
            site.characters,
            site.bytes,
        )
        with gold_path.open(encoding="utf-8") as handle:
            result.figures_gold = sum(line.count('"template"') for line in handle)
        print(
            f"[{pages} pages] {result.briefings} briefings, {result.characters:,} characters, "
            f"{result.figures_gold:,} gold figures",
            flush=True,
        )
        chars = result.characters
        store = SnapshotStore(raw)
        with site_in_another_process(site.root) as base:
            data = registry_dict(site.briefings, int(base.rsplit(":", 1)[1]))
            sources.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
            registry = load_registry(sources)
            policy = FetchPolicy(politeness_delay=0.0, max_attempts=2, backoff_base=0.1)
            print(f"[{pages} pages] fetch from {base} (a server process) ...", flush=True)
            with Fetcher(registry.allowed_hosts, policy=policy) as fetcher:
                with timer.stage("fetch (ingest.refresh)", pages, chars) as stage:
                    report = refresh(registry, store, fetcher)
                stage.note = (
                    f"{report.fetched} fetched, {report.failed} failed; "
                    f"{site.bytes / stage.seconds / 1e6:.2f} MB/s"
                )
                print(f"[{pages} pages] fetch again: all 304 ...", flush=True)
                with timer.stage("  fetch again, nothing new (304s)", pages, chars) as stage:
                    again = refresh(registry, store, fetcher)
                stage.note = f"{again.unchanged} unchanged, {again.fetched} fetched"
        if report.failed:
            failures = [p.error for p in report.pages if p.status == "failed"][:3]
            raise RuntimeError(f"{report.failed} pages failed to fetch: {failures}")

        print(f"[{pages} pages] parse + extract + bundle ...", flush=True)
        bundle_dir, build_db = work / "bundle", work / "build.duckdb"
        with timer.stage("parse + extract (build_bundle)", pages, chars) as stage:
            summary = build_bundle(store, registry, ExtractionCache(work / "cache"), bundle_dir)
        stage.rows = sum(summary.counts.values())
        stage.note = (
            f"{summary.cache_misses} pages extracted, {summary.counts['figures']:,} figures"
        )
        with timer.stage("  again, warm cache (build_bundle)", pages, chars) as stage:
            warm = build_bundle(store, registry, ExtractionCache(work / "cache"), work / "bundle2")
        stage.note = f"{warm.cache_hits} cache hits"

        print(f"[{pages} pages] load ...", flush=True)
        with timer.stage("load (load_bundle)", pages, chars) as stage:
            counts = load_bundle(bundle_dir, build_db)
        stage.rows = sum(counts.values())
        stage.note = f"{stage.rows:,} rows in {len(counts)} tables"
        # A single load at 1,000 pages lasts a quarter of a second, within the machine's noise:
        # two more into a fresh file, and the target is judged on the median of the three.
        for _ in range(2):
            build_db.unlink()
            start = time.perf_counter()
            load_bundle(bundle_dir, build_db)
            result.load_repeat_seconds.append(time.perf_counter() - start)

        print(f"[{pages} pages] dbt build ...", flush=True)
        dbt_target = work / "dbt_target"
        project = Path(__file__).resolve().parents[2] / "dbt_project"
        command = [
            _dbt_executable(),
            *dbt_build_args(build_db),
            *("--project-dir", str(project), "--profiles-dir", str(project)),
            *("--target-path", str(dbt_target), "--log-path", str(work / "dbt_logs")),
        ]
        with timer.stage("dbt build (CLI subprocess)", pages, chars) as stage:
            dbt = subprocess.run(command, capture_output=True, text=True, check=False)
        run_results = json.loads((dbt_target / "run_results.json").read_text(encoding="utf-8"))
        stage.note = (
            f"exit {dbt.returncode}, {len(run_results.get('results', []))} nodes; the dbt "
            f"process alone peaked at {_mib(sampler.child_peaks.get(stage.name, 0))}"
        )

        sampler.label = "scoring (bench only)"
        result.tests = _failing_tests(run_results, build_db)
        result.quality = _score(gold_path, build_db)
        result.quality["attribution"] = _attribution(gold_path, build_db)
        result.quality["not_figures"] = _score_not_figures(gold_path, build_db)

        print(f"[{pages} pages] publish ...", flush=True)
        hashes = [s.sha256 for s in current_pages(store, registry)]
        fingerprint = input_fingerprint(hashes, sources.read_text(encoding="utf-8"))
        settings = Settings(raw, work / "warehouse" / "briefings.duckdb", sources)
        with timer.stage("publish", pages, chars) as stage:
            try:
                published = publish(
                    build_db,
                    settings,
                    run_id=str(uuid.uuid4()),
                    input_fingerprint=fingerprint,
                    snapshot_hashes=hashes,
                    run_results=run_results,
                )
                result.published = True
                stage.note = f"{published.tables.get('marts.fct_figures', 0):,} figures published"
            except PublishRefused as exc:
                result.publish_error = str(exc)
                stage.note = "REFUSED"
        in_sequence = ("fetch (", "parse + extract (", "load (", "dbt build", "publish")
        result.sequential_seconds = sum(
            s.seconds for s in result.stages if s.name.startswith(in_sequence)
        )

        print(f"[{pages} pages] single-core parse + extract, in memory ...", flush=True)
        sampler.label = "single-core extraction (bench only)"
        result.single_core = _single_core(store, store.current(), extract_sample)
    result.peak_rss["stages"] = max(s.peak_rss for s in result.stages if s.pipeline)
    result.code.append(code_identity())
    return result


@contextlib.contextmanager
def _timed_run_report(result: SizeResult) -> Iterator[None]:
    """Time the HTML run report that run_warehouse_job writes after the job, apart from the job.

    A scheduled run leaves the report to a run-status sensor, outside the run; in process it is
    written inline. Its cost grows with the published warehouse, not with what the run did, so
    it is measured on its own line.
    """
    try:
        import orchestration.reports as reports
    except ImportError:  # no run report in this version of the code: nothing to separate
        yield
        return
    original = getattr(reports, "write_run_report", None)
    if original is None:
        yield
        return

    def timed(*args: object, **kwargs: object) -> None:
        start = time.perf_counter()
        try:
            original(*args, **kwargs)
        finally:
            result.report_seconds.append(time.perf_counter() - start)

    reports.write_run_report = timed
    try:
        yield
    finally:
        reports.write_run_report = original


def _split_report(stage: Stage, result: SizeResult, reports_before: int, path: Path) -> float:
    """Take the run report written after a job out of the job's seconds, onto its own row."""
    report = sum(result.report_seconds[reports_before:])
    if report:
        stage.seconds -= report
        size = f"{path.stat().st_size / 1e6:.1f} MB" if path.exists() else "no file"
        result.stages.append(
            Stage(
                "  its HTML run report (after the job)",
                report,
                peak_rss=stage.peak_rss,
                note=f"{path.name}: {size}",
            )
        )
    return stage.seconds


def run_dagster(pages: int, work: Path) -> SizeResult:
    """The Dagster job on the fetched raw/, again with nothing new, and an empty asset (phase 2)."""
    _use_workdir(work)
    result = SizeResult(pages=pages, seed=0, code=[code_identity()])
    chars = json.loads((work / "phase-stages.json").read_text(encoding="utf-8"))["characters"]
    with RssSampler() as sampler:
        timer = _Timer(result, sampler)
        sampler.label = "import the code location"
        t0 = time.perf_counter()
        from dagster import DagsterInstance

        from briefings.config import settings
        from orchestration.launch import run_warehouse_job

        result.orchestration_import_seconds = time.perf_counter() - t0
        print(f"[{pages} pages] Dagster job, offline, on the fetched raw/ ...", flush=True)
        with (
            _timed_run_report(result),
            timer.stage("Dagster job (offline: no fetch)", pages, chars) as stage,
        ):
            run = run_warehouse_job(settings(), online=False)
        result.dagster_seconds = _split_report(stage, result, 0, settings().report_path)
        result.dagster_published = run.published
        result.dagster_errors = run.errors + run.failed_tests
        stage.note = "published" if run.published else f"NOT published: {result.dagster_errors}"
        stage.note += (
            f"; its dbt process alone peaked at {_mib(sampler.child_peaks.get(stage.name, 0))}"
        )
        print(f"[{pages} pages] Dagster job again, nothing new ...", flush=True)
        reports_before = len(result.report_seconds)
        with (
            _timed_run_report(result),
            timer.stage("Dagster job, nothing new", 0, 0) as stage,
        ):
            again = run_warehouse_job(settings(), online=False)
        result.nothing_new_seconds = _split_report(
            stage, result, reports_before, settings().report_path
        )
        result.nothing_new_skipped = again.nothing_new
        stage.note = "skipped extraction, dbt, publish" if again.nothing_new else "REBUILT"
        sampler.label = "scheduled run"
        (
            result.scheduled_seconds,
            result.scheduled_settled,
            result.scheduled_asked,
        ) = _scheduled_refresh()
        sampler.label = "build sensor tick"
        result.nothing_new_tick_seconds = _quiet_tick_seconds()
        sampler.label = "empty asset"
        result.empty_asset_seconds = _empty_asset_seconds(DagsterInstance.ephemeral)
        result.empty_asset_same_instance_seconds = _empty_asset_seconds(DagsterInstance.get)
    result.peak_rss["dagster"] = max(s.peak_rss for s in result.stages)
    result.code.append(code_identity())
    return result


def _merge(stages: SizeResult, dagster: SizeResult) -> SizeResult:
    stages.stages += dagster.stages
    for name in (
        "dagster_seconds",
        "dagster_published",
        "dagster_errors",
        "nothing_new_seconds",
        "nothing_new_skipped",
        "nothing_new_tick_seconds",
        "scheduled_seconds",
        "scheduled_settled",
        "scheduled_asked",
        "empty_asset_seconds",
        "empty_asset_same_instance_seconds",
        "orchestration_import_seconds",
        "report_seconds",
    ):
        setattr(stages, name, getattr(dagster, name))
    stages.peak_rss |= dagster.peak_rss
    stages.code += dagster.code
    return stages


# -- the report -------------------------------------------------------------------------------
def _rate(n: float, seconds: float) -> str:
    if not seconds or not n:
        return ""
    value = n / seconds
    for unit, size in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if value >= size:
            return f"{value / size:.2f} {unit}"
    return f"{value:.1f}"


def _mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def _verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def _e2e(r: SizeResult) -> float:
    """Fetch from the local server plus the Dagster job on what was fetched."""
    fetch = r.stage("fetch (")
    return (fetch.seconds if fetch else 0.0) + r.dagster_seconds


def render(results: list[SizeResult], machine: dict[int, dict]) -> str:
    lines: list[str] = []
    for r in results:
        m = machine.get(r.pages, {})
        lines.append("")
        lines.append(
            f"== {r.pages:,} pages: {r.briefings:,} briefings, {r.characters:,} characters of "
            f"page text ({r.bytes / 1e6:.1f} MB served), {r.figures_gold:,} gold figures, "
            f"seed {r.seed} =="
        )
        head = (
            f"{'stage':<36}{'seconds':>9}{'pages/s':>10}{'chars/s':>10}{'rows/s':>10}"
            f"{'peak RSS':>11}  note"
        )
        lines += [head, "-" * len(head)]
        for s in r.stages:
            if not s.pipeline:
                continue
            lines.append(
                f"{s.name:<36}{s.seconds:>9.2f}{_rate(s.pages, s.seconds):>10}"
                f"{_rate(s.chars, s.seconds):>10}{_rate(s.rows or 0, s.seconds):>10}"
                f"{_mib(s.peak_rss):>11}  {s.note}"
            )
        sc = r.single_core
        lines.append(
            f"single core, in memory, no I/O ({sc.get('pages', 0):,} pages, "
            f"{sc.get('chars', 0):,} chars; CPU time, best of {sc.get('repeats', 1)} passes): "
            + ", ".join(f"{k} {_rate(v, 1)}" for k, v in sc.get("chars_per_s", {}).items())
            + " chars/s"
        )
        lines.append(
            f"end to end: stages in sequence (fetch, parse + extract, load, dbt, publish) "
            f"{r.sequential_seconds:.1f} s; fetch + Dagster job {_e2e(r):.1f} s "
            f"(the job {r.dagster_seconds:.1f} s, "
            f"{'published' if r.dagster_published else 'NOT published'}; importing the code "
            f"location beforehand {r.orchestration_import_seconds:.1f} s)"
        )
        lines.append(
            f"nothing new, scheduled: the daily run (refresh_job) {r.scheduled_seconds:.3f} s "
            f"({r.scheduled_settled:,} pages of settled briefings not asked for, "
            f"{r.scheduled_asked:,} asked for), then the build sensor's tick "
            f"{r.nothing_new_tick_seconds:.3f} s (compares the inputs with the published "
            "warehouse's and launches no run)"
        )
        lines.append(
            f"nothing new, the job launched anyway: Dagster job {r.nothing_new_seconds:.2f} s "
            f"({'skipped extraction, dbt and publish' if r.nothing_new_skipped else 'REBUILT'}) "
            f"vs one empty asset {r.empty_asset_seconds:.3f} s (ephemeral instance; "
            f"{r.empty_asset_same_instance_seconds:.3f} s on the job's sqlite instance; median "
            "of 5 after a warm-up, same process)"
        )
        lines.append(
            f"peak RSS, VmRSS summed over the process tree every 50 ms: stages in sequence "
            f"{_mib(r.peak_rss.get('stages', 0))}, Dagster job {_mib(r.peak_rss.get('dagster', 0))}"
            " (its own process)"
            + (
                f"; whole benchmark tree incl. corpus generation and scoring {_mib(m['tree_peak'])}"
                if m
                else ""
            )
        )
        if m:
            lines.append(
                f"machine: {m['others']:.0f} CPU-seconds used by other processes during this "
                f"size's {m['wall']:.0f} s ({m['others'] / m['wall'] / (os.cpu_count() or 1):.0%} "
                f"of the {os.cpu_count()} cores); timings are only as quiet as the machine"
            )
        q = r.quality
        lines.append(
            f"extraction vs generated gold: precision {q.get('precision', 0):.4f}, recall "
            f"{q.get('recall', 0):.4f} ({q.get('matched', 0):,} of {q.get('gold', 0):,} gold, "
            f"{q.get('system', 0):,} extracted); value right {q.get('value_accuracy', 0):.4f}, "
            f"qualifier right {q.get('qualifier_accuracy', 0):.4f}"
        )
        for phrasing, n in list(q.get("misses_by_phrasing", {}).items())[:6]:
            lines.append(
                f"  missed {n:,}x, phrasing {phrasing}: e.g. {q['miss_examples'][phrasing]}"
            )
        if q.get("extra_examples"):
            lines.append(f"  extra figures, e.g. {q['extra_examples']}")
        if q.get("wrong_attributes"):
            lines.append(f"  value or qualifier wrong, by phrasing: {q['wrong_attributes']}")
        n = q.get("not_figures", {})
        if n:
            lines.append(
                f"non-figures vs generated gold: {n['skipped']:,} of {n['standalone']:,} "
                f"standalone numerals listed in fct_skipped_numbers, {n['reason_right']:,} "
                f"with the generator's reason; {n['in_word']:,} digits inside a word "
                f"(COVID-19, G20, 14th) are no numeral to the extractor; "
                f"{n['taken_as_figures']:,} of all {n['gold']:,} taken as figures"
            )
            if n["examples"]:
                lines.append(f"  e.g. {n['examples']}")
        a = q.get("attribution", {})
        if a:
            lines.append(
                f"warehouse measure / scope / year of the {a['mapped_levels']:,} mapped levels, "
                f"as generated: {a['measure']:.4f} / {a['scope']:.4f} / {a['year']:.4f}"
            )
            if a["disagreements"]:
                lines.append(f"  disagreements: {a['disagreements']}")
        t = r.tests
        lines.append(
            f"dbt tests: {t.get('passed', 0)} passed, {t.get('warned', 0)} warned, "
            f"{len(t.get('failed', []))} failed {t.get('failed', [])}; published: "
            f"{'yes' if r.published else 'NO: ' + str(r.publish_error)}"
        )
        for table, rows in t.get("audit_samples", {}).items():
            lines.append(f"  audit.{table}: {rows}")

    codes = {c for r in results for c in r.code}
    lines.append("")
    if len(codes) == 1:
        lines.append(f"code measured: {codes.pop()} (the same at the start and end of every phase)")
    else:
        lines.append(
            "WARNING: the code changed while the benchmark ran (start/end of each phase, per "
            "size): "
            + "; ".join(f"{r.pages:,} pages {' '.join(r.code)}" for r in results)
            + ". Sizes and phases measured different versions."
        )
    lines.append("")
    lines.append("== targets of issue 7, printed for a human to judge (nothing is asserted) ==")
    for r in results:
        sc = r.single_core.get("chars_per_s", {})
        extract_only = sc.get("extract", 0.0)
        parse_extract = sc.get("all three", 0.0)
        bundle, load = r.stage("parse + extract ("), r.stage("load (")
        lines.append(f"{r.pages:,} pages:")
        lines.append(
            f"  extraction >= 3 M chars/s: single core, extract only {_rate(extract_only, 1)}, "
            f"html + parse + extract {_rate(parse_extract, 1)}; build_bundle "
            f"{_rate(bundle.chars, bundle.seconds) if bundle else '?'} chars/s -> "
            f"{_verdict(extract_only >= TARGETS['extract_chars_per_s'])}"
        )
        if load:
            loads = [load.seconds, *r.load_repeat_seconds]
            median = statistics.median(loads)
            rows_s = (load.rows or 0) / median if median else 0
            lines.append(
                f"  load >= 500,000 rows/s: median of {len(loads)} loads {rows_s:,.0f} rows/s "
                f"({', '.join(f'{s:.3f}' for s in loads)} s for {load.rows or 0:,} rows) -> "
                f"{_verdict(rows_s >= TARGETS['load_rows_per_s'])}"
            )
        # Like with like: the scheduled run and the empty asset on the same sqlite instance.
        empty = r.empty_asset_same_instance_seconds
        quiet = r.scheduled_seconds + r.nothing_new_tick_seconds
        ratio = quiet / empty if empty else 0
        job = r.nothing_new_seconds / empty if empty else 0
        lines.append(
            f"  nothing new < 2x empty asset: the scheduled run + the build sensor's tick "
            f"{quiet:.3f} s vs one empty asset {empty:.3f} s (same instance) = {ratio:.1f}x -> "
            f"{_verdict(ratio < 2)}; the warehouse job launched by hand anyway "
            f"{r.nothing_new_seconds:.2f} s = {job:.0f}x"
        )
        if r.pages >= 10_000:
            peak = max(r.peak_rss.values(), default=0)
            lines.append(
                f"  {r.pages:,} pages end to end < 120 s: in sequence {r.sequential_seconds:.0f} s, "
                f"fetch + Dagster job {_e2e(r):.0f} s -> "
                f"{_verdict(max(r.sequential_seconds, _e2e(r)) < TARGETS['e2e_seconds_10k'])}"
            )
            lines.append(
                f"  peak RSS < 1.5 GiB: {_mib(peak)} -> "
                f"{_verdict(peak < TARGETS['peak_rss_bytes_10k'])}"
            )
    by_size = {r.pages: r for r in results}
    for small in sorted(by_size):
        if small * 10 in by_size:
            a, b = by_size[small], by_size[small * 10]
            seq = b.sequential_seconds / a.sequential_seconds if a.sequential_seconds else 0
            dag = _e2e(b) / _e2e(a) if _e2e(a) else 0
            lines.append(
                f"10x the pages ({small:,} -> {small * 10:,}) <= 11x the time: in sequence "
                f"{seq:.1f}x, fetch + Dagster job {dag:.1f}x -> "
                f"{_verdict(max(seq, dag) <= TARGETS['ratio_10x'])}"
            )
            for name in (
                "fetch (",
                "  fetch again",
                "parse + extract (",
                "load (",
                "dbt build",
                "publish",
            ):
                sa, sb = a.stage(name), b.stage(name)
                if sa and sb and sa.seconds:
                    lines.append(f"    {sb.name.strip():<36}{sb.seconds / sa.seconds:>6.1f}x")
    return "\n".join(lines)


def _child(args: argparse.Namespace) -> int:
    work = Path(args.workdir)
    if args.phase == "stages":
        result = run_stages(args.one, args.seed, work, args.extract_sample)
    else:
        result = run_dagster(args.one, work)
    (work / f"phase-{args.phase}.json").write_text(json.dumps(asdict(result)), encoding="utf-8")
    return 0


def _load(path: Path) -> SizeResult:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["stages"] = [Stage(**s) for s in data["stages"]]
    # A phase kept (--resume) from an older version may hold fields this one no longer has;
    # the code identity it recorded is printed beside its figures.
    known = {f.name for f in dataclasses.fields(SizeResult)}
    return SizeResult(**{k: v for k, v in data.items() if k in known})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m briefings.bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--pages", default="1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", help="keep everything here (default: a temporary folder)")
    parser.add_argument(
        "--extract-sample",
        type=int,
        default=2000,
        help="pages for the single-core in-memory extraction measurement (0: all)",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="with --workdir: keep the results of sizes and phases that already finished there",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child: one size, one phase
    parser.add_argument("--phase", choices=("stages", "dagster"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        return _child(args)

    sizes = [int(p.replace("_", "")) for p in args.pages.split(",") if p.strip()]
    with contextlib.ExitStack() as stack:
        if args.workdir:
            root = Path(args.workdir).resolve()
            root.mkdir(parents=True, exist_ok=True)
        else:
            root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="briefings-bench-")))
        print(f"work directory: {root}", flush=True)
        results, machine = [], {}
        for size in sizes:
            work = root / f"pages-{size}"
            done = {p for p in ("stages", "dagster") if (work / f"phase-{p}.json").exists()}
            if not args.resume:
                done = set()
            if "stages" not in done:
                shutil.rmtree(work, ignore_errors=True)
            start = time.perf_counter()
            busy, own = _machine_busy_seconds(), _own_cpu_seconds()
            # This process, the child and everything the child starts: the whole tree.
            with RssSampler() as sampler:
                for phase in ("stages", "dagster"):
                    if phase in done:
                        print(f"[{size} pages] phase {phase}: kept from an earlier run", flush=True)
                        continue
                    command = [
                        *(sys.executable, "-m", "briefings.bench", "--one", str(size)),
                        *("--phase", phase, "--seed", str(args.seed), "--workdir", str(work)),
                        *("--extract-sample", str(args.extract_sample)),
                    ]
                    code = subprocess.run(command, check=False).returncode
                    if code != 0:
                        print(f"{size} pages, phase {phase}: failed (exit {code})", file=sys.stderr)
                        return code
            wall = time.perf_counter() - start
            others = (_machine_busy_seconds() - busy) - (_own_cpu_seconds() - own)
            machine_path = work / "machine.json"
            if done != {"stages", "dagster"}:
                # Resumed sizes keep the earlier machine figures only if nothing ran again.
                machine_path.write_text(
                    json.dumps(
                        {"wall": wall, "tree_peak": sampler.peak, "others": max(0.0, others)}
                    ),
                    encoding="utf-8",
                )
            if machine_path.exists():
                machine[size] = json.loads(machine_path.read_text(encoding="utf-8"))
            results.append(
                _merge(_load(work / "phase-stages.json"), _load(work / "phase-dagster.json"))
            )
        print(render(results, machine))
    return 0


if __name__ == "__main__":
    sys.exit(main())
