"""BLS QCEW files are checked row by row before any annual average is made: a malformed, cut-off or shifted row, or
a cell that is not as BLS writes it, rejects the whole batch with every problem in one report naming the file, its
line, the BLS column and the value as typed, and the database stays as it was. (A reviewer loaded such files: they
loaded as missing or wrong numbers, or were refused at a row of the summed annual table with a computed value.)

The real files are BLS's own, from ../shared/data/qcew-bls (those tests are skipped, saying so, only when that
folder is absent); small made-up files cover BLS's conventions one by one."""

from __future__ import annotations

import gzip
import hashlib
import re

import duckdb
import pandas as pd
import pytest
from conftest import SHARED
from test_qcew import quarterly_frame

from sectorscope.ingest import validation
from sectorscope.ingest.validation import ValidationError
from sectorscope.sources import qcew

QCEW = SHARED / "data" / "qcew-bls"
LANCASTER_2016 = QCEW / "annual-by-area-lancaster-pa" / "2016.annual 42071 Lancaster County, Pennsylvania.csv"
LANCASTER_QUARTERS = (QCEW / "quarterly-2016-by-area" / "pennsylvania"
                      / "2016.q1-q4 42071 Lancaster County, Pennsylvania.csv.gz")
needs_shared = pytest.mark.skipif(not QCEW.is_dir(), reason=f"shared data folder {QCEW} is absent")


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rejected(db, files: dict[str, bytes]) -> list[tuple]:
    """(source, row, column, value, message) of every problem of a refused QCEW load; the database unchanged."""
    before = sha256(db) if db.exists() else None
    with pytest.raises(ValidationError) as error:
        qcew.load_qcew_sources(db, list(files.items()))
    assert (sha256(db) if db.exists() else None) == before
    return [(p.source, p.row, p.column, p.value, p.message) for p in error.value.problems]


def with_employment(line: str, value: str) -> str:
    """A line of BLS's annual by-area file with its annual_avg_emplvl (the 15th value) replaced by ``value``."""
    return re.sub(r'("[^"]*sizes"),([^,]*),([^,]*),', lambda m: f"{m.group(1)},{m.group(2)},{value},", line,
                  count=1)


@needs_shared
def test_bad_numbers_extra_values_a_shifted_title_and_a_cut_off_end_are_one_report(tmp_path):
    """Lancaster's real 2016 annual file with a thousands separator, letters and a disclosure mark in employment,
    an extra value, an unquoted title (every value after it shifts) and the last row cut off: all were loaded
    (exit 0) or refused at the wrong column; now one report names each line as a text editor numbers it."""
    lines = LANCASTER_2016.read_text(encoding="latin-1").split("\n")
    lines[1] = with_employment(lines[1], '"234,156"')
    lines[4] = with_employment(lines[4], "abc")
    lines[9] = with_employment(lines[9], "(D)")
    lines[50] += ',"extra"'
    lines[254] = lines[254].replace('"1021 Trade, transportation, and utilities"',
                                    "1021 Trade, transportation, and utilities")
    last = max(i for i, line in enumerate(lines) if line)
    lines[last] = lines[last][:lines[last].index('"All establishment sizes"') + 40]
    db = tmp_path / "lancaster.duckdb"
    problems = rejected(db, {LANCASTER_2016.name: "\n".join(lines).encode("latin-1")})
    found = {(row, column, value) for _, row, column, value, _ in problems}
    assert {(2, "annual_avg_emplvl", "234,156"), (5, "annual_avg_emplvl", "abc"),
            (10, "annual_avg_emplvl", "(D)")} <= found
    by_row = {row: message for _, row, _, _, message in problems}
    assert "this row has 44 values; the header has 43" in by_row[51]
    assert "this row has 45 values; the header has 43" in by_row[255]
    assert re.search(r"this row has \d+ values; the header has 43", by_row[last + 1])
    assert len(problems) == 6 and {source for source, *_ in problems} == {LANCASTER_2016.name}
    assert not db.exists()


