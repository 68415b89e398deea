"""A deterministic, seeded synthetic state sector strategy on Pennsylvania's real 67 counties.

``generate_demo_tables(seed)`` returns plain tables keyed by table name, with the columns of ``schema.sql``, except
``qcew_annual``, which comes in the BLS QCEW annual "by area" CSV layout so that it goes through the same loader as
real BLS files. Counties are not generated: the database takes them from ``geo.counties_table``. Nothing here reads
the clock or the environment: the same seed gives identical frames.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectorscope import codes, references
from sectorscope.sources import geo

# --- Calibration: near the published reference figures (references.py), never equal to them -----------------------
# A real state's figures differ from a study's; a demo that copied them would draw two identical marks on every
# comparison chart. Each offset is how far this synthetic state lands from the published figure (dollars, or
# share points for before and after), in both directions so that neither looks like a target that was hit.
WAGE_GAIN_OFFSET_USD = 0.34
BELOW_POVERTY_OFFSET = (-0.05, 0.04)
HEALTH_INSURANCE_OFFSET = (0.04, -0.06)
PAID_SICK_LEAVE_OFFSET = (-0.04, 0.05)
REDUCED_TURNOVER_OFFSET = 0.06
REDUCED_REWORK_OFFSET = 0.05
REDUCED_COMPLAINTS_OFFSET = -0.06


def _near(reference: references.Reference, offset: tuple[float, float]) -> tuple[float, float]:
    """The demo's before -> after shares: the published ones moved by ``offset``."""
    return reference.before + offset[0], reference.value + offset[1]


TARGET_WAGE_GAIN_USD = references.HOURLY_WAGE_GAIN.value + WAGE_GAIN_OFFSET_USD  # mean gain of completers
TARGET_BELOW_POVERTY = _near(references.POVERTY, BELOW_POVERTY_OFFSET)
TARGET_HEALTH_INSURANCE = _near(references.HEALTH_INSURANCE, HEALTH_INSURANCE_OFFSET)
TARGET_PAID_SICK_LEAVE = _near(references.PAID_SICK_LEAVE, PAID_SICK_LEAVE_OFFSET)
TARGET_REDUCED_TURNOVER = references.REDUCED_TURNOVER.value + REDUCED_TURNOVER_OFFSET
TARGET_REDUCED_REWORK = references.REDUCED_REWORK.value + REDUCED_REWORK_OFFSET
TARGET_REDUCED_COMPLAINTS = references.REDUCED_COMPLAINTS.value + REDUCED_COMPLAINTS_OFFSET
TARGET_PARTNERSHIP_VALUABLE = 0.97  # published: 100%; a few sceptics so that the share can vary by partnership
# Shares drift over the years (later exits and surveys a little better), so the years differ as sectors do.
YEAR_TREND_PER_YEAR = 0.03  # in standard deviations of the score that decides a share, per year from 2020
N_PARTNERSHIPS = 78  # near Pennsylvania's published count of Industry Partnerships, not equal to it
N_PARTICIPANTS = 18_000  # ... 18,000+ workers trained
# Grant sizes within the published ranges (State Sector Strategies FAQ).
PLANNING_GRANT_USD = (references.GRANT_RANGES.number("value"), references.GRANT_RANGES.number("planning_high"))
PLANNING_GRANT_MAX_DAYS = 182
IMPLEMENTATION_GRANT_USD = (references.GRANT_RANGES.number("implementation_low"),
                            references.GRANT_RANGES.number("implementation_high"))
IMPLEMENTATION_GRANT_DAYS = (365, 3 * 365)

# --- Shape of the synthetic state ---------------------------------------------------------------------------------
STATE_FIPS = "42"
AS_OF = np.datetime64("2025-12-31")  # the demo's fixed "today"
N_REGIONS = 10
N_STILL_ENROLLED = 300
N_EMPLOYERS = 2_000
N_STORIES = 150
N_SYSTEM_CHANGES = 200
N_UNSERVED_COUNTIES = 4  # small counties no partnership serves
N_GAP_INDUSTRIES = 3  # strong, growing county industries that no partnership of their sector serves
N_POOR_PARTNERSHIPS = 4  # partnerships whose participants gain little or nothing
PARTNERSHIP_EFFECT_SD = 0.6  # $/hour: how much partnerships differ in wage gains
QCEW_YEARS = np.arange(2014, 2025)
QWI_YEARS = np.arange(2014, 2025)
FIRST_EXIT = np.datetime64("2015-01-01")
LAST_QUARTER = 2025 * 4 + 3  # 2025 Q4 as year * 4 + (quarter - 1)
QCEW_COLUMNS: tuple[str, ...] = (
    "area_fips",
    "own_code",
    "industry_code",
    "agglvl_code",
    "size_code",
    "year",
    "qtr",
    "disclosure_code",
    "annual_avg_estabs_count",
    "annual_avg_emplvl",
    "total_annual_wages",
    "annual_avg_wkly_wage",
)

# Approximate 2020 Census populations of Pennsylvania's counties (rounded; for relative county sizes only).
PA_POPULATION: dict[str, int] = {
    "42001": 104_000, "42003": 1_250_000, "42005": 65_000, "42007": 168_000, "42009": 48_000,
    "42011": 428_000, "42013": 122_000, "42015": 60_000, "42017": 646_000, "42019": 194_000,
    "42021": 133_000, "42023": 4_500, "42025": 65_000, "42027": 158_000, "42029": 534_000,
    "42031": 37_000, "42033": 80_000, "42035": 38_000, "42037": 65_000, "42039": 83_000,
    "42041": 260_000, "42043": 286_000, "42045": 576_000, "42047": 30_000, "42049": 270_000,
    "42051": 128_000, "42053": 6_900, "42055": 155_000, "42057": 14_500, "42059": 36_000,
    "42061": 44_000, "42063": 83_000, "42065": 44_000, "42067": 23_000, "42069": 215_000,
    "42071": 552_000, "42073": 86_000, "42075": 143_000, "42077": 374_000, "42079": 325_000,
    "42081": 114_000, "42083": 40_000, "42085": 110_000, "42087": 46_000, "42089": 168_000,
    "42091": 856_000, "42093": 18_000, "42095": 312_000, "42097": 91_000, "42099": 46_000,
    "42101": 1_603_000, "42103": 58_000, "42105": 16_000, "42107": 143_000, "42109": 39_000,
    "42111": 74_000, "42113": 6_000, "42115": 38_000, "42117": 41_000, "42119": 42_000,
    "42121": 50_000, "42123": 38_000, "42125": 209_000, "42127": 51_000, "42129": 354_000,
    "42131": 26_000, "42133": 456_000,
}  # fmt: skip

# Covered jobs per resident where a county is clearly a job centre or a bedroom county (default ~0.42).
JOBS_PER_RESIDENT: dict[str, float] = {
    "42101": 0.42, "42003": 0.56, "42091": 0.58, "42043": 0.62, "42027": 0.50, "42029": 0.47,
    "42041": 0.55, "42069": 0.48, "42077": 0.52, "42093": 0.90, "42103": 0.17, "42099": 0.18,
    "42067": 0.25, "42057": 0.25, "42113": 0.20, "42131": 0.30, "42127": 0.30, "42089": 0.32,
    "42045": 0.38, "42017": 0.40, "42001": 0.28, "42025": 0.28, "42115": 0.28, "42097": 0.33,
}  # fmt: skip

# Government share of covered jobs where it stands out (state capital, universities, prisons, bases).
GOVERNMENT_SHARE: dict[str, float] = {
    "42027": 0.33, "42043": 0.24, "42053": 0.35, "42119": 0.28, "42061": 0.27, "42059": 0.20,
    "42063": 0.20, "42031": 0.20, "42041": 0.18, "42075": 0.18, "42101": 0.18,
}  # fmt: skip

# QCEW private industries: NAICS sector codes as BLS writes them, with national shapes (approximate, 2014 base).
INDUSTRIES: tuple[str, ...] = (
    "11", "21", "22", "23", "31-33", "42", "44-45", "48-49", "51", "52",
    "53", "54", "55", "56", "61", "62", "71", "72", "81",
)  # fmt: skip
US_PRIVATE_SHARE = np.array(
    [.0104, .0071, .0048, .0545, .1065, .0510, .1340, .0390, .0240, .0510,
     .0170, .0730, .0190, .0760, .0230, .1590, .0195, .1170, .0340]
)  # fmt: skip
US_GROWTH = np.array(
    [.005, -.025, .000, .030, .004, .006, .002, .040, .015, .012,
     .015, .027, .018, .010, .008, .022, .015, .015, .006]
)  # fmt: skip
COVID_2020 = np.array(
    [.99, .85, .99, .96, .95, .96, .96, .99, .96, 1.0,
     .95, .98, .97, .92, .91, .97, .73, .78, .88]
)  # fmt: skip
US_WEEKLY_WAGE_2014 = np.array(
    [620, 1790, 1830, 1080, 1170, 1380, 560, 930, 1870, 1840,
     950, 1600, 2050, 690, 880, 880, 640, 350, 650], dtype=float
)  # fmt: skip
ESTABLISHMENT_SIZE = np.array(
    [12, 18, 30, 9, 37, 10, 15, 20, 18, 12, 6, 8, 55, 20, 30, 18, 16, 18, 6], dtype=float
)  # fmt: skip
# How strongly an industry concentrates in big (positive) or rural (negative) counties.
URBAN_ELASTICITY = np.array(
    [-1.2, -1.2, -0.3, 0.0, -0.5, 0.2, 0.0, 0.0, 1.0, 1.0,
     0.6, 1.2, 1.2, 0.5, 1.4, 0.2, 0.4, 0.1, 0.1]
)  # fmt: skip
QWI_HIRE_RATE = np.array(
    [.22, .10, .05, .17, .08, .09, .18, .14, .08, .07, .11, .09, .07, .30, .12, .11, .25, .28, .13]
)  # fmt: skip
QWI_TURNOVER = np.array(
    [.09, .06, .035, .075, .048, .05, .085, .07, .045, .042, .06, .05, .04, .11, .05, .058, .10, .125, .07]
)  # fmt: skip
US_PRIVATE_2014 = 115.6e6
US_GOVERNMENT_2014 = 21.9e6
PA_COVERED_2014 = 5.65e6
WAGE_GROWTH = 0.034

