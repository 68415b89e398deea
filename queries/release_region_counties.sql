-- One row per county of a region: those in the state $state_fips first, then those across a state line (a region is
-- a labor market, and labor markets cross state lines: its people living there are the region's too, as on the
-- staff pages). Counties the counties table does not know are left out.
select
    rc.region_id,
    rc.county_fips,
from region_counties as rc
inner join counties as c on c.county_fips = rc.county_fips
order by rc.region_id, c.state_fips <> $state_fips, rc.county_fips
