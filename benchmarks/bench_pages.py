"""Server-side rerun times of every page on the demo and on 10x and 50x states, beside a plain pandas baseline.

    python benchmarks/bench_pages.py [--scales 1 10 50] [--rounds 3] [--cache DIR] [--pages Worker ...]

For each scale (the demo generator's ``scale``: participants and their wage records times N; the databases are built
once and kept in ``--cache``, keyed on scale, seed and data model version) and each page, the page is run with
Streamlit's ``AppTest`` (in this process, as the server runs it) for each of a fixed set of filter changes
(``FILTER_CHANGES``, set in the link as a user's click sets them). At the start of each round every cache of
results is emptied (Streamlit's data cache, the query results, map shapes, figures, printed maps and tables) and the
page is run once, not timed, with a selection of its own (``WARM_UP``): what does not depend on the selection (the
filters' choices, the state's shapes) is then cached as on a running server, and every timed run is the first with its
filters: the rerun after a filter change. Each page is opened by itself with the filters in its link (only its
script runs, as on a filter change there). (Before 2026-12-01 only Streamlit's data cache was emptied, so the second
and later rounds found their queries and figures cached, and a page other than the Overview was reached through the
Overview with the same filters, which ran some of its queries first.) The ``AppTest``s share one scan of the
installed components (``tests/page_support.py``), as the server scans once. A page whose sections are lazy tabs
(``ui.render.render_lazy_tabs``: only the chosen tab is made) is timed on each of its tabs for each filter change, as
a visitor on that tab changes a filter; and, on a line of its own ("another tab chosen"), each choice of another
tab right after a filter change on the first (the selection's queries cached, the tab made anew). p50 and p95 are
over rounds x filter changes (x tabs).

The pandas baseline is what a user would write instead for the Worker outcomes page's group figures
(``pandas_baseline.same_figures``): every exiter's row in memory as a DataFrame (read once, not timed), then per filter
change a mask and bulk ``groupby`` sums, counts, means, medians, quantiles and the same order-statistic interval, for
the same groups (everyone, sector, county, partnership, exit year, gender, race/ethnicity, age band) and every figure
the page's query returns, checked equal to the query's in the first round. The ratio is baseline time / page time
(above 1: the page is faster). Until 2026-12-04 the baseline computed 15 of those 50 figures per group
(``narrow_pandas_figures``, still timed and printed as "narrow": the ratio against it is the one earlier rows of the
README give). ``old path`` is the Worker page's previous way (every exiter read into pandas, then
``metrics.workers``), timed the same way, for comparison.

Not a test: the numbers depend on the machine (and on what else runs on it).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "sectorscope-bench"
PAGES = {  # name: (script, mode)
    "Overview": ("app.py", "staff"),
    "Showcase": ("pages/0_Showcase.py", "public"),
    "Partnerships": ("pages/1_Partnerships.py", "staff"),
    "Industry": ("pages/2_Industry.py", "staff"),
    "Worker outcomes": ("pages/3_Worker_outcomes.py", "staff"),
    "Employer outcomes": ("pages/4_Employer_outcomes.py", "staff"),
    "Funding": ("pages/5_Funding_and_systems_change.py", "staff"),
    "Data": ("pages/6_Data.py", "staff"),
}
FILTER_CHANGES = [
    {},
    {"sector": "HLTH"},
    {"years": "2019-2021"},
    {"region": "R03"},
    {"sector": "MFG", "years": "2022-2024"},
    {"county": "42071"},
]
WARM_UP = {"years": "2016-2018"}  # a selection none of the timed changes makes


def database_at_scale(scale: int, cache: Path = DEFAULT_CACHE) -> Path:
    """The demo state at ``scale`` times its participants, built once and kept in ``cache`` (keyed on the scale, the
    seed and the data model version, so a new data model builds it again)."""
    from sectorscope import schema
    from sectorscope.sources.builder import DEMO_SEED, build_demo_database

    path = cache / f"demo-x{scale}-seed{DEMO_SEED}-v{schema.SCHEMA_VERSION}.duckdb"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        print(f"building the demo at {scale}x in {path} ...", flush=True)
        build_demo_database(path, scale=scale)
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    _release_made_current(path)
    return path


def _release_made_current(path: Path) -> None:
    """Build the kept database's public release again when this Sectorscope would withhold it (built by an older
    one, or with another k): the Showcase would otherwise be timed saying so."""
    from sectorscope import config, db
    from sectorscope.ingest.load import rebuild_release
    from sectorscope.release.publishable import stored_release, withheld_because

    with db.connect_read_only(path) as con:
        withheld = withheld_because(stored_release(lambda name: db.run_query(con, name)), config.min_cell_size())
    if withheld:
        started = time.perf_counter()
        print(f"building the public release of {path.name} again: {withheld} ...", flush=True)
        rebuild_release(path)
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)


def percentiles(seconds: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds (linear interpolation between the sorted runs)."""
    values = np.array(seconds) * 1000
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


