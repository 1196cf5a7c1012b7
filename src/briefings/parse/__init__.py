"""Pages (text or HTML) to briefings, speakers, turns and sentences with character offsets."""

from __future__ import annotations

from briefings.parse.html import html_to_text
from briefings.parse.model import ParsedPage, Sentence, Span, SpeakerInfo, Turn
from briefings.parse.text import parse_text

__all__ = ["ParsedPage", "Sentence", "Span", "SpeakerInfo", "Turn", "page_text", "parse_page"]


def page_text(content: str, media_type: str) -> str:
    """The page's normalized text: all offsets in the warehouse point into it."""
    if media_type == "text/html":
        return html_to_text(content)
    return content.removeprefix("\ufeff")


def parse_page(content: str, media_type: str = "text/plain") -> ParsedPage:
    return parse_text(page_text(content, media_type))
