"""Traces made from plain values (``charts/traces.py``) draw what the Series and arrays they were given hold."""

from __future__ import annotations

import base64
import json
import math
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


def drawn(figure: go.Figure) -> dict:
    """What reaches the browser: the figure's JSON as Streamlit writes it, typed arrays decoded."""
    def decoded(value):
        if isinstance(value, dict) and set(value) >= {"dtype", "bdata"}:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            shape = value.get("shape")
            return (array.reshape([int(n) for n in str(shape).split(",")]) if shape else array).tolist()
        if isinstance(value, dict):
            return {key: decoded(item) for key, item in value.items()}
        if isinstance(value, list):
            return [decoded(item) for item in value]
        return value

    spec = decoded(json.loads(pio.to_json(figure, validate=False)))
    return spec["data"]


def same(a, b) -> bool:
    """Equal as drawn: a missing value is missing whether written NaN (in a typed array) or null (in JSON)."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)
    def missing(value) -> bool:
        return value is None or (isinstance(value, float) and math.isnan(value))

    if missing(a) or missing(b):
        return missing(a) and missing(b)
    return a == b


def test_a_trace_of_plain_values_draws_what_the_series_held():
    rows = pd.DataFrame({"name": ["Lancaster", "York", None], "dollars": [1_250_000.5, np.nan, 0.0],
                         "grants": pd.array([3, pd.NA, 0], dtype="Int64"), "year": [2019, 2020, 2021],
                         "flag": [True, False, True]})
    kwargs = {"y": rows["name"], "x": rows["dollars"], "customdata": np.column_stack([rows["year"], rows["dollars"]]),
              "text": rows["grants"], "marker": {"color": rows["year"], "line": {"width": 1}}, "name": "Grants",
              "selectedpoints": rows.index[rows["flag"]]}
    made = plain_trace(go.Bar, **kwargs)
    assert same(drawn(go.Figure(made)), drawn(go.Figure(go.Bar(**kwargs))))
    # the numbers travel as JSON numbers, an unknown one as null (not a typed array, and not 0)
    sent = json.loads(pio.to_json(go.Figure(made), validate=False))["data"][0]
    assert sent["x"] == [1_250_000.5, None, 0.0]
    assert sent["y"] == ["Lancaster", "York", None]


def test_numbers_written_on_a_chart_stay_numbers():
    # given a list, Plotly would write each as Python's text of it: "3.0" and "nan" on the bars
    counts = pd.Series([3.0, np.nan, 0.0])
    sent = drawn(go.Figure(plain_trace(go.Bar, x=["a", "b", "c"], y=counts, text=counts, hovertext=counts)))[0]
    assert same(sent["text"], [3.0, None, 0.0]) and same(sent["hovertext"], [3.0, None, 0.0])
    labels = pd.Series(["$1.2M", "no grant", None])
    assert plain_trace(go.Bar, x=[1, 2, 3], text=labels).text == ("$1.2M", "no grant", None)


def test_plain_leaves_dates_geojson_and_text_as_they_are():
    dates = pd.Series(pd.to_datetime(["2024-01-01", "2024-04-01"]))
    assert isinstance(plain(dates), np.ndarray) and plain(dates).dtype.kind == "M"
    geojson = {"type": "FeatureCollection", "features": [{"id": "42071", "geometry": {"coordinates": [[[0, 0]]]}}]}
    assert plain(geojson) == geojson
    assert plain("Lancaster") == "Lancaster" and plain(3) == 3 and plain(None) is None
    assert plain(pd.Index(["a", "b"])) == ["a", "b"]


def test_every_chart_makes_its_traces_with_plain_trace():
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in sorted([*ROOT.glob("sectorscope/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"])
             if path != TRACES
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if TRACE_MADE_BY_HAND.search(line)]
    assert not found, "traces made without charts.traces.plain_trace:\n" + "\n".join(found)
