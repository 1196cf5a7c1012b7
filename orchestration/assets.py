"""Pipeline stages as assets. Each calls one plain-Python part; the parts hold the rules."""

from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    Config,
    MaterializeResult,
    RetryPolicy,
    asset,
    multi_asset,
)

from briefings import load
from briefings.bundle import build_bundle
from briefings.fetch import FetchPolicy
from briefings.freshness import input_state
from briefings.pages import ExtractionCache
from briefings.publish import publish
from briefings.runs import RunPaths, prune_runs
from briefings.snapshots import SnapshotStore
from briefings.update import update_snapshots
from orchestration.dbt import warehouse_models
from orchestration.resources import WarehousePaths

RAW_TABLE_KEYS = [AssetKey(["raw", name]) for name in load.TABLES]


class SnapshotsConfig(Config):
    """Offline reads raw/ only; online fetches registered pages with conditional GETs."""

    online: bool = False
    # Online, briefings published more than this many days ago whose pages are all held are
    # not asked for again (ingest.refresh); None asks for every registered page.
    settle_days: int | None = None
    politeness_delay: float = 2.0  # seconds between two requests to the same host
    max_attempts: int = 4
    backoff_base: float = 1.0
    read_timeout: float = 30.0

    def settled_before(self, today: date) -> date | None:
        return None if self.settle_days is None else today - timedelta(days=self.settle_days)

    def policy(self) -> FetchPolicy:
        return FetchPolicy(
            politeness_delay=self.politeness_delay,
            max_attempts=self.max_attempts,
            backoff_base=self.backoff_base,
            read_timeout=self.read_timeout,
        )


@asset(group_name="ingest", retry_policy=RetryPolicy(max_retries=2, delay=30))
def snapshots(
    context: AssetExecutionContext, config: SnapshotsConfig, paths: WarehousePaths
) -> MaterializeResult:
    """The immutable page snapshots in raw/: refreshed from the web when online. A page that
    fails keeps its last good snapshot; an unreachable network turns the run offline."""
    settings = paths.settings()
    report = update_snapshots(
        settings,
        online=config.online,
        policy=config.policy(),
        settled_before=config.settled_before(datetime.now(UTC).date()),
        log=context.log.info,
    )
    run = RunPaths.for_run(settings, context.run.run_id)
    run.write_json(run.snapshot_report, report.metadata())
    return MaterializeResult(metadata=report.metadata())


@asset(group_name="extract", deps=[snapshots], output_required=False)
def figures(context: AssetExecutionContext, paths: WarehousePaths) -> Iterator[MaterializeResult]:
    """Every page parsed and its figures extracted, written as this run's load bundle.

    When the inputs (page snapshots, registry, extractor and dbt code) are those of the
    published warehouse, nothing is yielded: the rest of the run is skipped and the published
    file is not rewritten.
    """
    settings = paths.settings()
    run = RunPaths.for_run(settings, context.run.run_id)
    store = SnapshotStore(settings.raw_dir)
    state = input_state(settings, store)
    fingerprint = state.fingerprint
    if state.unchanged:
        run.write_json(
            run.nothing_new,
            {"published_run_id": state.published_run_id, "input_fingerprint": fingerprint},
        )
        context.log.info(
            f"nothing new since run {state.published_run_id}; the published warehouse stays"
        )
        return
    summary = build_bundle(
        store, state.registry, ExtractionCache(settings.cache_dir), run.bundle_dir
    )
    run.write_json(run.bundle_summary, {**asdict(summary), "input_fingerprint": fingerprint})
    yield MaterializeResult(
        metadata={
            "briefings": summary.briefings,
            "pages": summary.pages,
            "characters": summary.characters,
            "figures": summary.counts["figures"],
            "enumerations": summary.counts["enumerations"],
            "cache_hits": summary.cache_hits,
            "cache_misses": summary.cache_misses,
        }
    )


@multi_asset(specs=[AssetSpec(key, deps=[figures], group_name="load") for key in RAW_TABLE_KEYS])
def raw_tables(context: AssetExecutionContext, paths: WarehousePaths):
    """The raw schema of this run's fresh build database, all tables in one transaction."""
    run = RunPaths.for_run(paths.settings(), context.run.run_id)
    run.build_db.unlink(missing_ok=True)
    counts = load.load_bundle(run.bundle_dir, run.build_db)
    for key in RAW_TABLE_KEYS:
        yield MaterializeResult(asset_key=key, metadata={"rows": counts[key.path[-1]]})


@asset(group_name="publish", deps=[warehouse_models])
def published_warehouse(context: AssetExecutionContext, paths: WarehousePaths) -> MaterializeResult:
    """The tested build swapped in as warehouse/briefings.duckdb, plus its Parquet export."""
    settings = paths.settings()
    run = RunPaths.for_run(settings, context.run.run_id)
    bundle = run.read_json(run.bundle_summary) or {}
    run_results = run.read_json(run.run_results)
    if run_results is None:
        raise FileNotFoundError(
            f"{run.run_results}: dbt did not run in this run; nothing to publish"
        )
    result = publish(
        run.build_db,
        settings,
        run_id=context.run.run_id,
        input_fingerprint=bundle.get("input_fingerprint", ""),
        snapshot_hashes=list(bundle.get("snapshot_hashes", [])),
        run_results=run_results,
    )
    run.write_json(run.publish_summary, asdict(result))
    prune_runs(settings, published_run=context.run.run_id)
    return MaterializeResult(
        metadata={
            "path": result.path,
            "figures": result.tables.get("marts.fct_figures", 0),
            "briefings": result.tables.get("marts.dim_briefing", 0),
            "parquet": result.parquet_dir,
        }
    )
