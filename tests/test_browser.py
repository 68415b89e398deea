"""Browser tests of the Overview and Partnerships pages in Debian's Chromium (fixtures in conftest.py)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from browser_support import (
    WAIT_MS,
    choose,
    distinct_colours,
    hosts_asked_elsewhere,
    map_values,
    no_error_box,
    page_url_path,
    shot,
    wait_for_cards,
    wait_for_chart,
    wait_for_map,
    wait_for_run,
    wait_or_explain,
    wait_until_drawings_quiet,
)
from playwright.sync_api import expect

from sectorscope.charts.style import NARROW_CHART_PX
from sectorscope.ui.menu import PAGES

pytestmark = pytest.mark.browser

# Card labels and values the browser cuts off (wider than their box): none, at any width (ui.render.CARD_CSS).
CUT_OFF_CARD_TEXT = """() => [...document.querySelectorAll(
    '[data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMetricValue"] div, '
    + '[data-testid="stMetricDelta"] div')]
  .filter((element) => element.scrollWidth > element.clientWidth + 1).map((element) => element.innerText)"""


# The computed font size (px) of the value of the card whose label includes the given text.
CARD_VALUE_FONT_PX = """(label) => {
  const card = [...document.querySelectorAll('[data-testid="stMetric"]')]
    .find((metric) => metric.querySelector('[data-testid="stMetricLabel"]').innerText.includes(label));
  return parseFloat(getComputedStyle(card.querySelector('[data-testid="stMetricValue"]')).fontSize); }"""


def assert_no_card_text_cut_off(page, width: int) -> None:
    """Wait (retrying: the page may still be laying out) until no card text is cut off at ``width``; name what is."""
    wait_or_explain(page, f"window.innerWidth === {width} && ({CUT_OFF_CARD_TEXT})().length === 0",
                    CUT_OFF_CARD_TEXT, f"cut off at {width} px")


@pytest.mark.parametrize(("path", "name"), [("/", "overview"), ("/Partnerships", "partnerships")])
def test_page_loads_with_a_drawn_map_and_the_demo_notice(page, server, path, name):
    page.goto(server[0] + path)
    wait_for_run(page)
    chart = wait_for_map(page)
    no_error_box(page)
    expect(page.get_by_text("Demo data (synthetic).").first).to_be_visible(timeout=WAIT_MS)
    assert distinct_colours(chart.screenshot()) > 8, "the map looks empty"
    if name == "overview":  # the directory has no cards; a partnership's profile has
        wait_for_cards(page)
    # no card's label or value is cut off, at 1400 px and in a narrower window (at 1024 px most Overview labels were)
    assert_no_card_text_cut_off(page, 1400)
    if name == "overview":  # a category in words is set smaller than a number (it filled four lines of its card)
        labels = ("Most common change", "Participants who exited")
        for label in labels:  # both drawn first: read at once, one card was not there yet on a busy machine
            expect(page.get_by_test_id("stMetric").filter(has_text=label).first).to_be_visible(timeout=WAIT_MS)
        words, number = (page.evaluate(CARD_VALUE_FONT_PX, label) for label in labels)
        assert words < 0.75 * number, (words, number)
    shot(page, name)
    page.set_viewport_size({"width": 1024, "height": 1000})
    assert_no_card_text_cut_off(page, 1024)


# The card values that are one word (a number: "6,455,133", "+$2.34") yet span more than one line: broken inside.
BROKEN_NUMBERS = """() => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
  .filter((value) => !/\\s/.test(value.innerText.trim()))
  .filter((value) => { const range = document.createRange(); range.selectNodeContents(value);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size > 1; })
  .map((value) => value.innerText)"""


@pytest.mark.parametrize("path", ["/Industry", "/"])
def test_no_card_number_breaks_across_lines_in_a_1000_px_window(page, server, path):
    """At a 1000 px window the Industry page's four cards were 125 px wide and "Jobs, 2024" read "6,455,13" above
    "3": a row of four cards goes two and two there (``ui.render.FOUR_CARDS``), and no number breaks; at 1400 px the
    four stay in one row."""
    page.set_viewport_size({"width": 1000, "height": 1200})
    page.goto(server[0] + path)
    wait_for_run(page)
    expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=WAIT_MS)
    wait_or_explain(page, f"({BROKEN_NUMBERS})().length === 0", BROKEN_NUMBERS, "broken across lines at 1000 px")
    first_row = "() => [...document.querySelectorAll('[data-testid=stMetric]')].slice(0, 4).map((m) => " \
                "Math.round(m.getBoundingClientRect().top))"
    # two rows of two, once the four are drawn (a CI run looked when two were)
    wait_or_explain(page, f"(() => {{ const tops = ({first_row})(); return tops.length === 4 "
                          "&& new Set(tops).size === 2; })()", first_row, "not two rows of two cards at 1000 px")
    page.set_viewport_size({"width": 1400, "height": 1200})
    page.wait_for_function(f"() => new Set(({first_row})()).size === 1", timeout=WAIT_MS)  # one row of four
    no_error_box(page)


# The Partnerships map's view: the zoom Plotly keeps, the server's fit (charts.maps.MAP_FIT), MapLibre's own zoom,
# whether the box fitted lies inside what the map shows, and the map's width
MAP_VIEW = """() => { const plot = [...document.querySelectorAll('.js-plotly-plot')]
    .find((p) => p._fullLayout && p._fullLayout.map && p._fullLayout.map._subplot);
  if (!plot) return null;
  const layout = plot._fullLayout, map = layout.map._subplot.map, fit = layout.meta.map_fit;
  const [[west, south], [east, north]] = map.getBounds().toArray();
  const [w, s, e, n] = fit.bounds;
  return {zoom: layout.map.zoom, live: map.getZoom(), server: fit.zoom, width: map.getContainer().clientWidth,
          moving: map.isMoving(),
          whole: west <= w && south <= s && east >= e && north >= n}; }"""


# Each zoom the map is drawn at, in order (read once a frame from MapLibre)
ZOOMS_DRAWN = """window.sectorscopeZoomsDrawn = [];
const sectorscopeWatchZoom = () => {
  const plot = [...document.querySelectorAll('.js-plotly-plot')]
    .find((p) => p._fullLayout && p._fullLayout.map && p._fullLayout.map._subplot);
  if (plot) {
    const zoom = plot._fullLayout.map._subplot.map.getZoom(), drawn = window.sectorscopeZoomsDrawn;
    if (!drawn.length || drawn[drawn.length - 1] !== zoom) drawn.push(zoom);
  }
  requestAnimationFrame(sectorscopeWatchZoom);
};
requestAnimationFrame(sectorscopeWatchZoom);"""


# The Partnerships map's sizes: its map box and the height the server gave it, the state's share of what MapLibre
# shows each way, whether the state is whole in it, the white under the chart in its block; and how often Plotly has
# redrawn a chart since the page opened
MAP_SIZE = """() => { const plot = [...document.querySelectorAll('.js-plotly-plot')]
    .find((p) => p._fullLayout && p._fullLayout.map && p._fullLayout.map._subplot);
  if (!plot) return null;
  const layout = plot._fullLayout, map = layout.map._subplot.map, fit = layout.meta.map_fit, box = map.getContainer();
  const [[west, south], [east, north]] = map.getBounds().toArray();
  const [w, s, e, n] = fit.bounds;
  const block = plot.closest('[data-testid="stElementContainer"]').getBoundingClientRect().height;
  return {box: box.clientHeight, width: box.clientWidth, plot: fit.plot_px, moving: map.isMoving(),
          gap: Math.round(block - layout.height),
          whole: west <= w && south <= s && east >= e && north >= n,
          tall: (n - s) / (north - south), wide: (e - w) / (east - west), redraws: window.sectorscopeRedraws}; }"""
def _map_when(page, condition: str, reader: str = MAP_VIEW) -> dict:
    """What ``reader`` (``MAP_VIEW``, ``MAP_SIZE``) reads of the Partnerships map once ``condition`` (JavaScript
    over ``view``, its value) holds."""
    wait_or_explain(page, f"(() => {{ const view = ({reader})(); return view && ({condition}); }})()", reader,
                    f"not {condition}")
    return page.evaluate(reader)


def test_a_map_fits_the_state_to_its_width(page, server):
    """The server zooms a map for the narrowest width it is drawn at (a tile map cannot fit itself), so at 1400 px
    the Partnerships map drew the state about 450 px wide in a 940 px map: the browser zooms it to fit its real size
    (``charts.maps.MAP_FIT``), at the server's zoom at that narrowest width, out on a phone (whose 358 px map cut
    the state), again when the window changes, and leaves a visitor's own zoom alone."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.add_init_script(ZOOMS_DRAWN)
    page.goto(server[0] + "/Partnerships")
    wait_for_run(page)
    wide = _map_when(page, "view.zoom > view.server + 0.3 && Math.abs(view.live - view.zoom) < 0.01")
    assert wide["whole"] and wide["width"] > 900, wide
    # once fitted, never drawn at the server's zoom again: Plotly's redraw of the same figure, once the page had run,
    # put it back for 150 ms (a jump back and forth); watched over 20 more looks of the fitting (a second)
    checks = page.evaluate("() => window.sectorscopeMapChecks")
    page.wait_for_function(f"() => window.sectorscopeMapChecks >= {checks + 20}", timeout=WAIT_MS)
    drawn = page.evaluate("() => window.sectorscopeZoomsDrawn")
    fitted_at = next(index for index, zoom in enumerate(drawn) if abs(zoom - wide["server"]) > 0.01)
    assert all(abs(zoom - wide["server"]) > 0.01 for zoom in drawn[fitted_at:]), drawn
    page.set_viewport_size({"width": 1000, "height": 1000})  # the map's narrowest: the server's own zoom
    narrow = _map_when(page, "view.width < 600 && Math.abs(view.live - view.server) < 0.01")
    assert narrow["whole"], narrow
    page.set_viewport_size({"width": 390, "height": 900})  # a phone: zoomed out, the state whole (it was cut)
    phone = _map_when(page, "view.width < 400 && view.live < view.server - 0.3")
    assert phone["whole"], phone
    page.set_viewport_size({"width": 1400, "height": 1000})
    # its own height back (lowered on the phone) and drawn at it, before the visitor's wheel: a wheel while
    # Streamlit redrew the chart for its height was lost
    _map_when(page, "view.width > 900 && view.box === view.plot && Math.abs(view.gap) < 2 && !view.moving", MAP_SIZE)
    _map_when(page, f"view.width > 900 && Math.abs(view.live - {wide['live']}) < 0.01")
    box = page.locator(".js-plotly-plot canvas").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    # the visitor zooms in with the wheel, a notch at a time (MapLibre reads the first 40 ms of wheel events as one
    # notch: four at once zoomed by one on a busy CI), each waited for until the map is still; judged by the zoom
    # drawn, since Plotly's copy of it can miss a wheel's zoom while Streamlit redraws the chart
    # A notch is wheeled again when the map has not moved for it within 5 s: on a loaded CI one was lost while the map
    # stood still at its fitted zoom (the clean-clone run at cd56607), and the wait for it ran out
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    zoomed = page.evaluate(MAP_VIEW)
    for _ in range(12):
        page.mouse.wheel(0, -120)
        try:
            page.wait_for_function(f"() => {{ const view = ({MAP_VIEW})(); return view && view.live > "
                                   f"{zoomed['live']} + 0.05 && !view.moving; }}", timeout=5_000)
        except PlaywrightTimeoutError:
            continue
        zoomed = page.evaluate(MAP_VIEW)
        if zoomed["live"] > wide["live"] + 0.2:
            break
    assert zoomed["live"] > wide["live"] + 0.2, zoomed
    checks = page.evaluate("() => window.sectorscopeMapChecks")  # the fitting looks at the map three times more:
    page.wait_for_function(f"() => window.sectorscopeMapChecks >= {checks + 3}", timeout=WAIT_MS)
    assert abs(page.evaluate(MAP_VIEW)["live"] - zoomed["live"]) < 0.01  # and leaves the visitor's zoom
    no_error_box(page)


