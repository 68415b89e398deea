"""The Industry analysis page in Chromium on the demo database: charts drawn, a filter changed, no error box."""

from __future__ import annotations

import pytest
from browser_support import (
    WAIT_MS,
    choose,
    no_error_box,
    shot,
    wait_for_run,
    wait_or_explain,
    wait_until_charts_fit,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
MAP_PLOT = """() => [...document.querySelectorAll('.js-plotly-plot')].find(p => p._fullLayout && p._fullLayout.map)"""


def wait_for_industry_map(tab, timeout_ms: int = 60_000) -> None:
    """Wait until the page's map (not its first chart, a bubble chart) has been drawn by MapLibre."""
    tab.wait_for_selector(".js-plotly-plot canvas.maplibregl-canvas", timeout=timeout_ms)
    tab.wait_for_function(f"""() => {{ const plot = ({MAP_PLOT})();
        return plot && plot._fullLayout.map._subplot && plot._fullLayout.map._subplot.map &&
               plot._fullLayout.map._subplot.map.loaded(); }}""", timeout=timeout_ms)


def map_traces(tab) -> str:
    """The drawn map's traces: their names and how many counties each holds."""
    return tab.evaluate(f"() => JSON.stringify(({MAP_PLOT})().data.map(t => [t.name, t.locations.length]))")


def test_industry_page_draws_its_charts_and_follows_the_county_filter(page, server):
    base, _ = server
    page.set_viewport_size({"width": 1400, "height": 4400})  # Streamlit scrolls inside the page: show it all
    page.goto(f"{base}/Industry")
    wait_for_run(page)
    # the first tab: the ranking, a table; each other tab draws its own chart when chosen
    expect(page.get_by_role("heading", name="Industries ranked as target sectors")).to_be_visible(timeout=WAIT_MS)
    page.get_by_role("tab", name="Concentration and growth").click()
    page.get_by_text("Concentration and growth of Pennsylvania").first.wait_for(timeout=30_000)  # Plotly's title
    page.get_by_role("tab", name="Where one industry is concentrated").click()
    wait_for_industry_map(page)
    no_error_box(page)
    expect(page.locator(".js-plotly-plot")).to_have_count(1, timeout=WAIT_MS)  # the map alone
    state_map = map_traces(page)
    shot(page, "industry-state")

    choose(page, "County", "Lancaster")  # on the map's tab, which stays chosen
    page.wait_for_function("() => window.location.search.includes('county=')")
    wait_for_industry_map(page)
    no_error_box(page)
    assert "county=42071" in page.url
    assert map_traces(page) == state_map  # the map shows one industry across all counties either way
    page.get_by_role("tab", name="Concentration and growth").click()
    page.get_by_text("Concentration and growth of Lancaster County").first.wait_for(timeout=30_000)
    shot(page, "industry-lancaster")


def test_a_county_link_shows_strong_industries_without_a_partnership(page, server):
    base, _ = server
    page.goto(f"{base}/Industry?county=42007")  # Beaver: the demo plants a strong, unserved logistics industry
    wait_for_run(page)
    no_error_box(page)
    flag = page.get_by_test_id("stAlert").filter(has_text="Strong industries with no partnership")
    expect(flag).to_have_count(1, timeout=WAIT_MS)
    expect(flag).to_contain_text("Transportation and warehousing")
    page.get_by_test_id("stButtonGroup").get_by_role("radio", name="Pennsylvania", exact=True).click()
    wait_for_run(page)
    no_error_box(page)
    shot(page, "industry-beaver-against-pennsylvania")


def test_on_a_phone_each_tabs_chart_keeps_its_title_and_note_inside(page, server):
    """On a 390 px phone the map's title ("…location quotient by county, 2024") and the shift-share's source note
    ("All sectors · all counties · 20") ran past the chart's right edge: laid out for the chart's real width."""
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{server[0]}/Industry")
    wait_for_run(page)
    page.get_by_role("tab", name="Shift-share").click()
    page.get_by_text("Why employment changed").first.wait_for(timeout=30_000)  # Plotly's title
    wait_until_charts_fit(page, "a title, a label or a note of the shift-share runs past its chart at 390 px")
    page.get_by_role("tab", name="Where one industry is concentrated").click()
    wait_for_industry_map(page)
    wait_until_charts_fit(page, "the map's title or note runs past its chart at 390 px")
    no_error_box(page)


# The bubble chart's quadrant names: their boxes (relative to the chart), their lines and whether any two overlap
QUADRANT_NAMES = """() => { const plot = [...document.querySelectorAll('.js-plotly-plot')]
    .find((p) => p.layout && String(p.layout.title.text).includes('Concentration and growth'));
  if (!plot) return null;
  const box = plot.getBoundingClientRect();
  const names = [0, 1, 2, 3].map((index) => plot.querySelector(`.annotation[data-index="${index}"]`))
    .filter(Boolean).map((note) => note.getBoundingClientRect());
  const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  return {count: names.length, width: Math.round(box.width),
          inside: names.every((name) => name.left >= box.left && name.right <= box.right),
          overlapping: names.some((a, i) => names.some((b, j) => i < j && overlap(a, b))),
          lines: (plot.layout.annotations || []).slice(0, 4)
            .map((note) => String(note.text).split('<br>').length)}; }"""


def test_on_a_phone_the_bubble_charts_quadrant_names_lie_apart(page, server):
    """At 390 px the bubble chart's quadrant names lay over each other ("Concentrated and growing" over
    "Concentrated, shrinking"), its colour bar a quarter of the chart: there each name in two lines in 10 px, a
    slimmer colour bar, labels for a narrow plot (``charts.style.narrow_layout``); at 1400 px the chart's own again."""
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{server[0]}/Industry?tab=concentration-and-growth")
    wait_for_run(page)
    wait_or_explain(page, f"(() => {{ const chart = ({QUADRANT_NAMES})(); return chart && chart.count === 4 "
                          "&& chart.inside && !chart.overlapping && chart.lines.every((n) => n === 2); })()",
                    QUADRANT_NAMES, "the bubble chart's quadrant names overlap or leave the chart at 390 px")
    wait_until_charts_fit(page, "the bubble chart's title or note runs past its chart at 390 px")
    page.set_viewport_size({"width": 1400, "height": 900})
    wait_or_explain(page, f"(() => {{ const chart = ({QUADRANT_NAMES})(); return chart && chart.width > 600 "
                          "&& !chart.overlapping && chart.lines.every((n) => n === 1); })()",
                    QUADRANT_NAMES, "the bubble chart's quadrant names are not in one line again at 1400 px")
    no_error_box(page)
