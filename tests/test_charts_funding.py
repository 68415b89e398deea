"""Funding charts: text written after a bar fits at any width (in a margin as wide as the longest text, in pixels),
and the axis is not stretched for it."""

from __future__ import annotations

import pandas as pd
import pytest

from sectorscope.charts import employers, funding, style


def composition(gaps: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"name": [f"P{i}" for i in range(len(gaps))], "employer": [10, 20][:len(gaps)],
                         "postsecondary": [2, 4][:len(gaps)], "partners": [12, 24][:len(gaps)], "gaps": gaps})


def test_partners_by_type_writes_gaps_in_a_margin_not_in_axis_units():
    """Room for the gap notes in the axis's units ran the axis to twice the longest bar (24 partners on an axis to
    54) and still cut the note at 640 px (reviewers)."""
    plain = funding.partner_composition_chart(composition(["", ""]), "Partners by type")
    flagged = funding.partner_composition_chart(composition(["no education provider", ""]), "Partners by type")
    for figure in (plain, flagged):
        assert figure.layout.xaxis.range[1] < 24 * 1.2 + 1
    notes = flagged.data[-1]
    # over lines of about 20 characters (on one line the longest note took 240 px of a 540 px chart), the margin as
    # wide as the longest line
    assert list(notes.text) == ["", "⚠ no education<br>provider"] and notes.cliponaxis is False
    assert flagged.layout.margin.r >= len("⚠ no education") * 7 > plain.layout.margin.r


def test_partners_by_type_cuts_long_names_and_hovers_them_whole():
    """Beside the gaps' notes, whole partnership names left no room for the plot at 540 px and Plotly cut them at
    the left ("eny Area Financial Services Sector Partnership"): each name is cut to a half-width chart's length,
    in full on hover; two names alike once cut stay whole."""
    long_names = ["Allegheny Area Financial Services Sector Partnership",
                  "Bucks Area Transportation & Logistics Industry Partnership",
                  "Bucks Area Transportation & Logistics Sector Partnership"]
    frame = composition(["no labor or community partner", ""]).iloc[[0, 1, 1]].reset_index(drop=True)
    frame["name"] = long_names
    chart = funding.partner_composition_chart(frame, "Partners by type")
    shown = list(chart.data[0].y)[::-1]  # drawn bottom up
    assert shown[0] == "Allegheny Area Financial Services…" and len(shown[0]) <= employers.GROUP_LABEL_CHARS
    assert shown[1:] == long_names[1:]  # cut, the two Bucks names would read alike
    assert list(chart.data[0].customdata)[::-1] == long_names and "%{customdata}" in chart.data[0].hovertemplate
    assert list(chart.data[-1].y) == list(chart.data[0].y)  # the notes on the same rows


@pytest.mark.parametrize("build", [
    lambda: funding.dollars_per_partnership(pd.DataFrame({
        "name": ["A", "B"], "state_dollars": [1.5e6, 2e5], "non_state_dollars": [8e5, 1e5],
        "grant_dollars": [2.3e6, 3e5], "leverage": [0.53, 0.5]}), "Grant dollars per partnership"),
    lambda: funding.changes_per_partnership_chart(pd.DataFrame({
        "name": ["A", "B"], "changes": [11, 3], "categories": ["policy", "policy"]}), "Systems changes"),
    lambda: employers.hires_chart(pd.DataFrame({
        "name": ["A", "B"], "hires": [15.0, 4.0], "hires_per_employer": [7.2, 2.0], "employers_reporting": [2, 2]}),
        "name", "Hires from training"),
])
def test_the_label_after_the_longest_bar_has_a_margin_of_its_own(build):
    """At 640 px wide "$2.3M" read "$2.3", "11" read "1" and "(7.2 per employer)" was lost: the label after the
    longest bar is drawn past the plot (not clipped) into a right margin as wide as the longest label."""
    figure = build()
    labelled = [trace for trace in figure.data if trace.text is not None]
    assert labelled and all(trace.cliponaxis is False for trace in labelled)
    texts = [f"{text:g}" if isinstance(text, float) else str(text) for trace in labelled for text in trace.text]
    assert figure.layout.margin.r == style.label_room(texts)
    longest = max(max(trace.x) for trace in figure.data if trace.type in ("bar", "scatter"))
    assert figure.layout.xaxis.range[1] <= longest * 1.05  # the axis is not stretched for the labels


def test_grants_and_changes_per_year_span_the_years_chosen_not_those_with_entries():
    """?sector=HLTH stopped the grants' axis at 2023 in a view to 2025, and ?sector=TDL&years=2010-2016 drew 2011-2014
    only: a year without a grant looked outside the view, not a true $0 (a reviewer)."""
    by_year = pd.DataFrame({"year": [2011, 2014], "grant_type": ["planning", "implementation"],
                            "dollars": [1e5, 3e5], "grants": [1, 2]})
    grants = funding.grants_over_time(by_year, "grant_type", "Grant dollars by start year", (2010, 2016))
    changes = funding.changes_over_time_chart(pd.DataFrame({"year": [2011], "category": ["public policy"],
                                                            "changes": [2]}), "Systems changes", (2010, 2016))
    for figure in (grants, changes):
        assert list(figure.layout.xaxis.range) == [2009.5, 2016.5]
        assert figure.layout.xaxis.dtick == 1


