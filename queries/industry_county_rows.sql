-- One row per county of the map area (the state $state_fips plus the other states' counties a region or partnership names): employment in industry $industry_code (ownership $own_code) in $year, the county's all-industry total, and BLS's published LQ.
with industry as (
    select
        area_fips,
        employment,
        establishments,
        disclosure_code,
        lq_employment,
        coalesce(from_quarters, false) as from_quarters,
    from qcew_annual
    where industry_code = $industry_code and own_code = $own_code and year = $year
),

totals as (
    select
        area_fips,
        employment,
    from qcew_annual
    where industry_code = '10' and own_code = '0' and year = $year
)

select
    c.county_fips,
    c.county_name,
    c.centroid_lon,
    c.centroid_lat,
    i.employment,
    i.establishments,
    t.employment as total_employment,
    coalesce(i.disclosure_code = 'N', false) as suppressed,
    i.area_fips is not null as has_industry_row,
    t.area_fips is not null as has_data,
    i.lq_employment as published_lq,
    coalesce(i.from_quarters, false) as from_quarters,
from counties as c
left join industry as i on i.area_fips = c.county_fips
left join totals as t on t.area_fips = c.county_fips
where
    c.state_fips = $state_fips
    or c.county_fips in (select rc.county_fips from region_counties as rc)
    or c.county_fips in (select pc.county_fips from partnership_counties as pc)
order by c.state_fips <> $state_fips, c.state_fips, c.county_name
