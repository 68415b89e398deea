"""Funding and partnership-health metrics on hand-computed cases, edge cases and properties."""

from __future__ import annotations

import math

import pandas as pd
import pytest
import worker_reference as reference
from hypothesis import given, settings
from hypothesis import strategies as st

from sectorscope.metrics import funding

PARTNERSHIPS = pd.DataFrame({
    "partnership_id": ["P1", "P2", "P3"],
    "name": ["Health Careers", "Makers", "Builders"],
    "sector_code": ["HLTH", "MFG", "HLTH"],
    "phase": ["implementation", "sustaining", "planning"],
    "convener_name": ["County WDB", "Acme Tools", "Valley College"],
    "convener_type": ["workforce board", "industry association", "community college"],
})
GRANTS = pd.DataFrame({
    "grant_id": ["G1", "G2", "G3", "G4"],
    "partnership_id": ["P1", "P1", "P2", "P2"],
    "sector_code": ["HLTH", "HLTH", "MFG", "MFG"],
    "grant_type": ["planning", "implementation", "implementation", "other"],
    "funding_source": ["state", "philanthropic", "federal", "employer match"],
    "amount_usd": [100_000.0, 300_000.0, 200_000.0, 50_000.0],
    "start_date": pd.to_datetime(["2016-01-01", "2017-01-01", "2017-03-01", "2017-03-01"]),
})
PARTICIPANTS = pd.DataFrame({
    "participant_id": ["A", "B", "C", "D", "E"],
    "partnership_id": ["P1", "P1", "P1", "P2", "P2"],
    "sector_code": ["HLTH", "HLTH", "HLTH", "MFG", "MFG"],
    "completed": pd.array([True, True, False, True, None], dtype="boolean"),
    "pre_hourly_wage": [12.0, 15.0, 11.0, 18.0, 14.0],
    "post_hourly_wage": [15.0, 16.0, None, 22.0, None],
    "employed_in_sector": pd.array([True, False, False, True, None], dtype="boolean"),
})
PEOPLE = reference.people_by_partnership(PARTICIPANTS)  # one row per partnership, as the page reads them


def test_the_leverage_cards_parts_say_so_where_as_shown_they_do_not_add_up_to_the_total():
    """$67.7M beside "state $25.8M · non-state $42.0M" (67,749,500 = 25,783,000 + 41,966,500, each rounded on its
    own): a staff reviewer added the parts and got $67.8M."""
    from sectorscope.present.formatting import add_up_as_shown, compact_dollars_shown, format_leverage
    from sectorscope.present.headlines import grant_headlines

    assert compact_dollars_shown(25_783_000) == 25_800_000 and compact_dollars_shown(9_950) == 9_950
    assert not add_up_as_shown(67_749_500, (25_783_000, 41_966_500))
    assert add_up_as_shown(600_000, (200_000, 400_000))
    base = {"grant_dollars": 67_749_500.0, "state_dollars": 25_783_000.0, "non_state_dollars": 41_966_500.0,
            "leverage": 41_966_500 / 25_783_000, "grants": 40, "funded_partnerships": 10, "ratio_dollars": 0.0,
            "ratio_participants": 0, "ratio_completers": 0, "participants_left_out": 0, "completers_left_out": 0,
            "cost_per_exiter": float("nan"), "cost_per_completer": float("nan"), "ratio_partnerships": 0,
            "participant_partnerships_left_out": 0, "completer_partnerships_left_out": 0}
    leverage = grant_headlines(base, 12, loaded=None)[1]
    assert leverage.basis == "state $25.8M · non-state $42.0M (rounded)"
    assert add_up_as_shown(float("nan"), (1.0, 2.0))  # nothing to add up: no note
    even = grant_headlines(base | {"grant_dollars": 6e5, "state_dollars": 2e5, "non_state_dollars": 4e5}, 12,
                           loaded=None)[1]
    assert even.basis == "state $200K · non-state $400K"
    # no state dollar: in words on a card read to a room ("Leverage: no state $" on a slide: a convener), the
    # table's cell keeping its short form
    federal = grant_headlines(base | {"state_dollars": 0.0, "leverage": float("nan")}, 12, loaded=None)[1]
    assert federal.value == "No state dollars" and format_leverage(float("nan")) == "no state $"


def test_funding_by_partnership_by_hand():
    frame = funding.funding_by_partnership(PARTNERSHIPS, GRANTS, PEOPLE).set_index("partnership_id")
    # P1: 400k (100k state), 3 participants, 2 completers -> leverage 3, $133,333 per participant, $200k per completer
    assert frame.loc["P1", "grant_dollars"] == 400_000 and frame.loc["P1", "state_dollars"] == 100_000
    assert frame.loc["P1", "leverage"] == pytest.approx(3.0)
    assert frame.loc["P1", "cost_per_exiter"] == pytest.approx(400_000 / 3)
    assert frame.loc["P1", "cost_per_completer"] == pytest.approx(200_000)
    # P2: no state dollars -> leverage missing (division by zero), not infinite or zero; E's unknown completion
    # does not count as completed
    assert math.isnan(frame.loc["P2", "leverage"]) and frame.loc["P2", "completers"] == 1
    # P3: no grants, no participants -> 0 dollars, costs missing
    assert frame.loc["P3", "grant_dollars"] == 0 and math.isnan(frame.loc["P3", "cost_per_exiter"])


