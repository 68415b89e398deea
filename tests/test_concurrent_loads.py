"""One writer at a time: two loads at once both land (the second waits and builds on the first), or one is refused
with a clear message; never a silent loss, never a traceback; a killed load leaves the live file and the other
load's copy intact."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time

import duckdb
import filelock
import pytest
from tiny_state import tiny_tables

from sectorscope.cli import main as cli_main
from sectorscope.commands import BUSY_EXIT
from sectorscope.config import PROJECT_ROOT
from sectorscope.ingest import load as ingest
from sectorscope.ingest.validation import ValidationError

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
from bench_load import participants_csv


def count(database, table: str) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("select count(*) from " + ingest.quote_identifier(table)).fetchall()[0][0]


def region_csv(folder, region_id: str):
    path = folder / f"regions-{region_id}.csv"
    path.write_text(f"region_id,region_name,region_type\n{region_id},Region {region_id},workforce development area\n")
    return path


def cli_load(path, database, table: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sectorscope", "load", str(path), "--table", table, "--mode",
                             "append", "--db", str(database)], cwd=PROJECT_ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def wait_for_line(process: subprocess.Popen, text: str, seconds: float = 180) -> str:
    """Read the process's progress lines until one holds ``text``; fail if it ends or time runs out first."""
    deadline = time.monotonic() + seconds
    seen = []
    for line in process.stderr:
        seen.append(line)
        if text in line:
            return line
        if time.monotonic() > deadline:
            break
    pytest.fail(f"never saw {text!r}; output:\n{''.join(seen)[-3000:]}")


def copies(database) -> list:
    return sorted(database.parent.glob(f".{database.name}.loading-*"))


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def database(tiny_db, tmp_path):
    path = tmp_path / "live.duckdb"
    shutil.copyfile(tiny_db, path)
    return path


@pytest.fixture
def big_participants(tmp_path):
    path = tmp_path / "participants.csv"
    participants_csv(path, 150_000)
    return path


def test_two_processes_both_land(database, big_participants, tmp_path):
    participants, regions = count(database, "participants"), count(database, "regions")
    first = cli_load(big_participants, database, "participants")
    wait_for_line(first, "Checking the files")
    second = cli_load(region_csv(tmp_path, "NE"), database, "regions")
    wait_for_line(second, "Waiting for another load")
    out_first, err_first = first.communicate(timeout=300)
    out_second, err_second = second.communicate(timeout=300)
    assert first.returncode == 0, err_first
    assert second.returncode == 0, err_second
    assert "Loaded into" in out_first and "Loaded into" in out_second
    assert "Traceback" not in err_first + err_second
    assert count(database, "participants") == participants + 150_000
    assert count(database, "regions") == regions + 1
    assert not copies(database)


def test_two_threads_both_land(database):
    tables = tiny_tables()
    regions = tables["regions"].assign(region_id="NE")
    story = tables["stories"].iloc[:1].assign(story_id="S9")
    errors: list[BaseException] = []

    def load(item):
        try:
            ingest.load_batch(database, [item])
        except BaseException as error:  # reported below, so a failure names the thread's error
            errors.append(error)

    threads = [threading.Thread(target=load, args=(ingest.TableInput(table, frame, f"{table}.csv", mode="append"),))
               for table, frame in (("regions", regions), ("stories", story))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors
    assert count(database, "regions") == len(tables["regions"]) + 1
    assert count(database, "stories") == len(tables["stories"]) + 1


def test_a_load_that_waits_too_long_is_refused_clearly(database, tmp_path, monkeypatch):
    before = digest(database)
    with filelock.FileLock(ingest.lock_path(database)):  # another writer holds the database
        monkeypatch.setenv("SECTORSCOPE_LOAD_WAIT_SECONDS", "0.5")
        messages = []
        with pytest.raises(ValidationError) as refused:
            ingest.load_batch(database, [ingest.TableInput("regions", tiny_tables()["regions"], "regions.csv",
                                                           mode="replace")],
                              progress=lambda fraction, message: messages.append(message))
        assert any("Waiting for another load" in message for message in messages)
        assert "another load of this database" in str(refused.value)
        process = subprocess.run([sys.executable, "-m", "sectorscope", "load", str(region_csv(tmp_path, "NE")),
                                  "--table", "regions", "--mode", "append", "--db", str(database)],
                                 cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
                                 env={**os.environ, "SECTORSCOPE_LOAD_WAIT_SECONDS": "0.5"})
    # not 1 (a refused file): a scheduled job retries later instead of fixing its files (a reviewer)
    assert process.returncode == BUSY_EXIT
    assert "another load of this database" in process.stderr and "Traceback" not in process.stderr
    assert digest(database) == before


def test_a_busy_database_with_a_broken_file_in_the_batch_exits_as_a_refused_file(database, tmp_path, monkeypatch):
    """Exit 5 (retry later) was given when the report also named a broken file: retrying would not mend it."""
    broken = tmp_path / "stories.csv"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40)  # a workbook named .csv
    monkeypatch.setenv("SECTORSCOPE_LOAD_WAIT_SECONDS", "0.2")
    with filelock.FileLock(ingest.lock_path(database)):
        assert cli_main(["load", str(region_csv(tmp_path, "NE")), str(broken), "--db", str(database)]) == 1


