"""One palette, typography and layout for every chart, map and export: no colour is written anywhere else.

``tests/test_style.py`` checks that no ``#rrggbb`` or ``rgb(`` literal appears in the package or the pages outside
this module.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
CATEGORY_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
                   "#999999", "#882255", "#44AA99", "#117733")
# Chart text in LABEL_TEXT (12.6:1 on white): left unset, Streamlit's chart theme drew ticks, axis titles and labels
# in its grey #808495 (3.7:1, below WCAG's 4.5:1 for text this size).
FONT = {"family": "Source Sans Pro, sans-serif", "size": 13, "color": "#333333"}

# A county whose partnerships tie over sectors (the Partnerships map): a brown no sector's colour is near (the
# palette's black and grey are sectors'; white inside a dark outline read as "no data" inside region borders)
TIED_SECTORS_FILL = "#7a5230"

# Neutrals, lightest first.
WHITE = "#ffffff"
EMPTY_FILL = "#eeeeee"  # a county or bar with nothing to show
GRID = "#eeeeee"
GRID_PRESENTATION = "#e0e0e0"  # a shade darker, for a projector
PRINT_RULE = "#cccccc"  # rules between the rows of a printed table
NO_REFERENCE_FILL = "#d9d9d9"  # a value that cannot be computed, and small groups drawn hollow
CONNECTOR = "#bbbbbb"  # the line joining a before and an after mark
MISSING_FILL = "#9a9a9a"  # suppressed by the source
ZERO_FILL = "#7f2704"  # a true zero on a map shaded vermillion to blue (no job in the industry: LQ 0), darker
# than the lowest shade and of another hue than the greys of missing figures
INTERVAL = "#9a9a9a"  # error bars
MUTED = "#8c8c8c"
BEFORE = "#999999"  # the "before" mark of a before/after pair
# A deck's before/after bars beside published ones, as the Worker page's dumbbells: this selection blue, the
# published figure vermillion, each before a light shade of its after (four unrelated colours read as four things,
# the published bars as heavy as the program's: a handouts reviewer)
BEFORE_AFTER_PUBLISHED = ("#9CC9E8", CATEGORY_COLORS[0], "#F2B48A", CATEGORY_COLORS[5])
SHAPE_EDGE = "#7f7f7f"  # county borders on a printed map
UNSERVED_RING = "#777777"
ANNOTATION = "#666666"  # quadrant names and other notes on a chart
AXIS_LINE = "#555555"  # zero lines and reference lines
MARKER_EDGE = "#555555"
NOTE_TEXT = "#555555"
CAPTION_TEXT = "#555866"  # captions drawn opaque on every page (about 7:1 on white)
THEME_PRIMARY = "#a62b38"  # .streamlit/config.toml's primaryColor (a test keeps them equal): keyboard focus outlines
DIAGONAL = "#444444"  # "no change" lines and whiskers
LABEL_TEXT = FONT["color"]
REFERENCE_TEXT = "#B34D00"  # a published figure's label: CATEGORY_COLORS[5] darkened to 5.3:1 (it read 3.9:1)
OUTLINE = "#222222"  # region borders and overall lines
INK = "#222222"
BLACK = "#000000"

# Sequential blues, for counts on maps and phases in order (lightest first).
BLUES = ("#f4f6fb", "#eef1f6", "#c6dbef", "#6baed6", "#2171b5", "#08519c", "#08306b")
COUNT_SCALE = [[0, BLUES[0]], [0.15, BLUES[2]], [1, BLUES[6]]]
COUNT_BIN_COLOURS = (BLUES[1], BLUES[2], BLUES[3], BLUES[4], BLUES[6])
PHASE_COLOURS = (BLUES[2], BLUES[3], BLUES[5])
# Blue (high) to vermillion (low) through near-white: the Okabe-Ito ends.
DIVERGING = [[0.0, CATEGORY_COLORS[5]], [0.5, "#f7f7f7"], [1.0, CATEGORY_COLORS[0]]]
DEMO_NOTICE_TEXT = "#9a3412"  # "Demo data (synthetic)" written on a chart image
GAP_TEXT = "#A0451A"  # a missing partner type, written beside its bar
MAIN_FILL = "rgba(0,114,178,0.25)"  # CATEGORY_COLORS[0], a quarter opaque: a box's body
MAIN_LIGHT = "#7fb2d6"  # CATEGORY_COLORS[0] at half strength: intervals around the main colour
LEGEND_BACKGROUND = "rgba(255,255,255,0.8)"
# Slides (export/deck.py): a headline card and the text around it.
DECK_TEXT = "#555B66"  # labels and notes
DECK_NOTICE = "#9A3412"  # the synthetic-data and privacy notices
CARD_FILL = BLUES[0]
CARD_EDGE = "#D0D5DF"
CARD_VALUE = "#101E3C"  # a card's big number

TITLE_FONT = {"size": 15}
LEGEND_ABOVE = {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "traceorder": "normal"}
LEGEND_BELOW = {"orientation": "h", "x": 0, "y": -0.22, "yanchor": "top", "traceorder": "normal"}



def contrast_ratio(first: str, second: str) -> float:
    """WCAG's contrast ratio of two #rrggbb colours: (L1 + 0.05) / (L2 + 0.05), L the relative luminance."""
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        red, green, blue = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(fill: str) -> str:
    """White or ``INK`` for text on ``fill``, whichever has the higher contrast."""
    return WHITE if contrast_ratio(WHITE, fill) >= contrast_ratio(INK, fill) else INK


