"""Every CSV a staff page offers reads as its table does: headings in words with their units (not the metrics'
column names: ``sector_code``, ``median_change``), shares in percent as the page shows them, and on the demo a
column saying the data are synthetic. The files are the ones a click gives: each download button's own callable is
called, as the server calls it on a click."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
import streamlit
from page_support import app_test, csv_name_as_given, open_tab, recorded_csv_downloads, tab_labels

from sectorscope import config
from sectorscope.present.downloads import DEMO_COLUMN, DEMO_NOTE
from sectorscope.ui.menu import PAGES
from sectorscope.ui.render import OPEN_TABLES

WORKER_TABLES = {"worker-table-before-after", "worker-table-sector", "worker-table-county",
                 "worker-table-partnerships", "worker-table-exit-year"}
DATA_PAGE = "pages/6_Data.py"
VIEWS = ({}, {"partnership": "P001"}, {"years": "2005-2010"})  # all; one partnership (its grants); before any survey


def csv_files_of(path: str, demo: Path, folder: Path, monkeypatch, mode: str = "staff") -> dict[str, pd.DataFrame]:
    """Every CSV download of page ``path`` on a copy of the demo under the ``VIEWS``, with the Worker page's tables
    open: file name -> the file read back."""
    db = folder / config.DEMO_DB_NAME
    shutil.copyfile(demo, db)
    files = recorded_csv_downloads(monkeypatch)
    if path == DATA_PAGE:  # the Data page offers its files only where own data can be loaded: not with the demo
        monkeypatch.delenv("SECTORSCOPE_DB", raising=False)  # pinned, so the demo is the app's own, in a folder
        monkeypatch.setenv("SECTORSCOPE_DATA_DIR", str(db.parent))
    else:
        monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    monkeypatch.setenv("SECTORSCOPE_MODE", mode)
    for params in VIEWS:
        at = app_test()
        for name, value in params.items():
            at.query_params[name] = value
        at.session_state[OPEN_TABLES] = set(WORKER_TABLES)
        at.switch_page(path)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        for tab in tab_labels(at)[1:]:  # and every other tab of the page
            open_tab(at, path, tab)
    return files


def code_like(heading: str) -> bool:
    """A heading written as code names a column ("sector_code", "median_change", "employer")."""
    return "_" in heading or heading[:1].islower()


# the staff pages with tables to download (the Overview has cards and charts only; the Showcase's public table is
# the release's own, tested with it)
CSV_PAGES = [page.path for page in PAGES if page.path.startswith("pages/") and "Showcase" not in page.path]


@pytest.mark.parametrize("path", CSV_PAGES)
def test_every_csv_of_a_page_has_headings_in_words(path, demo_db, tmp_path, monkeypatch):
    files = csv_files_of(path, demo_db, tmp_path, monkeypatch)
    assert files, f"{path} offered no CSV"
    named_as_code = {name: [h for h in frame.columns if code_like(h)] for name, frame in files.items()}
    assert {name: headings for name, headings in named_as_code.items() if headings} == {}


def test_a_csv_is_saved_named_as_the_decks_are():
    """"partnerships.csv" of two days, or of the demo and a state, could not be told apart (a convener)."""
    from sectorscope.ui.render import saved_csv_name

    day = dt.date(2026, 12, 6)
    assert saved_csv_name("partnerships.csv", True, day) == "sectorscope-demo-partnerships-2026-12-06.csv"
    assert saved_csv_name("load-history.csv", False, day) == "sectorscope-load-history-2026-12-06.csv"
    assert saved_csv_name("data_dictionary.csv", False, day) == "sectorscope-data-dictionary-2026-12-06.csv"
    counties = saved_csv_name("industries-" + "-".join(f"42{n:03}" for n in range(1, 134, 2)) + "-2024.csv", True, day)
    assert counties.endswith("-more-2026-12-06.csv") and len(counties) < 120
    # each selection's file its own name (every one was "partnerships.csv": a convener)
    assert saved_csv_name("partnerships.csv", True, day, "HLTH-2024") == (
        "sectorscope-demo-partnerships_hlth-2024-2026-12-06.csv")
    many = saved_csv_name("partnerships.csv", False, day, "-".join(f"42{n:03}" for n in range(1, 134, 2)))
    assert many.endswith("-more-2026-12-06.csv") and len(many) < 130


def test_a_pages_csv_is_saved_named_by_the_links_selection(demo_db, tmp_path, monkeypatch):
    """The Partnerships page's directory of Healthcare in 2024 and of the whole state were both saved as
    "sectorscope-demo-partnerships-<date>.csv" (a convener); the Industry page's files name their own places. The
    link's partnership is not in the name: the directory lists every partnership (a code reviewer)."""
    saved: list[str] = []
    real = streamlit.download_button
    monkeypatch.setattr(streamlit, "download_button", lambda label, data, *args, **kwargs: saved.append(
        kwargs["file_name"]) or real(label, data, *args, **kwargs))
    db = tmp_path / config.DEMO_DB_NAME
    shutil.copyfile(demo_db, db)
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    for path, params in (("pages/1_Partnerships.py", {"sector": "HLTH", "years": "2024-2024", "partnership": "P001"}),
                         ("pages/1_Partnerships.py", {}), ("pages/2_Industry.py", {"county": "42071"})):
        at = app_test()
        for name, value in params.items():
            at.query_params[name] = value
        at.switch_page(path).run(timeout=120)
        assert not at.exception
    today = f"{dt.date.today():%Y-%m-%d}"
    assert f"sectorscope-demo-partnerships_hlth-2024-{today}.csv" in saved, saved
    assert f"sectorscope-demo-partnerships-{today}.csv" in saved
    assert not [name for name in saved if name.startswith("sectorscope-demo-industries") and "_" in name], saved


