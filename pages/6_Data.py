"""Data (staff only): load a state's own files safely; templates, data dictionary, provenance, active dataset."""


import streamlit as st

from sectorscope import config, schema
from sectorscope.ingest import templates
from sectorscope.present.formatting import MISSING
from sectorscope.present.tables import load_history_table, loaded_tables_table
from sectorscope.ui.data import fetch, forget_cached_data
from sectorscope.ui.loading import render_file_loader, render_model_status, render_release_status, render_report
from sectorscope.ui.render import render_download
from sectorscope.ui.setup import page_setup

DICTIONARY_LABELS = {"column": "Column", "type": "Type", "required": "Required", "key": "Key",
                     "allowed_values": "Allowed values", "rules": "Rules", "meaning": "Meaning"}

page = page_setup(staff_only=True)
st.title(page.title)
if message := st.session_state.pop("_data_loaded_message", None):
    st.success(message, icon=":material/check_circle:")
    # seen wherever the page is scrolled (said in full beside the uploader that loaded, too)
    st.toast(message.split(". ")[0], icon=":material/check_circle:")
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
if target is not None:
    render_file_loader(target, active, holds_demo)
else:
    # the app builds the demo into a SECTORSCOPE_DB that does not exist yet, so "point it at a new file" led back
    # here (a reviewer): load into a new file with the command line, then point SECTORSCOPE_DB at it
    st.warning("SECTORSCOPE_DB points at a demo database; own data never goes into it. Unset SECTORSCOPE_DB to load "
               "your state's data here (into a database of its own beside the demo), or load your files into a new "
               "file with the command line, `python -m sectorscope load FILE... --db NEW.duckdb`, and then point "
               "SECTORSCOPE_DB at it.")  # the templates, dictionary and history below are still for them

# --- Templates and dictionary ----------------------------------------------------------------------------------
st.header("Templates and data dictionary")
dictionary = templates.data_dictionary()
# buttons as wide as their labels, wrapping where the page is narrow (in three equal columns at a 1000 px window
# "Excel workbook (a…" and "Data dictionary (C…" were cut)
with st.container(horizontal=True):
    st.download_button("Excel workbook (a sheet per table)", templates.workbook_bytes(),
                       file_name="sectorscope-templates.xlsx", icon=":material/download:", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    st.download_button("CSV templates (zip)", templates.csv_templates_zip(), file_name="sectorscope-templates.zip",
                       mime="application/zip", icon=":material/download:", on_click="ignore")
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
