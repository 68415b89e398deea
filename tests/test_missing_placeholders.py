"""A text cell holding only a placeholder for a missing value ("N/A", "-") is refused with its own reason, not stored
as a name ("N/A" became a partnership's convener) nor called a spreadsheet formula ("-"); real text that merely starts
or ends like one loads."""

from __future__ import annotations

import pytest
from tiny_state import tiny_tables

from sectorscope.ingest import load as ingest
from sectorscope.ingest.validation import PLACEHOLDER_REASON, ValidationError, errors_of


def refused(tmp_path, **cells: str) -> list:
    """The problems of loading the tiny state with the first partnership's cells set to ``cells``."""
    tables = tiny_tables()
    partnerships = tables["partnerships"].astype(object)
    for column, value in cells.items():
        partnerships.loc[0, column] = value
    tables["partnerships"] = partnerships
    inputs = [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()]
    path = tmp_path / "state.duckdb"
    try:
        ingest.load_batch(path, inputs)
    except ValidationError as error:
        assert not path.exists()
        return errors_of(error.problems)
    return []


@pytest.mark.parametrize("typed", ["N/A", "n/a", "#N/A", "NA", "null", "-", " -- ", "—"])
def test_a_placeholder_in_a_text_cell_is_refused_as_one(tmp_path, typed):
    problems = refused(tmp_path, convener_name=typed)
    assert [(p.source, p.row, p.column, p.value, p.message) for p in problems] == [
        ("partnerships.csv", 2, "convener_name", typed, PLACEHOLDER_REASON)]


def test_a_placeholder_in_a_coded_cell_is_one_problem_not_two(tmp_path):
    """"N/A" in a coded column was refused twice, as a placeholder and as "not an allowed value" (a data
    steward): once, as a placeholder."""
    problems = refused(tmp_path, convener_type="N/A")
    assert [(p.column, p.message) for p in problems] == [("convener_type", PLACEHOLDER_REASON)]


@pytest.mark.parametrize(("column", "typed"), [("start_date", "N/A"), ("start_date", "-")])
def test_a_placeholder_in_a_date_cell_is_refused_as_a_placeholder(tmp_path, column, typed):
    problems = refused(tmp_path, **{column: typed})
    assert [(p.column, p.value, p.message) for p in problems] == [(column, typed, PLACEHOLDER_REASON)]


def test_a_placeholder_in_a_number_cell_says_to_leave_it_empty(tmp_path):
    """"N/A" in pre_hourly_wage read "not a number ... at most 10,000,000,000,000,000", the reader's bound taken
    for the column's range (a data steward)."""
    tables = tiny_tables()
    participants = tables["participants"].astype(object)
    participants.loc[0, "pre_hourly_wage"] = "N/A"
    tables["participants"] = participants
    inputs = [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()]
    with pytest.raises(ValidationError) as caught:
        ingest.load_batch(tmp_path / "state.duckdb", inputs)
    assert [(p.column, p.value, p.message) for p in errors_of(caught.value.problems)] == [
        ("pre_hourly_wage", "N/A", PLACEHOLDER_REASON)]


def test_a_formula_is_still_called_a_formula_beside_a_placeholder(tmp_path):
    problems = refused(tmp_path, convener_name="N/A", description="-2 + A1")
    assert {(p.column, p.message.split(";")[0].split(":")[0]) for p in problems} == {
        ("convener_name", "a placeholder for a missing value"), ("description", "looks like a spreadsheet formula")}


@pytest.mark.parametrize("typed", ["N/A Workforce Partners", "Nashville", "None of the above Inc.", "A-1 Staffing"])
def test_text_that_only_looks_like_a_placeholder_loads(tmp_path, typed):
    assert refused(tmp_path, convener_name=typed) == []


def test_a_count_of_rows_left_out_of_a_report_reads_with_thousands_separators(tmp_path):
    """"546856 more rows refer to unknown partnerships" read as one long number (a reviewer)."""
    import pandas as pd

    tables = tiny_tables()
    participants = tables["participants"]
    many = pd.concat([participants.iloc[[0]]] * 1_500, ignore_index=True)
    many["participant_id"] = [f"X{number}" for number in range(len(many))]
    many["partnership_id"] = "P404"
    tables["participants"] = many
    inputs = [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()]
    with pytest.raises(ValidationError) as caught:
        ingest.load_batch(tmp_path / "state.duckdb", inputs)
    counted = [p.message for p in caught.value.problems if "more rows refer to unknown" in p.message]
    assert counted == ["1,300 more rows refer to unknown partnerships"]
