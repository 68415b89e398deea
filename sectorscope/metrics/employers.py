"""Employer outcome metrics: turnover before and after joining a partnership, survey shares, hires from training,
and the regional industry turnover of the Census Quarterly Workforce Indicators (QWI) as a baseline."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectorscope import references
from sectorscope.metrics.common import share_true
from sectorscope.metrics.privacy import suppress_groups
from sectorscope.words import in_a_list

# Survey questions, their labels and the Massachusetts Sector Initiative evaluation's shares (DESIGN section 5).
SURVEY_QUESTIONS: dict[str, str] = {
    "reduced_turnover": "Reduced turnover",
    "reduced_rework": "Reduced rework",
    "reduced_complaints": "Fewer customer complaints",
    "partnership_valuable": "Value the partnership",  # as the cards say it (the CSV and deck said it otherwise)
}
PUBLISHED_SHARES: dict[str, tuple[float, references.Reference]] = {
    question: (reference.value, reference) for question, reference in references.SURVEY_SHARES.items()
}
QUARTERS_PER_YEAR = 4


def related_questions_note(questions: Iterable[tuple[str, str]]) -> str:
    """What a chart of survey shares beside the published ones says of a published figure answering a related
    question, for the ``questions`` it draws ((column, label) pairs): ' Beside "Value the partnership": 100% of
    companies valued partnering with other companies (a related question).' ("" for none). The card said it; the
    chart's bars of 100% and 100% did not (a convener)."""
    return "".join(f' Beside "{label}": {reference.text}.' for column, label in questions
                   for reference in (PUBLISHED_SHARES[column][1],) if reference.related_question)


@dataclass(frozen=True)
class TurnoverChange:
    """Paired change of employers' turnover rates, in shares (0.05 = 5 percentage points)."""

    n: int
    excluded: int
    median_before: float
    median_after: float
    median_change: float


@dataclass(frozen=True)
class RegionalTurnover:
    """Employment-weighted QWI turnover of an industry over area-quarter cells, quarterly and annualized."""

    cells: int
    cells_used: int
    quarterly: float
    annual: float


# Decimals a turnover rate's median and change keep. Rates are given to a few decimals; their float differences and
# the mean of two middle values carry binary noise from the 17th digit, which decided a half: a median change of
# -5.5 points held as -0.05499999999999999 read "-5 pts" where -0.055 reads "-6 pts" (a staffer's check in SQL)
RATE_DECIMALS = 10


def rate_change(before: pd.Series, after: pd.Series) -> pd.Series:
    """after - before, per employer (shares; negative = less turnover), to ``RATE_DECIMALS`` decimals."""
    return (after - before).round(RATE_DECIMALS)


def turnover_change(before: pd.Series, after: pd.Series) -> TurnoverChange:
    """Median paired change in turnover rate (after - before) among employers with both rates.

    Rates are shares 0-1; an employer missing either rate is left out and counted in ``excluded``.
    """
    b = pd.to_numeric(before, errors="coerce")
    a = pd.to_numeric(after, errors="coerce")
    paired = b.notna() & a.notna()
    excluded = int((~paired).sum())
    if not paired.any():
        return TurnoverChange(0, excluded, math.nan, math.nan, math.nan)
    return TurnoverChange(int(paired.sum()), excluded, round(float(b[paired].median()), RATE_DECIMALS),
                          round(float(a[paired].median()), RATE_DECIMALS),
                          round(float(rate_change(b[paired], a[paired]).median()), RATE_DECIMALS))


def is_latest_response(employer_id: pd.Series, partnership_id: pd.Series, year: pd.Series) -> pd.Series:
    """Is each response its employer's latest for that partnership (the one with the largest survey year)?

    The one definition of "an employer's answer" for every employer figure (pages, Overview, public release): an
    employer counts once per partnership, by its latest answer among the responses given. Survey years are unique
    per employer and partnership (the table's key), so exactly one response per pair is latest.
    """
    keys = pd.DataFrame({"employer_id": employer_id, "partnership_id": partnership_id, "year": year})
    return keys["year"] == keys.groupby(["employer_id", "partnership_id"], sort=False)["year"].transform("max")


def latest_responses(surveys: pd.DataFrame) -> pd.DataFrame:
    """Each employer's latest survey response per partnership (one row per employer x partnership).

    An employer surveyed in two years would otherwise count twice in medians and shares; its latest answer is its
    current state (``is_latest_response``). Rows keep their columns, ordered by employer and partnership; an empty
    frame stays empty.
    """
    if surveys.empty:
        return surveys.copy()
    ordered = surveys.sort_values(["employer_id", "partnership_id", "survey_year"], kind="stable")
    latest = is_latest_response(ordered["employer_id"], ordered["partnership_id"], ordered["survey_year"])
    return ordered[latest].reset_index(drop=True)


