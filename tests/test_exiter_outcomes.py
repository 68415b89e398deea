"""``exiter_outcomes`` (data model 8): each exiter's part in the Worker outcomes page's figures, built by every load
that writes participants or wage records, so a rerun of the page groups rows instead of working every person out
again. Values are worked out by hand from the tiny state (tests/tiny_workers.py). A file of data model 7 (or 6) is
read as it is, the reader defining what 8 added, and is upgraded by its next load."""

from __future__ import annotations

import contextlib
import hashlib
import shutil

import duckdb
import pandas as pd
import pytest
from older_versions import VERSION_7_PARTICIPANTS_IN_VIEW, make_version_7, make_version_8, make_version_13
from page_support import metrics_of, open_page
from test_wioa_tables import assert_same_tables
from tiny_workers import worker_db, worker_tables  # noqa: F401  (fixture)

from sectorscope import db, schema
from sectorscope.ingest import load as ingest
from sectorscope.ingest.landing_views import landing_views
from sectorscope.ingest.validation import ValidationError
from sectorscope.metrics import wioa, workers
from sectorscope.present import worker_headlines
from sectorscope.present.availability import Absence

EVERYONE = {"sector_codes": [], "county_fips": [], "partnership_ids": [], "year_from": 2000, "year_to": 2030,
            "by_partnership_county": False, "public_only": False, "confidence": workers.CONFIDENCE}


def rows(path) -> pd.DataFrame:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select * from exiter_outcomes order by participant_id").df().set_index("participant_id")


def group_figures(path, **chosen) -> pd.DataFrame:
    with db.connect_read_only(path) as con:
        return db.run_query(con, "worker_group_outcomes", **{**EVERYONE, "groupings": list(workers.ALL_GROUPINGS),
                                                             **chosen})


def wioa_counts(path, **chosen) -> pd.DataFrame:
    params = {key: value for key, value in EVERYONE.items() if key != "confidence"}
    with db.connect_read_only(path) as con:
        return db.run_query(con, "wioa_counts_in_view", **{**params, **chosen}, py_from=2015, py_to=2020)


def wioa_rows(path) -> dict[str, list]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {table: con.execute(f"select * from {table} order by all").fetchall()
                for table in ("wioa_outcomes", "wioa_skill_gains")}


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def worker_copy(worker_db, tmp_path):  # noqa: F811
    path = tmp_path / "copy.duckdb"
    shutil.copy(worker_db, path)
    return path


def test_each_exiter_has_its_part_in_the_page_figures(worker_db):  # noqa: F811
    table = rows(worker_db)
    assert list(table.index) == ["W1", "W2", "W3", "W4", "W5", "W6", "W7"]  # W8 has not exited
    w1 = table.loc["W1"]  # $12 -> $15; $3,000 a quarter before, $6,000 in Q2 and $6,500 in Q4 at E1
    assert (w1.wage_gain, w1.wage_gain_pct, w1.pre_earnings, w1.earnings_q2, w1.earnings_change) == (
        3.0, 0.25, 3_000, 6_000, 3_000)
    assert (w1.q2_status, w1.q4_status, w1.pre_status, w1.employed_q4, w1.retained_q4) == (
        "observed", "observed", "observed", True, True)
    w2 = table.loc["W2"]  # one quarter of $4,000 before counts the other three as $0; a new employer by Q4
    assert (w2.pre_earnings, w2.retained_q4) == (1_000, False)
    w4 = table.loc["W4"]  # Q4 (2020Q1) is after the data: not yet known, not "not employed"
    assert w4.q4_status == "not yet in the data" and pd.isna(w4.employed_q4) and pd.isna(w4.retained_q4)
    w6 = table.loc["W6"]  # no wage record at all, and no wage before: no gain
    assert (w6.q2_status, w6.q4_status, w6.pre_status) == ("no wage records",) * 3
    assert pd.isna(w6.employed_q2) and pd.isna(w6.wage_gain)
    w7 = table.loc["W7"]  # Q2 earnings without an employer account: retention unknown; before the data starts
    assert pd.isna(w7.retained_q4) and w7.pre_status == "before the data starts" and pd.isna(w7.earnings_change)
    assert table.loc["W3"].employed_q2 == False  # noqa: E712  (ten quarters of $0: observed, not employed)
    assert (table.loc["W1", "poverty_known"], table.loc["W7", "poverty_known"]) == (True, False)


