"""Extraction and parsing against the hand-made gold files in tests/gold (see their "note")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefings.evaluate import ATTRIBUTES, TARGETS, _source_path, _system_figures, evaluate_gold_dir

GOLD = Path(__file__).resolve().parent / "gold"
GOLD_FILES = sorted(GOLD.glob("*.gold.json"))


def test_there_is_gold_for_the_seed_and_six_own_transcripts() -> None:
    names = {p.name for p in GOLD_FILES}
    assert "seed_page4.gold.json" in names and len(names) >= 7
    for path in GOLD_FILES:
        assert json.loads(path.read_text())["note"].startswith("Hand-made gold")


def test_extraction_meets_the_targets_on_every_gold_figure() -> None:
    report = evaluate_gold_dir(GOLD)
    total = report.total()
    details = report.render()
    assert total.precision >= TARGETS["precision"], details
    assert total.recall >= TARGETS["recall"], details
    for attr in ATTRIBUTES:
        assert total.accuracy(attr) >= TARGETS["attribute"], (attr, details)
    assert total.not_figure_hits == [], details
    assert total.enumerations_right == total.enumerations_gold, details


def _gold_and_tables(path: Path) -> tuple[dict, dict]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    pages = [_source_path(gold, path)]
    if gold.get("same_briefing_as"):
        pages.insert(0, path.resolve().parents[2] / gold["same_briefing_as"])
    _, _, tables = _system_figures(pages, pages[-1])
    return gold, tables


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_turns_speakers_and_kinds_match_the_gold(path: Path) -> None:
    gold, tables = _gold_and_tables(path)
    page_id = f"gold:p{2 if gold.get('same_briefing_as') else 1}"
    speakers = {s["speaker_id"]: s for s in tables["speakers"]}
    texts = {p["page_id"]: p["text"] for p in tables["pages"]}
    turns = [t for t in tables["turns"] if t["page_id"] == page_id]
    got = [
        (
            speakers[t["speaker_id"]]["name"] if t["speaker_id"] else None,
            t["kind"],
            texts[page_id][t["char_start"] : min(t["char_start"] + 30, t["char_end"])],
        )
        for t in turns
    ]
    want = [(t["speaker"], t["kind"], t["starts_with"]) for t in gold["turns"]]
    assert got == want


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_speaker_roles_match_the_gold(path: Path) -> None:
    gold, tables = _gold_and_tables(path)
    roles = {s["name"]: s["role"] for s in tables["speakers"]}
    for speaker in gold["speakers"]:
        assert roles.get(speaker["name"]) == speaker["role"], speaker["name"]
