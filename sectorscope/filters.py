"""The view selection (sectors, regions, counties, years, partnership): parsed from and written to URL parameters.

Pure functions: the Streamlit side (widgets, session state) lives in ``sectorscope.ui.filters``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from sectorscope import codes
from sectorscope.words import year_span

# the parameters of the selection, which ``to_query_params`` writes
SELECTION_PARAMETERS = ("sector", "region", "county", "years", "partnership")
# the tab chosen on a page whose sections are tabs, read and written by that tab bar (``ui.render.render_lazy_tabs``)
TAB_PARAMETER = "tab"
# the Worker page's counting basis where it is not the default ("counted=served": everyone trained by partnerships
# serving the counties chosen), read and written by that page
BASIS_PARAMETER = "counted"
KNOWN_PARAMETERS = (*SELECTION_PARAMETERS, TAB_PARAMETER, BASIS_PARAMETER)
# link parameters a page owns (``ui.menu.PageEntry.parameters``) and the values each takes: another page, or
# another value, is said and ignored as an unknown parameter is
PAGE_PARAMETER_VALUES = {BASIS_PARAMETER: ("served",)}
# ASCII digits only: fullwidth or Arabic-Indic digits are refused as malformed, not read as years.
_YEARS = re.compile(r"^\s*([0-9]{4})\s*(?:-\s*([0-9]{4}))?\s*$", re.ASCII)
# Why a ratio of grant dollars to people counts fewer years than those chosen (``FilterOptions.exits_note``)
YEARS_WITH_EXITS = "the years with exits on record"
EXITS, SURVEYS = "exits", "surveys"  # the records a view's years are said with (``years_in_words``)


@dataclass(frozen=True)
class FilterOptions:
    """What can be chosen: codes in display order, each region's counties, the year range of the data."""

    sector_codes: tuple[str, ...]
    region_counties: Mapping[str, tuple[str, ...]]
    county_fips: tuple[str, ...]
    first_year: int
    last_year: int
    partnership_ids: tuple[str, ...] = ()
    exit_years: tuple[int, int] | None = None  # first and last year with an exit on record (None: no exit)
    survey_years: tuple[int, int] | None = None  # first and last survey year on record (None: no survey)
    # does any program record carry a date? (a registry without dates gets a placeholder year range, or the labour
    # market tables' years, which are no partnership's: its views then say "no dated records")
    dated: bool = True
    labour_market_dated: bool = True  # do the years come from dated records of any kind (QCEW, QWI among them)?

    def for_labour_market(self) -> FilterOptions:
        """These options for a page of the labour market tables (Industry): their years are its years."""
        return replace(self, dated=self.labour_market_dated)

    def ratio_years(self, selection: Selection) -> tuple[int, int]:
        """The years a ratio of grant dollars to people counts (grants started, people exited): the chosen years
        within the exits on record. The years offered run from the first grant or partnership, and the grants of
        years without any exit on record were divided by people who exited in others (the demo's whole range read
        $3,828 per participant where its years with exits give $2,068). The chosen years themselves where they lie
        within the exits on record, hold none of them, or no exit is on record."""
        chosen = (selection.year_from, selection.year_to)
        if self.exit_years is None:
            return chosen
        first, last = max(selection.year_from, self.exit_years[0]), min(selection.year_to, self.exit_years[1])
        return (first, last) if first <= last else chosen

    def exits_note(self, selection: Selection) -> str:
        """Where the chosen years reach past the exits on record, what a ratio of grant dollars to people then
        rests on: " · grants and exits of 2015–2025, the years with exits on record" (``ratio_years``), or, with
        no year of exits among them, " · exits on record 2015–2025, grants counted 2005–2010"; empty where they
        lie within."""
        if self.exit_years is None:
            return ""
        first, last = self.exit_years
        if selection.year_from >= first and selection.year_to <= last:
            return ""
        counted = self.counted_years_text(selection)
        if counted:
            return f" · grants and exits of {counted}, {YEARS_WITH_EXITS}"
        return f" · exits on record {first}–{last}, grants counted {selection.years_text}"

    def counted_years_text(self, selection: Selection) -> str:
        """``ratio_years`` in words ("2015–2025") where they are fewer than the chosen years; "" otherwise."""
        return records_within(selection, self.exit_years)

    def no_exits_on_record(self, selection: Selection) -> str:
        """When the chosen years hold no year with an exit on record (before the first or after the last): what to
        say instead of counting 0 people ("Exits on record run 2015–2025"); empty otherwise, and with no exit at
        all (then nothing is loaded, said elsewhere)."""
        return _outside("Exits", self.exit_years, selection)

    def surveys_counted_note(self, selection: Selection) -> str:
        """Beside a view's employer figures, where the chosen years reach past the surveys on record and hold some:
        the years they rest on, "Employer figures: surveys of 2012–2013, the years chosen holding surveys on
        record." (the view's years are said with its exits, "2005–2025 (exits 2015–2025)", over employers surveyed
        from 2012: an auditor); "" otherwise."""
        held = self.counted_survey_years(selection)
        return f"Employer figures: surveys of {held}, the years chosen holding surveys on record." if held else ""

    def counted_survey_years(self, selection: Selection) -> str:
        """The years of surveys on record within the chosen ones, in words, where they are fewer ("2012–2013" of
        2008–2013); "" otherwise."""
        return records_within(selection, self.survey_years)

    def no_surveys_on_record(self, selection: Selection) -> str:
        """The same for employer surveys: "Surveys on record run 2016–2025" when the chosen years hold none."""
        return _outside("Surveys", self.survey_years, selection)


