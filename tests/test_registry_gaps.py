"""A state's registry as it often is: partnerships listed by region alone, convener and phase left empty, a
partnership whose years lie outside the view. Its decks, one-pagers and filters say what is known and what is not
("not stated", "not active in ..."), never "None", an unnamed statewide deck or a map of zeros."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import duckdb
import pandas as pd
import pytest
from older_versions import make_version_9
from pptx import Presentation
from tiny_state import CHESTER, LANCASTER, YORK, tiny_tables

from sectorscope import db, schema
from sectorscope.export import content
from sectorscope.export.deck import build_deck
from sectorscope.export.onepager import build_onepager
from sectorscope.ingest import load as ingest

REGION_ONLY = "P3"  # listed by its region (South Central: Lancaster and York), no county, convener or phase stated
LONG_AGO = "P4"  # ran 2008-2011, serving Chester


def gapped_tables() -> dict[str, pd.DataFrame]:
    """The tiny state with two partnerships as real registries list them."""
    tables = tiny_tables()
    extra = pd.DataFrame({
        "partnership_id": [REGION_ONLY, LONG_AGO], "name": ["South Central Care Network", "Chester Makers 2008"],
        "sector_code": ["HLTH", "MFG"], "region_id": ["SC", ""], "convener_name": ["", "Chester WDB"],
        "convener_type": ["", "workforce board"], "phase": ["", "sustaining"], "start_date": ["", "2008-01-01"],
        "end_date": ["", "2011-12-31"], "description": ["", ""], "is_public": ["true", "true"]})
    tables["partnerships"] = pd.concat([tables["partnerships"], extra], ignore_index=True)
    tables["partnership_counties"] = pd.concat([tables["partnership_counties"], pd.DataFrame(
        {"partnership_id": [LONG_AGO], "county_fips": [CHESTER]})], ignore_index=True)
    trainee = tables["participants"].iloc[[0]].assign(participant_id="Z", partnership_id=REGION_ONLY,
                                                      county_fips=CHESTER)  # trained by P3, living outside its region
    tables["participants"] = pd.concat([tables["participants"], trainee], ignore_index=True)
    tables["stories"] = pd.concat([tables["stories"], pd.DataFrame({
        "story_id": ["S3"], "partnership_id": [REGION_ONLY], "quote": ["Nights fit my shifts."],
        "attribution": ["Graduate"], "consent_public": ["yes"]})], ignore_index=True)
    return tables


def load(path, tables: dict[str, pd.DataFrame], state_fips: str | None = "42") -> None:
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()],
                      state_fips=state_fips)


@pytest.fixture(scope="module")
def gapped_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("gapped") / "gapped.duckdb"
    load(path, gapped_tables())
    return path


def report_of(path, public: bool = False, **params: list[str]) -> content.Report:
    con = db.connect_read_only(path)
    try:
        view = content.view_options(con, public)
        selection = content.selection_from(view, params)
        assert not selection.notices, selection.notices
        return content.build_report(con, view, selection, public=public, min_cell=10)
    finally:
        con.close()


def directory_ids(path, counties: list[str]) -> list[str]:
    con = db.connect_read_only(path)
    try:
        directory = db.run_query(con, "partnership_directory", sector_codes=[], county_fips=counties, year_from=2015,
                                 year_to=2019, public_only=False)
    finally:
        con.close()
    return sorted(directory["partnership_id"])


def test_a_partnership_listed_by_its_region_alone_is_in_view_for_that_regions_counties(gapped_db):
    assert directory_ids(gapped_db, [LANCASTER]) == ["P1", REGION_ONLY]
    assert directory_ids(gapped_db, [LANCASTER, YORK]) == ["P1", "P2", REGION_ONLY]  # the region, as the sidebar sets
    assert directory_ids(gapped_db, [CHESTER]) == ["P2"]  # outside its region (and P4 ended in 2011)
    assert directory_ids(gapped_db, []) == ["P1", "P2", REGION_ONLY]


def test_the_trainees_and_the_map_of_a_region_listed_partnership_follow_the_same_rule(gapped_db):
    """Choosing Lancaster kept P3 in the directory while its trainees dropped out under "counties served" and the
    map and the counties card counted it nowhere: one rule now, partnership_served_counties."""
    con = db.connect_read_only(gapped_db)
    try:
        def exiters(**chosen) -> set[str]:
            rows = db.run_query(con, "worker_outcomes", sector_codes=[], county_fips=[LANCASTER], year_from=2015,
                                year_to=2019, partnership_ids=[REGION_ONLY], public_only=False, **chosen)
            return set(rows["participant_id"])

        assert exiters(by_partnership_county=True) == {"Z"}  # trained by a partnership serving Lancaster
        assert exiters(by_partnership_county=False) == set()  # Z lives in Chester
        by_county = db.run_query(con, "partnerships_by_county", sector_codes=["HLTH"], county_fips=[], year_from=2015,
                                 year_to=2019, public_only=False, state_fips="42").set_index("county_fips")
    finally:
        con.close()
    assert by_county.loc[LANCASTER, "partnerships"] == 2 and by_county.loc[YORK, "partnerships"] == 1
    assert "South Central Care Network" in by_county.loc[YORK, "partnership_names"]
    assert by_county.loc[CHESTER, "partnerships"] == 0


def test_the_public_release_and_the_industry_page_place_a_region_listed_partnership_in_its_regions_counties(
        gapped_db):
    """The public map, the public deck's partnerships, the stories and the Industry page's partnerships read the
    stated counties alone: P3 (listed by South Central) served no county there while the staff pages placed it."""
    con = db.connect_read_only(gapped_db)
    try:
        released = db.run_query(con, "release_partnerships").set_index("partnership_id")
        stories = db.run_query(con, "release_stories").set_index("story_id")
        industry = db.run_query(con, "industry_partnerships", sector_codes=[], county_fips=[YORK], year_from=2015,
                                year_to=2019, public_only=False).set_index("partnership_id")
    finally:
        con.close()
    assert list(released.loc[REGION_ONLY, "county_fips"]) == sorted([LANCASTER, YORK])
    assert list(released.loc["P1", "county_fips"]) == [LANCASTER]  # a stated list stays as stated
    assert list(stories.loc["S3", "county_fips"]) == sorted([LANCASTER, YORK])
    assert list(industry.loc[REGION_ONLY, "counties_served"]) == ["York County"]
    public_deck = report_of(gapped_db, public=True, county=[YORK])
    assert public_deck.partnerships == (("South Central Care Network", "Healthcare"),)


@pytest.mark.parametrize("version", ["9", "10"])  # a 10 as made between two commits: without the served counties
def test_an_older_file_is_read_with_the_current_rule_and_upgraded_to_it(gapped_db, tmp_path, version):
    older = tmp_path / "older.duckdb"
    shutil.copy(gapped_db, older)
    make_version_9(older)
    with duckdb.connect(str(older)) as con:
        con.execute("update schema_meta set value = $v where key = 'schema_version'", {"v": version})
    with duckdb.connect(str(older), read_only=True) as con:  # the older rule, as the file holds it
        assert REGION_ONLY not in set(con.execute(
            "select partnership_id from partnerships_in_view([], ['42071'], 2015, 2019, false)").fetchnumpy()[
            "partnership_id"])
    assert directory_ids(older, [LANCASTER]) == ["P1", REGION_ONLY]  # read by this version: the current rule
    assert ingest.upgrade_database(older) == (int(version), schema.SCHEMA_VERSION)
    macros = ("select function_name, macro_definition from duckdb_functions() where function_name in "
              "('partnerships_in_view', 'exiters_in_view', 'participant_in_view', 'partnership_served_counties') "
              "order by 1")
    with duckdb.connect(str(older), read_only=True) as con, duckdb.connect(str(gapped_db), read_only=True) as now:
        assert schema.schema_version(con) == schema.SCHEMA_VERSION
        assert con.execute(macros).fetchall() == now.execute(macros).fetchall()
    assert directory_ids(older, [LANCASTER]) == ["P1", REGION_ONLY]


@pytest.mark.parametrize("version", ["9", "11"])
def test_an_older_file_names_its_counties_with_their_kind_and_the_upgrade_keeps_them(gapped_db, tmp_path, version):
    """Data model 12 names counties as the Census Bureau does ("Lancaster County"); an older file held "Lancaster"
    and the pages added " County" to every name, parishes and independent cities too."""
    older = tmp_path / "older.duckdb"
    shutil.copy(gapped_db, older)
    make_version_9(older)
    with duckdb.connect(str(older)) as con:
        con.execute("update schema_meta set value = $v where key = 'schema_version'", {"v": version})
        assert con.execute("select county_name from counties where county_fips = $f", {"f": YORK}).fetchone() == (
            "York",)

    def york(path) -> str:
        con = db.connect_read_only(path)
        try:
            names = db.run_query(con, "state_counties", state_fips="42").set_index("county_fips")["county_name"]
        finally:
            con.close()
        return names[YORK]

    assert york(older) == "York County"  # read by this version
    assert ingest.upgrade_database(older) == (int(version), schema.SCHEMA_VERSION)
    with duckdb.connect(str(older), read_only=True) as con:
        assert con.execute("select county_name from counties where county_fips = $f", {"f": YORK}).fetchone() == (
            "York County",)
    assert york(older) == "York County"


@pytest.mark.parametrize("with_column", [False, True])
def test_a_version_12_file_with_or_without_from_quarters_is_read_and_upgraded(gapped_db, tmp_path, with_column):
    """Data model 12 came in two commits: a 12 made between them lacks qcew_annual.from_quarters, and the queries
    reading it failed ("does not have a column named from_quarters"); one made after holds it."""
    older = tmp_path / "twelve.duckdb"
    shutil.copy(gapped_db, older)
    with duckdb.connect(str(older)) as con:
        if not with_column:
            con.execute("alter table qcew_annual drop column from_quarters")
        con.execute("update schema_meta set value = '12' where key = 'schema_version'")

    def industry_rows(path):
        con = db.connect_read_only(path)
        try:
            return db.run_query(con, "industry_area_rows", area_fips=[LANCASTER], own_code="5", level="4")
        finally:
            con.close()

    assert industry_rows(older).empty  # read as this version reads it (the gapped state loads no QCEW)
    assert ingest.upgrade_database(older) == (12, schema.SCHEMA_VERSION)
    with duckdb.connect(str(older), read_only=True) as con:
        assert con.execute("select count(*) from duckdb_columns() where table_name = 'qcew_annual' "
                           "and column_name = 'from_quarters'").fetchone()[0] == 1
    assert industry_rows(older).empty


def slide_texts(report: content.Report) -> list[str]:
    deck = Presentation(io.BytesIO(build_deck(report)))
    return ["\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame) for slide in deck.slides]


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_a_partnerships_title_slide_says_not_stated_where_the_registry_says_nothing(gapped_db, tmp_path):
    report = report_of(gapped_db, partnership=[REGION_ONLY])
    assert report.title == "South Central Care Network"
    # listed by its region alone, it serves the region's counties, as the directory, map and filters count it (the
    # deck said "counties served not stated" and drew no map while the Partnerships page's map placed it)
    assert report.subtitle == ("Healthcare · convener not stated · phase not stated · South Central · "
                               "start date not stated · serves 2 counties (its region's) · Pennsylvania")
    slides = slide_texts(report)
    assert report.subtitle in slides[0]
    # "None in selection" is the cards' own words for an empty selection; a bare None, nan or NaT is a leak
    assert not any(re.search(r"\bNone\b(?! in selection| on record)|\bnan\b|\bNaT\b", text) for text in slides)
    assert report.county_map is not None and report.no_map_because == ""
    assert sorted(f for f, category in report.county_map.category_of.items() if category == "served") == [
        LANCASTER, YORK]
    assert "does not state which counties" not in " ".join(pdf_text(build_onepager(report, "Pennsylvania"),
                                                                    tmp_path).split())


def test_a_region_listed_partnerships_profile_names_its_regions_counties(gapped_db, monkeypatch):
    """Its profile read "Counties served:" with nothing after it and its map marked every county "not served",
    while the directory and the sidebar's county filter counted it in its region's counties."""
    from page_support import open_page

    at = open_page("pages/1_Partnerships.py", gapped_db, monkeypatch, partnership=REGION_ONLY)
    captions = [c.value for c in at.caption]
    assert "Counties served (its region's: it lists no county of its own): Lancaster County, York County" in captions
    directory = db.run_query(db.connect_read_only(gapped_db), "partnership_directory", sector_codes=[],
                             county_fips=[], year_from=2015, year_to=2019, public_only=False).set_index(
                                 "partnership_id")
    assert list(directory.loc[REGION_ONLY, "county_fips"]) == [LANCASTER, YORK]
    assert bool(directory.loc[REGION_ONLY, "served_by_region"]) and not directory.loc["P1", "served_by_region"]


def test_a_partnership_outside_the_years_chosen_keeps_its_own_deck_and_says_so(gapped_db):
    report = report_of(gapped_db, partnership=[LONG_AGO], years=["2016"])
    assert report.title == "Chester Makers 2008" and report.partnership_id == LONG_AGO
    assert report.filters == "Chester Makers 2008 · 2016"
    assert "convened by Chester WDB (workforce board) · sustaining phase" in report.subtitle
    assert "serves 1 county" in report.subtitle
    for section in report.sections:
        assert section.absent == ("Chester Makers 2008 was not active in 2016 (its years: 2008–2011): it has no "
                                  "figures for these years.")
    slides = slide_texts(report)
    assert "Chester Makers 2008" in slides[0] and "Sector strategies at a glance" not in slides[0]
    assert not slides[-1].rstrip().endswith("not as targets:")  # no published figure beside any of its figures


@pytest.fixture(scope="module")
def regions_only_db(tmp_path_factory):
    """A registry of partnerships by region, with no partnership counties and no state recorded at load."""
    tables = gapped_tables()
    tables["partnerships"]["region_id"] = "SC"  # each listed by its region: no county named anywhere
    keep = ("regions", "region_counties", "sectors", "partnerships")
    path = tmp_path_factory.mktemp("regions-only") / "regions.duckdb"
    load(path, {name: frame for name, frame in tables.items() if name in keep}, state_fips=None)
    return path


def test_the_state_is_known_from_the_region_counties_when_no_partnership_names_a_county(regions_only_db):
    with duckdb.connect(str(regions_only_db), read_only=True) as con:
        assert db.run_query(con, "active_state")["state_fips"].tolist() == ["42"]


def test_region_listed_partnerships_are_mapped_by_their_regions_counties(regions_only_db):
    report = report_of(regions_only_db)  # no partnership_counties: each serves its region's counties
    assert report.county_map is not None and not report.no_map_because
    profile = report_of(regions_only_db, partnership=[REGION_ONLY])
    # as the state's map places it: its region's counties (it read "counties served not loaded", with no map)
    assert profile.subtitle.endswith("· serves 2 counties (its region's) · Pennsylvania")  # a real state's name
    assert profile.county_map is not None and not profile.no_map_because
    # and the cards count them too (they said "Not loaded: load partnership_counties.csv" beside that map)
    state_cards = {card.label: card for section in report.sections for card in section.headlines}
    assert state_cards["Counties with a partnership"].value not in ("Not loaded", "None in selection")
    profile_cards = {card.label: card for section in profile.sections for card in section.headlines}
    assert profile_cards["Counties served"].value == "2"


def test_no_map_of_zeros_when_no_county_served_is_known(tmp_path):
    """Partnerships with a region whose counties were never loaded: a map would colour every county "none"."""
    tables = gapped_tables()
    tables["partnerships"]["region_id"] = "SC"
    path = tmp_path / "no-counties.duckdb"
    load(path, {name: tables[name] for name in ("regions", "sectors", "partnerships")})
    report = report_of(path)
    assert report.county_map is None
    assert report.no_map_because == "No county map: which counties the partnerships serve is not loaded yet."
    printed = " ".join(pdf_text(build_onepager(report, "Pennsylvania"), tmp_path).split())
    assert report.no_map_because in printed
    assert "Data page" not in printed and ".csv" not in printed  # a handout, not the staff's instruction


def test_no_title_names_the_state_none_when_no_county_tells_the_state(tmp_path, monkeypatch):
    """Partnerships whose regions have no counties loaded, and no state given at load: the public deck's title
    and the Showcase read "Sector partnerships in None"."""
    from sectorscope import codes, config
    from sectorscope.export.public import public_export
    from sectorscope.release.build import build_release

    tables = gapped_tables()
    tables["partnerships"]["region_id"] = "SC"
    path = tmp_path / "no-state.duckdb"
    load(path, {name: tables[name] for name in ("regions", "sectors", "partnerships")}, state_fips=None)
    assert codes.state_name(None) == "the state" and codes.state_name("42") == "Pennsylvania"
    with duckdb.connect(str(path)) as con:
        build_release(con, config.min_cell_size())
    with duckdb.connect(str(path), read_only=True) as con:
        _deck, report, _problems = public_export(con, "deck", {})
    assert report is not None and "None" not in report.title and report.title == "Sector partnerships in the state"
    assert "None" not in " ".join(slide_texts(report))
    from page_support import open_page

    showcase = open_page("app.py", path, monkeypatch, mode="public")
    assert showcase.title[0].value == "Sector partnerships in the state"


def test_a_profile_with_no_one_on_record_says_none_on_record_not_none_in_selection(gapped_db, monkeypatch):
    """A partnership active 2008-2011, before any exit or survey on record: its profile (which counts all its years,
    whatever the sidebar says) read "None in selection" under a filter icon, and its help "in the selected years"."""
    from page_support import open_page

    at = open_page("pages/1_Partnerships.py", gapped_db, monkeypatch, partnership=LONG_AGO)
    cards = {metric.label: metric for metric in at.metric}
    for label in ("Participants who exited", "Employers surveyed"):
        assert cards[label].value == "None on record", (label, cards[label].value)
        assert "selected years" not in (cards[label].help or "")
    captions = [caption.value for caption in at.caption]
    assert any("no exiter of this partnership on record" in text for text in captions)
    assert not any("(median" in (metric.help or "") and "–" in (metric.help or "") for metric in at.metric)


ON_RECORD = {"exiter": "None on record: no exiter of this partnership on record (exits on record run 2017–2019; "
                       "active 2008–2011).",
             "survey": "None on record: no employer survey of this partnership on record (surveys on record run "
                       "2018–2019; active 2008–2011)."}


def test_a_partnerships_deck_with_no_one_on_record_says_so_as_its_profile_does(gapped_db, monkeypatch):
    """A partnership of 2008-2011, before every exit and survey on record: its deck and slides (the default years)
    said "No participant left a program in this selection.", "No surveyed employer in this selection." and "None in
    selection" under grant dollars per exiter and people who left poverty, where its profile said "None on
    record" and the directory "not on record" (a reviewer). One definition: ``headlines.none_on_record``."""
    from page_support import open_page

    report = report_of(gapped_db, partnership=[LONG_AGO])
    assert report.section(content.WORKERS).absent == ON_RECORD["exiter"]
    assert report.section(content.EMPLOYERS).absent == ON_RECORD["survey"]
    cards = {card.label: card for section in report.sections for card in section.headlines}
    for label in ("Grant dollars per exiter", "People who left poverty"):
        assert (cards[label].value, cards[label].basis) == (
            "None on record", "no exiter of this partnership on record · exits on record run 2017–2019; "
            "active 2008–2011"), label
    text = "\n".join(slide_texts(report))
    assert ON_RECORD["exiter"] in text and ON_RECORD["survey"] in text
    assert "left a program in this selection" not in text and "surveyed employer in this selection" not in text
    # its profile: the same words, the same years
    at = open_page("pages/1_Partnerships.py", gapped_db, monkeypatch, partnership=LONG_AGO)
    cards_shown = {metric.label: metric for metric in at.metric}
    assert cards_shown["Participants who exited"].value == "None on record"
    assert any("no exiter of this partnership on record · exits on record run 2017–2019; active 2008–2011"
               in caption.value for caption in at.caption)


