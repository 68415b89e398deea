"""One page run reads one version of the database: a load swapping in a new file while a page runs gives that run
frames of the version it started with (never a mix), and the next run reads the new one; what a run works out from
its frames is kept under the version they came from."""

from __future__ import annotations

import os
import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from sectorscope import db
from sectorscope.ui import data

SWAPPED_NAME = "Swapped-in region"


@pytest.fixture
def live_and_newer(tiny_db, tmp_path, monkeypatch):
    """The live database (a copy of the tiny state) and a newer version of it, ready to be renamed over it as a load
    does, whose regions all carry SWAPPED_NAME."""
    live = tmp_path / "live.duckdb"
    newer = tmp_path / "newer.duckdb"
    shutil.copyfile(tiny_db, live)
    shutil.copyfile(tiny_db, newer)
    with duckdb.connect(str(newer)) as con:
        con.execute("update regions set region_name = ?", [SWAPPED_NAME])
    monkeypatch.setenv("SECTORSCOPE_DB", str(live))
    monkeypatch.setenv("SECTORSCOPE_TEST_NEWER", str(newer))
    return live, newer


def _script_swapping_between_two_fetches():
    import os

    import streamlit as st

    from sectorscope.ui.data import derived, fetch

    fetch("sectors")  # the run's first question: its version chosen, its connection open
    if not st.session_state.get("swapped"):  # a load lands while this run is between its questions
        st.session_state["swapped"] = True
        os.replace(os.environ["SECTORSCOPE_TEST_NEWER"], os.environ["SECTORSCOPE_DB"])
    regions = fetch("regions")  # asked after the load landed: still the version the run began with
    names = derived("region-names", (), lambda: regions[["region_name"]])
    st.write("regions:" + ",".join(sorted(set(regions["region_name"]))))
    st.write("derived:" + ",".join(sorted(set(names["region_name"]))))


def _shown(app: AppTest) -> dict[str, str]:
    return dict(str(block.value).split(":", 1) for block in app.markdown)


def test_a_run_reads_the_version_it_started_with_and_the_next_run_the_new_one(live_and_newer):
    app = AppTest.from_function(_script_swapping_between_two_fetches, default_timeout=60).run()
    assert not app.exception
    shown = _shown(app)
    assert shown["regions"] and SWAPPED_NAME not in shown["regions"]  # the whole run read the version it began with
    assert shown["derived"] == shown["regions"]

    app.run()  # the next run: the new version, and nothing worked out from the old one served under its signature
    assert not app.exception
    assert _shown(app) == {"regions": SWAPPED_NAME, "derived": SWAPPED_NAME}


def _script_swapping_before_the_first_connection():
    import os

    import streamlit as st

    from sectorscope.ui import data

    data.database_signature()  # the run's version is chosen here (and its connection opened, to read its model)
    if not st.session_state.get("swapped"):
        st.session_state["swapped"] = True
        data._connection.clear()  # that connection evicted (two later versions opened), then a load lands
        os.replace(os.environ["SECTORSCOPE_TEST_NEWER"], os.environ["SECTORSCOPE_DB"])
    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    st.write("regions:" + ",".join(sorted(set(data.fetch("regions")["region_name"]))))


def test_a_version_replaced_before_it_was_opened_starts_the_run_again_on_the_new_one(live_and_newer):
    app = AppTest.from_function(_script_swapping_before_the_first_connection, default_timeout=60).run()
    assert not app.exception
    assert _shown(app) == {"regions": SWAPPED_NAME}  # never the new file's rows under the old version's signature
    assert app.session_state["runs"] == 2


def test_outside_a_page_a_replaced_version_is_refused_not_read(live_and_newer):
    live, newer = live_and_newer
    old = db.database_signature(live)
    os.replace(newer, live)
    with pytest.raises(db.DatabaseReplaced):
        data.connection(old)
    with data.connection(db.database_signature(live)) as current:
        assert set(db.run_query(current, "regions")["region_name"]) == {SWAPPED_NAME}
