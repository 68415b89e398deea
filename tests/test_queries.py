"""Every file in queries/ runs against the tiny state database and returns the values computed by hand."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import pytest
from query_support import EVERYTHING, query_runs_test, read_only
from tiny_state import CHESTER, LANCASTER, YORK

from sectorscope import db, schema
from sectorscope.config import QUERIES_DIR

ROOT = Path(__file__).resolve().parents[1]

PARAMETERS = {
    "sectors": {},
    "regions": {},
    "active_state": {},
    "served_states": {},
    "state_counties": {"state_fips": "42"},
    "known_counties": {},
    "dataset_status": {},
    "year_range": {},
    "partnership_choices": {"public_only": False},
    "partnership_directory": {**EVERYTHING, "public_only": False},
    "partnerships_by_county": {**EVERYTHING, "public_only": False, "state_fips": "42"},
    "employer_survey_outcomes": {**EVERYTHING, "public_only": False, "partnership_ids": []},
    "grants_of_partnerships": {"partnership_ids": ["P1", "P2"], "year_from": 2015, "year_to": 2025},
    "partners_of_partnerships": {"partnership_ids": ["P1", "P2"]},
    "system_changes_of_partnerships": {"partnership_ids": ["P1"], "year_from": 2015, "year_to": 2025},
    "stories_of_partnerships": {"partnership_ids": ["P1"], "consented_only": False},
    "partnership_profile": {"partnership_id": "P2"},
    "loaded_tables": {},
    "answers_collected": {},
    "load_history": {},
    "latest_load": {"table_name": "grants"},
    "public_partnership_registry": {"partnership_id": "P1"},
    "schema_version": {},
}


@pytest.fixture(scope="module")
def con(tiny_db):
    yield from read_only(tiny_db)


def covered_query_names() -> set[str]:
    """Queries with test parameters here or in a feature's own ``tests/test_queries_*.py`` (its PARAMETERS)."""
    names = set(PARAMETERS)
    for path in Path(__file__).parent.glob("test_queries_*.py"):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        names |= set(module.PARAMETERS)
    return names


def test_every_query_file_is_tested():
    assert {path.stem for path in QUERIES_DIR.glob("*.sql")} == covered_query_names()


test_query_runs_and_starts_with_a_header_comment = query_runs_test(PARAMETERS)


def test_the_known_counties_are_the_census_lists_every_one(con):
    known = db.run_query(con, "known_counties")["county_fips"]
    assert len(known) == 3142 and {LANCASTER, YORK, CHESTER, "08001"} <= set(known)


def test_schema_version_query_reads_the_recorded_version(con):
    assert db.run_query(con, "schema_version")["schema_version"].tolist() == [schema.SCHEMA_VERSION]


def test_a_tables_latest_load_is_its_last_on_record_and_none_for_a_table_never_loaded(con):
    """The tiny state's grants were loaded once: its checksum, as the load history records it; qwi never."""
    latest = db.run_query(con, "latest_load", table_name="grants")
    history = db.run_query(con, "load_history")
    grants = history[history["table_name"].eq("grants")]
    assert len(latest) == 1 and latest["sha256"].iloc[0] == grants["sha256"].iloc[0]
    assert db.run_query(con, "latest_load", table_name="qwi").empty


def test_a_public_partnerships_registry_row_is_its_alone_and_none_for_one_not_public(con):
    """The tiny state's P1 agreed to be public, P2 did not: P1's registry row (its dates, sector), none for P2."""
    row = db.run_query(con, "public_partnership_registry", partnership_id="P1")
    assert row["partnership_id"].tolist() == ["P1"] and row["sector_name"].notna().all()
    assert db.run_query(con, "public_partnership_registry", partnership_id="P2").empty


def test_the_state_is_recorded_and_the_served_states_counted(con):
    """The tiny state records Pennsylvania; its partnerships and its region name three of its counties."""
    assert db.run_query(con, "active_state").to_dict("records") == [{"state_fips": "42", "is_recorded": True}]
    assert db.run_query(con, "served_states").to_dict("records") == [{"state_fips": "42", "counties": 3}]


def test_directory_counts(con):
    frame = db.run_query(con, "partnership_directory", **PARAMETERS["partnership_directory"]).set_index(
        "partnership_id")
    assert frame.loc["P1", "participants"] == 3 and frame.loc["P1", "completers"] == 2
    assert frame.loc["P1", "grant_dollars"] == 400_000
    assert list(frame.loc["P2", "county_names"]) == ["Chester County", "York County"]


def test_filters_narrow_the_directory(con):
    by_sector = db.run_query(con, "partnership_directory", **{**PARAMETERS["partnership_directory"],
                                                             "sector_codes": ["MFG"]})
    assert list(by_sector["partnership_id"]) == ["P2"]
    by_county = db.run_query(con, "partnership_directory", **{**PARAMETERS["partnership_directory"],
                                                             "county_fips": [LANCASTER]})
    assert list(by_county["partnership_id"]) == ["P1"]
    public = db.run_query(con, "partnership_directory", **{**PARAMETERS["partnership_directory"],
                                                          "public_only": True})
    assert list(public["partnership_id"]) == ["P1"]
    before_any = db.run_query(con, "partnership_directory", **{**PARAMETERS["partnership_directory"],
                                                              "year_from": 2010, "year_to": 2014})
    assert before_any.empty


