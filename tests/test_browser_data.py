"""Uploading through the Data page's real file input in Chromium: a bad file is reported, a good batch loads."""

from __future__ import annotations

import shutil

import pytest
from browser_support import no_error_box, running_app, shot, shot_failure, wait_for_run
from playwright.sync_api import expect
from tiny_state import tiny_tables

from sectorscope.ingest import templates

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def data_app(demo_db, tmp_path_factory):
    """The app on a data folder holding a copy of the demo, so loads go into a state database beside it."""
    folder = tmp_path_factory.mktemp("data-dir")
    shutil.copyfile(demo_db, folder / "sectorscope.duckdb")
    with running_app({"SECTORSCOPE_DATA_DIR": str(folder)}, folder / "streamlit.log") as (base, log):
        yield base, log, folder


def table_files_input(tab):
    """The file input of the uploader for table files (the page has a second one for QCEW files)."""
    return tab.get_by_test_id("stFileUploader").filter(has_text="CSV (comma").locator('input[type="file"]')


def write_csvs(folder, participants=None):
    paths = []
    for name, frame in tiny_tables().items():
        if name == "participants" and participants is not None:
            frame = participants
        path = folder / f"{name}.csv"
        frame.reindex(columns=list(templates.blank_template(name).columns)).to_csv(path, index=False)
        paths.append(str(path))
    return paths


def test_upload_in_the_browser(browser, data_app, tmp_path):
    base, log, folder = data_app
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        tab.goto(base + "/Data")
        wait_for_run(tab)
        bad = tiny_tables()["participants"].assign(county_fips=["42071", "99999", "42133", "42133"])
        (tmp_path / "bad").mkdir()
        table_files_input(tab).set_input_files(
            write_csvs(tmp_path / "bad", participants=bad))
        wait_for_run(tab)
        tab.get_by_role("button", name="Load", exact=True).click()
        tab.get_by_text("problem(s) found; nothing was loaded").wait_for(timeout=60_000)
        assert not (folder / "state.duckdb").exists()
        shot(tab, "data-rejected")

        tab.goto(base + "/Data")
        wait_for_run(tab)
        (tmp_path / "good").mkdir()
        table_files_input(tab).set_input_files(
            write_csvs(tmp_path / "good"))
        wait_for_run(tab)
        tab.get_by_role("button", name="Load", exact=True).click()
        # said under the title and beside the uploader that loaded (the first was ~1,100 px above the view)
        said = tab.get_by_text("Every page now shows this data")
        said.first.wait_for(timeout=90_000)
        expect(said).to_have_count(2)
        # one of them in view, wherever the rerun left the page (the one beside the uploader, or the title's when a
        # slow rerun scrolled up to it: a clean-clone run)
        tab.wait_for_function("""text => [...document.querySelectorAll('p')].some(line => {
            if (!line.textContent.includes(text)) return false;
            const box = line.getBoundingClientRect();
            return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
        })""", arg="Every page now shows this data", timeout=10_000)
        no_error_box(tab)
        assert (folder / "state.duckdb").exists()
        assert (folder / "active-database").read_text().strip() == "state.duckdb"
        shot(tab, "data-loaded")
    except Exception:
        shot_failure(tab, "upload-in-the-browser")
        print("---- server log ----\n" + log.read_text()[-6000:])
        raise
    finally:
        tab.close()
