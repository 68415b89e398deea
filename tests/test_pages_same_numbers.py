"""One definition per number: a headline shown on two pages has the same value and n for the same filters."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest
from page_support import metrics_of, on_every_tab, open_page, open_tab
from test_export_onepager import pdf_text

from sectorscope import cli, db
from sectorscope.export import content
from sectorscope.release.build import build_release

FUNDING_PAGE = "pages/5_Funding_and_systems_change.py"


def _metric(at, label):
    return next(metric for metric in at.metric if metric.label == label)


def _caption_after(at, text):
    return next(caption.value for caption in at.caption if text in caption.value)


@pytest.mark.parametrize("params", [{}, {"sector": "HLTH"}, {"years": "2019-2021"}])
def test_overview_and_employer_page_agree_on_turnover(demo_db, monkeypatch, params):
    overview = open_page("app.py", demo_db, monkeypatch, **params)
    employer = open_page("pages/4_Employer_outcomes.py", demo_db, monkeypatch, **params)
    card = _metric(overview, "Median turnover at the survey")
    assert card.delta.split(":")[0] == _metric(employer, "Median employer's change in turnover").value
    # a median of changes, so it says so rather than "from" the median before (which does not subtract to it)
    assert card.delta.endswith(f"(median before {_metric(employer, 'Median turnover before joining').value})")
    assert " from " not in card.delta
    assert card.value == _metric(employer, "Median turnover at the survey").value
    n_overview = _caption_after(overview, "answers with both rates").split(" answers")[0]
    n_employer = _caption_after(employer, "answers with both rates").split(" answers")[0]
    assert n_overview == n_employer


FUNDING_CARDS = ("Grant dollars", "Leverage", "Grant dollars per exiter")


@pytest.mark.parametrize("params", [{}, {"county": "42071"}, {"county": "42071", "sector": "MFG"},
                                    {"years": "2019-2021"}])
def test_overview_and_funding_page_agree_on_the_funding_cards(demo_db, monkeypatch, params):
    """Grant dollars per exiter once divided the partnerships' dollars by the exiters living in the selected
    counties on the Overview (Lancaster: $2,786) and by those partnerships' own exiters on the Funding page ($1,122)."""
    overview = open_page("app.py", demo_db, monkeypatch, **params)
    funding = open_page("pages/5_Funding_and_systems_change.py", demo_db, monkeypatch, **params)
    for label in FUNDING_CARDS:
        assert _metric(overview, label).value == _metric(funding, label).value, label
    n = "exiters (wherever they live) of"  # "n = 11,547 exiters (wherever they live) of the 51 partnerships ..."
    assert _caption_after(overview, n) == _caption_after(funding, n)


def test_overview_survey_shares_equal_the_employer_page_chart(demo_db, monkeypatch):
    overview = open_page("app.py", demo_db, monkeypatch)
    employer = open_page("pages/4_Employer_outcomes.py", demo_db, monkeypatch, tab="What employers report")
    chart = next(c for c in employer.get("plotly_chart") if "Share of surveyed employers" in c.proto.spec)
    in_view = next(trace for trace in json.loads(chart.proto.spec)["data"] if trace["name"] == "Employers in view")
    shown = dict(zip(in_view["y"], in_view["text"], strict=True))
    for label in ("Reduced turnover", "Reduced rework"):
        card = _metric(overview, label)
        n = _caption_after(overview, "one per employer and partnership").split("n = ")[1].split(" ")[0]
        matching = [text for name, text in shown.items() if name.startswith(label)]
        assert matching == [card.value], (label, shown)
        assert any(f"n = {n}" in name for name in shown if name.startswith("Reduced turnover"))


# --- the Showcase (the public release) and the Employer outcomes page --------------------------------------------

SURVEY_CARDS = {"Lower staff turnover": "Reduced turnover", "Less rework": "Reduced rework",
                "Fewer customer complaints": "Fewer customer complaints",
                "Value the partnership": "Value the partnership"}


@pytest.fixture(scope="module")
def demo_release_shown(demo_db, tmp_path_factory):
    """The demo with its release rebuilt at k = 1 (through the real build), so the figures compared are shown (at
    k = 10 the demo's release hides every sector's and year's employer figures), and without the surveys from
    before the first program exit: the staff pages' years run from the first exit, the Showcase's "All years"
    from the first survey, so only then are "All years" the same years on both."""
    path = tmp_path_factory.mktemp("demo-k1") / "demo.duckdb"
    shutil.copyfile(demo_db, path)
    con = duckdb.connect(str(path))
    try:
        con.execute("begin")
        con.execute("delete from employer_surveys where survey_year < (select min(year(exited_on)) from participants)")
        con.execute("delete from release_cells")  # never published: built afresh, keeping nothing the k = 10 one hid
        build_release(con, k=1)
        con.execute("commit")
        # sectors whose surveyed partnerships are all public: the Employer page (staff) counts private partnerships
        # too, the release never does, so only there do the two count the same employers
        public_sectors = [row[0] for row in con.execute(
            "select pa.sector_code from employer_surveys as es inner join partnerships as pa using (partnership_id) "
            "group by pa.sector_code having bool_and(pa.is_public) order by pa.sector_code").fetchall()]
        repeated = con.execute("select count(*) - count(distinct (employer_id, partnership_id)) from employer_surveys"
                               ).fetchall()[0][0]
    finally:
        con.close()
    assert public_sectors, "the demo has no sector of public partnerships only"
    assert repeated > 0, "no employer answered twice: the whole period would not test the latest answer"
    return path, public_sectors


