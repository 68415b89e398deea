"""In one run: the bytes each page sends on first load and per filter change, the server's resident memory after
many distinct views at 1x, 10x and 50x the demo, and startup to the first chart against a minimal Streamlit app, as
medians of several runs (each on a freshly started server), printed as README-ready tables.

    python benchmarks/bench_memory_scale.py [--scales 1,10,50] [--views 40] [--runs 3] [--payload-runs 3]
                                            [--startup-runs 3] [--keep DIR] [--record FILE]

Uses ``bench_server``'s server start and distinct views, repeated (``--record`` keeps the runs of several shorter
invocations in one file, and the tables are over all of them):

1. **Memory:** per scale and run, ``streamlit run`` on that state's database (the demo generator's participants
   times the scale, built once into ``--keep``), the server's resident memory (``VmRSS``) after start, then after
   ``--views`` distinct views (pages x all sectors then each sector x year ranges, each a new session) with its
   peak (``VmHWM``).
2. **Bytes per page** (at the first scale, ``--payload-runs`` runs): every staff page opened in a fresh browser
   context, HTTP bytes as Chromium received them (DevTools' ``encodedDataLength``; ``bench_server`` reads bodies
   through Playwright, which loses some large ones) and what gzip would make of them, websocket bytes; then the same
   for one filter change.
3. **Startup** (on the first scale's database, ``--startup-runs`` pairs): seconds from ``streamlit run`` to the first
   chart drawn, for the app's Overview and for a minimal app drawing one Plotly chart (``bench_server.startup_pairs``).

The machine's load average is printed before and after: memory and bytes hardly depend on it, times would.
Not a test: the numbers depend on the machine and the data.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_server import (  # noqa: E402
    build_database,
    memory_after_views,
    pick_filter_sector,
    resident_mib,
    startup_pairs,
    streamlit_server,
    wait_finished,
)

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
  .every((chart) => chart.querySelector('.js-plotly-plot .main-svg'))"""