# Known county specialisations (approximate, for a plausible map): (county, industry) -> multiplier.
SPECIALISATIONS: dict[tuple[str, str], float] = {
    ("42059", "21"): 4.0, ("42125", "21"): 3.0, ("42115", "21"): 4.0, ("42015", "21"): 3.5,
    ("42117", "21"): 3.0, ("42081", "21"): 2.5, ("42063", "21"): 2.5, ("42111", "21"): 2.0,
    ("42047", "31-33"): 2.8, ("42123", "31-33"): 2.2, ("42083", "31-33"): 2.0, ("42071", "31-33"): 1.6,
    ("42133", "31-33"): 1.7, ("42011", "31-33"): 1.6, ("42085", "31-33"): 1.5, ("42039", "31-33"): 1.8,
    ("42065", "31-33"): 1.8, ("42087", "31-33"): 1.8, ("42109", "31-33"): 2.0, ("42075", "31-33"): 1.5,
    ("42101", "31-33"): 0.5, ("42093", "62"): 4.0, ("42101", "62"): 1.4, ("42003", "62"): 1.2,
    ("42069", "62"): 1.3, ("42013", "62"): 1.3, ("42001", "11"): 2.5, ("42029", "11"): 2.5,
    ("42055", "11"): 2.0, ("42067", "11"): 1.5, ("42071", "11"): 1.8, ("42077", "48-49"): 1.9,
    ("42095", "48-49"): 1.8, ("42041", "48-49"): 2.5, ("42055", "48-49"): 1.8, ("42079", "48-49"): 1.8,
    ("42089", "72"): 2.0, ("42103", "72"): 1.7, ("42111", "72"): 1.4, ("42127", "72"): 1.4,
    ("42091", "52"): 1.6, ("42029", "52"): 1.5, ("42041", "52"): 1.5, ("42049", "52"): 1.5,
    ("42043", "52"): 1.4, ("42003", "51"): 1.3, ("42029", "51"): 1.4, ("42101", "61"): 2.5,
    ("42003", "61"): 1.8, ("42095", "61"): 2.0, ("42045", "61"): 2.0, ("42007", "22"): 3.0,
    ("42063", "22"): 3.0, ("42005", "22"): 2.0, ("42133", "22"): 1.5, ("42043", "22"): 1.5,
}  # fmt: skip


@dataclass(frozen=True)
class SectorProfile:
    """How one sector behaves in the synthetic state: its NAICS, workers, employers and outcomes."""

    code: str
    name: str
    naics_prefixes: tuple[str, ...]
    industry: str  # the QCEW/QWI sector code that stands for it in the industry data
    partnerships: int
    female_share: float
    gain_effect: float  # $/hour added to the state mean gain
    pre_wage: float  # typical hourly wage before training, 2015 dollars
    benefit_effect: float  # how much likelier its jobs carry health insurance and sick leave
    turnover_before: float  # typical employer annual turnover before joining
    training_mix: tuple[float, float, float, float, float]  # in the order of codes.TRAINING_TYPES
    programs: tuple[str, ...]
    employer_naics: tuple[str, ...]
    employer_words: tuple[str, ...]
    employer_kinds: tuple[str, ...]
    employer_roles: tuple[str, ...]
    union_name: str


SECTORS: tuple[SectorProfile, ...] = (
    SectorProfile(
        "HLTH", "Healthcare", ("62",), "62", 18, 0.80, 0.8, 12.5, 0.3, 0.38, (0.15, 0.45, 0.05, 0.25, 0.10),
        ("CNA", "medical assistant", "phlebotomy", "LPN bridge", "patient care technician"),
        ("622110", "623110", "621111", "621610", "623311", "621511"),
        ("Health System", "Medical Center", "Home Care", "Senior Living", "Family Practice", "Rehabilitation"),
        ("hospital", "nursing home", "home care agency"),
        ("Director of nursing", "HR manager", "Talent acquisition lead"), "Healthcare Workers Union Local",
    ),
    SectorProfile(
        "MFG", "Advanced Manufacturing", ("31-33",), "31-33", 20, 0.22, 0.7, 14.0, 0.3, 0.28,
        (0.10, 0.25, 0.15, 0.30, 0.20),
        ("CNC machining", "industrial maintenance", "welding", "quality technician", "mechatronics"),
        ("332710", "336390", "333249", "326199", "331110", "325412", "334511", "332312"),
        ("Precision", "Fabrication", "Plastics", "Components", "Machine Works", "Metals", "Tooling"),
        ("manufacturer", "machine shop", "plastics plant"),
        ("Plant manager", "HR manager", "Training coordinator"), "Machinists Lodge",
    ),
    SectorProfile(
        "CONS", "Construction", ("23",), "23", 8, 0.08, 0.4, 14.5, -0.2, 0.33, (0.20, 0.20, 0.40, 0.10, 0.10),
        ("pre-apprenticeship", "electrical", "HVAC", "carpentry", "heavy equipment"),
        ("236220", "238210", "238220", "237310", "238160"),
        ("Builders", "Electric", "Mechanical", "Contracting", "Construction", "Roofing"),
        ("contractor", "electrical contractor", "builder"),
        ("Owner", "Field superintendent", "Safety director"), "Electrical Workers Local",
    ),
    SectorProfile(
        "ENRG", "Energy", ("22", "211"), "22", 5, 0.15, 0.8, 15.5, 0.5, 0.18, (0.10, 0.30, 0.25, 0.25, 0.10),
        ("line worker", "gas pipeline technician", "solar installer", "power plant operator"),
        ("221122", "211120", "211130", "221210", "221118"),
        ("Energy", "Power", "Gas", "Utilities", "Resources"),
        ("utility", "energy company"),
        ("Workforce manager", "Operations director"), "Utility Workers Local",
    ),
    SectorProfile(
        "IT", "Information Technology", ("51", "5415"), "51", 8, 0.30, 1.2, 16.0, 0.4, 0.20,
        (0.10, 0.55, 0.10, 0.20, 0.05),
        ("IT support", "cybersecurity", "software development", "network administration", "data analytics"),
        ("541511", "541512", "518210", "513210", "517111", "541519"),
        ("Software", "Data Systems", "IT Solutions", "Networks", "Digital", "Cyber"),
        ("software firm", "IT services company"),
        ("Chief technology officer", "Engineering manager", "HR manager"), "Communications Workers Local",
    ),
    SectorProfile(
        "TDL", "Transportation & Logistics", ("48-49",), "48-49", 7, 0.20, 0.3, 13.5, -0.1, 0.42,
        (0.20, 0.45, 0.05, 0.15, 0.15),
        ("CDL-A", "forklift and warehouse", "diesel technician", "logistics coordinator"),
        ("484121", "493110", "488510", "492110", "484110"),
        ("Freight", "Logistics", "Distribution", "Trucking", "Transport"),
        ("trucking company", "distribution center"),
        ("Fleet manager", "Warehouse manager", "HR manager"), "Teamsters Local",
    ),
    SectorProfile(
        "AGRI", "Agriculture & Food Processing", ("11", "311"), "11", 5, 0.35, -0.3, 12.0, -0.4, 0.36,
        (0.25, 0.30, 0.10, 0.20, 0.15),
        ("food safety", "industrial maintenance", "agricultural equipment technician", "food production"),
        ("111421", "112120", "311612", "311813", "311919", "311352"),
        ("Farms", "Foods", "Dairy", "Orchards", "Provisions", "Snacks"),
        ("food processor", "farm"),
        ("Plant manager", "Owner", "HR manager"), "Food and Commercial Workers Local",
    ),
    SectorProfile(
        "HOSP", "Hospitality & Tourism", ("72",), "72", 5, 0.55, -0.6, 10.5, -0.8, 0.55,
        (0.35, 0.35, 0.05, 0.15, 0.10),
        ("culinary arts", "hotel operations", "front-of-house", "food service"),
        ("722511", "722513", "721110", "721211", "722320"),
        ("Hotel", "Inn", "Hospitality Group", "Restaurants", "Resort", "Catering"),
        ("hotel", "restaurant group", "resort"),
        ("General manager", "HR manager", "Executive chef"), "Hotel and Restaurant Workers Local",
    ),
    SectorProfile(
        "FIN", "Financial Services", ("52",), "52", 5, 0.62, 0.3, 13.5, 0.6, 0.24, (0.15, 0.45, 0.00, 0.35, 0.05),
        ("bank teller", "customer service", "insurance claims", "financial services"),
        ("522110", "522130", "524113", "524126", "523150"),
        ("Bank", "Credit Union", "Insurance", "Financial", "Trust"),
        ("bank", "insurer", "credit union"),
        ("Branch manager", "HR manager", "Operations director"), "Office Workers Local",
    ),
)  # fmt: skip

