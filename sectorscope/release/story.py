"""The Showcase's headline cards, from one cell of the public release (pure: frames in, ``Headline`` records out).

Every card says why it has no number when it has none: not published yet, none in this selection, or hidden
(fewer than k). Values come only from ``release_cells``.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd

from sectorscope import references
from sectorscope.metrics import workers
from sectorscope.present.availability import (
    CONDITION_ANSWERS,
    RELEASE_HIDDEN,
    SHORT_TEXT,
    WAGE_ANSWERS,
    Absence,
    not_loaded_text,
    release_hidden_basis,
)
from sectorscope.present.formatting import (
    format_change_from,
    format_compact_dollars,
    format_count,
    format_counted,
    format_percent,
    format_signed_dollars,
    year_span,
)
from sectorscope.present.headlines import Headline, none_on_record, outside_the_records
from sectorscope.references import Reference
from sectorscope.release.cells import ALL


class Cell:
    """One release cell's statistics: ``value(name)`` (None when hidden or empty) and ``is_hidden(name)``."""

    def __init__(self, rows: pd.DataFrame) -> None:
        self._rows = {row.statistic: row for row in rows.itertuples(index=False)}

    def is_hidden(self, name: str) -> bool:
        row = self._rows.get(name)
        return bool(row is not None and row.is_hidden)

    def value(self, name: str) -> float | None:
        row = self._rows.get(name)
        if row is None or row.is_hidden or row.value is None or math.isnan(row.value):
            return None
        return float(row.value)


def _card(label: str, cell: Cell, statistic: str, formatter, basis: str, definition: str, k: int,
          reference: Reference | None = None, delta: str | None = None, delta_color: str = "normal",
          n_statistic: str | None = None) -> Headline:
    """A card of the release's ``statistic`` in ``cell``: hidden, empty or its value; ``n_statistic`` names the
    count it rests on (``Headline.n``, where published)."""
    if cell.is_hidden(statistic):
        return Headline(label, RELEASE_HIDDEN, release_hidden_basis(k), definition, reference, suppressed=True)
    value = cell.value(statistic)
    if value is None:
        return Headline(label, SHORT_TEXT[Absence.EMPTY], "no one in this selection", definition, reference,
                        absence=Absence.EMPTY)
    n = cell.value(n_statistic) if n_statistic else None
    return Headline(label, formatter(value), basis, definition, reference, delta=delta, delta_color=delta_color,
                    n=None if n is None else int(n))


def _count_text(cell: Cell, statistic: str, noun: str) -> str:
    value = cell.value(statistic)
    return f"of {format_count(value)} {noun}" if value is not None else f"{noun}: count hidden"


def _few_people(cell: Cell, statistic: str) -> str:
    """"; a small group: read with care" where the count shown is under ``workers.SMALL_N`` (the staff pages flag the
    same figures "small n"); nothing where it is larger or hidden."""
    value = cell.value(statistic)
    return "; a small group: read with care" if workers.is_small_n(value) else ""


def small_groups_named(labels: pd.Series, people: pd.Series) -> pd.Series:
    """Bar labels with "(a small group)" where the people shown behind the bar are fewer than ``workers.SMALL_N``
    (the staff charts hatch such bars and say "small n"; the public ones said nothing)."""
    small = [workers.is_small_n(None if pd.isna(n) else float(n)) for n in people]
    return pd.Series([f"{label} (a small group)" if flag else label for label, flag in zip(labels, small, strict=True)],
                     index=labels.index)


def _after(label: str, cell: Cell, name: str, definition: str, k: int, reference: Reference,
           lower_is_better: bool = False) -> Headline:
    # the share before training beside the one after, as the staff pages and the published before -> after figures
    before = cell.value(f"share_{name.replace('_after', '_before')}")
    delta = None
    after = cell.value(f"share_{name}")
    if before is not None and after is not None:
        delta = f"{format_change_from(before, after)} before"
    n = {"below_poverty_after": "poverty_n", "health_insurance_after": "insurance_n",
         "paid_sick_leave_after": "sick_leave_n"}[name]
    return _card(label, cell, f"share_{name}", format_percent, _count_text(cell, n, "people who answered"),
                 definition, k, reference, delta, "inverse" if lower_is_better else "normal")


