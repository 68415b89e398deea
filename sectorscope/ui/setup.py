"""The one setup every page calls first: page config, database, demo notice, menu, filters, mode."""

from __future__ import annotations

import atexit
import functools
import gc
import sys
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from sectorscope import config
from sectorscope.config import Visitor
from sectorscope.filters import (
    EXITS,
    PAGE_PARAMETER_VALUES,
    TAB_PARAMETER,
    FilterOptions,
    Selection,
    county_labels,
    describe_selection,
    filter_options_from,
    to_query_params,
)
from sectorscope.present.availability import available
from sectorscope.present.formatting import as_markdown_text
from sectorscope.ui.auth import current_visitor, log_staff_visit, sign_in
from sectorscope.ui.data import fetch
from sectorscope.ui.filters import render_filters
from sectorscope.ui.menu import FAVICON, SHOWCASE, PageEntry, entry_of, is_allowed, render_menu
from sectorscope.ui.present import SKIP_TO_TAKE_AWAY, present_if_requested, render_take_away
from sectorscope.ui.render import CARD_CSS

DEMO_NOTICE = ("**Demo data (synthetic).** Every partnership, person, employer and figure on this screen is made "
               "up by Sectorscope's demo generator on Pennsylvania's real county map; published reference figures "
               "are real and cite their source.")


@dataclass(frozen=True)
class PageContext:
    """What a page needs after setup: the selection, the mode and facts about the active data."""

    selection: Selection
    options: FilterOptions
    mode: str
    min_cell: int
    state_fips: str
    is_demo: bool
    sector_names: dict[str, str]
    county_names: dict[str, str]
    # tables holding rows and groups of answers held (availability.available): "never loaded" is not "nothing here"
    loaded: frozenset[str] = frozenset()
    title: str = ""  # the page's title from the page registry (ui.menu.PAGES)
    selection_text: str = ""  # the selection in words (filters.describe_selection), as every CSV download says it
    region_names: dict[str, str] = field(default_factory=dict)
    records: str = EXITS  # the records its views' years are said with (``ui.menu.PageEntry.records``)

    @property
    def public(self) -> bool:
        return self.mode == "public"

    def describe(self, selection: Selection | None = None, labour_market: bool = False) -> str:
        """``selection`` (the page's by default) in one short line, regions by name ("Bucks Region (5 counties in
        all)", as the decks and one-pagers say it: the pages said "1 region (5 counties in all)", a convener); with
        ``labour_market``, its years as the labour market tables' (a QWI chart's, ``FilterOptions.for_labour_market``:
        "no dated records" stood under a chart of 2014–2024, a code reviewer)."""
        options = self.options.for_labour_market() if labour_market else self.options
        return describe_selection(selection or self.selection, options, self.sector_names, self.county_names,
                                  self.region_names or None, in_full=False,
                                  records="" if labour_market else self.records)


def _filter_options(public: bool) -> tuple[FilterOptions, dict, dict, dict, str]:
    state_fips = fetch("active_state")["state_fips"].iloc[0]
    sectors = fetch("sectors")
    regions = fetch("regions")
    counties = fetch("state_counties", state_fips=state_fips)
    options = filter_options_from(sectors, regions, counties, fetch("year_range").iloc[0],
                                  fetch("partnership_choices", public_only=public))
    # the map area: the state's counties and other states' counties named by a region or partnership
    return (options, dict(zip(sectors["sector_code"], sectors["sector_name"], strict=True)),
            dict(zip(regions["region_id"], regions["region_name"], strict=True)),
            county_labels(counties, state_fips), state_fips)


REFUSED_TITLE = "For state staff only"


def refuse_unless_allowed(script: str, visitor: Visitor, staff_only: bool = False) -> None:
    """Stop a page the visitor's audience may not see (the page registry says which), also when opened by URL.
    Public visitors landing on the staff overview go to the Showcase; on any other staff page they read a refusal
    (with a sign-in button where sign-in is configured)."""
    audience = visitor.audience
    if is_allowed(script, audience) and not (staff_only and audience != "staff"):
        return
    if script.endswith("app.py"):  # with the link's parameters: "/?present=1&sector=..." lost them on the way
        st.switch_page(SHOWCASE, query_params={name: st.query_params.get_all(name) for name in st.query_params})
    st.title(REFUSED_TITLE)  # the page's h1: a screen reader's first stop had no heading (an accessibility reviewer)
    st.error("This page is for state staff only. The public Showcase has the state's figures, protected for "
             "privacy.")
    st.page_link(SHOWCASE, label="Go to the Showcase", icon=":material/campaign:")
    if visitor.settings_problem:
        st.warning(visitor.settings_problem, icon=":material/lock:")
    elif visitor.sign_in_configured and not visitor.is_signed_in and st.button(
            "Staff: sign in", icon=":material/login:", key="refusal_sign_in"):
        sign_in()
    if visitor.is_refused_staff:
        st.caption(f"Signed in as **{visitor.email}**, which is not on this deployment's staff list.")
    st.stop()


