"""Headline cards of the Worker outcomes page: each figure formatted, with its n, definition and published reference.

Pure functions from the page's figures (``metrics.workers.WorkerFigures``, computed in SQL, as the page and the
exports read them) to ``Headline`` records; in a public view (``k`` set) a figure resting on fewer than k people is
hidden.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sectorscope import references
from sectorscope.metrics import wioa, workers
from sectorscope.metrics.privacy import is_reportable, suppressed_label
from sectorscope.present.availability import (
    CONDITION_ANSWERS,
    IN_SECTOR_ANSWERS,
    RELEASE_HIDDEN,
    SHORT_TEXT,
    WAGE_ANSWERS,
    Absence,
    empty_basis,
    missing_tables,
)
from sectorscope.present.formatting import (
    count_with_unit,
    format_change_from,
    format_count,
    format_dollars,
    format_interval,
    format_percent,
    format_signed_dollars,
    is_missing,
    shown_points,
)
from sectorscope.present.headlines import MEAN_WAGE_GAIN, MEAN_WAGE_GAIN_PERCENT, WAGE_GAIN_UNIT, Headline, not_loaded
from sectorscope.references import Reference


def _count(n: int, k: int | None) -> str:
    """A count of people as shown: hidden in a public view when it is 1..k-1."""
    return suppressed_label(k) if k is not None and not is_reportable(n, k) else format_count(n)


def _card(label: str, value: str, n: int, unit: str, definition: str, k: int | None, *, notes: str = "",
          reference: Reference | None = None, delta: str | None = None, delta_color: str = "normal",
          left_out: wioa.Indicator | None = None, outside_basis: str = "",
          number: tuple[float, str] | None = None) -> Headline:
    """A card resting on ``n`` people: "None in selection" at n = 0 (as every card says it, ``availability``),
    hidden below k in a public view. A wage-record card on no one while people in view have their quarters outside
    the wage records (``left_out``) says so instead, with ``outside_basis`` (whom it would rest on): "Not yet in the
    data", "Quarter not loaded" or "Before the data starts", whichever leaves out most, not a filter to widen.
    ``number``: the figure unrounded and its unit, kept on a shown card only (``Headline.number``)."""
    if n == 0:
        outside = _outside_data(left_out)
        if outside is not None:
            return Headline(label, SHORT_TEXT[outside], outside_basis + notes, definition, reference,
                            absence=outside)
        return Headline(label, SHORT_TEXT[Absence.EMPTY], empty_basis(unit) + notes, definition, reference,
                        absence=Absence.EMPTY)
    if k is not None and not is_reportable(n, k):
        return Headline(label, suppressed_label(k), f"fewer than {k} {unit}", definition, reference, True)
    small = workers.SMALL_N_NOTE if workers.is_small_n(n) else ""  # a share or median of a few: on every card
    figure, figure_unit = number if number is not None else (None, None)
    return Headline(label, value, count_with_unit(n, unit) + notes + small, definition, reference, delta=delta,
                    delta_color=delta_color, n=n, number=figure, number_unit=figure_unit)


def _percent(share: float) -> tuple[float, str]:
    """A share of 1 as a card's unrounded number: (53.1, "%")."""
    return share * 100, "%"


def _outside_data(indicator: wioa.Indicator | None) -> Absence | None:
    """Why a wage-record figure on no one has no number when people in view have their quarters outside the wage
    records, else None: the reason of the most people (on a tie: not yet in the data, then a quarter not loaded, then
    before the data starts); the card's note counts each reason."""
    if indicator is None:
        return None
    reasons = [(indicator.not_yet, Absence.NOT_YET), (indicator.not_loaded, Absence.QUARTER_NOT_LOADED),
               (indicator.before_data, Absence.BEFORE_DATA)]
    most, absence = max(reasons, key=lambda reason: reason[0])  # max keeps the first of equals
    return absence if most else None


# Whom the jobs-after-exit shares rest on: not every exiter ("None in selection · no exiters in this selection · left
# out: 2 without wage records" contradicted itself where two people had exited)
WITH_WAGE_RECORDS = "exiters with wage records"
HOURLY, QUARTERLY = "$ an hour", "$ a quarter"  # the units of the cards' dollars (``Headline.number_unit``)
# a median, said in its name as the other medians' cards say it ("Quarterly earnings change" read as a mean)
EARNINGS_CHANGE = "Median quarterly earnings change"
# whom a card resting on the 2nd quarter after exit would count, where no one is (and why is said after it)
_NO_Q2 = f"no {WITH_WAGE_RECORDS} whose 2nd quarter after exit is in the data"


