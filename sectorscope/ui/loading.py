"""The Data page's loading parts: the report of a rejected batch, the column picker for a file whose columns are
named otherwise, and the labor-market loaders (QCEW, QWI) with their progress. Streamlit widgets; what they load and
check lives in ``ingest`` and ``sources``."""

from __future__ import annotations

import dataclasses
import functools
import traceback

import pandas as pd
import streamlit as st

from sectorscope import config, schema
from sectorscope.ingest import load as ingest
from sectorscope.ingest import mapping, readers, state_rule
from sectorscope.ingest.validation import (
    FAULT_MESSAGE,
    NOTHING_WRITTEN,
    ValidationError,
    column_key,
    combined_report,
    errors_of,
    problem_kinds,
    problems_frame,
    rows_with_problems,
    warnings_of,
    worth_summing_up,
)
from sectorscope.present.formatting import MISSING, format_bytes
from sectorscope.release.publishable import stored_release, withheld_because
from sectorscope.sources import qcew, qwi
from sectorscope.ui.data import fetch, forget_cached_data, forget_upload, read_large_upload, read_upload
from sectorscope.ui.render import render_download

REPORT_LABELS = {"source": "File", "table": "Table", "row": "Row", "column": "Column", "value": "Value as typed",
                 "message": "What is wrong"}
REPORT_ORDER = ("message", "source", "table", "row", "column", "value")
NOT_CHOSEN = "(none of mine)"


# The general uploader's tables held to the state rule (``ingest.state_rule``), and its checkbox to load another
# state's on purpose (named apart from the labor-market uploaders' for a screen reader)
STATE_RULE_TABLES = ("qcew_annual", "qwi", *state_rule.REGISTRY_COUNTY_TABLES)
UPLOADS_OTHER_STATES = f"{state_rule.OTHER_STATES_CHECKBOX} ({', '.join(STATE_RULE_TABLES)})"
# what a file loaded in mode replace may do only when ticked (``ingest.TableInput.may_remove``)
REPLACE_REMOVES = "Mode replace may remove rows, and empty columns, loaded before that the files lack"

# The CSV encodings a user may declare (never guessed)
ENCODINGS = {"UTF-8": None, "Latin-1 (ISO-8859-1)": "latin-1", "Windows-1252": "cp1252"}


# Where the last load's confirmation is said again, beside the uploader that loaded: the page's own, under its
# title, was about 1,100 px above the view after a load (a reviewer)
LOADED_BESIDE = "_data_loaded_beside"


def say_loaded(message: str, section: str) -> None:
    """Keep a load's confirmation for the page's next run: under its title (``pages/6_Data.py``, with a toast) and
    beside ``section``'s uploader (``render_loaded_beside``)."""
    st.session_state["_data_loaded_message"] = message
    st.session_state[LOADED_BESIDE] = (section, message)


def render_loaded_beside(section: str) -> None:
    """The confirmation of a load made with ``section``'s uploader, once, inside its section."""
    said = st.session_state.get(LOADED_BESIDE)
    if said and said[0] == section:
        del st.session_state[LOADED_BESIDE]
        st.success(said[1], icon=":material/check_circle:")


def render_release_status(active) -> None:
    """When the stored public release is withheld (built with a smaller k than this deployment's, or by an older
    Sectorscope: ``release.publishable``), say so and offer to build it again, as a load would, with progress."""
    withheld = withheld_because(stored_release(fetch), config.min_cell_size())
    if withheld is None:
        return
    st.warning(f"**The Showcase shows no public figures:** {withheld}. Building the release again checks it whole "
               "against an attacker, which takes about half a minute on the demo and longer for a large state; the "
               "pages keep showing the current data meanwhile.", icon=":material/lock:")
    if not st.button("Build the public release again", icon=":material/refresh:", key="rebuild_release"):
        return
    from sectorscope.ingest.load import rebuild_release

    bar = st.progress(0.0, text="Starting")
    try:
        rows = rebuild_release(active, progress=lambda fraction, message: bar.progress(fraction, text=message))
    except ValidationError as error:  # another load held it too long, or a newer model: nothing was written
        bar.empty()
        render_report(error.problems, "release-report.csv")
        return
    forget_cached_data()
    st.session_state["_data_loaded_message"] = (f"The public release is built again ({rows:,} figures, groups of "
                                                f"fewer than {config.min_cell_size()} hidden). The Showcase shows it.")
    st.rerun()


