"""AppTest of the Showcase (the public landing page) and of public mode as a whole: release cells only.

Every named query a public visit runs is recorded, and DuckDB's own plan of it (EXPLAIN, with the same values bound)
must not scan participants, wage_records, employers or employer_surveys, nor the true values of the release's hidden
cells (release_hidden_values, kept for the next build).
"""

from __future__ import annotations

import json
import re
import shutil

import duckdb
import pytest
from page_support import open_page

from sectorscope import db
from sectorscope.present.availability import ANSWER_COLUMNS
from sectorscope.release import story
from sectorscope.ui.menu import PAGES, SHOWCASE

PERSON_TABLES = ("participants", "wage_records", "employers", "employer_surveys", "release_hidden_values")
ANALYTIC_PAGES = [page.path for page in PAGES if page.modes == ("staff",) and page.path != "app.py"]

# a state's participant records with every group of answers (as ``loaded_tables`` finds them)
PARTICIPANTS_WITH_ANSWERS = frozenset({"participants", *ANSWER_COLUMNS})




def person_tables_read(path, queries) -> dict[str, set[str]]:
    """The person tables DuckDB's plan (EXPLAIN, with the same values bound) of each named query reads, for the
    queries that read any: ``queries`` is (name, parameters) pairs, as ``query_log`` records them. One connection
    for them all (opening the file costs more than planning a query) and each distinct query planned once. The
    query's own text is read too: a scan the file's statistics prove empty is planned away (partnership_profile's
    count of people in training, on a state where everyone has exited, read no person table by its plan)."""
    distinct = {(name, repr(sorted((params or {}).items()))): (name, params) for name, params in queries}
    read: dict[str, set[str]] = {}
    with duckdb.connect(str(path), read_only=True) as con:
        for name, params in distinct.values():
            plan = "\n".join(row[1] for row in con.execute("explain " + db.query_sql(name), params or None).fetchall())
            text = re.sub(r"--[^\n]*", "", db.query_sql(name))
            tables = {table for table in PERSON_TABLES if re.search(rf"\b{table}\b", plan)
                      or re.search(rf"\b(from|join)\s+{table}\b", text, re.IGNORECASE)}
            if tables:
                read.setdefault(name, set()).update(tables)
    return read


def scanned_tables(path, name: str, params: dict) -> set[str]:
    """The person tables DuckDB's plan of the named query reads."""
    return person_tables_read(path, [(name, params)]).get(name, set())


