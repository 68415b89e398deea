"""A UI wage file with a row per person, quarter and employer made into wage records (one per person and quarter):
earnings added up, the main employer and the others, and refused whole where adding up would mislead."""

from __future__ import annotations

import duckdb
import pytest

from sectorscope import cli
from sectorscope.ingest.ui_wages import combine_employer_rows

UI_FILE = """\ufeffParticipant ID,Year,Quarter,Employer ID,Earnings USD,Hours\r
A,2018,1,E2,1200,\r
A,2018,1,E1,3000,200\r
A,2018,2,E1,4100.50,210\r
B,2018,1,E3,0,10\r
B,2018,1,E4,500,40\r
B,2018,1,E5,500,30\r
"""


def combined(text: str):
    return combine_employer_rows("ui.csv", text.encode())


def test_rows_per_employer_become_one_per_person_and_quarter():
    result = combined(UI_FILE)
    assert result.problems == []
    rows = {(r.participant_id, r.year, r.quarter): r for r in result.records.itertuples(index=False)}
    assert len(rows) == 3 and result.rows_read == 6 and result.quarters_with_several == 2
    a1 = rows["A", 2018, 1]  # E1 paid most; E2's hours unknown, so the quarter's are too (a part is not the whole)
    assert (a1.employer_id, a1.earnings_usd, a1.other_employer_ids) == ("E1", 4200.0, "E2")
    assert a1.hours != a1.hours  # NaN: missing, never 200
    b1 = rows["B", 2018, 1]  # a tie of 500 goes to the lower id; the others by what they paid
    assert (b1.employer_id, b1.earnings_usd, b1.hours, b1.other_employer_ids) == ("E4", 1000.0, 80.0, "E5;E3")
    a2 = rows["A", 2018, 2]
    assert (a2.employer_id, a2.earnings_usd, a2.hours) == ("E1", 4100.5, 210.0)
    assert a2.other_employer_ids is None or a2.other_employer_ids != a2.other_employer_ids  # none, not ""


def test_a_row_given_twice_is_refused_naming_both_rows():
    result = combined(UI_FILE + "A,2018,1,E1,3000,200\r\n")
    assert result.records is None
    twice = [(p.row, p.value) for p in result.problems]
    assert twice == [(3, "A, 2018, 1, E1"), (8, "A, 2018, 1, E1")]
    assert "rows 3, 8" in result.problems[0].message and "count twice" in result.problems[0].message


def test_an_unreadable_value_is_refused_as_the_loader_refuses_it():
    result = combined(UI_FILE.replace("4100.50", "\"4.100,50\""))
    assert result.records is None
    [problem] = result.problems
    assert (problem.source, problem.row, problem.column, problem.value) == ("ui.csv", 4, "earnings_usd", "4.100,50")


def test_the_rows_beside_an_unreadable_one_are_checked_in_the_same_report():
    """A byte not in UTF-8 in one row hid another row's "abc" earnings until it was mended (a data steward)."""
    broken = UI_FILE.removeprefix("\ufeff").replace("4100.50", "abc").replace("B,2018,1,E3", "B,2018,1,M\u00fcller")
    result = combine_employer_rows("ui.csv", broken.encode("latin-1"))
    assert result.records is None
    assert [(p.row, p.column) for p in result.problems] == [(4, "earnings_usd"), (5, None)]
    assert result.problems[1].value.startswith("B,2018,1,M[0xfc]ller")


def test_an_amount_saved_from_a_currency_cell_is_read_as_the_loader_reads_it():
    result = combined(UI_FILE.replace("4100.50", "\"$4,100.50\""))
    assert result.problems == [] and 4100.5 in set(result.records["earnings_usd"])


def test_a_file_already_one_row_per_quarter_is_not_combined():
    result = combined("participant_id,year,quarter,employer_id,earnings_usd,other_employer_ids\nA,2018,1,E1,5,E2\n")
    assert result.records is None and "already one row per person and quarter" in result.problems[0].message


def test_the_command_writes_wage_records_that_load(live_db, tmp_path, capsys):
    source, out = tmp_path / "ui.csv", tmp_path / "combined.csv"
    source.write_text(UI_FILE.replace("B,", "C,"), encoding="utf-8")
    assert cli.main(["combine-wages", str(source), "--out", str(out)]) == 0
    assert "3 wage records (one per person and quarter) from 6 rows" in capsys.readouterr().out
    assert cli.main(["load", str(out), "--table", "wage_records", "--mode", "upsert", "--db", str(live_db)]) == 0
    with duckdb.connect(str(live_db), read_only=True) as con:
        loaded = con.execute("select employer_id, earnings_usd, hours, other_employer_ids from wage_records "
                             "where participant_id = 'C' and year = 2018 and quarter = 1").fetchone()
    assert loaded == ("E4", 1000.0, 80.0, ["E5", "E3"])


@pytest.mark.parametrize("args", [["missing.csv"], ["same.csv", "same"]])
def test_the_command_refuses_a_missing_file_or_writing_over_its_input(tmp_path, args, capsys):
    (tmp_path / "same.csv").write_text(UI_FILE)
    out = tmp_path / (args[1] + ".csv" if len(args) > 1 else "out.csv")
    assert cli.main(["combine-wages", str(tmp_path / args[0]), "--out", str(out)]) == 2


def test_a_row_lacking_a_required_value_is_refused_by_its_own_row():
    """A row with no earnings was added up as if it had none, and one with no person made a record of nobody, named
    later by a row of the combined file (a code reviewer): each is refused here, by its row."""
    result = combined(UI_FILE.replace("A,2018,1,E2,1200,", "A,2018,1,E2,,").replace("B,2018,1,E5,500,30",
                                                                                      ",2018,1,E5,500,30"))
    assert result.records is None
    assert {(p.row, p.column) for p in result.problems} == {(2, "earnings_usd"), (7, "participant_id")}


def test_two_rows_of_one_quarter_without_an_employer_id_are_refused():
    """Two $500 rows with no employer id were added up to $1,000: a row twice, or two employers, cannot be told."""
    result = combined(UI_FILE + "C,2018,1,,500,\r\nC,2018,1,,500,\r\n")
    assert result.records is None
    assert [(p.row, p.value) for p in result.problems] == [(8, "C, 2018, 1, "), (9, "C, 2018, 1, ")]