def paired_turnover(surveys: pd.DataFrame) -> pd.DataFrame:
    """Responses with both turnover rates, with ``change`` = after - before (shares; negative = less turnover).

    Responses missing either rate are left out (``turnover_change`` counts them).
    """
    before = pd.to_numeric(surveys["turnover_rate_before"], errors="coerce")
    after = pd.to_numeric(surveys["turnover_rate_after"], errors="coerce")
    paired = surveys[before.notna() & after.notna()].copy()
    paired["change"] = rate_change(before[paired.index], after[paired.index])
    return paired.reset_index(drop=True)


def turnover_change_by(surveys: pd.DataFrame, by: str) -> pd.DataFrame:
    """``turnover_change`` per value of the column ``by`` (sector, partnership, county ...).

    One row per group: ``n`` (responses with both rates), ``excluded`` (missing a rate), median before, after and
    paired change (shares). Groups come sorted by median change, largest fall first; missing medians last.
    """
    before = pd.to_numeric(surveys["turnover_rate_before"], errors="coerce")
    after = pd.to_numeric(surveys["turnover_rate_after"], errors="coerce")
    paired = before.notna() & after.notna()
    frame = surveys[[by]].assign(paired=paired, before=before.where(paired), after=after.where(paired),
                                 change=rate_change(before, after).where(paired))
    groups = frame.groupby(by, sort=True, dropna=True)
    out = pd.DataFrame({"n": groups["paired"].sum().astype(int), "rows": groups.size(),
                        "median_before": groups["before"].median().round(RATE_DECIMALS),
                        "median_after": groups["after"].median().round(RATE_DECIMALS),
                        "median_change": groups["change"].median().round(RATE_DECIMALS)})
    out.insert(1, "excluded", out.pop("rows") - out["n"])
    out = out.rename_axis(by).reset_index()
    return out.sort_values("median_change", na_position="last", kind="stable").reset_index(drop=True)


def survey_shares(surveys: pd.DataFrame) -> pd.DataFrame:
    """Share answering yes to each survey question among responses with a known answer, beside the published share.

    share = yes / known answers; a missing answer is left out of both (``n`` says how many answered). Published
    shares: third-party evaluation of the Massachusetts Sector Initiative (``references.SURVEY_SHARES``). With no
    answers the share is NaN and n is 0.
    """
    rows = []
    for column, label in SURVEY_QUESTIONS.items():
        share = share_true(surveys[column]) if column in surveys else share_true(pd.Series(dtype="boolean"))
        published, reference = PUBLISHED_SHARES[column]
        yes = round(share.share * share.n) if share.n else 0
        rows.append((column, label, share.n, yes, share.share, published, reference.text, reference.source))
    return pd.DataFrame(rows, columns=["question", "label", "n", "yes", "share", "published_share",
                                       "published_text", "published_source"])


def hires_by(surveys: pd.DataFrame, by: str) -> pd.DataFrame:
    """Hires from the partnership's training per group: total, employers reporting, hires per reporting employer.

    Hires are summed over every response in view (each survey reports the hires of its period). An employer with
    no reported number is left out of ``employers_reporting`` and of the per-employer figures; a group where no
    employer reported has total NaN (missing stays missing). hires_per_employer = total / employers_reporting;
    median_per_employer is the median of employers' totals.
    """
    known = surveys[[*dict.fromkeys([by, "employer_id"])]].assign(
        hires=pd.to_numeric(surveys["hires_from_training"], errors="coerce"))
    per_employer = known.groupby([*dict.fromkeys([by, "employer_id"])], sort=True)["hires"].sum(min_count=1)
    reported = per_employer.dropna().groupby(level=0)
    out = pd.DataFrame({"employers": known.groupby(by, sort=True)["employer_id"].nunique()})
    out["employers_reporting"] = reported.size().reindex(out.index).fillna(0).astype(int)
    out["hires"] = reported.sum().reindex(out.index)
    out["hires_per_employer"] = out["hires"] / out["employers_reporting"].where(out["employers_reporting"] > 0)
    out["median_per_employer"] = reported.median().reindex(out.index)
    return out.rename_axis(by).reset_index()


@dataclass(frozen=True)
class HiresSummary:
    """Hires from training over employers: how many reported, the total, and the mean and median per employer."""

    employers_reporting: int
    hires: float
    mean_per_employer: float
    median_per_employer: float


