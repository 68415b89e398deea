"""Support for browser tests: the real app served by ``streamlit run`` on the demo database, driven in Debian's
Chromium with Playwright. The fixtures (``server``, ``browser``, ``page``) are registered in conftest.py; the helper
functions are imported by the browser test modules. Screenshots go to ``test-artifacts/``; the server log is printed
when a test fails."""

from __future__ import annotations

import contextlib
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from sectorscope.config import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
# How long a retrying assertion (Playwright's expect) waits for the page: two workers share the machine with two app
# servers, so a rerun can take seconds (expect's default is 5 s).
WAIT_MS = 30_000


# Each chart's title (its lines, its right edge from the chart's left), its leftmost category label's left edge and
# its source note's edges, in CSS pixels from the chart's left, as drawn
CHART_TEXT = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((plot) => {
  const box = plot.getBoundingClientRect();
  const title = plot.querySelector('.gtitle');
  const ticks = Array.from(plot.querySelectorAll('.ytick text')).map((tick) => tick.getBoundingClientRect().left);
  const text = String(plot._fullLayout.title.text);
  const index = (plot.layout.annotations || []).findIndex((note) => note.name === 'sectorscope-source');
  const note = index < 0 ? null : plot.querySelector(`.annotation[data-index="${index}"]`);
  const noteBox = note ? note.getBoundingClientRect() : {left: box.left, right: box.left};
  const notesOut = Array.from(plot.querySelectorAll('.annotation')).map((one) => one.getBoundingClientRect())
    .filter((one) => one.width && (one.left < box.left - 1 || one.right > box.right + 1)).length;
  return {title: text.replace(/<[^>]*>/g, ' ').slice(0, 60), lines: text.split('<br>').length,
          width: Math.round(box.width), notesOut,
          titleRight: title ? Math.round(title.getBoundingClientRect().right - box.left) : 0,
          tickLeft: ticks.length ? Math.round(Math.min(...ticks) - box.left) : 0,
          noteLeft: Math.round(noteBox.left - box.left), noteRight: Math.round(noteBox.right - box.left)};
})"""


# What fitting its chart means for CHART_TEXT's figures: the title, the labels, the note and every other annotation
# (a line's label, a quadrant's name) within the chart
CHART_FITS = ("chart.titleRight > 0 && chart.titleRight <= chart.width && chart.tickLeft >= 0 "
              "&& chart.noteLeft >= 0 && chart.noteRight <= chart.width && chart.notesOut === 0")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(base: str, process: subprocess.Popen, timeout_s: float) -> bool:
    """Poll the server's ``/_stcore/health`` until it answers ok (True), or the process ends or ``timeout_s`` passes
    (False). Also used by the benchmarks (``benchmarks/server_support.py``)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if urllib.request.urlopen(base + "/_stcore/health", timeout=2).read().strip() == b"ok":
                return True
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.1)