def choose(at, place: str | None = None, sector: str | None = None, year: str | None = None):
    """Pick a release cell on the Showcase as a visitor does (the selectboxes), and rerun."""
    for key, value in (("release_place", place), ("release_sector", sector), ("release_year", year)):
        if value is not None:
            at.selectbox(key=key).set_value(value)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric_values(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


@pytest.mark.parametrize("cell", [{}, {"place": "county:42133"},
                                  {"place": "region:R1", "sector": "HLTH", "year": "2019"}, {"sector": "CONS"}])
def test_public_showcase_reads_only_the_release(adversarial_db, monkeypatch, query_log, cell):
    at = choose(open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public"), **cell)
    assert at.title[0].value == "Sector partnerships in Pennsylvania"
    assert query_log, "no query was recorded: the log is not wired"
    names = {name for name, _ in query_log}
    assert "release_cell" in names
    assert not person_tables_read(adversarial_db, query_log)
    # the recorder itself can see a person table when one is read (so the assertion above can fail)
    assert scanned_tables(adversarial_db, "release_people", {}) == {"participants"}
    assert scanned_tables(adversarial_db, "release_previous_hidden", {}) == {"release_hidden_values"}


def test_public_visitors_land_on_the_showcase(adversarial_db, monkeypatch, query_log):
    at = open_page("app.py", adversarial_db, monkeypatch, mode="public")
    assert at.title[0].value == "Sector partnerships in Pennsylvania"
    assert "worker_headline_figures" not in {name for name, _ in query_log}


@pytest.mark.parametrize("path", ANALYTIC_PAGES)
def test_analytic_pages_refuse_public_visitors_by_url(path, adversarial_db, monkeypatch, query_log):
    at = open_page(path, adversarial_db, monkeypatch, mode="public")
    assert any("for state staff only" in error.value for error in at.error)
    assert not at.metric and not at.get("plotly_chart")
    assert not person_tables_read(adversarial_db, query_log)


def test_the_showcase_hides_small_cells_in_words_and_never_says_none(adversarial_db, monkeypatch):
    at = choose(open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public"), place="county:42133")
    shown = metric_values(at)
    assert shown["People who left a program"] == "hidden for privacy"  # 2 people live in York County
    assert shown["Average raise per hour"] == "hidden for privacy"
    text = " ".join([*shown.values(), *(m.value for m in at.markdown), *(c.value for c in at.caption)])
    assert not re.search(r"\bNone\b(?! in selection)", text), text  # "None in selection" is the empty wording
    assert "nan" not in text.lower().split()


def test_the_showcase_filters_offer_only_release_cells(adversarial_db, monkeypatch):
    at = open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public")
    place = at.selectbox(key="release_place")
    assert place.options[0] == "Whole state"
    assert "South Central (region)" in place.options and "Lancaster County" in place.options
    assert at.selectbox(key="release_sector").options == ["All sectors", "Construction", "Healthcare",
                                                          "Manufacturing"]
    at.selectbox(key="release_sector").set_value("CONS").run()
    assert at.query_params["sector"] in (["CONS"], "CONS")
    # a county is published whole: its sector and year pickers offer "all" alone, say why, and drop the choice
    at.selectbox(key="release_place").set_value("county:42043").run()
    for key in ("release_sector", "release_year"):
        picker = at.selectbox(key=key)
        assert len(picker.options) == 1 and picker.disabled and "together" in picker.help
    assert at.query_params["county"] in (["42043"], "42043") and "sector" not in at.query_params
    at.selectbox(key="release_place").set_value("county:42071").run()
    # Lancaster's 41 are hidden: with York's 2 hidden, region R1 minus Lancaster would give York away
    assert metric_values(at)["People who left a program"] == "hidden for privacy"
    assert metric_values(at)["Public partnerships"] == "3"  # not about people: shown
    notes = " ".join(info.value for info in at.info)  # the missing charts say why, instead of vanishing
    assert "each county for all sectors together" in notes and "each county for all years together" in notes


def test_showcase_on_the_demo_in_both_modes_with_described_charts(demo_db, monkeypatch):
    for mode in ("staff", "public"):
        at = open_page(SHOWCASE, demo_db, monkeypatch, mode=mode)
        assert not at.error
        assert any("Demo data (synthetic)" in warning.value for warning in at.warning)
        charts = at.get("plotly_chart")
        assert len(charts) == 3, "wage by sector, people by year and the map"
        wages = json.loads(charts[0].proto.spec)  # its axis in dollars and cents, as its bars' labels ("+$0.68")
        assert "raise" in wages["layout"]["title"]["text"] and wages["layout"]["xaxis"]["tickformat"] == "$,.2f"
        people = json.loads(charts[1].proto.spec)  # "1,500" beside bars labelled "1,265", not Plotly's "1500"
        assert "by year" in people["layout"]["title"]["text"] and people["layout"]["yaxis"]["tickformat"] == ",d"
        summaries = [m.value for m in at.markdown]
        assert any(s.startswith("The middle hourly raise was highest in ") for s in summaries)
        # the demo is no real state: "counties in Pennsylvania" stood over made-up figures
        assert any(" counties in the demo state (on Pennsylvania's counties) are served by at least one public "
                   "partnership" in s for s in summaries)
        assert at.title[0].value == "Sector partnerships in the demo state (on Pennsylvania's counties)"
        assert len(at.expander) >= 3, "each chart's data is one click away"
        assert len(at.get("dataframe")) >= 3
    menu = [link.proto.page for link in at.get("page_link")]
    assert menu == [SHOWCASE] or all("Showcase" in page or page.endswith("0_Showcase.py") for page in menu)


def test_staff_menu_lists_the_showcase_and_the_analytic_pages(tiny_db, monkeypatch):
    at = open_page("app.py", tiny_db, monkeypatch)
    labels = [link.proto.label for link in at.get("page_link")]
    assert "Showcase" in labels and "Worker outcomes" in labels and "Data" in labels


def test_stories_are_browsable_and_filterable(demo_db, monkeypatch):
    at = open_page(SHOWCASE, demo_db, monkeypatch, mode="public")
    quotes = [m.value for m in at.markdown if m.value.startswith("> ")]
    assert len(quotes) == 6
    at.button(key="more_stories").click().run()
    assert len([m.value for m in at.markdown if m.value.startswith("> ")]) == 12
    at.selectbox(key="story_sector").select_index(1).run()
    sector_name = at.selectbox(key="story_sector").options[1]
    captions = [c.value for c in at.caption if c.value.startswith("— ")]
    assert captions and all(f" · {sector_name}" in caption for caption in captions)


def privacy_text(at) -> str:
    return " ".join(block.value for block in at.markdown if "hidden" in block.value)


def test_the_showcase_says_whether_every_hidden_number_was_proven_protected(adversarial_db, demo_db, tmp_path,
                                                                           monkeypatch):
    """The small state's and the demo's releases are certified whole by their builds, and the page says so with
    the margin; a release whose build could not prove it says that instead of claiming a check."""
    with duckdb.connect(str(demo_db), read_only=True) as con:
        assert db.run_query(con, "release_checked")["attacker_checked"].iloc[0]
    for path in (adversarial_db, demo_db):
        text = privacy_text(open_page(SHOWCASE, path, monkeypatch, mode="public"))
        assert "a computer checked every hidden number" in text and "at least 5 higher (or as high as the total" in text
    unproven = tmp_path / "unproven.duckdb"
    shutil.copyfile(adversarial_db, unproven)
    with duckdb.connect(str(unproven)) as con:  # as a build that could not prove its release would have written
        con.execute("update release_cells set value = 0 where statistic = 'attacker_checked'")
    text = privacy_text(open_page(SHOWCASE, unproven, monkeypatch, mode="public"))
    assert "could not be checked whole" in text and "a computer checked every hidden number" not in text


def test_each_before_and_after_card_shows_the_share_before_beside_the_published_before_and_after(demo_db,
                                                                                                 monkeypatch):
    # The published figures read "49% -> 73%": a share after training alone, without its own before, was no
    # like-for-like comparison (only poverty had its before in the release).
    at = open_page(SHOWCASE, demo_db, monkeypatch, mode="public")
    deltas = {metric.label: metric.proto.delta for metric in at.metric}
    for label in ("Below the poverty line after", "Health insurance from their job", "Paid sick leave"):
        assert re.fullmatch(r"[+-]\d+ pts from \d+% before", deltas[label]), (label, deltas[label])


def test_one_year_counts_the_public_partnerships_of_all_years_and_says_so(demo_db, monkeypatch):
    """The release counts partnerships over all years only: a year's card read "None in selection" beside a map of
    the public partnerships serving the state."""
    every_year = open_page(SHOWCASE, demo_db, monkeypatch, mode="public")
    one_year = open_page(SHOWCASE, demo_db, monkeypatch, mode="public", year="2015")
    card = next(metric for metric in one_year.metric if metric.label == "Public partnerships")
    assert card.value == metric_values(every_year)["Public partnerships"] != "None in selection"
    assert any("not split by year" in caption.value for caption in one_year.caption)


@pytest.mark.parametrize(("cell", "cited"), [({}, True), ({"place": "county:42071"}, False),
                                             ({"sector": "HLTH"}, False)])
def test_the_states_published_count_stands_beside_the_whole_states_count_only(adversarial_db, monkeypatch, cell,
                                                                              cited):
    """Pennsylvania's 81 Industry Partnerships stood beside Lancaster's public partnerships, and one sector's."""
    at = choose(open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public"), **cell)
    assert "Public partnerships" in metric_values(at)
    assert any("81 Industry Partnerships" in caption.value for caption in at.caption) is cited


def test_a_year_before_anyone_left_says_so_not_that_figures_are_hidden(adversarial_db, monkeypatch):
    """The release's years start with the registry's (2016 here, before the first exit in 2017): such a year read
    "Too few sectors can be shown here ... Try a larger place" under the hidden-data icon, though nothing is
    hidden (a reviewer)."""
    at = choose(open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public"), year="2016")
    said = [info.value for info in at.info]
    assert any(text.startswith("Too few sectors with people who finished training") for text in said), said
    assert not any("can be shown here" in text for text in said)


def test_the_public_grant_total_has_no_per_grant_sizes_beside_it(demo_db, monkeypatch):
    """The Showcase's "Grant dollars" (a state-wide total) stood beside the published sizes of one grant."""
    at = open_page("app.py", demo_db, monkeypatch, mode="public")
    assert any(metric.label == "Grant dollars" for metric in at.metric)
    assert not any("Planning grants" in caption.value for caption in at.caption)


def test_a_public_link_to_the_overview_keeps_its_parameters_on_the_showcase(demo_db, monkeypatch):
    """In public mode "/?present=1&sector=HLTH" landed on the Showcase without its parameters (the whole state, not
    presented)."""
    at = open_page("app.py", demo_db, monkeypatch, mode="public", sector="HLTH", present="1")
    assert at.query_params["sector"] == ["HLTH"] or at.query_params["sector"] == "HLTH"
    assert any(md.value.startswith("### ") and "Healthcare" in md.value for md in at.markdown)
    assert any("Exit presentation" in md.value for md in at.markdown)


def test_a_link_asking_for_what_the_showcase_cannot_show_says_so(adversarial_db, monkeypatch):
    """A staff link's years=2019-2021, or a year or county with no public figures, showed other figures without a
    word (year=2030 showed all years, read as 2030's)."""
    at = open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public", years="2019-2021", county="99999",
                   year="2030")
    assert not at.exception, [e.value for e in at.exception]
    # as the page shows them: written as literal text, every Markdown mark escaped (formatting.as_markdown_text)
    notes = [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption if c.value.startswith(":material/info:")]
    assert any("years=2019-2021 is not applied: the public figures give one year at a time" in n
               and n.endswith("showing all years.") for n in notes), notes
    assert any("year=2030: not among the public figures' choices here; showing all years." in n for n in notes)
    assert any("county=99999: not among the public figures' choices here; showing the whole state." in n
               for n in notes)
    at.selectbox(key="release_year").set_value(at.selectbox(key="release_year").options[-1]).run()
    assert not [c.value for c in at.caption if c.value.startswith(":material/info:")]  # said once, on arrival
    plain = open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public", county="42133")
    assert not [c.value for c in plain.caption if c.value.startswith(":material/info:")]


@pytest.mark.parametrize("years", ["2024", "2024-2024"])
def test_a_staff_links_one_year_is_the_showcases_year(demo_db, monkeypatch, years):
    """From a staff page of Healthcare in 2024 the Showcase said "years=2024 is not applied: the public figures give
    one year at a time (Year)" and showed all years (a staffer): one year is the release's year, said by no notice."""
    at = open_page(SHOWCASE, demo_db, monkeypatch, mode="public", sector="HLTH", years=years)
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="release_year").value == "2024"
    assert not [c.value for c in at.caption if c.value.startswith(":material/info:")]


def test_the_map_is_framed_on_the_place_chosen(adversarial_db, monkeypatch):
    """A county or region chosen, the map showed the whole state with nothing marked, over a footer naming the place
    (a public-page reviewer): framed on it, and its summary says so. The whole state is not framed."""
    import json

    county = open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public", county="42133")
    assert any("The map is framed on York County." in md.value for md in county.markdown)
    framed = json.loads(next(chart for chart in county.get("plotly_chart")
                             if "map" in json.loads(chart.proto.spec)["layout"]).proto.spec)
    state = open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public")
    assert not any("The map is framed on" in md.value for md in state.markdown)
    whole = json.loads(next(chart for chart in state.get("plotly_chart")
                            if "map" in json.loads(chart.proto.spec)["layout"]).proto.spec)
    assert framed["layout"]["map"]["zoom"] > whole["layout"]["map"]["zoom"]  # one county, closer than the state


def test_release_parameter_notices_name_each_parameter_not_shown():
    from sectorscope.filters import release_parameter_notices

    shown = {"place": "the whole state", "sector": "all sectors", "year": "2019"}
    assert release_parameter_notices({"sector": ["HLTH", "MFG"], "partnership": ["P001"], "year": ["2019"]},
                                     {"year": "2019"}, shown) == [
        "sector=HLTH&sector=MFG: one at a time; showing all sectors.",
        "partnership=P001 is not applied on this page: add present=1 to the link for that partnership's public "
        "slides."]  # not "its public page is on Partnerships", a page the public is refused
    assert release_parameter_notices({"region": ["R01"], "present": ["1"]}, {"region": "R01"}, shown) == []
    # a staff page's tab and the Worker page's counting basis were dropped without a word (a code reviewer)
    assert release_parameter_notices({"tab": ["for-whom"], "counted": ["served"]}, {}, shown) == [
        "tab=for-whom is not applied on this page.", "counted=served is not applied on this page."]
    # one year: the release's year where it has it, else not "one year at a time", which it asked for (a reviewer)
    every_year = shown | {"year": "all years"}
    assert release_parameter_notices({"years": ["2019-2019"]}, {"year": "2019"}, shown) == []
    assert release_parameter_notices({"years": ["2030"]}, {}, every_year) == [
        "years=2030: not among the public figures' choices here; showing all years."]
    assert release_parameter_notices({"years": ["2018-2019"]}, {}, every_year) == [
        "years=2018-2019 is not applied: the public figures give one year at a time (Year), or all years together; "
        "showing all years."]


def test_a_places_grant_card_gives_its_public_partnerships_dollars(adversarial_db, monkeypatch):
    """Lancaster's public one-pager read "Grant dollars $60.4M", the state's total (a reviewer); then "Grant dollars,
    whole state" beside Lancaster's own figures (a convener). Over all years a place's card gives the grants of the
    public partnerships serving it, whole; a year's, which the release does not split by partnership, the state's,
    said so."""
    import duckdb

    from sectorscope.present.formatting import format_compact_dollars
    from sectorscope.release.story import STATE_GRANTS_CARD

    with duckdb.connect(str(adversarial_db), read_only=True) as con:
        served, dollars = con.execute(
            "select count(distinct pa.partnership_id), sum(g.amount_usd) from partnerships as pa "
            "left join grants as g on g.partnership_id = pa.partnership_id where pa.is_public and pa.partnership_id "
            "in (select partnership_id from partnership_counties where county_fips = '42071')").fetchone()
    assert served >= 2
    county = choose(open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public"), place="county:42071")
    assert metric_values(county)["Grant dollars"] == format_compact_dollars(dollars)
    assert STATE_GRANTS_CARD not in metric_values(county)
    assert f"to the {served} public partnerships serving this place, each one's whole grants" in [
        c.value for c in county.caption]
    # a year's (where the release splits a place by year): the state's dollars, said so
    import pandas as pd

    rows = pd.DataFrame({"statistic": ["grant_dollars", "public_partnerships"], "value": [2.1e6, 3.0],
                         "is_hidden": [False, False]})
    loaded = frozenset({"grants", "partnerships"})
    a_year = {card.label: card for card in story.partnership_cards(
        story.Cell(rows), story.Cell(rows), "42", False, loaded, year="2019", place_grants=(3, 300_000.0))}
    assert a_year[STATE_GRANTS_CARD].value == "$2.1M"
    nobody = {card.label: card for card in story.partnership_cards(
        story.Cell(rows), story.Cell(rows), "42", False, loaded, place_grants=(0, None))}["Grant dollars"]
    assert (nobody.value, nobody.basis) == ("None in selection", "no public partnership serves this place")


def test_a_years_grant_card_says_its_dollars_are_that_years(adversarial_db, monkeypatch):
    """A year's Showcase gave the grants started in 2019 as "Grant dollars · state-wide, to public partnerships",
    read as every year's (a reviewer)."""
    year = choose(open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public"), year="2019")
    every = open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public")
    assert "grants started in 2019, state-wide, to public partnerships" in [c.value for c in year.caption]
    assert not any("grants started in" in c.value for c in every.caption)


def test_the_showcase_says_it_counts_public_partnerships_people_only(adversarial_db, monkeypatch):
    """Lancaster's Showcase read 380 people where the staff pages read 553 (170 trained by a partnership not cleared
    for public display), and nothing on it said so; staff saw both without a word (a reviewer)."""
    public = open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public")
    assert story.PUBLIC_PEOPLE_NOTE in [c.value for c in public.caption]
    county = choose(open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public"), place="county:42071")
    assert story.PUBLIC_PEOPLE_NOTE in [c.value for c in county.caption]  # said where every card is hidden too
    assert any("public partnership's training" in md.value for md in public.markdown)
    assert not any("This is the public view" in info.value for info in public.info)
    staff = open_page(SHOWCASE, adversarial_db, monkeypatch, mode="staff")
    assert any("This is the public view" in info.value for info in staff.info)


def test_a_sectors_grant_card_names_the_sector_and_every_grant_type():
    """A region's Healthcare one-pager read "Grant dollars, whole state $15.7M" (Healthcare's), and the card's
    definition named planning and implementation grants beside a total holding other grants too (a reviewer)."""
    import pandas as pd

    rows = pd.DataFrame({"statistic": ["grant_dollars", "public_partnerships"], "value": [15.7e6, 4.0],
                         "is_hidden": [False, False]})
    cards = {card.label: card for card in story.partnership_cards(
        story.Cell(rows), story.Cell(rows), "42", False, frozenset({"grants", "partnerships"}), sector="Healthcare")}
    grants = cards[story.STATE_GRANTS_CARD]
    assert grants.basis == "state-wide, to public Healthcare partnerships (not split by place)"
    assert "implementation and other grants" in grants.definition


def test_the_public_people_cards_say_whom_they_count():
    import pandas as pd

    rows = pd.DataFrame({"statistic": ["exiters", "mean_wage_gain", "wage_n"], "value": [380.0, 2.78, 284.0],
                         "is_hidden": [False] * 3})
    cards = {card.label: card for card in story.worker_cards(story.Cell(rows), 10, PARTICIPANTS_WITH_ANSWERS)}
    assert cards["People who left a program"].basis.startswith("trained by a public partnership")
    # the n of a raise is completers (it read "of 284 people with pay before and after")
    assert cards["Average raise per hour"].basis.startswith("of 284 people who completed, with pay before and after")


def test_a_showcase_charts_picture_stands_alone(adversarial_db, monkeypatch):
    """A Showcase chart downloaded as a picture carried its title and bars alone: no place, sector or year, no source,
    no "public partnerships only" (on the demo, no "Demo data (synthetic)"), as the staff charts carry (a reviewer)."""
    import json

    at = open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public")
    charts = [(json.loads(chart.proto.spec), json.loads(chart.proto.config)) for chart in at.get("plotly_chart")]
    assert charts
    for figure, config in charts:
        foot = " ".join(note.get("text", "") for note in figure["layout"].get("annotations", [])).replace("<br>", " ")
        assert "Whole state · all sectors · all years · public partnerships only" in foot, foot
        assert story.public_source(False) in foot
        assert config["toImageButtonOptions"]["filename"].startswith("sectorscope_")


def test_a_year_before_every_exit_on_record_is_not_0_people(demo_db, monkeypatch):
    """The Showcase and the public deck of 2008 (the demo's exits run 2015-2025) read "People who left a program 0":
    a year outside the exits on record reads "None in selection" with the years on record, as the staff pages say
    it; a year inside them keeps its count."""
    at = choose(open_page(SHOWCASE, demo_db, monkeypatch, mode="public"), year="2008")
    cards = metric_values(at)
    assert cards["People who left a program"] == "None in selection"
    assert any("Published exits run 2015–2025: none in the years chosen" in caption.value for caption in at.caption)
    assert metric_values(choose(at, year="2019"))["People who left a program"].replace(",", "").isdigit()


@pytest.mark.parametrize("asked", ["P2", "P9"])  # P2 is not public, P9 unknown: said in the same words
def test_a_public_deck_of_a_partnership_it_cannot_show_says_so(tiny_db, monkeypatch, asked):
    """A public deck asked for "partnership=P026" (not public) or "P999" was the whole state's without a word: its
    title slide says so, alike for both, so that neither tells which partnerships exist. (The presentation refuses
    such a link: tests/test_present_links.py.)"""
    import io

    from pptx import Presentation

    from sectorscope.export.public import public_export

    said = f"No public partnership {asked}: showing the whole state instead."
    con = db.connect_read_only(tiny_db)
    try:
        deck, _, _ = public_export(con, "deck", {"partnership": [asked]})
    finally:
        con.close()
    title = Presentation(io.BytesIO(deck)).slides[0]
    assert said in "\n".join(shape.text_frame.text for shape in title.shapes if shape.has_text_frame)


def test_a_place_whose_employer_figures_are_all_hidden_points_to_the_whole_states(demo_db, monkeypatch):
    """A region of the demo shows "hidden for privacy" on all five employer cards (each rests on 64-324 employers,
    hidden so that no handful can be worked out): the visitor was not told where employer figures can be seen."""
    with db.connect_read_only(demo_db) as con:
        state = story.Cell(db.run_query(con, "release_cell", geo_level="state", geo_id="42", sector_code="all",
                                        period="all", partnership_id="all"))
    employer_labels = [card.label for card in story.employer_cards(state, 10, frozenset({"employer_surveys"}))]
    at = open_page(SHOWCASE, demo_db, monkeypatch, mode="public")
    assert not any(story.EMPLOYERS_HIDDEN_HERE in caption.value for caption in at.caption)  # the state's are shown
    choose(at, place="region:R03")
    shown = metric_values(at)
    assert all(shown[label] == "hidden for privacy" for label in employer_labels), shown
    assert any(story.EMPLOYERS_HIDDEN_HERE in caption.value for caption in at.caption)


def test_each_charts_table_is_named_after_its_chart(demo_db, monkeypatch):
    """Three expanders named "Show the data as a table" were read out alike (a keyboard reviewer): each names its
    chart."""
    at = open_page("app.py", demo_db, monkeypatch, mode="public")
    labels = [expander.label for expander in at.expander if expander.label.startswith("Show the data as a table")]
    assert len(labels) >= 3 and len(set(labels)) == len(labels), labels
    assert all(label.startswith("Show the data as a table: ") for label in labels)


def test_a_region_named_a_region_is_not_called_one_twice(demo_db, monkeypatch):
    """"Erie Region (region)" in the place list and the map's words (a keyboard reviewer); a name without the word
    keeps it ("South Central (region)", the test above's)."""
    at = open_page("app.py", demo_db, monkeypatch, mode="public")
    place = at.selectbox(key="release_place")
    assert any(option.endswith(" Region") for option in place.options), place.options
    assert not [option for option in place.options if "Region (region)" in option]


def test_the_raise_by_sector_keeps_every_sector_in_the_picture(demo_db, monkeypatch):
    """Region R07's chart drew its 4 sectors with a raise and left out the 5 hidden ones: a PNG of it dropped them
    without a sign (a public visitor). Each keeps its row, marked in words, and the chart's rows and its table list
    the same sectors."""
    import json

    at = open_page(SHOWCASE, demo_db, monkeypatch, mode="public", region="R07")
    figure = next(spec for spec in (json.loads(chart.proto.spec) for chart in at.get("plotly_chart"))
                  if spec["layout"]["title"]["text"].startswith("Middle hourly raise by sector"))
    bars = next(trace for trace in figure["data"] if trace["type"] == "bar")
    [marks] = [trace for trace in figure["data"] if trace.get("mode") == "text"]
    assert len(bars["y"]) == 4 and len(marks["y"]) == 5
    assert set(marks["text"]) == {"hidden for privacy"}
    assert set(figure["layout"]["yaxis"]["categoryarray"]) == set(bars["y"]) | set(marks["y"])
