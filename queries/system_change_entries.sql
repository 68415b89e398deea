-- One row per systems-change entry of a partnership in view (sector, serving a chosen county, active in the
-- years; $public_only hides non-public ones), dated in the years, in the chosen $categories (all when none).
with in_view as (
    select * from partnerships_in_view($sector_codes, $county_fips, $year_from, $year_to, $public_only)
)

select
    sc.change_id,
    sc.partnership_id,
    v.name as partnership_name,
    v.sector_code,
    sc.changed_on,
    sc.category,
    sc.description,
from system_changes as sc
inner join in_view as v on v.partnership_id = sc.partnership_id
where
    sc.changed_on between make_date($year_from, 1, 1) and make_date($year_to, 12, 31)
    and (len($categories) = 0 or sc.category = any($categories))
order by sc.changed_on desc, sc.change_id
