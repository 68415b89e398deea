"""Presentation mode in Chromium: no sidebar or chrome, every slide reached with the keys a clicker sends, and the way
out lands on the same filtered view; the Present button of a page starts it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from browser_support import (
    no_error_box,
    partnership_name,
    running_app,
    shot,
    wait_for_map,
    wait_for_run,
    wait_or_explain,
    wait_until_drawings_quiet,
)
from playwright.sync_api import expect

from sectorscope import db
from sectorscope.export import content
from sectorscope.export.figures import PRESENTATION_CHART_HEIGHT

pytestmark = pytest.mark.browser


def slide_titles(path, public: bool = False, **params: list[str]) -> list[str]:
    con = db.connect_read_only(path)
    try:
        view = content.view_options(con, public)
        report = content.build_report(con, view, content.selection_from(view, params), public=public, min_cell=10)
    finally:
        con.close()
    return [slide.title for slide in content.slide_plan(report)]


def keys_ready(page) -> None:
    """Wait until the presentation's key listener is installed and the Next button it clicks is drawn: a key pressed
    before either would be lost. (The counter is drawn before the Next button, so a test that saw "1 / N" and the
    listener could press a key while the button was not there yet: it failed once in a run of the browser suite.)"""
    page.wait_for_function("() => window.sectorscopePresentKeys === true", timeout=30_000)
    expect(page.locator(".st-key-present-next button")).to_be_visible(timeout=30_000)


def download_button(area, label: str):
    return area.get_by_test_id("stDownloadButton").filter(has_text=label).locator("button").first


def heading(page):
    return page.get_by_test_id("stMain").locator("h1").first


# How far the map slide's picture's middle is from the slide's (its main column's), as a share of the column's width
MAP_OFF_CENTRE = """() => {
  const image = document.querySelector('[data-testid="stImage"] img');
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  if (!image || !image.complete || !main) return 1;
  const picture = image.getBoundingClientRect(), column = main.getBoundingClientRect();
  const style = getComputedStyle(main);
  const left = column.left + parseFloat(style.paddingLeft), right = column.right - parseFloat(style.paddingRight);
  return Math.abs((picture.left + picture.right) / 2 - (left + right) / 2) / (right - left);
}"""


def test_presentation_steps_through_every_slide_with_the_keyboard_and_returns(page, server, demo_db):
    base, _ = server
    titles = slide_titles(demo_db, sector=["HLTH"], years=["2018-2022"])
    page.goto(f"{base}/?sector=HLTH&years=2018-2022&present=1")
    wait_for_run(page)
    counter = page.get_by_test_id("present-counter")
    expect(counter).to_have_text(f"1 / {len(titles)}", timeout=60_000)
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_test_id("stHeader")).to_be_hidden()
    expect(page.get_by_text("Demo data (synthetic)").first).to_be_visible()
    # as large as the slide counter: it read as 9 px text in a corner on a 1280 x 720 projector (a reviewer)
    notice = page.locator(".sectorscope-present-notice")
    expect(notice).to_have_text("Demo data (synthetic)")
    assert notice.evaluate("element => parseFloat(getComputedStyle(element).fontSize)") >= 20
    expect(heading(page)).to_have_text(titles[0])
    keys_ready(page)
    for number, title in enumerate(titles[1:], start=2):
        page.keyboard.press("ArrowRight" if number % 2 else "PageDown")
        expect(counter).to_have_text(f"{number} / {len(titles)}", timeout=30_000)
        expect(heading(page)).to_have_text(title)
        no_error_box(page)
        if title == "Impact on workers":
            shot(page, "present-workers", full_page=False)
        if title.startswith("Median hourly wage gain"):  # the slide's chart in words only, as on the pages
            wait_until_drawings_quiet(page)
        if title.endswith("serving each county"):  # the map picture in the middle of the slide (it stood left)
            size = page.viewport_size
            for width, height in ((size["width"], size["height"]), (1920, 1080)):  # 10% off at 1920 in columns
                page.set_viewport_size({"width": width, "height": height})
                wait_or_explain(page, f"({MAP_OFF_CENTRE})() < 0.02", MAP_OFF_CENTRE,
                                f"the map slide's picture is not in the middle of the slide at {width} px")
            page.set_viewport_size(size)
    expect(page.get_by_test_id("stButton").filter(has_text="Next").locator("button")).to_be_disabled()
    page.keyboard.press("PageUp")
    expect(counter).to_have_text(f"{len(titles) - 1} / {len(titles)}", timeout=30_000)
    page.keyboard.press("ArrowLeft")
    expect(counter).to_have_text(f"{len(titles) - 2} / {len(titles)}", timeout=30_000)
    # the link names the slide shown: a reload (a laptop woken, a browser restarted) comes back to it, not to the first
    expect(page).to_have_url(re.compile(rf"slide={len(titles) - 2}(&|$)"))
    page.reload()
    wait_for_run(page)
    expect(page.get_by_test_id("present-counter")).to_have_text(f"{len(titles) - 2} / {len(titles)}",
                                                                 timeout=60_000)
    expect(heading(page)).to_have_text(titles[-3])

    page.get_by_text("Exit presentation").click()
    wait_for_run(page)
    expect(page.get_by_role("heading", name="Sector strategies at a glance")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    expect(page).to_have_url(re.compile(r"sector=HLTH"))
    expect(page).to_have_url(re.compile(r"years=2018-2022"))
    assert "present" not in page.url and "slide" not in page.url
    # the sidebar draws its widgets after it shows: 5 s was short for a busy machine (a clean-clone run failed here)
    expect(page.get_by_test_id("stMultiSelect").filter(has_text="Healthcare")).to_have_count(1, timeout=30_000)


def test_the_keyboard_enters_a_presentation_on_next_and_leaves_it_with_escape_back_on_present(page, server):
    """Enter on Present left focus on the page's body, Exit sent it there too, and Escape did nothing (an
    accessibility reviewer): a keyboard user tabbed from the top each time. The title slide's headings run h1, h2,
    h3 (an h3 under the h1 skipped a level)."""
    base, _ = server
    page.goto(f"{base}/?sector=HLTH")
    wait_for_run(page)
    present = page.get_by_test_id("stSidebar").get_by_role("button", name="Present")
    expect(present).to_be_visible(timeout=60_000)
    present.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("present-counter")).to_be_visible(timeout=60_000)
    keys_ready(page)
    expect(page.locator(".st-key-present-next button")).to_be_focused(timeout=10_000)
    levels = page.get_by_test_id("stMain").locator("h1, h2, h3, h4").evaluate_all(
        "nodes => nodes.map(node => node.tagName)")
    assert levels[:3] == ["H1", "H2", "H3"], levels
    page.keyboard.press("Escape")
    wait_for_run(page)
    expect(page.get_by_role("heading", name="Sector strategies at a glance")).to_be_visible(timeout=60_000)
    expect(page).not_to_have_url(re.compile(r"present="), timeout=30_000)  # the link follows the run: retried
    expect(page.get_by_test_id("stSidebar").get_by_role("button", name="Present")).to_be_focused(
        timeout=10_000)


def test_present_button_on_a_profile_presents_that_partnership(page, server, demo_db):
    base, _ = server
    titles = slide_titles(demo_db, partnership=["P002"])
    page.goto(f"{base}/Partnerships?partnership=P002")
    wait_for_run(page)
    present = page.get_by_test_id("stSidebar").get_by_role("button", name="Present")
    expect(present).to_be_visible(timeout=60_000)
    present.click(timeout=60_000)
    expect(page.get_by_test_id("present-counter")).to_have_text(f"1 / {len(titles)}", timeout=60_000)
    expect(heading(page)).to_have_text(titles[0])
    expect(page).to_have_url(re.compile(r"present=1"))
    expect(page).to_have_url(re.compile(r"partnership=P002"))
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_test_id("present-counter")).to_have_text(f"2 / {len(titles)}")
    expect(heading(page)).to_have_text("Impact on workers")
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()


def test_the_browsers_back_and_forward_step_through_the_slides(page, server):
    """Each slide shown is an entry of the browser's history: Back did nothing visible once per slide seen, the
    session writing its own slide back into the link (a code reviewer)."""
    base, _ = server
    page.goto(f"{base}/?present=1")
    wait_for_run(page)
    counter = page.get_by_test_id("present-counter")
    expect(counter).to_have_text(re.compile(r"^1 / "), timeout=60_000)
    keys_ready(page)
    for number in (2, 3):
        page.keyboard.press("ArrowRight")
        expect(counter).to_have_text(re.compile(rf"^{number} / "), timeout=30_000)
        expect(page).to_have_url(re.compile(rf"slide={number}(&|$)"))
    page.go_back()
    expect(counter).to_have_text(re.compile(r"^2 / "), timeout=30_000)
    page.go_back()
    expect(counter).to_have_text(re.compile(r"^1 / "), timeout=30_000)
    page.go_forward()
    expect(counter).to_have_text(re.compile(r"^2 / "), timeout=30_000)


def test_a_mistyped_partnership_is_refused_and_another_chosen_by_typing(page, server, demo_db):
    """"?partnership=P0O5" (a letter O) presented the whole state under one line: now nothing is presented, and the
    partnership meant is found by typing its name and pressing Enter."""
    base, _ = server
    titles = slide_titles(demo_db, partnership=["P005"])
    page.goto(f"{base}/?partnership=P0O5&present=1")
    wait_for_run(page)
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text("P0O5", timeout=60_000)
    expect(page.get_by_test_id("present-counter")).to_have_count(0)
    chooser = page.get_by_role("combobox", name=re.compile("Present one of the"))
    chooser.click()
    chooser.press_sequentially("Lancaster Area Information")
    chooser.press("Enter")
    expect(page.get_by_test_id("present-counter")).to_have_text(f"1 / {len(titles)}", timeout=60_000)
    expect(heading(page)).to_have_text(titles[0])
    expect(page).to_have_url(re.compile(r"partnership=P005"))


@pytest.fixture(scope="module")
def public_server(demo_db, tmp_path_factory):
    """The app in public mode on the demo, at the demo release's k (10). (It ran with SECTORSCOPE_MIN_CELL=800 and
    showed the k = 10 release anyway, the gap ``release.publishable`` closes; building the demo's release at k = 800
    takes 150 s, and nothing here needs it.)"""
    log_path = tmp_path_factory.mktemp("public-server") / "streamlit.log"
    with running_app({"SECTORSCOPE_DB": str(demo_db), "SECTORSCOPE_MODE": "public"}, log_path) as running:
        yield running


def test_public_presentation_shows_the_release_cell_and_returns_to_the_showcase(browser, public_server):
    """In public mode the Showcase's Present button presents the chosen release cell (read from the protected
    release only, as tests/test_export_public.py proves), and the way out lands on the same cell."""
    base, log = public_server
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    try:
        tab.goto(f"{base}/Showcase?sector=HLTH")
        wait_for_run(tab)
        expect(tab.get_by_role("heading", name=re.compile("^Sector partnerships in"))).to_be_visible(timeout=60_000)
        tab.get_by_test_id("stSidebar").get_by_role("button", name="Present").click()
        counter = tab.get_by_test_id("present-counter")
        expect(counter).to_have_text(re.compile(r"^1 / \d+$"), timeout=60_000)
        expect(tab.get_by_test_id("stSidebar")).to_be_hidden()
        expect(tab).to_have_url(re.compile(r"present=1"))
        expect(tab.get_by_text(re.compile("Public view: figures resting on fewer than")).first).to_be_visible()
        keys_ready(tab)
        tab.keyboard.press("ArrowRight")
        expect(counter).to_have_text(re.compile(r"^2 / \d+$"), timeout=30_000)
        expect(heading(tab)).to_have_text("Impact on workers")
        expect(tab.get_by_test_id("stMetric").filter(has_text="People who left a program")).to_be_visible()
        tab.get_by_text("Exit presentation").click()
        wait_for_run(tab)
        expect(tab.get_by_test_id("stSidebar")).to_be_visible(timeout=60_000)
        expect(tab.get_by_role("heading", name=re.compile("^Sector partnerships in"))).to_be_visible()
        expect(tab).to_have_url(re.compile(r"sector=HLTH"))
        assert "present" not in tab.url
    except AssertionError:
        print("---- server log ----\n" + log.read_text()[-6000:])
        raise
    finally:
        context.close()


def test_download_buttons_give_the_views_deck_and_one_pager(page, server, demo_db, tmp_path):
    from pptx import Presentation

    base, _ = server
    page.goto(f"{base}/?county=42071&years=2018-2022")
    wait_for_run(page)
    sidebar = page.get_by_test_id("stSidebar")
    with page.expect_download(timeout=60_000) as download:
        download_button(sidebar, "Download deck (.pptx)").click(timeout=60_000)
    # named after what it holds (every deck was "sectorscope-view-<date>.pptx"), a county by its name as its
    # one-pager is (it read "42071")
    assert re.fullmatch(r"sectorscope-demo-lancaster-county-2018-2022-\d{4}-\d\d-\d\d\.pptx",
                        download.value.suggested_filename)
    deck_path = tmp_path / "deck.pptx"
    download.value.save_as(deck_path)
    deck = Presentation(str(deck_path))
    assert [slide.shapes.title.text for slide in deck.slides] == slide_titles(demo_db, county=["42071"],
                                                                               years=["2018-2022"])
    assert "Lancaster County · 2018–2022" in deck.slides[0].placeholders[1].text_frame.text
    with page.expect_download(timeout=60_000) as download:
        download_button(sidebar, "One-pager (PDF)").click(timeout=60_000)
    # says demo, and its day as the decks do
    day = dt.date.today()
    assert download.value.suggested_filename == (
        f"sectorscope-demo-lancaster-county-2018-2022-one-pager-{day:%Y-%m-%d}.pdf")
    pdf_path = tmp_path / "one.pdf"
    download.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    import subprocess

    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Sector partnerships in Lancaster County" in text
    # the whole state has its one-pager too (it was greyed, the view governors' staff hand out most); two counties
    # are no place of one
    page.goto(f"{base}/?years=2018-2022")
    wait_for_run(page)
    expect(download_button(page.get_by_test_id("stSidebar"), "One-pager (PDF)")).to_be_enabled()
    page.goto(f"{base}/?county=42071&county=42133&years=2018-2022")
    wait_for_run(page)
    expect(download_button(page.get_by_test_id("stSidebar"), "One-pager (PDF)")).to_be_disabled()


def test_profile_link_lands_on_the_profile_and_prints_without_the_sidebar(page, server, demo_db, tmp_path):
    import subprocess

    base, _ = server
    name = partnership_name(demo_db, "P002")
    page.goto(f"{base}/Partnerships?partnership=P002")
    wait_for_run(page)
    profile = page.locator("#partnership-profile")
    expect(profile).to_be_in_viewport(timeout=60_000)
    expect(page.get_by_role("heading", name=name)).to_be_visible()

    page.emulate_media(media="print")
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    printed = tmp_path / "profile.pdf"
    page.pdf(path=str(printed), format="Letter", print_background=True)
    text = subprocess.run(["pdftotext", str(printed), "-"], capture_output=True, text=True, check=True).stdout
    assert "Partnership profile" in text and name in text
    assert "Take away" not in text and "Download deck" not in text and "Filters" not in text


def test_chart_png_download_is_named_after_the_chart_and_the_view(page, server, tmp_path):
    """The camera in a chart's toolbar downloads a PNG named after the chart and the view (the title, the view,
    the source and the demo notice are in the figure itself: tests/test_export_chart_images.py)."""
    base, _ = server
    page.goto(f"{base}/?sector=HLTH&years=2018-2022")
    wait_for_run(page)
    chart = wait_for_map(page)
    expect(chart.locator(".annotation-text").filter(has_text="Demo data (synthetic)")).to_have_count(1)
    chart.hover()
    with page.expect_download(timeout=60_000) as download:
        chart.locator('.modebar-btn[data-title="Download plot as a PNG"]').click()
    name = download.value.suggested_filename
    assert name == "sectorscope_partnerships-serving-each-county_healthcare-all-counties-2018-2022.png"
    saved = tmp_path / name
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"\x89PNG")


# The type on a slide as drawn (font size times any CSS zoom): every visible text's smallest, and the smallest value
# written in figures on a card (a value in words is set smaller on purpose).
TYPE_SIZES = """() => {
  const size = (element) => parseFloat(getComputedStyle(element).fontSize) * (element.currentCSSZoom || 1);
  const shown = (selector) => [...document.querySelectorAll(selector)].filter(
    (element) => element.getBoundingClientRect().width > 0 && element.textContent.trim());
  const texts = shown('[data-testid="stMain"] :is(p, li, a, h1, h2, h3)').map(size);
  const values = shown('[data-testid="stMain"] [data-testid="stMetricValue"] p')
    .filter((element) => /[0-9]/.test(element.textContent)).map(size);
  return {text: Math.min(...texts), value: values.length ? Math.min(...values) : null};
}"""


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768), (1920, 1080)])
def test_every_slide_fits_a_projectors_screen(app_context, server, demo_db, size):
    """At 1280 x 720 and 1366 x 768 nine of the thirteen slides ran 880-1114 px tall, and a clicker cannot scroll
    (PageDown is "Next"): a convener reviewer. Each slide, once drawn, is no taller than the window, and a chart
    spans the slide (drawn zoomed twice, one took a third of it and cut its labels). Its type is large enough to
    read from the back of a room: zoomed to 0.62 at 1280 x 720, cards' values were 20.6 px, their n and sources
    10.4 px and a change line 8.7 px (a reviewer); now every text is at least 14 px and a card's value 28 px."""
    width, height = size
    base, _ = server
    con = db.connect_read_only(demo_db)
    try:
        view = content.view_options(con, False)
        plan = content.slide_plan(content.build_report(con, view, content.selection_from(view, {}), public=False,
                                                       min_cell=10))
    finally:
        con.close()
    page = app_context.new_page()
    try:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{base}/?present=1")
        counter = page.get_by_test_id("present-counter")
        expect(counter).to_have_text(f"1 / {len(plan)}", timeout=60_000)
        keys_ready(page)
        for number, slide in enumerate(plan, start=1):
            if number > 1:
                page.keyboard.press("ArrowRight")
                expect(counter).to_have_text(f"{number} / {len(plan)}", timeout=30_000)
            expect(heading(page)).to_have_text(slide.title)
            if slide.kind == "chart" and not slide.chart.absent:
                plot = page.get_by_test_id("stMain").locator(".main-svg").first
                expect(plot).to_be_visible(timeout=30_000)
                # retried until the chart spans the slide at its own height (its plot was 147 px at 1280 x 720,
                # not shrunk with the rest of the slide); read once, the box could be of a chart being redrawn
                page.wait_for_function(
                    """([least_width, least_height]) => {
                         const main = document.querySelector('[data-testid="stMainBlockContainer"]');
                         const plot = document.querySelector('[data-testid="stMain"] .main-svg');
                         if (!main || !plot) return false;
                         const drawn = plot.getBoundingClientRect();
                         return drawn.width >= least_width * main.getBoundingClientRect().width
                           && drawn.height >= least_height; }""",
                    arg=[0.8, 0.95 * PRESENTATION_CHART_HEIGHT], timeout=30_000)
                # on a projector it takes the height the slide leaves (400 px tall, a third of a 1080 px screen was
                # blank under it: a convener reviewer), its block with it (a block left at 400 px cut the chart)
                page.wait_for_function(
                    """(least) => {
                         const plot = document.querySelector('[data-testid="stMain"] .js-plotly-plot');
                         const block = plot && plot.closest('[data-testid="stElementContainer"]');
                         if (!block || !plot._fullLayout) return false;
                         return plot._fullLayout.height >= least
                           && Math.abs(block.getBoundingClientRect().height - plot._fullLayout.height) < 2; }""",
                    arg=600 if height >= 1080 else PRESENTATION_CHART_HEIGHT, timeout=30_000)
            page.wait_for_function(  # retried until the drawn slide fits, or the test fails
                f"() => document.querySelector('[data-testid=stMain]').scrollHeight <= {height}", timeout=10_000)
            if slide.kind == "section" and slide.section.headlines:
                expect(page.get_by_test_id("stMetric").first).to_be_visible()
            sizes = page.evaluate(TYPE_SIZES)
            assert sizes["text"] >= 14, (slide.title, sizes)
            assert sizes["value"] is None or sizes["value"] >= 28, (slide.title, sizes)
            if number == 2:
                shot(page, f"present-workers-{width}x{height}", full_page=False)
    finally:
        page.close()


