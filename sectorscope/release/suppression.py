"""The additive relations of the release's hierarchy, the reasons a cell is hidden, and the protection margin.

A relation says "this total = the sum of these parts": the state = its counties (plus ``unknown``); a region = its
counties; the state = its regions (plus ``unknown``) when regions partition the state; all sectors = the sectors;
the whole period = the years; a sector (state level) = its public partnerships. A relation is kept wherever its
total and all its parts are cells of the release (``cells.cell_grid`` says which), for every count, with one
exception: an employer count's whole period counts each employer once per partnership (its latest answer), so it is
at most the sum of its years; the attacker (``attacker.py``) models that one as it is. The partnerships' public
dates give more: no one exits, and no employer answers, outside their partnership's years (``date_bounds``).

Complementary suppression (``certify.py``) and the attacker both work over these relations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectorscope.release.cells import ACTIVE_FROM, ACTIVE_TO, ALL, KEYS, UNKNOWN_COUNTY, Geography

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
    position = _positions(grid)
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


def _positions(grid: pd.DataFrame) -> dict[tuple, int]:
    """Each cell's row position in ``grid``, by its ``KEYS``."""
    return {key: i for i, key in enumerate(grid[KEYS].itertuples(index=False, name=None))}


@dataclass(frozen=True)
class DateBound:
    """``sum(cells[partnerships]) <= sum(cells[years])`` (row positions in the grid): partnerships of one sector active
    only within some years have no more exiters (or answers, or any count) than their sector has in those years.
    ``years`` empty: active in none of the release's years, so every count of theirs is 0."""

    partnerships: tuple[int, ...]
    years: tuple[int, ...]


@dataclass(frozen=True)
class YearCap:
    """``cells[year] <= sum(cells[partnerships])`` of employers' responses (row positions in the grid): the employers
    answering in one year of a sector are employers of its partnerships active that year, each counted once in its
    partnership's whole period (``cells.employer_flags``: its latest answer). ``partnerships`` empty: none active
    that year, so the year's answers are 0."""

    year: int
    partnerships: tuple[int, ...]


def answering_year_caps(grid: pd.DataFrame) -> list[YearCap]:
    """The ceilings a reader draws from the partnerships' public dates on employers' year cells (none when the grid
    has no dates): a year's responses of a sector are at most the whole-period responses of its partnerships active
    that year. People need none: their years and partnerships sum to the same whole, so ``date_bounds`` (Hall's
    condition) holds them both ways; employers' years sum to at least their whole period, so a year's ceiling is a
    relation of its own (a privacy engineer's joint table of county x partnership x year, 2026-12-06: 2020's answers
    read as at most the 3 employers of the one partnership active then, where 4 had to stay possible). Left out: a
    year in which every partnership of the sector was active (its ceiling is the whole period's, a relation already).
    Dates as ``date_bounds`` reads them.

    >>> grid = pd.DataFrame([("state", "42", "MFG", str(y), "all") for y in (2020, 2021)]
    ...                     + [("state", "42", "MFG", "all", p) for p in ("P0", "P1")], columns=KEYS)
    >>> grid = grid.assign(active_from=pd.array([None] * 2 + [2020, 2021], "Int64"),
    ...                    active_to=pd.array([None] * 4, "Int64"))
    >>> answering_year_caps(grid)  # 2020 (row 0): P0 (row 2) alone was active; 2021: both, the whole period's
    [YearCap(year=0, partnerships=(2,))]
    """
    dated = _dated_sectors(grid)
    if dated is None:
        return []
    years, position, sectors = dated
    first, last = years[0], years[-1]
    found: list[YearCap] = []
    for sector, rows in sectors.items():
        state, geo_id = grid["geo_level"].iat[rows[0]], grid["geo_id"].iat[rows[0]]
        # those active in some year of the release: one active in none counts 0 (date_bounds), so a year of all the
        # others has the whole period's ceiling, a relation already (a code reviewer)
        some_year = [row for row in rows if any(_active_in(grid, row, year, first, last) for year in years)]
        for year in years:
            active = tuple(row for row in some_year if _active_in(grid, row, year, first, last))
            key = (state, geo_id, sector, str(year), ALL)
            if len(active) < len(some_year) and key in position:
                found.append(YearCap(position[key], active))
    return found


