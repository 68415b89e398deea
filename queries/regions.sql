-- One row per region: its name and the list of its counties (5-character FIPS).
select
    r.region_id,
    r.region_name,
    r.region_type,
    list(rc.county_fips order by rc.county_fips) as county_fips,
from regions as r
inner join region_counties as rc on rc.region_id = r.region_id
group by all
order by r.region_name
