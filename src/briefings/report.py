"""The run report: one self-contained HTML page that says at a glance whether a run is healthy
and what the published numbers are.

The page carries its own CSS and draws its charts as inline SVG, so it opens from disk, from a
mail attachment or from a CI artifact store without any network (a Content-Security-Policy
forbids every fetch). Every text that comes from data or from the run is escaped.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from briefings.config import Settings
from briefings.files import LatestEntryCache, atomic_write
from briefings.publish import published_meta, test_results_from_dbt
from briefings.runs import RunPaths

__all__ = [
    "ChartCache",
    "collect_rollback",
    "collect_run",
    "render_report",
    "write_report",
    "write_warehouse_report",
]

BLOCKING_STATUSES = ("fail", "error")
LEVEL_FILL = "#3566a8"
INTERVAL_STROKE = "#1b2430"
INCREASE_FILL = "#13855c"
DECREASE_FILL = "#c2410c"
MUTED = "#6b7280"
GRID = "#e5e7eb"
# Beyond this many year slots a time axis would squeeze the bars; only stated years are drawn.
MAX_YEAR_SLOTS = 12


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


# ---------------------------------------------------------------------------------------------
# Reading the published warehouse


@dataclass
class Figure:
    scope: str  # campaign name or institution
    measure: str
    measure_label: str
    figure_kind: str  # level | change
    as_written: str
    value: float
    low: float
    high: float
    unit: str
    unit_kind: str
    currency: str
    direction: str
    period_year: int | None
    speaker: str
    quote: str
    refers_to: str | None
    figure_id: str
    shared_with: int = 1  # campaigns that share this one figure (a joint operation)


@dataclass
class WarehouseView:
    path: Path
    build: dict = field(default_factory=dict)
    previous_build: dict | None = None
    campaign: list[Figure] = field(default_factory=list)
    judicial: list[Figure] = field(default_factory=list)
    error: str | None = None
    charts: str | None = None  # the charts of this build, when the chart cache had them


_FIGURE_COLUMNS = """
    o.measure, coalesce(m.measure_description, o.measure) as measure_label, o.figure_kind,
    o.as_written, o.value, o.value_low as low, o.value_high as high, o.unit, o.unit_kind,
    o.currency, o.change_direction as direction, o.period_year, o.speaker_name as speaker,
    o.quote, o.refers_to_figure_id as refers_to, o.figure_id"""

_CAMPAIGN_SQL = f"""
select o.campaign as scope, {_FIGURE_COLUMNS},
       count(*) over (partition by o.figure_id) as shared_with
from marts.fct_campaign_outcomes o left join marts.dim_measure m using (measure)
order by o.campaign, o.measure, o.period_year, o.figure_id"""

_JUDICIAL_SQL = f"""
select coalesce(i.institution_name, o.institution) as scope, {_FIGURE_COLUMNS}, 1 as shared_with
from marts.fct_judicial_outcomes o
left join marts.dim_measure m using (measure)
left join marts.dim_institution i using (institution)
order by scope, o.measure, o.period_year, o.figure_id"""


def _figures(con: duckdb.DuckDBPyConnection, sql: str) -> list[Figure]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    out = []
    for row in cur.fetchall():
        r = dict(zip(names, row, strict=True))
        value = float(r["value"] or 0.0)
        out.append(
            Figure(
                scope=r["scope"] or "",
                measure=r["measure"] or "",
                measure_label=r["measure_label"] or "",
                figure_kind=r["figure_kind"] or "level",
                as_written=r["as_written"] or "",
                value=value,
                low=float(r["low"]) if r["low"] is not None else value,
                high=float(r["high"]) if r["high"] is not None else value,
                unit=r["unit"] or "",
                unit_kind=r["unit_kind"] or "",
                currency=r["currency"] or "",
                direction=r["direction"] or "",
                period_year=r["period_year"],
                speaker=r["speaker"] or "",
                quote=r["quote"] or "",
                refers_to=r["refers_to"],
                figure_id=r["figure_id"],
                shared_with=int(r["shared_with"]),
            )
        )
    return out


def _build_row(con: duckdb.DuckDBPyConnection) -> dict:
    cur = con.execute("select * from meta.build")
    row = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else {}


def _previous_path(warehouse: Path) -> Path:
    # The publish step keeps the file it replaced beside it under this name (Settings.previous_path).
    return warehouse.with_name(f"{warehouse.name.removesuffix('.duckdb')}.previous.duckdb")


def read_warehouse(
    path: Path, cached_charts: Callable[[dict], str | None] | None = None
) -> WarehouseView:
    """What the report shows of a published warehouse, read through one read-only connection.

    `cached_charts`, given the build's meta row, returns that build's rendered charts if they
    are known; its figures are then not read.
    """
    view = WarehouseView(path=path)
    if not path.exists():
        view.error = f"{path} does not exist: nothing has been published yet"
        return view
    try:
        # Read-only: a read-write open would lock every dashboard (and the next run) out.
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        view.error = f"could not open {path}: {exc}"
        return view
    try:
        view.build = _build_row(con)
        view.charts = cached_charts(view.build) if cached_charts and view.build else None
        if view.charts is None:
            view.campaign = _figures(con, _CAMPAIGN_SQL)
            view.judicial = _figures(con, _JUDICIAL_SQL)
    except duckdb.Error as exc:
        view.error = f"could not read {path}: {exc}"
    finally:
        con.close()
    view.previous_build = published_meta(_previous_path(path))
    return view


# ---------------------------------------------------------------------------------------------
# Number formatting


def _compact(value: float) -> str:
    """Axis labels: 466000 -> 466k, 18000000000 -> 18bn."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    for size, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if value >= size:
            scaled = value / size
            text = f"{scaled:.1f}".rstrip("0").rstrip(".") if scaled < 100 else f"{scaled:.0f}"
            return f"{sign}{text}{suffix}"
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value < 100 else f"{value:.0f}"
    return sign + text