# Whom the public figures about people count, said on every public surface beside them: Lancaster's public one-pager
# read 380 people where the staff's read 553 (170 of them trained by a partnership not cleared for public display),
# with nothing on either saying why (a reviewer).
PUBLIC_PEOPLE_NOTE = ("People trained by public partnerships only (those agreed to be shown in public), counted "
                      "where they live, wherever they trained; the other partnerships' people are left out, "
                      "so the state's own reports count more people, and their averages and shares can differ "
                      "from these.")
# One public partnership's people: all of its own, wherever they live ("counted where they live" said of a
# partnership's deck counting its 759, every one of its exiters: a convener)
PUBLIC_PARTNERSHIP_PEOPLE_NOTE = ("Everyone this partnership trained, wherever they live; the state's own reports "
                                  "may count differently, and their averages and shares can differ from these.")


def public_source(is_demo: bool) -> str:
    """Where the public figures come from, as a public file or picture says it."""
    return ("Sectorscope's synthetic demo state (made-up records on Pennsylvania's real counties), public release"
            if is_demo else "The state's public release of sector partnership figures")


def worker_cards(cell: Cell, k: int, loaded: frozenset[str]) -> list[Headline]:
    """What training did for workers in the chosen place, sector and years."""
    cards = [
        _card("People who left a program", cell, "exiters", format_count,
              "trained by a public partnership, in these years, finished or not",
              "Everyone who left a public partnership's training in the years chosen, finished or not.", k),
        _card("Completed their training", cell, "share_completed", format_percent,
              _count_text(cell, "exiters", "people"), "Share of those people who completed the training.", k),
        *_unless_published([_card(
            "Average raise per hour", cell, "mean_wage_gain", format_signed_dollars,
            _count_text(cell, "wage_n", "people who completed, with pay before and after")
            + _few_people(cell, "wage_n") + _median_text(cell),
            "Hourly pay after training minus hourly pay before, averaged over people who completed it.", k,
            references.HOURLY_WAGE_GAIN)], WAGE_ANSWERS, loaded),
        # answers no record of the state holds read as never published, not "hidden for privacy" (a staffer: the
        # release hid their counts of 0, and the public read that data existed and was protected). Saying so tells
        # that each of their counts is 0, which protects nothing: a part of 0 narrows no other count
        *_unless_published([_after(
            "Below the poverty line after", cell, "below_poverty_after",
            "Share whose household income was below the federal poverty line after training.", k,
            references.POVERTY, lower_is_better=True)], CONDITION_ANSWERS["Below the poverty level"], loaded),
        *_unless_published([_after(
            "Health insurance from their job", cell, "health_insurance_after",
            "Share with health insurance offered by their employer after training.", k,
            references.HEALTH_INSURANCE)], CONDITION_ANSWERS["Employer health insurance"], loaded),
        *_unless_published([_after(
            "Paid sick leave", cell, "paid_sick_leave_after", "Share with paid sick leave after training.", k,
            references.PAID_SICK_LEAVE)], CONDITION_ANSWERS["Paid sick leave"], loaded),
    ]
    return _unless_published(cards, "participants", loaded)


PUBLISHED_EXITS = "Published exits run"  # the years a public view shows exits in, hidden years not counted in


def exit_years_published(years: pd.DataFrame) -> tuple[int, int] | None:
    """The first and last year whose published count of people who left a program is above 0, from the state's
    cells by year (``wide`` of the ``release_parts`` split by period, ``exiters``): the years with exits on record,
    as the public can read them. Years hidden for privacy are not counted in: saying that a hidden year holds an
    exit would tell more than the release does. None where no year shows anyone."""
    shown = years[pd.to_numeric(years["exiters"], errors="coerce").fillna(0) > 0]
    if shown.empty:
        return None
    listed = shown["part" if "part" in shown else "period"].astype(int)
    return int(listed.min()), int(listed.max())


def release_exit_years(release: pd.DataFrame) -> tuple[int, int] | None:
    """``exit_years_published`` of a whole release (rows of ``queries/release_table.sql``): of the state's cells by
    year, all sectors and partnerships."""
    state = release[release["geo_level"].eq("state") & release["sector_code"].eq(ALL)
                    & release["partnership_id"].eq(ALL) & release["period"].ne(ALL)]
    return exit_years_published(wide(state, "period", ["exiters"]))


