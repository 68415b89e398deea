"""A partnership described in one line, as its profile, its title slide and its presentation say it.

The registry's convener, convener type, phase, region and dates are optional: an empty one reads "not stated",
never "None" (a deck's title slide read "convened by None (None) · None").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from sectorscope.present.availability import NOT_STATED
from sectorscope.present.formatting import format_counted, is_missing, year_span
from sectorscope.present.tables import active_outside_records


def _is_true(value: object) -> bool:
    """A flag read from a query: True only when present and true (a missing flag is not a yes)."""
    return not is_missing(value) and bool(value)


def _stated(value: object) -> str | None:
    """The registry's value as text, or None where the registry left it empty."""
    return None if is_missing(value) or str(value).strip() == "" else str(value)


def partnership_line(row: Mapping[str, object], *, bold: bool = False, counties: str | None = None) -> str:
    """"<sector> · convened by <convener> (<type>) · <phase> phase · <region> · since <Month YYYY>[, ended ...]",
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
        # "implementation phase", as said aloud ("phase implementation" on a title slide: a convener); "inactive"
        # is no phase's name
        (f"phase {strong(NOT_STATED)}" if not phase else strong(phase) if phase == "inactive"
         else f"{strong(phase)} phase"),
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


def years_active(row: Mapping[str, object]) -> str:
    """A partnership's years from its registry dates: "2008–2011", "since 2025", "until 2011", "dates not stated"."""
    start, end = row.get("start_date"), row.get("end_date")
    first = None if is_missing(start) else pd.Timestamp(start).year
    last = None if is_missing(end) else pd.Timestamp(end).year
    if first and last:
        return year_span(first, last)
    return f"since {first}" if first else f"until {last}" if last else "dates not stated"


def own_years_note(row: Mapping[str, object], year_from: int, year_to: int) -> str:
    """" · active 2008–2011" (" · active 2011 only") where the partnership's registry dates (``row``'s start and
    end) cut the years chosen short, " · active since 2019" where it started within them and has no end date, else
    "": a new partnership's title slide said the default 2005–2025, as if it had run since 2005 (a convener), and
    one started in 2017 with no end read "active 2017 only" in years ending 2017 (a staffer). Nothing where its
    dates are not stated or it was active in none of the years (its report says so instead)."""
    start, end = row.get("start_date"), row.get("end_date")
    first = year_from if is_missing(start) else max(pd.Timestamp(start).year, year_from)
    last = year_to if is_missing(end) else min(pd.Timestamp(end).year, year_to)
    if (first, last) == (year_from, year_to) or first > last:
        return ""
    if is_missing(end):  # still active: its last year is the years chosen's, not its own
        return f" · active since {first}"
    return f" · active {year_span(first, last)}" + (" only" if first == last else "")


def outside_records_note(row: Mapping[str, object], records: str, on_record: tuple[int, int] | None,
                         years: tuple[int, int] = (0, 9999), lead: str | None = None) -> str:
    """"exits on record run 2015–2025; active 2005–2009" where the partnership's years (``row``'s start and end
    dates) within ``years`` hold no year of ``on_record`` (the first and last year of its ``records``, "exits" or
    "surveys"), by the directory's rule (``tables.active_outside_records``); "" otherwise, and where its dates are
    not stated."""
    if on_record is None:
        return ""
    dates = pd.DataFrame({"start_date": [row.get("start_date")], "end_date": [row.get("end_date")]})
    if not bool(active_outside_records(dates, years, on_record).iloc[0]):
        return ""
    return f"{lead or records + ' on record run'} {year_span(*on_record)}; active {years_active(row)}"


def partly_outside_records_note(row: Mapping[str, object], records: str, on_record: tuple[int, int] | None,
                                years: tuple[int, int] = (0, 9999)) -> str:
    """"Exits on record run 2015–2025; active 2008–2016: its exits before 2015 are not on record" where the
    partnership's stated years (``row``'s start and end dates) within ``years`` reach before (or after) the years of
    its ``records`` on record ("exits", "surveys") and also meet them; "" otherwise (wholly outside them is
    ``outside_records_note``'s case; an unstated date reaches nowhere). P054, active 2008–2016, read "Participants
    who exited 14" as if 14 people were trained in 8 years, its exits of 2008–2014 never loaded (a convener)."""
    if on_record is None:
        return ""
    start, end = row.get("start_date"), row.get("end_date")
    first = None if is_missing(start) else max(pd.Timestamp(start).year, years[0])
    # an end ahead counts to this year: years to come are not missing from the records (a code reviewer)
    last = None if is_missing(end) else min(pd.Timestamp(end).year, years[1], dt.date.today().year)
    reach_from = first if first is not None else years[0]
    reach_to = last if last is not None else years[1]
    if reach_from > reach_to or reach_to < on_record[0] or reach_from > on_record[1]:
        return ""
    parts = ([f"before {on_record[0]}"] if first is not None and first < on_record[0] else []) + (
        [f"after {on_record[1]}"] if last is not None and last > on_record[1] else [])
    if not parts:
        return ""
    return (f"{records.capitalize()} on record run {year_span(*on_record)}; active {years_active(row)}: its "
            f"{records} {' and '.join(parts)} are not on record")


def in_training_note(row: Mapping[str, object]) -> str:
    """"12 in training now (enrolled, no exit yet)" where the partnership's profile row (``partnership_profile``)
    counts people enrolled with no exit on record; "" otherwise. Staff only: a count of a few people is no public
    figure. A new partnership's profile and deck read "None on record: no exiter" as if nobody were being trained
    (a convener)."""
    count = row.get("in_training")
    if count is None or pd.isna(count) or int(count) == 0:
        return ""
    return f"{int(count):,} in training now (enrolled, no exit yet)"


def no_exiter_note(row: Mapping[str, object], on_record: tuple[int, int] | None, years: tuple[int, int] = (0, 9999),
                   public: bool = False) -> str:
    """What a partnership's "no exiter on record" says beside it (``row``: its ``partnership_profile`` row): its
    years outside the exits on record (``outside_records_note``) and, for staff, its people in training
    (``in_training_note``), joined by "; " (the empty ones left out)."""
    notes = (outside_records_note(row, "exits", on_record, years), "" if public else in_training_note(row))
    return "; ".join(note for note in notes if note)


def is_not_public(row) -> bool:
    """Has this partnership (a directory or profile row) not agreed to be shown in public? An unstated
    ``is_public`` counts as not agreed, as the public release and public mode's queries read it."""
    value = row.get("is_public")
    return value is None or bool(pd.isna(value)) or not bool(value)
