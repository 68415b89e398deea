"""Absent is not zero: a state that loaded only its partnership registry sees "not loaded", never a 0 or an
empty chart, on every page (AppTest, real DuckDB files built through the loader)."""

from __future__ import annotations

import re
import shutil

import duckdb
import pandas as pd
import pytest
from page_support import app_test, charts_of, metrics_of, on_every_tab, open_page, open_tab
from test_pages import PAGE_FILES
from tiny_state import tiny_tables

from sectorscope import db
from sectorscope.ingest import load as ingest
from sectorscope.metrics import workers
from sectorscope.present import availability, worker_headlines

REGISTRY = ("regions", "region_counties", "sectors", "partnerships", "partnership_counties")
# Figures that would be a false zero when the table behind them was never loaded.
ZERO = re.compile(r"^(?:\$0(?:\.00)?|0%?|0 : 1|\+?\$0\.00)$")

FUNDING_PAGE = "pages/5_Funding_and_systems_change.py"


@pytest.fixture(scope="module")
def registry_only_db(tmp_path_factory):
    """Sectors, regions and partnerships with their counties; no partners, grants, people, employers or stories."""
    path = tmp_path_factory.mktemp("registry") / "registry.duckdb"
    tables = tiny_tables()
    ingest.load_batch(path, [ingest.TableInput(name, tables[name], f"{name}.csv") for name in REGISTRY],
                      state_fips="42")
    return path


def test_a_registry_alone_has_public_places_and_a_countys_public_one_pager(registry_only_db, tmp_path):
    """With only the partnership list loaded (as Colorado's), the public release's places were the state alone: a
    county's public one-pager was refused ("no figures for county 42071") and the Showcase offered no county."""
    from cli_support import run_cli

    from sectorscope import db

    con = db.connect_read_only(registry_only_db)
    try:
        places = db.run_query(con, "release_places")
    finally:
        con.close()
    assert {"state", "region", "county"} <= set(places["geo_level"])
    assert "42071" in set(places.loc[places["geo_level"] == "county", "geo_id"])
    out = tmp_path / "county.pdf"
    ran = run_cli("export", "onepager", "--county", "42071", "--public", "--db", str(registry_only_db),
                  "--out", str(out))
    assert ran.returncode == 0, ran.stderr
    assert out.stat().st_size > 10_000


def _texts(at) -> list[str]:
    """Every text a user reads on the page: metrics, captions, markdown, notices."""
    parts = [m.value for m in at.metric] + [c.value for c in at.caption] + [m.value for m in at.markdown]
    parts += [i.value for i in at.info] + [w.value for w in at.warning]
    return parts


def _charts(at) -> list:
    return [element for element in at.get("plotly_chart")]


def test_a_registry_alone_runs_to_this_year_while_its_partnerships_are_active(registry_only_db):
    """A first load of the partnership list (started 2015-2016, none ended) read "2016" on every page and slider,
    as if the partnerships had stopped then (a data steward); one that ended runs to its end."""
    import datetime as dt

    from sectorscope import db

    with db.connect_read_only(registry_only_db) as con:
        years = db.run_query(con, "year_range").iloc[0]
        ends = con.execute("select count(*) from partnerships where end_date is null").fetchone()[0]
    assert ends > 0
    assert (years["first_year"], years["last_year"]) == (2015, dt.date.today().year)
    ended = registry_only_db.parent / "ended.duckdb"
    shutil.copy(registry_only_db, ended)
    with duckdb.connect(str(ended)) as con:
        con.execute("update partnerships set end_date = date '2018-06-30'")
    with db.connect_read_only(ended) as con:
        assert db.run_query(con, "year_range").iloc[0]["last_year"] == 2018
    # undated, it has no years at all (not a made-up span to this year: a code reviewer)
    with duckdb.connect(str(ended)) as con:
        con.execute("update partnerships set start_date = null, end_date = null")
    with db.connect_read_only(ended) as con:
        years = db.run_query(con, "year_range").iloc[0]
    assert pd.isna(years["first_year"]) and pd.isna(years["last_year"])


def test_public_showcase_says_not_published_instead_of_zero(registry_only_db, monkeypatch):
    at = open_page("app.py", registry_only_db, monkeypatch, mode="public")  # public visitors land on the Showcase
    shown = metrics_of(at)
    assert shown["Public partnerships"] == "1"  # P2 is not public
    for label in ("People who left a program", "Average raise per hour", "Employer survey answers",
                  "Lower staff turnover", "Grant dollars"):  # one notice per table never loaded names them
        assert label not in shown
        assert any(c.value.startswith("Waiting for it:") and label in c.value for c in at.caption), label
    assert not [value for value in shown.values() if ZERO.match(value)]
    assert any("No grants have been published yet" in text for text in _texts(at))


@pytest.mark.parametrize("mode", ["staff"])
def test_overview_says_not_loaded_instead_of_zero(registry_only_db, monkeypatch, mode):
    at = open_page("app.py", registry_only_db, monkeypatch, mode=mode)
    shown = metrics_of(at)
    assert shown["Partnerships in view"] == ("2" if mode == "staff" else "1")  # P2 is not public
    # Figures resting on a table never loaded are not drawn as numbers: a notice per table names them.
    for label in ("Participants who exited", "Mean hourly wage gain", "Employers surveyed", "Reduced turnover",
                  "Systems changes logged", "Partners per partnership", "With an education partner",
                  "Grant dollars", "Leverage", "Grant dollars per exiter", "Stories collected"):
        assert label not in shown
        assert any(c.value.startswith("Waiting for it:") and label in c.value for c in at.caption), label
    assert not [value for value in shown.values() if ZERO.match(value)]
    expected = "No grants are loaded yet" if mode == "staff" else "No grants have been published yet"
    assert any(expected in text for text in _texts(at))