def test_totals():
    totals = funding.funding_totals(funding.funding_by_partnership(PARTNERSHIPS, GRANTS, PEOPLE))
    assert totals["grant_dollars"] == 650_000 and totals["state_dollars"] == 100_000
    assert totals["leverage"] == pytest.approx(5.5) and totals["grants"] == 4
    assert totals["cost_per_exiter"] == pytest.approx(130_000) and totals["cost_per_completer"] == 650_000 / 3
    assert totals["funded_partnerships"] == 2  # P1 and P2; P3 has none


# P3 (Healthcare, as P1) had no grant: its two completers gained $10 and $20 an hour and work in the sector
UNFUNDED_EXITERS = pd.DataFrame({
    "participant_id": ["F", "G"], "partnership_id": ["P3", "P3"], "sector_code": ["HLTH", "HLTH"],
    "completed": pd.array([True, True], dtype="boolean"), "pre_hourly_wage": [10.0, 10.0],
    "post_hourly_wage": [20.0, 30.0], "employed_in_sector": pd.array([True, True], dtype="boolean"),
})
PEOPLE_WITH_UNFUNDED = reference.people_by_partnership(pd.concat([PARTICIPANTS, UNFUNDED_EXITERS]))


def test_dollars_per_person_divide_by_the_exiters_of_the_funded_partnerships_alone():
    """?sector=ENRG&years=2025 read $1,141 per participant: a $73,000 grant to a partnership with no exiter, divided
    by the 64 exiters of four partnerships without a grant that year (a reviewer). P3's exiters are left out and
    counted apart."""
    from sectorscope.present.headlines import grant_headlines

    totals = funding.funding_totals(funding.funding_by_partnership(PARTNERSHIPS, GRANTS, PEOPLE_WITH_UNFUNDED))
    # $650K over P1's 3 and P2's 2 exiters (not over 7), and over their 3 completers (not 5)
    assert totals["cost_per_exiter"] == pytest.approx(130_000)
    assert totals["cost_per_completer"] == pytest.approx(650_000 / 3)
    assert (totals["ratio_partnerships"], totals["ratio_participants"], totals["ratio_completers"]) == (2, 5, 3)
    assert (totals["participants_left_out"], totals["participant_partnerships_left_out"]) == (2, 1)
    assert (totals["completers_left_out"], totals["completer_partnerships_left_out"]) == (2, 1)
    cards = grant_headlines(totals, 3, per_completer=True, loaded=None, counted_years="2016–2017")
    assert (cards[2].value, cards[2].basis) == (
        "$130,000", "n = 5 exiters (wherever they live) of the 2 partnerships funded in 2016–2017 · 2 exiters of 1 "
        "partnership without a grant in those years left out · small n: read with care")
    assert cards[3].basis.startswith("n = 3 completers (wherever they live) of the 2 partnerships funded in "
                                     "2016–2017 · 2 completers of 1 partnership without a grant in those years "
                                     "left out")


def test_the_dollars_of_a_funded_partnership_with_no_exiter_yet_are_left_out_of_dollars_per_person():
    """Four new partnerships with a planning grant and no one trained yet raised the state's $3,140 per participant
    to $3,170, while the Funding table's row of each read "no one exited" and a view of one alone had no number (a
    staffer): the ratio divides the dollars of the partnerships with both a grant and such people, as each row
    does, and says the dollars left out."""
    from sectorscope.present.headlines import grant_headlines, return_left_out_text

    new = GRANTS.iloc[:1].assign(grant_id="G9", partnership_id="P3", amount_usd=50_000.0)
    totals = funding.funding_totals(funding.funding_by_partnership(PARTNERSHIPS, pd.concat([GRANTS, new]), PEOPLE))
    assert totals["grant_dollars"] == 700_000 and totals["ratio_partnerships"] == 3  # every dollar still counted
    assert totals["cost_per_exiter"] == pytest.approx(650_000 / 5)  # P3's $50K bought no exiter
    assert totals["cost_per_completer"] == pytest.approx(650_000 / 3)
    assert (totals["participant_partnerships"], totals["participant_dollars_left_out"],
            totals["participant_dollar_partnerships_left_out"]) == (2, 50_000, 1)
    cards = grant_headlines(totals, 3, per_completer=True, loaded=None, counted_years="2016–2017")
    assert cards[2].basis == ("n = 5 exiters (wherever they live) of the 2 partnerships funded in 2016–2017 · divides "
                              "$650K of the $700K in grants · $50K to 1 partnership with no exiter yet left out · "
                              "small n: read with care")
    assert "$50K to 1 partnership with no completer yet left out" in cards[3].basis
    # the earnings return by sector sets a sector's gains against the dollars of its partnerships with completers
    by_sector = funding.earnings_return_by(PEOPLE, pd.concat([GRANTS, new.assign(sector_code="HLTH")]), "sector_code")
    assert by_sector.set_index("sector_code").loc["HLTH", "grant_dollars"] == 400_000  # not 450,000
    assert return_left_out_text(totals, "2016–2017", []).endswith(
        "; $50K to 1 partnership with no completer yet left out.")