def test_home_end_and_the_last_slide_keep_focus_on_a_control(page, server, demo_db):
    """On the last slide Next became disabled and focus dropped to the page's body; PageUp from there left it
    there; Home and End did nothing (a reviewer). Home and End go to the first and last slide; a key that moves the
    slide leaves focus on Next, or on Previous where Next is disabled."""
    base, _ = server
    count = len(slide_titles(demo_db, partnership=["P001"]))
    page.goto(f"{base}/Partnerships?partnership=P001&present=1")
    counter = page.get_by_test_id("present-counter")
    expect(counter).to_have_text(f"1 / {count}", timeout=60_000)
    keys_ready(page)
    next_, previous = page.locator(".st-key-present-next button"), page.locator(".st-key-present-previous button")
    expect(next_).to_be_focused(timeout=10_000)
    page.keyboard.press("End")
    expect(counter).to_have_text(f"{count} / {count}", timeout=30_000)
    expect(next_).to_be_disabled()
    expect(previous).to_be_focused(timeout=10_000)
    page.keyboard.press("PageUp")
    expect(counter).to_have_text(f"{count - 1} / {count}", timeout=30_000)
    expect(next_).to_be_focused(timeout=10_000)
    page.keyboard.press("Home")
    expect(counter).to_have_text(f"1 / {count}", timeout=30_000)
    expect(heading(page)).to_have_text(partnership_name(demo_db, "P001"))
    expect(next_).to_be_focused(timeout=10_000)
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text(f"2 / {count}", timeout=30_000)
    expect(next_).to_be_focused(timeout=10_000)


