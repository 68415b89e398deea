"""One palette and one chart layout: colours are named in ``charts/style.py`` and nowhere else."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.graph_objects as go

from sectorscope.charts import bars, employers, funding, industry, showcase, style

ROOT = Path(__file__).resolve().parents[1]
CODE = sorted([*ROOT.glob("sectorscope/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"])
STYLE = ROOT / "sectorscope" / "charts" / "style.py"
COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b(?![0-9a-fA-F])|(?<![\w.])rgba?\(|RGBColor\(\s*(?:0x|\d)")
# A chart module setting a title itself has a layout of its own. Maps have their own (``maps.map_layout``).
OWN_LAYOUT = re.compile(r"title=\{\"text\"|\"title\": \{\"text\": title")
OWN_LAYOUT_ALLOWED = {"maps.py", "style.py"}


def colour_literals(text: str) -> list[str]:
    """Each colour written as ``#rrggbb``, ``#rgb``, ``rgb(...)``, ``rgba(...)`` or python-pptx's
    ``RGBColor(0x.., ...)`` in ``text``."""
    return [match.group(0) for match in COLOUR.finditer(text)]


def test_the_scan_finds_colours_and_not_function_names():
    assert colour_literals('x = "#0072B2"; y = "rgba(0,1,2,0.5)"; z = "#fff"') == ["#0072B2", "rgba(", "#fff"]
    assert colour_literals("series.rgb = _rgb(value); issue #12") == []
    assert colour_literals("GREY = RGBColor(0x55, 0x5B, 0x66); EDGE = RGBColor( 208, 213, 223)") == [
        "RGBColor(0x", "RGBColor( 2"]
    assert colour_literals("RGBColor.from_string(hex_colour)") == []


def test_no_colour_literal_outside_the_style_module():
    found = [f"{path.relative_to(ROOT)}:{number}: {colour}" for path in CODE if path != STYLE
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             for colour in colour_literals(line)]
    assert not found, "colours written outside charts/style.py:\n" + "\n".join(found)


def test_chart_modules_use_the_one_layout_helper():
    own = [path.name for path in (ROOT / "sectorscope" / "charts").glob("*.py")
           if path.name not in OWN_LAYOUT_ALLOWED and OWN_LAYOUT.search(path.read_text(encoding="utf-8"))]
    assert not own, f"chart modules with a layout of their own: {own}"


def test_the_layout_puts_a_legend_above_between_title_and_plot():
    fig = go.Figure(go.Bar(x=[1], y=["a"]), layout=style.layout_of("Title", 300, legend="above"))
    assert fig.layout.title.text == "Title" and fig.layout.height == 300
    assert fig.layout.legend.y > 1 and fig.layout.margin.t > 50
    below = go.Figure(layout=style.layout_of("Title", 300, legend="below"))
    assert below.layout.legend.y < 0


def test_charts_of_every_module_share_the_title_and_font():
    import pandas as pd

    frame = pd.DataFrame({"name": ["a", "b"], "n": [3, 4]})
    figures = [
        bars.count_bar(frame, "name", "n", "Bars"),
        showcase.labelled_bars(frame, "name", "n", "Showcase", str),
        funding.changes_per_partnership_chart(frame.assign(changes=frame["n"], categories=""), "Funding"),
        employers.hires_chart(frame.assign(hires=frame["n"], hires_per_employer=1.0, employers_reporting=2), "name",
                              "Employers"),
        industry.shift_share_bars(pd.DataFrame(columns=["industry_title", "industry_code", "actual_change",
                                                        "reference_growth_effect", "industry_mix_effect",
                                                        "competitive_effect"]), "Industry"),
    ]
    for fig in figures:
        assert fig.layout.title.x == 0 and fig.layout.title.font.size == style.TITLE_FONT["size"]
        assert fig.layout.font.family == style.FONT["family"] and fig.layout.plot_bgcolor == "white"


def test_the_themes_primary_colour_is_the_style_modules():
    """The focus outline (ui/render.py) is drawn in the theme's red: one colour in two files, kept equal."""
    import tomllib

    from sectorscope.charts import style
    from sectorscope.config import PROJECT_ROOT

    theme = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    assert theme["primaryColor"] == style.THEME_PRIMARY


