-- One row per county of the map area: the counties of the state $state_fips plus every county of another state that a region or a partnership names (labor markets cross state lines); FIPS, state, name, centroid and simplified boundary (GeoJSON).
select
    c.county_fips,
    c.state_fips,
    c.county_name,
    c.centroid_lon,
    c.centroid_lat,
    c.geometry_geojson,
from counties as c
where
    c.state_fips = $state_fips
    or c.county_fips in (select rc.county_fips from region_counties as rc)
    or c.county_fips in (select pc.county_fips from partnership_counties as pc)
order by c.state_fips <> $state_fips, c.state_fips, c.county_name
