"""Worker outcomes: did people who went through sector partnership training end up better off, by how much, and for
whom?"""

import streamlit as st

from sectorscope import schema
from sectorscope.charts import workers as charts
from sectorscope.export.figures import NARROWEST_FIGURE_PX
from sectorscope.filters import BASIS_PARAMETER
from sectorscope.metrics import wioa, workers
from sectorscope.present import methods
from sectorscope.present import worker_headlines as cards
from sectorscope.present.availability import (
    CONDITION_ANSWERS,
    TABLE_WORDS,
    WAGE_ANSWERS,
    missing_tables,
    not_collected,
)
from sectorscope.present.formatting import MISSING, numbers_for_grid, rounded_for_table, table_formats
from sectorscope.present.headlines import none_on_record_text
from sectorscope.present.profile import no_exiter_note
from sectorscope.ui.data import fetch, state_geojson
from sectorscope.ui.figures import cached_figure
from sectorscope.ui.filters import set_partnership
from sectorscope.ui.printing import KIND_FORMATS, render_print_table
from sectorscope.ui.render import (
    chosen_tab,
    column_px,
    columns_beside,
    render_chart,
    render_download,
    render_headlines,
    render_lazy_tabs,
    render_not_loaded,
    render_table_expander,
    stop_if_empty,
)
from sectorscope.ui.setup import page_setup
from sectorscope.ui.wioa import render_cohort_periods, wioa_report

COUNTY_BASIS = {"Where people live": False, "Counties served": True}
BREAKDOWNS = {"Gender": "gender", "Race/ethnicity": "race_ethnicity", "Age band": "age_band"}
PLOT_CONFIG = {"displaylogo": False}

page = page_setup()
view = page.selection
k = page.min_cell if page.public else None
# the years the charts' titles name: those with exits on record among the chosen ones (the demo's titles read
# "2005–2025" over exits of 2015–2025: the years offered start with the first grant)
period = page.options.counted_years_text(view) or view.years_text


def shown(groups, count_column: str = "exiters"):
    """A group table as this mode may show it: in public mode, groups of fewer than k people hidden."""
    return workers.hide_small_groups(groups, page.min_cell, count_column) if page.public else groups


def nobody_on_record(partnership_id: str) -> str | None:
    """Why the chosen partnership shows no exiter whatever the sidebar says, where it has none on record in any year:
    its profile's, deck's and slides' words (``headlines.none_on_record_text``, "exits on record run 2015–2025;
    active 2005–2009"); None where it has exiters in some year."""
    every_year = fetch("worker_headline_figures", sector_codes=[], county_fips=[], partnership_ids=[partnership_id],
                       public_only=page.public, year_from=0, year_to=9999)
    if int(every_year["exiters"].iloc[0] or 0):
        return None
    profile = fetch("partnership_profile", partnership_id=partnership_id).iloc[0]
    outside = no_exiter_note(profile, page.options.exit_years, public=page.public)  # as its profile says it
    return f"**{names[partnership_id]}**: {none_on_record_text('exiter', outside)}"


NOT_LOADED_SAID: set[str] = set()  # the groups of answers whose "not loaded" notice this run has shown


def wage_chart(name: str, shown_key: object, build, where=None, needs: str = WAGE_ANSWERS,
               view: str | None = None, narrowest_px: int = NARROWEST_FIGURE_PX) -> None:
    """A chart of wage gains (or of what else it ``needs``: the UI wage records); where no record holds both hourly
    wages, what to load instead (it read "No group to show for this selection", as if nobody in the widest one had
    completed: a reviewer). Its picture names the view (``view``, by default ``view_text``: the partnership chosen
    too); in a column, it is laid out for the column's ``narrowest_px`` (``render.column_px``)."""
    if missing_tables((needs,), page.loaded):
        with where or st.container():
            if needs in NOT_LOADED_SAID:  # said once a page (six charts said it six times): the rest point to it
                st.caption(f"Not drawn: {TABLE_WORDS[needs]} not loaded (the first such chart above says what to "
                           "load).")
            else:
                render_not_loaded([needs], page.public)
                NOT_LOADED_SAID.add(needs)
        return
    render_chart(page, cached_figure(name, shown_key, build), where=where, key=name, config=PLOT_CONFIG,
                 view=view or view_text, narrowest_px=narrowest_px)


