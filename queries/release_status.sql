-- One row: does the database hold the public release table, and with how many rows (0 = built from no data).
select
    count(*) > 0 as has_release,
    coalesce(max(t.estimated_size), 0) as release_rows,
from duckdb_tables() as t
where t.table_name = 'release_cells' and t.schema_name = 'main'
