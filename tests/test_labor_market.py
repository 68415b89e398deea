"""Labor-market metrics on hand-computed cases (the tiny QCEW of test_qcew_tiny.py), edge cases and properties."""

from __future__ import annotations

import math
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_qcew_tiny import EMPLOYMENT, WEEKLY, YEARS

from sectorscope.metrics import labor_market as lm

LANCASTER, YORK, CHESTER = "42071", "42133", "42029"


def area_rows(*areas: str, published_lq: dict | None = None) -> pd.DataFrame:
    """Rows shaped like queries/industry_area_rows.sql for the tiny QCEW's areas."""
    rows = []
    for area in areas:
        for industry, values in EMPLOYMENT[area].items():
            for year, jobs in zip(YEARS, values, strict=True):
                rows.append({
                    "area_fips": area, "industry_code": industry, "industry_title": f"title {industry}",
                    "is_total": industry == "10", "year": year,
                    "employment": np.nan if jobs is None else float(jobs),
                    "total_wages": np.nan if jobs is None else float(jobs * 52 * WEEKLY[industry]),
                    "avg_weekly_wage": np.nan if jobs is None else float(WEEKLY[industry]),
                    "establishments": 3.0 if jobs is None else float(jobs // 10),
                    "suppressed": jobs is None,
                    "published_lq": (published_lq or {}).get((area, industry, year), np.nan),
                })
    return pd.DataFrame(rows)


def by_code(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("industry_code")


# --- Scalars ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "expected"), [
    ((150, 1000, 10_000, 100_000), 1.5),
    ((200, 1000, 8_000, 100_000), 2.5),
    ((0, 1000, 8_000, 100_000), 0.0),
    ((150, 0, 10_000, 100_000), math.nan),  # no jobs at all in the area
    ((150, 1000, 0, 100_000), math.nan),  # the reference has none of the industry
    ((None, 1000, 10_000, 100_000), math.nan),  # suppressed
    ((math.nan, 1000, 10_000, 100_000), math.nan),
])
def test_location_quotient(args, expected):
    result = lm.location_quotient(*args)
    assert (math.isnan(result) and math.isnan(expected)) or result == pytest.approx(expected)


def test_location_quotient_on_series_keeps_missing_missing():
    result = lm.location_quotient(pd.Series([150.0, np.nan, 0.0]), 1000, pd.Series([10_000.0, 5.0, 0.0]), 100_000)
    assert result.iloc[0] == pytest.approx(1.5) and result.iloc[1:].isna().all()


@pytest.mark.parametrize(("start", "end", "expected"), [
    (100, 110, 0.10), (200, 150, -0.25), (0, 10, math.nan), (math.nan, 10, math.nan), (None, 10, math.nan),
])
def test_percent_change(start, end, expected):
    result = lm.percent_change(start, end)
    assert (math.isnan(result) and math.isnan(expected)) or result == pytest.approx(expected)


@pytest.mark.parametrize(("start", "end", "years", "expected"), [
    (100, 121, 2, 0.10), (120, 150, 5, 1.25 ** 0.2 - 1), (100, 100, 3, 0.0), (100, 0, 2, -1.0),
    (0, 100, 2, math.nan), (100, 121, 0, math.nan), (math.nan, 121, 2, math.nan), (100, -1, 2, math.nan),
])
def test_compound_annual_growth(start, end, years, expected):
    result = lm.compound_annual_growth(start, end, years)
    assert (math.isnan(result) and math.isnan(expected)) or result == pytest.approx(expected)


def test_compound_annual_growth_on_series():
    result = lm.compound_annual_growth(pd.Series([100.0, 0.0, np.nan]), pd.Series([121.0, 5.0, 3.0]), 2)
    assert result.iloc[0] == pytest.approx(0.10) and result.iloc[1:].isna().all()


def test_weekly_wage():
    assert lm.weekly_wage(52_000, 1) == pytest.approx(1000)
    assert math.isnan(lm.weekly_wage(52_000, 0)) and math.isnan(lm.weekly_wage(math.nan, 10))


# --- Shift-share -----------------------------------------------------------------------------------------------
def test_shift_share_by_hand():
    # Lancaster health care 2018 -> 2019 against the U.S.: e0 140, e1 150; G = G_i = 100,000 / 98,000 - 1
    growth = 100_000 / 98_000 - 1
    parts = lm.shift_share([140.0], [150.0], growth, 10_000 / 9_800 - 1).iloc[0]
    assert parts["reference_growth_effect"] == pytest.approx(140 * growth)  # 2.857
    assert parts["industry_mix_effect"] == pytest.approx(0.0)
    assert parts["competitive_effect"] == pytest.approx(10 - 140 * growth)  # 7.143
    assert parts["actual_change"] == 10


def test_shift_share_with_an_industry_mix():
    # e0 100 -> e1 130; reference all industries +10%, this industry +20%: 10 + 10 + 10 = 30
    parts = lm.shift_share([100.0], [130.0], 0.10, 0.20).iloc[0]
    assert (parts["reference_growth_effect"], parts["industry_mix_effect"], parts["competitive_effect"]) == (
        pytest.approx(10), pytest.approx(10), pytest.approx(10))


def test_shift_share_edge_cases():
    parts = lm.shift_share([0.0, np.nan, 50.0], [20.0, 10.0, 40.0], [0.1, 0.1, np.nan], [0.2, 0.2, 0.2])
    assert parts.loc[0, "competitive_effect"] == 20 and parts.loc[0, "reference_growth_effect"] == 0
    assert parts.loc[1:, ["actual_change", "reference_growth_effect", "competitive_effect"]].isna().all().all()


