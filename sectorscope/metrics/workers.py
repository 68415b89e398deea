"""Worker outcome metrics: wage gains and conditions before and after training."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectorscope import references
from sectorscope.metrics import wioa
from sectorscope.metrics.common import Share
from sectorscope.metrics.privacy import suppress_counts
from sectorscope.references import Reference
from sectorscope.rounding import half_up_array


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


@dataclass(frozen=True)
class HeadlineFigures:
    """The exiters' headline figures on the Overview, a partnership's profile and the decks, computed in DuckDB
    (``queries/worker_headline_figures.sql``; ``tests/worker_reference.py`` computes the same from one row per
    exiter, and the tests hold the two equal).

    wage: post - pre hourly wage among completers with both wages (mean, median, median of gain / pre over pre > 0;
    the published reference is +$2.00 per hour on average, Public/Private Ventures); completion: among exiters whose
    completion is known; credential: among completers whose credential is known; poverty, insurance, sick_leave:
    shares before and after among people with both answers (a paired comparison; references 64% -> 35% below
    poverty, 49% -> 73% employer health insurance, 35% -> 58% paid sick leave); left_poverty: below the poverty
    level before and not after.
    """

    exiters: int
    wage: WageGain
    completion: Share
    credential: Share
    poverty: BeforeAfter
    insurance: BeforeAfter
    sick_leave: BeforeAfter
    left_poverty: int
    trained_by: int = 0  # the partnerships that trained the exiters (0: not counted)
    no_county: int = 0  # exiters with no county recorded: counted in the state's figures, in no place's


def headline_figures_of_row(row: pd.Series) -> HeadlineFigures:
    """``HeadlineFigures`` from the one row of ``worker_headline_figures`` (NaN where a figure rests on no one)."""
    def count(column: str) -> int:
        return int(row[column])

    def before_after(prefix: str) -> BeforeAfter:
        n = count(f"{prefix}_n")
        return BeforeAfter(n, _number(row[f"{prefix}_before"]) if n else math.nan,
                           _number(row[f"{prefix}_after"]) if n else math.nan)

    return HeadlineFigures(
        exiters=count("exiters"),
        wage=WageGain(count("wage_n"), _number(row["mean_gain"]), _number(row["median_gain"]),
                      _number(row["median_pct_gain"])),
        completion=Share(count("completion_n"), _number(row["completion_share"])),
        credential=Share(count("credential_n"), _number(row["credential_share"])),
        poverty=before_after("poverty"), insurance=before_after("insurance"), sick_leave=before_after("sick_leave"),
        left_poverty=count("left_poverty"),
        trained_by=count("trained_by") if "trained_by" in row.index else 0,
        no_county=count("no_county") if "no_county" in row.index else 0,
    )


# --- Wage gains with an interval, per person and per group ---------------------------------------------------------

SMALL_N = 30  # groups resting on fewer people are flagged: their interval is wide and their median moves easily
SMALL_N_NOTE = " · small n: read with care"  # the flag, where a figure on fewer than SMALL_N people is shown
SMALL_N_HEADING = f"Small n (< {SMALL_N})"  # a table's column flagging them (``is_small_n``), in every CSV


def is_small_n(n: float | None) -> bool:
    """Does a figure shown rest on fewer than ``SMALL_N`` people (and on some)? Flagged on every surface: the Worker
    page, the Overview, decks, one-pagers, charts and the Showcase."""
    return n is not None and 0 < n < SMALL_N
CONFIDENCE = 0.95  # of the interval around a median


@dataclass(frozen=True)
class WageGainSummary:
    """Hourly wage gain among completers with both wages: mean and median in dollars and percent, the count and a
    95% order-statistic interval for the median gain (``queries/worker_group_outcomes.sql``)."""

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
        return is_small_n(self.n)


GROUP_COLUMNS = (
    "exiters", "completion_rate", "completers", "credential_rate", "in_sector_n", "in_sector_rate",
    "gain_n", "median_gain", "median_gain_low", "median_gain_high", "mean_gain", "median_pct_gain",
    "employed_q2_n", "employed_q2_rate", "employed_q4_n", "employed_q4_rate", "earnings_q2_n", "median_earnings_q2",
    "small_n",
)
GROUP_COUNTS = ("exiters", "completers", "in_sector_n", "gain_n", "employed_q2_n", "employed_q4_n", "earnings_q2_n")
NOT_RECORDED = "not recorded"


def with_gaps(groups: pd.DataFrame, overall: pd.DataFrame) -> pd.DataFrame:
    """Groups with their gap to the overall figure, as the two are shown (so that they subtract): ``gain_gap`` =
    median_gain - overall median gain, in cents, and ``employed_q2_gap`` = employed_q2_rate - overall rate, in whole
    percents, as a fraction (a 12.5% group against a 50% overall is 13% against 50%: -0.37, where the raw difference
    read "-38 pts"). ``overall`` is ``groups_of(figures, EVERYONE)``, one row."""
    row = overall.iloc[0]

    def cents(values) -> np.ndarray:
        return half_up_array(np.asarray(values, dtype="float64"), 2)

    def percents(values) -> np.ndarray:
        return half_up_array(np.asarray(values, dtype="float64") * 100)

    return groups.assign(
        gain_gap=np.round(cents(groups["median_gain"]) - cents([row["median_gain"]])[0], 2),
        employed_q2_gap=(percents(groups["employed_q2_rate"]) - percents([row["employed_q2_rate"]])[0]) / 100)


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
# Each condition's card, the same words on the Overview, the Worker page, decks, one-pagers and presentation (the
# Worker page said "Below the poverty level, after" beside the Overview's "Below poverty after"); short enough for a
# quarter-width card at 1400 px ("Employer health insurance after" was cut off there), and saying whose insurance it
# counts ("Health insurance after" read as any insurance, where the records ask about employer-offered insurance).
CONDITION_CARD_LABELS = {"Below the poverty level": "Below poverty after",
                         "Employer health insurance": "Employer insurance after",
                         "Paid sick leave": "Paid sick leave after"}


def conditions_table(results: tuple[tuple[str, BeforeAfter], ...]) -> pd.DataFrame:
    """One row per condition of ``CONDITIONS`` from its result: n (people with both answers), before, after and
    change (shares, as ``before_after``), with the published before and after shares."""
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
    for count, dependent in DEPENDENT_FIGURES.items():
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


# each count and the figures resting on it (a figure over no one is empty; a hidden count hides them)
DEPENDENT_FIGURES = {
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
# the groupings ``worker_group_outcomes`` is asked for ($groupings): everyone always, for the cards
ALL_GROUPINGS = (EVERYONE, *GROUPINGS)
BY_PLACE = (EVERYONE, "sector_code", "county_fips", "partnership_id")  # the Worker page's first tab, where it opens
BY_PERSON = (EVERYONE, "gender", "race_ethnicity", "age_band")
BY_EXIT_YEAR = (EVERYONE, "exit_year")
# a deck's: its cards, gains by sector, else by exit year, else (one sector and one year) by partnership
BY_SECTOR_OR_YEAR = (EVERYONE, "sector_code", "exit_year", "partnership_id")
# what each tab of the Worker page asks for, in its tabs' order (the last two tabs show everyone's figures alone)
PAGE_GROUPINGS = (BY_PLACE, BY_PERSON, BY_EXIT_YEAR, (EVERYONE,))
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
    mean_earnings_change: float  # over the people of ``earnings_change`` (its value is their median)
    conditions: tuple[tuple[str, BeforeAfter], ...]


def _number(value: object) -> float:
    return math.nan if value is None or pd.isna(value) else float(value)


def figures_of_row(row: pd.Series) -> WorkerFigures:
    """The card figures from one row of ``queries/worker_group_outcomes.sql`` (computed in DuckDB;
    ``tests/worker_reference.py`` computes the same from one row per exiter, and the tests hold the two equal)."""
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
                              not_matched="q2_not_matched", before_data="q2_before_data", not_loaded="q2_not_loaded"),
        employed_q4=indicator("employed_q4_n", "employed_q4_rate", not_yet="q4_not_yet",
                              not_matched="q4_not_matched", before_data="q4_before_data", not_loaded="q4_not_loaded"),
        earnings_q2=indicator("earnings_q2_n", "median_earnings_q2", other_excluded="not_employed_q2",
                              not_yet="q2_not_yet", not_matched="q2_not_matched", before_data="q2_before_data",
                              not_loaded="q2_not_loaded"),
        retained=indicator("retained_n", "retained_rate", not_yet="retained_not_yet",
                           other_excluded="retained_no_employer", not_loaded="retained_not_loaded"),
        pre_earnings=indicator("pre_earnings_n", "mean_pre_earnings", not_matched="pre_not_matched",
                               other_excluded="pre_before_data", not_loaded="pre_not_loaded"),
        earnings_change=indicator("earnings_change_n", "median_earnings_change",
                                  before_data="earnings_change_early", not_yet="q2_not_yet",
                                  not_matched="q2_not_matched", not_loaded="earnings_change_not_loaded"),
        mean_earnings_change=_number(row["mean_earnings_change"]) if count("earnings_change_n") else math.nan,
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
    recorded", exit years as numbers), sorted by the group value as text."""
    rows = figures[figures["grouping"] == by]
    keys = rows["group_value"].astype(object)
    if by == "exit_year":
        keys = keys.map(lambda year: int(year) if isinstance(year, str) else year)
    out = rows.assign(**{by: keys.where(keys.notna(), NOT_RECORDED)})
    return out.sort_values(by, key=lambda column: column.map(str), ignore_index=True)