def hires_summary(surveys: pd.DataFrame) -> HiresSummary:
    """Hires from training summed per employer over its responses, then totalled, averaged and the median taken.

    Employers that reported no number are left out (missing is not zero); with none reporting every figure is NaN.
    """
    hires = pd.to_numeric(surveys["hires_from_training"], errors="coerce")
    per_employer = hires.groupby(surveys["employer_id"]).sum(min_count=1).dropna()
    if per_employer.empty:
        return HiresSummary(0, math.nan, math.nan, math.nan)
    return HiresSummary(len(per_employer), float(per_employer.sum()), float(per_employer.mean()),
                        float(per_employer.median()))


def annual_from_quarterly_turnover(quarterly: float) -> float:
    """Annualize a QWI quarterly turnover rate: annual = 4 x quarterly.

    QWI's TurnOvrS is (stable hires in the quarter + stable separations in the next) / (2 x stable employment):
    a flow per quarter. Over a year the four quarterly flows add up, so four times the average quarterly rate is
    the annual rate, assuming a steady workforce through the year. It counts only jobs held a full quarter, so it
    runs below an all-jobs turnover rate. NaN stays NaN.
    """
    return QUARTERS_PER_YEAR * quarterly


def regional_turnover(turnover_rate: pd.Series, employment: pd.Series) -> RegionalTurnover:
    """Employment-weighted mean QWI quarterly turnover over area-quarter cells, and its annual equivalent.

    quarterly = sum(rate_c x employment_c) / sum(employment_c) over cells with a released rate and employment
    above zero; a cell whose rate was suppressed, or whose employment is missing or zero, is left out (``cells``
    counts every cell, ``cells_used`` those used). annual = 4 x quarterly (``annual_from_quarterly_turnover``).
    With no usable cell both are NaN.
    """
    rate = pd.to_numeric(turnover_rate, errors="coerce").reset_index(drop=True)
    weight = pd.to_numeric(employment, errors="coerce").reset_index(drop=True)
    usable = rate.notna() & weight.notna() & (weight > 0)
    if not usable.any():
        return RegionalTurnover(len(rate), 0, math.nan, math.nan)
    quarterly = float(np.average(rate[usable], weights=weight[usable]))
    return RegionalTurnover(len(rate), int(usable.sum()), quarterly, annual_from_quarterly_turnover(quarterly))


def regional_turnover_by(cells: pd.DataFrame, by: str) -> pd.DataFrame:
    """``regional_turnover`` per value of ``by``: one row per group with cells, cells_used, quarterly, annual.

    Cells are counted once per group (a cell listed twice, e.g. for two partnerships, counts once).
    """
    key = ["area_type", "area_code", "naics_sector", "year", "quarter"]
    unique = cells.drop_duplicates([by, *[c for c in key if c in cells.columns]])
    rate = pd.to_numeric(unique["turnover_rate"], errors="coerce")
    weight = pd.to_numeric(unique["employment"], errors="coerce")
    usable = rate.notna() & weight.notna() & (weight > 0)
    frame = unique[[by]].assign(used=usable, weight=weight.where(usable), weighted=(rate * weight).where(usable))
    groups = frame.groupby(by, sort=True, dropna=True)
    out = pd.DataFrame({"qwi_cells": groups.size(), "qwi_cells_used": groups["used"].sum().astype(int)})
    out["qwi_quarterly"] = groups["weighted"].sum() / groups["weight"].sum().where(out["qwi_cells_used"] > 0)
    out["qwi_annual"] = annual_from_quarterly_turnover(out["qwi_quarterly"])
    return out.rename_axis(by).reset_index()


def baseline_comparison(surveys: pd.DataFrame, cells: pd.DataFrame, by: str) -> pd.DataFrame:
    """Partnership employers' turnover beside their industry's regional QWI turnover, per group ``by``.

    ``surveys``: responses (one per employer x partnership); ``cells``: the QWI cells of each group (same
    sector, the employers' counties, the survey years). One row per group with surveys: the employers' median
    before/after (paired, ``n``), the QWI annualized turnover (``qwi_annual``, with the cells it rests on), and
    ``after_minus_qwi`` = median after - QWI annual (negative: partnership employers below the local norm). A group
    without QWI cells keeps NaN for the QWI figures.
    """
    change = turnover_change_by(surveys, by)
    if cells.empty or by not in cells:
        regional = pd.DataFrame(columns=[by, "qwi_cells", "qwi_cells_used", "qwi_quarterly", "qwi_annual"])
    else:
        regional = regional_turnover_by(cells, by)
    merged = change.merge(regional, on=by, how="left")
    merged["qwi_cells"] = merged["qwi_cells"].fillna(0).astype(int)
    merged["qwi_cells_used"] = merged["qwi_cells_used"].fillna(0).astype(int)
    merged["qwi_annual"] = pd.to_numeric(merged["qwi_annual"], errors="coerce")
    merged["after_minus_qwi"] = merged["median_after"] - merged["qwi_annual"]
    return merged


