"""Running the app's pages in tests (and benchmarks) with Streamlit's ``AppTest``, as the server runs them.

Every page runs inside the app whose entry point is ``app.py`` (page links resolve against it), as in the browser.

``app_test`` makes each ``AppTest`` share one registry of installed Streamlit components per process. A new
``AppTest`` otherwise scans the metadata of every installed package for components before its first run (about
0.25 s here, a quarter of a typical page test's time), where the server scans once when it starts. The app
declares no components of its own, so one scan per process finds what every test would find.

The ``AppTest``s of a process also share one cache of compiled scripts. ``AppTest`` makes a new one for every run,
so each run parsed, rewrote (Streamlit's "magic") and compiled ``app.py`` and the page again: about a tenth of
the page tests' time. The server compiles each script once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import cache

from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest, local_script_runner
from streamlit.testing.v1 import app_test as app_test_module

from sectorscope.charts.describe import plain_text
from sectorscope.config import PROJECT_ROOT

APP = PROJECT_ROOT / "app.py"


@cache
def component_registry() -> BidiComponentManager:
    """The installed components, scanned once per process (as ``AppTest`` scans them for each new instance)."""
    registry = BidiComponentManager()
    registry.discover_and_register_components(start_file_watching=False)
    return registry


@cache
def script_cache() -> ScriptCache:
    """The compiled scripts of this process, shared by its ``AppTest`` runs as a server's sessions share one."""
    return ScriptCache()


# ``AppTest.run`` and its script runner each make a new ``ScriptCache`` by this name (Streamlit 1.67);
# tests/test_page_support.py fails if a new Streamlit stops making them so.
app_test_module.ScriptCache = local_script_runner.ScriptCache = script_cache


def app_test(timeout: float = 60) -> AppTest:
    """An ``AppTest`` of the app (not run yet), sharing this process's component registry.

    ``_bidi_component_manager`` is where ``AppTest`` keeps the registry it scanned on its first run (Streamlit
    1.67); ``tests/test_page_support.py`` fails if a new Streamlit stops reading it from there.
    """
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at._bidi_component_manager = component_registry()
    return at


# each page's bar of lazy tabs, by its key (``ui.render.render_lazy_tabs``)
PAGE_TABS = {"pages/2_Industry.py": "industry_tab", "pages/3_Worker_outcomes.py": "worker_tab",
             "pages/4_Employer_outcomes.py": "employer_tab", "pages/5_Funding_and_systems_change.py": "funding_tab"}


def open_page(path: str, db, monkeypatch, mode: str = "staff", tab: str | None = None,
              link: dict[str, str] | None = None, **params) -> AppTest:
    """Page ``path`` of the app on database ``db``, opened with link parameters ``params`` (and ``link``, for names
    that are not Python's, or ``tab``) and run, as a visitor following a link to it (only that page's script runs,
    as in the browser), on its tab ``tab`` (the first where None, as the page opens); fails on any exception."""
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    monkeypatch.setenv("SECTORSCOPE_MODE", mode)
    at = app_test()
    for name, value in (params | (link or {})).items():
        at.query_params[name] = value
    if path != "app.py":
        at.switch_page(path)
    if tab is not None:
        at.session_state[PAGE_TABS[path]] = tab  # as a click on the tab leaves it
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_tab(at: AppTest, path: str, tab: str) -> AppTest:
    """The page ``at`` shows (``path``) after a click on its tab ``tab``; fails on any exception."""
    at.session_state[PAGE_TABS[path]] = tab
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def on_every_tab(at: AppTest, path: str) -> Iterator[AppTest]:
    """The page ``at`` shows (``path``) on each of its tabs in turn, the one open first (the page itself where it
    has no tabs); the first tab is open again at the end."""
    labels = tab_labels(at)
    yield at
    for label in labels[1:]:
        yield open_tab(at, path, label)
    if len(labels) > 1:
        open_tab(at, path, labels[0])


def across_tabs(at: AppTest, path: str, read: Callable[[AppTest], list]) -> list:
    """What ``read`` finds on every tab of the page ``at`` shows (``path``), in the tabs' order: the page's elements
    of one kind in page order, as they were before its sections became tabs."""
    return [found for tab in on_every_tab(at, path) for found in read(tab)]


def tab_labels(at: AppTest) -> list[str]:
    """The labels of the page's tabs, in order (none on a page without tabs)."""
    return [tab.label for tab in at.tabs]


def link_values(at: AppTest, name: str) -> list[str]:
    """The values of link parameter ``name`` as the page left them."""
    value = at.query_params.get(name, [])
    return list(value) if isinstance(value, list | tuple) else [value]


def charts_of(at: AppTest) -> dict[str, dict]:
    """Every Plotly chart on the page by its title in words (a title drawn in lines read as one line)."""
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return {plain_text(figure["layout"]["title"]["text"]): figure for figure in figures}


def metrics_of(at: AppTest) -> dict[str, str]:
    """Every headline card on the page: label → value as shown."""
    return {metric.label: metric.value for metric in at.metric}


def csv_name_as_given(saved_as: str) -> str:
    """The name a page gives ``render_download`` ("partnerships.csv") of the file a visitor saves
    ("sectorscope-demo-partnerships_hlth-2024-2026-12-06.csv"): the tests name files as the pages do."""
    import re

    match = re.fullmatch(r"sectorscope-(?:demo-)?([a-z0-9-]+?)(?:_[a-z0-9-]+)?-\d{4}-\d{2}-\d{2}\.csv", saved_as)
    assert match, f"a CSV saved as {saved_as!r}, not as render.saved_csv_name names it"
    return f"{match.group(1)}.csv"


def recorded_csv_downloads(monkeypatch) -> dict:
    """Every CSV the pages run after this offer for download, read back as text (file name -> DataFrame of strings:
    the download button's callable is called, as the server calls it on a click)."""
    import io

    import pandas as pd
    import streamlit

    files: dict = {}
    real = streamlit.download_button

    def recording(label, data, *args, **kwargs):
        if kwargs.get("mime") == "text/csv":
            files[csv_name_as_given(kwargs["file_name"])] = pd.read_csv(io.BytesIO(data() if callable(data) else data),
                                                                       dtype=str,
                                                     keep_default_na=False)
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", recording)
    return files