def show_table(table, file_name: str, pinned: tuple[str, ...] = (), label: str | None = None,
               view: str | None = None, download=None) -> None:
    """The table with readable numbers (``pinned`` columns, by default the first, stay in view while scrolling
    sideways), and its CSV download (``download``, by default the table itself), which says its selection
    (``view``, by default ``view_text``)."""
    kinds = cards.column_kinds()
    # a number column with a row of words ("not loaded": answers never collected) shows that row empty on screen
    grid = numbers_for_grid(table, [column for column in table.columns if kinds.get(column, "text") != "text"])
    config = {column: st.column_config.NumberColumn(column, **number_format)
              for column, number_format in table_formats(grid, kinds).items()}
    config |= {column: st.column_config.TextColumn(column, pinned=True) for column in pinned or table.columns[:1]}
    st.dataframe(rounded_for_table(grid, kinds), hide_index=True, placeholder=MISSING, width="stretch",
                 column_config=config)
    if not grid.equals(table):
        st.caption(f"{MISSING}: not loaded (never collected), as the CSV says.")
    render_print_table(table, file_name.removesuffix(".csv"), pinned=len(pinned) or 1,  # printed, every column
                       formats={column: KIND_FORMATS[kind] for column, kind in kinds.items() if kind in KIND_FORMATS})
    render_download(table if download is None else download, file_name, label, units=kinds, view=view or view_text)


st.title(page.title)
st.markdown("**Did people who went through sector partnership training end up better off, by how much, and for "
            "whom?**")
# The counting basis other than the default, as the link names it (a copied link reopened on "Where people live")
BASIS_IN_LINK = {"Counties served": "served"}
linked_basis = {value: label for label, value in BASIS_IN_LINK.items()}.get(st.query_params.get(BASIS_PARAMETER))
st.session_state.setdefault("worker_county_basis", linked_basis or "Where people live")
# said wherever the selection is (caption, CSVs, chart pictures): two files of one "Healthcare · Philadelphia County"
# gave +$2.29 over 127 people and +$1.84 over 274 (a staffer)
served = bool(view.county_fips) and st.session_state["worker_county_basis"] == "Counties served"
basis_text = " · everyone trained by partnerships serving these counties" if served else ""
st.caption(page.describe(view) + basis_text)
if served:  # the sidebar's files count people by where they live, as every other page does
    st.sidebar.caption("The deck, slides and one-pager count the people who live in the chosen counties, not "
                       "everyone trained by the partnerships serving them (this page's choice).")

model = fetch("schema_version")
version = int(model["schema_version"].iloc[0]) if len(model) else schema.SCHEMA_VERSION
is_older = version < schema.SCHEMA_VERSION
# an older file's stored statuses may know no quarter never loaded: nothing is withheld for it (its notice says)
withholds_unloaded = version >= schema.QUARTER_NOT_LOADED_SINCE
if is_older:  # read as it is, with its rows
    st.warning(f"This database was made by an older Sectorscope (data model {version}), whose stored figures follow "
               f"older rules: {'; '.join(schema.older_rules(version))}. Data model {schema.SCHEMA_VERSION} does not, "
               "and the methods below describe it. Bring it up to date on the Data page (your data is unchanged).",
               icon=":material/update:")

choices = fetch("partnership_choices", public_only=page.public)
names = dict(zip(choices["partnership_id"], choices["name"], strict=True))
chosen = view.partnership_id if view.partnership_id in names else None
# what the charts and files show: the sidebar's selection, and the partnership chosen here (a 14-person partnership's
# chart pictures and CSVs read "All sectors · all counties", like the state's: a reviewer)
view_text = page.selection_text + basis_text + (f" · {names[chosen]}" if chosen else "")
left, right = columns_beside([3, 2], "partnership-basis")  # at 1000 px the basis's second choice was cut
with left:
    st.session_state["worker_partnership"] = chosen
    st.selectbox("Partnership", list(names), key="worker_partnership", format_func=lambda pid: names.get(pid, pid),
                 index=None, placeholder="All partnerships in view",
                 on_change=lambda: set_partnership(st.session_state["worker_partnership"]))
with right:
    basis = st.segmented_control("Counties in the sidebar mean", list(COUNTY_BASIS), required=True,
                                 key="worker_county_basis",
                                 help="Count people who live in the chosen counties, or everyone trained by a "
                                      "partnership that serves one of them.")