def test_overview_distinguishes_a_true_zero_and_an_empty_selection(tiny_db, monkeypatch):
    at = open_page("app.py", tiny_db, monkeypatch, county="42029", years="2016-2016")  # Chester, one year
    shown = metrics_of(at)
    assert shown["Participants who exited"] == "None in selection"
    assert shown["Systems changes logged"] == "0"  # the log is loaded and holds no entry: a true zero


def test_pennsylvania_partnership_count_is_context_for_pennsylvania_only(registry_only_db, monkeypatch):
    at = open_page("app.py", registry_only_db, monkeypatch)
    assert any("81 Industry Partnerships" in caption.value for caption in at.caption)  # a PA database


def test_funding_page_has_no_empty_charts_and_no_false_flags(registry_only_db, monkeypatch):
    at = open_page("pages/5_Funding_and_systems_change.py", registry_only_db, monkeypatch)
    texts = [text for tab in on_every_tab(at, "pages/5_Funding_and_systems_change.py") for text in _texts(tab)]
    assert any("No grants are loaded yet" in text for text in texts)
    assert any("No partners are loaded yet" in text for text in texts)
    assert any("No systems changes are loaded yet" in text for text in texts)
    shown = {label: value for tab in on_every_tab(at, FUNDING_PAGE) for label, value in metrics_of(tab).items()}
    assert "No education provider" not in shown  # no gap flags without a partner list
    assert not [value for value in shown.values() if ZERO.match(value)]
    titles = [chart.proto.spec for tab in on_every_tab(at, FUNDING_PAGE) for chart in _charts(tab)]
    assert not any("Grant dollars" in spec for spec in titles)
    assert not any("Partners by type" in spec for spec in titles)


def test_profile_says_what_was_never_loaded(registry_only_db, monkeypatch):
    at = open_page("pages/1_Partnerships.py", registry_only_db, monkeypatch, partnership="P1")
    texts = _texts(at)
    assert any("No partners are loaded yet" in text for text in texts)
    assert any("No grants are loaded yet" in text for text in texts)
    assert not any("Partners by type (0)" in chart.proto.spec for chart in _charts(at))
    assert not any(text.startswith("**Grants** · $0") for text in texts)


@pytest.mark.parametrize("path", PAGE_FILES)
def test_every_page_renders_without_zeros_for_missing_tables(path, registry_only_db, monkeypatch):
    at = open_page(path, registry_only_db, monkeypatch)
    assert not at.error
    assert not [value for value in metrics_of(at).values() if ZERO.match(value)], metrics_of(at)
    assert not any(text.strip() == "None" or " None " in text for text in _texts(at))


@pytest.mark.parametrize("mode", ["staff"])
def test_directory_counts_over_tables_never_loaded_read_not_loaded(registry_only_db, monkeypatch, mode):
    at = open_page("pages/1_Partnerships.py", registry_only_db, monkeypatch, mode=mode)
    directory = at.dataframe[0].value
    for column in ("participants", "employers", "grant_dollars"):
        assert set(directory[column]) == {"not loaded"}, column


def test_public_directory_is_refused(tiny_db, monkeypatch):
    """The directory's public view is gone: public visitors read the Showcase's release cells instead."""
    at = open_page("pages/1_Partnerships.py", tiny_db, monkeypatch, mode="public")
    assert any("for state staff only" in error.value for error in at.error) and not at.dataframe


@pytest.fixture(scope="module")
def regions_only_db(tmp_path_factory):
    """A registry that places partnerships by region only: no county anywhere, so no state to draw."""
    path = tmp_path_factory.mktemp("regions_only") / "regions_only.duckdb"
    tables = tiny_tables()
    ingest.load_batch(path, [ingest.TableInput(name, tables[name], f"{name}.csv")
                             for name in ("regions", "sectors", "partnerships")])
    return path


@pytest.mark.parametrize("path", PAGE_FILES)
def test_pages_without_any_county_say_what_to_load(path, regions_only_db, monkeypatch):
    at = open_page(path, regions_only_db, monkeypatch)
    assert not at.error
    if path in ("app.py", "pages/1_Partnerships.py"):
        assert any("No partnership counties are loaded yet" in info.value for info in at.info)
        assert not at.get("plotly_chart")


def test_directory_says_not_stated_for_what_the_registry_leaves_out(regions_only_db, monkeypatch):
    at = open_page("pages/1_Partnerships.py", regions_only_db, monkeypatch)
    directory = at.dataframe[0].value
    assert set(directory["counties"]) == {"not stated"}


def test_a_state_database_from_an_older_data_model_is_refused_with_what_to_do(tiny_db, tmp_path, monkeypatch):
    """Its pages would read columns it does not have: say so once, instead of a traceback on every page."""
    old = tmp_path / "old.duckdb"
    shutil.copy(tiny_db, old)
    with duckdb.connect(str(old)) as con:
        con.execute("update schema_meta set value = '1' where key = 'schema_version'")
    monkeypatch.setenv("SECTORSCOPE_DB", str(old))
    at = app_test()
    at.run()
    assert not at.exception
    assert any("a Sectorscope this one cannot read (data model 1;" in error.value for error in at.error)


