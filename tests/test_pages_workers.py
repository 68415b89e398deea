"""The Worker outcomes page in AppTest: the tiny state with wage records (figures checked by hand) and the demo."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from page_support import charts_of, link_values, metrics_of, open_page, open_tab
from tiny_state import YORK
from tiny_workers import WIOA_REPORTS, wioa_db, worker_db  # noqa: F401  (fixtures)

from sectorscope.metrics import wioa
from sectorscope.present import worker_headlines as cards

PAGE = "pages/3_Worker_outcomes.py"


# the charts of each tab, by their titles' beginnings, and the tab of each table under a chart
TAB_CHARTS = {"Where wages rose": ("Hourly wage gain of completers by sector", "Median hourly wage gain by county",
                                   "Partnerships ranked"),
              "For whom": ("Median hourly wage gain by gender",), "Over time": ("Median hourly wage gain by exit",
                                                                               "Employed after exit"),
              "Poverty and benefits": ("Before and after",), "WIOA indicators": ()}
TABLE_TABS = {"worker-table-before-after": "Poverty and benefits", "worker-table-sector": "Where wages rose",
              "worker-table-county": "Where wages rose", "worker-table-partnerships": "Where wages rose",
              "worker-table-exit-year": "Over time"}
TABLE_EXPANDERS = {"worker-table-before-after": "worker-outcomes-before-after.csv",
                   "worker-table-sector": "worker-outcomes-by-sector.csv",
                   "worker-table-county": "worker-outcomes-by-county.csv",
                   "worker-table-partnerships": "worker-outcomes-by-partnership.csv",
                   "worker-table-exit-year": "worker-outcomes-by-exit-year.csv"}


def titles_begin(charts: dict, beginnings: tuple[str, ...]) -> bool:
    """Whether the charts' titles are one for each beginning, in any order."""
    return len(charts) == len(beginnings) and all(
        sum(title.startswith(beginning) for title in charts) == 1 for beginning in beginnings)


def captions_of(at) -> list[str]:
    return [caption.value for caption in at.caption]


def test_the_page_shows_the_hand_computed_figures(worker_db, monkeypatch):  # noqa: F811
    at = open_page(PAGE, worker_db, monkeypatch)
    assert not at.error and at.title[0].value == "Worker outcomes"
    shown = metrics_of(at)
    assert shown["Mean hourly wage gain"] == "+$2.30"  # the mean of 3, 1, 4, 0.5, 3 (their median, +$3.00, after it)
    assert shown["Completed training"] == "86%"  # 6 of 7
    assert shown["Employed 2nd quarter after exit"] == "80%"  # 4 of 5 observable
    assert shown["Employed 4th quarter after exit"] == "75%"
    assert shown["Median earnings, 2nd quarter after exit"] == "$5,500"
    assert shown["Same employer, 2nd and 4th quarter"] == "50%"
    # every share, mean and median of fewer than 30 is flagged, not only the wage gain (a reviewer)
    assert ("n = 5 exiters with wage records · left out: 1 not yet in the data, 1 without wage records · small n: "
            "read with care" in captions_of(at))
    # 5 gains: too few for a 95% order-statistic interval of the median, and the card says so
    assert ("n = 5 completers with both wages · median +$3.00, no 95% interval under 6 completers · small n: "
            "read with care"
            in captions_of(at))
    assert any("Source: Public/Private Ventures" in caption for caption in captions_of(at))
    # the page opens on its first tab, whose three charts alone are made (the other tabs' wait, as closed tables do)
    assert titles_begin(charts_of(at), TAB_CHARTS["Where wages rose"])
    charts, downloads = {}, set()
    for tab in TAB_CHARTS:
        open_tab(at, PAGE, tab)
        assert titles_begin(charts_of(at), TAB_CHARTS[tab]), (tab, list(charts_of(at)))
        assert metrics_of(at)["Mean hourly wage gain"] == "+$2.30"  # the cards above the tabs, on every tab
        charts |= charts_of(at)
        downloads |= {button.key for button in at.get("download_button")}
    assert len(charts) == 7
    assert metrics_of(open_tab(at, PAGE, "Poverty and benefits"))["Below poverty after"] == "33%"
    assert {"download-wioa-indicators-by-program-year.csv", "download-worker-outcome-figures.csv",
            "download-worker-outcomes-by-gender.csv"} <= downloads  # the tables under the charts wait, closed
    assert not {f"download-{file_name}" for file_name in TABLE_EXPANDERS.values()} & downloads


def test_the_conditions_read_as_on_the_overview(worker_db, monkeypatch):  # noqa: F811
    """One figure, one label: the Worker page said "Below the poverty level, after" beside the Overview's "Below
    poverty after" for the same share."""
    labels = {"Below poverty after", "Employer insurance after", "Paid sick leave after"}

    def conditions(at) -> dict[str, tuple[str, str]]:
        return {metric.label: (metric.value, metric.delta) for metric in at.metric if metric.label in labels}

    on_workers = conditions(open_page(PAGE, worker_db, monkeypatch, tab="Poverty and benefits"))
    on_overview = conditions(open_page("app.py", worker_db, monkeypatch))
    assert set(on_workers) == labels and on_workers == on_overview


