"""`admin provinces --as-of DATE` and `admin lineage CODE`: the registry with time (issue 15), as JSON lines.

Exit codes: 0 done, 2 usage (a date before 2015 or not a date, an unknown code); argparse also exits 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

import units

EXIT_OK, EXIT_USAGE = 0, 2


def add_commands(subparsers) -> None:
    provinces = subparsers.add_parser(
        "provinces", help="Các tỉnh, thành phố có hiệu lực vào một ngày: một dòng JSON mỗi tỉnh."
    )
    provinces.add_argument("--as-of", required=True, metavar="YYYY-MM-DD", help="ngày xem (từ 2015-01-01)")
    provinces.set_defaults(handler=run_provinces)
    lineage = subparsers.add_parser("lineage", help="Các sự kiện (nhập, chia, đổi tên...) của một tỉnh hoặc cơ quan.")
    lineage.add_argument("code", metavar="CODE", help="mã tỉnh (vd. KTM, QNG-2025) hoặc mã cơ quan")
    lineage.set_defaults(handler=run_lineage)


def parse_day(text: str) -> date | None:
    """The day, or None after printing why it is refused (not a date, or before the registry starts)."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        _error(
            f"'{text}' không phải ngày dạng YYYY-MM-DD (vd. 2025-07-01).",
            f"'{text}' is not a YYYY-MM-DD date (e.g. 2025-07-01).",
        )
        return None
    if day < units.REGISTRY_START:
        _error(
            f"Ngày {day:%d/%m/%Y} trước {units.REGISTRY_START:%d/%m/%Y}: sổ đăng ký bắt đầu từ năm 2015.",
            f"{day.isoformat()} is before {units.REGISTRY_START.isoformat()}: the registry starts in 2015.",
        )
        return None
    return day


def province_record(unit: units.Province) -> dict:
    """The contract's fields, in the contract's order."""
    after = units.successor(unit.code) if unit.valid_to is not None else None
    return {
        "code": unit.code,
        "name": unit.name,
        "valid_from": unit.valid_from.isoformat(),
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
        "successor_code": after.code if after else None,
        "successor_name": after.name if after else None,
        "legal_basis": unit.legal_basis,
    }


def run_provinces(args: argparse.Namespace) -> int:
    """One JSON line per province valid on --as-of."""
    day = parse_day(args.as_of)
    if day is None:
        return EXIT_USAGE
    for unit in units.provinces_as_of(day):
        _print(province_record(unit))
    return EXIT_OK


def event_record(event: units.Event) -> dict:
    def named(codes: tuple[str, ...]) -> list[dict]:
        return [{"code": c, "name": units.unit_name(c)} for c in codes]

    return {
        "date": event.day.isoformat(),
        "kind": event.kind,
        "from": named(event.from_codes),
        "to": named(event.to_codes),
        "shares": dict(event.shares) or None,
        "legal_basis": event.legal_basis,
        "note": event.note,
        "sources": list(event.sources),
    }


def run_lineage(args: argparse.Namespace) -> int:
    """One JSON line per event of a province or agency (oldest first); an unknown code is a usage error."""
    code = args.code.strip().upper()
    if units.unit_name(code) is None:
        _error(
            f"Không có tỉnh, thành phố hoặc cơ quan mã '{args.code}' trong sổ đăng ký.",
            f"No province, city or agency with code '{args.code}' in the registry.",
        )
        return EXIT_USAGE
    for event in units.lineage(code):
        _print(event_record(event))
    return EXIT_OK


def _print(record: dict) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


def _error(vi: str, en: str) -> None:
    print(f"Lỗi: {vi}\nError: {en}", file=sys.stderr)
