"""Lists (and a noun's article) written in words, as every message, note and caption writes them."""

from __future__ import annotations

from collections.abc import Sequence


def in_a_list(items: Sequence[str], last: str = "and") -> str:
    """"a", "a and b", "a, b and c" ("" for none): the items joined by commas, the last by ``last`` ("a, b or c")."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


# Capitals spelled out with a vowel sound first ("an HVAC", "an LPN", "an IT"); "a CNA", "a CDL-A"
_VOWEL_SOUNDING_CAPITALS = "AEFHILMNORSX"
# Words that begin with a vowel letter said with a consonant sound ("a union", "a utility", "a one-stop")
_CONSONANT_SOUNDING_STARTS = ("uni", "use", "usu", "uti", "eu", "one")


def with_article(phrase: str) -> str:
    """``phrase`` after "a" or "an" as it is said: "an industrial maintenance", "an IT support", "an HVAC", "a CNA",
    "a welding". A first word in capitals is an initialism, read letter by letter; another word takes "an" before a
    vowel letter, save the few said with a consonant sound first ("a utility")."""
    first = phrase.split(" ", 1)[0]
    letters = first.replace("-", "")
    if len(letters) > 1 and letters.isupper():
        vowel_sound = first[0] in _VOWEL_SOUNDING_CAPITALS
    else:
        lower = first.lower()
        vowel_sound = lower[:1] in "aeiou" and not lower.startswith(_CONSONANT_SOUNDING_STARTS)
    return f"{'an' if vowel_sound else 'a'} {phrase}"


def year_span(first: int, last: int) -> str:
    """Years from ``first`` to ``last`` as the pages write them: "2015–2025", or "2019" for one year."""
    return f"{first}–{last}" if first != last else str(first)
