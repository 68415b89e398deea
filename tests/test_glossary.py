"""The words of the trade a handout uses are said in plain words where they appear, and only those."""

from __future__ import annotations

from sectorscope.present.glossary import WORDS, words_used


def test_only_the_words_a_text_uses_are_defined_in_the_lists_order():
    said = words_used(["Leverage 1.63 : 1", "Completed training 77%, n = 17,700 exiters", "-20 pts from 59%"])
    assert said.startswith("Words used: exiters, people who left a program")
    assert said.index("exiters,") < said.index("leverage,") < said.index("pts,")
    assert "completers," not in said and "small n," not in said


def test_a_word_inside_another_is_not_a_use():
    assert words_used(["depts", "nonexiters", "pts-free", "small numbers"]) == ""
    assert words_used(["small n: read with care"]) == f"Words used: small n, {WORDS['small n']}."


def test_nothing_to_define_says_nothing():
    assert words_used([]) == "" and words_used(["Participants who exited 17,700"]) == ""


def test_a_plural_word_is_found_in_the_singular_too():
    assert words_used(["$343K to 4 partnerships with no completer yet left out"]).startswith(
        "Words used: completers, exiters who completed")
    assert words_used(["pts"]) and not words_used(["pt"])
