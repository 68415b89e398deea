"""The partnerships' public dates as a reader uses them: no one exits and no employer answers outside their
partnership's years (``release.suppression.date_bounds``), so a partnership active only before the exits on record
has every count 0 and a sector's year cells hold only its partnerships active then. The release's certificates and
the attacker both apply them (a privacy reviewer, 2026-12-06: the demo's P070, active 2005-2008, was hidden to
"protect another hidden cell" while its dates told it held no one)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
from release_attacker import attack, release_input_of

from sectorscope.db import run_query
from sectorscope.release import Geography, ReleaseInput, count_values, protect
from sectorscope.release.cells import ACTIVE_FROM, ACTIVE_TO, ALL, COUNTS_OF, KEYS, cell_grid
from sectorscope.release.suppression import date_bounds

COUNTIES = ("42001", "42003", "42005", "42007")
GEOGRAPHY = Geography("42", COUNTIES, {"R1": COUNTIES[:2], "R2": COUNTIES[2:]})
# (first, last) year active; None where the registry gives no date
SPANS = [(2019, None), (2020, None), (2019, 2020), (2021, None), (2015, 2017), (None, None)]


def test_date_bounds_hold_each_span_its_partnerships_cover():
    """Years 2015-2021 of one sector: P2 was active 2015-2017, P0 2019-2020, P1 from 2019 on, P3 2010-2012 (before
    the years listed). Each bound is one span the partnerships active within it cover without a gap; 2015-2020 is no
    span (no one covers 2018), and 2015-2021 is every year (the additive relations say it)."""
    years = list(range(2015, 2022))
    active = {"P0": (2019, 2020), "P1": (2019, None), "P2": (2015, 2017), "P3": (2010, 2012)}
    grid = cell_grid(GEOGRAPHY, dict.fromkeys(active, "HLTH"), years, active)
    assert grid.loc[grid["partnership_id"] == "P1", [ACTIVE_FROM, ACTIVE_TO]].iloc[0].tolist()[0] == 2019
    row_of = {key: i for i, key in enumerate(grid[KEYS].itertuples(index=False, name=None))}

    def partnership(name):
        return row_of[("state", "42", "HLTH", ALL, name)]

    def year(y):
        return row_of[("state", "42", "HLTH", str(y), ALL)]

    found = {(tuple(sorted(bound.partnerships)), bound.years) for bound in date_bounds(grid)}
    assert found == {
        ((partnership("P3"),), ()),  # active in none of the years: 0
        ((partnership("P2"),), tuple(year(y) for y in (2015, 2016, 2017))),
        ((partnership("P0"),), (year(2019), year(2020))),
        (tuple(sorted((partnership("P0"), partnership("P1")))), tuple(year(y) for y in (2019, 2020, 2021))),
    }
    assert date_bounds(cell_grid(GEOGRAPHY, dict.fromkeys(active, "HLTH"), years)) == []  # no dates, no bounds
    # P alone in 2019 and Q alone in 2020: 2019-2020 parts between them, its bound the sum of theirs (left out)
    touching = cell_grid(GEOGRAPHY, {"P": "MFG", "Q": "MFG"}, [2018, 2019, 2020, 2021],
                         {"P": (2019, 2019), "Q": (2020, 2020)})
    assert [len(bound.years) for bound in date_bounds(touching)] == [1, 1]


def dated_state(seed: int) -> tuple[ReleaseInput, int]:
    """A random small state whose partnerships have public dates (``SPANS``; one may have ended before the exits on
    record, 2019-2021) and whose people exit, and employers answer, only in their partnership's years; and k."""
    random = np.random.default_rng(seed)
    n_partnerships = int(random.integers(2, 6))
    sectors = list(random.choice(["HLTH", "MFG"], size=n_partnerships))
    spans = [SPANS[i] for i in random.integers(0, len(SPANS), size=n_partnerships)]
    exits = []
    for partnership in random.integers(0, n_partnerships, size=int(random.integers(5, 60))):
        start, end = spans[partnership]
        first, last = max(2019, start or 2019), min(2021, end or 2021)
        if first <= last:
            exits.append((int(partnership), int(random.integers(first, last + 1))))
    n = len(exits)
    completed, credential, employed = random.random((3, n)) < 0.6
    gain = random.choice([np.nan, 1.0, 2.5, -0.5], size=n)
    people = pd.DataFrame({
        "participant_id": [f"A{i}" for i in range(n)],
        "partnership_id": [f"P{p}" for p, _ in exits], "sector_code": [sectors[p] for p, _ in exits],
        "county_fips": random.choice([*COUNTIES, None], size=n), "year": [year for _, year in exits],
        "completed": completed, "credential_earned": credential, "employed_in_sector": employed,
        "pre_hourly_wage": np.where(np.isnan(gain), np.nan, 15.0), "post_hourly_wage": 15.0 + gain,
        **{column: credential for column in ("below_poverty_before", "health_insurance_before",
                                             "paid_sick_leave_before")},
        **{column: employed for column in ("below_poverty_after", "health_insurance_after", "paid_sick_leave_after")},
    })
    # employers' answers, drawn after everything above (the seeds' states keep their people), in their
    # partnership's years too
    answers = []
    for employer, partnership in zip(random.integers(0, 12, size=int(random.integers(0, 25))),
                                     random.integers(0, n_partnerships, size=25), strict=False):
        start, end = spans[partnership]
        first, last = max(2019, start or 2019), min(2021, end or 2021)
        if first <= last:
            answers.append((f"E{employer}", int(partnership), int(random.integers(first, last + 1)),
                            bool(random.random() < 0.5)))
    responses = pd.DataFrame({
        "employer_id": [a[0] for a in answers], "partnership_id": [f"P{a[1]}" for a in answers],
        "sector_code": [sectors[a[1]] for a in answers], "county_fips": [COUNTIES[len(a[0]) % 4] for a in answers],
        "year": [a[2] for a in answers],
        **{column: [a[3] for a in answers] for column in ("reduced_turnover", "reduced_rework", "reduced_complaints",
                                                          "partnership_valuable")},
    }).drop_duplicates(["employer_id", "partnership_id", "year"])
    partnerships = pd.DataFrame({"partnership_id": [f"P{i}" for i in range(n_partnerships)], "sector_code": sectors,
                                 "county_fips": [list(COUNTIES)] * n_partnerships,
                                 "start_year": [start for start, _ in spans], "end_year": [end for _, end in spans]})
    grants = pd.DataFrame({"partnership_id": [], "sector_code": [], "year": [], "amount_usd": []})
    return ReleaseInput(GEOGRAPHY, partnerships, people, responses, grants), int(random.choice([3, 5, 10]))


