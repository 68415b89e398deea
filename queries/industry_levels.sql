-- One row per BLS aggregation level (last digit of agglvl_code: 3 supersector, 4 NAICS sector, 5 to 8 NAICS 3 to 6 digits) with ownership $own_code rows in any of the areas $area_fips.
select
    right(agglvl_code, 1) as level,
    count(distinct industry_code) as industries,
from qcew_annual
where area_fips = any($area_fips) and own_code = $own_code and right(agglvl_code, 1) in ('3', '4', '5', '6', '7', '8')
group by all
order by level
