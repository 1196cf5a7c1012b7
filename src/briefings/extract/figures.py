"""Figures in a sentence: number, qualifier, scale, currency, unit phrase, verb, change.

Staged rules: find numerals and number words, drop those that are not figures (years, dates,
names, ordinals, list markers), then read the words around each one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, TypeVar, get_args

from briefings.extract.numbers import (
    SCALES,
    TENS,
    WORDS,
    interval,
    numeral_value_and_precision,
    word_value,
)


def trie_pattern(words: list[str]) -> str:
    """One regex alternation shaped as a trie ("s(?:even(?:teen|ty)?|ix(?:teen|ty)?)"): the
    engine follows one branch per letter instead of trying every word at every position."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return (body if len(branches) > 1 else "(?:" + body + ")") + "?"
        return body

    return emit(tree)


def first_letters(words: str) -> str:
    """A lookahead for the first letters of `words`, a regex alternation of words.

    A pattern that is tried at every character and opens with an alternation runs every
    branch there (under re.I the engine has no shortcut); this turns most characters away
    at once. Under re.I the letters match either case, as the words do.
    """
    letters = {word[0] for word in words.split("|")}
    if not all(ch.isalpha() for ch in letters):
        raise ValueError(f"not an alternation of words: {words!r}")
    return "(?=[" + "".join(sorted(letters)) + "])"


_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
# Spelled-out counts: "six", "twelve", "forty", "twenty-five". "one" is too often not a count:
# it is a candidate only before a scale word ("nearly one million").
_NUMBER_WORDS = sorted(
    ((set(WORDS) | set(TENS)) - {"zero", "one"})
    | {f"{tens}{sep}{unit}" for tens in TENS for unit in _UNITS for sep in ("-", " ")}
)
_WORD_NUM = "(?:" + trie_pattern(_NUMBER_WORDS) + ")"
_COUNT_WORDS = frozenset(_NUMBER_WORDS)
# A numeral as a figure can be written: "2,884", "21,000.5", "11.7", "$2.78" (the lookbehinds
# keep "COVID-19", "G20", "(2021-25)" and "1.2.3" out). Matched only where a digit run starts.
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_NUMERAL_START = r"(?<![\w.,\-–/])"
_NUMERAL_END = r"(?=-plus\b|-odd\b|-fold\b|(?![\w\-–/]|[.,]\d))"
_NUMERAL_AT = re.compile(_NUMERAL_START + _NUMBER + _NUMERAL_END)
# "300-400 teams", "70–75 percent": one figure, a range. Tried only where a numeral is followed
# by a dash, so "2021-25" (a year: skipped later) and "COVID-19" (no numeral) are not ranges.
_RANGE_AT = re.compile(
    _NUMERAL_START + r"(?P<low>" + _NUMBER + r")[-–](?P<high>" + _NUMBER + r")" + _NUMERAL_END
)
_AND_NUMBER = re.compile(r"\s+and\s+(" + _NUMBER + r")" + _NUMERAL_END)
_TO_NUMBER = re.compile(r"\s+to\s+(" + _NUMBER + r")" + _NUMERAL_END)
_GLUED_NUMERAL = re.compile(_NUMBER + _NUMERAL_END)
_PLUS = re.compile(r"-(?:plus|odd)\b", re.I)  # "21,000-plus", "13,000-odd": more than
_FOLD = re.compile(r"-fold\b", re.I)  # "a 12-fold increase": a multiple
# "grew by 6.2%, -3.5% and 11.8%": a minus sign makes a percentage a fall.
_SIGNED_PERCENT = re.compile(_NUMBER + r"(?=\s*(?:%|percent\b|per cent\b|percentage points?\b))")
_MINUS = "-−"
_DIGIT_RUN = re.compile(r"\d+")
_NUMBER_WORD = re.compile(_WORD_NUM)  # on case-folded text; word boundaries checked after
_WORD_CHAR = re.compile(r"\w")
# Its own scan: in the trie, "one" would match inside "money", "done", "phone" all over a page.
_ONE_SCALED = re.compile(r"one(?= (?:hundred|thousand|million|billion|trillion)\b)")


class Candidate:
    """A numeral or number word that may be a figure; shaped like a re.Match for the rules."""

    __slots__ = ("_end", "_start", "_text", "_word")

    def __init__(self, start: int, end: int, text: str, word: bool) -> None:
        self._start, self._end, self._text, self._word = start, end, text, word

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, name: int | str = 0) -> str | None:
        if name == "num":
            return None if self._word else self._text
        if name == "word":
            return self._text if self._word else None
        return self._text


def _range_at(folded: str, at: int, end: int) -> re.Match | None:
    """A range such as "300-400" at `at`: its high end above its low end, within ten times it
    (so a phone number or a code such as "010-6512" is not one)."""
    m = _RANGE_AT.match(folded, at, end)
    if not m:
        return None
    low, high = (numeral_value_and_precision(m.group(g))[0] for g in ("low", "high"))
    return m if _spans_a_range(low, high) and not _YEARISH.match(m.group("low")) else None


def _spans_a_range(low: Decimal, high: Decimal) -> bool:
    """Can two numbers be a range's ends: the high end above the low, within ten times it?"""
    return low < high <= 10 * low


def find_candidates(folded: str, start: int, end: int) -> list[Candidate]:
    """Numerals and number words in folded[start:end] (text lower-cased by fold_case).

    Two plain scans and a few checks in Python are several times faster here than one regex
    with lookarounds tried at every position.
    """
    found = []
    previous_end = start
    for run in _DIGIT_RUN.finditer(folded, start, end):
        at = run.start()
        if at < previous_end:
            continue  # inside a numeral already taken ("21,000": its "000")
        m = (
            _NUMERAL_AT.match(folded, at, end)
            or _range_at(folded, at, end)
            # "RMB1.2 billion": the one word a numeral may be glued to
            or (folded.endswith("rmb", 0, at) and _GLUED_NUMERAL.match(folded, at, end))
            or (_signed(folded, at, start) and _SIGNED_PERCENT.match(folded, at, end))
        )
        if m:
            previous_end = m.end()
            found.append(Candidate(at, previous_end, m.group(0), False))
    for m in _NUMBER_WORD.finditer(folded, start, end):
        s, e = m.start(), m.end()
        if (s > 0 and _WORD_CHAR.match(folded, s - 1)) or (
            e < len(folded) and (_WORD_CHAR.match(folded, e) or folded[e] in "-'’")
        ):
            continue
        found.append(Candidate(s, e, m.group(0), word=True))
    for m in _ONE_SCALED.finditer(folded, start, end):
        if not (m.start() > 0 and _WORD_CHAR.match(folded, m.start() - 1)):
            found.append(Candidate(m.start(), m.end(), "one", word=True))
    found.sort(key=Candidate.start)
    return found


def _signed(text: str, at: int, start: int) -> bool:
    """Is the numeral at `at` written with a minus sign ("-3.5%", not "COVID-19")?"""
    return at > start and text[at - 1] in _MINUS and (at - 1 == start or text[at - 2] in " (")


ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold_case(text: str) -> str:
    """The text in lower case with every offset unchanged. str.lower is fast but may lengthen a
    rare character (İ); then only ASCII is folded, which never does."""
    folded = text.lower()
    return folded if len(folded) == len(text) else text.translate(ASCII_LOWER)


