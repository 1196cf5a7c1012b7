"""`We ... in six areas, which are as follows:` followed by `First, ... Sixth, ...` paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefings.extract.numbers import TENS, WORDS

_COUNT = (
    r"(?P<count>\d{1,2}|" + "|".join(sorted(set(WORDS) | set(TENS), key=len, reverse=True)) + r")"
)
_NOUNS = (
    "areas|aspects|points|tasks|measures|respects|priorities|ways|fields|steps|parts|things|"
    "categories|principles|goals|features|focuses|directions|efforts|actions|initiatives|"
    "characteristics|highlights|questions|reasons|stages"
)
_STATEMENT = re.compile(
    r"\b(?=[0-9efnstEFNST])"
    + _COUNT
    + r"\s+(?:(?:main|key|major|specific|important|aspects?\s+of|broad|core|"
    r"priority|new)\s+)?(?P<noun>" + _NOUNS + r")\b"
)  # matched on case-folded text (extract.figures.fold_case): re.I alternations are slow
_ANNOUNCES = re.compile(r"\b(?:as follows|following|below|namely)\b|:\s*$", re.I)
ORDINALS = {
    "first": 1,
    "firstly": 1,
    "second": 2,
    "secondly": 2,
    "third": 3,
    "thirdly": 3,
    "fourth": 4,
    "fourthly": 4,
    "fifth": 5,
    "fifthly": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "finally": None,
    "lastly": None,
    "last": None,
}
_CLOSERS = [w for w, n in ORDINALS.items() if n is None]  # finally, lastly, last
_ITEM = re.compile(
    r"^(?:(?P<word>" + "|".join(w.capitalize() for w in ORDINALS) + r")\b\s*[,:]"
    r"|[(（]?(?P<num>\d{1,2})[.)）]\s"
    # "The first is to ...", "The fourth is to ..."
    r"|The\s+(?P<the>"
    + "|".join(w for w, n in ORDINALS.items() if n and not w.endswith("ly"))
    + r"|last)\s+(?:is|was|one|task|area|step|measure|priority)\b)"
)


@dataclass
class Enumeration:
    sentence_index: int  # the sentence that states the count, and its span
    statement_start: int
    statement_end: int
    count_start: int
    count_end: int
    noun: str
    stated_count: int
    announced: bool = True
    count_figure: int | None = None  # index of the count in the page's figure list
    items: list[str] = field(default_factory=list)
    item_starts: list[int] = field(default_factory=list)


def find_statements(text: str, start: int, end: int) -> list[re.Match]:
    """Counts of list items ("six areas") in text[start:end] of case-folded text."""
    return list(_STATEMENT.finditer(text, start, end))


def announces(sentence: str) -> bool:
    """Does the sentence announce a list ("as follows", "the following", a closing colon)?
    An unannounced count is a list only if ordinal items follow it."""
    return bool(_ANNOUNCES.search(sentence))


# Items inside the statement's own sentence: `four areas: first, short videos; second, ...;
# and fourth, cloud storage` or `three things: (1) verify ..., (2) filter ..., and (3) ...`.
_INLINE_ITEM = re.compile(
    r"(?:[:;,]\s*(?:and\s+)?)(?P<word>" + "|".join(w for w in ORDINALS if w != "last") + r")\s*,"
    r"|(?<![\w(])[(（](?P<num>\d{1,2})[)）]",
    re.I,
)


def inline_items(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """Ordinal markers in text[start:end], with their offsets, when they number a list from
    its first item on (at least two); else none."""
    found = [
        (m.group("word") or m.group("num"), m.start("word") if m.group("word") else m.start())
        for m in _INLINE_ITEM.finditer(text, start, end)
    ]
    if len(found) < 2 or found[0][0].lower() not in ("first", "firstly", "1"):
        return []
    return found


def item_marker(paragraph: str) -> str | None:
    m = _ITEM.match(paragraph)
    if not m:
        return None
    return m.group("word") or m.group("num") or m.group("the")


CLOSING_MARKERS = frozenset(_CLOSERS)
