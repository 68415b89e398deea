-- One row: the public partnership $partnership_id as the registry describes it (its sector, convener, phase, region and
-- dates), for the public deck's title slide and its "active ..." notes. Public facts only: no person table is read (a
-- public export reads none; partnership_profile counts the people in training).
select
    p.partnership_id,
    p.name,
    s.sector_name,
    p.convener_name,
    p.convener_type,
    p.phase,
    r.region_name,
    p.start_date,
    p.end_date,
from partnerships as p
inner join sectors as s on s.sector_code = p.sector_code
left join regions as r on r.region_id = p.region_id
where p.partnership_id = $partnership_id and p.is_public
