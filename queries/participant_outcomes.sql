-- One row per exiter in the selection (the exiters_in_view macro in schema.sql: partnership sector, county of
-- residence, chosen partnerships, $public_only, exit year), with the fields the outcome metrics need. Never shown
-- as rows on public pages.
select
    e.participant_id,
    e.partnership_id,
    e.sector_code,
    e.county_fips,
    year(e.exited_on) as exit_year,
    e.completed,
    e.credential_earned,
    e.pre_hourly_wage,
    e.post_hourly_wage,
    e.employed_in_sector,
    e.below_poverty_before,
    e.below_poverty_after,
    e.health_insurance_before,
    e.health_insurance_after,
    e.paid_sick_leave_before,
    e.paid_sick_leave_after,
from exiters_in_view(
    $sector_codes,
    $county_fips,
    $partnership_ids,
    $year_from,
    $year_to,
    false,
    $public_only
) as e
