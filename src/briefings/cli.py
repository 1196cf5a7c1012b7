"""The `briefings` command: run the pipeline, extract one file, import transcripts, roll back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefings.config import settings


def _run(args: argparse.Namespace) -> int:
    from orchestration.launch import run_warehouse_job

    summary = run_warehouse_job(settings(), online=args.online)
    print(summary.render())
    return 0 if summary.published or summary.nothing_new else 1


def _extract(args: argparse.Namespace) -> int:
    from briefings.extract_file import InputError, extract_records, format_records, read_transcript

    try:
        text, media_type = read_transcript(Path(args.file))
    except InputError as exc:
        print(f"briefings extract: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(format_records(extract_records(text, media_type, str(args.file)), args.format))
    return 0


def _add(args: argparse.Namespace) -> int:
    from briefings.ingest import ImportFileError, import_files
    from briefings.snapshots import SnapshotStore

    try:
        snaps = import_files(
            SnapshotStore(settings().raw_dir),
            [Path(f) for f in args.files],
            args.briefing,
            args.url,
            page=args.page,
        )
    except ImportFileError as exc:
        print(f"briefings add: {exc}", file=sys.stderr)
        return 2
    for snap in snaps:
        print(f"page {snap.page_no}: {snap.url} -> raw/{snap.path} (revision {snap.revision})")
    return 0


def _rollback(args: argparse.Namespace) -> int:
    from briefings.publish import PublishRefused, rollback
    from briefings.report import collect_rollback, write_warehouse_report

    s = settings()
    try:
        path = rollback(s)
    except PublishRefused as exc:
        print(f"briefings rollback: {exc}", file=sys.stderr)
        return 1
    # The report described the warehouse just replaced; it must not go on saying "Published".
    write_warehouse_report(s, collect_rollback(path))
    print(f"rolled back: {path} is the previous warehouse again; report: {s.report_path}")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from briefings.evaluate import evaluate_gold_dir

    report = evaluate_gold_dir(Path(args.gold_dir))
    print(report.render())
    return 0 if report.meets_targets() else 1


def _dagster_home(args: argparse.Namespace) -> int:
    from briefings.config import ensure_dagster_home

    print(ensure_dagster_home())
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="briefings", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the warehouse job (the build sensor's job) and publish")
    mode = run.add_mutually_exclusive_group()
    mode.add_argument("--online", action="store_true", help="fetch every registered page first")
    mode.add_argument(
        "--offline",
        dest="online",
        action="store_false",
        help="build from raw/ only, never touch the network (the default)",
    )
    run.set_defaults(func=_run, online=False)

    ex = sub.add_parser("extract", help="print the figures of one transcript file")
    ex.add_argument("file")
    ex.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    ex.set_defaults(func=_extract)

    add = sub.add_parser("add", help="import saved transcript files as snapshots")
    add.add_argument("files", nargs="+")
    add.add_argument("--briefing", required=True, help="briefing id, e.g. scio-2021-04-26-ipr")
    add.add_argument("--url", required=True, help="the URL the page was published at")
    add.add_argument("--page", type=int, default=None, help="page number of the first file")
    add.set_defaults(func=_add)

    rb = sub.add_parser("rollback", help="put the previous published warehouse back")
    rb.set_defaults(func=_rollback)

    ev = sub.add_parser("eval", help="precision, recall and attribute accuracy on gold files")
    ev.add_argument("--gold-dir", default="tests/gold")
    ev.set_defaults(func=_eval)
    home = sub.add_parser("dagster-home", help="create the project-local DAGSTER_HOME; print it")
    home.set_defaults(func=_dagster_home)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