def test_the_partnerships_not_drawn_are_counted_in_words_singular_for_one_change():
    """?years=2019-2021: "12 more with 1 changes, not drawn" (a reviewer)."""
    frame = pd.DataFrame({"name": [f"P{i:02d}" for i in range(25)], "changes": [3] * 5 + [1] * 20,
                          "categories": ["policy"] * 25})
    title = funding.changes_per_partnership_chart(frame, "Systems changes per partnership", top=20).layout.title.text
    assert title == "Systems changes per partnership (top 20 of 25; 5 more with 1 change, not drawn)"
    several = frame.assign(changes=[3] * 25)
    assert "5 more with 3 changes, not drawn" in funding.changes_per_partnership_chart(
        several, "Systems changes per partnership", top=20).layout.title.text


LONG_NAMES = ["Philadelphia Area Advanced Manufacturing Sector Partnership",
              "Philadelphia Area Advanced Manufacturing Careers Consortium", "Erie Healthcare"]


@pytest.mark.parametrize(("build", "expected"), [
    (lambda: funding.dollars_per_partnership(pd.DataFrame({
        "partnership_id": ["P1", "P2", "P3"], "name": LONG_NAMES, "state_dollars": [3e5, 2e5, 1e5],
        "non_state_dollars": [1e5] * 3, "grant_dollars": [4e5, 3e5, 2e5], "leverage": [0.3] * 3}), "Grants"),
     ["Erie Healthcare", "Philadelphia Area Adv… (P2)", "Philadelphia Area Adv… (P1)"]),
    (lambda: funding.changes_per_partnership_chart(pd.DataFrame({
        "partnership_id": ["P1", "P2", "P3"], "name": LONG_NAMES, "changes": [5, 4, 3], "categories": ["policy"] * 3}),
        "Systems changes"),
     ["Erie Healthcare", "Philadelphia Area Adv… (P2)", "Philadelphia Area Adv… (P1)"]),
    (lambda: funding.earnings_return_chart(pd.DataFrame({
        "name": LONG_NAMES, "grant_dollars": [4e5, 3e5, 2e5], "mean_hourly_gain": [2.0, 1.0, float("nan")],
        "annual_gain": [4e5, 2e5, float("nan")], "return_per_dollar": [1.0, 0.6, float("nan")],
        "employed_completers": [40, 12, float("nan")], "gain_n": [45, 20, float("nan")]}), "name", "Return"),
     ["Erie Healthcare (not recorded)", "Philadelphia Area Adv… (n=12 · small n)", "Philadelphia Area Adv… (n=40)"]),
])
def test_partnership_names_are_cut_shorter_for_a_phone(build, expected):
    """On a phone the Funding page's whole partnership names were cut at the chart's left edge ("…Advanced
    Manufacturing Careers Consortium"): each chart carries shorter ones for the browser to show there
    (``style.narrow_ticks``), ids after names cut alike, the categories themselves unchanged."""
    figure = build()
    narrow = figure.layout.meta[style.NARROW]["layout"]
    assert narrow["yaxis.ticktext"] == expected
    assert narrow["yaxis.tickvals"] == [str(value) for value in figure.data[0].y]


def test_earnings_return_labels_are_the_gain_alone_on_a_phone():
    """On a phone the labels after the gain bars kept "$400K · $1.00 per grant $" and a right margin of about 165 px
    of a 358 px chart, so the names were cut at its left edge: the chart carries the gain alone for there (the gain
    per grant dollar stays in the hover) and the narrower right margin it needs; a label beside zero stays empty."""
    figure = funding.earnings_return_chart(pd.DataFrame({
        "name": LONG_NAMES, "grant_dollars": [4e5, 3e5, 2e5], "mean_hourly_gain": [2.0, 1.0, float("nan")],
        "annual_gain": [4e5, 2e5, float("nan")], "return_per_dollar": [1.0, 0.6, float("nan")],
        "employed_completers": [40, 12, float("nan")], "gain_n": [45, 20, float("nan")]}), "name", "Return")
    narrow = figure.layout.meta[style.NARROW]
    wide_text = list(figure.data[1].text)
    assert narrow["traces"] == {"1": {"text": ["", "$200K", "$400K"]},
                                "2": {"text": ["gain unknown"]}}  # the unknown one beside zero
    assert list(figure.data[2].text) == [funding.UNKNOWN_GAIN]
    assert wide_text == ["", "$200K · $0.60 per grant $", "$400K · $1.00 per grant $"]
    assert figure.data[1].customdata[1] == "$0.60 per grant $"  # the hover keeps it
    assert narrow["layout"]["margin.r"] < figure.layout.margin.r - 60
    assert list(figure.data[0].text) == ["$200K", "$300K", "$400K"]  # the grant's labels, as short
    assert narrow["layout"]["margin.r"] >= round(len("$400K") * funding.LABEL_CHARACTER_PX)  # the longest short one


def test_a_loss_beside_zero_is_the_loss_alone_on_a_phone():
    """A gain below zero is written right of zero across the plot ("-$259K · -$0.26 per grant $"), which on a
    phone ran past the chart's right edge: there the loss alone."""
    figure = funding.earnings_return_chart(pd.DataFrame({
        "name": ["A", "B"], "grant_dollars": [4e5, 1e6], "mean_hourly_gain": [2.0, -0.5],
        "annual_gain": [4e5, -2.59e5], "return_per_dollar": [1.0, -0.259],
        "employed_completers": [40, 30], "gain_n": [45, 31]}), "name", "Return")
    assert list(figure.data[2].text) == ["-$259K · -$0.26 per grant $"]
    assert figure.layout.meta[style.NARROW]["traces"]["2"] == {"text": ["-$259K"]}
