-- One row per partnership with surveyed employers in view x QWI county cell (industry x county x quarter) of its
-- sector: the sector's industries, in the counties of the partnership's surveyed employers, in their survey years.
with surveyed as (
    select distinct
        es.partnership_id,
        pa.sector_code,
        e.county_fips,
        es.survey_year,
    from employer_surveys as es
    inner join employers as e on e.employer_id = es.employer_id
    inner join partnerships as pa on pa.partnership_id = es.partnership_id
    where
        es.survey_year between $year_from and $year_to
        and (len($sector_codes) = 0 or pa.sector_code = any($sector_codes))
        and (len($county_fips) = 0 or e.county_fips = any($county_fips))
        and (not $public_only or pa.is_public)
),

prefixes as (
    select
        sector_code,
        unnest(naics_prefixes) as prefix,
    from sectors
),

sector_industries as (
    -- a QWI industry stands for a sector when it is one of the sector's NAICS prefixes, or a QWI range such as
    -- 31-33 holds a 2-digit prefix; longer prefixes (211, 5415) have no QWI sector of their own
    select distinct
        p.sector_code,
        q.naics_sector,
    from prefixes as p
    inner join (select distinct naics_sector from qwi) as q
        on
            q.naics_sector = p.prefix
            or (
                len(p.prefix) = 2
                and q.naics_sector like '__-__'
                and p.prefix between left(q.naics_sector, 2) and right(q.naics_sector, 2)
            )
),

employer_counties as (
    select distinct
        partnership_id,
        sector_code,
        county_fips,
    from surveyed
),

partnership_years as (
    select distinct
        partnership_id,
        survey_year,
    from surveyed
)

select
    pc.partnership_id,
    pc.sector_code,
    q.area_type,
    q.area_code,
    q.naics_sector,
    q.year,
    q.quarter,
    q.employment,
    q.turnover_rate,
from employer_counties as pc
inner join sector_industries as si on si.sector_code = pc.sector_code
inner join qwi as q
    on
        q.area_type = 'county'
        and q.area_code = pc.county_fips
        and q.naics_sector = si.naics_sector
inner join partnership_years as py on py.partnership_id = pc.partnership_id and py.survey_year = q.year
order by pc.partnership_id, q.area_code, q.naics_sector, q.year, q.quarter
