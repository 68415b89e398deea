"""Settings read from the environment, each in one place with its default."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
QUERIES_DIR = PROJECT_ROOT / "queries"
# The simplified U.S. counties Sectorscope ships (built by ``python -m sectorscope.sources.geo``)
COUNTIES_FILE = PROJECT_ROOT / "sectorscope" / "sources" / "package_data" / "us_counties.parquet"
DEMO_DB_NAME = "sectorscope.duckdb"  # built from the synthetic demo on first start
STATE_DB_NAME = "state.duckdb"  # a state's own data, started by its first load from the Data page
ACTIVE_POINTER_NAME = "active-database"  # names the active file in the data folder
DEFAULT_MIN_CELL_SIZE = 10
DEFAULT_CACHE_MEGABYTES = 256  # query results kept between reruns, per server process
DEFAULT_DUCKDB_MEGABYTES = 1024  # DuckDB's own working memory per read connection (its default: 80% of the RAM)
MODES = ("staff", "public")


def data_dir() -> Path:
    """Folder of the app's databases: ``$SECTORSCOPE_DATA_DIR`` or ``data/`` in the project."""
    configured = os.environ.get("SECTORSCOPE_DATA_DIR", "").strip()
    return Path(configured).expanduser().resolve() if configured else PROJECT_ROOT / "data"


def demo_database_path() -> Path:
    """Where the demo database lives (and the default active database)."""
    return data_dir() / DEMO_DB_NAME


def state_database_path() -> Path:
    """Where a state's own data goes when it is loaded from the Data page while the demo is active."""
    return data_dir() / STATE_DB_NAME


def database_is_pinned() -> bool:
    """Is the database fixed by ``$SECTORSCOPE_DB`` (then the app does not switch between demo and own data)?"""
    return bool(os.environ.get("SECTORSCOPE_DB", "").strip())


def database_path() -> Path:
    """Path of the active database: ``$SECTORSCOPE_DB``; else the file in the data folder that its
    ``active-database`` file names (the demo or the state's own); else the demo database."""
    configured = os.environ.get("SECTORSCOPE_DB", "").strip()
    if configured:
        return Path(configured).expanduser().resolve()
    try:
        name = (data_dir() / ACTIVE_POINTER_NAME).read_text().strip()
    except OSError:
        return demo_database_path()
    chosen = data_dir() / Path(name).name  # a bare file name in the data folder, nothing else
    return chosen if chosen.suffix == ".duckdb" and chosen.exists() else demo_database_path()


def activate_database(path: Path) -> None:
    """Make ``path`` (a file in the data folder) the active database for every session (atomic pointer rewrite)."""
    path = Path(path)
    if path.parent.resolve() != data_dir().resolve():
        raise ValueError(f"only databases in {data_dir()} can be activated")
    pointer = data_dir() / ACTIVE_POINTER_NAME
    temporary = pointer.with_suffix(".tmp")
    temporary.write_text(path.name + "\n")
    os.replace(temporary, pointer)


def own_data_database(active_holds_demo: bool) -> Path | None:
    """Where a state's own files are loaded: the active database unless it holds the demo, then the state database
    in the data folder. None when ``$SECTORSCOPE_DB`` pins the app to a demo database."""
    if not active_holds_demo:
        return database_path()
    if database_is_pinned():
        return None
    return state_database_path()


MIN_CELL_SETTING = "SECTORSCOPE_MIN_CELL"


def _whole_number(name: str, default: int, at_least: int) -> int:
    """The environment variable ``name`` as a whole number; ``default`` when unset or not a whole number. Below
    ``at_least``: a memory budget takes its floor, the privacy threshold its default (``SECTORSCOPE_MIN_CELL=0``
    became 1, publishing every count: a reviewer). ``setting_problems`` says which setting was not taken as given."""
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw)
    except ValueError:
        return default
    if value >= at_least:
        return value
    return default if name == MIN_CELL_SETTING else at_least


def setting_problems() -> list[str]:
    """Each whole-number setting not taken as given, in words: the app shows them to staff and the command line
    prints them, so a mistyped setting is never silently replaced."""
    problems = []
    for name, default, at_least in WHOLE_NUMBER_SETTINGS:
        raw = os.environ.get(name, "").strip()
        try:
            given = int(raw)  # as _whole_number reads it ("+5", "0100", "1_000")
        except ValueError:
            given = None
        used = _whole_number(name, default, at_least)
        if raw and given != used:
            problems.append(f"{name}={raw!r} is not a whole number of at least {at_least}: {used} is used.")
    return problems


def min_cell_size() -> int:
    """Smallest number of people a public statistic may rest on (``$SECTORSCOPE_MIN_CELL``, default 10)."""
    return _whole_number(MIN_CELL_SETTING, DEFAULT_MIN_CELL_SIZE, at_least=1)


