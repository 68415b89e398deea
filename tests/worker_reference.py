"""The Worker outcomes page's figures computed in pandas from one row per exiter (``queries/worker_outcomes.sql``).

The app computes them in DuckDB (``queries/worker_group_outcomes.sql``, read through ``metrics.workers``'s
``figures_of_row``, ``groups_of`` and ``spread_of``); this is the independent second reading the tests hold the SQL
to (``tests/test_workers_sql.py``: the same figures for every grouping and selection tried), and the plain pandas
baseline of ``benchmarks/bench_pages.py``. Not part of the app.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sectorscope.metrics import wioa
from sectorscope.metrics.common import as_boolean, share_true
from sectorscope.metrics.workers import (
    CONDITIONS,
    CONFIDENCE,
    GROUP_COUNTS,
    NOT_RECORDED,
    SMALL_N,
    WageGainSummary,
    WorkerFigures,
    before_after,
    conditions_table,
)


def individual_wage_gains(pre_hourly: pd.Series, post_hourly: pd.Series, completed: pd.Series) -> pd.DataFrame:
    """Per person: ``wage_gain`` = post - pre hourly wage and ``wage_gain_pct`` = gain / pre, aligned with the input.

    Only completers with both wages get a gain (others NaN); the percent also needs pre > 0. These are the values
    ``wage_gain`` summarises.
    """
    pre = pd.to_numeric(pre_hourly, errors="coerce").astype(float)
    post = pd.to_numeric(post_hourly, errors="coerce").astype(float)
    completer = as_boolean(completed).fillna(False).astype(bool)
    gain = (post - pre).where(completer & pre.notna() & post.notna())
    return pd.DataFrame({"wage_gain": gain, "wage_gain_pct": (gain / pre).where(pre > 0)}, index=pre.index)


def median_rank_interval(n: int, confidence: float = CONFIDENCE) -> int:
    """The rank j of the lower end of the distribution-free interval for a median of n values (0: there is none).

    With the n values sorted, x(1) <= ... <= x(n), the interval is [x(j), x(n - j + 1)]. The number B of values
    below the true median follows the binomial distribution with n trials and p = 1/2, and x(j) lies above the
    median exactly when B <= j - 1, so the interval misses it with probability 2 * P(B <= j - 1). j is the largest
    rank keeping that at most 1 - confidence:

        j = 1 + max{i : P(B <= i) <= (1 - confidence) / 2},   P(B <= i) = sum_{t=0..i} C(n, t) / 2**n

    and 0 when even P(B = 0) = 2**-n is larger (n < 6 at 95%). The interval covers the median with probability at
    least ``confidence`` whatever the distribution (continuous), needs no resampling and depends only on the values
    (Conover, *Practical Nonparametric Statistics*, 3rd ed., 1999, sec. 3.2; ``queries/worker_group_outcomes.sql``
    computes the same in SQL). Example: n = 30 gives j = 10, the interval [x(10), x(21)].
    """
    if n < 1:
        return 0
    i = np.arange(n // 2 + 1)
    log_choose = np.concatenate([[0.0], np.cumsum(np.log((n - i[1:] + 1) / i[1:]))])  # log C(n, i)
    at_most = np.cumsum(np.exp(log_choose - n * math.log(2)))
    within = np.nonzero(at_most <= (1 - confidence) / 2)[0]
    return int(within[-1]) + 1 if within.size else 0


def median_interval(values: pd.Series | np.ndarray, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Order-statistic interval for the median of the known values: (x(j), x(n - j + 1)) with j from
    ``median_rank_interval``. Fewer than 6 values (at 95%), or none: (NaN, NaN), since no such interval reaches the
    confidence."""
    known = np.asarray(values, dtype=float)
    ordered = np.sort(known[~np.isnan(known)])
    rank = median_rank_interval(len(ordered), confidence)
    if rank == 0:
        return math.nan, math.nan
    return float(ordered[rank - 1]), float(ordered[len(ordered) - rank])


