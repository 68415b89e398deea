"""The speed benchmark's pandas baseline (``benchmarks/pandas_baseline.py``) computes the same figures as the Worker
page's query, so that the ratio in the README compares equal work; and its check notices when it does not."""

from __future__ import annotations

import pytest
from test_workers_sql import EVERYTHING
from test_workers_sql import SELECTIONS as SQL_SELECTIONS
from tiny_workers import worker_db  # noqa: F401  (fixture)

from benchmarks import pandas_baseline
from sectorscope import db
from sectorscope.metrics import workers

# the SQL tests' selections that the baseline computes (it refuses a partnership, public-only, counties served)
SELECTIONS = {name: changes for name, changes in SQL_SELECTIONS.items()
              if not {"partnership_ids", "public_only", "by_partnership_county"} & set(changes)}


def figures_both_ways(path, changes: dict) -> tuple:
    selection = {**EVERYTHING, **changes}
    con = db.connect_read_only(path)
    try:
        query = db.run_query(con, "worker_group_outcomes", **selection, confidence=workers.CONFIDENCE,
                             groupings=list(workers.ALL_GROUPINGS))
        data = pandas_baseline.exiters_in_memory(con)
    finally:
        con.close()
    return query, pandas_baseline.same_figures(data, selection)


@pytest.mark.parametrize("changes", SELECTIONS.values(), ids=SELECTIONS.keys())
def test_the_baseline_computes_the_query_s_figures_on_the_demo(demo_db, changes):
    query, baseline = figures_both_ways(demo_db, changes)
    assert len(query) > 8  # groups of every grouping, not only everyone
    assert pandas_baseline.differences(query, baseline) == []


def test_the_check_names_a_figure_the_baseline_got_wrong(worker_db):  # noqa: F811
    query, baseline = figures_both_ways(worker_db, {})
    assert pandas_baseline.differences(query, baseline) == []
    off_by_a_cent = baseline.copy()
    off_by_a_cent.loc[off_by_a_cent["grouping"] == "everyone", "median_gain"] += 0.01
    assert [problem.split(" at ")[0] for problem in pandas_baseline.differences(query, off_by_a_cent)] == [
        "median_gain"]
    one_person_more = baseline.copy()
    one_person_more.loc[one_person_more["grouping"] == "sector_code", "q2_not_yet"] += 1
    assert [problem.split(" at ")[0] for problem in pandas_baseline.differences(query, one_person_more)] == [
        "q2_not_yet"]
    assert "lacks ['gain_p90']" in pandas_baseline.differences(query, baseline.drop(columns="gain_p90"))[0]
    fewer_groups = baseline[baseline["grouping"] != "gender"]
    assert pandas_baseline.differences(query, fewer_groups)[0].startswith("groups differ")


@pytest.mark.parametrize("changes", [{"partnership_ids": ["P1"]}, {"public_only": True},
                                     {"county_fips": ["42071"], "by_partnership_county": True}])
def test_the_baseline_refuses_a_selection_it_does_not_compute(worker_db, changes):  # noqa: F811
    con = db.connect_read_only(worker_db)
    try:
        data = pandas_baseline.exiters_in_memory(con)
    finally:
        con.close()
    with pytest.raises(ValueError, match="not computed by the baseline"):
        pandas_baseline.same_figures(data, {**EVERYTHING, **changes})
