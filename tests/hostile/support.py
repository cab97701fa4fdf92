"""Helpers shared by test_hostile, test_concurrency, test_crash and test_import_cli: the CLI and the store URL."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "loaders", "import"]
VIETNAMESE = re.compile(r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.I)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """A fresh store: a temp-dir SQLite file, or a new database on the throwaway PostgreSQL (tests/pg.py)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    return request.getfixturevalue("postgres_url")


def backend(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgres"


def cli_env(url: str | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CDS_DATA_DIR")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    if url:
        env["DATABASE_URL"] = url
    env.update(extra)
    return env


def run_import(paths, *, url: str | None, by: str = "cán bộ kiểm thử", timeout: float = 120, **extra):
    """`python -m loaders import PATH... --by BY` -> (exit code, JSON lines, stdout, stderr)."""
    done = subprocess.run(
        [*CLI, *map(str, paths), "--by", by],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_env(url, **extra),
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
    return done.returncode, parse_lines(done.stdout), done.stdout, done.stderr


def parse_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def is_vietnamese(message: str) -> bool:
    """A real Vietnamese sentence, with no template field left unfilled."""
    return bool(VIETNAMESE.search(message)) and "{" not in message and not re.search(r"(^|\s)\?(\s|$)", message)


# --- forked importers ---------------------------------------------------------------------------------------
# Children are forked from a forkserver that has store, loaders and SQLAlchemy imported (importer_context):
# ~0.2 s of work instead of ~1.5 s of interpreter start and imports per process, which keeps 20-process tests
# fast on 2 cores. Each child is still its own process with its own engine and connections.


def forked_import(
    argv: list[str], out_path: str, barrier=None, kill_at: int | None = None, trace_path: str | None = None
) -> None:
    """Child body: importer.main(argv) with output to out_path; SIGKILL itself before statement kill_at.

    Statements are counted at SQLAlchemy's before_cursor_execute and commit events, so a kill lands between
    two statements of a transaction or just before its COMMIT. trace_path gets what was about to run, or the
    number of statements counted when the import finished followed by the statements, one per line.
    """
    import contextlib
    import io
    import signal

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from intake import importer

    count = 0
    seen: list[str] = []

    def step(what: str) -> None:
        nonlocal count
        count += 1
        if kill_at is None:
            seen.append(" ".join(what.split())[:120])
        if kill_at is not None and count == kill_at:
            if trace_path:
                Path(trace_path).write_text(what[:200], encoding="utf-8")
            os.kill(os.getpid(), signal.SIGKILL)

    event.listen(Engine, "before_cursor_execute", lambda conn, cursor, statement, *rest: step(statement))
    event.listen(Engine, "commit", lambda conn: step("COMMIT"))
    if barrier is not None:
        barrier.wait(timeout=60)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = importer.main(argv)
        except BaseException as exc:  # noqa: BLE001 - recorded for the parent's assertion
            import traceback

            code = 99
            out.write("Traceback (in test child)\n" + "".join(traceback.format_exception(exc)))
    Path(out_path).write_text(out.getvalue(), encoding="utf-8")
    if trace_path:
        Path(trace_path).write_text("\n".join([f"done {count}", *seen]), encoding="utf-8")
    sys.stdout.flush()
    os._exit(code)


PRELOAD = ["store", "loaders", "intake.importer", "openpyxl", "alembic.command", "tests.hostile.support"]


def importer_context():
    """A multiprocessing context whose children start from a clean, single-threaded server process that has
    the app's modules imported already: fast like fork, without inheriting the test runner's threads."""
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context
