"""Browser tests of public mode in Debian's Chromium: the Showcase as the landing page, at desktop and phone width,
checked with axe-core (0 serious or critical violations), and staff pages refused by URL."""

from __future__ import annotations

import json

import pytest
from browser_support import (
    ARTIFACTS,
    hosts_asked_elsewhere,
    no_error_box,
    running_app,
    serious_violations,
    shot,
    wait_for_run,
)
from playwright.sync_api import expect

from sectorscope.charts.style import CAPTION_TEXT, LABEL_TEXT

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1400, "height": 1000}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def public_server(demo_db, tmp_path_factory):
    """The app in public mode on the demo database."""
    log_path = tmp_path_factory.mktemp("public-server") / "streamlit.log"
    with running_app({"SECTORSCOPE_DB": str(demo_db), "SECTORSCOPE_MODE": "public"}, log_path) as running:
        yield running


@pytest.fixture(params=list(WIDTHS))
def public_page(request, browser, public_server):
    context = browser.new_context(viewport=WIDTHS[request.param])
    tab = context.new_page()
    yield tab, request.param
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        print("---- server log ----\n" + public_server[1].read_text()[-6000:])
    context.close()


def test_the_showcase_is_the_public_landing_page_and_passes_axe(public_page, public_server):
    tab, width = public_page
    elsewhere = hosts_asked_elsewhere(tab, public_server[0])
    tab.goto(public_server[0] + "/")
    wait_for_run(tab)
    heading = "Sector partnerships in the demo state (on Pennsylvania's counties)"  # never "in Pennsylvania"
    expect(tab.get_by_role("heading", name=heading)).to_be_visible(timeout=90_000)
    expect(tab).to_have_url(f"{public_server[0]}/Showcase", timeout=30_000)
    expect(tab.locator(".js-plotly-plot canvas.maplibregl-canvas")).to_be_visible(timeout=60_000)
    expect(tab.locator(".js-plotly-plot")).to_have_count(3)
    no_error_box(tab)
    expect(tab.get_by_text("Demo data (synthetic).")).to_be_visible()
    expect(tab.get_by_text("The middle hourly raise was highest in ")).to_be_visible()
    expect(tab.get_by_text("How we protect privacy")).to_be_visible()
    # a story's words opaque, in the captions' grey: Streamlit draws quotes at 60% (about 3.8:1, which axe missed)
    quote = tab.locator('[data-testid="stMain"] blockquote').first
    expect(quote).to_be_visible()
    opacity, color = quote.evaluate("""(q) => { let o = 1; for (let e = q; e; e = e.parentElement)
        o *= Number(getComputedStyle(e).opacity); return [o, getComputedStyle(q.querySelector('p') || q).color]; }""")
    red, green, blue = (int(CAPTION_TEXT[i:i + 2], 16) for i in (1, 3, 5))
    assert (opacity, color) == (1, f"rgb({red}, {green}, {blue})")
    # the page fits the screen: nothing wider than the viewport
    overflow = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the screen at {width}"
    # a public visitor's browser asks nothing of anyone but the app (its tab icon came from fonts.gstatic.com)
    assert elsewhere == set()
    violations = serious_violations(tab)
    shot(tab, f"showcase-{width}")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-showcase-{width}.json").write_text(json.dumps(violations, indent=1))
    assert violations == []


def test_a_link_picks_a_release_cell_and_the_data_is_one_click_away(public_page, public_server):
    tab, _ = public_page
    tab.goto(public_server[0] + "/Showcase?sector=HLTH&year=2019")
    wait_for_run(tab)
    expect(tab.get_by_text("Showing Whole state, Healthcare, 2019.")).to_be_visible(timeout=90_000)
    expander = tab.get_by_text("Show the data as a table").first
    expander.click()
    # the first data grid of a session loads its code then (took over 5 s with four browser tests at once)
    expect(tab.get_by_test_id("stDataFrame").first).to_be_visible(timeout=30_000)
    no_error_box(tab)
    assert serious_violations(tab) == []


def test_staff_pages_refuse_public_visitors_by_url(public_page, public_server):
    tab, _ = public_page
    tab.goto(public_server[0] + "/Worker_outcomes")
    wait_for_run(tab)
    expect(tab.get_by_text("This page is for state staff only.", exact=False)).to_be_visible(timeout=90_000)
    expect(tab.locator('[data-testid="stMetric"]')).to_have_count(0)
    assert serious_violations(tab) == []


