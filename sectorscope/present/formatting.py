"""Numbers as people read them: thousands separators, dollars, percents. Missing values say so.

Every formatter takes any missing value pandas or numpy produce (None, NaN, ``pd.NA``, ``pd.NaT``, numpy's
NaT) and returns ``MISSING``: neither "None" nor "nan" nor "<NA>" ever reaches the screen.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from sectorscope.metrics.workers import is_small_n
from sectorscope.rounding import half_up, half_up_array
from sectorscope.words import year_span  # noqa: F401  (the pages' years, defined with the words)

MISSING = "–"

# One precision per kind of number, on cards, tables, chart labels and hovers alike:
#   share of people or employers (an outcome rate)       41%        whole percent
#   share of an economy (jobs), growth or relative change +4.2%     one decimal
#   change of a share                                     -29 pts   whole points
#   ratio (location quotient, leverage, wage ratio)       1.25      two decimals
#   mean per unit (hires per employer)                    3.4       one decimal
#   hourly wage or its change                             +$2.00    cents
#   other dollars                                         $1,234    whole dollars ($1.2M on a card)
#   count                                                 12,345    whole
SHARE_DIGITS = 0
RELATIVE_DIGITS = 1
RATIO_DIGITS = 2
PER_UNIT_DIGITS = 1
# The same rule for Plotly's hover and tick formats (d3-format).
PLOTLY_FORMATS = {"share": f".{SHARE_DIGITS}%", "relative": f"+.{RELATIVE_DIGITS}%", "ratio": f".{RATIO_DIGITS}f",
                  "hourly_dollars": "$,.2f", "dollars": "$,.0f", "count": ",d"}
# The same rule for table columns that stay numbers (sortable): keyword arguments of Streamlit's NumberColumn by the
# kind of a column. Its ``step`` sets the decimals shown; a "percent" column shows two fewer than its step has
# (step 0.01 -> 76%, never 76.36%).
TABLE_FORMATS: dict[str, dict[str, object]] = {
    "count": {"format": "localized", "step": 1},
    "percent": {"format": "percent", "step": 10 ** -(SHARE_DIGITS + 2)},
    "relative": {"format": "percent", "step": 10 ** -(RELATIVE_DIGITS + 2)},
    "rate_1": {"format": "percent", "step": 10 ** -3},  # a rate to one decimal, as DOL's WIOA reports give them
    "hourly_dollars": {"format": "dollar", "step": 0.01},
    "dollars": {"format": "dollar", "step": 1},
    "points": {"format": "%+d pts", "step": 1},  # a change of a share, in percentage points as shown
    "rate_gap": {"format": "%+d pts", "step": 1},  # a difference of two shares (fractions): x 100 for the table
}


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def as_markdown_text(text: str) -> str:
    """``text`` as literal words in Streamlit's Markdown, every punctuation mark that could start a link, a picture,
    emphasis, HTML or a Streamlit directive (``:red[...]``, ``:material/...:``) escaped: a link's parameter echoed in a
    notice ("Ignored unknown partnership ...") drew a working link to another site, or made every visitor's browser
    fetch a picture from it (a deployment reviewer)."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def percent_decimals(values: pd.Series) -> int:
    """The decimals of a percent column or of a chart's labels: ``SHARE_DIGITS``, or as many more (two at most) as its
    values need so that none reads 100 or 0 without being so (``shown_percent``: a column of 41% and 335 of 336
    reads 41.0% and 99.7%)."""
    shares = values.to_numpy(dtype="float64", na_value=np.nan)
    partial = shares[(shares > 0) & (shares < 1)]
    for decimals in range(SHARE_DIGITS, SHARE_DIGITS + 2):
        shown = half_up_array(partial * 100, decimals)
        if not ((shown == 0) | (shown == 100)).any():
            return decimals
    return SHARE_DIGITS + 2


def _points_decimals(values: pd.Series) -> int:
    """The decimals of a column of points as shown (``shown_points``: whole, or with the decimals of shares shown
    with them, +4.7 for 95% -> 99.7%): the fewest, up to two, that write every value whole."""
    points = values.to_numpy(dtype="float64", na_value=np.nan)
    points = points[~np.isnan(points)]
    return next((digits for digits in (0, 1) if (half_up_array(points, digits) == points).all()), 2)


