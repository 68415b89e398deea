-- One row per result the load kept (table kept_results, sectorscope/ingest/landing_views.py): the query's name, its
-- parameters as JSON and the result as an Arrow IPC stream. Read once when a reader opens a file.
select
    query_name,
    parameters,
    result,
from kept_results
