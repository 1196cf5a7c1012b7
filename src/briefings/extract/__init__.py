"""Sentences of a parsed page -> figures, enumerations and campaign mentions. Pure functions, no I/O."""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple

from briefings.extract.campaigns import (
    CampaignMention,
    changes_subject,
    find_campaigns,
    institutions_in,
    quoted_spans,
    refers_back,
    with_editions,
)
from briefings.extract.enumerations import (
    CLOSING_MARKERS,
    Enumeration,
    announces,
    find_statements,
    inline_items,
    item_marker,
)
from briefings.extract.figures import (
    Candidate,
    RawFigure,
    SkipReason,
    borrow_units,
    figures_by_sentence,
    find_candidates,
    fold_case,
    is_base_year,
    is_not_a_figure,
    link_changes,
    link_parts,
    read_figure,
    spread_changes,
)
from briefings.extract.numbers import word_value
from briefings.parse.model import ParsedPage

# Bump when the meaning of a rule changes. Cached extractions of unchanged snapshots are keyed
# by extractor_version(), which also hashes the rule sources, so an edit is never served stale.
EXTRACTOR_VERSION = "2026.11.26-2"
_RULE_SOURCES = ("extract", "parse", "pages.py", "briefing.py")


@cache
def extractor_version() -> str:
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for name in _RULE_SOURCES:
        paths = (
            sorted((package / name).rglob("*.py"))
            if (package / name).is_dir()
            else [package / name]
        )
        for path in paths:
            digest.update(path.read_bytes())
    return f"{EXTRACTOR_VERSION}-{digest.hexdigest()[:10]}"


__all__ = [
    "EXTRACTOR_VERSION",
    "ExtractedFigure",
    "PageExtraction",
    "extract_page",
    "extractor_version",
]


@dataclass(slots=True)
class ExtractedFigure(RawFigure):
    sentence_index: int = 0
    turn_index: int = 0
    campaigns: tuple[str, ...] = ()
    # In an answer that goes on from the page before, pointing back to "the campaign" named
    # there: the briefing's assembly gives it that page's campaign.
    campaign_from_previous_page: bool = False


class StatedYear(NamedTuple):
    sentence: int  # sentence index
    start: int  # where it is said
    year: int
    # A goal ("By 2025, ...", "this year") dates its own sentence, not the ones after it.
    goal: bool


@dataclass
class PageExtraction:
    figures: list[ExtractedFigure]
    enumerations: list[Enumeration]
    campaign_mentions: list[tuple[int, CampaignMention]]  # (sentence index, mention)
    years: list[StatedYear]  # periods stated in words, in page order
    # (sentence index, start, end, why): numerals deliberately not taken as figures
    not_figures: list[tuple[int, int, int, SkipReason]]


def extract_page(page: ParsedPage) -> PageExtraction:
    text = page.text
    figures: list[ExtractedFigure] = []
    mentions: list[tuple[int, CampaignMention]] = []
    years: list[StatedYear] = []
    skipped: list[tuple[int, int, int, SkipReason]] = []
    enumerations: list[Enumeration] = []
    sentences = page.sentences

    # One pass of each pattern over the page, each match filed under its sentence: the
    # per-sentence loop below then costs dictionary look-ups, not regex scans.
    starts = [x.start for x in sentences]
    lo, hi = (sentences[0].start, sentences[-1].end) if sentences else (0, 0)

    def file_by_sentence(items, start_of) -> dict[int, list]:
        filed: dict[int, list] = {}
        for item in items:
            pos = start_of(item)
            i = bisect.bisect_right(starts, pos) - 1
            if i >= 0 and pos < sentences[i].end:
                filed.setdefault(i, []).append(item)
        return filed

    def match_start(m: re.Match | Candidate) -> int:
        return m.start()

    folded = fold_case(text)
    candidates = file_by_sentence(find_candidates(folded, lo, hi), match_start)
    campaigns_in = file_by_sentence(find_campaigns(text, lo, hi, folded), lambda c: c.start)
    quotes_in = file_by_sentence(quoted_spans(text, lo, hi), lambda span: span[0])
    statements_in = file_by_sentence(find_statements(folded, lo, hi), match_start)

    carry: tuple[str, ...] = ()
    named_in_turn: tuple[str, ...] = ()  # the campaigns last named in the current turn
    acting: frozenset[str] = frozenset()  # the institutions named with them
    editions: dict[str, str] = {}  # campaign family -> the edition the page named
    continued = bool(page.turns) and page.turns[0].label is None
    from_previous_page = False
    last_key = None
    for sent in sentences:
        s, e, index = sent.start, sent.end, sent.index
        key = (sent.turn_index, sent.paragraph_index)
        if key != last_key:
            if last_key is None or key[0] != last_key[0]:
                named_in_turn = ()
            # A campaign carries over into another paragraph of the turn only where that
            # paragraph opens by pointing back to it ("Short videos were a focus of the campaign").
            opens_page = continued and key[0] == 0 and not named_in_turn
            points_back = (named_in_turn or opens_page) and refers_back(text[s:e])
            carry = named_in_turn if points_back else ()
            from_previous_page = opens_page and points_back
            last_key = key
        found = campaigns_in.get(index, ())
        names: tuple[str, ...] = ()
        if found:
            names = with_editions(tuple(dict.fromkeys(c.name for c in found)), editions, text[s:e])
            mentions.extend((index, c) for c in found)
            carry = named_in_turn = names
            acting = institutions_in(text[s:e])
            from_previous_page = False
        elif (carry or from_previous_page) and changes_subject(text[s:e], acting):
            carry, from_previous_page = (), False
        in_sentence = candidates.get(index)
        if not in_sentence:
            continue  # no figure, so no enumeration count either
        excluded = [(c.start, c.end) for c in found] + quotes_in.get(index, [])
        statement = statements_in.get(index, [None])[0]
        enumeration = _enumeration(statement, text, index, s, e) if statement else None
        taken_until = s
        for m in in_sentence:
            if m.start() < taken_until or m.end() > e:
                continue  # part of the figure before ("3.2 ten thousand"), or across sentences
            why = is_not_a_figure(text, m, s, e, excluded)
            if why:
                skipped.append((index, m.start(), m.end(), why))
                if why == "year" and not is_base_year(text, m.start(), s):
                    goal = _GOAL_BEFORE.search(text, max(s, m.start() - 16), m.start())
                    years.append(StatedYear(index, m.start(), int(m.group(0)), bool(goal)))
                continue
            fig = read_figure(
                text,
                m,
                s,
                e,
                ExtractedFigure,
                sentence_index=index,
                turn_index=sent.turn_index,
                campaigns=names or carry,
                campaign_from_previous_page=from_previous_page,
            )
            taken_until = fig.end
            if enumeration and enumeration.count_start == m.start():
                enumeration.count_figure = len(figures)
            figures.append(fig)
        if enumeration and enumeration.count_figure is not None:
            enumerations.append(enumeration)

    _collect_items(page, enumerations)
    enumerations = [en for en in enumerations if en.announced or en.items]
    for en in enumerations:
        figures[en.count_figure].kind = "enumeration_count"
    sentence_of = [f.sentence_index for f in figures]
    by_sentence = figures_by_sentence(sentence_of)
    spread_changes(text, figures, sentence_of, by_sentence)
    link_changes(text, figures, sentence_of, by_sentence)
    spans = [(x.start, x.end) for x in sentences]
    borrow_units(
        text, figures, by_sentence, spans, [(x.turn_index, x.paragraph_index) for x in sentences]
    )
    link_parts(text, figures, by_sentence, spans)
    said = page.held_on or page.published_on
    if said:
        years = sorted(years + _relative_years(folded, lo, hi, said, sentences, starts))
    return PageExtraction(figures, enumerations, mentions, years, skipped)


