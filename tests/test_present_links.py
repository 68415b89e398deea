"""What a presentation's link says: the slide shown (a reload comes back to it), and a partnership it cannot
present refused with a choice, never the whole state's slides in its place."""

from __future__ import annotations

import pytest
from page_support import open_page

from sectorscope import db
from sectorscope.export import content
from sectorscope.present.formatting import as_markdown_text
from sectorscope.ui.menu import SHOWCASE
from sectorscope.ui.present import SLIDE, SLIDE_IN_LINK


def counters(at) -> list[str]:
    """The slide counters as shown ("3 / 12"): one on a slide."""
    return [block.proto.body.split(">")[1].split("<")[0].strip() for block in at.get("html")
            if block.proto.body.startswith('<div class="sectorscope-counter"')]


def in_link(at, name: str) -> str:
    """The link's one value of ``name`` (AppTest keeps a value set by the script as text, one set before as a list)."""
    value = at.query_params[name]
    return value if isinstance(value, str) else value[-1]


def counter(at) -> str:
    shown = counters(at)
    assert len(shown) == 1, shown
    return shown[0]


def test_the_link_names_the_slide_shown_and_a_new_session_opens_on_it(demo_db, monkeypatch):
    at = open_page("app.py", demo_db, monkeypatch, present="1", sector="HLTH")
    total = int(counter(at).split("/")[1])
    assert counter(at) == f"1 / {total}" and in_link(at, SLIDE_IN_LINK) == "1"
    at.button(key="present-next").click().run()
    at.button(key="present-next").click().run()
    assert counter(at) == f"3 / {total}" and in_link(at, SLIDE_IN_LINK) == "3"
    # a reload is a new session on that link: the third slide again (it went back to the first)
    again = open_page("app.py", demo_db, monkeypatch, present="1", sector="HLTH", slide="3")
    assert counter(again) == f"3 / {total}" and again.session_state[SLIDE] == 2
    assert not again.warning, [w.value for w in again.warning]  # "slide" is not an unknown filter of the view
    # the Exit link leads back to the view without the presentation's parameters
    exit_link = next(md.value for md in again.markdown if "Exit presentation" in md.value)
    assert exit_link.startswith('<a href="?sector=HLTH" target="_self"'), exit_link


def test_the_browsers_back_steps_back_a_slide(demo_db, monkeypatch):
    """Each slide shown is an entry of the browser's history: Back (a link changed under the session) went to no
    slide, the session writing its own slide back, once per slide seen (a code reviewer)."""
    at = open_page("app.py", demo_db, monkeypatch, present="1")
    for _ in range(3):
        at.button(key="present-next").click().run()
    assert counter(at).startswith("4 / ")
    at.query_params[SLIDE_IN_LINK] = "3"  # as the browser's Back leaves the link
    at.run()
    assert counter(at).startswith("3 / ") and in_link(at, SLIDE_IN_LINK) == "3"
    at.button(key="present-next").click().run()  # and Next goes on from there
    assert counter(at).startswith("4 / ") and in_link(at, SLIDE_IN_LINK) == "4"


@pytest.mark.parametrize("shown", ["0", "-2", "x", "999", "²", "1" * 5000])
def test_a_slide_number_outside_the_slides_opens_the_nearest(demo_db, monkeypatch, shown):
    at = open_page("app.py", demo_db, monkeypatch, present="1", slide=shown)
    first, total = (int(part) for part in counter(at).split(" / "))
    assert first == (total if shown == "999" else 1) and not at.exception
    assert in_link(at, SLIDE_IN_LINK) == str(first)


