-- One row per employer survey response in view (partnership sector, employer county, survey years,
-- $public_only), with the employer's and the partnership's names for the employer outcomes page.
select
    es.employer_id,
    e.name as employer_name,
    e.county_fips,
    e.size_class,
    es.partnership_id,
    pa.name as partnership_name,
    pa.sector_code,
    es.survey_year,
    es.turnover_rate_before,
    es.turnover_rate_after,
    es.reduced_turnover,
    es.reduced_rework,
    es.reduced_complaints,
    es.partnership_valuable,
    es.hires_from_training,
from employer_surveys as es
inner join employers as e on e.employer_id = es.employer_id
inner join partnerships as pa on pa.partnership_id = es.partnership_id
where
    es.survey_year between $year_from and $year_to
    and (len($sector_codes) = 0 or pa.sector_code = any($sector_codes))
    and (len($county_fips) = 0 or e.county_fips = any($county_fips))
    and (not $public_only or pa.is_public)
order by es.partnership_id, es.employer_id, es.survey_year