_SCALE = re.compile(
    r"\s*(ten thousand|10,000|hundred thousand|hundred million|hundred|thousand|million|billion|"
    r"trillion|mln|bln)\b",
    re.I,
)
# "10,000" is the scale as written where a translation keeps the Chinese wan: "3.2 10,000 yuan".
_SCALE_ALIASES = {"mln": "million", "bln": "billion", "ten thousand": "10,000"}
_PERCENT = re.compile(r"\s*(%|percent\b|per cent\b)", re.I)
_POINTS = re.compile(r"\s*percentage points?\b", re.I)
_CURRENCY_BEFORE = re.compile(r"(US\s?\$|HK\$|\$|RMB\s?|CNY\s?|USD\s?|¥|€|EUR\s?)$")
_CURRENCY_AFTER = re.compile(
    r"\s*(yuan|RMB|renminbi|U\.?S\.? dollars?|dollars?|USD|euros?|EUR|CNY)(?![\w])", re.I
)
_CURRENCY_CODES = {
    "yuan": "CNY",
    "rmb": "CNY",
    "renminbi": "CNY",
    "cny": "CNY",
    "¥": "CNY",
    "us dollar": "USD",
    "us dollars": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "$": "USD",
    "us$": "USD",
    "us $": "USD",
    "hk$": "HKD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "€": "EUR",
}
_QUALIFIER = re.compile(
    r"(?P<q>more than|over|above|exceeding|exceeded|exceeds|exceed|surpassed|topped|in excess of|upwards of|nearly|almost|close to|"
    r"just under|around|about|approximately|roughly|some|an estimated|at least|no less than|"
    r"not less than|no fewer than|no more than|not more than|up to|as many as|as much as|within|less than|fewer than|under|below)"
    r"\s+$",
    re.I,
)
_QUALIFIER_KIND = {
    "more than": "more_than",
    "over": "more_than",
    "above": "more_than",
    "exceeding": "more_than",
    "exceeded": "more_than",
    "exceeds": "more_than",
    "exceed": "more_than",
    "surpassed": "more_than",
    "topped": "more_than",
    "in excess of": "more_than",
    "upwards of": "more_than",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "around": "around",
    "about": "around",
    "approximately": "around",
    "roughly": "around",
    "some": "around",
    "an estimated": "around",
    "at least": "at_least",
    "no less than": "at_least",
    "not less than": "at_least",
    "no fewer than": "at_least",
    "no more than": "up_to",
    "not more than": "up_to",
    "up to": "up_to",
    "as many as": "up_to",
    "as much as": "up_to",
    "within": "up_to",
    "less than": "less_than",
    "fewer than": "less_than",
    "under": "less_than",
    "below": "less_than",
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_AFTER_MONTH = re.compile(_MONTH + r"\s+$")
_BEFORE_MONTH = re.compile(r"^(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b")
_NAME_PREFIXES = (
    r"Article|Articles|No\.|Nos\.|Number|Section|Chapter|Clause|Item|Paragraph|Room|Phase|"
    r"Level|Grade|Class|Vol\.|Volume|Page|page|pp?\.|Category|Type|Route|Decree|Order|Circular|"
    r"Document|Table|Figure|Annex|Rule|Hotline|hotline|Version|Top|Double|Global"
)
_NAME_PREFIX = re.compile(first_letters(_NAME_PREFIXES) + r"\b(?:" + _NAME_PREFIXES + r")\s*:?\s+$")
# In lower case, only the words that hardly ever end a phrase before a count ("paragraph 2").
# A set, not more branches above: lower-case first letters would let the search try them at
# most places of every sentence.
_NAME_WORDS = frozenset(
    [
        "article",
        "articles",
        "paragraph",
        "paragraphs",
        "clause",
        "clauses",
        "item",
        "items",
        "section",
        "sections",
        "chapter",
        "version",
    ]
)
# "Articles 213 to 220", "Articles 217 and 218", "Items 3, 4 and 5": every number of the list.
_NAME_LIST = re.compile(
    r"\b(?:"
    + _NAME_PREFIXES
    + "|"
    + "|".join(sorted(_NAME_WORDS))
    + r")\s*:?\s+(?:\d+(?:\.\d+)?\s*(?:,\s*|\s+(?:and|or|to|through)\s+))+$"
)
_CLOCK = re.compile(r"^\s*(?::\d\d|a\.m\.|p\.m\.|am\b|pm\b|o'clock)", re.I)
# "per 10,000 people", "one in five", "two thirds": part of a ratio, not a quantity reported.
_FRACTION_FIRST_LETTERS = frozenset("tqfhTQFH")  # thirds, quarters, fifths, tenths, halves
_PER_BEFORE = re.compile(r"\bper\s+$", re.I)
# "Seven in ten", "3 in every 100", "Two out of three", "one in five": the smaller number first.
_RATIO_WORD = r"(?:one|\d[\d,]*|" + _WORD_NUM + r")"
_RATIO_AFTER = re.compile(
    r"^\s+(?:in(?:\s+every)?|out\s+of)\s+(?:a\s+|one\s+)?(?P<d>" + _RATIO_WORD + r"|hundred)\b",
    re.I,
)
# How the text before a ratio's number ends: tried first, as most numbers follow none of these.
_RATIO_ENDINGS = ("per ", " in ", "out of ", " every ")
_LIST_ENDINGS = (" and ", " or ", " to ", " through ", ", ")
_FRACTION_AFTER = re.compile(r"^[\s-]+(?:thirds?|quarters?|fifths?|tenths?|halves)\b", re.I)
_PARENTHESIZED = re.compile(r"\((\d{1,2})\)")
_YEARISH = re.compile(r"^(?:1[89]|20|21)\d\d$")
_CODE = re.compile(r"\d{4,}")
_DIALLED = ("call ", "calling ", "dial ", "dialing ", "dialling ")
# "a smallholder aged over 55", "women aged 18 to 35", "at the age of 60"
_AGE_BEFORE = re.compile(
    r"\b(?:aged|age of)\s+(?:(?:over|under|about|around|between|from|above|below)\s+)?"
    r"(?:\d{1,3}\s*(?:to|and|-|–)\s*)?$",
    re.I,
)
# Days known by their date: consumer rights day, and two shopping festivals.
_NAMED_DAYS = frozenset(["3.15", "11.11", "6.18"])
_NAMED_DAY_AFTER = re.compile(
    r"^\s+(?:gala|day|festival|evening|show|shopping|campaign|event|consumer|sales?)\b", re.I
)
_LIST_MARKER = re.compile(r"^\s*[(（]?$")
_ORDINAL_CLOSE = re.compile(r"^[.)）]")
# A year named as what a figure is compared with or counted from is not the figure's period:
# "Compared with 2020, cases rose 21 percent", "12.3% more than in 2020", "since 2018".
_BASE_WORDS = r"compared\s+(?:with|to)|than(?:\s+in)?|from|since|against|versus|vs\.?"
_BASE_YEAR_BEFORE = re.compile(r"\b(?:" + _BASE_WORDS + r")\s+$", re.I)
# Before a year said in words these compare too: "up 5 percent over last year", "a rise on last
# year", "level with last year" ("Over 2023, ..." is a period).
_BASE_YEAR_IN_WORDS_BEFORE = re.compile(r"\b(?:" + _BASE_WORDS + r"|over|on|with)\s+$", re.I)


def is_base_year(text: str, start: int, sent_start: int, *, in_words: bool = False) -> bool:
    """Is the year said at `start` ("2020", or "last year" with in_words) a comparison's base?"""
    pattern = _BASE_YEAR_IN_WORDS_BEFORE if in_words else _BASE_YEAR_BEFORE
    return bool(pattern.search(text, max(sent_start, start - 24), start))


_REFERENCE_BEFORE = re.compile(r"\b(?:the|both|either|neither)\s+$", re.I)
_FIRST_BEFORE = re.compile(r"\bfirst\s+$", re.I)

_CHANGE_ARTICLES = "a|an"
_CHANGE_AVERAGE = "average"
_CHANGE_PERIODS = "year-on-year|year on year|annual|yearly"
_CHANGE_NOUNS = (
    "increase|increases|rise|rises|growth|growth rate|annual rate|jump|gain|surge|decrease|decreases|decline|"
    "declines|drop|drops|fall|reduction|cut"
)
_CHANGE_VERBS = (
    "increased|increasing|rose|rising|risen|grew|growing|grown|went up|climbed|jumped|"
    "surged|soared|edged up|shot up|picked up|decreased|decreasing|declined|declining|fell|falling|fallen|dropped|"
    "dropping|went down|shrank|reduced|cut|plunged|slumped|tumbled|dipped|shortened|edged down|up|"
    "down|changed"
)
# The words a change phrase can have right before its "of" or "by" ("an increase of", "fell
# by", "a growth rate of").
_BEFORE_OF_BY = frozenset(
    {w.split()[-1] for w in (_CHANGE_NOUNS + "|" + _CHANGE_VERBS).split("|")} | {"rate"}
)
# Searched for in the 48 characters before a number, so tried at each of them: first_letters
# and trie_pattern keep each attempt short. The trie's order of words cannot change the match:
# each word must be followed by a space, so no two words can match at one place.
_CHANGE_BEFORE = re.compile(
    first_letters(
        "|".join([_CHANGE_ARTICLES, _CHANGE_AVERAGE, _CHANGE_PERIODS, _CHANGE_NOUNS, _CHANGE_VERBS])
    )
    + rf"(?:(?P<noun>(?:(?:{_CHANGE_ARTICLES})\s+)?(?:{_CHANGE_AVERAGE}\s+)?"
    rf"(?:(?:{_CHANGE_PERIODS})\s+)?"
    rf"(?P<nw>{trie_pattern(_CHANGE_NOUNS.split('|'))})\s+(?:of|by)\s+)$"
    rf"|(?P<verb>(?P<vw>{trie_pattern(_CHANGE_VERBS.split('|'))})\s+(?:by\s+)?)$)",
    re.I,
)
# The last word before a number decides whether the qualifier and change patterns can match
# at all (a qualifier or change phrase ends right before the number): most numbers follow a
# verb or a noun, and then the patterns are not run.
_QUALIFIER_ENDINGS = frozenset(
    [
        "than",
        "over",
        "above",
        "exceeding",
        "exceeded",
        "exceeds",
        "exceed",
        "surpassed",
        "topped",
        "of",
        "nearly",
        "almost",
        "to",
        "under",
        "around",
        "about",
        "approximately",
        "roughly",
        "some",
        "estimated",
        "least",
        "many",
        "much",
        "as",
        "within",
        "below",
    ]
)
# Change words: a change phrase ends with one of the verbs or "of", "by" ("an increase of",
# "fell by"), and the direction is a decrease for the words here.
_DECREASE_WORDS = frozenset(
    [
        "cut",
        "decline",
        "declined",
        "declining",
        "decrease",
        "decreased",
        "decreases",
        "decreasing",
        "dip",
        "fewer",
        "declines",
        "dipped",
        "drops",
        "edged down",
        "plunged",
        "shortened",
        "slumped",
        "tumbled",
        "down",
        "drop",
        "dropped",
        "dropping",
        "fall",
        "fallen",
        "falling",
        "fell",
        "less",
        "lower",
        "lowered",
        "reduced",
        "reduction",
        "shrank",
        "went down",
    ]
)
_INCREASE_VERBS = frozenset(
    [
        "increased",
        "increasing",
        "rose",
        "rising",
        "risen",
        "grew",
        "growing",
        "grown",
        "up",
        "climbed",
        "jumped",
        "surged",
        "soared",
    ]
)
_CHANGE_ENDINGS = _INCREASE_VERBS | _DECREASE_WORDS | {"of", "by"}
_NOT_BEFORE_TO_RANGE = _CHANGE_ENDINGS | {"from"}
_PRIOR_WORD = re.compile(r"([A-Za-z]+|[,;:(])$")


def _last_word(text: str, sent_start: int, pos: int) -> str:
    words = text[max(sent_start, pos - 24) : pos].split()
    return words[-1].lower().lstrip("([\"“‘'") if words else ""


_CHANGE_AFTER = re.compile(
    r"\s*(?:(?:year-on-year|year on year|yoy)\s+)?(?P<w>increase|rise|growth|jump|decrease|decline|drop|fall|"
    r"reduction|dip|more|less|fewer|higher|lower)\b",
    re.I,
)
_PART_MARKERS = "of which|among which|among them|of them|of these|including|includes|included"
_PART_MARKER = re.compile(first_letters(_PART_MARKERS) + r"\b(?:" + _PART_MARKERS + r")\b", re.I)

_AUXILIARIES = frozenset(
    ["is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would"]
)
# Words that end a unit noun phrase.
_STOP = _AUXILIARIES | frozenset(
    [
        # a subordinate clause: "in 15 to 20 days if the farmer asks"
        "if",
        "unless",
        "because",
        "whereas",
        "but",
        "though",
        "although",
        "once",
        "could",
        "can",
        "may",
        "might",
        "shall",
        "should",
        "did",
        "do",
        "does",
        "in",
        "on",
        "at",
        "for",
        "to",
        "from",
        "by",
        "with",
        "without",
        "throughout",
        "across",
        "during",
        "under",
        "over",
        "involving",
        "including",
        "into",
        "among",
        "against",
        "via",
        "per",
        "within",
        "through",
        "between",
        "after",
        "before",
        "since",
        "until",
        "compared",
        "than",
        "as",
        "like",
        "which",
        "that",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "while",
        "respectively",
        "year-on-year",
        "accounting",
        "totaling",
        "totalling",
        "worth",
        "valued",
        "about",
        "around",
        "regarding",
        "concerning",
        "against",
        "respectively",
    ]
)
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "its",
        "their",
        "our",
        "this",
        "these",
        "those",
        "his",
        "her",
        "we",
        "it",
        "they",
    ]
)
_IRREGULAR_VERBS = frozenset(
    [
        "dealt",
        "caught",
        "took",
        "made",
        "held",
        "heard",
        "won",
        "brought",
        "sent",
        "struck",
        "found",
        "shut",
        "set",
        "put",
        "cut",
        "sold",
        "bought",
        "paid",
        "gave",
        "got",
        "saw",
        "went",
        "built",
        "led",
        "kept",
        "met",
        "ran",
        "began",
        "broke",
        "wrote",
        "stood",
        "spent",
        "lost",
        "tried",
    ]
)
# Said after a count as its verb, hardly ever before a noun as its adjective.
_VERBS_AFTER_COUNT = frozenset(
    ["involved", "concerned", "included", "originated", "occurred", "remained"]
)
# Irregular participles said before a noun as adjectives ("300 lost parcels").
_PARTICIPLE_ADJECTIVES = frozenset(["lost", "cut", "set", "built", "broke"])
_DURATION = frozenset(
    [
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "hour",
        "hours",
        "minute",
        "minutes",
    ]
)
_OTHER_UNITS = frozenset(
    [
        "tonnes",
        "tonne",
        "tons",
        "ton",
        "kilograms",
        "kilogram",
        "kg",
        "grams",
        "meters",
        "metres",
        "kilometers",
        "kilometres",
        "km",
        "hectares",
        "hectare",
        "liters",
        "litres",
        "square",
        "cubic",
        "mu",
        "times",  # "up 3.7 times": a multiple
    ]
)
_PHRASE_END = _STOP | _DETERMINERS
# Verbs that follow a noun phrase ("640 came by sea", "dealers rose to"): kept out of
# _IRREGULAR_VERBS, which names the verb of a figure and so its measure.
_PHRASE_VERBS = frozenset(["came", "became", "rose", "fell", "grew", "hit", "went", "belonged"])
# Nor is a time said after it ("798,000 patents last year", "500 yuan each") or a comparison
# ("270,000 more than in 2021": a change, read by _read_change; "10 more centers" keeps it).
_PHRASE_AFTER = frozenset(["last", "every", "each", "next"])
_COMPARATIVES = frozenset(["more", "fewer", "less", "shorter", "longer"])
# Adverbs said between a noun phrase and its verb ("22 provinces now have").
_ADVERBS = frozenset(["now", "also", "already", "still"])
_PHRASE_BREAK = _PHRASE_END | _PHRASE_VERBS | _PHRASE_AFTER | _ADVERBS
_PHRASE_JOINS = _COMPARATIVES | {"and", "or", "&", "of"}  # looked at with the word after
# A noun phrase goes on after these when they say which things are counted (_qualifies).
# dbt's macro qualified_unit_pattern() names the same words (a test compares them).
_QUALIFYING = frozenset(["involving", "for"])
_ARTICLES = frozenset(["the", "a", "an"])
_REQUEST_NOUNS = frozenset(
    ["requests", "applications", "petitions", "appeals", "complaints", "claims", "bids"]
)
_PERSON_NOUNS = frozenset(["people", "persons", "suspects", "defendants", "individuals"])
_FOR_NOUNS = _REQUEST_NOUNS | _PERSON_NOUNS
_QUALIFIER_CUT = re.compile(r" (?:" + "|".join(sorted(_QUALIFYING | {"of"})) + ") ")
_NOT_LAST = frozenset(["of", "and", "or", "&"]) | _QUALIFYING | _ARTICLES
# Said after a noun phrase, not part of it: "2.3 million people online" ("online stores" keeps it).
_WHERE_WORDS = frozenset(
    [
        "online",
        "offline",
        "nationwide",
        "abroad",
        "overseas",
        "worldwide",
        "together",
        "alone",
    ]
)
_LY_NOUNS = frozenset(
    ["supply", "supplies", "family", "assembly", "italy", "anomaly", "monopoly", "rally", "ally"]
)
_WORD_RE = re.compile(r"[A-Za-z][\w'’\-]*|&|[^\sA-Za-z]")


