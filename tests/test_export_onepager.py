"""The one-page PDF and the export command: text read back with pdftotext, one Letter page, the figures and the
source lines; the command's exit codes."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
import worker_reference as reference

from sectorscope import cli, db
from sectorscope.export import content
from sectorscope.export.onepager import build_onepager
from sectorscope.metrics import wioa
from sectorscope.present.availability import ANSWER_COLUMNS
from sectorscope.present.formatting import format_signed_dollars

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is missing")

# a state's participant records with every group of answers (as ``loaded_tables`` finds them)
PARTICIPANTS_WITH_ANSWERS = frozenset({"participants", *ANSWER_COLUMNS})


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def export(*args: str) -> int:
    return cli.main(["export", *args])


def test_tiny_county_onepager_has_the_hand_computed_figures(tiny_db, tmp_path, capsys):
    out = tmp_path / "lancaster.pdf"
    assert export("onepager", "--county", "42071", "--out", str(out), "--db", str(tiny_db)) == 0
    # the command says the file's own title (it said the deck's, "Sector strategies at a glance": a convener)
    said = capsys.readouterr().err
    assert f"Wrote {out} (" in said and "): Sector partnerships in Lancaster County · " in said
    assert pdf_pages(out) == 1
    text = pdf_text(out)
    assert "Sector partnerships in Lancaster County" in text
    # people living in Lancaster: A (+$3) and B (+$1), both completed; P1 serves it, with $300K of grants in 2017
    assert "Mean hourly wage gain: +$2.00" in text and "n = 2 completers with both wages" in text
    assert "Participants who exited: 2" in text and "n = 2 people" in text
    assert "Lancaster Health Careers — Healthcare" in text
    assert "York-Chester Makers" not in text  # serves York and Chester, not Lancaster
    assert "$300K" in text
    assert "Data: The state's program records" in text
    assert "Published figure: Public/Private Ventures, Sectoral Employment Impact Study" in text
    # each published figure beside a figure of ours is marked with its source's number at the foot (four sources
    # were listed there, none said which line it stood behind: a staffer)
    flat = " ".join(text.split())
    mark = re.search(r"Mean hourly wage gain: .*? Published(\S+): \+\$2\.00/hour", flat).group(1)
    assert mark in "¹²³⁴⁵⁶⁷⁸⁹" and f"{mark} Published figure: Public/Private Ventures, Sectoral Employment" in flat
    # a source whose figure the body does not print carries it (it said "State Sector Strategies FAQ." alone)
    flat = " ".join(text.split())
    assert "Published figure: State Sector Strategies FAQ (undated): Planning grants $25K-$150K" in flat
    # every mark at the foot marks a line of the body (a "⁴" marked nothing: a convener)
    body, foot = flat.split("Data: The state's program records")
    for mark in re.findall(r"([¹²³⁴⁵⁶⁷⁸⁹]) Published figure:", foot):
        assert f"Published{mark}" in body, mark
    assert re.search(r"(^|\. )Published figure: State Sector Strategies FAQ", foot)  # the grants' source, unmarked
    # Pennsylvania's 81 partnerships are the state's count, not Lancaster's (a reviewer: beside a county's 6)
    assert "81 Industry Partnerships" not in flat
    assert "Demo data (synthetic)" not in text
    # people by where they live, partnerships by the counties they serve: said as the Overview and the deck say it
    assert "People who live in the chosen counties, whichever partnership trained them" in flat
    assert "n = 2 completers with both wages · small n: read with care" in flat
    # every share of a few is flagged (it was the wage gain alone); a count is not a statistic of a few
    assert "Completed training: 100%, n = 2 exiters · small n: read with care" in flat
    assert "n = 2 people · small n" not in flat


def test_public_tiny_onepager_hides_small_numbers(tiny_db, tmp_path):
    out = tmp_path / "public.pdf"
    assert export("onepager", "--region", "SC", "--public", "--out", str(out), "--db", str(tiny_db)) == 0
    text = pdf_text(out)
    assert pdf_pages(out) == 1
    assert "Sector partnerships in South Central" in text
    assert "hidden for privacy" in text
    assert "Figures resting on fewer than 10 people or employers are hidden, and some others" in text
    assert "None" not in text and "nan" not in text


def test_demo_region_onepager_equals_the_worker_page(demo_db, tmp_path):
    con = db.connect_read_only(demo_db)
    try:
        view = content.view_options(con, False)
        region = next(iter(view.region_names))
        selection = content.selection_from(view, {"region": [region]})
        report = content.build_report(con, view, selection, public=False, min_cell=10)
        frame = db.run_query(con, "worker_outcomes", **selection.query_parameters(), by_partnership_county=False,
                             public_only=False, partnership_ids=[])
        coverage = wioa.Coverage.from_row(db.run_query(con, "wage_record_coverage").iloc[0])
    finally:
        con.close()
    out = tmp_path / "region.pdf"
    out.write_bytes(build_onepager(report, view.region_names[region], selection.county_fips))
    assert pdf_pages(out) == 1
    text = " ".join(pdf_text(out).split())
    figures = reference.worker_figures(reference.person_outcomes(frame, coverage))
    # the Overview's cards, as the page shows them: the mean gain (like the published average beside it)
    assert f"Mean hourly wage gain: {format_signed_dollars(figures.gain.mean_gain)}" in text
    assert f"n = {figures.gain.n:,} completers with both wages" in text
    assert "Demo data (synthetic)" in text
    assert "Published figure: Third-party evaluation of the Massachusetts Sector Initiative" in text
    info = subprocess.run(["pdfinfo", str(out)], check=True, capture_output=True, text=True).stdout
    assert "(Demo data (synthetic))" in info and "Creator:         Sectorscope" in info  # the file's properties


def test_export_deck_command_writes_a_deck(tiny_db, tmp_path):
    out = tmp_path / "deck.pptx"
    assert export("deck", "--partnership", "P1", "--years", "2017-2019", "--out", str(out), "--db",
                  str(tiny_db)) == 0
    from pptx import Presentation

    assert Presentation(str(out)).slides[0].shapes.title.text == "Lancaster Health Careers"


@pytest.mark.parametrize("args", [
    ("deck", "--sector", "NOPE"),
    ("deck", "--partnership", "P2", "--public"),  # not public: not in a public deck
    ("onepager", "--county", "42071", "--region", "SC"),
    ("onepager", "--partnership", "P1"),  # a one-pager is about a place
])
def test_export_command_rejects_bad_choices(tiny_db, tmp_path, args, capsys):
    out = tmp_path / ("x.pptx" if args[0] == "deck" else "x.pdf")  # of the right kind: the choices are refused
    assert export(*args, "--out", str(out), "--db", str(tiny_db)) == 2
    assert not out.exists()
    assert capsys.readouterr().err


def test_the_whole_states_onepager_is_written_staff_and_public(tiny_db, tmp_path):
    """Governors' staff had one-pagers of a county or a region only: the whole state's was refused ("A one-pager
    covers one county or one region") and its sidebar button greyed (a staff reviewer). Written for the state, its
    map without an outline; the public one from the release's state cell."""
    staff, public = tmp_path / "state.pdf", tmp_path / "state-public.pdf"
    assert export("onepager", "--out", str(staff), "--db", str(tiny_db)) == 0
    text = pdf_text(staff)
    assert "Sector partnerships in Pennsylvania" in text and pdf_pages(staff) == 1
    assert "outlined in black" not in text and "Census 2016 county boundaries." in text
    assert export("onepager", "--public", "--out", str(public), "--db", str(tiny_db)) == 0
    assert "Sector partnerships in Pennsylvania" in pdf_text(public) and pdf_pages(public) == 1


def test_employer_figures_say_their_surveys_years_on_every_staff_handout(tiny_db, tmp_path):
    """A one-pager headed "2008–2013" read "Employers surveyed 140" of surveys from 2012 alone (an auditor: a staffer
    would quote "140 employers surveyed, 2008–2013"); the tiny state's surveys are of 2018 and 2019. Its deck says it
    too; a public handout never says the years of employers' answers (the release publishes none)."""
    from tests.test_export_deck import report_of

    note = "Employer figures: surveys of 2018–2019, the years chosen holding surveys on record."
    staff = tmp_path / "state.pdf"
    assert export("onepager", "--years", "2016-2019", "--out", str(staff), "--db", str(tiny_db)) == 0
    text = " ".join(pdf_text(staff).split())
    # in its line of employer figures, and the tile's basis (wrapped in its column)
    assert "its latest in the years, surveys of 2018–2019):" in text and "n = 2 employers · surveys of" in text
    report = report_of(tiny_db, years=["2016-2019"])
    assert report.section(content.EMPLOYERS).note == note
    assert report.section(content.EMPLOYERS).headlines[0].basis.endswith(" · surveys of 2018–2019")
    within = report_of(tiny_db, years=["2018-2019"]).section(content.EMPLOYERS)
    assert within.note == "" and "surveys of" not in within.headlines[0].basis
    public = report_of(tiny_db, public=True, years=["2016-2019"]).section(content.EMPLOYERS)
    assert "surveys of" not in public.note + " ".join(card.basis for card in public.headlines)


@pytest.mark.parametrize("mode", ["public", "staff"])
def test_the_showcase_hands_out_its_place_as_a_public_one_pager(tiny_db, tmp_path, monkeypatch, mode):
    """The staff one-pager says "the public Showcase's figures are the ones to share", and the Showcase offered no
    one-pager, only a deck and the table (a staffer): its sidebar's "One-pager (PDF)" is the public one-pager of the
    place and sector chosen, from the release, in either mode."""
    from page_support import open_page

    from sectorscope.ui import present

    at = open_page("pages/0_Showcase.py", tiny_db, monkeypatch, mode=mode, region="SC")
    [button] = [button for button in at.get("download_button") if button.proto.label == "One-pager (PDF)"]
    assert button.proto.help == "One Letter page of these public figures, to hand out."
    out = tmp_path / "handout.pdf"
    assert dict(at.query_params) in ({"region": "SC"}, {"region": ["SC"]})  # the place the page shows
    out.write_bytes(present._release_file("onepager", str(tiny_db), (("region", ("SC",)),)))
    text = " ".join(pdf_text(out).split())
    assert pdf_pages(out) == 1 and content.STAFF_USE not in text
    assert "public partnerships only" in text.lower()
    # the same file as the command line's public one-pager of the region
    cli_out = tmp_path / "cli.pdf"
    assert export("onepager", "--public", "--region", "SC", "--out", str(cli_out), "--db", str(tiny_db)) == 0
    assert " ".join(pdf_text(cli_out).split()) == text


def test_every_demo_region_fits_one_page_and_counts_what_it_leaves_out(demo_db, tmp_path):
    con = db.connect_read_only(demo_db)
    try:
        view = content.view_options(con, False)
        reports = {}
        for region, name in view.region_names.items():
            selection = content.selection_from(view, {"region": [region]})
            reports[name] = (content.build_report(con, view, selection, public=False, min_cell=10),
                             selection.county_fips)
    finally:
        con.close()
    for name, (report, counties) in reports.items():
        out = tmp_path / f"{name}.pdf"
        out.write_bytes(build_onepager(report, name, counties))
        assert pdf_pages(out) == 1, name
        text = " ".join(pdf_text(out).split())
        # its map shades counties outside the region too: said, as the deck and the Overview say it (an auditor)
        # (read in the text's own order: laid out, the list of partnerships beside it runs through its lines)
        in_order = " ".join(subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True,
                                           text=True).stdout.split())
        assert ("Every county is counted, the chosen ones outlined in black: a county's count is of the "
                "partnerships in the sectors and years chosen that serve it, whether or not it was chosen.") in in_order
        listed = text.count("• ")  # one bullet per partnership listed
        assert listed >= min(len(report.partnerships), 5), name
        if listed < len(report.partnerships):
            assert f"… and {len(report.partnerships) - listed} more partnerships" in text, name
        else:
            assert "more partnerships" not in text


