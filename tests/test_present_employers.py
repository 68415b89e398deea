"""The Employer outcomes page's words: its hires cards and its "How these are measured" note."""

from __future__ import annotations

import math

from sectorscope.metrics import employers
from sectorscope.present import headlines, methods


def test_the_median_hires_card_keeps_its_half_as_the_mean_card_does():
    """Per-employer totals [2, 2, 4, 4, 5, 5, 5, 6, 7, 7, 7, 7, 8, 10, 13, 24] have the median 6.5: the card read 7
    beside its CSV's 6.5 (an Employer page reviewer)."""
    totals = [2, 2, 4, 4, 5, 5, 5, 6, 7, 7, 7, 7, 8, 10, 13, 24]
    summary = employers.HiresSummary(len(totals), sum(totals), sum(totals) / len(totals), 6.5)
    cards = {card.label: card.value for card in headlines.hires_headlines(summary, None, None)}
    assert cards["Per employer (median)"] == "6.5" and cards["Per employer (mean)"] == "7.3"
    whole = employers.HiresSummary(3, 12, 4.0, 4.0)
    whole_cards = {card.label: card.value for card in headlines.hires_headlines(whole, None, None)}
    assert whole_cards["Per employer (median)"] == "4.0"  # written as the mean beside it
    nobody = employers.HiresSummary(0, math.nan, math.nan, math.nan)
    assert "6.5" not in str(headlines.hires_headlines(nobody, None, None))


def test_the_demos_note_credits_its_synthetic_qwi_not_the_census():
    """The demo's note read "the Census Quarterly Workforce Indicators turnover" above a chart of the generator's
    synthetic demo QWI (an Employer page reviewer)."""
    demo, own = methods.employer_methods(None, is_demo=True), methods.employer_methods(None)
    assert "synthetic demo QWI" in demo and "Census Quarterly Workforce Indicators" not in demo
    assert "Census Quarterly Workforce Indicators turnover" in own and "synthetic" not in own
    assert methods.employer_methods(7, is_demo=True).startswith(demo)


def test_the_note_says_survey_years_outside_the_qwi_add_no_cells():
    assert "outside the QWI years loaded adds no QWI cells" in methods.employer_methods(None)
