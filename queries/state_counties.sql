-- One row per county of the state given by $state_fips: FIPS, name, centroid and simplified boundary (GeoJSON).
select
    county_fips,
    county_name,
    centroid_lon,
    centroid_lat,
    geometry_geojson,
from counties
where state_fips = $state_fips
order by county_name
