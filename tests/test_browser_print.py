"""Printing from Chromium (``page.pdf``, print media): a profile and every page print their content only, each map
as a picture of its own figure drawn on the server (an SVG: WebGL maps print blank), no sidebar or menu text, nothing
cut at the right edge, and a directory with every row and column. The PDF is rasterised with pdftoppm and its text
read with pdftotext."""

from __future__ import annotations

import base64
import html
import re
import subprocess
import xml.etree.ElementTree as ElementTree

import pandas as pd
import pytest
from browser_support import ARTIFACTS, partnership_name, wait_for_chart, wait_for_run
from PIL import Image
from playwright.sync_api import expect

from sectorscope import db
from sectorscope.charts.style import BLUES, CATEGORY_COLORS
from sectorscope.export import content

pytestmark = pytest.mark.browser

SERVED = CATEGORY_COLORS[0]  # a county a partnership serves, on the profile's map (maps.served_counties_map)
SIDEBAR_TEXT = ("Take away", "Download deck", "One-pager (PDF)", "Mode: staff", "Funding & systems change")
PRINTED_MAPS = '[class*="st-key-print-map-"]'
PARTNERSHIP_MAP_TITLE = "Partnerships in view serving each county"  # the Partnerships page's map
COUNT_SCALE_TOP = BLUES[6]  # the busiest counties on a partnership-count map (style.COUNT_SCALE)


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def pixels_of(pages: list[Image.Image], colours: list[str], tolerance: int = 14) -> int:
    """How many pixels of the rasterised pages are within ``tolerance`` of one of ``colours``."""
    wanted = [rgb(colour) for colour in colours]
    count = 0
    for image in pages:
        for pixel, n in image.convert("RGB").getcolors(maxcolors=1 << 24):
            if any(all(abs(a - b) <= tolerance for a, b in zip(n, colour, strict=True)) for colour in wanted):
                count += pixel
    return count


def squeezed(text: str) -> str:
    return " ".join(text.split())


def print_to_pdf(page, path, name: str, tables_below: str = "body", maps: int = 1):
    """Print the page as Chromium does (print media, Letter) once its ``maps`` printed maps have loaded; return the
    PDF's text, its pages rasterised at 60 dpi, the rightmost word's right edge, the page width and how many tables
    were checked. The PDF is kept in test-artifacts/print-<name>.pdf."""
    printed = page.locator(f"{PRINTED_MAPS} img")
    expect(printed).to_have_count(maps, timeout=60_000)
    page.wait_for_function(f"""() => [...document.querySelectorAll('{PRINTED_MAPS} img')]
                                     .every((img) => img.complete && img.naturalWidth > 0)""", timeout=60_000)
    page.emulate_media(media="print")
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    for index in range(maps):
        expect(printed.nth(index)).to_be_visible()
    # every printed map's title shown before printing: twice a page printed with its map's title missing and a blank
    # placeholder above the picture (the title in the page, not yet drawn)
    for title in page.locator(f"{PRINTED_MAPS} .sectorscope-print-title").all():
        expect(title).to_be_visible()
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
    expect(page.locator(".js-plotly-plot canvas.maplibregl-canvas").first).to_be_hidden()  # the blank-printing maps
    # tables are drawn on canvases (no text in the PDF): none below ``tables_below`` may hide columns behind a
    # horizontal scroll, which print cuts off
    tables, cut = page.evaluate("""(below) => {
        const top = document.querySelector(below).getBoundingClientRect().top;
        const scrollers = [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')]
          .filter((s) => s.getBoundingClientRect().top > top);
        return [scrollers.length, scrollers.filter((s) => s.scrollWidth > s.clientWidth + 1).length]; }""",
                                tables_below)
    assert cut == 0, f"{cut} of {tables} table(s) cut at the right edge"
    pdf = path / f"{name}.pdf"
    page.pdf(path=str(pdf), format="Letter", print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"print-{name}.pdf").write_bytes(pdf.read_bytes())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(path / name)], check=True)
    pages = [Image.open(png) for png in sorted(path.glob(f"{name}-*.png"))]
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    widths = [float(width) for width in re.findall(r'<page width="([\d.]+)"', bbox)]
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    return text, pages, max(right_edges), min(widths), tables


