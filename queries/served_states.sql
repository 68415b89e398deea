-- One row per state with counties that the registry names, as a partnership's counties or a region's (partnerships
-- listed by region serve its counties; a labor market may cross a state line): its FIPS code and how many of its
-- counties are named. Read by the QCEW and QWI loaders (sources.state_rule).
select
    left(county_fips, 2) as state_fips,
    count(distinct county_fips) as counties,
from (
    select county_fips from partnership_counties
    union all
    select county_fips from region_counties
)
group by all
order by state_fips
