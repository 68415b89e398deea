"""Helpers every sub-command shares: the database option, usage errors and progress printing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sectorscope import config
from sectorscope.ingest.validation import Problem, errors_of, rows_with_problems, summary_lines, warnings_of

DUCKDB_MAGIC = b"DUCK"  # bytes 8 to 12 of every DuckDB database file, after the header's checksum

DB_HELP = ("database file (default: $SECTORSCOPE_DB if set, else the active database of the data folder "
           "$SECTORSCOPE_DATA_DIR or data/: the demo, sectorscope.duckdb, until your own data is loaded)")
LOAD_DB_HELP = ("database to load into (default: $SECTORSCOPE_DB if set, else the active database of the data folder "
                "$SECTORSCOPE_DATA_DIR or data/; while that is the demo, state.duckdb in the same folder, made the "
                "active database once loaded, as the Data page does)")


class UsageError(Exception):
    """A mistake in how a command was called (a missing or wrong file, an option that does not fit): said in one
    line, exit 2, nothing read or written."""


def add_db_option(parser: argparse.ArgumentParser, help_text: str = DB_HELP) -> None:
    """``--db PATH``; ``help_text`` says what the command does without it."""
    parser.add_argument("--db", metavar="PATH", help=help_text)


def is_duckdb_file(path: Path) -> bool:
    """Does the file at ``path`` start as every DuckDB database does (``DUCK`` after the header's checksum)?"""
    try:
        with open(path, "rb") as handle:
            return handle.read(12)[8:12] == DUCKDB_MAGIC
    except OSError:
        return False


def checked_database(path: Path, *, must_exist: bool = False) -> Path:
    """``path``, once it is known to be a DuckDB database (or absent, where the command makes one); otherwise a
    ``UsageError``. The one place a command checks the file it was given, before it opens, locks or copies it."""
    if path.exists() and not is_duckdb_file(path):
        raise UsageError(f"{path} is not a Sectorscope (DuckDB) database; nothing was read or written")
    if must_exist and not path.exists():
        raise UsageError(f"No database at {path}")
    return path


def database_from(args: argparse.Namespace, *, must_exist: bool = False) -> Path:
    """The database the command works on: ``--db`` or the active database (``config.database_path``), checked by
    ``checked_database``."""
    path = Path(args.db).expanduser().resolve() if getattr(args, "db", None) else config.database_path()
    return checked_database(path, must_exist=must_exist)


@dataclass(frozen=True)
class LoadTarget:
    """The database a load writes, and whether it becomes the active database once loaded (the demo was active)."""

    path: Path
    activates: bool = False


def load_target(args: argparse.Namespace) -> LoadTarget:
    """The database a load of a state's own files writes. ``--db`` as given; else as the Data page chooses
    (``ingest.load.own_data_target``): the active database, or ``state.duckdb`` in the data folder while the demo is
    active, made active once loaded. A database holding the demo is refused with the ``--db`` to use: own data never
    goes into it (the loader refused it too, but filed under one of the files among their other problems)."""
    from sectorscope.ingest.load import held_dataset, own_data_target

    new_file = f"--db NEW_FILE (e.g. --db {config.state_database_path()})"
    if getattr(args, "db", None):
        path = database_from(args)
        if held_dataset(path) == "demo":
            raise UsageError(f"{path} holds the synthetic demo, and your own data never goes into it: load your "
                             f"files into a database of their own with {new_file}")
        return LoadTarget(path)
    active = database_from(args)
    target = own_data_target()
    if target is None:
        raise UsageError(f"SECTORSCOPE_DB names {active}, which holds the synthetic demo, and your own data never "
                         f"goes into it: load your files with {new_file}, then point SECTORSCOPE_DB at that file")
    return LoadTarget(checked_database(target), activates=target != active)


def announce_target(target: LoadTarget, dry_run: bool) -> None:
    """Say, before a load starts, that it goes into a database of its own because the demo is active."""
    if target.activates:
        then = "" if dry_run else ", made the active database once loaded"
        # a fresh data folder has no demo yet: "holds the synthetic demo" named a file that was not there (a steward)
        active = ("The active database holds the synthetic demo" if config.demo_database_path().exists() else
                  "No database of your own yet")
        print(f"{active}: your files go into {target.path}, a database of their own{then} (as the Data page does)",
              file=sys.stderr)


def activate_loaded(target: LoadTarget) -> None:
    """After a load that wrote: make its database the active one when the demo was (as the Data page does)."""
    if target.activates:
        config.activate_database(target.path)
        demo = config.demo_database_path()
        print(f"{target.path.name} is now the active database: the app shows your data (the demo "
              + (f"stays in {demo.name}" if demo.exists() else f"is built in {demo.name} if you switch to it")
              + "; the Data page switches between the two)")


def print_progress(fraction: float, message: str) -> None:
    """A progress bar on standard error, one line per step: ``[######----]  60% Writing participants``."""
    filled = round(max(0.0, min(fraction, 1.0)) * 20)
    print(f"[{'#' * filled}{'-' * (20 - filled)}] {fraction:4.0%} {message}", file=sys.stderr, flush=True)


def print_rejection(problems: Sequence[Problem]) -> None:
    """A rejected batch on standard error, as every loading command prints it: the count of problems (rows a line
    stands for counted in, ``rows_with_problems``), every line of the report (errors, then warnings), then the
    errors summed up by kind (``summary_lines``), last where a long list ends on screen. ``qcew load`` printed 50
    lines of 102 where the README says every row stays listed (a data steward)."""
    errors, warned = errors_of(problems), warnings_of(problems)
    also = f" and {len(warned)} warning(s)" if warned else ""
    print(f"Rejected: {rows_with_problems(errors):,} problem(s){also}; nothing was written.", file=sys.stderr)
    for problem in errors + warned:
        print(f"- {problem}", file=sys.stderr)
    for line in summary_lines(errors):
        print(line, file=sys.stderr)
