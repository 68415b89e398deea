-- One row: the first and last year of the state's program records, over every dated record a view counts by year:
-- program exits, partnership starts, grant starts, systems changes and survey years (least / greatest skip a table
-- with no rows); else the labor market tables (a database may hold only QCEW or QWI). From exits alone, the demo's
-- grants of 2005-2014 (46% of its grant dollars) and its systems changes before 2015 were in no view at all.
with program as (
    select
        least(
            (select min(year(exited_on)) from participants),
            (select min(year(start_date)) from partnerships),
            (select min(year(start_date)) from grants),
            (select min(year(changed_on)) from system_changes),
            (select min(survey_year) from employer_surveys)
        ) as first_year,
        greatest(
            (select max(year(exited_on)) from participants),
            (select max(year(start_date)) from partnerships),
            (select max(year(start_date)) from grants),
            (select max(year(changed_on)) from system_changes),
            (select max(survey_year) from employer_surveys)
        ) as last_year,
)

select
    coalesce(
        p.first_year,
        (select min(year) from qwi),
        (select min(year) from qcew_annual)
    ) as first_year,
    coalesce(
        p.last_year,
        (select max(year) from qwi),
        (select max(year) from qcew_annual)
    ) as last_year,
from program as p