def test_a_tile_basis_fits_its_two_lines_whole_words_first():
    """The Westmoreland Region one-pager's wage tile ran its interval's end ("+$2.53") out of the box; bases were
    also cut at 70 characters, mid-word. A basis now fits two lines, smaller or without its last " · " parts."""
    from fpdf import FPDF

    from sectorscope.export.onepager import BASIS_LINES, FONTS, tile_basis

    pdf = FPDF(unit="mm", format="Letter")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_page()
    width = 41.0  # a tile of the four across a Letter page, less its padding
    wage = "n = 532 completers with both wages · 95% interval +$2.09 to +$2.53"
    text = tile_basis(pdf, wage, width)
    assert text == wage  # whole, at a smaller size
    assert len(pdf.multi_cell(width, 3, text, dry_run=True, output="LINES")) <= BASIS_LINES
    long = "n = 12,345 completers with both wages · 95% interval +$2.09 to +$2.53 · small n: read with care, please"
    shorter = tile_basis(pdf, long, width)
    assert long.startswith(shorter) and shorter.count(" · ") < long.count(" · ")
    assert len(pdf.multi_cell(width, 3, shorter, dry_run=True, output="LINES")) <= BASIS_LINES
    # one sentence too many: "(its template is there)." sat on the tile's bottom border
    unloaded = "No grants are loaded yet. Load grants.csv on the Data page (its template is there)."
    assert tile_basis(pdf, unloaded, width) == "No grants are loaded yet."
    endless = "A reason without a full stop that goes on and on and on and on and on and on and on and on and on"
    cut = tile_basis(pdf, endless, width)
    assert cut.endswith("…") and endless.startswith(cut[:-1])
    assert len(pdf.multi_cell(width, 3, cut, dry_run=True, output="LINES")) <= BASIS_LINES