@settings(max_examples=200, deadline=None)
@given(e0=st.floats(0, 1e7), e1=st.floats(0, 1e7), total=st.floats(-0.9, 3), industry=st.floats(-0.9, 3))
def test_shift_share_parts_sum_to_the_actual_change(e0, e1, total, industry):
    parts = lm.shift_share([e0], [e1], total, industry).iloc[0]
    summed = parts["reference_growth_effect"] + parts["industry_mix_effect"] + parts["competitive_effect"]
    assert summed == pytest.approx(e1 - e0, abs=1e-6 * max(1.0, e0, e1))


@settings(max_examples=100, deadline=None)
@given(shares=st.lists(st.floats(1, 1e6), min_size=2, max_size=12), scale=st.floats(0.01, 100),
       reference=st.lists(st.floats(1, 1e6), min_size=12, max_size=12))
def test_employment_weighted_lq_is_one_and_scale_free(shares, scale, reference):
    area = pd.Series(shares)
    ref = pd.Series(reference[: len(shares)])
    lq = lm.location_quotient(area, area.sum(), ref, ref.sum())
    assert float((lq * ref / ref.sum()).sum()) == pytest.approx(1.0)  # industries partition both totals
    assert lm.location_quotient(area * scale, area.sum() * scale, ref, ref.sum()).tolist() == pytest.approx(
        lq.tolist())


# --- From rows to tables ---------------------------------------------------------------------------------------
def test_years_with_data_need_every_area():
    rows = area_rows(LANCASTER, YORK)
    assert lm.years_with_data(rows, 2) == [2014, 2018, 2019]
    assert lm.years_with_data(rows[~((rows["area_fips"] == YORK) & (rows["year"] == 2018))], 2) == [2014, 2019]


def test_years_some_areas_lack_name_the_areas_lacking_them():
    rows = area_rows(LANCASTER, YORK)
    assert lm.years_lacking_areas(rows, [LANCASTER, YORK]) == {}
    without = rows[~((rows["area_fips"] == YORK) & rows["year"].isin([2014, 2018]))]
    assert lm.years_lacking_areas(without, [LANCASTER, YORK]) == {2014: (YORK,), 2018: (YORK,)}
    # a county with no file at all lacks every year the others have
    assert lm.years_lacking_areas(rows, [LANCASTER, YORK, CHESTER]) == {
        year: (CHESTER,) for year in sorted(rows["year"].unique())}


def test_area_sums_add_disclosed_counties_and_report_the_suppressed_share():
    sums = lm.area_sums(area_rows(LANCASTER, YORK)[lambda f: ~f["is_total"]], 2019)
    assert sums.loc["62", "employment"] == 350 and sums.loc["62", "suppressed_areas"] == 0
    transport = sums.loc["48-49"]
    assert transport["employment"] == 100 and transport["suppressed_areas"] == 1 and transport["areas"] == 2
    assert transport["suppressed_establishment_share"] == pytest.approx(3 / 13)  # 3 of 3 + 10 establishments
    alone = lm.area_sums(area_rows(LANCASTER)[lambda f: ~f["is_total"]], 2019)
    assert math.isnan(alone.loc["48-49", "employment"])  # suppressed everywhere: missing, not 0


def test_matched_employment_needs_every_county_disclosed_in_both_years():
    industries = area_rows(LANCASTER, YORK)[lambda f: ~f["is_total"]]
    matched = lm.matched_employment(industries, 2014, 2019)
    # Lancaster suppressed in 2019: York's 80 -> 100 is not the two counties' change
    assert math.isnan(matched.loc["48-49", "start_employment"]) and math.isnan(matched.loc["48-49", "end_employment"])
    assert (matched.loc["48-49", "unmatched_areas"], matched.loc["48-49", "left_out"]) == (1, LANCASTER)
    assert matched.loc["62", "left_out"] == ""
    assert (matched.loc["62", "start_employment"], matched.loc["62", "end_employment"]) == (300, 350)
    # a county with no row in a year had no establishment: zero, not missing
    dropped = industries[~((industries["area_fips"] == YORK) & (industries["industry_code"] == "62")
                           & (industries["year"] == 2014))]
    assert lm.matched_employment(dropped, 2014, 2019).loc["62", "start_employment"] == 120


def test_profile_of_one_county_against_the_us_by_hand():
    profile = by_code(lm.industry_profile(area_rows(LANCASTER), area_rows("US000"), start_year=2014,
                                          end_year=2019))
    health = profile.loc["62"]
    assert health["lq"] == pytest.approx(1.5) and health["lq_source"] == "computed against the U.S. file"
    assert health["employment"] == 150 and health["establishments"] == 15
    assert health["avg_weekly_wage"] == 1000 and health["wage_ratio"] == pytest.approx(1.25)
    assert health["employment_share"] == pytest.approx(0.15)
    assert (health["change_1y"], health["pct_change_1y"]) == (10, pytest.approx(10 / 140))
    assert (health["change_5y"], health["pct_change_5y"]) == (30, pytest.approx(0.25))
    assert health["cagr"] == pytest.approx(1.25 ** 0.2 - 1)
    assert profile.loc["31-33", "lq"] == pytest.approx(2.5)
    transport = profile.loc["48-49"]
    assert transport["status"] == "suppressed" and math.isnan(transport["lq"]) and math.isnan(transport["employment"])
    assert transport["lq_source"] == "suppressed by BLS"  # not "no U.S. figure": the U.S. file is loaded
    assert math.isnan(transport["change_1y"])  # suppressed in both 2018 and 2019


