"""The test suite's attacks on the public release, built on the release's own attacker
(``sectorscope.release.attacker``: what the attacker knows, and the protection rule, are written there).

``attack`` and ``attack_release`` attack every sensitive hidden quantity; ``attack_sample`` a seeded sample, each
within a few relations of it (for releases too large for the whole program); ``check_derived_statistics`` checks
that shares and wage gains are shown only where the counts they rest on are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix, vstack

from sectorscope.release import COUNTS, RELEASE_COLUMNS, Geography, compute_release, count_values, suppress
from sectorscope.release.attacker import Breach, _attack_component, _Program, _Target, breach_of
from sectorscope.release.attacker import attack as attack_pattern
from sectorscope.release.cells import KEYS, SHARES
from sectorscope.release.suppression import relations


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
        leaks = wide.index[~wide[share].astype(bool) & (wide[yes].astype(bool) | wide[n].astype(bool))]
        problems += [f"{share} shown at {cell} with {yes} or {n} hidden" for cell in leaks]
    for gain in ("mean_wage_gain", "median_wage_gain"):
        leaks = wide.index[~wide[gain].astype(bool) & wide["wage_n"].astype(bool)]
        problems += [f"{gain} shown at {cell} with wage_n hidden" for cell in leaks]
    return problems


@dataclass
class _Neighbourhood:
    """The part of a ``_Program`` within a few hops of some targets: only relations and bounds whose every cell is
    in it (dropping the others leaves a looser program, so a breach found here is a real breach)."""

    a_eq: csr_matrix
    b_eq: np.ndarray
    a_ub: csr_matrix
    b_ub: np.ndarray
    upper: list[float]


def _neighbourhood(program: _Program, incidence: tuple, start: set[int],
                   hops: int) -> tuple[_Neighbourhood, np.ndarray]:
    """The hidden cells within ``hops`` relations of ``start``, and the relations and bounds among them only."""
    both, by_column, eq_size, ub_size = incidence
    inside = set(start)
    frontier = set(start)
    for _ in range(hops):
        rows = set()
        for column in frontier:
            rows.update(by_column.indices[by_column.indptr[column]:by_column.indptr[column + 1]].tolist())
        reached = set()
        for row in rows:
            reached.update(both.indices[both.indptr[row]:both.indptr[row + 1]].tolist())
        frontier = reached - inside
        inside |= reached
    columns = np.array(sorted(inside))
    is_inside = np.zeros(len(program.truth))
    is_inside[columns] = 1.0
    full = (both @ is_inside) == np.diff(both.indptr)  # every cell of the row is inside
    eq, ub = full[:eq_size], full[eq_size:eq_size + ub_size]
    return _Neighbourhood(program.a_eq[eq], program.b_eq[eq], program.a_ub[ub], program.b_ub[ub],
                          program.upper), columns


def attack_sample(values: pd.DataFrame, grid: pd.DataFrame, geography: Geography, k: int, per_statistic: int,
                  seed: int, hops: int = 2, reasons: dict[str, np.ndarray] | None = None,
                  until_first_breach: bool = False) -> tuple[list[Breach], int]:
    """Attack a seeded sample of sensitive hidden quantities (up to ``per_statistic`` of each statistic), each with
    the relations and bounds among the hidden cells within ``hops`` hops of it (a relaxation of the whole program:
    it can miss a breach that needs farther cells, never report a false one). For releases too large for ``attack``.
    ``until_first_breach`` stops at the first breach found (enough to show the attack is not blind)."""
    reasons = suppress(values, grid, geography, k) if reasons is None else reasons
    found = relations(grid, geography)
    random = np.random.default_rng(seed)
    breaches: list[Breach] = []
    attacked = 0
    for source in ("people", "employers"):
        counts = tuple(count for count in COUNTS if count.source == source)
        program = _Program(values, grid, found, reasons, counts, k)
        by_statistic: dict[str, list[_Target]] = {}
        for target in program.targets:
            by_statistic.setdefault(target.statistic, []).append(target)
        both = (vstack([program.a_eq, program.a_ub]) != 0).astype(float).tocsr()
        incidence = (both, both.tocsc(), program.a_eq.shape[0], program.a_ub.shape[0])
        for targets in by_statistic.values():
            chosen = random.choice(len(targets), size=min(per_statistic, len(targets)), replace=False)
            for index in chosen:
                target = targets[int(index)]
                local, columns = _neighbourhood(program, incidence, set(target.coefficients), hops)
                found_breaches: list[tuple[_Target, float]] = []
                _attack_component(local, columns, [target], False, found_breaches)
                attacked += 1
                breaches += [breach_of(t, end, grid) for t, end in found_breaches]
                if until_first_breach and breaches:
                    return breaches, attacked
    return breaches, attacked
