"""Large files load in bounded memory: a CSV larger than a chunk is checked as a stream and loaded through DuckDB
chunk by chunk, never read whole into pandas, with the same rules, the same report (rows of the file, values as
typed) and the same rows written as the whole-file path; a rejected batch leaves the database unchanged."""

from __future__ import annotations

import gzip
import hashlib
import shutil

import duckdb
import pandas as pd
import pytest
from tiny_state import tiny_tables

from sectorscope.ingest import load as ingest
from sectorscope.ingest import mapping, readers, validation
from sectorscope.ingest.validation import KEY_ALREADY_LOADED, WAGE_ROWS_PER_EMPLOYER, ValidationError

CHUNK = 2048  # the smallest chunk DuckDB hands over; the files below span three or more
PEOPLE = 3000
HEADER = "participant_id,year,quarter,employer_id,earnings_usd,hours,other_employer_ids"


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    """The tiny state plus 3,000 participants (X00000 ...) for wage records to refer to."""
    tables = tiny_tables()
    people = pd.concat([tables["participants"].iloc[[0]]] * PEOPLE, ignore_index=True)
    people["participant_id"] = [f"X{i:05d}" for i in range(PEOPLE)]
    tables["participants"] = pd.concat([tables["participants"], people], ignore_index=True)
    path = tmp_path_factory.mktemp("bounded") / "base.duckdb"
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()])
    return path


@pytest.fixture
def live_db(base_db, tmp_path):
    path = tmp_path / "state.duckdb"
    shutil.copyfile(base_db, path)
    return path


@pytest.fixture
def small_chunks(monkeypatch):
    """Every CSV is staged (however small) and read in chunks of 2,048 rows."""
    monkeypatch.setattr(readers, "STREAM_FROM_BYTES", 0)
    monkeypatch.setattr(ingest, "CHUNK_ROWS", CHUNK)


def wage_lines(rows: int = 6000) -> list[str]:
    """A valid wage-records file: two quarters per participant, hours on one row in three, other employers on one
    row in seven."""
    return [HEADER] + [f"X{i // 2:05d},2018,{i % 2 + 1},E1,{1000 + i}.50,{'' if i % 3 else 480},"
                       f"{'E2;E1' if i % 7 == 0 else ''}" for i in range(rows)]


def write(path, lines: list[str]):
    path.write_text("\n".join(lines) + "\n")
    return path


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load(db, path, mode="append", dry_run=False):
    read = readers.read_paths([path], mode=mode)
    assert not read.problems, read.problems[:3]
    return read.inputs, ingest.load_batch(db, read.inputs, dry_run=dry_run)


def report(db, path, mode="append") -> list[str]:
    read = readers.read_paths([path], mode=mode)
    with pytest.raises(ValidationError) as raised:
        ingest.load_batch(db, read.inputs, dry_run=True)
    return [str(problem) for problem in raised.value.problems]


def wage_rows(db) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select * from wage_records order by all").df()
    finally:
        con.close()


def test_a_file_larger_than_a_chunk_is_never_held_whole_and_loads_the_same_rows(live_db, tmp_path, monkeypatch,
                                                                                small_chunks):
    path = write(tmp_path / "wage_records.csv", wage_lines())
    whole = tmp_path / "whole.duckdb"
    shutil.copyfile(live_db, whole)
    seen: list[int] = []
    real_normalize = ingest.normalize
    monkeypatch.setattr(ingest, "normalize", lambda table, frame, source: seen.append(len(frame))
                        or real_normalize(table, frame, source))
    inputs, result = load(live_db, path)
    assert inputs[0].staged is not None and inputs[0].frame.empty  # the reader kept the header only
    assert result.rows == {"wage_records": 6000}
    assert seen and max(seen) <= CHUNK and sum(seen) == 6000  # checked chunk by chunk, never all at once

    monkeypatch.setattr(readers, "STREAM_FROM_BYTES", 10**12)  # the whole-file path, for comparison
    inputs, _ = load(whole, path)
    assert inputs[0].staged is None and len(inputs[0].frame) == 6000
    staged, in_memory = wage_rows(live_db), wage_rows(whole)
    assert len(staged) == 6002 and staged.equals(in_memory)
    assert staged.loc[staged["participant_id"].eq("X00000") & staged["quarter"].eq(1), "other_employer_ids"].iloc[0]\
        .tolist() == ["E2", "E1"]


