"""Two releases of the same people, read together: a cell the previous release hid stays hidden while its value is
unchanged (``sectorscope.release.stable``).

A privacy reviewer rebuilt the demo's release from unchanged people three ways (k = 11 instead of 10; a public
partnership with no one on record set private; a build in the next calendar year, which adds a year of zeros) and,
each time, subtracted across the two public CSVs: counts of 8 and 9 people came out, though each release was proven
on its own. Here the attacker reads both releases as one system (``attack_together``).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest
from release_attacker import attack_together, published_hidden, release_input_of
from tiny_state import tiny_tables

from sectorscope import release
from sectorscope.db import run_query
from sectorscope.ingest import load as ingest
from sectorscope.release import count_values
from sectorscope.release.cells import COUNTS, KEYS
from sectorscope.release.stable import HIDDEN_VALUE_COLUMNS, kept_hidden
from sectorscope.release.suppression import KEPT_HIDDEN

K = 10
STATE_EXITERS = {"geo_level": "state", "geo_id": "42", "sector_code": "all", "period": "all", "partnership_id": "all"}


# --- which cells are kept ---------------------------------------------------------------------------------------------

GRID = pd.DataFrame([("state", "42", "all", "all", "all"), ("county", "42071", "all", "all", "all")], columns=KEYS)
VALUES = pd.DataFrame({count.name: [7, 3] for count in COUNTS})


@pytest.mark.parametrize(("before", "kept"), [
    ([("state", 7.0)], [True, False]),  # hidden with 7 before, 7 now: kept
    ([("state", 8.0)], [False, False]),  # its value changed (a load): free again
    ([("state", np.nan)], [True, False]),  # a release that kept no values (an older Sectorscope): kept whatever it is
    ([("county", 3.0), ("region", 3.0)], [False, True]),  # a cell the layout no longer has is passed over
])
def test_a_previously_hidden_cell_is_kept_while_its_value_is_unchanged(before, kept):
    rows = pd.DataFrame([(level, "42071" if level == "county" else "42", "all", "all", "all", "exiters", value)
                         for level, value in before], columns=HIDDEN_VALUE_COLUMNS)
    found = kept_hidden(rows, GRID, VALUES)
    assert found["exiters"].tolist() == kept
    assert not found["completers"].any()  # another statistic's cell is not this one


# --- the build, on a real file ----------------------------------------------------------------------------------------

def state_exiters(path) -> tuple[float | None, str | None]:
    """The state's exiters in the stored release (None when hidden) and why hidden."""
    with duckdb.connect(str(path), read_only=True) as con:
        cell = run_query(con, "release_cell", **STATE_EXITERS).set_index("statistic").loc["exiters"]
        reason = con.execute("select hidden_reason from release_cells where statistic = 'exiters' and "
                             "geo_level = 'state' and sector_code = 'all' and period = 'all' and "
                             "partnership_id = 'all'").fetchone()[0]
    return (None if bool(cell["is_hidden"]) else float(cell["value"])), reason


def test_a_smaller_k_shows_no_cell_the_previous_release_hid_until_its_value_changes(live_db, monkeypatch):
    """The tiny state's 3 exiters, hidden at k = 10, stay hidden at k = 2 (shown, they would tell whoever kept the
    k = 10 table what it hid); a load that adds a fourth exiter frees the cell, and the k = 2 release shows 4."""
    assert state_exiters(live_db) == (None, "fewer than k")
    ingest.rebuild_release(live_db, 2)
    assert state_exiters(live_db) == (None, KEPT_HIDDEN)
    with duckdb.connect(str(live_db), read_only=True) as con:
        kept = con.execute("select value from release_hidden_values where statistic = 'exiters' and "
                           "geo_level = 'state' and sector_code = 'all' and period = 'all' and "
                           "partnership_id = 'all'").fetchall()
    assert kept == [(3.0,)]  # its true value, kept for the next build (staff only)
    monkeypatch.setenv("SECTORSCOPE_MIN_CELL", "2")
    people = tiny_tables()["participants"]
    fourth = people[people["participant_id"] == "A"].assign(participant_id="E")
    ingest.load_batch(live_db, [ingest.TableInput("participants", fourth, "participants.csv", "upsert")])
    assert state_exiters(live_db) == (4.0, None)


