"""Funding & systems change: is each partnership healthy and worth its money (the right partners at the table,
funding leveraged, systems changed)?"""

import streamlit as st

from sectorscope import codes
from sectorscope.charts import funding as charts
from sectorscope.metrics import funding
from sectorscope.present import downloads, headlines, methods
from sectorscope.present.formatting import (
    MISSING,
    format_count,
    format_counted,
    format_dollars,
    number_columns,
    whole_for_grid,
    year_span,
)
from sectorscope.present.tables import (
    FUNDING_COLUMNS,
    FUNDING_SCREEN_ORDER,
    active_outside_records,
    funding_grid,
    funding_table,
    not_on_record_note,
)
from sectorscope.ui.data import fetch, fetch_later
from sectorscope.ui.figures import cached_figure
from sectorscope.ui.printing import render_print_table
from sectorscope.ui.render import (
    column_px,
    columns_beside,
    render_chart,
    render_download,
    render_empty,
    render_headlines,
    render_lazy_tabs,
    render_not_loaded,
    render_partnership_not_applied,
    stop_if_empty,
)
from sectorscope.ui.setup import page_setup

PLOT = {"displaylogo": False}
MONEY_WIDTH_PX = 104  # "$12,345,678" at the grid's font, with its padding
page = page_setup()
view = page.selection
params = view.query_parameters()
k = page.min_cell if page.public else None
shown_view = (view, page.public, page.min_cell)  # what every chart here rests on besides the database and its widgets

st.title(page.title)
st.caption(page.describe(view))
render_partnership_not_applied(view, page.public)

if "partnerships" not in page.loaded:  # never loaded: not "no partnership matches this selection"
    render_not_loaded(["partnerships"], page.public)
    st.stop()
later_grants = fetch_later("grant_awards_in_view", **params, public_only=page.public)  # beside the directory's
directory = fetch("partnership_directory", **params, public_only=page.public)
stop_if_empty(directory, "No partnership matches this selection. Widen the sectors, counties or years in the sidebar.")
ids = list(directory["partnership_id"])
names = dict(zip(directory["partnership_id"], directory["name"], strict=True))
grants = later_grants.result()
people = fetch("partnership_people_figures", year_from=view.year_from, year_to=view.year_to, partnership_ids=ids,
               public_only=page.public)  # one row per partnership
ratio_years = page.options.ratio_years(view)  # dollars per person: grants and exits of the same years
counted_years = page.options.counted_years_text(view)  # "" where they are the chosen years
counted_grants = funding.grants_started_in(grants, ratio_years)  # the grants those ratios divide
by_partnership = funding.funding_by_partnership(directory, grants, people, ratio_years)
totals = funding.funding_totals(by_partnership, grants)

# --- Grants and leverage ---------------------------------------------------------------------------------------------


