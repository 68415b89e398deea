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
