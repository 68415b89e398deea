"""WIOA-style indicators from quarterly UI wage records: employment and earnings after exit, retention, pre-program
earnings.

Definitions follow the primary indicators of performance of the Workforce Innovation and Opportunity Act (WIOA section
116(b)(2)(A); 20 CFR 677.155; U.S. DOL TEGL 10-16 and its changes), applied to the state's own wage records:

- quarters are numbered ``year * 4 + quarter - 1`` so that consecutive quarters differ by one; the *exit quarter* is
  the calendar quarter of the exit date and "the 2nd quarter after exit" is exit quarter + 2;
- a participant is **employed** in a quarter when the wage records show earnings > 0 in it;
- a participant with no wage record at all is *not matched* to the wage records (the state may not hold their
  records): left out of every indicator and counted as such;
- a matched participant whose quarter lies after the last quarter in the data is *not yet observable* for that
  indicator: left out and counted as such, never treated as not employed. A matched participant with no record for an
  observable quarter had no UI-covered earnings in it (UI wage files hold no rows for quarters without pay).

The frame these functions take has one row per participant (``queries/worker_outcomes.sql``): ``entry_quarter``,
``exit_quarter``, ``wage_records`` (how many records the person has in all), ``pre_quarters_recorded`` and
``pre_earnings_total`` (the 4 quarters before the entry quarter), ``q2_earnings``/``q2_employer_id`` and
``q4_earnings``/``q4_employer_id`` (the 2nd and 4th quarters after the exit quarter; empty without a record).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

OBSERVED = "observed"
NOT_YET = "not yet in the data"
NOT_MATCHED = "no wage records"
BEFORE_DATA = "before the data starts"


@dataclass(frozen=True)
class Coverage:
    """The quarters the wage records cover, numbered ``year * 4 + quarter - 1`` (None when there are none)."""

    first_quarter: int | None
    last_quarter: int | None

    @classmethod
    def from_row(cls, row: pd.Series) -> Coverage:
        """Coverage from the one row of ``queries/wage_record_coverage.sql``."""
        def known(value: object) -> int | None:
            return None if pd.isna(value) else int(value)

        return cls(known(row["first_quarter"]), known(row["last_quarter"]))

    @property
    def label(self) -> str:
        """E.g. "2014 Q1 to 2025 Q4", or "no wage records"."""
        if self.first_quarter is None or self.last_quarter is None:
            return "no wage records"
        return f"{quarter_label(self.first_quarter)} to {quarter_label(self.last_quarter)}"


@dataclass(frozen=True)
class Indicator:
    """One indicator's value, the people it rests on (``n``) and the people left out, by reason."""

    n: int
    value: float
    not_yet: int = 0
    not_matched: int = 0
    other_excluded: int = 0


def quarter_index(year: int, quarter: int) -> int:
    """Number of a calendar quarter: year * 4 + quarter - 1 (2024 Q1 -> 8096)."""
    return year * 4 + quarter - 1


def quarter_label(index: int) -> str:
    """"2024 Q1" for 8096."""
    return f"{index // 4} Q{index % 4 + 1}"


def follow_up_status(frame: pd.DataFrame, coverage: Coverage, quarters_after_exit: int) -> pd.Series:
    """Per participant: is the quarter ``quarters_after_exit`` after the exit quarter observable?

    ``observed`` when the person has wage records and that quarter is at or before the last quarter in the data;
    ``not yet in the data`` when it lies after it; ``no wage records`` when the person has none at all.
    """
    matched = pd.to_numeric(frame["wage_records"], errors="coerce").fillna(0).to_numpy() > 0
    if coverage.last_quarter is None:
        reachable = np.zeros(len(frame), dtype=bool)
    else:
        reachable = frame["exit_quarter"].to_numpy() + quarters_after_exit <= coverage.last_quarter
    status = np.where(~matched, NOT_MATCHED, np.where(reachable, OBSERVED, NOT_YET))
    return pd.Series(status, index=frame.index, dtype=object)


