-- One row per grant to the partnerships $partnership_ids that started in the years.
select
    g.grant_id,
    g.partnership_id,
    g.grant_type,
    g.funder,
    g.funding_source,
    g.amount_usd,
    g.start_date,
    g.end_date,
from grants as g
where
    g.partnership_id = any($partnership_ids)
    and year(g.start_date) between $year_from and $year_to
order by g.start_date, g.grant_id
