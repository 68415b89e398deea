"""Labor-market metrics on QCEW annual averages: concentration, growth, wages, shift-share, a target-sector score
and which industries the partnerships serve.

Inputs are rows of ``queries/industry_area_rows.sql``: one row per area x industry x year with ``employment``,
``total_wages``, ``avg_weekly_wage``, ``establishments``, ``suppressed`` (BLS disclosure code N), the BLS-published
``published_lq``, and ``is_total`` marking the all-industry, all-ownership total (industry 10, ownership 0).
Suppressed values stay missing: a sum over several counties adds the disclosed ones and says how many were
suppressed; a change over time is given only where every county is disclosed in both years (the others' change
would read as the whole area's: a region's "+3.2%/year" was its two small counties' while the third, holding four
fifths of the jobs, was suppressed in the first year). An industry with no row in a county has no establishment
there (BLS leaves such rows out), so it adds zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from sectorscope.rounding import half_up_array

WEEKS_PER_YEAR = 52
STRONG_LQ = 1.2  # "concentrated": at least 20% above the reference's share (the cards, flags and chart quadrants)
LQ_DIGITS = 2  # BLS publishes LQs to hundredths and every page shows them so: thresholds compare the LQ as shown
GROWTH_DIGITS = 1  # growth per year is shown as a percent with one decimal ("+4.5%/year"), and compared so
RANK_COMPONENTS: dict[str, tuple[str, str]] = {  # name -> (profile column, what it means)
    "concentration": ("lq", "location quotient"),
    "growth": ("cagr", "compound annual employment growth over the years compared"),
    "wages": ("wage_ratio", "average weekly wage relative to the area's all-industry average"),
    "size": ("employment", "employment in the last year"),
}
DEFAULT_WEIGHTS: dict[str, float] = {"concentration": 1.0, "growth": 1.0, "wages": 1.0, "size": 0.0}
# status of an industry whose last year is disclosed everywhere but one of its areas was suppressed in a year a
# change shown starts from (the years compared, or 1 or 5 years before the last): that change is not the area's
SUPPRESSED_EARLIER = "suppressed in an earlier year"
# the profile's lists of the areas suppressed in either year of its growth, its 1-year and its 5-year change, and
# those changes of the other areas alone (partial: shown marked, never scored, ranked or flagged)
LEFT_OUT_COLUMNS = ("areas_left_out", "areas_left_out_1y", "areas_left_out_5y")
PARTIAL_COLUMNS = ("partial_cagr", "partial_pct_change_1y", "partial_pct_change_5y")
# status of a county with no job in the industry on the county map: LQ 0, a true zero (not "no reference")
NO_JOBS = "no jobs"
QUADRANTS = ("Concentrated and growing", "Concentrated, shrinking", "Growing, not yet concentrated",
             "Shrinking, not concentrated")


# --- Scalar and Series metrics --------------------------------------------------------------------------------
def _float(value) -> float:
    return np.nan if value is None or pd.isna(value) else float(value)


def _floats(values: pd.Series) -> pd.Series:
    """``values`` as float64, anything not a number missing (floats already are: converting them again cost more
    than the division, many times over in an Industry page's rerun)."""
    return values if values.dtype == "float64" else pd.to_numeric(values, errors="coerce").astype("float64")


def _ratio(numerator, denominator):
    """numerator / denominator, NaN where the denominator is zero or either is missing (scalars or Series)."""
    if isinstance(numerator, pd.Series) or isinstance(denominator, pd.Series):
        top = _floats(numerator) if isinstance(numerator, pd.Series) else _float(numerator)
        if isinstance(denominator, pd.Series):
            bottom = _floats(denominator)
            bottom = bottom.where(bottom != 0)
        else:
            bottom = _float(denominator)
            bottom = np.nan if bottom == 0 else bottom
        return top / bottom
    top, bottom = _float(numerator), _float(denominator)
    return np.nan if np.isnan(top) or np.isnan(bottom) or bottom == 0 else top / bottom


def location_quotient(area_industry, area_total, reference_industry, reference_total):
    """Location quotient of employment, as BLS computes it for QCEW.

    LQ = (e_i / e) / (E_i / E): the industry's share of the area's employment over its share of the reference's
    (the U.S. or the state), where e and E are all-industry, all-ownership totals (BLS: "QCEW Location
    Quotient Details"; checked on Pennsylvania's 2016 files). Works on scalars or aligned Series; NaN when any
    input is missing (suppressed) or a total or the reference's industry employment is zero.
    """
    return _ratio(_ratio(area_industry, area_total), _ratio(reference_industry, reference_total))


def percent_change(start, end):
    """(end - start) / start as a share (0.05 = +5%). NaN when either is missing or start is zero."""
    if start is None or end is None:
        return np.nan
    return _ratio(end - start, start)


def compound_annual_growth(start, end, years):
    """Compound annual growth rate: (end / start) ** (1 / years) - 1.

    NaN when start or end is missing, start is not positive, end is negative, or years is not positive.
    """
    if isinstance(start, pd.Series) or isinstance(end, pd.Series):
        start = pd.Series(start, dtype="float64") if not isinstance(start, pd.Series) else start.astype("float64")
        ratio = _ratio(end, start.where(start > 0))
        if years is None or years <= 0:
            return ratio * np.nan
        return ratio.where(ratio >= 0) ** (1.0 / years) - 1
    if years is None or years <= 0 or pd.isna(start) or pd.isna(end) or start <= 0 or end < 0:
        return np.nan
    return (float(end) / float(start)) ** (1.0 / years) - 1


def weekly_wage(total_wages, employment):
    """Average weekly wage = total annual wages / annual average employment / 52 (BLS's definition).

    NaN when either is missing or employment is zero.
    """
    if employment is None or total_wages is None:
        return np.nan
    return _ratio(total_wages, employment * WEEKS_PER_YEAR)


def shift_share(start_employment, end_employment, reference_total_growth, reference_industry_growth) -> pd.DataFrame:
    """Shift-share decomposition of an area's employment change in each industry between two years.

    With e0, e1 the area's employment in the industry, G the reference's all-industry growth rate and G_i the
    reference's growth rate in the industry (rates as shares, E1 / E0 - 1):
    reference growth effect = e0 * G; industry mix = e0 * (G_i - G); competitive (regional) effect =
    e0 * (g_i - G_i) with g_i = e1 / e0 - 1. The three sum to the actual change e1 - e0 (Dunn 1960; as in
    DESIGN.md section 4). Missing inputs give missing effects; an industry with e0 = 0 has all its change in the
    competitive effect (and none in the others).
    """
    e0 = pd.Series(start_employment, dtype="float64")
    e1 = pd.Series(end_employment, dtype="float64", index=e0.index)
    total_growth = pd.Series(reference_total_growth, dtype="float64", index=e0.index)
    industry_growth = pd.Series(reference_industry_growth, dtype="float64", index=e0.index)
    reference = e0 * total_growth
    mix = e0 * (industry_growth - total_growth)
    competitive = (e1 - e0) - e0 * industry_growth  # = e0 * (g_i - G_i), exact also when e0 = 0
    known = e0.notna() & e1.notna() & total_growth.notna() & industry_growth.notna()
    return pd.DataFrame({
        "start_employment": e0,
        "end_employment": e1,
        "actual_change": (e1 - e0).where(known),
        "reference_growth_effect": reference.where(known),
        "industry_mix_effect": mix.where(known),
        "competitive_effect": competitive.where(known),
    })


# --- From area rows to one table per industry ------------------------------------------------------------------
def _split(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    is_total = rows["is_total"].to_numpy(dtype=bool)
    return rows[~is_total], rows[is_total]


def years_with_data(rows: pd.DataFrame, area_count: int) -> list[int]:
    """Years in which every one of the ``area_count`` areas has its all-industry total, in order."""
    _, totals = _split(rows)
    counts = totals.groupby("year")["area_fips"].nunique()
    return sorted(int(year) for year, n in counts.items() if n >= area_count)


def years_lacking_areas(rows: pd.DataFrame, area_fips: list[str]) -> dict[int, tuple[str, ...]]:
    """Years in which some of ``area_fips`` have their all-industry total and others do not: year -> the areas
    without it, in FIPS order. Such years are left out of ``years_with_data``; saying which areas they lack tells a
    staffer which files to load ("Only 2016 is loaded" stood where 2013-2015 lacked one county of two)."""
    _, totals = _split(rows)
    held = totals.groupby("year")["area_fips"].agg(set)
    wanted = set(area_fips)
    return {int(year): tuple(sorted(wanted - areas)) for year, areas in held.items() if wanted - areas}


def area_sums(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per industry in one year, summed over the areas (index ``industry_code``).

    employment and total_wages add the disclosed areas only (missing when all are suppressed);
    establishments add every area (BLS publishes them for suppressed cells too; missing where an area's count is
    not in its file, as a template's suppressed rows may lack it: the others' sum is not the area's);
    suppressed_areas counts the areas whose cell is suppressed and suppressed_establishment_share is the share of
    the establishments that sit in those cells (missing where one of those counts is not known: it read "0% of
    establishments"). published_lq and published_weekly_wage are BLS's values when there is a single area.
    """
    one = rows[rows["year"] == year]
    suppressed = one["suppressed"].to_numpy(dtype=bool)
    employment = one["employment"].astype("float64").where(~suppressed)
    counted = one["establishments"].notna().to_numpy()
    # industries in order of first appearance (as groupby(sort=False)); the sums in one groupby, counts and a single
    # area's values in arrays (a groupby per column was a tenth of an Industry page's rerun)
    groups, industries = pd.factorize(one["industry_code"])
    by = pd.Index(groups)  # not the array: pandas looks an array up among the columns, printing it in the error
    sums = pd.DataFrame({
        "employment": employment,
        "total_wages": one["total_wages"].astype("float64").where(~suppressed & employment.notna()),
        "establishments": one["establishments"],
        # (a count not known makes the share missing below, whatever the sum)
        "hidden_establishments": one["establishments"].astype("float64").where(suppressed, 0.0),
    }).groupby(by, sort=False).sum(min_count=1)

    def count(where: np.ndarray) -> np.ndarray:
        """How many rows of each industry ``where`` holds."""
        return np.bincount(groups[where], minlength=len(industries))

    areas, suppressed_areas = count(np.ones(len(groups), dtype=bool)), count(suppressed)
    index = pd.Index(industries, name="industry_code")
    single = (areas == 1) & (suppressed_areas == 0)
    first_row = np.unique(groups, return_index=True)[1]  # each industry's first row: a single area's
    titles = one["industry_title"]
    # each industry's first title: its first row's, unless one is missing (a groupby's first skips those)
    titles = titles.iloc[first_row] if titles.notna().all() else titles.groupby(by, sort=False).first()

    def of_single(column: str) -> np.ndarray:
        """The single area's value of ``column`` (published by its source), missing for several."""
        return np.where(single, one[column].to_numpy(dtype="float64", na_value=np.nan)[first_row], np.nan)

    table = pd.DataFrame({
        "industry_title": titles.set_axis(index),
        "areas": areas,
        "suppressed_areas": suppressed_areas,
        "employment": sums["employment"].to_numpy(),
        "total_wages": sums["total_wages"].to_numpy(),
        "establishments": sums["establishments"].astype("float64").where(count(~counted) == 0).to_numpy(),
        "published_lq": of_single("published_lq"),
        "lq_from_quarters": one["from_quarters"].to_numpy(dtype=bool)[first_row] if "from_quarters" in one
        else False,
        "published_weekly_wage": of_single("avg_weekly_wage"),
    }, index=index)
    table["suppressed_establishment_share"] = _ratio(
        pd.Series(sums["hidden_establishments"].where(count(suppressed & ~counted) == 0).to_numpy(), index=index),
        table["establishments"])
    return table


def _wide_employment(industries: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Employment by (industry, area) x year: 0 where the area has no row (no establishment), NaN if suppressed."""
    columns = list(dict.fromkeys(years))
    one = industries[industries["year"].isin(columns)]
    # filled in arrays, not pivoted: the pivot and its reindexing were a tenth of an Industry page's rerun
    value = one["employment"].astype("float64").where(~one["suppressed"].astype(bool), -1.0)  # -1: suppressed
    value = value.fillna(-1.0).to_numpy()
    industry, industry_codes = pd.factorize(one["industry_code"], sort=True)
    area, area_codes = pd.factorize(one["area_fips"], sort=True)
    year = pd.Index(columns).get_indexer(one["year"])
    pair = industry * len(area_codes) + area
    if len(np.unique(pair * len(columns) + year)) < len(pair):
        raise ValueError("Index contains duplicate entries, cannot reshape")  # as the pivot did
    pairs, row = np.unique(pair, return_inverse=True)  # (industry, area) in order of both
    wide = np.zeros((len(pairs), len(columns)))
    wide[row, year] = value
    # an area with no row at all in a year has no data for it (not loaded): missing, not zero
    loaded = np.zeros((len(area_codes), len(columns)), dtype=bool)
    loaded[area, year] = True
    pair_industry, pair_area = np.divmod(pairs, max(len(area_codes), 1))
    index = pd.MultiIndex.from_arrays([industry_codes.take(pair_industry), area_codes.take(pair_area)],
                                      names=["industry_code", "area_fips"])
    return pd.DataFrame(np.where((wide >= 0) & loaded[pair_area], wide, np.nan), index=index,
                        columns=pd.Index(columns, name="year"))


def _joined(groups: np.ndarray, fips: np.ndarray, index: pd.Index) -> pd.Series:
    """For each group (``index``; ``groups``: each row's position in it), the ``fips`` of its rows ", "-joined in
    order, once each ("" for none; a missing FIPS is left out): the form of the profile's lists of areas."""
    found: list[set] = [set() for _ in range(len(index))]
    present = ~pd.isna(fips)
    for group, code in zip(groups[present].tolist(), fips[present].tolist(), strict=True):
        found[group].add(code)
    # typed as pandas types text now (objects, or its "str" where text is stored so: ``text_as_arrow``), as the
    # groupby's agg that made these lists typed them, none or not
    return pd.Series([", ".join(sorted(codes)) for codes in found], index=index, dtype=pd.Series([""]).dtype)


def _matched(wide: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Per industry, the areas' employment in two years where every area is disclosed in both (see
    ``matched_employment``), with the areas used, those left out and their FIPS (``left_out``), and where some
    are left out the sums of the others (partial_start, partial_end: a partial change, never the area's)."""
    e0, e1 = wide[start_year].to_numpy(dtype="float64"), wide[end_year].to_numpy(dtype="float64")
    usable = ~np.isnan(e0) & ~np.isnan(e1)
    # industries in order of first appearance, as a groupby(sort=False) gives them; sums by pandas' own groupby
    # (the same additions in the same order), counts and lists in arrays (a groupby per column was most of the time)
    groups, industries = pd.factorize(wide.index.get_level_values("industry_code"))
    sums = pd.DataFrame({"e0": np.where(usable, e0, np.nan), "e1": np.where(usable, e1, np.nan)}).groupby(
        pd.Index(groups), sort=False).sum(min_count=1)  # an Index: see area_sums
    start, end = sums["e0"].to_numpy(), sums["e1"].to_numpy()
    index = pd.Index(industries, name="industry_code")
    unused = np.bincount(groups[~usable], minlength=len(industries))
    # the areas disclosed in both years are not the area: their change is no bound of its change either
    partial = unused > 0
    return pd.DataFrame({
        "start_employment": np.where(partial, np.nan, start),
        "end_employment": np.where(partial, np.nan, end),
        "matched_areas": np.bincount(groups[usable], minlength=len(industries)),
        "unmatched_areas": unused,
        "left_out": _joined(groups[~usable], wide.index.get_level_values("area_fips").to_numpy()[~usable], index),
        "partial_start": np.where(partial, start, np.nan),
        "partial_end": np.where(partial, end, np.nan),
    }, index=index)


def published_change(industries: pd.DataFrame, end_year: int) -> pd.DataFrame:
    """Employment per industry a year before ``end_year`` and in it, from BLS's published over-the-year change
    (``oty_employment_chg`` of the ``end_year`` rows); index ``industry_code``, as ``_matched``: start_employment
    = Σ (employment − change), end_employment = Σ employment, over the areas. For a previous year whose file is
    not loaded: BLS's annual files publish the change (a reviewer: "–" stood where BLS's file gave it).

    An area whose ``end_year`` cell is suppressed has no change to add: both employments are then missing, as
    ``_matched`` gives none where an area is suppressed in either year (a region's "+1.3%" in utilities was one
    county's of four); left_out lists those areas (FIPS, ", "-joined; "" when none) and partial_start /
    partial_end give the others' sums (where every one of them with jobs carries its change).

    Every area disclosing jobs in the industry must carry its change: where one does not (its file has none, or
    none can be worked out from its quarterly files), both employments are missing, never the others' sum read as
    the area's (a region's "+15.7%" was Lancaster's, its three other counties' files carrying no change).
    areas_without_change counts those areas and without_change lists them (FIPS, ", "-joined; "" when none);
    areas_with_jobs counts the areas disclosing jobs in it. published_pct (BLS's own percent, as a share) is given
    where the industry has a single area's row and its change."""
    columns = ["start_employment", "end_employment", "published_pct", "areas_with_jobs", "areas_without_change",
               "without_change", "left_out", "partial_start", "partial_end"]
    if "oty_employment_chg" not in industries:
        return pd.DataFrame(columns=columns, dtype="float64")
    one = industries[industries["year"] == end_year]
    employment = one["employment"].astype("float64")
    disclosed = ~one["suppressed"].astype(bool) & employment.notna()
    change = one["oty_employment_chg"].astype("float64").where(disclosed)
    has_jobs = disclosed & employment.gt(0)
    lacking = has_jobs & change.isna()
    frame = pd.DataFrame({
        "industry_code": one["industry_code"],
        "end_employment": employment.where(change.notna()),
        "start_employment": (employment - change).where(change.notna()),
        "pct": one["oty_employment_pct_chg"].astype("float64") / 100,
        "has_jobs": has_jobs.astype(int),
        "lacking": lacking.astype(int),
        "lacking_fips": one["area_fips"].where(lacking),
        "hidden_fips": one["area_fips"].where(~disclosed),
    })
    grouped = frame.groupby("industry_code", sort=False)
    sums = grouped[["start_employment", "end_employment"]].sum(min_count=1)
    sums["areas_with_jobs"] = grouped["has_jobs"].sum()
    sums["areas_without_change"] = grouped["lacking"].sum()
    groups, _ = pd.factorize(frame["industry_code"])  # the groups' order (first appearance): sums'
    sums["without_change"] = _joined(groups, frame["lacking_fips"].to_numpy(), sums.index)
    sums["left_out"] = _joined(groups, frame["hidden_fips"].to_numpy(), sums.index)
    hidden = sums["left_out"].ne("") & sums["areas_without_change"].eq(0)
    sums["partial_start"] = sums["start_employment"].where(hidden)
    sums["partial_end"] = sums["end_employment"].where(hidden)
    incomplete = sums["areas_without_change"].gt(0) | sums["left_out"].ne("")
    sums.loc[incomplete, ["start_employment", "end_employment"]] = np.nan
    single = grouped.size().eq(1) & sums["end_employment"].notna()
    sums["published_pct"] = grouped["pct"].first().where(single)
    return sums[columns]


def default_start_year(years: Sequence[int]) -> int:
    """Where growth starts unless chosen (the Industry page's slider and the ``industry`` command alike): five years
    before the last of ``years`` (the years loaded for every area, in order), or the first loaded since."""
    return years[max(0, len(years) - 6)]


def years_missing_an_area(rows: pd.DataFrame, end_year: int, years: Sequence[int]) -> list[int]:
    """Those of ``years`` in which some area of ``rows`` holding data in ``end_year`` has no row at all (its file not
    loaded): a change from such a year would add only the areas loaded and read as the whole area's (a region's
    "+15.7%" was one county's of three)."""
    year_of_row, area = rows["year"].to_numpy(), rows["area_fips"].to_numpy()
    now = set(area[year_of_row == end_year])
    return [year for year in years if not now <= set(area[year_of_row == year])]


def matched_employment(rows: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Employment per industry in two years, summed over the areas (index ``industry_code``), where every area is
    disclosed in both.

    An area without a row for the industry in a year had no establishment in it: it counts as 0. Columns:
    start_employment, end_employment, matched_areas (areas disclosed in both years), unmatched_areas (suppressed,
    or not loaded, in either year), left_out (their FIPS, ", "-joined; "" when none) and, where some are
    unmatched, partial_start and partial_end (the matched areas' sums: a partial figure). Both employments are
    missing where any area is unmatched: the sum of the others is not the area's, and its change can have the
    other sign (Chemung and Schuyler's +3.2%/year in professional services, Steuben suppressed in 2013, where
    the three counties' published total grew 1.5%/year).
    """
    return _matched(_wide_employment(rows, [start_year, end_year]), start_year, end_year)


def _total_at(rows: pd.DataFrame, year: int) -> tuple[float, float, float]:
    """(employment, total wages, published weekly wage or NaN) of the all-industry total in one year."""
    return _total_of(_split(rows)[1], year)


def _total_of(totals: pd.DataFrame, year: int) -> tuple[float, float, float]:
    """``_total_at`` of rows split already (``totals``: their all-industry totals)."""
    one = totals[totals["year"] == year]
    if one.empty:
        return np.nan, np.nan, np.nan
    published = float(one["avg_weekly_wage"].iloc[0]) if len(one) == 1 else np.nan
    return (float(one["employment"].sum(min_count=1)), float(one["total_wages"].sum(min_count=1)), published)


def area_total(rows: pd.DataFrame, year: int) -> tuple[float, float]:
    """(employment, average weekly wage) of the area's all-industry, all-ownership total in one year: BLS's
    published weekly wage for a single area, else total wages / employment / 52. NaN when not loaded."""
    employment, wages, published = _total_at(rows, year)
    return employment, published if pd.notna(published) else weekly_wage(wages, employment)


REFERENCE_SUM_COLUMNS = ["reference_start", "reference_end", "total_start", "total_end"]


def reference_sums(reference_rows: pd.DataFrame | None, start_year: int, end_year: int) -> pd.DataFrame:
    """The reference's employment per industry in two years (index ``industry_code``: reference_start,
    reference_end) and its all-industry totals (total_start, total_end, the same on every row; NaN where a year's
    total is not loaded). Empty without reference rows.

    The same for every area compared with this reference: the Industry page works it out once per reference and
    years (``ui.data.derived``) and hands it to ``industry_profile`` and ``shift_share_table``, which otherwise
    summed the reference's rows again for each county or region chosen."""
    if reference_rows is None or reference_rows.empty:
        return pd.DataFrame(columns=REFERENCE_SUM_COLUMNS)
    industries, _ = _split(reference_rows)
    end = area_sums(industries, end_year)["employment"]
    start = end if start_year == end_year else area_sums(industries, start_year)["employment"]
    frame = pd.DataFrame({"reference_start": start, "reference_end": end})
    frame["total_end"] = _total_at(reference_rows, end_year)[0]
    frame["total_start"] = frame["total_end"] if start_year == end_year else _total_at(reference_rows, start_year)[0]
    return frame[REFERENCE_SUM_COLUMNS]


def _reference_total(sums: pd.DataFrame, column: str) -> float:
    return float(sums[column].iloc[0]) if len(sums) else np.nan


def reference_growth(reference_rows: pd.DataFrame | None, start_year: int, end_year: int,
                     sums: pd.DataFrame | None = None) -> pd.DataFrame:
    """The reference's employment per industry in two years and its growth rates (index ``industry_code``);
    the all-industry rate is in column ``total_growth`` on every row. Empty when the reference lacks a year.
    ``sums``: ``reference_sums`` of the same rows and years, when worked out already."""
    columns = ["reference_start", "reference_end", "industry_growth", "total_growth"]
    sums = reference_sums(reference_rows, start_year, end_year) if sums is None else sums
    total_start, total_end = _reference_total(sums, "total_start"), _reference_total(sums, "total_end")
    if pd.isna(total_start) or pd.isna(total_end):
        return pd.DataFrame(columns=columns)
    frame = sums[["reference_start", "reference_end"]].copy()
    frame["industry_growth"] = percent_change(frame["reference_start"], frame["reference_end"])
    frame["total_growth"] = percent_change(total_start, total_end)
    return frame


def us_shares_from_published_lq(rows: pd.DataFrame, year: int) -> pd.Series:
    """Each industry's share of U.S. employment in ``year``, derived from BLS's published LQs (index industry_code).

    BLS publishes LQ_i = (e_i / e) / (E_i / E) against the U.S. for every area; so the U.S. share
    E_i / E = (e_i / e) / LQ_i, the same whichever area it is read from. ``rows`` are rows of
    ``industry_area_rows`` of any areas (their all-industry totals included); per industry the area with the
    largest published LQ is used (BLS rounds LQs to hundredths: the largest has the smallest relative error).
    Industries with no disclosed, positive LQ in any area are left out.
    """
    one = rows[rows["year"] == year]
    # in arrays (a frame sorted and deduplicated was a tenth of an Industry page's rerun)
    is_total = one["is_total"].to_numpy(dtype=bool)
    areas, area_codes = pd.factorize(one["area_fips"])
    employment = one["employment"].to_numpy(dtype="float64", na_value=np.nan)
    total = np.full(len(area_codes), np.nan)  # an area's all-industry total: its first row's
    first_total = np.flatnonzero(is_total)[np.unique(areas[is_total], return_index=True)[1]]
    total[areas[first_total]] = employment[first_total]
    area_total = np.where(areas >= 0, total[areas], np.nan)
    lq = one["published_lq"].to_numpy(dtype="float64", na_value=np.nan)
    lq = np.where(~one["suppressed"].to_numpy(dtype=bool) & (lq > 0), lq, np.nan)
    share = employment / np.where(area_total == 0, np.nan, area_total) / lq
    codes = one["industry_code"]
    usable = np.flatnonzero(~is_total & codes.notna().to_numpy() & ~np.isnan(lq) & (share > 0))
    # the largest LQ first, the first row among equal ones (a stable sort), then each industry's first
    ranked = usable[np.lexsort((usable, -lq[usable]))]
    industry, _ = pd.factorize(codes.iloc[ranked])
    kept = ranked[np.sort(np.unique(industry, return_index=True)[1])]
    return pd.Series(share[kept], index=pd.Index(codes.iloc[kept], name="industry_code"), name="us_share")


# lq_source values resting on LQs BLS publishes (not on a reference file)
PUBLISHED_LQ_SOURCES = ("BLS published", "from BLS's monthly LQs", "from BLS-published LQs")
# how an annual LQ is made from quarterly files (``qcew._annual_lq_from_monthly``): not a mean of LQs, but the
# year's share over the mean U.S. share of the 12 months, each month's read off BLS's LQ of it
MONTHLY_LQ_METHOD = "the year's share of jobs ÷ the mean of the 12 monthly U.S. shares implied by BLS's monthly LQs"
LQ_SOURCES = {  # lq_source value -> how the page names it
    "BLS published": "BLS-published LQ",
    "from BLS's monthly LQs": f"{MONTHLY_LQ_METHOD} (annual averages worked out from quarterly files)",
    "computed against the U.S. file": "computed from U.S. file",
    "from BLS-published LQs": "from BLS-published LQs (U.S. industry shares derived from them)",
    "computed against the state file": "computed from the state file",
}


def industry_profile(
    rows: pd.DataFrame,
    reference_rows: pd.DataFrame | None,
    *,
    start_year: int,
    end_year: int,
    reference: str = "us",
    lq_rows: pd.DataFrame | None = None,
    sums: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per industry of the area in ``end_year``: size, concentration, growth and wages.

    ``rows`` are the area's rows (one area, or several counties of a region); ``reference_rows`` the rows of the
    reference area (U.S. ``US000`` when ``reference`` is "us", the state ``SS000`` when "state"), or None when
    not loaded. Columns: industry_code, industry_title, employment, establishments, avg_weekly_wage, wage_ratio
    (to the area's all-industry average weekly wage), employment_share, lq and lq_source (BLS's published LQ
    for a single area against the U.S. when present, else computed from the reference rows, else missing),
    change_1y / pct_change_1y and change_5y / pct_change_5y (ending in end_year), start_employment /
    end_employment / change / pct_change / cagr (start_year to end_year; each summed over the areas, and missing
    where an area is suppressed in either year, ``matched_employment``, or its file of the earlier year is not
    loaded, ``years_missing_an_area``), areas_left_out / areas_left_out_1y / areas_left_out_5y (the areas
    suppressed in either year of that change, FIPS ", "-joined, "" when none: why it is missing), partial_cagr /
    partial_pct_change_1y / partial_pct_change_5y (that change of the other areas alone, where some are left out:
    a partial figure, to be shown marked and never scored), areas,
    suppressed_areas, suppressed_establishment_share and status: "suppressed" or "partly suppressed" (every or
    some area suppressed in end_year), ``SUPPRESSED_EARLIER`` (disclosed everywhere in end_year, but an area was
    suppressed in a year a change starts from) or "disclosed". Where the year before ``end_year`` is not loaded for
    every area, change_1y is BLS's change over the year (``published_change``): areas_without_change_1y counts
    the areas with jobs in the industry whose files carry none (then change_1y is missing) and without_change_1y
    lists them (FIPS, "" when none).

    Without the U.S. file, LQs against the U.S. of several counties use the U.S. industry shares derived from
    BLS's published LQs (``us_shares_from_published_lq``) of ``rows`` and ``lq_rows`` (e.g. the state's rows):
    lq_source "from BLS-published LQs". ``sums``: ``reference_sums`` of ``reference_rows`` ending in ``end_year``,
    when worked out already (only its end year is read).
    """
    industries, totals = _split(rows)
    now = area_sums(industries, end_year)
    total_employment, total_wages, total_published_wage = _total_of(totals, end_year)
    area_wage = total_published_wage if pd.notna(total_published_wage) else weekly_wage(total_wages,
                                                                                           total_employment)
    profile = now.copy()
    computed_wage = weekly_wage(profile["total_wages"], profile["employment"])
    profile["avg_weekly_wage"] = profile["published_weekly_wage"].where(profile["published_weekly_wage"].notna(),
                                                                         computed_wage)
    profile["wage_ratio"] = _ratio(profile["avg_weekly_wage"], area_wage)
    profile["employment_share"] = _ratio(profile["employment"], total_employment)

    sums = reference_sums(reference_rows, end_year, end_year) if sums is None else sums
    ref_industry = sums["reference_end"].reindex(profile.index).astype("float64")
    ref_total = _reference_total(sums, "total_end")
    computed_lq = location_quotient(profile["employment"], total_employment, ref_industry, ref_total)
    published = profile["published_lq"] if reference == "us" else pd.Series(np.nan, index=profile.index)
    derived_lq = pd.Series(np.nan, index=profile.index)
    if reference == "us":
        sources = rows if lq_rows is None else pd.concat([rows, lq_rows], ignore_index=True)
        shares = us_shares_from_published_lq(sources, end_year).reindex(profile.index)
        derived_lq = _ratio(_ratio(profile["employment"], total_employment), shares)
    profile["lq"] = published.where(published.notna(), computed_lq.where(computed_lq.notna(), derived_lq))
    label = "U.S." if reference == "us" else "state"
    # an LQ missing because BLS suppressed the area's own employment says so, not "no U.S. figure" beside rows
    # computed against a U.S. file that is loaded
    from_months = profile["lq_from_quarters"].astype(bool) if "lq_from_quarters" in profile else False
    profile["lq_source"] = np.select(
        [published.notna() & ~from_months, published.notna(), computed_lq.notna(), derived_lq.notna(),
         profile["employment"].isna()],
        ["BLS published", "from BLS's monthly LQs", f"computed against the {label} file", "from BLS-published LQs",
         "suppressed by BLS"],
        default=f"no {label} figure",
    )
    profile = profile.drop(columns=["lq_from_quarters"], errors="ignore")

    wide = _wide_employment(industries, [end_year, end_year - 1, end_year - 5, start_year])
    not_loaded = years_missing_an_area(rows, end_year, [end_year - 1, end_year - 5, start_year])
    profile["areas_without_change_1y"] = 0
    profile["without_change_1y"] = ""
    for years, suffix in ((1, "_1y"), (5, "_5y")):
        matched = _matched(wide, end_year - years, end_year).reindex(profile.index)
        if end_year - years in not_loaded:  # not every area's file of that year: no change for the whole area
            matched[["start_employment", "end_employment", "partial_start", "partial_end"]] = np.nan
            matched["left_out"] = ""  # not loaded, not suppressed: the notes on years not loaded say it
        profile["change" + suffix] = matched["end_employment"] - matched["start_employment"]
        profile["pct_change" + suffix] = percent_change(matched["start_employment"], matched["end_employment"])
        profile["areas_left_out" + suffix] = matched["left_out"]
        profile["partial_pct_change" + suffix] = percent_change(matched["partial_start"], matched["partial_end"])
        if years == 1 and end_year - 1 in not_loaded:
            # the previous year's files are not loaded, but BLS's files give each area's change over the year:
            # summed over the areas, and missing where an area is suppressed or one with jobs in the industry
            # lacks one
            published = published_change(industries, end_year).reindex(profile.index)
            profile["change_1y"] = published["end_employment"] - published["start_employment"]
            computed = percent_change(published["start_employment"], published["end_employment"])
            profile["pct_change_1y"] = published["published_pct"].where(published["published_pct"].notna(),
                                                                        computed)
            profile["areas_without_change_1y"] = published["areas_without_change"].fillna(0).astype(int)
            lacking = published["without_change"].astype(object)
            profile["without_change_1y"] = lacking.where(lacking.notna(), "")
            profile["areas_left_out_1y"] = published["left_out"]
            profile["partial_pct_change_1y"] = percent_change(published["partial_start"], published["partial_end"])
    period = _matched(wide, start_year, end_year).reindex(profile.index)
    if start_year in not_loaded:
        period[["start_employment", "end_employment"]] = np.nan
    if start_year in not_loaded or start_year == end_year:  # no change compared: none left out of it
        period[["partial_start", "partial_end"]] = np.nan
        period["left_out"] = ""
    profile["start_employment"] = period["start_employment"]
    profile["end_employment"] = period["end_employment"]
    profile["change"] = period["end_employment"] - period["start_employment"]
    profile["pct_change"] = percent_change(period["start_employment"], period["end_employment"])
    profile["cagr"] = compound_annual_growth(period["start_employment"], period["end_employment"],
                                             end_year - start_year)
    profile["areas_left_out"] = period["left_out"]
    profile["partial_cagr"] = compound_annual_growth(period["partial_start"], period["partial_end"],
                                                     end_year - start_year)
    left_out = list(LEFT_OUT_COLUMNS)
    for column in left_out:  # an industry of end_year alone has no row in wide
        profile[column] = profile[column].astype(object).where(profile[column].notna(), "")
    # an area disclosed in end_year may have been suppressed in a year a change starts from: its row is not whole
    earlier = profile[left_out].ne("").any(axis=1)
    profile["status"] = np.select(
        [profile["suppressed_areas"].eq(0) & ~earlier, profile["suppressed_areas"].eq(0),
         profile["employment"].isna()],
        ["disclosed", SUPPRESSED_EARLIER, "suppressed"], default="partly suppressed")
    # an area's wage is no bound: the disclosed counties' alone is not the area's (Cameron's $2,094 stood for three
    # counties whose two suppressed ones hold most of the jobs); its employment and LQ stay, as lower bounds
    partly = profile["status"].eq("partly suppressed")
    profile["avg_weekly_wage"] = profile["avg_weekly_wage"].mask(partly)
    profile["wage_ratio"] = profile["wage_ratio"].mask(partly)
    columns = ["industry_title", "employment", "establishments", "avg_weekly_wage", "wage_ratio",
               "employment_share", "lq", "lq_source", "change_1y", "pct_change_1y", "change_5y", "pct_change_5y",
               "start_employment", "end_employment", "change", "pct_change", "cagr", "areas", "suppressed_areas",
               "suppressed_establishment_share", "status", "areas_without_change_1y", "without_change_1y",
               *left_out, *PARTIAL_COLUMNS]
    return profile[columns].rename_axis("industry_code").reset_index()


def shift_share_table(rows: pd.DataFrame, reference_rows: pd.DataFrame | None, start_year: int,
                      end_year: int, sums: pd.DataFrame | None = None) -> pd.DataFrame:
    """Shift-share of each industry's change from ``start_year`` to ``end_year`` against the reference.

    The area's employment in both years (``matched_employment``: missing where an area is suppressed in either
    year, whose FIPS areas_left_out lists); see ``shift_share``. Effects are missing when the reference lacks
    either year's total. ``sums``: ``reference_sums`` of the same rows and years, when worked out already.
    """
    industries, _ = _split(rows)
    matched = matched_employment(industries, start_year, end_year)
    growth = reference_growth(reference_rows, start_year, end_year, sums).reindex(matched.index)
    table = shift_share(matched["start_employment"], matched["end_employment"], growth["total_growth"],
                        growth["industry_growth"])
    titles = area_sums(industries, end_year)["industry_title"].reindex(matched.index)
    table.insert(0, "industry_title", titles)
    table["reference_industry_growth"] = growth["industry_growth"]
    table["reference_total_growth"] = growth["total_growth"]
    table["areas_left_out"] = matched["left_out"]
    return table.rename_axis("industry_code").reset_index()


def missing_reference_years(reference_rows: pd.DataFrame | None, years: Sequence[int]) -> list[int]:
    """Years among ``years`` for which the reference has no all-industry total loaded."""
    if reference_rows is None or reference_rows.empty:
        return list(years)
    _, totals = _split(reference_rows)
    have = set(totals["year"].astype(int))
    return [year for year in years if year not in have]


# --- Ranking and partnerships ----------------------------------------------------------------------------------
def components_unknown(profile: pd.DataFrame) -> tuple[str, ...]:
    """The score's components (``RANK_COMPONENTS``) that no industry of ``profile`` has a value of: growth where one
    year is compared (a Colorado analyst's one year of QCEW ranked no industry, whatever the weights)."""
    return tuple(name for name, (column, _) in RANK_COMPONENTS.items()
                 if not pd.to_numeric(profile[column], errors="coerce").notna().any())


def target_scores(profile: pd.DataFrame, weights: Mapping[str, float]) -> pd.Series:
    """Target-sector score, 0-100: the weighted mean of each component's percentile among the industries.

    score = sum_k w_k * pct_k / sum_k w_k, where pct_k is the industry's percentile rank (ties averaged, the
    highest = 100) on component k (``RANK_COMPONENTS``: concentration = LQ, growth = compound annual growth,
    wages = ratio to the area's average wage, size = employment). Only components with a positive weight count,
    and of them only those some industry has (``components_unknown``: growth with one year compared is left out,
    where it left every industry unscored); an industry missing any counted component (suppressed, or partial)
    gets no score (NaN), and so does every industry when no component counts.
    """
    unknown = components_unknown(profile)
    used = {name: weight for name, weight in weights.items()
            if weight and weight > 0 and name in RANK_COMPONENTS and name not in unknown}
    if not used:
        return pd.Series(np.nan, index=profile.index)
    values = pd.DataFrame({name: pd.to_numeric(profile[RANK_COMPONENTS[name][0]], errors="coerce")
                           for name in used})
    complete = values.notna().all(axis=1)
    percentiles = values[complete].rank(pct=True) * 100
    total_weight = sum(used.values())
    score = sum(percentiles[name] * weight for name, weight in used.items()) / total_weight
    return score.reindex(profile.index)


def expand_naics(code: str) -> tuple[str, ...]:
    """NAICS codes a code stands for: BLS ranges expanded ('31-33' -> '31', '32', '33'), others as they are."""
    code = str(code).strip()
    if "-" in code:
        low, high = code.split("-", 1)
        if low.isdigit() and high.isdigit() and len(low) == len(high) and int(low) <= int(high):
            return tuple(str(number).zfill(len(low)) for number in range(int(low), int(high) + 1))
    return (code,)


def naics_coverage(industry_code: str, prefixes: Sequence[str]) -> str | None:
    """How a sector's NAICS prefixes cover an industry: "full" when every code of the industry starts with one of
    them, "partial" when they only overlap (e.g. sector 5415 within industry 54), None when they do not meet."""
    codes = expand_naics(industry_code)
    expanded = [p for prefix in prefixes for p in expand_naics(prefix)]
    if all(any(code.startswith(p) for p in expanded) for code in codes):
        return "full"
    if any(code.startswith(p) or p.startswith(code) for code in codes for p in expanded):
        return "partial"
    return None


def partnership_coverage(industry_codes: Sequence[str], partnerships: pd.DataFrame) -> pd.DataFrame:
    """For each industry, the partnerships (rows with name, sector_name, naics_prefixes) whose sector covers it.

    Columns: industry_code, coverage ("full", "partial" or "none"), partnerships (names), sectors (names).
    """
    rows = []
    for code in industry_codes:
        names, sectors, kinds = [], [], set()
        for partnership in partnerships.itertuples(index=False):
            kind = naics_coverage(code, list(partnership.naics_prefixes))
            if kind:
                names.append(partnership.name)
                if partnership.sector_name not in sectors:
                    sectors.append(partnership.sector_name)
                kinds.add(kind)
        coverage = "full" if "full" in kinds else ("partial" if kinds else "none")
        rows.append((code, coverage, names, sectors))
    return pd.DataFrame(rows, columns=["industry_code", "coverage", "partnerships", "sectors"])


def lq_as_shown(lq: pd.Series) -> pd.Series:
    """Location quotients rounded to ``LQ_DIGITS`` as the pages print them (``rounding.half_up``, as
    ``format_ratio``): an LQ of 1.196 reads "1.20", so it is 1.20 against a threshold of 1.2. NaN stays NaN."""
    return pd.Series(half_up_array(lq.to_numpy(dtype="float64", na_value=np.nan), LQ_DIGITS), index=lq.index)


def growth_as_shown(cagr: pd.Series) -> pd.Series:
    """Growth per year as a share, rounded as the pages print it (a percent to ``GROWTH_DIGITS`` decimals): 0.0004
    reads "+0.0%/year", so it is 0, not growing. NaN stays NaN."""
    percent = half_up_array(cagr.to_numpy(dtype="float64", na_value=np.nan) * 100, GROWTH_DIGITS)
    return pd.Series(percent / 100, index=cagr.index)


def strong_industries(profile: pd.DataFrame, threshold: float = STRONG_LQ) -> pd.Series:
    """Concentrated and growing: LQ (as shown) >= threshold and employment grew over the years compared (growth
    per year as shown > 0: "+0.0%/year" is not growing). Missing LQ or growth is never strong."""
    return (lq_as_shown(profile["lq"]).ge(threshold) & growth_as_shown(profile["cagr"]).gt(0)).fillna(
        False).astype(bool)


def strong_undecided(ranked: pd.DataFrame, threshold: float = STRONG_LQ) -> pd.Series:
    """Industries whose "concentrated and growing" cannot be told: growth unknown (one year, partial or suppressed)
    while the LQ is not known to fall short (as shown, below ``threshold``). The Industry page's cards count them
    apart and its download leaves their flags missing: one rule for both."""
    if "lq" not in ranked:
        return pd.Series(False, index=ranked.index)
    return ranked["cagr"].isna() & ~lq_as_shown(ranked["lq"]).lt(threshold)


def flags_as_known(ranked: pd.DataFrame, registry_loaded: bool) -> pd.DataFrame:
    """``strong`` and ``gap`` (``rank_industries``) as a table for download gives them: True or False where known,
    missing (``pd.NA``) where not (``strong_undecided``), the gap also where no registry is loaded. Every industry
    read False in a download of one year of QCEW, where the page said "needs 2 years" (a reviewer with Colorado's
    files); an LQ below the threshold is not strong whatever the growth, as the cards count it."""
    known = ~strong_undecided(ranked)
    strong = ranked["strong"].astype("boolean").where(known)
    gap = ranked["gap"].astype("boolean").where(known & registry_loaded)
    return pd.DataFrame({"strong": strong, "gap": gap}, index=ranked.index)


def quadrant(lq: pd.Series, growth: pd.Series, threshold: float = STRONG_LQ) -> pd.Series:
    """Quadrant of the LQ-growth chart: concentrated (LQ as shown >= ``threshold``, the one threshold of the
    "Concentrated and growing" card and flags) or not, growing (> 0) or shrinking; NA if either is missing."""
    concentrated = lq_as_shown(lq) >= threshold
    growth = growth_as_shown(growth)
    known = lq.notna() & growth.notna()
    labels = np.select(
        [known & concentrated & (growth > 0), known & concentrated & (growth <= 0),
         known & ~concentrated & (growth > 0), known & ~concentrated & (growth <= 0)],
        list(QUADRANTS), default="")
    return pd.Series(labels, index=lq.index).replace("", pd.NA)


def rank_industries(profile: pd.DataFrame, coverage: pd.DataFrame, weights: Mapping[str, float],
                    threshold: float = STRONG_LQ) -> pd.DataFrame:
    """The profile with partnership coverage, target score and rank (1 = best; unscored last), ``strong``
    (concentrated and growing), ``gap`` (strong and no partnership serves it) and the chart ``quadrant``."""
    ranked = profile.merge(coverage, on="industry_code", how="left")
    ranked["coverage"] = ranked["coverage"].fillna("none")
    ranked["partnerships"] = ranked["partnerships"].map(lambda v: v if isinstance(v, list) else [])
    ranked["sectors"] = ranked["sectors"].map(lambda v: v if isinstance(v, list) else [])
    ranked["score"] = target_scores(ranked, weights)
    ranked["rank"] = ranked["score"].rank(ascending=False, method="min")
    ranked["strong"] = strong_industries(ranked, threshold)
    ranked["gap"] = ranked["strong"] & ranked["coverage"].eq("none")
    ranked["quadrant"] = quadrant(ranked["lq"], ranked["cagr"], threshold)
    order = ranked.assign(_unscored=ranked["score"].isna(), _employment=ranked["employment"].fillna(-1))
    order = order.sort_values(["_unscored", "rank", "_employment"], ascending=[True, True, False])
    return ranked.loc[order.index].reset_index(drop=True)


def county_location_quotients(county_rows: pd.DataFrame, reference_rows: pd.DataFrame | None, *,
                              industry_code: str, year: int, reference: str = "us") -> pd.DataFrame:
    """One industry's LQ in each county (rows of ``queries/industry_county_rows.sql``) against the reference.

    A county without a row for the industry has no establishment in it: employment 0 and LQ 0, whether or not the
    reference is loaded (status ``NO_JOBS``, apart from the counties with an LQ above 0). BLS's published LQ is
    used against the U.S. where present. ``reference_rows`` are the U.S.'s (``reference`` "us") or, against
    "state", those of the states of the counties: each county is compared with its own state (a map holding a
    region's counties across a state line compared New York's with Pennsylvania). status: "disclosed",
    ``NO_JOBS`` (LQ 0), "suppressed" (BLS withheld the cell), "no reference" (the reference lacks the industry or
    total) or "no data" (no QCEW loaded for the county): four ways of having no LQ above 0, told apart.
    """
    frame = county_rows.copy()
    has_data = frame["has_data"].astype(bool)
    suppressed = frame["suppressed"].astype(bool)
    present = frame["has_industry_row"].astype(bool)
    employment = frame["employment"].astype("float64").where(present, 0.0).where(has_data & ~suppressed)
    ref_industry = pd.Series(np.nan, index=frame.index)
    ref_total = pd.Series(np.nan, index=frame.index)
    if reference_rows is not None and not reference_rows.empty:
        own_state = frame["county_fips"].str[:2] + "000"
        for area, one_area in reference_rows.groupby("area_fips", sort=False):
            industries, _ = _split(one_area)
            compared = own_state.eq(area) if reference == "state" else pd.Series(True, index=frame.index)
            ref_industry[compared] = float(area_sums(industries, year)["employment"].get(industry_code, np.nan))
            ref_total[compared] = _total_at(one_area, year)[0]
    computed = location_quotient(employment, frame["total_employment"], ref_industry, ref_total)
    published = frame["published_lq"].astype("float64") if reference == "us" else pd.Series(np.nan, frame.index)
    published = published.where(present & ~suppressed)
    frame["employment"] = employment
    # no job in the industry is LQ 0 against any reference (0 over any share): it needs none loaded (25 counties
    # with no establishment read "without a reference figure", beside the suppressed ones)
    none = employment.eq(0) & pd.to_numeric(frame["total_employment"], errors="coerce").gt(0)
    frame["lq"] = published.where(published.notna(), computed).mask(none, 0.0)
    from_months = frame["from_quarters"].fillna(False).astype(bool) if "from_quarters" in frame else False
    frame["lq_source"] = np.select([none, published.notna() & ~from_months, published.notna(), computed.notna()],
                                   [NO_JOBS, "BLS published", "from BLS's monthly LQs", "computed"], default="")
    frame["status"] = np.select([~has_data, suppressed, none, frame["lq"].isna()],
                                ["no data", "suppressed", NO_JOBS, "no reference"], default="disclosed")
    return frame[["county_fips", "county_name", "centroid_lon", "centroid_lat", "employment", "total_employment",
                  "lq", "lq_source", "status"]]


def industries_in_sectors(industry_codes: pd.Series, sector_prefixes: Sequence[Sequence[str]]) -> pd.Series:
    """Which industries overlap any of the sectors (each given by its NAICS prefixes)."""
    return industry_codes.map(lambda code: any(naics_coverage(code, list(p)) for p in sector_prefixes)).astype(bool)


HIDEABLE = ("employment", "avg_weekly_wage", "wage_ratio", "employment_share", "lq", "change_1y", "pct_change_1y",
            "change_5y", "pct_change_5y", "start_employment", "end_employment", "change", "pct_change", "cagr")


def hide_small_cells(profile: pd.DataFrame, k: int) -> pd.DataFrame:
    """For public views: industries with 1 to k-1 jobs lose every figure resting on those few people (their jobs,
    wages, LQ and growth become missing and their status "suppressed"), as BLS's own suppressed cells do.
    Establishment counts, which tell nothing about people, stay. Zero jobs stays visible. Partial changes
    (``PARTIAL_COLUMNS``: some counties' alone) go everywhere: the jobs they rest on are not known, so neither is
    whether they are fewer than k."""
    small = profile["employment"].gt(0) & profile["employment"].lt(k)
    hidden = profile.copy()
    for column in (c for c in HIDEABLE if c in hidden.columns):
        hidden[column] = hidden[column].mask(small)
    for column in (c for c in PARTIAL_COLUMNS if c in hidden.columns):
        hidden[column] = np.nan
    hidden["status"] = hidden["status"].mask(small, "suppressed")
    return hidden