def one_partnership(cards: list[Headline], cell: Cell, statistic: str, kind: str,
                    outside: str = "") -> list[Headline]:
    """The ``cards`` of one public partnership, whose cell covers all its years as its profile does: where its count
    ``statistic`` ("exiters", "responses") is shown as 0, no ``kind`` of it is on record and every card reads "None
    on record" (``headlines.none_on_record``, the profile's definition, with ``outside``:
    ``profile.outside_records_note``); a public deck of a partnership of 2005-2009 read "People who left a program
    0" beside exits on record from 2015. A hidden count changes nothing."""
    nobody = not cell.is_hidden(statistic) and cell.value(statistic) == 0
    return [none_on_record(card, kind, nobody, outside) for card in cards]


def outside_exit_years(cards: list[Headline], cell: Cell, period: str,
                       exit_years: tuple[int, int] | None) -> list[Headline]:
    """A year's worker ``cards`` where the year (``period``) lies outside the years with exits on record as the
    release shows them (``exit_years_published``) and its count of people is shown as 0: "None in selection" with
    "Published exits run 2015–2025: none in the years chosen", as the staff pages say it of the exits on record
    (``headlines.outside_the_records``), never "0" (the public deck of 2008 read "People who left a program 0").
    "Published": the years hidden for privacy are not counted in, and "Exits on record run 2019–2021" was false of a
    state whose hidden 2022 and 2023 held exits (a staffer). Other periods, and a hidden count, are left as they
    are."""
    if period == ALL or exit_years is None or exit_years[0] <= int(period) <= exit_years[1]:
        return cards
    if cell.is_hidden("exiters") or cell.value("exiters") != 0:
        return cards
    empty = [replace(card, value=SHORT_TEXT[Absence.EMPTY], basis="", delta=None, absence=Absence.EMPTY)
             if card.absence in (None, Absence.EMPTY) else card for card in cards]
    return outside_the_records(empty, f"{PUBLISHED_EXITS} {year_span(*exit_years)}")


def _median_text(cell: Cell) -> str:
    """" · middle value +$2.68": a part of its own, after the count and its caution, that a one-pager's tile can
    leave out whole (``onepager.tile_basis``; joined with "; " it was cut to "…after; middle value…")."""
    median = cell.value("median_wage_gain")
    return f" · middle value {format_signed_dollars(median)}" if median is not None else ""


# Why a year's view shows no employer figures (``cells.published_by_design``): a fact of the release's design
# Beside a smaller place whose employer figures are all hidden, where the whole state's are shown: where to look,
# and why without saying which figure protects which (that would tell which are at least k)
EMPLOYERS_HIDDEN_HERE = ("A smaller place's employer figures are often hidden together, so that no handful of "
                         "employers can be worked out from them. The whole state's are shown: pick Whole state.")


def all_hidden(cards: list[Headline]) -> bool:
    """Are all of ``cards`` (``Headline``s) hidden for privacy (and there is at least one)?"""
    return bool(cards) and all(card.absence is Absence.HIDDEN for card in cards)


ALL_YEARS_ONLY = "All years only"  # a handout's tile of employers' answers for one year, in short
ALL_YEARS_ONLY_BASIS = "published for all years together, not year by year"
EMPLOYERS_ALL_YEARS_ONLY = ("Employers' answers are published for all years together, not year by year: an employer "
                            "surveyed in several years counts once, by its latest answer, and year-by-year figures "
                            "beside that would give away its earlier answers. They are shown for all years together "
                            "(All years).")


