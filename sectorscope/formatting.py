"""Numbers as people read them: thousands separators, dollars, percents. Missing values say so."""

from __future__ import annotations

import math

MISSING = "–"


def _missing(value: float | int | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_count(value: float | int | None) -> str:
    """12,345 (whole number with thousands separators)."""
    return MISSING if _missing(value) else f"{round(value):,}"


def format_dollars(value: float | int | None, cents: bool = False) -> str:
    """$1,234,567 (or $12.34 with ``cents``); negative as -$12."""
    if _missing(value):
        return MISSING
    sign = "-" if value < 0 else ""
    amount = abs(value)
    return f"{sign}${amount:,.2f}" if cents else f"{sign}${amount:,.0f}"


def format_compact_dollars(value: float | int | None) -> str:
    """$1.2M, $350K, $950 — for headline cards."""
    if _missing(value):
        return MISSING
    sign = "-" if value < 0 else ""
    amount = abs(value)
    if amount >= 1e9:
        return f"{sign}${amount / 1e9:,.1f}B"
    if amount >= 1e6:
        return f"{sign}${amount / 1e6:,.1f}M"
    if amount >= 1e4:
        return f"{sign}${amount / 1e3:,.0f}K"
    return f"{sign}${amount:,.0f}"


def format_percent(share: float | None, digits: int = 0) -> str:
    """A share 0-1 as a percent: 0.412 -> 41%."""
    return MISSING if _missing(share) else f"{share * 100:.{digits}f}%"


def format_signed_dollars(value: float | None, cents: bool = True) -> str:
    """+$2.00 / -$0.50: a change in dollars."""
    if _missing(value):
        return MISSING
    return ("+" if value >= 0 else "") + format_dollars(value, cents=cents)


def format_points(change: float | None) -> str:
    """A change of a share in percentage points: -0.29 -> -29 pts."""
    if _missing(change):
        return MISSING
    points = round(change * 100) + 0  # + 0 turns -0 into 0
    return f"{points:+d} pts"


def format_ratio(value: float | None, digits: int = 2) -> str:
    """1.25 (a plain ratio such as a location quotient or leverage)."""
    return MISSING if _missing(value) else f"{value:,.{digits}f}"


def format_bytes(size: int | None) -> str:
    """File sizes people read: 812 bytes, 14.2 KB, 139.8 MB."""
    if _missing(size):
        return MISSING
    if size < 1_000:
        return f"{size:,} bytes"
    if size < 1_000_000:
        return f"{size / 1e3:,.1f} KB"
    return f"{size / 1e6:,.1f} MB"