def render_grants() -> None:
    """Grant dollars, leverage and cost per person; grants by year; dollars per partnership and its table."""
    if not totals["grants"]:  # none, or only grants of $0 (funding.is_funded: they funded no one)
        render_empty("No grant to these partnerships started in the selected years. Widen the years in the "
                     "sidebar.")
        return
    render_headlines(headlines.grant_headlines(totals, len(directory), per_completer=True, loaded=page.loaded,
                                               public=page.public, k=k, exits_note=page.options.exits_note(view),
                                               counted_years=year_span(*ratio_years),
                                               no_exits_on_record=page.options.no_exits_on_record(view)),
                     columns=4, public=page.public)

    colour_by = st.segmented_control("Colour grants by", ["Grant type", "Funding source"], default="Grant type",
                                     key="grants_colour", required=True) or "Grant type"
    column = "grant_type" if colour_by == "Grant type" else "funding_source"
    render_chart(page, cached_figure("grants-over-time", (shown_view, column), lambda: charts.grants_over_time(
        funding.grant_dollars_by(grants, column), column, f"Grant dollars by start year and {colour_by.lower()}",
        (view.year_from, view.year_to))),
        key="grants-over-time", config=PLOT)
    render_chart(page, cached_figure("dollars-per-partnership", shown_view, lambda: charts.dollars_per_partnership(
        by_partnership, "Grant dollars per partnership, state and non-state (largest 25)")),
        key="dollars-per-partnership", config=PLOT)
    no_exits = page.options.no_exits_on_record(view)
    outside = by_partnership["partnership_id"].map(dict(zip(directory["partnership_id"], active_outside_records(
        directory, (view.year_from, view.year_to), page.options.exit_years), strict=True))).fillna(False)
    table = funding_table(by_partnership, page.loaded, k, outside)
    dollars = st.column_config.NumberColumn(format="$%,d")
    # only the shown columns go to the browser (column_order hides, it does not leave out)
    money_columns = ["grant_dollars", "state_dollars", "non_state_dollars", "cost_per_exiter",
                     "cost_per_completer"]
    if no_exits:  # every row: its cells say it
        st.caption(f"{no_exits}: exiters are not counted for {view.years_text}.")
    elif "participants" in page.loaded and (note := not_on_record_note(
            outside & (by_partnership["participants"] == 0), "exits", page.options.exit_years, "exiters")):
        st.caption(note)
    # words beside numbers: empty on screen, each row's reasons in its own column (in words in print and the CSV)
    grid = funding_grid(table, view.years_text, counted_years)[list(FUNDING_SCREEN_ORDER)]
    per_person = {  # numbers only where the column holds some: words alone ("not loaded", "not on record") as text
        "participants": st.column_config.NumberColumn("Exiters", format="%,d"),
        "completers": st.column_config.NumberColumn("Completers", format="%,d"),
        "cost_per_exiter": {**dollars, "label": "$ per exiter"},
        "cost_per_completer": {**dollars, "label": "$ per completer"}}
    per_person = {column: per_person[column] for column in number_columns(grid, list(per_person))}
    st.dataframe(whole_for_grid(grid, money_columns), hide_index=True, placeholder=MISSING,
                 width="stretch",
                 column_order=FUNDING_SCREEN_ORDER, column_config={
        **FUNDING_COLUMNS, "name": st.column_config.TextColumn("Partnership", width="large", pinned=True),
        "grant_dollars": {**dollars, "label": FUNDING_COLUMNS["grant_dollars"]},
        # sized by its short heading, "State" cut "$104,500" to ".04,500": wide enough for eight digits
        **{column: {**dollars, "label": FUNDING_COLUMNS[column], "width": MONEY_WIDTH_PX}
           for column in ("state_dollars", "non_state_dollars")},
        "leverage": st.column_config.NumberColumn(FUNDING_COLUMNS["leverage_text"], format="%.2f : 1",
                                                  help="Non-state $ per state $"),
        # wide enough for "no grant started in 2015–2025" (cut to "no grant started" beside grant dollars)
        "empty_because": st.column_config.TextColumn("Empty because", width="large",
                                                     help="Why this row's empty cells are empty"),
        **per_person})
    money = dict.fromkeys(money_columns, format_dollars)
    render_print_table(table, "funding-by-partnership", FUNDING_COLUMNS,  # every row and column, not the view
                       {**money, "grants": format_count, "participants": format_count, "completers": format_count})
    if counted_years:  # the table's ratios count fewer years than its grant dollars: said beside it and in its CSV
        st.caption(f"Dollars per exiter and per completer: grants started in {counted_years} per exiter of "
                   f"{counted_years}, the years with exits on record; grant dollars: every grant started in "
                   f"{view.years_text}. Empty where no grant started in {counted_years}, or no one exited.")
    per_person_headings = {column: f"{downloads.HEADINGS[column].text} (grants and exits of {counted_years})"
                           for column in ("cost_per_exiter", "cost_per_completer")} if counted_years else {}
    # why a row's cells are empty, as the grid says it (the file left 29 rows' dollars per person blank)
    render_download(table.drop(columns=["hidden", "ratio_dollars"]).assign(empty_because=grid["empty_because"]),
                    "funding-by-partnership.csv",
                    "Download funding by partnership CSV", headings={"name": "Partnership", **per_person_headings},
                    view=page.selection_text)

# --- Earnings return --------------------------------------------------------------------------------------------------