def late_wages_tables() -> dict[str, pd.DataFrame]:
    """The tiny workers' state with its wage records from 2017 Q1 on only (a state loading its recent UI quarters)
    and two earlier exiters who have wage records later: W9 left in 2016 Q1 (its 2nd quarter after exit, 2016 Q3,
    is before the data; its 4th, 2017 Q1, is in it, $5,000 at E1) and W10 in 2015 Q2 (both before the data; $3,000
    in 2018 Q1)."""
    tables = worker_tables()
    wages = tables["wage_records"]
    later = pd.DataFrame([
        {"participant_id": "W9", "year": "2017", "quarter": "1", "employer_id": "E1", "earnings_usd": "5000",
         "hours": ""},
        {"participant_id": "W10", "year": "2018", "quarter": "1", "employer_id": "E1", "earnings_usd": "3000",
         "hours": ""},
    ])
    tables["wage_records"] = pd.concat([wages[wages["year"].astype(int) >= 2017], later], ignore_index=True)
    people = tables["participants"]
    early = people[people["participant_id"] == "W1"].iloc[[0, 0]].assign(
        participant_id=["W9", "W10"], enrolled_on=["2015-09-01", "2015-02-01"], exited_on=["2016-02-15", "2015-05-01"])
    tables["participants"] = pd.concat([people, early], ignore_index=True)
    return tables


@pytest.fixture(scope="module")
def late_wages_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("late_wages") / "late-wages.duckdb"
    inputs = [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in late_wages_tables().items()]
    ingest.load_batch(path, inputs, state_fips="42")
    return path


def test_a_quarter_after_exit_before_the_wage_records_start_is_not_a_quarter_without_pay(late_wages_db):
    """A quarter before the first loaded one is unknown: left out and counted as before the data starts, as the
    quarters before entry are (it read "observed, $0": 46% employed where 75% were, a reviewer's finding)."""
    table = rows(late_wages_db)
    w9, w10 = table.loc["W9"], table.loc["W10"]
    assert (w9.q2_status, w9.q4_status, w9.employed_q4) == ("before the data starts", "observed", True)
    assert pd.isna(w9.employed_q2) and pd.isna(w9.earnings_change)
    assert (w10.q2_status, w10.q4_status) == ("before the data starts",) * 2
    assert pd.isna(w10.employed_q2) and pd.isna(w10.employed_q4)
    everyone = group_figures(late_wages_db).set_index("grouping").loc["everyone"]
    # Q2: W1, W2, W4, W7 employed of W1-W4 and W7; W5 not yet, W6 without records, W9 and W10 before the data
    assert (everyone.employed_q2_n, everyone.employed_q2_rate, everyone.q2_before_data) == (5, 0.8, 2)
    # Q4: W1, W2, W7, W9 of W1-W3, W7 and W9; W4 and W5 not yet, W10 before the data
    assert (everyone.employed_q4_n, everyone.employed_q4_rate, everyone.q4_before_data) == (5, 0.8, 1)
    # the change: W3 and W4 only; W1, W2, W7 (quarters before entry) and W9, W10 start before the data
    assert (everyone.earnings_change_n, everyone.earnings_change_early) == (2, 5)


def test_the_cards_name_the_people_whose_quarter_is_before_the_data(late_wages_db):
    everyone = group_figures(late_wages_db).set_index("grouping").loc["everyone"]
    cards = {card.label: card for card in worker_headlines.employment_headlines(
        workers.figures_of_row(everyone), None, None)}
    q2, q4 = cards["Employed 2nd quarter after exit"], cards["Employed 4th quarter after exit"]
    assert (q2.value, q4.value) == ("80%", "80%")
    assert "left out: 2 before the data starts, 1 not yet in the data, 1 without wage records" in q2.basis
    assert "left out: 1 before the data starts, 2 not yet in the data, 1 without wage records" in q4.basis
    assert "5 before the data starts" in cards["Median quarterly earnings change"].basis


def test_rows_are_kept_in_the_order_of_the_wage_gain(worker_db):  # noqa: F811
    with duckdb.connect(str(worker_db), read_only=True) as con:
        stored = [gain for (gain,) in con.execute("select wage_gain from exiter_outcomes").fetchall()]
    gains = [gain for gain in stored if gain is not None]
    assert gains == sorted(gains) and stored[len(gains):] == [None] * (len(stored) - len(gains))