def _decimals(values: pd.Series, kind: str) -> int | None:
    """The decimals a number column of ``kind`` shows (``TABLE_FORMATS``' step, more where its values need them:
    percents, points), None for kinds without a step. A percent or relative column holds fractions: these are the
    decimals of the percent shown, which is what is rounded (3 of 40 is 7.5%: "8%", as the cards say)."""
    if kind == "percent":
        return percent_decimals(values)
    if kind == "points":
        return _points_decimals(values)
    step = TABLE_FORMATS.get(kind, {}).get("step")
    if step is None:
        return None
    digits = max(0, round(-math.log10(float(step))))
    return digits - 2 if kind in ("relative", "rate_1") else digits


def table_formats(table: pd.DataFrame, kinds: dict[str, str]) -> dict[str, dict[str, object]]:
    """Keyword arguments of Streamlit's NumberColumn for each column of ``table`` of a kind in ``TABLE_FORMATS``: the
    kind's format, a percent column with the step its values need (``percent_decimals``)."""
    formats = {}
    for column in table.columns:
        kind = kinds.get(column, "")
        if kind in TABLE_FORMATS and pd.api.types.is_numeric_dtype(table[column]):  # words ("not loaded") as text
            formats[column] = dict(TABLE_FORMATS[kind])
            if kind == "percent":  # the step of the fraction: two decimals more than its percent
                formats[column]["step"] = 10 ** -(_decimals(table[column], kind) + 2)
            elif kind == "points":
                digits = _decimals(table[column], kind)
                formats[column] |= {"format": f"%+.{digits}f pts", "step": 10 ** -digits}
    return formats


def whole_for_grid(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``table`` with ``columns`` rounded to whole numbers, half up, for a grid showing them as such (Streamlit's
    "$%,d" cuts the cents off: $5,906.54 read "$5,906" beside the printed "$5,907"). A column holding words too (a
    cell reading "not on record") keeps them; the CSV keeps the table as computed."""
    rounded = table.copy(deep=False)
    for column in columns:
        values = table[column]
        if pd.api.types.is_numeric_dtype(values):
            rounded[column] = half_up_array(values.to_numpy(dtype="float64", na_value=np.nan))
        else:
            rounded[column] = [half_up(value) if isinstance(value, int | float) and not isinstance(value, bool)
                               and math.isfinite(value) else value for value in values]
    return rounded


def number_columns(table: pd.DataFrame, columns: Sequence[str]) -> list[str]:
    """The ``columns`` of a grid's ``table`` (``numbers_for_grid``'s) that hold numbers, to be given a number format.
    A column of words alone ("not on record" in every row, "not loaded") shows as text: given a number format, each
    of its cells carried an error mark (the Funding grid of 2005–2010)."""
    return [column for column in columns if pd.api.types.is_numeric_dtype(table[column])]


def numbers_for_grid(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``table`` with the words in ``columns`` that also hold numbers made empty (the grid's placeholder), so the
    grid keeps them numbers that sort as numbers: Arrow cannot hold 40 and "not on record" in one column (Streamlit
    turned the whole column into text, sorting "9" after "40"). A column of words alone keeps them. Say beside the
    grid what its empty cells mean; the printed copy and the CSV keep the words."""
    shown = table.copy(deep=False)
    for column in columns:
        values = table[column]
        if pd.api.types.is_numeric_dtype(values):
            continue
        numbers = values.map(lambda value: isinstance(value, int | float | np.number) and not isinstance(value, bool))
        if numbers.any():
            shown[column] = pd.to_numeric(values.where(numbers), errors="coerce")
    return shown


