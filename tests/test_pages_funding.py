"""AppTest of the Funding & systems change page on the tiny state (hand-checkable), public mode and the demo."""

from __future__ import annotations

import duckdb
import pytest
from page_support import metrics_of, open_page, open_tab, recorded_csv_downloads, tab_labels
from test_pages_employers import charts_of, numbers

PAGE = "pages/5_Funding_and_systems_change.py"


def earnings_figure(at) -> dict:
    return next(figure for title, figure in charts_of(at).items() if title.startswith("Annual earnings gain"))


def test_tiny_state_figures_by_hand(tiny_db, monkeypatch):
    at = open_page(PAGE, tiny_db, monkeypatch)
    assert not at.error and at.title[0].value == "Is each partnership healthy and worth its money?"
    shown = metrics_of(at)
    # the years offered are 2015-2019 (from P1's start to the last exit), so every grant is in: G1 $100K state (P1,
    # 2016) + G2 $300K philanthropic (P1) + G3 $200K state (P2) -> leverage 300 / 300 = 1.00; 4 exiters, 3 completers
    assert shown["Grant dollars"] == "$600K" and shown["Leverage"] == "1.00 : 1"
    # dollars per person count the grants of the years with exits on record (2017-2019): G1 (2016) is left out,
    # $500K / 4 exiters and / 3 completers, and the cards say which years
    assert shown["Grant dollars per exiter"] == "$125,000"
    assert shown["Grant dollars per completer"] == "$166,667"
    assert any(caption.value.startswith("n = 4 exiters (wherever they live) of the 2 partnerships funded in 2017–2019 "
                                        "(the years with exits on record)") for caption in at.caption)
    # both partnerships lack a labor or community partner; P2's convener is a college (an education provider)
    shown = metrics_of(open_tab(at, PAGE, "Partners at the table"))
    assert (shown["No education provider"], shown["No outside employer"], shown["No labor/community"]) == (
        "0", "0", "2")


@pytest.mark.parametrize("path", [PAGE, "app.py"])
def test_a_partnership_chosen_elsewhere_is_said_not_silently_dropped(tiny_db, monkeypatch, path):
    """?partnership=P1 (carried by the menu from the Worker page) showed every partnership's totals without a word."""
    at = open_page(path, tiny_db, monkeypatch, partnership="P1")
    assert any("not only **Lancaster Health Careers**" in info.value for info in at.info)
    plain = open_page(path, tiny_db, monkeypatch)
    assert not any("not only" in info.value for info in plain.info)


@pytest.mark.parametrize(("path", "said"), [(PAGE, ""), ("pages/3_Worker_outcomes.py", " (exits 2017–2019)"),
                                             ("pages/4_Employer_outcomes.py", " (surveys 2018–2019)")])
def test_a_pages_years_are_said_with_its_own_records(tiny_db, monkeypatch, path, said):
    """The years a page's charts and files name: the Worker page's with its exits, the Employer page's with its
    surveys, the Funding page's (grants) with none: "2005–2025 (exits 2015–2025)" under a chart of grants by
    start year read as grants of 2015–2025 (a code reviewer)."""
    from test_export_chart_images import source_line

    at = open_page(path, tiny_db, monkeypatch)
    assert at.caption[0].value == f"All sectors · all counties · 2015–2019{said}"
    footers = [source_line(figure).replace("<br>", " ") for figure in charts_of(at).values()]
    assert footers and all(f"2015–2019{said} " in footer or footer.endswith(f"2015–2019{said}")
                           for footer in footers), footers


def test_earnings_return_by_sector_and_its_assumptions(tiny_db, monkeypatch):
    at = open_page(PAGE, tiny_db, monkeypatch, tab="Earnings return")
    gain = next(t for t in earnings_figure(at)["data"] if t["name"] == "Earnings gain")
    # Healthcare: A +$3, B +$1 -> $2 x 2,080 h x 2 employed completers = $8,320; Manufacturing: D +$4 x 2,080 x 1
    # (grants $300K and $200K: $0.03 and $0.04 per grant dollar)
    assert dict(zip(gain["y"], numbers(gain["x"]), strict=True)) == {
        "Manufacturing (n=1 employed completer · small n)": pytest.approx(8320),
        "Healthcare (n=2 employed completers · small n)": pytest.approx(8320)}
    assert any("a simple ratio, not a causal estimate" in c.value.lower() for c in at.caption)
    at.number_input(key="return_hours").set_value(1000).run()
    gain = next(t for t in earnings_figure(at)["data"] if t["name"] == "Earnings gain")
    assert sorted(numbers(gain["x"])) == pytest.approx([4000, 4000])
    assert any("× 1,000 hours" in c.value for c in at.caption)