@dataclass(frozen=True)
class Selection:
    """What the user chose. Empty tuples mean "all"."""

    sector_codes: tuple[str, ...] = ()
    region_ids: tuple[str, ...] = ()
    county_fips: tuple[str, ...] = ()
    year_from: int = 0
    year_to: int = 9999
    partnership_id: str | None = None
    notices: tuple[str, ...] = field(default=(), compare=False)

    @property
    def years_text(self) -> str:
        """The years in words as every title, caption and footer says them: "2024", or "2019–2021" (never
        "2024–2024")."""
        return year_span(self.year_from, self.year_to)

    @property
    def whole_state(self) -> bool:
        """Every sector and every county (any years): what a state's own published count compares with."""
        return not self.sector_codes and not self.county_fips and not self.region_ids

    def query_parameters(self) -> dict[str, object]:
        """Values to bind in SQL as ``$sector_codes``, ``$county_fips``, ``$year_from``, ``$year_to``."""
        return {
            "sector_codes": list(self.sector_codes),
            "county_fips": list(self.county_fips),
            "year_from": self.year_from,
            "year_to": self.year_to,
        }


def _outside(records: str, span: tuple[int, int] | None, selection: Selection) -> str:
    """"<records> on record run <first>–<last>" when the selection's years lie wholly outside ``span``, else ""."""
    if span is None:
        return ""
    first, last = span
    return f"{records} on record run {first}–{last}" if selection.year_to < first or selection.year_from > last else ""