def test_funding_table_says_not_loaded_for_people_never_loaded(tmp_path_factory, monkeypatch):
    path = tmp_path_factory.mktemp("grants_only") / "grants_only.duckdb"
    tables = tiny_tables()
    ingest.load_batch(path, [ingest.TableInput(name, tables[name], f"{name}.csv")
                             for name in (*REGISTRY, "grants")], state_fips="42")
    at = open_page("pages/5_Funding_and_systems_change.py", path, monkeypatch)
    table = at.dataframe[0].value
    assert set(table["participants"]) == {"not loaded"} and set(table["cost_per_completer"]) == {"not loaded"}
    assert metrics_of(at)["Grant dollars"].startswith("$")  # the grants themselves are known


@pytest.fixture(scope="module")
def new_empty_db(tmp_path_factory):
    """A new database: the schema and the shipped county boundaries, nothing of the state's loaded yet."""
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    ingest.create_database(path, state_fips="42")
    return path


@pytest.mark.parametrize("path", ["pages/1_Partnerships.py", "pages/5_Funding_and_systems_change.py"])
def test_pages_of_a_new_database_say_no_partnership_is_loaded(path, new_empty_db, monkeypatch):
    """They said "No partnership matches this selection. Widen the sectors ..." (and the Partnerships page "67 of 67
    counties have no partnership in view" under a blank map), as if the filters were at fault."""
    at = open_page(path, new_empty_db, monkeypatch)
    assert not at.error
    notes = [info.value for info in at.info]
    assert any(note.startswith("No partnerships are loaded yet.") for note in notes), notes
    assert not any("matches this selection" in note for note in notes)
    assert not at.get("plotly_chart") and not at.dataframe


def test_overview_with_no_partnership_in_view_shows_no_partnership_figure_as_zero(demo_db, monkeypatch):
    # Healthcare in the Westmoreland region: no Healthcare partnership serves the region's counties, while 32 people
    # who live there were trained by Healthcare partnerships elsewhere. The partnership, funding, systems-change and
    # stories cards have nothing to count: "None in selection", never "$0", "0" or "no state $"; and the counties
    # card counts the region's counties, not the state's.
    at = open_page("app.py", demo_db, monkeypatch, sector="HLTH", region="R03")
    shown = metrics_of(at)
    assert shown["Partnerships in view"] == "0"  # a true count
    assert int(shown["Participants who exited"].replace(",", "")) > 0
    for label in ("Grant dollars", "Leverage", "Grant dollars per exiter", "Systems changes logged",
                  "Stories collected"):
        assert shown[label] == "None in selection", (label, shown[label])
    served, of = shown["Counties with a partnership"].split(" of ")
    assert (served, of) == ("0", "8")  # the region's eight counties, none served by a Healthcare partnership
    captions = [c.value for c in at.caption]
    assert "no participants who exited in this selection" not in " ".join(captions)  # 32 did; none of theirs
    assert any(text.startswith("People who live in the chosen counties") for text in captions)
    from sectorscope.present.headlines import COUNTIES_NOTE

    assert COUNTIES_NOTE in captions


def test_overview_counts_the_chosen_county_not_the_state(demo_db, monkeypatch):
    at = open_page("app.py", demo_db, monkeypatch, county="42071")
    shown = metrics_of(at)
    assert int(shown["Partnerships in view"]) > 0
    assert shown["Counties with a partnership"] == "1 of 1"
    assert shown["Grant dollars"] not in ("None in selection", "$0")


def test_a_share_unchanged_as_shown_has_no_arrow(demo_db, monkeypatch):
    # Healthcare in the Westmoreland region: health insurance 70% before and after; "+0 pts" had a green up arrow
    at = open_page("app.py", demo_db, monkeypatch, sector="HLTH", region="R03")
    card = next(m for m in at.metric if m.label == "Employer insurance after")
    assert card.proto.delta == "no change from 70%"
    assert card.proto.direction == card.proto.MetricDirection.NONE  # no arrow
    assert card.proto.color == card.proto.MetricColor.GRAY


def test_years_before_the_exits_on_record_are_not_counted_as_nobody(demo_db, monkeypatch):
    # the demo's exits run 2015-2025, its grants from 2005: for 2005-2010 the directory said 0 participants for
    # every partnership, and the Worker page only "widen the years"
    directory = open_page("pages/1_Partnerships.py", demo_db, monkeypatch, years="2005-2010")
    table = next(frame.value for frame in directory.dataframe if "participants" in frame.value.columns)
    assert set(table["participants"]) == {"not on record"}
    assert any(c.value.startswith("Exits on record run 2015–2025") for c in directory.caption)
    assert set(table["employers"]) == {"not on record"}  # the demo's surveys start later too
    assert any(c.value.startswith("Surveys on record run ") and "employers are not counted" in c.value
               for c in directory.caption)
    employer = open_page("pages/4_Employer_outcomes.py", demo_db, monkeypatch, years="2005-2010")
    assert any(info.value.startswith("Surveys on record run ") for info in employer.info)
    worker = open_page("pages/3_Worker_outcomes.py", demo_db, monkeypatch, years="2005-2010")
    assert any("Exits on record run 2015–2025" in info.value for info in worker.info)
    funding = open_page("pages/5_Funding_and_systems_change.py", demo_db, monkeypatch, years="2005-2010")
    card = next(m for m in funding.metric if m.label == "Grant dollars per exiter")
    # the exits on record, in the words of the exiter cards beside it on the Overview (it read "no exiters of these
    # partnerships in this selection")
    assert card.value == "None in selection"
    assert any(c.value.endswith("Exits on record run 2015–2025: none in the years chosen") for c in funding.caption)
    overview = open_page("app.py", demo_db, monkeypatch, years="2005-2010")  # the same card, said as its neighbours
    said = {m.label: m.value for m in overview.metric}
    assert said["Grant dollars per exiter"] == said["Participants who exited"] == "None in selection"
    assert any(info.value.startswith("Exits on record run 2015–2025: the earnings return")
               for info in open_tab(funding, "pages/5_Funding_and_systems_change.py", "Earnings return").info)
    within = open_page("pages/1_Partnerships.py", demo_db, monkeypatch, years="2016-2018")
    table = next(frame.value for frame in within.dataframe if "participants" in frame.value.columns)
    assert "not on record" not in set(table["participants"].astype(str))


