"""Employer outcomes: did employers in the partnerships gain (less turnover, rework and complaints, a partnership
they value), and do they beat their industry's local turnover?"""

import textwrap
from dataclasses import replace

import streamlit as st

from sectorscope import references
from sectorscope.charts import employers as charts
from sectorscope.export.figures import NARROWEST_FIGURE_PX
from sectorscope.metrics import employers
from sectorscope.metrics.workers import SMALL_N_HEADING, is_small_n
from sectorscope.present import headlines, methods
from sectorscope.present.availability import (
    HIRES_ANSWERS,
    LOAD_HINTS,
    TURNOVER_ANSWERS,
    not_collected,
    not_loaded_text,
)
from sectorscope.present.downloads import POINTS, Heading
from sectorscope.present.formatting import format_counted
from sectorscope.present.profile import outside_records_note
from sectorscope.present.tables import never_asked
from sectorscope.sources import qwi
from sectorscope.ui.data import fetch
from sectorscope.ui.figures import cached_figure
from sectorscope.ui.filters import set_partnership
from sectorscope.ui.render import (
    column_px,
    columns_beside,
    render_chart,
    render_download,
    render_headlines,
    render_lazy_tabs,
    render_not_loaded,
)
from sectorscope.ui.setup import page_setup
from sectorscope.words import with_article

PLOT = {"displaylogo": False}
SCATTER_BESIDE_GROUPS = [2, 3]  # the columns of each employer's turnover and the groups' (many employers, staff)
page = page_setup()
view = page.selection
params = view.query_parameters()
k = page.min_cell if page.public else None
shown_view = (view, page.public, page.min_cell)  # what every chart here rests on besides the database and its widget

choices = fetch("partnership_choices", public_only=page.public)
choice_names = dict(zip(choices["partnership_id"], choices["name"], strict=True))
chosen = view.partnership_id if view.partnership_id in choice_names else None
# what the charts and files show: the sidebar's selection, and the partnership chosen here (as the Worker page says
# it: one partnership's chart pictures and CSVs read "All sectors · all counties", like the state's: a reviewer)
of_chosen = f" · {choice_names[chosen]}" if chosen else ""
view_text = page.selection_text + of_chosen
# the chosen partnership's sector: the industry of its QWI baseline when none of its employers is in view
chosen_sector = choices.set_index("partnership_id").loc[chosen, ["sector_code", "sector_name"]] if chosen else None


def chosen_left_out() -> str:
    """Why the chosen partnership shows no surveyed employer: its sector is not among the sidebar's, none of its
    surveyed employers is in the sidebar's counties and years, or it has none on record (a Healthcare partnership
    with 23 surveyed employers read "No surveyed employer matches this selection" under a Manufacturing filter: a
    reviewer)."""
    record = fetch("surveyed_partnerships", public_only=page.public).set_index("partnership_id")
    name, (sector_code, sector_name) = choice_names[chosen], chosen_sector
    if chosen not in record.index:  # as its profile says it: where its years lie outside the surveys on record too
        outside = outside_records_note(fetch("partnership_profile", partnership_id=chosen).iloc[0], "surveys",
                                       page.options.survey_years)
        return f"**{name}** has no employer survey on record" + (f" ({outside})" if outside else "")
    surveyed = format_counted(int(record.loc[chosen, "surveyed_employers"]), "surveyed employer")
    if view.sector_codes and sector_code not in view.sector_codes:
        # "a Energy partnership" read on 4 of 9 sectors
        return (f"**{name}** is {with_article(sector_name)} partnership, outside the sidebar's sectors: clear them "
                f"to see its {surveyed}")
    first, last = int(record.loc[chosen, "first_survey_year"]), int(record.loc[chosen, "last_survey_year"])
    return (f"**{name}** has {surveyed} (surveyed {first if first == last else f'{first}–{last}'}), none in the "
            "sidebar's counties and years")


st.title(page.title)
st.caption(page.describe(view) + of_chosen)

surveys = fetch("employer_survey_responses", **params, public_only=page.public)
st.session_state["employer_partnership"] = chosen
st.selectbox("Partnership", list(choice_names), key="employer_partnership", index=None,
             format_func=lambda pid: choice_names.get(pid, pid), placeholder="All partnerships in view",
             on_change=lambda: set_partnership(st.session_state["employer_partnership"]))
