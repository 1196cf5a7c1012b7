"""Pages of one briefing -> warehouse rows: ids, speakers with roles, turns carried across pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefings.parse.model import SpeakerInfo
from briefings.parse.speakers import resolve_role, strip_title
from briefings.snapshots import Snapshot
from briefings.sources import Briefing, Registry

TURN_KIND = {"journalist": "question", "host": "moderation", "official": "answer"}


@dataclass
class PageInput:
    snapshot: Snapshot
    rows: dict  # from pages.page_rows


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unknown"


def select_pages(snapshots: list[Snapshot], registry: Registry) -> list[Snapshot]:
    """One snapshot per (briefing, page): the registry's first copy wins, others fill gaps."""

    def rank(snap: Snapshot) -> tuple[int, str]:
        located = registry.page_of(snap.url)
        if located is None:
            return (len(registry.briefings) + 1, snap.url)
        briefing, copy, _ = located
        return (briefing.copies.index(copy), snap.url)

    chosen: dict[tuple[str, int], Snapshot] = {}
    for snap in snapshots:
        key = (snap.briefing_id, snap.page_no)
        if key not in chosen or rank(snap) < rank(chosen[key]):
            chosen[key] = snap
    return [chosen[k] for k in sorted(chosen)]


def _report_year(title: str | None) -> int | None:
    m = re.search(r"\((\d{4})\)\s*$", title or "")
    return int(m.group(1)) if m else None


