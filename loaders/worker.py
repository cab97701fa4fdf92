"""Parsing of uploads in a child process with memory (RLIMIT_AS) and time limits.

A parser bug (calamine aborting on an allocation, a regex stuck on a line, pdfminer looping) costs the
child, never the server: the caller gets an Issue (read-timeout, read-crashed), never a traceback.
Children are forked from a forkserver that has loaded the readers once, so a read starts in milliseconds
and no thread of the Streamlit server is ever forked.

A batch is read by a pool (map_limited): up to CDS_WORKER_PROCESSES children (default: one per core), each
reading call after call sent over its pipe (a few workbooks per call); the parent waits at most the time limit
for each result. A child that stalls or dies costs the call it was reading: its workbooks are read again one per
call, so only the file at fault gets the error, and the rest go to a fresh child.

Limits: CDS_WORKER_MEMORY_MB (address space, default 1024) and CDS_WORKER_TIMEOUT_S (default 60; per call:
a few workbooks, one workbook when read again alone, or the CSV tables read together).
Set CDS_WORKER=0 to read in-process (debugging only: the limits then do not apply).
"""

from __future__ import annotations

import collections
import contextlib
import heapq
import logging
import multiprocessing
import os
import queue
import resource
import signal
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
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
# Workbooks read per call: a call's round trip (~1 ms: pickling, the pipe, two wake-ups) was 15% of reading a
# national import one workbook per call. A failed call is read again one workbook per call (_each_alone).
WORKBOOKS_PER_TASK = 8
CALLS_PER_CHILD = 200  # a child is replaced after this many reads: a slow leak never reaches the memory limit
# Calls queued on one child: with two, it reads the next as soon as it has sent a result. With one, it waited for
# the parent's thread to hand it the next call, which the import's writer kept from the interpreter: ~1,3 s of a
# national import with one reader (py-spy of parent and child).
CALLS_IN_FLIGHT = 2
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


def processes() -> int:
    """Children reading at once: CDS_WORKER_PROCESSES, else one per core this process may use."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, int(_env_number("CDS_WORKER_PROCESSES", cores)))


def enabled() -> bool:
    return os.environ.get("CDS_WORKER", "1").strip() != "0"


def _get_context():
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["loaders", "loaders.extract"])
        _context = context
    return _context


def _child(conn: Connection, memory_bytes: int, fn: Callable) -> None:
    """Serve fn(*args) for each args tuple the parent sends, one result back each, until None or EOF."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        while True:
            try:
                args = conn.recv()
            except (EOFError, OSError):
                return
            if args is None:
                return
            try:
                conn.send(("ok", fn(*args)))
            except MemoryError:
                conn.send(("memory", ""))
                return  # what is left of the heap is not trusted with the next file
            except BaseException as exc:  # noqa: BLE001 - reported to the parent, which logs it
                conn.send(("error", f"{type(exc).__name__}\n{traceback.format_exc()}"))
    finally:
        conn.close()


class _Worker:
    """One limited child serving calls of fn; after a failed call it is gone (the next call needs a new one)."""

    def __init__(self, fn: Callable):
        context = _get_context()
        self._conn, child_end = context.Pipe(duplex=True)
        self._process = context.Process(target=_child, args=(child_end, memory_limit_bytes(), fn), daemon=True)
        self._process.start()
        child_end.close()
        self.calls = 0
        self._lost = False

    def call(self, args: tuple, label: str) -> Any:
        """fn(*args) in the child, waiting at most the time limit; raises WorkerFailed (the child is then ended)."""
        self.send(args)
        return self.result(label)

    def send(self, args: tuple) -> None:
        """Queue a call: the child starts it once the calls sent before are done (result() gives each in turn)."""
        self.calls += 1
        try:
            self._conn.send(args)
        except OSError:  # the child is gone: result() says how
            self._lost = True

    def result(self, label: str) -> Any:
        """The next queued call's result, waiting at most the time limit from now; raises WorkerFailed (the child
        is then ended, and the calls queued after this one are never read)."""
        limit = timeout_seconds()
        try:
            if self._lost:
                raise EOFError
            if not self._conn.poll(limit):
                log.error("reading %r stopped after %.0f s", label, limit)
                raise WorkerFailed("read-timeout", seconds=f"{limit:g}")
            status, payload = self._conn.recv()
        except (EOFError, OSError):
            self._process.join(5)  # its own exit status, not the kill's below
            reason = _exit_reason(self._process.exitcode)
            self.close(kill=True)
            log.error("reading %r: the worker died (%s)", label, reason)
            raise WorkerFailed("read-crashed", detail=reason) from None
        except WorkerFailed:
            self.close(kill=True)
            raise
        if status == "ok":
            return payload
        if status == "memory":
            self.close(kill=True)
            mb = memory_limit_bytes() // (1024 * 1024)
            log.error("reading %r ran out of its %d MB", label, mb)
            raise WorkerFailed("read-crashed", detail=f"vượt {mb} MB bộ nhớ / over {mb} MB of memory")
        self.close(kill=True)  # as the docstring says: a failed call ends the child (its state is unknown)
        log.error("reading %r failed in the worker: %s", label, payload)
        raise WorkerFailed("read-crashed", detail=payload.splitlines()[0])

    def close(self, kill: bool = False) -> None:
        if not kill and self._process.is_alive():
            with contextlib.suppress(OSError):
                self._conn.send(None)  # done: the child returns
            self._process.join(5)
        self._conn.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join(5)