def test_profile_against_the_state_and_of_a_region():
    against_state = by_code(lm.industry_profile(area_rows(LANCASTER), area_rows("42000"), start_year=2014,
                                                end_year=2019, reference="state"))
    assert against_state.loc["62", "lq"] == pytest.approx(1.25)  # (150 / 1,000) / (1,200 / 10,000)
    assert against_state.loc["62", "lq_source"] == "computed against the state file"
    region = by_code(lm.industry_profile(area_rows(LANCASTER, YORK), area_rows("US000"), start_year=2014,
                                         end_year=2019))
    assert region.loc["62", "lq"] == pytest.approx((350 / 3000) / 0.1)
    assert region.loc["62", "wage_ratio"] == pytest.approx(1.25)
    assert region.loc["48-49", "status"] == "partly suppressed"
    assert region.loc["48-49", "lq"] == pytest.approx((100 / 3000) / 0.05)  # a lower bound: York only
    # York's 80 -> 100 is not the region's change: Lancaster is suppressed in 2019 (and 2018)
    assert region.loc["48-49", ["change", "cagr", "change_1y", "change_5y"]].isna().all()
    assert region.loc["48-49", ["areas_left_out", "areas_left_out_1y", "areas_left_out_5y"]].tolist() == [LANCASTER] * 3
    assert region.loc["48-49", "partial_pct_change_1y"] == pytest.approx(10 / 90)  # York's 90 -> 100, marked partial
    # no wage for the region from York's alone: a wage is no lower bound (an Industry page reviewer)
    assert pd.isna(region.loc["48-49", "avg_weekly_wage"]) and pd.isna(region.loc["48-49", "wage_ratio"])


def suppressed_in(rows: pd.DataFrame, area: str, industry: str, year: int) -> pd.DataFrame:
    """``rows`` with one cell suppressed, as BLS writes it (no employment, wages or wage)."""
    at = (rows["area_fips"] == area) & (rows["industry_code"] == industry) & (rows["year"] == year)
    rows = rows.copy()
    rows.loc[at, ["employment", "total_wages", "avg_weekly_wage"]] = np.nan
    rows.loc[at, "suppressed"] = True
    return rows


def test_a_regions_growth_is_withheld_where_a_county_was_suppressed_in_the_first_year():
    """Chemung, Schuyler and Steuben counties' professional services read +3.2%/year, status "disclosed", score 80
    and rank 1: Steuben, four fifths of the jobs, was suppressed in 2013, so the growth was the two small counties'
    (677 -> 768), where NY DOL's total for the three grew 1.5%/year. The change of some counties is not the area's:
    withheld, not scored, and the status says a county was suppressed in a year compared."""
    rows = suppressed_in(area_rows(LANCASTER, YORK), YORK, "62", 2014)
    region = by_code(lm.industry_profile(rows, area_rows("US000"), start_year=2014, end_year=2019))
    health = region.loc["62"]
    assert health["employment"] == 350 and health["status"] == lm.SUPPRESSED_EARLIER
    # Lancaster alone grew 120 -> 150 (+4.6%/year); the two counties 300 -> 350 (+3.1%/year): neither is shown
    assert health[["cagr", "change", "pct_change", "start_employment", "change_5y", "pct_change_5y"]].isna().all()
    assert (health["areas_left_out"], health["areas_left_out_5y"]) == (YORK, YORK)
    # Lancaster's own change stays, as a partial figure the pages mark (never scored, ranked or flagged)
    assert health["partial_cagr"] == pytest.approx(1.25 ** 0.2 - 1)
    assert health["partial_pct_change_5y"] == pytest.approx(0.25) and math.isnan(health["partial_pct_change_1y"])
    assert (health["change_1y"], health["areas_left_out_1y"]) == (20, "")  # 2018 -> 2019: both disclosed
    assert region.loc["31-33", "status"] == "disclosed" and region.loc["31-33", "areas_left_out"] == ""
    ranked = by_code(lm.rank_industries(region.reset_index(), lm.partnership_coverage(list(region.index),
                                                                                      partnerships_frame()),
                                        lm.DEFAULT_WEIGHTS))
    assert math.isnan(ranked.loc["62", "score"]) and math.isnan(ranked.loc["62", "rank"])
    assert not ranked.loc["62", "strong"] and pd.isna(ranked.loc["62", "quadrant"])
    shift = by_code(lm.shift_share_table(rows, area_rows("US000"), 2014, 2019))
    assert math.isnan(shift.loc["62", "actual_change"]) and shift.loc["62", "areas_left_out"] == YORK
    assert shift.loc["31-33", "actual_change"] == 70 and shift.loc["31-33", "areas_left_out"] == ""
    # one county suppressed in the first year: its own row says so too
    alone = by_code(lm.industry_profile(rows[rows["area_fips"] == YORK], area_rows("US000"), start_year=2014,
                                        end_year=2019))
    assert alone.loc["62", "status"] == lm.SUPPRESSED_EARLIER and math.isnan(alone.loc["62", "cagr"])
    # one year compared: no change, so nothing is left out of one
    one_year = by_code(lm.industry_profile(rows, area_rows("US000"), start_year=2019, end_year=2019))
    assert one_year.loc["62", "areas_left_out"] == ""


def test_a_region_has_no_change_from_a_year_one_of_its_counties_was_not_loaded():
    """A region of three counties showed Lancaster's own "+15.7%" as its 1-year change: York's and Lebanon's files
    of the year before were not loaded. No change then, rather than a part read as the whole."""
    rows = area_rows(LANCASTER, YORK)
    york_2018 = (rows["area_fips"] == YORK) & (rows["year"] == 2018)
    region = by_code(lm.industry_profile(rows[~york_2018], area_rows("US000"), start_year=2014, end_year=2019))
    assert math.isnan(region.loc["62", "change_1y"]) and math.isnan(region.loc["62", "pct_change_1y"])
    assert region.loc["62", "change_5y"] == 50  # 2014 is loaded for both: 300 -> 350
    assert lm.years_missing_an_area(rows[~york_2018], 2019, [2018, 2014]) == [2018]
    assert lm.years_missing_an_area(rows, 2019, [2018, 2014]) == []
    whole = by_code(lm.industry_profile(rows, area_rows("US000"), start_year=2014, end_year=2019))
    assert not math.isnan(whole.loc["62", "change_1y"])


