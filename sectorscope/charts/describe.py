"""Text alternatives for charts and maps: one or two plain sentences that say what the picture shows.

Pure functions, one per chart, so a screen reader (and anyone in a hurry) gets the same facts as the picture.
Hidden values are counted and named as hidden, never read as zero.
"""

from __future__ import annotations

import html
import math
import re

import numpy as np
import pandas as pd

from sectorscope.present.formatting import (
    format_count,
    format_dollars,
    format_percent,
)
from sectorscope.rounding import half_up

MAX_TIED_NAMED = 3  # names read for a highest or lowest value several share; the rest are counted


def tied(names: list[str] | pd.Series, values, value: float, write=None) -> str:
    """The names of every value equal to ``value`` (a highest or lowest several share; equal as ``write`` writes
    them, where given: $2.781 and $2.779 both read $2.78), joined in words: "Berks County, Montgomery County and
    Philadelphia County", or the first ``MAX_TIED_NAMED`` "and 4 more". A summary naming one of three counties with
    the most partnerships told a screen reader it alone had them (a reviewer)."""
    names, numbers = list(names), np.asarray(values, dtype="float64")
    same = (np.array([np.isfinite(number) and write(number) == write(value) for number in numbers], dtype=bool)
            if write else numbers == value)
    shared = [str(names[index]) for index in np.flatnonzero(same)]
    if len(shared) > MAX_TIED_NAMED:
        return f"{', '.join(shared[:MAX_TIED_NAMED])} and {len(shared) - MAX_TIED_NAMED:,} more"
    return shared[0] if len(shared) == 1 else f"{', '.join(shared[:-1])} and {shared[-1]}"


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
    high, low = shown[value].max(), shown[value].min()
    if formatter(high) == formatter(low):
        return f"{measure} was {formatter(high)} in all {len(shown)} {what}{total}.{note}"
    return (f"{measure} was highest in {tied(shown[label], shown[value], high, formatter)}, {formatter(high)}, and "
            f"lowest in {tied(shown[label], shown[value], low, formatter)}, {formatter(low)}; {len(shown)} "
            f"{what}{total}.{note}")


def yearly_summary(frame: pd.DataFrame, year: str, value: str, measure: str, k: int = 10) -> str:
    """"People leaving training peaked in 2019 at 2,410; from 2016 to 2023, 16,442 in the years shown."

    ``frame`` has one row per year (``value`` NaN when hidden).
    """
    shown = frame[frame[value].notna()]
    note = _unshown_notes(frame, value, "years", k)
    if shown.empty:
        return f"No year can be shown.{note}"
    peak = shown[value].max()
    first, last = shown[year].min(), shown[year].max()
    return (f"{measure} peaked in {tied(shown[year], shown[value], peak)} at {format_count(peak)}; from {first} to "
            f"{last}, {format_count(shown[value].sum())} in the years shown.{note}")


def partnership_map_summary(by_county: pd.DataFrame, place: str) -> str:
    """"34 of 67 counties are served by at least one public partnership; the most, 5, serve Lancaster County."

    ``by_county`` has county_name and partnerships (rows of ``partnerships_by_county``).
    """
    served = by_county[by_county["partnerships"] > 0]
    if served.empty:
        return f"No public partnership serves a county in {place} yet."
    count = int(served["partnerships"].max())
    verb = "serves" if count == 1 else "serve"
    return (f"{len(served)} of {len(by_county)} counties in {place} are served by at least one public partnership; "
            f"the most, {count}, {verb} {tied(served['county_name'], served['partnerships'], count)}.")


def is_drawable(values: pd.Series) -> bool:
    """Is there anything for a chart to show (at least two finite values)? Else a short message replaces it."""
    finite = pd.to_numeric(values, errors="coerce").map(lambda v: not (v is None or math.isnan(v)))
    return int(finite.sum()) >= 2


MAX_TRACES_SAID = 4  # a chart's series read out; more are counted
MAX_GROUPS_LISTED = 12  # a box chart's groups read one by one; more are read as the highest and lowest median
MAP_TYPES = ("choroplethmap", "choropleth", "choroplethmapbox")
# d3-format's spec, as Plotly's hovertemplates and tickformats write it: [[fill]align][sign][symbol][0][width][,]
# [.precision][~][type]
D3_SPEC = re.compile(r"(?:.?[<>=^])?(?P<sign>[-+( ])?(?P<symbol>[$#])?0?\d*(?P<comma>,)?(?:\.(?P<precision>\d+))?~?"
                     r"(?P<kind>[a-z%]?)")
