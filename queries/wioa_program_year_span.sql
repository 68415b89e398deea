-- One row: the first and last program year (PY N = July 1 of N to June 30 of N + 1) the WIOA tables are built for
-- (ingest/wioa_tables.py): from the PY of the first enrolment to one past the last year of the data, the latest date
-- in the program records or the last year the filters can offer (queries/year_range.sql), whichever is later.
with records as (
    select
        min(enrolled_on) as first_enrolled,
        max(greatest(enrolled_on, exited_on, credential_on, list_max(skill_gain_on))) as records_as_of,
    from participants
)

select
    year(first_enrolled) - (month(first_enrolled) < 7)::integer as first_year,
    greatest(
        year(records_as_of),
        (select max(year(start_date)) from partnerships),
        (select max(year) from qwi),
        (select max(year) from qcew_annual)
    ) + 1 as last_year,
from records
