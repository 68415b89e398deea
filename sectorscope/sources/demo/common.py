"""What every table family of the demo shares: the calibration near the published references, the shape of
the synthetic state (sizes, sector profiles, shares), the real geography it is drawn on, and small random helpers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sectorscope import references
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
class DemoState:
    """The real geography the demo is drawn on."""

    fips: np.ndarray  # county FIPS, sorted
    names: np.ndarray
    population: np.ndarray
    urbanity: np.ndarray  # 0 (small rural) .. 1 (largest city)
    adjacency: dict[str, frozenset[str]]

    def index(self, county: str) -> int:
        """Position of a county in the arrays."""
        return int(np.searchsorted(self.fips, county))


# --- Geography ----------------------------------------------------------------------------------------------------
def load_state() -> DemoState:
    """Pennsylvania's counties (names from the Census shapes), populations and adjacency."""
    shapes = geo.load_county_shapes(STATE_FIPS)
    fips = shapes["county_fips"].to_numpy(dtype=object)
    population = np.array([PA_POPULATION[code] for code in fips], dtype=float)
    urbanity = np.clip((np.log10(population) - 4.6) / (6.2 - 4.6), 0.0, 1.0)
    return DemoState(
        fips=fips,
        names=shapes["county_name"].to_numpy(dtype=object),
        population=population,
        urbanity=urbanity,
        adjacency=geo.county_adjacency(shapes),
    )


# --- Partnerships -------------------------------------------------------------------------------------------------
def weighted_choice(rng: np.random.Generator, items: list, weights: np.ndarray, size: int) -> list:
    """Up to ``size`` distinct items drawn with probability proportional to the weights."""
    weights = np.asarray(weights, dtype=float)
    size = min(size, int((weights > 0).sum()))
    if size == 0:
        return []
    picked = rng.choice(len(items), size=size, replace=False, p=weights / weights.sum())
    return [items[k] for k in picked]


def random_days(rng: np.random.Generator, start: np.datetime64, end: np.datetime64) -> np.datetime64:
    """A uniformly random day between two dates (inclusive)."""
    span = int((end - start).astype("timedelta64[D]").astype(int))
    return start + np.timedelta64(int(rng.integers(0, max(span, 0) + 1)), "D")


def unique_codes(rng: np.random.Generator, n: int, make) -> np.ndarray:
    """``n`` distinct codes from ``make(rng, m)``, redrawing collisions (deterministic for a seed)."""
    codes_out = np.asarray(make(rng, n), dtype=object)
    while True:
        _, first = np.unique(codes_out, return_index=True)
        duplicate = np.ones(n, dtype=bool)
        duplicate[first] = False
        if not duplicate.any():
            return codes_out
        codes_out[duplicate] = np.asarray(make(rng, int(duplicate.sum())), dtype=object)


def opaque_ids(rng: np.random.Generator, n: int, length: int = 10) -> np.ndarray:
    """``n`` distinct opaque identifiers of Crockford base32 characters, e.g. "X7Q2M9K4TB"."""

    def make(r: np.random.Generator, m: int) -> np.ndarray:
        letters = ID_ALPHABET[r.integers(0, ID_ALPHABET.size, (m, length))]
        return np.array(["".join(row) for row in letters], dtype=object)

    return unique_codes(rng, n, make)


def sample_rows(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One category index per row of a (n, k) probability matrix."""
    cumulative = np.cumsum(probabilities, axis=1)
    cumulative /= cumulative[:, -1:]
    return np.minimum((rng.random(len(probabilities))[:, None] > cumulative).sum(axis=1), probabilities.shape[1] - 1)


def standardise(values: np.ndarray) -> np.ndarray:
    """(x - mean) / sd, ignoring NaN."""
    return (values - np.nanmean(values)) / np.nanstd(values)


def in_top_share(score: np.ndarray, calibrate: np.ndarray, share: float) -> np.ndarray:
    """True where the score is in the top ``share`` of the calibration group (so its share is exact there)."""
    cut = np.quantile(score[calibrate], 1.0 - share)
    return score > cut


