"""The views staff land on, worked out by each load: the results of their slowest queries are kept in the database
(table ``kept_results``), so the first visitor of a page after a load, on any replica, reads them instead of running
those queries (``db.ReadOnlyDatabase.kept_result``).

Kept: the Worker outcomes page as it first opens (every sector, county and year offered; people by where they live;
staff), for each tab's groupings (``metrics.workers.PAGE_GROUPINGS``): its two queries took 1.3 s at 50 times the
demo's people, more than every other page's together; and the statewide staff deck's group figures (its groupings,
``metrics.workers.BY_SECTOR_OR_YEAR``). The parameters are the page's and the deck's own
(``pages/3_Worker_outcomes.py``, ``export.content``); ``tests/test_landing_views.py`` opens the page on each tab and
checks that it reads these results and runs neither query.
"""

from __future__ import annotations

import contextlib

import duckdb
import pyarrow as pa

from sectorscope.db import out_of_memory_cause, parameters_text, query_digest, query_sql
from sectorscope.metrics import wioa, workers


def landing_views(con: duckdb.DuckDBPyConnection) -> list[tuple[str, dict[str, object]]]:
    """(query name, parameters) of each kept view, from what ``con`` holds now (the years offered and the exits)."""
    years = con.execute(query_sql("year_range")).df().iloc[0]
    if years.isna()["first_year"]:
        return []  # nothing dated: the page shows why, without these queries
    first, last = int(years["first_year"]), int(years["last_year"])
    landing = {"sector_codes": [], "county_fips": [], "year_from": first, "year_to": last,
               "by_partnership_county": False, "public_only": False}
    group_figures = {**landing, "partnership_ids": [], "confidence": workers.CONFIDENCE}
    views: list[tuple[str, dict[str, object]]] = [
        ("worker_group_outcomes", {**group_figures, "groupings": list(groupings)})
        for groupings in (*workers.PAGE_GROUPINGS, workers.BY_SECTOR_OR_YEAR)]
    exits = (None, None) if years.isna()["first_exit_year"] else (
        int(years["first_exit_year"]), int(years["last_exit_year"]))
    program_years = wioa.reported_program_years(first, last, *exits)
    if program_years:
        views.append(("wioa_counts_in_view", {**landing, "partnership_ids": [], "py_from": min(program_years),
                                              "py_to": max(program_years)}))
    return views


def forget_kept_results(con: duckdb.DuckDBPyConnection) -> None:
    """Drop every kept result, in the load's transaction: a result kept for the data before the load is never read
    with the data after it, even when keeping the new ones fails."""
    con.execute("delete from kept_results")


def keep_landing_views(con: duckdb.DuckDBPyConnection, memory_mb: int | None) -> bool:
    """Work out every landing view's queries in a transaction of their own, after the load's (the working copy is
    swapped in only after both), and keep their results in place of any kept before; False when DuckDB runs out of
    memory: the transaction is rolled back, so ``kept_results`` is as it was before the call (both callers empty it
    first: a load in its own transaction, an upgrade by making the table anew), and the pages run the queries.

    Each result is kept with the SHA-256 of its query's text and the latest load (``datasets.load_id``): a reader
    serves it only while both still match (``db.ReadOnlyDatabase.kept_result``). They run with the memory a page's
    query may use (``memory_mb``, ``config.duckdb_megabytes``; None: as configured): the Worker page's group query
    holds every gain of a grouping to sort it, which cannot spill (at 50 times the demo's people it needs 400-600 MB,
    more than a load's default limit)."""
    before = con.execute("select current_setting('memory_limit')").fetchone()[0]
    if memory_mb is not None:
        con.execute(f"set memory_limit = '{int(memory_mb)}MiB'")  # SET takes no bound parameters
    try:
        con.execute("begin transaction")
        con.execute("delete from kept_results")  # whatever was kept before (by this load or an earlier one)
        load_id = con.execute("select coalesce(max(load_id), 0) from datasets").fetchone()[0]
        for name, params in landing_views(con):
            table = con.sql(query_sql(name), params=params).to_arrow_table()
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, table.schema) as writer:
                writer.write_table(table)
            con.execute("insert into kept_results values ($name, $parameters, $digest, $load_id, $result)",
                        {"name": name, "parameters": parameters_text(params), "digest": query_digest(name),
                         "load_id": load_id, "result": sink.getvalue().to_pybytes()})
        con.execute("commit")
        con.execute("checkpoint")
        return True
    except BaseException as error:
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        if out_of_memory_cause(error) is not None:
            return False
        raise
    finally:
        with contextlib.suppress(duckdb.Error):  # an invalidated connection refuses this too: keep the first error
            con.execute(f"set memory_limit = '{before}'")