def filter_options_from(sectors: pd.DataFrame, regions: pd.DataFrame, counties: pd.DataFrame,
                        years: pd.Series, choices: pd.DataFrame) -> FilterOptions:
    """The filter options from the ``sectors``, ``regions``, ``state_counties``, ``year_range`` (its one row) and
    ``partnership_choices`` queries; one place for the pages and the exports. Without any dated row the years are
    2015 to 2015, a placeholder the views never name (``dated`` False: "no dated records"); so are the labour
    market tables' years where no program record is dated (``program_first_year`` empty), but on their own page
    (``FilterOptions.for_labour_market``)."""
    first = int(years["first_year"]) if pd.notna(years["first_year"]) else 2015
    last = int(years["last_year"]) if pd.notna(years["last_year"]) else first
    exits = (int(years["first_exit_year"]), int(years["last_exit_year"])) if pd.notna(
        years.get("first_exit_year")) else None
    surveys = (int(years["first_survey_year"]), int(years["last_survey_year"])) if pd.notna(
        years.get("first_survey_year")) else None
    return FilterOptions(
        sector_codes=tuple(sectors["sector_code"]),
        region_counties={row.region_id: tuple(row.county_fips) for row in regions.itertuples()},
        county_fips=tuple(counties["county_fips"]),
        first_year=first,
        last_year=last,
        partnership_ids=tuple(choices["partnership_id"]),
        exit_years=exits,
        survey_years=surveys,
        dated=pd.notna(years.get("program_first_year", years["first_year"])),
        labour_market_dated=pd.notna(years["first_year"]),
    )


def counties_of_regions(region_ids: Sequence[str], options: FilterOptions) -> tuple[str, ...]:
    """The counties of the given regions, in the state's county order, each once."""
    wanted = {county for region in region_ids for county in options.region_counties.get(region, ())}
    return tuple(county for county in options.county_fips if county in wanted)


def regions_covering(county_fips: Sequence[str], options: FilterOptions) -> tuple[str, ...]:
    """The regions whose counties together are exactly ``county_fips`` (empty when no such set exists)."""
    chosen = set(county_fips)
    if not chosen:
        return ()
    inside = [region for region, counties in options.region_counties.items() if set(counties) <= chosen]
    covered = {county for region in inside for county in options.region_counties[region]}
    return tuple(inside) if covered == chosen else ()


def _listed(values: Sequence[str], shown: int = 3) -> str:
    """'a', 'b', 'c' and 4 more: a few values quoted (each cut to 40 characters), the rest counted."""
    quoted = ", ".join(repr(value[:40]) for value in values[:shown])
    return quoted + (f" and {len(values) - shown:,} more" if len(values) > shown else "")


def _keep_known(values: Sequence[str], allowed: Sequence[str], label: str, notices: list[str],
                refused: bool = False) -> tuple[str, ...]:
    """The allowed values, each once, in the link's order; one notice for all unknown values, one for repeats
    (worded as refusals with ``refused``, see ``parse_query_params``)."""
    allowed_set = set(allowed)
    kept: list[str] = []
    unknown: list[str] = []
    repeated: list[str] = []
    for value in values:
        value = value.strip()
        if value not in allowed_set:
            unknown.append(value)
        elif value in kept:
            repeated.append(value)
        else:
            kept.append(value)
    if unknown:
        plural = f"{label}s" if len(unknown) > 1 else label
        # codes are told apart by case; one typed in another ("p005") is asked about, never read as the one allowed
        # code it matches (a link to one not offered here would show another: a reviewer), and only among the codes
        # offered, so a public page names no other (``partnership=p005`` read only "unknown": a convener)
        by_case: dict[str, list[str]] = {}
        for code in allowed:
            by_case.setdefault(code.casefold(), []).append(code)
        meant = [by_case[value.casefold()][0] for value in unknown if len(by_case.get(value.casefold(), ())) == 1]
        asked = f" (codes are told apart by case: {_listed(meant)}?)" if meant else ""
        notices.append(f"Unknown {plural} {_listed(unknown)}{asked}" if refused else
                       f"Ignored unknown {plural} {_listed(unknown)} in the link{asked}.")
    if repeated:
        notices.append(f"{label.capitalize()} {_listed(sorted(set(repeated)))} given more than once" if refused else
                       f"The link repeats {label} {_listed(sorted(set(repeated)))}; each is used once.")
    return tuple(kept)