def test_a_partnerships_map_slide_keeps_the_counties_it_names_on_a_720_px_screen(app_context, server, demo_db):
    """The map of P035's counties took the height under the title less 28 px, and the counties it serves, named
    under it, ran 23 px below a 1280 x 720 screen (a handouts reviewer): the map leaves them room."""
    con = db.connect_read_only(demo_db)
    try:
        view = content.view_options(con, False)
        plan = content.slide_plan(content.build_report(con, view, content.selection_from(
            view, {"partnership": ["P035"]}), public=False, min_cell=10))
    finally:
        con.close()
    number = next(number for number, slide in enumerate(plan, start=1) if slide.kind == "map")
    page = app_context.new_page()
    try:
        page.set_viewport_size({"width": 1280, "height": 720})
        page.goto(f"{server[0]}/Partnerships?present=1&partnership=P035")
        counter = page.get_by_test_id("present-counter")
        expect(counter).to_have_text(f"1 / {len(plan)}", timeout=60_000)
        keys_ready(page)
        for step in range(2, number + 1):
            page.keyboard.press("ArrowRight")
            expect(counter).to_have_text(f"{step} / {len(plan)}", timeout=30_000)
        named = page.get_by_test_id("stMain").get_by_text("Counties served:")
        expect(named).to_be_visible(timeout=30_000)
        page.wait_for_function(  # retried until the picture has its height and the names lie on the screen
            """() => { const main = document.querySelector('[data-testid="stMain"]');
                       const names = [...main.querySelectorAll('[data-testid="stCaptionContainer"]')]
                         .find((caption) => caption.textContent.startsWith('Counties served:'));
                       const image = main.querySelector('[data-testid="stImage"] img');
                       return names && image && image.complete && main.scrollHeight <= 720
                         && names.getBoundingClientRect().bottom <= 720; }""", timeout=30_000)
    finally:
        page.close()


