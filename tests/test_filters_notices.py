"""Every change the app makes to what a link says comes with a notice, and many ignored parameters make one notice."""

from __future__ import annotations

import dataclasses

import pytest
from test_filters import OPTIONS

from sectorscope.filters import parse_query_params, to_query_params


def test_swapped_years_are_put_in_order_with_a_notice():
    selection = parse_query_params({"years": ["2022-2016"]}, OPTIONS)
    assert (selection.year_from, selection.year_to) == (2016, 2022)
    assert selection.notices == ("Years in the link were swapped to 2016-2022 (the first year comes first).",)


@pytest.mark.parametrize(("name", "values", "kept"), [("years", ["2016-2018", "2020"], (2020, 2020)),
                                                      ("partnership", ["P1", "P2"], "P2")])
def test_a_repeated_single_parameter_keeps_the_last_with_a_notice(name, values, kept):
    selection = parse_query_params({name: values}, OPTIONS)
    got = (selection.year_from, selection.year_to) if name == "years" else selection.partnership_id
    assert got == kept
    assert [n for n in selection.notices if f"gives {name} 2 times; used the last one" in n]


def test_repeated_codes_are_used_once_with_a_notice():
    selection = parse_query_params({"sector": ["HLTH", "HLTH", "IT"]}, OPTIONS)
    assert selection.sector_codes == ("HLTH", "IT")
    assert selection.notices == ("The link repeats sector 'HLTH'; each is used once.",)


def test_a_region_contradicting_its_counties_is_dropped_with_a_notice():
    selection = parse_query_params({"region": ["R1"], "county": ["42071"]}, OPTIONS)
    assert selection.region_ids == () and selection.county_fips == ("42071",)
    assert selection.notices == ("The link's region 'R1' does not match its counties; the counties are used.",)


@pytest.mark.parametrize("years", ["２０１８", "٢٠١٨", "2018-２０２０", "۲۰۱۸"])
def test_non_ascii_digits_are_not_years(years):
    selection = parse_query_params({"years": [years]}, OPTIONS)
    assert (selection.year_from, selection.year_to) == (OPTIONS.first_year, OPTIONS.last_year)
    assert len(selection.notices) == 1 and "malformed years" in selection.notices[0]


def test_a_code_in_another_case_is_asked_about_never_read_as_another():
    """``partnership=p005`` read only "unknown" (a convener): the notice asks about the one code offered that it
    matches but for case; it is never read as that code (a link to one not offered here would show another: a
    reviewer), and nothing is asked where two codes match."""
    selection = parse_query_params({"sector": ["hlth"], "partnership": ["p1"]}, OPTIONS)
    assert (selection.sector_codes, selection.partnership_id) == ((), None)
    assert selection.notices == (
        "Ignored unknown sector 'hlth' in the link (codes are told apart by case: 'HLTH'?).",
        "Ignored unknown partnership 'p1' in the link (codes are told apart by case: 'P1'?).")
    refused = parse_query_params({"partnership": ["p1"]}, OPTIONS, refused=True)
    assert refused.notices == ("Unknown partnership 'p1' (codes are told apart by case: 'P1'?)",)
    twins = dataclasses.replace(OPTIONS, partnership_ids=("Ab", "aB", "P2"))
    assert parse_query_params({"partnership": ["aB"]}, twins).partnership_id == "aB"
    unknown = parse_query_params({"partnership": ["ab"]}, twins)
    assert unknown.partnership_id is None and unknown.notices == ("Ignored unknown partnership 'ab' in the link.",)


def test_three_hundred_unknown_parameters_make_one_notice():
    params = {f"junk{i}": ["x"] for i in range(300)}
    selection = parse_query_params({**params, "sector": ["HLTH"]}, OPTIONS)
    assert selection.sector_codes == ("HLTH",)
    assert selection.notices == ("Ignored 300 unknown link parameters 'junk0', 'junk1', 'junk2' and 297 more.",)
    assert to_query_params(selection, OPTIONS) == {"sector": ["HLTH"]}  # the rewritten link drops them


def test_many_unknown_values_make_one_notice_per_filter():
    selection = parse_query_params({"sector": [f"S{i}" for i in range(200)], "county": ["1", "2"]}, OPTIONS)
    assert len(selection.notices) == 2
    assert "Ignored unknown sectors 'S0', 'S1', 'S2' and 197 more" in selection.notices[0]


def test_a_valid_link_has_no_notice():
    assert parse_query_params({"sector": ["HLTH"], "region": ["R1"], "years": ["2016-2020"],
                               "partnership": ["P1"]}, OPTIONS).notices == ()
