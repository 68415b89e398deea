-- One row per participant who exited in the years, in view (partnership sector, county of residence, chosen
-- partnerships, $public_only), with the fields the outcome metrics need. Never shown as rows on public pages.
select
    p.participant_id,
    p.partnership_id,
    pa.sector_code,
    p.county_fips,
    year(p.exited_on) as exit_year,
    p.completed,
    p.credential_earned,
    p.pre_hourly_wage,
    p.post_hourly_wage,
    p.employed_in_sector,
    p.below_poverty_before,
    p.below_poverty_after,
    p.health_insurance_before,
    p.health_insurance_after,
    p.paid_sick_leave_before,
    p.paid_sick_leave_after,
from participants as p
inner join partnerships as pa on pa.partnership_id = p.partnership_id
where
    p.exited_on is not null
    and year(p.exited_on) between $year_from and $year_to
    and (len($sector_codes) = 0 or pa.sector_code = any($sector_codes))
    and (len($county_fips) = 0 or p.county_fips = any($county_fips))
    and (len($partnership_ids) = 0 or p.partnership_id = any($partnership_ids))
    and (not $public_only or pa.is_public)