@needs_shared
def test_a_quarterly_file_is_checked_before_its_quarters_are_summed(tmp_path):
    """Lancaster's real 2016 quarterly file: a negative quarterly wage (the four quarters were summed first, and a
    plausible but wrong annual total went in), a month level with a thousands separator (loaded as missing) and
    one of 99,999,999,999 (refused at "row 1665" of the summed table with the computed 33,333,358,168)."""
    lines = gzip.decompress(LANCASTER_QUARTERS.read_bytes()).decode("latin-1").split("\n")
    header = lines[0].replace('"', "").split(",")
    position = {name: header.index(name) for name in ("month1_emplvl", "total_qtrly_wages")}

    def set_value(number: int, column: str, value: str) -> None:
        values = lines[number - 1].split(",")
        shift = lines[number - 1].count(",") - lines[0].count(",")  # commas inside quoted titles
        values[position[column] + shift] = value
        lines[number - 1] = ",".join(values)

    assert '"62"' in lines[6655] and ',"3",' in lines[6655]  # private health care, Q3, as the reviewer found it
    set_value(6656, "total_qtrly_wages", "-451191559")
    set_value(2, "month1_emplvl", '"227,908"')
    set_value(300, "month1_emplvl", "99999999999")
    db = tmp_path / "lancaster.duckdb"
    problems = rejected(db, {LANCASTER_QUARTERS.name: "\n".join(lines).encode("latin-1")})
    assert [(row, column, value) for _, row, column, value, _ in problems] == [
        (2, "month1_emplvl", "227,908"), (300, "month1_emplvl", "99999999999"),
        (6656, "total_qtrly_wages", "-451191559")]
    messages = {row: message for _, row, _, _, message in problems}
    assert "negative" in messages[6656] and "not a number" in messages[2]
    assert "outside the plausible range 0 to 10,000,000,000" in messages[300]


def annual_file(rows: list[dict[str, str]]) -> bytes:
    """A small annual by-area file as BLS writes it (codes quoted, numbers bare)."""
    base = {"area_fips": "42071", "own_code": "5", "industry_code": "62", "agglvl_code": "74", "size_code": "0",
            "year": "2016", "qtr": "A", "disclosure_code": "", "industry_title": "NAICS 62 Health care",
            "annual_avg_estabs_count": "10", "annual_avg_emplvl": "100", "total_annual_wages": "5200000",
            "annual_avg_wkly_wage": "1000", "lq_disclosure_code": "", "lq_annual_avg_emplvl": "1.10",
            "oty_disclosure_code": "", "oty_annual_avg_emplvl_chg": "-3", "oty_annual_avg_emplvl_pct_chg": "-2.9"}
    quoted = {"area_fips", "own_code", "industry_code", "agglvl_code", "size_code", "year", "qtr",
              "disclosure_code", "industry_title", "lq_disclosure_code", "oty_disclosure_code"}
    lines = [",".join(f'"{name}"' for name in base)]
    for row in rows:
        cells = {**base, **row}
        lines.append(",".join(f'"{v}"' if k in quoted else v for k, v in cells.items()))
    return ("\n".join(lines) + "\n").encode()


def test_an_area_code_a_spreadsheet_cut_short_is_refused_with_the_code_it_lost(tmp_path):
    """Colorado's Alamosa County is 08003; saved through a spreadsheet it reads 8003, which loaded (831 rows) as an
    area of its own beside the real 08003 (a data steward). Every BLS area code is five digits or capital letters,
    US000 and C1018 as well as 42071."""
    db = tmp_path / "areas.duckdb"
    good = annual_file([{"area_fips": "US000", "agglvl_code": "14"}, {"area_fips": "C1018", "agglvl_code": "44"},
                        {}])
    assert qcew.load_qcew_sources(db, [("good.csv", good)]).rows == {"qcew_annual": 3}
    bad = annual_file([{"area_fips": "8003"}, {"area_fips": "8003", "industry_code": "21"},
                       {"area_fips": "42071 "}, {"area_fips": "us000"}])
    problems = rejected(db, {"alamosa.csv": bad})
    assert [(row, column, value) for _, row, column, value, _ in problems] == [
        (2, "area_fips", "8003"), (3, "area_fips", "8003"), (4, "area_fips", "42071 "), (5, "area_fips", "us000")]
    assert problems[0][4].startswith("not a BLS area code")
    assert problems[0][4].endswith("written 8003: a spreadsheet may have dropped its leading zero, 08003 (Alamosa "
                                   "County, Colorado)?")
    # a state's every county cut short: one kind of problem, held to the report's cap on rows (a line per code
    # listed every row of each: a code reviewer)
    many = annual_file([{"area_fips": f"8{number:03d}"} for number in range(1, 300, 2)])  # 150 codes
    problems = rejected(db, {"colorado.csv": many})
    assert len(problems) == validation.MAX_PROBLEMS_PER_RULE + 1
    assert problems[0][4].endswith("e.g. 8001: a spreadsheet may have dropped its leading zero, 08001 (Adams "
                                   "County, Colorado)?")


