"""The page-test helper shares one component scan per process, as the server does (see ``page_support``)."""

from __future__ import annotations

from page_support import component_registry, open_page
from streamlit.components.v2 import manifest_scanner


def test_new_app_tests_do_not_scan_the_installed_packages_again(tiny_db, monkeypatch):
    component_registry()  # the one scan of this process, if no test made it yet
    scans = []
    scan = manifest_scanner.scan_component_manifests
    monkeypatch.setattr(manifest_scanner, "scan_component_manifests", lambda *a, **k: scans.append(1) or scan(*a, **k))
    first = open_page("app.py", tiny_db, monkeypatch)
    second = open_page("pages/1_Partnerships.py", tiny_db, monkeypatch)
    assert first.title and second.title
    assert scans == []  # an AppTest left to itself scans before its first run: this fails if it no longer reads ours
