"""Every download on every page leaves the page as it is: a click does not rerun it (``on_click="ignore"``). A
download changes nothing a page shows, and a click that also reran the page raced its own download: the rerun's end
dropped the file the click had just made (Streamlit's documentation warns of it), so now and then nothing came."""

from __future__ import annotations

import pytest
from page_support import open_page

from sectorscope.ui.menu import PAGES


@pytest.mark.parametrize("path", [page.path for page in PAGES if "staff" in page.modes])
def test_no_download_reruns_its_page(path, tiny_db, monkeypatch):
    at = open_page(path, tiny_db, monkeypatch)
    buttons = at.get("download_button")
    assert buttons, f"{path} shows no download to check"
    rerunning = [button.proto.label for button in buttons if not button.proto.ignore_rerun]
    assert rerunning == [], f"{path}: these downloads rerun the page"


def test_no_download_reruns_the_public_showcase(tiny_db, monkeypatch):
    at = open_page("pages/0_Showcase.py", tiny_db, monkeypatch, mode="public")
    buttons = at.get("download_button")
    assert buttons and all(button.proto.ignore_rerun for button in buttons)