@contextlib.contextmanager
def running_app(settings: dict[str, str], log_path: Path):
    """``streamlit run app.py`` on a free local port with these environment settings; yields (base URL, log)."""
    port = free_port()
    env = dict(os.environ, SECTORSCOPE_MODE="staff", STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    env.pop("SECTORSCOPE_DB", None)
    env.update(settings)
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port",
             str(port), "--server.address", "127.0.0.1"],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_until_healthy(base, process, 90):
            pytest.fail("Streamlit did not start:\n" + log_path.read_text()[-4000:])
        yield base, log_path
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def server(demo_db, tmp_path_factory):
    """The app serving the demo database (pinned with SECTORSCOPE_DB); yields (base URL, log path)."""
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    with running_app({"SECTORSCOPE_DB": str(demo_db)}, log_path) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (tests/run.sh does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def app_context(browser):
    """One browser context for the tests on the demo server, as one visitor's browser: each test opens its own tab
    (its own Streamlit session), and the app's scripts come from the browser's cache after the first test. A new
    context per test fetched and compiled them again every time (about 0.4 s more per page opened)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield context
    context.close()


@pytest.fixture
def page(app_context, server, request):
    tab = app_context.new_page()
    yield tab
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        shot_failure(tab, request.node.name)
        print("---- server log ----\n" + server[1].read_text()[-6000:])
    tab.close()


def page_url_path(script: str) -> str:
    """The URL path Streamlit gives a page of the registry: its file's name without the number ("" for the
    Overview, app.py; "Worker_outcomes" for pages/3_Worker_outcomes.py)."""
    return "" if script == "app.py" else re.sub(r"^\d+_", "", Path(script).stem)


def hosts_asked_elsewhere(tab, base: str) -> set[str]:
    """The set, filled as ``tab`` goes on, of every host other than the app's at ``base`` that the page asks for
    anything (scheme and host: "https://fonts.gstatic.com"); the page's own data:, blob: and the app's URLs left out."""
    own = urlparse(base)
    asked: set[str] = set()

    def note(request) -> None:
        url = urlparse(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != own.netloc:
            asked.add(f"{url.scheme}://{url.netloc}")

    tab.on("request", note)
    return asked


def exiters_text(count: int) -> str:
    """How the Overview begins to say the funded partnerships' exiters (under grant dollars per exiter): "n = 4
    exiters (wherever they live) of the" (2 partnerships funded in 2017–2019), the browser tests' sign that a load
    reached the page."""
    return f"n = {count:,} exiters (wherever they live) of the"


def wait_for_run(tab, timeout_ms: int = 90_000) -> None:
    """Wait until Streamlit has finished running the script and Plotly has drawn."""
    tab.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    tab.wait_for_function(
        """() => { const app = document.querySelector('[data-testid="stApp"]');
                   return app && app.getAttribute('data-test-script-state') === 'notRunning'; }""",
        timeout=timeout_ms)


def wait_or_explain(tab, condition: str, evidence: str, what: str) -> None:
    """Wait (retrying, ``WAIT_MS``) until the JavaScript expression ``condition`` holds in the page; else fail with
    ``what`` and the value of the JavaScript function ``evidence`` (what the page shows instead)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        tab.wait_for_function(f"() => {condition}", timeout=WAIT_MS)
    except PlaywrightTimeoutError:
        raise AssertionError(f"{what}: {tab.evaluate(evidence)}") from None


def wait_until_charts_fit(tab, what: str, also: str = "true") -> None:
    """Wait (``wait_or_explain``) until the page has drawn a chart and every chart's title, category labels and
    source note lie within it (``CHART_FITS``) and the JavaScript condition ``also`` holds for each (``chart``: its
    ``CHART_TEXT`` figures); else fail with ``what`` and every chart's figures."""
    wait_or_explain(tab, f"(({CHART_TEXT})()).filter((chart) => {CHART_FITS} && ({also})).length "
                         f"=== Math.max(({CHART_TEXT})().length, 1)", CHART_TEXT, what)


def wait_for_chart(tab, title_part: str, timeout_ms: int = 60_000) -> None:
    """Wait until the Plotly chart whose title holds ``title_part`` has drawn its SVG (charts lower on a page may
    draw seconds after the first ones, so a count of drawn charts is not enough)."""
    tab.wait_for_function("start => Array.from(document.querySelectorAll('.js-plotly-plot')).some(p => p.layout && "
                          "p.layout.title && p.layout.title.text.includes(start) && p.querySelector('.main-svg'))",
                          arg=title_part, timeout=timeout_ms)


# Every drawn chart's drawing hidden from screen readers (ui.present's quietDrawing): each has a main SVG, and all are
# aria-hidden. The chart in words stands before it.
DRAWINGS_QUIET = """() => { const drawings = [...document.querySelectorAll('.js-plotly-plot svg.main-svg')];
    return drawings.length > 0 && drawings.every((drawing) => drawing.getAttribute('aria-hidden') === 'true'); }"""
DRAWINGS_SEEN = """() => [...document.querySelectorAll('.js-plotly-plot svg.main-svg')].map(
    (drawing) => drawing.getAttribute('aria-hidden'))"""


def wait_until_drawings_quiet(tab) -> None:
    """Wait (``wait_or_explain``) until the page has drawn a chart and every chart's drawing is hidden from screen
    readers (``DRAWINGS_QUIET``); else fail with each drawing's aria-hidden."""
    wait_or_explain(tab, f"({DRAWINGS_QUIET})()", DRAWINGS_SEEN,
                    "a chart's drawing is read by a screen reader (aria-hidden of each)")


