"""The presentation's last slide (Sources and definitions) lists every published figure the slides cite."""

from __future__ import annotations

import pytest
from page_support import open_page

from sectorscope.export import content
from sectorscope.present import headlines
from sectorscope.ui.present import SLIDE


def test_the_presentations_sources_slide_lists_every_figure_of_each_source(demo_db, monkeypatch):
    at = open_page("app.py", demo_db, monkeypatch, present="1")
    while not at.button(key="present-next").disabled:
        at.button(key="present-next").click().run()
    assert not at.exception
    assert at.session_state[SLIDE] > 0
    shown = " ".join(block.value for block in at.markdown)
    assert "**Data**" in shown and "**View**" in shown  # the sources slide
    # the four shares the Massachusetts evaluation published, each on the slide (one per source was kept before)
    for text in ("41% of employers reported reduced turnover", "19% reported less rework",
                 "23% reported fewer customer complaints", "100% of companies valued partnering"):
        assert text in shown, text
    # what published figures are, as the deck's sources slide says before listing them (left out: a convener)
    assert content.PUBLISHED_FOR_ORIENTATION in shown
    # the words of the trade its slides use, in plain words, as the deck's sources slide says them
    assert "Words used: exiters, people who left a program" in shown and "leverage, non-state dollars" in shown
    # the notice is drawn as large as the slide counter (an HTML block, not Markdown)
    assert any(content.DEMO_NOTICE in block.proto.body for block in at.get("html"))


def test_no_one_pager_of_a_place_for_one_partnership(demo_db, monkeypatch):
    # with a partnership open and one region chosen, the one-pager was titled after the region and showed only that
    # partnership's figures, its "Partnerships in view" tile reading "no data"; the command line refuses it too
    def one_pager(at):
        return next(button for button in at.get("download_button") if button.proto.label == "One-pager (PDF)")

    profile = open_page("pages/1_Partnerships.py", demo_db, monkeypatch, partnership="P001", region="R04")
    assert one_pager(profile).proto.disabled
    # said in a caption everyone reads (a tooltip on a disabled button is never opened from the keyboard)
    assert any("close the partnership" in caption.value for caption in profile.sidebar.caption)
    region = open_page("app.py", demo_db, monkeypatch, region="R04")
    assert not one_pager(region).proto.disabled


def slide_words(at) -> str:
    """Every text the slide shows (Markdown, captions)."""
    return " ".join([block.value for block in at.markdown] + [caption.value for caption in at.caption])


def test_staff_slides_say_they_are_for_use_inside_the_state_as_the_deck_does(demo_db, monkeypatch):
    """The presented slides lacked the staff deck's "Staff figures: small groups' figures unhidden. For use inside
    the state" on their title and sources pages (a reviewer): the same words (``content.staff_use``)."""
    at = open_page("pages/1_Partnerships.py", demo_db, monkeypatch, present="1", partnership="P001")
    assert at.session_state[SLIDE] == 0 and content.STAFF_USE_ONE in slide_words(at)  # the title slide
    at.session_state[SLIDE] = 99  # the last slide: the sources
    at.run()
    assert "**Data**" in slide_words(at) and content.STAFF_USE_ONE in slide_words(at)
    state = open_page("app.py", demo_db, monkeypatch, present="1")  # every partnership: the longer words
    assert content.STAFF_USE in slide_words(state)


def test_public_slides_state_the_public_rule_and_not_the_staff_words(demo_db, monkeypatch):
    at = open_page("pages/0_Showcase.py", demo_db, monkeypatch, mode="public", present="1")
    at.session_state[SLIDE] = 99
    at.run()
    words = slide_words(at)
    assert "**Data**" in words and "Public view: every figure resting on fewer than 10" in words
    assert "Staff figures" not in words


