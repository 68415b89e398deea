"""Tables as read (present.tables): the partnership directory: counties in words, nothing stated reads "not stated",
small public counts hidden in their own words, counts over a table never loaded read "not loaded"; and a profile's
cards are the Overview's own; the funding table largest first, with small groups' costs blanked in public."""

from __future__ import annotations

import numpy as np
import pandas as pd
import worker_reference

from sectorscope.metrics import funding
from sectorscope.present import headlines
from sectorscope.present.formatting import format_leverage
from sectorscope.present.tables import (
    DIRECTORY_COLUMNS,
    FUNDING_COLUMNS,
    FUNDING_SCREEN_ORDER,
    SCREEN_ORDER,
    active_outside_records,
    directory_table,
    funding_grid,
    funding_table,
    loaded_tables_table,
    not_on_record_note,
)

ALL_LOADED = frozenset({"partnerships", "participants", "employer_surveys", "grants", "hourly_wage_answers"})


def _directory(participants: list[int], employers: list[int]) -> pd.DataFrame:
    count = len(participants)
    return pd.DataFrame({
        "partnership_id": [f"P{i}" for i in range(count)], "name": [f"Partnership {i}" for i in range(count)],
        "sector_name": ["Healthcare"] * count,
        "convener_name": ["Board"] + [None] * (count - 1), "convener_type": [" "] + ["college"] * (count - 1),
        "phase": ["implementation"] * count,
        "county_names": [np.array(["Adams", "York"])] + [None] * (count - 1),
        "participants": participants, "employers": employers,
        "grant_dollars": [1_000.0 * (i + 1) for i in range(count)],
    })


def test_staff_read_every_count_and_what_the_registry_left_empty_as_not_stated():
    table = directory_table(_directory([3, 0, 40], [2, 11, 0]), ALL_LOADED, None)
    assert list(table.columns) == ["partnership_id", *DIRECTORY_COLUMNS]
    assert list(table["counties"]) == ["Adams, York", "not stated", "not stated"]
    assert list(table["convener_name"]) == ["Board", "not stated", "not stated"]
    assert list(table["convener_type"]) == ["not stated", "college", "college"]  # blank is not a type
    assert list(table["participants"]) == [3, 0, 40] and list(table["employers"]) == [2, 11, 0]


def test_public_hides_small_counts_in_words_and_one_more_when_a_lone_one_would_show_by_subtraction():
    table = directory_table(_directory([3, 0, 40, 25], [12, 11, 0, 30]), ALL_LOADED, 10)
    # 3 alone is hidden, so the next smallest (25) is hidden too: the total minus the others would give 3 away
    assert list(table["participants"]) == ["hidden (fewer than 10)", "0", "40", "hidden (fewer than 10)"]
    assert list(table["employers"]) == ["12", "11", "0", "30"]  # a true 0 is a number, never hidden


def test_counts_over_tables_never_loaded_read_not_loaded_never_zero():
    table = directory_table(_directory([3, 0], [2, 11]), frozenset({"partnerships", "participants"}), None)
    assert list(table["participants"]) == [3, 0]
    assert set(table["employers"]) == {"not loaded"} and set(table["grant_dollars"]) == {"not loaded"}


def test_the_screen_shows_every_directory_column_with_the_figures_after_the_name_and_sector():
    assert sorted(SCREEN_ORDER) == sorted(DIRECTORY_COLUMNS)
    assert SCREEN_ORDER[:5] == ("name", "sector_name", "participants", "employers", "grant_dollars")


def test_the_screen_shows_every_funding_column_with_the_costs_right_after_the_name():
    # leverage as a number on screen (its words in print and the CSV), and why a row's cells are empty
    assert sorted(FUNDING_SCREEN_ORDER) == sorted([*(set(FUNDING_COLUMNS) - {"leverage_text"}), "leverage",
                                                   "empty_because"])
    assert FUNDING_SCREEN_ORDER[:4] == ("name", "grant_dollars", "cost_per_exiter", "cost_per_completer")


