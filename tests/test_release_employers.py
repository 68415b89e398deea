"""The public release's employer figures against two attacks a privacy reviewer found (2026-12-04):

- several hidden cells taken together rest on fewer than k *employers* though they hold k or more answers (an
  employer in four hidden partnerships answers four times): the shown total minus the shown parts gave 20 answers,
  10 of them "yes", from 5 employers;
- a year's employer cells beside the whole period's: the whole period counts each employer once by its latest
  answer, so the years minus the whole period gave the count and the yes/no of the answers an employer's later
  answer superseded (one employer's earlier answers, all "no", with nothing hidden).

Each builds a state in memory and runs the real ``compute_release`` at k = 10."""

from __future__ import annotations

import pandas as pd

from sectorscope.release import ALL, Geography, ReleaseInput, compute_release

K = 10
COUNTY = "42001"
GEOGRAPHY = Geography("42", (COUNTY, "42003"), {})
QUESTIONS = ("reduced_turnover", "reduced_rework", "reduced_complaints", "partnership_valuable")


def _people(partnership: str, sector: str, count: int) -> pd.DataFrame:
    return pd.DataFrame([{
        "participant_id": f"{partnership}-{i}", "partnership_id": partnership, "sector_code": sector,
        "county_fips": COUNTY, "year": 2020, "completed": True, "credential_earned": True, "pre_hourly_wage": 10.0,
        "post_hourly_wage": 12.0, "employed_in_sector": True, "below_poverty_before": True,
        "below_poverty_after": False, "health_insurance_before": False, "health_insurance_after": True,
        "paid_sick_leave_before": False, "paid_sick_leave_after": True} for i in range(count)])


def _answer(employer: str, partnership: str, sector: str, year: int, yes: bool) -> dict:
    return {"employer_id": employer, "partnership_id": partnership, "sector_code": sector, "county_fips": COUNTY,
            "year": year, **dict.fromkeys(QUESTIONS, yes)}


def _release(partnerships: dict[str, str], answers: list[dict]) -> pd.DataFrame:
    registry = pd.DataFrame({"partnership_id": list(partnerships), "sector_code": list(partnerships.values()),
                             "county_fips": [[COUNTY]] * len(partnerships), "start_year": [2019] * len(partnerships)})
    people = _people(next(iter(partnerships)), next(iter(partnerships.values())), 60)
    grants = pd.DataFrame(columns=["partnership_id", "sector_code", "year", "amount_usd"])
    return compute_release(ReleaseInput(GEOGRAPHY, registry, people, pd.DataFrame(answers), grants), K)


def _state_sectors(release: pd.DataFrame, statistic: str) -> pd.Series:
    """The state's whole-period value of ``statistic`` per sector ("all" too), None where hidden."""
    rows = release[(release["geo_level"] == "state") & (release["period"] == ALL)
                   & (release["partnership_id"] == ALL) & (release["statistic"] == statistic)]
    return pd.Series([None if hidden else value for hidden, value in zip(rows["is_hidden"], rows["value"],
                                                                         strict=True)],
                     index=rows["sector_code"], dtype=object)


def test_hidden_sectors_taken_together_rest_on_k_employers_not_k_answers():
    partnerships = {"PA": "A", "PB": "B", "PC": "C", "PD": "D", "PE": "E"}
    answers = [_answer(f"A{i}", "PA", "A", 2020, i % 2 == 0) for i in range(30)]
    for employer in range(5):  # the same five employers, each in the four partnerships of sectors B-E
        for place, (partnership, sector) in enumerate(list(partnerships.items())[1:]):
            answers.append(_answer(f"F{employer}", partnership, sector, 2020,
                                   employer < 2 or (employer == 2 and place < 2)))
    release = _release(partnerships, answers)
    for statistic in ("responses", "turnover_n", "turnover_yes"):
        by_sector = _state_sectors(release, statistic)
        hidden = [sector for sector in "BCDE" if by_sector[sector] is None]
        assert hidden == list("BCDE"), by_sector  # five employers each: every one hidden on its own
        # the total and sector A both shown would give B-E together: 20 answers (10 yes) from 5 employers
        assert by_sector[ALL] is None or by_sector["A"] is None, (statistic, by_sector)


def test_employer_figures_of_single_years_are_never_published():
    """20 employers answer in 2019, 20 others in 2020, and one of the first again in 2020: 20 + 21 - 40 gave the
    one re-surveyed employer, and 10 + 11 - 21 its earlier "yes" answers (none)."""
    answers = [_answer(f"E{i}", "PA", "A", 2019, i < 10) for i in range(20)]
    answers += [_answer(f"G{i}", "PA", "A", 2020, i < 10) for i in range(20)]
    answers.append(_answer("E15", "PA", "A", 2020, True))
    release = _release({"PA": "A"}, answers)
    employer_rows = release[release["statistic"].isin(["responses", "turnover_n", "turnover_yes",
                                                      "share_reduced_turnover"])]
    assert set(employer_rows["period"]) == {ALL}  # no year's employer figure, shown or hidden
    whole = _state_sectors(release, "responses")
    assert whole[ALL] == 40  # each employer once, by its latest answer: the whole period is published
    people_years = release[(release["statistic"] == "exiters") & (release["period"] != ALL)]
    assert not people_years.empty  # people are still published by year
