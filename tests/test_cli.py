"""The command line, run as a user runs it: in this process through ``cli.main`` (tests/cli_support.py), and once
as a real ``python -m sectorscope`` process for the entry point and its exit codes."""

from __future__ import annotations

import duckdb
from cli_support import run_cli, run_cli_process

from sectorscope.sources import demo
from sectorscope.sources.builder import DEMO_SEED


def test_demo_command_builds_a_demo_database(demo_db, demo_command_log):
    """The shared demo database is the one ``demo --db PATH`` built (tests/conftest.py): what the command said, and
    what it wrote."""
    assert demo_command_log["returncode"] == 0, demo_command_log["stderr"]
    assert "Built the synthetic demo database" in demo_command_log["stdout"]
    with duckdb.connect(str(demo_db), read_only=True) as con:
        assert con.execute("select bool_and(is_demo) from datasets where table_name <> 'counties'").fetchall() == [
            (True,)]
        assert con.execute("select count(*) from partnerships").fetchall()[0][0] > 50


def test_the_command_builds_the_demo_of_the_default_seed(demo_db):
    """What the command wrote is what the generator makes with the default seed: the same partnerships, people and
    grants. (tests/test_demo_digest.py pins the generator's tables, byte for byte.)"""
    tables = demo.generate_demo_tables(DEMO_SEED)
    with duckdb.connect(str(demo_db), read_only=True) as con:
        for table, key in (("partnerships", "partnership_id"), ("participants", "participant_id"),
                           ("grants", "grant_id")):
            query = f"select {key} from {table} order by 1"  # names from the fixed tuple above
            assert [row[0] for row in con.execute(query).fetchall()] == sorted(tables[table][key]), table


def test_usage_errors_exit_2():
    # A real process: the entry point (``python -m sectorscope``) passes main's exit code to the shell.
    assert run_cli_process("no-such-command").returncode == 2
    assert run_cli_process().returncode == 2


def write_tiny_csvs(folder):
    from tiny_state import tiny_tables

    paths = []
    for name, frame in tiny_tables().items():
        path = folder / f"{name}.csv"
        frame.to_csv(path, index=False)
        paths.append(str(path))
    return paths


def test_load_validate_and_templates_commands(tmp_path):
    files = write_tiny_csvs(tmp_path)
    db = tmp_path / "state.duckdb"
    checked = run_cli("validate", *files, "--db", str(db))
    assert checked.returncode == 0, checked.stderr
    assert "Valid, nothing written" in checked.stdout
    loaded = run_cli("load", *files, "--db", str(db))
    assert loaded.returncode == 0, loaded.stderr
    assert "participants 4" in loaded.stdout and "%" in loaded.stderr  # the progress bar
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from participants").fetchall() == [(4,)]
    written = run_cli("templates", str(tmp_path / "templates"))
    assert written.returncode == 0 and (tmp_path / "templates" / "sectorscope-templates.xlsx").exists()


def test_rejected_load_exits_1_with_the_report_and_changes_nothing(tmp_path):
    files = write_tiny_csvs(tmp_path)
    db = tmp_path / "state.duckdb"
    assert run_cli("load", *files, "--db", str(db)).returncode == 0
    before = db.read_bytes()
    bad = tmp_path / "participants.csv"
    bad.write_text(bad.read_text().replace("42133", "99999", 1))
    result = run_cli("load", str(bad), "--db", str(db))
    assert result.returncode == 1
    assert "participants.csv, row 4, column county_fips" in result.stderr
    assert db.read_bytes() == before


def test_the_default_mode_refuses_to_remove_rows_a_months_file_lacks_and_an_asked_replace_removes_them(tmp_path):
    """A month's grants file of one row, loaded with no --mode, replaced the table and took the other rows with it
    (a data steward): refused with how many would go and both ways on; --mode upsert keeps them, --mode replace
    removes them and says so."""
    from tiny_state import tiny_tables

    db = tmp_path / "state.duckdb"
    assert run_cli("load", *write_tiny_csvs(tmp_path), "--db", str(db)).returncode == 0
    held = len(tiny_tables()["grants"])
    month = tmp_path / "month" / "grants.csv"
    month.parent.mkdir()
    tiny_tables()["grants"].iloc[:1].to_csv(month, index=False)
    before = db.read_bytes()
    refused = run_cli("load", str(month), "--db", str(db))
    assert refused.returncode == 1
    assert (f"grants.csv: would remove {held - 1} rows of the {held} loaded before in grants that this file lacks"
            in refused.stderr), refused.stderr
    assert "--mode replace" in refused.stderr and "mode upsert" in refused.stderr
    assert db.read_bytes() == before
    kept = run_cli("load", str(month), "--mode", "upsert", "--db", str(db))
    assert kept.returncode == 0 and "grants 1 (updating 1 row loaded before, adding 0)" in kept.stdout
    removed = run_cli("load", str(month), "--mode", "replace", "--db", str(db))
    assert removed.returncode == 0, removed.stderr
    assert f"grants 1 (replacing {held} rows loaded before; {held - 1} of them not in the file removed)" in (
        removed.stdout)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from grants").fetchall() == [(1,)]