def test_a_release_of_an_older_sectorscope_keeps_every_cell_it_hid(live_db):
    """An older Sectorscope kept no true values (no ``release_hidden_values``, another release format): every cell
    its release hid stays hidden once, whatever its value, and the table is made."""
    with duckdb.connect(str(live_db)) as con:
        con.execute("drop table release_hidden_values")
        con.execute("update schema_meta set value = '5' where key = 'release_format'")
    ingest.rebuild_release(live_db, 2)
    assert state_exiters(live_db) == (None, KEPT_HIDDEN)
    with duckdb.connect(str(live_db), read_only=True) as con:
        assert con.execute("select count(*) from release_hidden_values").fetchone()[0] > 0


# --- two releases of the demo, attacked as one ------------------------------------------------------------------------

def published(path) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, np.ndarray]]:
    """The grid, true values and published hidden pattern of the release stored in ``path`` (``release_table``,
    what the public downloads)."""
    grid, values = count_values(release_input_of(path))
    with duckdb.connect(str(path), read_only=True) as con:
        table = run_query(con, "release_table")
    return grid, values, published_hidden(table, grid)


def assert_the_two_resist_together(before: tuple, after: tuple, geography) -> None:
    """No hidden value of either release can be narrowed from both public tables together; and no cell of unchanged
    value the first hid is shown by the second."""
    breaches, attacked = attack_together([before, after], geography, K)
    assert attacked > 2000
    assert breaches == []
    (grid, values, hidden), (later_grid, later_values, later_hidden) = before, after
    later = pd.MultiIndex.from_frame(later_grid[KEYS]).get_indexer(pd.MultiIndex.from_frame(grid[KEYS]))
    for count in COUNTS:
        both = later >= 0
        same = both.copy()
        same[both] = values[count.name].to_numpy()[both] == later_values[count.name].to_numpy()[later[both]]
        shown_again = same & hidden[count.name]
        shown_again[same] &= ~later_hidden[count.name][later[same]]
        assert not shown_again.any(), f"{count.name}: {grid[shown_again].head().to_dict('records')}"


def test_raising_k_hides_what_the_previous_release_hid(demo_db, database_copy):
    """k 10 -> 11 (``release build --min-cell 11``), same people. Built afresh, the k = 11 release showed the state's
    2018 Energy exiters below the poverty line before (27) that k = 10 hid beside Finance's, so Finance's 20 (and its
    8 not below) came out of the two CSVs; 25 such breaches in all."""
    path = database_copy(demo_db)
    before = published(path)
    ingest.rebuild_release(path, K + 1)
    after = published(path)
    assert_the_two_resist_together(before, after, release_input_of(path).geography)


def test_a_registry_change_with_no_one_on_record_hides_what_the_previous_release_hid(demo_db, database_copy):
    """A public partnership with no participant and no survey answer set private, and the release rebuilt: the same
    people in every cell, but afresh a different pattern (a reviewer read 9 people with paid sick leave before, in
    two sectors of 2020, off the two CSVs)."""
    path = database_copy(demo_db)
    before = published(path)
    data = release_input_of(path)
    on_record = set(data.people["partnership_id"]) | set(data.responses["partnership_id"])
    nobody = sorted(set(data.partnerships["partnership_id"]) - on_record)
    assert nobody, "the demo has no public partnership without anyone on record"
    with duckdb.connect(str(path)) as con:
        con.execute("update partnerships set is_public = false where partnership_id = $id", {"id": nobody[-1]})
    ingest.rebuild_release(path, K)
    after = published(path)
    assert len(after[0]) < len(before[0])  # the partnership's own cells are gone
    assert_the_two_resist_together(before, after, data.geography)


def test_a_build_in_a_later_year_hides_what_the_previous_release_hid(demo_db, database_copy, monkeypatch):
    """The release's years run to the year of the build: built next year, the same people gain a year of zeros,
    and afresh the pattern moved."""
    path = database_copy(demo_db)
    before = published(path)
    this_year = release.release_years
    monkeypatch.setattr(release, "release_years",
                        lambda data, year=None: this_year(data, dt.date.today().year + 1))
    ingest.rebuild_release(path, K)
    after = published(path)
    assert len(after[0]) > len(before[0])  # the year added
    assert_the_two_resist_together(before, after, release_input_of(path).geography)
