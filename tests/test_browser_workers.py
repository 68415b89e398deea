"""The Worker outcomes page in Debian's Chromium on the demo (fixtures in conftest.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from browser_support import (
    WAIT_MS,
    choose,
    distinct_colours,
    no_error_box,
    shot,
    wait_for_run,
    wait_until_charts_fit,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def wait_for_county_map(tab, timeout_ms: int = 60_000):
    """Wait until the page's one map (not its first chart) is drawn by MapLibre; return its chart element."""
    tab.wait_for_selector(".js-plotly-plot canvas.maplibregl-canvas", timeout=timeout_ms)
    tab.wait_for_function(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot')).some(plot =>
                 plot._fullLayout && plot._fullLayout.map && plot._fullLayout.map._subplot &&
                 plot._fullLayout.map._subplot.map && plot._fullLayout.map._subplot.map.loaded())""",
        timeout=timeout_ms)
    return tab.locator(".js-plotly-plot").filter(has=tab.locator("canvas.maplibregl-canvas")).first


def headline(tab, label: str) -> str:
    card = tab.get_by_test_id("stMetric").filter(has_text=label).first
    return card.get_by_test_id("stMetricValue").inner_text()


def test_worker_outcomes_page_draws_and_follows_a_filter(page, server):
    page.goto(server[0] + "/Worker_outcomes")
    wait_for_run(page)
    chart = wait_for_county_map(page)
    no_error_box(page)
    expect(page.get_by_role("heading", name="Worker outcomes").first).to_be_visible(timeout=WAIT_MS)
    assert distinct_colours(chart.screenshot()) > 8, "the county map looks empty"
    # its first tab ("Where wages rose"): the box, the map and the ranking; the other tabs wait
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(3, timeout=WAIT_MS)
    before = headline(page, "Mean hourly wage gain")
    assert before.startswith("+$")
    page.get_by_role("heading", name="Worker outcomes").scroll_into_view_if_needed()
    shot(page, "worker-outcomes")

    choose(page, "Sector", "Healthcare")
    page.wait_for_function("() => window.location.search.includes('sector=')")
    assert parse_qs(urlparse(page.url).query)["sector"] == ["HLTH"]
    page.wait_for_function("before => { const value = document.querySelector('[data-testid=\"stMetricValue\"]');"
                           " return value && value.innerText !== before; }", arg=before)
    assert headline(page, "Mean hourly wage gain") != before
    wait_for_county_map(page)
    no_error_box(page)
    page.get_by_role("heading", name="Worker outcomes").scroll_into_view_if_needed()
    shot(page, "worker-outcomes-healthcare")
    page.get_by_role("heading", name="Where wages rose").scroll_into_view_if_needed()
    shot(page, "worker-outcomes-where", full_page=False)


def test_titles_and_labels_fit_the_chart_on_a_phone_and_a_wide_screen(page, server):
    """The server wraps a chart's title for the narrowest width it is drawn at: three lines over a 722 px map at
    1920 px, and on a phone ("Partnerships ranked by median hourly wage gain, exits") cut at the chart's edge; the
    ranking's partnership names left its plot 60 px wide and were cut at the left ("adelphia Area Advanced…"). The
    browser wraps each title again for the chart's width and gives the ranking shorter names on a phone."""
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(server[0] + "/Worker_outcomes")
    wait_for_run(page)
    wait_for_county_map(page)
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(3, timeout=WAIT_MS)
    wait_until_charts_fit(page, "a title, a label or a note runs past a chart's edge at 390 px")
    page.set_viewport_size({"width": 1920, "height": 1000})
    wait_until_charts_fit(page, "at 1920 px the titles are not in the fewest lines that fit (the map's written in two)",
                          also="chart.width > 700 && (!chart.title.includes('by county') || chart.lines === 2) "
                               "&& (!chart.title.startsWith('Partnerships ranked') || chart.lines === 1)")
    no_error_box(page)


def test_empty_selection_shows_a_note_not_an_error(page, server):
    page.goto(server[0] + "/Worker_outcomes?sector=ENRG&years=2015-2015&county=42101")
    wait_for_run(page)
    no_error_box(page)
    expect(page.get_by_text("No participant left a program in this selection")).to_have_count(1, timeout=WAIT_MS)
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(0)


