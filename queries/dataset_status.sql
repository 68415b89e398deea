-- One row: whether the active data is the synthetic demo, how many tables hold data, and when it was last loaded.
select
    coalesce(bool_or(is_demo), false) as is_demo,
    count(distinct table_name) filter (where table_name <> 'counties') as tables_loaded,
    max(loaded_at) as last_loaded_at,
from datasets
