-- One row: the first and last year of program exits in the data (falling back to partnership start years).
select
    coalesce(
        (select min(year(exited_on)) from participants),
        (select min(year(start_date)) from partnerships)
    ) as first_year,
    coalesce(
        (select max(year(exited_on)) from participants),
        (select max(year(start_date)) from partnerships)
    ) as last_year,
