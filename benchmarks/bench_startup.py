"""Measure first start (demo build) and warm start to first render, as a user meets them.

    python benchmarks/bench_startup.py [--runs 3]

1. Demo build: ``build_demo_database`` into a new file (what the first start of the app does), and
   ``generate_demo_tables`` alone.
2. Cold first start in the browser: start ``streamlit run`` with no database; time until the Overview's map is drawn
   in headless Chromium (includes the demo build).
3. Warm start: the database exists; time from ``streamlit run`` until the Overview's map is drawn.
Prints the median of ``--runs`` runs of each. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.server_support import streamlit_server  # noqa: E402
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, wait_for_map, wait_for_run  # noqa: E402


def time_build(folder: Path) -> tuple[float, float]:
    from sectorscope.sources import demo
    from sectorscope.sources.builder import build_demo_database

    started = time.perf_counter()
    demo.generate_demo_tables()
    generated = time.perf_counter() - started
    started = time.perf_counter()
    build_demo_database(folder / "bench.duckdb")
    return generated, time.perf_counter() - started


def time_to_first_map(db_path: Path) -> float:
    """Seconds from launching ``streamlit run`` to the Overview map drawn in Chromium."""
    from playwright.sync_api import sync_playwright

    with (streamlit_server(ROOT / "app.py", {"SECTORSCOPE_DB": str(db_path)}) as (base, _, started),
          sync_playwright() as playwright):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.goto(base + "/")
        wait_for_run(tab, 180_000)
        wait_for_map(tab, 180_000)
        elapsed = time.perf_counter() - started
        browser.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    generate, build, cold, warm = [], [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            g, b = time_build(Path(folder))
            generate.append(g)
            build.append(b)
            cold_db = Path(folder) / "cold.duckdb"
            cold.append(time_to_first_map(cold_db))
            warm.append(time_to_first_map(cold_db))
    print(f"generate_demo_tables          median {statistics.median(generate):5.1f} s  {generate}")
    print(f"demo database build           median {statistics.median(build):5.1f} s  {build}")
    print(f"first start to map (no db)    median {statistics.median(cold):5.1f} s  {cold}")
    print(f"warm start to map (db exists) median {statistics.median(warm):5.1f} s  {warm}")


if __name__ == "__main__":
    main()