def test_a_table_under_a_chart_is_made_when_its_expander_opens_and_stays_open(worker_db, monkeypatch):  # noqa: F811
    """Closed, the five tables under the charts are not made at all (a filter change made them for nobody); opening
    one reruns the page with it, and it stays open across a filter change."""
    at = open_page(PAGE, worker_db, monkeypatch)
    closed = {frame.value.columns[0] for frame in at.dataframe}
    assert not {"Sector", "County", "Partnership", "Exit year"} & closed
    downloads = set()
    for key, file_name in TABLE_EXPANDERS.items():
        open_tab(at, PAGE, TABLE_TABS[key])
        at.session_state[key] = True  # as a click on the expander does
        at.run()
        downloads = {button.key for button in at.get("download_button")}
        assert f"download-{file_name}" in downloads, key
    open_tab(at, PAGE, "Where wages rose")
    tables = {frame.value.columns[0]: frame.value for frame in at.dataframe}
    assert set(tables["Sector"]["Sector"]) == {"Healthcare", "Manufacturing"} and len(tables["County"]) > 0
    at.multiselect(key="sectors").set_value(["MFG"]).run()
    assert set(next(frame.value for frame in at.dataframe if frame.value.columns[0] == "Sector")["Sector"]) == {
        "Manufacturing"}
    for tab in set(TABLE_TABS.values()):  # every table opened stays open, on its tab
        open_tab(at, PAGE, tab)
        downloads = {button.key for button in at.get("download_button")}
        assert {f"download-{TABLE_EXPANDERS[key]}" for key, on in TABLE_TABS.items() if on == tab} <= downloads


def test_the_tables_opened_are_open_again_after_a_visit_to_another_page(worker_db, monkeypatch):  # noqa: F811
    """Streamlit forgets the widget state of a page left: the tables a visitor opened stay open when they come back,
    and those they closed stay closed."""
    at = open_page(PAGE, worker_db, monkeypatch)
    at.session_state["worker-table-sector"] = True
    at.session_state["worker-table-county"] = True
    at.run()
    at.session_state["worker-table-county"] = False  # opened, then closed again
    at.run()
    at.switch_page("pages/1_Partnerships.py").run()
    assert not at.exception and "worker-table-sector" not in at.session_state  # Streamlit dropped the widget's state
    at.switch_page(PAGE).run()
    assert not at.exception
    downloads = {button.key for button in at.get("download_button")}
    assert "download-worker-outcomes-by-sector.csv" in downloads
    assert "download-worker-outcomes-by-county.csv" not in downloads
    at.multiselect(key="sectors").set_value(["MFG"]).run()  # and it stays open on a filter change there
    assert "download-worker-outcomes-by-sector.csv" in {button.key for button in at.get("download_button")}


def test_a_choice_inside_a_tab_stays_after_a_look_at_another_tab(worker_db, monkeypatch):  # noqa: F811
    """Streamlit forgets a widget a run does not draw: the breakdown chosen read "Gender" again after a look at
    another tab."""
    at = open_page(PAGE, worker_db, monkeypatch, tab="For whom")
    at.segmented_control(key="worker_breakdown").set_value("Age band").run()
    open_tab(at, PAGE, "Over time")
    assert "worker_breakdown" in at.session_state
    open_tab(at, PAGE, "For whom")
    assert at.segmented_control(key="worker_breakdown").value == "Age band"
    assert any(frame.value.columns[0] == "Age band" for frame in at.dataframe)


def test_the_open_tab_is_in_the_link_and_a_link_opens_its_tab(worker_db, monkeypatch):  # noqa: F811
    """A copied link reopens the tab it was copied on: the open tab is written to the link (the first, the page's
    default, is not), kept there across a filter change, and a link naming a tab opens on it."""
    at = open_page(PAGE, worker_db, monkeypatch)
    assert link_values(at, "tab") == []
    open_tab(at, PAGE, "For whom")
    assert link_values(at, "tab") == ["for-whom"]
    at.multiselect(key="sectors").set_value(["MFG"]).run()
    assert link_values(at, "tab") == ["for-whom"] and link_values(at, "sector") == ["MFG"]
    open_tab(at, PAGE, "Where wages rose")
    assert link_values(at, "tab") == [] and link_values(at, "sector") == ["MFG"]

    linked = open_page(PAGE, worker_db, monkeypatch, sector="MFG", link={"tab": "poverty-and-benefits"})
    assert linked.session_state["worker_tab"] == "Poverty and benefits"
    assert "Below poverty after" in metrics_of(linked)  # that tab's cards, made
    assert not [caption.value for caption in linked.caption if "Ignored" in caption.value]
    assert link_values(linked, "tab") == ["poverty-and-benefits"] and link_values(linked, "sector") == ["MFG"]