def test_sector_filter_changes_the_page(tiny_db, monkeypatch):
    at = open_page(PAGE, tiny_db, monkeypatch)
    at.multiselect(key="sectors").set_value(["MFG"]).run()
    assert not at.exception
    shown = metrics_of(at)
    assert shown["Grant dollars"] == "$200K" and shown["Leverage"] == "0.00 : 1"  # state dollars only
    assert shown["Grant dollars per exiter"] == "$200,000"
    assert at.dataframe[0].value["name"].tolist() == ["York-Chester Makers"]


def test_systems_change_log_filters_by_category(tiny_db, monkeypatch):
    at = open_page(PAGE, tiny_db, monkeypatch, tab="Systems change")
    log = at.dataframe[0].value
    assert log["description"].tolist() == ["A CNA-to-LPN pathway."]
    at.multiselect(key="change_categories").set_value(["public policy"]).run()
    assert any("No systems change is logged" in info.value for info in at.info)


def test_every_table_has_a_csv_download(tiny_db, monkeypatch):
    at = open_page(PAGE, tiny_db, monkeypatch)
    names = {button.proto.label for tab in tab_labels(at)
             for button in open_tab(at, PAGE, tab).get("download_button")}
    assert {"Download funding by partnership CSV", "Download earnings return CSV", "Download partners by type CSV",
            "Download systems-change log CSV"} <= names


def test_public_mode_refuses_the_page(tiny_db, monkeypatch):
    """Public visitors read grant dollars on the Showcase (release cells only); this page is staff-only."""
    at = open_page(PAGE, tiny_db, monkeypatch, mode="public")
    assert any("for state staff only" in error.value for error in at.error) and not at.metric and not at.dataframe


def test_empty_selection_says_so(tiny_db, monkeypatch):
    at = open_page(PAGE, tiny_db, monkeypatch, county="42003")  # Allegheny: no partnership
    assert any("No partnership matches this selection" in info.value for info in at.info)


def test_demo_smoke_and_sector_change(demo_db, monkeypatch):
    at = open_page(PAGE, demo_db, monkeypatch)
    assert not at.error
    everything = metrics_of(at)["Grant dollars"]
    at.multiselect(key="sectors").set_value(["HLTH"]).run()
    assert not at.exception and metrics_of(at)["Grant dollars"] != everything
    open_tab(at, PAGE, "Earnings return")
    at.segmented_control(key="return_by").set_value("Partnership").run()
    assert not at.exception and len(earnings_figure(at)["data"][0]["y"]) > 1


def test_the_state_and_non_state_dollar_columns_are_wide_enough_for_their_amounts(tiny_db, monkeypatch):
    # the grid sized "State" by its short heading and cut "$104,500" to ".04,500" (the demo, 2024): each column
    # now has a width set, room for an eight-digit amount at the grid's font
    import json

    at = open_page("pages/5_Funding_and_systems_change.py", tiny_db, monkeypatch)
    config = next(json.loads(frame.proto.columns) for frame in at.dataframe
                  if "state_dollars" in json.loads(frame.proto.columns))
    for column in ("state_dollars", "non_state_dollars"):
        assert isinstance(config[column].get("width"), int) and config[column]["width"] >= len("$12,345,678") * 8


def test_the_earnings_return_says_the_years_it_counts(tiny_db, monkeypatch):
    """With half a year counted the chart still said "Annual earnings gain" over half a year's gain."""
    at = open_page(PAGE, tiny_db, monkeypatch, tab="Earnings return")
    at.number_input(key="return_years").set_value(0.5).run()
    assert not at.exception
    titles = list(charts_of(at))
    assert any(title.startswith("Earnings gain over 0.5 years against grant dollars") for title in titles), titles
    assert not any(title.startswith("Annual") for title in titles)


def test_the_grid_sorts_leverage_as_numbers_and_says_why_cells_are_empty(tiny_db, monkeypatch):
    """Leverage was text ("55.69 : 1" sorted between 5.18 and 7.04), and one "–" stood for three reasons."""
    import json

    files = recorded_csv_downloads(monkeypatch)
    at = open_page(PAGE, tiny_db, monkeypatch)
    frame = next(frame for frame in at.dataframe if "empty_because" in json.loads(frame.proto.columns))
    config = json.loads(frame.proto.columns)
    assert config["leverage"]["type_config"]["format"] == "%.2f : 1"
    assert config["empty_because"]["width"] == "large"  # "no grant started in 2015–2025" was cut after "started"
    titles = list(charts_of(open_tab(at, PAGE, "Earnings return")))
    assert any(title.startswith("Annual earnings gain against grant dollars by sector (2017–2019)") for title in titles)
    assert not any("top 25" in title for title in titles)  # over 2 sectors
    assert "Empty because" in files["funding-by-partnership.csv"].columns  # the file says it too
    grid = frame.value.set_index("name")
    assert grid["leverage"].dtype.kind == "f" and "leverage_text" not in grid.columns
    assert set(grid["empty_because"]) <= {"", "no state $"}, grid["empty_because"]


