"""Partnerships: where they are, a directory, and the profile of one partnership."""

import pandas as pd
import streamlit as st

from sectorscope.charts import bars, maps
from sectorscope.export.figures import NARROWEST_FIGURE_PX
from sectorscope.metrics import workers
from sectorscope.present import headlines
from sectorscope.present.formatting import (
    MISSING,
    format_count,
    format_counted,
    format_dollars,
    numbers_for_grid,
    whole_for_grid,
)
from sectorscope.present.profile import (
    is_not_public,
    no_exiter_note,
    outside_records_note,
    partly_outside_records_note,
    partnership_line,
    served_counties_line,
)
from sectorscope.present.tables import (
    DIRECTORY_COLUMNS,
    DIRECTORY_EMPLOYERS,
    DIRECTORY_GRANTS,
    DIRECTORY_PARTICIPANTS,
    SCREEN_ORDER,
    active_outside_records,
    directory_counts_note,
    directory_table,
    not_on_record_note,
)
from sectorscope.ui.data import fetch, fetch_later, region_outlines_geojson, state_geojson
from sectorscope.ui.figures import cached_figure
from sectorscope.ui.filters import set_partnership
from sectorscope.ui.printing import render_print_table
from sectorscope.ui.render import (
    column_px,
    columns_beside,
    render_chart,
    render_download,
    render_headlines,
    render_not_loaded,
)
from sectorscope.ui.setup import page_setup

page = page_setup()
view = page.selection
params = view.query_parameters()
k = page.min_cell if page.public else None

st.title(page.title)
st.caption(page.describe(view))
if "partnerships" not in page.loaded:  # never loaded: not "no partnership in this selection" over a blank map
    render_not_loaded(["partnerships"], page.public)
    st.stop()

# The map's and the directory's queries start together (side by side while the page draws the map).
later_by_county = fetch_later("partnerships_by_county", **params, state_fips=page.state_fips, public_only=page.public)
later_directory = fetch_later("partnership_directory", **params, public_only=page.public)

# --- Map -------------------------------------------------------------------------------------------------------
by_county = later_by_county.result()
counties = fetch("state_counties", state_fips=page.state_fips)
if counties.empty:  # a registry naming regions only, without their counties: no map to draw
    render_not_loaded(["partnership_counties"], page.public)
else:
    colour_by = st.segmented_control("Colour counties by", ["Number of partnerships", "Main sector"],
                                     default="Number of partnerships", key="map_colour", required=True)
    build_map = maps.partnership_sector_map if colour_by == "Main sector" else maps.partnership_count_map
    map_inputs = (view, page.public, page.state_fips, colour_by)
    render_chart(page, cached_figure("partnership-map", map_inputs, lambda: build_map(
        by_county.merge(counties[["county_fips", "centroid_lon", "centroid_lat"]], on="county_fips"),
        state_geojson(page.state_fips), outlines=region_outlines_geojson(page.state_fips),
        width_hint=NARROWEST_FIGURE_PX, title="Partnerships in view serving each county")), key="partnership-map",
        config={"displaylogo": False})
    unserved = int((by_county["partnerships"] == 0).sum())
    st.caption(f"Black lines: regions. {unserved:,} of {len(by_county):,} counties have no partnership in view. "
               "Hover a county to list its partnerships."
               + (" " + headlines.MAP_COUNTS_NOTE.format(marked="framed") if view.county_fips else ""))

# --- Directory -------------------------------------------------------------------------------------------------
directory = later_directory.result().copy()
st.header(f"Directory · {format_counted(len(directory), 'partnership')}")
if directory.empty:
    st.info("No partnership matches this selection. Widen the sectors, counties or years in the sidebar.",
            icon=":material/filter_alt_off:")
