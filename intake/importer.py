"""`python -m loaders import FILE... --by NAME | --as LOGIN`: validate and store a batch, as the upload page does.

--as LOGIN imports as that account, with the page's checks (store.ScopedStore): a report of an agency outside
the account's scope gets an error with code `forbidden` and is not stored. Once an account exists, --as is
required (open mode's --by NAME is refused, as the pages then ask for sign-in).

Same grouping (loaders.read_files, on every core through loaders.worker: CSV tables of one agency and year make
one submission), same store rules (Store.save_submissions: each submission all or nothing in a transaction of up
to SAVE_BATCH, the next version of its (agency, year), the same bytes twice make no new version; scope and lock
checked for each). Prints one JSON line per submission:
  {"file", "ok", "agency", "year", "version", "created", "errors", "warnings"}
with errors and warnings as `check` prints them (sheet, row, column, code, message). Exit status as
`check`: 0 every submission stored (or already stored), 1 any submission refused or not stored,
2 usage, or a file that cannot be read. A path that does not exist, or two files with the same name, stop
the whole batch before anything is stored (a typo must not half-import it); a file that exists but is not
a workbook or CSV is refused alone, as check reports it, and the others are stored.
Never a traceback: a database failure is a JSON line with code store-error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from domain import Issue
from intake.upload import person_name
from loaders import issue_json, safety
from loaders.messages import Both, issue
from loaders.originals import original_file
from store import OPEN, Forbidden, Locked, Principal, ScopedStore, Store, ToSave, accounts, default_url, may_hold_data

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
DEFAULT_UPLOADER_ENV = "CDS_UPLOADED_BY"

# Same as check's (loaders/__main__.py): the file could not be read as a submission at all -> exit 2 (§6).
UNREADABLE = frozenset(
    {"file-not-found", "unreadable-file", "empty-file", "not-a-workbook", "legacy-or-encrypted", "unsupported-format"}
)
USAGE_CODES = frozenset({"duplicate-file-name"})
SAVE_BATCH = 100  # submissions per write transaction (each still all or nothing; 50-200 store about as fast)


def configure(parser: argparse.ArgumentParser) -> None:
    """The command's arguments (shared by `python -m loaders import` and main below)."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="tệp .xlsx hoặc .csv / .xlsx or .csv files")
    parser.add_argument(
        "--by",
        dest="uploaded_by",
        default=os.environ.get(DEFAULT_UPLOADER_ENV),
        help="người nộp, ghi vào lịch sử phiên bản / uploader recorded with each version "
        f"(mặc định ${DEFAULT_UPLOADER_ENV})",
    )
    parser.add_argument(
        "--as",
        dest="as_login",
        default=None,
        metavar="LOGIN",
        help="nộp với tư cách tài khoản này, cùng quyền như trên trang / import as this account, with its rights",
    )
    parser.add_argument("--database-url", default=None, help="thay cho DATABASE_URL / instead of DATABASE_URL")


def _usage(message_vi: str, message_en: str) -> int:
    print(f"lỗi: {message_vi} / error: {message_en}", file=sys.stderr)
    return EXIT_USAGE


def who_imports(args: argparse.Namespace) -> tuple[Principal | None, int]:
    """(principal, 0), or (None, exit status) after saying why on stderr."""
    if not args.as_login and not (args.uploaded_by or "").strip():
        return None, _usage("cần --as TÀI_KHOẢN hoặc --by TÊN (người nộp)", "--as LOGIN or --by NAME is required")
    url = args.database_url or default_url()
    if not args.as_login and not may_hold_data(url):  # a new SQLite file has no account: open mode, not created
        return replace(OPEN, name=args.uploaded_by.strip()), 0
    try:
        store = Store.open(url)
    except Exception as exc:
        if not args.as_login:  # open mode as before: each submission's JSON line says store-error
            return replace(OPEN, name=args.uploaded_by.strip()), 0
        return None, _usage(f"không mở được cơ sở dữ liệu ({_describe(exc)})", "cannot open the database")
    try:
        if args.as_login:
            user = accounts.get_user(store, args.as_login)
            if user is None or user.disabled:
                return None, _usage(f"không có tài khoản «{args.as_login}» đang hoạt động", "no such active account")
            return user.principal(), 0
        if accounts.any_user(store):
            return None, _usage(
                "đã bật đăng nhập (có tài khoản): dùng --as TÀI_KHOẢN thay cho --by",
                "sign-in is on (accounts exist): use --as LOGIN instead of --by",
            )
        return replace(OPEN, name=args.uploaded_by.strip()), 0
    finally:
        store.close()


