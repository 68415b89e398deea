"""Tables as pages show, print and download them, each cell as a reader should see it: the Partnerships page's
directory and the Funding page's dollars per partnership (one row per partnership), and the Data page's loaded tables
and load history.

Pure: no Streamlit, no DuckDB. The rows come from ``queries/partnership_directory.sql``,
``metrics.funding.funding_by_partnership``, ``queries/loaded_tables.sql`` and ``queries/load_history.sql``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sectorscope.metrics import privacy
from sectorscope.present.availability import NO_GRANT, NOT_STATED, SHORT_TEXT, TABLE_WORDS, Absence, hidden_text
from sectorscope.present.formatting import format_count, format_leverage, format_text

# Every column of the directory, in its printed and downloaded order, with its heading.
DIRECTORY_COLUMNS: dict[str, str] = {
    "name": "Partnership", "sector_name": "Sector", "convener_name": "Convener", "convener_type": "Convener type",
    "phase": "Phase", "counties": "Counties served", "participants": "Participants", "employers": "Employers",
    "grant_dollars": "Grant dollars",
}
# On screen the figures come right after the name and sector, so that a 1400 px window shows them without scrolling
# sideways (the grid cannot wrap a cell; the text columns scroll into view after them, the name pinned beside them).
SCREEN_ORDER: tuple[str, ...] = ("name", "sector_name", "participants", "employers", "grant_dollars",
                                 "convener_name", "convener_type", "phase", "counties")
# Each count and the table it counts rows of: unknown ("not loaded"), never 0, where that table was never loaded.
COUNTED_TABLE: dict[str, str] = {"participants": "participants", "employers": "employer_surveys",
                                 "grant_dollars": "grants"}


NOT_ON_RECORD = "not on record"  # a count for years outside the exits on record: not 0 people


def directory_table(directory: pd.DataFrame, loaded: frozenset[str], min_cell: int | None,
                    exits_on_record: bool = True, surveys_on_record: bool = True) -> pd.DataFrame:
    """The directory's rows with ``partnership_id`` and ``DIRECTORY_COLUMNS``, as a reader sees them.

    - ``counties``: the names of the counties served, joined with ", " (``NOT_STATED`` when none is listed);
    - a convener, its type, a phase or the counties the registry left empty read ``NOT_STATED``;
    - with ``min_cell`` (a public view), participant and employer counts of 1 to ``min_cell`` - 1 (and the one more
      that would give a lone hidden count away, ``privacy.suppress_counts``) read "hidden (fewer than k)", the other
      counts as text;
    - a count over a table never loaded reads "not loaded";
    - without ``exits_on_record`` (years holding no exit on record) participants read ``NOT_ON_RECORD``, never 0;
      likewise employers without ``surveys_on_record``.
    """
    table = directory.assign(counties=directory["county_names"].map(
        lambda names: ", ".join(names) if isinstance(names, list | tuple | np.ndarray) else ""))
    for column in ("convener_name", "convener_type", "phase", "counties"):
        table[column] = table[column].map(lambda value: format_text(value, missing=NOT_STATED))
    if min_cell is not None:
        for column in ("participants", "employers"):
            table[column] = privacy.suppress_counts(table[column], min_cell).map(
                lambda count: hidden_text(min_cell) if pd.isna(count) else format_count(count))
    if not exits_on_record:
        table["participants"] = NOT_ON_RECORD
    if not surveys_on_record:
        table["employers"] = NOT_ON_RECORD
    for column, source in COUNTED_TABLE.items():
        if source not in loaded:
            table[column] = SHORT_TEXT[Absence.NOT_LOADED].lower()
    return table[["partnership_id", *DIRECTORY_COLUMNS]]


# The Funding page's table, in its shown, printed and downloaded order, with its headings.
FUNDING_COLUMNS: dict[str, str] = {
    "name": "Partnership", "grants": "Grants", "grant_dollars": "Grant dollars", "state_dollars": "State",
    "non_state_dollars": "Non-state", "leverage_text": "Leverage", "participants": "Participants",
    "completers": "Completers", "cost_per_participant": "$ per participant", "cost_per_completer": "$ per completer",
}
PER_PERSON_COLUMNS = ("participants", "completers", "cost_per_participant", "cost_per_completer")
# On screen the dollars a reader weighs (in all, per participant, per completer, leverage) come right after the name,
# which stays pinned while the rest scrolls into view: ten columns do not fit a 1400 px window.
FUNDING_SCREEN_ORDER: tuple[str, ...] = ("name", "grant_dollars", "cost_per_participant", "cost_per_completer",
                                         "leverage_text", "state_dollars", "non_state_dollars", "grants",
                                         "participants", "completers")


def funding_table(by_partnership: pd.DataFrame, loaded: frozenset[str], min_cell: int | None,
                  exits_on_record: bool = True) -> pd.DataFrame:
    """Dollars per partnership as the Funding page shows them, largest grant dollars first.

    - with ``min_cell`` (a public view), the cost per participant of a partnership with 1 to ``min_cell`` - 1
      participants is blanked with its count, and likewise the cost per completer and its completers
      (``privacy.suppress_groups``, which hides one more where a lone hidden count would show by subtraction);
    - ``leverage_text``: non-state dollars per state dollar in words (``format_leverage``);
    - the per-person columns read "not loaded" where participants never were (unknown, not 0), and
      ``NOT_ON_RECORD`` without ``exits_on_record`` (years holding no exit on record: they read 0 people);
    - a partnership with no grant in the years has no leverage ("no grant") and no dollars per person (empty), as
      the cards say (they read "no state $" and "$0" per participant);
    - ``hidden``: whether the row's participants (or completers) were blanked.
    """
    table = privacy.suppress_groups(by_partnership, "participants", ["cost_per_participant"], min_cell)
    hidden = table.pop("hidden")
    table = privacy.suppress_groups(table, "completers", ["cost_per_completer"], min_cell)
    table["hidden"] = table["hidden"] | hidden
    table["leverage_text"] = table["leverage"].map(format_leverage).where(table["grants"] > 0, NO_GRANT)
    for column in ("cost_per_participant", "cost_per_completer"):  # none started in the years counted: empty too
        table[column] = table[column].where(table["ratio_dollars"] > 0)
    table = table.sort_values("grant_dollars", ascending=False)
    if "participants" not in loaded:
        table[list(PER_PERSON_COLUMNS)] = SHORT_TEXT[Absence.NOT_LOADED].lower()
    elif not exits_on_record:
        table[list(PER_PERSON_COLUMNS)] = NOT_ON_RECORD
    return table


# Tables every new database holds from Sectorscope itself, not from the demo or the state: where they come from.
SHIPPED_TABLES = {"counties": "shipped (U.S. Census)"}


def table_words(names: pd.Series) -> pd.Series:
    """Table names as people read them ("Employer surveys", "BLS QCEW labor market data", "UI wage records"), for a
    Table column: the first letter raised, the rest as written (``str.capitalize`` made "Bls qcew" and "Ui")."""
    def word(name: object) -> str:
        text = TABLE_WORDS.get(name, str(name).replace("_", " "))
        return text[:1].upper() + text[1:]

    return names.map(word)


def _dataset_words(is_demo: pd.Series, table_names: pd.Series) -> pd.Series:
    """Which dataset a load belongs to: "demo", "own data", or for a table Sectorscope ships with every database
    (the county boundaries) where it comes from."""
    words = is_demo.map({True: "demo", False: "own data"})
    shipped = table_names.map(SHIPPED_TABLES)
    return shipped.where(shipped.notna(), words)


def loaded_tables_table(tables: pd.DataFrame) -> pd.DataFrame:
    """What each table holds now and its last load, with human headings: "never loaded" in the last load's time
    where a table never was (its row count is then a true 0), empty text rather than the word None."""
    never = tables["loads"] == 0
    shown = tables.copy()
    shown["last_loaded_at"] = shown["last_loaded_at"].dt.strftime("%Y-%m-%d %H:%M").where(~never, "never loaded")
    shown["is_demo"] = _dataset_words(shown["is_demo"], shown["table_name"]).where(~never, "")
    shown = shown.astype({"last_source": "string", "last_mode": "string"}).fillna("")
    shown["table_name"] = table_words(shown["table_name"])
    return shown.rename(columns={"table_name": "Table", "rows_now": "Rows", "last_source": "Last loaded from",
                                 "last_mode": "Mode", "last_loaded_at": "Last load (UTC)", "is_demo": "Dataset",
                                 "loads": "Loads"})


def load_history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Every load, newest first as the query gives them, with human headings and no internal load id."""
    shown = history.drop(columns="load_id")
    shown["loaded_at"] = shown["loaded_at"].dt.strftime("%Y-%m-%d %H:%M")
    shown["is_demo"] = _dataset_words(shown["is_demo"], shown["table_name"])
    shown["table_name"] = table_words(shown["table_name"])
    shown = shown.astype({"source": "string", "sha256": "string"}).fillna("")
    shown.columns = ["Table", "File", "Source", "Rows", "Mode", "Loaded (UTC)", "Dataset", "SHA-256"]
    return shown
