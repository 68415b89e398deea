"""Page tests with Streamlit's AppTest on real database files: the tiny state (hand-checkable) and the demo."""

from __future__ import annotations

import pytest
from page_support import link_values, metrics_of, open_page

from sectorscope.ui.menu import PAGES, SHOWCASE

PAGE_FILES = [page.path for page in PAGES]
ANALYTIC_FILES = [path for path in PAGE_FILES if path != SHOWCASE]  # the Showcase has its own release filters


@pytest.mark.parametrize("path", PAGE_FILES)
def test_every_page_renders_on_the_tiny_state(path, tiny_db, monkeypatch):
    at = open_page(path, tiny_db, monkeypatch)
    assert not at.error
    assert at.title, "page has no title"
    assert not any("Demo data (synthetic)" in w.value for w in at.warning)


def test_overview_figures_follow_the_sector_filter(tiny_db, monkeypatch):
    at = open_page("app.py", tiny_db, monkeypatch)
    before = metrics_of(at)
    assert before["Participants who exited"] == "4"
    assert before["Mean hourly wage gain"] == "+$2.67"  # (+3 +1 +4) / 3 completers with both wages
    poverty = next(metric for metric in at.metric if metric.label == "Below poverty after")
    assert (poverty.value, poverty.delta) == ("50%", "-25 pts from 75%")
    at.multiselect(key="sectors").set_value(["MFG"]).run()
    after = metrics_of(at)
    assert after["Participants who exited"] == "1"
    assert after["Mean hourly wage gain"] == "+$4.00"
    assert link_values(at, "sector") == ["MFG"]


def test_the_states_count_of_partnerships_stands_beside_the_whole_states_count_only(tiny_db, monkeypatch):
    """Pennsylvania's published 81 Industry Partnerships stood beside one county's or one sector's count."""
    def cites_the_state_count(at) -> bool:
        return any("81 Industry Partnerships" in caption.value for caption in at.caption)

    at = open_page("app.py", tiny_db, monkeypatch)
    assert cites_the_state_count(at)
    at.multiselect(key="sectors").set_value(["MFG"]).run()
    assert not at.exception and not cites_the_state_count(at)


def test_the_take_away_tools_say_whose_slides_they_make(tiny_db, monkeypatch):
    """On the Funding page with a partnership in the link, the page showed every partnership's totals while Present
    and the deck made that one partnership's slides, their help saying "slides of this view"."""
    from sectorscope.ui.present import file_stem

    page = open_page("pages/5_Funding_and_systems_change.py", tiny_db, monkeypatch, partnership="P1")
    name = "Lancaster Health Careers"
    assert f"Slides and deck: **{name}** (the partnership chosen)." in [c.value for c in page.sidebar.caption]
    assert name in page.button(key="present-start").help
    whole = open_page("pages/5_Funding_and_systems_change.py", tiny_db, monkeypatch)
    assert not any(c.value.startswith("Slides and deck") for c in whole.sidebar.caption)
    # the staff one-pager's help said "for legislators" above a footer saying "for use inside the state" (a staffer)
    assert "One-pager: staff figures, for use inside the state. To hand out, the Showcase's one-pager (public " \
           "figures)." in [c.value for c in whole.sidebar.caption]
    assert "legislators" not in str(whole.get("download_button"))
    assert "this view" in whole.button(key="present-start").help
    assert file_stem("Lancaster County", True) == "sectorscope-demo-lancaster-county"
    assert file_stem("Lancaster County", False) == "sectorscope-lancaster-county"
    # a place's accented letters keep their base letter (New Mexico's "Doña Ana County" lost its "ñ")
    assert file_stem("Doña Ana County", False) == "sectorscope-dona-ana-county"
    assert file_stem("Río Arriba · Española", False) == "sectorscope-rio-arriba-espanola"


