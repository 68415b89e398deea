"""Text alternatives for charts and maps: one or two plain sentences that say what the picture shows.

Pure functions, one per chart, so a screen reader (and anyone in a hurry) gets the same facts as the picture.
Hidden values are counted and named as hidden, never read as zero.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from sectorscope.present.formatting import (
    format_count,
    format_dollars,
    format_percent,
    format_relative_change,
)
from sectorscope.rounding import half_up


def _hidden_note(hidden: int, what: str, k: int) -> str:
    if not hidden:
        return ""
    noun = what if hidden != 1 else what.rstrip("s")
    return f" {hidden} {noun} hidden for privacy (fewer than {k} people, or it would give such a number away)."


def _unshown_notes(frame: pd.DataFrame, value: str, what: str, k: int) -> str:
    """Why bars are missing: hidden for privacy, or with nothing to count (no one there: not hidden). A frame
    without ``<value>_hidden`` (``release.story.wide`` gives it) counts every missing value as hidden."""
    missing = frame[value].isna()
    flag = f"{value}_hidden"
    hidden = frame[flag].fillna(False).astype(bool) if flag in frame else missing
    empty = int((missing & ~hidden).sum())
    noun = what if empty != 1 else what.rstrip("s")
    return _hidden_note(int(hidden.sum()), what, k) + (f" {empty} {noun} with no one to count." if empty else "")


def ranked_bars_summary(frame: pd.DataFrame, label: str, value: str, measure: str, formatter, what: str,
                        basis: str | None = None, basis_noun: str = "people", k: int = 10) -> str:
    """"Median hourly wage gain was highest in Healthcare, +$2.60, and lowest in Hospitality, +$1.10; 9 sectors,
    11,929 completers."

    ``frame`` has one row per bar (``label``, ``value`` — NaN when hidden — and optionally ``basis``, the count each
    bar rests on). With one shown bar it names it; with none it says so.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"sector": ["A", "B"], "gain": [2.6, 1.1], "n": [10, 20]})
    >>> ranked_bars_summary(frame, "sector", "gain", "Median hourly wage gain", lambda v: f"+${v:.2f}", "sectors",
    ...                     "n", "completers")
    'Median hourly wage gain was highest in A, +$2.60, and lowest in B, +$1.10; 2 sectors, 30 completers.'
    """
    shown = frame[frame[value].notna()]
    note = _unshown_notes(frame, value, what, k)
    if shown.empty:
        return f"No {what} can be shown.{note}"
    total = f", {format_count(shown[basis].sum())} {basis_noun}" if basis else ""
    if len(shown) == 1:
        row = shown.iloc[0]
        return f"{measure} was {formatter(row[value])} in {row[label]}; 1 of {len(frame)} {what} shown{total}.{note}"
    top = shown.loc[shown[value].idxmax()]
    bottom = shown.loc[shown[value].idxmin()]
    return (f"{measure} was highest in {top[label]}, {formatter(top[value])}, and lowest in {bottom[label]}, "
            f"{formatter(bottom[value])}; {len(shown)} {what}{total}.{note}")


def yearly_summary(frame: pd.DataFrame, year: str, value: str, measure: str, k: int = 10) -> str:
    """"People leaving training peaked in 2019 at 2,410; from 2016 to 2023, 16,442 in the years shown."

    ``frame`` has one row per year (``value`` NaN when hidden).
    """
    shown = frame[frame[value].notna()]
    note = _unshown_notes(frame, value, "years", k)
    if shown.empty:
        return f"No year can be shown.{note}"
    peak = shown.loc[shown[value].idxmax()]
    first, last = shown[year].min(), shown[year].max()
    return (f"{measure} peaked in {peak[year]} at {format_count(peak[value])}; from {first} to {last}, "
            f"{format_count(shown[value].sum())} in the years shown.{note}")


def partnership_map_summary(by_county: pd.DataFrame, place: str) -> str:
    """"34 of 67 counties are served by at least one public partnership; the most, 5, serve Lancaster County."

    ``by_county`` has county_name and partnerships (rows of ``partnerships_by_county``).
    """
    served = by_county[by_county["partnerships"] > 0]
    if served.empty:
        return f"No public partnership serves a county in {place} yet."
    most = served.loc[served["partnerships"].idxmax()]
    count = int(most["partnerships"])
    verb = "serves" if count == 1 else "serve"
    return (f"{len(served)} of {len(by_county)} counties in {place} are served by at least one public partnership; "
            f"the most, {count}, {verb} {most['county_name']}.")


def is_drawable(values: pd.Series) -> bool:
    """Is there anything for a chart to show (at least two finite values)? Else a short message replaces it."""
    finite = pd.to_numeric(values, errors="coerce").map(lambda v: not (v is None or math.isnan(v)))
    return int(finite.sum()) >= 2


MAX_TRACES_SAID = 4  # a chart's series read out; more are counted


def _listed(value: object) -> list:
    """An array property of a figure (None, a list, a tuple or a numpy array) as a list."""
    return [] if value is None else list(value)


def _numbers(values: object) -> np.ndarray:
    """An array property as floats, NaN where a value is missing or not a number."""
    try:
        return np.array([np.nan if value is None else value for value in _listed(values)], dtype=float)
    except (TypeError, ValueError):  # text among the values
        return pd.to_numeric(pd.Series(_listed(values)), errors="coerce").to_numpy(dtype=float)


def _axis_format(axis: dict) -> tuple[str, str]:
    """(tickformat, tickprefix) of a Plotly axis (its properties as a dict), empty where not set; "$" for an axis
    whose ticks are written out in dollars (``style.dollar_ticks``)."""
    prefix = axis.get("tickprefix") or ""
    if not prefix and any(str(text).lstrip("-").startswith("$") for text in _listed(axis.get("ticktext"))):
        prefix = "$"
    return axis.get("tickformat") or "", prefix


def _value_text(value: float, tickformat: str, prefix: str) -> str:
    """A value as its axis shows it, written by the formatter the cards use (so as its labels read): a share in
    percent with the axis's decimals (never 100% for 335 of 336), dollars with cents where the axis has them, a
    count above 100, else 3 significant digits; every one rounded a half away from zero, as d3 rounds."""
    decimals = re.search(r"\.(\d+)", tickformat)
    digits = int(decimals.group(1)) if decimals else 0
    if "%" in tickformat:
        return format_relative_change(value) if tickformat.startswith("+") else format_percent(value, digits)
    if prefix.endswith("$") or tickformat.startswith("$"):
        return format_dollars(value, cents=digits >= 2)
    return format_count(value) if abs(value) >= 100 else significant(value)


def significant(value: float, figures: int = 3) -> str:
    """``value`` to ``figures`` significant digits, rounded a half away from zero: 1.125 -> "1.13" (":.3g" wrote
    "1.12")."""
    if not math.isfinite(value) or value == 0:
        return f"{value:g}"
    digits = figures - 1 - math.floor(math.log10(abs(value)))
    if digits > 0 and abs(half_up(value, digits)) >= 10 ** (figures - digits):
        digits -= 1  # rounded up into the next power of ten: 99.95 is "100", not "100.0" (four figures)
    return f"{half_up(value, max(digits, 0)) + 0:,.{max(digits, 0)}f}" if digits > 0 else format_count(value)


def figure_summary(figure) -> str:
    """A chart in words for a screen reader, from the figure itself: its title, and for each series (up to
    ``MAX_TRACES_SAID``) how many values it has and which is highest and lowest, as the axis writes them ("Chart:
    Median wage gain by sector. Median: 9 values, highest Healthcare (+2.6), lowest Hospitality (1.1)."). A map says
    how many areas it colours and the range. Values the chart leaves out (missing) are not read as zero.

    Read from the figure's own property dicts (``_data``, ``_layout``, as ``ui.figures.figure_bytes`` does), not
    through Plotly's validating properties: that took about 1 ms a chart, every rerun of every chart."""
    data, layout = (figure["data"], figure.get("layout", {})) if isinstance(figure, dict) else (figure._data,
                                                                                                 figure._layout)
    title = (layout.get("title") or {}).get("text") or "untitled"
    parts = [f"Chart: {title.split('<br>')[0]}."]
    traces = [trace for trace in data if trace.get("visible", True) is not False]
    # labels written beside bars (text-only traces) are not series of their own
    traces = [trace for trace in traces if not (trace.get("type", "scatter") == "scatter"
                                                and trace.get("mode") == "text")]
    for trace in traces[:MAX_TRACES_SAID]:
        name = (trace.get("name") or "Values").split("<br>")[0]
        if trace.get("type") in ("choroplethmap", "choropleth", "choroplethmapbox"):
            values = pd.to_numeric(pd.Series(_listed(trace.get("z"))), errors="coerce").dropna()
            parts.append(f"Map of {len(values):,} areas" + (
                f", values {significant(values.min())} to {significant(values.max())}." if len(values)
                else " with no values."))
            continue
        horizontal = trace.get("orientation") == "h"
        labels = _listed(trace.get("y") if horizontal else trace.get("x"))
        raw = trace.get("x") if horizontal else trace.get("y")
        if raw is None or not labels:
            continue
        values = _numbers(raw)
        known = ~np.isnan(values)
        if not known.any():
            parts.append(f"{name}: no values shown.")
            continue
        tickformat, prefix = _axis_format(layout.get("xaxis" if horizontal else "yaxis") or {})
        high, low = int(np.nanargmax(values)), int(np.nanargmin(values))  # the first of equal values, as idxmax
        label = [str(text).split("<br>")[0] for text in labels]
        said = f"{name}: {int(known.sum()):,} values"
        if known.sum() > 1:
            said += (f", highest {label[high]} ({_value_text(values[high], tickformat, prefix)}), lowest "
                     f"{label[low]} ({_value_text(values[low], tickformat, prefix)})")
        else:
            said += f", {label[high]} ({_value_text(values[high], tickformat, prefix)})"
        parts.append(said + ".")
    if len(traces) > MAX_TRACES_SAID:
        parts.append(f"{len(traces) - MAX_TRACES_SAID} more series.")
    return " ".join(parts)
