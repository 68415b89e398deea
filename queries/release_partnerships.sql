-- One row per public partnership: its sector, start and end years (its public dates) and the list of counties it serves (partnership_served_counties: the
-- counties it lists or, listed by its region alone, its region's counties).
select
    pa.partnership_id,
    pa.sector_code,
    -- where the release's years start (release_years): the registry's, not a person's
    year(pa.start_date) as start_year,
    -- with the start, the years a reader knows its people exit and its employers answer in (release.suppression.date_bounds)
    year(pa.end_date) as end_year,
    coalesce(list(served.county_fips order by served.county_fips) filter (where served.county_fips is not null), [])
        as county_fips,
from partnerships as pa
left join partnership_served_counties() as served on served.partnership_id = pa.partnership_id
where pa.is_public
group by all
order by pa.partnership_id
