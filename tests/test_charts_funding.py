"""Funding charts: what their axes leave room for."""

from __future__ import annotations

import pandas as pd

from sectorscope.charts import funding


def composition(gaps: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"name": [f"P{i}" for i in range(len(gaps))], "employer": [10, 20][:len(gaps)],
                         "postsecondary": [2, 4][:len(gaps)], "partners": [12, 24][:len(gaps)], "gaps": gaps})


def test_partners_by_type_leaves_room_for_gaps_only_where_a_row_has_one():
    """Without a gap to write, the axis ran to twice the longest bar (24 partners on an axis to 54)."""
    plain = funding.partner_composition_chart(composition(["", ""]), "Partners by type")
    assert plain.layout.xaxis.range[1] < 24 * 1.2 + 1
    flagged = funding.partner_composition_chart(composition(["no education provider", ""]), "Partners by type")
    assert flagged.layout.xaxis.range[1] >= 24 * 2
    assert [text for text in flagged.data[-1].text] == ["", "⚠ no education provider"]  # rows drawn bottom up
