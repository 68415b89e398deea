"""Employer outcome charts (``charts/employers.py``): what their labels and titles say."""

from __future__ import annotations

import pandas as pd

from sectorscope.charts import employers


def test_the_group_dumbbells_label_says_it_is_the_median_of_each_employers_change():
    """Dots at 38% and 32% joined by "-4 pts" read as the gap between them (6 pts): the label is the median of each
    employer's change, which the legend now names (an Employer page reviewer)."""
    frame = pd.DataFrame({"name": ["Healthcare"], "n": [40], "median_before": [0.38], "median_after": [0.32],
                          "median_change": [-0.04]})
    figure = employers.turnover_dumbbell(frame, "name", "Median turnover by sector, before → at the survey")
    labels = next(trace for trace in figure.data if trace.text is not None)
    assert labels.name == "Median of each employer's change" and labels.showlegend is not False
    assert list(labels.text) == ["-4 pts"] and "median of each employer's change" in labels.hovertemplate
    # each employer's own dumbbell: the label is the distance between its dots, no legend key needed
    paired = pd.DataFrame({"employer_name": ["A"], "partnership_name": ["P"], "turnover_rate_before": [0.38],
                           "turnover_rate_after": [0.32], "change": [-0.06]})
    own = employers.employer_dumbbell(paired, "Each employer")
    assert [trace.name for trace in own.data if trace.text is not None] == ["At the survey"]


def test_a_groups_written_change_stands_off_its_dot_toward_its_side():
    """Written from the after marker's centre, "-3 pts" ran under the dot ("-3 pt" and the dot on the "s")."""
    frame = pd.DataFrame({"name": ["Healthcare", "Energy"], "n": [40, 30], "median_before": [0.38, 0.20],
                          "median_after": [0.32, 0.25], "median_change": [-0.04, 0.05]})
    figure = employers.turnover_dumbbell(frame, "name", "t")
    after = next(trace for trace in figure.data if trace.name == "At the survey (median)")
    labels = next(trace for trace in figure.data if trace.name == employers.MEDIAN_CHANGE_NAME)
    written = dict(zip(labels.y, zip(labels.x, labels.textposition, strict=True), strict=True))
    dots = dict(zip(after.y, after.x, strict=True))
    for row, (x, side) in written.items():
        assert (x < dots[row]) if side == "middle left" else (x > dots[row]), (row, x, side, dots[row])


def test_a_fall_to_near_zero_is_written_right_of_its_pair_not_cut_at_the_axis():
    """Written left of an after dot at 1%, "-20 pts" began left of 0 and was cut away whole: the group read no change
    (a reviewer). Too near 0 for its words, it is written right of the before dot."""
    frame = pd.DataFrame({"name": ["A", "B"], "n": [40, 30], "median_before": [0.21, 0.5],
                          "median_after": [0.01, 0.4], "median_change": [-0.2, -0.1]})
    labels = next(trace for trace in employers.turnover_dumbbell(frame, "name", "t").data
                  if trace.name == employers.MEDIAN_CHANGE_NAME)
    written = dict(zip(labels.y, zip(labels.x, labels.textposition, strict=True), strict=True))
    (near_x, near_side), = [place for row, place in written.items() if row.startswith("A ")]
    (far_x, far_side), = [place for row, place in written.items() if row.startswith("B ")]
    assert near_side == "middle right" and near_x > 0.21 and labels.cliponaxis is False
    assert far_side == "middle left" and 0 < far_x < 0.4


def test_on_a_phone_two_employers_alike_when_cut_keep_their_whole_names():
    paired = pd.DataFrame({"employer_name": ["Keystone Regional Health System", "Keystone Regional Health Partners"],
                           "partnership_name": ["P", "P"], "turnover_rate_before": [0.4, 0.3],
                           "turnover_rate_after": [0.3, 0.2], "change": [-0.1, -0.1]})
    narrow = employers.employer_dumbbell(paired, "Each employer", named_elsewhere=True).layout.meta["narrow"]
    assert len(set(narrow["layout"]["yaxis.ticktext"])) == 2


def test_on_a_phone_the_dumbbells_rows_read_shorter_names():
    """At 34 characters a sector's name and n left the plot 110 px of a 358 px chart; on a phone, 16."""
    frame = pd.DataFrame({"name": ["Agriculture & Food Processing"], "n": [142], "median_before": [0.36],
                          "median_after": [0.30], "median_change": [-0.06]})
    narrow = employers.turnover_dumbbell(frame, "name", "t").layout.meta["narrow"]["layout"]
    assert narrow["yaxis.tickvals"] == ["Agriculture & Food Processing (n = 142)"]
    assert narrow["yaxis.ticktext"] == ["Agriculture & F… (n = 142)"]