def test_dollars_per_person_have_no_number_where_the_funded_partnerships_had_no_exiter():
    """The grant went to P3, which had no exiter; P1's and P2's exiters had no grant: no number (it read $1,141 per
    participant), and the card says whose exiters it would count and who is left out."""
    from sectorscope.present.availability import Absence
    from sectorscope.present.headlines import grant_headlines

    to_p3 = GRANTS.iloc[:1].assign(partnership_id="P3")
    totals = funding.funding_totals(funding.funding_by_partnership(PARTNERSHIPS, to_p3, PEOPLE))
    assert math.isnan(totals["cost_per_exiter"]) and totals["ratio_participants"] == 0
    cards = grant_headlines(totals, 3, per_completer=True, loaded=None, counted_years="2025")
    assert [card.absence for card in cards[2:]] == [Absence.EMPTY, Absence.EMPTY]
    assert not any(character.isdigit() for character in cards[2].value)
    assert cards[2].basis == ("no exiters (wherever they live) of the partnership funded in 2025 in this selection · "
                              "5 exiters of 2 partnerships without a grant in those years left out")
    # a public view says a small number left out as "fewer than k"
    public = grant_headlines(totals, 3, per_completer=True, loaded=None, counted_years="2025", k=10)
    assert public[2].basis.endswith("· fewer than 10 exiters of 2 partnerships without a grant in those years left "
                                    "out")


def test_dollars_per_person_say_the_exits_on_record_where_the_years_hold_none():
    """?years=2005-2010 on the demo (exits on record 2015–2025): the cards' basis read "no exiters of these
    partnerships in this selection", as if the filters were too narrow (a reviewer): it says the exits on record, in
    the words of the exiter cards beside it. Grants there are, people on record none."""
    from sectorscope.present.availability import Absence
    from sectorscope.present.headlines import grant_headlines

    no_people = PEOPLE.iloc[:0]
    totals = funding.funding_totals(funding.funding_by_partnership(PARTNERSHIPS, GRANTS, no_people))
    cards = grant_headlines(totals, 3, per_completer=True, loaded=None, counted_years="2005–2010",
                            no_exits_on_record="Exits on record run 2015–2025")
    assert [(card.value, card.basis, card.absence) for card in cards[2:]] == [
        ("None in selection", "Exits on record run 2015–2025: none in the years chosen", Absence.EMPTY)] * 2
    # years holding exits on record, none of these partnerships' people in them: nothing in this selection
    within = grant_headlines(totals, 3, per_completer=True, loaded=None, counted_years="2016–2017")
    assert [card.absence for card in within[2:]] == [Absence.EMPTY] * 2
    assert not any("on record" in card.basis for card in within[2:])


def test_the_grant_card_says_how_many_partnerships_the_grants_went_to():
    """"141 grants to 76 partnerships" on the demo, where 51 of the 76 had a grant."""
    from sectorscope.present.headlines import grant_headlines

    totals = funding.funding_totals(funding.funding_by_partnership(PARTNERSHIPS, GRANTS, PEOPLE))
    card = grant_headlines(totals, 3, loaded=None)[0]
    assert (card.label, card.basis) == ("Grant dollars", "4 grants to 2 of 3 partnerships")
    one = funding.funding_totals(funding.funding_by_partnership(PARTNERSHIPS.iloc[:1], GRANTS.iloc[:1], PEOPLE))
    assert grant_headlines(one, 1, loaded=None)[0].basis == "1 grant to the one partnership in view"
    # a true $0 says of which years: a 2024 slide's "$0 · 0 grants to the one partnership in view" read as a
    # partnership never funded (its grants started in 2023: a convener)
    none = funding.funding_totals(funding.funding_by_partnership(PARTNERSHIPS.iloc[:1], GRANTS.iloc[:0], PEOPLE))
    zero = grant_headlines(none, 1, loaded=None)[0]
    assert (zero.value, zero.basis) == ("$0", "no grant started in the selected years, to the one partnership in view")
    assert grant_headlines(none, 3, loaded=None)[0].basis == (
        "no grant started in the selected years, to the 3 partnerships in view")


def test_no_state_dollars_anywhere():
    only_federal = GRANTS.assign(funding_source="federal")
    totals = funding.funding_totals(funding.funding_by_partnership(PARTNERSHIPS, only_federal, PEOPLE))
    assert math.isnan(totals["leverage"])


