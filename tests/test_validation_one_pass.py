"""Every problem in one pass: a batch with two dozen distinct problems (tests/data/one_pass/) gets all of them in one
report, each with file, row, column and the value exactly as typed; warnings are reported but do not reject."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from tiny_state import tiny_tables

from sectorscope.ingest import load as ingest
from sectorscope.ingest import readers
from sectorscope.ingest.validation import ValidationError, as_typed, errors_of, problems_frame, warnings_of

ONE_PASS = Path(__file__).resolve().parent / "data" / "one_pass"

# (file, row, column, words in the message, value as typed): one per distinct problem planted in the files.
EXPECTED_ERRORS = [
    ("partnerships.csv", 2, "convener_type", "not an allowed value", "board"),
    ("partnerships.csv", 3, "phase", "not an allowed value", "active"),
    ("partnerships.csv", 4, "name", "required value is empty", None),
    ("partnerships.csv", 5, "end_date", "end_date comes before start_date", "2016-12-31"),
    ("partnerships.csv", 6, "partnership_id", "duplicate key", "P1"),
    ("partnerships.csv", 7, "start_date", "not a date", "2018-13-45"),
    ("partnerships.csv", 8, "is_public", "true/false", "maybe"),
    ("partnerships.csv", 9, "sector_code", "not in sectors", "ZZZ"),
    ("partnerships.csv", 10, "region_id", "not in regions", "R9"),
    ("partnerships.csv", 11, "region_id", "no region and no county", None),
    ("partnerships.csv", 12, "description", "formula", "=SUM(A1)"),
    ("participants.csv", None, "training_type", "required column is missing", None),
    ("participants.csv", 2, "county_fips", "5-digit FIPS", "4271"),
    ("participants.csv", 3, "county_fips", "not in counties", "99999"),
    ("participants.csv", 4, "pre_hourly_wage", "plausible range", "2000"),
    ("participants.csv", 5, "pre_hourly_wage", "not a number", "twelve"),
    ("participants.csv", 6, "completed", "true/false", "maybe"),
    ("participants.csv", 7, "partnership_id", "not in partnerships", "P404"),
    ("participants.csv", 8, "exited_on", "exited_on comes before enrolled_on", "06/30/2016"),
    ("participants.csv", 9, "participant_id", "duplicate key", "A"),
    ("grants.csv", None, "funder", "column appears twice", None),
    ("grants.csv", 2, "amount_usd", "outside the plausible range 0 to 100,000,000", "-5"),
    ("grants.csv", 3, "funding_source", "not an allowed value", "lottery"),
    ("region_counties.csv", 3, "region_id", "not in regions", "NE"),
]
EXPECTED_WARNINGS = [
    ("partnerships.csv", None, "source_url", "left out of the load", None),
    ("participants.csv", 10, "exited_on", "exit after its end date", "2017-06-30"),
]


def found(problems, expected) -> bool:
    source, row, column, words, value = expected
    return any(p.source == source and p.row == row and p.column == column and words in p.message
               and p.value == value for p in problems)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The one report of loading the batch into a new database (nothing is written)."""
    path = tmp_path_factory.mktemp("one_pass") / "new.duckdb"
    read = readers.read_paths(sorted(ONE_PASS.glob("*.csv")))
    assert read.problems == []
    with pytest.raises(ValidationError) as caught:
        ingest.load_batch(path, read.inputs)
    assert not path.exists(), "a rejected batch must not create the database"
    return caught.value.problems


@pytest.mark.parametrize("expected", EXPECTED_ERRORS, ids=lambda e: f"{e[0]}-{e[1]}-{e[2]}-{e[3]}")
def test_every_planted_problem_is_in_the_one_report(report, expected):
    assert found(errors_of(report), expected), [str(p) for p in report if p.source == expected[0]]


def test_eighteen_or_more_distinct_problems_in_one_report(report):
    assert len(EXPECTED_ERRORS) >= 18
    assert sum(found(errors_of(report), expected) for expected in EXPECTED_ERRORS) == len(EXPECTED_ERRORS)