def _nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above value (a readable axis end)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _signed_percent(figure: Figure) -> float:
    return -figure.value if figure.direction == "decrease" else figure.value


def _percent_text(value: float) -> str:
    return f"{value:+.1f}%"


def _bar_text(figure: Figure) -> str:
    if figure.unit_kind == "currency" and figure.unit:
        return f"{figure.as_written} {figure.unit}"
    return figure.as_written


def _tooltip(figure: Figure) -> str:
    who = f"{figure.speaker}: " if figure.speaker else ""
    return f"{figure.as_written} [{_compact(figure.low)}, {_compact(figure.high)}]. {who}{figure.quote}"


def _narrowest(figures: Sequence[Figure]) -> Figure:
    """Restated figures overlap (rule R2); the most precise statement draws the bar."""
    return min(figures, key=lambda f: (f.high - f.low, f.figure_id))


# ---------------------------------------------------------------------------------------------
# SVG charts


def _svg_open(width: int, height: int, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{_e(label)}">'
        f"<title>{_e(label)}</title>"
    )


def _text(
    x: float, y: float, text: str, *, anchor: str = "start", size: int = 12, **attrs: object
) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{_e(v)}"' for k, v in attrs.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"{extra}>'
        f"{_e(text)}</text>"
    )


def _whisker_h(x0: float, x1: float, y: float) -> str:
    """A horizontal interval [low, high] with end caps."""
    return (
        f'<g stroke="{INTERVAL_STROKE}" stroke-width="1.5">'
        f'<line x1="{x0:.1f}" y1="{y:.1f}" x2="{x1:.1f}" y2="{y:.1f}"/>'
        f'<line x1="{x0:.1f}" y1="{y - 5:.1f}" x2="{x0:.1f}" y2="{y + 5:.1f}"/>'
        f'<line x1="{x1:.1f}" y1="{y - 5:.1f}" x2="{x1:.1f}" y2="{y + 5:.1f}"/></g>'
    )


def _whisker_v(x: float, y0: float, y1: float) -> str:
    return (
        f'<g stroke="{INTERVAL_STROKE}" stroke-width="1.5">'
        f'<line x1="{x:.1f}" y1="{y0:.1f}" x2="{x:.1f}" y2="{y1:.1f}"/>'
        f'<line x1="{x - 5:.1f}" y1="{y0:.1f}" x2="{x + 5:.1f}" y2="{y0:.1f}"/>'
        f'<line x1="{x - 5:.1f}" y1="{y1:.1f}" x2="{x + 5:.1f}" y2="{y1:.1f}"/></g>'
    )


@dataclass
class _Row:
    label: str
    year: str
    figure: Figure
    note: str = ""


def _campaign_chart(title: str, rows: Sequence[_Row], width: int = 580) -> str:
    """Horizontal bars, one per campaign and year, with the interval each figure allows."""
    left, right, row_h, top = 170, 190, 34, 8
    height = top + row_h * len(rows) + 26
    plot_w = width - left - right
    scale_max = _nice_max(max(max(r.figure.high, r.figure.value) for r in rows))

    def x(value: float) -> float:
        return left + plot_w * max(0.0, value) / scale_max

    parts = [_svg_open(width, height, title)]
    for tick in (0.0, scale_max / 2, scale_max):
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="{top}" x2="{x(tick):.1f}" '
            f'y2="{top + row_h * len(rows)}" stroke="{GRID}"/>'
        )
        parts.append(
            _text(x(tick), height - 8, _compact(tick), anchor="middle", size=11, fill=MUTED)
        )
    for i, row in enumerate(rows):
        f = row.figure
        y = top + i * row_h
        mid = y + row_h / 2
        parts.append(_text(left - 58, mid + 4, row.label, anchor="end", size=12))
        parts.append(_text(left - 8, mid + 4, row.year, anchor="end", size=11, fill=MUTED))
        parts.append(
            f'<rect x="{left}" y="{y + 7}" width="{max(1.5, x(f.value) - left):.1f}" '
            f'height="{row_h - 14}" fill="{LEVEL_FILL}"><title>{_e(_tooltip(f))}</title></rect>'
        )
        if f.high > f.low:
            parts.append(_whisker_h(x(f.low), x(f.high), mid))
        label = _bar_text(f) + (f"  ({row.note})" if row.note else "")
        parts.append(_text(x(max(f.high, f.value)) + 8, mid + 4, label, size=12))
    parts.append("</svg>")
    return "".join(parts)


