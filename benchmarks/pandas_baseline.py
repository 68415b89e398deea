"""The Worker outcomes page's group figures as a user would compute them in plain pandas, every figure the page's query
returns, for the benchmark's ratio (``bench_pages.py``).

The first baseline (``bench_pages.narrow_pandas_figures``, kept for comparison) computed 15 of the query's 50 figures
per group: none of the statuses' counts, retention, the earnings change, the box plot's percentiles, poverty,
insurance or sick leave before and after. The issue asks for "the same page figures computed by a plain
pandas-in-memory baseline"; this one computes all of them, from the same per-exiter rows the query reads (table
``exiter_outcomes`` with each partnership's sector, read once into memory, not timed), and ``differences`` checks
them against the query's, so the ratio compares equal work.

Written as a competent pandas user would: one boolean mask per selection, helper columns made once per selection
(vectorised), one ``groupby(...).agg`` per grouping with named aggregations, ``quantile`` for the box's percentiles
and the same order-statistic interval as the page (``tests.worker_reference.median_interval``) per group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NOT_YET = "not yet in the data"
NOT_MATCHED = "no wage records"
BEFORE_DATA = "before the data starts"
NOT_LOADED = "quarter not loaded"
GROUPINGS = ("sector_code", "county_fips", "partnership_id", "exit_year", "gender", "race_ethnicity", "age_band")
FLAGS = ("completed", "credential_earned", "employed_in_sector", "employed_q2", "employed_q4", "retained_q4",
         "poverty_known", "below_poverty_before", "below_poverty_after", "insurance_known", "health_insurance_before",
         "health_insurance_after", "sick_leave_known", "paid_sick_leave_before", "paid_sick_leave_after")
COUNTS = ("exiters", "completers", "in_sector_n", "gain_n", "pct_n", "employed_q2_n", "q2_not_yet", "q2_not_matched",
          "q2_before_data", "employed_q4_n", "q4_not_yet", "q4_not_matched", "q4_before_data", "earnings_q2_n",
          "not_employed_q2", "retained_n", "retained_not_yet", "retained_no_employer", "pre_earnings_n",
          "pre_not_matched", "pre_before_data", "earnings_change_n", "earnings_change_early", "poverty_n",
          "insurance_n", "sick_leave_n", "q2_not_loaded", "q4_not_loaded", "retained_not_loaded", "pre_not_loaded",
          "earnings_change_not_loaded")
NOT_LOADED_COUNTS = ("q2_not_loaded", "q4_not_loaded", "retained_not_loaded", "pre_not_loaded",
                     "earnings_change_not_loaded")


SUMMED = ["completed", "completers", "credentialed", "q2_not_yet", "q2_not_matched", "q2_before_data", "q4_not_yet",
          "q4_not_matched", "q4_before_data", "not_employed_q2", "retained_not_yet", "retained_no_employer",
          "pre_not_matched", "pre_before_data", "earnings_change_early", "poverty_known", "poverty_before_yes",
          "poverty_after_yes", "insurance_known", "insurance_before_yes", "insurance_after_yes", "sick_leave_known",
          "sick_leave_before_yes", "sick_leave_after_yes", *NOT_LOADED_COUNTS]
COUNTED = ["employed_in_sector", "wage_gain", "wage_gain_pct", "employed_q2", "employed_q4", "earnings_q2",
           "retained_q4", "earnings_change"]
AVERAGED = ["employed_in_sector", "wage_gain", "wage_gain_pct", "employed_q2", "employed_q4", "retained_q4",
            "pre_for_change", "earnings_change"]
MEDIAN_OF = ["wage_gain", "wage_gain_pct", "earnings_q2", "earnings_change"]
RENAMED = {
    "completed_sum": "completed_yes", "credentialed_sum": "credentialed", "completers_sum": "completers",
    **{f"{name}_sum": name for name in ("q2_not_yet", "q2_not_matched", "q2_before_data", "q4_not_yet",
                                        "q4_not_matched", "q4_before_data", "not_employed_q2", "retained_not_yet",
                                        "retained_no_employer", "pre_not_matched", "pre_before_data",
                                        "earnings_change_early", *NOT_LOADED_COUNTS)},
    "poverty_known_sum": "poverty_n", "insurance_known_sum": "insurance_n", "sick_leave_known_sum": "sick_leave_n",
    **{f"{name}_{when}_yes_sum": f"{name}_{when}_yes" for name in ("poverty", "insurance", "sick_leave")
       for when in ("before", "after")},
    "employed_in_sector_count": "in_sector_n", "wage_gain_count": "gain_n", "wage_gain_pct_count": "pct_n",
    "employed_q2_count": "employed_q2_n", "employed_q4_count": "employed_q4_n", "earnings_q2_count": "earnings_q2_n",
    "retained_q4_count": "retained_n", "earnings_change_count": "earnings_change_n",
    "employed_in_sector_mean": "in_sector_rate", "wage_gain_mean": "mean_gain", "wage_gain_pct_mean": "mean_pct_gain",
    "employed_q2_mean": "employed_q2_rate", "employed_q4_mean": "employed_q4_rate", "retained_q4_mean": "retained_rate",
    "pre_for_change_mean": "mean_pre_earnings", "earnings_change_mean": "mean_earnings_change",
    "wage_gain_median": "median_gain",
    "wage_gain_pct_median": "median_pct_gain", "earnings_q2_median": "median_earnings_q2",
    "earnings_change_median": "median_earnings_change",
}


def exiters_in_memory(con) -> pd.DataFrame:
    """Every exiter's row of ``exiter_outcomes`` with its partnership's sector and publication, flags as floats
    (1.0, 0.0, NaN for not known) so that means and sums skip the unknown, as a pandas user would keep them."""
    frame = con.execute("select o.*, pa.sector_code, pa.is_public from exiter_outcomes as o "
                        "inner join partnerships as pa using (partnership_id)").df()
    for column in FLAGS:
        frame[column] = frame[column].astype("Float64").astype(float)
    for column in ("partnership_id", "county_fips", "sector_code", "gender", "race_ethnicity", "age_band",
                   "q2_status", "q4_status", "pre_status"):  # few distinct texts: compared and grouped as codes
        frame[column] = frame[column].astype("category")
    return frame


def _share(yes: pd.Series, n: pd.Series) -> pd.Series:
    """yes / n, empty where n is 0 (the query's nullif)."""
    return yes / n.where(n > 0)


def selected(data: pd.DataFrame, selection: dict[str, object]) -> pd.DataFrame:
    """The exiters of ``selection``: exit year in its range, and in its sectors and counties of residence (each
    empty = all), as a boolean mask."""
    mask = data["exit_year"].between(selection["year_from"], selection["year_to"]).to_numpy().copy()
    if selection["sector_codes"]:
        mask &= data["sector_code"].isin(selection["sector_codes"]).to_numpy()
    if selection["county_fips"]:
        mask &= data["county_fips"].isin(selection["county_fips"]).to_numpy()
    return data[mask]


def same_figures(data: pd.DataFrame, selection: dict[str, object]) -> pd.DataFrame:
    """The query's rows (``queries/worker_group_outcomes.sql``) for ``selection`` (years, sectors, counties of
    residence; the benchmark's selections choose no partnership, no public-only and no counties-served basis)."""
    from tests import worker_reference as reference

    unsupported = [name for name in ("partnership_ids", "public_only", "by_partnership_county") if selection.get(name)]
    if unsupported:
        raise ValueError(f"{', '.join(unsupported)}: not computed by the baseline (the benchmark never sets them)")
    view = selected(data, selection)
    completed, credential = view["completed"], view["credential_earned"]
    q2, q4, pre = view["q2_status"], view["q4_status"], view["pre_status"]
    employed_q2 = view["employed_q2"]
    has_change = view["earnings_change"].notna()
    helpers = pd.DataFrame({
        "completers": (completed == 1) & credential.notna(),
        "credentialed": (completed == 1) & (credential == 1),
        "q2_not_yet": q2 == NOT_YET, "q2_not_matched": q2 == NOT_MATCHED, "q2_before_data": q2 == BEFORE_DATA,
        "q4_not_yet": q4 == NOT_YET, "q4_not_matched": q4 == NOT_MATCHED, "q4_before_data": q4 == BEFORE_DATA,
        "not_employed_q2": employed_q2 == 0,
        "retained_not_yet": (employed_q2 == 1) & (q4 == NOT_YET),
        "retained_no_employer": (employed_q2 == 1) & (q4 == "observed") & view["retained_q4"].isna(),
        "pre_for_change": view["pre_earnings"].where(has_change),
        "pre_not_matched": pre == NOT_MATCHED, "pre_before_data": pre == BEFORE_DATA,
        "earnings_change_early": (q2 != NOT_YET) & (pre == BEFORE_DATA),
        "q2_not_loaded": q2 == NOT_LOADED, "q4_not_loaded": q4 == NOT_LOADED, "pre_not_loaded": pre == NOT_LOADED,
        "retained_not_loaded": (q2 == NOT_LOADED) | ((employed_q2 == 1) & (q4 == NOT_LOADED)),
        "earnings_change_not_loaded": ((q2 == NOT_LOADED) & (pre != BEFORE_DATA))
        | ((q2 == "observed") & (pre == NOT_LOADED)),
        **{f"{name}_before_yes": (view[f"{name}_known"] == 1) & (view[before] == 1)
           for name, before in (("poverty", "below_poverty_before"), ("insurance", "health_insurance_before"),
                                ("sick_leave", "paid_sick_leave_before"))},
        **{f"{name}_after_yes": (view[f"{name}_known"] == 1) & (view[after] == 1)
           for name, after in (("poverty", "below_poverty_after"), ("insurance", "health_insurance_after"),
                               ("sick_leave", "paid_sick_leave_after"))},
    }, index=view.index)
    frame = pd.concat([view, helpers], axis=1)
    tables = []
    for by in (None, *GROUPINGS):
        keys = pd.Series("", index=frame.index) if by is None else frame[by]
        grouped = frame.groupby(keys, dropna=False, sort=False, observed=True)
        # bulk reductions, one call per kind over every column it applies to (faster than one named aggregation per
        # figure: 60-70% of the time on the demo)
        table = pd.concat([grouped.size().rename("exiters"), grouped[SUMMED].sum().add_suffix("_sum"),
                           grouped[COUNTED].count().add_suffix("_count"), grouped[AVERAGED].mean().add_suffix("_mean"),
                           grouped[MEDIAN_OF].median().add_suffix("_median")], axis=1).rename(columns=RENAMED)
        table["completion_rate"] = _share(table.pop("completed_yes"), table["exiters"])
        table["credential_rate"] = _share(table.pop("credentialed"), table["completers"])
        table["pre_earnings_n"] = table["earnings_change_n"]
        for name in ("poverty", "insurance", "sick_leave"):
            table[f"{name}_before"] = _share(table.pop(f"{name}_before_yes"), table[f"{name}_n"])
            table[f"{name}_after"] = _share(table.pop(f"{name}_after_yes"), table[f"{name}_n"])
        gains = frame["wage_gain"].groupby(keys, dropna=False, sort=False, observed=True)
        percentiles = gains.quantile([0.1, 0.25, 0.75, 0.9]).unstack()
        for q, name in ((0.1, "gain_p10"), (0.25, "gain_p25"), (0.75, "gain_p75"), (0.9, "gain_p90")):
            table[name] = percentiles[q]
        keys_seen, intervals = zip(*((key, reference.median_interval(group.to_numpy())) for key, group in gains),
                                   strict=True)
        if not pd.Index(keys_seen).equals(table.index):  # both in order of first appearance (sort=False)
            raise RuntimeError(f"groups out of step for {by}")
        table["median_gain_low"] = [low for low, _ in intervals]
        table["median_gain_high"] = [high for _, high in intervals]
        table.insert(0, "grouping", by or "everyone")
        tables.append(table.rename_axis("group_value").reset_index())
    result = pd.concat(tables, ignore_index=True)
    result["group_value"] = result["group_value"].where(result["grouping"] != "everyone")
    return result


def differences(sql: pd.DataFrame, baseline: pd.DataFrame) -> list[str]:
    """Where the baseline's figures differ from the query's (counts exactly, the rest within 1e-9 relative): empty
    when it computed the same figures for the same groups."""
    def keyed(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame["group_value"] = frame["group_value"].astype(object).where(frame["group_value"].notna(), None)
        frame["group_value"] = [None if value is None else str(value) for value in frame["group_value"]]
        return frame.set_index(["grouping", "group_value"]).sort_index()

    left, right = keyed(sql), keyed(baseline)
    problems = []
    if list(left.index) != list(right.index):
        return [f"groups differ: {sorted(set(left.index) ^ set(right.index), key=str)[:5]}"]
    missing = [column for column in left.columns if column not in right.columns]
    if missing:
        problems.append(f"the baseline lacks {missing}")
    for column in left.columns.intersection(right.columns):
        a = pd.to_numeric(left[column], errors="coerce").to_numpy(dtype=float)
        b = pd.to_numeric(right[column], errors="coerce").to_numpy(dtype=float)
        exact = column in COUNTS
        same = (np.isnan(a) & np.isnan(b)) | (a == b if exact else np.isclose(a, b, rtol=1e-9, atol=1e-9))
        if not same.all():
            where = left.index[~same][0]
            problems.append(f"{column} at {where}: query {a[~same][0]!r}, baseline {b[~same][0]!r}")
    return problems
