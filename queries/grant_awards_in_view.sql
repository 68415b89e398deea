-- One row per grant to a partnership in view (sector, serving a chosen county, active in the years; $public_only
-- hides non-public ones) that started in the years, with the partnership's name and sector.
with in_view as (
    select * from partnerships_in_view($sector_codes, $county_fips, $year_from, $year_to, $public_only)
)

select
    g.grant_id,
    g.partnership_id,
    v.name as partnership_name,
    v.sector_code,
    g.grant_type,
    g.funder,
    g.funding_source,
    g.amount_usd,
    g.start_date,
    g.end_date,
from grants as g
inner join in_view as v on v.partnership_id = g.partnership_id
where g.start_date between make_date($year_from, 1, 1) and make_date($year_to, 12, 31)
order by g.start_date, g.grant_id
