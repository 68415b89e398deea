"""What the server sends and holds: bytes per page and per filter change, resident memory after many distinct
views, and startup against a minimal Streamlit app, in one run.

    python benchmarks/bench_server.py [--scales 1,10,50] [--views 40] [--runs 3] [--keep DIR] [--only startup]

For each scale (the demo generator's participants times the scale) the app is started on that state's database and
driven by headless Chromium (Debian's ``/usr/bin/chromium``):

1. **Bytes per page:** every staff page opened in a fresh browser context: bytes received over HTTP (response bodies as
   sent, and what gzip would make of them) and over the websocket until the script has finished; then one filter
   change (a sector picked in the sidebar) and the websocket bytes of that rerun. Only at the first scale.
2. **Memory:** the server's resident memory (``VmRSS`` and its peak ``VmHWM`` from ``/proc``) after start, and after
   ``--views`` distinct views (pages × all sectors then each sector × year ranges opened by URL, each a new session).
3. **Startup:** seconds from ``streamlit run`` to the first chart drawn, for the app's Overview and for a minimal app
   that draws one Plotly chart (the ratio is the figure the issue names); medians of ``--runs``.

Not a test: the numbers depend on the machine; run it on an idle one.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import itertools
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.server_support import streamlit_server, wait_until_idle  # noqa: E402
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

MINIMAL_APP = """import plotly.graph_objects as go
import streamlit as st

st.title("Minimal")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])))
"""
FILTER_SECTOR = "Healthcare"
YEAR_RANGES = ("2016-2024", "2018-2022", "2020-2024", "2019-2021")
MIB = 1024 * 1024

# Mark when the script starts running again, so the wait after a filter change cannot end before the rerun begins.
WATCH_RUNS = """() => { window.__runs = 0; const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => { if (app.getAttribute('data-test-script-state') === 'running') window.__runs += 1; })
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }"""
FINISHED = """() => { const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'; }"""


def resident_mib(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MiB, from /proc."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


class Meter:
    """Counts the bytes a browser tab receives: HTTP bodies as sent (and gzipped) and websocket frames."""

    def __init__(self, tab) -> None:
        self.http = 0
        self.http_gzip = 0
        self.websocket = 0
        self.websocket_deflated = 0
        tab.on("requestfinished", self._request)
        tab.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _request(self, request) -> None:
        # A body the browser discarded (redirects, aborted loads, a tab already closed) is not counted.
        with contextlib.suppress(Exception):
            response = request.response()
            if response is None:
                return
            body = response.body()
            self.http += request.sizes()["responseBodySize"] or len(body)
            self.http_gzip += len(gzip.compress(body, 6)) if len(body) > 256 else len(body)

    def _frame(self, payload) -> None:
        # Playwright hands over frames decompressed; deflating each alone estimates (from above) what the
        # compressed websocket (server.enableWebsocketCompression) sends.
        data = payload if isinstance(payload, bytes) else payload.encode()
        self.websocket += len(data)
        self.websocket_deflated += len(zlib.compress(data, 6)) if len(data) > 256 else len(data)


def wait_finished(tab, timeout_ms: int = 180_000) -> None:
    tab.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    tab.wait_for_function(FINISHED, timeout=timeout_ms)


def pick_filter_sector(tab) -> bool:
    """Choose ``FILTER_SECTOR`` in the sidebar's sector filter and wait for the rerun to finish; False when the
    page has no sector filter."""
    sector = tab.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has_text="Sector")
    if sector.count() != 1:
        return False
    tab.evaluate(WATCH_RUNS)
    sector.locator("input").click()
    tab.keyboard.type(FILTER_SECTOR)
    tab.keyboard.press("Enter")
    tab.keyboard.press("Escape")
    tab.wait_for_function("() => window.__runs > 0", timeout=60_000)
    wait_finished(tab)
    return True


def time_to_first_chart(script: Path, env: dict[str, str], browser) -> float:
    """Seconds from launching ``streamlit run`` to the first Plotly chart drawn in Chromium, launched on an idle
    machine (``wait_until_idle``)."""
    wait_until_idle()
    with streamlit_server(script, env) as (base, _, started):
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.goto(base + "/")
        tab.wait_for_selector(".js-plotly-plot .main-svg", timeout=300_000)
        elapsed = time.perf_counter() - started
        tab.close()
    return elapsed


def startup_pairs(database: Path, browser, runs: int) -> Iterator[tuple[float, float]]:
    """Per run, as each ends: (seconds to the first chart of the app's Overview on ``database``, of the minimal app
    drawing one Plotly chart); the minimal app starts first in each pair, so both meet the same machine load."""
    with tempfile.TemporaryDirectory() as scratch:
        minimal = Path(scratch) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP)
        for _ in range(runs):
            theirs = time_to_first_chart(minimal, {}, browser)
            yield time_to_first_chart(ROOT / "app.py", {"SECTORSCOPE_DB": str(database)}, browser), theirs


