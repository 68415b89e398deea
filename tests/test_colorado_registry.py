"""A real state's registry, end to end: the Colorado Workforce Development Council's partnership list (as
transcribed in ../shared/data, see its PROVENANCE.md) loads through the committed mapping with its real columns,
nothing is invented for what the list does not say, and the profile says "not stated" there."""

from __future__ import annotations

import io

import duckdb
import pandas as pd
import pytest
from conftest import SHARED
from page_support import app_test
from pptx import Presentation

from sectorscope import cli
from sectorscope.config import PROJECT_ROOT
from sectorscope.ingest import mapping, templates

COLORADO = SHARED / "data" / "partnerships" / "colorado_cwdc_sector_partnerships_TRANSCRIBED.csv"
MAPPING = PROJECT_ROOT / "docs" / "mappings" / "colorado_cwdc_sector_partnerships.toml"
SAN_LUIS = "San Luis Valley Healthcare Sector Partnership"
# The list's sector words, and the sector each is read as (names through codes.SECTORS; "Tree care / landscaping"
# through the mapping file's value NAICS 561730).
SECTOR_OF = {"Manufacturing": "MFG", "Healthcare": "HLTH", "Retail": "RETL", "Tree care / landscaping": "BSVC",
             "Construction": "CONS", "Information technology": "IT", "Agriculture / food processing": "AGRI"}

pytestmark = pytest.mark.skipif(not COLORADO.exists(), reason="../shared/data is not present")


@pytest.fixture(scope="module")
def colorado(tmp_path_factory):
    """The list loaded with the CLI, beside the template's standard sectors and its regions (which the list names
    only by number), into a new database; returns (database, the CLI's report on stderr)."""
    folder = tmp_path_factory.mktemp("colorado")
    templates.write_templates(folder / "templates")
    listed = pd.read_csv(COLORADO, dtype=str)
    numbers = sorted(listed["co_economic_development_region"].unique(), key=int)
    pd.DataFrame({"region_id": numbers, "region_name": [f"Economic development region {n}" for n in numbers],
                  "region_type": "economic development region"}).to_csv(folder / "regions.csv", index=False)
    database = folder / "colorado.duckdb"
    return database, listed, folder


def test_the_list_loads_through_the_mapping_without_invented_values(colorado, capsys):
    database, listed, folder = colorado
    code = cli.main(["load", str(COLORADO), str(folder / "templates" / "sectors.csv"), str(folder / "regions.csv"),
                     "--mapping", str(MAPPING), "--db", str(database)])
    report = capsys.readouterr()
    assert code == 0, report.err
    for column in ("state", "asterisk_on_page", "counties_stated_by_source", "source_url", "source_publisher",
                   "note"):
        assert f"column {column}: not a column of partnerships; left out of the load" in report.err
    assert "8 region(s) have no counties" in report.err
    with duckdb.connect(str(database), read_only=True) as con:
        loaded = con.execute("select partnership_id, name, sector_code, region_id, convener_name, convener_type, "
                             "phase, start_date, end_date, description, is_public from partnerships").df()
    assert len(loaded) == len(listed) == 18
    loaded = loaded.set_index("name").loc[listed["partnership_name"]]
    assert list(loaded["partnership_id"]) == list(listed["partnership_name"])
    assert list(loaded["region_id"]) == list(listed["co_economic_development_region"])
    assert list(loaded["sector_code"]) == [SECTOR_OF[s] for s in listed["sector_inferred_from_name"]]
    unstated = ["convener_name", "convener_type", "phase", "start_date", "end_date", "description", "is_public"]
    assert loaded[unstated].isna().all().all(), "the list does not state these; nothing may be filled in"
    again = mapping.remembered(database, "partnerships", listed.columns)
    assert again is not None and ("partnership_name", "name") in again.pairs


def test_counties_the_list_names_load_as_partnership_counties(colorado, capsys):
    """The one row that states counties names them; they become FIPS codes through the Census county list."""
    database, listed, folder = colorado
    if not database.exists():
        pytest.skip("needs the load above")
    with duckdb.connect(str(database), read_only=True) as con:
        # the list names "Saguache", the Census "Saguache County"
        fips = {name.removesuffix(" County"): code for name, code in con.execute(
            "select county_name, county_fips from counties where state_fips = '08'").fetchall()}
    stated = listed.dropna(subset=["counties_stated_by_source"])
    rows = [(row.partnership_name, fips[name.strip()]) for row in stated.itertuples()
            for name in row.counties_stated_by_source.split(";")]
    pd.DataFrame(rows, columns=["partnership_id", "county_fips"]).to_csv(folder / "partnership_counties.csv",
                                                                         index=False)
    code = cli.main(["load", str(folder / "partnership_counties.csv"), "--db", str(database)])
    assert code == 0, capsys.readouterr().err
    with duckdb.connect(str(database), read_only=True) as con:
        served = con.execute("select county_fips from partnership_counties order by 1").fetchall()
    assert [f for (f,) in served] == ["08003", "08021", "08023", "08079", "08105", "08109"]


def loaded_page(colorado, monkeypatch, page: str | None = None, **query: str):
    """A staff page of the loaded list, run (skipped when the load test above did not make the database)."""
    database, _, _ = colorado
    if not database.exists():
        pytest.skip("needs the load above")
    monkeypatch.setenv("SECTORSCOPE_DB", str(database))
    monkeypatch.setenv("SECTORSCOPE_MODE", "staff")
    at = app_test(timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    (at.switch_page(page) if page else at).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(("name", "sector", "region"), [(SAN_LUIS, "Healthcare", "8"),
                                                        ("Metro Denver Retail", "Retail", "3")])  # region only
def test_the_profile_says_not_stated_where_the_list_says_nothing(colorado, monkeypatch, name, sector, region):
    at = loaded_page(colorado, monkeypatch, "pages/1_Partnerships.py", partnership=name)
    texts = [md.value for md in at.markdown]
    assert f"### {name}" in texts
    line = next(text for text in texts if text.startswith(f"**{sector}**"))
    assert "convener **not stated**" in line and "phase **not stated**" in line  # not "convened by not stated"
    assert "start date not stated" in line and f"Economic development region {region}" in line
    assert not any(word in line for word in ("None", "NaT", "nan", "Not stated", "since"))


def test_an_undated_registry_is_never_given_a_year(colorado, monkeypatch):
    """The list has no dates: every caption, footer and deck said "2015" (the placeholder of the year filter)."""
    from sectorscope import db
    from sectorscope.export import content
    from sectorscope.export.deck import build_deck

    at = loaded_page(colorado, monkeypatch)
    database, _, _ = colorado
    said = [caption.value for caption in at.caption] + [caption.value for caption in at.sidebar.caption]
    assert "Years: no dated records" in said
    assert any(text.endswith("· no dated records") for text in said) and not any("2015" in text for text in said)
    con = db.connect_read_only(database)
    try:
        view = content.view_options(con, False)
        for params in ({}, {"partnership": [SAN_LUIS]}):
            report = content.build_report(con, view, content.selection_from(view, params), public=False, min_cell=10)
            assert report.filters.endswith("· no dated records") and "2015" not in report.filters
            deck = Presentation(io.BytesIO(build_deck(report)))
            texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
            assert any("no dated records" in text for text in texts) and not any("2015" in text for text in texts)
    finally:
        con.close()