def run(args: argparse.Namespace) -> int:
    """Kiểm tra và lưu báo cáo vào cơ sở dữ liệu như trang Nộp báo cáo: một dòng JSON mỗi báo cáo."""
    principal, status = who_imports(args)
    if principal is None:
        return status
    files, unreadable = read_paths(args.files)
    if unreadable:
        for name, detail in unreadable:
            emit(line(name, None, [issue("file-not-found", name, path=name, detail=detail)], []))
        print(
            "Không lưu tệp nào vì có tệp không đọc được. / Nothing stored: a file could not be read.", file=sys.stderr
        )
        return EXIT_USAGE
    try:
        lines = import_files(files, uploaded_by=person_name(principal.name), url=args.database_url, principal=principal)
    except Exception as exc:  # last resort: a JSON line per file rather than a traceback
        lines = [line(name, None, [_internal_error(name, _describe(exc))], []) for name, _ in files]
    for entry in lines:
        emit(entry)
    codes = {e["code"] for entry in lines for e in entry["errors"]}
    if codes & (UNREADABLE | USAGE_CODES):
        return EXIT_USAGE
    return EXIT_OK if all(entry["ok"] for entry in lines) else EXIT_ERRORS


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (never raises, never prints a traceback)."""
    parser = argparse.ArgumentParser(prog="python -m loaders import", description=run.__doc__)
    configure(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse printed the usage message
        return EXIT_USAGE if exc.code else EXIT_OK
    return run(args)


def read_paths(paths: Sequence[str]) -> tuple[list[tuple[str, bytes]], list[tuple[str, str]]]:
    """(name, bytes) of each readable file, and (name, reason) of each that is not."""
    files, unreadable = [], []
    for path in paths:
        name = safety.clean_name(path)  # the last path part, without control or bidi characters
        try:
            with open(path, "rb") as handle:
                files.append((name, handle.read()))
        except FileNotFoundError:
            unreadable.append((path, "không tìm thấy tệp / file not found"))
        except IsADirectoryError:
            unreadable.append((path, "đây là thư mục / a directory"))
        except OSError as exc:
            unreadable.append((path, exc.strerror or type(exc).__name__))
    return files, unreadable


def import_files(
    files: list[tuple[str, bytes]],
    *,
    uploaded_by: str,
    url: str | None = None,
    store=None,
    principal: Principal = OPEN,
) -> list[dict[str, Any]]:
    """Validate files as one batch and store each valid submission as principal; one result dict per submission."""
    from loaders import worker

    counts = Counter(name for name, _ in files)
    if any(n > 1 for n in counts.values()):  # the stored original is looked up by name: two could swap bytes
        return [line(name, None, [issue("duplicate-file-name", name, name=name)], []) for name, _ in files]
    run = _Run(files, uploaded_by, url, store, principal)
    read_positions: set[int] = set()
    try:
        # Stored while the children read the rest: each result comes once every file before it is read, so the
        # versions are those of storing in the files' order.
        for result in worker.iter_read_files_limited(files):
            read_positions.update(result.positions)
            run.take(result)
    except Exception as exc:  # a loader bug must not cost the operator a traceback: the files not yet read say so
        detail = type(exc).__name__
        run.out += [
            line(name, None, [_internal_error(name, detail)], [])
            for n, (name, _) in enumerate(files)
            if n not in read_positions
        ]
    return run.finish()


class _Run:
    """One import: each read result checked, then stored SAVE_BATCH submissions per transaction."""

    def __init__(self, files: list[tuple[str, bytes]], uploaded_by: str, url: str | None, store, principal):
        self.files, self.uploaded_by, self.url, self.principal = files, uploaded_by, url, principal
        self.first_of = _FirstWithSameBytes(files)
        self.out: list[dict[str, Any]] = []
        self.opened, self.open_error, self.own_store = store, None, store is None
        self.batch: list[tuple[int, Any, ToSave]] = []  # (index in out, result, what to save)

    def take(self, result) -> None:
        """The result's line now, or a place for it filled in when its batch is saved."""
        if not result.ok:
            self.out.append(line(result.file, result.submission, result.errors, result.warnings))
            return
        earlier = self.first_of.earlier(result)
        if earlier is not None:
            repeated = issue("duplicate-file-content", result.file, name=result.file, other=earlier)
            self.out.append(line(result.file, result.submission, [repeated], result.warnings))
            return
        if self.opened is None and self.open_error is None:
            self.opened, self.open_error = _open_store(self.url)
        if self.open_error is not None:
            self.out.append(self._failed(result, self.open_error))
            return
        assert result.submission is not None, "a valid result has its submission"
        if len(self.batch) >= SAVE_BATCH or _moves_agency(self.batch, result.submission):
            self._save()
        try:
            file_name, raw = stored_file(result, self.files)
        except Exception as exc:
            self.out.append(self._failed(result, _describe(exc)))
            return
        self.out.append({})  # its line once the batch is saved
        item = ToSave(result.submission, raw, file_name, self.uploaded_by, None, result.warnings)
        self.batch.append((len(self.out) - 1, result, item))

    def finish(self) -> list[dict[str, Any]]:
        if self.batch:
            self._save()
        if self.opened is not None and self.own_store:
            self.opened.close()
        return self.out

    def _save(self) -> None:
        _save_batch(ScopedStore(self.opened, self.principal), self.batch, self.out, self.principal)

    @staticmethod
    def _failed(result, detail: str) -> dict[str, Any]:
        return line(result.file, result.submission, [_store_error(result.file, detail)], result.warnings)


