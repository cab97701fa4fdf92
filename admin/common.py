"""What the admin commands share: the database option, opening the store, JSON lines, Vietnamese errors."""

from __future__ import annotations

import argparse
import json
import sys

from store import OPEN, Principal, Store, accounts, default_url
from store.access import ADMIN
from store.database import SYSTEM_ACTOR

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", default=None, help="thay cho DATABASE_URL / instead of DATABASE_URL")


def open_store(args: argparse.Namespace) -> Store:
    return Store.open(args.database_url or default_url())


def emit(entry: dict) -> None:
    print(json.dumps(entry, ensure_ascii=False, default=str), flush=True)


def fail(message_vi: str, message_en: str) -> int:
    """A clear error on stderr in Vietnamese (and English); exit status 1."""
    print(f"lỗi: {message_vi}\nerror: {message_en}", file=sys.stderr)
    return EXIT_ERROR


# Who runs a command without --as: the server's operator, as for `admin user` (shell access is administration);
# the audit log names "system". Commands that must name a person (approve / return / re-open) pass operator_ok=False
# and need --as once an account exists. With no account at all the store is in open mode, as the pages are.
OPERATOR = Principal(login=None, name=SYSTEM_ACTOR, role=ADMIN)


def resolve_principal(store: Store, login: str | None, operator_ok: bool) -> tuple[Principal | None, str | None]:
    """(principal, None) or (None, error code): --as names an active account; without it, see OPERATOR."""
    if login:
        user = accounts.get_user(store, login)
        return (user.principal(), None) if user and not user.disabled else (None, "unknown-user")
    if not accounts.any_user(store):
        return OPEN, None
    return (OPERATOR, None) if operator_ok else (None, "as-required")
