-- One row per loaded region that has no counties (so the Region filter, which selects counties, cannot offer it).
select
    r.region_id,
    r.region_name,
    (select count(*) from partnerships as p where p.region_id = r.region_id) as partnerships,
from regions as r
where not exists (select 1 from region_counties as rc where rc.region_id = r.region_id)
order by r.region_name
