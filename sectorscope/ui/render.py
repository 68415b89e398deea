"""Small render helpers shared by pages: headline cards, charts, downloads, empty states."""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitDuplicateElementKey

from sectorscope.charts.describe import figure_summary
from sectorscope.charts.style import CAPTION_TEXT, LABEL_TEXT, THEME_PRIMARY
from sectorscope.export.figures import NARROWEST_FIGURE_PX, figure_title, file_slug, image_file_name, with_source
from sectorscope.filters import EXITS, TAB_PARAMETER, FilterOptions, Selection, describe_selection
from sectorscope.present.availability import Absence, not_loaded_text
from sectorscope.present.downloads import Heading, readable_download
from sectorscope.present.formatting import as_markdown_text
from sectorscope.present.headlines import Headline
from sectorscope.rounding import without_binary_noise
from sectorscope.ui.data import fetch
from sectorscope.ui.printing import render_print_figure

DATA_PAGE = "pages/6_Data.py"
ABSENCE_ICONS = {Absence.NOT_LOADED: ":material/database_off:", Absence.EMPTY: ":material/filter_alt_off:",
                 Absence.HIDDEN: ":material/visibility_off:", Absence.NOT_ON_RECORD: ":material/event_busy:",
                 Absence.NO_GRANT: ":material/money_off:", Absence.NO_ONE_TO_COUNT: ":material/person_off:",
                 Absence.NOT_YET: ":material/schedule:",
                 Absence.BEFORE_DATA: ":material/history:", Absence.QUARTER_NOT_LOADED: ":material/event_note:"}


# st.metric cuts a label or value wider than its card with an ellipsis, and no hover shows the rest (at 1280 px
# "Median earnings, 2nd quarter after exit" was cut, at 1024 px most labels): labels wrap onto more lines instead;
# values and changes wrap between words only (a number never breaks), and values shrink with the window below
# 1400 px.
# Streamlit draws captions and quotes at 60% opacity, about 3.9:1 on white (axe: serious); WCAG AA asks for 4.5:1,
# so every page and slide draws them opaque in a mid grey (about 7:1): the "n = ..." under each card, sources, chart
# notes, stories' words.
# Injected once per run by the page setups (``ui.setup``, ``ui.showcase``), so slides get it too.
READABLE_CAPTIONS = ('[data-testid="stCaptionContainer"] { opacity: 1 !important; }\n'
                     '[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * '
                     f'{{ color: {CAPTION_TEXT} !important; }}\n'
                     # and quotes, drawn at 60% too (a story's words at about 3.8:1: a public visitor)
                     'blockquote { opacity: 1 !important; }\n'
                     f'blockquote, blockquote * {{ color: {CAPTION_TEXT} !important; }}\n')
# Streamlit marks keyboard focus on menu links and buttons with a faint tint or a half-transparent ring (about
# 2.2:1): a solid outline in the theme's red instead, for keyboard focus only (not on a mouse click).
FOCUS_OUTLINE = ('a:focus-visible, button:focus-visible, summary:focus-visible, [role="radio"]:focus-visible, '
                 f'[role="tab"]:focus-visible {{ outline: 2px solid {THEME_PRIMARY} !important; '
                 'outline-offset: 2px; }\n')
# The main column scrolls under Streamlit's 60 px header: a control focused by Shift+Tab came to rest under it, out of
# sight at 200% zoom (an accessibility reviewer: the Showcase's Place box, WCAG 2.4.11); the column itself is a Tab stop
# whose focus showed as a 1 px ring at 1.5:1 (WCAG 2.4.7); Plotly's toolbar icons were drawn at 30% grey, about
# 1.7:1 (WCAG 1.4.11): opaque, in the captions' grey
HEADER_CLEARANCE = "4.5rem"
MAIN_COLUMN = (f'[data-testid="stMain"] {{ scroll-padding-top: {HEADER_CLEARANCE}; }}\n'
               f'[data-testid="stMain"]:focus-visible {{ outline: 2px solid {THEME_PRIMARY} !important; '
               'outline-offset: -2px; }\n'
               f'.modebar-btn path {{ fill: {CAPTION_TEXT} !important; }}\n'
               # and the tool in use, or under the pointer, darker still (Plotly's own darker tints lost to the rule)
               f'.modebar-btn:hover path, .modebar-btn.active path {{ fill: {LABEL_TEXT} !important; }}\n')