@pytest.mark.parametrize("path", ["pages/1_Partnerships.py", "pages/3_Worker_outcomes.py",
                                  "pages/4_Employer_outcomes.py", "pages/5_Funding_and_systems_change.py"])
def test_demo_csvs_say_on_every_row_that_the_data_are_synthetic(path, demo_db, tmp_path, monkeypatch):
    files = csv_files_of(path, demo_db, tmp_path, monkeypatch)
    unmarked = [name for name, frame in files.items()
                if DEMO_COLUMN not in frame.columns or set(frame[DEMO_COLUMN]) - {DEMO_NOTE}]
    assert unmarked == []


def test_shares_are_written_in_percent_as_the_pages_show_them(demo_db, tmp_path, monkeypatch):
    worker = csv_files_of("pages/3_Worker_outcomes.py", demo_db, tmp_path, monkeypatch)
    employer = csv_files_of("pages/4_Employer_outcomes.py", demo_db, tmp_path, monkeypatch)
    completed = pd.to_numeric(worker["worker-outcomes-by-sector.csv"]["Completed (%)"])
    assert completed.between(0, 100).all() and completed.max() > 1  # 85.05, not 0.8505
    turnover = employer["turnover-by-employer.csv"]
    before = pd.to_numeric(turnover["Turnover before joining (%)"])
    after = pd.to_numeric(turnover["Turnover at the survey (%)"])
    change = pd.to_numeric(turnover["Change in turnover (points)"])
    assert before.max() > 1 and ((after - before) - change).abs().max() < 1e-9
    shares = employer["employer-survey-shares.csv"]
    assert pd.to_numeric(shares["Share answering yes (%)"]).max() > 1
    # a change already in points is not multiplied again
    conditions = worker["worker-outcomes-before-after.csv"]
    points = pd.to_numeric(conditions["Change (points)"])
    assert points.abs().max() <= 100
    # and unrounded, as its own before and after give it (it said -20 beside 59.26 and 39.19: a staffer)
    difference = pd.to_numeric(conditions["After (%)"]) - pd.to_numeric(conditions["Before (%)"])
    assert (difference - points).abs().max() < 1e-6 and (points != points.round()).any()
    # the cards' figures as numbers beside the text shown ("+$2.40", "14.9%" alone: an analyst could not recompute)
    figures = worker["worker-outcome-figures.csv"].set_index("Figure")
    completed = figures.loc["Completed training"]
    assert completed["Unit"] == "%" and completed["As shown"] == f"{float(completed['Value (unrounded)']):.0f}%"
    change = figures.loc["Median quarterly earnings change"]
    assert change["Unit"] == "$ a quarter" and float(change["Rests on (n)"]) > 0
    assert change["As shown"] == f"+${float(change['Value (unrounded)']):,.0f}"


def test_a_data_page_download_about_the_visitors_own_files_is_not_marked_synthetic(demo_db, tmp_path, monkeypatch):
    files = csv_files_of(DATA_PAGE, demo_db, tmp_path, monkeypatch)
    assert {"data-dictionary.csv", "load-history.csv"} <= set(files)
    assert [name for name, frame in files.items() if DEMO_COLUMN in frame.columns] == []



def test_the_check_report_of_a_visitors_own_file_is_not_marked_synthetic(demo_db, tmp_path, monkeypatch):
    """The report of a file checked while the demo is the active data is about the visitor's own file: no demo
    column, and headings in words."""
    files: dict[str, pd.DataFrame] = {}
    real = streamlit.download_button

    def recording(label, data, *args, **kwargs):
        if kwargs.get("mime") == "text/csv":
            files[csv_name_as_given(kwargs["file_name"])] = pd.read_csv(io.BytesIO(data() if callable(data) else data),
                                                                       dtype=str)
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", recording)
    monkeypatch.delenv("SECTORSCOPE_DB", raising=False)
    monkeypatch.setenv("SECTORSCOPE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SECTORSCOPE_MODE", "staff")
    shutil.copyfile(demo_db, tmp_path / config.DEMO_DB_NAME)
    at = app_test()
    at.switch_page(DATA_PAGE).run()
    at.file_uploader(key="uploads").set_value([("grants.csv", b"grant_id,amount_usd\nG1,lots\n", "text/csv")]).run()
    next(button for button in at.button if button.label == "Check files").click().run()
    assert not at.exception, [e.value for e in at.exception]
    report = files["validation-report-errors.csv"]
    assert DEMO_COLUMN not in report.columns and "Value as typed" in report.columns
