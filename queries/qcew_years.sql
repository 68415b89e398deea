-- One row per year of QCEW annual data: how many counties of the state $state_fips have it, and whether the state's and the U.S. all-industry totals are loaded.
select
    year,
    count(distinct area_fips) filter (where left(area_fips, 2) = $state_fips and right(area_fips, 3) not in ('000', '999')) as counties,
    bool_or(area_fips = $state_fips || '000') as has_state,
    bool_or(area_fips = 'US000') as has_us,
from qcew_annual
where own_code = '0' and industry_code = '10'
group by year
order by year
