"""The demo's employers (with their links to partnerships) and their before/after surveys."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sectorscope import codes
from sectorscope.sources.demo.common import (
    N_EMPLOYERS,
    PARTNERSHIP_EFFECT_SD,
    SECTORS,
    SIZE_HIRES,
    SIZE_SHARES,
    TARGET_PARTNERSHIP_VALUABLE,
    TARGET_REDUCED_COMPLAINTS,
    TARGET_REDUCED_REWORK,
    TARGET_REDUCED_TURNOVER,
    YEAR_TREND_PER_YEAR,
    DemoState,
    in_top_share,
    unique_codes,
)


# --- Employers and partners ---------------------------------------------------------------------------------------
def draw_employers(
    rng: np.random.Generator, state: DemoState, partnerships: pd.DataFrame, partnership_counties: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Employers taking part in partnerships, and the (employer, partnership) links."""
    counties_of = {p: g["county_fips"].tolist() for p, g in partnership_counties.groupby("partnership_id")}
    planning = (partnerships["phase"] == "planning").to_numpy()
    weights = rng.lognormal(0.0, 0.5, len(partnerships)) * np.where(planning, 0.25, 1.0)
    counts = 6 + rng.multinomial(N_EMPLOYERS - 6 * len(partnerships), weights / weights.sum())
    no_employers = partnerships.index[planning][:2]  # a couple of planning partnerships have none yet
    counts[no_employers] = 0
    counts[np.argmax(counts)] += N_EMPLOYERS - counts.sum()

    owner = np.repeat(np.arange(len(partnerships)), counts)
    n = owner.size
    ids = unique_codes(rng, n, lambda r, m: np.char.add("UI", r.integers(1_000_000, 9_999_999, m).astype(str)))
    sector_of = partnerships["sector_code"].to_numpy()[owner]
    county = np.empty(n, dtype=object)
    naics = np.empty(n, dtype=object)
    name = np.empty(n, dtype=object)
    generic_places = ["Keystone", "Commonwealth", "Liberty", "Laurel", "Ridge", "Valley", "Blue Mountain",
                      "Three Rivers", "Endless Mountains", "Brandywine", "Conestoga", "Penn", "Allegheny"]
    suffixes = ("Inc.", "LLC", "Co.", "Group", "Corporation", "Partners")
    used: set[str] = set()
    for k in range(n):
        sector = next(s for s in SECTORS if s.code == sector_of[k])
        options = counties_of[partnerships["partnership_id"].iat[owner[k]]]
        if rng.random() < 0.9:
            population = np.array([state.population[state.index(c)] for c in options])
            county[k] = options[int(rng.choice(len(options), p=population / population.sum()))]
        else:
            near = sorted({nb for c in options for nb in state.adjacency[c]} or set(options))
            county[k] = near[int(rng.integers(len(near)))]
        naics[k] = sector.employer_naics[int(rng.integers(len(sector.employer_naics)))]
        candidate = ""
        while not candidate or candidate in used:
            local = str(state.names[state.index(county[k])])
            place = local if rng.random() < 0.5 else generic_places[int(rng.integers(len(generic_places)))]
            word = sector.employer_words[int(rng.integers(len(sector.employer_words)))]
            candidate = f"{place} {word} {suffixes[int(rng.integers(len(suffixes)))]}"
        used.add(candidate)
        name[k] = candidate
    size = np.array(codes.SIZE_CLASSES, dtype=object)[rng.choice(len(codes.SIZE_CLASSES), size=n, p=SIZE_SHARES)]
    employers = pd.DataFrame(
        {"employer_id": ids, "name": name, "county_fips": county, "naics_code": naics, "size_class": size}
    )
    links = pd.DataFrame(
        {"employer_id": ids, "partnership_id": partnerships["partnership_id"].to_numpy()[owner]}
    )
    # About one in twenty employers also joins a second partnership of the same sector.
    second = []
    active = partnerships[partnerships["phase"] != "planning"]
    for k in np.nonzero(rng.random(n) < 0.05)[0]:
        same = active[
            (active["sector_code"] == sector_of[k]) & (active["partnership_id"] != links.at[k, "partnership_id"])
        ]
        if len(same):
            second.append((ids[k], same["partnership_id"].iat[int(rng.integers(len(same)))]))
    links = pd.concat([links, pd.DataFrame(second, columns=links.columns)], ignore_index=True)
    return employers, links.drop_duplicates(ignore_index=True)


