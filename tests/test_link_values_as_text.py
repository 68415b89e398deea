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
