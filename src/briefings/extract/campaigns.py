"""Named campaigns in a sentence, and which campaigns a sentence's figures belong to.

A campaign is recognised by its shape, not from a list: a quoted or capitalised name next
to a campaign word (`the "Sword Net 2020" campaign`, `a campaign ... named "Blue Net"`,
`Operation Opson`). Mapping names to canonical campaigns is the dbt seed's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefings.extract.figures import first_letters

_Q_OPEN = "\"“‘'"
_Q_CLOSE = "\"”’'"
_CAMPAIGN_WORD = (
    r"(?:campaigns?|operations?|actions?|crackdowns?|drives?|initiatives?|programs?|programmes?)"
)
_NAME = r"[A-Z][\w'’\-]*(?:\s+(?:[A-Z][\w'’\-]*|\d{4}))*"

_QUOTED = re.compile(r"[\"“‘]([^\"“”‘’]{1,60}?)[\"”’]")
_MODIFIERS = (
    r"(?:series\s+of\s+)?(?:(?:special|joint|enforcement|national|nationwide|annual|law|"
    r"crackdown|IPR|protection)\s+){0,3}"
)
# "Sword Net 2020" campaign / "Wangjian 2020" joint campaign / "Qinglang" series of special actions
_QUOTED_BEFORE_WORD = re.compile(
    r"[\"“‘](?P<name>[^\"“”‘’]{2,50}?)[,.]?[\"”’]\s+" + _MODIFIERS + _CAMPAIGN_WORD + r"\b"
)
# "Sword Net 2020", "Wangjian 2020" and "Qinglang" campaigns: every name of the list
_QUOTED_LIST = re.compile(
    r"(?P<list>(?:[\"“‘][^\"“”‘’]{2,50}?[,.]?[\"”’]\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)){1,8})"
    r"[\"“‘][^\"“”‘’]{2,50}?[,.]?[\"”’]\s+" + _MODIFIERS + _CAMPAIGN_WORD + r"\b"
)
# a campaign for IPR protection ... named "Longteng,"
_NAMED = re.compile(
    _CAMPAIGN_WORD
    + r"\b[^\"“.;]{0,90}?\b(?:named|called|dubbed|code-?named|known as|titled|themed)\s+"
    r"[\"“‘](?P<name>[^\"“”‘’]{2,50}?)[,.]?[\"”’]"
)
# our second campaign, "Blue Net 2023", ...: the name set off after the campaign word
_APPOSED = re.compile(_CAMPAIGN_WORD + r",?\s+[\"“‘](?P<name>[^\"“”‘’]{2,50}?)[,.]?[\"”’]\s*[,(]")
# "Operation Opson" / Operation Pangea
_OPERATION = re.compile(r"[\"“‘]?(?P<name>Operation\s+" + _NAME + r")")
# the Sword Net 2020 campaign (unquoted, capitalised)
_UNQUOTED = re.compile(
    r"\b(?:the|a|its|our)\s+(?P<name>" + _NAME + r")\s+(?:(?:special|joint)\s+)?"
    r"(?:campaign|operation|crackdown)\b"
)
_NOT_NAMES = frozenset({"IPR", "National", "Special", "Joint", "Internet", "China", "Chinese"})


@dataclass(frozen=True)
class CampaignMention:
    name: str
    start: int
    end: int


def _clean(name: str) -> str:
    return " ".join(name.strip(" ,.;:").split())


# Every pattern below needs one of these words; stretches of text without them are never
# scanned. Found with str.find on the lower-cased page: far cheaper than a regex alternation.
_HINTS = ("campaign", "operation", "action", "crackdown", "drive", "initiative", "program")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")


def _hint_positions(folded: str, start: int, end: int) -> list[int]:
    positions = []
    for word in _HINTS:
        at = folded.find(word, start, end)
        while at >= 0:
            positions.append(at)
            at = folded.find(word, at + len(word), end)
    return sorted(positions)


def find_campaigns(
    text: str, start: int, end: int, folded: str | None = None
) -> list[CampaignMention]:
    """Campaign names mentioned in text[start:end], in order, each once. `folded` is the text
    lower-cased with the same length, if the caller has it."""
    folded = folded if folded is not None else text.lower()
    out: list[CampaignMention] = []
    scanned_to = start
    for at in _hint_positions(folded, start, end):
        if at < scanned_to:
            continue
        # The sentence around the hint: from the previous sentence end to the next one.
        left = max(text.rfind(". ", start, at) + 1, start)
        right_match = _SENTENCE_END.search(text, at, end)
        right = right_match.end() if right_match else end
        for mention in _find_in(text, left, right):
            if not out or mention.start >= out[-1].end:
                out.append(mention)
        scanned_to = right
    return out


# Every quoted-name pattern needs an opening quote, _NAMED also one of its verbs, _OPERATION
# "Operation" and _UNQUOTED a campaign word. Most stretches of text lack some of them, and
# str.find tells so far faster than a regex scan that fails at every character.
_OPENING_QUOTES = ('"', "“", "‘")
_NAMING_WORDS = ("named", "called", "dubbed", "known as", "titled", "themed")
_UNQUOTED_WORDS = ("campaign", "operation", "crackdown")


def _has_any(text: str, start: int, end: int, needles: tuple[str, ...]) -> bool:
    return any(text.find(needle, start, end) >= 0 for needle in needles)


def _find_in(text: str, start: int, end: int) -> list[CampaignMention]:
    found: dict[tuple[int, int], CampaignMention] = {}
    quoted = _has_any(text, start, end, _OPENING_QUOTES)
    for m in _QUOTED_LIST.finditer(text, start, end) if quoted else ():
        for q in _QUOTED.finditer(text, m.start("list"), m.end("list")):
            name = _clean(q.group(1))
            if name and name[0].isupper():
                found.setdefault(
                    (q.start(1), q.end(1)), CampaignMention(name, q.start(1), q.end(1))
                )
    patterns = [_QUOTED_BEFORE_WORD, _APPOSED] if quoted else []
    if quoted and _has_any(text, start, end, _NAMING_WORDS):
        patterns.append(_NAMED)
    if text.find("Operation", start, end) >= 0:
        patterns.append(_OPERATION)
    if _has_any(text, start, end, _UNQUOTED_WORDS):
        patterns.append(_UNQUOTED)
    for pattern in patterns:
        for m in pattern.finditer(text, start, end):
            name = _clean(m.group("name"))
            if not name or name in _NOT_NAMES or not name[0].isupper():
                continue
            if pattern is _UNQUOTED and name.split()[0] in _NOT_NAMES:
                continue
            s = m.start("name")
            found.setdefault(
                (s, s + len(m.group("name"))), CampaignMention(name, s, s + len(m.group("name")))
            )
    mentions = sorted(found.values(), key=lambda c: c.start)
    # Overlapping matches of one name by two patterns: keep the first.
    out: list[CampaignMention] = []
    for mention in mentions:
        if out and mention.start < out[-1].end:
            continue
        out.append(mention)
    return out


def quoted_spans(text: str, start: int, end: int, max_words: int = 6) -> list[tuple[int, int]]:
    """Short quoted phrases: names (`"four strictest standards"`), whose numbers are not figures."""
    return [
        (m.start(), m.end())
        for m in _QUOTED.finditer(text, start, end)
        if len(m.group(1).split()) <= max_words
    ]


_SUBJECT_CHANGE = re.compile(
    # "In Guangdong, ..." moves on; "In the first half, ..." only dates it.
    r"^(?:In\s(?!the\s+(?:first|second|third|fourth|past|last)\b|Q[1-4]\b)|Meanwhile|In addition|Additionally|Also,|Besides|Moreover|Furthermore|As for\b|"
    r"Regarding\b|With regard to|On the other hand|At the same time|Key efforts|Elsewhere|"
    r"(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Finally|Lastly)(?:ly)?,)"
)
_INSTITUTIONS = r"courts?|procuratorates?|prosecutors?|public security|police|customs|judicial"
_INSTITUTION_SUBJECT = re.compile(
    first_letters(_INSTITUTIONS) + r"\b(?:" + _INSTITUTIONS + r")\b", re.I
)
_UNNAMED = "special|another|other|a|new"
_UNNAMED_CAMPAIGN = re.compile(
    first_letters(_UNNAMED)
    + r"\b(?:"
    + _UNNAMED
    + r")\s+(?:(?!(?:of|the|this|that|its)\b)\w+\s+){0,3}"  # not "a focus of the campaign"
    + _CAMPAIGN_WORD
    + r"\b",
    re.I,
)


_DIGIT = re.compile(r"\d")


# Two names of one institution: a campaign the Ministry of Public Security launched goes on
# where "Police in Shandong cracked 512 cases".
_SAME_INSTITUTION = {"police": "public security", "prosecutor": "procuratorate"}


def _institution(word: str) -> str:
    name = " ".join(word.lower().split()).removesuffix("s")
    return _SAME_INSTITUTION.get(name, name)


def institutions_in(sentence: str) -> frozenset[str]:
    """The institutions a sentence names ("customs", "court", "police")."""
    return frozenset(_institution(m.group(0)) for m in _INSTITUTION_SUBJECT.finditer(sentence))


def changes_subject(sentence: str, acting: frozenset[str] = frozenset()) -> bool:
    """Does this sentence stop a campaign named earlier from carrying over to its figures?

    An institution stops it where it reports a figure of its own ("Public security organs
    cracked 1,234 cases"), that is, named before the first number; after it, the institution
    is where the campaign's cases went ("177 were transferred to public security organs").
    Not the institutions `acting` in the sentence that named the campaign: in a customs
    campaign, "Customs in Shenzhen handled 5,210 cases" is still the campaign's work.
    """
    if _SUBJECT_CHANGE.match(sentence) or _UNNAMED_CAMPAIGN.search(sentence):
        return True
    first_number = _DIGIT.search(sentence)
    end = first_number.start() if first_number else len(sentence)
    named = _INSTITUTION_SUBJECT.search(sentence, 0, end)
    return bool(named) and (
        not acting
        or any(
            _institution(m.group(0)) not in acting
            for m in _INSTITUTION_SUBJECT.finditer(sentence, named.start(), end)
        )
    )


_BACK_REFERENCE = re.compile(r"\b(?:the|this|that)\s+" + _CAMPAIGN_WORD + r"\b", re.I)


def refers_back(sentence: str) -> bool:
    """Does the sentence point back to a campaign named before ("the campaign")?"""
    return bool(_BACK_REFERENCE.search(sentence))


_EDITION = re.compile(r"^(?P<family>.+?)\s+(?:19|20)\d\d$")
# A campaign's history, not this year's edition: "Since 2005, the Sword Net campaigns have ..."
_SERIES = re.compile(r"\b(?:since|every year|each year|annual|over the years|campaigns)\b", re.I)


def with_editions(
    names: tuple[str, ...], editions: dict[str, str], sentence: str
) -> tuple[str, ...]:
    """`In the Green Seedling campaign, we checked ...` after `the "Green Seedling 2024"
    campaign`: a name without its year, said alone, is the edition the page named (`editions`,
    family to edition, is updated with the editions in `names`). Not where the sentence speaks
    of the series or of several campaigns at once (`The "Kunlun" and "Blue Sky" operations`)."""
    for name in names:
        m = _EDITION.match(name)
        if m:
            editions[m.group("family")] = name
    if len(names) != 1 or names[0] not in editions or _SERIES.search(sentence):
        return names
    return (editions[names[0]],)