def employer_cards(cell: Cell, k: int, loaded: frozenset[str]) -> list[Headline]:
    """What employers said in the partnerships' surveys."""
    once = " Each employer counts once per partnership, by its latest answer in these years."

    def share(label, name, definition, reference):
        # a question no survey on record asked reads as never published, not "hidden for privacy" (an auditor), as
        # the worker cards' answers do
        return _unless_published([_card(label, cell, f"share_{name}", format_percent,
                                        _count_text(cell, _n_of(name), "answers to the question"), definition + once,
                                        k, reference, n_statistic=_n_of(name))], f"{name}_answers", loaded)[0]

    cards = [
        _card("Employer survey answers", cell, "responses", format_count,
              "one per employer and partnership: its latest in these years",
              "Survey answers from employers taking part in a public partnership." + once, k),
        share("Lower staff turnover", "reduced_turnover", "Share of employers reporting reduced turnover.",
              references.REDUCED_TURNOVER),
        share("Less rework", "reduced_rework", "Share of employers reporting less rework.",
              references.REDUCED_REWORK),
        share("Fewer customer complaints", "reduced_complaints", "Share of employers reporting fewer complaints.",
              references.REDUCED_COMPLAINTS),
        share("Value the partnership", "partnership_valuable", "Share of employers who say the partnership is "
              "valuable to them.", references.VALUED_PARTNERSHIP),
    ]
    return _unless_published(cards, "employer_surveys", loaded)


def _n_of(name: str) -> str:
    return {"reduced_turnover": "turnover_n", "reduced_rework": "rework_n", "reduced_complaints": "complaints_n",
            "partnership_valuable": "valuable_n"}[name]


STATE_GRANTS_CARD = "Grant dollars, whole state"  # beside a county's or region's figures


def place_grants(row: pd.Series) -> tuple[int, float | None]:
    """How many public partnerships serve a place, and their published grant dollars summed (None for none), from
    the row of ``queries/release_place_grants.sql``."""
    dollars = row["grant_dollars"]
    return int(row["partnerships"]), None if pd.isna(dollars) else float(dollars)


def partnership_cards(cell: Cell, state_cell: Cell, state_fips: str, is_state: bool,
                      loaded: frozenset[str], all_years: Cell | None = None,
                      one_partnership: bool = False, whole_state: bool = False,
                      year: str | None = None, sector: str | None = None,
                      place_grants: tuple[int, float | None] | None = None) -> list[Headline]:
    """How many public partnerships serve the place, and the grant dollars behind them.

    A county's or region's grant dollars over all years are those of the public partnerships serving it
    (``place_grants``: how many, and their published grant dollars summed, ``queries/release_place_grants.sql``),
    each partnership's whole grants: a region's one-pager put the whole state's $60.4M beside its own figures (a
    convener). For one year the release has no partnership's dollars, so the state's stand there, said whole-state.

    The release counts partnerships over all years only: for one year the count is read from the place's all-years
    cell ``all_years`` and says so (it read "None in selection" beside a map of the partnerships serving the place).
    About ``one_partnership`` (a public deck of one partnership) there is no count of partnerships to give: it read
    "None in selection · serving this place" beside the state's 81. The state's published count stands beside the
    count of the whole state in every sector (``whole_state``) alone, as on the staff pages (it stood beside
    Lancaster's 5 and one sector's 15). For one ``year`` the grant dollars are those of the grants started in it,
    and say so (a year's $2.1M read as every year's); for one ``sector`` (its name) those of its partnerships (a
    region's Healthcare one-pager read "Grant dollars, whole state $15.7M").
    """
    count = (all_years or cell).value("public_partnerships")
    # a state's 0 is that none has agreed to be shown yet (a state of 18 partnerships read "0 in the state")
    where = ("serving this place" if not is_state else
             "in the state: none has agreed to be shown in public yet" if count == 0 else "in the state")
    partnerships = Headline("Public partnerships", format_count(count) if count is not None else
                            SHORT_TEXT[Absence.EMPTY], where + (" (all years: not split by year)"
                                                                if all_years is not None else ""),
                            "Partnerships of employers, trainers and others in one industry that agreed to be "
                            "shown in public.",
                            references.PENNSYLVANIA_PARTNERSHIPS.for_state(state_fips) if whole_state else None,
                            absence=None if count is not None else Absence.EMPTY)
    dollars = state_cell.value("grant_dollars")
    if place_grants is not None and not is_state and not one_partnership and year is None:
        served, place_dollars = place_grants
        grants = Headline(
            "Grant dollars", format_compact_dollars(place_dollars) if place_dollars is not None else
            SHORT_TEXT[Absence.EMPTY],
            f"to the {format_counted(served, 'public partnership')} serving this place, each one's whole grants"
            if served else "no public partnership serves this place",
            "Grants to the public partnerships serving a county of this place (planning, implementation and other "
            "grants, such as employer match), all years: a partnership serving several places counts whole in "
            "each, its grants not split by county.", None,
            absence=None if place_dollars is not None else Absence.EMPTY)
        cards = _unless_published([partnerships], "partnerships", loaded)
        return cards + _unless_published([grants], "grants", loaded)
    # a place's page or one-pager: its label says whole state (Lancaster's one-pager read "Grant dollars $60.4M")
    grants = Headline("Grant dollars" if is_state or one_partnership else STATE_GRANTS_CARD,
                      format_compact_dollars(dollars) if dollars is not None else
                      # one partnership's deck: its own grants, never "state-wide" (P001's $768K read so)
                      # the year first: a one-pager's tile cut "..., grants started in 2024" at "grants…", and
                      # IT's "$0" read as all it ever had (a convener)
                      SHORT_TEXT[Absence.EMPTY], (f"grants started in {year}, " if year else "")
                      + ("to this partnership" if one_partnership else
                         f"state-wide, to public {sector + ' ' if sector else ''}partnerships")
                      + ("" if is_state or one_partnership else " (not split by place)"),
                      # every grant type, as the staff pages count them ("planning and implementation" left out
                      # the $20.6M of other grants, employer match among them, inside the demo's $60.4M)
                      "Grants to public partnerships (planning, implementation and other grants, such as employer "
                      "match), by the year they started.",
                      # no published per-grant sizes beside a total: they compare with one grant, not a sum
                      None, absence=None if dollars is not None else Absence.EMPTY)
    cards = [] if one_partnership else _unless_published([partnerships], "partnerships", loaded)
    return cards + _unless_published([grants], "grants", loaded)


