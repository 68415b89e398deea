"""``python -m sectorscope combine-wages FILE --out OUT [--encoding ENCODING]``: a UI wage file with a row per
person, quarter and employer, written as wage records (one row per person and quarter) to load
(``ingest.ui_wages``).

Exit codes: 0 written, 1 refused (the report is printed; nothing written), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sectorscope.commands.common import UsageError
from sectorscope.ingest.validation import rows_with_problems


def register(subparsers) -> None:
    """Add the ``combine-wages`` command."""
    parser = subparsers.add_parser(
        "combine-wages", help="make a UI wage file with a row per employer into wage records, one row per person "
                              "and quarter, to load")
    parser.add_argument("file", type=Path, metavar="FILE",
                        help="the UI wage file (CSV, .xlsx or Parquet; our column names, read as the loader reads "
                             "them, whole, in memory)")
    parser.add_argument("--out", type=Path, required=True, help="the wage records' CSV to write (then load it)")
    parser.add_argument("--encoding", help="the CSV's encoding where not UTF-8 (e.g. cp1252)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Combine, print the problems or what was written."""
    from sectorscope.ingest.ui_wages import combine_employer_rows

    if not args.file.exists():
        raise UsageError(f"no such file: {args.file}")
    if args.out.resolve() == args.file.resolve():
        raise UsageError("--out would overwrite the file read: name another")
    result = combine_employer_rows(args.file.name, args.file.read_bytes(), args.encoding)
    if result.records is None:
        print(f"Refused: {rows_with_problems(result.problems):,} problem(s); nothing written.", file=sys.stderr)
        for problem in result.problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    result.records.to_csv(args.out, index=False)
    print(f"Wrote {args.out}: {len(result.records):,} wage records (one per person and quarter) from "
          f"{result.rows_read:,} rows; {result.quarters_with_several:,} person-quarter(s) with more than one employer "
          # upsert, as the README loads it: a month's file in the default replace would be refused for the quarters
          # it lacks (a data steward followed this line)
          f"combined. Load it: python -m sectorscope load {args.out} --table wage_records --mode upsert")
    return 0