def _judicial_chart(title: str, levels: Sequence[Figure], changes: Sequence[Figure]) -> str:
    """Vertical bars over the years, each year's stated change above its bar.

    A change whose level was not stated still gets its year slot (an outlined, empty bar), so
    a reader sees the change and that the level is missing.
    """
    by_year: dict[int | None, list[Figure]] = defaultdict(list)
    for f in levels:
        by_year[f.period_year].append(f)
    change_by_year: dict[int | None, list[Figure]] = defaultdict(list)
    for f in changes:
        change_by_year[f.period_year].append(f)
    stated = sorted(y for y in set(by_year) | set(change_by_year) if y is not None)
    years: list[int | None] = (
        list(range(stated[0], stated[-1] + 1))
        if stated and stated[-1] - stated[0] < MAX_YEAR_SLOTS
        else list(stated)
    )
    if None in by_year or None in change_by_year:
        years.append(None)

    width, left, right, top, bottom = 580, 56, 16, 52, 30
    height = 250
    plot_h = height - top - bottom
    plot_w = width - left - right
    drawn = {y: _narrowest(fs) for y, fs in by_year.items()}
    scale_max = _nice_max(max((max(f.high, f.value) for f in drawn.values()), default=1.0))
    slot = plot_w / max(1, len(years))
    bar_w = min(64.0, slot * 0.55)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - max(0.0, value) / scale_max)

    parts = [_svg_open(width, height, title)]
    # A measure stated only as a change has no level axis to draw.
    for tick in (0.0, scale_max / 2, scale_max) if drawn else (0.0,):
        parts.append(
            f'<line x1="{left}" y1="{y_of(tick):.1f}" x2="{width - right}" '
            f'y2="{y_of(tick):.1f}" stroke="{GRID}"/>'
        )
        if drawn:
            parts.append(
                _text(left - 6, y_of(tick) + 4, _compact(tick), anchor="end", size=11, fill=MUTED)
            )
    for i, year in enumerate(years):
        cx = left + slot * (i + 0.5)
        parts.append(
            _text(
                cx,
                height - 10,
                str(year) if year is not None else "year not stated",
                anchor="middle",
                size=12,
            )
        )
        level = drawn.get(year)
        if level is not None:
            parts.append(
                f'<rect x="{cx - bar_w / 2:.1f}" y="{y_of(level.value):.1f}" width="{bar_w:.1f}" '
                f'height="{max(1.5, y_of(0) - y_of(level.value)):.1f}" fill="{LEVEL_FILL}">'
                f"<title>{_e(_tooltip(level))}</title></rect>"
            )
            if level.high > level.low:
                parts.append(_whisker_v(cx, y_of(level.high), y_of(level.low)))
            restated = len(by_year[year])
            label = _bar_text(level) + (f" ({restated}x)" if restated > 1 else "")
            parts.append(
                _text(cx, y_of(max(level.high, level.value)) - 8, label, anchor="middle", size=12)
            )
            label_y = y_of(max(level.high, level.value)) - 24
        elif year in change_by_year:
            parts.append(
                f'<rect x="{cx - bar_w / 2:.1f}" y="{top + plot_h * 0.35:.1f}" width="{bar_w:.1f}" '
                f'height="{plot_h * 0.65:.1f}" fill="none" stroke="{MUTED}" '
                f'stroke-dasharray="4 3"/>'
            )
            parts.append(
                _text(
                    cx,
                    top + plot_h * 0.35 + 16,
                    "level not stated",
                    anchor="middle",
                    size=10,
                    fill=MUTED,
                )
            )
            label_y = top + plot_h * 0.35 - 8
        else:
            parts.append(_text(cx, y_of(0) - 6, "not stated", anchor="middle", size=10, fill=MUTED))
            continue
        for change in change_by_year.get(year, [])[:2]:
            pct = _signed_percent(change)
            colour = DECREASE_FILL if pct < 0 else INCREASE_FILL
            parts.append(
                f"<g><title>{_e(_tooltip(change))}</title>"
                + _text(
                    cx,
                    max(14.0, label_y),
                    f"{_percent_text(pct)} y/y",
                    anchor="middle",
                    size=13,
                    fill=colour,
                    font_weight="bold",
                )
                + "</g>"
            )
            label_y -= 16
    parts.append("</svg>")
    return "".join(parts)


@dataclass
class _ChangeRow:
    label: str
    figure: Figure
    level: Figure | None  # the level the change refers to, where one was stated
    previous: Figure | None  # the stated level of the year before
    implied: float | None  # the change those two levels imply, at face value
    restated: str = ""  # how often, and how differently, the change was stated