def count_ticks(axis_end: float) -> dict:
    """Ticks for an axis of counts that ends at ``axis_end``: a step of 1 up to 8, where Plotly would choose 0.5 (a
    phase chart of two partnerships was ticked 0, 0.5, 1, 1.5, 2); beyond, Plotly's own steps, whole from there."""
    return {"dtick": 1, "tick0": 0} if axis_end <= 8 else {}


def dollar_ticks(low: float, high: float, most: int = 6) -> dict:
    """Ticks for an axis of dollars over the data's ``low`` to ``high`` (zero always included), written as the bars'
    labels and the cards write dollars: "$500K", "$1.5M", never Plotly's own "$500k" beside a bar labelled "$516K".

    Steps of 1, 2 or 5 times a power of ten (never 2.5: a tick at $1.25M would read "$1.2M"), the one whose number
    of steps is nearest ``most`` (the larger step on a tie): $0 to $12.8M in 7 steps of $2M, not 3 of $5M. Every
    tick in one unit, that of the largest: M from a million, K from ten thousand, else whole dollars; one decimal
    only where a step needs it ($0.5M)."""
    low, high = min(float(low), 0.0), max(float(high), 0.0)
    if not high - low > 0:  # nothing but zero (or no number at all)
        return {"tickvals": [0], "ticktext": ["$0"]}
    power = 10.0 ** math.floor(math.log10((high - low) / most))

    def steps_of(step: float) -> int:
        return math.ceil(high / step) - math.floor(low / step)

    step = min((multiple * power for multiple in (10, 5, 2, 1)), key=lambda step: abs(steps_of(step) - most))
    values = [i * step for i in range(math.floor(low / step), math.ceil(high / step) + 1)]
    largest = max(abs(value) for value in values)
    unit, suffix = (1e6, "M") if largest >= 1e6 else (1e3, "K") if largest >= 1e4 else (1.0, "")
    decimals = 0 if all(abs(value / unit - round(value / unit)) < 1e-9 for value in values) else 1
    text = [("-" if value < 0 else "") + f"${abs(value) / unit:,.{decimals}f}{suffix}" if value else "$0"
            for value in values]
    return {"tickvals": values, "ticktext": text}


# The layout's meta key listing the sources of the published figures a chart draws (``published_sources``): the
# picture's foot names them beside the data's own source (``export.figures.with_source``)
PUBLISHED_SOURCES = "published_sources"


def published_sources(*references) -> dict:
    """``{"meta": {PUBLISHED_SOURCES: [...]}}`` for a layout: each drawn reference's source once, in order. A
    downloaded picture of the Worker page's before/after chart gave only "Source: Sectorscope's demo generator" under
    published figures of real studies (a reviewer)."""
    return {"meta": {PUBLISHED_SOURCES: list(dict.fromkeys(reference.source for reference in references))}}


# The layout's meta entry with what a chart changes on a phone, put in place by the browser while the chart is
# narrower than NARROW_CHART_PX and taken back when it is wider (``ui.present.CHARTS_SCRIPT``): on a phone,
# partnership names of 38 characters beside the Worker page's ranking left its plot 60 px wide and were cut at the
# chart's left edge, and the Industry bubble chart's quadrant names lay over each other
NARROW = "narrow"
NARROW_CHART_PX = 520
NARROW_NAME_CHARACTERS = 22  # a partnership's name beside a chart on a phone: half a 358 px chart at 11-13 px