def cache_megabytes() -> int:
    """Memory budget of the query-result cache, in MB (``$SECTORSCOPE_CACHE_MB``, default 256, at least 1).

    The cache keeps recently used results up to this size and drops the least recently used beyond it, so the
    server's memory does not grow with the number of distinct views people open."""
    return _whole_number("SECTORSCOPE_CACHE_MB", DEFAULT_CACHE_MEGABYTES, at_least=1)


def duckdb_megabytes() -> int:
    """Most memory DuckDB may use per read connection, in MB (``$SECTORSCOPE_DUCKDB_MB``, default 1,024, at least
    64). DuckDB's own default is 80% of the machine's memory per instance, and the app holds one instance per open
    version of the database (two at most), so a large query could take the server past any budget. Past the limit
    DuckDB spills sorts, joins and groupings to ``duckdb_spill_dir``; what cannot spill fails with an out-of-memory
    error rather than the machine running out. The demo's pages use about 10 MB at rest."""
    return _whole_number("SECTORSCOPE_DUCKDB_MB", DEFAULT_DUCKDB_MEGABYTES, at_least=64)


# (variable, default, least value) of every whole-number setting
WHOLE_NUMBER_SETTINGS = ((MIN_CELL_SETTING, DEFAULT_MIN_CELL_SIZE, 1),
                         ("SECTORSCOPE_CACHE_MB", DEFAULT_CACHE_MEGABYTES, 1),
                         ("SECTORSCOPE_DUCKDB_MB", DEFAULT_DUCKDB_MEGABYTES, 64))


def duckdb_spill_dir() -> Path:
    """Where DuckDB's read connections spill beyond ``duckdb_megabytes``: the system's temporary folder (DuckDB's
    default, ``.tmp`` in the working directory, would be the project folder)."""
    return Path(tempfile.gettempdir()) / "sectorscope-duckdb-spill"


def app_mode() -> str:
    """``staff`` (all pages, record-level views) or ``public`` (showcase-safe pages, suppression on).

    Set by whoever deploys the app (``$SECTORSCOPE_MODE``); a public deployment must set ``public``.
    """
    mode = os.environ.get("SECTORSCOPE_MODE", "staff").strip().lower()
    return mode if mode in MODES else "public"


@dataclass(frozen=True)
class StaffAllowList:
    """Who counts as staff once signed in: whole e-mail addresses and e-mail domains, both lower-case."""

    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()

    def admits(self, email: str | None) -> bool:
        """Is ``email`` on the list, by its whole address or by its domain (the part after the last ``@``, matched
        exactly: ``a@x.state.gov`` is not admitted by ``state.gov``)?"""
        address = (email or "").strip().lower()
        if "@" not in address:
            return False
        return address in self.emails or address.rsplit("@", 1)[1] in self.domains


def _entries(value: object, name: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValueError(f"[staff] {name} must be a list of strings, e.g. {name} = [\"...\"]; got {value!r}")
    entries = [str(entry).strip().lower() for entry in value]
    return frozenset(entry.lstrip("@") for entry in entries if entry)


def staff_allow_list(section: Mapping[str, object] | None) -> StaffAllowList:
    """The ``[staff]`` section of the app's secrets (``emails = [...]``, ``domains = [...]``) as an allow-list;
    an absent section is an empty list (nobody is staff)."""
    section = section or {}
    return StaffAllowList(_entries(section.get("emails"), "emails"), _entries(section.get("domains"), "domains"))


@dataclass(frozen=True)
class Visitor:
    """Who is looking: the audience that decides the pages and rules (``staff`` or ``public``), and the sign-in
    facts behind it."""

    audience: str
    sign_in_configured: bool = False
    email: str | None = None

    @property
    def is_signed_in(self) -> bool:
        return self.email is not None

    @property
    def is_refused_staff(self) -> bool:
        """Signed in, but not on the staff list: shown the public pages, with a message saying so."""
        return self.sign_in_configured and self.is_signed_in and self.audience == "public"


def visitor_audience(deployment_mode: str, sign_in_configured: bool, allow_list: StaffAllowList,
                     is_signed_in: bool = False, email: str | None = None,
                     email_verified: bool | None = None) -> Visitor:
    """Decide the visitor's audience, the one place that does.

    Without sign-in configured, the deployment's mode (``$SECTORSCOPE_MODE``, see ``app_mode``) decides for every
    visitor, as before. With sign-in configured, a visitor is ``staff`` only when signed in with an address the
    allow-list admits and not marked unverified by the provider (``email_verified`` false); everyone else is
    ``public``. A deployment set to ``public`` stays public for everyone, signed in or not.
    """
    if not sign_in_configured:
        return Visitor(deployment_mode)
    shown_email = ((email or "").strip() or "(no e-mail address)") if is_signed_in else None
    is_staff = (deployment_mode == "staff" and is_signed_in and email_verified is not False
                and allow_list.admits(email))
    return Visitor("staff" if is_staff else "public", True, shown_email)
