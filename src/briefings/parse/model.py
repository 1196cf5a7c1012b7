"""What a parsed page holds. Offsets are Python string offsets into `ParsedPage.text`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class SpeakerInfo:
    """A speaker named in a landing page's Speakers / Chairperson block or in the registry."""

    name: str
    role: str  # host | official | journalist
    organization: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Sentence:
    index: int
    turn_index: int
    paragraph_index: int
    start: int
    end: int


@dataclass
class Turn:
    index: int
    label: str | None  # the speaker label as written; None when the page starts mid-answer
    start: int  # first character of the turn's content (after the label)
    end: int
    paragraphs: list[Span] = field(default_factory=list)


@dataclass
class ParsedPage:
    text: str
    title: str | None
    published_on: date | None
    held_on: date | None
    speakers: list[SpeakerInfo]  # from the landing block, if the page has one
    turns: list[Turn]
    sentences: list[Sentence]
    page_count: int | None  # from the pagination footer
    content_start: int  # where the transcript body starts (after header lines)