def tabs_of(script: str) -> list[str | None]:
    """The labels of the lazy tabs of page ``script`` (as it opens with ``WARM_UP``), or [None] for a page without."""
    at = page_on(script, WARM_UP)
    at.run()
    return [tab.label for tab in at.tabs] or [None]


def page_on(script: str, change: dict[str, str], tab: str | None = None):
    """An AppTest of ``script`` opened with the link parameters ``change``, as a link to it opens it (only that
    page's script runs, as on a filter change there), on its tab ``tab`` (chosen before, as a visitor on that tab
    changes a filter); not run yet."""
    from tests.page_support import PAGE_TABS, app_test

    at = app_test(timeout=600)
    for key, value in change.items():
        at.query_params[key] = value
    if script != "app.py":
        at.switch_page(script)
    if tab is not None:
        at.session_state[PAGE_TABS[script]] = tab
    return at


def forget_every_result() -> None:
    """Empty every cache of results this process holds (not the database connection, which a server keeps)."""
    import streamlit as st

    from sectorscope.ui import data, figures, printing

    st.cache_data.clear()
    for cache in (data.QUERY_RESULTS, data.MAP_SHAPES, data.DERIVED_RESULTS, figures.FIGURES, printing.PRINT_IMAGES,
                  printing.PRINT_TABLES):
        cache.clear()


class CollectorPauses:
    """Time Python's cyclic garbage collector spends while installed (``gc.callbacks``), in total and per generation:
    a collection stops the page's run where it strikes (``ui.setup.freeze_what_startup_made``)."""

    def __init__(self) -> None:
        self.seconds = {0: 0.0, 1: 0.0, 2: 0.0}
        self.counts = {0: 0, 1: 0, 2: 0}
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds[info["generation"]] += time.perf_counter() - self._started
            self.counts[info["generation"]] += 1

    def __enter__(self) -> CollectorPauses:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        gc.callbacks.remove(self)


def time_page(db_path: Path, name: str, rounds: int,
              pauses: CollectorPauses | None = None) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each timed run of page ``name`` (rounds x tabs x filter changes), each the first with its
    filters. CPU time is this process's (all its threads), a steadier measure on a shared machine. ``pauses``, when
    given, adds up the garbage collector's time during the timed runs."""
    script, mode = PAGES[name]
    os.environ["SECTORSCOPE_DB"] = str(db_path)
    os.environ["SECTORSCOPE_MODE"] = mode
    runs, cpu = [], []
    tabs = tabs_of(script)
    for _, tab in itertools.product(range(rounds), tabs):
        forget_every_result()  # each tab's runs, like each round's, the first with their filters
        page_on(script, WARM_UP, tab).run()
        for change in FILTER_CHANGES:
            at = page_on(script, change, tab)
            with pauses or contextlib.nullcontext():
                started, started_cpu = time.perf_counter(), time.process_time()
                at.run()
                runs.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            if at.exception:
                raise RuntimeError(f"{name} {change}: {[e.value for e in at.exception]}")
    return runs, cpu


def time_tab_switches(db_path: Path, name: str, rounds: int) -> list[float]:
    """Wall seconds of each choice of another tab of page ``name`` (a page of lazy tabs), right after a filter change
    on its first tab: the selection's queries are then cached, the tab's charts and tables made anew. Empty for a
    page without tabs."""
    script, mode = PAGES[name]
    os.environ["SECTORSCOPE_DB"] = str(db_path)
    os.environ["SECTORSCOPE_MODE"] = mode
    first, *others = tabs_of(script)
    runs = []
    for _ in range(rounds if others else 0):
        forget_every_result()
        page_on(script, WARM_UP, first).run()
        for change in FILTER_CHANGES:
            page_on(script, change, first).run()
            for tab in others:
                at = page_on(script, change, tab)
                started = time.perf_counter()
                at.run()
                runs.append(time.perf_counter() - started)
                if at.exception:
                    raise RuntimeError(f"{name} {change} {tab}: {[e.value for e in at.exception]}")
    return runs


