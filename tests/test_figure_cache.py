"""A repeated view does not build its figures again; a changed filter or widget does. Counted, not timed: every
miss of the figure cache is one call of a figure builder, every hit one builder not called."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest
from page_support import open_page
from test_qcew_tiny import tiny_qcew_database

from sectorscope.ui.figures import FIGURES, figure_bytes


@pytest.fixture(scope="module")
def tiny_qcew_db(tiny_db, tmp_path_factory):
    return tiny_qcew_database(tiny_db, tmp_path_factory.mktemp("figure-cache-industry"))


def _counts() -> tuple[int, int]:
    return FIGURES.stats.hits, FIGURES.stats.misses


def _charts(at) -> list[str]:
    return [chart.proto.spec for chart in at.get("plotly_chart")]


PAGES = [  # page, database, the filter widget changed (kind, key) and its new value
    ("app.py", "tiny_db", ("multiselect", "sectors"), ["MFG"]),
    ("pages/0_Showcase.py", "adversarial_db", ("selectbox", "release_sector"), "HLTH"),
    ("pages/1_Partnerships.py", "tiny_db", ("multiselect", "sectors"), ["MFG"]),
    ("pages/2_Industry.py", "tiny_qcew_db", ("multiselect", "sectors"), ["MFG"]),
    ("pages/3_Worker_outcomes.py", "tiny_db", ("multiselect", "sectors"), ["MFG"]),
    ("pages/4_Employer_outcomes.py", "tiny_db", ("multiselect", "sectors"), ["MFG"]),
    ("pages/5_Funding_and_systems_change.py", "tiny_db", ("multiselect", "sectors"), ["MFG"]),
]


CHART_TABS = {"pages/2_Industry.py": "Concentration and growth"}  # a tab with charts, where the first has none


@pytest.mark.parametrize(("path", "database", "widget", "value"), PAGES)
def test_a_repeated_view_reuses_its_figures_and_a_new_filter_builds_them(path, database, widget, value, request,
                                                                        monkeypatch):
    FIGURES.clear()
    at = open_page(path, request.getfixturevalue(database), monkeypatch, tab=CHART_TABS.get(path))
    first = _charts(at)
    assert first, f"{path} shows no chart on this database: nothing to count"
    hits, misses = _counts()

    at.run()  # the same view again
    assert not at.exception
    assert _counts() == (hits + len(first), misses), "a repeated view called a figure builder again"
    assert _charts(at) == first  # the same figures, not stale ones of another view

    kind, key = widget
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception
    changed = _charts(at)
    assert FIGURES.stats.misses - misses == len(changed), "a new filter must build every chart it shows"
    assert changed != first


def test_a_widget_rebuilds_only_the_chart_it_changes(tiny_db, monkeypatch):
    FIGURES.clear()
    at = open_page("pages/5_Funding_and_systems_change.py", tiny_db, monkeypatch, tab="Earnings return")
    shown = len(_charts(at))
    hits, misses = _counts()
    at.number_input(key="return_hours").set_value(1000).run()
    assert _counts() == (hits + shown - 1, misses + 1)  # the earnings-return chart only
    at.number_input(key="return_hours").set_value(2080).run()  # back to the first view: kept, not built
    assert _counts() == (hits + 2 * shown - 1, misses + 1)


def test_the_figure_cache_is_bounded_in_bytes_and_sizes_figures_by_what_they_hold():
    assert 0 < FIGURES.max_bytes <= 256 * 1024 * 1024
    outlines = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": f"42{i:03d}", "properties": {"name": f"County {i}"},
         "geometry": {"type": "Polygon", "coordinates": [[[-80 + i * 0.01 + j * 1e-4, 40 + j * 1e-4]
                                                          for j in range(200)]]}} for i in range(60)]}
    figures = [
        go.Figure(go.Scatter(x=np.arange(50_000, dtype=float), y=np.linspace(0, 1, 50_000))),
        go.Figure(go.Choropleth(geojson=outlines, locations=[f["id"] for f in outlines["features"]],
                                z=list(range(60)))),
        go.Figure(go.Bar(x=[f"Sector {i}" for i in range(30)], y=list(range(30))),
                  layout={"title": {"text": "Thirty bars"}}),
    ]
    for figure in figures:
        # half of the size is the figure, half the finished copy a shown figure keeps (ui.render.standalone_picture)
        size, text = figure_bytes(figure) / 2, len(figure.to_json())
        # memory is not text, but the same order: base64 arrays are 4/3 of their buffers, Python objects carry
        # overheads JSON does not; a size of the figure object alone (a few hundred bytes) would fail here
        assert text / 2 < size < text * 10, (size, text)


def made_again_only_for_a_new_filter(at, made: list, at_least: int) -> None:
    """After the first view of ``at`` made ``made`` (at least ``at_least``), a repeated view makes nothing more and a
    changed sector filter makes its own."""
    first = len(made)
    assert first >= at_least and not at.exception
    at.run()
    assert len(made) == first
    at.multiselect(key="sectors").set_value(["MFG"]).run()
    assert not at.exception and len(made) > first


def calls_of(monkeypatch, name: str) -> list:
    """Each call of ``ui.printing.<name>`` from now on (the call still runs)."""
    from sectorscope.ui import printing

    calls: list = []
    real = getattr(printing, name)
    monkeypatch.setattr(printing, name, lambda *args: (calls.append(args), real(*args))[1])
    return calls


@pytest.mark.parametrize("path", ["app.py", "pages/1_Partnerships.py", "pages/3_Worker_outcomes.py"])
def test_a_repeated_view_draws_no_print_map_again(path, tiny_db, monkeypatch):
    """Each map prints as a picture of itself drawn on the server (an SVG, ``export.printmap``): the first view
    draws it, a repeated view takes it from the bounded cache (``ui.printing.PRINT_IMAGES``), a new view draws its
    own."""
    from sectorscope.ui import printing

    printing.PRINT_IMAGES.clear()
    drawn = calls_of(monkeypatch, "figure_map_svg")
    made_again_only_for_a_new_filter(open_page(path, tiny_db, monkeypatch), drawn, at_least=1)


def test_a_repeated_view_writes_no_printed_table_again(tiny_db, monkeypatch):
    """Every data grid has a printed copy (``ui.printing.render_print_table``): the first view writes them, a
    repeated view takes them from the bounded cache (``PRINT_TABLES``), a changed filter writes its own."""
    from sectorscope.ui import printing

    printing.PRINT_TABLES.clear()
    written = calls_of(monkeypatch, "print_table_source")
    at = open_page("pages/3_Worker_outcomes.py", tiny_db, monkeypatch, years="2016-2019", tab="WIOA indicators")
    made_again_only_for_a_new_filter(at, written, at_least=2)  # its table and its periods
