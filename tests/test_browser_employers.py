"""Browser tests of the Employer outcomes and Funding & systems change pages in Debian's Chromium (demo database;
fixtures in conftest.py): charts drawn, a filter change redraws them, no error box, screenshots saved."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from browser_support import (
    WAIT_MS,
    choose,
    no_error_box,
    shot,
    wait_for_chart,
    wait_for_run,
    wait_or_explain,
    wait_until_charts_fit,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = [("/Employer_outcomes", "employer-outcomes", "Median turnover by sector"),
         ("/Funding_and_systems_change", "funding-and-systems-change", "Grant dollars by start year")]


def chart_data(tab, title_part: str) -> str:
    return tab.evaluate("start => JSON.stringify(Array.from(document.querySelectorAll('.js-plotly-plot'))"
                        ".filter(p => p.layout && p.layout.title && p.layout.title.text.includes(start))"
                        ".map(p => p.data.map(t => [t.x, t.y])))", title_part)


@pytest.mark.parametrize(("path", "name", "chart"), PAGES)
def test_page_draws_its_charts_and_follows_the_sector_filter(page, server, path, name, chart):
    page.set_viewport_size({"width": 1400, "height": 3600})  # Streamlit scrolls inside the app: show it all
    page.goto(server[0] + path)
    wait_for_run(page)
    wait_for_chart(page, chart)  # Streamlit wraps titles in <b>, so match a part
    no_error_box(page)
    expect(page.get_by_text("Demo data (synthetic).").first).to_be_visible(timeout=WAIT_MS)
    before = chart_data(page, chart)
    shot(page, name)

    choose(page, "Sector", "Healthcare")
    page.wait_for_function("() => window.location.search.includes('sector=')")
    assert parse_qs(urlparse(page.url).query)["sector"] == ["HLTH"]
    page.wait_for_function("([start, before]) => JSON.stringify(Array.from(document.querySelectorAll("
                           "'.js-plotly-plot')).filter(p => p.layout && p.layout.title && "
                           "p.layout.title.text.includes(start)).map(p => p.data.map(t => [t.x, t.y]))) !== before",
                           arg=[chart, before], timeout=60_000)
    wait_for_chart(page, chart)
    no_error_box(page)
    shot(page, f"{name}-healthcare")


@pytest.mark.parametrize(("width", "beside"), [(1400, True), (1366, True), (1000, False)])
def test_charts_side_by_side_go_one_above_the_other_in_a_narrow_window(page, server, width, beside):
    """At a 1000 px window the scatter of each employer was drawn 208 px wide beside the groups' chart, its tick
    labels over its axis title and its colour bar's title cut: there the two go one above the other, each the main
    column's width; at 1400 px and a 1366 px laptop's window they stay side by side."""
    page.set_viewport_size({"width": width, "height": 1600})
    page.goto(server[0] + "/Employer_outcomes")
    wait_for_run(page)
    wait_for_chart(page, "Median turnover by sector")
    # the two charts' boxes and the main column's (the tab panel), read again until they settle (Plotly redraws a
    # chart at its column's new width after the columns wrap)
    layout = """([beside, least]) => {
        const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
        const find = start => plots.find(p => p.layout && p.layout.title && p.layout.title.text.includes(start));
        const [a, b] = [find('Each employer'), find('Median turnover by sector')];
        const panel = document.querySelector('[role=tabpanel]');
        if (!a || !b || !panel) return false;
        const [l, r, c] = [a.getBoundingClientRect(), b.getBoundingClientRect(), panel.getBoundingClientRect()];
        if (beside) return r.left >= l.right - 1 && Math.abs(r.top - l.top) < 200 && l.width >= least;
        return r.top >= l.bottom - 1 && Math.min(l.width, r.width) > c.width - 40;
    }"""
    page.wait_for_function(layout, arg=[beside, 340], timeout=WAIT_MS)
    no_error_box(page)


@pytest.mark.parametrize(("path", "name", "chart"), PAGES)
def test_on_a_phone_every_chart_keeps_its_title_labels_and_note_inside(page, server, path, name, chart):
    """At 390 px the Funding page's partnership names were cut at the charts' left edge ("…Advanced Manufacturing
    Careers Consortium"): shorter names there (``charts.style.narrow_names``), titles and notes laid out for the
    chart's real width."""
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(server[0] + path)
    wait_for_run(page)
    wait_for_chart(page, chart.split()[0])
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=WAIT_MS)
    wait_until_charts_fit(page, f"a title, a label or a note of {name} runs past its chart at 390 px")
    no_error_box(page)