if basis in BASIS_IN_LINK:
    st.query_params[BASIS_PARAMETER] = BASIS_IN_LINK[basis]
elif BASIS_PARAMETER in st.query_params:
    del st.query_params[BASIS_PARAMETER]

query = {**view.query_parameters(), "by_partnership_county": COUNTY_BASIS[basis], "public_only": page.public}
shown_view = (view, page.public, page.min_cell, basis)  # what every chart here rests on besides the database
# Every group's figures, computed in DuckDB: one row per group shown (queries/worker_group_outcomes.sql), of the
# groupings the tab drawn shows (and everyone, for the cards): a filter change on one tab works out no other's
BY_PLACE, BY_PERSON, BY_EXIT_YEAR, EVERYONE_ALONE = workers.PAGE_GROUPINGS
TAB_GROUPINGS = {"Where wages rose": BY_PLACE, "For whom": BY_PERSON, "Over time": BY_EXIT_YEAR,
                 "Poverty and benefits": EVERYONE_ALONE, "WIOA indicators": EVERYONE_ALONE}
groupings = list(TAB_GROUPINGS[chosen_tab("worker_tab", list(TAB_GROUPINGS))])
groups_in_view = fetch("worker_group_outcomes", **query, partnership_ids=[chosen] if chosen else [],
                       confidence=workers.CONFIDENCE, groupings=groupings)
everyone = workers.overall_row(groups_in_view)
if everyone["exiters"] == 0 and "participants" not in page.loaded:
    st.info("No participant records are loaded yet. Load the participants (and UI wage records) on the **Data** "
            "page to see worker outcomes.", icon=":material/database:")
    st.stop()
no_exits = page.options.no_exits_on_record(view)
# a partnership with no exiter in any year: its profile's words, not "widen the years" (no filter can show one)
nobody = nobody_on_record(chosen) if chosen and everyone["exiters"] == 0 else None
stop_if_empty(groups_in_view[groups_in_view["exiters"] > 0], nobody or (
    f"{no_exits}: choose years within them in the sidebar." if no_exits else "No participant left a program in "
    "this selection. Widen the sectors, counties or years in the sidebar, or clear the partnership."))
coverage = wioa.Coverage.from_row(fetch("wage_record_coverage").iloc[0])
figures = workers.figures_of_row(everyone)
if chosen:
    st.markdown(f"**{names[chosen]}**")  # bold, not an h4 before the page's first h2 (axe: heading order)

# --- Headline figures ------------------------------------------------------------------------------------------
st.header("Wages and training")
wage_cards = cards.wage_headlines(figures, k, page.loaded)
render_headlines(wage_cards, columns=4)

st.header("Jobs after exit (Sectorscope's wage-record measures)")
st.caption(cards.coverage_note(coverage))
job_cards = cards.employment_headlines(figures, k, page.loaded)
render_headlines(job_cards, columns=3)

condition_cards = cards.condition_headlines(figures, k, page.loaded)
render_download(cards.headline_table(wage_cards + job_cards + condition_cards), "worker-outcome-figures.csv",
                "Download the figures of every card, the poverty tab's included (CSV)", view=view_text,
                headings=cards.HEADLINE_TABLE_HEADINGS)