def assemble(
    briefing_id: str, pages: list[PageInput], registered: Briefing | None
) -> dict[str, list[dict]]:
    """All rows of one briefing for the raw schema (see load.TABLES)."""
    pages = sorted(pages, key=lambda p: p.snapshot.page_no)
    known: dict[str, SpeakerInfo] = {}
    for speaker in registered.speakers if registered else ():
        known[speaker.name.lower()] = SpeakerInfo(speaker.name, speaker.role, speaker.organization)
    for page in pages:
        for s in page.rows["speakers"]:
            known.setdefault(s["name"].lower(), SpeakerInfo(**s))

    first = pages[0].rows
    title = (registered.title if registered else None) or first["title"]
    held = (registered.held_on.isoformat() if registered and registered.held_on else None) or next(
        (p.rows["held_on"] for p in pages if p.rows["held_on"]), None
    )
    published = (
        registered.published_on.isoformat() if registered and registered.published_on else None
    ) or next((p.rows["published_on"] for p in pages if p.rows["published_on"]), None)
    report_year = (registered.report_year if registered else None) or _report_year(title)
    out: dict[str, list[dict]] = {
        k: []
        for k in (
            "briefings",
            "pages",
            "speakers",
            "turns",
            "sentences",
            "figures",
            "enumerations",
            "skipped_numbers",
        )
    }
    out["briefings"].append(
        {
            "briefing_id": briefing_id,
            "title": title,
            "held_on": held,
            "published_on": published,
            "report_year": report_year,
            "page_count": max([p.rows["page_count"] or 0 for p in pages] + [len(pages)]),
            "pages_loaded": len(pages),
        }
    )

    speakers: dict[str, dict] = {}
    texts_by_label: dict[str, list[str]] = {}
    for page in pages:
        for turn in page.rows["turns"]:
            if turn["label"] is not None:
                texts_by_label.setdefault(strip_title(turn["label"]).lower(), []).append(
                    turn["text"]
                )

    def speaker_for(label: str | None) -> str | None:
        if label is None:
            return None
        name = strip_title(label)
        speaker_id = f"{briefing_id}:{slug(name)}"
        if speaker_id not in speakers:
            role, outlet = resolve_role(label, known, texts_by_label.get(name.lower(), []))
            info = known.get(name.lower())
            speakers[speaker_id] = {
                "speaker_id": speaker_id,
                "briefing_id": briefing_id,
                "name": name,
                "role": role,
                "organization": info.organization if info else None,
                "title": info.title if info else None,
                "media_outlet": outlet,
                "role_source": "listed" if info else "inferred",
            }
        return speaker_id

    previous_last_speaker: tuple[int, str | None] | None = None
    # (page number, the campaigns last named in its last turn), for the answer the next page
    # goes on with
    previous_campaigns: tuple[int, list[str]] = (0, [])
    for page in pages:
        snap, rows = page.snapshot, page.rows
        page_id = f"{briefing_id}:p{snap.page_no}"
        text = rows["text"]
        out["pages"].append(
            {
                "page_id": page_id,
                "briefing_id": briefing_id,
                "page_no": snap.page_no,
                "url": snap.url,
                "snapshot_sha256": snap.sha256,
                "fetched_at": snap.fetched_at,
                "media_type": snap.media_type,
                "title": rows["title"],
                "published_on": rows["published_on"],
                "page_count": rows["page_count"],
                "char_count": len(text),
                "text": text,
            }
        )
        turn_speakers = []
        for turn in rows["turns"]:
            continued = turn["label"] is None
            if continued and previous_last_speaker and previous_last_speaker[0] == snap.page_no - 1:
                speaker_id = previous_last_speaker[1]
            else:
                speaker_id = speaker_for(turn["label"])
            role = speakers[speaker_id]["role"] if speaker_id else None
            turn_speakers.append(speaker_id)
            out["turns"].append(
                {
                    "page_id": page_id,
                    "briefing_id": briefing_id,
                    "turn_index": turn["index"],
                    "speaker_id": speaker_id,
                    "speaker_label": turn["label"],
                    "kind": TURN_KIND.get(role, "unknown"),
                    "continued_from_previous_page": continued,
                    "char_start": turn["start"],
                    "char_end": turn["end"],
                }
            )
        if turn_speakers:
            previous_last_speaker = (snap.page_no, turn_speakers[-1])

        turn_year: dict[int, int] = {}
        sentence_turn_year = []
        for s in rows["sentences"]:
            # A goal ("By 2025, ...") dates its own sentence, not the ones after it.
            said = [year for year, _, goal in s["years"] if not goal]
            if said:
                turn_year[s["turn_index"]] = said[-1]
            sentence_turn_year.append(turn_year.get(s["turn_index"]))
            out["sentences"].append(
                {
                    "page_id": page_id,
                    "sentence_index": s["index"],
                    "turn_index": s["turn_index"],
                    "paragraph_index": s["paragraph_index"],
                    "char_start": s["start"],
                    "char_end": s["end"],
                    "years": [year for year, _, _ in s["years"]],
                    "campaign_mentions": s["campaigns"],
                }
            )

        carried_in = previous_campaigns[1] if previous_campaigns[0] == snap.page_no - 1 else []
        previous_campaigns = (snap.page_no, _last_named_campaigns(rows))
        figures = rows["figures"]
        for f in figures:
            s = rows["sentences"][f["sentence_index"]]
            out["figures"].append(
                {
                    "page_id": page_id,
                    "sentence_index": f["sentence_index"],
                    "char_start": f["start"],
                    "char_end": f["end"],
                    "number_start": f["number_start"],
                    "number_end": f["number_end"],
                    **{
                        k: f[k]
                        for k in (
                            "value",
                            "precision",
                            "value_low",
                            "value_high",
                            "low_open",
                            "high_open",
                            "qualifier",
                            "scale",
                            "currency",
                            "unit",
                            "unit_kind",
                            "unit_borrowed",
                            "verb",
                            "kind",
                            "change_direction",
                        )
                    },
                    "refers_to_char_start": figures[f["refers_to"]]["start"]
                    if f["refers_to"] is not None
                    else None,
                    "part_of_char_start": figures[f["part_of"]]["start"]
                    if f["part_of"] is not None
                    else None,
                    "campaigns": f["campaigns"]
                    or (carried_in if f["campaign_from_previous_page"] else []),
                    "sentence_year": _year_stated_for(s, f, rows["text"]),
                    "turn_year": sentence_turn_year[f["sentence_index"]],
                }
            )
        count_figure_start = {f["number_start"]: f["start"] for f in figures}
        for i, e in enumerate(rows["enumerations"]):
            out["enumerations"].append(
                {
                    "page_id": page_id,
                    "enumeration_index": i,
                    "sentence_index": e["sentence_index"],
                    "stated_count": e["stated_count"],
                    "noun": e["noun"],
                    "items": e["items"],
                    "count_char_start": count_figure_start.get(e["count_start"]),
                    "char_start": e["statement_start"],
                    "char_end": e["statement_end"],
                }
            )
        for n in rows["not_figures"]:
            out["skipped_numbers"].append(
                {
                    "page_id": page_id,
                    "sentence_index": n["sentence_index"],
                    "char_start": n["start"],
                    "char_end": n["end"],
                    "reason": n["reason"],
                }
            )

    for info in known.values():  # listed on the landing page or in the registry, even if silent
        speaker_id = f"{briefing_id}:{slug(info.name)}"
        speakers.setdefault(
            speaker_id,
            {
                "speaker_id": speaker_id,
                "briefing_id": briefing_id,
                "name": info.name,
                "role": info.role,
                "organization": info.organization,
                "title": info.title,
                "media_outlet": None,
                "role_source": "listed",
            },
        )
    out["speakers"] = list(speakers.values())
    return out


