"""The sign-in gate dashboard.py runs before any page: open mode, built-in accounts, or single sign-on.

- No account in the store: open single-user mode, with a banner on every page saying how to turn sign-in on.
- Otherwise a run without a signed-in user draws only the sign-in form and stops, whatever the URL
  (deep links included): st.navigation is never reached, and cache.principal() stops a page run alone.
- Built-in accounts: store.accounts checks the Argon2 hash, counts failures and locks; the session ends after
  CDS_SESSION_MINUTES without a run; a password reset by an administrator forces a change first.
- Single sign-on: with an [auth] section in .streamlit/secrets.toml, st.login / st.user (OpenID Connect); the
  provider's e-mail maps to an account row; an e-mail with no row sees "chưa được cấp quyền", no data.
"""

from __future__ import annotations

import os
import time
from typing import Any

import streamlit as st

import formatting as fmt
from store import OPEN, Principal, accounts
from ui import cache
from ui import text as ui_text

SESSION_KEY = "cds_session"  # {"login", "last_seen"} of a password sign-in
SSO_SEEN_KEY = "cds_sso_recorded"  # the SSO sign-in of this session is in the audit log already
NOTICE_KEY = "cds_auth_notice"
SESSION_MINUTES_ENV = "CDS_SESSION_MINUTES"
DEFAULT_SESSION_MINUTES = 60


def session_minutes() -> float:
    raw = os.environ.get(SESSION_MINUTES_ENV, "").strip()
    return float(raw) if raw else DEFAULT_SESSION_MINUTES