@pytest.mark.parametrize("wage_n", [2302, 12])
def test_a_public_raise_tile_keeps_or_leaves_its_middle_value_whole(wage_n):
    """The Philadelphia Region's public "Average raise per hour" tile read "...pay before and after; middle value…":
    the middle value, joined with "; ", was one part with the count and was cut mid-phrase. It is a " · " part of its
    own now, left out whole when the tile is short of room; a small group's caution stays with its count."""
    import pandas as pd
    from fpdf import FPDF

    from sectorscope.export.onepager import FONTS, tile_basis
    from sectorscope.release import story

    cell = story.Cell(pd.DataFrame({"statistic": ["exiters", "mean_wage_gain", "median_wage_gain", "wage_n"],
                                    "value": [3325.0, 2.71, 2.68, float(wage_n)], "is_hidden": [False] * 4}))
    raise_card = next(card for card in story.worker_cards(cell, 10, PARTICIPANTS_WITH_ANSWERS)
                      if card.label == "Average raise per hour")
    assert raise_card.basis.endswith(" · middle value +$2.68")
    pdf = FPDF(unit="mm", format="Letter")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_page()
    text = tile_basis(pdf, raise_card.basis, 41.0)
    assert "middle value +$2.68" in text or "middle" not in text
    if wage_n == 12:  # the caution goes before the middle value, as a whole part
        assert "middle" not in text and "a small group" in text
    else:
        assert "…" not in text and raise_card.basis.startswith(text)