@dataclass(slots=True)
class RawFigure:
    start: int  # as written: qualifier + currency + number + scale + percent
    end: int
    number_start: int
    number_end: int
    value: Decimal
    precision: Decimal
    qualifier: str
    scale: str | None
    currency: str | None
    unit: str
    unit_kind: str
    unit_end: int
    verb: str | None
    # The unit was read elsewhere than right after the number (borrow_units): not in the quote.
    unit_borrowed: bool = False
    kind: str = "level"
    change_direction: str | None = None
    change_trigger_start: int | None = None
    change_trigger: str | None = None  # noun | verb | after | sign
    refers_to: int | None = None  # index in the page's figure list
    part_of: int | None = None
    value_low: Decimal = Decimal(0)
    value_high: Decimal = Decimal(0)
    low_open: bool = False
    high_open: bool = False


FigureT = TypeVar("FigureT", bound=RawFigure)


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


# Why a numeral was not taken as a figure. marts.fct_skipped_numbers accepts these values only:
# a new reason must be added there too, or the build fails its test.
SkipReason = Literal["year", "date", "name", "code", "time", "ordinal", "ratio", "age"]
SKIP_REASONS: tuple[SkipReason, ...] = get_args(SkipReason)


def is_not_a_figure(
    text: str, m: re.Match, sent_start: int, sent_end: int, excluded: list[tuple[int, int]]
) -> SkipReason | None:
    """Why a numeral is not a figure (part of a year, date, name, code, clock time or ratio, or
    a list marker), or None."""
    s, e = m.start(), m.end()
    token = m.group(0)
    if excluded and _inside(s, excluded):
        return "name"
    before = text[max(sent_start, s - 24) : s]
    after = text[e : e + 24]
    if m.group("num"):
        # The word before decides a year ("filed 2087 cases" is none) and a code alike.
        last = _last_word(text, sent_start, s) if len(token) >= 4 and token.isdigit() else ""
        if (
            _YEARISH.match(token)
            and not _is_verb(last)
            and not _SCALE.match(after)
            and not _PERCENT.match(after)
            and not _CURRENCY_AFTER.match(after)
            and not _CURRENCY_BEFORE.search(before)
        ):
            return "year"
        if _AFTER_MONTH.search(before) or _BEFORE_MONTH.match(after):
            return "date"
        if _is_ratio_part(token, before, after):
            return "ratio"
        if "age" in before and _AGE_BEFORE.search(before):
            return "age"
        if (
            _NAME_PREFIX.search(before)
            or before[before.rfind(" ", 0, -1) + 1 : -1] in _NAME_WORDS
            # "Articles 213, 214, 215 and 216": a list after a name reaches further back
            or (
                before.endswith(_LIST_ENDINGS)
                and _NAME_LIST.search(text, max(sent_start, s - 64), s)
            )
        ):
            return "name"
        if (
            _CODE.fullmatch(token)
            and not _SCALE.match(after)
            and not _PERCENT.match(after)
            and not _counted_after(last)
        ):
            return "code"  # hotlines, registration numbers, customs modes: 12377, 9710
        if len(token) <= 3 and before.endswith(_DIALLED):
            return "code"  # "by calling 110"
        if token in _NAMED_DAYS and _NAMED_DAY_AFTER.match(after):
            return "name"  # "the 3.15 gala": World Consumer Rights Day
        if _CLOCK.match(after) or (before.endswith(":") and before[-2:-1].isdigit()):
            return "time"
        if _ORDINAL_CLOSE.match(after) and _LIST_MARKER.match(text[sent_start:s]):
            return "ordinal"
        if text.startswith("(", s - 1) and _is_inline_marker(text, s, e, sent_start, sent_end):
            return "ordinal"
    else:
        if _is_ratio_part(token, before, after):
            return "ratio"
        if _REFERENCE_BEFORE.search(before) and not _FIRST_BEFORE.search(before):
            return "name"  # "the two sides": a reference, not a reported quantity
    return None


