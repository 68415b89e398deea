"""The app sees every load: a reader opens the database file as it is now, even while an older version is open in
the same process (DuckDB would otherwise hand back the instance it already has for that path)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from sectorscope import db
from sectorscope.config import PROJECT_ROOT


def _loads(con) -> int:
    """Rows of the provenance table, read the way pages read (a cursor per query, a named query)."""
    return len(db.run_query(con, "load_history"))


def _load_region_from_the_command_line(database, folder, region_id: str) -> None:
    """A second process (as a scheduled refresh would) appends one region with the real CLI."""
    path = folder / f"regions-{region_id}.csv"
    path.write_text(f"region_id,region_name,region_type\n{region_id},Region {region_id},workforce development area\n")
    done = subprocess.run([sys.executable, "-m", "sectorscope", "load", str(path), "--table", "regions",
                           "--mode", "append", "--db", str(database)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def database(tiny_db, tmp_path):
    path = tmp_path / "state.duckdb"
    shutil.copyfile(tiny_db, path)
    return path


def test_a_new_connection_reads_the_file_a_cli_load_swapped_in(database, tmp_path):
    old = db.connect_read_only(database)
    try:
        before = _loads(old)
        _load_region_from_the_command_line(database, tmp_path, "NE")
        new = db.connect_read_only(database)
        try:
            assert _loads(new) == before + 1
            assert _loads(old) == before  # a reader in the middle of a rerun keeps its version
        finally:
            new.close()
        _load_region_from_the_command_line(database, tmp_path, "NW")
        with db.connect_read_only(database) as newest:
            assert _loads(newest) == before + 2
    finally:
        old.close()


def test_the_signature_changes_with_every_load(database, tmp_path):
    first = db.database_signature(database)
    _load_region_from_the_command_line(database, tmp_path, "NE")
    second = db.database_signature(database)
    assert first is not None and second is not None
    assert first != second and first[2] != second[2]  # a new file (inode), not only a new time
    assert db.database_signature(tmp_path / "absent.duckdb") is None


def test_cached_fetches_follow_the_file(database, tmp_path, monkeypatch):
    import streamlit as st

    from sectorscope.ui import data

    monkeypatch.setenv("SECTORSCOPE_DB", str(database))
    abandoned = database.with_name(f".{database.name}.loading-999999-0123456789ab.tmp")
    abandoned.write_bytes(b"a killed load's copy")
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        before = len(data.fetch("load_history"))
        assert not abandoned.exists(), "the app's start did not remove a killed load's copy"
        _load_region_from_the_command_line(database, tmp_path, "NE")
        assert len(data.fetch("load_history")) == before + 1
        assert "regions-NE.csv" in set(data.fetch("load_history")["source_name"])
        _load_region_from_the_command_line(database, tmp_path, "NW")
        assert len(data.fetch("load_history")) == before + 2
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
