"""deploy/replicas.py refuses to serve the staff pages to a network with no sign-in (the README's ``--host 0.0.0.0``
did, in staff mode by default: a reviewer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy.replicas import main, open_staff_refusal


@pytest.mark.parametrize(("host", "mode", "secrets", "allowed", "refused"), [
    ("0.0.0.0", "staff", None, False, True),
    ("10.0.0.5", "staff", None, False, True),
    ("127.0.0.1", "staff", None, False, False),  # this machine only
    ("0.0.0.0", "public", None, False, False),  # the showcase alone
    ("0.0.0.0", "staff", Path("secrets.toml"), False, False),  # staff sign in
    ("0.0.0.0", "staff", None, True, False),  # said on purpose
])
def test_open_staff_pages_are_refused_unless_local_public_signed_in_or_said(host, mode, secrets, allowed, refused):
    assert bool(open_staff_refusal(host, mode, secrets, allowed)) is refused


def test_the_command_stops_before_starting_anything(capsys, monkeypatch):
    monkeypatch.delenv("SECTORSCOPE_MODE", raising=False)
    with pytest.raises(SystemExit) as stopped:
        main(["--host", "0.0.0.0", "--port", "1"])
    assert stopped.value.code == 2
    assert "--mode public" in capsys.readouterr().err