def test_a_staff_link_to_an_unknown_partnership_presents_nothing_in_its_place(demo_db, monkeypatch):
    """"?partnership=P999&present=1" presented the whole state's slides, one line on the title slide saying the
    partnership was ignored: a meeting read the state's figures as its partnership's (a convener)."""
    at = open_page("app.py", demo_db, monkeypatch, present="1", partnership="P999", sector="HLTH")
    assert not at.exception
    assert [error.value for error in at.error] == [as_markdown_text(
        "This link asks for partnership 'P999', and there is none by that ID in this data. Nothing is presented "
        "in its place.")]
    assert not counters(at)  # no slide shown
    assert any(content.DEMO_NOTICE in block.proto.body for block in at.get("html"))  # the demo's names offered
    links = " ".join(md.value for md in at.markdown)
    assert "?sector=HLTH&amp;present=1" in links and ">Present without a partnership<" in links
    assert "?sector=HLTH\" target" in links and "Exit presentation" in links
    chooser = at.selectbox(key="present-choose-partnership")
    with db.connect_read_only(demo_db) as con:
        every = db.run_query(con, "partnership_choices", public_only=False)
    assert chooser.options == [f"{row.name} ({row.partnership_id})" for row in every.itertuples()]
    assert chooser.label == f"Present one of the {len(every)} partnerships instead" and chooser.value is None
    chooser.set_value("P005").run()  # chosen: that partnership's slides, from the first
    assert in_link(at, "partnership") == "P005" and not at.error
    assert counter(at).startswith("1 / ")
    assert "# Lancaster Area Information Technology Workforce Collaborative" in [md.value for md in at.markdown]


@pytest.mark.parametrize("asked", ["P2", "P9"])  # P2 is not public, P9 unknown: said in the same words
def test_a_public_link_to_a_partnership_it_cannot_show_presents_nothing_in_its_place(tiny_db, monkeypatch, asked):
    """Public mode, "/Showcase?partnership=P2&present=1": the whole state's slides came up, one warning on the title
    slide. Refused alike for a partnership not public and one unknown, so that neither tells which exist; the public
    partnerships offered instead."""
    at = open_page(SHOWCASE, tiny_db, monkeypatch, mode="public", partnership=asked, present="1")
    assert [error.value for error in at.error] == [as_markdown_text(
        f"This link asks for public partnership '{asked}', and there is none by that ID among the public figures. "
        "Nothing is presented in its place.")]
    assert not counters(at)
    chooser = at.selectbox(key="present-choose-partnership")
    offered = [label.rsplit(" (", 1)[1].rstrip(")") for label in chooser.options]
    assert offered and "P2" not in offered  # only the public ones
    chooser.set_value(offered[0]).run()
    assert not at.error and counter(at).startswith("1 / ")
    assert in_link(at, "partnership") == offered[0]


@pytest.mark.parametrize("asked", [["P005", "P999"], ["P999", "P999"], ["P005", ""]])
def test_a_staff_link_repeating_a_partnership_it_cannot_present_is_refused(demo_db, monkeypatch, asked):
    """Staff slides take the last value given: "partnership=P005&partnership=P999" presented the whole state (a code
    reviewer); the value refused is the one read (not P005 where the last is empty: another reviewer)."""
    at = open_page("app.py", demo_db, monkeypatch, present="1", link={"partnership": asked})
    assert not counters(at) and len(at.error) == 1 and f"'{asked[-1]}'" in at.error[0].value
    assert "P005" not in at.error[0].value


@pytest.mark.parametrize("asked", [[" P1"], ["P1", "P1"], ["", "P2"]])
def test_a_public_link_to_a_partnership_as_the_release_cannot_read_it_is_refused(tiny_db, monkeypatch, asked):
    """The release reads one non-empty value as written: " P1" (a space), "P1" twice and an empty value before a
    partnership not public all presented the whole state (a code reviewer)."""
    at = open_page(SHOWCASE, tiny_db, monkeypatch, mode="public", present="1", link={"partnership": asked})
    assert not counters(at) and len(at.error) == 1
    assert ("slides present one at a time" in at.error[0].value) == (len([a for a in asked if a]) > 1)


def test_a_public_link_to_one_public_partnership_presents_it(tiny_db, monkeypatch):
    at = open_page(SHOWCASE, tiny_db, monkeypatch, mode="public", present="1", partnership="P1")
    assert not at.error and counter(at).startswith("1 / ")
