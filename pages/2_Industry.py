"""Industry analysis: which industries drive a county or region, which have a sector partnership, which do not."""

from dataclasses import replace

import streamlit as st

from sectorscope import codes
from sectorscope.charts import industry as charts
from sectorscope.export.figures import NARROWEST_FIGURE_PX
from sectorscope.metrics import labor_market as lm
from sectorscope.present import downloads, headlines, methods
from sectorscope.present.formatting import MISSING, format_counted, format_dollars, format_percent, year_span
from sectorscope.sources import qcew
from sectorscope.ui.data import derived, fetch, state_geojson
from sectorscope.ui.figures import cached_figure
from sectorscope.ui.printing import render_print_table
from sectorscope.ui.render import render_chart, render_download, render_headlines, render_lazy_tabs, render_not_loaded
from sectorscope.ui.setup import page_setup

LEVELS = {"3": "Supersectors", "4": "NAICS sectors", "5": "3-digit NAICS", "6": "4-digit NAICS",
          "7": "5-digit NAICS", "8": "6-digit NAICS"}
PRIVATE = "5"

page = page_setup()
view = page.selection
if "qcew_annual" not in page.loaded:
    st.title(page.title)
    render_not_loaded(["qcew_annual"], page.public)
    st.stop()
state = codes.state_name(page.state_fips)
area_fips = list(view.county_fips) or [qcew.state_area(page.state_fips)]
area = charts.area_label([page.county_names.get(f, f) for f in view.county_fips], state)
if len(view.region_ids) == 1:  # a region is called by its name ("8 counties (Adams, …)'s industries" read badly)
    regions = fetch("regions")
    area = dict(zip(regions["region_id"], regions["region_name"], strict=True)).get(view.region_ids[0], area)
areas = charts.possessive(area)
chart_config = {"displaylogo": False}

st.title(page.title)
# the demo's QCEW is made up on a real state's counties: "Which industries drive Pennsylvania" over its 6.5M jobs read
# as BLS's Pennsylvania under the banner (a staffer)
lead = f"In the demo's made-up QCEW, not BLS's figures for {state}: which" if page.is_demo else "Which"
st.caption(f"{lead} industries drive **{area}** (size, concentration, growth, wages), which of them a sector "
           "partnership serves, and which it does not. Choose counties or a region in the sidebar. Its figures are "
           "for the QCEW years compared below; the sidebar's years choose only the partnerships it counts (**"
           + year_span(view.year_from, view.year_to) + "**).")

levels = fetch("industry_levels", area_fips=area_fips, own_code=PRIVATE)
if levels.empty:
    st.info(f"No QCEW industry data is loaded for {area}. Load BLS files with "
            "`python -m sectorscope qcew load FILES` (or `qcew fetch --state "
            f"{codes.state_postal(page.state_fips) or 'XX'} --years 2019-2024` when online), "
            "or choose other counties in the sidebar.", icon=":material/filter_alt_off:")
    st.stop()

controls = st.columns([3, 2, 2])
level_options = [level for level in LEVELS if level in set(levels["level"])]
# "the state" of an area is its own (Chemung County's is New York, whichever state the dashboard shows); counties of
# two states have none: no one state's LQ is theirs
own_state = qcew.own_state_area(view.county_fips)
reference_options = ["us", "state"] if own_state else ["us"]
own_state_name = codes.state_name(own_state[:2]) if own_state else state
for key, options in (("industry_level", level_options), ("industry_reference", reference_options)):
    if st.session_state.get(key) not in (None, *options):  # a choice another area offered
        del st.session_state[key]
level = controls[2].selectbox("Industries", level_options, format_func=LEVELS.get, key="industry_level",
                              index=level_options.index("4") if "4" in level_options else 0)