def test_published_lq_wins_for_a_single_county_against_the_us_only():
    rows = area_rows(LANCASTER, published_lq={(LANCASTER, "62", 2019): 1.49})
    us = by_code(lm.industry_profile(rows, area_rows("US000"), start_year=2018, end_year=2019))
    assert us.loc["62", "lq"] == 1.49 and us.loc["62", "lq_source"] == "BLS published"
    assert us.loc["31-33", "lq_source"] == "computed against the U.S. file"
    state = by_code(lm.industry_profile(rows, area_rows("42000"), start_year=2018, end_year=2019,
                                        reference="state"))
    assert state.loc["62", "lq"] == pytest.approx(1.25)
    missing = by_code(lm.industry_profile(area_rows(LANCASTER), None, start_year=2018, end_year=2019))
    assert missing["lq"].isna().all() and missing["lq_source"].to_dict() == {
        code: "suppressed by BLS" if code == "48-49" else "no U.S. figure" for code in missing.index}


def test_shift_share_table_by_hand_and_its_parts_sum():
    table = by_code(lm.shift_share_table(area_rows(LANCASTER), area_rows("US000"), 2018, 2019))
    growth = 100_000 / 98_000 - 1
    assert table.loc["62", "reference_growth_effect"] == pytest.approx(140 * growth)
    assert table.loc["31-33", "industry_mix_effect"] == pytest.approx(190 * (0 - growth))
    assert math.isnan(table.loc["48-49", "actual_change"])  # suppressed in both years
    known = table.dropna(subset=["actual_change"])
    summed = known[["reference_growth_effect", "industry_mix_effect", "competitive_effect"]].sum(axis=1)
    assert summed.tolist() == pytest.approx(known["actual_change"].tolist())
    assert lm.shift_share_table(area_rows(LANCASTER), None, 2018, 2019)["actual_change"].isna().all()


def test_missing_reference_years():
    us = area_rows("US000")
    assert lm.missing_reference_years(us, [2014, 2016, 2019]) == [2016]
    assert lm.missing_reference_years(None, [2014]) == [2014]


def test_area_total():
    assert lm.area_total(area_rows(LANCASTER), 2019) == (1000, 800)
    employment, wage = lm.area_total(area_rows(LANCASTER, YORK), 2019)
    assert employment == 3000 and wage == pytest.approx(800)
    assert all(math.isnan(v) for v in lm.area_total(area_rows(LANCASTER), 2016))


# --- Ranking and partnerships ----------------------------------------------------------------------------------
def test_target_scores_are_weighted_percentiles():
    profile = pd.DataFrame({"lq": [1.0, 2.0, 3.0], "cagr": [0.03, 0.02, 0.01], "wage_ratio": [1.0, 1.0, 1.0],
                            "employment": [10, 20, np.nan]})
    only_lq = lm.target_scores(profile, {"concentration": 1})
    assert only_lq.tolist() == pytest.approx([100 / 3, 200 / 3, 100])
    both = lm.target_scores(profile, {"concentration": 1, "growth": 1})
    assert both.tolist() == pytest.approx([200 / 3, 200 / 3, 200 / 3])
    weighted = lm.target_scores(profile, {"concentration": 3, "growth": 1})
    assert weighted.tolist() == pytest.approx([(3 * 100 / 3 + 100) / 4, (3 * 200 / 3 + 200 / 3) / 4,
                                               (300 + 100 / 3) / 4])
    with_size = lm.target_scores(profile, {"concentration": 1, "size": 1})
    assert math.isnan(with_size.iloc[2])  # size missing (suppressed): no score
    assert lm.target_scores(profile, {"concentration": 0}).isna().all()


def test_a_component_no_industry_has_is_left_out_of_every_score():
    """One year of QCEW has no growth: the default weights (growth 1) scored no industry at all (Colorado)."""
    one_year = pd.DataFrame({"lq": [1.0, 2.0, 3.0], "cagr": [np.nan] * 3, "wage_ratio": [3.0, 2.0, 1.0],
                             "employment": [10, 20, 30]})
    assert lm.components_unknown(one_year) == ("growth",)
    scores = lm.target_scores(one_year, lm.DEFAULT_WEIGHTS)
    assert scores.tolist() == pytest.approx([200 / 3, 200 / 3, 200 / 3])  # concentration and wages alone
    assert lm.target_scores(one_year, {"growth": 1}).isna().all()  # nothing else weighted: nothing to score on
    # one industry lacking growth (suppressed) still loses its score: growth is known for others
    some = one_year.assign(cagr=[0.01, np.nan, 0.03])
    assert lm.components_unknown(some) == ()
    assert lm.target_scores(some, lm.DEFAULT_WEIGHTS).isna().tolist() == [False, True, False]


@pytest.mark.parametrize(("code", "expected"), [("31-33", ("31", "32", "33")), ("44-45", ("44", "45")),
                                                ("62", ("62",)), ("5415", ("5415",))])
def test_expand_naics(code, expected):
    assert lm.expand_naics(code) == expected


@pytest.mark.parametrize(("industry", "prefixes", "expected"), [
    ("31-33", ["31-33"], "full"), ("336", ["31-33"], "full"), ("32", ["31-33"], "full"),
    ("22", ["22", "211"], "full"), ("21", ["22", "211"], "partial"), ("54", ["51", "5415"], "partial"),
    ("31-33", ["311"], "partial"), ("44-45", ["44"], "partial"), ("62", ["31-33"], None), ("48-49", ["4"], "full"),
])
def test_naics_coverage(industry, prefixes, expected):
    assert lm.naics_coverage(industry, prefixes) == expected