def test_problems_anywhere_in_a_big_file_are_reported_as_the_whole_file_path_reports_them(live_db, tmp_path,
                                                                                          monkeypatch, small_chunks):
    lines = wage_lines()
    lines[3000] = "X01499,2018,2,E9,abc,480,"  # in the second chunk
    lines[4500] = "Z, 2001 ,5,E1,100,,"  # unknown participant, quarter 5, leading space
    lines[-1] = "X02998,2018,2,E1,=1+2,480,"  # the last row: a formula and a duplicate key
    lines.append(lines[10])  # a duplicate of row 11, 6,000 rows later (another chunk)
    path = write(tmp_path / "wage_records.csv", lines)
    before = digest(live_db)
    staged = report(live_db, path)
    assert digest(live_db) == before  # database unchanged
    # both rows named, each with the other (a report once said "another row" without saying which)
    for row in (11, 6002):
        said = [line for line in staged if line.startswith(f"wage_records.csv, row {row}, column participant_id")]
        assert said == [f"wage_records.csv, row {row}, column participant_id, year, quarter: duplicate key: rows 11 "
                        "and 6002 have the same participant_id + year + quarter" + WAGE_ROWS_PER_EMPLOYER
                        + " (value: 'X00004, 2018, 2')"]  # and how to mend it (a data steward's extract was refused)
    assert "wage_records.csv, row 4501, column participant_id: refers to a participant_id that is not in " \
           "participants (value: 'Z')" in staged
    assert any(p.startswith("wage_records.csv, row 6001, column earnings_usd: not a number") and "'=1+2'" in p
               for p in staged)
    monkeypatch.setattr(readers, "STREAM_FROM_BYTES", 10**12)
    assert staged == report(live_db, path)  # the same report, line for line


def test_a_problem_on_every_row_lists_100_rows_and_counts_the_rest(live_db, tmp_path, small_chunks):
    lines = [line.replace(",2018,", ",1900,") for line in wage_lines(5000)]
    problems = report(live_db, write(tmp_path / "wage_records.csv", lines))
    listed = [p for p in problems if "column year: outside the plausible range" in p]
    assert len(listed) == 100 and listed[0].startswith("wage_records.csv, row 2,")
    # a year without a thousands separator, its range ending this year, as an unreadable year's range says it
    # ("1990 to 2100" beside "from 1990 to 2026": a data steward)
    this_year = pd.Timestamp.now().year
    assert ("wage_records.csv, column year: 4,900 more row(s) with this problem (the first 100 are listed): outside "
            f"the plausible range 1990 to {this_year}") in problems
    unreadable = [p for p in report(live_db, write(tmp_path / "wage_records.csv", [wage_lines(2)[0], wage_lines(2)[1]
                                                                                     .replace(",2018,", ",Y2018,")]))]
    assert any(f"from 1990 to {this_year}" in p for p in unreadable), unreadable


def test_keys_already_loaded_are_refused_when_appending_and_replaced_when_upserting(live_db, tmp_path, small_chunks):
    path = write(tmp_path / "wage_records.csv", wage_lines())
    load(live_db, path)
    again = report(live_db, path)
    # the rows listed first, the line counting the rest after them (it came before row 2: a data steward)
    assert again[0] == ("wage_records.csv, row 2, column participant_id, year, quarter: "
                        f"{KEY_ALREADY_LOADED} (value: 'X00000, 2018, 1')")
    assert again[100] == ("wage_records.csv, column participant_id, year, quarter: 5,900 more row(s) with this "
                          f"problem (the first 100 are listed): {KEY_ALREADY_LOADED}")
    lines = wage_lines()
    lines[1] = lines[1].replace("1000.50", "9999")
    inputs, result = load(live_db, write(tmp_path / "wage_records.csv", lines), mode="upsert")
    assert inputs[0].staged is not None  # read as a stream: the staged rows' keys counted in DuckDB
    rows = wage_rows(live_db)
    assert len(rows) == 6002
    assert result.updated == {"wage_records": 6000}  # every key was loaded: updated, none added
    assert rows.loc[rows["participant_id"].eq("X00000") & rows["quarter"].eq(1), "earnings_usd"].tolist() == [9999]