def _cards_with_basis(at) -> dict[str, tuple[str, str]]:
    """Each card on the page: label -> (value, the caption under it)."""
    found = {}

    def walk(node):
        children = list(getattr(node, "children", {}).values())
        for i, child in enumerate(children):
            if child.type == "metric":
                after = [c for c in children[i + 1:] if c.type == "caption"]
                found[child.label] = (child.value, after[0].value if after else "")
            walk(child)

    walk(at.main)
    return found


def _employer_page_shares(at) -> dict[str, tuple[str, str]]:
    """The survey shares chart of the Employer outcomes page: question label -> (share shown, n)."""
    chart = next(c for c in at.get("plotly_chart") if "Share of surveyed employers" in c.proto.spec)
    in_view = next(trace for trace in json.loads(chart.proto.spec)["data"] if trace["name"] == "Employers in view")
    shares = {}
    for name, text in zip(in_view["y"], in_view["text"], strict=True):
        label, n = name.rsplit(" (n = ", 1)
        shares[label] = (text, n.rstrip(")").split(" · ")[0])  # "21 · small n)": the count
    return shares


@pytest.mark.parametrize("year", [None, "2021"])
def test_showcase_and_employer_page_count_employers_alike(demo_release_shown, monkeypatch, year):
    """The Showcase's employer cards (from the release) equal the Employer outcomes page for the same selection:
    each employer once per partnership, by its latest answer in the years."""
    path, public_sectors = demo_release_shown
    sector = public_sectors[-1]
    monkeypatch.setenv("SECTORSCOPE_MIN_CELL", "1")  # the deployment's k is the release's: else it is withheld
    showcase = open_page("pages/0_Showcase.py", path, monkeypatch)
    showcase.selectbox(key="release_sector").set_value(sector)  # as a visitor picks the cell
    showcase.selectbox(key="release_year").set_value(year or "all")
    showcase.run()
    assert not showcase.exception, [e.value for e in showcase.exception]
    if year:  # employers are published for the whole period only (a year's beside it gave earlier answers away)
        from sectorscope.release.story import EMPLOYERS_ALL_YEARS_ONLY

        assert EMPLOYERS_ALL_YEARS_ONLY in [info.value for info in showcase.info]
        assert "Employer survey answers" not in _cards_with_basis(showcase)
        return
    employer = open_page("pages/4_Employer_outcomes.py", path, monkeypatch, sector=sector,
                         **({"years": f"{year}-{year}"} if year else {}))
    cards = _cards_with_basis(showcase)
    n_paired = _caption_after(employer, "answers with both rates").removesuffix(" · small n: read with care")
    shares = _employer_page_shares(open_tab(employer, "pages/4_Employer_outcomes.py", "What employers report"))
    with_both, left_out = (int(part.split(" ")[0].replace(",", "")) for part in n_paired.removeprefix("n = ").split(
        " answers with both rates, one per employer and partnership · "))
    answers, _ = cards["Employer survey answers"]
    assert answers == f"{with_both + left_out:,}"  # one per employer and partnership on both
    compared = 0
    for card, question in SURVEY_CARDS.items():
        value, basis = cards[card]
        if "hidden" in value:
            continue
        assert (value, basis) == (shares[question][0], f"of {shares[question][1]} answers to the question"), card
        compared += 1
    assert cards["Lower staff turnover"][0] == shares["Reduced turnover"][0]
    assert compared >= 2


@pytest.mark.parametrize("params", [{}, {"sector": "HLTH", "years": "2019-2021"}])
def test_people_who_left_poverty_are_out_of_the_poverty_cards_people(demo_db, monkeypatch, params):
    overview = open_page("app.py", demo_db, monkeypatch, **params)
    worker = open_page("pages/3_Worker_outcomes.py", demo_db, monkeypatch, tab="Poverty and benefits", **params)
    # the "People who left poverty" card's "of N people with both answers", the Worker page's first before-after card
    base = next(caption.value for caption in overview.caption if caption.value.startswith("of ")
                and "people with both answers" in caption.value).split("(n = ")[1].split(" people")[0]
    assert base == _caption_after(worker, "with both answers").removeprefix("n = ").split(" people")[0]
    assert int(base.replace(",", "")) > int(_metric(overview, "People who left poverty").value.replace(",", ""))


