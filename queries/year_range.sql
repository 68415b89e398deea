-- One row: the first and last year of the state's program records, over every dated record a view counts by year:
-- program exits, partnership starts, grant starts, systems changes and survey years (a table with no rows adds
-- nothing); else the labor market tables (a database may hold only QCEW or QWI). From exits alone, the demo's
-- grants of 2005-2014 (46% of its grant dollars) and its systems changes before 2015 were in no view at all.
-- A registry alone (partnerships, nothing yet of what they did) runs to the year its last partnership ended, or to
-- this year while one is active: a first load of the registry read "2016" on every page (a data steward).
with dated as (
    select min(year(exited_on)) as first_year, max(year(exited_on)) as last_year, from participants
    union all
    select min(year(start_date)), max(year(start_date)), from grants
    union all
    select min(year(changed_on)), max(year(changed_on)), from system_changes
    union all
    select min(survey_year), max(survey_year), from employer_surveys
),

registry as (
    select
        min(year(start_date)) as first_year,
        max(year(start_date)) as last_year,
        -- dated partnerships only: an undated registry has no years to run to
        max(least(year(coalesce(end_date, current_date)), year(current_date)))
            filter (where start_date is not null) as active_to,
    from partnerships
),

records as (
    select
        least((select min(first_year) from dated), registry.first_year) as first_year,
        case
            when (select max(last_year) from dated) is null then greatest(registry.last_year, registry.active_to)
            else greatest((select max(last_year) from dated), registry.last_year)
        end as last_year,
    from registry
)

select
    coalesce(records.first_year, (select min(year) from qwi), (select min(year) from qcew_annual)) as first_year,
    coalesce(records.last_year, (select max(year) from qwi), (select max(year) from qcew_annual)) as last_year,
    -- the program records' own first year (empty where none is dated): years from the labour market tables alone
    -- are no partnership's, and an undated registry beside QCEW of 2016 read "2016" on every handout (an analyst)
    records.first_year as program_first_year,
    -- the exits alone (empty without any): the WIOA reports rest on exit cohorts, and the years offered can reach
    -- past them on both sides
    (select min(year(exited_on)) from participants) as first_exit_year,
    (select max(year(exited_on)) from participants) as last_exit_year,
    -- the survey years alone (empty without any): employers are counted by them
    (select min(survey_year) from employer_surveys) as first_survey_year,
    (select max(survey_year) from employer_surveys) as last_survey_year,
from records
