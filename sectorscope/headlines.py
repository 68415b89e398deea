"""Headline figures for the Overview, grouped by the NGA evaluation framework, formatted and suppressed.

Pure functions from query frames to ``Headline`` records; the page only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sectorscope import references
from sectorscope.formatting import (
    format_compact_dollars,
    format_count,
    format_dollars,
    format_percent,
    format_points,
    format_ratio,
    format_signed_dollars,
)
from sectorscope.metrics import common, employers, funding, workers
from sectorscope.privacy import is_reportable, suppressed_label
from sectorscope.references import Reference

EDUCATION_PARTNERS = ("K-12", "postsecondary")
LABOR_OR_COMMUNITY_PARTNERS = ("labor organization", "community organization", "social services")


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


def _guarded(label: str, value: str, n: int, unit: str, definition: str, k: int | None,
             reference: Reference | None = None, delta: str | None = None, delta_color: str = "normal") -> Headline:
    """A headline resting on ``n`` people or employers; hidden when ``k`` is set and n is below it."""
    basis = f"n = {format_count(n)} {unit}"
    if n == 0:
        return Headline(label, "no data", basis, definition, reference)
    if k is not None and not is_reportable(n, k):
        return Headline(label, suppressed_label(k), f"fewer than {k} {unit}", definition, reference, True)
    return Headline(label, value, basis, definition, reference, delta=delta, delta_color=delta_color)


def _before_after(label: str, result: workers.BeforeAfter, definition: str, k: int | None,
                  reference: Reference, lower_is_better: bool = False) -> Headline:
    """The share after as the value, the change from before as the delta."""
    return _guarded(label, format_percent(result.after), result.n, "people", definition, k, reference,
                    delta=f"{format_points(result.change)} from {format_percent(result.before)}",
                    delta_color="inverse" if lower_is_better else "normal")


def worker_headlines(participants: pd.DataFrame, k: int | None) -> list[Headline]:
    """Impact on workers: wage gain, completion, credentials, poverty, health insurance, paid sick leave."""
    p = participants
    gain = workers.wage_gain(p["pre_hourly_wage"], p["post_hourly_wage"], p["completed"])
    completion = common.share_true(p["completed"])
    credential = common.share_true(p.loc[p["completed"].astype(bool), "credential_earned"])
    poverty = workers.before_after(p["below_poverty_before"], p["below_poverty_after"])
    insurance = workers.before_after(p["health_insurance_before"], p["health_insurance_after"])
    sick_leave = workers.before_after(p["paid_sick_leave_before"], p["paid_sick_leave_after"])
    return [
        _guarded("Participants who exited", format_count(len(p)), len(p), "people",
                 "People who left the program in the selected years.", k),
        _guarded("Mean hourly wage gain", format_signed_dollars(gain.mean_gain), gain.n, "completers",
                 "Post minus pre hourly wage, mean over completers with both wages "
                 f"(median {format_signed_dollars(gain.median_gain)}).", k, references.HOURLY_WAGE_GAIN),
        _guarded("Completed training", format_percent(completion.share), completion.n, "people",
                 "Share of exiters who completed the training.", k),
        _guarded("Earned a credential", format_percent(credential.share), credential.n, "completers",
                 "Share of completers who earned an industry-recognized credential.", k),
        _before_after("Below poverty after", poverty, "Share below the federal poverty level after training "
                      "(change from before), among people with both answers.", k, references.POVERTY,
                      lower_is_better=True),
        _before_after("Employer health insurance after", insurance, "Share with employer-offered health "
                      "insurance after training (change from before).", k, references.HEALTH_INSURANCE),
        _before_after("Paid sick leave after", sick_leave, "Share with paid sick leave after training (change "
                      "from before).", k, references.PAID_SICK_LEAVE),
    ]


def employer_headlines(surveys: pd.DataFrame, k: int | None) -> list[Headline]:
    """Impact on employers: survey shares beside the Massachusetts Sector Initiative figures, turnover change."""
    s = surveys
    surveyed = int(s["employer_id"].nunique())
    shares = [
        ("Reduced turnover", "reduced_turnover", references.REDUCED_TURNOVER),
        ("Reduced rework", "reduced_rework", references.REDUCED_REWORK),
        ("Fewer customer complaints", "reduced_complaints", references.REDUCED_COMPLAINTS),
        ("Value the partnership", "partnership_valuable", references.VALUED_PARTNERSHIP),
    ]
    out = [_guarded("Employers surveyed", format_count(surveyed), surveyed, "employers",
                    "Distinct employers with a survey response in the selected years.", k)]
    for label, column, reference in shares:
        share = common.share_true(s[column])
        out.append(_guarded(label, format_percent(share.share), share.n, "responses",
                            f"Share of survey responses reporting: {label.lower()}.", k, reference))
    change = employers.turnover_change(s["turnover_rate_before"], s["turnover_rate_after"])
    out.append(_guarded("Median turnover after", format_percent(change.median_after),
                        change.n, "responses with both rates",
                        "Median annual turnover rate at the survey; the delta is the median paired change from "
                        f"before joining ({change.excluded:,} responses left out for a missing rate).", k,
                        delta=f"{format_points(change.median_change)} from {format_percent(change.median_before)}",
                        delta_color="inverse"))
    return out


def partnership_headlines(directory: pd.DataFrame, partners: pd.DataFrame, grants: pd.DataFrame,
                          participants_count: int) -> list[Headline]:
    """Partnership effectiveness: partnerships in view, phases, partners at the table, funding and leverage."""
    count = len(directory)
    active = int(directory["phase"].isin(["implementation", "sustaining"]).sum())
    per_partnership = partners.groupby("partnership_id")["partner_type"]
    partner_counts = per_partnership.size().reindex(directory["partnership_id"], fill_value=0)
    with_education = per_partnership.apply(lambda t: t.isin(EDUCATION_PARTNERS).any()).reindex(
        directory["partnership_id"], fill_value=False)
    state = float(grants.loc[grants["funding_source"] == "state", "amount_usd"].sum())
    total = float(grants["amount_usd"].sum())
    lever = funding.leverage(total - state, state)
    cost = funding.per_unit(total, participants_count)
    return [
        Headline("Partnerships in view", format_count(count), f"{active:,} implementing or sustaining",
                 "Partnerships in the selected sectors that serve a selected county and were active in the years.",
                 references.PENNSYLVANIA_PARTNERSHIPS),
        Headline("Partners per partnership", format_ratio(common.median_or_nan(partner_counts), 0),
                 f"median over {count:,} partnerships", "Median number of partner organizations at the table."),
        Headline("With an education partner", format_percent(with_education.mean() if count else float("nan")),
                 f"of {count:,} partnerships", "Share of partnerships with a K-12 or postsecondary partner."),
        Headline("Grant dollars", format_compact_dollars(total), f"{len(grants):,} grants",
                 "Grants that started in the selected years, all funders.", references.GRANT_RANGES),
        Headline("Leverage", format_ratio(lever) + " : 1" if lever == lever else "–",
                 f"state {format_compact_dollars(state)}", "Non-state dollars per state dollar."),
        Headline("Grant dollars per participant", format_dollars(cost),
                 f"{format_count(participants_count)} participants", "Grant dollars divided by exiters; a simple "
                 "ratio, not a cost-effectiveness estimate."),
    ]


def systems_headlines(changes: pd.DataFrame, partnership_count: int) -> list[Headline]:
    """Systems change: logged changes, the partnerships that made one, the most common kind."""
    with_change = int(changes["partnership_id"].nunique())
    top = changes["category"].value_counts()
    return [
        Headline("Systems changes logged", format_count(len(changes)), "in the selected years",
                 "Entries in the systems-change log: new programs, HR practices, policies, pathways."),
        Headline("Partnerships with a change", format_percent(with_change / partnership_count)
                 if partnership_count else "–", f"{with_change:,} of {partnership_count:,}",
                 "Share of partnerships in view with at least one logged change in the years."),
        Headline("Most common change", str(top.index[0]) if len(top) else "–",
                 f"{int(top.iloc[0]):,} entries" if len(top) else "no entries", "Category logged most often."),
    ]


def community_headlines(by_county: pd.DataFrame, participants: pd.DataFrame, stories: int,
                        k: int | None) -> list[Headline]:
    """Impact on community: counties reached, people who left poverty, stories shared."""
    counties = len(by_county)
    served = int((by_county["partnerships"] > 0).sum())
    paired = participants.dropna(subset=["below_poverty_before", "below_poverty_after"])
    before = paired["below_poverty_before"].astype(bool)
    left_poverty = int((before & ~paired["below_poverty_after"].astype(bool)).sum())
    return [
        Headline("Counties with a partnership", f"{served:,} of {counties:,}", format_percent(served / counties)
                 if counties else "–", "Counties served by at least one partnership in view."),
        _guarded("People who left poverty", format_count(left_poverty), left_poverty, "people",
                 "Participants below the poverty level before training and above it after.", k),
        Headline("Stories shared", format_count(stories), "with public consent" if k is not None else "all stories",
                 "Testimonials from participants and employers."),
    ]
