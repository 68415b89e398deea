"""A wage-record quarter never loaded inside the span of the wage records (data model 15): unknown, never a quarter
in which nobody was paid. The tiny workers' state (tests/tiny_workers.py) with its 2018 Q2 records left out: W1's
and W2's 4th quarter after exit (2018 Q2) was read as $0, and W5's quarters before entry (2018 Q2 to 2019 Q1)
averaged it in as $0. A reviewer's demo with 2019 Q3 deleted read PY 2019's Employment Rate (Q2) as 59% (908 of
1,548) where 75.3% were employed."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest
from older_versions import make_version_14, make_version_15
from test_exiter_outcomes import group_figures, rows, wioa_report, wioa_rows
from test_wioa_tables import assert_same_tables
from test_workers_sql import assert_sql_equals_pandas, sql_and_pandas
from tiny_workers import worker_tables
from worker_reference import quarter_index

from sectorscope import schema
from sectorscope.ingest import load as ingest
from sectorscope.metrics import wioa, workers
from sectorscope.present import worker_headlines
from sectorscope.present.availability import Absence

GAP = quarter_index(2018, 2)


def gap_tables() -> dict[str, pd.DataFrame]:
    """The tiny workers' tables without any wage record of 2018 Q2."""
    tables = worker_tables()
    wages = tables["wage_records"]
    tables["wage_records"] = wages[(wages["year"] + "Q" + wages["quarter"]) != "2018Q2"].reset_index(drop=True)
    return tables


@pytest.fixture(scope="module")
def gap_load(tmp_path_factory) -> tuple:
    path = tmp_path_factory.mktemp("gap") / "gap.duckdb"
    inputs = [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in gap_tables().items()]
    return path, ingest.load_batch(path, inputs, state_fips="42")


@pytest.fixture(scope="module")
def gap_db(gap_load):
    return gap_load[0]


def test_the_coverage_knows_the_quarter_not_loaded(gap_db):
    with duckdb.connect(str(gap_db), read_only=True) as con:
        coverage = wioa.Coverage.from_row(con.execute(
            "select * from (" + ingest.query_sql("wage_record_coverage") + ")").df().iloc[0])
    assert coverage == wioa.Coverage(quarter_index(2016, 1), quarter_index(2019, 4), (GAP,))
    assert coverage.label == "2016 Q1 to 2019 Q4 without 2018 Q2"
    note = worker_headlines.coverage_note(coverage)
    assert "No wage record of 2018 Q2 is loaded" in note and "never read as $0" in note


def test_a_quarter_never_loaded_is_not_a_quarter_without_pay(gap_db):
    table = rows(gap_db)
    for person in ("W1", "W2"):  # their 4th quarter after exit, 2018 Q2
        assert table.loc[person, "q4_status"] == wioa.NOT_LOADED
        assert pd.isna(table.loc[person, "employed_q4"]) and pd.isna(table.loc[person, "retained_q4"])
    assert table.loc["W5", "pre_status"] == wioa.NOT_LOADED  # 2018 Q2 is one of its four quarters before entry
    assert pd.isna(table.loc["W5", "pre_earnings"])
    assert table.loc["W3", "q4_status"] == "observed"  # W3's 4th quarter, 2019 Q2, is loaded
    everyone = group_figures(gap_db).set_index("grouping").loc["everyone"]
    # Q4: W7 employed ($4,100 in 2017 Q4), W3 not: 1 of 2, where W1 and W2 read "not employed" (1 of 4)
    assert (everyone.employed_q4_n, everyone.employed_q4_rate, everyone.q4_not_loaded) == (2, 0.5, 2)
    assert (everyone.retained_n, everyone.retained_not_loaded) == (0, 2)
    cards = {card.label: card for card in worker_headlines.employment_headlines(
        workers.figures_of_row(everyone), None, None)}
    assert cards["Employed 4th quarter after exit"].value == "50%"
    assert "2 in a wage-record quarter not loaded" in cards["Employed 4th quarter after exit"].basis
    assert "2 in a wage-record quarter not loaded" in cards["Same employer, 2nd and 4th quarter"].basis