def render_model_status(active) -> None:
    """When the database was made by an older data model this version still reads (``schema.READABLE_VERSIONS``),
    say so (its pages work out what the current model keeps, so they are slower) and offer to bring it to the
    current one, as a load would before writing, with progress (``ingest.load.upgrade_database``)."""
    version = fetch("schema_version")
    older = int(version["schema_version"].iloc[0]) if len(version) else None
    if older not in schema.READABLE_VERSIONS - {schema.SCHEMA_VERSION}:
        return
    st.info(f"**This database was made by an older Sectorscope** (data model {older}; this version makes "
            f"{schema.SCHEMA_VERSION}). Its pages read it as it is, so Worker outcomes may be slower, and its "
            f"stored worker figures follow the older rules ({'; '.join(schema.older_rules(older))}). Your next load "
            "brings it up to date, or do it now (your data is unchanged; the pages keep showing it meanwhile).",
            icon=":material/update:")
    if not st.button(f"Bring the database to data model {schema.SCHEMA_VERSION}", icon=":material/upgrade:",
                     key="upgrade_database"):
        return
    from sectorscope.ingest.load import upgrade_database

    bar = st.progress(0.0, text="Starting")
    try:
        before, after = upgrade_database(active, progress=lambda fraction, message: bar.progress(
            min(max(fraction, 0.0), 1.0), text=message))
    except ValidationError as error:  # another load held it too long, or a newer model: nothing was written
        bar.empty()
        render_report(error.problems, "upgrade-report.csv")
        return
    forget_cached_data()
    st.session_state["_data_loaded_message"] = (
        f"The database is at data model {after} (it was {before})." if before != after else
        f"The database is at data model {after}: another load or upgrade brought it up to date meanwhile.")
    st.rerun()


def render_report(problems, file_name: str) -> None:
    """Errors (the batch was rejected) and warnings (loaded anyway) as two tables, each downloadable."""
    for kind, found, show in (("errors", errors_of(problems), st.error), ("warnings", warnings_of(problems),
                                                                          st.warning)):
        if not found:
            continue
        report = problems_frame(found)
        if kind == "errors":
            show(f"{rows_with_problems(found):,} problem(s) found; nothing was loaded. Fix them and try again.",
                 icon=":material/error:")
        else:
            show(f"{len(found):,} warning(s): columns left out or values read differently. They do not stop a load.",
                 icon=":material/warning:")
        render_kinds(found)
        shown = report.drop(columns="severity").astype("string").fillna("")  # an empty cell, never the word None
        labels = REPORT_LABELS | ({} if kind == "errors" else {"message": "Note"})
        # what is wrong first and wide: after a long file name it was cut off at the right edge (a reviewer)
        st.dataframe(shown, hide_index=True, placeholder=MISSING, width="stretch", column_order=REPORT_ORDER,
                     column_config=labels | {"message": st.column_config.TextColumn(labels["message"],
                                                                                    width="large")})
        render_download(report, file_name.replace(".csv", f"-{kind}.csv"), f"Download the {kind} (CSV)",
                        headings=labels, synthetic=False)  # about the visitor's own file, whatever the database


def render_kinds(problems) -> None:
    """Where one kind of problem fills many rows (one systematic mistake: "$1,234.00" in every row read as 300
    lines), a table of the kinds first, one line each: what is wrong, how many rows, which, an example as typed."""
    kinds = problem_kinds(problems)
    if not worth_summing_up(kinds):
        return
    capped = any(kind.rows > kind.listed and kind.first_row is not None for kind in kinds)
    st.markdown(f"**In short: {len(kinds):,} kind(s) of problem.** " + (
        "The first rows of each kind are listed below and in the download, the rest counted." if capped else
        "Every row is listed below and in the download."))
    # a problem of the whole file has no rows to count (the command leaves its count out too)
    frame = pd.DataFrame({"message": [kind.message for kind in kinds],
                          "rows": pd.array([None if kind.first_row is None and kind.rows == 1 else kind.rows
                                            for kind in kinds], dtype="Int64"),
                          "where": [kind.where for kind in kinds], "source": [kind.source for kind in kinds],
                          "column": [kind.column or "" for kind in kinds],
                          "example": ["" if kind.example is None else kind.example for kind in kinds]})
    st.dataframe(frame, hide_index=True, placeholder=MISSING, width="stretch", column_config={
        "message": st.column_config.TextColumn(REPORT_LABELS["message"], width="large"),
        "rows": st.column_config.NumberColumn("Rows", format="localized"),
        "where": "Which rows", "source": REPORT_LABELS["source"], "column": REPORT_LABELS["column"],
        "example": "Example as typed"})