@functools.cache  # once per process
def freeze_what_startup_made() -> None:
    """Move every object alive now (mostly the modules the server and the pages imported, ~190,000 objects) out of
    reach of Python's cyclic garbage collector (``gc.freeze``); called by the first page run of the process.

    Why: a full ("generation 2") collection visits every tracked object; with the imports of Streamlit, pandas,
    Plotly, pyarrow and DuckDB it took 90-160 ms, and it struck every fourth to sixth Worker outcomes rerun in the
    middle of someone's page (the collector's time per run is a column of ``benchmarks/bench_pages.py``; the README
    has it with and without). The cost: what the first visitor's session held at that moment is frozen too, and if
    it ends in a reference cycle, stays until the process ends (a session's state when its first page starts: its
    widgets' values and query parameters, a few kB; nothing this app keeps per session is large). Not collected
    first: that would cost the first page a full collection. At exit the objects are handed back, so the
    interpreter's last collection frees them (else DuckDB's bindings report its objects as leaked)."""
    gc.freeze()
    atexit.register(gc.unfreeze)


# A page's sections are h2 under its h1 title (they were h3, skipping a level: axe's heading-order), drawn at the size
# Streamlit gives a subheader (28 px, as before), so the pages look as they did.
SECTION_HEADINGS_CSS = """<style>
[data-testid="stMain"] h2 { font-size: 1.75rem; line-height: 1.2; padding-top: 0.75rem; }
</style>"""


def loaded_when(last_loaded_at: object) -> str:
    """When the data was last loaded, as the sidebar says it ("Data last loaded 3 Dec 2026, 18:22 UTC")."""
    if last_loaded_at is None or pd.isna(last_loaded_at):
        return "No data loaded yet"
    return f"Data last loaded {pd.Timestamp(last_loaded_at):%-d %b %Y, %H:%M} UTC"


def _page_parameter_notices(entry: PageEntry) -> tuple[str, ...]:
    """What a link's page parameters (``PAGE_PARAMETER_VALUES``) the page ignores say: one of another page
    ("counted" on the Industry page stayed in its link without a word), or a value the page does not take."""
    notices = []
    for name, values in PAGE_PARAMETER_VALUES.items():
        value = st.query_params.get(name)
        if value is None:
            continue
        if name not in entry.parameters:
            notices.append(f"Ignored link parameter '{name}': the {entry.label} page does not use it.")
        elif value not in values:
            notices.append(f"Ignored link parameter '{name}={value}': it can be {', '.join(values)}.")
    return tuple(notices)


def page_setup(label: str | None = None, icon: str | None = None, *, staff_only: bool = False) -> PageContext:
    """Set up the calling page: config (its label, icon and title from the page registry), the database (built on
    first start), notices, menu and filters. ``label`` and ``icon``, where a page still passes them, must be the
    registry's (they cannot drift from the menu); pages leave them out."""
    freeze_what_startup_made()  # the page's imports are done by now
    script = sys._getframe(1).f_code.co_filename
    entry = entry_of(script)
    if (label or entry.label, icon or entry.icon) != (entry.label, entry.icon):
        raise ValueError(f"{script}: label {label!r} and icon {icon!r} differ from the page registry's "
                         f"{entry.label!r} and {entry.icon!r}; leave them out (ui.menu.PAGES holds them)")
    st.set_page_config(page_title=f"{entry.label} · Sectorscope", page_icon=FAVICON, layout="wide")
    st.html(CARD_CSS)  # before anything can stop the run: slides (present mode) show cards too
    st.html(SECTION_HEADINGS_CSS)
    visitor = current_visitor()
    mode = visitor.audience
    refuse_unless_allowed(script, visitor, staff_only)
    log_staff_visit(visitor, entry.label)
    status = fetch("dataset_status").iloc[0]
    options, sector_names, region_names, county_names, state_fips = _filter_options(mode == "public")
    present_if_requested(options, mode)  # ?present=1: slides instead of the page (ends the run)
    if entry.labour_market:  # its years are the labour market tables' own, dated where no program record is
        options = options.for_labour_market()
    st.sidebar.html(SKIP_TO_TAKE_AWAY, unsafe_allow_javascript=True)  # a keyboard's first stop in the sidebar
    menu_area = st.sidebar.container()  # the menu sits above the filters but needs their values
    # a page without tabs says so of a link naming one (a tab bar says so of a tab it does not have)
    tab_notices = (() if entry.tabs or TAB_PARAMETER not in st.query_params else
                   (f"Ignored link parameter 'tab': {entry.title} has no tabs.",)) + _page_parameter_notices(entry)
    selection = render_filters(options, sector_names, region_names, county_names, keep_tab=entry.tabs,
                               own=entry.parameters)
    render_menu(menu_area, visitor, to_query_params(selection, options))
    with st.sidebar:
        st.caption(f"Mode: **{mode}**" + (" · small numbers hidden" if mode == "public" else ""))
        st.caption(loaded_when(status["last_loaded_at"]))  # how current the figures are, on every page
    is_demo = bool(status["is_demo"])
    view_words = describe_selection(selection, options, sector_names, county_names, region_names,
                                    records=entry.records)
    render_take_away(selection, options, mode, region_names, county_names, is_demo, state_fips, view_words)
    if is_demo:
        st.warning(DEMO_NOTICE, icon=":material/science:")
    if mode != "public":  # the deployment's settings are staff's to mend (a visitor could do nothing about them)
        for problem in config.setting_problems():
            st.error(problem, icon=":material/settings:")
    for notice in (*selection.notices, *tab_notices):  # echoing the link's values: literal text, never Markdown
        st.toast(as_markdown_text(notice), icon=":material/info:")
        st.caption(f":material/info: {as_markdown_text(notice)}")
    return PageContext(selection, options, mode, config.min_cell_size(), state_fips, is_demo,
                       sector_names, county_names, available(fetch("loaded_tables"), fetch("answers_collected")),
                       entry.title, view_words, region_names, entry.records)