def load_average() -> str:
    """The 1, 5 and 15 minute load averages and the core count, as ``uptime`` says them."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def median_or_none(values: list[float | None]) -> float | None:
    """The median of the measured values (None where a run had nothing to measure)."""
    measured = [value for value in values if value is not None]
    return statistics.median(measured) if measured else None


def kilobytes(value: float | None) -> str:
    return "–" if value is None else f"{value / 1024:,.0f} kB"


def memory_runs(database: Path, browser, pages, sectors: list[str], views: int, runs: int):
    """Per run on a fresh server, as each ends: (MiB after start, MiB after ``views`` distinct views, peak MiB,
    seconds the views took)."""
    env = {"SECTORSCOPE_DB": str(database), "SECTORSCOPE_MODE": "staff"}
    for _ in range(runs):
        with streamlit_server(ROOT / "app.py", env) as (base, process, _):
            idle, _ = resident_mib(process.pid)
            started = time.perf_counter()
            resident, peak = memory_after_views(base, process, browser, pages, sectors, views)
            seconds = time.perf_counter() - started
        print(f"#   run: {idle:,.0f} MiB after start, {resident:,.0f} MiB after {views} views (peak {peak:,.0f}), "
              f"{seconds:.0f} s", flush=True)
        yield idle, resident, peak, seconds


class WireMeter:
    """Bytes a browser tab receives: HTTP as Chromium's network stack counts them on the wire (DevTools'
    ``encodedDataLength``: headers and body, compressed when the server compressed it), the URLs fetched (to gzip
    their bodies afterwards), and websocket frames as the page reads them (and each deflated alone, an upper bound
    of what the compressed websocket sends)."""

    def __init__(self, context, tab) -> None:
        self.http = 0
        self.urls: list[str] = []
        self.websocket = 0
        self.websocket_deflated = 0
        self._urls: dict[str, str] = {}
        self._pending: set[str] = set()
        self._last_event = time.perf_counter()
        session = context.new_cdp_session(tab)
        session.send("Network.enable")
        session.on("Network.requestWillBeSent", lambda event: self._seen(event, started=True))
        session.on("Network.loadingFailed", lambda event: self._seen(event, started=False))
        session.on("Network.responseReceived", lambda event: self._urls.__setitem__(event["requestId"],
                                                                                      event["response"]["url"]))
        session.on("Network.loadingFinished", self._finished)
        tab.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _seen(self, event, started: bool) -> None:
        self._last_event = time.perf_counter()
        if not started:
            self._pending.discard(event["requestId"])
        elif event["request"]["url"].startswith("http"):  # blob: and data: loads may never report an end
            self._pending.add(event["requestId"])

    def _finished(self, event) -> None:
        self._seen(event, started=False)
        self.http += int(event["encodedDataLength"])
        if event["requestId"] in self._urls:
            self.urls.append(self._urls[event["requestId"]])

    def _frame(self, payload) -> None:
        data = payload if isinstance(payload, bytes) else payload.encode()
        self.websocket += len(data)
        self.websocket_deflated += len(zlib.compress(data, 6)) if len(data) > 256 else len(data)

    def settle(self, tab, quiet_seconds: float = 1.5, timeout_seconds: float = 120) -> None:
        """Wait until every chart on the page is drawn (its code is a chunk loaded on first use) and no HTTP request
        has been open or finished for ``quiet_seconds``."""
        with contextlib.suppress(Exception):
            tab.wait_for_function(CHARTS_DRAWN, timeout=timeout_seconds * 1000)
        deadline = time.perf_counter() + timeout_seconds
        while time.perf_counter() < deadline:
            if not self._pending and time.perf_counter() - self._last_event > quiet_seconds:
                return
            tab.wait_for_timeout(250)

    def snapshot(self) -> tuple[int, int, int, int]:
        """(HTTP bytes, URLs fetched so far, websocket bytes, websocket deflated)."""
        return self.http, len(self.urls), self.websocket, self.websocket_deflated


def gzipped_size(url: str, sizes: dict[str, int | None]) -> int | None:
    """What gzip (level 6) makes of the body at ``url`` (fetched again once; None when it is gone, e.g. a media
    file of a finished session)."""
    if url not in sizes:
        try:
            body = urllib.request.urlopen(url, timeout=30).read()
            sizes[url] = len(gzip.compress(body, 6)) if len(body) > 256 else len(body)
        except (OSError, ValueError):
            sizes[url] = None
    return sizes[url]


def page_bytes(base: str, browser, pages) -> list[tuple]:
    """Per page, opened in a fresh browser context: (label, HTTP bytes on the wire, the same bodies gzipped,
    websocket bytes and deflated, then of one filter change (a sector picked in the sidebar): HTTP and websocket
    bytes and websocket deflated, or None where the page has no sector filter)."""
    rows, gzipped = [], {}
    for entry in pages:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        meter = WireMeter(context, tab)
        tab.goto(base + "/" + ("" if entry.path == "app.py" else Path(entry.path).stem.split("_", 1)[1]))
        wait_finished(tab)
        meter.settle(tab)
        http, fetched, websocket, deflated = meter.snapshot()
        zipped = sum(gzipped_size(url, gzipped) or 0 for url in meter.urls[:fetched])
        change = (None, None, None)
        if pick_filter_sector(tab):
            meter.settle(tab)
            after = meter.snapshot()
            change = (after[0] - http, after[2] - websocket, after[3] - deflated)
        rows.append((entry.label, http, zipped, websocket, deflated, *change))
        context.close()
    return rows


def payload_runs(database: Path, browser, pages, runs: int):
    """Per run on a fresh server, as each ends: per page label, ``page_bytes``'s row without the label."""
    env = {"SECTORSCOPE_DB": str(database), "SECTORSCOPE_MODE": "staff"}
    for _ in range(runs):
        with streamlit_server(ROOT / "app.py", env) as (base, _, _):
            rows = {label: list(numbers) for label, *numbers in page_bytes(base, browser, pages)}
        yield rows