def test_empty_selection():
    frame = funding.funding_by_partnership(PARTNERSHIPS.iloc[:0], GRANTS.iloc[:0], PEOPLE.iloc[:0])
    assert frame.empty
    totals = funding.funding_totals(frame)
    assert totals["grant_dollars"] == 0 and math.isnan(totals["leverage"]) and math.isnan(
        totals["cost_per_exiter"])
    assert funding.grant_dollars_by(GRANTS.iloc[:0], "grant_type").empty
    assert funding.changes_by_year(pd.DataFrame(columns=["change_id", "changed_on", "category"])).empty


def test_grant_dollars_by_year_and_type():
    by_year = funding.grant_dollars_by(GRANTS, "grant_type")
    assert by_year.to_dict("records") == [
        {"year": 2016, "grant_type": "planning", "dollars": 100_000.0, "grants": 1},
        {"year": 2017, "grant_type": "implementation", "dollars": 500_000.0, "grants": 2},
        {"year": 2017, "grant_type": "other", "dollars": 50_000.0, "grants": 1},
    ]


def test_earnings_return_by_hand():
    # mean gain $2.00 x 2,080 h x 10 employed completers = $41,600 a year against $20,800 -> $2 per grant dollar
    assert funding.earnings_return(2.0, 10, 20_800) == pytest.approx((41_600, 2.0))
    two_years = funding.EarningsAssumptions(hours_per_year=1000, years=2)
    assert funding.earnings_return(2.0, 10, 20_800, two_years)[0] == pytest.approx(40_000)
    gain, ratio = funding.earnings_return(2.0, 10, 0.0)
    assert gain == pytest.approx(41_600) and math.isnan(ratio)  # no grant dollars: no ratio
    assert all(math.isnan(v) for v in funding.earnings_return(math.nan, 10, 1000))


def test_earnings_return_by_partnership_and_sector():
    frame = funding.earnings_return_by(PEOPLE, GRANTS, "partnership_id").set_index("partnership_id")
    # P1: completers with both wages A +3, B +1 -> mean $2; employed in sector: A only -> 2 x 2080 x 1 = $4,160
    assert frame.loc["P1", "gain_n"] == 2 and frame.loc["P1", "mean_hourly_gain"] == pytest.approx(2.0)
    assert frame.loc["P1", "employed_completers"] == 1 and frame.loc["P1", "annual_gain"] == pytest.approx(4160)
    assert frame.loc["P1", "return_per_dollar"] == pytest.approx(4160 / 400_000)
    any_wage = funding.EarningsAssumptions(employed_in_sector_only=False)
    wider = funding.earnings_return_by(PEOPLE, GRANTS, "partnership_id", any_wage).set_index("partnership_id")
    assert wider.loc["P1", "employed_completers"] == 2 and wider.loc["P1", "annual_gain"] == pytest.approx(8320)
    by_sector = funding.earnings_return_by(PEOPLE, GRANTS, "sector_code").set_index("sector_code")
    assert by_sector.loc["MFG", "annual_gain"] == pytest.approx(4 * 2080) and by_sector.loc["MFG", "grant_dollars"] == (
        250_000)



def test_a_sectors_earnings_return_counts_only_its_partnerships_with_a_grant():
    """The demo's Transportation & Logistics read "$3.2M · $9.60 per grant $": its grants against the gains of its
    partnerships without one too ($2.05 from the funded ones alone, a reviewer). P3 (Healthcare, no grant) gained $10
    and $20 an hour for two employed completers: its own row keeps them, Healthcare's does not."""
    from sectorscope.present.headlines import return_left_out_text

    by_sector = funding.earnings_return_by(PEOPLE_WITH_UNFUNDED, GRANTS, "sector_code").set_index("sector_code")
    # P1 alone: mean $2 over A and B, one completer employed in the sector -> $4,160 against $400K
    assert by_sector.loc["HLTH", "completers"] == 2 and by_sector.loc["HLTH", "mean_hourly_gain"] == pytest.approx(2)
    assert by_sector.loc["HLTH", "employed_completers"] == 1
    assert by_sector.loc["HLTH", "annual_gain"] == pytest.approx(4160)
    assert by_sector.loc["HLTH", "return_per_dollar"] == pytest.approx(4160 / 400_000)
    # the sector bars follow from the partnerships' own: P1's row is the sector's, P3's stays beside "no grant"
    per = funding.earnings_return_by(PEOPLE_WITH_UNFUNDED, GRANTS, "partnership_id").set_index("partnership_id")
    assert per.loc["P1", "annual_gain"] == by_sector.loc["HLTH", "annual_gain"]
    assert per.loc["P3", "annual_gain"] == pytest.approx(15 * 2080 * 2) and per.loc["P3", "grant_dollars"] == 0
    # a sector whose partnerships with exiters had no grant has no row, and is named
    elsewhere = PEOPLE_WITH_UNFUNDED.assign(sector_code=PEOPLE_WITH_UNFUNDED["sector_code"].where(
        PEOPLE_WITH_UNFUNDED["partnership_id"] != "P3", "CONS"))
    assert "CONS" not in set(funding.earnings_return_by(elsewhere, GRANTS, "sector_code")["sector_code"])
    assert funding.sectors_without_a_grant(elsewhere, GRANTS) == ["CONS"]
    assert funding.sectors_without_a_grant(PEOPLE_WITH_UNFUNDED, GRANTS) == []
    totals = funding.funding_totals(funding.funding_by_partnership(PARTNERSHIPS, GRANTS, PEOPLE_WITH_UNFUNDED))
    assert return_left_out_text(totals, "2016–2017", ["Construction"]) == (
        "By sector, the completers of the 2 partnerships with a grant started in 2016–2017; 2 completers of 1 "
        "partnership without a grant in those years left out. Construction: no partnership with completers had a grant "
        "then, so no bar.")