def test_a_downloaded_deck_is_named_after_what_it_holds():
    """Every deck downloaded from a page was "sectorscope-view-<date>.pptx": the partnership's name, else the
    filters of the link, else the whole state."""
    from sectorscope.ui.present import deck_name, file_stem

    assert deck_name("Bedford Health Careers", (("partnership", ("P001",)),)) == "Bedford Health Careers"
    # its years where the link narrows them: the all-years deck and the 2024 deck were one file name (a convener)
    assert deck_name("Bedford Health Careers", (("partnership", ("P001",)), ("years", ("2024-2024",)))) == (
        "Bedford Health Careers-2024-2024")
    # a region's deck named as its one-pager is, not by its code ("r01-it")
    assert file_stem(deck_name(None, (("region", ("R01",)), ("sector", ("IT",))), "Lancaster Region"), True) == (
        "sectorscope-demo-lancaster-region-it")
    assert file_stem(deck_name(None, (("county", ("42071",)), ("sector", ("HLTH",)), ("years", ("2019-2023",)))),
                     True) == "sectorscope-demo-42071-hlth-2019-2023"
    assert deck_name(None, ()) == "whole-state"
    from sectorscope.ui.present import one_pager_name

    # a one-pager: its place, then the sectors and years it holds (a staffer's Healthcare 2018-2022 handout was
    # named as the county's whole record)
    assert file_stem(one_pager_name("Philadelphia County", (("county", ("42101",)), ("sector", ("HLTH",)),
                                                             ("years", ("2018-2022",)))), True) == (
        "sectorscope-demo-philadelphia-county-hlth-2018-2022")
    assert one_pager_name("Pennsylvania", ()) == "Pennsylvania"
    many = deck_name(None, (("county", tuple(f"42{n:03}" for n in range(1, 134, 2))),))
    assert len(many) == 80 and many.endswith("-more")


def test_the_overview_draws_its_map_first_and_reads_in_its_order(tiny_db, monkeypatch):
    """The map is sent before the cards are worked out (the browser starts loading its charting code while they
    follow: issue 16's startup), yet the page reads as laid out: workers, employers, partnerships beside the map,
    systems change, community."""
    from sectorscope.present import headlines
    from sectorscope.ui import render

    order: list[str] = []

    def noted(name, function):
        def call(*args, **kwargs):
            order.append(name)
            return function(*args, **kwargs)
        return call

    monkeypatch.setattr(render, "render_chart", noted("map", render.render_chart))
    for name in ("worker_headlines", "employer_headlines", "partnership_headlines"):
        monkeypatch.setattr(headlines, name, noted(name, getattr(headlines, name)))
    at = open_page("app.py", tiny_db, monkeypatch)
    assert not at.exception
    assert order[0] == "map" and sorted(order[1:]) == ["employer_headlines", "partnership_headlines",
                                                       "worker_headlines"]
    assert [header.value for header in at.header] == [
        "Impact on workers", "Impact on employers", "Partnership effectiveness", "Systems change",
        "Impact on community"]
    assert at.metric[0].label == "Participants who exited"


def test_region_selects_its_counties(tiny_db, monkeypatch):
    at = open_page("app.py", tiny_db, monkeypatch)
    at.multiselect(key="regions").set_value(["SC"]).run()
    assert at.multiselect(key="counties").value == ["42071", "42133"]
    assert link_values(at, "region") == ["SC"]
    # under the heading "County", a state of counties lists them without the word (Census names: "Lancaster County")
    options = at.multiselect(key="counties").options
    assert "Lancaster" in options and "Lancaster County" not in options


@pytest.mark.parametrize("path", ["pages/1_Partnerships.py", "pages/3_Worker_outcomes.py",
                                  "pages/5_Funding_and_systems_change.py"])
def test_a_pages_view_line_names_its_region(tiny_db, monkeypatch, path):
    """The pages said "1 region (2 counties in all)" where the deck and one-pager of the same view named it (a
    convener): every page's line under its title names the region."""
    at = open_page(path, tiny_db, monkeypatch, region="SC")
    lines = [caption.value for caption in at.caption if "counties in all" in caption.value]
    assert lines and all("South Central (2 counties in all)" in line for line in lines), lines


def test_link_parameters_reopen_the_view_and_junk_is_ignored(tiny_db, monkeypatch):
    at = open_page("app.py", tiny_db, monkeypatch, sector="HLTH", county="42133", years="2018-2019", junk="1")
    assert at.multiselect(key="sectors").value == ["HLTH"]
    assert at.slider(key="years").value == (2018, 2019)
    assert metrics_of(at)["Participants who exited"] == "1"  # C: York resident, healthcare, exited 2018
    assert any("junk" in caption.value for caption in at.caption)