def _left_out(indicator: wioa.Indicator, k: int | None, other: str = "") -> str:
    """" · 12 before the data starts, 40 in a wage-record quarter not loaded, 850 not yet in the data, 852 without
    wage records" (only the reasons that apply; ``other`` says what the indicator's ``other_excluded`` are, when the
    card names them; the quarters not loaded are named above the cards, ``coverage_note``)."""
    parts = []
    if indicator.before_data:
        parts.append(f"{_count(indicator.before_data, k)} before the data starts")
    if indicator.not_loaded:
        parts.append(f"{_count(indicator.not_loaded, k)} in a wage-record quarter not loaded")
    if indicator.not_yet:
        parts.append(f"{_count(indicator.not_yet, k)} not yet in the data")
    if indicator.not_matched:
        parts.append(f"{_count(indicator.not_matched, k)} without wage records")
    if other and indicator.other_excluded:
        parts.append(f"{_count(indicator.other_excluded, k)} {other}")
    return " · left out: " + ", ".join(parts) if parts else ""


def coverage_note(coverage: wioa.Coverage) -> str:
    """What the jobs-after-exit figures rest on, and how people beyond the wage records are treated."""
    if coverage.last_quarter is None:
        return ("No UI wage records are loaded, so the employment and earnings figures below have no data; the "
                "share employed in the sector comes from program records.")
    gap = (f" No wage record of {coverage.missing_label} is loaded: people whose quarter after exit (or one of the "
           "four before entry) is one of them are left out and counted (\"in a wage-record quarter not loaded\"), "
           "never read as $0." if coverage.missing_quarters else "")
    return (f"Sectorscope's own measures, not the WIOA indicators: exiters of the calendar years, among people "
            f"with UI wage records ({coverage.label}). People whose quarter after exit is before "
            f"{wioa.quarter_label(coverage.first_quarter)} or past {wioa.quarter_label(coverage.last_quarter)} (before "
            "the data starts, or not yet in the data), or who have no wage record at all, are left out and "
            f"counted.{gap} The WIOA indicators, by program year and following DOL's definitions (where they "
            "depart, it is said), are in the WIOA indicators tab below.")


def wage_headlines(figures: workers.WorkerFigures, k: int | None, loaded: frozenset[str] | None) -> list[Headline]:
    """Wage gain in dollars and percent, completion and credentials (from the per-person frame or the figures); the
    wage gains read "not loaded" with the columns to fill where no record holds both hourly wages (``loaded``)."""
    gain, completion, credential = figures.gain, figures.completion, figures.credential
    # the mean, as the Overview, decks and handouts give it and as the published figure beside it is; the median (the
    # charts' figure) after it, with its 95% interval
    median = (f" · median {format_signed_dollars(gain.median_gain)}, "
              f"{format_interval(gain.median_low, gain.median_high)}") if gain.n else ""
    median_pct = f" · median {format_percent(gain.median_pct_gain, 1)}" if gain.n_pct else ""
    gains = [
        _card(MEAN_WAGE_GAIN, format_signed_dollars(gain.mean_gain), gain.n, WAGE_GAIN_UNIT, (
            "Post minus pre hourly wage among completers with both wages: the mean, as the published figure is; "
            "the median after it, with a 95% interval for the median (from the ranks of the sorted gains, no "
            "resampling), as the charts below give it by group."), k, notes=median,
            reference=references.HOURLY_WAGE_GAIN, number=(gain.mean_gain, HOURLY)),
        _card(MEAN_WAGE_GAIN_PERCENT, format_percent(gain.mean_pct_gain, 1), gain.n_pct, WAGE_GAIN_UNIT, (
            "Gain divided by the pre-training hourly wage, per person; the mean, as the published figure is (the "
            "median after it)."), k, notes=median_pct, reference=references.PENNSYLVANIA_WAGE_GOAL,
            number=_percent(gain.mean_pct_gain)),
    ]
    if missing_tables((WAGE_ANSWERS,), loaded):
        gains = [not_loaded(card, (WAGE_ANSWERS,), public=k is not None) for card in gains]
    return [
        *gains,
        _card("Completed training", format_percent(completion.share), completion.n, "exiters",
              "Share of people who left the program in the selected years and completed the training.", k,
              number=_percent(completion.share)),
        _card("Earned a credential", format_percent(credential.share), credential.n, "completers",
              "Share of completers who earned an industry-recognized credential.", k,
              number=_percent(credential.share)),
    ]


