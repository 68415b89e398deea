"""What a deck, a one-pager or a presentation shows: the view's (or one partnership's) sections, each with its headline
figures and chart data, computed from the same named queries and metric functions the pages use.

Pure: a DuckDB connection in, plain records out. Nothing here draws; ``deck``, ``onepager`` and ``ui.present`` do.
Absent data stays absent: a section or chart with nothing to show carries the reason in words (``absent``), never a 0;
in a public report a group resting on fewer than k people or employers is left out of a chart and named in its note.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import duckdb
import pandas as pd

from sectorscope import codes
from sectorscope.charts import funding as funding_charts
from sectorscope.charts import style
from sectorscope.charts.employers import EMPLOYERS_IN_VIEW
from sectorscope.db import run_query
from sectorscope.filters import (
    FilterOptions,
    Selection,
    counties_of_regions,
    describe_selection,
    filter_options_from,
    parse_query_params,
    years_in_words,
)
from sectorscope.metrics import employers, funding, privacy, workers
from sectorscope.present import glossary, headlines
from sectorscope.present.availability import (
    CONDITION_ANSWERS,
    TABLE_WORDS,
    WAGE_ANSWERS,
    Absence,
    missing_tables,
    not_collected,
    not_loaded_text,
)
from sectorscope.present.formatting import (
    add_up_as_shown,
    format_compact_dollars,
    format_count,
    format_counted,
    format_dollars,
    format_percent,
    format_signed_dollars,
    n_label,
    percent_decimals,
)
from sectorscope.present.headlines import Headline
from sectorscope.present.profile import (
    counties_served,
    is_not_public,
    no_exiter_note,
    outside_records_note,
    own_years_note,
    partly_outside_records_note,
    partnership_line,
    served_counties_line,
    years_active,
)
from sectorscope.rounding import half_up, without_binary_noise
from sectorscope.words import in_a_list

DEMO_NOTICE = "Demo data (synthetic)"
HIDDEN = "hidden (fewer than {k})"
# What the sources slides of the deck and the presentation say of published figures, before listing them
PUBLISHED_FOR_ORIENTATION = ("Published figures are other programs' and states' results, shown for orientation, not as "
                             "targets:")


@dataclass(frozen=True)
class ViewOptions:
    """What can be chosen in the active database, and the names to say it in words."""

    options: FilterOptions
    sector_names: dict[str, str]
    region_names: dict[str, str]
    county_names: dict[str, str]
    state_fips: str
    is_demo: bool
    last_loaded: str


LABELLED_BARS = 12  # bars a chart of more than two series may have and still carry its values (Chart.is_labelled)
COUNT_TICKS = 5  # about how many steps a count chart's value axis takes (Chart.count_step)


@dataclass(frozen=True)
class Chart:
    """One chart's data: categories, one or more series of numbers (None = no value), how to format them.

    ``kind`` is "column", "bar" or "stacked"; ``number_format`` is "dollars", "gain" (dollars and cents with a sign:
    a raise reads "+$1.20", as the Showcase's bars and the cards write it), "dollars0", "percent" or "count".
    A chart with nothing to draw has no categories and says why in ``absent``.
    """

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    number_format: str
    kind: str = "column"
    note: str = ""
    absent: str | None = None
    # why it has nothing to draw (``absent``): never loaded, nothing in the selection, hidden for privacy, ... The
    # slides show each kind with its own icon, as the cards do (every one read "widen your filters": a convener)
    absence: Absence | None = None
    # one colour per series where given (a kind's, as the pages colour it: "state" was blue in one partnership's deck
    # and pink in another's, a convener reviewer); else by the series' place
    colors: tuple[str, ...] = ()

    def color(self, index: int) -> str:
        """The colour of series ``index``: its own (``colors``), else by its place. One rule for the deck and the
        presentation."""
        return self.colors[index] if self.colors else style.CATEGORY_COLORS[index % len(style.CATEGORY_COLORS)]

    def percent_decimals(self) -> int:
        """The decimals a percent chart's labels need, over all its values (``formatting.percent_decimals``): one
        rule for the deck's labels and the presentation's."""
        return percent_decimals(pd.Series([value for _, values in self.series for value in values], dtype="float64"))

    def values(self) -> list[float]:
        """Every value drawn (None left out)."""
        return [value for _, values in self.series for value in values if value is not None]

    def is_labelled(self) -> bool:
        """Does each bar carry its value? One or two series always; more (the before/after chart's four: before,
        after and the published pair) while the bars number at most ``LABELLED_BARS``, where each label still fits
        over its bar; never stacked bars of several series (a stack of one is a column). One rule for the deck and
        the presentation."""
        if self.kind == "stacked" and len(self.series) > 1:
            return False
        return len(self.series) <= 2 or len(self.series) * len(self.categories) <= LABELLED_BARS

    def has_legend(self) -> bool:
        """Are the series named in a legend? Where there are several, and always for stacked bars, whose series are
        kinds (a funding source, a kind of change): a partnership funded by the state alone had one unnamed bar
        (a convener reviewer). One rule for the deck and the presentation."""
        return len(self.series) > 1 or self.kind == "stacked"

    def count_step(self) -> int | None:
        """A count chart's step between value-axis ticks: a whole number (1, 2, 5, 10, 20, ...) giving at most about
        ``COUNT_TICKS`` steps up to its largest value; None for other formats. Left to Plotly or PowerPoint, a chart
        of 1 change a year got steps of 0.2, written "0, 0, 0, 1, 1, 1" in a whole-number format."""
        if self.number_format != "count":
            return None
        largest = max([*self.stacked_totals(), *self.values(), 1.0])
        raw = max(largest / COUNT_TICKS, 1.0)
        magnitude = 10 ** math.floor(math.log10(raw))
        return int(next(factor * magnitude for factor in (1, 2, 5, 10) if raw <= factor * magnitude))

    def value_text(self, value: float | None) -> str:
        """One value as the chart's labels write it ("+$1.20", "41%", "1,234"); "not drawn" for none (hidden or
        with no one to count: the chart's note says which), never 0."""
        if value is None:
            return "not drawn"
        if self.number_format == "percent":
            return format_percent(value, self.percent_decimals())
        return {"dollars": lambda v: format_dollars(v, cents=True), "gain": format_signed_dollars,
                "dollars0": format_dollars, "count": format_count}[self.number_format](value)

    def in_words(self) -> str:
        """The chart's figures in words, for the presenter's notes: its title, then a line per category with its
        values ("Healthcare (n = 3,092): +$2.49"), each series named where there are several, then its note.
        The deck's notes held only the cards' definitions, and a chart slide none (a convener)."""
        if self.absent:
            return f"{self.title}: {self.absent}"
        return "\n".join([f"{self.title}.", *self.category_lines(), *([self.note] if self.note else [])])

    def category_lines(self) -> list[str]:
        """A line per category with its values ("Healthcare (n = 3,092): +$2.49"), each series named where there
        are several: the notes' rows, and a presented chart's every value for a screen reader (its summary named the
        highest and the lowest only: an accessibility reviewer)."""
        several = len(self.series) > 1

        def parts(index: int) -> str:
            if self.kind != "stacked":
                return ", ".join((f"{name} " if several else "") + self.value_text(values[index])
                                 for name, values in self.series)
            # a stack's kinds missing from a year are none of them that year (no grant of that source): only those
            # there are read, "not drawn" read six times a year over the change log
            present = [f"{name} {self.value_text(values[index])}" for name, values in self.series
                       if values[index] is not None]
            return ", ".join(present) or "none"

        return [f"{category}: {parts(index)}" for index, category in enumerate(self.categories)]

    def stacked_totals(self) -> list[float]:
        """Each category's total of a stacked chart (its bar's height); none for other kinds."""
        if self.kind != "stacked":
            return []
        return [sum(values[index] or 0.0 for _, values in self.series) for index in range(len(self.categories))]


@dataclass(frozen=True)
class CountyMap:
    """A county map: each county's category label, the categories in legend order with their colours."""

    title: str
    counties: pd.DataFrame  # county_fips, county_name, geometry_geojson
    category_of: dict[str, str]  # county_fips -> category label
    legend: tuple[tuple[str, str], ...]  # (label, colour), legend order
    legend_title: str
    # the counties chosen in the filters (a region, some counties), outlined on the map as the page frames them;
    # none when every county is in view
    outlined: tuple[str, ...] = ()
    # a partnership's map: the counties it serves in words, under the map (the deck's map had no names: a convener
    # had to write them in)
    named: str = ""

    def described(self) -> str:
        """The map in words, for a screen reader (a picture's alt text): its title and how many counties fall in
        each category of its legend ("Partnerships serving each county: 0, 7 counties; 1, 20 counties; ..."), and
        the counties outlined."""
        counts = pd.Series(list(self.category_of.values()), dtype=object).value_counts()
        parts = [f"{label}, {int(counts.get(label, 0)):,} count{'y' if counts.get(label, 0) == 1 else 'ies'}"
                 for label, _ in self.legend]
        outlined = (f" Outlined in black: the {len(self.outlined):,} count{'y' if len(self.outlined) == 1 else 'ies'}"
                    " chosen." if self.outlined else "")
        return f"Map. {self.title} ({self.legend_title}): " + "; ".join(parts) + "." + outlined

    @property
    def note(self) -> str:
        """Said under the map: the counties served, by name (a partnership's map); when counties are outlined, that
        every county is counted, not only the chosen ones."""
        outlined = headlines.MAP_COUNTS_NOTE.format(marked="outlined in black") if self.outlined else ""
        return " ".join(part for part in (self.named, outlined) if part)


# What a staff report is, on its face: it names partnerships not cleared for public display and gives small groups'
# figures, yet is offered as a handout (a reviewer found nothing marking it internal)
STAFF_USE = ("Staff figures: every partnership, including those not agreed to be shown in public, and small groups' "
             "figures unhidden. For use inside the state; the public Showcase's figures are the ones to share.")
# a deck of one partnership: no other partnership is in it
STAFF_USE_ONE = ("Staff figures: small groups' figures unhidden. For use inside the state; the public Showcase's "
                 "figures are the ones to share.")
# one partnership that has not agreed to be shown in public (``is_public`` false): its staff deck, presentation and
# profile said only "small groups' figures unhidden", and a convener could have shown it at a public meeting
NOT_PUBLIC_SHORT = "Not cleared for public display"
STAFF_USE_NOT_PUBLIC = (f"{headlines.NOT_PUBLIC} Staff figures, small groups' figures unhidden: for use inside the "
                        "state, not at a public meeting.")


def staff_use(report: Report) -> str:
    """What a staff report says of itself: ``STAFF_USE``; for one partnership's, ``STAFF_USE_ONE``, or
    ``STAFF_USE_NOT_PUBLIC`` where it has not agreed to be shown in public."""
    if not report.partnership_id:
        return STAFF_USE
    return STAFF_USE_NOT_PUBLIC if report.not_public else STAFF_USE_ONE


def privacy_line(report: Report) -> str:
    """What a report's sources slide says of whom it may be shown to, in the deck and the presentation: the public
    rule, or ``staff_use``."""
    if report.public:
        return (f"Public view: every figure resting on fewer than {report.min_cell} people or employers is hidden, "
                "and so is a second group where a total would reveal it.")
    return staff_use(report)


@dataclass(frozen=True)
class Section:
    """A section of the report: its headline figures, its charts, or the reason it has nothing to show."""

    title: str
    headlines: tuple[Headline, ...] = ()
    charts: tuple[Chart, ...] = ()
    absent: str | None = None
    note: str = ""
    # why ``absent``, as a card says it (``availability.SHORT_TEXT``): a one-pager's tiles of an absent section read
    # "Not loaded" over the sentence, as a card of a present section does (they read the sentence in body text
    # beside the grant tiles' "Not loaded"); None where no card's words fit, and the tile shows the sentence
    absence: Absence | None = None
    # what such a tile says under its value, where not ``absent`` itself: the years on record, as a card with none in
    # the years chosen says them (``headlines.outside_the_records``); "No participant left a program in this
    # selection." alone lost them to the tile's two lines
    card_basis: str = ""
    # what such a tile says as its value where no ``absence`` names it (a public year's employer tiles: "All years
    # only"): the whole sentence ran out of the tile and over the page below it (a staffer)
    card_value: str = ""
    # the years of the records its figures rest on where fewer than the view's, said with the exits ("2012–2013" of
    # employers surveyed beside "2008–2013"): said by a one-pager in its line of figures, where ``note`` is a line
    years_counted: str = ""


@dataclass(frozen=True)
class Report:
    """A report of a view or one partnership, ready to lay out."""

    title: str
    subtitle: str
    filters: str
    generated_on: dt.date
    data_source: str
    is_demo: bool
    public: bool
    min_cell: int
    sections: tuple[Section, ...]
    county_map: CountyMap | None
    partnerships: tuple[tuple[str, str], ...] = field(default=())  # (name, sector) of the partnerships in view
    partnership_id: str | None = None
    no_map_because: str = ""  # why county_map is None when counties are not known (not "0 partnerships" everywhere)
    # what the link asked for and the report does not show, in words, on its title slide (the presentation's and
    # the deck's): a public link to a partnership not public, or unknown, presented the whole state without a word
    not_applied: tuple[str, ...] = ()
    not_public: bool = False  # the one partnership reported has not agreed to be shown in public (staff reports)
    state: str = ""  # the real state it is of, by name (``codes.state_said``; "" on the demo)

    @property
    def notice(self) -> str:
        """The line every slide and page carries: the demo notice, and the public-mode rule, or that the one
        partnership reported is not cleared for public display (a slide shown alone says so too)."""
        parts = [DEMO_NOTICE] if self.is_demo else []
        if self.not_public and not self.public:
            parts.append(NOT_PUBLIC_SHORT)
        if self.public:
            parts.append(f"Public view: figures resting on fewer than {self.min_cell} people or employers hidden")
        return " · ".join(parts)

    @property
    def words_used(self) -> str:
        """The words of the trade its slides use, in plain words (``glossary.words_used``), for the sources slide of
        the deck and of the presentation."""
        texts = [self.title, self.subtitle]
        for section in self.sections:
            texts += [section.note, section.absent or ""]
            texts += [part for h in section.headlines for part in (h.label, h.value, h.basis, h.delta or "")]
            texts += [part for chart in section.charts for part in (chart.title, chart.note, chart.absent or "")]
        return glossary.words_used(texts)

    def section(self, title: str) -> Section:
        """The section with this title."""
        return next(section for section in self.sections if section.title == title)

    def published_by_source(self) -> dict[str, list[str]]:
        """Every published figure the report's cards cite, by source, each once, in the order the cards show them:
        the one list the decks' and the presentation's sources slides print (a source can have several figures,
        e.g. the Massachusetts evaluation's four employer shares)."""
        by_source: dict[str, list[str]] = {}
        for section in self.sections:
            for headline in section.headlines:
                if headline.reference is not None:
                    texts = by_source.setdefault(headline.reference.source, [])
                    if headline.reference.text not in texts:
                        texts.append(headline.reference.text)
        return by_source


WORKERS = "Impact on workers"
EMPLOYERS = "Impact on employers"
PARTNERSHIPS = "Partnership effectiveness"
SYSTEMS = "Systems change"
COMMUNITY = "Impact on community"
COUNT_BINS = (("none", 0), ("1–2", 1), ("3–4", 3), ("5–6", 5), ("7 or more", 7))  # label, smallest count
COUNT_COLOURS = style.COUNT_BIN_COLOURS


def view_options(con: duckdb.DuckDBPyConnection, public: bool) -> ViewOptions:
    """The filter options and names of the active database (the same queries ``ui.setup`` reads)."""
    state_fips = run_query(con, "active_state")["state_fips"].iloc[0]
    sectors = run_query(con, "sectors")
    regions = run_query(con, "regions")
    counties = run_query(con, "state_counties", state_fips=state_fips)
    status = run_query(con, "dataset_status").iloc[0]
    options = filter_options_from(sectors, regions, counties, run_query(con, "year_range").iloc[0],
                                  run_query(con, "partnership_choices", public_only=public))
    loaded = status["last_loaded_at"]
    return ViewOptions(options, dict(zip(sectors["sector_code"], sectors["sector_name"], strict=True)),
                       dict(zip(regions["region_id"], regions["region_name"], strict=True)),
                       dict(zip(counties["county_fips"], counties["county_name"], strict=True)), state_fips,
                       bool(status["is_demo"]), "" if pd.isna(loaded) else pd.Timestamp(loaded).strftime("%Y-%m-%d"))


def selection_from(view: ViewOptions, params: Mapping[str, Sequence[str]]) -> Selection:
    """The selection of link-style parameters (``sector``, ``region``, ``county``, ``years``, ``partnership``)."""
    return parse_query_params(params, view.options)


def _values(series: pd.Series, cents: bool = False) -> tuple[float | None, ...]:
    """Numbers for a chart series; missing stays None (drawn as no bar), never 0; without binary noise (the data a
    convener edits behind a deck's chart read 2.6799999999999997). With ``cents``, dollars rounded to cents as the
    pages round them (``rounding.half_up``, on the float): PowerPoint rounds the decimal a file writes, so a median of
    3.4849999999999994, written 3.485, read $3.49 on a slide beside the Showcase's +$3.48."""
    return tuple(None if pd.isna(value) else half_up(float(value), 2) if cents else without_binary_noise(float(value))
                 for value in series)


def chart_values(series: pd.Series, number_format: str) -> tuple[float | None, ...]:
    """``_values`` of a series drawn in ``number_format`` (``Chart.number_format``): "dollars" and "gain" at cents."""
    return _values(series, cents=number_format in {"dollars", "gain"})


def _hidden_note(names: Sequence[str], k: int | None) -> str:
    return f"Left out, {HIDDEN.format(k=k)}: {', '.join(names)}." if names and k is not None else ""


# What "small n" beside a group's n means, in a chart's note
SMALL_N_WORDS = f"small n: fewer than {workers.SMALL_N}, read with care"


def _with_n(label: str, n: object, k: int | None) -> str:
    """A chart's category with what its figure rests on, as the Worker page labels its groups ("2016 (n = 1 · small
    n)": a deck's bar of one person's wage change read as a group's median); a public report (``k``) names its
    groups alone, since its counts are the release's to publish."""
    return label if k is not None else f"{label} ({n_label(n)})"


def wage_gain_grouping(groups: pd.DataFrame, chosen: str | None, sector_names: Mapping[str, str],
                       partnership_names: Mapping[str, str]) -> tuple[str, str, Mapping[str, str]]:
    """How a report's wage-gain chart groups its people (column, heading, names): by sector where several hold
    exiters, else by exit year (one partnership's always), else, one sector in one year, by partnership: a one-year
    deck of one sector drew one bar, its card's figure again (a staffer)."""
    def with_exiters(by: str) -> int:
        return int((workers.groups_of(groups, by)["exiters"] > 0).sum())

    if not chosen and with_exiters("sector_code") > 1:
        return "sector_code", "sector", sector_names
    if chosen or with_exiters("exit_year") > 1 or with_exiters("partnership_id") < 2:
        return "exit_year", "exit year", {}
    return "partnership_id", "partnership", partnership_names


def wage_gain_chart(groups: pd.DataFrame, by: str, names: Mapping[str, str], heading: str,
                    k: int | None, loaded: frozenset[str] | None = None, overall: float | None = None) -> Chart:
    """Median hourly wage gain of completers per group (``groups``: ``workers.groups_of`` one grouping), as the
    Worker outcomes page's table shows it; in a public report groups resting on fewer than k people are left out and
    named. Where no record holds both hourly wages (``loaded``), it says what to load, as the cards do (it said
    "No completer with both wages in this selection", as if wider filters would find one). A staff chart's note
    gives everyone's median too (``overall``): the cards before it give the mean, and an audience compared the
    chart's medians with a mean on another slide (a convener)."""
    title = f"Median hourly wage gain by {heading}"
    if missing_tables((WAGE_ANSWERS,), loaded):
        return Chart(title, (), (), "gain", absent=not_loaded_text([WAGE_ANSWERS], public=k is not None),
                     absence=Absence.NOT_LOADED)
    shown = workers.hide_small_groups(groups, k) if k is not None else groups
    hidden = shown["median_gain"].isna() & groups["gain_n"].gt(0)
    drawn = shown[shown["median_gain"].notna()]
    if by != "exit_year":  # by name, as people look a sector up (by code, "Advanced Manufacturing" came last)
        spoken = drawn[by].map(lambda value: str(names.get(value, value)).casefold())
        drawn = drawn.loc[spoken.sort_values(kind="stable").index]
    label = [_with_n(str(names.get(value, value)), n, k) for value, n in zip(drawn[by], drawn["gain_n"], strict=True)]
    if drawn.empty:
        reason = (f"Every group rests on fewer than {k} people: {HIDDEN.format(k=k)}." if hidden.any()
                  else "No completer with both wages in this selection.")
        return Chart(title, (), (), "gain", absent=reason, absence=Absence.HIDDEN if hidden.any() else Absence.EMPTY)
    note = " ".join(part for part in (
        "Post minus pre hourly wage among completers with both wages; the median of each group"
        + ("." if k is not None else f", with its n ({SMALL_N_WORDS})."),
        _hidden_note([str(names.get(value, value)) for value in groups.loc[hidden, by]], k),
        f"Everyone in view together: median {format_signed_dollars(overall)} (the cards give the mean)."
        if k is None and overall is not None and not pd.isna(overall) else "") if part)
    return Chart(title, tuple(label), (("Median gain ($/hour)", _values(drawn["median_gain"], cents=True)),), "gain",
                 kind="bar" if by != "exit_year" else "column", note=note.strip())


def _not_collected_note(loaded: frozenset[str] | None, groups: Sequence[str]) -> str:
    """" Not collected: answers about paid sick leave (before and after)." for the groups of answers no record
    holds (their bars are left out), or ""."""
    uncollected = not_collected(loaded, groups)
    return f" Not collected: {'; '.join(uncollected)}." if uncollected else ""


def _no_bars(title: str, answers: list[str], hidden: bool, k: int | None, loaded: frozenset[str] | None,
             none_answered: str) -> Chart:
    """A chart of shares of ``answers`` with no bar, and why: never collected (no record holds any of them; said as
    the cards beside it say it: "No participant answered" and "No employer answered these questions" stood on decks
    whose cards read "Not loaded", a staffer and an auditor), hidden for privacy, or ``none_answered``."""
    uncollected = len(not_collected(loaded, answers)) == len(answers)
    absence = Absence.HIDDEN if hidden else Absence.NOT_LOADED if uncollected else Absence.EMPTY
    reason = {Absence.NOT_LOADED: not_loaded_text(answers, public=k is not None),
              Absence.HIDDEN: HIDDEN.format(k=k)}.get(absence, none_answered)
    return Chart(title, (), (), "percent", absent=reason, absence=absence)


def conditions_chart(table: pd.DataFrame, k: int | None, loaded: frozenset[str] | None = None) -> Chart:
    """Shares before and after training (poverty, health insurance, sick leave; ``table``:
    ``workers.conditions_of_row`` of everyone) beside the published shares; hidden conditions left out in a public
    report, and conditions never collected (``loaded`` lacks their answers) named in the note."""
    title = "Before and after training, beside published figures"
    shown = workers.hide_small_groups(table, k, "n") if k is not None else table
    hidden = shown["after"].isna() & table["n"].gt(0)
    drawn = shown[shown["after"].notna()]
    if drawn.empty:
        return _no_bars(title, list(CONDITION_ANSWERS.values()), bool(hidden.any()), k, loaded,
                        "No participant answered before and after.")
    sources = "; ".join(dict.fromkeys(published.reference.source for *_, published in workers.CONDITIONS.values()))
    conditions = tuple(_with_n(condition, n, k) for condition, n in zip(drawn["condition"], drawn["n"], strict=True))
    return Chart(title, conditions, (
        ("Before", _values(drawn["before"])), ("After", _values(drawn["after"])),
        ("Published before", _values(drawn["published_before"])),
        ("Published after", _values(drawn["published_after"])),
    ), "percent", colors=style.BEFORE_AFTER_PUBLISHED,
        note=(f"Among people with both answers{'' if k is not None else f' (n; {SMALL_N_WORDS})'}. "
              f"Published: {sources}. "
              + _hidden_note(list(table.loc[hidden, "condition"]), k)
              + _not_collected_note(loaded, list(CONDITION_ANSWERS.values()))).strip())


def survey_chart(responses: pd.DataFrame, k: int | None, loaded: frozenset[str] | None = None,
                 employers_named: str = EMPLOYERS_IN_VIEW) -> Chart:
    """Share of surveyed employers reporting each gain (latest response each) beside the Massachusetts Sector
    Initiative evaluation, as the Employer outcomes page computes it (``employers.survey_shares``); questions never
    asked (``loaded`` lacks their answers) named in the note."""
    title = "Employers reporting gains, beside the Massachusetts evaluation"
    shares = employers.survey_shares(employers.latest_responses(responses))
    shown = privacy.suppress_groups(shares, "n", ["share", "yes"], k)
    drawn = shown[shown["share"].notna()]
    hidden = list(shown.loc[shown["hidden"], "label"])
    if drawn.empty:
        return _no_bars(title, [f"{column}_answers" for column in employers.PUBLISHED_SHARES], bool(hidden), k,
                        loaded, "No employer answered these questions.")
    questions = tuple(_with_n(label, n, k) for label, n in zip(drawn["label"], drawn["n"], strict=True))
    return Chart(title, questions, (
        (employers_named, _values(drawn["share"])), ("Massachusetts evaluation", _values(drawn["published_share"])),
    ), "percent", note=(f"Each employer's latest survey; share of those who answered"
                        f"{'' if k is not None else f' (n answers; {SMALL_N_WORDS})'}. Published: "
                        f"{employers.PUBLISHED_SHARES['reduced_turnover'][1].source}."
                        + employers.related_questions_note(zip(drawn["question"], drawn["label"], strict=True))
                        + " " + _hidden_note(hidden, k)
                        + _not_collected_note(loaded, [f"{column}_answers" for column in employers.PUBLISHED_SHARES]))
                    .strip())


def _stacked(frame: pd.DataFrame, index: str, columns: str, values: str) -> tuple[tuple[str, ...], tuple]:
    """One series per ``columns`` value over the years of ``index``, every year from the first to the last: a year
    with nothing stays on the axis with no bar (a partnership's grants of 2015, 2021 and 2024 stood side by side)."""
    table = frame.pivot_table(index=index, columns=columns, values=values, aggfunc="sum")
    table = table.reindex(range(int(table.index.min()), int(table.index.max()) + 1))
    categories = tuple(str(value) for value in table.index)
    series = tuple((str(name), _values(table[name])) for name in table.columns)
    return categories, series


def grants_chart(grants: pd.DataFrame, grants_loaded: bool, whose: str = "the partnerships in view") -> Chart:
    """Grant dollars by start year and funding source (``funding.grant_dollars_by``) to ``whose``; a year without a
    grant from a source has no bar (None), not a $0 one."""
    title = "Grant dollars by start year and funding source"
    by_year = funding.grant_dollars_by(grants, "funding_source")  # grants of $0 left out: they funded no one
    if by_year.empty:
        return Chart(title, (), (), "dollars0", absent="No grants are loaded." if not grants_loaded
                     else "No grant started in the selected years.",
                     absence=Absence.NOT_LOADED if not grants_loaded else Absence.EMPTY)
    categories, series = _stacked(by_year, "year", "funding_source", "dollars")
    series, colors = _in_code_order(series, codes.FUNDING_SOURCES)
    return Chart(title, categories, series, "dollars0", kind="stacked", colors=colors,
                 note=f"Grants to {whose} that started in the selected years, all funders. "
                      + grant_totals_text(by_year) + ".")


YEARS_TOTALLED = 6  # a grants chart's note gives each year's total up to this many years with grants, else the sum


def grant_totals_text(by_year: pd.DataFrame) -> str:
    """What a stacked grants chart's bars add up to, which its stacks carry no label of (a partnership's $538,500 could
    not be read off its slide: a convener): "In all $539K: 2023 $460K, 2024 $79K", each year with grants up to
    ``YEARS_TOTALLED`` of them, as the cards write dollars (``format_compact_dollars``), "(each rounded)" where the
    years as written do not add up to the total as written ($38K and $315K beside $352K: a code reviewer).
    ``by_year``: ``funding.grant_dollars_by`` (year, dollars)."""
    totals = by_year.groupby("year")["dollars"].sum()
    funded = totals[totals > 0]
    if not 1 < len(funded) <= YEARS_TOTALLED:
        return f"In all {format_compact_dollars(funded.sum())}"
    each = ", ".join(f"{int(year)} {format_compact_dollars(dollars)}" for year, dollars in funded.items())
    rounded = "" if add_up_as_shown(funded.sum(), list(funded)) else " (each rounded)"
    return f"In all {format_compact_dollars(funded.sum())}: {each}{rounded}"


def changes_chart(changes: pd.DataFrame, log_loaded: bool) -> Chart:
    """Systems changes logged per year and kind (``funding.changes_by_year``)."""
    title = "Systems changes logged per year"
    if changes.empty:
        return Chart(title, (), (), "count", absent="No systems-change log is loaded." if not log_loaded
                     # "for these partnerships" on one partnership's deck (a convener)
                     else "No systems change logged in the selected years.",
                     absence=Absence.NOT_LOADED if not log_loaded else Absence.EMPTY)
    categories, series = _stacked(funding.changes_by_year(changes), "year", "category", "changes")
    series, colors = _in_code_order(series, codes.SYSTEM_CHANGE_CATEGORIES)
    return Chart(title, categories, series, "count", kind="stacked", colors=colors,
                 note="Entries in the systems-change log.")


def _in_code_order(series: tuple, code_list: Sequence[str]) -> tuple[tuple, tuple[str, ...]]:
    """A stacked chart's series in its code list's order (any others after, by name) and each one's colour there,
    as the pages stack and colour them (``charts.funding.category_colors``)."""
    order = funding_charts.in_code_order([name for name, _ in series], code_list)
    colors = funding_charts.category_colors(order)
    ordered = tuple(sorted(series, key=lambda item: order.index(item[0])))
    return ordered, tuple(colors[name] for name, _ in ordered)


def _count_category(count: int) -> str:
    return [label for label, smallest in COUNT_BINS if int(count) >= smallest][-1]


def _partnership_count_map(by_county: pd.DataFrame, counties: pd.DataFrame,
                           title: str = "Partnerships serving each county") -> CountyMap:
    category_of = {fips: _count_category(n) for fips, n in zip(by_county["county_fips"], by_county["partnerships"],
                                                                strict=True)}
    labels = tuple(label for label, _ in COUNT_BINS)
    chosen = by_county["is_selected"].fillna(False).astype(bool) if "is_selected" in by_county else None
    drawn = set(counties["county_fips"].astype(str))  # a region across a state line: only its counties on the map
    outlined = (tuple(fips for fips in by_county.loc[chosen, "county_fips"].astype(str) if fips in drawn)
                if chosen is not None and chosen.any() and not chosen.all() else ())
    return CountyMap(title, counties, category_of,
                     tuple(zip(labels, COUNT_COLOURS, strict=True)), "Partnerships", outlined)


def _served_map(row: Mapping[str, object], counties: pd.DataFrame, names: Mapping[str, str] | None = None,
                ) -> CountyMap:
    """A partnership's map of ``counties``: those it serves (``row``: its directory row: county_fips, name,
    served_by_region), named under it as its profile names them (``profile.served_counties_line``) by ``names``
    (county_fips -> name; default: those of ``counties``)."""
    served = set(row["county_fips"])  # type: ignore[call-overload]
    category_of = {fips: "served" if fips in served else "not served" for fips in counties["county_fips"]}
    names = names or dict(zip(counties["county_fips"], counties["county_name"], strict=True))
    return CountyMap(f"Counties {row['name']} serves", counties, category_of,
                     (("served", style.BLUES[4]), ("not served", style.BLUES[1])), "Counties",
                     named=served_counties_line(row, names) + ".")


def county_map_of(directory: pd.DataFrame, by_county: pd.DataFrame, counties: pd.DataFrame,
                  chosen: str | None) -> CountyMap | None:
    """The view's county map: the counties one chosen partnership serves, else how many partnerships in view serve
    each county; None without counties."""
    if chosen and not directory.empty:
        return _served_map(directory.iloc[0].to_dict(), counties)
    return _partnership_count_map(by_county, counties) if not counties.empty else None


def no_map_because(directory: pd.DataFrame, by_county: pd.DataFrame, chosen: str | None,
                   loaded: frozenset[str]) -> str:
    """Why a report has no county map although it has partnerships: no county is known to be served by any of them
    (``by_county``: ``partnerships_by_county``, as ``partnership_served_counties`` says), or the chosen partnership
    states none, so a map would colour every county "none"; "" when it has one."""
    if directory.empty:
        return ""
    if chosen and len(directory.iloc[0]["county_fips"]) == 0:
        return "No county map: the registry does not state which counties this partnership serves."
    if by_county.empty or not by_county["partnerships"].gt(0).any():
        # said as a handout says it (a one-pager for legislators read "(partnership_counties.csv on the Data page)")
        return ("No county map: which counties the partnerships serve is not loaded yet."
                if "partnership_counties" not in loaded else
                "No county map: no partnership in view states a county, or a region with counties.")
    return ""


# The state's own records a report can rest on, in the order the data line names them.
PROGRAM_RECORDS = ("partnerships", "participants", "wage_records", "employer_surveys", "grants", "partners",
                   "system_changes", "stories")


def data_source(view: ViewOptions, loaded: frozenset[str]) -> str:
    """Where the numbers come from, in one line, naming only the records that are loaded (it once listed
    participants, wage records, surveys and grants for a state that had loaded only its partnerships)."""
    if view.is_demo:
        return "Sectorscope's synthetic demo state (made-up records on Pennsylvania's real counties)"
    when = f", last loaded {view.last_loaded}" if view.last_loaded else ""
    records = [TABLE_WORDS.get(name, name) for name in PROGRAM_RECORDS if name in loaded]
    if not records:
        return "No program records are loaded yet"
    return f"The state's program records ({', '.join(records)}){when}"


def _row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per loaded table and per group of optional answers (``availability.available``: the same rule)."""
    tables = pd.concat([run_query(con, "loaded_tables"), run_query(con, "answers_collected")], ignore_index=True)
    return {name: int(rows) for name, rows in zip(tables["table_name"], tables["rows_now"], strict=True)}


def _for_handout(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """``sections`` as a deck, a one-pager or slides hand them to a meeting: a card resting on a table never loaded
    says so in its first sentence ("No partners are loaded yet."), without the staff's instruction that follows
    ("Load partners.csv on the Data page ...": a reviewer found it in a deck for legislators)."""
    def short(card: Headline) -> Headline:
        if card.absence is not Absence.NOT_LOADED or ". " not in card.basis:
            return card
        return replace(card, basis=card.basis.split(". ", 1)[0] + ".")

    return tuple(replace(section, headlines=tuple(short(card) for card in section.headlines))
                 for section in sections)


def build_report(con: duckdb.DuckDBPyConnection, view: ViewOptions, selection: Selection, *, public: bool,
                 min_cell: int, today: dt.date | None = None) -> Report:
    """The report of ``selection`` (one partnership when ``selection.partnership_id`` is set), with public-mode
    suppression at ``min_cell`` when ``public``. Each figure comes from the page's own query and metric function."""
    k = min_cell if public else None
    chosen = selection.partnership_id
    # a partnership's report is about all of it, whatever the sidebar's sectors and counties (as its profile; its
    # footers name the partnership and the years): counted by those counties, one deck said 81 exiters where the
    # profile said 138, and "n = 512 exiters" under its grant dollars per exiter
    params = {**selection.query_parameters(), "sector_codes": [], "county_fips": []} if chosen else \
        selection.query_parameters()
    only = [chosen] if chosen else []
    rows = _row_counts(con)
    loaded = frozenset(name for name, count in rows.items() if count > 0)  # as availability.loaded_tables
    # the regions by name: a region's deck said "1 region (8 counties in all)" on every slide and never its name
    filters = describe_selection(selection, view.options, view.sector_names, view.county_names, view.region_names,
                                 in_full=False)

    directory = run_query(con, "partnership_directory", **params, public_only=public)
    if chosen:
        directory = directory[directory["partnership_id"] == chosen].reset_index(drop=True)
        if directory.empty:  # not active in these years: still its report, saying so (not a state's, unnamed)
            inactive = _inactive_partnership_report(con, view, selection, loaded, public, min_cell, today)
            if inactive is not None:
                return inactive
    ids = list(directory["partnership_id"])
    worker_figures = workers.headline_figures_of_row(
        run_query(con, "worker_headline_figures", **params, partnership_ids=only, public_only=public).iloc[0])
    surveys = run_query(con, "employer_survey_outcomes", **params, partnership_ids=only, public_only=public)
    responses = run_query(con, "employer_survey_responses", **params, public_only=public)
    if chosen:
        responses = responses[responses["partnership_id"] == chosen]
    partners = run_query(con, "partners_of_partnerships", partnership_ids=ids)
    grants = run_query(con, "grants_of_partnerships", partnership_ids=ids, year_from=selection.year_from,
                       year_to=selection.year_to)
    people = run_query(con, "partnership_people_figures", year_from=selection.year_from, year_to=selection.year_to,
                       partnership_ids=ids, public_only=public)
    changes = run_query(con, "system_changes_of_partnerships", partnership_ids=ids, year_from=selection.year_from,
                        year_to=selection.year_to)
    stories = run_query(con, "stories_of_partnerships", partnership_ids=ids, consented_only=public)
    by_county = run_query(con, "partnerships_by_county", **params, state_fips=view.state_fips, public_only=public)
    counties = run_query(con, "state_counties", state_fips=view.state_fips)
    # the Worker outcomes page's own figures, computed in DuckDB: one row per group, never a row per person
    groups = run_query(con, "worker_group_outcomes", **params, by_partnership_county=False, public_only=public,
                       partnership_ids=only, confidence=workers.CONFIDENCE, groupings=list(workers.BY_SECTOR_OR_YEAR))
    everyone = workers.overall_row(groups)
    # no coverage note: it is about the page's jobs-after-exit cards, which a deck leaves out, and it said "the WIOA
    # indicators ... follow below" on a slide that no WIOA slide follows

    map_missing = no_map_because(directory, by_county, chosen, loaded)
    county_map = None if map_missing else county_map_of(directory, by_county, counties, chosen)
    if chosen and not directory.empty:
        row = directory.iloc[0]
        served = list(row["county_fips"])
        by_county = by_county.assign(partnerships=by_county["county_fips"].isin(served).astype(int))
        title = str(row["name"])
        # the deck is about this partnership, whatever the sidebar's sectors and counties: its footers say so
        # the state's exit years are not the partnership's ("2005–2025 (exits 2015–2025) · active 2005–2008" of one
        # with no exiter on record: a code reviewer): its own years note says what it holds
        filters = f"{title} · {years_in_words(selection, view.options, records='')}" + (
            own_years_note(row, selection.year_from, selection.year_to) if view.options.dated else "")
        subtitle = partnership_line(row, counties=counties_served(served, "partnership_counties" in loaded,
                                                                  row.get("served_by_region")))
    else:
        title = "Sector strategies at a glance"
        subtitle = f"{len(directory):,} partnership{'' if len(directory) == 1 else 's'} in view"

    # One partnership with no one on record at all reads "None on record", as its profile (headlines.none_on_record)
    # and the directory ("not on record") say: its deck said "No participant left a program in this selection"
    nobody, outside = _nobody_on_record(con, view, selection, directory, public, int(everyone["exiters"]),
                                        surveys.empty, changes.empty)
    # and one whose years reach past the records: its cards count the years on record only, and say so
    partly = {EXITER: "", SURVEY: ""}
    if chosen and not directory.empty:
        for kind, records, on_record in ((EXITER, "exits", view.options.exit_years),
                                         (SURVEY, "surveys", view.options.survey_years)):
            note = partly_outside_records_note(directory.iloc[0], records, on_record,
                                               (selection.year_from, selection.year_to))
            partly[kind] = f"{note}." if note else ""
    # --- Workers ------------------------------------------------------------------------------------------------
    if not rows.get("participants"):
        worker_section = Section(WORKERS, absent="No participant records are loaded for this state yet.",
                                 absence=Absence.NOT_LOADED)
    elif nobody[EXITER]:
        worker_section = Section(WORKERS, absent=headlines.none_on_record_text(EXITER, outside[EXITER]),
                                 absence=Absence.NOT_ON_RECORD)
    elif everyone["exiters"] == 0:
        on_record = view.options.no_exits_on_record(selection) or _sentence(outside[EXITER])
        worker_section = Section(WORKERS, absent="No participant left a program in this selection."
                                 + (f" {on_record}." if on_record else ""), absence=Absence.EMPTY,
                                 card_basis=f"{on_record}: none in the years chosen" if on_record else "")
    else:
        by, heading, names = wage_gain_grouping(groups, chosen, view.sector_names,
                                                dict(zip(directory["partnership_id"], directory["name"], strict=True)))
        # the Overview's (and a profile's) own cards: a presented page and its slides show the same figures, and
        # the published average wage gain sits beside the mean (the Worker page's medians are that page's)
        worker_section = Section(
            WORKERS, note=headlines.COUNTIES_NOTE if selection.county_fips and not chosen else partly[EXITER],
            headlines=tuple(headlines.worker_headlines(worker_figures, k, loaded, say_trainers=not chosen)),
            charts=(wage_gain_chart(workers.groups_of(groups, by), by, names, heading, k, loaded,
                                    workers.overall_row(groups)["median_gain"]),
                    conditions_chart(workers.conditions_of_row(everyone), k, loaded)))
    # --- Employers ----------------------------------------------------------------------------------------------
    if not rows.get("employer_surveys"):
        employer_section = Section(EMPLOYERS, absent="No employer surveys are loaded for this state yet.",
                                   absence=Absence.NOT_LOADED)
    elif nobody[SURVEY]:
        employer_section = Section(EMPLOYERS, absent=headlines.none_on_record_text(SURVEY, outside[SURVEY]),
                                   absence=Absence.NOT_ON_RECORD)
    elif surveys.empty:
        on_record = view.options.no_surveys_on_record(selection) or _sentence(outside[SURVEY])
        employer_section = Section(EMPLOYERS, absent="No surveyed employer in this selection."
                                   + (f" {on_record}." if on_record else ""), absence=Absence.EMPTY,
                                   card_basis=f"{on_record}: none in the years chosen" if on_record else "")
    else:
        # a partnership's own years (``partly``), else the years of the surveys where the view's, said with the
        # exits in every footer, reach past them; never in public (the release publishes no year of employers')
        say_surveys = not chosen and not public
        surveys_years = view.options.counted_survey_years(selection) if say_surveys else ""
        employer_section = Section(
            EMPLOYERS, headlines=tuple(headlines.employer_headlines(surveys, k, loaded, surveys_years)),
            charts=(survey_chart(responses, k, loaded, *((THIS_PARTNERSHIPS_EMPLOYERS,) if chosen else ())),),
            note=view.options.surveys_counted_note(selection) if say_surveys else partly[SURVEY],
            years_counted=surveys_years)
    # --- Partnerships, systems change, community ------------------------------------------------------------------
    if not rows.get("partnerships"):
        # never loaded; a selection without partnerships is a true 0 with cards as on the Overview (a county no
        # partnership serves read "No partnership in this selection" instead of "0 of 1 counties served", and lost
        # the residents who left poverty)
        reason = "No partnership is loaded for this state yet."
        partnership_section = Section(PARTNERSHIPS, absent=reason, absence=Absence.NOT_LOADED)
        systems_section = Section(SYSTEMS, absent=reason, absence=Absence.NOT_LOADED)
        community_section = Section(COMMUNITY, absent=reason, absence=Absence.NOT_LOADED)
    else:
        partnership_cards = headlines.partnership_headlines(directory, partners, grants, people, loaded,
                                                            view.state_fips, public, k,
                                                            view.options.exits_note(selection),
                                                            whole_state=selection.whole_state
                                                            and not view.is_demo,  # a real state's count only
                                                            ratio_years=view.options.ratio_years(selection),
                                                            no_exits_on_record=view.options.no_exits_on_record(
                                                                selection))
        if chosen:  # a deck about one partnership: "Partnerships in view: 1" beside a state's count said nothing
            partnership_cards = [card for card in partnership_cards if card.label != "Partnerships in view"]
            partnership_cards = headlines.about_this_partnership(_grants_of_other_years(
                con, partnership_cards, chosen, grants.empty and bool(rows.get("grants"))))
        partnership_cards = _on_record(partnership_cards, headlines.EXITER_FUNDING_CARDS, EXITER, nobody, outside)
        none_in_view = "No partnership in this selection."  # what the grants and changes charts lack, if so
        grant_chart = grants_chart(grants, bool(rows.get("grants")),
                                   *((headlines.THIS_PARTNERSHIP,) if chosen else ()))
        partnership_section = Section(PARTNERSHIPS, headlines=tuple(partnership_cards), charts=(
            replace(grant_chart, absent=none_in_view, absence=Absence.EMPTY) if directory.empty and grant_chart.absent
            else grant_chart,))
        if not rows.get("system_changes"):
            systems_section = Section(SYSTEMS, absent="No systems-change log is loaded for this state yet.",
                                      absence=Absence.NOT_LOADED)
        else:
            change_chart = changes_chart(changes, True)
            # a partnership that never logged a change: "None on record", not "None in selection" (its deck covers
            # all its years)
            systems_cards = _on_record(headlines.systems_headlines(changes, len(directory), loaded, public),
                                       (headlines.MOST_COMMON_CHANGE_CARD,), CHANGE, nobody, outside)
            systems_section = Section(SYSTEMS, headlines=tuple(
                headlines.about_this_partnership(systems_cards) if chosen else systems_cards), charts=(
                replace(change_chart, absent=none_in_view, absence=Absence.EMPTY) if directory.empty
                else change_chart,))
        community_cards = headlines.outside_the_records(
            headlines.community_headlines(by_county, worker_figures, len(stories), k, loaded, len(directory),
                                          stories_with_consent=int(stories["consent_public"].sum())),
            view.options.no_exits_on_record(selection), headlines.EXITER_COMMUNITY_CARDS)
        community_cards = _on_record(community_cards, headlines.EXITER_COMMUNITY_CARDS, EXITER, nobody, outside)
        if chosen:  # the counties it serves, not "3 of 67, 4%" as if the state's coverage were in question
            served = headlines.counties_served_headline(by_county, loaded, public)
            community_cards = [served if card.label == headlines.COUNTIES_CARD else card for card in community_cards]
        community_section = Section(COMMUNITY, headlines=tuple(community_cards))
    sections = _for_handout((worker_section, employer_section, partnership_section, systems_section,
                             community_section))
    # a real state's slides and handouts named no state (a Colorado analyst: "Adams County" is in 12 states)
    state = codes.state_said(view.state_fips, view.is_demo, selection.county_fips)
    subtitle = f"{subtitle} · {state}" if state else subtitle
    return Report(title, subtitle, filters, today or dt.date.today(), data_source(view, loaded), view.is_demo, public,
                  min_cell, sections, county_map,
                  tuple(zip(directory["name"], directory["sector_name"], strict=True)), chosen, map_missing,
                  not_public=bool(chosen) and not directory.empty and is_not_public(directory.iloc[0]),
                  not_applied=partnership_filters_left_out(selection, view), state=state)


def partnership_filters_left_out(selection: Selection, view: ViewOptions) -> tuple[str, ...]:
    """What a partnership's report leaves out of the link's filters, in a sentence (none without a partnership or
    such filters): its slides are about all of it, whatever the sidebar's sectors, regions and counties. The Worker
    page of Centre County showed 227 exiters and its deck, without a word, the partnership's 759 (a convener)."""
    if not selection.partnership_id:
        return ()
    # a region's counties are the region, not counties chosen too ("region Bucks Region and counties Bucks County,
    # Carbon County, ..." where only the region was: a convener)
    of_regions = set(counties_of_regions(selection.region_ids, view.options)) if selection.region_ids else set()
    counties = [] if of_regions == set(selection.county_fips) else selection.county_fips
    chosen = [(("sector", "sectors"), [view.sector_names.get(code, code) for code in selection.sector_codes]),
              (("region", "regions"), [view.region_names.get(code, code) for code in selection.region_ids]),
              (("county", "counties"), [view.county_names.get(code, code) for code in counties])]
    named = [f"{words[len(names) > 1]} {', '.join(names)}" for words, names in chosen if names]
    if not named:
        return ()
    return (f"Not applied: the {' and '.join(named)} chosen; a partnership's slides cover all its counties and "
            "its sector.",)


# what one partnership may have none of on record (its profile's words)
EXITER, SURVEY, CHANGE = "exiter", "employer survey", "systems change"


def _nobody_on_record(con: duckdb.DuckDBPyConnection, view: ViewOptions, selection: Selection,
                      directory: pd.DataFrame, public: bool, exiters: int,
                      no_surveys: bool, no_changes: bool = False) -> tuple[dict[str, bool], dict[str, str]]:
    """For one partnership's report (``selection.partnership_id``, its row in ``directory``): whether it has no
    exiter, no employer survey, or no systems change on record in any year (its profile's definition:
    ``headlines.none_on_record``), and where its years lie outside the exits or surveys on record, the note saying
    so (``profile.outside_records_note``, the directory's rule). Counted again over all its years only where the
    selection's years hold none (``exiters``, ``no_surveys``, ``no_changes``). Nothing for a report of several
    partnerships."""
    nobody, outside = {EXITER: False, SURVEY: False, CHANGE: False}, {EXITER: "", SURVEY: "", CHANGE: ""}
    if not selection.partnership_id or directory.empty:
        return nobody, outside
    every_year = {"sector_codes": [], "county_fips": [], "year_from": 0, "year_to": 9999,
                  "partnership_ids": [selection.partnership_id], "public_only": public}
    if exiters == 0:
        nobody[EXITER] = int(run_query(con, "worker_headline_figures", **every_year)["exiters"].iloc[0] or 0) == 0
    if no_surveys:
        nobody[SURVEY] = run_query(con, "employer_survey_outcomes", **every_year).empty
    if no_changes:
        nobody[CHANGE] = run_query(con, "system_changes_of_partnerships", partnership_ids=[selection.partnership_id],
                                   year_from=0, year_to=9999).empty
    row, years = directory.iloc[0], (selection.year_from, selection.year_to)
    # its people in training are read (staff) only where it has no exiter: the profile's row, as its profile
    profile = (run_query(con, "partnership_profile", partnership_id=selection.partnership_id).iloc[0]
               if nobody[EXITER] and not public else row)
    outside = {EXITER: no_exiter_note(profile, view.options.exit_years, years, public),
               SURVEY: outside_records_note(row, "surveys", view.options.survey_years, years), CHANGE: ""}
    return nobody, outside


EVERY_YEAR = (1, 9999)  # the years bounds of a query asked for all of a partnership's records

# a survey chart's bars on a deck of one partnership ("Employers in view": a convener)
THIS_PARTNERSHIPS_EMPLOYERS = "This partnership's employers"


def _grants_of_other_years(con: duckdb.DuckDBPyConnection, cards: list[Headline], partnership_id: str,
                           none_in_years: bool) -> list[Headline]:
    """One partnership's ``cards``, its "Grant dollars $0" saying when its grants did start where ``none_in_years``
    started in the years chosen ("$0 · no grant started in the selected years" on a 2024 slide of a partnership
    funded in 2023 read as never funded: a convener): "... · its 2 grants, $539K, started in 2023"."""
    if not none_in_years:
        return cards
    grants = run_query(con, "grants_of_partnerships", partnership_ids=[partnership_id], year_from=EVERY_YEAR[0],
                       year_to=EVERY_YEAR[1])
    if grants.empty:
        return cards
    # the years themselves: a span "2012–2020" beside none started in 2015–2018 read as a contradiction (a code
    # reviewer)
    years = sorted(set(pd.to_datetime(grants["start_date"]).dt.year.astype(int)))
    started = (f"its {format_counted(len(grants), 'grant')}, {format_compact_dollars(grants['amount_usd'].sum())}, "
               f"started in {in_a_list([str(year) for year in years])}")
    return [replace(card, basis=f"{card.basis} · {started}") if card.label == "Grant dollars" else card
            for card in cards]


def _on_record(cards: list[Headline], labels: tuple[str, ...], kind: str, nobody: Mapping[str, bool],
               outside: Mapping[str, str]) -> list[Headline]:
    """``cards``, those named ``labels`` reading "None on record" where the partnership has no ``kind`` on record."""
    if not nobody[kind]:
        return cards
    return [headlines.none_on_record(card, kind, True, outside[kind]) if card.label in labels else card
            for card in cards]


def _sentence(text: str) -> str:
    """``text`` with a capital first letter ("" stays "")."""
    return text[:1].upper() + text[1:]


def _inactive_partnership_report(con: duckdb.DuckDBPyConnection, view: ViewOptions, selection: Selection,
                                 loaded: frozenset[str], public: bool, min_cell: int,
                                 today: dt.date | None) -> Report | None:
    """The report of the chosen partnership when it was not active in the selected years (or is not public in
    public mode: None, as if it did not exist): named, its line, and every section saying so with its own years."""
    profile = run_query(con, "partnership_profile", partnership_id=selection.partnership_id)
    if profile.empty or (public and not bool(profile["is_public"].fillna(False).iloc[0])):
        return None
    row = profile.iloc[0]
    name = str(row["name"])
    # no advice to choose other years: a deck cannot, and a meeting's audience is not the one choosing (a convener)
    reason = (f"{name} was not active in {selection.years_text} (its years: {years_active(row)}): it has no "
              "figures for these years.")
    sections = tuple(Section(title, absent=reason, absence=Absence.EMPTY)  # years to widen, as a filter's
                     for title in (WORKERS, EMPLOYERS, PARTNERSHIPS, SYSTEMS, COMMUNITY))
    line = partnership_line(row, counties=counties_served(row["county_fips"], "partnership_counties" in loaded,
                                                          row.get("served_by_region")))
    return Report(name, line, f"{name} · {years_in_words(selection, view.options, records='')}",
                  today or dt.date.today(),
                  data_source(view, loaded),
                  view.is_demo, public, min_cell, sections, None, (), selection.partnership_id,
                  not_public=is_not_public(row), not_applied=partnership_filters_left_out(selection, view))


@dataclass(frozen=True)
class Slide:
    """One screen of a deck or presentation: the title slide, a section's figures, a chart, the map or sources."""

    kind: str  # "title", "section", "chart", "map", "sources"
    title: str
    section: Section | None = None
    chart: Chart | None = None


def slide_plan(report: Report) -> list[Slide]:
    """The slides of a report in order: title; per section its figures, then one slide per chart (the map after
    the partnership figures); sources. A section with nothing to show is one slide saying why."""
    slides = [Slide("title", report.title)]
    for section in report.sections:
        slides.append(Slide("section", section.title, section=section))
        if section.absent:
            continue
        slides.extend(Slide("chart", chart.title, section=section, chart=chart) for chart in section.charts)
        if section.title == PARTNERSHIPS and report.county_map is not None:
            slides.append(Slide("map", report.county_map.title, section=section))
    slides.append(Slide("sources", "Sources and definitions"))
    return slides


def is_missing(value: object) -> bool:
    """True for None and NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))
