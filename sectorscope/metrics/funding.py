"""Funding metrics: leverage of state dollars and dollars per unit."""

from __future__ import annotations

import math


def leverage(non_state_dollars: float, state_dollars: float) -> float:
    """Non-state dollars per state dollar: non_state / state. NaN when there are no state dollars."""
    return non_state_dollars / state_dollars if state_dollars > 0 else math.nan


def per_unit(amount: float, units: int | float) -> float:
    """Amount per unit (e.g. grant dollars per participant); NaN when there are no units."""
    return amount / units if units and units > 0 else math.nan
