-- One row: the state the loaded data is about (recorded at load, else the state most partnership counties are in,
-- else, for a registry that lists its partnerships by region alone, the state most region counties are in, else the
-- state most of the loaded BLS QCEW county rows are in: a registry without counties beside a state's QCEW read "no
-- QCEW industry data is loaded for the state"), and whether it is recorded. Every QCEW or QWI load records it when
-- nothing is recorded (sources.state_rule), so a later load of another state's files can never change it; the
-- last fallback is for databases whose QCEW was loaded before that.
with recorded as (
    select value as state_fips,
    from schema_meta
    where key = 'state_fips'
),

served as (
    select
        left(county_fips, 2) as state_fips,
        count(*) filter (where named_by = 'partnership') as partnership_counties,
        count(*) as counties,
    from (
        select county_fips, 'partnership' as named_by from partnership_counties
        union all
        select county_fips, 'region' as named_by from region_counties
    )
    group by all
    order by partnership_counties desc, counties desc, state_fips
    limit 1
),

labor_market as (
    select left(area_fips, 2) as state_fips,
    from qcew_annual
    where regexp_full_match(area_fips, '[0-9]{5}') and right(area_fips, 3) <> '000'
    group by all
    order by count(*) desc, state_fips
    limit 1
)

select
    coalesce(
        (select state_fips from recorded),
        (select state_fips from served),
        (select state_fips from labor_market)
    ) as state_fips,
    exists (select 1 from recorded) as is_recorded,
