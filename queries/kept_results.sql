-- One row per result the latest load kept (table kept_results, sectorscope/ingest/landing_views.py): the query's
-- name, its parameters as JSON, the SHA-256 of the query's text and the result as an Arrow IPC stream. Results kept
-- before a later load (by a writer that keeps none) are left out. Read once when a reader opens a file.
select
    query_name,
    parameters,
    query_digest,
    result,
from kept_results
where load_id = (select coalesce(max(load_id), 0) from datasets)
