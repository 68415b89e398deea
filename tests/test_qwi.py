"""Census QWI extracts: the reader (layouts, status flags, breakdowns), the ``qwi load`` command through the
validating loader, and the real North Carolina 2010 extracts in /work/shared/data/qwi/."""

from __future__ import annotations

import json
import math

import duckdb
import pandas as pd
import pytest
from cli_support import run_cli
from conftest import SHARED
from tiny_state import CHESTER, LANCASTER, YORK, tiny_tables

from sectorscope.ingest import load as ingest
from sectorscope.ingest.validation import ValidationError
from sectorscope.sources import qwi

NC_METRO = SHARED / "data" / "qwi" / "nc_qwi_2010_msa_x_sector.csv"
NC_COUNTY = SHARED / "data" / "qwi" / "nc_qwi_2010_county_x_sector_emp.csv"
needs_shared = pytest.mark.skipif(not NC_METRO.exists(), reason=f"shared data folder {SHARED} is absent")


def tiny_qwi() -> pd.DataFrame:
    """QWI county cells for the tiny state, with values chosen so the baseline can be computed by hand.

    Healthcare (62) in Lancaster 2018 (the year of E1's survey): rates .05 .06 .07 and one suppressed, weights
    100 100 200 100 -> quarterly (5 + 6 + 14) / 400 = .0625, annual .25. Manufacturing (31-33) in York 2019 (E2's
    survey year): .04 in every quarter -> annual .16. Cells outside those counties or years must not count.
    """
    rows = [
        ("county", LANCASTER, "62", 2018, 1, 100, 0.05),
        ("county", LANCASTER, "62", 2018, 2, 100, 0.06),
        ("county", LANCASTER, "62", 2018, 3, 200, 0.07),
        ("county", LANCASTER, "62", 2018, 4, 100, None),  # suppressed
        ("county", LANCASTER, "62", 2017, 1, 100, 0.50),  # not a survey year
        ("county", YORK, "62", 2018, 1, 100, 0.90),  # no healthcare employer surveyed in York
        ("county", YORK, "31-33", 2019, 1, 50, 0.04),
        ("county", YORK, "31-33", 2019, 2, 50, 0.04),
        ("county", YORK, "31-33", 2019, 3, 50, 0.04),
        ("county", YORK, "31-33", 2019, 4, 50, 0.04),
        ("county", CHESTER, "31-33", 2019, 1, 80, 0.30),  # no employer surveyed in Chester
        ("county", LANCASTER, "44-45", 2018, 1, 300, 0.20),  # retail: no sector of the state
        ("metro", "29540", "62", 2018, 1, 5000, 0.11),  # metro cells are never matched to counties
    ]
    frame = pd.DataFrame(rows, columns=["area_type", "area_code", "naics_sector", "year", "quarter", "employment",
                                        "turnover_rate"])
    return frame.assign(hires=None, separations=None, avg_monthly_earnings=None)


def build_tiny_with_qwi(path) -> None:
    """The tiny state plus ``tiny_qwi`` in one database, through the validating loader, and a retail sector
    (NAICS 44 and 4411) without partnerships, whose 2-digit prefix lies inside QWI's range 44-45."""
    tables = tiny_tables()
    retail = pd.DataFrame({"sector_code": ["RET"], "sector_name": ["Retail"], "naics_prefixes": ["44;4411"]})
    tables = {**tables, "sectors": pd.concat([tables["sectors"], retail], ignore_index=True), "qwi": tiny_qwi()}
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()],
                      state_fips="42")


def api_frame(**overrides) -> pd.DataFrame:
    """A small extract in the Census API layout (text, as read from a CSV), county geography."""
    frame = pd.DataFrame({
        "Emp": ["120.0", "45", "", "300"],
        "sEmp": ["1.0", "9", "5", "1"],
        "HirA": ["20", "5", "", "40"],
        "sHirA": ["1", "1", "-1", "1"],
        "Sep": ["18", "6", "3", "35"],
        "sSep": ["1", "1", "5", "1"],
        "TurnOvrS": ["0.061", "0.2", "0.33", "0.05"],
        "sTurnOvrS": ["6", "5", "11", "1"],
        "EarnS": ["4100", "", "3900", "5200"],
        "sEarnS": ["1", "-2", "1", "1"],
        "year": ["2010", "2010", "2010", "2010"],
        "quarter": ["1", "1", "2", "2"],
        "industry": ["62", "31-33", "62", "31-33"],
        "state": ["37", "37", "37", "37"],
        "county": ["1", "063", "001", "063"],
        "agegrp": ["A00"] * 4,
        "sex": ["0"] * 4,
    })
    return frame.assign(**overrides)


