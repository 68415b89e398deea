"""An attacker of the public release: for each hidden count, the range of values consistent with everything shown.

The attacker knows every shown cell of a count, every additive relation of the hierarchy (``release.suppression
.relations``), that counts are whole and not negative, and, for a share's part, that it cannot exceed its group's
shown count (completers <= exiters). For each hidden cell it solves two linear programs (scipy's HiGHS): minimise
and maximise the cell subject to all of that. LP bounds are a relaxation of the integer problem, so the real
interval can only be narrower by rounding (never by more than 1 at each end, which the margin allows for).

The protection required (documented in the README's "Privacy in public mode"): with margin m = ceil(k / 2), every
hidden cell with true value x must stay consistent with every value in [max(0, x - m), min(cap, x + m)], where cap
is the group count a share's part is capped by (no cap for a plain count). So a reader cannot tell a hidden 3 from
0 or from 8, nor a hidden "9 of 20 below poverty" from 4 of 20 or 14 of 20.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from sectorscope.release import COUNT_BY_NAME, Geography, count_values, suppress
from sectorscope.release.suppression import Relation, protection_margin, relations


@dataclass(frozen=True)
class Breach:
    """A hidden cell the attacker can pin down more tightly than the margin allows."""

    statistic: str
    cell: tuple
    true_value: float
    interval: tuple[float, float]
    required: tuple[float, float]


def _components(hidden_rows: np.ndarray, used: list[Relation], hidden: np.ndarray) -> list[np.ndarray]:
    parent = {int(row): int(row) for row in hidden_rows}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for relation in used:
        secret = [m for m in relation.members if hidden[m]]
        for other in secret[1:]:
            parent[find(other)] = find(secret[0])
    groups: dict[int, list[int]] = {}
    for row in hidden_rows:
        groups.setdefault(find(int(row)), []).append(int(row))
    return [np.array(rows) for rows in groups.values()]


def intervals(values: np.ndarray, hidden: np.ndarray, caps: np.ndarray, found: list[Relation],
              rows: np.ndarray | None = None) -> dict[int, tuple[float, float]]:
    """For each hidden cell (or those in ``rows``): (min, max) of its value over everything consistent with the shown
    cells, the relations, non-negativity and the caps."""
    hidden_rows = np.flatnonzero(hidden)
    used = [relation for relation in found if hidden[list(relation.members)].any()]
    wanted = set(hidden_rows if rows is None else rows)
    result = {}
    by_row: dict[int, list[Relation]] = {}
    for relation in used:
        for member in relation.members:
            if hidden[member]:
                by_row.setdefault(member, []).append(relation)
    for component in _components(hidden_rows, used, hidden):
        targets = [row for row in component if row in wanted]
        if not targets:
            continue
        column = {row: i for i, row in enumerate(component)}
        relations_here = list({id(r): r for row in component for r in by_row.get(row, [])}.values())
        entries_r, entries_c, entries_v, rhs = [], [], [], []
        for i, relation in enumerate(relations_here):
            total = 0.0
            for member, sign in zip(relation.members, [1.0] + [-1.0] * len(relation.children), strict=True):
                if hidden[member]:
                    entries_r.append(i)
                    entries_c.append(column[member])
                    entries_v.append(sign)
                else:
                    total -= sign * values[member]
            rhs.append(total)
        matrix = coo_matrix((entries_v, (entries_r, entries_c)),
                            shape=(len(relations_here), len(component))).tocsr() if rhs else None
        b_eq = np.array(rhs) if rhs else None
        bounds = [(0.0, None if math.isinf(caps[row]) else float(caps[row])) for row in component]
        for row in targets:
            objective = np.zeros(len(component))
            objective[column[row]] = 1.0
            ends = []
            for sign in (1.0, -1.0):
                solved = linprog(sign * objective, A_eq=matrix, b_eq=b_eq, bounds=bounds, method="highs")
                if solved.status == 3:  # unbounded
                    ends.append(-sign * math.inf)
                else:
                    assert solved.status == 0, solved.message
                    ends.append(sign * solved.fun)
            result[row] = (ends[0], ends[1])
    return result


def attack(values: pd.DataFrame, grid: pd.DataFrame, geography: Geography, k: int,
           statistics: tuple[str, ...] | None = None, sample: int | None = None,
           seed: int = 0) -> tuple[list[Breach], int]:
    """Attack the release's counts (all, or ``statistics``); return the breaches and how many cells were attacked.

    ``sample`` attacks that many hidden cells per count (chosen at random with ``seed``) instead of all of them.
    """
    reasons = suppress(values, grid, geography, k)
    found = relations(grid, geography)
    margin = protection_margin(k)
    breaches, attacked = [], 0
    rng = np.random.default_rng(seed)
    for name in statistics or tuple(reasons):
        count = COUNT_BY_NAME[name]
        hidden = reasons[name] != ""
        value = values[name].to_numpy().astype(float)
        caps = np.full(len(value), np.inf)
        if count.parent is not None:
            parent_shown = reasons[count.parent] == ""
            caps = np.where(parent_shown, values[count.parent].to_numpy().astype(float), np.inf)
        rows = np.flatnonzero(hidden)
        if sample is not None and len(rows) > sample:
            rows = rng.choice(rows, size=sample, replace=False)
        found_intervals = intervals(value, hidden, caps, found, rows)
        attacked += len(found_intervals)
        for row, (low, high) in found_intervals.items():
            x = value[row]
            need_low, need_high = max(0.0, x - margin), min(caps[row], x + margin)
            if low > need_low + 1e-6 or high < need_high - 1e-6:
                breaches.append(Breach(name, tuple(grid.iloc[row]), x, (low, high), (need_low, need_high)))
    return breaches, attacked


def attack_release(data, k: int, **options) -> tuple[list[Breach], int]:
    """``attack`` on the release computed from ``data`` (a ``release.ReleaseInput``)."""
    grid, values = count_values(data)
    return attack(values, grid, data.geography, k, **options)
