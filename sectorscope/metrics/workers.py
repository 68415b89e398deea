"""Worker outcome metrics: wage gains and conditions before and after training."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectorscope import references
from sectorscope.metrics import wioa
from sectorscope.metrics.common import Share, as_boolean, share_true
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
CONFIDENCE = 0.95  # of the interval around a median


@dataclass(frozen=True)
class WageGainSummary:
    """Hourly wage gain among completers with both wages: mean and median in dollars and percent, the count and a
    95% order-statistic interval for the median gain (``median_interval``)."""

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
    return _conditions_table(tuple((label, before_after(people[before], people[after]))
                                   for label, (before, after, _) in CONDITIONS.items()))


def _conditions_table(results: tuple[tuple[str, BeforeAfter], ...]) -> pd.DataFrame:
    """The table of ``conditions_before_after`` from each condition's result."""
    rows = []
    for label, result in results:
        published = CONDITIONS[label][2]
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


# --- The same figures computed in DuckDB (queries/worker_group_outcomes.sql) ------------------------------------------

EVERYONE = "everyone"
GROUPINGS = ("sector_code", "county_fips", "partnership_id", "exit_year", "gender", "race_ethnicity", "age_band")
_CONDITION_COLUMNS = {  # CONDITIONS label -> prefix of its columns in worker_group_outcomes
    "Below the poverty level": "poverty",
    "Employer health insurance": "insurance",
    "Paid sick leave": "sick_leave",
}


@dataclass(frozen=True)
class WorkerFigures:
    """Everything the Worker outcomes page's cards show for one group of exiters (usually all in the selection)."""

    exiters: int
    gain: WageGainSummary
    completion: Share
    credential: Share
    in_sector: Share
    employed_q2: wioa.Indicator
    employed_q4: wioa.Indicator
    earnings_q2: wioa.Indicator
    retained: wioa.Indicator
    pre_earnings: wioa.Indicator
    earnings_change: wioa.Indicator
    conditions: tuple[tuple[str, BeforeAfter], ...]


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


def _number(value: object) -> float:
    return math.nan if value is None or pd.isna(value) else float(value)


def figures_of_row(row: pd.Series) -> WorkerFigures:
    """``worker_figures`` from one row of ``queries/worker_group_outcomes.sql`` (already computed in DuckDB)."""
    def count(column: str) -> int:
        return int(row[column])

    def indicator(n: str, value: str, **counts: str) -> wioa.Indicator:
        return wioa.Indicator(count(n), _number(row[value]) if count(n) else math.nan,
                              **{key: count(column) for key, column in counts.items()})

    gain = WageGainSummary(
        n=count("gain_n"), mean_gain=_number(row["mean_gain"]), median_gain=_number(row["median_gain"]),
        median_low=_number(row["median_gain_low"]), median_high=_number(row["median_gain_high"]),
        mean_pct_gain=_number(row["mean_pct_gain"]), median_pct_gain=_number(row["median_pct_gain"]),
        n_pct=count("pct_n"))
    return WorkerFigures(
        exiters=count("exiters"),
        gain=gain,
        completion=Share(count("exiters"), _number(row["completion_rate"])),
        credential=Share(count("completers"), _number(row["credential_rate"])),
        in_sector=Share(count("in_sector_n"), _number(row["in_sector_rate"])),
        employed_q2=indicator("employed_q2_n", "employed_q2_rate", not_yet="q2_not_yet",
                              not_matched="q2_not_matched"),
        employed_q4=indicator("employed_q4_n", "employed_q4_rate", not_yet="q4_not_yet",
                              not_matched="q4_not_matched"),
        earnings_q2=indicator("earnings_q2_n", "median_earnings_q2", other_excluded="not_employed_q2",
                              not_yet="q2_not_yet", not_matched="q2_not_matched"),
        retained=indicator("retained_n", "retained_rate", not_yet="q4_not_yet", not_matched="q4_not_matched"),
        pre_earnings=indicator("pre_earnings_n", "mean_pre_earnings", not_matched="pre_not_matched",
                               other_excluded="pre_before_data"),
        earnings_change=indicator("earnings_change_n", "median_earnings_change",
                                  other_excluded="earnings_change_early", not_yet="q2_not_yet",
                                  not_matched="q2_not_matched"),
        conditions=tuple((label, BeforeAfter(count(f"{prefix}_n"), _number(row[f"{prefix}_before"]),
                                             _number(row[f"{prefix}_after"])) if count(f"{prefix}_n")
                          else BeforeAfter(0, math.nan, math.nan))
                         for label, prefix in _CONDITION_COLUMNS.items()),
    )


def overall_row(figures: pd.DataFrame) -> pd.Series:
    """The row of everyone in the selection from ``worker_group_outcomes`` (its exiters are 0 when nobody is)."""
    return figures[figures["grouping"] == EVERYONE].iloc[0]


def _rows(figures: pd.DataFrame, by: str) -> pd.DataFrame:
    """One grouping's rows of ``worker_group_outcomes`` with the group value as column ``by`` (missing as "not
    recorded", exit years as numbers), sorted as ``outcomes_by`` sorts."""
    rows = figures[figures["grouping"] == by]
    keys = rows["group_value"].astype(object)
    if by == "exit_year":
        keys = keys.map(lambda year: int(year) if isinstance(year, str) else year)
    out = rows.assign(**{by: keys.where(keys.notna(), NOT_RECORDED)})
    return out.sort_values(by, key=lambda column: column.map(str), ignore_index=True)


def groups_of(figures: pd.DataFrame, by: str) -> pd.DataFrame:
    """The rows of one grouping of ``worker_group_outcomes`` as ``outcomes_by(people, by)`` returns them: the same
    columns, values and order."""
    out = _rows(figures, by)[[by, *GROUP_COLUMNS[:-1]]]
    out = out.assign(small_n=out["gain_n"] < SMALL_N)
    out[list(GROUP_COUNTS)] = out[list(GROUP_COUNTS)].astype("int64")
    return out


def conditions_of_row(row: pd.Series) -> pd.DataFrame:
    """``conditions_before_after`` from one row of ``worker_group_outcomes``."""
    return _conditions_table(figures_of_row(row).conditions)


def spread_of(figures: pd.DataFrame, by: str) -> pd.DataFrame:
    """``wage_gain_spread(people, by)`` from ``worker_group_outcomes``: the groups with any gain, n and the 10th,
    25th, 50th, 75th and 90th percentiles (linear interpolation between ranks, as pandas)."""
    rows = _rows(figures, by)
    rows = rows[rows["gain_n"] > 0]
    return pd.DataFrame({by: rows[by].to_numpy(), "n": rows["gain_n"].astype("int64").to_numpy(),
                         "p10": rows["gain_p10"].to_numpy(), "p25": rows["gain_p25"].to_numpy(),
                         "median": rows["median_gain"].to_numpy(), "p75": rows["gain_p75"].to_numpy(),
                         "p90": rows["gain_p90"].to_numpy()})