def wioa_section() -> None:
    """The WIOA indicators by program year (staff only: there is no public path)."""
    st.header("WIOA indicators by program year")
    first_exit, last_exit = page.options.exit_years or (None, None)  # the exits on record (FilterOptions)
    program_years = wioa.reported_program_years(view.year_from, view.year_to, first_exit, last_exit)
    if not program_years and wioa.complete_program_years(view.year_from, view.year_to):
        st.info(f"A report's cohorts need exits on record in all of its years, and exits run {first_exit}–"
                f"{last_exit}: choose at least three calendar years within them to see a whole report.",
                icon=":material/date_range:")
        return
    if not program_years:
        st.info(f"Program years run July to June, and the annual report for PY N counts exits from January of N - 1 "
                f"to March of N + 1: choose at least three calendar years (e.g. {view.year_from}–"
                f"{view.year_from + 2}) to see a whole report.", icon=":material/date_range:")
        return
    report = wioa_report(query, chosen, program_years, names, page.loaded, coverage)
    reported = (f"PY {program_years[0]}" if len(program_years) == 1
                else f"PY {program_years[0]} to PY {program_years[-1]}")
    st.caption(f"Following DOL's definitions (TEGL 10-16 and its changes; where this departs from them is said "
               f"under the table) and counted as the annual report for each program year "
               f"counts them, {reported} (the reports whose cohorts lie inside the years chosen): each indicator "
               "over its own exit cohort, listed below the table. Laid out as the ETA-9169 statewide performance "
               "report (Num = numerator, n = denominator), "
               + ("for the partnership chosen" if chosen else "first this selection as a whole, then each partnership")
               + ". An empty figure says why in Notes. **Who is counted**: the partnerships' trainees across programs "
               "(WIOA adults, dislocated workers and youth, incumbent workers, people in no WIOA program), where an "
               "ETA-9169 counts one program's participants: the definitions are DOL's, the people are not one "
               "report's, so no cell equals a figure the state filed.")
    show_table(report, "wioa-indicators-by-program-year.csv", pinned=("Scope", "Program year"),
               label="Download the WIOA indicators by program year (CSV, staff only)",
               download=cards.wioa_report_download(report))
    st.caption(f"**{cards.WIOA_DEPARTURES_LINE}** Staff only: no figure is hidden for small numbers; "
               f"\"{cards.WIOA_SMALL_N}\" flags a row with a figure on fewer than {workers.SMALL_N} people."
               + (f" No wage record of {coverage.missing_label} is loaded: the rates resting on it are withheld and "
                  "the Notes say for whom." if coverage.missing_quarters and withholds_unloaded else "")
               + (f" No wage record of {coverage.missing_label} is loaded, and this older database counts the people "
                  "whose quarter it is as not employed." if coverage.missing_quarters and not withholds_unloaded
                  else ""))
    render_cohort_periods(program_years)


def poverty_section() -> None:
    """Poverty, benefits and insurance before and after training: the cards beside their chart."""
    st.header("Poverty and benefits, before and after training")
    conditions = shown(workers.conditions_of_row(everyone), "n")
    cards_beside_chart = [2, 3]
    left, right = columns_beside(cards_beside_chart, "conditions")
    with left:
        render_headlines(condition_cards, columns=1)
    with right:
        render_chart(page, cached_figure("worker-before-after", shown_view, lambda: charts.before_after(
            conditions, period)), key="worker-before-after", config=PLOT_CONFIG, view=view_text,
            narrowest_px=column_px(cards_beside_chart, 1))
        uncollected = not_collected(page.loaded, CONDITION_ANSWERS.values())
        if uncollected:  # their bars are left out: say why, not as if nobody in the selection answered
            st.caption(f"Not in the participant records (never collected): {'; '.join(uncollected)}.")
        render_table_expander("Table: before and after", "worker-table-before-after", lambda: show_table(
            cards.condition_table(conditions, page.loaded), "worker-outcomes-before-after.csv",
            download=cards.condition_table(conditions, page.loaded, exact=True)))


HALVES = [1, 1]