def _changes_chart(title: str, rows: Sequence[_ChangeRow], width: int = 1180) -> str:
    """Diverging bars: every stated year-on-year change, increases right, decreases left."""
    left, right, row_h, top = 430, 380, 30, 8
    height = top + row_h * len(rows) + 26
    plot_w = width - left - right
    extent = _nice_max(max(abs(_signed_percent(r.figure)) for r in rows))
    has_negative = any(_signed_percent(r.figure) < 0 for r in rows)
    lo = -extent if has_negative else 0.0

    def x(value: float) -> float:
        return left + plot_w * (value - lo) / (extent - lo)

    parts = [_svg_open(width, height, title)]
    for tick in sorted({lo, 0.0, extent / 2, extent}):
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="{top}" x2="{x(tick):.1f}" '
            f'y2="{top + row_h * len(rows)}" stroke="{GRID if tick else MUTED}"/>'
        )
        parts.append(
            _text(x(tick), height - 8, f"{tick:+.0f}%", anchor="middle", size=11, fill=MUTED)
        )
    for i, row in enumerate(rows):
        pct = _signed_percent(row.figure)
        y = top + i * row_h
        mid = y + row_h / 2
        parts.append(_text(left - 10, mid + 4, row.label, anchor="end", size=12))
        x0, x1 = sorted((x(0), x(pct)))
        parts.append(
            f'<rect x="{x0:.1f}" y="{y + 7}" width="{max(1.5, x1 - x0):.1f}" height="{row_h - 14}" '
            f'fill="{DECREASE_FILL if pct < 0 else INCREASE_FILL}">'
            f"<title>{_e(_tooltip(row.figure))}</title></rect>"
        )
        note = f"{_percent_text(pct)} stated" + (f" ({row.restated})" if row.restated else "")
        if row.level is None:
            note += "; level not stated"
        else:
            note += f", level {row.level.as_written}"
        if row.previous is not None and row.implied is not None:
            note += (
                f"; {row.previous.as_written} the year before implies {_percent_text(row.implied)}"
            )
        parts.append(_text(max(x(0), x(pct)) + 8, mid + 4, note, size=12))
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Sections


def _year_label(year: int | None) -> str:
    return str(year) if year is not None else "no year"


def _campaign_section(figures: Sequence[Figure]) -> str:
    levels = [f for f in figures if f.figure_kind == "level" and f.measure]
    # Figures without a measure are not comparable with anything; rule R6 lists them for review.
    unmapped = len({f.figure_id for f in figures if not f.measure})
    note = (
        f"<p class='muted'>{unmapped} campaign figure{'s' if unmapped != 1 else ''} without a "
        "measure are not charted; the R6 coverage test lists them.</p>"
        if unmapped
        else ""
    )
    if not levels:
        return note + "<p class='muted'>The published warehouse holds no campaign figures.</p>"
    panels: dict[tuple, dict[tuple, list[Figure]]] = defaultdict(lambda: defaultdict(list))
    for f in levels:
        panels[(f.measure_label, f.measure, f.unit_kind, f.currency)][
            (f.scope, f.period_year or 0, f.period_year)
        ].append(f)
    out = []
    for (label, measure, unit_kind, currency), groups in sorted(panels.items()):
        rows = []
        for (scope, _, year), fs in sorted(groups.items()):
            f = _narrowest(fs)
            notes = []
            if len(fs) > 1:
                notes.append(f"stated {len(fs)} times")
            if f.shared_with > 1:
                notes.append(f"joint figure of {f.shared_with} campaigns")
            rows.append(_Row(scope, _year_label(year), f, "; ".join(notes)))
        unit = f"{unit_kind} {currency}".strip()
        out.append(
            f"<figure class='panel'><figcaption><b>{_e(label)}</b>"
            f"<span class='muted'> {_e(measure or 'unmapped')}"
            f"{' · ' + _e(unit) if unit else ''}</span></figcaption>"
            f"{_campaign_chart(f'{label}: campaign figures by year', rows)}</figure>"
        )
    return note + "<div class='grid'>" + "".join(out) + "</div>"


_LevelKey = tuple[str, str, str, int | None]


def _level_key(f: Figure, year: int | None) -> _LevelKey:
    return (f.scope, f.measure, f.unit_kind, year)


def _levels_by_key(levels: Iterable[Figure]) -> dict[_LevelKey, list[Figure]]:
    """Levels by scope, measure, unit kind and year: a change finds the year before in one
    lookup, so the report stays linear in the figures of a whole backfill."""
    index: dict[_LevelKey, list[Figure]] = defaultdict(list)
    for f in levels:
        index[_level_key(f, f.period_year)].append(f)
    return index


def _previous_level(level: Figure, levels: dict[_LevelKey, list[Figure]]) -> Figure | None:
    if level.period_year is None:
        return None
    before = levels.get(_level_key(level, level.period_year - 1))
    return _narrowest(before) if before else None


