"""Worker outcome metrics: wage gains and conditions before and after training."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectorscope import references
from sectorscope.metrics import wioa
from sectorscope.metrics.common import as_boolean
from sectorscope.metrics.privacy import suppress_counts
from sectorscope.references import Reference


@dataclass(frozen=True)
class WageGain:
    """Hourly wage gain among completers with both wages."""

    n: int
    mean_gain: float
    median_gain: float
    median_pct_gain: float


@dataclass(frozen=True)
class BeforeAfter:
    """A yes/no condition before and after, among those with both answers known (paired)."""

    n: int
    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


def wage_gain(pre_hourly: pd.Series, post_hourly: pd.Series, completed: pd.Series) -> WageGain:
    """Post minus pre hourly wage among completers with both wages.

    gain_i = post_i - pre_i for completers with both wages present; mean and median of gain_i in dollars;
    median percent gain = median of gain_i / pre_i over those with pre_i > 0. The published reference is +$2.00
    per hour on average (Public/Private Ventures sectoral employment impact study). With no such person every
    figure is NaN and n is 0.
    """
    pre = pd.to_numeric(pre_hourly, errors="coerce")
    post = pd.to_numeric(post_hourly, errors="coerce")
    used = as_boolean(completed).fillna(False).to_numpy(dtype=bool) & pre.notna().to_numpy() & post.notna().to_numpy()
    gains = (post - pre)[used]
    if gains.empty:
        return WageGain(0, math.nan, math.nan, math.nan)
    with_base = pre[used] > 0
    pct = (gains[with_base] / pre[used][with_base]).median() if with_base.any() else math.nan
    return WageGain(len(gains), float(gains.mean()), float(gains.median()), float(pct))


def before_after(before: pd.Series, after: pd.Series) -> BeforeAfter:
    """Shares with a condition before and after among people with both answers known (a paired comparison).

    For example below poverty: the reference is 64% -> 35% (Public/Private Ventures); employer-offered health
    insurance 49% -> 73% and paid sick leave 35% -> 58% (evaluation of sector initiatives' impact on workers).
    """
    b, a = as_boolean(before), as_boolean(after)
    paired = (b.notna() & a.notna()).to_numpy(dtype=bool)
    if not paired.any():
        return BeforeAfter(0, math.nan, math.nan)
    return BeforeAfter(int(paired.sum()), float(b[paired].astype(bool).mean()), float(a[paired].astype(bool).mean()))


# --- Wage gains with an interval, per person and per group ---------------------------------------------------------

SMALL_N = 30  # groups resting on fewer people are flagged: their interval is wide and their median moves easily
BOOTSTRAP_RESAMPLES = 1_000
BOOTSTRAP_SEED = 20_240_401  # fixed, so the same data always gives the same interval


@dataclass(frozen=True)
class WageGainSummary:
    """Hourly wage gain among completers with both wages: mean and median in dollars and percent, the count and a
    95% bootstrap interval for the median gain."""

    n: int
    mean_gain: float
    median_gain: float
    median_low: float
    median_high: float
    mean_pct_gain: float
    median_pct_gain: float
    n_pct: int

    @property
    def is_small(self) -> bool:
        """Fewer than ``SMALL_N`` people: shown, but flagged."""
        return 0 < self.n < SMALL_N


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


def bootstrap_medians(values: np.ndarray, resamples: int = BOOTSTRAP_RESAMPLES,
                      seed: int = BOOTSTRAP_SEED) -> np.ndarray:
    """The medians of ``resamples`` bootstrap samples (size n, drawn with replacement) of the known values, seeded.

    Simulated exactly without building the samples: with the values sorted, a sample's m-th smallest value is value
    number ceil(n * U), where U, the m-th smallest of n uniforms, follows Beta(m, n - m + 1); for even n the next
    order statistic is U + (1 - U) * Beta(1, n - m). So the cost does not grow with n, and the result depends only
    on the values, not on their order. Empty when there is no value.
    """
    known = np.asarray(values, dtype=float)
    ordered = np.sort(known[~np.isnan(known)])
    n = len(ordered)
    if n == 0:
        return np.empty(0)
    rng = np.random.default_rng(seed)
    m = (n + 1) // 2  # the middle value (odd n) or the lower of the two middle values (even n)
    lower = rng.beta(m, n - m + 1, size=resamples)
    medians = ordered[np.clip(np.ceil(lower * n).astype(int) - 1, 0, n - 1)]
    if n % 2 == 0:
        upper = lower + (1 - lower) * rng.beta(1, n - m, size=resamples)
        medians = (medians + ordered[np.clip(np.ceil(upper * n).astype(int) - 1, 0, n - 1)]) / 2
    return medians


def median_interval(values: pd.Series | np.ndarray, confidence: float = 0.95, resamples: int = BOOTSTRAP_RESAMPLES,
                    seed: int = BOOTSTRAP_SEED) -> tuple[float, float]:
    """Percentile bootstrap interval for the median of the known values (seeded, so reproducible).

    The (1 - confidence) / 2 and (1 + confidence) / 2 quantiles of the medians of ``resamples`` bootstrap samples
    (``bootstrap_medians``; Efron & Tibshirani, *An Introduction to the Bootstrap*, 1993, ch. 13). One value:
    (value, value); none: (NaN, NaN).
    """
    medians = bootstrap_medians(np.asarray(values, dtype=float), resamples, seed)
    if medians.size == 0:
        return math.nan, math.nan
    tail = (1 - confidence) / 2
    low, high = np.quantile(medians, [tail, 1 - tail])
    return float(low), float(high)


def wage_gain_summary(pre_hourly: pd.Series, post_hourly: pd.Series, completed: pd.Series,
                      resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED) -> WageGainSummary:
    """``wage_gain`` plus the mean percent gain and a 95% bootstrap interval for the median gain (``median_interval``).

    Percent gains are gain / pre over completers with both wages and pre > 0 (``n_pct`` of them). With nobody to
    count every figure is NaN and n is 0. References: +$2.00/hour on average (Public/Private Ventures); Pennsylvania's
    Industry Partnerships reported +6.62% on average within a year of training, against a goal of at least +5%.
    """
    gains = individual_wage_gains(pre_hourly, post_hourly, completed)
    gain = gains["wage_gain"].dropna()
    pct = gains["wage_gain_pct"].dropna()
    low, high = median_interval(gain, resamples=resamples, seed=seed)
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


GROUP_COLUMNS = (
    "exiters", "completion_rate", "completers", "credential_rate", "in_sector_n", "in_sector_rate",
    "gain_n", "median_gain", "median_gain_low", "median_gain_high", "mean_gain", "median_pct_gain",
    "employed_q2_n", "employed_q2_rate", "employed_q4_n", "employed_q4_rate", "earnings_q2_n", "median_earnings_q2",
    "small_n",
)
GROUP_COUNTS = ("exiters", "completers", "in_sector_n", "gain_n", "employed_q2_n", "employed_q4_n", "earnings_q2_n")
NOT_RECORDED = "not recorded"


def _as_float(values: pd.Series) -> pd.Series:
    """Numbers or nullable booleans as floats (True = 1.0), missing as NaN."""
    if values.dtype == object or values.dtype.kind == "b" or str(values.dtype) == "boolean":
        values = as_boolean(values)
    return values.astype("Float64").astype(float)


def outcomes_by(people: pd.DataFrame, by: str, resamples: int = BOOTSTRAP_RESAMPLES,
                seed: int = BOOTSTRAP_SEED) -> pd.DataFrame:
    """One row per value of ``by`` (a column of ``person_outcomes``): the page's figures for that group.

    Columns: ``by``, exiters; completion_rate (completed / exiters); completers and credential_rate (among
    completers); in_sector_n and in_sector_rate (employed in the partnership's sector after exit, among known
    answers); gain_n, median_gain with its 95% bootstrap interval (median_gain_low/high), mean_gain, median_pct_gain
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
    intervals = {key: median_interval(group.to_numpy(), resamples=resamples, seed=seed)
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


def with_gaps(groups: pd.DataFrame, overall: pd.DataFrame) -> pd.DataFrame:
    """Groups with their gap to the overall figure: ``gain_gap`` = median_gain - overall median gain and
    ``employed_q2_gap`` = employed_q2_rate - overall rate (``overall`` is ``outcomes_by`` on everyone, one row)."""
    row = overall.iloc[0]
    return groups.assign(gain_gap=groups["median_gain"] - row["median_gain"],
                         employed_q2_gap=groups["employed_q2_rate"] - row["employed_q2_rate"])


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


@dataclass(frozen=True)
class PublishedShares:
    """A published before -> after share (DESIGN section 5) for comparison on the before/after chart."""

    before: float
    after: float
    reference: Reference


CONDITIONS = {
    # label: (column before, column after, published figure)
    "Below the poverty level": ("below_poverty_before", "below_poverty_after",
                                PublishedShares(references.POVERTY.before, references.POVERTY.value,
                                                references.POVERTY)),
    "Employer health insurance": ("health_insurance_before", "health_insurance_after",
                                  PublishedShares(references.HEALTH_INSURANCE.before,
                                                  references.HEALTH_INSURANCE.value, references.HEALTH_INSURANCE)),
    "Paid sick leave": ("paid_sick_leave_before", "paid_sick_leave_after",
                        PublishedShares(references.PAID_SICK_LEAVE.before, references.PAID_SICK_LEAVE.value,
                                        references.PAID_SICK_LEAVE)),
}


def conditions_before_after(people: pd.DataFrame) -> pd.DataFrame:
    """One row per condition in ``CONDITIONS``: n (people with both answers), before, after and change (shares, as
    ``before_after``), with the published before and after shares."""
    rows = []
    for label, (before, after, published) in CONDITIONS.items():
        result = before_after(people[before], people[after])
        rows.append({"condition": label, "n": result.n, "before": result.before, "after": result.after,
                     "change": result.change, "published_before": published.before,
                     "published_after": published.after})
    return pd.DataFrame(rows)


def hide_small_groups(groups: pd.DataFrame, k: int, count_column: str = "exiters") -> pd.DataFrame:
    """Public view of a group table: counts of 1..k-1 people hidden (with a complementary cell where one alone would
    be recoverable, see ``privacy.suppress_counts``) and every figure resting on a hidden count set to missing.

    ``count_column`` is the group's size: when it is hidden, all the group's figures are. Each other count column
    hides the figures that rest on it (``gain_n`` the wage gain columns, ``employed_q2_n`` the 2nd-quarter rate ...).
    Missing stays missing, never 0.
    """
    out = groups.copy()
    shown = suppress_counts(groups[count_column], k)
    hidden = (shown.isna() & groups[count_column].gt(0)).to_numpy()
    out[count_column] = shown
    for count, dependent in _DEPENDENT.items():
        if count == count_column or count not in out.columns:
            continue
        shown_count = suppress_counts(groups[count], k)
        small = hidden | (shown_count.isna() & groups[count].gt(0)).to_numpy()
        out[count] = shown_count.mask(small)
        present = [column for column in dependent if column in out.columns]
        out[present] = out[present].mask(pd.Series(small, index=out.index), axis=0)
    figures = [column for column in out.columns if out[column].dtype.kind == "f"]
    out[figures] = out[figures].mask(pd.Series(hidden, index=out.index), axis=0)
    return out


_DEPENDENT = {
    "completers": ("credential_rate",),
    "in_sector_n": ("in_sector_rate",),
    "gain_n": ("median_gain", "median_gain_low", "median_gain_high", "mean_gain", "median_pct_gain", "gain_gap"),
    "employed_q2_n": ("employed_q2_rate", "employed_q2_gap"),
    "employed_q4_n": ("employed_q4_rate",),
    "earnings_q2_n": ("median_earnings_q2",),
    "n": ("before", "after", "change", "p10", "p25", "median", "p75", "p90"),
}
