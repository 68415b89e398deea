"""The Showcase's download of the whole public release in Chromium: made only when asked for (not on every run, where
it doubled the server's peak memory), and still the release table, byte for byte as every CSV download writes it
(shares in percent, each value's unit)."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from browser_support import wait_for_run

from sectorscope import db
from sectorscope.present.downloads import DEMO_COLUMN, DEMO_NOTE, public_release_download, with_demo_note
from sectorscope.release import story
from sectorscope.ui.render import csv_bytes

pytestmark = pytest.mark.browser


def test_the_public_table_download_is_the_release_table(page, server, demo_db, tmp_path):
    base, _ = server
    page.goto(f"{base}/Showcase")
    wait_for_run(page)
    # by its name: its help icon is a second button inside the download button's box
    button = page.get_by_role("button", name="Download the whole public table (CSV)")
    with page.expect_download(timeout=120_000) as download:
        button.click(timeout=60_000)
    # named as every page's CSV is: the demo's says so, and its day (a convener)
    assert download.value.suggested_filename == f"sectorscope-demo-public-release-{dt.date.today():%Y-%m-%d}.csv"
    saved = tmp_path / "release.csv"
    download.value.save_as(saved)
    with db.connect_read_only(demo_db) as con:
        table = db.run_query(con, "release_table")
    # every CSV download's one format, shares in percent; the demo says so
    exit_years = story.release_exit_years(table)
    assert exit_years == (2015, 2025)  # the demo's exits; the years before and after read none on record
    expected = csv_bytes(with_demo_note(public_release_download(table, exit_years), True))
    assert set(pd.read_csv(saved)[DEMO_COLUMN]) == {DEMO_NOTE}
    assert len(expected) > 500_000  # the demo's release: about 14,000 rows
    assert saved.read_bytes() == expected
    # and the values are the release's, to the last digit a float holds (whole floats written "59", not "59.0")
    as_written_before = pd.read_csv(io.BytesIO(public_release_download(table, exit_years).to_csv(
        index=False).encode("utf-8")))
    pd.testing.assert_frame_equal(pd.read_csv(saved).drop(columns=DEMO_COLUMN), as_written_before, check_dtype=False,
                                  check_exact=False, rtol=1e-14)