def test_a_table_under_a_chart_opens_from_the_keyboard_with_its_rows(page, server):
    """The tables under the charts are made when their expander opens (a rerun): opened with the keyboard, the
    county table comes with its rows and its download, stays open after a filter change and is open again after a
    visit to another page."""
    page.goto(server[0] + "/Worker_outcomes")
    wait_for_run(page)
    expander = page.get_by_test_id("stExpander").filter(has_text="Table: by county of residence").first
    expect(expander.get_by_test_id("stDataFrame")).to_have_count(0)
    summary = expander.locator("summary").first
    summary.focus()
    page.keyboard.press("Enter")
    expect(expander.get_by_test_id("stDataFrame")).to_have_count(1, timeout=WAIT_MS)
    expect(expander.get_by_test_id("stDownloadButton")).to_have_count(1, timeout=WAIT_MS)
    choose(page, "Sector", "Healthcare")
    page.wait_for_function("() => window.location.search.includes('sector=')")
    wait_for_run(page)
    expect(expander.get_by_test_id("stDataFrame")).to_have_count(1, timeout=WAIT_MS)
    no_error_box(page)
    # to another page in the menu and back (one session): the table is open again, the others still closed
    page.get_by_test_id("stSidebar").get_by_role("link", name="Partnerships").click()
    expect(page.get_by_role("heading", name="Partnerships", exact=False).first).to_be_visible(timeout=WAIT_MS)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Worker outcomes").click()
    wait_for_run(page)
    again = page.get_by_test_id("stExpander").filter(has_text="Table: by county of residence").first
    expect(again.get_by_test_id("stDataFrame")).to_have_count(1, timeout=WAIT_MS)
    closed = page.get_by_test_id("stExpander").filter(has_text="Table: by sector").first
    expect(closed.get_by_test_id("stDataFrame")).to_have_count(0)
    no_error_box(page)


def test_a_tab_opens_from_the_keyboard_and_stays_chosen(page, server):
    """The sections are tabs, made when chosen (a rerun): chosen with the keyboard, "For whom" comes with its chart
    and table, stays chosen after a filter change and is chosen again after a visit to another page."""
    page.goto(server[0] + "/Worker_outcomes")
    wait_for_run(page)
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(3, timeout=WAIT_MS)
    tab = page.get_by_role("tab", name="For whom")
    tab.focus()
    page.keyboard.press("Enter")
    expect(tab).to_have_attribute("aria-selected", "true", timeout=WAIT_MS)
    expect(page.get_by_role("heading", name="For whom")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(1, timeout=WAIT_MS)
    expect(page.get_by_role("heading", name="Where wages rose")).to_have_count(0)
    page.wait_for_function("() => window.location.search.includes('tab=for-whom')")  # a copied link reopens it
    choose(page, "Sector", "Healthcare")
    page.wait_for_function("() => window.location.search.includes('sector=')")
    wait_for_run(page)
    expect(page.get_by_role("tab", name="For whom")).to_have_attribute("aria-selected", "true", timeout=WAIT_MS)
    expect(page.get_by_role("heading", name="For whom")).to_be_visible(timeout=WAIT_MS)
    assert "tab=for-whom" in page.evaluate("() => window.location.search")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Partnerships").click()
    expect(page.get_by_role("heading", name="Partnerships", exact=False).first).to_be_visible(timeout=WAIT_MS)
    wait_for_run(page)
    assert "tab=" not in page.evaluate("() => window.location.search")  # another page's link names no tab
    page.get_by_test_id("stSidebar").get_by_role("link", name="Worker outcomes").click()
    wait_for_run(page)
    expect(page.get_by_role("tab", name="For whom")).to_have_attribute("aria-selected", "true", timeout=WAIT_MS)
    expect(page.get_by_role("heading", name="For whom")).to_be_visible(timeout=WAIT_MS)
    page.wait_for_function("() => window.location.search.includes('tab=for-whom')")
    no_error_box(page)


def test_a_link_naming_a_tab_opens_the_page_on_it(page, server):
    """A link copied on a tab (``?tab=over-time``), opened in a new session, opens the page on that tab with its
    filters."""
    page.goto(server[0] + "/Worker_outcomes?sector=HLTH&tab=over-time")
    wait_for_run(page)
    expect(page.get_by_role("tab", name="Over time")).to_have_attribute("aria-selected", "true", timeout=WAIT_MS)
    expect(page.get_by_role("heading", name="By calendar exit year", exact=False)).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_role("heading", name="Where wages rose")).to_have_count(0)
    assert "tab=over-time" in page.evaluate("() => window.location.search")
    no_error_box(page)
