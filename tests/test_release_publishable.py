"""A stored public release is shown only when this deployment may show it (``release.publishable``): one built with
a smaller minimum group size k than the deployment's, or by an older Sectorscope, is withheld everywhere the public
reads it (the Showcase, its slides and public exports) until it is built again, from the command line or the Data
page, as a load builds it (the lock, a working copy swapped in)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from page_support import open_page

from sectorscope import cli, db
from sectorscope.export.public import build_public_report, release_choice
from sectorscope.ingest.load import lock_path
from sectorscope.release.build import release_is_current
from sectorscope.release.publishable import (
    RELEASE_FORMAT,
    StoredRelease,
    is_publishable,
    stored_release,
    withheld_because,
)

SHOWCASE = "pages/0_Showcase.py"
DATA = "pages/6_Data.py"


def stored(path: Path) -> StoredRelease:
    with db.connect_read_only(path) as con:
        return stored_release(lambda name: db.run_query(con, name))


def as_if_built_by_an_older_sectorscope(path: Path) -> Path:
    """The database as a Sectorscope before release formats left it: the same cells, no format recorded."""
    with duckdb.connect(str(path)) as con:
        con.execute("delete from schema_meta where key = 'release_format'")
    return path


@pytest.mark.parametrize("release, k, withheld", [
    (StoredRelease(0, frozenset(), None), 10, None),  # none at all: "not published yet", said elsewhere
    (StoredRelease(500, frozenset({10}), RELEASE_FORMAT), 10, None),
    (StoredRelease(500, frozenset({20}), RELEASE_FORMAT), 10, None),  # hides more than asked: shown
    (StoredRelease(500, frozenset({10}), None), 10, "older version"),
    (StoredRelease(500, frozenset({10}), RELEASE_FORMAT - 1), 10, "older version"),
    (StoredRelease(500, frozenset({10}), RELEASE_FORMAT), 20, "fewer than 10 people or employers, and this site "
                                                              "hides groups of fewer than 20"),
])
def test_a_release_is_withheld_when_built_with_a_smaller_k_or_an_older_format(release, k, withheld):
    reason = withheld_because(release, k)
    assert (reason is None) == (withheld is None)
    assert withheld is None or withheld in reason
    assert is_publishable(release, k) == (release.rows > 0 and withheld is None)


def test_a_load_records_the_format_its_release_is_built_in(tiny_db):
    release = stored(tiny_db)
    assert release.rows > 0 and release.release_format == RELEASE_FORMAT and release.built_with == {10}
    assert is_publishable(release, 10)


def test_a_load_that_would_keep_an_older_release_builds_it_again(live_db):
    with duckdb.connect(str(live_db)) as con:
        assert release_is_current(con, {"wage_records"}, state_changed=False, k=10)
    as_if_built_by_an_older_sectorscope(live_db)
    with duckdb.connect(str(live_db)) as con:
        assert not release_is_current(con, {"wage_records"}, state_changed=False, k=10)


@pytest.mark.parametrize("mode, told", [("public", "Please come back later"),
                                        ("staff", "python -m sectorscope release build")])
def test_the_showcase_shows_no_figure_of_an_older_release(live_db, monkeypatch, mode, told):
    as_if_built_by_an_older_sectorscope(live_db)
    at = open_page(SHOWCASE, live_db, monkeypatch, mode=mode)
    warning = " ".join(w.value for w in at.warning)
    assert "The public figures are not shown: they were prepared by an older version of Sectorscope" in warning
    assert told in warning
    assert len(at.metric) == 0 and len(at.get("plotly_chart")) == 0 and len(at.dataframe) == 0


def test_raising_k_withholds_the_release_until_it_is_built_again(live_db, monkeypatch, tmp_path):
    """The attacker's easiest win: the deployment now promises groups of at least 20, while the stored release
    (k = 10) would show figures about 10 to 19 people. Nothing of it is shown, on the page or in a public deck."""
    monkeypatch.setenv("SECTORSCOPE_MIN_CELL", "20")
    at = open_page(SHOWCASE, live_db, monkeypatch, mode="public")
    assert "this site hides groups of fewer than 20" in " ".join(w.value for w in at.warning)
    assert len(at.metric) == 0
    with db.connect_read_only(live_db) as con:
        report = build_public_report(con, release_choice(con, {})[0], is_demo=False)
    assert report.min_cell == 20
    assert all(not section.headlines and "not shown" in section.absent for section in report.sections)

    assert cli.main(["release", "build", "--db", str(live_db)]) == 0
    assert stored(live_db).built_with == {20}
    at = open_page(SHOWCASE, live_db, monkeypatch, mode="public")
    assert not at.warning and len(at.metric) > 0


def test_the_command_swaps_a_new_file_in_and_a_reader_keeps_the_old(live_db):
    as_if_built_by_an_older_sectorscope(live_db)
    before = os.stat(live_db).st_ino
    with db.connect_read_only(live_db) as reader:  # a page's open connection, as on a running server
        assert cli.main(["release", "build", "--db", str(live_db)]) == 0
        assert db.run_query(reader, "release_format")["release_format"].isna().all()  # still the file it opened
    assert os.stat(live_db).st_ino != before
    assert stored(live_db).release_format == RELEASE_FORMAT


def test_the_command_waits_for_a_load_and_then_refuses_changing_nothing(live_db, monkeypatch, capsys):
    import filelock

    from sectorscope.commands import BUSY_EXIT

    as_if_built_by_an_older_sectorscope(live_db)
    monkeypatch.setenv("SECTORSCOPE_LOAD_WAIT_SECONDS", "0.2")
    with filelock.FileLock(lock_path(live_db)):  # another load is writing
        assert cli.main(["release", "build", "--db", str(live_db)]) == BUSY_EXIT  # retry later, not a bad file
    assert "another load of this database" in capsys.readouterr().out
    assert stored(live_db).release_format is None


def test_the_data_page_builds_a_withheld_release_again(live_db, monkeypatch):
    as_if_built_by_an_older_sectorscope(live_db)
    at = open_page(DATA, live_db, monkeypatch)
    assert any("The Showcase shows no public figures" in w.value for w in at.warning)
    at.button(key="rebuild_release").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("The public release is built again" in s.value for s in at.success)
    assert not any("The Showcase shows no public figures" in w.value for w in at.warning)
    assert stored(live_db).release_format == RELEASE_FORMAT
    assert len(open_page(SHOWCASE, live_db, monkeypatch, mode="public").metric) > 0


def test_the_demos_release_is_built_again_by_itself(live_db, monkeypatch):
    """The synthetic demo protects no one: a demo from an older Sectorscope gets its release built again when the
    Showcase is opened, with progress, rather than showing nothing. (The tiny state marked as the demo: the demo's
    own release takes half a minute to build.)"""
    with duckdb.connect(str(live_db)) as con:
        con.execute("update datasets set is_demo = true")
    demo = as_if_built_by_an_older_sectorscope(live_db)
    at = open_page(SHOWCASE, demo, monkeypatch, mode="public")
    assert stored(demo).release_format == RELEASE_FORMAT
    assert not any("not shown" in w.value for w in at.warning) and len(at.metric) > 0


def test_a_presentation_link_to_an_older_demo_builds_its_release_first(live_db, monkeypatch):
    """A link to the demo's slides opened before the Showcase said "The public figures are not shown" on every
    slide: the slides were drawn before the demo's release was built again."""
    with duckdb.connect(str(live_db)) as con:
        con.execute("update datasets set is_demo = true")
    demo = as_if_built_by_an_older_sectorscope(live_db)
    at = open_page(SHOWCASE, demo, monkeypatch, mode="public", present="1")
    assert stored(demo).release_format == RELEASE_FORMAT
    assert not any("not shown" in element.value for element in [*at.warning, *at.info])


def test_a_demo_that_cannot_be_written_says_its_figures_are_not_shown(live_db, monkeypatch):
    """A read-only deployment of an old demo: building the release again fails, and the page says the figures are
    not shown (no traceback, no figure)."""
    from sectorscope.ingest import load

    def read_only(*args, **kwargs):
        raise PermissionError("[Errno 30] Read-only file system")

    with duckdb.connect(str(live_db)) as con:
        con.execute("update datasets set is_demo = true")
    demo = as_if_built_by_an_older_sectorscope(live_db)
    monkeypatch.setattr(load, "rebuild_release", read_only)
    at = open_page(SHOWCASE, demo, monkeypatch, mode="public")
    assert "The public figures are not shown" in " ".join(w.value for w in at.warning)
    assert len(at.metric) == 0
