-- One row per area x industry x year among the areas $area_fips: ownership $own_code at the BLS aggregation level whose last digit is $level (4 = NAICS sector), plus each area's all-industry, all-ownership total, with BLS's published change over the year. from_quarters: an annual average worked out from quarterly files (its LQ the mean of BLS's monthly LQs, not BLS's annual LQ; a quarter withheld withholds the year).
select
    q.area_fips,
    q.industry_code,
    q.industry_title,
    q.own_code = '0' and q.industry_code = '10' as is_total,
    q.year,
    q.employment,
    q.total_wages,
    q.avg_weekly_wage,
    q.establishments,
    coalesce(q.disclosure_code = 'N', false) as suppressed,
    q.lq_employment as published_lq,
    q.oty_employment_chg,
    q.oty_employment_pct_chg,
    coalesce(q.from_quarters, false) as from_quarters,
from qcew_annual as q
where
    q.area_fips = any($area_fips)
    and (
        (q.own_code = $own_code and right(q.agglvl_code, 1) = $level)
        or (q.own_code = '0' and q.industry_code = '10')
    )
order by q.industry_code, q.area_fips, q.year
