"""Staff sign-in end to end in Chromium: the app with ``[auth]`` and a ``[staff]`` list in its secrets, signing in
at a real OpenID Connect provider on 127.0.0.1 (``oidc-provider-mock``). Not signed in: the public pages only, also
by direct URL; signed in with a listed address: the staff pages and the Data page; signed in with any other
address: the public pages and a message saying why."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request

import pytest
from browser_support import exiters_text, free_port, no_error_box, running_app, shot, wait_for_run
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
STAFF_DOMAIN = "workforce.pa.gov"
REFUSAL = "This page is for state staff only."


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """An OpenID Connect provider on a free local port; yields its base URL."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("oidc") / "provider.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port",
                                    str(port)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/.well-known/openid-configuration", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the OpenID Connect provider did not start:\n" + log_path.read_text()[-3000:])
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def signin_app(provider, tiny_db, tmp_path_factory):
    """The app on the tiny state with sign-in configured in a secrets file of its own; yields (base URL, log)."""
    folder = tmp_path_factory.mktemp("signin")
    secrets = folder / "secrets.toml"
    secrets.write_text(f"""
[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "a-long-random-test-secret-for-cookies"
client_id = "sectorscope"
client_secret = "sectorscope-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[staff]
emails = ["convener@partner.example.org"]
domains = ["{STAFF_DOMAIN}"]
""")
    with running_app({"SECTORSCOPE_DB": str(tiny_db), "STREAMLIT_SECRETS_FILES": str(secrets)},
                     folder / "streamlit.log") as running:
        yield running


@pytest.fixture
def visitor(browser, signin_app, request):
    """A fresh browser (no cookies: nobody signed in)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    yield tab
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        print("---- server log ----\n" + signin_app[1].read_text()[-6000:])
    context.close()


def expect_menu(tab, labels: list[str]) -> None:
    """The sidebar menu links, in order, are exactly these (each link's text ends with its label, after its icon)."""
    links = tab.get_by_test_id("stSidebar").get_by_test_id("stPageLink")
    expect(links).to_have_text([re.compile(re.escape(label) + "$") for label in labels], timeout=60_000)


def sign_in(tab, base: str, email: str) -> None:
    """Sign in as a user would: the sidebar button, the provider's form, back to the app."""
    tab.goto(base + "/")
    button = tab.get_by_role("button", name="Staff sign-in")
    expect(button).to_be_visible(timeout=90_000)
    button.click()
    form = tab.locator('input[name="sub"]')
    expect(form).to_be_visible(timeout=90_000)  # the provider's page
    form.fill(email)
    tab.get_by_role("button", name="Authorize").click()
    expect(tab.get_by_test_id("stSidebar").get_by_text(f"Signed in as {email}")).to_be_visible(timeout=90_000)
    wait_for_run(tab)


def test_not_signed_in_sees_the_public_pages_only(visitor, signin_app):
    base = signin_app[0]
    visitor.goto(base + "/")
    wait_for_run(visitor)
    expect(visitor).to_have_url(f"{base}/Showcase", timeout=30_000)
    expect(visitor.get_by_role("heading", name="Sector partnerships in Pennsylvania")).to_be_visible(timeout=90_000)
    expect(visitor.get_by_role("button", name="Staff sign-in")).to_be_visible(timeout=90_000)
    expect_menu(visitor, ["Showcase"])
    for page in ("Worker_outcomes", "Data", "Partnerships"):  # by direct URL
        visitor.goto(f"{base}/{page}")
        wait_for_run(visitor)
        expect(visitor.get_by_text(REFUSAL)).to_be_visible(timeout=90_000)
        expect(visitor.get_by_test_id("stMetric")).to_have_count(0)
        expect(visitor.get_by_test_id("stFileUploader")).to_have_count(0)
        expect(visitor.get_by_role("button", name="Staff: sign in")).to_be_visible()
    shot(visitor, "signin-refused-anonymous")


@pytest.mark.parametrize("email", [f"analyst@{STAFF_DOMAIN}", "convener@partner.example.org"])
def test_signed_in_staff_get_the_staff_pages_and_keep_them_until_signing_out(visitor, signin_app, email):
    """Listed by domain or by address: the Overview, every staff page in the menu. Then (once, by address) the
    sign-in carries over to a new session on the Data page, and signing out at the provider ends it."""
    base = signin_app[0]
    sign_in(visitor, base, email)
    expect(visitor).to_have_url(f"{base}/", timeout=30_000)  # the Overview, not sent to the Showcase
    expect(visitor.get_by_role("heading", name="Sector strategies at a glance")).to_be_visible(timeout=90_000)
    expect_menu(visitor, ["Overview", "Showcase", "Partnerships", "Industry analysis", "Worker outcomes",
                          "Employer outcomes", "Funding & systems change", "Data"])
    expect(visitor.get_by_text(exiters_text(4)).first).to_be_visible()
    no_error_box(visitor)
    if email.endswith(STAFF_DOMAIN):
        return  # listed by its domain: the rest (a new session, signing out) is the same for both, checked once
    visitor.goto(base + "/Data")  # the sign-in cookie carries over to a new session
    wait_for_run(visitor)
    expect(visitor.get_by_test_id("stFileUploader").first).to_be_visible(timeout=90_000)
    expect(visitor.get_by_text(REFUSAL)).to_have_count(0)
    shot(visitor, "signin-staff-data")
    visitor.get_by_role("button", name="Sign out").click()
    end_session = visitor.get_by_role("button", name="End session")  # the provider's own sign-out page
    expect(end_session).to_be_visible(timeout=60_000)
    end_session.click()
    expect(visitor.get_by_role("button", name="Staff sign-in")).to_be_visible(timeout=90_000)
    visitor.goto(base + "/Data")
    wait_for_run(visitor)
    expect(visitor.get_by_text(REFUSAL)).to_be_visible(timeout=90_000)


def test_signed_in_but_not_listed_gets_the_public_pages_and_a_message(visitor, signin_app):
    base = signin_app[0]
    sign_in(visitor, base, "someone@example.com")
    expect(visitor).to_have_url(f"{base}/Showcase", timeout=30_000)
    expect(visitor.get_by_text("not on this deployment's staff list")).to_be_visible(timeout=90_000)
    expect_menu(visitor, ["Showcase"])
    shot(visitor, "signin-not-listed")
    visitor.goto(base + "/Worker_outcomes")
    wait_for_run(visitor)
    expect(visitor.get_by_text(REFUSAL)).to_be_visible(timeout=90_000)
    expect(visitor.get_by_test_id("stMetric")).to_have_count(0)
