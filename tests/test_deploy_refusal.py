"""deploy/replicas.py refuses to serve the staff pages to a network with no sign-in (the README's ``--host 0.0.0.0``
did, in staff mode by default: a reviewer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy import replicas
from deploy.replicas import PROJECT_ROOT, default_secrets_files, main, open_staff_refusal

SIGN_IN = '[auth]\nredirect_uri = "https://dash.example.gov/oauth2callback"\ncookie_secret = "x"\n'


@pytest.mark.parametrize(("host", "mode", "secrets", "allowed", "refused"), [
    ("0.0.0.0", "staff", None, False, True),
    ("10.0.0.5", "staff", None, False, True),
    ("127.0.0.1", "staff", None, False, False),  # this machine only
    ("0.0.0.0", "public", None, False, False),  # the showcase alone
    ("0.0.0.0", "staff", SIGN_IN, False, False),  # staff sign in
    ("0.0.0.0", "staff", None, True, False),  # said on purpose
    # a mistyped path, or a file without [auth], let anyone have the staff pages (a deployment reviewer)
    ("0.0.0.0", "staff", "absent", False, True),
    ("0.0.0.0", "staff", "[staff]\nemails = []\n", False, True),
    ("0.0.0.0", "staff", "not = [toml", False, True),
])
def test_open_staff_pages_are_refused_unless_local_public_signed_in_or_said(host, mode, secrets, allowed, refused,
                                                                           tmp_path):
    path = None
    if secrets is not None:
        path = tmp_path / "secrets.toml"
        if secrets != "absent":
            path.write_text(secrets)
    no_defaults = [tmp_path / "home" / "secrets.toml", tmp_path / "project" / "secrets.toml"]  # neither there
    assert bool(open_staff_refusal(host, mode, path, allowed, no_defaults)) is refused


@pytest.mark.parametrize(("home", "project", "refused"), [
    (None, SIGN_IN, False), (SIGN_IN, None, False), (None, None, True), ("[staff]\nemails = []\n", None, True)])
def test_without_secrets_the_places_streamlit_reads_count(home, project, refused, tmp_path):
    """An [auth] in the project's .streamlit/secrets.toml, which every replica reads when --secrets is not given, was
    refused: the guard looked only at --secrets (a deployment reviewer)."""
    defaults = [tmp_path / "home" / "secrets.toml", tmp_path / "project" / "secrets.toml"]
    for path, text in zip(defaults, (home, project), strict=True):
        if text is not None:
            path.parent.mkdir()
            path.write_text(text)
    refusal = open_staff_refusal("0.0.0.0", "staff", None, False, defaults)
    assert bool(refusal) is refused
    if refused:  # the refusal names the files it looked at
        assert all(str(path) in refusal for path in defaults)


def test_the_places_looked_at_are_streamlits_own(monkeypatch):
    """A replica runs ``streamlit run app.py`` in the project folder without --secrets.files: the guard looks where
    Streamlit then reads its secrets."""
    from streamlit import config as streamlit_config

    monkeypatch.chdir(PROJECT_ROOT)  # a replica's working folder
    assert default_secrets_files() == [Path(path) for path in streamlit_config.get_config_files("secrets.toml")]


def test_the_proxy_passes_the_host_with_its_port():
    """nginx's $host drops the port: Streamlit's origin check then refused the websocket of every visitor on another
    machine (a blank page at http://server:8080/; a deployment reviewer)."""
    template = (Path(__file__).resolve().parents[1] / "deploy" / "nginx.conf.template").read_text()
    assert "proxy_set_header Host $http_host;" in template and "proxy_set_header Host $host;" not in template


def test_the_command_stops_before_starting_anything(capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("SECTORSCOPE_MODE", raising=False)
    # no sign-in where Streamlit would find one on this machine either
    monkeypatch.setattr(replicas, "default_secrets_files", lambda: [tmp_path / "secrets.toml"])
    with pytest.raises(SystemExit) as stopped:
        main(["--host", "0.0.0.0", "--port", "1"])
    assert stopped.value.code == 2
    assert "--mode public" in capsys.readouterr().err


def test_the_static_folder_nginx_serves_is_this_users_own_and_closed(tmp_path, monkeypatch):
    """The precompressed front end lies in the system's temporary folder, which every user may write to, and nginx
    serves its scripts to every visitor: a folder of that name left writable by others, or planted as a link, was
    used (and the link's target given mode 0755). Refused, with what to do; a folder of this user's own is used."""
    import stat

    opened = tmp_path / "opened"
    opened.mkdir()
    opened.chmod(0o777)
    with pytest.raises(replicas.UnsafeStaticFolder, match="Remove it"):
        replicas.precompress_static(opened)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(elsewhere)
    with pytest.raises(replicas.UnsafeStaticFolder, match="a link"):
        replicas.precompress_static(tmp_path / "link")
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o700  # not made readable through the link
    own = tmp_path / "own"
    served = replicas.precompress_static(own)
    assert served.parent == own and any(served.rglob("*.js.gz"))
    assert replicas.precompress_static(own) == served  # made once
    served.chmod(0o777)  # the copy itself left writable by others
    with pytest.raises(replicas.UnsafeStaticFolder):
        replicas.precompress_static(own)


@pytest.mark.parametrize(("named", "home", "refused"), [
    ("[staff]\nemails = []\n", SIGN_IN, True),  # passed: ~/.streamlit had a sign-in the replicas never read
    (SIGN_IN, None, False),  # refused: the sign-in they read was not looked at
])
def test_streamlit_secrets_files_in_the_environment_is_where_the_replicas_look(named, home, refused, tmp_path,
                                                                               monkeypatch):
    """STREAMLIT_SECRETS_FILES names the secrets every ``streamlit run`` (each replica inherits the environment)
    reads instead of ~/.streamlit and the project's .streamlit (a reviewer): the guard looks there too."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if home is not None:
        (tmp_path / "home" / ".streamlit").mkdir(parents=True)
        (tmp_path / "home" / ".streamlit" / "secrets.toml").write_text(home)
    named_path = tmp_path / "named" / "secrets.toml"
    named_path.parent.mkdir()
    named_path.write_text(named)
    monkeypatch.setenv("STREAMLIT_SECRETS_FILES", str(named_path))
    if (PROJECT_ROOT / ".streamlit" / "secrets.toml").exists():
        pytest.skip("this checkout has its own .streamlit/secrets.toml")
    assert bool(open_staff_refusal("0.0.0.0", "staff", None, False)) is refused


def test_a_folder_of_secrets_signs_in_with_an_auth_folder(tmp_path):
    """Streamlit also reads a folder of secrets (a folder per table, as Kubernetes mounts them)."""
    (tmp_path / "staff").mkdir()
    assert open_staff_refusal("0.0.0.0", "staff", tmp_path, False)
    (tmp_path / "auth").mkdir()
    (tmp_path / "auth" / "redirect_uri").write_text("https://dash.example.gov/oauth2callback")
    assert not open_staff_refusal("0.0.0.0", "staff", tmp_path, False)


def test_a_secrets_file_streamlit_does_not_read_is_no_sign_in(tmp_path):
    """good.conf held [auth] and [staff] and passed the guard on a network address; every replica refused it (not
    *.toml) and served the staff pages to anyone (a deployment reviewer)."""
    conf = tmp_path / "good.conf"
    conf.write_text(SIGN_IN)
    refusal = open_staff_refusal("127.0.0.2", "staff", conf, False, [])
    assert "not named *.toml" in refusal
    named = tmp_path / "good.toml"
    named.write_text(SIGN_IN)
    assert open_staff_refusal("127.0.0.2", "staff", named, False, []) == ""


def test_a_sign_in_lacking_its_settings_is_refused_before_starting(tmp_path):
    from deploy.replicas import incomplete_sign_in

    lacking = tmp_path / "secrets.toml"
    lacking.write_text(SIGN_IN)  # no client_id, client_secret or server_metadata_url
    said = incomplete_sign_in([lacking, tmp_path / "absent.toml"])
    assert "lacks auth.client_id, auth.client_secret, auth.server_metadata_url" in said
    lacking.write_text(SIGN_IN + 'client_id = "a"\nclient_secret = "b"\nserver_metadata_url = "c"\n')
    assert incomplete_sign_in([lacking]) == ""