def test_api_layout_reads_into_qwi_rows():
    extract = qwi.rows_from_extract(api_frame())
    rows = extract.rows
    assert list(rows.columns) == list(qwi.QWI_COLUMNS)
    assert list(rows["area_code"]) == ["37001", "37063", "37001", "37063"]  # state + zero-padded county
    assert set(rows["area_type"]) == {"county"} and extract.state_fips == "37"
    assert list(rows["naics_sector"]) == ["62", "31-33", "62", "31-33"]
    assert rows.loc[0, "employment"] == 120 and rows.loc[0, "turnover_rate"] == pytest.approx(0.061)


def test_flagged_values_stay_missing_never_zero():
    rows = qwi.rows_from_extract(api_frame()).rows
    # flag 5 (suppressed), 11 (aggregate not released), -1 / -2 (no data): missing, even where a value was written
    assert math.isnan(rows.loc[1, "turnover_rate"]) and math.isnan(rows.loc[2, "turnover_rate"])
    assert math.isnan(rows.loc[2, "hires"]) and math.isnan(rows.loc[2, "separations"])
    assert math.isnan(rows.loc[1, "avg_monthly_earnings"])
    # flags 1, 6 and 9 (distorted but released) keep their values
    assert rows.loc[1, "employment"] == 45 and rows.loc[0, "turnover_rate"] == pytest.approx(0.061)
    assert rows.loc[2, "avg_monthly_earnings"] == 3900


def test_report_counts_suppressed_and_distorted_values():
    extract = qwi.rows_from_extract(api_frame())
    assert extract.suppressed == {"employment": 1, "hires": 1, "separations": 1, "turnover_rate": 2,
                                  "avg_monthly_earnings": 1}
    assert extract.distorted == {"employment": 1}
    assert list(extract.source_rows) == [2, 3, 4, 5]


def test_breakdown_rows_are_left_out_keeping_totals():
    frame = pd.concat([api_frame(), api_frame(sex=["1"] * 4)], ignore_index=True)
    extract = qwi.rows_from_extract(frame)
    assert len(extract.rows) == 4 and extract.dropped == {"sex other than 0": 4}
    assert list(extract.source_rows) == [2, 3, 4, 5]


def test_metro_geography_and_missing_indicators():
    frame = api_frame().drop(columns=["county", "EarnS", "sEarnS"])
    frame[qwi.METRO_COLUMN] = ["29540", "29540", "39580", "39580"]
    rows = qwi.rows_from_extract(frame).rows
    assert set(rows["area_type"]) == {"metro"} and list(rows["area_code"][:1]) == ["29540"]
    assert rows["avg_monthly_earnings"].isna().all()


def test_bulk_layout_geography():
    frame = api_frame().drop(columns=["county", "state"]).assign(geo_level=["C", "C", "M", "M"],
                                                                  geography=["37001", "37063", "39580", "39580"])
    rows = qwi.rows_from_extract(frame).rows
    assert list(rows["area_type"]) == ["county", "county", "metro", "metro"]


@pytest.mark.parametrize(("drop", "message"), [(["year"], "missing column"),
                                               (["county"], "no geography column"),
                                               (["Emp", "HirA", "Sep", "TurnOvrS", "EarnS"], "none of the indicators")])
def test_unreadable_files_say_why(drop, message):
    with pytest.raises(qwi.QwiFormatError, match=message):
        qwi.rows_from_extract(api_frame().drop(columns=drop))


def test_api_json_file(tmp_path):
    frame = api_frame()
    path = tmp_path / "qwi.json"
    path.write_text(json.dumps([list(frame.columns), *frame.to_numpy().tolist()]))
    assert len(qwi.read_extract(path).rows) == 4


