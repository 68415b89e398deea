-- One row per employer survey response about a public partnership (employer x partnership x survey year, the
-- table's key): the worksite county, the partnership's sector, the survey year and the four answers. Read only by
-- the release build, never by a page; the build counts each employer's latest answer per partnership in the whole
-- period (release/cells.py employer_flags).
select
    es.employer_id,
    es.partnership_id,
    pa.sector_code,
    e.county_fips,
    es.survey_year as year,
    es.reduced_turnover,
    es.reduced_rework,
    es.reduced_complaints,
    es.partnership_valuable,
from employer_surveys as es
inner join employers as e on e.employer_id = es.employer_id
inner join partnerships as pa on pa.partnership_id = es.partnership_id
where pa.is_public
