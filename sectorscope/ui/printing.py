"""What a page prints in place of what does not print: each county map as a picture of the same figure drawn on the
server (browsers print WebGL maps blank), and a scrolling table as a plain HTML table with every row and column
(the data grid prints only the rows and columns in view), which the browser builds from the table's text when it is
about to print.

Both are on the page hidden on screen and shown only in print (``ui.present.PRINT_CSS``); each sits where its map
or table is, so the printed page keeps its order. ``ui.render.render_chart`` and ``ui.showcase`` call
``render_print_figure`` for every chart they draw, so a page needs no code of its own for its maps.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import numbers
import pickle
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from sectorscope.export.printmap import figure_map_svg, figure_text, is_map
from sectorscope.present.formatting import (
    format_count,
    format_dollars,
    format_percent,
    format_points,
    format_shown_points,
)
from sectorscope.ui.data import database_signature
from sectorscope.ui.result_cache import ResultCache

PRINT_IMAGES = ResultCache(16 * 1024 * 1024)  # a printed map is an SVG of 20-90 kB: a few hundred views
PRINT_TABLES = ResultCache(16 * 1024 * 1024)  # a printed table's text is 1-300 kB
# How a printed table writes a number of each kind ("count", "percent", "dollars"), as the grids show them.
KIND_FORMATS: dict[str, Callable[[object], str]] = {
    "count": format_count, "percent": format_percent, "dollars": lambda value: format_dollars(value, cents=True),
    "rate_1": lambda value: format_percent(value, 1),  # DOL's WIOA reports give rates to one decimal
    "points": format_shown_points, "rate_gap": format_points}


def _values(values: Any) -> tuple:
    return tuple(values) if values is not None else ()


def figure_digest(figure: go.Figure) -> str:
    """What the printed picture of a map depends on besides the database: per trace its counties, values, colour
    scale and range, colour bar and legend entry; the figure's line layers. Not the shapes (the database's)."""
    parts: list[object] = []
    for trace in figure.data:
        if trace.type != "choroplethmap":
            continue
        bar = trace.colorbar
        parts.append((trace.name, trace.showscale, trace.showlegend, trace.zmin, trace.zmax,
                      tuple(map(str, _values(trace.locations))), tuple(map(str, _values(trace.z))),
                      tuple(map(tuple, _values(trace.colorscale))),
                      (bar.title.text, _values(bar.tickvals), _values(bar.ticktext), bar.tickformat, bar.dtick)
                      if bar is not None else None,
                      trace.marker.line.color if trace.marker is not None else None))
    layers = figure.layout.map.layers if figure.layout.map is not None else ()
    parts.append(tuple((layer.type, layer.color, len((layer.source or {}).get("features", ())))
                       for layer in layers or ()))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def render_print_figure(figure: go.Figure, key: str, where: Any = None) -> None:
    """For a county map: the picture of it drawn on the server, its title and source note as text, shown only in
    print. Other charts print as they are (Plotly draws them as SVG), so nothing is added for them."""
    if not is_map(figure):
        return
    svg = PRINT_IMAGES.get_or_compute((database_signature(), key, figure_digest(figure)),
                                      lambda: figure_map_svg(figure))
    title, note = figure_text(figure)
    with (where or st).container(key=f"print-map-{key}"):
        if title:
            st.html(f'<p class="sectorscope-print-title">{html.escape(title.replace(chr(10), " "))}</p>')
        st.image(svg)
        if note:
            st.html('<p class="sectorscope-print-note">'
                    + "<br>".join(html.escape(line) for line in note.splitlines()) + "</p>")


PRINT_LINE_CHARACTERS = 143  # characters of 7 pt text across a printed page (7.4 in), a little to spare
NUMBER = re.compile(r"[-+−]?\$?[\d,.]+(%| pts)?[KMB]?")


TextColumns = Mapping[str, Sequence[str]]  # a printed table's cells as text, column by column


def _text_columns(table: pd.DataFrame | TextColumns) -> dict[str, list[str]]:
    """A text table as plain lists per column, each read whole (``tolist``): stepping through a frame's cells one by
    one cost more than writing the printed table, most of all for Arrow-backed text."""
    if isinstance(table, pd.DataFrame):
        return {str(column): table[column].tolist() for column in table.columns}
    return {str(column): list(values) for column, values in table.items()}


def _is_number_column(values: Sequence[str]) -> bool:
    shown = set(values) - {""}  # each distinct text once: a column repeats most of its values
    return bool(shown) and all(NUMBER.fullmatch(value) for value in shown)


def _column_characters(heading: str, values: Sequence[str], is_number: bool) -> int:
    """How many characters wide a printed column must at least be: a number's full width (it is not wrapped), else
    the longest word of its values and heading (text wraps between words); plus the cell's padding."""
    distinct = set(values)
    longest = max((len(value) for value in distinct), default=0) if is_number else 0
    words = max((len(word) for text in [heading, *distinct] for word in text.split()), default=0)
    return max(words, longest) + 2


