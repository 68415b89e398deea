"""The demo database built on first start runs on a thread of its own: every run waits for the one build and shows
its progress, and a visitor leaving (a run stopped) leaves it running. (The build itself, the real one, is the
``demo`` command's: ``test_cli_own_data.py`` and every test on ``demo_db``.)"""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from streamlit.testing.v1 import AppTest

from sectorscope import db
from sectorscope.ingest.load import LoadResult
from sectorscope.sources import builder
from sectorscope.ui import data


@pytest.fixture
def slow_builder(tiny_db, tmp_path, monkeypatch):
    """The builder replaced by one that reports half-way, waits for ``release`` and then puts the tiny state's file
    in place (the real one takes minutes); its calls counted."""
    release, calls = threading.Event(), []

    def build(path, progress=None, **_):
        calls.append(path)
        progress(0.5, "Half-way")
        if not release.wait(60):
            raise TimeoutError("never released")
        part = path.with_name(path.name + ".part")  # put in place whole, as the real builder renames its copy
        shutil.copyfile(tiny_db, part)
        os.replace(part, path)
        return LoadResult(rows={"regions": 3})

    monkeypatch.setattr(builder, "build_demo_database", build)
    target = tmp_path / "first-start.duckdb"
    monkeypatch.setenv("SECTORSCOPE_DB", str(target))
    return target, release, calls


def _page():
    import streamlit as st

    from sectorscope.ui.data import database_signature

    st.write(f"version {database_signature()[2]}")


def test_a_visitor_leaving_leaves_the_build_running(slow_builder):
    """The first visitor's run stops (here: AppTest gives up on it) while the database is built; the build goes on,
    and the next visitor's run waits for that same build, not a new one, and then reads the database."""
    target, release, calls = slow_builder
    first = AppTest.from_function(_page)
    with pytest.raises(RuntimeError, match="timed out"):
        first.run(timeout=1)
    job = data._DEMO_BUILDS[str(target)]
    assert job.thread.is_alive() and job.message == "Half-way" and job.fraction == 0.5
    assert data._demo_build(target, over=None) is job  # asked again: the one under way
    release.set()
    second = AppTest.from_function(_page).run(timeout=30)
    assert not second.exception
    assert second.markdown[0].value == f"version {db.database_signature(target)[2]}"
    assert len(calls) == 1
    assert str(target) not in data._DEMO_BUILDS  # done: forgotten
    assert data._demo_build(target, over=None) is None  # the file is there: nothing to build


def test_a_failed_build_is_said_to_every_waiting_run_and_tried_again_later(tiny_db, tmp_path, monkeypatch):
    calls = []

    def failing(path, progress=None, **_):
        calls.append(path)
        raise OSError("disk full")

    monkeypatch.setattr(builder, "build_demo_database", failing)
    target = tmp_path / "first-start.duckdb"
    monkeypatch.setenv("SECTORSCOPE_DB", str(target))
    run = AppTest.from_function(_page).run(timeout=30)
    assert "The demo database could not be built: disk full" in run.exception[0].message
    assert not target.exists() and str(target) not in data._DEMO_BUILDS
    AppTest.from_function(_page).run(timeout=30)
    assert len(calls) == 2  # a new visit tries again


def test_a_build_over_a_file_that_changed_meanwhile_is_not_started(tiny_db, tmp_path):
    """An old demo is rebuilt only while it is the file there: a run that found it old after another run's build
    had replaced it starts none."""
    target = tmp_path / "old.duckdb"
    shutil.copyfile(tiny_db, target)
    assert data._demo_build(target, over=("elsewhere", 0, 0, 0, 0)) is None
    assert str(target) not in data._DEMO_BUILDS


def test_what_a_dead_build_left_is_removed_and_a_live_ones_is_kept(tmp_path):
    """A server stopped during its first start (the build's thread dies with it) or a killed ``demo`` command left
    its build file, its lock and its load's working copy beside the database, 31 MB each time: the next build removes
    those of a process no longer running, and keeps a running one's."""
    import subprocess
    import sys

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                           check=True)
    dead = int(ended.stdout)
    target = tmp_path / "sectorscope.duckdb"
    left = [tmp_path / f".sectorscope.duckdb.demo-{dead}.tmp", tmp_path / f".sectorscope.duckdb.demo-{dead}.tmp.lock",
            tmp_path / f"..sectorscope.duckdb.demo-{dead}.tmp.loading-{dead}-abc"]
    left[0].write_bytes(b"half a database")
    left[1].write_bytes(b"")
    left[2].mkdir()
    (left[2] / "copy.duckdb").write_bytes(b"x")
    alive = tmp_path / f".sectorscope.duckdb.demo-{os.getppid()}.tmp"  # the test runner's parent: running
    alive.write_bytes(b"in use")
    other = tmp_path / f".other.duckdb.demo-{dead}.tmp"  # another database's: not this one's to remove
    other.write_bytes(b"")
    assert sorted(builder.remove_abandoned_builds(target)) == sorted(left)
    assert not any(path.exists() for path in left) and alive.exists() and other.exists()