rows = fetch("industry_area_rows", area_fips=area_fips, own_code=PRIVATE, level=level)
years = lm.years_with_data(rows, len(area_fips))
# years some counties have and others lack are left out: which, and whose files they need
lacking_note = charts.years_lacking_note(lm.years_lacking_areas(rows, area_fips), page.county_names)
if not years:
    st.info(f"No year has QCEW totals for every county of {area}" + (f": {lacking_note}" if lacking_note else "")
            + ". Load the missing counties' files, or choose fewer counties.", icon=":material/filter_alt_off:")
    st.stop()
# "Only 2016 is loaded" stood where 2013-2015 were loaded for one county of two (a staffer)
only_year = (f"Only {years[0]} has QCEW for every county of {area} ({lacking_note})" if lacking_note else
             f"Only {years[0]} is loaded for {area}")
if st.session_state.get("industry_years") and not set(st.session_state["industry_years"]) <= set(years):
    del st.session_state["industry_years"]
if len(years) > 1:
    start, end = controls[0].select_slider(
        "Compare years", years, value=(lm.default_start_year(years), years[-1]), key="industry_years",
        help="Growth and shift-share run from the first year to the last; size, wages and LQ are for the last.")
else:
    start = end = years[0]
    controls[0].caption(f"{only_year}: no growth to compare.")
if lacking_note and len(years) > 1:
    controls[0].caption(f"Left out: {lacking_note}.")
reference = controls[1].segmented_control(
    "Compare with", reference_options, format_func={"us": "U.S.", "state": own_state_name}.get,
    key="industry_reference", default="us", required=True,
    help="The reference of location quotients and shift-share: the U.S., or the state the counties lie in") or "us"
if view.county_fips and not own_state:
    controls[1].caption("No state to compare with: the counties chosen lie in "
                        + " and ".join(sorted({codes.state_name(code[:2]) for code in view.county_fips}))
                        + ", and one state's shares are not theirs.")
reference_area = qcew.US_AREA if reference == "us" else own_state
reference_name = "the U.S." if reference == "us" else own_state_name
reference_rows = fetch("industry_area_rows", area_fips=[reference_area], own_code=PRIVATE, level=level)
missing = lm.missing_reference_years(reference_rows, sorted({start, end}))
state_areas = sorted({qcew.state_area(code[:2]) for code in area_fips} - set(area_fips))
lq_rows = fetch("industry_area_rows", area_fips=state_areas, own_code=PRIVATE, level=level) if state_areas else None

# the area's profile and shift-share rest on the area, its QCEW rows and the years compared, not on the sidebar's
# sectors or years: a change of those reuses them (ui.data.derived)
area_view = (tuple(area_fips), level, start, end, reference)
# the reference's sums are the same for every area: worked out once per reference and years, not per area chosen
reference_sums = derived("industry-reference-sums", (reference_area, level, start, end),
                         lambda: lm.reference_sums(reference_rows, start, end))
profile = derived("industry-profile", area_view, lambda: lm.industry_profile(
    rows, reference_rows, start_year=start, end_year=end, reference=reference, lq_rows=lq_rows,
    sums=reference_sums))
if page.public:  # no figure on fewer than k people, even where BLS publishes it
    profile = lm.hide_small_cells(profile, page.min_cell)
partnerships = fetch("industry_partnerships", sector_codes=list(view.sector_codes), county_fips=list(view.county_fips),
                     year_from=view.year_from, year_to=view.year_to, public_only=page.public)
coverage = lm.partnership_coverage(list(profile["industry_code"]), partnerships)
# the demo's QCEW is made up by its generator: its charts and captions never credit BLS with it; other data is
# credited as its loads recorded (a qcew_annual.csv of the template records no source: BLS was credited with it)
qcew_loads = fetch("qcew_loads")
chart_source = "Synthetic demo data in the BLS QCEW layout" if page.is_demo else charts.data_credit(qcew_loads)
# "BLS published", "suppressed by BLS": said of BLS's files only, others' are worded after the file loaded
from_bls = not page.is_demo and charts.is_from_bls(qcew_loads)
source = f"{chart_source}, annual averages, private ownership, {LEVELS[level]}"
series = f"the {'U.S.' if reference == 'us' else own_state_name} series ({reference_area})"
get_series = charts.where_to_get(series, reference_area, sorted({start, end}),
                                 codes.state_postal((own_state or qcew.state_area(page.state_fips))[:2]))
