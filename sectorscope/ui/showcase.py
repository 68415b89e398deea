"""Setup and filters of release pages (the Showcase): they read the public release and nothing about people.

Unlike ``page_setup``, nothing here queries participants, wage records, employers or surveys (not even for the
year range): the choices are exactly the release's cells, one place, one sector or all, one year or all.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import duckdb
import pandas as pd
import streamlit as st

from sectorscope import codes, config, db
from sectorscope.charts.describe import plain_text
from sectorscope.export.public import ReleaseChoice
from sectorscope.filters import one_year_of, release_parameter_notices
from sectorscope.present.availability import released
from sectorscope.present.formatting import MISSING, as_markdown_text, format_counted
from sectorscope.release import ALL, story
from sectorscope.release.cells import NOT_SPLIT, Splits, layout_of
from sectorscope.release.publishable import is_publishable, stored_release, withheld_because
from sectorscope.ui.auth import current_visitor
from sectorscope.ui.data import fetch
from sectorscope.ui.menu import FAVICON, render_menu
from sectorscope.ui.present import present_release_if_requested, render_release_take_away
from sectorscope.ui.printing import render_print_figure
from sectorscope.ui.render import CARD_CSS, chart_config, standalone_picture
from sectorscope.ui.setup import DEMO_NOTICE

STORIES_AT_ONCE = 6
# Focus on the first story "Show more stories" added (``render_stories``), its words read out; retried while
# Streamlit draws the container
MORE_STORIES_SCRIPT = """<script>
(() => {
  let tries = 0;
  const focusIt = () => {
    const story = document.querySelector(".st-key-STORY_KEY");
    if (!story) { if (++tries < 50) setTimeout(focusIt, 100); return; }
    story.setAttribute("tabindex", "-1");
    story.focus();
  };
  focusIt();
})();
</script>"""


@dataclass(frozen=True)
class ReleaseView(ReleaseChoice):
    """One cell of the release chosen on the page (never a partnership's: the Showcase offers places, sectors and
    years), and facts about the data."""

    mode: str = "public"
    is_demo: bool = False
    loaded: frozenset[str] = frozenset()
    has_release: bool = False  # a release with figures that may be shown (``release.publishable``)
    withheld: str | None = None  # why a stored release is not shown (``release.publishable.withheld_because``)
    attacker_checked: bool = False  # every hidden value has its certificates (``release.ATTACKER_CHECKED``)
    splits: Splits = NOT_SPLIT  # how the release splits the chosen place (by sector, by year)


def _first(name: str) -> str | None:
    values = st.query_params.get_all(name)
    return values[0] if len(values) == 1 else None  # several values would be a union: not a release cell


def _select(label: str, options: list[str], labels: dict[str, str], key: str, wanted: str | None,
            help: str | None = None) -> str:
    if key not in st.session_state:
        st.session_state[key] = wanted if wanted in options else options[0]
    elif st.session_state[key] not in options:
        st.session_state[key] = options[0]
    return st.selectbox(label, options, format_func=labels.get, key=key, disabled=len(options) == 1, help=help)


def _in_sentence(label: str) -> str:
    """A choice's label inside a sentence: "all years", "the whole state"; a place's or sector's name as it is."""
    return {"All years": "all years", "All sectors": "all sectors", "Whole state": "the whole state"}.get(label, label)


def _not_split(what: str, level: str) -> str:
    """Why a place's sectors or years (``what``) cannot be chosen one by one; the whole state's only where nothing
    is published by them (it said "Pick the whole state" at the whole state of a state with no one published: a
    staffer)."""
    if level == "state":
        return f"The public table has no figures for the state's {what} one by one."
    return (f"The public table gives a {level} for all {what} together: split further, too many numbers would "
            "rest on a few people. Pick the whole state to see them one by one.")


_DEMO_REBUILD = threading.Lock()  # two first visitors of an old demo: one builds, the other then finds it built


def _rebuild_demo_release() -> None:
    """Build the demo's public release again where this Sectorscope withholds it (``release.publishable``), with
    progress, and run the page again: a state's own release waits for its staff (the Data page, the command). Where
    the file cannot be written (a read-only deployment), the page goes on and says the figures are not shown."""
    from sectorscope.ingest.load import rebuild_release
    from sectorscope.ingest.validation import ValidationError
    from sectorscope.ui.data import forget_cached_data

    path = config.database_path()
    with st.status("Preparing the demo's public figures again, for this version of Sectorscope and its settings…",
                   expanded=True) as shown, _DEMO_REBUILD:
        with db.connect_read_only(path) as con:  # the file as it is now, not as cached: another visitor's build
            if is_publishable(stored_release(lambda name: db.run_query(con, name)), config.min_cell_size()):
                shown.update(label="The demo's public figures are ready.", state="complete", expanded=False)
                forget_cached_data()
                st.rerun()
        bar = st.progress(0.0)
        try:
            rebuild_release(path, progress=lambda fraction, message: bar.progress(min(max(fraction, 0.0), 1.0),
                                                                                  text=message))
        except (OSError, ValidationError, duckdb.Error) as error:
            shown.update(label=f"The demo's public figures could not be prepared again: {error}", state="error")
            return
        shown.update(label="The demo's public figures are ready.", state="complete", expanded=False)
    forget_cached_data()
    st.rerun()