def run_limited(fn: Callable, *args: Any, label: str = "") -> Any:
    """fn(*args) in a child with the limits; raises WorkerFailed. fn must be a module-level function."""
    if not enabled():
        return fn(*args)
    worker = _Worker(fn)
    try:
        return worker.call(args, label)
    finally:
        worker.close()


def map_limited(fn: Callable, tasks: Sequence[tuple], labels: Sequence[str]) -> list[Any]:
    """fn(*task) for each task, in up to processes() limited children at once: each result, or the WorkerFailed
    of its task. A child serves task after task; one that fails costs its current task only, and the next task
    goes to a fresh child. fn must be a module-level function."""
    results: list[Any] = [None] * len(tasks)
    for n, result in map_limited_as_done(fn, tasks, labels):
        results[n] = result
    return results


def map_limited_as_done(fn: Callable, tasks: Sequence[tuple], labels: Sequence[str]) -> Iterator[tuple[int, Any]]:
    """map_limited's (task index, result) pairs as each task ends, so a caller can use the first while the
    children read the rest (the import stores while it reads)."""
    if not enabled():
        yield from ((n, fn(*task)) for n, task in enumerate(tasks))
        return
    pending = iter(range(len(tasks)))
    lock = threading.Lock()
    done: queue.SimpleQueue[tuple[int, Any] | None] = queue.SimpleQueue()  # None: a thread has ended
    broken: list[BaseException] = []  # a child that could not even start: raised here, as run_limited would
    stop = threading.Event()  # the caller stopped listening: the threads take no new task

    def drive() -> None:
        worker: _Worker | None = None
        sent: collections.deque[int] = collections.deque()  # queued on the child, results still to come, in order
        again: collections.deque[int] = collections.deque()  # queued on a child that failed before reading them
        try:
            while not broken and not stop.is_set():
                # CALLS_IN_FLIGHT calls queued: the child starts the next as soon as it has sent a result, instead of
                # waiting for this thread to get the interpreter back from the caller (the import's writer).
                while len(sent) < CALLS_IN_FLIGHT and (worker is None or worker.calls < CALLS_PER_CHILD):
                    task: int | None
                    if again:
                        task = again.popleft()
                    else:
                        with lock:
                            task = next(pending, None)
                    if task is None:
                        break
                    if worker is None:
                        worker = _Worker(fn)
                    worker.send(tasks[task])
                    sent.append(task)
                if not sent:
                    if worker is None or worker.calls < CALLS_PER_CHILD:
                        return  # no task left
                    worker.close()  # served its share: the next task goes to a fresh child
                    worker = None
                    continue
                assert worker is not None
                n = sent.popleft()
                try:
                    done.put((n, worker.result(labels[n])))
                except WorkerFailed as failed:
                    worker = None
                    again.extend(sent)  # queued behind the failed call on the ended child: a fresh one reads them
                    sent.clear()
                    done.put((n, failed))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the calling thread below
            broken.append(exc)
        finally:
            if worker is not None:
                worker.close(kill=bool(sent))  # calls still queued when the caller stopped listening: not waited for
            done.put(None)

    threads = [threading.Thread(target=drive, daemon=True) for _ in range(min(processes(), len(tasks)))]
    for thread in threads:
        thread.start()
    try:
        running = len(threads)
        while running:
            item = done.get()
            if item is None:
                running -= 1
            elif not broken:
                yield item
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    if broken:
        raise broken[0]


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"tín hiệu {signal.Signals(-code).name}"
        except ValueError:
            return f"tín hiệu {-code}"
    return f"mã thoát {code}"