def employment_headlines(figures: workers.WorkerFigures, k: int | None,
                         loaded: frozenset[str] | None) -> list[Headline]:
    """Employment in the sector and after exit (wage records), earnings, retention and earnings change. ``loaded``:
    the tables holding rows (``availability.loaded_tables``; None for "all", in tests only): without UI wage records
    the cards resting on them say "Not loaded" and which file to load (they said "None in selection ... left out: 3
    without wage records", as if the filters were too narrow)."""
    in_sector, q2, q4, earnings = figures.in_sector, figures.employed_q2, figures.employed_q4, figures.earnings_q2
    retained, pre, change = figures.retained, figures.pre_earnings, figures.earnings_change
    # no one employed in the 2nd quarter because no one's 2nd quarter is in the data: retention says why
    retention_left_out = retained if q2.n else q2
    cards = [
        _card("Employed in the sector after exit", format_percent(in_sector.share), in_sector.n,
              "exiters with a known answer",
              "Share of exiters employed in their partnership's sector after exit, among those with a known answer "
              "(program records).", k, number=_percent(in_sector.share)),
        _card("Employed 2nd quarter after exit", format_percent(q2.value), q2.n, WITH_WAGE_RECORDS, (
            "Sectorscope measure (not the WIOA indicator): share with UI earnings above $0 in the 2nd quarter "
            "after the exit quarter, among exiters of the calendar years with wage records. People whose quarter "
            "is not in the wage records (before they start, or not yet), or who have no wage records, are left "
            "out. The WIOA employment rate (every exiter, by program year) is in the WIOA indicators tab."), k,
            notes=_left_out(q2, k), left_out=q2, outside_basis=_NO_Q2, number=_percent(q2.value)),
        _card("Employed 4th quarter after exit", format_percent(q4.value), q4.n, WITH_WAGE_RECORDS,
              "Sectorscope measure (not the WIOA indicator): share with UI earnings above $0 in the 4th quarter "
              "after the exit quarter, among exiters of the calendar years with wage records.", k,
              notes=_left_out(q4, k), left_out=q4, number=_percent(q4.value),
              outside_basis=f"no {WITH_WAGE_RECORDS} whose 4th quarter after exit is in the data"),
        _card("Median earnings, 2nd quarter after exit", format_dollars(earnings.value), earnings.n,
              "employed exiters", "Sectorscope measure (not the WIOA indicator): median UI earnings in the 2nd "
              "quarter after exit among those employed then, exiters of the calendar years, dollars per quarter.",
              k, notes=_left_out(q2, k) if not q2.n else "", left_out=None if q2.n else q2,
              outside_basis=_NO_Q2, number=(earnings.value, QUARTERLY)),
        _card("Same employer, 2nd and 4th quarter", format_percent(retained.value), retained.n,
              "people employed in the 2nd quarter", "Sectorscope measure for the calendar years: share of people "
              "employed in the 2nd quarter after exit who are paid by one of the same employer accounts (UI accounts) "
              "in the 4th. WIOA's retention with the same employer, by program year, is in the WIOA indicators tab.", k,
              notes=_left_out(retention_left_out, k, "without a recorded employer"), left_out=retention_left_out,
              outside_basis="no one employed in the 2nd quarter whose 4th quarter after exit is in the data"
              if q2.n else _NO_Q2, number=_percent(retained.value)),
        _card(EARNINGS_CHANGE, format_signed_dollars(change.value, cents=False), change.n,
              "exiters in the wage records before entry and after exit",
              ("Median of each person's 2nd-quarter earnings after exit ($0 if not employed) minus their mean "
               "quarterly earnings in the 4 quarters before entry. The means are given beside it: a median change "
               "over a mean before is no percentage change."), k,
              notes=_left_out(change, k) + (
                  f" · the same people's means: {format_dollars(pre.value)} a quarter before, a change of "
                  f"{format_signed_dollars(figures.mean_earnings_change, cents=False)}"
                  if pre.n and (k is None or is_reportable(pre.n, k)) else ""),
              left_out=change, outside_basis="no exiters whose quarters before entry and after exit are in the data",
              number=(change.value, QUARTERLY)),
    ]
    if missing_tables((IN_SECTOR_ANSWERS,), loaded):  # program records that never say it
        cards[0] = not_loaded(cards[0], (IN_SECTOR_ANSWERS,), public=k is not None)
    if not missing_tables(("wage_records",), loaded):
        return cards
    # the first card comes from program records; every other rests on the wage records
    return [cards[0], *(not_loaded(card, ("wage_records",), public=k is not None) for card in cards[1:])]