def test_a_profiles_cards_are_the_overviews_own_cards():
    figures = worker_reference.headline_figures(worker_reference.alike_completers(12))
    surveys = pd.DataFrame(columns=["employer_id", "partnership_id", "survey_year", "reduced_turnover",
                                    "reduced_rework", "reduced_complaints", "partnership_valuable",
                                    "turnover_rate_before", "turnover_rate_after"])
    cards = headlines.profile_headlines(figures, surveys, 10, ALL_LOADED)
    overview = {card.label: card for card in [*headlines.worker_headlines(figures, 10, ALL_LOADED),
                                               *headlines.employer_headlines(surveys, 10, ALL_LOADED)]}
    assert [card.label for card in cards] == [*headlines.PROFILE_WORKER_CARDS, *headlines.PROFILE_EMPLOYER_CARDS]
    # the same figures; a profile counts every year (its help says so) and an empty card reads "None on record"
    assert [(card.value, card.basis) for card in cards[:3]] == [(overview[card.label].value,
                                                                 overview[card.label].basis) for card in cards[:3]]
    assert cards[0].value == "12" and cards[3].value == "None on record"
    assert cards[3].basis == "no employer survey of this partnership on record"
    assert not [card for card in cards if "selected years" in (card.definition or "")]


def test_a_profiles_empty_card_keeps_its_own_reason_when_others_are_counted():
    """40 exiters, none with both wages: the wage card said "no exiter of this partnership on record" beside
    "Participants who exited 40" (a reviewer)."""
    figures = worker_reference.headline_figures(worker_reference.alike_completers(40).assign(
        pre_hourly_wage=float("nan")))
    surveys = pd.DataFrame(columns=["employer_id", "partnership_id", "survey_year", "reduced_turnover",
                                    "reduced_rework", "reduced_complaints", "partnership_valuable",
                                    "turnover_rate_before", "turnover_rate_after"])
    cards = {card.label: card for card in headlines.profile_headlines(figures, surveys, None, ALL_LOADED)}
    assert cards["Participants who exited"].value == "40"
    gain = cards["Mean hourly wage gain"]
    assert gain.value == "None on record" and "exiter of this partnership" not in gain.basis, gain.basis


def _by_partnership(participants: list[int], completers: list[int]) -> pd.DataFrame:
    count = len(participants)
    partnerships = pd.DataFrame({"partnership_id": [f"P{i}" for i in range(count)],
                                 "name": [f"Partnership {i}" for i in range(count)]})
    sources = [funding.STATE_SOURCE if i % 2 == 0 else "federal" for i in range(count)]
    grants = pd.DataFrame({"grant_id": [f"G{i}" for i in range(count)],
                           "partnership_id": partnerships["partnership_id"], "funding_source": sources,
                           "amount_usd": [10_000.0 * (i + 1) for i in range(count)]})
    people = pd.DataFrame({"partnership_id": partnerships["partnership_id"], "participants": participants,
                           "completers": completers})
    return funding.funding_by_partnership(partnerships, grants, people)


def test_the_funding_table_is_largest_first_with_leverage_in_words_and_every_cost_for_staff():
    table = funding_table(_by_partnership([3, 40, 25, 60], [2, 30, 20, 50]), ALL_LOADED, None)
    assert list(table["name"]) == ["Partnership 3", "Partnership 2", "Partnership 1", "Partnership 0"]
    assert list(table["cost_per_exiter"]) == [40_000 / 60, 30_000 / 25, 20_000 / 40, 10_000 / 3]
    assert table.set_index("name").loc["Partnership 0", "leverage_text"] == format_leverage(0.0)
    assert not table["hidden"].any() and set(FUNDING_COLUMNS) <= set(table.columns)


def test_the_public_funding_table_blanks_costs_of_small_groups_and_one_more_so_none_shows_by_subtraction():
    table = funding_table(_by_partnership([3, 40, 25, 60], [12, 30, 5, 50]), ALL_LOADED, 10).set_index("name")
    # participants: 3 is hidden, and 25 (the next smallest) with it; completers: 5 is hidden, and 12 with it
    assert table.loc["Partnership 0", ["participants", "cost_per_exiter"]].isna().all()
    assert table.loc["Partnership 2", ["participants", "cost_per_exiter"]].isna().all()
    assert table.loc[["Partnership 1", "Partnership 3"], "cost_per_exiter"].notna().all()
    assert table.loc["Partnership 2", ["completers", "cost_per_completer"]].isna().all()
    assert table.loc["Partnership 0", ["completers", "cost_per_completer"]].isna().all()
    assert table.loc[["Partnership 1", "Partnership 3"], "cost_per_completer"].notna().all()
    assert table["hidden"].tolist() == [False, True, False, True]  # largest first: P3, P2, P1, P0
    assert table["grant_dollars"].notna().all()  # dollars rest on no person: never hidden


