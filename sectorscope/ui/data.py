"""Cached access to the active database: one read-only connection per version of the database file, cached query
results keyed on that version, so a load from anywhere (the Data page, the command line, a scheduled job) shows on
every open page at its next rerun."""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from sectorscope import config, db, schema
from sectorscope.ui.result_cache import ResultCache

_BUILD_LOCK = threading.Lock()  # one demo build at a time in this process
# Queries a page starts ahead of fetching them (fetch_later): as many at once as DuckDB answers well side by side here.
_LATER_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sectorscope-fetch-later")
# Query results, bounded in bytes (Streamlit's cache_data bounds only the number of entries): see result_cache.
QUERY_RESULTS = ResultCache(config.cache_megabytes() * 1024 * 1024)
MAP_SHAPES = ResultCache(64 * 1024 * 1024)  # a state's county shapes (~1 MB as GeoJSON): a few states' worth
# Frames worked out from query results by a metrics function (an industry profile: a few hundred rows)
DERIVED_RESULTS = ResultCache(32 * 1024 * 1024)


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(path: str, device: int, inode: int, modified_ns: int, size: int) -> db.ReadOnlyDatabase:
    # Keyed on the file's identity: a load swaps in a new file (new inode), and the next run opens that one in a
    # DuckDB instance of its own. An evicted version is closed once no running query holds it.
    database = db.connect_read_only(Path(path))
    # The file had this identity when the signature was read and has it after opening, so the one opened is that
    # version; a load that swapped in another in between would otherwise have its file kept under the old signature.
    if db.database_signature(Path(path)) != (path, device, inode, modified_ns, size):
        database.close()
        raise db.DatabaseReplaced(f"{path} was replaced while it was being opened")
    return database


def connection(signature: db.FileIdentity) -> db.ReadOnlyDatabase:
    """The read-only connection to the version ``signature`` of the database file. When a load has replaced that
    version before it was opened, a page run starts again (reading the new one); elsewhere ``db.DatabaseReplaced``
    is raised."""
    try:
        return _connection(*signature)
    except db.DatabaseReplaced:
        if get_script_run_ctx(suppress_warning=True) is None:
            raise
        _forget_run_signature()
        st.rerun()  # ends the run on the script's thread; anywhere else it returns, and the error stands
        raise


@st.cache_resource(max_entries=8, show_spinner=False)
def _abandoned_copies_removed(path: str) -> int:
    # Once per database per app process (its start): copies left by killed loads go now, not at the next load.
    # The loader (and its validation library, seconds to import) is imported only when there is a copy to remove.
    if not has_working_copies(Path(path)):
        return 0
    from sectorscope.ingest import load as ingest

    return ingest.remove_abandoned_copies(Path(path))


def has_working_copies(live: Path) -> bool:
    """Is there a load's private copy beside the database (named as ``ingest.load`` names them)?"""
    return any(live.parent.glob(f".{live.name}.loading-*"))


# The signature a page run reads from (session state: (that run's cursors, signature)); see database_signature
_RUN_SIGNATURE = "_sectorscope_run_signature"


def database_signature() -> db.FileIdentity:
    """Signature of the version of the active database this page run reads: the file as it was at the run's first
    question, for the whole run (outside a Streamlit run, the file as it is now).

    Held for the run so every frame of a run comes from one version of the file: a load swapping in a new file while
    a page runs would otherwise give it frames of both, and a frame worked out from the older one (``derived``, a
    kept figure) would be kept under the newer one's signature until evicted. A run is known by the cursors dict
    Streamlit makes afresh at each run's start (``ScriptRunContext.reset``).
    """
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return _signature_now()
    held = st.session_state.get(_RUN_SIGNATURE)
    if held is not None and held[0] is ctx.cursors:
        return held[1]
    signature = _signature_now()
    st.session_state[_RUN_SIGNATURE] = (ctx.cursors, signature)
    return signature


def _forget_run_signature() -> None:
    if get_script_run_ctx(suppress_warning=True) is not None:
        st.session_state.pop(_RUN_SIGNATURE, None)


