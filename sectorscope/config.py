"""Settings read from the environment, each in one place with its default."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
QUERIES_DIR = PROJECT_ROOT / "queries"
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "sectorscope.duckdb"
DEFAULT_MIN_CELL_SIZE = 10
MODES = ("staff", "public")


def database_path() -> Path:
    """Path of the active database: ``$SECTORSCOPE_DB`` or ``data/sectorscope.duckdb`` in the project."""
    configured = os.environ.get("SECTORSCOPE_DB", "").strip()
    return Path(configured).expanduser().resolve() if configured else DEFAULT_DB_PATH


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