@dataclass(frozen=True)
class YearsOutside:
    """Answers compared with the QWI baseline (both rates known) whose survey year the QWI data does not cover."""

    compared: int
    outside: int
    years: tuple[int, ...]

    @property
    def years_text(self) -> str:
        """The years outside in runs: "2012–2013 and 2025"."""
        runs: list[list[int]] = []
        for year in self.years:
            if runs and year == runs[-1][1] + 1:
                runs[-1][1] = year
            else:
                runs.append([year, year])
        spans = [f"{first}" if first == last else f"{first}–{last}" for first, last in runs]
        return in_a_list(spans)


def answers_outside_qwi_years(surveys: pd.DataFrame, first_year: int, last_year: int) -> YearsOutside:
    """How many answers with both turnover rates (those the baseline compares, ``turnover_change_by``'s ``n``) have
    a survey year outside the QWI years ``first_year``-``last_year``, and which years.

    Such an answer counts in its group's medians, while the group's QWI rate rests on its other survey years (none:
    no QWI figure): "same counties and years" holds for the rest only. No answers: 0 of 0.
    """
    before = pd.to_numeric(surveys["turnover_rate_before"], errors="coerce")
    after = pd.to_numeric(surveys["turnover_rate_after"], errors="coerce")
    years = pd.to_numeric(surveys["survey_year"], errors="coerce")[before.notna() & after.notna()]
    outside = years[(years < first_year) | (years > last_year)]
    return YearsOutside(len(years), len(outside), tuple(sorted(int(year) for year in outside.unique())))


def below_norm(comparison: pd.DataFrame) -> tuple[int, int]:
    """(groups whose employers' median turnover at the survey is below the QWI annual rate, groups compared).

    Only groups with both figures are compared; a group missing either is left out of both counts.
    """
    compared = comparison.dropna(subset=["median_after", "qwi_annual"])
    return int((compared["median_after"] < compared["qwi_annual"]).sum()), len(compared)


def preferred_geography(cells: pd.DataFrame) -> str | None:
    """The QWI geography to use: 'county' when any county cell has a turnover rate, else 'metro' when a metro cell
    has one, else None (county cells add up to metro areas, so the two are never mixed)."""
    for area_type in ("county", "metro"):
        of_type = cells[cells["area_type"] == area_type]
        if of_type["turnover_rate"].notna().any():
            return area_type
    return None


def years_to_show(year_from: int, year_to: int, first_year: float, last_year: float) -> tuple[int, int] | None:
    """The selected years clipped to the years the QWI data covers; the QWI years themselves when they do not
    overlap the selection; None when there is no QWI data at all."""
    if first_year is None or last_year is None or pd.isna(first_year) or pd.isna(last_year):
        return None
    low, high = max(year_from, int(first_year)), min(year_to, int(last_year))
    return (low, high) if low <= high else (int(first_year), int(last_year))


# --- As shown: in a public view (k given) each group's figures are blanked where they rest on fewer than k employers
# or answers (privacy.suppress_groups, which hides one more group where a lone hidden one would show by subtraction
# from a total); staff views (k None) get every figure. A ``hidden`` column says which groups were blanked.

def turnover_change_by_shown(surveys: pd.DataFrame, by: str, k: int | None) -> pd.DataFrame:
    """``turnover_change_by``, its medians resting on ``n`` (employers with both rates)."""
    return suppress_groups(turnover_change_by(surveys, by), "n", ["median_before", "median_after", "median_change"],
                           k)


def survey_shares_shown(surveys: pd.DataFrame, k: int | None) -> pd.DataFrame:
    """``survey_shares``, each question's share and yes count resting on ``n`` (employers who answered it)."""
    return suppress_groups(survey_shares(surveys), "n", ["share", "yes"], k)


def baseline_comparison_shown(surveys: pd.DataFrame, cells: pd.DataFrame, by: str, k: int | None) -> pd.DataFrame:
    """``baseline_comparison``, the employers' medians and their distance to the QWI rate resting on ``n``."""
    return suppress_groups(baseline_comparison(surveys, cells, by), "n",
                           ["median_before", "median_after", "median_change", "after_minus_qwi"], k)


def hires_by_shown(surveys: pd.DataFrame, by: str, k: int | None) -> pd.DataFrame:
    """``hires_by``, the hires figures resting on ``employers_reporting``."""
    return suppress_groups(hires_by(surveys, by), "employers_reporting",
                           ["hires", "hires_per_employer", "median_per_employer"], k)
