"""`python -m admin user add|list|disable|reset-password`: accounts with a role and a scope.

Run by the server's operator (shell access is administration): the actor is admin.common.OPERATOR, a country-wide
administrator, so store.accounts' role and scope checks let every command through; entries in the audit log name
"system". The rules of a valid account live in store.accounts, shared with the Tài khoản page.
Passwords come only from standard input (--password-stdin), never from an argument a process list shows.
"""

from __future__ import annotations

import argparse
import sys

from admin.common import EXIT_OK, OPERATOR, add_database_option, emit, fail, open_store
from store import accounts
from store.access import ROLES

# AccountError code -> (Vietnamese, English); facts fill the fields.
ERRORS = {
    "bad-login": (
        "tên đăng nhập «{login}» không hợp lệ (không để trống, không có dấu cách, tối đa 64 ký tự)",
        "invalid login «{login}» (not empty, no spaces, at most 64 characters)",
    ),
    "unknown-role": (
        "vai trò «{role}» không có; chọn một trong: " + ", ".join(ROLES),
        "unknown role «{role}»; choose one of: " + ", ".join(ROLES),
    ),
    "agency-required": ("tài khoản don_vi cần --agency MÃ_ĐƠN_VỊ", "a don_vi account needs --agency CODE"),
    "agency-only-for-staff": (
        "chỉ tài khoản don_vi gắn với một đơn vị; vai trò {role} dùng --province hoặc để trống (toàn quốc)",
        "only don_vi accounts belong to an agency; role {role} takes --province or nothing (whole country)",
    ),
    "unknown-agency": (
        "mã đơn vị «{agency}» không có trong danh mục đơn vị",
        "agency code «{agency}» is not in the agency registry",
    ),
    "duplicate-login": ("tên đăng nhập «{login}» đã có", "login «{login}» already exists"),
    "unknown-user": ("không có tài khoản «{login}»", "no account «{login}»"),
    "self-disable": ("không tự khoá tài khoản của chính mình", "an administrator may not disable their own account"),
    "password-too-short": ("mật khẩu cần ít nhất {minimum} ký tự", "the password needs at least {minimum} characters"),
}


def add_commands(subparsers) -> None:
    user = subparsers.add_parser("user", help="tài khoản người dùng / user accounts")
    commands = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)

    add = commands.add_parser("add", help="tạo tài khoản / create an account")
    add.add_argument("login", metavar="LOGIN")
    add.add_argument("--role", required=True, help="|".join(ROLES))
    scope = add.add_mutually_exclusive_group()
    scope.add_argument("--agency", metavar="CODE", help="mã đơn vị (vai trò don_vi)")
    scope.add_argument("--province", metavar="NAME", help="tỉnh; để trống = toàn quốc")
    add.add_argument("--name", help="họ tên hiển thị")
    add.add_argument("--email", help="thư điện tử (đăng nhập SSO)")
    add.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của stdin")
    add.set_defaults(handler=_add)

    listing = commands.add_parser("list", help="một dòng JSON mỗi tài khoản / one JSON line per account")
    listing.set_defaults(handler=_list)

    disable = commands.add_parser("disable", help="khoá hẳn tài khoản / disable an account")
    disable.add_argument("login", metavar="LOGIN")
    disable.set_defaults(handler=_disable)

    reset = commands.add_parser("reset-password", help="đặt lại mật khẩu tạm / set a temporary password")
    reset.add_argument("login", metavar="LOGIN")
    reset.add_argument(
        "--password-stdin", action="store_true", help="đọc mật khẩu tạm từ stdin thay vì sinh ngẫu nhiên"
    )
    reset.set_defaults(handler=_reset)

    for parser in (add, listing, disable, reset):
        add_database_option(parser)


def _password_from_stdin() -> str:
    return sys.stdin.readline().rstrip("\r\n")


def _account_error(exc: accounts.AccountError) -> int:
    vi, en = ERRORS[exc.code]
    return fail(vi.format(**exc.facts), en.format(**exc.facts))


def _add(args: argparse.Namespace) -> int:
    """Tạo tài khoản."""
    password = _password_from_stdin() if args.password_stdin else None
    store = open_store(args)
    try:
        user = accounts.add_user(
            store,
            args.login,
            args.role,
            agency_code=args.agency,
            province=args.province,
            name=args.name,
            email=args.email,
            password=password,
            actor=OPERATOR,
        )
    except accounts.AccountError as exc:
        return _account_error(exc)
    finally:
        store.close()
    emit({"ok": True, **user.public()})
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    """Liệt kê tài khoản, không có mật khẩu."""
    store = open_store(args)
    try:
        for user in accounts.list_users(store, actor=OPERATOR):
            emit(user.public())
    finally:
        store.close()
    return EXIT_OK


def _disable(args: argparse.Namespace) -> int:
    """Khoá hẳn tài khoản."""
    store = open_store(args)
    try:
        user = accounts.disable_user(store, args.login, actor=OPERATOR)
    except accounts.AccountError as exc:
        return _account_error(exc)
    finally:
        store.close()
    emit({"ok": True, **user.public()})
    return EXIT_OK


def _reset(args: argparse.Namespace) -> int:
    """Đặt mật khẩu tạm; người dùng phải đổi khi đăng nhập."""
    given = _password_from_stdin() if args.password_stdin else None
    store = open_store(args)
    try:
        temporary = accounts.reset_password(store, args.login, password=given, actor=OPERATOR)
    except accounts.AccountError as exc:
        return _account_error(exc)
    finally:
        store.close()
    entry = {"ok": True, "login": args.login, "must_change_password": True}
    if given is None:  # generated: shown once, here, for the administrator to hand over; never stored in clear
        entry["temporary_password"] = temporary
    emit(entry)
    return EXIT_OK