def test_a_long_area_name_stays_on_the_page():
    """"Sector partnerships in <area>" and the view under it were single lines that ran off the page's right edge
    for a long region name: a name that fits at a smaller size is written whole, a longer one is cut."""
    from fpdf import FPDF

    from sectorscope.export.onepager import FONTS, MARGIN, PAGE_W, one_line

    pdf = FPDF(unit="mm", format="Letter")
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    width = PAGE_W - 2 * MARGIN
    sizes = (19, 17, 15, 13)
    region = "Sector partnerships in Lancaster-Lebanon Workforce Development Area"
    assert one_line(pdf, region, width, sizes, "B") == region and pdf.font_size_pt < 19
    assert pdf.get_string_width(region) <= width
    endless = "Sector partnerships in " + "A region with a very long name, " * 10
    cut = one_line(pdf, endless, width, sizes, "B")
    assert cut.endswith("…") and endless.startswith(cut[:-1]) and pdf.get_string_width(cut) <= width
    assert pdf.font_size_pt == 13
    assert one_line(pdf, "Sector partnerships in York County", width, sizes, "B") == (
        "Sector partnerships in York County") and pdf.font_size_pt == 19
    # the title itself takes two lines before it is cut: a real region's name was cut at one
    from sectorscope.export.onepager import title_lines

    louisiana = ("Sector partnerships in Greater New Orleans Regional Labor Market Area (Jefferson, Orleans, "
                 "Plaquemines)")
    lines = title_lines(pdf, louisiana, width, sizes, "B")
    assert len(lines) == 2 and " ".join(lines) == louisiana
    assert all(pdf.get_string_width(line) <= width for line in lines) and pdf.font_size_pt == 13
    cut = title_lines(pdf, endless, width, sizes, "B")
    assert len(cut) == 2 and cut[1].endswith("…") and endless.startswith(" ".join(cut)[:-1])
    assert title_lines(pdf, "Sector partnerships in York County", width, sizes, "B") == [
        "Sector partnerships in York County"]


