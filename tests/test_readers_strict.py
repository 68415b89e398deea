"""Strict, explained reading: every way a CSV or workbook can be subtly broken is a reported problem naming the row,
never a silently different table."""

from __future__ import annotations

import io
import time

import openpyxl
import pandas as pd
import pytest
from tiny_state import tiny_tables

from sectorscope.ingest import readers
from sectorscope.ingest.validation import problem_kinds

HEADER = "participant_id,partnership_id,county_fips,enrolled_on,exited_on"
GOOD = [
    "A,P1,42071,2017-01-10,2017-06-30",
    "B,P1,42071,2017-02-01,2017-07-31",
    "C,P1,42133,2018-01-01,2018-06-30",
]


def read(text: str | bytes, **options) -> readers.ReadResult:
    data = text.encode() if isinstance(text, str) else text
    return readers.read_upload("participants.csv", data, **options)


def only_problem(result: readers.ReadResult):
    assert result.inputs == []
    assert result.problems, "expected a reported problem"
    return result.problems[0]


def test_a_well_formed_file_reads_whole():
    [item] = read("\n".join([HEADER, *GOOD]) + "\n").inputs
    assert len(item.frame) == 3 and item.frame.loc[2, "county_fips"] == "42133"


def test_a_row_missing_its_last_values_is_reported_with_its_row():
    result = read("\n".join([HEADER, GOOD[0], "B,P1,42071", GOOD[2]]))
    [problem] = result.problems
    assert problem.row == 3 and "3 values; the header has 5" in problem.message and problem.value == "B,P1,42071"
    assert problem.is_error


def test_the_rows_beside_a_malformed_one_are_read_for_checking_with_their_own_numbers():
    """A row with a wrong number of values made the whole file unreadable: its other problems, the column mapping
    and the keys other files of the batch refer to came only once it was mended. Its well-formed rows are now read
    (the malformed one reported, and alone enough to reject the batch)."""
    result = read("\n".join([HEADER, GOOD[0], "B,P1,42071", "", GOOD[2], "D,P1,42071,2017-01-10,2017-06-30,x"]))
    assert [(p.row, p.value) for p in result.problems] == [
        (3, "B,P1,42071"), (6, "D,P1,42071,2017-01-10,2017-06-30,x")]
    [item] = result.inputs
    assert list(item.frame["participant_id"]) == ["A", "C"]
    assert list(item.frame.index + 2) == [2, 5]  # the rows as a spreadsheet numbers them


def test_a_malformed_row_is_shown_as_typed_with_its_quotes():
    """Its values joined again read "Two, Inc" as "Two,Inc" (a commit reviewer)."""
    result = read("\n".join([HEADER, GOOD[0], '"Two, Inc",P1,42071', GOOD[2]]))
    assert [(p.row, p.value) for p in result.problems] == [(3, '"Two, Inc",P1,42071')]


def test_a_file_of_only_malformed_rows_is_not_also_called_empty():
    result = read("\n".join([HEADER, "B,P1,42071", "C,P1"]))
    assert result.inputs == [] and [p.row for p in result.problems] == [2, 3]


def test_a_long_malformed_row_is_shown_whole_up_to_a_bound():
    shown = read("\n".join([HEADER, GOOD[0], "B," + "x" * 200])).problems[0].value
    assert shown == "B," + "x" * 200
    cut = read("\n".join([HEADER, GOOD[0], "B," + "x" * 2_000])).problems[0].value
    assert len(cut) == readers.SHOWN_ROW_CHARACTERS and cut.endswith("…") and cut.startswith("B,xxx")


def test_the_malformed_rows_and_the_other_rows_problems_come_in_one_report(tiny_db):
    """One report: a bad county code in a well-formed row is named beside the malformed row, and a file referring
    to the file with the malformed row finds the keys of its well-formed rows."""
    from sectorscope.ingest import load as ingest
    from sectorscope.ingest.validation import ValidationError, combined_report

    tables = tiny_tables()
    partnerships = tables["partnerships"].to_csv(index=False).splitlines()
    partnerships.insert(2, "P9,Cut off")
    grants = tables["grants"].copy()
    grants.loc[0, "amount_usd"] = "lots"
    read_partnerships = readers.read_upload("partnerships.csv", "\n".join(partnerships).encode())
    read_grants = readers.read_upload("grants.csv", grants.to_csv(index=False).encode())
    with pytest.raises(ValidationError) as rejected:
        ingest.load_batch(tiny_db, [*read_partnerships.inputs, *read_grants.inputs], dry_run=True)
    report = combined_report([*read_partnerships.problems, *read_grants.problems], rejected.value.problems)
    errors = [(p.source, p.row, p.column) for p in report if p.is_error]
    assert ("partnerships.csv", 3, None) in errors and ("grants.csv", 2, "amount_usd") in errors
    assert not [p for p in report if "not in partnerships" in p.message], "P1 and P2 were read"


