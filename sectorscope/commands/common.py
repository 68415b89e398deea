"""Helpers every sub-command shares: the database option and progress printing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sectorscope import config


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """``--db PATH`` (default: ``$SECTORSCOPE_DB`` or ``data/sectorscope.duckdb``)."""
    parser.add_argument("--db", help="database file (default: $SECTORSCOPE_DB or data/sectorscope.duckdb)")


def database_from(args: argparse.Namespace) -> Path:
    """The database the command works on."""
    return Path(args.db).expanduser().resolve() if getattr(args, "db", None) else config.database_path()


def print_progress(fraction: float, message: str) -> None:
    """A progress bar on standard error, one line per step: ``[######----]  60% Writing participants``."""
    filled = round(max(0.0, min(fraction, 1.0)) * 20)
    print(f"[{'#' * filled}{'-' * (20 - filled)}] {fraction:4.0%} {message}", file=sys.stderr, flush=True)