def test_earnings_return_as_shown_blanks_groups_of_few_employed_completers_in_public_only():
    assumptions = funding.EarningsAssumptions()
    staff = funding.earnings_return_by_shown(PEOPLE, GRANTS, "partnership_id", assumptions, None)
    assert staff.drop(columns="hidden").equals(funding.earnings_return_by(PEOPLE, GRANTS, "partnership_id"))
    shown = funding.earnings_return_by_shown(PEOPLE, GRANTS, "partnership_id", assumptions, 2).set_index(
        "partnership_id")
    # P1 has one completer employed in its sector (fewer than 2): its gain and return are blanked, its dollars kept
    assert shown.loc["P1", ["employed_completers", "mean_hourly_gain", "annual_gain", "return_per_dollar",
                            "gain_n"]].isna().all()
    assert shown.loc["P1", "grant_dollars"] == 400_000 and shown.loc["P1", "hidden"]

def test_partner_composition_flags_gaps():
    partners = pd.DataFrame({
        "partnership_id": ["P1", "P1", "P1", "P1", "P2", "P2", "P2", "P3"],
        "organization": ["County WDB", "General Hospital", "HACC", "Carpenters Local", "Acme Tools", "Beta Works",
                         "Tech High", "Valley College"],
        "partner_type": ["workforce development", "employer", "postsecondary", "labor organization", "employer",
                         "employer", "K-12", "postsecondary"],
    })
    frame = funding.partner_composition(PARTNERSHIPS, partners).set_index("partnership_id")
    assert frame.loc["P1", "partners"] == 4 and frame.loc["P1", "gaps"] == ""
    # P2's convener Acme Tools is listed as an employer: one employer beyond it; no labor or community partner
    assert frame.loc["P2", "employers_beyond_convener"] == 1 and not frame.loc["P2", "no_employer"]
    assert frame.loc["P2", "gaps"] == "no labor or community partner"
    # P3: convened by a community college (an education provider), but no employer and no labor/community partner
    assert not frame.loc["P3", "no_education"]
    assert frame.loc["P3", "gaps"] == "no employer beyond the convener, no labor or community partner"


def test_partnership_without_partner_rows():
    frame = funding.partner_composition(PARTNERSHIPS.iloc[:1], pd.DataFrame(
        columns=["partnership_id", "organization", "partner_type"]))
    assert frame.loc[0, "partners"] == 0 and frame.loc[0, "no_education"] and frame.loc[0, "no_employer"]


def test_phase_pipeline_in_order_with_every_phase():
    pipeline = funding.phase_pipeline(PARTNERSHIPS)
    assert list(pipeline["phase"]) == ["planning", "implementation", "sustaining", "inactive"]
    assert list(pipeline["partnerships"]) == [1, 1, 1, 0]
    assert pipeline["share"].tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 3, 0])
    assert funding.phase_pipeline(PARTNERSHIPS.iloc[:0])["share"].isna().all()


def test_systems_changes_per_year_and_partnership():
    changes = pd.DataFrame({"change_id": ["C1", "C2", "C3"], "partnership_id": ["P1", "P1", "P2"],
                            "changed_on": pd.to_datetime(["2018-05-01", "2019-02-01", "2019-03-01"]),
                            "category": ["career pathway", "public policy", "career pathway"]})
    by_year = funding.changes_by_year(changes)
    assert by_year.to_dict("records") == [{"year": 2018, "category": "career pathway", "changes": 1},
                                          {"year": 2019, "category": "career pathway", "changes": 1},
                                          {"year": 2019, "category": "public policy", "changes": 1}]
    per = funding.changes_per_partnership(PARTNERSHIPS, changes)
    assert list(per["partnership_id"]) == ["P1", "P2", "P3"] and list(per["changes"]) == [2, 1, 0]
    assert per.loc[0, "categories"] == "career pathway, public policy"


@settings(deadline=None, max_examples=60)  # pandas per example; the machine is shared
@given(st.lists(st.tuples(st.sampled_from(["P1", "P2", "P3"]), st.sampled_from(["state", "federal", "private"]),
                          st.floats(1, 1e6)), min_size=1, max_size=25))
