"""Every formatter shows a missing value as "–", whatever kind of missing pandas or numpy hands it."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sectorscope.present import formatting

FORMATTERS = [
    formatting.format_count,
    formatting.format_dollars,
    formatting.format_compact_dollars,
    formatting.format_percent,
    formatting.format_signed_dollars,
    formatting.format_points,
    formatting.format_ratio,
    formatting.format_bytes,
    formatting.format_text,
]
MISSING_VALUES = [None, math.nan, np.float64("nan"), pd.NA, pd.NaT, np.datetime64("NaT")]


@pytest.mark.parametrize("formatter", FORMATTERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("value", MISSING_VALUES, ids=repr)
def test_every_formatter_shows_a_dash_for_every_kind_of_missing(formatter, value):
    assert formatter(value) == formatting.MISSING


@pytest.mark.parametrize("formatter", FORMATTERS, ids=lambda f: f.__name__)
def test_missing_cells_of_nullable_columns_format_as_a_dash(formatter):
    column = pd.Series([pd.NA, 3], dtype="Int64")
    shown = column.map(formatter)
    assert shown.iloc[0] == formatting.MISSING
    assert shown.iloc[1] not in (formatting.MISSING, "None", "nan", "<NA>")


@pytest.mark.parametrize(("formatter", "value", "expected"), [
    (formatting.format_count, np.int64(1234), "1,234"),
    (formatting.format_count, pd.array([7], dtype="Int64")[0], "7"),
    (formatting.format_dollars, np.float64(-3.4), "-$3"),
    (formatting.format_percent, np.float32(0.5), "50%"),
    (formatting.format_text, "  Denver  ", "Denver"),
    (formatting.format_text, "", "–"),
    (formatting.format_text, 42, "42"),
])
def test_numpy_and_nullable_values_are_formatted(formatter, value, expected):
    assert formatter(value) == expected


def test_format_text_can_say_not_stated():
    assert formatting.format_text(None, missing="not stated") == "not stated"
    assert formatting.format_text(pd.NA, missing="not stated") == "not stated"


def test_a_share_that_is_not_all_or_none_never_reads_100_or_0_percent():
    """335 of 336 employers read "100%" beside the Massachusetts evaluation's 100%, and 1 of 300 read "0%"."""
    from sectorscope.present.formatting import format_change_from, format_percent

    assert format_percent(335 / 336) == "99.7%" and format_percent(1 / 300) == "0.3%"
    assert format_percent(1.0) == "100%" and format_percent(0.0) == "0%" and format_percent(0.412) == "41%"
    assert format_percent(1 - 1e-9) == "over 99.99%" and format_percent(1e-9) == "under 0.01%"
    assert format_change_from(0.95, 335 / 336) == "+4.7 pts from 95%"  # 95% -> 99.7%: subtracts as shown


def test_a_negative_percent_that_rounds_to_nothing_reads_without_a_sign():
    """A median percent wage gain of -0.04% read "-0.0%" on its card (and -0.4% "-0%"): a fall of nothing. Like
    ``format_relative_change``, a change that rounds to nothing is 0, and a negative one keeps its sign."""
    from sectorscope.present.formatting import format_percent

    assert format_percent(-0.0004, 1) == "0.0%" and format_percent(-0.004) == "0%" and format_percent(-0.0) == "0%"
    assert format_percent(-0.004, 1) == "-0.4%" and format_percent(-0.12) == "-12%"
