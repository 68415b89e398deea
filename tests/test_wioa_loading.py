"""Loading the WIOA fields through the real loader into real DuckDB files: several skill gain dates, the youth
fields, files without them, and the warning about a credential dated before enrolment."""

from __future__ import annotations

import duckdb
import pytest
from tiny_workers import wioa_tables, worker_tables

from sectorscope.ingest import load as ingest
from sectorscope.ingest.validation import ValidationError


def load(path, tables):
    return ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()],
                             state_fips="42")


def participants_of(path) -> dict[str, tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute("select participant_id, skill_gain_on, is_youth, in_education_q2 "
                           "from participants").fetchall()
    return {row[0]: row[1:] for row in rows}


def test_a_credential_dated_before_enrolment_loads_with_a_warning_naming_the_cell(tmp_path):
    tables = wioa_tables()
    people = tables["participants"]
    w4 = people.index[people["participant_id"] == "W4"][0]  # enrolled 2018-03-01; 4th data row = row 5
    people.loc[w4, "credential_on"] = "01/15/2018"
    result = load(tmp_path / "early.duckdb", tables)
    early = [p for p in result.warnings if p.column == "credential_on"]
    assert len(early) == 1
    warning = early[0]
    assert (warning.source, warning.table, warning.row, warning.value) == ("participants.csv", "participants", 5,
                                                                           "01/15/2018")
    assert not warning.is_error and "before the enrolment date (2018-03-01)" in warning.message
    assert "W4" in participants_of(tmp_path / "early.duckdb")  # loaded all the same


def test_no_warning_for_credentials_after_enrolment(tmp_path):
    result = load(tmp_path / "fine.duckdb", wioa_tables())
    assert not [p for p in result.warnings if p.column == "credential_on"]


def test_several_skill_gain_dates_and_the_youth_fields_load(tmp_path):
    load(tmp_path / "wioa.duckdb", wioa_tables())
    people = participants_of(tmp_path / "wioa.duckdb")
    w3, w4, w5 = people["W3"], people["W4"], people["W5"]
    assert [str(day) for day in w4[0]] == ["2018-05-01", "2018-09-01"]  # "2018-05-01; 2018-09-01"
    assert [str(day) for day in w5[0]] == ["2019-06-01"]  # "06/01/2019": one date is a list of one
    assert w3[1:] == (True, True)  # is_youth "true", in_education_q2 "yes"
    assert people["W1"] == (None, None, None)  # empty cells stay empty


def test_files_without_the_new_fields_still_load(tmp_path):
    load(tmp_path / "plain.duckdb", worker_tables())  # participants.csv as before: none of the WIOA columns
    assert all(values == (None, None, None) for values in participants_of(tmp_path / "plain.duckdb").values())


def test_an_unreadable_skill_gain_date_rejects_the_batch_naming_the_value_as_typed(tmp_path):
    tables = wioa_tables()
    people = tables["participants"]
    people.loc[people["participant_id"] == "W4", "skill_gain_on"] = "2018-05-01; 2018-13-01"
    with pytest.raises(ValidationError) as rejected:
        load(tmp_path / "bad.duckdb", tables)
    problem = next(p for p in rejected.value.problems if p.column == "skill_gain_on")
    assert (problem.source, problem.row, problem.value) == ("participants.csv", 5, "2018-05-01; 2018-13-01")
    assert "dates separated by ';'" in problem.message
    assert not (tmp_path / "bad.duckdb").exists()  # nothing written
