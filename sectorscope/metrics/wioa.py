"""Indicators from quarterly UI wage records: Sectorscope's own employment, earnings and retention measures after
exit, and the WIOA primary indicators of performance as the U.S. Department of Labor defines them.

Definitions follow the primary indicators of performance of the Workforce Innovation and Opportunity Act (WIOA section
116(b)(2)(A); 20 CFR 677.155; U.S. DOL TEGL 10-16 and its changes), applied to the state's own wage records:

- quarters are numbered ``year * 4 + quarter - 1`` so that consecutive quarters differ by one; the *exit quarter* is
  the calendar quarter of the exit date and "the 2nd quarter after exit" is exit quarter + 2;
- a participant is **employed** in a quarter when the wage records show earnings > 0 in it;
- a participant with no wage record at all is *not matched* to the wage records (the state may not hold their
  records): left out of every indicator and counted as such;
- a matched participant whose quarter lies after the last quarter in the data is *not yet observable* for that
  indicator: left out and counted as such, never treated as not employed. A matched participant with no record for an
  observable quarter had no UI-covered earnings in it (UI wage files hold no rows for quarters without pay);
- a participant whose quarter lies before the first quarter in the data is *before the data starts* for that
  indicator: left out and counted as such (a state may load only its recent UI quarters: an earlier quarter is
  unknown, not a quarter without pay).
- a participant whose quarter lies inside the span of the data but is a quarter with no wage record at all (a
  quarter the state never loaded: ``Coverage.missing_quarters``) is *quarter not loaded* for that indicator: unknown,
  never a quarter without pay. The Worker page's own measures leave such people out and count them; a WIOA rate
  whose cohort holds any is withheld, as one whose cohort is not all in the data yet, and its note names the
  quarter.

The frame these functions take has one row per participant (``queries/worker_outcomes.sql``): ``entry_quarter``,
``exit_quarter``, ``wage_records`` (how many records the person has in all), ``pre_quarters_recorded`` and
``pre_earnings_total`` (the 4 quarters before the entry quarter), ``q2_earnings``/``q2_employer_id`` and
``q4_earnings``/``q4_employer_id`` (the 2nd and 4th quarters after the exit quarter; empty without a record),
optionally ``q2_employer_ids``/``q4_employer_ids`` (every employer account that paid the person in the quarter).

Two families live here, and the page labels them apart:

1. **Sectorscope's wage-record measures**: calendar exit years, among people *with* wage records, computed in DuckDB
   (the ``exiters_with_wages`` macro and ``queries/worker_group_outcomes.sql``; ``tests/worker_reference.py`` states
   them per person in pandas, and the tests hold the two equal). They are not the WIOA indicators and are never
   labelled WIOA.
2. **The WIOA primary indicators as the U.S. Department of Labor defines them** (``wioa_exiter_outcomes``,
   ``skill_gain_outcomes``, ``wioa_indicators``): by program year (July-June), exiters without any wage record counted
   as not employed unless supplemental wage information shows employment, the credential rate among exiters who were
   in training other than on-the-job and customized training (and not in pre-employment services alone, which WIOA
   counts as career services: sec. 134(c)(2)(A)(xii), 20 CFR 680.150), and the standard exclusions.

   Primary source, read for every definition below: the joint DOL/ED "Performance Accountability Guidance for
   Workforce Innovation and Opportunity Act (WIOA) Core Programs" as the Department of Education issued it,
   RSA-TAC-17-01 of June 11, 2024 ("developed jointly by the U.S. Departments of Labor (DOL) and Education";
   ETA "will update ... TEGL 10-16 to be consistent"), read in the copy at github.com/curtcox/
   statute-legislation-and-policy, rsa_guidance/markdown/TAC-17-01.md; cited below as "the joint guidance":

   - employment rate 2nd/4th quarter after exit (sec. A and B, Methodology): "The number of participants who exited
     during the reporting period who are found to be employed, either through direct UI wage record match, Federal
     or military employment records, or supplemental wage information, in the second quarter after the exit quarter
     DIVIDED by the number of participants who exited during the reporting period". No record means not employed
     (sec. C): "After two quarters, if a direct wage record match or supplemental wage information is still not
     available, wages will be converted to $0 permanently"; a quarter not in the data yet leaves the person out:
     "participants who have exited a program, but for whom exit-based information ... is not yet available, are not
     included in performance calculations until such data subsequently become available";
   - median earnings 2nd quarter after exit (sec. C): "the median earnings of program participants who are in
     unsubsidized employment during the second quarter after exit", by wage record or supplemental information;
   - credential attainment (sec. D): the denominator is "the number of participants enrolled in an education or
     training program (excluding those in OJT and customized training) who exited during the reporting period",
     the numerator those who "obtained a recognized postsecondary credential during the program or within one year
     after exit"; they are "included in the credential attainment denominator once they have reached one year
     after exit";
   - measurable skill gains (sec. E; 20 CFR 677.155(a)(1)(v)): "Participants who, during any point in the program
     year, are in an education or training program ... are included in the denominator", exited or not, and
     "participants are only included in the numerator one time per reporting period (i.e., program year),
     regardless of how many skill gains they achieve"; exclusions of Tables A and B;
   - effectiveness in serving employers, retention with the same employer (sec. F): "The number of participants who
     exit during the reporting period and are found to be employed by the same employer during the second quarter
     after exit and the fourth quarter after exit, either through direct UI wage record match, Federal or military
     employment records, or supplemental wage information DIVIDED by the number of participants who exited during
     the reporting period and were employed during the second quarter after exit"; success needs "the same
     identifier (such as an employer Federal Employer Identification Number (FEIN) or State tax ID) in both the
     second and fourth quarters after exit" (PIRL 1618). Here only the wage records carry employer accounts, so a
     person employed in the 2nd quarter by supplemental information alone is in the denominator and cannot be a
     success; "States must not include (in either the numerator or denominator) those participants who exit during
     the reporting period for any of the reasons listed in Attachment II, Table A or Attachment II, Table C":
     Table A's exclusions apply to retention too (``is_excluded_from_retention``), foster care (Table B) does not;
   - exclusions (Attachment II): Table A, for adults, "incarcerated in a correctional institution or ... a resident
     of an institution or facility providing 24-hour support", "medical treatment ... expected to last longer than
     90 days", "deceased", "National Guard or other reserve military unit ... called to active duty for at least 90
     days"; Table B, for title I youth, the same and "in the foster care system ... and exits the program because
     the participant has moved from the local workforce area"; they apply to the employment rates (A; youth B),
     median earnings and credential rate (A to C), skill gains (A and B) and retention (A and C);
   - youth education or employment rate, Q2/Q4 (sec. A-1 and B-1): youth "found to be employed ... OR found to be
     enrolled in secondary education, postsecondary education, or occupational skills training (including advanced
     training) in the second quarter after the exit quarter DIVIDED by the number of title I Youth program
     participants who exited the program during the reporting period", for exiters the records mark as youth
     (``is_youth``) with education or training after exit recorded (``in_education_q2``/``_q4``);
   - program year: PY N runs from July 1 of N to June 30 of N + 1 (the guidance's example: a participant entering
     "on October 2, 2022 (PY22)" and "June 11, 2023 (PY22)", "the end of the program year (June 30, 2023)"); the
     annual report (ETA-9169) is due "by 11:59 p.m. local time on October 1" (joint RSA-TAC-20-02 of January 6,
     2025, same repository, "Sanctions for Failure to Report");
   - reporting windows of the annual report for PY N (``REPORT_WINDOWS``, ``cohort_period``, ``report_year``): each
     indicator counts its own exit cohort, the latest one whose outcome can be known by the report. Employment Rate
     (Q2), Median Earnings (Q2) and the youth rate (Q2): exits July 1 of N - 1 to June 30 of N; Employment Rate
     (Q4), Credential Rate, Retention with the Same Employer and the youth rate (Q4): exits January 1 to December 31
     of N - 1; Measurable Skill Gains: participants in training in PY N itself; Participants Exited: exits April 1
     of N to March 31 of N + 1. The joint guidance defers the dates to the ETA-9169 ("see ETA-9169 for
     specifications"); its "Annual Periods of Reporting" sheet (OMB 1205-0526, omb.report/icr/202411-1205-001/doc/
     150493800) could not be read through the tools at hand past its opening, nor TEGL 14-18 Appendix V. The Q2,
     Q4 and skill gains windows agree with a public summary of DOL's PY 2024 WIOA Annual Summary Report ("Served
     counts and skill gains cover July 2024 through June 2025; Q2 employment and earnings use July 2023 through June
     2024 exiters; Q4 employment and credentials use calendar-year 2023 exiters"); the Participants Exited window
     rests on FutureWork Systems (futureworksystems.com/docs/newTiming/flow.htm: "USDOL Exiters lag one quarter")
     and retention's on its being a 4th-quarter outcome, as in FutureWork's timing chart. These are secondary:
     check them against the sheet of the report you compare with.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectorscope import codes
from sectorscope.words import in_a_list

OBSERVED = "observed"
NOT_YET = "not yet in the data"
NOT_MATCHED = "no wage records"
BEFORE_DATA = "before the data starts"
NOT_LOADED = "quarter not loaded"  # inside the span of the wage records, but no record of that quarter at all


@dataclass(frozen=True)
class Coverage:
    """The quarters the wage records cover, numbered ``year * 4 + quarter - 1`` (None when there are none), and the
    quarters inside that span holding no wage record at all (``missing_quarters``: never loaded, not a quarter in
    which nobody was paid)."""

    first_quarter: int | None
    last_quarter: int | None
    missing_quarters: tuple[int, ...] = ()

    @classmethod
    def from_row(cls, row: pd.Series) -> Coverage:
        """Coverage from the one row of ``queries/wage_record_coverage.sql``."""
        def known(value: object) -> int | None:
            return None if value is None or (np.ndim(value) == 0 and pd.isna(value)) else int(value)

        missing = row.get("missing_quarters")
        missing = () if missing is None or np.ndim(missing) == 0 else tuple(sorted(int(q) for q in missing))
        return cls(known(row["first_quarter"]), known(row["last_quarter"]), missing)

    @property
    def label(self) -> str:
        """E.g. "2014 Q1 to 2025 Q4", "2014 Q1 to 2025 Q4 without 2019 Q3", or "no wage records"."""
        if self.first_quarter is None or self.last_quarter is None:
            return "no wage records"
        span = f"{quarter_label(self.first_quarter)} to {quarter_label(self.last_quarter)}"
        return f"{span} without {self.missing_label}" if self.missing_quarters else span

    @property
    def missing_label(self) -> str:
        """The quarters not loaded inside the span, in words: "2019 Q3", "2019 Q3 and 2020 Q1" ("" when none)."""
        return quarters_text(self.missing_quarters)


def quarters_text(quarters: Sequence[int]) -> str:
    """"2019 Q3", "2019 Q3 and 2020 Q1", "2019 Q1, 2019 Q2 and 2019 Q3" ("" for none)."""
    labels = [quarter_label(quarter) for quarter in quarters]
    return in_a_list(labels)


@dataclass(frozen=True)
class Indicator:
    """One indicator's value, the people it rests on (``n``) and the people left out, by reason."""

    n: int
    value: float
    not_yet: int = 0
    not_matched: int = 0
    other_excluded: int = 0
    before_data: int = 0  # its quarters lie before the first quarter of the wage records
    not_loaded: int = 0  # its quarter is inside the wage records' span but was never loaded (``NOT_LOADED``)