def report(records: list[dict], views: int) -> None:
    """README-ready tables: bytes per page and memory per scale, medians over the recorded runs."""
    payload = [record for record in records if record["kind"] == "bytes"]
    if payload:
        scale = payload[-1]["scale"]
        runs = [record for record in payload if record["scale"] == scale]
        print(f"\n## Bytes per page (x{scale}, median of {len(runs)} runs)\n")
        print("| page | first load: HTTP on the wire | HTTP if gzipped | websocket (deflated) "
              "| filter change: HTTP | websocket (deflated) |")
        print("|---|---:|---:|---:|---:|---:|")
        for label in runs[-1]["pages"]:
            columns = zip(*(run["pages"][label] for run in runs if label in run["pages"]), strict=True)
            http, zipped, ws, ws_z, change_http, change, change_z = (median_or_none(list(c)) for c in columns)
            changed = ("– | –" if change is None else
                       f"{kilobytes(change_http)} | {kilobytes(change)} ({kilobytes(change_z)})")
            print(f"| {label} | {kilobytes(http)} | {kilobytes(zipped)} | {kilobytes(ws)} ({kilobytes(ws_z)}) | "
                  f"{changed} |")
    memory = [record for record in records if record["kind"] == "memory" and record["views"] == views]
    if memory:
        print(f"\n## Server memory after {views} distinct views (median of the runs)\n")
        print("| state | runs | after start | after the views | peak | machine load (1 min) |")
        print("|---|---:|---:|---:|---:|---|")
        for scale in sorted({record["scale"] for record in memory}):
            runs = [record for record in memory if record["scale"] == scale]
            idle, resident, peak = (statistics.median(record[key] for record in runs)
                                    for key in ("idle_mib", "resident_mib", "peak_mib"))
            loads = ", ".join(f"{record['load']:.1f}" for record in runs)
            print(f"| demo x{scale} | {len(runs)} | {idle:,.0f} MiB | {resident:,.0f} MiB | {peak:,.0f} MiB | "
                  f"{loads} |")
    startup = [record for record in records if record["kind"] == "startup"]
    if startup:
        ours, theirs = (statistics.median(record[key] for record in startup) for key in ("app_s", "minimal_s"))
        ratios = sorted(record["app_s"] / record["minimal_s"] for record in startup)
        pairs = ", ".join(f"{ratio:.2f}" for ratio in ratios)
        loads = ", ".join(f"{record['load']:.1f}" for record in startup)
        print(f"\n## Startup to the first chart (x{startup[-1]['scale']}, median of {len(startup)} pairs)\n")
        print("| app | seconds | ratio to the minimal app | ratio per pair | machine load (1 min) |")
        print("|---|---:|---:|---|---|")
        print(f"| minimal Streamlit app, one Plotly chart | {theirs:.1f} s | 1 | | |")
        print(f"| Sectorscope, Overview | {ours:.1f} s | {ours / theirs:.2f} | "
              f"{pairs} | {loads} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,50", help="comma-separated participant multipliers")
    parser.add_argument("--views", type=int, default=40, help="distinct views opened before reading memory")
    parser.add_argument("--runs", type=int, default=3, help="memory runs per scale (median; 0: skip)")
    parser.add_argument("--payload-runs", type=int, default=3, help="byte runs at the first scale (0: skip)")
    parser.add_argument("--startup-runs", type=int, default=3,
                        help="startup pairs (app, minimal app) on the first scale's database (0: skip)")
    parser.add_argument("--keep", type=Path, help="folder to keep the built databases in between runs")
    parser.add_argument("--record", type=Path,
                        help="JSON-lines file each run is added to; the tables are the medians of every run in it "
                             "(so runs can be made in several shorter invocations)")
    arguments = parser.parse_args()
    scales = [int(part) for part in arguments.scales.split(",")]

    from playwright.sync_api import sync_playwright

    from sectorscope import db
    from sectorscope.ui.menu import PAGES

    staff_pages = [entry for entry in PAGES if "staff" in entry.modes]
    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="bench-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    databases = {scale: build_database(folder, scale) for scale in scales}
    records: list[dict] = []

    def keep(record: dict) -> None:  # written as each run ends: a run cut short loses only itself
        records.append(record)
        if arguments.record:
            with arguments.record.open("a") as out:
                out.write(json.dumps(record) + "\n")

    print(f"# before: {load_average()}", flush=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for pages in payload_runs(databases[scales[0]], browser, staff_pages, arguments.payload_runs):
            keep({"kind": "bytes", "scale": scales[0], "pages": pages, "load": os.getloadavg()[0]})
        for scale in scales if arguments.runs else []:
            with db.connect_read_only(databases[scale]) as connection:
                sectors = list(db.run_query(connection, "sectors")["sector_code"])
            print(f"# memory at x{scale} ({databases[scale].stat().st_size / 1024 ** 2:,.0f} MB database)", flush=True)
            for idle, resident, peak, seconds in memory_runs(databases[scale], browser, staff_pages, sectors,
                                                             arguments.views, arguments.runs):
                keep({"kind": "memory", "scale": scale, "views": arguments.views, "idle_mib": idle,
                      "resident_mib": resident, "peak_mib": peak, "seconds": seconds, "load": os.getloadavg()[0]})
        for app_s, minimal_s in startup_pairs(databases[scales[0]], browser, arguments.startup_runs):
            print(f"#   startup: app {app_s:.1f} s, minimal app {minimal_s:.1f} s", flush=True)
            keep({"kind": "startup", "scale": scales[0], "app_s": app_s, "minimal_s": minimal_s,
                  "load": os.getloadavg()[0]})
        browser.close()
    print(f"# after: {load_average()}", flush=True)
    if arguments.record:
        records = [json.loads(line) for line in arguments.record.read_text().splitlines() if line.strip()]
    report(records, arguments.views)


if __name__ == "__main__":
    main()
