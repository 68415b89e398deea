"""The public release: every figure public mode may show, pre-aggregated and protected as a whole at load time.

``compute_release`` (pure) turns one row per exited participant and per employer survey response (public
partnerships only) into the rows of the ``release_cells`` table; ``build.py`` reads the facts from the database
and writes the table inside the load's transaction. Public pages read nothing else about people or employers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectorscope import config
from sectorscope.release.cells import (
    ALL,
    COUNT_BY_NAME,
    COUNTS,
    KEYS,
    SHARES,
    UNKNOWN_COUNTY,
    Geography,
    aggregate,
    cell_grid,
    employer_flags,
    person_flags,
    primary_hidden,
)
from sectorscope.release.suppression import (
    COMPLEMENTARY,
    PRIMARY,
    RESTS_ON_HIDDEN,
    Relation,
    complementary_suppression,
    protection_margin,
    relations,
)

__all__ = ["ALL", "COUNT_BY_NAME", "RELEASE_COLUMNS", "UNKNOWN_COUNTY", "Geography", "ReleaseInput", "compute_release",
           "count_values", "protect", "suppress"]

# One row at the state's cell: 1 when the build's attacker ran on the whole release and narrowed nothing
# (``Protection.audited``), 0 when the release was over the audit limit.
ATTACKER_CHECKED = "attacker_checked"
RELEASE_COLUMNS = [*KEYS, "statistic", "value", "is_hidden", "hidden_reason", "min_cell"]
# Told what the build is doing: one sentence per step, for the person waiting on a load (the loader's own
# progress also carries a fraction done, hence another name).
StepNotice = Callable[[str], None]
PARTS_OF = {name: tuple(count.name for count in COUNTS if count.parent == name) for name in COUNT_BY_NAME}


@dataclass(frozen=True)
class ReleaseInput:
    """What the release is computed from (public partnerships only).

    people: participant_id, partnership_id, sector_code, county_fips, year (exit year) and the outcome columns of
    ``participants``; responses: employer_id, partnership_id, sector_code, county_fips (worksite), year (survey
    year) and the four answers; grants: partnership_id, sector_code, year (start year), amount_usd;
    partnerships: partnership_id, sector_code, county_fips (a list of the counties served).
    """

    geography: Geography
    partnerships: pd.DataFrame
    people: pd.DataFrame
    responses: pd.DataFrame
    grants: pd.DataFrame


def _years(data: ReleaseInput) -> list[int]:
    years = pd.concat([data.people["year"], data.responses["year"]], ignore_index=True).dropna()
    return sorted({int(year) for year in years})


def count_values(data: ReleaseInput) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The grid of cells and, per cell, every count's true value, units and other-part units (not for publishing)."""
    sectors_of = dict(zip(data.partnerships["partnership_id"], data.partnerships["sector_code"], strict=True))
    grid = cell_grid(data.geography, sectors_of, _years(data))
    people_counts = tuple(count for count in COUNTS if count.source == "people")
    employer_counts = tuple(count for count in COUNTS if count.source == "employers")
    people = aggregate(data.people, person_flags(data.people), "participant_id", people_counts, data.geography, grid)
    employers = aggregate(data.responses, employer_flags(data.responses), "employer_id", employer_counts,
                          data.geography, grid)
    values = pd.concat([people, employers.drop(columns=KEYS)], axis=1)
    return grid, values


@dataclass(frozen=True)
class Protection:
    """A release's hidden pattern and how far it was checked."""

    reasons: dict[str, np.ndarray]  # per count: why each cell is hidden ("" when shown)
    audited: bool  # the attacker ran on the final pattern and narrowed nothing
    repairs: int  # cells hidden because the attacker narrowed a hidden value


def suppress(values: pd.DataFrame, grid: pd.DataFrame, geography: Geography, k: int,
             joint: bool = True, audit: bool = True) -> dict[str, np.ndarray]:
    """Per count: the reason each cell is hidden ("" when shown), parents before their parts (``protect``)."""
    return protect(values, grid, geography, k, joint=joint, audit=audit).reasons


