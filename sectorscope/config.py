"""Settings read from the environment, each in one place with its default."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
QUERIES_DIR = PROJECT_ROOT / "queries"
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB_PATH = DATA_DIR / "sectorscope.duckdb"  # built from the synthetic demo on first start
STATE_DB_PATH = DATA_DIR / "state.duckdb"  # a state's own data, started by its first load from the Data page
ACTIVE_POINTER = DATA_DIR / "active-database"  # names the active file in data/ when the app may switch
DEFAULT_MIN_CELL_SIZE = 10
MODES = ("staff", "public")


def database_is_pinned() -> bool:
    """Is the database fixed by ``$SECTORSCOPE_DB`` (then the app does not switch between demo and own data)?"""
    return bool(os.environ.get("SECTORSCOPE_DB", "").strip())


def database_path() -> Path:
    """Path of the active database: ``$SECTORSCOPE_DB``; else the file in data/ that ``data/active-database``
    names (the demo or the state's own); else ``data/sectorscope.duckdb``."""
    configured = os.environ.get("SECTORSCOPE_DB", "").strip()
    if configured:
        return Path(configured).expanduser().resolve()
    try:
        name = ACTIVE_POINTER.read_text().strip()
    except OSError:
        return DEFAULT_DB_PATH
    chosen = DATA_DIR / Path(name).name  # a bare file name in data/, nothing else
    return chosen if chosen.suffix == ".duckdb" and chosen.exists() else DEFAULT_DB_PATH


def activate_database(path: Path) -> None:
    """Make ``path`` (a file in data/) the active database for every session, by rewriting the pointer atomically."""
    path = Path(path)
    if path.parent.resolve() != DATA_DIR.resolve():
        raise ValueError(f"only databases in {DATA_DIR} can be activated")
    temporary = ACTIVE_POINTER.with_suffix(".tmp")
    temporary.write_text(path.name + "\n")
    os.replace(temporary, ACTIVE_POINTER)


def min_cell_size() -> int:
    """Smallest number of people a public statistic may rest on (``$SECTORSCOPE_MIN_CELL``, default 10)."""
    raw = os.environ.get("SECTORSCOPE_MIN_CELL", "").strip()
    try:
        value = int(raw)
    except ValueError:
        return DEFAULT_MIN_CELL_SIZE
    return max(value, 1)


def app_mode() -> str:
    """``staff`` (all pages, record-level views) or ``public`` (showcase-safe pages, suppression on).

    Set by whoever deploys the app (``$SECTORSCOPE_MODE``); a public deployment must set ``public``.
    """
    mode = os.environ.get("SECTORSCOPE_MODE", "staff").strip().lower()
    return mode if mode in MODES else "public"
