"""Which state a database is about, and whose labor-market data (BLS QCEW, Census QWI) a load may add beside it.

The rule: a load never changes which state the dashboard is about. That state is recorded at load: the first load
of a new database records the state it brings; the first QCEW or QWI load into a database that records none
records the state the database is about at that moment (``active_state.sql``: the registry's counties, else earlier
QCEW), or, when it is about none yet, the state most of the batch's areas are in. A QCEW or QWI batch may then hold
areas of that state and of the states whose counties the registry names (a partnership or a region across a state
line). Areas of any other state are refused, naming both states and how to go on: the loader's ``other_states``
(``--other-states`` on the command line, a checkbox on the Data page) loads them on purpose beside the database's
state, which stays as it is; a dashboard about that other state needs a database of its own.

The registry is held to the same rule (``settle_registry_state``): a batch whose partnership_counties or
region_counties name counties of a state that is neither the database's nor one its registry names already is refused
unless loaded on purpose (a partnership across a state line); once loaded, later loads naming that state are not asked
again. Loaded without a word, Colorado's partnerships joined a Pennsylvania database, and its registry then let all of
Colorado's QCEW in unasked (a reviewer).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd

from sectorscope import codes, db
from sectorscope.ingest.validation import MAX_PROBLEMS_PER_RULE, Problem, more_rows

OTHER_STATES_FLAG = "--other-states"
OTHER_STATES_CHECKBOX = "Files of other states, on purpose"
FILES_NAMED = 3  # files named per state in a refusal; the rest are counted
# The registry's tables naming the counties a partnership works in: they decide which state a database is about
# (``active_state.sql``) and whose labor-market files a load takes unasked (``served_states.sql``). Participants'
# and employers' counties decide neither (people commute across a state line) and are not held to the rule.
REGISTRY_COUNTY_TABLES = ("partnership_counties", "region_counties")


def areas_of_states(area_codes: Iterable[object]) -> dict[str, frozenset[str]]:
    """The distinct county or statewide areas of each state the codes hold ('42071', '42000' and '42999' are
    Pennsylvania's; metro areas such as 'C3798' and the U.S., 'US000', are no state's)."""
    areas = pd.Series(pd.unique(pd.Series(list(area_codes), dtype=object).dropna().astype(str).str.strip(' "')))
    areas = areas[areas.str.fullmatch(r"[0-9]{5}").to_numpy(dtype=bool)]
    return {state: frozenset(codes_of_state) for state, codes_of_state in areas.groupby(areas.str[:2])}


def _distinct(files: Sequence[tuple[str, Mapping[str, Collection[str]]]]) -> Counter:
    """How many distinct areas of each state the files hold together (one county in four files is one area)."""
    areas: dict[str, set[str]] = {}
    for _, states in files:
        for state, codes_of_state in states.items():
            areas.setdefault(state, set()).update(codes_of_state)
    return Counter({state: len(codes_of_state) for state, codes_of_state in areas.items()})


def main_state(states: Counter) -> str | None:
    """The state with the most areas (the lower FIPS code of a tie); None for no state."""
    if not states:
        return None
    return min(states, key=lambda state: (-states[state], state))


def _named(state: str) -> str:
    return f"{codes.state_name(state)} ({state})"


def _files(names: Sequence[str]) -> str:
    shown = ", ".join(names[:FILES_NAMED])
    return shown + (f" and {len(names) - FILES_NAMED:,} more file(s)" if len(names) > FILES_NAMED else "")


def _ways_on(state: str, other: str, across: str, checkbox: str | None) -> str:
    """How to go on after a refusal of ``other``'s rows, said to its reader: the command line (``checkbox`` None)
    or the Data page, whose ``checkbox`` (its exact label) loads them on purpose and which cannot start a database."""
    beside = f"To load them beside {codes.state_name(state)}'s on purpose ({across})"
    if checkbox is None:
        return (f"{beside}, load again with {OTHER_STATES_FLAG}; for a dashboard about {codes.state_name(other)}, "
                "load them into a database of its own (--db NEW_FILE)")
    return (f"{beside}, tick \"{checkbox}\" and load again. For a dashboard about {codes.state_name(other)}, "
            "its files need a database of their own, which the Data page cannot start: use the command line, "
            "`python -m sectorscope load FILE... --db NEW.duckdb` (`qcew load` or `qwi load` for BLS's or the "
            "Census Bureau's own files), then point SECTORSCOPE_DB at the new file")


def other_state_problems(files: Sequence[tuple[str, Mapping[str, Collection[str]]]], state: str, served: set[str],
                         kind: str, table: str, is_new: bool, column: str | None = None,
                         checkbox: str | None = None) -> list[Problem]:
    """One problem per state of the batch that is neither ``state`` (the database's) nor among ``served`` (states
    with counties the registry names), naming its files, its distinct areas, the two states and the ways on.
    ``files``: (file name, its areas per state); ``kind``: "QCEW" or "QWI"; ``column``: the files' column of area
    codes; ``checkbox``: the Data page's checkbox that loads them on purpose, None for the command line."""
    others = sorted({other for _, states in files for other in states} - {state} - served)
    about = ("the state most of this batch's areas are in, which this database (about no state yet) will be about"
             if is_new else "the state this database is about")
    distinct = _distinct(files)
    problems = []
    for other in others:
        names = [name for name, states in files if other in states]
        problems.append(Problem(
            _files(names), table, None, column, None,
            f"{kind} of {_named(other)}, {distinct[other]:,} area(s): not {_named(state)}, {about}, and its "
            f"registry names no county of {codes.state_name(other)}. A load never changes which state the dashboard "
            "is about, nor adds another state's figures unasked. "
            + _ways_on(state, other, "a labor market across a state line", checkbox)))
    return problems


