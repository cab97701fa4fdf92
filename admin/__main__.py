"""python -m admin <command>: each module of admin/ adds its commands with add_commands(subparsers)."""

from __future__ import annotations

import argparse
import sys

from admin import registry

MODULES = (registry,)  # each: add_commands(subparsers), every parser sets `run` (args -> exit code)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m admin", description="Quản trị: sổ đăng ký đơn vị và hơn nữa.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in MODULES:
        module.add_commands(subparsers)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
