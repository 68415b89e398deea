"""``present.downloads.readable_download``: headings in words with units, fractions as percentages, missing and
text left as they are, and the demo's note on every row."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sectorscope.present import downloads
from sectorscope.present.downloads import DEMO_COLUMN, DEMO_NOTE, POINTS, Heading, readable_download, years_compared


def test_code_names_get_their_headings_and_fractions_become_percent():
    frame = pd.DataFrame({"sector_code": ["CONS"], "median_before": [0.338], "median_change": [-0.068], "n": [17]})
    out = readable_download(frame)
    assert list(out.columns) == ["Sector code", "Median turnover before joining (%)",
                                 "Median change in turnover (points)", "Employers (n)"]
    assert math.isclose(out.iloc[0, 1], 33.8) and math.isclose(out.iloc[0, 2], -6.8) and out.iloc[0, 3] == 17
    assert frame.columns[0] == "sector_code" and frame.iloc[0, 1] == 0.338  # the page's frame is left as it was


def test_missing_stays_missing_and_words_in_a_number_column_stay_words():
    frame = pd.DataFrame({"share": [0.5, None, "not loaded"], "qwi_annual": [None, 0.0, 0.25]})
    out = readable_download(frame)
    assert out["Share answering yes (%)"].tolist()[0] == 50
    assert pd.isna(out["Share answering yes (%)"].iloc[1]) and out["Share answering yes (%)"].iloc[2] == "not loaded"
    assert pd.isna(out["QWI turnover per year (%)"].iloc[0])
    assert out["QWI turnover per year (%)"].tolist()[1:] == [0.0, 25.0]  # a true 0 stays 0


def test_a_pages_own_headings_win_and_keep_or_set_the_unit():
    frame = pd.DataFrame({"change": [-0.129], "name": ["Construction"], "pct_change": [0.1]})
    out = readable_download(frame, {"change": Heading("Change in turnover", POINTS), "name": "Sector",
                                    "pct_change": years_compared(2019, 2024)["pct_change"]})
    assert list(out.columns) == ["Change in turnover (points)", "Sector", "Change, 2019–2024 (%)"]
    assert math.isclose(out.iloc[0, 0], -12.9) and math.isclose(out.iloc[0, 2], 10.0)
    assert list(readable_download(frame[["change"]]).columns) == ["Change"]  # no page heading: no unit assumed


def test_kinds_of_a_table_headed_in_words_scale_fractions_only():
    frame = pd.DataFrame({"Completed": [0.85], "Median gain %": [0.177], "Change (points)": [-42.0],
                          "Exiters": [107]})
    out = readable_download(frame, units={"Completed": "percent", "Median gain %": "relative",
                                          "Change (points)": "points", "Exiters": "count"})
    assert list(out.columns) == ["Completed (%)", "Median gain (%)", "Change (points)", "Exiters"]
    assert out.iloc[0].tolist() == [85.0, 17.7, -42.0, 107]


def test_a_name_no_table_headed_yet_reads_as_words():
    out = readable_download(pd.DataFrame({"first_year": [2015], "employer": [3], "K-12": [1]}))
    assert list(out.columns) == ["First year", "Employer", "K-12"]


def test_the_demo_says_so_on_every_row_and_nothing_else_does():
    frame = pd.DataFrame({"grants": [1, 2]})
    assert readable_download(frame, is_demo=True)[DEMO_COLUMN].tolist() == [DEMO_NOTE, DEMO_NOTE]
    assert DEMO_COLUMN not in readable_download(frame).columns


def test_a_staff_download_says_which_selection_it_covers_on_every_row():
    """"partnerships.csv" said neither its years nor its filters: two downloads of "Participants" could not be told
    apart (a reviewer)."""
    import pandas as pd

    from sectorscope.present.downloads import DEMO_COLUMN, SELECTION_COLUMN, readable_download

    frame = pd.DataFrame({"name": ["A", "B"], "participants": [3, 4]})
    out = readable_download(frame, is_demo=True, view="Healthcare · all counties · 2016–2020")
    assert list(out.columns)[-2:] == [SELECTION_COLUMN, DEMO_COLUMN]  # the demo's note stays last
    assert set(out[SELECTION_COLUMN]) == {"Healthcare · all counties · 2016–2020"}
    assert SELECTION_COLUMN not in readable_download(frame).columns


@pytest.mark.parametrize(("reference", "area", "name", "file_name"), [
    ("us", "US000", "the U.S.", "shift-share-42071-2019-2024-vs-us.csv"),
    ("state", "42000", "Pennsylvania", "shift-share-42071-2019-2024-vs-state-42000.csv"),
])
def test_a_shift_share_csv_names_its_reference(reference, area, name, file_name):
    """Against the U.S. or the state, the file was named and headed alike ("Reference growth (jobs)")."""
    assert downloads.shift_share_file_name(["42071"], 2019, 2024, reference, area) == file_name
    shift = pd.DataFrame({"reference_growth_effect": [12.0], "reference_industry_growth": [0.05],
                          "reference_total_growth": [0.02], "actual_change": [30.0]})
    written = downloads.readable_download(shift, downloads.shift_share_headings(2019, 2024, name))
    assert list(written.columns) == [f"Reference growth, as all of {name} grew (jobs)",
                                     f"Industry's growth in {name} (%)", f"All industries' growth in {name} (%)",
                                     "Actual change, 2019–2024 (jobs)"]
    assert written.iloc[0].tolist() == pytest.approx([12.0, 5.0, 2.0, 30.0])


def test_the_public_release_download_writes_shares_in_percent_with_each_values_unit():
    """The Showcase's CSV wrote "share_below_poverty_after 0.389" where the cards read 39% (an auditor): shares in
    percent as every CSV writes them, a unit beside each value, counts and dollars as they are, hidden values empty."""
    from sectorscope.present.downloads import public_release_download

    release = pd.DataFrame({"geo_level": ["state"] * 5, "statistic": [
        "share_completed", "exiters", "grant_dollars", "median_wage_gain", "share_reduced_rework"],
        "value": [0.389, 120.0, 450000.0, 2.5, None], "is_hidden": [False, False, False, False, True]})
    out = public_release_download(release)
    assert list(out.columns) == ["geo_level", "statistic", "value", "unit", "is_hidden"]
    assert out["value"].tolist()[:4] == pytest.approx([38.9, 120.0, 450000.0, 2.5])
    assert pd.isna(out["value"].iloc[4])
    assert out["unit"].tolist() == ["percent", "people", "dollars", "dollars per hour", "percent"]
    assert release["value"].iloc[0] == 0.389  # the release as read is left as it is


def test_a_public_count_of_people_in_a_year_without_exits_on_record_is_empty_not_0():
    """The Showcase's CSV read "state,42,all,2010,...,exiters,0" where its screen says "None in selection:
    Published exits run 2015–2025" (a staffer): outside the years the release shows exits in, a count of people
    shown as 0 is none on record, its note naming the years. Inside them a 0 is a true 0; a year's grant dollars,
    a hidden cell and the all-years cells stay as they are."""
    from sectorscope.present.downloads import public_release_download
    from sectorscope.release import story

    rows = [("state", "42", "all", period, "all", statistic, value, hidden, None)
            for period, statistic, value, hidden in [
                ("2010", "exiters", 0.0, False), ("2010", "completers", 0.0, False),
                ("2010", "grant_dollars", 3_320_000.0, False), ("2010", "share_completed", None, False),
                ("2015", "exiters", 40.0, False), ("2016", "exiters", 0.0, False), ("2017", "exiters", 12.0, False),
                ("2018", "exiters", None, True), ("2026", "exiters", 0.0, False), ("all", "exiters", 52.0, False)]]
    release = pd.DataFrame(rows, columns=["geo_level", "geo_id", "sector_code", "period", "partnership_id",
                                          "statistic", "value", "is_hidden", "value_note"])
    assert story.release_exit_years(release) == (2015, 2017)  # a hidden year is not counted in
    out = public_release_download(release, story.release_exit_years(release)).set_index(["period", "statistic"])
    none = "none on record: published exits run 2015–2017"
    for cell in [("2010", "exiters"), ("2010", "completers"), ("2026", "exiters")]:
        assert pd.isna(out.loc[cell, "value"]) and out.loc[cell, "value_note"] == none, cell
    assert out.loc[("2016", "exiters"), "value"] == 0 and pd.isna(out.loc[("2016", "exiters"), "value_note"])
    assert out.loc[("2010", "grant_dollars"), "value"] == 3_320_000
    assert pd.isna(out.loc[("2018", "exiters"), "value"]) and pd.isna(out.loc[("2018", "exiters"), "value_note"])
    assert out.loc[("all", "exiters"), "value"] == 52
    assert public_release_download(release)["value"].eq(0).sum() == 4  # without the years: as the release reads


def test_every_statistic_of_the_demo_release_has_a_unit(demo_db):
    """A statistic added to the release without a unit would be written with an empty one: named here first."""
    from sectorscope import db
    from sectorscope.present.downloads import public_release_download

    with db.connect_read_only(demo_db) as con:
        out = public_release_download(db.run_query(con, "release_table"))
    assert out["unit"].notna().all(), sorted(set(out.loc[out["unit"].isna(), "statistic"]))
    assert {"percent", "people", "employer answers", "dollars"} <= set(out["unit"])