@pytest.mark.parametrize("expected", EXPECTED_WARNINGS, ids=lambda e: f"{e[0]}-{e[2]}")
def test_warnings_are_reported_as_warnings(report, expected):
    assert found(warnings_of(report), expected), [str(p) for p in warnings_of(report)]


def test_values_are_echoed_as_typed(report):
    values = [p.value for p in report if p.value]
    assert not any(value.endswith(("00:00:00", ".0")) for value in values), values


def test_the_report_table_shows_rows_as_whole_numbers(report):
    shown = problems_frame(report).astype("string").fillna("")
    assert "2" in set(shown["row"]) and not any(row.endswith(".0") for row in shown["row"])
    assert set(shown["severity"]) == {"error", "warning"}


def test_a_reference_to_an_empty_table_names_the_file_to_add(tmp_path):
    partnerships = tiny_tables()["partnerships"]
    with pytest.raises(ValidationError) as caught:
        ingest.load_batch(tmp_path / "new.duckdb", [ingest.TableInput("partnerships", partnerships,
                                                                      "partnerships.csv")])
    messages = [p.message for p in caught.value.problems]
    assert any("add sectors.csv and regions.csv to the same batch" in m for m in messages), messages
    assert any(p.column == "sector_code" and p.value == "HLTH" and "add sectors.csv" in p.message
               for p in caught.value.problems)


def test_only_warnings_load_and_travel_with_the_result(tiny_db, tmp_path):
    path = tmp_path / "live.duckdb"
    shutil.copyfile(tiny_db, path)
    regions = pd.DataFrame({"region_id": ["SC", "NW"], "region_name": ["South Central", "North West"],
                            "region_type": ["workforce development area", ""], "notes": ["x", "y"]})
    result = ingest.load_batch(path, [ingest.TableInput("regions", regions, "regions.csv")])
    assert {(w.column, w.severity) for w in result.warnings} == {("notes", "warning"), ("region_id", "warning")}
    assert any("NW" in (w.value or "") and "Region filter" in w.message for w in result.warnings)
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("select region_type from regions where region_id = 'NW'").fetchall() == [(None,)]


def test_a_rejected_batch_leaves_a_live_database_unchanged(tiny_db, tmp_path):
    path = tmp_path / "live.duckdb"
    shutil.copyfile(tiny_db, path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    read = readers.read_paths(sorted(ONE_PASS.glob("*.csv")))
    with pytest.raises(ValidationError):
        ingest.load_batch(path, read.inputs)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_exits_after_a_new_end_date_are_warned_about(tiny_db, tmp_path):
    path = tmp_path / "live.duckdb"
    shutil.copyfile(tiny_db, path)
    partnerships = tiny_tables()["partnerships"].assign(end_date=["2017-12-31", ""])  # P1's exits run into 2018
    result = ingest.load_batch(path, [ingest.TableInput("partnerships", partnerships, "partnerships.csv")])
    assert [(w.row, w.column, w.value) for w in result.warnings] == [(2, "end_date", "2017-12-31")]


@pytest.mark.parametrize(("value", "shown"), [
    ("2000", "2000"), (2000.0, "2000"), (12.5, "12.5"), (pd.Timestamp("2018-01-01"), "2018-01-01"),
    (None, None), (float("nan"), None), (" x ", " x "),
])
def test_as_typed(value, shown):
    assert as_typed(value) == shown


def test_a_reference_reads_with_its_article(tmp_path):
    """"refers to a employer_id" (a reviewer): an employer_id, a partnership_id."""
    tables = tiny_tables()
    surveys = tables["employer_surveys"].copy()
    surveys.loc[0, "employer_id"] = "E404"
    inputs = [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()
              if name != "employer_surveys"] + [ingest.TableInput("employer_surveys", surveys, "employer_surveys.csv")]
    with pytest.raises(ValidationError) as caught:
        ingest.load_batch(tmp_path / "new.duckdb", inputs)
    messages = [p.message for p in caught.value.problems if p.value == "E404"]
    assert messages and messages[0].startswith("refers to an employer_id that is not in employers"), messages
