"""Funding and partnership-health metrics: dollars by type and source, leverage, cost per exiter, the
earnings return of training against grant dollars, partners at the table, phases and systems changes."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectorscope import codes
from sectorscope.metrics.privacy import suppress_groups

STATE_SOURCE = "state"
EDUCATION_PARTNER_TYPES = ("K-12", "postsecondary")
LABOR_OR_COMMUNITY_PARTNER_TYPES = ("labor organization", "community organization", "social services")
EDUCATION_CONVENERS = ("community college",)
LABOR_OR_COMMUNITY_CONVENERS = ("labor organization", "community-based organization")
PIPELINE = ("planning", "implementation", "sustaining")
HOURS_PER_YEAR = 2080  # 52 weeks x 40 hours: full-time, all year


@dataclass(frozen=True)
class EarningsAssumptions:
    """What the earnings return assumes: hours worked a year, years the gain is counted, who counts as employed."""

    hours_per_year: float = HOURS_PER_YEAR
    years: float = 1.0
    employed_in_sector_only: bool = True


def leverage(non_state_dollars: float, state_dollars: float) -> float:
    """Non-state dollars per state dollar: non_state / state. NaN when there are no state dollars."""
    return non_state_dollars / state_dollars if state_dollars > 0 else math.nan


def per_unit(amount: float, units: int | float) -> float:
    """Amount per unit (e.g. grant dollars per exiter); NaN when there are no units."""
    return amount / units if units and units > 0 else math.nan


def earnings_return(mean_hourly_gain: float, employed_completers: int, grant_dollars: float,
                    assumptions: EarningsAssumptions = EarningsAssumptions()) -> tuple[float, float]:
    """(annual earnings gain, gain per grant dollar) of a partnership's or sector's completers.

    gain = mean hourly wage gain x hours per year x years counted x employed completers (default 2,080 hours, one
    year); ratio = gain / grant dollars. A simple ratio, not a causal estimate: it credits the whole wage gain to
    the training, and the dollars also paid for things other than training. NaN gain when the mean gain is
    unknown; NaN ratio when there are no grant dollars. A negative mean gain gives a negative return.
    """
    if mean_hourly_gain is None or math.isnan(mean_hourly_gain):
        return math.nan, math.nan
    gain = mean_hourly_gain * assumptions.hours_per_year * assumptions.years * employed_completers
    return gain, per_unit(gain, grant_dollars) if grant_dollars > 0 else math.nan


def is_funded(dollars: pd.Series) -> np.ndarray:
    """The one definition of "funded": per grant (``amount_usd``) or per partnership (its grant dollars in some
    years), whether there are dollars at all: dollars > 0.

    A grant record of $0 (an award rescinded or not yet paid, or one in kind whose worth nobody recorded) brought
    its partnership no dollars: a partnership whose only grants in the years are of $0 was not funded by them. So
    such a record is no grant in any figure (``funding_grants``): not among the grants counted or their median size
    (published sizes compare with awards of dollars), and its partnership is not among those "funded", whose
    exiters grant dollars are divided by and whose gains the earnings return sets against them. Counted as a grant,
    it made the same partnership funded on the grant card ("3 grants to 2 of 2 partnerships") and unfunded beside
    it ("1 exiter of 1 partnership without a grant ... left out"). Amounts are never negative (the loader refuses
    them), so a partnership is funded exactly when one of its grants is."""
    return (dollars > 0).to_numpy(dtype=bool)


def funding_grants(grants: pd.DataFrame) -> pd.DataFrame:
    """The ``grants`` that funded their partnership (``is_funded``: more than $0), the only ones any funding figure
    counts; every function here that reads grants starts from them."""
    return grants[is_funded(grants["amount_usd"])] if not grants.empty else grants


def grant_dollars_by(grants: pd.DataFrame, by: str) -> pd.DataFrame:
    """Grant dollars per start year and value of ``by`` (grant_type or funding_source): year, ``by``, dollars,
    grants. Years without a grant do not appear (a chart spans the chosen years, ``charts.funding.year_axis``); an
    empty frame gives an empty result. Grants of $0 count for nothing (``funding_grants``)."""
    grants = funding_grants(grants)
    if grants.empty:
        return pd.DataFrame(columns=["year", by, "dollars", "grants"])
    frame = grants.assign(year=pd.to_datetime(grants["start_date"]).dt.year)
    out = frame.groupby(["year", by], as_index=False).agg(dollars=("amount_usd", "sum"), grants=("grant_id", "size"))
    return out.sort_values(["year", by], kind="stable").reset_index(drop=True)


def grants_started_in(grants: pd.DataFrame, years: tuple[int, int] | None) -> pd.DataFrame:
    """The ``grants`` whose start_date falls in ``years`` (first, last; inclusive); all of them for None."""
    if years is None or grants.empty:
        return grants
    started = pd.to_datetime(grants["start_date"]).dt.year
    return grants[started.between(*years).to_numpy(dtype=bool)]


def funding_by_partnership(partnerships: pd.DataFrame, grants: pd.DataFrame,
                           people: pd.DataFrame, ratio_years: tuple[int, int] | None = None) -> pd.DataFrame:
    """Per partnership: grant dollars (all, state, non-state), leverage, participants, completers and the cost
    per exiter and per completer.

    ``partnerships`` lists the partnerships in view (partnership_id, name, sector_code ...); ``grants`` their grants
    that started in the years; ``people`` their exiters in the years counted per partnership (partnership_id,
    participants, completers: ``queries/partnership_people_figures.sql``). leverage = non-state / state dollars
    (NaN without state dollars); cost per exiter = ratio_dollars / participants (NaN without participants),
    per completer likewise, where ratio_dollars are the dollars of the grants started in ``ratio_years``
    (``FilterOptions.ratio_years``: the years with exits on record; None: every grant), so that dollars and people
    come from the same years. A partnership without grants has 0 dollars (it had none); grants counts the grants
    that funded it (``funding_grants``: a $0 grant is none), so it is funded (``is_funded``) exactly where grants > 0.
    """
    grants = funding_grants(grants)
    base = partnerships[["partnership_id", *[c for c in ("name", "sector_code", "phase") if c in partnerships]]]
    dollars = grants.assign(state=grants["amount_usd"].where(grants["funding_source"] == STATE_SOURCE, 0.0))
    totals = dollars.groupby("partnership_id").agg(grant_dollars=("amount_usd", "sum"),
                                                   state_dollars=("state", "sum"), grants=("grant_id", "size"))
    counted = people.set_index("partnership_id")[["participants", "completers"]]
    frame = base.merge(totals, left_on="partnership_id", right_index=True, how="left").merge(
        counted, left_on="partnership_id", right_index=True, how="left")
    for column in ("grant_dollars", "state_dollars"):
        frame[column] = frame[column].fillna(0.0).astype(float)
    for column in ("grants", "participants", "completers"):
        frame[column] = frame[column].fillna(0).astype(int)
    frame["non_state_dollars"] = frame["grant_dollars"] - frame["state_dollars"]
    frame["leverage"] = [leverage(n, s) for n, s in zip(frame["non_state_dollars"], frame["state_dollars"],
                                                        strict=True)]
    counted = grants_started_in(grants, ratio_years)
    frame["ratio_dollars"] = frame["partnership_id"].map(
        counted.groupby("partnership_id")["amount_usd"].sum() if not counted.empty else {}).fillna(0.0).astype(float)
    frame["cost_per_exiter"] = [per_unit(d, p) for d, p in zip(frame["ratio_dollars"], frame["participants"],
                                                                      strict=True)]
    frame["cost_per_completer"] = [per_unit(d, c) for d, c in zip(frame["ratio_dollars"], frame["completers"],
                                                                    strict=True)]
    return frame.reset_index(drop=True)


def median_grant(grants: pd.DataFrame | None, grant_type: str) -> float:
    """The median amount of the ``grants`` of one type (planning, implementation), grants of $0 left out
    (``funding_grants``: an award of no dollars is no grant size); NaN without any."""
    if grants is None or grants.empty:
        return math.nan
    grants = funding_grants(grants)
    amounts = grants.loc[grants["grant_type"] == grant_type, "amount_usd"]
    return float(amounts.median()) if len(amounts) else math.nan


def _start_years(grants: pd.DataFrame | None) -> dict[str, float]:
    """first_grant_year and last_grant_year: the first and last start year of the ``grants`` of dollars
    (``funding_grants``); NaN without any, or without their dates."""
    funded = funding_grants(grants) if grants is not None and "start_date" in grants else pd.DataFrame()
    years = pd.to_datetime(funded["start_date"]).dt.year.dropna() if not funded.empty else pd.Series(dtype=float)
    return {"first_grant_year": float(years.min()) if len(years) else math.nan,
            "last_grant_year": float(years.max()) if len(years) else math.nan}


def funding_totals(by_partnership: pd.DataFrame, grants: pd.DataFrame | None = None) -> dict[str, float]:
    """Totals over partnerships: dollars, state and non-state dollars, leverage, grants and the partnerships with at
    least one (funded_partnerships, ``is_funded``), the dollars per exiter and per completer and the people
    they rest on; with the ``grants`` themselves, the median planning and implementation grant (what published grant
    sizes compare with: a total does not) and the first and last year they started in (first_grant_year,
    last_grant_year).

    Dollars per person divide ``ratio_dollars`` (the grants started in the years people are counted in,
    ``funding_by_partnership``) by the exiters (completers) of the partnerships those grants went to, over the
    partnerships with both a grant and such people, as each row of the Funding table divides its own:

        cost_per_exiter = sum(ratio_dollars where participants > 0)
                               / sum(participants where ratio_dollars > 0)

    and likewise per completer (NaN without such people); participant_ratio_dollars and completer_ratio_dollars
    are those numerators. ratio_partnerships counts the partnerships with a grant in
    those years; participant_partnerships and completer_partnerships those of them with an exiter (a completer),
    ratio_participants and ratio_completers their people. The exiters of a partnership without a grant in those
    years were no part of what the grants bought, so they are left out and counted apart: participants_left_out of
    participant_partnerships_left_out partnerships (those with an exiter), completers_left_out of
    completer_partnerships_left_out (dividing by every partnership's exiters, ENRG in 2025 read $1,141 per
    participant for a $73,000 grant to a partnership with no exiter). So are the dollars of a partnership with a
    grant and no exiter (no completer) yet: participant_dollars_left_out of participant_dollar_partnerships_left_out
    partnerships, and likewise per completer; counted, a new planning grant's $73,000 raised every other
    partnership's cost per exiter in any view it was in, and none in a view of it alone (a staffer).
    """
    grant = float(by_partnership["grant_dollars"].sum())
    state = float(by_partnership["state_dollars"].sum())
    ratio = float(by_partnership["ratio_dollars"].sum())  # the grants of the years people are counted in
    funded = is_funded(by_partnership["ratio_dollars"])  # a grant of dollars started in those years
    participants = by_partnership["participants"].to_numpy()
    completers = by_partnership["completers"].to_numpy()
    ratio_participants, ratio_completers = int(participants[funded].sum()), int(completers[funded].sum())
    dollars = by_partnership["ratio_dollars"].to_numpy(dtype=float)
    with_exiters, with_completers = funded & (participants > 0), funded & (completers > 0)
    return {
        "grant_dollars": grant,
        "state_dollars": state,
        "non_state_dollars": grant - state,
        "leverage": leverage(grant - state, state),
        "grants": int(by_partnership["grants"].sum()),
        "funded_partnerships": int(is_funded(by_partnership["grant_dollars"]).sum()),
        # the years the grants of dollars started in (NaN without any): "$920K" beside "No grant in 2015–2025" per
        # exiter said only there that the grants ran 2010–2012 (a convener)
        **_start_years(grants),
        "median_planning_grant": median_grant(grants, "planning"),
        "median_implementation_grant": median_grant(grants, "implementation"),
        "ratio_dollars": ratio,
        "ratio_partnerships": int(funded.sum()),
        "ratio_participants": ratio_participants,
        "ratio_completers": ratio_completers,
        "participants_left_out": int(participants[~funded].sum()),
        "participant_partnerships_left_out": int((participants[~funded] > 0).sum()),
        "completers_left_out": int(completers[~funded].sum()),
        "completer_partnerships_left_out": int((completers[~funded] > 0).sum()),
        "participant_partnerships": int(with_exiters.sum()),
        "completer_partnerships": int(with_completers.sum()),
        "participant_dollars_left_out": float(dollars[funded & ~with_exiters].sum()),
        "participant_dollar_partnerships_left_out": int((funded & ~with_exiters).sum()),
        "completer_dollars_left_out": float(dollars[funded & ~with_completers].sum()),
        "completer_dollar_partnerships_left_out": int((funded & ~with_completers).sum()),
        "participant_ratio_dollars": float(dollars[with_exiters].sum()),  # what the ratios divide
        "completer_ratio_dollars": float(dollars[with_completers].sum()),
        "cost_per_exiter": per_unit(float(dollars[with_exiters].sum()), ratio_participants),
        "cost_per_completer": per_unit(float(dollars[with_completers].sum()), ratio_completers),
    }


def earnings_return_by(people: pd.DataFrame, grants: pd.DataFrame, by: str,
                       assumptions: EarningsAssumptions = EarningsAssumptions()) -> pd.DataFrame:
    """``earnings_return`` per group ``by`` (partnership_id or sector_code).

    ``people``: one row per partnership (``queries/partnership_people_figures.sql``: sector_code, completers, gain_n,
    gain_sum, employed_in_sector_completers, completers_with_post_wage). Mean hourly gain = sum of post - pre over
    completers with both wages / their number (as ``workers.HeadlineFigures`` counts it); employed completers =
    completers employed in the partnership's sector after exit (or, with ``employed_in_sector_only`` off,
    completers with a post-training wage). Grant dollars: the group's grants. A group with grants but no
    participants shows its dollars with a missing gain; a group none of whose completers has a recorded answer on
    employment in the sector has its employed completers, and so its gain, missing (unknown, not 0: own data without
    that column read "$0"). Columns: ``by``, grant_dollars, completers, gain_n, mean_hourly_gain, employed_completers,
    annual_gain, return_per_dollar.

    Per partnership, one without a grant keeps its own gain beside "no grant". A group of partnerships (a sector)
    counts only the people of its partnerships with a grant in ``grants``: the gain set against a sector's grant
    dollars is that of the partnerships the dollars went to (crediting a sector's grants with the completers of its
    partnerships without one, Transportation & Logistics read $9.60 per grant dollar where its funded partnerships
    give $2.05), and only the dollars of its partnerships with a completer (as per completer, ``funding_totals``). A
    sector without such a partnership has no row. What is left out is counted by ``funding_totals``
    (completers_left_out, completer_partnerships_left_out: the same partnerships, those without a grant in the years;
    completer_dollars_left_out, completer_dollar_partnerships_left_out: those with a grant and no completer).
    A grant of $0 funds no one (``funding_grants``): its partnership has no grant here either.
    """
    grants = funding_grants(grants)
    employed = ("employed_in_sector_completers" if assumptions.employed_in_sector_only
                else "completers_with_post_wage")
    known = "employed_in_sector_known" if assumptions.employed_in_sector_only else "completers_with_post_wage"
    if by != "partnership_id":  # the people of the partnerships the group's dollars went to
        people = people[people["partnership_id"].isin(set(grants["partnership_id"]))]
        # and the dollars of those with a completer: a new partnership's planning grant, set against the gains of
        # the sector's others, read TDL's $2.44 per grant dollar as $2.05 (a staffer; ``funding_totals`` counts them)
        grants = grants[grants["partnership_id"].isin(set(people.loc[people["completers"] > 0, "partnership_id"]))]
        # a group left with no dollars has no row ("no grant" beside a sector that had one: a code reviewer)
        people = people[people["partnership_id"].isin(set(grants["partnership_id"]))]
    groups = people.groupby(by, sort=True)[list(dict.fromkeys(["completers", "gain_n", "gain_sum", employed,
                                                                 known]))].sum()
    dollars = grants.groupby(by)["amount_usd"].sum() if not grants.empty else pd.Series(dtype=float)
    keys = sorted(set(people[by].dropna()) | set(dollars.index))
    groups = groups.reindex(keys).fillna(0)
    out = pd.DataFrame(index=pd.Index(keys, name=by))
    out["grant_dollars"] = dollars.reindex(out.index).fillna(0.0).astype(float)
    out["completers"] = groups["completers"].astype(int)
    out["gain_n"] = groups["gain_n"].astype(int)
    out["mean_hourly_gain"] = (groups["gain_sum"] / groups["gain_n"]).where(groups["gain_n"] > 0)
    out["employed_completers"] = groups[employed].astype(float).where(
        (groups[known] > 0) | (groups["completers"] == 0))  # no completer: 0 of none, a true 0
    results = [earnings_return(g, e, d, assumptions) for g, e, d in zip(
        out["mean_hourly_gain"], out["employed_completers"], out["grant_dollars"], strict=True)]
    out["annual_gain"] = [gain for gain, _ in results]
    out["return_per_dollar"] = [ratio for _, ratio in results]
    return out.reset_index()



def sectors_without_a_grant(people: pd.DataFrame, grants: pd.DataFrame) -> list[str]:
    """The sectors of ``people`` (one row per partnership with an exiter: partnership_id, sector_code, completers)
    none of whose partnerships with a completer has a grant in ``grants`` (``funding_grants``): those
    ``earnings_return_by`` by sector gives no row, in code order."""
    funded = people["partnership_id"].isin(set(funding_grants(grants)["partnership_id"])) & (people["completers"] > 0)
    return sorted(set(people.loc[~funded, "sector_code"].dropna()) - set(people.loc[funded, "sector_code"]))


def earnings_return_by_shown(people: pd.DataFrame, grants: pd.DataFrame, by: str, assumptions: EarningsAssumptions,
                             k: int | None) -> pd.DataFrame:
    """``earnings_return_by`` as shown: in a public view (``k``) a group's gain, its annual gain and return per dollar
    (and the counts they rest on) are blanked where fewer than ``k`` completers were employed
    (``privacy.suppress_groups``: one more group too where a lone one would show by subtraction); ``hidden`` says
    which. Staff views (``k`` None) get every figure."""
    return suppress_groups(earnings_return_by(people, grants, by, assumptions), "employed_completers",
                           ["mean_hourly_gain", "annual_gain", "return_per_dollar", "gain_n"], k)

def partner_composition(partnerships: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """Partners by type per partnership and the gaps at the table.

    One row per partnership (partnership_id, name, convener_name, convener_type ...) with a count column per
    partner type (codes.PARTNER_TYPES), ``partners`` (all), ``employers_beyond_convener`` (employer partners other
    than the convener itself) and three flags:
    - ``no_education``: no K-12 or postsecondary partner and not convened by a community college;
    - ``no_employer``: no employer partner beyond the convener;
    - ``no_labor_or_community``: no labor organization, community organization or social-services partner, and
      not convened by a labor or community-based organization.
    ``gaps`` lists the flags in words ("" when none). A partnership with no partner rows has every count 0.
    """
    counts = (partners.groupby(["partnership_id", "partner_type"]).size().unstack(fill_value=0)
              if not partners.empty else pd.DataFrame())
    counts = counts.reindex(columns=list(codes.PARTNER_TYPES), fill_value=0)
    frame = partnerships.merge(counts, left_on="partnership_id", right_index=True, how="left")
    frame[list(codes.PARTNER_TYPES)] = frame[list(codes.PARTNER_TYPES)].fillna(0).astype(int)
    frame["partners"] = frame[list(codes.PARTNER_TYPES)].sum(axis=1)
    employer_rows = partners[partners["partner_type"] == "employer"]
    convener = dict(zip(partnerships["partnership_id"], partnerships["convener_name"], strict=True))
    beyond = employer_rows[employer_rows["organization"] != employer_rows["partnership_id"].map(convener)]
    frame["employers_beyond_convener"] = frame["partnership_id"].map(
        beyond.groupby("partnership_id").size()).fillna(0).astype(int)
    frame["no_education"] = (frame[list(EDUCATION_PARTNER_TYPES)].sum(axis=1) == 0) & ~frame["convener_type"].isin(
        EDUCATION_CONVENERS)
    frame["no_employer"] = frame["employers_beyond_convener"] == 0
    frame["no_labor_or_community"] = (frame[list(LABOR_OR_COMMUNITY_PARTNER_TYPES)].sum(axis=1) == 0) & ~frame[
        "convener_type"].isin(LABOR_OR_COMMUNITY_CONVENERS)
    words = {"no_education": "no education provider", "no_employer": "no employer beyond the convener",
             "no_labor_or_community": "no labor or community partner"}
    frame["gaps"] = [", ".join(text for text, on in zip(words.values(), flags, strict=True) if on)
                     for flags in frame[list(words)].itertuples(index=False)]
    return frame.reset_index(drop=True)


def phase_pipeline(partnerships: pd.DataFrame) -> pd.DataFrame:
    """Partnerships per phase in pipeline order (planning -> implementation -> sustaining), then inactive.

    Every phase appears, with 0 when no partnership is in it; ``share`` = count / all partnerships (NaN if none).
    """
    order = [*PIPELINE, *[p for p in codes.PHASES if p not in PIPELINE]]
    counts = partnerships["phase"].value_counts().reindex(order, fill_value=0)
    total = int(counts.sum())
    return pd.DataFrame({"phase": order, "partnerships": counts.to_numpy().astype(int),
                         "share": counts.to_numpy() / total if total else np.full(len(order), np.nan)})


def changes_by_year(changes: pd.DataFrame) -> pd.DataFrame:
    """Systems changes per year and category: year, category, changes. Empty in, empty out."""
    if changes.empty:
        return pd.DataFrame(columns=["year", "category", "changes"])
    frame = changes.assign(year=pd.to_datetime(changes["changed_on"]).dt.year)
    out = frame.groupby(["year", "category"], as_index=False).agg(changes=("change_id", "size"))
    return out.sort_values(["year", "category"], kind="stable").reset_index(drop=True)


def changes_per_partnership(partnerships: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """Systems changes per partnership in view (0 for those without one), with each partnership's categories.

    Columns: partnership_id, name, changes, categories (distinct, comma-separated), last_change (date or NaT).
    Sorted by changes, most first.
    """
    grouped = changes.groupby("partnership_id").agg(
        changes=("change_id", "size"),
        categories=("category", lambda c: ", ".join(sorted(set(c)))),
        last_change=("changed_on", "max"),
    ) if not changes.empty else pd.DataFrame(columns=["changes", "categories", "last_change"])
    frame = partnerships[["partnership_id", "name"]].merge(grouped, left_on="partnership_id", right_index=True,
                                                           how="left")
    frame["changes"] = frame["changes"].fillna(0).astype(int)
    frame["categories"] = frame["categories"].fillna("")
    frame["last_change"] = pd.to_datetime(frame["last_change"])
    return frame.sort_values(["changes", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)


def gain_per(years: float) -> str:
    """The span of the earnings return's gain after an amount: "a year" for one year, else "over 2.5 years" (the
    hover read "$12,480 a year" for a gain over 2.5 years)."""
    return "a year" if years == 1 else f"over {years:g} years"


def employed_words(assumptions: EarningsAssumptions) -> str:
    """Who the earnings return counts as employed, in words: "completers employed in the partnership's sector" or
    "completers employed in any job (a post-training wage)"."""
    return ("completers employed in the partnership's sector" if assumptions.employed_in_sector_only
            else "completers employed in any job (a post-training wage)")


def gain_span(years: float) -> str:
    """What the earnings return's gain covers, in words: "Annual earnings gain" for one year of gain, else "Earnings
    gain over 2.5 years" (the chart kept saying "annual" with half a year counted)."""
    return "Annual earnings gain" if years == 1 else f"Earnings gain over {years:g} year{'' if years == 1 else 's'}"