REDRAWS_COUNTED = """window.sectorscopeRedraws = 0;
const sectorscopeCountRedraws = () => {
  if (window.Plotly && !window.Plotly.sectorscopeCounted) {
    const react = window.Plotly.react;
    window.Plotly.react = function () { window.sectorscopeRedraws += 1; return react.apply(this, arguments); };
    window.Plotly.sectorscopeCounted = true;
  }
  requestAnimationFrame(sectorscopeCountRedraws);
};
requestAnimationFrame(sectorscopeCountRedraws);"""


def test_a_map_on_a_phone_is_as_tall_as_its_state(page, server):
    """On a phone the Partnerships map came 460 px tall for Pennsylvania drawn about 200 px tall in it (the state
    showed 38% of the map's height, white above and below): lowered to the height the state's box takes at the
    map's width, the state whole and most of the map both ways; its own height back on a wide screen; and Plotly
    not redrawing it for ever (lowered while Streamlit still redrew the chart for its new width, the two redraws
    took turns: 16 in 2 s)."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.add_init_script(REDRAWS_COUNTED)
    page.goto(server[0] + "/Partnerships")
    wait_for_run(page)
    _map_when(page, "view.width > 900 && view.box === view.plot", MAP_SIZE)
    page.set_viewport_size({"width": 390, "height": 900})
    phone = _map_when(page, "view.width < 400 && view.box < view.plot - 100 && view.tall > 0.75 && !view.moving",
                      MAP_SIZE)
    assert phone["whole"] and phone["wide"] > 0.75, phone
    # and its block with it: left at Streamlit's height, the white moved from the map to under it
    phone = _map_when(page, "Math.abs(view.gap) < 2", MAP_SIZE)
    checks = page.evaluate("() => window.sectorscopeMapChecks")  # 40 more looks of the fitting: 2 s
    page.wait_for_function(f"() => window.sectorscopeMapChecks >= {checks + 40}", timeout=WAIT_MS)
    still = page.evaluate(MAP_SIZE)
    assert still["redraws"] - phone["redraws"] <= 2 and still["box"] == phone["box"], (phone, still)
    page.set_viewport_size({"width": 1400, "height": 1000})
    wide = _map_when(page, "view.width > 900 && view.box === view.plot && !view.moving && Math.abs(view.gap) < 2",
                     MAP_SIZE)
    assert wide["whole"], wide
    no_error_box(page)


# How often Plotly has drawn the page's map since this was first asked (its plotly_afterplot events), or null
MAP_DRAWS = """() => { const plot = [...document.querySelectorAll('.js-plotly-plot')]
    .find((p) => p._fullLayout && p._fullLayout.map && p._fullLayout.map._subplot);
  if (!plot || !plot.on) return null;
  if (plot.testDraws === undefined) { plot.testDraws = 0; plot.on('plotly_afterplot', () => { plot.testDraws += 1; }); }
  return plot.testDraws; }"""


@pytest.mark.parametrize("path", ["/", "/Worker_outcomes"])
def test_a_lowered_map_on_a_phone_is_not_redrawn_for_ever(page, server, path):
    """Opened on a phone, the Overview's and the Worker page's maps, once lowered, were redrawn by Streamlit 5 to 8
    times a second for good in 58 of 104 loads on a busy machine (ui.present's skipSameRedraws): a phone's battery,
    and at times the page's widgets left grey placeholders. Each page is opened three times."""
    page.set_viewport_size({"width": 390, "height": 844})
    for _ in range(3):
        page.goto(server[0] + path)
        wait_for_run(page)
        page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].some(
            (chart) => chart.querySelector('canvas.maplibregl-canvas') && chart.style.height !== '')""",
                               timeout=WAIT_MS)  # lowered
        page.wait_for_function(f"() => ({MAP_DRAWS})() !== null", timeout=WAIT_MS)
        checks = page.evaluate("() => window.sectorscopeMapChecks")  # 40 more looks of the fitting: 2 s
        page.wait_for_function(f"() => window.sectorscopeMapChecks >= {checks + 40}", timeout=WAIT_MS)
        before = page.evaluate(MAP_DRAWS)
        checks = page.evaluate("() => window.sectorscopeMapChecks")
        page.wait_for_function(f"() => window.sectorscopeMapChecks >= {checks + 40}", timeout=WAIT_MS)
        assert page.evaluate(MAP_DRAWS) - before <= 1, f"{path}: the map drawn again and again on a phone"
        expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=WAIT_MS)


def test_a_map_in_a_narrow_column_of_a_wide_window_keeps_streamlits_height(page, server):
    """The Overview's map stands in a 368 px column at 1400 px, narrower than a phone's chart: it was lowered as on a
    phone, and lowering sets the height of Streamlit's own element; in about 1 load of 20 Streamlit then redrew the
    map for ever (8 times a second) and the page's widgets still loading (the menu, the filters, the download
    buttons) stayed grey placeholders: the project's CI failed on it. Only a phone's map is lowered; this one
    keeps Streamlit's height, and the page's every widget is drawn."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.add_init_script(REDRAWS_COUNTED)
    page.goto(server[0] + "/?years=2018-2022")
    wait_for_run(page)
    drawn = _map_when(page, f"view.width < {NARROW_CHART_PX} && !view.moving", MAP_SIZE)
    checks = page.evaluate("() => window.sectorscopeMapChecks")  # 40 more looks of the fitting: 2 s
    page.wait_for_function(f"() => window.sectorscopeMapChecks >= {checks + 40}", timeout=WAIT_MS)
    chart = page.get_by_test_id("stPlotlyChart").filter(has=page.locator("canvas.maplibregl-canvas"))
    assert chart.evaluate("element => element.style.height") == ""
    still = page.evaluate(MAP_SIZE)
    assert still["redraws"] - drawn["redraws"] <= 2, (drawn, still)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect")).to_have_count(3)


