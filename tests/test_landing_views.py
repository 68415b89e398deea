"""The views staff land on, worked out by each load (``ingest.landing_views``, table ``kept_results``): the Worker
outcomes page as it first opens reads the kept results and runs neither of its two queries, shows what running them
shows, and a later load keeps the new results."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest
from page_support import metrics_of, open_page, open_tab, tab_labels
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


@pytest.mark.parametrize("version", ["11", "12", "15"])
def test_the_kept_results_of_an_older_file_that_names_them_are_served(wioa_copy, version):
    """Files of data models 9 to 12 and 15 keep their results with each query's digest and load: still served (a 12
    read as an older file, with its counties' names and QCEW rows as views, kept them too; a 15 differs from a 16
    only in how a load fills the WIOA tables, so its results are the queries' on its rows)."""
    with duckdb.connect(str(wioa_copy)) as con:
        con.execute("update schema_meta set value = $v where key = 'schema_version'", {"v": version})
    kept = views(wioa_copy)
    with db.connect_read_only(wioa_copy) as con:
        assert all(con.kept_result(name, params) is not None for name, params in kept)


@pytest.mark.parametrize("version", [13, 14, 15])
def test_an_older_files_own_kept_results_are_served_and_are_the_queries_on_its_rows(wioa_copy, version):
    """A 13, 14 or 15 read as it is shows its own rows (each with the rules its data model stored by, which its
    notice names); the results its load kept are the same queries on those rows, so they are served (a 13's and a
    14's were left out, and their first visitor waited for the queries): each equal to the query run by the reader."""
    from older_versions import make_version_13, make_version_14, make_version_15

    {13: make_version_13, 14: make_version_14, 15: make_version_15}[version](wioa_copy)
    with duckdb.connect(str(wioa_copy)) as con:  # what that data model's load kept, from its own rows
        assert landing_views.keep_landing_views(con, None)
    kept = views(wioa_copy)
    with db.connect_read_only(wioa_copy) as con:
        for name, params in kept:
            pd.testing.assert_frame_equal(con.kept_result(name, params), db._run_sql(con, db.query_sql(name), params))


def test_the_worker_page_as_it_opens_reads_the_kept_results(wioa_db, wioa_copy, tmp_path, monkeypatch):  # noqa: F811
    kept = tmp_path / "kept.duckdb"  # a copy of its own: Streamlit's caches in this process know the shared file
    shutil.copy(wioa_db, kept)
    with duckdb.connect(str(wioa_copy)) as con:
        con.execute("delete from kept_results")
    ran = queries_run(monkeypatch)
    computed = metrics_of(open_page("pages/3_Worker_outcomes.py", wioa_copy, monkeypatch, tab="WIOA indicators"))
    assert set(ran) >= KEPT  # without kept results the page runs both
    ran.clear()
    at = open_page("pages/3_Worker_outcomes.py", kept, monkeypatch)
    for tab in tab_labels(at):  # on every tab: each asks for its own groupings, each kept
        open_tab(at, "pages/3_Worker_outcomes.py", tab)
        assert not KEPT & set(ran), (tab, ran)
    assert "wage_record_coverage" in ran
    assert metrics_of(at) == computed and computed["Mean hourly wage gain"].startswith("+$")
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
    assert "Mean hourly wage gain" in metrics_of(open_page("pages/3_Worker_outcomes.py", path, monkeypatch))


def test_a_result_kept_for_another_text_of_the_query_is_not_served(wioa_copy):
    """A later (or older) Sectorscope whose query differs reads the same file: it runs its own query."""
    (name, params), other = views(wioa_copy)[0], views(wioa_copy)[-1]
    assert other[0] != name
    with duckdb.connect(str(wioa_copy)) as con:
        con.execute("update kept_results set query_digest = 'another text' where query_name = $name", {"name": name})
    with db.connect_read_only(wioa_copy) as con:
        assert con.kept_result(name, params) is None
        assert con.kept_result(*other) is not None  # the other query's text is ours


def test_results_kept_before_a_later_load_are_not_served(wioa_copy):
    """A writer that keeps none (an older Sectorscope) loads after the results were kept: they describe the data
    before that load, so no reader serves them."""
    kept = views(wioa_copy)
    with duckdb.connect(str(wioa_copy)) as con:
        con.execute("insert into datasets select load_id + 1, table_name, source_name, source, sha256, row_count, "
                    "load_mode, loaded_at, is_demo from datasets where load_id = (select max(load_id) from datasets)")
    with db.connect_read_only(wioa_copy) as con:
        assert all(con.kept_result(name, params) is None for name, params in kept)


def test_keeping_replaces_what_was_kept_and_running_out_of_memory_leaves_them_as_they_were(wioa_copy,
                                                                                             monkeypatch):
    with duckdb.connect(str(wioa_copy)) as con:
        before = con.execute("select query_name, parameters from kept_results order by all").fetchall()
        assert landing_views.keep_landing_views(con, None)  # again, over the results kept: no duplicate key
        assert con.execute("select query_name, parameters from kept_results order by all").fetchall() == before

        def runs_out(con):
            raise duckdb.TransactionException(
                "TransactionContext Error: Failed to commit: failed to pin block of size 256.0 KiB")

        monkeypatch.setattr(landing_views, "landing_views", runs_out)
        assert landing_views.keep_landing_views(con, None) is False
        assert con.execute("select count(*) from kept_results").fetchone() == (len(before),)  # rolled back

        def fails(con):
            raise duckdb.ConversionException("not about memory")

        monkeypatch.setattr(landing_views, "landing_views", fails)
        with pytest.raises(duckdb.ConversionException):
            landing_views.keep_landing_views(con, None)


def test_a_writer_leaving_the_wioa_filter_columns_empty_is_refused(wioa_copy):
    """An older Sectorscope writes the WIOA tables by name without the columns a selection filters by: refused,
    rather than every WIOA count of every view becoming 0."""
    with duckdb.connect(str(wioa_copy)) as con:
        for table, filters in (("wioa_outcomes", "partnership_id, county_fips, exit_year"),
                               ("wioa_skill_gains", "partnership_id, county_fips")):
            con.execute("begin transaction")
            con.execute(f"create temp table older as select * exclude ({filters}) from {table}")
            con.execute(f"delete from {table}")
            with pytest.raises(duckdb.ConstraintException, match="NOT NULL"):
                con.execute(f"insert into {table} by name select * from older")
            con.execute("rollback")


def test_a_result_kept_for_a_query_this_version_lacks_is_left_alone(wioa_copy):
    """A newer Sectorscope kept a result of a query this one does not have: the file still opens, that result is
    not served, the others are."""
    with duckdb.connect(str(wioa_copy)) as con:
        con.execute("insert into kept_results select 'a_query_of_a_newer_sectorscope', parameters, query_digest, "
                    "load_id, result from kept_results limit 1")
    with db.connect_read_only(wioa_copy) as con:
        assert all(con.kept_result(name, params) is not None for name, params in views(wioa_copy))
        assert con.kept_result("a_query_of_a_newer_sectorscope", views(wioa_copy)[0][1]) is None