def test_a_link_naming_no_tab_of_the_page_opens_the_first_and_says_so(worker_db, monkeypatch):  # noqa: F811
    """A tab the page does not have (a mistyped link, or another page's) is said, left out of the link, and the page
    opens on its first tab; an unknown parameter beside it is still noticed and dropped."""
    at = open_page(PAGE, worker_db, monkeypatch, link={"tab": "for-whoom", "colour": "blue"})
    captions = [caption.value for caption in at.caption]
    # the link's text written literally (Markdown's characters escaped), as every notice of the link
    assert r"Ignored unknown tab 'for\-whoom' in the link\." in [caption.removeprefix(":material/info: ")
                                                                for caption in captions], captions
    assert any("Ignored unknown link parameter" in caption and "colour" in caption for caption in captions)
    assert at.session_state["worker_tab"] == "Where wages rose"
    assert "Below poverty after" not in metrics_of(at)
    assert link_values(at, "tab") == [] and link_values(at, "colour") == []


def test_a_link_naming_a_tab_on_a_page_without_tabs_says_so_and_drops_it(worker_db, monkeypatch):  # noqa: F811
    """Only the pages the registry marks as tabbed keep ``tab`` in their link; on another page a link naming a tab
    is said and the parameter dropped, its filters kept."""
    from page_support import PAGE_TABS

    from sectorscope.ui.menu import PAGES

    assert {page.path for page in PAGES if page.tabs} == set(PAGE_TABS)  # the registry knows which pages have tabs
    at = open_page("pages/1_Partnerships.py", worker_db, monkeypatch, sector="MFG", link={"tab": "for-whom"})
    captions = [caption.value.removeprefix(":material/info: ") for caption in at.caption]
    assert r"Ignored link parameter 'tab'\: Sector partnerships has no tabs\." in captions, captions
    assert link_values(at, "tab") == [] and link_values(at, "sector") == ["MFG"]


def test_choosing_one_sector_changes_the_headline(worker_db, monkeypatch):  # noqa: F811
    at = open_page(PAGE, worker_db, monkeypatch)
    at.multiselect(key="sectors").set_value(["MFG"]).run()
    shown = metrics_of(at)
    assert shown["Mean hourly wage gain"] == "+$2.25"  # W4 +4, W5 +0.50
    assert shown["Completed training"] == "100%"
    assert shown["Employed 2nd quarter after exit"] == "100%"  # W4; W5's quarter is not in the data yet
    assert link_values(at, "sector") == ["MFG"]


def test_county_of_residence_or_the_partnerships_counties(worker_db, monkeypatch):  # noqa: F811
    at = open_page(PAGE, worker_db, monkeypatch, county=YORK)
    assert metrics_of(at)["Mean hourly wage gain"] == "+$4.00"  # York residents: W3 (not completed) and W4
    # the ranking counts each partnership's York residents only, which the directory does not: said
    assert any(caption.value.startswith("Each partnership's trainees who live in the chosen counties")
               for caption in at.caption)
    at.segmented_control(key="worker_county_basis").set_value("Counties served").run()
    assert metrics_of(at)["Mean hourly wage gain"] == "+$2.25"  # P2 serves York: W4 and W5
    assert any(caption.value.startswith("All partnerships in view") for caption in at.caption)
    # the basis is said where the selection is, and kept in the link: two CSVs of one "Healthcare · Philadelphia
    # County" gave +$2.29 over 127 people and +$1.84 over 274 without a word of why (a staffer)
    served = "everyone trained by partnerships serving these counties"
    assert any(served in caption.value for caption in at.caption)
    from test_export_chart_images import source_line

    assert all(served in source_line(figure).replace("<br>", " ") for figure in charts_of(at).values())
    assert link_values(at, "counted") == ["served"]
    assert any(caption.value.startswith("The deck, slides and one-pager count the people who live")
               for caption in at.sidebar.caption)
    linked = open_page(PAGE, worker_db, monkeypatch, county=YORK, counted="served")
    assert linked.segmented_control(key="worker_county_basis").value == "Counties served"
    assert metrics_of(linked)["Mean hourly wage gain"] == "+$2.25"
    # "counted" is no unknown parameter here (said in a caption and a toast where it is one)
    assert not [caption.value for caption in linked.caption if "Ignored" in caption.value]
    linked.segmented_control(key="worker_county_basis").set_value("Where people live").run()
    assert link_values(linked, "counted") == []
    assert not any(served in caption.value for caption in linked.caption)
    # a value the page does not take, or the parameter on another page, is said and taken out of the link (they were
    # dropped, or kept on the Industry page, without a word: a code reviewer)
    wrong = open_page(PAGE, worker_db, monkeypatch, county=YORK, counted="everyone")
    assert r":material/info: Ignored link parameter 'counted=everyone'\: it can be served\." in [
        caption.value for caption in wrong.caption]  # as Markdown: the link's text is escaped
    assert link_values(wrong, "counted") == [] and metrics_of(wrong)["Mean hourly wage gain"] == "+$4.00"
    elsewhere = open_page("pages/4_Employer_outcomes.py", worker_db, monkeypatch, counted="served")
    assert r":material/info: Ignored link parameter 'counted'\: the Employer outcomes page does not use it\." in [
        caption.value for caption in elsewhere.caption]
    assert link_values(elsewhere, "counted") == []