if chosen:  # a partnership link (?partnership=) narrows this page to that partnership's employers, and says so
    st.info(f"Showing the employers of **{choice_names[chosen]}** only" + (
        " in the sidebar's counties (its slides and deck count all of its counties)" if view.county_fips else
        "") + ". Clear the partnership above to see every partnership in view.", icon=":material/handshake:")
    surveys = surveys[surveys["partnership_id"] == chosen].reset_index(drop=True)
coverage = fetch("qwi_coverage")
surveys_loaded = "employer_surveys" in page.loaded
turnover_collected = TURNOVER_ANSWERS in page.loaded  # a state's survey may never have asked for the rates
if not surveys_loaded and coverage.empty:
    render_not_loaded(["employer_surveys", "qwi"], page.public)
    st.stop()
if surveys.empty and coverage.empty:
    st.info(f"{chosen_left_out()}, and no QWI labor market data is loaded." if chosen else
            "No surveyed employer matches this selection, and no QWI labor market data is loaded. Widen the "
            "sectors, counties or years in the sidebar.", icon=":material/filter_alt_off:")
    st.stop()


def say_drawn(drawn: int, groups: int, group_label: str) -> None:
    """Under a chart of groups with the largest turnover falls first: how many of the ``groups`` it draws, when not
    all, and that its CSV holds every one (the baseline drew 40 of 72 partnerships without a word: a reviewer)."""
    if drawn < groups:
        st.caption(f"The {drawn:,} {group_label.lower()} groups with the largest falls of {groups:,}; all are in the "
                   "CSV.")


latest = employers.latest_responses(surveys)
partnership_names = dict(zip(surveys["partnership_id"], surveys["partnership_name"], strict=False))
GROUPS = {"Sector": "sector_code", "Partnership": "partnership_id", "County": "county_fips"}
# the counts of the CSVs are answers, one per employer and partnership, as the cards say (an employer in two
# partnerships answers twice): headed "Employers (n)", 1,996 answers read as 1,996 of 1,896 employers (a reviewer)
TURNOVER_COUNTS = {"n": "Answers with both rates (n, one per employer and partnership)",
                   "excluded": "Answers left out (a rate missing)"}
SHARE_COUNTS = {"n": "Answers to the question (n, one per employer and partnership)", "yes": "Answers yes"}
GROUP_NAMES = {"sector_code": page.sector_names, "partnership_id": partnership_names,
               "county_fips": dict(page.county_names)}

# --- Baseline: the industry's local turnover (QWI) -------------------------------------------------------------------
# The demo's QWI is made by the demo generator: it is never credited to the Census Bureau.
QWI_NAME = "synthetic demo QWI" if page.is_demo else "Census QWI"
# the regional norm is the Census Bureau's, not the state's records (its chart was stamped "the state's program
# records"); the comparison rests on both
QWI_SOURCE = None if page.is_demo else qwi.DESCRIPTION.removesuffix(" (API layout)")
BOTH_SOURCES = None if page.is_demo else f"the state's employer surveys, via Sectorscope; {QWI_SOURCE}"


def two_line_rows(figure):
    """A horizontal bar chart whose row labels take two lines, made tall enough that they do not overlap."""
    return figure.update_layout(height=110 + 38 * len(figure.data[0].y))