def where_section() -> None:
    """Wage gains by sector and county of residence, and the partnerships ranked."""
    st.header("Where wages rose")
    left, right = columns_beside(HALVES, "places")
    with left:
        wage_chart("worker-box", shown_view, lambda: charts.wage_gain_box(
            shown(workers.spread_of(groups_in_view, "sector_code"), "n"), "sector_code", page.sector_names, period),
            narrowest_px=column_px(HALVES, 0))
        st.caption("Box: middle half of completers' gains; line: median; whiskers: 10th to 90th percentile.")
        render_table_expander("Table: by sector", "worker-table-sector", lambda: show_table(cards.group_table(
            shown(workers.groups_of(groups_in_view, "sector_code")), "sector_code", "Sector", page.sector_names,
            page.loaded),
            "worker-outcomes-by-sector.csv"))
    with right:
        by_county = shown(workers.groups_of(groups_in_view, "county_fips"))
        counties = fetch("state_counties", state_fips=page.state_fips)
        wage_chart("worker-map", (shown_view, page.state_fips), lambda: charts.county_gain_map(
            counties, by_county, state_geojson(page.state_fips), period, width_hint=column_px(HALVES, 1)),
            narrowest_px=column_px(HALVES, 1))
        st.caption("Grey: no completer with both wages" + (f", or fewer than {k} people (hidden)" if k else "")
                   + f". The colour range follows counties with at least {workers.SMALL_N} completers; hover a "
                     "county for its n and interval.")
        render_table_expander("Table: by county of residence", "worker-table-county", lambda: show_table(
            cards.group_table(by_county, "county_fips", "County", page.county_names, page.loaded),
            "worker-outcomes-by-county.csv"))

    st.header("Partnerships ranked by median wage gain")
    in_view = groups_in_view if not chosen else fetch(  # every partnership in view, the one chosen among them
        "worker_group_outcomes", **query, partnership_ids=[], confidence=workers.CONFIDENCE,
        groupings=[workers.EVERYONE, "partnership_id"])
    ranking = shown(workers.groups_of(in_view, "partnership_id"))
    # by where people live, a partnership counts only its trainees living in the chosen counties: the directory and
    # the Funding page count all its exiters (213 here beside 383 there, without a word)
    whose = ("All partnerships in view" if not view.county_fips or COUNTY_BASIS[basis] else
             "Each partnership's trainees who live in the chosen counties (the directory and the Funding page count "
             "all its exiters, wherever they live)")
    st.caption(f"{whose}; hollow grey dots rest on fewer than {workers.SMALL_N} completers"
               + (f"; **{names[chosen]}** in orange." if chosen else "."))
    # every partnership in view, the one chosen highlighted
    ranked_view = page.selection_text + basis_text + (f" · {names[chosen]} highlighted" if chosen else "")
    wage_chart("worker-ranking", shown_view, lambda: charts.partnership_ranking(ranking, names, period, chosen),
               view=ranked_view)
    render_table_expander("Table: partnerships", "worker-table-partnerships", lambda: show_table(  # ranked, as drawn
        cards.group_table(ranking.sort_values("median_gain", ascending=False, na_position="last", kind="stable"),
                          "partnership_id", "Partnership", names, page.loaded, code_heading="Partnership ID"),
        "worker-outcomes-by-partnership.csv",
        view=page.selection_text + basis_text))  # every partnership in view, not only the one chosen


def over_time_section() -> None:
    """Wage gains and jobs by calendar exit year."""
    st.header("By calendar exit year (Sectorscope's measures)")
    by_year = shown(workers.groups_of(groups_in_view, "exit_year"))
    left, right = columns_beside(HALVES, "exit-years")
    wage_chart("worker-gain-trend", shown_view, lambda: charts.gain_trend(by_year, period), where=left,
               narrowest_px=column_px(HALVES, 0))
    wage_chart("worker-employment-trend", shown_view, lambda: charts.employment_trend(by_year, period), where=right,
               needs="wage_records", narrowest_px=column_px(HALVES, 1))
    render_table_expander("Table: by exit year", "worker-table-exit-year", lambda: show_table(
        cards.group_table(by_year, "exit_year", "Exit year", loaded=page.loaded),
        "worker-outcomes-by-exit-year.csv"))


def for_whom_section() -> None:
    """Wage gains by gender, race/ethnicity or age band, with each group's gap to everyone's median."""
    st.header("For whom")
    label = st.segmented_control("Break down by", list(BREAKDOWNS), default="Gender", required=True,
                                 key="worker_breakdown")
    overall = workers.groups_of(groups_in_view, workers.EVERYONE)
    groups = shown(workers.with_gaps(workers.groups_of(groups_in_view, BREAKDOWNS[label]), overall))
    wage_chart("worker-breakdown", (shown_view, label), lambda: charts.breakdown(
        groups, BREAKDOWNS[label], overall["median_gain"].iloc[0], period))
    show_table(cards.group_table(groups, BREAKDOWNS[label], label, loaded=page.loaded),
               f"worker-outcomes-by-{BREAKDOWNS[label]}.csv")


# the tabs named as TAB_GROUPINGS names them, in its order
SECTIONS = dict(zip(TAB_GROUPINGS, (where_section, for_whom_section, over_time_section, poverty_section, wioa_section),
                    strict=True))
render_lazy_tabs(SECTIONS, key="worker_tab", keep=("worker_breakdown",))

with st.expander("How these are measured"):
    st.markdown(methods.worker_methods(k))