def test_choosing_a_partnership_narrows_the_figures_and_the_link(worker_db, monkeypatch):  # noqa: F811
    at = open_page(PAGE, worker_db, monkeypatch)
    at.selectbox(key="worker_partnership").set_value("P2").run()
    assert link_values(at, "partnership") == ["P2"]
    assert any(md.value == "**York-Chester Makers**" for md in at.markdown)
    assert metrics_of(at)["Mean hourly wage gain"] == "+$2.25"
    ranking = next(figure for title, figure in charts_of(at).items() if title.startswith("Partnerships ranked"))
    assert any(label.startswith("▶ York-Chester Makers") for label in ranking["data"][0]["y"])  # highlighted
    assert len(ranking["data"][0]["y"]) == 2  # ranked among all partnerships in view
    # every picture names the partnership it shows (they read "All sectors · all counties", like the state's)
    from test_export_chart_images import source_line

    lines = {title: source_line(figure).replace("<br>", " ") for title, figure in charts_of(at).items()}
    assert all("York-Chester Makers" in line for line in lines.values()), lines
    assert "York-Chester Makers highlighted" in lines[next(t for t in lines if t.startswith("Partnerships ranked"))]


def test_partnership_link_opens_that_partnership(worker_db, monkeypatch):  # noqa: F811
    at = open_page(PAGE, worker_db, monkeypatch, partnership="P1")
    assert at.selectbox(key="worker_partnership").value == "P1"
    assert metrics_of(at)["Completed training"] == "80%"  # W1, W2, W6, W7 of W1-W3, W6, W7


def test_a_county_with_no_participants_shows_a_clear_empty_state(worker_db, monkeypatch):  # noqa: F811
    at = open_page(PAGE, worker_db, monkeypatch, county="42003")  # Allegheny: nobody
    assert not at.error and not at.exception
    assert any("No participant left a program in this selection" in info.value for info in at.info)
    assert not at.get("plotly_chart") and not at.metric


def test_breakdown_by_age_band_shows_its_table(worker_db, monkeypatch):  # noqa: F811
    at = open_page(PAGE, worker_db, monkeypatch, tab="For whom")
    at.segmented_control(key="worker_breakdown").set_value("Age band").run()
    assert not at.exception
    tables = [frame.value for frame in at.dataframe]
    by_age = next(table for table in tables if "Age band" in table.columns)
    assert set(by_age["Age band"]) == {"16-24", "25-34", "35-44", "45-54", "55+"}
    assert "Gap to overall median $/h" in by_age.columns
    # the years offered start with P1's start in 2015, before the first exit (2016): the title names the exits' years
    assert "Median hourly wage gain by age band, exits 2016–2019" in charts_of(at)


def test_public_mode_refuses_the_page(worker_db, monkeypatch):  # noqa: F811
    """Public visitors read worker figures on the Showcase (release cells only); this page is staff-only."""
    at = open_page(PAGE, worker_db, monkeypatch, mode="public")
    assert any("for state staff only" in error.value for error in at.error) and not at.metric and not at.dataframe


def test_demo_page_renders_and_follows_the_sector(demo_db, monkeypatch):
    at = open_page(PAGE, demo_db, monkeypatch)
    assert not at.error
    everything = metrics_of(at)
    assert everything["Mean hourly wage gain"].startswith("+$")
    sector = at.multiselect(key="sectors").options[0]
    at.multiselect(key="sectors").set_value([sector]).run()
    narrowed = metrics_of(at)
    assert narrowed["Mean hourly wage gain"] != everything["Mean hourly wage gain"]
    assert narrowed["Completed training"] != everything["Completed training"] or \
        narrowed["Employed 2nd quarter after exit"] != everything["Employed 2nd quarter after exit"]
    charts = {}
    for tab in TAB_CHARTS:
        charts |= charts_of(open_tab(at, PAGE, tab))
    assert len(charts) == 7


def test_a_partnership_with_no_exiter_in_any_year_says_so_as_its_profile_does(demo_db, monkeypatch):
    """P052 (2005-2009, before the exits on record) read "Widen the sectors, counties or years in the sidebar",
    which no filter could help (a reviewer): its profile's, deck's and slides' words instead. A partnership with
    exiters in other years keeps the advice."""
    at = open_page("pages/3_Worker_outcomes.py", demo_db, monkeypatch, partnership="P052")
    name = at.selectbox(key="worker_partnership").format_func("P052")
    said = [info.value for info in at.info]
    assert (f"**{name}**: None on record: no exiter of this partnership on record (exits on record run 2015–2025; "
            "active 2005–2009).") in said, said
    assert not any("Widen" in text for text in said)
    later = open_page("pages/3_Worker_outcomes.py", demo_db, monkeypatch, partnership="P054", years="2020-2024")
    assert any("Widen the sectors, counties or years" in info.value for info in later.info)


def test_demo_public_mode_shows_figures_on_enough_people(demo_db, monkeypatch):
    """On the demo, public visitors get the wage gain from the release on the Showcase."""
    at = open_page("pages/0_Showcase.py", demo_db, monkeypatch, mode="public")
    assert not at.error
    assert metrics_of(at)["Average raise per hour"].startswith("+$")


def wioa_table_of(at) -> pd.DataFrame:
    """The page's "WIOA indicators by program year" table, as shown."""
    return next(frame.value for frame in at.dataframe if "Scope" in frame.value.columns)


