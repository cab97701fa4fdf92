"""Tài khoản: administrators list, add, disable accounts and reset passwords; store.accounts checks every change.

ui/app.py lists this page for a signed-in quan_tri only; the check below stops any other run that reaches it.
A change's outcome is kept in session_state across the rerun that redraws the table, then shown once.
"""

from __future__ import annotations

import streamlit as st

import formatting as fmt
from store import Forbidden, accounts
from store.access import AGENCY_STAFF, ROLES
from ui import cache, navigation, tables
from ui import text as ui_text
from ui import users as ui_users
from ui.page import open_plain_page

OUTCOME_KEY = "users_outcome"  # (success message, temporary password or None) of the last change

navigation.require_navigation()
me = cache.principal()
if not me.may_manage_accounts:
    st.error(ui_text.USERS_NOT_ALLOWED)
    st.stop()

open_plain_page(ui_text.PAGE_USERS, ui_text.USERS_CAPTION)
outcome = st.session_state.pop(OUTCOME_KEY, None)
if outcome:
    message, temporary = outcome
    st.success(message, icon=":material/check_circle:")
    if temporary is not None:  # generated: shown this once, never stored in clear
        st.info(ui_text.USERS_RESET_SHOWN_ONCE, icon=":material/key:")
        st.code(temporary, language=None)


def done(message: str, temporary: str | None = None) -> None:
    st.session_state[OUTCOME_KEY] = (message, temporary)
    st.rerun()


found = ui_users.users()
tables.dataframe(ui_users.users_frame(found), hide_index=True, key="users_table")

st.subheader(ui_text.USERS_ADD_HEADER)
role = st.selectbox(ui_text.USERS_ROLE, ROLES, format_func=lambda r: ui_text.ROLE_VI[r], key="users_role")
with st.form("users_add"):
    login = st.text_input(
        ui_text.USERS_FIELD_LOGIN.format(maximum=accounts.LOGIN_MAX), key="users_login", max_chars=accounts.LOGIN_MAX
    )
    name = st.text_input(ui_text.USERS_FIELD_NAME, key="users_name", max_chars=200)
    email = st.text_input(ui_text.USERS_FIELD_EMAIL, key="users_email", max_chars=254)
    agency_code, province = None, None
    if role == AGENCY_STAFF:
        agency_code = st.text_input(ui_text.USERS_FIELD_AGENCY, key="users_agency", max_chars=64).strip()
    else:
        # A province's administrator gives only their own province; a country-wide one also the whole country.
        choices = [me.province] if me.province else [None, *cache.provinces(cache.current_view())]
        province = st.selectbox(
            ui_text.USERS_FIELD_PROVINCE,
            choices,
            format_func=lambda p: ui_text.USERS_SCOPE_COUNTRY if p is None else fmt.plain(p),
            key="users_province",
        )
    minimum = accounts.MIN_PASSWORD_LENGTH
    password = st.text_input(
        ui_text.USERS_FIELD_PASSWORD.format(minimum=minimum), type="password", key="users_password", max_chars=256
    )
    again = st.text_input(ui_text.USERS_FIELD_PASSWORD_AGAIN, type="password", key="users_again", max_chars=256)
    submitted = st.form_submit_button(ui_text.USERS_ADD_SUBMIT, type="primary")
if submitted:
    if password != again:
        st.error(ui_text.USERS_PASSWORD_MISMATCH)
    else:
        try:
            user = ui_users.add(
                login, role, agency_code=agency_code, province=province, name=name, email=email, password=password
            )
        except (accounts.AccountError, Forbidden) as exc:
            st.error(ui_users.error_message(exc))
        else:
            scope = fmt.inert(ui_users.scope_text(user))
            done(ui_text.USERS_ADDED.format(login=fmt.inert(user.login), role=ui_text.ROLE_VI[user.role], scope=scope))


def pick(key: str, logins: list[str]) -> str | None:
    names = {u.login: u.display_name for u in found}
    if not logins:
        st.caption(ui_text.USERS_NONE_TO_PICK)
        return None
    return st.selectbox(ui_text.USERS_PICK, logins, format_func=lambda x: fmt.plain(f"{x} — {names[x]}"), key=key)


left, right = st.columns(2)
with left:
    st.subheader(ui_text.USERS_DISABLE_HEADER)
    # Not one's own account (store.accounts refuses it too), nor one disabled already.
    target = pick("users_disable_login", [u.login for u in found if u.login != me.login and not u.disabled])
    if target is not None and st.button(ui_text.USERS_DISABLE_SUBMIT, key="users_disable"):
        try:
            ui_users.disable(target)
        except (accounts.AccountError, Forbidden) as exc:
            st.error(ui_users.error_message(exc))
        else:
            done(ui_text.USERS_DISABLED.format(login=fmt.inert(target)))
with right:
    st.subheader(ui_text.USERS_RESET_HEADER)
    target = pick("users_reset_login", [u.login for u in found])
    typed = st.text_input(
        ui_text.USERS_RESET_PASSWORD.format(minimum=accounts.MIN_PASSWORD_LENGTH),
        type="password",
        key="users_reset_password",
        max_chars=256,
    )
    if target is not None and st.button(ui_text.USERS_RESET_SUBMIT, key="users_reset"):
        try:
            temporary = ui_users.reset(target, typed)
        except (accounts.AccountError, Forbidden) as exc:
            st.error(ui_users.error_message(exc))
        else:
            st.session_state.pop("users_reset_password", None)
            note = ui_text.USERS_RESET_DONE.format(login=fmt.inert(target))
            done(note if not typed else f"{note} {ui_text.USERS_RESET_TYPED}", None if typed else temporary)
