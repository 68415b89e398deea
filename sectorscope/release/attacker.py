"""An attacker of the public release: for every hidden count, the range of values consistent with everything shown.

What the attacker knows (everything the release publishes, and every rule of how it is made):

- every shown cell of every count, and which cells are hidden;
- every additive relation of the hierarchy, for every count (``release.suppression.relations``: counties sum to
  their region and to the state, sectors to all sectors, years to the whole period, partnerships to their sector),
  except years for employer counts: the whole period counts each employer once per partnership by its latest answer
  (``release.cells.employer_flags``), so each employer count (and each "no" part, group minus part) of the whole
  period is at most the sum of its years, and the whole period's responses at least any one year's;
- the relations between counts of one cell: a part never exceeds its group (completers <= exiters, people with
  both wages <= completers, employed in sector <= people asked <= exiters, yes answers <= answers <= responses);
- that counts of who answered questions asked of one group, equal in every cell (``release.cells.equal_counts``:
  the same people answer them), are equal where hidden too;
- that a count at most another in every cell (``release.cells.ordered_counts``: on the demo only completers answered
  the poverty questions) is so where hidden too;
- that in a cell where the records nest one count's people within another's beyond the data model's parts
  (``release.cells.nested_pairs``: on the demo only completers answered the poverty questions), the part is at most
  the group there, and the group beyond it is a count of people held to the rule as an "other part" is;
- that a count at most another in every cell where both are shown (``release.cells.apparent_orderings``: those
  insured after training at most those with both wages; employers saying yes on complaints at most those
  saying yes on rework) is so where hidden too, so far as such orderings agree with
  each other and with what is shown; the programs apply each in the hidden cells where the true table keeps it
  (where it fails, a reader applying it is wrong);
- the partnerships' public dates: no one exits and no employer answers outside their partnership's years, so the
  partnerships of a sector active only within some years count no more than the sector's cells of those years
  (``release.suppression.date_bounds``; a partnership active only before the exits on record counts 0), for every
  count, every "no" part and every ordering's difference, where the true table keeps it; for employers only the
  bounds of partnerships active in none of the years (the others are implied: ``_Program``), and a ceiling on each
  year's responses of a sector, the whole-period responses of its partnerships active that year
  (``release.suppression.answering_year_caps``);
- that counts are whole numbers and never negative.

Shares (yes / n) and wage gains add nothing: a share is shown only where both its counts are, and a mean gain only
where its n is (``check_derived_statistics``), so the sum of gains behind a shown mean is hidden exactly where
``wage_n`` is and obeys the same additive relations; a ``wage_n`` that is not pinned down leaves that sum free too.

The attacker solves linear programs over all counts at once (one program per connected group of hidden cells; HiGHS
through ``scipy.optimize.milp``), with ``integer=True`` as integer programs (exact; used where the release is small).
The protection rule (the README's "Privacy in public mode"). The sensitive quantities are every hidden cell of every
count that the primary rule hides (it rests on 1..k-1 people or employers, or is a share's part whose yes or no is
below k), and, where a group and its part are both hidden, the "other part" (exiters who did not complete,
completers without wage records) when the primary rule would hide it (1..k-1; for a share's part also 0). With
margin m = ceil(k / 2), every sensitive quantity with true value x must stay consistent with every value in
[max(0, x - m), min(cap, x + m)], where cap is the group's shown count for a part whose group is shown (no cap
otherwise). So a reader can neither tell a hidden 3 from 0 or from 8, nor pin a count below k to an interval
narrower than m on either side. The hidden parts of one relation taken together (a shown total minus its shown parts
gives their sum) are held to the same rule, over all of them and over the small ones alone, counted in distinct
people or employers as one cell is (``_add_remainder_targets``); so are those of a relation whose total is hidden,
which another relation may give away (a hidden state total that is the sum of its shown counties). Cells hidden
only to protect others (complementary) carry no requirement of their own, as in statistical agencies' cell
suppression: what they protect is checked.

To attack tens of thousands of cells quickly, a first program pushes all of them at once towards their required
end (maximise the sum of their progress, each capped at what is required); every cell that reaches its end in that
solution is proven protected by it (the solution is consistent with everything shown). The rest are pushed again,
and the cells no joint push can move are attacked one at a time, which gives their exact interval end. Those
single attacks share one program per group kept in HiGHS (``_WarmProgram``): only the objective changes between
them, so each goes on from the last one's solution. The release build proves its release otherwise (a certificate
per value, ``certify.py``) and uses only the joint pushes (``pushed``); this attacker is the tests' second proof.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix, csr_matrix, hstack, identity, vstack

from sectorscope.release.cells import (
    COUNTS,
    COUNTS_OF,
    KEYS,
    apparent_orderings,
    equal_counts,
    group_orderings,
    nested_column,
    nested_parts,
    nested_sensitive,
    ordered_counts,
    units_of_cells,
)
from sectorscope.release.suppression import PRIMARY, Relation, answering_year_caps, date_bounds, protection_margin

TOLERANCE = 1e-6
TargetKey = tuple[str, int, float, float]  # statistic, grid row, required low end, required high end
# How a single attack is solved: from scratch with presolve (``_solve``), or going on from the last solution with
# HiGHS's dual or primal simplex (its simplex_strategy option).
WAYS = {"fresh": None, "dual": 1, "primal": 4}
TRIALS_PER_WAY = 2  # the first solves of a group try each way in turn (``_WarmProgram._way``)


@dataclass(frozen=True)
class Breach:
    """A hidden quantity the attacker can pin down more tightly than the rule allows."""

    statistic: str
    cell: tuple
    true_value: float
    end: float
    required: tuple[float, float]
    counts: tuple[str, ...] = ()  # the counts it is made of: (count,) or (group, part)
    row: int = -1  # its cell's position in the grid

    @property
    def key(self) -> TargetKey:
        """The key of the target it breaches (``_Target.key``)."""
        return (self.statistic, self.row, *self.required)


@dataclass
class _Target:
    """A hidden quantity: a linear expression of the hidden cells (``coefficients``: variable -> coefficient)."""

    statistic: str
    row: int
    counts: tuple[str, ...]
    coefficients: dict[int, float]
    true_value: float
    need_low: float
    need_high: float

    @property
    def key(self) -> TargetKey:
        return (self.statistic, self.row, self.need_low, self.need_high)


class _Program:
    """The attacker's linear system over the hidden cells of one source (people or employers)."""

    def __init__(self, values: pd.DataFrame, grid: pd.DataFrame, found: list[Relation], reasons: dict[str, np.ndarray],
                 counts, k: int, shown: dict[str, np.ndarray] | None = None) -> None:
        """``reasons``: per count, why each cell is a variable ("" for a shown, known value); ``shown``: the cells a
        reader sees, whose orderings the reader takes for rules (``cells.apparent_orderings``; by default the cells
        ``reasons`` shows)."""
        periods = grid["period"].to_numpy(dtype=object)  # once: reading it per relation cost seconds
        margin = protection_margin(k)
        self.values = values  # the units behind several cells together (``cells.units_of_cells``)
        self.variable: dict[tuple[str, int], int] = {}
        self.truth: list[float] = []
        self.upper: list[float] = []
        hidden_of = {count.name: reasons[count.name] != "" for count in counts}
        value_of = {count.name: values[count.name].to_numpy().astype(float) for count in counts}
        for count in counts:
            for row in np.flatnonzero(hidden_of[count.name]):
                self.variable[(count.name, int(row))] = len(self.truth)
                self.truth.append(value_of[count.name][row])
                self.upper.append(math.inf)
        eq_rows, eq_cols, eq_vals, eq_rhs = [], [], [], []
        for count in counts:
            hidden, value = hidden_of[count.name], value_of[count.name]
            for relation in found:
                members = relation.members
                if not hidden[list(members)].any() or is_latest_answer_relation(periods, relation, counts):
                    continue
                total = 0.0
                for position, member in enumerate(members):
                    sign = 1.0 if position == 0 else -1.0
                    if hidden[member]:
                        eq_rows.append(len(eq_rhs))
                        eq_cols.append(self.variable[(count.name, member)])
                        eq_vals.append(sign)
                    else:
                        total -= sign * value[member]
                eq_rhs.append(total)
        for group in equal_counts(values, counts):  # one number under several names: equal where hidden too
            first = group[0]
            for name in group[1:]:
                for row in np.flatnonzero(hidden_of[first] | hidden_of[name]):
                    total = 0.0
                    for member, sign in ((first, 1.0), (name, -1.0)):
                        if hidden_of[member][row]:
                            eq_rows.append(len(eq_rhs))
                            eq_cols.append(self.variable[(member, int(row))])
                            eq_vals.append(sign)
                        else:
                            total -= sign * value_of[member][row]
                    eq_rhs.append(total)
        ub_rows, ub_cols, ub_vals, ub_rhs = [], [], [], []

        def at_most(terms: list[tuple[str, int, float]]) -> None:
            """sum(coefficient x count at row) <= 0, shown cells moved to the right-hand side (kept only when a
            hidden cell is in it)."""
            hidden_terms = [(name, member, c) for name, member, c in terms if hidden_of[name][member]]
            if not hidden_terms:
                return
            for name, member, coefficient in hidden_terms:
                ub_rows.append(len(ub_rhs))
                ub_cols.append(self.variable[(name, member)])
                ub_vals.append(coefficient)
            ub_rhs.append(-sum(c * value_of[name][member] for name, member, c in terms if not hidden_of[name][member]))

        for smaller, larger in ordered_counts(values, counts):  # at most the other in every cell: where hidden too
            for row in np.flatnonzero(hidden_of[smaller] | hidden_of[larger]):
                at_most([(smaller, int(row), 1.0), (larger, int(row), -1.0)])
        seen = shown if shown is not None else {name: ~hidden for name, hidden in hidden_of.items()}
        rules = apparent_orderings(values, counts, seen)  # so where shown: where hidden and true too
        always = group_orderings(values, counts) | set(ordered_counts(values, counts))  # rows in every cell above
        needed = needed_orderings(rules, {(a, b): value_of[a] <= value_of[b] for a, b in rules}, always)
        for smaller, larger in rules:
            for row in np.flatnonzero((hidden_of[smaller] | hidden_of[larger]) & needed[(smaller, larger)]):
                at_most([(smaller, int(row), 1.0), (larger, int(row), -1.0)])
        # Employers' year cells are never published, and their whole period counts each latest answer (at most the
        # sum of its years): a table consistent with the rest stays so with each sector's year cells (and the
        # all-sectors ones, their sum) set to its whole period's values, every bound with years then holding (the
        # years sum to at least the whole, which holds every partnership of the sector) and every published cell as
        # it was. Only floors on sums of those unpublished years could rise by them, to sums of partnerships' cells.
        # So employers' readers get only the bounds of partnerships active in none of the years: their counts are 0.
        # (With every bound the attacker took 3 times longer; on 6 random dated states with answers, a code reviewer
        # found every employer target's end the same with and without them.) That argument does not reach the
        # ceiling on a year's responses below (its year cells set to the whole period's may break it). A code
        # reviewer's sketch: set each year cell to the sum of its active partnerships' whole-period cells instead,
        # which meets every ceiling, and a floor left out then binds only where partnerships active in one year
        # alone are shown (k employers at least: no target) or hidden (their own targets give the margin). Checked,
        # not proven: 0 breaches against an independent table of county x partnership x year on 40 seeded dated
        # states (tests/test_release_dates_joint.py runs 5 of them).
        latest_answers = any(count.source == "employers" for count in counts)
        # the parts a date bound holds: each count, each "no" part (a group less its part), and the difference of
        # every ordering a reader applies in each cell, which holds in each partnership's year too (a code reviewer)
        differences = [[(count.name, 1.0)] for count in counts]
        differences += [[(count.parent, 1.0), (count.name, -1.0)] for count in counts if count.parent is not None]
        groups = group_orderings(values, counts)
        names = {count.name for count in counts}
        nested = [(part, group) for part, group in nested_parts(values) if part in names]
        differences += [[(larger, 1.0), (smaller, -1.0)]
                        for smaller, larger in sorted((set(ordered_counts(values, counts)) | set(rules) | set(nested))
                                                      - groups)]
        for bound in date_bounds(grid):  # no one exits or answers outside their partnership's public years
            if latest_answers and bound.years:
                continue
            for difference in differences:
                terms = ([(name, row, sign) for name, sign in difference for row in bound.partnerships]
                         + [(name, row, -sign) for name, sign in difference for row in bound.years])
                # where the true table keeps it (where it fails, a reader applying it is wrong)
                if sum(c * value_of[name][row] for name, row, c in terms) <= TOLERANCE:
                    at_most(terms)
        if latest_answers:  # and a year's responses are at most those of the partnerships active then (their parts
            # at most them: part <= group): the floors above do not give this ceiling (a privacy engineer's joint
            # table, 2026-12-06)
            for cap in answering_year_caps(grid):
                for count in counts:
                    if count.parent is not None:
                        continue
                    terms = [(count.name, cap.year, 1.0)] + [(count.name, row, -1.0) for row in cap.partnerships]
                    if sum(c * value_of[name][row] for name, row, c in terms) <= TOLERANCE:  # as the true table keeps
                        at_most(terms)
        for relation in found:
            if not is_latest_answer_relation(periods, relation, counts):
                continue

            def whole_minus_years(name: str, sign: float, relation=relation) -> list[tuple[str, int, float]]:
                return [(name, relation.parent, sign)] + [(name, child, -sign) for child in relation.children]

            for count in counts:
                at_most(whole_minus_years(count.name, 1.0))
                if count.parent is None:  # an employer answering in a year is in the whole period
                    for child in relation.children:
                        at_most([(count.name, child, 1.0), (count.name, relation.parent, -1.0)])
                else:  # the "no" part (group minus part) too
                    at_most(whole_minus_years(count.parent, 1.0) + whole_minus_years(count.name, -1.0))
        self.targets: list[_Target] = []
        # a nested pair's group caps its part where shown, as a part's own group does (and every count equal to the
        # part in every cell, the same number): the rule's cap, and no demand the shown group makes impossible
        twins = {name: group for group in equal_counts(values, counts) for name in group}
        caps_of: dict[str, list[tuple[str, np.ndarray]]] = {}  # per count: (group, the cells nesting it) of its pairs
        for part, group in nested:
            within = values[nested_column(part, group, "other_units")].to_numpy() >= 0
            for name in twins.get(part, (part,)):
                caps_of.setdefault(name, []).extend((twin, within) for twin in twins.get(group, (group,)))
        for count in counts:
            hidden, value = hidden_of[count.name], value_of[count.name]
            parent_hidden = hidden_of[count.parent] if count.parent else None
            for row in np.flatnonzero(hidden):
                me = self.variable[(count.name, int(row))]
                cap = min([math.inf] + [value_of[group][row] for group, within in caps_of.get(count.name, ())
                                        if within[row] and not hidden_of[group][row]])
                self.upper[me] = min(self.upper[me], cap)
                if count.parent is not None and not parent_hidden[row]:
                    cap = min(cap, value_of[count.parent][row])
                    self.upper[me] = min(self.upper[me], cap)
                elif count.parent is not None:  # child <= parent, both hidden
                    parent = self.variable[(count.parent, int(row))]
                    at_most([(count.name, int(row), 1.0), (count.parent, int(row), -1.0)])
                    other = value_of[count.parent][row] - value[row]
                    if 0 < other < k or (count.strict and other == 0 and value[row] > 0):
                        self.targets.append(_Target(f"{count.parent} minus {count.name}", int(row),
                                                    (count.parent, count.name), {parent: 1.0, me: -1.0}, other,
                                                    max(0.0, other - margin), other + margin))
                if reasons[count.name][row] == PRIMARY:
                    self.targets.append(_Target(count.name, int(row), (count.name,), {me: 1.0}, value[row],
                                                max(0.0, value[row] - margin), min(cap, value[row] + margin)))
            if count.parent is not None:
                assert not (parent_hidden & ~hidden).any(), f"{count.name} shown where {count.parent} is hidden"
        for part, group in nested:  # both hidden: the group beyond the part, a count of its own (``nested_pairs``)
            other_units = values[nested_column(part, group, "other_units")].to_numpy()
            sensitive = nested_sensitive(values, part, group, k)
            for row in np.flatnonzero(hidden_of[part] & hidden_of[group] & (other_units >= 0)):
                at_most([(part, int(row), 1.0), (group, int(row), -1.0)])
                other = value_of[group][row] - value_of[part][row]
                if sensitive[row]:
                    self.targets.append(_Target(f"{group} minus {part}", int(row), (group, part),
                                                {self.variable[(group, int(row))]: 1.0,
                                                 self.variable[(part, int(row))]: -1.0}, other,
                                                max(0.0, other - margin), other + margin))
        for count in counts:
            # a hidden total too: another relation can give it away (the sum of shown counties), and with it the sum
            # of these hidden parts; where it cannot, the programs find the sum free (a privacy reviewer: skipped)
            for relation in found:
                children = np.array(relation.children)
                hidden_children = children[hidden_of[count.name][children]]
                small = hidden_children[reasons[count.name][hidden_children] == PRIMARY]  # its small cells alone
                latest_answer = is_latest_answer_relation(periods, relation, counts)
                room = math.inf  # a hidden total's parts never exceed its shown group, less the parts shown
                if (count.parent is not None and hidden_of[count.name][relation.parent]
                        and not hidden_of[count.parent][relation.parent]):
                    shown_parts = children[~hidden_of[count.name][children]]
                    room = value_of[count.parent][relation.parent] - value_of[count.name][shown_parts].sum()
                for members in dict.fromkeys((tuple(hidden_children), tuple(small))):
                    if len(members) < 2:  # one hidden part is the cell's own target
                        continue
                    if latest_answer:  # whole period <= its years: their hidden sum is bounded below only
                        self._add_floor_target(count, relation.parent, members, value_of, k, margin)
                    else:
                        self._add_remainder_targets(count.name, count.parent, count.strict, relation.parent, members,
                                                    hidden_of, value_of, k, margin, room)
        for part, group in nested:  # the hidden parts of a relation together, and their group beyond them
            within = values[nested_column(part, group, "other_units")].to_numpy() >= 0
            for relation in found:
                if is_latest_answer_relation(periods, relation, counts):
                    continue
                children = np.array(relation.children)
                hidden_children = children[hidden_of[part][children] & within[children]]  # a group in each
                small = hidden_children[reasons[part][hidden_children] == PRIMARY]
                room = math.inf
                if (within[relation.parent] and hidden_of[part][relation.parent]
                        and not hidden_of[group][relation.parent]):
                    room = value_of[group][relation.parent] - value_of[part][children[~hidden_of[part][children]]].sum()
                for members in dict.fromkeys((tuple(hidden_children), tuple(small))):
                    if len(members) >= 2:
                        self._add_remainder_targets(part, group, False, relation.parent, members, hidden_of,
                                                    value_of, k, margin, room,
                                                    other_ids=nested_column(part, group, "other_ids"), own=False)
        n = len(self.truth)
        self.a_eq = csr_matrix(coo_matrix((eq_vals, (eq_rows, eq_cols)), shape=(len(eq_rhs), n)))
        self.b_eq = np.array(eq_rhs, dtype=float)
        self.a_ub = csr_matrix(coo_matrix((ub_vals, (ub_rows, ub_cols)), shape=(len(ub_rhs), n)))
        self.b_ub = np.array(ub_rhs, dtype=float)
        truth = np.array(self.truth)
        assert np.allclose(self.a_eq @ truth, self.b_eq), "the truth breaks a relation: the attacker's model is wrong"
        assert (self.a_ub @ truth <= self.b_ub + TOLERANCE).all(), "the truth breaks a bound: the model is wrong"

    def _add_remainder_targets(self, name: str, group_name: str | None, strict: bool, total_row: int,
                               members: tuple[int, ...], hidden_of: dict[str, np.ndarray],
                               value_of: dict[str, np.ndarray], k: int, margin: int, room: float = math.inf,
                               other_ids: str | None = None, own: bool = True) -> None:
        """Targets for the hidden parts ``members`` of one relation taken together, whose total (row ``total_row``)
        is shown or may be worked out through another relation: the total minus the shown parts gives their sum, a
        count of the people (or employers) of several small cells at once. That group is held to the rule of one
        cell (``cells.primary_hidden``): its sum, and for a part its group's sum minus it (the "other part"), must
        stay uncertain by the margin when it is 1..k-1 (for a share's "yes", also 0, or when the "no" is below k).
        Sums of 8 and 9 people were read off the demo's public CSV this way, each of their cells protected on its
        own. ``room``: what the members' sum can reach at most by what is shown beside a hidden total (its group
        less its shown parts), a cap as a shown group is for one cell. ``group_name``: the count ``name`` is a part
        of (``strict``: a share's "yes"), or of a nested pair (``cells.nested_pairs``: ``other_ids`` then names the
        units beyond the part, and ``own`` False leaves the part's own sum to its own call)."""
        rows = list(members)
        total = float(value_of[name][rows].sum())
        variables = {self.variable[(name, row)]: 1.0 for row in rows}
        label = f"{name} summed over hidden parts {','.join(map(str, rows))}"
        # how many people or employers stand behind the sum: an employer answering for two of the hidden partnerships
        # counts twice in the sum, once here (the rule of one cell counts units too, ``cells.primary_hidden``)
        units = self._units(f"{name}__ids", rows, total)
        if group_name is None:
            if 0 < units < k:
                self.targets.append(_Target(label, total_row, (name,), variables, total,
                                            max(0.0, total - margin), total + margin))
            return
        group_hidden = hidden_of[group_name][rows]
        group = float(value_of[group_name][rows].sum())
        other = group - total
        other_units = self._units(other_ids or f"{name}__other_ids", rows, other)
        sensitive = ((group > 0 and ((own and units < k) or other_units < k)) if strict
                     else ((own and 0 < units < k) or 0 < other_units < k))
        if sensitive:
            cap = min(group if not group_hidden.any() else math.inf, room)  # a part never exceeds its shown group
            self.targets.append(_Target(label if own else f"{label} within {group_name}", total_row, (name,),
                                        variables, total, max(0.0, total - margin), min(cap, total + margin)))
        if group_hidden.any() and (0 < other_units < k or (strict and other == 0 and total > 0)):
            # group minus part over the members: the hidden groups' cells are variables, the shown ones constants
            shown_group = float(value_of[group_name][[row for row, h in zip(rows, group_hidden, strict=True)
                                                       if not h]].sum())
            coefficients = {self.variable[(group_name, row)]: 1.0
                            for row, h in zip(rows, group_hidden, strict=True) if h}
            for variable in variables:
                coefficients[variable] = coefficients.get(variable, 0.0) - 1.0
            self.targets.append(_Target(f"{group_name} minus {label}", total_row, (group_name, name),
                                        coefficients, other - shown_group, max(0.0, other - margin) - shown_group,
                                        other + margin - shown_group))

    def _add_floor_target(self, count, total_row: int, members: tuple[int, ...], value_of: dict[str, np.ndarray],
                          k: int, margin: int) -> None:
        """An employer count's hidden years of one whole period taken together: the whole counts each employer once
        (its latest answer), so it is at most the sum of its years, and the shown whole minus the shown years is a
        floor under the hidden years' sum ("at least 1 response in 2019-2020" where one employer answered). A sum of
        1..k-1 must be able to fall by the margin (it has no ceiling to protect)."""
        rows = list(members)
        total = float(value_of[count.name][rows].sum())
        if 0 < self._units(f"{count.name}__ids", rows, total) < k:
            self.targets.append(_Target(f"{count.name} summed over hidden years {','.join(map(str, rows))}",
                                        total_row, (count.name,), {self.variable[(count.name, row)]: 1.0
                                                                   for row in rows}, total,
                                        max(0.0, total - margin), total))

    def _units(self, column: str, rows: list[int], answers: float) -> float:
        """The distinct units behind ``column`` over ``rows`` (``cells.units_of_cells``); ``answers`` (the sum
        itself) where each unit is one row (people)."""
        units = units_of_cells(self.values, column, rows)
        return answers if units is None else float(units)

    def components(self) -> list[np.ndarray]:
        """Groups of variables linked by a relation or a part-of-group bound (each group is its own program)."""
        from scipy.sparse.csgraph import connected_components

        both = vstack([self.a_eq, self.a_ub]).tocsr()
        incidence = (both != 0).astype(int)
        adjacency = (incidence.T @ incidence).tocsr()
        _, labels = connected_components(adjacency, directed=False)
        order = np.argsort(labels, kind="stable")
        splits = np.flatnonzero(np.diff(labels[order])) + 1
        return np.split(order, splits)


