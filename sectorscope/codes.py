"""Code lists of the data model: the values a column may hold, and their labels.

The validating loader checks coded columns against these lists; the data dictionary shows them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

CONVENER_TYPES: tuple[str, ...] = (
    "workforce board",
    "community college",
    "community-based organization",
    "chamber of commerce",
    "labor organization",
    "industry association",
    "economic development organization",
)

PHASES: tuple[str, ...] = ("planning", "implementation", "sustaining", "inactive")

PARTNER_TYPES: tuple[str, ...] = (
    "employer",
    "employer association",
    "K-12",
    "postsecondary",
    "workforce development",
    "economic development",
    "labor organization",
    "community organization",
    "social services",
    "local government",
    "philanthropy",
)

GRANT_TYPES: tuple[str, ...] = ("planning", "implementation", "other")

FUNDING_SOURCES: tuple[str, ...] = ("state", "federal", "private", "philanthropic", "employer match")

SYSTEM_CHANGE_CATEGORIES: tuple[str, ...] = (
    "new or changed education program",
    "employer HR practice",
    "public policy",
    "career pathway",
    "funding alignment",
    "shared services",
)

TRAINING_TYPES: tuple[str, ...] = (
    "pre-employment",
    "occupational skills",
    "apprenticeship",
    "incumbent worker",
    "on-the-job",
)

GENDERS: tuple[str, ...] = ("female", "male", "another gender", "not reported")

RACE_ETHNICITIES: tuple[str, ...] = (
    "Hispanic or Latino",
    "White",
    "Black or African American",
    "Asian",
    "American Indian or Alaska Native",
    "Native Hawaiian or Pacific Islander",
    "Two or more races",
    "not reported",
)

AGE_BANDS: tuple[str, ...] = ("16-24", "25-34", "35-44", "45-54", "55+")

SIZE_CLASSES: tuple[str, ...] = ("1-9", "10-49", "50-249", "250-999", "1000+")

REGION_TYPES: tuple[str, ...] = (
    "workforce development area",
    "labor market region",
    "economic development region",
)

QWI_AREA_TYPES: tuple[str, ...] = ("county", "metro")

# Reasons for exit that take a person out of the WIOA primary indicators (U.S. DOL TEGL 10-16 Change 1, Attachment
# 2; PIRL 923 "other reasons for exit"). Foster care applies to WIOA youth only (is_youth: Table B of the guidance).
EXIT_INSTITUTIONALIZED = "institutionalized"
EXIT_HEALTH_MEDICAL = "health/medical"
EXIT_DECEASED = "deceased"
EXIT_RESERVE_CALL_UP = "reserve or National Guard call-up"
EXIT_FOSTER_CARE = "foster care (youth)"
EXIT_EXCLUSION_REASONS: tuple[str, ...] = (
    EXIT_INSTITUTIONALIZED,
    EXIT_HEALTH_MEDICAL,
    EXIT_DECEASED,
    EXIT_RESERVE_CALL_UP,
    EXIT_FOSTER_CARE,
)

# Coded columns, per table: the loader rejects any other value (empty stays allowed where the column is optional).
CODED_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "regions": {"region_type": REGION_TYPES},
    "partnerships": {"convener_type": CONVENER_TYPES, "phase": PHASES},
    "partners": {"partner_type": PARTNER_TYPES},
    "grants": {"grant_type": GRANT_TYPES, "funding_source": FUNDING_SOURCES},
    "system_changes": {"category": SYSTEM_CHANGE_CATEGORIES},
    "participants": {
        "training_type": TRAINING_TYPES,
        "gender": GENDERS,
        "race_ethnicity": RACE_ETHNICITIES,
        "age_band": AGE_BANDS,
        "exit_exclusion_reason": EXIT_EXCLUSION_REASONS,
    },
    "employers": {"size_class": SIZE_CLASSES},
    "qwi": {"area_type": QWI_AREA_TYPES},
}



@dataclass(frozen=True)
class Sector:
    """A sector of the standard list: code, name, the NAICS codes or prefixes it covers, other names for it."""

    code: str
    name: str
    naics_prefixes: tuple[str, ...]
    aliases: tuple[str, ...] = ()


# The standard sector list: the template sectors.csv comes filled with it, and partnerships whose sector is given as
# a NAICS code or a name are read against it (after the state's own sectors). Codes match the demo's.
SECTORS: tuple[Sector, ...] = (
    Sector("HLTH", "Healthcare", ("62",), ("health care", "health", "health care and social assistance")),
    Sector("MFG", "Advanced Manufacturing", ("31-33",), ("manufacturing",)),
    Sector("CONS", "Construction", ("23",), ("building trades", "skilled trades")),
    Sector("ENRG", "Energy", ("22", "211"), ("utilities", "energy and utilities")),
    Sector("IT", "Information Technology", ("51", "5415"), ("information", "technology", "tech")),
    Sector("TDL", "Transportation & Logistics", ("48-49",), ("transportation", "logistics",
                                                           "transportation and warehousing")),
    Sector("AGRI", "Agriculture & Food Processing", ("11", "311"), ("agriculture", "food processing",
                                                                    "agriculture forestry fishing and hunting")),
    Sector("HOSP", "Hospitality & Tourism", ("72",), ("hospitality", "tourism", "leisure and hospitality",
                                                      "accommodation and food services")),
    Sector("FIN", "Financial Services", ("52",), ("finance", "finance and insurance", "banking")),
    Sector("RETL", "Retail", ("44-45",), ("retail trade",)),
    Sector("BSVC", "Business & Support Services", ("56",), ("administrative and support services",
                                                           "administrative and support and waste management")),
    Sector("PROF", "Professional Services", ("54",), ("professional scientific and technical services",)),
    Sector("EDUC", "Education", ("61",), ("educational services",)),
)


def sector_key(text: str) -> str:
    """Comparable form of a sector name: lower case, '&', '/', ',' and 'and' as spaces, single spaces."""
    words = re.sub(r"[&/,;+\-]|\band\b", " ", str(text).lower())
    return " ".join(words.split())


def _naics_covers(prefix: str, naics: str) -> int:
    """How specifically ``prefix`` ("62", "5415" or a range "31-33") covers the NAICS code ``naics``: the length of
    the prefix matched, 0 when it does not cover it."""
    if "-" in prefix:
        low, high = prefix.split("-", 1)
        if "-" in naics:  # a range given as a range covers only itself
            return 2 if naics == prefix else 0
        return 2 if len(naics) >= 2 and low <= naics[:2] <= high else 0
    return len(prefix) if naics.startswith(prefix) else 0


def resolve_sector(value: str, sectors: Iterable[tuple[str, str, tuple[str, ...]]] = ()) -> str | None:
    """The sector code a value stands for, or None.

    The value may be a sector code (any case), a NAICS code of 2 to 6 digits or a NAICS range such as 31-33 (the
    sector whose NAICS prefix covers it most specifically: 311 is Agriculture & Food Processing, 332710
    Manufacturing), or a sector name or other name ("Healthcare", "agriculture / food processing"). ``sectors``
    (code, name, NAICS prefixes) are searched first, then the standard list ``SECTORS``.

    >>> resolve_sector("622110")
    'HLTH'
    >>> resolve_sector("Agriculture / food processing")
    'AGRI'
    """
    text = str(value).strip()
    candidates = [*sectors, *((s.code, s.name, s.naics_prefixes) for s in SECTORS)]
    for code, _, _ in candidates:
        if text.lower() == str(code).lower():
            return code
    if re.fullmatch(r"\d{2,6}|\d{2}-\d{2}", text):
        best, best_length = None, 0
        for code, _, prefixes in candidates:
            for prefix in prefixes or ():
                length = _naics_covers(str(prefix), text)
                if length > best_length:
                    best, best_length = code, length
        return best
    key = sector_key(text)
    aliases = {s.code: s.aliases for s in SECTORS}
    for code, name, _ in candidates:
        if key in {sector_key(name), *(sector_key(alias) for alias in aliases.get(code, ()))}:
            return code
    return None


# States, DC and Puerto Rico: postal code -> (FIPS, name), as QCEW area codes use them (SS000 = the state).
STATES: dict[str, tuple[str, str]] = {
    "AL": ("01", "Alabama"), "AK": ("02", "Alaska"), "AZ": ("04", "Arizona"), "AR": ("05", "Arkansas"),
    "CA": ("06", "California"), "CO": ("08", "Colorado"), "CT": ("09", "Connecticut"), "DE": ("10", "Delaware"),
    "DC": ("11", "District of Columbia"), "FL": ("12", "Florida"), "GA": ("13", "Georgia"), "HI": ("15", "Hawaii"),
    "ID": ("16", "Idaho"), "IL": ("17", "Illinois"), "IN": ("18", "Indiana"), "IA": ("19", "Iowa"),
    "KS": ("20", "Kansas"), "KY": ("21", "Kentucky"), "LA": ("22", "Louisiana"), "ME": ("23", "Maine"),
    "MD": ("24", "Maryland"), "MA": ("25", "Massachusetts"), "MI": ("26", "Michigan"), "MN": ("27", "Minnesota"),
    "MS": ("28", "Mississippi"), "MO": ("29", "Missouri"), "MT": ("30", "Montana"), "NE": ("31", "Nebraska"),
    "NV": ("32", "Nevada"), "NH": ("33", "New Hampshire"), "NJ": ("34", "New Jersey"), "NM": ("35", "New Mexico"),
    "NY": ("36", "New York"), "NC": ("37", "North Carolina"), "ND": ("38", "North Dakota"), "OH": ("39", "Ohio"),
    "OK": ("40", "Oklahoma"), "OR": ("41", "Oregon"), "PA": ("42", "Pennsylvania"), "RI": ("44", "Rhode Island"),
    "SC": ("45", "South Carolina"), "SD": ("46", "South Dakota"), "TN": ("47", "Tennessee"), "TX": ("48", "Texas"),
    "UT": ("49", "Utah"), "VT": ("50", "Vermont"), "VA": ("51", "Virginia"), "WA": ("53", "Washington"),
    "WV": ("54", "West Virginia"), "WI": ("55", "Wisconsin"), "WY": ("56", "Wyoming"), "PR": ("72", "Puerto Rico"),
}  # fmt: skip


UNKNOWN_STATE = "the state"  # where no county loaded tells which state the data is about


def known_state(state_fips: object) -> str | None:
    """A state code as read from a query: the 2-digit text, or None where none is known (never the text "None",
    which a title once read: "Sector partnerships in None")."""
    if state_fips is None or (isinstance(state_fips, float) and state_fips != state_fips):  # None or NaN
        return None
    return str(state_fips)


def state_name(state_fips: str | None) -> str:
    """The state's name from its 2-digit FIPS code ('42' -> 'Pennsylvania'); the code itself if not a state's;
    "the state" when no state is known (a title read "Sector partnerships in None")."""
    if state_fips is None or str(state_fips).strip() == "":
        return UNKNOWN_STATE
    return next((name for fips, name in STATES.values() if fips == state_fips), state_fips)


def state_title(state_fips: str | None, is_demo: bool) -> str:
    """The state as a public title names it: ``state_name``, or on the synthetic demo "the demo state (on
    Pennsylvania's counties)": "Sector partnerships in Pennsylvania" stood over made-up figures (a reviewer)."""
    name = state_name(state_fips)
    return f"the demo state (on {name}'s counties)" if is_demo and name != UNKNOWN_STATE else (
        "the demo state" if is_demo else name)


def state_said(state_fips: str | None, is_demo: bool, county_fips: Iterable[str] = ()) -> str:
    """The state a real state's pages, decks and one-pagers name beside a place or a view ("Colorado"); "" on the
    demo (its notice says whose counties it borrows), for a state not known, or where a county chosen
    (``county_fips``) is another state's (Laramie County, Wyoming, in a Colorado region is no Colorado county). A
    staff deck of Colorado named no state anywhere, and a one-pager of "Adams County" (12 states have one) none
    either (a Colorado analyst)."""
    if is_demo or not any(fips == state_fips for fips, _ in STATES.values()):
        return ""
    return "" if any(not str(county).startswith(str(state_fips)) for county in county_fips) else state_name(state_fips)


def state_postal(state_fips: str) -> str | None:
    """The state's postal code from its 2-digit FIPS code ('08' -> 'CO'); None if unknown."""
    return next((postal for postal, (fips, _) in STATES.items() if fips == state_fips), None)
