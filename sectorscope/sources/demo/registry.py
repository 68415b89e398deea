"""The demo's registry tables: regions, sectors, partnerships (with their counties), partners and grants."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sectorscope import codes
from sectorscope.sources import geo
from sectorscope.sources.demo.common import (
    AS_OF,
    CONVENER_PARTNER_TYPE,
    CONVENER_SHARES,
    IMPLEMENTATION_GRANT_DAYS,
    IMPLEMENTATION_GRANT_USD,
    INDUSTRIES,
    N_GAP_INDUSTRIES,
    N_PARTNERSHIPS,
    N_REGIONS,
    N_UNSERVED_COUNTIES,
    PARTNERSHIP_EFFECT_SD,
    PHASE_SHARES,
    PLANNING_GRANT_MAX_DAYS,
    PLANNING_GRANT_USD,
    SECTORS,
    DemoState,
    SectorProfile,
    random_days,
    weighted_choice,
)
from sectorscope.sources.demo.industry import IndustryTruth


def draw_regions(rng: np.random.Generator, state: DemoState) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ten contiguous workforce development areas, each named after its most populous county."""
    groups = geo.contiguous_regions(state.adjacency, N_REGIONS, int(rng.integers(2**31)))
    rows, members = [], []
    for number, counties in enumerate(groups.values(), start=1):
        region_id = f"R{number:02d}"
        largest = max(counties, key=lambda c: state.population[state.index(c)])
        rows.append((region_id, f"{state.names[state.index(largest)]} Region", "workforce development area"))
        members.extend((region_id, county) for county in sorted(counties))
    regions = pd.DataFrame(rows, columns=["region_id", "region_name", "region_type"])
    region_counties = pd.DataFrame(members, columns=["region_id", "county_fips"])
    return regions, region_counties


def sectors_table() -> pd.DataFrame:
    """The sectors and their NAICS prefixes."""
    return pd.DataFrame(
        {
            "sector_code": [s.code for s in SECTORS],
            "sector_name": [s.name for s in SECTORS],
            "naics_prefixes": pd.Series([list(s.naics_prefixes) for s in SECTORS], dtype=object),
        }
    )


def unserved_counties(rng: np.random.Generator, state: DemoState) -> set[str]:
    """A few small counties that no partnership serves."""
    smallest = state.fips[np.argsort(state.population, kind="stable")[:16]]
    return set(rng.choice(smallest, size=N_UNSERVED_COUNTIES, replace=False).tolist())


def gap_industries(rng: np.random.Generator, state: DemoState, unserved: set[str]) -> list[tuple[str, str]]:
    """(county, sector code) pairs that grow strongly but that no partnership of the sector serves."""
    candidates = [c for c, p in zip(state.fips, state.population, strict=True) if 60_000 < p < 700_000]
    candidates = [c for c in candidates if c not in unserved]
    counties = rng.choice(np.array(candidates, dtype=object), size=N_GAP_INDUSTRIES, replace=False)
    sectors = rng.choice(np.array(["TDL", "MFG", "HLTH", "IT", "CONS"], dtype=object), size=N_GAP_INDUSTRIES)
    return [(str(c), str(s)) for c, s in zip(counties, sectors, strict=True)]