def _year_stated_for(sentence: dict, figure: dict, text: str) -> int | None:
    """The year a sentence states for a figure: one said after it in its clause ("RMB 2.93
    billion in 2022, up from RMB 2.41 billion in 2020"), else the last one said before it ("in
    Q3 of last year it was 4.7 billion; in the first quarter of this year, 1.9 billion"), else
    the sentence's first."""
    years = sentence["years"]
    before = None
    for year, start, _ in years:
        if start < figure["number_start"]:
            before = year
        elif start >= figure["end"] and not _CLAUSE_BREAK.search(text, figure["end"], start):
            return year
    if before is not None:
        return before
    return years[0][0] if years else None


_CLAUSE_BREAK = re.compile(r"[,;:]")


def _last_named_campaigns(rows: dict) -> list[str]:
    """The campaigns named last in a page's last turn."""
    if not rows["turns"]:
        return []
    last_turn = rows["turns"][-1]["index"]
    for s in reversed(rows["sentences"]):
        if s["turn_index"] != last_turn:
            break
        if s["campaigns"]:
            return list(dict.fromkeys(s["campaigns"]))
    return []


def locate_figures(tables: dict[str, list[dict]]) -> list[dict]:
    """The figure rows of `assemble` with what raw.figures leaves to joins: the briefing, turn
    and speaker (through the figure's sentence) and the words cut from the page text by the
    offsets. For the paths without a warehouse (`briefings extract`, the gold evaluation);
    in the warehouse, int_quoted_figures makes the same joins."""
    pages = {p["page_id"]: p for p in tables["pages"]}
    sentences = {(s["page_id"], s["sentence_index"]): s for s in tables["sentences"]}
    turns = {(t["page_id"], t["turn_index"]): t for t in tables["turns"]}
    located = []
    for f in tables["figures"]:
        page = pages[f["page_id"]]
        text = page["text"]
        sentence = sentences[f["page_id"], f["sentence_index"]]
        turn = turns[f["page_id"], sentence["turn_index"]]
        located.append(
            {
                **f,
                "briefing_id": page["briefing_id"],
                "turn_index": turn["turn_index"],
                "speaker_id": turn["speaker_id"],
                "as_written": text[f["char_start"] : f["char_end"]],
                "number_text": text[f["number_start"] : f["number_end"]],
                "quote": text[sentence["char_start"] : sentence["char_end"]],
            }
        )
    return located
