-- One row per county of the map area (the state $state_fips plus the other states' counties a region or partnership names): how many partnerships in view serve it, their names and sectors, its main sector (null where several tie: top_sectors lists them).
with in_view as (
    -- every county is listed; the chosen ones are flagged rather than the others dropped
    select * from partnerships_in_view($sector_codes, [], $year_from, $year_to, $public_only)
),

served as (
    -- served as partnership_served_counties says (a partnership listed by its region alone serves its counties)
    select pc.county_fips, v.name, s.sector_name,
    from partnership_served_counties() as pc
    inner join in_view as v on v.partnership_id = pc.partnership_id
    inner join sectors as s on s.sector_code = v.sector_code
),

serving as (
    select
        county_fips,
        count(*) as partnerships,
        list(name order by name) as partnership_names,
        list(distinct sector_name order by sector_name) as sector_names,
    from served
    group by all
),

most_served as (
    -- the sectors most of a county's partnerships serve: one is its main sector; several tie (York's six
    -- partnerships in six sectors were painted the alphabetically first one's colour)
    select county_fips, list(sector_name order by sector_name) as top_sectors,
    from (
        select county_fips, sector_name, rank() over (partition by county_fips order by count(*) desc) as place,
        from served
        group by county_fips, sector_name
    )
    where place = 1
    group by all
)

select
    c.county_fips,
    c.county_name,
    coalesce(serving.partnerships, 0) as partnerships,
    coalesce(serving.partnership_names, []) as partnership_names,
    coalesce(serving.sector_names, []) as sector_names,
    case when len(most_served.top_sectors) = 1 then most_served.top_sectors[1] end as main_sector,
    coalesce(most_served.top_sectors, []) as top_sectors,
    len($county_fips) = 0 or c.county_fips = any($county_fips) as is_selected,
from counties as c
left join serving on serving.county_fips = c.county_fips
left join most_served on most_served.county_fips = c.county_fips
where
    c.state_fips = $state_fips
    or c.county_fips in (select rc.county_fips from region_counties as rc)
    or c.county_fips in (select pc.county_fips from partnership_counties as pc)
order by c.state_fips <> $state_fips, c.state_fips, c.county_name