def _condition_phrase(label: str) -> str:
    """A condition as "Share ... after training" reads it: "below the poverty level", "with paid sick leave" (it
    read "Share paid sick leave after training")."""
    return label.lower() if label.startswith("Below") else f"with {label.lower()}"


def condition_headlines(figures: workers.WorkerFigures, k: int | None,
                        loaded: frozenset[str] | None) -> list[Headline]:
    """Poverty, employer health insurance and paid sick leave: the share after, and the change from before; a
    condition no participant record answers (``loaded`` lacks its group of answers) reads "Not loaded" with the
    columns to fill, not "None in selection"."""
    cards = []
    for label, result in figures.conditions:
        published = workers.CONDITIONS[label][2]
        if missing_tables((CONDITION_ANSWERS[label],), loaded):
            cards.append(not_loaded(Headline(workers.CONDITION_CARD_LABELS[label], "", "",
                                             f"Share {_condition_phrase(label)} after training.",
                                             published.reference), (CONDITION_ANSWERS[label],), public=k is not None))
            continue
        cards.append(_card(
            workers.CONDITION_CARD_LABELS[label], format_percent(result.after), result.n, "people with both answers",
            f"Share {_condition_phrase(label)} after training, among people who answered before and after "
            "(paired); the delta is the change in percentage points.", k, reference=published.reference,
            delta=format_change_from(result.before, result.after),
            delta_color="inverse" if label.startswith("Below") else "normal", number=_percent(result.after)))
    return cards


# The card table's headings in its CSV: the value as shown beside the number an analyst recomputes from
HEADLINE_TABLE_HEADINGS = {"figure": "Figure", "value": "As shown", "number": "Value (unrounded)",
                           "number_unit": "Unit", "rests_on": "Rests on (n)", "change": "Change as shown",
                           "basis": "Basis", "definition": "Definition", "published": "Published figure",
                           "source": "Published figure's source"}


def headline_table(headlines: list[Headline]) -> pd.DataFrame:
    """The cards as a table for download: figure, value as shown, the number unrounded with its unit and the people
    it rests on (empty where the card shows no number: hidden, not loaded, none in selection), change, basis,
    definition, published figure and source (``HEADLINE_TABLE_HEADINGS``)."""
    return pd.DataFrame([{
        "figure": h.label, "value": h.value, "number": h.number, "number_unit": h.number_unit,
        "rests_on": h.n if h.absence is None else None,
        "change": h.delta or "", "basis": h.basis, "definition": h.definition,
        "published": h.reference.text if h.reference else "", "source": h.reference.source if h.reference else "",
    } for h in headlines])


# --- Tables as shown and downloaded -----------------------------------------------------------------------------

TABLE_COLUMNS = {
    # column of ``workers.groups_of`` / ``with_gaps``: (heading, kind); kind picks the number format on the page
    "exiters": ("Exiters", "count"),
    "completion_rate": ("Completed", "percent"),
    "completers": ("Completers", "count"),
    "credential_rate": ("Credential (of completers)", "percent"),
    "in_sector_rate": ("Employed in sector", "percent"),
    "gain_n": ("Completers with both wages", "count"),
    "median_gain": ("Median gain $/h", "hourly_dollars"),
    "median_gain_low": ("Median gain 95% low", "hourly_dollars"),
    "median_gain_high": ("Median gain 95% high", "hourly_dollars"),
    "gain_gap": ("Gap to overall median $/h", "hourly_dollars"),
    "mean_gain": ("Mean gain $/h", "hourly_dollars"),
    "median_pct_gain": ("Median gain %", "relative"),
    "employed_q2_n": ("With wage records, Q2 in the data", "count"),
    "employed_q2_rate": ("Employed Q2 after exit (with wage records)", "percent"),
    "employed_q2_gap": ("Gap to overall Q2 rate", "rate_gap"),  # a difference of two rates: points, not %
    "employed_q4_n": ("With wage records, Q4 in the data", "count"),
    "employed_q4_rate": ("Employed Q4 after exit (with wage records)", "percent"),
    "median_earnings_q2": ("Median Q2 earnings (employed)", "dollars"),
    "small_n": (workers.SMALL_N_HEADING, "flag"),
}
CONDITION_COLUMNS = {
    "condition": ("Condition", "text"),
    "n": ("People with both answers", "count"),
    "before": ("Before", "percent"),
    "after": ("After", "percent"),
    "change": ("Change (points)", "points"),
    "published_before": ("Published before", "percent"),
    "published_after": ("Published after", "percent"),
    "published_source": ("Published figures' source", "text"),  # a downloaded table names the study it quotes
}


