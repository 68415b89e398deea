"""Who is staff: the audience decision (``config.visitor_audience``) as a table, and pages in AppTest with sign-in
configured through the app's secrets and a signed-in or anonymous ``st.user``."""

from __future__ import annotations

import pytest
from page_support import app_test
from streamlit.testing.v1 import AppTest

from sectorscope import config
from sectorscope.config import StaffAllowList, staff_allow_list, visitor_audience

ALLOW = staff_allow_list({"emails": ["Analyst@Partner.org"], "domains": ["workforce.pa.gov", "@labor.pa.gov"]})


@pytest.mark.parametrize(("email", "admitted"), [
    ("analyst@partner.org", True),
    ("ANALYST@partner.org ", True),  # addresses compare without case and surrounding spaces
    ("someone@workforce.pa.gov", True),
    ("someone@labor.pa.gov", True),  # a domain written with its @ still matches
    ("other@partner.org", False),  # the address is listed, not its domain
    ("someone@sub.workforce.pa.gov", False),  # domains match exactly, not their subdomains
    ("someone@workforce.pa.gov.evil.com", False),
    ("workforce.pa.gov", False),  # not an address
    ("", False),
    (None, False),
])
def test_the_allow_list_admits_listed_addresses_and_domains_only(email, admitted):
    assert ALLOW.admits(email) is admitted


def test_a_malformed_allow_list_is_refused_whole():
    with pytest.raises(ValueError, match="emails must be a list"):
        staff_allow_list({"emails": "analyst@partner.org"})
    assert staff_allow_list(None) == StaffAllowList()


@pytest.mark.parametrize(("mode", "configured", "signed_in", "email", "verified", "audience", "refused"), [
    # without sign-in configured the deployment's mode decides, whoever the user is
    ("staff", False, False, None, None, "staff", False),
    ("public", False, False, None, None, "public", False),
    ("staff", False, True, "x@elsewhere.com", None, "staff", False),
    # with sign-in configured: anonymous is public, listed is staff, unlisted is public with a message
    ("staff", True, False, None, None, "public", False),
    ("staff", True, True, "someone@workforce.pa.gov", None, "staff", False),
    ("staff", True, True, "someone@workforce.pa.gov", True, "staff", False),
    ("staff", True, True, "someone@workforce.pa.gov", False, "public", True),  # the provider says: not verified
    ("staff", True, True, "x@elsewhere.com", None, "public", True),
    ("staff", True, True, None, None, "public", True),
    # a public deployment stays public, signed in or not
    ("public", True, True, "someone@workforce.pa.gov", True, "public", True),
])
def test_the_audience_decision(mode, configured, signed_in, email, verified, audience, refused):
    visitor = visitor_audience(mode, configured, ALLOW, signed_in, email, verified)
    assert visitor.audience == audience
    assert visitor.is_refused_staff is refused
    assert visitor.is_signed_in is (configured and signed_in)


def test_an_unknown_mode_is_public(monkeypatch):
    monkeypatch.setenv("SECTORSCOPE_MODE", "staf")
    assert config.app_mode() == "public"


SECRETS = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "a-test-secret-value",
                    "client_id": "sectorscope", "client_secret": "secret",
                    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"},
           "staff": {"domains": ["workforce.pa.gov"]}}


def run_app(db, monkeypatch, user: dict | None, secrets: dict | None = SECRETS, page: str | None = None) -> AppTest:
    monkeypatch.setenv("SECTORSCOPE_DB", str(db))
    monkeypatch.setenv("SECTORSCOPE_MODE", "staff")
    at = app_test()
    if secrets is not None:
        at.secrets = secrets
    at.user = user if user is not None else {}
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def menu_labels(at: AppTest) -> list[str]:
    return [link.label for link in at.sidebar.get("page_link")]


def test_not_signed_in_sees_the_showcase_and_a_sign_in_button(tiny_db, monkeypatch):
    at = run_app(tiny_db, monkeypatch, user={"is_logged_in": False})
    assert menu_labels(at) == ["Showcase"]
    # the sign-in button, and the Showcase's own Present (public slides from the release); no sign-out
    assert [button.label for button in at.sidebar.button] == ["Staff sign-in", "Present"]
    assert at.title[0].value.startswith("Sector partnerships in")  # the Showcase, not the Overview