def column_groups(table: pd.DataFrame | TextColumns, pinned: int = 1, line_characters: int = PRINT_LINE_CHARACTERS,
                  number_columns: set[str] | None = None) -> list[list[str]]:
    """The columns of a text table in groups that each fit across a printed page, every group starting with the
    first ``pinned`` columns (what a row is): one group when the whole table fits. ``number_columns``: the columns
    holding numbers only, when the caller knows them already."""
    text = _text_columns(table)
    columns = list(text)
    if number_columns is None:
        number_columns = {column for column in columns if _is_number_column(text[column])}
    widths = {column: _column_characters(column, text[column], column in number_columns) for column in columns}
    kept, rest = columns[:pinned], columns[pinned:]
    groups: list[list[str]] = []
    current: list[str] = []
    for column in rest:
        if current and sum(widths[c] for c in kept + current) + widths[column] > line_characters:
            groups.append(kept + current)
            current = []
        current.append(column)
    groups.append(kept + current)
    return groups


def print_table_parts(table: pd.DataFrame | TextColumns, pinned: int = 1) -> dict:
    """A text table as the browser prints it, in parts that fit across a printed page (``column_groups``), each
    repeating the ``pinned`` columns: ``columns`` (headings), ``numeric`` (1 where a column holds numbers only:
    right-aligned on one line), ``cells`` (column by column, every row) and ``parts`` (per part, its column
    positions and, when there are several, a note saying which columns it holds). JSON-ready."""
    text = _text_columns(table)
    columns = list(text)
    number_columns = {column for column, values in text.items() if _is_number_column(values)}
    groups = column_groups(text, pinned, number_columns=number_columns)
    position = {column: index for index, column in enumerate(columns)}
    parts = [{"columns": [position[column] for column in group],
              "note": f"Table, part {index + 1} of {len(groups)} (too wide for one page): "
                      f"{', '.join(group[pinned:])}" if len(groups) > 1 else ""}
             for index, group in enumerate(groups)]
    return {"columns": columns, "numeric": [int(column in number_columns) for column in columns],
            "cells": [text[column] for column in columns], "parts": parts}


def print_table_source(table: pd.DataFrame | TextColumns, pinned: int = 1) -> str:
    """The element a printed table is built from: ``print_table_parts`` as JSON in an attribute, which the page's
    print script (``ui.present.CHARTS_SCRIPT``) makes into HTML tables when the browser is about to print.

    Why not the tables themselves: the browser sanitises every ``st.html`` body (DOMPurify) and lays it out on every
    page load and rerun, although it is hidden on screen. The WIOA table's printed copy on Worker outcomes (657 rows x
    27 columns on the demo, 22,000 elements) was 0.75-0.85 s of DOMPurify alone in a profile of one load; as text,
    the page is drawn in 4.92 s against 5.37 s (``benchmarks/bench_page_draw.py``, demo). Its text is set as text,
    never parsed as HTML."""
    # No "<" or ">" in the JSON (escaped as JSON allows): the sanitiser drops an attribute holding "-->" or
    # "</style"; in single quotes, only "&" and "'" need escaping (double quotes, everywhere in JSON, do not).
    data = (json.dumps(print_table_parts(table, pinned), ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "&amp;").replace("'", "&#39;"))
    return f"<div class=\"sectorscope-print-source\" data-table='{data}'></div>"


