"""Parsing in a limited worker: a crash, a runaway allocation or a stall costs the worker, never the caller.

calamine's 512 GB abort on a far cell is reproduced in a subprocess only (it would end the test process).
Each hostile file is also measured: time and peak memory of `loaders check` on it are printed (no asserts on
timing: speed lives in benchmarks).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile

import pytest

import loaders
from loaders import worker
from tests.conftest import ROOT
from tests.test_hostile_pages import far_cell_workbook, repack


def _abort() -> None:
    os.abort()


def _sleep() -> None:
    time.sleep(30)


def _allocate() -> bytes:
    return bytes(4 * 1024**3)


def _calamine_far_cell(raw: bytes) -> list:
    """What xlsx.read_workbook would do without the safety screen in front of it."""
    from io import BytesIO

    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_filelike(BytesIO(raw)).get_sheet_by_name("KinhPhi").to_python()


def test_a_crashing_reader_is_an_issue_not_a_dead_caller():
    with pytest.raises(worker.WorkerFailed) as failed:
        worker.run_limited(_abort, label="abort.xlsx")
    found = failed.value.issue_for("abort.xlsx")
    assert found.code == "read-crashed" and "SIGABRT" in found.message_vi and found.is_error


def test_a_stalled_reader_is_stopped(monkeypatch):
    monkeypatch.setenv("CDS_WORKER_TIMEOUT_S", "1")
    started = time.monotonic()
    with pytest.raises(worker.WorkerFailed) as failed:
        worker.run_limited(_sleep, label="slow.csv")
    assert time.monotonic() - started < 10
    assert failed.value.code == "read-timeout"
    assert "1 giây" in failed.value.issue_for("slow.csv").message_vi


def test_memory_is_limited(monkeypatch):
    monkeypatch.setenv("CDS_WORKER_MEMORY_MB", "512")
    with pytest.raises(worker.WorkerFailed) as failed:
        worker.run_limited(_allocate, label="big.xlsx")
    assert failed.value.code == "read-crashed" and "512 MB" in failed.value.issue_for("big.xlsx").message_vi


def test_calamine_far_cell_abort_costs_only_the_worker():
    raw = far_cell_workbook()
    # The bare library in a subprocess: the allocation of 512 GB aborts that process (exit 134 / SIGABRT)...
    bare = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from tests.test_worker import _calamine_far_cell as f; f(sys.stdin.buffer.read())",
        ],
        input=raw,
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert bare.returncode in (134, -6), bare.returncode
    # ...in the worker, the same call is a Vietnamese issue and this process carries on.
    with pytest.raises(worker.WorkerFailed) as failed:
        worker.run_limited(_calamine_far_cell, raw, label="xa.xlsx")
    assert failed.value.code == "read-crashed"
    # The project's reader is sparse (submission format §7, "Cost"): the far cell costs one entry and the
    # report's own figures are read as the sender wrote them.
    [result] = worker.read_files_limited([("xa.xlsx", raw)])
    assert result.ok and sum(b.allocated_vnd for b in result.submission.budget_lines) == 400_000_000


def test_a_sheet_that_writes_too_many_rows_is_refused_naming_it():
    """What costs is what a sheet writes: 100.001 written rows are refused before any parser reads them."""
    raw = far_cell_workbook()
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        xml = z.read("xl/worksheets/sheet2.xml")
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(20, 100_021))
    big = repack(raw, {"xl/worksheets/sheet2.xml": xml.replace(b"</sheetData>", rows + b"</sheetData>")})
    [result] = worker.read_files_limited([("nhieu-dong.xlsx", big)])
    [error] = result.errors
    assert (error.code, error.sheet) == ("sheet-too-large", "KinhPhi") and "100.0" in error.message_vi


def test_a_failed_worker_fails_only_its_own_files(monkeypatch, sample_dir):
    good = (sample_dir / "quang-ngai_ban-dan-toc_2023.xlsx").read_bytes()
    monkeypatch.setattr(worker, "read_files", _crash_on_named)
    results = worker.read_files_limited([("crash.xlsx", good), ("ok.xlsx", good)])
    assert [(r.file, r.positions, r.ok) for r in results] == [("crash.xlsx", (0,), False), ("ok.xlsx", (1,), True)]
    assert results[0].errors[0].code == "read-crashed"


def _crash_on_named(files):
    if any(name == "crash.xlsx" for name, _ in files):
        os.abort()
    return loaders.read_files(files)


def test_worker_results_equal_in_process_results(sample_dir):
    files = [(p.name, p.read_bytes()) for p in sorted((sample_dir / "csv").glob("*.csv"))]
    files.append(("qng.xlsx", (sample_dir / "quang-ngai_ban-dan-toc_2023.xlsx").read_bytes()))
    assert worker.read_files_limited(files) == loaders.read_files(files)


# The child reports its own high-water mark (VmHWM belongs to the process's memory map, which exec replaces).
# getrusage's ru_maxrss would not do: Linux keeps it across execve, so a child forked from a large pytest
# process reports the parent's size.
_MEASURED_CHECK = (
    "import atexit, runpy, sys\n"
    "def hwm():\n"
    "    for row in open('/proc/self/status'):\n"
    "        if row.startswith('VmHWM:'):\n"
    "            print('VmHWM', int(row.split()[1]), file=sys.stderr)\n"
    "atexit.register(hwm)\n"
    "sys.argv = ['loaders', 'check', sys.argv[1]]\n"
    "runpy.run_module('loaders', run_name='__main__')\n"
)


def _check_measured(path, env) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit status) of one `python -m loaders check PATH`."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURED_CHECK, str(path)], cwd=ROOT, env=env, capture_output=True, timeout=120
    )
    seconds = time.perf_counter() - started
    assert b"Traceback" not in proc.stderr
    peak_kb = max((int(row.split()[1]) for row in proc.stderr.splitlines() if row.startswith(b"VmHWM")), default=0)
    return seconds, peak_kb / 1024, proc.returncode


def test_check_each_hostile_small_file_measured(tmp_path, capsys):
    """Time (worker on) and peak memory (parsing in-process, CDS_WORKER=0, so the parse is inside the measured
    process) of `python -m loaders check` per hostile file, printed: the brief asks ≤ 2 s and ≤ 300 MB."""
    from tests.hostile import make_corpus

    cases = [c for c in make_corpus.corpus() if len(c.raw) < 200_000]
    paths = make_corpus.write(tmp_path, cases)
    rows = []
    for path in paths:
        seconds, _, status = _check_measured(path, dict(os.environ))
        _, mb, _ = _check_measured(path, {**os.environ, "CDS_WORKER": "0"})
        assert status in (0, 1, 2), path.name
        rows.append((path.name, seconds, mb))
    with capsys.disabled():
        print(
            f"\nloaders check on {len(rows)} hostile files: slowest {max(r[1] for r in rows):.2f} s, "
            f"largest peak RSS {max(r[2] for r in rows):.0f} MB"
        )
        for name, seconds, mb in sorted(rows, key=lambda r: -r[1])[:5]:
            print(f"  {seconds:5.2f} s  {mb:5.0f} MB  {name}")


def _what_the_child_loaded() -> tuple[str | None, bool]:
    main = sys.modules.get("__mp_main__")
    return getattr(main, "__file__", None), "streamlit" in sys.modules


def test_a_reader_started_from_the_running_app_does_not_rerun_the_app(monkeypatch):
    """Streamlit leaves dashboard.py in sys.modules as __main__; multiprocessing's children import that file again
    (as __mp_main__) before reading. Drawing there ran the sign-in gate outside any session and crashed the read.
    Here the child must have imported dashboard.py (so the test can fail) and still have loaded no Streamlit."""
    app_main = type(sys)("__main__")
    app_main.__file__ = str(ROOT / "dashboard.py")
    monkeypatch.setitem(sys.modules, "__main__", app_main)
    main_file, streamlit_loaded = worker.run_limited(_what_the_child_loaded, label="dashboard-main.xlsx")
    assert main_file == str(ROOT / "dashboard.py")
    assert not streamlit_loaded


def _mixed_batch(sample_dir) -> list[tuple[str, bytes]]:
    """Workbooks, CSV tables of one report spread between them, and a file that is no workbook."""
    xlsx = sorted(sample_dir.glob("*.xlsx"))[:5]
    csvs = sorted((sample_dir / "csv").glob("*.csv"))
    files = [(p.name, p.read_bytes()) for p in xlsx[:2]]
    files += [(p.name, p.read_bytes()) for p in csvs[:2]]
    files.append(("hong.xlsx", b"PK\x03\x04 not really a zip"))
    files += [(p.name, p.read_bytes()) for p in xlsx[2:]]
    files += [(p.name, p.read_bytes()) for p in csvs[2:]]
    return files


def test_the_pool_reads_a_mixed_batch_as_in_process(sample_dir, monkeypatch):
    monkeypatch.setenv("CDS_WORKER_PROCESSES", "2")
    files = _mixed_batch(sample_dir)
    assert worker.read_files_limited(files) == loaders.read_files(files)


def _stall_or_crash_on_named(files):
    names = [name for name, _ in files]  # a call reads a few workbooks: any of them stalls or crashes it
    if "treo.xlsx" in names:
        time.sleep(30)
    if "crash.xlsx" in names:
        os.abort()
    return loaders.read_files(files)


def test_a_stalled_and_a_crashed_file_cost_only_themselves(sample_dir, monkeypatch):
    """One child serves many files, a few per call: the call it stalls or dies on is read again one file per call,
    so only the file at fault gets the issue, and the rest are read by a new child."""
    monkeypatch.setenv("CDS_WORKER_TIMEOUT_S", "2")
    monkeypatch.setenv("CDS_WORKER_PROCESSES", "1")
    monkeypatch.setattr(worker, "read_files", _stall_or_crash_on_named)
    good = (sample_dir / "quang-ngai_ban-dan-toc_2023.xlsx").read_bytes()
    files = [("a.xlsx", good), ("treo.xlsx", good), ("b.xlsx", good), ("crash.xlsx", good), ("c.xlsx", good)]
    started = time.monotonic()
    results = worker.read_files_limited(files)
    assert time.monotonic() - started < 20
    assert [(r.file, r.positions, r.ok) for r in results] == [
        ("a.xlsx", (0,), True),
        ("treo.xlsx", (1,), False),
        ("b.xlsx", (2,), True),
        ("crash.xlsx", (3,), False),
        ("c.xlsx", (4,), True),
    ]
    assert [r.errors[0].code for r in results if not r.ok] == ["read-timeout", "read-crashed"]
    assert "SIGABRT" in results[3].errors[0].message_vi


def test_one_process_or_none_read_the_same(sample_dir, monkeypatch):
    files = _mixed_batch(sample_dir)
    expected = loaders.read_files(files)
    monkeypatch.setenv("CDS_WORKER_PROCESSES", "1")
    assert worker.read_files_limited(files) == expected
    monkeypatch.setenv("CDS_WORKER", "0")
    assert worker.read_files_limited(files) == expected
