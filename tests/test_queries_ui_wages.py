"""The query combining a UI wage file's rows per employer (``ingest.ui_wages`` runs it on the file's typed rows)."""

from __future__ import annotations

import duckdb
import pytest
from query_support import query_runs_test

from sectorscope import db

PARAMETERS = {"ui_wage_rows_combined": {}}


@pytest.fixture
def con():
    connection = duckdb.connect()
    connection.execute("""
        create table ui_rows as select * from (values
            ('A', 2018, 1, 'E2', 1200.0, null), ('A', 2018, 1, 'E1', 3000.0, 200.0),
            ('B', 2018, 1, null, 50.0, 5.0), ('B', 2018, 1, 'E3', 50.0, 5.0))
            as t(participant_id, year, quarter, employer_id, earnings_usd, hours)""")
    yield connection
    connection.close()


test_query_runs_and_starts_with_a_header_comment = query_runs_test(PARAMETERS, header="-- One row per")


def test_a_quarter_of_several_employers_is_one_row(con):
    rows = db.run_query(con, "ui_wage_rows_combined").to_dict("records")
    a, b = rows
    assert (a["employer_id"], a["earnings_usd"], a["other_employer_ids"], a["rows_combined"]) == ("E1", 4200.0, "E2", 2)
    assert a["hours"] != a["hours"]  # one employer's hours unknown: the quarter's too
    # a row with no employer id adds its earnings and hours, and names no employer
    assert (b["employer_id"], b["earnings_usd"], b["hours"], b["other_employer_ids"]) == ("E3", 100.0, 10.0, None)
