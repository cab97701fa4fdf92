"""20 people press "Lưu" at once for the same (agency, year): 20 separate importer processes, 20 different
files, one store. Every upload must become its own version, 1..20 with no gap and no duplicate, and nobody
may see "database is locked". SQLite and PostgreSQL.

The 20 are forked from a forkserver (tests/hostile/support.forked_import: importer.main in a child that
already has the modules imported) and released together by a barrier, so their saves really overlap; a last check runs
three `python -m loaders import` subprocesses at once through the real command line.
"""

from __future__ import annotations

import subprocess
import time

from store import Store
from tests.hostile import make_corpus
from tests.hostile.support import (  # noqa: F401 - db_url is a fixture
    CLI,
    ROOT,
    backend,
    cli_env,
    db_url,
    forked_import,
    importer_context,
    parse_lines,
)
from tests.pg import postgres_server, postgres_url  # noqa: F401 - fixtures

N = 20


def write_files(tmp_path, count: int, prefix: str) -> list:
    paths = []
    for n in range(count):
        info = {**make_corpus.base_info(), "prepared_by": f"{prefix} {n + 1}"}  # different bytes per file
        path = tmp_path / f"{prefix}-{n + 1:02d}.xlsx"
        path.write_bytes(make_corpus.workbook(info=info))
        paths.append(path)
    return paths


def test_twenty_simultaneous_uploads_get_versions_1_to_20(db_url, tmp_path, capsys):
    paths = write_files(tmp_path, N, "nop")
    Store.open(db_url).close()  # schema first, as a deployment migrates before it serves (docs/deploy.md)

    context = importer_context()
    barrier = context.Barrier(N)
    outs = [tmp_path / f"out-{n}.txt" for n in range(N)]
    started = time.monotonic()
    children = [
        context.Process(
            target=forked_import,
            args=([str(path), "--by", f"người nộp {n + 1}", "--database-url", db_url], str(outs[n]), barrier),
        )
        for n, path in enumerate(paths)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=180)
    elapsed = time.monotonic() - started

    texts = [out.read_text(encoding="utf-8") if out.exists() else "" for out in outs]
    lines = [line for text in texts for line in parse_lines(text)]
    errors = sum(len(line["errors"]) for line in lines)
    versions = sorted(line["version"] for line in lines if line["version"] is not None)
    with capsys.disabled():
        print(
            f"\nconcurrency {backend(db_url)}: {N} processes, {len(set(versions))} versions "
            f"{versions[0] if versions else '-'}..{versions[-1] if versions else '-'}, {errors} errors, "
            f"{elapsed:.1f} s"
        )
    everything = "".join(texts)
    assert "database is locked" not in everything.lower() and "Traceback" not in everything, everything
    assert [child.exitcode for child in children] == [0] * N, everything
    assert len(lines) == N and all(line["ok"] and line["created"] for line in lines), lines
    assert versions == list(range(1, N + 1))

    opened = Store.open(db_url)
    history = opened.versions(make_corpus.AGENCY_CODE, make_corpus.YEAR)
    assert history["version"].tolist() == list(range(1, N + 1))
    assert sorted(history["file_name"]) == sorted(p.name for p in paths)
    assert sorted(history["uploaded_by"]) == sorted(f"người nộp {n + 1}" for n in range(N))
    assert history["sha256"].nunique() == N
    for submission_id in history["submission_id"]:  # each version holds its own file, whole
        name, raw = opened.original_file(int(submission_id))
        assert raw == (tmp_path / name).read_bytes()
        sub = opened.load_submission(int(submission_id))
        assert len(sub.budget_lines) == 2 and len(sub.indicators) == 3 and len(sub.requests) == 1
    opened.close()


def test_three_command_lines_at_once_on_a_fresh_store(db_url, tmp_path):
    """Real `python -m loaders import` processes, started together on a store nobody has migrated yet."""
    paths = write_files(tmp_path, 3, "dong-lenh")
    env = cli_env(db_url)
    processes = [
        subprocess.Popen(
            [*CLI, str(path), "--by", "cán bộ"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=ROOT,
        )
        for path in paths
    ]
    outputs = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    everything = "".join(o + e for _, o, e in outputs)
    assert [code for code, _, _ in outputs] == [0, 0, 0], everything
    assert "database is locked" not in everything.lower() and "Traceback" not in everything
    versions = sorted(line["version"] for _, out, _ in outputs for line in parse_lines(out))
    assert versions == [1, 2, 3]
