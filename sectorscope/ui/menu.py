"""The page registry and menu, drawn with ``st.page_link`` so links carry the current filters, filtered by the
visitor's audience (decided in ``config.visitor_audience``, read by ``ui.auth.current_visitor``).

The public audience sees only release pages (they read the protected public release and nothing else); the analytic
pages are staff-only, and ``ui.setup`` refuses them to public visitors also when opened by URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from sectorscope.config import PROJECT_ROOT, Visitor
from sectorscope.filters import BASIS_PARAMETER, EXITS, SURVEYS
from sectorscope.ui.auth import render_refused_notice, render_sign_in

SHOWCASE = "pages/0_Showcase.py"
STAFF = ("staff",)
# Every page's browser-tab icon: Sectorscope's own, sent inline with the page (Streamlit makes an SVG file a data:
# URL). A page's ``:material/...`` icon there made each visitor's browser fetch it from fonts.gstatic.com on every
# page (a public visitor's address told to Google, and a failed request on a network without the internet); the
# menu's icons come from the font Streamlit serves itself.
FAVICON = str(Path(__file__).with_name("favicon.svg"))


@dataclass(frozen=True)
class PageEntry:
    """A page of the app: its file (relative to app.py), label, icon, the modes that show it and its heading when
    that is not its label. The one place these live: pages read them from here."""

    path: str
    label: str
    icon: str
    modes: tuple[str, ...] = ("staff", "public")
    heading: str = ""
    tabs: bool = False  # its sections are lazy tabs (ui.render.render_lazy_tabs), the open one named in the link
    # link parameters of its own (``filters.PAGE_PARAMETER_VALUES``), kept in its link and said as ignored elsewhere
    parameters: tuple[str, ...] = ()
    # its figures are the labour market tables' (QCEW, QWI): their years are its years, where no program record is
    # dated (``FilterOptions.for_labour_market``)
    labour_market: bool = False
    # the records its views' years are said with: "2005–2025 (exits 2015–2025)" (``filters.years_in_words``); the
    # Employer page's are the surveys', the labour market's and the grants' (Funding: its per-exiter cards say their
    # own years) none
    records: str = EXITS

    @property
    def title(self) -> str:
        """The page's title on screen: its heading, or its label when it has none."""
        return self.heading or self.label


PAGES: tuple[PageEntry, ...] = (
    PageEntry("app.py", "Overview", ":material/dashboard:", modes=STAFF, heading="Sector strategies at a glance"),
    PageEntry(SHOWCASE, "Showcase", ":material/campaign:"),
    PageEntry("pages/1_Partnerships.py", "Partnerships", ":material/handshake:", modes=STAFF,
              heading="Sector partnerships"),
    PageEntry("pages/2_Industry.py", "Industry analysis", ":material/query_stats:", modes=STAFF, tabs=True,
              labour_market=True, records=""),
    PageEntry("pages/3_Worker_outcomes.py", "Worker outcomes", ":material/trending_up:", modes=STAFF, tabs=True,
              parameters=(BASIS_PARAMETER,)),
    PageEntry("pages/4_Employer_outcomes.py", "Employer outcomes", ":material/factory:", modes=STAFF,
              heading="Did employers gain?", tabs=True, records=SURVEYS),
    PageEntry("pages/5_Funding_and_systems_change.py", "Funding & systems change", ":material/payments:",
              modes=STAFF, heading="Is each partnership healthy and worth its money?", tabs=True, records=""),
    PageEntry("pages/6_Data.py", "Data", ":material/database:", modes=STAFF, heading="Your data", records=""),
)


def pages_for(mode: str) -> tuple[PageEntry, ...]:
    """The pages a mode may see, in menu order."""
    return tuple(page for page in PAGES if mode in page.modes)


def page_of(script: str | Path) -> PageEntry | None:
    """The registry entry of a page script (an absolute path or one relative to app.py), or None."""
    path = Path(script)
    try:
        relative = path.resolve().relative_to(PROJECT_ROOT).as_posix() if path.is_absolute() else path.as_posix()
    except ValueError:
        return None
    return next((page for page in PAGES if page.path == relative), None)


def entry_of(script: str | Path) -> PageEntry:
    """The registry entry of a page script; a script missing from the registry is a programming error."""
    page = page_of(script)
    if page is None:
        raise LookupError(f"{script} is not in ui.menu.PAGES: add it there (label, icon, modes)")
    return page


def is_allowed(script: str | Path, mode: str) -> bool:
    """May a visitor in ``mode`` open this page? Pages missing from the registry are staff-only."""
    page = page_of(script)
    return page is not None and mode in page.modes


def render_menu(area, visitor: Visitor, query_params: dict[str, list[str]]) -> None:
    """Draw the visitor's menu and the sign-in controls into ``area`` (a sidebar container), every link carrying the
    current filters; a signed-in visitor who is not staff reads why on the page."""
    with area:
        for page in pages_for(visitor.audience):
            st.page_link(page.path, label=page.label, icon=page.icon, query_params=query_params)
        render_sign_in(visitor)
        st.divider()
    render_refused_notice(visitor)
