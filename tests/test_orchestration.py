"""The Dagster layer: definitions, dbt arguments, asset checks, the online run, discovery."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from conftest import query
from dagster import AssetKey, DagsterInstance, build_schedule_context, build_sensor_context
from sitesim import TRANSCRIPT, Site, index_html, page, publish_article, server_error

from briefings.config import settings
from briefings.freshness import input_state
from briefings.load import TABLES
from briefings.runs import dbt_build_args
from briefings.snapshots import SnapshotStore
from orchestration.dbt import dbt_project
from orchestration.definitions import defs
from orchestration.discovery import new_briefings_sensor
from orchestration.jobs import build_when_inputs_change, run_config
from orchestration.resources import WarehousePaths

DBT_DIR = Path(dbt_project.project_dir)
TRANSCRIPTS = Path(__file__).parent / "transcripts"


def test_dbt_build_args_point_dbt_at_this_runs_build_file(tmp_path: Path) -> None:
    args = dbt_build_args(tmp_path / "build.duckdb")
    assert args[0] == "build"
    assert json.loads(args[args.index("--vars") + 1]) == {
        "build_db": str(tmp_path / "build.duckdb")
    }
    assert dbt_build_args(tmp_path / "b.duckdb", select="marts")[-2:] == ["--select", "marts"]


def test_dbt_sources_are_the_tables_the_load_step_writes() -> None:
    sources = yaml.safe_load((DBT_DIR / "models" / "staging" / "_sources.yml").read_text())
    declared = {t["name"] for s in sources["sources"] for t in s["tables"]}
    assert declared == set(TABLES)
    graph = defs.resolve_asset_graph()
    for name in TABLES:
        node = graph.get(AssetKey(["raw", name]))
        assert node.is_materializable  # written by the raw_tables asset, not an external source


def test_every_dbt_test_is_an_asset_check_on_the_model_it_guards() -> None:
    manifest = json.loads(dbt_project.manifest_path.read_text())
    tests = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "test"}
    checks = {k.name: k.asset_key for k in defs.resolve_asset_graph().asset_check_keys}
    assert tests == set(checks)
    for rule in (
        "r2_restatements_agree",
        "r3_parts_fit_whole",
        "r4_changes_match_levels",
        "r6_coverage",
    ):
        assert checks[rule] == AssetKey(["marts", "fct_figures"])


def _schedule_request() -> dict:
    """The daily schedule's run config, made quick for a test server."""
    [request] = (
        defs.resolve_schedule_def("daily_refresh")
        .evaluate_tick(build_schedule_context())
        .run_requests
    )
    config = request.run_config
    config["ops"]["snapshots"]["config"].update(QUICK)
    return config


def test_the_schedule_only_fetches_daily_and_the_warehouse_job_builds_everything() -> None:
    schedule = defs.resolve_schedule_def("daily_refresh")
    assert (schedule.job_name, schedule.cron_schedule) == ("refresh_job", "0 6 * * *")
    snapshots_config = _schedule_request()["ops"]["snapshots"]["config"]
    assert (snapshots_config["online"], snapshots_config["settle_days"]) == (True, 30)
    refresh = defs.resolve_job_def("refresh_job")
    assert refresh.asset_layer.executable_asset_keys == {AssetKey(["snapshots"])}
    job = defs.resolve_job_def("warehouse_job")
    assert AssetKey(["published_warehouse"]) in job.asset_layer.executable_asset_keys
    assert AssetKey(["briefing_pages"]) not in job.asset_layer.executable_asset_keys


def test_only_one_run_at_a_time(workdir: Path) -> None:
    from briefings.config import ensure_dagster_home

    config = yaml.safe_load((ensure_dagster_home() / "dagster.yaml").read_text())
    assert config["concurrency"]["runs"]["max_concurrent_runs"] == 1
    assert config["telemetry"]["enabled"] is False


QUICK = {"politeness_delay": 0.0, "max_attempts": 2, "backoff_base": 0.01, "read_timeout": 2.0}


def _registry(site: Site, path: Path, briefing_id: str, first_page: str | None) -> Path:
    data = {
        "allowed_hosts": [site.host],
        "index_pages": [{"url": site.url("/pressroom/"), "profile": "scio"}],
        "briefings": []
        if first_page is None
        else [
            {
                "id": briefing_id,
                "title": "Clean Fields briefing",
                "copies": [{"profile": "scio", "first_page": first_page, "pages": 3}],
            }
        ],
    }
    path.write_text(yaml.safe_dump(data))
    return path


