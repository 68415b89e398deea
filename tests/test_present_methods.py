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


def test_the_industry_note_credits_the_loaded_file_not_bls_where_it_is_not_blss():
    """"How these are measured" said BLS published the LQs and changes shown and suppressed the cells, whatever the
    file loaded (a template's qcew_annual.csv, the demo's); BLS's own files keep BLS's words."""
    bls = methods.industry_methods("the U.S.", 7)
    assert "BLS's own published LQ is shown when the file carries it (**BLS-published LQ**" in bls
    assert "BLS's published change over the year" in bls and "like a cell BLS suppressed" in bls
    other = methods.industry_methods("the U.S.", 7, from_bls=False, agency="the data's source",
                                     published_lq_name="LQ published in the loaded file")
    assert "the LQ published in the loaded file is shown where it has one (**LQ published in the loaded file**" in other
    assert "the change over the year published in the loaded file" in other
    assert "where the data's source suppressed some" in other and "like a cell the data's source suppressed" in other
    assert not any(words in other for words in ("BLS's own", "BLS-published", "BLS's published LQs",
                                                "BLS's published change", "BLS suppressed", "BLS disclosure"))


def test_the_funding_note_says_a_zero_dollar_grant_counts_as_none_as_the_figures_do():
    """A reviewer found "2,511 exiters of 1 partnership without a grant" beside a $0 grant on record: the figures
    count a $0 grant as none (``funding.funding_grants``), and the note says so."""
    import pandas as pd

    from sectorscope.metrics import funding

    grants = pd.DataFrame({"grant_id": ["G1", "G2"], "amount_usd": [0.0, 5_000.0]})
    assert list(funding.funding_grants(grants)["grant_id"]) == ["G2"]
    assert "A grant of $0 on record" in methods.funding_methods(None)
    assert "counts as no grant in every funding figure" in methods.funding_methods(None)
