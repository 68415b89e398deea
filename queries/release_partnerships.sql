-- One row per public partnership: its sector and the list of counties it serves.
select
    pa.partnership_id,
    pa.sector_code,
    coalesce(list(pc.county_fips order by pc.county_fips) filter (where pc.county_fips is not null), []) as county_fips,
from partnerships as pa
left join partnership_counties as pc on pc.partnership_id = pa.partnership_id
where pa.is_public
group by all
order by pa.partnership_id
