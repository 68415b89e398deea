"""Tables as pages show, print and download them, each cell as a reader should see it: the Partnerships page's
directory and the Funding page's dollars per partnership (one row per partnership), and the Data page's loaded tables
and load history.

Pure: no Streamlit, no DuckDB. The rows come from ``queries/partnership_directory.sql``,
``metrics.funding.funding_by_partnership``, ``queries/loaded_tables.sql`` and ``queries/load_history.sql``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from sectorscope.metrics import funding, privacy
from sectorscope.present.availability import (
    NO_GRANT,
    NOT_STATED,
    RELEASE_HIDDEN,
    SHORT_TEXT,
    TABLE_WORDS,
    Absence,
    hidden_text,
    missing_tables,
)
from sectorscope.present.formatting import (
    MISSING,
    format_count,
    format_leverage,
    format_text,
    numbers_for_grid,
    year_span,
)
from sectorscope.rounding import half_up_array

# Every column of the directory, in its printed and downloaded order, with its heading.
# What the directory's counts are: each partnership's own, wherever its people live or its employers work, not only
# in the counties chosen (the rows of Lancaster's view summed to 1,373 people beside the Overview's 553 living there)
DIRECTORY_PARTICIPANTS = "People who exited in the selected years, wherever they live"
DIRECTORY_EMPLOYERS = "Its employers surveyed in the selected years, wherever they are"


def directory_counts_note(counties_chosen: bool) -> str:
    """Above the directory: its rows count each partnership's own people and employers, so they need not add up to
    the Overview's counts. With counties chosen its exiters live anywhere (its rows summed to 1,225 beside the
    Overview's 1,088 living there: a staffer); everywhere, an employer of two partnerships is in both rows (the
    whole demo state's column sums to 2,030 beside 1,927 employers surveyed: a code reviewer)."""
    if counties_chosen:
        return ("Each row counts its partnership's own exiters and employers, wherever they live or work: the rows "
                "add up to more than the Overview's counts of those in the counties chosen, and an employer of two "
                "partnerships is in both rows.")
    return ("Each row counts its partnership's own exiters and employers: an employer of two partnerships is in both "
            "rows, so the Employers column adds up to more than the Overview's employers surveyed.")