def test_a_later_load_of_wage_records_refreshes_it(worker_copy):
    extra = pd.DataFrame([{"participant_id": "W6", "year": "2016", "quarter": "3", "employer_id": "E5",
                           "earnings_usd": "2500", "hours": ""}])  # W6 exited 2016Q1: 2016Q3 is its Q2
    ingest.load_batch(worker_copy, [ingest.TableInput("wage_records", extra, "more_wages.csv", mode="upsert")])
    w6 = rows(worker_copy).loc["W6"]
    assert (w6.q2_status, w6.employed_q2, w6.earnings_q2) == ("observed", True, 2_500)


def test_a_later_quarter_of_wage_records_makes_a_not_yet_quarter_observed(worker_copy):
    later = pd.DataFrame([{"participant_id": "W4", "year": "2020", "quarter": "1", "employer_id": "E2",
                           "earnings_usd": "9300", "hours": ""}])  # W4's Q4 comes into the data
    ingest.load_batch(worker_copy, [ingest.TableInput("wage_records", later, "2020q1.csv", mode="append")])
    w4 = rows(worker_copy).loc["W4"]
    assert (w4.q4_status, w4.employed_q4, w4.retained_q4) == ("observed", True, True)
    assert group_figures(worker_copy).set_index("grouping").loc["everyone", "q4_not_yet"] == 1  # W5 only now


def test_the_group_query_reads_the_table(worker_copy):
    """A marker only the table holds reaches the page's figures (the query does not compute people again)."""
    with duckdb.connect(str(worker_copy)) as con:
        con.execute("update exiter_outcomes set wage_gain = 100 where participant_id = 'W1'")
    everyone = group_figures(worker_copy).set_index("grouping").loc["everyone"]
    assert everyone.gain_p90 > 50


@pytest.mark.parametrize("chosen", [
    {}, {"sector_codes": ["HLTH"]}, {"county_fips": ["42071"]}, {"partnership_ids": ["P2"]},
    {"county_fips": ["42133"], "by_partnership_county": True}, {"public_only": True}, {"year_from": 2018},
])
def test_a_version_7_file_is_read_as_it_is_with_the_same_figures(worker_db, worker_copy, chosen):  # noqa: F811
    make_version_7(worker_copy)
    before = sha256(worker_copy)
    pd.testing.assert_frame_equal(group_figures(worker_copy, **chosen), group_figures(worker_db, **chosen))
    current = wioa_counts(worker_db, **chosen)
    assert current["people"].sum() > 0
    pd.testing.assert_frame_equal(wioa_counts(worker_copy, **chosen), current)
    assert sha256(worker_copy) == before


def test_a_version_7_file_shows_the_same_worker_page(worker_db, worker_copy, tmp_path, monkeypatch):  # noqa: F811
    make_version_7(worker_copy)
    current = tmp_path / "current.duckdb"  # a copy of its own: Streamlit's caches in this process know the shared file
    shutil.copy(worker_db, current)
    cards = {}
    for version, path in (("7", worker_copy), ("current", current)):
        at = open_page("pages/3_Worker_outcomes.py", path, monkeypatch)
        assert not at.error, version
        cards[version] = metrics_of(at)
    assert cards["7"] == cards["current"] and cards["7"]["Mean hourly wage gain"].startswith("+$")


def test_the_next_load_upgrades_a_version_7_file(worker_db, worker_copy):  # noqa: F811
    make_version_7(worker_copy)
    said = []
    regions = duckdb.connect(str(worker_copy), read_only=True).execute("select * from regions").df().astype(str)
    ingest.load_batch(worker_copy, [ingest.TableInput("regions", regions, "regions.csv", mode="upsert")],
                      progress=lambda fraction, message: said.append(message))
    assert any("current data model" in message for message in said)
    pd.testing.assert_frame_equal(rows(worker_copy), rows(worker_db))
    assert wioa_rows(worker_copy) == wioa_rows(worker_db) and wioa_rows(worker_db)["wioa_outcomes"]
    with duckdb.connect(str(worker_copy), read_only=True) as con, duckdb.connect(str(worker_db), read_only=True) as now:
        assert schema.schema_version(con) == schema.SCHEMA_VERSION == 16
        macros = ("select function_name, macro_definition from duckdb_functions() where function_name like 'particip%' "
                  "or function_name in ('partnerships_in_view', 'exiters_in_view', 'partnership_served_counties')")
        assert con.execute(macros + " order by 1").fetchall() == now.execute(macros + " order by 1").fetchall()
    assert "participant_in_view" not in VERSION_7_PARTICIPANTS_IN_VIEW  # the fixture really was the older macro