@pytest.mark.parametrize("streamed", [True, False])
def test_keys_already_loaded_list_100_rows_and_count_the_rest_streamed_or_whole(live_db, tmp_path, monkeypatch,
                                                                              streamed):
    """A file read whole listed all 199 rows appending loaded keys where one read in blocks lists 100 and counts
    the rest (a data steward)."""
    monkeypatch.setattr(readers, "STREAM_FROM_BYTES", 0 if streamed else 10**12)
    path = write(tmp_path / "wage_records.csv", wage_lines(300))
    load(live_db, path)
    again = [line for line in report(live_db, path) if KEY_ALREADY_LOADED in line]
    assert len(again) == 101 and again[0].startswith("wage_records.csv, row 2,")
    assert again[-1] == ("wage_records.csv, column participant_id, year, quarter: 200 more row(s) with this problem "
                         f"(the first 100 are listed): {KEY_ALREADY_LOADED}")


@pytest.mark.parametrize("broken, expected", [
    (b"X00001,2018,1,E1,5,1,\x00", "this is not a text file (it contains binary data: a NUL byte at byte offset"),
    (b"X00001,2018,1,E1,5,1,caf\xe9", "holds a byte that is not valid UTF-8"),
    # every such row, however far apart (the reading stopped at the first)
    (b"X00001,2018,1,E1,5,1,caf\xe9\n" + b"X00003,2018,1,E1,5,1,\n" * 3000 + b"X00004,2018,1,E1,5,1,\xe9",
     "holds a byte that is not valid UTF-8"),
    (b'X00001,2018,1,E1,"5,1,', "quote"),
    (b"X00001,2018,1,E1", "4 values; the header has 7"),
])
def test_unreadable_rows_late_in_a_streamed_file_are_reported_as_the_whole_file_reader_does(
        tmp_path, monkeypatch, small_chunks, broken, expected):
    monkeypatch.setattr(readers, "STREAM_BLOCK_BYTES", 4096)  # the problem lies many blocks in
    data = "\n".join(wage_lines(3000)).encode() + b"\n" + broken + b"\n" + b"X00002,2018,1,E1,5,1,\n"
    path = tmp_path / "wage_records.csv"
    path.write_bytes(data)
    streamed = readers.read_paths([path])
    whole = readers.read_upload("wage_records.csv", data)
    assert streamed.problems and bool(streamed.inputs) == bool(whole.inputs)  # the other rows to check, as whole
    assert expected in streamed.problems[0].message and streamed.problems[0].row == 3002
    if broken.count(b"\xe9") == 2:
        assert [p.row for p in streamed.problems] == [3002, 6003]
    assert [(p.row, p.message, p.value) for p in streamed.problems] == [(p.row, p.message, p.value)
                                                                         for p in whole.problems]


@pytest.mark.parametrize("broken", [
    b"X02500,2018,1,E1",  # too few values
    b'X02500,2018,1,E1,"5\n0",1,',  # a value over a line break: two lines left out
    b"X02500,2018,1,E\xfc1,5,1,",  # a byte not in UTF-8: the row is checked too, its byte written out
])
def test_a_large_files_other_rows_are_checked_beside_its_refused_ones(live_db, tmp_path, monkeypatch, small_chunks,
                                                                     broken):
    """Read in blocks (16 MB and more), a file with a malformed row or a byte not in its encoding was refused with
    those rows alone: its other rows' problems came only once they were mended, and another file of the batch
    referring to its keys was told they were unknown (a data steward). Now one report holds them all, each row with
    its own number, the same report as the file read whole; the database is unchanged."""
    monkeypatch.setattr(readers, "STREAM_BLOCK_BYTES", 4096)
    lines = wage_lines(4000)
    lines[2500] = "X01249,2018,2,E1,abc,480,"  # a bad number in another chunk, far after the broken row
    data = ("\n".join(lines[:1500]) + "\n").encode() + broken + ("\n" + "\n".join(lines[1500:]) + "\n").encode()
    path = tmp_path / "wage_records.csv"
    path.write_bytes(data)
    before = digest(live_db)
    streamed = readers.read_paths([path])
    [item] = streamed.inputs
    assert item.staged is not None and item.staged.path != path  # a copy to check, never the file itself
    with pytest.raises(ValidationError) as checked:
        ingest.load_batch(live_db, streamed.inputs)
    assert digest(live_db) == before
    report = validation.combined_report(streamed.problems, checked.value.problems)
    spans = broken.count(b"\n")
    assert [(p.row, p.column) for p in report if p.is_error][:2] == [(1501, None), (2502 + spans, "earnings_usd")]

    monkeypatch.setattr(readers, "STREAM_FROM_BYTES", 10**12)  # the whole-file path: the same report
    whole = readers.read_paths([path])
    with pytest.raises(ValidationError) as checked_whole:
        ingest.load_batch(live_db, whole.inputs, dry_run=True)
    assert [str(p) for p in report] == [str(p) for p in validation.combined_report(whole.problems,
                                                                                   checked_whole.value.problems)]


