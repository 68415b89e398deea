-- One row per employer survey response in view (partnership sector, employer county, survey years, chosen
-- partnerships, $public_only).
select
    es.employer_id,
    es.partnership_id,
    pa.sector_code,
    e.county_fips,
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
    and (len($partnership_ids) = 0 or es.partnership_id = any($partnership_ids))
    and (not $public_only or pa.is_public)