def wait_for_map(tab, timeout_ms: int = 60_000):
    """Wait for a MapLibre canvas inside a Plotly chart and return the chart's element."""
    tab.wait_for_selector(".js-plotly-plot canvas.maplibregl-canvas", timeout=timeout_ms)
    tab.wait_for_function(
        """() => { const plot = document.querySelector('.js-plotly-plot');
                   return plot && plot._fullLayout && plot._fullLayout.map && plot._fullLayout.map._subplot &&
                          plot._fullLayout.map._subplot.map && plot._fullLayout.map._subplot.map.loaded(); }""",
        timeout=timeout_ms)
    return tab.locator(".js-plotly-plot").first


def wait_for_cards(tab, timeout_ms: int = 90_000) -> None:
    """Wait until the page shows its cards. Streamlit fetches the code of each kind of element the first time a
    browser meets one (``Metric.*.js``): in a clean-clone run the first test of a fresh browser found the Overview
    drawn, captions and all, with no card in it for 30 s, and a check of "no card text cut off" passes on no cards."""
    tab.wait_for_selector('[data-testid="stMetricValue"]', timeout=timeout_ms)


def map_values(tab) -> str:
    """The values the drawn map shows (its traces' z arrays), read from the live Plotly element."""
    wait_for_map(tab)
    tab.wait_for_function("() => { const plot = document.querySelector('.js-plotly-plot');"
                          " return plot && Array.isArray(plot.data) && plot.data.length > 0; }")
    return tab.evaluate("() => JSON.stringify(document.querySelector('.js-plotly-plot').data.map(t => t.z))")


def distinct_colours(png: bytes) -> int:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 120))
    return len(set(image.get_flattened_data()))


def choose(tab, label: str, option: str) -> None:
    """Pick an option in the sidebar multiselect with this label, by typing it as a keyboard user would."""
    widget = tab.get_by_test_id("stMultiSelect").filter(has_text=label)
    widget.locator("input").click()
    tab.keyboard.type(option)
    tab.keyboard.press("Enter")
    tab.keyboard.press("Escape")
    wait_for_run(tab)


def no_error_box(tab) -> None:
    assert tab.locator('[data-testid="stException"]').count() == 0
    assert tab.locator('[data-testid="stAlertContentError"]').count() == 0


# Screenshots of passing tests are taken only when asked for (SECTORSCOPE_TEST_SHOTS=1): a whole-page screenshot
# cost Chromium 1.3-2.4 s of CPU (measured on the Overview, Worker outcomes and Industry pages), about 20 of them per
# run, in a phase that keeps both cores busy (leaving them out saved about 3% of that phase, alternated against
# taking them). A failing test's page is always shot (``shot_failure``).
KEEP_SHOTS = os.environ.get("SECTORSCOPE_TEST_SHOTS") == "1"


def shot(tab, name: str, full_page: bool = True) -> None:
    """Keep a screenshot of ``tab`` as test-artifacts/<name>.png, when SECTORSCOPE_TEST_SHOTS=1."""
    if KEEP_SHOTS:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def shot_failure(tab, name: str) -> None:
    """Keep a whole-page screenshot of a failing test's tab as test-artifacts/failed-<name>.png (never raises: the
    tab may be gone)."""
    ARTIFACTS.mkdir(exist_ok=True)
    with contextlib.suppress(Exception):
        tab.screenshot(path=str(ARTIFACTS / f"failed-{name}.png"), full_page=True, timeout=15_000)


def partnership_name(database: Path, partnership_id: str) -> str:
    """The partnership's name as its profile heading shows it, read from the database the app serves."""
    from sectorscope import db

    with db.connect_read_only(database) as con:
        return str(db.run_query(con, "partnership_profile", partnership_id=partnership_id)["name"].iloc[0])


def serious_violations(tab) -> list[dict]:
    """axe-core's violations of impact serious or critical on the page as drawn, once it is still.

    Checked after the app reports it is idle and no CSS animation or transition is running: just after a page switch
    Streamlit fades elements in, which lowers their contrast for a moment (axe would report a contrast it never has).
    """
    wait_for_run(tab)
    tab.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')", timeout=30_000)
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [(node["target"], (node.get("any") or [{}])[0].get("message")) for node in v["nodes"]][:5]}
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
