"""The test suite's attacks on the public release, built on the release's own attacker
(``sectorscope.release.attacker``: what the attacker knows, and the protection rule, are written there).

``attack`` and ``attack_release`` attack every sensitive hidden quantity; ``primary_only`` and ``published_pattern``
give the hidden patterns to attack besides the release's own; ``check_derived_statistics`` checks that shares and
wage gains are shown only where the counts they rest on are.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from sectorscope.release import (
    COUNTS,
    RELEASE_COLUMNS,
    Geography,
    ReleaseInput,
    compute_release,
    count_values,
    reasons_of,
    suppress,
)
from sectorscope.release.attacker import Breach
from sectorscope.release.attacker import attack as attack_pattern
from sectorscope.release.build import read_release_input
from sectorscope.release.cells import KEYS, SHARES, primary_hidden
from sectorscope.release.suppression import COMPLEMENTARY, PRIMARY, relations


def attack(values: pd.DataFrame, grid: pd.DataFrame, geography: Geography, k: int, integer: bool = False,
           reasons: dict[str, np.ndarray] | None = None) -> tuple[list[Breach], int]:
    """Attack every sensitive hidden quantity of the release (``reasons``: the hidden pattern, by default the
    release's own); return the breaches and how many quantities were attacked."""
    reasons = suppress(values, grid, geography, k) if reasons is None else reasons
    return attack_pattern(values, grid, relations(grid, geography), reasons, k, integer=integer)


def attack_release(data, k: int, integer: bool = False) -> tuple[list[Breach], int]:
    """``attack`` on the release computed from ``data`` (a ``release.ReleaseInput``)."""
    grid, values = count_values(data)
    return attack(values, grid, data.geography, k, integer=integer)


def check_derived_statistics(data, k: int) -> list[str]:
    """Problems with shares and wage gains in the release computed from ``data``: a share shown where its yes or
    its n is hidden, or a mean or median gain shown where ``wage_n`` is hidden (each would tell a hidden count or
    a hidden sum of gains). Empty when none."""
    release = compute_release(data, k)[RELEASE_COLUMNS]
    wide = release.pivot_table(index=KEYS, columns="statistic", values="is_hidden", aggfunc="first")
    problems = []
    for share, (yes, n) in SHARES.items():
        if share not in wide.columns:  # left out whole (no one to count it from): nothing shown, nothing to leak
            assert yes not in wide.columns, f"{share} left out but its count {yes} published"
            continue
        leaks = wide.index[~wide[share].astype(bool) & (wide[yes].astype(bool) | wide[n].astype(bool))]
        problems += [f"{share} shown at {cell} with {yes} or {n} hidden" for cell in leaks]
    for gain in ("mean_wage_gain", "median_wage_gain"):
        if gain not in wide.columns:
            continue
        leaks = wide.index[~wide[gain].astype(bool) & wide["wage_n"].astype(bool)]
        problems += [f"{gain} shown at {cell} with wage_n hidden" for cell in leaks]
    return problems


def primary_only(values: pd.DataFrame, k: int) -> dict[str, np.ndarray]:
    """The hidden pattern of primary suppression alone (no complementary cells): what the attacker must see through."""
    return reasons_of(values, k, {count.name: primary_hidden(values, count, k) for count in COUNTS})


def published_pattern(release: pd.DataFrame, grid: pd.DataFrame, values: pd.DataFrame,
                      k: int) -> dict[str, np.ndarray]:
    """Per count, in ``grid``'s order, the hidden pattern of a published release table (``release_table``: hidden or
    not, never why): the attacker attacks what was published, not a recomputation. Which hidden cells carry a
    requirement of their own (the primary ones) follows from the true values, as the protection rule says."""
    reasons = {}
    for count in COUNTS:
        rows = release[release["statistic"] == count.name].set_index(KEYS)["is_hidden"]
        hidden = rows.reindex(pd.MultiIndex.from_frame(grid)).astype(bool).to_numpy()
        reasons[count.name] = np.where(primary_hidden(values, count, k), PRIMARY,
                                       np.where(hidden, COMPLEMENTARY, "")).astype(object)
        assert not (primary_hidden(values, count, k) & ~hidden).any(), f"a small {count.name} cell is shown"
    return reasons


def release_input_of(path) -> ReleaseInput:
    """What the release of the database at ``path`` is computed from, read as the load reads it."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return read_release_input(con)
    finally:
        con.close()
