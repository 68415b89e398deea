"""Showcase: the state's sector partnership story for everyone, from the protected public release only."""

import functools
from pathlib import Path

import streamlit as st

from sectorscope import codes, config, db
from sectorscope.charts import describe, maps, showcase
from sectorscope.export.figures import NARROWEST_FIGURE_PX
from sectorscope.export.public import counties_of_place
from sectorscope.present.availability import RELEASE_HIDDEN, Absence, not_loaded_text
from sectorscope.present.downloads import public_release_download, with_demo_note
from sectorscope.present.formatting import format_count, format_signed_dollars
from sectorscope.release import ALL, story
from sectorscope.release.suppression import protection_margin
from sectorscope.ui.data import fetch, region_outlines_geojson, state_geojson
from sectorscope.ui.figures import cached_figure
from sectorscope.ui.menu import entry_of
from sectorscope.ui.render import ABSENCE_ICONS, csv_bytes, render_headlines, saved_csv_name
from sectorscope.ui.showcase import release_setup, render_described_chart, render_stories


def release_table_csv(path: str) -> bytes:
    """The whole public release as CSV (0.8 MB on the demo), made when the download is asked for, on its own
    connection (it runs outside the script's thread): made on every run, the old release (23 MB) doubled the
    server's peak memory. The release's own column names (a public dataset's, in the README), shares in percent and
    each value's unit (``downloads.public_release_download``); on the demo a last column says the records are
    synthetic."""
    with db.connect_read_only(Path(path)) as con:
        is_demo = bool(db.run_query(con, "dataset_status")["is_demo"].iloc[0])
        release = db.run_query(con, "release_table")
        return csv_bytes(with_demo_note(public_release_download(release, story.release_exit_years(release)), is_demo))


view = release_setup(entry_of(__file__).label, "Sector partnerships in {state}",
                     "Employers in one industry team up with colleges, training providers and the workforce "
                     "system. Together they train people for jobs that are open now. Here is what that did.")
state = codes.state_title(view.state_fips, view.is_demo)
if view.withheld:  # a release the deployment must not show as it is (release.publishable)
    st.warning(f"The public figures are not shown: {view.withheld}."
               + (" Run `python -m sectorscope release build`, or use **Build the public release again** on the "
                  "Data page." if view.mode == "staff" else " Please come back later."), icon=":material/lock:")
    st.stop()
if not view.has_release:
    st.info(not_loaded_text(["participants", "employer_surveys"], public=True), icon=":material/database_off:")
    st.stop()

cell_rows = fetch("release_cell", **view.cell())
k = int(cell_rows["min_cell"].iloc[0]) if not cell_rows.empty else config.min_cell_size()
cell = story.Cell(cell_rows)
state_cell = story.Cell(fetch("release_cell", **view.cell(geo_level="state", geo_id=view.state_fips)))
sector_text = "all sectors" if view.sector_code == ALL else view.sector_name
year_text = "all years" if view.period == ALL else view.period
st.caption(f"Showing **{view.place_name}**, **{sector_text}**, **{year_text}**.")

st.header("Workers")
if view.mode == "staff":  # the same cell's figures on the staff pages count every partnership: said why they differ
    st.info("This is the public view: only public partnerships' people and employers, small groups hidden. The "
            "staff pages count every partnership, so for the same place their counts are larger and their shares "
            "and medians differ.",
            icon=":material/public:")
st.caption(story.PUBLIC_PEOPLE_NOTE)
exit_years = story.exit_years_published(story.wide(fetch(  # a year before every exit on record: not "0 people"
    "release_parts", split="period", geo_level="state", geo_id=view.state_fips, sector_code=ALL, period=ALL), "part",
    ["exiters"]))
render_headlines(story.outside_exit_years(story.worker_cards(cell, k, view.loaded), cell, view.period, exit_years),
                 columns=3, public=True)
sectors = story.wide(fetch("release_parts", split="sector", geo_level=view.geo_level, geo_id=view.geo_id,
                           sector_code=ALL, period=view.period), "part", ["median_wage_gain", "wage_n", "exiters"])
names = dict(zip(fetch("release_choices")["code"], fetch("release_choices")["label"], strict=True))
sectors["sector"] = story.small_groups_named(sectors["part"].map(names), sectors["wage_n"])
sectors = sectors.sort_values("sector", key=lambda name: name.str.casefold(), ignore_index=True)  # not by code
no_people = "participants" not in view.loaded  # the cards say none is published: no chart to point elsewhere for
if no_people:
    pass  # nothing to draw and no advice to give