def test_grant_dollars_per_participant_says_its_years_where_they_reach_past_the_exits(demo_db, monkeypatch):
    for path in ("app.py", "pages/5_Funding_and_systems_change.py"):
        wide = open_page(path, demo_db, monkeypatch)  # the years offered: from the first grant, 2005
        notes = [caption.value for caption in wide.caption
                 if "exits on record" in caption.value and caption.value.startswith("n = ")]
        # the years once: why they are those counted beside them, not again in a note after the n line
        assert notes and all(note.count("2015–2025") == 1 for note in notes), notes
        # the exiters of the 47 partnerships with a grant in 2015–2025 and exiters; those of the 25 without a grant are
        # left out (every partnership's 17,700 exiters and 13,631 completers: $2,068 per participant where the funded
        # partnerships' own give $3,140), and so are the grants of the 4 with none trained yet
        counted = "(wherever they live) of the 47 partnerships funded in 2015–2025 (the years with exits on record) · "
        # the dollars divided: of the partnerships with exiters (completers) among those funded then
        assert all(note.startswith(f"n = 11,547 exiters {counted}divides $36.3M of the $67.7M in grants · 6,153 "
                                   "exiters")
                   or (note.startswith(f"n = 8,914 completers {counted}divides $") and " · 4,717" in note)
                   for note in notes), notes
        within = open_page(path, demo_db, monkeypatch, years="2015-2025")
        assert not any("exits on record" in caption.value for caption in within.caption)
        # the grants of 2005-2014 were divided by the people of 2015-2025 ($3,828 against $2,068): now the same
        # figure as over the years with exits on record
        for label in ("Grant dollars per exiter", "Grant dollars per completer"):
            if label in metrics_of(wide):
                assert metrics_of(wide)[label] == metrics_of(within)[label], label
    # the Funding page's table and earnings return say it too (only the cards did)
    said = [caption.value for tab in on_every_tab(wide, FUNDING_PAGE) for caption in tab.caption
            if not caption.value.startswith("n = ")]
    assert any(text.startswith("Dollars per exiter and per completer: grants started in 2015–2025") for text in
               said)
    assert any("participants exited in 2015–2025, the years with exits on record" in text for text in said)


def test_a_zero_dollar_grant_funds_no_partnership_on_the_pages_the_deck_or_the_onepager(zero_grant_db, monkeypatch,
                                                                                      tmp_path):
    """York-Chester Makers' only grant is of $0. "Funded" had two definitions: the grant card counted it among "3
    grants to 2 of 2 partnerships" (and its $0 in the median implementation grant) while dollars per person left its
    exiter out as "of 1 partnership without a grant", and the earnings return by sector gave Manufacturing a bar of
    $0 beside a caption leaving its completer out. One definition (``funding.funding_grants``) everywhere: the Funding
    page, the Overview, the deck and the one-pager say the same."""
    grant_basis = "median grant: planning $100K, implementation $300K · 2 grants to 1 of 2 partnerships"
    per_participant = ("n = 3 exiters (wherever they live) of the partnership funded in 2017–2019 (the years with "
                       "exits on record) · divides $300K of the $400K in grants · 1 exiter of 1 partnership "
                       "without a grant in those years left out")
    funding_page = open_page("pages/5_Funding_and_systems_change.py", zero_grant_db, monkeypatch)
    overview = open_page("app.py", zero_grant_db, monkeypatch)
    for at in (funding_page, overview):
        cards = _cards_with_basis(at)
        assert cards["Grant dollars"] == ("$400K", grant_basis)
        assert cards["Grant dollars per exiter"][1].startswith(per_participant)
    con = db.connect_read_only(zero_grant_db)
    try:
        view = content.view_options(con, False)
        report = content.build_report(con, view, content.selection_from(view, {}), public=False, min_cell=10)
    finally:
        con.close()
    deck_cards = {card.label: card for section in report.sections for card in section.headlines}
    assert (deck_cards["Grant dollars"].value, deck_cards["Grant dollars"].basis) == ("$400K", grant_basis)
    assert deck_cards["Grant dollars per exiter"].basis.startswith(per_participant)
    onepager = tmp_path / "south-central.pdf"
    assert cli.main(["export", "onepager", "--region", "SC", "--out", str(onepager), "--db", str(zero_grant_db)]) == 0
    assert "implementation $300K" in " ".join(pdf_text(onepager).split())
    # the Funding page's table and earnings return: York-Chester Makers had no grant, Manufacturing no bar
    grid = funding_page.dataframe[0].value.set_index("name")
    assert grid.loc["York-Chester Makers", "empty_because"] == "no grant in 2015–2019"
    assert any("Manufacturing: no partnership with completers had a grant then, so no bar." in caption.value
               for caption in open_tab(funding_page, FUNDING_PAGE, "Earnings return").caption)
