"""The Worker outcomes page's group figures computed in DuckDB (``queries/worker_group_outcomes.sql``) equal the
pandas functions they replace (``metrics.reference.outcomes_by`` and friends), to the cent and the person."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
import worker_reference as reference
from tiny_workers import worker_db  # noqa: F401  (fixture)

from sectorscope import db
from sectorscope.metrics import wioa, workers
from sectorscope.metrics.common import as_boolean

EVERYTHING = {"sector_codes": [], "county_fips": [], "year_from": 2015, "year_to": 2025, "partnership_ids": [],
              "by_partnership_county": False, "public_only": False}
SELECTIONS = {
    "everything": {},
    "healthcare": {"sector_codes": ["HLTH"]},
    "three years": {"year_from": 2019, "year_to": 2021},
    "counties served": {"county_fips": ["42071", "42133"], "by_partnership_county": True},
    "residents of two counties": {"county_fips": ["42071", "42133"]},
    "public partnerships": {"public_only": True},
    "one year, one sector": {"sector_codes": ["MFG"], "year_from": 2024, "year_to": 2024},
}


def sql_and_pandas(path, **changes) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The SQL group figures and the per-person frame the pandas functions take, for one selection."""
    params = {**EVERYTHING, **changes}
    con = db.connect_read_only(path)
    try:
        figures = db.run_query(con, "worker_group_outcomes", **params, confidence=workers.CONFIDENCE,
                               groupings=list(workers.ALL_GROUPINGS))
        frame = db.run_query(con, "worker_outcomes", **params)
        coverage = wioa.Coverage.from_row(db.run_query(con, "wage_record_coverage").iloc[0])
    finally:
        con.close()
    return figures, reference.person_outcomes(frame, coverage)


def assert_same_figures(expected: pd.DataFrame, actual: pd.DataFrame) -> None:
    """Counts equal to the person; dollars and shares equal to far below a cent (1e-6); missing where missing."""
    assert list(actual.columns) == list(expected.columns)
    assert len(actual) == len(expected)
    for column in expected.columns:
        want, got = expected[column].reset_index(drop=True), actual[column].reset_index(drop=True)
        if want.dtype.kind == "f" or got.dtype.kind == "f":
            want, got = want.astype(float).to_numpy(), got.astype(float).to_numpy()
            assert np.array_equal(np.isnan(want), np.isnan(got)), column
            assert np.allclose(want[~np.isnan(want)], got[~np.isnan(got)], rtol=0, atol=1e-6), column
        else:
            assert want.tolist() == got.tolist(), column


def assert_same_dataclass(expected, actual, path: str = "") -> None:
    for field in dataclasses.fields(expected):
        want, got = getattr(expected, field.name), getattr(actual, field.name)
        where = f"{path}.{field.name}"
        if dataclasses.is_dataclass(want):
            assert_same_dataclass(want, got, where)
        elif isinstance(want, float):
            assert (math.isnan(want) and math.isnan(got)) or abs(want - got) < 1e-6, (where, want, got)
        elif isinstance(want, tuple):
            assert [label for label, _ in want] == [label for label, _ in got]
            for (label, one), (_, other) in zip(want, got, strict=True):
                assert_same_dataclass(one, other, f"{where}[{label}]")
        else:
            assert want == got, (where, want, got)


def assert_sql_equals_pandas(figures: pd.DataFrame, people: pd.DataFrame) -> None:
    for by in workers.GROUPINGS:
        assert_same_figures(reference.outcomes_by(people, by), workers.groups_of(figures, by))
    assert_same_figures(reference.wage_gain_spread(people, "sector_code"), workers.spread_of(figures, "sector_code"))
    assert_same_figures(reference.wage_gain_spread(people, "exit_year"), workers.spread_of(figures, "exit_year"))
    everyone = workers.overall_row(figures)
    assert_same_figures(reference.conditions_before_after(people), workers.conditions_of_row(everyone))
    assert_same_dataclass(reference.worker_figures(people), workers.figures_of_row(everyone))
    overall = reference.outcomes_by(people.assign(everyone=workers.NOT_RECORDED), "everyone")
    assert_same_figures(overall, workers.groups_of(figures, workers.EVERYONE))


@pytest.mark.parametrize("selection", list(SELECTIONS))
def test_sql_group_figures_equal_the_pandas_functions_on_the_demo(demo_db, selection):
    figures, people = sql_and_pandas(demo_db, **SELECTIONS[selection])
    assert len(people) > 0
    assert_sql_equals_pandas(figures, people)


def test_one_row_per_group_shown_on_the_demo(demo_db):
    """No more rows than the page shows: everyone plus one per sector, county, partnership, year and person group."""
    figures, people = sql_and_pandas(demo_db)
    groups = 1 + sum(people[by].astype(object).fillna("?").nunique() for by in workers.GROUPINGS)
    assert len(figures) == groups < 300
    assert workers.overall_row(figures)["exiters"] == len(people) == 17_700


def test_hidden_groups_are_hidden_alike(demo_db):
    """In a public view the same groups, counts and figures are hidden (suppression runs on the same numbers)."""
    figures, people = sql_and_pandas(demo_db, public_only=True, sector_codes=["ENRG"], year_from=2024, year_to=2024)
    hidden = 0
    for by in workers.GROUPINGS:
        expected = workers.hide_small_groups(reference.outcomes_by(people, by), 10)
        actual = workers.hide_small_groups(workers.groups_of(figures, by), 10)
        assert_same_figures(expected, actual)
        hidden += int(expected["exiters"].isna().sum() + expected["gain_n"].isna().sum())
    assert hidden > 0  # the selection has small groups, so the comparison covers hiding