def pre_program_status(frame: pd.DataFrame, coverage: Coverage) -> pd.Series:
    """Per participant: are the 4 quarters before the entry quarter inside the data? (``observed`` or a reason)."""
    matched = pd.to_numeric(frame["wage_records"], errors="coerce").fillna(0).to_numpy() > 0
    if coverage.first_quarter is None:
        inside = np.zeros(len(frame), dtype=bool)
    else:
        inside = frame["entry_quarter"].to_numpy() - 4 >= coverage.first_quarter
    status = np.where(~matched, NOT_MATCHED, np.where(inside, OBSERVED, BEFORE_DATA))
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

    True when the 4th quarter's earnings are > 0 and its employer id equals the 2nd quarter's; False otherwise; NA
    for people not employed in the 2nd quarter, whose 4th quarter is not observable, or whose 2nd-quarter employer
    id is unknown (then retention cannot be told).
    """
    q2 = employed_after_exit(frame, coverage, 2)
    q4_earnings = quarter_earnings(frame, coverage, 4)
    q2_employer = frame["q2_employer_id"].astype(object)
    q4_employer = frame["q4_employer_id"].astype(object)
    same = (q4_earnings > 0) & q4_employer.notna() & (q2_employer == q4_employer)
    known = q2.fillna(False).astype(bool) & q4_earnings.notna() & q2_employer.notna()
    return same.astype("boolean").where(known, pd.NA)


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
    return {"not_yet": int((status == NOT_YET).sum()), "not_matched": int((status == NOT_MATCHED).sum())}


def employment_rate(indicators: pd.DataFrame, quarters_after_exit: int) -> Indicator:
    """Employment rate in the 2nd or 4th quarter after exit: employed / observable participants.

    Numerator: matched participants with earnings > 0 in the quarter; denominator: matched participants whose quarter
    is in the data. NaN (n = 0) when nobody is observable. WIOA primary indicators 1 and 2.
    """
    flags = indicators[f"employed_q{quarters_after_exit}"].dropna()
    counts = _counts(indicators[f"q{quarters_after_exit}_status"])
    value = float(flags.astype(bool).mean()) if len(flags) else math.nan
    return Indicator(len(flags), value, **counts)


def median_earnings_q2(indicators: pd.DataFrame) -> Indicator:
    """Median UI earnings in the 2nd quarter after exit among participants employed then (earnings > 0).

    WIOA primary indicator 3. NaN (n = 0) when nobody observable was employed; ``other_excluded`` counts the
    observable participants who were not employed.
    """
    earnings = indicators["earnings_q2"].dropna()
    not_employed = int((indicators["employed_q2"] == False).sum())  # noqa: E712 (nullable booleans)
    value = float(earnings.median()) if len(earnings) else math.nan
    return Indicator(len(earnings), value, other_excluded=not_employed, **_counts(indicators["q2_status"]))


def retention_rate(indicators: pd.DataFrame) -> Indicator:
    """Retention with the same employer in the 2nd and 4th quarters after exit.

    Numerator: participants employed in the 2nd quarter and by the same employer (same UI account) in the 4th;
    denominator: participants employed in the 2nd quarter whose 4th quarter is in the data and whose 2nd-quarter
    employer is known (WIOA effectiveness in serving employers, 20 CFR 677.155(a)(1)(iv)). NaN (n = 0) when no
    employer ids are recorded. ``not_yet`` counts everyone whose 4th quarter is not in the data yet.
    """
    flags = indicators["retained_q4"].dropna()
    value = float(flags.astype(bool).mean()) if len(flags) else math.nan
    return Indicator(len(flags), value, **_counts(indicators["q4_status"]))


def pre_program_earnings(indicators: pd.DataFrame) -> Indicator:
    """Mean over participants of their pre-program quarterly earnings (mean of the 4 quarters before entry, 0 for
    quarters without pay). Participants without wage records or whose 4 quarters start before the data are left
    out (``other_excluded`` counts the latter). NaN (n = 0) when nobody is left."""
    values = indicators["pre_earnings"].dropna()
    value = float(values.mean()) if len(values) else math.nan
    status = indicators["pre_status"]
    return Indicator(len(values), value, not_matched=int((status == NOT_MATCHED).sum()),
                     other_excluded=int((status == BEFORE_DATA).sum()))


def earnings_change(indicators: pd.DataFrame) -> Indicator:
    """Median change in quarterly earnings: 2nd quarter after exit (0 when not employed) minus the pre-program
    quarterly mean, among participants with both observable. NaN (n = 0) when nobody has both.

    ``other_excluded`` counts people whose 2nd quarter is observable but whose pre-program quarters start before
    the data.
    """
    values = indicators["earnings_change"].dropna()
    value = float(values.median()) if len(values) else math.nan
    early = int(((indicators["q2_status"] == OBSERVED) & (indicators["pre_status"] == BEFORE_DATA)).sum())
    return Indicator(len(values), value, other_excluded=early, **_counts(indicators["q2_status"]))