def protect(values: pd.DataFrame, grid: pd.DataFrame, geography: Geography, k: int,
            joint: bool = True, audit: bool = True, progress: StepNotice | None = None) -> Protection:
    """Primary and complementary suppression, then (``audit``) attack and repair until the attacker narrows nothing.

    ``joint``: a hidden companion's slack is what it has between its largest part and its group (a reader may know
    them from the other counts); ``False`` takes each count alone (between 0 and its group's shown value), which an
    attacker using the relations between counts defeats: kept, with ``audit=False``, so the tests can show that.
    Each repair round hides at least one more cell, so the loop ends (at worst with the cells around a breach hidden).
    ``progress`` hears each step (the audit can take minutes while a load holds the database's lock).
    """
    from sectorscope.release.attacker import attack_targets, hidden_size  # scipy: only a release build needs it

    found = relations(grid, geography)
    members_of = _relations_by_member(found, len(grid))
    extra = {count.name: np.zeros(len(grid), dtype=bool) for count in COUNTS}
    repairs = 0
    proven: set[tuple[str, int, float, float]] = set()  # ``attacker.TargetKey``s
    tell = progress or (lambda message: None)
    while True:
        tell("Public release: hiding small counts and the cells that protect them")
        reasons = _suppress_once(values, found, k, joint, extra)
        if not audit or max(hidden_size(reasons).values()) > config.release_audit_limit():
            return Protection(reasons, False, repairs)
        size = hidden_size(reasons)
        tell(f"Public release: attacking its {size['people'] + size['employers']:,} hidden counts"
             + (f" again after {repairs:,} repairs" if repairs else ""))
        breaches, attacked = attack_targets(values, grid, found, reasons, k, proven=frozenset(proven))
        if not breaches:
            return Protection(reasons, True, repairs)
        # The next round keeps every cell hidden now, so it only hides more and what this round proved stays proven
        # (``attack_targets``): it attacks again only the breached values and new ones.
        proven |= attacked - {breach.key for breach in breaches}
        for count in COUNTS:
            extra[count.name] |= reasons[count.name] != ""
        added = 0
        for breach in breaches:
            added += _repair(breach.counts, breach.row, values, reasons, found, members_of, extra, k)
        if not added:
            raise RuntimeError(f"the release cannot protect {breaches[0]}: nothing is left to hide around it")
        repairs += added


def _slack_bounds(values: pd.DataFrame, count, reasons: dict[str, np.ndarray],
                  joint: bool) -> tuple[np.ndarray, np.ndarray]:
    """Per cell: the largest value a reader may think ``count`` takes (its group's count; ``inf`` when none) and the
    smallest (its largest part; 0 when none, or when ``joint`` is off)."""
    caps = np.full(len(values), np.inf)
    floors = np.zeros(len(values))
    for part in PARTS_OF[count.name] if joint else ():
        floors = np.maximum(floors, values[part].to_numpy().astype(float))
    if count.parent is not None:
        caps = values[count.parent].to_numpy().astype(float)
        if not joint:
            caps = np.where(reasons[count.parent] != "", np.inf, caps)
    return caps, floors