def test_a_card_on_people_in_a_quarter_never_loaded_says_so_not_that_it_is_yet_to_come(gap_db):
    """2017's exiters W1 and W2 have their 4th quarter after exit in 2018 Q2, never loaded: their cards read "Not yet
    in the data", as if the quarter were still to come (a reviewer); over every year the retention card rests on no
    one, 2 in that quarter and 1 not yet in the data, and the larger group names it."""
    def absent_cards(**chosen) -> dict:
        everyone = group_figures(gap_db, **chosen).set_index("grouping").loc["everyone"]
        return {card.label: (card.value, card.absence, card.basis) for card in worker_headlines.employment_headlines(
            workers.figures_of_row(everyone), None, None) if card.absence}

    in_2017 = absent_cards(year_from=2017, year_to=2017)
    assert in_2017["Employed 4th quarter after exit"] == (
        "Quarter not loaded", Absence.QUARTER_NOT_LOADED,
        "no exiters with wage records whose 4th quarter after exit is in the data · left out: 2 in a wage-record "
        "quarter not loaded")
    assert in_2017["Same employer, 2nd and 4th quarter"][:2] == ("Quarter not loaded", Absence.QUARTER_NOT_LOADED)
    every_year = absent_cards()["Same employer, 2nd and 4th quarter"]
    assert every_year[:2] == ("Quarter not loaded", Absence.QUARTER_NOT_LOADED)
    assert "left out: 2 in a wage-record quarter not loaded, 1 not yet in the data" in every_year[2]
    # a quarter still to come keeps its own words
    assert absent_cards(year_from=2019, year_to=2019)["Employed 4th quarter after exit"][:2] == (
        "Not yet in the data", Absence.NOT_YET)


def test_the_sql_and_the_reference_agree_on_a_gap(gap_db):
    figures, people = sql_and_pandas(gap_db)
    assert_sql_equals_pandas(figures, people)


def test_the_wioa_table_withholds_a_rate_resting_on_a_quarter_never_loaded_and_names_it(gap_db):
    """PY 2018's Q4 cohort is the exits of 2017 (W1, W2), whose 4th quarter after exit is 2018 Q2: the rate is
    withheld and the Notes name the quarter (it read 0 of 2)."""
    with duckdb.connect(str(gap_db), read_only=True) as con:
        stored = con.execute("select participant_id, q4_status, employed_q4, retention_status from wioa_outcomes "
                             "where participant_id in ('W1', 'W2') order by 1").fetchall()
        missing = tuple(con.execute("select missing_quarters from (" + ingest.query_sql("wage_record_coverage")
                                    + ")").fetchone()[0])
    assert stored == [("W1", wioa.NOT_LOADED, None, wioa.NOT_LOADED), ("W2", wioa.NOT_LOADED, None, wioa.NOT_LOADED)]
    report = wioa_report(gap_db, [2017, 2018], missing)
    q4 = "Employment Rate (Q4)"
    assert pd.isna(report.loc[2018, q4]) and pd.isna(report.loc[2018, f"{q4} Num"])
    assert pd.isna(report.loc[2018, "Retention with the Same Employer (Q2 and Q4) Rate"])
    assert ("Employment Rate (Q4), Retention with the Same Employer (Q2 and Q4): wage records of 2018 Q2 not "
            "loaded for 2 people") in report.loc[2018, "Notes"]
    assert_same_tables(gap_db, [{}])  # the stored rows, the records and the counts agree


@pytest.mark.parametrize(("year", "indicator", "expected"), [
    (2019, "employment_q2", [quarter_index(2019, 3)]),  # exits 2018 Q3-2019 Q2: 2nd quarters 2019 Q1-Q4
    (2020, "employment_q2", []),
    (2019, "employment_q4", [quarter_index(2019, 3)]),  # exits of 2018: 4th quarters 2019 Q1-Q4
    (2020, "retention", [quarter_index(2019, 3)]),  # exits of 2019: 2nd quarters 2019 Q3-2020 Q2
    (2019, "credential", []),
])
def test_the_notes_name_the_quarters_of_the_indicators_cohort(year, indicator, expected):
    missing = [quarter_index(2019, 3), quarter_index(2022, 1)]
    assert wioa.missing_outcome_quarters(year, indicator, missing) == expected


def test_the_load_warns_of_a_quarter_inside_the_span_without_records(gap_load):
    _, result = gap_load
    said = [problem for problem in result.warnings if problem.table == "wage_records"]
    assert len(said) == 1 and not said[0].is_error
    assert said[0].value == "2018 Q2" and "no record of 2018 Q2" in said[0].message
    assert "2016 Q1 to 2019 Q4" in said[0].message