def test_partnerships_active_only_before_the_exits_on_record_are_not_counted_as_nobody(demo_db, monkeypatch):
    """The demo's P052 (2005-2009) and P070 (2005-2008): the directory and the funding table read 0 participants
    for them over the default years, beside exits on record from 2015."""
    directory = open_page("pages/1_Partnerships.py", demo_db, monkeypatch)
    table = next(frame.value for frame in directory.dataframe if "participants" in frame.value.columns)
    early = table[table["partnership_id"].isin(["P052", "P070"])]
    assert len(early) == 2 and early["participants"].isna().all(), early  # empty on screen, not 0
    assert table["participants"].notna().sum() == len(table) - 2  # the others keep their counts, as numbers
    assert any(c.value.startswith('Exiters of 2 partnerships read "not on record" (– on screen): active '
                                  "only in years without exits on record (2015–2025)") for c in directory.caption)
    funding = open_page("pages/5_Funding_and_systems_change.py", demo_db, monkeypatch)
    table = next(frame.value for frame in funding.dataframe if "completers" in frame.value.columns)
    names = fetch_names(demo_db, ["P052", "P070"])
    early = table[table["name"].isin(names)]
    assert len(early) == 2 and early[["participants", "completers"]].isna().all().all(), early
    assert any(c.value.startswith('Exiters of 2 partnerships read "not on record"') for c in funding.caption)


def fetch_names(path, ids: list[str]) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return [row[0] for row in con.execute("select name from partnerships where partnership_id = any($ids)",
                                              {"ids": ids}).fetchall()]


def test_worker_page_says_wage_records_not_loaded_rather_than_none_in_selection(tmp_path_factory, monkeypatch):
    """Participants without any UI wage record: the cards resting on the wage records read "None in selection ...
    left out: 3 without wage records" and the WIOA notes "not yet in the data", as if the records were only late."""
    path = tmp_path_factory.mktemp("no_wages") / "no_wages.duckdb"
    tables = tiny_tables()
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()
                             if name != "wage_records"], state_fips="42")
    at = open_page("pages/3_Worker_outcomes.py", path, monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    cards = metrics_of(at)  # cards waiting for one file are said once, in a notice naming it
    assert not {"Employed 2nd quarter after exit", "Employed 4th quarter after exit",
                "Median earnings, 2nd quarter after exit", "Same employer, 2nd and 4th quarter",
                "Median quarterly earnings change"} & set(cards), cards
    assert "No UI wage records are loaded yet. Load wage_records.csv on the Data page (its template is there)." in [
        info.value for info in at.info]
    assert cards["Employed in the sector after exit"] == "75%"  # from the program records
    assert "None in selection" not in cards.values()
    open_tab(at, "pages/3_Worker_outcomes.py", "WIOA indicators")
    wioa_table = next(frame.value for frame in at.dataframe if "Notes" in frame.value.columns)
    notes = " ".join(wioa_table["Notes"].astype(str))
    assert "no UI wage records loaded (wage_records.csv on the Data page)" in notes
    assert "not yet in the data" not in notes
    # the employment trend says so too: it read "No group to show for this selection (or every group is too small
    # to show)", cut off; and the tables read 0 people "with wage records", like a true 0
    open_tab(at, "pages/3_Worker_outcomes.py", "Over time")
    titles = list(charts_of(at))
    assert not [title for title in titles if title.startswith("Employed after exit")], titles
    assert [info.value for info in at.info].count(
        "No UI wage records are loaded yet. Load wage_records.csv on the Data page (its template is there).") == 2
    # the cards' notice and the first chart resting on the records; the charts after it point to it
    at.session_state["worker-table-exit-year"] = True
    at.run()
    by_year = next(frame.value for frame in at.dataframe if frame.value.columns[0] == "Exit year")
    for heading in ("With wage records, Q2 in the data", "Employed Q2 after exit (with wage records)",
                    "With wage records, Q4 in the data", "Median Q2 earnings (employed)"):
        assert set(by_year[heading]) == {"not loaded"}, heading
    assert set(by_year["Exiters"]) == {1, 2}  # program records: numbers still


@pytest.fixture(scope="module")
def unasked_db(tmp_path_factory):
    """The tiny state whose participant records never held paid sick leave and whose survey never asked about
    complaints (the columns are there, empty)."""
    tables = tiny_tables()
    for column in ("paid_sick_leave_before", "paid_sick_leave_after"):
        tables["participants"][column] = ""
    tables["employer_surveys"]["reduced_complaints"] = ""
    path = tmp_path_factory.mktemp("unasked") / "unasked.duckdb"
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()],
                      state_fips="42")
    return path