# The group table's columns resting on what a state may never load: with none loaded they read "not loaded", not a
# count of 0 people "with wage records" (a true 0 and "never loaded" looked the same; the cards said "Not loaded")
RESTING_ON = {
    "wage_records": ("employed_q2_n", "employed_q2_rate", "employed_q2_gap", "employed_q4_n", "employed_q4_rate",
                     "median_earnings_q2"),
    WAGE_ANSWERS: ("gain_n", "median_gain", "median_gain_low", "median_gain_high", "gain_gap", "mean_gain",
                   "median_pct_gain"),
    IN_SECTOR_ANSWERS: ("in_sector_rate",),  # as its card says it: never collected, not "none on record"
}
NOT_LOADED_CELL = SHORT_TEXT[Absence.NOT_LOADED].lower()  # as a table cell and a CSV read it


EMPTY_BECAUSE = "Empty because"  # the group table's last column: why the row's empty cells are empty
# Why a figure of a group is empty where it is not hidden: the count it rests on is 0 (``workers.DEPENDENT_FIGURES``
# counts), in words. A public table's hidden row and a group of three read "–" alike on screen and blank alike in
# the CSV, as did a true "nobody" (a reviewer): each says which here.
EMPTY_COUNT_REASONS = {
    "completers": "no completer",
    "in_sector_n": "sector of the job after exit not on record",
    "gain_n": "no completer with both wages",
    "employed_q2_n": "no one's 2nd quarter after exit in the wage records",
    "employed_q4_n": "no one's 4th quarter after exit in the wage records",
    "earnings_q2_n": "no one employed in the 2nd quarter",
}
NO_INTERVAL = "too few with both wages for a 95% interval"  # under 6 at 95% (queries/worker_group_outcomes.sql)


def empty_because(groups: pd.DataFrame) -> pd.Series:
    """For each group of ``groups`` (``workers.groups_of``, optionally ``hide_small_groups``, before any column
    reads "not loaded"), the reasons its empty figures are empty, joined by "; ", or "" where none is: "hidden for
    privacy" where a public view hid a count (a count is never missing otherwise), the ``EMPTY_COUNT_REASONS`` of
    each count of 0 whose figures are empty, and ``NO_INTERVAL`` where a median stands without its interval."""
    def empty(column: str) -> pd.Series:
        return groups[column].isna() if column in groups.columns else pd.Series(False, index=groups.index)

    counts = [column for column in ("exiters", *workers.DEPENDENT_FIGURES) if column in groups.columns]
    reasons = {RELEASE_HIDDEN: groups[counts].isna().any(axis=1)}
    for count, reason in EMPTY_COUNT_REASONS.items():
        figures = [column for column in workers.DEPENDENT_FIGURES[count] if column in groups.columns]
        if count in groups.columns and figures:
            reasons[reason] = groups[count].eq(0) & groups[figures].isna().any(axis=1)
    no_completer, no_gain = EMPTY_COUNT_REASONS["completers"], EMPTY_COUNT_REASONS["gain_n"]
    if no_completer in reasons and no_gain in reasons:  # said once: no completer has both wages either
        reasons[no_gain] &= ~reasons[no_completer]
    reasons[NO_INTERVAL] = ~empty("median_gain") & empty("median_gain_low") & groups.get(
        "gain_n", pd.Series(0, index=groups.index)).gt(0)
    flags = pd.DataFrame(reasons, index=groups.index).fillna(False).astype(bool)
    return pd.Series(["; ".join(flags.columns[row]) for row in flags.to_numpy()], index=groups.index, dtype=object)