def test_command_loads_through_the_validating_loader_and_upserts(tmp_path):
    path = tmp_path / "extract.csv"
    api_frame().to_csv(path, index=False)
    db = tmp_path / "qwi.duckdb"
    result = run_cli("qwi", "load", str(path), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "Loaded 4 QWI rows" in result.stdout and "turnover_rate: 2 values not released" in result.stdout
    changed = api_frame(Emp=["999", "45", "", "300"])
    changed.to_csv(path, index=False)
    assert run_cli("qwi", "load", str(path), "--db", str(db)).returncode == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*), max(employment) from qwi").fetchall() == [(4, 999.0)]
        assert con.execute("select value from schema_meta where key = 'state_fips'").fetchall() == [("37",)]
        assert con.execute("select count(*) from datasets where table_name = 'qwi'").fetchall() == [(2,)]


def test_command_rejects_a_bad_file_naming_its_line_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    api_frame(quarter=["1", "7", "2", "2"]).to_csv(path, index=False)
    db = tmp_path / "qwi.duckdb"
    result = run_cli("qwi", "load", str(path), "--db", str(db))
    assert result.returncode == 1
    assert "bad.csv, row 3, column quarter" in result.stderr
    assert not db.exists()


def test_command_lists_every_problem_line_as_every_loading_command_does(tmp_path):
    """``qwi load`` printed the first 20 problems and "... and 10 more", where ``load`` and ``qcew load`` list every
    line (a code reviewer)."""
    years = [str(year) for year in range(2000, 2008) for _ in range(4)]  # 32 rows, no key twice
    rows = pd.concat([api_frame()] * 8, ignore_index=True).assign(quarter=["5", "5", "6", "6"] * 8, year=years)
    path = tmp_path / "bad.csv"
    rows.to_csv(path, index=False)
    result = run_cli("qwi", "load", str(path), "--db", str(tmp_path / "qwi.duckdb"))
    assert result.returncode == 1
    listed = [line for line in result.stderr.splitlines() if line.startswith("- bad.csv, row ")]
    assert len(listed) == len(rows) == 32 and "... and" not in result.stderr, result.stderr
    assert f"Rejected: {len(rows)} problem(s); nothing was written." in result.stderr