def group_row(path):
    """The whole state's row of ``worker_group_outcomes`` (no filter, staff)."""
    with db.connect_read_only(path) as con:
        groups = db.run_query(con, "worker_group_outcomes", sector_codes=[], county_fips=[], partnership_ids=[],
                              year_from=2000, year_to=2030, by_partnership_county=False, public_only=False,
                              confidence=workers.CONFIDENCE, groupings=list(workers.ALL_GROUPINGS))
    return groups.set_index("grouping").loc["everyone"]


def available(path) -> frozenset[str]:
    with db.connect_read_only(path) as con:
        return availability.available(db.run_query(con, "loaded_tables"), db.run_query(con, "answers_collected"))


SICK_LEAVE_UNASKED = ("No answers about paid sick leave (before and after) are loaded yet. Fill the columns "
                      "paid_sick_leave_before and paid_sick_leave_after of participants.csv and load it again on the "
                      "Data page (mode upsert).")


def test_answers_never_collected_read_not_loaded_with_the_columns_to_fill(unasked_db, monkeypatch):
    """They read "None in selection · no people with both answers in this selection" on every card, deck and CSV,
    and the charts left their bars out without a word."""
    overview = open_page("app.py", unasked_db, monkeypatch)
    assert "Paid sick leave after" not in metrics_of(overview)
    assert SICK_LEAVE_UNASKED in [info.value for info in overview.info]
    assert metrics_of(overview)["Employer insurance after"] not in ("Not loaded", "None in selection")
    assert "Fewer customer complaints" not in metrics_of(overview)
    workers_page = open_page("pages/3_Worker_outcomes.py", unasked_db, monkeypatch, tab="Poverty and benefits")
    assert "Paid sick leave after" not in metrics_of(workers_page)
    assert SICK_LEAVE_UNASKED in [info.value for info in workers_page.info]
    assert ("Not in the participant records (never collected): answers about paid sick leave (before and after)."
            in [caption.value for caption in workers_page.caption])
    workers_page.session_state["worker-table-before-after"] = True
    workers_page.run()
    table = next(frame.value for frame in workers_page.dataframe if frame.value.columns[0] == "Condition")
    rows = table.set_index("Condition")
    # it read 0, like a true 0: empty on screen (the grid keeps the column numbers), said beside it and in the CSV
    assert pd.isna(rows.loc["Paid sick leave", "People with both answers"])
    assert rows.loc["Employer health insurance", "People with both answers"] == 4
    assert "–: not loaded (never collected), as the CSV says." in [caption.value for caption in workers_page.caption]
    csv = worker_headlines.condition_table(workers.conditions_of_row(group_row(unasked_db)), available(unasked_db))
    assert csv.set_index("Condition").loc["Paid sick leave", "People with both answers"] == "not loaded"
    employers_page = open_page("pages/4_Employer_outcomes.py", unasked_db, monkeypatch, tab="What employers report")
    assert ("Not in the survey records (never asked): answers about fewer complaints."
            in [caption.value for caption in employers_page.caption])
    # its CSV wrote 0 answers, 0 yes and an empty share (a data steward)
    from sectorscope.metrics import employers
    from sectorscope.present.tables import never_asked

    with db.connect_read_only(unasked_db) as con:
        surveys = db.run_query(con, "employer_survey_outcomes", sector_codes=[], county_fips=[], partnership_ids=[],
                               year_from=2000, year_to=2030, public_only=False)
    shown = employers.survey_shares_shown(surveys, None)
    flagged = shown.assign(small_n=shown["n"].map(lambda n: 0 < n < 30))  # as the page's CSV flags small groups
    shares = never_asked(flagged, available(unasked_db)).set_index("question")
    # and its small-n flag: False beside "not loaded" read as "not a small group" (a code reviewer)
    assert list(shares.loc["reduced_complaints", ["n", "yes", "share", "small_n"]]) == ["not loaded"] * 4
    assert shares.loc["reduced_rework", "n"] > 0 and shares.loc["reduced_rework", "small_n"] in (True, False)


def test_employer_turnover_and_hires_never_collected_read_not_loaded(tmp_path, monkeypatch):
    """A state's survey that never asked for turnover rates or hires: the Employer page's cards read "None in
    selection · no answers in this selection · 20 left out for a missing rate", its chart "(n=0)" on axes to 600% and
    "0 with hires reported; 6 without a number", where the Overview said "Not loaded" (a data steward)."""
    tables = tiny_tables()
    for column in ("turnover_rate_before", "turnover_rate_after", "hires_from_training"):
        tables["employer_surveys"][column] = ""
    path = tmp_path / "no_rates.duckdb"
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()],
                      state_fips="42")
    turnover = ("No turnover rates (before and after) are loaded yet. Fill the columns turnover_rate_before and "
                "turnover_rate_after of employer_surveys.csv and load it again on the Data page (mode upsert).")
    page = open_page("pages/4_Employer_outcomes.py", path, monkeypatch, tab="Turnover")
    # cards all not loaded are one notice in their place (``render_headlines``), with the columns to fill
    assert not {"Median employer's change in turnover", "Median turnover before joining",
                "Median turnover at the survey"} & set(metrics_of(page))
    assert [info.value for info in page.info] == [turnover]
    assert not charts_of(page), list(charts_of(page))  # the tab's two charts are of the rates alone
    open_tab(page, "pages/4_Employer_outcomes.py", "Hires from training")
    assert not {"Hires from training", "Per employer (mean)", "Per employer (median)"} & set(metrics_of(page))
    assert [info.value for info in page.info] == [
        "No numbers of hires from training are loaded yet. Fill the column hires_from_training of "
        "employer_surveys.csv and load it again on the Data page (mode upsert)."]
    assert not charts_of(page), list(charts_of(page))
    # the questions it did ask still read as answers
    open_tab(page, "pages/4_Employer_outcomes.py", "What employers report")
    assert [title for title in charts_of(page) if title.startswith("Share of surveyed employers")]


