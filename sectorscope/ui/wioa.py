"""The table "WIOA indicators by program year" of the Worker outcomes page, computed once per version of the database
and selection: a rerun with the same selection (a widget elsewhere on the page, a page switch and back) reads it from
Streamlit's cache instead of computing it again. Each person's part in each indicator was computed by the load
(tables ``wioa_outcomes`` and ``wioa_skill_gains``): a selection only counts its rows, in DuckDB
(``wioa_counts_in_view``), and reads a few rows per partnership and program year, not one per person."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sectorscope import db
from sectorscope.metrics import wioa
from sectorscope.present import worker_headlines as cards
from sectorscope.present.availability import missing_tables
from sectorscope.present.formatting import MISSING
from sectorscope.ui.data import database_signature, fetch, params_key
from sectorscope.ui.printing import render_print_table


@st.cache_data(max_entries=32, ttl=3600, show_spinner="Computing the WIOA indicators…")
def _report(signature: db.FileIdentity, query: tuple[tuple[str, object], ...], chosen: str | None,
            years: tuple[int, ...], names: tuple[tuple[str, str], ...], wages_loaded: bool,
            missing_quarters: tuple[int, ...]) -> pd.DataFrame:
    # ``signature`` (the database file's identity) is part of the key: a load makes a new file, so a new entry.
    params = {key: list(value) if isinstance(value, tuple) else value for key, value in query}
    counts = fetch("wioa_counts_in_view", **params, partnership_ids=[chosen] if chosen else [],
                   py_from=min(years), py_to=max(years))
    has_gains = bool(fetch("skill_gain_dates_recorded")["has_skill_gain_dates"].iloc[0])
    statewide = wioa.wioa_indicators_of_counts(counts, list(years), by_partnership=False, has_gains=has_gains,
                                               missing_quarters=missing_quarters)
    by_partnership = wioa.wioa_indicators_of_counts(counts, list(years), by_partnership=True, has_gains=has_gains,
                                                    missing_quarters=missing_quarters)
    if not wages_loaded:  # never loaded: not "not yet in the data"
        statewide, by_partnership = wioa.without_wage_records(statewide), wioa.without_wage_records(by_partnership)
    if chosen:  # the selection is that one partnership: its rows once, under its name (they were shown twice)
        statewide = statewide.iloc[0:0]
    return cards.wioa_report_table(statewide, by_partnership, dict(names))


def wioa_report(query: dict[str, object], chosen: str | None, years: list[int], names: dict[str, str],
                loaded: frozenset[str], coverage: wioa.Coverage) -> pd.DataFrame:
    """The page's WIOA table (``worker_headlines.wioa_report_table``, staff only) for the selection ``query`` (the
    ``wioa_outcomes_in_view`` parameters but the partnership), one chosen partnership or None, the report years, the
    partnership names, what is ``loaded`` (without UI wage records their indicators say so) and the wage records'
    ``coverage`` (its quarters never loaded are named in the notes); cached per database version and those
    arguments. The frame is shared with other reruns: copy it before changing it."""
    return _report(database_signature(), params_key(query), chosen, tuple(years), tuple(sorted(names.items())),
                   not missing_tables(("wage_records",), loaded), tuple(coverage.missing_quarters))


def render_cohort_periods(program_years: list[int]) -> None:
    """The cohort period of each indicator per program year, below the WIOA table: headed short on screen (the
    ETA-9169's full heading as the column's help), whole in print."""
    periods = wioa.cohort_periods_table(program_years)
    st.caption(wioa.COHORT_PERIODS_NOTE)
    columns = {heading: st.column_config.TextColumn(wioa.COHORT_PERIOD_SHORT_HEADINGS[window], help=heading)
               for window, heading in wioa.COHORT_PERIOD_HEADINGS.items()}
    st.dataframe(periods, hide_index=True, placeholder=MISSING, width="stretch", column_config=columns)
    render_print_table(periods, "wioa-cohort-periods")
