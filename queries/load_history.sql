-- One row per table per load, newest first: file, checksum, rows, mode, when, demo or not.
select
    load_id,
    table_name,
    source_name,
    source,
    row_count,
    load_mode,
    loaded_at,
    is_demo,
    sha256,
from datasets
order by load_id desc, table_name
