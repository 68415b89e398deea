"""Lists written in words, as every message, note and caption writes them."""

from __future__ import annotations

from collections.abc import Sequence


def in_a_list(items: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c" ("" for none): the items joined by commas, the last by "and"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