def test_a_keyboard_skips_from_the_top_of_the_sidebar_to_present(page, server):
    """A convener pressed Tab 48 times on a partnership's profile to reach Present, past the menu and every filter.
    A skip link, out of sight until focused, is the second stop of the page (after Streamlit's own "Skip to main
    content"), the sidebar's first; Enter on it puts focus on Present, and Enter there starts the slides."""
    base, _ = server
    page.goto(f"{base}/Partnerships?partnership=P003")
    wait_for_run(page)
    present = page.get_by_test_id("stSidebar").get_by_role("button", name="Present")
    expect(present).to_be_visible(timeout=60_000)
    skip = page.get_by_role("link", name="Skip to Present and downloads")
    assert skip.bounding_box() is None or skip.bounding_box()["x"] < 0  # out of sight until focused
    # the page's first stop is Streamlit's own "Skip to main content"; the next is this one
    page.get_by_role("link", name="Skip to main content").focus()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(present).to_be_focused(timeout=10_000)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("present-counter")).to_be_visible(timeout=60_000)


def test_alt_p_presents_from_anywhere_on_a_page(page, server):
    """From a partnership's deep link Present was 19 Shift+Tabs back (a convener): Alt+P starts the slides from the
    page itself, with focus on its content."""
    base, _ = server
    page.goto(f"{base}/Partnerships?partnership=P003")
    wait_for_run(page)
    expect(page.get_by_test_id("stSidebar").get_by_role("button", name="Present")).to_be_visible(
        timeout=60_000)
    page.get_by_role("heading", level=1).first.click()  # focus in the page's content, far from the sidebar
    page.keyboard.press("Alt+P")
    expect(page.get_by_test_id("present-counter")).to_be_visible(timeout=60_000)


