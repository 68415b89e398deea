"""Suppression stable across rebuilds: a cell the previous release hid stays hidden while its true value is unchanged.

Each build proves its own release whole (``protect``), but two patterns proven each on its own need not protect each
other. A privacy reviewer rebuilt the demo's release from the same people three ways: with k = 11 instead of 10, after
setting a public partnership with no one on record private, and as a build in the next calendar year would (a year
of zeros added, ``release_years``). Each time the second public table showed cells the first hid, and subtracting
across the two CSVs gave exact counts of 8 and 9 people (the whole state's 2018 Finance exiters not below the poverty
line before training, 8; two sectors' people with paid sick leave before, 2020, 9).

The remedy statistical agencies use: the next build starts from the previous release's hidden cells whose true value
is unchanged, as already hidden (``KEPT_HIDDEN``), and adds complementary cells as its own proof needs. Then every
cell a release shows with an unchanged value was shown by the previous release too, so (by induction) a visitor
holding any number of releases of the same values knows no more than the earliest of them told, and that one was
proven whole. A cell whose value changed (a load that added, changed or removed people or answers in it) is free
again: README's "one release at a time" caveat, which this does not lift. A cell new to the layout (a year or a
partnership added) was never shown before and is protected with the rest.

The true values of the hidden cells are kept for the next build in ``release_hidden_values``, a staff-only table no
public query reads, written by ``build.build_release`` in the transaction that writes ``release_cells``. A release
built by an older Sectorscope kept none (``release.publishable.RELEASE_FORMAT`` tells): every cell it hid is then kept
hidden whatever its value, which at worst hides, for one more release, a cell whose value changed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sectorscope.release.cells import COUNTS, KEYS
from sectorscope.release.suppression import NOT_PUBLISHED

HIDDEN_VALUE_COLUMNS = [*KEYS, "statistic", "value"]  # ``release_hidden_values``'s columns


def hidden_values(grid: pd.DataFrame, values: pd.DataFrame, reasons: dict[str, np.ndarray]) -> pd.DataFrame:
    """Rows of ``release_hidden_values`` (``HIDDEN_VALUE_COLUMNS``): every count cell the release hides, with its true
    value. Not for publishing. Employer year cells (never published, ``NOT_PUBLISHED``) are left out: every release
    hides them."""
    frames = []
    for count in COUNTS:
        reason = reasons[count.name]
        rows = np.flatnonzero((reason != "") & (reason != NOT_PUBLISHED))
        frames.append(grid.iloc[rows][KEYS].assign(
            statistic=count.name, value=values[count.name].to_numpy(dtype="float64")[rows]))
    return pd.concat(frames, ignore_index=True)[HIDDEN_VALUE_COLUMNS]


def kept_hidden(previous: pd.DataFrame, grid: pd.DataFrame, values: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per count, the cells of ``grid`` to hide from the start: those the previous release hid (``previous``: its
    hidden count cells, ``HIDDEN_VALUE_COLUMNS``) whose true value is the same in ``values``, or unknown (NaN: a
    release that kept no values). A hidden cell the layout no longer has, or another statistic, is passed over.

    >>> grid = pd.DataFrame([("state", "42", "all", "all", "all")], columns=KEYS)
    >>> values = pd.DataFrame({count.name: [7] for count in COUNTS})
    >>> before = grid.assign(statistic="exiters", value=7.0)
    >>> bool(kept_hidden(before, grid, values)["exiters"][0]), bool(kept_hidden(before.assign(value=8.0), grid,
    ...                                                                                   values)["exiters"][0])
    (True, False)
    """
    position = pd.MultiIndex.from_frame(grid[KEYS])
    kept = {}
    for count in COUNTS:
        mine = previous[previous["statistic"] == count.name]
        rows = position.get_indexer(pd.MultiIndex.from_frame(mine[KEYS])) if len(mine) else np.array([], dtype=int)
        inside = rows >= 0
        rows = rows[inside]
        before = mine["value"].to_numpy(dtype="float64")[inside]
        now = values[count.name].to_numpy(dtype="float64")[rows]
        keep = np.zeros(len(grid), dtype=bool)
        keep[rows[np.isnan(before) | (before == now)]] = True
        kept[count.name] = keep
    return kept
