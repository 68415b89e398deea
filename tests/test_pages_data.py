"""The Data page in AppTest: a bad upload is reported and changes nothing; filled templates replace the demo."""

from __future__ import annotations

import hashlib
import shutil
import stat
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from page_support import app_test
from streamlit.testing.v1 import AppTest
from tiny_state import tiny_tables

from sectorscope import config
from sectorscope.ingest import state_rule, templates
from sectorscope.present.formatting import MISSING
from sectorscope.ui.loading import REPLACE_REMOVES


def data_page(monkeypatch, mode: str = "staff") -> AppTest:
    monkeypatch.setenv("SECTORSCOPE_MODE", mode)
    at = app_test(timeout=90)
    at.switch_page("pages/6_Data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, files: dict[str, bytes]) -> AppTest:
    at.file_uploader(key="uploads").set_value([(name, data, "text/csv") for name, data in files.items()]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def press(at: AppTest, label: str) -> AppTest:
    next(button for button in at.button if button.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def headed(at: AppTest, kind: str = "Success") -> list[tuple[str, str]]:
    """(the header above it, its text) of each ``kind`` element of the page, in page order."""
    found, heading = [], "(above every header)"

    def walk(node) -> None:
        nonlocal heading
        for child in getattr(node, "children", {}).values():
            if type(child).__name__ == "Header":
                heading = child.value
            elif type(child).__name__ == kind:
                found.append((heading, child.value))
            walk(child)

    walk(at.main)
    return found


def tiny_csvs() -> dict[str, bytes]:
    """The templates' columns filled with the tiny state, one CSV per table."""
    files = {}
    for name, frame in tiny_tables().items():
        columns = list(templates.blank_template(name).columns)
        files[f"{name}.csv"] = frame.reindex(columns=columns).to_csv(index=False).encode()
    return files


def test_public_mode_cannot_open_the_data_page(tiny_db, monkeypatch):
    monkeypatch.setenv("SECTORSCOPE_DB", str(tiny_db))
    at = data_page(monkeypatch, mode="public")
    assert any("state staff only" in error.value for error in at.error)
    assert not at.file_uploader


def test_a_bad_upload_lists_every_problem_and_changes_nothing(tiny_db, tmp_path, monkeypatch):
    db = tmp_path / "own.duckdb"
    shutil.copyfile(tiny_db, db)
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    bad = tiny_tables()["participants"].assign(county_fips=["42071", "99999", "42133", "42133"],
                                               pre_hourly_wage=["12", "15", "2000", "18"])
    at = upload(data_page(monkeypatch), {"participants.csv": bad.to_csv(index=False).encode()})
    at = press(at, "Load")
    assert any("2 problem(s) found; nothing was loaded" in error.value for error in at.error)
    report = next(frame.value for frame in at.dataframe if "message" in frame.value.columns)
    assert set(zip(report["row"], report["column"], strict=True)) == {("3", "county_fips"), ("4", "pre_hourly_wage")}
    assert set(report["source"]) == {"participants.csv"}
    assert list(report["value"]) == ["99999", "2000"]  # as typed, not 2000.0
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_one_mistake_in_many_rows_is_summed_up_by_kind_above_every_row(tiny_db, tmp_path, monkeypatch):
    """Six rows with one wage written "1.234,00" (a decimal comma) and one bad county: a table of the two
    kinds first (what is wrong, how many rows, which, an example as typed), then every row, as before."""
    db = tmp_path / "own.duckdb"
    shutil.copyfile(tiny_db, db)
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    people = tiny_tables()["participants"]
    many = pd.concat([people] * 2, ignore_index=True).head(6)
    many = many.assign(participant_id=[*people["participant_id"], "X4", "X5"], pre_hourly_wage="1.234,00")
    many.loc[2, "county_fips"] = "99999"
    at = press(upload(data_page(monkeypatch), {"participants.csv": many.to_csv(index=False).encode()}), "Load")
    assert any("7 problem(s) found; nothing was loaded" in error.value for error in at.error)
    assert any("In short: 2 kind(s) of problem." in text.value for text in at.markdown)
    kinds = next(frame.value for frame in at.dataframe if "rows" in frame.value.columns)
    wages = kinds[kinds["column"] == "pre_hourly_wage"].iloc[0]
    assert (wages["rows"], wages["where"], wages["example"], wages["source"]) == (6, "rows 2–7", "1.234,00",
                                                                               "participants.csv")
    county = kinds[kinds["column"] == "county_fips"].iloc[0]
    assert (county["rows"], county["where"], county["example"]) == (1, "row 4", "99999")
    report = next(frame.value for frame in at.dataframe if "row" in frame.value.columns)
    assert len(report) == 7  # every row still listed


def test_filled_templates_replace_the_demo_on_every_page(demo_db, tmp_path, monkeypatch):
    monkeypatch.delenv("SECTORSCOPE_DB", raising=False)
    monkeypatch.setenv("SECTORSCOPE_DATA_DIR", str(tmp_path))
    shutil.copyfile(demo_db, config.demo_database_path())
    at = data_page(monkeypatch)
    assert any("Demo data (synthetic)" in warning.value for warning in at.warning)
    at = press(upload(at, tiny_csvs()), "Check files")
    assert any("All files are valid" in success.value for success in at.success)
    assert not config.state_database_path().exists()
    assert [box.label for box in at.selectbox if box.label.endswith("of participants.csv")] == [
        "Table of participants.csv", "Mode of participants.csv"]  # each file's choices named after it
    at = press(at, "Load")
    assert any("Loaded:" in success.value for success in at.success)
    assert config.database_path() == config.state_database_path()
    # the files just loaded are gone from a new uploader (with them left in, one click loaded them twice)
    assert all(not uploader.value for uploader in at.get("file_uploader"))
    assert not any(button.label == "Load" for button in at.button)
    at.switch_page("app.py").run()
    shown = {metric.label: metric.value for metric in at.metric}
    assert shown["Participants who exited"] == "4"
    assert not any("Demo data (synthetic)" in warning.value for warning in at.warning)
    demo_bytes = config.demo_database_path().read_bytes()
    assert demo_bytes == demo_db.read_bytes(), "the demo database was changed"


def test_switching_back_to_the_demo(demo_db, tiny_db, tmp_path, monkeypatch):
    monkeypatch.delenv("SECTORSCOPE_DB", raising=False)
    monkeypatch.setenv("SECTORSCOPE_DATA_DIR", str(tmp_path))
    shutil.copyfile(demo_db, config.demo_database_path())
    shutil.copyfile(tiny_db, config.state_database_path())
    config.activate_database(config.state_database_path())
    at = data_page(monkeypatch)
    at.radio(key="active_dataset").set_value(config.demo_database_path()).run()
    assert config.database_path() == config.demo_database_path()
    assert any("Demo data (synthetic)" in warning.value for warning in at.warning)


LANCASTER_QCEW = config.PROJECT_ROOT.parent / "shared" / "data" / "qcew-bls" / "annual-by-area-lancaster-pa"


def own_copy_with_lancaster(tiny_db, tmp_path, monkeypatch):
    """A copy of the tiny state as the active database, and the folder of Lancaster's real BLS annual files (the test
    skips, saying so, where ../shared is absent)."""
    if not LANCASTER_QCEW.exists():
        pytest.skip("../shared/data is absent: the real BLS files are not here")
    db = tmp_path / "own.duckdb"
    shutil.copyfile(tiny_db, db)
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    return db, LANCASTER_QCEW


def test_qcew_files_load_from_the_data_page(tiny_db, tmp_path, monkeypatch):
    db, lancaster = own_copy_with_lancaster(tiny_db, tmp_path, monkeypatch)
    at = data_page(monkeypatch)
    files = sorted(lancaster.glob("*.csv"))[-1:]
    at.file_uploader(key="qcew_uploads").set_value([(f.name, f.read_bytes(), "text/csv") for f in files]).run()
    at.button(key="load_qcew").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("annual rows into qcew_annual" in success.value for success in at.success)
    # said beside the uploader too (the page's own was ~1,100 px above the view), and in a toast; the uploader is a
    # new one, empty, so its files are not there to be loaded twice (a reviewer)
    assert [text for heading, text in headed(at) if heading == "Labor-market data (BLS QCEW)"] == [
        next(success.value for success in at.success if "annual rows" in success.value)]
    assert any("annual rows into qcew_annual" in toast.value for toast in at.toast)
    assert [uploader.key for uploader in at.file_uploader if uploader.key.startswith("qcew")] == ["qcew_uploads-1"]
    assert not at.file_uploader(key="qcew_uploads-1").value
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select count(*), count(employment) from qcew_annual where area_fips = '42071'").fetchall()
    assert rows[0][0] == 1931 and 0 < rows[0][1] < 1931  # every row of the 2016 file; suppressed ones missing


def test_a_damaged_qcew_upload_is_refused_at_its_lines_and_changes_nothing(tiny_db, tmp_path, monkeypatch):
    """The QCEW uploader loaded "234,156" and "abc" in annual_avg_emplvl as missing, with a success banner (a
    reviewer); it calls the command line's loader, so it now refuses them at the file's lines."""
    from test_qcew_source_rows import with_employment

    db, lancaster = own_copy_with_lancaster(tiny_db, tmp_path, monkeypatch)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    path = lancaster / "2016.annual 42071 Lancaster County, Pennsylvania.csv"
    lines = path.read_text(encoding="latin-1").split("\n")
    lines[1], lines[4] = with_employment(lines[1], '"234,156"'), with_employment(lines[4], "abc")
    at = data_page(monkeypatch)
    at.file_uploader(key="qcew_uploads").set_value([(path.name, "\n".join(lines).encode("latin-1"), "text/csv")])
    at.run()
    at.button(key="load_qcew").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.success
    report = next(frame.value for frame in at.dataframe if "message" in frame.value.columns)
    assert set(zip(report["row"], report["column"], report["value"], strict=True)) == {
        ("2", "annual_avg_emplvl", "234,156"), ("5", "annual_avg_emplvl", "abc")}
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


NC_QWI_COUNTY = config.PROJECT_ROOT.parent / "shared" / "data" / "qwi" / "nc_qwi_2010_county_x_sector_emp.csv"


def upload_qwi(at: AppTest, files: dict[str, bytes], other_states: bool = False) -> AppTest:
    at.file_uploader(key="qwi_uploads").set_value([(name, data, "text/csv") for name, data in files.items()]).run()
    at.checkbox(key="qwi_other_states").set_value(other_states).run()
    at.button(key="load_qwi").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_qwi_files_load_from_the_data_page(tiny_db, tmp_path, monkeypatch):
    if not NC_QWI_COUNTY.exists():
        pytest.skip("../shared/data is absent: the real Census QWI extract is not here")
    db = tmp_path / "own.duckdb"
    shutil.copyfile(tiny_db, db)
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    files = {NC_QWI_COUNTY.name: NC_QWI_COUNTY.read_bytes()}
    at = upload_qwi(data_page(monkeypatch), files)  # North Carolina's, into Pennsylvania's: refused, as on the CLI
    report = next(frame.value for frame in at.dataframe if "message" in frame.value.columns)
    assert list(report["source"]) == [NC_QWI_COUNTY.name]
    message = report["message"].iloc[0]
    assert "QWI of North Carolina (37)" in message and "not Pennsylvania (42)" in message
    # the page's own way on first, by its checkbox's label; never the command line's flag (a reviewer)
    assert f'tick "{state_rule.OTHER_STATES_CHECKBOX} (QWI)"' in message and "--other-states" not in message
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    at = upload_qwi(at, files, other_states=True)  # ticked: beside Pennsylvania's, on purpose
    assert any("Loaded 7,756 QWI rows" in success.value and "411 values not released" in success.value
               for success in at.success), [success.value for success in at.success]
    with duckdb.connect(str(db), read_only=True) as con:
        rows, employment, zeros = con.execute(
            "select count(*), count(employment), count(*) filter (employment = 0) from qwi").fetchone()
        source = con.execute("select source_name from datasets where table_name = 'qwi'").fetchall()
    # sEmp 5 (not released) on 411 rows: missing, never 0; the file's few true zeros stay zeros
    assert (rows, employment) == (7756, 7756 - 411) and zeros < 411
    assert source == [(NC_QWI_COUNTY.name,)]


def test_a_bad_qwi_upload_lists_every_problem_and_changes_nothing(tiny_db, tmp_path, monkeypatch):
    from test_qwi import api_frame

    db = tmp_path / "own.duckdb"
    shutil.copyfile(tiny_db, db)
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    files = {"good.csv": api_frame(year=["2011"] * 4).to_csv(index=False).encode(),
             "bad.csv": api_frame(quarter=["1", "7", "2", "2"], year=["2010", "2010", "twenty", "2010"]
                                  ).to_csv(index=False).encode(),
             "other.csv": b"a,b\n1,2\n"}
    at = upload_qwi(data_page(monkeypatch), files)
    assert any("1 problem(s) found; nothing was loaded" in error.value for error in at.error)  # unreadable first
    report = next(frame.value for frame in at.dataframe if "message" in frame.value.columns)
    assert list(report["source"]) == ["other.csv"] and "not a QWI extract" in report["message"].iloc[0]
    # North Carolina's extracts into Pennsylvania's database: on purpose, so the report is of their cells alone
    at = upload_qwi(at, {name: data for name, data in files.items() if name != "other.csv"}, other_states=True)
    assert any("2 problem(s) found; nothing was loaded" in error.value for error in at.error)
    report = next(frame.value for frame in at.dataframe if "message" in frame.value.columns)
    assert set(zip(report["source"], report["row"], report["column"], report["value"], strict=True)) == {
        ("bad.csv", "3", "quarter", "7"), ("bad.csv", "4", "year", "twenty")}
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_the_column_picker_loads_their_columns_and_remembers_them(tiny_db, tmp_path, monkeypatch):
    db = tmp_path / "own.duckdb"
    shutil.copyfile(tiny_db, db)
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    theirs = {"partnership_id": "Program ID", "name": "Program Name", "convener_name": "Lead Agency"}
    frame = tiny_tables()["partnerships"].drop(columns=["convener_type", "phase"]).rename(columns=theirs)
    upload_file = {"partnerships.csv": frame.assign(Website="https://example.org").to_csv(index=False).encode()}
    at = upload(data_page(monkeypatch), upload_file)

    def picker(at, ours):
        return next(box for box in at.selectbox if box.label.startswith(f"Which of my columns is {ours}?"))

    assert picker(at, "partnership_id").label.endswith("(required)") and picker(at, "convener_type")
    for ours, their in theirs.items():
        picker(at, ours).set_value(their)
    at.run()
    # the file lacks convener_type and phase, which the partnerships loaded before hold: not emptied unasked
    at = press(at, "Load")
    assert any("2 problem(s) found; nothing was loaded" in error.value for error in at.error)
    refused = next(frame.value for frame in at.dataframe if "message" in frame.value.columns)
    assert set(refused.loc[refused["message"].str.startswith("the file lacks this column"), "column"]) == {
        "convener_type", "phase"}
    at.checkbox(key="uploads_replace_removes").check().run()
    at = press(at, "Load")
    assert any("Loaded:" in success.value for success in at.success)
    warned = next(frame.value for frame in at.dataframe if "message" in frame.value.columns)
    assert "Website" in set(warned["column"])  # left out, shown among the warnings
    assert set(warned.loc[warned["message"].str.contains("are emptied"), "column"]) == {"convener_type", "phase"}
    assert any("warning(s)" in warning.value for warning in at.warning)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select partnership_id, convener_name, phase from partnerships order by 1").fetchall() == [
            ("P1", "Lancaster WDB", None), ("P2", "York College", None)]
    # A new session with a file of the same layout: the picker is filled in from the last time.
    at = upload(data_page(monkeypatch), upload_file)
    assert picker(at, "convener_name").value == "Lead Agency"
    assert picker(at, "convener_type").value == "(none of mine)"


def test_history_and_freshness_use_human_names_and_never_show_none(tiny_db, monkeypatch):
    monkeypatch.setenv("SECTORSCOPE_DB", str(tiny_db))
    at = data_page(monkeypatch)
    history = next(frame.value for frame in at.dataframe if "SHA-256" in frame.value.columns)
    assert "load_id" not in history.columns and "table_name" not in history.columns
    for frame in at.dataframe:
        shown = frame.value.astype(str)
        # the freshness table: a table never loaded has no row count, missing and drawn as the placeholder
        if {"Rows", "Last load (UTC)"} <= set(shown.columns):
            never = shown["Last load (UTC)"].eq("never loaded")
            assert frame.value.loc[never, "Rows"].isna().all() and frame.proto.placeholder == MISSING
            shown = shown.drop(columns="Rows")
        assert not shown.isin(["None", "NaT", "nan", "<NA>"]).any().any(), frame.value


def test_freshness_names_the_loadable_tables_in_words_and_not_the_release(tiny_db, monkeypatch):
    monkeypatch.setenv("SECTORSCOPE_DB", str(tiny_db))
    at = data_page(monkeypatch)
    freshness = next(frame.value for frame in at.dataframe if "Last loaded from" in frame.value.columns)
    assert list(freshness.columns) == ["Table", "Rows", "Last loaded from", "Mode", "Last load (UTC)", "Dataset",
                                       "Loads"]
    assert "Employer surveys" in set(freshness["Table"]) and "Participants" in set(freshness["Table"])
    assert not freshness["Table"].str.contains("_|release", case=False).any(), list(freshness["Table"])
    history = next(frame.value for frame in at.dataframe if "SHA-256" in frame.value.columns)
    assert not history["Table"].str.contains("_").any()


def test_a_fault_while_loading_says_so_and_leaves_the_database(live_db, monkeypatch):
    """A fault of Sectorscope's (here one put into the loader) is said to be one, with its details for a bug report,
    never a bare traceback under a progress bar stuck on "Checking the files"; the database is as it was."""
    from sectorscope.ingest import load as ingest

    monkeypatch.setenv("SECTORSCOPE_DB", str(live_db))
    before = hashlib.sha256(live_db.read_bytes()).hexdigest()

    def failing(*args, **kwargs):
        raise RuntimeError("a fault put in by the test")

    monkeypatch.setattr(ingest, "load_batch", failing)
    at = press(upload(data_page(monkeypatch), {"grants.csv": tiny_csvs()["grants.csv"]}), "Check files")
    assert any(error.value.startswith("Sectorscope failed: a fault in Sectorscope") for error in at.error)
    assert any(expander.label == "Details for a bug report" for expander in at.expander)
    assert hashlib.sha256(live_db.read_bytes()).hexdigest() == before


def test_a_pinned_demo_database_still_shows_the_templates_and_history(demo_db, monkeypatch):
    """With SECTORSCOPE_DB on a demo file the page said why it loads nothing there, then stopped before its
    templates, data dictionary and load history (a Data page reviewer)."""
    monkeypatch.setenv("SECTORSCOPE_DB", str(demo_db))
    at = data_page(monkeypatch)
    assert any("own data never goes into it" in warning.value for warning in at.warning)
    assert not at.file_uploader
    headers = [header.value for header in at.header]
    assert "Templates and data dictionary" in headers and "Load history" in headers


def test_a_large_upload_is_checked_as_a_stream_not_read_whole(tiny_db, tmp_path, monkeypatch):
    """An 87 MB upload took the server to 2.2 GB (read whole into pandas, about 25 times its size; the command line
    checks such a file chunk by chunk): a large CSV upload of a streamed table is written to disk and read as the
    command line reads it, its preview and row count as before."""
    from sectorscope.ingest import load as ingest
    from sectorscope.ingest import readers

    db = tmp_path / "own.duckdb"
    shutil.copyfile(tiny_db, db)
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    monkeypatch.setenv("SECTORSCOPE_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(readers, "STREAM_FROM_BYTES", 0)  # every CSV of a streamed table counts as large
    staged: list[bool] = []
    real_load = ingest.load_batch
    monkeypatch.setattr(ingest, "load_batch", lambda path, inputs, **options: staged.extend(
        item.staged is not None for item in inputs) or real_load(path, inputs, **options))
    ids = ["G1"] + [f"G9{i:03d}" for i in range(1, 40)]  # G1 loaded before and kept, the others new
    lines = ["grant_id,partnership_id,amount_usd,funding_source,grant_type,start_date,funder"] + [
        f"{grant},P1,{1000 + i},state,planning,2018-0{i % 9 + 1}-01," for i, grant in enumerate(ids)]
    at = upload(data_page(monkeypatch), {"grants.csv": ("\n".join(lines) + "\n").encode()})
    assert any(expander.label == "Preview: grants.csv → grants (40 rows)" for expander in at.expander)
    preview = next(frame.value for frame in at.dataframe if "grant_id" in frame.value.columns)
    assert list(preview["grant_id"][:2]) == ["G1", "G9001"]
    at = press(at, "Check files")
    assert staged == [True], staged
    # the 2 grants loaded before and not in the file are not removed unless the user says so (a data steward), nor
    # the funder and end date of the one it keeps emptied (checked on the staged rows as on a file read whole)
    assert any("3 problem(s) found; nothing was loaded" in error.value for error in at.error), [
        e.value for e in at.error]
    report = next(frame.value for frame in at.dataframe if "message" in frame.value.columns)
    [message] = report.loc[report["column"].isna() | report["column"].eq(""), "message"]
    assert message.startswith("would remove 2 rows of the 3 loaded before in grants that this file lacks"), message
    assert message.endswith(f"tick “{REPLACE_REMOVES}”")
    emptied = report[report["message"].str.contains(", which holds values in 1 of the 1 rows loaded before in "
                                                    "grants that the file keeps")]
    assert dict(zip(emptied["column"], emptied["message"].str[:45], strict=True)) == {
        "funder": "every cell of this column is empty in the fil",  # the file's funder column, empty throughout
        "end_date": "the file lacks this column, which holds value"}
    assert emptied["message"].str.endswith(f"tick “{REPLACE_REMOVES}”").all()
    at.checkbox(key="uploads_replace_removes").check().run()
    at = press(at, "Check files")
    # the grants loaded before, which a load in mode replace removes, said beside the rows (a data reviewer)
    assert any("All files are valid: grants 40 (would replace 3 rows loaded before; 2 of them not in the file would "
               "go)." in success.value for success in at.success), [e.value for e in at.error]
    # written where the app keeps its data, readable by its user alone (people's records: never the shared /tmp)
    [written] = (tmp_path / "uploads").glob("*/grants.csv")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "uploads").stat().st_mode) == 0o700
    press(at, "Load")
    assert not list((tmp_path / "uploads").iterdir()), "the upload was left on disk after its load"


def test_a_large_upload_with_a_malformed_row_reports_its_other_rows_too(tiny_db, tmp_path, monkeypatch):
    """On the Data page, a large upload with a cut-off row: its other rows' problems in the same report (they came
    only once the row was mended), the database unchanged, the upload and its copy in the app's own folder."""
    from sectorscope.ingest import readers

    db = tmp_path / "own.duckdb"
    shutil.copyfile(tiny_db, db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    monkeypatch.setenv("SECTORSCOPE_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(readers, "STREAM_FROM_BYTES", 0)  # every CSV of a streamed table counts as large
    lines = ["grant_id,partnership_id,amount_usd,funding_source,grant_type,start_date",
             "G9001,P1,1000,state,planning,2018-01-01", "G9002,P1", "G9003,P1,lots,state,planning,2018-01-01"]
    at = upload(data_page(monkeypatch), {"grants.csv": ("\n".join(lines) + "\n").encode()})
    at.selectbox(key=next(box.key for box in at.selectbox if box.label == "Mode of grants.csv")).set_value(
        "append").run()
    at = press(at, "Check files")
    assert any("2 problem(s) found; nothing was loaded" in error.value for error in at.error), [
        e.value for e in at.error]
    report = next(frame.value for frame in at.dataframe if "message" in frame.value.columns)
    assert list(report["row"]) == ["3", "4"] and report["column"].iloc[1] == "amount_usd", report
    assert "this row has 2 values" in report["message"].iloc[0]
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    kept = sorted(path.name for path in (tmp_path / "uploads").glob("*/*"))
    assert kept == ["grants.csv", "grants.csv.utf-8-sig.to-check.csv"], kept  # the copy beside it, not in /tmp


def test_a_large_uploads_name_cannot_reach_outside_its_folder(tmp_path, monkeypatch):
    from sectorscope.ui.data import read_large_upload

    monkeypatch.setenv("SECTORSCOPE_DATA_DIR", str(tmp_path / "data"))
    lines = ("grant_id,partnership_id,amount_usd,funding_source,grant_type,start_date\n"
             "G1,P1,10,state,planning,2018-01-01\n")
    for hostile in ("../../grants.csv", "..", "/etc/grants.csv"):
        read_large_upload(hostile, lines.encode(), "grants", "append")
    written = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*") if path.is_file())
    assert all(path.parts[:2] == ("data", "uploads") for path in written), written


def test_a_large_uploads_rows_to_check_beside_a_malformed_one_stay_in_its_folder(tmp_path, monkeypatch):
    """A large upload with a malformed row is copied, its other rows to check, beside the upload (people's
    records: never the shared /tmp), readable by the app's user alone, and goes with the upload's folder."""
    from sectorscope.ingest import readers
    from sectorscope.ui.data import read_large_upload

    monkeypatch.setenv("SECTORSCOPE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(readers, "STREAM_FROM_BYTES", 0)  # every CSV of a streamed table counts as large
    lines = ("grant_id,partnership_id,amount_usd,funding_source,grant_type,start_date\n"
             "G1,P1,10,state,planning,2018-01-01\nG2,P1,10\nG3,P1,lots,state,planning,2018-01-01\n")
    read = read_large_upload("grants.csv", lines.encode(), "grants", "append")
    [item] = read.inputs
    assert [p.row for p in read.problems] == [3]
    copy = Path(item.staged.path)
    assert copy.parent.parent == tmp_path / "data" / "uploads" and copy.name != "grants.csv"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert list(item.first_rows()["grant_id"]) == ["G1", "G3"]
    # gone with the day's sweep and uploaded again: read again, not the cached read of a copy removed with it (its
    # preview failed: a code reviewer)
    shutil.rmtree(copy.parent)
    [again] = read_large_upload("grants.csv", lines.encode(), "grants", "append").inputs
    assert list(again.first_rows()["grant_id"]) == ["G1", "G3"]


def loaded_on_purpose(at: AppTest, db, before: str, table: str) -> AppTest:
    """After a refused load (the database file still ``before``), the uploader's "on purpose" box ticked and Load
    pressed again: ``table`` is loaded."""
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    at.checkbox(key="uploads_other_states").set_value(True).run()
    at = press(at, "Load")
    assert any(table in success.value for success in at.success), [s.value for s in at.success]
    return at


def test_another_states_qcew_in_the_templates_layout_is_refused_on_the_general_uploader(tiny_db, tmp_path,
                                                                                        monkeypatch):
    """The general uploader loaded another state's qcew_annual.csv without a word (the state rule held only for the
    labor-market uploaders): refused, and loaded on purpose with its checkbox ticked."""
    from test_state_rule import template_qcew

    db = tmp_path / "own.duckdb"
    shutil.copyfile(tiny_db, db)
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    at = upload(data_page(monkeypatch), {"qcew_annual.csv": template_qcew("39049").to_csv(index=False).encode()})
    at.selectbox(key=next(box.key for box in at.selectbox if box.key.startswith("mode-"))).set_value("upsert").run()
    at = press(at, "Load")
    report = next(frame.value for frame in at.dataframe if "message" in frame.value.columns)
    assert "QCEW of Ohio (39)" in report["message"].iloc[0]
    loaded_on_purpose(at, db, before, "qcew_annual")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from qcew_annual where area_fips = '39049'").fetchone() == (1,)


def test_another_states_registry_counties_are_refused_on_the_general_uploader(tiny_db, tmp_path, monkeypatch):
    """Colorado's region_counties.csv loaded into Pennsylvania's database with "All files are valid" and no word (a
    reviewer): refused, the checkbox offered beside it, and loaded on purpose with it ticked."""
    db = tmp_path / "own.duckdb"
    shutil.copyfile(tiny_db, db)
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    members = b"region_id,county_fips\nSC,08001\nSC,08005\n"
    at = upload(data_page(monkeypatch), {"region_counties.csv": members})
    at.selectbox(key=next(box.key for box in at.selectbox if box.key.startswith("mode-"))).set_value("append").run()
    at = press(at, "Check files")
    report = next(frame.value for frame in at.dataframe if "message" in frame.value.columns)
    assert "a county of Colorado (08) (the file names 2 of its counties)" in report["message"].iloc[0]
    assert report[["row", "value"]].astype(str).values.tolist() == [["2", "08001"], ["3", "08005"]]
    assert f'tick "{at.checkbox(key="uploads_other_states").label}"' in report["message"].iloc[0]
    assert not at.success
    loaded_on_purpose(press(at, "Load"), db, before, "region_counties")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from region_counties where county_fips like '08%'").fetchone() == (2,)


def test_a_template_load_that_settles_the_state_says_so_on_the_data_page(tmp_path, monkeypatch):
    """The general uploader's qcew_annual.csv into a database about no state recorded it without a word (the
    labor-market uploaders say it): the message after the load says so."""
    from test_state_rule import registry_without_counties, template_qcew

    db = tmp_path / "own.duckdb"
    registry_without_counties(db)
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    at = upload(data_page(monkeypatch), {"qcew_annual.csv": template_qcew("08031").to_csv(index=False).encode()})
    at.selectbox(key=next(box.key for box in at.selectbox if box.key.startswith("mode-"))).set_value("upsert").run()
    at = press(at, "Load")
    said = " ".join(success.value for success in at.success)
    assert "qcew_annual" in said and state_rule.settled_words("08") in said, said


def test_the_data_pages_checkboxes_are_named_apart(tiny_db, monkeypatch):
    """Two (now three) "Files of other states, on purpose" checkboxes read alike to a screen reader."""
    monkeypatch.setenv("SECTORSCOPE_DB", str(tiny_db))
    at = data_page(monkeypatch)
    labels = [box.label for box in at.checkbox]
    assert len(labels) == len(set(labels)), labels


@pytest.mark.parametrize(("setting", "needed"), [("", None), ("200", None), ("150", None), ("500", 500),
                                                 ("200.5", 201)])
def test_an_upload_limit_above_streamlits_says_how_to_raise_it(tiny_db, monkeypatch, setting, needed):
    """SECTORSCOPE_MAX_UPLOAD_MB=500 under a plain `streamlit run`: Streamlit still refused every file above its own
    200 MB (server.maxUploadSize), and nothing said why (a deployment reviewer)."""
    monkeypatch.setenv("SECTORSCOPE_DB", str(tiny_db))
    monkeypatch.setenv("SECTORSCOPE_MAX_UPLOAD_MB", setting)
    at = data_page(monkeypatch)
    said = [warning.value for warning in at.warning if "server.maxUploadSize" in warning.value]
    assert said == ([] if needed is None else [
        f"SECTORSCOPE_MAX_UPLOAD_MB allows files up to {float(setting):g} MB, but Streamlit takes 200 MB at most "
        "(server.maxUploadSize): a larger file is refused before Sectorscope sees it. Start the app with "
        f"`streamlit run app.py --server.maxUploadSize {needed}` (or STREAMLIT_SERVER_MAX_UPLOAD_SIZE={needed}); "
        "`python -m deploy.replicas` sets both from the one setting."])


def test_a_general_load_is_confirmed_beside_its_uploader_and_a_check_leaves_no_bar(tiny_db, tmp_path, monkeypatch):
    """After a load the confirmation was only under the title, ~1,100 px above the view; a finished check left a
    half-filled progress bar beside "All files are valid" (a reviewer)."""
    db = tmp_path / "own.duckdb"
    shutil.copyfile(tiny_db, db)
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    at = press(upload(data_page(monkeypatch), {"sectors.csv": tiny_csvs()["sectors.csv"]}), "Check files")
    assert any("All files are valid" in success.value for success in at.success)
    assert not at.get("progress")
    at = press(at, "Load")
    beside = [text for heading, text in headed(at) if heading == "Load your files"]
    assert len(beside) == 1 and beside[0].startswith("Loaded: sectors")
    assert [toast.value for toast in at.toast] == [beside[0].split(". ")[0]]


def test_the_report_says_what_is_wrong_first_and_wide(tiny_db, tmp_path, monkeypatch):
    """Its last column, "What is wrong", was cut at the right edge after a long file name (a reviewer)."""
    db = tmp_path / "own.duckdb"
    shutil.copyfile(tiny_db, db)
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    name = "a-rather-long-export-name-from-the-registry-system-2024-06-30-final-v2-sectors.csv"
    at = upload(data_page(monkeypatch), {name: b"sector_code,sector_name\nMFG,\n"})
    at.selectbox(key=next(box.key for box in at.selectbox if box.key.startswith("table-"))).set_value("sectors").run()
    at = press(at, "Check files")
    report = next(frame for frame in at.dataframe if "message" in frame.value.columns)
    assert list(report.proto.column_order)[:2] == ["message", "source"]
    assert '"large"' in report.proto.columns or "large" in str(report.proto)
