"""Write the `raw` schema of a fresh build database in one transaction, through bulk JSON reads.

TABLES is the one definition of the raw schema: dbt's sources.yml is checked against it by a test.
Each fact is loaded once. A page's text is in raw.pages alone: sentences, figures, enumerations
and skipped numbers carry offsets into it, and dbt cuts quotes and words from it. A figure, an
enumeration or a skipped number names its sentence, not the sentence's turn, speaker and
briefing: dbt joins those (int_sentence_speakers).
Writing string values is most of what the load costs, so rows name what a page holds by its
position on the page (a sentence's index, a turn's index, the character a figure starts at), not
by an id that repeats the page id: dbt's staging models spell the ids (macros/page_item_id.sql).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import orjson

from briefings.config import DUCKDB_WRITE_CONFIG

TABLES: dict[str, dict[str, str]] = {
    "snapshots": {
        "sha256": "VARCHAR",
        "briefing_id": "VARCHAR",
        "page_no": "INTEGER",
        "url": "VARCHAR",
        "media_type": "VARCHAR",
        "encoding": "VARCHAR",
        "bytes": "BIGINT",
        "fetched_at": "VARCHAR",
        "origin": "VARCHAR",
        "revision": "INTEGER",
        "status": "INTEGER",
    },
    "briefings": {
        "briefing_id": "VARCHAR",
        "title": "VARCHAR",
        "held_on": "DATE",
        "published_on": "DATE",
        "report_year": "INTEGER",
        "page_count": "INTEGER",
        "pages_loaded": "INTEGER",
    },
    "pages": {
        "page_id": "VARCHAR",
        "briefing_id": "VARCHAR",
        "page_no": "INTEGER",
        "url": "VARCHAR",
        "snapshot_sha256": "VARCHAR",
        "fetched_at": "VARCHAR",
        "media_type": "VARCHAR",
        "title": "VARCHAR",
        "published_on": "DATE",
        "page_count": "INTEGER",
        "char_count": "INTEGER",
        "text": "VARCHAR",
    },
    "speakers": {
        "speaker_id": "VARCHAR",
        "briefing_id": "VARCHAR",
        "name": "VARCHAR",
        "role": "VARCHAR",
        "organization": "VARCHAR",
        "title": "VARCHAR",
        "media_outlet": "VARCHAR",
        "role_source": "VARCHAR",
    },
    "turns": {
        "page_id": "VARCHAR",
        "briefing_id": "VARCHAR",
        "turn_index": "INTEGER",
        "speaker_id": "VARCHAR",
        "speaker_label": "VARCHAR",
        "kind": "VARCHAR",
        "continued_from_previous_page": "BOOLEAN",
        "char_start": "INTEGER",
        "char_end": "INTEGER",
    },
    "sentences": {
        "page_id": "VARCHAR",
        "sentence_index": "INTEGER",
        "turn_index": "INTEGER",
        "paragraph_index": "INTEGER",
        "char_start": "INTEGER",
        "char_end": "INTEGER",
        "years": "INTEGER[]",
        "campaign_mentions": "VARCHAR[]",
    },
    "figures": {
        "page_id": "VARCHAR",
        "sentence_index": "INTEGER",
        "char_start": "INTEGER",
        "char_end": "INTEGER",
        "number_start": "INTEGER",
        "number_end": "INTEGER",
        "value": "DOUBLE",
        "precision": "DOUBLE",
        "value_low": "DOUBLE",
        "value_high": "DOUBLE",
        "low_open": "BOOLEAN",
        "high_open": "BOOLEAN",
        "qualifier": "VARCHAR",
        "scale": "VARCHAR",
        "currency": "VARCHAR",
        "unit": "VARCHAR",
        "unit_kind": "VARCHAR",
        "unit_borrowed": "BOOLEAN",
        "verb": "VARCHAR",
        "kind": "VARCHAR",
        "change_direction": "VARCHAR",
        "refers_to_char_start": "INTEGER",
        "part_of_char_start": "INTEGER",
        "campaigns": "VARCHAR[]",
        "sentence_year": "INTEGER",
        "turn_year": "INTEGER",
    },
    "enumerations": {
        "page_id": "VARCHAR",
        "enumeration_index": "INTEGER",
        "sentence_index": "INTEGER",
        "stated_count": "INTEGER",
        "noun": "VARCHAR",
        "items": "VARCHAR[]",
        "count_char_start": "INTEGER",
        "char_start": "INTEGER",
        "char_end": "INTEGER",
    },
    "skipped_numbers": {
        "page_id": "VARCHAR",
        "sentence_index": "INTEGER",
        "char_start": "INTEGER",
        "char_end": "INTEGER",
        "reason": "VARCHAR",
    },
}


class LoadError(RuntimeError):
    pass


def bundle_files(directory: Path, table: str) -> list[Path]:
    """A table's part files in a bundle, in part order (one part per extraction worker)."""
    return sorted(directory.glob(f"{table}.*.jsonl"))


