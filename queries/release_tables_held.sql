-- One row per table of $table_names (the tables a release build writes) the database holds.
select t.table_name,
from duckdb_tables() as t
where t.schema_name = 'main' and list_contains($table_names, t.table_name)