def render_earnings_return() -> None:
    """Participants' wage gains against grant dollars, with editable assumptions."""
    no_exits = page.options.no_exits_on_record(view)
    if no_exits:  # not "gain unknown" for every sector: nobody's exit is on record for these years
        st.info(f"{no_exits}: the earnings return needs people who exited in the years chosen.",
                icon=":material/date_range:")
        return
    if not totals["ratio_partnerships"]:  # as the cards say "No grant": no $0 bar to compare
        st.info(f"No grant to these partnerships started in {counted_years or view.years_text}: there is no earnings "
                "return to work out.", icon=":material/info:")
        return
    st.caption("**A simple ratio, not a causal estimate**: it credits the whole wage gain to the training, counts no "
               "gain for people who would have found better jobs anyway, and the grants also paid for more than "
               "training. Change the assumptions to see how much they matter.")
    a, b, c, d = st.columns(4)
    hours = a.number_input("Hours worked a year", 0, 4000, funding.HOURS_PER_YEAR, step=40, key="return_hours",
                           help="Default 2,080 = 52 weeks × 40 hours (full-time, all year).")
    years = b.number_input("Years of gain counted", 0.5, 10.0, 1.0, step=0.5, key="return_years",
                           help="Default 1: one year of the higher wage.")
    employed_choice = c.selectbox("Count completers employed", ["in the partnership's sector",
                                                               "in any job (a post-training wage)"],
                                  key="return_employed", help="Which completers count as employed after training.")
    return_label = d.segmented_control("By", ["Sector", "Partnership"], default="Sector", key="return_by",
                                       required=True) or "Sector"
    assumptions = funding.EarningsAssumptions(hours, years, employed_choice.startswith("in the partnership"))
    return_by = "sector_code" if return_label == "Sector" else "partnership_id"
    returns = funding.earnings_return_by_shown(people, counted_grants, return_by, assumptions, k)
    returns["name"] = returns[return_by].map(page.sector_names if return_by == "sector_code" else names)
    counted_in = counted_years or view.years_text
    # by sector, the partnerships without a grant in the years are left out (their gains are not what the grants
    # bought): said in the title, under the chart and in the file
    by_sector = return_by == "sector_code"
    left_out = int(totals["completer_partnerships_left_out"]) if by_sector else 0
    # and the grants of partnerships with no completer yet, left out of the sectors' dollars (said as the cards say)
    dollars_left = headlines.dollars_left_out_text(totals, "completer") if by_sector else ""
    render_chart(page, cached_figure("earnings-return", (shown_view, assumptions, return_by), lambda: (
        charts.earnings_return_chart(returns, "name",
                                     f"{funding.gain_span(years)} against grant dollars by {return_label.lower()} "
                                     f"({counted_in}"
                                     + (f"; {format_counted(left_out, 'partnership')} without a grant left out"
                                        if left_out else "")
                                     + (f"; {dollars_left}" if dollars_left else "")
                                     + ("; top 25 by dollars)" if len(returns) > 25 else ")"),
                                     gain_per=funding.gain_per(years)))),
                    key="earnings-return", config=PLOT)
    employed = funding.employed_words(assumptions)
    st.caption(f"{funding.gain_span(years)} = mean hourly gain of completers with both wages × {hours:,} hours × "
               f"{years:g} year(s) × {employed}. Grants started and participants exited in "
               + (f"{counted_years}, the years with exits on record among those chosen." if counted_years else
                  "the selected years."))
    if by_sector:
        st.caption(headlines.return_left_out_text(totals, counted_in, [page.sector_names.get(code, code) for code in
                                                                       funding.sectors_without_a_grant(
                                                                           people, counted_grants)], k))
    # the file says what it assumed and which grants it counts: two files of other choices read alike, and its
    # grant dollars (those of the years counted) beside a Selection of more years read as every grant's
    render_download(returns.drop(columns="hidden"), f"earnings-return-by-{return_label.lower()}.csv",
                    "Download earnings return CSV", view=page.selection_text, headings={
                        "name": return_label,
                        "grant_dollars": f"Grant dollars ($, grants started in {counted_in}"
                                         + (f"; {dollars_left}" if dollars_left else "") + ")",
                        **({"completers": f"Completers (exited in {counted_in}, of the partnerships with a grant "
                                          f"then; {format_counted(left_out, 'partnership')} without one left out)"}
                           if by_sector else {}),
                        "employed_completers": employed.capitalize() + f" (exited in {counted_in})",
                        "annual_gain": f"Earnings gain ($, × {hours:,} hours a year × {years:g} year"
                                       f"{'' if years == 1 else 's'} × {employed})"})

# --- Partners at the table and phases ---------------------------------------------------------------------------------


def render_phases() -> None:
    """Partnerships per phase; partnerships whose phase the registry does not state are counted as such."""
    unstated = int(directory["phase"].isna().sum())
    if unstated == len(directory):
        which = ("this partnership" if len(directory) == 1
                 else f"these {format_counted(len(directory), 'partnership')}")
        st.info(f"The registry states no phase for {which}.", icon=":material/info:")
        return
    render_chart(page, cached_figure("phase-pipeline", shown_view, lambda: charts.phase_pipeline_chart(
        funding.phase_pipeline(directory),
        # the registry states each partnership's phase now, not in the years chosen: said so in the title (short
        # enough for the half-width column) and the caption
        f"Partnership phases now ({format_counted(len(directory) - unstated, 'partnership')})")),
        key="phase-pipeline", config=PLOT, narrowest_px=column_px(PHASES_BESIDE_GAPS, 0))
    st.caption("Each partnership's phase as the registry states it today, whatever years are chosen.")
    if unstated:
        st.caption(f"Phase not stated for {format_counted(unstated, 'partnership')} (left out of the chart).")