# a partnership's grants before the years read $0 in a CSV pasted into a memo, "no state money" (a staffer)
DIRECTORY_GRANTS = "Grants starting in the selected years"
DIRECTORY_COLUMNS: dict[str, str] = {
    "name": "Partnership", "sector_name": "Sector", "convener_name": "Convener", "convener_type": "Convener type",
    "phase": "Phase", "counties": "Counties served", "participants": "Exiters", "employers": "Employers",
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


def active_outside_records(partnerships: pd.DataFrame, years: tuple[int, int],
                           on_record: tuple[int, int] | None) -> pd.Series:
    """Per partnership (``start_date``, ``end_date``; empty where the registry gives none): whether the years it was
    active within ``years`` (first, last) hold no year of ``on_record`` (the first and last year of the exits or
    surveys on record; None: none on record, said elsewhere). Its people of those years are then not on record,
    not 0: the demo's partnerships of 2005-2012 counted "0 participants" beside exits on record from 2015.

    active = [max(start year, first), min(end year, last)]; outside = active ends before ``on_record`` starts or
    starts after it ends. A partnership without dates counts as active throughout ``years``."""
    if on_record is None:
        return pd.Series(False, index=partnerships.index)
    first, last = years
    started = pd.to_datetime(partnerships["start_date"]).dt.year.fillna(first).clip(lower=first)
    ended = pd.to_datetime(partnerships["end_date"]).dt.year.fillna(last).clip(upper=last)
    return (ended < on_record[0]) | (started > on_record[1])


def _not_on_record(counts: pd.Series, shown: pd.Series, outside: pd.Series | None) -> pd.Series:
    """``shown`` (a column as read) with ``NOT_ON_RECORD`` where ``outside`` (``active_outside_records``) and the
    count is 0: a count someone made outside those years stays (a person may exit after the partnership ended)."""
    if outside is None:
        return shown
    return shown.where(~(outside.to_numpy() & (counts.to_numpy() == 0)), NOT_ON_RECORD)


def not_on_record_note(outside: pd.Series, records: str, on_record: tuple[int, int] | None, counted: str) -> str:
    """Beside a table some of whose rows read ``NOT_ON_RECORD`` (``active_outside_records``): "Exiters of 3
    partnerships read "not on record" (– on screen): they were active only in years without exits on record
    (2015–2025), not 0." Empty where no row is outside."""
    rows = int(outside.sum())
    if not rows or on_record is None:
        return ""
    return (f"{counted.capitalize()} of {rows:,} partnership{'' if rows == 1 else 's'} read \"{NOT_ON_RECORD}\" "
            f"({MISSING} on screen): active only in years without {records} on record ({year_span(*on_record)}), "
            "not 0.")


def directory_table(directory: pd.DataFrame, loaded: frozenset[str], min_cell: int | None,
                    exits_outside: pd.Series | None = None,
                    surveys_outside: pd.Series | None = None,
                    county_labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The directory's rows with ``partnership_id`` and ``DIRECTORY_COLUMNS``, as a reader sees them.

    - ``counties``: the names of the counties served, joined with ", " (``NOT_STATED`` when none is listed), each as
      ``county_labels`` writes it where it has it (``filters.county_labels``: "San Juan County (NM)" across a state
      line, where the directory's CSV said "San Juan County" beside Colorado's own: a data steward);
    - a convener, its type, a phase or the counties the registry left empty read ``NOT_STATED``;
    - with ``min_cell`` (a public view), participant and employer counts of 1 to ``min_cell`` - 1 (and the one more
      that would give a lone hidden count away, ``privacy.suppress_counts``) read "hidden (fewer than k)", the other
      counts as text;
    - a count over a table never loaded reads "not loaded";
    - participants read ``NOT_ON_RECORD``, never 0, where ``exits_outside`` (``active_outside_records``: the years
      a partnership was active in view hold no exit on record); likewise employers where ``surveys_outside``.
    """
    def listed(names: object, fips: object) -> str:
        if not isinstance(names, list | tuple | np.ndarray):
            return ""
        labels = county_labels or {}
        codes = fips if isinstance(fips, list | tuple | np.ndarray) else [None] * len(names)
        return ", ".join(labels.get(code, name) for name, code in zip(names, codes, strict=True))

    fips = directory["county_fips"] if "county_fips" in directory else pd.Series(None, index=directory.index)
    table = directory.assign(counties=[listed(names, codes) for names, codes in zip(directory["county_names"], fips,
                                                                                    strict=True)])
    if "served_by_region" in directory:  # as the profile says it: not a list the registry gave for it
        by_region = directory["served_by_region"].fillna(False).astype(bool) & table["counties"].ne("")
        table.loc[by_region, "counties"] = table.loc[by_region, "counties"] + " (its region's)"
    for column in ("convener_name", "convener_type", "phase", "counties"):
        table[column] = table[column].map(lambda value: format_text(value, missing=NOT_STATED))
    if min_cell is not None:
        for column in ("participants", "employers"):
            table[column] = privacy.suppress_counts(table[column], min_cell).map(
                lambda count: hidden_text(min_cell) if pd.isna(count) else format_count(count))
    table["participants"] = _not_on_record(directory["participants"], table["participants"], exits_outside)
    table["employers"] = _not_on_record(directory["employers"], table["employers"], surveys_outside)
    for column, source in COUNTED_TABLE.items():
        if source not in loaded:
            table[column] = SHORT_TEXT[Absence.NOT_LOADED].lower()
    return table[["partnership_id", *DIRECTORY_COLUMNS]]


# The Funding page's table, in its shown, printed and downloaded order, with its headings.
FUNDING_COLUMNS: dict[str, str] = {
    "name": "Partnership", "grants": "Grants", "grant_dollars": "Grant dollars", "state_dollars": "State",
    "non_state_dollars": "Non-state", "leverage_text": "Leverage", "participants": "Exiters",
    "completers": "Completers", "cost_per_exiter": "$ per exiter", "cost_per_completer": "$ per completer",
}
PER_PERSON_COLUMNS = ("participants", "completers", "cost_per_exiter", "cost_per_completer")
# On screen the dollars a reader weighs (in all, per exiter, per completer, leverage) come right after the name,
# which stays pinned while the rest scrolls into view: ten columns do not fit a 1400 px window.
# The grid shows leverage as a number (text sorted "55.69 : 1" between 5.18 and 7.04) and says in ``empty_because``
# why a row's cells are empty: one "–" stood for "not on record", "no grant in the years counted" and "no one exited".
FUNDING_SCREEN_ORDER: tuple[str, ...] = ("name", "grant_dollars", "cost_per_exiter", "cost_per_completer",
                                         "leverage", "empty_because", "state_dollars", "non_state_dollars", "grants",
                                         "participants", "completers")
LEVERAGE_DIGITS = 2  # as ``format_leverage`` writes it


def funding_table(by_partnership: pd.DataFrame, loaded: frozenset[str], min_cell: int | None,
                  exits_outside: pd.Series | None = None) -> pd.DataFrame:
    """Dollars per partnership as the Funding page shows them, largest grant dollars first.

    - with ``min_cell`` (a public view), the cost per exiter of a partnership with 1 to ``min_cell`` - 1
      participants is blanked with its count, and likewise the cost per completer and its completers
      (``privacy.suppress_groups``, which hides one more where a lone hidden count would show by subtraction);
    - ``leverage_text``: non-state dollars per state dollar in words (``format_leverage``);
    - the per-person columns read "not loaded" where participants never were (unknown, not 0), and
      ``NOT_ON_RECORD`` where ``exits_outside`` (``active_outside_records``, by the rows of ``by_partnership``: the
      years a partnership was active in view hold no exit on record) and it counts 0 participants;
    - a partnership with no grant in the years has no leverage ("no grant") and no dollars per person (empty), as
      the cards say (they read "no state $" and "$0" per exiter);
    - ``hidden``: whether the row's participants (or completers) were blanked.
    """
    unrecorded = (pd.Series(False, index=by_partnership.index) if exits_outside is None else
                  pd.Series(exits_outside.to_numpy() & (by_partnership["participants"] == 0).to_numpy(),
                            index=by_partnership.index))
    table = privacy.suppress_groups(by_partnership, "participants", ["cost_per_exiter"], min_cell)
    hidden = table.pop("hidden")
    table = privacy.suppress_groups(table, "completers", ["cost_per_completer"], min_cell)
    table["hidden"] = table["hidden"] | hidden
    table["leverage_text"] = table["leverage"].map(format_leverage).where(funding.is_funded(table["grant_dollars"]),
                                                                          NO_GRANT)
    for column in ("cost_per_exiter", "cost_per_completer"):  # none started in the years counted: empty too
        table[column] = table[column].where(funding.is_funded(table["ratio_dollars"]))
    if "participants" not in loaded:
        table[list(PER_PERSON_COLUMNS)] = SHORT_TEXT[Absence.NOT_LOADED].lower()
    elif unrecorded.any():
        table[list(PER_PERSON_COLUMNS)] = table[list(PER_PERSON_COLUMNS)].astype(object)
        table.loc[unrecorded, list(PER_PERSON_COLUMNS)] = NOT_ON_RECORD
    return table.sort_values("grant_dollars", ascending=False)


def funding_grid(table: pd.DataFrame, chosen_years: str, counted_years: str = "") -> pd.DataFrame:
    """``funding_table``'s rows as the page's grid shows them: numbers that sort as numbers (``numbers_for_grid``:
    the per-person words emptied; ``leverage`` a number rounded as ``format_leverage`` writes it, empty where it is
    words) and ``empty_because``, the words of the row's empty cells: "no grant in <chosen_years>" (no
    leverage, no dollars per person), "no grant in <counted_years>" (the years dollars per person count,
    where they are fewer), "no state $" (no leverage), "exiters not on record", "no one exited", "no
    completer", "hidden for privacy"; empty where no cell is."""
    grid = numbers_for_grid(table, list(PER_PERSON_COLUMNS))
    no_grant = ~funding.is_funded(table["grant_dollars"])
    leverage = pd.to_numeric(table["leverage"], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    grid["leverage"] = np.where(no_grant, np.nan, half_up_array(leverage, LEVERAGE_DIGITS))
    hidden = table.get("hidden", pd.Series(False, index=table.index)).astype(bool)
    participants = pd.to_numeric(table["participants"], errors="coerce")
    completers = pd.to_numeric(table["completers"], errors="coerce")
    # funded in the years chosen, not in the years counted: its grants started in other years
    no_grant_counted = ~no_grant & ~funding.is_funded(table["ratio_dollars"])
    grant_reasons = ({f"no grant in {chosen_years}": no_grant,
                      f"no grant in {counted_years}": no_grant_counted} if counted_years else
                     {f"no grant in {chosen_years}": no_grant | no_grant_counted})
    reasons = pd.DataFrame({
        **grant_reasons,
        "no state $": ~no_grant & np.isnan(leverage),
        "exiters not on record": table["participants"].astype(object).eq(NOT_ON_RECORD),
        "no one exited": participants.eq(0) & table["cost_per_exiter"].isna(),
        "no completer": participants.gt(0) & completers.eq(0),
        RELEASE_HIDDEN: hidden,
    }, index=table.index)
    grid["empty_because"] = ["; ".join(reasons.columns[row]) for row in reasons.to_numpy(dtype=bool)]
    return grid


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
    where a table never was, and no row count (empty, shown "–"): "0" beside "never loaded" read as a file of no
    rows (a Colorado analyst); a table a load emptied keeps its true 0. Empty text rather than the word None."""
    never = tables["loads"] == 0
    shown = tables.copy()
    shown["last_loaded_at"] = shown["last_loaded_at"].dt.strftime("%Y-%m-%d %H:%M").where(~never, "never loaded")
    shown["is_demo"] = _dataset_words(shown["is_demo"], shown["table_name"]).where(~never, "")
    shown = shown.astype({"last_source": "string", "last_mode": "string"}).fillna("")
    shown["rows_now"] = shown["rows_now"].astype("Int64").mask(never)
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


def never_asked(shares: pd.DataFrame, loaded: frozenset[str] | None) -> pd.DataFrame:
    """``shares`` (``employers.survey_shares_shown``: one row per ``question``) with the counts and share of each
    question no survey record answers anywhere (its ``<question>_answers`` group not in ``loaded``) reading "not
    loaded", as the worker CSV's answers never collected: the page says "never asked" where its CSV wrote 0 answers,
    0 yes (a data steward)."""
    unasked = shares["question"].map(lambda question: bool(missing_tables((f"{question}_answers",), loaded)))
    if not unasked.any():
        return shares
    # and its small-n flag, where the table has one (a False beside "not loaded" read as "not a small group")
    columns = [column for column in ("n", "yes", "share", "small_n") if column in shares]
    shown = shares.astype(dict.fromkeys(columns, object))
    shown.loc[unasked, columns] = Absence.NOT_LOADED.value
    return shown
