"""National-scale benchmarks: ingest (ours vs the naive pandas way), `loaders check`, pages, cold start.

`python -m benchmarks [--scale N] [--out BENCHMARKS.md]`. Every phase runs in its own Python process
(`python -m benchmarks --phase NAME`), so its peak RSS and its caches are its own.
"""

from __future__ import annotations

import os
import platform
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

UPLOADER = "benchmark"


def peak_rss_mib() -> float:
    """This process's peak resident set (Linux ru_maxrss is KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict:
    import psutil

    cpu = platform.processor() or ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        os_name = next(
            line.split("=", 1)[1].strip().strip('"')
            for line in open("/etc/os-release")
            if line.startswith("PRETTY_NAME=")
        )
    except (OSError, StopIteration):
        os_name = platform.platform()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "os": f"{os_name} ({platform.release()})",
        "load": os.getloadavg(),
    }


def _groups(corpus) -> list[list[tuple[str, bytes]]]:
    return [[(name, corpus.read(name)) for name in group] for group in corpus.groups]


def _count_rows(store) -> dict:
    from sqlalchemy import func, select

    from store import database as store_module

    with store._engine.connect() as conn:  # noqa: SLF001 — benchmark bookkeeping, not app code
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (store_module.submissions, store_module.budget_lines, store_module.indicators)
        }


# --- phases (each in its own process, see __main__) ---------------------------------------------------------


def phase_ingest(corpus, db_dir: Path, mode: str = "serial") -> dict:
    """Real ingest into a fresh SQLite: intake.importer.import_files over the whole corpus, as
    `python -m loaders import` runs it, reading in one limited child process (serial: CDS_WORKER_PROCESSES=1)
    or one per core (parallel). Full validation either way; this process is the one writer."""
    from intake import importer
    from store import Store

    os.environ["CDS_WORKER_PROCESSES"] = "1" if mode == "serial" else str(os.cpu_count() or 1)
    files = [f for group in _groups(corpus) for f in group]  # read before the clock starts: we time parse+store
    registry = corpus.registry()  # generated before the clock too: loading it (upsert) is timed
    db_dir.mkdir(parents=True, exist_ok=True)
    for leftover in db_dir.glob("cds.sqlite3*"):
        leftover.unlink()
    load_before = os.getloadavg()
    started = time.perf_counter()
    store = Store.open(f"sqlite:///{db_dir / 'cds.sqlite3'}")
    opened = time.perf_counter()
    store.upsert_agencies(registry)
    lines = importer.import_files(files, uploaded_by=UPLOADER, store=store)
    seconds = time.perf_counter() - opened  # store open (Alembic to head) is reported apart: open_s
    stored = sum(bool(entry["ok"]) for entry in lines)
    rows = _count_rows(store)
    store.close()
    return {
        "mode": mode,
        "processes": int(os.environ["CDS_WORKER_PROCESSES"]),
        "seconds": seconds,
        "open_s": opened - started,
        "files": len(corpus.files),
        "submissions": len(lines),
        "stored": stored,
        "rejected": len(lines) - stored,
        "rows": rows,
        "peak_rss_mib": peak_rss_mib(),
        "db_mib": (db_dir / "cds.sqlite3").stat().st_size / 2**20,
        "load": [load_before, os.getloadavg()],
    }


def _check_group(group):
    import loaders

    return [r.ok for r in (loaders.read_files(group) if len(group) > 1 else [loaders.read_submission(*group[0])])]


def phase_check(corpus, processes: int) -> dict:
    """Validation without storing (what `loaders check` does): read_submission / read_files over the corpus."""
    groups = _groups(corpus)
    started = time.perf_counter()
    if processes == 1:
        oks = [ok for g in groups for ok in _check_group(g)]
    else:
        from multiprocessing import get_context

        with get_context("fork").Pool(processes) as pool:
            oks = [ok for chunk in pool.imap_unordered(_check_group, groups, chunksize=32) for ok in chunk]
    seconds = time.perf_counter() - started
    return {
        "processes": processes,
        "seconds": seconds,
        "files": len(corpus.files),
        "submissions": len(oks),
        "ok": sum(oks),
        "peak_rss_mib": peak_rss_mib(),
    }


def phase_check_cli(corpus) -> dict:
    """`python -m loaders check FILE...` over the whole corpus, as a user would run it (one process)."""
    import subprocess

    paths = [str(corpus.root / name) for name in corpus.files]
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "loaders", "check", *paths], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    seconds = time.perf_counter() - started
    lines = proc.stdout.count(b"\n")
    return {"processes": 1, "seconds": seconds, "files": len(paths), "submissions": lines, "exit": proc.returncode}


def phase_naive(corpus, db_dir: Path, sample: int, seed: int = 7) -> dict:
    """The naive baseline over all files, or over a fixed random sample of submissions, extrapolated."""
    from . import naive

    groups = list(corpus.groups)
    chosen = groups if not sample or sample >= len(groups) else random.Random(seed).sample(groups, sample)
    paths = [corpus.root / name for group in chosen for name in group]
    db_dir.mkdir(parents=True, exist_ok=True)
    db = db_dir / "naive.sqlite3"
    db.unlink(missing_ok=True)
    result = naive.ingest(paths, db)
    total_files = len(corpus.files)
    result.update(
        {
            "sampled_submissions": len(chosen),
            "total_submissions": len(groups),
            "total_files": total_files,
            "extrapolated_s": result["seconds"] * total_files / max(1, len(paths)),
            "extrapolated_lines": round(result["lines"] * total_files / max(1, len(paths))),
            "peak_rss_mib": peak_rss_mib(),
        }
    )
    return result
