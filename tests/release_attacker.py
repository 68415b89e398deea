"""The test suite's attacks on the public release, built on the release's own attacker
(``sectorscope.release.attacker``: what the attacker knows, and the protection rule, are written there).

``attack`` and ``attack_release`` attack every sensitive hidden quantity; ``attack_together`` attacks several
releases of the same people read as one; ``primary_only`` and ``published_pattern`` give the hidden patterns to
attack besides the release's own; ``check_derived_statistics`` checks that shares and
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
from sectorscope.release.cells import ACTIVE_FROM, ACTIVE_TO, KEYS, SHARES, primary_pattern, units_of_cells
from sectorscope.release.suppression import COMPLEMENTARY, PRIMARY, Relation, protection_margin, relations


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


def attack_together(releases: list[tuple[pd.DataFrame, pd.DataFrame, dict[str, np.ndarray]]], geography: Geography,
                    k: int) -> tuple[list[Breach], int]:
    """Attack several releases of the same people as one, each given as its grid, its true values and, per count,
    which of its cells it hides (``published_hidden``). A visitor who kept every public table knows every cell any of
    them shows (each shows the truth) and every relation of each, so a cell is hidden only where every release that
    has it hides it (a release without the cell does not show it). Sensitive: what the rule of one release at ``k``
    protects, on the true values (as ``published_pattern``). Returns the breaches and how many were attacked."""
    every = pd.concat([values for _, values, _ in releases], ignore_index=True)
    values = every.drop_duplicates(KEYS).reset_index(drop=True)
    names = [count.name for count in COUNTS]
    assert (every.groupby(KEYS)[names].nunique() <= 1).all().all(), "the releases are not of the same people"
    position = {key: i for i, key in enumerate(values[KEYS].itertuples(index=False, name=None))}
    found: set[Relation] = set()
    hidden = {name: np.ones(len(values), dtype=bool) for name in names}
    for grid, _, hidden_here in releases:
        rows = np.array([position[key] for key in grid[KEYS].itertuples(index=False, name=None)])
        found |= {Relation(int(rows[relation.parent]), tuple(int(rows[child]) for child in relation.children))
                  for relation in relations(grid, geography)}
        for name in names:
            hidden[name][rows[~hidden_here[name]]] = False
    reasons = {}
    pattern = primary_pattern(values, k)
    for count in COUNTS:
        primary = pattern[count.name]
        assert not (primary & ~hidden[count.name]).any(), f"a small {count.name} cell is shown"
        reasons[count.name] = np.where(primary, PRIMARY,
                                       np.where(hidden[count.name], COMPLEMENTARY, "")).astype(object)
    layout = values[[column for column in (*KEYS, ACTIVE_FROM, ACTIVE_TO) if column in values.columns]]  # dates too
    return attack_pattern(values, layout, sorted(found, key=lambda relation: relation.members), reasons, k)


def published_hidden(release: pd.DataFrame, grid: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per count, in ``grid``'s order: is the cell hidden in the published ``release`` (``release_table``)? A cell the
    table lacks (an employer count's year, never published) is hidden."""
    hidden = {}
    for count in COUNTS:
        rows = release[release["statistic"] == count.name].set_index(KEYS)["is_hidden"]
        hidden[count.name] = rows.reindex(pd.MultiIndex.from_frame(grid[KEYS])).fillna(True).astype(bool).to_numpy()
    return hidden


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
    return reasons_of(values, k, primary_pattern(values, k))


def published_pattern(release: pd.DataFrame, grid: pd.DataFrame, values: pd.DataFrame,
                      k: int) -> dict[str, np.ndarray]:
    """Per count, in ``grid``'s order, the hidden pattern of a published release table (``release_table``: hidden or
    not, never why): the attacker attacks what was published, not a recomputation. Which hidden cells carry a
    requirement of their own (the primary ones) follows from the true values, as the protection rule says."""
    reasons = {}
    pattern = primary_pattern(values, k)
    for count in COUNTS:
        rows = release[release["statistic"] == count.name].set_index(KEYS)["is_hidden"]
        hidden = rows.reindex(pd.MultiIndex.from_frame(grid[KEYS])).astype(bool).to_numpy()
        reasons[count.name] = np.where(pattern[count.name], PRIMARY,
                                       np.where(hidden, COMPLEMENTARY, "")).astype(object)
        assert not (pattern[count.name] & ~hidden).any(), f"a small {count.name} cell is shown"
    return reasons


