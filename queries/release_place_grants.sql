-- One row: the grant dollars the public release gives each public partnership (its whole-period grant_dollars cell),
-- summed over those serving a county of the place ($county_fips; empty: the whole state) in $sector_code ('all': every
-- sector), with how many they are. A partnership serving several places counts whole in each: its grants are not
-- split by county. The same sum a reader makes of the published partnerships' figures and the list of those serving
-- the place, so nothing new is told.
with served as (
    select distinct pa.partnership_id
    from partnerships as pa
    inner join partnership_served_counties() as s on s.partnership_id = pa.partnership_id
    where
        pa.is_public
        and ($sector_code = 'all' or pa.sector_code = $sector_code)
        and (len($county_fips) = 0 or list_contains($county_fips, s.county_fips))
)

select
    count(*) as partnerships,
    sum(c.value) as grant_dollars,
from served
inner join release_cells as c
    on
        c.partnership_id = served.partnership_id
        and c.statistic = 'grant_dollars'
        and c.geo_level = 'state'
        and c.period = 'all'