lq_basis = charts.lq_basis(profile["lq_source"], series, from_bls)
has_published_lq = profile["lq_source"].isin(lm.PUBLISHED_LQ_SOURCES).any()
if missing and not (has_published_lq and start == end):
    st.warning(charts.missing_reference_note(series, missing, has_published_lq, reference_name, end, from_bls) + " "
               + get_series, icon=":material/warning:")
st.caption(f"LQ against {reference_name}: **{lq_basis}**.")

# --- Weights, read before the charts that show the ranking ----------------------------------------------------
ranking_area = st.container()
unscorable = lm.components_unknown(profile)  # growth with one year: left out of every score, and said so
with st.expander("Target-sector score: weights", expanded=False):
    st.caption("Score = weighted mean of each industry's percentile (0-100) among the industries here on: "
               + "; ".join(f"**{name}** ({meaning})" for name, (_, meaning) in lm.RANK_COMPONENTS.items())
               + ". An industry missing a weighted component (withheld, or known for some counties only) gets no "
               "score." + (f" {charts.left_out_of_scores(unscorable, start, end)}" if unscorable else ""))
    weight_columns = st.columns(len(lm.RANK_COMPONENTS))
    weights = {name: column.slider(name.capitalize(), 0.0, 3.0, lm.DEFAULT_WEIGHTS[name], 0.5,
                                   key=f"weight_{name}", disabled=name in unscorable,
                                   help=charts.left_out_of_scores((name,), start, end) if name in unscorable else None)
               for column, name in zip(weight_columns, lm.RANK_COMPONENTS, strict=True)}
ranked = lm.rank_industries(profile, coverage, weights)
if "partnerships" not in page.loaded:  # no registry loaded (QCEW alone): no industry is known to lack a partnership
    ranked = ranked.assign(gap=False)
if view.sector_codes:
    sectors = fetch("sectors").set_index("sector_code")["naics_prefixes"]
    ranked = ranked[lm.industries_in_sectors(ranked["industry_code"], [list(sectors[c]) for c in view.sector_codes])]
    st.caption("Showing the industries of the sectors chosen in the sidebar; clear the Sector filter to see all.")
if ranked.empty:
    st.info("No industry of the chosen sectors is in this area's QCEW data. Clear the Sector filter.",
            icon=":material/filter_alt_off:")
    st.stop()
# the demo's QCEW is made up in BLS's layout: BLS withheld and published nothing in it (nor in a template's file)
AGENCY = "the demo's generator" if page.is_demo else charts.withheld_by(qcew_loads)
suppression = charts.suppression_note(ranked, len(area_fips), start if start != end else None,
                                      from_quarters=bool(rows["from_quarters"].any()), agency=AGENCY, end=end)
# every value the charts below are made from, besides the database: a repeated view reuses its figures
figure_inputs = (view, page.public, page.min_cell, page.state_fips, level, start, end, reference,
                 tuple(weights.items()))
# a chart's foot and file name give the QCEW years it shows, not the sidebar's years (which pick partnerships)
compared_view = page.describe(replace(view, year_from=start, year_to=end))
last_year_view = page.describe(replace(view, year_from=end, year_to=end))

with ranking_area:
    jobs_start, _ = lm.area_total(rows, start)
    jobs_end, area_wage = lm.area_total(rows, end)
    render_headlines(headlines.industry_headlines(ranked, jobs_start, jobs_end, start, end, LEVELS[level],
                                                  reference_name, page.loaded, sectors_chosen=bool(view.sector_codes)),
                     columns=4, public=page.public)

    gaps = ranked[ranked["gap"]]
    if not gaps.empty:
        st.warning("**Strong industries with no partnership:** " + charts.strong_without_partnership(gaps)
                   + ". No partnership in view serving this area covers them.", icon=":material/flag:")