# Text for screen readers only (a chart's summary, a slide change): out of sight, still read.
SCREEN_READER_STYLE = ("position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); "
                       "white-space: nowrap;")
SCREEN_READER_ONLY = f".sectorscope-sr {{ {SCREEN_READER_STYLE} }}\n"


def screen_reader_only(text: str) -> str:
    """A paragraph of ``text`` for screen readers alone, hidden by its own style attribute: a chart's words drawn
    before the page's styles arrived showed for about 1.5 s above the map, which then moved up 40 px (a reviewer)."""
    return f'<p class="sectorscope-sr" style="{SCREEN_READER_STYLE}">{html.escape(text)}</p>'


# A locked (disabled) choice's label greyed by Streamlit to 2.3:1 (axe, the Showcase with a county chosen): in the
# labels' own colour, the greyed box showing it is locked and a caption saying why
READABLE_LABELS = f'[data-testid="stWidgetLabel"] p {{ color: {LABEL_TEXT} !important; }}\n'
# Columns side by side (``columns_beside``) go one above the other, each the main column's width, where one would be
# narrower than this: at a 1000 px window the Employer page's scatter of each employer was drawn 208 px wide, its
# tick labels over its axis title and its colour bar's title cut, and the boxes by sector cut their sectors' names.
# 340 keeps a [2, 3] row side by side in a 1366 px window (a common laptop's; its narrow column 356 px), not at 1280.
BESIDE_MIN_PX = 340
SIDE_BY_SIDE = ('[class*="st-key-beside-"] > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"] > '
                f'[data-testid="stColumn"] {{ min-width: min(100%, {BESIDE_MIN_PX}px); }}\n')
# A row of four cards (or of three in four columns) goes two and two where the main column is narrower than 640 px
# (a window under about 1,120 px with the sidebar open): at 1000 px the Industry page's "Jobs, 2024" read "6,455,13"
# above "3" in a 125 px card, and "Concentrated" broke after "Concentrat". The row's wrapper is the container the
# query measures.
FOUR_CARDS = ('[data-testid="stLayoutWrapper"]:has(> [data-testid="stHorizontalBlock"] > '
              '[data-testid="stColumn"]:nth-child(4)):has([data-testid="stMetric"]) { container-type: inline-size; }\n'
              '@container (max-width: 640px) { [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] '
              '{ min-width: calc(50% - 1rem); } }\n')
CARD_CSS = ("<style>\n" + READABLE_CAPTIONS + READABLE_LABELS + FOCUS_OUTLINE + MAIN_COLUMN + SCREEN_READER_ONLY
            + SIDE_BY_SIDE + FOUR_CARDS + """
[data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMetricLabel"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: break-word; }
[data-testid="stMetricValue"] { font-size: clamp(1.5rem, 2.6vw, 2.25rem) !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] *, [data-testid="stMetricDelta"] div,
[data-testid="stMetricDelta"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: normal; }
/* a value in words, smaller than a number: never below 1rem (a share of the width alone was 7 px on a phone) */
[class*="st-key-words-card-"] [data-testid="stMetricValue"] {
  font-size: clamp(1rem, 1.8vw, 1.35rem) !important; line-height: 1.35; }
</style>""")