# The earnings return chart's figures: its width, the leftmost name's left and the rightmost label's right (bar
# labels and labels beside zero), relative to the chart, and whether a label gives the gain per grant dollar
EARNINGS_RETURN = """() => { const plot = [...document.querySelectorAll('.js-plotly-plot')]
    .find((p) => p.layout && String(p.layout.title.text).includes('by partnership'));
  if (!plot || !plot.querySelector('.bartext')) return null;
  const box = plot.getBoundingClientRect();
  const lefts = [...plot.querySelectorAll('.ytick text')].map((t) => t.getBoundingClientRect().left - box.left);
  const labels = [...plot.querySelectorAll('.bartext, .textpoint text')];
  return {width: Math.round(box.width), nameLeft: Math.round(Math.min(...lefts)),
          labelRight: Math.round(Math.max(...labels.map((t) => t.getBoundingClientRect().right - box.left))),
          perDollar: labels.some((t) => t.textContent.includes('per grant $'))}; }"""


def test_on_a_phone_the_earnings_return_by_partnership_keeps_its_names_and_labels_inside(page, server):
    """At 390 px the Funding page's earnings return by partnership started its names 33-54 px left of the chart:
    its labels ("$1.4M · $0.70 per grant $") kept a right margin of 165 px of 358. There the gain alone (the gain per
    grant dollar in the hover), every name and label inside the chart; the whole labels again on a wide screen."""
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(server[0] + "/Funding_and_systems_change?tab=earnings-return")
    wait_for_run(page)
    page.get_by_role("radio", name="Partnership", exact=True).click()
    wait_for_chart(page, "by partnership")
    wait_or_explain(page, f"(() => {{ const chart = ({EARNINGS_RETURN})(); return chart && chart.nameLeft >= 0 "
                          "&& chart.labelRight <= chart.width && !chart.perDollar; })()", EARNINGS_RETURN,
                    "a name or a label of the earnings return runs past its chart at 390 px")
    page.set_viewport_size({"width": 1400, "height": 900})
    wait_or_explain(page, f"(() => {{ const chart = ({EARNINGS_RETURN})(); return chart && chart.width > 600 "
                          "&& chart.perDollar && chart.nameLeft >= 0 && chart.labelRight <= chart.width; })()",
                    EARNINGS_RETURN, "the earnings return's whole labels are not back at 1400 px")
    no_error_box(page)


# A chart the test draws into the page with the page's own Plotly: a title of its own markup, with what the server
# would put in its meta for the browser to wrap it again (export.figures.TITLE_FIT); its redraws counted
MARKUP_TITLE = "Hourly wage gain of completers <i>(real dollars)</i>"
DRAW_MARKUP_CHART = """(title) => {
  const div = document.createElement('div');
  document.querySelector('[data-testid="stMain"]').prepend(div);
  window.markupRedraws = 0;
  const fit = {text: title, authored_lines: 1, top_px: 50, pad_px: 8, lowered_px: 11, line_px: 20,
               character_px: 9.3, inset_px: 10};
  return window.Plotly.newPlot(div, [{x: [1], y: [1], type: 'bar'}], {
    width: 300, height: 300, margin: {t: 50}, meta: {title_fit: fit},
    title: {text: '<b>' + title + '</b>', x: 0, y: 1, yanchor: 'top', yref: 'container', pad: {t: 8}},
  }).then(() => { div.id = 'markup-chart'; div.on('plotly_afterplot', () => { window.markupRedraws += 1; }); });
}"""


def test_a_title_ending_in_its_own_markup_is_left_as_it_is(page, server):
    """The title is wrapped again for the chart's width by comparing it with what the browser shows: a title ending
    in a tag of its own ("</i>") was never found equal, gained a tag at every redraw and froze the tab (a reviewer).
    A line with markup is not wrapped: the title stays as it is, Streamlit's bold kept, and is never redrawn."""
    page.goto(server[0] + "/Employer_outcomes")
    wait_for_run(page)
    wait_for_chart(page, "Median turnover by sector")
    page.evaluate(DRAW_MARKUP_CHART, MARKUP_TITLE)
    page.wait_for_function("() => document.getElementById('markup-chart')", timeout=WAIT_MS)
    checks = page.evaluate("() => window.sectorscopeMapChecks")
    page.wait_for_function(f"() => window.sectorscopeMapChecks >= {checks + 20}", timeout=WAIT_MS)  # a second more
    title = page.evaluate("() => document.getElementById('markup-chart').layout.title.text")
    assert title == f"<b>{MARKUP_TITLE}</b>", title
    assert page.evaluate("() => window.markupRedraws") == 0
