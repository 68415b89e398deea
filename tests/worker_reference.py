"""The Worker outcomes page's figures computed in pandas from one row per exiter (``queries/worker_outcomes.sql``).

The app computes them in DuckDB (``queries/worker_group_outcomes.sql``, read through ``metrics.workers``'s
``figures_of_row``, ``groups_of`` and ``spread_of``); this is the independent second reading the tests hold the SQL
to (``tests/test_workers_sql.py``: the same figures for every grouping and selection tried), and the plain pandas
baseline of ``benchmarks/bench_pages.py``. Not part of the app.

Sectorscope's wage-record measures per person (the first family of ``metrics.wioa``'s module doc: employment,
earnings and retention after exit among people with wage records, by calendar exit year) are stated here too, in
pandas over ``queries/worker_outcomes.sql``'s columns; the app's are the ``exiters_with_wages`` macro and
``queries/worker_group_outcomes.sql``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from sectorscope.metrics import wioa
from sectorscope.metrics.common import as_boolean, share_true
from sectorscope.metrics.wioa import BEFORE_DATA, NOT_LOADED, NOT_MATCHED, NOT_YET, OBSERVED, Coverage, Indicator
from sectorscope.metrics.workers import (
    CONDITIONS,
    CONFIDENCE,
    GROUP_COUNTS,
    NOT_RECORDED,
    SMALL_N,
    BeforeAfter,
    HeadlineFigures,
    WageGain,
    WageGainSummary,
    WorkerFigures,
    conditions_table,
)

# --- The headline figures (queries/worker_headline_figures.sql), per person -----------------------------------------

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


def headline_figures(people: pd.DataFrame) -> HeadlineFigures:
    """``metrics.workers.HeadlineFigures`` from one row per exiter (``queries/worker_outcomes.sql``)."""
    completed = as_boolean(people["completed"]).fillna(False).astype(bool)
    poverty = before_after(people["below_poverty_before"], people["below_poverty_after"])
    before = as_boolean(people["below_poverty_before"])
    after = as_boolean(people["below_poverty_after"])
    left = int((before.notna() & after.notna() & before.fillna(False).astype(bool)
                & ~after.fillna(True).astype(bool)).sum())
    return HeadlineFigures(
        exiters=len(people),
        wage=wage_gain(people["pre_hourly_wage"], people["post_hourly_wage"], people["completed"]),
        completion=share_true(people["completed"]),
        credential=share_true(people.loc[completed.to_numpy(), "credential_earned"]),
        poverty=poverty,
        insurance=before_after(people["health_insurance_before"], people["health_insurance_after"]),
        sick_leave=before_after(people["paid_sick_leave_before"], people["paid_sick_leave_after"]),
        left_poverty=left,
        trained_by=people["partnership_id"].nunique() if "partnership_id" in people.columns else 0,
        no_county=int(people["county_fips"].isna().sum()) if "county_fips" in people.columns else 0,
    )


def people_by_partnership(people: pd.DataFrame) -> pd.DataFrame:
    """``queries/partnership_people_figures.sql`` from one row per exiter (partnership_id, sector_code, completed,
    pre_hourly_wage, post_hourly_wage, employed_in_sector): one row per partnership."""
    completed = as_boolean(people["completed"]).fillna(False).astype(bool).to_numpy()
    pre = pd.to_numeric(people["pre_hourly_wage"], errors="coerce")
    post = pd.to_numeric(people["post_hourly_wage"], errors="coerce")
    with_gain = completed & pre.notna().to_numpy() & post.notna().to_numpy()
    answered = as_boolean(people["employed_in_sector"])
    in_sector = answered.fillna(False).astype(bool).to_numpy()
    known = answered.notna().to_numpy()
    frame = pd.DataFrame({
        "partnership_id": people["partnership_id"].to_numpy(),
        "sector_code": people["sector_code"].to_numpy() if "sector_code" in people else None,
        "participants": 1, "completers": completed.astype(int), "gain_n": with_gain.astype(int),
        "gain_sum": (post - pre).where(with_gain, 0.0).to_numpy(),
        "employed_in_sector_completers": (completed & in_sector).astype(int),
        "employed_in_sector_known": (completed & known).astype(int),
        "completers_with_post_wage": (completed & post.notna().to_numpy()).astype(int),
    })
    sums = frame.groupby("partnership_id", sort=True).agg(
        sector_code=("sector_code", "first"), participants=("participants", "sum"), completers=("completers", "sum"),
        gain_n=("gain_n", "sum"), gain_sum=("gain_sum", "sum"),
        employed_in_sector_completers=("employed_in_sector_completers", "sum"),
        employed_in_sector_known=("employed_in_sector_known", "sum"),
        completers_with_post_wage=("completers_with_post_wage", "sum"))
    return sums.reset_index()


# --- Sectorscope's wage-record measures, per person and for a group -------------------------------------------

def quarter_index(year: int, quarter: int) -> int:
    """Number of a calendar quarter: year * 4 + quarter - 1 (2024 Q1 -> 8096)."""
    return year * 4 + quarter - 1


def follow_up_status(frame: pd.DataFrame, coverage: Coverage, quarters_after_exit: int) -> pd.Series:
    """Per participant: is the quarter ``quarters_after_exit`` after the exit quarter observable?

    ``observed`` when the person has wage records and that quarter lies within the data (from its first quarter to
    its last); ``before the data starts`` or ``not yet in the data`` when it lies before or after them; ``quarter
    not loaded`` when it is one of the quarters inside them holding no record (``coverage.missing_quarters``); ``no
    wage records`` when the person has none at all.
    """
    matched = pd.to_numeric(frame["wage_records"], errors="coerce").fillna(0).to_numpy() > 0
    if coverage.last_quarter is None or coverage.first_quarter is None:
        reachable = early = gap = np.zeros(len(frame), dtype=bool)
    else:
        quarter = frame["exit_quarter"].to_numpy() + quarters_after_exit
        early = quarter < coverage.first_quarter
        reachable = quarter <= coverage.last_quarter
        gap = np.isin(quarter, list(coverage.missing_quarters))
    status = np.where(~matched, NOT_MATCHED, np.where(early, BEFORE_DATA, np.where(
        gap, NOT_LOADED, np.where(reachable, OBSERVED, NOT_YET))))
    return pd.Series(status, index=frame.index, dtype=object)


def pre_program_status(frame: pd.DataFrame, coverage: Coverage) -> pd.Series:
    """Per participant: are the 4 quarters before the entry quarter inside the data, each of them loaded?
    (``observed`` or a reason: ``quarter not loaded`` when one of them holds no record of anyone)."""
    matched = pd.to_numeric(frame["wage_records"], errors="coerce").fillna(0).to_numpy() > 0
    if coverage.first_quarter is None:
        inside = gap = np.zeros(len(frame), dtype=bool)
    else:
        entry = frame["entry_quarter"].to_numpy()
        inside = entry - 4 >= coverage.first_quarter
        gap = np.zeros(len(frame), dtype=bool)
        for quarter in coverage.missing_quarters:
            gap |= (entry - 4 <= quarter) & (quarter <= entry - 1)
    status = np.where(~matched, NOT_MATCHED, np.where(inside, np.where(gap, NOT_LOADED, OBSERVED), BEFORE_DATA))
    return pd.Series(status, index=frame.index, dtype=object)


def quarter_earnings(frame: pd.DataFrame, coverage: Coverage, quarters_after_exit: int) -> pd.Series:
    """UI earnings in the quarter ``quarters_after_exit`` (2 or 4) after exit; 0 for an observable quarter without
    a record; missing (NaN) when the quarter is not observable (see ``follow_up_status``)."""
    earnings = pd.to_numeric(frame[f"q{quarters_after_exit}_earnings"], errors="coerce").astype(float)
    observed = follow_up_status(frame, coverage, quarters_after_exit) == OBSERVED
    return earnings.fillna(0.0).where(observed)


def employed_after_exit(frame: pd.DataFrame, coverage: Coverage, quarters_after_exit: int) -> pd.Series:
    """Per participant: employed (earnings > 0) in the quarter ``quarters_after_exit`` after exit; NA when that
    quarter is not observable."""
    earnings = quarter_earnings(frame, coverage, quarters_after_exit)
    return (earnings > 0).astype("boolean").mask(earnings.isna())


def retained_with_employer(frame: pd.DataFrame, coverage: Coverage) -> pd.Series:
    """Per participant employed in the 2nd quarter after exit: employed by the same employer in the 4th quarter too.

    True when the 4th quarter's earnings are > 0 and an employer account that paid the person in the 2nd quarter
    pays them in the 4th too (a person with two employers in a quarter is retained when either account is present
    in both quarters; see ``employer_accounts``); False otherwise; NA for people not employed in the 2nd quarter,
    whose 4th quarter is not observable, or with no 2nd-quarter employer account recorded (retention cannot be told).
    """
    q2 = employed_after_exit(frame, coverage, 2)
    q4_earnings = quarter_earnings(frame, coverage, 4)
    q2_accounts, q4_accounts = employer_accounts(frame, 2), employer_accounts(frame, 4)
    shared = pd.Series([bool(a & b) for a, b in zip(q2_accounts, q4_accounts, strict=True)], index=frame.index)
    same = (q4_earnings > 0) & shared
    known = q2.fillna(False).astype(bool) & q4_earnings.notna() & q2_accounts.map(bool)
    return same.astype("boolean").where(known, pd.NA)


def employer_accounts(frame: pd.DataFrame, quarters_after_exit: int) -> pd.Series:
    """Per participant: the set of employer accounts (UI accounts) that paid them in the quarter
    ``quarters_after_exit`` after exit, from ``q{n}_employer_ids`` (every account) where the frame has it, else from
    ``q{n}_employer_id`` (one account). Empty set when none is recorded."""
    many = f"q{quarters_after_exit}_employer_ids"
    if many in frame.columns:
        values: Iterable = frame[many]
        return pd.Series([_as_set(v) for v in values], index=frame.index, dtype=object)
    one = frame[f"q{quarters_after_exit}_employer_id"]
    return pd.Series([set() if pd.isna(v) else {v} for v in one], index=frame.index, dtype=object)


def _as_set(value: object) -> set:
    if not isinstance(value, list | tuple | set | np.ndarray):
        return set()  # None, NaN or NA: no account recorded
    return {item for item in value if isinstance(item, str)}


def pre_program_quarterly_earnings(frame: pd.DataFrame, coverage: Coverage) -> pd.Series:
    """Per participant: mean UI earnings of the 4 quarters before the entry quarter (quarters without a record count
    as 0); NaN for people without wage records or whose 4 quarters start before the data."""
    total = pd.to_numeric(frame["pre_earnings_total"], errors="coerce").astype(float).fillna(0.0)
    observed = pre_program_status(frame, coverage) == OBSERVED
    return (total / 4).where(observed)


def participant_indicators(frame: pd.DataFrame, coverage: Coverage) -> pd.DataFrame:
    """The per-participant inputs of every indicator, aligned with ``frame``'s index.

    Columns: ``q2_status``/``q4_status`` (see ``follow_up_status``), ``pre_status`` (see ``pre_program_status``),
    ``employed_q2``/``employed_q4`` (nullable booleans), ``earnings_q2`` (earnings when employed in the 2nd quarter,
    else NaN), ``retained_q4`` (see ``retained_with_employer``), ``pre_earnings`` (pre-program quarterly mean) and
    ``earnings_change`` (2nd-quarter earnings, 0 when not employed, minus the pre-program quarterly mean; NaN unless
    both are observable).
    """
    q2_earnings = quarter_earnings(frame, coverage, 2)
    pre = pre_program_quarterly_earnings(frame, coverage)
    return pd.DataFrame({
        "q2_status": follow_up_status(frame, coverage, 2),
        "q4_status": follow_up_status(frame, coverage, 4),
        "pre_status": pre_program_status(frame, coverage),
        "employed_q2": employed_after_exit(frame, coverage, 2),
        "employed_q4": employed_after_exit(frame, coverage, 4),
        "earnings_q2": q2_earnings.where(q2_earnings > 0),
        "retained_q4": retained_with_employer(frame, coverage),
        "pre_earnings": pre,
        "earnings_change": q2_earnings - pre,
    }, index=frame.index)


def _counts(status: pd.Series) -> dict[str, int]:
    return {"not_yet": int((status == NOT_YET).sum()), "not_matched": int((status == NOT_MATCHED).sum()),
            "before_data": int((status == BEFORE_DATA).sum()), "not_loaded": int((status == NOT_LOADED).sum())}


def employment_rate(indicators: pd.DataFrame, quarters_after_exit: int) -> Indicator:
    """Employment rate in the 2nd or 4th quarter after exit: employed / observable participants.

    Numerator: matched participants with earnings > 0 in the quarter; denominator: matched participants whose quarter
    is in the data. NaN (n = 0) when nobody is observable. Sectorscope's own measure, modelled on WIOA primary
    indicators 1 and 2 but not them: it leaves out people without wage records (``wioa_exiter_outcomes`` counts them).
    """
    flags = indicators[f"employed_q{quarters_after_exit}"].dropna()
    counts = _counts(indicators[f"q{quarters_after_exit}_status"])
    value = float(flags.astype(bool).mean()) if len(flags) else math.nan
    return Indicator(len(flags), value, **counts)


def median_earnings_q2(indicators: pd.DataFrame) -> Indicator:
    """Median UI earnings in the 2nd quarter after exit among participants employed then (earnings > 0).

    Sectorscope's own measure (calendar years, wage records only), modelled on WIOA primary indicator 3. NaN (n = 0)
    when nobody observable was employed; ``other_excluded`` counts the observable participants who were not
    employed.
    """
    earnings = indicators["earnings_q2"].dropna()
    not_employed = int((indicators["employed_q2"] == False).sum())  # noqa: E712 (nullable booleans)
    value = float(earnings.median()) if len(earnings) else math.nan
    return Indicator(len(earnings), value, other_excluded=not_employed, **_counts(indicators["q2_status"]))


def retention_rate(indicators: pd.DataFrame) -> Indicator:
    """Retention with the same employer in the 2nd and 4th quarters after exit.

    Numerator: participants employed in the 2nd quarter and by the same employer (same UI account) in the 4th;
    denominator: participants employed in the 2nd quarter whose 4th quarter is in the data and whose 2nd-quarter
    employer is known. Sectorscope's own measure, modelled on WIOA's effectiveness in serving employers (20 CFR
    677.155(a)(1)(iv)) but without its exclusions and supplemental information (the WIOA indicator is
    ``wioa_exiter_outcomes``' ``retained``). NaN (n = 0) when no employer ids are recorded. Left out, of those
    employed in the 2nd quarter: ``not_yet``, whose 4th quarter is not in the data yet, and ``other_excluded``,
    whose 2nd-quarter employer is not recorded (people without wage records are not employed in the 2nd quarter,
    so none is left out for that).
    """
    flags = indicators["retained_q4"].dropna()
    value = float(flags.astype(bool).mean()) if len(flags) else math.nan
    employed = as_boolean(indicators["employed_q2"]).fillna(False).astype(bool)
    status = indicators["q4_status"]
    unknown = (indicators["q2_status"] == NOT_LOADED) | (employed & (status == NOT_LOADED))
    return Indicator(len(flags), value, not_yet=int((employed & (status == NOT_YET)).sum()),
                     other_excluded=int((employed & (status == OBSERVED) & indicators["retained_q4"].isna()).sum()),
                     not_loaded=int(unknown.sum()))


def pre_program_earnings(indicators: pd.DataFrame) -> Indicator:
    """Mean over participants whose earnings change is counted (``earnings_change``) of their pre-program quarterly
    earnings (mean of the 4 quarters before entry, 0 for quarters without pay): the same people as the change.
    Participants without wage records or whose 4 quarters start before the data are left out (``other_excluded``
    counts the latter). NaN (n = 0) when nobody is left."""
    values = indicators.loc[indicators["earnings_change"].notna(), "pre_earnings"].dropna()
    value = float(values.mean()) if len(values) else math.nan
    status = indicators["pre_status"]
    return Indicator(len(values), value, not_matched=int((status == NOT_MATCHED).sum()),
                     other_excluded=int((status == BEFORE_DATA).sum()), not_loaded=int((status == NOT_LOADED).sum()))


def earnings_change(indicators: pd.DataFrame) -> Indicator:
    """Median change in quarterly earnings: 2nd quarter after exit (0 when not employed) minus the pre-program
    quarterly mean, among participants with both observable. NaN (n = 0) when nobody has both.

    ``before_data`` counts people whose pre-program quarters (and maybe their 2nd quarter after exit) start
    before the data, unless their 2nd quarter is not yet in the data (``not_yet``).
    """
    values = indicators["earnings_change"].dropna()
    value = float(values.median()) if len(values) else math.nan
    q2, pre = indicators["q2_status"], indicators["pre_status"]
    early = int(((q2 != NOT_YET) & (pre == BEFORE_DATA)).sum())
    unloaded = int((((q2 == NOT_LOADED) & (pre != BEFORE_DATA)) | ((q2 == OBSERVED) & (pre == NOT_LOADED))).sum())
    counts = _counts(q2) | {"before_data": early, "not_loaded": unloaded}
    return Indicator(len(values), value, **counts)


# --- The Worker page's figures --------------------------------------------------------------------------------

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
    (``individual_wage_gains`` and ``participant_indicators``) added as columns."""
    gains = individual_wage_gains(frame["pre_hourly_wage"], frame["post_hourly_wage"], frame["completed"])
    return pd.concat([frame, gains, participant_indicators(frame, coverage)], axis=1)


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
    among observable people, see ``employment_rate``); earnings_q2_n and median_earnings_q2 (among people
    employed then); small_n (gain_n above 0 and below ``SMALL_N``). Missing group values become "not recorded".
    Rates are NaN where their n is 0. The exiters of all groups add up to the rows of ``people``.
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
    out["small_n"] = (out["gain_n"] > 0) & (out["gain_n"] < SMALL_N)
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
        employed_q2=employment_rate(people, 2),
        employed_q4=employment_rate(people, 4),
        earnings_q2=median_earnings_q2(people),
        retained=retention_rate(people),
        pre_earnings=pre_program_earnings(people),
        earnings_change=earnings_change(people),
        mean_earnings_change=float(people["earnings_change"].dropna().mean()) if people["earnings_change"].notna().any()
        else math.nan,
        conditions=tuple((label, before_after(people[before], people[after]))
                         for label, (before, after, _) in CONDITIONS.items()),
    )


def alike_completers(rows: int) -> pd.DataFrame:
    """``rows`` people who all completed with a credential, $15.00 -> $17.50 an hour, out of poverty and into jobs
    with health insurance and paid sick leave: the fewest columns ``headline_figures`` reads."""
    return pd.DataFrame({
        "participant_id": [f"X{i}" for i in range(rows)], "pre_hourly_wage": [15.0] * rows,
        "post_hourly_wage": [17.5] * rows, "completed": [True] * rows, "credential_earned": [True] * rows,
        "below_poverty_before": [True] * rows, "below_poverty_after": [False] * rows,
        "health_insurance_before": [False] * rows, "health_insurance_after": [True] * rows,
        "paid_sick_leave_before": [False] * rows, "paid_sick_leave_after": [True] * rows,
    })