def test_a_windows_files_other_rows_are_checked_beside_its_refused_ones(live_db, tmp_path, monkeypatch,
                                                                       small_chunks):
    """Its refused row left as a bare \\n among \\r\\n lines, DuckDB's strict reader refused the copy, and the check
    failed as Sectorscope's fault (a code reviewer): each blanked line keeps its own line break."""
    lines = wage_lines(3000)
    lines[1200] = "X01999,2018,1,E1"
    lines[2000] = "X00999,2018,2,E1,abc,480,"
    path = tmp_path / "wage_records.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    streamed = readers.read_paths([path])
    with pytest.raises(ValidationError) as checked:
        ingest.load_batch(live_db, streamed.inputs, dry_run=True)
    report = validation.combined_report(streamed.problems, checked.value.problems)
    assert [(p.row, p.column) for p in report if p.is_error] == [(1201, None), (2001, "earnings_usd")]


def test_a_large_file_whose_header_runs_over_a_line_break_is_not_copied(tmp_path, small_chunks):
    """The loader reads a header as one line: a copy of a file whose header holds a line break named every row one
    row short (a code reviewer). Its reading problems are reported alone, as before."""
    header = HEADER.replace("earnings_usd", '"earnings\nusd"')
    path = write(tmp_path / "wage_records.csv", [header, *wage_lines(5)[1:], "X00009,2018"])
    read = readers.read_paths([path])
    assert read.inputs == [] and [p.row for p in read.problems] == [1, 8]


