-- One row per participant of a public partnership who has exited: where they live, the partnership's sector, the
-- exit year and the outcomes the public release counts. Read only by the release build, never by a page.
select
    p.participant_id,
    p.partnership_id,
    pa.sector_code,
    p.county_fips,
    year(p.exited_on) as year,
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
where p.exited_on is not null and pa.is_public