def rounded_for_table(table: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    """``table`` with each number column rounded as the grid shows it (``table_formats``), as the cards round: the
    grid cuts a value to the step's decimals instead of rounding it (0.6689 showed as "66%" beside a card's "67%"),
    so it is given the rounded value. Other columns as they are; missing values stay missing."""
    columns = {}
    for column in table.columns:
        kind = kinds.get(column, "")
        if kind not in TABLE_FORMATS or not pd.api.types.is_numeric_dtype(table[column]):
            continue
        values = table[column].to_numpy(dtype="float64", na_value=np.nan)
        digits = _decimals(table[column], kind)
        if kind in ("percent", "relative", "rate_1"):  # the percent shown is rounded, then given back as a fraction
            # (rounded again after the division, which leaves binary noise: 41.2 / 100 is 0.41200000000000003)
            columns[column] = np.round(half_up_array(values * 100, digits) / 100, digits + 2)
        else:
            columns[column] = half_up_array(values * (100 if kind == "rate_gap" else 1), digits) + 0.0  # no -0
    rounded = table.copy(deep=False)
    for column, values in columns.items():  # one column at a time: a frame's columns may repeat no name here
        rounded[column] = values
    return rounded


def is_missing(value: object) -> bool:
    """Is ``value`` a missing scalar (None, NaN, pd.NA, pd.NaT, numpy NaT)? Lists and other values are not."""
    if value is None:
        return True
    try:
        missing = pd.isna(value)
    except (TypeError, ValueError):
        return False
    return isinstance(missing, bool | np.bool_) and bool(missing)



def format_text(value: object, missing: str = MISSING) -> str:
    """Text as it is, trimmed; ``missing`` (default "–") for a missing or empty value, never "None" or "nan"."""
    if is_missing(value):
        return missing
    text = str(value).strip()
    return text or missing


def shortened(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (a chart label, a deck's footer): the whole text when
    it fits, else its first ``limit - 1`` characters without a trailing space or comma, then "…"."""
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,") + "…"


def format_count(value: float | int | None) -> str:
    """12,345 (whole number with thousands separators)."""
    return MISSING if is_missing(value) else f"{int(half_up(value)):,}"


def format_counted(value: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun, singular for one: "1 partnership", "76 partnerships", "1,234 grants"."""
    return f"{value:,} {noun if value == 1 else plural or noun + 's'}"


# Words of a unit ending in "s" that are not plural nouns (count_with_unit leaves them be)
_NOT_PLURAL = frozenset({"is", "was", "has", "this", "its", "less", "as", "plus"})


def _singular(word: str) -> str:
    """"people" -> "person", "exiters" -> "exiter"; a word that is no plural noun as it is."""
    if word == "people":
        return "person"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and word not in _NOT_PLURAL else word


def count_with_unit(value: int, unit: str) -> str:
    """"n = 1,234 completers", and for one "n = 1 completer": the unit's first plural noun in the singular ("people"
    -> "person"; "exiters with wage records" -> "exiter with wage records"; "employed exiters" -> "employed
    exiter")."""
    if value == 1:
        words = unit.split(" ")
        for position, word in enumerate(words):
            bare = word.rstrip(",;:")  # "answers, one per employer and partnership": the word before its comma
            if _singular(bare) != bare:
                words[position] = _singular(bare) + word[len(bare):]
                break
        unit = " ".join(words)
    return f"n = {format_count(value)} {unit}"


def format_dollars(value: float | int | None, cents: bool = False) -> str:
    """$1,234,567 (or $12.34 with ``cents``); negative as -$12."""
    if is_missing(value):
        return MISSING
    amount = half_up(abs(value), 2 if cents else 0)
    sign = "-" if value < 0 and amount != 0 else ""  # -$0.004 is "$0.00", as d3 writes it, not "-$0.00"
    return f"{sign}${amount:,.2f}" if cents else f"{sign}${amount:,.0f}"


def _compact(amount: float) -> tuple[float, float, str, int]:
    """A dollar amount (not below 0) as the cards write it: the number as rounded in its unit, the unit in dollars,
    its letter and the decimals (each unit chosen by the number as rounded)."""
    if half_up(amount) < 1e4:
        return half_up(amount), 1.0, "", 0
    if half_up(amount / 1e3) < 1e3:
        return half_up(amount / 1e3), 1e3, "K", 0
    if half_up(amount / 1e6, 1) < 1e3:
        return half_up(amount / 1e6, 1), 1e6, "M", 1
    return half_up(amount / 1e9, 1), 1e9, "B", 1


def format_compact_dollars(value: float | int | None) -> str:
    """$1.2M, $350K, $9,950 — for headline cards: each unit chosen by the number as rounded ($999,500 is "$1.0M",
    never "$1,000K"; $9,999.60 is "$10K")."""
    if is_missing(value):
        return MISSING
    value = round(value, 2)  # to the cent first: two sums of one set of grants, added in another order, read alike
    number, _, letter, decimals = _compact(abs(value))
    return f"{'-' if value < 0 else ''}${number:,.{decimals}f}{letter}"


def compact_dollars_shown(value: float) -> float:
    """The dollars ``format_compact_dollars`` writes for ``value``: 25,783,000 is "$25.8M", 25,800,000."""
    number, unit, _, _ = _compact(abs(value))
    return math.copysign(number * unit, value)


def add_up_as_shown(total: float, parts: Sequence[float]) -> bool:
    """Do the ``parts`` as the cards write them (``format_compact_dollars``) add up to the ``total`` as written?
    $67.7M of state $25.8M and non-state $42.0M does not (each rounded on its own: a staff reviewer added them).
    Where a figure is missing there is no sum to read: True."""
    if is_missing(total) or any(is_missing(part) for part in parts):
        return True
    return abs(sum(compact_dollars_shown(part) for part in parts) - compact_dollars_shown(total)) < 0.5


def shown_percent(share: float, digits: int = SHARE_DIGITS) -> tuple[float | None, int]:
    """The number ``format_percent`` writes for a share, and its decimals: ``digits`` of them, or as many more (two
    at most) as keep a share that is not all or none from reading 100 or 0 (335 of 336 -> 99.7, 1 of 300 -> 0.3);
    None where even two more do not. A value below 0 (a change, such as a percent wage gain) that rounds to nothing
    is 0, without a sign, as ``format_relative_change`` writes it ("-0.0%" read as a fall of nothing)."""
    if not (0 < share < 1):
        return half_up(share * 100, digits) + 0, digits  # + 0 turns -0 into 0
    for decimals in range(digits, digits + 3):
        value = half_up(share * 100, decimals)
        if value not in (0.0, 100.0):
            return value, decimals
    return None, digits


def format_percent(share: float | None, digits: int = SHARE_DIGITS) -> str:
    """A share 0-1 as a percent: 0.412 -> 41% (``digits`` for a share of an economy: ``RELATIVE_DIGITS``). A share
    that is not all or none never reads 100% or 0% (``shown_percent``: "99.7%", else "over 99.99%"): a staffer would
    quote "100%" of 335 of 336 employers as everyone."""
    if is_missing(share):
        return MISSING
    value, decimals = shown_percent(share, digits)
    if value is None:
        return "over 99.99%" if share > 0.5 else "under 0.01%"
    return f"{value:.{decimals}f}%"


def format_relative_change(change: float | None) -> str:
    """A relative change or growth rate 0-1 as a signed percent with one decimal: 0.0417 -> +4.2%; one that rounds to
    nothing is "0.0%", without a sign (as ``format_points``): -0.0004 read "-0.0%", a fall of nothing."""
    if is_missing(change):
        return MISSING
    percent = half_up(change * 100, RELATIVE_DIGITS) + 0  # + 0 turns -0 into 0
    return f"{percent:{'+' if percent else ''}.{RELATIVE_DIGITS}f}%"


def format_leverage(leverage: float | None) -> str:
    """Non-state dollars per state dollar: 1.25 -> "1.25 : 1"; missing (no state dollars) -> "no state $"."""
    return "no state $" if is_missing(leverage) else f"{format_ratio(leverage)} : 1"


def format_per_unit(value: float | None) -> str:
    """A mean per unit (hires per employer): 3.42 -> 3.4."""
    return format_ratio(value, PER_UNIT_DIGITS)


def format_signed_dollars(value: float | None, cents: bool = True) -> str:
    """+$2.00 / -$0.50: a change in dollars."""
    if is_missing(value):
        return MISSING
    return ("+" if value >= 0 else "") + format_dollars(value, cents=cents)


def format_points(change: float | None, digits: int = 0) -> str:
    """A change of a share in percentage points: -0.29 -> -29 pts (``digits`` decimals: where the shares are shown
    with decimals, 99.5% -> 99.7% is "+0.2 pts"); nothing is "0 pts", without a sign."""
    if is_missing(change):
        return MISSING
    points = half_up(change * 100, digits) + 0  # + 0 turns -0 into 0
    if points == 0:  # no sign on nothing: "+0 pts" beside the Overview's "no change" for one employer
        return f"{points:.{digits}f} pts"
    return f"{points:+.{digits}f} pts"


def format_shown_points(points: float | None) -> str:
    """A number of percentage points as ``shown_points`` gives it (not a fraction): "+15 pts", "+4.7 pts", "-0.2
    pts", "0 pts" (never "-0 pts" or "+0 pts")."""
    if is_missing(points):
        return MISSING
    rounded = half_up(points, 2) + 0
    text = f"{rounded:{'+' if rounded else ''}.2f}".rstrip("0").rstrip(".")
    return f"{text} pts"


def shown_points(before: float, after: float) -> tuple[float, int]:
    """The change from ``before`` to ``after`` (shares 0-1) in percentage points as the two percents are shown
    (``shown_percent``): their difference, and its decimals, the more of the two's. 0.544 -> 0.686 is 54% -> 69%,
    15 points (rounding the difference, 14.2, would give 14 beside figures that subtract to 15)."""
    (shown_after, after_digits), (shown_before, before_digits) = shown_percent(after), shown_percent(before)
    digits = max(after_digits, before_digits)
    difference = (shown_after if shown_after is not None else after * 100) - (
        shown_before if shown_before is not None else before * 100)
    return half_up(difference, digits) + 0, digits


NO_CHANGE = "no change"  # a change of a share that is 0 points as shown: drawn without an arrow or colour


def format_change_from(before: float | None, after: float | None) -> str:
    """The change of a share from ``before`` to ``after`` as a card's delta: 0.54 -> 0.69 gives "+15 pts from 54%".

    The points are the difference of the two percents as shown (each rounded to ``SHARE_DIGITS``), not the rounded
    difference: 0.544 -> 0.686 is 54% -> 69%, "+15 pts", where rounding 14.2 would give "+14 pts" beside figures that
    subtract to 15. Equal as shown: "no change from 70%" (``NO_CHANGE``)."""
    if is_missing(before) or is_missing(after):
        return MISSING
    points, digits = shown_points(before, after)  # the numbers as format_percent writes them
    if points == 0:  # "+0 pts" drew a green up arrow beside 70% -> 70%
        return f"{NO_CHANGE} from {format_percent(before)}"
    return f"{format_points(points / 100, digits)} from {format_percent(before)}"


def format_ratio(value: float | None, digits: int = RATIO_DIGITS) -> str:
    """1.25 (a plain ratio such as a location quotient or leverage)."""
    return MISSING if is_missing(value) else f"{half_up(value, digits):,.{digits}f}"


def format_bytes(size: int | None) -> str:
    """File sizes people read: 812 bytes, 14.2 KB, 139.8 MB."""
    if is_missing(size):
        return MISSING
    if size < 1_000:
        return f"{size:,} bytes"
    if size < 1_000_000:
        return f"{size / 1e3:,.1f} KB"
    return f"{size / 1e6:,.1f} MB"


def n_label(n: object, unit: str = "") -> str:
    """What a group's figure rests on, beside its name on a chart: "n = 1,234", "n = 12 · small n" (fewer than
    ``workers.SMALL_N``: read with care), "n hidden"; "n = 0" alone (no one is not a small group: the employment
    trend's year not yet in the wage records read "n = 0 · small n"). ``unit`` comes right after the count
    ("n = 12 completers · small n"; written after the flag it read "n = 12 · small n completers")."""
    if pd.isna(n):
        return f"n hidden{f' ({unit})' if unit else ''}"
    counted = f"n = {format_count(int(n))}" + (f" {unit}" if unit else "")
    return counted + (" · small n" if is_small_n(int(n)) else "")


def format_interval(low: float | None, high: float | None) -> str:
    """A median gain's 95% interval: "95% interval +$1.10 to +$2.40", or, where there is none (the order-statistic
    interval needs at least 6 people), "no 95% interval under 6 completers" (not "95% interval – to –")."""
    if is_missing(low) or is_missing(high):
        return "no 95% interval under 6 completers"
    return f"95% interval {format_signed_dollars(low)} to {format_signed_dollars(high)}"