def _signature_now() -> db.FileIdentity:
    """Signature of the active database now, building the demo database first if there is none (with progress).

    A database made by an older version of the data model is rebuilt when it holds the demo, and refused with what
    to do when it holds a state's own data (its pages would read columns it does not have).
    """
    path = config.database_path()
    _abandoned_copies_removed(str(path))
    signature = db.database_signature(path)
    if signature is not None and _is_current(signature):
        return signature
    if signature is not None:
        status = _cached_query(signature, "dataset_status", ())
        if not bool(status["is_demo"].iloc[0]):
            version = _cached_query(signature, "schema_version", ())
            st.error(f"The database {path.name} was made by a Sectorscope this one cannot read (data model "
                     f"{int(version['schema_version'].iloc[0]) if len(version) else '?'}; this one reads "
                     f"{', '.join(map(str, sorted(schema.READABLE_VERSIONS)))}). Load your files again into a new "
                     "database (on the command line "
                     "`python -m sectorscope load FILE... --db NEW_FILE`); your files are unchanged.")
            st.stop()
        # an old demo: the current one built over it (unless another run has already)
        _wait_for(_demo_build(path, over=signature), "The demo database is from an older version: rebuilding it…")
        return _signature_now()
    _wait_for(_demo_build(path, over=None), "First start: building the synthetic demo database…")
    signature = db.database_signature(path)
    if signature is None:
        st.error(f"Could not create the database at {path}.")
        st.stop()
    return signature


@functools.lru_cache(maxsize=16)  # asked by every query of every run; a version of the file never changes its model
def _is_current(signature: db.FileIdentity) -> bool:
    """Was this version of the file made with a data model this code reads (``schema.READABLE_VERSIONS``)?"""
    version = _cached_query(signature, "schema_version", ())
    return len(version) == 1 and int(version["schema_version"].iloc[0]) in schema.READABLE_VERSIONS


@dataclass
class DemoBuild:
    """A demo database being built on a thread of its own, and how far it is: the runs waiting for it show its
    progress, and a visitor who leaves (closes the tab, reloads the page) leaves it running. Built in the visitor's
    run, it stopped with the run: a reload during the first start's two minutes began it again from nothing."""

    thread: threading.Thread
    fraction: float = 0.0
    message: str = "Starting"
    rows: int = 0
    error: BaseException | None = None


_DEMO_BUILDS: dict[str, DemoBuild] = {}  # by database path: the build under way, while it runs


def _demo_build(path: Path, over: db.FileIdentity | None) -> DemoBuild | None:
    """The demo build at ``path`` under way, else one started now if the file there is still ``over`` (None: no
    file), else None (another run has built it)."""
    from sectorscope.sources.builder import build_demo_database

    with _BUILD_LOCK:
        running = _DEMO_BUILDS.get(str(path))
        if running is not None:
            return running
        if db.database_signature(path) != over:
            return None

        def build() -> None:
            def report(fraction: float, message: str) -> None:
                job.fraction, job.message = min(max(fraction, 0.0), 1.0), message

            try:
                job.rows = sum(build_demo_database(path, progress=report).rows.values())
            except BaseException as error:  # shown to every run waiting for it
                job.error = error
            finally:
                with _BUILD_LOCK:
                    _DEMO_BUILDS.pop(str(path), None)

        # a daemon: a server stopped mid-build does not wait for it; its copy is swept at the next build's start
        job = DemoBuild(threading.Thread(target=build, name="sectorscope-demo-build", daemon=True))
        _DEMO_BUILDS[str(path)] = job
        try:
            job.thread.start()
        except BaseException:
            _DEMO_BUILDS.pop(str(path), None)  # never started: not a build under way for ever
            raise
        return job


DEMO_PROGRESS_SECONDS = 0.25  # how often a waiting run shows the build's progress


def _wait_for(job: DemoBuild | None, label: str) -> None:
    """Show ``job``'s progress under ``label`` until it is done (nothing when None); its error, if it failed."""
    if job is None:
        return
    with st.status(label, expanded=True) as status:
        bar = st.progress(0.0)
        while job.thread.is_alive():
            bar.progress(job.fraction, text=job.message)
            job.thread.join(DEMO_PROGRESS_SECONDS)
        if job.error is not None:
            status.update(label="The demo database could not be built.", state="error")
            raise RuntimeError(f"The demo database could not be built: {job.error}") from job.error
        status.update(label=f"Demo database ready ({job.rows:,} rows).", state="complete", expanded=False)