def test_a_rejected_load_leaves_a_version_7_file_as_it_was(worker_copy):
    make_version_7(worker_copy)
    before = sha256(worker_copy)
    broken = pd.DataFrame([{"region_id": "", "name": "Nowhere"}])
    with pytest.raises(ValidationError):
        ingest.load_batch(worker_copy, [ingest.TableInput("regions", broken, "regions.csv", mode="upsert")])
    assert sha256(worker_copy) == before


def test_the_upgrade_command_brings_a_version_7_file_to_9_without_a_load(worker_db, worker_copy, capsys):  # noqa: F811
    from sectorscope import cli

    make_version_7(worker_copy)
    assert cli.main(["upgrade", "--db", str(worker_copy)]) == 0
    assert "data model 7 -> 16" in capsys.readouterr().out
    pd.testing.assert_frame_equal(rows(worker_copy), rows(worker_db))
    assert wioa_rows(worker_copy) == wioa_rows(worker_db)
    with duckdb.connect(str(worker_copy), read_only=True) as con, duckdb.connect(str(worker_db), read_only=True) as now:
        kept = "select query_name, parameters from kept_results order by all"
        assert con.execute(kept).fetchall() == now.execute(kept).fetchall() != []
    before = sha256(worker_copy)
    assert cli.main(["upgrade", "--db", str(worker_copy)]) == 0  # again: nothing to do, the file not even copied
    assert "already at data model 16" in capsys.readouterr().out and sha256(worker_copy) == before


def test_the_upgrade_command_leaves_a_file_it_cannot_read_as_it_is(worker_copy, capsys):
    from sectorscope import cli

    with duckdb.connect(str(worker_copy)) as con:
        con.execute("update schema_meta set value = '5' where key = 'schema_version'")
    before = sha256(worker_copy)
    assert cli.main(["upgrade", "--db", str(worker_copy)]) == 2
    assert "load your files again" in capsys.readouterr().out and sha256(worker_copy) == before


def test_the_data_page_offers_to_bring_a_version_7_file_up_to_date(worker_db, worker_copy, monkeypatch):  # noqa: F811
    make_version_7(worker_copy)
    at = open_page("pages/6_Data.py", worker_copy, monkeypatch)
    assert any("made by an older Sectorscope" in info.value and "data model 7" in info.value for info in at.info)
    at.button(key="upgrade_database").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("The database is at data model 16 (it was 7)" in s.value for s in at.success)
    assert not any("made by an older Sectorscope" in info.value for info in at.info)
    pd.testing.assert_frame_equal(rows(worker_copy), rows(worker_db))


def test_the_data_page_says_nothing_of_the_data_model_when_it_is_current(worker_copy, monkeypatch):
    at = open_page("pages/6_Data.py", worker_copy, monkeypatch)
    assert not any("older Sectorscope" in info.value for info in at.info)
    assert not [button for button in at.button if button.key == "upgrade_database"]


def test_an_upgrade_that_finds_the_file_brought_up_to_date_meanwhile_leaves_it(worker_copy, monkeypatch):
    """The version is read before taking the database's lock; a load or another upgrade may bring the file to 8
    while this one waits: under the lock it sees so and drops its copy, leaving the other's file as it is."""
    make_version_7(worker_copy)
    real = ingest.connect_read_only
    upgraded_meanwhile = []

    @contextlib.contextmanager
    def reader_then_another_upgrade(path):
        with real(path) as reader:
            yield reader
        if not upgraded_meanwhile:  # the other upgrade, between this one's look and its lock
            upgraded_meanwhile.append("started")
            upgraded_meanwhile[0] = ingest.upgrade_database(path)

    monkeypatch.setattr(ingest, "connect_read_only", reader_then_another_upgrade)
    said = []
    assert ingest.upgrade_database(worker_copy, progress=lambda f, message: said.append(message)) == (16, 16)
    assert upgraded_meanwhile == [(7, 16)] and "already brought to data model 16" in said[-1]
    with duckdb.connect(str(worker_copy), read_only=True) as con:
        assert schema.schema_version(con) == 16
        assert {name for (name,) in con.execute("select query_name from kept_results").fetchall()} == {
            "worker_group_outcomes", "wioa_counts_in_view"}