def groups_of(figures: pd.DataFrame, by: str) -> pd.DataFrame:
    """The rows of one grouping of ``worker_group_outcomes`` one row per group with
    ``GROUP_COLUMNS`` (as ``tests/worker_reference.outcomes_by`` computes them in pandas)."""
    out = _rows(figures, by)[[by, *GROUP_COLUMNS[:-1]]]
    # no one is not a small group (the flag read True on a county of 0 completers; is_small_n, as the cards say)
    out = out.assign(small_n=(out["gain_n"] > 0) & (out["gain_n"] < SMALL_N))
    out[list(GROUP_COUNTS)] = out[list(GROUP_COUNTS)].astype("int64")
    return out


def conditions_of_row(row: pd.Series) -> pd.DataFrame:
    """The before -> after table (``conditions_table``) from one row of ``worker_group_outcomes``."""
    return conditions_table(figures_of_row(row).conditions)


def spread_of(figures: pd.DataFrame, by: str) -> pd.DataFrame:
    """The spread of wage gains by group from ``worker_group_outcomes``: the groups with any gain, n and the 10th,
    25th, 50th, 75th and 90th percentiles (linear interpolation between ranks, as pandas)."""
    rows = _rows(figures, by)
    rows = rows[rows["gain_n"] > 0]
    return pd.DataFrame({by: rows[by].to_numpy(), "n": rows["gain_n"].astype("int64").to_numpy(),
                         "p10": rows["gain_p10"].to_numpy(), "p25": rows["gain_p25"].to_numpy(),
                         "median": rows["median_gain"].to_numpy(), "p75": rows["gain_p75"].to_numpy(),
                         "p90": rows["gain_p90"].to_numpy()})