def test_sql_equals_pandas_on_the_hand_made_workers(worker_db):  # noqa: F811
    figures, people = sql_and_pandas(worker_db)
    assert_sql_equals_pandas(figures, people)
    gain = workers.figures_of_row(workers.overall_row(figures)).gain
    assert (gain.n, gain.median_gain) == (5, 3.0)  # 3, 1, 4, 0.5, 3
    assert math.isnan(gain.median_low) and math.isnan(gain.median_high)  # under 6 gains: no 95% interval


def test_retention_leaves_out_only_people_employed_in_the_2nd_quarter(worker_db):  # noqa: F811
    """The card said "n = 5 employed in the 2nd quarter · left out: 3 not yet in the data" where 7 were employed:
    its left-out counts were every exiter's. Those it rests on and those it leaves out add up to the employed."""
    figures, people = sql_and_pandas(worker_db)
    everyone = workers.figures_of_row(workers.overall_row(figures))
    employed_q2 = as_boolean(people["employed_q2"]).fillna(False).astype(bool)
    employed = int(employed_q2.sum())
    retained = everyone.retained
    assert retained.n + retained.not_yet + retained.other_excluded == employed
    # counted straight from the people: employed in the 2nd quarter, 4th quarter not yet in the wage records
    assert retained.not_yet == int((employed_q2 & people["q4_status"].eq(wioa.NOT_YET)).sum())
    assert retained.not_matched == 0 and retained.not_yet < everyone.employed_q4.not_yet


def test_nobody_in_the_selection_is_one_row_of_zeros_and_missing_figures(worker_db):  # noqa: F811
    figures, people = sql_and_pandas(worker_db, year_from=2030, year_to=2030)
    assert people.empty and len(figures) == 1
    everything = workers.figures_of_row(workers.overall_row(figures))
    assert everything.exiters == 0 and everything.gain.n == 0 and math.isnan(everything.gain.median_gain)
    assert everything.employed_q2.n == 0 and math.isnan(everything.employed_q2.value)
    assert all(result.n == 0 and math.isnan(result.after) for _, result in everything.conditions)
    for by in workers.GROUPINGS:
        assert workers.groups_of(figures, by).empty


def test_the_interval_is_the_order_statistic_interval_in_numpy(demo_db):
    """The SQL interval's ranks (binomial sums from lgamma) equal numpy's for every group size on the demo, and the
    bounds are those ranks of the sorted gains."""
    figures, people = sql_and_pandas(demo_db)
    gains = people.dropna(subset=["wage_gain"])
    for by in ("sector_code", "partnership_id", "exit_year"):
        for _, row in workers.groups_of(figures, by).iterrows():
            ordered = np.sort(gains.loc[gains[by].astype(object).fillna(workers.NOT_RECORDED) == row[by],
                                        "wage_gain"].to_numpy())
            rank = reference.median_rank_interval(len(ordered))
            if rank == 0:
                assert math.isnan(row["median_gain_low"])
                continue
            assert (row["median_gain_low"], row["median_gain_high"]) == (ordered[rank - 1], ordered[-rank])



def sql_and_pandas_headlines(path, **changes):
    """The headline figures from SQL (one row) and from the per-person rows in pandas, for one selection."""
    params = {key: value for key, value in {**EVERYTHING, **changes}.items() if key != "by_partnership_county"}
    con = db.connect_read_only(path)
    try:
        row = db.run_query(con, "worker_headline_figures", **params).iloc[0]
        people = db.run_query(con, "worker_outcomes", **params, by_partnership_county=False)
    finally:
        con.close()
    return workers.headline_figures_of_row(row), reference.headline_figures(people)


@pytest.mark.parametrize("selection", [name for name, changes in SELECTIONS.items()
                                       if not changes.get("by_partnership_county")])
def test_sql_headline_figures_equal_the_pandas_functions_on_the_demo(demo_db, selection):
    """The Overview's, a profile's and a deck's worker cards: one aggregate row in DuckDB, the same figures as the
    pandas functions over one row per exiter."""
    sql, pandas = sql_and_pandas_headlines(demo_db, **SELECTIONS[selection])
    assert sql.exiters > 0 and sql.wage.n > 0 and sql.left_poverty > 0 and sql.trained_by > 0
    assert_same_dataclass(pandas, sql)
    if selection == "everything":  # the demo's exiters without a county recorded, counted in the state's figures
        assert sql.no_county > 0


def test_sql_headline_figures_of_nobody_are_zeros_and_missing(worker_db):  # noqa: F811
    sql, pandas = sql_and_pandas_headlines(worker_db, year_from=1900, year_to=1900)
    assert sql.exiters == 0 and sql.wage.n == 0 and math.isnan(sql.wage.mean_gain) and math.isnan(sql.poverty.before)
    assert_same_dataclass(pandas, sql)


@pytest.mark.parametrize("changes", [{}, {"year_from": 2019, "year_to": 2021, "public_only": True}])
def test_sql_partnership_counts_equal_the_pandas_counts_on_the_demo(demo_db, changes):
    """The Funding page's people per partnership: one row per partnership from DuckDB, the same counts and sums
    as pandas over one row per exiter."""
    params = {"year_from": 1900, "year_to": 2100, "partnership_ids": [], "public_only": False, **changes}
    con = db.connect_read_only(demo_db)
    try:
        sql = db.run_query(con, "partnership_people_figures", **params)
        people = db.run_query(con, "worker_outcomes", sector_codes=[], county_fips=[], **params,
                              by_partnership_county=False)
    finally:
        con.close()
    assert len(sql) > 10
    assert_same_figures(reference.people_by_partnership(people), sql)