def kept_rows(path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select query_name, parameters, query_digest, result from kept_results order by all"
                           ).fetchall()


def test_a_version_8_file_is_read_as_it_is_without_its_kept_results(worker_db, worker_copy, tmp_path, monkeypatch):  # noqa: F811
    """An 8's kept results name neither their query's text nor their load: never served, the pages run the queries
    (with the same cards as a current file)."""
    make_version_8(worker_copy)
    with db.connect_read_only(worker_copy) as con:
        kept = landing_views(con.cursor())
        assert kept and all(con.kept_result(name, params) is None for name, params in kept)
    pd.testing.assert_frame_equal(group_figures(worker_copy, sector_codes=["HLTH"]),
                                  group_figures(worker_db, sector_codes=["HLTH"]))
    current = tmp_path / "current.duckdb"
    shutil.copy(worker_db, current)
    assert metrics_of(open_page("pages/3_Worker_outcomes.py", worker_copy, monkeypatch)) == metrics_of(
        open_page("pages/3_Worker_outcomes.py", current, monkeypatch))


def test_the_upgrade_brings_a_version_8_file_to_9(worker_db, worker_copy, capsys):  # noqa: F811
    from sectorscope import cli

    make_version_8(worker_copy)
    with duckdb.connect(str(worker_copy)) as con:  # an older Sectorscope wrote these rows without filter columns
        con.execute("update wioa_outcomes set partnership_id = null, county_fips = null, exit_year = null")
        con.execute("update wioa_skill_gains set partnership_id = null, county_fips = null")
    assert cli.main(["upgrade", "--db", str(worker_copy)]) == 0
    assert "data model 8 -> 16" in capsys.readouterr().out
    assert wioa_rows(worker_copy) == wioa_rows(worker_db)  # the filter columns taken from the participants again
    assert kept_rows(worker_copy) == kept_rows(worker_db) != []
    with duckdb.connect(str(worker_copy), read_only=True) as con:
        required = con.execute("select table_name, column_name from duckdb_columns() where not is_nullable and "
                               "column_name in ('partnership_id', 'exit_year') and table_name like 'wioa%' "
                               "order by all").fetchall()
    assert required == [("wioa_outcomes", "exit_year"), ("wioa_outcomes", "partnership_id"),
                        ("wioa_skill_gains", "partnership_id")]


@pytest.mark.parametrize("recorded", [str(schema.SCHEMA_VERSION + 1), None])
def test_a_load_into_a_file_of_a_data_model_it_does_not_know_is_refused(worker_copy, recorded):
    """A newer Sectorscope's file (or one recording no data model): writing into it could leave what that version
    keeps inconsistent, so nothing is written."""
    with duckdb.connect(str(worker_copy)) as con:
        if recorded is None:
            con.execute("delete from schema_meta where key = 'schema_version'")
        else:
            con.execute("update schema_meta set value = $v where key = 'schema_version'", {"v": recorded})
    before = sha256(worker_copy)
    regions = pd.DataFrame([{"region_id": "R9", "name": "Somewhere"}])
    with pytest.raises(ValidationError) as refused:
        ingest.load_batch(worker_copy, [ingest.TableInput("regions", regions, "regions.csv", mode="upsert")])
    message = refused.value.problems[0].message
    assert (f"data model {recorded}" if recorded else "not a Sectorscope database") in message
    assert "nothing was loaded" in message and sha256(worker_copy) == before


