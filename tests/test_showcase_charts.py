"""The Showcase's charts (``charts.showcase``): what a year without a shown value looks like."""

from __future__ import annotations

import pandas as pd

from sectorscope.charts import showcase


def test_a_hidden_year_keeps_its_place_on_the_axis_marked_hidden_not_zero():
    """A year hidden for privacy was left off the axis: 2014, 2016 read as neighbours, 2015 gone without a word."""
    frame = pd.DataFrame({"part": ["2014", "2015", "2016", "2017"], "exiters": [120.0, None, 140.0, None],
                          "exiters_hidden": [False, True, False, False]})
    figure = showcase.yearly_bars(frame, "part", "exiters", "People who left a program, by year")
    bars, marks = figure.data
    assert list(bars.x) == ["2014", "2016"] and list(bars.y) == [120, 140]
    assert list(marks.x) == ["2015", "2017"] and list(marks.text) == ["hidden", "none"]
    assert "hidden for privacy" in marks.hovertemplate[0] and "no one to count" in marks.hovertemplate[1]
    assert list(figure.layout.xaxis.categoryarray) == ["2014", "2015", "2016", "2017"]


def test_a_frame_without_its_hidden_flags_counts_every_missing_year_hidden():
    """As ``charts.describe`` counts them: a missing value with no flag to say otherwise is hidden."""
    frame = pd.DataFrame({"part": ["2019", "2020"], "exiters": [None, 80.0]})
    marks = showcase.yearly_bars(frame, "part", "exiters", "People").data[1]
    assert list(marks.text) == ["hidden"]


def test_every_year_shown_draws_bars_alone():
    frame = pd.DataFrame({"part": ["2019", "2020"], "exiters": [50.0, 80.0]})
    assert len(showcase.yearly_bars(frame, "part", "exiters", "People").data) == 1


def test_a_sector_without_a_raise_keeps_its_place_at_the_foot_marked_in_words():
    """The raise by sector drew the shown sectors alone: a PNG of it dropped five sectors hidden in a region without
    a sign (a public visitor). Each keeps its row at the foot, marked "hidden for privacy" or "no one to count"."""
    frame = pd.DataFrame({"sector": ["Healthcare", "Finance", "Energy", "Retail"],
                          "median_wage_gain": [1.5, None, 2.25, None],
                          "median_wage_gain_hidden": [False, True, False, False]})
    figure = showcase.labelled_bars(frame, "sector", "median_wage_gain", "Raise", str)
    bars, marks = figure.data
    assert list(bars.y) == ["Healthcare", "Energy"] and list(bars.x) == [1.5, 2.25]
    assert list(marks.y) == ["Finance", "Retail"] and list(marks.text) == ["hidden for privacy", "no one to count"]
    assert list(marks.x) == [0, 0]
    # bottom to top: the unshown (reading downwards in the frame's order), then the shown, largest on top
    assert list(figure.layout.yaxis.categoryarray) == ["Retail", "Finance", "Healthcare", "Energy"]
    assert len(showcase.labelled_bars(frame.dropna(), "sector", "median_wage_gain", "Raise", str).data) == 1