HOVER_FIELD = re.compile(r"%\{([^}:]+)(?::([^}]*))?\}")
LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _listed(value: object) -> list:
    """An array property of a figure (None, a list, a tuple or a numpy array) as a list; a single value as itself
    alone."""
    if value is None:
        return []
    if isinstance(value, str | bytes | int | float | dict):
        return [value]
    return list(value)


def _numbers(values: object) -> np.ndarray:
    """An array property as floats, NaN where a value is missing or not a number."""
    try:
        return np.array([np.nan if value is None else value for value in _listed(values)], dtype=float)
    except (TypeError, ValueError):  # text among the values
        return pd.to_numeric(pd.Series(_listed(values), dtype=object), errors="coerce").to_numpy(dtype=float)


def _number(value: object) -> float | None:
    """A value as a finite float, None for text that is no number, a missing or an infinite value."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def plain_text(text: object) -> str:
    """Chart text (a title, a label, a hover line) as plain words: tags dropped, entities read, each ``<br>`` a
    space, or a comma before a line set small under a label ("Employed<br><sup>n = 120</sup>" is "Employed, n =
    120"): "Median wage gain by county,<br>exits 2019" is "Median wage gain by county, exits 2019"."""
    said = ""
    for line in LINE_BREAK.split("" if text is None else str(text)):
        words = " ".join(html.unescape(re.sub(r"<[^>]*>", "", line)).split())
        if not words:
            continue
        small = re.match(r"\s*<(sup|sub|small)\b", line, re.IGNORECASE) and said[-1:] not in (",", ";", ":", "(")
        said = f"{said}{', ' if small else ' '}{words}" if said else words
    return said


def _d3_text(value: float, spec: str) -> str:
    """``value`` as a d3-format ``spec`` writes it (the charts' subset: "$,.2f", ".0%", "+,.0f", ",d", ",", ".2f"),
    by the formatters the cards use: rounded a half away from zero, a share that is not all never "100%", a count
    whole with thousands separators; else 3 significant digits."""
    match = D3_SPEC.fullmatch(spec or "")
    if match is None:
        return significant(value)
    kind, digits = match["kind"], None if match["precision"] is None else int(match["precision"])
    if kind == "%":
        text = format_percent(value, digits or 0)
    elif match["symbol"] == "$":
        text = format_dollars(value, cents=digits >= 2 if digits is not None else not float(value).is_integer())
    elif kind == "d" or (kind == "f" and digits == 0) or (kind == "" and digits is None and float(value).is_integer()):
        text = f"{half_up(value) + 0:{',' if match['comma'] else ''}.0f}"
    elif kind == "f":
        text = f"{half_up(value, digits or 6) + 0:{',' if match['comma'] else ''}.{digits or 6}f}"
    else:
        text = significant(value)
    # a value that rounds to nothing takes no sign, as the cards write it ("+0.0" read as a rise of nothing)
    signed = match["sign"] == "+" and not text.startswith("-") and any(digit in text for digit in "123456789")
    return ("+" if signed else "") + text


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
    if prefix.endswith("$") or tickformat.startswith("$"):
        decimals = re.search(r"\.(\d+)", tickformat)
        return format_dollars(value, cents=bool(decimals) and int(decimals.group(1)) >= 2)
    if tickformat:
        return _d3_text(value, tickformat)
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


def _axis_of(layout: dict, trace: dict, letter: str) -> dict:
    """The properties of the axis a trace's ``letter`` ("x" or "y") is drawn on (``xaxis2`` for a trace on "x2")."""
    name = trace.get(f"{letter}axis") or letter
    return layout.get(f"{letter}axis{name[1:]}") or {}


def _colorbar_of(trace: dict) -> dict:
    """The colour bar of a trace (a map's own, or its markers')."""
    return trace.get("colorbar") or (trace.get("marker") or {}).get("colorbar") or {}


def _title_of(thing: dict) -> str:
    """The title of an axis or colour bar in plain words ("" where it has none)."""
    title = thing.get("title")
    return plain_text(title.get("text") if isinstance(title, dict) else title)


def _meta(trace: dict) -> dict:
    """What a chart builder left for its summary in ``meta``: "formats" (d3 formats by "x", "y" or "z", where the
    hover shows a value through ``customdata``), "texts" (by "x" or "y": each point's value as the hover writes it,
    where the builder's own formatter writes it, e.g. "0.0%" for a change that rounds to nothing, unsigned, where
    d3's "+.1f" wrote "+0.0"), "values" (the numbers a map's colours stand for, where ``z`` is a shade of them: a
    log, clipped) and "labels" (each point's name, where the axis's label is not its own)."""
    meta = trace.get("meta")
    return meta if isinstance(meta, dict) else {}


def _hover_spec(trace: dict, letter: str) -> str:
    """The d3 format the trace's hovertemplate writes ``letter`` in ("%{x:$,.2f}" -> "$,.2f"), "" where it has
    none."""
    template = trace.get("hovertemplate")
    match = re.search(r"%\{" + letter + r":([^}]*)\}", template) if isinstance(template, str) else None
    return match.group(1) if match else ""


def _value_writer(trace: dict, letter: str, scale: dict, values: np.ndarray):
    """How the chart writes a value along ``letter`` ("x", "y", or "z" for colours; ``scale`` its axis or colour
    bar): as the builder wrote it (``meta``'s "texts"), in the format the builder named (``meta``'s "formats"), the
    hover's, or the axis's ticks' (with their prefix and suffix, "$" for ticks written in dollars); else a count,
    whole, where every value is whole, else 3 significant digits."""
    written: dict[float, str] = {}
    for value, text in zip(_numbers(trace.get(letter)), _listed((_meta(trace).get("texts") or {}).get(letter)),
                           strict=False):
        written.setdefault(float(value), plain_text(text))
    spec = (_meta(trace).get("formats") or {}).get(letter) or _hover_spec(trace, letter) or scale.get("tickformat")
    spec, prefix = spec or "", scale.get("tickprefix") or ""
    suffix = "" if "%" in spec else scale.get("ticksuffix") or ""
    if not prefix and not spec and any(str(text).lstrip("-").startswith("$")
                                       for text in _listed(scale.get("ticktext"))):
        spec = "$,.0f"  # dollars ticked "$500K": whole dollars, as the bars' labels
    if prefix.endswith("$") and "$" not in spec:
        spec, prefix = re.sub(r"^([-+( ]?)", r"\1$", spec or ",.0f", count=1), prefix[:-1]
    finite = values[np.isfinite(values)]
    whole = bool(finite.size) and bool(np.all(finite == np.round(finite)))

    def write(value: float) -> str:
        if float(value) in written:
            return written[float(value)]
        if spec:
            return prefix + _d3_text(value, spec) + suffix
        return prefix + (format_count(value) if whole or abs(value) >= 100 else significant(value)) + suffix
    return write


def _named_ticks(scale: dict) -> list[tuple[float, str]]:
    """An axis of positions named by its tick text (``tickvals`` 0, 1, 2 read "Employed", "In poverty", ...):
    (position, name) pairs; none for an axis whose tick text is numbers ("$500K", "1.2", "40%")."""
    values, texts = _listed(scale.get("tickvals")), _listed(scale.get("ticktext"))
    pairs = [(_number(value), plain_text(text)) for value, text in zip(values, texts, strict=False)]
    pairs = [(value, text) for value, text in pairs if value is not None]
    has_words = any(_number(re.sub(r"[$,%×KMB+\-\s]|&nbsp;", "", text)) is None and text for _, text in pairs)
    return pairs if has_words else []


def _is_categorical(values: list, scale: dict) -> bool:
    """Do these coordinates name categories (text, a category axis, or positions named by tick text)?"""
    if scale.get("type") in ("category", "multicategory") or _named_ticks(scale):
        return True
    return any(isinstance(value, str) and _number(value) is None for value in values)


def _category_labels(values: list, scale: dict) -> list[str]:
    """Each point's category as its axis names it: the tick text at its position, the label in plain words, or a
    number (a year) written whole."""
    ticks = _named_ticks(scale)
    labels = []
    for value in values:
        number = _number(value)
        if ticks and number is not None:
            position, text = min(ticks, key=lambda tick: abs(tick[0] - number))
            labels.append(text if abs(position - number) <= 0.5 else significant(number))
        elif number is None or isinstance(value, str):
            labels.append(plain_text(value))
        else:
            labels.append(f"{number:.0f}" if number.is_integer() else significant(number))
    return labels


def _point_value(trace: dict, key: str, index: int) -> object:
    """The value a hovertemplate field (``customdata[1]``, ``text``, ``location``, ``z``) takes at point ``index``."""
    column = re.fullmatch(r"customdata(?:\[(\d+)\])?", key)
    if column:
        rows = _listed(trace.get("customdata"))
        row = rows[index] if index < len(rows) else None
        if column.group(1) is None:
            return row
        items = _listed(row) if isinstance(row, list | tuple | np.ndarray) else []
        return items[int(column.group(1))] if int(column.group(1)) < len(items) else None
    values = trace.get({"location": "locations"}.get(key, key))
    if isinstance(values, str):
        return values
    items = _listed(values)
    return items[index] if index < len(items) else None


def _hover_lines(trace: dict, index: int) -> list[str]:
    """The lines of point ``index``'s hover (its hovertemplate filled in, or its hovertext), in plain words."""
    template = trace.get("hovertemplate")
    if not isinstance(template, str):
        texts = _listed(trace.get("hovertext"))
        template = str(texts[index]) if index < len(texts) else ""

    def field(match: re.Match) -> str:
        value = _point_value(trace, match.group(1), index)
        number = _number(value) if match.group(2) and not isinstance(value, str) else None
        return "" if value is None else _d3_text(number, match.group(2)) if number is not None else str(value)
    filled = HOVER_FIELD.sub(field, re.sub(r"<extra>.*?</extra>", "", template, flags=re.DOTALL))
    return [line for line in (plain_text(part) for part in LINE_BREAK.split(filled)) if line]


def _point_names(trace: dict, count: int) -> list[str] | None:
    """The name each point's hover opens with ("<b>%{customdata[0]}</b><br>..." -> a county, an employer), None
    where the hover does not open with a name."""
    template = trace.get("hovertemplate")
    if isinstance(template, str):
        fields = HOVER_FIELD.findall(LINE_BREAK.split(template)[0])
        if not fields or any(not re.fullmatch(r"customdata(\[\d+\])?|text|hovertext|location", key)
                             for key, _ in fields):
            return None
    elif not _listed(trace.get("hovertext")):
        return None
    names = [(_hover_lines(trace, index) or [""])[0] for index in range(count)]
    return names if all(names) else None


def _named(label: str, names: list[str] | None, index: int) -> str:
    return f"{label} ({names[index]})" if names else label


def _series_said(trace: dict, layout: dict) -> str | None:
    """Bars or markers along categories (on either axis: bars across, dumbbells) or a line over years: how many
    values, the highest and the lowest as the chart writes them; two numeric axes go to ``_points_said``."""
    xs, ys = _listed(trace.get("x")), _listed(trace.get("y"))
    if not xs or not ys:
        return None
    scales = {"x": _axis_of(layout, trace, "x"), "y": _axis_of(layout, trace, "y")}
    orientation, mode = trace.get("orientation"), trace.get("mode") or "lines+markers"
    x_named, y_named = _is_categorical(xs, scales["x"]), _is_categorical(ys, scales["y"])
    if orientation == "h" or (orientation != "v" and y_named and not x_named):
        category, value = "y", "x"
    elif orientation == "v" or x_named or trace.get("type") == "bar" or "lines" in mode:
        category, value = "x", "y"
    else:
        return _points_said(trace, layout, xs, ys)
    # a builder's own label for each point where the axis's would misname it (a published figure's row is labelled
    # with the selection's n: "Paid sick leave, n = 1,200 with both answers" for a study's share)
    labels = _meta(trace).get("labels") or _category_labels(ys if category == "y" else xs, scales[category])
    values = _numbers(xs if value == "x" else ys)
    name = plain_text(trace.get("name")) or _title_of(scales[value])
    lead = f"{name}: " if name else ""
    known = np.isfinite(values)
    if not known.any():
        return f"{lead}no values shown." if lead else "No values shown."
    write = _value_writer(trace, value, scales[value], values)
    texts = _listed(trace.get("text"))
    template = trace.get("hovertemplate") if isinstance(trace.get("hovertemplate"), str) else ""
    if "%{text}" in template and not _hover_spec(trace, value) and len(texts) == len(values):
        def write(_value: float, texts: list = texts, values: np.ndarray = values) -> str:  # the hover shows the label
            return plain_text(texts[int(np.flatnonzero(values == _value)[0])])
    high, low = int(np.nanargmax(values)), int(np.nanargmin(values))
    count = int(known.sum())
    if count == 1:
        return f"{lead}1 value, {labels[high]} ({write(values[high])})."
    if write(values[high]) == write(values[low]):  # "highest 2011 (1), lowest 2011 (1)" over three years of 1
        return f"{lead}{count:,} values, all {write(values[high])}."
    return (f"{lead}{count:,} values, highest {tied(labels, values, values[high], write)} ({write(values[high])}), "
            f"lowest {tied(labels, values, values[low], write)} ({write(values[low])}).")


def _points_said(trace: dict, layout: dict, xs: list, ys: list) -> str:
    """Points on two numeric axes (a scatter, bubbles): how many, and each axis's range by its title, as the chart
    writes its values, naming the points at the ends where their hover names them; what the colours stand for."""
    x, y = _numbers(xs), _numbers(ys)
    known = np.isfinite(x) & np.isfinite(y)
    name = plain_text(trace.get("name"))
    lead = f"{name}: " if name else ""
    if not known.any():
        return f"{lead}no points shown." if lead else "No points shown."
    names = _point_names(trace, len(x))
    ranges = []
    for letter, values in (("x", x), ("y", y)):
        scale = _axis_of(layout, trace, letter)
        write = _value_writer(trace, letter, scale, values[known])
        shown = np.where(known, values, np.nan)
        low, high = int(np.nanargmin(shown)), int(np.nanargmax(shown))
        title = _title_of(scale) or letter
        ranges.append(f"{title} {_named(write(values[low]), names, low)}" if known.sum() == 1 else
                      f"{title} from {_named(write(values[low]), names, low)} to "
                      f"{_named(write(values[high]), names, high)}")
    count = int(known.sum())
    colour = _title_of(_colorbar_of(trace)) if len(_listed((trace.get("marker") or {}).get("color"))) > 1 else ""
    return (f"{lead}{count:,} point{'s' if count != 1 else ''}; " + "; ".join(ranges)
            + (f"; colour: {colour}" if colour else "") + ".")


def _box_said(trace: dict, layout: dict) -> str | None:
    """Boxes: each group's median as the axis writes it (with n where the boxes are drawn from the people's own
    values; boxes drawn from percentiles name n in their labels), read from the top; many groups as the highest and
    lowest median."""
    horizontal = trace.get("orientation") == "h"
    group, value = ("y", "x") if horizontal else ("x", "y")
    name = plain_text(trace.get("name"))
    groups = _listed(trace.get(group))
    if trace.get("median") is not None:
        medians = _numbers(trace.get("median"))
        labels = _category_labels(groups, _axis_of(layout, trace, group)) if groups else [name] * len(medians)
        rows = [(label, None, median) for label, median in zip(labels, medians, strict=False)]
    else:
        samples = pd.Series(_numbers(trace.get(value)))
        keys = _category_labels(groups, _axis_of(layout, trace, group)) if groups else [name or "all"] * len(samples)
        by_group = samples.groupby(pd.Series(keys[:len(samples)]), sort=False)
        rows = [(label, int(values.count()), values.median()) for label, values in by_group]
    rows = [row for row in rows if _number(row[2]) is not None]
    if not rows:
        return None
    rows = rows[::-1] if horizontal else rows  # read from the top: Plotly draws the first group lowest
    write = _value_writer(trace, value, _axis_of(layout, trace, value), np.array([row[2] for row in rows]))
    said = [f"{label}{f' (n = {format_count(n)})' if n is not None else ''} {write(median)}"
            for label, n, median in rows]
    lead = f"{name}: " if name else ""
    boxes = f"{len(rows)} box{'es' if len(rows) != 1 else ''}"
    if len(rows) <= MAX_GROUPS_LISTED:
        return f"{lead}{boxes}, median{'s' if len(rows) != 1 else ''}: " + "; ".join(said) + "."
    high = max(range(len(rows)), key=lambda i: rows[i][2])
    low = min(range(len(rows)), key=lambda i: rows[i][2])
    return f"{lead}{boxes}, highest median {said[high]}, lowest {said[low]}."


def _grid_said(trace: dict, layout: dict) -> str | None:
    """A heatmap: how many cells are shaded (and the total where they count something), and the highest cell with
    its place on both axes, as the hover writes them."""
    z = np.array([_numbers(row) for row in _listed(trace.get("z"))], dtype=float)
    if not z.size or not np.isfinite(z).any():
        return None
    row, column = np.unravel_index(int(np.nanargmax(z)), z.shape)
    where = []
    for letter, index in (("x", column), ("y", row)):
        scale = _axis_of(layout, trace, letter)
        coordinates = _listed(trace.get(letter))
        if index < len(coordinates):
            number = _number(coordinates[index])
            where.append(f"{_title_of(scale) or letter} " + (
                _value_writer(trace, letter, scale, _numbers(coordinates))(number) if number is not None
                and not _is_categorical(coordinates, scale) else plain_text(coordinates[index])))
    known = z[np.isfinite(z)]
    write = _value_writer(trace, "z", _colorbar_of(trace), known)
    total = f", {format_count(known.sum())} in all" if np.all(known == np.round(known)) else ""
    name = plain_text(trace.get("name"))
    cells = f"{known.size:,} cell{'s' if known.size != 1 else ''}"
    return (f"{f'{name}: ' if name else ''}{cells} shaded{total}; the highest, {write(z[row, column])}, at "
            f"{' and '.join(where)}.")


def _map_said(trace: dict) -> tuple[str, str]:
    """A map trace as ("classes", "served: 5 areas; not served: 62 areas") where its colours stand for classes (no
    colour bar: a sector, a status), named by the trace or by what the hover says of every area in the class; or as
    ("series", "Partnerships: 67 areas, highest ... (12), lowest ... (0)") where they shade a value, read from the
    numbers it stands for (``meta``'s "values" where ``z`` is a shade of them) as the colour bar writes them."""
    locations = _listed(trace.get("locations"))
    z = _numbers(trace.get("z"))
    count = len(locations) or len(z)
    name = plain_text(trace.get("name"))
    if trace.get("showscale") is False:
        classes: dict[float, list[int]] = {}
        for index in range(count):
            classes.setdefault(z[index] if index < len(z) else np.nan, []).append(index)
        said = []
        for members in classes.values():
            hovers = [_hover_lines(trace, index)[1:] for index in members]  # each area's, less its name
            common = [line for line in hovers[0] if all(line in hover for hover in hovers[1:])]
            label = name if name and len(classes) == 1 else ", ".join(common) or name or "areas"
            said.append(f"{label}: {len(members):,} area{'s' if len(members) != 1 else ''}")
        return "classes", "; ".join(said)
    values = _numbers(_meta(trace).get("values")) if _meta(trace).get("values") is not None else z
    known = np.isfinite(values)
    measure = _title_of(_colorbar_of(trace)) or name or "Values"
    if not known.any():
        return "series", f"{measure}: {count:,} areas, no values shown."
    write = _value_writer(trace, "z", _colorbar_of(trace), values[known])
    names = _point_names(trace, len(values)) or [str(location) for location in locations]
    high, low = int(np.nanargmax(values)), int(np.nanargmin(values))
    if known.sum() == 1:
        return "series", f"{measure}: 1 area, {names[high]} ({write(values[high])})."
    if write(values[high]) == write(values[low]):
        return "series", f"{measure}: {int(known.sum()):,} areas, all {write(values[high])}."
    return "series", (f"{measure}: {int(known.sum()):,} areas, highest {tied(names, values, values[high], write)} "
                      f"({write(values[high])}), lowest {tied(names, values, values[low], write)} "
                      f"({write(values[low])}).")


def _layout_notes(layout: dict) -> tuple[list[str], list[str]]:
    """(reference lines, notes) written on a chart: an annotation at a line drawn across the plot names the line
    ("published mean +$2.00/hour"); any other is a note ("No group to show", a quadrant's name). The source line
    ``export.figures.with_source`` adds (a named annotation) is the page's caption, not the chart's."""
    lines = [shape for shape in _listed(layout.get("shapes")) if shape.get("type") == "line"]
    references, notes = [], []
    for note in _listed(layout.get("annotations")):
        text = plain_text(note.get("text"))
        if not text or note.get("name") or note.get("visible") is False:
            continue
        at_line = any(shape.get(f"{axis}ref") == note.get(f"{axis}ref") and note.get(axis) is not None
                      and shape.get(f"{axis}0") == shape.get(f"{axis}1") == note.get(axis)
                      and not str(note.get(f"{axis}ref")).startswith("paper") for shape in lines for axis in ("x", "y"))
        (references if at_line else notes).append(text)
    return references, notes


def _has_points(trace: dict) -> bool:
    """Does a trace place anything on the plot (a number or a category on either axis)? A legend entry drawn with
    ``x=[None]`` does not."""
    coordinates = _listed(trace.get("x")) + _listed(trace.get("y"))
    return any(isinstance(value, str) or _number(value) is not None for value in coordinates)


def _sentence(text: str) -> str:
    """``text`` opening with a capital, as a sentence of the summary ("this selection, after: ..." -> "This
    selection, after: ...")."""
    return text[:1].upper() + text[1:]


def figure_summary(figure, title: str | None = None) -> str:
    """A chart in words for a screen reader, from the figure itself: its title, and for each series (up to
    ``MAX_TRACES_SAID``) what it shows as the chart writes it ("Chart: Median wage gain by sector. Median: 9 values,
    highest Healthcare (+$2.60), lowest Hospitality ($1.10)."): categories on either axis (bars across, dumbbells),
    points on two numeric axes by their ranges, boxes by their medians, a heatmap by its highest cell, a map by its
    areas (how many in each class, or the range of the value it shades); then its legend's keys, its reference lines
    and notes. Lines that join markers and labels beside bars are not series; values the chart leaves out (missing)
    are not read as zero.

    Read from the figure's own property dicts (``_data``, ``_layout``, as ``ui.figures.figure_bytes`` does), not
    through Plotly's validating properties: that took about 1 ms a chart, every rerun of every chart. ``title`` names
    a chart that has no title of its own (a slide's, under the slide's heading)."""
    data, layout = (figure["data"], figure.get("layout", {})) if isinstance(figure, dict) else (figure._data,
                                                                                                 figure._layout)
    # a slide's chart has no title of its own (the slide's heading names it): ``title`` then, never "untitled"
    title = _title_of(layout) or plain_text(title) or "untitled"
    series, classes, keys, references = [], [], [], []
    for trace in data:
        if trace.get("visible", True) is not True:  # hidden, or in the legend only
            continue
        kind, mode = trace.get("type") or "scatter", trace.get("mode") or "lines+markers"
        name = plain_text(trace.get("name"))
        if kind in MAP_TYPES:
            bucket, said = _map_said(trace)
            (classes if bucket == "classes" else series).append(said)
        elif kind == "box":
            series.append(_box_said(trace, layout))
        elif kind == "heatmap":
            series.append(_grid_said(trace, layout))
        elif kind.startswith("scatter") and mode == "text":
            continue  # labels written beside bars
        elif not _has_points(trace):
            drawn = _listed(trace.get("x")) or _listed(trace.get("y"))  # x=[None]: a legend entry; x=[]: nothing
            if name and drawn and trace.get("showlegend") is not False:
                keys.append(name)  # a legend entry with no point of its own ("Ring: a partnership serves it")
        elif kind.startswith("scatter") and "markers" not in mode and trace.get("hoverinfo") == "skip":
            if name and trace.get("showlegend") is not False:
                references.append(name)  # a guide ("No change", a published mean), not data
            # else a line joining a before and an after marker
        else:
            series.append(_series_said(trace, layout))
    series = [_sentence(said) for said in series if said]
    line_names, notes = _layout_notes(layout)
    references += line_names
    parts = [f"Chart: {title}.", *series[:MAX_TRACES_SAID]]
    if len(series) > MAX_TRACES_SAID:
        parts.append(f"{len(series) - MAX_TRACES_SAID} more series.")
    if classes:
        parts.append(_sentence("; ".join(classes)) + ".")
    if keys:
        parts.append("Legend: " + "; ".join(keys) + ".")
    if references:
        parts.append(f"Reference line{'s' if len(references) != 1 else ''}: " + "; ".join(references) + ".")
    if notes:
        parts.append("On the chart: " + "; ".join(note.rstrip(".") for note in notes) + ".")
    return " ".join(parts)