def test_a_check_warns_of_the_quarters_the_load_would(gap_db, tmp_path):
    """`validate` and a dry run said "Valid", and the load then warned of 25 quarters (a data reviewer): a check
    says the same warnings, and writes nothing."""
    import shutil

    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(gap_db, copy)
    before = copy.read_bytes()
    wages = gap_tables()["wage_records"]
    checked = ingest.load_batch(copy, [ingest.TableInput("wage_records", wages, "wage_records.csv")], dry_run=True)
    # the same records as loaded: said too (they change nothing), apart from the quarters'
    said = [problem for problem in checked.warnings if problem.table == "wage_records"
            and "loading it again changes nothing" not in problem.message]
    assert [problem.value for problem in said] == ["2018 Q2"] and "no record of 2018 Q2" in said[0].message
    assert copy.read_bytes() == before


def test_the_load_warns_of_a_partly_loaded_last_quarter(tmp_path):
    tables = worker_tables()
    extra = pd.DataFrame([{"participant_id": person, "year": str(year), "quarter": str(quarter), "employer_id": "E1",
                           "earnings_usd": "100", "hours": ""}
                          for person in ("W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8")
                          for year, quarter in ((2020, 1), (2020, 2), (2020, 3), (2020, 4))]
                         + [{"participant_id": "W1", "year": "2021", "quarter": "1", "employer_id": "E1",
                             "earnings_usd": "100", "hours": ""}])
    tables["wage_records"] = pd.concat([tables["wage_records"], extra], ignore_index=True)
    inputs = [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()]
    result = ingest.load_batch(tmp_path / "late.duckdb", inputs, state_fips="42")
    said = [problem for problem in result.warnings if problem.table == "wage_records"]
    assert [problem.value for problem in said] == ["2021 Q1"]
    assert "1 records of 2021 Q1" in said[0].message and "about 8 each" in said[0].message


def test_a_whole_load_warns_of_nothing(gap_db, tmp_path):
    inputs = [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in worker_tables().items()]
    result = ingest.load_batch(tmp_path / "whole.duckdb", inputs, state_fips="42")
    assert not [problem for problem in result.warnings if problem.table == "wage_records"]


@pytest.mark.parametrize(("records", "thin"), [
    ({1: 100, 2: 100, 3: 0, 4: 100, 5: 40}, [(3, 0), (5, 40)]),
    ({1: 100, 2: 100, 4: 100, 5: 100}, [(3, 0)]),  # a quarter with no row at all
    ({1: 2, 2: 7, 3: 14, 4: 22, 5: 29, 6: 53}, []),  # a program growing: no quarter under both sides
    ({1: 4400, 2: 4300, 3: 3600, 4: 3100, 5: 2700, 6: 2300}, []),  # the last exits' records thinning out
    ({1: 4400, 2: 4300, 3: 4400, 4: 1500, 5: 4200}, [(4, 1500)]),  # a quarter cut short inside
    ({1: 5}, []),
    ({}, []),
])
def test_thin_quarters(records, thin):
    found = wioa.thin_quarters(pd.Series(records, dtype="int64"))
    assert [(quarter.quarter, quarter.records) for quarter in found] == thin


def test_the_upgrade_makes_a_version_14_files_rows_again(gap_db, tmp_path):
    """A 14 read the quarter never loaded as observed, $0; ``upgrade`` (data model 15 on) makes exiter_outcomes and
    the WIOA tables again with the rows a load makes now."""
    from sectorscope import cli

    path = tmp_path / "version-14.duckdb"
    shutil.copyfile(gap_db, path)
    make_version_14(path)
    assert rows(path).loc["W1", "q4_status"] == "observed"
    assert cli.main(["upgrade", "--db", str(path)]) == 0
    pd.testing.assert_frame_equal(rows(path), rows(gap_db))
    assert wioa_rows(path) == wioa_rows(gap_db)
    with duckdb.connect(str(path), read_only=True) as con:
        assert schema.schema_version(con) == schema.SCHEMA_VERSION == 16
        assert wioa.NOT_LOADED in con.execute("select enum_range(null::wioa_status)").fetchone()[0]