def test_state_and_non_state_dollars_add_up_to_the_total(rows):
    grants = pd.DataFrame(rows, columns=["partnership_id", "funding_source", "amount_usd"])
    grants["grant_id"] = [f"G{i}" for i in range(len(grants))]
    frame = funding.funding_by_partnership(PARTNERSHIPS, grants, PEOPLE)
    assert frame["grant_dollars"].sum() == pytest.approx(grants["amount_usd"].sum())
    assert (frame["state_dollars"] + frame["non_state_dollars"]).tolist() == pytest.approx(
        frame["grant_dollars"].tolist())
    totals = funding.funding_totals(frame)
    if totals["state_dollars"] > 0:
        assert totals["leverage"] == pytest.approx(totals["non_state_dollars"] / totals["state_dollars"])


wage = st.one_of(st.none(), st.floats(8, 60))


@settings(deadline=None, max_examples=60)  # pandas per example; the machine is shared
@given(st.lists(st.tuples(st.sampled_from(["P1", "P2"]), st.sampled_from([True, False, None]), wage, wage,
                          st.sampled_from([True, False, None])), min_size=1, max_size=40))
def test_earnings_return_gain_matches_the_wage_gain_metric(rows):
    people = pd.DataFrame(rows, columns=["partnership_id", "completed", "pre_hourly_wage", "post_hourly_wage",
                                         "employed_in_sector"])
    people["completed"] = people["completed"].astype("boolean")
    people["employed_in_sector"] = people["employed_in_sector"].astype("boolean")
    frame = funding.earnings_return_by(reference.people_by_partnership(people.assign(sector_code="HLTH")), GRANTS,
                                       "partnership_id").set_index("partnership_id")
    for key, group in people.groupby("partnership_id"):
        gain = reference.wage_gain(group["pre_hourly_wage"], group["post_hourly_wage"], group["completed"])
        assert frame.loc[key, "gain_n"] == gain.n
        assert frame.loc[key, "mean_hourly_gain"] == pytest.approx(gain.mean_gain, nan_ok=True)


def test_no_partnership_in_view_gives_no_funding_figure_not_zero():
    # an empty selection has no grants to add up: "none in this selection", where a partnership in view that got no
    # grant is a true $0
    from sectorscope.present.availability import Absence
    from sectorscope.present.headlines import grant_headlines

    empty = {"grant_dollars": 0.0, "grants": 0, "funded_partnerships": 0, "leverage": float("nan"),
             "state_dollars": 0.0, "non_state_dollars": 0.0, "cost_per_exiter": float("nan"),
             "cost_per_completer": float("nan"), "ratio_dollars": 0.0, "ratio_partnerships": 0,
             "ratio_participants": 0, "ratio_completers": 0, "participants_left_out": 0,
             "participant_partnerships_left_out": 0, "completers_left_out": 0, "completer_partnerships_left_out": 0}
    # exiters of partnerships without a grant in the years counted
    unfunded_people = {"participants_left_out": 40, "participant_partnerships_left_out": 2, "completers_left_out": 30,
                       "completer_partnerships_left_out": 2}
    cards = grant_headlines(empty, 0, per_completer=True, loaded=None)
    assert [card.absence for card in cards] == [Absence.EMPTY] * 4
    assert all(card.value == "None in selection" for card in cards)
    unfunded = grant_headlines(empty | unfunded_people, 2, per_completer=True, loaded=None)
    assert unfunded[0].value == "$0" and unfunded[0].absence is None
    # no grant started in the years counted: no dollars per person ("$0 per participant" read as free training)
    assert (unfunded[2].value, unfunded[2].basis) == ("No grant", "no grant started in the years counted")
    # its own reason, not "none in this selection" (whose filter icon sent users to widen the filters)
    assert unfunded[2].absence is Absence.NO_GRANT and unfunded[3].value == "No grant"
    funded = {"grant_dollars": 4e5, "grants": 2, "funded_partnerships": 1, "ratio_dollars": 4e5,
              "ratio_partnerships": 1}
    assert grant_headlines(empty | funded | {"ratio_participants": 40, "ratio_completers": 30,
                                             "cost_per_exiter": 1e4},
                           2, per_completer=True, loaded=None)[2].basis == (
        "n = 40 exiters (wherever they live) of the partnership funded in the years counted")
    # no grant at all: no leverage to speak of (it read "no state $ · state $0 · non-state $0")
    # beside partnerships in view, "No grant" (as the Funding table says), not "None in selection"
    assert (unfunded[1].value, unfunded[1].basis) == ("No grant", "no grant started in the selected years")
    assert unfunded[1].absence is Absence.NO_GRANT
    earlier = grant_headlines(empty | unfunded_people | {"grant_dollars": 9.2e5, "grants": 3,
                                                         "funded_partnerships": 1}, 1, per_completer=True,
                              loaded=None)
    # grants in the years chosen, none in those counted: not "No grant" beside "Grant dollars $920K" (a reviewer)
    assert earlier[0].value == "$920K" and earlier[2].value == "No grant in the years counted"
    assert earlier[2].absence is Absence.NO_GRANT
    # the years counted named where they are known: "No grant in the years counted" beside "Grant dollars $769K"
    # still read as a contradiction (a convener reviewer)
    named = grant_headlines(empty | unfunded_people | {"grant_dollars": 9.2e5, "grants": 3, "funded_partnerships": 1},
                            1, per_completer=True, loaded=None, counted_years="2015–2025")
    assert named[2].value == "No grant in 2015–2025"
    # and when the grants beside it started: "$920K" beside "No grant in 2015–2025" said it nowhere (a convener)
    dated = {"grant_dollars": 9.2e5, "grants": 3, "funded_partnerships": 1, "first_grant_year": 2010.0,
             "last_grant_year": 2012.0}
    own = grant_headlines(empty | unfunded_people | dated, 1, per_completer=True, loaded=None,
                          counted_years="2015–2025")
    assert own[2].basis == "no grant started in the years counted · its grants started 2010–2012"
    several = grant_headlines(empty | unfunded_people | dated, 4, per_completer=True, loaded=None,
                              counted_years="2015–2025")
    assert several[3].basis == "no grant started in the years counted · the grants in view started 2010–2012"
    one = grant_headlines(empty | funded | {"ratio_participants": 1, "ratio_completers": 1}, 1, per_completer=True,
                          loaded=None)
    assert one[2].basis == "n = 1 exiter (wherever they live) of this partnership · small n: read with care"
    from sectorscope.present.formatting import count_with_unit

    assert count_with_unit(1, "answers, one per employer and partnership") == (
        "n = 1 answer, one per employer and partnership")
    assert count_with_unit(1, "people") == "n = 1 person" and count_with_unit(2, "people") == "n = 2 people"
    # the first plural noun, wherever it stands ("n = 1 employed exiters" was on the Worker page)
    assert count_with_unit(1, "employed exiters") == "n = 1 employed exiter"
    assert count_with_unit(1, "exiters with wage records") == "n = 1 exiter with wage records"
    assert count_with_unit(1, "employed in the 2nd quarter") == "n = 1 employed in the 2nd quarter"