def render_partner_gaps(composition, right) -> None:
    """Flags of partnerships missing an education, employer or labor/community partner (in the column ``right``),
    and partners by type."""
    with right:
        st.markdown(f"**Gaps at the table** (of {format_counted(len(composition), 'partnership')})")
        render_headlines(headlines.partner_gap_headlines(composition), columns=3, public=page.public)
        st.caption("A partnership is an employer-led table: it needs employers of its industry, an education "
                   "provider to build the training, and labor or community partners who reach workers.")
    only_gaps = st.toggle("Only partnerships with a gap", value=len(composition) > 25, key="only_gaps")
    shown_composition = composition[composition["gaps"] != ""] if only_gaps else composition
    if shown_composition.empty:
        st.info("Every partnership in view has an education provider, an employer beyond the convener and a labor "
                "or community partner.", icon=":material/check_circle:")
    else:
        render_chart(page, cached_figure("partner-composition", (shown_view, only_gaps), lambda: (
            charts.partner_composition_chart(shown_composition.head(40), "Partners by type" + (
                " (partnerships with a gap)" if only_gaps else
                " (first 40; all in the CSV)" if len(shown_composition) > 40 else "")))),
            key="partner-composition", config=PLOT)
    render_download(composition[["partnership_id", "name", "convener_name", "convener_type", "phase", "partners",
                                 *codes.PARTNER_TYPES, "employers_beyond_convener", "gaps"]],
                    "partners-by-type.csv", "Download partners by type CSV", headings={"name": "Partnership"},
                    view=page.selection_text)


def render_systems_change() -> None:
    """The systems-change log of the partnerships in view: per year, per partnership, and the entries."""
    categories = st.multiselect("Kinds of change", codes.SYSTEM_CHANGE_CATEGORIES, key="change_categories",
                                placeholder="All kinds of change")
    changes = fetch("system_change_entries", **params, public_only=page.public, categories=categories)
    if changes.empty:
        st.info("No systems change is logged for these partnerships, kinds and years.",
                icon=":material/filter_alt_off:")
        return
    kinds = (shown_view, tuple(categories))
    render_chart(page, cached_figure("changes-over-time", kinds, lambda: charts.changes_over_time_chart(
        funding.changes_by_year(changes), f"Systems changes per year ({len(changes):,} entries)",
        (view.year_from, view.year_to))),
        key="changes-over-time", config=PLOT)
    render_chart(page, cached_figure("changes-per-partnership", kinds, lambda: charts.changes_per_partnership_chart(
        funding.changes_per_partnership(directory, changes), "Systems changes per partnership")),
        key="changes-per-partnership", config=PLOT)
    st.dataframe(changes[["changed_on", "partnership_name", "category", "description"]], hide_index=True,
                 placeholder=MISSING, width="stretch", column_config={"changed_on": st.column_config.DateColumn("Date"),
                                                 "partnership_name": "Partnership", "category": "Kind",
                                                 "description": st.column_config.TextColumn("What changed",
                                                                                            width="large")})
    render_print_table(changes.assign(changed_on=changes["changed_on"].astype(str)), "systems-change-log", {
        "changed_on": "Date", "partnership_name": "Partnership", "category": "Kind", "description": "What changed"})
    render_download(changes, "systems-change-log.csv", "Download systems-change log CSV", view=page.selection_text)


# --- The page: each section a tab, or why it has nothing to show ----------------------------------------------------


def grants_section() -> None:
    """Grant dollars, leverage and cost per person, or that grants were never loaded."""
    st.header("Grants, leverage and cost")  # headed whether grants are loaded or not (it was only when not)
    if "grants" in page.loaded:
        render_grants()
    else:
        render_not_loaded(["grants"], page.public)


def earnings_return_section() -> None:
    """Participants' wage gains against grant dollars, or which files it waits for."""
    st.header("Earnings return: participants' wage gains against grant dollars")
    missing = [table for table in ("grants", "participants") if table not in page.loaded]
    if missing:
        render_not_loaded(missing, page.public)
    else:
        render_earnings_return()


PHASES_BESIDE_GAPS = [2, 3]


def partners_section() -> None:
    """Partnerships per phase beside the gaps at their tables, and partners by type."""
    st.header("The right partners at the table")
    left, right = columns_beside(PHASES_BESIDE_GAPS, "phases-gaps")
    with left:
        render_phases()
    if "partners" in page.loaded:
        render_partner_gaps(funding.partner_composition(directory, fetch("partners_of_partnerships",
                                                                         partnership_ids=ids)), right)
    else:
        with right:
            render_not_loaded(["partners"], page.public)


def systems_change_section() -> None:
    """The systems-change log, or that it was never loaded."""
    st.header("Systems change")
    if "system_changes" in page.loaded:
        render_systems_change()
    else:
        render_not_loaded(["system_changes"], page.public)


render_lazy_tabs({"Grants and cost": grants_section, "Earnings return": earnings_return_section,
                  "Partners at the table": partners_section, "Systems change": systems_change_section},
                 key="funding_tab", keep=("grants_colour", "return_hours", "return_years", "return_employed",
                                          "return_by", "only_gaps", "change_categories"))

with st.expander("How these are measured"):
    st.markdown(methods.funding_methods(k))