def render_column_picker(item, key: str, database):
    """Ask which of the file's columns is each of ours that the file does not name; return the mapping (remembered
    for files with the same columns, pre-filled from the last one)."""
    ours = schema.tables()[item.table].columns
    named = {column_key(column) for column in item.frame.columns}
    theirs = [str(column) for column in item.frame.columns if column_key(column) not in
              {column_key(o.name) for o in ours}]
    unnamed = [column for column in ours if column_key(column.name) not in named]
    last = mapping.remembered(database, item.table, item.frame.columns) or mapping.ColumnMapping()
    if not theirs or not unnamed:
        return last if last.values else mapping.ColumnMapping()
    before = {our: their for their, our in last.pairs if their in theirs}
    pairs = []
    with st.expander(f"Match columns: {item.source} → {item.table}", expanded=True, icon=":material/join:"):
        st.caption("Some of your columns are not named like ours. Say which of yours is which (one of yours may "
                   "serve twice, e.g. a name as the id). Columns left unmatched are not loaded; the choice is "
                   "remembered for files with the same columns." + (" Filled in from the last file like this one."
                                                                     if before else ""))
        grid = st.columns(3)
        for position, column in enumerate(unnamed):
            label = f"Which of my columns is {column.name}?" + (" (required)" if column.required else "")
            picked = grid[position % 3].selectbox(
                label, [NOT_CHOSEN, *theirs], key=f"map-{key}-{column.name}", help=column.meaning,
                index=1 + theirs.index(before[column.name]) if column.name in before else 0)
            if picked != NOT_CHOSEN:
                pairs.append((picked, column.name))
    return mapping.ColumnMapping(tuple(pairs), last.values, item.table)


def load_labor_market(load, uploads, target, active, report_name: str, section: str) -> None:
    """Load labor-market files with ``load`` (QCEW or QWI: one batch, all or nothing) into ``target``, with
    progress; on success make it the active database, the confirmation said beside ``section``'s uploader (whose
    key then changes, emptying it), and rerun; on failure show the whole report (nothing was written)."""
    bar = st.progress(0.0, text="Starting")
    try:
        loaded = load(target, [(f.name, f.getvalue()) for f in uploads],
                      progress=lambda fraction, message: bar.progress(fraction, text=message))
    except ValidationError as error:
        bar.empty()
        render_report(error.problems, report_name)
    else:
        if target != active:
            config.activate_database(target)
        forget_cached_data()
        say_loaded(loaded.summary(), section)
        # a new uploader after the load (its key changes): the files just loaded are not left there, ready to be
        # loaded twice, as the general uploader's are not
        generation = f"_{section}_uploader_generation"
        st.session_state[generation] = st.session_state.get(generation, 0) + 1
        st.rerun()


LABOR_MARKET_SOURCES = (  # (heading, what the files are, file types, key, the package's loader)
    ("Labor-market data (BLS QCEW)",
     "BLS QCEW files in their official layouts: annual or quarterly *by area* CSVs, open-data API slices, gzipped or "
     "zipped. Quarters become annual averages the way BLS makes them; suppressed cells stay missing. Rows of other "
     "areas and years stay (upsert). `python -m sectorscope qcew fetch` downloads them.",
     ["csv", "gz", "zip"], "qcew", qcew.load_qcew_sources),
    ("Labor-market data (Census QWI)",
     "Census LEHD Quarterly Workforce Indicators extracts in the QWI API layout (CSV, gzipped CSV or the API's JSON) "
     "or the LEHD bulk layout: employment, hires, separations, turnover and earnings by county or metro area, sector "
     "and quarter. Values the Census Bureau did not release stay missing; rows broken down by age, sex … are left "
     "out (the table holds totals). Rows of other areas and quarters stay (upsert). The command line does the same: "
     "`python -m sectorscope qwi load FILE...`.",
     ["csv", "gz", "json"], "qwi", qwi.load_qwi_sources),
)


