-- One row per systems-change entry of the partnerships $partnership_ids dated in the years.
select
    sc.change_id,
    sc.partnership_id,
    sc.changed_on,
    sc.category,
    sc.description,
from system_changes as sc
where
    sc.partnership_id = any($partnership_ids)
    and sc.changed_on between make_date($year_from, 1, 1) and make_date($year_to, 12, 31)
order by sc.changed_on desc, sc.change_id