def test_a_pattern_proven_without_the_dates_leaks_to_a_reader_who_knows_them():
    """Seed 8 (k = 10): healthcare's P0 started in 2020 and its other partnerships in 2021, so the state's healthcare
    exiters of 2020 are all P0's, whose cells are shown. Proven without the dates, the release let a reader who knows
    them put the 6 of them with both wages at 5 at least, where the rule keeps 1 possible; proven with them, it
    holds, for the exact integer attacker too."""
    data, k = dated_state(8)
    grid, values = count_values(data)
    undated = protect(values, grid[KEYS], data.geography, k)  # the build before 2026-12-06: the layout alone
    leaks, _ = attack(values, grid, data.geography, k, reasons=undated.reasons)
    assert ("wage_n", ("state", "42", "HLTH", "2020", ALL), 6.0, 5.0) in {
        (leak.statistic, leak.cell, leak.true_value, leak.end) for leak in leaks}
    dated = protect(values, grid, data.geography, k, attack=True)
    assert dated.certified and dated.attacked
    assert attack(values, grid, data.geography, k, integer=True, reasons=dated.reasons)[0] == []


def test_dated_small_states_resist_the_attacker():
    """Seeded states with dates, each proven by the build and attacked whole, as integer programs too."""
    for seed in range(4):
        data, k = dated_state(seed)
        grid, values = count_values(data)
        protection = protect(values, grid, data.geography, k, attack=True)
        assert protection.certified and protection.attacked, seed
        assert attack(values, grid, data.geography, k, integer=True, reasons=protection.reasons)[0] == [], seed


def test_the_demos_partnership_active_before_its_exits_is_no_complement(demo_db):
    """P070 ran 2005-2008, before the demo's first exit (2015): every people's count of it is 0, and a reader who
    knows its dates knows so. The demo's release hid them to "protect another hidden cell" (a proof resting on a table
    a reader can rule out); built now, no certificate moves them, and they are shown as the true 0 they are."""
    data = release_input_of(demo_db)
    grid, values = count_values(data)
    row = int(np.flatnonzero((grid["partnership_id"] == "P070").to_numpy())[0])
    assert (grid.at[row, ACTIVE_FROM], grid.at[row, ACTIVE_TO]) == (2005, 2008)
    assert data.people["year"].min() > 2008
    people = [count.name for count in COUNTS_OF["people"]]
    assert (values.loc[row, people] == 0).all()
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        release = run_query(con, "release_table")
    finally:
        con.close()
    p070 = release[(release["partnership_id"] == "P070") & release["statistic"].isin(people)]
    assert len(p070) == len(people)
    assert not p070["is_hidden"].any(), p070[p070["is_hidden"]][["statistic", "hidden_reason"]].to_dict("records")
    assert (p070["value"] == 0).all()
