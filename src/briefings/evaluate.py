"""Precision, recall and attribute accuracy of extraction against hand-made gold files.

A gold figure names its number by a short context that occurs once in the page text; a
system figure matches it when its number sits at the same characters.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from briefings.briefing import PageInput, assemble, locate_figures
from briefings.extract_file import read_transcript
from briefings.pages import page_rows
from briefings.snapshots import Snapshot

ATTRIBUTES = (
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "scale",
    "unit",
    "unit_kind",
    "currency",
    "change_direction",
    "kind",
    "campaigns",
    "speaker",
    "refers_to",
)
TARGETS = {"precision": 0.98, "recall": 0.98, "attribute": 0.95}


class GoldError(ValueError):
    pass


def _locate(text: str, context: str, number: str, where: str) -> tuple[int, int]:
    pattern = r"\s+".join(re.escape(w) for w in context.split())
    hits = [m for m in re.finditer(pattern, text)]
    if len(hits) != 1:
        raise GoldError(f"{where}: context {context!r} found {len(hits)} times in the page text")
    m = hits[0]
    # A numeral stands alone, or glued to the one word the extractor reads it after ("RMB1.2")
    inner = re.search(
        r"(?:(?<![\w.,])|(?<=RMB))" + re.escape(number) + r"(?![\w]|[.,]\d)", m.group(0)
    )
    if not inner:
        raise GoldError(f"{where}: number {number!r} not in context {context!r}")
    return m.start() + inner.start(), m.start() + inner.end()


def _head(unit: str | None) -> str:
    words = (unit or "").lower().split(" of ")[0].split()
    return words[-1] if words else ""


def _same(attr: str, gold, system) -> bool:
    if attr in ("value", "value_low", "value_high"):
        return (
            gold is not None
            and system is not None
            and abs(float(gold) - float(system)) <= 1e-6 * max(1, abs(float(gold)))
        )
    if attr == "unit":
        return _head(gold) == _head(system)
    if attr == "campaigns":
        return sorted(gold or []) == sorted(system or [])
    return (gold or None) == (system or None)


@dataclass
class FileScore:
    name: str
    gold: int = 0
    system: int = 0
    matched: int = 0
    attribute_hits: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    not_figure_hits: list[str] = field(default_factory=list)
    enumerations_gold: int = 0
    enumerations_right: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.system if self.system else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    def accuracy(self, attr: str) -> float:
        return self.attribute_hits.get(attr, 0) / self.matched if self.matched else 1.0


def _source_path(gold: dict, gold_path: Path) -> Path:
    """Gold sources are paths from the project root (tests/gold/ is two levels down)."""
    return gold_path.resolve().parents[2] / gold["source"]


def _system_figures(paths: list[Path], target: Path) -> tuple[str, list[dict], dict]:
    """Figures of `target`, assembled with the earlier pages of the same briefing."""
    inputs = []
    for page_no, path in enumerate(paths, start=1):
        text, media = read_transcript(path)
        snap = Snapshot(
            sha256="",
            briefing_id="gold",
            page_no=page_no,
            url=str(path),
            media_type=media,
            encoding="utf-8",
            bytes=0,
            fetched_at="",
            origin="file",
            path=str(path),
        )
        inputs.append(PageInput(snap, page_rows(text, media)))
    tables = assemble("gold", inputs, None)
    page_id = f"gold:p{len(paths)}"
    speakers = {s["speaker_id"]: s["name"] for s in tables["speakers"]}
    located = locate_figures(tables)
    figures = [f for f in located if f["page_id"] == page_id]
    number_at = {f["char_start"]: f["number_text"] for f in figures}
    for f in figures:
        f["speaker"] = speakers.get(f["speaker_id"])
        f["refers_to"] = number_at.get(f["refers_to_char_start"])
    return inputs[-1].rows["text"], figures, tables


def evaluate_gold_file(gold_path: Path) -> FileScore:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    target = _source_path(gold, gold_path)
    pages = [target]
    if gold.get("same_briefing_as"):
        pages.insert(0, gold_path.resolve().parents[2] / gold["same_briefing_as"])
    text, figures, tables = _system_figures(pages, target)
    score = FileScore(
        gold_path.name.removesuffix(".gold.json"), gold=len(gold["figures"]), system=len(figures)
    )
    by_number = {(f["number_start"], f["number_end"]): f for f in figures}
    matched_keys = set()
    for g in gold["figures"]:
        key = _locate(text, g["context"], g["number"], f"{gold_path.name}")
        system = by_number.get(key)
        if system is None:
            score.misses.append(g["context"])
            continue
        matched_keys.add(key)
        score.matched += 1
        for attr in ATTRIBUTES:
            if _same(attr, g.get(attr), system.get(attr)):
                score.attribute_hits[attr] = score.attribute_hits.get(attr, 0) + 1
            else:
                score.wrong.append(
                    f"{attr}: {g['context']!r}: gold {g.get(attr)!r}, got {system.get(attr)!r}"
                )
    page_id = f"gold:p{len(pages)}"
    found = {
        (e["stated_count"], len(e["items"]))
        for e in tables["enumerations"]
        if e["page_id"] == page_id
    }
    for en in gold.get("enumerations", []):
        score.enumerations_gold += 1
        if (en["stated_count"], len(en["items"])) in found:
            score.enumerations_right += 1
        else:
            score.wrong.append(
                f"enumeration {en['context']!r}: gold {en['stated_count']} / "
                f"{len(en['items'])} items, found {sorted(found)}"
            )
    not_figures = set()
    for n in gold.get("not_figures", []):
        try:
            not_figures.add(_locate(text, n["context"], n["number"], gold_path.name))
        except GoldError:
            continue  # header lines (titles, Updated:) are not part of the page text searched
    for key, f in by_number.items():
        if key not in matched_keys:
            context = text[max(0, f["char_start"] - 40) : f["char_end"] + 40]
            score.extras.append(f"{f['as_written']!r} in {context!r}")
            if key in not_figures:
                score.not_figure_hits.append(f["as_written"])
    return score


@dataclass
class Report:
    files: list[FileScore]

    def total(self) -> FileScore:
        total = FileScore("overall")
        for f in self.files:
            total.gold += f.gold
            total.system += f.system
            total.matched += f.matched
            for attr, n in f.attribute_hits.items():
                total.attribute_hits[attr] = total.attribute_hits.get(attr, 0) + n
            total.not_figure_hits += f.not_figure_hits
            total.enumerations_gold += f.enumerations_gold
            total.enumerations_right += f.enumerations_right
        return total

    def meets_targets(self) -> bool:
        t = self.total()
        return (
            t.precision >= TARGETS["precision"]
            and t.recall >= TARGETS["recall"]
            and all(t.accuracy(a) >= TARGETS["attribute"] for a in ATTRIBUTES)
            and not t.not_figure_hits
            and t.enumerations_right == t.enumerations_gold
        )

    def render(self, details: bool = True) -> str:
        head = f"{'file':<22}{'gold':>5}{'sys':>5}{'prec':>7}{'recall':>7}  " + " ".join(
            f"{a[:8]:>8}" for a in ATTRIBUTES
        )
        lines = [head]
        for f in [*self.files, self.total()]:
            lines.append(
                f"{f.name:<22}{f.gold:>5}{f.system:>5}{f.precision:>7.3f}{f.recall:>7.3f}  "
                + " ".join(f"{f.accuracy(a):>8.3f}" for a in ATTRIBUTES)
            )
        t = self.total()
        lines.append(
            f"figures on a year, date, name, ordinal or page number: {len(t.not_figure_hits)}"
        )
        lines.append(
            f"enumerations (stated count and items found): {t.enumerations_right} of "
            f"{t.enumerations_gold} right"
        )
        lines.append(
            f"targets: precision >= {TARGETS['precision']}, recall >= {TARGETS['recall']}, "
            f"each attribute >= {TARGETS['attribute']}: {'met' if self.meets_targets() else 'NOT met'}"
        )
        if details:
            for f in self.files:
                for kind, items in (("missed", f.misses), ("extra", f.extras), ("wrong", f.wrong)):
                    lines += [f"  {f.name} {kind}: {item}" for item in items]
        return "\n".join(lines)


def evaluate_gold_dir(gold_dir: Path) -> Report:
    return Report([evaluate_gold_file(p) for p in sorted(Path(gold_dir).glob("*.gold.json"))])