def _selection(con, change: dict[str, str]) -> dict[str, object]:
    """Sector codes, county FIPS and years of a filter change (a region stands for its counties)."""
    from sectorscope import db

    sectors = [change["sector"]] if "sector" in change else []
    counties = [change["county"]] if "county" in change else []
    if "region" in change:
        regions = db.run_query(con, "regions")
        counties = list(regions.loc[regions["region_id"].astype(str) == change["region"], "county_fips"].iloc[0])
    offered = db.run_query(con, "year_range").iloc[0]  # the pages' own default: every year offered
    default = f"{int(offered['first_year'])}-{int(offered['last_year'])}"
    year_from, year_to = (int(y) for y in change.get("years", default).split("-"))
    return {"sector_codes": sectors, "county_fips": counties, "year_from": year_from, "year_to": year_to,
            "partnership_ids": [], "by_partnership_county": False, "public_only": False}


def pandas_in_memory(db_path: Path):
    """The narrow baseline's data: every exiter with the fields the figures need and their wage-record quarters as the
    Worker page defines them, read once into pandas (not timed)."""
    from sectorscope import db
    from sectorscope.metrics import wioa
    from tests import worker_reference as reference

    con = db.connect_read_only(db_path)
    everyone = {"sector_codes": [], "county_fips": [], "year_from": 1900, "year_to": 2100, "partnership_ids": [],
                "by_partnership_county": False, "public_only": False}
    frame = db.run_query(con, "worker_outcomes", **everyone)
    coverage = wioa.Coverage.from_row(db.run_query(con, "wage_record_coverage").iloc[0])
    people = reference.person_outcomes(frame, coverage)
    columns = ["sector_code", "county_fips", "partnership_id", "exit_year", "gender", "race_ethnicity", "age_band",
               "wage_gain", "wage_gain_pct", "completed", "credential_earned", "employed_in_sector", "employed_q2",
               "employed_q4", "earnings_q2"]
    data = people[columns].copy()
    for column in ("completed", "credential_earned", "employed_in_sector", "employed_q2", "employed_q4"):
        data[column] = data[column].astype("Float64").astype(float)
    data["completer_credential"] = data["credential_earned"].where(data["completed"] == 1)
    return con, data


def narrow_pandas_figures(data, selection: dict[str, object]) -> int:
    """15 of the Worker page's 50 group figures, plain pandas on frames in memory (the first baseline, kept for
    comparison with earlier measurements): returns the number of group rows."""
    from benchmarks.pandas_baseline import selected
    from sectorscope.metrics import workers
    from tests import worker_reference as reference

    view = selected(data, selection)
    rows = 0
    for by in (None, *workers.GROUPINGS):
        keys = np.zeros(len(view)) if by is None else view[by].astype(object).fillna("not recorded")
        grouped = view.groupby(keys)
        table = grouped.agg(exiters=("completed", "size"), completion=("completed", "mean"),
                            in_sector=("employed_in_sector", "mean"), in_sector_n=("employed_in_sector", "count"),
                            gain_n=("wage_gain", "count"), median_gain=("wage_gain", "median"),
                            mean_gain=("wage_gain", "mean"), median_pct=("wage_gain_pct", "median"),
                            q2=("employed_q2", "mean"), q2_n=("employed_q2", "count"),
                            q4=("employed_q4", "mean"), q4_n=("employed_q4", "count"),
                            earnings=("earnings_q2", "median"), credential=("completer_credential", "mean"))
        table["interval"] = [reference.median_interval(group.to_numpy())
                             for _, group in view["wage_gain"].groupby(keys)]
        rows += len(table)
    return rows


def sql_figures(con, selection: dict[str, object]) -> int:
    """The Worker page's group figures as the page now gets them (one query, then per-group frames)."""
    from sectorscope import db
    from sectorscope.metrics import workers

    figures = db.run_query(con, "worker_group_outcomes", **selection, confidence=workers.CONFIDENCE,
                           groupings=list(workers.ALL_GROUPINGS))
    for by in workers.GROUPINGS:
        workers.groups_of(figures, by)
    workers.figures_of_row(workers.overall_row(figures))
    return len(figures)


def old_path(con, selection: dict[str, object]) -> int:
    """The Worker page's previous way: every exiter into pandas, per-person outcomes and groups in pandas (with the
    order-statistic interval now, so without the bootstrap it had: faster than it was)."""
    from sectorscope import db
    from sectorscope.metrics import wioa, workers
    from tests import worker_reference as reference

    frame = db.run_query(con, "worker_outcomes", **selection)
    coverage = wioa.Coverage.from_row(db.run_query(con, "wage_record_coverage").iloc[0])
    people = reference.person_outcomes(frame, coverage)
    reference.worker_figures(people)
    return sum(len(reference.outcomes_by(people, by)) for by in workers.GROUPINGS)


