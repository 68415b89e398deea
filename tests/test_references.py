"""Published figures are data in one place (``sectorscope/references.py``), read by every page, card and export.

The scan reads the code (not docstrings, which may cite what a source found) of the package, the pages and app.py
and fails on a published figure written anywhere else: a number (0.41, a (0.64, 0.35) pair, 2.00) or on-screen
text ("41%", "+$2.00", "6.62%").
"""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from sectorscope import references
from sectorscope.present import headlines
from sectorscope.references import Reference, Unit, format_figure

ROOT = Path(__file__).resolve().parents[1]
CODE = sorted([*ROOT.glob("sectorscope/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"])
HOME = ROOT / "sectorscope" / "references.py"


def _numbers(reference: Reference) -> list[float]:
    """Every number a reference publishes: its value, its before and the further ones of its wording."""
    return [n for n in (reference.value, reference.before, *dict(reference.more).values()) if n is not None]


def _fragments() -> set[str]:
    """On-screen pieces of the published figures that code must not spell out itself."""
    pieces = set()
    for reference in references.ALL:
        pieces.add(reference.text)
        if reference.before is not None:
            pieces.add(reference.figure)  # "64% → 35%"
        for number in _numbers(reference):
            text = format_figure(number, reference.unit, reference.digits)
            if reference.unit is Unit.SHARE and number not in (0.0, 1.0):  # "100%" and "0%" are ordinary words
                pieces.add(text)
            elif reference.unit is Unit.DOLLARS_PER_HOUR:
                pieces.add(text.removesuffix("/hour").lstrip("+"))
            elif reference.unit is Unit.DOLLARS:
                pieces |= {text, text.lower()}
            elif reference.unit is Unit.COUNT and number >= 1_000:  # a bare 81 is too common to mean the figure
                pieces.add(f"{number:,.0f}")
        if reference.unit is Unit.PERCENT_CHANGE:  # "6.62%" (its goal, "5%", ends every "95%")
            pieces.add(format_figure(reference.value, reference.unit, reference.digits).lstrip("+"))
    return pieces


def _distinctive_numbers() -> tuple[set[float], set[tuple[float, float]]]:
    """Published shares and changes that a literal in code can only mean as the figure, and before -> after pairs."""
    singles = {references.PENNSYLVANIA_WAGE_GOAL.value}  # (2.0, the wage gain, is any number's 2.0: "$2.00" is read)
    singles |= {reference.value for reference in references.SURVEY_SHARES.values() if reference.value < 1}
    pairs = {(reference.before, reference.value) for reference in references.ALL if reference.before is not None}
    return singles, pairs


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def published_literals(path: Path, root: Path = ROOT) -> list[str]:
    """Where ``path`` writes a published figure itself: "file:line: what"."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    fragments = _fragments()
    singles, pairs = _distinctive_numbers()
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(root)}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Constant) and id(node) not in docstrings:
            if isinstance(node.value, str):
                found += [f"{where}: {piece!r}" for piece in fragments if piece in node.value]
            elif isinstance(node.value, float) and node.value in singles:
                found.append(f"{where}: {node.value!r}")
        elif isinstance(node, ast.Tuple) and len(node.elts) == 2 and all(
                isinstance(e, ast.Constant) and isinstance(e.value, float) for e in node.elts):
            pair = (node.elts[0].value, node.elts[1].value)
            if pair in pairs:
                found.append(f"{where}: {pair!r}")
    return found


def test_no_published_figure_is_written_outside_references():
    found = [hit for path in CODE if path != HOME for hit in published_literals(path)]
    assert not found, "published figures written outside references.py:\n" + "\n".join(found)


def test_the_scan_finds_a_copied_figure(tmp_path):
    copy = tmp_path / "copy.py"
    copy.write_text('"""Docstrings may cite 41% of employers."""\nSHARE = 0.41\nPAIR = (0.64, 0.35)\n'
                    'LABEL = f"published mean +$2.00 ({SHARE})"\n', encoding="utf-8")
    found = published_literals(copy, tmp_path)
    assert len(found) == 3 and not any(":1:" in hit for hit in found), found


@pytest.mark.parametrize(("reference", "text"), [
    (references.HOURLY_WAGE_GAIN, "+$2.00/hour on average"),
    (references.POVERTY, "64% → 35% in poverty"),
    (references.REDUCED_TURNOVER, "41% of employers reported reduced turnover"),
    (references.PENNSYLVANIA_WAGE_GOAL,
     "Pennsylvania Industry Partnerships: +6.62% on average within a year of training (goal: at least +5%)"),
    (references.GRANT_RANGES,
     "Planning grants $25K-$150K (up to 6 months); implementation $50K-$500K (1-3 years)"),
])
def test_the_text_is_written_from_the_numbers(reference, text):
    # DESIGN section 5, typed here from the design document so that a wrong number in references.py fails.
    assert reference.text == text


def test_every_reference_says_what_it_measures_and_who_published_it():
    for reference in references.ALL:
        assert reference.measures and reference.source and reference.unit in Unit
        assert all(f"{{{name}}}" in reference.wording for name in dict(reference.more))


def two_answers(before: list[float], after: list[float]) -> pd.DataFrame:
    """Two employers' survey answers to one partnership, with these turnover rates before joining and after."""
    return pd.DataFrame({
        "employer_id": ["E1", "E2"], "partnership_id": ["P1", "P1"], "survey_year": [2020, 2020],
        "turnover_rate_before": before, "turnover_rate_after": after,
        "reduced_turnover": [True, False], "reduced_rework": [True, False], "reduced_complaints": [False, False],
        "partnership_valuable": [True, True], "hires_from_training": [1, 2],
    })


def test_cards_show_the_value_and_source_from_the_data():
    surveys = two_answers([0.3, 0.4], [0.2, 0.3])
    cards = {card.label: card for card in headlines.employer_headlines(surveys, None, None)}
    turnover = cards["Reduced turnover"]
    assert turnover.reference is references.REDUCED_TURNOVER
    assert turnover.reference.text.startswith(format_figure(references.REDUCED_TURNOVER.value, Unit.SHARE))
    assert turnover.reference.source == references.MASSACHUSETTS


def test_a_median_turnover_change_of_zero_points_as_shown_has_no_arrow():
    # Construction in one region on the demo: "+0 pts" with a red up arrow (the card's colours are inverse), and a
    # change of -0.4 points read "+0"
    surveys = two_answers([0.22, 0.30], [0.218, 0.294])
    cards = {card.label: card for card in headlines.employer_headlines(surveys, None, None)}
    card = cards[headlines.MEDIAN_TURNOVER_AT_SURVEY]
    assert card.delta.startswith("no change: the median employer's change") and card.delta_is_flat