class RegistryFile(NamedTuple):
    """A registry table of a batch naming counties: its file, its table, and per state the rows naming a county of
    it, each as (spreadsheet row, the county's code), in row order: a refusal names each row (it named none, so a
    steward had to search the file for the codes), its distinct counties are what the refusal counts, its rows
    what decides a new database's state (as ``active_state.sql`` counts them)."""

    source: str
    table: str
    located: Mapping[str, Sequence[tuple[int, str]]]

    @property
    def counties(self) -> Counter:
        """How many distinct counties of each state the file names."""
        return Counter({state: len({code for _, code in rows}) for state, rows in self.located.items()})

    @property
    def rows(self) -> Counter:
        """How many rows of the file name a county of each state."""
        return Counter({state: len(rows) for state, rows in self.located.items()})


def registry_problems(files: Sequence[RegistryFile], state: str, served: set[str],
                      is_new: bool, checkbox: str | None = None) -> list[Problem]:
    """One problem per row of the batch's registry tables naming a county of a state that is neither ``state``
    (the database's) nor among ``served`` (states whose counties the loaded registry names), with its row and code
    (the first ``MAX_PROBLEMS_PER_RULE`` of a file and state; a line counts the rest); ``checkbox`` as
    ``other_state_problems``'."""
    about = ("the state most of this batch's partnership counties are in, which this database (about no state yet) "
             "will be about" if is_new else "the state this database is about")
    problems = []
    for file in files:
        counties, listed, counted = file.counties, [], []
        for other in sorted(set(file.located) - {state} - served):
            # the file's count in a parenthesis: "counties of Colorado (08), 110 of them" on each row read as if
            # about the row (a steward)
            message = (
                f"a county of {_named(other)} (the file names {counties[other]:,} of its counties): not "
                f"{_named(state)}, {about}, and its "
                f"registry names no county of {codes.state_name(other)}. A load never changes which state the "
                "dashboard is about, nor adds another state's figures unasked. "
                + _ways_on(state, other, "a partnership or region across a state line; later loads naming "
                           f"{codes.state_name(other)}'s counties are then not asked again", checkbox))
            rows = file.located[other]
            listed += [Problem(file.source, file.table, row, "county_fips", code, message)
                       for row, code in rows[:MAX_PROBLEMS_PER_RULE]]
            if len(rows) > MAX_PROBLEMS_PER_RULE:
                counted.append(more_rows(file.source, file.table, "county_fips", len(rows) - MAX_PROBLEMS_PER_RULE,
                                         MAX_PROBLEMS_PER_RULE, message))
        problems += sorted(listed, key=lambda problem: problem.row) + counted  # in the file's order, as it is read
    return problems


