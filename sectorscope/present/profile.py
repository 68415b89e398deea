"""A partnership described in one line, as its profile, its title slide and its presentation say it.

The registry's convener, convener type, phase, region and dates are optional: an empty one reads "not stated",
never "None" (a deck's title slide read "convened by None (None) · None").
"""

from __future__ import annotations

from collections.abc import Mapping

from sectorscope.present.availability import NOT_STATED
from sectorscope.present.formatting import format_counted, is_missing


def _is_true(value: object) -> bool:
    """A flag read from a query: True only when present and true (a missing flag is not a yes)."""
    return not is_missing(value) and bool(value)


def _stated(value: object) -> str | None:
    """The registry's value as text, or None where the registry left it empty."""
    return None if is_missing(value) or str(value).strip() == "" else str(value)


def partnership_line(row: Mapping[str, object], *, bold: bool = False, counties: str | None = None) -> str:
    """"<sector> · convened by <convener> (<type>) · phase <phase> · <region> · since <Month YYYY>[, ended ...]",
    each empty registry field said as "not stated" (no region: "no region"); ``counties`` (``counties_served``)
    is added at the end when given. ``bold`` puts the values in Markdown bold, as the profile page shows them."""
    def strong(text: str) -> str:
        return f"**{text}**" if bold else text

    convener, convener_type = _stated(row.get("convener_name")), _stated(row.get("convener_type"))
    phase, region = _stated(row.get("phase")), _stated(row.get("region_name"))
    started, ended = row.get("start_date"), row.get("end_date")
    parts = [
        strong(str(row["sector_name"])),
        # "convened by not stated" read as a convener's name
        (f"convened by {strong(convener)}" if convener else f"convener {strong(NOT_STATED)}")
        + (f" ({convener_type})" if convener_type else ""),
        f"phase {strong(phase or NOT_STATED)}",
        region or "no region",
        (f"since {started:%B %Y}" if not is_missing(started) else "start date not stated")
        + (f", ended {ended:%B %Y}" if not is_missing(ended) else ""),
    ]
    return " · ".join([*parts, counties] if counties else parts)


def counties_served(county_fips: object, counties_loaded: bool, by_region: object = False) -> str:
    """"serves 3 counties" (its own, or ``by_region`` its region's: "serves 2 counties (its region's)"), or why
    the number is unknown: the state's partnership_counties were never loaded, or this partnership's counties are
    not stated (never "serves 0 counties" beside a card saying "Not stated")."""
    served = 0 if is_missing(county_fips) else len(county_fips)  # type: ignore[arg-type]
    if served:  # its own counties, or its region's (``partnership_served_counties``)
        return f"serves {format_counted(served, 'county', 'counties')}" + (
            " (its region's)" if _is_true(by_region) else "")
    return "counties served not loaded" if not counties_loaded else f"counties served {NOT_STATED}"


def served_counties_line(profile: Mapping[str, object], county_names: Mapping[str, str]) -> str:
    """"Counties served: Adams County, York County", named; a partnership that lists no county of its own serves
    its region's (``partnership_served_counties``), said so; none at all: "not stated" (never an empty list)."""
    fips = [] if is_missing(profile.get("county_fips")) else list(profile["county_fips"])  # type: ignore[arg-type]
    if not fips:
        return f"Counties served: {NOT_STATED}"
    names = ", ".join(county_names.get(code, code) for code in fips)
    if _is_true(profile.get("served_by_region")):
        return f"Counties served (its region's: it lists no county of its own): {names}"
    return f"Counties served: {names}"