def test_an_upgrade_or_a_release_rebuild_leaves_a_file_of_a_newer_model_alone(worker_copy, monkeypatch):
    """A newer Sectorscope brought the file to a model this one does not know while the upgrade waited for the lock
    (or before a release rebuild): refused with a report, the file as it was."""
    make_version_7(worker_copy)
    real = ingest.connect_read_only

    @contextlib.contextmanager
    def reader_then_a_newer_writer(path):
        with real(path) as reader:
            yield reader
        with duckdb.connect(str(path)) as con:
            con.execute("update schema_meta set value = $v where key = 'schema_version'",
                        {"v": str(schema.SCHEMA_VERSION + 1)})

    monkeypatch.setattr(ingest, "connect_read_only", reader_then_a_newer_writer)
    with pytest.raises(ValidationError) as refused:
        ingest.upgrade_database(worker_copy)
    assert f"data model {schema.SCHEMA_VERSION + 1}" in refused.value.problems[0].message
    monkeypatch.undo()
    before = sha256(worker_copy)
    with pytest.raises(ValidationError) as refused:
        ingest.rebuild_release(worker_copy)
    assert f"data model {schema.SCHEMA_VERSION + 1}" in refused.value.problems[0].message
    assert sha256(worker_copy) == before


@pytest.mark.parametrize("filter_columns", ["absent", "empty"])
def test_a_version_8_file_without_usable_wioa_filter_columns_is_read_as_it_is(worker_db, worker_copy,  # noqa: F811
                                                                             filter_columns):
    """Data model 8 as an unreleased commit wrote it (the WIOA tables without each person's partnership, county and
    exit year) or as an older Sectorscope left it (those columns empty): the reader works them out from the
    participants (the same counts) and reads the file's own exiter outcomes; the upgrade mends the file."""
    make_version_8(worker_copy)
    with duckdb.connect(str(worker_copy)) as con:
        for table, columns in (("wioa_outcomes", ("partnership_id", "county_fips", "exit_year")),
                               ("wioa_skill_gains", ("partnership_id", "county_fips"))):
            for column in columns:
                con.execute(f"alter table {table} drop column {column}" if filter_columns == "absent"
                            else f"update {table} set {column} = null")
        assert not schema.has_filter_columns(con)
        con.execute("update exiter_outcomes set wage_gain = 100 where participant_id = 'W1'")  # only the file has it
    for chosen in ({}, {"sector_codes": ["HLTH"]}, {"county_fips": ["42071"]}):
        pd.testing.assert_frame_equal(wioa_counts(worker_copy, **chosen), wioa_counts(worker_db, **chosen))
    assert group_figures(worker_copy).set_index("grouping").loc["everyone"].gain_p90 > 50
    heard: list[tuple[float, str]] = []
    assert ingest.upgrade_database(worker_copy, progress=lambda share, message: heard.append((share, message))) == (
        8, schema.SCHEMA_VERSION)
    assert wioa_rows(worker_copy) == wioa_rows(worker_db)
    # the bar moves while the WIOA tables are made again (it stayed at 10% until the end), never backwards
    shares = [share for share, _ in heard]
    assert shares == sorted(shares) and shares[-1] == 1.0
    assert any(0.1 < share < 0.98 and message.startswith("WIOA skill gains") for share, message in heard), heard


def late_cards(path, **chosen) -> dict:
    everyone = group_figures(path, **chosen).set_index("grouping").loc["everyone"]
    return {card.label: card for card in worker_headlines.employment_headlines(
        workers.figures_of_row(everyone), None, None)}


def test_a_card_whose_quarter_no_one_has_yet_says_not_yet_in_the_data(late_wages_db):
    """2019's exiters: W4's 4th quarter and W5's quarters are after the data; W4 was employed in the 2nd. The cards
    read "None in selection · no exiters with wage records" beside people who had them (a reviewer's M1)."""
    cards = late_cards(late_wages_db, year_from=2019, year_to=2019)
    q4, same = cards["Employed 4th quarter after exit"], cards["Same employer, 2nd and 4th quarter"]
    assert (q4.value, q4.absence) == ("Not yet in the data", Absence.NOT_YET)
    assert q4.basis == ("no exiters with wage records whose 4th quarter after exit is in the data · left out: 2 not "
                        "yet in the data")
    assert (same.value, same.absence) == ("Not yet in the data", Absence.NOT_YET)
    assert same.basis == ("no one employed in the 2nd quarter whose 4th quarter after exit is in the data · left "
                          "out: 1 not yet in the data")
    assert cards["Employed 2nd quarter after exit"].value == "100%"


