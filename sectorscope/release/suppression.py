"""Primary and complementary suppression of the release's counts, over every additive relation of the hierarchy.

A relation says "this total = the sum of these parts": the state = its counties (plus ``unknown``); a region = its
counties; the state = its regions (plus ``unknown``) when regions partition the state; all sectors = the sectors;
the whole period = the years; a sector (state level) = its public partnerships. Every relation holds for every
combination of the other dimensions, and for every count, with one exception: an employer count's whole period
counts each employer once per partnership (its latest answer), so it is at most the sum of its years. Suppression
treats that one as an equality too, which can only hide more than needed; the attacker models it as it is.

Complementary suppression (as statistical agencies do for fixed tables, e.g. BLS QCEW): in every relation that
holds a hidden cell, the other hidden cells of the relation must together be able to absorb a change of at least
``margin`` in either direction: their values sum to at least ``margin`` (they can give) and their headroom below
their cap (the parent count's shown value, for a share's part) sums to at least ``margin`` (they can take). Where
that fails, the shown part with the smallest value that closes the gap is hidden too (else the largest; the total
only when no part is left), and the pass repeats until nothing changes.

That check looks at one relation at a time, and a cell sits in several (place x sector x year): the companions a
relation counts on may be pinned by their own other relations. So the release build then attacks its own result
(``attacker.py``: linear programs over every hidden count at once) and repairs what the attacker narrows
(``repair``: hide one more cell beside each breach), until the attacker finds nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectorscope.release.cells import ALL, UNKNOWN_COUNTY, Geography

# Why a cell is hidden (``release_cells.hidden_reason``).
PRIMARY = "fewer than k"
RESTS_ON_HIDDEN = "rests on a hidden count"
COMPLEMENTARY = "protects another hidden cell"


@dataclass(frozen=True)
class Relation:
    """``cells[parent] == sum(cells[children])`` (row positions in the grid)."""

    parent: int
    children: tuple[int, ...]

    @property
    def members(self) -> tuple[int, ...]:
        return (self.parent, *self.children)


def protection_margin(k: int) -> int:
    """How far (in people or employers) a hidden count must stay uncertain either way: ceil(k / 2), at least 1."""
    return max(1, math.ceil(k / 2))


def relations(grid: pd.DataFrame, geography: Geography) -> list[Relation]:
    """Every additive relation between cells of ``grid`` (from ``cells.cell_grid``)."""
    position = {tuple(row): i for i, row in enumerate(grid.itertuples(index=False, name=None))}
    state = geography.state_fips
    found: list[Relation] = []

    def add(parent_key: tuple, child_keys: list[tuple]) -> None:
        children = tuple(position[key] for key in child_keys if key in position)
        if parent_key in position and children:
            found.append(Relation(position[parent_key], children))

    general = grid[grid["partnership_id"] == ALL]
    sectors = sorted(set(general["sector_code"]) - {ALL})
    periods = sorted(set(grid["period"]) - {ALL})
    geos = list(dict.fromkeys(zip(general["geo_level"], general["geo_id"], strict=True)))
    counties = [*geography.counties, UNKNOWN_COUNTY]
    for sector in [ALL, *sectors]:
        for period in [ALL, *periods]:
            add(("state", state, sector, period, ALL), [("county", c, sector, period, ALL) for c in counties])
            for region, members in geography.regions.items():
                add(("region", region, sector, period, ALL), [("county", c, sector, period, ALL) for c in members])
            if geography.regions and geography.is_partition():
                add(("state", state, sector, period, ALL),
                    [("region", r, sector, period, ALL) for r in sorted(geography.regions)]
                    + [("county", UNKNOWN_COUNTY, sector, period, ALL)])
    for level, geo_id in geos:
        for period in [ALL, *periods]:
            add((level, geo_id, ALL, period, ALL), [(level, geo_id, s, period, ALL) for s in sectors])
    for (level, geo_id, sector, partnership), _ in grid.groupby(
            ["geo_level", "geo_id", "sector_code", "partnership_id"], sort=True):
        add((level, geo_id, sector, ALL, partnership), [(level, geo_id, sector, p, partnership) for p in periods])
    partnerships = grid[grid["partnership_id"] != ALL]
    for (sector, period), rows in partnerships.groupby(["sector_code", "period"], sort=True):
        add(("state", state, sector, period, ALL),
            [("state", state, sector, period, p) for p in sorted(rows["partnership_id"])])
    return found


def complementary_suppression(
    values: np.ndarray, hidden: np.ndarray, caps: np.ndarray, found: list[Relation], margin: int,
    floors: np.ndarray | None = None,
) -> np.ndarray:
    """Hide more cells until every relation with a hidden cell protects it by ``margin`` (see the module doc).

    ``values``: true counts per cell; ``hidden``: the primary pattern; ``caps``: the largest value a cell can take
    as far as a reader may know (its group count, e.g. exiters for completers; ``inf`` when none); ``floors``: the
    smallest (its largest part, e.g. completers for exiters; 0 when none). Returns the new pattern.
    """
    hidden = hidden.copy()
    give = values.astype(float) - (0.0 if floors is None else floors.astype(float))
    take = caps.astype(float) - values
    if not found:
        return hidden
    flat = np.concatenate([np.asarray(relation.members) for relation in found])
    starts = np.cumsum([0] + [len(relation.members) for relation in found[:-1]])
    while True:
        violated = np.flatnonzero(_violated(flat, starts, hidden, give, take, margin))
        before = int(hidden.sum())
        for index in violated:
            _protect(np.asarray(found[index].members), hidden, give, take, margin)
        if int(hidden.sum()) == before:  # nothing left to hide where protection still falls short
            return hidden


def _violated(flat, starts, hidden, give, take, margin) -> np.ndarray:
    """Per relation: does it hold a hidden cell whose hidden companions have less than ``margin`` slack?"""
    is_hidden = hidden[flat]
    given = np.where(is_hidden, give[flat], 0.0)
    finite_take = np.where(is_hidden & np.isfinite(take[flat]), take[flat], 0.0)
    unbounded = np.add.reduceat((is_hidden & ~np.isfinite(take[flat])).astype(int), starts)
    companion_give = np.add.reduceat(given, starts) - np.maximum.reduceat(given, starts)
    finite_sum = np.add.reduceat(finite_take, starts)
    companion_take = np.where(unbounded >= 2, np.inf, np.where(
        unbounded == 1, finite_sum, finite_sum - np.maximum.reduceat(finite_take, starts)))
    any_hidden = np.add.reduceat(is_hidden.astype(int), starts) > 0
    return any_hidden & ((companion_give < margin) | (companion_take < margin))


def _protect(members: np.ndarray, hidden: np.ndarray, give: np.ndarray, take: np.ndarray, margin: int) -> None:
    """Hide parts of one relation (in place) until its hidden cells are protected, or nothing is left to hide."""
    while True:
        secret = members[hidden[members]]
        if not len(secret):
            return
        # the hardest hidden cell is the one whose companions have the least slack
        need_give = margin - companion_slack(give[secret])
        need_take = margin - companion_slack(take[secret])
        if need_give <= 0 and need_take <= 0:
            return
        choice = _complement(members[1:], hidden, give, take, need_give, need_take)
        if choice is None:
            if hidden[members[0]]:
                return
            choice = members[0]
        hidden[choice] = True


def companion_slack(slack: np.ndarray) -> float:
    """The least total slack of a hidden cell's companions: the sum of all but the largest (``inf`` counts)."""
    ordered = np.sort(slack)
    return float(ordered[:-1].sum()) if len(ordered) > 1 else 0.0


def _complement(children: np.ndarray, hidden: np.ndarray, give: np.ndarray, take: np.ndarray,
                need_give: float, need_take: float) -> int | None:
    """The shown part with the smallest value that closes both gaps; else the one with the most slack."""
    shown = children[~hidden[children] & (give[children] > 0)]
    if not len(shown):
        return None
    closes = shown[(give[shown] >= need_give) & (take[shown] >= need_take)]
    if len(closes):
        return int(closes[np.argmin(give[closes])])
    return int(shown[np.argmax(np.minimum(give[shown], take[shown]))])