def test_a_load_keeps_the_database_files_permissions(database, tmp_path):
    """The swap put the loader's own 644 in place of the live file's 640 (or a read-only 444): an app reading it as
    another user could lose it (a reviewer)."""
    database.chmod(0o640)
    if os.geteuid() == 0:  # its group too, where the app reads it as one (root:www-data 640)
        os.chown(database, -1, database.stat().st_gid + 4242)
    before = database.stat()
    assert cli_main(["load", str(region_csv(tmp_path, "NE")), "--table", "regions", "--mode", "append",
                     "--db", str(database)]) == 0
    after = database.stat()
    assert stat.S_IMODE(after.st_mode) == 0o640 and after.st_gid == before.st_gid


def test_killing_the_running_load_lets_the_waiting_one_land(database, big_participants, tmp_path):
    participants, regions = count(database, "participants"), count(database, "regions")
    before = digest(database)
    first = cli_load(big_participants, database, "participants")
    wait_for_line(first, "Checking the files")
    second = cli_load(region_csv(tmp_path, "NE"), database, "regions")
    wait_for_line(second, "Waiting for another load")
    assert copies(database), "the running load works in its private copy"
    first.send_signal(signal.SIGKILL)
    first.wait(30)
    _out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert digest(database) != before
    assert count(database, "participants") == participants  # the killed load wrote nothing
    assert count(database, "regions") == regions + 1
    assert not copies(database), "the killed load's copy was not removed"


def test_killing_the_waiting_load_leaves_the_running_one_intact(database, big_participants, tmp_path):
    participants = count(database, "participants")
    first = cli_load(big_participants, database, "participants")
    wait_for_line(first, "Checking the files")
    second = cli_load(region_csv(tmp_path, "NE"), database, "regions")
    wait_for_line(second, "Waiting for another load")
    second.send_signal(signal.SIGKILL)
    second.wait(30)
    assert ingest.remove_abandoned_copies(database) == 0, "cleanup touched a live load's copy"
    _out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert count(database, "participants") == participants + 150_000


def test_the_app_start_cleanup_removes_a_killed_loads_copy(database, big_participants):
    before = digest(database)
    first = cli_load(big_participants, database, "participants")
    wait_for_line(first, "Checking the files")
    assert ingest.remove_abandoned_copies(database) == 0  # alive: left alone
    assert copies(database)
    first.send_signal(signal.SIGKILL)
    first.wait(30)
    assert ingest.remove_abandoned_copies(database) >= 1
    assert not copies(database)
    assert digest(database) == before


def test_a_loads_working_copy_has_the_live_files_permissions_from_the_start(database, tmp_path, monkeypatch):
    """The working copy (people's records) was 0644 while the load ran, whatever the live file's 0600 (a deployment
    reviewer): its mode is seen from inside the load, while the batch is checked."""
    database.chmod(0o600)
    seen = []
    checked = ingest.validate_batch

    def spying(inputs, con=None, progress=None, *more, **options):
        copies = list(database.parent.glob(f".{database.name}.loading-*/{database.name}"))
        seen.extend(stat.S_IMODE(path.stat().st_mode) for path in copies)
        return checked(inputs, con, progress, *more, **options)

    monkeypatch.setattr(ingest, "validate_batch", spying)
    assert cli_main(["load", str(region_csv(tmp_path, "NE")), "--table", "regions", "--mode", "append",
                     "--db", str(database)]) == 0
    assert seen and set(seen) == {0o600}


def test_the_readmes_backup_command_waits_for_a_load(live_db):
    """The README copies the database under `flock(1)` on the load lock: it must be the very lock loads take."""
    lock = ingest.lock_path(live_db)
    with ingest.database_lock(live_db, lambda fraction, message: None):
        assert subprocess.run(["flock", "-n", str(lock), "true"]).returncode == 1  # a load holds it: the copy waits
    assert subprocess.run(["flock", "-n", str(lock), "true"]).returncode == 0
    holder = subprocess.Popen(["flock", str(lock), "sleep", "30"], start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while subprocess.run(["flock", "-n", str(lock), "true"]).returncode == 0:  # until the copy holds it
            assert time.monotonic() < deadline
            time.sleep(0.05)
        with pytest.raises(filelock.Timeout):  # and a load waits for the copy
            filelock.FileLock(lock, timeout=0).acquire()
    finally:
        os.killpg(holder.pid, signal.SIGTERM)
        holder.wait(10)
