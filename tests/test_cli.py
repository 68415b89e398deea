"""The command line, run as a user runs it: in this process through ``cli.main`` (tests/cli_support.py), and once
as a real ``python -m sectorscope`` process for the entry point and its exit codes."""

from __future__ import annotations

import duckdb
import pytest
from cli_support import run_cli, run_cli_process


@pytest.fixture(scope="module")
def demo_by_cli(tmp_path_factory):
    """``demo --db PATH`` run once for this module (a whole demo build): its path and what the command left."""
    path = tmp_path_factory.mktemp("cli-demo") / "cli.duckdb"
    return path, run_cli("demo", "--db", str(path))


@pytest.mark.slow  # builds the whole demo database
def test_demo_command_builds_a_demo_database(demo_by_cli):
    path, result = demo_by_cli
    assert result.returncode == 0, result.stderr
    assert "Built the synthetic demo database" in result.stdout
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("select bool_and(is_demo) from datasets where table_name <> 'counties'").fetchall() == [
            (True,)]
        assert con.execute("select count(*) from partnerships").fetchall()[0][0] > 50


def test_same_seed_same_content(demo_by_cli, demo_db):
    path, result = demo_by_cli  # built by the command; demo_db by build_demo_database in its own session fixture
    assert result.returncode == 0, result.stderr
    tables = ("partnerships", "participants", "wage_records", "employer_surveys", "qcew_annual", "grants")
    with duckdb.connect(str(path), read_only=True) as again, duckdb.connect(str(demo_db), read_only=True) as first:
        for table in tables:
            query = f"select * from {table} order by all"  # table names from the fixed tuple above
            assert again.execute(query).fetchall() == first.execute(query).fetchall(), table


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


def test_missing_file_is_a_usage_error(tmp_path):
    assert run_cli("load", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "x.duckdb")).returncode == 2
