"""Printing from Chromium (``page.pdf``, print media): a profile and a page print their content only, with a drawn
county map (WebGL maps print blank, so the page carries the view's map drawn on the server for print), no sidebar or
menu text, and nothing cut at the right edge. The PDF is rasterised with pdftoppm and read with pdftotext."""

from __future__ import annotations

import re
import subprocess

import pytest
from browser_support import ARTIFACTS, partnership_name, wait_for_run
from PIL import Image
from playwright.sync_api import expect

from sectorscope.export.content import COUNT_COLOURS

pytestmark = pytest.mark.browser

SERVED = "#2171b5"  # a county a partnership serves, on the server-drawn map (content._served_map)
SIDEBAR_TEXT = ("Take away", "Download deck", "One-pager (PDF)", "Mode: staff", "Funding & systems change")


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


def print_to_pdf(page, path, name: str, tables_below: str = "body"):
    """Print the page as Chromium does (print media, Letter) once its printed map has loaded; return the PDF's
    text, its pages rasterised at 60 dpi, the rightmost word's right edge, the page width and how many tables
    were checked."""
    printed_map = page.locator(".st-key-print-map img")
    expect(printed_map).to_have_count(1, timeout=60_000)
    page.wait_for_function("() => { const img = document.querySelector('.st-key-print-map img');"
                           " return img && img.complete && img.naturalWidth > 0; }", timeout=60_000)
    page.emulate_media(media="print")
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(printed_map).to_be_visible()
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


def test_a_printed_profile_has_its_map_drawn_and_no_sidebar(page, server, demo_db, tmp_path):
    base, _ = server
    name = partnership_name(demo_db, "P002")
    page.goto(f"{base}/Partnerships?partnership=P002")
    wait_for_run(page)
    expect(page.get_by_role("heading", name=name)).to_be_visible(timeout=60_000)
    expect(page.locator(".st-key-print-map")).to_be_hidden()  # on screen, the interactive maps are the maps

    # the profile's tables draw their grids after the run ends: wait for the last one (the grants) to be drawn
    expect(page.locator('[data-testid="stDataFrame"] .dvn-scroller').last).to_be_attached(timeout=60_000)
    text, pages, right_edge, width, tables = print_to_pdf(page, tmp_path, "profile", "#partnership-profile")
    assert tables >= 1  # the grants table was checked for columns cut off
    assert pixels_of(pages, [SERVED]) > 300, "the served counties are not drawn in the printed PDF"
    assert f"Counties {name} serves" in text
    assert name in text and "Partnership profile" in text
    assert not [words for words in SIDEBAR_TEXT if words in text]
    assert "Grants" in text
    assert right_edge <= width, f"text runs past the right edge of the page ({right_edge:.0f} > {width:.0f} pt)"


def test_a_printed_page_has_its_map_drawn_and_no_sidebar(page, server, tmp_path):
    base, _ = server
    page.goto(f"{base}/?sector=HLTH&years=2018-2022")
    wait_for_run(page)
    expect(page.get_by_role("heading", name="Sector strategies at a glance")).to_be_visible(timeout=60_000)
    text, pages, right_edge, width, _ = print_to_pdf(page, tmp_path, "overview")
    assert pixels_of(pages, list(COUNT_COLOURS[2:])) > 300, "the county map is not drawn in the printed PDF"
    assert "Partnerships serving each county · Healthcare" in text
    assert not [words for words in SIDEBAR_TEXT if words in text]
    assert right_edge <= width, f"text runs past the right edge of the page ({right_edge:.0f} > {width:.0f} pt)"