@pytest.mark.parametrize("page", ["pages/3_Worker_outcomes.py", "pages/6_Data.py"])
def test_not_signed_in_is_refused_a_staff_page_by_url(page, tiny_db, monkeypatch):
    at = run_app(tiny_db, monkeypatch, user={"is_logged_in": False}, page=page)
    assert [error.value for error in at.error] == [
        "This page is for state staff only. The public Showcase has the state's figures, protected for privacy."]
    assert "Staff: sign in" in [button.label for button in at.button]
    assert not at.metric and [title.value for title in at.title] == ["For state staff only"]  # the refusal's h1 only


def test_signed_in_staff_see_the_staff_pages_and_the_data_page(tiny_db, monkeypatch):
    at = run_app(tiny_db, monkeypatch, user={"is_logged_in": True, "email": "Analyst@workforce.pa.gov"})
    assert menu_labels(at)[0] == "Overview"
    assert "Data" in menu_labels(at) and "Worker outcomes" in menu_labels(at)
    assert at.metric, "the Overview's figures"
    assert "Signed in as **Analyst@workforce.pa.gov**" in [caption.value for caption in at.sidebar.caption]
    data = run_app(tiny_db, monkeypatch, user={"is_logged_in": True, "email": "analyst@workforce.pa.gov"},
                   page="pages/6_Data.py")
    assert not data.error
    assert data.file_uploader(key="uploads")


def test_signed_in_but_not_listed_sees_public_pages_with_a_message(tiny_db, monkeypatch):
    at = run_app(tiny_db, monkeypatch, user={"is_logged_in": True, "email": "someone@gmail.com"})
    assert menu_labels(at) == ["Showcase"]
    notices = [warning.value for warning in at.warning]
    assert any("signed in as **someone@gmail.com**" in text and "not on this deployment's staff list" in text
               for text in notices), notices
    assert [button.label for button in at.sidebar.button] == ["Sign out", "Present"]
    refused = run_app(tiny_db, monkeypatch, user={"is_logged_in": True, "email": "someone@gmail.com"},
                      page="pages/1_Partnerships.py")
    assert refused.error and not refused.metric


def test_a_malformed_staff_list_admits_nobody_and_says_why(tiny_db, monkeypatch):
    secrets = {**SECRETS, "staff": {"domains": "workforce.pa.gov"}}
    at = run_app(tiny_db, monkeypatch, user={"is_logged_in": True, "email": "a@workforce.pa.gov"}, secrets=secrets)
    assert menu_labels(at) == ["Showcase"]
    assert any("cannot be read" in warning.value for warning in at.warning)


@pytest.mark.parametrize(("mode", "first_link"), [("staff", "Overview"), ("public", "Showcase")])
def test_without_sign_in_configured_the_mode_decides_as_before(mode, first_link, tiny_db, monkeypatch):
    at = run_app(tiny_db, monkeypatch, user={"email": "test@example.com"}, secrets=None)
    monkeypatch.setenv("SECTORSCOPE_MODE", mode)
    at.run()
    assert not at.exception
    assert menu_labels(at)[0] == first_link
    labels = [button.label for button in at.button]
    assert "Staff sign-in" not in labels and "Sign out" not in labels
    assert not any("Signed in as" in caption.value for caption in at.sidebar.caption)


def test_settings_that_cannot_be_read_make_everyone_public():
    """A typo in a running deployment's secrets.toml read as "no sign-in configured", and the deployment's staff mode
    gave every visitor the staff pages (a reviewer): settings that are there but cannot be read fail closed."""
    visitor = config.visitor_audience("staff", True, config.StaffAllowList(), settings_problem="cannot be read")
    assert (visitor.audience, visitor.settings_problem, visitor.is_signed_in) == ("public", "cannot be read", False)


