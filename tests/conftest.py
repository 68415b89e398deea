"""Shared fixtures: real DuckDB files built in temporary folders (a tiny hand-made state and the demo)."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import browser, page, server  # noqa: F401  (fixtures shared by every browser test module)
from tiny_state import tiny_tables

from sectorscope.ingest import load as ingest

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory) -> Path:
    """A database holding the tiny state (three Pennsylvania counties), loaded through the validating loader."""
    path = tmp_path_factory.mktemp("tiny") / "tiny.duckdb"
    inputs = [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tiny_tables().items()]
    ingest.load_batch(path, inputs, state_fips="42")
    return path


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The synthetic demo database, built once per test session."""
    from sectorscope.sources.builder import build_demo_database

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo_database(path)
    return path


def pytest_collection_modifyitems(items):
    """Mark tests by what they cost, so ``pytest -m "not browser and not slow"`` is the fast loop: browser tests by
    their module's name, slow ones by their use of the demo database."""
    for item in items:
        if item.path.name.startswith("test_browser"):
            item.add_marker(pytest.mark.browser)
        if "demo_db" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(autouse=True)
def fresh_streamlit_caches(request):
    """Page tests share one process: clear Streamlit's caches around each, so no test sees another's database."""
    if not request.node.path.name.startswith("test_pages"):
        yield
        return
    import streamlit as st

    from sectorscope.ui.data import QUERY_RESULTS

    st.cache_data.clear()
    st.cache_resource.clear()
    QUERY_RESULTS.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    QUERY_RESULTS.clear()