def release_setup(title: str, heading: str, intro: str) -> ReleaseView:
    """Page config, the heading (``{state}`` in it becomes the state's name) and intro, the demo notice, the three
    release filters (mirrored in the URL) and the menu."""
    st.set_page_config(page_title=f"{title} · Sectorscope", page_icon=FAVICON, layout="wide")
    st.html(CARD_CSS)  # readable captions too
    visitor = current_visitor()
    mode = visitor.audience
    status = fetch("dataset_status").iloc[0]
    release = stored_release(fetch)
    withheld = withheld_because(release, config.min_cell_size())
    if withheld and bool(status["is_demo"]):  # the synthetic demo, from an older Sectorscope: nothing to protect
        _rebuild_demo_release()  # before the slides too: a presentation link opened first said "not shown"
    present_release_if_requested()  # ?present=1: the chosen cell as slides, from the release only (ends the run)
    state_fips = codes.known_state(fetch("active_state")["state_fips"].iloc[0])
    # the tables and the groups of answers held: a card of answers no record holds says none is published
    loaded = released(fetch("loaded_tables"), fetch("release_answers"))
    has_release = is_publishable(release, config.min_cell_size())
    places = fetch("release_places") if has_release else pd.DataFrame(columns=["geo_level", "geo_id", "place_name"])
    choices = fetch("release_choices") if has_release else pd.DataFrame(columns=["kind", "code", "label"])
    is_demo = bool(status["is_demo"])
    st.title(heading.format(state=codes.state_title(state_fips, is_demo)))
    st.markdown(intro)
    if is_demo:
        st.warning(DEMO_NOTICE, icon=":material/science:")
    if mode != "public":  # as on every staff page (ui.setup): the deployment's settings are staff's to mend
        for problem in config.setting_problems():
            st.error(problem, icon=":material/settings:")

    place_keys = [f"{row.geo_level}:{row.geo_id}" for row in places.itertuples()] or [f"state:{state_fips}"]
    # a region said so where its name does not ("Erie Region (region)" was read out: a keyboard reviewer)
    place_labels = {f"{row.geo_level}:{row.geo_id}": (f"{row.place_name} (region)" if row.geo_level == "region"
                                                      and "region" not in row.place_name.lower() else row.place_name)
                    for row in places.itertuples()} or {f"state:{state_fips}": "Whole state"}
    sectors = choices[choices["kind"] == "sector"]
    sector_labels = {ALL: "All sectors"} | dict(zip(sectors["code"], sectors["label"], strict=True))
    periods = choices[choices["kind"] == "period"]
    period_labels = {ALL: "All years"} | dict(zip(periods["code"], periods["label"], strict=True))

    first_visit = "release_place" not in st.session_state  # later runs: the link is the page's own
    asked = {name: st.query_params.get_all(name) for name in st.query_params}
    wanted_place = (f"county:{_first('county')}" if _first("county") else
                    f"region:{_first('region')}" if _first("region") else None)
    layout = layout_of(fetch("release_layout")) if has_release else {}
    columns = st.columns(3)
    with columns[0]:
        place = _select("Place", place_keys, place_labels, "release_place", wanted_place)
    level, geo_id = place.split(":", 1)
    splits = layout.get(level, NOT_SPLIT)
    with columns[1]:
        sector = _select("Sector", list(sector_labels) if splits.by_sector else [ALL], sector_labels,
                         "release_sector", _first("sector"),
                         help=None if splits.by_sector else _not_split("sectors", level))
    with columns[2]:
        # a staff link's one year ("years=2024") is the release's year (all years were shown: a staffer)
        wanted_year = _first("year") or one_year_of(_first("years"))
        period = _select("Year", list(period_labels) if splits.by_year else [ALL], period_labels, "release_year",
                         wanted_year, help=None if splits.by_year else _not_split("years", level))
    locked = [what for what, split in (("sectors", splits.by_sector), ("years", splits.by_year)) if not split]
    if locked:  # said in words: in the "?" beside a greyed choice alone, a screen reader was likely not told
        st.caption(f":material/lock: {_not_split(' or '.join(locked), level)}")
    params = {"county": geo_id} if level == "county" else {"region": geo_id} if level == "region" else {}
    params |= ({"sector": sector} if sector != ALL else {}) | ({"year": period} if period != ALL else {})
    if first_visit:  # what the link asked and the page does not show, said as the staff pages say it
        shown = {"place": place_labels[place], "sector": sector_labels[sector], "year": period_labels[period]}
        for notice in release_parameter_notices(asked, params, {name: _in_sentence(label)
                                                                for name, label in shown.items()}):
            st.caption(f":material/info: {as_markdown_text(notice)}")  # the link's values, never Markdown
    if dict(st.query_params.to_dict()) != params:
        st.query_params.from_dict(params)

    menu_area = st.sidebar.container()
    render_menu(menu_area, visitor, {name: [value] for name, value in params.items()})
    with st.sidebar:
        st.caption(f"Mode: **{mode}**" + (" · public release only" if mode == "public" else ""))
    render_release_take_away(params, is_demo,
                             f"{place_labels[place]} · {sector_labels[sector]} · {period_labels[period]}")
    return ReleaseView(level, geo_id, place_labels[place], sector, sector_labels[sector], period, ALL, "", state_fips,
                       mode=mode, is_demo=is_demo, loaded=loaded, has_release=has_release, withheld=withheld,
                       splits=splits,
                       attacker_checked=has_release and bool(fetch("release_checked")["attacker_checked"].iloc[0]))


