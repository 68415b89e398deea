-- One row: the first and last year of the state's program records, over every dated record a view counts by year:
-- program exits, partnership starts, grant starts, systems changes and survey years (a table with no rows adds
-- nothing); else the labor market tables (a database may hold only QCEW or QWI). From exits alone, the demo's
-- grants of 2005-2014 (46% of its grant dollars) and its systems changes before 2015 were in no view at all.
with spans as (
    select min(year(exited_on)) as first_year, max(year(exited_on)) as last_year, from participants
    union all
    select min(year(start_date)), max(year(start_date)), from partnerships
    union all
    select min(year(start_date)), max(year(start_date)), from grants
    union all
    select min(year(changed_on)), max(year(changed_on)), from system_changes
    union all
    select min(survey_year), max(survey_year), from employer_surveys
)

select
    coalesce(min(first_year), (select min(year) from qwi), (select min(year) from qcew_annual)) as first_year,
    coalesce(max(last_year), (select max(year) from qwi), (select max(year) from qcew_annual)) as last_year,
    -- the exits alone (empty without any): the WIOA reports rest on exit cohorts, and the years offered can reach
    -- past them on both sides
    (select min(year(exited_on)) from participants) as first_exit_year,
    (select max(year(exited_on)) from participants) as last_exit_year,
    -- the survey years alone (empty without any): employers are counted by them
    (select min(survey_year) from employer_surveys) as first_survey_year,
    (select max(survey_year) from employer_surveys) as last_survey_year,
from spans