def registry_main_state(files: Sequence[RegistryFile]) -> str | None:
    """The state a new database's registry is about, as ``active_state.sql`` decides it from the rows it holds: the
    one with the most partnership_counties rows (a partnership and a county each), then the most rows of both
    tables, then the lower FIPS code; None for no county. (Counted by distinct counties, a Pennsylvania registry of
    three partnerships in one county, one of them reaching two New Jersey counties, was judged New Jersey's, where
    the SQL says Pennsylvania: a reviewer.)"""
    partnership = sum((file.rows for file in files if file.table == "partnership_counties"), Counter())
    every = sum((file.rows for file in files), Counter())
    if not every:
        return None
    return min(every, key=lambda state: (-partnership[state], -every[state], state))


def settle_registry_state(con: duckdb.DuckDBPyConnection, files: Sequence[RegistryFile], *,
                          other_states: bool = False, checkbox: str | None = None,
                          given: str | None = None) -> tuple[str | None, list[Problem]]:
    """(the state to record in the database, or None where one is recorded or none is known; the problems) of a
    batch's registry tables naming counties (``REGISTRY_COUNTY_TABLES``), judged against ``con`` as the loads before
    this one left it.

    The database's state is the one ``active_state.sql`` decides, else the state the loader was ``given`` (the
    demo's builder), else, for a database about no state yet, the batch's ``registry_main_state``. Without
    ``other_states``, counties of a state that is neither it nor one whose counties the loaded registry names
    already are refused (``registry_problems``).
    """
    active = con.execute(db.query_sql("active_state")).df().iloc[0]
    current = codes.known_state(active["state_fips"]) or given
    state = current or registry_main_state(files)
    if state is None:
        return None, []
    served = set(con.execute(db.query_sql("served_states")).df()["state_fips"])
    problems = [] if other_states else registry_problems(files, state, served, current is None, checkbox)
    return (None if bool(active["is_recorded"]) else state), problems


def settled_words(state: str) -> str:
    """What a load that recorded ``state`` as the database's says, once, when it happens: it decides which files
    later loads accept (QCEW's and QWI's summaries)."""
    # read on the Data page and on the command line alike: each one's way to load them on purpose is named
    return (f"This database is now about {_named(state)}: QCEW and QWI files, and registry counties, of another "
            f"state are refused unless loaded on purpose (tick \"{OTHER_STATES_CHECKBOX}\" on the Data page, "
            f"{OTHER_STATES_FLAG} on the command line); another state's dashboard needs a database of its own.")


def settled_by_load(path: Path, recorded_before: str | None, dry_run: bool) -> str | None:
    """The state a load into ``path`` recorded (None when the database had one already, or on a dry run)."""
    return None if dry_run or recorded_before else recorded_state(Path(path))


def recorded_state(path: Path) -> str | None:
    """The state recorded in the database at ``path`` (``schema_meta``), or None where it records none or does not
    exist yet."""
    if not Path(path).exists():
        return None
    with db.connect_read_only(Path(path)) as con:
        row = db.run_query(con, "active_state").iloc[0]
    return codes.known_state(row["state_fips"]) if bool(row["is_recorded"]) else None


def settle_state(con: duckdb.DuckDBPyConnection, files: Sequence[tuple[str, Mapping[str, Collection[str]]]], *,
                 kind: str, table: str, other_states: bool = False, column: str | None = None,
                 checkbox: str | None = None) -> tuple[str | None, list[Problem]]:
    """(the state to record in the database, or None where one is recorded or none is known; the problems) of a
    labor-market batch loaded into ``con`` (the load's working copy: what every load before this one left).

    The database's state is the one ``active_state.sql`` decides, or, for a database about no state yet, the
    batch's ``main_state``. ``files``: (file name, its areas per state: ``areas_of_states``). Without
    ``other_states``, a batch holding areas of a state that is neither it nor one whose counties the registry names
    is refused (``other_state_problems``, said for ``checkbox``'s page, or the command line where None).
    """
    # on ``con`` itself, not a cursor of its own: a cursor is another connection, which does not see the rows a
    # load has written in its transaction so far (``load._settled_with_the_batch``)
    active = con.execute(db.query_sql("active_state")).df().iloc[0]
    recorded = bool(active["is_recorded"])
    current = codes.known_state(active["state_fips"])
    state = current or main_state(_distinct(files))
    if state is None:
        return None, []
    served = set(con.execute(db.query_sql("served_states")).df()["state_fips"])
    problems = [] if other_states else other_state_problems(files, state, served, kind, table, current is None,
                                                            column, checkbox)
    return (None if recorded else state), problems
