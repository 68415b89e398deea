"""The public report: what a public deck, one-pager or presentation shows, read from the protected release only.

In public mode each covers exactly one cell of the release (one place: the state, a region or a county (a one-pager:
a county or region); one sector or all; one year or the whole period; or one public partnership), as the Showcase
does. Every figure comes from ``release_cells`` through the Showcase's own queries and card functions
(``release.story``), so the deck shows the Showcase's numbers; the partnerships listed and mapped come from the
public partnerships only. Nothing here reads participants, wage records, employers or employer surveys.

Pure apart from the named queries: a DuckDB connection in, a ``content.Report`` out; ``public_export`` lays it out
as a deck or a one-pager (the one definition the command and the download buttons share).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from sectorscope import codes, config, db
from sectorscope.charts.employers import EMPLOYERS_IN_VIEW
from sectorscope.export.content import (
    EMPLOYERS,
    PARTNERSHIPS,
    WORKERS,
    Chart,
    Report,
    Section,
    _partnership_count_map,
    _served_map,
    chart_values,
)
from sectorscope.filters import one_year_of
from sectorscope.metrics.employers import PUBLISHED_SHARES, related_questions_note
from sectorscope.present.availability import RELEASE_HIDDEN, Absence, not_collected, not_loaded_text, released
from sectorscope.present.formatting import year_span
from sectorscope.present.profile import outside_records_note, partnership_line
from sectorscope.release import ALL, story
from sectorscope.release.cells import NOT_SPLIT, layout_of
from sectorscope.release.publishable import is_publishable, stored_release, withheld_because

NOT_RELEASED = "The public release holds no figures yet: it is built when participants or employer surveys are loaded."
SURVEY_SHARES = (("Lower staff turnover", "reduced_turnover"), ("Less rework", "reduced_rework"),
                 ("Fewer customer complaints", "reduced_complaints"), ("Value the partnership", "partnership_valuable"))


@dataclass(frozen=True)
class ReleaseChoice:
    """One cell of the release, chosen by link parameters, with its names in words."""

    geo_level: str
    geo_id: str
    place_name: str
    sector_code: str
    sector_name: str
    period: str
    partnership_id: str
    partnership_name: str
    state_fips: str | None  # None where no county loaded tells the state

    def cell(self, **changes: str) -> dict[str, str]:
        """Parameters of the ``release_cell`` query for this choice (``changes`` replace some)."""
        params = {"geo_level": self.geo_level, "geo_id": self.geo_id, "sector_code": self.sector_code,
                  "period": self.period, "partnership_id": self.partnership_id}
        return params | changes

    def link(self) -> dict[str, list[str]]:
        """The choice as link parameters (the Showcase's: ``county``, ``region``, ``sector``, ``year``, and
        ``partnership``)."""
        params: dict[str, list[str]] = {}
        if self.partnership_id != ALL:
            params["partnership"] = [self.partnership_id]
        elif self.geo_level in ("county", "region"):
            params[self.geo_level] = [self.geo_id]
        if self.sector_code != ALL and self.partnership_id == ALL:
            params["sector"] = [self.sector_code]
        if self.period != ALL:
            params["year"] = [self.period]
        return params

    def words(self, exit_years: tuple[int, int] | None = None) -> str:
        """The choice in words: place or partnership, sector, year; all years with the years of the exits the
        release shows (``exit_years``), so a handout's figures can be quoted with their when ("all years" alone: a
        reviewer)."""
        what = self.partnership_name if self.partnership_id != ALL else self.place_name
        sector = "all sectors" if self.sector_code == ALL else self.sector_name
        years = self.period if self.period != ALL else "all years" + (
            f" (exits {year_span(*exit_years)})" if exit_years else "")
        return f"{what} · {sector} · {years}"


def _one(params: Mapping[str, Sequence[str]], name: str, problems: list[str]) -> str | None:
    values = [value for value in params.get(name, ()) if value]
    if len(values) > 1:
        problems.append(f"Public figures cover one {name} at a time (got {', '.join(values)}).")
        return None
    return values[0] if values else None


def release_choice(con: duckdb.DuckDBPyConnection,
                   params: Mapping[str, Sequence[str]]) -> tuple[ReleaseChoice, list[str]]:
    """The release cell link-style ``params`` ask for, and every problem with them (a choice outside the release is
    replaced by the whole state / all sectors / all years and named in the problems).

    ``years`` is read as ``year`` when it names one year (``2020`` or ``2020-2020``): a range is a union of cells,
    which the release does not publish.
    """
    problems: list[str] = []
    state_fips = codes.known_state(db.run_query(con, "active_state")["state_fips"].iloc[0])
    places = db.run_query(con, "release_places")
    choices = db.run_query(con, "release_choices")
    partnerships = db.run_query(con, "partnership_choices", public_only=True)
    place_names = {(row.geo_level, row.geo_id): row.place_name for row in places.itertuples()}
    sectors = choices[choices["kind"] == "sector"]
    sector_names = dict(zip(sectors["code"], sectors["label"], strict=True))
    periods = set(choices.loc[choices["kind"] == "period", "code"])

    county, region = _one(params, "county", problems), _one(params, "region", problems)
    sector, partnership = _one(params, "sector", problems), _one(params, "partnership", problems)
    year = _one(params, "year", problems)
    years = _one(params, "years", problems)
    if years and not year:
        year = one_year_of(years)
        if year is None:
            problems.append(f"Public figures cover one year or all years, not the range {years}.")
    if county and region:
        problems.append("Public figures cover one place: a county or a region, not both.")
    level, geo_id = ("county", county) if county else ("region", region) if region else ("state", state_fips)
    if (level, geo_id) not in place_names:
        if level != "state":
            problems.append(f"The public release has no figures for {level} {geo_id}.")
        level, geo_id = "state", state_fips
    if sector and sector not in sector_names:
        problems.append(f"The public release has no sector {sector}.")
        sector = None
    if year and year not in periods:
        problems.append(f"The public release has no year {year}.")
        year = None
    partnership_id, partnership_name = ALL, ""
    if partnership:
        chosen = partnerships[partnerships["partnership_id"] == partnership]
        if chosen.empty:  # the same words for an id not public and one unknown: which exist is not public
            shown = "the whole state" if level == "state" else place_names[(level, geo_id)]
            problems.append(f"No public partnership {partnership}: showing {shown} instead.")
        else:
            # a partnership's cells are state-wide, in its own sector: a place or another sector asked for beside it
            # is said not applied (they went unsaid, the file written as if asked for alone: a privacy reviewer)
            partnership_id, partnership_name = partnership, str(chosen["name"].iloc[0])
            own_sector = str(chosen["sector_code"].iloc[0])
            if level != "state":
                problems.append(f"A public partnership's figures are state-wide: {level} {geo_id} not applied.")
            if sector and sector != own_sector:
                problems.append(f"A public partnership's figures are in its own sector: sector {sector} not "
                                "applied.")
            level, geo_id, sector = "state", state_fips, own_sector
    kind = "partnership" if partnership_id != ALL else level
    splits = layout_of(db.run_query(con, "release_layout")).get(kind, NOT_SPLIT)
    if sector and partnership_id == ALL and not splits.by_sector:
        problems.append(f"Public figures for a {kind} cover all sectors together, not one sector.")
        sector = None
    if year and not splits.by_year:
        problems.append(f"Public figures for a {kind} cover all years together, not one year.")
        year = None
    sector_code = sector or ALL
    return ReleaseChoice(level, geo_id, place_names.get((level, geo_id), "Whole state"), sector_code,
                         sector_names.get(sector_code, "All sectors"), year or ALL, partnership_id,
                         partnership_name, state_fips), problems


def counties_of_place(geo_level: str, geo_id: str, region_counties: pd.DataFrame) -> tuple[str, ...]:
    """The counties of a place: the county itself, a region's counties (``region_counties``: rows of the query
    ``release_region_counties``), none for the whole state."""
    if geo_level == "county":
        return (geo_id,)
    if geo_level == "region":
        return tuple(region_counties.loc[region_counties["region_id"] == geo_id, "county_fips"])
    return ()


def place_counties(con: duckdb.DuckDBPyConnection, choice: ReleaseChoice) -> tuple[str, ...]:
    """The counties of the chosen place (``counties_of_place``)."""
    return counties_of_place(choice.geo_level, choice.geo_id,
                             db.run_query(con, "release_region_counties", state_fips=choice.state_fips))


def place_title(choice: ReleaseChoice, is_demo: bool) -> str:
    """The chosen place as a title names it: the state's title (``codes.state_title``), a county's or a region's
    name."""
    return codes.state_title(choice.state_fips, is_demo) if choice.geo_level == "state" else choice.place_name


def partnerships_serving(con: duckdb.DuckDBPyConnection, choice: ReleaseChoice) -> tuple[tuple[str, str], ...]:
    """(name, sector) of the public partnerships the release counts for the choice (its ``public_partnerships``):
    those serving a county of the place, in the chosen sector; one chosen partnership alone."""
    served = db.run_query(con, "release_partnerships")
    named = db.run_query(con, "partnership_choices", public_only=True).set_index("partnership_id")
    if choice.partnership_id != ALL:
        served = served[served["partnership_id"] == choice.partnership_id]
    elif choice.sector_code != ALL:
        served = served[served["sector_code"] == choice.sector_code]
    counties = set(place_counties(con, choice))
    if counties:
        served = served[[bool(counties & set(listed)) for listed in served["county_fips"]]]
    rows = named.loc[served["partnership_id"]]
    return tuple(sorted(zip(rows["name"], rows["sector_name"], strict=True)))


def _chart_or_absent(title: str, frame: pd.DataFrame, label: str, value: str, number_format: str, k: int,
                     what: str, note: str) -> Chart:
    """A one-series chart of the shown rows; hidden rows left out and named; fewer than two shown: a reason."""
    hidden = frame.get(f"{value}_hidden", pd.Series(False, index=frame.index)).astype(bool)
    shown = frame[frame[value].notna() & ~hidden]
    left_out = list(frame.loc[hidden, label].astype(str))
    if len(shown) < 2:
        reason = (f"Too few {what} can be shown here to compare: the rest are {RELEASE_HIDDEN}." if left_out
                  else f"Too few {what} in this selection to compare.")
        return Chart(title, (), (), number_format, absent=reason,
                     absence=Absence.HIDDEN if left_out else Absence.EMPTY)
    hidden_note = f" Left out, {RELEASE_HIDDEN}: {', '.join(left_out)}." if left_out else ""
    return Chart(title, tuple(shown[label].astype(str)), ((title, chart_values(shown[value], number_format)),),
                 number_format, kind="bar" if label != "period" else "column", note=(note + hidden_note).strip())


def _survey_chart(cell: story.Cell, k: int, loaded: frozenset[str]) -> Chart:
    """Shares of employers reporting each gain in this cell beside the Massachusetts evaluation's
    (``employers.PUBLISHED_SHARES``); hidden shares left out and named; with no survey ever loaded, that none has
    been published (it read "No employer answered these questions here" beside cards saying so: a reviewer)."""
    title = "Employers reporting gains, beside the Massachusetts evaluation"
    # a question no survey on record asked is never published, not hidden: "Every share is hidden for privacy" stood
    # beside cards reading "Not loaded" (a code reviewer), as the staff deck's chart said "No employer answered"
    unasked = [f"{name}_answers" for _, name in SURVEY_SHARES if f"{name}_answers" not in loaded]
    uncollected = f" Not collected: {'; '.join(not_collected(loaded, unasked))}." if unasked else ""
    asked = [(label, name) for label, name in SURVEY_SHARES if f"{name}_answers" in loaded]
    shown = [(label, cell.value(f"share_{name}"), PUBLISHED_SHARES[name][0]) for label, name in asked
             if cell.value(f"share_{name}") is not None]
    hidden = [label for label, name in asked if cell.is_hidden(f"share_{name}")]
    if not shown:
        absence = (Absence.HIDDEN if hidden else Absence.NOT_LOADED if "employer_surveys" not in loaded or not asked
                   else Absence.EMPTY)
        return Chart(title, (), (), "percent", absent={
            Absence.HIDDEN: f"Every share {'asked ' if unasked else ''}is {RELEASE_HIDDEN}.{uncollected}",
            Absence.NOT_LOADED: not_loaded_text(["employer_surveys"] if "employer_surveys" not in loaded else unasked,
                                                public=True)}.get(
                # as the cards beside it say it ("No employer answered these questions" read as employers asked
                # who declined, beside cards saying "None on record": a convener)
                absence, "None on record: no employer survey answer here."), absence=absence)
    note = (f"Share of employers who answered. Published: {PUBLISHED_SHARES['reduced_turnover'][1].source}."
            + related_questions_note((name, label) for label, name in asked
                                     if cell.value(f"share_{name}") is not None))
    if hidden:
        note += f" Left out, {RELEASE_HIDDEN}: {', '.join(hidden)}."
    note += uncollected
    return Chart(title, tuple(row[0] for row in shown), ((EMPLOYERS_IN_VIEW, tuple(row[1] for row in shown)),
                                                        ("Massachusetts evaluation", tuple(row[2] for row in shown))),
                 "percent", note=note)


def state_years(con: duckdb.DuckDBPyConnection, state_fips: str | None) -> pd.DataFrame:
    """The state's cells by year, all sectors, as the release holds them (``story.wide``: part, exiters and
    exiters_hidden): public facts only."""
    return story.wide(db.run_query(con, "release_parts", split="period", geo_level="state", geo_id=state_fips,
                                   sector_code=ALL, period=ALL), "part", ["exiters"])


def _outside_records(con: duckdb.DuckDBPyConnection, choice: ReleaseChoice,
                     exit_years: tuple[int, int] | None) -> str:
    """Where the chosen partnership's registry years hold none of the ``exit_years`` (``story.exit_years_published``
    of ``state_years``): "published exits run 2015–2025; active 2005–2009" (``profile.outside_records_note``, the
    directory's rule, in the words of ``story.PUBLISHED_EXITS``: hidden years are not counted in, so not "exits on
    record", a code reviewer); "" otherwise. Public facts only: the registry's dates of a public partnership and the
    state's published counts."""
    registry = db.run_query(con, "public_partnership_registry", partnership_id=choice.partnership_id)
    return "" if registry.empty else outside_records_note(registry.iloc[0], "exits", exit_years,
                                                          lead=story.PUBLISHED_EXITS.lower())


def build_public_report(con: duckdb.DuckDBPyConnection, choice: ReleaseChoice, *, is_demo: bool,
                        today: dt.date | None = None, not_applied: Sequence[str] = ()) -> Report:
    """The report of one release cell: the Showcase's cards (``release.story``) for workers, employers and
    partnerships, its charts (median raise by sector, people finishing by year) and the partnership map, with
    ``k`` as the release stores it. Systems change and community are not in the release and are not shown.
    ``not_applied``: what the link asked for outside the release (``release_choice``'s problems), said on the
    title slide."""
    loaded = released(db.run_query(con, "loaded_tables"), db.run_query(con, "release_answers"))
    stored = stored_release(lambda name: db.run_query(con, name))
    withheld = withheld_because(stored, config.min_cell_size())
    has_release = is_publishable(stored, config.min_cell_size())
    rows = db.run_query(con, "release_cell", **choice.cell()) if has_release else pd.DataFrame()
    years = state_years(con, choice.state_fips) if has_release else pd.DataFrame()
    exit_years = story.exit_years_published(years) if not years.empty else None
    # the years said beside "all years" are the whole state's: said of the whole state alone, and only where no year
    # of it is hidden (a hidden first or last year would lie outside them; a code reviewer)
    whole_state = (choice.geo_level, choice.sector_code, choice.partnership_id) == ("state", ALL, ALL)
    years_said = exit_years if whole_state and not years.empty and not years["exiters_hidden"].any() else None
    k = int(rows["min_cell"].iloc[0]) if not rows.empty else config.min_cell_size()
    cell = story.Cell(rows) if has_release else story.Cell(pd.DataFrame(columns=["statistic", "value", "is_hidden"]))
    state_cell = story.Cell(db.run_query(con, "release_cell", **choice.cell(
        geo_level="state", geo_id=choice.state_fips, partnership_id=choice.partnership_id))) if has_release else cell
    year_text = "all years" if choice.period == ALL else choice.period
    counties = db.run_query(con, "state_counties", state_fips=choice.state_fips)
    if not has_release:
        absent = f"The public figures are not shown: {withheld}." if withheld else NOT_RELEASED
        # nothing released yet reads as a card of a table never published ("Not loaded", ``story``'s cards)
        absence = None if withheld else Absence.NOT_LOADED
        sections = tuple(Section(title, absent=absent, absence=absence) for title in (WORKERS, EMPLOYERS,
                                                                                       PARTNERSHIPS))
        county_map = None
    else:
        worker_charts = []
        # only the splits the release publishes for this kind of place (a region is not split by year): a chart of
        # a split it never publishes said "Too few years in this selection to compare"
        kind = "partnership" if choice.partnership_id != ALL else choice.geo_level
        splits = layout_of(db.run_query(con, "release_layout")).get(kind, NOT_SPLIT)
        if choice.sector_code == ALL and splits.by_sector:
            sectors = story.wide(db.run_query(con, "release_parts", split="sector", geo_level=choice.geo_level,
                                              geo_id=choice.geo_id, sector_code=ALL, period=choice.period), "part",
                                 ["median_wage_gain", "wage_n", "exiters"]).rename(columns={"part": "sector_code"})
            choices = db.run_query(con, "release_choices")
            names = dict(zip(choices["code"], choices["label"], strict=True))
            sectors["sector"] = story.small_groups_named(sectors["sector_code"].map(names), sectors["wage_n"])
            worker_charts.append(_chart_or_absent(
                f"Middle hourly raise by sector, {year_text}", sectors.sort_values("median_wage_gain",
                                                                                  ascending=False),
                "sector", "median_wage_gain", "gain", k, "sectors",
                "Hourly pay after training minus before, the middle value among people who completed it."))
        if choice.period == ALL and choice.partnership_id == ALL and splits.by_year:
            years = story.between_nonzero(story.wide(db.run_query(
                con, "release_parts", split="period", geo_level=choice.geo_level, geo_id=choice.geo_id,
                sector_code=choice.sector_code, period=ALL), "part", ["exiters"]).rename(columns={"part": "period"}),
                "exiters")
            worker_charts.append(_chart_or_absent("People who left a program, by year", years, "period",
                                                  "exiters", "count", k, "years",
                                                  "Everyone who left a public partnership's training in the "
                                                  "year, finished or not."))
        is_state = choice.geo_level == "state" and choice.partnership_id == ALL
        worker_cards, employer_cards = story.worker_cards(cell, k, loaded), story.employer_cards(cell, k, loaded)
        # a year before (or after) every exit on record: not "0 people"
        worker_cards = story.outside_exit_years(worker_cards, cell, choice.period, exit_years)
        if choice.partnership_id != ALL:  # all its years, as its profile: no one at all is "None on record"
            outside = _outside_records(con, choice, exit_years)
            worker_cards = story.one_partnership(worker_cards, cell, "exiters", "exiter", outside)
            # no years beside it: the years of the surveys on record are not published (employers' year cells
            # never are), and saying them would tell which of those hidden cells hold an answer
            employer_cards = story.one_partnership(employer_cards, cell, "responses", "employer survey")
        sections = (
            Section(WORKERS, headlines=tuple(worker_cards), charts=tuple(worker_charts),
                    note=story.PUBLIC_PEOPLE_NOTE if choice.partnership_id == ALL
                    else story.PUBLIC_PARTNERSHIP_PEOPLE_NOTE),
            Section(EMPLOYERS, headlines=tuple(employer_cards),
                    charts=(_survey_chart(cell, k, loaded),)) if choice.period == ALL else
            Section(EMPLOYERS, absent=story.EMPLOYERS_ALL_YEARS_ONLY, card_value=story.ALL_YEARS_ONLY,
                    card_basis=story.ALL_YEARS_ONLY_BASIS),
            Section(PARTNERSHIPS, headlines=tuple(story.partnership_cards(
                cell, state_cell, choice.state_fips, is_state, loaded,
                story.Cell(db.run_query(con, "release_cell", **choice.cell(period=ALL)))
                if choice.period != ALL else None, one_partnership=choice.partnership_id != ALL,
                whole_state=is_state and choice.sector_code == ALL and not is_demo,  # a real state's
                year=None if choice.period == ALL else choice.period,
                sector=None if choice.sector_code == ALL else choice.sector_name,
                place_grants=story.place_grants(db.run_query(
                    con, "release_place_grants", county_fips=list(place_counties(con, choice)),
                    sector_code=choice.sector_code).iloc[0])))),
        )
        in_state = counties[counties["state_fips"] == choice.state_fips]
        if choice.partnership_id != ALL:  # its own counties, as its staff deck maps them (not its whole sector's)
            listed = db.run_query(con, "release_partnerships")
            served = listed.loc[listed["partnership_id"] == choice.partnership_id, "county_fips"]
            # named from every county known (a county across a state line read "10003": a code reviewer)
            county_map = _served_map({"county_fips": list(served.iloc[0]) if len(served) else [],
                                      "name": choice.partnership_name}, in_state,
                                     dict(zip(counties["county_fips"], counties["county_name"], strict=True)))
        else:
            year_from, year_to = (1900, 2100) if choice.period == ALL else (int(choice.period), int(choice.period))
            by_county = db.run_query(con, "partnerships_by_county",
                                     sector_codes=[] if choice.sector_code == ALL else [choice.sector_code],
                                     # the place outlined, as the Showcase's map frames it
                                     county_fips=list(place_counties(con, choice)), year_from=year_from,
                                     year_to=year_to, state_fips=choice.state_fips, public_only=True)
            county_map = (_partnership_count_map(by_county, in_state, "Public partnerships serving each county")
                          if not by_county.empty else None)
    place = place_title(choice, is_demo)
    title = choice.partnership_name or f"Sector partnerships in {place}"
    # a region's or a county's deck named none (an analyst); none for a place reaching across a state line
    state = codes.state_said(choice.state_fips, is_demo, place_counties(con, choice))
    subtitle = "Public figures from the protected release: public partnerships only" + (
        f" · {state}" if state and state not in title else "")
    if choice.partnership_id != ALL:
        # the registry's line, as the staff deck's title slide gives it: an ended partnership's public deck said
        # neither its years nor that it had ended (a convener). Public facts of a public partnership only: its
        # sector, convener, phase, region and dates, never its people in training
        registry = db.run_query(con, "public_partnership_registry", partnership_id=choice.partnership_id)
        if not registry.empty:
            subtitle = f"{partnership_line(registry.iloc[0])} · {subtitle}"
    source = story.public_source(is_demo)
    return Report(title, subtitle, choice.words(years_said), today or dt.date.today(), source, is_demo, True, k,
                  sections, county_map, partnerships_serving(con, choice) if has_release else (),
                  partnership_id=None if choice.partnership_id == ALL else choice.partnership_id,
                  not_applied=tuple(not_applied), state=state)


def public_export(con: duckdb.DuckDBPyConnection, kind: str, params: Mapping[str, Sequence[str]],
                  today: dt.date | None = None) -> tuple[bytes | None, Report | None, list[str]]:
    """The public ``kind`` ("deck" or "onepager") of the release cell link-style ``params`` ask for, its report,
    and every problem with the parameters (``release_choice``). With problems the deck is still built, of the
    cell that replaced the one asked for, so a caller that must not guess refuses it. A one-pager covers a
    place (the state, a county or a region): with a partnership there is no file, and a problem says why."""
    from sectorscope.export.deck import build_deck
    from sectorscope.export.onepager import build_onepager

    choice, problems = release_choice(con, params)
    if kind == "onepager" and choice.partnership_id != ALL:
        return None, None, [*problems, "A one-pager covers a place of the public release: the whole state, one "
                                       "county or one region."]
    is_demo = bool(db.run_query(con, "dataset_status")["is_demo"].iloc[0])
    report = build_public_report(con, choice, is_demo=is_demo, today=today, not_applied=problems)
    if kind == "deck":
        return build_deck(report), report, problems
    return build_onepager(report, place_title(choice, is_demo), place_counties(con, choice)), report, problems
