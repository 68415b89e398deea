"""Plotly traces made from numpy arrays: every chart builds its traces with ``plain_trace``.

Plotly checks a pandas Series given to a trace by passing it through narwhals before copying it into a read-only
array; a numpy array it copies at once. On 2026-12-05 a scatter of 78 partnerships (names, values, an interval, text)
took 5.8 ms from Series to its JSON and 4.5 ms from numpy arrays (plain lists: 5.0 ms, Plotly then copying them item
by item), and a Funding page rerun builds 42 traces. What reaches the browser is the same JSON
(``tests/test_traces.py``).
"""

from __future__ import annotations

from typing import Any, TypeVar

import pandas as pd
from plotly.basedatatypes import BaseTraceType

Trace = TypeVar("Trace", bound=BaseTraceType)

# numpy kinds a Series is handed over as: booleans, integers, floats and objects (text, None). Dates and times stay
# Series, for Plotly to write as it always has.
_PLAIN_KINDS = frozenset("biufO")


def plain(value: Any) -> Any:
    """``value`` as Plotly checks it fastest: a Series or Index of ``_PLAIN_KINDS`` as its numpy array, the values of
    a dict (a ``marker``, ``line`` or ``error_y``) likewise; anything else as it is. Lists are not looked into (a
    map's GeoJSON is one: walking it would cost more than it saves)."""
    if isinstance(value, (pd.Series, pd.Index)):
        values = value.to_numpy()
        return values if values.dtype.kind in _PLAIN_KINDS else value
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def plain_trace(kind: type[Trace], **properties: Any) -> Trace:
    """A trace of ``kind`` (``go.Bar``, ``go.Scatter``, ...) with ``properties``, its data given as ``plain``
    values."""
    return kind(**{name: plain(value) for name, value in properties.items()})