def test_partnerships_by_county(con):
    frame = db.run_query(con, "partnerships_by_county", **PARAMETERS["partnerships_by_county"]).set_index(
        "county_fips")
    assert len(frame) == 67
    assert frame.loc[YORK, "partnerships"] == 1 and frame.loc[CHESTER, "main_sector"] == "Manufacturing"
    assert frame.loc["42003", "partnerships"] == 0  # Allegheny: none


def test_participants_filter_by_residence_and_exit_year(con):
    params = {**EVERYTHING, "public_only": False, "partnership_ids": [], "county_fips": [YORK], "year_from": 2018,
              "year_to": 2018, "by_partnership_county": False}
    frame = db.run_query(con, "worker_outcomes", **params)
    assert list(frame["participant_id"]) == ["C"]


def test_public_stories_only_with_consent(con):
    frame = db.run_query(con, "stories_of_partnerships", partnership_ids=["P1"], consented_only=True)
    assert list(frame["story_id"]) == ["S1"]


def test_bound_values_are_never_sql(con):
    hostile = "'; drop table participants; --"
    frame = db.run_query(con, "partnership_profile", partnership_id=hostile)
    assert frame.empty
    assert db.run_query(con, "year_range").iloc[0]["first_year"] == 2015


def test_the_years_offered_reach_every_dated_record(con):
    """From the first dated record to the last, whatever its table: P1 started in 2015 and its first grant in 2016,
    before the first exit (2017); from exits alone, the demo's grants of 2005-2014 were in no view."""
    years = db.run_query(con, "year_range").iloc[0]
    assert (years["first_year"], years["last_year"]) == (2015, 2019)


def test_query_names_cannot_be_paths():
    with pytest.raises(db.MissingQueryError):
        db.query_sql("../pyproject")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_ui_subpackage_imports_streamlit():
    offenders = [path for path in (ROOT / "sectorscope").rglob("*.py")
                 if "ui" not in path.relative_to(ROOT / "sectorscope").parts[:1] and "streamlit" in _imports(path)]
    assert offenders == []


def test_pages_hold_no_sql():
    sql = re.compile(r"^\s*(select\b.*\bfrom\b|with\s+\w+\s+as\s*\(|insert\s+into\b|update\s+\w+\s+set\b|"
                     r"delete\s+from\b|create\s+(table|macro|view)\b|drop\s+table\b)", re.IGNORECASE | re.DOTALL)
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]:
        assert "duckdb" not in _imports(path), f"{path.name} imports duckdb"
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not sql.match(node.value), f"{path.name} holds SQL: {node.value[:60]!r}"


def test_no_query_filters_on_the_year_of_a_date():
    """A filter on years is a range of dates (``d between make_date($year_from, 1, 1) and make_date($year_to, 12,
    31)``), never ``year(d) between ...``: DuckDB 2.0's expression rewriter spends about a millisecond planning each
    comparison of year() with a value (the Funding page's queries about 10 ms a run on the demo), and a range of dates
    is also what row groups' min/max can skip. (The macros in schema.sql are stored in each database file.)"""
    year_of = r"\byear\((?:[^()]|\([^()]*\))*\)"  # year(d), year(coalesce(a, b))
    comparison = r"(?:between|<=|>=|<>|!=|=|<|>)"
    compares_a_year = re.compile(rf"{year_of}\s*{comparison}|{comparison}\s*{year_of}|\band\s+{year_of}",
                                 re.IGNORECASE)
    offenders = [path.name for path in QUERIES_DIR.glob("*.sql") if compares_a_year.search(path.read_text())]
    assert offenders == []
    assert compares_a_year.search("where $year_to >= year(coalesce(a, b))")  # the pattern finds both sides


def test_a_county_whose_partnerships_tie_over_sectors_has_no_main_sector(tmp_path):
    """York served by a healthcare and a manufacturing partnership: its map colour was the alphabetically first
    sector's (30 of the demo's 60 served counties tie)."""
    import pandas as pd
    from tiny_state import tiny_tables

    from sectorscope.ingest import load as ingest

    tables = tiny_tables()
    tables["partnership_counties"] = pd.concat([tables["partnership_counties"], pd.DataFrame(
        {"partnership_id": ["P1"], "county_fips": [YORK]})], ignore_index=True)
    path = tmp_path / "tied.duckdb"
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()],
                      state_fips="42")
    with db.connect_read_only(path) as tied:
        frame = db.run_query(tied, "partnerships_by_county", **PARAMETERS["partnerships_by_county"]).set_index(
            "county_fips")
    assert frame.loc[YORK, "partnerships"] == 2 and frame.loc[YORK, "main_sector"] is None
    assert list(frame.loc[YORK, "top_sectors"]) == ["Healthcare", "Manufacturing"]
    assert frame.loc[CHESTER, "main_sector"] == "Manufacturing"
    assert list(frame.loc[CHESTER, "top_sectors"]) == ["Manufacturing"]
    assert frame.loc["42003", "main_sector"] is None and list(frame.loc["42003", "top_sectors"]) == []  # none
