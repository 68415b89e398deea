"""``python -m sectorscope qwi load FILE... [--db PATH] [--dry-run] [--other-states]``: load Census QWI extracts
into ``qwi``.

The files are read and loaded as one batch by ``sources.qwi.load_qwi_paths`` (the same function the Data page
calls; upsert: a row whose area, sector, year and quarter are already loaded is replaced), and a report says what
was suppressed or left out.

Exit codes: 0 loaded, 1 rejected (the report is printed), 2 a file does not exist.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sectorscope.commands.common import (
    LOAD_DB_HELP,
    activate_loaded,
    add_db_option,
    announce_target,
    load_target,
    print_progress,
)


def register(subparsers) -> None:
    """Add the ``qwi`` command and its ``load`` action."""
    parser = subparsers.add_parser("qwi", help="Census Quarterly Workforce Indicators (QWI)")
    actions = parser.add_subparsers(dest="action", required=True)
    load = actions.add_parser("load", help="load QWI extracts (Census API layout, CSV or JSON) into the database")
    load.add_argument("files", nargs="+", metavar="FILE", help="QWI extract files")
    add_db_option(load, LOAD_DB_HELP)
    load.add_argument("--dry-run", action="store_true", help="check the files, write nothing")
    load.add_argument("--other-states", action="store_true", dest="other_states",
                      help="load extracts of a state other than the database's (and those whose counties its "
                           "registry names) on purpose, beside it; the database stays about its state")
    load.set_defaults(run=run_load)


def run_load(args: argparse.Namespace) -> int:
    """Load every file as one batch and report rows, suppressed values and rows left out."""
    from sectorscope.ingest import state_rule
    from sectorscope.sources import qwi

    paths = [Path(name).expanduser() for name in args.files]
    absent = [str(path) for path in paths if not path.is_file()]
    if absent:
        print(f"No such file: {', '.join(absent)}", file=sys.stderr)
        return 2
    target = load_target(args)
    announce_target(target, args.dry_run)
    result = qwi.load_qwi_paths(target.path, paths, progress=print_progress, dry_run=args.dry_run,
                                other_states=args.other_states)
    for line in result.file_lines():
        print(line)
    verb = "Valid, nothing written:" if args.dry_run else "Loaded"
    print(f"{verb} {result.rows.get(qwi.TABLE, 0):,} QWI rows into {target.path}")
    if result.settled_state:
        print(state_rule.settled_words(result.settled_state))
    if not args.dry_run:
        activate_loaded(target)
    return 0
