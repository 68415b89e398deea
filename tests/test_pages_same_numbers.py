"""One definition per number: a headline shown on two pages has the same value and n for the same filters."""

from __future__ import annotations

import json

import pytest
from test_pages import open_page


def _metric(at, label):
    return next(metric for metric in at.metric if metric.label == label)


def _caption_after(at, text):
    return next(caption.value for caption in at.caption if text in caption.value)


@pytest.mark.parametrize("params", [{}, {"sector": "HLTH"}, {"years": "2019-2021"}])
def test_overview_and_employer_page_agree_on_turnover(demo_db, monkeypatch, params):
    overview = open_page("app.py", demo_db, monkeypatch, **params)
    employer = open_page("pages/4_Employer_outcomes.py", demo_db, monkeypatch, **params)
    card = _metric(overview, "Median turnover after")
    assert card.delta.split(" from ")[0] == _metric(employer, "Median change in annual turnover").value
    assert card.value == _metric(employer, "Median turnover at the survey").value
    n_overview = _caption_after(overview, "employers with both rates").split(" employers")[0]
    n_employer = _caption_after(employer, "employers with both rates").split(" employers")[0]
    assert n_overview == n_employer


def test_overview_survey_shares_equal_the_employer_page_chart(demo_db, monkeypatch):
    overview = open_page("app.py", demo_db, monkeypatch)
    employer = open_page("pages/4_Employer_outcomes.py", demo_db, monkeypatch)
    chart = next(c for c in employer.get("plotly_chart") if "Share of surveyed employers" in c.proto.spec)
    in_view = next(trace for trace in json.loads(chart.proto.spec)["data"] if trace["name"] == "Employers in view")
    shown = dict(zip(in_view["y"], in_view["text"], strict=True))
    for label in ("Reduced turnover", "Reduced rework"):
        card = _metric(overview, label)
        n = _caption_after(overview, "one per employer and partnership").split("n = ")[1].split(" ")[0]
        matching = [text for name, text in shown.items() if name.startswith(label)]
        assert matching == [card.value], (label, shown)
        assert any(f"n={n}" in name for name in shown if name.startswith("Reduced turnover"))
