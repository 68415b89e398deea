"""Complementary suppression by certificates: for each hidden value, a table that proves it protected.

A hidden value is protected upwards when some table other than the true one is consistent with everything the
release shows (every additive relation, every part within its group, no negative count) and has the value at
least ``margin`` higher; downwards alike. Such a table is a *certificate*. For each sensitive value and direction
``certify`` asks HiGHS for the certificate that moves shown cells least (a linear program in the cells' moves,
``x = truth + up - down``, costing ``weight`` per unit for a shown cell and next to nothing for a hidden one), and
hides every shown cell it moves. The value is then protected by construction: that table is consistent with the
release once those cells are hidden, and stays so whatever else is hidden later (a hidden cell is only freer).
One certificate often moves other sensitive values far enough too; those are proven by it as well.

This is the linear-programming heuristic of statistical agencies' cell suppression (as in tau-Argus), one value
at a time, cheaper cells first: a cell's weight grows with its value and its level (hiding a county's total costs
less than hiding the state's). It replaced checking each relation on its own and then repairing what the attacker
narrowed, which hid far more (the repairs cascaded) and could not be checked whole on the demo.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import highspy
import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix, hstack, vstack

from sectorscope.release.attacker import TOLERANCE, TargetKey, _Program
from sectorscope.release.cells import ALL
from sectorscope.release.suppression import Relation

# What hiding a shown cell costs, per unit it moves, by the cell's level: the state's figures are the ones readers
# come for, and its all-sectors, whole-period figures most of all (a certificate should move 5 people elsewhere
# rather than 1 there). Times 1 + log(1 + value), so small cells are hidden first.
LEVEL_WEIGHT = {"state": 50.0, "region": 3.0, "county": 1.0}
STATE_MARGIN_WEIGHT = 5.0  # the state by sector, or by year
STATE_TOTAL_WEIGHT = 100.0  # the state, all sectors, whole period
HIDDEN_WEIGHT = 1e-4  # a hidden cell moves almost freely (not 0: the certificate should not wander)


@dataclass(frozen=True)
class Demand:
    """A sensitive value to protect: sum(coefficient x cell) over (count, grid row) cells, its true value, and how
    far it must be able to move down and up (``TargetKey``: which attacker target it is)."""

    key: TargetKey
    coefficients: dict[tuple[str, int], float]
    true_value: float
    down: float
    up: float


def demands_of(program: _Program) -> list[Demand]:
    """The attacker's targets of ``program`` (its sensitive values) as demands on cells."""
    cell_of = {variable: cell for cell, variable in program.variable.items()}
    return [Demand(target.key, {cell_of[v]: c for v, c in target.coefficients.items()}, target.true_value,
                   target.true_value - target.need_low, target.need_high - target.true_value)
            for target in program.targets]


def cell_weights(grid: pd.DataFrame, cells: list[tuple[str, int]], truth: np.ndarray) -> np.ndarray:
    """Per cell: what moving it one unit costs while it is shown (see ``LEVEL_WEIGHT``)."""
    levels = grid["geo_level"].to_numpy(dtype=object)
    general = ((grid["geo_level"] == "state") & (grid["partnership_id"] == ALL)).to_numpy()
    whole = ((grid["sector_code"] == ALL).to_numpy().astype(int) + (grid["period"] == ALL).to_numpy().astype(int))
    factor = np.where(general & (whole == 2), STATE_TOTAL_WEIGHT, np.where(general & (whole == 1),
                                                                            STATE_MARGIN_WEIGHT, 1.0))
    return np.array([LEVEL_WEIGHT[levels[row]] * factor[row] * (1.0 + math.log1p(value))
                     for (_, row), value in zip(cells, truth, strict=True)])


