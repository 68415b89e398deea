-- One row per grant to a public partnership: its sector, start year and amount.
select
    g.partnership_id,
    pa.sector_code,
    year(g.start_date) as year,
    g.amount_usd,
from grants as g
inner join partnerships as pa on pa.partnership_id = g.partnership_id
where pa.is_public
