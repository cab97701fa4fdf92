"""Accounts: users with one role and one scope, passwords as Argon2 hashes only, lockout, and their audit entries.

A password is hashed here and never stored, logged or returned in clear (tests/test_accounts.py greps the
database file and the logs). Every sign-in, failed sign-in, lockout and account change is an audit entry
with the login and display name of who did it.
"""

from __future__ import annotations

import functools
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    false,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection

from store.access import ADMIN, AGENCY_STAFF, ROLES, Forbidden, Principal
from store.database import SYSTEM_ACTOR, RuleError, Store, UtcDateTime, _audit, _now, agencies, metadata

MAX_FAILURES = 10  # the 10th wrong password in a row locks the account
LOCKOUT_MINUTES_ENV = "CDS_LOCKOUT_MINUTES"
DEFAULT_LOCKOUT_MINUTES = 15
MIN_PASSWORD_LENGTH = 10
LOGIN_MAX = 64

users = Table(
    "users",
    metadata,
    Column("login", String(LOGIN_MAX), primary_key=True),
    Column("display_name", Text, nullable=False),
    Column("email", Text, nullable=True),  # lower case; SSO maps the provider's e-mail to the row
    Column("role", String(16), nullable=False),
    Column("agency_code", String(64), ForeignKey("agencies.code", name="fk_users_agency"), nullable=True),
    Column("province", Text, nullable=True),  # NULL with no agency: the whole country
    Column("password_hash", Text, nullable=True),  # Argon2id; NULL: SSO only
    Column("must_change_password", Boolean, nullable=False, server_default=false()),
    Column("disabled", Boolean, nullable=False, server_default=false()),
    Column("failed_attempts", Integer, nullable=False, server_default="0"),
    Column("locked_until", UtcDateTime, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("role IN ('don_vi', 'chuyen_vien', 'lanh_dao', 'quan_tri')", name="ck_users_role"),
)
Index("ix_users_email", users.c.email)

_hasher = PasswordHasher()  # argon2-cffi's defaults: Argon2id, RFC 9106 low-memory profile


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the login is unknown, so a wrong login costs as long as a wrong password.

    Made at the first sign-in, not at import: one Argon2 hash is ~150 ms of every server's cold start."""
    return _hasher.hash(secrets.token_urlsafe(16))


class AccountError(RuleError):
    """Bad input to an account change; code is a slug, facts fill the Vietnamese message at the edge."""


@dataclass(frozen=True)
class User:
    login: str
    display_name: str
    email: str | None
    role: str
    agency_code: str | None
    province: str | None
    disabled: bool
    must_change_password: bool
    locked_until: datetime | None
    has_password: bool

    def principal(self) -> Principal:
        return Principal(self.login, self.display_name, self.role, self.agency_code, self.province)

    def public(self) -> dict:
        """What `admin user list` prints: no password material."""
        return {
            "login": self.login,
            "name": self.display_name,
            "email": self.email,
            "role": self.role,
            "agency_code": self.agency_code,
            "province": self.province,
            "disabled": self.disabled,
            "must_change_password": self.must_change_password,
            "locked_until": self.locked_until.isoformat() if self.locked_until else None,
            "has_password": self.has_password,
        }


@dataclass(frozen=True)
class SignIn:
    """The outcome of a password sign-in: ok, wrong (login or password), or locked (until when)."""

    status: str  # "ok" | "wrong" | "locked"
    user: User | None = None
    locked_until: datetime | None = None


def lockout() -> timedelta:
    raw = os.environ.get(LOCKOUT_MINUTES_ENV, "").strip()
    return timedelta(minutes=float(raw) if raw else DEFAULT_LOCKOUT_MINUTES)


def _user(row) -> User:
    return User(
        login=row["login"],
        display_name=row["display_name"],
        email=row["email"],
        role=row["role"],
        agency_code=row["agency_code"],
        province=row["province"],
        disabled=bool(row["disabled"]),
        must_change_password=bool(row["must_change_password"]),
        locked_until=row["locked_until"],
        has_password=row["password_hash"] is not None,
    )


def _row(conn: Connection, login: str):
    return conn.execute(select(users).where(users.c.login == login)).mappings().first()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password-too-short", minimum=MIN_PASSWORD_LENGTH)


def _entry(conn: Connection, actor: Principal | None, action: str, facts: dict) -> None:
    """An audit entry of an account event; actor None is the command line run by the server's operator."""
    name, login = (actor.name, actor.login) if actor else (SYSTEM_ACTOR, None)
    _audit(conn, name, action, None, None, None, facts, login=login)


def _require_admin(actor: Principal | None) -> None:
    """Account changes and the account list are for administrators; actor None is the server's operator."""
    # Checked here, below the Tài khoản page and the command line, so neither a page bug nor a new caller can
    # let a leader or an agency user create, disable or reset an account (shell access is administration).
    if actor is not None and actor.role != ADMIN:
        raise Forbidden("role", role=actor.role)


def _require_scope(actor: Principal | None, province: str | None) -> None:
    """A province's administrator manages that province's accounts only, never a country-wide one."""
    if actor is not None and actor.province is not None and province != actor.province:
        raise Forbidden("out-of-scope", agency_code=None, province=province)


# --- reads ---


def any_user(store: Store) -> bool:
    """True once an account exists (then every page asks for sign-in, disabled accounts included)."""
    with store.connect() as conn:
        return conn.execute(select(users.c.login).limit(1)).first() is not None


def list_users(store: Store, *, actor: Principal | None = None) -> list[User]:
    """The accounts the actor manages (a province's administrator: that province's), by login."""
    _require_admin(actor)
    query = select(users).order_by(users.c.login)
    if actor is not None and actor.province is not None:
        query = query.where(users.c.province == actor.province)
    with store.connect() as conn:
        return [_user(r) for r in conn.execute(query).mappings()]


def get_user(store: Store, login: str) -> User | None:
    with store.connect() as conn:
        row = _row(conn, login)
    return None if row is None else _user(row)


def user_by_email(store: Store, email: str) -> User | None:
    """The active account with that e-mail (case-insensitive), for single sign-on."""
    with store.connect() as conn:
        row = (
            conn.execute(
                select(users).where(func.lower(users.c.email) == email.strip().lower(), users.c.disabled == false())
            )
            .mappings()
            .first()
        )
    return None if row is None else _user(row)


# --- changes ---


def add_user(
    store: Store,
    login: str,
    role: str,
    *,
    agency_code: str | None = None,
    province: str | None = None,
    name: str | None = None,
    email: str | None = None,
    password: str | None = None,
    actor: Principal | None = None,
) -> User:
    """Create an account; AccountError on bad input, Forbidden for a non-administrator or outside their province.

    The one validation of a new account: the command line and the Tài khoản page both call this.
    """
    _require_admin(actor)
    login = login.strip()
    if not login or len(login) > LOGIN_MAX or any(c.isspace() for c in login):
        raise AccountError("bad-login", login=login)
    if role not in ROLES:
        raise AccountError("unknown-role", role=role)
    if role == AGENCY_STAFF and not agency_code:
        raise AccountError("agency-required")
    if role != AGENCY_STAFF and agency_code:
        raise AccountError("agency-only-for-staff", role=role)
    if password is not None:
        _check_password(password)
    hashed = _hasher.hash(password) if password is not None else None

    def work(conn: Connection) -> User:
        if _row(conn, login) is not None:
            raise AccountError("duplicate-login", login=login)
        scope_province = province
        if agency_code:
            known = conn.execute(select(agencies.c.province).where(agencies.c.code == agency_code)).first()
            if known is None:
                raise AccountError("unknown-agency", agency=agency_code)
            scope_province = known.province
        _require_scope(actor, scope_province)
        conn.execute(
            insert(users).values(
                login=login,
                display_name=(name or login).strip(),
                email=email.strip().lower() if email else None,
                role=role,
                agency_code=agency_code,
                province=scope_province,
                password_hash=hashed,
                must_change_password=False,
                created_at=_now(),
            )
        )
        facts = {"login": login, "role": role, "agency_code": agency_code, "province": scope_province}
        _entry(conn, actor, "user-add", facts)
        return _user(_row(conn, login))

    return store.write(work)


def _target(conn: Connection, login: str, actor: Principal | None):
    """The row of an existing account the actor may change."""
    row = _row(conn, login)
    if row is None:
        raise AccountError("unknown-user", login=login)
    _require_scope(actor, row["province"])
    return row


def disable_user(store: Store, login: str, *, actor: Principal | None = None) -> User:
    """Disable an account for good; an administrator may not disable their own (no one would be left to undo it)."""
    _require_admin(actor)
    if actor is not None and actor.login == login:
        raise AccountError("self-disable", login=login)

    def work(conn: Connection) -> User:
        _target(conn, login, actor)
        conn.execute(update(users).where(users.c.login == login).values(disabled=True))
        _entry(conn, actor, "user-disable", {"login": login})
        return _user(_row(conn, login))

    return store.write(work)


def reset_password(store: Store, login: str, *, password: str | None = None, actor: Principal | None = None) -> str:
    """Set a temporary password (a random one unless given), unlock, and force a change at next sign-in."""
    _require_admin(actor)
    temporary = password or secrets.token_urlsafe(12)
    _check_password(temporary)
    hashed = _hasher.hash(temporary)

    def work(conn: Connection) -> None:
        _target(conn, login, actor)
        conn.execute(
            update(users)
            .where(users.c.login == login)
            .values(password_hash=hashed, must_change_password=True, failed_attempts=0, locked_until=None)
        )
        _entry(conn, actor, "user-reset-password", {"login": login})

    store.write(work)
    return temporary


def change_password(store: Store, user: User, new_password: str) -> User:
    """The user's own change (after a reset, or by choice); the new password must differ from nothing stored."""
    _check_password(new_password)
    hashed = _hasher.hash(new_password)

    def work(conn: Connection) -> User:
        conn.execute(
            update(users).where(users.c.login == user.login).values(password_hash=hashed, must_change_password=False)
        )
        _entry(conn, user.principal(), "password-change", {"login": user.login})
        return _user(_row(conn, user.login))

    return store.write(work)


def record(store: Store, who: Principal | None, action: str, facts: dict | None = None) -> None:
    """An account event seen by the pages (sign-out, SSO sign-in, SSO refused, session expired)."""
    store.write(lambda conn: _entry(conn, who, action, facts or {}))


# --- sign-in ---


def _verify(hashed: str | None, password: str) -> bool:
    try:
        return _hasher.verify(hashed or _dummy_hash(), password) and hashed is not None
    except (VerificationError, InvalidHashError):
        return False


def authenticate(store: Store, login: str, password: str, *, now: datetime | None = None) -> SignIn:
    """Check a password sign-in and record it; MAX_FAILURES wrong ones in a row lock the account."""
    now = now or _now()
    login = login.strip()[:LOGIN_MAX]
    with store.connect() as conn:
        row = _row(conn, login)
    if row is not None and row["locked_until"] is not None and row["locked_until"] > now:
        # Locked: the password is not even checked, so the right one is refused too until the lockout ends.
        record(
            store, _user(row).principal(), "sign-in-locked", {"login": login, "until": row["locked_until"].isoformat()}
        )
        return SignIn("locked", locked_until=row["locked_until"])
    right = _verify(row["password_hash"] if row is not None else None, password)
    if row is None or row["disabled"] or not right:
        return _failed(store, login, row, now)

    def work(conn: Connection) -> User:
        conn.execute(update(users).where(users.c.login == login).values(failed_attempts=0, locked_until=None))
        user = _user(_row(conn, login))
        _entry(conn, user.principal(), "sign-in", {"login": login, "method": "password"})
        return user

    return SignIn("ok", user=store.write(work))


def _failed(store: Store, login: str, row, now: datetime) -> SignIn:
    who = _user(row).principal() if row is not None else None  # the entry names the account tried

    def work(conn: Connection) -> SignIn:
        facts: dict = {"login": login}
        if row is None or row["disabled"]:
            facts["reason"] = "unknown-login" if row is None else "disabled"
            _entry(conn, who, "sign-in-failed", facts)
            return SignIn("wrong")
        attempts = int(_row(conn, login)["failed_attempts"]) + 1
        locked_until = now + lockout() if attempts >= MAX_FAILURES else None
        conn.execute(
            update(users)
            .where(users.c.login == login)
            .values(failed_attempts=0 if locked_until else attempts, locked_until=locked_until)
        )
        _entry(conn, who, "sign-in-failed", {**facts, "attempt": attempts})
        if locked_until is None:
            return SignIn("wrong")
        _entry(conn, who, "lockout", {"login": login, "until": locked_until.isoformat(), "attempts": attempts})
        return SignIn("locked", locked_until=locked_until)

    return store.write(work)
