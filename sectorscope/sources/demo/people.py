"""The demo's participants, their quarterly wage records and their WIOA fields."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sectorscope import codes
from sectorscope.sources.demo.common import (
    AGE_GAIN,
    AGE_SHARES,
    AS_OF,
    FIRST_EXIT,
    LAST_QUARTER,
    N_PARTICIPANTS,
    N_POOR_PARTNERSHIPS,
    N_STILL_ENROLLED,
    PARTNERSHIP_EFFECT_SD,
    SECTORS,
    TARGET_BELOW_POVERTY,
    TARGET_HEALTH_INSURANCE,
    TARGET_PAID_SICK_LEAVE,
    TARGET_WAGE_GAIN_USD,
    TRAINING_COMPLETION,
    TRAINING_CREDENTIAL,
    TRAINING_DAYS,
    TRAINING_GAIN,
    YEAR_TREND_PER_YEAR,
    DemoState,
    in_top_share,
    opaque_ids,
    sample_rows,
    standardise,
)


# --- Participants and wage records --------------------------------------------------------------------------------
def draw_participants(
    rng: np.random.Generator, state: DemoState, partnerships: pd.DataFrame, partnership_counties: pd.DataFrame,
    scale: int = 1,
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Participants who exited 2015-2025 (and a few still enrolled), with outcomes calibrated to DESIGN section 5.

    ``scale`` times the demo's numbers of people (see ``generate_demo_tables``).

    Also marks the few poorly performing partnerships in ``partnerships["sim_poor"]`` (the employer surveys use it).
    """
    sector_index = {s.code: k for k, s in enumerate(SECTORS)}
    p_sector = partnerships["sector_code"].map(sector_index).to_numpy()
    p_start = partnerships["start_date"].to_numpy().astype("datetime64[D]")
    p_end = partnerships["end_date"].to_numpy().astype("datetime64[D]")
    p_end = np.where(np.isnat(p_end), AS_OF, p_end)
    phase = partnerships["phase"].to_numpy()

    # Exits: partnerships past planning, between 90 days after their start and their end.
    low = np.maximum(p_start + np.timedelta64(90, "D"), FIRST_EXIT)
    high = np.minimum(p_end, AS_OF)
    span = (high - low).astype(int)
    size = rng.lognormal(0.0, 0.6, len(partnerships)) * np.clip(span, 0, None) * (phase != "planning")
    size[span < 120] = 0.0
    n_exited, n_enrolled = (N_PARTICIPANTS - N_STILL_ENROLLED) * scale, N_STILL_ENROLLED * scale
    exited_counts = rng.multinomial(n_exited, size / size.sum())
    open_now = (phase != "planning") & (phase != "inactive")
    enrolled_counts = rng.multinomial(n_enrolled, open_now * size / (open_now * size).sum())
    # A handful of sizeable partnerships do poorly.
    sizeable = np.nonzero(exited_counts >= 80 * scale)[0]
    poor = rng.choice(sizeable, size=min(N_POOR_PARTNERSHIPS, sizeable.size), replace=False)
    partnerships.loc[partnerships.index[poor], "sim_poor"] = True
    effect = partnerships["sim_effect"].to_numpy().copy()
    sector_gain = np.array([s.gain_effect for s in SECTORS])[p_sector]
    effect[poor] = -(TARGET_WAGE_GAIN_USD + sector_gain[poor]) + rng.uniform(-0.6, 0.0, poor.size)

    p_of = np.concatenate([np.repeat(np.arange(len(partnerships)), exited_counts),
                           np.repeat(np.arange(len(partnerships)), enrolled_counts)])  # fmt: skip
    still = np.concatenate([np.zeros(n_exited, dtype=bool), np.ones(n_enrolled, dtype=bool)])
    n = p_of.size
    sector_k = p_sector[p_of]
    mix = np.array([s.training_mix for s in SECTORS])
    training = sample_rows(rng, mix[sector_k])
    low_days = np.array([TRAINING_DAYS[t][0] for t in codes.TRAINING_TYPES])[training]
    high_days = np.array([TRAINING_DAYS[t][1] for t in codes.TRAINING_TYPES])[training]
    duration = (low_days + rng.random(n) * (high_days - low_days)).astype(int).astype("timedelta64[D]")
    exit_day = low[p_of] + (rng.random(n) * span[p_of].clip(0)).astype(int).astype("timedelta64[D]")
    enrol_day = np.maximum(exit_day - duration, p_start[p_of])
    late_start = np.datetime64("2025-03-01")
    enrol_still = np.maximum(late_start, p_start[p_of]) + (rng.random(n) * 280).astype(int).astype("timedelta64[D]")
    enrol_day = np.where(still, np.minimum(enrol_still, AS_OF - np.timedelta64(14, "D")), enrol_day)
    exit_day = np.where(still, np.datetime64("NaT"), exit_day)

    # Residence: mostly a county the partnership serves, else a neighbouring one.
    county = np.empty(n, dtype=object)
    served = {p: g["county_fips"].tolist() for p, g in partnership_counties.groupby("partnership_id")}
    for k, pid in enumerate(partnerships["partnership_id"]):
        rows = np.nonzero(p_of == k)[0]
        if rows.size == 0:
            continue
        options = served[pid]
        weights = np.array([state.population[state.index(c)] for c in options]) ** 0.8
        picked = rng.choice(len(options), size=rows.size, p=weights / weights.sum())
        county[rows] = np.array(options, dtype=object)[picked]
        neighbours = sorted({nb for c in options for nb in state.adjacency[c]} - set(options))
        away = rows[rng.random(rows.size) < 0.15]
        if neighbours and away.size:
            county[away] = np.array(neighbours, dtype=object)[rng.integers(0, len(neighbours), away.size)]
    county[rng.random(n) < 0.005] = None
    county_k = np.array([state.index(c) if c is not None else -1 for c in county])

    # Demographics.
    female = np.array([s.female_share for s in SECTORS])[sector_k]
    gender_p = np.stack([female, 0.97 - female, np.full(n, 0.01), np.full(n, 0.02)], axis=1)
    gender = np.array(codes.GENDERS, dtype=object)[sample_rows(rng, gender_p)]
    urban = np.where(county_k >= 0, state.urbanity[county_k], 0.4)
    hispanic = 0.05 + 0.10 * urban
    hispanic[np.isin(county, ["42077", "42011"])] = 0.25
    black = 0.04 + 0.36 * urban**2
    asian = 0.015 + 0.04 * urban
    race_p = np.stack(
        [hispanic, 1 - hispanic - black - asian - 0.056, black, asian, np.full(n, 0.004), np.full(n, 0.002),
         np.full(n, 0.03), np.full(n, 0.02)], axis=1
    )  # fmt: skip
    race = np.array(codes.RACE_ETHNICITIES, dtype=object)[sample_rows(rng, race_p)]
    age_k = rng.choice(len(codes.AGE_BANDS), size=n, p=AGE_SHARES)
    age = np.array(codes.AGE_BANDS, dtype=object)[age_k]

    # Completion and credentials.
    complete_p = np.clip(TRAINING_COMPLETION[training] + 0.03 * effect[p_of] - 0.15 * np.isin(p_of, poor), 0.4, 0.97)
    completed = (rng.random(n) < complete_p) & ~still
    credential_p = np.where(completed, TRAINING_CREDENTIAL[training], 0.03)
    credential = (rng.random(n) < credential_p) & ~still

    # Wages: before, and after for completers we could follow up.
    exit_year = np.where(still, 2025, exit_day.astype("datetime64[Y]").astype(int) + 1970)
    county_wage = np.where(county_k >= 0, 0.85 + 0.3 * urban, 1.0)
    incumbent = codes.TRAINING_TYPES.index("incumbent worker")
    pre_wage = (
        np.array([s.pre_wage for s in SECTORS])[sector_k]
        * 1.03 ** (exit_year - 2015)
        * county_wage**0.5
        * np.where(training == incumbent, 1.12, 1.0)
        * rng.lognormal(0, 0.18, n)
    )
    pre_wage = np.clip(pre_wage, 9.0, 45.0)
    county_effect = rng.normal(0, 0.35, state.fips.size)
    year_effect = {2020: -0.5, 2021: 0.2, 2022: 0.4, 2023: 0.4}
    gain = (
        TARGET_WAGE_GAIN_USD
        + sector_gain[p_of]
        + effect[p_of]
        + np.where(county_k >= 0, county_effect[county_k], 0.0)
        + np.array([year_effect.get(int(y), 0.03 * (int(y) - 2019)) for y in exit_year])
        + TRAINING_GAIN[training]
        + AGE_GAIN[age_k]
        - 0.40 * (gender == "female")
        - 0.25 * (race == "Black or African American")
        - 0.20 * (race == "Hispanic or Latino")
        + rng.normal(0, 1.6, n)
    )
    followed = completed & (rng.random(n) >= 0.07)
    pre_known = rng.random(n) >= 0.05
    both = followed & pre_known
    pre_wage = np.round(pre_wage, 2)
    post_wage = pre_wage + gain
    for _ in range(4):  # calibrate the mean gain of completers with both wages; post never below $7.25
        post_wage = np.round(np.maximum(post_wage, 7.25), 2)
        post_wage += TARGET_WAGE_GAIN_USD - (post_wage[both] - pre_wage[both]).mean()
    post_wage = np.round(np.maximum(post_wage, 7.25), 2)
    realised_gain = post_wage - pre_wage

    # Benefits and poverty before/after, exact on the calibration group (completers followed up).
    benefit = np.array([s.benefit_effect for s in SECTORS])[sector_k]
    z_pre, z_gain, z_post = standardise(pre_wage), standardise(realised_gain), standardise(post_wage)
    p_effect = effect[p_of] / PARTNERSHIP_EFFECT_SD
    trend = YEAR_TREND_PER_YEAR * (exit_year - 2020)
    poverty_score = -z_pre + 0.3 * (age_k == 0) + rng.normal(0, 1.0, n)
    poverty_before = in_top_share(poverty_score, followed, TARGET_BELOW_POVERTY[0])
    poverty_after = in_top_share(
        0.7 * poverty_score - 0.9 * z_gain - 0.2 * p_effect - trend + rng.normal(0, 0.6, n), followed,
        TARGET_BELOW_POVERTY[1],
    )  # fmt: skip
    insurance_score = 0.8 * z_pre + benefit + rng.normal(0, 1.0, n)
    insurance_before = in_top_share(insurance_score, followed, TARGET_HEALTH_INSURANCE[0])
    insurance_after = in_top_share(
        0.5 * insurance_score + 0.8 * z_post + benefit + 0.3 * p_effect + trend + rng.normal(0, 0.7, n),
        followed, TARGET_HEALTH_INSURANCE[1],
    )  # fmt: skip
    sick_score = 0.6 * z_pre + benefit + rng.normal(0, 1.0, n)
    sick_before = in_top_share(sick_score, followed, TARGET_PAID_SICK_LEAVE[0])
    sick_after = in_top_share(
        0.5 * sick_score + 0.7 * z_post + benefit + 0.3 * p_effect + trend + rng.normal(0, 0.7, n),
        followed, TARGET_PAID_SICK_LEAVE[1],
    )  # fmt: skip

    def optional(values: np.ndarray, known: np.ndarray) -> pd.Series:
        return pd.Series(pd.array(np.where(known, values, False), dtype="boolean")).where(known, pd.NA)

    before_known = rng.random(n) >= 0.03
    after_known = followed & (rng.random(n) >= 0.03)
    in_sector = rng.random(n) < np.where(followed, np.clip(0.78 + 0.04 * p_effect, 0.4, 0.95), 0.25)
    in_sector_known = followed | (~completed & ~still & (rng.random(n) < 0.6))
    ids = opaque_ids(rng, n)
    order = np.lexsort((ids, enrol_day))
    participants = pd.DataFrame(
        {
            "participant_id": ids,
            "partnership_id": partnerships["partnership_id"].to_numpy()[p_of],
            "county_fips": county,
            "enrolled_on": pd.to_datetime(enrol_day),
            "exited_on": pd.to_datetime(exit_day),
            "completed": completed.astype(bool),
            "credential_earned": credential.astype(bool),
            "training_type": np.array(codes.TRAINING_TYPES, dtype=object)[training],
            "gender": gender,
            "race_ethnicity": race,
            "age_band": age,
            "pre_hourly_wage": np.where(pre_known, pre_wage, np.nan),
            "post_hourly_wage": np.where(both | (followed & ~pre_known), post_wage, np.nan),
            "employed_in_sector": optional(in_sector, in_sector_known),
            "below_poverty_before": optional(poverty_before, before_known),
            "below_poverty_after": optional(poverty_after, after_known),
            "health_insurance_before": optional(insurance_before, before_known),
            "health_insurance_after": optional(insurance_after, after_known),
            "paid_sick_leave_before": optional(sick_before, before_known),
            "paid_sick_leave_after": optional(sick_after, after_known),
        }
    )
    wage_inputs = {
        "pre_wage": pre_wage,
        "post_wage": np.where(followed, post_wage, pre_wage * rng.uniform(0.98, 1.1, n)),
        "followed": followed,
        "completed": completed,
        "still": still,
        "training": training,
        "in_sector": in_sector & followed,
        "p_of": p_of,
    }
    participants = participants.iloc[order].reset_index(drop=True)
    wage_inputs = {key: value[order] for key, value in wage_inputs.items()}
    return participants, wage_inputs


