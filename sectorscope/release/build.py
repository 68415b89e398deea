"""Building the ``release_cells`` table from the database, inside the caller's transaction (a load's write)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from sectorscope import codes, config
from sectorscope.db import query_sql
from sectorscope.present.availability import loaded_tables
from sectorscope.release import RELEASE_COLUMNS, Geography, ReleaseInput, StepNotice, release_of
from sectorscope.release.publishable import (
    ANSWERS_KEY,
    FIRST_FORMAT_WITH_VALUES,
    FORMAT_KEY,
    RELEASE_FORMAT,
    stored_release,
)
from sectorscope.release.stable import HIDDEN_VALUE_COLUMNS
from sectorscope.schema import SCHEMA_FILE

# The tables a build writes: the public release, and the true values of its hidden counts (staff only, read by the
# next build alone: ``release.stable``).
RELEASE_TABLES = ("release_cells", "release_hidden_values")


def release_ddl(table: str = "release_cells") -> list[str]:
    """The statements of ``schema.sql`` that define ``table`` (one of ``RELEASE_TABLES``), for databases made before
    it existed."""
    statements = ["\n".join(line for line in part.splitlines() if not line.startswith("--")).strip()
                  for part in SCHEMA_FILE.read_text().split(";\n")]
    return [statement for statement in statements
            if statement.startswith((f"create table {table} ", f"comment on table {table} ",
                                     f"comment on column {table}."))]


def _read(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    # On ``con`` itself, not a cursor: a cursor is another connection and would not see the load's open transaction.
    return con.execute(query_sql(name), params or None).df()


def ensure_release_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create each of ``RELEASE_TABLES`` the database predates. No data model version is needed for them: only a
    build reads ``release_hidden_values``, after this, and a reader of any version reads ``release_cells`` alone."""
    held = set(_read(con, "release_tables_held", table_names=list(RELEASE_TABLES))["table_name"])
    for table in RELEASE_TABLES:
        if table not in held:
            for statement in release_ddl(table):
                con.execute(statement)


def previous_hidden(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The stored release's hidden count cells with their true values (``stable.HIDDEN_VALUE_COLUMNS``), for the
    next build to keep hidden while unchanged. NaN where the release was built in a format before
    ``FIRST_FORMAT_WITH_VALUES`` (an older Sectorscope kept no values, or left those of an earlier build of this
    one) or after this one's, so each such cell is kept whatever its value."""
    rows = _read(con, "release_previous_hidden")[HIDDEN_VALUE_COLUMNS]
    stored_format = stored_release(lambda name: _read(con, name)).release_format
    if stored_format is None or not FIRST_FORMAT_WITH_VALUES <= stored_format <= RELEASE_FORMAT:
        rows = rows.assign(value=np.nan)
    return rows


def active_state(con: duckdb.DuckDBPyConnection) -> str | None:
    """The state the release is about (``active_state.sql``), or None when the database names none yet."""
    return codes.known_state(_read(con, "active_state")["state_fips"].iloc[0])


def read_release_input(con: duckdb.DuckDBPyConnection) -> ReleaseInput | None:
    """The facts the release is computed from, or None when the database names no state yet."""
    state = active_state(con)
    if state is None:
        return None
    region_rows = _read(con, "release_region_counties", state_fips=state)
    regions = {region: tuple(rows["county_fips"]) for region, rows in region_rows.groupby("region_id", sort=True)}
    # The release's places: the state's counties and those across a state line a region names (its labor market's
    # people, as the staff pages count them). They were the map area's (another state's counties a partnership names
    # too) while the regions held only their counties in the state: one county of another state in a region broke the
    # partition, so no region was split by sector, and the region's people living across the line were not the
    # region's. Someone living in another state's county that no region names (a partnership's only) is outside the
    # state and its regions: ``UNKNOWN_COUNTY``.
    map_area = _read(con, "state_counties", state_fips=state)
    across = set(region_rows["county_fips"])
    counties = tuple(county for county, county_state in zip(map_area["county_fips"], map_area["state_fips"],
                                                            strict=True) if county_state == state or county in across)
    return ReleaseInput(
        geography=Geography(state, counties, regions),
        partnerships=_read(con, "release_partnerships"),
        people=_read(con, "release_people"),
        responses=_read(con, "release_responses"),
        grants=_read(con, "release_grants"),
    )


# The loadable tables the release is computed from: ``read_release_input``'s queries read these and no other
# (tests/test_release_inputs.py checks it against DuckDB's plans of those queries).
RELEASE_INPUT_TABLES = frozenset({"region_counties", "partnerships", "partnership_counties", "grants", "employers",
                                  "participants", "employer_surveys"})


def release_is_current(con: duckdb.DuckDBPyConnection, written: set[str], state_changed: bool,
                       k: int | None = None) -> bool:
    """Would ``build_release`` compute what ``release_cells`` holds, after a load that wrote the tables ``written``?

    Yes when the load wrote none of ``RELEASE_INPUT_TABLES`` and did not change the state, and the release holds
    cells built with k = ``config.min_cell_size()`` (or ``k``): a load of QCEW, QWI or wage records alone then
    keeps the release as it is instead of computing it again (38 s for a state of 10 times the demo's people).
    An empty or missing release is never current, nor one built with another k or by an older Sectorscope (another
    ``RELEASE_FORMAT``). Until then the pages withhold a release built with a smaller k or in an older format
    (``release.publishable``).
    """
    if written & RELEASE_INPUT_TABLES or state_changed:
        return False
    stored = stored_release(lambda name: _read(con, name))  # no rows: built with no k, so never current
    return (stored.release_format == RELEASE_FORMAT
            and stored.built_with == {k if k is not None else config.min_cell_size()})


def build_release(con: duckdb.DuckDBPyConnection, k: int | None = None, progress: StepNotice | None = None) -> int:
    """Recompute ``release_cells`` with k = ``config.min_cell_size()`` (or ``k``), keeping hidden what the stored
    release hid while its value is unchanged (``release.stable``), and record the format it is built in
    (``schema_meta``: ``release.publishable.RELEASE_FORMAT``) and the true values of its hidden counts
    (``release_hidden_values``, for the next build); returns the rows of ``release_cells`` written.

    Runs in whatever transaction ``con`` is in, so a load's release is committed (or rolled back) with its data.
    """
    ensure_release_tables(con)
    previous = previous_hidden(con)  # before anything is deleted: the release the public may have kept
    con.execute("delete from release_cells")
    con.execute("delete from release_hidden_values")
    con.execute("delete from schema_meta where key = $key", {"key": FORMAT_KEY})
    con.execute("insert into schema_meta values ($key, $format)", {"key": FORMAT_KEY, "format": str(RELEASE_FORMAT)})
    # the groups of answers the records hold, for the public views, which read the release alone: a card of answers
    # no record holds says none is published, not "hidden for privacy" (a staffer)
    held = ",".join(sorted(loaded_tables(_read(con, "answers_collected"))))
    con.execute("delete from schema_meta where key = $key", {"key": ANSWERS_KEY})
    con.execute("insert into schema_meta values ($key, $held)", {"key": ANSWERS_KEY, "held": held})
    data = read_release_input(con)
    if data is None:
        return 0
    release = release_of(data, k if k is not None else config.min_cell_size(), progress, previous)
    con.from_df(release.cells[RELEASE_COLUMNS]).insert_into("release_cells")
    con.from_df(release.hidden_values[HIDDEN_VALUE_COLUMNS]).insert_into("release_hidden_values")
    return len(release.cells)
