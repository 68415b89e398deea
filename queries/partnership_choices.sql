-- One row per partnership that may be shown ($public_only hides non-public ones): id, name, sector.
select
    p.partnership_id,
    p.name,
    p.sector_code,
    s.sector_name,
from partnerships as p
inner join sectors as s on s.sector_code = p.sector_code
where not $public_only or p.is_public
order by p.name
