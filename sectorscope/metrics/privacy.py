"""Small-cell suppression for public views.

A statistic about fewer than k people (k = ``config.min_cell_size()``, default 10) is not shown; where the cells
of a table add up to a total that is shown, one suppressed cell would be recoverable by subtraction, so a second
(the smallest remaining) cell is suppressed too ("complementary suppression").
"""

from __future__ import annotations

import pandas as pd

SUPPRESSED_LABEL = "fewer than {k}"


def is_reportable(n: int | None, k: int) -> bool:
    """May a statistic resting on ``n`` people be shown? Yes for n >= k (and for n = 0, which shows no one)."""
    return n is not None and (n == 0 or n >= k)


def suppress_counts(counts: pd.Series, k: int) -> pd.Series:
    """Counts with cells of 1..k-1 replaced by NA, plus one complementary cell when only one was hidden.

    Zero stays visible (it discloses no one). The returned Series is nullable (Int64) and keeps the index.
    """
    values = pd.to_numeric(counts, errors="coerce").astype("Int64")
    small = (values > 0) & (values < k)
    hidden = small.fillna(False).astype(bool)
    if int(hidden.sum()) == 1:
        candidates = values[~hidden & (values > 0).fillna(False).astype(bool)]
        if len(candidates):
            hidden.loc[candidates.sort_values(kind="stable").index[0]] = True
    return values.mask(hidden)


def suppressed_label(k: int) -> str:
    """What a hidden cell says instead of its number."""
    return SUPPRESSED_LABEL.format(k=k)


def suppress_groups(frame: pd.DataFrame, n_column: str, columns: list[str], k: int | None) -> pd.DataFrame:
    """Public views: blank ``columns`` (and ``n_column``) of groups resting on fewer than ``k`` employers or people.

    Uses ``suppress_counts`` on ``n_column``, so when a single group is hidden a second (the smallest
    other) is hidden too and no total can reveal it. ``k`` None (staff views) returns the frame unchanged. A
    ``hidden`` column says which rows were blanked.
    """
    out = frame.copy()
    if k is None or out.empty:
        out["hidden"] = False
        return out
    counts = pd.to_numeric(out[n_column], errors="coerce")
    hidden = (suppress_counts(counts, k).isna() & counts.notna()).to_numpy(dtype=bool)
    for column in [n_column, *columns]:
        out[column] = out[column].astype("float64").mask(hidden)
    out["hidden"] = hidden
    return out