def quarter_label(index: int) -> str:
    """"2024 Q1" for 8096."""
    return f"{index // 4} Q{index % 4 + 1}"


@dataclass(frozen=True)
class ThinQuarter:
    """A wage-record quarter inside the loaded span with no record, or far fewer than the quarters around it."""

    quarter: int
    records: int
    reference: float  # the count it was compared with (``thin_quarters``)


THIN_SHARE = 0.5  # a quarter under half of the quarters around it reads as partly loaded
THIN_WINDOW = 4  # quarters on each side it is compared with


def thin_quarters(records: pd.Series, share: float = THIN_SHARE, window: int = THIN_WINDOW) -> list[ThinQuarter]:
    """The quarters of the wage records' span that look not (or only partly) loaded: ``records`` is the number of
    wage records per quarter that holds any, indexed by quarter (``year * 4 + quarter - 1``,
    ``queries/wage_records_by_quarter.sql``).

    Formula: for every quarter q after the first one of the span up to the last, n(q) its records (0 when it has
    none) and, on each side, the median of the records of up to ``window`` quarters of the span before q (after q);
    reference(q) = the smaller of the two medians (the one there is, at the last quarter). q is thin when n(q) = 0 or
    n(q) < ``share`` x reference(q). The smaller side keeps a program's natural growth and decline from looking
    like a gap (on a ramp, one side is always below q); the first quarter is not judged (it has nothing before it,
    and a program's first participants are few). Empty or one-quarter input: none.

    Example: records of 100, 100, 0, 100, 40 in five quarters: the third (none) and the fifth (40 < 0.5 x 100).
    """
    if records.empty:
        return []
    counts = records.astype("int64")
    first, last = int(counts.index.min()), int(counts.index.max())
    full = counts.reindex(range(first, last + 1), fill_value=0).to_numpy()
    found = []
    for at in range(1, len(full)):
        before = full[max(0, at - window):at]
        after = full[at + 1:at + 1 + window]
        medians = [float(np.median(side)) for side in (before, after) if len(side)]
        reference = min(medians)
        if full[at] == 0 or full[at] < share * reference:
            found.append(ThinQuarter(first + at, int(full[at]), reference))
    return found


# --- The WIOA primary indicators as the U.S. Department of Labor defines them ------------------------------------

EXCLUDED = "excluded (reason for exit)"
NOT_IN_COHORT = "not in the cohort"
# Every status a person can have in an indicator's cohort (the data model stores them as the enum wioa_status).
STATUSES = (OBSERVED, NOT_YET, EXCLUDED, NOT_IN_COHORT, BEFORE_DATA, NOT_LOADED)
YOUTH_AGE_BAND = "16-24"  # the age band of WIOA youth (14-24) in this data model
ON_THE_JOB = "on-the-job"
# Prevocational ("pre-employment") services are career services under WIOA (sec. 134(c)(2)(A)(xii); 20 CFR
# 680.150), not training services (sec. 134(c)(3)(D); 20 CFR 680.200): out of the credential rate's cohort.
PRE_EMPLOYMENT = "pre-employment"
NOT_TRAINING = (ON_THE_JOB, PRE_EMPLOYMENT)  # training types out of the credential cohort (with customized training)

# Indicator key -> heading, in the order of the ETA-9169 statewide performance report (then the effectiveness in
# serving employers sheet).
WIOA_INDICATORS: dict[str, str] = {
    "employment_q2": "Employment Rate (Q2)",
    "employment_q4": "Employment Rate (Q4)",
    "median_earnings_q2": "Median Earnings (Q2)",
    "credential": "Credential Rate",
    "skill_gains": "Measurable Skill Gains",
    "retention": "Retention with the Same Employer (Q2 and Q4)",
    "youth_q2": "Youth Education or Employment Rate (Q2)",
    "youth_q4": "Youth Education or Employment Rate (Q4)",
}
NOT_IN_DATA = "not in the data"


def program_year(dates: pd.Series) -> pd.Series:
    """WIOA program year of each date: PY N runs from July 1 of N to June 30 of N + 1 (missing dates stay missing).

    Formula: year - 1 for January-June, year for July-December. Example: 2017-06-30 -> 2016, 2017-07-01 -> 2017.
    """
    moments = pd.to_datetime(dates)
    return (moments.dt.year - (moments.dt.month < 7).astype(int)).astype("Int64")


