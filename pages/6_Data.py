"""Data (staff only): load a state's own files safely; templates, data dictionary, provenance, active dataset."""

import traceback

import streamlit as st

from sectorscope import config, schema
from sectorscope.ingest import load as ingest
from sectorscope.ingest import mapping, readers, templates
from sectorscope.ingest.validation import FAULT_MESSAGE, NOTHING_WRITTEN, ValidationError, combined_report, errors_of
from sectorscope.present.formatting import MISSING, format_bytes
from sectorscope.present.tables import load_history_table, loaded_tables_table
from sectorscope.ui.data import fetch, forget_cached_data, read_upload
from sectorscope.ui.loading import (
    render_column_picker,
    render_labor_market_loaders,
    render_model_status,
    render_release_status,
    render_report,
)
from sectorscope.ui.render import render_download
from sectorscope.ui.setup import page_setup

DICTIONARY_LABELS = {"column": "Column", "type": "Type", "required": "Required", "key": "Key",
                     "allowed_values": "Allowed values", "rules": "Rules", "meaning": "Meaning"}
ENCODINGS = {"UTF-8": None, "Latin-1 (ISO-8859-1)": "latin-1", "Windows-1252": "cp1252"}

page = page_setup(staff_only=True)
st.title(page.title)
if message := st.session_state.pop("_data_loaded_message", None):
    st.success(message, icon=":material/check_circle:")
    render_report(st.session_state.pop("_data_loaded_warnings", []), "load-warnings.csv")
active = config.database_path()
holds_demo = page.is_demo

# --- Active dataset --------------------------------------------------------------------------------------------
st.header("Active dataset")
st.markdown(f"**{'Synthetic demo' if holds_demo else 'Your state’s own data'}** · `{active.name}`")
choices = {path: label for path, label in ((config.demo_database_path(), "Synthetic demo"),
                                           (config.state_database_path(), "Your state's own data"))
           if path.exists()}
if config.database_is_pinned():
    st.caption("The database is fixed by SECTORSCOPE_DB, so the app does not switch datasets here.")
elif len(choices) > 1:
    picked = st.radio("Show", list(choices), format_func=choices.get, horizontal=True,
                      index=list(choices).index(active) if active in choices else 0, key="active_dataset")
    if picked != active:
        config.activate_database(picked)
        forget_cached_data()
        st.rerun()
tables = loaded_tables_table(fetch("loaded_tables"))
st.dataframe(tables, hide_index=True, placeholder=MISSING, width="stretch",
             column_config={"Rows": st.column_config.NumberColumn("Rows", format="localized"),
                            "Dataset": st.column_config.TextColumn("Dataset", width="medium")})
render_model_status(active)
render_release_status(active)
empty_regions = fetch("regions_without_counties")
if len(empty_regions):
    st.info(f"{len(empty_regions):,} region(s) have no counties, so the Region filter does not offer them and maps "
            "do not draw them (their partnerships still name them): "
            + ", ".join(empty_regions["region_name"]) + ". Load region_counties.csv to place them.",
            icon=":material/info:")

# --- Load files ------------------------------------------------------------------------------------------------
st.header("Load your files")
target = config.own_data_database(holds_demo)
if target is None:
    # the app builds the demo into a SECTORSCOPE_DB that does not exist yet, so "point it at a new file" led back
    # here (a reviewer): load into a new file with the command line, then point SECTORSCOPE_DB at it
    st.warning("SECTORSCOPE_DB points at a demo database; own data never goes into it. Unset SECTORSCOPE_DB to load "
               "your state's data here (into a database of its own beside the demo), or load your files into a new "
               "file with the command line, `python -m sectorscope load FILE... --db NEW.duckdb`, and then point "
               "SECTORSCOPE_DB at it.")
    st.stop()
st.caption(
    f"Files go into `{target.name}`" + (" (a new database of your own: the demo is never mixed with your data)"
                                        if holds_demo else "") +
    ". Every file is checked first; any problem rejects the whole batch and nothing is written.")