def _moves_agency(batch: list[tuple[int, Any, ToSave]], sub) -> bool:
    """Whether sub names an agency of the batch under another province: saved one by one, the first would enter
    the registry before the second is checked, so the batch is saved first to check it the same way."""
    return any(item.sub.agency_code == sub.agency_code and item.sub.province != sub.province for _, _, item in batch)


def _save_batch(
    scoped: ScopedStore, batch: list[tuple[int, Any, ToSave]], out: list[dict[str, Any]], principal
) -> None:
    """Store the batch in one transaction (each submission all or nothing) and fill in each one's line."""
    try:
        outcomes: list = scoped.save_submissions([item for _, _, item in batch])
    except Exception as exc:  # the store could not be reached at all: every submission of the batch says so
        outcomes = [exc] * len(batch)
    for (at, result, _), saved in zip(batch, outcomes, strict=True):
        sub = result.submission
        if isinstance(saved, Forbidden):  # checked before anything is written: the store is unchanged
            out[at] = line(result.file, sub, [_forbidden(result.file, sub, principal)], result.warnings)
        elif isinstance(saved, Locked):  # approved, or past the period's lock: also checked before writing
            out[at] = line(result.file, sub, [_locked(result.file, sub, saved)], result.warnings)
        elif isinstance(saved, Exception):  # its savepoint rolled back: nothing of this submission is stored
            out[at] = line(result.file, sub, [_store_error(result.file, _describe(saved))], result.warnings)
        else:
            out[at] = line(result.file, sub, [], result.warnings, version=saved.version, created=saved.created)
    batch.clear()


class _FirstWithSameBytes:
    """The earlier file of a valid submission read from the same bytes (bao-cao.xlsx and its copy
    bao-cao (1).xlsx): stored twice, one workbook would be two versions. The upload page refuses them too
    (intake/upload.py). A copy of a broken file keeps its own errors, so every file is still told what is wrong.
    Asked of each result in order, as they are stored."""

    def __init__(self, files: Sequence[tuple[str, bytes]]):
        self._digests = [hashlib.sha256(raw).hexdigest() for _, raw in files]
        self._seen: dict[tuple[str, ...], str] = {}

    def earlier(self, result) -> str | None:
        """The earlier file's name when result repeats its bytes; else None (and result is remembered)."""
        if not result.ok or not result.positions:
            return None
        key = tuple(sorted(self._digests[n] for n in result.positions))
        if key in self._seen:
            return self._seen[key]
        self._seen[key] = result.file
        return None


def stored_file(result, files: Sequence[tuple[str, bytes]]) -> tuple[str, bytes]:
    """(file name, bytes) kept as the version's original, exactly as the upload page keeps them.

    The files are the result's own, by position: a label of joined names could name another file's bytes.
    """
    return original_file([files[n] for n in result.positions], result.submission)


def line(
    file: str,
    submission,
    errors: Sequence[Issue],
    warnings: Sequence[Issue],
    *,
    version: int | None = None,
    created: bool = False,
) -> dict[str, Any]:
    return {
        "file": file,
        "ok": not errors and version is not None,
        "agency": getattr(submission, "agency", None),
        "year": getattr(submission, "year", None),
        "version": version,
        "created": created,
        "errors": [issue_json(i) for i in errors],
        "warnings": [issue_json(i) for i in warnings],
    }


def emit(entry: dict[str, Any]) -> None:
    text = json.dumps(entry, ensure_ascii=False, default=str)
    try:
        print(text, flush=True)
    except UnicodeEncodeError:  # a console that cannot show Vietnamese still gets valid JSON
        print(json.dumps(entry, ensure_ascii=True, default=str), flush=True)


def _open_store(url: str | None):
    """(Store, None) or (None, reason)."""
    try:
        from store import database as store_module

        return store_module.Store.open(url or store_module.default_url()), None
    except Exception as exc:
        return None, _describe(exc)


def _describe(exc: BaseException) -> str:
    """A short reason without credentials: the exception type and first line (URLs with passwords cut)."""
    first = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0][:200]
    if "://" in first:
        first = first.split("://")[0] + "://…"
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _store_error(file: str, detail: str) -> Issue:
    return issue("store-error", file, detail=detail)


def _forbidden(file: str, submission, principal: Principal) -> Issue:
    return issue(
        "forbidden",
        file,
        login=principal.login or principal.name,
        role=principal.role,
        agency=f"{submission.agency} ({submission.agency_code})",
    )


def _locked(file: str, submission, exc: Locked) -> Issue:
    return issue(
        "locked",
        file,
        year=submission.year,
        agency=f"{submission.agency} ({submission.agency_code})",
        why=Both(
            "đã duyệt" if exc.why == "approved" else "đã quá hạn khoá sổ của kỳ báo cáo",
            "approved" if exc.why == "approved" else "past the period's lock date",
        ),
    )


def _internal_error(file: str, detail: str) -> Issue:
    return issue("internal-error", file, detail=detail)


if __name__ == "__main__":
    sys.exit(main())
