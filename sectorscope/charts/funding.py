"""Funding and systems-change charts: grants over time, dollars per partnership, the earnings return, partners at
the table, the phase pipeline and the systems-change log. DataFrame in, Plotly figure out."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

from sectorscope import codes
from sectorscope.charts import style
from sectorscope.charts.employers import short_names
from sectorscope.charts.style import CATEGORY_COLORS, EMPTY_FILL, layout_of
from sectorscope.charts.traces import plain_trace
from sectorscope.metrics.workers import is_small_n
from sectorscope.present.formatting import (
    format_compact_dollars,
    format_count,
    format_counted,
    format_dollars,
    format_leverage,
    format_percent,
    shortened,
)

ROW_HEIGHT = 26
STATE_COLOR = CATEGORY_COLORS[0]
NON_STATE_COLOR = CATEGORY_COLORS[1]
GAIN_COLOR = CATEGORY_COLORS[2]
UNKNOWN_GAIN = "gain unknown: no completer with wages before and after training"
UNKNOWN_EMPLOYED = "gain unknown: whether completers work in the sector is not recorded"
UNKNOWN_SHORT = "gain unknown"  # either, on a phone (the name's "(not recorded)" or its n says which)
LABEL_CHARACTER_PX = 6.2  # width of a character of an 11 px label, a little to spare (digits and "$" are wider)


def _height(rows: int, minimum: int = 260) -> int:
    return max(minimum, 110 + ROW_HEIGHT * rows)


def in_code_order(names: Iterable[str], code_list: Sequence[str]) -> list[str]:
    """The code list's values, then any other of ``names`` by name: the order kinds (funding sources, grant types,
    kinds of change) are stacked and coloured in, on the pages, the slides and the decks."""
    return [*code_list, *sorted(set(names) - set(code_list))]


def category_colors(categories: list[str]) -> dict[str, str]:
    """Each category's colour, by its place in ``categories`` (a code list's order, then any others): a kind keeps
    its colour whichever kinds a chart holds (the pages', the slides' and the decks')."""
    return {category: CATEGORY_COLORS[i % len(CATEGORY_COLORS)] for i, category in enumerate(categories)}


def year_axis(years: tuple[int, int] | None) -> dict:
    """An axis of whole years from ``years`` (first, last) whatever the data hold: a year without an entry then reads
    as a true zero, not as a year outside the view (Healthcare's grants stopped at 2023 in a view to 2025, and 2010-2016
    drew 2011-2014). Plotly's own range (the years with data) for None."""
    axis = {"dtick": 1, "tickformat": "d"}
    return axis | ({"range": [years[0] - 0.5, years[1] + 0.5]} if years else {})


def grants_over_time(by_year: pd.DataFrame, by: str, title: str, years: tuple[int, int] | None = None) -> go.Figure:
    """Grant dollars per start year, stacked by ``by`` (grant_type or funding_source) in the code lists' order, over
    the chosen ``years`` (first, last; ``year_axis``).

    ``by_year`` has year, ``by``, dollars, grants (``grant_dollars_by``).
    """
    order = in_code_order(by_year[by], codes.GRANT_TYPES if by == "grant_type" else codes.FUNDING_SOURCES)
    colors = category_colors(order)
    traces = []
    for category in order:
        rows = by_year[by_year[by] == category]
        if rows.empty:
            continue
        traces.append(plain_trace(go.Bar, x=rows["year"], y=rows["dollars"], name=category,
                                  marker_color=colors[category], customdata=rows["grants"],
                                  hovertemplate=f"{category}<br>%{{x}}: %{{y:$,.0f}} in %{{customdata}} grant(s)"
                                                "<extra></extra>"))
    return go.Figure(traces, layout_of(title, 380, legend="above", barmode="stack",
                                       xaxis={"title": "Grant start year", **year_axis(years)},
                                       yaxis={"title": "Grant dollars", "gridcolor": style.GRID,
                                              **style.dollar_ticks(0, by_year.groupby("year")["dollars"].sum().max())}))


def dollars_per_partnership(frame: pd.DataFrame, title: str, top: int = 25) -> go.Figure:
    """State and non-state grant dollars per partnership (the ``top`` largest), stacked, with leverage in the hover.

    ``frame`` has name, state_dollars, non_state_dollars, grant_dollars, leverage (``funding_by_partnership``).
    """
    rows = frame[frame["grant_dollars"] > 0].sort_values("grant_dollars", ascending=False).head(top).iloc[::-1]
    leverage = rows["leverage"].map(format_leverage)
    traces = []
    for name, column, color in (("State", "state_dollars", STATE_COLOR),
                                ("Non-state (federal, private, philanthropic, employer match)", "non_state_dollars",
                                 NON_STATE_COLOR)):
        traces.append(plain_trace(go.Bar, y=rows["name"], x=rows[column], orientation="h", name=name,
                                  marker_color=color,
                                  customdata=list(zip(rows["grant_dollars"].map(format_compact_dollars), leverage,
                                                      strict=True)),
                                  hovertemplate="%{y}<br>" + name.split(" (")[0]
                                                + ": %{x:$,.0f}<br>total %{customdata[0]}"
                                                " · leverage %{customdata[1]}<extra></extra>"))
    totals = rows["grant_dollars"].map(format_compact_dollars)
    traces.append(plain_trace(go.Scatter, y=rows["name"], x=rows["grant_dollars"], mode="text", showlegend=False,
                              text=totals, textposition="middle right", hoverinfo="skip", cliponaxis=False))
    longest = float(rows["grant_dollars"].max()) if len(rows) else 1.0
    # each total after its bar, the longest's in the margin (style.label_room): fits at any width
    return go.Figure(traces, layout_of(title, _height(len(rows)), legend="above", barmode="stack",
                                       right=style.label_room(totals),
                                       xaxis={"title": "Grant dollars", "gridcolor": style.GRID,
                                              "range": [0, longest * 1.02], **style.dollar_ticks(0, longest * 1.02)},
                                       yaxis={"title": None, "automargin": True},
                                       **style.narrow_names("yaxis", rows["name"], rows.get("partnership_id"))))


def earnings_return_chart(frame: pd.DataFrame, label: str, title: str, top: int = 25,
                          gain_per: str = "a year") -> go.Figure:
    """Grant dollars beside participants' annual earnings gain per group (the ``top`` by grant dollars), labelled
    with the gain per grant dollar.

    ``frame`` has the ``label`` column, grant_dollars, mean_hourly_gain, annual_gain, return_per_dollar,
    employed_completers and ``hidden`` (``earnings_return_by_shown`` plus a label). Employed completers missing: hidden
    (public views) or not recorded, each said as such. ``gain_per``: the span of the gain after its amount in the
    hover (``funding.gain_per``: "a year", "over 2.5 years").
    """
    rows = frame.sort_values("grant_dollars", ascending=False).head(top).iloc[::-1]
    hidden = rows["hidden"] if "hidden" in rows else pd.Series(False, index=rows.index)
    # the gain rests on the completers with both wages (its mean) and the employed completers (its multiplier):
    # fewer than 30 of either is flagged, as every figure on a small group is
    gain_n = rows["gain_n"] if "gain_n" in rows else pd.Series(float("nan"), index=rows.index)
    small = [is_small_n(n) or is_small_n(g) for n, g in zip(rows["employed_completers"], gain_n, strict=True)]
    counts = list(zip(rows["employed_completers"], hidden, small, strict=True))
    labels = [f"{name} (n={format_count(n)} employed completer{'' if n == 1 else 's'}{' · small n' if flag else ''})"
              if pd.notna(n)
              else f"{name} (n hidden)" if is_hidden else f"{name} (employment not recorded)"
              for name, (n, is_hidden, flag) in zip(rows[label], counts, strict=True)]
    # on a phone (style.narrow_ticks): the name cut, the count without its unit (the hover names both)
    narrow_labels = [f"{shortened(str(name), style.NARROW_NAME_CHARACTERS)} "
                     + (f"(n={format_count(n)}{' · small n' if flag else ''})" if pd.notna(n)
                        else "(n hidden)" if is_hidden else "(not recorded)")
                     for name, (n, is_hidden, flag) in zip(rows[label], counts, strict=True)]
    # a group without a grant in the years counted: "no grant", never a "$0" bar and a bare "–"
    no_grant = rows["grant_dollars"].fillna(0).eq(0).to_numpy()
    ratio = pd.Series(["no grant" if none else "–" if pd.isna(v) else f"{format_dollars(v, cents=True)} per grant $"
                       for v, none in zip(rows["return_per_dollar"], no_grant, strict=True)], index=rows.index)
    gains = [f"{format_compact_dollars(g)} · {r}" for g, r in zip(rows["annual_gain"], ratio, strict=True)]
    # on a phone the gain alone after its bar (the gain per grant dollar in the hover): the whole label kept a right
    # margin of 165 px of a 358 px chart, and the names were cut at its left edge
    narrow_gains = [format_compact_dollars(g) for g in rows["annual_gain"]]
    # Every label after its bar, in one size: placed "auto", Plotly put each inside or outside by the bar's length
    # and shrank the inside ones to fit, so labels of one chart came in three sizes. A gain below zero or unknown
    # is labelled right of zero in its band instead (after a bar running left, the label lay over the names).
    label_font = {"size": 11, "color": style.CAPTION_TEXT}
    beside_zero = ~(rows["annual_gain"] >= 0).to_numpy()  # below zero, or unknown (no bar: not a zero one)
    traces = [
        plain_trace(go.Bar, y=labels, x=rows["grant_dollars"], orientation="h", name="Grant dollars",
                    marker_color=STATE_COLOR,
                    text=["no grant" if none else format_compact_dollars(v)
                          for v, none in zip(rows["grant_dollars"], no_grant, strict=True)],
                    textposition="outside", textfont=label_font,
                    cliponaxis=False, hovertemplate="%{y}<br>grants %{x:$,.0f}<extra></extra>"),
        plain_trace(go.Bar, y=labels, x=rows["annual_gain"], orientation="h", name="Earnings gain",
                    marker_color=GAIN_COLOR, customdata=ratio,
                    text=["" if moved else text for text, moved in zip(gains, beside_zero, strict=True)],
                    textposition="outside", textfont=label_font, cliponaxis=False,
                    hovertemplate=f"%{{y}}<br>earnings gain %{{x:$,.0f}} {gain_per}<br>%{{customdata}}<extra></extra>"),
    ]
    unknown = [UNKNOWN_EMPLOYED if pd.isna(n) and pd.notna(mean) else UNKNOWN_GAIN
               for n, mean in zip(rows["employed_completers"], rows["mean_hourly_gain"], strict=True)]
    moved = [(label, why if pd.isna(gain) else text, UNKNOWN_SHORT if pd.isna(gain) else narrow)
             for label, gain, text, narrow, away, why
             in zip(labels, rows["annual_gain"], gains, narrow_gains, beside_zero, unknown, strict=True) if away]
    if moved:
        traces.append(plain_trace(go.Scatter, y=[label for label, _, _ in moved], x=[0] * len(moved), mode="text",
                                  text=[text for _, text, _ in moved], textposition="top right", textfont=label_font,
                                  showlegend=False, hoverinfo="skip", cliponaxis=False))
    # The longest bar's label may run into the right margin, which is as wide as the longest label: on a narrow
    # plot (long partnership names) room inside the axis alone was not enough and a label was cut at the edge.
    # (Labels beside zero run across the plot from its left edge, so they need no margin.)
    narrow_gain_text = ["" if away else text for text, away in zip(narrow_gains, beside_zero, strict=True)]
    narrow_texts = {1: narrow_gain_text, **({2: [short for *_, short in moved]} if moved else {})}
    layout = layout_of(title, _height(2 * len(rows), 300), legend="above", barmode="group", bars_across_in_groups=True,
                       xaxis={"title": "US dollars", "gridcolor": style.GRID,
                              **style.dollar_ticks(rows[["grant_dollars", "annual_gain"]].min().min(),
                                                   rows[["grant_dollars", "annual_gain"]].max().max())},
                       yaxis={"title": None, "automargin": True})
    least_right = layout["margin"]["r"]

    def room(texts: list[str]) -> int:  # the right margin for these labels after the bars, in the labels' 11 px
        return max(least_right, style.label_room(texts, LABEL_CHARACTER_PX, 10))

    layout["margin"]["r"] = room([*traces[0].text, *traces[1].text])
    layout["meta"] = {**layout.get("meta", {}), **style.narrow_ticks(
        "yaxis", labels, narrow_labels, texts=narrow_texts,
        right_px=room([*traces[0].text, *narrow_gain_text]))["meta"]}
    return go.Figure(traces, layout)


GAP_NOTE_CHARS = 20  # a partnership's gaps written after its bar, in lines of about this many characters


def partner_composition_chart(frame: pd.DataFrame, title: str) -> go.Figure:
    """Partners by type per partnership, stacked, with the partnership's gaps written after its bar.

    ``frame`` has name, one count column per partner type, partners, gaps (``partner_composition``).
    """
    rows = frame.iloc[::-1]
    types = [t for t in codes.PARTNER_TYPES if t in rows and rows[t].sum() > 0]
    colors = category_colors(list(codes.PARTNER_TYPES))
    # names cut to a half-width chart's length (in full on hover): beside the gaps' notes, whole names left no room
    # for the plot at 540 px and Plotly cut them at the left ("eny Area Financial Services Sector Partnership")
    names = short_names(rows["name"])
    traces = []
    for partner_type in types:
        traces.append(plain_trace(go.Bar, y=names, x=rows[partner_type], orientation="h", name=partner_type,
                                  marker_color=colors[partner_type], customdata=rows["name"],
                                  hovertemplate="%{customdata}<br>" + partner_type + ": %{x}<extra></extra>"))
    # each note over lines of about 20 characters: on one line "⚠ no employer beyond the convener" took a margin
    # of 240 px of the chart's 540
    gaps = rows["gaps"].map(lambda g: "<br>".join(textwrap.wrap(f"⚠ {g}", GAP_NOTE_CHARS)) if g else "")
    traces.append(plain_trace(go.Scatter, y=names, x=rows["partners"], mode="text", text=gaps, showlegend=False,
                              textposition="middle right", textfont={"color": style.GAP_TEXT}, hoverinfo="skip",
                              cliponaxis=False))
    longest = int(rows["partners"].max()) if len(rows) else 1
    # the gaps ("⚠ no employer, no education provider") written after the bars, past the plot into a margin as wide
    # as the longest (style.label_room): room in the axis's units ran the axis to twice the longest bar and still
    # cut the note at 640 px (reviewers)
    return go.Figure(traces, layout_of(title, _height(len(rows), 320) + 90, legend="below", barmode="stack",
                                       right=style.label_room(gaps),
                                       xaxis={"title": "Partner organizations", "range": [0, longest * 1.05 + 0.5],
                                              "gridcolor": style.GRID},
                                       yaxis={"title": None, "automargin": True}))


def phase_pipeline_chart(pipeline: pd.DataFrame, title: str) -> go.Figure:
    """Partnerships per phase, top to bottom along the pipeline (planning -> implementation -> sustaining), with
    inactive ones apart in grey below. ``pipeline`` has phase, partnerships, share (``phase_pipeline``).

    Bars run across, so the phases' names have a line each: side by side under upright bars, "Planning",
    "Implementation" and "Sustaining" ran into one another in the half-width column the page gives this chart."""
    colors = [*style.PHASE_COLOURS, EMPTY_FILL]
    colors = (colors + [EMPTY_FILL] * len(pipeline))[:len(pipeline)]
    text = [f"{format_count(n)} ({format_percent(s)})" for n, s in zip(pipeline["partnerships"], pipeline["share"],
                                                                      strict=True)]
    phases = [p.capitalize() for p in pipeline["phase"]]
    traces = [plain_trace(go.Bar, y=phases, x=pipeline["partnerships"], orientation="h",
                          marker={"color": colors, "line": {"color": style.MARKER_EDGE, "width": 0.5}}, text=text,
                          textposition="outside", cliponaxis=False,
                          hovertemplate="%{y}: %{x} partnership(s)<extra></extra>")]
    top = int(pipeline["partnerships"].max()) if len(pipeline) else 1
    return go.Figure(traces, layout_of(title, 300, showlegend=False,
                                       xaxis={"title": "Partnerships", "range": [0, top * 1.45 + 1],
                                              "gridcolor": style.GRID, **style.count_ticks(top * 1.45 + 1)},
                                       yaxis={"title": None, "categoryorder": "array", "categoryarray": phases[::-1],
                                              "automargin": True}))


def changes_over_time_chart(by_year: pd.DataFrame, title: str, years: tuple[int, int] | None = None) -> go.Figure:
    """Systems changes per year, stacked by category, over the chosen ``years`` (first, last; ``year_axis``).
    ``by_year`` has year, category, changes."""
    every = in_code_order(by_year["category"], codes.SYSTEM_CHANGE_CATEGORIES)
    colors = category_colors(every)
    order = [category for category in every if category in set(by_year["category"])]
    traces = []
    for category in order:
        rows = by_year[by_year["category"] == category]
        traces.append(plain_trace(go.Bar, x=rows["year"], y=rows["changes"], name=category,
                                  marker_color=colors[category],
                                  hovertemplate=f"{category}<br>%{{x}}: %{{y}} change(s)<extra></extra>"))
    # whole changes on the axis: a year of two or three changes was ticked 0.5, 1.5, 2.5
    most = by_year.groupby("year")["changes"].sum().max() if not by_year.empty else 0
    return go.Figure(traces, layout_of(title, 460, legend="below", barmode="stack",
                                       xaxis={"title": None, **year_axis(years)},
                                       yaxis={"title": "Systems changes logged", "gridcolor": style.GRID,
                                              "tickformat": "d", **style.count_ticks(float(most) * 1.05)}))


def changes_per_partnership_chart(frame: pd.DataFrame, title: str, top: int = 20) -> go.Figure:
    """Systems changes per partnership (the ``top`` with most, in ``frame``'s order). ``frame`` has name, changes,
    categories. The title says how many are drawn of how many, and how many more have as many changes as the last
    one drawn (a tie cut by name said nothing: 16 partnerships with 3 changes, four drawn), and how many logged
    none (left out without a word: 16 bars for 17 partnerships in view)."""
    logged = frame[frame["changes"] > 0]
    rows = logged.head(top).iloc[::-1]
    said = []
    if len(logged) > top:
        tied = int((logged["changes"].iloc[top:] == logged["changes"].iloc[top - 1]).sum())
        said.append(f"top {top} of {len(logged):,}" + (
            f"; {tied:,} more with {format_counted(int(logged['changes'].iloc[top - 1]), 'change')}, not drawn"
            if tied else ""))
    if none := int((frame["changes"] == 0).sum()):
        said.append(f"{none:,} with none logged")
    title += f" ({'; '.join(said)})" if said else ""
    traces = [plain_trace(go.Bar, y=rows["name"], x=rows["changes"], orientation="h", marker_color=CATEGORY_COLORS[0],
                          text=rows["changes"], textposition="outside", customdata=rows["categories"], cliponaxis=False,
                          hovertemplate="%{y}<br>%{x} change(s): %{customdata}<extra></extra>")]
    most = int(rows["changes"].max()) if len(rows) else 1
    # the count after the longest bar in the margin (style.label_room): at 640 px "11" was cut to "1"
    return go.Figure(traces, layout_of(title, _height(len(rows)), showlegend=False,
                                       right=style.label_room(rows["changes"].astype(str)),
                                       xaxis={"title": "Systems changes logged", "dtick": 1, "gridcolor": style.GRID,
                                              "range": [0, most * 1.02]},
                                       yaxis={"title": None, "automargin": True},
                                       **style.narrow_names("yaxis", rows["name"], rows.get("partnership_id"))))