def _single(params: Mapping[str, Sequence[str]], name: str, notices: list[str], refused: bool = False) -> str | None:
    """The value of a parameter that takes one value; when the link repeats it, the last one, with a notice."""
    values = list(params.get(name, ()))
    if len(values) > 1:
        notices.append(f"{name.capitalize()} given {len(values):,} times" if refused else
                       f"The link gives {name} {len(values):,} times; used the last one ({values[-1][:40]!r}).")
    return values[-1] if values else None


def parse_query_params(params: Mapping[str, Sequence[str]], options: FilterOptions, *,
                       refused: bool = False) -> Selection:
    """Selection from URL parameters. Every change to what the link says comes with a notice: unknown names (one
    notice for all of them), unknown, repeated or malformed values, a swapped or clamped year range, a region
    that contradicts the counties.

    A page shows what it did instead ("Ignored unknown partnership 'XYZ' in the link."); with ``refused``, for a
    command that writes nothing when anything had to change (``python -m sectorscope export``), each notice says what
    was wrong ("Unknown partnership 'XYZ'"), the selection being the same."""
    notices: list[str] = []
    unknown = [name for name in params if name not in KNOWN_PARAMETERS]
    if len(unknown) == 1:
        notices.append(f"Unknown parameter {_listed(unknown)}" if refused else
                       f"Ignored unknown link parameter {_listed(unknown)}.")
    elif unknown:
        notices.append(f"{len(unknown):,} unknown parameters {_listed(unknown)}" if refused else
                       f"Ignored {len(unknown):,} unknown link parameters {_listed(unknown)}.")
    sectors = _keep_known(params.get("sector", ()), options.sector_codes, "sector", notices, refused)
    regions = _keep_known(params.get("region", ()), tuple(options.region_counties), "region", notices, refused)
    counties = _keep_known(params.get("county", ()), options.county_fips, "county", notices, refused)
    if regions and not counties:
        counties = counties_of_regions(regions, options)
    elif regions and set(counties) != set(counties_of_regions(regions, options)):
        notices.append(f"Region {_listed(list(regions))} does not match the counties given" if refused else
                       f"The link's region {_listed(list(regions))} does not match its counties; "
                       "the counties are used.")
        regions = ()
    year_from, year_to = options.first_year, options.last_year
    years = _single(params, "years", notices, refused)
    if years is not None:
        match = _YEARS.match(years)
        if match:
            low = int(match.group(1))
            high = int(match.group(2) or low)
            if low > high:
                low, high = high, low
                notices.append(f"Years {high}-{low} run backwards (the first year comes first: {low}-{high})"
                               if refused else
                               f"Years in the link were swapped to {low}-{high} (the first year comes first).")
            year_from = min(max(low, options.first_year), options.last_year)
            year_to = max(min(high, options.last_year), year_from)
            if (low, high) != (year_from, year_to):
                # the data's range, then what is shown of it ("limited to the data's range 2025-2025" named neither)
                kept = year_span(year_from, year_to)
                # "the data's years 2016-2016" read oddly for one year loaded: "the data's year 2016"
                loaded = year_span(options.first_year, options.last_year)
                data_years = f"the data's {'year' if options.first_year == options.last_year else 'years'} {loaded}"
                notices.append(f"Years {low}-{high} reach beyond {data_years} (the nearest within them: {kept})"
                               if refused else f"Years in the link reach beyond {data_years}: showing {kept}.")
        else:
            notices.append(f"Malformed years {years[:40]!r} (use e.g. 2016-2020)" if refused else
                           f"Ignored malformed years {years[:40]!r} in the link (use e.g. 2016-2020).")
    partnership = None
    chosen = _single(params, "partnership", notices, refused)
    if chosen is not None:
        kept = _keep_known([chosen], options.partnership_ids, "partnership", notices, refused)
        partnership = kept[0] if kept else None
    return Selection(sectors, regions, counties, year_from, year_to, partnership, tuple(notices))


