"""``exiter_wages``: each exiter's wage records around the exit, built by every load that writes participants or
wage records (in its transaction), so the Worker and WIOA queries read one row per exiter instead of the wage records.
Values are worked out by hand from the tiny state (tests/tiny_workers.py)."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest
from tiny_workers import worker_db, worker_tables  # noqa: F401  (fixture)

from sectorscope.ingest import load as ingest


def rows(path) -> pd.DataFrame:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select * from exiter_wages order by participant_id").df().set_index("participant_id")
    finally:
        con.close()


def test_each_exiter_with_wage_records_has_its_quarters_around_the_exit(worker_db):  # noqa: F811
    table = rows(worker_db)
    # W6 has no wage record, W8 has not exited: no row (the pages read them as 0 records)
    assert list(table.index) == ["W1", "W2", "W3", "W4", "W5", "W7"]
    w1 = table.loc["W1"]  # enrolled 2017Q1: the four quarters of 2016 before, $3,000 each; Q2 2017Q4, Q4 2018Q2
    assert (w1.pre_quarters_recorded, w1.pre_earnings_total) == (4, 12_000)
    assert (w1.q2_earnings, w1.q2_employer_id, list(w1.q2_employer_ids)) == (6_000, "E1", ["E1"])
    assert (w1.q4_earnings, w1.q4_employer_id) == (6_500, "E1")
    w2 = table.loc["W2"]  # one quarter of $4,000 before; a new employer by Q4
    assert (w2.pre_quarters_recorded, w2.pre_earnings_total, w2.q2_employer_id, w2.q4_employer_id) == (
        1, 4_000, "E9", "E1")
    w4 = table.loc["W4"]  # Q4 (2020Q1) is after the data: no record, not $0
    assert w4.q2_earnings == 9_000 and pd.isna(w4.q4_earnings)
    assert table.loc["W3"].wage_records == 10 and table.loc["W3"].q2_earnings == 0


def test_a_later_load_of_wage_records_refreshes_it(worker_db, tmp_path):  # noqa: F811
    path = tmp_path / "copy.duckdb"
    shutil.copy(worker_db, path)
    extra = pd.DataFrame([{"participant_id": "W6", "year": "2016", "quarter": "3", "employer_id": "E5",
                           "earnings_usd": "2500", "hours": ""}])  # W6 exited 2016Q1: 2016Q3 is its Q2
    ingest.load_batch(path, [ingest.TableInput("wage_records", extra, "more_wages.csv", mode="upsert")])
    w6 = rows(path).loc["W6"]
    assert (w6.wage_records, w6.q2_earnings, w6.q2_employer_id) == (1, 2_500, "E5")


def test_a_load_of_other_tables_leaves_it_as_it_is(worker_db, tmp_path):  # noqa: F811
    path = tmp_path / "copy.duckdb"
    shutil.copy(worker_db, path)
    before = rows(path)
    con = duckdb.connect(str(path))
    con.execute("delete from exiter_wages where participant_id = 'W1'")  # a marker: only a refresh restores it
    con.close()
    regions = duckdb.connect(str(path), read_only=True).execute("select * from regions").df().astype(str)
    ingest.load_batch(path, [ingest.TableInput("regions", regions, "regions.csv", mode="upsert")])
    assert "W1" not in rows(path).index
    assert len(before) == len(rows(path)) + 1


@pytest.mark.parametrize("query", ["worker_outcomes", "exiter_outcomes_rows"])
def test_worker_queries_read_the_summary_not_the_wage_records_per_person(query):
    from sectorscope import db

    text = db.query_sql(query)
    assert "exiters_with_wages(" in text
    from sectorscope.schema import SCHEMA_FILE

    macro = SCHEMA_FILE.read_text().split("create macro exiters_with_wages(")[1].split(";")[0]
    assert "exiter_wages" in macro and "wage_records as" not in macro and "from wage_records" not in macro


def test_the_worker_group_query_reads_each_exiters_outcomes_kept_at_load():
    from sectorscope import db

    text = db.query_sql("worker_group_outcomes")
    assert "from exiter_outcomes" in text and "exiters_with_wages(" not in text and "wage_records" not in text


def test_a_load_tells_each_step_after_writing(worker_db, tmp_path):  # noqa: F811
    """The person waiting on a load hears the summary and the release's steps (its protection can take a minute
    while the load holds the lock); a load of wage records alone says the release stays as it was."""
    path = tmp_path / "copy.duckdb"
    shutil.copy(worker_db, path)
    extra = pd.DataFrame([{"participant_id": "W6", "year": "2016", "quarter": "3", "employer_id": "E5",
                           "earnings_usd": "2500", "hours": ""}])
    people = worker_tables()["participants"]
    for inputs, release_step in (
            ([ingest.TableInput("wage_records", extra, "more_wages.csv", mode="upsert")], "The public release is "
             "unchanged"),
            ([ingest.TableInput("participants", people[people["participant_id"] == "W6"], "W6.csv", mode="upsert")],
             "Public release: hiding")):
        heard: list[tuple[float, str]] = []
        ingest.load_batch(path, inputs, progress=lambda *step, heard=heard: heard.append(step))
        messages = [message for _, message in heard]
        summary = messages.index("Summing up each exiter's wage records around the exit")
        release = next(i for i, message in enumerate(messages) if message.startswith(release_step))
        assert summary < release < messages.index("Loaded")
        assert [fraction for fraction, _ in heard] == sorted(fraction for fraction, _ in heard)  # never back
