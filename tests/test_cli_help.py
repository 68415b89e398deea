"""The command line's help, as a CLI reviewer read it: every argument described, the options of ``export`` said per
kind, and ``--db``'s default as it really is (the active database of the data folder, not "data/sectorscope.duckdb")."""

from __future__ import annotations

from cli_support import run_cli


def test_help_says_what_each_option_is_for():
    templates = run_cli("templates", "--help")
    assert templates.returncode == 0 and "folder to write them into" in templates.stdout
    export = run_cli("export", "--help").stdout
    assert "deck only" in export and "takes no --partnership" in export and ".pdf for a one-pager" in export
    for command in (("industry",), ("export",), ("upgrade",)):
        shown = " ".join(run_cli(*command, "--help").stdout.split())
        assert "the active database of the data folder" in shown and "$SECTORSCOPE_DB or data/" not in shown
    load = " ".join(run_cli("load", "--help").stdout.split())
    assert "state.duckdb in the same folder, made the active database" in load
