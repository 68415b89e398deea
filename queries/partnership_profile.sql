-- One row: the partnership $partnership_id with its sector, region and counties served, and its people in training
-- now (enrolled, no exit on record).
select
    p.partnership_id,
    p.name,
    p.sector_code,
    s.sector_name,
    p.convener_name,
    p.convener_type,
    p.phase,
    r.region_name,
    p.start_date,
    p.end_date,
    p.description,
    p.is_public,
    coalesce((
        -- as partnership_served_counties says: one listed by its region alone serves the region's counties
        select list(pc.county_fips order by pc.county_fips)
        from partnership_served_counties() as pc
        where pc.partnership_id = p.partnership_id
    ), []) as county_fips,
    not exists (
        select 1 from partnership_counties as pc where pc.partnership_id = p.partnership_id
    ) as served_by_region,
    -- people enrolled with no exit yet: a new partnership's profile read as if nobody were being trained
    (select count(*) from participants as pp where pp.partnership_id = p.partnership_id and pp.exited_on is null)
        as in_training,
from partnerships as p
inner join sectors as s on s.sector_code = p.sector_code
left join regions as r on r.region_id = p.region_id
where p.partnership_id = $partnership_id
