"""Public decks read back with python-pptx, on the adversarial small state of issue 10: every figure is a shown cell
of the protected release, none of the planted small groups appears, the cards equal the Showcase's for the same
cell, and DuckDB's own plans show that no query behind a public deck reads a person- or employer-level table."""

from __future__ import annotations

import io
import re

import pytest
from pptx import Presentation
from test_pages import open_page
from test_pages_showcase import PERSON_TABLES, choose, metric_values, scanned_tables

from sectorscope import cli, db
from sectorscope.export.deck import build_deck
from sectorscope.export.public import build_public_report, release_choice
from sectorscope.ui.menu import SHOWCASE

# The planted secrets as they would read on a slide (adversarial_state.PLANTED).
PLANTED_TEXT = ("$7.00", "$5.55", "$9.17", "$4.44")
PLANTED_GAINS = (7.00, 5.55, 9.17, 4.44)




def public_deck(path, **params: list[str]):
    con = db.connect_read_only(path)
    try:
        choice, problems = release_choice(con, params)
        assert not problems, problems
        report = build_public_report(con, choice, is_demo=False)
    finally:
        con.close()
    return report, Presentation(io.BytesIO(build_deck(report)))


def cards_of(deck) -> dict[str, str]:
    """Card label -> value as shown on the headline slides (a card's first two paragraphs)."""
    cards = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame and shape.shape_type == 1:  # auto shape: a card
                paragraphs = [p.text for p in shape.text_frame.paragraphs]
                if len(paragraphs) >= 2:
                    cards[paragraphs[0]] = paragraphs[1]
    return cards


def deck_text(deck) -> str:
    return "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)


def chart_values(deck) -> dict[str, dict[str, list]]:
    out = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                plot = shape.chart.plots[0]
                out[slide.shapes.title.text] = {"categories": [str(c) for c in plot.categories],
                                                **{s.name: list(s.values) for s in plot.series}}
    return out


CELLS = [{}, {"county": ["42133"]}, {"region": ["R1"]}, {"sector": ["CONS"]}, {"year": ["2017"]},
         {"partnership": ["P3"]}, {"partnership": ["P11"]}, {"county": ["42029"]}]


@pytest.mark.parametrize("params", CELLS)
def test_a_public_deck_holds_no_planted_small_group(adversarial_db, params):
    report, deck = public_deck(adversarial_db, **params)
    text = deck_text(deck)
    assert not [planted for planted in PLANTED_TEXT if planted in text]
    values = [value for chart in chart_values(deck).values() for name, series in chart.items() if name != "categories"
              for value in series if value is not None]
    assert not [value for value in values if any(abs(value - gain) < 0.005 for gain in PLANTED_GAINS)]
    for chart in chart_values(deck).values():
        assert "2017" not in chart["categories"]  # the one 2017 exiter's year is not drawn
    assert not re.search(r"\bNone\b(?! in selection)", text)  # "None in selection" is the wording for empty
    assert report.public and "fewer than 10" in text


@pytest.mark.parametrize("params, hidden", [
    ({"county": ["42133"]}, "People who finished a program"),  # York: 2 participants
    ({"year": ["2017"]}, "People who finished a program"),  # one exiter
    ({"partnership": ["P3"]}, "People who finished a program"),  # 3 participants
    ({"sector": ["CONS"]}, "Average raise per hour"),  # one completer with both wages
    ({"county": ["42029"]}, "Employer survey answers"),  # Chester: one employer
])
def test_each_planted_group_reads_hidden(adversarial_db, params, hidden):
    _, deck = public_deck(adversarial_db, **params)
    assert cards_of(deck)[hidden] == "hidden (fewer than 10)"


@pytest.mark.parametrize("params, cell", [
    ({}, {}),
    ({"county": ["42133"]}, {"place": "county:42133"}),
    ({"region": ["R1"], "sector": ["HLTH"], "year": ["2019"]}, {"place": "region:R1", "sector": "HLTH",
                                                                "year": "2019"}),
    ({"sector": ["CONS"]}, {"sector": "CONS"}),
])
def test_public_deck_equals_the_showcase(adversarial_db, monkeypatch, params, cell):
    _, deck = public_deck(adversarial_db, **params)
    shown = metric_values(choose(open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public"), **cell))
    cards = cards_of(deck)
    assert shown and set(shown) <= set(cards)
    assert {label: cards[label] for label in shown} == shown


@pytest.mark.parametrize("params", [{}, {"county": ["42133"]}, {"partnership": ["P11"]}, {"sector": ["HLTH"]}])
def test_no_query_behind_a_public_deck_reads_a_person_table(adversarial_db, query_log, params):
    public_deck(adversarial_db, **params)
    names = {name for name, _ in query_log}
    assert "release_cell" in names and "partnerships_by_county" in names
    touched = {name: scanned_tables(adversarial_db, name, values) for name, values in query_log}
    assert not {name: tables for name, tables in touched.items() if tables}
    # the plan check sees a person table when one is read, so the assertion above can fail
    assert scanned_tables(adversarial_db, "participant_outcomes", {
        "sector_codes": [], "county_fips": [], "year_from": 1900, "year_to": 2100, "partnership_ids": [],
        "public_only": True}) & set(PERSON_TABLES)


def test_export_deck_public_command(adversarial_db, tmp_path, query_log, capsys):
    out = tmp_path / "public.pptx"
    assert cli.main(["export", "deck", "--public", "--county", "42133", "--out", str(out), "--db",
                     str(adversarial_db)]) == 0
    deck = Presentation(str(out))
    assert cards_of(deck)["People who finished a program"] == "hidden (fewer than 10)"
    assert re.search(r"York County", deck.slides[0].placeholders[1].text_frame.text)
    assert not {name: tables for name, values in query_log
                if (tables := scanned_tables(adversarial_db, name, values))}
    # a union of cells is not in the release: refused, saying why
    assert cli.main(["export", "deck", "--public", "--county", "42133", "--county", "42071", "--out",
                     str(tmp_path / "union.pptx"), "--db", str(adversarial_db)]) == 2
    assert "one county at a time" in capsys.readouterr().err
    assert not (tmp_path / "union.pptx").exists()


def heading(at) -> str:
    return next(element.value for element in at.markdown if element.value.startswith("# "))


def test_public_presentation_of_the_showcase_reads_only_the_release(adversarial_db, monkeypatch, query_log):
    """The Showcase's Present button in public mode: the chosen release cell as slides, hidden groups hidden, and
    not one query reading a person- or employer-level table."""
    at = choose(open_page(SHOWCASE, adversarial_db, monkeypatch, mode="public"), place="county:42133")
    at.button(key="present-start").click().run()
    assert not at.exception, [e.value for e in at.exception]
    report, _ = public_deck(adversarial_db, county=["42133"])
    assert heading(at) == f"# {report.title}" == "# Sector partnerships in York County"
    at.button(key="present-next").click().run()
    assert heading(at) == "# Impact on workers"
    assert metric_values(at)["People who finished a program"] == "hidden (fewer than 10)"
    assert {"release_cell", "release_choices"} <= {name for name, _ in query_log}
    assert not {name: tables for name, values in query_log
                if (tables := scanned_tables(adversarial_db, name, values))}