def test_a_copy_that_cannot_be_written_leaves_the_reading_problems_and_nothing_behind(tmp_path, monkeypatch,
                                                                                     small_chunks):
    path = write(tmp_path / "wage_records.csv", [*wage_lines(5), "X00009,2018"])
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    real_replace = readers.os.replace

    def full_disk(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(readers.os, "replace", full_disk)
    read = readers.read_paths([path], scratch=scratch)
    monkeypatch.setattr(readers.os, "replace", real_replace)
    assert read.inputs == [] and [p.row for p in read.problems] == [7]
    assert not list(scratch.iterdir())


def test_a_large_file_of_refused_rows_alone_has_no_rows_to_check(tmp_path, small_chunks):
    path = write(tmp_path / "wage_records.csv", [HEADER, "X00001,2018,1,E1", "X00002,2018"])
    read = readers.read_paths([path])
    assert read.inputs == [] and [p.row for p in read.problems] == [2, 3]


def test_a_bad_byte_in_a_line_across_a_blocks_end_is_said_and_a_malformed_rows_is_written_out(tmp_path,
                                                                                             monkeypatch,
                                                                                             small_chunks):
    """Read in blocks, a bad byte in a line cut by a block's end went unseen, and DuckDB then failed on the staged
    file; a malformed row's value kept the byte as a lone surrogate, which the Data page's report could not show
    (a reviewer). Both are said as the whole-file reader says them, the byte written [0xfc]."""
    from sectorscope.ingest.validation import problems_frame

    monkeypatch.setattr(readers, "STREAM_BLOCK_BYTES", 32)
    lines = wage_lines(6)
    lines[3] = lines[3].replace("E1", "E\xfc1", 1)  # its line runs over a 32-byte block's end
    lines[5] = lines[5] + ",extra"  # a malformed row holding a bad byte too
    lines[5] = lines[5].replace("E1", "E\xfc1", 1)
    data = ("\n".join(lines) + "\n").encode("latin-1")
    path = tmp_path / "wage_records.csv"
    path.write_bytes(data)
    streamed = readers.read_paths([path])
    whole = readers.read_upload("wage_records.csv", data)
    assert [p.row for p in streamed.problems] == [4, 6, 6]
    assert all("\udcfc" not in (p.value or "") and "\udcfc" not in p.message for p in streamed.problems)
    assert "E[0xfc]1" in streamed.problems[0].value
    problems_frame(streamed.problems).astype("string").to_csv()  # as the Data page shows and offers it
    assert {(p.row, p.value) for p in streamed.problems} == {(p.row, p.value) for p in whole.problems}


def test_a_gzipped_file_is_streamed_too(live_db, tmp_path, small_chunks):
    path = tmp_path / "wage_records.csv.gz"
    path.write_bytes(gzip.compress(("\n".join(wage_lines()) + "\n").encode()))
    inputs, result = load(live_db, path)
    assert inputs[0].staged is not None and inputs[0].staged.is_gzip
    assert result.rows == {"wage_records": 6000} and len(wage_rows(live_db)) == 6002


def test_a_staged_file_whose_mapping_translates_values_is_read_whole_so_the_mapping_sees_every_row(tmp_path,
                                                                                                    small_chunks):
    lines = wage_lines(3000)
    lines[0] = lines[0].replace("earnings_usd", "Wages")
    [item] = readers.read_paths([write(tmp_path / "wage_records.csv", lines)]).inputs
    assert item.staged is not None
    mapped, _ = mapping.map_input(item, mapping.ColumnMapping((("Wages", "earnings_usd"),),
                                                              {"employer_id": {"E9": "E1"}}, "wage_records"))
    assert mapped.staged is None and len(mapped.frame) == 3000 and mapped.frame["earnings_usd"].iloc[0] == "1000.50"


def test_a_staged_file_whose_mapping_only_renames_stays_on_disk_and_loads_the_same_rows(live_db, tmp_path,
                                                                                       small_chunks):
    """A large upload needing a column mapping (a real state's usual case) was read whole on every rerun of the Data
    page, 25 times its size in memory (a reviewer): renaming its columns in place keeps it a stream."""
    lines = wage_lines()
    lines[0] = lines[0].replace("earnings_usd", "Wages").replace("participant_id", "Person")
    [item] = readers.read_paths([write(tmp_path / "wage_records.csv", lines)], mode="append").inputs
    pairs = (("Wages", "earnings_usd"), ("Person", "participant_id"))
    mapped, _ = mapping.map_input(item, mapping.ColumnMapping(pairs, {}, "wage_records"))
    assert mapped.staged is not None and mapped.frame.empty
    assert list(mapped.frame.columns) == list(mapped.staged.columns) == list(HEADER.split(","))
    whole = tmp_path / "whole.duckdb"
    shutil.copyfile(live_db, whole)
    assert ingest.load_batch(live_db, [mapped]).rows == {"wage_records": 6000}
    ingest.load_batch(whole, [mapping.map_input(item.in_memory(), mapping.ColumnMapping(pairs, {},
                                                                                        "wage_records"))[0]])
    pd.testing.assert_frame_equal(wage_rows(live_db), wage_rows(whole))


def test_a_load_leaves_no_working_copy_or_spill_folder_behind(live_db, tmp_path, small_chunks):
    load(live_db, write(tmp_path / "wage_records.csv", wage_lines()))
    assert [p.name for p in live_db.parent.iterdir() if ".loading-" in p.name] == []


def test_problem_cap_keeps_the_first_rows_of_each_kind():
    cap = validation.ProblemCap(2)
    cap.add([validation.Problem("f.csv", "t", row, "c", "x", "bad") for row in range(2, 7)])
    cap.add([validation.Problem("f.csv", "t", 9, "d", "y", "other")])
    assert [(p.row, p.column) for p in cap.problems()] == [(2, "c"), (3, "c"), (9, "d"), (None, "c")]
    assert cap.problems()[-1].message == "3 more row(s) with this problem (the first 2 are listed): bad"


def test_rows_after_empty_lines_keep_their_own_numbers_streamed_or_whole(live_db, tmp_path, monkeypatch,
                                                                         small_chunks):
    """A spreadsheet shows a row's own line: empty lines (skipped) once shifted every later row's number up, so a
    report named the empty line above a bad row, not the row."""
    lines = wage_lines()
    lines[1000] = "X00499,2018,2,E9,abc,480,"  # data row 1,000: line 1,001 before the empty lines go in
    lines[5000] = "X02499,2018,2,E9,xyz,480,"  # in a later chunk
    lines[3:3] = ["", ""]  # two empty lines after row 3 (lines 4 and 5): the bad rows move to lines 1,003, 5,003
    lines.insert(0, "")  # and one before the header: every line one further down
    path = write(tmp_path / "wage_records.csv", lines)
    assert lines[1003] .startswith("X00499") and lines[5003].startswith("X02499")  # lines 1,004 and 5,004
    staged = [p for p in report(live_db, path) if "not a number" in p]
    assert [p.split(", column")[0] for p in staged] == ["wage_records.csv, row 1004", "wage_records.csv, row 5004"]
    monkeypatch.setattr(readers, "STREAM_FROM_BYTES", 10**12)
    assert [p for p in report(live_db, path) if "not a number" in p] == staged  # the whole-file reader: the same


def test_a_workbook_row_after_an_empty_row_keeps_its_own_number(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "wage_records"
    sheet.append(HEADER.split(","))
    sheet.append(["X00000", 2018, 1, "E1", "1000.50", None, None])
    sheet.append([None] * 7)  # an empty row 3
    sheet.append(["X00000", 2018, 2, "E1", "abc", None, None])  # row 4
    path = tmp_path / "wages.xlsx"
    book.save(path)
    read = readers.read_paths([path])
    assert not read.problems
    assert list(read.inputs[0].frame.index + 2) == [2, 4]


def test_a_staged_upsert_keeps_the_loaded_values_of_columns_its_file_lacks(live_db, tmp_path, small_chunks):
    """As a file read whole: a large wage-records refresh without hours keeps the hours already loaded."""
    load(live_db, write(tmp_path / "wage_records.csv", wage_lines()))
    hours_before = wage_rows(live_db).set_index(["participant_id", "year", "quarter"])["hours"]
    assert hours_before.notna().any()
    without_hours = [",".join(line.split(",")[:5] + line.split(",")[6:]) for line in wage_lines()]
    inputs, result = load(live_db, write(tmp_path / "wage_records_refresh.csv", without_hours), mode="upsert")
    assert inputs[0].staged is not None
    after = wage_rows(live_db).set_index(["participant_id", "year", "quarter"])
    pd.testing.assert_series_equal(after["hours"], hours_before)
    assert any("keep their values" in p.message and p.column == "hours" for p in result.warnings)


def test_a_staged_upsert_says_the_loaded_values_its_empty_cells_empty(live_db, tmp_path, small_chunks):
    """As a file read whole (``emptied_cell_warnings``): a refresh leaving some hours empty where hours are loaded
    says how many loaded values go, naming the first rows as the file numbers them."""
    load(live_db, write(tmp_path / "wage_records.csv", wage_lines()))
    with duckdb.connect(str(live_db), read_only=True) as con:
        held = con.execute("select count(hours) from wage_records where participant_id like 'X%'").fetchone()[0]
    every_hour = [HEADER] + [line.rsplit(",", 2)[0] + ",480," + line.rsplit(",", 1)[1] for line in wage_lines()[1:]]
    inputs, result = load(live_db, write(tmp_path / "wage_records_refresh.csv", every_hour), mode="upsert")
    assert inputs[0].staged is not None
    assert not [w for w in result.warnings if "left empty in the file" in w.message]  # nothing emptied
    inputs, result = load(live_db, write(tmp_path / "wage_records_again.csv", wage_lines()), mode="upsert")
    assert inputs[0].staged is not None
    [warned] = [w for w in result.warnings if "left empty in the file" in w.message]
    # hours are empty on two rows in three of the file: row 3 is the second line of data (i = 1)
    emptied = 6000 - held
    assert warned.column == "hours" and warned.message.startswith(
        f"{emptied:,} cells of this column left empty in the file (rows 3, 4, 6, 7, 9 and {emptied - 5:,} more) "
        "empty the values loaded before")
    after = wage_rows(live_db)
    assert after.loc[after["participant_id"].str.startswith("X"), "hours"].count() == held  # written as given
    # a cell holding a value the reader refuses is not said empty ("4,80" refused and warned of as left empty beside
    # it: a steward); the report lists the refused one, and the emptied ones without it
    load(live_db, write(tmp_path / "wage_records_full.csv", every_hour), mode="upsert")
    refused = every_hour.copy()
    refused[2] = refused[2].replace(",480,", ',"4,80",')  # row 3
    refused[3] = refused[3].replace(",480,", ",,")  # row 4: empty
    problems = report(live_db, write(tmp_path / "wage_records_refused.csv", refused), mode="upsert")
    assert any("row 3, column hours" in problem and "'4,80'" in problem for problem in problems)
    [said] = [problem for problem in problems if "left empty in the file" in problem]
    assert "a cell of this column left empty in the file (row 4)" in said


@pytest.mark.parametrize("chunked", [True, False])
def test_an_upsert_is_checked_with_the_loaded_values_it_keeps_and_says_so(live_db, tmp_path, monkeypatch, chunked):
    """The kept values were filled in after every check in a file read in chunks: an upsert without end dates that
    moved a grant's start past its loaded end was written there, where the same file read whole was refused. Both
    refuse it now, and say the end date compared is the loaded one, not the file's."""
    monkeypatch.setattr(readers, "STREAM_FROM_BYTES", 0 if chunked else 10**12)
    monkeypatch.setattr(ingest, "CHUNK_ROWS", CHUNK)
    grants = tiny_tables()["grants"]
    earlier = grants.assign(start_date="2015-01-01", end_date="2016-06-30")
    ingest.load_batch(live_db, [ingest.TableInput("grants", earlier, "grants.csv", mode="replace")])
    path = tmp_path / "grants.csv"
    grants.drop(columns="end_date").assign(start_date="2018-01-01").to_csv(path, index=False)
    assert (readers.read_paths([path], mode="upsert").inputs[0].staged is not None) == chunked
    before = digest(live_db)
    problems = report(live_db, path, mode="upsert")
    assert any("end_date comes before start_date (end_date as already loaded: the file lacks it)" in p
               for p in problems)
    assert digest(live_db) == before


def test_a_file_with_windows_doubled_line_breaks_is_read_whole_with_its_own_row_numbers(live_db, tmp_path,
                                                                                         small_chunks):
    """Python's csv writer on Windows ends rows with \\r\\r\\n: DuckDB's reader stopped on it (a fault, exit 3).
    Such a file is read whole; each row is followed by an empty line, skipped and counted."""
    lines = wage_lines(400)
    lines[200] = lines[200].replace(".50,", "x,")  # data row 200: line 401 with an empty line after each row
    path = tmp_path / "wage_records.csv"
    path.write_bytes(("\r\r\n".join(lines) + "\r\r\n").encode())
    read = readers.read_paths([path], mode="append")
    assert read.inputs[0].staged is None
    assert next(p for p in report(live_db, path) if "not a number" in p).startswith("wage_records.csv, row 401,")


@pytest.mark.parametrize("streamed", [True, False])
def test_rows_of_only_separators_are_skipped_streamed_or_whole(live_db, tmp_path, monkeypatch, streamed):
    """Excel saves cleared rows as ",,,,,,": both readers skip them as empty rows (a workbook's empty rows are
    skipped), and the rows after them keep their own numbers. So are such rows cut short (",,,": the README says a
    row of only separators is skipped; it was refused as "a cut-off row", a data steward)."""
    monkeypatch.setattr(readers, "STREAM_FROM_BYTES", 0 if streamed else 10**12)
    monkeypatch.setattr(ingest, "CHUNK_ROWS", CHUNK)
    lines = wage_lines()
    lines[3000] = "X01499,2018,2,E9,abc,480,"  # data row 3,000: line 3,001, four lines further down below
    lines[10:10] = [",,,,,,", " , ,,,,,", ",,,", ","]
    path = write(tmp_path / "wage_records.csv", lines)
    found = report(live_db, path)
    assert [p.split(", column")[0] for p in found if "not a number" in p] == ["wage_records.csv, row 3005"]
    assert not [p for p in found if "values; the header has" in p], found
    del lines[3004]
    inputs, result = load(live_db, write(path, lines))
    assert (inputs[0].staged is not None) == streamed and result.rows == {"wage_records": 5999}
    assert inputs[0].row_count == 5999  # the Data page's preview: "6,003 rows" counted the four


@pytest.mark.parametrize("streamed", [True, False])
def test_the_rows_counted_before_loading_leave_out_rows_of_only_separators(tmp_path, monkeypatch, streamed):
    """Rows as wide as the header (the quick first pass) and cut short (the strict one) alike: the preview and the
    provenance's row count say the rows that load."""
    monkeypatch.setattr(readers, "STREAM_FROM_BYTES", 0 if streamed else 10**12)
    for blank_rows in ([",,,,,,", " , ,,,,,"], [",,,,,,", ",,,"]):
        lines = wage_lines()
        lines[10:10] = blank_rows
        read = readers.read_paths([write(tmp_path / "wage_records.csv", lines)], mode="append")
        assert (read.inputs[0].staged is not None) == streamed
        assert read.inputs[0].row_count == 6000, blank_rows
    # a tab or a no-break space is a value to both loaders (refused as such), not a blank: counted as a row, or the
    # preview said 6,000 rows and the load refused a 6,001st (a code reviewer)
    for not_blank in ("\t,,,,,,", "\xa0,,,,,,"):
        lines = wage_lines()
        lines[10:10] = [not_blank]
        read = readers.read_paths([write(tmp_path / "wage_records.csv", lines)], mode="append")
        assert read.inputs[0].row_count == 6001, repr(not_blank)


@pytest.mark.parametrize("streamed", [True, False])
def test_a_county_code_of_the_wrong_form_is_reported_once_streamed_or_whole(live_db, tmp_path, monkeypatch,
                                                                             streamed):
    """"3949" was reported twice on one cell: "not a 5-digit FIPS code" and "refers to a county_fips that is not
    in counties"; a code of the right form that names no county is still unknown."""
    from tiny_state import tiny_tables

    monkeypatch.setattr(readers, "STREAM_FROM_BYTES", 0 if streamed else 10**12)
    employers = tiny_tables()["employers"].copy()
    employers["county_fips"] = ["3949", "99999"][:len(employers)] + ["42071"] * (len(employers) - 2)
    path = tmp_path / "employers.csv"
    employers.to_csv(path, index=False)
    found = [p for p in report(live_db, path, mode="replace") if "county_fips" in p]
    assert len(found) == 2, found
    assert "row 2" in found[0] and "not a 5-digit FIPS" in found[0]
    assert "row 3" in found[1] and "not in counties" in found[1]


@pytest.mark.parametrize("streamed", [True, False])
def test_a_key_with_an_unreadable_part_is_not_also_a_duplicate_streamed_or_whole(live_db, tmp_path, monkeypatch,
                                                                                   streamed):
    """"Q1" in two rows' quarter of one person and year was refused as not a number and, beside it, as a duplicate
    key (the two missing quarters compared equal: a data steward). A key with a part missing is no key."""
    monkeypatch.setattr(readers, "STREAM_FROM_BYTES", 0 if streamed else 10**12)
    lines = wage_lines(40)
    # X00000's two quarters of 2018, both written Q1
    lines[1], lines[2] = lines[1].replace(",2018,1,", ",2018,Q1,"), lines[2].replace(",2018,2,", ",2018,Q1,")
    lines[5] = lines[7]  # a real duplicate is still one
    found = report(live_db, write(tmp_path / "wage_records.csv", lines))
    assert [line.split(":")[0] for line in found] == [
        "wage_records.csv, row 2, column quarter", "wage_records.csv, row 3, column quarter",
        "wage_records.csv, row 6, column participant_id, year, quarter",
        "wage_records.csv, row 8, column participant_id, year, quarter"], found


def test_a_large_file_of_only_blank_rows_is_refused_not_an_emptied_table(live_db, tmp_path, small_chunks):
    """Staged, a file of 3,000 ",,,,,," lines loaded as 0 rows and emptied the table (the whole-file path said "no
    data rows"): a commit reviewer."""
    before = digest(live_db)
    path = write(tmp_path / "wage_records.csv", [HEADER] + [",,,,,,"] * 3000)
    assert any("no data rows" in problem for problem in report(live_db, path, mode="replace"))
    assert digest(live_db) == before


def test_checking_a_large_file_says_how_far_it_has_come(live_db, tmp_path, small_chunks):
    """A 3-million-row file sat at "5% Checking the files" for 49 s without a word (a reviewer): each chunk checked
    moves the bar, naming the file and its rows."""
    path = write(tmp_path / "wage_records.csv", wage_lines())
    read = readers.read_paths([path], mode="append")
    heard: list[tuple[float, str]] = []
    ingest.load_batch(live_db, read.inputs, dry_run=True, progress=lambda share, message: heard.append((share,
                                                                                                       message)))
    checking = [(share, message) for share, message in heard if message.startswith("Checking wage_records.csv: ")]
    assert len(checking) >= 6000 // CHUNK, heard  # one per chunk
    assert checking[-1][1] == "Checking wage_records.csv: 6,000 of 6,000 rows"
    shares = [share for share, _ in heard]
    assert shares == sorted(shares) and 0.05 <= checking[0][0] < checking[-1][0] <= 0.1