def test_the_wioa_table_shows_the_hand_computed_figures(wioa_db, monkeypatch):  # noqa: F811
    # the calendar years of the hand-made exits
    at = open_page(PAGE, wioa_db, monkeypatch, years="2016-2019", tab="WIOA indicators")
    assert any(header.value == "WIOA indicators by program year" for header in at.header)
    table = wioa_table_of(at)
    statewide = table[table["Scope"] == "This selection, all partnerships"].set_index("Program year")
    # the reports whose every cohort lies inside 2016-2019: PY 2017 and PY 2018 (tiny_workers works them out)
    assert list(statewide.index) == ["PY 2017 (07/01/2017-06/30/2018)", "PY 2018 (07/01/2018-06/30/2019)"]
    for label, year in (("PY 2017 (07/01/2017-06/30/2018)", 2017), ("PY 2018 (07/01/2018-06/30/2019)", 2018)):
        row, expected = statewide.loc[label], WIOA_REPORTS[year]
        assert row["Participants exited"] == expected["exiters"]
        for key, heading in (("employment_q2", "Employment Rate (Q2)"), ("employment_q4", "Employment Rate (Q4)"),
                             ("credential", "Credential Rate"), ("skill_gains", "Measurable Skill Gains"),
                             ("retention", "Retention with the Same Employer (Q2 and Q4)")):
            assert (row[f"{heading} Num"], row[f"{heading} n"]) == expected[key], (year, key)
    py2017, py2018 = statewide.iloc[0], statewide.iloc[1]
    assert py2017["Median Earnings (Q2)"] == WIOA_REPORTS[2017]["median_earnings_q2"]
    assert py2017["Employment Rate (Q2)"] == 1.0 and py2017["Employment Rate (Q4)"] == 0.0
    assert pd.isna(py2017["Retention with the Same Employer (Q2 and Q4) Rate"])  # nobody to count: no figure
    assert py2018["Youth Education or Employment Rate (Q2)"] == 1.0  # W3, in education
    assert pd.isna(py2018["Median Earnings (Q2)"])  # W3 was not employed
    partnerships = set(table["Scope"]) - {"This selection, all partnerships"}
    assert partnerships == {"Lancaster Health Careers", "York-Chester Makers"}
    # the cohort periods below: short heads on screen, each ETA-9169 heading whole as its help (the full heads made
    # the table wider than the page)
    periods = next(frame for frame in at.dataframe if "Program year" in frame.value.columns and
                   "Scope" not in frame.value.columns)
    heads = json.loads(periods.proto.columns)
    assert {name: (head["label"], head["help"]) for name, head in heads.items() if "label" in head} == {
        "Participants Exited": ("Exits counted", "Participants Exited"),
        "Employment Rate (Q2), Median Earnings (Q2), Youth (Q2)":
            ("Exits for Q2 figures", "Employment Rate (Q2), Median Earnings (Q2), Youth (Q2)"),
        "Employment Rate (Q4), Credential Rate, Retention, Youth (Q4)":
            ("Exits for Q4 figures", "Employment Rate (Q4), Credential Rate, Retention, Youth (Q4)"),
        "Measurable Skill Gains (in training)": ("Skill gains", "Measurable Skill Gains (in training)")}
    # the dates are exits counted, not the quarter measured (a Q2 column before the exits read as a mistake)
    assert any(caption.value == wioa.COHORT_PERIODS_NOTE for caption in at.caption)
    assert any("wioa-indicators-by-program-year.csv" in button.proto.id for button in at.get("download_button"))
    # right under the table: where it departs from DOL (it was only in "How these are measured", at the page's foot)
    assert any(caption.value.startswith("**Where this departs from DOL: credentials carry no type")
               for caption in at.caption)
    assert py2017[cards.WIOA_SMALL_N]  # every figure here rests on a few people
    periods = next(frame.value for frame in at.dataframe if "Participants Exited" in frame.value.columns)
    assert periods.iloc[0].tolist() == ["PY 2017 (07/01/2017-06/30/2018)", "04/01/2017-03/31/2018",
                                        "07/01/2016-06/30/2017", "01/01/2016-12/31/2016", "07/01/2017-06/30/2018"]


def test_youth_and_skill_gains_absent_from_the_data_read_not_in_the_data(worker_db, monkeypatch):  # noqa: F811
    at = open_page(PAGE, worker_db, monkeypatch, tab="WIOA indicators")  # the same people without any WIOA field
    statewide = wioa_table_of(at)
    row = statewide[statewide["Scope"] == "This selection, all partnerships"].iloc[0]
    assert ("Youth Education or Employment Rate (Q2), Youth Education or Employment Rate (Q4): not in the data"
            in row["Notes"])  # one reason, said once after the indicators it applies to
    assert "Measurable Skill Gains: no skill gain dates in the data" in row["Notes"]
    for heading in ("Youth Education or Employment Rate (Q2)", "Youth Education or Employment Rate (Q4)",
                    "Measurable Skill Gains"):
        assert pd.isna(row[f"{heading} n"]) and pd.isna(row[cards.wioa_rate_column(heading)])  # empty, not 0


