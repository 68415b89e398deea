"""Public decks read back with python-pptx and public one-pagers read back with pdftotext, on the adversarial
small state of issue 10: every figure is a shown cell of the protected release, none of the planted small groups
appears, the cards equal the Showcase's for the same cell, and DuckDB's own plans show that no query behind a public
deck or one-pager reads a person- or employer-level table."""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess

import pytest
from page_support import open_page
from pptx import Presentation
from test_pages_showcase import PERSON_TABLES, choose, metric_values, person_tables_read, scanned_tables

from sectorscope import cli, db
from sectorscope.export.deck import build_deck
from sectorscope.export.onepager import PUBLIC_KEY_FIGURES
from sectorscope.export.public import build_public_report, release_choice
from sectorscope.ui.menu import SHOWCASE

# The planted secrets as they would read on a slide (adversarial_state.PLANTED).
PLANTED_TEXT = ("$7.00", "$5.55", "$9.17", "$4.44")
PLANTED_GAINS = (7.00, 5.55, 9.17, 4.44)
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is missing")




def public_deck(path, **params: list[str]):
    """The report and the deck (read back) of one release cell; built once per test process, since several tests
    read the same cell's deck and none changes it (a deck costs about a second). A test that watches the queries
    calls ``_public_deck.__wrapped__`` to build it again."""
    return _public_deck(path, tuple(sorted((name, tuple(values)) for name, values in params.items())))


@functools.cache
def _public_deck(path, params: tuple[tuple[str, tuple[str, ...]], ...]):
    con = db.connect_read_only(path)
    try:
        choice, problems = release_choice(con, {name: list(values) for name, values in params})
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
    # "None in selection" is the wording for empty, "None on record" for a partnership's (all its years)
    assert not re.search(r"\bNone\b(?! in selection| on record)", text)
    assert report.public and "fewer than 10" in text


@pytest.mark.parametrize("params, hidden", [
    ({"county": ["42133"]}, "People who left a program"),  # York: 2 participants
    ({"year": ["2017"]}, "People who left a program"),  # one exiter
    ({"partnership": ["P3"]}, "People who left a program"),  # 3 participants
    ({"sector": ["CONS"]}, "Average raise per hour"),  # one completer with both wages
    ({"county": ["42029"]}, "Employer survey answers"),  # Chester: one employer
])
def test_each_planted_group_reads_hidden(adversarial_db, params, hidden):
    _, deck = public_deck(adversarial_db, **params)
    assert cards_of(deck)[hidden] == "hidden for privacy"


