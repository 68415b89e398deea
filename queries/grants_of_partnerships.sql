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
    and g.start_date between make_date($year_from, 1, 1) and make_date($year_to, 12, 31)
order by g.start_date, g.grant_id
