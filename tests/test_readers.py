"""Reading CSV (encodings, separators), Excel and Parquet files; corrupt files become problems, not crashes."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from tiny_state import tiny_tables

from sectorscope.ingest import readers, templates


def csv_bytes(frame: pd.DataFrame, sep: str = ",", encoding: str = "utf-8") -> bytes:
    return frame.to_csv(index=False, sep=sep).encode(encoding)


@pytest.mark.parametrize(("sep", "encoding"), [(",", "utf-8"), (";", "utf-8"), (";", "latin-1"), ("\t", "utf-8")])
def test_csv_separators_and_encodings(sep, encoding):
    frame = tiny_tables()["employers"].assign(name=["Café Général", "Acme Tools"])
    declared = None if encoding == "utf-8" else encoding  # UTF-8 unless declared: never guessed per file
    result = readers.read_upload("employers.csv", csv_bytes(frame, sep, encoding), encoding=declared)
    assert result.problems == []
    [item] = result.inputs
    assert item.table == "employers" and list(item.frame["name"]) == ["Café Général", "Acme Tools"]
    assert list(item.frame["county_fips"]) == ["42071", "42133"]


def test_leading_zeros_survive():
    frame = pd.DataFrame({"county_fips": ["01001"], "name": ["x"], "employer_id": ["E1"]})
    [item] = readers.read_upload("employers.csv", csv_bytes(frame)).inputs
    assert item.frame["county_fips"].iloc[0] == "01001"


@pytest.mark.parametrize(
    ("name", "table"),
    [("Participants.csv", "participants"), ("employer surveys 2024.xlsx", "employer_surveys"),
     ("employers.csv", "employers"), ("region-counties.csv", "region_counties"), ("notes.csv", None),
     ("qcew_annual.parquet", "qcew_annual"), ("2024 participants.csv", "participants"), ("grants.tsv", "grants"),
     ("bom_participants.csv", "participants"), ("partners and participants.csv", None),
     ("partnership_counties.csv", "partnership_counties"), ("participants(1).csv", "participants"),
     ("regions.txt.gz", "regions"), ("Wage Records 2024-Q1.csv", "wage_records")],
)
def test_table_from_file_name(name, table):
    assert readers.table_for_name(name) == table


def test_workbook_sheets_become_tables_and_readme_is_skipped():
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame({"x": ["read me"]}).to_excel(writer, sheet_name="README", index=False)
        tiny_tables()["sectors"].to_excel(writer, sheet_name="sectors", index=False)
        tiny_tables()["regions"].to_excel(writer, sheet_name="Regions", index=False)
    result = readers.read_upload("state.xlsx", buffer.getvalue())
    assert result.problems == []
    assert sorted(item.table for item in result.inputs) == ["regions", "sectors"]


def test_parquet_is_read():
    buffer = io.BytesIO()
    tiny_tables()["grants"].to_parquet(buffer)
    [item] = readers.read_upload("grants.parquet", buffer.getvalue()).inputs
    assert list(item.frame["amount_usd"]) == ["100000", "300000", "200000"]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [("participants.csv", b"", "empty"),
     ("participants.csv", b"\x00\x01\x02binary\xff" * 50, "binary"),
     ("participants.xlsx", b"PK\x03\x04 not really a zip", "cannot read"),
     ("participants.parquet", b"PAR1 garbage", "cannot read"),
     ("mystery.csv", b"a,b\n1,2\n", "which table")],
)
def test_unreadable_files_are_reported_by_name(name, data, words):
    result = readers.read_upload(name, data)
    assert result.inputs == []
    [problem] = result.problems
    assert problem.source == name and words in problem.message


def test_size_limit(monkeypatch):
    monkeypatch.setenv("SECTORSCOPE_MAX_UPLOAD_MB", "0.001")
    [problem] = readers.read_upload("participants.csv", b"x" * 5000).problems
    assert "limit is" in problem.message


def test_data_dictionary_covers_every_loadable_column_with_rules():
    dictionary = templates.data_dictionary()
    assert set(dictionary["table"]) == set(readers.schema.LOADABLE_TABLES)
    row = dictionary.set_index(["table", "column"]).loc[("participants", "pre_hourly_wage")]
    assert row["type"] == "number" and "between 0 and 500" in row["rules"]
    convener = dictionary.set_index(["table", "column"]).loc[("partnerships", "convener_type")]
    assert "workforce board" in convener["allowed_values"] and convener["required"] == "no"
    assert dictionary.set_index(["table", "column"]).loc[("partnerships", "name"), "required"] == "yes"
    # a column Sectorscope's QCEW reader fills is not asked of the state (whether BLS's file held quarters)
    assert ("qcew_annual", "from_quarters") not in set(zip(dictionary["table"], dictionary["column"], strict=True))
    assert "from_quarters" not in templates.blank_template("qcew_annual").columns


def test_workbook_template_reads_back_as_empty_tables():
    book = pd.read_excel(io.BytesIO(templates.workbook_bytes()), sheet_name=None)
    assert {"README", "data dictionary", "participants", "qwi"} <= set(book)
    assert list(book["participants"].columns)[:2] == ["participant_id", "partnership_id"]


def test_a_blank_heading_is_named_by_its_spreadsheet_column():
    """An Excel export's blank header cells were named "Unnamed: 8" (pandas' count from 0; the user sees column I)."""
    [item] = readers.read_upload("regions.csv", b"region_id,region_name,,\nR1,North,,\nR2,South,x,\n").inputs
    assert list(item.frame.columns)[2:] == ["(no heading, column C)", "(no heading, column D)"]
    assert [readers.column_letters(at) for at in (0, 8, 25, 26, 52)] == ["A", "I", "Z", "AA", "BA"]
