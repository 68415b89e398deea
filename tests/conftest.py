"""Shared fixtures: real DuckDB files built in temporary folders (a tiny hand-made state and the demo).

Each shared database is built once per test run, also when pytest-xdist runs the tests in several worker processes
(``tests/run.sh`` does): the first worker to need it builds it under a file lock, the others open the same file. The
demo, the costliest, is kept between runs while what it is made from stays the same (``demo_key``). Tests only read
these files; a test that writes copies one first (``database_copy``).
"""

from __future__ import annotations

import dataclasses
import functools
import getpass
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from browser_support import app_context, browser, page, server  # noqa: F401  (fixtures shared by every browser test module)
from filelock import FileLock
from hypothesis import settings
from tiny_state import tiny_tables

from sectorscope.ingest import load as ingest

# Speed is measured in benchmarks, not in tests: Hypothesis's 200 ms deadline per example failed a property test on a
# busy machine (261 ms, a deployment reviewer's run beside others), a timed test in all but name.
settings.register_profile("sectorscope", deadline=None)
settings.load_profile("sectorscope")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def built_once(tmp_path_factory, name: str, build: Callable[[Path], object]) -> Path:
    """The database ``name`` written by ``build(path)`` once for this test run, shared by every xdist worker."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        path = tmp_path_factory.mktemp(name) / f"{name}.duckdb"
        build(path)
        return path
    folder = tmp_path_factory.getbasetemp().parent / f"shared-{name}"  # the run's folder, above each worker's
    folder.mkdir(exist_ok=True)
    path, done = folder / f"{name}.duckdb", folder / "built"
    with FileLock(str(folder / "build.lock")):
        if not done.exists():
            build(path)
            done.touch()
    return path


def _load_tiny_state(path: Path) -> None:
    inputs = [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tiny_tables().items()]
    ingest.load_batch(path, inputs, state_fips="42")


DEMO_COMMAND_LOG = "demo-command.json"  # beside the demo database: how the command that built it ended
STALE_AFTER_S = 24 * 3600  # a kept demo of other sources is removed after a day (another checkout may use it)


def _build_demo(path: Path) -> None:
    """The demo database made by the command a user runs (``python -m sectorscope demo --db PATH``, in this process),
    its exit code and output kept beside it for ``tests/test_cli.py`` (``demo_command_log``)."""
    from cli_support import run_cli

    ran = run_cli("demo", "--db", str(path))
    (path.parent / DEMO_COMMAND_LOG).write_text(json.dumps(dataclasses.asdict(ran)))
    if ran.returncode != 0:
        raise RuntimeError(f"python -m sectorscope demo failed ({ran.returncode}): {ran.stderr[-2000:]}")


# What the demo database is made from: the package (generator, loader, release), the SQL, how this file builds it,
# and the libraries whose versions can change what gets written. Any change to them is a new key, so a stale file is
# never reused.
DEMO_INPUTS = (ROOT / "sectorscope", ROOT / "queries", ROOT / "tests" / "conftest.py",
               ROOT / "tests" / "cli_support.py")
DEMO_LIBRARIES = ("duckdb", "pandas", "numpy", "pyarrow", "highspy", "scipy", "shapely", "geopandas")


def demo_key() -> str:
    """A digest of everything that goes into the demo database (``DEMO_INPUTS``' files and ``DEMO_LIBRARIES``'
    versions)."""
    digest = hashlib.sha256(sys.version.encode())
    for library in DEMO_LIBRARIES:
        digest.update(f"{library}=={importlib.metadata.version(library)}".encode())
    for folder in DEMO_INPUTS:
        files = [folder] if folder.is_file() else folder.rglob("*")
        for file in sorted(path for path in files if path.is_file() and "__pycache__" not in path.parts):
            digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


DEMO_CACHE = Path(tempfile.gettempdir()) / f"sectorscope-tests-{getpass.getuser()}"  # one per user of the machine


def _demo_folder() -> Path:
    return DEMO_CACHE / f"demo-{demo_key()}"


def demo_is_built() -> bool:
    """Whether the demo database for the current sources is there already."""
    return (_demo_folder() / "built").exists()


def demo_built_for_these_sources() -> Path:
    """The demo database for the current sources, built once and kept between test runs.

    ``tests/run.sh`` runs pytest twice (the browser tests apart) and a developer runs it again and again; the demo
    took about 55 s to build each time. Kept in the temporary folder under ``demo_key()``; older keys are removed.
    Tests only read it, as they read every shared database."""
    folder = _demo_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path, done = folder / "demo.duckdb", folder / "built"
    with FileLock(str(folder / "build.lock")):
        if not done.exists():
            for leftover in folder.iterdir():  # of a build stopped midway (pytest_sessionfinish)
                if leftover.is_dir():  # a load's spill folder: IsADirectoryError failed every later run's build
                    shutil.rmtree(leftover)
                elif leftover.name != "build.lock":
                    leftover.unlink()
            _build_demo(path)
            done.touch()
            for stale in DEMO_CACHE.glob("demo-*"):
                if stale != folder and time.time() - stale.stat().st_mtime > STALE_AFTER_S:
                    shutil.rmtree(stale, ignore_errors=True)
    return path


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory) -> Path:
    """A database holding the tiny state (three Pennsylvania counties), loaded through the validating loader."""
    return built_once(tmp_path_factory, "tiny", _load_tiny_state)


def _load_zero_grant_state(path: Path) -> None:
    tables = tiny_tables()
    tables["grants"] = tables["grants"].assign(amount_usd=["100000", "300000", "0"])  # G3: York-Chester Makers'
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()],
                      state_fips="42")


@pytest.fixture(scope="session")
def zero_grant_db(tmp_path_factory) -> Path:
    """The tiny state with York-Chester Makers' one grant (G3, 2017) of $0: a grant on record that brought no
    dollars, beside Lancaster Health Careers' $100K (2016) and $300K (2017)."""
    return built_once(tmp_path_factory, "zero-grant", _load_zero_grant_state)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The synthetic demo database, built once for the current sources (``demo_built_for_these_sources``)."""
    return demo_built_for_these_sources()


@pytest.fixture(scope="session")
def demo_command_log(demo_db) -> dict:
    """How the ``demo`` command that built ``demo_db`` ended: ``returncode``, ``stdout`` and ``stderr``."""
    return json.loads((demo_db.parent / DEMO_COMMAND_LOG).read_text())


def _load_adversarial_state(path: Path) -> None:
    from adversarial_state import STATE, adversarial_tables

    inputs = [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in adversarial_tables().items()]
    ingest.load_batch(path, inputs, state_fips=STATE)


@pytest.fixture(scope="session")
def adversarial_db(tmp_path_factory) -> Path:
    """The adversarial small state of issue 10, loaded through the validating loader (which builds the release)."""
    return built_once(tmp_path_factory, "adversarial", _load_adversarial_state)


@pytest.fixture
def query_log(monkeypatch) -> list[tuple[str, dict]]:
    """Every (query name, bound values) run through ``db.run_query`` during the test."""
    from sectorscope import db

    ran: list[tuple[str, dict]] = []
    real = db.run_query

    def recording(con, name, **params):
        ran.append((name, params))
        return real(con, name, **params)

    monkeypatch.setattr(db, "run_query", recording)
    return ran


@pytest.fixture
def database_copy(tmp_path) -> Callable[..., Path]:
    """A writable copy of a shared database in the test's own folder: ``database_copy(tiny_db)``, or with a name
    (``database_copy(tiny_db, "live.duckdb")``)."""

    def copy(source: Path, name: str = "live.duckdb") -> Path:
        path = tmp_path / name
        shutil.copyfile(source, path)
        return path

    return copy


@pytest.fixture
def live_db(tiny_db, database_copy) -> Path:
    """A private copy of the tiny database that a test may try to change."""
    return database_copy(tiny_db)


# Modules whose every test is slow for what it does, not for how it is written: they start other processes, kill
# or race loads, read every real public file in ../shared, or search at random. The whole suite runs them; the fast
# loop leaves them out.
SLOW_MODULES = {
    "test_concurrent_loads.py": "two loads at once from separate processes, and loads killed while they wait",
    "test_ingest_robustness.py": "corrupt batches and a load killed at many points",
    "test_live_reload.py": "loads swapped in by a CLI process under an open reader",
    "test_startup_imports.py": "pages run in a fresh interpreter",
    "test_load_bounded.py": "files larger than a loader chunk",
    "test_fuzz_loads.py": "a sample of the fuzz corpus through the loader",
    "test_release_attacker.py": "linear-program attacks on whole releases, random small states",
    "test_release_attacker_demo.py": "the demo's published release attacked whole",
    "test_release_dates.py": "dated small states protected and attacked whole, the demo's partnership dates",
    "test_release_dates_joint.py": "dated small states read by an independent table of county x partnership x year",
    "test_qcew_real.py": "every Pennsylvania QCEW file of 2016 and BLS's published LQs",
    "test_qcew_annual_preferred.py": "real QCEW quarterly and annual files loaded in both orders",
    "test_pages_multistate.py": "Pennsylvania's and New York's real QCEW loaded together",
    "test_pages_industry_colorado.py": "every Colorado QCEW file",
    "test_colorado_registry.py": "Colorado's real partnership list through its mapping",
}

# The module that takes longest on one worker of the non-browser run (measured with --durations): started first of
# all. (The browser tests run one at a time, where order changes nothing.)
LONGEST_MODULES = ("test_release_attacker.py",)


def pytest_collection_modifyitems(items):
    """Mark tests by what they cost, so ``pytest -m "not browser and not slow"`` is the fast loop: browser tests by
    their module's name; slow ones by their use of the demo database or by their module (``SLOW_MODULES``)."""
    for item in items:
        if item.path.name.startswith("test_browser"):
            item.add_marker(pytest.mark.browser)
        if "demo_db" in getattr(item, "fixturenames", ()) or item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
    # Longest first: modules holding a slow or browser test start before the quick ones, so a run on several
    # workers (tests/run.sh) does not end with one worker alone on a long module while the others sit idle.
    # Stable, so each module keeps its order; every worker collects the same order, as pytest-xdist requires.
    # Among the long modules, those that need the demo database come last: the controller starts building it at
    # once (``pytest_sessionstart``), and the workers run the others meanwhile instead of waiting for it.
    long_modules = {item.path for item in items
                    if item.get_closest_marker("slow") or item.get_closest_marker("browser")}
    demo_modules = {item.path for item in items if "demo_db" in getattr(item, "fixturenames", ())}
    items.sort(key=lambda item: (item.path.name not in LONGEST_MODULES, item.path not in long_modules,
                                 item.path in demo_modules))