def test_the_earnings_return_file_and_hover_say_what_they_assumed(tiny_db, monkeypatch):
    """With 2.5 years counted the hover said "earnings gain $10,400 a year", and the CSV's headings were the same
    whatever hours, years or employed completers were chosen (a reviewer)."""
    files = recorded_csv_downloads(monkeypatch)
    at = open_page(PAGE, tiny_db, monkeypatch, tab="Earnings return")
    at.number_input(key="return_years").set_value(2.5).run()
    at.selectbox(key="return_employed").set_value("in any job (a post-training wage)").run()
    figure = next(figure for title, figure in charts_of(at).items() if title.startswith("Earnings gain over 2.5"))
    gain = next(t for t in figure["data"] if t["name"] == "Earnings gain")
    assert "earnings gain %{x:$,.0f} over 2.5 years" in gain["hovertemplate"]
    headings = list(files["earnings-return-by-sector.csv"].columns)
    assert "Earnings gain ($, × 2,080 hours a year × 2.5 years × completers employed in any job (a post-training " \
        "wage))" in headings, headings
    assert "Grant dollars ($, grants started in 2017–2019)" in headings, headings
    assert "Completers employed in any job (a post-training wage) (exited in 2017–2019)" in headings, headings


def test_dollars_per_person_count_the_exiters_of_the_funded_partnerships_alone(demo_db, monkeypatch):
    """?sector=ENRG&years=2025 read $1,141 per participant and $1,553 per completer: the only grant ($73,000, G0088)
    went to P027, which had no exiter, and was divided by the 64 exiters of four partnerships without a grant that
    year. The default view read $2,068, its 17,700 exiters counting 6,153 of 25 partnerships without a grant in
    2015–2025 (a reviewer's SQL: $3,170 and $4,106 over the funded partnerships' own, then $3,140 and $4,067 without
    the grants of the four funded partnerships with no one trained yet)."""
    at = open_page(PAGE, demo_db, monkeypatch, sector="ENRG", years="2025")
    shown = metrics_of(at)
    assert shown["Grant dollars per exiter"] == shown["Grant dollars per completer"] == "None in selection"
    assert any(caption.value.endswith("no exiters (wherever they live) of the partnership funded in 2025 in this "
                                      "selection · 64 exiters of 4 partnerships without a grant in those years "
                                      "left out")
               for caption in at.caption)
    default = metrics_of(wide := open_page(PAGE, demo_db, monkeypatch))
    per_exiter, per_completer, with_exiters, without, dollars_without = funded_with_people(demo_db)
    assert (default["Grant dollars per exiter"], default["Grant dollars per completer"]) == (
        f"${per_exiter:,.0f}", f"${per_completer:,.0f}")
    assert (with_exiters, without, dollars_without) == (47, 4, 343_000)
    assert any(caption.value.startswith("n = 11,547 exiters (wherever they live) of the 47 partnerships funded in "
                                        "2015–2025 (the years with exits on record) · divides $36.3M of the $67.7M in "
                                        "grants · 6,153 exiters of 25 partnerships "
                                        "without a grant in those years left out · $343K to 4 partnerships with no "
                                        "exiter yet left out")
               for caption in wide.caption), [c.value for c in wide.caption]


