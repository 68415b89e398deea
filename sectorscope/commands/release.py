"""``release build``: recompute the public release of an existing database (loads refresh it by themselves; a
release built with a smaller k than the deployment's, or by an older Sectorscope, is withheld until this is run).

    python -m sectorscope release build [--db PATH] [--min-cell K]
"""

from __future__ import annotations

import argparse
import time

from sectorscope import config
from sectorscope.commands import rejection_exit
from sectorscope.commands.common import add_db_option, database_from


def register(subparsers) -> None:
    """Add the ``release`` command."""
    parser = subparsers.add_parser("release", help="the public release (what public mode shows)")
    actions = parser.add_subparsers(dest="action", required=True)
    build = actions.add_parser("build", help="recompute release_cells from the loaded data")
    add_db_option(build)
    build.add_argument("--min-cell", type=int, default=None,
                       help="k: smallest number of people or employers a shown figure rests on "
                            "(default: $SECTORSCOPE_MIN_CELL or 10)")
    build.set_defaults(run=run_build)


def run_build(args: argparse.Namespace) -> int:
    """Rebuild the release as a load does (the database's lock, a working copy swapped in once committed, so a
    running app keeps reading the previous file); print how many cells and how long it took."""
    from sectorscope.ingest.load import rebuild_release
    from sectorscope.ingest.validation import ValidationError

    path = database_from(args, must_exist=True)
    k = args.min_cell if args.min_cell is not None else config.min_cell_size()
    if k < 1:
        print("--min-cell must be at least 1")
        return 2
    started = time.perf_counter()
    try:
        rows = rebuild_release(path, k, progress=lambda fraction, message: print(message, flush=True))
    except ValidationError as error:  # another load held the database too long: nothing was written
        print("\n".join(problem.message for problem in error.problems))
        return rejection_exit(error)
    print(f"Release built in {path}: {rows:,} rows, k = {k} ({time.perf_counter() - started:.1f} s)")
    return 0
