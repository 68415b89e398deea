"""The running app shows a command-line load: the app is open in Chromium, `python -m sectorscope load` lands from
another process, and the page shows the new count at its next rerun (and on a fresh visit), with the Data page's
load history current."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys

import pytest
from browser_support import exiters_text, no_error_box, running_app, shot, shot_failure, wait_for_run

from sectorscope.config import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
from bench_load import participants_csv

pytestmark = pytest.mark.browser
NEW_PARTICIPANTS = 50


@pytest.fixture(scope="module")
def live_app(tiny_db, tmp_path_factory):
    """The app on a copy of the tiny state (4 participants), pinned with SECTORSCOPE_DB."""
    folder = tmp_path_factory.mktemp("live-reload")
    database = folder / "state.duckdb"
    shutil.copyfile(tiny_db, database)
    with running_app({"SECTORSCOPE_DB": str(database)}, folder / "streamlit.log") as (base, log):
        yield base, log, database, folder


def history_sources(tab) -> list[str]:
    """The Data page's load history, downloaded as a user would, as its list of source file names."""
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Download the load history (CSV)").click()
    text = download.value.path().read_text()
    return [row["File"] for row in csv.DictReader(io.StringIO(text))]


def test_a_command_line_load_shows_at_the_next_rerun(browser, live_app):
    from playwright.sync_api import expect

    base, log, database, folder = live_app
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        tab.goto(base + "/")
        wait_for_run(tab)
        expect(tab.get_by_text(exiters_text(4)).first).to_be_visible(timeout=60_000)

        new_file = folder / "participants-tonight.csv"
        participants_csv(new_file, NEW_PARTICIPANTS)
        done = subprocess.run([sys.executable, "-m", "sectorscope", "load", str(new_file), "--table", "participants",
                               "--mode", "append", "--db", str(database)],
                              cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr

        # A rerun of the open page (Streamlit's "R" shortcut), not a new session.
        tab.get_by_role("heading").first.click()
        tab.keyboard.press("r")
        expect(tab.get_by_text(exiters_text(4 + NEW_PARTICIPANTS)).first).to_be_visible(timeout=60_000)
        no_error_box(tab)
        shot(tab, "live-reload-overview")

        tab.goto(base + "/Data")
        wait_for_run(tab)
        assert "participants-tonight.csv" in history_sources(tab)
        no_error_box(tab)
    except Exception:
        shot_failure(tab, "command-line-load")
        print("---- server log ----\n" + log.read_text()[-6000:])
        raise
    finally:
        tab.close()
