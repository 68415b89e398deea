-- One row per county of the state $state_fips: how many partnerships in view serve it, their names and sectors.
with in_view as (
    select p.*
    from partnerships as p
    where
        (len($sector_codes) = 0 or p.sector_code = any($sector_codes))
        and (not $public_only or p.is_public)
        and year(p.start_date) <= $year_to
        and (p.end_date is null or year(p.end_date) >= $year_from)
),

serving as (
    select
        pc.county_fips,
        count(*) as partnerships,
        list(v.name order by v.name) as partnership_names,
        list(distinct s.sector_name order by s.sector_name) as sector_names,
        mode(s.sector_name order by s.sector_name) as main_sector,
    from partnership_counties as pc
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
where c.state_fips = $state_fips
order by c.county_name