# a new uploader after each load (its key changes): the files just loaded are not left there, ready to be loaded twice
loads_done = st.session_state.get("_uploader_generation", 0)
uploads = st.file_uploader("CSV (comma or semicolon), Excel .xlsx (a sheet per table) or Parquet",
                           type=["csv", "txt", "gz", "xlsx", "parquet"], accept_multiple_files=True,
                           key="uploads" if not loads_done else f"uploads-{loads_done}")
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
        table = table_col.selectbox(f"Table of {upload.name}", schema.LOADABLE_TABLES, key=f"table-{upload.file_id}",
                                    index=schema.LOADABLE_TABLES.index(detected) if detected else None,
                                    placeholder="Choose the table")
    mode = mode_col.selectbox(f"Mode of {upload.name}", ingest.MODES, key=f"mode-{upload.file_id}",
                              help="replace: the table holds exactly these rows; append: add rows; "
                                   "upsert: replace rows with the same key, add the others (columns your file "
                                   "lacks keep their loaded values)")
    result = read_upload(upload.name, upload.getvalue(), table, mode, ENCODINGS[encoding_label])
    problems += result.problems
    for item in result.inputs:
        chosen = render_column_picker(item, f"{upload.file_id}-{item.table}", target)
        if chosen:
            mapped_layouts.append((item.table, list(item.frame.columns), chosen))
            item, found = mapping.map_input(item, chosen)
            problems += found
        inputs.append(item)
        with st.expander(f"Preview: {item.source} → {item.table} ({len(item.frame):,} rows)"):
            st.dataframe(item.frame.head(10).astype("string").fillna(""), hide_index=True, placeholder=MISSING)

if uploads:
    check_col, load_col = st.columns([1, 5])
    checking = check_col.button("Check files", icon=":material/fact_check:")
    loading = load_col.button("Load", type="primary", icon=":material/upload:", disabled=not inputs)
    if (checking or loading) and inputs:
        # Files that could not be read or mapped still let the others be checked, so one report holds everything.
        blocked = bool(errors_of(problems))
        bar = st.progress(0.0, text="Starting")
        try:
            result = ingest.load_batch(target, inputs, dry_run=checking or blocked,
                                       progress=lambda fraction, message: bar.progress(fraction, text=message))
        except ValidationError as error:
            bar.empty()
            problems = combined_report(problems, error.problems)
        except Exception as fault:  # ours, not the files': said so, never a bare traceback with a stuck progress bar
            bar.empty()
            st.error(f"{FAULT_MESSAGE}{NOTHING_WRITTEN} Please report it with the details below.",
                     icon=":material/bug_report:")
            with st.expander("Details for a bug report"):
                st.code("".join(traceback.format_exception(fault)), language=None)
        else:
            rows = ", ".join(f"{table} {count:,}" for table, count in result.rows.items())
            problems = problems + result.warnings
            if checking and not blocked:
                st.success(f"All files are valid ({rows}). Nothing was written yet: press **Load**.")
            elif not blocked:
                for table, columns, chosen in mapped_layouts:
                    mapping.remember(target, table, columns, chosen)
                if target != active:
                    config.activate_database(target)
                forget_cached_data()
                st.session_state["_data_loaded_message"] = f"Loaded: {rows}. Every page now shows this data."
                st.session_state["_uploader_generation"] = loads_done + 1
                st.session_state["_data_loaded_warnings"] = problems
                st.rerun()
            else:
                bar.empty()
    if problems:
        render_report(problems, "validation-report.csv")
else:
    st.info("Drop files here to check and load them. Start from the templates below.", icon=":material/upload_file:")

# --- Labor-market data ----------------------------------------------------------------------------------------
render_labor_market_loaders(target, active)

# --- Templates and dictionary ----------------------------------------------------------------------------------
st.header("Templates and data dictionary")
workbook_col, csv_col, dictionary_col = st.columns(3)
workbook_col.download_button("Excel workbook (a sheet per table)", templates.workbook_bytes(),
                             file_name="sectorscope-templates.xlsx", icon=":material/download:", on_click="ignore",
                             mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
csv_col.download_button("CSV templates (zip)", templates.csv_templates_zip(), file_name="sectorscope-templates.zip",
                        mime="application/zip", icon=":material/download:", on_click="ignore")
dictionary = templates.data_dictionary()
with dictionary_col:
    render_download(dictionary, "data_dictionary.csv", "Data dictionary (CSV)", headings=DICTIONARY_LABELS,
                    synthetic=False)
shown = st.selectbox("Table", schema.LOADABLE_TABLES, key="dictionary_table")
st.dataframe(dictionary[dictionary["table"] == shown].drop(columns="table"), hide_index=True, placeholder=MISSING,
             width="stretch",
             column_config={column: st.column_config.TextColumn(label, width="large" if column in
                                                                ("allowed_values", "rules", "meaning") else None)
                            for column, label in DICTIONARY_LABELS.items()})

# --- Provenance ------------------------------------------------------------------------------------------------
st.header("Load history")
history = load_history_table(fetch("load_history"))
st.dataframe(history, hide_index=True, placeholder=MISSING, width="content",
             column_config={"Rows": st.column_config.NumberColumn("Rows", format="localized")})
render_download(history, "load-history.csv", "Download the load history (CSV)", synthetic=False)