def _is_ratio_part(token: str, before: str, after: str) -> bool:
    """Is the number a part of a ratio or fraction: "per 10,000 people", "two thirds", either
    number of "3 in every 100" or "Two out of three" (the first smaller than the second, so
    that "handled 50 in 10 provinces" is no ratio)?"""
    if (after[1:2] in _FRACTION_FIRST_LETTERS and _FRACTION_AFTER.match(after)) or (
        before.endswith("per ") and _PER_BEFORE.search(before)
    ):
        return True
    if before.endswith(_RATIO_ENDINGS):
        # "one in", "3 in every", "Two out of": the number that opens the ratio
        words = before.split()
        at = 3 if words[-1] in ("every", "of") else 2
        opener = words[-at] if len(words) >= at else ""
        if _is_number_word(opener) and _plain_number(opener) < _plain_number(token):
            return True
    if after.startswith((" in ", " out ")):
        m = _RATIO_AFTER.match(after)
        # "compared with 774 in 2021": a year, not a denominator
        if (
            m
            and not _YEARISH.match(m.group("d"))
            and _plain_number(token) < _plain_number(m.group("d"))
        ):
            return True
    return False


def _is_number_word(word: str) -> bool:
    lw = word.lower()
    return bool(lw) and (lw.replace(",", "").isdigit() or lw == "one" or lw in _COUNT_WORDS)


def _plain_number(written: str) -> Decimal:
    """The value of a numeral or number word as written, without scale ("hundred" is 100)."""
    lw = written.lower()
    if lw[0].isdigit():
        return numeral_value_and_precision(lw)[0]
    return Decimal(100 if lw == "hundred" else word_value(lw))


def _counted_after(word: str) -> bool:
    """Does a number after this word read as a count (`investigated 4500`, `more than 4500`)
    rather than a code (`the 12315 hotline`, `dial 12345`)?"""
    return word in _QUALIFIER_ENDINGS or _is_verb(word)


def _is_inline_marker(text: str, s: int, e: int, sent_start: int, sent_end: int) -> bool:
    """`do three things: (1) verify ..., (2) filter ..., and (3) respond ...`: a number in
    brackets is a list marker when its sentence numbers from (1) on; `Zhejiang (1,105)` is not."""
    if not (text.startswith("(", s - 1) and text.startswith(")", e)):
        return False
    numbers = [int(n) for n in _PARENTHESIZED.findall(text, sent_start, sent_end)]
    return len(numbers) >= 2 and numbers == list(range(1, len(numbers) + 1))


def _is_verb(word: str) -> bool:
    """A past tense or participle ends a noun phrase; a hyphenated one (`medium-sized`) does not."""
    if "-" in word:
        return False
    return (
        word.endswith("ed") and word not in ("red", "bed", "seed", "need", "feed", "speed")
    ) or word in _IRREGULAR_VERBS


def noun_kind(unit: str) -> str:
    """The unit kind a noun phrase after a number gives: duration, other (a measure) or count."""
    words = unit.lower().split()
    if not words:
        return "count"
    head = _head(unit)
    if head in _DURATION or (
        len(words) >= 2
        and words[-1] in _DURATION
        and words[0] in ("working", "business", "calendar")
    ):
        return "duration"
    if head in _OTHER_UNITS or words[0] in _OTHER_UNITS:
        return "other"
    return "count"


def _verb_after_number(word: str, text: str, pos: int, end: int) -> bool:
    """Is a participle right after a number its verb ("700 sold fakes", "90 accepted the
    offer") rather than an adjective of the noun ("700 registered trademarks")?"""
    if word in _IRREGULAR_VERBS:
        return word not in _PARTICIPLE_ADJECTIVES
    if word in _VERBS_AFTER_COUNT:
        return True
    nxt = _WORD_RE.search(text, pos, end)
    return not nxt or not nxt.group(0)[0].isalpha() or nxt.group(0).lower() in _PHRASE_END


def _participle_after_noun(noun: str, word: str) -> bool:
    """`cases involving ...`, `Applications targeting ...`: the -ing word starts a clause."""
    return word.endswith("ing") and (noun.endswith("s") or noun == "people")


def _join_ends_phrase(word: str, text: str, pos: int, end: int) -> bool:
    """Does a comparative, "and", "or" or "of" end the noun phrase, by the word after it?"""
    if word in _COMPARATIVES:
        return text.startswith(" than", pos)
    nxt = _WORD_RE.search(text, pos, end)
    if not nxt or not nxt.group(0)[0].isalpha():
        return True
    nw = nxt.group(0).lower()
    if word == "of":
        return nw in _DETERMINERS or nw in ("which", "them", "these", "those")
    # "four years and six months": the second is a figure of its own
    return nw in _PHRASE_END or _is_verb(nw) or nw in _COUNT_WORDS


def _qualifies(noun: str, word: str, text: str, pos: int, end: int) -> bool:
    """`cases involving foreign works`, `requests for detention`: the words after say which
    of the things are counted, so a total of all cases is not compared with them."""
    if not (word == "involving" or (word == "for" and noun in _FOR_NOUNS)):
        return False
    nxt = _WORD_RE.search(text, pos, end)
    if not nxt or not nxt.group(0)[0].isalpha():
        return False
    nw = nxt.group(0).lower()
    if noun in _PERSON_NOUNS:  # "people for infringing trade secrets": what they did
        return word == "for" and nw.endswith("ing") and nw not in _PHRASE_END
    if word == "involving" and nw in _ARTICLES:  # "cases involving the internet"
        return True
    return nw not in _PHRASE_END and not _is_verb(nw) and nw not in _COUNT_WORDS


def _noun_list_end(text: str, pos: int, end: int) -> int | None:
    """`1,080 films, TV series and games were removed`: after the unit's comma, members of one
    to three nouns, the last after "and", and then the clause goes on with no new subject.
    Where the list ends, or None when the words are no such list (`900 cases, fined 40 firms
    and ...`, `300 suspects, Xinhua and CCTV reported`, `Jiangsu 200 and Zhejiang 100`)."""
    group = members = 0  # words of the member being read; members read before it
    after_and = False
    last_end = pos
    for m in _WORD_RE.finditer(text, pos, end):
        w = m.group(0)
        lw = w.lower()
        if lw in ("and", "or"):  # "films, series, and games": a comma may come before it
            if after_and or not (group or members):
                return None
            members, group, after_and = members + 1, 0, True
        elif w[0].isalpha():
            if group < 3 and _nounish(lw):
                group, last_end = group + 1, m.end()
                continue
            ends = after_and and group and (lw in _AUXILIARIES or lw in _STOP)
            return last_end if ends else None
        elif w == "," and group and not after_and:
            members, group = members + 1, 0
        else:
            return last_end if after_and and group and w in ".;:,)" else None
    return last_end if after_and and group else None


def _nounish(word: str) -> bool:
    return not (
        word in _PHRASE_BREAK
        or word in _COUNT_WORDS
        or word in _AUXILIARIES
        or _is_verb(word)
        or (word.endswith("ly") and word not in _LY_NOUNS)
    )


def _unit_phrase(text: str, pos: int, end: int) -> tuple[str, int]:
    """The noun phrase after a number: `criminal cases of IPR infringement`."""
    words: list[tuple[str, int, int]] = []  # (lower-cased word, start, end)
    for m in _WORD_RE.finditer(text, pos, end):
        w = m.group(0)
        lw = w.lower()
        if not w[0].isalpha() and w != "&":
            if w == "," and words:
                list_end = _noun_list_end(text, m.end(), end)
                if list_end:
                    return text[words[0][1] : list_end], list_end
            break
        if words and (
            (lw in _QUALIFYING and _qualifies(words[-1][0], lw, text, m.end(), end))
            # the article _qualifies let through: "cases involving the internet"
            or (lw in _ARTICLES and words[-1][0] == "involving")
        ):
            words.append((lw, m.start(), m.end()))
            continue
        if lw in _PHRASE_BREAK:
            break
        if lw in _PHRASE_JOINS and (
            (not words and lw in ("and", "or")) or _join_ends_phrase(lw, text, m.end(), end)
        ):
            break  # "Jiangsu 200 and Zhejiang 100": the 200 has no noun of its own
        if (
            not words
            and (lw.endswith("ed") or lw in _IRREGULAR_VERBS)
            and _is_verb(lw)
            and _verb_after_number(lw, text, m.end(), end)
        ):
            break  # "700 sold fake vaccines", "310 complained about delays"
        if words:
            if _is_verb(lw) or (lw.endswith("ly") and lw not in _LY_NOUNS):
                break
            previous = words[-1][0]
            if _participle_after_noun(previous, lw):
                break
            if len(words) >= 9:
                break
        words.append((lw, m.start(), m.end()))
    while words and (words[-1][0] in _NOT_LAST or words[-1][0] in _WHERE_WORDS):
        words.pop()
    if not words or (len(words) == 1 and words[0][0] in _COMPARATIVES):
        return "", pos  # "we will add 6 more this year": more of a thing said before
    return text[words[0][1] : words[-1][2]], words[-1][2]


_ALPHA_WORD = re.compile(r"[A-Za-z][\w'’\-]*")