def render_headlines(headlines: Sequence[Headline], columns: int = 4, public: bool = False) -> None:
    """Headline cards in rows: the value, what it rests on, and the published reference with its source.

    A card without a number says why, each reason with its own icon: nothing in the selection, hidden for
    privacy. Cards resting on a table that was never loaded are not drawn: one notice per missing table says what
    to load (with a link to the Data page for staff) and names the figures waiting for it. A true 0 is a number
    like any other.
    """
    waiting: dict[str, list[str]] = {}  # cards resting on tables never loaded, grouped by what to load
    for headline in headlines:
        if headline.absence == Absence.NOT_LOADED:
            waiting.setdefault(headline.basis, []).append(headline.label)
    for message, labels in waiting.items():  # said once per missing table, not on every card
        st.info(message, icon=ABSENCE_ICONS[Absence.NOT_LOADED])
        st.caption("Waiting for it: " + ", ".join(labels) + ".")
        if not public:
            st.page_link(DATA_PAGE, label="Open the Data page", icon=":material/upload:")
    headlines = [headline for headline in headlines if headline.absence != Absence.NOT_LOADED]
    for start in range(0, len(headlines), columns):
        row = st.columns(columns)
        for position, (column, headline) in enumerate(zip(row, headlines[start:start + columns], strict=False)):
            # a value in words is set smaller than a number (CARD_CSS finds its card by the key's prefix)
            key = f"words-card-{file_slug(headline.label)}-{start + position}" if headline.value_in_words else None
            try:
                card = column.container(border=True, key=key)
            except StreamlitDuplicateElementKey:  # the same card twice on one page: the second at a number's size
                card = column.container(border=True)
            with card:
                flat = headline.delta_is_flat  # "no change from 70%": no arrow, grey, never a green "up"
                st.metric(headline.label, headline.value, delta=headline.delta,
                          delta_color="off" if flat else headline.delta_color,
                          delta_arrow="off" if flat else "auto", help=headline.definition)
                icon = ABSENCE_ICONS.get(headline.absence) if headline.absence else None
                st.caption(f"{icon} {headline.basis}" if icon else headline.basis)
                if headline.reference is not None:
                    st.caption(f"Published: {headline.reference.text}  \n*Source: {headline.reference.source}*")


def render_not_loaded(tables: Sequence[str], public: bool = False) -> None:
    """In place of a chart or table whose tables were never loaded: say so, and where to load them (staff)."""
    st.info(not_loaded_text(tables, public), icon=ABSENCE_ICONS[Absence.NOT_LOADED])
    if not public:
        st.page_link(DATA_PAGE, label="Open the Data page", icon=":material/upload:")


PARTNERSHIPS_PAGE = "pages/1_Partnerships.py"


def render_partnership_not_applied(selection: Selection, public: bool) -> None:
    """A partnership chosen elsewhere (``?partnership=``, which the menu's links carry) that this page does not narrow
    to: said, with a link to its profile (the Overview and the Funding page showed every partnership's totals
    without a word while the Worker and Employer pages narrowed to it)."""
    chosen = selection.partnership_id
    if not chosen:
        return
    choices = fetch("partnership_choices", public_only=public)
    names = dict(zip(choices["partnership_id"], choices["name"], strict=True))
    if chosen not in names:
        return
    st.info(f"This page covers every partnership in view, not only **{names[chosen]}** chosen on another page: "
            "its own figures are on its profile.", icon=":material/handshake:")
    st.page_link(PARTNERSHIPS_PAGE, label=f"Open the profile of {names[chosen]}", icon=":material/open_in_new:",
                 query_params={"partnership": chosen})


def render_empty(message: str) -> None:
    """In place of a chart or table with nothing in the selection: say so (never an empty chart)."""
    st.info(message, icon=ABSENCE_ICONS[Absence.EMPTY])