def bubbles_section() -> None:
    """Each industry's concentration (LQ) against its growth, sized by its jobs and coloured by its wages."""
    st.header(f"Concentration and growth, {start}–{end}" if start != end else "Concentration and growth")
    if not (ranked["lq"].gt(0) & (ranked["cagr"].notna() | ranked["partial_cagr"].notna())).any():
        st.info(charts.bubble_note(start, end, ranked["lq"].notna().any(), series, reference_loaded=not missing,
                                   agency=AGENCY), icon=":material/info:")
        return
    render_chart(page, cached_figure("industry-bubbles", figure_inputs, lambda: charts.lq_growth_bubble(
        ranked, f"Concentration and growth of {areas} industries, {start}–{end}",
        growth_label=f"Employment growth per year, {start}-{end}", area_count=len(area_fips))),
        source=chart_source, view=compared_view, key="industry-bubbles", config=chart_config)
    st.caption(f"Bubble size: employment in {end}; colour: average weekly wage against {areas} all-industry "
               f"average (blue above, vermillion below). LQ: {lq_basis}. {suppression} Source: {source}.")


def ranked_section() -> None:
    """The industries ranked as target sectors: the table, its notes and its file."""
    st.header("Industries ranked as target sectors")
    industry_table = charts.industry_table_text(ranked, len(area_fips))
    st.dataframe(industry_table, hide_index=True, placeholder=MISSING, width="stretch", key="industry-table",
                 column_config={"Rank": st.column_config.TextColumn(pinned=True),
                                "Industry": st.column_config.TextColumn(width="medium", pinned=True),
                                "Flag": st.column_config.TextColumn(width="medium"),
                                "Partnerships": st.column_config.TextColumn(width="medium")})
    render_print_table(industry_table, "industry-table", pinned=2)  # the grid prints only the columns in view
    for note in charts.change_notes(ranked, end, lm.years_missing_an_area(rows, end, [end - 1, end - 5]), area,
                                    len(area_fips), from_quarters=bool(rows["from_quarters"].any()),
                                    county_names=page.county_names, from_bls=from_bls, agency=AGENCY):
        st.caption(note)
    st.caption(f"Employment, establishments and wages for {end}; LQ against {reference_name}; growth ending in {end} "
               + (f"(per year: {start}–{end}, compound). " if start != end else "(growth needs two years). ")
               + f"Wage vs area: the industry's average weekly wage over "
               f"{areas} average over all its jobs, private and public ({format_dollars(area_wage)}). "
               + f"{suppression} Source: {source}.")
    # one year: no change to give (its columns read 0 on every row, beside a second "Employment, 2016")
    one_year_columns = downloads.COMPARED_COLUMNS if start == end else []
    render_download(ranked.drop(columns=["partnerships", "sectors", "without_change_1y", *lm.LEFT_OUT_COLUMNS,
                                          *one_year_columns], errors="ignore").assign(
        partnerships=ranked["partnerships"].map("; ".join), sectors=ranked["sectors"].map("; ".join),
        change_1y_missing_because=charts.change_1y_missing_because(ranked, end, page.county_names, AGENCY),
        changes_withheld_because=charts.changes_withheld_because(ranked, start, end, page.county_names),
        lq_source=charts.lq_source_text(ranked["lq_source"], from_bls),
        **lm.flags_as_known(ranked, "partnerships" in page.loaded)),  # unknown stays missing, never False
        f"industries-{'-'.join(area_fips)}-{end}.csv", f"Download {areas} industries, {end} (CSV)",
        # where a pasted LQ or job count came from, and for which place and years (the file said neither: a staffer)
        headings=downloads.industry_headings(start, end, from_bls), view=compared_view,
        source=f"{source}; LQ against {reference_name}", link_in_name=False)  # named by its places and year