else:
    years = (view.year_from, view.year_to)
    exits_outside = active_outside_records(directory, years, page.options.exit_years)
    surveys_outside = active_outside_records(directory, years, page.options.survey_years)
    table = directory_table(directory, page.loaded, k, exits_outside, surveys_outside, page.county_names)
    st.caption(directory_counts_note(bool(view.county_fips)))  # why its rows need not add up to the Overview's
    for whole_view, outside, records, span, counted, said, source in (
            (page.options.no_exits_on_record(view), exits_outside, "exits", page.options.exit_years,
             "participants", "exiters", "participants"),
            (page.options.no_surveys_on_record(view), surveys_outside, "surveys", page.options.survey_years,
             "employers", "employers", "employer_surveys")):
        if whole_view:  # e.g. 2005-2010 on the demo: its grants are on record, its exits and surveys are not
            st.caption(f"{whole_view}: {said} are not counted for {view.years_text}.")
        elif source in page.loaded and (note := not_on_record_note(outside & (directory[counted] == 0), records,
                                                                   span, said)):
            st.caption(note)  # some rows: their partnerships were active only before (or after) the records
    picked = st.dataframe(
        # "$%,d" cuts cents off: rounded as the printed copy; "not on record" beside numbers: empty, said above
        numbers_for_grid(whole_for_grid(table, ["grant_dollars"]), ["participants", "employers"]),
        hide_index=True, placeholder=MISSING,
        width="stretch",
        column_order=SCREEN_ORDER,
        on_select="rerun",
        selection_mode="single-row",
        key="directory",
        column_config={
            **DIRECTORY_COLUMNS,
            "name": st.column_config.TextColumn("Partnership", width="large", pinned=True),
            "counties": st.column_config.TextColumn("Counties served", width="medium"),
            "participants": st.column_config.Column("Exiters, anywhere", help=DIRECTORY_PARTICIPANTS),
            "employers": st.column_config.Column("Employers, anywhere", help=DIRECTORY_EMPLOYERS),
            "grant_dollars": st.column_config.Column("Grant dollars", help=DIRECTORY_GRANTS)
            if "grants" not in page.loaded else st.column_config.NumberColumn(
                "Grant dollars", format="$%,d", help=DIRECTORY_GRANTS),
        },
    )
    render_print_table(table, "directory", {  # the grid prints only the rows in view: print all
        **DIRECTORY_COLUMNS, "participants": f"Exiters ({DIRECTORY_PARTICIPANTS.lower()})",
        "employers": f"Employers ({DIRECTORY_EMPLOYERS.lower()})",
        "grant_dollars": f"Grant dollars ($, {DIRECTORY_GRANTS.lower()})"},
                       {"participants": format_count, "employers": format_count, "grant_dollars": format_dollars})
    rows = picked.selection.rows if picked is not None else []
    if rows:
        chosen_id = directory.iloc[rows[0]]["partnership_id"]
        if chosen_id != view.partnership_id:
            set_partnership(chosen_id)
            st.rerun()
    render_download(table, "partnerships.csv", view=page.selection_text, headings={  # units as every CSV has them
        "name": "Partnership", "participants": f"Exiters ({DIRECTORY_PARTICIPANTS.lower()})",
        "employers": f"Employers ({DIRECTORY_EMPLOYERS.lower()})",
        "grant_dollars": f"Grant dollars ($, {DIRECTORY_GRANTS.lower()})"})

# --- Profile ---------------------------------------------------------------------------------------------------
PROFILE_DEMO_NOTICE = "**Demo data (synthetic):** a made-up partnership of Sectorscope's demo state."
st.header("Partnership profile")
choices = fetch("partnership_choices", public_only=page.public)
names = dict(zip(choices["partnership_id"], choices["name"], strict=True))
st.session_state["partnership_pick"] = view.partnership_id if view.partnership_id in names else None
st.selectbox("Partnership", list(names), key="partnership_pick", format_func=lambda pid: names.get(pid, pid),
             index=None, placeholder="Choose a partnership, or click a row in the directory",
             on_change=lambda: set_partnership(st.session_state["partnership_pick"]))
if view.partnership_id not in names:
    st.info("Choose a partnership above (or click a row in the directory) to see its profile. "
            "Its link can be shared: it reopens this profile.", icon=":material/touch_app:")
    st.stop()

profile = fetch("partnership_profile", partnership_id=view.partnership_id).iloc[0]
one = [view.partnership_id]
all_years = {"year_from": 0, "year_to": 9999}  # a profile covers the partnership's whole life
profile_view = f"{profile['name']} · all years"  # its charts' pictures name the partnership, not the sidebar's view
st.markdown(f"### {profile['name']}")
if page.is_demo:  # a shared link opens scrolled to here, past the page's demo notice: said on the first screen too
    st.caption(PROFILE_DEMO_NOTICE)
if not page.public and is_not_public(profile):  # its slides and deck say so too; public mode never shows it
    st.warning(f"**{headlines.NOT_PUBLIC}** Its figures here, its slides and its deck are for use inside the state, "
               "not at a public meeting.", icon=":material/visibility_off:")
st.markdown(partnership_line(profile, bold=True))
if pd.notna(profile["description"]) and profile["description"]:
    st.caption(profile["description"])

worker_figures = workers.headline_figures_of_row(fetch(
    "worker_headline_figures", sector_codes=[], county_fips=[], partnership_ids=one, public_only=page.public,
    **all_years).iloc[0])
surveys = fetch("employer_survey_outcomes", sector_codes=[], county_fips=[], partnership_ids=one,
                public_only=page.public, **all_years)
narrowed = (view.year_from, view.year_to) != (page.options.first_year, page.options.last_year)
# the directory's row above, the slides and the deck of this partnership count the sidebar's years: said before the
# cards, so that a convener comparing them is not left with two numbers under one label (said under them, it was
# read after "397 exiters" beside a caption of 2018-2022 and a deck of 186: a staffer)
in_directory = view.partnership_id in set(directory["partnership_id"])  # else it has no row above to compare
# its years reaching before the records: its cards count the years on record only (as its slides say)
partly = " ".join(f"{note}." for note in (
    partly_outside_records_note(profile, "exits", page.options.exit_years),
    partly_outside_records_note(profile, "surveys", page.options.survey_years)) if note)
