"""Where the Worker page's group query (``queries/worker_group_outcomes.sql``) spends its time, part by part.

    python benchmarks/bench_worker_query_parts.py [--scale 50] [--runs 3] [--cache DIR]

On the demo at ``--scale`` times its participants (built once by ``bench_pages.database_at_scale``), the whole query
for every exiter of 2015-2025 is timed, then its per-person rows (the CTEs before ``grouped``) are materialized
once in a temporary table and one aggregate at a time is timed over them with eight grouping sets (the query's
groupings before 2026-12-05; it now repeats each person per grouping asked for and groups once):
the counts alone, one median, five ``quantile_cont`` quantiles, and the sorted list of gains per group that the
exact order-statistic interval reads its ranks from. Best and every run, in milliseconds.

Not a test: the numbers depend on the machine (and on what else runs on it).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_pages import DEFAULT_CACHE, database_at_scale  # noqa: E402

EVERY_EXITER = {"sector_codes": [], "county_fips": [], "partnership_ids": [], "year_from": 2015, "year_to": 2025,
                "by_partnership_county": False, "public_only": False}
# each part over the materialized per-person rows, with the query's eight grouping sets
GROUPED_BY = ("from people_rows group by grouping sets ((), (sector_code), (county_fips), (partnership_id), "
              "(exit_year), (gender), (race_ethnicity), (age_band))")
PARTS = {
    "counts only": "select count(*), count(wage_gain) " + GROUPED_BY,
    "one median": "select count(*), median(wage_gain) " + GROUPED_BY,
    "five quantile_cont quantiles": "select count(*), quantile_cont(wage_gain, [0.5, 0.1, 0.25, 0.75, 0.9]) "
                                    + GROUPED_BY,
    "sorted list of gains": "select count(*), list(wage_gain order by wage_gain) filter (where wage_gain is not null) "
                            + GROUPED_BY,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    from sectorscope import db
    from sectorscope.metrics import workers

    con = db.connect_read_only(database_at_scale(args.scale, args.cache))
    sql = db.query_sql("worker_group_outcomes")
    per_person = sql[:sql.index("grouping_asked as (")].rstrip().rstrip(",") + "\nselect * from indicators"
    con.execute("create temp table people_rows as " + per_person, EVERY_EXITER)
    queries = {"whole query": (sql, {**EVERY_EXITER, "confidence": workers.CONFIDENCE,
                                     "groupings": list(workers.ALL_GROUPINGS)}),
               "per-person rows alone": ("select count(*) from (" + per_person + ")", EVERY_EXITER)}
    queries |= {part: (query, None) for part, query in PARTS.items()}
    times: dict[str, list[float]] = {name: [] for name in queries}
    for _ in range(args.runs):  # alternated, so each part meets the same machine
        for name, (query, params) in queries.items():
            started = time.perf_counter()
            con.execute(query, params).fetchall()
            times[name].append((time.perf_counter() - started) * 1000)
    rows = con.execute("select count(*) from people_rows").fetchone()[0]
    print(f"{args.scale}x: {rows:,} exiters, 2015-2025; milliseconds, best of {args.runs} (every run)")
    for name, runs in times.items():
        print(f"  {name:32s} {min(runs):7.0f}  ({', '.join(f'{run:.0f}' for run in runs)})")


if __name__ == "__main__":
    main()
