"""python -m reports build --year Y [--province P | --agency CODE] [--approved-only] --out FILE.docx|FILE.xlsx

Exit 0 when the file is written; 1 when the scope has no report for the year (or the view); 2 on usage
errors: unknown province or agency, an output that is neither .docx nor .xlsx, a file that cannot be written.
Messages are Vietnamese, on stderr; stdout gets one line naming the file written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from intake import samples
from loaders.console import exit_with
from reports import wording as w
from reports.content import ReportError, Scope, gather
from reports.docx_report import render_docx
from reports.xlsx_report import render_xlsx
from store import OPEN, ScopedStore, Store

EXIT_OK, EXIT_EMPTY, EXIT_USAGE = 0, 1, 2
RENDERERS = {".docx": render_docx, ".xlsx": render_xlsx}


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m reports", description="Báo cáo tổng hợp chuyển đổi số của Sở.")
    commands = root.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="lập báo cáo Word (.docx) hoặc bảng tính (.xlsx) cho một năm")
    build.add_argument("--year", type=int, required=True, help="năm báo cáo, ví dụ 2023")
    scope = build.add_mutually_exclusive_group()
    scope.add_argument("--province", help='tên tỉnh như trong kho dữ liệu, ví dụ "Quảng Ngãi"')
    scope.add_argument("--agency", help="mã đơn vị, ví dụ QNG-BDT")
    build.add_argument("--approved-only", action="store_true", help="chỉ tính các bản báo cáo đã duyệt")
    build.add_argument("--out", required=True, type=Path, help="tệp kết quả, đuôi .docx hoặc .xlsx")
    return root


def _open_store() -> Store:
    """The app's store; on an empty one the sample data is loaded first, as the app's first run does."""
    store = Store.open()
    if store.is_empty() and samples.enabled():
        report = samples.load_into(store)
        print(w.SAMPLES_LOADED.format(n=report.loaded), file=sys.stderr)
    return store


def build(args: argparse.Namespace) -> int:
    renderer = RENDERERS.get(args.out.suffix.lower())
    if renderer is None:
        print(w.ERR_OUT_SUFFIX.format(out=args.out), file=sys.stderr)
        return EXIT_USAGE
    scope = Scope(args.year, args.province, args.agency.strip().upper() if args.agency else None, args.approved_only)
    store = _open_store()
    try:
        # The operator's command line, as the Sở (open principal): approved-only reads approved versions only.
        data = gather(ScopedStore(store, OPEN, scope.approved_only), scope)
    except ReportError as error:
        print(w.ERROR_PREFIX + error.message_vi, file=sys.stderr)
        return error.exit_code
    finally:
        store.close()
    try:
        args.out.write_bytes(renderer(data))
    except OSError as error:
        print(w.ERR_WRITE.format(out=args.out, reason=error.strerror or error), file=sys.stderr)
        return EXIT_USAGE
    print(w.WRITTEN.format(out=args.out, n=len(data.submissions), year=scope.year, view=scope.view))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return build(args)


if __name__ == "__main__":
    exit_with(main)
