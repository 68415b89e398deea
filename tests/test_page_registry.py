"""The page registry (ui.menu.PAGES) is the one place a page's label, icon and title live: every page script is in
it, no page writes its own label or icon, and what a page shows as its title is the registry's."""

from __future__ import annotations

import ast

import pytest
from page_support import app_test

from sectorscope.config import PROJECT_ROOT
from sectorscope.ui.menu import PAGES, entry_of


def string_constants(source: str) -> list[str]:
    """Every string literal in a script's source, f-string parts included."""
    tree = ast.parse(source)
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_every_page_script_is_in_the_registry():
    scripts = {"app.py"} | {f"pages/{path.name}" for path in (PROJECT_ROOT / "pages").glob("*.py")}
    assert scripts == {page.path for page in PAGES}
    assert len({page.label for page in PAGES}) == len(PAGES), "two pages with one label"


@pytest.mark.parametrize("page", PAGES, ids=[page.path for page in PAGES])
def test_no_page_writes_its_own_label_icon_or_title(page):
    written = set(string_constants((PROJECT_ROOT / page.path).read_text()))
    assert not written & {page.label, page.icon, page.title}, f"{page.path} repeats what ui.menu.PAGES holds"


def test_the_scan_finds_a_repeated_label_icon_or_title():
    data = entry_of("pages/6_Data.py")
    source = 'page = page_setup("Data", ":material/database:")\nst.title("Your data")\n'
    assert {data.label, data.icon, data.title} <= set(string_constants(source))


def test_an_unregistered_script_is_refused():
    with pytest.raises(LookupError, match=r"not in ui\.menu\.PAGES"):
        entry_of("pages/9_Nowhere.py")


@pytest.mark.parametrize("path", ["app.py", "pages/1_Partnerships.py", "pages/6_Data.py"])
def test_the_title_on_screen_is_the_registry_s(path, tiny_db, monkeypatch):
    monkeypatch.setenv("SECTORSCOPE_DB", str(tiny_db))
    monkeypatch.setenv("SECTORSCOPE_MODE", "staff")
    at = app_test(timeout=90)
    at.run()
    if path != "app.py":
        at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [title.value for title in at.title] == [entry_of(path).title]