def to_query_params(selection: Selection, options: FilterOptions) -> dict[str, list[str]]:
    """URL parameters that reproduce ``selection`` (defaults left out, regions instead of their counties)."""
    params: dict[str, list[str]] = {}
    if selection.sector_codes:
        params["sector"] = list(selection.sector_codes)
    if selection.region_ids and set(counties_of_regions(selection.region_ids, options)) == set(selection.county_fips):
        params["region"] = list(selection.region_ids)
    elif selection.county_fips:
        params["county"] = list(selection.county_fips)
    if (selection.year_from, selection.year_to) != (options.first_year, options.last_year):
        # one year as one ("years=2024": "2024-2024" named every deck and CSV of it "...-2024-2024")
        params["years"] = [str(selection.year_from) if selection.year_from == selection.year_to
                           else f"{selection.year_from}-{selection.year_to}"]
    if selection.partnership_id:
        params["partnership"] = [selection.partnership_id]
    return params


def county_labels(counties: pd.DataFrame, state_fips: str) -> dict[str, str]:
    """Each county's name as the pages write it, by FIPS (``counties``: county_fips, state_fips and county_name, as
    the query ``state_counties`` gives them): its name ("York County") in the state ``state_fips`` the data is about,
    and with its state's postal code in another ("Chemung County (NY)"), so that two Washington counties can be told
    apart."""
    other_state = counties["state_fips"].ne(state_fips)
    postal = counties["state_fips"].map(lambda code: codes.state_postal(code) or code)
    names = counties["county_name"].where(~other_state, counties["county_name"] + " (" + postal + ")")
    return dict(zip(counties["county_fips"], names, strict=True))


def bare_county_names(names: list[str]) -> tuple[list[str], str]:
    """Names of counties (each with its kind, as ``counties`` holds them) to list under one word: where all are
    counties, the names without "County" and "County" (one) or "counties" ("Lancaster", "York"; "counties");
    otherwise the names as they are and no word ("Baltimore County", "Baltimore city")."""
    if names and all(name.endswith(" County") for name in names):
        return [name.removesuffix(" County") for name in names], "County" if len(names) == 1 else "counties"
    return list(names), ""


def describe_selection(selection: Selection, options: FilterOptions, sector_names: Mapping[str, str],
                       county_names: Mapping[str, str], region_names: Mapping[str, str] | None = None,
                       in_full: bool | None = None, records: str = EXITS) -> str:
    """One line saying what the view covers, e.g. "Healthcare · Lancaster, York counties · 2016-2020". With
    ``region_names`` the regions by name ("Lancaster Region (8 counties in all)"), else counted ("1 region (8
    counties in all)"); ``in_full`` (by default when ``region_names`` are given: a file's Selection column, which
    has room) every name, else three and "and 2 more"; its years with the ``records`` held in them
    (``years_in_words``)."""
    in_full = region_names is not None if in_full is None else in_full

    def listed(names: list[str], everything: str, unit: str = "") -> str:
        if not names:
            return everything
        shown = ", ".join(names) if in_full else (
            ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else ""))
        return f"{shown} {unit}" if unit else shown

    sectors = listed([sector_names.get(code, code) for code in selection.sector_codes], "All sectors")
    if selection.region_ids:
        regions, counties = len(selection.region_ids), len(selection.county_fips)
        named = (listed([region_names.get(region, region) for region in selection.region_ids], "")
                 if region_names else "")
        # the regions' counties in brackets: "Westmoreland Region, Philadelphia Region, 13 counties" read as two
        # regions and 13 more counties (a name says "Region" itself)
        places = ((named or f"{regions} region{'' if regions == 1 else 's'}")
                  + f" ({counties} count{'y' if counties == 1 else 'ies'} in all)")
    else:
        names, word = bare_county_names([county_names.get(f, f) for f in selection.county_fips])
        places = listed(names, "all counties", word)
    return f"{sectors} · {places} · {years_in_words(selection, options, records)}"


