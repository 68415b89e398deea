"""Metrics: small pure functions on pandas Series, each with its definition and source, one module per domain.

- ``common``: shares and medians that leave missing values out;
- ``workers``: wage gains and before/after conditions of participants;
- ``employers``: employers' turnover;
- ``funding``: leverage and ratios of dollars.
Missing values are left out of a metric and the count it rests on (``n``) says how many were used.
"""
