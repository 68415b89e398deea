-- One row per exiter in the selection (the exiters_in_view macro in schema.sql: partnership sector, chosen
-- partnerships, $public_only, exit year, living in a chosen county or, with $by_partnership_county, trained by a
-- partnership serving one), with the outcome fields, the WIOA fields and the UI earnings and employer accounts of the
-- quarters the wage-record indicators use. Never shown as rows.
with exiters as (
    select
        e.*,
        year(e.enrolled_on) * 4 + quarter(e.enrolled_on) - 1 as entry_quarter,
        year(e.exited_on) * 4 + quarter(e.exited_on) - 1 as exit_quarter,
    from exiters_in_view(
        $sector_codes,
        $county_fips,
        $partnership_ids,
        $year_from,
        $year_to,
        $by_partnership_county,
        $public_only
    ) as e
),

quarters as (
    -- quarters are numbered year * 4 + quarter - 1, so consecutive quarters differ by one
    select
        e.participant_id,
        w.year * 4 + w.quarter - 1 - e.entry_quarter as from_entry,
        w.year * 4 + w.quarter - 1 - e.exit_quarter as from_exit,
        w.employer_id,
        list_filter(
            list_concat([w.employer_id], coalesce(w.other_employer_ids, []::varchar[])),
            lambda account: account is not null
        ) as accounts,
        w.earnings_usd,
    from wage_records as w
    inner join exiters as e on e.participant_id = w.participant_id
),

wages as (
    select
        participant_id,
        count(*) as wage_records,
        count(*) filter (where from_entry between -4 and -1) as pre_quarters_recorded,
        sum(earnings_usd) filter (where from_entry between -4 and -1) as pre_earnings_total,
        sum(earnings_usd) filter (where from_exit = 2) as q2_earnings,
        any_value(employer_id) filter (where from_exit = 2) as q2_employer_id,
        list_sort(list_distinct(flatten(list(accounts) filter (where from_exit = 2)))) as q2_employer_ids,
        sum(earnings_usd) filter (where from_exit = 4) as q4_earnings,
        any_value(employer_id) filter (where from_exit = 4) as q4_employer_id,
        list_sort(list_distinct(flatten(list(accounts) filter (where from_exit = 4)))) as q4_employer_ids,
    from quarters
    group by participant_id
),

records as (
    -- the latest date the program records know of: credentials and skill gains later than it cannot be known yet
    select
        max(greatest(enrolled_on, exited_on, credential_on, list_max(skill_gain_on))) as records_as_of,
        -- the youth education-or-employment rate needs a youth marker and education after exit somewhere
        count(is_youth) > 0 and count(in_education_q2) + count(in_education_q4) > 0 as has_youth_data,
    from participants
)

select
    e.participant_id,
    e.partnership_id,
    e.partnership_name,
    e.sector_code,
    e.county_fips,
    year(e.exited_on) as exit_year,
    e.enrolled_on,
    e.exited_on,
    e.entry_quarter,
    e.exit_quarter,
    e.completed,
    e.credential_earned,
    e.training_type,
    e.gender,
    e.race_ethnicity,
    e.age_band,
    e.pre_hourly_wage,
    e.post_hourly_wage,
    e.employed_in_sector,
    e.below_poverty_before,
    e.below_poverty_after,
    e.health_insurance_before,
    e.health_insurance_after,
    e.paid_sick_leave_before,
    e.paid_sick_leave_after,
    e.exit_exclusion_reason,
    e.is_customized_training,
    e.credential_on,
    e.skill_gain_on,
    e.employed_q2_supplemental,
    e.employed_q4_supplemental,
    e.earnings_q2_supplemental,
    e.is_youth,
    e.in_education_q2,
    e.in_education_q4,
    coalesce(w.wage_records, 0) as wage_records,
    coalesce(w.pre_quarters_recorded, 0) as pre_quarters_recorded,
    w.pre_earnings_total,
    w.q2_earnings,
    w.q2_employer_id,
    w.q2_employer_ids,
    w.q4_earnings,
    w.q4_employer_id,
    w.q4_employer_ids,
    r.records_as_of,
    r.has_youth_data,
from exiters as e
left join wages as w on w.participant_id = e.participant_id
cross join records as r
order by e.participant_id
