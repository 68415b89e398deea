"""A state's own files loaded from the command line while the demo is active, as the README's "Your own state's
data" says and as the Data page does (``ingest.load.own_data_target``): the first load creates ``state.duckdb`` in
the data folder and makes it the active database; the demo's file is never written. A database holding the demo that
the user names (``--db``, ``SECTORSCOPE_DB``) is refused in one line naming the ``--db`` to use. (A CLI reviewer:
``load mystate/*.csv`` was refused with "this database holds the synthetic demo" filed under grants.csv among five
unrelated problems.)"""

from __future__ import annotations

import duckdb
import pytest
from cli_support import run_cli
from test_cli import write_tiny_csvs
from test_qwi import api_frame
from tiny_state import tiny_tables

from sectorscope import config
from sectorscope.ingest import load as ingest


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    """A data folder whose active database (no pointer file: the default) holds a demo: the tiny state loaded as
    the demo is (``is_demo``), so the loader would refuse own data in it."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("SECTORSCOPE_DATA_DIR", str(folder))
    monkeypatch.delenv("SECTORSCOPE_DB", raising=False)
    inputs = [ingest.TableInput(name, frame, f"demo:{name}") for name, frame in tiny_tables().items()]
    ingest.load_batch(folder / config.DEMO_DB_NAME, inputs, is_demo=True, state_fips="42")
    return folder


def _rows(path, table: str) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f"select count(*) from {table}").fetchall()[0][0]  # table: a name from this file


def test_the_first_load_while_the_demo_is_active_starts_state_duckdb_and_activates_it(data_folder, tmp_path):
    demo = data_folder / config.DEMO_DB_NAME
    before = demo.read_bytes()
    files = tmp_path / "mystate"
    files.mkdir()
    ran = run_cli("load", *write_tiny_csvs(files))
    assert ran.returncode == 0, ran.stderr
    state = data_folder / config.STATE_DB_NAME
    assert f"Loaded into {state}" in ran.stdout
    assert "state.duckdb is now the active database" in ran.stdout
    assert "a database of their own" in ran.stderr and "this database holds the synthetic demo" not in ran.stderr
    assert config.database_path() == state
    assert _rows(state, "participants") == 4
    assert demo.read_bytes() == before
    again = run_cli("load", str(files / "participants.csv"), "--mode", "upsert")  # now into the active state.duckdb
    assert again.returncode == 0, again.stderr
    assert f"Loaded into {state}" in again.stdout and "now the active database" not in again.stdout
    assert demo.read_bytes() == before


def test_a_dry_run_while_the_demo_is_active_checks_against_the_new_file_and_switches_nothing(data_folder, tmp_path):
    ran = run_cli("load", *write_tiny_csvs(tmp_path), "--dry-run")
    assert ran.returncode == 0, ran.stderr
    assert f"checked against {data_folder / config.STATE_DB_NAME}" in ran.stdout
    assert config.database_path() == data_folder / config.DEMO_DB_NAME
    assert not (data_folder / config.STATE_DB_NAME).exists()


def test_a_qwi_load_while_the_demo_is_active_goes_where_the_data_page_puts_it(data_folder, tmp_path):
    path = tmp_path / "extract.csv"
    api_frame().to_csv(path, index=False)
    ran = run_cli("qwi", "load", str(path))
    assert ran.returncode == 0, ran.stderr
    state = data_folder / config.STATE_DB_NAME
    assert _rows(state, "qwi") == 4 and config.database_path() == state


def test_a_named_demo_database_is_refused_alone_naming_the_db_to_use(data_folder, tmp_path, monkeypatch):
    demo = data_folder / config.DEMO_DB_NAME
    before = demo.read_bytes()
    files = write_tiny_csvs(tmp_path)
    named = run_cli("load", *files, "--db", str(demo))
    assert named.returncode == 2
    assert named.stderr.strip().splitlines() == [
        f"python -m sectorscope load: error: {demo} holds the synthetic demo, and your own data never goes into "
        f"it: load your files into a database of their own with --db NEW_FILE (e.g. --db "
        f"{data_folder / config.STATE_DB_NAME})"]
    monkeypatch.setenv("SECTORSCOPE_DB", str(demo))
    pinned = run_cli("load", *files)
    assert pinned.returncode == 2
    assert len(pinned.stderr.strip().splitlines()) == 1 and "SECTORSCOPE_DB names" in pinned.stderr
    assert "--db NEW_FILE" in pinned.stderr
    assert demo.read_bytes() == before
    assert not (data_folder / config.STATE_DB_NAME).exists()


def test_the_demo_command_never_replaces_a_states_own_data(data_folder, tmp_path, monkeypatch):
    """With the state's data active, ``demo`` without --db builds the demo's own file (it replaced the active one,
    the state's, whole); named, a file holding own data is refused."""
    from sectorscope.sources import builder

    assert run_cli("load", *write_tiny_csvs(tmp_path)).returncode == 0
    state = data_folder / config.STATE_DB_NAME
    before = state.read_bytes()
    built = []
    monkeypatch.setattr(builder, "build_demo_database",  # the path it is given is the point, not a 45 s build
                        lambda path, **options: built.append(path) or ingest.LoadResult({}))
    assert run_cli("demo").returncode == 0
    assert built == [data_folder / config.DEMO_DB_NAME]
    ran = run_cli("demo", "--db", str(state))
    assert ran.returncode == 2 and "holds a state's own data" in ran.stderr
    assert built == [data_folder / config.DEMO_DB_NAME]
    assert state.read_bytes() == before and config.database_path() == state


def test_validate_checks_against_the_database_a_load_would_write(data_folder, tmp_path):
    """Without --db, validate checked against an empty database even where the state's own held its data, and
    refused a surveys file ("no employers are loaded") that the load took (a data steward): it checks against the
    database a load would write, and an empty one only where there is none yet."""
    files = tmp_path / "mystate"
    files.mkdir()
    paths = write_tiny_csvs(files)
    surveys = str(files / "employer_surveys.csv")
    before = run_cli("validate", surveys)  # state.duckdb not there yet: an empty database
    assert before.returncode == 1 and "checked against" not in before.stdout
    assert run_cli("load", *paths).returncode == 0
    state = data_folder / config.STATE_DB_NAME
    checked = run_cli("validate", surveys, "--mode", "upsert")
    assert checked.returncode == 0, checked.stderr
    assert f"Valid, nothing written (checked against {state})" in checked.stdout


def test_a_first_load_in_a_fresh_data_folder_names_no_demo_that_is_not_there(tmp_path, monkeypatch):
    """"The active database holds the synthetic demo ... the demo stays in sectorscope.duckdb", said in a data
    folder where no demo was ever built (a data steward)."""
    folder = tmp_path / "fresh"
    monkeypatch.setenv("SECTORSCOPE_DATA_DIR", str(folder))
    monkeypatch.delenv("SECTORSCOPE_DB", raising=False)
    files = tmp_path / "mystate"
    files.mkdir()
    ran = run_cli("load", *write_tiny_csvs(files))
    assert ran.returncode == 0, ran.stderr
    assert "synthetic demo" not in ran.stderr and "No database of your own yet" in ran.stderr
    assert "stays in" not in ran.stdout and f"is built in {config.DEMO_DB_NAME} if you switch to it" in ran.stdout
    assert not (folder / config.DEMO_DB_NAME).exists()