def _suppress_once(values: pd.DataFrame, found: list[Relation], k: int, joint: bool,
                   extra: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """One primary and complementary pass per count, parents first; ``extra`` cells start hidden (repairs)."""
    margin = protection_margin(k)
    reasons: dict[str, np.ndarray] = {}
    for count in COUNTS:
        value = values[count.name].to_numpy()
        reason = np.where(primary_hidden(values, count, k), PRIMARY, "").astype(object)
        if count.parent is not None:
            reason[(reasons[count.parent] != "") & (reason == "")] = RESTS_ON_HIDDEN
        caps, floors = _slack_bounds(values, count, reasons, joint)
        hidden = complementary_suppression(value, (reason != "") | extra[count.name], caps, found, margin, floors)
        reason[hidden & (reason == "")] = COMPLEMENTARY
        reasons[count.name] = reason
    return reasons


def _relations_by_member(found: list[Relation], size: int) -> list[list[int]]:
    """Per cell: the relations it is a member of (as parent or part)."""
    members_of: list[list[int]] = [[] for _ in range(size)]
    for index, relation in enumerate(found):
        for member in relation.members:
            members_of[member].append(index)
    return members_of


def _family(names: tuple[str, ...]) -> list[str]:
    """The counts a breached value is tied to, nearest first: its own, then the groups above, then the parts below."""
    family = list(names)
    for name in names:
        group = COUNT_BY_NAME[name].parent
        while group is not None:
            family.append(group)
            group = COUNT_BY_NAME[group].parent
    pending = list(names)
    while pending:
        parts = PARTS_OF[pending.pop(0)]
        family += parts
        pending += parts
    return list(dict.fromkeys(family))


def _repair(names: tuple[str, ...], row: int, values: pd.DataFrame, reasons: dict[str, np.ndarray],
            found: list[Relation], members_of: list[list[int]], extra: dict[str, np.ndarray], k: int) -> int:
    """Hide one more cell near a breached hidden value at ``row`` (of the counts ``names``); returns 1, or 0 when
    nothing is left to hide.

    Looked for in the counts the value is tied to (its own, its groups, its parts: ``_family``), nearest first, in
    the relations of ``row``, then one relation farther each time (through hidden cells): a shown part with at least
    the margin of slack both ways (the smallest), else the shown part with the most slack, else a shown part that can
    rise (a 0), else a relation's shown total; at last the cell itself in a count where it is still shown.
    """
    margin = protection_margin(k)
    family = _family(names)
    reach = {name: set(members_of[row]) for name in family}  # relations searched, per count
    cells = {}  # per count, once: what is shown, its values and how far each may move
    for name in family:
        caps, floors = _slack_bounds(values, COUNT_BY_NAME[name], reasons, joint=True)
        value = values[name].to_numpy().astype(float)
        slack = np.minimum(value - floors, caps - value)
        cells[name] = ((reasons[name] == "") & ~extra[name], value, caps, floors, slack)
    while True:
        grown = False
        for name in family:
            shown, value, caps, floors, slack = cells[name]
            near = sorted(reach[name])
            shown_parts = sorted({member for index in near for member in found[index].children if shown[member]})
            parts = [part for part in shown_parts if value[part] - floors[part] > 0]
            room = [part for part in shown_parts if caps[part] - value[part] > 0]  # zeros: room to rise, no more
            totals = sorted({found[index].parent for index in near if shown[found[index].parent]})
            enough = [part for part in parts if slack[part] >= margin]
            if enough:
                choice = min(enough, key=lambda part: value[part])
            elif parts:
                choice = max(parts, key=lambda part: slack[part])
            elif room:
                choice = room[0]
            elif totals:
                choice = min(totals, key=lambda total: value[total])
            else:  # everything here is hidden: one relation farther, through the hidden cells
                hidden_near = {member for index in near for member in found[index].members}
                farther = {index for member in hidden_near for index in members_of[member]}
                grown |= not farther <= reach[name]
                reach[name] |= farther
                continue
            extra[name][choice] = True
            return 1
        if not grown:
            break
    for name in family:
        if reasons[name][row] == "" and not extra[name][row]:
            extra[name][row] = True
            return 1
    return 0


def compute_release(data: ReleaseInput, k: int, progress: StepNotice | None = None) -> pd.DataFrame:
    """Rows of ``release_cells``: one per cell and statistic, hidden values NULL with the reason (columns
    ``RELEASE_COLUMNS``).

    Counts are suppressed as ``suppress`` says; shares (yes / n) and wage gains (mean and median of post - pre over
    completers with both wages) are shown only where every count they rest on is shown; a share or gain with no one
    to rest on is NULL but not hidden ("none in this selection"). Grant dollars and public partnership counts are
    not about people and are never hidden. One more row says whether the attacker checked the whole release
    (``ATTACKER_CHECKED``).
    """
    grid, values = count_values(data)
    protection = protect(values, grid, data.geography, k, progress=progress)
    reasons = protection.reasons
    frames = []

    def emit(statistic: str, value: pd.Series, reason: np.ndarray) -> None:
        hidden = reason != ""
        frames.append(grid.assign(statistic=statistic, value=value.astype("float64").mask(hidden).to_numpy(),
                                  is_hidden=hidden, hidden_reason=np.where(hidden, reason, None)))

    for count in COUNTS:
        emit(count.name, values[count.name], reasons[count.name])
    for share, (yes, n) in SHARES.items():
        reason = np.where(reasons[yes] != "", reasons[yes], reasons[n])
        reason = np.where((reason != "") & (reason != PRIMARY), RESTS_ON_HIDDEN, reason)
        denominator = values[n].where(values[n] > 0)
        emit(share, values[yes] / denominator, reason)
    wage_reason = np.where(reasons["wage_n"] != "", RESTS_ON_HIDDEN, "").astype(object)
    emit("mean_wage_gain", values["mean_wage_gain"], wage_reason)
    emit("median_wage_gain", values["median_wage_gain"], wage_reason)
    out = pd.concat(frames, ignore_index=True)
    checked = pd.DataFrame([("state", data.geography.state_fips, ALL, ALL, ALL, ATTACKER_CHECKED,
                             float(protection.audited))], columns=[*KEYS, "statistic", "value"])
    out = pd.concat([out, _open_cells(data), checked.assign(is_hidden=False, hidden_reason=None)],
                    ignore_index=True)
    out["min_cell"] = k
    return out[RELEASE_COLUMNS]


def _open_cells(data: ReleaseInput) -> pd.DataFrame:
    """Grant dollars (state level, by sector, start year, partnership) and public partnerships serving each place."""
    state = data.geography.state_fips
    sectors = [ALL, *sorted(set(data.partnerships["sector_code"]))]
    grants = data.grants.assign(period=data.grants["year"].map(lambda y: str(int(y)) if pd.notna(y) else None))
    periods = [ALL, *sorted(set(grants["period"].dropna()))]
    by_part = grants.groupby(["sector_code", "period"])["amount_usd"].sum()
    by_sector = grants.groupby("sector_code")["amount_usd"].sum()
    by_period = grants.groupby("period")["amount_usd"].sum()
    total = float(grants["amount_usd"].sum())

    def dollars(sector: str, period: str) -> float:
        if sector == ALL:
            return total if period == ALL else float(by_period.get(period, 0.0))
        return float(by_sector.get(sector, 0.0)) if period == ALL else float(by_part.get((sector, period), 0.0))

    rows = [("state", state, sector, period, ALL, "grant_dollars", dollars(sector, period))
            for sector in sectors for period in periods]
    of_partnership = grants.groupby("partnership_id")["amount_usd"].sum()
    rows += [("state", state, sector, ALL, partnership, "grant_dollars", float(of_partnership.get(partnership, 0.0)))
             for partnership, sector in zip(data.partnerships["partnership_id"], data.partnerships["sector_code"],
                                            strict=True)]
    served = data.partnerships.explode("county_fips").dropna(subset=["county_fips"])
    places = pd.DataFrame([("county", county, county) for county in data.geography.counties]
                          + [("region", region, county) for region, members in data.geography.regions.items()
                             for county in members], columns=["geo_level", "geo_id", "county_fips"])
    here = served.merge(places, on="county_fips").drop_duplicates(["geo_level", "geo_id", "partnership_id"])
    counted = here.groupby(["geo_level", "geo_id", "sector_code"]).size()
    in_place = here.groupby(["geo_level", "geo_id"]).size()
    state_counts = data.partnerships.groupby("sector_code").size()
    geos = [("region", region) for region in sorted(data.geography.regions)]
    geos += [("county", county) for county in data.geography.counties]
    for sector in sectors:
        count = len(data.partnerships) if sector == ALL else int(state_counts.get(sector, 0))
        rows.append(("state", state, sector, ALL, ALL, "public_partnerships", float(count)))
    for level, geo_id in geos:
        for sector in sectors:
            count = in_place.get((level, geo_id), 0) if sector == ALL else counted.get((level, geo_id, sector), 0)
            rows.append((level, geo_id, sector, ALL, ALL, "public_partnerships", float(count)))
    frame = pd.DataFrame(rows, columns=[*KEYS, "statistic", "value"])
    return frame.assign(is_hidden=False, hidden_reason=None)
