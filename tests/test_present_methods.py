"""The "How these are measured" notes, as ``present/methods.py`` writes them for each page."""

from __future__ import annotations

import pytest

from sectorscope.metrics import labor_market, workers
from sectorscope.present import methods

NOTES = {
    "overview": lambda k: methods.overview_methods(k),
    "industry": lambda k: methods.industry_methods("the U.S.", k),
    "worker": lambda k: methods.worker_methods(k),
    "employer": lambda k: methods.employer_methods(k),
    "funding": lambda k: methods.funding_methods(k),
}


@pytest.mark.parametrize("page", NOTES)
def test_a_public_note_says_what_it_hides_and_a_staff_note_does_not(page):
    staff, public = NOTES[page](None), NOTES[page](7)
    assert "Public view" not in staff and staff.startswith("- **")
    assert public.startswith(staff) and "**Public view**" in public and "fewer than 7" in public


def test_the_notes_state_the_thresholds_the_code_uses():
    assert f"fewer than {workers.SMALL_N} completers are flagged" in methods.worker_methods(None)
    assert f"LQ ≥ {labor_market.STRONG_LQ}" in methods.industry_methods("Pennsylvania", None)
    assert "share of Pennsylvania's jobs" in methods.industry_methods("Pennsylvania", None)