def wage_gain_summary(pre_hourly: pd.Series, post_hourly: pd.Series, completed: pd.Series) -> WageGainSummary:
    """``wage_gain`` plus the mean percent gain and a 95% interval for the median gain (``median_interval``).

    Percent gains are gain / pre over completers with both wages and pre > 0 (``n_pct`` of them). With nobody to
    count every figure is NaN and n is 0. References: +$2.00/hour on average (Public/Private Ventures); Pennsylvania's
    Industry Partnerships reported +6.62% on average within a year of training, against a goal of at least +5%.
    """
    gains = individual_wage_gains(pre_hourly, post_hourly, completed)
    gain = gains["wage_gain"].dropna()
    pct = gains["wage_gain_pct"].dropna()
    low, high = median_interval(gain)
    if gain.empty:
        return WageGainSummary(0, math.nan, math.nan, math.nan, math.nan, math.nan, math.nan, 0)
    return WageGainSummary(
        n=len(gain), mean_gain=float(gain.mean()), median_gain=float(gain.median()), median_low=low, median_high=high,
        mean_pct_gain=float(pct.mean()) if len(pct) else math.nan,
        median_pct_gain=float(pct.median()) if len(pct) else math.nan, n_pct=len(pct),
    )


def person_outcomes(frame: pd.DataFrame, coverage: wioa.Coverage) -> pd.DataFrame:
    """The participant frame (``queries/worker_outcomes.sql``) with each person's wage gain and WIOA-style inputs
    (``individual_wage_gains`` and ``wioa.participant_indicators``) added as columns."""
    gains = individual_wage_gains(frame["pre_hourly_wage"], frame["post_hourly_wage"], frame["completed"])
    return pd.concat([frame, gains, wioa.participant_indicators(frame, coverage)], axis=1)


def _as_float(values: pd.Series) -> pd.Series:
    """Numbers or nullable booleans as floats (True = 1.0), missing as NaN."""
    if values.dtype == object or values.dtype.kind == "b" or str(values.dtype) == "boolean":
        values = as_boolean(values)
    return values.astype("Float64").astype(float)


