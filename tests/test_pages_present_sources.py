"""The presentation's last slide (Sources and definitions) lists every published figure the slides cite."""

from __future__ import annotations

from page_support import open_page

from sectorscope.export import content
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
