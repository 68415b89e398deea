"""A link's values echoed in a page's notices are literal text: "?partnership=[Sign in](https://evil.example)" drew
a working link to another site on the public Showcase, and "![x](https://evil.example/t.png)" made every visitor's
browser fetch a picture from it (a deployment reviewer)."""

from __future__ import annotations

import re

from page_support import open_page

from sectorscope.present.formatting import as_markdown_text

LINK_OR_PICTURE = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(")  # [words](address) or ![words](address), unescaped
EVIL = "[**Staff: sign in again here**](https://evil.example/login)"


def test_markdown_punctuation_is_escaped():
    assert not LINK_OR_PICTURE.search(as_markdown_text(EVIL))
    assert not LINK_OR_PICTURE.search(as_markdown_text("![x](https://evil.example/t.png)"))
    assert as_markdown_text(":red[alarm] :material/warning:") == "\\:red\\[alarm\\] \\:material/warning\\:"
    assert as_markdown_text("Ignored unknown partnership 'XYZ' in the link") == (
        "Ignored unknown partnership 'XYZ' in the link")


def shown_notices(at) -> list[str]:
    return [caption.value for caption in at.caption if "material/info" in caption.value]


def test_the_public_showcase_writes_a_links_values_as_text(demo_db, monkeypatch):
    at = open_page("pages/0_Showcase.py", demo_db, monkeypatch, mode="public", partnership=EVIL,
                   years="![x](https://evil.example/t.png)", sector=EVIL)
    notices = shown_notices(at)
    assert len(notices) == 3 and all("evil" in notice for notice in notices)
    assert not any(LINK_OR_PICTURE.search(notice) for notice in notices), notices


def test_a_staff_page_writes_a_links_values_as_text(tiny_db, monkeypatch):
    at = open_page("app.py", tiny_db, monkeypatch, partnership=EVIL)
    notices = shown_notices(at)
    assert notices and not any(LINK_OR_PICTURE.search(notice) for notice in notices), notices


def test_slides_write_what_the_link_asked_for_as_text_and_staff_slides_say_it_too(demo_db, monkeypatch):
    """The title slide says what the link asked for and the slides leave out: public slides wrote it as Markdown (a
    partnership "[...](https://evil...)" drew a working link), staff slides of an unknown sector presented the whole
    state's without a word. A partnership the slides cannot present is refused in the same literal text."""
    for mode, page in (("public", "pages/0_Showcase.py"), ("staff", "app.py")):
        slides = open_page(page, demo_db, monkeypatch, mode=mode, sector=EVIL, present="1")
        said = [warning.value for warning in slides.warning if "sign in again" in warning.value]
        assert said and not any(LINK_OR_PICTURE.search(text) for text in said), (mode, said)
        refused = open_page(page, demo_db, monkeypatch, mode=mode, partnership=EVIL, present="1")
        said = [error.value for error in refused.error]
        assert said and "sign in again" in said[0] and not LINK_OR_PICTURE.search(said[0]), (mode, said)
