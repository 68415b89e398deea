"""The command line, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys

import duckdb

from sectorscope.config import PROJECT_ROOT


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sectorscope", *args], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, env=env, timeout=300)


def test_demo_command_builds_a_demo_database(tmp_path):
    path = tmp_path / "cli.duckdb"
    result = run_cli("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "Built the synthetic demo database" in result.stdout
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("select bool_and(is_demo) from datasets where table_name <> 'counties'").fetchall() == [
            (True,)]
        assert con.execute("select count(*) from partnerships").fetchall()[0][0] > 50


def test_same_seed_same_content(tmp_path, demo_db):
    path = tmp_path / "again.duckdb"
    assert run_cli("demo", "--db", str(path)).returncode == 0
    tables = ("partnerships", "participants", "wage_records", "employer_surveys", "qcew_annual", "grants")
    with duckdb.connect(str(path), read_only=True) as again, duckdb.connect(str(demo_db), read_only=True) as first:
        for table in tables:
            query = f"select * from {table} order by all"  # table names from the fixed tuple above
            assert again.execute(query).fetchall() == first.execute(query).fetchall(), table


def test_usage_errors_exit_2():
    assert run_cli("no-such-command").returncode == 2
    assert run_cli().returncode == 2


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
