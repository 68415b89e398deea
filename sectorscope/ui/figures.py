"""Finished figures kept per view, so a repeated view (a rerun, a page revisited with the same filters) shows its
charts without building them again.

Building a Plotly figure is most of a warm rerun (trace and layout validation); the figure for a view depends only
on the active database and on what the user chose. A figure is kept under (database signature, chart name, the
values it depends on) in a cache bounded in bytes. Kept figures are shared between sessions: callers hand them to
``st.plotly_chart`` (which copies them with ``to_dict``) and never change them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping

import numpy as np
import plotly.graph_objects as go

from sectorscope.ui.data import database_signature
from sectorscope.ui.result_cache import ResultCache, estimated_bytes

FIGURE_BUDGET_BYTES = 64 * 1024 * 1024  # a county map is ~0.1-0.3 MB, a bar chart a few kB: hundreds of views


def figure_bytes(figure: object) -> int:
    """Estimated memory of a figure: its traces' and layout's values summed, arrays by their buffers, Python
    numbers, strings, lists and dicts by CPython's sizes (a pointer plus the object); twice that, for the finished
    copy a shown figure keeps beside it (``ui.render.standalone_picture``: a reviewer found maps counted at half)."""
    if isinstance(figure, go.Figure):
        return 2 * (_held_bytes(figure._data) + _held_bytes(figure._layout))  # what it holds, without a copy
    return estimated_bytes(figure)


def _held_bytes(value: object) -> int:
    # exact type checks first: a county outline holds tens of thousands of floats, and ABC checks are slow
    kind = type(value)
    if kind is float or kind is int or kind is bool:
        return 32
    if kind is str:
        return 57 + len(value)
    if kind is list or kind is tuple:
        return 64 + sum(_held_bytes(item) for item in value)
    if kind is dict or isinstance(value, Mapping):
        return 240 + sum(_held_bytes(key) + _held_bytes(item) for key, item in value.items())
    if isinstance(value, np.ndarray):
        return int(value.nbytes) + 120
    return estimated_bytes(value)


FIGURES = ResultCache(FIGURE_BUDGET_BYTES, size_of=figure_bytes)


def cached_figure(name: str, depends_on: Hashable, build: Callable[[], go.Figure]) -> go.Figure:
    """The figure ``name`` for this view: kept from an earlier run with the same database and ``depends_on``, or
    ``build()`` now (and kept while it fits the budget).

    ``depends_on`` must hold every value the figure is made from besides the database: the selection, the mode,
    widget values, titles' inputs. Do not change the returned figure: it is shared with later runs.
    """
    return FIGURES.get_or_compute((database_signature(), name, depends_on), build)

