"""What the admin commands share: the database option, opening the store, JSON lines, Vietnamese errors."""

from __future__ import annotations

import argparse
import json
import sys

from store import Store, default_url

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