def needed_orderings(rules: list[tuple[str, str]], holds: dict[tuple[str, str], np.ndarray],
                     always: set[tuple[str, str]]) -> dict[tuple[str, str], np.ndarray]:
    """Per ordering of ``rules`` (applied in the cells where ``holds`` it), the cells where the others applied there
    and ``always`` (orderings bound in every cell) do not already imply it: a row each there is enough, the same
    tables meeting them. Employers' orderings chain (yes on complaints at most yes on rework, at most yes on
    turnover), and every implied row made the demo's programs slower to solve, not tighter.

    >>> rules = [("a", "b"), ("b", "c"), ("a", "c")]
    >>> holds = {("a", "b"): np.array([True, False]), ("b", "c"): np.array([True, True]),
    ...          ("a", "c"): np.array([True, True])}
    >>> needed_orderings(rules, holds, set())[("a", "c")].tolist()  # implied in the first cell only
    [False, True]
    """
    signature = np.stack([holds[rule] for rule in rules], axis=1) if rules else np.zeros((0, 0), dtype=bool)
    patterns, cell_pattern = np.unique(signature, axis=0, return_inverse=True) if rules else (signature, None)
    needed = {rule: np.zeros(len(signature), dtype=bool) for rule in rules}
    for i, pattern in enumerate(patterns):
        kept = set(always) | {rule for rule, applied in zip(rules, pattern, strict=True) if applied}
        for rule, applied in zip(rules, pattern, strict=True):
            # one at a time, against those still kept: so of two implying each other one stays
            if applied and _reaches(kept - {rule}, *rule):
                kept.discard(rule)
            elif applied:
                needed[rule][cell_pattern.reshape(-1) == i] = True
    return needed