def test_a_row_with_a_bad_byte_keeps_its_key_for_the_files_referring_to_it(tiny_db):
    """Left out of the rows checked, a row holding a byte not in UTF-8 took its key with it: a wage file referring
    to that person was told of an unknown participant_id, and a replace of the participants that it would remove
    one loaded wage records refer to (a data steward); its own other problems went unsaid."""
    from sectorscope.ingest import load as ingest
    from sectorscope.ingest.validation import ValidationError, combined_report

    tables = tiny_tables()
    people = tables["participants"].assign(training_type=["Café skills", *tables["participants"]["training_type"][1:]])
    read_people = readers.read_upload("participants.csv", people.to_csv(index=False).encode("cp1252"))
    read_wages = readers.read_upload("wage_records.csv", tables["wage_records"].to_csv(index=False).encode())
    with pytest.raises(ValidationError) as rejected:
        ingest.load_batch(tiny_db, [*read_people.inputs, *read_wages.inputs], dry_run=True)
    report = combined_report([*read_people.problems, *read_wages.problems], rejected.value.problems)
    assert [(p.source, p.row, p.column, p.value) for p in report if p.is_error] == [
        ("participants.csv", 2, None, people.to_csv(index=False).splitlines()[1].replace("é", "[0xe9]")),
        ("participants.csv", 2, "training_type", "Caf[0xe9] skills")]


def test_an_unbalanced_quote_never_merges_two_rows():
    broken = 'B,"P1,42071,2017-02-01,2017-07-31'
    result = read("\n".join([HEADER, GOOD[0], broken, GOOD[2]]))
    problem = only_problem(result)
    assert problem.row == 3 and "quote" in problem.message


def test_an_unbalanced_quote_closed_rows_later_is_reported():
    result = read("\n".join([HEADER, 'A,P1,42071,"2017-01-10,2017-06-30', 'B,P1,42071,2017-02-01,2017"-07-31',
                             GOOD[2]]))
    assert only_problem(result).row == 2


def test_a_row_with_far_more_values_stops_at_once():
    started = time.monotonic()
    wide = "A,P1,42071,2017-01-10,2017-06-30" + ",x" * 500_000
    problem = only_problem(read("\n".join([HEADER, wide, *GOOD])))
    assert time.monotonic() - started < 10
    assert problem.row == 2 and "500,005 values; the header has 5" in problem.message


def test_every_row_with_a_bad_byte_in_utf8_is_reported_as_typed_never_read_as_latin1():
    """A file in another encoding was refused at its first bad byte, the rest unread until it was declared (a data
    steward): each row holding one is named, the byte written where it is, and the other rows are checked in the
    same report."""
    rows = [HEADER, GOOD[0], "Müller,P1,42071,2017-02-01,2017-07-31", GOOD[2], "Zoë,P1,42071,2017-03-01,2017-08-31"]
    data = ("\n".join(rows) + "\n").encode().replace("ü".encode(), b"\xfc").replace("ë".encode(), b"\xeb")
    result = read(data)
    assert [(p.row, p.value) for p in result.problems] == [
        (3, "M[0xfc]ller,P1,42071,2017-02-01,2017-07-31"), (5, "Zo[0xeb],P1,42071,2017-03-01,2017-08-31")]
    assert all("not valid UTF-8" in p.message and "declare its encoding" in p.message and p.is_error
               for p in result.problems)
    # every row read for checking, these with the byte written out (never loaded: the problems reject the batch);
    # left out, their keys went missing and a file referring to one was told of an unknown key (a steward)
    [checked] = result.inputs
    assert list(checked.frame["participant_id"]) == ["A", "M[0xfc]ller", "C", "Zo[0xeb]"]
    [item] = read(data, encoding="latin-1").inputs  # declared: read as Latin-1
    assert item.frame.loc[1, "participant_id"] == "Müller"
    utf8 = read(("\n".join([HEADER, "Müller,P1,42071,2017-02-01,2017-07-31"]) + "\n").encode())
    assert utf8.inputs[0].frame.loc[0, "participant_id"] == "Müller"