def test_bls_conventions_load_and_each_departure_is_named(tmp_path):
    """What BLS writes loads: 0s (or empty cells) under disclosure code N, "-" (no activity) with 0s or "-",
    negative over-the-year changes. An empty cell where BLS writes a number, an unknown disclosure code and an
    impossible value do not."""
    db = tmp_path / "conventions.duckdb"
    good = annual_file([
        {},
        {"industry_code": "21", "disclosure_code": "N", "annual_avg_emplvl": "0", "total_annual_wages": "0",
         "annual_avg_wkly_wage": "0", "lq_disclosure_code": "N", "lq_annual_avg_emplvl": "0.00",
         "oty_disclosure_code": "N", "oty_annual_avg_emplvl_chg": "0", "oty_annual_avg_emplvl_pct_chg": "0.0"},
        {"industry_code": "22", "disclosure_code": "N", "annual_avg_emplvl": "", "total_annual_wages": "",
         "annual_avg_wkly_wage": "", "lq_annual_avg_emplvl": ""},
        {"industry_code": "11", "disclosure_code": "-", "annual_avg_emplvl": "0", "total_annual_wages": "0",
         "annual_avg_wkly_wage": "0", "annual_avg_estabs_count": "0"},
        {"industry_code": "12", "disclosure_code": "-", "annual_avg_emplvl": "-", "total_annual_wages": "-",
         "annual_avg_wkly_wage": "-"},
    ])
    result = qcew.load_qcew_sources(db, [("good.csv", good)])
    assert result.rows == {"qcew_annual": 5}
    with duckdb.connect(str(db), read_only=True) as con:
        stored = {code: (employment, disclosure) for code, employment, disclosure in con.execute(
            "select industry_code, employment, disclosure_code from qcew_annual").fetchall()}
    # "-" (no activity) is a disclosed 0, as in annual averages made from quarters; it was refused as a formula
    assert stored == {"62": (100, None), "21": (None, "N"), "22": (None, "N"), "11": (0, None), "12": (0, None)}

    bad = annual_file([
        {"annual_avg_emplvl": ""},  # disclosed, yet empty
        {"industry_code": "21", "disclosure_code": "D"},
        {"industry_code": "22", "annual_avg_estabs_count": "-4"},
        {"industry_code": "23", "annual_avg_wkly_wage": "15O0"},
        {"industry_code": "", "annual_avg_emplvl": "12"},
    ])
    problems = rejected(db, {"bad.csv": bad})
    assert [(row, column, value) for _, row, column, value, _ in problems] == [
        (4, "annual_avg_estabs_count", "-4"), (2, "annual_avg_emplvl", ""), (5, "annual_avg_wkly_wage", "15O0"),
        (6, "industry_code", ""), (3, "disclosure_code", "D")]


def test_the_monthly_changes_over_the_year_are_checked_as_bls_writes_them(tmp_path):
    """Read since annual averages made from quarters carry the change over the year: a damaged cell is named, not
    loaded as a missing or wrong change; 0s under oty_disclosure_code N and negative changes load."""
    from test_qcew import with_monthly_changes

    frame = quarterly_frame([("42071", "5", "62", q, "", 2, 10, 10, 10, 100) for q in (1, 2, 3, 4)])
    good = with_monthly_changes(frame, [(-1, 0, 2), (0, 0, 0), (1, 1, 1), (3, 2, 1)], ["", "N", "", ""])
    assert qcew.load_qcew_sources(tmp_path / "good.duckdb", [("q.csv", good.to_csv(index=False).encode())]).rows == {
        "qcew_annual": 1}
    bad = with_monthly_changes(frame, [(-1, 0, 2), (0, "1,2", 0), (1, 1, 1), (3, "", 1)])
    problems = rejected(tmp_path / "bad.duckdb", {"q.csv": bad.to_csv(index=False).encode()})
    assert [(row, column, value) for _, row, column, value, _ in problems] == [
        (3, "oty_month2_emplvl_chg", "1,2"), (5, "oty_month2_emplvl_chg", "")]


