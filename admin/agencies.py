"""`python -m admin agencies list|import`: the agencies that must report, their group and the e-mail reminders use.

The same rules as the editor on Tình hình nộp báo cáo: every row is checked first (intake.agencies, one check for
both), then stored through store.ScopedStore, which refuses a row outside the user's province (`forbidden`) before
writing anything. Without --as the command runs as periods.py's do (open mode, or the server's operator).
Exit 0 done, 1 refused (a JSON line says why, in Vietnamese, naming file, row and column), 2 usage or unreadable file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from admin.common import EXIT_ERROR, EXIT_OK, EXIT_USAGE, add_database_option, emit, open_store, resolve_principal
from intake import agencies as agency_list
from store import Forbidden, ScopedStore, Store

MESSAGES = {
    "forbidden": (
        "Tài khoản {login} không được sửa đơn vị {code} (tỉnh {province}): chỉ chuyên viên Sở hoặc quản trị, "
        "với đơn vị trong phạm vi của mình.",
        "Account {login} may not change agency {code} (province {province}): only an analyst or administrator, "
        "for agencies in their scope.",
    ),
    "unknown-user": ("Không có tài khoản «{login}» đang hoạt động.", "No active account «{login}»."),
    "as-required": (
        "Đã bật đăng nhập (có tài khoản): cần --as TÀI_KHOẢN.",
        "Sign-in is on (accounts exist): --as LOGIN is needed.",
    ),
}


def add_commands(subparsers) -> None:
    group = subparsers.add_parser("agencies", help="danh sách đơn vị phải báo cáo / the agency list")
    actions = group.add_subparsers(dest="agencies_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="một dòng JSON mỗi đơn vị / one JSON line per agency")
    listing.add_argument("--province", default=None, help="chỉ một tỉnh / one province only")
    listing.set_defaults(handler=_list)
    load = actions.add_parser("import", help="nhập hoặc cập nhật từ tệp CSV / add or update from a CSV file")
    load.add_argument("file", metavar="FILE.csv", help="code,name,province,agency_group,expected_to_report,email")
    load.set_defaults(handler=_import)
    for parser in (listing, load):
        parser.add_argument("--as", dest="as_login", metavar="LOGIN", help="với tư cách tài khoản này")
        add_database_option(parser)


def record(row) -> dict:
    """One agency as printed by list and import, in the CSV's column order."""
    return {
        "code": row["code"],
        "name": row["name"],
        "province": None if pd.isna(row["province"]) else row["province"],
        "agency_group": None if pd.isna(row["agency_group"]) else row["agency_group"],
        "expected_to_report": bool(row["expected_to_report"]),
        "email": None if pd.isna(row["email"]) else row["email"],
    }


def _usage(message_vi: str, message_en: str) -> int:
    print(f"lỗi: {message_vi}\nerror: {message_en}", file=sys.stderr)
    return EXIT_USAGE


def _refusal(refusal: str, **facts) -> int:
    vi, en = MESSAGES[refusal]
    emit({"ok": False, "errors": [{"code": refusal, "message": vi.format(**facts), "message_en": en.format(**facts)}]})
    return EXIT_USAGE if refusal in ("unknown-user", "as-required") else EXIT_ERROR


def _scoped(store: Store, args: argparse.Namespace) -> ScopedStore | None:
    principal, problem = resolve_principal(store, args.as_login, operator_ok=True)
    if principal is None:
        _refusal(problem or "unknown-user", login=args.as_login)
        return None
    return ScopedStore(store, principal)


def _list(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        scoped = _scoped(store, args)
        if scoped is None:
            return EXIT_USAGE
        frame = scoped.agencies_frame()
        if args.province:
            frame = frame[frame["province"] == args.province]
        for _, row in frame.iterrows():
            emit(record(row))
        return EXIT_OK
    finally:
        store.close()


def _import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        raw = path.read_bytes()
        numbered, header_issues = agency_list.read_csv(path.name, raw)
    except OSError as exc:
        return _usage(f"không đọc được tệp {path}: {exc.strerror}", f"cannot read {path}: {exc.strerror}")
    except agency_list.UnreadableFile:
        return _usage(f"tệp {path} không phải văn bản UTF-8 (CSV)", f"{path} is not UTF-8 text (CSV)")
    store = open_store(args)
    try:
        scoped = _scoped(store, args)
        if scoped is None:
            return EXIT_USAGE
        # Every row is checked, and every problem reported, before anything is written.
        stored = set(store.agencies_frame()["province"].dropna())
        checked = agency_list.check_agencies(numbered, path.name, stored) if not header_issues else None
        issues = header_issues if checked is None else checked.issues
        if issues:
            emit({"ok": False, "file": str(path), "errors": [_located(i) for i in issues]})
            return EXIT_ERROR
        assert checked is not None
        try:
            scoped.upsert_agencies(checked.rows)
        except Forbidden as exc:
            code = exc.facts.get("agency_code")
            province = next((r["province"] for r in checked.rows if r["code"] == code), None)
            who = scoped.principal.login or scoped.principal.name or "mở"
            return _refusal("forbidden", login=who, code=code, province=province)
        # Read back: an empty e-mail cell keeps the address already stored, and that is what the user should see.
        now = scoped.agencies_frame().set_index("code", drop=False)
        for (row, _), given in zip(numbered, checked.rows):
            emit({"ok": True, "row": row, **record(now.loc[given["code"]])})
        return EXIT_OK
    finally:
        store.close()


def _located(found) -> dict:
    """An issue as a JSON error: where (file, row, column) in the message itself, so a person reading it knows."""
    where_vi = ", ".join(
        p
        for p in (found.file, f"dòng {found.row}" if found.row else "", f"cột {found.column}" if found.column else "")
        if p
    )
    where_en = ", ".join(
        p
        for p in (found.file, f"row {found.row}" if found.row else "", f"column {found.column}" if found.column else "")
        if p
    )
    return {
        "code": found.code,
        "file": found.file,
        "row": found.row,
        "column": found.column,
        "message": f"{where_vi}: {found.message_vi}",
        "message_en": f"{where_en}: {found.message_en}",
    }