def test_a_bad_byte_in_the_header_is_its_rows_problem_and_the_columns_are_read_as_typed():
    data = ("\n".join([HEADER.replace("county_fips", "county_fips_ü"), *GOOD]) + "\n").encode().replace(
        "ü".encode(), b"\xfc")
    result = read(data)
    assert [(p.row, p.value) for p in result.problems] == [(1, HEADER.replace("county_fips", "county_fips_[0xfc]"))]
    [item] = result.inputs  # its columns as typed: the checks say which is unknown and which is missing
    assert "county_fips_[0xfc]" in item.frame.columns and len(item.frame) == 3


def test_rows_with_bad_bytes_past_the_listed_ones_are_counted_as_one_kind():
    rows = [HEADER, *[f"P{number}\xfc,P1,42071,2017-01-10,2017-06-30" for number in range(150)]]
    problems = read("\n".join(rows).encode("latin-1")).problems
    assert [p.row for p in problems[:-1]] == list(range(2, 2 + readers.MAX_ROW_PROBLEMS))
    more = problems[-1]
    assert more.row is None and more.message.startswith(
        f"{150 - readers.MAX_ROW_PROBLEMS} more row(s) with this problem (the first 100 are listed): this row holds")
    assert more.counts_more_of == (problems[0].message, 150 - readers.MAX_ROW_PROBLEMS)
    assert [(kind.rows, kind.listed) for kind in problem_kinds(problems)] == [(150, 100)]


def test_rows_with_bad_bytes_are_said_where_the_reading_stops_early():
    """A malformed quote stops the reading; the rows with bad bytes found before went with it (a reviewer)."""
    data = "\n".join([HEADER, "M\xfcller,P1,42071,2017-02-01,2017-07-31", GOOD[1], 'C,"P1"x,42071,2017-01-10,'
                       "2017-06-30"]).encode("latin-1")
    problems = read(data).problems
    assert [p.row for p in problems] == [2, 4] and "not valid UTF-8" in problems[0].message
    assert problems[0].value == "M[0xfc]ller,P1,42071,2017-02-01,2017-07-31"


def test_a_file_declared_in_another_encoding_is_not_told_to_declare_it():
    """Declared cp1252, a file holding bytes Windows-1252 does not use (0x81, 0x90) was told to "declare its
    encoding (... --encoding cp1252 ...)", what it had done (a data steward)."""
    [problem] = read(("\n".join([HEADER, GOOD[0].replace("A", "A\x81")]) + "\n").encode("latin-1"),
                     encoding="cp1252").problems
    assert "not valid CP1252" in problem.message and "the file is not CP1252" in problem.message
    assert "--encoding cp1252" not in problem.message


@pytest.mark.parametrize("streamed", [False, True])
def test_a_bad_byte_after_a_byte_order_mark_is_named_where_it_is(streamed, tmp_path, monkeypatch):
    """A UTF-8 byte order mark before a Windows-1252 body: the report named "byte 0x61 at byte offset 273", an "a"
    three bytes before the bad 0xf3 (the decoder counts from after the mark: a steward). A file read in blocks says
    the same."""
    data = b"\xef\xbb\xbf" + ("\n".join([HEADER, GOOD[0], "Muller,P1,42071,2017-02-01,2017-07-31"]) + "\n").encode()
    data = data.replace(b"Muller", b"M\xfcller")
    if streamed:  # staged however small, read in blocks
        monkeypatch.setattr(readers, "STREAM_FROM_BYTES", 0)
        path = tmp_path / "participants.csv"
        path.write_bytes(data)
        result = readers.read_paths([path])
    else:
        result = read(data)
    assert [(p.row, p.value) for p in result.problems] == [(3, "M[0xfc]ller,P1,42071,2017-02-01,2017-07-31")]