def _online_run():
    from dagster import RunConfig

    from orchestration.assets import SnapshotsConfig

    job = defs.resolve_job_def("warehouse_job")
    with DagsterInstance.ephemeral() as instance:
        return job.execute_in_process(
            run_config=RunConfig(ops={"snapshots": SnapshotsConfig(online=True, **QUICK)}),
            instance=instance,
            raise_on_error=False,
        )


def test_an_online_run_fetches_publishes_and_survives_a_failing_site(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Site() as site:
        urls = publish_article(site, "/pressroom/2023-03/15/", 90000001)
        monkeypatch.setenv(
            "BRIEFINGS_SOURCES",
            str(_registry(site, workdir / "sources.yaml", "clean-fields", urls[0])),
        )
        assert _online_run().success
        store = SnapshotStore(workdir / "raw")
        assert [s.url for s in store.current()] == urls
        published = workdir / "warehouse" / "briefings.duckdb"
        assert query(published, "select count(*) from marts.fct_figures")[0][0] > 0
        before_bytes, before_manifest = published.read_bytes(), store.manifest_path.read_text()

        for path in site.paths():
            site.on(path, server_error(500))
        result = _online_run()
        assert result.success  # failures are recorded; the last good snapshots are used
        assert published.read_bytes() == before_bytes
        after = store.manifest_path.read_text()
        assert after.startswith(before_manifest)
        new_lines = [json.loads(line) for line in after[len(before_manifest) :].splitlines()]
        assert {line["event"] for line in new_lines} == {"fetch_failed"}
        assert [s.url for s in store.current()] == urls


def test_a_new_briefing_is_fetched_then_built_once(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, add_page
) -> None:
    with Site() as site:
        urls = publish_article(site, "/pressroom/2023-05/20/", 90000777)
        site.on(
            "/pressroom/",
            page(index_html([(urls[0], "SCIO briefing on plant varieties")]).encode()),
        )
        monkeypatch.setenv(
            "BRIEFINGS_SOURCES", str(_registry(site, workdir / "sources.yaml", "x", None))
        )
        with DagsterInstance.ephemeral() as instance:
            context = build_sensor_context(instance=instance, resources={"paths": WarehousePaths()})
            result = new_briefings_sensor(context)
            [request] = result.run_requests
            assert request.partition_key == "scio-2023-05-20-90000777"
            assert result.dynamic_partitions_requests[0].partition_keys == [request.partition_key]
            instance.add_dynamic_partitions("briefings", [request.partition_key])

            job = defs.resolve_job_def("fetch_briefing_job")
            run = job.execute_in_process(
                run_config=request.run_config,
                partition_key=request.partition_key,
                instance=instance,
            )
            assert run.success
            stored = SnapshotStore(workdir / "raw").current()
            assert [(s.briefing_id, s.url) for s in stored] == [
                (request.partition_key, u) for u in urls
            ]

            again = new_briefings_sensor(
                build_sensor_context(instance=instance, resources={"paths": WarehousePaths()})
            )
            assert "no new briefings" in again.skip_message

            # The fetched pages are not published yet: the build sensor asks for one offline
            # build, keyed by the inputs, and once it has published finds nothing new.
            build = build_when_inputs_change(
                build_sensor_context(instance=instance, resources={"paths": WarehousePaths()})
            )
            assert build.run_key == input_state(settings()).fingerprint
            assert build.run_config == run_config(online=False).to_config_dict()
            built = defs.resolve_job_def("warehouse_job").execute_in_process(
                run_config=build.run_config, instance=instance
            )
            assert built.success
            published = workdir / "warehouse" / "briefings.duckdb"
            assert query(
                published, "select count(distinct briefing_id) from marts.fct_figures"
            ) == [(1,)]
            quiet = build_when_inputs_change(
                build_sensor_context(instance=instance, resources={"paths": WarehousePaths()})
            )
            assert quiet.skip_message == f"nothing new since run {built.run_id}"

            # The same process notices a page stored by another (`briefings add`).
            add_page(TRANSCRIPTS / "t1_text_scio.txt", "imported-briefing")
            more = build_when_inputs_change(
                build_sensor_context(instance=instance, resources={"paths": WarehousePaths()})
            )
            assert more.run_key == input_state(settings()).fingerprint != build.run_key


def test_the_daily_refresh_asks_only_for_recent_briefings_and_a_correction_is_built(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recent = date.today() - timedelta(days=3)
    with Site() as site:
        old_urls = publish_article(site, "/pressroom/2023-03/15/", 90000001)
        new_folder = f"/pressroom/{recent:%Y-%m/%d}/"
        new_urls = publish_article(site, new_folder, 90000002)
        sources = workdir / "sources.yaml"
        sources.write_text(
            yaml.safe_dump(
                {
                    "allowed_hosts": [site.host],
                    "briefings": [
                        {
                            "id": f"b{n}",
                            "title": "Clean Fields briefing",
                            "published_on": day,
                            "copies": [{"profile": "scio", "first_page": urls[0], "pages": 3}],
                        }
                        for n, (day, urls) in enumerate(
                            [(date(2023, 3, 15), old_urls), (recent, new_urls)]
                        )
                    ],
                }
            )
        )
        monkeypatch.setenv("BRIEFINGS_SOURCES", str(sources))
        with DagsterInstance.ephemeral() as instance:
            # Both briefings are fetched and published once.
            warehouse = defs.resolve_job_def("warehouse_job")
            first = warehouse.execute_in_process(
                run_config={"ops": {"snapshots": {"config": {"online": True, **QUICK}}}},
                instance=instance,
            )
            assert first.success
            asked = len(site.requests)

            refresh = defs.resolve_job_def("refresh_job")
            quiet = refresh.execute_in_process(run_config=_schedule_request(), instance=instance)
            assert quiet.success
            [event] = quiet.asset_materializations_for_node("snapshots")
            metadata = {k: v.value for k, v in event.metadata.items()}
            assert (metadata["settled"], metadata["unchanged"], metadata["fetched"]) == (3, 3, 0)
            assert sorted(seen.path for seen in site.requests[asked:]) == sorted(
                u.removeprefix(site.base) for u in new_urls
            )
            sensor_context = build_sensor_context(
                instance=instance, resources={"paths": WarehousePaths()}
            )
            assert build_when_inputs_change(sensor_context).skip_message == (
                f"nothing new since run {first.run_id}"
            )

            # The recent briefing is corrected on the site: the next refresh stores the new
            # revision, and the build sensor asks for a build.
            corrected = [list(paragraphs) for paragraphs in TRANSCRIPT]
            corrected[0][-1] = corrected[0][-1].replace("3,100 cases", "3,200 cases")
            publish_article(site, new_folder, 90000002, corrected)
            fixed = refresh.execute_in_process(run_config=_schedule_request(), instance=instance)
            [event] = fixed.asset_materializations_for_node("snapshots")
            assert event.metadata["new_revisions"].value == 1
            build = build_when_inputs_change(sensor_context)
            assert build.run_key == input_state(settings()).fingerprint


@pytest.mark.parametrize("job_name", ["refresh_job", "fetch_briefing_job", "warehouse_job"])
def test_no_build_is_asked_for_while_a_fetch_or_a_build_runs(
    shipped_raw: Path, job_name: str
) -> None:
    from dagster import DagsterRun, DagsterRunStatus

    with DagsterInstance.ephemeral() as instance:
        context = build_sensor_context(instance=instance, resources={"paths": WarehousePaths()})
        assert build_when_inputs_change(context).run_key  # nothing published: a build is due
        instance.add_run(DagsterRun(job_name=job_name, status=DagsterRunStatus.STARTED))
        assert build_when_inputs_change(context).skip_message == (
            f"a {job_name} run is running or queued"
        )


def test_an_online_run_without_network_falls_back_to_raw_and_says_so(
    shipped_raw: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    from briefings.config import settings
    from orchestration.launch import run_warehouse_job

    with socket.socket() as s:  # a port nobody listens on: connections are refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    registry = shipped_raw / "sources.yaml"
    registry.write_text(
        yaml.safe_dump(
            {
                "allowed_hosts": [f"127.0.0.1:{port}"],
                "briefings": [
                    {
                        "id": "scio-2021-04-26-ipr-business-environment",
                        "title": "t",
                        "copies": [
                            {
                                "profile": "scio",
                                "first_page": f"http://127.0.0.1:{port}/c.htm",
                                "pages": 9,
                            }
                        ],
                    }
                ],
            }
        )
    )
    monkeypatch.setenv("BRIEFINGS_SOURCES", str(registry))
    summary = run_warehouse_job(settings(), online=True)
    assert summary.published
    assert summary.mode.startswith("offline: ") and f"127.0.0.1:{port}" in summary.mode
    assert "offline" in summary.render()