def test_missing_file_is_a_usage_error(tmp_path):
    assert run_cli("load", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "x.duckdb")).returncode == 2


def test_a_fault_in_sectorscope_exits_3_not_1(tmp_path, monkeypatch, capsys):
    """A crash (here one put into the loader) exits 3 with the traceback and a sentence saying it is a fault of
    Sectorscope's: a scheduled job must tell it from a rejected file (exit 1)."""
    from sectorscope import cli
    from sectorscope.ingest import load as ingest

    def failing(*args, **kwargs):
        raise RuntimeError("a fault put in by the test")

    monkeypatch.setattr(ingest, "load_batch", failing)
    code = cli.main(["load", *write_tiny_csvs(tmp_path), "--db", str(tmp_path / "state.duckdb")])
    err = capsys.readouterr().err
    assert code == 3
    assert "RuntimeError: a fault put in by the test" in err and "a fault in Sectorscope" in err
    assert not (tmp_path / "state.duckdb").exists()


def test_output_piped_into_a_reader_that_leaves_is_no_fault(monkeypatch, capsys):
    """`industry ... | head` printed a BrokenPipeError traceback and "a fault in Sectorscope" (exit 3)."""
    from sectorscope import cli
    from sectorscope.commands import industry

    def reader_left(args):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(industry, "run", reader_left)
    assert cli.main(["industry", "--area", "42071", "--year", "2016"]) == 0
    assert "fault" not in capsys.readouterr().err


def test_a_formula_cell_does_not_hide_the_workbooks_other_problems(tmp_path, capsys):
    """A formula cell once was the only problem reported: with it fixed, the same workbook showed more. Now one
    report holds the formula (once, not again as "not a number") and every other problem."""
    import openpyxl
    from tiny_state import tiny_tables

    from sectorscope import cli

    db = tmp_path / "state.duckdb"
    assert cli.main(["load", *write_tiny_csvs(tmp_path), "--db", str(db)]) == 0
    before = db.read_bytes()
    grants = tiny_tables()["grants"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "grants"
    sheet.append(list(grants.columns))
    for values in grants.astype(object).where(grants.notna(), None).itertuples(index=False):
        sheet.append(list(values))
    amount = list(grants.columns).index("amount_usd") + 1
    sheet.cell(row=2, column=amount, value="=1+2")  # a formula in row 2
    sheet.cell(row=3, column=amount, value="lots")  # not a number in row 3
    path = tmp_path / "grants.xlsx"
    book.save(path)
    capsys.readouterr()
    assert cli.main(["load", str(path), "--db", str(db)]) == 1
    report = [line for line in capsys.readouterr().err.splitlines() if "amount_usd" in line]
    assert len(report) == 2, report
    assert "row 2" in report[0] and "formula" in report[0]
    assert "row 3" in report[1] and "not a number" in report[1] and "'lots'" in report[1]
    assert db.read_bytes() == before


def test_amounts_saved_from_a_currency_cell_load_as_dollars(tmp_path, capsys):
    """A spreadsheet's currency cells saved to CSV read "$9,902.72": a steward's grants file was refused for it,
    where the same workbook loaded. The amounts load as dollars; an ambiguous "1,234" stays refused."""
    import pandas as pd
    from tiny_state import tiny_tables

    from sectorscope import cli

    db = tmp_path / "state.duckdb"
    assert cli.main(["load", *write_tiny_csvs(tmp_path), "--db", str(db)]) == 0
    grants = tiny_tables()["grants"]
    amounts = grants["amount_usd"].astype(float)
    grants["amount_usd"] = [f"${amount:,.2f}" for amount in amounts]
    assert any("," in amount for amount in grants["amount_usd"])  # the form under test
    path = tmp_path / "grants.csv"
    grants.to_csv(path, index=False)
    assert cli.main(["load", str(path), "--mode", "upsert", "--db", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        loaded = con.execute("select grant_id, amount_usd from grants order by grant_id").df()
    expected = pd.DataFrame({"grant_id": grants["grant_id"], "amount_usd": amounts}).sort_values("grant_id")
    pd.testing.assert_frame_equal(loaded, expected.reset_index(drop=True), check_dtype=False)

    grants.loc[0, "amount_usd"] = "1,234"
    grants.to_csv(path, index=False)
    capsys.readouterr()
    assert cli.main(["load", str(path), "--mode", "upsert", "--db", str(db)]) == 1
    assert "'1,234'" in capsys.readouterr().err
