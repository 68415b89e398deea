"""The additive relations of the release's hierarchy, the reasons a cell is hidden, and the protection margin.

A relation says "this total = the sum of these parts": the state = its counties (plus ``unknown``); a region = its
counties; the state = its regions (plus ``unknown``) when regions partition the state; all sectors = the sectors;
the whole period = the years; a sector (state level) = its public partnerships. A relation is kept wherever its
total and all its parts are cells of the release (``cells.cell_grid`` says which), for every count, with one
exception: an employer count's whole period counts each employer once per partnership (its latest answer), so it is
at most the sum of its years; the attacker (``attacker.py``) models that one as it is.

Complementary suppression (``certify.py``) and the attacker both work over these relations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from sectorscope.release.cells import ALL, UNKNOWN_COUNTY, Geography

# Why a cell is hidden (``release_cells.hidden_reason``).
PRIMARY = "fewer than k"
RESTS_ON_HIDDEN = "rests on a hidden count"
COMPLEMENTARY = "protects another hidden cell"
# Hidden by the previous release with the same true value (``release.stable``): shown now, it would give that value
# away to whoever kept the previous release's public table, and with it what the previous release's pattern protected.
KEPT_HIDDEN = "hidden in the previous release"
# Employer figures are published for the whole period only (``cells.published_by_design``): a year's figures beside
# the whole period's gave away, by subtraction, the earlier answers of employers surveyed again (the whole period
# counts each employer's latest answer only), with nothing hidden.
NOT_PUBLISHED = "employers: whole period only"


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
        # Only where every part is a cell: a total over some of its parts is no equality (the release's layout,
        # ``cells.cell_grid``, publishes whole relations or none).
        if parent_key in position and child_keys and all(key in position for key in child_keys):
            found.append(Relation(position[parent_key], tuple(position[key] for key in child_keys)))

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