def test_wage_record_indicators_never_loaded_are_empty_not_zero(tmp_path, monkeypatch):
    """Participants loaded, UI wage records never: the WIOA table's wage-record indicators showed n = 0 beside the
    note "no UI wage records loaded", as if their cohorts held no one. Empty, with the note."""
    from tiny_workers import worker_tables

    from sectorscope.ingest import load as ingest

    path = tmp_path / "no-wage-records.duckdb"
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv")
                             for name, frame in worker_tables().items() if name != "wage_records"], state_fips="42")
    at = open_page(PAGE, path, monkeypatch, tab="WIOA indicators")
    table = wioa_table_of(at)
    assert len(table)
    for heading in ("Employment Rate (Q2)", "Employment Rate (Q4)", "Median Earnings (Q2)"):
        assert table[f"{heading} n"].isna().all(), table[f"{heading} n"].tolist()
    assert table["Notes"].str.contains("no UI wage records loaded").all()
    assert table["Credential Rate n"].notna().any()  # the indicators of the program records keep their cohorts


def test_two_calendar_years_hold_no_whole_report(wioa_db, monkeypatch):  # noqa: F811
    at = open_page(PAGE, wioa_db, monkeypatch, years="2017-2018", tab="WIOA indicators")
    assert any("Program years run July to June" in info.value for info in at.info)
    assert not any("Scope" in frame.value.columns for frame in at.dataframe)


def test_participants_never_loaded_differ_from_an_empty_selection(tmp_path, monkeypatch):
    from tiny_state import tiny_tables

    from sectorscope.ingest import load as ingest

    tables = {name: frame for name, frame in tiny_tables().items() if name not in ("participants", "wage_records")}
    path = tmp_path / "no-participants.duckdb"
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()],
                      state_fips="42")
    at = open_page(PAGE, path, monkeypatch)
    assert any("No participant records are loaded yet" in info.value for info in at.info)
    assert not any("No participant left a program in this selection" in info.value for info in at.info)


# The WIOA definitions written once more, in plain SQL, independently of sectorscope.metrics.wioa: for each report
# year, the statewide numerator and denominator of every indicator over its own cohort (all partnerships, staff
# view). Report PY N: exited 04/01/N-03/31/N+1; Q2 and median 07/01/N-1-06/30/N; Q4, credential, retention
# 01/01/N-1-12/31/N-1; skill gains: in training 07/01/N-06/30/N+1. Retention: everyone employed in Q2 (wage record
# or supplemental information) but the Table A exclusions, retained when an employer account pays in Q2 and Q4.
# Credential: training services only (neither on-the-job, customized nor pre-employment training, a career service).
INDEPENDENT_WIOA_SQL = """
with last_wage as (
    select max(year * 4 + quarter - 1) as last_q from wage_records
),
as_of as (
    select max(greatest(enrolled_on, exited_on, credential_on, list_max(skill_gain_on))) as day from participants
),
quarterly as (
    select
        participant_id,
        year * 4 + quarter - 1 as q,
        earnings_usd,
        list_concat(case when employer_id is null then [] else [employer_id] end,
                    coalesce(other_employer_ids, [])) as accounts,
    from wage_records
),
exiters as (
    select
        p.*,
        year(p.exited_on - interval 3 month) as ry_exited,
        year(p.exited_on + interval 6 month) as ry_q2,
        year(p.exited_on) + 1 as ry_q4,
        year(p.exited_on) * 4 + quarter(p.exited_on) - 1 as xq,
        coalesce(p.exit_exclusion_reason in ('institutionalized', 'health/medical', 'deceased',
                                             'reserve or National Guard call-up')
                 or (p.exit_exclusion_reason = 'foster care (youth)'
                     and coalesce(p.is_youth, p.age_band = '16-24')), false) as out,
        coalesce(p.exit_exclusion_reason in ('institutionalized', 'health/medical', 'deceased',
                                             'reserve or National Guard call-up'), false) as out_of_retention,
    from participants as p
    where p.exited_on is not null
),
per_person as (
    select
        e.*,
        q2.earnings_usd as q2_ui,
        q4.earnings_usd as q4_ui,
        q2.accounts as q2_accounts,
        q4.accounts as q4_accounts,
        coalesce(q2.earnings_usd, 0) > 0 or coalesce(e.employed_q2_supplemental, false) as employed_q2,
        coalesce(q4.earnings_usd, 0) > 0 or coalesce(e.employed_q4_supplemental, false) as employed_q4,
    from exiters as e
    left join quarterly as q2 on q2.participant_id = e.participant_id and q2.q = e.xq + 2
    left join quarterly as q4 on q4.participant_id = e.participant_id and q4.q = e.xq + 4
),
exited as (
    select ry_exited as py, count(*) as exiters from per_person group by ry_exited
),
second_quarter as (
    select
        ry_q2 as py,
        bool_and(xq + 2 <= (select last_q from last_wage)) as q2_complete,
        count(*) filter (where not out) as q2_n,
        count(*) filter (where not out and employed_q2) as q2_num,
        median(case when coalesce(q2_ui, 0) > 0 then q2_ui
                    when employed_q2_supplemental and earnings_q2_supplemental > 0 then earnings_q2_supplemental end)
            filter (where not out) as median_q2,
        count(*) filter (where not out and is_youth) as youth_q2_n,
        count(*) filter (where not out and is_youth and (employed_q2 or coalesce(in_education_q2, false)))
            as youth_q2_num,
    from per_person
    group by ry_q2
),
fourth_quarter as (
    select
        ry_q4 as py,
        bool_and(out or xq + 4 <= (select last_q from last_wage)) as q4_complete,
        count(*) filter (where not out) as q4_n,
        count(*) filter (where not out and employed_q4) as q4_num,
        bool_and(exited_on + interval 1 year <= (select day from as_of)) as credential_complete,
        count(*) filter (where not out and training_type not in ('on-the-job', 'pre-employment')
                         and not coalesce(is_customized_training, false)) as credential_n,
        count(*) filter (where not out and training_type not in ('on-the-job', 'pre-employment')
                         and not coalesce(is_customized_training, false) and credential_earned
                         and (credential_on is null
                              or credential_on between enrolled_on and exited_on + interval 1 year))
            as credential_num,
        count(*) filter (where not out_of_retention and employed_q2) as retention_n,
        count(*) filter (where not out_of_retention and employed_q2 and q4_ui > 0
                         and len(list_intersect(q2_accounts, q4_accounts)) > 0) as retention_num,
        count(*) filter (where not out and is_youth) as youth_q4_n,
        count(*) filter (where not out and is_youth and (employed_q4 or coalesce(in_education_q4, false)))
            as youth_q4_num,
    from per_person
    group by ry_q4
)
select *
from exited
full join second_quarter using (py)
full join fourth_quarter using (py)
order by py
"""

