"""Published reference figures shown beside the state's own (DESIGN section 5): each one as data, in one place.

A ``Reference`` holds the figure itself (``value``, and ``before`` for a before -> after share), its unit, what it
measures, who published it, and for which state it compares like with like. Its ``text`` is written from those
numbers, so a card, a chart's published mark, the one-pager and the deck all read the same figure from here and no
published number is written anywhere else (``tests/test_references.py`` checks the package for copies).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Unit(StrEnum):
    """What a reference's numbers count, which also fixes how they read."""

    SHARE = "share"  # 0-1 of people or employers: 0.41 -> 41%
    DOLLARS_PER_HOUR = "dollars per hour"  # a change in an hourly wage: 2.0 -> +$2.00/hour
    PERCENT_CHANGE = "percent change"  # a relative change: 0.0662 -> +6.62%
    COUNT = "count"  # 81 -> 81
    DOLLARS = "dollars"  # 150000 -> $150K


def format_figure(value: float, unit: Unit, digits: int = 0) -> str:
    """One published number as it reads in ``unit``, with ``digits`` decimals where the source gives them."""
    if unit is Unit.SHARE:
        return f"{value * 100:.{digits}f}%"
    if unit is Unit.DOLLARS_PER_HOUR:
        return f"{'+' if value >= 0 else '-'}${abs(value):,.2f}/hour"
    if unit is Unit.PERCENT_CHANGE:
        return f"{round(value * 100, digits):+g}%"  # as published: +6.62%, +5%
    if unit is Unit.DOLLARS:
        return f"${value / 1e3:,.0f}K" if value >= 1e3 else f"${value:,.0f}"
    return f"{value:,.{digits}f}"


@dataclass(frozen=True)
class Reference:
    """A published figure as data: the number, its unit, what it measures, and who published it.

    ``wording`` says how the figure reads, with ``{value}`` (and ``{before}``, and each name of ``more``, a tuple
    of (name, number) pairs) standing for the numbers formatted in ``unit``: ``"{before} → {value} in poverty"``
    reads "64% → 35% in poverty".
    """

    value: float
    unit: Unit
    measures: str
    wording: str
    source: str
    url: str | None = None
    before: float | None = None
    more: tuple[tuple[str, float], ...] = ()
    digits: int = 0
    # The state whose own figure this compares with (FIPS), or None when it compares like with like anywhere. A
    # count of one state's partnerships is context for that state only, never a benchmark for another's count.
    applies_to_state: str | None = None
    # answers a question other than the one it is shown beside (the Massachusetts companies' "valued partnering with
    # other companies" beside "the partnership is valuable"): a chart's bars of the two say so (a convener)
    related_question: bool = False

    @property
    def text(self) -> str:
        """The figure in words, as cards and reports show it: "41% of employers reported reduced turnover"."""
        numbers = {"value": self.value, **dict(self.more)}
        if self.before is not None:
            numbers["before"] = self.before
        return self.wording.format(**{name: format_figure(number, self.unit, self.digits)
                                      for name, number in numbers.items()})

    @property
    def figure(self) -> str:
        """Only the number(s): "+$2.00/hour", "64% → 35%"."""
        value = format_figure(self.value, self.unit, self.digits)
        return value if self.before is None else f"{format_figure(self.before, self.unit, self.digits)} → {value}"

    def number(self, name: str) -> float:
        """One of the further numbers of the wording by name (``"planning_high"``), or the value for "value"."""
        return self.value if name == "value" else dict(self.more)[name]

    def for_state(self, state_fips: str | None) -> Reference | None:
        """This reference where it compares like with like for ``state_fips``, else None (not shown)."""
        return self if self.applies_to_state is None or self.applies_to_state == state_fips else None


# the source BLS's QCEW files are recorded under when loaded (``sources.qcew``) and credited with on the charts
BLS_QCEW = "U.S. Bureau of Labor Statistics, Quarterly Census of Employment and Wages"
# The materials citing these figures give no year for them: said, so that a figure is not quoted as a recent one (a
# staffer could not answer "from when?"); the original study is the one to check before quoting it
CITED = "as cited, with no year given, in State Sector Strategies materials"
PPV = f"Public/Private Ventures, Sectoral Employment Impact Study ({CITED})"
WORKER_EVALUATION = f"Evaluation of sector initiatives' impact on workers ({CITED})"
MASSACHUSETTS = f"Third-party evaluation of the Massachusetts Sector Initiative ({CITED})"
FAQ = "State Sector Strategies FAQ (undated)"
PENNSYLVANIA_WAGES = ("Industry Partnerships in Pennsylvania (2014, via WorkforceGPS); Pennsylvania Governor's Goals: "
                      "Training and Wages")