def _cell_text(value: object, write: Callable[[object], str] | None) -> str:
    """One cell as the printed table writes it: missing blank (``None``, NaN, pandas' ``NA`` and ``NaT``, never
    "<NA>"), a number with ``write`` (when given) formatted, anything else as text."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if write is not None and isinstance(value, numbers.Real) and not isinstance(value, bool):
        return write(value)
    return str(value)


def _printed_text(frame: pd.DataFrame, headings: Mapping[str, str],
                  formats: Mapping[str, Callable[[object], str]]) -> dict[str, list[str]]:
    """``frame``'s cells as the printed table writes them (``_cell_text``), column by column: numbers of a column
    in ``formats`` formatted, other values as text, missing values blank; columns named and ordered by
    ``headings``."""
    return {heading: _column_text(frame[column].tolist(), formats.get(column)) for column, heading in headings.items()}


def _column_text(values: list, write: Callable[[object], str] | None) -> list[str]:
    """``_cell_text`` of each value, each distinct value written once (a WIOA table's 17,000 cells repeat their
    counts: its printed copy took 60 ms cell by cell)."""
    written: dict[tuple[type, object], str] = {}  # by type too: 1, 1.0 and True are equal keys, written apart
    texts = []
    for value in values:
        key = (type(value), value)
        try:
            text = written[key]
        except KeyError:
            text = written[key] = _cell_text(value, write)
        except TypeError:  # an unhashable value (a list): written as it comes
            text = _cell_text(value, write)
        texts.append(text)
    return texts


def _content_digest(frame: pd.DataFrame, headings: Mapping[str, str], pinned: int) -> str:
    """A digest of everything a printed table shows but its number formats: the values (pandas' hash of each row),
    the columns and their types, the headings and the pinned columns. Not the pickled frame: pandas merges a new
    frame's column blocks in place when it is first read, so the same table kept in a cache pickled differently on
    its second view and was written again."""
    digest = hashlib.sha256(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    digest.update(pickle.dumps((list(map(str, frame.columns)), list(map(str, frame.dtypes)), tuple(headings.items()),
                                pinned), protocol=pickle.HIGHEST_PROTOCOL))
    return digest.hexdigest()


def render_print_table(frame: pd.DataFrame, key: str, headings: Mapping[str, str] | None = None,
                       formats: Mapping[str, Callable[[object], str]] | None = None, pinned: int = 1) -> None:
    """Every row and column of ``frame`` as plain tables shown only in print, in place of the data grid drawn
    just before it (hidden in print); ``key`` names it on the page. ``headings`` names and orders the columns
    (default: all, as they are), ``formats`` writes their numbers (text, such as "hidden (fewer than 10)", is
    printed as it is; missing values stay blank). A table wider than the page prints in parts, each repeating
    the first ``pinned`` columns (``print_table_parts``). The page carries the table's text only; the browser
    makes it into tables when it is about to print (``print_table_source``).

    That text is kept in ``PRINT_TABLES`` under a digest of the table's content, headings and formats, so a rerun
    showing the same table (a widget elsewhere on the page) does not write it again (0.1-0.2 s for the WIOA table
    on the demo)."""
    headings = headings or {column: str(column) for column in frame.columns}
    formats = formats or {}
    printed = PRINT_TABLES.get_or_compute(
        (_content_digest(frame, headings, pinned), tuple(formats.items())),  # the format functions themselves
        lambda: print_table_source(_printed_text(frame, headings, formats), pinned))
    # the grid's element is the one just before the wrapper of this table's container
    grid = f'[data-testid="stElementContainer"]:has(+ * > .st-key-print-table-{key})'
    with st.container(key=f"print-table-{key}"):
        st.html(f"<style>@media print {{ {grid} {{ display: none !important; }} }}</style>" + printed)