def partnerships_frame() -> pd.DataFrame:
    return pd.DataFrame({"partnership_id": ["P1", "P2", "P3"], "name": ["Health", "Makers", "Food"],
                         "sector_name": ["Healthcare", "Manufacturing", "Agriculture & Food"],
                         "naics_prefixes": [["62"], ["31-33"], ["11", "311"]]})


def test_partnership_coverage():
    coverage = by_code(lm.partnership_coverage(["62", "31-33", "11", "48-49"], partnerships_frame()))
    assert coverage.loc["62", "partnerships"] == ["Health"] and coverage.loc["62", "coverage"] == "full"
    assert coverage.loc["31-33", "partnerships"] == ["Makers", "Food"]
    assert coverage.loc["31-33", "coverage"] == "full"  # one partnership covers it all
    assert coverage.loc["11", "sectors"] == ["Agriculture & Food"]
    assert coverage.loc["48-49", "coverage"] == "none" and coverage.loc["48-49", "partnerships"] == []


def test_rank_flags_strong_industries_with_no_partnership():
    profile = lm.industry_profile(area_rows(LANCASTER), area_rows("US000"), start_year=2014, end_year=2019)
    partners = partnerships_frame().iloc[:1]  # only the health care partnership serves Lancaster
    ranked = by_code(lm.rank_industries(profile, lm.partnership_coverage(profile["industry_code"], partners),
                                        lm.DEFAULT_WEIGHTS))
    assert ranked.loc["31-33", "strong"] and ranked.loc["31-33", "gap"]  # LQ 2.5, 180 -> 200
    assert ranked.loc["62", "strong"] and not ranked.loc["62", "gap"]  # LQ 1.5, served
    assert not ranked.loc["48-49", "strong"] and math.isnan(ranked.loc["48-49", "score"])  # suppressed
    assert list(ranked.index)[-1] == "48-49"  # unscored last
    assert ranked.loc["31-33", "quadrant"] == "Concentrated and growing"


def test_quadrant_and_strong_threshold():
    lq = pd.Series([1.5, 1.5, 0.5, 0.5, np.nan])
    growth = pd.Series([0.01, -0.01, 0.02, -0.02, 0.01])
    assert lm.quadrant(lq, growth).tolist()[:4] == list(lm.QUADRANTS)
    assert pd.isna(lm.quadrant(lq, growth).iloc[4])
    assert lm.strong_industries(pd.DataFrame({"lq": [1.2, 1.19, np.nan], "cagr": [0.001, 0.5, 0.5]})).tolist() == [
        True, False, False]
    # one threshold, on the LQ as shown: 1.196 reads "1.20" and is concentrated everywhere (the card, the flag and
    # the chart's quadrant); 1.1 is above the reference's share but not concentrated (the quadrant once split at 1)
    lq, growth = pd.Series([1.196, 1.194, 1.1, 1.1]), pd.Series([0.045, 0.045, 0.02, -0.02])
    assert lm.strong_industries(pd.DataFrame({"lq": lq, "cagr": growth})).tolist() == [True, False, False, False]
    assert lm.quadrant(lq, growth).tolist() == ["Concentrated and growing", "Growing, not yet concentrated",
                                                "Growing, not yet concentrated", "Shrinking, not concentrated"]
    assert lm.lq_as_shown(lq).tolist() == [1.2, 1.19, 1.1, 1.1]
    # growth as shown too: +0.04%/year reads "+0.0%/year", neither growing nor flagged
    flat = pd.DataFrame({"lq": [1.5, 1.5], "cagr": [0.0004, 0.0006]})
    assert lm.strong_industries(flat).tolist() == [False, True]
    assert lm.quadrant(flat["lq"], flat["cagr"]).tolist() == ["Concentrated, shrinking", "Concentrated and growing"]


def test_industries_in_sectors():
    codes = pd.Series(["62", "31-33", "48-49", "54"])
    assert lm.industries_in_sectors(codes, [["62"], ["5415"]]).tolist() == [True, False, False, True]


def test_county_location_quotients():
    counties = pd.DataFrame({
        "county_fips": [LANCASTER, YORK, CHESTER, "42001"], "county_name": ["Lancaster", "York", "Chester", "Adams"],
        "centroid_lon": 0.0, "centroid_lat": 0.0,
        "employment": [150.0, np.nan, np.nan, np.nan], "establishments": [15.0, np.nan, 3.0, np.nan],
        "total_employment": [1000.0, 2000.0, 3000.0, np.nan], "suppressed": [False, False, True, False],
        "has_industry_row": [True, False, True, False], "has_data": [True, True, True, False],
        "published_lq": [1.49, np.nan, np.nan, np.nan],
    })
    us = lm.county_location_quotients(counties, area_rows("US000"), industry_code="62", year=2019).set_index(
        "county_fips")
    assert us.loc[LANCASTER, "lq"] == 1.49 and us.loc[LANCASTER, "lq_source"] == "BLS published"
    assert us.loc[YORK, "lq"] == 0 and us.loc[YORK, "status"] == lm.NO_JOBS  # no establishment: zero
    assert us.loc[CHESTER, "status"] == "suppressed" and math.isnan(us.loc[CHESTER, "lq"])
    assert us.loc["42001", "status"] == "no data"
    state = lm.county_location_quotients(counties, area_rows("42000"), industry_code="62", year=2019,
                                         reference="state").set_index("county_fips")
    assert state.loc[LANCASTER, "lq"] == pytest.approx(1.25)
    # no reference loaded: a county with jobs has no LQ, one without any has LQ 0 all the same (25 counties with no
    # establishment in the industry read "without a reference figure")
    none = lm.county_location_quotients(counties, None, industry_code="62", year=2019,
                                        reference="state").set_index("county_fips")
    assert none.loc[LANCASTER, "status"] == "no reference" and math.isnan(none.loc[LANCASTER, "lq"])
    assert none.loc[YORK, "status"] == lm.NO_JOBS and none.loc[YORK, "lq"] == 0
    assert none.loc[CHESTER, "status"] == "suppressed" and none.loc["42001", "status"] == "no data"