class CertificateProgram:
    """Every cell of one source (people or employers) as a variable, shown or hidden, held in HiGHS between solves.

    Rows: the attacker's relations (``attacker._Program`` with every cell hidden), plus one row whose coefficients
    are set to the demand being certified (its net move, at least what it needs)."""

    def __init__(self, values: pd.DataFrame, grid: pd.DataFrame, found: list[Relation], counts, k: int) -> None:
        every = {count.name: np.full(len(grid), "every cell", dtype=object) for count in counts}
        program = _Program(values, grid, found, every, counts, k)
        self.cells = [cell for cell, _ in sorted(program.variable.items(), key=lambda item: item[1])]
        self.column = {cell: i for i, cell in enumerate(self.cells)}
        self.truth = np.array(program.truth)
        self.weight = cell_weights(grid, self.cells, self.truth)
        n = len(self.cells)
        matrix = vstack([program.a_eq, program.a_ub]).tocsr()
        at_truth = matrix @ self.truth
        lower = np.concatenate([program.b_eq, np.full(len(program.b_ub), -np.inf)]) - at_truth
        upper = np.concatenate([program.b_eq, program.b_ub]) - at_truth
        moves = hstack([matrix, -matrix]).tocsc()  # columns: up moves, then down moves
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = 2 * n, moves.shape[0] + 1
        lp.col_cost_ = np.zeros(2 * n)
        lp.col_lower_ = np.zeros(2 * n)
        lp.col_upper_ = np.concatenate([np.full(n, highspy.kHighsInf), self.truth])  # never below 0
        lp.row_lower_ = np.append(np.where(np.isinf(lower), -highspy.kHighsInf, lower), 0.0)
        lp.row_upper_ = np.append(upper, highspy.kHighsInf)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = moves.indptr
        lp.a_matrix_.index_ = moves.indices
        lp.a_matrix_.value_ = moves.data
        self._demand_row = moves.shape[0]
        self.solver = highspy.Highs()
        self.solver.setOptionValue("output_flag", False)
        self.solver.passModel(lp)
        self.solves = 0

    def move_for(self, demand: Demand, sign: float, hidden: np.ndarray) -> np.ndarray | None:
        """The cheapest certificate moving ``demand`` by its need in direction ``sign`` (+1 up, -1 down), as each
        cell's net move; None when no table consistent with the relations can (only hiding cannot help then)."""
        n = len(self.cells)
        cost = np.where(hidden, HIDDEN_WEIGHT, self.weight)
        self.solver.changeColsCost(2 * n, np.arange(2 * n, dtype=np.int32), np.concatenate([cost, cost]))
        entries = [(self.column[cell], coefficient) for cell, coefficient in demand.coefficients.items()]
        for column, coefficient in entries:
            self.solver.changeCoeff(self._demand_row, column, sign * coefficient)
            self.solver.changeCoeff(self._demand_row, n + column, -sign * coefficient)
        self.solver.changeRowBounds(self._demand_row, demand.up if sign > 0 else demand.down, highspy.kHighsInf)
        self.solver.run()
        self.solves += 1
        status = self.solver.getModelStatus()
        for column, _ in entries:
            self.solver.changeCoeff(self._demand_row, column, 0.0)
            self.solver.changeCoeff(self._demand_row, n + column, 0.0)
        if status != highspy.HighsModelStatus.kOptimal:
            return None
        solution = np.array(self.solver.getSolution().col_value)
        return solution[:n] - solution[n:]


def certify(values: pd.DataFrame, grid: pd.DataFrame, found: list[Relation], counts, k: int,
            demands: list[Demand], hidden_of: dict[str, np.ndarray],
            proven: set[tuple[TargetKey, float]]) -> int:
    """Hide (in ``hidden_of``, per count) the shown cells that certificates for ``demands`` move; returns how many.

    ``proven``: (demand key, direction) pairs already certified, skipped and added to. A demand no table can move
    (its need exceeds what the relations allow at all) is left to the caller's audit."""
    pending = [(d, sign) for d in demands for sign in (1.0, -1.0)
               if (d.key, sign) not in proven and (d.up if sign > 0 else d.down) > TOLERANCE]
    proven.update((d.key, sign) for d in demands for sign in (1.0, -1.0)
                  if (d.up if sign > 0 else d.down) <= TOLERANCE)
    if not pending:
        return 0
    program = CertificateProgram(values, grid, found, counts, k)
    hidden = np.array([hidden_of[name][row] for name, row in program.cells])
    before = int(hidden.sum())
    # every pending demand's net move as one matrix row (times its direction), and what it needs
    rows, columns, coefficients = [], [], []
    for i, (demand, sign) in enumerate(pending):
        for cell, coefficient in demand.coefficients.items():
            rows.append(i)
            columns.append(program.column[cell])
            coefficients.append(sign * coefficient)
    progress_of = csr_matrix((coefficients, (rows, columns)), shape=(len(pending), len(program.cells)))
    need = np.array([demand.up if sign > 0 else demand.down for demand, sign in pending])
    done = np.array([(demand.key, sign) in proven for demand, sign in pending])
    for i, (demand, sign) in enumerate(pending):
        if done[i]:
            continue
        move = program.move_for(demand, sign, hidden)
        if move is None:
            continue
        hidden |= np.abs(move) > TOLERANCE
        done |= progress_of @ move >= need - TOLERANCE  # the certificate proves every demand it moves far enough
    proven.update(key for key, is_done in zip(((d.key, s) for d, s in pending), done, strict=True) if is_done)
    for (name, row), is_hidden in zip(program.cells, hidden, strict=True):
        hidden_of[name][row] |= is_hidden
    return int(hidden.sum()) - before
