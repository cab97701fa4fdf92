"""python -m admin <command> ...: a thin dispatcher over the modules of admin/.

Each module exposes add_commands(subparsers) and gives every command a handler (set_defaults(handler=...))
that returns the exit status; adding a module is one line in MODULES.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from admin import agencies, periods, registry, users
from loaders.console import exit_with

MODULES = (users, periods, registry, agencies)
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m admin", description="Quản trị hệ thống / administration")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in MODULES:
        module.add_commands(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # argparse printed the usage message
        return EXIT_USAGE if exc.code else 0
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_usage(sys.stderr)
        return EXIT_USAGE
    return handler(args)


if __name__ == "__main__":
    exit_with(main)
