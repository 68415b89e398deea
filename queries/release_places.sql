-- One row per place the public release covers: the state, each region, each county (not "unknown"), with its name.
with places as (
    select distinct geo_level, geo_id
    from release_cells
    -- the grid's cells: either count has them all; a registry alone (no people or surveys loaded yet) has only the
    -- public partnerships' counts, and its counties and regions are places too (a county's public one-pager of a
    -- state that had loaded its partnership list was refused: "no figures for county 08003")
    where geo_id <> 'unknown' and statistic in ('exiters', 'responses', 'public_partnerships')
)

select
    places.geo_level,
    places.geo_id,
    coalesce(r.region_name, c.county_name, 'Whole state') as place_name,
from places
left join regions as r on places.geo_level = 'region' and r.region_id = places.geo_id
left join counties as c on places.geo_level = 'county' and c.county_fips = places.geo_id
order by
    case places.geo_level when 'state' then 0 when 'region' then 1 else 2 end,
    place_name