def narrow_layout(layout: Mapping[str, Any] | None = None, traces: Mapping[int, Mapping[str, Any]] | None = None,
                  ) -> dict:
    """``{"meta": {NARROW: ...}}`` for a layout: on a chart narrower than ``NARROW_CHART_PX`` the browser sets
    ``layout`` (Plotly's relayout paths: "yaxis.ticktext", "annotations[0].text") and each trace's ``traces``
    (trace index: restyle paths, "text", "marker.colorbar.thickness"), and puts the chart's own values back when
    it is wider. No value may be None: Plotly deletes a key set to null, so the browser would never find it set."""
    updates = [*(layout or {}).values(), *(value for update in (traces or {}).values() for value in update.values())]
    if any(value is None for value in updates):
        raise ValueError("a narrow layout's value is None: Plotly would delete the key, never showing it set")
    return {"meta": {NARROW: {"below_px": NARROW_CHART_PX, "layout": dict(layout or {}),
                              "traces": {str(index): dict(update) for index, update in (traces or {}).items()}}}}


def narrow_ticks(axis: str, categories: Sequence[str], short_labels: Sequence[str], *,
                 texts: Mapping[int, Sequence[str]] | None = None, right_px: int | None = None) -> dict:
    """``narrow_layout`` showing ``short_labels`` for the ``categories`` of ``axis`` ("yaxis"), for an axis that
    sets no ticks of its own; with them, where given, shorter labels after the bars (``texts``: trace index: its
    labels) and a right margin of ``right_px``: labels that kept their room on a phone left the names none."""
    layout: dict[str, Any] = {f"{axis}.tickmode": "array", f"{axis}.tickvals": list(categories),
                              f"{axis}.ticktext": list(short_labels)}
    if right_px is not None:
        layout["margin.r"] = int(right_px)
    return narrow_layout(layout, {index: {"text": list(labels)} for index, labels in (texts or {}).items()})


def narrow_names(axis: str, names: Sequence[str], ids: Sequence[str] | None = None) -> dict:
    """``narrow_ticks`` of names (the categories) cut to ``NARROW_NAME_CHARACTERS`` (``formatting.shortened``), each
    cut alike followed by its id where ``ids`` are given ("Philadelphia Area Adv… (P037)")."""
    from sectorscope.present.formatting import shortened

    cut = [shortened(str(name), NARROW_NAME_CHARACTERS) for name in names]
    if ids is not None:
        cut = [f"{short} ({identifier})" if cut.count(short) > 1 else short
               for short, identifier in zip(cut, ids, strict=True)]
    return narrow_ticks(axis, [str(name) for name in names], cut)


# The width of a character, in ems of its font's size: a little wide (digits and capitals), for the room text needs
CHARACTER_EM = 0.62
CHARACTER_PX = FONT["size"] * CHARACTER_EM  # of the charts' 13 px text


def label_room(labels, character_px: float = CHARACTER_PX, padding_px: int = 14) -> int:
    """Pixels right of a horizontal bar chart's plot for the text written after its longest bar, which is drawn past
    the plot's edge (``cliponaxis=False``) into this margin: room in pixels, not in the axis's units, since at 200%
    zoom (640 px) long names squeezed the plot and "$2.3M" after the longest bar was cut to "$2.3" (an
    accessibility reviewer). A text over lines ("<br>") needs room for its longest line; ``character_px`` is a
    character's width in the labels' font (the charts' 13 px text by default)."""
    longest = max((len(re.sub(r"<[^>]*>", "", line)) for label in labels for line in str(label).split("<br>")),
                  default=0)
    return math.ceil(longest * character_px) + padding_px


def layout_of(title: str, height: int, *, legend: str | None = None, top: int = 50, bars_across_in_groups: bool = False,
              right: int = 20, **extra) -> dict:
    """The one layout of a chart, as a dict for ``go.Figure(data=..., layout=...)``: title at the top left in the
    margin, white plot, the house font. (A figure built whole validates its layout once; ``update_layout`` on a
    built figure costs several times more.)

    ``legend`` is "above" (between the title and the plot, so the two never overlap), "below" (for many
    entries) or None (Plotly's own place, or none with ``showlegend=False``); ``top`` is the top margin in pixels
    without a legend above. ``bars_across_in_groups``: horizontal bars side by side (``barmode="group"``), where
    Plotly draws each group's first trace lowest: the legend is then read in reverse, so that it lists the bars in
    the order they stand from the top. ``right`` is the right margin in pixels (``label_room`` for text after bars).
    ``extra`` is added as it is (axes, barmode, ...).
    """
    margin = {"l": 10, "r": right, "t": 95 if legend == "above" else top, "b": 40 if legend else 10}
    legends = {"above": LEGEND_ABOVE, "below": LEGEND_BELOW}
    return {"title": {"text": title, "x": 0, "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 8},
                      "font": TITLE_FONT},
            "height": height, "font": FONT, "margin": margin, "plot_bgcolor": "white", "paper_bgcolor": "white",
            **({"legend": legends[legend] | ({"traceorder": "reversed"} if bars_across_in_groups else {})}
               if legend else {}), **extra}