def test_each_county_of_the_map_is_compared_with_its_own_state():
    """A map holding a region's counties across a state line compared New York's counties with Pennsylvania."""
    counties = pd.DataFrame({
        "county_fips": [LANCASTER, "36015"], "county_name": ["Lancaster", "Chemung"], "centroid_lon": 0.0,
        "centroid_lat": 0.0, "employment": [150.0, 300.0], "establishments": [15.0, 30.0],
        "total_employment": [1000.0, 1000.0], "suppressed": False, "has_industry_row": True, "has_data": True,
        "published_lq": np.nan})
    new_york = area_rows("42000").assign(area_fips="36000")
    new_york.loc[(new_york["industry_code"] == "62") & (new_york["year"] == 2019), "employment"] = 1500.0
    references = pd.concat([area_rows("42000"), new_york], ignore_index=True)
    lq = lm.county_location_quotients(counties, references, industry_code="62", year=2019,
                                      reference="state").set_index("county_fips")["lq"]
    assert lq[LANCASTER] == pytest.approx((150 / 1000) / (1200 / 10_000))  # against Pennsylvania: 1.25
    assert lq["36015"] == pytest.approx((300 / 1000) / (1500 / 10_000))  # against New York: 2.0, not 2.5
    only_pennsylvania = lm.county_location_quotients(counties, area_rows("42000"), industry_code="62", year=2019,
                                                     reference="state").set_index("county_fips")
    assert only_pennsylvania.loc["36015", "status"] == "no reference"  # New York not loaded: no LQ, not PA's


def test_a_year_not_loaded_is_missing_not_zero():
    industries = area_rows(LANCASTER, YORK)[lambda f: ~f["is_total"]]
    assert lm.matched_employment(industries, 2015, 2019)["start_employment"].isna().all()
    without_york_2014 = industries[~((industries["area_fips"] == YORK) & (industries["year"] == 2014))]
    matched = lm.matched_employment(without_york_2014, 2014, 2019)
    # Lancaster's 120 alone is not the two counties' 2014
    assert math.isnan(matched.loc["62", "start_employment"]) and matched.loc["62", "matched_areas"] == 1


def test_public_views_hide_industries_of_fewer_than_k_people():
    profile = pd.DataFrame({"industry_code": ["62", "11", "21"], "employment": [150.0, 4.0, 0.0],
                            "establishments": [15.0, 1.0, 0.0], "avg_weekly_wage": [1000.0, 700.0, np.nan],
                            "lq": [1.5, 0.2, 0.0], "cagr": [0.01, 0.5, np.nan],
                            "status": ["disclosed", "disclosed", "disclosed"]})
    hidden = lm.hide_small_cells(profile, 10).set_index("industry_code")
    assert hidden.loc["62", "employment"] == 150 and hidden.loc["62", "status"] == "disclosed"
    small = hidden.loc["11"]
    assert small["status"] == "suppressed" and small[["employment", "avg_weekly_wage", "lq", "cagr"]].isna().all()
    assert small["establishments"] == 1  # tells nothing about people
    assert hidden.loc["21", "employment"] == 0 and hidden.loc["21", "status"] == "disclosed"
    # some counties' change alone rests on jobs not known, perhaps fewer than k: never in a public view
    partial = lm.hide_small_cells(profile.assign(partial_cagr=[0.03, np.nan, np.nan]), 10)
    assert partial["partial_cagr"].isna().all()


def test_the_references_sums_worked_out_once_give_every_area_the_same_figures():
    """The Industry page works out the reference's sums once per reference and years and hands them to each area's
    profile and shift-share: the figures are those of the reference's rows read again for each area."""
    sums = lm.reference_sums(area_rows("US000"), 2014, 2019)
    for area in ([LANCASTER], [LANCASTER, YORK]):
        rows = area_rows(*area)
        pd.testing.assert_frame_equal(
            lm.industry_profile(rows, area_rows("US000"), start_year=2014, end_year=2019, sums=sums),
            lm.industry_profile(rows, area_rows("US000"), start_year=2014, end_year=2019))
        pd.testing.assert_frame_equal(lm.shift_share_table(rows, area_rows("US000"), 2014, 2019, sums),
                                      lm.shift_share_table(rows, area_rows("US000"), 2014, 2019))
    assert lm.reference_sums(None, 2014, 2019).empty


def test_lqs_and_shift_share_round_as_the_pages_show_them():
    """A half away from zero, as format_ratio and the hover: 1.125 is "1.13" (f"{1.125:.2f}" wrote 1.12)."""
    from sectorscope.charts.industry import signed_count

    assert lm.lq_as_shown(pd.Series([1.125, np.nan])).tolist()[0] == 1.13
    assert signed_count(12.5) == "+13" and signed_count(-0.4) == "0"  # nothing has no sign (it read "+0")