def test_a_card_whose_quarters_lie_before_the_wage_records_says_so(late_wages_db):
    """2015-2016's exiters: no one's quarters before entry are in the data (W7, W9, W10; W6 has no records). The
    change read "None in selection · no exiters in the wage records before entry and after exit in this selection"
    (a reviewer's M2)."""
    change = late_cards(late_wages_db, year_from=2015, year_to=2016)["Median quarterly earnings change"]
    assert (change.value, change.absence) == ("Before the data starts", Absence.BEFORE_DATA)
    assert change.basis == ("no exiters whose quarters before entry and after exit are in the data · left out: 3 "
                            "before the data starts, 1 without wage records")
    only_2015 = late_cards(late_wages_db, year_from=2015, year_to=2015)
    for label in ("Employed 2nd quarter after exit", "Median earnings, 2nd quarter after exit",
                  "Same employer, 2nd and 4th quarter"):
        assert (only_2015[label].value, only_2015[label].basis) == (
            "Before the data starts",
            "no exiters with wage records whose 2nd quarter after exit is in the data · left out: 1 before the data "
            "starts"), label


def test_a_card_on_no_one_in_view_still_reads_none_in_selection(late_wages_db):
    cards = late_cards(late_wages_db, year_from=2015, year_to=2016, county_fips=["42133"])  # York: no exiter then
    assert {card.absence for card in cards.values()} == {Absence.EMPTY}
    same = cards["Same employer, 2nd and 4th quarter"]
    assert same.basis == "no people employed in the 2nd quarter in this selection"


def test_the_upgrade_makes_a_version_13_files_exiter_outcomes_again(late_wages_db, tmp_path):
    """A 13 made its statuses with the quarters after exit checked against the end of the wage records only: a
    quarter before the first was "observed" with no pay. Brought to 14, the rows are what a load makes now."""
    import shutil

    from sectorscope import cli

    path = tmp_path / "version-13.duckdb"
    shutil.copyfile(late_wages_db, path)
    with duckdb.connect(str(path)) as con:  # as the old query left them
        con.execute("update exiter_outcomes set q2_status = 'observed', employed_q2 = false "
                    "where q2_status = 'before the data starts'")
        con.execute("update schema_meta set value = '13' where key = 'schema_version'")
    assert rows(path).loc["W9", "q2_status"] == "observed"
    assert cli.main(["upgrade", "--db", str(path)]) == 0
    pd.testing.assert_frame_equal(rows(path), rows(late_wages_db))
    assert rows(path).loc["W9", "q2_status"] == "before the data starts"


def wioa_report(path, years: list[int], missing_quarters: tuple[int, ...] = ()) -> pd.DataFrame:
    """The staff table "WIOA indicators by program year" of the whole state, as the Worker page builds it
    (``ui/wioa.py``: the counts of the stored rows, laid out by ``worker_headlines.wioa_report_table``), by PY."""
    with db.connect_read_only(path) as con:
        counts = db.run_query(con, "wioa_counts_in_view", **{key: value for key, value in EVERYONE.items()
                                                             if key != "confidence"},
                              py_from=min(years), py_to=max(years))
    long = wioa.wioa_indicators_of_counts(counts, years, by_partnership=False, has_gains=True,
                                          missing_quarters=missing_quarters)
    table = worker_headlines.wioa_report_table(long, long.iloc[0:0], {})
    return table.set_index(table["Program year"].str[3:7].astype(int))