AS_A_MAC = """Object.defineProperty(navigator, "platform", {get: () => "MacIntel"});
Object.defineProperty(navigator, "userAgentData", {get: () => ({platform: "macOS"})});"""


def _alt_p(page, key: str, text: str | None) -> None:
    """The P key pressed with Alt (Option) as the browser's own input sends it (trusted): ``key`` as the keyboard
    layout names it, ``text`` the character it types, if any."""
    keys = page.context.new_cdp_session(page)
    for kind in ("keyDown", "keyUp"):
        keys.send("Input.dispatchKeyEvent", {"type": kind, "modifiers": 1, "key": key, "code": "KeyP",
                                             "windowsVirtualKeyCode": 80,
                                             **({"text": text} if text and kind == "keyDown" else {})})


def _sidebar_text_box(page, base: str):
    page.goto(f"{base}/Partnerships")
    wait_for_run(page)
    expect(page.get_by_test_id("stSidebar").get_by_role("button", name="Present")).to_be_visible(timeout=60_000)
    page.evaluate("""() => { window.altPReached = 0; document.addEventListener("keydown", (event) => {
        if (event.altKey && event.code === "KeyP") window.altPReached += 1; }); }""")
    box = page.get_by_test_id("stSidebar").get_by_role("combobox").first
    box.click()
    return box


