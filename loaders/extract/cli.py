"""`extract FILE...`: one JSON object per file, per line (the `check` shape plus spans)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .. import issue_json
from ..messages import issue
from . import extract_report, extraction_to_json

USAGE = "usage: python -m loaders extract FILE..."
UNREADABLE = frozenset({"unreadable-file", "scanned-pdf", "unsupported-format", "empty-file"})


def main(argv: list[str] | None = None) -> int:
    """Exit 0 when every file is ok, 1 when any has errors, 2 on usage or an unreadable file."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["extract"]:
        args = args[1:]
    if not args or any(a in ("-h", "--help") for a in args):
        print(USAGE, file=sys.stderr)
        return 2
    status = 0
    for arg in args:
        path = Path(arg)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            missing = issue("file-not-found", arg, path=arg, detail=exc.strerror or type(exc).__name__)
            print(
                json.dumps(
                    {
                        "file": arg,
                        "ok": False,
                        "submission": None,
                        "errors": [issue_json(missing)],
                        "warnings": [],
                        "spans": [],
                        "candidates": [],
                        "amounts": [],
                        "checks": [],
                    },
                    ensure_ascii=False,
                )
            )
            status = 2
            continue
        ex = extract_report(path.name, raw)
        out = extraction_to_json(ex)
        out["file"] = arg
        print(json.dumps(out, ensure_ascii=False))
        if any(i.code in UNREADABLE for i in ex.issues):
            status = 2
        elif not ex.ok:
            status = max(status, 1)
    return status