TRAINING_DAYS = {  # (shortest, longest) training length by codes.TRAINING_TYPES
    "pre-employment": (20, 90),
    "occupational skills": (60, 270),
    "apprenticeship": (365, 1100),
    "incumbent worker": (10, 120),
    "on-the-job": (60, 180),
}
TRAINING_COMPLETION = np.array([0.80, 0.74, 0.70, 0.88, 0.80])
TRAINING_CREDENTIAL = np.array([0.45, 0.92, 0.95, 0.60, 0.50])
TRAINING_GAIN = np.array([0.3, 0.2, 0.8, -0.6, 0.0])
AGE_SHARES = np.array([0.22, 0.31, 0.22, 0.16, 0.09])
AGE_GAIN = np.array([0.15, 0.1, 0.0, -0.1, -0.4])
SIZE_SHARES = np.array([0.10, 0.30, 0.35, 0.17, 0.08])
SIZE_HIRES = np.array([0.8, 2.0, 4.0, 7.0, 10.0])
CONVENER_SHARES = np.array([0.35, 0.20, 0.08, 0.10, 0.05, 0.12, 0.10])  # codes.CONVENER_TYPES order
PHASE_SHARES = np.array([0.08, 0.45, 0.35, 0.12])  # codes.PHASES order
CONVENER_PARTNER_TYPE = {
    "workforce board": "workforce development",
    "community college": "postsecondary",
    "community-based organization": "community organization",
    "chamber of commerce": "employer association",
    "labor organization": "labor organization",
    "industry association": "employer association",
    "economic development organization": "economic development",
}
ID_ALPHABET = np.array(list("0123456789ABCDEFGHJKMNPQRSTVWXYZ"))  # Crockford base32: no I, L, O, U


@dataclass(frozen=True)
class _State:
    """The real geography the demo is drawn on."""

    fips: np.ndarray  # county FIPS, sorted
    names: np.ndarray
    population: np.ndarray
    urbanity: np.ndarray  # 0 (small rural) .. 1 (largest city)
    adjacency: dict[str, frozenset[str]]

    def index(self, county: str) -> int:
        """Position of a county in the arrays."""
        return int(np.searchsorted(self.fips, county))


def generate_demo_tables(seed: int = 2024, scale: int = 1) -> dict[str, pd.DataFrame]:
    """Every demo table keyed by table name (schema.sql columns; qcew_annual in the BLS annual CSV layout).

    ``scale`` multiplies the participants (exited and still enrolled), and with them their wage records, for
    measuring the app at a larger state's size; scale 1 is the demo, the same for the same seed.
    """
    if scale < 1:
        raise ValueError(f"scale must be a whole number of 1 or more, not {scale!r}")
    rng = np.random.default_rng(seed)
    state = _load_state()
    regions, region_counties = _regions(rng, state)
    sectors = _sectors_table()
    unserved = _unserved_counties(rng, state)
    gaps = _gap_industries(rng, state, unserved)
    industry = _industry_truth(rng, state, gaps)
    partnerships, partnership_counties = _partnerships(rng, state, regions, region_counties, industry, gaps, unserved)
    employers, employer_links = _employers(rng, state, partnerships, partnership_counties)
    partners = _partners(rng, state, partnerships, partnership_counties, regions, employers, employer_links)
    grants = _grants(rng, partnerships, partners)
    participants, wage_inputs = _participants(rng, state, partnerships, partnership_counties, scale)
    wage_records = _wage_records(rng, participants, wage_inputs, employer_links, partnerships)
    # The WIOA fields draw from their own stream, so adding them left every other demo figure as it was.
    participants, wage_records = _wioa_fields(np.random.default_rng([seed, 14]), participants, wage_records)
    employer_surveys = _employer_surveys(rng, partnerships, employers, employer_links)
    qcew_annual = _qcew_table(rng, state, industry)
    qwi = _qwi_table(rng, state, industry)
    stories = _stories(rng, state, partnerships, partnership_counties, participants)
    system_changes = _system_changes(rng, state, partnerships, partnership_counties, partners)
    tables = {
        "regions": regions,
        "region_counties": region_counties,
        "sectors": sectors,
        "partnerships": partnerships.drop(columns=["sim_effect", "sim_poor", "sim_hub"]),
        "partnership_counties": partnership_counties,
        "partners": partners,
        "grants": grants,
        "system_changes": system_changes,
        "stories": stories,
        "employers": employers,
        "participants": participants,
        "wage_records": wage_records,
        "employer_surveys": employer_surveys,
        "qcew_annual": qcew_annual,
        "qwi": qwi,
    }
    return {name: frame.reset_index(drop=True) for name, frame in tables.items()}


# --- Geography ----------------------------------------------------------------------------------------------------
def _load_state() -> _State:
    """Pennsylvania's counties (names from the Census shapes), populations and adjacency."""
    shapes = geo.load_county_shapes(STATE_FIPS)
    fips = shapes["county_fips"].to_numpy(dtype=object)
    population = np.array([PA_POPULATION[code] for code in fips], dtype=float)
    urbanity = np.clip((np.log10(population) - 4.6) / (6.2 - 4.6), 0.0, 1.0)
    return _State(
        fips=fips,
        names=shapes["county_name"].to_numpy(dtype=object),
        population=population,
        urbanity=urbanity,
        adjacency=geo.county_adjacency(shapes),
    )


def _regions(rng: np.random.Generator, state: _State) -> tuple[pd.DataFrame, pd.DataFrame]:
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


def _sectors_table() -> pd.DataFrame:
    """The sectors and their NAICS prefixes."""
    return pd.DataFrame(
        {
            "sector_code": [s.code for s in SECTORS],
            "sector_name": [s.name for s in SECTORS],
            "naics_prefixes": pd.Series([list(s.naics_prefixes) for s in SECTORS], dtype=object),
        }
    )


def _unserved_counties(rng: np.random.Generator, state: _State) -> set[str]:
    """A few small counties that no partnership serves."""
    smallest = state.fips[np.argsort(state.population, kind="stable")[:16]]
    return set(rng.choice(smallest, size=N_UNSERVED_COUNTIES, replace=False).tolist())


def _gap_industries(rng: np.random.Generator, state: _State, unserved: set[str]) -> list[tuple[str, str]]:
    """(county, sector code) pairs that grow strongly but that no partnership of the sector serves."""
    candidates = [c for c, p in zip(state.fips, state.population, strict=True) if 60_000 < p < 700_000]
    candidates = [c for c in candidates if c not in unserved]
    counties = rng.choice(np.array(candidates, dtype=object), size=N_GAP_INDUSTRIES, replace=False)
    sectors = rng.choice(np.array(["TDL", "MFG", "HLTH", "IT", "CONS"], dtype=object), size=N_GAP_INDUSTRIES)
    return [(str(c), str(s)) for c, s in zip(counties, sectors, strict=True)]


# --- Industry (truth behind QCEW and QWI) -------------------------------------------------------------------------
@dataclass(frozen=True)
class _Industry:
    """Unsuppressed annual employment and wages by county x industry x year, and the national figures."""

    employment: np.ndarray  # (county, industry, year) private
    weekly_wage: np.ndarray
    establishments: np.ndarray
    government: np.ndarray  # (county, year)
    government_wage: np.ndarray
    government_establishments: np.ndarray
    us_employment: np.ndarray  # (industry, year)
    us_weekly_wage: np.ndarray
    us_government: np.ndarray  # (year,)
    us_government_wage: np.ndarray


def _covid_factor(years: np.ndarray, drop: np.ndarray) -> np.ndarray:
    """Multiplier (industry, year): the 2020 drop, half recovered in 2021, gone from 2022."""
    factor = np.ones((drop.size, years.size))
    factor[:, years == 2020] = drop[:, None]
    factor[:, years == 2021] = 1 - (1 - drop[:, None]) * 0.45
    return factor