def test_the_overview_names_the_region_chosen_as_its_deck_and_one_pager_do(tiny_db, monkeypatch):
    """The Overview read "1 region (2 counties in all)" where its deck and one-pager named the region (a convener)."""
    at = open_page("app.py", tiny_db, monkeypatch, region="SC")
    captions = [caption.value for caption in at.caption]
    assert "All sectors · South Central (2 counties in all) · " in captions[0], captions[:2]
    assert not [caption for caption in captions if "1 region" in caption]
    # beside "Partnerships in view", how many partnerships trained the people counted (as its one-pager says it)
    assert [caption for caption in captions if caption.startswith("n = ") and " · trained by " in caption]


def test_filters_survive_a_page_switch(tiny_db, monkeypatch):
    at = open_page("app.py", tiny_db, monkeypatch)
    at.multiselect(key="sectors").set_value(["MFG"]).run()
    at.switch_page("pages/1_Partnerships.py").run()
    assert not at.exception
    assert at.multiselect(key="sectors").value == ["MFG"]
    assert at.header[0].value == "Directory · 1 partnership"  # "1 partnerships" before


def test_partnership_profile_deep_link(tiny_db, monkeypatch):
    at = open_page("pages/1_Partnerships.py", tiny_db, monkeypatch, partnership="P1")
    assert any(md.value == "### Lancaster Health Careers" for md in at.markdown)
    assert metrics_of(at)["Participants who exited"] == "3"
    assert any("I got a raise." in md.value for md in at.markdown)
    assert not any("Private words." in md.value for md in at.markdown)


def test_the_whole_states_onepager_button_is_offered(tiny_db, monkeypatch):
    """The sidebar's One-pager was greyed for the whole state, the view governors' staff hand out most (a staff
    reviewer): offered there, for one county or region, not for two counties."""
    def onepager(at):
        return next(button for button in at.get("download_button") if button.proto.label == "One-pager (PDF)")

    assert not onepager(open_page("app.py", tiny_db, monkeypatch)).proto.disabled
    assert onepager(open_page("app.py", tiny_db, monkeypatch, county=["42071", "42133"])).proto.disabled


def test_a_demo_profile_says_its_data_is_synthetic_under_its_name(demo_db, tiny_db, monkeypatch):
    """A shared profile link opens scrolled to the profile, past the page's demo notice: the first screen said
    nowhere that the partnership is made up (a convener reviewer). A state's own profile says nothing of the kind."""
    demo = open_page("pages/1_Partnerships.py", demo_db, monkeypatch, partnership="P005")
    assert ("**Demo data (synthetic):** a made-up partnership of Sectorscope's demo state."
            in [caption.value for caption in demo.caption])
    own = open_page("pages/1_Partnerships.py", tiny_db, monkeypatch, partnership="P1")
    assert not any("made-up partnership" in caption.value for caption in own.caption)


def test_the_profiles_chart_pictures_name_the_partnership_not_the_sidebars_view(tiny_db, monkeypatch):
    """The profile's charts count the partnership's whole life, but their pictures were labelled and named with
    the sidebar's sectors, counties and years ("Healthcare · all counties · 2018–2022" on a manufacturing
    partnership's partners); the map had no title."""
    import json

    at = open_page("pages/1_Partnerships.py", tiny_db, monkeypatch, partnership="P2", sector="HLTH",
                   years="2017-2018")
    charts = [(json.loads(chart.proto.spec), json.loads(chart.proto.config)) for chart in at.get("plotly_chart")]
    profile = [(spec, config) for spec, config in charts
               if config["toImageButtonOptions"]["filename"].startswith(("sectorscope_partners-by-type",
                                                                          "sectorscope_counties-served"))]
    assert len(profile) == 2, [config["toImageButtonOptions"]["filename"] for _, config in charts]
    for spec, config in profile:
        words = " ".join(annotation.get("text", "") for annotation in spec["layout"].get("annotations", []))
        assert "York-Chester Makers · all years" in words and "Healthcare" not in words
        assert "york-chester-makers" in config["toImageButtonOptions"]["filename"]


def test_a_staff_profile_says_how_many_stories_are_held_back(tiny_db, monkeypatch):
    """P1 has one story with public consent and one without: the staff profile showed the first and said nothing
    of the second, which the deck counts as collected (an Overview reviewer)."""
    staff = open_page("pages/1_Partnerships.py", tiny_db, monkeypatch, partnership="P1")
    assert any(c.value.startswith("1 more story without public consent, not shown here") for c in staff.caption)
    public = open_page("pages/1_Partnerships.py", tiny_db, monkeypatch, mode="public", partnership="P1")
    assert not any("without public consent" in c.value for c in public.caption)