_demo_builder: subprocess.Popen | None = None


def pytest_sessionstart(session):
    """In the controller of a parallel run (``tests/run.sh``) that may need the demo database and has none for the
    current sources: build it in another process from the start, while the workers run the tests that do not need
    it. (Building it in the first worker to ask made the other wait for it, about 50 s.) Not in the fast loop."""
    config = session.config
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    if "not slow" in (config.option.markexpr or "") or demo_is_built():
        return
    global _demo_builder
    build = "import sys; sys.path[:0] = ['tests', '.']; import conftest; conftest.demo_built_for_these_sources()"
    _demo_builder = subprocess.Popen([sys.executable, "-c", build], cwd=ROOT)


def pytest_sessionfinish(session):
    """A run that ended before the demo was built (a few tests chosen, or stopped early) stops building it: the next
    build starts afresh, as no ``built`` mark was left."""
    if _demo_builder is not None and _demo_builder.poll() is None:
        _demo_builder.terminate()
        _demo_builder.wait()
    elif _demo_builder is not None and _demo_builder.returncode != 0:  # the fixture built it instead: say why
        session.config.get_terminal_writer().line(
            f"The demo database's build in the background failed (exit {_demo_builder.returncode}); see above.",
            yellow=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session", autouse=True)
def streamlit_components_scanned_once():
    """Each new ``AppTest`` scans the metadata of every installed package for Streamlit components (about 0.2 s
    here: test_pages_absent's 27 tests went from 26.3 to 21.7 s); the installed packages cannot change during a test
    run, so each test process scans once and every AppTest gets the same, real result."""
    from streamlit.components.v2 import manifest_scanner

    patch = pytest.MonkeyPatch()
    patch.setattr(manifest_scanner, "scan_component_manifests",
                  functools.cache(manifest_scanner.scan_component_manifests))
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def fresh_streamlit_caches(request):
    """Page tests share one process: clear Streamlit's caches around each, so no test sees another's database."""
    if not request.node.path.name.startswith("test_pages"):
        yield
        return
    import streamlit as st

    from sectorscope.ui.data import DERIVED_RESULTS, QUERY_RESULTS

    st.cache_data.clear()
    st.cache_resource.clear()
    QUERY_RESULTS.clear()
    DERIVED_RESULTS.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    QUERY_RESULTS.clear()
    DERIVED_RESULTS.clear()