def release_input_of(path) -> ReleaseInput:
    """What the release of the database at ``path`` is computed from, read as the load reads it."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return read_release_input(con)
    finally:
        con.close()


def _units(values: pd.DataFrame, column: str, rows, answers: float) -> float:
    """The distinct units behind ``column`` in the cells ``rows`` together; ``answers`` where a unit is a row."""
    units = units_of_cells(values, column, list(rows))
    return answers if units is None else float(units)


def small_remainders(release: pd.DataFrame, grid: pd.DataFrame, values: pd.DataFrame, geography: Geography,
                     k: int) -> list[str]:
    """What plain subtraction reads off a published release: for every additive relation and count whose total is
    shown, the total minus its shown parts is the sum of the hidden parts, a count of people (or employers) of several
    cells at once. Each such group must meet the rule of one cell: that sum 0 or at least k, and for a part of a group
    (completers of exiters, a share's yes of its n) over the same hidden parts, the group's sum minus it 0 or at least
    k (a share's yes and no both at least k unless the group is 0). Returns each breach in words (empty when none).
    Independent of the release's own attacker: only the published values and the relations are read (the true values
    only say which parts are hidden)."""
    published = {}
    for count in COUNTS:
        rows = release[release["statistic"] == count.name].set_index(KEYS)
        aligned = rows.reindex(pd.MultiIndex.from_frame(grid[KEYS]))
        published[count.name] = (aligned["is_hidden"].astype(bool).to_numpy(),
                                  pd.to_numeric(aligned["value"], errors="coerce").to_numpy(dtype=float))
    employer_year_relation = grid["period"].to_numpy(dtype=object)
    problems = []
    for relation in relations(grid, geography):
        children = list(relation.children)
        is_year_relation = employer_year_relation[relation.parent] != employer_year_relation[children[0]]
        remainders = {}
        for count in COUNTS:
            hidden, value = published[count.name]
            if count.source == "employers" and is_year_relation:
                # the whole period counts each employer once (its latest answer): at most the sum of its years, so
                # the shown whole minus the shown years is a floor under the hidden years' sum, which must not rise
                # above that sum less the margin (a group of 1..k-1 employers must be able to be fewer)
                hidden_children = [child for child in children if hidden[child]]
                if hidden[relation.parent] or len(hidden_children) < 2:
                    continue
                floor = value[relation.parent] - np.nansum(value[[c for c in children if not hidden[c]]])
                truth = float(values[count.name].to_numpy()[hidden_children].sum())
                if 0 < truth < k and floor > max(0.0, truth - protection_margin(k)):
                    problems.append(f"{count.name} at {tuple(grid.iloc[relation.parent])}: its hidden years hold at "
                                    f"least {floor:g} (truly {truth:g})")
                continue
            hidden_children = tuple(child for child in children if hidden[child])
            if hidden[relation.parent] or len(hidden_children) < 2:
                continue
            remainder = value[relation.parent] - np.nansum(value[[c for c in children if not hidden[c]]])
            remainders[count.name] = (hidden_children, remainder)
            where = f"{count.name} at {tuple(grid.iloc[relation.parent])} minus its shown parts"
            # in people or employers, not answers: an employer answering for several hidden parts is one employer
            if count.parent is None and 0 < _units(values, f"{count.name}__ids", hidden_children, remainder) < k:
                problems.append(f"{where} = {remainder:g}")
        for count in COUNTS:
            if count.parent is None or count.name not in remainders:
                continue
            mine, part = remainders[count.name]
            group_hidden, group_values = published[count.parent]
            if not group_hidden[list(mine)].any():  # the group shown in each of these cells: its sum is read off
                group = float(np.sum(group_values[list(mine)]))
            elif count.parent in remainders and remainders[count.parent][0] == mine:  # hidden in the same cells
                group = remainders[count.parent][1]
            else:
                continue
            other = group - part
            where = f"{count.name} of {count.parent} at {tuple(grid.iloc[relation.parent])}, hidden parts together"
            part_units = _units(values, f"{count.name}__ids", mine, part)
            other_units = _units(values, f"{count.name}__other_ids", mine, other)
            if count.strict and group > 0 and (part_units < k or other_units < k):
                problems.append(f"{where}: {part:g} yes, {other:g} no")
            elif not count.strict and (0 < part_units < k or 0 < other_units < k):
                problems.append(f"{where}: {part:g} of {group:g}")
    return problems
