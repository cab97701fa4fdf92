"""Parsing of uploads in a child process with memory (RLIMIT_AS) and time limits.

A parser bug (calamine aborting on an allocation, a regex stuck on a line, pdfminer looping) costs the
child, never the server: the caller gets an Issue (read-timeout, read-crashed), never a traceback.
Children are forked from a forkserver that has loaded the readers once, so a read starts in milliseconds
and no thread of the Streamlit server is ever forked.

Limits: CDS_WORKER_MEMORY_MB (address space, default 1024) and CDS_WORKER_TIMEOUT_S (default 60).
Set CDS_WORKER=0 to read in-process (debugging only: the limits then do not apply).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import traceback
from collections.abc import Callable, Sequence
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import PurePath
from typing import Any

from domain import Issue

from . import ParseResult, read_files
from .messages import issue

log = logging.getLogger(__name__)

DEFAULT_MEMORY_MB = 1024
DEFAULT_TIMEOUT_S = 60.0
CSV_EXTS = frozenset({".csv", ".txt", ".tsv"})
_context: Any = None


class WorkerFailed(Exception):
    """The child ran out of time, memory, or died; `issue_for(name)` words it for one file."""

    def __init__(self, code: str, **fields: str):
        super().__init__(code, fields)
        self.code = code
        self.fields: dict[str, str] = fields

    def issue_for(self, name: str) -> Issue:
        return issue(self.code, name, None, None, None, **self.fields)


def _env_number(key: str, default: float) -> float:
    try:
        value = float(os.environ.get(key, "").replace(",", "."))
    except ValueError:
        return default
    return value if value > 0 else default


def memory_limit_bytes() -> int:
    return int(_env_number("CDS_WORKER_MEMORY_MB", DEFAULT_MEMORY_MB) * 1024 * 1024)


def timeout_seconds() -> float:
    return _env_number("CDS_WORKER_TIMEOUT_S", DEFAULT_TIMEOUT_S)


def enabled() -> bool:
    return os.environ.get("CDS_WORKER", "1").strip() != "0"


def _get_context():
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["loaders", "loaders.extract"])
        _context = context
    return _context


def _child(conn: Connection, memory_bytes: int, fn: Callable, args: tuple) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        conn.send(("ok", fn(*args)))
    except MemoryError:
        conn.send(("memory", ""))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which logs it
        conn.send(("error", f"{type(exc).__name__}\n{traceback.format_exc()}"))
    finally:
        conn.close()


def run_limited(fn: Callable, *args: Any, label: str = "") -> Any:
    """fn(*args) in a child with the limits; raises WorkerFailed. fn must be a module-level function."""
    if not enabled():
        return fn(*args)
    context = _get_context()
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, memory_limit_bytes(), fn, args), daemon=True)
    process.start()
    send.close()
    limit = timeout_seconds()
    try:
        if not receive.poll(limit):
            log.error("reading %r stopped after %.0f s", label, limit)
            raise WorkerFailed("read-timeout", seconds=f"{limit:g}")
        try:
            status, payload = receive.recv()
        except (EOFError, OSError):
            process.join(5)
            reason = _exit_reason(process.exitcode)
            log.error("reading %r: the worker died (%s)", label, reason)
            raise WorkerFailed("read-crashed", detail=reason) from None
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if status == "ok":
        return payload
    if status == "memory":
        mb = memory_limit_bytes() // (1024 * 1024)
        log.error("reading %r ran out of its %d MB", label, mb)
        raise WorkerFailed("read-crashed", detail=f"vượt {mb} MB bộ nhớ / over {mb} MB of memory")
    log.error("reading %r failed in the worker: %s", label, payload)
    raise WorkerFailed("read-crashed", detail=payload.splitlines()[0])


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"tín hiệu {signal.Signals(-code).name}"
        except ValueError:
            return f"tín hiệu {-code}"
    return f"mã thoát {code}"


def read_files_limited(files: Sequence[tuple[str, bytes]]) -> list[ParseResult]:
    """loaders.read_files, each workbook in its own child and the CSV tables together in one.

    Positions in the results refer to `files`, as read_files' do; a child that fails gives each of its
    files an error result, and the other files are still read.
    """
    batches = [[n] for n, (name, _) in enumerate(files) if PurePath(name).suffix.lower() not in CSV_EXTS]
    csv_batch = [n for n, (name, _) in enumerate(files) if PurePath(name).suffix.lower() in CSV_EXTS]
    if csv_batch:
        batches.append(csv_batch)
    out: list[ParseResult] = []
    for batch in batches:
        chosen = [files[n] for n in batch]
        try:
            results = run_limited(read_files, chosen, label=", ".join(name for name, _ in chosen))
        except WorkerFailed as failed:
            out += [ParseResult(files[n][0], None, (failed.issue_for(files[n][0]),), (n,)) for n in batch]
            continue
        out += [_renumbered(r, batch) for r in results]
    return sorted(out, key=lambda r: r.positions[:1])


def _renumbered(result: ParseResult, batch: list[int]) -> ParseResult:
    return replace(result, positions=tuple(batch[i] for i in result.positions))


def extract_limited(name: str, raw: bytes):
    """loaders.extract.extract_report in a child; a failed child is an Extraction holding its issue."""
    from .extract import Extraction, extract_report

    try:
        return run_limited(extract_report, name, raw, label=name)
    except WorkerFailed as failed:
        return Extraction(None, (failed.issue_for(name),), file=name)