def group_table(groups: pd.DataFrame, by: str, heading: str, names: dict[str, str] | None = None,
                loaded: frozenset[str] | None = None, code_heading: str | None = None) -> pd.DataFrame:
    """A group table (``workers.groups_of``, optionally ``with_gaps`` and ``hide_small_groups``) with readable headings,
    group codes replaced by ``names`` where given (and kept beside them under ``code_heading`` where given: a
    partnership's ID); numbers stay numbers (the page formats them), but the columns resting on a table or answers
    never loaded (``RESTING_ON``, ``loaded`` as ``availability.available``; None for "all") read "not loaded"; last,
    ``EMPTY_BECAUSE`` says why each row's other empty cells are empty (``empty_because``)."""
    table = groups.copy()
    codes = table[by]
    if names:
        table[by] = table[by].map(lambda code: names.get(code, code))
    columns = [by, *[column for column in TABLE_COLUMNS if column in table.columns]]
    reasons = empty_because(table)
    table = table[columns]
    if code_heading:
        table.insert(1, code_heading, codes)
    unloaded = [column for needed in missing_tables(RESTING_ON, loaded) for column in RESTING_ON[needed]]
    for column in unloaded:
        if column in table.columns:
            table[column] = NOT_LOADED_CELL
    # a count or a figure never loaded reads "not loaded" in its cells: not also "no completer with both wages" or
    # "no one employed in the 2nd quarter" (wage records never loaded: a code reviewer)
    unloaded_reasons = {reason for count, reason in EMPTY_COUNT_REASONS.items()
                        if count in unloaded or set(workers.DEPENDENT_FIGURES[count]) & set(unloaded)}
    if "gain_n" in unloaded:
        unloaded_reasons.add(NO_INTERVAL)
    table[EMPTY_BECAUSE] = reasons.map(lambda text: "; ".join(
        reason for reason in text.split("; ") if reason and reason not in unloaded_reasons))
    return table.rename(columns={by: heading, **{key: label for key, (label, _) in TABLE_COLUMNS.items()}})


def condition_table(conditions: pd.DataFrame, loaded: frozenset[str] | None = None,
                    exact: bool = False) -> pd.DataFrame:
    """``workers.conditions_of_row`` with readable headings; the change in percentage points as the cards say it:
    the difference of the two percents as shown (``format_change_from``: 53% -> 67% is +14 points), or with
    ``exact`` (the CSV, whose before and after are unrounded) (after - before) x 100 unrounded: an analyst
    recomputing -20.07 from its own columns found -20. A condition whose answers no record holds (``loaded`` lacks
    its ``CONDITION_ANSWERS``) reads "not loaded", not 0 people."""
    def change(before: float, after: float) -> float:
        if is_missing(before) or is_missing(after):
            return math.nan
        return (after - before) * 100 if exact else shown_points(before, after)[0]

    shown = conditions.assign(change=[change(before, after)
                                      for before, after in zip(conditions["before"], conditions["after"], strict=True)],
                              published_source=conditions["condition"].map(
                                  lambda label: workers.CONDITIONS[label][2].reference.source
                                  if label in workers.CONDITIONS else ""))
    shown = shown[list(CONDITION_COLUMNS)]
    never = shown["condition"].map(lambda label: bool(missing_tables((CONDITION_ANSWERS[label],), loaded))
                                   if label in CONDITION_ANSWERS else False).to_numpy(dtype=bool)
    if never.any():
        measured = ["n", "before", "after", "change"]
        shown[measured] = shown[measured].astype(object)
        shown.loc[never, measured] = NOT_LOADED_CELL
    return shown.rename(columns={key: label for key, (label, _) in CONDITION_COLUMNS.items()})


# --- WIOA indicators by program year, laid out as the ETA-9169 statewide performance report ------------------------

STATEWIDE = "This selection, all partnerships"  # the ETA-9169's statewide row, for the selection chosen
WIOA_SMALL_N = workers.SMALL_N_HEADING  # as the other Worker tables flag a figure on few people