def shift_share_section() -> None:
    """Why employment changed: reference growth, industry mix and the regional edge."""
    st.header(f"Shift-share, {start}–{end}" if start != end else "Shift-share")
    shift = derived("industry-shift-share", area_view, lambda: lm.shift_share_table(rows, reference_rows, start, end,
                                                                                    reference_sums))
    shift = shift[shift["industry_code"].isin(ranked["industry_code"])]
    if start == end:  # with one year loaded there is no slider above to choose from: say what is needed
        st.info("Choose two different years above to split employment change into its parts." if len(years) > 1 else
                f"{only_year}: load another year's QCEW files (`python -m sectorscope qcew load "
                "FILES`, or the Data page) to split employment change into its parts.", icon=":material/date_range:")
    elif missing:
        st.info(f"Shift-share needs {series}: its employment by industry in {start} and {end} (published LQs give "
                f"shares, not growth). It is not loaded for {', '.join(map(str, missing))}. " + get_series,
                icon=":material/info:")
    elif shift["actual_change"].notna().sum() == 0:  # the reference is there: the area's own figures are not
        st.info(f"No industry in view has employment in both {start} and {end} in every county of {area}: {AGENCY} "
                "suppresses them (or the area lacks them), so their change cannot be split.",
                icon=":material/visibility_off:")
    else:
        render_chart(page, cached_figure("industry-shift-share", figure_inputs, lambda: charts.shift_share_bars(
            shift, f"Why employment changed in {area}, {start}–{end}")), source=chart_source, view=compared_view,
            key="industry-shift-share", config=chart_config)
        st.caption(f"Reference growth: the jobs {area} would have gained growing like all of {reference_name} "
                   f"({format_percent(shift['reference_total_growth'].dropna().iloc[0], 1)}); industry mix: the "
                   f"industry's growth in {reference_name} beyond that; regional (competitive): the rest, "
                   f"{areas} own edge. The three add up to the actual change (black diamond). "
                   + charts.shift_share_left_out_note(shift, len(area_fips), start, end, AGENCY)
                   + f"Source: {source}.")
        shift_table = charts.shift_share_text(shift, start, end, len(area_fips))
        st.dataframe(shift_table, hide_index=True, placeholder=MISSING, width="stretch", key="shift-share-table")
        render_print_table(shift_table, "shift-share-table")
        render_download(shift, downloads.shift_share_file_name(area_fips, start, end, reference, reference_area),
                        f"Download the shift-share against {reference_name}, {start}–{end} (CSV)",
                        headings=downloads.shift_share_headings(start, end, reference_name), view=compared_view,
                        source=source, link_in_name=False)


