"""The views staff land on, worked out by each load: the results of their slowest queries are kept in the database
(table ``kept_results``), so the first visitor of a page after a load, on any replica, reads them instead of running
those queries (``db.ReadOnlyDatabase.kept_result``).

Kept: the Worker outcomes page as it first opens (every sector, county and year offered; people by where they live;
staff), whose two queries took 1.3 s at 50 times the demo's people, more than every other page's together. Its
parameters are the page's own (``pages/3_Worker_outcomes.py``); ``tests/test_landing_views.py`` opens the page and
checks that it reads these results and runs neither query.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from sectorscope.db import parameters_text, query_sql
from sectorscope.metrics import wioa, workers


def landing_views(con: duckdb.DuckDBPyConnection) -> list[tuple[str, dict[str, object]]]:
    """(query name, parameters) of each kept view, from what ``con`` holds now (the years offered and the exits)."""
    years = con.execute(query_sql("year_range")).df().iloc[0]
    if years.isna()["first_year"]:
        return []  # nothing dated: the page shows why, without these queries
    first, last = int(years["first_year"]), int(years["last_year"])
    landing = {"sector_codes": [], "county_fips": [], "year_from": first, "year_to": last,
               "by_partnership_county": False, "public_only": False}
    views: list[tuple[str, dict[str, object]]] = [
        ("worker_group_outcomes", {**landing, "partnership_ids": [], "confidence": workers.CONFIDENCE})]
    exits = (None, None) if years.isna()["first_exit_year"] else (
        int(years["first_exit_year"]), int(years["last_exit_year"]))
    program_years = wioa.reported_program_years(first, last, *exits)
    if program_years:
        views.append(("wioa_counts_in_view", {**landing, "partnership_ids": [], "py_from": min(program_years),
                                              "py_to": max(program_years)}))
    return views


def refresh_kept_results(con: duckdb.DuckDBPyConnection) -> int:
    """Work out every landing view's queries again in ``con``'s transaction and keep their results; returns how many
    were kept."""
    con.execute("delete from kept_results")
    views = landing_views(con)
    for name, params in views:
        table = con.sql(query_sql(name), params=params).to_arrow_table()
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        con.execute("insert into kept_results values ($name, $parameters, $result)",
                    {"name": name, "parameters": parameters_text(params), "result": sink.getvalue().to_pybytes()})
    return len(views)
