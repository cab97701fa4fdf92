"""python -m loaders <command>: check, template, extract (submission format §6).

Add a command by adding an entry to COMMANDS: name -> (configure(parser), handler(args) -> exit code);
the handler's docstring is its help line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import loaders
from intake.importer import configure as _configure_import
from intake.importer import run as _import

from . import worker
from .console import exit_with
from .messages import issue
from .safety import clean_name

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
# Codes meaning the file could not be read as a submission at all: exit 2, "unreadable file" (§6).
UNREADABLE = frozenset(
    {"file-not-found", "unreadable-file", "empty-file", "not-a-workbook", "legacy-or-encrypted", "unsupported-format"}
)


# --- check ---------------------------------------------------------------------------------------------


def _configure_check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="tệp .xlsx hoặc .csv (CSV của một đơn vị đi cùng nhau)"
    )


def _check(args: argparse.Namespace) -> int:
    """Kiểm tra tệp báo cáo, không lưu: một dòng JSON mỗi báo cáo."""
    status = EXIT_OK
    readable: list[tuple[str, bytes]] = []
    shown: dict[str, str] = {}  # name given to the reader -> path as typed, for the "file" field
    for arg in args.files:
        path = Path(arg)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            _print(_not_found(arg, exc))
            status = EXIT_USAGE
            continue
        # The reader sees the bare file name: CSV grouping reads <agency_code>_<year>_<table>.csv from it.
        name = clean_name(path.name)  # no control or bidi characters in the JSON or the log
        readable.append((name, raw))
        shown.setdefault(name, arg)
    # All files go to read_files together so that one agency's CSV tables become one submission.
    for result in worker.read_files_limited(readable) if readable else []:
        out = loaders.submission_to_json(result)
        out["file"] = shown.get(result.file, result.file)  # out["file"] is result.file
        _print(out)
        codes = {e.get("code") for e in out.get("errors", [])}
        if codes & UNREADABLE:
            status = EXIT_USAGE
        elif not out.get("ok"):
            status = max(status, EXIT_ERRORS)
    return status


def _not_found(arg: str, exc: OSError) -> dict:
    found = issue("file-not-found", arg, path=arg, detail=exc.strerror or type(exc).__name__)
    return loaders.submission_to_json(loaders.ParseResult(arg, None, (found,)))


# --- template ------------------------------------------------------------------------------------------


def _configure_template(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT.xlsx", help="nơi ghi tệp mẫu")


def _template(args: argparse.Namespace) -> int:
    """Ghi tệp mẫu báo cáo .xlsx."""
    from .template import write_workbook

    try:
        Path(args.out).write_bytes(write_workbook(None))
    except OSError as exc:
        print(f"Không ghi được {args.out}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    print(args.out)
    return EXIT_OK


# --- extract -------------------------------------------------------------------------------------------


def _configure_extract(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="báo cáo dạng văn bản (.pdf, .docx, ...)")


def _extract(args: argparse.Namespace) -> int:
    """Trích số liệu từ báo cáo dạng văn bản (PDF, Word)."""
    from .extract import cli

    return cli.main(list(args.files))


COMMANDS = {
    "check": (_configure_check, _check),
    "template": (_configure_template, _template),
    "extract": (_configure_extract, _extract),
    "import": (_configure_import, _import),  # validate and store, as the upload page does
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m loaders", description="Mẫu báo cáo chuyển đổi số")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (configure, handler) in COMMANDS.items():
        configure(sub.add_parser(name, help=handler.__doc__))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Runs one command; exit 0 ok, 1 a file has errors, 2 usage error or unreadable file."""
    parser = build_parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # argparse has printed the usage; report, don't exit the caller
        return EXIT_USAGE if exc.code else EXIT_OK
    if not args.command:
        parser.print_usage(sys.stderr)
        return EXIT_USAGE
    return COMMANDS[args.command][1](args)


def _print(obj: dict) -> None:
    print(json.dumps(obj, ensure_ascii=False, default=str), flush=True)


if __name__ == "__main__":
    exit_with(main)