def test_command_with_a_file_that_is_not_qwi(tmp_path):
    path = tmp_path / "other.csv"
    pd.DataFrame({"a": [1]}).to_csv(path, index=False)
    result = run_cli("qwi", "load", str(path), "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode == 1 and "not a QWI extract" in result.stderr


@needs_shared
def test_real_north_carolina_metro_extract():
    extract = qwi.read_extract(NC_METRO)
    rows = extract.rows
    assert len(rows) == 3244 and extract.state_fips == "37"
    assert set(rows["area_type"]) == {"metro"} and rows["area_code"].nunique() == 41
    assert rows["naics_sector"].nunique() == 20 and "31-33" in set(rows["naics_sector"])
    # sTurnOvrS is 5 (suppressed) on 277 rows and 6 (calculated from released measures) on the rest
    assert extract.suppressed["turnover_rate"] == 277 and rows["turnover_rate"].notna().sum() == 3244 - 277
    first = rows.iloc[0]  # Emp 124, TurnOvrS .046 in the file's first data line (CBSA 10620, NAICS 11, 2010 Q1)
    assert (first["area_code"], first["naics_sector"], first["employment"], first["turnover_rate"]) == (
        "10620", "11", 124.0, 0.046)


@needs_shared
def test_real_north_carolina_extracts_load_into_a_database(tmp_path):
    db = tmp_path / "nc.duckdb"
    result = run_cli("qwi", "load", str(NC_METRO), str(NC_COUNTY), "--db", str(db))
    assert result.returncode == 0, result.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        counts = dict(con.execute("select area_type, count(*) from qwi group by all").fetchall())
        assert counts == {"metro": 3244, "county": 7756}
        assert con.execute("select count(*) from qwi where area_type = 'county' and turnover_rate is not null"
                           ).fetchall() == [(0,)]  # the county file holds employment only


def test_the_shared_load_reports_every_file_at_once_and_writes_nothing(tmp_path):
    """``load_qwi_sources`` (the CLI's and the Data page's load): an unreadable file does not hide the others'
    problems, rows point at their file and line, and the database is not even created."""
    import gzip

    from sectorscope.ingest.validation import ValidationError

    db = tmp_path / "qwi.duckdb"
    sources = [("good.csv.gz", gzip.compress(api_frame(year=["2011"] * 4).to_csv(index=False).encode())),
               ("bad.csv", api_frame(quarter=["1", "7", "2", "2"]).to_csv(index=False).encode()),
               ("other.csv", b"a,b\n1,2\n"),
               ("broken.json", b"{not json")]
    with pytest.raises(ValidationError) as raised:
        qwi.load_qwi_sources(db, sources)
    assert [(p.source, p.row) for p in raised.value.problems] == [("other.csv", None), ("broken.json", None)]
    with pytest.raises(ValidationError) as raised:
        qwi.load_qwi_sources(db, sources[:2])
    assert [(p.source, p.row, p.column, p.value) for p in raised.value.problems] == [("bad.csv", 3, "quarter", "7")]
    assert not db.exists()
    steps = []
    loaded = qwi.load_qwi_sources(db, sources[:1], progress=lambda fraction, message: steps.append(fraction))
    assert loaded.rows == {"qwi": 4} and "Loaded 4 QWI rows" in loaded.summary()
    assert "  turnover_rate: 2 values not released by the Census Bureau (left empty)" in loaded.file_lines()
    assert steps == sorted(steps) and steps[-1] == pytest.approx(1.0)


@needs_shared
def test_a_malformed_value_in_a_real_extract_is_refused_never_counted_as_not_released(tmp_path):
    """North Carolina's real county extract with Emp on line 2 typed "12O4" (flag sEmp 1, released): it loaded as
    empty and was counted among "values not released by the Census Bureau" (a reviewer)."""
    lines = NC_COUNTY.read_text().split("\n")
    assert lines[1].startswith("2010,1,A00,0,A00,U,11,37,001,45,1,")
    lines[1] = lines[1].replace(",45,1,", ",12O4,1,", 1)
    db = tmp_path / "nc.duckdb"
    with pytest.raises(ValidationError) as error:
        qwi.load_qwi_sources(db, [(NC_COUNTY.name, "\n".join(lines).encode())])
    assert [(p.source, p.row, p.column, p.value) for p in error.value.problems] == [(NC_COUNTY.name, 2, "Emp", "12O4")]
    assert not db.exists()


def test_every_malformed_row_and_cell_of_every_extract_is_in_one_report(tmp_path):
    """A row with an extra value (dropped under pandas' column selection), a row cut short (its last values read
    as empty), a released value left empty, a flag that is no number, and a JSON row of another length."""
    text = api_frame(Emp=["120.0", "4 5", "", "300"], sEmp=["1.0", "9", "5", "1O"],
                     HirA=["20", "", "", "40"]).to_csv(index=False)
    lines = text.split("\n")
    lines[1] += ",extra"
    lines[3] = lines[3][:lines[3].rindex(",")]
    frame = api_frame(year=["2011"] * 4)
    rows = [list(frame.columns), *frame.to_numpy().tolist()]
    rows[2] = rows[2][:-1]
    db = tmp_path / "qwi.duckdb"
    with pytest.raises(ValidationError) as error:
        qwi.load_qwi_sources(db, [("bad.csv", "\n".join(lines).encode()),
                                  ("short.json", json.dumps(rows).encode())])
    found = [(p.source, p.row, p.column, p.value, p.message.split("; ")[0].split(" (a")[0].split(" (digits")[0])
             for p in error.value.problems]
    assert found == [
        ("bad.csv", 2, None, lines[1], "this row has 18 values"),
        ("bad.csv", 4, None, lines[3], "this row has 16 values"),
        ("bad.csv", 3, "Emp", "4 5", "not a number as the Census Bureau writes one"),
        ("bad.csv", 5, "sEmp", "1O", "not a status flag"),
        ("bad.csv", 3, "HirA", "", "empty, but its status flag (sHirA) says the value was released"),
        ("short.json", 3, None, json.dumps(rows[2]), "this row has 16 values"),
    ]
    assert not db.exists()
