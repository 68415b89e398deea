"""The page-test helper shares one component scan per process, as the server does (see ``page_support``)."""

from __future__ import annotations

from page_support import component_registry, open_page, script_cache
from streamlit.components.v2 import manifest_scanner
from streamlit.runtime.scriptrunner import magic

from sectorscope.ui import setup
from sectorscope.ui.menu import entry_of


def test_new_app_tests_do_not_scan_the_installed_packages_again(tiny_db, monkeypatch):
    component_registry()  # the one scan of this process, if no test made it yet
    scans = []
    scan = manifest_scanner.scan_component_manifests
    monkeypatch.setattr(manifest_scanner, "scan_component_manifests", lambda *a, **k: scans.append(1) or scan(*a, **k))
    first = open_page("app.py", tiny_db, monkeypatch)
    second = open_page("pages/1_Partnerships.py", tiny_db, monkeypatch)
    assert first.title and second.title
    assert scans == []  # an AppTest left to itself scans before its first run: this fails if it no longer reads ours


def test_a_page_opens_by_itself_as_from_a_link(tiny_db, monkeypatch):
    """Only the page's own script runs (as when a visitor follows a link to it), not the Overview first."""
    runs = []
    real = setup.entry_of  # page_setup looks up the calling script's entry once per run of a script
    monkeypatch.setattr(setup, "entry_of", lambda script: runs.append(script) or real(script))
    at = open_page("pages/3_Worker_outcomes.py", tiny_db, monkeypatch, sector="MFG")
    assert [title.value for title in at.title] == [entry_of("pages/3_Worker_outcomes.py").title]
    assert at.multiselect(key="sectors").value == ["MFG"]
    assert [path.rsplit("/", 2)[-2:] for path in runs] == [["pages", "3_Worker_outcomes.py"]]


def test_runs_share_the_compiled_scripts(tiny_db, monkeypatch):
    compiled = []
    real = magic.add_magic  # Streamlit rewrites a script (its "magic") just before compiling it
    monkeypatch.setattr(magic, "add_magic", lambda body, path: compiled.append(path) or real(body, path))
    script_cache().clear()
    open_page("pages/1_Partnerships.py", tiny_db, monkeypatch)
    open_page("pages/1_Partnerships.py", tiny_db, monkeypatch, sector="MFG")
    assert sorted(path.rsplit("/", 1)[-1] for path in compiled) == ["1_Partnerships.py", "app.py"]
