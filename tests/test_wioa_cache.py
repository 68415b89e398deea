"""The WIOA table is counted once per database version and selection: a rerun with the same selection reads it from
Streamlit's cache. Counted, not timed (speed is measured in benchmarks/bench_wioa.py)."""

from __future__ import annotations

from page_support import open_page, open_tab
from tiny_workers import wioa_db  # noqa: F401  (fixture)

from sectorscope.metrics import wioa

PAGE = "pages/3_Worker_outcomes.py"


def test_a_rerun_with_the_same_selection_does_not_compute_the_wioa_table_again(wioa_db, monkeypatch):  # noqa: F811
    computed = []
    real = wioa.wioa_indicators_of_counts

    def counted(*args, **kwargs):
        if not kwargs["by_partnership"]:  # the selection as a whole; then each partnership, in the same computation
            computed.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(wioa, "wioa_indicators_of_counts", counted)  # the real function, counted
    at = open_page(PAGE, wioa_db, monkeypatch, tab="WIOA indicators")
    assert len(computed) == 1
    at.run()  # a rerun, same selection
    open_tab(at, PAGE, "For whom")  # another tab, and back: the table is not computed again
    open_tab(at, PAGE, "WIOA indicators")
    assert len(computed) == 1
    at.selectbox(key="worker_partnership").set_value("P1").run()  # another selection: computed for it
    assert not at.exception and len(computed) == 2
    at.selectbox(key="worker_partnership").set_value(None).run()  # back to the first: cached still
    assert not at.exception and len(computed) == 2
