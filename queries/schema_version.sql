-- One row: the schema version the database was created with (compared with the app's on every start).
select cast(value as integer) as schema_version
from schema_meta
where key = 'schema_version'