def test_filter_change_updates_url_and_map(page, server):
    page.goto(server[0] + "/Partnerships")
    wait_for_run(page)
    before = map_values(page)
    choose(page, "Sector", "Healthcare")
    page.wait_for_function("() => window.location.search.includes('sector=')")
    assert parse_qs(urlparse(page.url).query)["sector"] == ["HLTH"]
    page.wait_for_function("before => { const plot = document.querySelector('.js-plotly-plot');"
                           " return plot && plot.data && JSON.stringify(plot.data.map(t => t.z)) !== before; }",
                           arg=before)
    assert map_values(page) != before
    no_error_box(page)
    shot(page, "partnerships-healthcare")


def test_menu_link_keeps_the_filters(page, server):
    page.goto(server[0] + "/?sector=MFG&years=2018-2022")
    wait_for_run(page)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Partnerships").click()
    page.wait_for_url("**/Partnerships*")
    wait_for_run(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["sector"] == ["MFG"] and query["years"] == ["2018-2022"]
    sector_widget = page.get_by_test_id("stMultiSelect").filter(has_text="Sector")
    assert "Advanced Manufacturing" in sector_widget.inner_text()
    no_error_box(page)


def test_profile_deep_link_and_junk_parameters(page, server):
    page.goto(server[0] + "/Partnerships?partnership=P001&colour=red")
    wait_for_run(page)
    wait_for_map(page)
    no_error_box(page)
    expect(page.get_by_text("Ignored unknown link parameter 'colour'.").first).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_role("heading", level=3).first).to_be_visible(timeout=WAIT_MS)
    expect(page.locator('[data-testid="stSelectbox"]').filter(has_text="Partnership")).to_have_count(1, timeout=WAIT_MS)
    page.get_by_role("heading", name="Partnership profile").scroll_into_view_if_needed()
    shot(page, "partnership-profile", full_page=False)