def test_a_region_without_the_year_before_sums_the_counties_published_changes_over_those_disclosed():
    """BLS's change over the year of each county's end-year row, where the previous year's files are not loaded:
    summed over the counties carrying one (as ``_matched`` sums those disclosed in both years); the percent is the
    sum's, and BLS's own for a single county."""
    end = YEARS[-1]
    rows = area_rows(LANCASTER, YORK)
    rows = rows[rows["year"] == end].assign(oty_employment_chg=np.nan, oty_employment_pct_chg=np.nan)
    industry = next(code for code, values in EMPLOYMENT[LANCASTER].items() if code != "10" and values[-1])
    for area, change, percent in ((LANCASTER, 20.0, 12.5), (YORK, -4.0, -3.3)):
        at = (rows["area_fips"] == area) & (rows["industry_code"] == industry)
        rows.loc[at, ["oty_employment_chg", "oty_employment_pct_chg"]] = [change, percent]
    region = by_code(lm.industry_profile(rows, None, start_year=end, end_year=end)).loc[industry]
    employment = rows.loc[(rows["industry_code"] == industry) & ~rows["suppressed"], "employment"].sum()
    assert region["change_1y"] == 16.0
    assert region["pct_change_1y"] == pytest.approx(16.0 / (employment - 16.0))
    lancaster = by_code(lm.industry_profile(rows[rows["area_fips"] == LANCASTER], None, start_year=end,
                                            end_year=end)).loc[industry]
    assert lancaster["change_1y"] == 20.0 and lancaster["pct_change_1y"] == pytest.approx(0.125)
    others = by_code(lm.industry_profile(rows, None, start_year=end, end_year=end)).drop(index=industry)
    assert others["change_1y"].isna().all()  # no published change: missing, never 0


def one_year_with_changes(changes: dict[tuple[str, str], tuple[float, float] | None]) -> pd.DataFrame:
    """The tiny QCEW's last year alone for Lancaster, York and Chester, each (area, industry)'s published change
    over the year and its percent as given (None or absent: none in its file)."""
    end = YEARS[-1]
    rows = area_rows(LANCASTER, YORK, CHESTER)
    rows = rows[rows["year"] == end].assign(oty_employment_chg=np.nan, oty_employment_pct_chg=np.nan)
    for (area, industry), values in changes.items():
        at = (rows["area_fips"] == area) & (rows["industry_code"] == industry)
        rows.loc[at, ["oty_employment_chg", "oty_employment_pct_chg"]] = values if values else [np.nan, np.nan]
    return rows.reset_index(drop=True)


def test_a_regions_published_change_is_empty_where_a_county_with_jobs_has_none():
    """Lancaster's change over the year was summed alone and its "+15.7%" shown as the region's: its three other
    counties, loaded from quarterly files, carried none. Every county with jobs in the industry must carry one."""
    rows = one_year_with_changes({(LANCASTER, "62"): (20.0, 15.4), (YORK, "62"): None, (CHESTER, "62"): (10, 3.4),
                                  (LANCASTER, "31-33"): (20.0, 11.1), (YORK, "31-33"): (-4.0, -1.3)})
    changes = lm.published_change(rows[~rows["is_total"]], YEARS[-1])
    health = changes.loc["62"]
    assert math.isnan(health["start_employment"]) and math.isnan(health["end_employment"])
    assert math.isnan(health["published_pct"])  # not Lancaster's 15.4%
    assert (health["areas_with_jobs"], health["areas_without_change"], health["without_change"]) == (3, 1, YORK)
    # manufacturing: Chester's cell is suppressed, so Lancaster's and York's changes summed are not the region's
    making = changes.loc["31-33"]
    assert math.isnan(making["start_employment"]) and math.isnan(making["end_employment"])
    assert making["left_out"] == CHESTER and making["areas_without_change"] == 0
    assert math.isnan(making["published_pct"])
    # without Chester, the two others' carry theirs: summed, and no county's own percent
    two = lm.published_change(rows[~rows["is_total"] & rows["area_fips"].ne(CHESTER)], YEARS[-1]).loc["31-33"]
    assert (two["start_employment"], two["end_employment"], two["left_out"]) == (200 - 20 + 300 + 4, 500, "")
    assert math.isnan(two["published_pct"])
    region = by_code(lm.industry_profile(rows, None, start_year=YEARS[-1], end_year=YEARS[-1]))
    assert math.isnan(region.loc["62", "change_1y"]) and math.isnan(region.loc["62", "pct_change_1y"])
    assert (region.loc["62", "areas_without_change_1y"], region.loc["62", "without_change_1y"]) == (1, YORK)
    assert math.isnan(region.loc["31-33", "change_1y"]) and region.loc["31-33", "without_change_1y"] == ""
    assert region.loc["31-33", "areas_left_out_1y"] == CHESTER


@pytest.mark.parametrize(("york", "expected"), [
    (None, (np.nan, np.nan, 1)),  # York's file has none: no change for the two
    ((0.0, 0.0), (30.0, 30 / 320, 0)),  # York's 0 counts
])
def test_every_county_with_jobs_counts_in_a_published_change(york, expected):
    rows = one_year_with_changes({(LANCASTER, "62"): (30.0, 25.0), (YORK, "62"): york})
    rows = rows[rows["area_fips"].isin([LANCASTER, YORK])]
    health = by_code(lm.industry_profile(rows, None, start_year=YEARS[-1], end_year=YEARS[-1])).loc["62"]
    assert (health["change_1y"], health["pct_change_1y"], health["areas_without_change_1y"]) == pytest.approx(
        expected, nan_ok=True)


def test_a_county_alone_keeps_bls_percent_and_one_of_several_with_jobs_does_too():
    """A county's own percent is BLS's; so is a region's where only that county has the industry (the others have
    no row for it: no establishment), since the region's change is that county's."""
    rows = one_year_with_changes({(LANCASTER, "62"): (20.0, 15.4)})
    alone = rows[rows["area_fips"].eq(LANCASTER)]
    assert by_code(lm.industry_profile(alone, None, start_year=YEARS[-1], end_year=YEARS[-1])).loc[
        "62", "pct_change_1y"] == pytest.approx(0.154)
    only_lancaster = rows[rows["area_fips"].eq(LANCASTER) | rows["is_total"]]
    region = by_code(lm.industry_profile(only_lancaster, None, start_year=YEARS[-1], end_year=YEARS[-1]))
    assert region.loc["62", "pct_change_1y"] == pytest.approx(0.154)
    empty = lm.published_change(rows.drop(columns=["oty_employment_chg"]), YEARS[-1])
    assert empty.empty and "without_change" in empty.columns


