"""What building one chart costs, and what the figure cache saves on a repeated view.

    python benchmarks/bench_figure_build.py [--repeat 30] [--db DATABASE]

Times (median of ``--repeat``) for a typical grouped bar chart with 30 rows built four ways:

1. the old way: ``go.Figure()``, two ``add_trace`` calls, one ``update_layout`` with ``style.layout_of``'s layout
   (how the charts were built before; every chart is now built whole, as in 3);
2. the same with layout set piecewise (title, size, margins, axes, legend in six ``update_*`` calls);
3. one ``go.Figure(dict)`` with the whole spec (Plotly still validates every property);
4. ``go.Figure(dict, skip_invalid=True)`` (Plotly's cheaper path that drops unknown properties silently);

then a real builder of the app (``charts.employers.survey_shares_chart``), what ``st.plotly_chart`` does with the
figure (``to_dict`` and ``plotly.io.to_json``), and a figure cache hit. With ``--db``, a warm rerun of each page
that caches its figures (AppTest, query caches warm; median of three) with the figure cache emptied before the
rerun and kept. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import plotly.graph_objects as go  # noqa: E402
import plotly.io  # noqa: E402

from sectorscope.charts import employers, style  # noqa: E402
from sectorscope.ui.result_cache import ResultCache  # noqa: E402

LABELS = [f"Question {i} (n={i * 7})" for i in range(30)]
VALUES = [i / 30 for i in range(30)]
TITLE = "Share of surveyed employers reporting each gain"


def _traces() -> list[dict]:
    return [{"type": "bar", "y": LABELS, "x": VALUES, "orientation": "h", "name": name, "marker": {"color": colour},
             "text": [f"{v:.0%}" for v in VALUES], "textposition": "outside",
             "hovertemplate": "%{y}<br>%{x:.0%}<extra></extra>"}
            for name, colour in (("Published", "#999999"), ("In view", "#0072B2"))]


def _layout() -> dict:
    return {"title": {"text": TITLE, "x": 0, "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 8},
                      "font": style.TITLE_FONT},
            "height": 600, "font": style.FONT, "margin": {"l": 10, "r": 20, "t": 95, "b": 40},
            "plot_bgcolor": "white", "paper_bgcolor": "white", "legend": style.LEGEND_ABOVE, "barmode": "group",
            "xaxis": {"tickformat": ".0%", "range": [0, 1.15], "title": None, "gridcolor": style.GRID},
            "yaxis": {"title": None, "automargin": True}}


def house_way() -> go.Figure:
    fig = go.Figure()
    for trace in _traces():
        fig.add_trace(go.Bar(**{key: value for key, value in trace.items() if key != "type"}))
    layout = _layout()
    return fig.update_layout(style.layout_of(TITLE, 600, legend="above", barmode="group", xaxis=layout["xaxis"],
                                             yaxis=layout["yaxis"]))


def piecewise() -> go.Figure:
    fig = go.Figure()
    for trace in _traces():
        fig.add_trace(go.Bar(**{key: value for key, value in trace.items() if key != "type"}))
    layout = _layout()
    fig.update_layout(title=layout["title"])
    fig.update_layout(height=600, font=layout["font"])
    fig.update_layout(margin=layout["margin"], plot_bgcolor="white", paper_bgcolor="white")
    fig.update_layout(legend=layout["legend"], barmode="group")
    fig.update_xaxes(**layout["xaxis"])
    fig.update_yaxes(**layout["yaxis"])
    return fig


def one_dict() -> go.Figure:
    return go.Figure({"data": _traces(), "layout": _layout()})


def one_dict_skip_invalid() -> go.Figure:
    return go.Figure({"data": _traces(), "layout": _layout()}, skip_invalid=True)


def real_builder() -> go.Figure:
    shares = pd.DataFrame({"label": LABELS, "n": range(30), "share": VALUES, "published_share": VALUES})
    return employers.survey_shares_chart(shares, TITLE)


def _drawn(figure: go.Figure) -> dict:
    """The figure as drawn: an axis title set to None is an empty dict one way and absent the other."""
    spec = figure.to_dict()
    for axis in ("xaxis", "yaxis"):
        spec["layout"][axis] = {key: value for key, value in spec["layout"][axis].items() if value != {}}
    return spec


def _median_ms(build, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        build()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", type=Path, help="a database to rerun the pages on (e.g. a built demo)")
    args = parser.parse_args()
    assert _drawn(house_way()) == _drawn(one_dict())  # the same chart four ways
    figure = real_builder()
    cache = ResultCache(64 * 1024 * 1024)
    cache.get_or_compute("view", real_builder)
    rows = [("add_trace + one update_layout (the old way)", house_way),
            ("piecewise: six update_* calls", piecewise),
            ("go.Figure(dict) (validated)", one_dict),
            ("go.Figure(dict, skip_invalid=True)", one_dict_skip_invalid),
            ("real builder: survey_shares_chart", real_builder),
            ("st.plotly_chart's share: to_dict + to_json", lambda: plotly.io.to_json(figure.to_dict(), validate=False)),
            ("figure cache hit (repeated view)", lambda: cache.get_or_compute("view", real_builder))]
    print(f"| build (30-row grouped bar chart) | median ms of {args.repeat} |\n|---|---:|")
    for name, build in rows:
        print(f"| {name} | {_median_ms(build, args.repeat):.2f} |")
    if args.db:
        rerun_pages(args.db)


def rerun_pages(database: Path) -> None:
    """Seconds of a warm rerun per page: figures built again (cache emptied) against figures kept."""
    import os

    from streamlit.testing.v1 import AppTest

    from sectorscope.ui.figures import FIGURES

    os.environ.update({"SECTORSCOPE_DB": str(database), "SECTORSCOPE_MODE": "staff"})
    print("\n| page | charts | warm rerun, figures built (s) | warm rerun, figures kept (s) |\n|---|---:|---:|---:|")
    for page in ("app.py", "pages/1_Partnerships.py", "pages/2_Industry.py", "pages/4_Employer_outcomes.py",
                 "pages/5_Funding_and_systems_change.py"):
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        app.run()
        if page != "app.py":
            app.switch_page(page).run()
        built, kept = [], []
        for _ in range(3):
            FIGURES.clear()
            started = time.perf_counter()
            app.run()
            built.append(time.perf_counter() - started)
            started = time.perf_counter()
            app.run()
            kept.append(time.perf_counter() - started)
        print(f"| {page} | {len(app.get('plotly_chart'))} | {statistics.median(built):.2f} | "
              f"{statistics.median(kept):.2f} |")


if __name__ == "__main__":
    main()