def time_figures(db_path: Path, rounds: int, with_old_path: bool) -> dict[str, list[float]]:
    """Seconds per filter change: the SQL figures, the pandas baseline of the same figures (data in memory), the
    narrow baseline and optionally the old path. The first round checks that the baseline's figures are the query's."""
    from benchmarks import pandas_baseline
    from sectorscope import db
    from sectorscope.metrics import workers

    con, narrow_data = pandas_in_memory(db_path)
    data = pandas_baseline.exiters_in_memory(con)
    times: dict[str, list[float]] = {"sql": [], "pandas": [], "narrow": [], "old": [], "sql_cpu": [],
                                     "pandas_cpu": []}
    selections = [_selection(con, change) for change in FILTER_CHANGES]
    for selection in selections:
        problems = pandas_baseline.differences(
            db.run_query(con, "worker_group_outcomes", **selection, confidence=workers.CONFIDENCE,
                         groupings=list(workers.ALL_GROUPINGS)),
            pandas_baseline.same_figures(data, selection))
        if problems:
            raise RuntimeError(f"the baseline's figures are not the query's for {selection}: {problems[:3]}")
    for _ in range(rounds):
        for selection in selections:
            started, started_cpu = time.perf_counter(), time.process_time()
            sql_rows = sql_figures(con, selection)
            times["sql"].append(time.perf_counter() - started)
            times["sql_cpu"].append(time.process_time() - started_cpu)
            started, started_cpu = time.perf_counter(), time.process_time()
            pandas_rows = len(pandas_baseline.same_figures(data, selection))
            times["pandas"].append(time.perf_counter() - started)
            times["pandas_cpu"].append(time.process_time() - started_cpu)
            started = time.perf_counter()
            narrow_rows = narrow_pandas_figures(narrow_data, selection)
            times["narrow"].append(time.perf_counter() - started)
            if not sql_rows == pandas_rows == narrow_rows:
                raise RuntimeError(f"SQL gave {sql_rows} groups, pandas {pandas_rows} and {narrow_rows} for "
                                   f"{selection}")
            if with_old_path:
                started = time.perf_counter()
                old_path(con, selection)
                times["old"].append(time.perf_counter() - started)
    con.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--pages", nargs="*", default=list(PAGES), choices=list(PAGES),
                        help="pages to run (none: only the Worker figures against the pandas baseline)")
    parser.add_argument("--old-path", action="store_true", help="also time the Worker page's previous pandas path")
    parser.add_argument("--build-only", action="store_true", help="only build the cached databases")
    args = parser.parse_args()
    paths = {scale: database_at_scale(scale, args.cache) for scale in args.scales}
    if args.build_only:
        return
    lines = []
    for scale, path in paths.items():
        figures = time_figures(path, args.rounds, args.old_path)
        sql50, sql95 = percentiles(figures["sql"])
        pd50, _ = percentiles(figures["pandas"])
        narrow50, _ = percentiles(figures["narrow"])
        cpu50, pandas_cpu50 = percentiles(figures["sql_cpu"])[0], percentiles(figures["pandas_cpu"])[0]
        old = f"{percentiles(figures['old'])[0]:.0f}" if figures["old"] else "-"
        line = (f"{scale:>4}x  {'Worker group figures, SQL':<28} {sql50:8.0f} {sql95:8.0f} {cpu50:8.0f}   pandas "
                f"{pd50:.0f} (cpu {pandas_cpu50:.0f}), ratio {pd50 / sql50:.2f} (cpu {pandas_cpu50 / cpu50:.2f});"
                f" narrow baseline {narrow50:.0f}, ratio {narrow50 / sql50:.2f}; old path {old}")
        print(line, flush=True)
        lines.append(line)
        for name in args.pages:
            pauses = CollectorPauses()
            wall, cpu = time_page(path, name, args.rounds, pauses)
            p50, p95 = percentiles(wall)
            full = f"{pauses.seconds[2] * 1000 / len(wall):.0f} ({pauses.counts[2]})"
            line = (f"{scale:>4}x  {name:<28} {p50:8.0f} {p95:8.0f} {percentiles(cpu)[0]:8.0f} "
                    f"{sum(pauses.seconds.values()) * 1000 / len(wall):8.1f} {full:>12}")
            print(line, flush=True)
            lines.append(line)
            switches = time_tab_switches(path, name, args.rounds)
            if switches:
                s50, s95 = percentiles(switches)
                line = f"{scale:>4}x  {'  another tab chosen':<28} {s50:8.0f} {s95:8.0f}"
                print(line, flush=True)
                lines.append(line)
    print(f"\nRerun after a filter change, milliseconds ({args.rounds} rounds x {len(FILTER_CHANGES)} filter changes;"
          " ratio = pandas baseline / SQL, above 1 the page's way is faster):")
    print(f"scale  {'page':<28} {'p50':>8} {'p95':>8} {'cpu p50':>8} {'gc ms':>8} {'full gc ms':>12}  (gc: the "
          "collector's time per run; full: generation 2's per run, and how many)")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
