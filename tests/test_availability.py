"""Absent is not zero, in the pure layer: never loaded, nothing in the selection and hidden each read differently."""

from __future__ import annotations

import pandas as pd
import pytest
import worker_reference

from sectorscope import references
from sectorscope.filters import Selection
from sectorscope.present import headlines
from sectorscope.present.availability import Absence, loaded_tables, missing_tables, not_loaded_text


def _figures(rows: int):
    return worker_reference.headline_figures(worker_reference.alike_completers(rows))


def test_loaded_tables_are_those_holding_rows():
    status = pd.DataFrame({"table_name": ["partnerships", "grants", "partners"], "rows_now": [2, 0, None]})
    assert loaded_tables(status) == frozenset({"partnerships"})
    assert loaded_tables(status.iloc[:0]) == frozenset()
    assert missing_tables(["grants", "partnerships"], frozenset({"partnerships"})) == ("grants",)
    assert missing_tables(["grants"], None) == ()  # None means "all loaded" (callers that do not know)


def test_not_loaded_text_names_the_file_for_staff_and_not_the_data_page_for_the_public():
    assert not_loaded_text(["grants"]) == ("No grants are loaded yet. Load grants.csv on the Data page (its "
                                           "template is there).")
    assert "Data page" not in not_loaded_text(["grants"], public=True)
    assert "qwi load" in not_loaded_text(["qwi"])
    two = not_loaded_text(["grants", "participants"])
    assert "grants.csv, participants.csv" in two and "their templates are" in two



def test_not_loaded_text_of_several_groups_of_answers_names_each_file_once():
    """A chart of four employer answers never asked repeated "Fill the column ... of employer_surveys.csv and load it
    again" four times, and "answers about" before each (an auditor); beside other items each keeps it, "reduced
    rework or grants" reading as if grants were answers (a code reviewer)."""
    employer = ["reduced_turnover_answers", "reduced_rework_answers", "reduced_complaints_answers"]
    assert not_loaded_text(employer) == (
        "No answers about reduced turnover, reduced rework or fewer complaints are loaded yet. Fill the columns "
        "reduced_turnover, reduced_rework and reduced_complaints of employer_surveys.csv and load it again on the "
        "Data page (mode upsert).")
    assert not_loaded_text(employer, public=True) == (
        "No answers about reduced turnover, reduced rework or fewer complaints have been published yet.")
    mixed = not_loaded_text(["hourly_wage_answers", "poverty_answers", "reduced_rework_answers", "grants"])
    assert mixed == (
        "No hourly wages before and after training, answers about poverty (before and after), answers about "
        "reduced rework or grants are loaded yet. Load grants.csv on the Data page (its template is there). Fill the "
        "columns pre_hourly_wage, post_hourly_wage, below_poverty_before and below_poverty_after of participants.csv "
        "and load it again on the Data page (mode upsert). Fill the column reduced_rework of employer_surveys.csv and "
        "load it again on the Data page (mode upsert).")

def test_worker_cards_say_not_loaded_when_participants_never_were():
    cards = headlines.worker_headlines(_figures(0), k=None, loaded=frozenset({"partnerships"}))
    assert {card.value for card in cards} == {"Not loaded"}
    assert {card.absence for card in cards} == {Absence.NOT_LOADED}
    assert all("participants.csv" in card.basis for card in cards)


def test_worker_cards_say_none_in_selection_when_loaded_but_empty():
    cards = {c.label: c for c in headlines.worker_headlines(_figures(0), k=None, loaded=frozenset({"participants"}))}
    assert cards["Participants who exited"].value == "None in selection"
    assert cards["Participants who exited"].absence == Absence.EMPTY


@pytest.mark.parametrize(("rows", "value", "absence"), [(3, "hidden (fewer than 10)", Absence.HIDDEN),
                                                        (12, "12", None)])
def test_public_cards_hide_small_groups_with_their_own_wording(rows, value, absence):
    cards = {c.label: c for c in headlines.worker_headlines(_figures(rows), k=10, loaded=frozenset({"participants"}))}
    assert cards["Participants who exited"].value == value
    assert cards["Participants who exited"].absence == absence


def test_a_true_zero_is_a_number():
    changes = pd.DataFrame(columns=["change_id", "partnership_id", "category"])
    cards = {c.label: c for c in headlines.systems_headlines(changes, 2, loaded=frozenset({"system_changes"}))}
    assert cards["Systems changes logged"].value == "0"
    assert cards["Systems changes logged"].absence is None
    missing = {c.label: c for c in headlines.systems_headlines(changes, 2, loaded=frozenset())}
    assert missing["Systems changes logged"].value == "Not loaded"


def _directory(convener_types: list[str | None]) -> pd.DataFrame:
    count = len(convener_types)
    return pd.DataFrame({"partnership_id": [f"P{i}" for i in range(count)], "name": [f"N{i}" for i in range(count)],
                         "convener_name": [f"C{i}" for i in range(count)], "convener_type": convener_types,
                         "phase": [None] * count})


NO_PEOPLE = pd.DataFrame(columns=["partnership_id", "participants", "completers"])  # partnership_people_figures


