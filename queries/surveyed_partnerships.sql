-- One row per partnership with employer surveys on record ($public_only hides non-public ones): its surveyed
-- employers and its first and last survey year, whatever the sectors, counties and years in view.
select
    es.partnership_id,
    count(distinct es.employer_id) as surveyed_employers,
    min(es.survey_year) as first_survey_year,
    max(es.survey_year) as last_survey_year,
from employer_surveys as es
inner join partnerships as pa on pa.partnership_id = es.partnership_id
where not $public_only or pa.is_public
group by es.partnership_id
order by es.partnership_id
