"""URL parameters <-> selection: round trips, regions, junk ignored with a notice."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sectorscope.filters import (
    FilterOptions,
    Selection,
    describe_selection,
    parse_query_params,
    regions_covering,
    to_query_params,
)

OPTIONS = FilterOptions(
    sector_codes=("HLTH", "MFG", "IT"),
    region_counties={"R1": ("42071", "42133"), "R2": ("42029",)},
    county_fips=("42029", "42071", "42133"),
    first_year=2015,
    last_year=2025,
    partnership_ids=("P1", "P2"),
)


def test_empty_parameters_select_everything():
    selection = parse_query_params({}, OPTIONS)
    assert selection == Selection((), (), (), 2015, 2025, None)
    assert selection.notices == ()
    assert to_query_params(selection, OPTIONS) == {}


def test_region_selects_its_counties_and_link_stays_short():
    selection = parse_query_params({"region": ["R1"]}, OPTIONS)
    assert selection.county_fips == ("42071", "42133")
    assert to_query_params(selection, OPTIONS) == {"region": ["R1"]}


def test_counties_that_do_not_make_up_the_region_drop_it():
    selection = parse_query_params({"region": ["R1"], "county": ["42071"]}, OPTIONS)
    assert selection.region_ids == () and selection.county_fips == ("42071",)


def test_regions_covering_finds_exact_unions_only():
    assert regions_covering(["42071", "42133", "42029"], OPTIONS) == ("R1", "R2")
    assert regions_covering(["42071"], OPTIONS) == ()


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"colour": ["red"]}, "unknown link parameter 'colour'"),
        ({"sector": ["NOPE"]}, "unknown sector 'NOPE'"),
        ({"county": ["<script>"]}, "unknown county '<script>'"),
        ({"years": ["twenty"]}, "malformed years"),
        ({"years": ["1990-2040"]}, "reach beyond the data's years 2015–2025: showing 2015–2025"),
        # beyond the last year: the data's range, then the one year shown ("limited to the data's range 2025-2025")
        ({"years": ["2030-2040"]}, "reach beyond the data's years 2015–2025: showing 2025."),
        ({"partnership": ["P999"]}, "unknown partnership"),
    ],
)
def test_junk_is_ignored_with_a_notice(params, notice):
    selection = parse_query_params(params, OPTIONS)
    assert any(notice in text for text in selection.notices)
    assert selection.sector_codes == () and selection.partnership_id is None


def test_one_year_of_data_is_named_as_one_year():
    """A Colorado analyst read "the data's years 2016-2016" with one year of QCEW loaded."""
    one_year = replace(OPTIONS, first_year=2016, last_year=2016)
    selection = parse_query_params({"years": ["2010-2020"]}, one_year)
    assert (selection.year_from, selection.year_to) == (2016, 2016)
    assert selection.notices == ("Years in the link reach beyond the data's year 2016: showing 2016.",)
    assert selection.years_text == "2016"


def test_years_are_ordered_and_clamped():
    selection = parse_query_params({"years": ["2020-2017"]}, OPTIONS)
    assert (selection.year_from, selection.year_to) == (2017, 2020)
    assert to_query_params(selection, OPTIONS)["years"] == ["2017-2020"]


def test_one_year_is_written_once_in_a_link():
    """"years=2024-2024" named every deck and CSV of one year "...-2024-2024"; the Showcase reads either as its year."""
    from sectorscope.filters import one_year_of

    selection = parse_query_params({"years": ["2018-2018"]}, OPTIONS)
    assert to_query_params(selection, OPTIONS)["years"] == ["2018"]
    assert parse_query_params(to_query_params(selection, OPTIONS), OPTIONS) == selection
    assert [one_year_of(years) for years in ("2018", "2018-2018", "2017-2018", "", None)] == [
        "2018", "2018", None, None, None]


def test_query_parameters_bind_lists():
    selection = parse_query_params({"sector": ["IT", "HLTH"], "years": ["2018"]}, OPTIONS)
    assert selection.query_parameters() == {"sector_codes": ["IT", "HLTH"], "county_fips": [],
                                            "year_from": 2018, "year_to": 2018}


def test_description_names_the_view():
    selection = parse_query_params({"sector": ["HLTH"], "county": ["42071"], "years": ["2016-2020"]}, OPTIONS)
    text = describe_selection(selection, OPTIONS, {"HLTH": "Healthcare"}, {"42071": "Lancaster County"})
    assert text == "Healthcare · Lancaster County · 2016–2020"



def test_a_region_is_counted_in_words():
    """"1 region(s), 8 counties" on decks and chart footers."""
    from sectorscope.filters import Selection

    one = Selection(region_ids=("R1",), county_fips=("42071", "42133"), year_from=2016, year_to=2020)
    assert describe_selection(one, OPTIONS, {}, {}) == "All sectors · 1 region (2 counties in all) · 2016–2020"
    two = Selection(region_ids=("R1", "R2"), county_fips=("42071",), year_from=2016, year_to=2016)
    assert describe_selection(two, OPTIONS, {}, {}) == "All sectors · 2 regions (1 county in all) · 2016"


@given(
    sectors=st.lists(st.sampled_from(OPTIONS.sector_codes), unique=True),
    counties=st.lists(st.sampled_from(OPTIONS.county_fips), unique=True),
    years=st.tuples(st.integers(2015, 2025), st.integers(2015, 2025)),
    partnership=st.sampled_from((None, "P1", "P2")),
)
def test_round_trip_through_the_url(sectors, counties, years, partnership):
    low, high = sorted(years)
    regions = regions_covering(counties, OPTIONS)
    chosen = Selection(tuple(sectors), regions, tuple(counties), low, high, partnership)
    params = to_query_params(chosen, OPTIONS)
    again = parse_query_params(params, OPTIONS)
    assert again.notices == ()
    assert set(again.county_fips) == set(chosen.county_fips)
    assert (again.sector_codes, again.year_from, again.year_to, again.partnership_id) == (
        chosen.sector_codes, low, high, partnership)


@given(st.dictionaries(st.text(max_size=12), st.lists(st.text(max_size=30), max_size=4), max_size=6))
def test_any_parameters_parse_without_error(params):
    selection = parse_query_params(params, OPTIONS)
    assert set(selection.sector_codes) <= set(OPTIONS.sector_codes)
    assert set(selection.county_fips) <= set(OPTIONS.county_fips)
    assert OPTIONS.first_year <= selection.year_from <= selection.year_to <= OPTIONS.last_year


def test_a_ratio_of_grants_to_people_says_when_the_years_reach_past_the_exits():
    """The years offered run from the first grant (2005 on the demo) while exits start in 2015: grant dollars per
    participant then divides the grants of 2005-2025 by people who exited in 2015-2025, and says so."""
    from dataclasses import replace

    from sectorscope.filters import Selection

    options = replace(OPTIONS, exit_years=(2015, 2025))
    assert options.exits_note(Selection(year_from=2015, year_to=2025)) == ""
    assert options.exits_note(Selection(year_from=2018, year_to=2020)) == ""
    # the ratio counts the grants of the years with exits on record (it divided 2005-2025's by 2015-2025's people)
    assert options.ratio_years(Selection(year_from=2005, year_to=2025)) == (2015, 2025)
    assert options.exits_note(Selection(year_from=2005, year_to=2025)) == (
        " · grants and exits of 2015–2025, the years with exits on record")
    assert options.ratio_years(Selection(year_from=2010, year_to=2016)) == (2015, 2016)
    assert options.counted_years_text(Selection(year_from=2018, year_to=2030)) == "2018–2025"
    assert options.counted_years_text(Selection(year_from=2018, year_to=2020)) == ""
    # no year with an exit among those chosen: nothing to clip to, the cards then have no one to count
    assert options.ratio_years(Selection(year_from=2010, year_to=2010)) == (2010, 2010)
    assert options.exits_note(Selection(year_from=2010, year_to=2010)) == (
        " · exits on record 2015–2025, grants counted 2010")
    assert replace(OPTIONS, exit_years=None).exits_note(Selection(year_from=2005, year_to=2025)) == ""
    assert replace(OPTIONS, exit_years=None).ratio_years(Selection(year_from=2005, year_to=2025)) == (2005, 2025)


def test_employer_figures_say_their_surveys_years_where_the_chosen_reach_past_them():
    """A view's years are said with its exits ("2008–2013"), its employer figures resting on surveys from 2012 (an
    auditor): the years of surveys among those chosen, where fewer, and nothing where they lie within."""
    from dataclasses import replace

    from sectorscope.filters import Selection

    options = replace(OPTIONS, survey_years=(2012, 2025))
    assert options.counted_survey_years(Selection(year_from=2008, year_to=2013)) == "2012–2013"
    assert options.surveys_counted_note(Selection(year_from=2005, year_to=2025)) == (
        "Employer figures: surveys of 2012–2025, the years chosen holding surveys on record.")
    assert options.surveys_counted_note(Selection(year_from=2014, year_to=2020)) == ""
    assert options.surveys_counted_note(Selection(year_from=2005, year_to=2010)) == ""  # none held: said elsewhere
    assert replace(OPTIONS, survey_years=None).surveys_counted_note(Selection(year_from=2005, year_to=2025)) == ""


def test_years_in_words_never_repeat_a_single_year():
    assert Selection(year_from=2024, year_to=2024).years_text == "2024"  # "(2024–2024; top 25 by dollars)" before
    assert Selection(year_from=2019, year_to=2021).years_text == "2019–2021"


def test_a_files_selection_names_every_sector_county_and_region_in_full():
    """The CSVs' Selection column read "Lancaster, York, Adams and 2 more counties" and "1 region, 2 counties"."""
    from sectorscope.filters import Selection, describe_selection

    names = {fips: f"{name} County" for fips, name in (("42001", "Adams"), ("42071", "Lancaster"), ("42133", "York"),
                                                      ("42029", "Chester"), ("42011", "Berks"))}
    chosen = Selection(county_fips=tuple(names), year_from=2016, year_to=2020)
    assert describe_selection(chosen, OPTIONS, {}, names).endswith("and 2 more counties · 2016–2020")
    assert "Adams, Lancaster, York, Chester, Berks counties" in describe_selection(chosen, OPTIONS, {}, names, {})
    region = Selection(region_ids=("R1",), county_fips=("42071", "42133"), year_from=2016, year_to=2020)
    assert describe_selection(region, OPTIONS, {}, names) == "All sectors · 1 region (2 counties in all) · 2016–2020"
    assert describe_selection(region, OPTIONS, {}, names, {"R1": "South Central"}) == (
        "All sectors · South Central (2 counties in all) · 2016–2020")
    two = Selection(region_ids=("R1", "R2"), county_fips=("42071", "42133"), year_from=2016, year_to=2020)
    assert describe_selection(two, OPTIONS, {}, names, {"R1": "South Central", "R2": "Lehigh Valley"}) == (
        "All sectors · South Central, Lehigh Valley (2 counties in all) · 2016–2020")


