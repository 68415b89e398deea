"""``industry``: the industry table of a county, region or state, as the Industry analysis page shows it.

    python -m sectorscope industry --area 42071 --year 2016 [--from-year 2011] [--reference us|state]
                                   [--level sector] [--ownership private] [--csv] [--db PATH]

``--area`` is a county (42071), a state (42000), several counties (42071,42133) or a region id. One row per
industry: code, title, employment, establishments, average weekly wage, LQ (and where it comes from), the
1-year change and percent change, the 5-year percent change and the compound growth per year since --from-year.
``--reference state`` compares the area with the state it lies in (an area of counties of two states has none).
Exit codes: 0 printed, 1 no data for the area and year, 2 usage error (no database at --db, or not one; the state
reference for counties of two states).
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd

from sectorscope import codes, db
from sectorscope.charts.industry import (
    at_least,
    change_1y_missing_because,
    changes_withheld_because,
    is_from_bls,
    lq_source_names,
    lq_source_text,
    signed_count,
    withheld_by,
)
from sectorscope.commands.common import add_db_option, database_from
from sectorscope.filters import county_labels
from sectorscope.metrics import labor_market as lm
from sectorscope.present.formatting import (
    MISSING,
    format_count,
    format_dollars,
    format_ratio,
    format_relative_change,
    format_text,
    is_missing,
)
from sectorscope.rounding import half_up_array
from sectorscope.sources import qcew

LEVELS = {"total": "1", "domain": "2", "supersector": "3", "sector": "4", "3-digit": "5", "4-digit": "6",
          "5-digit": "7", "6-digit": "8"}
OWNERSHIPS = {"private": "5", "federal": "1", "state": "2", "local": "3"}


def register(subparsers) -> None:
    """Add the ``industry`` command."""
    parser = subparsers.add_parser("industry", help="print the industry table of a county, region or state")
    parser.add_argument("--area", required=True, help="county FIPS, state code (42000), counties joined by commas, "
                                                      "or a region id")
    parser.add_argument("--year", required=True, type=int, help="the year shown (growth ends in it)")
    parser.add_argument("--from-year", type=int, help="first year of the compound growth (default: as the Industry "
                        "page starts, 5 years before, or the first year loaded for every area since)")
    parser.add_argument("--reference", choices=("us", "state"), default="us",
                        help="what LQs compare with: the U.S. or the state the area lies in (default: us)")
    parser.add_argument("--level", choices=tuple(LEVELS), default="sector", help="industry detail (default: sector)")
    parser.add_argument("--ownership", choices=tuple(OWNERSHIPS), default="private", help="default: private")
    parser.add_argument("--csv", action="store_true", help="CSV on standard output instead of a table")
    add_db_option(parser)
    parser.set_defaults(run=run)


def resolve_area(con, text: str) -> list[str]:
    """Area codes of ``--area``: a region id becomes its counties; otherwise codes separated by commas."""
    regions = db.run_query(con, "regions")
    match = regions[regions["region_id"] == text.strip()]
    if not match.empty:
        return sorted(match["county_fips"].iloc[0])
    return [code.strip() for code in text.split(",") if code.strip()]


def county_names(con) -> dict[str, str]:
    """Each county's name as the pages write it, by FIPS (``filters.county_labels``): "York County" in the state
    the data is about, "Chemung County (NY)" in another that a region or partnership names."""
    state_fips = db.run_query(con, "active_state")["state_fips"].iloc[0]
    return county_labels(db.run_query(con, "state_counties", state_fips=state_fips), state_fips)


def area_words(area_fips: list[str], names: dict[str, str]) -> str:
    """The area as the command was asked for it: each county by its name and the FIPS it was given as ("Lancaster
    County (42071), York County (42133)"), any other code (a state's 42000) as given."""
    return ", ".join(f"{names[code]} ({code})" if code in names else code for code in area_fips)


def industry_report(con, area_fips: list[str], year: int, from_year: int | None, reference: str, level: str,
                    own_code: str) -> pd.DataFrame:
    """The industry table with the numbers the page shows, rounded as it shows them: industry_code,
    industry_title, employment, establishments, avg_weekly_wage, lq, lq_source, change_1y, change_1y_pct,
    change_5y_pct (from five years before ``year``), growth_from_year, growth_per_year_pct (compound, from
    growth_from_year to ``year``: five years back, or the first year loaded since, or ``from_year``),
    partial_change_1y_pct, partial_change_5y_pct, partial_growth_per_year_pct
    (the counties disclosed in both years alone, where a county was suppressed in either: partial), status,
    change_1y_missing_because (why a 1-year change made from BLS's
    changes over the year is missing: a county's files carry none; "" elsewhere) and changes_withheld_because
    (which changes are not given because a county was suppressed in either of their years, and which). The reasons
    name the counties as the page does (``county_names``): "York County suppressed in 2014 or 2019", not
    "42133"."""
    rows = db.run_query(con, "industry_area_rows", area_fips=area_fips, own_code=own_code, level=level)
    # the area's own state, as the page compares it (Chemung County with New York): ``run`` refuses areas of two
    reference_area = qcew.US_AREA if reference == "us" else qcew.own_state_area(area_fips)
    reference_rows = db.run_query(con, "industry_area_rows", area_fips=[reference_area], own_code=own_code,
                                  level=level)
    state_areas = sorted({qcew.state_area(code[:2]) for code in area_fips} - set(area_fips))
    lq_rows = db.run_query(con, "industry_area_rows", area_fips=state_areas, own_code=own_code, level=level)
    if from_year is not None:
        start = from_year
    else:  # as the page starts: five years back, or the first year loaded for every area since
        totals = db.run_query(con, "industry_area_rows", area_fips=area_fips, own_code="0", level="0")
        years = [loaded for loaded in lm.years_with_data(totals, len(area_fips)) if loaded <= year] or [year]
        start = lm.default_start_year(years)
    profile = lm.industry_profile(rows, reference_rows, start_year=start, end_year=year, reference=reference,
                                  lq_rows=lq_rows)
    profile = profile[profile["areas"] > 0]
    names = county_names(con)
    # "BLS published", "suppressed by BLS": said of BLS's files only, a template's file is worded after the file
    loads = db.run_query(con, "qcew_loads")
    from_bls = is_from_bls(loads)
    def rounded(values: pd.Series, digits: int = 0) -> np.ndarray:  # as the page rounds: a half away from zero
        return half_up_array(values.to_numpy(dtype="float64", na_value=np.nan), digits)

    def whole(values: pd.Series) -> pd.Series:
        return pd.Series(rounded(values), index=values.index).astype("Int64")

    return pd.DataFrame({
        "industry_code": profile["industry_code"],
        "industry_title": profile["industry_title"],
        "employment": whole(profile["employment"]),
        "establishments": whole(profile["establishments"]),
        "avg_weekly_wage": whole(profile["avg_weekly_wage"]),
        "lq": rounded(profile["lq"], 2),
        "lq_source": lq_source_text(profile["lq_source"], from_bls),
        "change_1y": whole(profile["change_1y"]),
        "change_1y_pct": rounded(profile["pct_change_1y"] * 100, 1),
        "change_5y_pct": rounded(profile["pct_change_5y"] * 100, 1),
        # the year the yearly growth starts from: five years back, or where the files start, or --from-year
        "growth_from_year": start,
        "growth_per_year_pct": rounded(profile["cagr"] * 100, 1),
        # some counties' change alone, where one was suppressed in either year: a partial figure, never the area's
        "partial_change_1y_pct": rounded(profile["partial_pct_change_1y"] * 100, 1),
        "partial_change_5y_pct": rounded(profile["partial_pct_change_5y"] * 100, 1),
        "partial_growth_per_year_pct": rounded(profile["partial_cagr"] * 100, 1),
        "status": profile["status"],
        "change_1y_missing_because": change_1y_missing_because(profile, year, names, withheld_by(loads)),
        "changes_withheld_because": changes_withheld_because(profile, start, year, names),
    }).reset_index(drop=True)


def start_of(report: pd.DataFrame, year: int) -> int:
    """The year the report's yearly growth starts from (the year itself for an empty report: none shown)."""
    return int(report["growth_from_year"].iloc[0]) if len(report) else year


def _text_table(report: pd.DataFrame, start: int, year: int) -> str:
    """The report as text, the yearly growth headed by the years it spans ("per yr 2013-16": a staffer read "5-yr
    per yr" as a 5-year rate where the files start three years back; the 5-yr change is five years' always, missing
    where that year is not loaded)."""
    def percent(value) -> str:
        return MISSING if is_missing(value) else format_relative_change(value / 100)

    def or_partial(values: pd.Series, partial: pd.Series) -> pd.Series:  # "(+3.2%)": some counties' alone
        return values.map(percent).where(partial.isna(), "(" + partial.map(percent) + ")")

    shown = pd.DataFrame({
        "code": report["industry_code"],
        "industry": report["industry_title"].map(format_text).str.slice(0, 40).str.ljust(40),
        # a sum over the counties BLS disclosed is a lower bound, as the page says
        "employment": at_least(report["employment"].map(format_count), report["status"]).where(
            report["status"].ne("suppressed"), "suppressed"),
        "estabs": report["establishments"].map(format_count),
        "weekly wage": report["avg_weekly_wage"].map(format_dollars),
        "LQ": at_least(report["lq"].map(lambda v: format_ratio(v, 2)), report["status"]),
        "1-yr chg": report["change_1y"].map(signed_count),
        "1-yr": or_partial(report["change_1y_pct"], report["partial_change_1y_pct"]),
        "5-yr": or_partial(report["change_5y_pct"], report["partial_change_5y_pct"]),
        growth_heading(start, year): or_partial(report["growth_per_year_pct"], report["partial_growth_per_year_pct"]),
    })
    return shown.to_string(index=False, justify="left")


def growth_heading(start: int, year: int) -> str:
    """The growth column's heading: "per yr 2013-16", or "per yr" alone where only ``year`` is loaded (a
    Colorado analyst read "per yr 2016-16" of one year's QCEW: there is no growth to head)."""
    return f"per yr {start}-{year % 100:02d}" if start < year else "per yr"


def run(args: argparse.Namespace) -> int:
    """Print the industry table."""
    if args.from_year is not None and args.from_year >= args.year:  # a "per yr 2020-18" column grew backwards
        print(f"--from-year {args.from_year} is not before --year {args.year}: growth runs from an earlier year.",
              file=sys.stderr)
        return 2
    path = database_from(args, must_exist=True)
    con = db.connect_read_only(path)
    try:
        area_fips = resolve_area(con, args.area)
        if args.reference == "state" and qcew.own_state_area(area_fips) is None:
            states = " and ".join(sorted({codes.state_name(code[:2]) for code in area_fips}))
            print(f"--reference state: {', '.join(area_fips)} lie in {states}; no one state is theirs. Compare with "
                  "the U.S. (--reference us), or choose counties of one state.", file=sys.stderr)
            return 2
        report = industry_report(con, area_fips, args.year, args.from_year, args.reference, LEVELS[args.level],
                                 OWNERSHIPS[args.ownership])
        area = area_words(area_fips, county_names(con))
        from_bls = is_from_bls(db.run_query(con, "qcew_loads"))
        rows = db.run_query(con, "industry_area_rows", area_fips=area_fips, own_code="0", level="0")
        loaded = lm.years_with_data(rows, len(area_fips))
    finally:
        con.close()
    if args.year not in loaded:
        shown = ", ".join(map(str, loaded)) or "none"
        print(f"No QCEW for {', '.join(area_fips)} in {args.year} (years loaded for every area: {shown}).",
              file=sys.stderr)
        return 1
    if args.csv:
        report.to_csv(sys.stdout, index=False)
    else:
        kinds = [name for source, name in lq_source_names(from_bls).items() if report["lq_source"].eq(source).any()]
        against = "the U.S." if args.reference == "us" else codes.state_name(area_fips[0][:2])
        print(f"{area} · {args.year} · {args.ownership} · {args.level} · LQ against "
              f"{against}: {'; '.join(kinds) or 'none loaded'}")
        start = start_of(report, args.year)
        print(_text_table(report, start, args.year))
        if len(report) and start >= args.year:  # an empty report names no start of its own
            print(f"No growth per year: no year before {args.year} is loaded for every area (growth compares two).")
        for reason, group in report[report["change_1y_missing_because"].ne("")].groupby(
                "change_1y_missing_because", sort=False):
            print(f"No 1-yr change for {', '.join(group['industry_title'].map(format_text))}: {reason}; a sum of "
                  "the other counties would read as the whole area's." if len(area_fips) > 1 else
                  f"No 1-yr change for {', '.join(group['industry_title'].map(format_text))}: {reason}.")
        for reason, group in report[report["changes_withheld_because"].ne("")].groupby(
                "changes_withheld_because", sort=False):
            print(f"Not given for {', '.join(group['industry_title'].map(format_text))}: {reason}"
                  + ("; in parentheses: the other counties' change alone (partial, not the area's)."
                     if len(area_fips) > 1 else "."))
    return 0
