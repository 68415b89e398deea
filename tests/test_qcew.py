"""BLS QCEW layouts into qcew_annual rows: annual and quarterly files, suppression, titles, batches, the loader."""

from __future__ import annotations

import gzip
import io
import math
import shutil
import zipfile

import duckdb
import pandas as pd
import pytest
from test_qcew_tiny import tiny_qcew_database

from sectorscope import codes
from sectorscope.ingest import load as ingest
from sectorscope.ingest.validation import ValidationError
from sectorscope.sources import qcew

KEY = ["area_fips", "own_code", "industry_code", "year"]


def quarterly_frame(rows: list[tuple]) -> pd.DataFrame:
    """BLS quarterly by-area rows: (area, own, industry, qtr, disclosure, estabs, m1, m2, m3, wages)."""
    columns = ["area_fips", "own_code", "industry_code", "qtr", "disclosure_code", "qtrly_estabs_count",
               "month1_emplvl", "month2_emplvl", "month3_emplvl", "total_qtrly_wages"]
    frame = pd.DataFrame([[str(v) for v in row] for row in rows], columns=columns)
    frame.insert(3, "agglvl_code", "74")
    frame.insert(4, "size_code", "0")
    frame.insert(5, "year", "2016")
    frame["industry_title"] = "NAICS " + frame["industry_code"] + " Something"
    return frame