def _industry_truth(rng: np.random.Generator, state: _State, gaps: list[tuple[str, str]]) -> _Industry:
    """Employment, wages and establishments with county specialisations, trends and a 2020 dip."""
    n_counties, n_industries = state.fips.size, len(INDUSTRIES)
    t = (QCEW_YEARS - QCEW_YEARS[0]).astype(float)
    covid = _covid_factor(QCEW_YEARS, COVID_2020)
    share = US_PRIVATE_SHARE / US_PRIVATE_SHARE.sum()

    us_noise = rng.lognormal(0.0, 0.004, (n_industries, t.size))
    us_employment = US_PRIVATE_2014 * share[:, None] * np.exp(US_GROWTH[:, None] * t) * covid * us_noise
    us_weekly = US_WEEKLY_WAGE_2014[:, None] * (1 + WAGE_GROWTH) ** t * rng.lognormal(0, 0.005, us_employment.shape)
    us_government = US_GOVERNMENT_2014 * 1.004**t * np.where(QCEW_YEARS == 2020, 0.98, 1.0)
    us_government_wage = 1000.0 * (1 + WAGE_GROWTH) ** t

    jobs_ratio = 0.42 * rng.lognormal(0.0, 0.10, n_counties)
    government_share = rng.uniform(0.10, 0.16, n_counties)
    for k, county in enumerate(state.fips):
        jobs_ratio[k] = JOBS_PER_RESIDENT.get(county, jobs_ratio[k])
        government_share[k] = GOVERNMENT_SHARE.get(county, government_share[k])
    total_2014 = state.population * jobs_ratio
    total_2014 *= PA_COVERED_2014 / total_2014.sum()

    specialisation = rng.lognormal(0.0, 0.35, (n_counties, n_industries))
    typical_urbanity = np.average(state.urbanity, weights=total_2014)  # so the state as a whole stays near LQ 1
    specialisation *= np.exp(URBAN_ELASTICITY[None, :] * (state.urbanity[:, None] - typical_urbanity))
    for (county, industry_code), multiplier in SPECIALISATIONS.items():
        specialisation[state.index(county), INDUSTRIES.index(industry_code)] *= multiplier
    growth = US_GROWTH[None, :] + 0.006 * (state.urbanity[:, None] - 0.5) + rng.normal(0, 0.012, specialisation.shape)
    declining = rng.random(specialisation.shape) < 0.06
    growth[declining] -= rng.uniform(0.02, 0.04, declining.sum())
    sector_industry = {s.code: s.industry for s in SECTORS}
    for county, sector_code in gaps:
        c, i = state.index(county), INDUSTRIES.index(sector_industry[sector_code])
        specialisation[c, i] = max(specialisation[c, i], 1.0) * rng.uniform(2.0, 2.6)
        growth[c, i] = US_GROWTH[i] + rng.uniform(0.03, 0.045)
    mix = share[None, :] * specialisation
    mix /= mix.sum(axis=1, keepdims=True)

    private_2014 = total_2014 * (1 - government_share)
    noise = rng.lognormal(0.0, 0.01, (n_counties, n_industries, t.size))
    employment = private_2014[:, None, None] * mix[:, :, None] * np.exp(growth[:, :, None] * t) * covid[None] * noise
    employment = np.maximum(np.rint(employment), 3.0)

    wage_level = np.clip(0.80 + 0.30 * state.urbanity, 0.78, 1.15) * rng.lognormal(0, 0.04, n_counties)
    weekly_wage = (
        US_WEEKLY_WAGE_2014[None, :, None]
        * wage_level[:, None, None]
        * rng.lognormal(0, 0.06, (n_counties, n_industries, 1))
        * (1 + WAGE_GROWTH) ** t
        * rng.lognormal(0, 0.01, employment.shape)
    )
    size = ESTABLISHMENT_SIZE[None, :, None] * rng.lognormal(0, 0.2, (n_counties, n_industries, 1))
    establishments = np.maximum(np.rint(employment / size * rng.lognormal(0, 0.02, employment.shape)), 1.0)
    government = np.rint(total_2014[:, None] * government_share[:, None] * 1.003**t)
    government_wage = 1000.0 * wage_level[:, None] * (1 + WAGE_GROWTH) ** t
    government_establishments = np.maximum(np.rint(government / 35.0), 1.0)
    return _Industry(
        employment=employment,
        weekly_wage=weekly_wage,
        establishments=establishments,
        government=government,
        government_wage=government_wage,
        government_establishments=government_establishments,
        us_employment=np.rint(us_employment),
        us_weekly_wage=us_weekly,
        us_government=np.rint(us_government),
        us_government_wage=us_government_wage,
    )


def _suppression(rng: np.random.Generator, employment: np.ndarray, establishments: np.ndarray) -> np.ndarray:
    """BLS-style disclosure mask (county, industry, year): small cells, plus a complementary cell per county-year."""
    smallness = np.log(employment[:, :, :1]) + rng.normal(0, 0.6, employment[:, :, :1].shape)
    threshold = np.quantile(smallness, 0.17)
    flicker = rng.normal(0, 0.25, employment.shape)
    suppressed = (smallness + flicker < threshold) | (establishments < 3)
    order = np.argsort(employment, axis=1, kind="stable")
    for c, y in zip(*np.nonzero(suppressed.sum(axis=1) == 1), strict=True):
        for i in order[c, :, y]:  # the smallest other cell hides the first one from subtraction
            if not suppressed[c, i, y]:
                suppressed[c, i, y] = True
                break
    return suppressed


def _qcew_table(rng: np.random.Generator, state: _State, industry: _Industry) -> pd.DataFrame:
    """QCEW annual averages 2014-2024 for PA's counties, PA and the U.S. in the BLS annual by-area CSV layout.

    Per area: all industries, all ownerships (own 0, industry 10); private total (own 5, industry 10); and the private
    NAICS sectors (own 5). Suppressed cells carry ``disclosure_code`` "N" and zero employment and wages, as BLS ships
    them (BLS still publishes their establishment counts). The state row is the sum of the unsuppressed county truth.
    """
    county_wages = industry.employment * industry.weekly_wage * 52
    county_gov_wages = industry.government * industry.government_wage * 52
    suppressed = _suppression(rng, industry.employment, industry.establishments)
    # Areas in order: U.S., the state, then its counties. Arrays (area, industry, year) and (area, year).
    private = np.concatenate(
        [industry.us_employment[None], industry.employment.sum(axis=0)[None], industry.employment]
    )
    wages = np.concatenate(
        [(industry.us_employment * industry.us_weekly_wage * 52)[None], county_wages.sum(axis=0)[None], county_wages]
    )
    estabs = np.concatenate(
        [np.rint(industry.us_employment / ESTABLISHMENT_SIZE[:, None])[None],
         industry.establishments.sum(axis=0)[None], industry.establishments]
    )  # fmt: skip
    government = np.concatenate([industry.us_government[None], industry.government.sum(axis=0)[None],
                                 industry.government])  # fmt: skip
    government_wages = np.concatenate(
        [(industry.us_government * industry.us_government_wage * 52)[None], county_gov_wages.sum(axis=0)[None],
         county_gov_wages]
    )  # fmt: skip
    government_estabs = np.concatenate(
        [np.rint(industry.us_government / 35.0)[None], industry.government_establishments.sum(axis=0)[None],
         industry.government_establishments]
    )  # fmt: skip
    hidden = np.concatenate([np.zeros((2, *suppressed.shape[1:]), dtype=bool), suppressed])

    # Series per area: total covered, private total, then each private industry.
    def series(by_industry: np.ndarray, public: np.ndarray) -> np.ndarray:
        private_total = by_industry.sum(axis=1, keepdims=True)
        return np.concatenate([private_total + public[:, None], private_total, by_industry], axis=1)

    employment = np.rint(series(private, government)).astype("int64")
    total_wages = np.rint(series(wages, government_wages)).astype("int64")
    establishments = np.rint(series(estabs, government_estabs)).astype("int64")
    disclosed = ~np.concatenate([np.zeros((hidden.shape[0], 2, hidden.shape[2]), dtype=bool), hidden], axis=1)
    weekly = np.where(employment > 0, np.rint(total_wages / np.maximum(employment, 1) / 52), 0).astype("int64")

    n_areas, n_series, n_years = employment.shape
    areas = np.array(["US000", f"{STATE_FIPS}000", *state.fips], dtype=object)
    area_level = np.array([0, 1] + [2] * state.fips.size)  # national, state, county
    agglvl = np.array([["10", "11", "14"], ["50", "51", "54"], ["70", "71", "74"]], dtype=object)
    series_kind = np.array([0, 1] + [2] * len(INDUSTRIES))  # total covered, private total, private industry
    area_k = np.repeat(np.arange(n_areas), n_series * n_years)
    series_k = np.tile(np.repeat(np.arange(n_series), n_years), n_areas)
    shown = disclosed.ravel()
    return pd.DataFrame(
        {
            "area_fips": areas[area_k],
            "own_code": np.where(series_k == 0, "0", "5").astype(object),
            "industry_code": np.array(["10", "10", *INDUSTRIES], dtype=object)[series_k],
            "agglvl_code": agglvl[area_level[area_k], series_kind[series_k]],
            "size_code": "0",
            "year": np.tile(QCEW_YEARS.astype("int64"), n_areas * n_series),
            "qtr": "A",
            "disclosure_code": np.where(shown, "", "N").astype(object),
            "annual_avg_estabs_count": establishments.ravel(),
            "annual_avg_emplvl": np.where(shown, employment.ravel(), 0),
            "total_annual_wages": np.where(shown, total_wages.ravel(), 0),
            "annual_avg_wkly_wage": np.where(shown, weekly.ravel(), 0),
        },
        columns=list(QCEW_COLUMNS),
    )


