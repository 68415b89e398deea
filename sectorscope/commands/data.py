"""``load``, ``validate`` and ``templates``: a state's own files in and out, for scheduled refreshes.

    python -m sectorscope load [--table NAME] FILE... [--mode replace|append|upsert] [--dry-run] [--db PATH]
    python -m sectorscope validate [--table NAME] FILE...
    python -m sectorscope templates DIR

Exit codes: 0 loaded (or valid), 1 rejected (every problem printed), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sectorscope import ingest, readers, schema, templates
from sectorscope.commands.common import add_db_option, database_from, print_progress
from sectorscope.validation import Problem, ValidationError


def register(subparsers) -> None:
    """Add the ``load``, ``validate`` and ``templates`` commands."""
    for name, help_text in (("load", "validate files and load them in one transaction"),
                            ("validate", "check files without loading them")):
        parser = subparsers.add_parser(name, help=help_text)
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE",
                            help="CSV (UTF-8 unless --encoding says; comma or semicolon), .xlsx or Parquet")
        parser.add_argument("--table", choices=schema.LOADABLE_TABLES,
                            help="table for every file (default: taken from each file or sheet name)")
        parser.add_argument("--mode", choices=ingest.MODES, default="replace",
                            help="replace the table, append rows, or upsert by key (default: replace)")
        parser.add_argument("--encoding", default=None,
                            help="the CSV files' encoding when not UTF-8, e.g. latin-1 or cp1252 (never guessed)")
        add_db_option(parser)
        if name == "load":
            parser.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
        parser.set_defaults(run=run_load, dry_run=name == "validate" or None)
    parser = subparsers.add_parser("templates", help="write blank templates and the data dictionary")
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.set_defaults(run=run_templates)


def _print_problems(problems: list[Problem]) -> None:
    print(f"Rejected: {len(problems)} problem(s); nothing was written.", file=sys.stderr)
    for problem in problems:
        print(f"- {problem}", file=sys.stderr)


def run_load(args: argparse.Namespace) -> int:
    """Read, validate and (unless a dry run) load the files; print the report."""
    missing = [str(path) for path in args.files if not path.exists()]
    if missing:
        print(f"No such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    read = readers.read_paths(list(args.files), args.table, args.mode, args.encoding)
    if read.problems:
        _print_problems(read.problems)
        return 1
    path = database_from(args)
    started = time.perf_counter()
    try:
        result = ingest.load_batch(path, read.inputs, dry_run=bool(args.dry_run), progress=print_progress)
    except ValidationError as error:
        _print_problems(error.problems)
        return 1
    rows = ", ".join(f"{table} {count:,}" for table, count in result.rows.items())
    verb = "Valid, nothing written" if result.dry_run else f"Loaded into {path}"
    print(f"{verb}: {rows} ({time.perf_counter() - started:.1f} s)")
    return 0


def run_templates(args: argparse.Namespace) -> int:
    """Write the templates into the folder."""
    written = templates.write_templates(args.folder)
    print(f"Wrote {len(written)} files to {args.folder}: one CSV per table, data_dictionary.csv and "
          "sectorscope-templates.xlsx")
    return 0
