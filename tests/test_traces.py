"""Traces made from numpy arrays (``charts/traces.py``) reach the browser as the Series they were given did."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from sectorscope.charts.traces import plain, plain_trace

ROOT = Path(__file__).resolve().parents[1]
TRACES = ROOT / "sectorscope" / "charts" / "traces.py"
TRACE_MADE_BY_HAND = re.compile(r"\bgo\.(Bar|Scatter|Box|Choropleth|Choroplethmap|Scattergeo|Heatmap|Pie|Histogram)\(")


def test_a_trace_of_arrays_sends_what_the_series_sent():
    rows = pd.DataFrame({"name": ["Lancaster", "York", None], "dollars": [1_250_000.5, np.nan, 0.0],
                         "grants": pd.array([3, pd.NA, 0], dtype="Int64"), "year": [2019, 2020, 2021],
                         "flag": [True, False, True], "kind": pd.Categorical(["a", "b", "a"]),
                         "day": pd.to_datetime(["2024-01-01", "2024-04-01", None])})
    kwargs = {"y": rows["name"], "x": rows["dollars"], "customdata": np.column_stack([rows["year"], rows["dollars"]]),
              "text": rows["grants"], "hovertext": rows["kind"], "name": "Grants",
              "marker": {"color": rows["year"], "line": {"width": 1}}, "selectedpoints": rows.index[rows["flag"]]}
    assert pio.to_json(go.Figure(plain_trace(go.Bar, **kwargs)), validate=False) == pio.to_json(
        go.Figure(go.Bar(**kwargs)), validate=False)
    dated = {"x": rows["day"], "y": rows["dollars"]}
    assert pio.to_json(go.Figure(plain_trace(go.Scatter, **dated)), validate=False) == pio.to_json(
        go.Figure(go.Scatter(**dated)), validate=False)


def test_plain_hands_series_over_as_arrays_and_leaves_the_rest():
    assert isinstance(plain(pd.Series([1.5, 2.0])), np.ndarray)
    assert plain(pd.Index(["a", "b"])).tolist() == ["a", "b"]
    dates = pd.Series(pd.to_datetime(["2024-01-01", "2024-04-01"]))
    assert plain(dates) is dates  # Plotly writes dates as it always has
    geojson = {"type": "FeatureCollection", "features": [{"id": "42071", "geometry": {"coordinates": [[[0, 0]]]}}]}
    assert plain(geojson) == geojson
    assert plain("Lancaster") == "Lancaster" and plain(3) == 3 and plain(None) is None
    assert isinstance(plain({"color": pd.Series([1, 2])})["color"], np.ndarray)


def test_every_chart_makes_its_traces_with_plain_trace():
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in sorted([*ROOT.glob("sectorscope/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"])
             if path != TRACES
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if TRACE_MADE_BY_HAND.search(line)]
    assert not found, "traces made without charts.traces.plain_trace:\n" + "\n".join(found)
