"""How fast could any per-person SQL make the Worker group figures? The four exact medians alone, against pandas.

    python benchmarks/bench_median_floor.py [--scales 10 50] [--rounds 3] [--cache DIR]

Issue 12 asks the Worker page's group figures to be 3x faster than a plain pandas-in-memory baseline at 10x and
above (``bench_pages.py`` prints the ratio; about 1.1-1.8 here). Every figure but four is a count, a share or a mean
(sums any engine does in one pass); the four are exact medians per group (the wage gain in dollars, with its
percentiles and interval read off the same sorted values; the gain in percent; 2nd-quarter earnings; the earnings
change), of everyone in view, by each of the eight groupings. This prints, for the benchmark's filter changes
(``bench_pages.FILTER_CHANGES``), p50 milliseconds of:

- ``duckdb medians``: only those four medians, per grouping, in DuckDB on a table already in memory (the selected
  exiters of a temporary table: no join, no status counts, no interval, no list), in grouping sets (one ``group by``
  per grouping joined by ``union all`` was 5 / 15 / 66 ms where these took 4 / 17 / 77, in two runs an hour apart);
- ``pandas medians``: the same four medians per grouping in pandas (categories, ``groupby(...).median()``);
- ``pandas baseline``: the whole baseline of the ratio (``pandas_baseline.same_figures``: every one of the 50 figures);
- ``page query``: the page's query for all eight groupings (``queries/worker_group_outcomes.sql``).

``baseline / duckdb medians`` bounds the ratio a per-person query could reach: one computing these medians alone, on
exiters already selected and in memory, is that many times as fast as the whole baseline; the other 46 figures, the
selection, the interval and reading the table all come on top (on 2026-12-05 the forms tried for them, in
``README.md``'s measurements, gave 2.6-2.7 at best). Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import pandas_baseline  # noqa: E402
from benchmarks.bench_pages import DEFAULT_CACHE, FILTER_CHANGES, _selection, database_at_scale  # noqa: E402

MEDIANS = ("wage_gain", "wage_gain_pct", "earnings_q2", "earnings_change")


# The four medians by each grouping of the temporary table ``view`` (the selected exiters): everyone, then the
# groupings of pandas_baseline.GROUPINGS in its order (checked in main).
MEDIANS_BY_GROUPING = """
select median(wage_gain), median(wage_gain_pct), median(earnings_q2), median(earnings_change),
from view
group by grouping sets (
    (), (sector_code), (county_fips), (partnership_id), (exit_year), (gender), (race_ethnicity), (age_band)
)
"""


def pandas_medians(view) -> int:
    """The four medians by each grouping of ``view`` in pandas; the number of groups."""
    tables = [view[list(MEDIANS)].median().to_frame().T]
    tables += [view.groupby(by, observed=True, sort=False, dropna=False)[list(MEDIANS)].median()
               for by in pandas_baseline.GROUPINGS]
    return sum(len(table) for table in tables)


def time_scale(path: Path, rounds: int) -> dict[str, list[float]]:
    """Seconds per filter change for each of the four ways."""
    from sectorscope import db
    from sectorscope.metrics import workers

    con = db.connect_read_only(path)
    data = pandas_baseline.exiters_in_memory(con)
    memory = __import__("duckdb").connect()  # the DuckDB side's data in memory too, as the pandas side's is
    memory.register("everyone_frame", data)
    memory.execute("create table everyone as select * from everyone_frame")
    times: dict[str, list[float]] = {"duckdb medians": [], "pandas medians": [], "pandas baseline": [],
                                     "page query": []}
    medians_sql = MEDIANS_BY_GROUPING
    for _ in range(rounds):
        for change in FILTER_CHANGES:
            selection = _selection(con, change)
            view = pandas_baseline.selected(data, selection)
            memory.execute("create or replace temp table view as select * from everyone where exit_year between $a "
                           "and $b and (len($s) = 0 or list_contains($s, sector_code)) and (len($c) = 0 or "
                           "list_contains($c, county_fips))",
                           {"a": selection["year_from"], "b": selection["year_to"], "s": selection["sector_codes"],
                            "c": selection["county_fips"]})
            started = time.perf_counter()
            duckdb_groups = len(memory.execute(medians_sql).fetchall())
            times["duckdb medians"].append(time.perf_counter() - started)
            started = time.perf_counter()
            pandas_groups = pandas_medians(view)
            times["pandas medians"].append(time.perf_counter() - started)
            started = time.perf_counter()
            pandas_baseline.same_figures(data, selection)
            times["pandas baseline"].append(time.perf_counter() - started)
            started = time.perf_counter()
            db.run_query(con, "worker_group_outcomes", **selection, confidence=workers.CONFIDENCE,
                         groupings=list(workers.ALL_GROUPINGS))
            times["page query"].append(time.perf_counter() - started)
            if duckdb_groups != pandas_groups:
                raise RuntimeError(f"{change}: DuckDB gave {duckdb_groups} groups, pandas {pandas_groups}")
    con.close()
    memory.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    written = re.findall(r"\((\w*)\)", MEDIANS_BY_GROUPING.split("grouping sets")[1])
    if written != ["", *pandas_baseline.GROUPINGS]:
        raise RuntimeError(f"the SQL's groupings {written} are not the baseline's")
    print(f"p50 ms over {args.rounds} rounds x {len(FILTER_CHANGES)} filter changes")
    print(f"{'scale':>5}  {'duckdb medians':>14} {'pandas medians':>14} {'pandas baseline':>15} {'page query':>10}"
          f"  {'baseline / duckdb medians':>25}  {'baseline / page query':>21}")
    for scale in args.scales:
        times = time_scale(database_at_scale(scale, args.cache), args.rounds)
        p50 = {name: statistics.median(values) * 1000 for name, values in times.items()}
        print(f"{scale:>4}x  {p50['duckdb medians']:14.0f} {p50['pandas medians']:14.0f} "
              f"{p50['pandas baseline']:15.0f} {p50['page query']:10.0f}  "
              f"{p50['pandas baseline'] / p50['duckdb medians']:25.2f}  "
              f"{p50['pandas baseline'] / p50['page query']:21.2f}", flush=True)


if __name__ == "__main__":
    main()