st.caption("Outcomes over all years of the partnership." + (f" {partly}" if partly else "") + (
    f" {'The directory above, this' if in_directory else 'This'} partnership's slides and its deck count "
    f"{view.years_text} only (the sidebar's years)." if narrowed else ""))
render_headlines(headlines.profile_headlines(worker_figures, surveys, k, page.loaded, outside={  # as its deck says
    "exiter": no_exiter_note(profile, page.options.exit_years, public=page.public),
    "employer survey": outside_records_note(profile, "surveys", page.options.survey_years)}), columns=3,
    public=page.public)

PARTNERS_BESIDE_MAP = [3, 2]
left, right = columns_beside(PARTNERS_BESIDE_MAP, "partners-map")
with left:
    partners = fetch("partners_of_partnerships", partnership_ids=one)
    if "partners" not in page.loaded:
        render_not_loaded(["partners"], page.public)
    elif partners.empty:
        st.info("No partner organization is listed for this partnership.", icon=":material/info:")
    else:
        render_chart(page, cached_figure("profile-partners", view.partnership_id, lambda: bars.count_bar(
            partners.groupby("partner_type", as_index=False).size(), "partner_type", "size",
            f"Partners by type ({len(partners):,})", height=340)),
            view=profile_view, key="profile-partners", config={"displaylogo": False},
            narrowest_px=column_px(PARTNERS_BESIDE_MAP, 0))
with right:
    render_chart(page, cached_figure("profile-map", (view.partnership_id, page.state_fips), lambda: (
        maps.served_counties_map(counties, list(profile["county_fips"]), state_geojson(page.state_fips),
                                 width_hint=column_px(PARTNERS_BESIDE_MAP, 1), title="Counties served"))),
        view=profile_view, key="profile-map", config={"displaylogo": False},
        narrowest_px=column_px(PARTNERS_BESIDE_MAP, 1))
    st.caption(served_counties_line(profile, page.county_names))


def render_grants_table(grants: pd.DataFrame) -> None:
    """The partnership's grants: total, then one row per grant, and a CSV."""
    st.markdown(f"**Grants** · {format_dollars(grants['amount_usd'].sum())} in {format_counted(len(grants), 'grant')}")
    st.dataframe(whole_for_grid(grants[["grant_type", "funder", "funding_source", "amount_usd", "start_date",
                                        "end_date"]], ["amount_usd"]),
                 hide_index=True, placeholder=MISSING, width="stretch",
                 column_config={"amount_usd": st.column_config.NumberColumn("Amount", format="$%,d"),
                                "grant_type": "Type", "funder": "Funder", "funding_source": "Source",
                                "start_date": st.column_config.DateColumn("Start"),
                                "end_date": st.column_config.DateColumn("End")})
    render_download(grants, f"grants-{view.partnership_id}.csv", "Download grants CSV")  # all its years


grants = fetch("grants_of_partnerships", partnership_ids=one, **all_years)
if "grants" not in page.loaded:
    st.markdown("**Grants**")
    render_not_loaded(["grants"], page.public)
elif grants.empty:
    st.markdown("**Grants** · none recorded for this partnership")
else:
    render_grants_table(grants)

st.markdown("**In their words**")
STORIES_SHOWN = 4  # a profile stays short; the others open below them
# staff read every story in one query and see those with public consent; the public's query holds only those
collected = fetch("stories_of_partnerships", partnership_ids=one, consented_only=page.public)
stories = collected[collected["consent_public"].fillna(False).astype(bool)]
if "stories" not in page.loaded:
    render_not_loaded(["stories"], page.public)
elif stories.empty:
    st.caption("No story with public consent for this partnership yet.")
for story in stories.head(STORIES_SHOWN).itertuples():
    st.markdown(f"> {story.quote}\n>\n> — *{story.attribution}*")
if len(stories) > STORIES_SHOWN:  # the rest one click away: the fifth was dropped without a word
    with st.expander(f"{format_counted(len(stories) - STORIES_SHOWN, 'more story', 'more stories')} with public "
                     "consent"):
        for story in stories.iloc[STORIES_SHOWN:].itertuples():
            st.markdown(f"> {story.quote}\n>\n> — *{story.attribution}*")
if held_back := len(collected) - len(stories):  # staff: the deck counts every story collected, said here too
    more = "more " if len(stories) else ""  # "1 more story" beside none shown read oddly
    st.caption(f"{format_counted(held_back, more + 'story', more + 'stories')} without public consent, not shown "
               "here (the deck's \"Stories collected\" counts them).")