def test_counties_are_named_with_their_state_where_it_is_not_the_datas():
    """The page's and the ``industry`` command's words for a county (the command read "42133 suppressed")."""
    import pandas as pd

    from sectorscope.filters import county_labels

    counties = pd.DataFrame({"county_fips": ["42133", "36015"], "state_fips": ["42", "36"],
                             "county_name": ["York County", "Chemung County"]})
    assert county_labels(counties, "42") == {"42133": "York County", "36015": "Chemung County (NY)"}
    assert county_labels(counties.iloc[:0], "42") == {}


def test_years_of_the_labour_market_tables_alone_are_no_partnerships():
    """An undated registry beside QCEW of 2016 read "All sectors · all counties · 2016" on every handout, the list's
    partnerships dated by a labour-market file (a Colorado analyst): the years stay the data's, and the Industry
    page, whose figures are QCEW's, says them; the others say no program record is dated."""
    import pandas as pd

    from sectorscope.filters import filter_options_from, years_in_words

    sectors = pd.DataFrame({"sector_code": ["HLTH"]})
    regions = pd.DataFrame({"region_id": pd.Series([], dtype=str), "county_fips": pd.Series([], dtype=object)})
    counties = pd.DataFrame({"county_fips": ["08003"]})
    choices = pd.DataFrame({"partnership_id": ["CO01"]})

    def options(program_first_year):
        years = pd.Series({"first_year": 2016, "last_year": 2016, "program_first_year": program_first_year,
                           "first_exit_year": None, "last_exit_year": None, "first_survey_year": None,
                           "last_survey_year": None})
        return filter_options_from(sectors, regions, counties, years, choices)

    chosen = Selection((), (), (), 2016, 2016)
    undated = options(None)
    assert (undated.first_year, undated.last_year, undated.dated) == (2016, 2016, False)
    assert years_in_words(chosen, undated) == "no dated records"
    assert years_in_words(chosen, undated.for_labour_market()) == "2016"  # the Industry page's years
    dated = options(2016)
    assert dated.dated and years_in_words(chosen, dated) == "2016"