def test_an_earnings_return_without_recorded_employment_is_unknown_not_zero():
    """Own data without employed_in_sector: the Healthcare bar read "$0 · $0.00 per grant $ (n=0 employed
    completers)" where nobody's employment was recorded. Unknown now; with "any job" counted it is known again."""
    unrecorded = reference.people_by_partnership(PARTICIPANTS.assign(employed_in_sector=None))
    frame = funding.earnings_return_by(unrecorded, GRANTS, "partnership_id").set_index("partnership_id")
    assert frame["employed_completers"].isna().all() and frame["annual_gain"].isna().all()
    assert frame.loc["P1", "mean_hourly_gain"] == pytest.approx(2.0)  # the wage gain itself is known
    any_wage = funding.EarningsAssumptions(employed_in_sector_only=False)
    wider = funding.earnings_return_by(unrecorded, GRANTS, "partnership_id", any_wage).set_index("partnership_id")
    assert wider.loc["P1", "annual_gain"] == pytest.approx(8320)


def test_published_grant_sizes_stand_beside_the_median_grant_of_each_kind_never_a_total_alone():
    """"Grant dollars $67.7M" stood beside "Planning grants $25K-$150K; implementation $50K-$500K": a sum beside
    sizes of one grant (a Funding reviewer)."""
    from sectorscope import references
    from sectorscope.present.headlines import grant_headlines

    partnerships = pd.DataFrame({"partnership_id": ["P1", "P2"], "name": ["A", "B"]})
    grants = pd.DataFrame({"grant_id": ["G1", "G2", "G3", "G4"], "partnership_id": ["P1", "P1", "P2", "P2"],
                           "grant_type": ["planning", "implementation", "implementation", "other"],
                           "funding_source": ["state"] * 4, "amount_usd": [90_000.0, 200_000.0, 400_000.0, 5e6]})
    people = pd.DataFrame({"partnership_id": ["P1", "P2"], "participants": [40, 60], "completers": [30, 50]})
    totals = funding.funding_totals(funding.funding_by_partnership(partnerships, grants, people), grants)
    assert (totals["median_planning_grant"], totals["median_implementation_grant"]) == (90_000.0, 300_000.0)
    card = grant_headlines(totals, 2, loaded=None)[0]
    assert card.basis == "median grant: planning $90K, implementation $300K · 4 grants to 2 of 2 partnerships"
    assert card.reference is references.GRANT_RANGES
    only_other = grants[grants["grant_type"] == "other"]
    bare = grant_headlines(funding.funding_totals(funding.funding_by_partnership(partnerships, only_other, people),
                                                  only_other), 2, loaded=None)[0]
    assert bare.reference is None and "median grant" not in bare.basis