def _quarter_index(days: np.ndarray) -> np.ndarray:
    """year * 4 + (quarter - 1) of each date."""
    months = days.astype("datetime64[M]").astype(int)  # months since 1970-01
    return (months // 12 + 1970) * 4 + (months % 12) // 3


def draw_wage_records(
    rng: np.random.Generator,
    participants: pd.DataFrame,
    inputs: dict[str, np.ndarray],
    links: pd.DataFrame,
    partnerships: pd.DataFrame,
) -> pd.DataFrame:
    """Quarterly UI earnings from 4 quarters before enrolment to 4 after exit (to 2025 Q4), ~95% of participants."""
    n = len(participants)
    matched = rng.random(n) < 0.95
    enrol_q = _quarter_index(participants["enrolled_on"].to_numpy().astype("datetime64[D]"))
    exit_days = participants["exited_on"].to_numpy().astype("datetime64[D]")
    exit_q = np.where(inputs["still"], LAST_QUARTER, _quarter_index(np.where(np.isnat(exit_days), AS_OF, exit_days)))
    first = enrol_q - 4
    last = np.minimum(exit_q + 4, LAST_QUARTER)
    count = np.where(matched, last - first + 1, 0)
    person = np.repeat(np.arange(n), count)
    offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    quarter = first[person] + offset
    pre = quarter < enrol_q[person]
    during = (quarter >= enrol_q[person]) & (quarter <= exit_q[person])
    post = quarter > exit_q[person]

    training = inputs["training"][person]
    holds_job = np.isin(training, [codes.TRAINING_TYPES.index(t) for t in ("incumbent worker", "apprenticeship",
                                                                          "on-the-job")])  # fmt: skip
    p_pre = np.where(holds_job, 0.96, 0.72)
    p_during = np.where(holds_job, 0.96, 0.55)
    p_post = np.where(inputs["followed"][person], 0.88, np.where(inputs["completed"][person], 0.6, 0.55))
    p_post = np.where(quarter == exit_q[person] + 1, p_post - 0.06, p_post)
    employed = rng.random(person.size) < np.where(pre, p_pre, np.where(during, p_during, p_post))
    wage = np.where(post, inputs["post_wage"][person], inputs["pre_wage"][person])
    hours = np.where(rng.random(person.size) < 0.8, rng.uniform(420, 520, person.size),
                     rng.uniform(120, 420, person.size))  # fmt: skip
    hours = np.where(employed, np.round(hours), 0.0)
    earnings = np.round(wage * hours, 2)

    # Employers: one before, one after; after-training employers are often partnership employers.
    partner_employers = {p: g["employer_id"].to_numpy(dtype=object) for p, g in links.groupby("partnership_id")}
    ids = partnerships["partnership_id"].to_numpy()
    before_employer = np.char.add("UI", rng.integers(1_000_000, 9_999_999, n).astype(str)).astype(object)
    after_employer = np.char.add("UI", rng.integers(1_000_000, 9_999_999, n).astype(str)).astype(object)
    for k in np.nonzero(inputs["in_sector"] & (rng.random(n) < 0.5))[0]:
        options = partner_employers.get(ids[inputs["p_of"][k]])
        if options is not None and len(options):
            after_employer[k] = options[int(rng.integers(len(options)))]
    incumbent = training == codes.TRAINING_TYPES.index("incumbent worker")
    employer = np.where(post & ~incumbent, after_employer[person], before_employer[person])
    employer = np.where(employed, employer, None)
    return pd.DataFrame(
        {
            "participant_id": participants["participant_id"].to_numpy()[person],
            "year": (quarter // 4).astype("int64"),
            "quarter": (quarter % 4 + 1).astype("int64"),
            "employer_id": employer,
            "earnings_usd": earnings.astype("float64"),
            "hours": hours.astype("float64"),
        }
    )


def wioa_fields(
    rng: np.random.Generator, participants: pd.DataFrame, wage_records: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The optional fields the WIOA indicators use, filled plausibly.

    About 1.5% of exiters leave for a reason that excludes them (foster care only among 16-24-year-olds); a tenth of
    occupational skills trainees are in customized training; credentials are dated (most near the exit, a quarter
    later, some of them more than a year after exit, which WIOA does not count); most people in longer training get
    a dated skill gain; a third of the people without any wage record have supplemental wage information; and 6% of
    people with wage records hold a second job after exit (a second employer account that stays with them). Drawn
    after those: 60% of people with a gain and at least 300 days of training get a second, later gain; half of the
    16-24-year-olds were served as youth, and a quarter of youth exiters are in education or training in the 2nd
    (22% in the 4th) quarter after exit.
    """
    people = participants.copy()
    n = len(people)
    exited = people["exited_on"].notna().to_numpy()
    enrolled = people["enrolled_on"].to_numpy().astype("datetime64[D]")
    exit_day = people["exited_on"].to_numpy().astype("datetime64[D]")
    youth = (people["age_band"] == "16-24").to_numpy()

    reasons = np.array([None, *codes.EXIT_EXCLUSION_REASONS], dtype=object)
    shares = np.array([0.985, 0.004, 0.005, 0.002, 0.002, 0.002])
    reason = reasons[sample_rows(rng, np.tile(shares, (n, 1)))]
    reason[(reason == codes.EXIT_FOSTER_CARE) & ~youth] = None
    reason[~exited] = None
    people["exit_exclusion_reason"] = reason

    occupational = (people["training_type"] == "occupational skills").to_numpy()
    people["is_customized_training"] = pd.array(occupational & (rng.random(n) < 0.10), dtype="boolean")

    earned = people["credential_earned"].to_numpy() & exited
    near_exit = exit_day - rng.integers(0, 30, n).astype("timedelta64[D]")
    later = exit_day + rng.integers(15, 500, n).astype("timedelta64[D]")
    is_later = (rng.random(n) < 0.25) | ~people["completed"].to_numpy()
    credential_on = np.where(is_later, later, near_exit)
    credential_on = np.clip(credential_on, enrolled, AS_OF)
    people["credential_on"] = pd.to_datetime(np.where(earned, credential_on, np.datetime64("NaT")))

    until = np.where(exited, exit_day, AS_OF)
    length = (until - enrolled).astype(int)
    gains = (length >= 45) & (rng.random(n) < np.where(people["completed"].to_numpy() | ~exited, 0.85, 0.4))
    gain_day = enrolled + (30 + rng.random(n) * np.clip(length - 30, 0, None)).astype(int).astype("timedelta64[D]")
    people["skill_gain_on"] = pd.to_datetime(np.where(gains, np.minimum(gain_day, until), np.datetime64("NaT")))

    matched = people["participant_id"].isin(wage_records["participant_id"]).to_numpy()
    followed = exited & ~matched & (rng.random(n) < 0.35)
    q2 = followed & (rng.random(n) < 0.65)
    q4 = followed & (rng.random(n) < 0.62)
    wage = people["post_hourly_wage"].fillna(people["pre_hourly_wage"]).fillna(15.0).to_numpy()
    people["employed_q2_supplemental"] = pd.array(np.where(followed, q2, False), dtype="boolean")
    people.loc[~followed, "employed_q2_supplemental"] = pd.NA
    people["employed_q4_supplemental"] = pd.array(np.where(followed, q4, False), dtype="boolean")
    people.loc[~followed, "employed_q4_supplemental"] = pd.NA
    people["earnings_q2_supplemental"] = np.where(q2, np.round(wage * rng.uniform(380, 500, n), 2), np.nan)

    records = wage_records.copy()
    second_job = dict(zip(people["participant_id"], exited & matched & (rng.random(n) < 0.06), strict=True))
    account = dict(zip(people["participant_id"],
                       np.char.add("UI", rng.integers(1_000_000, 9_999_999, n).astype(str)), strict=True))
    exit_quarter = dict(zip(people["participant_id"],
                            _quarter_index(np.where(exited, exit_day, AS_OF)), strict=True))
    quarter = records["year"].to_numpy() * 4 + records["quarter"].to_numpy() - 1
    ids = records["participant_id"].to_numpy()
    after = quarter > np.array([exit_quarter[i] for i in ids])
    holds = np.array([second_job[i] for i in ids]) & after & (records["earnings_usd"].to_numpy() > 0)
    records["other_employer_ids"] = [[account[i]] if h else None for i, h in zip(ids, holds, strict=True)]

    # Drawn last, so every field above stays as it was: a second skill gain for long training, and the youth fields.
    first_gain = people["skill_gain_on"].to_numpy().astype("datetime64[D]")
    again = gains & (length >= 300) & (rng.random(n) < 0.6)
    second_gain = first_gain + (60 + rng.random(n) * np.clip((until - first_gain).astype(int) - 60, 0, None)).astype(
        int).astype("timedelta64[D]")
    again &= second_gain <= until
    people["skill_gain_on"] = [
        None if pd.isna(one) else sorted({pd.Timestamp(one), pd.Timestamp(two)}) if twice else [pd.Timestamp(one)]
        for one, two, twice in zip(first_gain, second_gain, again, strict=True)]
    is_youth = youth & (rng.random(n) < 0.5)
    people["is_youth"] = pd.array(is_youth, dtype="boolean")
    for column, share in (("in_education_q2", 0.25), ("in_education_q4", 0.22)):
        values = pd.array(rng.random(n) < share, dtype="boolean")
        values[~(is_youth & exited)] = pd.NA
        people[column] = values
    return people, records


