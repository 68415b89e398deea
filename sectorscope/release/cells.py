"""The public release's cells: statistics over a fixed hierarchy, computed from one row per person or response.

A cell is one combination of

- geography: the state, one region, or one county (people by county of residence, employers by worksite county;
  people whose county is not in the state are counted in the pseudo-county ``unknown``);
- sector: ``all`` or one sector;
- period: ``all`` (the whole period) or one exit or survey year (``"2019"``);
- partnership: ``all``, or one public partnership (only at state level, in the partnership's own sector).

Only public partnerships' participants and survey responses are counted anywhere, so every total is exactly the
sum of its parts (counties of a region, sectors, years, partnerships of a sector), with one exception: employers
count once per partnership by their latest answer (as on the Employer outcomes page), so an employer surveyed in
two years counts in both years but once in the whole period, which is at most the sum of its years. That is why
employer figures are published for the whole period only (``published_by_design``): their year cells are counted
for the protection's model and never published.

Count statistics are additive and protected by suppression (``suppression.py``); every other statistic (a mean,
a median, a share) is shown only where the counts it rests on are shown. Pure: pandas in, pandas out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectorscope.metrics import employers

ALL = "all"
UNKNOWN_COUNTY = "unknown"
# A fact's flag (employers only): does it count in the whole-period cells? Absent: every fact does.
WHOLE_PERIOD = "counts_in_whole_period"
KEYS = ["geo_level", "geo_id", "sector_code", "period", "partnership_id"]
# The grid's columns beside ``KEYS`` on a public partnership's cell: its first and last year active, as its public
# dates say (NA where the registry gives none, and on every other cell).
ACTIVE_FROM, ACTIVE_TO = "active_from", "active_to"


@dataclass(frozen=True)
class CountStatistic:
    """An additive count: how many rows of ``unit`` have ``mask`` true in a cell.

    ``parent`` is the count this one is a part of (completers of exiters): where the parent is hidden this one is
    too, and the parent's shown value caps it. ``strict``: a share's "yes" part; both it and the "no" part
    (parent minus it) must reach k. Not strict: the other part may be 0 (nobody left out), never 1..k-1.
    """

    name: str
    source: str  # "people" or "employers"
    mask: str
    parent: str | None = None
    strict: bool = False


COUNTS: tuple[CountStatistic, ...] = (
    CountStatistic("exiters", "people", "is_exiter"),
    CountStatistic("completers", "people", "completed", "exiters", strict=True),
    CountStatistic("wage_n", "people", "has_both_wages", "completers"),
    CountStatistic("credential_yes", "people", "has_credential", "completers", strict=True),
    CountStatistic("employed_n", "people", "employed_known", "exiters"),
    CountStatistic("employed_yes", "people", "employed_in_sector", "employed_n", strict=True),
    CountStatistic("poverty_n", "people", "poverty_known", "exiters"),
    CountStatistic("poverty_before_yes", "people", "below_poverty_before", "poverty_n", strict=True),
    CountStatistic("poverty_after_yes", "people", "below_poverty_after", "poverty_n", strict=True),
    CountStatistic("insurance_n", "people", "insurance_known", "exiters"),
    CountStatistic("insurance_before_yes", "people", "health_insurance_before", "insurance_n", strict=True),
    CountStatistic("insurance_after_yes", "people", "health_insurance_after", "insurance_n", strict=True),
    CountStatistic("sick_leave_n", "people", "sick_leave_known", "exiters"),
    CountStatistic("sick_leave_before_yes", "people", "paid_sick_leave_before", "sick_leave_n", strict=True),
    CountStatistic("sick_leave_after_yes", "people", "paid_sick_leave_after", "sick_leave_n", strict=True),
    CountStatistic("responses", "employers", "is_response"),
    CountStatistic("turnover_n", "employers", "turnover_known", "responses"),
    CountStatistic("turnover_yes", "employers", "reduced_turnover", "turnover_n", strict=True),
    CountStatistic("rework_n", "employers", "rework_known", "responses"),
    CountStatistic("rework_yes", "employers", "reduced_rework", "rework_n", strict=True),
    CountStatistic("complaints_n", "employers", "complaints_known", "responses"),
    CountStatistic("complaints_yes", "employers", "reduced_complaints", "complaints_n", strict=True),
    CountStatistic("valuable_n", "employers", "valuable_known", "responses"),
    CountStatistic("valuable_yes", "employers", "partnership_valuable", "valuable_n", strict=True),
)
COUNT_BY_NAME = {count.name: count for count in COUNTS}
# The counts of each source: people and employers share no cell, so each is protected and attacked on its own.
COUNTS_OF = {source: tuple(count for count in COUNTS if count.source == source) for source in ("people", "employers")}

# Shares shown: name -> (yes count, n count). Shown only where both counts are.
SHARES: dict[str, tuple[str, str]] = {
    "share_completed": ("completers", "exiters"),
    "share_credential": ("credential_yes", "completers"),
    "share_employed_in_sector": ("employed_yes", "employed_n"),
    "share_below_poverty_before": ("poverty_before_yes", "poverty_n"),
    "share_below_poverty_after": ("poverty_after_yes", "poverty_n"),
    "share_health_insurance_before": ("insurance_before_yes", "insurance_n"),
    "share_health_insurance_after": ("insurance_after_yes", "insurance_n"),
    "share_paid_sick_leave_before": ("sick_leave_before_yes", "sick_leave_n"),
    "share_paid_sick_leave_after": ("sick_leave_after_yes", "sick_leave_n"),
    "share_reduced_turnover": ("turnover_yes", "turnover_n"),
    "share_reduced_rework": ("rework_yes", "rework_n"),
    "share_reduced_complaints": ("complaints_yes", "complaints_n"),
    "share_partnership_valuable": ("valuable_yes", "valuable_n"),
}


@dataclass(frozen=True)
class Geography:
    """The state, the release's counties (the state's, and those across a state line that a region names) and its
    regions (region id -> county FIPS, in the state or across its line)."""

    state_fips: str
    counties: tuple[str, ...]
    regions: dict[str, tuple[str, ...]]

    def is_partition(self) -> bool:
        """Does every county of the release (the state's and those across its line that regions name) lie in exactly
        one region?"""
        seen = [county for members in self.regions.values() for county in members]
        return len(seen) == len(set(seen)) and set(seen) == set(self.counties)


def person_flags(people: pd.DataFrame) -> pd.DataFrame:
    """One row per exited participant with the boolean columns the counts sum, and ``wage_gain``.

    ``has_both_wages`` = completed and both hourly wages known; ``wage_gain`` = post - pre for those rows.
    A "known" column is true where the person's answer (or both answers, for before/after) is recorded.
    """
    out = pd.DataFrame(index=people.index)

    def flag(column: str) -> pd.Series:
        return people[column].astype("boolean")

    out["is_exiter"] = True
    out["completed"] = flag("completed").fillna(False)
    pre = pd.to_numeric(people["pre_hourly_wage"], errors="coerce")
    post = pd.to_numeric(people["post_hourly_wage"], errors="coerce")
    out["has_both_wages"] = out["completed"] & pre.notna() & post.notna()
    out["wage_gain"] = (post - pre).where(out["has_both_wages"])
    out["has_credential"] = out["completed"] & flag("credential_earned").fillna(False)
    out["employed_known"] = flag("employed_in_sector").notna()
    out["employed_in_sector"] = flag("employed_in_sector").fillna(False)
    for name, before, after in (("poverty", "below_poverty_before", "below_poverty_after"),
                                ("insurance", "health_insurance_before", "health_insurance_after"),
                                ("sick_leave", "paid_sick_leave_before", "paid_sick_leave_after")):
        known = flag(before).notna() & flag(after).notna()
        out[f"{name}_known"] = known
        out[before] = known & flag(before).fillna(False)
        out[after] = known & flag(after).fillna(False)
    return out.astype({column: bool for column in out.columns if column != "wage_gain"})


def employer_flags(responses: pd.DataFrame) -> pd.DataFrame:
    """One row per survey response (employer x partnership x year) with the boolean columns the employer counts sum,
    and ``WHOLE_PERIOD``: is it the employer's latest answer for that partnership?

    One definition with the Employer outcomes page and the Overview (``employers.is_latest_response``): an employer
    counts once per partnership, by its latest answer in the period. A year's cells count that year's answers; the
    whole period's cells only each pair's latest, so for employer counts the whole period is at most the sum of its
    years (an employer surveyed in two years is one employer, not two), not equal to it.
    """
    out = pd.DataFrame(index=responses.index)
    out["is_response"] = True
    out[WHOLE_PERIOD] = employers.is_latest_response(responses["employer_id"], responses["partnership_id"],
                                                     responses["year"])
    for name, column in (("turnover", "reduced_turnover"), ("rework", "reduced_rework"),
                         ("complaints", "reduced_complaints"), ("valuable", "partnership_valuable")):
        answer = responses[column].astype("boolean")
        out[f"{name}_known"] = answer.notna()
        out[column] = answer.fillna(False)
    return out.astype(bool)


def _home_county(county: pd.Series, geography: Geography) -> pd.Series:
    in_state = county.isin(geography.counties)
    return county.where(in_state, UNKNOWN_COUNTY).astype(str)


def _in_period(facts: pd.DataFrame, period: str | None) -> pd.DataFrame:
    """The facts counted in the whole period (``ALL``) or in their own year (None): an employer's earlier answers
    count in their years only."""
    if period == ALL and WHOLE_PERIOD in facts:
        return facts[facts[WHOLE_PERIOD]]
    return facts


def _expand(facts: pd.DataFrame, geography: Geography) -> pd.DataFrame:
    """Each fact copied once per cell it falls in (state, its region(s), its county x all/own sector x all/own year),
    plus once per (state, own sector, all/own year, own partnership)."""
    base = facts.assign(county=_home_county(facts["county_fips"], geography), year=facts["year"].astype(str))
    region_of = pd.DataFrame([(region, county) for region, members in geography.regions.items()
                              for county in members], columns=["region", "county"])
    geo_parts = [
        base.assign(geo_level="state", geo_id=geography.state_fips),
        base.assign(geo_level="county", geo_id=base["county"]),
    ]
    if not region_of.empty:
        regional = base.merge(region_of, on="county", how="inner")
        geo_parts.append(regional.assign(geo_level="region", geo_id=regional["region"]).drop(columns="region"))
    geo = pd.concat(geo_parts, ignore_index=True)
    parts = []
    for sector in (ALL, None):
        for period in (ALL, None):
            facts_in = _in_period(geo, period)
            parts.append(facts_in.assign(sector_code=sector if sector else facts_in["sector_code"],
                                         period=period if period else facts_in["year"], partnership_id_cell=ALL))
    state = base.assign(geo_level="state", geo_id=geography.state_fips)
    for period in (ALL, None):
        facts_in = _in_period(state, period)
        parts.append(facts_in.assign(period=period if period else facts_in["year"],
                                     partnership_id_cell=facts_in["partnership_id"]))
    expanded = pd.concat(parts, ignore_index=True)
    return expanded.drop(columns=["partnership_id"]).rename(columns={"partnership_id_cell": "partnership_id"})


def cell_grid(geography: Geography, sectors_of_partnerships: dict[str, str], years: list[int],
              active_years: dict[str, tuple[int | None, int | None]] | None = None) -> pd.DataFrame:
    """Every cell of the release (zeros included), in a stable order: the layout.

    - the state: all sectors and each sector, the whole period and each year (sector x year);
    - each region, and the people living outside the state (``unknown``): all sectors and each sector, over the
      whole period (only all sectors when the regions do not partition the state);
    - each county: all sectors, the whole period;
    - each public partnership (at state level, in its own sector): the whole period.

    Why no finer: each published table is a margin of the one table of people by county, partnership and year,
    and these margins join as a tree (county - region - region x sector - sector - sector x year, and partnership -
    sector), with no cycle such as region x sector, region x year and sector x year together. So a table
    consistent with the published cells and the relations between them always exists, and the attacker, who
    reasons over exactly those cells and relations, misses nothing. It also keeps the release small enough to
    attack whole at load time. ``sectors_of_partnerships`` maps each public partnership to its sector; sectors are
    those of public partnerships.

    ``active_years``: per public partnership, its first and last year active (None where its registry dates give
    none), written in ``ACTIVE_FROM`` and ``ACTIVE_TO`` on its cell; no such columns without it. A reader knows them,
    and ``suppression.date_bounds`` draws the relations they give.
    """
    sectors = [ALL, *sorted(set(sectors_of_partnerships.values()))]
    periods = [ALL, *[str(year) for year in sorted(set(years))]]
    by_sector = sectors if geography.regions and geography.is_partition() else [ALL]
    rows = [("state", geography.state_fips, sector, period, ALL) for sector in sectors for period in periods]
    rows += [("region", region, sector, ALL, ALL) for region in sorted(geography.regions) for sector in by_sector]
    rows += [("county", county, ALL, ALL, ALL) for county in sorted(geography.counties)]
    rows += [("county", UNKNOWN_COUNTY, sector, ALL, ALL) for sector in by_sector]
    rows += [("state", geography.state_fips, sector, ALL, partnership)
             for partnership, sector in sorted(sectors_of_partnerships.items())]
    grid = pd.DataFrame(rows, columns=KEYS)
    if active_years is None:
        return grid
    span = grid["partnership_id"].map(lambda partnership: active_years.get(partnership, (None, None)))
    return grid.assign(**{column: pd.array([ends[i] for ends in span], dtype="Int64")
                          for i, column in enumerate((ACTIVE_FROM, ACTIVE_TO))})


@dataclass(frozen=True)
class Splits:
    """How the release splits one kind of place (``cell_grid``): by sector, by year."""

    by_sector: bool
    by_year: bool


NOT_SPLIT = Splits(False, False)


def layout_of(rows: pd.DataFrame) -> dict[str, Splits]:
    """Per kind of place ('state', 'region', 'county', 'partnership'), from the ``release_layout`` query's rows."""
    return {row.place_kind: Splits(bool(row.by_sector), bool(row.by_year)) for row in rows.itertuples()}


def aggregate(
    facts: pd.DataFrame, flags: pd.DataFrame, unit: str, counts: tuple[CountStatistic, ...],
    geography: Geography, grid: pd.DataFrame,
) -> pd.DataFrame:
    """Per cell of ``grid``: each count's value, distinct ``unit``s in it, and distinct units in the other part.

    ``facts`` has county_fips, sector_code, year, partnership_id and ``unit``; ``flags`` the count masks (same index).
    Columns out: ``<count>``, ``<count>__units``, ``<count>__other_units`` (0 for a count without a parent), and
    ``mean_wage_gain`` and ``median_wage_gain`` (NaN where no one has a gain) when ``flags`` has ``wage_gain``.
    Where a unit has several rows (employers: one answer per partnership), also ``<count>__ids`` and
    ``<count>__other_ids``: the units behind each cell (integer codes, sorted), so that the units of several cells
    taken together can be counted (``units_of_cells``): an employer in two hidden partnerships is one employer, and
    a group of hidden cells summed in answers read 20 where 5 employers stood behind it (a privacy reviewer).
    """
    if facts.empty:
        out = grid.copy()
        for count in counts:
            out[[count.name, f"{count.name}__units", f"{count.name}__other_units"]] = 0
        if "wage_gain" in flags.columns:
            out["mean_wage_gain"] = out["median_wage_gain"] = np.nan
        return out
    joined = pd.concat([facts[["county_fips", "sector_code", "year", "partnership_id", unit]],
                        flags.drop(columns=["wage_gain"], errors="ignore")], axis=1)
    expanded = _expand(joined, geography)
    sums = expanded.groupby(KEYS, sort=False)[[count.mask for count in counts]].sum()
    one_row_per_unit = bool(facts[unit].is_unique)  # people: units are rows, so distinct units are sums
    columns = {}
    for count in counts:
        columns[count.name] = sums[count.mask]
        parent_mask = COUNT_BY_NAME[count.parent].mask if count.parent is not None else None
        if one_row_per_unit:
            columns[f"{count.name}__units"] = sums[count.mask]
            if parent_mask is not None:
                columns[f"{count.name}__other_units"] = sums[parent_mask] - sums[count.mask]
            continue
        columns[f"{count.name}__units"] = expanded[expanded[count.mask]].groupby(KEYS)[unit].nunique()
        if parent_mask is not None:
            other = expanded[expanded[parent_mask] & ~expanded[count.mask]]
            columns[f"{count.name}__other_units"] = other.groupby(KEYS)[unit].nunique()
    nested = nested_pairs(joined, counts)
    stats = pd.DataFrame(columns)
    placed = grid.merge(stats, left_on=KEYS, right_index=True, how="left").set_axis(grid.index)
    no_parent = pd.DataFrame({f"{count.name}__other_units": 0 for count in counts if count.parent is None},
                             index=grid.index, dtype="int64")
    # Whole blocks, not a column at a time: on a small state pandas' cost per column outweighed the counting.
    blocks = [grid, placed[stats.columns].fillna(0).astype("int64"), no_parent]
    if nested:
        blocks.append(_nesting_in_cells(expanded, unit, one_row_per_unit, nested, grid))
    if not one_row_per_unit:
        blocks.append(_unit_ids(expanded, unit, counts, grid, nested))
    out = pd.concat(blocks, axis=1)
    if "wage_gain" in flags.columns:
        gains = pd.concat([facts[["county_fips", "sector_code", "year", "partnership_id"]],
                           flags[["wage_gain"]]], axis=1).dropna(subset=["wage_gain"])
        by_cell = _expand(gains, geography).groupby(KEYS)["wage_gain"].agg(mean_wage_gain="mean",
                                                                            median_wage_gain="median")
        out = out.merge(by_cell, left_on=KEYS, right_index=True, how="left")
    return out


def _unit_ids(expanded: pd.DataFrame, unit: str, counts: tuple[CountStatistic, ...],
              grid: pd.DataFrame, nested: list[tuple[str, str]] = ()) -> pd.DataFrame:
    """Per cell of ``grid`` and count: the sorted integer codes of the units with the count's mask
    (``<count>__ids``) and, for a part, of those in its group but not in it (``<count>__other_ids``; for a pair of
    ``nested``, ``nested_column(part, group, "other_ids")``)."""
    codes = pd.Series(pd.factorize(expanded[unit])[0], index=expanded.index)
    empty = np.array([], dtype=np.int64)
    position = pd.MultiIndex.from_frame(grid[KEYS])
    masks = {}
    for count in counts:
        masks[f"{count.name}__ids"] = expanded[count.mask]
        if count.parent is not None:
            masks[f"{count.name}__other_ids"] = expanded[COUNT_BY_NAME[count.parent].mask] & ~expanded[count.mask]
    for part, group in nested:
        masks[nested_column(part, group, "other_ids")] = (expanded[COUNT_BY_NAME[group].mask]
                                                          & ~expanded[COUNT_BY_NAME[part].mask])
    columns = {}
    for name, mask in masks.items():
        grouped = codes[mask].groupby([expanded.loc[mask, key] for key in KEYS]).unique()
        per_cell = grouped.reindex(position)
        columns[name] = [np.sort(ids) if isinstance(ids, np.ndarray) else empty for ids in per_cell]
    return pd.DataFrame(columns, index=grid.index)


NESTED = "__within__"  # a nested pair's columns: ``<part>__within__<group>__other_units`` (``nested_column``)


def nested_column(part: str, group: str, suffix: str) -> str:
    """The column of ``count_values``' frame holding, per cell, the units in ``group`` but not in ``part`` (a pair
    of ``nested_pairs``): ``suffix`` "other_units" (how many) or "other_ids" (which, where a unit has several rows)."""
    return f"{part}{NESTED}{group}__{suffix}"


# A pair of counts is nested (``nested_pairs``) where the records put at most this many of the part's units outside
# the group, or at most this share of them: a few exceptions elsewhere in the state do not make the group beyond
# the part, in a cell holding none of them, any less a group of people (a code reviewer: one Healthcare
# non-completer who answered the poverty questions switched the rule off, and Manufacturing's cells showed 50
# completers and 47 who answered again)
NESTING_EXCEPTIONS = 9
NESTING_EXCEPTION_SHARE = 0.01


def nested_pairs(flags: pd.DataFrame, counts: tuple[CountStatistic, ...]) -> list[tuple[str, str]]:
    """(part, group) pairs of ``counts`` whose part's units the records put within the group's, beyond the parts of
    the data model (``CountStatistic.parent``), but for ``NESTING_EXCEPTIONS`` units or ``NESTING_EXCEPTION_SHARE``
    of the part's: in a cell holding no exception the group minus the part is a count of people (or employers) too,
    read off two shown cells by subtraction (``_nesting_in_cells`` says which cells). ``flags``: a row per fact
    with the counts' masks; for employers, only the answers a published cell counts (each employer's latest per
    partnership, ``WHOLE_PERIOD``: an earlier answer superseded by a later one is in no published cell, and it
    broke the pair where it was the one exception: a code reviewer).

    On the demo only completers answered the poverty questions, so a Financial Services 2018 one-pager showing 31
    completers (by its share of 55 exiters) and 28 who answered told of 3 completers who did not answer (a privacy
    reviewer: 45 such cells, the model knowing poverty_n only as a part of exiters). Counts of the same units in
    every fact (``poverty_n``, ``insurance_n`` and ``sick_leave_n`` answered by the same people) are one number,
    named by the first (their cells are tied by ``equal_counts``); a count no fact holds is in every group, and its
    group minus it is the group itself: left out. A part's own group, at any depth, says it already."""
    if WHOLE_PERIOD in flags:
        flags = flags[flags[WHOLE_PERIOD].astype(bool)]
    masks = {count.name: flags[count.mask].to_numpy(dtype=bool) for count in counts}
    names: list[str] = []
    for count in counts:  # the first of counts of one mask stands for them all
        if masks[count.name].any() and not any(np.array_equal(masks[count.name], masks[name]) for name in names):
            names.append(count.name)
    # a part is smaller than its group (fewer units, or the earlier count of as many): two counts each within the
    # other but for a few are one pair, not two ways round ("no more than" each other in a cell, both a share's
    # "yes", left no table to prove anything with: the adversarial state's employers saying yes on turnover and on
    # rework), and no three make a ring
    rank = {name: (int(masks[name].sum()), position) for position, name in enumerate(names)}
    pairs = []
    for part in names:
        allowed = max(NESTING_EXCEPTIONS, int(NESTING_EXCEPTION_SHARE * masks[part].sum()))
        for group in names:
            if rank[part] >= rank[group] or any(np.array_equal(masks[group], masks[above])
                                                for above in _ancestors(part)):
                continue
            if int((masks[part] & ~masks[group]).sum()) <= allowed:
                pairs.append((part, group))
    return sorted(pairs)


def _nesting_in_cells(expanded: pd.DataFrame, unit: str, one_row_per_unit: bool, pairs: list[tuple[str, str]],
                      grid: pd.DataFrame) -> pd.DataFrame:
    """Per cell of ``grid`` and pair of ``pairs`` (``nested_pairs``), the units in the group but not in the part
    where the cell holds no unit of the part outside the group, else -1 (the difference there is no group of
    people): ``nested_column(part, group, "other_units")``. Each unit's masks in a cell are folded into one code
    (an employer's answers to several partnerships: any), so every pair is counted from one table of cells by
    code."""
    names = sorted({name for pair in pairs for name in pair})
    masks = [COUNT_BY_NAME[name].mask for name in names]
    rows = expanded[[*KEYS, *masks]] if one_row_per_unit else (
        expanded.groupby([*KEYS, unit], sort=False)[masks].any().reset_index())
    bits = rows[masks].to_numpy(dtype=np.int64)
    codes = rows[KEYS].assign(_code=bits @ (1 << np.arange(len(masks), dtype=np.int64)))
    table = codes.groupby([*KEYS, "_code"], sort=False).size().reset_index(name="_n")
    cell = pd.MultiIndex.from_frame(grid[KEYS]).get_indexer(pd.MultiIndex.from_frame(table[KEYS]))
    table, cell = table[cell >= 0], cell[cell >= 0]  # cells the layout does not publish
    has = ((table["_code"].to_numpy()[:, None] >> np.arange(len(masks))) & 1).astype(bool)
    n = table["_n"].to_numpy(dtype=np.int64)
    columns = {}
    for part, group in pairs:
        a, b = has[:, names.index(part)], has[:, names.index(group)]
        stray, outside = np.zeros(len(grid), dtype=np.int64), np.zeros(len(grid), dtype=np.int64)
        np.add.at(stray, cell, n * (a & ~b))
        np.add.at(outside, cell, n * (b & ~a))
        columns[nested_column(part, group, "other_units")] = np.where(stray == 0, outside, -1)
    return pd.DataFrame(columns, index=grid.index, dtype="int64")


def nested_parts(values: pd.DataFrame) -> list[tuple[str, str]]:
    """The (part, group) pairs of ``nested_pairs`` that ``count_values`` found in the facts behind ``values``, but
    two counts equal in every cell: one number to a reader (``equal_counts``), whose difference is 0 wherever it is
    shown (a share's "yes" of such a pair, held to a difference of at least k, had no table to prove it with: a
    seeded small state)."""
    suffix = "__other_units"
    pairs = [tuple(column[:-len(suffix)].split(NESTED)) for column in values.columns
             if NESTED in column and column.endswith(suffix)]
    return sorted((part, group) for part, group in pairs
                  if not (values[part].to_numpy() == values[group].to_numpy()).all())


def equal_counts(values: pd.DataFrame, counts: tuple[CountStatistic, ...]) -> list[tuple[str, ...]]:
    """Groups of two or more of ``counts`` equal in every cell of ``values``, in ``counts``' order: one number under
    several names, to the attacker and the certificates alike.

    The same people answer them: on the demo each person answered the poverty, health insurance and paid sick leave
    questions all three or none, so ``poverty_n``, ``insurance_n`` and ``sick_leave_n`` are one number three times.
    A reader who sees them equal wherever they are shown takes them equal where one is hidden (a privacy reviewer
    read three hidden ``poverty_n`` off the ``insurance_n`` and ``sick_leave_n`` beside them), so the attacker and
    the certificates know it too; so with counts of different groups (every completer answering the poverty
    questions would make ``poverty_n`` the count of completers: a code reviewer). Not a share's "yes" equal to a
    group it is part of (everyone said yes): the rule hides every such share, so no reader sees the two equal, and
    tied they could never be protected.
    """
    by_values: dict[bytes, list[CountStatistic]] = {}
    for count in counts:
        by_values.setdefault(values[count.name].to_numpy(dtype="int64").tobytes(), []).append(count)
    groups = []
    for equal in by_values.values():
        names = {count.name for count in equal}
        kept = [count.name for count in equal if not (count.strict and _ancestors(count.name) & names)]
        if len(kept) > 1:
            groups.append(tuple(kept))
    return groups


def group_orderings(values: pd.DataFrame, counts: tuple[CountStatistic, ...]) -> set[tuple[str, str]]:
    """(part, group): each count at most the group it is a part of, in every cell by definition, equal counts named
    by the first (``equal_counts``); a part equal to its group gives no pair."""
    first = {name: group[0] for group in equal_counts(values, counts) for name in group}
    pairs = {(first.get(count.name, count.name), first.get(count.parent, count.parent)) for count in counts
             if count.parent is not None}
    return {pair for pair in pairs if pair[0] != pair[1]}


def ordered_counts(values: pd.DataFrame, counts: tuple[CountStatistic, ...]) -> list[tuple[str, str]]:
    """Pairs (smaller, larger) of ``counts`` whose first is at most the second in every cell of ``values``, beyond
    what the groups (a part is at most its group) and ``equal_counts`` already say, in ``counts``' order: the fewest
    pairs that say it all (each count of equal ones named by the first; a pair that follows from two others left
    out), as each pair is a row per hidden cell in every program.

    A reader who sees one at most the other wherever both are shown takes it so where one is hidden: on the demo only
    completers answered the poverty questions, so a shown ``poverty_n`` of 36 put a hidden count of completers at 36
    or more, and the 47 exiters' hidden non-completers at 11 or fewer where the rule promises up to 13 (a privacy
    reviewer). The attacker and the certificates know every such ordering of the true table: whatever a reader
    infers rightly from the shown cells, and more (an ordering that only happens to hold constrains the
    certificates further, never less).
    """
    first = {name: group[0] for group in equal_counts(values, counts) for name in group}
    names = list(dict.fromkeys(first.get(count.name, count.name) for count in counts))
    column = {name: values[name].to_numpy(dtype="int64") for name in names}
    known = _closure(group_orderings(values, counts))
    pairs = [(a, b) for a in names for b in names if a != b and (a, b) not in known
             and (column[a] <= column[b]).all() and not (column[a] == column[b]).all()]
    every = _closure(known | set(pairs))
    return [(a, c) for a, c in pairs if not any((a, b) in every and (b, c) in every for b in names if b not in (a, c))]


# Whose counts' orderings seen where shown are rules to the programs (``apparent_orderings``): people's and employers'.
# Employers' whole-period cells are few (on the demo 40 to 85 of a pair's cells show both), and a reader applying an
# ordering taken from them narrowed hidden cells inside the margin (a privacy reviewer: "complaints_yes <= rework_yes",
# true in all 39 cells showing both, read a partnership's 9 yes on complaints as at most 10, where the rule keeps 14
# possible; the release built without them had 10 such breaches). Modelled until 2026-12-06 for people only: with
# employers' too the build hid the state's four employer shares, not for want of another certificate but because
# ``certify`` took a move of the state's whole figure for one that hid no headline (mended there).
APPARENT_SOURCES = ("people", "employers")


def apparent_orderings(values: pd.DataFrame, counts: tuple[CountStatistic, ...],
                       shown: dict[str, np.ndarray]) -> list[tuple[str, str]]:
    """Pairs (smaller, larger) of ``counts`` whose first is at most the second in every cell where both are shown
    (``shown``: per count, its cells a reader sees; at least one such cell where the second is above 0) but not in
    every cell of ``values``, for the counts of ``APPARENT_SOURCES``: what
    a reader would take for a rule and apply to the hidden cells, though it fails in some (each count of equal ones
    named by the first, ``equal_counts``).

    Applied where it holds, it narrows the other hidden cells rightly (a privacy reviewer: ``insurance_after_yes`` at
    most ``wage_n`` in all 292 cells showing both, failing in 6 of 185 hidden ones, put 2 to 9 people of a
    partnership without insurance where the rule keeps 0 possible), so the attacker and the certificates apply each
    in the hidden cells where the true table keeps it. Where it fails a reader applying it is wrong, and the truth
    stays consistent with what the programs know. Hiding more changes them (fewer cells left to break a pair, or to
    show it at all), so a release's build asks again each round. Returned sorted.

    A reader holds only orderings that agree with each other and with what is shown: pairs whose consequences
    (through the groups' parts and the orderings true everywhere) some shown cell contradicts are left out, the
    best-evidenced first kept (when employers' counts were taken too, "no more employers answered on turnover than
    said yes on complaints" and "no more said yes on complaints than on turnover", each true where shown, together
    said that every employer said yes on turnover, which every shown share denies; taken together they tied a
    cell's counts to one number that no hiding could protect).
    """
    if not any(count.source in APPARENT_SOURCES for count in counts):
        return []
    first = {name: group[0] for group in equal_counts(values, counts) for name in group}
    names = list(dict.fromkeys(first.get(count.name, count.name) for count in counts))
    column = {name: values[name].to_numpy(dtype="int64") for name in names}

    def holds_where_shown(a: str, b: str) -> tuple[bool, int]:
        """Does a <= b hold in every cell showing both, and in how many of them is b more than 0 (a cell of two
        zeros shows no ordering: the adversarial state's empty cells made "no more responses than said yes" a
        rule)?"""
        both = shown[a] & shown[b]
        return bool((column[a][both] <= column[b][both]).all()), int((both & (column[b] > 0)).sum())

    known = _closure(group_orderings(values, counts) | set(ordered_counts(values, counts)))
    candidates = []
    for a in names:
        for b in names:
            if a == b or (a, b) in known or (column[a] <= column[b]).all():
                continue
            holds, seen = holds_where_shown(a, b)
            if holds and seen:
                candidates.append((-seen, names.index(a), names.index(b), a, b))
    kept: list[tuple[str, str]] = []
    implied = set(known)
    for *_, a, b in sorted(candidates):
        trial = _closure(implied | {(a, b)})
        if all(holds_where_shown(x, y)[0] for x, y in trial - implied):
            kept.append((a, b))
            implied = trial
    return sorted(kept)


def _ancestors(name: str) -> set[str]:
    """The groups ``name`` is a part of, at any depth (completers and exiters for wage_n)."""
    found, group = set(), COUNT_BY_NAME[name].parent
    while group is not None:
        found.add(group)
        group = COUNT_BY_NAME[group].parent
    return found


def _closure(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Every (a, c) that ``pairs`` (a at most b) imply."""
    closed = set(pairs)
    while new := {(a, d) for a, b in closed for c, d in closed if b == c and a != d} - closed:
        closed |= new
    return closed


def units_of_cells(values: pd.DataFrame, column: str, rows: list[int]) -> int | None:
    """How many distinct units stand behind ``column`` (``<count>__ids`` or ``<count>__other_ids``) in the cells at
    ``rows`` taken together; None where ``values`` holds no ids (people: one row per person, whose cells of one
    relation never share a person, so their units add up)."""
    if column not in values:
        return None
    ids = values[column].to_numpy()[rows]
    return int(np.unique(np.concatenate(list(ids))).size) if len(ids) else 0


def published_by_design(values: pd.DataFrame, count: CountStatistic) -> np.ndarray:
    """Cells of ``values`` (a grid with its ``period``) the release may show ``count`` in at all: every cell for
    people; the whole period only for employers. A year's employer cells count every answer of that year, the whole
    period only each employer's latest answer per partnership, so the shown years minus the shown whole period
    would be the number (and yes/no split) of the answers superseded by a later one: one employer surveyed twice
    had its earlier answers read off a release with nothing hidden (a privacy reviewer). The year cells stay in the
    protection's model as unknowns; they are never published."""
    if count.source != "employers":
        return np.ones(len(values), dtype=bool)
    return (values["period"] == ALL).to_numpy()


def primary_pattern(values: pd.DataFrame, k: int) -> dict[str, np.ndarray]:
    """Per count, the cells the primary rule hides: ``primary_hidden``, and a nested pair's part (``nested_parts``)
    in the cells where ``nested_sensitive``, with every count equal to the part in every cell (``equal_counts``:
    one number under several names)."""
    hidden = {count.name: primary_hidden(values, count, k) for count in COUNTS}
    twins = {name: group for source in COUNTS_OF.values() for group in equal_counts(values, source)
             for name in group}
    for part, group in nested_parts(values):
        sensitive = nested_sensitive(values, part, group, k)
        for name in twins.get(part, (part,)):
            hidden[name] = hidden[name] | sensitive
    return hidden


def nested_sensitive(values: pd.DataFrame, part: str, group: str, k: int) -> np.ndarray:
    """Cells where a nested pair's group beyond its part (``_nesting_in_cells``) may not be read by subtraction:
    1..k-1 units. Not 0 for a share's "yes" (as a share of 100% is hidden): a reader's orderings can tie the two
    counts in a cell, and no table could then part them (a seeded small state's people employed in the sector and
    poor before, 3 and 3); so two equal shown counts of a "yes" and the group it nests in stay shown (README)."""
    other = values[nested_column(part, group, "other_units")].to_numpy()
    return (other > 0) & (other < k)


def primary_hidden(values: pd.DataFrame, count: CountStatistic, k: int) -> np.ndarray:
    """Cells a count may not show by itself (before complementary suppression).

    Hidden when it rests on 1..k-1 units; for a strict part (a share's "yes") also when it or the parent's other
    part ("no") is below k, zero included; for a part that is not strict, when the other part is 1..k-1.
    """
    units = values[f"{count.name}__units"].to_numpy()
    other = values[f"{count.name}__other_units"].to_numpy()
    if count.parent is None:
        return (units > 0) & (units < k)
    if count.strict:
        parent_units = values[f"{count.parent}__units"].to_numpy()
        return (parent_units > 0) & ((units < k) | (other < k))
    return ((units > 0) & (units < k)) | ((other > 0) & (other < k))