def printed_county_shapes(page) -> list[int]:
    """Per printed map picture on the page: how many filled shapes (counties) its SVG draws, read from the picture
    the browser printed (its data URL)."""
    counts = []
    for source in page.locator(f"{PRINTED_MAPS} img").evaluate_all("(images) => images.map((img) => img.src)"):
        assert source.startswith("data:image/svg+xml;base64,"), source[:40]
        root = ElementTree.fromstring(base64.b64decode(source.split(",", 1)[1]))
        counts.append(sum(1 for path in root.iter("{http://www.w3.org/2000/svg}path") if path.get("fill") != "none"))
    return counts


def assert_no_sidebar(text: str) -> None:
    assert not [words for words in SIDEBAR_TEXT if words in text]


def test_a_printed_profile_has_its_map_drawn_and_no_sidebar(page, server, demo_db, tmp_path):
    base, _ = server
    name = partnership_name(demo_db, "P002")
    page.goto(f"{base}/Partnerships?partnership=P002")
    wait_for_run(page)
    expect(page.get_by_role("heading", name=name)).to_be_visible(timeout=60_000)
    expect(page.locator(PRINTED_MAPS).first).to_be_hidden()  # on screen, the interactive maps are the maps

    # the profile's tables draw their grids after the run ends: wait for one below the profile's heading (the
    # directory's grid above it can be drawn first, and the last grid on the page was then the directory's)
    page.wait_for_function("""() => { const profile = document.querySelector('#partnership-profile');
        return profile && [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')]
          .some((grid) => grid.getBoundingClientRect().top > profile.getBoundingClientRect().top); }""",
                           timeout=60_000)
    text, pages, right_edge, width, tables = print_to_pdf(page, tmp_path, "profile", "#partnership-profile", maps=2)
    assert tables >= 1  # the grants table was checked for columns cut off
    # each headline card whole on one page: the wage card broke after its value (a convener)
    cards = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMetric"]')].map((metric) =>
        getComputedStyle(metric.closest('[data-testid="stVerticalBlock"]')).breakInside)""")
    assert cards and set(cards) == {"avoid"}, cards
    assert pixels_of(pages, [SERVED]) > 300, "the served counties are not drawn in the printed PDF"
    assert PARTNERSHIP_MAP_TITLE in text  # the page's own map, above the directory
    assert "Counties served:" in text
    assert name in text and "Partnership profile" in text
    assert_no_sidebar(text)
    assert "Grants" in text
    assert right_edge <= width, f"text runs past the right edge of the page ({right_edge:.0f} > {width:.0f} pt)"


def test_a_printed_page_has_its_map_drawn_and_no_sidebar(page, server, tmp_path):
    base, _ = server
    page.goto(f"{base}/?sector=HLTH&years=2018-2022")
    wait_for_run(page)
    expect(page.get_by_role("heading", name="Sector strategies at a glance")).to_be_visible(timeout=60_000)
    text, pages, right_edge, width, _ = print_to_pdf(page, tmp_path, "overview")
    assert printed_county_shapes(page) == [67], "the printed map does not draw each of the state's counties"
    assert pixels_of(pages, [COUNT_SCALE_TOP]) > 30, "the busiest counties are not drawn in the printed PDF"
    page_text = squeezed(text)
    assert "Partnerships serving each county" in page_text and "Healthcare · all counties · 2018–2022" in page_text
    assert_no_sidebar(text)
    assert right_edge <= width, f"text runs past the right edge of the page ({right_edge:.0f} > {width:.0f} pt)"


def directory_names(database) -> list[str]:
    """The partnerships the directory lists with no filter chosen, in its order, from the database the app serves."""
    with db.connect_read_only(database) as con:
        view = content.view_options(con, False)
        params = content.selection_from(view, {}).query_parameters()
        return list(db.run_query(con, "partnership_directory", **params, public_only=False)["name"])


DIRECTORY_HEADER = ("Partnership", "Sector", "Convener", "Convener type", "Phase", "Counties served", "Exiters",
                    "Employers", "Grant dollars")


WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="[-\d.]+">([^<]*)</word>')


def directory_columns(pdf) -> tuple[str, int]:
    """From the printed directory, by the words' positions (pdftotext -bbox): the text of its first column below
    the header row on every page (words joined without spaces, so a name wrapped over lines reads whole), and how
    many rows have a dollar amount in the last column."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    first_column, rows_with_grants = [], 0
    for page_xml in bbox.split("<page ")[1:]:
        words = [(float(x0), float(y0), float(x1), html.unescape(text)) for x0, y0, x1, text in WORD.findall(page_xml)]
        # the header row: its first line holds the first word of every heading (longer ones wrap)
        firsts = [heading.split()[0] for heading in DIRECTORY_HEADER]
        header = next((w[1] for w in words if w[3] == firsts[0]
                       and set(firsts) <= {v[3] for v in words if abs(v[1] - w[1]) < 2}), None)
        if header is None:
            continue
        by_text = {w[3]: w for w in words if abs(w[1] - header) < 2}
        second, last = by_text[firsts[1]][0], by_text[firsts[-1]][0]
        below = sorted((w for w in words if w[1] > header + 2), key=lambda w: (round(w[1]), w[0]))
        first_column += [w[3] for w in below if w[2] < second]
        rows_with_grants += sum(1 for w in below if w[0] >= last - 40 and re.fullmatch(r"\$[\d,]+", w[3]))
    return "".join(first_column), rows_with_grants