def read_files_limited(files: Sequence[tuple[str, bytes]]) -> list[ParseResult]:
    """loaders.read_files on every core: each workbook a task, the CSV tables together one task (they group by
    agency and year across files), the tasks shared by up to processes() limited children.

    The results equal read_files(files)'s: positions refer to `files`, sorted by them. A task whose child fails
    gives each of its files an error result (read-crashed, read-timeout); the other files are still read.
    """
    return list(iter_read_files_limited(files))


def iter_read_files_limited(files: Sequence[tuple[str, bytes]]) -> Iterator[ParseResult]:
    """read_files_limited's results one by one, in the same order, each as soon as every file before it is read:
    the import stores the first submissions while the children read the rest."""
    workbooks = [n for n, (name, _) in enumerate(files) if PurePath(name).suffix.lower() not in CSV_EXTS]
    batches = [workbooks[i : i + WORKBOOKS_PER_TASK] for i in range(0, len(workbooks), WORKBOOKS_PER_TASK)]
    csv_batch = [n for n, (name, _) in enumerate(files) if PurePath(name).suffix.lower() in CSV_EXTS]
    if csv_batch:
        batches.insert(0, csv_batch)  # the longest task first, while the workbooks share the other children
    chosen = [[files[n] for n in batch] for batch in batches]
    labels = [", ".join(name for name, _ in files_) for files_ in chosen]
    read = bytearray(len(files))  # 1 once the task holding that file has ended
    upto = 0  # every file before this one is read
    ready: list[tuple[int, int, ParseResult]] = []  # heap by first position (then arrival: positions are unique)
    for task, results in map_limited_as_done(read_files, [(c,) for c in chosen], labels):
        batch = batches[task]
        if isinstance(results, WorkerFailed) and len(batch) > 1 and batch is not csv_batch:
            found = _each_alone(files, batch)  # which workbook failed: it alone gets the error
        elif isinstance(results, WorkerFailed):
            found = [ParseResult(files[n][0], None, (results.issue_for(files[n][0]),), (n,)) for n in batch]
        else:
            found = [_renumbered(r, batch) for r in results]
        for result in found:  # positions are unique to one result: the heap never compares two results
            heapq.heappush(ready, (result.positions[0] if result.positions else -1, id(result), result))
        for n in batch:
            read[n] = 1
        while upto < len(files) and read[upto]:
            upto += 1
        while ready and ready[0][0] < upto:  # nothing read later can come before it
            yield heapq.heappop(ready)[2]
    while ready:
        yield heapq.heappop(ready)[2]


def _each_alone(files: Sequence[tuple[str, bytes]], batch: list[int]) -> list[ParseResult]:
    """The workbooks of a failed task read again one per task, so a crash or a stall costs its own file only."""
    tasks = [([files[n]],) for n in batch]
    found = []
    for n, results in zip(batch, map_limited(read_files, tasks, [files[n][0] for n in batch]), strict=True):
        if isinstance(results, WorkerFailed):
            found.append(ParseResult(files[n][0], None, (results.issue_for(files[n][0]),), (n,)))
        else:
            found += [_renumbered(r, [n]) for r in results]
    return found


def _renumbered(result: ParseResult, batch: list[int]) -> ParseResult:
    return replace(result, positions=tuple(batch[i] for i in result.positions))


def extract_limited(name: str, raw: bytes):
    """loaders.extract.extract_report in a child; a failed child is an Extraction holding its issue."""
    from .extract import Extraction, extract_report

    try:
        return run_limited(extract_report, name, raw, label=name)
    except WorkerFailed as failed:
        return Extraction(None, (failed.issue_for(name),), file=name)
