-- One row per partner organization of the partnerships $partnership_ids.
select
    partnership_id,
    organization,
    partner_type,
from partners
where partnership_id = any($partnership_ids)
order by partnership_id, partner_type, organization