def test_the_upgrade_takes_a_version_15_files_people_not_employed_in_the_2nd_quarter_out_of_retention(tmp_path):
    """A 15 read retention's status of someone not employed in the 2nd quarter after exit as their 4th quarter's
    when that was not yet in the data or never loaded, and the WIOA table's Notes counted them; ``upgrade`` (data
    model 16) fills the WIOA tables again: not in the cohort. W3 (exit 2018 Q2, $0 in 2018 Q4) with 2019 Q2, their
    4th quarter after exit, never loaded."""
    from sectorscope import cli

    tables = worker_tables()
    wages = tables["wage_records"]
    tables["wage_records"] = wages[(wages["year"] + "Q" + wages["quarter"]) != "2019Q2"].reset_index(drop=True)
    current = tmp_path / "current.duckdb"
    ingest.load_batch(current, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()],
                      state_fips="42")
    path = tmp_path / "version-15.duckdb"
    shutil.copyfile(current, path)
    make_version_15(path)
    with duckdb.connect(str(path), read_only=True) as con:  # as 15 had it
        assert con.execute("select retention_status from wioa_outcomes where participant_id = 'W3'").fetchone() == (
            wioa.NOT_LOADED,)
    assert cli.main(["upgrade", "--db", str(path)]) == 0
    assert wioa_rows(path) == wioa_rows(current)
    with duckdb.connect(str(path), read_only=True) as con:
        assert schema.schema_version(con) == schema.SCHEMA_VERSION == 16
        left_out = con.execute("select count(*) from wioa_outcomes where not coalesce(employed_q2, true) "
                               "and retention_status in ('not yet in the data', 'quarter not loaded')").fetchone()[0]
    assert left_out == 0


def test_the_worker_page_says_what_a_quarter_never_loaded_does_in_this_databases_data_model(gap_db, tmp_path,
                                                                                            monkeypatch):
    """Under the WIOA table: on a current file the rates resting on the quarter are withheld; a data model 14 file,
    read as it is, counts its people as not employed, which the caption said was withheld too (a reviewer)."""
    from page_support import open_page

    def wioa_caption(path) -> str:
        at = open_page("pages/3_Worker_outcomes.py", path, monkeypatch, tab="WIOA indicators")
        return next(caption.value for caption in at.caption if "Where this departs from DOL" in caption.value)

    assert "the rates resting on it are withheld" in wioa_caption(gap_db)
    older = tmp_path / "version-14.duckdb"
    shutil.copyfile(gap_db, older)
    make_version_14(older)
    said = wioa_caption(older)
    assert "counts the people whose quarter it is as not employed" in said and "withheld" not in said
    # a 15 withholds as the current model does: it differs only in retention's cohort (data model 16)
    fifteen = tmp_path / "version-15.duckdb"
    shutil.copyfile(gap_db, fifteen)
    make_version_15(fifteen)
    said = wioa_caption(fifteen)
    assert "the rates resting on it are withheld" in said and "as not employed" not in said


@pytest.mark.parametrize(("version", "rules"), [
    (15, ["retention Notes"]),
    (14, ["never loaded counted as not employed", "pre-employment training", "retention Notes"]),
    (13, ["before the first wage-record quarter", "never loaded counted as not employed", "pre-employment",
          "retention Notes"]),
])
def test_an_older_files_notice_names_the_rules_its_data_model_stored_by(gap_db, tmp_path, monkeypatch, version,
                                                                        rules):
    """A 15 read as it is was said to count a quarter never loaded, and one before the wage records, as not employed
    and pre-employment training in the Credential Rate, which 15 did not: each data model's notice names only the
    rules it stored by (``schema.older_rules``), on the Worker page and the Data page."""
    from older_versions import make_version_13
    from page_support import open_page

    path = tmp_path / f"version-{version}.duckdb"
    shutil.copyfile(gap_db, path)
    {15: make_version_15, 14: make_version_14, 13: make_version_13}[version](path)
    said = next(w.value for w in open_page("pages/3_Worker_outcomes.py", path, monkeypatch).warning
                if "older Sectorscope" in w.value)
    data_page = next(i.value for i in open_page("pages/6_Data.py", path, monkeypatch).info
                     if "older Sectorscope" in i.value)
    for text in (said, data_page):
        assert f"data model {version}" in text
        assert [rule for rule in rules if rule in text] == rules
        assert len(schema.older_rules(version)) == len(rules)
    if version == 15:
        assert "counted as not employed" not in said and "Credential" not in said