def test_a_partnership_with_people_but_no_survey_on_record_says_none_on_record_for_its_employers(gapped_db):
    """A partnership with an exiter but no employer survey in any year: its profile said "None on record", its
    deck "No surveyed employer in this selection" (a reviewer, on a copy of the demo). Its dates are not stated, so
    no years are said beside it."""
    report = report_of(gapped_db, partnership=[REGION_ONLY])
    assert report.section(content.EMPLOYERS).absent == ("None on record: no employer survey of this partnership on "
                                                        "record.")
    assert report.section(content.WORKERS).absent is None


def test_a_partnership_with_people_in_other_years_keeps_none_in_selection(gapped_db):
    """Nobody in the chosen years but people in others: the filter is the reason, not the records."""
    report = report_of(gapped_db, partnership=["P1"], years=["2015-2016"])
    assert report.section(content.WORKERS).absent == ("No participant left a program in this selection. Exits on "
                                                      "record run 2017–2019.")
    assert "on record:" not in " ".join(section.absent or "" for section in report.sections)


def test_a_public_deck_of_a_partnership_with_no_one_on_record_says_none_on_record_not_0(gapped_db):
    """Its public deck read "People who left a program 0" and "Employer survey answers 0": the release stores true
    0s for its whole period. Here every year's count is hidden (a tiny state), so no years on record are said."""
    from sectorscope.export.public import build_public_report, release_choice

    con = db.connect_read_only(gapped_db)
    try:
        choice, problems = release_choice(con, {"partnership": [LONG_AGO]})
        assert not problems
        deck = Presentation(io.BytesIO(build_deck(build_public_report(con, choice, is_demo=False))))
    finally:
        con.close()
    cards = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            paragraphs = [paragraph.text for paragraph in shape.text_frame.paragraphs] if shape.has_text_frame else []
            if shape.shape_type == 1 and len(paragraphs) >= 3:  # a card: label, value, basis
                cards[paragraphs[0]] = paragraphs[1:3]
    for label, kind in (("People who left a program", "exiter"), ("Employer survey answers", "employer survey"),
                        ("Completed their training", "exiter"), ("Lower staff turnover", "employer survey")):
        assert cards[label] == ["None on record", f"no {kind} of this partnership on record"], (label, cards[label])


