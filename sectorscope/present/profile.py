"""A partnership described in one line, as its profile, its title slide and its presentation say it.

The registry's convener, convener type, phase, region and dates are optional: an empty one reads "not stated",
never "None" (a deck's title slide read "convened by None (None) · None").
"""

from __future__ import annotations

from collections.abc import Mapping

from sectorscope.present.availability import NOT_STATED
from sectorscope.present.formatting import format_counted, is_missing


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
        f"convened by {strong(convener or NOT_STATED)}" + (f" ({convener_type})" if convener_type else ""),
        f"phase {strong(phase or NOT_STATED)}",
        region or "no region",
        (f"since {started:%B %Y}" if not is_missing(started) else "start date not stated")
        + (f", ended {ended:%B %Y}" if not is_missing(ended) else ""),
    ]
    return " · ".join([*parts, counties] if counties else parts)


def counties_served(county_fips: object, counties_loaded: bool) -> str:
    """"serves 3 counties", or why the number is unknown: the state's partnership_counties were never loaded, or
    this partnership's counties are not stated (never "serves 0 counties" beside a card saying "Not stated")."""
    if not counties_loaded:
        return "counties served not loaded"
    served = 0 if is_missing(county_fips) else len(county_fips)  # type: ignore[arg-type]
    return f"serves {format_counted(served, 'county', 'counties')}" if served else f"counties served {NOT_STATED}"
