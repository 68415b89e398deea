"""Headline figures, formatted and suppressed: the Overview's, grouped by the NGA evaluation framework, and the
cards of the Employer outcomes, Funding and Industry pages, all drawn by one card builder (``ui.render``).

Pure functions from query frames to ``Headline`` records; the page only lays them out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from sectorscope import references
from sectorscope.filters import YEARS_WITH_EXITS
from sectorscope.metrics import common, employers, funding, workers
from sectorscope.metrics import labor_market as lm
from sectorscope.metrics.privacy import is_reportable
from sectorscope.present.availability import (
    CONDITION_ANSWERS,
    HIRES_ANSWERS,
    NOT_STATED,
    SHORT_TEXT,
    TURNOVER_ANSWERS,
    WAGE_ANSWERS,
    Absence,
    empty_basis,
    hidden_text,
    missing_tables,
    not_loaded_text,
)
from sectorscope.present.formatting import (
    NO_CHANGE,
    add_up_as_shown,
    count_with_unit,
    format_change_from,
    format_compact_dollars,
    format_count,
    format_counted,
    format_dollars,
    format_leverage,
    format_per_unit,
    format_percent,
    format_points,
    format_ratio,
    format_signed_dollars,
    is_missing,
    year_span,
)
from sectorscope.references import Reference
from sectorscope.words import in_a_list

# About the characters a metric's value shows in a quarter-width card before Streamlit cuts it with an ellipsis.
CARD_VALUE_CHARACTERS = 14


@dataclass(frozen=True)
class Headline:
    """One figure as shown: label, formatted value, what it rests on, its published reference and definition."""

    label: str
    value: str
    basis: str
    definition: str
    reference: Reference | None = None
    suppressed: bool = False
    delta: str | None = None
    delta_color: str = "normal"
    # Why there is no number (never loaded, nothing in the selection, hidden for privacy); None when there is one.
    absence: Absence | None = None
    # How many people or employers a shown figure rests on (the count its basis names), for surfaces that print it
    # short ("n = 4, small n"); None where the figure is hidden, absent or not a share, mean or median of a count.
    n: int | None = None
    # The figure unrounded in ``number_unit`` ("%", "$ an hour"), for a CSV an analyst recomputes from (the value is
    # text as shown: "+$2.40", "14.9%"); None where the card shows no number or has not said it.
    number: float | None = None
    number_unit: str | None = None

    def __post_init__(self) -> None:
        if self.suppressed and self.absence is None:
            object.__setattr__(self, "absence", Absence.HIDDEN)
        if self.absence is not None:  # a card made absent (``replace``) keeps no number of the figure it was
            object.__setattr__(self, "number", None)
            object.__setattr__(self, "number_unit", None)
        # A long value is cut short on a narrow card ("employer …"): its full text is one hover away, in the help.
        if self.absence is None and len(self.value) > CARD_VALUE_CHARACTERS and self.value not in self.definition:
            object.__setattr__(self, "definition", f"{self.definition} In full: {self.value}.")

    @property
    def delta_is_flat(self) -> bool:
        """Is the delta "no change from ..." (drawn without an arrow or colour)?"""
        return self.delta is not None and self.delta.startswith(NO_CHANGE)

    @property
    def value_in_words(self) -> bool:
        """Is the value words rather than a number ("new or changed education program", "Hidden", "No grant in
        2015–2025", "3 kinds, tied")? Cards set such a value smaller than a number: at a number's size a category name
        filled four lines of its card, and "No grant in 2015–2025" broke as "2015–" over "2025" (a convener). A number
        has no word of three letters or more but its unit ("$1.2M", "1.89 : 1", "60 of 67", "-5 pts")."""
        return not any(character.isdigit() for character in self.value) or bool(
            re.search(r"(?!pts\b)[A-Za-z]{3}", self.value))


# what a grant card's medians are of, in its definition
MEDIAN_GRANT_KINDS = ("the median planning and the median implementation grant, the kinds the published grant "
                      "sizes are of (grants of other kinds count in the total)")


def not_loaded(headline: Headline, tables: tuple[str, ...], public: bool = False) -> Headline:
    """The same card saying that the tables it rests on were never loaded (and which file to load)."""
    return Headline(headline.label, SHORT_TEXT[Absence.NOT_LOADED], not_loaded_text(tables, public),
                    headline.definition, headline.reference, absence=Absence.NOT_LOADED)


def _unless_missing(cards: list[Headline], needs: dict[str, tuple[str, ...]], loaded: frozenset[str] | None,
                    public: bool) -> list[Headline]:
    """Replace each card whose tables (``needs[label]``) hold no rows by its "not loaded" version. ``loaded`` is
    what the ``loaded_tables`` query found (``availability.loaded_tables``); None means every table holds rows, for
    tests only: every card function takes ``loaded`` without a default, since a deck once forgot it and showed
    "$0" for grants that were never loaded."""
    out = []
    for card in cards:
        missing = missing_tables(needs.get(card.label, ()), loaded)
        # The first missing table names the card's notice, so cards waiting for the same file are listed together.
        out.append(not_loaded(card, missing[:1], public) if missing else card)
    return out


# What a wage gain rests on: completers with an hourly wage before and after (12,034 on the demo), not every
# completer (13,631, the credential card's n): "completers" alone gave two counts one name.
WAGE_GAIN_UNIT = "completers with both wages"
# the wage gain every card leads with, on every page, deck and handout: the mean, as the published figure compared
# with it is (the Worker page led with the median beside a published mean, the Overview with the mean: a staffer
# quoted +$2.34 and +$2.40 for one selection); the median is said after it, with its 95% interval
MEAN_WAGE_GAIN = "Mean hourly wage gain"
MEAN_WAGE_GAIN_PERCENT = "Mean wage gain, percent"
# one name for the employers' median turnover on the Overview, the Employer page, decks and handouts (the Overview
# said "after" where the Employer page said "at the survey": a staffer)
MEDIAN_TURNOVER_AT_SURVEY = "Median turnover at the survey"


def _guarded(label: str, value: str, n: int, unit: str, definition: str, k: int | None,
             reference: Reference | None = None, delta: str | None = None, delta_color: str = "normal",
             counted: bool = False) -> Headline:
    """A headline resting on ``n`` people or employers; hidden when ``k`` is set and n is below it. A share, mean or
    median of fewer than ``workers.SMALL_N`` is flagged "small n" (a deck's "Below poverty after 17%, -75 pts" of 12
    people stood unflagged beside the published 64% -> 35%); a card that is the count itself (``counted``) is not."""
    basis = count_with_unit(n, unit)
    if n == 0:
        return Headline(label, SHORT_TEXT[Absence.EMPTY], empty_basis(unit), definition, reference,
                        absence=Absence.EMPTY)
    if k is not None and not is_reportable(n, k):
        return Headline(label, hidden_text(k), f"fewer than {k} {unit}", definition, reference, True)
    if not counted and workers.is_small_n(n):
        basis += workers.SMALL_N_NOTE
    return Headline(label, value, basis, definition, reference, delta=delta, delta_color=delta_color,
                    n=None if counted else n)


def _before_after(label: str, result: workers.BeforeAfter, definition: str, k: int | None,
                  reference: Reference, lower_is_better: bool = False) -> Headline:
    """The share after as the value, the change from before as the delta."""
    # whom the share rests on: an empty selection and one whose people lack the answers both read truly
    return _guarded(label, format_percent(result.after), result.n, "people with both answers", definition, k,
                    reference,
                    delta=format_change_from(result.before, result.after),
                    delta_color="inverse" if lower_is_better else "normal")


def worker_headlines(figures: workers.HeadlineFigures, k: int | None,
                     loaded: frozenset[str] | None, say_trainers: bool = False) -> list[Headline]:
    """Impact on workers: wage gain, completion, credentials, poverty, health insurance, paid sick leave.

    ``figures`` from ``queries/worker_headline_figures.sql``; ``loaded`` names the tables holding rows (None: all);
    without participants every card says "not loaded". With ``say_trainers`` (staff) the exiters' card says how many
    partnerships trained them: a region's handout read "Partnerships in view 1" beside 149 exiters, 113 of them
    residents trained by partnerships serving other counties (a convener); and how many have no county recorded,
    where any has (in the state's count, in no region's).
    """
    gain, completion, credential = figures.wage, figures.completion, figures.credential
    poverty, insurance, sick_leave = figures.poverty, figures.insurance, figures.sick_leave
    wage_card = _guarded(MEAN_WAGE_GAIN, format_signed_dollars(gain.mean_gain), gain.n, WAGE_GAIN_UNIT,
                         "Post minus pre hourly wage, mean over completers with both wages"
                         + (f" (median {format_signed_dollars(gain.median_gain)})." if gain.n else "."), k,
                         references.HOURLY_WAGE_GAIN)
    labels = workers.CONDITION_CARD_LABELS
    exiters_card = _guarded("Participants who exited", format_count(figures.exiters), figures.exiters, "people",
                            "People who left the program in the selected years.", k, counted=True)
    # staff only: in public, that some partnership trained one resident of a county is a figure about fewer than k
    if say_trainers and figures.trained_by and exiters_card.absence is None and k is None:
        exiters_card = replace(exiters_card, basis=f"{exiters_card.basis} · trained by "
                                                   f"{format_counted(figures.trained_by, 'partnership')}")
        # the regions' counts add up to the state's less these: ten regional decks summed 17,615 exiters beside the
        # state's 17,700, and nothing said why (an auditor)
        if figures.no_county:
            exiters_card = replace(exiters_card, basis=f"{exiters_card.basis} · {figures.no_county:,} with no "
                                                       "county recorded (in no region's count)")
    cards = [
        exiters_card,
        wage_card,
        _guarded("Completed training", format_percent(completion.share), completion.n, "exiters",  # as on Workers
                 "Share of exiters who completed the training.", k),
        _guarded("Earned a credential", format_percent(credential.share), credential.n, "completers",
                 "Share of completers who earned an industry-recognized credential.", k),
        _before_after(labels["Below the poverty level"], poverty, "Share below the federal poverty level after "
                      "training (change from before), among people with both answers.", k, references.POVERTY,
                      lower_is_better=True),
        # the definition says whose insurance it is (the label is short for a quarter-width card)
        _before_after(labels["Employer health insurance"], insurance, "Share with health insurance offered by their "
                      "employer after training (change from before).", k, references.HEALTH_INSURANCE),
        _before_after(labels["Paid sick leave"], sick_leave, "Share with paid sick leave after training (change "
                      "from before).", k, references.PAID_SICK_LEAVE),
    ]
    conditions = {card: condition for condition, card in labels.items()}  # this card: that condition
    answers = {label: CONDITION_ANSWERS[condition] for label, condition in conditions.items()}
    answers[wage_card.label] = WAGE_ANSWERS
    return _unless_missing(cards, {card.label: ("participants", *([answers[card.label]] if card.label in answers
                                                                  else [])) for card in cards}, loaded, k is not None)


# What the turnover medians rest on: an employer's latest answer per partnership, so an employer in two partnerships
# counts twice ("1,710 employers with both rates" and 136 left out came to more than the 1,752 employers surveyed).
TURNOVER_UNIT = "answers with both rates, one per employer and partnership"


def employer_headlines(surveys: pd.DataFrame, k: int | None, loaded: frozenset[str] | None,
                       surveys_counted: str = "") -> list[Headline]:
    """Impact on employers: survey shares beside the Massachusetts Sector Initiative figures, turnover change;
    ``surveys_counted`` (``FilterOptions.counted_survey_years``: "2012–2013") said beside the employers surveyed where
    the years chosen reach past the surveys on record (a one-pager headed "2008–2013" read "Employers surveyed 140"
    of surveys from 2012: an auditor).

    One definition with the Employer outcomes page: each employer counts once per partnership, with its latest
    survey response in the years (``employers.latest_responses``); shares are yes answers among employers who
    answered; the turnover change is the median paired change among employers with both rates. Without employer
    surveys loaded every card says "not loaded".
    """
    latest = employers.latest_responses(surveys)
    surveyed = int(surveys["employer_id"].nunique())
    shares = [(employers.SURVEY_QUESTIONS[column], column, reference) for column, reference in (
        ("reduced_turnover", references.REDUCED_TURNOVER), ("reduced_rework", references.REDUCED_REWORK),
        ("reduced_complaints", references.REDUCED_COMPLAINTS),
        ("partnership_valuable", references.VALUED_PARTNERSHIP))]
    cards = [_guarded("Employers surveyed", format_count(surveyed), surveyed, "employers",
                      "Distinct employers with a survey response in the selected years.", k, counted=True)]
    if surveys_counted and cards[0].absence is None:
        cards[0] = replace(cards[0], basis=f"{cards[0].basis} · surveys of {surveys_counted}")
    for label, column, reference in shares:
        share = common.share_true(latest[column])
        cards.append(_guarded(label, format_percent(share.share), share.n, "answers, one per employer and partnership",
                              f"Share of employers reporting: {label.lower()} (each employer once per partnership, "
                              "at its latest survey in the years).", k, reference))
    change = employers.turnover_change(latest["turnover_rate_before"], latest["turnover_rate_after"])
    points = format_points(change.median_change)
    cards.append(_guarded(MEDIAN_TURNOVER_AT_SURVEY, format_percent(change.median_after),
                          change.n, TURNOVER_UNIT,
                          "Median annual turnover rate at the latest survey; the delta is the median paired change "
                          "from before joining" + (f" ({format_counted(change.excluded, 'answer')} left out for a "
                                                   "missing rate)." if change.excluded else "."), k,
                          # the median of the employers' changes, not the median after minus the median before:
                          # "from 32%" beside "27%" read as a change of -5 where the median change was -4
                          delta=(NO_CHANGE if points == "0 pts" else points)
                          + f": the median employer's change (median before {format_percent(change.median_before)})",
                          delta_color="inverse"))
    answers = {label: f"{column}_answers" for label, column, _ in shares} | {
        MEDIAN_TURNOVER_AT_SURVEY: TURNOVER_ANSWERS}  # questions a state's survey may never have asked
    return _unless_missing(cards, {card.label: ("employer_surveys", *([answers[card.label]] if card.label in answers
                                                                      else [])) for card in cards}, loaded,
                           k is not None)


# A partnership profile's cards: the Overview's own (same definitions, same n), these six of them.
PROFILE_WORKER_CARDS = ("Participants who exited", MEAN_WAGE_GAIN, "Completed training")
PROFILE_EMPLOYER_CARDS = ("Employers surveyed", "Reduced turnover", "Value the partnership")


def profile_headlines(figures: workers.HeadlineFigures, surveys: pd.DataFrame, k: int | None,
                      loaded: frozenset[str] | None, outside: Mapping[str, str] | None = None) -> list[Headline]:
    """One partnership's cards (``PROFILE_WORKER_CARDS`` then ``PROFILE_EMPLOYER_CARDS``), taken from
    ``worker_headlines`` and ``employer_headlines`` over its people and surveys of all its years: no filter narrows
    them, so a card with no one to count reads "None on record" (not "None in selection", whose filter icon sent a
    user to widen filters that do not apply), and its help says all years, not "the selected years". ``outside``
    ("exiter" / "employer survey" -> ``profile.outside_records_note``) says where its years lie outside the
    records, as its deck does."""
    worker = {card.label: card for card in worker_headlines(figures, k, loaded)}
    employer = {card.label: card for card in employer_headlines(surveys, k, loaded)}
    # with no exiter (or no survey) at all every card of the kind says so; otherwise an empty card keeps its own
    # reason ("no completers with both wages"), which a blanket "no exiter on record" contradicted
    nobody = {"exiter": worker["Participants who exited"].absence is Absence.EMPTY,
              "employer survey": employer["Employers surveyed"].absence is Absence.EMPTY}
    cards = [worker[label] for label in PROFILE_WORKER_CARDS] + [employer[label] for label in PROFILE_EMPLOYER_CARDS]
    return [_over_all_its_years(card, kind, nobody[kind], (outside or {}).get(kind, "")) for card in cards
            for kind in ["exiter" if card.label in PROFILE_WORKER_CARDS else "employer survey"]]


def _over_all_its_years(card: Headline, kind: str, nobody: bool, outside: str) -> Headline:
    """A profile's card: its help about all the partnership's years, and "None on record" where it has no one to
    count (``none_on_record``)."""
    definition = (card.definition or "").replace("in the selected years", "in any year").replace(
        "in the years", "in any year")
    return none_on_record(replace(card, definition=definition), kind, nobody, outside)


def nobody_on_record(kind: str) -> str:
    """What one partnership's figure says when it has no ``kind`` ("exiter", "employer survey") on record at all:
    "no exiter of this partnership on record"."""
    return f"no {kind} of this partnership on record"


def none_on_record(card: Headline, kind: str, nobody: bool, outside: str = "") -> Headline:
    """One partnership's card about all of its years (its profile, its deck and slides, its public deck): the one
    definition of "None on record".

    Where the partnership has no ``kind`` on record at all (``nobody``: its count over all its years is 0) the card
    reads "None on record" with ``nobody_on_record``, and ``outside`` after it where its years lie outside the
    records (``profile.outside_records_note``: "exits on record run 2015–2025; active 2005–2009"); a true count of 0
    (a public release's) reads so too. Otherwise a card with nothing to count keeps its own reason, "on record" in
    place of "in this selection" (a blanket "no exiter on record" contradicted a card of 138 exiters without
    wages). Hidden and never-loaded cards keep their words.
    """
    if card.absence not in (None, Absence.EMPTY) or (card.absence is None and not nobody):
        return card
    if nobody:
        basis = nobody_on_record(kind) + (f" · {outside}" if outside else "")
    else:
        basis = card.basis.replace(" in this selection", " on record")
    return replace(card, value=SHORT_TEXT[Absence.NOT_ON_RECORD], basis=basis, delta=None,
                   absence=Absence.NOT_ON_RECORD)


def none_on_record_text(kind: str, outside: str = "") -> str:
    """A section of one partnership with no ``kind`` on record at all, in a sentence, as its cards say it:
    "None on record: no exiter of this partnership on record (exits on record run 2015–2025; active 2005–2009)."."""
    return (f"{SHORT_TEXT[Absence.NOT_ON_RECORD]}: {nobody_on_record(kind)}" + (f" ({outside})" if outside else "")
            + ".")


def turnover_headlines(change: employers.TurnoverChange, k: int | None,
                       loaded: frozenset[str] | None) -> list[Headline]:
    """The Employer outcomes page's turnover cards over the employers with both rates (``employers.turnover_change``,
    as the Overview's ``MEDIAN_TURNOVER_AT_SURVEY``): the median change, and the medians before joining and at the
    survey. Where no survey holds both rates (``turnover_rate_answers`` not in ``loaded``) each reads "Not loaded",
    as the Overview's card does: "None in selection" sent a state that never collected them to widen its filters."""
    # "the median employer's": 43% before and 37% at the survey beside a change of −3 pts read as −6 (a staffer)
    first = _guarded("Median employer's change in turnover", format_points(change.median_change), change.n,
                     TURNOVER_UNIT, "Median over employers of (turnover at the survey − before joining): the median "
                     "employer's change, which need not equal the median at the survey less the median before.", k)
    if first.absence != Absence.HIDDEN:  # also under "None in selection": the employers left out are in view
        # whom it rests on, then who is left out, then the small-n flag last, as on every card
        counted, flagged, _ = first.basis.partition(workers.SMALL_N_NOTE)
        first = replace(first, basis=f"{counted} · {change.excluded:,} left out for a missing rate"
                        + (workers.SMALL_N_NOTE if flagged else ""))
    cards = [first,
             _guarded("Median turnover before joining", format_percent(change.median_before), change.n, "answers",
                      "Median of the employers' annual turnover before they joined the partnership.", k),
             _guarded(MEDIAN_TURNOVER_AT_SURVEY, format_percent(change.median_after), change.n, "answers",
                      "Median of the same employers' annual turnover at the survey.", k)]
    return _unless_missing(cards, {card.label: ("employer_surveys", TURNOVER_ANSWERS) for card in cards}, loaded,
                           k is not None)


def hires_headlines(summary: employers.HiresSummary, k: int | None, loaded: frozenset[str] | None) -> list[Headline]:
    """Hires from training over the employers reporting them (``employers.hires_summary``): the total, and the mean
    and median per employer; "Not loaded" where no survey gives a number (``hires_from_training_answers``)."""
    n, unit = summary.employers_reporting, "employers reporting"
    cards = [_guarded("Hires from training", format_count(summary.hires), n, unit,
                      "People the surveyed employers hired from the partnerships' training, each employer's answers "
                      "summed.", k, counted=True),
             _guarded("Per employer (mean)", format_per_unit(summary.mean_per_employer), n, unit,
                      "Hires from training per employer reporting, mean.", k),
             # a median of whole numbers may end in a half (6.5): written as the mean beside it, not rounded to 7
             _guarded("Per employer (median)", format_per_unit(summary.median_per_employer), n, unit,
                      "Hires from training per employer reporting, median.", k)]
    return _unless_missing(cards, {card.label: ("employer_surveys", HIRES_ANSWERS) for card in cards}, loaded,
                           k is not None)


PARTNER_GAPS = (("no_education", "No education provider", "No K-12 or postsecondary partner or convener."),
                ("no_employer", "No outside employer", "No employer partner other than the convener."),
                ("no_labor_or_community", "No labor/community",
                 "No labor, community or social-services partner or convener."))


def partner_gap_headlines(composition: pd.DataFrame) -> list[Headline]:
    """How many partnerships in view lack an education provider, an employer beyond the convener, or a labor or
    community partner (``funding.partner_composition``: the first is the complement of the Overview's "With an
    education partner")."""
    count = len(composition)
    of_count = f"of {format_counted(count, 'partnership')}"
    return [_or_empty(count == 0, Headline(label, format_count(int(composition[flag].sum())),
                                           f"{format_percent(composition[flag].mean())} {of_count}" if count else "",
                                           meaning))
            for flag, label, meaning in PARTNER_GAPS]


def industry_headlines(ranked: pd.DataFrame, jobs_start: float, jobs_end: float, start: int, end: int,
                       level_name: str, reference_name: str,
                       loaded: frozenset[str] | None = None, sectors_chosen: bool = False) -> list[Headline]:
    """The Industry page's cards from QCEW: the area's jobs (and their change since ``start``), its industries at
    ``level_name``, those concentrated and growing (LQ ≥ ``lm.STRONG_LQ`` against ``reference_name``, jobs grown),
    and those of them no partnership in view covers. With one year, growth is unknown ("needs 2 years"), not 0;
    with no partnership ever loaded (QCEW alone), which industries partnerships cover is not loaded (it counted
    every strong industry as one "with no partnership"). With ``sectors_chosen`` (``ranked`` then holds the chosen
    sectors' industries) the jobs card is theirs: the sum of the industries' private jobs, a lower bound where one
    is suppressed, beside the area's jobs in all industries (it read "877,620, all industries" beside "Industries 1"
    of Healthcare: a staffer)."""
    has_growth = bool(ranked["cagr"].notna().any())
    # no growth: one year chosen, or (two years) every industry's employment suppressed in one of them
    needs_two_years = "needs 2 years" if start == end else "unknown (suppressed)"
    # concentrated (or its LQ unknown) with its growth unknown, partial or suppressed: not counted, and said (a region
    # of the demo read "0" concentrated and growing where 5 of its industries above 1.2 had a partial change only)
    undecided = lm.strong_undecided(ranked)
    uncovered = undecided & ranked["coverage"].eq("none") if "coverage" in ranked else undecided

    lq_known = ranked["lq"].notna() if "lq" in ranked else pd.Series(False, index=ranked.index)

    def unknown_note(which: pd.Series) -> str:
        """Those of ``which`` with an LQ at or above the threshold and those whose LQ is not known (suppressed), apart:
        17 suppressed industries of a county read "17 more industries with LQ ≥ 1.2" (a staffer)."""
        if not has_growth:
            return ""
        above, unknown = int((which & lq_known).sum()), int((which & ~lq_known).sum())
        return "".join([
            f" · {format_counted(above, 'more industry', 'more industries')} with LQ ≥ {lm.STRONG_LQ}, growth not "
            "known" if above else "",
            f" · {format_counted(unknown, 'more industry', 'more industries')} with LQ and growth not known"
            if unknown else ""])
    jobs_card = Headline(f"Jobs, {end}", format_count(jobs_end), "annual average, all industries and ownerships",
                         "Annual average employment, all industries and ownerships (QCEW).",
                         delta=None if start == end else f"{format_percent(lm.percent_change(jobs_start, jobs_end), 1)}"
                                                          f" since {start}")
    if sectors_chosen:
        employment = pd.to_numeric(ranked["employment"], errors="coerce")
        withheld = int(employment.isna().sum() + ranked["status"].eq("partly suppressed").sum())
        jobs_card = Headline(
            f"Jobs in these industries, {end}", ("≥ " if withheld and employment.notna().any() else "")
            + format_count(employment.sum(min_count=1)),
            f"private, the {format_counted(len(ranked), 'industry', 'industries')} shown · of "
            f"{format_count(jobs_end)} in all industries and ownerships"
            + (f" · {format_counted(withheld, 'industry', 'industries')} suppressed in part or whole: at least"
               if withheld else ""),
            "Annual average private employment of the industries of the sectors chosen (a sector covering part of "
            "an industry counts all of it), beside the area's employment in all industries and ownerships (QCEW).")
    return [
        jobs_card,
        Headline("Industries", format_count(len(ranked)), f"{level_name} with private jobs in {end}",
                 f"{level_name} with private employment in {end}."),
        Headline("Concentrated and growing", format_count(int(ranked["strong"].sum())) if has_growth
                 else needs_two_years, f"LQ ≥ {lm.STRONG_LQ} and jobs grown "
                 + (f"{start}–{end}" if start != end else "(two years needed)") + unknown_note(undecided),
                 f"LQ ≥ {lm.STRONG_LQ} against {reference_name} and employment grew {start}–{end}." if start != end
                 else f"LQ ≥ {lm.STRONG_LQ} against {reference_name} and employment grew between two years: only "
                      f"{end} is chosen (or loaded), so growth is unknown."),
        *_unless_missing([Headline(
            "…with no partnership", format_count(int(ranked["gap"].sum())) if has_growth else needs_two_years,
            "no partnership in view covers them" + unknown_note(uncovered),
            "No partnership in view serving the area has a sector covering the industry.")],
            {"…with no partnership": ("partnerships",)}, loaded, False),
    ]


def partnership_headlines(directory: pd.DataFrame, partners: pd.DataFrame, grants: pd.DataFrame,
                          people: pd.DataFrame, loaded: frozenset[str] | None,
                          state_fips: str | None = None, public: bool = False,
                          k: int | None = None, exits_note: str = "", whole_state: bool = True,
                          ratio_years: tuple[int, int] | None = None, no_exits_on_record: str = "") -> list[Headline]:
    """Partnership effectiveness: partnerships in view, phases, partners at the table, funding and leverage.

    The state's published count of partnerships stands beside "Partnerships in view" only for the state's own
    count (``state_fips``) of every sector and county (``whole_state``): Pennsylvania's 81 beside Lancaster's 6 or
    one sector's 15 compared nothing.

    A card resting on a table that was never loaded (partners, grants, participants) says so instead of a 0; a
    partnership whose phase is not stated is counted as such, never as inactive. "With an education partner" uses
    the one definition of ``funding.partner_composition`` (a K-12 or postsecondary partner, or a community-college
    convener). The funding cards are ``grant_headlines`` over ``people`` (``queries/partnership_people_figures.sql``:
    each partnership's exiters in the years), as on the Funding page, dollars per person counting the grants of
    ``ratio_years`` (``FilterOptions.ratio_years``: the years with exits on record) and the exiters of the
    partnerships they went to; ``no_exits_on_record`` (``FilterOptions.no_exits_on_record``) where the years chosen
    hold no exit on record.
    """
    count = len(directory)
    phases = directory["phase"]
    active = int(phases.isin(["implementation", "sustaining"]).sum())
    unstated = int(phases.isna().sum())
    # the registry states each partnership's phase today, not in the years chosen ("0 implementing or sustaining"
    # described 2005-2009 by a phase reached since; the Funding page's chart says "phases now");
    # "none implementing", not "0 implementing" (a staffer)
    phase_note = ("phase not stated" if count and unstated == count
                  else f"current phase: {f'{active:,}' if active else 'none'} implementing or sustaining"
                  + (f" · phase not stated for {unstated:,}" if unstated else ""))
    composition = funding.partner_composition(directory, partners)
    partner_counts = composition["partners"]
    with_education = (~composition["no_education"]).mean() if count else float("nan")
    totals = funding.funding_totals(funding.funding_by_partnership(directory, grants, people, ratio_years), grants)
    none_in_view = count == 0
    cards = [
        Headline("Partnerships in view", format_count(count), phase_note,
                 "Partnerships in the selected sectors that serve a selected county and were active in the years. "
                 "Implementing or sustaining: by each partnership's current phase (the registry's), whatever the "
                 "years chosen.",
                 references.PENNSYLVANIA_PARTNERSHIPS.for_state(state_fips) if whole_state else None),
        _or_empty(none_in_view, Headline(
            # one partnership's own count ("Partners per partnership 21 · the one partnership in view": a reviewer)
            PARTNERS_OF_ONE if count == 1 else PARTNERS_CARD, format_ratio(common.median_or_nan(partner_counts), 0),
            ONE_PARTNERSHIP if count == 1 else f"median over {format_counted(count, 'partnership')}",
            "Partner organizations at the table." if count == 1 else
            "Median number of partner organizations at the table.")),
        _or_empty(none_in_view, Headline(
            # of one partnership, yes or no: "0%" of one read as a rate
            "With an education partner", _yes_no(with_education) if count == 1 else format_percent(with_education),
            ONE_PARTNERSHIP if count == 1 else f"of {format_counted(count, 'partnership')}",
            # of one, its definition too: a deck's notes defined a share beside its "Yes" (a convener)
            "Whether the partnership has a K-12 or postsecondary partner, or is convened by a community college."
            if count == 1 else
            "Share of partnerships with a K-12 or postsecondary partner, or convened by a community college.")),
    ]
    needs = {"Partnerships in view": ("partnerships",), PARTNERS_CARD: ("partners",), PARTNERS_OF_ONE: ("partners",),
             "With an education partner": ("partners",)}
    return _unless_missing(cards, needs, loaded, public) + grant_headlines(
        totals, count, loaded=loaded, public=public, k=k, exits_note=exits_note,
        counted_years=year_span(*ratio_years) if ratio_years else YEARS_COUNTED,
        no_exits_on_record=no_exits_on_record)


# Said wherever the Overview's figures meet with counties chosen (its page, its slides): people and partnerships are
# sliced by the counties differently (README: "What the filters mean")
COUNTIES_NOTE = ("People who live in the chosen counties, whichever partnership trained them. Employers whose "
                 "worksite is in a chosen county, whichever partnership surveyed them. Partnerships, their grants and "
                 "changes: those serving a chosen county.")
# Said under a county map when counties are chosen (the Overview, the Partnerships page, a deck's map): the map keeps
# every county, so a county outside the choice counted partnerships the directory of 5 did not list (a reviewer:
# "12" in Philadelphia on a map of the Westmoreland region's 5 partnerships)
MAP_COUNTS_NOTE = ("Every county is counted, the chosen ones {marked}: a county's count is of the partnerships in the "
                   "sectors and years chosen that serve it, whether or not it was chosen.")
# A card over a single partnership says so, not "median over 1 partnership" or "4 grants to 1 of 1 partnership"
ONE_PARTNERSHIP = "the one partnership in view"
# ... and on a deck or slides of one partnership, which have no "view" ("Partners at the table 18 · the one
# partnership in view" read as the dashboard's words: a convener)
THIS_PARTNERSHIP = "this partnership"


def about_this_partnership(cards: list[Headline]) -> list[Headline]:
    """``cards`` as a deck or slides of one partnership say them: "this partnership" for ``ONE_PARTNERSHIP``."""
    return [replace(card, basis=card.basis.replace(ONE_PARTNERSHIP, THIS_PARTNERSHIP)) for card in cards]


PARTNERS_CARD, PARTNERS_OF_ONE = "Partners per partnership", "Partners at the table"
# The years a ratio of grant dollars to people counts, where no caller names them
YEARS_COUNTED = "the years counted"
WHEREVER_THEY_LIVE = "(wherever they live)"  # a ratio's people: its partnerships' exiters, not the chosen counties'
PER_PERSON_MEANING = ("The dollars of the grants that started in the years counted (the chosen years with exits on "
                      "record) to partnerships with people of those years, divided by those people; a simple ratio, "
                      "not a cost-effectiveness estimate. A grant started before them is not counted, though it may "
                      "have paid for their first exiters.")


def per_person_unit(noun: str, funded: int, counted_years: str, partnership_count: int) -> str:
    """Whom grant dollars per exiter (``noun`` "exiter") or per completer are divided by, after "n = 1,234":
    "exiters (wherever they live) of the 51 partnerships funded in 2015–2025" (``funded``: those with a grant started
    in ``counted_years``), "... of the partnership funded in 2025"; "... of this partnership" with one in view, and
    "... of these partnerships" where none was funded (the card then says why it has no number).

    Their own exiters, wherever they live, and said so (``WHEREVER_THEY_LIVE``): not the "Participants who exited"
    card's people, who live in the chosen counties whichever partnership trained them (a region's deck read 538
    exiters counted and 161 left out beside 792 participants, unexplained: a reviewer); and only the funded
    partnerships': the exiters of every partnership in view once divided the grants of a few (ENRG in 2025: $1,141
    per participant for a grant to a partnership with no exiter)."""
    if partnership_count == 1:
        return f"{noun}s {WHEREVER_THEY_LIVE} of this partnership"
    if funded == 0:
        return f"{noun}s {WHEREVER_THEY_LIVE} of these partnerships"
    which = "the partnership" if funded == 1 else f"the {funded:,} partnerships"
    return f"{noun}s {WHEREVER_THEY_LIVE} of {which} funded in {counted_years}"


def left_out_text(people: int, partnerships: int, noun: str, k: int | None = None) -> str:
    """The people a ratio of grant dollars leaves out, their partnerships having no grant in the years it counts:
    "6,153 exiters of 25 partnerships without a grant in those years left out"; "" for none. In a public view (``k``)
    a number of people below k reads "fewer than k"."""
    if people == 0:
        return ""
    counted = (f"fewer than {k} {noun}s" if k is not None and not is_reportable(people, k)
               else format_counted(people, noun))
    return f"{counted} of {format_counted(partnerships, 'partnership')} without a grant in those years left out"


def return_left_out_text(totals: Mapping[str, float], counted_years: str, sectors_without: list[str],
                         k: int | None = None) -> str:
    """What the earnings return by sector leaves out (``funding.earnings_return_by``: a sector's grants against the
    gains of the partnerships they went to), in a sentence: "By sector, the completers of the 51 partnerships with a
    grant started in 2015–2025; 4,717 completers of 25 partnerships without a grant in those years left out.", and
    the sectors that then have no bar (``sectors_without``, names). ``totals`` is ``funding.funding_totals``."""
    funded = int(totals.get("completer_partnerships", totals["ratio_partnerships"]))
    which = ("no partnership" if funded == 0 else "the partnership" if funded == 1  # "the 0 partnerships": a reviewer
             else f"the {funded:,} partnerships")
    left = left_out_text(int(totals["completers_left_out"]), int(totals["completer_partnerships_left_out"]),
                         "completer", k)
    left = "; ".join(part for part in (left, dollars_left_out_text(totals, "completer")) if part)
    text = f"By sector, the completers of {which} with a grant started in {counted_years}" + (
        f"; {left}." if left else ".")
    if sectors_without:  # all their partnerships with exiters left out
        text += f" {in_a_list(sectors_without)}: no partnership with completers had a grant then, so no bar."
    return text


def grant_headlines(totals: Mapping[str, float], partnership_count: int, *, per_completer: bool = False,
                    loaded: frozenset[str] | None, public: bool = False,
                    k: int | None = None, exits_note: str = "", counted_years: str = YEARS_COUNTED,
                    no_exits_on_record: str = "") -> list[Headline]:
    """Grant dollars, leverage, and grant dollars per exiter (and per completer with ``per_completer``) of the
    partnerships in view: the one set of funding cards of the Overview, the Funding page and the decks.

    ``totals`` is ``funding.funding_totals``: dollars of the grants that started in the years; leverage = non-state
    / state dollars; per exiter = the dollars of the grants started in ``counted_years`` (the years with exits
    on record, ``FilterOptions.ratio_years``, in words) / the exiters in those years of the partnerships those grants
    went to, wherever they live (dollars and people of the same partnerships and years; the Overview once divided by
    the exiters living in the selected counties, so a county filter gave two values). The exiters of partnerships
    without such a grant are left out and counted in the basis (``left_out_text``); where the funded partnerships
    had no exiter the card has no number. A ratio over fewer than ``k`` people is hidden. ``exits_note``
    (``FilterOptions.exits_note``) is added to the ratios' basis where the years reach past the exits on record,
    saying which years they count; where they hold no year of exits on record at all (``no_exits_on_record``,
    ``FilterOptions.no_exits_on_record``: "Exits on record run 2015–2025") the ratios' basis says so, as the exiter
    cards beside them do. The years are said once: where a ratio's n line names them ("exiters of the 51
    partnerships funded in 2015–2025"), why follows them ("(the years with exits on record)") instead of the note.
    """
    # With no partnership in view there are no grants to add up: "none in this selection", not "$0" (a true $0 is
    # partnerships in view that got no grant in the years)
    none_in_view = partnership_count == 0
    # the years reach past the exits on record: an n line naming the years counted says why beside them, where the
    # note after it said them again ("funded in 2017–2019 · ... · grants and exits of 2017–2019, the years ...")
    reach_past_exits = bool(exits_note) and not no_exits_on_record
    years_counted = f"{counted_years} ({YEARS_WITH_EXITS})" if reach_past_exits else counted_years
    # published grant sizes are per grant: beside the medians of the same kinds, never beside a total alone
    medians = [f"{kind} {format_compact_dollars(totals.get(f'median_{kind}_grant'))}"
               for kind in ("planning", "implementation") if not is_missing(totals.get(f"median_{kind}_grant"))]
    cards = [
        # the medians first: a one-pager's tile drops a basis's last parts to fit, and the published sizes in its
        # footer then stood beside the total alone
        Headline("Grant dollars", format_compact_dollars(totals["grant_dollars"]),
                 (f"median grant: {', '.join(medians)} · " if medians else "")
                 # a true $0 says of which years: "$0 · 0 grants to the one partnership in view" on a 2024 slide
                 # read as a partnership never funded, its grants having started in 2023 (a convener)
                 + (f"{format_counted(int(totals['grants']), 'grant')} to " if int(totals["grants"]) else
                    "no grant started in the selected years, to ") + (
                     ONE_PARTNERSHIP if partnership_count == 1 else
                     f"the {format_counted(partnership_count, 'partnership')} in view" if not int(totals["grants"])
                     else f"{int(totals['funded_partnerships']):,} of "
                          f"{format_counted(partnership_count, 'partnership')}"),
                 # the medians' definition where they are on the card (a deck's notes defined them beside "$0")
                 "Grants that started in the selected years, all funders"
                 # "other" grants left out of the medians without a word (a staffer): the published sizes are of
                 # the two kinds alone
                 + (f"; {MEDIAN_GRANT_KINDS}." if medians else "."),
                 references.GRANT_RANGES if medians else None),
        # no grant at all: no ratio to speak of ("no state $ · state $0 · non-state $0" read as a finding), and
        # not "None in selection" either, beside partnerships in view: "No grant", as the Funding table says
        _no_grant_if(int(totals["grants"]) == 0 and not none_in_view, Headline(
            # in words on a card read to a room ("Leverage: no state $" on a slide: a convener); a table's cell
            # keeps the short form
            "Leverage", "No state dollars" if is_missing(totals["leverage"]) else format_leverage(totals["leverage"]),
            f"state {format_compact_dollars(totals['state_dollars'])} · non-state "
            f"{format_compact_dollars(totals['non_state_dollars'])}" + (
                "" if add_up_as_shown(totals["grant_dollars"], (totals["state_dollars"], totals["non_state_dollars"]))
                else " (rounded)"),
            "Non-state dollars (federal, private, philanthropic, employer match) per state dollar."),
            "the selected years"),
        _per_person("Grant dollars per exiter", totals, "participant", partnership_count, years_counted, k),
    ]
    if per_completer:
        cards.append(_per_person("Grant dollars per completer", totals, "completer", partnership_count, years_counted,
                                 k))
    cards = [_or_empty(none_in_view, card) if card.absence is None else card for card in cards]
    someone = totals["ratio_participants"] + totals["participants_left_out"] > 0  # an exiter of any partnership
    if not none_in_view and totals["ratio_dollars"] == 0 and someone:
        # no grant started in the years counted: no dollars per person to speak of ("$0 per participant" for 184
        # exiters read as training paid by no one; their grants started in other years)
        # beside grants of other years ("Grant dollars $920K" on a deck): not "No grant" alone
        in_other_years = int(totals["grants"]) > 0
        # the years said in the value: "No grant in the years counted" beside "Grant dollars $769K" read as a
        # contradiction (a convener reviewer); and when the grants beside it started ("$920K" beside "No grant in
        # 2015–2025": a convener)
        started = ""
        if in_other_years and not is_missing(totals.get("first_grant_year")):
            span = year_span(int(totals["first_grant_year"]), int(totals["last_grant_year"]))
            whose = "its grants" if partnership_count == 1 else "the grants in view"
            started = f"{YEARS_COUNTED} · {whose} started {span}"
        cards = [_no_grant_if(card.label.startswith("Grant dollars per") and card.absence in (None, Absence.EMPTY),
                              card, *((started,) if started else ()),
                              value=f"No grant in {counted_years}" if in_other_years else None)
                 for card in cards]
    if no_exits_on_record and not none_in_view:
        # no year chosen holds an exit on record: said as every exiter card beside it says it ("None in selection ·
        # Exits on record run 2015–2025: none in the years chosen", the Overview's worker cards), where its basis read
        # "no exiters of these partnerships in this selection"
        cards = [replace(card, basis=f"{no_exits_on_record}: none in the years chosen")
                 if card.label in EXITER_FUNDING_CARDS and card.absence is Absence.EMPTY else card for card in cards]
    if reach_past_exits:
        # also under "None in selection": with years before the exits on record, that is why there is no one (where
        # none of the years holds an exit on record, its basis says so already: "grants counted 2005–2010" beside
        # nobody to divide them by read oddly, a reviewer); not where the basis names the years counted already
        cards = [replace(card, basis=card.basis + exits_note) if card.label.startswith("Grant dollars per")
                 and card.absence in (None, Absence.EMPTY, Absence.NO_GRANT) and years_counted not in card.basis
                 else card for card in cards]
    needs = {"Grant dollars": ("grants",), "Leverage": ("grants",),
             "Grant dollars per exiter": ("grants", "participants"),
             "Grant dollars per completer": ("grants", "participants")}
    return _unless_missing(cards, needs, loaded, public)


# Per kind of person a grant-dollar ratio divides by: its figures in ``funding.funding_totals`` (the ratio, the
# people it rests on, those left out and their partnerships) and the noun on its card
PER_PERSON_FIGURES = {
    "participant": ("cost_per_exiter", "ratio_participants", "participants_left_out",
                    "participant_partnerships_left_out", "exiter"),
    "completer": ("cost_per_completer", "ratio_completers", "completers_left_out", "completer_partnerships_left_out",
                  "completer"),
}


def dollars_left_out_text(totals: Mapping[str, float], person: str) -> str:
    """The grant dollars a ratio per ``person`` leaves out, their partnerships having no such person in the years
    (``funding.funding_totals``): "$343K to 4 partnerships with no exiter yet left out"; "" for none."""
    noun = PER_PERSON_FIGURES[person][-1]
    dollars = totals.get(f"{person}_dollars_left_out", 0.0)
    if not dollars:
        return ""
    partnerships = int(totals[f"{person}_dollar_partnerships_left_out"])
    return (f"{format_compact_dollars(dollars)} to {format_counted(partnerships, 'partnership')} with no {noun} yet "
            "left out")


def _per_person(label: str, totals: Mapping[str, float], person: str, partnership_count: int, counted_years: str,
                k: int | None) -> Headline:
    """A card of grant dollars per exiter (``person`` "participant") or per completer: the ratio over the
    people of the partnerships funded in ``counted_years``, then those left out (``left_out_text``), then the small-n
    flag, as every card ends."""
    ratio, counted, left_out, left_out_partnerships, noun = PER_PERSON_FIGURES[person]
    funded = int(totals["ratio_partnerships"])
    with_people = int(totals.get(f"{person}_partnerships", funded))  # the funded partnerships it divides over
    card = _guarded(label, format_dollars(totals[ratio]), int(totals[counted]),
                    per_person_unit(noun, with_people if with_people else funded, counted_years, partnership_count),
                    PER_PERSON_MEANING, k)
    # the dollars of the years counted, where the "Grant dollars" card beside it counts more: P058's $1,109 per
    # exiter counted $274K of its $1.2M, its grants started before the exits on record left out, and an audience
    # dividing $1.2M by 247 exiters got $4,660 (a convener reviewer)
    # the dollars divided (of partnerships with such people: a code reviewer), where fewer than the card's; the years
    # are named once in the line, beside the people or in the note after it
    divided = totals.get(f"{person}_ratio_dollars", totals["ratio_dollars"])
    dollars = (f"divides {format_compact_dollars(divided)} of the {format_compact_dollars(totals['grant_dollars'])} "
               "in grants" if funded and card.absence is None and divided < totals["grant_dollars"] else "")
    # people of partnerships without a grant in the years, then dollars of partnerships without such people yet
    left = " · ".join(part for part in (dollars,
                                        left_out_text(int(totals[left_out]), int(totals[left_out_partnerships]),
                                                      noun, k),
                                        dollars_left_out_text(totals, person) if with_people else "") if part)
    if not left or funded == 0 or card.absence not in (None, Absence.EMPTY):
        return card
    basis, flagged, _ = card.basis.partition(workers.SMALL_N_NOTE)
    return replace(card, basis=f"{basis} · {left}" + (workers.SMALL_N_NOTE if flagged else ""))


def _no_grant_if(no_grant: bool, card: Headline, years: str = YEARS_COUNTED,
                 value: str | None = None) -> Headline:
    """``card`` (a ratio of grant dollars), or "No grant" (or ``value``) where the partnerships in view got none in
    ``years``."""
    if not no_grant:
        return card
    return Headline(card.label, value or SHORT_TEXT[Absence.NO_GRANT], f"no grant started in {years}",
                    card.definition, card.reference, absence=Absence.NO_GRANT)


def _yes_no(share: float) -> str:
    """A share of one partnership in words: "Yes" (it does), "No" (it does not); "" where unknown (NaN)."""
    return "" if share != share else "Yes" if share else "No"


def _none_logged(partnership_count: int, is_empty: bool, card: Headline) -> Headline:
    """The most common change ``card``, or with no change logged: "None in selection", saying "no change logged in
    the selected years" where partnerships are in view (else "nothing in this selection", as ``_or_empty``)."""
    card = _or_empty(is_empty, card)
    return replace(card, basis="no change logged in the selected years") if is_empty and partnership_count else card


def _or_empty(is_empty: bool, card: Headline) -> Headline:
    """``card``, or its "none in this selection" version when there is nothing to compute it over."""
    if not is_empty:
        return card
    return Headline(card.label, SHORT_TEXT[Absence.EMPTY], "nothing in this selection", card.definition,
                    card.reference, absence=Absence.EMPTY)


# The community cards resting on the exiters (the others rest on partnerships and stories, dated otherwise)
LEFT_POVERTY_CARD = "People who left poverty"
EXITER_COMMUNITY_CARDS = (LEFT_POVERTY_CARD,)
# The funding cards dividing by the exiters
EXITER_FUNDING_CARDS = ("Grant dollars per exiter", "Grant dollars per completer")


def outside_the_records(cards: list[Headline], years_on_record: str,
                        labels: tuple[str, ...] | None = None) -> list[Headline]:
    """``cards`` (those named ``labels``, or all), those with nothing in the selection saying why where its years
    hold no record at all (``years_on_record``, e.g. ``FilterOptions.no_exits_on_record``: "Exits on record run
    2015–2025"): their basis said "no people in this selection", as if the filters were too narrow, where the
    directory says "not on record" and the Worker page names the years on record."""
    if not years_on_record:
        return cards
    return [replace(card, basis=f"{years_on_record}: none in the years chosen")
            if card.absence is Absence.EMPTY and (labels is None or card.label in labels) else card for card in cards]


MOST_COMMON_CHANGE_CARD = "Most common change"
# said of one partnership that has not agreed to be shown in public, on its staff profile, slides and deck
NOT_PUBLIC = ("Not cleared for public display: this partnership has not agreed to be shown in public, and the "
              "Showcase leaves it out.")


def systems_headlines(changes: pd.DataFrame, partnership_count: int, loaded: frozenset[str] | None,
                      public: bool = False) -> list[Headline]:
    """Systems change: logged changes, the partnerships that made one, the most common kind."""
    with_change = int(changes["partnership_id"].nunique())
    top = changes["category"].value_counts()
    tied = list(top.index[top == top.iloc[0]]) if len(top) else []
    cards = [
        _or_empty(partnership_count == 0, Headline(
            "Systems changes logged", format_count(len(changes)), "in the selected years",
            "Entries in the systems-change log: new programs, HR practices, policies, pathways.")),
        _or_empty(partnership_count == 0, Headline(
            "Partnerships with a change", _yes_no(with_change) if partnership_count == 1 else
            format_percent(with_change / partnership_count) if partnership_count else "",
            ("it logged a change" if with_change else "it logged none") + f" · {ONE_PARTNERSHIP}"
            if partnership_count == 1 else f"{with_change:,} of {partnership_count:,}",
            "Whether the partnership logged at least one change in the years." if partnership_count == 1 else
            "Share of partnerships in view with at least one logged change in the years.")),
        # The category is the value, in full (cards set words smaller than numbers and wrap them); categories tied
        # for the most are all named (one of two tied at 31 of 171 was shown as the winner).
        # three or more tied filled a card's four lines ("career pathway and funding alignment and new or ..."):
        # their number as the value, their names in the basis
        # two tied read as one long kind ("new or changed education program and public policy": a convener): a
        # semicolon between them, "tied" before their count
        # beside "Systems changes logged 0 · in the selected years": why there is no kind, in the same words (it
        # read "nothing in this selection", as if the filters were too narrow: a convener)
        _none_logged(partnership_count, top.empty, Headline(
            MOST_COMMON_CHANGE_CARD, "; ".join(sorted(map(str, tied))) if len(tied) < 3 else f"{len(tied)} kinds, tied",
            ("tied, " if len(tied) == 2 else "" if len(tied) < 3 else ", ".join(sorted(map(str, tied))) + ": ")
            + f"{int(top.iloc[0]):,} of {format_counted(len(changes), 'entry', 'entries')}"
            + (" each" if len(tied) > 1 else "") if len(top) else "",
            "Category logged most often.")),
    ]
    return _unless_missing(cards, {card.label: ("system_changes",) for card in cards}, loaded, public)


STORIES_YEARS = "any year (stories carry no date)"
STORIES_SHARED_CARD = "Stories shared"  # public: only stories with public consent
STORIES_COLLECTED_CARD = "Stories collected"  # staff: every story, consented or not
COUNTIES_CARD = "Counties with a partnership"  # replaced on a deck of one partnership by its counties served


def counties_served_headline(by_county: pd.DataFrame, loaded: frozenset[str] | None, public: bool) -> Headline:
    """One partnership's counties (``by_county.partnerships`` 1 where it serves the county), out of the map's; "not
    loaded" when no partnership's counties are (never a 0)."""
    served = int((by_county["partnerships"] > 0).sum())
    # a partnership listed by its region serves the region's counties (``partnership_served_counties``); with
    # neither stated: not "0 counties served"
    card = Headline("Counties served", format_count(served) if served else NOT_STATED.capitalize(),
                    f"of {len(by_county):,} counties on the map" if served else "the registry lists no county for it",
                    "Counties this partnership serves (those it lists, or else its region's).")
    return _unless_missing([card], {card.label: _served_counties_need(served)}, loaded, public)[0]


def _served_counties_need(served: int) -> tuple[str, ...]:
    """What a count of counties served rests on: known counties (its own, or its region's, without
    partnership_counties ever loaded: a deck said "serves 3 counties (its region's)" and "Counties served: Not
    loaded"), or else the partnership_counties a state has not loaded yet."""
    return () if served else ("partnership_counties",)


def community_headlines(by_county: pd.DataFrame, figures: workers.HeadlineFigures, stories: int,
                        k: int | None, loaded: frozenset[str] | None,
                        partnership_count: int | None = None, stories_with_consent: int | None = None
                        ) -> list[Headline]:
    """Impact on community: counties reached, people who left poverty (``figures.left_poverty``), stories.

    Stories: in public, the ``stories`` with public consent ("Stories shared"); for staff every story collected
    ("Stories collected"), with how many of them have public consent (``stories_with_consent``): a staff deck
    said "Stories shared 1" where the partnership's profile said none may be shared.

    Counties reached are the chosen counties (``is_selected``; every county when none is chosen) served by at least
    one partnership of the sectors and years: with one county chosen, "1 of 1", never the whole state's count beside
    a county's figures. Stories are the partnerships in view's: with ``partnership_count`` 0 there are none to
    count ("none in this selection", not 0).
    """
    chosen = by_county[by_county["is_selected"]] if "is_selected" in by_county else by_county
    stories_card = STORIES_SHARED_CARD if k is not None else STORIES_COLLECTED_CARD
    counties = len(chosen)
    served = int((chosen["partnerships"] > 0).sum())
    paired, left_poverty = figures.poverty.n, figures.left_poverty
    public = k is not None
    left = _guarded(LEFT_POVERTY_CARD, format_count(left_poverty), max(left_poverty, 1) if paired else 0,
                    "people", "Participants below the poverty level before training and above it after.", k,
                    counted=True)
    if not public and paired and left.absence is None:
        # what the count is out of ("n = 3,119 people" beside 3,119 said nothing): those below poverty before, who
        # could leave it ("920 of 3,057 people with both answers" invited a share of everyone: a numbers audit);
        # never in public, where the base beside the count would give the people who stayed in poverty by
        # subtraction, however few. The share before is a count over ``paired``: times it, a whole number again
        below_before = round(figures.poverty.before * paired)
        answered = format_counted(paired, "person with both answers", "people with both answers")
        left = replace(left, basis=f"of {format_count(below_before)} below poverty before (n = {answered})")
        if below_before == 0:  # no one who could leave it: not a 0 in big type read as a result (a convener), nor
            # "None in selection", as if the filters were too narrow (another convener)
            left = Headline(LEFT_POVERTY_CARD, SHORT_TEXT[Absence.NO_ONE_TO_COUNT],
                            f"no one was below poverty before (n = {answered})", left.definition,
                            absence=Absence.NO_ONE_TO_COUNT)
    cards = [
        Headline(COUNTIES_CARD, f"{served:,} of {counties:,}", format_percent(served / counties)
                 if counties else "", "Counties (the chosen ones, or all) served by at least one partnership of the "
                 "selected sectors active in the years."),
        _or_empty(paired == 0, left),
        _or_empty(partnership_count == 0, Headline(
            # stories carry no date: under a one-year filter "all stories" read as that year's
            stories_card, format_count(stories), "with public consent, " + STORIES_YEARS if public else
            (f"{format_count(stories_with_consent)} with public consent; " if stories_with_consent is not None
             else "") + STORIES_YEARS,
            "Testimonials from participants and employers of the partnerships in view (stories carry no date, "
            "so every year's)" + ("." if public else "; only those with public consent are ever shown in public."))),
    ]
    needs = {COUNTIES_CARD: ("partnerships", *_served_counties_need(int((by_county["partnerships"] > 0).sum()))),
             LEFT_POVERTY_CARD: ("participants", CONDITION_ANSWERS["Below the poverty level"]),
             stories_card: ("stories",)}
    return _unless_missing(cards, needs, loaded, public)
