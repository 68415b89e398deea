"""Present: numbers turned into what a reader sees, with no Streamlit and no charts.

- ``headlines``, ``worker_headlines``: headline cards (value, n, published reference);
- ``formatting``: one way to write counts, dollars, percents and missing values;
- ``availability``: the wording of absence (never loaded, nothing in the selection, hidden for privacy).
"""
