-- One row per participant who exited in the years from a partnership in view (sectors, chosen partnerships,
-- $public_only), living in a chosen county or, with $by_partnership_county, trained by a partnership serving one;
-- with the outcome fields and the UI earnings of the quarters the WIOA-style indicators use. Never shown as rows.
with in_view as (
    select
        v.partnership_id,
        v.name as partnership_name,
        v.sector_code,
    from partnerships_in_view(
        $sector_codes,
        case when $by_partnership_county then $county_fips else []::varchar[] end,
        $year_from,
        $year_to,
        $public_only
    ) as v
    where len($partnership_ids) = 0 or v.partnership_id = any($partnership_ids)
),

exiters as (
    select
        p.*,
        v.partnership_name,
        v.sector_code,
        year(p.enrolled_on) * 4 + quarter(p.enrolled_on) - 1 as entry_quarter,
        year(p.exited_on) * 4 + quarter(p.exited_on) - 1 as exit_quarter,
    from participants as p
    inner join in_view as v on v.partnership_id = p.partnership_id
    where
        p.exited_on is not null
        and year(p.exited_on) between $year_from and $year_to
        and ($by_partnership_county or len($county_fips) = 0 or p.county_fips = any($county_fips))
),

quarters as (
    -- quarters are numbered year * 4 + quarter - 1, so consecutive quarters differ by one
    select
        e.participant_id,
        w.year * 4 + w.quarter - 1 - e.entry_quarter as from_entry,
        w.year * 4 + w.quarter - 1 - e.exit_quarter as from_exit,
        w.employer_id,
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
        sum(earnings_usd) filter (where from_exit = 4) as q4_earnings,
        any_value(employer_id) filter (where from_exit = 4) as q4_employer_id,
    from quarters
    group by participant_id
)

select
    e.participant_id,
    e.partnership_id,
    e.partnership_name,
    e.sector_code,
    e.county_fips,
    year(e.exited_on) as exit_year,
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
    coalesce(w.wage_records, 0) as wage_records,
    coalesce(w.pre_quarters_recorded, 0) as pre_quarters_recorded,
    w.pre_earnings_total,
    w.q2_earnings,
    w.q2_employer_id,
    w.q4_earnings,
    w.q4_employer_id,
from exiters as e
left join wages as w on w.participant_id = e.participant_id
order by e.participant_id
