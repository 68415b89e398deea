"""A report summed up by kind (``validation.problem_kinds``): one systematic mistake in many rows ("$1,234.00" in
every row) read as hundreds of lines, with no line saying what to fix once. The full list stays: every row is
still named in the report and its download."""

from __future__ import annotations

import pandas as pd
import pytest
from cli_support import run_cli
from tiny_state import tiny_tables

from sectorscope.ingest import validation
from sectorscope.ingest.validation import Problem, problem_kinds, worth_summing_up


def bad_amounts(rows: list[int], value: str = "12k") -> list[Problem]:
    return [Problem("grants.csv", "grants", row, "amount_usd", value, "not a number") for row in rows]


def test_one_kind_counts_its_rows_names_the_first_and_last_and_an_example_as_typed():
    problems = bad_amounts(list(range(2, 42)))
    problems.append(Problem("grants.csv", "grants", 3, "end_date", "2021-13-01", "not a date"))
    amounts, dates = problem_kinds(problems)
    assert (amounts.rows, amounts.where, amounts.example, amounts.column) == (40, "rows 2–41", "12k", "amount_usd")
    assert str(amounts) == "grants.csv, column amount_usd: 40 rows (rows 2–41, e.g. '12k'): not a number"
    assert (dates.rows, dates.where) == (1, "row 3")
    assert str(dates) == "grants.csv, column end_date: 1 row (row 3, e.g. '2021-13-01'): not a date"


def test_rows_not_all_between_the_first_and_last_are_not_written_as_a_range():
    (kind,) = problem_kinds(bad_amounts([2, 9, 90]))
    assert kind.where == "first row 2, last row 90"


def test_rows_a_report_counts_without_listing_them_add_to_their_kind():
    """A large file lists 100 rows of a kind and counts the rest in one line (``ProblemCap``): the kind counts them
    all, and says only its first row (the last listed is not the last)."""
    cap = validation.ProblemCap(3)
    cap.add(bad_amounts(list(range(2, 12))))
    (kind,) = problem_kinds(cap.problems())
    assert (kind.rows, kind.listed, kind.where, kind.example) == (10, 3, "first row 2", "12k")
    assert kind.message == "not a number"  # the counting line's own words are not a kind of their own


def test_a_problem_of_the_whole_file_is_said_without_a_row_count():
    (kind,) = problem_kinds([Problem("grants.csv", "grants", None, None, None, "add partnerships.csv")])
    assert str(kind) == "grants.csv: add partnerships.csv"


def test_a_report_is_summed_up_only_where_some_kind_repeats():
    assert not worth_summing_up(problem_kinds(bad_amounts([2, 3, 4, 5])))
    assert worth_summing_up(problem_kinds(bad_amounts([2, 3, 4, 5, 6])))
    assert validation.REPEATED_KIND_ROWS == 5


def test_unknown_references_beyond_those_listed_count_in_their_kind(live_db):
    """More than ``MAX_REFERENCE_PROBLEMS`` rows referring to an unknown partnership: listed to the cap, the rest
    counted, and the kind says all of them."""
    grants = tiny_tables()["grants"]
    many = pd.concat([grants.iloc[[0]]] * (validation.MAX_REFERENCE_PROBLEMS + 7), ignore_index=True)
    many = many.assign(grant_id=[f"G{i}" for i in range(len(many))], partnership_id="P404")
    read = validation.normalize("grants", many, "grants.csv")
    found = validation.check_foreign_keys({"grants": read}, lambda table, column: {"P1"}, set())
    kinds = [kind for kind in problem_kinds(found) if kind.column == "partnership_id"]
    assert len(kinds) == 1 and kinds[0].rows == validation.MAX_REFERENCE_PROBLEMS + 7
    assert kinds[0].where == "first row 2" and kinds[0].example == "P404"


def write_grants(folder, amounts: list[str]) -> str:
    grants = tiny_tables()["grants"]
    rows = pd.concat([grants.iloc[[0]]] * len(amounts), ignore_index=True)
    rows = rows.assign(grant_id=[f"G{i}" for i in range(len(rows))], amount_usd=amounts)
    path = folder / "grants.csv"
    rows.to_csv(path, index=False)
    return str(path)


def test_the_command_lists_every_row_then_sums_them_up_by_kind(tmp_path, live_db):
    ran = run_cli("validate", write_grants(tmp_path, ["1.234,00"] * 30), "--db", str(live_db))
    assert ran.returncode == 1
    lines = ran.stderr.splitlines()
    assert sum("column amount_usd: not a number" in line for line in lines) == 30  # every row still listed
    short = lines.index("In short, 1 kind(s) of problem:")
    assert lines[short + 1].startswith("- grants.csv, column amount_usd: 30 rows (rows 2–31, e.g. '1.234,00'): "
                                       "not a number")
    assert short + 2 == len(lines)  # last, where the list ends on screen


def test_the_command_does_not_sum_up_a_short_report(tmp_path, live_db):
    ran = run_cli("validate", write_grants(tmp_path, ["12k", "13k", "1000"]), "--db", str(live_db))
    assert ran.returncode == 1 and "In short" not in ran.stderr and "value: '13k'" in ran.stderr


def test_a_report_of_mostly_one_row_kinds_is_not_summed_up():
    """A grants file pasted twice: each duplicate key's message names its own rows, so every line was a kind, and
    "In short, 103 kind(s)" was as long as the list (a code reviewer). Summed up only where it halves the lines."""
    distinct = [Problem("grants.csv", "grants", None, "grant_id", f"G{i}", f"duplicate key: rows {i} and {i + 150}")
                for i in range(10)]
    assert not worth_summing_up(problem_kinds(distinct + bad_amounts([2, 3, 4, 5, 6])))
    assert worth_summing_up(problem_kinds(distinct + bad_amounts(list(range(2, 40)))))
    assert validation.summary_lines(distinct) == []


def test_every_command_printing_a_rejection_error_sums_it_up():
    """The QWI, release and upgrade commands print the rejection itself (``cli.main``): its text ends with the same
    summary the load command prints; a short one has none."""
    error = validation.ValidationError(bad_amounts(list(range(2, 32))))
    text = str(error).splitlines()
    assert text[-2] == "In short, 1 kind(s) of problem:"
    assert text[-1].startswith("- grants.csv, column amount_usd: 30 rows (rows 2–31, e.g. '12k')")
    assert "In short" not in str(validation.ValidationError(bad_amounts([2, 3])))


def test_short_county_codes_are_one_kind_whatever_county_each_would_be(live_db):
    """Each short code's hint names its own county ("08003 (Alamosa County, Colorado)?"): "In short" listed a kind
    per code (a data steward). One kind, its message the rule's, every row still named with its own hint."""
    from sectorscope.ingest import load as ingest

    people = tiny_tables()["participants"]
    many = pd.concat([people.iloc[[0]]] * 12, ignore_index=True)
    many = many.assign(participant_id=[f"Z{i}" for i in range(12)], county_fips=["8003", "8001", "8005"] * 4)
    with pytest.raises(validation.ValidationError) as refused:
        ingest.load_batch(live_db, [ingest.TableInput("participants", many, "participants.csv", mode="append")],
                          dry_run=True)
    problems = [p for p in refused.value.problems if p.column == "county_fips"]
    assert len(problems) == 12 and len({p.message for p in problems}) == 3
    assert any("08003 (Alamosa County, Colorado)?" in p.message for p in problems)
    [kind] = problem_kinds(problems)
    assert kind.rows == 12 and "Alamosa" not in kind.message and kind.example == "8003"
    assert validation.summary_lines(problems)[0] == "In short, 1 kind(s) of problem:"
