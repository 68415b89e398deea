"""Code lists of the data model: the values a column may hold, and their labels.

The validating loader checks coded columns against these lists; the data dictionary shows them.
"""

from __future__ import annotations

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
# 2; PIRL 923 "other reasons for exit"). Foster care applies to youth only (the 16-24 age band here).
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

# The NGA evaluation framework's categories, plus "impact on community" as the fifth.
NGA_CATEGORIES: tuple[str, ...] = (
    "Impact on workers",
    "Impact on employers",
    "Partnership effectiveness",
    "Systems change",
    "Impact on community",
)