INDEPENDENT_SKILL_GAINS_SQL = """
with as_of as (
    select max(greatest(enrolled_on, exited_on, credential_on, list_max(skill_gain_on))) as day from participants
),
years as (
    select unnest(range(2015, 2025)) as py
),
spans as (
    select py, make_date(py, 7, 1) as first_day, make_date(py + 1, 6, 30) as last_day from years
),
people as (
    select
        s.py,
        s.last_day,
        p.exited_on between s.first_day and s.last_day
            and coalesce(p.exit_exclusion_reason in ('institutionalized', 'health/medical', 'deceased',
                                                     'reserve or National Guard call-up')
                         or (p.exit_exclusion_reason = 'foster care (youth)'
                             and coalesce(p.is_youth, p.age_band = '16-24')), false)
            as out,
        len(list_filter(coalesce(p.skill_gain_on, []),
                        lambda day: day between greatest(s.first_day, p.enrolled_on) and s.last_day)) > 0
            as gained,
    from spans as s
    inner join participants as p
        on p.enrolled_on <= s.last_day and (p.exited_on is null or p.exited_on >= s.first_day)
)
select
    py,
    last_day <= (select day from as_of) as complete,
    count(*) filter (where not coalesce(out, false)) as msg_n,
    count(*) filter (where not coalesce(out, false) and gained) as msg_num,
from people
group by py, last_day
order by py
"""


def test_demo_wioa_table_equals_an_independent_sql_computation(demo_db, monkeypatch):
    import duckdb

    at = open_page(PAGE, demo_db, monkeypatch, years="2015-2025", tab="WIOA indicators")
    table = wioa_table_of(at)
    shown = table[table["Scope"] == "This selection, all partnerships"].copy()
    shown["py"] = shown["Program year"].str.slice(3, 7).astype(int)
    shown = shown.set_index("py")
    assert list(shown.index) == list(range(2016, 2025))  # reports whose cohorts lie inside 2015-2025
    with duckdb.connect(str(demo_db), read_only=True) as con:
        expected = con.execute(INDEPENDENT_WIOA_SQL).df().set_index("py")
        gains = con.execute(INDEPENDENT_SKILL_GAINS_SQL).df().set_index("py")
    checked = 0
    for py, row in shown.iterrows():
        sql = expected.loc[py]
        assert row["Participants exited"] == sql["exiters"]
        if sql["q2_complete"]:
            assert row["Employment Rate (Q2) n"] == sql["q2_n"] and row["Employment Rate (Q2) Num"] == sql["q2_num"]
            # shown rounded as the cards round (a rate to whole percents, dollars to whole dollars)
            assert row["Employment Rate (Q2)"] == pytest.approx(sql["q2_num"] / sql["q2_n"], abs=0.005)
            assert row["Median Earnings (Q2)"] == pytest.approx(sql["median_q2"], abs=0.5)
            assert (row["Youth Education or Employment Rate (Q2) Num"],
                    row["Youth Education or Employment Rate (Q2) n"]) == (sql["youth_q2_num"], sql["youth_q2_n"])
            checked += 1
        else:
            assert pd.isna(row["Employment Rate (Q2)"])
        if sql["q4_complete"]:
            assert (row["Employment Rate (Q4) Num"], row["Employment Rate (Q4) n"]) == (sql["q4_num"], sql["q4_n"])
            assert (row["Retention with the Same Employer (Q2 and Q4) Num"],
                    row["Retention with the Same Employer (Q2 and Q4) n"]) == (sql["retention_num"],
                                                                              sql["retention_n"])
            assert (row["Youth Education or Employment Rate (Q4) Num"],
                    row["Youth Education or Employment Rate (Q4) n"]) == (sql["youth_q4_num"], sql["youth_q4_n"])
            checked += 1
        else:
            assert pd.isna(row["Employment Rate (Q4)"])
        if sql["credential_complete"]:
            assert (row["Credential Rate Num"], row["Credential Rate n"]) == (sql["credential_num"],
                                                                             sql["credential_n"])
            checked += 1
        else:
            assert pd.isna(row["Credential Rate"])
        msg = gains.loc[py]
        if msg["complete"]:
            assert (row["Measurable Skill Gains Num"], row["Measurable Skill Gains n"]) == (msg["msg_num"],
                                                                                         msg["msg_n"])
            checked += 1
    assert checked >= 30  # most reports are complete in the demo: the comparison is not vacuous


