"""Running the app's pages in tests (and benchmarks) with Streamlit's ``AppTest``, as the server runs them.

Every page runs inside the app whose entry point is ``app.py`` (page links resolve against it), as in the browser.

``app_test`` makes each ``AppTest`` share one registry of installed Streamlit components per process. A new
``AppTest`` otherwise scans the metadata of every installed package for components before its first run (about
0.25 s here, a quarter of a typical page test's time), where the server scans once when it starts. The app
declares no components of its own, so one scan per process finds what every test would find.
"""

from __future__ import annotations

from functools import cache

from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.testing.v1 import AppTest

from sectorscope.config import PROJECT_ROOT

APP = PROJECT_ROOT / "app.py"


@cache
def component_registry() -> BidiComponentManager:
    """The installed components, scanned once per process (as ``AppTest`` scans them for each new instance)."""
    registry = BidiComponentManager()
    registry.discover_and_register_components(start_file_watching=False)
    return registry


def app_test(timeout: float = 60) -> AppTest:
    """An ``AppTest`` of the app (not run yet), sharing this process's component registry.

    ``_bidi_component_manager`` is where ``AppTest`` keeps the registry it scanned on its first run (Streamlit
    1.67); ``tests/test_page_support.py`` fails if a new Streamlit stops reading it from there.
    """
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at._bidi_component_manager = component_registry()
    return at


def open_page(path: str, db, monkeypatch, mode: str = "staff", **params) -> AppTest:
    """Page ``path`` of the app on database ``db``, opened with link parameters ``params`` and run, as a visitor
    following a link to it (only that page's script runs, as in the browser); fails on any exception."""
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    monkeypatch.setenv("SECTORSCOPE_MODE", mode)
    at = app_test()
    for name, value in params.items():
        at.query_params[name] = value
    if path != "app.py":
        at.switch_page(path)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def link_values(at: AppTest, name: str) -> list[str]:
    """The values of link parameter ``name`` as the page left them."""
    value = at.query_params.get(name, [])
    return list(value) if isinstance(value, list | tuple) else [value]


def metrics_of(at: AppTest) -> dict[str, str]:
    """Every headline card on the page: label → value as shown."""
    return {metric.label: metric.value for metric in at.metric}
