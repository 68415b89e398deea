-- One row: the first and last year of the data, from program exits, else partnership starts, else the labor
-- market tables (a database may hold only QCEW or QWI).
select
    coalesce(
        (select min(year(exited_on)) from participants),
        (select min(year(start_date)) from partnerships),
        (select min(year) from qwi),
        (select min(year) from qcew_annual)
    ) as first_year,
    coalesce(
        (select max(year(exited_on)) from participants),
        (select max(year(start_date)) from partnerships),
        (select max(year) from qwi),
        (select max(year) from qcew_annual)
    ) as last_year,