def sso_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section (st.login's provider settings)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, OSError):
        return False


def gate(pages: list) -> Principal:
    """The principal of this run; else the sign-in (or change-password, or not-authorised) page alone, and stop.

    pages: dashboard.py's st.Page list. A page drawn instead of the app stands in for each of them under the same
    URL path, with the navigation hidden: the address (a deep link's path and filters) is kept for after sign-in,
    and neither the app's pages nor the pages/ file names show.
    """
    store = cache.get_store()
    if not accounts.any_user(store):
        st.session_state[cache.PRINCIPAL_KEY] = OPEN
        st.warning(ui_text.OPEN_MODE_BANNER, icon=":material/lock_open:")
        return OPEN
    st.session_state.pop(cache.PRINCIPAL_KEY, None)  # set again below only for a signed-in, active user
    if sso_configured() and _sso_logged_in():
        user = _sso_user(store)
        if user is None:
            _alone(pages, lambda: _not_authorised_page(store))
    else:
        user = _password_user(store)
    if user is None:
        _alone(pages, lambda: _sign_in_page(store))
    assert user is not None  # _alone stops the run
    if user.must_change_password:
        _alone(pages, lambda: _change_password_page(store, user))
    principal = user.principal()
    st.session_state[cache.PRINCIPAL_KEY] = principal
    _sidebar(store, principal)
    if principal.agency_code:
        st.info(
            ui_text.AGENCY_SCOPE_NOTICE.format(agency=fmt.inert(_agency_name(principal)), code=principal.agency_code),
            icon=":material/apartment:",
        )
    return principal


def _sso_logged_in() -> bool:
    return bool(st.user.is_logged_in)


def _alone(pages: list, draw) -> None:
    """draw() as the only page, under every page's URL path, navigation hidden; then stop the run."""
    stand_ins = [
        st.Page(draw, title=p.title, url_path=p.url_path or "tong-quan", default=not p.url_path) for p in pages
    ]
    st.navigation(stand_ins, position="hidden").run()
    st.stop()


def _sso_email() -> str:
    info: Any = st.user
    return str(info.get("email") or "")


def _sso_user(store) -> accounts.User | None:
    """The active account of the provider's e-mail, the SSO sign-in recorded once per session; None without one."""
    email = _sso_email()
    user = accounts.user_by_email(store, email) if email else None
    if user is None:
        if not st.session_state.get(SSO_SEEN_KEY):
            st.session_state[SSO_SEEN_KEY] = True
            info: Any = st.user
            accounts.record(store, None, "sso-refused", {"email": email, "sub": str(info.get("sub") or "")})
        return None
    if st.session_state.get(SSO_SEEN_KEY) != user.login:
        st.session_state[SSO_SEEN_KEY] = user.login
        accounts.record(store, user.principal(), "sign-in", {"login": user.login, "method": "sso", "email": email})
    return user


def _not_authorised_page(store) -> None:
    st.title(ui_text.NOT_AUTHORISED_TITLE)
    st.error(ui_text.NOT_AUTHORISED.format(email=fmt.inert(_sso_email() or ui_text.NOT_AUTHORISED_NO_EMAIL)))
    if st.button(ui_text.SIGN_OUT, key="sso_sign_out_refused"):
        st.logout()


def _password_user(store) -> accounts.User | None:
    """The account signed in with a password in this session, if it is still active and the session fresh."""
    session = st.session_state.get(SESSION_KEY)
    if not session:
        return None
    user = accounts.get_user(store, session["login"])
    if user is None or user.disabled:
        st.session_state.pop(SESSION_KEY, None)
        return None
    now = time.time()
    if now - session["last_seen"] > session_minutes() * 60:
        st.session_state.pop(SESSION_KEY, None)
        accounts.record(store, user.principal(), "session-expired", {"login": user.login})
        st.session_state[NOTICE_KEY] = ui_text.SESSION_EXPIRED.format(minutes=fmt.number(session_minutes(), 0))
        return None
    st.session_state[SESSION_KEY] = {**session, "last_seen": now}  # a new value: session_state sees the change
    return user


def _sign_in_page(store) -> None:
    st.title(ui_text.SIGN_IN_TITLE)
    st.caption(ui_text.SIGN_IN_CAPTION)
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.info(notice, icon=":material/info:")
    with st.form("sign_in", clear_on_submit=False):
        login = st.text_input(ui_text.SIGN_IN_LOGIN, key="sign_in_login", max_chars=accounts.LOGIN_MAX)
        password = st.text_input(ui_text.SIGN_IN_PASSWORD, type="password", key="sign_in_password", max_chars=256)
        submitted = st.form_submit_button(ui_text.SIGN_IN_SUBMIT, type="primary")
    if sso_configured() and st.button(ui_text.SIGN_IN_SSO, help=ui_text.SIGN_IN_SSO_HELP, key="sign_in_sso"):
        st.login()
    if not submitted:
        return
    if not login.strip() or not password:
        st.error(ui_text.SIGN_IN_EMPTY)
        return
    outcome = accounts.authenticate(store, login, password)
    if outcome.status == "ok" and outcome.user is not None:
        st.session_state[SESSION_KEY] = {"login": outcome.user.login, "last_seen": time.time()}
        st.session_state.pop("sign_in_password", None)
        st.rerun()
    elif outcome.status == "locked":
        st.error(ui_text.SIGN_IN_LOCKED.format(until=fmt.local_timestamp(outcome.locked_until)))
    else:
        st.error(ui_text.SIGN_IN_WRONG)


def _change_password_page(store, user: accounts.User) -> None:
    st.title(ui_text.CHANGE_PASSWORD_TITLE)
    st.caption(ui_text.CHANGE_PASSWORD_CAPTION.format(minimum=accounts.MIN_PASSWORD_LENGTH))
    with st.form("change_password"):
        new = st.text_input(ui_text.CHANGE_PASSWORD_NEW, type="password", max_chars=256)
        again = st.text_input(ui_text.CHANGE_PASSWORD_AGAIN, type="password", max_chars=256)
        submitted = st.form_submit_button(ui_text.CHANGE_PASSWORD_SUBMIT, type="primary")
    if st.button(ui_text.SIGN_OUT, key="sign_out_change"):
        sign_out(store, user.principal())
    if not submitted:
        return
    if new != again:
        st.error(ui_text.CHANGE_PASSWORD_MISMATCH)
    elif len(new) < accounts.MIN_PASSWORD_LENGTH:
        st.error(ui_text.CHANGE_PASSWORD_SHORT.format(minimum=accounts.MIN_PASSWORD_LENGTH))
    else:
        accounts.change_password(store, user, new)
        st.session_state[NOTICE_KEY] = ui_text.CHANGE_PASSWORD_DONE
        st.rerun()


def sign_out(store, principal: Principal) -> None:
    accounts.record(store, principal, "sign-out", {"login": principal.login})
    for key in (SESSION_KEY, SSO_SEEN_KEY, cache.PRINCIPAL_KEY):
        st.session_state.pop(key, None)
    st.session_state[NOTICE_KEY] = ui_text.SIGNED_OUT
    if sso_configured() and _sso_logged_in():
        st.logout()  # ends the provider cookie and starts a new session
    st.rerun()


def _agency_name(principal: Principal) -> str:
    frame = cache.agencies(cache.current_view())
    names = dict(zip(frame["code"], frame["name"]))
    return str(names.get(principal.agency_code, principal.agency_code))


def _sidebar(store, principal: Principal) -> None:
    """Who is signed in, their role and scope, and the sign-out button."""
    with st.sidebar:
        st.markdown(ui_text.SIDEBAR_USER.format(name=fmt.inert(principal.name), role=ui_text.ROLE_VI[principal.role]))
        if principal.agency_code:
            scope = ui_text.SIDEBAR_SCOPE_AGENCY.format(agency=fmt.inert(_agency_name(principal)))
        elif principal.province:
            scope = ui_text.SIDEBAR_SCOPE_PROVINCE.format(province=fmt.inert(principal.province))
        else:
            scope = ui_text.SIDEBAR_SCOPE_COUNTRY
        st.caption(scope)
        if st.button(ui_text.SIGN_OUT, key="sign_out", icon=":material/logout:"):
            sign_out(store, principal)
