"""One snapshot -> its page-local rows (parse + extract), cached by content hash and extractor version.

Page-local rows use indices inside the page; `briefing.py` gives them ids and speakers.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path

import orjson

from briefings.extract import extract_page, extractor_version
from briefings.files import atomic_write
from briefings.parse import parse_page


def _num(value: Decimal) -> float | int:
    if value == value.to_integral_value() and abs(value) < 2**63:
        return int(value)
    return float(value)  # the warehouse holds doubles; JSON writers refuse ints past 64 bits


def page_rows(content: str, media_type: str) -> dict:
    """Parse and extract one page; the result is plain JSON data."""
    page = parse_page(content, media_type)
    extraction = extract_page(page)
    text = page.text
    years_by_sentence: dict[int, list[list]] = {}  # [year, where said, a goal?]
    for stated in extraction.years:
        years_by_sentence.setdefault(stated.sentence, []).append(
            [stated.year, stated.start, stated.goal]
        )
    mentions_by_sentence: dict[int, list[str]] = {}
    for sentence_index, mention in extraction.campaign_mentions:
        mentions_by_sentence.setdefault(sentence_index, []).append(mention.name)
    return {
        "text": text,
        "title": page.title,
        "published_on": page.published_on.isoformat() if page.published_on else None,
        "held_on": page.held_on.isoformat() if page.held_on else None,
        "page_count": page.page_count,
        "speakers": [s.__dict__ for s in page.speakers],
        "turns": [
            {
                "index": t.index,
                "label": t.label,
                "start": t.start,
                "end": t.end,
                "text": text[t.start : t.end],
            }
            for t in page.turns
        ],
        "sentences": [
            {
                "index": s.index,
                "turn_index": s.turn_index,
                "paragraph_index": s.paragraph_index,
                "start": s.start,
                "end": s.end,
                "years": years_by_sentence.get(s.index, []),
                "campaigns": mentions_by_sentence.get(s.index, []),
            }
            for s in page.sentences
        ],
        "figures": [
            {
                "start": f.start,
                "end": f.end,
                "number_start": f.number_start,
                "number_end": f.number_end,
                "value": _num(f.value),
                "precision": _num(f.precision),
                "value_low": _num(f.value_low),
                "value_high": _num(f.value_high),
                "low_open": f.low_open,
                "high_open": f.high_open,
                "qualifier": f.qualifier,
                "scale": f.scale,
                "currency": f.currency,
                "unit": f.unit,
                "unit_kind": f.unit_kind,
                "unit_borrowed": f.unit_borrowed,
                "verb": f.verb,
                "kind": f.kind,
                "change_direction": f.change_direction,
                "refers_to": f.refers_to,
                "part_of": f.part_of,
                "sentence_index": f.sentence_index,
                "turn_index": f.turn_index,
                "campaigns": list(f.campaigns),
                "campaign_from_previous_page": f.campaign_from_previous_page,
            }
            for f in extraction.figures
        ],
        "enumerations": [
            {
                "sentence_index": e.sentence_index,
                "statement_start": e.statement_start,
                "statement_end": e.statement_end,
                "count_start": e.count_start,
                "count_end": e.count_end,
                "noun": e.noun,
                "stated_count": e.stated_count,
                "items": e.items,
                "item_starts": e.item_starts,
            }
            for e in extraction.enumerations
        ],
        "not_figures": [
            {"sentence_index": i, "start": s, "end": e, "reason": why}
            for i, s, e, why in extraction.not_figures
        ],
    }


class ExtractionCache:
    """Page rows on disk, keyed by snapshot sha256 and extractor version.

    Each extractor version has its own subfolder of the cache folder, named as
    `extractor_version()` names it; `prune` removes no other folder.
    """

    def __init__(self, root: Path) -> None:
        self.base = Path(root)
        self.version = extractor_version()
        self.root = self.base / self.version
        self.hits = 0
        self.misses = 0

    def get_or_build(self, sha256: str, load_content: Callable[[], str], media_type: str) -> dict:
        path = self.root / f"{sha256}.json"
        if path.exists():
            with contextlib.suppress(orjson.JSONDecodeError, OSError):
                rows = orjson.loads(path.read_bytes())
                self.hits += 1
                return rows
        rows = page_rows(load_content(), media_type)
        self.misses += 1
        # Not synced: a backfill writes one entry per page, and a torn one fails to parse above
        # and is extracted again.
        atomic_write(path, orjson.dumps(rows), sync=False)
        return rows

    def prune(self, keep: Iterable[str] = ()) -> None:
        """Drop the entries of extractor versions other than this one and `keep`: a backfill's
        worth of them per upgrade would otherwise stay forever (a rolled-back extractor
        extracts again). `keep` names the versions that worker processes used, which differ
        from this one if the code changed on disk while they started."""
        kept = {self.version, *keep}
        for child in self.base.iterdir() if self.base.is_dir() else ():
            if child.is_dir() and _VERSION_FOLDER.fullmatch(child.name) and child.name not in kept:
                shutil.rmtree(child, ignore_errors=True)


# extractor_version(): a release name, a dash and the first 10 hex digits of the rules' hash.
_VERSION_FOLDER = re.compile(r".+-[0-9a-f]{10}")
