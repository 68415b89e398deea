"""Data (staff only): load a state's own files safely; templates, data dictionary, provenance, active dataset."""

import streamlit as st

from sectorscope import config, ingest, qcew, readers, schema, templates
from sectorscope.formatting import format_bytes
from sectorscope.ui.data import fetch, forget_cached_data, read_upload
from sectorscope.ui.render import render_download
from sectorscope.ui.setup import page_setup
from sectorscope.validation import ValidationError, problems_frame

page = page_setup("Data", ":material/database:", staff_only=True)
st.title("Your data")
if message := st.session_state.pop("_data_loaded_message", None):
    st.success(message, icon=":material/check_circle:")
active = config.database_path()
holds_demo = page.is_demo

# --- Active dataset --------------------------------------------------------------------------------------------
st.subheader("Active dataset")
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
tables = fetch("loaded_tables")
st.dataframe(tables, hide_index=True, width="stretch", column_config={
    "table_name": "Table", "rows_now": st.column_config.NumberColumn("Rows", format="localized"),
    "last_source": "Last loaded from", "last_mode": "Mode",
    "last_loaded_at": st.column_config.DatetimeColumn("Last load (UTC)", format="YYYY-MM-DD HH:mm"),
    "is_demo": st.column_config.CheckboxColumn("Demo"), "loads": "Loads"})

# --- Load files ------------------------------------------------------------------------------------------------
st.subheader("Load your files")
target = config.own_data_database(holds_demo)
if target is None:
    st.warning("SECTORSCOPE_DB points at a demo database; own data never goes into it. Point SECTORSCOPE_DB at a "
               "new file (or unset it) to load your state's data.")
    st.stop()
st.caption(
    f"Files go into `{target.name}`" + (" (a new database of your own: the demo is never mixed with your data)"
                                        if holds_demo else "") +
    ". Every file is checked first; any problem rejects the whole batch and nothing is written.")
uploads = st.file_uploader("CSV (UTF-8 or Latin-1, comma or semicolon), Excel .xlsx (a sheet per table) or Parquet",
                           type=["csv", "txt", "gz", "xlsx", "parquet"], accept_multiple_files=True, key="uploads")
inputs, problems = [], []
for upload in uploads or []:
    is_workbook = upload.name.lower().endswith(".xlsx")
    name_col, table_col, mode_col = st.columns([3, 2, 2])
    name_col.markdown(f"**{upload.name}**  \n{format_bytes(upload.size)}")
    detected = readers.table_for_name(upload.name)
    if is_workbook:
        table_col.caption("Tables from sheet names")
        table = None
    else:
        table = table_col.selectbox("Table", schema.LOADABLE_TABLES, key=f"table-{upload.file_id}",
                                    index=schema.LOADABLE_TABLES.index(detected) if detected else None,
                                    placeholder="Choose the table")
    mode = mode_col.selectbox("Mode", ingest.MODES, key=f"mode-{upload.file_id}",
                              help="replace: the table holds exactly these rows; append: add rows; "
                                   "upsert: replace rows with the same key, add the others")
    result = read_upload(upload.name, upload.getvalue(), table, mode)
    inputs += result.inputs
    problems += result.problems
    for item in result.inputs:
        with st.expander(f"Preview: {item.source} → {item.table} ({len(item.frame):,} rows)"):
            st.dataframe(item.frame.head(10), hide_index=True)

if uploads:
    check_col, load_col = st.columns([1, 5])
    checking = check_col.button("Check files", icon=":material/fact_check:")
    loading = load_col.button("Load", type="primary", icon=":material/upload:", disabled=not inputs)
    if (checking or loading) and not problems:
        bar = st.progress(0.0, text="Starting")
        try:
            result = ingest.load_batch(target, inputs, dry_run=checking,
                                       progress=lambda fraction, message: bar.progress(fraction, text=message))
        except ValidationError as error:
            bar.empty()
            problems = error.problems
        else:
            rows = ", ".join(f"{table} {count:,}" for table, count in result.rows.items())
            if checking:
                st.success(f"All files are valid ({rows}). Nothing was written yet: press **Load**.")
            else:
                if target != active:
                    config.activate_database(target)
                forget_cached_data()
                st.session_state["_data_loaded_message"] = f"Loaded: {rows}. Every page now shows this data."
                st.rerun()
    if problems:
        st.error(f"{len(problems):,} problem(s) found; nothing was loaded. Fix them and try again.",
                 icon=":material/error:")
        report = problems_frame(problems)
        st.dataframe(report, hide_index=True, width="stretch")
        render_download(report, "validation-report.csv", "Download the report (CSV)")
else:
    st.info("Drop files here to check and load them. Start from the templates below.", icon=":material/upload_file:")

# --- Labor-market data ----------------------------------------------------------------------------------------
st.subheader("Labor-market data (BLS QCEW)")
st.caption("BLS QCEW files in their official layouts: annual or quarterly *by area* CSVs, open-data API slices, "
           "gzipped or zipped. Quarters become annual averages the way BLS makes them; suppressed cells stay "
           "missing. Rows of other areas and years stay (upsert). `python -m sectorscope qcew fetch` downloads them.")
qcew_uploads = st.file_uploader("QCEW files", type=["csv", "gz", "zip"], accept_multiple_files=True,
                                key="qcew_uploads")
if qcew_uploads and st.button("Load QCEW files", icon=":material/upload:", key="load_qcew"):
    bar = st.progress(0.0, text="Starting")
    try:
        loaded = qcew.load_qcew_sources(target, [(f.name, f.getvalue()) for f in qcew_uploads],
                                        progress=lambda fraction, message: bar.progress(fraction, text=message))
    except ValidationError as error:
        bar.empty()
        st.error(f"{len(error.problems):,} problem(s) found; nothing was loaded.", icon=":material/error:")
        qcew_report = problems_frame(error.problems)
        st.dataframe(qcew_report, hide_index=True, width="stretch")
        render_download(qcew_report, "qcew-validation-report.csv", "Download the report (CSV)")
    else:
        if target != active:
            config.activate_database(target)
        forget_cached_data()
        st.session_state["_data_loaded_message"] = loaded.summary()
        st.rerun()

# --- Templates and dictionary ----------------------------------------------------------------------------------
st.subheader("Templates and data dictionary")
workbook_col, csv_col, dictionary_col = st.columns(3)
workbook_col.download_button("Excel workbook (a sheet per table)", templates.workbook_bytes(),
                             file_name="sectorscope-templates.xlsx", icon=":material/download:",
                             mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
csv_col.download_button("CSV templates (zip)", templates.csv_templates_zip(), file_name="sectorscope-templates.zip",
                        mime="application/zip", icon=":material/download:")
dictionary = templates.data_dictionary()
with dictionary_col:
    render_download(dictionary, "data_dictionary.csv", "Data dictionary (CSV)")
shown = st.selectbox("Table", schema.LOADABLE_TABLES, key="dictionary_table")
st.dataframe(dictionary[dictionary["table"] == shown].drop(columns="table"), hide_index=True, width="stretch")

# --- Provenance ------------------------------------------------------------------------------------------------
st.subheader("Load history")
history = fetch("load_history")
st.dataframe(history, hide_index=True, width="stretch", column_config={
    "row_count": st.column_config.NumberColumn("Rows", format="localized"),
    "loaded_at": st.column_config.DatetimeColumn("Loaded (UTC)", format="YYYY-MM-DD HH:mm")})
render_download(history, "load-history.csv", "Download the load history (CSV)")
