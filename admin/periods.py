"""`python -m admin period add|extend`, `status`, `approve`, `return`, `reopen`: the reporting cycle by command line.

Same rules as the pages (store.ScopedStore): only a chuyen_vien or quan_tri in scope may add a period, approve,
return or re-open (`forbidden` otherwise); a return or re-open needs a reason. Every command prints JSON lines;
exit 0 done, 1 refused (the JSON line says why, in Vietnamese), 2 usage.
"""

from __future__ import annotations

import argparse
from datetime import date

import pandas as pd

from admin.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    add_database_option,
    emit,
    open_store,
    resolve_principal,
)
from store import Forbidden, ScopedStore, cycle

MESSAGES = {
    "forbidden": "Tài khoản {login} không có quyền này (chỉ chuyên viên Sở hoặc quản trị trong phạm vi của mình).",
    "reason-required": "Cần nêu lý do (--reason) khi trả lại hoặc mở lại báo cáo.",
    "bad-transition": "Không thể {kind} báo cáo đang ở trạng thái {state}.",
    "period-exists": "Năm {year} đã có kỳ báo cáo cho phạm vi này.",
    "ref-required": "Cần số, ký hiệu và ngày của công văn (--ref).",
    "bad-lock-days": "--lock-after-days phải là số ngày không âm.",
    "no-period": "Năm {year} chưa có kỳ báo cáo: tạo bằng `python -m admin period add`.",
    "unknown-user": "Không có tài khoản «{login}» đang hoạt động.",
    "as-required": "Đã bật đăng nhập (có tài khoản): cần --as TÀI_KHOẢN.",
}
KIND_VI = {"approve": "duyệt", "return": "trả lại", "reopen": "mở lại"}
STATE_VI = {"chua_nop": "chưa nộp", "da_nop": "đã nộp", "tra_lai": "trả lại", "da_duyet": "đã duyệt"}


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày phải có dạng YYYY-MM-DD: {text!r}") from None


def _as_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="as_login", metavar="LOGIN", help="với tư cách tài khoản này")
    add_database_option(parser)


def add_commands(subparsers) -> None:
    period = subparsers.add_parser("period", help="kỳ báo cáo / reporting periods")
    actions = period.add_subparsers(dest="period_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="mở kỳ báo cáo theo công văn / open a reporting period")
    add.add_argument("--year", type=int, required=True)
    add.add_argument("--deadline", type=_day, required=True, metavar="YYYY-MM-DD")
    add.add_argument("--ref", required=True, metavar='"SỐ/KÝ HIỆU ngày dd/mm/yyyy"')
    add.add_argument("--province", default=None)
    add.add_argument("--lock-after-days", type=int, default=None, metavar="N")
    _as_option(add)
    add.set_defaults(handler=_add)
    ext = actions.add_parser("extend", help="gia hạn cho một đơn vị / extend one agency's deadline")
    ext.add_argument("code", metavar="CODE")
    ext.add_argument("year", type=int, metavar="YEAR")
    ext.add_argument("--until", type=_day, required=True, metavar="YYYY-MM-DD")
    _as_option(ext)
    ext.set_defaults(handler=_extend)

    status = subparsers.add_parser("status", help="tình hình nộp báo cáo / who has reported")
    status.add_argument("--year", type=int, required=True)
    status.add_argument("--province", default=None)
    _as_option(status)
    status.set_defaults(handler=_status)

    for kind, needs_reason in (("approve", False), ("return", True), ("reopen", True)):
        command = subparsers.add_parser(kind, help=f"{KIND_VI[kind]} báo cáo / {kind} a report")
        command.add_argument("code", metavar="CODE")
        command.add_argument("year", type=int, metavar="YEAR")
        command.add_argument(
            "--reason", default=None, required=False, help="lý do" + (" (bắt buộc)" if needs_reason else "")
        )
        _as_option(command)
        command.set_defaults(handler=_transition, kind=kind)


def _refusal(code: str, **facts) -> int:
    emit({"ok": False, "errors": [{"code": code, "message": MESSAGES[code].format(**facts)}]})
    return EXIT_USAGE if code in ("unknown-user", "as-required") else EXIT_ERROR


def _run(args: argparse.Namespace, work, operator_ok: bool = True) -> int:
    """Open the store, resolve --as, run work(scoped) -> exit status; refusals become JSON lines."""
    store = open_store(args)
    try:
        principal, problem = resolve_principal(store, args.as_login, operator_ok)
        if principal is None:
            return _refusal(problem or "unknown-user", login=args.as_login)
        try:
            return work(ScopedStore(store, principal))
        except Forbidden:
            return _refusal("forbidden", login=principal.login or principal.name or "mở")
        except cycle.CycleError as exc:
            facts = {**exc.facts}
            facts["kind"] = KIND_VI.get(str(facts.get("kind")), facts.get("kind"))
            facts["state"] = STATE_VI.get(str(facts.get("state")), facts.get("state"))
            return _refusal(exc.code, **facts)
    finally:
        store.close()


def _add(args: argparse.Namespace) -> int:
    def work(scoped: ScopedStore) -> int:
        period = scoped.add_period(
            args.year, args.deadline, args.ref, province=args.province, lock_after_days=args.lock_after_days
        )
        emit(
            {
                "ok": True,
                "year": period.year,
                "province": period.province,
                "ref": period.ref,
                "deadline": period.deadline.isoformat(),
                "lock_after_days": period.lock_after_days,
            }
        )
        return EXIT_OK

    return _run(args, work)


def _extend(args: argparse.Namespace) -> int:
    def work(scoped: ScopedStore) -> int:
        scoped.extend(args.code, args.year, args.until)
        emit({"ok": True, "agency_code": args.code, "year": args.year, "deadline": args.until.isoformat()})
        return EXIT_OK

    return _run(args, work)


def _status(args: argparse.Namespace) -> int:
    def work(scoped: ScopedStore) -> int:
        frame = scoped.status_frame(args.year, args.province)
        for row in frame.itertuples():
            first = row.first_submitted_at
            emit(
                {
                    "agency_code": row.agency_code,
                    "agency": row.agency,
                    "state": row.state,
                    "on_time": None if pd.isna(row.on_time) else bool(row.on_time),
                    "days_late": None if pd.isna(row.days_late) else int(row.days_late),
                    "first_submitted_at": None if pd.isna(first) else first.isoformat(),
                    "current_version": None if pd.isna(row.current_version) else int(row.current_version),
                }
            )
        return EXIT_OK

    return _run(args, work)


def _transition(args: argparse.Namespace) -> int:
    def work(scoped: ScopedStore) -> int:
        move = {"approve": scoped.approve, "return": scoped.return_report, "reopen": scoped.reopen}[args.kind]
        move(args.code, args.year, reason=args.reason or "")
        state = scoped.report_status(args.code, args.year).state
        emit({"ok": True, "agency_code": args.code, "year": args.year, "state": state})
        return EXIT_OK

    return _run(args, work, operator_ok=False)
