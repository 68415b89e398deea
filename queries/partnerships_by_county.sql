-- One row per county of the map area (the state $state_fips plus the other states' counties a region or partnership names): how many partnerships in view serve it, their names and sectors.
with in_view as (
    -- every county is listed; the chosen ones are flagged rather than the others dropped
    select * from partnerships_in_view($sector_codes, [], $year_from, $year_to, $public_only)
),

serving as (
    -- served as partnership_served_counties says (a partnership listed by its region alone serves its counties)
    select
        pc.county_fips,
        count(*) as partnerships,
        list(v.name order by v.name) as partnership_names,
        list(distinct s.sector_name order by s.sector_name) as sector_names,
        mode(s.sector_name order by s.sector_name) as main_sector,
    from partnership_served_counties() as pc
    inner join in_view as v on v.partnership_id = pc.partnership_id
    inner join sectors as s on s.sector_code = v.sector_code
    group by all
)

select
    c.county_fips,
    c.county_name,
    coalesce(serving.partnerships, 0) as partnerships,
    coalesce(serving.partnership_names, []) as partnership_names,
    coalesce(serving.sector_names, []) as sector_names,
    serving.main_sector,
    len($county_fips) = 0 or c.county_fips = any($county_fips) as is_selected,
from counties as c
left join serving on serving.county_fips = c.county_fips
where
    c.state_fips = $state_fips
    or c.county_fips in (select rc.county_fips from region_counties as rc)
    or c.county_fips in (select pc.county_fips from partnership_counties as pc)
order by c.state_fips <> $state_fips, c.state_fips, c.county_name
