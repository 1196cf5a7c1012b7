"""Dates as these sites write them."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_MDY = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?", re.I)
_DMY = re.compile(
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?", re.I
)
_ISO = re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})")


def _make(year: int | None, month: int, day: int, default_year: int | None) -> date | None:
    year = year or default_year
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, default_year: int | None = None) -> date | None:
    """The first date in text; a date without a year takes default_year."""
    found = []
    for pattern in (_ISO, _MDY, _DMY):
        m = pattern.search(text)
        if m:
            month = m.group("month")
            month_no = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
            year = int(m.group("year")) if m.group("year") else None
            d = _make(year, month_no, int(m.group("day")), default_year)
            if d:
                found.append((m.start(), d))
    return min(found)[1] if found else None


def held_on_from_summary(summary: str, published_on: date | None) -> date | None:
    """`held a press conference on April 26` -> the date, in the year of publication.

    A month after the publication month means the conference was in the previous year.
    """
    m = re.search(
        r"\bheld (?:a|its) (?:press conference|briefing|news conference)[^.]*?\bon\s+(.+)",
        summary,
        re.I,
    )
    if not m:
        return None
    year = published_on.year if published_on else None
    held = parse_date(m.group(1)[:40], default_year=year)
    if held and published_on and held > published_on:
        held = _make(held.year - 1, held.month, held.day, None)
    return held