def _verb_before(text: str, clause_start: int, pos: int) -> str | None:
    words = _ALPHA_WORD.findall(text, clause_start, pos)
    for i in range(len(words) - 1, -1, -1):
        lw = words[i].lower()
        if (lw.endswith("ed") and len(lw) > 3) or lw in _IRREGULAR_VERBS:
            return " ".join(words[i:])
    return None


_PASSIVE = re.compile(
    r"\s*(?:(?:were|was|have been|has been|had been|are|is|being)\s+)?(?:(?:also|jointly|successfully)\s+)?"
    r"(?P<v>(?:[a-z]+ed|dealt|caught|taken|made|held|heard|won|brought|sent|struck|found|shut|sold|seized)"
    r"(?:\s+(?:and|or)\s+(?:[a-z]+ed|dealt)(?:\s+with)?)?(?:\s+(?:with|of|on|up|down|off|out))?)\b"
)


def _clause_start(text: str, sent_start: int, pos: int) -> int:
    cut = max(
        text.rfind(",", sent_start, pos),
        text.rfind(";", sent_start, pos),
        text.rfind(":", sent_start, pos),
    )
    return cut + 1 if cut >= 0 else sent_start


def read_figure(
    text: str,
    m: re.Match,
    sent_start: int,
    sent_end: int,
    figure_type: type[FigureT] = RawFigure,
    **fields: object,
) -> FigureT:
    """Everything the words around a numeral say about it.

    figure_type may be a subclass of RawFigure with more fields, given in `fields`: the
    figure is built once as what the caller keeps, not built and then copied.
    """
    n_start, n_end = m.start(), m.end()
    numeral = m.group("num")
    high: Decimal | None = None  # the high end of a range ("300-400", "between 300 and 400")
    between = False
    if numeral:
        low_written, dash, high_written = numeral.replace("–", "-").partition("-")
        value, precision = numeral_value_and_precision(low_written)
        if not dash:
            at = n_start - len("between ")
            between = (
                at >= sent_start
                and text[at:n_start].lower() == "between "
                and (at == sent_start or not text[at - 1].isalnum())
            )
            if between:
                and_number = _AND_NUMBER.match(text, n_end, sent_end)
                if and_number:
                    high_written, n_end = and_number.group(1), and_number.end()
            elif (
                text.startswith(" to ", n_end)
                and _last_word(text, sent_start, n_start) not in _NOT_BEFORE_TO_RANGE
            ):
                # "for 6 to 12 months"; "from 6 to 12", "rose by 240 to 1,900": two figures
                to_number = _TO_NUMBER.match(text, n_end, sent_end)
                if to_number and _spans_a_range(
                    value, numeral_value_and_precision(to_number.group(1))[0]
                ):
                    high_written, n_end = to_number.group(1), to_number.end()
        if high_written:
            high, high_precision = numeral_value_and_precision(high_written)
            precision = min(precision, high_precision)
        spelled = False
    else:
        value, precision, spelled = Decimal(word_value(m.group("word"))), Decimal(1), True
    start, end = n_start, n_end

    scale = None
    sm = _SCALE.match(text, end, sent_end)
    if sm:
        written = sm.group(1).lower()
        scale = _SCALE_ALIASES.get(written, written)
        value *= SCALES[scale]
        precision *= SCALES[scale]
        high = high * SCALES[scale] if high is not None else None
        end = sm.end()

    currency = None
    cb = _CURRENCY_BEFORE.search(text, max(sent_start, start - 6), start)
    if cb:
        currency = _CURRENCY_CODES.get(
            cb.group(1).strip().lower().replace(" ", "")
        ) or _CURRENCY_CODES.get(cb.group(1).strip().lower())
        start = cb.start()

    plus = fold = None
    if text.startswith("-", end):
        plus = _PLUS.match(text, end, sent_end)
        fold = _FOLD.match(text, end, sent_end) if not plus else None
        if plus or fold:
            end = (plus or fold).end()
    signed = text[n_start - 1] in _MINUS and _signed(text, n_start, sent_start)
    if signed:
        start = n_start - 1
    last_word = _last_word(text, sent_start, start)
    qm = (
        _QUALIFIER.search(text, max(sent_start, start - 16), start)
        if last_word in _QUALIFIER_ENDINGS
        else None
    )
    qualifier = "more_than" if plus else "exact"
    if high is not None:
        qualifier = "range"
        if between:
            start = n_start - len("between ")
            last_word = _last_word(text, sent_start, start)
    elif qm and (qm.start() == sent_start or not text[qm.start() - 1].isalnum()):
        qualifier = _QUALIFIER_KIND[" ".join(qm.group("q").lower().split())]
        start = qm.start()
        last_word = _last_word(text, sent_start, start)  # a change phrase ends before "about"

    unit_kind = "count"
    pm = _POINTS.match(text, end, sent_end)
    pc = _PERCENT.match(text, end, sent_end) if not pm else None
    ca = _CURRENCY_AFTER.match(text, end, sent_end) if not (pm or pc) else None
    if fold:
        unit, unit_kind, unit_end = "times", "other", end
    elif pm:
        unit, unit_kind, unit_end = "percentage points", "percentage_points", pm.end()
    elif pc:
        end = pc.end()
        unit, unit_kind, unit_end = "percent", "percent", end
    elif ca:
        unit_end = ca.end()
        word = ca.group(1)
        key = word.lower().replace(".", "")  # "U.S. dollars" is "US dollars"
        unit = "US dollars" if key in ("us dollar", "us dollars", "usd") else word
        currency = _CURRENCY_CODES.get(key, currency)
        unit_kind = "currency"
    else:
        unit, unit_end = _unit_phrase(text, end, sent_end)
        if currency:
            unit_kind = "currency"
            unit = {"USD": "US dollars", "CNY": "yuan", "EUR": "euros", "HKD": "HK dollars"}.get(
                currency, unit
            )
        else:
            unit_kind = noun_kind(unit)
            rate = (
                _RATE_AFTER.match(text, unit_end, sent_end)
                if text.startswith("per", unit_end + 1)
                else None
            )
            if rate:  # "3 per 10,000 online shoppers", "12 cases per million people": a rate
                per, unit_end = _unit_phrase(text, rate.end(), sent_end)
                unit = f"{unit} {rate.group(1)} {per}".strip()
                unit_kind = "other"
    if (
        qualifier == "more_than"
        and unit_kind == "duration"
        and qm
        and qm.group("q").lower() == "over"
        and _SPAN_BEFORE_OVER.search(text, max(sent_start, qm.start() - 24), qm.start())
    ):
        # "a 12-fold increase over two years": the span of the change, not "more than"
        qualifier, start = "exact", n_start
        last_word = _last_word(text, sent_start, start)

    clause = _clause_start(text, sent_start, start)
    verb = _verb_before(text, clause, start)
    if verb is None:
        pv = _PASSIVE.match(text, unit_end, sent_end)
        verb = pv.group("v") if pv else None

    fig = figure_type(
        start=start,
        end=end,
        number_start=n_start,
        number_end=n_end,
        value=value,
        precision=precision,
        qualifier=qualifier,
        scale=scale,
        currency=currency,
        unit=unit,
        unit_kind=unit_kind,
        unit_end=max(unit_end, end),
        verb=verb,
        **fields,
    )
    _read_change(text, fig, sent_start, sent_end, last_word, clause)
    if fig.kind == "level":
        _read_unsaid_change(text, fig, clause, signed)
    elif signed:
        fig.change_direction = "decrease"  # "changed by 8.1%, -2.4% and 27.6%"
    small_count = (
        unit_kind == "count"
        and value < 100
        and (spelled or precision <= 10)
        and fig.kind == "level"
    )
    if not unit and unit_kind == "count" and value != value.to_integral_value():
        fig.unit_kind = "other"  # "reached 7.5": a rate or an average, not a count of things
    if high is not None:
        # A range states no single value: its low end as said (whole for a count, and never
        # above what was said); the interval is the range itself.
        fig.value_low, fig.value_high = value, high
        return fig
    fig.value_low, fig.value_high, fig.low_open, fig.high_open = interval(
        value, precision, qualifier, small_count=small_count
    )
    return fig


def _read_change(
    text: str, fig: RawFigure, sent_start: int, sent_end: int, last_word: str, clause: int
) -> None:
    """last_word: the word before the figure (`_last_word` at fig.start)."""
    if last_word in _CHANGE_ENDINGS and _read_change_before(text, fig, sent_start):
        return
    if last_word == "by" or (last_word == "of" and text.endswith("average of ", 0, fig.start)):
        # "reduced the examination period by 1.2 months", "rose by an average of 10.1 percent"
        vm = _CLAUSE_CHANGE.search(text, clause, fig.start)
        if vm:
            word = vm.group("v").lower()
            fig.kind, fig.change_trigger = "change", "verb"
            fig.change_direction = "decrease" if word in _DECREASE_WORDS else "increase"
            fig.change_trigger_start = vm.start()
            return
    if not fig.unit and fig.unit_kind in ("count", "currency"):
        cm = _COMPARISON_AFTER.match(text, fig.end, sent_end)
        if cm:  # "was 1.86 million, 270,000 more than in 2021"
            fig.kind, fig.change_trigger = "change", "after"
            fig.change_direction = (
                "decrease" if cm.group(1).lower() in _DECREASE_WORDS else "increase"
            )
            fig.change_trigger_start = fig.start
            return
    if fig.unit_kind == "duration":
        dm = _DURATION_COMPARISON.match(text, fig.unit_end, sent_end)
        if dm:  # "298 days, 31 days shorter than in 2023"
            fig.kind, fig.change_trigger = "change", "after"
            fig.change_direction = "increase" if dm.group(1).lower() in _LONGER else "decrease"
            fig.change_trigger_start = fig.start
            return
    if fig.unit_kind in ("percent", "percentage_points") or fig.unit == "times":
        am = _CHANGE_AFTER.match(text, max(fig.end, fig.unit_end), sent_end)
        if am:
            word = am.group("w").lower()
            fig.kind = "change"
            fig.change_direction = "decrease" if word in _DECREASE_WORDS else "increase"
            fig.change_trigger = "after"
            fig.change_trigger_start = fig.start


