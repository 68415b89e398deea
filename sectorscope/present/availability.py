"""Why a figure has no number, said the same way everywhere.

A figure can be missing for three different reasons, and each must look different from the others and from a true
zero (cards, charts, tables, CSVs, decks):

- ``NOT_LOADED``: the table it rests on was never loaded (say which file to load, and where);
- ``EMPTY``: the table is loaded but nothing in it matches the selection (suggest widening it);
- ``HIDDEN``: a public view hides it because it rests on fewer than k people or employers;
- ``NOT_ON_RECORD``: a view no filter narrows (a partnership's profile) has nothing recorded;
- ``NO_GRANT``: a ratio of grant dollars where the partnerships in view got no grant in its years;
- ``NO_ONE_TO_COUNT``: a count among a group the people in view hold no one of (who left poverty, where no one was
  below it before);
- ``NOT_YET`` / ``BEFORE_DATA``: a wage-record figure whose quarters lie after the last (or before the first) quarter
  of the UI wage records loaded, for everyone in view;
- ``QUARTER_NOT_LOADED``: a wage-record figure whose quarters are, for most people in view, quarters inside the wage
  records that were never loaded (a gap a load can fill, not a quarter still to come).

Pure: no Streamlit, no DuckDB. Pages learn which tables hold rows from the ``loaded_tables`` query.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import pandas as pd

from sectorscope.words import in_a_list


class Absence(StrEnum):
    """The reason a figure shows no number."""

    NOT_LOADED = "not loaded"
    EMPTY = "none in this selection"
    HIDDEN = "hidden"
    NOT_ON_RECORD = "none on record"  # a view no filter narrows (a partnership's profile): nothing recorded at all
    # A ratio of grant dollars (a leverage, dollars per person) where the partnerships in view got no grant in the
    # years it counts: a fact about them, not a filter to widen (its card carried the filter icon)
    NO_GRANT = "no grant"
    # A count among a group the people in view hold no one of (people who left poverty where no one was below it
    # before): a fact about them, not a filter to widen ("None in selection" beside 14 exiters: a convener)
    NO_ONE_TO_COUNT = "no one to count"
    # A wage-record figure whose quarters no one in view has in the loaded wage records: a fact about the data's
    # quarters, not a filter to widen ("None in selection · no exiters with wage records" beside 1,595 who had them)
    NOT_YET = "not yet in the data"
    BEFORE_DATA = "before the data starts"
    # A wage-record quarter inside the records' span never loaded: a card on people whose quarter it is read "Not yet
    # in the data", as if the quarter were still to come (a reviewer)
    QUARTER_NOT_LOADED = "in a wage-record quarter not loaded"


NO_GRANT = Absence.NO_GRANT.value  # as a table cell reads it

# What a registry left empty (a convener, a phase, a start date): shown as such, never filled in.
NOT_STATED = "not stated"

# What a user reads on a card or in a table cell instead of a number.
SHORT_TEXT = {
    Absence.NOT_LOADED: "Not loaded",
    Absence.EMPTY: "None in selection",
    Absence.HIDDEN: "Hidden",
    Absence.NOT_ON_RECORD: "None on record",
    Absence.NO_GRANT: "No grant",
    Absence.NO_ONE_TO_COUNT: "No one to count",
    Absence.NOT_YET: "Not yet in the data",
    Absence.BEFORE_DATA: "Before the data starts",
    Absence.QUARTER_NOT_LOADED: "Quarter not loaded",
}

# The tables a state loads itself, in words (for "… were never loaded").
TABLE_WORDS = {
    "regions": "regions",
    "region_counties": "region counties",
    "partnerships": "partnerships",
    "partnership_counties": "partnership counties",
    "partners": "partners",
    "grants": "grants",
    "participants": "participants",
    "wage_records": "UI wage records",
    "employers": "employers",
    "employer_surveys": "employer surveys",
    "stories": "stories",
    "system_changes": "systems changes",
    "qcew_annual": "BLS QCEW labor market data",
    "qwi": "Census QWI turnover data",
}

# Groups of optional answers a state may never collect (``queries/answers_collected.sql``): the columns that hold
# them. Where none holds an answer anywhere, the cards resting on them say "Not loaded" with the columns to fill
# ("None in selection · no people with both answers" read as if the filters were too narrow).
ANSWER_COLUMNS = {
    "hourly_wage_answers": ("participants", ("pre_hourly_wage", "post_hourly_wage")),
    "poverty_answers": ("participants", ("below_poverty_before", "below_poverty_after")),
    "health_insurance_answers": ("participants", ("health_insurance_before", "health_insurance_after")),
    "paid_sick_leave_answers": ("participants", ("paid_sick_leave_before", "paid_sick_leave_after")),
    "employed_in_sector_answers": ("participants", ("employed_in_sector",)),
    "turnover_rate_answers": ("employer_surveys", ("turnover_rate_before", "turnover_rate_after")),
    "reduced_turnover_answers": ("employer_surveys", ("reduced_turnover",)),
    "reduced_rework_answers": ("employer_surveys", ("reduced_rework",)),
    "reduced_complaints_answers": ("employer_surveys", ("reduced_complaints",)),
    "partnership_valuable_answers": ("employer_surveys", ("partnership_valuable",)),
    "hires_from_training_answers": ("employer_surveys", ("hires_from_training",)),
}
# Each before/after condition of the participant records (``metrics.workers.CONDITIONS``' labels) and its group
# of answers: the one mapping the Overview's, the Worker page's and the decks' cards use.
# The hourly wages the wage gain cards rest on: a state whose records hold none read "None in selection", as if no one
# in the widest selection had completed (a reviewer)
WAGE_ANSWERS = "hourly_wage_answers"
# whether exiters work in their partnership's sector: a state whose records never say read "None in selection · no
# exiters with a known answer", widen-the-filters icon and all (a data steward)
IN_SECTOR_ANSWERS = "employed_in_sector_answers"
# the employers' turnover rates and hires from training, which a state's survey may never have asked (the Employer
# page's cards read "None in selection · no answers in this selection" where the Overview said "Not loaded")
TURNOVER_ANSWERS = "turnover_rate_answers"
HIRES_ANSWERS = "hires_from_training_answers"
CONDITION_ANSWERS = {"Below the poverty level": "poverty_answers",
                     "Employer health insurance": "health_insurance_answers",
                     "Paid sick leave": "paid_sick_leave_answers"}
TABLE_WORDS |= {
    "hourly_wage_answers": "hourly wages before and after training",
    "poverty_answers": "answers about poverty (before and after)",
    "health_insurance_answers": "answers about health insurance (before and after)",
    "paid_sick_leave_answers": "answers about paid sick leave (before and after)",
    "employed_in_sector_answers": "answers about employment in the sector after exit",
    "turnover_rate_answers": "turnover rates (before and after)",
    "reduced_turnover_answers": "answers about reduced turnover",
    "reduced_rework_answers": "answers about reduced rework",
    "reduced_complaints_answers": "answers about fewer complaints",
    "partnership_valuable_answers": "answers about the partnership's value",
    "hires_from_training_answers": "numbers of hires from training",
}

# How to load a table that is not a template file of the Data page.
LOAD_HINTS = {
    "qcew_annual": "Load the BLS QCEW files on the Data page, or run `python -m sectorscope qcew fetch`.",
    # the Data page loads QWI too: the hint named only the command line (a staffer)
    "qwi": "Load a Census QWI extract on the Data page, or with `python -m sectorscope qwi load FILE`.",
    **{group: f"Fill the column{'s' if len(columns) > 1 else ''} {' and '.join(columns)} of {table}.csv and load "
       "it again on the Data page (mode upsert)." for group, (table, columns) in ANSWER_COLUMNS.items()},
}


def loaded_tables(status: pd.DataFrame) -> frozenset[str]:
    """Names of the tables holding at least one row, from the ``loaded_tables`` query (table_name, rows_now)."""
    if status.empty:
        return frozenset()
    rows = pd.to_numeric(status["rows_now"], errors="coerce").fillna(0)
    return frozenset(status.loc[rows > 0, "table_name"].astype(str))


def available(tables: pd.DataFrame, answers: pd.DataFrame) -> frozenset[str]:
    """What a state's figures can rest on: the tables holding rows (``loaded_tables``, from the query of that name)
    and the groups of optional answers held anywhere (``ANSWER_COLUMNS``, from ``answers_collected``: same
    columns)."""
    return loaded_tables(tables) | loaded_tables(answers)


def released(tables: pd.DataFrame, answers: pd.DataFrame) -> frozenset[str]:
    """What a public view's figures can rest on: the tables holding rows (``loaded_tables``) and the groups of
    answers the release recorded as held when built (``queries/release_answers.sql``: a row of no table where it
    recorded that none was); every group where it recorded nothing (no row: a release built before they were), so
    that nothing reads as never collected unless known."""
    groups = loaded_tables(answers) if not answers.empty else frozenset(ANSWER_COLUMNS)
    return loaded_tables(tables) | groups


def not_collected(loaded: frozenset[str] | None, groups: Iterable[str]) -> list[str]:
    """The groups of answers (``ANSWER_COLUMNS``) among ``groups`` that no row holds, in words (none when ``loaded``
    is None, meaning "all"): a chart leaving their bars out says why."""
    return [TABLE_WORDS[group] for group in missing_tables(groups, loaded)]


def missing_tables(needed: Iterable[str], loaded: frozenset[str] | None) -> tuple[str, ...]:
    """The tables of ``needed`` that hold no rows (none when ``loaded`` is None, meaning "all loaded")."""
    if loaded is None:
        return ()
    return tuple(table for table in needed if table not in loaded)


def hidden_text(k: int) -> str:
    """What a value hidden because it rests on fewer than k people or employers reads: ``hidden (fewer than 10)``.
    Only where that is the reason: the public release hides other values too (``RELEASE_HIDDEN``)."""
    return f"hidden (fewer than {k})"


# What a hidden value of the public release reads, whatever hid it: fewer than k people or employers, or a value
# hidden so that such a one cannot be worked out by subtraction. The release never says which (the attacker is proven
# against "hidden or not" only: saying a value was hidden to protect another would tell that it is at least k).
RELEASE_HIDDEN = "hidden for privacy"


def release_hidden_basis(k: int) -> str:
    """Why a hidden value of the public release is hidden, the same words for every one."""
    return f"fewer than {k} people or employers, or it would give such a number away"


def not_loaded_text(tables: Iterable[str], public: bool = False) -> str:
    """A sentence for a figure whose tables were never loaded, naming the file to load (staff) or not (public).

    >>> not_loaded_text(["grants"])
    'No grants are loaded yet. Load grants.csv on the Data page (its template is there).'
    """
    names = list(tables)
    words = in_a_list(_about_once([TABLE_WORDS.get(name, name.replace("_", " ")) for name in names]), last="or")
    if public:
        return f"No {words} have been published yet."
    templated = [name for name in names if name not in LOAD_HINTS]
    hints = [LOAD_HINTS[name] for name in names if name in LOAD_HINTS and name not in ANSWER_COLUMNS]
    # the answers' columns, one sentence per file: a chart of four employer answers repeated "Fill the column ... of
    # employer_surveys.csv and load it again" four times (an auditor)
    columns_of: dict[str, list[str]] = {}
    for name in names:
        if name in ANSWER_COLUMNS:
            table, columns = ANSWER_COLUMNS[name]
            columns_of.setdefault(table, []).extend(columns)
    hints += [f"Fill the column{'s' if len(columns) > 1 else ''} {in_a_list(columns)} of {table}.csv and load it again "
              "on the Data page (mode upsert)." for table, columns in columns_of.items()]
    if templated:
        files = ", ".join(f"{name}.csv" for name in templated)
        templates = "its template is" if len(templated) == 1 else "their templates are"
        hints.insert(0, f"Load {files} on the Data page ({templates} there).")
    return f"No {words} are loaded yet. " + " ".join(hints)


def _about_once(words: list[str]) -> list[str]:
    """"answers about" said once where every item is such a group: ["answers about poverty", "answers about health
    insurance"] -> ["answers about poverty", "health insurance"]; beside other items each keeps it ("hourly wages,
    answers about poverty, reduced rework or grants" read as if grants were answers: a code reviewer)."""
    about = "answers about "
    if len(words) < 2 or not all(text.startswith(about) for text in words):
        return words
    return [words[0], *(text.removeprefix(about) for text in words[1:])]


def empty_basis(unit: str) -> str:
    """What a card with nothing to rest on says under its "None in selection": ``no completers in this selection``."""
    return f"no {unit} in this selection"