def map_section() -> None:
    """Where one industry is concentrated: its location quotient by county."""
    st.header("Where one industry is concentrated")
    titles = dict(zip(ranked["industry_code"], ranked["industry_title"].fillna(ranked["industry_code"]), strict=True))
    pick = st.selectbox("Industry", list(titles), format_func=titles.get, key="industry_pick",
                        index=list(titles).index(gaps["industry_code"].iloc[0]) if not gaps.empty else 0)
    county_rows = fetch("industry_county_rows", state_fips=page.state_fips, industry_code=pick, own_code=PRIVATE,
                        year=end)
    # against the state, each county of the map is compared with its own (a region's counties across a state line)
    map_states = sorted({qcew.state_area(fips[:2]) for fips in county_rows["county_fips"]})
    map_reference_rows = reference_rows if reference == "us" or map_states == [reference_area] else fetch(
        "industry_area_rows", area_fips=map_states, own_code=PRIVATE, level=level)
    map_reference_name = reference_name if reference == "us" or len(map_states) == 1 else "each county's own state"
    by_county = lm.county_location_quotients(county_rows, map_reference_rows, industry_code=pick, year=end,
                                             reference=reference)
    if page.public:
        by_county = lm.hide_small_cells(by_county, page.min_cell)
    counts = by_county["status"].value_counts()
    if counts.get("disclosed", 0) + counts.get(lm.NO_JOBS, 0) == 0:
        st.info(f"No county has an LQ for {titles[pick]} in {end}: {series} is not loaded and the county files carry "
                f"no published LQ, or {AGENCY} suppressed every county's figure.", icon=":material/info:")
    else:
        def lq_map():
            state_map = state_geojson(page.state_fips)
            return charts.industry_lq_map(by_county, state_map, f"{titles[pick]}: location quotient by county, {end}",
                                          outlines=charts.selected_outline(state_map, view.county_fips),
                                          width_hint=NARROWEST_FIGURE_PX,
                                          agency=AGENCY)

        render_chart(page, cached_figure("industry-map", (*figure_inputs, pick), lq_map), source=chart_source,
                     view=last_year_view, key="industry-map", config=chart_config)
        sources = set(by_county["lq_source"])
        monthly, annual = "from BLS's monthly LQs" in sources, "BLS published" in sources
        published_note = ("" if reference != "us" else " (the demo file's own LQ where it has one)" if page.is_demo else
                          f" (BLS's published value, or, where only quarterly files are loaded, {lm.MONTHLY_LQ_METHOD})"
                          if monthly and annual else
                          f" ({lm.MONTHLY_LQ_METHOD}, where the quarterly files have them)" if monthly else
                          " (BLS's published value where the file has it)" if from_bls else
                          " (the value published in the loaded file where it has one)")
        outline_note = f"; black outline: {area}" if view.county_fips else ""
        # from quarterly files, a county "suppressed" may be one quarter's: BLS's annual file may publish the year
        suppressed = by_county.loc[by_county["status"].eq("suppressed"), "county_fips"]
        from_quarters = county_rows.loc[county_rows["county_fips"].isin(suppressed), "from_quarters"].any()
        quarters_note = "; a quarter withheld withholds the year: BLS's annual file may publish it" if from_quarters \
            else ""
        st.caption(f"LQ against {map_reference_name}{published_note}{outline_note}. "
                   f"{format_counted(counts.get('suppressed', 0), 'county', 'counties')} suppressed by {AGENCY} (grey"
                   f"{quarters_note}), "
                   f"{format_counted(counts.get(lm.NO_JOBS, 0), 'county', 'counties')} with no jobs in the industry "
                   "(LQ 0), "
                   f"{format_counted(counts.get('no data', 0), 'county', 'counties')} with no QCEW loaded, "
                   f"{format_counted(counts.get('no reference', 0), 'county', 'counties')} without a reference figure. "
                   f"Source: {source}, {end}.")
    render_download(by_county.drop(columns=["centroid_lon", "centroid_lat"]).assign(
        lq_source=charts.lq_source_text(by_county["lq_source"], from_bls)), f"lq-by-county-{pick}-{end}.csv",
        # every county of the state, as the map: not the counties chosen (its rows read "Lancaster County" on York)
        f"Download location quotients by county, {end} (CSV)",
        view=page.describe(replace(view, county_fips=(), region_ids=(), year_from=end, year_to=end)),
        source=f"{source}; LQ against {map_reference_name}", link_in_name=False)


render_lazy_tabs({charts.RANKED_TAB: ranked_section, "Concentration and growth": bubbles_section,
                  "Shift-share": shift_share_section, "Where one industry is concentrated": map_section},
                 key="industry_tab", keep=("industry_pick",))

with st.expander("How these are measured"):
    st.markdown(methods.industry_methods(reference_name, page.min_cell if page.public else None, from_bls=from_bls,
                                         agency=AGENCY, published_lq_name=charts.published_lq_name(from_bls)))