@pytest.mark.parametrize("streamed", [False, True])
def test_a_bad_byte_on_a_rows_second_line_is_said_at_the_rows_first(streamed, tmp_path, monkeypatch):
    """A value over a line break with a byte not in UTF-8 on its second line: the two problems named rows 3 and 4,
    one row (a data steward)."""
    data = ("\n".join([HEADER, GOOD[0], 'B,P1,"42\n07\xfc1",2017-01-10,2017-06-30', GOOD[2]]) + "\n").encode("latin-1")
    if streamed:
        monkeypatch.setattr(readers, "STREAM_FROM_BYTES", 0)
        path = tmp_path / "participants.csv"
        path.write_bytes(data)
        monkeypatch.setattr(readers, "STREAMED_TABLES", ("participants",))
        result = readers.read_paths([path])
    else:
        result = read(data)
    assert [p.row for p in result.problems] == [3, 3]
    assert "line break" in result.problems[0].message and "not valid UTF-8" in result.problems[1].message


def test_utf16_text_in_a_batch_declared_otherwise_is_said_to_be_utf16():
    """Excel's "Unicode Text" export in a batch declared cp1252 was refused as "not a text file (it contains binary
    data: a NUL byte at byte offset 3)" (a data steward)."""
    data = ("\n".join([HEADER, *GOOD]) + "\n").encode("utf-16")
    problem = only_problem(read(data, encoding="cp1252"))
    assert problem.message.startswith("the file is UTF-16 text (it starts with UTF-16's byte order mark), not CP1252")
    assert read(data).inputs  # with no encoding declared, it reads


def test_an_unknown_declared_encoding_is_a_problem():
    assert "unknown encoding" in only_problem(read("\n".join([HEADER, *GOOD]), encoding="klingon")).message


def test_nul_bytes_anywhere_are_refused():
    rows = [HEADER] + [GOOD[0].replace("A,", f"A{i},") for i in range(5_000)]
    text = "\n".join(rows) + "\nZ\x00,P1,42071,2017-01-10,2017-06-30\n"
    assert len(text) > 20_000
    problem = only_problem(read(text))
    assert "NUL byte" in problem.message and problem.row == 5_002


def test_a_value_spanning_lines_is_reported():
    result = read("\n".join([HEADER, 'A,P1,42071,"2017-01-10\n",2017-06-30', GOOD[1]]))
    [problem] = result.problems
    assert "line break" in problem.message and problem.row == 2
    assert list(result.inputs[0].frame["participant_id"]) == ["B"]  # the row after it, read on its own


def test_rows_of_only_separators_are_skipped_as_empty_rows_are():
    """Excel saves cleared rows as ",,,,": they read as rows whose every required value was empty, where the same
    rows in a workbook were skipped."""
    [item] = read("\n".join([HEADER, GOOD[0], ",,,,", " , , , , ", GOOD[1]]) + "\n").inputs
    assert list(item.frame["participant_id"]) == ["A", "B"] and list(item.frame.index + 2) == [2, 5]


def test_row_limit(monkeypatch):
    monkeypatch.setenv("SECTORSCOPE_MAX_ROWS", "2")
    assert "SECTORSCOPE_MAX_ROWS" in only_problem(read("\n".join([HEADER, *GOOD]))).message


def test_time_limit_stops_reading():
    rows = [HEADER] + [GOOD[0].replace("A,", f"A{i},") for i in range(70_000)]
    data = ("\n".join(rows)).encode()
    with pytest.raises(readers.UnreadableFile, match="SECTORSCOPE_MAX_READ_SECONDS"):
        readers.read_csv_bytes(data, limits=readers.ReadLimits(max_seconds=1e-9))


def test_gzip_bombs_are_bounded(monkeypatch):
    import gzip

    monkeypatch.setenv("SECTORSCOPE_MAX_UPLOAD_MB", "0.01")
    bomb = gzip.compress(b"a" * 200_000)
    assert len(bomb) < 10_000
    assert "unpacks to more than" in only_problem(readers.read_upload("participants.csv.gz", bomb)).message


def workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "grants"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_formula_cells_are_refused_not_blank():
    grants = tiny_tables()["grants"]
    rows = [list(grants.columns), *grants.astype(object).values.tolist()]
    rows[2][5] = "=100000*3"
    result = readers.read_upload("grants.xlsx", workbook(rows))
    [problem] = result.problems
    # the sheet is still passed on to be checked, so one report holds its other problems too; the formula, an
    # error, rejects the batch (the Data page and the command line only check a batch with read errors)
    assert [item.table for item in result.inputs] == ["grants"]
    assert problem.row == 3 and problem.column == "amount_usd" and problem.value == "=100000*3"
    assert "formula" in problem.message