def funded_with_people(path) -> tuple[float, float, int, int, float]:
    """Grant dollars per exiter and per completer over the partnerships with both a grant started in 2015–2025 and
    such people then (each Funding table row's own division, added up), the partnerships funded with and without an
    exiter, and the dollars of those without: computed here from the tables, apart from the app's code. Counted, the
    grants of four new partnerships with no one trained raised the state's $3,140 per participant to $3,170 (a
    staffer's SQL)."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("""
            with granted as (select partnership_id, sum(amount_usd) as dollars from grants
                             where year(start_date) between 2015 and 2025 and amount_usd > 0 group by all),
                 people as (select partnership_id, count(*) as exiters, count(*) filter (where completed) as completers
                            from participants where year(exited_on) between 2015 and 2025 group by all)
            select sum(dollars) filter (where exiters > 0) / sum(exiters),
                   sum(dollars) filter (where completers > 0) / sum(completers),
                   count(*) filter (where exiters > 0), count(*) filter (where coalesce(exiters, 0) = 0),
                   sum(dollars) filter (where coalesce(exiters, 0) = 0)
            from granted left join people using (partnership_id)""").fetchone()


def test_a_sectors_earnings_return_counts_its_funded_partnerships_alone(demo_db, monkeypatch):
    """Transportation & Logistics read "$3.2M · $9.60 per grant $": its grants of 2015–2025 against the gains of its
    partnerships without a grant then too ($2.05 from the funded ones, a reviewer's SQL; $2.44 without the $52,500 of
    P016, a new partnership with no completer yet, a staffer's SQL). The title, the caption and the file say who is
    left out."""
    files = recorded_csv_downloads(monkeypatch)
    at = open_page(PAGE, demo_db, monkeypatch, tab="Earnings return")
    gain = next(trace for trace in earnings_figure(at)["data"] if trace["name"] == "Earnings gain")
    labels = dict(zip(gain["y"], gain["text"], strict=True))
    assert next(text for name, text in labels.items() if name.startswith("Transportation & Logistics")).endswith(
        "$2.44 per grant $")
    assert any(title.startswith("Annual earnings gain against grant dollars by sector (2015–2025; 25 partnerships "
                                "without a grant left out; $343K to 4 partnerships with no completer yet left out)")
               for title in charts_of(at)), list(charts_of(at))
    assert any("By sector, the completers of the 47 partnerships with a grant started in 2015–2025; 4,717 completers "
               "of 25 partnerships without a grant in those years left out; $343K to 4 partnerships with no completer "
               "yet left out." in caption.value for caption in at.caption), [c.value for c in at.caption]
    assert ("Completers (exited in 2015–2025, of the partnerships with a grant then; 25 partnerships without one "
            "left out)") in files["earnings-return-by-sector.csv"].columns


def test_the_charts_per_year_span_the_years_chosen(tiny_db, monkeypatch):
    """The tiny state's years run 2015–2019; its grants started in 2016 and 2017, its one change in 2018: each chart
    per year spans 2015–2019, where a year without an entry is a true 0 (the axes stopped at the years with data)."""
    at = open_page(PAGE, tiny_db, monkeypatch)
    charts = charts_of(at) | charts_of(open_tab(at, PAGE, "Systems change"))
    for start in ("Grant dollars by start year", "Systems changes per year"):
        figure = next(figure for title, figure in charts.items() if title.startswith(start))
        assert figure["layout"]["xaxis"]["range"] == [2014.5, 2019.5], start


def test_a_grid_column_of_words_alone_is_text_not_a_number_column(tiny_db, monkeypatch):
    """?years=2005-2010 on the demo: every row's participants, completers and dollars per person read "not on record"
    in columns formatted as numbers, and each cell carried a red error mark (a reviewer). The tiny state's exits run
    2017–2019: 2015–2016 is the same case."""
    import json

    at = open_page(PAGE, tiny_db, monkeypatch, years="2015-2016")
    frame = next(frame for frame in at.dataframe if "empty_because" in json.loads(frame.proto.columns))
    config = json.loads(frame.proto.columns)
    for column in ("participants", "completers", "cost_per_exiter", "cost_per_completer"):
        assert set(frame.value[column]) == {"not on record"}, column
        assert config[column].get("type_config", {}).get("type") != "number", column
    assert config["grant_dollars"]["type_config"]["type"] == "number"  # numbers keep their format
    within = open_page(PAGE, tiny_db, monkeypatch)
    config = json.loads(next(frame for frame in within.dataframe
                             if "empty_because" in json.loads(frame.proto.columns)).proto.columns)
    assert config["participants"]["type_config"] == {"type": "number", "format": "%,d"}


@pytest.mark.parametrize(("params", "participants_line"), [
    ({}, "n = 4 exiters (wherever they live) of the 2 partnerships funded in 2017–2019 (the years with exits on "
         "record) · divides $500K of the $600K in grants · small n: read with care"),
    ({"sector": "MFG"}, "n = 1 exiter (wherever they live) of this partnership · small n: read with care · grants and "
                        "exits of 2017–2019, the years with exits on record")])
def test_the_n_lines_say_the_years_counted_once(tiny_db, monkeypatch, params, participants_line):
    """The years chosen (2015–2019) reach past the exits on record (2017–2019): the n line under the per-person cards
    read "n = 4 exiters of the 2 partnerships funded in 2017–2019 · small n: read with care · grants and exits of
    2017–2019, the years with exits on record", the years twice."""
    for path in (PAGE, "app.py"):
        at = open_page(path, tiny_db, monkeypatch, **params)
        lines = [caption.value for caption in at.caption if caption.value.startswith("n = ")
                 and "exits on record" in caption.value]
        assert participants_line in lines, lines
        assert lines and all(line.count("2017–2019") == 1 for line in lines), lines