def test_every_chart_slide_is_said_in_words_and_drawn_in_readable_colours(demo_db, monkeypatch):
    """The slides' charts had no text alternative and drew their ticks and labels in Streamlit's grey, 3.7:1 (an
    accessibility reviewer): each now has its summary before it, and its text the pages' label colour."""
    import json

    from sectorscope.charts import style

    at = open_page("pages/1_Partnerships.py", demo_db, monkeypatch, present="1", partnership="P001")
    charts = 0
    while True:
        for chart in at.get("plotly_chart"):
            charts += 1
            figure = json.loads(chart.proto.spec)
            summaries = [block.proto.body for block in at.get("html") if 'class="sectorscope-sr"' in block.proto.body]
            assert summaries and "no values shown" not in summaries[-1].lower(), summaries
            # and every value, not the highest and the lowest alone (an accessibility reviewer): each category's
            trace = figure["data"][0]
            categories = trace["y"] if trace.get("orientation") == "h" else trace["x"]
            said = summaries[-1].partition("Every value: ")[2]
            assert said.count("; ") + 1 == len(categories), summaries[-1]
            layout = figure["layout"]
            axes = [layout[name] for name in layout if name.startswith(("xaxis", "yaxis"))]
            assert axes and all(axis["tickfont"]["color"] == style.LABEL_TEXT for axis in axes)
            assert all(trace["textfont"]["color"] == style.LABEL_TEXT for trace in figure["data"])
            assert style.contrast_ratio(style.LABEL_TEXT, style.WHITE) >= 4.5
        if at.button(key="present-next").disabled:
            break
        at.button(key="present-next").click().run()
    assert charts >= 3


def test_a_partnership_not_cleared_for_public_display_is_said_on_its_slides_and_profile(demo_db, monkeypatch):
    """P026 (the demo's) has not agreed to be shown in public: its title slide says so in a warning (not small print)
    and its profile too; P001 (public) shows neither."""
    at = open_page("pages/1_Partnerships.py", demo_db, monkeypatch, present="1", partnership="P026")
    assert at.session_state[SLIDE] == 0
    assert [warning.value for warning in at.warning if content.STAFF_USE_NOT_PUBLIC in warning.value]
    profile = open_page("pages/1_Partnerships.py", demo_db, monkeypatch, partnership="P026")
    assert any(headlines.NOT_PUBLIC in warning.value for warning in profile.warning)
    public_one = open_page("pages/1_Partnerships.py", demo_db, monkeypatch, partnership="P001")
    assert not any(headlines.NOT_PUBLIC in warning.value for warning in public_one.warning)


def test_every_presented_charts_words_name_the_chart_never_untitled(demo_db, monkeypatch):
    """A screen reader heard "Chart: untitled" on every chart slide (a keyboard reviewer)."""
    at = open_page("pages/1_Partnerships.py", demo_db, monkeypatch, present="1", partnership="P001")
    said = []
    for number in range(1, 14):
        at.session_state[SLIDE] = number
        at.run()
        said += [str(element.proto.body) for element in at.get("html") if "Chart:" in str(element.proto.body)]
    assert len(said) >= 3, said
    assert not [words for words in said if "untitled" in words]


def test_a_public_partnerships_profile_offers_its_public_deck_to_share(demo_db, monkeypatch):
    """The staff deck says the public Showcase's figures are the ones to share, and the Showcase offers no
    partnership (a convener): a public partnership's profile offers the release's slides of it, read back here as
    the command line's public deck of it; one not cleared for public display offers none."""
    import io

    from pptx import Presentation

    from sectorscope import db
    from sectorscope.ui.present import _public_partnership_deck

    def public_deck(at):
        return [button for button in at.get("download_button") if button.proto.label.startswith("Public deck")]

    profile = open_page("pages/1_Partnerships.py", demo_db, monkeypatch, partnership="P001")
    assert len(public_deck(profile)) == 1
    assert public_deck(open_page("pages/1_Partnerships.py", demo_db, monkeypatch, partnership="P026")) == []
    assert public_deck(open_page("app.py", demo_db, monkeypatch)) == []  # no partnership open: the Showcase's own
    data = _public_partnership_deck(str(demo_db), "P001")
    with db.connect_read_only(demo_db) as con:
        name = db.run_query(con, "partnership_choices", public_only=True).set_index("partnership_id").at["P001", "name"]
    text = "\n".join(shape.text_frame.text for slide in Presentation(io.BytesIO(data)).slides
                     for shape in slide.shapes if shape.has_text_frame)
    assert name in text  # its own slides, not another cell's
    assert not [words for words in (content.STAFF_USE, content.STAFF_USE_ONE, content.STAFF_USE_NOT_PUBLIC)
                if words[:40] in text]  # no staff figures' notice: the release's slides
    with pytest.raises(ValueError, match="No public partnership P026"):  # never another cell's slides instead
        _public_partnership_deck(str(demo_db), "P026")