def test_the_funding_tables_per_person_columns_read_not_loaded_without_participants():
    table = funding_table(_by_partnership([0, 0], [0, 0]), frozenset({"partnerships", "grants"}), None)
    for column in ("participants", "completers", "cost_per_exiter", "cost_per_completer"):
        assert set(table[column]) == {"not loaded"}, column
    assert table["grant_dollars"].tolist() == [20_000.0, 10_000.0]


def test_a_table_never_loaded_says_so_where_its_last_load_would_be():
    tables = pd.DataFrame({"table_name": ["employer_surveys", "qwi"], "rows_now": [0, 0], "loads": [2, 0],
                           "last_source": ["surveys.csv", None], "last_mode": ["replace", None],
                           "last_loaded_at": pd.to_datetime(["2026-12-01 10:00", None]), "is_demo": [False, None]})
    shown = loaded_tables_table(tables)
    assert shown["Table"].iloc[0] == "Employer surveys"  # in words, not employer_surveys
    assert list(shown["Last load (UTC)"]) == ["2026-12-01 10:00", "never loaded"]  # emptied by a load: a true 0
    assert list(shown["Dataset"]) == ["own data", ""] and list(shown["Last loaded from"]) == ["surveys.csv", ""]
    assert shown["Rows"].iloc[0] == 0 and pd.isna(shown["Rows"].iloc[1])  # never loaded: no count, not "0"


def test_table_names_keep_their_acronyms_and_shipped_counties_are_not_own_data():
    """"Bls qcew labor market data" and "Ui wage records" came of ``str.capitalize``; the county boundaries every
    database ships with read "own data" on the demo."""
    tables = pd.DataFrame({"table_name": ["qcew_annual", "wage_records", "qwi", "counties", "partnerships"],
                           "rows_now": [5, 5, 5, 3142, 2], "loads": [1, 1, 1, 1, 1],
                           "last_source": ["a", "b", "c", "cb_2016_us_county_500k (plotly-geo)", "d"],
                           "last_mode": ["replace"] * 5,
                           "last_loaded_at": pd.to_datetime(["2026-12-01 10:00"] * 5),
                           "is_demo": [True, True, True, False, True]})
    shown = loaded_tables_table(tables)
    assert list(shown["Table"]) == ["BLS QCEW labor market data", "UI wage records", "Census QWI turnover data",
                                    "Counties", "Partnerships"]
    assert list(shown["Dataset"]) == ["demo", "demo", "demo", "shipped (U.S. Census)", "demo"]


def test_the_funding_table_says_not_on_record_and_no_grant_instead_of_zeros():
    """Years before the exits on record read "Participants 0" in every row (the directory said "not on record"), and
    a partnership without a grant read "no state $" and "$0" per participant (the cards: "None in selection")."""
    before = funding_table(_by_partnership([0, 0], [0, 0]), ALL_LOADED, None, pd.Series([True, True]))
    for column in ("participants", "completers", "cost_per_exiter", "cost_per_completer"):
        assert set(before[column]) == {"not on record"}, column
    rows = _by_partnership([5, 8], [4, 6])
    rows.loc[0, ["grants", "grant_dollars", "state_dollars", "non_state_dollars", "ratio_dollars"]] = 0
    rows.loc[0, ["leverage", "cost_per_exiter", "cost_per_completer"]] = [float("nan"), 0.0, 0.0]
    unfunded = funding_table(rows, ALL_LOADED, None).set_index("name").loc["Partnership 0"]
    assert unfunded["leverage_text"] == "no grant" and unfunded["grant_dollars"] == 0
    assert pd.isna(unfunded["cost_per_exiter"]) and pd.isna(unfunded["cost_per_completer"])
    assert unfunded["participants"] == 5  # the people are known