def test_a_partnership_whose_only_grant_is_of_zero_dollars_is_not_funded():
    """A $0 grant (P2's) counted the partnership among those funded on the grant card ("grants to 2 of 3") while
    dollars per person left its exiters out as without a grant: one definition, ``funding.is_funded``."""
    grants = GRANTS.assign(amount_usd=[100_000.0, 300_000.0, 0.0, 0.0])
    by_partnership = funding.funding_by_partnership(PARTNERSHIPS, grants, PEOPLE)
    totals = funding.funding_totals(by_partnership, grants)
    assert totals["funded_partnerships"] == totals["ratio_partnerships"] == 1
    assert totals["grants"] == 2 and totals["participants_left_out"] == 2
    assert totals["median_implementation_grant"] == 300_000
    assert by_partnership.set_index("partnership_id").loc["P2", "grants"] == 0
    # the earnings return by sector: no Manufacturing row for a $0 grant, and it is named as having none
    assert list(funding.earnings_return_by(PEOPLE, grants, "sector_code")["sector_code"]) == ["HLTH"]
    assert funding.sectors_without_a_grant(PEOPLE, grants) == ["MFG"]


def test_a_sector_whose_funded_partnerships_have_no_completer_gets_no_row_and_the_words_say_none():
    """MFG's only funded partnership (P2) with its exiters but no completer: its grants left out, the sector kept a
    row of $0 read "no grant" beside a caption saying "no bar" (a code reviewer); "the 0 partnerships" read oddly."""
    from sectorscope.present.headlines import return_left_out_text

    no_completer = PARTICIPANTS.assign(completed=PARTICIPANTS["completed"].where(
        PARTICIPANTS["partnership_id"] != "P2", False))
    people = reference.people_by_partnership(no_completer)
    by_sector = funding.earnings_return_by(people, GRANTS, "sector_code")
    assert list(by_sector["sector_code"]) == ["HLTH"]
    assert funding.sectors_without_a_grant(people, GRANTS) == ["MFG"]
    only_p2 = reference.people_by_partnership(no_completer[no_completer["partnership_id"] == "P2"])
    totals = funding.funding_totals(funding.funding_by_partnership(PARTNERSHIPS, GRANTS, only_p2))
    assert return_left_out_text(totals, "2016–2017", []).startswith(
        "By sector, the completers of no partnership with a grant started in 2016–2017")


def test_a_ratio_counting_fewer_grant_dollars_than_the_card_beside_it_says_how_many():
    """P058's "Grant dollars per exiter $1,109" counted the $274K of grants started in 2015-2025, the years with
    exits on record, beside "Grant dollars $1.2M": an audience dividing $1.2M by its 247 exiters got $4,660 (a
    convener reviewer). The ratio's basis names the dollars it counts where the card beside it counts more, and its
    definition says that a grant started before the years is left out."""
    from sectorscope.present.headlines import PER_PERSON_MEANING, grant_headlines

    totals = funding.funding_totals(funding.funding_by_partnership(PARTNERSHIPS, GRANTS, PEOPLE, (2017, 2017)))
    assert (totals["grant_dollars"], totals["ratio_dollars"]) == (650_000, 550_000)  # G1 started in 2016
    cards = grant_headlines(totals, 3, loaded=None, counted_years="2017")
    assert cards[2].basis.startswith("n = 5 exiters (wherever they live) of the 2 partnerships funded in 2017 · "
                                     "divides $550K of the $650K in grants")
    assert "started before them is not counted" in PER_PERSON_MEANING == cards[2].definition
    every_year = grant_headlines(funding.funding_totals(funding.funding_by_partnership(PARTNERSHIPS, GRANTS, PEOPLE)),
                                 3, loaded=None, counted_years="2016–2017")
    assert "divides $" not in every_year[2].basis  # every dollar of the card beside it counted
    # a funded partnership with no exiter: its dollars are not divided, and the line says the dollars that are (it
    # said "counts $500K" beside a ratio of $300K over 100 people: a code reviewer)
    new = GRANTS.iloc[:1].assign(grant_id="G9", partnership_id="P3", amount_usd=50_000.0,
                                 start_date=pd.Timestamp("2017-05-01"))
    totals = funding.funding_totals(funding.funding_by_partnership(PARTNERSHIPS, pd.concat([GRANTS, new]), PEOPLE,
                                                                   (2017, 2017)))
    cards = grant_headlines(totals, 3, loaded=None, counted_years="2017")
    assert totals["participant_ratio_dollars"] == 550_000 == totals["cost_per_exiter"] * totals["ratio_participants"]
    assert "divides $550K of the $700K in grants" in cards[2].basis and "$50K to 1 partnership" in cards[2].basis


def test_funding_totals_name_the_years_the_grants_of_dollars_started():
    from sectorscope.metrics.funding import funding_totals

    by_partnership = pd.DataFrame({"partnership_id": ["P1"], "grant_dollars": [9.2e5], "state_dollars": [4e5],
                                   "ratio_dollars": [0.0], "grants": [3], "participants": [10], "completers": [8]})
    grants = pd.DataFrame({"grant_type": ["planning", "implementation", "planning"],
                           "amount_usd": [0.0, 8.2e5, 1e5],  # the $0 award of 2009 funded no one
                           "start_date": pd.to_datetime(["2009-03-01", "2010-07-01", "2012-01-15"])})
    totals = funding_totals(by_partnership, grants)
    assert (totals["first_grant_year"], totals["last_grant_year"]) == (2010, 2012)
    assert math.isnan(funding_totals(by_partnership, grants.iloc[:0])["first_grant_year"])