def test_an_icon_beside_words_is_not_read_out_by_name(page, server):
    """A screen reader said "event_busy icon" and "visibility_off icon" before the reasons cards give in words (a
    keyboard reviewer): Streamlit makes a Markdown icon an image named after it; ours are hidden from screen
    readers. P052's profile has cards saying "none on record" with an icon."""
    page.goto(server[0] + "/Partnerships?partnership=P052")
    wait_for_run(page)
    icons = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"] span[role="img"]')
    expect(icons.first).to_be_attached(timeout=WAIT_MS)
    page.wait_for_function("""() => [...document.querySelectorAll(
        '[data-testid="stMain"] span[role="img"][aria-label$=" icon"]')].every(
        (icon) => icon.getAttribute("aria-hidden") === "true")""", timeout=WAIT_MS)
    caption = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]:has(span[role="img"])').first
    assert " icon" not in caption.aria_snapshot()


def test_focus_comes_back_to_a_download_button_after_its_download(page, server):
    """A download made when clicked greys its button while the file is written, and focus fell to the page: a
    keyboard user started again from the top after every download (a keyboard reviewer)."""
    page.goto(server[0] + "/Partnerships")
    wait_for_run(page)
    button = page.get_by_test_id("stMain").get_by_role("button", name=re.compile(r"^Download .*\(CSV\)$")).first
    expect(button).to_be_enabled(timeout=WAIT_MS)
    button.focus()
    with page.expect_download(timeout=WAIT_MS):
        page.keyboard.press("Enter")
    page.wait_for_function("""() => { const active = document.activeElement;
        return Boolean(active && active.closest && active.closest('[data-testid="stDownloadButton"]')
                       && !active.disabled); }""", timeout=WAIT_MS)
    expect(button).to_be_focused()


