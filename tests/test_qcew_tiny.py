"""A tiny, hand-computable QCEW for the tiny state, in BLS's annual layout, loaded with ``qcew.load_qcew_sources``.

Other industry test modules import ``tiny_qcew_database`` from here. Numbers (private ownership, NAICS sectors):

Employment in 2014 / 2018 / 2019:

| area | total | 62 | 31-33 | 48-49 |
|---|---|---|---|---|
| U.S. | 90,000 / 98,000 / 100,000 | 9,000 / 9,800 / 10,000 | 8,000 / 8,000 / 8,000 | 4,500 / 4,900 / 5,000 |
| PA 42000 | 9,000 / 9,800 / 10,000 | 1,000 / 1,150 / 1,200 | 1,400 / 1,500 / 1,500 | 500 / 580 / 600 |
| Lancaster | 900 / 950 / 1,000 | 120 / 140 / 150 | 180 / 190 / 200 | 40 / N / N |
| York | 1,800 / 1,900 / 2,000 | 180 / 190 / 200 | 250 / 300 / 300 | 80 / 90 / 100 |
| Chester | 2,700 / 2,850 / 3,000 | 270 / 285 / 300 | N / N / N | 140 / 145 / 150 |

N = suppressed. Weekly wages: 800 (total), 1,000 (62), 1,200 (31-33), 900 (48-49); establishments = jobs / 10.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from sectorscope.sources import qcew

YEARS = (2014, 2018, 2019)
WEEKLY = {"10": 800, "62": 1000, "31-33": 1200, "48-49": 900}
TITLES = {"10": "10 Total, all industries", "62": "NAICS 62 Health care and social assistance",
          "31-33": "NAICS 31-33 Manufacturing", "48-49": "NAICS 48-49 Transportation and warehousing"}
EMPLOYMENT = {  # area -> industry -> (2014, 2018, 2019); None = suppressed
    "US000": {"10": (90_000, 98_000, 100_000), "62": (9_000, 9_800, 10_000), "31-33": (8_000, 8_000, 8_000),
              "48-49": (4_500, 4_900, 5_000)},
    "42000": {"10": (9_000, 9_800, 10_000), "62": (1_000, 1_150, 1_200), "31-33": (1_400, 1_500, 1_500),
              "48-49": (500, 580, 600)},
    "42071": {"10": (900, 950, 1_000), "62": (120, 140, 150), "31-33": (180, 190, 200), "48-49": (40, None, None)},
    "42133": {"10": (1_800, 1_900, 2_000), "62": (180, 190, 200), "31-33": (250, 300, 300), "48-49": (80, 90, 100)},
    "42029": {"10": (2_700, 2_850, 3_000), "62": (270, 285, 300), "31-33": (None, None, None),
              "48-49": (140, 145, 150)},
}
AGGREGATION = {"US000": ("10", "14"), "42000": ("50", "54")}  # (total, sector); counties: 70, 74


def tiny_qcew_frame() -> pd.DataFrame:
    """The table above as a BLS annual "by area" CSV would hold it (text, suppressed cells written as 0)."""
    rows = []
    for area, series in EMPLOYMENT.items():
        total_level, sector_level = AGGREGATION.get(area, ("70", "74"))
        for industry, values in series.items():
            for year, jobs in zip(YEARS, values, strict=True):
                hidden = jobs is None
                own = "0" if industry == "10" else "5"
                level = total_level if industry == "10" else sector_level
                rows.append({
                    "area_fips": area, "own_code": own, "industry_code": industry, "agglvl_code": level,
                    "size_code": "0", "year": str(year), "qtr": "A", "disclosure_code": "N" if hidden else "",
                    "industry_title": TITLES[industry], "annual_avg_estabs_count": "3" if hidden else str(jobs // 10),
                    "annual_avg_emplvl": "0" if hidden else str(jobs),
                    "total_annual_wages": "0" if hidden else str(jobs * 52 * WEEKLY[industry]),
                    "annual_avg_wkly_wage": "0" if hidden else str(WEEKLY[industry]),
                })
    return pd.DataFrame(rows)


def tiny_qcew_database(tiny_db: Path, folder: Path) -> Path:
    """A copy of the tiny state's database with the tiny QCEW loaded through the QCEW loader."""
    path = Path(folder) / "tiny-qcew.duckdb"
    shutil.copyfile(tiny_db, path)
    buffer = io.StringIO()
    tiny_qcew_frame().to_csv(buffer, index=False)
    qcew.load_qcew_sources(path, [("tiny-qcew.csv", buffer.getvalue().encode())])
    return path


@pytest.fixture(scope="module")
def tiny_qcew_db(tiny_db, tmp_path_factory) -> Path:
    return tiny_qcew_database(tiny_db, tmp_path_factory.mktemp("tiny-qcew"))


def test_tiny_qcew_loads_with_suppressed_cells_missing(tiny_qcew_db):
    with duckdb.connect(str(tiny_qcew_db), read_only=True) as con:
        rows = con.execute("select area_fips, industry_code, year, employment, establishments, disclosure_code, "
                           "industry_title from qcew_annual where area_fips = '42071' and industry_code = '48-49' "
                           "order by year").fetchall()
        assert rows == [("42071", "48-49", 2014, 40, 4, None, "Transportation and warehousing"),
                        ("42071", "48-49", 2018, None, 3, "N", "Transportation and warehousing"),
                        ("42071", "48-49", 2019, None, 3, "N", "Transportation and warehousing")]
        count = con.execute("select count(*) from qcew_annual").fetchall()[0][0]
        assert count == 5 * 4 * 3
        # the tiny state's own tables are still there: a QCEW load upserts its table only
        assert con.execute("select count(*) from partnerships").fetchall()[0][0] == 2