def by_industry(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.set_index("industry_code")


def test_annual_layout_keeps_suppressed_cells_missing_and_establishments():
    frame = pd.DataFrame({
        "area_fips": ['"42071"', "42071"], "own_code": ["5", "5"], "industry_code": ["62", "21"],
        "agglvl_code": ["74", "74"], "size_code": ["0", "0"], "year": ["2016", "2016"], "qtr": ["A", "A"],
        "disclosure_code": ["", "N"], "industry_title": ["NAICS 62 Health care and social assistance",
                                                         "NAICS 21 Mining, quarrying, and oil and gas extraction"],
        "annual_avg_estabs_count": ["1600", "7"], "annual_avg_emplvl": ["37226", "0"],
        "total_annual_wages": ["1681893682", "0"], "annual_avg_wkly_wage": ["869", "0"],
        "lq_disclosure_code": ["", "N"], "lq_annual_avg_emplvl": ["1.19", "0"],
        "oty_disclosure_code": ["", "N"], "oty_annual_avg_emplvl_chg": ["1142", "0"],
        "oty_annual_avg_emplvl_pct_chg": ["3.2", "0.0"],
    })
    rows = by_industry(qcew.annual_rows_from_bls(frame))
    assert rows.loc["62", "area_fips"] == "42071" and rows.loc["62", "industry_title"] == (
        "Health care and social assistance")
    assert (rows.loc["62", "employment"], rows.loc["62", "lq_employment"], rows.loc["62", "oty_employment_chg"]) == (
        37226, 1.19, 1142)
    mining = rows.loc["21"]
    assert mining["disclosure_code"] == "N" and mining["establishments"] == 7
    for column in ("employment", "total_wages", "avg_weekly_wage", "lq_employment", "oty_employment_chg"):
        assert math.isnan(mining[column]), column


def test_api_slices_without_titles_get_bls_sector_titles():
    frame = pd.DataFrame({"area_fips": ["39041"], "own_code": ["5"], "industry_code": ["31-33"],
                          "agglvl_code": ["74"], "year": ["2020"], "disclosure_code": [""],
                          "annual_avg_estabs": ["120"], "annual_avg_emplvl": ["9000"]})
    rows = qcew.annual_rows_from_bls(frame)
    assert rows.loc[0, "industry_title"] == "Manufacturing" and rows.loc[0, "establishments"] == 120


def test_size_class_rows_are_left_out():
    frame = pd.DataFrame({"area_fips": ["42071"] * 2, "own_code": ["5"] * 2, "industry_code": ["10"] * 2,
                          "agglvl_code": ["71", "81"], "size_code": ["0", "3"], "year": ["2016"] * 2,
                          "annual_avg_emplvl": ["100", "20"]})
    assert qcew.annual_rows_from_bls(frame)["employment"].tolist() == [100]


def test_quarters_make_annual_averages_as_bls_does():
    rows = by_industry(qcew.annual_rows_from_quarters(quarterly_frame([
        # 62: months sum to 126 -> mean 10.5 -> 11 (half up, not to even); wages 52,000 -> 52,000 / 10.5 / 52
        ("42071", "5", "62", 1, "", 2, 10, 10, 10, 13000), ("42071", "5", "62", 2, "", 2, 10, 11, 11, 13000),
        ("42071", "5", "62", 3, "", 3, 11, 11, 11, 13000), ("42071", "5", "62", 4, "", 3, 10, 10, 11, 13000),
        # 21: one quarter suppressed -> the year is suppressed; establishments still averaged
        ("42071", "5", "21", 1, "", 1, 5, 5, 5, 100), ("42071", "5", "21", 2, "N", 1, 0, 0, 0, 0),
        ("42071", "5", "21", 3, "", 2, 5, 5, 5, 100), ("42071", "5", "21", 4, "", 2, 5, 5, 5, 100),
        # 11: BLS's "-" (no activity that quarter) counts as zero, not as suppressed
        ("42071", "5", "11", 1, "-", 0, 0, 0, 0, 0), ("42071", "5", "11", 2, "-", 0, 0, 0, 0, 0),
        ("42071", "5", "11", 3, "-", 0, 0, 0, 0, 0), ("42071", "5", "11", 4, "", 1, 12, 12, 12, 7800),
        # 22: a quarter missing -> no annual row
        ("42071", "5", "22", 1, "", 1, 5, 5, 5, 100), ("42071", "5", "22", 2, "", 1, 5, 5, 5, 100),
        ("42071", "5", "22", 3, "", 1, 5, 5, 5, 100),
    ]))[0])
    health = rows.loc["62"]
    assert (health["employment"], health["total_wages"], health["establishments"]) == (11, 52000, 3)  # 2.5 -> 3
    assert health["avg_weekly_wage"] == round(52000 / 10.5 / 52)  # 95.2 -> 95, from the unrounded mean
    assert health["industry_title"] == "Something" and pd.isna(health["disclosure_code"])
    mining = rows.loc["21"]
    assert mining["disclosure_code"] == "N" and math.isnan(mining["employment"]) and math.isnan(mining["total_wages"])
    assert mining["establishments"] == 2  # (1 + 1 + 2 + 2) / 4 = 1.5 -> 2
    assert rows.loc["11", "employment"] == 3 and rows.loc["11", "avg_weekly_wage"] == round(7800 / 3 / 52)
    assert "22" not in rows.index


@pytest.mark.parametrize(("months", "changes", "expected"), [
    (126, 12, (1.0, 10.0)),  # 10.5 -> 11 now, (126 - 12) / 12 = 9.5 -> 10 before: +1, +10.0%
    (12 * 323, 12 * 19, (19.0, 6.2)),  # 19 / 304 = 6.25%: BLS publishes 6.2 (Lancaster 2016, NAICS 62411)
    (120, -24, (-2.0, -16.7)),  # 10 now, 12 before
    (60, 60, (5.0, math.nan)),  # nobody employed a year before: no percent
    (120, math.nan, (math.nan, math.nan)),  # a month's change withheld: none
])
def test_the_change_over_the_year_of_an_annual_average_is_the_mean_of_the_monthly_ones(months, changes, expected):
    change, percent = qcew.change_over_the_year(pd.Series([months]), pd.Series([changes]))
    assert (change.iloc[0], percent.iloc[0]) == pytest.approx(expected, nan_ok=True)


def with_monthly_changes(frame: pd.DataFrame, changes: list[tuple], flags: list[str] | None = None) -> pd.DataFrame:
    """``frame`` (``quarterly_frame``) with BLS's monthly over-the-year changes, one (m1, m2, m3) per row, and its
    oty_disclosure_code (empty unless given)."""
    frame = frame.copy()
    for k in (1, 2, 3):
        frame[f"oty_month{k}_emplvl_chg"] = [str(row[k - 1]) for row in changes]
    frame["oty_disclosure_code"] = flags or [""] * len(frame)
    return frame


def test_quarters_carry_the_change_over_the_year_where_bls_discloses_every_month():
    """Annual averages made from quarterly files had no change over the year: a region's 1-year change then
    summed only its counties loaded from annual files (and read one county's as the region's)."""
    rows = [("42071", "5", industry, q, "N" if (industry, q) == ("21", 2) else "", 2, 10, 10, 10, 100)
            for industry in ("62", "23", "21") for q in (1, 2, 3, 4)]
    changes = [(1, 2, 1)] * 4 + [(1, 1, 1)] * 4 + [(0, 0, 0)] * 4
    flags = [""] * 4 + ["", "", "N", ""] + [""] * 4  # construction: BLS withheld one quarter's changes
    annual = by_industry(qcew.annual_rows_from_quarters(with_monthly_changes(quarterly_frame(rows), changes,
                                                                             flags))[0])
    # health care: 10 now, (120 - 16) / 12 = 8.67 -> 9 before: +1, +11.1%
    assert (annual.loc["62", "oty_employment_chg"], annual.loc["62", "oty_employment_pct_chg"]) == (1, 11.1)
    assert annual.loc[["23", "21"], ["oty_employment_chg", "oty_employment_pct_chg"]].isna().all().all()
    without = by_industry(qcew.annual_rows_from_quarters(quarterly_frame(rows))[0])  # a file without them
    assert without["oty_employment_chg"].isna().all()


def test_missing_quarters_are_reported():
    rows, gaps = qcew.annual_rows_from_quarters(quarterly_frame([("US000", "0", "10", 1, "", 9, 1, 1, 1, 5)]))
    assert rows.empty
    assert [(gap.area_fips, gap.year, gap.quarters, gap.keys) for gap in gaps] == [("US000", 2016, (1,), 1)]
    assert "only Q1 present" in str(gaps[0])


def annual_csv(area: str, industry: str, employment: int, year: int = 2016) -> pd.DataFrame:
    return pd.DataFrame({"area_fips": [area], "own_code": ["5"], "industry_code": [industry], "agglvl_code": ["74"],
                         "year": [str(year)], "disclosure_code": [""], "annual_avg_estabs_count": ["3"],
                         "annual_avg_emplvl": [str(employment)]})


def test_annual_values_win_over_quarters_and_same_kind_duplicates_are_refused():
    quarters = quarterly_frame([("42071", "5", "62", q, "", 2, 10, 10, 10, 100) for q in (1, 2, 3, 4)])
    rows, _, replaced = qcew.qcew_batch([("q.csv", quarters), ("a.csv", annual_csv("42071", "62", 12))])
    assert replaced == 1 and rows["employment"].tolist() == [12]
    with pytest.raises(ValidationError) as error:
        qcew.qcew_batch([("a.csv", annual_csv("42071", "62", 12)), ("b.csv", annual_csv("42071", "62", 13))])
    [problem] = error.value.problems
    assert (problem.source, problem.row) == ("a.csv", 2)
    assert "twice in the files (a.csv line 2 and b.csv line 2)" in problem.message


def test_files_plain_gzipped_and_zipped_read_alike():
    text = annual_csv("42071", "62", 12).to_csv(index=False).encode()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("one.csv", text)
        bundle.writestr("notes.txt", b"not a csv")
    for name, data in (("a.csv", text), ("a.csv.gz", gzip.compress(text)), ("a.zip", archive.getvalue())):
        [(source, frame)] = qcew.read_qcew_upload(name, data)
        assert qcew.qcew_batch([(source, frame)])[0]["employment"].tolist() == [12], name
    assert qcew.read_qcew_upload("a.zip", archive.getvalue())[0][0] == "a.zip:one.csv"


def test_folders_are_searched_for_qcew_files(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("a.csv", "sub/b.csv.gz", "sub/c.zip", "readme.txt"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in qcew.qcew_files([tmp_path])] == ["a.csv", "b.csv.gz", "c.zip"]


@pytest.fixture(scope="module")
def loaded(tiny_db, tmp_path_factory):
    return tiny_qcew_database(tiny_db, tmp_path_factory.mktemp("qcew-loader"))


def count_rows(path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select count(*) from qcew_annual").fetchall()[0][0]


def test_a_file_in_no_bls_layout_rejects_the_whole_batch(loaded):
    before = count_rows(loaded)
    good = annual_csv("42071", "62", 99, year=2020).to_csv(index=False).encode()
    with pytest.raises(ValidationError) as error:
        qcew.load_qcew_sources(loaded, [("good.csv", good), ("participants.csv", b"participant_id,x\nA,1\n")])
    assert error.value.problems[0].source == "participants.csv" and "not a BLS QCEW layout" in str(error.value)
    assert "found participant_id, x" in str(error.value)  # the file's own columns ("found " and nothing before)
    assert count_rows(loaded) == before


def test_loading_more_years_keeps_the_rest(loaded, tmp_path):
    path = tmp_path / "copy.duckdb"
    path.write_bytes(loaded.read_bytes())
    before = count_rows(path)
    result = qcew.load_qcew_sources(path, [("more.csv", annual_csv("42071", "62", 99, year=2020)
                                            .to_csv(index=False).encode())])
    assert result.rows == {"qcew_annual": 1} and count_rows(path) == before + 1
    again = qcew.load_qcew_sources(path, [("fix.csv", annual_csv("42071", "62", 98, year=2020)
                                           .to_csv(index=False).encode())])
    assert again.rows == {"qcew_annual": 1} and count_rows(path) == before + 1  # upsert replaced it
    assert "Loaded 1 annual rows" in again.summary()


def test_the_demo_labor_market_data_loads_the_same_through_the_qcew_loader(demo_db, tmp_path):
    from sectorscope.sources import demo

    frame = demo.generate_demo_tables()["qcew_annual"]
    path = tmp_path / "demo-qcew.duckdb"
    qcew.load_qcew_sources(path, [("demo-qcew.csv", frame.to_csv(index=False).encode())])
    query = "select * exclude (industry_title) from qcew_annual order by all"
    with duckdb.connect(str(path), read_only=True) as mine, duckdb.connect(str(demo_db), read_only=True) as built:
        assert mine.execute(query).fetchall() == built.execute(query).fetchall()
        titles = mine.execute("select count(*) from qcew_annual where industry_title is null").fetchall()[0][0]
        assert titles == 0


def test_state_names_and_areas():
    assert codes.state_name("42") == "Pennsylvania" and qcew.state_area("08") == "08000"
    assert codes.STATES["NY"] == ("36", "New York")


@pytest.mark.parametrize(("areas", "expected"), [
    (["36015"], "36000"), (["36015", "36097", "36101"], "36000"), (["42071", "36015"], None), ([], None)])
def test_an_areas_own_state_is_the_one_its_counties_lie_in(areas, expected):
    """Chemung County, New York, was compared "with the state" against Pennsylvania, the dashboard's state."""
    assert qcew.own_state_area(areas) == expected


def test_quarters_from_separate_files_make_one_year_and_repeats_are_refused():
    slices = [(f"{q}.csv", quarterly_frame([("42071", "5", "62", q, "", 2, 10, 10, 10, 100)])) for q in (1, 2, 3, 4)]
    rows, gaps, _ = qcew.qcew_batch(slices)  # the open-data API serves one quarter per file
    assert rows["employment"].tolist() == [10] and not gaps
    with pytest.raises(ValidationError) as error:
        qcew.qcew_batch([*slices, ("again.csv", slices[0][1])])
    assert "1.csv line 2 and again.csv line 2" in str(error.value)


def test_a_repeated_quarter_names_its_lines_and_values_as_typed_and_the_rest_are_counted():
    """A file's rows given twice (two downloads joined): the report listed 20 of 3,324 repeats without a word of the
    rest, named no line and read the year "2016.0" (a steward). Every repeat names its lines; after
    ``MAX_PROBLEMS_PER_RULE`` the rest are counted."""
    from sectorscope.ingest.validation import MAX_PROBLEMS_PER_RULE

    rows = [("42071", "5", f"{industry}", q, "", 2, 10, 10, 10, 100)
            for industry in range(100, 100 + MAX_PROBLEMS_PER_RULE // 4 + 3) for q in (1, 2, 3, 4)]
    twice = quarterly_frame(rows + rows)
    twice.index = pd.RangeIndex(2, len(twice) + 2, name="line")  # as ``read_checked_csv`` numbers a file's lines
    with pytest.raises(ValidationError) as error:
        qcew.qcew_batch([("joined.csv", twice)])
    problems = error.value.problems
    assert len(problems) == MAX_PROBLEMS_PER_RULE + 1
    first = problems[0]
    assert (first.row, first.value) == (2, "42071, 5, 100, 2016, 1")
    assert f"(lines 2 and {len(rows) + 2:,}); load one of them" in first.message
    assert problems[-1].message.startswith(f"{len(rows) - MAX_PROBLEMS_PER_RULE:,} more series and quarters in this "
                                           f"file (the first {MAX_PROBLEMS_PER_RULE} of the batch are listed)")


def test_a_file_given_twice_is_refused_for_its_header_line_and_its_repeats_in_one_report(tmp_path):
    """``cat a.csv a.csv``: refused for the second header's line alone; its repeated quarters came only when loaded
    again (a steward). One report holds both."""
    one = quarterly_frame([("42071", "5", "62", q, "", 2, 10, 10, 10, 100) for q in (1, 2, 3, 4)])
    text = one.to_csv(index=False)
    with pytest.raises(ValidationError) as error:
        qcew.load_qcew_sources(tmp_path / "x.duckdb", [("twice.csv", (text + text).encode())])
    messages = [(problem.row, problem.message) for problem in error.value.problems]
    assert any(row == 6 and "not a number as BLS writes one" in message for row, message in messages)
    assert any(row == 2 and "(lines 2 and 7)" in message for row, message in messages)
    assert not (tmp_path / "x.duckdb").exists()


def test_an_annual_file_given_twice_is_refused_for_its_header_line_and_its_repeats_in_one_report(tmp_path):
    """As a quarterly one: refused for the second header's line alone, its repeated series said only when loaded
    again, and then at no line (a code reviewer)."""
    text = pd.concat([annual_csv("42071", industry, 12) for industry in ("62", "31-33")]).to_csv(index=False)
    with pytest.raises(ValidationError) as error:
        qcew.load_qcew_sources(tmp_path / "x.duckdb", [("twice.csv", (text + text).encode())])
    messages = [(problem.row, problem.message) for problem in error.value.problems]
    assert any(row == 4 and "not a number as BLS writes one" in message for row, message in messages)
    assert any(row == 2 and "the same series is twice in the files (lines 2 and 5)" in message
               for row, message in messages)


def test_rows_whose_key_is_empty_are_not_repeats():
    """Two rows with an empty area code were said twice in the files beside their own problems (a code reviewer)."""
    blank = pd.concat([annual_csv("", "62", 12), annual_csv("", "62", 13)], ignore_index=True)
    _, problems = qcew.checked_before_aggregating([("blank.csv", blank)])
    assert problems and not [problem for problem in problems if "twice in the files" in problem.message]


def test_establishment_size_rows_are_not_repeated_quarters():
    """A quarterly file's rows by establishment size repeat each series once per size class: left out of the
    annual rows, they were refused as the same quarter twice (a code reviewer)."""
    quarters = quarterly_frame([("42071", "5", "62", q, "", 2, 10, 10, 10, 100) for q in (1, 2, 3, 4)]
                               + [("42071", "5", "62", 1, "", 1, 3, 3, 3, 30)])
    quarters.loc[4, "size_code"] = "3"
    assert qcew.qcew_batch([("sizes.csv", quarters)])[0]["employment"].tolist() == [10]


def test_repeats_past_the_first_listed_are_counted_under_the_files_they_are_in():
    """Past the first ``MAX_PROBLEMS_PER_RULE``, the rest were counted under the first file of the batch, though in
    two others (a code reviewer)."""
    from sectorscope.ingest.validation import MAX_PROBLEMS_PER_RULE

    def quarters(industries: range) -> pd.DataFrame:
        return quarterly_frame([("42071", "5", str(industry), q, "", 2, 10, 10, 10, 100)
                                for industry in industries for q in (1, 2, 3, 4)])

    first, second = quarters(range(100, 125)), quarters(range(200, 215))
    with pytest.raises(ValidationError) as error:
        qcew.qcew_batch([("a.csv", first), ("b.csv", first), ("c.csv", second), ("d.csv", second)])
    problems = error.value.problems
    assert len(problems) == MAX_PROBLEMS_PER_RULE + 1
    assert problems[-1].source == "c.csv" and problems[-1].message.startswith(
        f"{4 * 40 - MAX_PROBLEMS_PER_RULE} more series and quarters in this file (none of them listed)")


def test_a_spreadsheets_byte_order_mark_is_read_past():
    """Excel's "CSV UTF-8" starts with a byte order mark: the file was called no BLS layout, its first column
    read "ï»¿area_fips" (a steward)."""
    text = annual_csv("42071", "62", 12).to_csv(index=False).encode()
    [(_, frame)] = qcew.read_qcew_upload("excel.csv", b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n"))
    assert qcew.qcew_batch([("excel.csv", frame)])[0]["employment"].tolist() == [12]


def test_a_states_own_row_over_one_from_quarters_leaves_its_origin_unknown(loaded, tmp_path):
    """A row made from BLS's quarterly files, then replaced by the state's own qcew_annual.csv (the template route,
    which has no from_quarters): the upsert kept "from quarters", so the state's LQ was named the mean of BLS's
    monthly LQs."""
    path = tmp_path / "own.duckdb"
    shutil.copy(loaded, path)
    quarters = [(f"{q}.csv", quarterly_frame([("42071", "5", "999", q, "", 2, 10, 10, 10, 100)]))
                for q in (1, 2, 3, 4)]
    data = [(name, frame.to_csv(index=False).encode()) for name, frame in quarters]
    qcew.load_qcew_sources(path, data)

    def origin() -> tuple:
        with duckdb.connect(str(path), read_only=True) as con:
            return con.execute("select employment, from_quarters from qcew_annual where area_fips = '42071' "
                               "and industry_code = '999' and year = 2016").fetchone()

    assert origin() == (10, True)
    own = pd.DataFrame({"area_fips": ["42071"], "own_code": ["5"], "industry_code": ["999"], "agglvl_code": ["78"],
                        "year": ["2016"], "employment": ["12"]})
    ingest.load_batch(path, [ingest.TableInput("qcew_annual", own, "qcew_annual.csv", mode="upsert")])
    assert origin() == (12, None)