def staff_report(path):
    """The staff deck's content of the whole state, as the sidebar's download builds it."""
    from sectorscope import db
    from sectorscope.export import content

    con = db.connect_read_only(path)
    try:
        view = content.view_options(con, False)
        return content.build_report(con, view, content.selection_from(view, {}), public=False, min_cell=10)
    finally:
        con.close()


def test_a_deck_names_the_answers_never_collected(unasked_db):
    report = staff_report(unasked_db)
    charts = {chart.title: chart for section in report.sections for chart in section.charts}
    conditions = charts["Before and after training, beside published figures"]
    assert "Paid sick leave" not in conditions.categories
    assert conditions.note.endswith("Not collected: answers about paid sick leave (before and after).")
    assert charts["Employers reporting gains, beside the Massachusetts evaluation"].note.endswith(
        "Not collected: answers about fewer complaints.")
    cards = {card.label: card for section in report.sections for card in section.headlines}
    assert cards["Paid sick leave after"].value == "Not loaded"
    assert cards["Fewer customer complaints"].value == "Not loaded"


def test_a_decks_before_and_after_chart_says_not_loaded_where_no_condition_was_collected(tmp_path):
    """A state's records without poverty, insurance or sick-leave answers: the deck's chart read "No participant
    answered before and after." beside cards saying "Not loaded" (a staffer). It says what is not loaded, and how."""
    from sectorscope.present.availability import CONDITION_ANSWERS, not_loaded_text

    path = tiny_state_without(tmp_path, "no-conditions.duckdb", [
        f"{name}_{when}" for name in ("below_poverty", "health_insurance", "paid_sick_leave")
        for when in ("before", "after")])
    report = staff_report(path)
    conditions = next(chart for section in report.sections for chart in section.charts
                      if chart.title == "Before and after training, beside published figures")
    assert conditions.absent == not_loaded_text(list(CONDITION_ANSWERS.values()))
    assert conditions.absent.startswith("No answers about poverty") and "participants.csv" in conditions.absent
    cards = {card.label: card.value for section in report.sections for card in section.headlines}
    assert cards["Paid sick leave after"] == "Not loaded"


def tiny_state_without(tmp_path, name: str, columns: list[str]):
    """The tiny state loaded with ``columns`` of participants or employer surveys left empty (answers never
    collected), as ``name``."""
    tables = tiny_tables()
    for column in columns:
        tables["participants" if column in tables["participants"] else "employer_surveys"][column] = ""
    path = tmp_path / name
    ingest.load_batch(path, [ingest.TableInput(table, frame, f"{table}.csv") for table, frame in tables.items()],
                      state_fips="42")
    return path


def test_hourly_wages_never_collected_read_not_loaded_not_none_in_the_selection(tmp_path, monkeypatch):
    """A state's records without hourly wages (UI wage records instead) read "None in selection" on the wage gain
    cards even with the widest filters, as if nobody had completed (a Data page reviewer)."""
    path = tiny_state_without(tmp_path, "no-wages.duckdb", ["pre_hourly_wage", "post_hourly_wage"])
    said = ("No hourly wages before and after training are loaded yet. Fill the columns pre_hourly_wage and "
            "post_hourly_wage of participants.csv and load it again on the Data page (mode upsert).")
    overview = open_page("app.py", path, monkeypatch)
    assert "Mean hourly wage gain" not in metrics_of(overview) and said in [info.value for info in overview.info]
    workers_page = open_page("pages/3_Worker_outcomes.py", path, monkeypatch)  # its first tab: three wage charts
    assert "Mean hourly wage gain" not in metrics_of(workers_page)
    assert said in [info.value for info in workers_page.info]
    # said by the cards and the first wage chart; the other wage charts point to it (it stood six times)
    assert [info.value for info in workers_page.info].count(said) == 2
    assert any(c.value.startswith("Not drawn: hourly wages before and after training not loaded")
               for c in workers_page.caption)
    assert metrics_of(workers_page)["Completed training"] not in ("Not loaded", "None in selection")
    # the wage charts say it too ("No group to show for this selection"); the employment trend stays
    assert not charts_of(workers_page)
    titles = list(charts_of(open_tab(workers_page, "pages/3_Worker_outcomes.py", "Over time")))
    assert [info.value for info in workers_page.info].count(said) == 2  # the cards' and the wage trend's
    assert not [title for title in titles if "wage gain" in title.lower()], titles
    assert any(title.startswith("Employed after exit") for title in titles)
    # and the deck's wage chart ("No completer with both wages in this selection")
    wage_chart = next(chart for section in staff_report(path).sections for chart in section.charts
                      if chart.title.startswith("Median hourly wage gain"))
    assert wage_chart.absent == said and not wage_chart.categories