def _judicial_section(figures: Sequence[Figure]) -> str:
    """One panel per institution and measure: its levels over the years, its stated changes."""
    if not figures:
        return "<p class='muted'>The published warehouse holds no judicial figures.</p>"
    unmapped = len({f.figure_id for f in figures if not f.measure})
    figures = [f for f in figures if f.measure]
    panels: dict[tuple, list[Figure]] = defaultdict(list)
    for f in figures:
        panels[(f.scope, f.measure_label, f.measure)].append(f)
    out = []
    for (scope, label, measure), fs in sorted(panels.items()):
        levels = [f for f in fs if f.figure_kind == "level"]
        changes = [f for f in fs if f.figure_kind == "change" and f.unit_kind == "percent"]
        # Money and counts of one measure never share an axis.
        for unit_kind in sorted({f.unit_kind for f in levels}) or [""]:
            group = [f for f in levels if f.unit_kind == unit_kind]
            title = f"{scope}: {label} by year"
            out.append(
                f"<figure class='panel'><figcaption><b>{_e(scope)}</b> · {_e(label)}"
                f"<span class='muted'> {_e(measure or 'unmapped')}</span></figcaption>"
                f"{_judicial_chart(title, group, changes)}</figure>"
            )
            changes = []  # drawn once, on the first panel of the measure
    levels_html = "<div class='grid'>" + "".join(out) + "</div>"
    if unmapped:
        levels_html = (
            f"<p class='muted'>{unmapped} judicial figure{'s' if unmapped != 1 else ''} without "
            "a measure are not charted; the R6 coverage test lists them.</p>" + levels_html
        )

    return levels_html


