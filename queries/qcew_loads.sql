-- One row per load whose QCEW rows may still be in qcew_annual (the last load replacing the table, and every load after it): its file(s) and the source it recorded (empty for a file loaded through the qcew_annual.csv template).
with last_replace as (
    select coalesce(max(load_id), 0) as load_id,
    from datasets
    where table_name = 'qcew_annual' and load_mode = 'replace'
)

select
    d.load_id,
    d.source_name,
    d.source,
from datasets as d
cross join last_replace as r
where d.table_name = 'qcew_annual' and d.load_id >= r.load_id
order by d.load_id