def test_choosing_a_partnership_updates_the_link(tiny_db, monkeypatch):
    at = open_page("pages/1_Partnerships.py", tiny_db, monkeypatch)
    at.selectbox(key="partnership_pick").set_value("P2").run()
    assert link_values(at, "partnership") == ["P2"]
    assert any(md.value == "### York-Chester Makers" for md in at.markdown)


def test_public_mode_hides_small_numbers_and_private_partnerships(tiny_db, monkeypatch):
    """Public visitors land on the Showcase (release cells only); the staff pages refuse them."""
    at = open_page("app.py", tiny_db, monkeypatch, mode="public")
    assert at.title[0].value == "Sector partnerships in Pennsylvania"
    shown = metrics_of(at)
    assert shown["People who left a program"] == "hidden for privacy"
    assert shown["Average raise per hour"] == "hidden for privacy"
    assert shown["Public partnerships"] == "1"  # P2 is not public
    assert not any("York-Chester" in md.value for md in at.markdown)
    at = open_page("pages/1_Partnerships.py", tiny_db, monkeypatch, mode="public", partnership="P2")
    assert any("for state staff only" in error.value for error in at.error) and not at.dataframe


def test_empty_selection_shows_a_friendly_note(tiny_db, monkeypatch):
    at = open_page("app.py", tiny_db, monkeypatch, county="42003")  # Allegheny: no partnership
    assert any("No partnership, participant or employer matches" in info.value for info in at.info)


@pytest.mark.parametrize("path", PAGE_FILES)
def test_demo_pages_render_with_the_demo_notice(path, demo_db, monkeypatch):
    at = open_page(path, demo_db, monkeypatch)
    assert any("Demo data (synthetic)" in w.value for w in at.warning)
    assert not at.error


def test_demo_overview_changes_with_sector(demo_db, monkeypatch):
    at = open_page("app.py", demo_db, monkeypatch)
    everything = metrics_of(at)
    sector = at.multiselect(key="sectors").options[0]
    at.multiselect(key="sectors").set_value([sector]).run()
    narrowed = metrics_of(at)
    assert narrowed["Participants who exited"] != everything["Participants who exited"]
    assert narrowed["Mean hourly wage gain"] != everything["Mean hourly wage gain"]


@pytest.mark.parametrize("path", ANALYTIC_FILES)
def test_every_page_takes_link_parameters_and_ignores_junk(path, tiny_db, monkeypatch):
    at = open_page(path, tiny_db, monkeypatch, sector="MFG", county="42133", junk="<b>")
    assert at.multiselect(key="sectors").value == ["MFG"]
    assert at.multiselect(key="counties").value == ["42133"]
    if path == "app.py":  # AppTest enters through app.py; the browser test checks the notice on a page's own URL
        assert any("Ignored unknown link parameter" in caption.value for caption in at.caption)
    assert link_values(at, "sector") == ["MFG"] and "junk" not in at.query_params


@pytest.mark.parametrize("path", ANALYTIC_FILES)
def test_every_page_keeps_filters_after_a_switch(path, tiny_db, monkeypatch):
    at = open_page("pages/1_Partnerships.py", tiny_db, monkeypatch, years="2017-2018")
    at.multiselect(key="sectors").set_value(["HLTH"]).run()
    at.switch_page(path).run()
    assert not at.exception
    assert at.multiselect(key="sectors").value == ["HLTH"]
    assert at.slider(key="years").value == (2017, 2018)


def test_what_startup_made_is_frozen_out_of_the_collector_s_way(tiny_db, monkeypatch):
    """A full collection visited every object the imports made (90-160 ms in the middle of a rerun): the first page
    setup of a process moves them out of its reach (``ui.setup.freeze_what_startup_made``), once."""
    import gc

    from sectorscope.ui import setup

    open_page("app.py", tiny_db, monkeypatch)
    frozen = gc.get_freeze_count()
    assert setup.freeze_what_startup_made.cache_info().currsize == 1  # done, once
    assert frozen > 10_000  # the modules of Streamlit, pandas, Plotly, DuckDB at least
    open_page("pages/3_Worker_outcomes.py", tiny_db, monkeypatch)
    # not again: what later runs make stays collectable (a second freeze would take a page run's tens of thousands)
    assert abs(gc.get_freeze_count() - frozen) < 1_000


