"""Sentence boundaries inside a paragraph, as character offsets."""

from __future__ import annotations

import re

# A sentence ends at . ! ? (plus closing quotes or brackets) followed by space and a likely start.
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "no",
        "nos",
        "st",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "co",
        "ltd",
        "inc",
        "corp",
        "dept",
        "gov",
        "art",
        "approx",
        "p.m",
        "a.m",
    ]
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split text[start:end] into (start, end) sentence spans, trimmed of surrounding space."""
    spans = []
    cursor = start
    for match in _END.finditer(text, start, end):
        if match.group(0)[0] == ".":
            word = _WORD_BEFORE.search(text, max(start, match.start() - 12), match.start())
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
            # A single capital before the dot is an initial ("Li M. Zhang"), not an ending.
            if word and len(word.group(1)) == 1 and word.group(1).isupper():
                continue
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
