"""Counts the records nest one in another beyond the data model's parts (``release.cells.nested_pairs``): the group
beyond the part is a count of people (or employers) too, never shown 1..k-1 by subtraction. Small made-up states,
each a code reviewer's counterexample to the first version."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sectorscope.release import ALL, Geography, ReleaseInput, count_values, protect
from sectorscope.release.attacker import attack
from sectorscope.release.cells import nested_column, nested_parts
from sectorscope.release.suppression import relations

K = 10
QUESTIONS = ("below_poverty_before", "below_poverty_after", "health_insurance_before", "health_insurance_after",
             "paid_sick_leave_before", "paid_sick_leave_after")
ANSWERS = ("reduced_turnover", "reduced_rework", "reduced_complaints", "partnership_valuable")
# two partnerships, one per sector and county, in one region, everyone exiting in 2025
PLACES = {"P1": ("MFG", "42001"), "P2": ("HLTH", "42003")}


def people_of(partnership: str, exiters: int, completers: int, answered, employed=None, first: int = 0) -> list[dict]:
    """``exiters`` people of ``partnership``, the first ``completers`` of them completing; ``answered(j, completed)``
    says who answered the before/after questions, ``employed(j, completed)`` who works in the sector."""
    sector, county = PLACES[partnership]
    rows = []
    for j in range(exiters):
        done = j < completers
        rows.append({"participant_id": f"X{first + j}", "partnership_id": partnership, "sector_code": sector,
                     "county_fips": county, "year": 2025, "completed": done, "credential_earned": j % 2 == 0,
                     "pre_hourly_wage": 10.0, "post_hourly_wage": 12.0 if done else None,
                     "employed_in_sector": (j % 3 == 0) if employed is None else employed(j, done),
                     **{question: ((j + q) % 2 == 0) if answered(j, done) else None
                        for q, question in enumerate(QUESTIONS)}})
    return rows


def state_of(people: list[dict], responses: list[dict] = ()) -> tuple[Geography, pd.DataFrame, pd.DataFrame]:
    """The release's grid and true values of these made-up people and survey answers."""
    frame = pd.DataFrame(people).astype({question: "boolean" for question in (*QUESTIONS, "employed_in_sector")})
    columns = ["employer_id", "partnership_id", "sector_code", "county_fips", "year", *ANSWERS]
    answers = pd.DataFrame(list(responses), columns=columns).astype({answer: "boolean" for answer in ANSWERS})
    registry = pd.DataFrame({"partnership_id": list(PLACES), "sector_code": [s for s, _ in PLACES.values()],
                             "start_year": pd.array([2024] * len(PLACES), dtype="Int64"),
                             "end_year": pd.array([None] * len(PLACES), dtype="Int64"),
                             "county_fips": [[county] for _, county in PLACES.values()]})
    counties = tuple(sorted(county for _, county in PLACES.values()))
    geography = Geography("42", counties, {"R1": counties})
    grants = pd.DataFrame(columns=["partnership_id", "sector_code", "year", "amount_usd"])
    grid, values = count_values(ReleaseInput(geography, registry, frame, answers, grants))
    return geography, grid, values


def shown_apart(values: pd.DataFrame, reasons: dict[str, np.ndarray], part: str, group: str) -> np.ndarray:
    """Cells showing both counts 1..k-1 apart."""
    both = (reasons[part] == "") & (reasons[group] == "")
    return both & (values[group] - values[part]).between(1, K - 1).to_numpy()


@pytest.mark.parametrize("exception", [False, True])
def test_one_exception_elsewhere_does_not_show_a_small_group_beyond_the_part(exception):
    """Manufacturing: 50 completers, 47 of them answered; Healthcare: all 40 completers answered, and (``exception``)
    one who did not complete. That one person switched the first version's rule off for the whole state, and
    Manufacturing's cells showed 50 completers and 47 who answered again (a code reviewer)."""
    people = (people_of("P1", 60, 50, lambda j, done: done and j >= 3)
              + people_of("P2", 60, 40, lambda j, done: done or (exception and j == 59), first=100))
    geography, grid, values = state_of(people)
    assert ("poverty_n", "completers") in nested_parts(values)
    other = values[nested_column("poverty_n", "completers", "other_units")].to_numpy()
    manufacturing = (grid["sector_code"] == "MFG").to_numpy()
    anyone = (values["exiters"] > 0).to_numpy()
    assert set(other[manufacturing & anyone]) == {3}  # in each Manufacturing cell, a group of 3
    # where the exception is counted, the difference is no group: said as -1
    assert (other[~manufacturing & anyone] == (-1 if exception else 0)).any()
    protection = protect(values, grid, geography, K)
    assert protection.certified
    for name in ("poverty_n", "insurance_n", "sick_leave_n"):  # where the cell nests them (no exception in it)
        assert not (shown_apart(values, protection.reasons, name, "completers") & (other >= 0)).any(), name
    assert not (shown_apart(values, protection.reasons, "poverty_n", "completers") & manufacturing).any()
    breaches, attacked = attack(values, grid, relations(grid, geography), protection.reasons, K, integer=True)
    assert attacked > 0 and breaches == []


def test_an_employers_earlier_answer_no_published_cell_counts_does_not_break_the_nesting():
    """41 employers answer for P1 in 2025, 31 on turnover, 28 of those on whether the partnership was valuable.
    E10's earlier answer (2024, on value and not on turnover), superseded in every published cell, broke the pair,
    and every cell showed 31 and 28: 3 employers who answered on turnover and not on value (a code reviewer)."""
    sector, county = PLACES["P1"]
    answers = [{"employer_id": f"E{e}", "partnership_id": "P1", "sector_code": sector, "county_fips": county,
                "year": 2025, "reduced_turnover": e % 2 == 0 if e >= 10 else None, "reduced_rework": e % 2 == 0,
                "reduced_complaints": None, "partnership_valuable": e % 2 == 1 if e >= 13 else None}
               for e in range(41)]
    answers.append({"employer_id": "E10", "partnership_id": "P1", "sector_code": sector, "county_fips": county,
                    "year": 2024, "reduced_turnover": None, "reduced_rework": True, "reduced_complaints": None,
                    "partnership_valuable": True})
    people = people_of("P1", 60, 48, lambda j, done: done) + people_of("P2", 60, 40, lambda j, done: done, first=100)
    geography, grid, values = state_of(people, answers)
    assert ("valuable_n", "turnover_n") in nested_parts(values)
    protection = protect(values, grid, geography, K)
    assert protection.certified
    whole = (grid["period"] == ALL).to_numpy()
    assert not (shown_apart(values, protection.reasons, "valuable_n", "turnover_n") & whole).any()
    breaches, _ = attack(values, grid, relations(grid, geography), protection.reasons, K, integer=True)
    assert breaches == []