_RATE_AFTER = re.compile(
    r"\s*(per\s+(?:\d[\d,]*|one|a|ten|hundred|thousand|million)(?:\s+(?:thousand|million))?)\s+(?=[a-z])",
    re.I,
)
# "1.8 times the number in 2020", "2.3 times that of last year": a multiple of an earlier time's
# level is a change; "fines at 20 times the value of the goods" is a level.
_TIMES_OF = re.compile(
    r"\s+(?:the|that\s+of|those\s+of|as\s+(?:many|much)\b)[^,.;]{0,40}?"
    r"(?:\b(?:19|20)\d\d\b|\b(?:last|previous|a)\s+year\b|\byear\s+(?:earlier|before|ago)\b)",
    re.I,
)
_GROWTH_SUBJECT = re.compile(
    r"\s*(?:the\s+)?(?:annual\s+|overall\s+)?growth\b[^,;]*?\s(?:slowed|accelerated|quickened|"
    r"eased|picked up|rose|fell|dropped|stood|was|reached|hit)\s+(?:to\s+|at\s+)?$",
    re.I,
)
_SPAN_BEFORE_OVER = re.compile(
    r"(?:increase|rise|growth|jump|decline|drop|fall|increased|rose|grew|declined|fell|dropped|"
    r"doubled|tripled|%|percent|times|fold)\s+$",
    re.I,
)


def _read_unsaid_change(text: str, fig: RawFigure, clause: int, signed: bool) -> None:
    """Changes said without a change word before the number: "-3.5%", "2.3 times the number in
    2021", "Growth in filings slowed to 0.6 percent" (a growth rate)."""
    if signed and fig.unit_kind in ("percent", "percentage_points"):
        fig.kind, fig.change_direction, fig.change_trigger = "change", "decrease", "sign"
        fig.change_trigger_start = fig.start
    elif fig.unit == "times" and _TIMES_OF.match(text, fig.unit_end):
        fig.kind, fig.change_direction, fig.change_trigger = "change", "increase", "after"
        fig.change_trigger_start = fig.start
    elif fig.unit_kind == "percent" and (gm := _GROWTH_SUBJECT.match(text, clause, fig.start)):
        fig.kind, fig.change_direction, fig.change_trigger = "change", "increase", "noun"
        fig.change_trigger_start = gm.start() + len(gm.group(0)) - len(gm.group(0).lstrip())


_NEGATIVE = re.compile(r"\bnegative\s+$", re.I)  # "negative growth of 2.1 percent"
_COMPARISON_AFTER = re.compile(r"\s+(more|fewer|less)\s+than\b", re.I)
_DURATION_COMPARISON = re.compile(
    r"\s+(shorter|longer|less|more|fewer|faster|quicker|slower|earlier|later)\s+than\b", re.I
)
_LONGER = frozenset(["longer", "more", "slower", "later"])
# A change verb earlier in the clause, its object between it and "by".
_CLAUSE_CHANGE = re.compile(
    r"\b(?P<v>reduced|cut|shortened|lowered|decreased|increased|raised|boosted|expanded|rose|grew|"
    r"fell|dropped|declined)\s+(?:[\w\-'’]+\s+){0,8}?by\s+(?:an?\s+average\s+of\s+)?$",
    re.I,
)


def _read_change_before(text: str, fig: RawFigure, sent_start: int) -> bool:
    """`an increase of 5%`, `fell by 5%`: is the figure a change, by the words before it?"""
    before = text[max(sent_start, fig.start - 48) : fig.start]
    words = before.split()
    if len(words) >= 2 and words[-1] in ("of", "by") and words[-2].lower() not in _BEFORE_OF_BY:
        return False  # "a total of 1,031": most numbers after "of" are no change
    cm = _CHANGE_BEFORE.search(before)
    if cm and (cm.group("vw") or "").lower() in ("up", "down"):
        prior = before[: cm.start()].rstrip()
        # The word or mark that ends `prior` lies after its last space: the search starts there.
        last = _PRIOR_WORD.search(prior, prior.rfind(" ") + 1)
        if last and last.group(1).lower() not in (
            "and",
            "or",
            "was",
            "were",
            "is",
            "are",
            ",",
            ";",
            ":",
            "(",
        ):
            cm = None  # "cleaned up 150,000", "shut down 1,560": a phrasal verb
    if cm:
        word = (cm.group("nw") or cm.group("vw")).lower()
        fig.kind = "change"
        fig.change_direction = (
            "decrease"
            if word in _DECREASE_WORDS or _NEGATIVE.search(before, 0, cm.start())
            else "increase"
        )
        fig.change_trigger = "noun" if cm.group("noun") else "verb"
        if word in ("up", "down"):
            fig.change_trigger = "noun"
        fig.change_trigger_start = fig.start - len(before) + cm.start()
        return True
    return False


_APPOSITIVE_GAP = re.compile(
    r"^[\s,(]*(?:(?:which|that)\s+(?:is|was|represents|marks|marked)\s+|representing\s+|marking\s+)?$"
)
_SUBJECT_GAP = re.compile(r"^[\s\w\-'’]*$")
_RELATIVE_GAP = re.compile(r"^[\s,]*(?:which|that)\s+$")
_COORDINATED = re.compile(r"^\s*(?:,\s*)?(?:and|or|,)\s+$")
_AND_BY = re.compile(r"^(?:\s+in\s+\d{4})?\s*,?\s*(?:and\s+)?by\s+$")
_SHARE_OF = re.compile(r"\s+of\s+(?:them|these|those|which|the|all)\b")


def _compatible(change: RawFigure, level: RawFigure) -> bool:
    """Can this level be what the change describes? A change in percentage points is of a
    share; a change in percent is of a quantity; an absolute change has the level's unit."""
    if change.unit_kind == "percentage_points":
        return level.unit_kind == "percent"
    if change.unit_kind == "percent" or change.unit == "times":
        return level.unit_kind != "percent"
    return level.unit_kind == change.unit_kind


_TO_GAP = re.compile(
    r"^\s*,?\s*(?:or\s+[\d.,]+\s*(?:%|percent|per\s+cent)\s*,\s*)?"  # "by 1,040, or 3.6%, to"
    r"(?:year-on-year\s+|year on year\s+)?to\s+$"
)
_OR_GAP = re.compile(r"\s*,\s*or\s+$")


def figures_by_sentence(sentence_of: list[int]) -> dict[int, list[int]]:
    """The indices of each sentence's figures, in order."""
    groups: dict[int, list[int]] = {}
    for i, si in enumerate(sentence_of):
        groups.setdefault(si, []).append(i)
    return groups


def link_changes(
    text: str,
    figures: list[RawFigure],
    sentence_of: list[int],
    by_sentence: dict[int, list[int]],
) -> None:
    """A change figure refers to the level it describes, when that level is in its sentence."""
    for i, fig in enumerate(figures):
        if fig.kind != "change" or fig.refers_to is not None:
            continue
        same = [
            j
            for j in by_sentence[sentence_of[i]]
            if figures[j].kind == "level" and _compatible(fig, figures[j])
        ]
        earlier = [j for j in same if figures[j].end <= fig.start]
        later = [j for j in same if figures[j].start >= fig.end]
        # "increased by 11.7% to 466,000 cases", "shortened by 8.6 days to 121 days"
        if later and _TO_GAP.match(text[fig.unit_end : figures[later[0]].start]):
            fig.refers_to = later[0]
            continue
        if not earlier:
            continue
        level = figures[earlier[-1]]
        gap = text[level.unit_end : fig.change_trigger_start]
        if fig.change_trigger in ("noun", "after", "sign"):
            if (
                ";" not in gap
                and " while " not in gap
                and ", and " not in gap  # "doubled to 8,000, and cases of X saw a 12-fold increase"
                and (_APPOSITIVE_GAP.match(gap) or ("," in gap and len(gap) < 80))
            ):
                fig.refers_to = earlier[-1]
        elif (_SUBJECT_GAP.match(gap) and len(gap.split()) <= 6) or _RELATIVE_GAP.match(gap):
            fig.refers_to = earlier[-1]  # "466,000 cases were concluded and increased by ..."


