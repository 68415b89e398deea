"""Who is looking: read once per run from the app's secrets and Streamlit's sign-in (``st.login``/``st.user``,
OpenID Connect), decided by ``config.visitor_audience``; and the sign-in controls in the sidebar.

Sign-in is configured when the secrets (``.streamlit/secrets.toml``, or the files named by Streamlit's
``secrets.files`` option) hold an ``[auth]`` section; the ``[staff]`` section lists who counts as staff
(``emails = [...]``, ``domains = [...]``). Without ``[auth]`` the deployment's ``SECTORSCOPE_MODE`` decides, as it
always did. See ``.streamlit/secrets.example.toml``.
"""

from __future__ import annotations

import streamlit as st

from sectorscope import config
from sectorscope.config import StaffAllowList, Visitor


def _sign_in_settings() -> tuple[bool, StaffAllowList, str | None]:
    """Is sign-in configured, the staff allow-list, and what is wrong with the list as written (or None)."""
    if not st.secrets.load_if_toml_exists() or "auth" not in st.secrets:
        return False, StaffAllowList(), None
    try:
        return True, config.staff_allow_list(st.secrets.get("staff")), None
    except ValueError as problem:  # a malformed list admits nobody, and says why
        return True, StaffAllowList(), str(problem)


def current_visitor() -> Visitor:
    """The visitor of this run: audience (``staff`` or ``public``) and sign-in facts."""
    configured, allow_list, _ = _sign_in_settings()
    user = st.user
    is_signed_in = configured and bool(user.get("is_logged_in", False))
    return config.visitor_audience(config.app_mode(), configured, allow_list, is_signed_in,
                                   user.get("email") if is_signed_in else None,
                                   user.get("email_verified") if is_signed_in else None)


def render_sign_in(visitor: Visitor) -> None:
    """Sign-in or sign-out in the current container (the sidebar); a page-wide notice for a signed-in visitor who
    is not on the staff list. Draws nothing when sign-in is not configured."""
    if not visitor.sign_in_configured:
        return
    if not visitor.is_signed_in:
        if st.button("Staff sign-in", icon=":material/login:", key="sign_in"):
            st.login()
        return
    st.caption(f"Signed in as **{visitor.email}**")
    if st.button("Sign out", icon=":material/logout:", key="sign_out"):
        st.logout()


def render_refused_notice(visitor: Visitor) -> None:
    """The message a signed-in visitor who is not on the staff list reads above the public pages."""
    if not visitor.is_refused_staff:
        return
    _, _, problem = _sign_in_settings()
    reason = (f"The staff list in this deployment's settings cannot be read ({problem}), so nobody is staff."
              if problem else "That address is not on this deployment's staff list.")
    st.warning(f"You are signed in as **{visitor.email}**. {reason} You see the public pages. Ask the dashboard's "
               "administrator to add you, or sign out and sign in with your work account.",
               icon=":material/no_accounts:")