def test_dollars_per_person_count_the_grants_of_the_years_people_are_counted_in():
    """A partnership whose grants all started before the first exit on record read $26,275 per participant:
    its 2007-2012 grants divided by people who left in 2015-2025."""
    partnerships = pd.DataFrame({"partnership_id": ["P1", "P2"], "name": ["Early", "Recent"]})
    grants = pd.DataFrame({"grant_id": ["G1", "G2", "G3"], "partnership_id": ["P1", "P2", "P2"],
                           "funding_source": [funding.STATE_SOURCE] * 3, "amount_usd": [900_000.0, 50_000.0, 30_000.0],
                           "start_date": pd.to_datetime(["2010-03-01", "2012-01-01", "2018-06-01"])})
    people = pd.DataFrame({"partnership_id": ["P1", "P2"], "participants": [90, 10], "completers": [60, 5]})
    rows = funding.funding_by_partnership(partnerships, grants, people, ratio_years=(2015, 2025)).set_index("name")
    assert list(rows["grant_dollars"]) == [900_000.0, 80_000.0]  # every grant of the years chosen
    assert list(rows["ratio_dollars"]) == [0.0, 30_000.0]  # those of the years with exits
    assert rows.loc["Recent", "cost_per_exiter"] == 3_000.0 and rows.loc["Recent", "cost_per_completer"] == 6e3
    table = funding_table(rows.reset_index(), ALL_LOADED, None).set_index("name")
    assert pd.isna(table.loc["Early", "cost_per_exiter"]) and table.loc["Early", "leverage_text"] != "no grant"
    totals = funding.funding_totals(rows.reset_index())
    # $30,000 / Recent's 10 exiters: Early's 90, without a grant in those years, are left out and counted
    assert totals["grant_dollars"] == 980_000.0 and totals["cost_per_exiter"] == 3_000.0
    assert totals["participants_left_out"] == 90 and totals["participant_partnerships_left_out"] == 1
    every = funding.funding_by_partnership(partnerships, grants, people).set_index("name")
    assert every.loc["Recent", "cost_per_exiter"] == 8_000.0  # no years given: every grant


def test_years_before_any_record_say_so_on_every_empty_card():
    """Years 2005-2010 before exits on record (2015-2025): the Overview's cards read "no people in this selection"
    as if the filters were too narrow, where the directory says "not on record"."""
    nobody = worker_reference.headline_figures(worker_reference.alike_completers(0))
    cards = headlines.outside_the_records(headlines.worker_headlines(nobody, 10, ALL_LOADED),
                                          "Exits on record run 2015–2025")
    empty = [card for card in cards if card.value == "None in selection"]
    assert len(empty) == 4 and {card.basis for card in empty} == {"Exits on record run 2015–2025: none in the years "
                                                                  "chosen"}
    assert headlines.outside_the_records(cards[:1], "") == cards[:1]  # years within the records: as they were


def test_a_mean_wage_gain_of_few_people_is_flagged_as_the_worker_page_flags_its_median():
    """The Overview, decks and one-pagers said "+$2.78, n = 4 completers with both wages" with no caveat."""
    def wage_card(completers: int):
        figures = worker_reference.headline_figures(worker_reference.alike_completers(completers))
        return headlines.worker_headlines(figures, None, ALL_LOADED)[1]

    assert wage_card(4).basis.endswith("small n: read with care")
    assert "small n" not in wage_card(40).basis


def _dated(starts: list[str | None], ends: list[str | None]) -> pd.DataFrame:
    return pd.DataFrame({"start_date": pd.to_datetime(starts), "end_date": pd.to_datetime(ends)})


def test_a_partnership_active_only_outside_the_records_is_outside_them_and_one_without_dates_is_not():
    partnerships = _dated(["2005-04-24", "2005-01-01", None, "2026-03-01", "2012-01-01"],
                          ["2009-07-07", None, None, None, "2015-01-31"])
    outside = active_outside_records(partnerships, (2005, 2026), (2015, 2025))
    # ended 2009; still active; no dates (active throughout); started after the last exit; active into 2015
    assert outside.tolist() == [True, False, False, True, False]
    assert active_outside_records(partnerships, (2005, 2026), None).tolist() == [False] * 5  # none on record
    # the years chosen cut the active years: 2005-2014 holds no exit even for the partnership still active
    assert active_outside_records(partnerships, (2005, 2014), (2015, 2025)).tolist() == [True] * 5


def test_the_directory_says_not_on_record_for_a_partnership_active_before_the_exits_never_zero():
    """The demo's partnerships of 2005-2009 counted "0 participants" beside exits on record from 2015."""
    directory = _directory([0, 0, 7], [0, 4, 0])
    exits_outside, surveys_outside = pd.Series([True, False, True]), pd.Series([True, True, False])
    table = directory_table(directory, ALL_LOADED, None, exits_outside, surveys_outside)
    assert table["participants"].tolist() == ["not on record", 0, 7]  # 7 people exited after it ended: counted
    assert table["employers"].tolist() == ["not on record", 4, 0]
    public = directory_table(_directory([0, 0, 40], [12, 11, 10]), ALL_LOADED, 10, pd.Series([True, False, False]))
    assert public["participants"].tolist() == ["not on record", "0", "40"]
    note = not_on_record_note(exits_outside & (directory["participants"] == 0), "exits", (2015, 2025),
                              "exiters")
    assert note == ('Exiters of 1 partnership read "not on record" (– on screen): active only in years '
                    "without exits on record (2015–2025), not 0.")
    assert not_on_record_note(pd.Series([False, False]), "exits", (2015, 2025), "participants") == ""