def turnover_section() -> None:
    """Turnover before joining and at the survey: the cards, each employer and the groups."""
    st.header("Turnover before joining and at the survey")
    change = employers.turnover_change(latest["turnover_rate_before"], latest["turnover_rate_after"])
    render_headlines(headlines.turnover_headlines(change, k, page.loaded), columns=3, public=page.public)
    if not turnover_collected:  # the cards say so and what to fill; no chart ("n=0" on axes to 600%, "0 groups of 5")
        return

    paired = employers.paired_turnover(latest)
    few = len(paired) <= 40  # few employers: each one by name, full width; many: a scatter beside the groups
    side_by_side = not (page.public or few)
    left, right = (columns_beside(SCATTER_BESIDE_GROUPS, "turnover") if side_by_side
                   else (st.container(), st.container()))
    left_px, right_px = ((column_px(SCATTER_BESIDE_GROUPS, 0), column_px(SCATTER_BESIDE_GROUPS, 1)) if side_by_side
                         else (NARROWEST_FIGURE_PX, NARROWEST_FIGURE_PX))
    with left:
        if page.public:
            st.caption("Each employer's own rates are shown on staff pages only.")
        else:
            title = f"Each employer: before vs at the survey (n={change.n:,})"
            render_chart(page, cached_figure("turnover-by-employer", shown_view, lambda: (
                charts.employer_dumbbell(paired, title, named_elsewhere=chosen is not None) if few
                else charts.turnover_scatter(paired, title))),
                key="turnover-by-employer", config=PLOT, view=view_text, narrowest_px=left_px)
            render_download(paired, "turnover-by-employer.csv", "Download each employer's turnover CSV (staff)",
                            headings={"change": Heading("Change in turnover", POINTS)}, view=view_text)
    with right:
        # required: a cleared control drew no choice while the chart still showed sectors
        group_label = st.segmented_control("Compare by", list(GROUPS), default="Sector", key="turnover_by",
                                           required=True) or "Sector"
        by = GROUPS[group_label]
        by_group = employers.turnover_change_by_shown(latest, by, k)
        by_group["name"] = by_group[by].map(GROUP_NAMES[by]).fillna(by_group[by])
        drawn_groups = by_group.dropna(subset=["median_change"]).head(30)
        render_chart(page, cached_figure("turnover-dumbbell", (shown_view, group_label), lambda: (
                     charts.turnover_dumbbell(drawn_groups, "name",
                                              f"Median turnover by {group_label.lower()}, before → at the survey"))),
            key="turnover-dumbbell", config=PLOT, view=view_text, narrowest_px=right_px)
        say_drawn(len(drawn_groups), len(by_group), group_label)
    render_download(by_group.drop(columns="hidden"), f"turnover-by-{group_label.lower()}.csv",
                    "Download turnover by group CSV", headings={**TURNOVER_COUNTS, "name": group_label}, view=view_text)


def reports_section() -> None:
    """The share of surveyed employers reporting each gain, beside the published shares."""
    # --- What employers report -------------------------------------------------------------------------------------
    st.header("What employers report")
    shares = employers.survey_shares_shown(latest, k)
    render_chart(page, cached_figure("survey-shares", shown_view, lambda: charts.survey_shares_chart(
        shares, "Share of surveyed employers reporting each gain")), key="survey-shares", config=PLOT, view=view_text)
    st.caption(f"Published: {references.MASSACHUSETTS}: "
               + "; ".join(reference.text for reference in references.SURVEY_SHARES.values())
               + ". Shown for orientation, not as targets.")
    unasked = not_collected(page.loaded, [f"{column}_answers" for column in employers.PUBLISHED_SHARES])
    if unasked:  # their bars are left out: not "no employer in this selection answered"
        st.caption(f"Not in the survey records (never asked): {'; '.join(unasked)}.")
    # the chart's "small n" flag kept in the file, as the Worker page's CSVs keep theirs (an auditor)
    flagged = shares.drop(columns="hidden").assign(small_n=shares["n"].map(is_small_n))
    render_download(never_asked(flagged, page.loaded), "employer-survey-shares.csv",
                    "Download survey shares CSV", headings={**SHARE_COUNTS, "small_n": SMALL_N_HEADING},
                    view=view_text)