def test_quarterly_files_name_their_quarter_and_a_row_cut_inside_quotes(tmp_path):
    frame = quarterly_frame([("42071", "5", "62", q, "", 2, 10, 10, 10, 100) for q in (1, 2, 3, 4)])
    text = frame.assign(qtr=["1", "2", "5", "4"]).to_csv(index=False)
    problems = rejected(tmp_path / "q.duckdb", {"q.csv": text.encode()})
    assert [(row, column, value) for _, row, column, value, _ in problems] == [(4, "qtr", "5")]
    cut = frame.to_csv(index=False, quoting=1).rstrip("\n")
    cut = cut[:cut.rindex('"NAICS') + 9]  # a download cut off inside the last row's title
    problems = rejected(tmp_path / "q.duckdb", {"cut.csv": cut.encode()})
    assert [(row, message.split(":")[0]) for _, row, _, _, message in problems] == [
        (5, "this row is cut off inside a quoted value")]


def test_a_value_of_the_annual_table_is_named_at_the_lines_it_was_made_from(tmp_path, monkeypatch):
    """A problem the loader finds in a row of the annual table (an average weekly wage made from quarters, or a
    value once the plausible range changes) is named at the source file's line(s), not at a row of the table."""
    quarters = quarterly_frame([("42071", "5", "62", q, "", 1, 0, 0, 1, 400_000_000) for q in (1, 2, 3, 4)]
                               + [("42071", "5", "21", q, "", 1, 5, 5, 5, 100) for q in (1, 2, 3, 4)])
    quarters = quarters.sort_values(["industry_code", "qtr"], key=lambda s: s.astype(str)).reset_index(drop=True)
    problems = rejected(tmp_path / "q.duckdb", {"q.csv": quarters.to_csv(index=False).encode()})
    [(source, row, column, _, message)] = problems
    lines = [number + 2 for number in quarters.index[quarters["industry_code"] == "62"]]
    assert (source, row, column) == ("q.csv", lines[0], "avg_weekly_wage")
    assert f"(the annual value made from lines {', '.join(map(str, lines[:3]))} and {lines[3]})" in message

    monkeypatch.setitem(validation.RANGES, ("qcew_annual", "employment"), (0, 50))
    annual = annual_file([{}, {"industry_code": "21", "annual_avg_emplvl": "40"}])
    problems = rejected(tmp_path / "a.duckdb", {"a.csv": annual})
    assert [(source, row, column, value) for source, row, column, value, _ in problems] == [
        ("a.csv", 2, "annual_avg_emplvl", "100")]


def test_every_file_of_a_batch_is_in_the_one_report(tmp_path):
    good = annual_file([{}])
    short = annual_file([{"industry_code": "21"}]).replace(b",-2.9\n", b"\n")  # its last value left out
    wrong = annual_file([{"annual_avg_emplvl": "12 000"}])
    problems = rejected(tmp_path / "batch.duckdb", {"good.csv": good, "short.csv": short, "wrong.csv": wrong,
                                                    "other.csv": b"participant_id,x\nA,1\n"})
    # good.csv and wrong.csv hold the same series: said in the same report, at the first file's line, not once
    # "12 000" is mended
    assert sorted((source, row) for source, row, *_ in problems) == [
        ("good.csv", 2), ("other.csv", None), ("short.csv", 2), ("wrong.csv", 2)]
    assert "twice in the files (good.csv line 2 and wrong.csv line 2)" in next(
        message for source, _, _, _, message in problems if source == "good.csv")


def test_reading_alone_names_the_malformed_rows():
    data = annual_file([{}, {}]).replace(b"\n", b',"x"\n', 2).replace(b',"x"', b"", 1)
    with pytest.raises(ValidationError) as error:
        qcew.read_bls_csv(data, "extra.csv")
    assert [(p.source, p.row) for p in error.value.problems] == [("extra.csv", 2)]
    frame, _ = qcew.read_bls_file("extra.csv", data)  # the other row as typed: pandas took no column for an index
    assert frame.loc[3, ["area_fips", "annual_avg_emplvl"]].tolist() == ["42071", 100]
    frame = qcew.read_bls_csv(annual_file([{}, {"industry_code": "21"}]))
    assert frame.index.tolist() == [2, 3] and frame.index.name == "line"
    assert isinstance(frame, pd.DataFrame)
