"""The pipeline at the scale of the whole press room: throughput, memory and the cost of a quiet day.

    python -m briefings.bench [--pages 1000,10000] [--seed 0] [--workdir DIR]

For each size: generate a synthetic corpus (briefings.corpus), serve it from a threaded HTTP
server on 127.0.0.1, then run every stage on it in sequence (fetch, parse + extract, load,
dbt build, publish), the real Dagster job on the same raw/, the Dagster job again with
nothing new, and one empty asset. Each size runs in its own child process, so one size's
heap does not inflate the next one's memory figures.

Peak RSS is the sum of VmRSS over the process tree (the benchmark process and every
descendant: dbt subprocesses, the child per size), read from /proc every 50 ms by a sampler
thread. getrusage maxima are printed beside it as a cross-check.

The issue's targets are printed next to the measured figures for a human to judge; nothing
here asserts them. Everything is written under the work directory: the repository's raw/,
warehouse/ and .dagster_home/ are never touched.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
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


def tree_rss(root: int) -> int:
    """Bytes resident in `root` and all its descendants right now."""
    children = _children_map()
    todo, total = [root], 0
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        with (
            contextlib.suppress(OSError),
            open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle,
        ):
            for line in handle:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
    return total


class RssSampler:
    """Peak RSS of this process tree, overall and per labelled stage."""

    def __init__(self, root: int | None = None) -> None:
        self.root = root or os.getpid()
        self.label = "setup"
        self.peak = 0
        self.peaks: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(_SAMPLE_INTERVAL)

    def sample(self) -> None:
        rss = tree_rss(self.root)
        self.peak = max(self.peak, rss)
        self.peaks[self.label] = max(self.peaks.get(self.label, 0), rss)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


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
    empty_asset_seconds: float = 0.0
    empty_asset_same_instance_seconds: float = 0.0
    orchestration_import_seconds: float = 0.0
    single_core: dict = field(default_factory=dict)
    quality: dict = field(default_factory=dict)
    tests: dict = field(default_factory=dict)
    published: bool = False
    publish_error: str | None = None
    peak_rss: int = 0
    rusage_self_maxrss: int = 0
    rusage_children_maxrss: int = 0


class _Timer:
    def __init__(self, result: SizeResult, sampler: RssSampler) -> None:
        self.result = result
        self.sampler = sampler

    @contextlib.contextmanager
    def stage(self, name: str, pages: int = 0, chars: int = 0) -> Iterator[Stage]:
        stage = Stage(name, 0.0, pages, chars)
        self.sampler.label = name
        self.sampler.sample()
        start = time.perf_counter()
        try:
            yield stage
        finally:
            stage.seconds = time.perf_counter() - start
            self.sampler.sample()
            stage.peak_rss = self.sampler.peaks.get(name, 0)
            self.sampler.label = "between stages"
            self.result.stages.append(stage)


def _dbt_executable() -> str:
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else "dbt"


def _score(gold_path: Path, figures_path: Path) -> dict:
    """Precision and recall of the extracted figures against the generator's gold.

    A figure matches when its numeral sits at the gold characters (as evaluate.py matches);
    value and qualifier of matched figures are scored too. Misses and extras are counted by
    the phrasing (template) and page format that produced them.
    """
    system: dict[tuple[str, int, int], dict] = {}
    with figures_path.open(encoding="utf-8") as handle:
        for line in handle:
            f = json.loads(line)
            system[(f["page_id"], f["number_start"], f["number_end"])] = f
    gold_n = matched = value_ok = qualifier_ok = 0
    misses: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    examples: dict[str, str] = {}
    seen: set[tuple[str, int, int]] = set()
    formats: dict[str, str] = {}
    with gold_path.open(encoding="utf-8") as handle:
        for line in handle:
            page = json.loads(line)
            page_id = f"{page['briefing_id']}:p{page['page_no']}"
            formats[page_id] = page["format"]
            for g in page["figures"]:
                gold_n += 1
                key = (page_id, g["start"], g["end"])
                f = system.get(key)
                if f is None:
                    misses[g["template"]] += 1
                    examples.setdefault(g["template"], f"{page['path']}: {g['number']!r}")
                    continue
                seen.add(key)
                matched += 1
                if abs(float(f["value"]) - g["value"]) <= 1e-6 * max(1.0, abs(g["value"])):
                    value_ok += 1
                else:
                    wrong[f"value {g['template']}"] += 1
                if f["qualifier"] == g["qualifier"]:
                    qualifier_ok += 1
                else:
                    wrong[f"qualifier {g['template']}"] += 1
    extras = Counter(formats.get(k[0], "?") for k in system if k not in seen)
    extra_examples = [
        f"{f['page_id']}: {f['as_written']!r}" for k, f in system.items() if k not in seen
    ][:5]
    return {
        "gold": gold_n,
        "system": len(system),
        "matched": matched,
        "precision": matched / len(system) if system else 1.0,
        "recall": matched / gold_n if gold_n else 1.0,
        "value_accuracy": value_ok / matched if matched else 1.0,
        "qualifier_accuracy": qualifier_ok / matched if matched else 1.0,
        "misses_by_phrasing": dict(misses.most_common()),
        "miss_examples": examples,
        "extras_by_format": dict(extras),
        "extra_examples": extra_examples,
        "wrong_attributes": dict(wrong.most_common(10)),
    }


def _attribution(gold_path: Path, build_db: Path) -> dict:
    """How often the warehouse gives a mapped figure the measure, scope and year the corpus meant."""
    import duckdb

    con = duckdb.connect(str(build_db), read_only=True)
    try:
        rows = con.execute(
            "SELECT r.page_id, r.number_start, i.measure, i.scope_key, i.period_year "
            "FROM intermediate.int_figures AS i JOIN raw.figures AS r USING (figure_id)"
        ).fetchall()
    finally:
        con.close()
    system = {(r[0], r[1]): r[2:] for r in rows}
    total = measure_ok = scope_ok = year_ok = 0
    wrong: Counter[str] = Counter()
    with gold_path.open(encoding="utf-8") as handle:
        for line in handle:
            page = json.loads(line)
            page_id = f"{page['briefing_id']}:p{page['page_no']}"
            for g in page["figures"]:
                if g["measure"] is None or g["kind"] != "level":
                    continue
                got = system.get((page_id, g["start"]))
                if got is None:
                    continue
                total += 1
                measure_ok += got[0] == g["measure"]
                scope_ok += got[1] == g["scope"]
                year_ok += got[2] == g["year"]
                if got[0] != g["measure"]:
                    wrong[f"measure {g['template']}: {got[0]}"] += 1
                elif got[1] != g["scope"]:
                    wrong[f"scope {g['template']}: {got[1]}"] += 1
    return {
        "mapped_levels": total,
        "measure": measure_ok / total if total else 1.0,
        "scope": scope_ok / total if total else 1.0,
        "year": year_ok / total if total else 1.0,
        "disagreements": dict(wrong.most_common(8)),
    }


def _failing_tests(run_results: dict, build_db: Path) -> dict:
    from briefings.publish import test_results_from_dbt

    tests = test_results_from_dbt(run_results)
    out = {
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
                if table.startswith(("r1", "r2", "r3", "r4", "r5")):
                    rows = con.execute(f'SELECT * FROM audit."{table}" LIMIT 3').fetchall()
                    if rows:
                        samples[table] = [str(r)[:400] for r in rows]
            out["audit_samples"] = samples
        finally:
            con.close()
    return out


def _single_core(store, snapshots: list, sample: int) -> dict:
    """Parse and extract in memory (no I/O): html -> text, text -> structure, extraction."""
    from briefings.extract import extract_page
    from briefings.parse import page_text
    from briefings.parse.text import parse_text

    step = max(1, len(snapshots) // sample) if sample else 1
    chosen = snapshots[::step][: sample or None]
    docs = [(store.read_text(s), s.media_type) for s in chosen]
    timings = {"html_to_text": 0.0, "parse": 0.0, "extract": 0.0}
    chars = 0
    for content, media_type in docs:
        t0 = time.perf_counter()
        text = page_text(content, media_type)
        t1 = time.perf_counter()
        page = parse_text(text)
        t2 = time.perf_counter()
        extract_page(page)
        t3 = time.perf_counter()
        timings["html_to_text"] += t1 - t0
        timings["parse"] += t2 - t1
        timings["extract"] += t3 - t2
        chars += len(text)
    total = sum(timings.values())
    return {
        "pages": len(docs),
        "chars": chars,
        "seconds": timings,
        "chars_per_s": {k: chars / v if v else 0.0 for k, v in timings.items()}
        | {"parse+extract": chars / total if total else 0.0},
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


def run_size(pages: int, seed: int, work: Path, extract_sample: int) -> SizeResult:
    """Every measurement for one corpus size, in this process."""
    import yaml

    from briefings.bundle import build_bundle, current_pages
    from briefings.config import Settings
    from briefings.config import settings as env_settings
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
    result = SizeResult(pages=pages, seed=seed)
    raw, sources = work / "raw", work / "sources.yaml"
    # The job runs see only the work directory (config.settings() reads these at call time).
    os.environ["BRIEFINGS_RAW"] = str(raw)
    os.environ["BRIEFINGS_WAREHOUSE"] = str(work / "dagster" / "briefings.duckdb")
    os.environ["BRIEFINGS_SOURCES"] = str(sources)
    os.environ["DAGSTER_HOME"] = str(work / "dagster_home")

    with RssSampler() as sampler:
        timer = _Timer(result, sampler)
        print(f"[{pages} pages] generating the corpus ...", flush=True)
        gold_path = work / "gold.jsonl"
        t0 = time.perf_counter()
        site = write_site(generate_briefings(pages, seed), work / "site", gold_path=gold_path)
        generated = time.perf_counter() - t0
        result.briefings, result.characters, result.bytes = (
            len(site.briefings),
            site.characters,
            site.bytes,
        )
        with gold_path.open(encoding="utf-8") as handle:
            result.figures_gold = sum(len(json.loads(line)["figures"]) for line in handle)
        print(
            f"[{pages} pages] {result.briefings} briefings, {result.characters:,} characters, "
            f"{result.figures_gold:,} gold figures (generated in {generated:.1f} s)",
            flush=True,
        )
        chars = result.characters
        store = SnapshotStore(raw)
        with SiteServer(site.root) as server:
            data = registry_dict(site.briefings, server.port)
            sources.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
            registry = load_registry(sources)
            policy = FetchPolicy(politeness_delay=0.0, max_attempts=2, backoff_base=0.1)
            print(f"[{pages} pages] fetch from {server.base} ...", flush=True)
            with Fetcher(registry.allowed_hosts, policy=policy) as fetcher:
                with timer.stage("fetch", pages, chars) as stage:
                    report = refresh(registry, store, fetcher)
                stage.note = f"{report.fetched} fetched, {report.failed} failed; {site.bytes / stage.seconds / 1e6:.1f} MB/s"
                with timer.stage("fetch again, nothing new (304)", pages, chars) as stage:
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
        stage.note = f"{summary.cache_misses} extracted, {summary.counts['figures']:,} figures"
        with timer.stage("  again, warm cache (build_bundle)", pages, chars) as stage:
            warm = build_bundle(store, registry, ExtractionCache(work / "cache"), work / "bundle2")
        stage.note = f"{warm.cache_hits} cache hits"

        print(f"[{pages} pages] load ...", flush=True)
        with timer.stage("load (load_bundle)", pages, chars) as stage:
            counts = load_bundle(bundle_dir, build_db)
        stage.rows = sum(counts.values())
        stage.note = f"{stage.rows:,} rows in {len(counts)} tables"

        print(f"[{pages} pages] dbt build ...", flush=True)
        dbt_target = work / "dbt_target"
        command = [
            _dbt_executable(),
            *dbt_build_args(build_db),
            "--project-dir",
            str(Path(__file__).resolve().parents[2] / "dbt_project"),
            "--profiles-dir",
            str(Path(__file__).resolve().parents[2] / "dbt_project"),
            "--target-path",
            str(dbt_target),
            "--log-path",
            str(work / "dbt_logs"),
        ]
        with timer.stage("dbt build (subprocess)", pages, chars) as stage:
            dbt = subprocess.run(command, capture_output=True, text=True, check=False)
        run_results = json.loads((dbt_target / "run_results.json").read_text(encoding="utf-8"))
        stage.note = f"exit {dbt.returncode}, {len(run_results.get('results', []))} nodes"
        result.tests = _failing_tests(run_results, build_db)
        result.quality = _score(gold_path, bundle_dir / "figures.jsonl")
        result.quality["attribution"] = _attribution(gold_path, build_db)

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
                stage.rows = published.tables.get("marts.fct_figures", 0)
            except PublishRefused as exc:
                result.publish_error = str(exc)
                stage.note = "REFUSED"
        result.sequential_seconds = sum(
            s.seconds
            for s in result.stages
            if s.name in ("fetch", "parse + extract (build_bundle)", "load (load_bundle)")
            or s.name.startswith(("dbt build", "publish"))
        )

        print(f"[{pages} pages] single-core parse + extract (in memory) ...", flush=True)
        timer.sampler.label = "single-core extraction"
        result.single_core = _single_core(store, store.current(), extract_sample)

        print(f"[{pages} pages] Dagster job, offline, on the fetched raw/ ...", flush=True)
        t0 = time.perf_counter()
        from orchestration.launch import run_warehouse_job

        result.orchestration_import_seconds = time.perf_counter() - t0
        with timer.stage("Dagster job (offline; no fetch)", pages, chars) as stage:
            run = run_warehouse_job(env_settings(), online=False)
        result.dagster_seconds = stage.seconds
        result.dagster_published = run.published
        result.dagster_errors = run.errors + run.failed_tests
        stage.note = "published" if run.published else "NOT published"
        print(f"[{pages} pages] Dagster job again, nothing new ...", flush=True)
        with timer.stage("Dagster job, nothing new", 0, 0) as stage:
            again_run = run_warehouse_job(env_settings(), online=False)
        result.nothing_new_seconds = stage.seconds
        result.nothing_new_skipped = again_run.nothing_new
        stage.note = "skipped: nothing new" if again_run.nothing_new else "REBUILT"

        from dagster import DagsterInstance

        timer.sampler.label = "empty asset"
        result.empty_asset_seconds = _empty_asset_seconds(DagsterInstance.ephemeral)
        result.empty_asset_same_instance_seconds = _empty_asset_seconds(DagsterInstance.get)
    result.peak_rss = sampler.peak
    result.rusage_self_maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    result.rusage_children_maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return result


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


def render(results: list[SizeResult], wall: dict[int, float], tree_peak: dict[int, int]) -> str:
    lines: list[str] = []
    for r in results:
        lines.append("")
        lines.append(
            f"== {r.pages:,} pages: {r.briefings:,} briefings, {r.characters:,} characters "
            f"({r.bytes / 1e6:.1f} MB served), {r.figures_gold:,} gold figures, seed {r.seed} =="
        )
        head = f"{'stage':<36}{'seconds':>9}{'pages/s':>10}{'chars/s':>10}{'rows/s':>10}{'peak RSS':>11}  note"
        lines += [head, "-" * len(head)]
        for s in r.stages:
            lines.append(
                f"{s.name:<36}{s.seconds:>9.2f}{_rate(s.pages, s.seconds):>10}"
                f"{_rate(s.chars, s.seconds):>10}{_rate(s.rows or 0, s.seconds):>10}"
                f"{_mib(s.peak_rss):>11}  {s.note}"
            )
        sc = r.single_core
        rates = sc.get("chars_per_s", {})
        lines.append(
            f"single-core, in memory ({sc.get('pages', 0):,} pages, {sc.get('chars', 0):,} chars): "
            + ", ".join(f"{k} {_rate(v, 1)} chars/s" for k, v in rates.items())
        )
        lines.append(
            f"end to end, stages in sequence (fetch .. publish): {r.sequential_seconds:.1f} s; "
            f"fetch + Dagster job: {r.stages[0].seconds + r.dagster_seconds:.1f} s "
            f"(job alone {r.dagster_seconds:.1f} s, {'published' if r.dagster_published else 'NOT published'})"
        )
        lines.append(
            f"nothing new: Dagster job {r.nothing_new_seconds:.2f} s "
            f"({'skipped extraction, dbt and publish' if r.nothing_new_skipped else 'REBUILT'}); "
            f"one empty asset {r.empty_asset_seconds:.2f} s (ephemeral instance, median of 5 after "
            f"a warm-up), {r.empty_asset_same_instance_seconds:.2f} s on the job's own instance"
        )
        lines.append(
            f"peak RSS of the process tree (VmRSS summed over the tree every 50 ms): "
            f"{_mib(tree_peak.get(r.pages, r.peak_rss))}; getrusage maxrss: self "
            f"{_mib(r.rusage_self_maxrss)}, largest child {_mib(r.rusage_children_maxrss)}; "
            f"wall time of the whole size {wall.get(r.pages, 0):.0f} s"
        )
        q = r.quality
        lines.append(
            f"extraction vs generated gold: precision {q.get('precision', 0):.4f}, recall "
            f"{q.get('recall', 0):.4f} ({q.get('matched', 0):,} of {q.get('gold', 0):,} gold, "
            f"{q.get('system', 0):,} extracted); value right {q.get('value_accuracy', 0):.4f}, "
            f"qualifier right {q.get('qualifier_accuracy', 0):.4f}"
        )
        if q.get("misses_by_phrasing"):
            lines.append(f"  missed, by phrasing: {q['misses_by_phrasing']}")
            lines.append(f"  e.g. {list(q['miss_examples'].values())[:3]}")
        if q.get("extras_by_format"):
            lines.append(
                f"  extra figures, by page format: {q['extras_by_format']}; e.g. {q['extra_examples'][:3]}"
            )
        if q.get("wrong_attributes"):
            lines.append(f"  wrong attributes: {q['wrong_attributes']}")
        a = q.get("attribution", {})
        if a:
            lines.append(
                f"measure / scope / year the warehouse gives the {a['mapped_levels']:,} mapped "
                f"levels: {a['measure']:.4f} / {a['scope']:.4f} / {a['year']:.4f} as generated"
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
            lines.append(f"  audit.{table}: {rows[:2]}")

    lines.append("")
    lines.append("== targets (from the issue; printed for a human to judge, not asserted) ==")
    for r in results:
        sc = r.single_core.get("chars_per_s", {}).get("parse+extract", 0.0)
        bundle = next((s for s in r.stages if s.name.startswith("parse + extract")), None)
        load = next((s for s in r.stages if s.name.startswith("load")), None)
        lines.append(f"{r.pages:,} pages:")
        lines.append(
            f"  extraction >= 3 M chars/s: single core {_rate(sc, 1)} chars/s; build_bundle "
            f"{_rate(bundle.chars, bundle.seconds) if bundle else '?'} chars/s -> "
            f"{_verdict(sc >= TARGETS['extract_chars_per_s'])}"
        )
        if load:
            rows_s = (load.rows or 0) / load.seconds if load.seconds else 0
            lines.append(
                f"  load >= 500,000 rows/s: {rows_s:,.0f} rows/s -> "
                f"{_verdict(rows_s >= TARGETS['load_rows_per_s'])}"
            )
        ratio = r.nothing_new_seconds / r.empty_asset_seconds if r.empty_asset_seconds else 0
        lines.append(
            f"  nothing new < 2x empty asset: {r.nothing_new_seconds:.2f} s vs "
            f"{r.empty_asset_seconds:.2f} s = {ratio:.1f}x -> {_verdict(ratio < 2)}"
        )
        if r.pages >= 10_000:
            peak = tree_peak.get(r.pages, r.peak_rss)
            e2e = r.stages[0].seconds + r.dagster_seconds
            lines.append(
                f"  {r.pages:,} pages end to end < 120 s: sequence {r.sequential_seconds:.1f} s, "
                f"fetch + Dagster job {e2e:.1f} s -> {_verdict(max(r.sequential_seconds, e2e) < 120)}"
            )
            lines.append(
                f"  peak RSS < 1.5 GiB: {_mib(peak)} -> {_verdict(peak < TARGETS['peak_rss_bytes_10k'])}"
            )
    by_size = {r.pages: r for r in results}
    for small in sorted(by_size):
        big = small * 10
        if big in by_size:
            a, b = by_size[small], by_size[big]
            seq = b.sequential_seconds / a.sequential_seconds if a.sequential_seconds else 0
            dag_a = a.stages[0].seconds + a.dagster_seconds
            dag_b = b.stages[0].seconds + b.dagster_seconds
            dag = dag_b / dag_a if dag_a else 0
            lines.append(
                f"10x pages ({small:,} -> {big:,}) <= 11x time: sequence {seq:.1f}x, fetch + "
                f"Dagster job {dag:.1f}x -> {_verdict(max(seq, dag) <= TARGETS['ratio_10x'])}"
            )
    return "\n".join(lines)


def _child(args: argparse.Namespace) -> int:
    result = run_size(args.one, args.seed, Path(args.workdir), args.extract_sample)
    Path(args.result).write_text(json.dumps(asdict(result)), encoding="utf-8")
    return 0


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
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child: one size
    parser.add_argument("--result", help=argparse.SUPPRESS)
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
        results, wall, tree_peak = [], {}, {}
        for size in sizes:
            work = root / f"pages-{size}"
            if work.exists():
                import shutil

                shutil.rmtree(work)
            out = root / f"result-{size}.json"
            command = [
                sys.executable,
                "-m",
                "briefings.bench",
                "--one",
                str(size),
                "--seed",
                str(args.seed),
                "--workdir",
                str(work),
                "--extract-sample",
                str(args.extract_sample),
                "--result",
                str(out),
            ]
            start = time.perf_counter()
            # This process, the child and everything the child starts: the whole tree.
            with RssSampler() as sampler:
                code = subprocess.run(command, check=False).returncode
            wall[size] = time.perf_counter() - start
            tree_peak[size] = sampler.peak
            if code != 0:
                print(f"the {size}-page run failed (exit {code}); see above", file=sys.stderr)
                return code
            data = json.loads(out.read_text(encoding="utf-8"))
            data["stages"] = [Stage(**s) for s in data["stages"]]
            results.append(SizeResult(**data))
        print(render(results, wall, tree_peak))
    return 0


if __name__ == "__main__":
    sys.exit(main())