# What the years read as when no record is dated: the year range is a placeholder, never a claim ("2015" on every
# footer of a registry without dates)
UNDATED = "no dated records"


def years_in_words(selection: Selection, options: FilterOptions, records: str = EXITS) -> str:
    """The selection's years as views say them (``Selection.years_text``), or ``UNDATED`` when nothing is dated;
    where they reach past the years holding the view's ``records`` (``EXITS``, ``SURVEYS``; "" for none: the
    labour market's pages) and hold some, those after them: "2005–2025 (exits 2015–2025)", as the public handouts
    say "all years (exits 2015–2025)" (a staffer would have quoted "17,700 exiters, 2005–2025" of exits from 2015)."""
    if not options.dated:
        return UNDATED
    span = {EXITS: options.exit_years, SURVEYS: options.survey_years}.get(records)
    held = records_within(selection, span)
    return selection.years_text + (f" ({records} {held})" if held else "")


def records_within(selection: Selection, span: tuple[int, int] | None) -> str:
    """The years of ``span`` (first and last year holding records) within the selection's, in words, where they are
    fewer than the selection's and there are some ("2015–2025" of 2005–2025); "" otherwise."""
    if span is None:
        return ""
    first, last = max(selection.year_from, span[0]), min(selection.year_to, span[1])
    if first > last or (first, last) == (selection.year_from, selection.year_to):
        return ""
    return year_span(first, last)


# The public release's own parameters (one place, sector and year each) and the staff pages' others
RELEASE_PARAMETERS = ("county", "region", "sector", "year")


def one_year_of(years: str | None) -> str | None:
    """The year a staff link's ``years`` names where it names one ("2024" or "2024-2024"), which the public release
    reads as its ``year``; None for a range or none."""
    first, _, last = (years or "").partition("-")
    return first if first and (not last or last == first) else None


def release_parameter_notices(asked: Mapping[str, Sequence[str]], applied: Mapping[str, str],
                              shown: Mapping[str, str]) -> list[str]:
    """What a public page's link asked for and does not show, each said once (``parse_query_params`` does this for
    the staff pages): ``asked`` the link's parameters (name: values), ``applied`` those the page shows (the release's
    ``county`` or ``region``, ``sector``, ``year``; absent where all), ``shown`` what it shows instead per
    parameter in words ("the whole state", "all sectors", "all years"). A staff link's ``years=2019-2021`` (the
    release gives one year at a time) and ``partnership=`` were dropped without a word, and ``year=2030`` showed all
    years as if it were 2030's."""
    notices = []
    for name, values in asked.items():
        one_year = one_year_of(values[0]) if name == "years" and len(values) == 1 and "year" not in asked else None
        if one_year is not None and applied.get("year") == one_year:
            continue  # one year, shown as the release's year (it said "not applied ... one year at a time": a staffer)
        if one_year is not None:  # one year the release has no figures of here: not "one year at a time"
            notices.append(f"years={values[0]}: not among the public figures' choices here; showing {shown['year']}.")
        elif name == "years":
            notices.append(f"years={values[0] if len(values) == 1 else ','.join(values)} is not applied: the public "
                           f"figures give one year at a time (Year), or all years together; showing {shown['year']}.")
        elif name == "partnership":
            notices.append(f"partnership={values[0]} is not applied on this page: add present=1 to the link for "
                           "that partnership's public slides.")
        elif name in (TAB_PARAMETER, *PAGE_PARAMETER_VALUES):  # a staff page's own: dropped without a word
            notices.append(f"{name}={','.join(values)} is not applied on this page.")
        elif name in RELEASE_PARAMETERS and (len(values) != 1 or applied.get(name) != values[0]):
            what = "place" if name in ("county", "region") else name
            asked_text = "&".join(f"{name}={value}" for value in values)
            reason = "one at a time" if len(values) > 1 else "not among the public figures' choices here"
            notices.append(f"{asked_text}: {reason}; showing {shown[what]}.")
    return notices