def test_the_funding_table_says_not_on_record_in_the_rows_of_partnerships_active_before_the_exits():
    rows = _by_partnership([0, 8], [0, 6])
    table = funding_table(rows, ALL_LOADED, None, pd.Series([True, True])).set_index("name")
    assert (table.loc["Partnership 0", ["participants", "completers", "cost_per_exiter",
                                        "cost_per_completer"]] == "not on record").all()
    assert table.loc["Partnership 1", "participants"] == 8  # people on record: counted, not "not on record"
    assert table.loc["Partnership 1", "cost_per_exiter"] == 20_000 / 8


def test_counties_a_partnership_serves_by_its_region_say_so_in_the_directory():
    directory = _directory([3, 0], [2, 1]).assign(county_names=[["Adams", "York"], ["Erie"]],
                                                   served_by_region=[False, True])
    assert directory_table(directory, ALL_LOADED, None)["counties"].tolist() == ["Adams, York",
                                                                                 "Erie (its region's)"]


def test_a_county_across_the_state_line_keeps_its_state_in_the_directory():
    """Colorado's CO-P19 serves San Juan County, New Mexico: the directory (and its CSV) said "San Juan County",
    which a reader takes for Colorado's own; the County filter said "San Juan County (NM)" (a data steward)."""
    directory = _directory([3], [2]).assign(county_names=[["La Plata County", "San Juan County"]],
                                            county_fips=[["08067", "35045"]])
    labels = {"08067": "La Plata County", "35045": "San Juan County (NM)", "08111": "San Juan County"}
    assert directory_table(directory, ALL_LOADED, None, county_labels=labels)["counties"].tolist() == [
        "La Plata County, San Juan County (NM)"]
    assert directory_table(directory, ALL_LOADED, None)["counties"].tolist() == ["La Plata County, San Juan County"]


def test_the_funding_grid_sorts_leverage_as_a_number():
    """The grid's Leverage held "55.69 : 1" as text: sorted, it stood between 5.18 and 7.04 (a reviewer)."""
    rows = _by_partnership([5, 8, 9], [4, 6, 7])
    rows["leverage"] = [55.694, 5.18, 7.04]
    grid = funding_grid(funding_table(rows, ALL_LOADED, None), "2015–2025")
    assert pd.api.types.is_float_dtype(grid["leverage"])
    assert grid.sort_values("leverage")["leverage"].tolist() == [5.18, 7.04, 55.69]  # rounded as written


def test_the_funding_grid_says_why_each_rows_cells_are_empty():
    """One "–" stood for "not on record", "no grant in the years counted" and "no one exited" (a reviewer)."""
    rows = _by_partnership([0, 8, 9, 4], [0, 6, 0, 2]).set_index("name")
    rows.loc["Partnership 1", ["grants", "grant_dollars", "state_dollars", "non_state_dollars", "ratio_dollars"]] = 0
    rows.loc["Partnership 1", ["leverage", "cost_per_exiter", "cost_per_completer"]] = float("nan")
    rows.loc["Partnership 2", "ratio_dollars"] = 0  # grants of other years than those counted
    rows.loc["Partnership 3", "leverage"] = float("nan")  # state dollars: none
    table = funding_table(rows.reset_index(), ALL_LOADED, None)
    grid = funding_grid(table, "2005–2025", "2015–2025").set_index("name")["empty_because"]
    assert grid["Partnership 0"] == "no one exited"
    assert grid["Partnership 1"] == "no grant in 2005–2025"
    assert grid["Partnership 2"] == "no grant in 2015–2025; no completer"
    assert grid["Partnership 3"] == "no state $"
    outside = funding_table(_by_partnership([0, 3], [0, 2]), ALL_LOADED, None, pd.Series([True, False]))
    assert funding_grid(outside, "2005–2025").set_index("name")["empty_because"].to_dict() == {
        "Partnership 0": "exiters not on record", "Partnership 1": "no state $"}  # federal only
    public = funding_grid(funding_table(_by_partnership([3, 40], [2, 30]), ALL_LOADED, 10), "2020")
    assert "hidden for privacy" in public.set_index("name").loc["Partnership 0", "empty_because"]
