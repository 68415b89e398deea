"""Usage errors on the command line, as a CLI reviewer met them: a --db that is not a DuckDB file or does not exist,
an unknown --encoding. Each is one line and exit 2 (README: 0 done, 1 rejected, 2 usage error, 3 a fault), never a
traceback, and the file given is left as it was."""

from __future__ import annotations

import pytest
from cli_support import run_cli
from tiny_state import tiny_tables

# every command that opens the database it is given, with the arguments it needs besides --db
DATABASE_COMMANDS = {
    "industry": ("industry", "--area", "42071", "--year", "2016"),
    "export deck": ("export", "deck", "--out", "{folder}/view.pptx"),
    "export onepager": ("export", "onepager", "--county", "42071", "--out", "{folder}/county.pdf"),
    "release build": ("release", "build"),
    "upgrade": ("upgrade",),
    "load": ("load", "{csv}"),
    "validate": ("validate", "{csv}"),
    "qcew load": ("qcew", "load", "{csv}"),
    "qwi load": ("qwi", "load", "{csv}"),
}
READING_COMMANDS = ("industry", "export deck", "export onepager", "release build", "upgrade")


def _arguments(command: str, folder, csv) -> list[str]:
    return [part.format(folder=folder, csv=csv) for part in DATABASE_COMMANDS[command]]


def _grants_csv(folder):
    path = folder / "grants.csv"
    tiny_tables()["grants"].to_csv(path, index=False)
    return path


@pytest.mark.parametrize("name", ["notadb.duckdb", "some.csv"])
@pytest.mark.parametrize("command", list(DATABASE_COMMANDS))
def test_a_db_that_is_not_a_duckdb_file_is_a_one_line_usage_error(command, name, tmp_path):
    """A CSV renamed notadb.duckdb printed a traceback and "a fault in Sectorscope" (exit 3); ``--db some.csv``
    said "Catalog Error: Cannot launch in-memory database in read-only mode!"."""
    bad = tmp_path / "bad"
    bad.mkdir()
    database = bad / name
    database.write_text("grant_id,amount_usd\nG1,100\n")
    before = database.read_bytes()
    ran = run_cli(*_arguments(command, tmp_path, _grants_csv(tmp_path)), "--db", str(database))
    assert ran.returncode == 2, ran.stderr
    assert f"{database} is not a Sectorscope (DuckDB) database" in ran.stderr
    assert len(ran.stderr.strip().splitlines()) == 1, ran.stderr
    assert database.read_bytes() == before
    assert sorted(path.name for path in bad.iterdir()) == [name]  # no lock, copy or spill file beside it


@pytest.mark.parametrize("command", READING_COMMANDS)
def test_a_missing_db_is_a_usage_error_in_every_command_that_reads_one(command, tmp_path):
    """``industry`` and ``export`` exited 1 ("rejected") where ``release build`` and ``upgrade`` exited 2."""
    missing = tmp_path / "nope.duckdb"
    ran = run_cli(*_arguments(command, tmp_path, "unused.csv"), "--db", str(missing))
    assert ran.returncode == 2, ran.stderr
    assert f"No database at {missing}" in ran.stderr
    assert not missing.exists()


@pytest.mark.parametrize("command", ["load", "validate"])
def test_an_unknown_encoding_is_a_usage_error(command, tmp_path):
    """``--encoding foo`` was reported as a rejected file (exit 1)."""
    ran = run_cli(command, str(_grants_csv(tmp_path)), "--encoding", "foo", "--db", str(tmp_path / "x.duckdb"))
    assert ran.returncode == 2
    assert "unknown encoding 'foo'" in ran.stderr
    assert not (tmp_path / "x.duckdb").exists()
