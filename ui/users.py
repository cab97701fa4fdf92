"""Tài khoản: the account list and changes as the signed-in administrator; store.accounts checks role and scope.

Reads are fresh, not cached: an account change does not raise the revision, and a cached list would outlive it.
"""

from __future__ import annotations

import pandas as pd

import formatting as fmt
from store import Forbidden, accounts
from ui import cache
from ui import text as ui_text


def users() -> list[accounts.User]:
    """The accounts the signed-in administrator manages, by login."""
    return accounts.list_users(cache.get_store(), actor=cache.principal())


def scope_text(user: accounts.User) -> str:
    if user.agency_code:
        return ui_text.USERS_SCOPE_AGENCY.format(code=user.agency_code)
    return user.province or ui_text.USERS_SCOPE_COUNTRY


def _state(user: accounts.User, now) -> str:
    if user.disabled:
        return ui_text.USERS_STATE_DISABLED
    if user.locked_until is not None and user.locked_until > now:
        return ui_text.USERS_STATE_LOCKED.format(until=fmt.local_timestamp(user.locked_until))
    return ui_text.USERS_STATE_ACTIVE


def users_frame(found: list[accounts.User]) -> pd.DataFrame:
    """One row per account with Vietnamese headers; built from named fields only, so no password material."""
    now = pd.Timestamp.now(tz="UTC").to_pydatetime()
    rows = [
        {
            "login": u.login,
            "name": u.display_name,
            "role": ui_text.ROLE_VI.get(u.role, u.role),
            "scope": scope_text(u),
            "email": u.email or "",
            "state": _state(u, now),
            "must_change_password": u.must_change_password,
        }
        for u in found
    ]
    return pd.DataFrame(rows, columns=list(ui_text.USERS_COLUMNS)).rename(columns=ui_text.USERS_COLUMNS)


def add(
    login: str, role: str, *, agency_code: str | None, province: str | None, name: str, email: str, password: str
) -> accounts.User:
    """store.accounts.add_user as the signed-in administrator: the one validation the command line uses too."""
    return accounts.add_user(
        cache.get_store(),
        login,
        role,
        agency_code=agency_code or None,
        province=province,
        name=name.strip() or None,
        email=email.strip() or None,
        password=password,
        actor=cache.principal(),
    )


def disable(login: str) -> accounts.User:
    return accounts.disable_user(cache.get_store(), login, actor=cache.principal())


def reset(login: str, password: str | None) -> str:
    """The temporary password set (the one given, or a generated one)."""
    return accounts.reset_password(cache.get_store(), login, password=password or None, actor=cache.principal())


def error_message(exc: accounts.AccountError | Forbidden) -> str:
    """The Vietnamese message of a refused change; facts from the form are made inert (alerts render markdown)."""
    if isinstance(exc, Forbidden):
        return ui_text.USERS_FORBIDDEN
    facts = {k: fmt.inert(v) if isinstance(v, str) else v for k, v in exc.facts.items()}
    return ui_text.ACCOUNT_ERRORS[exc.code].format(**facts)
