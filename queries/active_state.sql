-- One row: the state the loaded data is about (recorded at load, else the state most partnership counties are in).
with served as (
    select
        left(county_fips, 2) as state_fips,
        count(*) as counties,
    from partnership_counties
    group by all
    order by counties desc, state_fips
    limit 1
)

select
    coalesce(
        (select value from schema_meta where key = 'state_fips'),
        (select state_fips from served)
    ) as state_fips,
