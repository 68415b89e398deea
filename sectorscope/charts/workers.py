"""Charts of worker outcomes: DataFrame in, Plotly figure out (tables from ``metrics.workers``).

No chart receives a person's own record: distributions are drawn from percentiles, groups from their summaries.
Groups resting on fewer than ``workers.SMALL_N`` people are drawn hollow or hatched and say "small n".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from sectorscope import references
from sectorscope.charts import style
from sectorscope.charts.maps import county_trace, map_layout, map_view, plot_height
from sectorscope.charts.style import CATEGORY_COLORS, EMPTY_FILL, layout_of
from sectorscope.charts.traces import plain_trace
from sectorscope.metrics.workers import CONDITIONS, SMALL_N
from sectorscope.present.formatting import (
    format_interval,
    format_percent,
    format_signed_dollars,
    n_label,
    shortened,
)

MAIN, CONTRAST, MUTED, PUBLISHED = CATEGORY_COLORS[0], CATEGORY_COLORS[1], style.MUTED, CATEGORY_COLORS[5]
NOTHING_TO_SHOW = "No group to show for this selection (or every group is too small to show)."
PUBLISHED_MEAN_GAIN = references.HOURLY_WAGE_GAIN.value
PUBLISHED_MEAN_LABEL = f"published mean {references.HOURLY_WAGE_GAIN.figure}"
# a trend's x-axis title in lines that fit half of a 1000 px window's main column (about 340 px of 13 px text)
YEARS_AXIS_CHARACTERS = 42


def _figure(traces: list, title: str, height: int, empty: bool = False, legend: str | None = None,
            line: tuple[dict, dict] | None = None, meta: dict | None = None, **axes: dict) -> go.Figure:
    """The figure built whole (its layout validated once: ``update_layout``, ``add_vline`` and ``add_annotation``
    on a built figure cost several times more): ``style.layout_of``'s layout, a vertical ``line`` (``_vline``), a
    note in the middle of a chart with nothing to show, and ``meta`` entries (``style.narrow_ticks``'s)."""
    shapes, notes = ([line[0]], [line[1]]) if line else ([], [])
    meta = dict(meta or {})
    if line is not None and line[1]["text"] == PUBLISHED_MEAN_LABEL:  # the published mean gain: its source at the
        meta |= style.published_sources(references.HOURLY_WAGE_GAIN)["meta"]  # foot (not the overall median's)
    if line is not None:  # on a phone the line's label ends at the line: centred on it, it ran past the chart's edge
        narrow = meta.get(style.NARROW) or style.narrow_layout()["meta"][style.NARROW]
        meta[style.NARROW] = {**narrow, "layout": {**narrow["layout"], "annotations[0].xanchor": "right"}}
    if meta:
        axes = {"meta": meta, **axes}
    if empty:
        notes.append({"text": NOTHING_TO_SHOW, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper",
                      "showarrow": False, "font": {"size": 14, "color": style.NOTE_TEXT}})
    extra = {**({"shapes": shapes} if shapes else {}), **({"annotations": notes} if notes else {})}
    return go.Figure(data=traces, layout=layout_of(title, height, legend=legend, **axes, **extra))


def _vline(x: float, color: str, text: str, text_color: str | None = None) -> tuple[dict, dict]:
    """A dashed line across the plot at ``x`` and its label above the plot: the shape and the annotation
    ``add_vline(x, line_dash="dash", annotation_position="top")`` would add."""
    shape = {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
             "line": {"color": color, "dash": "dash"}}
    note = {"text": text, "x": x, "xref": "x", "y": 1, "yref": "y domain", "xanchor": "center", "yanchor": "bottom",
            "showarrow": False, **({"font": {"color": text_color}} if text_color else {})}
    return shape, note


def _published_line() -> tuple[dict, dict]:
    """The published mean wage gain as a dashed line, labelled in its colour."""
    return _vline(PUBLISHED_MEAN_GAIN, PUBLISHED, PUBLISHED_MEAN_LABEL, style.REFERENCE_TEXT)



def _gain_axis(title: str = "Hourly wage gain ($)") -> dict:
    return {"title": title, "tickformat": "$,.2f", "zeroline": True, "zerolinecolor": style.AXIS_LINE,
            "gridcolor": style.GRID}


def wage_gain_box(spread: pd.DataFrame, by: str, names: Mapping[str, str], period: str) -> go.Figure:
    """Boxes of completers' hourly wage gains per group, from percentiles (box 25th-75th, line at the median,
    whiskers 10th-90th); a dashed line marks the published mean gain. ``spread`` is ``workers.spread_of``."""
    ordered = spread.dropna(subset=["median"]).sort_values("median")
    labels = [f"{shortened(names.get(key, str(key)), 30)} ({n_label(n)})" for key, n in zip(ordered[by], ordered["n"],
                                                                                          strict=True)]
    box = plain_trace(
        go.Box, y=labels, q1=ordered["p25"], median=ordered["median"], q3=ordered["p75"], lowerfence=ordered["p10"],
        upperfence=ordered["p90"], orientation="h", marker_color=MAIN, fillcolor=style.MAIN_FILL,
        line={"width": 1.5}, name="wage gain", showlegend=False,
        hoverinfo="x+y",
    )
    # the axis from the whiskers, zero and the published mean, set: Plotly's own range for boxes given as
    # percentiles ran to -$20 on the demo, the boxes squeezed into a sixth of the plot (a staff reviewer)
    ends = pd.concat([ordered["p10"], ordered["p90"], pd.Series([0.0, PUBLISHED_MEAN_GAIN])]).dropna()
    pad = max(float(ends.max() - ends.min()) * 0.06, 0.25)
    return _figure([box], f"Hourly wage gain of completers by {by_label(by)}, exits {period}",
                   max(220, 140 + 34 * len(ordered)), empty=ordered.empty, line=_published_line(),
                   xaxis={**_gain_axis(), "range": [float(ends.min()) - pad, float(ends.max()) + pad]},
                   yaxis={"title": None, "automargin": True})


def by_label(by: str) -> str:
    """How a grouping column reads in a title."""
    return {"sector_code": "sector", "partnership_name": "partnership", "county_fips": "county",
            "exit_year": "exit year", "gender": "gender", "race_ethnicity": "race/ethnicity",
            "age_band": "age band"}.get(by, by.replace("_", " "))


def _ranking_labels(short_names: Sequence[str], partnership_ids: Iterable[str], chosen: Iterable[bool],
                    gain_ns: Iterable[object]) -> list[str]:
    """The ranking's labels: ▶ before the chosen partnership, its name as shortened (its id after a name shortened
    alike), its n."""
    return [("▶ " if c else "") + (f"{short} ({pid})" if short_names.count(short) > 1 else short)
            + f" · {n_label(n)}" for short, pid, c, n in zip(short_names, partnership_ids, chosen, gain_ns,
                                                              strict=True)]


def partnership_ranking(groups: pd.DataFrame, names: Mapping[str, str], period: str,
                        highlight: str | None = None) -> go.Figure:
    """Partnerships ranked by median hourly wage gain (best on top), each with its 95% interval and n; small n drawn
    hollow and grey, the ``highlight`` partnership in orange. ``groups`` is
    ``workers.groups_of(figures, "partnership_id")`` and ``names`` maps ids to names."""
    ranked = groups.dropna(subset=["median_gain"]).sort_values(["median_gain", "partnership_id"])
    small = (ranked["gain_n"].astype(float) < SMALL_N).to_numpy()
    chosen = (ranked["partnership_id"] == highlight).to_numpy()
    colors = [CONTRAST if c else (MUTED if s else MAIN) for c, s in zip(chosen, small, strict=True)]
    full = [names.get(pid, pid) for pid in ranked["partnership_id"]]
    short_names = [shortened(name, 38) for name in full]
    labels = _ranking_labels(short_names, ranked["partnership_id"], chosen, ranked["gain_n"])
    narrow_labels = _ranking_labels([shortened(name, style.NARROW_NAME_CHARACTERS) for name in full],
                                    ranked["partnership_id"], chosen, ranked["gain_n"])
    hover = [f"<b>{name}</b><br>median {format_signed_dollars(m)} ({format_interval(lo, hi)})<br>"
             f"{n_label(n, 'completers')}"
             for name, m, lo, hi, n in zip(full, ranked["median_gain"], ranked["median_gain_low"],
                                           ranked["median_gain_high"], ranked["gain_n"], strict=True)]
    dots = plain_trace(
        go.Scatter, x=ranked["median_gain"], y=labels, mode="markers",
        error_x={"type": "data", "symmetric": False, "array": ranked["median_gain_high"] - ranked["median_gain"],
                 "arrayminus": ranked["median_gain"] - ranked["median_gain_low"], "color": style.INTERVAL,
                 "thickness": 1.2},
        marker={"size": 9, "color": colors, "symbol": ["circle-open" if s else "circle" for s in small],
                "line": {"width": 2, "color": colors}},
        hovertext=hover, hoverinfo="text", showlegend=False,
        # its words for a screen reader name each partnership in full ("Bucks Area Information Technology Ind…")
        meta={"labels": _ranking_labels(full, ranked["partnership_id"], chosen, ranked["gain_n"])},
    )
    return _figure([dots], f"Partnerships ranked by median hourly wage gain, exits {period} (lines: 95% interval)",
                   max(240, 110 + 21 * len(ranked)), empty=ranked.empty, line=_published_line(),
                   meta=style.narrow_ticks("yaxis", labels, narrow_labels)["meta"],
                   xaxis=_gain_axis("Median hourly wage gain ($)"),
                   # the rows' own range: Plotly's autorange padded 72 rows by about four empty rows at each end
                   yaxis={"title": None, "automargin": True, "tickfont": {"size": 11},
                          **({"range": [-0.7, len(ranked) - 0.3]} if len(ranked) else {})})


def county_gain_map(counties: pd.DataFrame, by_county: pd.DataFrame, geojson: dict, period: str, height: int = 420,
                    width_hint: int = 460) -> go.Figure:
    """Counties of residence shaded by completers' median hourly wage gain; grey where no figure is shown (nobody, or
    hidden). The colour range spans the counties resting on at least ``SMALL_N`` completers (others are clipped to
    it and say "small n" on hover). ``counties``: the state's counties (county_fips, county_name, centroid_lon/lat);
    ``by_county``: ``workers.groups_of(figures, "county_fips")`` (a county missing from it has nobody: n = 0)."""
    by_county = counties[["county_fips", "county_name", "centroid_lon", "centroid_lat"]].merge(
        by_county[["county_fips", "gain_n", "median_gain", "median_gain_low", "median_gain_high"]], on="county_fips",
        how="left", indicator=True)
    by_county["gain_n"] = by_county["gain_n"].astype("Float64").mask(by_county["_merge"] == "left_only", 0)
    shown = by_county[by_county["median_gain"].notna()]
    empty = by_county[by_county["median_gain"].isna()]
    traces = []
    if not empty.empty:
        traces.append(county_trace(
            geojson, empty["county_fips"], z=[0] * len(empty),
            colorscale=[[0, EMPTY_FILL], [1, EMPTY_FILL]], showscale=False, name="no figure",
            marker={"line": {"width": 0.6, "color": style.WHITE}},
            customdata=list(zip(empty["county_name"], empty["gain_n"].map(n_label), strict=True)),
            hovertemplate="<b>%{customdata[0]}</b><br>no figure (%{customdata[1]})<extra></extra>",
        ))
    if not shown.empty:
        # the colour range follows counties with enough completers, so that a county of two people cannot set it
        steady = shown.loc[shown["gain_n"].astype(float) >= SMALL_N, "median_gain"]
        steady = steady if len(steady) else shown["median_gain"]
        low, high = min(0.0, float(steady.min())), max(float(steady.max()), 0.01)
        hover = [f"median {format_signed_dollars(m)}<br>{format_interval(lo, hi)}<br>{n_label(n, 'completers')}"
                 for m, lo, hi, n in zip(shown["median_gain"], shown["median_gain_low"], shown["median_gain_high"],
                                         shown["gain_n"], strict=True)]
        traces.append(county_trace(
            geojson, shown["county_fips"], z=shown["median_gain"],
            colorscale="Blues", zmin=low, zmax=high,
            marker={"line": {"width": 0.6, "color": style.WHITE}, "opacity": 0.95},
            customdata=list(zip(shown["county_name"], hover, strict=True)),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
            colorbar={"title": {"text": "Median gain, $/hour", "side": "top"}, "orientation": "h", "thickness": 10,
                      "len": 0.6, "x": 0.5, "xanchor": "center", "y": 0, "yanchor": "top", "tickformat": "$.2f"},
        ))
    title = f"Median hourly wage gain by county of residence,<br>exits {period}"
    # the colour bar goes under the map, in the margin the drawn picture adds for it (export.figures.with_source)
    view = map_view(by_county, width_hint, plot_height(height, title), geojson)
    return go.Figure(data=traces, layout=map_layout(view, height, title, None))


def before_after(conditions: pd.DataFrame, period: str) -> go.Figure:
    """Dumbbells: the share with each condition before and after training (paired), and below each the published
    before -> after figure. ``conditions`` is ``workers.conditions_of_row``."""
    traces = []
    rows = conditions.reset_index(drop=True)
    positions = list(range(len(rows)))[::-1]
    for series, y_shift, color, dash, name in (("", 0.14, MAIN, "solid", "this selection"),
                                                ("published_", -0.18, PUBLISHED, "dot", "published figure")):
        xs, ys = [], []
        for position, row in zip(positions, rows.itertuples(), strict=True):
            before, after = getattr(row, f"{series}before"), getattr(row, f"{series}after")
            if pd.isna(before) or pd.isna(after):
                continue
            xs += [before, after, None]
            ys += [position + y_shift] * 2 + [None]
        traces.append(plain_trace(go.Scatter, x=xs, y=ys, mode="lines", line={"color": color, "width": 3, "dash": dash},
                                  hoverinfo="skip", showlegend=False))
        rises = rows[f"{series}after"] >= rows[f"{series}before"]
        for when, symbol in (("before", "circle-open"), ("after", "circle")):
            values = rows[f"{series}{when}"]
            known = values.notna()
            # Each label on the far side of its own marker, away from the other: never "before 30%after 43%".
            outward = rises if when == "after" else ~rises
            traces.append(plain_trace(
                go.Scatter, x=values[known], y=[p + y_shift for p, k in zip(positions, known, strict=True) if k],
                mode="markers+text", marker={"size": 13, "color": color, "symbol": symbol, "line": {"width": 2.5}},
                text=[f"{when} {format_percent(v)}" for v in values[known]],
                textposition=["middle right" if right else "middle left" for right in outward[known]],
                textfont={"size": 11, "color": style.REFERENCE_TEXT if color == PUBLISHED else color},
                name=f"{name}, {when}", hovertemplate=f"{name}, {when}: %{{x:.0%}}<extra></extra>",
                # a study's figure rests on its own people, not the n written under the row's name
                meta={"labels": list(rows["condition"][known])} if series else None))
    labels = [f"{row.condition}<br><sup>{n_label(row.n, 'with both answers')}</sup>" for row in rows.itertuples()]
    # the published before -> after drawn: their studies named at the picture's foot
    drawn = [CONDITIONS[row.condition][2].reference for row in rows.itertuples()
             if row.condition in CONDITIONS and pd.notna(row.published_after)]
    return _figure(traces, f"Before and after training, exits {period}", 150 + 110 * max(len(rows), 1),
                   empty=rows[["before", "after"]].isna().all(axis=None), legend="above", **style.published_sources(
                       *drawn),
                   xaxis={"tickformat": ".0%", "range": [-0.14, 1.14], "tick0": 0, "dtick": 0.2,
                          "gridcolor": style.GRID},  # room for a label left of 0% or right of 100%
                   yaxis={"tickvals": positions, "ticktext": labels, "range": [-0.6, len(rows) - 0.4],
                          "automargin": True, "showgrid": False})


def every_year_between(by_year: pd.DataFrame, drawn: list[str]) -> pd.DataFrame:
    """``by_year`` with a row for each year from the first to the last with a value in one of the ``drawn``
    columns, the years between without one left empty: a trend line breaks there (Plotly joins only neighbouring
    points) instead of bridging a year with no exits, or no completer with wages, as if the trend ran through it.
    Years before the first and after the last such year are dropped."""
    by_year = by_year.dropna(subset=["exit_year"])
    with_value = by_year.loc[by_year[drawn].notna().any(axis=1), "exit_year"]
    if with_value.empty:
        return by_year.iloc[0:0]
    years = pd.Index(range(int(with_value.min()), int(with_value.max()) + 1), name="exit_year")
    return (by_year.assign(exit_year=by_year["exit_year"].astype(int)).drop_duplicates("exit_year")
            .set_index("exit_year").reindex(years).reset_index())


def _years_axis(years: pd.DataFrame, drawn: Mapping[str, str], missing: str, by_year: pd.DataFrame,
                one_line: Mapping[str, str] | None = None) -> str:
    """The trend's x-axis title, naming the years its line skips and why ("Exit year · no exits in 2020 · no median
    in 2023 · hidden for privacy in 2024"): a broken line said nothing of why; so are the years of ``by_year``
    before or after the line. ``drawn``: each value column and the column of its n. A year without a row had no
    exits in view; a row whose n is missing was hidden (``privacy.hide_small_groups`` empties both); otherwise the
    value is missing (``missing``). With ``one_line`` (per column of ``drawn``, what it is: "4th-quarter rate"), the
    years one line lacks where another has a point too ("no 4th-quarter rate in 2023": the last year's 4th quarter
    after exit not in the wage records yet, its point missing without a word)."""
    rows = by_year.dropna(subset=["exit_year"]).assign(exit_year=lambda f: f["exit_year"].astype(int))
    rows = rows.drop_duplicates("exit_year").set_index("exit_year")
    values, counts = list(drawn), list(drawn.values())

    def why(year: int, columns: list[str]) -> str:
        if year not in rows.index:
            return "no exits"
        return "hidden" if rows.loc[year, columns].isna().all() else "missing"

    shown_years = years["exit_year"].astype(int)
    none = years[values].isna().all(axis=1).to_numpy()
    skipped = sorted([*shown_years[none], *(set(rows.index) - set(shown_years))])
    reasons: dict[str, list[int]] = {}
    for year in skipped:
        reasons.setdefault(why(year, counts), []).append(year)
    words = {"no exits": "no exits", "hidden": "hidden for privacy", "missing": missing}
    gaps = [f"{words[reason]} in {', '.join(map(str, reasons[reason]))}" for reason in words if reason in reasons]
    for column, noun in (one_line or {}).items():
        alone = shown_years[years[column].isna().to_numpy() & ~none].tolist()
        hidden = [year for year in alone if why(year, [drawn[column]]) == "hidden"]
        lacking = [year for year in alone if year not in hidden]
        gaps += [f"no {noun} in {', '.join(map(str, lacking))}"] if lacking else []
        gaps += [f"{noun} hidden for privacy in {', '.join(map(str, hidden))}"] if hidden else []
    return in_lines(["Exit year", *gaps], YEARS_AXIS_CHARACTERS)


def in_lines(parts: Sequence[str], characters: int, separator: str = " · ") -> str:
    """``parts`` joined by ``separator`` in lines (``<br>``) of at most ``characters`` where the parts allow (a part
    is never broken), each broken line ending with the separator's mark, so that read as one line it still lists them.
    Plotly does not wrap an axis title: three reasons under a half-width trend ran past the chart's edge."""
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + len(separator) + len(part) <= characters:
            lines[-1] += separator + part
        else:
            lines.append(part)
    return f"{separator.rstrip()}<br>".join(lines)


def gain_trend(by_year: pd.DataFrame, period: str) -> go.Figure:
    """Median hourly wage gain by exit year with its 95% interval (error bars); small-n years drawn hollow; a year
    between without a median leaves a gap in the line. ``by_year`` is ``workers.groups_of(..., "exit_year")``."""
    years = every_year_between(by_year, ["median_gain"])
    years = years.assign(median_gain=years["median_gain"].astype(float))
    drawn = years.dropna(subset=["median_gain"])
    small = years["gain_n"].astype(float) < SMALL_N
    traces = [plain_trace(
        go.Scatter, x=years["exit_year"], y=years["median_gain"], mode="lines+markers",
        name="median gain (95% interval)",
        line={"color": MAIN, "width": 2.5},
        marker={"size": 9, "color": MAIN, "symbol": ["circle-open" if s else "circle" for s in small],
                "line": {"width": 2, "color": MAIN}},
        error_y={"type": "data", "symmetric": False, "array": years["median_gain_high"] - years["median_gain"],
                 "arrayminus": years["median_gain"] - years["median_gain_low"], "color": style.MAIN_LIGHT,
                 "thickness": 1.5},
        customdata=list(zip(["" if pd.isna(n) else n_label(n, "completers") for n in years["gain_n"]],
                            [format_interval(lo, hi) for lo, hi in zip(years["median_gain_low"],
                                                                       years["median_gain_high"], strict=True)],
                            strict=True)),
        hovertemplate="%{x}: median %{y:$.2f}<br>%{customdata[1]}<br>%{customdata[0]}<extra></extra>")]
    if not drawn.empty:  # in the legend rather than written on the chart, where it would cover a point
        traces.append(plain_trace(go.Scatter, x=[drawn["exit_year"].min() - 0.3, drawn["exit_year"].max() + 0.3],
                                  y=[PUBLISHED_MEAN_GAIN] * 2, mode="lines", name=PUBLISHED_MEAN_LABEL,
                                  line={"color": PUBLISHED, "dash": "dash", "width": 1.5}, hoverinfo="skip"))
    return _figure(traces, f"Median hourly wage gain by exit year, {period}", 380, empty=drawn.empty, legend="above",
                   xaxis={"title": _years_axis(years, {"median_gain": "gain_n"}, "no median", by_year), "dtick": 1,
                          "gridcolor": style.GRID, "automargin": True},
                   yaxis={**_gain_axis(), "rangemode": "tozero"},
                   **(style.published_sources(references.HOURLY_WAGE_GAIN) if not drawn.empty else {}))


def employment_trend(by_year: pd.DataFrame, period: str) -> go.Figure:
    """Employment in the 2nd and 4th quarter after exit, by exit year (rates among observable people); a year
    whose quarters are not in the wage records yet, or with no exits, has no point (a gap in the line). ``by_year`` is
    ``workers.groups_of(..., "exit_year")``."""
    years = every_year_between(by_year, ["employed_q2_rate", "employed_q4_rate"])
    traces = []
    for quarter, color, dash in ((2, MAIN, "solid"), (4, CONTRAST, "dash")):
        traces.append(plain_trace(
            go.Scatter, x=years["exit_year"], y=years[f"employed_q{quarter}_rate"], mode="lines+markers",
            name=f"{quarter}nd quarter after exit" if quarter == 2 else f"{quarter}th quarter after exit",
            line={"color": color, "width": 2.5, "dash": dash},
            # a rate on few people is drawn hollow, as the gain's medians are (2023's 14 people looked as sure as
            # 2019's 47: a staffer)
            marker={"size": 8, "color": color, "line": {"width": 2, "color": color},
                    "symbol": ["circle-open" if n < SMALL_N else "circle"
                               for n in years[f"employed_q{quarter}_n"].astype(float).fillna(0)]},
            customdata=["" if pd.isna(n) else n_label(n, "observable") for n in years[f"employed_q{quarter}_n"]],
            hovertemplate="%{x}: %{y:.1%} employed<br>%{customdata}<extra></extra>"))
    # Short enough for a half-width column (a longer title was cut after "by calendar"; Plotly does not wrap titles,
    # and a two-line one was clipped at the top): who is counted is said on the y axis.
    return _figure(traces, f"Employed after exit, by exit year, {period}", 380,
                   legend="above", empty=years[["employed_q2_rate", "employed_q4_rate"]].isna().all(axis=None),
                   xaxis={"title": _years_axis(years, {"employed_q2_rate": "employed_q2_n",
                                                       "employed_q4_rate": "employed_q4_n"}, "no rate", by_year,
                                               {"employed_q4_rate": "4th-quarter rate",
                                                "employed_q2_rate": "2nd-quarter rate"}),
                          "dtick": 1, "gridcolor": style.GRID, "automargin": True},
                   yaxis={"title": "Employed, of those with wage records", "tickformat": ".0%", "range": [0, 1.02],
                          "gridcolor": style.GRID})


def breakdown(groups: pd.DataFrame, by: str, overall_gain: float, period: str) -> go.Figure:
    """Median hourly wage gain per group (bars, with 95% intervals) against the overall median (dashed line), the
    gap written on each bar; small n hatched. ``groups`` is ``with_gaps(workers.groups_of(figures, by), overall)``."""
    rows = groups.dropna(subset=["median_gain"]).sort_values("median_gain")
    small = rows["gain_n"].astype(float) < SMALL_N
    bars = plain_trace(
        go.Bar, x=rows["median_gain"], y=[f"{value} ({n_label(n)})" for value, n in zip(rows[by], rows["gain_n"],
                                                                                 strict=True)],
        orientation="h", marker={"color": [style.NO_REFERENCE_FILL if s else MAIN for s in small],
                                 "pattern": {"shape": ["/" if s else "" for s in small], "fgcolor": MUTED}},
        error_x={"type": "data", "symmetric": False, "array": rows["median_gain_high"] - rows["median_gain"],
                 "arrayminus": rows["median_gain"] - rows["median_gain_low"], "color": style.DIAGONAL},
        text=[f"gap {format_signed_dollars(gap)}" for gap in rows["gain_gap"]], textposition="inside",
        insidetextanchor="start", textfont={"color": [style.INK if s else "white" for s in small], "size": 11},
        hovertemplate="%{y}: median %{x:$.2f}<extra></extra>", showlegend=False,
    )
    overall = (None if math.isnan(overall_gain)
               else _vline(overall_gain, style.INK, f"overall {format_signed_dollars(overall_gain)}"))
    return _figure([bars], f"Median hourly wage gain by {by_label(by)}, exits {period}",
                   max(220, 130 + 42 * len(rows)), empty=rows.empty, line=overall,
                   xaxis=_gain_axis("Median hourly wage gain ($)" + _not_drawn(groups, by)),
                   yaxis={"title": None, "automargin": True})


def _not_drawn(groups: pd.DataFrame, by: str) -> str:
    """The groups a breakdown leaves out and why, for its axis title (" · not drawn: another gender (no completer
    with both wages)"): a group of 3 exiters none of whom completed was left off the chart without a word, while the
    table under it listed the group."""
    left_out = groups[groups["median_gain"].isna()]
    reasons = [f"{value} ({'hidden for privacy' if pd.isna(n) else 'no completer with both wages'})"
               for value, n in zip(left_out[by], left_out["gain_n"], strict=True)]
    return f" · not drawn: {'; '.join(reasons)}" if reasons else ""