def _changes_section(figures: Sequence[Figure]) -> str:
    """Every stated year-on-year change (judicial and campaign), with the levels behind it: one
    bar per scope, measure and year, as the level charts draw restatements once."""
    figures = [f for f in figures if f.measure]
    all_levels = [f for f in figures if f.figure_kind == "level"]
    # A figure shared by a campaign and an institution is listed under each: its level is the
    # one listed under the change's own scope.
    by_id = {(f.scope, f.figure_id): f for f in all_levels}
    levels = _levels_by_key(all_levels)
    stated: dict[tuple, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.figure_kind == "change" and f.unit_kind == "percent":
            # Without a year, two changes need not be the same change: each keeps its bar.
            year = f.period_year if f.period_year is not None else f.figure_id
            stated[(f.scope, f.measure, year)].append(f)
    change_rows = []
    for statements in stated.values():
        f = _narrowest(statements)
        # The level any of the statements refers to; the drawn one's first.
        level = next(
            (
                by_id[(s.scope, s.refers_to)]
                for s in (f, *statements)
                if (s.scope, s.refers_to) in by_id
            ),
            None,
        )
        previous = _previous_level(level, levels) if level else None
        implied = None
        if level and previous and previous.value:
            implied = (level.value / previous.value - 1) * 100
        change_rows.append(
            _ChangeRow(
                f"{f.scope} · {f.measure_label} · {_year_label(f.period_year)}",
                f,
                level,
                previous,
                implied,
                _restated(statements),
            )
        )
    if not change_rows:
        return "<p class='muted'>No year-on-year change was stated.</p>"
    change_rows.sort(key=lambda r: (r.figure.scope, r.figure.measure, r.figure.period_year or 0))
    return _changes_chart("Year-on-year changes as stated", change_rows)


def _restated(statements: Sequence[Figure]) -> str:
    """'stated 3 times' for a change said more than once, with the range when they differ."""
    if len(statements) < 2:
        return ""
    values = sorted(_signed_percent(s) for s in statements)
    low, high = _percent_text(values[0]), _percent_text(values[-1])
    spread = f", from {low} to {high}" if low != high else ""
    return f"stated {len(statements)} times{spread}"


def _blocking(tests: Iterable[dict]) -> list[dict]:
    return [t for t in tests if str(t.get("status", "")).lower() in BLOCKING_STATUSES]


def _banner(run: dict, view: WarehouseView | None) -> str:
    tests = list(run.get("tests") or [])
    blocking = _blocking(tests)
    warned = [t for t in tests if str(t.get("status", "")).lower() == "warn"]
    passed = sum(str(t.get("status", "")).lower() == "pass" for t in tests)
    errors = list(run.get("errors") or [])
    if run.get("rolled_back"):
        state = "ok"
        headline = f"Rolled back: the warehouse of run {run.get('run_id', '?')} is published again"
    elif run.get("published"):
        state, headline = "ok", "Published"
    elif run.get("nothing_new"):
        state, headline = "ok", "Nothing new: the published warehouse is unchanged"
    elif blocking:
        n = len(blocking)
        state = "bad"
        headline = f"NOT published: {n} blocking test{'s' if n != 1 else ''} failed"
    else:
        state = "bad"
        headline = "NOT published: the run failed" + (f" ({errors[0]})" if errors else "")
    details = [
        f"run {run.get('run_id', '?')}",
        str(run.get("mode", "")),
        f"{float(run['seconds']):.1f} s" if run.get("seconds") is not None else "",
        f"data tests: {passed} passed, {len(warned)} warned, {len(blocking)} failed",
    ]
    lines = [
        f"<div class='banner {state}' id='health'>"
        f"<div class='headline'>{'&#10004;' if state == 'ok' else '&#10008;'} {_e(headline)}</div>"
        f"<div class='details'>{' · '.join(_e(d) for d in details if d)}</div>"
    ]
    if blocking:
        names = ", ".join(
            f"<code>{_e(t.get('name'))}</code> ({_e(t.get('failures', 0))} failing rows)"
            for t in blocking
        )
        lines.append(f"<div class='details'>Failed: {names}</div>")
    if run.get("published_path"):
        lines.append(
            f"<div class='details'>Published to <code>{_e(run['published_path'])}</code></div>"
        )
    elif run.get("run_dir") and not run.get("nothing_new"):
        lines.append(
            f"<div class='details'>This run's build, audit rows and log: "
            f"<code>{_e(run['run_dir'])}</code></div>"
        )
    if view is not None and view.build and view.build.get("run_id") != run.get("run_id"):
        lines.append(
            "<div class='details'>The figures below are those of the warehouse published by "
            f"run <code>{_e(view.build.get('run_id'))}</code> at {_e(view.build.get('built_at'))}, "
            "not of this run.</div>"
        )
    if warned:
        names = ", ".join(f"<code>{_e(t.get('name'))}</code>" for t in warned)
        lines.append(f"<div class='details warn'>Warnings (not blocking): {names}</div>")
    lines.append("</div>")
    if errors:
        lines.append("<ul class='errors'>" + "".join(f"<li>{_e(e)}</li>" for e in errors) + "</ul>")
    return "".join(lines)


_FETCH_LABELS = (
    ("fetched", "pages fetched"),
    ("new_revisions", "new page revisions"),
    ("unchanged", "unchanged (304)"),
    ("failed", "failed"),
)


def _fetch_section(run: dict) -> str:
    fetch = dict(run.get("fetch") or {})
    cells = []
    for key, label in _FETCH_LABELS:
        value = fetch.pop(key, 0)
        cls = " bad" if key == "failed" and value else ""
        cells.append(f"<div class='stat{cls}'><b>{_e(value)}</b><span>{_e(label)}</span></div>")
    notes = []
    fetch.pop("mode", None)  # the banner says it
    reason = fetch.pop("offline_reason", None)
    if reason:
        notes.append(f"Nothing was fetched: {reason}.")
    elif run.get("mode") == "offline" and not run.get("fetch"):
        notes.append("Offline run: nothing was fetched; built from the snapshots in raw/.")
    pages, briefings = fetch.pop("snapshots", None), fetch.pop("briefings", None)
    if pages is not None:
        notes.append(f"raw/ holds {pages} current page snapshots of {briefings} briefings.")
    failures = fetch.pop("failures", None)
    rest = "".join(
        f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in sorted(fetch.items()) if v != ""
    )
    return (
        "<div class='stats'>"
        + "".join(cells)
        + "</div>"
        + "".join(f"<p class='muted'>{_e(n)}</p>" for n in notes)
        + (f"<p class='bad-text'>Fetch failures: {_e(failures)}</p>" if failures else "")
        + (f"<table class='kv'>{rest}</table>" if rest else "")
    )


def _warehouse_section(view: WarehouseView) -> str:
    if view.error:
        return f"<p class='bad-text'>{_e(view.error)}</p>"
    build, prev = view.build, view.previous_build or {}
    cells = []
    for key in ("briefings", "pages", "figures"):
        now = build.get(key)
        delta = ""
        if prev and prev.get(key) is not None and now is not None:
            diff = int(now) - int(prev[key])
            delta = f"<i>{diff:+d} since previous</i>" if diff else "<i>unchanged</i>"
        cells.append(f"<div class='stat'><b>{_e(now)}</b><span>{_e(key)}</span>{delta}</div>")
    rows = [
        ("run", build.get("run_id")),
        ("built at", build.get("built_at")),
        ("code / extractor", f"{build.get('code_version')} / {build.get('extractor_version')}"),
        ("file", view.path),
    ]
    if prev:
        rows.append(("previous publish", f"{prev.get('run_id')} at {prev.get('built_at')}"))
    table = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    return f"<div class='stats'>{''.join(cells)}</div><table class='kv'>{table}</table>"


def _tests_section(run: dict) -> str:
    tests = list(run.get("tests") or [])
    if not tests:
        return "<p class='muted'>No data test ran in this run.</p>"
    order = {"fail": 0, "error": 0, "warn": 1}
    not_passed = sorted(
        (t for t in tests if str(t.get("status", "")).lower() != "pass"),
        key=lambda t: (order.get(str(t.get("status", "")).lower(), 2), str(t.get("name"))),
    )
    passed = sorted(
        (t for t in tests if str(t.get("status", "")).lower() == "pass"),
        key=lambda t: str(t.get("name")),
    )

    def rows(items: Iterable[dict]) -> str:
        out = []
        for t in items:
            status = str(t.get("status", "")).lower()
            out.append(
                f"<tr class='st-{_e(status)}'><td><code>{_e(t.get('name'))}</code></td>"
                f"<td>{_e(status)}</td><td class='num'>{_e(t.get('failures', 0))}</td>"
                f"<td>{_e(t.get('message') or '')}</td></tr>"
            )
        return "".join(out)

    head = (
        "<tr><th class='name'>test</th><th>status</th><th class='num'>failing rows</th>"
        "<th>message</th></tr>"
    )
    html_out = ""
    if not_passed:
        html_out += f"<table class='tests'>{head}{rows(not_passed)}</table>"
    else:
        html_out += f"<p>All {len(passed)} data tests passed.</p>"
    if passed:
        html_out += (
            f"<details><summary>{len(passed)} passed tests</summary>"
            f"<table class='tests'>{head}{rows(passed)}</table></details>"
        )
    return html_out


_CSS = """
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #111827; background: #f8fafc; margin: 0; padding: 16px 24px 40px; }
h1 { font-size: 18px; margin: 0 0 10px; font-weight: 600; color: #374151; }
h2 { font-size: 16px; margin: 22px 0 8px; border-bottom: 1px solid #e5e7eb; padding-bottom: 4px; }
.banner { border-radius: 8px; padding: 12px 16px; border: 2px solid; }
.banner.ok { background: #e3f5e9; border-color: #1a7f37; color: #0b4f22; }
.banner.bad { background: #fde8e8; border-color: #c62828; color: #7f1212; }
.banner .headline { font-size: 24px; font-weight: 700; }
.banner .details { margin-top: 4px; }
.banner .warn { color: #8a5300; }
.errors { color: #7f1212; }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin-top: 12px; }
.card { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 8px 14px; }
.card h2 { margin-top: 4px; }
.stats { display: flex; gap: 12px; flex-wrap: wrap; margin: 6px 0; }
.stat { background: #f1f5f9; border-radius: 6px; padding: 4px 12px; min-width: 84px; }
.stat b { display: block; font-size: 20px; }
.stat span, .stat i { display: block; font-size: 12px; color: #4b5563; }
.stat.bad { background: #fde8e8; }
table { border-collapse: collapse; }
.kv th { text-align: left; font-weight: 500; color: #4b5563; padding: 1px 12px 1px 0; }
.kv td { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
.tests { width: 100%; background: #fff; }
.tests th, .tests td { border-bottom: 1px solid #e5e7eb; padding: 3px 8px; text-align: left; }
.tests .num { text-align: right; width: 8em; }
.tests .name { width: 45%; }
.st-fail, .st-error { background: #fde8e8; }
.st-warn { background: #fff5db; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 12px; }
.panel { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; margin: 0;
         padding: 8px 10px; overflow: hidden; }
.panel.wide { grid-column: 1 / -1; }
figcaption { margin-bottom: 4px; }
svg { display: block; max-width: 100%; height: auto; font-family: inherit; }
.muted { color: #6b7280; }
.bad-text { color: #7f1212; }
.legend { font-size: 12px; color: #4b5563; }
.legend i { display: inline-block; width: 12px; height: 12px; vertical-align: -1px; margin: 0 4px 0 10px; }
code { font-size: 12px; }
"""


class ChartCache:
    """The charts of a published build, rendered once.

    A run with nothing new shows the warehouse the last run published, and reading its figures
    is most of what a report costs in a backfill (about 3 s at 10,000 pages). An entry is keyed
    by the build (its run, build time and input fingerprint) and by this module's source, so a
    new publish, a rollback or a changed report never shows old charts. Only the latest entry
    is kept. The cache only saves time: when it cannot be read or written, the charts are
    drawn from the warehouse and the report is written all the same.
    """

    _SOURCE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()

    def __init__(self, directory: Path) -> None:
        self._entries = LatestEntryCache(directory, "report-charts", ".html")

    def key(self, build: dict) -> str:
        built_at = build.get("built_at")
        if isinstance(built_at, datetime):  # DuckDB hands TIMESTAMPTZ out in the local zone
            built_at = built_at.astimezone(UTC).isoformat()
        identity = [build.get("run_id"), built_at, build.get("input_fingerprint")]
        return json.dumps([self._SOURCE, identity], default=str)

    def get(self, build: dict) -> str | None:
        charts = self._entries.get(self.key(build))
        with contextlib.suppress(UnicodeDecodeError):
            return charts.decode("utf-8") if charts is not None else None
        return None

    def put(self, build: dict, charts: str) -> None:
        self._entries.put(self.key(build), charts.encode("utf-8"))


def _charts(campaign: str, judicial: str, changes: str) -> str:
    legend = (
        f"<p class='legend'><i style='background:{LEVEL_FILL}'></i>level as stated"
        f"<i style='background:{INTERVAL_STROKE};height:2px'></i>interval the wording allows"
        f"<i style='background:{INCREASE_FILL}'></i>increase"
        f"<i style='background:{DECREASE_FILL}'></i>decrease"
        " &middot; hover a bar for its quote</p>"
    )
    return (
        f"<h2>Campaign figures by year</h2>{legend}{campaign}"
        f"<h2>Judicial figures by year</h2>{judicial}"
        f"<h2>Year-on-year changes</h2><div class='panel'>{changes}</div>"
    )


def render_report(run: dict, warehouse: Path | None, cache: ChartCache | None = None) -> str:
    """The run report as one self-contained HTML document.

    `run` describes the run (run_id, published, mode, seconds, fetch, tests, errors,
    published_path; optionally nothing_new and run_dir). `warehouse` is the published file
    whose figures are charted; it is read through one read-only connection, closed before
    this returns. With a `cache`, the charts of a build already charted are not drawn again.
    """
    view = (
        read_warehouse(Path(warehouse), cache.get if cache else None)
        if warehouse is not None
        else None
    )
    status = "published" if run.get("published") else "NOT published"
    if not run.get("published") and run.get("nothing_new"):
        status = "nothing new"
    if run.get("rolled_back"):
        status = "rolled back"
    if view is None:
        warehouse_html = "<p class='muted'>No warehouse was given; no figures to chart.</p>"
        charts_html = _charts(warehouse_html, warehouse_html, warehouse_html)
    elif view.error:
        warehouse_html = _warehouse_section(view)
        error = f"<p class='bad-text'>{_e(view.error)}</p>"
        charts_html = _charts(error, error, error)
    else:
        warehouse_html = _warehouse_section(view)
        charts_html = view.charts
        if charts_html is None:
            charts_html = _charts(
                _campaign_section(view.campaign),
                _judicial_section(view.judicial),
                _changes_section([*view.judicial, *view.campaign]),
            )
            if cache is not None and view.build:
                cache.put(view.build, charts_html)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        # Nothing on this page may load from anywhere: it must render the same offline.
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_e(status)} · briefings run {_e(run.get('run_id', ''))}</title>"
        f"<style>{_CSS}</style></head><body>"
        "<h1>Briefing warehouse: run report</h1>"
        f"{_banner(run, view)}"
        "<div class='row'>"
        f"<section class='card'><h2>Fetched and changed</h2>{_fetch_section(run)}</section>"
        f"<section class='card'><h2>Published warehouse</h2>{warehouse_html}</section>"
        "</div>"
        f"{charts_html}"
        f"<h2>Data tests</h2>{_tests_section(run)}"
        "</body></html>\n"
    )


