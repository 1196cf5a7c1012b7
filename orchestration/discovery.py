"""New briefings: a sensor polls the index pages and each new briefing becomes a dynamic
partition whose pages are fetched into raw/; jobs.build_when_inputs_change then builds."""

from dagster import (
    AssetExecutionContext,
    Config,
    DynamicPartitionsDefinition,
    MaterializeResult,
    RetryPolicy,
    RunRequest,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    asset,
    define_asset_job,
    sensor,
)

from briefings.fetch import FetchError
from briefings.ingest import DiscoveredBriefing
from briefings.update import discover_new_briefings, fetch_new_briefing
from orchestration.resources import WarehousePaths

briefing_partitions = DynamicPartitionsDefinition(name="briefings")


class BriefingPagesConfig(Config):
    """Where the discovered briefing lives; the sensor fills this in."""

    first_page: str
    profile: str = "scio"
    pages: int = 1
    title: str = ""
    index_url: str = ""


@asset(
    partitions_def=briefing_partitions,
    group_name="ingest",
    retry_policy=RetryPolicy(max_retries=2, delay=60),
)
def briefing_pages(
    context: AssetExecutionContext, config: BriefingPagesConfig, paths: WarehousePaths
) -> MaterializeResult:
    """Every page of one newly discovered briefing, stored as snapshots in raw/."""
    found = DiscoveredBriefing(
        config.first_page, config.title, config.index_url, config.profile, pages=config.pages
    )
    report = fetch_new_briefing(paths.settings(), context.partition_key, found)
    if report.failed and not report.fetched and not report.unchanged:
        raise FetchError(
            f"{config.first_page}: no page of briefing {context.partition_key} could be fetched"
        )
    return MaterializeResult(
        metadata={
            "fetched": report.fetched,
            "unchanged": report.unchanged,
            "failed": report.failed,
            "new_revisions": report.new_revisions,
        }
    )


fetch_briefing_job = define_asset_job(
    "fetch_briefing_job", selection=[briefing_pages], partitions_def=briefing_partitions
)


@sensor(job=fetch_briefing_job, minimum_interval_seconds=3600)
def new_briefings_sensor(
    context: SensorEvaluationContext, paths: WarehousePaths
) -> SensorResult | SkipReason:
    """Poll the registry's index pages; request a fetch run per briefing not seen before."""
    try:
        found = discover_new_briefings(paths.settings())
    except FetchError as exc:
        return SkipReason(f"index pages unreachable: {exc}")
    known = set(context.instance.get_dynamic_partitions(briefing_partitions.name))
    new = [f for f in found if f.error is None and f.suggested_id not in known]
    if not new:
        return SkipReason(f"no new briefings ({len(found)} linked, all known)")
    return SensorResult(
        run_requests=[
            RunRequest(
                partition_key=f.suggested_id,
                run_key=f.suggested_id,
                run_config={
                    "ops": {
                        "briefing_pages": {
                            "config": {
                                "first_page": f.first_page,
                                "profile": f.profile,
                                "pages": f.pages or 1,
                                "title": f.title,
                                "index_url": f.index_url,
                            }
                        }
                    }
                },
            )
            for f in new
        ],
        dynamic_partitions_requests=[
            briefing_partitions.build_add_request([f.suggested_id for f in new])
        ],
    )
