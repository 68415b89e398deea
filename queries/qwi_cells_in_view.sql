-- One row per QWI cell (area x industry x quarter) in the years: county cells of the chosen counties (the state
-- $state_fips's when none is chosen) and every metro-area cell, in the industries of the chosen sectors (all when
-- none is chosen).
with prefixes as (
    select
        sector_code,
        unnest(naics_prefixes) as prefix,
    from sectors
    where sector_code = any($sector_codes)
),

chosen_industries as (
    select distinct q.naics_sector,
    from prefixes as p
    inner join (select distinct naics_sector from qwi) as q
        on
            q.naics_sector = p.prefix
            or (
                len(p.prefix) = 2
                and q.naics_sector like '__-__'
                and p.prefix between left(q.naics_sector, 2) and right(q.naics_sector, 2)
            )
)

select
    q.area_type,
    q.area_code,
    q.naics_sector,
    q.year,
    q.quarter,
    q.employment,
    q.turnover_rate,
from qwi as q
where
    q.year between $year_from and $year_to
    and (len($sector_codes) = 0 or q.naics_sector in (select naics_sector from chosen_industries))
    and (
        q.area_type = 'metro'
        or (
            q.area_type = 'county'
            and (
                (len($county_fips) = 0 and ($state_fips is null or left(q.area_code, 2) = $state_fips))
                or q.area_code = any($county_fips)
            )
        )
    )
order by q.area_type, q.naics_sector, q.area_code, q.year, q.quarter