def _reaches(pairs: set[tuple[str, str]], start: str, end: str) -> bool:
    """Is ``end`` reached from ``start`` by a chain of ``pairs`` (a at most b)?"""
    seen, frontier = {start}, [start]
    while frontier:
        node = frontier.pop()
        for a, b in pairs:
            if a == node and b not in seen:
                if b == end:
                    return True
                seen.add(b)
                frontier.append(b)
    return False


def is_latest_answer_relation(periods: np.ndarray, relation: Relation, counts) -> bool:
    """Is this "whole period = its years" for employer counts (``periods``: each grid cell's period)? There the
    whole period counts each employer once per partnership (its latest answer), so it is at most the sum of its
    years, not equal to it."""
    if not any(count.source == "employers" for count in counts):
        return False
    return periods[relation.parent] != periods[relation.children[0]]


def _solve(objective: np.ndarray, constraints: list[LinearConstraint], lower: np.ndarray, upper: np.ndarray,
           integer: np.ndarray) -> tuple[int, np.ndarray | None]:
    result = milp(objective, constraints=constraints, bounds=Bounds(lower, upper), integrality=integer)
    if result.status == 3:
        return 3, None
    assert result.status == 0, result.message
    return 0, result.x


class _WarmProgram:
    """One group's program for its single attacks: only the objective changes from one to the next.

    Held in HiGHS between solves (``highspy``, HiGHS's own Python interface), so a solve can go on from the last
    one's simplex basis, or be solved from scratch (``_solve``, with presolve). Which is faster depends on the
    group, measured on the demo: from scratch 18 ms a target and going on 47 ms on one group; from scratch 0.7 s,
    going on with the primal simplex 0.01 s on another (its employers, 3,800 hidden counts, with the release cut to
    fewer cells). So the first solves try each way in turn and the rest use the fastest. The end found is the same
    either way; only the time differs. Linear programs only (the integer attack solves each from scratch)."""

    def __init__(self, a_eq: csr_matrix, b_eq: np.ndarray, a_ub: csr_matrix, b_ub: np.ndarray, upper: np.ndarray,
                 base: list[LinearConstraint]) -> None:
        import highspy

        self._highspy = highspy
        n = a_eq.shape[1]
        self._base, self._upper = base, upper
        matrix = vstack([a_eq, a_ub]).tocsc()
        program = highspy.HighsLp()
        program.num_col_ = n
        program.num_row_ = matrix.shape[0]
        program.col_cost_ = np.zeros(n)
        program.col_lower_ = np.zeros(n)
        program.col_upper_ = np.where(np.isinf(upper), highspy.kHighsInf, upper)
        program.row_lower_ = np.concatenate([b_eq, np.full(len(b_ub), -highspy.kHighsInf)])
        program.row_upper_ = np.concatenate([b_eq, b_ub])
        program.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        program.a_matrix_.start_ = matrix.indptr
        program.a_matrix_.index_ = matrix.indices
        program.a_matrix_.value_ = matrix.data
        self.solver = highspy.Highs()
        self.solver.setOptionValue("output_flag", False)
        self.solver.setOptionValue("presolve", "off")  # presolve would drop the basis the next solve starts from
        self.solver.setOptionValue("solver", "simplex")
        self.solver.passModel(program)
        self.columns = np.arange(n, dtype=np.int32)
        self._seconds = dict.fromkeys(WAYS, 0.0)
        self._solves = 0

    def minimise(self, objective: np.ndarray, way: str | None = None) -> tuple[int, np.ndarray | None]:
        """(0, x) at a minimum of ``objective @ x``, or (3, None) when it has none (unbounded: status 3 as
        ``scipy.optimize.milp`` says, like ``_solve``). The true table is always feasible, so "unbounded or
        infeasible" means unbounded. ``way``: one of ``WAYS`` (default: the fastest so far)."""
        way = way or self._way()
        started = time.perf_counter()
        if WAYS[way] is None:
            result = _solve(objective, self._base, np.zeros(len(objective)), self._upper,
                            np.zeros(len(objective), dtype=int))
        else:
            result = self._go_on(objective, WAYS[way])
        self._seconds[way] += time.perf_counter() - started
        self._solves += 1
        return result

    def _go_on(self, objective: np.ndarray, strategy: int) -> tuple[int, np.ndarray | None]:
        self.solver.changeColsCost(len(self.columns), self.columns, objective.astype(float))
        self.solver.setOptionValue("simplex_strategy", strategy)
        self.solver.run()
        status = self.solver.getModelStatus()
        if status in (self._highspy.HighsModelStatus.kUnbounded,
                      self._highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return 3, None
        assert status == self._highspy.HighsModelStatus.kOptimal, self.solver.modelStatusToString(status)
        return 0, np.array(self.solver.getSolution().col_value)

    def _way(self) -> str:
        names = list(WAYS)
        if self._solves < TRIALS_PER_WAY * len(names):
            return names[self._solves % len(names)]
        return min(names, key=lambda name: self._seconds[name])


def _component_constraints(program: _Program, columns: np.ndarray):
    """One group's rows, over its own columns: (local index of each variable, a_eq, b_eq, a_ub, b_ub, upper bounds,
    the constraints for ``milp``)."""
    local = {int(column): i for i, column in enumerate(columns)}
    rows_eq = np.unique(program.a_eq[:, columns].nonzero()[0])
    rows_ub = np.unique(program.a_ub[:, columns].nonzero()[0])
    a_eq = program.a_eq[rows_eq][:, columns]
    a_ub = program.a_ub[rows_ub][:, columns]
    b_eq = program.b_eq[rows_eq]
    b_ub = program.b_ub[rows_ub]
    upper = np.array(program.upper)[columns]
    base = []
    if a_eq.shape[0]:
        base.append(LinearConstraint(a_eq, b_eq, b_eq))
    if a_ub.shape[0]:
        base.append(LinearConstraint(a_ub, -np.inf, b_ub))
    return local, a_eq, b_eq, a_ub, b_ub, upper, base


def _need(target: _Target, sign: float) -> float:
    return target.need_high - target.true_value if sign > 0 else target.true_value - target.need_low


def _progress_rows(local: dict[int, int], n: int, targets: list[_Target],
                   sign: float) -> tuple[csr_matrix, np.ndarray, np.ndarray]:
    """(push, shift, need) for ``targets`` in direction ``sign``: ``shift - push @ x`` is each target's progress
    (sign * (a_j x - truth_j)) at a table x, and ``need`` how far each must go."""
    rows, cols, vals = [], [], []
    for j, target in enumerate(targets):
        for variable, coefficient in target.coefficients.items():
            rows.append(j)
            cols.append(local[variable])
            vals.append(-sign * coefficient)
    push = coo_matrix((vals, (rows, cols)), shape=(len(targets), n)).tocsr()
    shift = np.array([-sign * t.true_value for t in targets])
    need = np.array([_need(t, sign) for t in targets])
    return push, shift, need


def _push(local: dict[int, int], upper: np.ndarray, base: list[LinearConstraint], targets: list[_Target],
          sign: float, integer: bool) -> list[_Target]:
    """Push every target at once in direction ``sign``, again with those not yet reached, until a push reaches
    none; returns the targets no push reached (the others are proven: each push's solution is a table consistent
    with everything shown)."""
    n = len(upper)
    pending = [t for t in targets if _need(t, sign) > TOLERANCE]
    while pending:
        # one program pushing every pending target at once: t_j <= sign * (a_j x - truth_j), 0 <= t_j <= d_j
        push, shift, need = _progress_rows(local, n, pending, sign)
        m = len(pending)
        constraints = [LinearConstraint(hstack([push, identity(m, format="csr")]).tocsr(), -np.inf, shift)]
        constraints += [LinearConstraint(hstack([c.A, csr_matrix((c.A.shape[0], m))]).tocsr(), c.lb, c.ub)
                        for c in base]
        objective = np.concatenate([np.zeros(n), -np.ones(m)])
        kinds = np.concatenate([np.full(n, int(integer)), np.zeros(m)])
        _, x = _solve(objective, constraints, np.zeros(n + m), np.concatenate([upper, need]), kinds)
        reached = x[n:] >= need - TOLERANCE
        if not reached.any():
            return pending
        pending = [t for t, done in zip(pending, reached, strict=True) if not done]
    return []


def pushed(values: pd.DataFrame, grid: pd.DataFrame, found: list[Relation], reasons: dict[str, np.ndarray],
           k: int, known: frozenset[tuple[TargetKey, float]] = frozenset()) -> set[tuple[TargetKey, float]]:
    """The (target key, direction) pairs of a release that joint pushes prove protected, leaving out those
    ``known`` already: the attacker's cheap first step alone (``release.certify`` uses it to skip what the hidden
    cells already protect)."""
    proven: set[tuple[TargetKey, float]] = set()
    for source in ("people", "employers"):
        counts = COUNTS_OF[source]
        program = _Program(values, grid, found, reasons, counts, k)
        if not program.targets:
            continue
        components = program.components()
        component_of = np.empty(len(program.truth), dtype=int)
        for label, columns in enumerate(components):
            component_of[columns] = label
        by_component: dict[int, list[_Target]] = {}
        for target in program.targets:
            by_component.setdefault(int(component_of[next(iter(target.coefficients))]), []).append(target)
        for label, group in by_component.items():
            local, *_, upper, base = _component_constraints(program, components[label])
            for sign in (1.0, -1.0):
                pending = [t for t in group if (t.key, sign) not in known]
                left = {id(t) for t in _push(local, upper, base, pending, sign, integer=False)}
                proven.update((t.key, sign) for t in pending if id(t) not in left)
    return proven


def _attack_component(program: _Program, columns: np.ndarray, targets: list[_Target], integer: bool,
                      breaches: list[tuple[_Target, float]]) -> None:
    """Prove each target of one group protected, or record the end the attacker reaches (``breaches``)."""
    local, a_eq, b_eq, a_ub, b_ub, upper, base = _component_constraints(program, columns)
    n = len(columns)
    for sign in (1.0, -1.0):
        pending = _push(local, upper, base, targets, sign, integer)
        if pending:
            push, shift, need = _progress_rows(local, n, pending, sign)
            proven: set[int] = set()
            warm = None if integer else _WarmProgram(a_eq, b_eq, a_ub, b_ub, upper, base)
            for j, target in enumerate(pending):  # no joint push moves these: attack each alone for its exact end
                if j in proven:
                    continue
                objective = np.zeros(n)
                for variable, coefficient in target.coefficients.items():
                    objective[local[variable]] = -sign * coefficient
                status, x = (warm.minimise(objective) if warm is not None else
                             _solve(objective, base, np.zeros(n), upper, np.full(n, int(integer))))
                if status == 3:
                    continue
                end = float(sign * -(objective @ x))
                required = target.need_high if sign > 0 else target.need_low
                if (sign > 0 and end < required - TOLERANCE) or (sign < 0 and end > required + TOLERANCE):
                    breaches.append((target, end))
                # the solution is consistent with everything shown: it proves every target it reaches
                progress = shift - push @ x  # sign * (a_j x - truth_j) per pending target
                proven.update(np.flatnonzero(progress >= need - TOLERANCE).tolist())


def attack(values: pd.DataFrame, grid: pd.DataFrame, found: list[Relation], reasons: dict[str, np.ndarray], k: int,
           integer: bool = False) -> tuple[list[Breach], int]:
    """Attack every sensitive hidden quantity of a release (``reasons``: its hidden pattern per count, as
    ``release.suppress`` gives; ``found``: its relations); return the breaches and how many quantities were attacked."""
    breaches, attacked = attack_targets(values, grid, found, reasons, k, integer)
    return breaches, len(attacked)


def attack_targets(values: pd.DataFrame, grid: pd.DataFrame, found: list[Relation], reasons: dict[str, np.ndarray],
                   k: int, integer: bool = False) -> tuple[list[Breach], set[TargetKey]]:
    """``attack``, returning the breaches and the keys of the targets attacked."""
    breaches: list[Breach] = []
    attacked: set[TargetKey] = set()
    for source in ("people", "employers"):
        counts = COUNTS_OF[source]
        program = _Program(values, grid, found, reasons, counts, k)
        targets = program.targets
        attacked.update(target.key for target in targets)
        if not targets:
            continue
        component_of = np.empty(len(program.truth), dtype=int)
        components = program.components()
        for label, columns in enumerate(components):
            component_of[columns] = label
        by_component: dict[int, list[_Target]] = {}
        for target in targets:
            by_component.setdefault(int(component_of[next(iter(target.coefficients))]), []).append(target)
        found_breaches: list[tuple[_Target, float]] = []
        for label, group in by_component.items():
            _attack_component(program, components[label], group, integer, found_breaches)
        breaches += [breach_of(target, end, grid) for target, end in found_breaches]
    return breaches, attacked


def breach_of(target: _Target, end: float, grid: pd.DataFrame) -> Breach:
    """The breach of ``target``: the attacker reaches ``end`` inside its required interval."""
    return Breach(target.statistic, tuple(grid[KEYS].iloc[target.row]), target.true_value, end,
                  (target.need_low, target.need_high), target.counts, target.row)


def hidden_size(reasons: dict[str, np.ndarray]) -> dict[str, int]:
    """Hidden count cells per source (people, employers): the size of the attacker's programs."""
    return {source: int(sum((reasons[count.name] != "").sum() for count in COUNTS if count.source == source))
            for source in ("people", "employers")}