def test_the_wioa_indicators_leave_out_the_exiters_whose_quarter_is_before_the_wage_records(late_wages_db):
    """The same finding in the WIOA table: a 2nd or 4th quarter after exit before the first wage-record quarter
    (2017 Q1) was "observed" with no pay, so PY 2016's Employment Rate (Q2) read 0% of 2 (W6, W9) and PY 2015's
    Q4 0% of 1 (W10). They are left out, and the Notes count them as the table's other reasons."""
    with duckdb.connect(str(late_wages_db), read_only=True) as con:
        stored = con.execute("select participant_id, q2_status, employed_q2, q4_status, employed_q4, retention_status "
                             "from wioa_outcomes where participant_id in ('W6', 'W9', 'W10') order by 1").fetchall()
    assert stored == [("W10", "before the data starts", None, "before the data starts", None, "before the data starts"),
                      # W6 has no wage record at all: not employed where the records reach (WIOA counts everyone)
                      ("W6", "before the data starts", None, "observed", False, "before the data starts"),
                      ("W9", "before the data starts", None, "observed", True, "before the data starts")]
    report = wioa_report(late_wages_db, [2015, 2016, 2017])
    q2, q4 = "Employment Rate (Q2)", "Employment Rate (Q4)"
    # PY 2016: Q2 cohort exits July 2015-June 2016 (W6, W9); Q4 cohort calendar 2015 (W10)
    assert (report.loc[2016, f"{q2} n"], report.loc[2016, f"{q4} n"]) == (0, 0)
    assert pd.isna(report.loc[2016, q2]) and pd.isna(report.loc[2016, q4])
    assert (f"{q2}, Median Earnings (Q2): 2 people left out, before the data starts; {q4}, Retention with the Same "
            "Employer (Q2 and Q4): 1 person left out, before the data starts") in report.loc[2016, "Notes"]
    # PY 2017: Q4 cohort calendar 2016 (W6, W7, W9): their 4th quarters are in the data, W7 and W9 employed
    assert (report.loc[2017, f"{q4} Num"], report.loc[2017, f"{q4} n"]) == (2, 3)
    assert "Retention with the Same Employer (Q2 and Q4): 2 people left out, before the data starts" in report.loc[
        2017, "Notes"]
    assert_same_tables(late_wages_db, [{}])  # the stored rows, the records and the counts agree


def test_the_upgrade_makes_a_version_13_files_wioa_rows_again(late_wages_db, tmp_path):
    """A 13's WIOA tables hold a status type without "before the data starts" and rows with those quarters
    "observed", not employed; a reader of a 13 reads them as they are. ``upgrade`` makes the type and the tables
    again, with the rows a load makes now."""
    from sectorscope import cli

    path = tmp_path / "version-13.duckdb"
    shutil.copyfile(late_wages_db, path)
    make_version_13(path)
    old = wioa_report(path, [2016])  # read as it is
    assert (old.loc[2016, "Employment Rate (Q2) n"], old.loc[2016, "Employment Rate (Q2)"]) == (2, 0.0)
    assert cli.main(["upgrade", "--db", str(path)]) == 0
    assert wioa_rows(path) == wioa_rows(late_wages_db)
    pd.testing.assert_frame_equal(wioa_report(path, [2015, 2016, 2017]), wioa_report(late_wages_db, [2015, 2016, 2017]))
    with duckdb.connect(str(path), read_only=True) as con:
        assert wioa.BEFORE_DATA in con.execute("select enum_range(null::wioa_status)").fetchone()[0]
        assert schema.schema_version(con) == 16


@pytest.mark.parametrize("version", [8, 13])
def test_the_upgrade_makes_exiter_outcomes_again_from_any_data_model_after_7(late_wages_db, tmp_path, version):
    """Its rows made as the old query made them (a quarter before the wage records start "observed"): an 8 kept
    them through the upgrade to 14 (a reviewer), only the 13 was tested."""
    import shutil

    from sectorscope import cli

    path = tmp_path / f"version-{version}.duckdb"
    shutil.copyfile(late_wages_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute("update exiter_outcomes set q2_status = 'observed', employed_q2 = false "
                    "where q2_status = 'before the data starts'")
        con.execute("update schema_meta set value = $v where key = 'schema_version'", {"v": str(version)})
    assert cli.main(["upgrade", "--db", str(path)]) == 0
    assert rows(path).loc["W9", "q2_status"] == "before the data starts"


def test_the_worker_page_says_an_older_files_stored_figures_follow_the_older_rule(late_wages_db, tmp_path,
                                                                                  monkeypatch):
    """A 13 read as it is shows its stored rows (a quarter before the wage records start counted as not employed)
    while the methods describe the new rule (a reviewer): the page says so until the file is brought up to date."""
    import shutil

    from page_support import open_page

    path = tmp_path / "version-13.duckdb"
    shutil.copyfile(late_wages_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute("update schema_meta set value = '13' where key = 'schema_version'")
    older = open_page("pages/3_Worker_outcomes.py", path, monkeypatch)
    assert any("made by an older Sectorscope (data model 13)" in w.value for w in older.warning)
    current = open_page("pages/3_Worker_outcomes.py", late_wages_db, monkeypatch)
    assert not any("older Sectorscope" in w.value for w in current.warning)
