"""A transcript page in the sites' text layout -> header, landing block, turns and sentences.

Layout (see the seed page): a title line, header lines ending with an `Updated:` line, then
speaker labels (`Gan Lin:` alone on a line, or inline `Gan Lin: Thank you.`), paragraphs
separated by blank lines, and a pagination footer `<  1  2 ... 9  >` that is never content.
"""

from __future__ import annotations

import re

from briefings.parse.dates import held_on_from_summary, parse_date
from briefings.parse.model import ParsedPage, Sentence, Span, SpeakerInfo, Turn
from briefings.parse.sentences import split_sentences
from briefings.parse.speakers import label_colon, label_of, parse_speaker_entry

_UPDATED = re.compile(r"Updated\s*:\s*(.+)$", re.I)
_PAGINATION = re.compile(
    r"^[\s<>‹›«»|]*(?:(?:\d{1,3}|\.\.\.|…|Prev(?:ious)?|Next|Page)[\s<>‹›«»|]*)+$", re.I
)
_BREADCRUMB = re.compile(r"^\s*(?:Home|首页)\s*[>›»/]|^[^>›»]{1,60}\s[>›»]\s[^>›»]{1,60}\s[>›»]\s")
_META_KEY = re.compile(
    r"^\s*(Speakers?|Chairperson|Chair|Moderator|Host|Date|Time|Venue)\s*:\s*(.*)$", re.I
)
_SUMMARY = re.compile(r"\bheld (?:a|its) (?:press conference|news conference|briefing)\b", re.I)
_HEADER_SCAN = 15  # non-empty lines in which an `Updated:` line still counts as header
_END_PUNCT = tuple('.!?:"”’)')


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the newline."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def is_pagination(line: str) -> bool:
    stripped = line.strip()
    if not stripped or not _PAGINATION.match(stripped):
        return False
    return bool(re.search(r"[<>‹›«»]", stripped)) or len(re.findall(r"\d+", stripped)) >= 2


def _page_count(line: str) -> int | None:
    numbers = [int(n) for n in re.findall(r"\d+", line)]
    return max(numbers) if numbers else None


def parse_text(text: str) -> ParsedPage:
    lines = _lines(text)
    nonempty = [i for i, (s, e) in enumerate(lines) if text[s:e].strip()]
    title = text[slice(*lines[nonempty[0]])].strip() if nonempty else None

    # Header: up to an `Updated:` line near the top, else the title line alone.
    header_end = nonempty[0] + 1 if nonempty else 0
    published_on = None
    summary = ""
    for i in nonempty[:_HEADER_SCAN]:
        line = text[slice(*lines[i])]
        m = _UPDATED.search(line)
        if m:
            published_on = parse_date(m.group(1))
            header_end = i + 1
            summary = " ".join(text[slice(*lines[j])] for j in range(nonempty[0] + 1, i))
            break
        if label_of(line.strip()) and not _META_KEY.match(line):
            break  # the transcript began; there is no Updated line to find
    held_on = held_on_from_summary(summary, published_on) if summary else None

    speakers: list[SpeakerInfo] = []
    turns: list[Turn] = []
    page_count = None
    meta_key: str | None = None
    para_start = para_end = None  # the paragraph being collected
    current: Turn | None = None

    def close_paragraph() -> None:
        nonlocal para_start, para_end
        if para_start is not None and current is not None:
            if not current.paragraphs:
                current.start = para_start
            current.paragraphs.append(Span(para_start, para_end))
            current.end = para_end
        para_start = para_end = None

    def start_turn(label: str | None, start: int) -> Turn:
        close_paragraph()
        turn = Turn(index=len(turns), label=label, start=start, end=start)
        turns.append(turn)
        return turn

    content_start = lines[header_end][0] if header_end < len(lines) else len(text)
    for i in range(header_end, len(lines)):
        s, e = lines[i]
        raw = text[s:e]
        line = raw.strip()
        if not line:
            close_paragraph()
            continue
        if is_pagination(line):
            close_paragraph()
            page_count = _page_count(line) or page_count
            continue
        if not turns and len(line) < 200 and _BREADCRUMB.search(line):
            continue
        if not turns or meta_key:
            meta = _META_KEY.match(line)
            if meta:
                meta_key = meta.group(1).lower()
                value = meta.group(2).strip()
                if meta_key.startswith(("date", "time")):
                    held_on = parse_date(value) or held_on
                    meta_key = "date" if not value else None
                elif value:
                    role = "official" if meta_key.startswith("speaker") else "host"
                    for entry in re.split(r";|\s{2,}", value):
                        info = parse_speaker_entry(entry, role)
                        if info:
                            speakers.append(info)
                continue
            if meta_key and not label_of(line):
                if meta_key == "date":
                    held_on = parse_date(line) or held_on
                    meta_key = None
                else:
                    role = "official" if meta_key.startswith("speaker") else "host"
                    info = parse_speaker_entry(line, role)
                    if info:
                        speakers.append(info)
                continue
            meta_key = None
        labelled = label_of(line)
        if labelled:
            label, rest = labelled
            offset = s + len(raw) - len(raw.lstrip())
            if rest:
                rest_start = s + raw.index(rest, label_colon(raw) + 1)
                current = start_turn(label, rest_start)
                para_start, para_end = rest_start, rest_start + len(rest)
            else:
                current = start_turn(label, offset + len(line))
            continue
        if current is None:
            if _SUMMARY.search(line) and len(line) < 400:
                # "The SCIO held a press conference on ...": the page's summary, not a turn.
                held_on = held_on_from_summary(line, published_on) or held_on
                continue
            current = start_turn(None, s)  # the page begins in the middle of an answer
        lstart = s + len(raw) - len(raw.lstrip())
        lend = lstart + len(line)
        if para_start is not None and not text[para_start:para_end].endswith(_END_PUNCT):
            para_end = lend  # a hard-wrapped line continues the paragraph
        else:
            close_paragraph()
            para_start, para_end = lstart, lend
    close_paragraph()

    sentences: list[Sentence] = []
    for turn in turns:
        for p_index, para in enumerate(turn.paragraphs):
            for s, e in split_sentences(text, para.start, para.end):
                sentences.append(Sentence(len(sentences), turn.index, p_index, s, e))
    return ParsedPage(
        text=text,
        title=title,
        published_on=published_on,
        held_on=held_on,
        speakers=speakers,
        turns=turns,
        sentences=sentences,
        page_count=page_count,
        content_start=content_start,
    )