def page_bytes(base: str, browser, pages) -> list[tuple]:
    """Per page: (label, HTTP bytes, HTTP gzipped, websocket bytes on first load and deflated, websocket bytes of a
    filter change and deflated, or None where the page has no sector filter)."""
    rows = []
    for entry in pages:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        meter = Meter(tab)
        url = base + "/" + ("" if entry.path == "app.py" else Path(entry.path).stem.split("_", 1)[1])
        tab.goto(url)
        wait_finished(tab)
        tab.wait_for_load_state("networkidle")
        first = (meter.http, meter.http_gzip, meter.websocket, meter.websocket_deflated)
        change = deflated_change = None
        before, before_deflated = meter.websocket, meter.websocket_deflated
        if pick_filter_sector(tab):
            change = meter.websocket - before
            deflated_change = meter.websocket_deflated - before_deflated
        rows.append((entry.label, *first, change, deflated_change))
        context.close()
    return rows


def memory_after_views(base: str, process, browser, pages, sectors: list[str], views: int) -> tuple[float, float]:
    """(resident MiB, peak MiB) of the server after opening ``views`` distinct views, each in a new session: every
    page with all sectors first (where a visitor lands, and the largest computations), then one sector at a time,
    per year range."""
    combos = itertools.islice(itertools.product(YEAR_RANGES, [None, *sectors], pages), views)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    for years, sector, entry in combos:
        path = "" if entry.path == "app.py" else Path(entry.path).stem.split("_", 1)[1]
        tab.goto(f"{base}/{path}?years={years}" + (f"&sector={sector}" if sector else ""))
        wait_finished(tab)
    context.close()
    return resident_mib(process.pid)


def build_database(folder: Path, scale: int) -> Path:
    """The demo state at ``scale`` times its participants, built through the loader (once per folder)."""
    from sectorscope.sources.builder import build_demo_database

    path = folder / f"demo-x{scale}.duckdb"
    if not path.exists():
        started = time.perf_counter()
        if scale == 1:
            build_demo_database(path)
        else:
            build_demo_database(path, scale=scale)
        print(f"# built the x{scale} state in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1", help="comma-separated participant multipliers, e.g. 1,10,50")
    parser.add_argument("--views", type=int, default=40, help="distinct views opened before reading memory")
    parser.add_argument("--runs", type=int, default=3, help="startup runs (median)")
    parser.add_argument("--keep", type=Path, help="folder to keep the built databases in between runs")
    parser.add_argument("--only", choices=("all", "startup"), default="all",
                        help="startup: only the startup lines (bytes and memory skipped)")
    arguments = parser.parse_args()
    scales = [int(part) for part in arguments.scales.split(",")]

    from playwright.sync_api import sync_playwright

    from sectorscope.ui.menu import PAGES

    staff_pages = [entry for entry in PAGES if "staff" in entry.modes]
    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="bench-server-"))
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for index, scale in enumerate(scales if arguments.only == "all" else []):
            database = build_database(folder, scale)
            env = {"SECTORSCOPE_DB": str(database), "SECTORSCOPE_MODE": "staff"}
            with streamlit_server(ROOT / "app.py", env) as (base, process, _):
                idle = resident_mib(process.pid)
                if index == 0:
                    print(f"\n## Bytes per page (x{scale})\n")
                    print("| page | HTTP as sent | HTTP gzipped | websocket, first load (deflated) "
                          "| websocket, filter change (deflated) |")
                    print("|---|---:|---:|---:|---:|")
                    for label, http, zipped, ws, ws_z, change, change_z in page_bytes(base, browser, staff_pages):
                        changed = "–" if change is None else f"{change / 1024:,.0f} kB ({change_z / 1024:,.0f} kB)"
                        print(f"| {label} | {http / 1024:,.0f} kB | {zipped / 1024:,.0f} kB | "
                              f"{ws / 1024:,.0f} kB ({ws_z / 1024:,.0f} kB) | {changed} |", flush=True)
                from sectorscope import db

                with db.connect_read_only(database) as connection:
                    sectors = list(db.run_query(connection, "sectors")["sector_code"])
                resident, peak = memory_after_views(base, process, browser, staff_pages, sectors, arguments.views)
                print(f"\nmemory x{scale}: {idle[0]:,.0f} MiB after start, {resident:,.0f} MiB after "
                      f"{arguments.views} distinct views (peak {peak:,.0f} MiB)", flush=True)
        pairs = list(startup_pairs(build_database(folder, scales[0]), browser, arguments.runs))
        browser.close()
    ours, theirs = (statistics.median(times) for times in zip(*pairs, strict=True))
    print(f"\nstartup to first chart: Sectorscope median {ours:.1f} s, minimal app {theirs:.1f} s, "
          f"ratio {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
