-- One row per partnership in view serving at least one of the counties $county_fips (any county when empty): its sector, the sector's NAICS prefixes and the counties it serves among them (partnership_served_counties).
select
    p.partnership_id,
    p.name,
    p.sector_code,
    s.sector_name,
    s.naics_prefixes,
    list(c.county_name order by c.county_name) filter (
        where len($county_fips) = 0 or served.county_fips = any($county_fips)
    ) as counties_served,
from partnerships_in_view($sector_codes, $county_fips, $year_from, $year_to, $public_only) as p
inner join sectors as s on s.sector_code = p.sector_code
left join partnership_served_counties() as served on served.partnership_id = p.partnership_id
left join counties as c on c.county_fips = served.county_fips
group by all
order by p.name