def _cached_query(signature: db.FileIdentity, name: str, params: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    # Keyed on the file's version: a load makes a new signature, and the old version's results age out of the LRU.
    # A shallow copy per caller: with pandas' copy-on-write a caller changing its frame never changes the kept one.
    return _kept_query(lambda: connection(signature), signature, name, params).copy(deep=False)


def _kept_query(connect: Callable[[], db.ReadOnlyDatabase], signature: db.FileIdentity, name: str,
                params: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    bound = {key: list(value) if isinstance(value, tuple) else value for key, value in params}
    return QUERY_RESULTS.get_or_compute((signature, name, params), lambda: db.run_query(connect(), name, **bound))


def params_key(params: dict[str, object]) -> tuple[tuple[str, object], ...]:
    """Query parameters as a cache key: sorted by name, lists as tuples."""
    return tuple(sorted((key, tuple(value) if isinstance(value, list | tuple) else value)
                        for key, value in params.items()))


def fetch(name: str, **params: object) -> pd.DataFrame:
    """Result of ``queries/<name>.sql`` with ``params`` bound, cached per database file and parameters.

    Each call gets its own (copy-on-write) frame: changing it does not change what other reruns get. A query started
    ahead by ``fetch_later`` with the same name and parameters is waited for, not run again.
    """
    return _cached_query(database_signature(), name, params_key(params))


def derived(name: str, depends_on: Hashable, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """A frame worked out from query results (``compute``, a metrics function on fetched frames), kept per database
    version, ``name`` and ``depends_on`` (every value it is made from besides the database), so a filter change it
    does not depend on reuses it: the Industry page's profile of an area is the same whatever sector or years the
    sidebar holds. Each call gets its own (copy-on-write) frame, as ``fetch`` does."""
    return DERIVED_RESULTS.get_or_compute((database_signature(), name, depends_on), compute).copy(deep=False)


@dataclass(frozen=True)
class LaterResult:
    """A query started by ``fetch_later``: ``result()`` is what ``fetch`` with the same name and parameters gives."""

    name: str
    params: dict[str, object]

    def result(self) -> pd.DataFrame:
        """The query's result: kept already, or waited for while a worker runs it, or run now."""
        return fetch(self.name, **self.params)


def fetch_later(name: str, **params: object) -> LaterResult:
    """Start ``queries/<name>.sql`` with ``params`` in the background (two queries at a time) and return at once;
    ``.result()`` gives what ``fetch`` would. While the script works on what it already has, the database answers
    the rest.

    Most of a small query is DuckDB planning it on one core with Python's lock released, so two at once take about
    half as long on two cores (the Overview's nine on the demo: 75 -> 42 ms). A query the page asks for before a
    worker has begun it is run by the page itself (the worker then finds it kept), so a busy pool never delays a page.
    For small queries only: a large one (the Worker page's groups at a large state's scale) already keeps every core
    busy, so starting it early gains nothing, and one started for a view the user leaves at once still runs to its end.
    """
    signature = database_signature()
    opened = connection(signature)  # resolved here: the workers have no Streamlit script context
    _LATER_POOL.submit(_kept_query, lambda: opened, signature, name, params_key(params))
    return LaterResult(name, params)


def _state_maps(signature: db.FileIdentity, state_fips: str) -> tuple[dict, dict]:
    return MAP_SHAPES.get_or_compute((signature, state_fips), lambda: _build_state_maps(signature, state_fips))


def _build_state_maps(signature: db.FileIdentity, state_fips: str) -> tuple[dict, dict]:
    from sectorscope.sources import geo

    counties = _cached_query(signature, "state_counties", (("state_fips", state_fips),))
    regions = _cached_query(signature, "regions", ())
    region_counties = regions[["region_id", "county_fips"]].explode("county_fips")
    region_counties = region_counties[region_counties["county_fips"].isin(counties["county_fips"])]
    return geo.feature_collection(counties), geo.region_outlines(counties, region_counties)


def state_geojson(state_fips: str) -> dict:
    """The map area's county boundaries as a GeoJSON FeatureCollection (feature id = county FIPS, each with a
    ``bbox``), cached: the state's counties plus other states' counties a region or partnership names."""
    return _state_maps(database_signature(), state_fips)[0]


def region_outlines_geojson(state_fips: str) -> dict:
    """The outlines of the regions on the map area (across state lines too) as a GeoJSON FeatureCollection, cached."""
    return _state_maps(database_signature(), state_fips)[1]


UPLOADS_KEPT_SECONDS = 24 * 3600  # large uploads left on disk (a session closed before loading) go a day later


def uploads_dir() -> Path:
    """The folder of large uploads written to disk: the app's own, beside its databases (never the shared temporary
    folder: the files hold people's records), readable by the app's user alone."""
    folder = config.data_dir() / "uploads"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def read_large_upload(name: str, data: bytes, table: str, mode: str, encoding: str | None = None):
    """A large CSV upload of a table checked as a stream (``readers.may_stream``), written to disk and read as the
    command line reads a file (``readers.read_paths``): checked chunk by chunk and loaded through DuckDB, never parsed
    whole (an 87 MB upload took the server to 2.2 GB, about 25 times its size; the command line 0.78 GB).

    Its folder is named by the content's SHA-256 (nothing the browser sends names a path), the file keeps the
    upload's own name for the report (its last part only), readable by the app's user alone; ``forget_upload``
    removes it after the load, and uploads written more than a day ago go with the next large upload."""
    import hashlib
    import shutil
    import time

    root = uploads_dir()
    for old in root.iterdir():
        with contextlib.suppress(FileNotFoundError):  # another session may be removing it too
            if time.time() - old.stat().st_mtime > UPLOADS_KEPT_SECONDS:
                shutil.rmtree(old, ignore_errors=True)
    file_name = Path(name).name if Path(name).name not in ("", ".", "..") else "upload.csv"
    path = root / hashlib.sha256(data).hexdigest() / file_name
    if not path.exists() or path.stat().st_size != len(data):
        path.parent.mkdir(mode=0o700, exist_ok=True)
        written = path.with_name(path.name + f".{os.getpid()}-{threading.get_ident()}.part")
        with open(os.open(written, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as file:
            file.write(data)
        os.replace(written, path)  # whole or not there: a session reading it never sees half a file
    # its time of writing in the key: written again after the day's sweep, the cached read pointed at its copy of
    # rows to check, gone with the folder (the preview failed: a code reviewer)
    return _read_written_upload(str(path), len(data), table, mode, encoding, path.stat().st_mtime_ns)


def forget_upload(staged_path: Path) -> None:
    """Remove a large upload written by ``read_large_upload`` (after its load: the database holds its rows now)."""
    import shutil

    folder = Path(staged_path).parent
    if folder.parent == uploads_dir():
        shutil.rmtree(folder, ignore_errors=True)
        _read_written_upload.clear()


@st.cache_data(max_entries=8, show_spinner="Reading the file…")
def _read_written_upload(path: str, size: int, table: str, mode: str, encoding: str | None, written_ns: int):
    """``readers.read_paths`` of one written upload, cached by its path, size and time of writing (``written_ns``; a
    copy of its rows to check beside refused ones written in its folder, and gone with it)."""
    from sectorscope.ingest import readers

    return readers.read_paths([Path(path)], table, mode, encoding, scratch=Path(path).parent)


@st.cache_data(max_entries=8, show_spinner="Reading the file…")
def read_upload(name: str, data: bytes, table: str | None, mode: str, encoding: str | None = None):
    """An uploaded file read into tables (cached by content, so reruns do not parse it again); ``encoding``
    declares a CSV's encoding when it is not UTF-8 (never guessed)."""
    from sectorscope.ingest import readers

    return readers.read_upload(name, data, table, mode, encoding)


def forget_cached_data() -> None:
    """Drop every cached query result and connection, after a load or a switch of the active database."""
    st.cache_data.clear()
    QUERY_RESULTS.clear()
    MAP_SHAPES.clear()
    DERIVED_RESULTS.clear()
    _connection.clear()
    _forget_run_signature()  # what this run reads next is the file as it is now