def baseline_section() -> None:
    """The employers' turnover against their industry's local rate (QWI), or the industry's rate alone."""
    st.header(f"Against the local industry norm ({QWI_NAME})")
    if coverage.empty:
        st.info("No Quarterly Workforce Indicators are loaded, so there is no industry baseline. "
                + LOAD_HINTS["qwi"], icon=":material/info:")
    elif not latest.empty and turnover_collected:
        cells = fetch("qwi_cells_of_surveyed_employers", **params, public_only=page.public)
        if chosen:  # that partnership's employers' counties and years, as its surveys (it was the whole sector's)
            cells = cells[cells["partnership_id"] == chosen].reset_index(drop=True)
        base_label = st.segmented_control("Compare by", ["Sector", "Partnership"], default="Sector",
                                          key="baseline_by", required=True) or "Sector"
        base_by = GROUPS[base_label]
        comparison = employers.baseline_comparison_shown(latest, cells, base_by, k)
        comparison["name"] = comparison[base_by].map(GROUP_NAMES[base_by]).fillna(comparison[base_by])
        drawn_comparison = comparison.head(40)  # the largest turnover falls first, as the dumbbell above
        render_chart(page, cached_figure("baseline-of-surveyed", (shown_view, base_label), lambda: (
            charts.baseline_chart(drawn_comparison, "name", "Partnership employers' annual turnover "
                                  f"vs their industry's ({QWI_NAME}), same counties and years"))),
            source=BOTH_SOURCES, key="baseline", config=PLOT, view=view_text)
        say_drawn(len(drawn_comparison), len(comparison), base_label)
        below, compared = employers.below_norm(comparison)
        if compared:
            # a rough comparison, said as such in the same sentence: the two rates count different jobs
            st.markdown(f"At the survey, partnership employers' median turnover was **below** their industry's local "
                        f"rate in **{below} of {compared}** {base_label.lower()} group{'' if compared == 1 else 's'} "
                        "with both figures: a rough "
                        "comparison, since employers report turnover of all their jobs and the QWI rate counts stable "
                        "jobs only, which runs lower.")
        county_years = coverage[coverage["area_type"] == "county"]
        if not cells.empty and len(county_years):
            # "same counties and years" held for most answers only: the surveys run past the QWI years (a reviewer)
            first, last = int(county_years["first_year"].iloc[0]), int(county_years["last_year"].iloc[0])
            outside = employers.answers_outside_qwi_years(latest, first, last)
            if outside.outside:
                st.caption(f":material/info: {outside.outside:,} of the {outside.compared:,} answers compared are from "
                           f"survey years the QWI loaded ({first}–{last}) does not cover: {outside.years_text}. They "
                           "count in the employers' medians, while their group's QWI rate rests on its other survey "
                           "years only (a group with none has no QWI figure).")
        if cells.empty:
            st.caption(":material/info: No QWI county data matches these employers' sectors, counties and survey years "
                       f"(QWI loaded: {', '.join(coverage['area_type'])} level, {int(coverage['first_year'].min())}–"
                       f"{int(coverage['last_year'].max())}); the chart shows the employers only.")
        render_download(comparison.drop(columns="hidden"), f"turnover-vs-qwi-by-{base_label.lower()}.csv",
                        "Download baseline comparison CSV", headings={**TURNOVER_COUNTS, "name": base_label},
                        view=view_text)
    else:
        years = employers.years_to_show(view.year_from, view.year_to, coverage["first_year"].min(),
                                        coverage["last_year"].max())
        # a chosen partnership's own industry (it drew the sidebar's sectors: all 19 industries, or Manufacturing for a
        # Healthcare partnership)
        sector_codes = (chosen_sector["sector_code"],) if chosen else view.sector_codes
        cells = fetch("qwi_cells_in_view", sector_codes=list(sector_codes), county_fips=params["county_fips"],
                      year_from=years[0], year_to=years[1], state_fips=page.state_fips)
        geography = employers.preferred_geography(cells)
        cells = cells[cells["area_type"] == geography]
        regional = employers.regional_turnover_by(cells, "naics_sector")
        regional["name"] = regional["naics_sector"].map(qwi.sector_name)
        span = f"{years[0]}" if years[0] == years[1] else f"{years[0]}–{years[1]}"
        # its footer names the QWI years it shows, not the sidebar's (it said 2010 under a title of 2014–2024)
        qwi_view = page.describe(replace(view, sector_codes=sector_codes, year_from=years[0], year_to=years[1]),
                                 labour_market=True)
        render_chart(page, cached_figure("baseline-of-region", shown_view, lambda: charts.baseline_chart(
            regional.sort_values("qwi_annual"), "name", f"Annual turnover by industry ({QWI_NAME}), {span}")),
            view=qwi_view + of_chosen, source=QWI_SOURCE, key="baseline", config=PLOT)
        notes = [f"{not_loaded_text([TURNOVER_ANSWERS], page.public)} The chart shows the regional industry norm only."
                 if surveys_loaded and not turnover_collected else
                 "No partnership employer surveys match this selection, so the chart shows the regional industry "
                 "norm only."]
        # only where the selected years hold no QWI year: the chart then shows the QWI's own years (2005–2025 holding
        # all of 2014–2024 read "covers 2014–2024, not the selected years")
        if years[0] > view.year_to or years[1] < view.year_from:
            notes.append(f"The QWI data loaded covers {span}, not the selected years.")
        if geography == "metro":
            notes.append("QWI is loaded at metro-area (CBSA) level: areas cannot be matched to counties (no county-to-"
                         "metro crosswalk is loaded), so this is every metro and micropolitan area loaded together; "
                         "counties outside one are left out.")
        if geography is None:
            notes.append("No released QWI turnover rate for these industries, areas and years.")
        st.caption(":material/info: " + " ".join(notes))
        render_download(regional, "qwi-turnover-by-industry.csv",
                        "Download QWI turnover CSV" + (" (synthetic)" if page.is_demo else ""),
                        headings={"name": "Industry"}, view=qwi_view + of_chosen,  # its own years, as its chart
                        link_in_name=False)  # not the link's years
    st.caption("QWI's stable-job turnover (TurnOvrS) is a quarterly rate; it is annualized as 4 × the employment-"
               "weighted quarterly rate, which assumes a steady workforce through the year and counts only jobs held "
               "a full quarter, so it runs below an all-jobs turnover rate. Values the Census Bureau did not release "
               "stay missing. " + ("Source: synthetic QWI-style turnover made by the demo generator (not Census data)."
                              if page.is_demo else "Source: U.S. Census Bureau, LEHD Quarterly Workforce Indicators."))


