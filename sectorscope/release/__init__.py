"""The public release: every figure public mode may show, pre-aggregated and protected as a whole at load time.

``compute_release`` (pure) turns one row per exited participant and per employer survey response (public
partnerships only) into the rows of the ``release_cells`` table, keeping hidden what the previous release hid while
its value is unchanged (``stable.py``); ``build.py`` reads the facts from the database and writes the table inside
the load's transaction. Public pages read nothing else about people or employers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectorscope.release.cells import (
    ALL,
    COUNT_BY_NAME,
    COUNTS,
    COUNTS_OF,
    KEYS,
    SHARES,
    UNKNOWN_COUNTY,
    Geography,
    aggregate,
    apparent_orderings,
    cell_grid,
    employer_flags,
    person_flags,
    primary_pattern,
    published_by_design,
)
from sectorscope.release.stable import hidden_values, kept_hidden
from sectorscope.release.suppression import (
    COMPLEMENTARY,
    KEPT_HIDDEN,
    NOT_PUBLISHED,
    PRIMARY,
    RESTS_ON_HIDDEN,
    relations,
)

__all__ = ["ALL", "COUNT_BY_NAME", "RELEASE_COLUMNS", "UNKNOWN_COUNTY", "Geography", "Release", "ReleaseInput",
           "compute_release", "count_values", "protect", "reasons_of", "release_of", "suppress"]

# One row at the state's cell: 1 when every hidden value of the release has its certificates (``Protection.certified``).
ATTACKER_CHECKED = "attacker_checked"
RELEASE_COLUMNS = [*KEYS, "statistic", "value", "is_hidden", "hidden_reason", "min_cell"]
# Told what the build is doing: one sentence per step, for the person waiting on a load (the loader's own
# progress also carries a fraction done, hence another name).
StepNotice = Callable[[str], None]


@dataclass(frozen=True)
class ReleaseInput:
    """What the release is computed from (public partnerships only).

    people: participant_id, partnership_id, sector_code, county_fips, year (exit year) and the outcome columns of
    ``participants``; responses: employer_id, partnership_id, sector_code, county_fips (worksite), year (survey
    year) and the four answers; grants: partnership_id, sector_code, year (start year), amount_usd;
    partnerships: partnership_id, sector_code, county_fips (a list of the counties served), start_year and end_year
    (the registry's dates; either may be missing).
    """

    geography: Geography
    partnerships: pd.DataFrame
    people: pd.DataFrame
    responses: pd.DataFrame
    grants: pd.DataFrame


def release_years(data: ReleaseInput, this_year: int | None = None) -> list[int]:
    """The years the release is cut by: every year from the first public partnership's start (the registry's, not a
    person's) to ``this_year`` (the build's; default today's), widened to any exit or survey year outside them.
    Not the years that hold an exit or a survey answer: a year listed only because someone exited in it told that
    its hidden count was at least 1, which neither the certificates nor the attacker allowed for (a privacy
    reviewer: the adversarial state's lone 2017 exiter). Where the registry has no start date, or people's years lie
    outside it, the first or last year listed still comes from their records (README: where the proof stops)."""
    years = pd.concat([data.people["year"], data.responses["year"]], ignore_index=True).dropna().astype(int)
    if years.empty:
        return []
    starts = data.partnerships.get("start_year", pd.Series(dtype="float64")).dropna()
    first = min([int(years.min())] + ([int(starts.min())] if len(starts) else []))
    last = max(int(years.max()), dt.date.today().year if this_year is None else this_year)
    return list(range(first, last + 1))


def active_years_of(partnerships: pd.DataFrame) -> dict[str, tuple[int | None, int | None]]:
    """Per public partnership, its first and last year active by the registry's dates (None where not given)."""

    def year(value: object) -> int | None:
        return None if value is None or pd.isna(value) else int(value)

    starts = partnerships.get("start_year", pd.Series(None, index=partnerships.index, dtype="float64"))
    ends = partnerships.get("end_year", pd.Series(None, index=partnerships.index, dtype="float64"))
    return {partnership: (year(start), year(end))
            for partnership, start, end in zip(partnerships["partnership_id"], starts, ends, strict=True)}


def count_values(data: ReleaseInput) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The grid of cells and, per cell, every count's true value, units and other-part units (not for publishing)."""
    sectors_of = dict(zip(data.partnerships["partnership_id"], data.partnerships["sector_code"], strict=True))
    grid = cell_grid(data.geography, sectors_of, release_years(data), active_years_of(data.partnerships))
    people_counts = tuple(count for count in COUNTS if count.source == "people")
    employer_counts = tuple(count for count in COUNTS if count.source == "employers")
    people = aggregate(data.people, person_flags(data.people), "participant_id", people_counts, data.geography, grid)
    employers = aggregate(data.responses, employer_flags(data.responses), "employer_id", employer_counts,
                          data.geography, grid)
    values = pd.concat([people, employers.drop(columns=grid.columns)], axis=1)
    return grid, values


@dataclass(frozen=True)
class Protection:
    """A release's hidden pattern and how far it was proven."""

    reasons: dict[str, np.ndarray]  # per count: why each cell is hidden ("" when shown)
    certified: bool  # every sensitive value has a certificate both ways (``certify``)
    complementary: int  # cells hidden only to protect others
    attacked: bool = False  # the attacker (``attacker.py``) also ran on the final pattern and narrowed nothing
    kept: int = 0  # cells hidden because the previous release hid them, their value unchanged (``stable.py``)


def suppress(values: pd.DataFrame, grid: pd.DataFrame, geography: Geography, k: int) -> dict[str, np.ndarray]:
    """Per count: the reason each cell is hidden ("" when shown), parents before their parts (``protect``)."""
    return protect(values, grid, geography, k).reasons


def protect(values: pd.DataFrame, grid: pd.DataFrame, geography: Geography, k: int,
            attack: bool = False, progress: StepNotice | None = None,
            kept: dict[str, np.ndarray] | None = None) -> Protection:
    """Primary suppression, then complementary suppression by certificates (``certify``); ``attack``: then the
    attacker on the final pattern too (a second, independent proof; the tests and benchmarks ask for it). ``kept``:
    per count, cells hidden from the start because the previous release hid them with the same value
    (``stable.kept_hidden``); they protect others as complementary cells do.

    Each round finds the sensitive values of the pattern so far (the attacker's targets: the primary cells, and a
    hidden group's small "other part"), proves at once those the hidden cells already protect (``pushed``), and
    hides what the others' certificates move. Hiding more can add targets (a part whose group is now hidden has no
    cap any more; a group and its part both hidden have an "other part"), so the rounds go on until one hides
    nothing: then every target of the final pattern has a certificate, and the release is proven as a whole.
    ``progress`` hears each step (the build runs while a load holds the database's lock).
    """
    from sectorscope.release.attacker import _Program, attack_targets, pushed  # scipy: only a build needs it
    from sectorscope.release.certify import certify, demands_of

    found = relations(grid, geography)
    kept = kept or {}
    primary = primary_pattern(values, k)
    hidden_of = {count.name: primary[count.name] | kept.get(count.name, False) for count in COUNTS}
    proven: set = set()  # (attacker.TargetKey, direction) pairs proven protected
    tell = progress or (lambda message: None)
    tell("Public release: hiding small counts and the cells that protect them")
    if held := sum(int(cells.sum()) for cells in kept.values()):
        tell(f"Public release: keeping hidden {held:,} cells the previous release hid (their values unchanged)")
    rules: dict[str, frozenset[tuple[str, str]]] = {}  # per source, the orderings the proofs so far were made under
    while True:
        reasons = reasons_of(values, k, hidden_of, kept)
        # orderings a reader sees in the shown cells are rules to the programs (``cells.apparent_orderings``), and
        # hiding more changes them: a proof made under some rules holds under fewer (it is a table consistent with
        # more), not under a new one, so a source given one proves its values again (clearing on any change, or on
        # their order alone, made the demo's build about 6 times slower: a code reviewer)
        shown = {name: reason == "" for name, reason in reasons.items()}
        for source in ("people", "employers"):
            now = frozenset(apparent_orderings(values, COUNTS_OF[source], shown))
            if source in rules and not now <= rules[source]:
                proven = {entry for entry in proven if _source_of(entry[0][0]) != source}
            rules[source] = now
        proven |= pushed(values, grid, found, reasons, k, frozenset(proven))  # what hidden cells already protect
        demands = {source: demands_of(_Program(values, grid, found, reasons,
                                               COUNTS_OF[source], k))
                   for source in ("people", "employers")}
        open_demands = sum(1 for group in demands.values() for demand in group for sign in (1.0, -1.0)
                           if (demand.key, sign) not in proven)
        tell(f"Public release: proving {open_demands:,} hidden values protected (each takes a few milliseconds)"
             if open_demands else "Public release: every hidden value already proven protected")
        # People and employers share no cell: their certificates are sought side by side (HiGHS solves without
        # holding Python's lock), each with its own copy of what is proven.
        with ThreadPoolExecutor(max_workers=2) as pool:
            runs = {source: (own := set(proven), pool.submit(
                certify, values, grid, found, COUNTS_OF[source], k,
                demands[source], hidden_of, own)) for source in demands}
            added = sum(future.result() for _, future in runs.values())
        for own, _ in runs.values():
            proven |= own
        if not added:
            break
    certified = all((demand.key, sign) in proven for group in demands.values() for demand in group
                    for sign, need in ((1.0, demand.up), (-1.0, demand.down)) if need > 0)
    complementary = sum(int((reason == COMPLEMENTARY).sum()) for reason in reasons.values())
    kept_cells = sum(int((reason == KEPT_HIDDEN).sum()) for reason in reasons.values())
    if not attack:
        return Protection(reasons, certified, complementary, kept=kept_cells)
    tell("Public release: attacking it whole")
    breaches, _ = attack_targets(values, grid, found, reasons, k)
    return Protection(reasons, certified, complementary, attacked=not breaches, kept=kept_cells)


def _source_of(statistic: str) -> str:
    """The source (people, employers) of an attacker's target, named after its first count ("rework_n minus
    rework_yes summed over hidden parts 17,29": employers)."""
    return COUNT_BY_NAME[statistic.split()[0]].source


def reasons_of(values: pd.DataFrame, k: int, hidden_of: dict[str, np.ndarray],
               kept: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Per count, parents first: why each cell is hidden (``PRIMARY``, ``RESTS_ON_HIDDEN`` for a part of a hidden
    group, ``NOT_PUBLISHED`` for a cell the release never shows the count in (``cells.published_by_design``),
    ``KEPT_HIDDEN`` for one of ``kept`` (hidden by the previous release, ``stable.py``), else ``COMPLEMENTARY`` where
    ``hidden_of`` hides it). Updates ``hidden_of`` with the parts of hidden groups."""
    kept = kept or {}
    primary = primary_pattern(values, k)
    reasons: dict[str, np.ndarray] = {}
    for count in COUNTS:
        # a cell never published is no small cell to protect: as one, it made the build hide whole-period figures
        # for values nobody can see (a reviewer: a state's 90 employers hidden for a year's few)
        unpublished = ~published_by_design(values, count)
        reason = np.where(unpublished, NOT_PUBLISHED,
                          np.where(primary[count.name], PRIMARY, "")).astype(object)
        if count.parent is not None:
            reason[(reasons[count.parent] != "") & (reason == "")] = RESTS_ON_HIDDEN
        if count.name in kept:
            reason[kept[count.name] & (reason == "")] = KEPT_HIDDEN
        reason[hidden_of[count.name] & (reason == "")] = COMPLEMENTARY
        hidden_of[count.name] = reason != ""
        reasons[count.name] = reason
    return reasons


# Every statistic about employers: their counts and the shares resting on them (published for the whole period only)
EMPLOYER_STATISTICS = frozenset({count.name for count in COUNTS if count.source == "employers"}
                                | {share for share, (yes, _) in SHARES.items()
                                   if COUNT_BY_NAME[yes].source == "employers"})


@dataclass(frozen=True)
class Release:
    """A built release: its public rows and, for the next build only, the true values of its hidden counts."""

    cells: pd.DataFrame  # rows of ``release_cells`` (``RELEASE_COLUMNS``)
    hidden_values: pd.DataFrame  # rows of ``release_hidden_values`` (``stable.HIDDEN_VALUE_COLUMNS``): never published


def compute_release(data: ReleaseInput, k: int, progress: StepNotice | None = None,
                    previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows of ``release_cells`` (``release_of``'s ``cells``)."""
    return release_of(data, k, progress, previous).cells


def release_of(data: ReleaseInput, k: int, progress: StepNotice | None = None,
               previous: pd.DataFrame | None = None) -> Release:
    """The release of ``data`` at ``k``: rows of ``release_cells``, one per cell and statistic, hidden values NULL
    with the reason (columns ``RELEASE_COLUMNS``), and the true values of its hidden count cells (for the next build).

    Counts are suppressed as ``suppress`` says; shares (yes / n) and wage gains (mean and median of post - pre over
    completers with both wages) are shown only where every count they rest on is shown; a share or gain with no one
    to rest on is NULL but not hidden ("none in this selection"). Grant dollars and public partnership counts are
    not about people and are never hidden. One more row says whether every hidden value has its certificates
    (``ATTACKER_CHECKED``). ``previous``: the previous release's hidden count cells and their true values
    (``stable.HIDDEN_VALUE_COLUMNS``, NaN where unknown); those whose value is unchanged stay hidden (``stable.py``).
    """
    grid, values = count_values(data)
    kept = kept_hidden(previous, grid, values) if previous is not None else None
    protection = protect(values, grid, data.geography, k, progress=progress, kept=kept)
    reasons = protection.reasons
    # One block of grid rows per statistic, put together once at the end (a frame per statistic cost more than
    # the arithmetic on a small state).
    statistics: list[str] = []
    value_blocks: list[np.ndarray] = []
    reason_blocks: list[np.ndarray] = []

    def emit(statistic: str, value: pd.Series, reason: np.ndarray) -> None:
        statistics.append(statistic)
        value_blocks.append(value.astype("float64").to_numpy())
        reason_blocks.append(np.asarray(reason, dtype=object))

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
    reason = np.concatenate(reason_blocks)
    hidden = reason != ""
    out = pd.DataFrame({key: np.tile(grid[key].to_numpy(), len(statistics)) for key in KEYS})
    out["statistic"] = np.repeat(np.array(statistics, dtype=object), len(grid))
    out["value"] = np.where(hidden, np.nan, np.concatenate(value_blocks))
    out["is_hidden"] = hidden
    out["hidden_reason"] = np.where(hidden, reason, None)
    out = out[~out["statistic"].isin(unpublished_statistics(data))]
    # employer figures of single years: never published (hidden in the model, absent from the release)
    out = out[~(out["statistic"].isin(EMPLOYER_STATISTICS) & (out["period"] != ALL))]
    checked = pd.DataFrame([("state", data.geography.state_fips, ALL, ALL, ALL, ATTACKER_CHECKED,
                             float(protection.certified))], columns=[*KEYS, "statistic", "value"])
    out = pd.concat([out, _open_cells(data), checked.assign(is_hidden=False, hidden_reason=None)],
                    ignore_index=True)
    out["min_cell"] = k
    return Release(out[RELEASE_COLUMNS], hidden_values(grid, values, reasons))


def unpublished_statistics(data: ReleaseInput) -> set[str]:
    """The statistics the release leaves out because it has no fact to count them from: no exited participant of a
    public partnership (never loaded, or none public), no survey answer, no grant. Written as 0 they read as "none
    took part" in the public table (its CSV said exiters 0.0 for a state that had loaded only its partnerships)."""
    left_out = set()
    for source, facts in (("people", data.people), ("employers", data.responses)):
        if facts.empty:
            counts = {count.name for count in COUNTS_OF[source]}
            left_out |= counts | {share for share, (yes, _) in SHARES.items() if yes in counts}
    if data.people.empty:
        left_out |= {"mean_wage_gain", "median_wage_gain"}
    if data.grants.empty:
        left_out.add("grant_dollars")
    return left_out


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
    frame = frame[~frame["statistic"].isin(unpublished_statistics(data))]
    return frame.assign(is_hidden=False, hidden_reason=None)