def outcomes_by(people: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per value of ``by`` (a column of ``person_outcomes``): the page's figures for that group.

    Columns: ``by``, exiters; completion_rate (completed / exiters); completers and credential_rate (among
    completers); in_sector_n and in_sector_rate (employed in the partnership's sector after exit, among known
    answers); gain_n, median_gain with its 95% interval (median_gain_low/high), mean_gain, median_pct_gain
    (as ``wage_gain_summary``); employed_q2_n/_rate and employed_q4_n/_rate (employment 2nd/4th quarter after exit
    among observable people, see ``wioa.employment_rate``); earnings_q2_n and median_earnings_q2 (among people
    employed then); small_n (gain_n below ``SMALL_N``). Missing group values become "not recorded". Rates are NaN
    where their n is 0. The exiters of all groups add up to the rows of ``people``.
    """
    keys = people[by].astype(object).where(people[by].notna(), NOT_RECORDED).rename(by)
    completed = _as_float(people["completed"])
    values = pd.DataFrame({
        "completed": completed,
        "credential": _as_float(people["credential_earned"]).where(completed == 1),
        "in_sector": _as_float(people["employed_in_sector"]),
        "gain": people["wage_gain"].astype(float),
        "gain_pct": people["wage_gain_pct"].astype(float),
        "employed_q2": _as_float(people["employed_q2"]),
        "employed_q4": _as_float(people["employed_q4"]),
        "earnings_q2": people["earnings_q2"].astype(float),
    }, index=people.index)
    grouped = values.groupby(keys, sort=False)
    counts, means, medians = grouped.count(), grouped.mean(), grouped.median()
    intervals = {key: median_interval(group.to_numpy())
                 for key, group in values["gain"].groupby(keys, sort=False)}
    out = pd.DataFrame({
        by: counts.index,
        "exiters": keys.value_counts().reindex(counts.index).to_numpy(),
        "completion_rate": means["completed"].to_numpy(),
        "completers": counts["credential"].to_numpy(),
        "credential_rate": means["credential"].to_numpy(),
        "in_sector_n": counts["in_sector"].to_numpy(),
        "in_sector_rate": means["in_sector"].to_numpy(),
        "gain_n": counts["gain"].to_numpy(),
        "median_gain": medians["gain"].to_numpy(),
        "median_gain_low": [intervals[key][0] for key in counts.index],
        "median_gain_high": [intervals[key][1] for key in counts.index],
        "mean_gain": means["gain"].to_numpy(),
        "median_pct_gain": medians["gain_pct"].to_numpy(),
        "employed_q2_n": counts["employed_q2"].to_numpy(),
        "employed_q2_rate": means["employed_q2"].to_numpy(),
        "employed_q4_n": counts["employed_q4"].to_numpy(),
        "employed_q4_rate": means["employed_q4"].to_numpy(),
        "earnings_q2_n": counts["earnings_q2"].to_numpy(),
        "median_earnings_q2": medians["earnings_q2"].to_numpy(),
    })
    out["small_n"] = out["gain_n"] < SMALL_N
    out[list(GROUP_COUNTS)] = out[list(GROUP_COUNTS)].astype("int64")
    return out.sort_values(by, key=lambda column: column.map(str), ignore_index=True)


def wage_gain_spread(people: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per group with completers' wage gains: n and the 10th, 25th, 50th, 75th and 90th percentiles.

    For a box chart drawn from summaries (whiskers at the 10th and 90th percentiles), so no person's own value
    leaves the server. Groups without any gain are left out.
    """
    known = people[[by, "wage_gain"]].dropna(subset=["wage_gain"])
    keys = known[by].astype(object).where(known[by].notna(), NOT_RECORDED)
    grouped = known["wage_gain"].groupby(keys)
    quantiles = grouped.quantile([0.1, 0.25, 0.5, 0.75, 0.9]).unstack()
    quantiles.columns = ["p10", "p25", "median", "p75", "p90"]
    quantiles.insert(0, "n", grouped.count())
    return quantiles.rename_axis(by).reset_index()


def conditions_before_after(people: pd.DataFrame) -> pd.DataFrame:
    """One row per condition in ``CONDITIONS``: n (people with both answers), before, after and change (shares, as
    ``before_after``), with the published before and after shares."""
    return conditions_table(tuple((label, before_after(people[before], people[after]))
                                   for label, (before, after, _) in CONDITIONS.items()))


def worker_figures(people: pd.DataFrame) -> WorkerFigures:
    """The card figures from the per-person frame (``person_outcomes``), in pandas: ``wage_gain_summary``, the shares
    completed (of exiters), with a credential (of completers) and employed in the sector, the wage-record indicators
    of ``metrics.wioa`` and ``before_after`` for each of ``CONDITIONS``."""
    completed = as_boolean(people["completed"]).fillna(False).astype(bool)
    return WorkerFigures(
        exiters=len(people),
        gain=wage_gain_summary(people["pre_hourly_wage"], people["post_hourly_wage"], people["completed"]),
        completion=share_true(people["completed"]),
        credential=share_true(people.loc[completed, "credential_earned"]),
        in_sector=share_true(people["employed_in_sector"]),
        employed_q2=wioa.employment_rate(people, 2),
        employed_q4=wioa.employment_rate(people, 4),
        earnings_q2=wioa.median_earnings_q2(people),
        retained=wioa.retention_rate(people),
        pre_earnings=wioa.pre_program_earnings(people),
        earnings_change=wioa.earnings_change(people),
        conditions=tuple((label, before_after(people[before], people[after]))
                         for label, (before, after, _) in CONDITIONS.items()),
    )
