"""Plotly traces made from plain values: every chart builds its traces with ``plain_trace``.

Plotly checks a pandas Series or a numpy array given to a trace by passing it through narwhals and copying it into a
read-only array, about 0.5 ms per numeric column; a list of plain Python values it checks in a few microseconds. On
2026-12-05 ``go.Bar(x=series, y=series)`` of 30 rows took 1.32 ms and the same with lists 0.07 ms, and a Funding page
rerun builds 42 traces (22 ms of its 175). What is drawn is the same: a list reaches the browser as JSON numbers where
an array went as a base64 typed array (the same values; ``tests/test_traces.py``).
"""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np
import pandas as pd
from plotly.basedatatypes import BaseTraceType

Trace = TypeVar("Trace", bound=BaseTraceType)

# Properties Plotly writes as text: given a list, it turns each number into Python's text of it (3.0 -> "3.0", NaN ->
# "nan", drawn as such), where the browser writes an array's numbers itself ("3", nothing). Only text goes as a list.
_WRITTEN = frozenset({"text", "hovertext"})
# numpy kinds written as plain Python values: booleans, integers, floats and objects (text, None, pd.NA). Dates and
# times ('M', 'm') stay arrays: Plotly writes those as ISO text itself.
_PLAIN_KINDS = frozenset("biufO")


def plain(value: Any) -> Any:
    """``value`` as Plotly checks it fastest: a Series, Index or numpy array of ``_PLAIN_KINDS`` as a list (nested
    for a 2-D array), the values of a dict (a ``marker``, ``line`` or ``error_y``) likewise; anything else as it is.
    Lists are not looked into (a map's GeoJSON is one: walking it would cost more than it saves)."""
    if isinstance(value, (pd.Series, pd.Index)):
        value = value.to_numpy()
    if isinstance(value, np.ndarray):
        return value.tolist() if value.dtype.kind in _PLAIN_KINDS else value
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def _written(value: Any) -> Any:
    """A ``_WRITTEN`` property's values: ``plain`` when they are text, as they are when numbers."""
    values = value.to_numpy() if isinstance(value, (pd.Series, pd.Index)) else value
    return plain(values) if isinstance(values, np.ndarray) and values.dtype.kind == "O" else value


def plain_trace(kind: type[Trace], **properties: Any) -> Trace:
    """A trace of ``kind`` (``go.Bar``, ``go.Scatter``, ...) with ``properties``, its data given as ``plain``
    values (numbers written on the chart as they were given: ``_WRITTEN``)."""
    return kind(**{name: _written(value) if name in _WRITTEN else plain(value) for name, value in properties.items()})
