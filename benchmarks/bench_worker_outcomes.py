"""Measure the Worker outcomes page on the demo: its query, its figures and charts, and a filter change in Chromium.

    python benchmarks/bench_worker_outcomes.py [--db PATH] [--runs 5] [--skip-browser]

1. Query: ``worker_group_outcomes`` (one row per group shown, every figure computed in DuckDB) on the whole demo,
   uncached.
2. Figures: everything the page takes from that result on each run (the group tables, the cards) and builds (the
   seven charts), query included.
3. WIOA: the ``skill_gain_participants`` query and the table "WIOA indicators by program year" (statewide and by
   partnership, every program year) from the frame of step 1.
4. Browser (unless --skip-browser): ``streamlit run`` on the demo; time until the page's county map is drawn, then
   from choosing a sector until the headline figure has changed.
Prints the median of ``--runs`` runs. Not a test: numbers depend on the machine. Builds the demo first when --db is
not given (not timed).
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
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, choose, wait_for_run  # noqa: E402

EVERYTHING = {"sector_codes": [], "county_fips": [], "year_from": 2015, "year_to": 2025, "partnership_ids": [],
              "by_partnership_county": False, "public_only": False}


def time_query(db_path: Path) -> float:
    from sectorscope import db

    con = db.connect_read_only(db_path)
    started = time.perf_counter()
    db.run_query(con, "worker_group_outcomes", **EVERYTHING, confidence=0.95, groupings=["everyone", "sector_code"])
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def time_figures(db_path: Path) -> float:
    from sectorscope import db
    from sectorscope.charts import workers as charts
    from sectorscope.metrics import workers
    from sectorscope.present import worker_headlines as cards

    con = db.connect_read_only(db_path)
    counties = db.run_query(con, "state_counties", state_fips="42")
    started = time.perf_counter()
    groups = db.run_query(con, "worker_group_outcomes", **EVERYTHING, confidence=workers.CONFIDENCE,
                          groupings=list(workers.ALL_GROUPINGS))
    everyone = workers.overall_row(groups)
    figures = workers.figures_of_row(everyone)
    cards.wage_headlines(figures, None), cards.employment_headlines(figures, None)
    cards.condition_headlines(figures, None)
    charts.before_after(workers.conditions_of_row(everyone), "all years")
    charts.wage_gain_box(workers.spread_of(groups, "sector_code"), "sector_code", {}, "all years")
    charts.county_gain_map(counties, workers.groups_of(groups, "county_fips"), {}, "all years")
    charts.partnership_ranking(workers.groups_of(groups, "partnership_id"), {}, "all years")
    by_year = workers.groups_of(groups, "exit_year")
    charts.gain_trend(by_year, "all years"), charts.employment_trend(by_year, "all years")
    workers.groups_of(groups, "sector_code")
    overall = workers.groups_of(groups, workers.EVERYONE)
    charts.breakdown(workers.with_gaps(workers.groups_of(groups, "gender"), overall), "gender", 2.0, "all years")
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def time_wioa(db_path: Path) -> float:
    from sectorscope import db
    from sectorscope.metrics import wioa
    from sectorscope.present import worker_headlines as cards

    con = db.connect_read_only(db_path)
    frame = db.run_query(con, "worker_outcomes", **EVERYTHING)
    coverage = wioa.Coverage.from_row(db.run_query(con, "wage_record_coverage").iloc[0])
    started = time.perf_counter()
    skill = db.run_query(con, "skill_gain_participants", **EVERYTHING)
    years = wioa.complete_program_years(EVERYTHING["year_from"], EVERYTHING["year_to"])
    outcomes = wioa.wioa_exiter_outcomes(frame, coverage)
    statewide = wioa.wioa_indicators(outcomes, skill, years)
    by_partnership = wioa.wioa_indicators(outcomes, skill, years, group=frame["partnership_id"],
                                          skill_group=skill["partnership_id"])
    cards.wioa_report_table(statewide, by_partnership, {})
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def time_browser(db_path: Path) -> tuple[float, float]:
    from playwright.sync_api import sync_playwright

    settings = {"SECTORSCOPE_DB": str(db_path), "SECTORSCOPE_MODE": "staff"}
    with streamlit_server(ROOT / "app.py", settings) as (base, _, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        tab = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        started = time.perf_counter()
        tab.goto(base + "/Worker_outcomes")
        wait_for_run(tab)
        tab.wait_for_function("""() => Array.from(document.querySelectorAll('.js-plotly-plot')).some(p =>
            p._fullLayout && p._fullLayout.map && p._fullLayout.map._subplot.map.loaded())""", timeout=90_000)
        first = time.perf_counter() - started
        before = tab.locator('[data-testid="stMetricValue"]').first.inner_text()
        started = time.perf_counter()
        choose(tab, "Sector", "Healthcare")
        tab.wait_for_function("before => document.querySelector('[data-testid=\"stMetricValue\"]').innerText"
                              " !== before", arg=before)
        change = time.perf_counter() - started
        browser.close()
    return first, change


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db_path = args.db
        if db_path is None:
            from sectorscope.sources.builder import build_demo_database

            db_path = Path(folder) / "demo.duckdb"
            build_demo_database(db_path)
        queries = [time_query(db_path) for _ in range(args.runs)]
        figures = [time_figures(db_path) for _ in range(args.runs)]
        wioa_runs = [time_wioa(db_path) for _ in range(args.runs)]
        browser = [] if args.skip_browser else [time_browser(db_path) for _ in range(max(1, args.runs // 2))]
    print(f"worker_group_outcomes query, whole demo:      {statistics.median(queries):.2f} s")
    print(f"query, figures and charts of one page run:    {statistics.median(figures):.2f} s")
    print(f"WIOA query and table by program year:         {statistics.median(wioa_runs):.2f} s")
    if browser:
        print(f"open the page until the map is drawn:         {statistics.median(b[0] for b in browser):.2f} s")
        print(f"choose a sector until the headline changes:   {statistics.median(b[1] for b in browser):.2f} s")


if __name__ == "__main__":
    main()