def test_xlsx_values_read_as_text():
    import datetime as dt

    rows = [["grant_id", "partnership_id", "amount_usd", "start_date"],
            ["G1", "P1", 100000, dt.datetime(2016, 1, 1)], ["G2", "P1", 7516.8, dt.date(2017, 3, 1)]]
    [item] = readers.read_upload("grants.xlsx", workbook(rows)).inputs
    assert list(item.frame["amount_usd"]) == ["100000", "7516.8"]
    assert list(item.frame["start_date"]) == ["2016-01-01", "2017-03-01"]


def test_a_sheet_named_after_no_table_is_said_to_be_left_out():
    """A workbook with "grants" and "Participant data" loaded grants and said nothing of the participants."""
    grants = tiny_tables()["grants"]
    book = openpyxl.Workbook()
    book.active.title = "grants"
    for row in [list(grants.columns), *grants.astype(object).values.tolist()]:
        book.active.append(row)
    book.create_sheet("Participant data").append(["participant_id"])
    book.create_sheet("README").append(["our own notes"])  # the templates' own sheet: not worth a word
    buffer = io.BytesIO()
    book.save(buffer)
    result = readers.read_upload("state.xlsx", buffer.getvalue())
    assert [item.table for item in result.inputs] == ["grants"]
    [warning] = result.problems
    assert warning.severity == "warning" and warning.message.startswith("sheet 'Participant data' left out")
    assert "participants" in warning.message