def _as_written(value: object) -> object:
    """A number in a column of numbers and words as a column of numbers writes it: without binary noise, a whole
    number without ".0" (1250, not 1250.0); words as they are."""
    if not isinstance(value, float) or not math.isfinite(value):
        return value
    value = without_binary_noise(value)
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as the CSV file its download button gives (UTF-8, no index; missing values blank). Decimals without
    the binary noise of sums and differences (``rounding.without_binary_noise``: "2.2399999999999984" as 2.24,
    "0.910000000000002" as 0.91); cents of a billion-dollar sum are kept."""
    rounded = frame.copy(deep=False)
    for column in frame.columns:
        if pd.api.types.is_float_dtype(frame[column]):
            rounded[column] = [without_binary_noise(value) for value in frame[column].astype("float64")]
        elif frame[column].dtype == object:  # numbers beside words ("not on record") as a number column writes
            rounded[column] = [_as_written(value) for value in frame[column]]  # them (they kept 16 digits)
    return rounded.to_csv(index=False, float_format="%.15g").encode("utf-8")


# The link's parameters that choose what a page's tables count, in the order a CSV's name says them. Not its
# partnership: the link keeps it on every page, while the directory, the Funding page's tables and the Worker page's
# ranking of partnerships count every partnership (their files were named "_p005": a code reviewer); a file of one
# partnership names it itself ("grants-P005")
SELECTION_PARAMETERS = ("sector", "region", "county", "years")


def saved_csv_name(file_name: str, synthetic: bool, today: dt.date | None = None, selection: str = "") -> str:
    """The name a page's CSV ``file_name`` is saved under, as the decks and one-pagers are named
    ("sectorscope-demo-partnerships-2026-12-06.csv"; no "demo" for a file not of the demo, ``synthetic`` False):
    "partnerships.csv" from two days, or of the demo and a state, could not be told apart (a convener); the
    ``selection`` it counts after an underscore where one is chosen ("..._hlth-2024-2026-12-06.csv": every selection's
    file had one name, a convener). A name of many counties is cut as a deck's is ("-more"): 67 counties' FIPS made
    449 characters, past what a file system takes."""
    from sectorscope.ui.present import DECK_NAME_CHARACTERS, file_slug_of, file_stem  # present draws with this module

    stem = file_name.removesuffix(".csv")
    if len(stem) > DECK_NAME_CHARACTERS:
        stem = stem[:DECK_NAME_CHARACTERS - 5] + "-more"
    chosen = file_slug_of(selection) if selection else ""
    if len(chosen) > DECK_NAME_CHARACTERS:
        chosen = chosen[:DECK_NAME_CHARACTERS - 5] + "-more"
    return f"{file_stem(stem, synthetic)}{'_' + chosen if chosen else ''}-{(today or dt.date.today()):%Y-%m-%d}.csv"


def selection_in_link() -> str:
    """The selection of the page's link in a file's name: its chosen sectors, regions or counties and years
    ("HLTH-2024", "HLTH-R01"); "" for the whole state and all years (the link then names none)."""
    return "-".join(value for name in SELECTION_PARAMETERS for value in st.query_params.get_all(name) if value)


def render_download(frame: pd.DataFrame, file_name: str, label: str | None = None, *,
                    headings: Mapping[str, Heading | str] | None = None, units: Mapping[str, str] | None = None,
                    synthetic: bool | None = None, view: str | None = None, source: str | None = None,
                    link_in_name: bool = True) -> None:
    """A CSV download button for a table shown on the page. The file is written when the button is clicked, not on
    every rerun (a page has up to a dozen; writing them all took about a tenth of a Worker outcomes rerun), and is
    not held in the server's memory for each visitor until then. Without a ``label`` the button names its file
    ("Download worker outcomes by sector (CSV)"): a page holds several, and a screen reader lists them by name.

    The file is ``downloads.readable_download`` of ``frame``: headings in words with units (``headings`` and
    ``units`` for this table's own), shares in percent, and a column saying the data are synthetic when
    ``synthetic`` (by default: the database is the demo; a file about the visitor's own upload passes False), and
    one saying which selection it covers where ``view`` is given (``PageContext.selection_text``), and one naming
    the ``source`` of published reference data where it is given. A file of the ``view`` is saved under a name
    saying the link's selection (``selection_in_link``) unless ``link_in_name`` is False (its ``file_name`` names its
    own places and years, which may not be the link's)."""
    label = label or download_label(file_name)
    if synthetic is None:
        synthetic = bool(fetch("dataset_status")["is_demo"].iloc[0])
    saved_as = saved_csv_name(file_name, synthetic,
                              selection=selection_in_link() if view is not None and link_in_name else "")

    def written() -> bytes:
        return csv_bytes(readable_download(frame, headings, units, is_demo=synthetic, view=view, source=source))

    # on_click="ignore": a download changes nothing on the page. A click that also reruns it starts the download
    # beside the rerun, a race Streamlit's documentation warns of (the likely reason one click on the Data page
    # started no download, once in 84 browser-test runs), and costs a whole page run for nobody
    st.download_button(label, written, file_name=saved_as, mime="text/csv",
                       icon=":material/download:", key=f"download-{file_name}", on_click="ignore")


OPEN_TABLES = "_open_table_expanders"  # the keys of the table expanders this visitor has open, on any page


def render_table_expander(label: str, key: str, draw: Callable[[], None]) -> None:
    """An expander whose content (a table, its printed copy and its download) is made only while it is open
    (Streamlit's lazy expander: opening it reruns the page, which then draws it). It stays as the visitor left it,
    across filter changes (``key``) and when they come back from another page: Streamlit forgets the widget state
    of a page left, so which are open is also kept apart (``OPEN_TABLES``), as the sidebar's filters are. Closed,
    every filter change made five such tables on Worker outcomes for nobody; a closed expander prints closed, so
    printing loses nothing."""
    opened: set[str] = st.session_state.setdefault(OPEN_TABLES, set())
    if key in opened and key not in st.session_state:  # back on the page: open as it was left (the widget's state,
        st.session_state[key] = True  # not its default, which would make it another widget the next run)
    box = st.expander(label, key=key, on_change="rerun")
    if box.open:
        opened.add(key)
        with box:
            draw()
    else:
        opened.discard(key)


CHOSEN_TABS = "_chosen_tabs"  # the tab this visitor last chose on each page's tab bar, by the bar's key


def tab_slug(label: str) -> str:
    """A tab's name in the link (``?tab=for-whom``): its label in lowercase words joined by hyphens."""
    return file_slug(label, limit=80)


def _linked_tab(labels: list[str]) -> str | None:
    """The tab the link names (``TAB_PARAMETER``), if it names one of ``labels``."""
    linked = st.query_params.get(TAB_PARAMETER)
    return next((label for label in labels if tab_slug(label) == linked), None)


def chosen_tab(key: str, labels: list[str]) -> str:
    """The label of the tab ``render_lazy_tabs(..., key)`` draws in this run, known before it is drawn (a page
    fetches only what that tab shows): the one just clicked, else the one the link names, else the one the visitor
    left on this page, else the first. (Streamlit clears the link's parameters when the visitor goes to another
    page, so a link's tab is never another page's.)"""
    for label in (st.session_state.get(key), _linked_tab(labels), st.session_state.get(CHOSEN_TABS, {}).get(key)):
        if label in labels:
            return label
    return labels[0]


def _write_tab_to_url(label: str, labels: list[str]) -> None:
    """Name the open tab in the link, so a copied link reopens it (the first tab, the page's default, unnamed)."""
    if label == labels[0]:
        if TAB_PARAMETER in st.query_params:
            del st.query_params[TAB_PARAMETER]
    elif st.query_params.get(TAB_PARAMETER) != tab_slug(label):
        st.query_params[TAB_PARAMETER] = tab_slug(label)


def render_lazy_tabs(sections: dict[str, Callable[[], None]], key: str, keep: tuple[str, ...] = ()) -> None:
    """The page's sections as tabs, of which only the chosen one is made (Streamlit's lazy tabs: choosing another
    reruns the page, which then draws that one): a filter change reruns the cards and one section, not every chart
    and table of the page for one seen. The first tab is chosen at first, or the one the link names
    (``?tab=for-whom``: the open tab is written to the link, so a copied link reopens it; a name the page does not
    have is said and ignored); the choice stays across filter changes (``key``) and when the visitor comes back from
    another page (kept apart in ``CHOSEN_TABS``, as the open tables are). The widgets inside the sections named in
    ``keep`` keep their values while their tab is not drawn (Streamlit forgets the state of a widget a run does not
    draw: a breakdown chosen read "Gender" again after a look at another tab); as any widget's, those values last
    while the visitor stays on the page."""
    for widget in keep:  # a value set through Session State outlives a run that does not draw its widget
        if widget in st.session_state:
            st.session_state[widget] = st.session_state[widget]
    chosen: dict[str, str] = st.session_state.setdefault(CHOSEN_TABS, {})
    labels = list(sections)
    linked = st.query_params.get(TAB_PARAMETER)
    if linked is not None and _linked_tab(labels) is None:  # echoes the link: literal text, never Markdown
        st.caption(f":material/info: {as_markdown_text(f'Ignored unknown tab {linked!r} in the link.')}")
    if key not in st.session_state:  # opened from a link, or back on the page: the tab it names, or as it was left
        st.session_state[key] = chosen_tab(key, labels)
    for label, tab in zip(labels, st.tabs(labels, key=key, on_change="rerun"), strict=True):
        if tab.open:
            chosen[key] = label
            _write_tab_to_url(label, labels)
            with tab:
                sections[label]()


def download_label(file_name: str) -> str:
    """A download button's label from its file's name: "worker-outcomes-by-sector.csv" -> "Download worker outcomes
    by sector (CSV)"."""
    stem, _, suffix = file_name.rpartition(".")
    return f"Download {stem.replace('-', ' ')} ({suffix.upper()})"


def stop_if_empty(frame: pd.DataFrame, message: str) -> None:
    """End the page with a friendly note when the selection has no rows."""
    if frame.empty:
        st.info(message, icon=":material/filter_alt_off:")
        st.stop()


DEMO_SOURCE = "Sectorscope's demo generator (made-up records)"
OWN_SOURCE = "the state's program records, via Sectorscope"


class ChartView(Protocol):
    """What ``render_chart`` needs to know about the page (``ui.setup.PageContext`` has it)."""

    selection: Selection
    options: FilterOptions
    is_demo: bool
    sector_names: dict[str, str]
    county_names: dict[str, str]


# where a shown figure keeps its finished copy (an attribute: Plotly figures take names starting with "_" and cannot
# be keys of a dict); a kept figure (ui.figures) is shown again on every rerun of its view
_FINISHED = "_sectorscope_standalone"


def standalone_picture(figure: go.Figure, *, view: str, source: str, is_demo: bool,
                       narrowest_px: int = NARROWEST_FIGURE_PX) -> tuple[go.Figure, dict[str, Any]]:
    """``figure`` as its downloaded picture must be, standing alone (``export.figures.with_source``: at its foot the
    view in words, the source, on the demo "Demo data (synthetic)"; its title and note in lines that fit
    ``narrowest_px``), and Plotly's ``toImageButtonOptions`` naming the PNG after the chart and the view
    (``sectorscope_<title>_<view>.png``, from the title as the chart wrote it). ``figure`` is left as it was; the copy
    is kept with it, so a kept figure shown again with the same words is not finished again."""
    title = figure_title(figure)
    words = (title, view, source, is_demo, narrowest_px)
    kept = getattr(figure, _FINISHED, None)
    if kept is not None and kept[0] == words:
        finished = kept[1]
    else:
        finished = with_source(figure, title=title, view=view, source=source, is_demo=is_demo,
                               narrowest_px=narrowest_px)
        setattr(figure, _FINISHED, (words, finished))
    return finished, {"filename": image_file_name(title, view), "format": "png", "scale": 2}


def columns_beside(weights: Sequence[float], key: str) -> list[Any]:
    """``st.columns(weights)`` for charts (or cards) side by side, which go one above the other, each the main
    column's width, where one of them would be narrower than ``BESIDE_MIN_PX`` (``SIDE_BY_SIDE``, in the pages'
    styles): side by side at a 1400 px window (and a 1366 px one), one above the other at 1000 px. ``key`` names
    the row (unique on the page)."""
    with st.container(key=f"beside-{key}"):
        return st.columns(weights)


def column_px(weights: Sequence[float], index: int) -> int:
    """The narrowest width a chart in column ``index`` of ``columns_beside(weights, ...)`` is drawn at, for
    ``render_chart``: its width when the narrowest column is ``BESIDE_MIN_PX`` wide (any narrower and the columns
    go one above the other, at least ``NARROWEST_FIGURE_PX`` wide, the main column at a 1000 px window); 340 and
    510 px for ``[2, 3]``, 340 for ``[1, 1]``."""
    return int(min(BESIDE_MIN_PX * weights[index] / min(weights), NARROWEST_FIGURE_PX))


# Plotly's toolbar buttons a reader of these charts hardly needs: each is a tab stop (6-8 a chart, about 170 on the
# Worker page: an accessibility reviewer). Dragging still zooms and a double click resets; the picture's download
# (the standalone picture) and Streamlit's full screen stay.
LITTLE_USED_TOOLS = ["select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "pan2d"]


def chart_config(image: dict[str, Any], config: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Plotly's configuration of a drawn chart (the staff pages' and the Showcase's): no logo, the toolbar without
    ``LITTLE_USED_TOOLS``, ``config`` on top, and its picture's download named and made as ``image`` says
    (``standalone_picture``)."""
    return {"displaylogo": False, "modeBarButtonsToRemove": LITTLE_USED_TOOLS, **(config or {}),
            "toImageButtonOptions": image}


def render_chart(page: ChartView, figure: go.Figure, *, source: str | None = None, view: str | None = None,
                 where: Any = None, narrowest_px: int = NARROWEST_FIGURE_PX, config: Mapping[str, Any] | None = None,
                 **options: Any) -> Any:
    """Draw a Plotly chart so that its downloaded image stands alone: the title, the view in words, the source and
    (on the demo) "Demo data (synthetic)" are in the figure, and the PNG is named after the chart and the view
    (``sectorscope_<title>_<view>.png``). ``view`` defaults to the sidebar's selection in words; a chart whose years
    are not the sidebar's (the Industry page compares QCEW years of its own) passes its own. ``where`` is a column or
    container (default: the page); a chart in a column passes the narrowest width it is drawn at, ``narrowest_px``
    (``column_px``), so that its title and note are laid out in lines that fit it; ``options`` go to
    ``st.plotly_chart`` (key, on_select, ...), whose return value is returned. A map also gets its printed picture
    (``ui.printing.render_print_figure``)."""
    view = view or describe_selection(page.selection, page.options, page.sector_names, page.county_names,
                                      getattr(page, "region_names", None) or None, in_full=False,
                                      records=getattr(page, "records", EXITS))  # the page's records' years
    figure, image = standalone_picture(figure, view=view, is_demo=page.is_demo, narrowest_px=narrowest_px,
                                       source=source or (DEMO_SOURCE if page.is_demo else OWN_SOURCE))
    # Plotly's picture reaches a screen reader as an unnamed image of jumbled numbers: the chart in words first
    (where or st).html(screen_reader_only(figure_summary(figure)))
    shown = (where or st).plotly_chart(figure, config=chart_config(image, config), **options)
    render_print_figure(figure, str(options.get("key") or image["filename"]), where)  # a map prints as a picture
    return shown
