"""Sidebar filters kept across page switches and mirrored in the URL.

Widget state does not survive a page switch, so each value lives under a plain session key (``_sectors`` ...),
seeded once from the URL, copied into the widget before it is drawn and copied back by the widget's callback.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from sectorscope.filters import (
    TAB_PARAMETER,
    UNDATED,
    FilterOptions,
    Selection,
    bare_county_names,
    counties_of_regions,
    parse_query_params,
    regions_covering,
    to_query_params,
)

_STORED = {"sectors": "_sectors", "regions": "_regions", "counties": "_counties", "years": "_years"}


def _seed_from_url(options: FilterOptions) -> tuple[str, ...]:
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    selection = parse_query_params(params, options)
    st.session_state["_sectors"] = list(selection.sector_codes)
    st.session_state["_regions"] = list(selection.region_ids)
    st.session_state["_counties"] = list(selection.county_fips)
    st.session_state["_years"] = (selection.year_from, selection.year_to)
    st.session_state["_partnership"] = selection.partnership_id
    st.session_state["_seeded_for"] = options
    return selection.notices


def _store(widget_key: str) -> None:
    st.session_state[_STORED[widget_key]] = st.session_state[widget_key]


def _regions_changed(options: FilterOptions) -> None:
    regions = st.session_state["regions"]
    st.session_state["_regions"] = regions
    st.session_state["_counties"] = list(counties_of_regions(regions, options))


def _counties_changed(options: FilterOptions) -> None:
    counties = st.session_state["counties"]
    st.session_state["_counties"] = counties
    st.session_state["_regions"] = list(regions_covering(counties, options))


def render_filters(
    options: FilterOptions,
    sector_names: Mapping[str, str],
    region_names: Mapping[str, str],
    county_names: Mapping[str, str],
    keep_tab: bool = True,
    own: tuple[str, ...] = (),
) -> Selection:
    """Draw the sidebar filters and return the current selection (also written to the URL; the link's tab kept where
    ``keep_tab``, on a page of tabs, and the page's ``own`` parameters)."""
    notices: tuple[str, ...] = ()
    if st.session_state.get("_seeded_for") != options:
        notices = _seed_from_url(options)
    for widget_key, stored_key in _STORED.items():
        st.session_state[widget_key] = st.session_state[stored_key]

    with st.sidebar:
        st.markdown("**Filters**")
        st.multiselect("Sector", options.sector_codes, key="sectors", format_func=lambda c: sector_names.get(c, c),
                       placeholder="All sectors", on_change=_store, args=("sectors",))
        st.multiselect("Region", tuple(options.region_counties), key="regions",
                       format_func=lambda r: region_names.get(r, r), placeholder="All regions",
                       on_change=_regions_changed, args=(options,),
                       help="Choosing a region selects its counties.")
        # under the heading "County", a state of counties only lists "Adams", "Berks"; one with parishes, boroughs
        # or independent cities lists every name whole ("Baltimore County", "Baltimore city")
        bare, _ = bare_county_names(list(county_names.values()))
        listed = dict(zip(county_names, bare, strict=True))
        st.multiselect("County", options.county_fips, key="counties", format_func=lambda f: listed.get(f, f),
                       placeholder="All counties", on_change=_counties_changed, args=(options,))
        if options.first_year < options.last_year:
            st.slider("Years", options.first_year, options.last_year, key="years", on_change=_store,
                      args=("years",), help="Program exit years (survey years for employers, start years for grants).")
        else:  # one year, or none: a registry without dates has a placeholder year, never shown as a fact
            st.caption(f"Year: {options.first_year}" if options.dated else f"Years: {UNDATED}")

    year_from, year_to = st.session_state["_years"]
    selection = Selection(
        sector_codes=tuple(st.session_state["_sectors"]),
        region_ids=tuple(st.session_state["_regions"]),
        county_fips=tuple(st.session_state["_counties"]),
        year_from=int(year_from),
        year_to=int(year_to),
        partnership_id=st.session_state.get("_partnership"),
        notices=notices,
    )
    write_url(selection, options, keep_tab, own)
    return selection


def write_url(selection: Selection, options: FilterOptions, keep_tab: bool = True, own: tuple[str, ...] = ()) -> None:
    """Mirror the selection in the URL query string, so a copied link reopens the same view. Only what differs is
    written, parameter by parameter: the chosen tab (``TAB_PARAMETER``) is its tab bar's to write (``keep_tab``: the
    page has one) and the page's ``own`` parameters are the page's, and any other parameter (unknown, noticed when
    the link was read) is taken out."""
    wanted = to_query_params(selection, options)
    kept = ({TAB_PARAMETER} if keep_tab else set()) | set(own)  # written by the page itself
    for name in [name for name in st.query_params if name not in wanted and name not in kept]:
        del st.query_params[name]
    for name, values in wanted.items():
        if st.query_params.get_all(name) != values:
            st.query_params[name] = values


def set_partnership(partnership_id: str | None) -> None:
    """Remember the partnership chosen on a detail view (kept across pages and in the URL)."""
    st.session_state["_partnership"] = partnership_id