def test_public_visitors_get_no_wioa_table(wioa_db, monkeypatch):  # noqa: F811
    """The Worker page, WIOA table included, is for staff: public visitors read a refusal (the Showcase reads the
    protected release instead)."""
    at = open_page(PAGE, wioa_db, monkeypatch, mode="public")
    assert any("for state staff only" in error.value for error in at.error)
    assert not any("Scope" in frame.value.columns for frame in at.dataframe)


def test_a_csv_download_is_written_when_clicked_as_the_table_reads(monkeypatch):
    """The button gets a function, called on the click (not on every rerun); missing stays blank, text as shown."""
    import pandas as pd

    from sectorscope.ui import render

    buttons = []
    monkeypatch.setattr(render.st, "download_button", lambda label, data, **kwargs: buttons.append(data))
    render.render_download(pd.DataFrame({"county": ["York", "Lancaster"], "median_gain": [2.5, None],
                                         "exiters": ["hidden (fewer than 10)", "0"]}), "gains.csv", synthetic=False)
    assert callable(buttons[0])
    assert buttons[0]().decode("utf-8").splitlines() == [
        "County,Median gain,Exiters", "York,2.5,hidden (fewer than 10)", "Lancaster,,0"]


@pytest.mark.parametrize("params", [{}, {"county": "42071", "sector": "FIN"}])
def test_every_empty_wioa_rate_says_why_in_notes(demo_db, monkeypatch, params):
    """The caption promises "An empty figure says why in Notes"; a rate over no one in its cohort (a partnership
    with a few exiters, a county and sector with none) had empty Notes."""
    table = wioa_table_of(open_page(PAGE, demo_db, monkeypatch, tab="WIOA indicators", **params))
    rates = {title: cards.wioa_rate_column(title) for key, title in wioa.WIOA_INDICATORS.items()
             if key != "median_earnings_q2"}
    unexplained = [(row["Scope"], row["Program year"], title) for _, row in table.iterrows()
                   for title, column in rates.items() if pd.isna(row[column])
                   and title not in row["Notes"] and row["Notes"] != "No one in any indicator's cohort"]
    assert not unexplained, unexplained[:5]
    assert (table["Notes"] != "").any()


def test_the_partnership_table_is_ranked_as_its_chart(demo_db, monkeypatch):
    # it listed partnerships by their id under a chart "ranked by median wage gain" (on the demo's 60 partnerships
    # the two orders differ; the tiny state's happen to agree)
    at = open_page(PAGE, demo_db, monkeypatch)
    at.session_state["worker-table-partnerships"] = True
    at.run()
    table = next(frame.value for frame in at.dataframe if frame.value.columns[0] == "Partnership")
    gains = table["Median gain $/h"].dropna().tolist()
    assert len(gains) > 1 and gains == sorted(gains, reverse=True)
    assert table["Median gain $/h"].isna().sum() == 0 or table["Median gain $/h"].iloc[-1:].isna().all()


def test_one_partnership_chosen_gives_its_wioa_rows_once(wioa_db, monkeypatch):  # noqa: F811
    # the selection was that partnership, so its rows came twice: as "This selection" and under its name
    every = wioa_table_of(open_page(PAGE, wioa_db, monkeypatch, years="2016-2019", tab="WIOA indicators"))
    one = wioa_table_of(open_page(PAGE, wioa_db, monkeypatch, years="2016-2019", partnership="P1",
                                  tab="WIOA indicators"))
    assert set(one["Scope"]) == {"Lancaster Health Careers"}
    own = every[every["Scope"] == "Lancaster Health Careers"].reset_index(drop=True)
    pd.testing.assert_frame_equal(one.reset_index(drop=True), own)


def test_the_chart_titles_name_the_years_with_exits_on_record(tiny_db, monkeypatch):
    """The demo's Worker charts were titled "..., 2005–2025" over exits of 2015–2025 (the years offered start with the
    first grant): the tiny state offers 2015-2019, its exits run 2017-2019."""
    at = open_page(PAGE, tiny_db, monkeypatch)
    titles = list(charts_of(at))
    assert any(title.endswith("2017–2019") for title in titles), titles
    assert not any("2015–2019" in title for title in titles), titles
