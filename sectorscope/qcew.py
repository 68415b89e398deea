"""BLS QCEW files in their official CSV layouts, turned into rows of the ``qcew_annual`` table.

Layouts read here (BLS, "QCEW CSV data files" and "QCEW Open Data Access"):
- annual "by area" files: ``annual_avg_estabs_count``, title columns, lq_* and oty_* columns;
- annual open-data API slices: the same without title columns, ``annual_avg_estabs`` instead.
Suppressed cells (``disclosure_code`` N, whose numeric fields BLS writes as 0) become missing, never zero.
"""

from __future__ import annotations

import pandas as pd

SUPPRESSED = "N"

# BLS column -> qcew_annual column; the first name found wins.
_ANNUAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "area_fips": ("area_fips",),
    "own_code": ("own_code",),
    "industry_code": ("industry_code",),
    "agglvl_code": ("agglvl_code",),
    "year": ("year",),
    "disclosure_code": ("disclosure_code",),
    "establishments": ("annual_avg_estabs_count", "annual_avg_estabs"),
    "employment": ("annual_avg_emplvl",),
    "total_wages": ("total_annual_wages",),
    "avg_weekly_wage": ("annual_avg_wkly_wage",),
    "lq_employment": ("lq_annual_avg_emplvl",),
    "oty_employment_chg": ("oty_annual_avg_emplvl_chg",),
    "oty_employment_pct_chg": ("oty_annual_avg_emplvl_pct_chg",),
}
_SUPPRESSIBLE = ("establishments", "employment", "total_wages", "avg_weekly_wage",
                 "lq_employment", "oty_employment_chg", "oty_employment_pct_chg")


def is_bls_annual_layout(frame: pd.DataFrame) -> bool:
    """Does the frame look like a BLS annual QCEW file (by-area CSV or open-data slice)?"""
    columns = set(frame.columns)
    return {"area_fips", "own_code", "industry_code", "annual_avg_emplvl"} <= columns


def annual_rows_from_bls(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``qcew_annual`` from a BLS annual-layout frame (any extra BLS columns are ignored).

    Codes stay text (``area_fips`` '42071', ``industry_code`` '31-33'); cells of suppressed rows become missing,
    and so do published LQ/over-the-year values that BLS marks as not disclosed.
    """
    rows = pd.DataFrame(index=frame.index)
    for target, candidates in _ANNUAL_COLUMNS.items():
        source = next((name for name in candidates if name in frame.columns), None)
        rows[target] = frame[source] if source is not None else pd.NA
    for code in ("area_fips", "own_code", "industry_code", "agglvl_code", "disclosure_code"):
        rows[code] = rows[code].map(lambda v: None if pd.isna(v) else str(v).strip().strip('"'))
    rows["disclosure_code"] = rows["disclosure_code"].map(lambda v: v if v else None)
    suppressed = rows["disclosure_code"].eq(SUPPRESSED)
    for column in _SUPPRESSIBLE:
        rows[column] = pd.to_numeric(rows[column], errors="coerce").astype("float64").mask(suppressed)
    for flag, columns in (("lq_disclosure_code", ("lq_employment",)),
                          ("oty_disclosure_code", ("oty_employment_chg", "oty_employment_pct_chg"))):
        if flag in frame.columns:
            hidden = frame[flag].astype(str).str.strip().eq(SUPPRESSED)
            for column in columns:
                rows[column] = rows[column].mask(hidden)
    return rows.reset_index(drop=True)