def test_a_handouts_not_loaded_cards_leave_the_staffs_instruction_out(tmp_path):
    """A deck for legislators read "Not loaded · No partners are loaded yet. Load partners.csv on the Data page (its
    template is there)" (a reviewer following the README): the handout says what is missing, not what staff do."""
    tables = gapped_tables()
    tables["partnerships"]["region_id"] = "SC"
    path = tmp_path / "registry-only.duckdb"
    load(path, {name: tables[name] for name in ("regions", "sectors", "partnerships")})
    cards = [card for section in report_of(path).sections for card in section.headlines
             if card.value == "Not loaded"]
    assert cards and all("Data page" not in card.basis and card.basis.endswith("loaded yet.") for card in cards), [
        card.basis for card in cards]


def test_a_partnerships_deck_says_its_own_years_where_they_cut_the_years_chosen_short():
    """A new partnership's title slide and footers said the default 2005–2025, as if it had run since 2005 (a
    convener): its own years follow, from its registry dates; nothing where they cover the years chosen."""
    import pandas as pd

    from sectorscope.present.profile import own_years_note

    since_2019 = {"start_date": pd.Timestamp("2019-03-01"), "end_date": None}
    assert own_years_note(since_2019, 2005, 2025) == " · active since 2019"
    # no end date: still active, not "2025 only" (nor "2017 only" in years ending 2017: a staffer)
    assert own_years_note({"start_date": pd.Timestamp("2025-02-19"), "end_date": None}, 2005, 2025) == (
        " · active since 2025")
    assert own_years_note({"start_date": pd.Timestamp("2017-01-01"), "end_date": None}, 2014, 2017) == (
        " · active since 2017")
    assert own_years_note({"start_date": pd.Timestamp("2011-01-01"), "end_date": pd.Timestamp("2011-06-30")},
                          2005, 2025) == " · active 2011 only"
    assert own_years_note({"start_date": pd.Timestamp("2008-01-01"), "end_date": pd.Timestamp("2011-06-30")},
                          2005, 2025) == " · active 2008–2011"
    assert own_years_note(since_2019, 2019, 2022) == ""  # covers the years chosen
    assert own_years_note({"start_date": None, "end_date": None}, 2005, 2025) == ""  # dates not stated
    assert own_years_note({"start_date": pd.Timestamp("2008-01-01"), "end_date": pd.Timestamp("2011-06-30")},
                          2016, 2020) == ""  # active in none: its report says so