def _qwi_table(rng: np.random.Generator, state: _State, industry: _Industry) -> pd.DataFrame:
    """Quarterly Workforce Indicators by county x NAICS sector, 2014-2024, with seasonality and a few gaps."""
    n_c, n_i, n_y = industry.employment.shape
    seasonal = np.ones((n_i, 4))
    seasonal[INDUSTRIES.index("23")] = (0.93, 1.02, 1.06, 0.99)
    seasonal[INDUSTRIES.index("72")] = (0.95, 1.03, 1.06, 0.96)
    seasonal[INDUSTRIES.index("11")] = (0.90, 1.05, 1.08, 0.97)
    seasonal[INDUSTRIES.index("61")] = (1.02, 1.00, 0.95, 1.03)
    seasonal[INDUSTRIES.index("44-45")] = (0.98, 0.99, 1.00, 1.03)
    shape = (n_c, n_i, n_y, 4)
    employment = industry.employment[..., None] * seasonal[None, :, None, :] * rng.lognormal(0, 0.015, shape)
    employment = np.rint(employment)
    hires = np.rint(employment * QWI_HIRE_RATE[None, :, None, None] * rng.lognormal(0, 0.08, shape))
    flat = employment.reshape(n_c, n_i, n_y * 4)
    change = np.concatenate([np.diff(flat, axis=2), np.zeros((n_c, n_i, 1))], axis=2).reshape(shape)
    separations = np.maximum(np.rint(hires - change * 0.8 + rng.normal(0, 1, shape)), 0.0)
    county_factor = rng.lognormal(0, 0.08, (n_c, n_i, 1, 1))
    turnover = QWI_TURNOVER[None, :, None, None] * county_factor * rng.lognormal(0, 0.05, shape)
    covid_quarter = np.zeros((n_y, 4), dtype=bool)
    covid_quarter[QWI_YEARS == 2020, 1] = True
    turnover = np.where(covid_quarter[None, None], turnover * 1.25, turnover)
    turnover = np.clip(turnover, 0.02, 0.25)
    earnings = industry.weekly_wage[..., None] * 52 / 12 * 1.06 * rng.lognormal(0, 0.02, shape)
    small = employment < 25
    turnover_missing = (small & (rng.random(shape) < 0.5)) | (rng.random(shape) < 0.01)
    earnings_missing = (small & (rng.random(shape) < 0.2)) | (rng.random(shape) < 0.005)
    index = np.indices(shape).reshape(4, -1)
    return pd.DataFrame(
        {
            "area_type": "county",
            "area_code": state.fips[index[0]],
            "naics_sector": np.array(INDUSTRIES, dtype=object)[index[1]],
            "year": QWI_YEARS[index[2]].astype("int64"),
            "quarter": (index[3] + 1).astype("int64"),
            "employment": employment.ravel(),
            "hires": hires.ravel(),
            "separations": separations.ravel(),
            "turnover_rate": np.where(turnover_missing, np.nan, np.round(turnover, 4)).ravel(),
            "avg_monthly_earnings": np.where(earnings_missing, np.nan, np.round(earnings)).ravel(),
        }
    )


# --- Partnerships -------------------------------------------------------------------------------------------------
def _weighted_choice(rng: np.random.Generator, items: list, weights: np.ndarray, size: int) -> list:
    """Up to ``size`` distinct items drawn with probability proportional to the weights."""
    weights = np.asarray(weights, dtype=float)
    size = min(size, int((weights > 0).sum()))
    if size == 0:
        return []
    picked = rng.choice(len(items), size=size, replace=False, p=weights / weights.sum())
    return [items[k] for k in picked]


def _random_days(rng: np.random.Generator, start: np.datetime64, end: np.datetime64) -> np.datetime64:
    """A uniformly random day between two dates (inclusive)."""
    span = int((end - start).astype("timedelta64[D]").astype(int))
    return start + np.timedelta64(int(rng.integers(0, max(span, 0) + 1)), "D")