class BundleWriter:
    """Appends rows to one newline-delimited JSON file per raw table, a briefing at a time, so
    a backfill never holds every row in memory. Writers of different parts (one per worker
    process) share a bundle directory."""

    def __init__(self, directory: Path, part: str = "0") -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.counts = dict.fromkeys(TABLES, 0)
        self._files = {name: (directory / f"{name}.{part}.jsonl").open("wb") for name in TABLES}

    def add(self, tables: dict[str, list[dict]]) -> None:
        for name, rows in tables.items():
            columns = TABLES[name].keys()
            handle = self._files[name]
            for row in rows:
                if not columns >= row.keys():
                    raise LoadError(
                        f"raw.{name}: unexpected column(s) {sorted(row.keys() - columns)}"
                    )
                # orjson: a backfill writes millions of rows, and the json module's encoder
                # took a third of the time of a run whose extraction was cached.
                handle.write(orjson.dumps(row, default=str, option=orjson.OPT_APPEND_NEWLINE))
            self.counts[name] += len(rows)

    def close(self) -> dict[str, int]:
        for handle in self._files.values():
            handle.close()
        return self.counts

    def __enter__(self) -> BundleWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_bundle(tables: dict[str, list[dict]], directory: Path) -> dict[str, int]:
    """Write each table as newline-delimited JSON; returns row counts."""
    with BundleWriter(directory) as writer:
        writer.add(tables)
    return writer.counts


def _struct(columns: dict[str, str]) -> str:
    return "{" + ", ".join(f"'{c}': '{t}'" for c, t in columns.items()) + "}"


def load_bundle(bundle_dir: Path, database: Path) -> dict[str, int]:
    """Create the raw schema of `database` from a bundle, all tables or none."""
    con = duckdb.connect(str(database), config=DUCKDB_WRITE_CONFIG)
    try:  # closing without COMMIT rolls the transaction back: all tables or none
        # The build file lives for one run and is never published as is (publish copies the
        # marts into a new file): compressing raw tables would cost half the load's time.
        con.execute("SET force_compression = 'uncompressed'")
        # The one transaction goes to the database file at COMMIT, not through the WAL first: a
        # commit below the threshold writes the WAL and close() writes it all again (a quarter
        # of the load's time at a thousand pages).
        con.execute("SET checkpoint_threshold = '0b'")
        con.execute("BEGIN TRANSACTION")
        con.execute("CREATE SCHEMA IF NOT EXISTS raw")
        counts = {}
        for name, columns in TABLES.items():
            paths = bundle_files(bundle_dir, name)
            if not paths:
                raise LoadError(f"{bundle_dir}: no bundle file for raw.{name}")
            select = ", ".join(columns)
            # An empty file has no rows to infer from; the explicit columns keep the types.
            # CREATE TABLE AS answers with the number of rows it wrote.
            counts[name] = con.execute(
                f"CREATE OR REPLACE TABLE raw.{name} AS SELECT {select} FROM read_json(?, "
                f"format='newline_delimited', columns={_struct(columns)})",
                [[str(path) for path in paths]],
            ).fetchone()[0]
        con.execute("COMMIT")
        return counts
    finally:
        con.close()


def load_tables(tables: dict[str, list[dict]], database: Path) -> dict[str, int]:
    with tempfile.TemporaryDirectory(prefix="briefings-load-") as tmp:
        write_bundle(tables, Path(tmp))
        return load_bundle(Path(tmp), database)