def test_a_state_with_no_public_partnership_says_none_has_agreed_yet(tmp_path, monkeypatch):
    """A list loaded without is_public (Colorado's): the load warns that none will be shown in public, and the
    Showcase's count of the whole state says none has agreed yet, not a bare "0 in the state"."""
    from page_support import metrics_of

    tables = tiny_tables()
    path = tmp_path / "unstated.duckdb"
    partnerships = tables["partnerships"].assign(is_public=None)
    inputs = [ingest.TableInput(name, partnerships if name == "partnerships" else tables[name], f"{name}.csv")
              for name in REGISTRY]
    result = ingest.load_batch(path, inputs, state_fips="42")
    [warning] = [p for p in result.warnings if p.column == "is_public"]
    assert "is_public is empty for 2 of 2 partnerships" in warning.message
    assert "only where it is true" in warning.message
    at = open_page("app.py", path, monkeypatch, mode="public")
    assert metrics_of(at)["Public partnerships"] == "0"
    assert any("none has agreed to be shown in public yet" in caption.value for caption in at.caption)


def test_a_public_report_without_surveys_says_none_published_not_that_nobody_answered(registry_only_db):
    """Its employer chart read "No employer answered these questions here." beside cards saying no survey has been
    published (a reviewer): never loaded reads as not published, on the chart too."""
    from sectorscope import db
    from sectorscope.export import content, public

    con = db.connect_read_only(registry_only_db)
    try:
        choice, problems = public.release_choice(con, {})
        report = public.build_public_report(con, choice, is_demo=False)
    finally:
        con.close()
    assert not problems
    [chart] = report.section(content.EMPLOYERS).charts
    assert chart.absent == "No employer surveys have been published yet."


def test_a_slide_with_nothing_to_show_says_why_with_its_own_icon(tmp_path, monkeypatch):
    """Every slide with nothing to show had the "widen your filters" icon: a section never loaded, a year before the
    exits on record and a chart of a log never loaded looked alike (a convener). The slides take the cards' icons
    (``ui.render.ABSENCE_ICONS``) by the kind of absence."""
    from sectorscope.present.availability import Absence
    from sectorscope.ui.render import ABSENCE_ICONS

    tables = {name: frame for name, frame in tiny_tables().items() if name != "system_changes"}
    path = tmp_path / "no-log.duckdb"
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()],
                      state_fips="42")
    at = open_page("app.py", path, monkeypatch, present="1", years="2015-2016")  # exits on record: 2017-2019
    icons = {}
    while True:
        for info in at.info:
            icons[info.value] = info.proto.icon
        if at.button(key="present-next").disabled:
            break
        at.button(key="present-next").click().run()
    assert icons["No systems-change log is loaded for this state yet."] == ABSENCE_ICONS[Absence.NOT_LOADED]
    nobody = next(text for text in icons if text.startswith("No participant left a program in this selection"))
    assert icons[nobody] == ABSENCE_ICONS[Absence.EMPTY] != ABSENCE_ICONS[Absence.NOT_LOADED]


def test_the_showcase_without_people_or_with_every_raise_hidden_gives_no_advice_it_cannot_take(
        registry_only_db, tiny_db, monkeypatch):
    """A state with no participant yet: the Showcase, at the whole state already, said "Pick a region or the whole
    state to compare sectors" and "Pick the whole state to see people by year" (a staffer); its cards say none is
    published, and no chart points elsewhere. At the whole state over all years with every sector's raise hidden,
    it said "Try a larger place or all years": only the advice a view can take is given."""
    registry = open_page("pages/0_Showcase.py", registry_only_db, monkeypatch, mode="public")
    said = [info.value for info in registry.info] + [caption.value for caption in registry.caption]
    assert not [text for text in said if "Pick " in text or "Too few" in text], said
    assert "No participants have been published yet." in said
    tiny = open_page("pages/0_Showcase.py", tiny_db, monkeypatch, mode="public")
    [too_few] = [info.value for info in tiny.info if info.value.startswith("Too few sectors can be shown here")]
    assert too_few == "Too few sectors can be shown here to compare raises: the rest are hidden for privacy.", too_few


def test_public_cards_of_answers_a_state_holds_are_never_said_unpublished(tiny_db, monkeypatch):
    """The Showcase and the public report read which answers a state holds from its tables alone, so once cards of
    answers never collected said so, every state's raise and before-and-after cards read "No hourly wages ... have
    been published yet" (seen in a screenshot of the demo): they read the groups of answers held too."""
    from sectorscope.export import public

    showcase = open_page("pages/0_Showcase.py", tiny_db, monkeypatch, mode="public")
    said = [info.value for info in showcase.info]
    assert not [text for text in said if "published yet" in text], said
    with db.connect_read_only(tiny_db) as con:
        report = public.build_public_report(con, public.release_choice(con, {})[0], is_demo=False)
    cards = {card.label: card for section in report.sections for card in section.headlines}
    from sectorscope.present.availability import Absence

    assert [label for label, card in cards.items() if card.absence is Absence.NOT_LOADED] == [], cards