def _unless_published(cards: list[Headline], table: str, loaded: frozenset[str]) -> list[Headline]:
    if table in loaded:
        return cards
    return [Headline(card.label, SHORT_TEXT[Absence.NOT_LOADED], not_loaded_text([table], public=True),
                     card.definition, card.reference, absence=Absence.NOT_LOADED) for card in cards]


def wide(rows: pd.DataFrame, key: str, statistics: list[str]) -> pd.DataFrame:
    """Long release rows (``key``, statistic, value, is_hidden) as one row per ``key``: each statistic's value
    (NaN when hidden or empty) and ``<statistic>_hidden``."""
    chosen = rows[rows["statistic"].isin(statistics)]
    out = pd.DataFrame(index=sorted(set(chosen[key])))
    for statistic in statistics:
        mine = chosen[chosen["statistic"] == statistic].set_index(key)
        hidden = mine["is_hidden"].reindex(out.index).fillna(False).astype(bool)
        out[statistic] = pd.to_numeric(mine["value"], errors="coerce").reindex(out.index).mask(hidden)
        out[f"{statistic}_hidden"] = hidden
    return out.rename_axis(key).reset_index()


def between_nonzero(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows from the first to the last whose ``column`` is above 0 or hidden (what is published, never a hidden
    value): a series of people leaving a program starts when the first did and ends when the last did, instead of a
    run of empty years on either side (the release's years run from the registry's first start to the build's year,
    whoever left in them: a deck's series ended "..., 1,481, 0" with the year of the build). A true 0 between them
    stays in view."""
    started = ((frame[column].fillna(0) > 0) | frame.get(f"{column}_hidden", False)).to_numpy(dtype=bool)
    if not started.any():
        return frame.iloc[0:0]
    first, last = int(started.argmax()), len(started) - 1 - int(started[::-1].argmax())
    return frame.iloc[first:last + 1].reset_index(drop=True)


def as_text(frame: pd.DataFrame, columns: dict[str, tuple[str, object]], k: int) -> pd.DataFrame:
    """A table to read: each of ``columns`` (name -> (heading, formatter)) formatted, hidden values as
    "hidden for privacy" (``RELEASE_HIDDEN``) and values with no one behind them as "none"."""
    out = pd.DataFrame()
    for name, (heading, formatter) in columns.items():
        hidden = frame.get(f"{name}_hidden", pd.Series(False, index=frame.index)).astype(bool)
        out[heading] = [RELEASE_HIDDEN if is_hidden else ("none" if pd.isna(value) else formatter(value))
                        for value, is_hidden in zip(frame[name], hidden, strict=True)]
    return out
