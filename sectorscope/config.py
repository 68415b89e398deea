"""Settings read from the environment, each in one place with its default."""

from __future__ import annotations

import functools
import math
import os
import stat
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
UPLOAD_SETTING = "SECTORSCOPE_MAX_UPLOAD_MB"


@dataclass(frozen=True)
class NumberSetting:
    """A number a deployment may set in the environment: its default, the least value taken, whether it is whole,
    and what a value below the least becomes (the least, or the default where the least is no safe value: a privacy
    threshold of 0 became 1, publishing every count)."""

    name: str
    default: float
    least: float
    whole: bool = True
    below_least_is_default: bool = False

    def read(self, environ: Mapping[str, str] | None = None) -> tuple[str, float | None, float]:
        """The raw text, the number it reads as (None if none), and the value used, from ``environ`` (this
        process's environment when None)."""
        raw = (os.environ if environ is None else environ).get(self.name, "").strip()
        try:
            given: float | None = int(raw) if self.whole else float(raw)  # int() reads "+5", "0100", "1_000"
        except ValueError:
            given = None
        if given is not None and given != given:  # NaN
            given = None
        if given is None:
            return raw, None, self.default
        if given >= self.least:
            return raw, given, given
        return raw, given, self.default if self.below_least_is_default else self.least


def number_setting(name: str) -> float:
    """The value of the environment setting ``name`` (one of ``NUMBER_SETTINGS``): as given, or as its
    ``NumberSetting`` says when unset, not a number or too small; ``setting_problems`` says which was not taken."""
    return NUMBER_SETTINGS[name].read()[2]


def setting_problems() -> list[str]:
    """Each number setting not taken as given, in words, and a privacy threshold that protects no one: the app shows
    them to staff and the command line prints them, so a mistyped setting is never silently replaced."""
    problems = []
    for setting in NUMBER_SETTINGS.values():
        raw, given, used = setting.read()
        if raw and given != used:
            kind = "a whole number" if setting.whole else "a number"
            shown = f"{int(used):,}" if setting.whole else f"{used:,g}"
            problems.append(f"{setting.name}={raw!r} is not {kind} of at least {setting.least:g}: {shown} is used.")
    if min_cell_size() == 1:
        problems.append(f"{MIN_CELL_SETTING}=1: the public release protects no one (every count, however small, is "
                        "published). Unset it for the default of 10.")
    return problems


def min_cell_size() -> int:
    """Smallest number of people a public statistic may rest on (``$SECTORSCOPE_MIN_CELL``, default 10)."""
    return int(number_setting(MIN_CELL_SETTING))


def cache_megabytes() -> int:
    """Memory budget of the query-result cache, in MB (``$SECTORSCOPE_CACHE_MB``, default 256, at least 1).

    The cache keeps recently used results up to this size and drops the least recently used beyond it, so the
    server's memory does not grow with the number of distinct views people open."""
    return int(number_setting("SECTORSCOPE_CACHE_MB"))


def duckdb_megabytes() -> int:
    """Most memory DuckDB may use per read connection, in MB (``$SECTORSCOPE_DUCKDB_MB``, default 1,024, at least
    64). DuckDB's own default is 80% of the machine's memory per instance, and the app holds one instance per open
    version of the database (two at most), so a large query could take the server past any budget. Past the limit
    DuckDB spills sorts, joins and groupings to ``duckdb_spill_dir``; what cannot spill fails with an out-of-memory
    error rather than the machine running out. The demo's pages use about 10 MB at rest."""
    return int(number_setting("SECTORSCOPE_DUCKDB_MB"))


# Every number a deployment may set, in one place (the readers, loads and dates read theirs from here)
NUMBER_SETTINGS = {setting.name: setting for setting in (
    NumberSetting(MIN_CELL_SETTING, DEFAULT_MIN_CELL_SIZE, 1, below_least_is_default=True),
    NumberSetting("SECTORSCOPE_CACHE_MB", DEFAULT_CACHE_MEGABYTES, 1),
    NumberSetting("SECTORSCOPE_DUCKDB_MB", DEFAULT_DUCKDB_MEGABYTES, 64),
    NumberSetting("SECTORSCOPE_MAX_ROWS", 20_000_000, 1, below_least_is_default=True),
    NumberSetting("SECTORSCOPE_MAX_READ_SECONDS", 600.0, 0.001, whole=False, below_least_is_default=True),
    NumberSetting(UPLOAD_SETTING, 200.0, 0.001, whole=False, below_least_is_default=True),
    NumberSetting("SECTORSCOPE_MAX_YEARS_AHEAD", 30, 0),
    NumberSetting("SECTORSCOPE_LOAD_WAIT_SECONDS", 600.0, 0.0, whole=False),
    NumberSetting("SECTORSCOPE_LOAD_MEMORY_MB", 400, 0),  # 0: DuckDB's own limit
)}


def streamlit_upload_megabytes(environ: Mapping[str, str] | None = None) -> int:
    """Streamlit's ``server.maxUploadSize`` that takes every file ``$SECTORSCOPE_MAX_UPLOAD_MB`` allows: the setting
    rounded up to a whole MB (Streamlit's MB, like Sectorscope's, are 1,048,576 bytes), from ``environ`` (this
    process's environment when None). Below it, Streamlit refused the file without a word from Sectorscope."""
    return max(1, math.ceil(NUMBER_SETTINGS[UPLOAD_SETTING].read(environ)[2]))


