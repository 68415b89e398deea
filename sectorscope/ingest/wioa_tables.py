"""The WIOA tables built at each load: every exiter's part in each WIOA indicator (``wioa_outcomes``) and every
participant's part in the measurable skill gains of each program year in training (``wioa_skill_gains``).

Both depend on the whole state's records (the last quarter of the wage records, the latest date in the program
records), so a load that writes participants or wage records rebuilds them whole, in its own transaction. They are
computed by the one definition of each indicator (``metrics.wioa.wioa_exiter_outcomes``, ``skill_gain_rows``),
``VECTORS_PER_BATCH`` x 2,048 people at a time, so that memory holds one batch of input and the compact results.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import duckdb
import pandas as pd

from sectorscope.db import query_sql
from sectorscope.metrics import wioa

VECTORS_PER_BATCH = 100  # DuckDB vectors of 2,048 rows: about 200,000 people at a time
# Every exiter and participant, whatever their sector, county, partnership, year or publication.
EVERYONE = {"sector_codes": [], "county_fips": [], "partnership_ids": [], "year_from": 0, "year_to": 9999,
            "by_partnership_county": False, "public_only": False}


def _batches(con: duckdb.DuckDBPyConnection, name: str):
    # On ``con`` itself, not a cursor: a cursor is another connection and would not see the load's open transaction.
    result = con.execute(query_sql(name), EVERYONE)
    while True:
        frame = result.fetch_df_chunk(VECTORS_PER_BATCH)
        if frame.empty:
            return
        yield frame


def program_year_span(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Every program year a page can ask about: from the PY of the first enrolment to the year after the last year of
    the data (the records' latest date or the last year the filters offer), so no PY a page asks lacks its rows."""
    row = con.execute(query_sql("wioa_program_year_span")).fetchone()
    first, last = row
    return [] if first is None or last is None else list(range(int(first), int(last) + 1))


def refresh_wioa_tables(con: duckdb.DuckDBPyConnection,
                        progress: Callable[[float, str], None] | None = None) -> tuple[int, int]:
    """Rebuild ``wioa_outcomes`` and ``wioa_skill_gains`` from what ``con``'s transaction holds (``exiter_wages``
    first); returns the rows written to each. ``progress`` hears how far it has come after each batch: the share of
    its work done (the exiters' indicators the first half, the participants' skill gains the second) and what."""
    say = progress or (lambda share, message: None)
    con.execute("delete from wioa_outcomes")
    con.execute("delete from wioa_skill_gains")
    coverage = wioa.Coverage.from_row(con.execute(query_sql("wage_record_coverage")).df().iloc[0])
    exiters, participants = con.execute(query_sql("wioa_people_count")).fetchone()
    outcomes, done = [], 0
    for frame in _batches(con, "wioa_exiters"):
        # every column beside the indicators as plain arrays: the indicators' rows are the frame's, in its order
        outcomes.append(_compact(wioa.wioa_exiter_outcomes(frame, coverage).assign(
            participant_id=frame["participant_id"].to_numpy(),
            **_filtered_by(frame, "partnership_id", "county_fips", "exit_year"))))
        done += len(frame)
        say(0.5 * done / max(exiters, 1), f"WIOA indicators: {done:,} of {exiters:,} exiters")
    years = program_year_span(con)
    gains, done = [], 0
    for frame in _batches(con, "skill_gain_participants"):
        rows = wioa.skill_gain_rows(frame, years)
        gains.append(_compact(rows.assign(participant_id=frame["participant_id"].loc[rows.index].to_numpy(),
                                          **_filtered_by(frame.loc[rows.index], "partnership_id", "county_fips"))))
        done += len(frame)
        say(0.5 + 0.5 * done / max(participants, 1), f"WIOA skill gains: {done:,} of {participants:,} participants")
    return (_insert(con, outcomes, "insert into wioa_outcomes by name select * from wioa_rows"),
            _insert(con, gains, "insert into wioa_skill_gains by name select * from wioa_rows"))


STATUSES = pd.CategoricalDtype(wioa.STATUSES)


def _filtered_by(frame: pd.DataFrame, *columns: str) -> dict[str, object]:
    """The person's columns a selection filters by, kept with each row (so a page filters the rows it counts
    instead of joining them to the participants), as plain arrays aligned with the rows."""
    return {column: frame[column].to_numpy() for column in columns}


def _compact(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with each status as a category (one byte instead of its text), as they wait for the other batches."""
    statuses = [column for column in rows.columns if column == "status" or column.endswith("_status")]
    return rows.astype(dict.fromkeys(statuses, STATUSES))


def _insert(con: duckdb.DuckDBPyConnection, parts: list[pd.DataFrame], statement: str) -> int:
    if not parts:
        return 0
    rows = pd.concat(parts, ignore_index=True)
    con.register("wioa_rows", rows)
    try:
        con.execute(statement)
    finally:
        with contextlib.suppress(duckdb.Error):  # an aborted transaction refuses this too: keep the first error
            con.unregister("wioa_rows")
    return len(rows)