def collect_run(
    settings: Settings,
    run_id: str,
    *,
    mode: str,
    seconds: float,
    fetch: dict | None = None,
    errors: list[str] | None = None,
) -> dict:
    """The `run` dict of render_report, from what a run left in its folder (warehouse/.runs/<id>).

    fetch is the snapshots step's report (fetched, unchanged, failed, new_revisions, ...);
    errors are the failed steps' messages.
    """
    paths = RunPaths.for_run(settings, run_id)
    if fetch is None:
        fetch = paths.read_json(paths.snapshot_report)
    published = paths.read_json(paths.publish_summary)
    tests = test_results_from_dbt(paths.read_json(paths.run_results) or {})
    return {
        "run_id": run_id,
        "published": published is not None,
        "nothing_new": paths.nothing_new.exists(),
        "mode": mode,
        "seconds": seconds,
        "fetch": dict(fetch or {}),
        "tests": _test_entries((t.name, t.status, t.failures, t.message) for t in tests),
        "errors": list(errors or []),
        "published_path": published["path"] if published else None,
        "run_dir": str(paths.root),
    }


def collect_rollback(warehouse: Path) -> dict:
    """The `run` dict of render_report after `briefings rollback`: the build published again,
    with the data test results it was published with (its meta.test_results)."""
    run = {
        "rolled_back": True,
        "mode": "rollback",
        "seconds": None,
        "fetch": {"offline_reason": "the previous warehouse was put back by briefings rollback"},
        "tests": [],
        "errors": [],
        "published_path": str(warehouse),
    }
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            run["run_id"] = _build_row(con).get("run_id", "?")
            rows = con.execute(
                "select test_name, status, failures, message from meta.test_results "
                "order by test_name"
            ).fetchall()
        finally:
            con.close()
    except duckdb.Error as exc:
        run["errors"].append(f"could not read the tests of {warehouse}: {exc}")
        return run
    run["tests"] = _test_entries(rows)
    return run


def _test_entries(tests: Iterable[tuple]) -> list[dict]:
    """The `tests` of a run dict, from (name, status, failures, message)."""
    keys = ("name", "status", "failures", "message")
    return [dict(zip(keys, test, strict=True)) for test in tests]


def write_warehouse_report(settings: Settings, run: dict) -> None:
    """report.html for `run`, charting the published warehouse (charts of a build drawn once)."""
    html = render_report(run, settings.warehouse_path, ChartCache(settings.cache_dir))
    write_report(settings.report_path, html)


def write_report(path: Path, html: str) -> None:
    """Write the report so that a reader (a browser, a web server) sees the old page or the new
    one, never half of either."""
    atomic_write(Path(path), html.encode("utf-8"))