@pytest.mark.parametrize("name", ["secrets.toml", "good.conf", "folder/secrets.toml"])
def test_an_unreadable_secrets_file_closes_the_staff_pages(name, tiny_db, monkeypatch, tmp_path):
    """An open quote in secrets.toml, or a secrets file Streamlit does not read (not named *.toml): everyone sees the
    public pages and why, with no sign-in button that could only fail; a staff page by its address is refused."""
    from streamlit import config as st_config

    broken = tmp_path / name
    if name.startswith("folder/"):  # a folder where the file should be (as Docker makes of a missing mount)
        broken.mkdir(parents=True)
        (broken / "x").write_text("[auth]\n")
    else:
        broken.write_text('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback\n' if name.endswith(".toml")
                          else "[auth]\nredirect_uri = 'http://localhost:8501/oauth2callback'\n", encoding="utf-8")
    monkeypatch.setattr(st_config, "get_option", lambda key, original=st_config.get_option: (
        [str(broken)] if key == "secrets.files" else original(key)))
    at = run_app(tiny_db, monkeypatch, user={"is_logged_in": True, "email": "a@workforce.pa.gov"}, secrets=None)
    assert menu_labels(at) == ["Showcase"]
    assert any("cannot be read, so nobody can sign in" in warning.value for warning in at.warning), [
        w.value for w in at.warning]
    assert not any(str(tmp_path) in warning.value for warning in at.warning)  # no server path shown to anyone
    assert "Staff sign-in" not in [button.label for button in at.button]
    refused = run_app(tiny_db, monkeypatch, user={"is_logged_in": False}, secrets=None, page="pages/6_Data.py")
    assert refused.error and not refused.get("file_uploader")


def test_a_sign_in_missing_its_settings_says_so_instead_of_a_traceback(tiny_db, monkeypatch):
    """Without a client_secret, "Staff sign-in" showed a public visitor Streamlit's traceback with the server's
    paths, and the Showcase was drawn no further (a deployment reviewer)."""
    auth = {key: value for key, value in SECRETS["auth"].items() if key != "client_secret"}
    at = run_app(tiny_db, monkeypatch, user={"is_logged_in": False}, secrets={**SECRETS, "auth": auth})
    at.sidebar.button(key="sign_in").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Staff sign-in is not set up completely" in error.value and "auth.client_secret missing" in error.value
               for error in at.error), [e.value for e in at.error]
    assert at.title[0].value.startswith("Sector partnerships in")  # the Showcase goes on


def test_the_one_named_provider_is_the_one_signed_in_with():
    """[auth.okta] alone passed the check, and st.login() asked for the default provider, which Streamlit refused
    (a code reviewer): the one named provider is asked for."""
    one = {"redirect_uri": "x", "cookie_secret": "y", "okta": {"client_id": "a", "client_secret": "b",
                                                              "server_metadata_url": "c"}}
    assert config.login_provider(one) == "okta" and config.missing_auth_settings(one) == []
    assert config.login_provider(SECRETS["auth"]) is None
    several = {**one, "entra": dict(one["okta"])}
    assert config.login_provider(several) is None
    assert config.missing_auth_settings(several) == ["auth.client_id", "auth.client_secret", "auth.server_metadata_url"]


@pytest.mark.parametrize(("auth", "missing"), [
    (SECRETS["auth"], []),
    ({key: value for key, value in SECRETS["auth"].items() if key != "cookie_secret"}, ["auth.cookie_secret"]),
    ({"redirect_uri": "x", "cookie_secret": "y", "okta": {"client_id": "a", "server_metadata_url": "b"}},
     ["auth.okta.client_secret"]),
])
def test_the_sign_in_settings_missing_are_named(auth, missing):
    assert config.missing_auth_settings(auth) == missing


def test_a_staff_visit_is_written_in_the_servers_log_once_per_page(tiny_db, monkeypatch, capsys):
    """Nothing recorded who opened people's records (a deployment reviewer): the first time in a session a signed-in
    staff visitor opens a page, one line names the page and the address; a public visitor is not logged."""
    at = run_app(tiny_db, monkeypatch, user={"is_logged_in": True, "email": "analyst@workforce.pa.gov"})
    at.run()
    at.switch_page("pages/6_Data.py").run()
    lines = [line for line in capsys.readouterr().err.splitlines() if " staff page " in line]
    assert [line.split(" ", 1)[1] for line in lines] == [
        "staff page Overview opened by analyst@workforce.pa.gov", "staff page Data opened by analyst@workforce.pa.gov"]
    run_app(tiny_db, monkeypatch, user={"is_logged_in": True, "email": "someone@gmail.com"})
    assert " staff page " not in capsys.readouterr().err
