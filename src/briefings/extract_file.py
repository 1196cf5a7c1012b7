"""`briefings extract FILE`: one transcript file -> one record per figure, no warehouse involved."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from briefings.briefing import PageInput, assemble, locate_figures
from briefings.pages import page_rows
from briefings.snapshots import Snapshot


class InputError(ValueError):
    """A file that is not a readable transcript; the message is one line naming the file."""


RECORD_FIELDS = (
    "char_start",
    "char_end",
    "as_written",
    "number_text",
    "value",
    "value_low",
    "value_high",
    "low_open",
    "high_open",
    "qualifier",
    "scale",
    "unit",
    "unit_kind",
    "unit_borrowed",
    "currency",
    "verb",
    "change_direction",
    "kind",
    "refers_to",
    "part_of",
    "campaigns",
    "speaker",
    "sentence_year",
    "quote",
)


def read_transcript(path: Path) -> tuple[str, str]:
    """(text, media type) of a transcript file; bad input raises InputError."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if not data.strip():
        raise InputError(f"{path}: empty file")
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: binary file (NUL bytes), not a transcript")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path}, line {line}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from exc
    head = text[:2048].lower()
    html = (
        Path(path).suffix.lower() in (".html", ".htm")
        or "<html" in head
        or "<!doctype html" in head
    )
    return text, "text/html" if html else "text/plain"


def extract_records(text: str, media_type: str, name: str = "file") -> list[dict]:
    rows = page_rows(text, media_type)
    snap = Snapshot(
        sha256="",
        briefing_id="file",
        page_no=1,
        url=name,
        media_type=media_type,
        encoding="utf-8",
        bytes=len(text),
        fetched_at="",
        origin="file",
        path=name,
    )
    tables = assemble("file", [PageInput(snap, rows)], None)
    speakers = {s["speaker_id"]: s["name"] for s in tables["speakers"]}
    records = []
    for f in locate_figures(tables):
        derived = {
            "refers_to": f["refers_to_char_start"],
            "part_of": f["part_of_char_start"],
            "speaker": speakers.get(f["speaker_id"]),
        }
        records.append({k: derived[k] if k in derived else f[k] for k in RECORD_FIELDS})
    return records


def format_records(records: list[dict], fmt: str) -> str:
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=RECORD_FIELDS, lineterminator="\n")
        writer.writeheader()
        for r in records:
            writer.writerow({**r, "campaigns": "|".join(r["campaigns"])})
        return out.getvalue()
    raise ValueError(f"unknown format {fmt!r}")