def spread_changes(
    text: str,
    figures: list[RawFigure],
    sentence_of: list[int],
    by_sentence: dict[int, list[int]],
) -> None:
    """`up 6.1 percent and 9.4 percent respectively`: the second number is a change too, and
    with `respectively` the changes pair with the levels before them, in order. A signed number
    in the list ("grew by 6.2%, -3.5% and 11.8%") gives its direction to itself alone."""
    lead = None  # the change whose words the list's numbers share
    for i in range(1, len(figures)):
        prev, fig = figures[i - 1], figures[i]
        if prev.kind == "change" and prev.change_trigger != "sign":
            lead = i - 1
        if (
            prev.kind == "change"
            and fig.kind == "level"
            and sentence_of[i] == sentence_of[i - 1]
            and (
                fig.unit_kind == prev.unit_kind
                # "reduced by 1,040, or 3.6 percent": the same change in percent
                or (fig.unit_kind == "percent" and _OR_GAP.match(text, prev.unit_end, fig.start))
            )
            and (
                _COORDINATED.match(text[prev.unit_end : fig.start])
                # "grew by 18% in 2020 and by 27% in 2021"
                or _AND_BY.match(text[prev.unit_end : fig.start])
            )
            # "a decrease of 20.2 percent, and 0.8 percent of them ...": a share
            and not _SHARE_OF.match(text, fig.unit_end)
        ):
            words = (
                figures[lead] if lead is not None and sentence_of[lead] == sentence_of[i] else prev
            )
            if words.change_trigger == "sign":
                continue  # "3.1%, -2.4% and 27.6%": only the signed one is said to be a change
            fig.kind, fig.change_direction, fig.change_trigger = (
                "change",
                words.change_direction,
                words.change_trigger,
            )
            fig.change_trigger_start = words.change_trigger_start
    for idx in by_sentence.values():
        changes = [i for i in idx if figures[i].kind == "change"]
        if (
            len(changes) < 2
            or "respectively" not in text[figures[changes[-1]].end : figures[changes[-1]].end + 40]
        ):
            continue
        levels = [
            i
            for i in idx
            if figures[i].kind == "level" and figures[i].end <= figures[changes[0]].start
        ]
        if len(levels) >= len(changes):
            for c, lv in zip(changes, levels[-len(changes) :], strict=True):
                figures[c].refers_to = lv


def _same_things(part: RawFigure, whole: RawFigure) -> bool:
    """Can `part` be a part of `whole`? Not where each names what it counts and the nouns differ:
    "12 provinces, including Guangdong, ... arrested 1,150 suspects"."""
    if part.unit_kind != "count" or not part.unit or not whole.unit:
        return True
    return _head(part.unit) == _head(whole.unit)


def _head(unit: str) -> str:
    return _QUALIFIER_CUT.split(unit.lower(), maxsplit=1)[0].split()[-1]


def link_parts(
    text: str,
    figures: list[RawFigure],
    by_sentence: dict[int, list[int]],
    sentences: list[tuple[int, int]],
) -> None:
    """`seized 30,000 shipments, of which 20,000 ... and 15,000 ...`: parts of a stated whole."""
    for si, all_idx in by_sentence.items():
        idx = [i for i in all_idx if figures[i].kind == "level"]
        if len(idx) < 2:
            continue  # no whole with parts after it
        s, e = sentences[si]
        marker = _PART_MARKER.search(text, s, e)
        if not marker:
            continue
        wholes = [i for i in idx if figures[i].end <= marker.start()]
        if not wholes:
            continue
        whole = wholes[-1]
        for i in idx:
            f = figures[i]
            if (
                f.start > marker.start()
                and f.unit_kind == figures[whole].unit_kind
                and _same_things(f, figures[whole])
            ):
                f.part_of = whole


# Units a count leaves unsaid, read from the words around it in its sentence or the one before.
_OF_THESE_NOUN = re.compile(r"^\s*(?:Of|Among)\s+(?:these|those|the)\s+(?=[a-z])", re.I)
_OF_THESE = re.compile(
    r"^\s*(?:Of|Among)\s+(?:these|those|them|this\s+total|the\s+total)\s*,", re.I
)
_OF_THEM_AFTER = re.compile(r"\s+of\s+(?:them|these|those)\b")
_PART_BEFORE = re.compile(r"\b(?:of|among)\s+(?:which|them|these|those)\s*,?\s*$", re.I)
_NUMBER_OF = re.compile(r"\bnumber of\s+(?=[a-z])", re.I)
_WERE = re.compile(r"\s+(?:were|was)\s+(?=[a-z])")
_COMPARED_GAP = re.compile(
    r"^(?:[^.;]|\.\d)*?,?\s*(?:compared\s+(?:with|to)|up\s+from|down\s+from|against|versus)\s+$",
    re.I,
)
_PARALLEL_GAP = re.compile(r"^\),?\s+(?:and\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*\s+\($")
# "the number of ships seized, 380, was ...": the number set off by commas after its noun
_APPOSITION_GAP = re.compile(r"^(?:\s+[a-z]+){0,2}\s*,\s*$")
# "... to domestic applicants, and 103,000 to foreign ones", "and Zhejiang 3,960",
# "Shandong handled 2,315 cases, Jiangsu 1,874": the words between hold no verb
_ELLIPSIS_BEFORE = re.compile(r"(?:,|\band)\s+((?:[\w\-'’]+\s+){0,4})$")
# Verbs whose objects are alike ("accepted 526,165 cases and concluded 543,379").
_CASE_VERBS = frozenset(
    [
        "accepted",
        "concluded",
        "heard",
        "handled",
        "filed",
        "closed",
        "tried",
        "resolved",
        "settled",
        "received",
    ]
)
# The verbs of a total, said after the noun it counts ("Trademark registrations totaled 6.17
# million"): too general to lend a unit by themselves.
_AMOUNT_VERB = re.compile(
    r"\s(?:reached|totaled|totalled|numbered|stood\s+at|came\s+to|amounted\s+to|hit|was|were|"
    r"(?:rose|grew|climbed|increased|fell|dropped|declined|decreased|edged\s+(?:up|down))"
    # "fell by 18.6 percent to 1,947": the change said on the way
    r"(?:\s+by)?(?:\s+[\d.,]+(?:\s*(?:%|percent|per\s+cent))?)?(?:\s+year[\s-]on[\s-]year)?\s+to)"
    r"\s+$",
    re.I,
)
_AMOUNT_VERBS = frozenset(
    ["reached", "totaled", "totalled", "numbered", "stood", "came", "amounted", "hit"]
)
_VERB_QUALIFIER = re.compile(r"(?:exceed|exceeds|exceeded|surpassed|topped)\s", re.I)
_ANAPHORS = frozenset(["figure", "number", "total", "tally", "count"])
_LEADING_WORDS = frozenset(["and", "but", "while", "whereas", "so", "yet", "all"])
_SUBJECT_PRONOUNS = frozenset(["it", "we", "they", "this", "that", "there", "which", "he", "she"])


_COUNTED = ("count", "other")  # the unit kinds a bare number can share: things, tonnes


def _last_count(figures: list[RawFigure], indices: list[int], before: int) -> RawFigure | None:
    """The last count (or measure) with a unit among `indices` that ends before `before`."""
    for j in reversed(indices):
        f = figures[j]
        if f.kind == "level" and f.unit_kind in _COUNTED and f.unit and f.end <= before:
            return f
    return None


Unit = tuple[str, str]  # (unit, unit kind)
_NO_UNIT: Unit = ("", "count")


def _noun(unit: str) -> Unit:
    return (unit, noun_kind(unit)) if unit else _NO_UNIT


def _unit_of(fig: RawFigure | None) -> Unit:
    return (fig.unit, fig.unit_kind) if fig else _NO_UNIT


def _subject_unit(
    text: str, clause: int, fig: RawFigure, earlier: Callable[[], RawFigure | None]
) -> Unit:
    """`complaints about fakes reached 1.42 million`: the plural noun the clause opens with;
    `the figure for the year was 1.86 million`: the unit of the count before."""
    verb = _AMOUNT_VERB.search(text, clause, fig.start)
    # "Enquiries about fakes exceeded 15,000": the verb is the figure's qualifier
    subject_end = verb.start() if verb else fig.start
    if not verb and not _VERB_QUALIFIER.match(text, fig.start):
        return _NO_UNIT
    words = text[clause:subject_end].split()
    while words and (
        words[0].lower() in _LEADING_WORDS
        or (words[0].lower() in _DETERMINERS and words[0].lower() not in _SUBJECT_PRONOUNS)
    ):
        words.pop(0)
    phrase = []
    for w in words:
        lw = w.lower()
        if lw in _PHRASE_END or not _ALPHA_WORD.fullmatch(w) or (phrase and _is_verb(lw)):
            break
        if phrase and _participle_after_noun(phrase[-1].lower(), lw):
            break  # "Applications targeting foreign marks"
        phrase.append(w)
    if not phrase or phrase[0].lower() in _SUBJECT_PRONOUNS or len(phrase) > 4:
        return _NO_UNIT
    head = phrase[-1].lower()
    if head in _ANAPHORS:
        return _unit_of(earlier())
    if head.endswith("s") and not head.endswith(("ss", "us", "is")) and not _is_verb(head):
        said = " ".join(phrase)
        # "Cases involving pesticides fell by 6.8 percent to 528": the words that say which
        qualified, _ = _unit_phrase(text, text.find(phrase[0], clause), subject_end)
        return _noun(qualified if qualified.startswith(said + " ") else said)
    return _NO_UNIT


