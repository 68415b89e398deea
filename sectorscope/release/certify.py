"""Complementary suppression by certificates: for each hidden value, a table that proves it protected.

A hidden value is protected upwards when some table other than the true one is consistent with everything the
release shows (every additive relation, every part within its group, no negative count) and has the value at
least ``margin`` higher; downwards alike. Such a table is a *certificate*. For each sensitive value and direction
``certify`` asks HiGHS for the certificate that moves shown cells least (a linear program in the cells' moves,
``x = truth + up - down``, costing ``weight`` per unit for a shown cell and next to nothing for a hidden one), and
hides every shown cell it moves. The value is then protected by construction: that table is consistent with the
release once those cells are hidden, and stays so whatever else is hidden later (a hidden cell is only freer).
One certificate often moves other sensitive values far enough too; those are proven by it as well, and so are
those its opposite (shrunk to stay a valid table) moves far enough.

Each program first moves only the demand's own counts and their groups, then those and their parts, then every
count (``family``): the others stay at their true values, which any certificate may do, and the small programs
solve in 3-7 ms instead of 18-28 ms (on the demo, 2 cores).

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
from sectorscope.release.cells import ALL, COUNT_BY_NAME, COUNTS, equal_counts
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


def state_headlines(grid: pd.DataFrame) -> np.ndarray:
    """Per grid cell: 2 for the state's all-sectors, whole-period cell, 1 for the state by one sector or one year,
    0 for any other (partnerships included)."""
    general = ((grid["geo_level"] == "state") & (grid["partnership_id"] == ALL)).to_numpy()
    whole = (grid["sector_code"] == ALL).to_numpy().astype(int) + (grid["period"] == ALL).to_numpy().astype(int)
    return np.where(general, whole, 0)


def cell_weights(grid: pd.DataFrame, cells: list[tuple[str, int]], truth: np.ndarray) -> np.ndarray:
    """Per cell: what moving it one unit costs while it is shown (see ``LEVEL_WEIGHT``)."""
    levels = grid["geo_level"].to_numpy(dtype=object)
    headline = state_headlines(grid)
    factor = np.where(headline == 2, STATE_TOTAL_WEIGHT, np.where(headline == 1, STATE_MARGIN_WEIGHT, 1.0))
    return np.array([LEVEL_WEIGHT[levels[row]] * factor[row] * (1.0 + math.log1p(value))
                     for (_, row), value in zip(cells, truth, strict=True)])


class _Model:
    """One linear program in HiGHS over some cells' moves (up, then down), kept between solves: the relations'
    rows restricted to those cells (the others stay at their true values), plus one row for the demand."""

    def __init__(self, moves_of_cells, lower: np.ndarray, upper: np.ndarray, truth: np.ndarray,
                 columns: np.ndarray) -> None:
        sub = moves_of_cells[:, columns].tocsr()
        rows = np.flatnonzero(np.diff(sub.indptr) > 0)  # rows touching these cells
        n = len(columns)
        moves = hstack([sub[rows], -sub[rows]]).tocsc()
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = 2 * n, len(rows) + 1
        lp.col_cost_ = np.zeros(2 * n)
        lp.col_lower_ = np.zeros(2 * n)
        lp.col_upper_ = np.concatenate([np.full(n, highspy.kHighsInf), truth[columns]])  # never below 0
        lp.row_lower_ = np.append(np.where(np.isinf(lower[rows]), -highspy.kHighsInf, lower[rows]), 0.0)
        lp.row_upper_ = np.append(upper[rows], highspy.kHighsInf)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = moves.indptr
        lp.a_matrix_.index_ = moves.indices
        lp.a_matrix_.value_ = moves.data
        self.columns = columns
        self.local = {int(column): i for i, column in enumerate(columns)}
        self.demand_row = len(rows)
        self.solver = highspy.Highs()
        self.solver.setOptionValue("output_flag", False)
        self.solver.passModel(lp)

    def solve(self, entries: list[tuple[int, float]], need: float, cost: np.ndarray) -> np.ndarray | None:
        """Moves of this model's cells (up - down) at the cheapest table moving sum(coefficient x cell) over
        ``entries`` by at least ``need``; None when none can."""
        n = len(self.columns)
        local_cost = cost[self.columns]
        self.solver.changeColsCost(2 * n, np.arange(2 * n, dtype=np.int32), np.concatenate([local_cost, local_cost]))
        for column, coefficient in entries:
            self.solver.changeCoeff(self.demand_row, self.local[column], coefficient)
            self.solver.changeCoeff(self.demand_row, n + self.local[column], -coefficient)
        self.solver.changeRowBounds(self.demand_row, need, highspy.kHighsInf)
        self.solver.run()
        status = self.solver.getModelStatus()
        for column, _ in entries:
            self.solver.changeCoeff(self.demand_row, self.local[column], 0.0)
            self.solver.changeCoeff(self.demand_row, n + self.local[column], 0.0)
        if status != highspy.HighsModelStatus.kOptimal:
            return None
        solution = np.array(self.solver.getSolution().col_value)
        return solution[:n] - solution[n:]


def family(names: list[str], parts: bool = True) -> frozenset[str]:
    """The counts a certificate for these counts tries to move first: themselves, their groups (room above) and
    (``parts``) their parts (room below). Every other count stays at its true value, which keeps the program small
    (a share's "yes" needs 3 of the 13 people counts) and the certificate valid (the true table meets every
    relation)."""
    chosen = set(names)
    for name in names:
        group = COUNT_BY_NAME[name].parent
        while group is not None:
            chosen.add(group)
            group = COUNT_BY_NAME[group].parent
    pending = list(names) if parts else []
    while pending:
        group = pending.pop()
        below = [count.name for count in COUNTS if count.parent == group]
        chosen.update(below)
        pending += below
    return frozenset(chosen)


class CertificateProgram:
    """Every cell of one source (people or employers) as a variable, shown or hidden.

    The rows are the attacker's relations and bounds (``attacker._Program`` with every cell hidden), written for
    the cells' moves from their true values. A certificate is first sought among the demand's ``family`` of counts
    (one model per family, kept in HiGHS between solves so each goes on from the last one's basis), then, if none
    exists there, among every count."""

    def __init__(self, values: pd.DataFrame, grid: pd.DataFrame, found: list[Relation], counts, k: int,
                 shown: dict[str, np.ndarray] | None = None) -> None:
        """``shown``: per count, the cells the pattern so far shows, whose orderings a reader takes for rules
        (``cells.apparent_orderings``); a certificate keeps them where the true table does."""
        every = {count.name: np.full(len(grid), "every cell", dtype=object) for count in counts}
        program = _Program(values, grid, found, every, counts, k, shown=shown)
        self.cells = [cell for cell, _ in sorted(program.variable.items(), key=lambda item: item[1])]
        self.column = {cell: i for i, cell in enumerate(self.cells)}
        self.truth = np.array(program.truth)
        self._a_ub, self._b_ub = program.a_ub, program.b_ub
        headline = state_headlines(grid)
        # a bool per cell: the state's whole figure is 2, and ``moved & 2`` is 0 (it was, until 2026-12-06: a move
        # of the state's employer responses passed for hiding no headline, and hid the state's four employer shares)
        self._headline = np.array([headline[row] > 0 for _, row in self.cells])
        matrix = vstack([program.a_eq, program.a_ub]).tocsr()
        at_truth = matrix @ self.truth
        self._matrix = matrix.tocsc()
        self._lower = np.concatenate([program.b_eq, np.full(len(program.b_ub), -np.inf)]) - at_truth
        self._upper = np.concatenate([program.b_eq, program.b_ub]) - at_truth
        self._names = np.array([name for name, _ in self.cells], dtype=object)
        self._all = frozenset(count.name for count in counts)
        # counts equal in every cell move together (the program's rows say so): a family holds them all
        self._twins = {name: group for group in equal_counts(values, counts) for name in group}
        # a number several equal counts carry (completers, wage_n and employed_n where every completer is matched)
        # is one number, priced once: charged once per name, hiding the state's 2023 completers cost three cells,
        # and the program hid its 2022 and 2023 exiters (27 and 26 people) instead, protecting nothing 16 did not
        # (a privacy reviewer, 2026-12-06)
        self.weight = cell_weights(grid, self.cells, self.truth) / np.array(
            [len(self._twins.get(name, (name,))) for name, _ in self.cells])
        self._models: dict[frozenset[str], _Model] = {}

    def _model(self, names: frozenset[str]) -> _Model:
        if names not in self._models:
            columns = np.flatnonzero(np.isin(self._names, list(names)))
            self._models[names] = _Model(self._matrix, self._lower, self._upper, self.truth, columns)
        return self._models[names]

    def move_for(self, demand: Demand, sign: float, hidden: np.ndarray) -> np.ndarray | None:
        """The cheapest certificate moving ``demand`` by its need in direction ``sign`` (+1 up, -1 down), as each
        cell's net move; None when no table consistent with the relations can (only hiding cannot help then)."""
        cost = np.where(hidden, HIDDEN_WEIGHT, self.weight)
        entries = [(self.column[cell], sign * coefficient) for cell, coefficient in demand.coefficients.items()]
        need = demand.up if sign > 0 else demand.down
        names_of_demand = [twin for name, _ in demand.coefficients for twin in self._twins.get(name, (name,))]
        attempts = [family(names_of_demand, parts=False), family(names_of_demand), self._all]
        best, best_cost = None, np.inf
        for names in dict.fromkeys(names & self._all for names in attempts):
            model = self._model(names)
            local = model.solve(entries, need, cost)
            if local is None:
                continue
            move = np.zeros(len(self.cells))
            move[model.columns] = local
            moved_shown = (np.abs(move) > TOLERANCE) & ~hidden
            if not (moved_shown & self._headline).any():
                return move  # hides none of the state's headlines: good enough (larger programs cost 2-4x more)
            price = float(cost[moved_shown] @ np.abs(move[moved_shown]))
            if price < best_cost:
                best, best_cost = move, price
        return best

    def reversed_move(self, move: np.ndarray) -> np.ndarray:
        """The certificate's opposite, shrunk until the table stays whole (no count below 0, parts within their
        groups): also consistent with everything shown, since the relations are linear. A certificate that raises a
        value by m often proves, reversed, that it can also fall to 0."""
        back = -move
        at_truth = self._b_ub - self._a_ub @ self.truth  # room left in each bound row (>= 0)
        growth = self._a_ub @ back
        limits = [1.0]
        falling = back < -TOLERANCE
        if falling.any():
            limits.append(float(np.min(self.truth[falling] / -back[falling])))
        rising = growth > TOLERANCE
        if rising.any():
            limits.append(float(np.min(at_truth[rising] / growth[rising])))
        return max(0.0, min(limits)) * back


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
    program = CertificateProgram(values, grid, found, counts, k,
                                 shown={count.name: ~hidden_of[count.name] for count in counts})
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
        # the certificate proves every demand it moves far enough, and so does its (shrunk) opposite
        done |= progress_of @ move >= need - TOLERANCE
        done |= progress_of @ program.reversed_move(move) >= need - TOLERANCE
    proven.update(key for key, is_done in zip(((d.key, s) for d, s in pending), done, strict=True) if is_done)
    for (name, row), is_hidden in zip(program.cells, hidden, strict=True):
        hidden_of[name][row] |= is_hidden
    return int(hidden.sum()) - before