@pytest.mark.parametrize("params, cell", [
    ({}, {}),
    ({"county": ["42133"]}, {"place": "county:42133"}),
    ({"sector": ["HLTH"], "year": ["2019"]}, {"sector": "HLTH", "year": "2019"}),
    ({"region": ["R1"]}, {"place": "region:R1"}),
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
    _public_deck.__wrapped__(adversarial_db, tuple((name, tuple(values)) for name, values in params.items()))
    names = {name for name, _ in query_log}
    # the map: partnerships per county, or one partnership's own counties (the registry's, as the release lists them)
    assert "release_cell" in names and ("release_partnerships" if "partnership" in params
                                        else "partnerships_by_county") in names
    assert not person_tables_read(adversarial_db, query_log)
    # the plan check sees a person table when one is read, so the assertion above can fail
    assert scanned_tables(adversarial_db, "worker_headline_figures", {
        "sector_codes": [], "county_fips": [], "year_from": 1900, "year_to": 2100, "partnership_ids": [],
        "public_only": True}) & set(PERSON_TABLES)


def test_export_deck_public_command(adversarial_db, tmp_path, query_log, capsys):
    out = tmp_path / "public.pptx"
    assert cli.main(["export", "deck", "--public", "--county", "42133", "--out", str(out), "--db",
                     str(adversarial_db)]) == 0
    deck = Presentation(str(out))
    assert cards_of(deck)["People who left a program"] == "hidden for privacy"
    assert re.search(r"York County", deck.slides[0].placeholders[1].text_frame.text)
    assert not person_tables_read(adversarial_db, query_log)
    # a union of cells is not in the release: refused, saying why
    assert cli.main(["export", "deck", "--public", "--county", "42133", "--county", "42071", "--out",
                     str(tmp_path / "union.pptx"), "--db", str(adversarial_db)]) == 2
    assert "one county at a time" in capsys.readouterr().err
    assert not (tmp_path / "union.pptx").exists()
    # a partnership's figures are state-wide: a county beside it was dropped without a word (a privacy reviewer)
    assert cli.main(["export", "deck", "--public", "--partnership", "PBIG", "--county", "42133", "--out",
                     str(tmp_path / "both.pptx"), "--db", str(adversarial_db)]) == 2
    assert "A public partnership's figures are state-wide: county 42133 not applied" in capsys.readouterr().err
    assert not (tmp_path / "both.pptx").exists()


def test_a_public_deployment_exports_the_public_deck_without_the_flag(adversarial_db, tmp_path, monkeypatch,
                                                                       query_log, capsys):
    """``SECTORSCOPE_MODE=public`` and no ``--public``: the public deck all the same (York's 2 exiters hidden), read
    from the release alone, and the command says so."""
    monkeypatch.setenv("SECTORSCOPE_MODE", "public")
    out = tmp_path / "deck.pptx"
    assert cli.main(["export", "deck", "--county", "42133", "--out", str(out), "--db", str(adversarial_db)]) == 0
    assert cards_of(Presentation(str(out)))["People who left a program"] == "hidden for privacy"
    assert not person_tables_read(adversarial_db, query_log)
    assert "SECTORSCOPE_MODE is public: writing the public version" in capsys.readouterr().err


@needs_poppler
def test_a_public_deployment_exports_the_public_onepager_without_the_flag(adversarial_db, tmp_path, monkeypatch):
    """A reviewer's one-pager of a region on a public deployment was the staff's (its exiters counted every
    partnership, and it named one not cleared for public display): now it is the public one, word for word."""
    public, _ = public_onepager(adversarial_db, tmp_path, "--region", "R2")
    monkeypatch.setenv("SECTORSCOPE_MODE", "public")
    out = tmp_path / "deployment.pdf"
    assert cli.main(["export", "onepager", "--region", "R2", "--out", str(out), "--db", str(adversarial_db)]) == 0
    text = " ".join(pdf_text(out).split())
    assert "Chester Private Makers" not in text
    assert text == public


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
    assert metric_values(at)["People who left a program"] == "hidden for privacy"
    assert {"release_cell", "release_choices"} <= {name for name, _ in query_log}
    assert not person_tables_read(adversarial_db, query_log)


def pdf_text(path) -> str:
    """The PDF's text in reading order (a row of figure boxes reads: the four labels, then the four values)."""
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def public_onepager(adversarial_db, tmp_path, *args: str):
    """The public one-pager the command writes for ``args``, its text (whitespace squeezed) and its report."""
    out = tmp_path / "public-onepager.pdf"
    assert cli.main(["export", "onepager", "--public", *args, "--out", str(out), "--db", str(adversarial_db)]) == 0
    assert pdf_pages(out) == 1
    params = {"county": [], "region": [], "sector": [], "year": []}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        params[flag.removeprefix("--")].append(value)
    report, _ = public_deck(adversarial_db, **{name: values for name, values in params.items() if values})
    return " ".join(pdf_text(out).split()), report


@needs_poppler
@pytest.mark.parametrize("args, place, listed, unlisted, hidden", [
    (("--county", "42133"), "York County", ["York Makers"],
     ["Chester Private Makers", "Lancaster Health Careers"], "People who left a program"),
    (("--county", "42029"), "Chester County", [], ["Chester Private Makers"], "Employer survey answers"),
    (("--region", "R2"), "Southeast", ["Lancaster Health Careers", "Dauphin Builders"],
     ["Chester Private Makers", "York Makers"], None),
    (("--region", "R1"), "South Central", ["Lancaster Health Careers", "Small Clinic Pathway", "York Makers"],
     ["Chester Private Makers", "Dauphin Builders"], None),
])
def test_public_onepager_reads_only_the_release(adversarial_db, tmp_path, query_log, args, place, listed,
                                                 unlisted, hidden):
    """A public one-pager of a county or region: the release's cards as the public deck shows them, the public
    partnerships serving the place (never a non-public one), planted small groups hidden, and not one query that
    reads a person- or employer-level table."""
    text, report = public_onepager(adversarial_db, tmp_path, *args)
    assert f"Sector partnerships in {place}" in text
    assert not [planted for planted in PLANTED_TEXT if planted in text]
    cards = {card.label: card.value for section in report.sections for card in section.headlines}
    # a place's: its public partnerships' dollars (it read the whole state's beside the place's figures)
    # (Chester's one partnership is private: none serves it in public, not $0)
    assert "Grant dollars, whole state" not in cards
    assert cards["Grant dollars"].startswith("$") if listed else cards["Grant dollars"] == "None in selection"
    for row in (PUBLIC_KEY_FIGURES[:4], PUBLIC_KEY_FIGURES[4:]):  # the boxes hold the release's cards
        labels = [label for _, label in row]
        assert " ".join(labels + [cards[label] for label in labels]) in text
    if hidden:
        assert cards[hidden] == "hidden for privacy"
    assert [name for name in listed if f"• {name} — " in text] == listed
    assert not [name for name in unlisted if name in text]
    assert len(listed) == text.count("• ")
    assert "Figures resting on fewer than 10 people or employers are hidden, and some others" in text
    assert not re.search(r"\b(None\b(?! in selection)|nan\b)", text)
    names = {name for name, _ in query_log}
    assert "release_cell" in names
    assert not {"participant_outcomes", "worker_outcomes", "employer_survey_outcomes"} & names
    assert not person_tables_read(adversarial_db, query_log)


@needs_poppler
@pytest.mark.parametrize("args, says", [
    (("--county", "42133", "--county", "42071"), "one county (--county FIPS) or one region"),
    (("--region", "R1", "--sector", "HLTH", "--sector", "MFG"), "one sector at a time"),
    (("--region", "R1", "--years", "2018-2020"), "not the range 2018-2020"),
    (("--region", "R1", "--sector", "HLTH"), "cover all sectors together"),  # these regions do not cover the state
    (("--county", "42133", "--years", "2019"), "cover all years together"),
    (("--county", "99999"), "no figures for county 99999"),
])
def test_public_onepager_refuses_what_the_release_does_not_hold(adversarial_db, tmp_path, capsys, args, says):
    out = tmp_path / "refused.pdf"
    assert cli.main(["export", "onepager", "--public", *args, "--out", str(out), "--db", str(adversarial_db)]) == 2
    assert says in capsys.readouterr().err
    assert not out.exists()


def test_a_refused_public_deck_of_a_partnership_says_only_that_it_is_refused(adversarial_db, tmp_path, capsys):
    """It read "No public partnership P026: showing the whole state instead: nothing written." (a reviewer): the
    page and the deck's title slide go on with the whole state; the command writes nothing."""
    out = tmp_path / "refused.pptx"
    assert cli.main(["export", "deck", "--public", "--partnership", "P999", "--out", str(out),
                     "--db", str(adversarial_db)]) == 2
    assert capsys.readouterr().err.strip() == "No public partnership P999: nothing written."
    assert not out.exists()


@pytest.mark.parametrize("kind, magic", [("onepager", b"%PDF"), ("deck", b"PK")])
def test_public_downloads_read_only_the_release(adversarial_db, query_log, kind, magic):
    """The download buttons' files in public mode (``ui.present``) come from the release as the command's do."""
    from sectorscope.ui.present import _build_file

    data = _build_file(kind, str(adversarial_db), (("county", ("42133",)),), True, 10, "York County", ("42133",))
    assert data.startswith(magic)
    assert "release_cell" in {name for name, _ in query_log}
    assert not person_tables_read(adversarial_db, query_log)


def test_a_public_deck_of_one_partnership_gives_no_count_of_partnerships(adversarial_db):
    # it read "Public partnerships: None in selection · serving this place" beside Pennsylvania's 81
    _, deck = public_deck(adversarial_db, partnership=["P11"])
    assert "Public partnerships" not in cards_of(deck) and "81 Industry Partnerships" not in deck_text(deck)
    # its grant dollars are its own: they read "state-wide, to public partnerships (not split by place)"
    assert "to this partnership" in deck_text(deck) and "state-wide" not in deck_text(deck)
    _, statewide = public_deck(adversarial_db)
    assert "Public partnerships" in cards_of(statewide) and "state-wide" in deck_text(statewide)


def test_a_public_deck_of_one_partnership_says_what_the_registry_says_of_it(adversarial_db):
    """An ended partnership's public deck said neither its years nor that it had ended, where its staff deck does
    (a convener): the title slide gives the registry's line, its public facts alone."""
    report, deck = public_deck(adversarial_db, partnership=["P11"])
    assert "implementation phase" in report.subtitle and "since January 2016" in report.subtitle
    assert report.subtitle in deck_text(deck)


def test_a_public_deck_of_one_partnership_maps_the_counties_it_serves(adversarial_db):
    """It mapped how many public partnerships of its sector serve each county, as the whole state's deck does."""
    report, _ = public_deck(adversarial_db, partnership=["P11"])
    county_map = report.county_map
    assert county_map.title == f"Counties {report.title} serves"
    con = db.connect_read_only(adversarial_db)
    try:
        listed = db.run_query(con, "release_partnerships").set_index("partnership_id")
    finally:
        con.close()
    served = {fips for fips, category in county_map.category_of.items() if category == "served"}
    assert served == set(listed.loc["P11", "county_fips"]) and served


@pytest.mark.parametrize("params", [{"region": ["R1"]}, {"county": ["42133"]}, {}])
def test_a_public_deck_charts_only_the_splits_the_release_publishes_for_its_place(adversarial_db, params):
    """A region is not split by year in the release (nor a county by sector): its deck said "Too few years in this
    selection to compare" on a slide "by year", as if the years were there but too small."""
    con = db.connect_read_only(adversarial_db)
    try:
        layout = db.run_query(con, "release_layout").set_index("place_kind")
    finally:
        con.close()
    kind = next(iter(params), "state")
    _, deck = public_deck(adversarial_db, **params)
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert ("People who left a program, by year" in titles) == bool(layout.loc[kind, "by_year"])
    assert any(title.startswith("Middle hourly raise by sector") for title in titles) == bool(
        layout.loc[kind, "by_sector"])
    assert "in this selection to compare" not in deck_text(deck)


@needs_poppler
def test_a_public_onepager_of_a_place_without_employer_answers_says_so_in_a_sentence(demo_db, tmp_path):
    """Fulton County read "Employers: employer survey answers 0. one per employer and partnership: ..." and then
    four published shares with nothing of its own beside them (a reviewer)."""
    text, report = public_onepager(demo_db, tmp_path, "--county", "42057")
    cards = {card.label: card.value for section in report.sections for card in section.headlines}
    assert cards["Employer survey answers"] == "0"
    flat = " ".join(text.split())
    assert "Employers: Employer survey answers: 0, one per employer and partnership" in flat
    assert "(Massachusetts Sector Initiative evaluation)" not in flat


def test_a_years_public_deck_says_its_grant_dollars_are_that_years(adversarial_db):
    _, deck = public_deck(adversarial_db, year=["2019"])
    assert "grants started in 2019, state-wide, to public partnerships" in deck_text(deck)
    _, every_year = public_deck(adversarial_db)
    assert "grants started in" not in deck_text(every_year)


@needs_poppler
def test_a_years_one_pager_keeps_the_year_of_its_grant_dollars(demo_db, tmp_path):
    """Information Technology's 2024 one-pager read "Grant dollars $0 · state-wide, to public Information Technology
    partnerships, grants…": its tile cut the year, and $0 read as all the sector ever had (a convener)."""
    out = tmp_path / "it-2024.pdf"
    assert cli.main(["export", "onepager", "--public", "--sector", "IT", "--years", "2024", "--out", str(out),
                     "--db", str(demo_db)]) == 0
    assert "grants started in 2024, state-wide" in " ".join(pdf_text(out).split())


def test_a_public_deck_says_whom_its_people_figures_count(adversarial_db):
    """The public one-pager and deck said only that small groups are hidden: their 380 people beside the staff's 553
    for the same county read as suppression, not as public partnerships only (a reviewer)."""
    from sectorscope.release.story import PUBLIC_PEOPLE_NOTE

    report, deck = public_deck(adversarial_db, county=["42071"])
    text = " ".join(deck_text(deck).split())
    assert "public partnerships only" in report.subtitle and PUBLIC_PEOPLE_NOTE in text
    assert report.county_map is None or report.county_map.title == "Public partnerships serving each county"
    # one partnership's deck counts all its people, wherever they live: not "counted where they live" (a convener)
    from sectorscope.release.story import PUBLIC_PARTNERSHIP_PEOPLE_NOTE

    _, one = public_deck(adversarial_db, partnership=["P11"])
    text = " ".join(deck_text(one).split())
    assert PUBLIC_PARTNERSHIP_PEOPLE_NOTE in text and PUBLIC_PEOPLE_NOTE not in text


def test_a_decks_dollar_values_are_the_cents_the_pages_show():
    """A median raise of 3.4849999999999994 (a half cent in binary) read +$3.48 on the Showcase and $3.49 in the
    public deck: PowerPoint rounds the decimal the file writes (3.485) (a reviewer)."""
    import pandas as pd

    from sectorscope.export.content import chart_values
    from sectorscope.present.formatting import format_signed_dollars

    raise_ = 3.4849999999999994
    [written] = chart_values(pd.Series([raise_]), "dollars")
    assert format_signed_dollars(raise_) == f"+${written:.2f}" == "+$3.48" and repr(written) == "3.48"
    assert chart_values(pd.Series([0.2399999999999998, None]), "percent") == (0.24, None)  # shares keep their digits


def test_a_public_deck_of_a_partnership_before_the_exits_on_record_says_none_on_record(demo_db):
    """The demo's P052 ran 2005-2009, the exits on record run 2015-2025: its public deck (and slides) read "People
    who left a program 0" and "Employer survey answers 0" (a reviewer). The years come from public facts: the
    registry's dates and the state's published counts by year; the survey years are not published, so none are
    said beside the employers' cards."""
    _, deck = public_deck(demo_db, partnership=["P052"])
    cards = cards_of(deck)
    assert cards["People who left a program"] == cards["Employer survey answers"] == "None on record"
    text = " ".join(deck_text(deck).split())
    # "published exits": the hidden years are not counted in (a code reviewer)
    assert "no exiter of this partnership on record · published exits run 2015–2025; active 2005–2009" in text
    assert "no employer survey of this partnership on record" in text and "surveys on record" not in text


def test_a_partnership_before_the_records_reads_none_on_record_and_a_hidden_count_stays_hidden(demo_db,
                                                                                                database_copy):
    """P070 (2005-2008): its people's counts are 0, and a reader knows it from its dates, so the release shows them
    (it hid them to "protect another cell" until 2026-12-06) and the deck reads "None on record", as for its
    employers. Hidden (as a release keeps a cell an earlier one hid), the count stays "hidden for privacy", with
    nothing said about its years."""
    import duckdb

    _, deck = public_deck(demo_db, partnership=["P070"])
    cards = cards_of(deck)
    assert cards["People who left a program"] == "None on record"
    assert cards["Employer survey answers"] == cards["Lower staff turnover"] == "None on record"
    kept = database_copy(demo_db)
    with duckdb.connect(str(kept)) as con:
        con.execute("update release_cells set is_hidden = true, value = null, hidden_reason = $reason where "
                    "partnership_id = 'P070' and statistic = 'exiters'", {"reason": "hidden in the previous release"})
    _, deck = public_deck(kept, partnership=["P070"])
    assert cards_of(deck)["People who left a program"] == "hidden for privacy"
    assert "exits on record" not in deck_text(deck)


def test_all_years_are_said_with_the_years_of_the_exits_the_release_shows(demo_db):
    """A public handout said "all years" and never which (a reviewer): the years of the exits it shows, from the
    release's own cells by year; one year chosen reads as that year alone."""
    from sectorscope.export.public import state_years
    from sectorscope.release import story

    con = db.connect_read_only(demo_db)
    try:
        first, last = story.exit_years_published(state_years(con, "42"))
        whole, _ = release_choice(con, {})
        year, _ = release_choice(con, {"year": ["2020"]})
        assert build_public_report(con, whole, is_demo=True).filters.endswith(f"all years (exits {first}–{last})")
        assert build_public_report(con, year, is_demo=True).filters.endswith("· 2020")
        # the years are the whole state's: a region's or a partnership's "all years" says none (P052 ran 2005-2009
        # and read "exits 2015–2025": a code reviewer)
        for params in ({"region": ["R03"]}, {"partnership": ["P052"]}, {"sector": ["HLTH"]}):
            other, problems = release_choice(con, params)
            assert not problems, problems
            assert build_public_report(con, other, is_demo=True).filters.endswith("· all years"), params
    finally:
        con.close()
    assert (first, last) == (2015, 2025)  # the demo's exits, as the Showcase's chart by year shows them