def draw_partnerships(
    rng: np.random.Generator,
    state: DemoState,
    regions: pd.DataFrame,
    region_counties: pd.DataFrame,
    industry: IndustryTruth,
    gaps: list[tuple[str, str]],
    unserved: set[str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Partnerships across every sector, region, convener type and phase, and the counties each one serves."""
    region_ids = regions["region_id"].tolist()
    members = {r: g["county_fips"].tolist() for r, g in region_counties.groupby("region_id", sort=True)}
    region_of = dict(zip(region_counties["county_fips"], region_counties["region_id"], strict=True))
    population = dict(zip(state.fips, state.population, strict=True))

    # How many partnerships each region hosts: at least four, the rest by population.
    region_population = np.array([sum(population[c] for c in members[r]) for r in region_ids])
    per_region = np.full(len(region_ids), 4)
    weights = region_population**0.6
    per_region += rng.multinomial(N_PARTNERSHIPS - per_region.sum(), weights / weights.sum())

    # Sectors go where their industry is strong (region location quotient).
    latest = industry.employment[:, :, -1]
    county_lq = (latest / latest.sum(axis=1, keepdims=True)) / (latest.sum(axis=0) / latest.sum())
    sector_pool = np.array([s.partnerships for s in SECTORS], dtype=float)
    slots = [r for r, n in zip(region_ids, per_region, strict=True) for _ in range(n)]
    rng.shuffle(slots)
    assignments = []
    for region in slots:
        idx = [state.index(c) for c in members[region]]
        lq = np.array([county_lq[idx, INDUSTRIES.index(s.industry)].mean() for s in SECTORS])
        weights = sector_pool * np.clip(lq, 0.3, 3.0)
        k = int(rng.choice(len(SECTORS), p=weights / weights.sum()))
        sector_pool[k] -= 1
        assignments.append((region, SECTORS[k]))
    assignments.sort(key=lambda item: (item[0], item[1].code))

    phases = list(codes.PHASES)
    phase_draw = [phases[k] for k in rng.choice(len(phases), size=N_PARTNERSHIPS, p=PHASE_SHARES)]
    phase_draw[: len(phases)] = phases  # every phase at least once
    conveners = list(codes.CONVENER_TYPES)
    convener_draw = [conveners[k] for k in rng.choice(len(conveners), size=N_PARTNERSHIPS, p=CONVENER_SHARES)]
    convener_draw[: len(conveners)] = conveners  # every convener type at least once
    order = rng.permutation(N_PARTNERSHIPS)
    phase_draw = [phase_draw[k] for k in order]
    convener_draw = [convener_draw[k] for k in rng.permutation(N_PARTNERSHIPS)]

    gap_set = set(gaps)
    rows, served_rows = [], []
    names_used: set[str] = set()
    suffixes = ("Industry Partnership", "Sector Partnership", "Talent Alliance", "Workforce Collaborative",
                "Careers Consortium")  # fmt: skip
    for k, ((region, sector), phase, convener_type) in enumerate(
        zip(assignments, phase_draw, convener_draw, strict=True)
    ):
        partnership_id = f"P{k + 1:03d}"
        eligible = [c for c in members[region] if c not in unserved and (c, sector.code) not in gap_set]
        if not eligible:  # every county of the region excluded: serve the nearest eligible neighbour
            eligible = sorted(
                {n for c in members[region] for n in state.adjacency[c]} - unserved
                - {c for c, s in gap_set if s == sector.code}
            )
        lq = np.array([county_lq[state.index(c), INDUSTRIES.index(sector.industry)] for c in eligible])
        weights = np.array([population[c] for c in eligible]) ** 0.5 * np.clip(lq, 0.2, 4.0)
        n_counties = int(rng.choice([1, 2, 3, 4, 5, 6], p=[0.15, 0.25, 0.25, 0.15, 0.12, 0.08]))
        served = weighted_choice(rng, eligible, weights, n_counties)
        if rng.random() < 0.15:  # some reach into a neighbouring region
            outside = sorted(
                {n for c in served for n in state.adjacency[c] if region_of[n] != region}
                - unserved - {c for c, s in gap_set if s == sector.code}
            )
            if outside:
                served.append(outside[int(rng.integers(len(outside)))])
        hub = max((c for c in served if region_of[c] == region), key=lambda c: population[c], default=served[0])
        hub_name = str(state.names[state.index(hub)])

        start, end = _partnership_dates(rng, phase)
        base = f"{hub_name} County {sector.name}" if len(served) == 1 else f"{hub_name} Area {sector.name}"
        name = f"{base} {suffixes[int(rng.integers(len(suffixes)))]}"
        while name in names_used:
            name = f"{base} {suffixes[int(rng.integers(len(suffixes)))]} {['II', 'III', 'IV'][len(names_used) % 3]}"
        names_used.add(name)
        rows.append(
            {
                "partnership_id": partnership_id,
                "name": name,
                "sector_code": sector.code,
                "region_id": region,
                "convener_name": "",
                "convener_type": convener_type,
                "phase": phase,
                "start_date": start,
                "end_date": end,
                "description": "",
                "is_public": True,
                "sim_effect": 0.0,
                "sim_poor": False,
                "sim_hub": hub,
            }
        )
        served_rows.extend((partnership_id, county) for county in sorted(set(served)))

    partnerships = pd.DataFrame(rows)
    hidden = rng.choice(len(partnerships), size=round(0.10 * len(partnerships)), replace=False)
    partnerships.loc[partnerships.index[hidden], "is_public"] = False  # about 10% kept off public pages
    effect = rng.normal(0.0, PARTNERSHIP_EFFECT_SD, len(partnerships))
    # Centred within each sector: partnerships differ around their sector's level without moving it.
    partnerships["sim_effect"] = effect - pd.Series(effect).groupby(partnerships["sector_code"]).transform("mean")
    partnerships["convener_name"] = [
        _convener_name(rng, row, state, regions) for row in partnerships.itertuples(index=False)
    ]
    counties_of = pd.DataFrame(served_rows, columns=["partnership_id", "county_fips"])
    partnerships["description"] = [
        _description(rng, row, counties_of, state) for row in partnerships.itertuples(index=False)
    ]
    partnerships["start_date"] = pd.to_datetime(partnerships["start_date"].to_numpy(dtype="datetime64[D]"))
    partnerships["end_date"] = pd.to_datetime(partnerships["end_date"].to_numpy(dtype="datetime64[D]"))
    partnerships["is_public"] = partnerships["is_public"].astype(bool)
    return partnerships, counties_of


def _partnership_dates(rng: np.random.Generator, phase: str) -> tuple[np.datetime64, np.datetime64]:
    """Start (and, when inactive, end) date fitting the phase."""
    windows = {
        "planning": ("2023-01-01", "2025-06-30"),
        "implementation": ("2010-01-01", "2023-06-30"),
        "sustaining": ("2005-01-01", "2017-12-31"),
        "inactive": ("2005-01-01", "2017-12-31"),
    }
    low, high = windows[phase]
    start = random_days(rng, np.datetime64(low), np.datetime64(high))
    end = np.datetime64("NaT")
    if phase == "inactive":
        end = min(start + np.timedelta64(int(rng.integers(2 * 365, 10 * 365)), "D"), np.datetime64("2025-06-30"))
    return start, end


def _convener_name(rng: np.random.Generator, row, state: DemoState, regions: pd.DataFrame) -> str:
    """A synthetic name for the convening organization."""
    hub = str(state.names[state.index(row.sim_hub)])
    region = regions.set_index("region_id").at[row.region_id, "region_name"]
    sector = next(s for s in SECTORS if s.code == row.sector_code)
    options = {
        "workforce board": [f"{region} Workforce Development Board"],
        "community college": [f"{hub} Area Community College", f"{hub} Institute of Technology"],
        "community-based organization": [f"{hub} Opportunity Center", f"{hub} Community Action Partnership"],
        "chamber of commerce": [f"{hub} County Chamber of Business and Industry"],
        "labor organization": [f"{hub} Area Labor-Management Council", f"{sector.union_name} {rng.integers(100, 999)}"],
        "industry association": [f"{hub} {sector.name} Council", f"{region} {sector.name} Association"],
        "economic development organization": [f"{hub} County Economic Development Corporation"],
    }[row.convener_type]
    return options[int(rng.integers(len(options)))]


def _description(rng: np.random.Generator, row, counties_of: pd.DataFrame, state: DemoState) -> str:
    """One synthetic sentence on what the partnership does."""
    sector = next(s for s in SECTORS if s.code == row.sector_code)
    served = counties_of.loc[counties_of["partnership_id"] == row.partnership_id, "county_fips"]
    hub = str(state.names[state.index(row.sim_hub)])
    where = f"{hub} County" if len(served) == 1 else f"{len(served)} counties around {hub} County"
    first, second = rng.choice(len(sector.programs), size=2, replace=False)
    verbs = ("brings together", "connects", "convenes")
    return (
        f"Synthetic demo: {verbs[int(rng.integers(3))]} {sector.name.lower()} employers in {where} "
        f"to train {sector.programs[first]} and {sector.programs[second]} workers."
    )


def draw_partners(
    rng: np.random.Generator,
    state: DemoState,
    partnerships: pd.DataFrame,
    partnership_counties: pd.DataFrame,
    regions: pd.DataFrame,
    employers: pd.DataFrame,
    links: pd.DataFrame,
) -> pd.DataFrame:
    """5-25 partner organizations per partnership, of every type; a few partnerships miss a kind of partner."""
    region_name = dict(zip(regions["region_id"], regions["region_name"], strict=True))
    counties_of = {p: g["county_fips"].tolist() for p, g in partnership_counties.groupby("partnership_id")}
    employer_name = dict(zip(employers["employer_id"], employers["name"], strict=True))
    employers_of = {p: g["employer_id"].tolist() for p, g in links.groupby("partnership_id")}
    ids = partnerships["partnership_id"].tolist()
    convener_type = dict(zip(ids, partnerships["convener_type"], strict=True))
    # Designated gaps for the partnership-composition page; chosen among conveners that do not fill the gap.
    without_employers = [p for p in ids if not employers_of.get(p)]
    neutral = [p for p in ids if convener_type[p] in ("workforce board", "chamber of commerce",
                                                      "economic development organization")]
    neutral = [p for p in neutral if p not in without_employers]
    picked = rng.choice(np.array(neutral, dtype=object), size=min(7, len(neutral)), replace=False).tolist()
    without_education, without_community = set(picked[:3]), set(picked[3:])

    rows = []
    for row in partnerships.itertuples(index=False):
        sector = next(s for s in SECTORS if s.code == row.sector_code)
        places = [str(state.names[state.index(c)]) for c in counties_of[row.partnership_id]]
        region = region_name[row.region_id]
        counts = {
            "employer association": int(rng.integers(0, 3)),
            "K-12": int(rng.integers(0, 3)),
            "postsecondary": int(rng.integers(1, 3)),
            "workforce development": 1,
            "economic development": int(rng.integers(0, 2)),
            "labor organization": int(rng.integers(0, 3 if sector.code in ("CONS", "ENRG", "MFG", "HLTH") else 2)),
            "community organization": int(rng.integers(1, 3)),
            "social services": int(rng.integers(0, 2)),
            "local government": int(rng.integers(0, 2)),
            "philanthropy": int(rng.integers(0, 2)),
        }
        if row.partnership_id in without_education:
            counts["K-12"] = counts["postsecondary"] = 0
        if row.partnership_id in without_community:
            counts["labor organization"] = counts["community organization"] = 0
        found: dict[str, str] = {row.convener_name: CONVENER_PARTNER_TYPE[row.convener_type]}
        candidates = employers_of.get(row.partnership_id, [])
        n_employers = min(len(candidates), int(rng.integers(3, 13)))
        for k in rng.choice(len(candidates), size=n_employers, replace=False) if n_employers else []:
            found.setdefault(employer_name[candidates[k]], "employer")
        for partner_type, count in counts.items():
            for _ in range(count):
                found.setdefault(_partner_name(rng, partner_type, places, region, sector), partner_type)
        extra = [employer_name[e] for e in candidates if employer_name[e] not in found]
        while len(found) < 5:  # small partnerships: more employers, or public partners if they have none
            if extra:
                found[extra.pop()] = "employer"
            else:
                for kind in ("economic development", "workforce development", "local government"):
                    found.setdefault(_partner_name(rng, kind, places, region, sector), kind)
        for organization in list(found)[25:]:
            del found[organization]
        rows.extend((row.partnership_id, organization, kind) for organization, kind in found.items())
    return pd.DataFrame(rows, columns=["partnership_id", "organization", "partner_type"])


def _partner_name(
    rng: np.random.Generator, partner_type: str, places: list[str], region: str, sector: SectorProfile
) -> str:
    """A synthetic name for a partner organization of one type, placed in one of the partnership's counties."""
    place = places[int(rng.integers(len(places)))]
    options = {
        "employer association": (f"{place} Manufacturers Association", f"{region} {sector.name} Council",
                                 f"{place} County Chamber of Commerce"),
        "K-12": (f"{place} County Career and Technology Center", f"{place} Area School District"),
        "postsecondary": (f"{place} Area Community College", f"{place} Institute of Technology",
                          f"{place} Valley College"),
        "workforce development": (f"{region} Workforce Development Board", f"{place} County Job Center"),
        "economic development": (f"{place} County Economic Development Corporation",
                                 f"{place} Industrial Development Authority"),
        "labor organization": (f"{sector.union_name} {rng.integers(100, 999)}",
                               f"{place} County Central Labor Council"),
        "community organization": (f"{place} Community Action Agency", f"{place} Neighborhood Partnership",
                                   f"{place} Immigrant Resource Center"),
        "social services": (f"{place} County Assistance Office", f"{place} Family Services"),
        "local government": (f"{place} County Board of Commissioners", f"{place} County Planning Commission"),
        "philanthropy": (f"{place} Community Foundation", f"{place} Fund for Workforce Opportunity"),
    }[partner_type]  # fmt: skip
    return options[int(rng.integers(len(options)))]


def draw_grants(rng: np.random.Generator, partnerships: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """Planning, implementation and other grants from state, federal, private, philanthropic and employer sources."""
    # Generic funder names: synthetic grants must not be attributed to real agencies.
    state_funder = "State workforce agency (demo)"
    federal_funders = ("Federal workforce program (demo)", "Federal economic development program (demo)")
    employers_of = {p: g["organization"].tolist() for p, g in partners[partners["partner_type"] == "employer"]
                    .groupby("partnership_id")}  # fmt: skip
    last_start = np.datetime64("2025-06-30")
    rows = []
    for row in partnerships.itertuples(index=False):
        p_start = np.datetime64(row.start_date.date())
        p_end = np.datetime64(row.end_date.date()) if pd.notna(row.end_date) else AS_OF
        name_root = row.name.split(" ")[0]
        cursor = p_start
        if row.phase == "planning" or rng.random() < 0.85:
            start = p_start + np.timedelta64(int(rng.integers(0, 120)), "D")
            end = start + np.timedelta64(int(rng.integers(90, PLANNING_GRANT_MAX_DAYS + 1)), "D")
            source = rng.choice(["state", "philanthropic", "federal"], p=[0.75, 0.15, 0.10])
            funder = {"state": state_funder, "philanthropic": f"{name_root} Community Foundation",
                      "federal": federal_funders[0]}[source]  # fmt: skip
            amount = np.round(rng.uniform(*PLANNING_GRANT_USD) / 500) * 500
            rows.append((row.partnership_id, "planning", funder, str(source), amount, start, end))
            cursor = end
        if row.phase == "planning":
            continue
        for _ in range(min(1 + rng.poisson(0.9), 4)):
            start = cursor + np.timedelta64(int(rng.integers(15, 240)), "D")
            if start > min(p_end, last_start):
                break
            end = start + np.timedelta64(int(rng.integers(*IMPLEMENTATION_GRANT_DAYS)), "D")
            source = str(rng.choice(["state", "federal", "private", "philanthropic"], p=[0.55, 0.25, 0.05, 0.15]))
            funder = {"state": state_funder, "federal": federal_funders[int(rng.integers(2))],
                      "private": f"{name_root} Savings Bank Foundation",
                      "philanthropic": f"{name_root} Community Foundation"}[source]  # fmt: skip
            amount = np.round(rng.uniform(*IMPLEMENTATION_GRANT_USD) / 1000) * 1000
            rows.append((row.partnership_id, "implementation", funder, source, amount, start, end))
            if rng.random() < 0.45 and employers_of.get(row.partnership_id):  # employers match the award
                match = employers_of[row.partnership_id]
                funder = match[int(rng.integers(len(match)))] if rng.random() < 0.5 else "Employer partners (pooled)"
                match_amount = np.round(amount * rng.uniform(0.1, 1.2) / 500) * 500
                match_end = end if rng.random() < 0.8 else np.datetime64("NaT")
                rows.append((row.partnership_id, "other", funder, "employer match", match_amount, start, match_end))
            cursor = end
        if rng.random() < 0.15:
            start = random_days(rng, p_start + np.timedelta64(180, "D"), min(p_end, last_start))
            if start <= min(p_end, last_start):
                end = start + np.timedelta64(int(rng.integers(365, 4 * 365)), "D")
                source = str(rng.choice(["federal", "philanthropic", "private"], p=[0.5, 0.3, 0.2]))
                funder = {"federal": federal_funders[1], "philanthropic": "Commonwealth Workforce Fund",
                          "private": f"{name_root} Regional Bank"}[source]  # fmt: skip
                amount = np.round(rng.uniform(100_000, 1_500_000) / 1000) * 1000
                rows.append((row.partnership_id, "other", funder, source, amount, start, end))
    columns = ["partnership_id", "grant_type", "funder", "funding_source", "amount_usd", "start_date", "end_date"]
    grants = pd.DataFrame(rows, columns=columns)
    grants.insert(0, "grant_id", [f"G{k + 1:04d}" for k in range(len(grants))])
    grants["amount_usd"] = grants["amount_usd"].astype("float64")
    for column in ("start_date", "end_date"):
        grants[column] = pd.to_datetime(grants[column].to_numpy(dtype="datetime64[D]"))
    return grants