def test_a_new_partnerships_report_names_its_years_beside_the_years_chosen(demo_db):
    con = db.connect_read_only(demo_db)
    try:
        newest, started = con.execute("select partnership_id, year(start_date) from partnerships "
                                      "order by start_date desc limit 1").fetchone()
        view = content.view_options(con, False)
        selection = content.selection_from(view, {"partnership": [newest]})
        report = content.build_report(con, view, selection, public=False, min_cell=10)
    finally:
        con.close()
    assert started > view.options.first_year  # the demo's newest began after its first year
    own = f"active since {started}"  # it has no end date
    assert report.filters == f"{report.title} · {selection.years_text} · {own}"


def test_a_partnership_reaching_before_the_records_says_its_cards_count_the_years_on_record(demo_db, monkeypatch):
    """P054, active 2008–2016 with exits on record from 2015, read "Participants who exited 14" on its slides as if
    14 people were trained in 8 years (a convener): its profile, its slides and its deck say which of its years the
    records hold."""
    import pandas as pd
    from page_support import open_page

    from sectorscope.present.profile import partly_outside_records_note

    row = {"start_date": pd.Timestamp("2008-03-01"), "end_date": pd.Timestamp("2016-06-30")}
    assert partly_outside_records_note(row, "exits", (2015, 2025)) == (
        "Exits on record run 2015–2025; active 2008–2016: its exits before 2015 are not on record")
    assert partly_outside_records_note(row, "exits", (2010, 2015)) == (
        "Exits on record run 2010–2015; active 2008–2016: its exits before 2010 and after 2015 are not on record")
    assert partly_outside_records_note(row, "exits", (2017, 2025)) == ""  # wholly outside: outside_records_note's
    assert partly_outside_records_note(row, "exits", (2005, 2025)) == ""  # within them
    assert partly_outside_records_note({"start_date": None, "end_date": None}, "exits", (2015, 2025)) == ""
    # an end ahead: the years to come are not missing from the records (a code reviewer)
    ahead = {"start_date": pd.Timestamp("2019-01-01"), "end_date": pd.Timestamp(f"{dt.date.today().year + 3}-06-30")}
    assert partly_outside_records_note(ahead, "exits", (2015, dt.date.today().year)) == ""
    con = db.connect_read_only(demo_db)
    try:
        start, end = con.execute("select year(start_date), year(end_date) from partnerships "
                                 "where partnership_id = 'P054'").fetchone()
        view = content.view_options(con, False)
        report = content.build_report(con, view, content.selection_from(view, {"partnership": ["P054"]}),
                                      public=False, min_cell=10)
    finally:
        con.close()
    first_exit = view.options.exit_years[0]
    assert start < first_exit <= end  # the demo's P054 reaches before the exits on record
    note = f"its exits before {first_exit} are not on record."
    assert report.section(content.WORKERS).note.endswith(note)
    profile = open_page("pages/1_Partnerships.py", demo_db, monkeypatch, partnership="P054")
    assert any(note in caption.value for caption in profile.caption)
