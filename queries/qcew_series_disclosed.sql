-- One row per QCEW series (area x ownership x industry x year) loaded for the areas $area_fips and years $years: whether its value is disclosed, whether it was worked out from quarterly files (empty: not recorded) and whether it carries BLS's published over-the-year change (rows from BLS's annual files, where BLS discloses it).
select
    area_fips,
    own_code,
    industry_code,
    year,
    coalesce(disclosure_code, '') <> 'N' and employment is not null as is_disclosed,
    from_quarters,
    oty_employment_chg is not null or oty_employment_pct_chg is not null as has_published_change,
from qcew_annual
where area_fips = any($area_fips) and year = any($years)