def upload_limit_problem(streamlit_megabytes: int) -> str:
    """What to do when Streamlit's ``server.maxUploadSize`` (``streamlit_megabytes``) is below
    ``$SECTORSCOPE_MAX_UPLOAD_MB``, in words, or "" when it takes every file the setting allows."""
    needed = streamlit_upload_megabytes()
    if streamlit_megabytes >= needed:
        return ""
    return (f"{UPLOAD_SETTING} allows files up to {number_setting(UPLOAD_SETTING):,g} MB, but Streamlit takes "
            f"{streamlit_megabytes:,} MB at most (server.maxUploadSize): a larger file is refused before Sectorscope "
            f"sees it. Start the app with `streamlit run app.py --server.maxUploadSize {needed}` (or "
            f"STREAMLIT_SERVER_MAX_UPLOAD_SIZE={needed}); `python -m deploy.replicas` sets both from the one setting.")


def duckdb_spill_dir() -> Path:
    """Where DuckDB's read connections spill beyond ``duckdb_megabytes`` (DuckDB's default, ``.tmp`` in the working
    directory, would be the project folder): a folder of this user's own in the system's temporary folder, made
    0700, since what spills is people's records. The temporary folder is everyone's: a folder of that name that is
    not this user's own directory closed to others (made by another user, planted as a link, opened up) is not used;
    a new private one is (one name for every user, taking the umask, left them readable to all: a reviewer)."""
    folder = Path(tempfile.gettempdir()) / f"sectorscope-duckdb-spill-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        found = folder.lstat()
        if stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid() and not found.st_mode & 0o077:
            return folder
    except OSError:
        pass
    return _private_spill_dir()


@functools.cache
def _private_spill_dir() -> Path:
    """A spill folder only this process knows of (0700, as ``mkdtemp`` makes it), where the usual one is not safe."""
    return Path(tempfile.mkdtemp(prefix="sectorscope-duckdb-spill-"))


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
    # why nobody can sign in (the deployment's secrets cannot be read): everyone gets the public pages, told so
    settings_problem: str | None = None

    @property
    def is_signed_in(self) -> bool:
        return self.email is not None

    @property
    def is_refused_staff(self) -> bool:
        """Signed in, but not on the staff list: shown the public pages, with a message saying so."""
        return self.sign_in_configured and self.is_signed_in and self.audience == "public"


AUTH_KEYS = ("redirect_uri", "cookie_secret")  # what Streamlit's sign-in needs in [auth] itself
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")  # and in [auth], or in each [auth.<provider>]


def missing_auth_settings(auth: Mapping[str, object]) -> list[str]:
    """What an [auth] table of the secrets lacks for Streamlit's sign-in (OpenID Connect), as "auth.client_secret"
    (or "auth.okta.client_secret" for the one named provider, ``login_provider``), in order; [] when complete. With
    several named providers and none by default, the default's keys are missing: the one sign-in button asks for the
    default (Streamlit then refused every sign-in that these settings let through: a code reviewer)."""
    missing = [f"auth.{key}" for key in AUTH_KEYS if not auth.get(key)]
    provider = login_provider(auth)
    if provider is None:
        return missing + [f"auth.{key}" for key in PROVIDER_KEYS if not auth.get(key)]
    settings = auth[provider]
    return missing + [f"auth.{provider}.{key}" for key in PROVIDER_KEYS
                      if not (isinstance(settings, Mapping) and settings.get(key))]


def login_provider(auth: Mapping[str, object]) -> str | None:
    """The provider the sign-in button asks Streamlit for: None for the default (its keys in [auth] itself), else the
    name of the one provider table ([auth.okta]) where [auth] names no provider keys of its own and has one."""
    providers = [name for name, value in auth.items() if isinstance(value, Mapping)]
    if any(auth.get(key) for key in PROVIDER_KEYS) or len(providers) != 1:
        return None
    return providers[0]


def visitor_audience(deployment_mode: str, sign_in_configured: bool, allow_list: StaffAllowList,
                     is_signed_in: bool = False, email: str | None = None,
                     email_verified: bool | None = None, settings_problem: str | None = None) -> Visitor:
    """Decide the visitor's audience, the one place that does.

    Without sign-in configured, the deployment's mode (``$SECTORSCOPE_MODE``, see ``app_mode``) decides for every
    visitor, as before. With sign-in configured, a visitor is ``staff`` only when signed in with an address the
    allow-list admits and not marked unverified by the provider (``email_verified`` false); everyone else is
    ``public``. A deployment set to ``public`` stays public for everyone, signed in or not. Where the deployment's
    secrets are there but cannot be read (``settings_problem``: a typo in a running deployment's secrets.toml), sign-in
    counts as configured and broken: everyone is ``public`` (read as "no sign-in configured", it made every visitor
    staff: a reviewer).
    """
    if not sign_in_configured:
        return Visitor(deployment_mode)
    if settings_problem is not None:  # the settings are there but cannot be read: fail closed, never open
        return Visitor("public", True, None, settings_problem)
    shown_email = ((email or "").strip() or "(no e-mail address)") if is_signed_in else None
    is_staff = (deployment_mode == "staff" and is_signed_in and email_verified is not False
                and allow_list.admits(email))
    return Visitor("staff" if is_staff else "public", True, shown_email)
