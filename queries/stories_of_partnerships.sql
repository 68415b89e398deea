-- One row per story about the partnerships $partnership_ids; with $consented_only, only stories with public consent.
select
    story_id,
    partnership_id,
    quote,
    attribution,
    consent_public,
from stories
where
    partnership_id = any($partnership_ids)
    and (not $consented_only or consent_public)
order by story_id