def test_a_charts_drawing_is_not_read_out_after_its_words(page, server):
    """A screen reader read each chart's drawing as a loose list of its ticks' and labels' numbers, right after the
    chart in words (a public visitor): the drawing is hidden from screen readers; the words before it stay, and so
    does the toolbar's download."""
    page.goto(server[0] + "/Worker_outcomes")
    wait_for_run(page)
    wait_for_chart(page, "")
    wait_until_drawings_quiet(page)
    chart = page.get_by_test_id("stPlotlyChart").first
    assert not re.search(r"\$[0-9]", chart.aria_snapshot()), chart.aria_snapshot()
    words = page.locator('[data-testid="stMain"] .sectorscope-sr').filter(has_text="Chart:").first
    expect(words).to_be_attached()


def test_no_page_asks_anyone_but_the_app_for_anything(page, server):
    """Every page's tab icon (Streamlit's ``:material/...`` page icon) was fetched from fonts.gstatic.com on every
    page: each visitor's browser told Google, and on a network without the internet the request failed. Every page
    of the registry, and a presentation, asks its own server alone."""
    elsewhere = hosts_asked_elsewhere(page, server[0])
    for entry in PAGES:
        page.goto(f"{server[0]}/{page_url_path(entry.path)}")
        wait_for_run(page)
        expect(page).to_have_title(f"{entry.label} · Sectorscope", timeout=WAIT_MS)
        no_error_box(page)
    page.goto(server[0] + "/?present=1&slide=3")  # a slide with a chart
    wait_for_run(page)
    expect(page.get_by_test_id("present-counter")).to_have_text(re.compile(r"^3 / "), timeout=WAIT_MS)
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_attached(timeout=WAIT_MS)
    assert elsewhere == set()
    assert page.evaluate("() => document.querySelector(\"link[rel='shortcut icon']\").href").startswith(
        "data:image/svg+xml")