def hires(count: int, unreported: int = 0) -> pd.DataFrame:
    """``count`` partnerships reporting hires (most first), then ``unreported`` with no number."""
    return pd.DataFrame({"name": [f"P{i}" for i in range(count + unreported)],
                         "hires": [float(100 - i) for i in range(count)] + [float("nan")] * unreported,
                         "hires_per_employer": 2.0, "employers_reporting": [3] * count + [0] * unreported})


def test_the_hires_title_says_how_many_bars_it_draws():
    """"Hires from training per partnership (top 20)" drew 16 bars (an Employer page reviewer)."""
    title = "Hires from training per partnership"
    few = employers.hires_chart(hires(16), "name", title)
    assert few.layout.title.text == f"{title} (16 with hires reported)" and len(few.data[0].y) == 16
    many = employers.hires_chart(hires(34, unreported=2), "name", title)
    assert many.layout.title.text == f"{title} (top 20 of 34 with hires reported; 2 without a number)"
    assert len(many.data[0].y) == 20
    exactly = employers.hires_chart(hires(20), "name", title)
    assert exactly.layout.title.text == f"{title} (20 with hires reported)"
    one = employers.hires_chart(hires(1), "name", title)
    assert one.layout.title.text == f"{title} (1 with hires reported)"  # it read "(1 reporting hires)"


def test_long_group_names_are_cut_to_keep_the_plot_and_stay_apart():
    """Partnership names written in full took 90% of a half-width dumbbell: its plot 60 px wide, labels clipped, the
    legend over the title (a reviewer). Cut to 34 characters, in full where two would read alike."""
    frame = pd.DataFrame({"name": ["Bucks Area Transportation & Logistics Workforce Collaborative",
                                   "Bucks Area Transportation & Logistics Talent Alliance", "York Health"],
                          "n": [16, 40, 30], "median_before": [0.4, 0.5, 0.3], "median_after": [0.3, 0.4, 0.3],
                          "median_change": [-0.1, -0.1, 0.0]})
    labels = list(employers.turnover_dumbbell(frame, "name", "t").data[1].y)
    assert labels[0] == "York Health (n = 30)"  # the first row on top
    assert len(set(labels)) == 3 and all(label.startswith("Bucks Area Transportation & Logistics ") for label in
                                         labels[1:])  # two alike when cut: kept whole
    alone = employers.turnover_dumbbell(frame.iloc[[0, 2]], "name", "t").data[1].y
    assert alone[1] == "Bucks Area Transportation & Logis… (n = 16 · small n)"


def test_each_employers_row_names_its_partnership_only_where_there_are_several():
    paired = pd.DataFrame({"employer_name": ["Acme", "Bolt"], "partnership_name": ["York Health"] * 2,
                           "turnover_rate_before": [0.4, 0.3], "turnover_rate_after": [0.3, 0.3],
                           "change": [-0.1, 0.0]})
    assert set(employers.employer_dumbbell(paired, "t", named_elsewhere=True).data[1].y) == {"Acme", "Bolt"}
    assert set(employers.employer_dumbbell(paired, "t").data[1].y) == {"Acme · York Health", "Bolt · York Health"}
    two = paired.assign(partnership_name=["York Health", "Erie Makers"])
    assert set(employers.employer_dumbbell(two, "t", named_elsewhere=True).data[1].y) == {"Acme · York Health",
                                                                                           "Bolt · Erie Makers"}


def test_a_name_over_two_lines_is_cut_line_by_line_keeping_its_line_break():
    """"Lackawanna Area Energy Workforce<…": cut whole, the name's <br> was cut in two (an accessibility reviewer)."""
    wrapped = pd.Series(["Lackawanna Area Energy Workforce<br>Collaborative of the Northern Tier Counties", "Short"])
    cut = employers.short_names(wrapped)
    assert cut[0].split("<br>") == ["Lackawanna Area Energy Workforce", "Collaborative of the Northern Tie…"]
    assert cut[1] == "Short"


def test_card_values_grow_with_the_browsers_zoom():
    """min(2.25rem, 2.6vw) kept a card's number at one size at 200% zoom, as 2.6vw shrank (WCAG 1.4.4)."""
    from sectorscope.ui.render import CARD_CSS

    assert "font-size: clamp(1.5rem, 2.6vw, 2.25rem)" in CARD_CSS