# --- Employer surveys ---------------------------------------------------------------------------------------------
def draw_employer_surveys(
    rng: np.random.Generator, partnerships: pd.DataFrame, employers: pd.DataFrame, links: pd.DataFrame
) -> pd.DataFrame:
    """One survey per employer x partnership (a quarter surveyed twice), calibrated to the Massachusetts figures."""
    info = partnerships.set_index("partnership_id")
    table = links.merge(employers[["employer_id", "size_class"]], on="employer_id")
    table = table[info.loc[table["partnership_id"], "phase"].to_numpy() != "planning"].reset_index(drop=True)
    start_year = info.loc[table["partnership_id"], "start_date"].dt.year.to_numpy()
    end = info.loc[table["partnership_id"], "end_date"]
    end_year = np.where(end.isna(), 2025, end.dt.year.fillna(2025).to_numpy()).astype(int)
    first_year = np.maximum(start_year + 1, 2012)
    keep = first_year <= end_year
    table, first_year, end_year = table[keep].reset_index(drop=True), first_year[keep], end_year[keep]
    span = end_year - first_year + 1
    year = first_year + (rng.random(len(table)) * span).astype(int)
    twice = (rng.random(len(table)) < 0.25) & (year < end_year)
    second_year = year + 1 + (rng.random(len(table)) * (end_year - year)).astype(int)
    surveys = pd.concat(
        [table.assign(survey_year=year), table[twice].assign(survey_year=np.minimum(second_year, end_year)[twice])],
        ignore_index=True,
    )
    n = len(surveys)
    pid = surveys["partnership_id"]
    sector = {s.code: s for s in SECTORS}
    sector_of = info.loc[pid, "sector_code"].to_numpy()
    effect = info.loc[pid, "sim_effect"].to_numpy() / PARTNERSHIP_EFFECT_SD
    poor = info.loc[pid, "sim_poor"].to_numpy().astype(bool)
    everyone = np.ones(n, dtype=bool)

    mean_before = np.array([sector[s].turnover_before for s in sector_of])
    before = np.clip(rng.beta(6, 6, n) * 2 * mean_before, 0.05, 0.9)
    trend = YEAR_TREND_PER_YEAR * (surveys["survey_year"].to_numpy() - 2020)
    improvement = 0.6 * effect - 1.5 * poor + trend + rng.normal(0, 1.0, n)
    reduced_turnover = in_top_share(improvement, everyone, TARGET_REDUCED_TURNOVER)
    after = np.clip(before * np.exp(-0.25 * reduced_turnover - 0.05 + rng.normal(0, 0.08, n)), 0.02, 0.95)
    reduced_rework = in_top_share(0.5 * improvement + rng.normal(0, 1.0, n), everyone, TARGET_REDUCED_REWORK)
    reduced_complaints = in_top_share(0.5 * improvement + rng.normal(0, 1.0, n), everyone, TARGET_REDUCED_COMPLAINTS)
    valuable = in_top_share(0.5 * improvement - 2.0 * poor + rng.normal(0, 1.0, n), everyone,
                          TARGET_PARTNERSHIP_VALUABLE)  # fmt: skip
    size_k = surveys["size_class"].map({c: k for k, c in enumerate(codes.SIZE_CLASSES)}).to_numpy()
    hires = np.clip(rng.poisson(SIZE_HIRES[size_k] * np.exp(0.2 * effect)), 0, 20)

    def flag(values: np.ndarray, missing: float) -> pd.Series:
        known = rng.random(n) >= missing
        return pd.Series(pd.array(values, dtype="boolean")).where(known, pd.NA)

    result = pd.DataFrame(
        {
            "employer_id": surveys["employer_id"].to_numpy(),
            "partnership_id": pid.to_numpy(),
            "survey_year": surveys["survey_year"].astype("int64").to_numpy(),
            "turnover_rate_before": np.where(rng.random(n) < 0.04, np.nan, np.round(before, 3)),
            "turnover_rate_after": np.where(rng.random(n) < 0.04, np.nan, np.round(after, 3)),
            "reduced_turnover": flag(reduced_turnover, 0.02),
            "reduced_rework": flag(reduced_rework, 0.03),
            "reduced_complaints": flag(reduced_complaints, 0.03),
            "partnership_valuable": flag(valuable, 0.02),
            "hires_from_training": pd.Series(pd.array(hires, dtype="Int64")).where(rng.random(n) >= 0.05, pd.NA),
        }
    )
    return result.sort_values(["partnership_id", "employer_id", "survey_year"], ignore_index=True)