def test_a_printed_directory_lists_every_partnership_and_column(page, server, demo_db, tmp_path):
    """The directory is a scrolling grid on screen; printed, it is a table with every row and every column."""
    base, _ = server
    names = directory_names(demo_db)
    page.goto(f"{base}/Partnerships")
    wait_for_run(page)
    expect(page.get_by_role("heading", name=f"Directory · {len(names):,} partnerships")).to_be_visible(
        timeout=60_000)
    grid, table = page.get_by_test_id("stDataFrame").first, page.locator(".st-key-print-table-directory table").first
    expect(grid).to_be_visible(timeout=60_000)  # on screen, the grid is the directory
    expect(table).to_be_hidden()
    text, _, right_edge, width, _ = print_to_pdf(page, tmp_path, "directory")
    expect(grid).to_be_hidden()  # in print, the table is
    expect(table).to_be_visible()
    assert PARTNERSHIP_MAP_TITLE in squeezed(text)
    first_column, rows_with_grants = directory_columns(tmp_path / "directory.pdf")
    assert names[-1].replace(" ", "") in first_column, "the directory's last partnership is not printed"
    assert "".join(names).replace(" ", "") in first_column, "not every partnership is printed, in order"
    assert rows_with_grants == len(names), "the last column (grant dollars) is not printed on every row"
    assert_no_sidebar(text)
    assert right_edge <= width, f"text runs past the right edge of the page ({right_edge:.0f} > {width:.0f} pt)"


@pytest.mark.parametrize("path, tab, name, own_title, colours", [
    ("Showcase", None, "showcase", "Where public partnerships work (all sectors, all years)", [COUNT_SCALE_TOP]),
    ("Worker_outcomes?years=2018-2022", None, "worker-outcomes",
     "Median hourly wage gain by county of residence, exits 2018–2022", ["#08306b", "#2171b5"]),
    ("Industry", "Where one industry is concentrated", "industry", "location quotient by county",
     [CATEGORY_COLORS[5]]),
])
def test_a_printed_page_prints_its_own_map(page, server, tmp_path, path, tab, name, own_title, colours):
    """Each page prints a picture of its own map (on the tab that shows it), drawn (not blank), under that map's own
    title and source, not the partnership map of another page."""
    base, _ = server
    page.goto(f"{base}/{path}")
    wait_for_run(page)
    if tab:
        page.get_by_role("tab", name=tab).click()
        expect(page.locator(".js-plotly-plot canvas.maplibregl-canvas").first).to_be_attached(timeout=60_000)
    text, pages, right_edge, width, _ = print_to_pdf(page, tmp_path, name)
    page_text = squeezed(text)
    # (seen once, not reproduced: the Industry page's printed text without its map's title) say what the page held
    titles = page.locator(".sectorscope-print-title").all_inner_texts()
    assert own_title in page_text, f"printed map titles on the page: {titles}; PDF in {ARTIFACTS}/print-{name}.pdf"
    assert "Partnerships serving each county" not in page_text and PARTNERSHIP_MAP_TITLE not in page_text
    assert printed_county_shapes(page)[0] >= 60, "the printed map is blank or misses counties"
    assert pixels_of(pages, colours) > 30, "the map's own colours are not in the printed PDF"
    assert_no_sidebar(text)
    assert right_edge <= width, f"text runs past the right edge of the page ({right_edge:.0f} > {width:.0f} pt)"