def test_a_public_onepager_without_surveys_writes_whole_sentences(tiny_db, tmp_path):
    """"Employers: employer survey answers not loaded, No employer surveys have been published yet.." (a capital
    after a comma, two full stops): the reasons are sentences of their own."""
    path = tmp_path / "no-surveys.duckdb"
    shutil.copy(tiny_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute("delete from employer_surveys")
    out = tmp_path / "page.pdf"
    assert export("onepager", "--public", "--county", "42071", "--out", str(out), "--db", str(path)) == 0
    text = " ".join(pdf_text(out).split())
    assert ".." not in text and ", No " not in text
    assert "Employers: Employer survey answers: not loaded. No employer surveys have been published yet." in text


def test_a_onepagers_grant_tile_keeps_the_median_grant_its_footers_published_sizes_compare_with(demo_db, tmp_path):
    """The tile dropped its basis's last part to fit, the median grant, while the footer gave the published
    per-grant sizes: a total beside them alone (an Overview reviewer)."""
    out = tmp_path / "centre.pdf"
    assert export("onepager", "--county", "42027", "--out", str(out), "--db", str(demo_db)) == 0
    text = " ".join(pdf_text(out).split())
    assert "Planning grants" in text and "median grant: planning" in text


def test_a_staff_onepager_says_it_is_for_use_inside_the_state(tiny_db, tmp_path):
    """Offered as a handout, a staff one-pager named a partnership not cleared for public display and printed small
    groups' figures with nothing marking it internal (a reviewer)."""
    out = tmp_path / "staff.pdf"
    assert export("onepager", "--county", "42071", "--out", str(out), "--db", str(tiny_db)) == 0
    assert content.STAFF_USE in " ".join(pdf_text(out).split()) and pdf_pages(out) == 1


def test_an_absent_sections_tiles_read_as_a_cards_absence(tiny_db, database_copy, tmp_path):
    """With no employer surveys and no grants loaded, the employer tiles wrote "No employer surveys are loaded for
    this state yet." in small body text beside the grant tiles' "Not loaded" in value type: one absence drawn two
    ways. Both now read "Not loaded" over the sentence."""
    path = database_copy(tiny_db)
    with duckdb.connect(str(path)) as con:
        con.execute("delete from employer_surveys")
        con.execute("delete from grants")
    out = tmp_path / "page.pdf"
    assert export("onepager", "--county", "42071", "--out", str(out), "--db", str(path)) == 0
    lines = [line for line in pdf_text(out).splitlines() if line.strip()]
    labels = next(index for index, line in enumerate(lines) if "Employers surveyed" in line)
    assert "Grant dollars" in lines[labels]
    assert lines[labels + 1].split() == ["Not", "loaded"] * 4  # the value of each tile of the row
    assert "No employer surveys are loaded" in lines[labels + 2] and "No grants are loaded yet." in lines[labels + 2]



def test_a_tile_of_years_before_the_records_names_the_years_on_record(tiny_db, tmp_path):
    """A section with no one in the years chosen gave its tiles "No participant left a program in this selection."
    under "None in selection" (the years on record did not fit): they say the years on record, as the Overview's
    cards do."""
    out = tmp_path / "early.pdf"
    assert export("onepager", "--county", "42071", "--years", "2015-2016", "--out", str(out),
                  "--db", str(tiny_db)) == 0
    lines = [line for line in pdf_text(out).splitlines() if line.strip()]
    labels = next(index for index, line in enumerate(lines) if "Participants who exited" in line)
    assert lines[labels + 1].count("None in selection") == 3
    assert " ".join(lines[labels + 2:labels + 4]).count("Exits on record run 2017–2019:") == 3


def test_the_employer_shares_say_what_they_rest_on_and_flag_a_small_n(demo_db, tmp_path):
    """Bedford County's "reduced rework 0%; fewer customer complaints 0%" rested on 4 employers, unsaid (a
    reviewer): each share with its n, once where all have the same, flagged small as the cards are."""
    bedford, state = tmp_path / "bedford.pdf", tmp_path / "state.pdf"
    assert export("onepager", "--county", "42009", "--db", str(demo_db), "--out", str(bedford)) == 0
    assert export("onepager", "--db", str(demo_db), "--out", str(state)) == 0
    words = " ".join(pdf_text(bedford).split())
    assert "value the partnership 100% (each n = 4, small n)" in words
    statewide = " ".join(pdf_text(state).split())
    # the trade's words it prints are said in plain words at its foot (a legislator would not know an "exiter")
    assert re.search(r"Words used: exiters, people who left a program in the years, having finished it or not; "
                     r"completers, exiters who completed their training; leverage, non-state dollars", statewide)
    assert re.search(r"reduced turnover \d+% \(n = [\d,]+\); reduced rework \d+% \(n = [\d,]+\)", statewide)
    assert pdf_pages(bedford) == 1 and pdf_pages(state) == 1


def test_a_public_onepagers_employer_shares_say_the_answers_the_release_published(demo_db, tmp_path):
    """The public one-pager's shares said no n (its cards' basis reads "of 1,234 answers to the question", which the
    one-pager's look for "n = " missed): each carries the count the release published beside it (``Headline.n``)."""
    out = tmp_path / "public.pdf"
    assert export("onepager", "--public", "--db", str(demo_db), "--out", str(out)) == 0
    words = " ".join(pdf_text(out).split())
    assert "Words used: pts, percentage points" in words and "exiters," not in words  # its cards say "people who left"
    found = re.search(r"lower staff turnover \d+% \(n = ([\d,]+)\)", words)
    assert found, words
    assert int(found.group(1).replace(",", "")) >= 10


def test_a_public_onepager_of_one_year_says_its_employer_tiles_in_short(demo_db, tmp_path):
    """With one year chosen, the three employer tiles each held the whole sentence on why employers' answers are
    published for all years alone: it ran out of the tiles and over the partnership list (a staffer). Each tile says
    it in short; the body says it whole, once."""
    out = tmp_path / "year.pdf"
    assert export("onepager", "--public", "--years", "2018", "--db", str(demo_db), "--out", str(out)) == 0
    words = " ".join(pdf_text(out).split())
    assert words.count("All years only") == 3
    assert words.count("would give away its earlier answers") == 1
    assert pdf_pages(out) == 1


def test_a_real_states_outputs_name_it_and_the_demos_name_none(tiny_db, demo_db, tmp_path, monkeypatch):
    """A Colorado analyst: the staff deck, the slides and the Overview named no state anywhere, and a one-pager of
    "Adams County" (12 states have one) none either. A real state is named; the demo, whose notice says whose
    counties it borrows, is not said to be Pennsylvania."""
    from page_support import open_page

    county = tmp_path / "county.pdf"
    assert export("onepager", "--county", "42071", "--out", str(county), "--db", str(tiny_db)) == 0
    assert "Pennsylvania · " in " ".join(pdf_text(county).split())  # under "Sector partnerships in Lancaster County"
    public = tmp_path / "county-public.pdf"
    assert export("onepager", "--public", "--county", "42071", "--out", str(public), "--db", str(tiny_db)) == 0
    assert "Pennsylvania · " in " ".join(pdf_text(public).split())
    with db.connect_read_only(tiny_db) as con:
        view = content.view_options(con, False)
        region = content.build_report(con, view, content.selection_from(view, {"region": [next(iter(
            view.region_names))]}), public=False, min_cell=10)
    assert region.state == "Pennsylvania" and region.subtitle.endswith(" · Pennsylvania")
    overview = open_page("app.py", tiny_db, monkeypatch)
    assert overview.caption[0].value.startswith("Pennsylvania · ")
    with db.connect_read_only(demo_db) as con:
        view = content.view_options(con, False)
        demo = content.build_report(con, view, content.selection_from(view, {}), public=False, min_cell=10)
    assert demo.state == "" and "Pennsylvania" not in demo.subtitle
    # never a wrong state: a chosen county across the state line, or a state not known (a code reviewer)
    from sectorscope import codes

    assert codes.state_said("08", False, ["08003", "08005"]) == "Colorado"
    assert codes.state_said("08", False, ["08069", "56021"]) == ""  # Laramie County, Wyoming, in a Colorado region
    assert codes.state_said("99", False) == "" and codes.state_said("08", True) == ""


def test_a_long_region_name_still_fits_one_page_with_its_map_note(demo_db, tmp_path):
    """The map note named the region again, and a region named in 85 characters no longer fitted one page (a code
    reviewer)."""
    with db.connect_read_only(demo_db) as con:
        view = content.view_options(con, False)
        region = next(iter(view.region_names))
        selection = content.selection_from(view, {"region": [region]})
        report = content.build_report(con, view, selection, public=False, min_cell=10)
    out = tmp_path / "long.pdf"
    out.write_bytes(build_onepager(report, "The Greater Susquehanna Valley and Northern Tier Workforce Development "
                                           "Region of the Commonwealth", selection.county_fips))
    assert pdf_pages(out) == 1
