"""The page menu, drawn with ``st.page_link`` so links carry the current filters, and filtered by mode."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class PageEntry:
    """A page of the app: its file (relative to app.py), label, icon and the modes that show it."""

    path: str
    label: str
    icon: str
    modes: tuple[str, ...] = ("staff", "public")


PAGES: tuple[PageEntry, ...] = (
    PageEntry("app.py", "Overview", ":material/dashboard:"),
    PageEntry("pages/1_Partnerships.py", "Partnerships", ":material/handshake:"),
    PageEntry("pages/2_Industry.py", "Industry analysis", ":material/query_stats:"),
    PageEntry("pages/3_Worker_outcomes.py", "Worker outcomes", ":material/trending_up:"),
    PageEntry("pages/4_Employer_outcomes.py", "Employer outcomes", ":material/factory:"),
    PageEntry("pages/5_Funding_and_systems_change.py", "Funding & systems change", ":material/payments:"),
    PageEntry("pages/6_Data.py", "Data", ":material/database:", modes=("staff",)),
)


def pages_for(mode: str) -> tuple[PageEntry, ...]:
    """The pages a mode may see, in menu order."""
    return tuple(page for page in PAGES if mode in page.modes)


def render_menu(area, mode: str, query_params: dict[str, list[str]]) -> None:
    """Draw the menu into ``area`` (a sidebar container), every link carrying the current filters."""
    with area:
        for page in pages_for(mode):
            st.page_link(page.path, label=page.label, icon=page.icon, query_params=query_params)
        st.divider()