def _relative_years(
    folded: str, lo: int, hi: int, said: date, sentences: list, starts: list[int]
) -> list[StatedYear]:
    """Years said relative to the briefing's date: "Last year, disputes fell ..." is the year
    before it ("the past year" too, when the briefing reviews it early in the next); "up 5
    percent over last year" compares with it instead. "This year" and "next year" are plans.
    Found from the word "year" (str.find): a regex scan of every page costs a tenth of the
    extraction."""
    found = []
    at = folded.find(" year", lo, hi)
    while at >= 0:
        nxt = folded[at + 5 : at + 6]  # not "yearly", "year-on-year" or "last year's"
        m = (
            None
            if nxt.isalnum() or nxt in ("-", "'", "’")
            else _RELATIVE_BEFORE.search(folded, max(lo, at - 10), at)
        )
        at_next = folded.find(" year", at + 5, hi)
        if m:
            i = bisect.bisect_right(starts, m.start()) - 1
            word = m.group(1)
            if (
                i >= 0
                and m.start() < sentences[i].end
                and not (word == "past" and said.month > 3)  # in September: the last 12 months
                and (
                    m.group(0).startswith("the")
                    or not is_base_year(folded, m.start(), sentences[i].start, in_words=True)
                )
            ):
                year = said.year + _YEAR_OFFSET[word]
                found.append(StatedYear(i, m.start(), year, word in ("this", "next")))
        at = at_next
    return found


_RELATIVE_BEFORE = re.compile(r"\b(?:the\s+)?(last|past|this|next)\Z")
_YEAR_OFFSET = {"last": -1, "past": -1, "this": 0, "next": 1}
# "By 2025, registrations should exceed 10 million": a goal's year.
_GOAL_BEFORE = re.compile(r"\bby\s+(?:the\s+end\s+of\s+)?$", re.I)


def _enumeration(m, text: str, index: int, s: int, e: int) -> Enumeration:
    count = m.group("count")
    stated = int(count) if count.isdigit() else word_value(count)
    inline = inline_items(text, m.end(), e)
    return Enumeration(
        index,
        s,
        e,
        m.start("count"),
        m.end("count"),
        m.group("noun").lower(),
        stated,
        announced=announces(text[s:e]),
        items=[marker for marker, _ in inline],
        item_starts=[at for _, at in inline],
    )


def _collect_items(page: ParsedPage, enumerations: list[Enumeration]) -> None:
    """Sentences that open with an ordinal, after a count statement in the same turn, until
    the list restarts ("First" again) or another count statement begins."""
    if not enumerations:
        return
    text = page.text
    starts = [en.statement_start for en in enumerations]
    # Items found before this scan were in the counting sentence itself: that list is complete.
    closed = {i for i, en in enumerate(enumerations) if en.items}
    for sent in page.sentences:
        marker = item_marker(text[sent.start : sent.end])
        if not marker:
            continue
        i = bisect.bisect_right(starts, sent.start - 1) - 1
        if i < 0:
            continue
        en = enumerations[i]
        turn = page.turns[sent.turn_index]
        if (
            i in closed
            or not (turn.start <= en.statement_start <= turn.end)
            or sent.start <= en.statement_start
        ):
            continue
        if marker.lower() in ("first", "firstly", "1") and en.items:
            closed.add(i)  # a second list in the same turn, without its own statement
            continue
        if marker.lower() in CLOSING_MARKERS and len(en.items) >= en.stated_count:
            closed.add(i)  # "Finally, I want to thank ...": the list was complete
            continue
        en.items.append(marker)
        en.item_starts.append(sent.start)