elif view.sector_code == ALL and describe.is_drawable(sectors["median_wage_gain"]):
    render_described_chart(
        cached_figure("wage-by-sector", (view, k), lambda: showcase.labelled_bars(
            sectors, "sector", "median_wage_gain", f"Middle hourly raise by sector, {year_text}",
            format_signed_dollars, axis_format="hourly_dollars")),
        describe.ranked_bars_summary(sectors, "sector", "median_wage_gain", "The middle hourly raise",
                                     format_signed_dollars, "sectors", "wage_n", "people", k),
        story.as_text(sectors, {"sector": ("Sector", str), "median_wage_gain": ("Middle hourly raise",
                                                                                 format_signed_dollars),
                                "wage_n": ("People with pay before and after", format_count)}, k),
        key="wage-by-sector", view=view)
elif (view.sector_code == ALL and view.splits.by_sector and "median_wage_gain_hidden" in sectors
      and sectors["median_wage_gain_hidden"].astype(bool).any()):
    # only the advice this view can take: at the whole state over all years it read "Try a larger place or all
    # years" (a staffer)
    wider = [way for way, open_to in (("a larger place", view.geo_level != "state"),
                                     ("all years", view.period != ALL)) if open_to]
    st.info("Too few sectors can be shown here to compare raises" + (
        f". Try {' or '.join(wider)}." if wider else f": the rest are {RELEASE_HIDDEN}."),
        icon=":material/visibility_off:")
elif view.sector_code == ALL and view.splits.by_sector:  # nothing hidden: too few with raises (2005: nobody left)
    st.info(f"Too few sectors with people who finished training and had pay before and after in {year_text} to "
            "compare raises.", icon=ABSENCE_ICONS[Absence.EMPTY])
elif view.sector_code == ALL:
    st.info(f"The public table gives each {view.geo_level} for all sectors together. Pick a region or the whole "
            "state to compare sectors.", icon=":material/visibility_off:")

years = story.between_nonzero(story.wide(fetch("release_parts", split="period", geo_level=view.geo_level,
                                                 geo_id=view.geo_id, sector_code=view.sector_code, period=ALL),
                                           "part", ["exiters"]), "exiters")
if no_people:
    pass
elif view.period == ALL and describe.is_drawable(years["exiters"]):
    render_described_chart(
        cached_figure("people-by-year", (view, k), lambda: showcase.yearly_bars(
            years, "part", "exiters", "People who left a program, by year")),
        describe.yearly_summary(years, "part", "exiters", "People leaving a program", k),
        story.as_text(years, {"part": ("Year", str), "exiters": ("People who left a program", format_count)},
                      k),
        key="people-by-year", view=view)
elif view.period == ALL and not view.splits.by_year:
    st.info(f"The public table gives each {view.geo_level} for all years together. Pick the whole state to see "
            "people by year.", icon=":material/visibility_off:")

st.header("Employers")
if view.period == ALL:
    employer_cards = story.employer_cards(cell, k, view.loaded)
    render_headlines(employer_cards, columns=3, public=True)
    if view.geo_level != "state" and story.all_hidden(employer_cards) and not story.all_hidden(
            story.employer_cards(state_cell, k, view.loaded)):
        st.caption(story.EMPLOYERS_HIDDEN_HERE)
else:  # never published by year: not "no one in this selection"
    st.info(story.EMPLOYERS_ALL_YEARS_ONLY, icon=":material/date_range:")

st.header("Partnerships")
all_years = story.Cell(fetch("release_cell", **view.cell(period=ALL))) if view.period != ALL else None
# the place's counties: its grant dollars are its partnerships', and the map below is framed on them
place_counties = list(counties_of_place(view.geo_level, view.geo_id,
                                        fetch("release_region_counties", state_fips=view.state_fips)))
place_grants = fetch("release_place_grants", county_fips=place_counties, sector_code=view.sector_code).iloc[0]
render_headlines(story.partnership_cards(cell, state_cell, view.state_fips, view.geo_level == "state",
                                         view.loaded, all_years,
                                         # Pennsylvania's published count is a real state's, not the demo's
                                         whole_state=view.geo_level == "state" and view.sector_code == ALL
                                         and not view.is_demo,
                                         year=None if view.period == ALL else view.period,
                                         sector=None if view.sector_code == ALL else view.sector_name,
                                         place_grants=story.place_grants(place_grants)),
                 columns=2, public=True)
