"""Speaker labels, the landing page's Speakers / Chairperson block, and speaker roles."""

from __future__ import annotations

import re

from briefings.parse.model import SpeakerInfo

# Words allowed in lower case inside a label ("The Paper", "Voice of America").
_CONNECTORS = {"of", "the", "and", "for", "&", "de", "from", "with"}
_LABEL_WORD = re.compile(r"^(?:[A-Z0-9][\w'’.\-&]*|\([A-Za-z ]+\))$")
# Lines that look like labels but introduce metadata or list items, never a speaker turn.
_NOT_LABELS = {
    "note",
    "notes",
    "date",
    "time",
    "venue",
    "source",
    "editor",
    "updated",
    "speakers",
    "speaker",
    "chairperson",
    "chair",
    "host",
    "moderator",
    "title",
    "related",
    "keywords",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "firstly",
    "secondly",
    "thirdly",
    "finally",
    "lastly",
    "also",
    "however",
    "meanwhile",
    "therefore",
    "example",
    "for example",
    "question",
    "answer",
}
_TITLES = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Madam|Mme)\.?\s+")

_MEDIA_WORDS = re.compile(
    r"\b(?:Daily|News|TV|Television|Radio|Times|Agency|Press|Post|Network|Media|Journal|"
    r"Review|Weekly|Broadcast(?:ing)?|Herald|Tribune|Gazette|Magazine|Reporter|Journalist|"
    r"Service|Channel|Online|Xinhua|Bloomberg|Reuters|Phoenix|Caixin|Sputnik|NHK|CGTN|"
    r"CCTV|CNR|CRI|AFP|AP|DPA|Kyodo|Yonhap|TASS|BBC|CNN|The Paper)\b"
)
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
# The lookahead holds the phrases' first characters: most positions of a long answer are
# turned away without trying every phrase there.
_HOST_PHRASES = re.compile(
    r"(?i)(?=[filnopqtw'])\b(?:please raise your questions?|the press conference is (?:now )?(?:adjourned|over|concluded)|"
    r"next question|questions? (?:are|is) welcome|let'?s move on|floor is (?:now )?open|"
    r"(?:would|'d) like to invite|please identify your (?:news )?(?:outlet|organization)|"
    r"welcome to (?:this|today's|the) (?:press|news) (?:conference|briefing)|"
    r"(?:we have invited|with us today|today'?s speakers?|i give the floor)|"
    r"(?:time is limited|last question|two more questions)|"
    r"our guests (?:today|here)|take your questions|the next press conference)"
)


def label_of(line: str) -> tuple[str, str] | None:
    """If a line starts with a speaker label, return (label, rest of the line).

    A label is one to six capitalised words followed by a colon: `Gan Lin:`, `China Daily:`,
    `CNR:`, `Shou Xiaoli: Thank you.`.
    """
    at = label_colon(line)
    if at < 0:
        return None
    head, rest = line[:at], line[at + 1 :]
    label = " ".join(head.split())
    if not label or len(label) > 60 or label.lower() in _NOT_LABELS:
        return None
    if rest[:2].strip().isdigit() and rest.strip()[:2].isdigit():
        return None  # a clock time such as "Time: 10:00" or "10:30"
    words = label.split(" ")
    if len(words) > 6:
        return None
    if not all(w.lower() in _CONNECTORS or _LABEL_WORD.match(w) for w in words):
        return None
    if not _LABEL_WORD.match(words[0]):
        return None
    if words[0][0].isdigit() and not _MEDIA_WORDS.search(label):
        return None  # "2021: a good year"; "21st Century Business Herald:" is an outlet
    return label, rest.strip()


def label_colon(line: str) -> int:
    """Where the colon that may end a label is: ASCII, or the full-width one of a page typed
    with a Chinese input method ("Tang Mei："); -1 if none."""
    ascii_at, wide_at = line.find(":"), line.find("：")
    return min(ascii_at, wide_at) if ascii_at >= 0 and wide_at >= 0 else max(ascii_at, wide_at)


def strip_title(name: str) -> str:
    return _TITLES.sub("", name).strip()


def parse_speaker_entry(entry: str, role: str) -> SpeakerInfo | None:
    """`Mr. Li Ming, deputy head of the General Administration of Customs` -> SpeakerInfo."""
    entry = " ".join(entry.split()).strip(" ;.")
    if not entry:
        return None
    name, _, title = entry.partition(",")
    name = strip_title(name)
    title = title.strip() or None
    organization = None
    if title:
        _, of, org = title.partition(" of ")
        organization = re.sub(r"^the\s+", "", org).strip() if of else title
    return SpeakerInfo(name=name, role=role, organization=organization or None, title=title)


def media_outlet(label: str) -> str | None:
    """The outlet a journalist's label names (`China Daily`, `Reporter from CNR`), if it is one."""
    cleaned = re.sub(
        r"(?i)\b(?:reporter|journalist|correspondent)s?\b(?:\s+(?:from|with|of))?", "", label
    )
    cleaned = " ".join(cleaned.split()).strip(" ,") or label
    if _MEDIA_WORDS.search(label) or _ACRONYM.match(label):
        return cleaned
    return None


def resolve_role(
    label: str, known: dict[str, SpeakerInfo], turn_texts: list[str]
) -> tuple[str, str | None]:
    """(role, media outlet) of a label, from all the turns it labels on the page.

    A listed speaker's role wins; then an outlet name makes a journalist; then the host's
    phrases (inviting questions, handing over, closing) in any turn; then questions only.
    """
    person = known.get(strip_title(label).lower())
    if person is not None:
        return person.role, None
    outlet = media_outlet(label)
    if outlet is not None:
        return "journalist", outlet
    if any(_HOST_PHRASES.search(text) for text in turn_texts):
        return "host", None
    if turn_texts and all(text.rstrip().endswith("?") or "?" in text[-40:] for text in turn_texts):
        return "journalist", label
    return "official", None
