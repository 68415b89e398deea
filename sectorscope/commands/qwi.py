"""``python -m sectorscope qwi load FILE... [--db PATH] [--dry-run]``: load Census QWI extracts into ``qwi``.

Every file is read (``sources.qwi``), the files are checked and written together as one batch by the validating
loader (upsert: a row whose area, sector, year and quarter are already loaded is replaced), and a report says what
was suppressed or left out.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import sys
from pathlib import Path

import pandas as pd

from sectorscope.commands.common import add_db_option, database_from, print_progress
from sectorscope.ingest import load as ingest
from sectorscope.ingest.validation import ValidationError

DESCRIPTION = "U.S. Census Bureau, LEHD Quarterly Workforce Indicators (API layout)"


def register(subparsers) -> None:
    """Add the ``qwi`` command and its ``load`` action."""
    parser = subparsers.add_parser("qwi", help="Census Quarterly Workforce Indicators (QWI)")
    actions = parser.add_subparsers(dest="action", required=True)
    load = actions.add_parser("load", help="load QWI extracts (Census API layout, CSV or JSON) into the database")
    load.add_argument("files", nargs="+", metavar="FILE", help="QWI extract files")
    add_db_option(load)
    load.add_argument("--dry-run", action="store_true", help="check the files, write nothing")
    load.set_defaults(run=run_load)


def _sha256(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _file_rows(problems, sources: list[tuple[str, pd.Series]]):
    """Problems with rows of the combined batch pointed back at the file and line they came from."""
    offsets = []
    start = 0
    for name, lines in sources:
        offsets.append((start, start + len(lines), name, lines))
        start += len(lines)
    fixed = []
    for problem in problems:
        if problem.row is None:
            fixed.append(problem)
            continue
        index = problem.row - 2  # the loader numbers rows as a spreadsheet does (header = 1)
        for first, end, name, lines in offsets:
            if first <= index < end:
                fixed.append(dataclasses.replace(problem, source=name, row=int(lines.iloc[index - first])))
                break
        else:
            fixed.append(problem)
    return fixed


def run_load(args: argparse.Namespace) -> int:
    """Read every file, load them as one batch, and report rows, suppressed values and rows left out."""
    from sectorscope.sources import qwi

    paths = [Path(name).expanduser() for name in args.files]
    absent = [str(path) for path in paths if not path.is_file()]
    if absent:
        print(f"No such file: {', '.join(absent)}", file=sys.stderr)
        return 2
    extracts = []
    for path in paths:
        try:
            extracts.append((path, qwi.read_extract(path)))
        except (qwi.QwiFormatError, ValueError) as error:
            print(f"{path.name}: not a QWI extract this command reads: {error}", file=sys.stderr)
            return 1
    rows = pd.concat([extract.rows for _, extract in extracts], ignore_index=True)
    db_path = database_from(args)
    states = {extract.state_fips for _, extract in extracts} - {None}
    # A new database remembers the state of the extract; an existing one keeps the state it has.
    state_fips = states.pop() if len(states) == 1 and not db_path.exists() else None
    source = ", ".join(path.name for path, _ in extracts)
    item = ingest.TableInput("qwi", rows, source, mode="upsert", sha256=_sha256(paths), description=DESCRIPTION)
    try:
        result = ingest.load_batch(db_path, [item], state_fips=state_fips, dry_run=args.dry_run,
                                   progress=print_progress)
    except ValidationError as error:
        raise ValidationError(_file_rows(error.problems, [(p.name, e.source_rows) for p, e in extracts])) from None
    for path, extract in extracts:
        kinds = ", ".join(sorted(set(extract.rows["area_type"])))
        print(f"{path.name}: {len(extract.rows):,} rows ({kinds or 'no rows'})")
        for column, count in extract.suppressed.items():
            print(f"  {column}: {count:,} values not released by the Census Bureau (left empty)")
        for column, count in extract.distorted.items():
            print(f"  {column}: {count:,} values flagged as significantly distorted (kept)")
        for reason, count in extract.dropped.items():
            print(f"  left out {count:,} rows with {reason} (the qwi table holds totals)")
    verb = "Valid, nothing written:" if args.dry_run else "Loaded"
    print(f"{verb} {result.rows.get('qwi', 0):,} QWI rows into {db_path}")
    return 0