def _dated_sectors(grid: pd.DataFrame) -> tuple[list[int], dict[tuple, int], dict[str, list[int]]] | None:
    """What the dates' relations are drawn over: the release's years, each cell's row position (``_positions``) and
    each sector's partnership rows, in sector order; None where the grid has no dates or no year."""
    if ACTIVE_FROM not in grid.columns:
        return None
    years = sorted(int(period) for period in set(grid["period"]) - {ALL})
    if not years:
        return None
    partnership_rows = [int(row) for row in np.flatnonzero((grid["partnership_id"] != ALL).to_numpy())]
    sectors = {sector: [row for row in partnership_rows if grid["sector_code"].iat[row] == sector]
               for sector in sorted({grid["sector_code"].iat[row] for row in partnership_rows})}
    return years, _positions(grid), sectors


def _active_in(grid: pd.DataFrame, row: int, year: int, first: int, last: int) -> bool:
    """Was the partnership of grid row ``row`` active in ``year``? Without a start (end), from ``first`` (to
    ``last``), as ``date_bounds`` reads it."""
    start, end = grid[ACTIVE_FROM].iat[row], grid[ACTIVE_TO].iat[row]
    return (first if pd.isna(start) else int(start)) <= year <= (last if pd.isna(end) else int(end))


def date_bounds(grid: pd.DataFrame) -> list[DateBound]:
    """The relations a reader draws from the partnerships' public dates (``cells.ACTIVE_FROM``, ``ACTIVE_TO``; none
    when the grid has no such columns): no one exits and no employer answers outside their partnership's years.

    With a table of partnerships by year (never published), the sector's year cells and its partnerships' cells are
    that table's two margins, and the table has a zero wherever a partnership was not active. Such a table exists
    exactly when, for every set S of the sector's partnerships, their sum is at most the sector's sum over the years
    any of them was active (Hall's condition; the sector's year cells and partnerships sum to the same whole). As the
    years active are intervals, the sets that matter are, for each span of years [a, b] that the partnerships active
    within it cover without a gap, those partnerships: one bound per such span and sector. Left out: the span of
    every year (its bound follows from the additive relations), and a span that parts in two where no partnership
    runs across (its bound is the sum of its parts'). For one count at a time this is exact; the programs hold each
    count, each "no" part and each ordering's difference to these bounds, not the counts jointly. Where a
    partnership gives no start (end), it counts as active from the release's first year (to its last).

    >>> grid = pd.DataFrame([("state", "42", "HLTH", str(y), "all") for y in (2005, 2006, 2007)]
    ...                     + [("state", "42", "HLTH", "all", p) for p in ("P1", "P2")], columns=KEYS)
    >>> grid = grid.assign(active_from=pd.array([None] * 3 + [2005, 2006], "Int64"),
    ...                    active_to=pd.array([None] * 3 + [2005, None], "Int64"))
    >>> date_bounds(grid)  # P1 (row 3) was active in 2005 alone (row 0); P2 (row 4) in 2006-2007 (rows 1, 2)
    [DateBound(partnerships=(3,), years=(0,)), DateBound(partnerships=(4,), years=(1, 2))]
    """
    dated = _dated_sectors(grid)
    if dated is None:
        return []
    years, position, sectors = dated
    first, last = years[0], years[-1]
    found: list[DateBound] = []
    for sector, rows in sectors.items():
        state, geo_id = grid["geo_level"].iat[rows[0]], grid["geo_id"].iat[rows[0]]
        spans = {}  # row -> first and last year active within the release's years (first > last: none)
        for row in rows:
            start, end = grid[ACTIVE_FROM].iat[row], grid[ACTIVE_TO].iat[row]
            spans[row] = (first if pd.isna(start) else max(first, int(start)),
                          last if pd.isna(end) else min(last, int(end)))
        found += [DateBound((row,), ()) for row, (start, end) in spans.items() if start > end]
        active = {row: span for row, span in spans.items() if span[0] <= span[1]}
        starts = sorted({start for start, _ in active.values()})
        ends = sorted({end for _, end in active.values()})
        for a in starts:
            for b in ends:
                if b < a or (a, b) == (first, last):
                    continue
                inside = [row for row, (start, end) in active.items() if a <= start and end <= b]
                covered = {year for row in inside for year in range(active[row][0], active[row][1] + 1)}
                # and no year where the span parts in two without a partnership across (2019 and 2020 apart): its
                # bound is then the sum of its parts' (a code reviewer)
                joined = all(any(active[row][0] <= year < active[row][1] for row in inside) for year in range(a, b))
                if inside and covered == set(range(a, b + 1)) and joined:
                    found.append(DateBound(tuple(inside), tuple(position[(state, geo_id, sector, str(year), ALL)]
                                                                for year in range(a, b + 1))))
    return found
