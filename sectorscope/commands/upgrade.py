"""``upgrade``: bring a database made by an older Sectorscope to the current data model without loading anything
(a load does the same before it writes; until then the app reads such a file as it is, more slowly).

    python -m sectorscope upgrade [--db PATH]
"""

from __future__ import annotations

import argparse
import time

from sectorscope import schema
from sectorscope.commands import rejection_exit
from sectorscope.commands.common import add_db_option, database_from, print_progress


def register(subparsers) -> None:
    """Add the ``upgrade`` command."""
    parser = subparsers.add_parser("upgrade", help="bring a database made by an older Sectorscope to the current "
                                                   "data model")
    add_db_option(parser)
    parser.set_defaults(run=run_upgrade)


def run_upgrade(args: argparse.Namespace) -> int:
    """Upgrade as a load does (the database's lock, a working copy swapped in once done, so a running app keeps
    reading the previous file); print what was done."""
    from sectorscope.ingest.load import upgrade_database
    from sectorscope.ingest.validation import ValidationError

    path = database_from(args, must_exist=True)
    started = time.perf_counter()
    try:
        before, after = upgrade_database(path, progress=print_progress)
    except ValidationError as error:  # another load held the database too long: nothing was written
        print("\n".join(problem.message for problem in error.problems))
        return rejection_exit(error)
    if before == after == schema.SCHEMA_VERSION:
        print(f"{path} is already at data model {after}: nothing to do")
        return 0
    if before is None:
        print(f"{path} is not a Sectorscope database (no data model recorded in it): nothing was changed")
        return 2
    if before == after:
        print(f"{path} was made by a Sectorscope this version cannot read (data model {before}; this one reads "
              f"{', '.join(map(str, sorted(schema.READABLE_VERSIONS)))}): load your files again into a new database")
        return 2
    print(f"{path}: data model {before} -> {after} ({time.perf_counter() - started:.1f} s)")
    return 0