# Each chart's toolbar buttons and map canvas with their names and the chart's title in words
CONTROL_NAMES = """() => [...document.querySelectorAll('.js-plotly-plot')].map((plot) => [
    plot._fullLayout.title.text.replace(/<[^>]*>/g, ' ').replace(/\\s+/g, ' ').trim(),
    [...plot.querySelectorAll('.modebar-btn, canvas.maplibregl-canvas')].map((c) => c.getAttribute('aria-label'))])"""


def test_each_charts_controls_are_named_after_it_and_its_map_moves_by_keyboard(page, server):
    """Every chart's toolbar said "Download plot as a PNG" and "Fullscreen", the same for every chart of a page, and
    a map's canvas was a Tab stop named "Map" (a keyboard reviewer): each is named after its chart's title, and the
    map does what its name says (arrow keys move it)."""
    for path, charts in (("/Worker_outcomes", 2), ("/", 1)):  # several charts; the Overview's map
        page.goto(server[0] + path)
        wait_for_run(page)
        wait_for_chart(page, "")
        wait_or_explain(page, f"""({CONTROL_NAMES})().length >= {charts} && ({CONTROL_NAMES})().every(
            ([title, names]) => title && names.length > 1
                && names.every((name) => name && name.includes(': ' + title)))""",
                        CONTROL_NAMES, f"{path}: a chart's control is not named after its chart")
        names = [name for _, controls in page.evaluate(CONTROL_NAMES) for name in controls]
        assert len(names) == len(set(names)), f"{path}: two controls share a name"
    wait_for_map(page)
    canvas = page.locator("canvas.maplibregl-canvas").first
    expect(canvas).to_have_attribute("aria-label", re.compile(r"^Map: .+\. Arrow keys move it, plus and minus zoom"))
    centre = """() => { const plot = [...document.querySelectorAll('.js-plotly-plot')].find((p) => p._fullLayout.map);
        return plot._fullLayout.map._subplot.map.getCenter().lng; }"""
    before = page.evaluate(centre)
    canvas.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => Math.abs(({centre})() - {before}) > 0.1", timeout=WAIT_MS)
    # a table's toolbar after its expander's words: "Search: table of Middle hourly raise by sector, all years"
    page.goto(server[0] + "/Showcase")
    wait_for_run(page)
    table_controls = """() => [...document.querySelectorAll(
        '[data-testid="stExpander"] [data-testid="stElementToolbar"] button')]
        .map((button) => button.getAttribute('aria-label'))"""
    wait_or_explain(page, f"""({table_controls})().length >= 3 && ({table_controls})().every((name) =>
        /^(Show\\/hide columns|Search|Fullscreen): table of \\S/.test(name))""", table_controls,
                    "a table's control is not named after its table")


def test_a_filter_change_is_said_to_a_screen_reader(page, server):
    """A filter changed every figure of the page and a screen reader said nothing (a keyboard reviewer): the new view
    is said in a polite live region that stays put across runs (a region drawn anew is not read); the first view of
    a visit is not said."""
    page.goto(server[0] + "/Worker_outcomes")
    wait_for_run(page)
    announcer = page.locator('.sectorscope-announcer[role="status"][aria-live="polite"]')
    expect(announcer).to_have_count(1, timeout=WAIT_MS)
    expect(page.locator("[data-sectorscope-view]")).to_have_attribute(
        "data-sectorscope-view", re.compile(r"^All sectors · all counties · "), timeout=WAIT_MS)
    announcer.evaluate("element => { element.sectorscopeSameNode = true; }")
    assert announcer.text_content() == ""
    choose(page, "Sector", "Healthcare")
    expect(announcer).to_have_text(re.compile(r"^Now showing: Healthcare · all counties · \d{4}"), timeout=WAIT_MS)
    assert announcer.evaluate("element => element.sectorscopeSameNode === true")