def program_year_bounds(year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of PY ``year``: (July 1 of year, June 30 of year + 1)."""
    return pd.Timestamp(year, 7, 1), pd.Timestamp(year + 1, 6, 30)


def program_year_label(year: int) -> str:
    """"PY 2017 (07/01/2017-06/30/2018)", the cohort period as the ETA-9169 writes dates."""
    first, last = program_year_bounds(year)
    return f"PY {year} ({first:%m/%d/%Y}-{last:%m/%d/%Y})"


def complete_program_years(year_from: int, year_to: int) -> list[int]:
    """Report years (PY N) whose every reporting window lies inside the calendar exit years ``year_from``..``year_to``.

    The windows of PY N's report reach from January 1 of N - 1 (Employment Rate Q4, Credential Rate) to June 30 of
    N + 1 (Measurable Skill Gains) and March 31 of N + 1 (Participants Exited), so N - 1 >= year_from and
    N + 1 <= year_to: PY year_from + 1 .. PY year_to - 1 (none with fewer than three years). A report whose windows
    straddle the selection's edge would rest on part of its cohorts.
    """
    return list(range(year_from + 1, year_to))


def reported_program_years(year_from: int, year_to: int, first_exit_year: int | None,
                           last_exit_year: int | None) -> list[int]:
    """``complete_program_years`` of the chosen years where they overlap the exits on record: the years a view
    offers reach back to the first grant or partnership and on to the last grant or survey, where a report's
    cohorts would rest on part of a year or on none (PY 2011-2014 of the demo, whose exits start in 2015)."""
    if first_exit_year is None or last_exit_year is None:
        return []
    return complete_program_years(max(year_from, first_exit_year), min(year_to, last_exit_year))


# Reporting windows of the annual report for PY N (see the module docstring): window -> (first day, last day) as
# (years after N, month, day). "exited": Participants Exited; "q2": Employment Rate (Q2), Median Earnings (Q2) and
# the youth Education or Employment Rate (Q2); "q4": Employment Rate (Q4), Credential Rate, Retention with the Same
# Employer and the youth rate (Q4); "skill_gains": participants in training in the program year.
REPORT_WINDOWS: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    "exited": ((0, 4, 1), (1, 3, 31)),
    "q2": ((-1, 7, 1), (0, 6, 30)),
    "q4": ((-1, 1, 1), (-1, 12, 31)),
    "skill_gains": ((0, 7, 1), (1, 6, 30)),
}
WINDOW_OF: dict[str, str] = {  # indicator -> its reporting window
    "employment_q2": "q2", "employment_q4": "q4", "median_earnings_q2": "q2", "credential": "q4",
    "skill_gains": "skill_gains", "retention": "q4", "youth_q2": "q2", "youth_q4": "q4",
}


def cohort_period(year: int, window: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a reporting window (a key of ``REPORT_WINDOWS``) in the annual report for PY ``year``.

    Example: ``cohort_period(2022, "q2")`` is (2021-07-01, 2022-06-30); ``cohort_period(2022, "q4")`` is
    (2021-01-01, 2021-12-31); ``cohort_period(2022, "exited")`` is (2022-04-01, 2023-03-31).
    """
    (first_years, first_month, first_day), (last_years, last_month, last_day) = REPORT_WINDOWS[window]
    return (pd.Timestamp(year + first_years, first_month, first_day),
            pd.Timestamp(year + last_years, last_month, last_day))


def cohort_period_label(year: int, window: str) -> str:
    """"07/01/2021-06/30/2022", a reporting window as the ETA-9169 writes a cohort period."""
    first, last = cohort_period(year, window)
    return f"{first:%m/%d/%Y}-{last:%m/%d/%Y}"


COHORT_PERIOD_HEADINGS: dict[str, str] = {  # window -> the indicators whose cohort period it is
    "exited": "Participants Exited",
    "q2": "Employment Rate (Q2), Median Earnings (Q2), Youth (Q2)",
    "q4": "Employment Rate (Q4), Credential Rate, Retention, Youth (Q4)",
    "skill_gains": "Measurable Skill Gains (in training)",
}
# The same columns headed short on screen, the full heading one hover away as the column's help (the printed copy
# keeps the full heading): the full headings made the table wider than the page.
# A column's dates are the exits counted, not the quarter measured: "Q2 after exit" over 07/01/2015-06/30/2016 beside
# "Exited" 04/01/2016-03/31/2017 read as a second quarter before the exit (a staff reviewer).
# No longer than the dates under them (21 characters): "Exits counted for Q2 indicators" widened its column and
# sent the last two past a 1000 px window's edge.
COHORT_PERIOD_SHORT_HEADINGS: dict[str, str] = {"exited": "Exits counted", "q2": "Exits for Q2 figures",
                                                "q4": "Exits for Q4 figures", "skill_gains": "Skill gains"}
COHORT_PERIODS_NOTE = ("The dates each program year's report counts (the ETA-9169's cohort periods): exits, and for "
                       "skill gains participants in training. The indicators measured after exit count earlier "
                       "exits, whose second or fourth quarter after exit has passed by the report.")


def cohort_periods_table(years: Sequence[int]) -> pd.DataFrame:
    """One row per report year: its program year and the cohort period of every reporting window, as the ETA-9169
    heads its columns ("Cohort Period: mm/dd/yyyy - mm/dd/yyyy")."""
    return pd.DataFrame([{"Program year": program_year_label(year),
                          **{heading: cohort_period_label(year, window)
                             for window, heading in COHORT_PERIOD_HEADINGS.items()}} for year in years],
                        columns=["Program year", *COHORT_PERIOD_HEADINGS.values()])


def report_year(exit_dates: pd.Series, window: str) -> pd.Series:
    """Per exit date: the PY whose annual report counts it in ``window`` ("exited", "q2" or "q4"); missing stays
    missing.

    Formula: "q2": the exit's program year + 1 (an exit on 2017-06-30 counts in the PY 2017 report, one on
    2017-07-01 in PY 2018's); "q4": the exit's calendar year + 1 (2017-12-31 -> PY 2018, 2018-01-01 -> PY 2019);
    "exited": the calendar year of the day three months earlier (2018-03-31 -> PY 2017, 2018-04-01 -> PY 2018).
    """
    moments = pd.to_datetime(exit_dates)
    years, months = moments.dt.year, moments.dt.month
    if window == "q2":
        result = years + (months >= 7).astype(int)
    elif window == "q4":
        result = years + 1
    elif window == "exited":
        result = years - (months <= 3).astype(int)
    else:
        raise ValueError(f"{window!r} is not an exit-based reporting window")
    return result.astype("Int64")


def is_excluded(reason: pd.Series, age_band: pd.Series, is_youth: pd.Series | None = None) -> pd.Series:
    """Per person: does the reason for exit take them out of the WIOA indicators?

    Any reason in ``codes.EXIT_EXCLUSION_REASONS`` excludes, except foster care, which applies to youth only
    (TEGL 10-16 Change 1, Attachment 2): it excludes youth participants and no one else. A youth is who the data
    marks so (``is_youth``); where that marker is not given, who is in the youth age band (``YOUTH_AGE_BAND``).
    Empty reasons never exclude.
    """
    reason = reason.astype(object)
    listed = reason.isin(codes.EXIT_EXCLUSION_REASONS)
    foster = reason == codes.EXIT_FOSTER_CARE
    youth = age_band.astype(object) == YOUTH_AGE_BAND
    if is_youth is not None:
        marked = is_youth.astype("boolean")
        youth = marked.fillna(youth).astype(bool)
    return (listed & (~foster | youth)).astype(bool)


def is_excluded_from_retention(reason: pd.Series) -> pd.Series:
    """Per person: does the reason for exit take them out of Retention with the Same Employer?

    The exclusions of Attachment II, Table A of the joint DOL/ED performance guidance (institutionalized,
    health/medical, deceased, reserve or National Guard call-up), for every participant, youth included; foster care
    (Table B, youth only) is not among them: "States must not include (in either the numerator or denominator) those
    participants who exit during the reporting period for any of the reasons listed in Attachment II, Table A or
    Attachment II, Table C" (RSA-TAC-17-01 of June 11, 2024, F. Effectiveness in Serving Employers, Operational
    Parameters). Empty reasons never exclude.
    """
    reason = reason.astype(object)
    return (reason.isin(codes.EXIT_EXCLUSION_REASONS) & (reason != codes.EXIT_FOSTER_CARE)).astype(bool)


YOUTH_FIELDS = ("is_youth", "in_education_q2", "in_education_q4")


def has_youth_data(outcomes: pd.DataFrame) -> bool:
    """Do the records carry what the youth education-or-employment indicator needs (``has_youth_data``)?"""
    return "has_youth_data" in outcomes.columns and bool(outcomes["has_youth_data"].any())


def _flag(frame: pd.DataFrame, column: str) -> pd.Series:
    """An optional boolean column as plain booleans (missing column or value: False)."""
    if column not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame[column].astype("boolean").fillna(False).astype(bool)


def _number(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(np.nan, index=frame.index)
    return pd.to_numeric(frame[column], errors="coerce").astype(float)


def _dates(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    return pd.to_datetime(frame[column])


def wioa_exiter_outcomes(frame: pd.DataFrame, coverage: Coverage) -> pd.DataFrame:
    """Per exiter (a row of ``queries/wioa_exiters.sql``): their program year and their part in each WIOA
    indicator, aligned with ``frame``'s index.

    Columns:

    - ``program_year`` of the exit date (``program_year``); ``report_year_exited``/``report_year_q2``/
      ``report_year_q4``: the PY whose annual report counts the exit in each reporting window (``report_year``);
      ``is_excluded`` (``is_excluded``);
    - ``q2_status``/``q4_status``: ``observed``, ``not yet in the data`` (the quarter lies after the last quarter of
      the wage records), ``before the data starts`` (it lies before their first quarter: unknown, not $0; see
      ``_quarter_status``), ``quarter not loaded`` (inside their span, but a quarter with no record at all: unknown,
      not $0) or ``excluded``;
    - ``employed_q2``/``employed_q4``: UI earnings > 0 in the 2nd/4th quarter after the exit quarter **or** supplemental
      wage information showing employment (``employed_q{n}_supplemental``); a person with no wage record at all and
      no supplemental information is *not employed* (WIOA counts every exiter); NA unless observed;
    - ``earnings_q2``: the UI earnings of the 2nd quarter when above 0, else the supplemental earnings of someone
      employed by supplemental information; NaN for people not employed (the median's population);
    - ``credential_status``: ``not in the cohort`` (training was on-the-job or customized, or pre-employment: a
      career service, not a training service, ``NOT_TRAINING``), ``excluded``,
      ``not yet in the data`` (exit + 1 year lies after ``records_as_of``, the latest date in the program records) or
      ``observed``; ``attained_credential``: ``credential_earned`` and the credential date, when recorded, between
      enrolment and one year after exit (an earlier or later credential does not count; a credential without a date
      counts, since the window cannot be checked: ``credential_undated`` marks them); completers and non-completers
      alike;
    - ``youth_q2``/``youth_q4`` and their ``_status``: for exiters marked ``is_youth`` (WIOA title I youth),
      employed as above **or** enrolled in education or training (``in_education_q{n}``) in the 2nd/4th quarter
      after exit (WIOA sec. 116(b)(2)(A)(ii)(I)-(II); TEGL 10-16 Change 1, Attachment 10); ``not in the cohort``
      for everyone else; ``has_youth_data``: do the records carry a youth marker and education after exit at all
      (the query's flag over every participant, else read from the frame)? Without them the indicator is "not in
      the data", never 0;
    - ``retained`` and ``retention_status``: Retention with the Same Employer as the joint guidance defines it (see
      the module docstring): ``excluded`` for Table A reasons (``is_excluded_from_retention``), ``before the data
      starts``, ``quarter not loaded`` or ``not yet in the data`` when the 2nd quarter after exit is (who was employed
      then is unknown), ``not in the cohort`` for everyone not employed in the 2nd quarter (UI earnings > 0 or
      supplemental information), ``not yet in the data`` or ``quarter not loaded`` for someone employed then whose
      4th quarter after exit is (whether they stayed is unknown), ``observed`` otherwise; retained when an employer
      account that paid them in the 2nd quarter pays them in the 4th (UI earnings > 0; see ``_account_pairs``), so
      someone employed by supplemental information alone, with no account, is counted and not retained.
    """
    excluded = is_excluded(frame.get("exit_exclusion_reason", pd.Series(None, index=frame.index)),
                           frame.get("age_band", pd.Series(None, index=frame.index)), frame.get("is_youth"))
    out = pd.DataFrame({"program_year": program_year(frame["exited_on"]), "is_excluded": excluded},
                       index=frame.index)
    for window in ("exited", "q2", "q4"):
        out[f"report_year_{window}"] = report_year(frame["exited_on"], window)
    for n in (2, 4):
        status = np.where(excluded, EXCLUDED, _quarter_status(frame, coverage, n))
        out[f"q{n}_status"] = status
        ui_employed = _number(frame, f"q{n}_earnings").fillna(0.0) > 0
        employed = ui_employed | _flag(frame, f"employed_q{n}_supplemental")
        out[f"employed_q{n}"] = employed.astype("boolean").where(status == OBSERVED, pd.NA)
        if n == 2:
            ui = _number(frame, "q2_earnings")
            supplemental = _number(frame, "earnings_q2_supplemental")
            by_supplement = supplemental.where(_flag(frame, "employed_q2_supplemental") & (supplemental > 0))
            earnings = ui.where(ui > 0, by_supplement)
            out["earnings_q2"] = earnings.where(status == OBSERVED)

    training = frame.get("training_type", pd.Series(None, index=frame.index)).astype(object)
    in_cohort = ~training.isin(NOT_TRAINING) & ~_flag(frame, "is_customized_training")
    exited, enrolled = _dates(frame, "exited_on"), _dates(frame, "enrolled_on")
    window_end = exited + pd.DateOffset(years=1)
    as_of = _dates(frame, "records_as_of")
    observable = as_of.notna() & (window_end <= as_of)
    out["credential_status"] = np.where(~in_cohort, NOT_IN_COHORT, np.where(
        excluded, EXCLUDED, np.where(observable, OBSERVED, NOT_YET)))
    earned = _flag(frame, "credential_earned")
    dated = _dates(frame, "credential_on")
    in_window = dated.isna() | ((dated >= enrolled) & (dated <= window_end))
    out["attained_credential"] = (earned & in_window).astype("boolean").where(
        out["credential_status"] == OBSERVED, pd.NA)
    out["credential_undated"] = earned & dated.isna() & (out["credential_status"] == OBSERVED)

    youth = _flag(frame, "is_youth")
    for n in (2, 4):
        status = np.where(~youth, NOT_IN_COHORT, out[f"q{n}_status"])
        out[f"youth_q{n}_status"] = status
        engaged = out[f"employed_q{n}"].fillna(False).astype(bool) | _flag(frame, f"in_education_q{n}")
        out[f"youth_q{n}"] = engaged.astype("boolean").where(status == OBSERVED, pd.NA)
    if "has_youth_data" in frame.columns:
        out["has_youth_data"] = frame["has_youth_data"].astype("boolean").fillna(False).astype(bool)
    else:
        out["has_youth_data"] = all(column in frame.columns for column in YOUTH_FIELDS) and bool(
            frame["is_youth"].notna().any() and frame[list(YOUTH_FIELDS[1:])].notna().any().any())

    retention_excluded = is_excluded_from_retention(frame.get("exit_exclusion_reason",
                                                              pd.Series(None, index=frame.index)))
    # the cohort is who was employed in the 2nd quarter: unknown when that quarter is not known (before the data,
    # never loaded, not yet in it); whether they stayed is unknown when the 4th is not, for the cohort only (someone
    # not employed in the 2nd quarter is out of it whatever the 4th: the Worker page's retention counts so too)
    q2_known, q4_known = _quarter_status(frame, coverage, 2), _quarter_status(frame, coverage, 4)
    employed_q2 = _number(frame, "q2_earnings").fillna(0.0).gt(0) | _flag(frame, "employed_q2_supplemental")
    same_account = pd.Series(_shares_account(frame), index=frame.index)
    retained = same_account & _number(frame, "q4_earnings").fillna(0.0).gt(0)
    out["retention_status"] = np.select(
        [retention_excluded, q2_known != OBSERVED, ~employed_q2, q4_known == NOT_LOADED, q4_known != OBSERVED],
        [EXCLUDED, q2_known, NOT_IN_COHORT, NOT_LOADED, NOT_YET], default=OBSERVED)
    out["retained"] = retained.astype("boolean").where(out["retention_status"] == OBSERVED, pd.NA)
    return out


SHARES_ACCOUNT = "shares_employer_account"


def _account_pairs(frame: pd.DataFrame, quarters_after_exit: int) -> pd.DataFrame:
    """(row position, employer account) for every employer account (UI account) that paid the person in the quarter
    ``quarters_after_exit`` after exit: from ``q{n}_employer_ids`` (every account) where the frame has it, else from
    ``q{n}_employer_id`` (one account); flattened in one pass instead of a set per person."""
    many = f"q{quarters_after_exit}_employer_ids"
    if many in frame.columns:
        values = pd.Series(frame[many].to_numpy(dtype=object), index=np.arange(len(frame)))
        listed = values[values.map(lambda value: isinstance(value, list | tuple | set | np.ndarray))].explode()
        accounts = listed[listed.map(lambda item: isinstance(item, str))]
    else:
        accounts = pd.Series(frame[f"q{quarters_after_exit}_employer_id"].to_numpy(dtype=object),
                             index=np.arange(len(frame))).dropna()
    return pd.DataFrame({"row": accounts.index.to_numpy(dtype=np.int64), "account": accounts.to_numpy(dtype=object)})


def _shares_account(frame: pd.DataFrame) -> np.ndarray:
    """Per row: does an employer account that paid the person in the 2nd quarter after exit pay them in the 4th
    (the accounts of both quarters, ``_account_pairs``, intersect)?

    ``queries/wioa_exiters.sql`` answers the same question in DuckDB (``shares_employer_account``: the account lists
    have an item in common, ``list_has_any``), so that a large state's account lists never become Python objects;
    a frame with that column is read as it is (tests compare both on the demo)."""
    if SHARES_ACCOUNT in frame.columns:
        return frame[SHARES_ACCOUNT].astype("boolean").fillna(False).to_numpy(dtype=bool)
    both = _account_pairs(frame, 2).merge(_account_pairs(frame, 4), on=["row", "account"])
    shared = np.zeros(len(frame), dtype=bool)
    shared[both["row"].to_numpy()] = True
    return shared


def _quarter_status(frame: pd.DataFrame, coverage: Coverage, quarters_after_exit: int) -> np.ndarray:
    """Per exiter: is the quarter ``quarters_after_exit`` after the exit quarter in the wage records?

    Formula, with q = exit quarter + ``quarters_after_exit``: ``before the data starts`` when q < the first quarter
    of the records, ``not yet in the data`` when q > their last quarter, ``quarter not loaded`` when q is one of
    ``coverage.missing_quarters`` (inside the span, no record of anyone: never loaded), else ``observed`` (a person
    without a record in an observed quarter had no UI-covered pay in it). No wage records at all: every quarter
    ``not yet in the data`` (the indicators then say the records were never loaded, ``without_wage_records``).
    """
    if coverage.first_quarter is None or coverage.last_quarter is None:
        return np.full(len(frame), NOT_YET, dtype=object)
    quarter = frame["exit_quarter"].astype(int).to_numpy() + quarters_after_exit
    inside = np.where(np.isin(quarter, list(coverage.missing_quarters)), NOT_LOADED, OBSERVED)
    return np.where(quarter < coverage.first_quarter, BEFORE_DATA,
                    np.where(quarter <= coverage.last_quarter, inside, NOT_YET)).astype(object)


def skill_gain_dates(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Every documented skill gain of every row, flattened: (row position, gain date as datetime64[ns]).

    ``skill_gain_on`` holds a list of dates per person (``date[]``); a single date (older frames) is a list of one;
    an empty cell, none. No column: no gains.
    """
    if "skill_gain_on" not in frame.columns:
        return np.array([], dtype=int), np.array([], dtype="datetime64[ns]")
    per_row = pd.Series(frame["skill_gain_on"].to_numpy(dtype=object), index=np.arange(len(frame)))
    flat = per_row.explode().dropna()  # a list gives one row per date; a single date stays one row
    return flat.index.to_numpy(dtype=int), pd.to_datetime(flat).to_numpy(dtype="datetime64[ns]")


def _gained_in(frame: pd.DataFrame, years: Sequence[int]) -> np.ndarray:
    """People x years: has the person at least one skill gain dated inside the PY and on or after enrolment?"""
    positions, days = skill_gain_dates(frame)
    achieved = np.zeros((len(frame), len(years)), dtype=bool)
    if not len(days):
        return achieved
    enrolled = _dates(frame, "enrolled_on").to_numpy(dtype="datetime64[ns]")[positions]
    first = np.array([program_year_bounds(year)[0] for year in years], dtype="datetime64[ns]")[None, :]
    last = np.array([program_year_bounds(year)[1] for year in years], dtype="datetime64[ns]")[None, :]
    day = days[:, None]
    inside = (day >= first) & (day <= last) & (day >= enrolled[:, None])
    np.logical_or.at(achieved, positions, inside)
    return achieved


def skill_gain_outcomes(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per participant (a row of ``queries/skill_gain_participants.sql``): their part in the measurable skill gains
    indicator of PY ``year``.

    Denominator (``in_denominator``): people in training at some time in the PY (enrolled on or before its last day,
    not exited before its first), every kind of training (on-the-job training counts: completing it is a skill gain
    milestone, gain type 4 of the joint guidance), less those who exited in the PY for an excluded reason. DOL
    takes the span from PIRL 1811 (date enrolled in education or training) to PIRL 1813 (date completed; "or the
    end of the report period if PIRL 1813 is null"); the data model records no training completion date, so the
    span here runs from enrolment to exit: someone who finished training but stays enrolled counts a year longer.
    Numerator (``achieved``): at least one of the person's skill gain dates (``skill_gain_dates``) lies inside the
    PY and on or after enrolment; a person with several gains in the PY counts once, and a person with gains in two
    program years counts in each (the indicator counts participants, per program year, 20 CFR 677.155(a)(1)(v)).
    ``status``: ``observed``, ``excluded``, ``not in the cohort`` (not in training in the PY) or ``not yet in the
    data`` (the PY ends after ``records_as_of``).
    """
    return _skill_gain_outcome(_SkillGainFacts.of(frame, [year]), 0, year)


@dataclass(frozen=True)
class _SkillGainFacts:
    """What ``skill_gain_outcomes`` reads of each person, worked out once for several program years."""

    index: pd.Index
    enrolled: pd.Series
    exited: pd.Series
    as_of: pd.Series
    excluded_reason: pd.Series  # ``is_excluded``: would an exit in the PY be left out?
    gained: np.ndarray  # people x years: ``_gained_in``

    @classmethod
    def of(cls, frame: pd.DataFrame, years: Sequence[int]) -> _SkillGainFacts:
        return cls(frame.index, _dates(frame, "enrolled_on"), _dates(frame, "exited_on"),
                   _dates(frame, "records_as_of"),
                   is_excluded(frame["exit_exclusion_reason"], frame["age_band"], frame.get("is_youth")),
                   _gained_in(frame, years))


def _skill_gain_outcome(facts: _SkillGainFacts, position: int, year: int) -> pd.DataFrame:
    """``skill_gain_outcomes`` of PY ``year``, the ``position``-th of the years ``facts`` were worked out for."""
    first, last = program_year_bounds(year)
    enrolled, exited = facts.enrolled, facts.exited
    in_training = (enrolled <= last) & (exited.isna() | (exited >= first))
    exited_in_year = exited.notna() & (exited >= first) & (exited <= last)
    excluded = in_training & exited_in_year & facts.excluded_reason
    complete = facts.as_of.notna() & (facts.as_of >= last)
    status = np.where(~in_training, NOT_IN_COHORT, np.where(excluded, EXCLUDED, np.where(complete, OBSERVED, NOT_YET)))
    achieved = pd.Series(facts.gained[:, position], index=facts.index)
    return pd.DataFrame({"status": status, "in_denominator": status == OBSERVED,
                         "achieved": achieved & (status == OBSERVED)}, index=facts.index)


SKILL_GAIN_COLUMNS = ["program_year", "status", "achieved"]


def skill_gain_rows(frame: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """``skill_gain_outcomes`` of every PY in ``years``, long: one row per participant and PY in which they were in
    training (every status but ``not in the cohort``), indexed like ``frame`` (a participant repeats once per PY).

    Columns: program_year, status, achieved (True/False when observed, NA otherwise). The loader keeps these rows of
    every participant (table ``wioa_skill_gains``), so the page counts them instead of computing them again.
    """
    parts = []
    facts = _SkillGainFacts.of(frame, years)  # each person's dates and gains read once for every year
    for position, year in enumerate(years):
        outcome = _skill_gain_outcome(facts, position, year)
        outcome = outcome[outcome["status"] != NOT_IN_COHORT]
        parts.append(pd.DataFrame({
            "program_year": np.full(len(outcome), year, dtype=np.int64), "status": outcome["status"].astype(object),
            "achieved": outcome["achieved"].astype("boolean").where(outcome["in_denominator"], pd.NA),
        }, index=outcome.index))
    if not parts:
        return pd.DataFrame({"program_year": pd.Series(dtype=np.int64), "status": pd.Series(dtype=object),
                             "achieved": pd.Series(dtype="boolean")})
    return pd.concat(parts)[SKILL_GAIN_COLUMNS]


@dataclass(frozen=True)
class CohortFigure:
    """One WIOA indicator for one cohort: numerator, denominator, value, and who was left out and why.

    ``value`` is NaN when the denominator is 0 or when part of the cohort is not yet in the data (``not_yet`` > 0):
    DOL reports a cohort once its outcome quarter is in, and a partial cohort would be a different figure. People
    whose outcome quarter lies before the wage records start (``before_data``) are left out of both parts and
    counted: their quarter is unknown, and will not come. People whose outcome quarter lies inside the wage records
    but was never loaded (``not_loaded``) withhold the value as ``not_yet`` does: the cohort is not all known.
    """

    numerator: int | None
    denominator: int
    value: float
    not_yet: int = 0
    excluded: int = 0
    before_data: int = 0
    not_loaded: int = 0

    @property
    def is_complete(self) -> bool:
        return self.not_yet == 0 and self.not_loaded == 0


def _rate(flags: pd.Series, status: Sequence[str]) -> CohortFigure:
    status = pd.Series(np.asarray(status), index=flags.index)
    observed = flags[status == OBSERVED].dropna().astype(bool)
    not_yet, excluded = int((status == NOT_YET).sum()), int((status == EXCLUDED).sum())
    not_loaded = int((status == NOT_LOADED).sum())
    value = float(observed.mean()) if len(observed) and not not_yet and not not_loaded else math.nan
    return CohortFigure(int(observed.sum()), len(observed), value, not_yet, excluded,
                        int((status == BEFORE_DATA).sum()), not_loaded)


def cohort_figures(outcomes: pd.DataFrame) -> dict[str, CohortFigure]:
    """Every exit-based WIOA indicator for one cohort of exiters (rows of ``wioa_exiter_outcomes``).

    - employment_q2/q4: employed / observed exiters (exclusions out; no wage record = not employed);
    - median_earnings_q2: median of ``earnings_q2`` among the employed (numerator None, denominator = employed);
    - credential: attained / exiters in the credential cohort;
    - retention: retained (same employer account in Q2 and Q4) / employed in Q2, Table A exclusions out;
    - youth_q2/q4: youth employed or in education or training / youth exiters observed (whether the data carries
      the fields at all is ``has_youth_data``'s question, asked by ``wioa_indicators``).
    """
    figures = {f"employment_q{n}": _rate(outcomes[f"employed_q{n}"], outcomes[f"q{n}_status"]) for n in (2, 4)}
    q2 = figures["employment_q2"]
    earnings = outcomes["earnings_q2"].dropna()
    median = float(earnings.median()) if len(earnings) and q2.is_complete else math.nan
    figures["median_earnings_q2"] = CohortFigure(None, len(earnings), median, q2.not_yet, q2.excluded,
                                                 q2.before_data, q2.not_loaded)
    figures["credential"] = _rate(outcomes["attained_credential"], outcomes["credential_status"])
    figures["retention"] = _rate(outcomes["retained"], outcomes["retention_status"])
    for n in (2, 4):
        figures[f"youth_q{n}"] = _rate(outcomes[f"youth_q{n}"], outcomes[f"youth_q{n}_status"])
    return figures


def skill_gain_figure(frame: pd.DataFrame, year: int) -> CohortFigure:
    """The measurable skill gains rate of PY ``year``: achieved / in the denominator (``skill_gain_outcomes``)."""
    parts = skill_gain_outcomes(frame, year)
    return _rate(parts["achieved"].where(parts["in_denominator"]), parts["status"])


_EXIT_RATES = {  # indicator -> (flag column, status column) of ``wioa_exiter_outcomes``
    "employment_q2": ("employed_q2", "q2_status"),
    "employment_q4": ("employed_q4", "q4_status"),
    "credential": ("attained_credential", "credential_status"),
    "retention": ("retained", "retention_status"),
}
INDICATOR_COLUMNS = ["group", "program_year", "exiters", "indicator", "numerator", "denominator", "value", "not_yet",
                     "excluded", "before_data", "not_loaded", "note"]
TALLY_COLUMNS = ["numerator", "denominator", "not_yet", "excluded", "before_data", "not_loaded"]


def _axes(grid: pd.MultiIndex) -> tuple[pd.Index, pd.Index]:
    """The groups and the program years of a ``from_product`` grid, in the grid's own order."""
    return grid.get_level_values(0).unique(), grid.get_level_values(1).unique()


def _cells(grid: pd.MultiIndex, group: pd.Series, year: pd.Series) -> np.ndarray:
    """Per row: its position in ``grid`` (group x program year), -1 when its group or year is missing or not in it."""
    group_axis, year_axis = _axes(grid)
    groups = group_axis.get_indexer(group)
    years = year_axis.get_indexer(pd.to_numeric(year, errors="coerce").astype(float))
    return np.where((groups >= 0) & (years >= 0), groups * len(year_axis) + years, -1)


def _count(cells: np.ndarray, mask: np.ndarray, size: int) -> np.ndarray:
    """How many rows with ``mask`` set fall in each cell (the rows outside the grid, -1, left out)."""
    return np.bincount(cells[mask & (cells >= 0)], minlength=size).astype(np.int64)


def _tally(flags: pd.Series, status: pd.Series, cells: np.ndarray, grid: pd.MultiIndex) -> pd.DataFrame:
    """Per cell of ``grid`` (``_cells``): numerator (observed and True), denominator (observed with a known flag),
    not_yet, excluded, before_data, not_loaded. Counted with one pass per column (no per-group frames)."""
    # compared as a Series: a categorical status (as the stored tables give it) compares its codes, not each text
    status = pd.Series(status, copy=False) if not isinstance(status, pd.Series) else status

    def where(value: str) -> np.ndarray:
        return status.eq(value).to_numpy(dtype=bool)

    observed = where(OBSERVED) & flags.notna().to_numpy(dtype=bool)
    return pd.DataFrame({
        "numerator": _count(cells, observed & flags.fillna(False).to_numpy(dtype=bool), len(grid)),
        "denominator": _count(cells, observed, len(grid)),
        "not_yet": _count(cells, where(NOT_YET), len(grid)),
        "excluded": _count(cells, where(EXCLUDED), len(grid)),
        "before_data": _count(cells, where(BEFORE_DATA), len(grid)),
        "not_loaded": _count(cells, where(NOT_LOADED), len(grid)),
    }, index=grid)


def wioa_indicators(outcomes: pd.DataFrame, skill_gains: pd.DataFrame | None, years: Sequence[int],
                    group: pd.Series | None = None, skill_group: pd.Series | None = None,
                    missing_quarters: Sequence[int] = ()) -> pd.DataFrame:
    """Long table of the WIOA indicators as the annual report for each PY in ``years`` counts them: one row per
    (group, report year, indicator), each indicator over its own reporting window (``WINDOW_OF``,
    ``cohort_period``): the same figures as ``cohort_figures`` on the exiters whose ``report_year_<window>`` is the
    year, and ``skill_gain_figure`` for the year, computed for all groups at once.

    ``outcomes``: ``wioa_exiter_outcomes`` of the exiters in the selection; ``skill_gains``: ``skill_gain_rows`` of
    the participants in the selection (None when the data records no skill gain dates at all: that indicator is NaN
    with the note "no skill gain dates in the data"); ``group``/``skill_group``: a label per row of each (e.g. the
    partnership), or None for one group called "all"; ``missing_quarters``: the wage-record quarters never loaded
    inside the records' span (``Coverage.missing_quarters``), which the notes name.

    Columns: group, program_year (the report's PY), exiters (Participants Exited: exits April 1 of the year to March
    31 of the next, excluded ones too), indicator (a key of ``WIOA_INDICATORS``), numerator (None for the median),
    denominator (NA where the data lacks what the indicator needs), value (NaN when the denominator is 0, part of the
    cohort is not yet in the data or in a quarter never loaded, or the data lacks it), not_yet, excluded,
    before_data (left out: the outcome quarter lies before the wage records start), not_loaded (the outcome quarter
    was never loaded: the value withheld), note.
    """
    group = pd.Series("all", index=outcomes.index) if group is None else group.astype(object)
    has_gains = skill_gains is not None
    if has_gains:
        skill_group = (pd.Series("all", index=skill_gains.index) if skill_group is None
                       else skill_group.astype(object))
    labels = set(group.dropna().unique()) | (set(skill_group.dropna().unique()) if has_gains else set())
    grid = pd.MultiIndex.from_product([sorted(labels, key=str) or ["all"], list(years)],
                                      names=["group", "program_year"])

    def keys(window: str) -> list[pd.Series]:
        return [group.rename("group"), outcomes[f"report_year_{window}"].rename("program_year")]

    cells = {window: _cells(grid, group, outcomes[f"report_year_{window}"]) for window in ("exited", "q2", "q4")}
    exiters = pd.Series(_count(cells["exited"], np.ones(len(outcomes), dtype=bool), len(grid)), index=grid)
    tallies = {key: _tally(outcomes[flag], outcomes[status], cells[WINDOW_OF[key]], grid)
               for key, (flag, status) in _EXIT_RATES.items()}
    employed = outcomes["earnings_q2"].notna()
    earnings = outcomes.loc[employed, "earnings_q2"].groupby([k[employed] for k in keys("q2")])
    medians = earnings.median().reindex(grid)
    counts = earnings.size().reindex(grid, fill_value=0)
    q2 = tallies["employment_q2"]
    tallies["median_earnings_q2"] = pd.DataFrame({"numerator": None, "denominator": counts, "not_yet": q2["not_yet"],
                                                  "excluded": q2["excluded"], "before_data": q2["before_data"],
                                                  "not_loaded": q2["not_loaded"]}, index=grid)
    absent = _absent(grid)
    if has_gains:
        tallies["skill_gains"] = _tally(skill_gains["achieved"], skill_gains["status"],
                                        _cells(grid, skill_group, skill_gains["program_year"]), grid)
    else:
        tallies["skill_gains"] = absent
    youth_in_data = has_youth_data(outcomes)
    for n in (2, 4):
        key = f"youth_q{n}"
        tallies[key] = (_tally(outcomes[f"youth_q{n}"], outcomes[f"youth_q{n}_status"], cells[WINDOW_OF[key]], grid)
                        if youth_in_data else absent)
    return _indicator_table(grid, exiters, tallies, medians, has_gains, youth_in_data, missing_quarters)


def wioa_indicators_of_counts(counts: pd.DataFrame, years: Sequence[int], by_partnership: bool,
                              has_gains: bool, missing_quarters: Sequence[int] = ()) -> pd.DataFrame:
    """The same long table as ``wioa_indicators`` from the counts query ``wioa_counts_in_view`` (what the page reads:
    a few rows per partnership and program year, not one per person): the selection as a whole, or by partnership.
    ``has_gains``: does the data record skill gain dates at all (else that indicator is "no skill gain dates in the
    data", as ``wioa_indicators`` with ``skill_gains=None``); ``missing_quarters`` as for ``wioa_indicators``."""
    if by_partnership:
        rows = counts[~counts["is_total"] & counts["partnership_id"].notna()]
        rows = rows.assign(group=rows["partnership_id"])
        labels = set(rows.loc[(rows["indicator"] != "skill_gains") | has_gains, "group"])  # as wioa_indicators
    else:
        rows = counts[counts["is_total"]].assign(group="all")
        labels = {"all"}
    grid = pd.MultiIndex.from_product([sorted(labels, key=str) or ["all"], list(years)],
                                      names=["group", "program_year"])
    # Each count placed at once in an array per column, cell of the grid x indicator (0 where no row): one
    # placement for all indicators, not a reindexed frame per indicator (pandas' cost per frame was most of the time).
    indicators = ["exiters", *_EXIT_RATES, "median_earnings_q2", "skill_gains", "youth_q2", "youth_q4"]
    cell = grid.get_indexer(pd.MultiIndex.from_arrays([rows["group"], rows["program_year"]]))
    kind = pd.Index(indicators).get_indexer(rows["indicator"])
    placed = (cell >= 0) & (kind >= 0)  # a row of a group not shown (skill gains where no dates are recorded)
    cell, kind = cell[placed], kind[placed]
    if len(np.unique(cell * len(indicators) + kind)) < len(cell):
        raise ValueError("the counts hold two rows for one group, program year and indicator")

    def placed_values(column: str, empty: float | int, dtype: type) -> np.ndarray:
        values = np.full((len(grid), len(indicators)), empty, dtype=dtype)
        values[cell, kind] = rows[column].to_numpy(dtype=dtype)[placed]
        return values

    arrays = {column: placed_values(column, 0, np.int64) for column in ["people", "earnings_n", *TALLY_COLUMNS]}

    def counted(indicator: str, columns: list[str]) -> pd.DataFrame:
        at = indicators.index(indicator)
        return pd.DataFrame({column: arrays[column][:, at] for column in columns}, index=grid)

    exiters = counted("exiters", ["people"])["people"]
    tallies = {key: counted(key, TALLY_COLUMNS) for key in _EXIT_RATES}
    medians = pd.Series(placed_values("earnings_median", np.nan, np.float64)[
        :, indicators.index("median_earnings_q2")], index=grid)
    q2 = tallies["employment_q2"]
    tallies["median_earnings_q2"] = pd.DataFrame({
        "numerator": None, "denominator": counted("median_earnings_q2", ["earnings_n"])["earnings_n"],
        "not_yet": q2["not_yet"], "excluded": q2["excluded"], "before_data": q2["before_data"],
        "not_loaded": q2["not_loaded"]}, index=grid)
    absent = _absent(grid)
    tallies["skill_gains"] = counted("skill_gains", TALLY_COLUMNS) if has_gains else absent
    youth_in_data = bool(counts["youth_in_data"].any())
    for n in (2, 4):
        tallies[f"youth_q{n}"] = counted(f"youth_q{n}", TALLY_COLUMNS) if youth_in_data else absent
    return _indicator_table(grid, exiters, tallies, medians, has_gains, youth_in_data, missing_quarters)


def _absent(grid: pd.MultiIndex) -> pd.DataFrame:
    """The tally of an indicator the data cannot give (no skill gain dates, no youth fields): no denominator."""
    return pd.DataFrame({"numerator": None, "denominator": pd.NA, "not_yet": 0, "excluded": 0, "before_data": 0,
                         "not_loaded": 0}, index=grid)


# The quarters after exit each wage-record indicator reads (retention: both)
OUTCOME_QUARTERS: dict[str, tuple[int, ...]] = {
    "employment_q2": (2,), "median_earnings_q2": (2,), "youth_q2": (2,), "employment_q4": (4,), "youth_q4": (4,),
    "retention": (2, 4)}


def missing_outcome_quarters(year: int, indicator: str, missing_quarters: Sequence[int]) -> list[int]:
    """The quarters of ``missing_quarters`` (never loaded) that the annual report for PY ``year`` reads for
    ``indicator``: q with exit quarter + k = q for an exit quarter of its reporting window (``cohort_period``) and k
    one of the indicator's quarters after exit (``OUTCOME_QUARTERS``); none for an indicator of no wage record.

    Example: Employment Rate (Q2) of PY 2019 counts exits from 2018 Q3 to 2019 Q2, whose 2nd quarters after exit are
    2019 Q1 to 2019 Q4: with 2019 Q3 never loaded, [8078].
    """
    if indicator not in OUTCOME_QUARTERS or not len(missing_quarters):
        return []
    first, last = cohort_period(year, WINDOW_OF[indicator])
    first_exit, last_exit = first.year * 4 + first.quarter - 1, last.year * 4 + last.quarter - 1
    return sorted(quarter for quarter in missing_quarters
                  if any(first_exit + after <= quarter <= last_exit + after for after in OUTCOME_QUARTERS[indicator]))


def _not_loaded_note(year: int, indicator: str, people: int, missing_quarters: Sequence[int]) -> str:
    """"wage records of 2019 Q3 not loaded for 392 people" (the quarters of the cell, ``missing_outcome_quarters``)."""
    quarters = quarters_text(missing_outcome_quarters(year, indicator, missing_quarters))
    return f"wage records of {quarters or 'a quarter'} not loaded for {_people(people)}"


def _indicator_table(grid: pd.MultiIndex, exiters: pd.Series, tallies: dict[str, pd.DataFrame], medians: pd.Series,
                     has_gains: bool, youth_in_data: bool, missing_quarters: Sequence[int] = ()) -> pd.DataFrame:
    """The long table of ``wioa_indicators`` from its counts per cell of ``grid`` (group x program year): exiters,
    per indicator numerator, denominator, not_yet, excluded and before_data (``_tally``), the median earnings; value
    = numerator / denominator (the median for the earnings), NaN where part of the cohort is not yet in the data; the
    note names who is left out for lack of data (before the data starts, not yet in the data)."""
    # Every column made once as an array over all indicators (the grid repeated once per indicator), then the rows
    # put in order (group, program year, indicator) by their positions: on a page's selection pandas' cost per frame
    # and per sort key outweighed the counting.
    parts = [tallies[key] for key in WIOA_INDICATORS]
    size = len(grid)
    indicator = np.repeat(np.arange(len(parts)), size)
    columns = {column: _stacked([part[column] for part in parts]) for column in TALLY_COLUMNS}
    is_median = indicator == list(WIOA_INDICATORS).index("median_earnings_q2")
    numerator = pd.to_numeric(pd.Series(columns["numerator"]), errors="coerce").to_numpy(dtype=float)
    denominator = pd.to_numeric(pd.Series(columns["denominator"]), errors="coerce").to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1.0), np.nan)
    value = np.where(is_median, np.tile(medians.to_numpy(dtype=float), len(parts)), rate)
    not_yet_people = np.asarray(columns["not_yet"], dtype=np.int64)
    not_loaded_people = np.asarray(columns["not_loaded"], dtype=np.int64)
    # withheld whole: part of the cohort not yet in the data, or in a quarter never loaded
    not_yet = (not_yet_people > 0) | (not_loaded_people > 0)
    before_people = np.asarray(columns["before_data"], dtype=np.int64)
    keys = np.array(list(WIOA_INDICATORS), dtype=object)
    cell_years = np.tile(grid.get_level_values(1).to_numpy(), len(parts))
    # said as the table says its other reasons; before the data, as the Worker outcomes cards list it first
    note = np.full(len(indicator), "", dtype=object)
    said = not_yet | (before_people > 0)
    # left out, the rate counting the others (a "not yet" rate is withheld whole: a reader took one for the other)
    note[said] = [" and ".join(([f"{_people(before)} left out, before the data starts"] if before else [])
                               + ([_not_loaded_note(int(year), str(key), int(unloaded), missing_quarters)]
                                  if unloaded else [])
                               + ([f"not yet in the data for {_people(later)}"] if later else []))
                  for before, unloaded, later, year, key in zip(
                      before_people[said], not_loaded_people[said], not_yet_people[said], cell_years[said],
                      keys[indicator[said]], strict=True)]
    if not has_gains:
        note[keys[indicator] == "skill_gains"] = "no skill gain dates in the data"
    if not youth_in_data:
        note[np.char.startswith(keys[indicator].astype(str), "youth_")] = NOT_IN_DATA
    # the grid lists its groups in the order of their text (``from_product``'s order, not its sorted level codes)
    # and each group's years as given: the table lists years in order
    groups = len(grid.levels[0])  # at least one ("all" when there is no group)
    group_rank = np.tile(np.repeat(np.arange(groups), size // groups), len(parts))
    years = np.tile(grid.get_level_values(1).to_numpy(), len(parts))
    order = np.lexsort((indicator, years, group_rank))
    cells = np.tile(np.arange(size), len(parts))[order]
    table = {
        "group": grid.get_level_values(0)[cells].to_numpy(),
        "program_year": grid.get_level_values(1)[cells],
        "exiters": exiters.to_numpy()[cells],
        "indicator": keys[indicator[order]],
        "numerator": columns["numerator"][order],
        "denominator": columns["denominator"][order],
        "value": np.where(not_yet, math.nan, value)[order],
        "not_yet": columns["not_yet"][order],
        "excluded": columns["excluded"][order],
        "before_data": columns["before_data"][order],
        "not_loaded": columns["not_loaded"][order],
        "note": note[order],
    }
    return pd.DataFrame({column: table[column] for column in INDICATOR_COLUMNS})


# The indicators resting on UI wage records, and what their note says when none were ever loaded (every person's
# quarter then read "not yet in the data", as if the records were only late).
WAGE_RECORD_INDICATORS = ("employment_q2", "employment_q4", "median_earnings_q2", "retention", "youth_q2",
                          "youth_q4")  # a youth's education status alone cannot make the rate: its cohort is all
WAGES_NOT_LOADED = "no UI wage records loaded (wage_records.csv on the Data page)"


def without_wage_records(indicators: pd.DataFrame) -> pd.DataFrame:
    """The long indicator table (``wioa_indicators``) of a database holding no UI wage records: the indicators
    resting on them have no value, no numerator and no denominator (an n of 0 read as a cohort of no one, where
    nobody's outcome could be known), and a note saying the records were never loaded."""
    rows = indicators["indicator"].isin(WAGE_RECORD_INDICATORS).to_numpy()
    return indicators.assign(value=indicators["value"].mask(rows), numerator=indicators["numerator"].mask(rows),
                             denominator=indicators["denominator"].mask(rows),
                             note=indicators["note"].mask(rows, WAGES_NOT_LOADED))


def _people(count: int) -> str:
    """"1 person", "1,204 people"."""
    return "1 person" if count == 1 else f"{count:,} people"


def _stacked(parts: list[pd.Series]) -> np.ndarray:
    """The parts one after the other as one array, of the type pandas' concat gives them (integers stay integers
    unless a part holds None or NA)."""
    return pd.concat(parts, ignore_index=True).to_numpy()