def render_labor_market_loaders(target, active) -> None:
    """One uploader and load button per labor-market source (``LABOR_MARKET_SOURCES``), loading into ``target``."""
    for heading, caption, file_types, key, load in LABOR_MARKET_SOURCES:
        st.header(heading)
        st.caption(caption)
        loads_done = st.session_state.get(f"_{key}_uploader_generation", 0)
        files = st.file_uploader(f"{key.upper()} files", type=file_types, accept_multiple_files=True,
                                 key=f"{key}_uploads" if not loads_done else f"{key}_uploads-{loads_done}")
        render_loaded_beside(key)
        # the command line's --other-states: a load never changes the dashboard's state (ingest.state_rule)
        # named apart (three alike read the same to a screen reader: an accessibility reviewer)
        checkbox = f"{state_rule.OTHER_STATES_CHECKBOX} ({key.upper()})"
        other_states = st.checkbox(checkbox, key=f"{key}_other_states",
                                   help="Files of a state other than this database's (and those whose counties its "
                                        "partnerships or regions name) are refused unless ticked; ticked, they load "
                                        "beside it (a labor market across a state line) and the dashboard stays "
                                        "about its state.")
        if files and st.button(f"Load {key.upper()} files", icon=":material/upload:", key=f"load_{key}"):
            # a refusal names this checkbox (the page cannot take --other-states nor start a database)
            load_labor_market(functools.partial(load, other_states=other_states, other_states_checkbox=checkbox),
                              files, target, active, f"{key}-validation-report.csv", key)


