"""The partnership directory as the Partnerships page shows, prints and downloads it: one row per partnership, each
cell as a reader should see it.

Pure: no Streamlit, no DuckDB. The rows come from ``queries/partnership_directory.sql``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sectorscope.metrics import privacy
from sectorscope.present.availability import NOT_STATED, SHORT_TEXT, Absence, hidden_text
from sectorscope.present.formatting import format_count, format_text

# Every column of the directory, in its printed and downloaded order, with its heading.
DIRECTORY_COLUMNS: dict[str, str] = {
    "name": "Partnership", "sector_name": "Sector", "convener_name": "Convener", "convener_type": "Convener type",
    "phase": "Phase", "counties": "Counties served", "participants": "Participants", "employers": "Employers",
    "grant_dollars": "Grant dollars",
}
# On screen the figures come right after the name and sector, so that a 1400 px window shows them without scrolling
# sideways (the grid cannot wrap a cell; the text columns scroll into view after them).
SCREEN_ORDER: tuple[str, ...] = ("name", "sector_name", "participants", "employers", "grant_dollars",
                                 "convener_name", "convener_type", "phase", "counties")
# Each count and the table it counts rows of: unknown ("not loaded"), never 0, where that table was never loaded.
COUNTED_TABLE: dict[str, str] = {"participants": "participants", "employers": "employer_surveys",
                                 "grant_dollars": "grants"}


def directory_table(directory: pd.DataFrame, loaded: frozenset[str], min_cell: int | None) -> pd.DataFrame:
    """The directory's rows with ``partnership_id`` and ``DIRECTORY_COLUMNS``, as a reader sees them.

    - ``counties``: the names of the counties served, joined with ", " (``NOT_STATED`` when none is listed);
    - a convener, its type, a phase or the counties the registry left empty read ``NOT_STATED``;
    - with ``min_cell`` (a public view), participant and employer counts of 1 to ``min_cell`` - 1 (and the one more
      that would give a lone hidden count away, ``privacy.suppress_counts``) read "hidden (fewer than k)", the other
      counts as text;
    - a count over a table never loaded reads "not loaded".
    """
    table = directory.assign(counties=directory["county_names"].map(
        lambda names: ", ".join(names) if isinstance(names, list | tuple | np.ndarray) else ""))
    for column in ("convener_name", "convener_type", "phase", "counties"):
        table[column] = table[column].map(lambda value: format_text(value, missing=NOT_STATED))
    if min_cell is not None:
        for column in ("participants", "employers"):
            table[column] = privacy.suppress_counts(table[column], min_cell).map(
                lambda count: hidden_text(min_cell) if pd.isna(count) else format_count(count))
    for column, source in COUNTED_TABLE.items():
        if source not in loaded:
            table[column] = SHORT_TEXT[Absence.NOT_LOADED].lower()
    return table[["partnership_id", *DIRECTORY_COLUMNS]]