year_from, year_to = (1900, 2100) if view.period == ALL else (int(view.period), int(view.period))
# the place chosen is framed on the map (its counties flagged; every county keeps its count): the map showed the
# whole state, nothing marked, over a footer naming the region (a public-page reviewer)
by_county = fetch("partnerships_by_county", sector_codes=[] if view.sector_code == ALL else [view.sector_code],
                  county_fips=place_counties, year_from=year_from, year_to=year_to, state_fips=view.state_fips,
                  public_only=True)
counties = fetch("state_counties", state_fips=view.state_fips)
map_frame = by_county.merge(counties[["county_fips", "centroid_lon", "centroid_lat"]], on="county_fips")
if not map_frame.empty:
    render_described_chart(
        cached_figure("showcase-map", view, lambda: maps.partnership_count_map(
            map_frame, state_geojson(view.state_fips), outlines=region_outlines_geojson(view.state_fips), height=420,
            width_hint=NARROWEST_FIGURE_PX, title=f"Where public partnerships work ({sector_text}, {year_text})")),
        describe.partnership_map_summary(by_county, state) + " Region borders are drawn in black." + (
            f" The map is framed on {view.place_name}." if place_counties else ""),
        by_county[by_county["partnerships"] > 0][["county_name", "partnerships"]].rename(
            columns={"county_name": "County", "partnerships": "Public partnerships"}),
        key="showcase-map", view=view)

st.header("In their own words")
stories = fetch("release_stories")
if stories.empty:
    st.info("No stories have been published yet.", icon=":material/chat_bubble:")
else:
    render_stories(stories, dict(zip(stories["sector_code"], stories["sector_name"], strict=False)),
                   dict(zip(stories["region_id"].dropna(), stories["region_name"].dropna(), strict=False)))

st.header("How we measure")
st.markdown(
    "- **People who left a program**: everyone who left a public partnership's training in the years shown, "
    "finished or not, by where they live. Partnerships not agreed to be shown in public are left out.\n"
    "- **Raise per hour**: pay per hour in the job after training minus pay in the job before. "
    "Only people who completed training and reported both are counted. The *middle value* is the median.\n"
    "- **Before and after**: poverty, health insurance and sick leave, among people who answered both times.\n"
    "- **Employers**: answers to a yearly survey, by where the employer's worksite is. Each employer counts once "
    "per partnership, with its latest answer. Shown for all years together only.\n"
    "- **Published figures** under the cards come from national studies and other states. They help you read "
    "the numbers. They are not targets.")

st.header("How we protect privacy")
margin = protection_margin(k)
attack_note = (f"Before this table was published, a computer checked every hidden number. For each one it found "
               f"another table that matches everything shown here, in which that number is at least {margin} "
               f"higher (or as high as the total shown for its whole group), and one in which it is at least "
               f"{margin} lower (or 0). So adding and subtracting the "
               f"numbers shown in this table cannot tell you a hidden one. A number hidden in an earlier version "
               f"stays hidden while it is unchanged, so comparing versions made from the same records tells you "
               f"nothing more. (Comparing versions from before and after new records were loaded is not covered.)"
               if view.attacker_checked else
               "This table could not be checked whole. Ask the state's data team before quoting it.")
st.markdown(
    f"- Every number here comes from a fixed public table. It is made once, each time data is loaded.\n"
    f"- A number that rests on fewer than **{k}** people or employers is hidden.\n"
    f"- For a share, both groups must reach {k}: those who said yes and those who said no.\n"
    f"- Some other numbers are hidden too. Otherwise you could add and subtract to find a hidden one.\n"
    f"- Both kinds read *{RELEASE_HIDDEN}*: the table does not say which is which, since that too would tell "
    f"something.\n"
    f"- {attack_note}\n"
    "- You can pick one place, one sector and one year at a time. Regions are split by sector, and only the "
    "whole state by year too; counties are shown whole. Counts are not rounded.\n"
    "- Only partnerships that agreed to be public are included, and only stories people agreed to share.")
# the whole release, not the view above: said on the button (a staffer expected the view, and got 16,814 rows)
st.download_button("Download the whole public table (CSV)",
                   functools.partial(release_table_csv, str(config.database_path())), on_click="ignore",
                   file_name=saved_csv_name("public-release.csv", view.is_demo), mime="text/csv",
                   icon=":material/download:", help="Every place, sector and year of the public table, not only the "
                                                    "view above; a year with no exit on record reads empty, not 0.")