def render_file_loader(target, active, holds_demo: bool) -> None:
    """The Data page's loading: uploads (table and mode per file, column pickers, previews), *Check files* and
    *Load* with progress and one report, then the labor-market loaders; into ``target`` (the active database, or
    a new one of the state's own beside the demo)."""
    st.caption(
        f"Files go into `{target.name}`" + (" (a new database of your own: the demo is never mixed with your data)"
                                            if holds_demo else "") +
        ". Every file is checked first; any problem rejects the whole batch and nothing is written.")
    # Streamlit refuses a file above its own server.maxUploadSize before the app sees it, with no word of the setting
    if upload_problem := config.upload_limit_problem(st.get_option("server.maxUploadSize")):
        st.warning(upload_problem, icon=":material/upload_file:")
    # a new uploader after each load (its key changes): the files just loaded are not left there, ready to be loaded
    # twice
    loads_done = st.session_state.get("_uploader_generation", 0)
    uploads = st.file_uploader("CSV (comma or semicolon), Excel .xlsx (a sheet per table) or Parquet",
                               type=["csv", "tsv", "txt", "gz", "xlsx", "parquet"], accept_multiple_files=True,
                               key="uploads" if not loads_done else f"uploads-{loads_done}")
    render_loaded_beside("uploads")
    encoding_label = st.selectbox("Encoding of the CSV files", list(ENCODINGS), key="upload_encoding",
                                  help="Never guessed: a byte that does not fit is reported with its row and offset.")
    inputs, problems, mapped_layouts = [], [], []
    for upload in uploads or []:
        is_workbook = upload.name.lower().endswith(".xlsx")
        name_col, table_col, mode_col = st.columns([3, 2, 2])
        name_col.markdown(f"**{upload.name}**  \n{format_bytes(upload.size)}")
        detected = readers.table_for_name(upload.name)
        if is_workbook:
            table_col.caption("Tables from sheet names")
            table = None
        else:
            # each file's choices named after it: a screen reader heard "Table", "Mode" once per file, all alike
            table = table_col.selectbox(f"Table of {upload.name}", schema.LOADABLE_TABLES,
                                        key=f"table-{upload.file_id}",
                                        index=schema.LOADABLE_TABLES.index(detected) if detected else None,
                                        placeholder="Choose the table")
        mode = mode_col.selectbox(f"Mode of {upload.name}", ingest.MODES, key=f"mode-{upload.file_id}",
                                  help="replace: the table holds exactly these rows; append: add rows; "
                                       "upsert: replace rows with the same key, add the others (columns your file "
                                       "lacks keep their loaded values)")
        result = (read_large_upload(upload.name, upload.getvalue(), table, mode, ENCODINGS[encoding_label])
                  if readers.may_stream(upload.name, upload.size, table) else
                  read_upload(upload.name, upload.getvalue(), table, mode, ENCODINGS[encoding_label]))
        problems += result.problems
        for item in result.inputs:
            chosen = render_column_picker(item, f"{upload.file_id}-{item.table}", target)
            if chosen:
                mapped_layouts.append((item.table, list(item.frame.columns), chosen))
                item, found = mapping.map_input(item, chosen)
                problems += found
            inputs.append(item)
            with st.expander(f"Preview: {item.source} → {item.table} ({item.row_count:,} rows)"):
                st.dataframe(item.first_rows().astype("string").fillna(""), hide_index=True, placeholder=MISSING)

    # the labor-market loaders' rule for their tables in the templates' layout (ingest.load._template_state_rule),
    # and the registry's counties (ingest.load._registry_state_rule)
    other_states = any(item.table in STATE_RULE_TABLES for item in inputs) and st.checkbox(
        UPLOADS_OTHER_STATES, key="uploads_other_states",
        help="qcew_annual or qwi rows, and partnership or region counties, of a state other than this database's "
             "(and those whose counties its partnerships or regions name) are refused unless ticked; ticked, they "
             "load beside it (a partnership or labor market across a state line) and the dashboard stays about its "
             "state.")
    if any(item.mode == "replace" for item in inputs):
        may_remove = st.checkbox(REPLACE_REMOVES, key="uploads_replace_removes",
                                 help="Unticked, a file in mode replace that lacks rows loaded before, or a column "
                                      "holding values loaded before, is refused, saying how many would go (a month's "
                                      "file of new and changed rows would take the others with it); mode upsert "
                                      "adds and updates rows, removes none and keeps the columns a file lacks.")
        inputs = [dataclasses.replace(item, may_remove=may_remove) if item.mode == "replace" else item
                  for item in inputs]
    if uploads:
        check_col, load_col = st.columns([1, 5])
        checking = check_col.button("Check files", icon=":material/fact_check:")
        loading = load_col.button("Load", type="primary", icon=":material/upload:", disabled=not inputs)
        if (checking or loading) and inputs:
            # Files that could not be read or mapped still let the others be checked, so one report holds everything.
            blocked = bool(errors_of(problems))
            bar = st.progress(0.0, text="Starting")
            recorded_before = state_rule.recorded_state(target)
            try:
                result = ingest.load_batch(target, inputs, dry_run=checking or blocked, other_states=other_states,
                                           other_states_checkbox=UPLOADS_OTHER_STATES,
                                           removal_consent=f"tick “{REPLACE_REMOVES}”",
                                           progress=lambda fraction, message: bar.progress(fraction, text=message))
            except ValidationError as error:
                bar.empty()
                problems = combined_report(problems, error.problems, [upload.name for upload in uploads])
            except Exception as fault:  # ours, not the files': said so, never a bare traceback, a stuck progress bar
                bar.empty()
                st.error(f"{FAULT_MESSAGE}{NOTHING_WRITTEN} Please report it with the details below.",
                         icon=":material/bug_report:")
                with st.expander("Details for a bug report"):
                    st.code("".join(traceback.format_exception(fault)), language=None)
            else:
                bar.empty()  # a finished check left a half-filled bar beside "All files are valid" (a reviewer)
                rows = result.rows_text()  # with the rows a load in mode replace removes: never silently
                problems = problems + result.warnings
                if checking and not blocked:
                    st.success(f"All files are valid: {rows}. Nothing was written yet: press **Load**.")
                elif not blocked:
                    for table, columns, chosen in mapped_layouts:
                        mapping.remember(target, table, columns, chosen)
                    if target != active:
                        config.activate_database(target)
                    for item in inputs:  # large uploads written to disk: their rows are in the database now
                        if item.staged is not None:
                            forget_upload(item.staged.path)
                    forget_cached_data()
                    # a template qcew_annual.csv or qwi.csv into a database about no state records its state, as
                    # the labor-market loaders below do: said when it happens (it decides which files load later)
                    settled = state_rule.settled_by_load(target, recorded_before, result.dry_run)
                    say_loaded(f"Loaded: {rows}. Every page now shows this data."
                               + (f" {state_rule.settled_words(settled)}" if settled else ""), "uploads")
                    st.session_state["_uploader_generation"] = loads_done + 1
                    st.session_state["_data_loaded_warnings"] = problems
                    st.rerun()
        if problems:
            render_report(problems, "validation-report.csv")
    else:
        st.info("Drop files here to check and load them. Start from the templates below.",
                icon=":material/upload_file:")

    # --- Labor-market data ----------------------------------------------------------------------------------------
    render_labor_market_loaders(target, active)