def test_education_partner_has_one_definition_a_college_convener_counts():
    directory = _directory(["community college", "workforce board"])
    partners = pd.DataFrame({"partnership_id": ["P1"], "organization": ["Acme"], "partner_type": ["employer"]})
    grants = pd.DataFrame(columns=["grant_id", "partnership_id", "funding_source", "amount_usd"])
    cards = {c.label: c for c in headlines.partnership_headlines(directory, partners, grants, NO_PEOPLE,
                                                                 loaded=frozenset({"partnerships", "partners"}))}
    assert cards["With an education partner"].value == "50%"  # P0 is convened by a college; P1 has no educator
    assert cards["Grant dollars"].value == "Not loaded"
    assert cards["Partnerships in view"].basis == "phase not stated"
    one = {c.label: c for c in headlines.partnership_headlines(directory.iloc[1:], partners, grants, NO_PEOPLE,
                                                               loaded=frozenset({"partnerships", "partners"}))}
    assert one["With an education partner"].value == "No"  # of one partnership: not "0%"


def test_the_phases_counted_are_said_to_be_todays():
    """A one-pager of 2005-2009 read "Partnerships in view 1 · 0 implementing or sustaining" where the registry's
    "inactive" is the partnership's phase today: the count says it is of the current phase."""
    directory = _directory(["workforce board"] * 3).assign(phase=["inactive", "sustaining", None])
    grants = pd.DataFrame(columns=["grant_id", "partnership_id", "funding_source", "amount_usd"])
    partners = pd.DataFrame(columns=["partnership_id", "organization", "partner_type"])
    card = next(c for c in headlines.partnership_headlines(directory, partners, grants, NO_PEOPLE,
                                                           loaded=frozenset({"partnerships"}))
                if c.label == "Partnerships in view")
    assert card.basis == "current phase: 1 implementing or sustaining · phase not stated for 1"
    assert "current phase" in card.definition
    inactive = next(c for c in headlines.partnership_headlines(directory.iloc[:1], partners, grants, NO_PEOPLE,
                                                               loaded=frozenset({"partnerships"}))
                    if c.label == "Partnerships in view")
    assert inactive.basis == "current phase: none implementing or sustaining"  # not "0 implementing" (a staffer)


def test_a_state_count_is_context_only_for_its_own_state():
    reference = references.PENNSYLVANIA_PARTNERSHIPS
    assert reference.for_state("42") is reference
    assert reference.for_state("08") is None
    assert references.HOURLY_WAGE_GAIN.for_state("08") is references.HOURLY_WAGE_GAIN
    directory = _directory(["workforce board"])
    empty = pd.DataFrame(columns=["grant_id", "funding_source", "amount_usd", "partnership_id", "organization",
                                  "partner_type"])
    colorado = headlines.partnership_headlines(directory, empty, empty, NO_PEOPLE, None, state_fips="08")
    assert colorado[0].reference is None
    pennsylvania = headlines.partnership_headlines(directory, empty, empty, NO_PEOPLE, None, state_fips="42")
    assert pennsylvania[0].reference is reference
    # a county's, a region's or a sector's count is not the state's: Pennsylvania's 81 stood beside Lancaster's 6
    one_county = headlines.partnership_headlines(directory, empty, empty, NO_PEOPLE, None, state_fips="42",
                                                 whole_state=False)
    assert one_county[0].reference is None


@pytest.mark.parametrize(("selection", "whole"), [
    (Selection(), True), (Selection(year_from=2019, year_to=2021), True), (Selection(sector_codes=("HLTH",)), False),
    (Selection(county_fips=("42071",)), False), (Selection(region_ids=("R01",), county_fips=("42071",)), False)])
def test_the_whole_state_is_every_sector_and_county_in_any_years(selection, whole):
    assert selection.whole_state is whole


@pytest.mark.parametrize(("value", "in_words"), [
    ("new or changed education program", True), ("Hidden", True), ("None in selection", True),
    ("0", False), ("17,700", False), ("+$2.34", False), ("1.84 : 1", False), ("60 of 67", False), ("97%", False),
    ("$1.2M", False), ("-5 pts", False), ("+12 pts", False), ("No grant in 2015–2025", True), ("3 kinds, tied", True)])
def test_a_card_knows_a_value_in_words_from_a_number(value, in_words):
    """Cards set a value in words smaller than a number (``ui.render``): a category is words, a true 0 a number."""
    assert headlines.Headline("Label", value, "basis", "definition").value_in_words is in_words


def test_every_reason_for_no_number_has_its_own_words_and_icon():
    """"No grant" carried the filter icon of "none in this selection", sending users to widen filters that would
    change nothing: each reason reads and looks different from the others."""
    from sectorscope.present.availability import SHORT_TEXT, Absence
    from sectorscope.ui.render import ABSENCE_ICONS

    assert set(SHORT_TEXT) == set(Absence) == set(ABSENCE_ICONS)
    assert len(set(SHORT_TEXT.values())) == len(Absence) and len(set(ABSENCE_ICONS.values())) == len(Absence)
