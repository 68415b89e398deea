"""The views staff land on, worked out by each load (``ingest.landing_views``, table ``kept_results``): the Worker
outcomes page as it first opens reads the kept results and runs neither of its two queries, shows what running them
shows, and a later load keeps the new results."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest
from page_support import metrics_of, open_page
from tiny_workers import wioa_db, wioa_tables, worker_db, worker_tables  # noqa: F401  (fixtures)

from sectorscope import db
from sectorscope.ingest import landing_views
from sectorscope.ingest import load as ingest

KEPT = {"worker_group_outcomes", "wioa_counts_in_view"}


def views(path) -> list[tuple[str, dict]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return landing_views.landing_views(con)


def queries_run(monkeypatch) -> list[str]:
    """The names of the queries the reader runs from here on (kept results are read, not run)."""
    names = {db.query_sql(name): name for name in (*KEPT, "wage_record_coverage")}
    ran: list[str] = []
    real = db._run_sql

    def spied(con, sql, params):
        ran.append(names.get(sql, "other"))
        return real(con, sql, params)

    monkeypatch.setattr(db, "_run_sql", spied)
    return ran


@pytest.fixture
def wioa_copy(wioa_db, tmp_path):  # noqa: F811
    path = tmp_path / "copy.duckdb"
    shutil.copy(wioa_db, path)
    return path


def test_the_worker_pages_first_view_is_kept_and_equals_the_query(wioa_db):  # noqa: F811
    kept = views(wioa_db)
    assert {name for name, _ in kept} == KEPT
    with db.connect_read_only(wioa_db) as con:
        for name, params in kept:
            pd.testing.assert_frame_equal(con.kept_result(name, params), db._run_sql(con, db.query_sql(name), params))
            assert con.kept_result(name, {**params, "sector_codes": ["HLTH"]}) is None  # another view: not kept


def test_the_worker_page_as_it_opens_reads_the_kept_results(wioa_db, wioa_copy, tmp_path, monkeypatch):  # noqa: F811
    kept = tmp_path / "kept.duckdb"  # a copy of its own: Streamlit's caches in this process know the shared file
    shutil.copy(wioa_db, kept)
    with duckdb.connect(str(wioa_copy)) as con:
        con.execute("delete from kept_results")
    ran = queries_run(monkeypatch)
    computed = metrics_of(open_page("pages/3_Worker_outcomes.py", wioa_copy, monkeypatch))
    assert set(ran) >= KEPT  # without kept results the page runs both
    ran.clear()
    at = open_page("pages/3_Worker_outcomes.py", kept, monkeypatch)
    assert "wage_record_coverage" in ran and not KEPT & set(ran)
    assert metrics_of(at) == computed and computed["Median hourly wage gain"].startswith("+$")
    ran.clear()
    open_page("pages/3_Worker_outcomes.py", kept, monkeypatch, sector="HLTH")
    assert "worker_group_outcomes" in ran  # any other view is worked out as before


def test_a_load_keeps_the_new_results(worker_db, tmp_path):  # noqa: F811
    path = tmp_path / "copy.duckdb"
    shutil.copy(worker_db, path)
    later = pd.DataFrame([{"participant_id": "W4", "year": "2020", "quarter": "1", "employer_id": "E2",
                           "earnings_usd": "9300", "hours": ""}])  # W4's Q4 comes into the data
    ingest.load_batch(path, [ingest.TableInput("wage_records", later, "2020q1.csv", mode="append")])
    with db.connect_read_only(path) as con:
        for name, params in views(path):
            pd.testing.assert_frame_equal(con.kept_result(name, params),
                                          db._run_sql(con, db.query_sql(name), params))
        everyone = con.kept_result(*views(path)[0]).set_index("grouping").loc["everyone"]
    assert everyone.q4_not_yet == 1  # W5 only, as worked out after this load


def test_parameters_without_a_json_form_are_never_kept():
    import datetime as dt

    assert db.parameters_text({"b": [1], "a": True}) == '{"a": true, "b": [1]}'
    assert db.parameters_text({"on": dt.date(2020, 1, 1)}) is None
    assert db.parameters_text({"x": float("nan")}) is None


def test_a_load_lands_without_kept_results_when_a_page_s_memory_is_not_enough(worker_db, tmp_path, monkeypatch):  # noqa: F811
    """Keeping them runs after the load's own transaction, with a page's memory: when DuckDB runs out, the load still
    lands (its data, no result kept for the data before it) and says so; the pages then work the views out."""
    path = tmp_path / "copy.duckdb"
    shutil.copy(worker_db, path)
    monkeypatch.setattr(ingest.config, "duckdb_megabytes", lambda: 1)  # far below what the group query needs
    later = pd.DataFrame([{"participant_id": "W4", "year": "2020", "quarter": "1", "employer_id": "E2",
                           "earnings_usd": "9300", "hours": ""}])
    said: list[str] = []
    ingest.load_batch(path, [ingest.TableInput("wage_records", later, "2020q1.csv", mode="append")],
                      progress=lambda fraction, message: said.append(message))
    assert any("were not kept (not enough memory)" in message for message in said)
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("select count(*) from kept_results").fetchone() == (0,)
        assert con.execute("select count(*) from wage_records where year = 2020").fetchone() == (1,)
    monkeypatch.undo()
    assert "Median hourly wage gain" in metrics_of(open_page("pages/3_Worker_outcomes.py", path, monkeypatch))
