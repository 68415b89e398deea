"""Seconds from opening a page in a new browser tab to every chart on it drawn, in Chromium, on a warm server.

    python benchmarks/bench_page_draw.py [--db PATH] [--pages "Worker outcomes" ...] [--rounds 8]
                                         [--compare DIR]

What a visitor waits for once the server has the view cached: the front end's own work (Streamlit's elements, the
Plotly bundle, each chart drawn) and the server's rerun of a repeated view. Each page is opened once, not timed, to
warm the server's caches and count its charts; then every round opens it in a new tab of one browser context (as one
visitor's browser: its scripts come from the browser's cache) and waits until the script has finished and that many
charts have drawn their SVG. ``--compare DIR`` serves an older checkout of the project (``git worktree add DIR REV``)
beside this one, on the same database, and alternates the two each round; the ratio is theirs / ours.

Not a test: the numbers depend on the machine (and on what else runs on it); run it on an idle one.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.server_support import streamlit_server  # noqa: E402
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

DRAWN = """(charts) => { const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg').length >= charts; }"""
CHARTS = """() => new Set([...document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg')]
  .map((svg) => svg.closest('[data-testid="stPlotlyChart"]'))).size"""


def url_path(script: str) -> str:
    """The page's address below the server: "" for app.py, else the script's name after its number."""
    return "" if script == "app.py" else Path(script).stem.split("_", 1)[1]


def draw_seconds(context, url: str, charts: int) -> float:
    """Seconds from opening ``url`` in a new tab to the script finished and ``charts`` charts drawn."""
    tab = context.new_page()
    try:
        started = time.perf_counter()
        tab.goto(url)
        tab.wait_for_function(DRAWN, arg=charts, timeout=180_000, polling=50)
        return time.perf_counter() - started
    finally:
        tab.close()


def count_charts(context, url: str) -> int:
    """How many charts the page draws (its first, untimed opening): counted once the network is quiet."""
    tab = context.new_page()
    try:
        tab.goto(url)
        tab.wait_for_function(DRAWN, arg=0, timeout=180_000)
        tab.wait_for_load_state("networkidle")
        tab.wait_for_timeout(2_000)  # charts still drawing after the last byte arrived
        return tab.evaluate(CHARTS)
    finally:
        tab.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database (default: the demo, built once under the temporary folder)")
    parser.add_argument("--pages", nargs="*", help="page labels (default: every staff page)")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--compare", type=Path, help="an older checkout of the project, served alternately")
    arguments = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from benchmarks.bench_pages import database_at_scale
    from sectorscope.ui.menu import PAGES

    database = arguments.db or database_at_scale(1)
    entries = [entry for entry in PAGES if "staff" in entry.modes
               and (not arguments.pages or entry.label in arguments.pages)]
    roots = {"this": ROOT, **({"compare": arguments.compare.resolve()} if arguments.compare else {})}
    env = {"SECTORSCOPE_DB": str(database), "SECTORSCOPE_MODE": "staff"}
    with contextlib.ExitStack() as stack, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        bases = {name: stack.enter_context(streamlit_server(root / "app.py", env))[0] for name, root in roots.items()}
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        print(f"\n## Page drawn in Chromium, warm server ({database.name}, {arguments.rounds} rounds)\n")
        print("| page | charts | " + " | ".join(f"{name} p50 / max" for name in roots)
              + (" | ratio compare / this |" if len(roots) > 1 else " |"))
        print("|---|---:|" + "---:|" * (len(roots) + (len(roots) > 1)))
        for entry in entries:
            charts = {name: count_charts(context, f"{base}/{url_path(entry.path)}") for name, base in bases.items()}
            seconds: dict[str, list[float]] = {name: [] for name in bases}
            for round_ in range(arguments.rounds):
                order = list(bases) if round_ % 2 == 0 else list(reversed(bases))
                for name in order:
                    seconds[name].append(draw_seconds(context, f"{bases[name]}/{url_path(entry.path)}",
                                                      charts[name]))
            medians = {name: statistics.median(values) for name, values in seconds.items()}
            cells = " | ".join(f"{medians[name]:.2f} / {max(seconds[name]):.2f} s" for name in bases)
            ratio = f" | {medians['compare'] / medians['this']:.2f} |" if len(bases) > 1 else " |"
            print(f"| {entry.label} | {'/'.join(str(count) for count in charts.values())} | {cells}{ratio}",
                  flush=True)
        browser.close()


if __name__ == "__main__":
    main()
