"""Ingest: a state's files into the database, checked whole before anything is written.

- ``readers``: CSV/Excel/Parquet files read as text tables, nothing converted yet;
- ``mapping``: a state's own column names and codes mapped onto the data model;
- ``validation``: every problem of a batch in one report (file, row, column, value as typed);
- ``load``: the validating loader, writing a batch in one transaction (or not at all);
- ``templates``: blank files and the data dictionary a state fills in.
"""