def test_a_profile_says_when_the_directory_and_slides_count_fewer_years_than_it(tiny_db, monkeypatch):
    """The profile's cards cover the partnership's whole life; its row in the directory, its slides and its deck
    count the sidebar's years. With fewer years chosen, the profile says so, so two numbers under one label are
    explained."""
    def note(at):
        return [c.value for c in at.caption if c.value.startswith("Outcomes over all years")]

    # P1 runs since 2015, before the records: said too (b8c07a5)
    before = ("Exits on record run 2017–2019; active since 2015: its exits before 2017 are not on record. Surveys on "
              "record run 2018–2019; active since 2015: its surveys before 2018 are not on record.")
    everything = open_page("pages/1_Partnerships.py", tiny_db, monkeypatch, partnership="P1")
    assert note(everything) == [f"Outcomes over all years of the partnership. {before}"]
    fewer = open_page("pages/1_Partnerships.py", tiny_db, monkeypatch, partnership="P1", years="2018-2018")
    assert note(fewer) == [f"Outcomes over all years of the partnership. {before} The directory above, this "
                           "partnership's slides and its deck count 2018 only (the sidebar's years)."]


def test_every_staff_page_says_when_its_data_was_last_loaded(tiny_db, monkeypatch):
    """How current the figures are was said on the Data page only."""
    import duckdb

    with duckdb.connect(str(tiny_db), read_only=True) as con:
        [(last,)] = con.execute("select max(loaded_at) from datasets").fetchall()
    at = open_page("pages/2_Industry.py", tiny_db, monkeypatch)
    said = [c.value for c in at.sidebar.caption if c.value.startswith("Data last loaded")]
    assert said == [f"Data last loaded {last:%-d %b %Y, %H:%M} UTC"]


def test_every_chart_of_a_staff_page_comes_with_its_summary_in_words(tiny_db, monkeypatch):
    at = open_page("pages/4_Employer_outcomes.py", tiny_db, monkeypatch)
    charts = at.get("plotly_chart")
    said = [element.proto.body for element in at.get("html")
            if 'class="sectorscope-sr"' in element.proto.body and '">Chart: ' in element.proto.body]
    assert charts and len(said) == len(charts)


def test_the_overview_says_when_the_years_chosen_hold_no_exit_on_record(tiny_db, monkeypatch):
    """2015-2016 are before the tiny state's first exit (2017): every card resting on exiters said "no people in this
    selection", as if the filters were too narrow (the poverty card of the community section too)."""
    at = open_page("app.py", tiny_db, monkeypatch, years="2015-2016")
    captions = [caption.value for caption in at.caption]
    said = [text for text in captions if "Exits on record run 2017–2019: none in the years chosen" in text]
    # the seven worker cards, the community's people who left poverty and grant dollars per exiter
    assert len(said) == 9
    assert not any(text.endswith("no people in this selection") for text in captions)


def test_the_overviews_employer_figures_say_their_surveys_years(tiny_db, monkeypatch):
    """The Overview's caption says its years with the exits ("2016–2019 (exits 2017–2019)") over employers surveyed
    in 2018 and 2019 (an auditor): its employer section says their years."""
    captions = [caption.value for caption in open_page("app.py", tiny_db, monkeypatch, years="2016-2019").caption]
    assert "Employer figures: surveys of 2018–2019, the years chosen holding surveys on record." in captions
    assert any(text.startswith("n = 2 employers · surveys of 2018–2019") for text in captions)
    within = [caption.value for caption in open_page("app.py", tiny_db, monkeypatch, years="2018-2019").caption]
    assert not any("surveys of" in text for text in within)
    # over cards of no employer, no years to speak of (as the deck's section of none says none: a code reviewer)
    chester = open_page("app.py", tiny_db, monkeypatch, years="2016-2019", county="42029")
    assert metrics_of(chester)["Employers surveyed"] == "None in selection"
    assert not any("surveys of" in caption.value for caption in chester.caption)


@pytest.mark.parametrize("path", ["pages/1_Partnerships.py", "pages/3_Worker_outcomes.py",
                                  "pages/4_Employer_outcomes.py", "pages/5_Funding_and_systems_change.py"])
