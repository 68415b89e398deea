"""The words of the trade a handout uses, each said once in plain words where it appears (a governor's staffer
handing a one-pager to a legislator could not say what an "exiter" or "leverage 1.63 : 1" is): one list for the
one-pager and the deck."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sectorscope.metrics.workers import SMALL_N

# word as printed (matched whole, any case) -> what it means, in the definitions the cards use
WORDS: dict[str, str] = {
    "exiters": "people who left a program in the years, having finished it or not",
    "completers": "exiters who completed their training",
    "leverage": "non-state dollars (federal, private, philanthropic, employer match) per state dollar of grants",
    "pts": "percentage points, the change between two shares",
    "small n": f"a share or median of fewer than {SMALL_N} people or employers: read with care",
}


def words_used(texts: Iterable[str]) -> str:
    """"Words used: exiters, people who left ...; leverage, ..." for the ``WORDS`` found in ``texts`` (in the
    order of ``WORDS``), or "" where none is."""
    text = " ".join(texts)
    # a plural word is found in the singular too ("per completer", "no exiter yet": a code reviewer)
    found = [f"{word}, {meaning}" for word, meaning in WORDS.items()
             if re.search(rf"(?<![\w-]){re.escape(word[:-1]) + 's?' if word.endswith('ers') else re.escape(word)}"
                          r"(?![\w-])", text, flags=re.I)]
    return f"Words used: {'; '.join(found)}." if found else ""