# No URL is given for a source we only know as cited: a guessed address would be a fabricated citation.

HOURLY_WAGE_GAIN = Reference(
    2.00, Unit.DOLLARS_PER_HOUR, "Mean hourly wage gain of people who went through sector training",
    "{value} on average", PPV)
POVERTY = Reference(
    0.35, Unit.SHARE, "Share of participants below the poverty level, before -> after training",
    "{before} → {value} in poverty", PPV, before=0.64)
HEALTH_INSURANCE = Reference(
    0.73, Unit.SHARE, "Share of participants with employer-offered health insurance, before -> after training",
    "{before} → {value} with employer health insurance", WORKER_EVALUATION, before=0.49)
PAID_SICK_LEAVE = Reference(
    0.58, Unit.SHARE, "Share of participants with paid sick leave, before -> after training",
    "{before} → {value} with paid sick leave", WORKER_EVALUATION, before=0.35)
REDUCED_TURNOVER = Reference(
    0.41, Unit.SHARE, "Share of participating employers reporting reduced turnover",
    "{value} of employers reported reduced turnover", MASSACHUSETTS)
REDUCED_REWORK = Reference(
    0.19, Unit.SHARE, "Share of participating employers reporting less rework",
    "{value} reported less rework", MASSACHUSETTS)
REDUCED_COMPLAINTS = Reference(
    0.23, Unit.SHARE, "Share of participating employers reporting fewer customer complaints",
    "{value} reported fewer customer complaints", MASSACHUSETTS)
VALUED_PARTNERSHIP = Reference(
    1.00, Unit.SHARE, "Share of participating companies valuing partnering with other companies",
    # not the same question as "the partnership is valuable": said, so the two are not read as one
    "{value} of companies valued partnering with other companies (a related question)", MASSACHUSETTS,
    related_question=True)
PENNSYLVANIA_PARTNERSHIPS = Reference(
    81, Unit.COUNT, "Pennsylvania's Industry Partnerships, and workers they trained since 2004",
    "Pennsylvania: {value} Industry Partnerships; {trained}+ workers trained since 2004", FAQ,
    more=(("trained", 18_000),), applies_to_state="42")
GRANT_RANGES = Reference(
    25_000, Unit.DOLLARS, "Typical grant sizes: planning grants (up to 6 months) and implementation grants (1-3 years)",
    "Planning grants {value}-{planning_high} (up to 6 months); implementation {implementation_low}-"
    "{implementation_high} (1-3 years)", FAQ,
    more=(("planning_high", 150_000), ("implementation_low", 50_000), ("implementation_high", 500_000)))
PENNSYLVANIA_WAGE_GOAL = Reference(
    0.0662, Unit.PERCENT_CHANGE, "Mean wage change of Pennsylvania Industry Partnership trainees within a year",
    "Pennsylvania Industry Partnerships: {value} on average within a year of training (goal: at least {goal})",
    PENNSYLVANIA_WAGES, more=(("goal", 0.05),), digits=2)

# The employer survey questions and the Massachusetts figure each compares with.
SURVEY_SHARES: dict[str, Reference] = {
    "reduced_turnover": REDUCED_TURNOVER,
    "reduced_rework": REDUCED_REWORK,
    "reduced_complaints": REDUCED_COMPLAINTS,
    "partnership_valuable": VALUED_PARTNERSHIP,
}
# The before -> after conditions of participants and the published figure each compares with.
CONDITIONS: dict[str, Reference] = {
    "below_poverty": POVERTY,
    "health_insurance": HEALTH_INSURANCE,
    "paid_sick_leave": PAID_SICK_LEAVE,
}
ALL: tuple[Reference, ...] = (HOURLY_WAGE_GAIN, POVERTY, HEALTH_INSURANCE, PAID_SICK_LEAVE, REDUCED_TURNOVER,
                              REDUCED_REWORK, REDUCED_COMPLAINTS, VALUED_PARTNERSHIP, PENNSYLVANIA_PARTNERSHIPS,
                              GRANT_RANGES, PENNSYLVANIA_WAGE_GOAL)


# said under every county map of a handout (one-pager, deck, presented slide): whose shapes are drawn
# (``sources.geo.SHAPEFILE_NAME``, the Census Bureau's 2016 cartographic boundaries)
BOUNDARIES_CREDIT = "Census 2016 county boundaries."