def _contrast_on_white(colour: str) -> float:
    """WCAG contrast ratio of ``colour`` (#rrggbb) on white."""
    return style.contrast_ratio(colour, style.WHITE)


def test_contrast_ratio_is_wcag_s():
    assert round(style.contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    assert round(style.contrast_ratio("#767676", "#ffffff"), 2) == 4.54  # WCAG's own smallest grey for 4.5:1
    assert style.contrast_ratio("#009E73", "#ffffff") < 4.5 < style.contrast_ratio("#009E73", style.INK)


def test_showcase_bar_labels_read_on_their_bar():
    """White labels on the Showcase's green bars read 3.4:1 (an accessibility reviewer)."""
    import pandas as pd

    from sectorscope.charts import showcase

    figure = showcase.yearly_bars(pd.DataFrame({"year": [2019, 2020], "people": [1200, 1500]}), "year", "people",
                                  "People who left a program, by year")
    bar = figure.data[0]
    assert style.contrast_ratio(bar.insidetextfont.color, bar.marker.color) >= 4.5
    assert style.contrast_ratio(bar.outsidetextfont.color, style.WHITE) >= 4.5


def test_chart_text_colours_read_at_4_5_to_1_on_white():
    """Ticks, axis titles and data labels were drawn in Streamlit's theme grey (3.7:1), published figures' labels in
    vermillion (3.9:1): an accessibility reviewer measured the SVG text."""
    for name in ("LABEL_TEXT", "REFERENCE_TEXT", "CAPTION_TEXT", "NOTE_TEXT", "ANNOTATION", "GAP_TEXT",
                 "DEMO_NOTICE_TEXT"):
        assert _contrast_on_white(getattr(style, name)) >= 4.5, name
    assert style.FONT["color"] == style.LABEL_TEXT


def test_a_finished_chart_sets_its_axes_legend_and_colour_bars_text_colour():
    """Streamlit's theme sets the axes' tick and title colours itself, so the layout's font colour alone is not
    enough: every axis, the legend and every colour bar get the text colour when the chart set none."""
    from sectorscope.export.figures import with_source

    figure = go.Figure([go.Bar(x=[1, 2], y=["a", "b"], orientation="h"),
                        go.Scatter(x=[1], y=[1], xaxis="x2", marker={"colorscale": "Blues", "showscale": True})],
                       layout={"xaxis2": {"title": {"text": "Second"}}, "yaxis": {"tickfont": {"color": "#0072B2"}}})
    figure = with_source(figure, title="T", view="v", source="s", is_demo=False)
    for axis in ("xaxis", "xaxis2"):
        assert figure.layout[axis].tickfont.color == style.LABEL_TEXT
        assert figure.layout[axis].title.font.color == style.LABEL_TEXT
    assert figure.layout.yaxis.tickfont.color == "#0072B2"  # a colour the chart chose stays
    assert figure.layout.legend.font.color == style.LABEL_TEXT
    assert figure.data[1].marker.colorbar.tickfont.color == style.LABEL_TEXT
    # a bar's markers draw no colour scale: none is made for it (giving it a font colour drew one beside every bar)
    assert "colorbar" not in figure.data[0].to_plotly_json().get("marker", {})
    mapped = go.Figure([go.Choroplethmap(locations=["a"], z=[1]), go.Choroplethmap(locations=["b"], z=[1],
                                                                                  showscale=False)])
    mapped = with_source(mapped, title="T", view="v", source="s", is_demo=False)
    assert mapped.data[0].colorbar.tickfont.color == style.LABEL_TEXT
    assert "colorbar" not in mapped.data[1].to_plotly_json()
