"""Who is looking: read once per run from the app's secrets and Streamlit's sign-in (``st.login``/``st.user``,
OpenID Connect), decided by ``config.visitor_audience``; and the sign-in controls in the sidebar.

Sign-in is configured when the secrets (``.streamlit/secrets.toml``, or the files named by Streamlit's
``secrets.files`` option) hold an ``[auth]`` section; the ``[staff]`` section lists who counts as staff
(``emails = [...]``, ``domains = [...]``). Without ``[auth]`` the deployment's ``SECTORSCOPE_MODE`` decides, as it
always did. See ``.streamlit/secrets.example.toml``.
"""

from __future__ import annotations

import datetime
import functools
import os
import sys

import streamlit as st
from streamlit import config as st_config
from streamlit.errors import StreamlitAuthError

from sectorscope import config
from sectorscope.config import StaffAllowList, Visitor

# said to anyone, so without the files' paths on the server (the server's log names them)
SETTINGS_UNREADABLE = ("This deployment's settings cannot be read, so nobody can sign in and the staff pages are "
                       "closed until an administrator mends them (the server's log says what is wrong). The public "
                       "pages are open.")


def _unreadable_secrets() -> list[str]:
    """The secrets files and folders Streamlit is set to read (its ``secrets.files`` option) that are there, for
    when it could read none of them: a file that is not TOML, has a typo, or is not named ``*.toml``."""
    return [path for path in st_config.get_option("secrets.files") if os.path.exists(path)]


@functools.cache  # once per process and set of files: every run of every visitor finds them so
def _log_unreadable(paths: tuple[str, ...]) -> None:
    print(f"Sectorscope: the secrets {', '.join(paths)} cannot be read; sign-in is off and the staff pages are "
          "closed to everyone until they are mended.", file=sys.stderr)


def _sign_in_settings() -> tuple[bool, StaffAllowList, str | None, str | None]:
    """Is sign-in configured, the staff allow-list, what is wrong with the list as written (or None), and why the
    settings cannot be read at all (or None).

    Secrets that are there but cannot be read count as sign-in configured and broken, so everyone gets the public
    pages: read as "no sign-in", an open quote in a running deployment's secrets.toml made every visitor staff within
    seconds (a reviewer)."""
    try:
        loaded = st.secrets.load_if_toml_exists()
    except Exception:  # a file it may not open, a folder named secrets.toml: closed, never open
        loaded = False
    if not loaded:
        there = _unreadable_secrets()
        if there:
            _log_unreadable(tuple(there))
            return True, StaffAllowList(), None, SETTINGS_UNREADABLE
        return False, StaffAllowList(), None, None
    if "auth" not in st.secrets:
        return False, StaffAllowList(), None, None
    try:
        return True, config.staff_allow_list(st.secrets.get("staff")), None, None
    except ValueError as problem:  # a malformed list admits nobody, and says why
        return True, StaffAllowList(), str(problem), None


def current_visitor() -> Visitor:
    """The visitor of this run: audience (``staff`` or ``public``) and sign-in facts."""
    configured, allow_list, _, unreadable = _sign_in_settings()
    user = st.user
    is_signed_in = configured and unreadable is None and bool(user.get("is_logged_in", False))
    return config.visitor_audience(config.app_mode(), configured, allow_list, is_signed_in,
                                   user.get("email") if is_signed_in else None,
                                   user.get("email_verified") if is_signed_in else None,
                                   settings_problem=unreadable)


def sign_in() -> None:
    """Start Streamlit's sign-in; where the [auth] settings lack what it needs (a client_secret, a cookie_secret),
    say so in the page instead of the traceback a public visitor read (a reviewer)."""
    missing = config.missing_auth_settings(st.secrets.get("auth", {}))
    if missing:
        st.error(f"Staff sign-in is not set up completely in this deployment's settings: {', '.join(missing)} "
                 "missing. Ask the dashboard's administrator.", icon=":material/error:")
        return
    try:
        provider = config.login_provider(st.secrets.get("auth", {}))
        st.login() if provider is None else st.login(provider)
    except StreamlitAuthError as problem:
        st.error(f"Staff sign-in is not set up completely in this deployment's settings: {problem} Ask the "
                 "dashboard's administrator.", icon=":material/error:")


def render_sign_in(visitor: Visitor) -> None:
    """Sign-in or sign-out in the current container (the sidebar); a page-wide notice for a signed-in visitor who
    is not on the staff list. Draws nothing when sign-in is not configured."""
    if not visitor.sign_in_configured:
        return
    if visitor.settings_problem:
        st.caption("Staff sign-in: unavailable (the deployment's settings cannot be read).")
        return
    if not visitor.is_signed_in:
        if st.button("Staff sign-in", icon=":material/login:", key="sign_in"):
            sign_in()
        return
    st.caption(f"Signed in as **{visitor.email}**")
    if st.button("Sign out", icon=":material/logout:", key="sign_out"):
        st.logout()


def render_refused_notice(visitor: Visitor) -> None:
    """The message a signed-in visitor who is not on the staff list reads above the public pages; and everyone's,
    where the deployment's settings cannot be read."""
    if visitor.settings_problem:
        st.warning(visitor.settings_problem, icon=":material/lock:")
        return
    if not visitor.is_refused_staff:
        return
    _, _, problem, _ = _sign_in_settings()
    reason = (f"The staff list in this deployment's settings cannot be read ({problem}), so nobody is staff."
              if problem else "That address is not on this deployment's staff list.")
    st.warning(f"You are signed in as **{visitor.email}**. {reason} You see the public pages. Ask the dashboard's "
               "administrator to add you, or sign out and sign in with your work account.",
               icon=":material/no_accounts:")


def log_staff_visit(visitor: Visitor, page: str) -> None:
    """One line in the server's log the first time in a session that a signed-in staff visitor opens ``page``
    ("2026-12-06T02:50:00Z staff page Data opened by analyst@workforce.example.gov"): who saw people's records,
    where an agency must be able to say (nothing recorded it: a deployment reviewer). Without sign-in nobody is named,
    and nothing is written."""
    if visitor.audience != "staff" or not visitor.is_signed_in:
        return
    seen = st.session_state.setdefault("_staff_pages_logged", set())
    if page in seen:
        return
    seen.add(page)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    print(f"{stamp} staff page {page} opened by {visitor.email}", file=sys.stderr, flush=True)