def test_the_lq_from_quarterly_files_is_named_for_how_it_is_made():
    """ "the mean of BLS's monthly LQs" it is not: the year's share over the mean of the U.S. shares the monthly LQs
    imply (``qcew._annual_lq_from_monthly``). One wording, for the table's note, the map's and the methods."""
    from sectorscope.present.methods import industry_methods

    assert lm.LQ_SOURCES["from BLS's monthly LQs"].startswith(lm.MONTHLY_LQ_METHOD)
    assert "mean of BLS's monthly LQs" not in lm.LQ_SOURCES["from BLS's monthly LQs"]
    assert lm.MONTHLY_LQ_METHOD in industry_methods("the U.S.", None)


def test_a_suppressed_cell_without_an_establishment_count_leaves_the_counts_unknown():
    """New York DOL's file (through the template) leaves suppressed cells out, establishments too: the region read
    "1 of 3 counties, 0% of establishments" suppressed, and the two others' count as its own."""
    rows = area_rows(LANCASTER, YORK)[lambda f: ~f["is_total"]].reset_index(drop=True)
    lancaster_2019 = (rows["area_fips"] == LANCASTER) & (rows["industry_code"] == "48-49") & (rows["year"] == 2019)
    rows.loc[lancaster_2019, "establishments"] = np.nan
    transport = lm.area_sums(rows, 2019).loc["48-49"]
    assert transport["suppressed_areas"] == 1
    assert math.isnan(transport["suppressed_establishment_share"]) and math.isnan(transport["establishments"])
    assert lm.area_sums(rows, 2019).loc["62", "establishments"] == 35  # every count there: summed


def many_industries(industry_count: int, areas: tuple[str, ...]) -> pd.DataFrame:
    """Rows shaped like queries/industry_area_rows.sql of ``areas`` with ``industry_count`` industries, 2014-2024,
    about one cell in seven suppressed, and each area's all-industry total."""
    generator = np.random.default_rng(7)
    codes = [f"{number:04d}" for number in range(industry_count)]
    frames = []
    for area in areas:
        for year in range(2014, 2025):
            jobs = generator.integers(10, 5000, industry_count).astype(float)
            suppressed = generator.random(industry_count) < 0.15
            frames.append(pd.DataFrame({
                "area_fips": area, "industry_code": [*codes, "10"], "industry_title": [*codes, "Total"],
                "is_total": [False] * industry_count + [True], "year": year,
                "employment": [*np.where(suppressed, np.nan, jobs), jobs.sum() * 2],
                "total_wages": [*np.where(suppressed, np.nan, jobs * 52 * 900), jobs.sum() * 2 * 52 * 900],
                "avg_weekly_wage": 900.0, "establishments": [*(jobs // 10), jobs.sum() // 5],
                "suppressed": [*suppressed, False], "published_lq": np.nan}))
    return pd.concat(frames, ignore_index=True)


def python_calls(function, *args, **kwargs) -> int:
    """How many Python functions one call of ``function`` runs (C functions not counted): its work, counted the same
    on a busy machine as on an idle one, as a time is not."""
    calls = 0

    def count(frame, event, arg) -> None:
        nonlocal calls
        calls += event == "call"

    sys.setprofile(count)
    try:
        function(*args, **kwargs)
    finally:
        sys.setprofile(None)
    return calls


def test_a_profiles_python_work_does_not_grow_with_its_industries():
    """industry_profile ran Python for each industry, several times over (an agg joining each industry's suppressed
    counties, for three changes; a groupby per column): 60 ms for a region of 8 counties and 19 sectors, run again
    whenever the area changes, and more at each finer NAICS level. Its work is done by whole columns: ten times the
    industries add no Python call."""
    counties = tuple(f"42{number:03d}" for number in range(1, 17, 2))

    def calls(industry_count: int) -> int:
        return python_calls(lm.industry_profile, many_industries(industry_count, counties),
                            many_industries(industry_count, ("US000",)), start_year=2019, end_year=2024)

    assert calls(190) <= calls(19) * 1.05


def test_strong_and_gap_are_missing_in_a_download_where_they_are_not_known():
    """True or False where the LQ and growth are known; missing where either is not (one year loaded, a suppressed
    cell); the gap missing too where no registry is loaded: never False for "not known"."""
    ranked = pd.DataFrame({"lq": [1.5, 1.5, np.nan, 0.8], "cagr": [0.02, np.nan, 0.02, 0.01],
                           "strong": [True, False, False, False], "gap": [True, False, False, False]})
    flags = lm.flags_as_known(ranked, registry_loaded=True)
    assert flags_as_listed(flags["strong"]) == [True, None, False, False]  # an LQ unknown with growth known: not
    assert flags_as_listed(flags["gap"]) == [True, None, False, False]  # strong, as the cards count it
    assert flags_as_listed(lm.flags_as_known(ranked, registry_loaded=False)["gap"]) == [None] * 4
    assert flags_as_listed(lm.flags_as_known(ranked, registry_loaded=False)["strong"]) == [True, None, False, False]
    # an LQ below the threshold is not strong whatever the growth (the cards count it decided: a code reviewer)
    low = pd.DataFrame({"lq": [0.9], "cagr": [np.nan], "strong": [False], "gap": [False]})
    assert flags_as_listed(lm.flags_as_known(low, registry_loaded=True)["strong"]) == [False]
    assert lm.strong_undecided(ranked).tolist() == [False, True, False, False]


def flags_as_listed(flags: pd.Series) -> list:
    return [None if pd.isna(flag) else bool(flag) for flag in flags]
