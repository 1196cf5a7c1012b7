"""The benchmark script's own stages, on a corpus small enough for the suite: its scoring queries
run against the schema of the warehouse it builds (they join raw, staging and mart tables that
other changes move), and it scores what it generated. Its timings are printed by `make bench`,
never asserted here."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.bench import run_stages


def test_the_benchmark_builds_publishes_and_scores_a_small_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # run_stages points the settings at its work directory through the environment.
    for name in ("BRIEFINGS_RAW", "BRIEFINGS_WAREHOUSE", "BRIEFINGS_SOURCES", "DAGSTER_HOME"):
        monkeypatch.setenv(name, "")
    result = run_stages(pages=40, seed=3, work=tmp_path, extract_sample=10)

    assert result.published and not result.publish_error
    assert result.tests["failed"] == []
    stages = {s.name.split(" (")[0]: s for s in result.stages}
    assert {"fetch", "parse + extract", "load", "dbt build", "publish"} <= stages.keys()
    assert stages["load"].rows == stages["parse + extract"].rows > 0  # every bundled row loaded
    quality = result.quality
    assert quality["gold"] == result.figures_gold > 0
    assert (quality["precision"], quality["recall"]) == (1.0, 1.0)
    attribution = quality["attribution"]
    assert attribution["mapped_levels"] > 0
    assert (attribution["measure"], attribution["scope"], attribution["year"]) == (1.0, 1.0, 1.0)
    not_figures = quality["not_figures"]
    assert not_figures["standalone"] > 0
    assert not_figures["skipped"] == not_figures["reason_right"] == not_figures["standalone"]
    assert not_figures["taken_as_figures"] == 0
    assert result.single_core["pages"] == 10
