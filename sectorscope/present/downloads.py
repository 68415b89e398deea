"""CSV downloads as a reader opens them in a spreadsheet: headings in words with their units, shares in percent as
the pages show them, and on the demo a column saying the data are synthetic.

Pure: no Streamlit. ``ui.render.render_download`` passes every table a page offers for download through
``readable_download`` when the button is clicked. The frames keep the names the metrics give their columns
(``sector_code``, ``median_change``); a download once carried them as they are, with rates as fractions of 1 beside
a page showing percentages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from sectorscope.present.formatting import year_span

DEMO_COLUMN = "Data"
DEMO_NOTE = "Demo data (synthetic): made-up records, not a real state's"


@dataclass(frozen=True)
class Heading:
    """A column's heading in a download and what its numbers are: ``"percent"`` (a fraction of 1, written as a
    percentage: 0.7 -> 70), ``"points"`` (a difference of two fractions, written in percentage points: -0.068 ->
    -6.8), or ``None`` (written as it is)."""

    text: str
    unit: str | None = None


PERCENT, POINTS = "percent", "points"
FRACTION_KINDS = (PERCENT, "relative", "rate_1")  # the kinds of ``formatting.TABLE_FORMATS`` holding fractions of 1
UNIT_SUFFIX = {PERCENT: " (%)", POINTS: " (points)"}

# Every column name the metrics give a table offered for download, with its heading. A name meaning different things
# on different pages ("change": jobs on Industry, turnover on Employer outcomes) is headed there by the page
# (``headings`` of ``readable_download``); the default here is the meaning that needs no unit.
HEADINGS: dict[str, Heading] = {name: Heading(*spec) for name, spec in {
    # partnerships, grants, systems change
    "partnership_id": ("Partnership ID",), "partnership_name": ("Partnership",), "name": ("Name",),
    "sector_code": ("Sector code",), "sector_name": ("Sector",), "convener_name": ("Convener",),
    "convener_type": ("Convener type",), "phase": ("Phase",), "counties": ("Counties served",),
    "participants": ("Exiters",), "completers": ("Completers",), "employers": ("Employers",),
    "grant_id": ("Grant ID",), "grant_type": ("Grant type",), "funder": ("Funder",),
    "funding_source": ("Funding source",), "amount_usd": ("Amount ($)",), "start_date": ("Start",),
    "end_date": ("End",), "grants": ("Grants",), "grant_dollars": ("Grant dollars ($)",),
    "state_dollars": ("State dollars ($)",), "non_state_dollars": ("Non-state dollars ($)",),
    "leverage": ("Leverage (non-state $ per state $)",), "leverage_text": ("Leverage as shown",),
    "empty_because": ("Empty because",),
    "cost_per_exiter": ("Grant dollars per exiter ($)",),
    "cost_per_completer": ("Grant dollars per completer ($)",),
    "gain_n": ("Completers with both wages",), "mean_hourly_gain": ("Mean hourly wage gain ($)",),
    "employed_completers": ("Completers employed",), "annual_gain": ("Earnings gain over the years counted ($)",),
    "return_per_dollar": ("Earnings gain per grant dollar ($)",),
    "partners": ("Partners",), "employers_beyond_convener": ("Employers besides the convener",),
    "gaps": ("Partner types missing",), "change_id": ("Change ID",), "changed_on": ("Date",),
    "category": ("Category",), "description": ("What changed",),
    # employers
    "employer_id": ("Employer ID",), "employer_name": ("Employer",), "county_fips": ("County FIPS",),
    "county_name": ("County",), "size_class": ("Size (employees)",), "survey_year": ("Survey year",),
    "turnover_rate_before": ("Turnover before joining", PERCENT),
    "turnover_rate_after": ("Turnover at the survey", PERCENT),
    "reduced_turnover": ("Reports reduced turnover",), "reduced_rework": ("Reports reduced rework",),
    "reduced_complaints": ("Reports fewer complaints",), "partnership_valuable": ("Values the partnership",),
    "hires_from_training": ("Hires from training",), "n": ("Employers (n)",),
    "excluded": ("Employers left out (a rate missing)",),
    "median_before": ("Median turnover before joining", PERCENT),
    "median_after": ("Median turnover at the survey", PERCENT),
    "median_change": ("Median change in turnover", POINTS),
    "question": ("Question code",), "label": ("Question",), "yes": ("Employers answering yes",),
    "share": ("Share answering yes", PERCENT), "published_share": ("Published share", PERCENT),
    "published_text": ("Published",), "published_source": ("Source of the published figure",),
    "qwi_cells": ("QWI cells",), "qwi_cells_used": ("QWI cells with a released rate",),
    "qwi_quarterly": ("QWI turnover per quarter", PERCENT), "qwi_annual": ("QWI turnover per year", PERCENT),
    "after_minus_qwi": ("Turnover at the survey minus QWI", POINTS), "naics_sector": ("NAICS sector",),
    "employers_reporting": ("Employers reporting hires",), "hires": ("Hires from training",),
    "hires_per_employer": ("Hires per employer reporting (mean)",),
    "median_per_employer": ("Hires per employer reporting (median)",),
    # industries (QCEW)
    "industry_code": ("NAICS code",), "industry_title": ("Industry",), "employment": ("Employment",),
    "establishments": ("Establishments",), "avg_weekly_wage": ("Average weekly wage ($)",),
    "wage_ratio": ("Wage against the area's all-industry average (ratio)",),
    "employment_share": ("Share of the area's employment", PERCENT), "lq": ("Location quotient",),
    "lq_source": ("Location quotient from",), "change_1y": ("Change over 1 year (jobs)",),
    "areas_without_change_1y": ("Areas with jobs and no change over the year",),
    "change_1y_missing_because": ("Change over 1 year missing because",),
    "changes_withheld_because": ("Changes not given because",),
    "areas_left_out": ("Areas suppressed in either year (change not given)",),
    "partial_pct_change_1y": ("Change over 1 year of the counties disclosed in both years only (partial)", PERCENT),
    "partial_pct_change_5y": ("Change over 5 years of the counties disclosed in both years only (partial)",
                              PERCENT),
    "pct_change_1y": ("Change over 1 year", PERCENT), "change_5y": ("Change over 5 years (jobs)",),
    "pct_change_5y": ("Change over 5 years", PERCENT), "start_employment": ("Employment, first year",),
    "end_employment": ("Employment, last year",), "change": ("Change",), "pct_change": ("Change", PERCENT),
    "cagr": ("Growth per year (compound)", PERCENT), "areas": ("Areas",),
    "suppressed_areas": ("Areas suppressed by BLS",),
    "suppressed_establishment_share": ("Establishments in suppressed areas", PERCENT), "status": ("Status",),
    "coverage": ("Partnership coverage",), "score": ("Target score",), "rank": ("Rank",),
    "strong": ("Strong (concentrated and growing)",), "gap": ("Strong, no partnership",),
    "quadrant": ("Quadrant",), "partnerships": ("Partnerships",), "sectors": ("Sectors",),
    "total_employment": ("All-industry employment",), "actual_change": ("Actual change (jobs)",),
    "reference_growth_effect": ("Reference growth (jobs)",), "industry_mix_effect": ("Industry mix (jobs)",),
    "competitive_effect": ("Regional, competitive (jobs)",),
    "reference_industry_growth": ("Industry's growth in the reference", PERCENT),
    "reference_total_growth": ("All industries' growth in the reference", PERCENT),
}.items()}


def heading_text(heading: Heading) -> str:
    """The heading as written: its words and its unit ("Share answering yes (%)")."""
    suffix = UNIT_SUFFIX.get(heading.unit or "", "")
    text = heading.text.removesuffix(" %") if heading.unit == PERCENT else heading.text  # "Median gain %"
    return text if text.endswith(suffix) else text + suffix


def fallback_heading(name: str) -> Heading:
    """A column no table here names yet: its name in words ("first_year" -> "First year")."""
    words = name.replace("_", " ").strip()
    return Heading(words[:1].upper() + words[1:])


SELECTION_COLUMN = "Selection"  # the view a staff file was downloaded from, on every row
SOURCE_COLUMN = "Source"  # where a file of published reference data comes from, on every row


def readable_download(frame: pd.DataFrame, headings: Mapping[str, Heading | str] | None = None,
                      units: Mapping[str, str] | None = None, is_demo: bool = False,
                      view: str | None = None, source: str | None = None) -> pd.DataFrame:
    """``frame`` as its CSV download holds it.

    - each column headed in words (``headings`` of the page first, then ``HEADINGS``; a heading already in words,
      as the Worker page's tables have, stays) with its unit;
    - ``percent`` columns x 100 (0.7 -> 70, heading "... (%)"), ``points`` columns x 100 (-0.068 -> -6.8); ``units``
      gives the kind of a column headed in words already (the Worker page's kinds: "percent" and "relative" are
      fractions of 1 and written x 100; "points" there are points already). Missing values stay missing, text in
      a number column (``"not loaded"``) stays as written;
    - with ``view`` (the selection in words, ``filters.describe_selection``), a column ``Selection`` saying on
      every row which sectors, places and years it covers: "partnerships.csv" said none, and "Participants" of
      one file and another could not be told apart;
    - with ``source`` (a file of published reference data: BLS's QCEW), a column ``Source`` on every row, so that a
      location quotient pasted into a memo keeps where it came from;
    - on the demo, a last column ``Data`` saying on every row that the records are made up.
    """
    chosen = {name: HEADINGS[name] for name in frame.columns if name in HEADINGS}
    for name, heading in (headings or {}).items():
        chosen[name] = heading if isinstance(heading, Heading) else Heading(heading, chosen.get(name, Heading("")).unit)
    for name, unit in (units or {}).items():
        if name in frame.columns and unit in FRACTION_KINDS:  # other kinds are written as they are shown
            chosen[name] = Heading(chosen.get(name, Heading(str(name))).text, PERCENT)
        elif name in frame.columns and unit == "rate_gap":  # a difference of two fractions: in points
            chosen[name] = Heading(chosen.get(name, Heading(str(name))).text, POINTS)
    out = frame.copy(deep=False)
    renamed: dict[str, str] = {}
    for name in frame.columns:
        heading = chosen.get(name) or (fallback_heading(name) if _is_code_name(name) else Heading(str(name)))
        if heading.unit in UNIT_SUFFIX:
            out[name] = _times_100(frame[name])
        renamed[name] = heading_text(heading)
    out = out.rename(columns=renamed)
    if view:
        out = out.assign(**{SELECTION_COLUMN: view})
    if source:
        out = out.assign(**{SOURCE_COLUMN: source})
    return with_demo_note(out, is_demo)


def with_demo_note(frame: pd.DataFrame, is_demo: bool) -> pd.DataFrame:
    """On the demo, ``frame`` with a last column ``Data`` saying on every row that the records are made up (a row
    pasted elsewhere keeps it); otherwise ``frame`` as it is."""
    return frame.assign(**{DEMO_COLUMN: DEMO_NOTE}) if is_demo else frame


# The public release's statistics (``release_cells.statistic``) but its shares (fractions of 1, "share_..."), by
# unit: each named, so that a new statistic is not written as a count unnoticed (tests/test_present_downloads.py
# checks every statistic of the demo's release has one)
RELEASE_SHARE_PREFIX = "share_"
RELEASE_UNITS = {
    **dict.fromkeys(("exiters", "completers", "credential_yes", "employed_n", "employed_yes", "wage_n", "poverty_n",
                     "poverty_before_yes", "poverty_after_yes", "insurance_n", "insurance_before_yes",
                     "insurance_after_yes", "sick_leave_n", "sick_leave_before_yes", "sick_leave_after_yes"),
                    "people"),
    **dict.fromkeys(("responses", "turnover_n", "turnover_yes", "rework_n", "rework_yes", "complaints_n",
                     "complaints_yes", "valuable_n", "valuable_yes"), "employer answers"),
    "public_partnerships": "partnerships", "grant_dollars": "dollars", "mean_wage_gain": "dollars per hour",
    "median_wage_gain": "dollars per hour", "attacker_checked": "flag"}


def public_release_download(release: pd.DataFrame, exit_years: tuple[int, int] | None = None) -> pd.DataFrame:
    """The public release (``queries/release_table.sql``) as the Showcase's CSV holds it: its own column names (a
    public dataset's), shares in percent as every other CSV writes them (it wrote 0.389 where the cards read 39%: an
    auditor), and after ``value`` a ``unit`` column (``RELEASE_UNITS``: "percent", "people", "employer answers",
    "partnerships", "dollars", "dollars per hour", "flag"; empty for a statistic it does not name). A count of
    people shown as 0 in a year outside ``exit_years`` (``story.release_exit_years``: the years whose published
    exits are above 0) is none on record, not a true 0: empty, its ``value_note`` naming the years, as the Showcase
    says it ("exiters 0" in 2005-2014, where the screen read "None in selection", a staffer)."""
    share = release["statistic"].astype(str).str.startswith(RELEASE_SHARE_PREFIX)
    unit = release["statistic"].map(RELEASE_UNITS).where(~share, "percent")
    out = release.assign(value=release["value"].where(~share, release["value"] * 100))
    out.insert(out.columns.get_loc("value") + 1, "unit", unit)
    if exit_years is not None:
        year = pd.to_numeric(out["period"], errors="coerce")
        shown_zero = pd.to_numeric(out["value"], errors="coerce").eq(0) & ~out["is_hidden"].astype(bool)
        outside = year.notna() & ~year.between(*exit_years) & unit.eq("people") & shown_zero
        out["value"] = out["value"].mask(outside)
        out["value_note"] = out["value_note"].astype("object").mask(
            outside, f"none on record: published exits run {year_span(*exit_years)}")
    return out


def _is_code_name(name: object) -> bool:
    """A column named as code names it ("sector_code", "employer"), not as a heading ("Sector", "K-12")."""
    return isinstance(name, str) and ("_" in name or name[:1].islower())


def _times_100(values: pd.Series) -> pd.Series:
    """Fractions of 1 as percentages (or points); text and missing values as they are."""
    numbers = pd.to_numeric(values, errors="coerce")
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return numbers * 100
    return values.where(numbers.isna(), numbers * 100)


# The Industry table's columns comparing two years: none of them has a meaning with one year
COMPARED_COLUMNS = ["start_employment", "end_employment", "change", "pct_change", "cagr", "partial_cagr"]


def years_compared(start: int, end: int) -> dict[str, Heading]:
    """The headings of an Industry table's columns comparing QCEW year ``start`` with year ``end`` (its growth and
    its shift-share), with the years in them."""
    return {"start_employment": Heading(f"Employment, {start}"), "end_employment": Heading(f"Employment, {end}"),
            "change": Heading(f"Change, {start}–{end} (jobs)"),
            "pct_change": Heading(f"Change, {start}–{end}", PERCENT),
            "cagr": Heading(f"Growth per year, {start}–{end} (compound)", PERCENT),
            "partial_cagr": Heading(f"Growth per year, {start}–{end}, of the counties disclosed in both years only "
                                    "(partial)", PERCENT),
            "actual_change": Heading(f"Actual change, {start}–{end} (jobs)")}


def industry_headings(start: int, end: int, from_bls: bool) -> dict[str, Heading]:
    """The headings of the Industry table's CSV: ``years_compared``, and its count of suppressed areas said after
    the source: "Areas suppressed by BLS" for BLS's files (``from_bls``), "in the loaded file" for any other (a
    qcew_annual.csv loaded through the template is not BLS's)."""
    headings = years_compared(start, end)
    return headings if from_bls else {**headings, "suppressed_areas": Heading("Areas suppressed in the loaded file")}


def shift_share_headings(start: int, end: int, reference_name: str) -> dict[str, Heading]:
    """The headings of a shift-share CSV comparing ``start`` with ``end`` against ``reference_name`` ("the U.S.",
    "Pennsylvania"): the years and the reference in them ("Reference growth (jobs)" read the same against the U.S.
    and against the state)."""
    return {**years_compared(start, end),
            "reference_growth_effect": Heading(f"Reference growth, as all of {reference_name} grew (jobs)"),
            "reference_industry_growth": Heading(f"Industry's growth in {reference_name}", PERCENT),
            "reference_total_growth": Heading(f"All industries' growth in {reference_name}", PERCENT)}


def shift_share_file_name(area_fips: Sequence[str], start: int, end: int, reference: str,
                          reference_area: str) -> str:
    """The shift-share CSV's name, with its reference: "shift-share-42071-2019-2024-vs-us.csv", or
    "...-vs-state-42000.csv" against the state (the two were named alike)."""
    against = "us" if reference == "us" else f"state-{reference_area}"
    return f"shift-share-{'-'.join(area_fips)}-{start}-{end}-vs-{against}.csv"
