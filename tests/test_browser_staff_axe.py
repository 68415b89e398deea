"""Every staff page and the slides of a partnership in Chromium, checked with axe-core: no serious or critical
violation (the public Showcase has its own test). Captions were drawn at 3.9:1 on every staff page, a selected
segmented control at 4.47:1, and the presentation's map slide was a picture without alt text."""

from __future__ import annotations

import pytest
from browser_support import no_error_box, page_url_path, serious_violations, shot, wait_for_run
from playwright.sync_api import expect

from sectorscope.ui.menu import PAGES

pytestmark = pytest.mark.browser

STAFF_PAGES = [page_url_path(page.path) for page in PAGES if page.modes == ("staff",)]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_a_staff_page_has_no_serious_accessibility_violation(page, server, path):
    base, _ = server
    page.goto(f"{base}/{path}")
    wait_for_run(page)
    expect(page.locator("h1").first).to_be_visible(timeout=60_000)
    no_error_box(page)
    found = serious_violations(page)
    # a page of tabs makes only the chosen one's content: every tab is chosen and checked in turn
    for label in page.get_by_role("tab").all_inner_texts()[1:]:
        tab = page.get_by_role("tab", name=label)
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true", timeout=60_000)
        # each tab's section opens with its heading, drawn by the rerun the click starts
        expect(page.get_by_role("tabpanel", name=label).locator("h2").first).to_be_visible(timeout=60_000)
        wait_for_run(page)
        no_error_box(page)
        found += [f"{label}: {violation}" for violation in serious_violations(page)]
    if found:
        shot(page, f"axe-{path or 'overview'}")
    assert found == [], found


def test_every_slide_of_a_partnership_has_no_serious_accessibility_violation(page, server):
    base, _ = server
    page.goto(f"{base}/Partnerships?partnership=P001&present=1")
    wait_for_run(page)
    counter = page.get_by_test_id("present-counter")
    expect(counter).to_be_visible(timeout=60_000)
    total = int(counter.inner_text().split("/")[1])
    for number in range(1, total + 1):
        expect(counter).to_have_text(f"{number} / {total}", timeout=60_000)
        # one live region in the page's body for the whole presentation, its text changed by each slide
        expect(page.locator("#sectorscope-announce")).to_contain_text(f"Slide {number} of {total}: ")
        expect(page.locator("[role=status]#sectorscope-announce")).to_have_count(1)
        found = serious_violations(page)
        assert found == [], (number, found)
        if number < total:
            page.locator(".st-key-present-next button").click()