def funding_view(database) -> tuple[list[str], pd.DataFrame]:
    """From the database the app serves, with no filter chosen: the partnerships the Funding & systems change page
    lists in its funding table, and its systems-change log (in the page's order)."""
    with db.connect_read_only(database) as con:
        view = content.view_options(con, False)
        params = content.selection_from(view, {}).query_parameters()
        names = list(db.run_query(con, "partnership_directory", **params, public_only=False)["name"])
        changes = db.run_query(con, "system_change_entries", **params, public_only=False, categories=[])
    return names, changes


def raw_text(pdf) -> str:
    """The PDF's words in the order Chromium wrote them (pdftotext -raw: a table cell by cell), without spaces or
    line breaks, so a cell wrapped over lines reads whole."""
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())


def charts_cut(page) -> list[str]:
    """In print media, once every chart has its print scale: the titles of the charts (Plotly SVG) with text
    cut off by their own box or by the printed page's content width."""
    page.wait_for_function("""() => [...document.querySelectorAll('.js-plotly-plot')]
        .every((plot) => plot.style.getPropertyValue('--sectorscope-print-zoom') !== '')""", timeout=30_000)
    return page.evaluate("""() => {
        const content = document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect();
        return [...document.querySelectorAll('.js-plotly-plot')].filter((plot) => {
            const box = plot.getBoundingClientRect();
            const right = Math.min(box.right, content.right) + 1;
            return box.width > 0 && [...plot.querySelectorAll('svg text')]
                .some((text) => { const r = text.getBoundingClientRect();
                                  return r.width > 0 && (r.right > right || r.left < box.left - 1); });
        }).map((plot) => ((plot._fullLayout || {}).title || {}).text || '(untitled)'); }""")


def test_a_printed_employer_outcomes_page_has_every_section_and_no_sidebar(page, server, tmp_path):
    """Employer outcomes has no map and no table: each of its tabs printed as shown has its charts and figures,
    uncut."""
    base, _ = server
    page.goto(f"{base}/Employer_outcomes")
    wait_for_run(page)
    page_text, raw = "", ""
    for tab, heading, last_chart in (
            ("Turnover", "Turnover before joining and at the survey", "Median turnover by sector"),
            ("What employers report", "What employers report", "Share of surveyed employers reporting each gain"),
            ("Against the industry norm", "Against the local industry norm", "Partnership employers' annual"),
            ("Hires from training", "Hires from the partnerships' training", "Hires from training per partnership")):
        page.get_by_role("tab", name=tab).click()
        expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=60_000)
        wait_for_chart(page, last_chart)  # the page's charts draw one after another: wait for the last by name
        name = f"employer-outcomes-{tab.lower().replace(' ', '-')}"
        text, _, right_edge, width, tables = print_to_pdf(page, tmp_path, name, maps=0)
        assert tables == 0
        assert not charts_cut(page), f"{tab}: charts cut at the right edge in print: {charts_cut(page)}"
        assert_no_sidebar(text)
        assert right_edge <= width, f"{tab}: text runs past the right edge ({right_edge:.0f} > {width:.0f} pt)"
        page_text += squeezed(text)
        raw += raw_text(tmp_path / f"{name}.pdf")
        page.emulate_media(media="screen")  # back on screen for the next tab
    for words in ("Turnover before joining and at the survey", "What employers report", "Against the local industry "
                  "norm", "Hires from the partnerships' training",
                  "Share of surveyed employers reporting each gain", "Hires from training per partnership"):
        assert words in page_text, f"{words!r} is not printed"
    # a card's label wraps inside its card, beside the next card's: read in the order Chromium wrote the words
    for label in ("Median employer's change in turnover", "Median turnover at the survey", "Hires from training"):
        assert label.replace(" ", "") in raw, f"{label!r} is not printed"