def test_no_choice_control_can_be_cleared(tiny_db, monkeypatch, path):
    """A cleared "Compare by" showed no choice while its chart kept the default: every segmented control chooses
    one of its options, always."""
    at = open_page(path, tiny_db, monkeypatch)
    controls = list(at.button_group)
    assert controls and all(control.proto.required for control in controls), [c.label for c in controls]


def test_a_profile_with_more_stories_than_it_shows_opens_the_rest(demo_db, monkeypatch):
    """The demo's P004 has five stories with public consent: the profile showed four and dropped the fifth without
    a word (a reviewer)."""
    import duckdb

    with duckdb.connect(str(demo_db), read_only=True) as con:
        quotes = [row[0] for row in con.execute(
            "select quote from stories where partnership_id = 'P004' and consent_public").fetchall()]
    assert len(quotes) == 5
    at = open_page("pages/1_Partnerships.py", demo_db, monkeypatch, partnership="P004")
    more = [e for e in at.expander if e.label == "1 more story with public consent"]
    assert len(more) == 1
    shown = " ".join(md.value for md in at.markdown)
    assert all(quote in shown for quote in quotes)
    assert any(c.value.startswith("1 more story without public consent") for c in at.caption)


def test_pennsylvanias_published_count_never_stands_beside_the_demos(demo_db, monkeypatch):
    """The demo is a made-up state drawn on Pennsylvania's counties: its 78 partnerships stood beside
    "Pennsylvania: 81 Industry Partnerships" on the Overview, the Showcase and the decks (a reviewer)."""
    overview = open_page("app.py", demo_db, monkeypatch)
    showcase = open_page("pages/0_Showcase.py", demo_db, monkeypatch, mode="public")
    for at in (overview, showcase):
        assert not at.exception
        assert not any("81 Industry Partnerships" in caption.value for caption in at.caption)


def test_the_directory_says_its_counts_are_each_partnerships_wherever_its_people_live(tiny_db, monkeypatch):
    """With Lancaster chosen the directory's rows summed to 1,373 participants beside the Overview's 553 living
    there, and neither the grid nor its CSV said they count each partnership's people wherever they live."""
    import json

    from page_support import recorded_csv_downloads

    files = recorded_csv_downloads(monkeypatch)
    at = open_page("pages/1_Partnerships.py", tiny_db, monkeypatch, county="42071")
    config = next(json.loads(frame.proto.columns) for frame in at.dataframe
                  if "participants" in json.loads(frame.proto.columns))
    assert "wherever they live" in config["participants"]["help"]
    # said where it is read without hovering: the heading, and a line above the grid (a staffer summed the rows to
    # 1,225 exiters beside the Overview's 1,088 and saw only "Exiters")
    assert (config["participants"]["label"], config["employers"]["label"]) == ("Exiters, anywhere",
                                                                               "Employers, anywhere")
    from sectorscope.present.tables import directory_counts_note

    assert directory_counts_note(True) in [caption.value for caption in at.caption]
    # the whole state's rows add up to its exiters, not to its employers surveyed: one of two partnerships is in
    # both rows (a code reviewer)
    whole = open_page("pages/1_Partnerships.py", tiny_db, monkeypatch)
    assert directory_counts_note(False) in [caption.value for caption in whole.caption]
    assert "an employer of two partnerships is in both rows" in directory_counts_note(False)
    headings = list(files["partnerships.csv"].columns)
    assert any(h.startswith("Exiters (people who exited in the selected years, wherever they live") for h in headings)
    # and whose grants: a partnership's grants before the years read $0 pasted into a memo (a staffer)
    assert "Grant dollars ($, grants starting in the selected years)" in headings, str(headings)


@pytest.mark.parametrize("path", ["app.py", "pages/1_Partnerships.py"])
def test_a_county_map_says_it_counts_every_county_when_some_are_chosen(path, tiny_db, monkeypatch):
    """The map keeps every county while the directory and cards count the chosen ones: Philadelphia read 12 on the
    map of the Westmoreland region's 5 partnerships (a reviewer). Said under the map then, not otherwise."""
    from sectorscope.present.headlines import MAP_COUNTS_NOTE

    said = MAP_COUNTS_NOTE.format(marked="framed")
    assert any(said in caption.value for caption in open_page(path, tiny_db, monkeypatch, region="SC").caption)
    assert not any("Every county is counted" in caption.value for caption in open_page(path, tiny_db,
                                                                                        monkeypatch).caption)
