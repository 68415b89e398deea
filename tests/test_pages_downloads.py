"""Every download on every page leaves the page as it is: a click does not rerun it (``on_click="ignore"``). A
download changes nothing a page shows, and a click that also reran the page raced its own download: the rerun
dropped the deferred download the click was about to make (Streamlit's documentation warns of the race), so now and
then nothing came."""

from __future__ import annotations

import ast
from pathlib import Path

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


def test_every_download_button_in_the_code_ignores_the_click():
    """Also the downloads a page shows only after a choice (a table opened, a partnership chosen, a validation
    report): every ``download_button`` call in the app passes ``on_click="ignore"``."""
    root = Path(__file__).resolve().parents[1]
    calls = []
    for path in [root / "app.py", *(root / "pages").glob("*.py"), *(root / "sectorscope").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "download_button":
                ignores = any(keyword.arg == "on_click" and isinstance(keyword.value, ast.Constant)
                              and keyword.value.value == "ignore" for keyword in node.keywords)
                calls.append((f"{path.relative_to(root)}:{node.lineno}", ignores))
    assert len(calls) >= 7
    assert [where for where, ignores in calls if not ignores] == []


def test_csv_downloads_leave_out_binary_noise_and_keep_cents():
    import pandas as pd

    from sectorscope.ui.render import csv_bytes

    frame = pd.DataFrame({"gain": [2.2399999999999984, None], "change": [-0.14200000000000002, 0.0],
                          "dollars": [12_345_678_901.25, 7.0], "n": [3, 0],
                          "share": [0.9100000000000019, 0.1700000000000018]})  # a reviewer's CSV: 0.910000000000002
    assert csv_bytes(frame).decode() == ("gain,change,dollars,n,share\n2.24,-0.142,12345678901.25,3,0.91\n"
                                         ",0,7,0,0.17\n")


def test_numbers_beside_words_in_a_csv_column_keep_twelve_digits_too():
    """The funding CSV's "$ per exiter" read 9135.838150289017 where two rows read "not on record" (a reviewer:
    the column is of words and numbers, and only columns of numbers were rounded)."""
    import pandas as pd

    from sectorscope.ui.render import csv_bytes

    frame = pd.DataFrame({"per_participant": [9135.838150289017, "not on record", 2.2399999999999984, None, 12],
                          "n": [1, 2, 3, 4, 5]})
    assert csv_bytes(frame).decode() == "per_participant,n\n9135.83815029,1\nnot on record,2\n2.24,3\n,4\n12,5\n"
    # a whole number as a column of numbers writes it (it read 1250.0)
    assert csv_bytes(pd.DataFrame({"x": [1250.0, "none"], "n": [1, 2]})).decode() == "x,n\n1250,1\nnone,2\n"