def sheets_workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    """A workbook of one sheet per frame, named after its key."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, frame in sheets.items():
        sheet = book.create_sheet(title)
        for row in [list(frame.columns), *frame.astype(object).values.tolist()]:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_workbooks_sheets_load_by_their_names_whatever_its_file_is_called(tmp_path):
    """CO_employers_2024.xlsx with an employers and an employer_surveys sheet loaded employers alone on the command
    line, its file's name taken for the table, and left the surveys out without a word (a data steward): a
    workbook's sheets go by their own names; a lone sheet of no table's name by the file's; a table asked for reads
    its sheet alone and says which it left out."""
    tables = tiny_tables()
    both = sheets_workbook({"employers": tables["employers"], "employer_surveys": tables["employer_surveys"]})
    path = tmp_path / "CO_employers_2024.xlsx"
    path.write_bytes(both)
    from sectorscope.commands.data import _mapped_inputs

    class Args:  # the command line's options for `load CO_employers_2024.xlsx`
        files, table, mode, encoding = [path], None, None, None

    from sectorscope.ingest.mapping import ColumnMapping

    inputs, problems, _ = _mapped_inputs(Args, ColumnMapping(), tmp_path / "state.duckdb")
    assert [item.table for item in inputs] == ["employers", "employer_surveys"] and problems == []
    asked = readers.read_upload("CO_employers_2024.xlsx", both, "employers")
    assert [item.table for item in asked.inputs] == ["employers"]
    [warning] = asked.problems
    assert warning.severity == "warning" and warning.message.startswith("sheet 'employer_surveys' left out: only "
                                                                        "the sheet of employers is read, as asked")
    lone = readers.read_upload("participants 2024.xlsx", sheets_workbook({"Sheet1": tables["participants"]}))
    assert [item.table for item in lone.inputs] == ["participants"] and lone.problems == []


def test_a_formula_in_a_column_spelled_otherwise_is_reported_once(tiny_db):
    """The reader names the sheet's spelling ("Amount USD"), the checks the data model's (amount_usd): one formula
    cell came out as both "formula" and "not a number"."""
    from sectorscope.ingest import load as ingest
    from sectorscope.ingest.validation import ValidationError, combined_report

    grants = tiny_tables()["grants"]
    header = [("Amount USD" if column == "amount_usd" else column) for column in grants.columns]
    rows = [header, *grants.astype(object).values.tolist()]
    rows[1][list(grants.columns).index("amount_usd")] = "=1+2"
    read = readers.read_upload("grants.xlsx", workbook(rows))
    try:
        ingest.load_batch(tiny_db, read.inputs, dry_run=True)
        checked = []
    except ValidationError as error:
        checked = error.problems
    about_the_cell = [p for p in combined_report(read.problems, checked) if p.row == 2 and p.is_error]
    assert len(about_the_cell) == 1 and "formula" in about_the_cell[0].message


def test_a_report_lists_each_files_problems_in_its_rows_order(tiny_db):
    """A workbook's formula in row 4 (found reading it) was listed before the checks' rows 2 and 3 (a data
    steward): each file's problems now come in its rows' order, those of the whole file first."""
    from sectorscope.ingest import load as ingest
    from sectorscope.ingest.validation import ValidationError, combined_report

    grants = tiny_tables()["grants"]
    rows = [list(grants.columns), *grants.astype(object).values.tolist()]
    rows += [list(row) for row in rows[1:]]  # four data rows: rows 2-5
    amount = list(grants.columns).index("amount_usd")
    rows[1][amount], rows[2][amount], rows[3][amount] = "lots", "many", "=1+2"
    read = readers.read_upload("grants.xlsx", workbook(rows))
    with pytest.raises(ValidationError) as rejected:
        ingest.load_batch(tiny_db, read.inputs, dry_run=True)
    report = [p.row for p in combined_report(read.problems, rejected.value.problems)
              if p.is_error and p.column == "amount_usd"]
    assert report[:3] == [2, 3, 4] and report == sorted(report)


def test_a_sheet_whose_reading_stopped_is_not_checked_as_if_whole():
    """After 100 problems a sheet's reading stops; checked anyway, its rows past the stop were missing and a later
    reference read as unknown ("refers to a partnership_id that is not in partnerships")."""
    grants = tiny_tables()["grants"]
    rows = [list(grants.columns)] + [["=1"] * len(grants.columns) for _ in range(120)]
    result = readers.read_upload("grants.xlsx", workbook(rows))
    assert result.inputs == [] and any(p.message.startswith("reading stopped") for p in result.problems)


@pytest.mark.parametrize(("text", "written", "declared", "says"), [
    ("name\nOhio\u2019s Caf\u00e9 \u2013 Healthcare\n", "cp1252", "latin-1", "most likely Windows-1252"),
    ("name\nCaf\u00e9 Healthcare \u2013 NEO\n", "utf-8", "cp1252", "the file is UTF-8, not Windows-1252"),
    ("\ufeffname\nCaf\u00e9\n", "utf-8", "cp1252", "the file is UTF-8, not Windows-1252"),
    ("name\nCaf\u00e9\n", "utf-8", "latin-1", "the file is UTF-8, not Latin-1"),
])
def test_a_single_byte_encoding_that_reads_garbled_text_is_refused(text, written, declared, says):
    """A wrong single-byte encoding reads every byte: "Ohio\\x92s Café \\x96 Healthcare" and "CafÃ©" loaded without a
    word (a reviewer). The report names the likely encoding and the line."""
    with pytest.raises(readers.UnreadableFile) as refused:
        readers.decode_text(text.encode(written), declared)
    assert says in str(refused.value)
    assert refused.value.problems[0].row == (1 if "\ufeff" in text else 2)


@pytest.mark.parametrize(("text", "written"), [("name\nOhio\u2019s Caf\u00e9\n", "cp1252"),
                                               ("name\nCaf\u00e9\n", "latin-1"), ("name\nplain\n", "ascii")])
def test_the_right_single_byte_encoding_still_reads(text, written):
    assert readers.decode_text(text.encode(written), "cp1252" if written == "cp1252" else "latin-1") == text


@pytest.mark.parametrize("declared", ["cp1252", "latin-1", None])
def test_a_utf8_file_of_plain_letters_reads_whatever_single_byte_encoding_is_declared(declared):
    """Excel's "CSV UTF-8" of plain letters, in a batch declared Windows-1252 for another file, was refused: its mark
    was called "UTF-8's way of writing letters such as é" (a data steward). Without such letters it reads the same;
    with them it is still refused (above)."""
    assert readers.decode_text("\ufeffregion_id,region_name\nR1,North\n".encode("utf-8"), declared) == (
        "region_id,region_name\nR1,North\n")


@pytest.mark.parametrize("encoding", [None, "utf-16"])
def test_excels_unicode_text_export_is_read(encoding):
    """UTF-16 with its byte order mark (Excel's "Unicode Text") was refused as binary data, even declared."""
    text = "\r\n".join([HEADER, "Müller,P1,42071,2017-02-01,2017-07-31", *GOOD]) + "\r\n"
    result = read(text.encode("utf-16"), encoding=encoding)
    assert not result.problems, result.problems
    assert result.inputs[0].frame.loc[0, "participant_id"] == "Müller"


def test_utf_16_declared_without_its_byte_order_mark_says_what_to_do():
    text = "\n".join([HEADER, *GOOD]) + "\n"
    assert "no UTF-16 byte order mark" in only_problem(read(text.encode("utf-16-le"), encoding="utf-16")).message


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf_16_without_its_byte_order_mark_asks_for_utf_8(codec):
    """Read as UTF-8, UTF-16 text without a byte order mark said only "a NUL byte at byte offset 1" (a reviewer)."""
    problem = only_problem(read(("\n".join([HEADER, *GOOD]) + "\n").encode(codec)))
    assert "a NUL byte at byte offset" in problem.message
    assert "saved as UTF-16? Save it as UTF-8 (CSV UTF-8 in Excel)" in problem.message


def test_a_nul_in_a_text_file_is_not_taken_for_utf_16():
    problem = only_problem(read(("\n".join([HEADER, *GOOD]) + "\n").encode() + b"X\x00Y\n"))
    assert "a NUL byte" in problem.message and "UTF-16" not in problem.message


@pytest.mark.parametrize("start, says", [(b"PK\x03\x04\x14\x00\x00\x00", "an Excel workbook (.xlsx)"),
                                         (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG picture")])
def test_a_workbook_or_picture_named_csv_is_called_what_it_is(start, says):
    """An .xlsx renamed .csv read "not a text file (NUL byte at offset 5)" (a reviewer)."""
    assert says in only_problem(read(start + b"\x00" * 40)).message


def test_a_nul_character_in_utf_16_text_and_utf_32_text_are_refused():
    """Read as UTF-16, a NUL character loaded into a region's name (the byte check cannot see it in two-byte text),
    and UTF-32 (whose byte order mark starts as UTF-16's) read as one garbled column (a reviewer)."""
    text = "\n".join([HEADER, "Z\x00,P1,42071,2017-01-10,2017-06-30", *GOOD]) + "\n"
    problem = only_problem(read(text.encode("utf-16")))
    assert "NUL character" in problem.message and problem.row == 2
    assert "UTF-32" in only_problem(read(("\n".join([HEADER, *GOOD]) + "\n").encode("utf-32"))).message


def test_a_title_line_above_the_header_is_said_first_csv_and_workbook():
    """A state's export with a title line above its header read "this row has 5 values; the header has 1" on every
    row, and a workbook "values beyond the header's 1 columns", with no word that the header was on row 3 (a data
    steward). The title line is said, with the header's row; so where Excel padded the title with separators (it read
    "not a column" and "required column is missing": a code reviewer). A file whose header is its first row says
    nothing of it, also where a row is wider (an unquoted comma in "Acme Staffing, Inc.": a code reviewer)."""
    titled = "\n".join(["Participant extract, run 2024-06-30", "", HEADER, *GOOD])
    [problem] = read(titled).problems
    assert problem.row == 3 and problem.message.startswith(
        "the header seems to be on row 3 (participant_id, partnership_id, county_fips, enrolled_on, …)")
    [problem] = read("\n".join(["Participants export,,,,", HEADER, *GOOD])).problems
    assert problem.row == 2 and problem.message.startswith("the header seems to be on row 2 (participant_id, ")
    grants = tiny_tables()["grants"]
    rows = [["Grants as of June"], list(grants.columns), *grants.astype(object).values.tolist()]
    problems = readers.read_upload("grants.xlsx", workbook(rows)).problems
    assert problems[0].row == 2 and problems[0].message.startswith("the header seems to be on row 2 (grant_id, ")
    unquoted = "\n".join(["partner_id,name,partner_type", "P01,Acme Staffing, Inc.,employer",
                          "P02,Lehigh CC,education"])
    problems = readers.read_upload("partners.csv", unquoted.encode()).problems
    assert problems and not [p for p in problems if "the header seems" in p.message]
    noted = [["partner_id", "name", "partner_type"], ["P02", "Lehigh CC", "education", "check with Maria"]]
    problems = readers.read_upload("partners.xlsx", workbook(noted)).problems
    assert problems and not [p for p in problems if "the header seems" in p.message]
    # rows of data under a one-word header are no header below it
    problems = read("\n".join(["participant_id", *GOOD])).problems
    assert problems and not [p for p in problems if "the header seems" in p.message]