# Where the table departs from DOL's definitions or reports (said under the table and on every row of its CSV;
# "How these are measured" gives each in full)
WIOA_DEPARTURES = (
    "credentials carry no type, so DOL's condition on a secondary school diploma is not applied",
    "a credential without a date counts (its window cannot be checked)",
    "\"in training\" for skill gains runs from enrolment to exit (the records hold no training dates)",
    "youth exiters are counted in the employment rates and median earnings too, beside the youth rates (a filed "
    "report counts each program's participants in its own indicators)",
    "the reporting windows come from secondary sources, not the ETA-9169's own sheet",
    "people employed in the 2nd quarter by supplemental wage information alone are in the retention denominator, "
    "as DOL counts them, but cannot count as retained (only wage records carry an employer account)",
    "the people are the partnerships' trainees across programs, not one program's participants",
)
WIOA_DEPARTURES_TEXT = "; ".join(WIOA_DEPARTURES) + "."  # on every row of the CSV
WIOA_DEPARTURES_LINE = f"Where this departs from DOL: {WIOA_DEPARTURES_TEXT}"  # under the table
WIOA_DEPARTURES_COLUMN = "Departs from DOL"
WIOA_USE_COLUMN = "Use"
WIOA_USE = ("Staff only: not suppressed, figures about fewer people than a public view shows are in it (small n "
            "flagged); do not publish as it is")


def wioa_rate_column(heading: str) -> str:
    """The heading of an indicator's rate column: the indicator's own name where it says "Rate" ("Employment Rate
    (Q2)", not "Employment Rate (Q2) Rate"; a CSV read "Credential Rate Rate (%)"), else with " Rate" after it."""
    return heading if "Rate" in heading.split() else f"{heading} Rate"


def wioa_report_columns() -> dict[str, str]:
    """Heading -> kind of every column of ``wioa_report_table``: per indicator its numerator ("Num", as the ETA-9169
    names it), its denominator ("n") and its rate; the median earnings with their n."""
    columns = {"Scope": "text", "Program year": "text", "Participants exited": "count"}
    for key, heading in wioa.WIOA_INDICATORS.items():
        if key == "median_earnings_q2":
            columns[f"{heading} n"] = "count"
            columns[heading] = "dollars"
        else:
            columns[f"{heading} Num"] = "count"
            columns[f"{heading} n"] = "count"
            columns[wioa_rate_column(heading)] = "rate_1"  # one decimal, as DOL's reports give rates
    columns[WIOA_SMALL_N] = "flag"
    columns["Notes"] = "text"
    return columns