def borrow_units(
    text: str,
    figures: list[RawFigure],
    by_sentence: dict[int, list[int]],
    sentences: list[tuple[int, int]],
    paragraph_of: list[tuple[int, int]],
) -> None:
    """Give a count without a unit the noun its sentence, or the sentence before it in the
    paragraph, states elsewhere: `5,210, 3,870 and 2,445 cases` (the list's last unit),
    `Jiangsu (1,320 cases), Zhejiang (1,105)` (a parallel list's first), `Of these, 550,263 were
    civil cases`, `Of those cases, 177 ...`, `The number of complaints ... reached 23,500`,
    `... 798,000 invention patents. Of these, 695,000 went to ..., and 103,000 to ...`,
    `Guangdong handled 5,320 cases. Jiangsu handled 4,870`, `Complaints reached 1.42 million`.
    A unit said with another verb is not borrowed: `seized 500 tonnes and arrested 30` leaves
    the 30 without one. An absolute change takes the unit of the level it refers to."""
    for si, idx in by_sentence.items():
        if not any(_unitless(figures[i]) or _unitless(figures[i], "change") for i in idx):
            continue
        before_idx = (
            by_sentence.get(si - 1, [])
            if si > 0 and paragraph_of[si - 1] == paragraph_of[si]
            else []
        )
        for back in range(len(idx) - 2, -1, -1):  # a list takes its last member's unit
            fig, nxt = figures[idx[back]], figures[idx[back + 1]]
            if (
                _unitless(fig)
                and nxt.unit
                and nxt.kind == "level"
                and nxt.unit_kind in _COUNTED
                and _COORDINATED.match(text[fig.end : nxt.start])
                # "512 cases, Henan 468 and Hebei 301, and 37 suspects": a name before the
                # number makes it one of a parallel list, which takes the first member's unit
                and not _NAME_BEFORE.search(text, max(0, fig.start - 32), fig.start)
            ):
                fig.unit, fig.unit_kind, fig.unit_borrowed = nxt.unit, nxt.unit_kind, True
        for prev_i, i in itertools.pairwise(idx):
            prev, fig = figures[prev_i], figures[i]
            if (
                _unitless(fig)
                and prev.unit
                and prev.kind == "level"
                # "Zhejiang (1,105)" after "Jiangsu (1,320 cases)"; "compared with 1,870"
                and (
                    _PARALLEL_GAP.match(text[prev.unit_end : fig.start])
                    or _COMPARED_GAP.match(text[prev.unit_end : fig.start])
                )
            ):
                fig.unit, fig.unit_kind, fig.unit_borrowed = prev.unit, prev.unit_kind, True
                fig.currency = prev.currency  # "RMB 420 million, compared with 395 million"
        s, e = sentences[si]
        for k, i in enumerate(idx):
            level = _unitless(figures[i])
            if level or _unitless(figures[i], "change"):
                around = _Around(text, figures, figures[i], idx[:k], before_idx, s, e)
                unit = _unit_said_around(around)
                if not unit[0] and level:  # a change is said like no count before it
                    unit = _unit_of_parallel(around)
                figures[i].unit, figures[i].unit_kind = unit
                figures[i].unit_borrowed = bool(unit[0])
        for i in idx:
            if figures[i].unit_borrowed:
                figures[i].unit = _requalified(text, figures[i], e)
    for fig in figures:
        if fig.kind != "change" or fig.unit_kind != "count" or fig.refers_to is None:
            continue
        level = figures[fig.refers_to]
        if level.unit_kind != "count":
            continue
        if not fig.unit and level.unit:  # "1.86 million, 270,000 more than in 2021"
            fig.unit, fig.unit_borrowed = level.unit, True
        elif fig.unit and not level.unit:  # "The number of X was reduced by 1,040 to 27,800"
            level.unit, level.unit_borrowed = fig.unit, True


def _requalified(text: str, fig: RawFigure, sent_end: int) -> str:
    """`900 appeals involving patents and 410 involving trademarks`: the second borrows
    "appeals" and says for itself which ones."""
    said = _OWN_QUALIFIER.match(text, fig.end, sent_end)
    if not said:
        return fig.unit
    base = _QUALIFIER_CUT.split(fig.unit, maxsplit=1)[0]
    word = said.group(1).lower()
    if not _qualifies(_head(base), word, text, said.end(1), sent_end):
        return fig.unit
    rest, _ = _unit_phrase(text, said.end(), sent_end)
    return f"{base} {word} {rest}" if rest else fig.unit


_OWN_QUALIFIER = re.compile(r"\s+(" + "|".join(sorted(_QUALIFYING)) + r")\s+", re.IGNORECASE)


def _counted_by(figures: list[RawFigure], indices: list[int], verb: str) -> RawFigure | None:
    """The last count (or measure) among `indices` said with `verb`."""
    for j in reversed(indices):
        f = figures[j]
        if (
            f.kind == "level"
            and f.unit_kind in _COUNTED
            and f.unit
            and f.verb
            and f.verb.split()[0].lower() == verb
        ):
            return f
    return None


@dataclass(slots=True)
class _Around:
    """A count without a unit, and what it may take one from: the figures before it in its
    sentence (`earlier`) and those of the sentence before, in the same paragraph (`before_idx`)."""

    text: str
    figures: list[RawFigure]
    fig: RawFigure
    earlier: list[int]
    before_idx: list[int]
    s: int  # the sentence's bounds
    e: int


def _unit_said_around(a: _Around) -> Unit:
    """The noun a count's own words point to: after it (`were civil cases`), in the lead of its
    sentence (`Of those cases,`, `Of these,`, `Among those prosecuted,`), after `of which`, in
    `the number of`, or in the subject of its clause."""
    text, fig = a.text, a.fig
    were = _WERE.match(text, fig.end, a.e)
    noun = _unit_phrase(text, were.end(), a.e)[0] if were else ""
    if noun and not _is_verb(noun.split()[0].lower()):
        return _noun(noun)  # "177 were transferred": a verb, not a noun
    before = text[a.s : fig.start]
    lead = _OF_THESE_NOUN.match(before)
    if lead:
        first = _ALPHA_WORD.match(text, a.s + lead.end())
        if first and _is_verb(first.group(0).lower()):  # "Among those prosecuted, 8,960 ..."
            verb = first.group(0).lower()
            return _unit_of(_counted_by(a.figures, a.earlier + a.before_idx, verb))
        noun = _unit_phrase(text, a.s + lead.end(), fig.start)[0]
        if noun:
            return _noun(noun)

    def count_before() -> RawFigure | None:
        return _last_count(a.figures, a.earlier, fig.start) or _last_count(
            a.figures, a.before_idx, fig.start
        )

    clause = _clause_start(text, a.s, fig.start)
    if (
        _OF_THESE.match(before)
        or _PART_BEFORE.search(text, clause, fig.start)
        or _OF_THEM_AFTER.match(text, fig.end, a.e)  # "transferred 312 of them"
    ):
        return _unit_of(count_before())
    number_of = None
    for number_of in _NUMBER_OF.finditer(text, a.s, fig.start):  # noqa: B007 - the last one
        pass
    if number_of:
        noun, noun_end = _unit_phrase(text, number_of.end(), fig.start)
        # In the figure's own clause: "The number of patent cases climbed to 31,618, and
        # trademark cases rose to 124,716" gives the second number no unit of the first's.
        if noun and (
            number_of.start() >= clause or _APPOSITION_GAP.match(text[noun_end : fig.start])
        ):
            return _noun(noun)
    return _subject_unit(text, clause, fig, count_before)


def _unit_of_parallel(a: _Around) -> Unit:
    """A count said like one before it: with the same verb (`Guangdong handled 5,320 cases ...
    Jiangsu handled 4,870`), after `and` with its verb left out (`and 103,000 to foreign ones`,
    `and Zhejiang 3,960`), or compared with it (`compared with 5,034 in 2021`)."""
    text, fig = a.text, a.fig
    verb = fig.verb.split()[0].lower() if fig.verb else ""
    same_verb = verb and verb not in _AMOUNT_VERBS
    if same_verb and (same := _counted_by(a.figures, a.earlier, verb)):
        return _unit_of(same)
    if _MORE_OF_IT.match(text, fig.end, a.e):  # "24 specialized teams, and we will add 6 more"
        more_of = _last_count(a.figures, a.earlier, fig.start)
        if more_of or not a.earlier:
            return _unit_of(more_of or _last_count(a.figures, a.before_idx, fig.start))
    ellipsis = _ELLIPSIS_BEFORE.search(text, max(a.s, fig.start - 48), fig.start)
    if ellipsis and not any(
        _is_verb(w) or w in _AUXILIARIES for w in ellipsis.group(1).lower().split()
    ):
        whole = _last_count(a.figures, a.earlier, fig.start)
        if whole:
            return _unit_of(whole)
    if verb in _CASE_VERBS and text[max(a.s, fig.start - 24) : fig.start].lower().endswith(
        f"and {verb} "
    ):
        # "accepted 526,165 cases, up 3.4 percent, and concluded 543,379"
        before = _last_count(a.figures, a.earlier, fig.start)
        if before and before.verb and before.verb.split()[0].lower() in _CASE_VERBS:
            return _unit_of(before)
    # The same verb in the sentence before, after this sentence's own ways of saying it: in
    # "accepted 7,126 cases and concluded 6,980", the 6,980 are cases, whatever was concluded
    # before.
    if same_verb and (same := _counted_by(a.figures, a.before_idx, verb)):
        return _unit_of(same)
    for j in reversed(a.earlier):
        f = a.figures[j]
        if f.kind == "level" and f.unit:
            if f.unit_kind in _COUNTED and _COMPARED_GAP.match(text[f.unit_end : fig.start]):
                return _unit_of(f)
            break
    return _NO_UNIT


_NAME_BEFORE = re.compile(r"\b[A-Z][\w'’\-]*\s$")
_MORE_OF_IT = re.compile(r"\s+(?:more|fewer|less)\b(?!\s+than\b)(?=\s*(?:[,.;:]|$|[a-z]+\s))")


def _unitless(fig: RawFigure, kind: str = "level") -> bool:
    # Whole values only: "patents per 10,000 people reached 7.5" is a rate, not 7.5 patents.
    return (
        fig.kind == kind
        and fig.unit_kind == "count"
        and not fig.unit
        and fig.value == fig.value.to_integral_value()
    )