def test_a_county_s_locked_choices_say_why_in_words_and_pass_axe(public_page, public_server):
    """With a county chosen, the Sector and Year choices are locked: their labels were greyed to 2.3:1 (axe) and why
    was only in a "?" tooltip (an accessibility reviewer)."""
    tab, width = public_page
    tab.goto(public_server[0] + "/Showcase?county=42071")
    wait_for_run(tab)
    expect(tab.get_by_text("The public table gives a county for all sectors or years together")).to_be_visible(
        timeout=90_000)
    no_error_box(tab)
    violations = serious_violations(tab)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-showcase-county-{width}.json").write_text(json.dumps(violations, indent=1))
    assert violations == []


# The font size of each card's value given in words ("Hidden for privacy", "None in this selection")
WORDS_CARD_FONTS = """() => [...document.querySelectorAll(
    '[class*="st-key-words-card-"] [data-testid="stMetricValue"]')]
  .map((value) => parseFloat(getComputedStyle(value).fontSize))"""


def test_a_value_hidden_for_privacy_is_readable_on_a_phone(public_page, public_server):
    """A card's value in words is smaller than a number's, a share of the window's width: on a phone it was drawn
    at 7 px (1.8% of 390 px), "hidden for privacy" unreadable (a reviewer); never below 16 px now."""
    tab, width = public_page
    tab.goto(public_server[0] + "/Showcase?region=R09&sector=TDL")
    wait_for_run(tab)
    expect(tab.locator('[class*="st-key-words-card-"] [data-testid="stMetricValue"]').first).to_be_visible(
        timeout=90_000)
    fonts = tab.evaluate(WORDS_CARD_FONTS)
    assert fonts and min(fonts) >= 16, (width, fonts)
    no_error_box(tab)


def test_a_focused_control_comes_to_rest_clear_of_the_header_at_200_percent_zoom(browser, public_server):
    """At 200% zoom (a 1280 x 800 window: 640 x 400 CSS px), Shift+Tab brought the Place box to rest under
    Streamlit's header, out of sight (an accessibility reviewer, WCAG 2.4.11); the main column's own focus ring was a
    1 px line at 1.5:1, and Plotly's toolbar icons were drawn at 1.7:1."""
    context = browser.new_context(viewport={"width": 640, "height": 400})
    tab = context.new_page()
    try:
        tab.goto(public_server[0] + "/Showcase")
        wait_for_run(tab)
        expect(tab.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
        main = tab.locator('[data-testid="stMain"]')
        main.evaluate("(m) => m.scrollTo(0, m.scrollHeight)")
        place = tab.get_by_role("combobox", name="Place")
        # from the first control below the filters' row, brought to rest just under the header, Shift+Tab goes back
        # into the row: the browser scrolls it only just into the column, where the header covered it
        place.evaluate("(box) => box.focus({preventScroll: true})")
        row_bottom = place.evaluate("(box) => box.getBoundingClientRect().bottom")
        for _ in range(10):
            tab.keyboard.press("Tab")
            if tab.evaluate("() => document.activeElement.getBoundingClientRect().top") > row_bottom + 5:
                break
        main.evaluate("(m) => { m.scrollTop += document.activeElement.getBoundingClientRect().top - 64; }")
        tab.keyboard.press("Shift+Tab")
        covered = tab.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return [hit === null || !(e.contains(hit) || hit.contains(e)), e.getAttribute('aria-label') || e.id]; }""")
        assert not covered[0], f"the focused control ({covered[1]}) lies under the page's header"
        tab.keyboard.press("Shift")  # keyboard modality: a focus shows its ring
        outline = main.evaluate("(m) => { m.focus(); const s = getComputedStyle(m); "
                                "return [m.matches(':focus-visible'), s.outlineWidth, s.outlineStyle]; }")
        assert outline == [True, "2px", "solid"], outline
        fills = tab.evaluate("() => [...document.querySelectorAll('.modebar-btn path')].map("
                             "p => getComputedStyle(p).fill)")
        grey, dark = (f"rgb({', '.join(str(int(colour[i:i + 2], 16)) for i in (1, 3, 5))})"
                      for colour in (CAPTION_TEXT, LABEL_TEXT))
        assert grey in fills and set(fills) <= {grey, dark}, set(fills)  # the tool in use darker
    finally:
        context.close()


def test_show_more_stories_takes_the_focus_to_the_first_new_story(browser, public_server):
    """"Show more stories" kept the focus, pushed below the window under the six stories it added, and the next Tab
    skipped them (an accessibility reviewer, WCAG 2.4.3): the first new story takes the focus, in view."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    try:
        tab.goto(public_server[0] + "/Showcase")
        wait_for_run(tab)
        more = tab.get_by_role("button", name="Show more stories")
        expect(more).to_be_visible(timeout=60_000)
        more.focus()
        tab.keyboard.press("Enter")
        seventh = tab.locator(".st-key-story-6")
        expect(seventh).to_be_focused(timeout=30_000)
        expect(seventh).to_be_in_viewport()
    finally:
        context.close()