def hires_section() -> None:
    """Hires from the partnerships' training: the cards and each partnership."""
    st.header("Hires from the partnerships' training")
    hires = employers.hires_by_shown(surveys, "partnership_id", k)
    hires["name"] = hires["partnership_id"].map(partnership_names)
    summary = employers.hires_summary(surveys)
    render_headlines(headlines.hires_headlines(summary, k, page.loaded), columns=3, public=page.public)
    if HIRES_ANSWERS not in page.loaded:  # the cards say so; no chart of "0 with hires reported; 6 without a number"
        return
    # long names over two lines (rows made taller to hold them), so the bars and their labels keep room on a
    # printed page (7.4 in wide)
    render_chart(page, cached_figure("hires", shown_view, lambda: two_line_rows(charts.hires_chart(
        hires.assign(name=hires["name"].map(lambda name: "<br>".join(textwrap.wrap(str(name), 45)))), "name",
        "Hires from training per partnership"))), key="hires", config=PLOT, view=view_text)
    render_download(hires.drop(columns="hidden"), "hires-by-partnership.csv", "Download hires by partnership CSV",
                    headings={"name": "Partnership"}, view=view_text)
    if not page.public:
        by_employer = employers.hires_by(surveys, "employer_id")
        by_employer.insert(1, "employer_name", by_employer["employer_id"].map(
            dict(zip(surveys["employer_id"], surveys["employer_name"], strict=False))))
        # one employer a row: its hires (missing: it gave no number); the group columns (employers: 1) say nothing
        render_download(by_employer[["employer_id", "employer_name", "hires"]], "hires-by-employer.csv",
                        "Download hires by employer CSV (staff)", view=view_text)


# --- The page: with surveyed employers in view, each section a tab; without, the industry norm alone ------------------
if not surveys_loaded:
    render_not_loaded(["employer_surveys"], page.public)
    st.caption("The QWI baseline of the industries in view is below.")
elif latest.empty and chosen:
    st.info(f"{chosen_left_out()}; the QWI baseline of its industry ({chosen_sector['sector_name']}) is below.",
            icon=":material/filter_alt_off:")
elif latest.empty:
    no_surveys = page.options.no_surveys_on_record(view)  # years before (or after) every survey: not "nobody"
    st.info((f"{no_surveys}: choose years within them in the sidebar" if no_surveys else
             "No surveyed employer matches this selection") + "; the QWI baseline of the industries in view is below.",
            icon=":material/filter_alt_off:")
if latest.empty:  # no surveyed employer in view (or none loaded): the industry norm alone, below the notice
    baseline_section()
else:
    render_lazy_tabs({"Turnover": turnover_section, "What employers report": reports_section,
                      "Against the industry norm": baseline_section, "Hires from training": hires_section},
                     key="employer_tab", keep=("turnover_by", "baseline_by"))

with st.expander("How these are measured"):
    st.markdown(methods.employer_methods(k, page.is_demo))