def test_public_cards_of_answers_never_collected_say_none_is_published_from_the_release_alone(tmp_path, monkeypatch):
    """The release records which groups of answers the records held when built (``queries/release_answers.sql``),
    so the Showcase, reading the release alone, says answers never collected were never published, not "hidden for
    privacy" (a staffer); a release built before they were recorded reads every group as held, as before."""
    from sectorscope.present.availability import ANSWER_COLUMNS, released

    path = tiny_state_without(tmp_path, "no-poverty.duckdb", ["below_poverty_before", "below_poverty_after"])
    with db.connect_read_only(path) as con:
        held = released(db.run_query(con, "loaded_tables"), db.run_query(con, "release_answers"))
    assert "poverty_answers" not in held and "health_insurance_answers" in held
    showcase = open_page("pages/0_Showcase.py", path, monkeypatch, mode="public")
    said = [info.value for info in showcase.info]
    assert "No answers about poverty (before and after) have been published yet." in said, said
    assert not [text for text in said if "health insurance" in text], said
    before = pd.DataFrame(columns=["table_name", "rows_now"])  # a release built before the groups were recorded
    assert released(pd.DataFrame({"table_name": ["participants"], "rows_now": [3]}), before) >= set(ANSWER_COLUMNS)


def test_a_release_of_a_state_holding_no_answer_at_all_says_none_is_published(tmp_path, monkeypatch):
    """A state whose records hold no optional answer at all: the release recorded an empty list, read as a release
    built before the groups were recorded, and every public card of answers read "hidden for privacy" where staff
    cards read "not loaded" (an auditor): protected data claimed where none was collected."""
    from sectorscope.export.public import build_public_report, release_choice
    from sectorscope.present.availability import ANSWER_COLUMNS, Absence, released

    every = [column for _, columns in ANSWER_COLUMNS.values() for column in columns]
    path = tiny_state_without(tmp_path, "no-answers.duckdb", every)
    with db.connect_read_only(path) as con:
        assert db.run_query(con, "answers_collected").query("rows_now > 0").empty  # truly none held
        held = released(db.run_query(con, "loaded_tables"), db.run_query(con, "release_answers"))
        assert not held & set(ANSWER_COLUMNS), held
        report = build_public_report(con, release_choice(con, {})[0], is_demo=False)
    # every card of answers says none is published (the tiny state's counts of people and employers are hidden: few)
    answers = ["Average raise per hour", "Below the poverty line after", "Health insurance from their job",
               "Paid sick leave", "Lower staff turnover", "Less rework", "Fewer customer complaints",
               "Value the partnership"]
    cards = {card.label: card for section in report.sections for card in section.headlines}
    assert {label: cards[label].absence for label in answers} == dict.fromkeys(answers, Absence.NOT_LOADED)
    assert cards["Less rework"].basis == "No answers about reduced rework have been published yet."
    showcase = open_page("pages/0_Showcase.py", path, monkeypatch, mode="public")
    shown = {metric.label: metric.value for metric in showcase.metric}
    assert {label: shown[label] for label in answers if label in shown} == dict.fromkeys(
        [label for label in answers if label in shown], "Not loaded")
    said = [info.value for info in showcase.info]  # the Showcase says cards never published in words
    assert "No answers about reduced turnover have been published yet." in said, said
    assert "No answers about poverty (before and after) have been published yet." in said, said


def test_a_deck_of_employer_answers_never_asked_says_not_loaded_as_its_cards_do(tmp_path):
    """Slide 6 read "No employer answered these questions." beside cards reading "Not loaded" where the survey never
    asked them (an auditor): a finding of nobody where nothing was collected."""
    from sectorscope.export import content
    from sectorscope.present.availability import Absence

    asked = ["reduced_turnover", "reduced_rework", "reduced_complaints", "partnership_valuable"]
    path = tiny_state_without(tmp_path, "no-survey-answers.duckdb", asked)
    with db.connect_read_only(path) as con:
        view = content.view_options(con, False)
        report = content.build_report(con, view, content.selection_from(view, {}), public=False, min_cell=10)
    chart = next(slide.chart for slide in content.slide_plan(report)
                 if slide.kind == "chart" and slide.title.startswith("Employers reporting gains"))
    assert chart.absence is Absence.NOT_LOADED and chart.absent.startswith(
        "No answers about reduced turnover, reduced rework, fewer complaints or the partnership's value are loaded "
        "yet. Fill the columns reduced_turnover, reduced_rework, reduced_complaints and partnership_valuable of "
        "employer_surveys.csv"), chart.absent
    cards = {card.label: card for section in report.sections for card in section.headlines}
    assert cards["Reduced turnover"].absence is Absence.NOT_LOADED


def test_public_slides_of_employer_answers_never_asked_say_none_is_published(tmp_path):
    """The public deck's and slides' survey chart read "Every share is hidden for privacy." beside cards reading "Not
    loaded" where the survey never asked (a code reviewer); a question asked beside others never asked is drawn, the
    rest named as not collected."""
    from sectorscope.export import content
    from sectorscope.export.public import build_public_report, release_choice
    from sectorscope.present.availability import Absence

    def survey_chart(path):
        with db.connect_read_only(path) as con:
            report = build_public_report(con, release_choice(con, {})[0], is_demo=False)
        return next(slide.chart for slide in content.slide_plan(report)
                    if slide.kind == "chart" and slide.title.startswith("Employers reporting gains"))

    asked = ["reduced_turnover", "reduced_rework", "reduced_complaints", "partnership_valuable"]
    chart = survey_chart(tiny_state_without(tmp_path, "none-asked.duckdb", asked))
    assert chart.absence is Absence.NOT_LOADED and chart.absent == (
        "No answers about reduced turnover, reduced rework, fewer complaints or the partnership's value have been "
        "published yet."), chart.absent
    some = survey_chart(tiny_state_without(tmp_path, "some-asked.duckdb", asked[1:]))  # turnover asked alone
    assert "hidden" in some.absent and "Not collected: answers about reduced rework" in some.absent, some.absent