def test_a_printed_funding_page_has_every_row_and_column_of_its_tables(page, server, demo_db, tmp_path):
    """Funding & systems change has no map; its two tables (funding per partnership on the first tab, the
    systems-change log on the last) are scrolling grids on screen and print with every row and column, each tab
    printed as it is shown."""
    base, _ = server
    names, changes = funding_view(demo_db)
    assert len(names) > 10 and len(changes) > 10  # more rows than a grid shows without scrolling
    page.goto(f"{base}/Funding_and_systems_change")
    wait_for_run(page)
    printed = ""
    for tab, heading, key in (("Grants and cost", "Grants, leverage and cost", "funding-by-partnership"),
                              ("Systems change", "Systems change", "systems-change-log")):
        page.get_by_role("tab", name=tab).click()
        expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=60_000)
        expect(page.get_by_test_id("stDataFrame")).to_have_count(1, timeout=60_000)
        expect(page.locator('[data-testid="stDataFrame"] .dvn-scroller')).to_have_count(1, timeout=60_000)
        text, _, right_edge, width, tables = print_to_pdf(page, tmp_path, f"funding-{key}", maps=0)
        assert tables == 0  # in print, no grid is left to cut: it gives way to its table
        expect(page.locator(f".st-key-print-table-{key} table").first).to_be_visible()
        assert not charts_cut(page), f"charts cut at the right edge in print: {charts_cut(page)}"
        assert_no_sidebar(text)
        assert right_edge <= width, f"text runs past the right edge of the page ({right_edge:.0f} > {width:.0f} pt)"
        printed += raw_text(tmp_path / f"funding-{key}.pdf")
        page.emulate_media(media="screen")  # back on screen for the next tab
    for heading in ("Partnership", "Grant dollars", "Leverage", "$ per exiter", "$ per completer", "Kind",
                    "What changed"):
        assert heading.replace(" ", "") in printed, f"the column {heading!r} is not printed"
    missing = [name for name in names if name.replace(" ", "") not in printed]
    assert not missing, f"{len(missing)} partnerships' funding rows are not printed, e.g. {missing[:3]}"
    last = changes.iloc[-1]
    assert (last["partnership_name"] + last["category"] + last["description"]).replace(" ", "") in printed, \
        "the last entry of the systems-change log is not printed whole"


def test_a_printed_tables_text_is_printed_as_text_never_as_markup(browser, tmp_path):
    """The page carries a table's printed copy as text (``ui.printing.print_table_source``); the page's print script
    (``ui.present.CHARTS_SCRIPT``) makes it into tables when Chromium is about to print. Cells holding markup, an
    HTML comment's end and quotes print as typed, and no element of theirs reaches the page. No app server: the
    script and the copy as a page sends them, in a blank page."""
    from sectorscope.ui.present import CHARTS_SCRIPT, PRINT_CSS
    from sectorscope.ui.printing import print_table_source

    hostile = ['<img src=x onerror="window.pwned=1">', "O'Neil --> </style> & \"Sons\"", "<b>bold</b>"]
    table = pd.DataFrame({"Partnership": hostile, "Grant dollars": ["$1,225,000", "", "$3"]})
    tab = browser.new_page()
    try:
        tab.set_content(PRINT_CSS + CHARTS_SCRIPT + '<div class="st-key-print-table-test">'
                        + print_table_source(table) + "</div>")
        tab.wait_for_function("() => window.sectorscopeCharts === true")
        assert tab.locator("table").count() == 0  # nothing is built until the browser prints
        tab.emulate_media(media="print")
        pdf = tmp_path / "table.pdf"
        tab.pdf(path=str(pdf), format="Letter")
        expect(tab.locator("table.sectorscope-print-table tbody tr")).to_have_count(3)
        assert tab.locator("img, b").count() == 0 and tab.evaluate("() => window.pwned") is None
        assert tab.locator("table.sectorscope-print-table td").all_inner_texts() == [
            hostile[0], "$1,225,000", hostile[1], "", hostile[2], "$3"]
        assert tab.locator("td.n").count() == 3 and tab.locator("th.n").count() == 1  # the numbers' column
    finally:
        tab.close()
    text = squeezed(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout)
    for cell in hostile:
        assert squeezed(cell) in text, f"{cell!r} is not printed as typed"
