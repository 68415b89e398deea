"""Overview: the state's sector strategy at a glance, by the NGA evaluation framework's categories."""

import streamlit as st

from sectorscope import codes
from sectorscope.charts import maps
from sectorscope.metrics import workers
from sectorscope.present import headlines, methods
from sectorscope.ui.data import fetch_later, region_outlines_geojson, state_geojson
from sectorscope.ui.figures import cached_figure
from sectorscope.ui.render import (
    column_px,
    columns_beside,
    render_chart,
    render_headlines,
    render_not_loaded,
    render_partnership_not_applied,
)
from sectorscope.ui.setup import page_setup

page = page_setup()
view = page.selection
k = page.min_cell if page.public else None
params = view.query_parameters()

# The page's queries, started at once (two run side by side while the page draws what it has).
later_directory = fetch_later("partnership_directory", **params, public_only=page.public)
# People and employers are sliced by where they live or work, partnerships by the counties they serve.
later_workers = fetch_later("worker_headline_figures", **params, partnership_ids=[], public_only=page.public)
later_surveys = fetch_later("employer_survey_outcomes", **params, partnership_ids=[], public_only=page.public)
later_counties = fetch_later("state_counties", state_fips=page.state_fips)
later_by_county = fetch_later("partnerships_by_county", **params, state_fips=page.state_fips, public_only=page.public)

st.title(page.title)
# regions by name, as its deck and one-pager say them (a convener); a real state by name (it said none: an analyst)
st.caption(" · ".join(part for part in (codes.state_said(page.state_fips, page.is_demo, view.county_fips),
                                         page.describe(view)) if part))
render_partnership_not_applied(view, page.public)

directory = later_directory.result()
ids = list(directory["partnership_id"])
later_partners = fetch_later("partners_of_partnerships", partnership_ids=ids)
later_grants = fetch_later("grants_of_partnerships", partnership_ids=ids, year_from=view.year_from,
                           year_to=view.year_to)
# each partnership's exiters: what its grant dollars are divided by
later_people = fetch_later("partnership_people_figures", year_from=view.year_from, year_to=view.year_to,
                           partnership_ids=ids, public_only=page.public)
later_changes = fetch_later("system_changes_of_partnerships", partnership_ids=ids, year_from=view.year_from,
                            year_to=view.year_to)
later_stories = fetch_later("stories_of_partnerships", partnership_ids=ids, consented_only=page.public)
worker_figures = workers.headline_figures_of_row(later_workers.result().iloc[0])
surveys = later_surveys.result()

loaded = page.loaded
if "partnerships" not in loaded:
    render_not_loaded(["partnerships"], page.public)
    st.stop()
if directory.empty and worker_figures.exiters == 0 and surveys.empty:
    st.info("No partnership, participant or employer matches this selection. Widen the sectors, counties or "
            "years in the sidebar.",
            icon=":material/filter_alt_off:")
    st.stop()

# The page's places are laid out first and the map is drawn into its place before the cards are worked out: the
# browser starts loading its charting code while the cards follow (issue 16's startup: the first chart sooner).
workers_area, employers_area = st.container(), st.container()
st.header("Partnership effectiveness")
CARDS_BESIDE_MAP = [3, 2]
left, right = columns_beside(CARDS_BESIDE_MAP, "cards-map")
with right:
    counties, by_county = later_counties.result(), later_by_county.result()
    if counties.empty:  # a registry naming regions only, without their counties: no map to draw
        render_not_loaded(["partnership_counties"], page.public)
    else:
        render_chart(page, cached_figure("overview-map", (view, page.public, page.state_fips), lambda: (
            maps.partnership_count_map(
                by_county.merge(counties[["county_fips", "centroid_lon", "centroid_lat"]], on="county_fips"),
                state_geojson(page.state_fips), outlines=region_outlines_geojson(page.state_fips), height=380,
                width_hint=column_px(CARDS_BESIDE_MAP, 1), title="Partnerships serving each county"))),
            key="overview-map", config={"displaylogo": False}, narrowest_px=column_px(CARDS_BESIDE_MAP, 1),
        )
        st.caption("Region borders in black. Open **Partnerships** for the directory and profiles."
                   + (" " + headlines.MAP_COUNTS_NOTE.format(marked="framed") if view.county_fips else ""))

with workers_area:
    st.header("Impact on workers")
    if view.county_fips:  # the two ways of slicing by county, said where they meet (README: "Counties")
        st.caption(headlines.COUNTIES_NOTE)
    render_headlines(headlines.outside_the_records(headlines.worker_headlines(worker_figures, k, loaded,
                                                                             say_trainers=True),
                                                   page.options.no_exits_on_record(view)), columns=4,
                     public=page.public)

with employers_area:
    st.header("Impact on employers")
    # the caption's years are said with the exits ("2005–2025 (exits 2015–2025)"); the surveys' years are never said
    # in public (the release publishes no year of employers' answers)
    if not page.public and not surveys.empty and (surveys_counted := page.options.surveys_counted_note(view)):
        st.caption(surveys_counted)
    employer_cards = headlines.employer_headlines(surveys, k, loaded,
                                                  "" if page.public else page.options.counted_survey_years(view))
    render_headlines(headlines.outside_the_records(employer_cards, page.options.no_surveys_on_record(view)),
                     columns=3, public=page.public)

with left:
    render_headlines(headlines.partnership_headlines(directory, later_partners.result(), later_grants.result(),
                                                     later_people.result(), loaded, page.state_fips,
                                                     page.public, k, page.options.exits_note(view),
                                                     # a real state's published count: not the demo's
                                                     whole_state=view.whole_state and not page.is_demo,
                                                     ratio_years=page.options.ratio_years(view),
                                                     no_exits_on_record=page.options.no_exits_on_record(view)),
                     columns=2,
                     public=page.public)

changes, stories = later_changes.result(), later_stories.result()
left, right = columns_beside([1, 1], "systems-community")
with left:
    st.header("Systems change")
    render_headlines(headlines.systems_headlines(changes, len(directory), loaded, page.public), columns=2,
                     public=page.public)
with right:
    st.header("Impact on community")
    render_headlines(headlines.outside_the_records(
        headlines.community_headlines(by_county, worker_figures, len(stories), k, loaded, len(directory),
                                      stories_with_consent=int(stories["consent_public"].sum())),
        page.options.no_exits_on_record(view), headlines.EXITER_COMMUNITY_CARDS), columns=2, public=page.public)

with st.expander("How these figures are measured"):
    st.markdown(methods.overview_methods(k))