def test_option_p_typed_in_a_text_box_on_a_mac_stays_a_character(page, server):
    """Streamlit lets Alt shortcuts through in text boxes, where a Mac's Option+P types "π": typed in a filter box, it
    presented instead (a code reviewer). On a Mac the key types its character there and never reaches the document,
    where Streamlit's shortcuts listen; out of a text box it presents. On Linux or Windows Alt+P types nothing, also
    on a Greek or Russian layout (its key "π" or "з"), and presents from the box (a code reviewer: it was stopped)."""
    base, _ = server
    _sidebar_text_box(page, base)
    _alt_p(page, "з", None)  # a Russian layout on Linux or Windows
    expect(page.get_by_test_id("present-counter")).to_be_visible(timeout=60_000)
    mac = page.context.new_page()
    mac.add_init_script(AS_A_MAC)
    mac.bring_to_front()  # keys go to the page in front
    box = _sidebar_text_box(mac, base)
    _alt_p(mac, "π", "π")
    expect(box).to_have_value("π")
    assert mac.evaluate("window.altPReached") == 0
    # out of the box, Option+P presents on a Mac too (the heading by its tag: while the box's list is open, the
    # page around it is hidden from the accessibility tree)
    mac.locator("h1").first.click()
    _alt_p(mac, "π", "π")
    expect(mac.get_by_test_id("present-counter")).to_be_visible(timeout=60_000)
    mac.close()


def test_on_a_phone_the_controls_share_one_row_above_the_slide(page, server):
    """On a 390 px phone Streamlit stacked the controls one per row: 270 px of an 844 px screen before the slide
    began (a convener). Previous, the counter, Next and Exit share one row, under the demo's notice."""
    base, _ = server
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/?present=1")
    expect(page.get_by_test_id("present-counter")).to_be_visible(timeout=60_000)
    previous = page.get_by_role("button", name="Previous")
    next_ = page.get_by_role("button", name="Next")
    leave = page.get_by_role("link", name="Exit presentation")
    for control in (previous, next_, leave):
        expect(control).to_be_in_viewport()
    boxes = [control.bounding_box() for control in (previous, next_, leave)]
    middles = [box["y"] + box["height"] / 2 for box in boxes]
    assert max(middles) - min(middles) < 20, boxes  # one row
    assert max(box["y"] + box["height"] for box in boxes) < 160, boxes  # the slide starts near the top
    assert all(box["x"] + box["width"] <= 390 for box in boxes), boxes  # none cut at the screen's edge