def _partnerships(
    rng: np.random.Generator,
    state: _State,
    regions: pd.DataFrame,
    region_counties: pd.DataFrame,
    industry: _Industry,
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
        served = _weighted_choice(rng, eligible, weights, n_counties)
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
    start = _random_days(rng, np.datetime64(low), np.datetime64(high))
    end = np.datetime64("NaT")
    if phase == "inactive":
        end = min(start + np.timedelta64(int(rng.integers(2 * 365, 10 * 365)), "D"), np.datetime64("2025-06-30"))
    return start, end


def _convener_name(rng: np.random.Generator, row, state: _State, regions: pd.DataFrame) -> str:
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


def _description(rng: np.random.Generator, row, counties_of: pd.DataFrame, state: _State) -> str:
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


# --- Employers and partners ---------------------------------------------------------------------------------------
def _employers(
    rng: np.random.Generator, state: _State, partnerships: pd.DataFrame, partnership_counties: pd.DataFrame
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
    ids = _unique_codes(rng, n, lambda r, m: np.char.add("UI", r.integers(1_000_000, 9_999_999, m).astype(str)))
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


def _unique_codes(rng: np.random.Generator, n: int, make) -> np.ndarray:
    """``n`` distinct codes from ``make(rng, m)``, redrawing collisions (deterministic for a seed)."""
    codes_out = np.asarray(make(rng, n), dtype=object)
    while True:
        _, first = np.unique(codes_out, return_index=True)
        duplicate = np.ones(n, dtype=bool)
        duplicate[first] = False
        if not duplicate.any():
            return codes_out
        codes_out[duplicate] = np.asarray(make(rng, int(duplicate.sum())), dtype=object)


def _opaque_ids(rng: np.random.Generator, n: int, length: int = 10) -> np.ndarray:
    """``n`` distinct opaque identifiers of Crockford base32 characters, e.g. "X7Q2M9K4TB"."""

    def make(r: np.random.Generator, m: int) -> np.ndarray:
        letters = ID_ALPHABET[r.integers(0, ID_ALPHABET.size, (m, length))]
        return np.array(["".join(row) for row in letters], dtype=object)

    return _unique_codes(rng, n, make)


def _partners(
    rng: np.random.Generator,
    state: _State,
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


def _grants(rng: np.random.Generator, partnerships: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
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
            start = _random_days(rng, p_start + np.timedelta64(180, "D"), min(p_end, last_start))
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


# --- Participants and wage records --------------------------------------------------------------------------------
def _sample_rows(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One category index per row of a (n, k) probability matrix."""
    cumulative = np.cumsum(probabilities, axis=1)
    cumulative /= cumulative[:, -1:]
    return np.minimum((rng.random(len(probabilities))[:, None] > cumulative).sum(axis=1), probabilities.shape[1] - 1)


def _standardise(values: np.ndarray) -> np.ndarray:
    """(x - mean) / sd, ignoring NaN."""
    return (values - np.nanmean(values)) / np.nanstd(values)


def _threshold(score: np.ndarray, calibrate: np.ndarray, share: float) -> np.ndarray:
    """True where the score is in the top ``share`` of the calibration group (so its share is exact there)."""
    cut = np.quantile(score[calibrate], 1.0 - share)
    return score > cut


def _participants(
    rng: np.random.Generator, state: _State, partnerships: pd.DataFrame, partnership_counties: pd.DataFrame,
    scale: int = 1,
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Participants who exited 2015-2025 (and a few still enrolled), with outcomes calibrated to DESIGN section 5.

    ``scale`` times the demo's numbers of people (see ``generate_demo_tables``).

    Also marks the few poorly performing partnerships in ``partnerships["sim_poor"]`` (the employer surveys use it).
    """
    sector_index = {s.code: k for k, s in enumerate(SECTORS)}
    p_sector = partnerships["sector_code"].map(sector_index).to_numpy()
    p_start = partnerships["start_date"].to_numpy().astype("datetime64[D]")
    p_end = partnerships["end_date"].to_numpy().astype("datetime64[D]")
    p_end = np.where(np.isnat(p_end), AS_OF, p_end)
    phase = partnerships["phase"].to_numpy()

    # Exits: partnerships past planning, between 90 days after their start and their end.
    low = np.maximum(p_start + np.timedelta64(90, "D"), FIRST_EXIT)
    high = np.minimum(p_end, AS_OF)
    span = (high - low).astype(int)
    size = rng.lognormal(0.0, 0.6, len(partnerships)) * np.clip(span, 0, None) * (phase != "planning")
    size[span < 120] = 0.0
    n_exited, n_enrolled = (N_PARTICIPANTS - N_STILL_ENROLLED) * scale, N_STILL_ENROLLED * scale
    exited_counts = rng.multinomial(n_exited, size / size.sum())
    open_now = (phase != "planning") & (phase != "inactive")
    enrolled_counts = rng.multinomial(n_enrolled, open_now * size / (open_now * size).sum())
    # A handful of sizeable partnerships do poorly.
    sizeable = np.nonzero(exited_counts >= 80 * scale)[0]
    poor = rng.choice(sizeable, size=min(N_POOR_PARTNERSHIPS, sizeable.size), replace=False)
    partnerships.loc[partnerships.index[poor], "sim_poor"] = True
    effect = partnerships["sim_effect"].to_numpy().copy()
    sector_gain = np.array([s.gain_effect for s in SECTORS])[p_sector]
    effect[poor] = -(TARGET_WAGE_GAIN_USD + sector_gain[poor]) + rng.uniform(-0.6, 0.0, poor.size)

    p_of = np.concatenate([np.repeat(np.arange(len(partnerships)), exited_counts),
                           np.repeat(np.arange(len(partnerships)), enrolled_counts)])  # fmt: skip
    still = np.concatenate([np.zeros(n_exited, dtype=bool), np.ones(n_enrolled, dtype=bool)])
    n = p_of.size
    sector_k = p_sector[p_of]
    mix = np.array([s.training_mix for s in SECTORS])
    training = _sample_rows(rng, mix[sector_k])
    low_days = np.array([TRAINING_DAYS[t][0] for t in codes.TRAINING_TYPES])[training]
    high_days = np.array([TRAINING_DAYS[t][1] for t in codes.TRAINING_TYPES])[training]
    duration = (low_days + rng.random(n) * (high_days - low_days)).astype(int).astype("timedelta64[D]")
    exit_day = low[p_of] + (rng.random(n) * span[p_of].clip(0)).astype(int).astype("timedelta64[D]")
    enrol_day = np.maximum(exit_day - duration, p_start[p_of])
    late_start = np.datetime64("2025-03-01")
    enrol_still = np.maximum(late_start, p_start[p_of]) + (rng.random(n) * 280).astype(int).astype("timedelta64[D]")
    enrol_day = np.where(still, np.minimum(enrol_still, AS_OF - np.timedelta64(14, "D")), enrol_day)
    exit_day = np.where(still, np.datetime64("NaT"), exit_day)

    # Residence: mostly a county the partnership serves, else a neighbouring one.
    county = np.empty(n, dtype=object)
    served = {p: g["county_fips"].tolist() for p, g in partnership_counties.groupby("partnership_id")}
    for k, pid in enumerate(partnerships["partnership_id"]):
        rows = np.nonzero(p_of == k)[0]
        if rows.size == 0:
            continue
        options = served[pid]
        weights = np.array([state.population[state.index(c)] for c in options]) ** 0.8
        picked = rng.choice(len(options), size=rows.size, p=weights / weights.sum())
        county[rows] = np.array(options, dtype=object)[picked]
        neighbours = sorted({nb for c in options for nb in state.adjacency[c]} - set(options))
        away = rows[rng.random(rows.size) < 0.15]
        if neighbours and away.size:
            county[away] = np.array(neighbours, dtype=object)[rng.integers(0, len(neighbours), away.size)]
    county[rng.random(n) < 0.005] = None
    county_k = np.array([state.index(c) if c is not None else -1 for c in county])

    # Demographics.
    female = np.array([s.female_share for s in SECTORS])[sector_k]
    gender_p = np.stack([female, 0.97 - female, np.full(n, 0.01), np.full(n, 0.02)], axis=1)
    gender = np.array(codes.GENDERS, dtype=object)[_sample_rows(rng, gender_p)]
    urban = np.where(county_k >= 0, state.urbanity[county_k], 0.4)
    hispanic = 0.05 + 0.10 * urban
    hispanic[np.isin(county, ["42077", "42011"])] = 0.25
    black = 0.04 + 0.36 * urban**2
    asian = 0.015 + 0.04 * urban
    race_p = np.stack(
        [hispanic, 1 - hispanic - black - asian - 0.056, black, asian, np.full(n, 0.004), np.full(n, 0.002),
         np.full(n, 0.03), np.full(n, 0.02)], axis=1
    )  # fmt: skip
    race = np.array(codes.RACE_ETHNICITIES, dtype=object)[_sample_rows(rng, race_p)]
    age_k = rng.choice(len(codes.AGE_BANDS), size=n, p=AGE_SHARES)
    age = np.array(codes.AGE_BANDS, dtype=object)[age_k]

    # Completion and credentials.
    complete_p = np.clip(TRAINING_COMPLETION[training] + 0.03 * effect[p_of] - 0.15 * np.isin(p_of, poor), 0.4, 0.97)
    completed = (rng.random(n) < complete_p) & ~still
    credential_p = np.where(completed, TRAINING_CREDENTIAL[training], 0.03)
    credential = (rng.random(n) < credential_p) & ~still

    # Wages: before, and after for completers we could follow up.
    exit_year = np.where(still, 2025, exit_day.astype("datetime64[Y]").astype(int) + 1970)
    county_wage = np.where(county_k >= 0, 0.85 + 0.3 * urban, 1.0)
    incumbent = codes.TRAINING_TYPES.index("incumbent worker")
    pre_wage = (
        np.array([s.pre_wage for s in SECTORS])[sector_k]
        * 1.03 ** (exit_year - 2015)
        * county_wage**0.5
        * np.where(training == incumbent, 1.12, 1.0)
        * rng.lognormal(0, 0.18, n)
    )
    pre_wage = np.clip(pre_wage, 9.0, 45.0)
    county_effect = rng.normal(0, 0.35, state.fips.size)
    year_effect = {2020: -0.5, 2021: 0.2, 2022: 0.4, 2023: 0.4}
    gain = (
        TARGET_WAGE_GAIN_USD
        + sector_gain[p_of]
        + effect[p_of]
        + np.where(county_k >= 0, county_effect[county_k], 0.0)
        + np.array([year_effect.get(int(y), 0.03 * (int(y) - 2019)) for y in exit_year])
        + TRAINING_GAIN[training]
        + AGE_GAIN[age_k]
        - 0.40 * (gender == "female")
        - 0.25 * (race == "Black or African American")
        - 0.20 * (race == "Hispanic or Latino")
        + rng.normal(0, 1.6, n)
    )
    followed = completed & (rng.random(n) >= 0.07)
    pre_known = rng.random(n) >= 0.05
    both = followed & pre_known
    pre_wage = np.round(pre_wage, 2)
    post_wage = pre_wage + gain
    for _ in range(4):  # calibrate the mean gain of completers with both wages; post never below $7.25
        post_wage = np.round(np.maximum(post_wage, 7.25), 2)
        post_wage += TARGET_WAGE_GAIN_USD - (post_wage[both] - pre_wage[both]).mean()
    post_wage = np.round(np.maximum(post_wage, 7.25), 2)
    realised_gain = post_wage - pre_wage

    # Benefits and poverty before/after, exact on the calibration group (completers followed up).
    benefit = np.array([s.benefit_effect for s in SECTORS])[sector_k]
    z_pre, z_gain, z_post = _standardise(pre_wage), _standardise(realised_gain), _standardise(post_wage)
    p_effect = effect[p_of] / PARTNERSHIP_EFFECT_SD
    trend = YEAR_TREND_PER_YEAR * (exit_year - 2020)
    poverty_score = -z_pre + 0.3 * (age_k == 0) + rng.normal(0, 1.0, n)
    poverty_before = _threshold(poverty_score, followed, TARGET_BELOW_POVERTY[0])
    poverty_after = _threshold(
        0.7 * poverty_score - 0.9 * z_gain - 0.2 * p_effect - trend + rng.normal(0, 0.6, n), followed,
        TARGET_BELOW_POVERTY[1],
    )  # fmt: skip
    insurance_score = 0.8 * z_pre + benefit + rng.normal(0, 1.0, n)
    insurance_before = _threshold(insurance_score, followed, TARGET_HEALTH_INSURANCE[0])
    insurance_after = _threshold(
        0.5 * insurance_score + 0.8 * z_post + benefit + 0.3 * p_effect + trend + rng.normal(0, 0.7, n),
        followed, TARGET_HEALTH_INSURANCE[1],
    )  # fmt: skip
    sick_score = 0.6 * z_pre + benefit + rng.normal(0, 1.0, n)
    sick_before = _threshold(sick_score, followed, TARGET_PAID_SICK_LEAVE[0])
    sick_after = _threshold(
        0.5 * sick_score + 0.7 * z_post + benefit + 0.3 * p_effect + trend + rng.normal(0, 0.7, n),
        followed, TARGET_PAID_SICK_LEAVE[1],
    )  # fmt: skip

    def optional(values: np.ndarray, known: np.ndarray) -> pd.Series:
        return pd.Series(pd.array(np.where(known, values, False), dtype="boolean")).where(known, pd.NA)

    before_known = rng.random(n) >= 0.03
    after_known = followed & (rng.random(n) >= 0.03)
    in_sector = rng.random(n) < np.where(followed, np.clip(0.78 + 0.04 * p_effect, 0.4, 0.95), 0.25)
    in_sector_known = followed | (~completed & ~still & (rng.random(n) < 0.6))
    ids = _opaque_ids(rng, n)
    order = np.lexsort((ids, enrol_day))
    participants = pd.DataFrame(
        {
            "participant_id": ids,
            "partnership_id": partnerships["partnership_id"].to_numpy()[p_of],
            "county_fips": county,
            "enrolled_on": pd.to_datetime(enrol_day),
            "exited_on": pd.to_datetime(exit_day),
            "completed": completed.astype(bool),
            "credential_earned": credential.astype(bool),
            "training_type": np.array(codes.TRAINING_TYPES, dtype=object)[training],
            "gender": gender,
            "race_ethnicity": race,
            "age_band": age,
            "pre_hourly_wage": np.where(pre_known, pre_wage, np.nan),
            "post_hourly_wage": np.where(both | (followed & ~pre_known), post_wage, np.nan),
            "employed_in_sector": optional(in_sector, in_sector_known),
            "below_poverty_before": optional(poverty_before, before_known),
            "below_poverty_after": optional(poverty_after, after_known),
            "health_insurance_before": optional(insurance_before, before_known),
            "health_insurance_after": optional(insurance_after, after_known),
            "paid_sick_leave_before": optional(sick_before, before_known),
            "paid_sick_leave_after": optional(sick_after, after_known),
        }
    )
    wage_inputs = {
        "pre_wage": pre_wage,
        "post_wage": np.where(followed, post_wage, pre_wage * rng.uniform(0.98, 1.1, n)),
        "followed": followed,
        "completed": completed,
        "still": still,
        "training": training,
        "in_sector": in_sector & followed,
        "p_of": p_of,
    }
    participants = participants.iloc[order].reset_index(drop=True)
    wage_inputs = {key: value[order] for key, value in wage_inputs.items()}
    return participants, wage_inputs


def _quarter_index(days: np.ndarray) -> np.ndarray:
    """year * 4 + (quarter - 1) of each date."""
    months = days.astype("datetime64[M]").astype(int)  # months since 1970-01
    return (months // 12 + 1970) * 4 + (months % 12) // 3


def _wage_records(
    rng: np.random.Generator,
    participants: pd.DataFrame,
    inputs: dict[str, np.ndarray],
    links: pd.DataFrame,
    partnerships: pd.DataFrame,
) -> pd.DataFrame:
    """Quarterly UI earnings from 4 quarters before enrolment to 4 after exit (to 2025 Q4), ~95% of participants."""
    n = len(participants)
    matched = rng.random(n) < 0.95
    enrol_q = _quarter_index(participants["enrolled_on"].to_numpy().astype("datetime64[D]"))
    exit_days = participants["exited_on"].to_numpy().astype("datetime64[D]")
    exit_q = np.where(inputs["still"], LAST_QUARTER, _quarter_index(np.where(np.isnat(exit_days), AS_OF, exit_days)))
    first = enrol_q - 4
    last = np.minimum(exit_q + 4, LAST_QUARTER)
    count = np.where(matched, last - first + 1, 0)
    person = np.repeat(np.arange(n), count)
    offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    quarter = first[person] + offset
    pre = quarter < enrol_q[person]
    during = (quarter >= enrol_q[person]) & (quarter <= exit_q[person])
    post = quarter > exit_q[person]

    training = inputs["training"][person]
    holds_job = np.isin(training, [codes.TRAINING_TYPES.index(t) for t in ("incumbent worker", "apprenticeship",
                                                                          "on-the-job")])  # fmt: skip
    p_pre = np.where(holds_job, 0.96, 0.72)
    p_during = np.where(holds_job, 0.96, 0.55)
    p_post = np.where(inputs["followed"][person], 0.88, np.where(inputs["completed"][person], 0.6, 0.55))
    p_post = np.where(quarter == exit_q[person] + 1, p_post - 0.06, p_post)
    employed = rng.random(person.size) < np.where(pre, p_pre, np.where(during, p_during, p_post))
    wage = np.where(post, inputs["post_wage"][person], inputs["pre_wage"][person])
    hours = np.where(rng.random(person.size) < 0.8, rng.uniform(420, 520, person.size),
                     rng.uniform(120, 420, person.size))  # fmt: skip
    hours = np.where(employed, np.round(hours), 0.0)
    earnings = np.round(wage * hours, 2)

    # Employers: one before, one after; after-training employers are often partnership employers.
    partner_employers = {p: g["employer_id"].to_numpy(dtype=object) for p, g in links.groupby("partnership_id")}
    ids = partnerships["partnership_id"].to_numpy()
    before_employer = np.char.add("UI", rng.integers(1_000_000, 9_999_999, n).astype(str)).astype(object)
    after_employer = np.char.add("UI", rng.integers(1_000_000, 9_999_999, n).astype(str)).astype(object)
    for k in np.nonzero(inputs["in_sector"] & (rng.random(n) < 0.5))[0]:
        options = partner_employers.get(ids[inputs["p_of"][k]])
        if options is not None and len(options):
            after_employer[k] = options[int(rng.integers(len(options)))]
    incumbent = training == codes.TRAINING_TYPES.index("incumbent worker")
    employer = np.where(post & ~incumbent, after_employer[person], before_employer[person])
    employer = np.where(employed, employer, None)
    return pd.DataFrame(
        {
            "participant_id": participants["participant_id"].to_numpy()[person],
            "year": (quarter // 4).astype("int64"),
            "quarter": (quarter % 4 + 1).astype("int64"),
            "employer_id": employer,
            "earnings_usd": earnings.astype("float64"),
            "hours": hours.astype("float64"),
        }
    )


def _wioa_fields(
    rng: np.random.Generator, participants: pd.DataFrame, wage_records: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The optional fields the WIOA indicators use, filled plausibly.

    About 1.5% of exiters leave for a reason that excludes them (foster care only among 16-24-year-olds); a tenth of
    occupational skills trainees are in customized training; credentials are dated (most near the exit, a quarter
    later, some of them more than a year after exit, which WIOA does not count); most people in longer training get
    a dated skill gain; a third of the people without any wage record have supplemental wage information; and 6% of
    people with wage records hold a second job after exit (a second employer account that stays with them). Drawn
    after those: 60% of people with a gain and at least 300 days of training get a second, later gain; half of the
    16-24-year-olds were served as youth, and a quarter of youth exiters are in education or training in the 2nd
    (22% in the 4th) quarter after exit.
    """
    people = participants.copy()
    n = len(people)
    exited = people["exited_on"].notna().to_numpy()
    enrolled = people["enrolled_on"].to_numpy().astype("datetime64[D]")
    exit_day = people["exited_on"].to_numpy().astype("datetime64[D]")
    youth = (people["age_band"] == "16-24").to_numpy()

    reasons = np.array([None, *codes.EXIT_EXCLUSION_REASONS], dtype=object)
    shares = np.array([0.985, 0.004, 0.005, 0.002, 0.002, 0.002])
    reason = reasons[_sample_rows(rng, np.tile(shares, (n, 1)))]
    reason[(reason == codes.EXIT_FOSTER_CARE) & ~youth] = None
    reason[~exited] = None
    people["exit_exclusion_reason"] = reason

    occupational = (people["training_type"] == "occupational skills").to_numpy()
    people["is_customized_training"] = pd.array(occupational & (rng.random(n) < 0.10), dtype="boolean")

    earned = people["credential_earned"].to_numpy() & exited
    near_exit = exit_day - rng.integers(0, 30, n).astype("timedelta64[D]")
    later = exit_day + rng.integers(15, 500, n).astype("timedelta64[D]")
    is_later = (rng.random(n) < 0.25) | ~people["completed"].to_numpy()
    credential_on = np.where(is_later, later, near_exit)
    credential_on = np.clip(credential_on, enrolled, AS_OF)
    people["credential_on"] = pd.to_datetime(np.where(earned, credential_on, np.datetime64("NaT")))

    until = np.where(exited, exit_day, AS_OF)
    length = (until - enrolled).astype(int)
    gains = (length >= 45) & (rng.random(n) < np.where(people["completed"].to_numpy() | ~exited, 0.85, 0.4))
    gain_day = enrolled + (30 + rng.random(n) * np.clip(length - 30, 0, None)).astype(int).astype("timedelta64[D]")
    people["skill_gain_on"] = pd.to_datetime(np.where(gains, np.minimum(gain_day, until), np.datetime64("NaT")))

    matched = people["participant_id"].isin(wage_records["participant_id"]).to_numpy()
    followed = exited & ~matched & (rng.random(n) < 0.35)
    q2 = followed & (rng.random(n) < 0.65)
    q4 = followed & (rng.random(n) < 0.62)
    wage = people["post_hourly_wage"].fillna(people["pre_hourly_wage"]).fillna(15.0).to_numpy()
    people["employed_q2_supplemental"] = pd.array(np.where(followed, q2, False), dtype="boolean")
    people.loc[~followed, "employed_q2_supplemental"] = pd.NA
    people["employed_q4_supplemental"] = pd.array(np.where(followed, q4, False), dtype="boolean")
    people.loc[~followed, "employed_q4_supplemental"] = pd.NA
    people["earnings_q2_supplemental"] = np.where(q2, np.round(wage * rng.uniform(380, 500, n), 2), np.nan)

    records = wage_records.copy()
    second_job = dict(zip(people["participant_id"], exited & matched & (rng.random(n) < 0.06), strict=True))
    account = dict(zip(people["participant_id"],
                       np.char.add("UI", rng.integers(1_000_000, 9_999_999, n).astype(str)), strict=True))
    exit_quarter = dict(zip(people["participant_id"],
                            _quarter_index(np.where(exited, exit_day, AS_OF)), strict=True))
    quarter = records["year"].to_numpy() * 4 + records["quarter"].to_numpy() - 1
    ids = records["participant_id"].to_numpy()
    after = quarter > np.array([exit_quarter[i] for i in ids])
    holds = np.array([second_job[i] for i in ids]) & after & (records["earnings_usd"].to_numpy() > 0)
    records["other_employer_ids"] = [[account[i]] if h else None for i, h in zip(ids, holds, strict=True)]

    # Drawn last, so every field above stays as it was: a second skill gain for long training, and the youth fields.
    first_gain = people["skill_gain_on"].to_numpy().astype("datetime64[D]")
    again = gains & (length >= 300) & (rng.random(n) < 0.6)
    second_gain = first_gain + (60 + rng.random(n) * np.clip((until - first_gain).astype(int) - 60, 0, None)).astype(
        int).astype("timedelta64[D]")
    again &= second_gain <= until
    people["skill_gain_on"] = [
        None if pd.isna(one) else sorted({pd.Timestamp(one), pd.Timestamp(two)}) if twice else [pd.Timestamp(one)]
        for one, two, twice in zip(first_gain, second_gain, again, strict=True)]
    is_youth = youth & (rng.random(n) < 0.5)
    people["is_youth"] = pd.array(is_youth, dtype="boolean")
    for column, share in (("in_education_q2", 0.25), ("in_education_q4", 0.22)):
        values = pd.array(rng.random(n) < share, dtype="boolean")
        values[~(is_youth & exited)] = pd.NA
        people[column] = values
    return people, records


# --- Employer surveys ---------------------------------------------------------------------------------------------
def _employer_surveys(
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
    reduced_turnover = _threshold(improvement, everyone, TARGET_REDUCED_TURNOVER)
    after = np.clip(before * np.exp(-0.25 * reduced_turnover - 0.05 + rng.normal(0, 0.08, n)), 0.02, 0.95)
    reduced_rework = _threshold(0.5 * improvement + rng.normal(0, 1.0, n), everyone, TARGET_REDUCED_REWORK)
    reduced_complaints = _threshold(0.5 * improvement + rng.normal(0, 1.0, n), everyone, TARGET_REDUCED_COMPLAINTS)
    valuable = _threshold(0.5 * improvement - 2.0 * poor + rng.normal(0, 1.0, n), everyone,
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


# --- Stories and systems change -----------------------------------------------------------------------------------
def _stories(
    rng: np.random.Generator,
    state: _State,
    partnerships: pd.DataFrame,
    partnership_counties: pd.DataFrame,
    participants: pd.DataFrame,
) -> pd.DataFrame:
    """Synthetic testimonials from graduates, employers and instructors; about 30% without public consent."""
    sizes = participants["partnership_id"].value_counts()
    pool = partnerships[partnerships["partnership_id"].isin(sizes.index)]
    weights = sizes.reindex(pool["partnership_id"]).to_numpy(dtype=float) ** 0.5
    chosen = rng.choice(len(pool), size=N_STORIES, p=weights / weights.sum())
    county_of = {p: g["county_fips"].tolist() for p, g in partnership_counties.groupby("partnership_id")}
    graduate_quotes = (
        "Before the {program} program I was working two part-time jobs. Now I have one full-time job with benefits.",
        "The instructors knew exactly what employers were looking for, and I was hired before I finished.",
        "I never thought I'd have a credential. The {program} course gave me a career, not just a job.",
        "Childcare support made it possible for me to finish the {program} training.",
        "My pay went up and I finally have paid sick days.",
    )
    employer_quotes = (
        "Hiring from the {program} program cut our turnover noticeably in the first year.",
        "We designed the {program} curriculum together with the college, so graduates are ready on day one.",
        "Sitting at one table with our competitors felt odd at first; now we solve the same hiring problems together.",
        "The partnership saved us months of recruiting for {program} positions.",
    )
    instructor_quotes = (
        "Employers review our {program} curriculum every year, so what we teach matches the jobs.",
        "Our {program} graduates now have a clear next step on the career ladder.",
    )
    rows = []
    for k, index in enumerate(chosen):
        row = pool.iloc[int(index)]
        sector = next(s for s in SECTORS if s.code == row["sector_code"])
        program = sector.programs[int(rng.integers(len(sector.programs)))]
        county_name = state.names[state.index(county_of[row["partnership_id"]][0])]
        speaker = rng.choice(3, p=[0.55, 0.33, 0.12])
        if speaker == 0:
            quote = graduate_quotes[int(rng.integers(len(graduate_quotes)))]
            attribution = f"Graduate, {program} program"
        elif speaker == 1:
            quote = employer_quotes[int(rng.integers(len(employer_quotes)))]
            role = sector.employer_roles[int(rng.integers(len(sector.employer_roles)))]
            kind = sector.employer_kinds[int(rng.integers(len(sector.employer_kinds)))]
            attribution = f"{role}, a {county_name} County {kind}"
        else:
            quote = instructor_quotes[int(rng.integers(len(instructor_quotes)))]
            attribution = f"Instructor, {program} program"
        rows.append((f"S{k + 1:03d}", row["partnership_id"], quote.format(program=program), attribution, True))
    stories = pd.DataFrame(rows, columns=["story_id", "partnership_id", "quote", "attribution", "consent_public"])
    private = rng.choice(len(stories), size=round(0.30 * len(stories)), replace=False)
    stories.loc[stories.index[private], "consent_public"] = False  # about 30% never leave staff pages
    stories["consent_public"] = stories["consent_public"].astype(bool)
    return stories


def _system_changes(
    rng: np.random.Generator,
    state: _State,
    partnerships: pd.DataFrame,
    partnership_counties: pd.DataFrame,
    partners: pd.DataFrame,
) -> pd.DataFrame:
    """Dated systems changes across every category, one sentence each."""
    pool = partnerships[partnerships["phase"] != "planning"].reset_index(drop=True)
    weights = np.where(pool["phase"] == "sustaining", 2.0, 1.0)
    chosen = rng.choice(len(pool), size=N_SYSTEM_CHANGES, p=weights / weights.sum())
    county_of = {p: g["county_fips"].tolist() for p, g in partnership_counties.groupby("partnership_id")}
    colleges = {p: g["organization"].tolist() for p, g in partners[partners["partner_type"] == "postsecondary"]
                .groupby("partnership_id")}  # fmt: skip
    templates = {
        "new or changed education program": (
            "{college} launched a {program} certificate designed with partnership employers.",
            "{college} added evening and weekend sections of its {program} course at employers' request.",
        ),
        "employer HR practice": (
            "Partner employers replaced degree requirements with skills-based hiring for {program} roles.",
            "Partner employers introduced paid training time and a wage step for {program} credentials.",
        ),
        "public policy": (
            "{county} County's workforce board added {program} to its list of in-demand occupations.",
            "The state approved the {program} course as eligible for individual training accounts.",
        ),
        "career pathway": (
            "Partners mapped a {program} career pathway with stackable credentials and named next jobs.",
            "A registered {program} apprenticeship now leads into the college's associate degree.",
        ),
        "funding alignment": (
            "The workforce board aligned part of its training budget with the partnership's {program} priorities.",
            "Employers and the county pooled funds for {program} training of incumbent workers.",
        ),
        "shared services": (
            "Employers set up a shared {program} recruitment and assessment center in {county} County.",
            "Partner employers share one {program} instructor and training lab.",
        ),
    }
    categories = list(codes.SYSTEM_CHANGE_CATEGORIES)
    category_k = rng.permutation(np.resize(np.arange(len(categories)), N_SYSTEM_CHANGES))
    rows = []
    for k, (index, c) in enumerate(zip(chosen, category_k, strict=True)):
        row = pool.iloc[int(index)]
        sector = next(s for s in SECTORS if s.code == row["sector_code"])
        start = np.datetime64(row["start_date"].date()) + np.timedelta64(180, "D")
        end = np.datetime64(row["end_date"].date()) if pd.notna(row["end_date"]) else AS_OF
        when = _random_days(rng, start, max(end, start))
        options = templates[categories[c]]
        college = colleges.get(row["partnership_id"], ["The local community college"])
        text = options[int(rng.integers(len(options)))].format(
            program=sector.programs[int(rng.integers(len(sector.programs)))],
            college=college[int(rng.integers(len(college)))],
            county=state.names[state.index(county_of[row["partnership_id"]][0])],
        )
        rows.append((f"C{k + 1:03d}", row["partnership_id"], min(when, AS_OF), categories[c], text))
    changes = pd.DataFrame(rows, columns=["change_id", "partnership_id", "changed_on", "category", "description"])
    changes["changed_on"] = pd.to_datetime(changes["changed_on"].to_numpy(dtype="datetime64[D]"))
    return changes.sort_values(["changed_on", "change_id"], ignore_index=True)
