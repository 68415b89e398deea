-- One row per county of a region that lies in the state $state_fips.
select
    rc.region_id,
    rc.county_fips,
from region_counties as rc
inner join counties as c on c.county_fips = rc.county_fips
where c.state_fips = $state_fips
order by rc.region_id, rc.county_fips