def render_described_chart(figure, summary: str, table: pd.DataFrame, key: str, view: ReleaseView) -> None:
    """A chart with its text summary beside it (read first by a screen reader) and its data one click away. Its
    picture stands alone, as the staff pages' do (``render.render_chart``): at its foot the place, sector and year,
    "public partnerships only", the source and, on the demo, "Demo data (synthetic)" (a downloaded Showcase chart
    carried none of them)."""
    words = " · ".join([view.place_name, "all sectors" if view.sector_code == ALL else view.sector_name,
                        "all years" if view.period == ALL else view.period, "public partnerships only"])
    # its table named after it: three alike were read out as one name, "Show the data as a table" (a keyboard
    # reviewer)
    title = plain_text(figure.layout.title.text or "")
    figure, image = standalone_picture(figure, view=words, source=story.public_source(view.is_demo),
                                       is_demo=view.is_demo)
    st.markdown(summary)
    st.plotly_chart(figure, key=key, config=chart_config(image, {"responsive": True}))
    render_print_figure(figure, key)  # a map prints as a picture (browsers print WebGL maps blank)
    with st.expander("Show the data as a table" + (f": {title}" if title else "")):
        st.dataframe(table, hide_index=True, placeholder=MISSING, width="stretch")


def render_stories(stories: pd.DataFrame, sector_names: dict[str, str], region_names: dict[str, str]) -> None:
    """Consented stories, filterable by sector and region, each with its quote, who said it and the partnership."""
    left, right = st.columns(2)
    sector = left.selectbox("Stories from the sector", [ALL, *sector_names], key="story_sector",
                            format_func=lambda code: "All sectors" if code == ALL else sector_names[code])
    region = right.selectbox("Stories from the region", [ALL, *region_names], key="story_region",
                             format_func=lambda code: "All regions" if code == ALL else region_names[code])
    chosen = stories
    if sector != ALL:
        chosen = chosen[chosen["sector_code"] == sector]
    if region != ALL:
        chosen = chosen[chosen["region_id"] == region]
    if chosen.empty:
        st.info("No story has been shared for this sector and region yet.", icon=":material/chat_bubble:")
        return
    shown = st.session_state.setdefault("stories_shown", STORIES_AT_ONCE)
    st.caption(f"Showing {min(shown, len(chosen))} of {format_counted(len(chosen), 'story', 'stories')}")
    for number, told in enumerate(chosen.head(shown).itertuples()):
        with st.container(border=True, key=f"story-{number}"):
            st.markdown(f"> {told.quote}")
            st.caption(f"— {told.attribution} · {told.partnership_name} · {told.sector_name}"
                       + (f" · {told.region_name}" if isinstance(told.region_name, str) else ""))
    first_new = st.session_state.pop("stories_first_new", None)
    if first_new is not None and first_new < min(shown, len(chosen)):
        # "Show more stories" kept the focus, pushed below the window under the stories it added, and the next Tab
        # skipped them (an accessibility reviewer, WCAG 2.4.3): the first new story takes the focus
        st.html(MORE_STORIES_SCRIPT.replace("STORY_KEY", f"story-{first_new}"), unsafe_allow_javascript=True)
    if shown < len(chosen):
        st.button("Show more stories", icon=":material/expand_more:", key="more_stories",
                  on_click=lambda: st.session_state.update(stories_shown=shown + STORIES_AT_ONCE,
                                                           stories_first_new=shown))