def wioa_report_table(statewide: pd.DataFrame, by_partnership: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The WIOA indicators (``wioa.wioa_indicators``, long) as the ETA-9169 lays them out: one row per scope
    (the selection as a whole, then each partnership) and program year, one group of columns per indicator
    (Num, n, Rate). Numbers stay numbers; a figure that cannot be given is empty and the Notes column says why
    (not yet in the data, no skill gain dates, no one in its cohort, no one employed for the median), the
    indicators with the same reason named together, as are the people a figure leaves out because their outcome
    quarter lies before the wage records start ("12 people left out, before the data starts"). A rate withheld (its
    cohort not complete) shows its cohort's size but not its numerator so far, from which the withheld rate would
    follow.

    Staff only (the Worker page refuses public visitors): it has no small-cell suppression, which for rates would
    need the numerator's complement hidden too (rate x n gives the numerator)."""
    # The long tables list every (group, program year) with its indicators in order (``wioa._indicator_table``), so
    # the report's rows are their blocks of len(WIOA_INDICATORS) rows and its columns the positions in a block:
    # worked out on arrays of the blocks (the frames and sorts of pandas took longer than the indicators).
    keys = list(wioa.WIOA_INDICATORS)
    width = len(keys)
    long = pd.concat([statewide, by_partnership], ignore_index=True)
    if len(long) % width or (long["indicator"].to_numpy(dtype=object).reshape(-1, width) != keys).any():
        raise ValueError("not a long table of wioa_indicators: each group and year with every indicator in order")
    blocks = len(long) // width
    first = long.iloc[::width]
    groups = first["group"].to_numpy(dtype=object)
    statewide_blocks = len(statewide) // width
    scope_order = (np.arange(blocks) >= statewide_blocks).astype(int)
    scope = np.array([STATEWIDE if order == 0 else names.get(group, group)
                      for order, group in zip(scope_order, groups, strict=True)], dtype=object)
    years = first["program_year"].to_numpy()
    denominator = long["denominator"].to_numpy().reshape(blocks, width)
    counted = pd.to_numeric(long["denominator"], errors="coerce").to_numpy(dtype=float).reshape(blocks, width)
    value = long["value"].to_numpy(dtype=float).reshape(blocks, width)
    numerator = long["numerator"].to_numpy().reshape(blocks, width)
    note = long["note"].to_numpy(dtype=object).reshape(blocks, width)
    # a rate withheld for a reason (its cohort not yet complete): its numerator so far is withheld with it; people
    # before the data start withhold nothing (they are left out, the rest counted), even where no one is left
    only_before_data = ((long["not_yet"].to_numpy() == 0) & (long["not_loaded"].to_numpy() == 0)).reshape(
        blocks, width) & (long["before_data"].to_numpy() > 0).reshape(blocks, width)
    withheld = (note != "") & np.isnan(value) & ~only_before_data
    is_median = np.array([key == "median_earnings_q2" for key in keys])
    # no one in an indicator's cohort: its rate is empty, and the Notes say so (they once said nothing); the
    # median's n counts those employed in the 2nd quarter, so for it no one is no one employed then
    nobody = (np.nan_to_num(counted, nan=0.0) == 0) & (note == "")
    reasons = np.where(note != "", note, np.where(nobody & is_median, "no one employed in the 2nd quarter after exit",
                                                  np.where(nobody, "no one in its cohort", "")))
    notes = ["No one in any indicator's cohort" if empty else _grouped_notes(row)
             for row, empty in zip(reasons, nobody.all(axis=1), strict=True)]
    # a figure shown on a few people (not withheld), flagged as the other Worker tables flag it, the indicators named
    small = (counted > 0) & (counted < workers.SMALL_N) & ~withheld
    headings = np.array(list(wioa.WIOA_INDICATORS.values()), dtype=object)
    notes = [note if not flags.any() else "; ".join(
        part for part in (f"small n (< {workers.SMALL_N}): " + ", ".join(
            f"{heading} (n = {int(n)})" for heading, n in zip(headings[flags], row_n[flags], strict=True)), note)
        if part) for note, flags, row_n in zip(notes, small, counted, strict=True)]
    order = np.lexsort((years, groups.astype(str), scope.astype(str), scope_order))  # as the report lists them
    labels = {year: wioa.program_year_label(int(year)) for year in np.unique(years)}
    columns: dict[str, object] = {"Scope": scope[order],
                                  "Program year": np.array([labels[year] for year in years[order]], dtype=object),
                                  "Participants exited": first["exiters"].to_numpy()[order]}
    for at, (key, title) in enumerate(wioa.WIOA_INDICATORS.items()):
        if key == "median_earnings_q2":  # its n is the employment rate's numerator: withheld as that is
            columns[f"{title} n"] = pd.to_numeric(pd.Series(denominator[order, at]).where(
                ~withheld[order, at])).to_numpy()
            columns[title] = value[order, at]
        else:
            shown = pd.Series(numerator[order, at]).where(~withheld[order, at])
            columns[f"{title} Num"] = pd.to_numeric(shown).to_numpy()
            columns[f"{title} n"] = denominator[order, at]
            columns[wioa_rate_column(title)] = value[order, at]
    columns[WIOA_SMALL_N] = small.any(axis=1)[order]
    columns["Notes"] = np.array(notes, dtype=object)[order]
    return pd.DataFrame(columns)[list(wioa_report_columns())]


def wioa_report_download(report: pd.DataFrame) -> pd.DataFrame:
    """The WIOA table as its CSV holds it: every column at full precision, then on every row where it departs from
    DOL (``WIOA_DEPARTURES``) and that it is staff-only and unsuppressed (``WIOA_USE``), so a row pasted elsewhere
    keeps both."""
    return report.assign(**{WIOA_DEPARTURES_COLUMN: WIOA_DEPARTURES_TEXT,
                            WIOA_USE_COLUMN: WIOA_USE})


def _grouped_notes(reasons: np.ndarray) -> str:
    """One row's Notes: each reason once, after the indicators it applies to, in the indicators' order
    ("Employment Rate (Q2), Median Earnings (Q2): not yet in the data for 189 people")."""
    by_reason: dict[str, list[str]] = {}
    for heading, reason in zip(wioa.WIOA_INDICATORS.values(), reasons, strict=True):
        if reason:
            by_reason.setdefault(str(reason), []).append(heading)
    return "; ".join(f"{', '.join(headings)}: {reason}" for reason, headings in by_reason.items())


def column_kinds() -> dict[str, str]:
    """Heading -> kind of number (a key of ``formatting.TABLE_FORMATS``, or "flag", "text") of every table column
    above."""
    return {label: kind for label, kind in (*TABLE_COLUMNS.values(), *CONDITION_COLUMNS.values())} | \
        {EMPTY_BECAUSE: "text"} | wioa_report_columns()
