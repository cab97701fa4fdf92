"""SIGKILL the importer at random points of a batch import: the store must never hold part of a submission.

Each run imports a batch of three new files (agency A twice, agency B once) in a forked importer process
(tests/hostile/support.forked_import, started from a forkserver) that kills itself with SIGKILL just before its Nth SQL statement or
COMMIT, N drawn from a seeded random generator over the statements such a batch takes (measured first on a
scratch store). The first kill lands inside the first migration. After every kill:
- SQLite: PRAGMA integrity_check is "ok" and foreign_key_check is empty; PostgreSQL: the store opens;
- every stored submission equals, line for line, the file its SHA-256 names (never a partial one), with its
  warnings and its audit entry; child rows per submission match; versions per (agency, year) are 1..n.
Finally a clean import must succeed on the same store. SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import io
import random
import sqlite3
import zipfile
from collections import Counter

import pytest
from sqlalchemy import func, inspect, select

import loaders
from store import Store, make_engine
from store import database as store_module
from tests.hostile import make_corpus
from tests.hostile.support import backend, db_url, forked_import, importer_context  # noqa: F401 - db_url is a fixture
from tests.pg import postgres_server, postgres_url  # noqa: F401 - fixtures

KILLS = 24
MAX_RUNS = 45
MARK = "MARK-000-000"  # same length as f"MARK-{run:03d}-{n:03d}": patched into the bytes, no re-save


@pytest.fixture
def scratch_url(db_url, request, tmp_path) -> str:
    """A second empty store of the same kind, for counting statements."""
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
    return request.getfixturevalue("postgres_server").create_database()


def templates() -> dict[str, bytes]:
    """Agency A and B workbooks carrying MARK in ThongTin (prepared_by); B has more lines and a warning."""
    info_a = {**make_corpus.base_info(), "prepared_by": MARK}
    info_b = {**make_corpus.base_info(), "agency": "Sở Thử nghiệm B", "agency_code": "HOST-B", "prepared_by": MARK}
    budget_b = make_corpus.base_budget() + [
        {"funding_source": "c", "task": f"Nhiệm vụ tự bố trí {n}", "allocated": 10 + n} for n in range(6)
    ]
    return {"A": make_corpus.workbook(info=info_a), "B": make_corpus.workbook(info=info_b, budget=budget_b)}


def marked(template: bytes, run: int, n: int) -> bytes:
    """The template with its mark replaced in the ThongTin sheet: a new file, other bytes unchanged."""
    mark = f"MARK-{run:03d}-{n:03d}".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if MARK.encode() in data:
                data = data.replace(MARK.encode(), mark)
            dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


class Batches:
    """Per run, three new files written to disk; every file's expected parse, keyed by SHA-256."""

    def __init__(self, tmp_path):
        self.dir = tmp_path / "batches"
        self.dir.mkdir()
        self.templates = templates()
        self.expected: dict[str, loaders.ParseResult] = {}

    def paths(self, run: int) -> list[str]:
        out = []
        for n, key in enumerate(("A", "B", "A")):
            name = f"run{run:03d}-{n}-{key}.xlsx"
            raw = marked(self.templates[key], run, n)
            (self.dir / name).write_bytes(raw)
            result = loaders.read_submission(name, raw)
            assert result.ok, result.errors
            self.expected[hashlib.sha256(raw).hexdigest()] = result
            out.append(str(self.dir / name))
        return out


def run_child(context, argv: list[str], tmp_path, kill_at: int | None) -> tuple[int | None, str]:
    trace = tmp_path / "trace.txt"
    trace.unlink(missing_ok=True)
    child = context.Process(target=forked_import, args=(argv, str(tmp_path / "out.txt"), None, kill_at, str(trace)))
    child.start()
    child.join(timeout=120)
    assert child.exitcode is not None, "importer hung"
    return child.exitcode, trace.read_text(encoding="utf-8") if trace.exists() else ""


def statements_per_batch(context, url: str, batches: Batches, tmp_path) -> tuple[list[str], list[str]]:
    """The statements (and COMMITs) of a batch import on a fresh store, then on the migrated one."""
    runs = []
    for run in (900, 901):
        code, trace = run_child(context, [*batches.paths(run), "--by", "đếm", "--database-url", url], tmp_path, None)
        assert code == 0 and trace.startswith("done "), (code, trace)
        head, *statements = trace.splitlines()
        assert int(head.split()[1]) == len(statements)
        runs.append(statements)
    return runs[0], runs[1]


def points(statements: list[str], kind: str) -> list[int]:
    """1-based kill points just before a statement of that kind."""
    return [n for n, s in enumerate(statements, start=1) if kind_of(s) == kind]


def kind_of(statement: str) -> str:
    s = statement.strip().upper()
    if s == "COMMIT":
        return "before COMMIT"
    if "ALEMBIC" in s or s.startswith(("CREATE", "ALTER", "PRAGMA")) or "PG_ADVISORY" in s or "PG_CATALOG" in s:
        return "in migration"
    if s.startswith("INSERT INTO") and not s.startswith(("INSERT INTO SUBMISSIONS", "INSERT INTO AGENCIES")):
        return "between child inserts"
    return "before the first write" if s.startswith(("SELECT", "BEGIN")) else "after the submission row"


def migrated(url: str) -> bool:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return False
            return conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar_one() == 1
    finally:
        engine.dispose()


class Checker:
    """Consistency of the store after a kill; each submission row is compared with its file once."""

    def __init__(self, url: str, batches: Batches):
        self.url, self.batches, self.verified = url, batches, set()
        self.sqlite_path = url.removeprefix("sqlite:///") if url.startswith("sqlite") else None

    def check(self) -> None:
        if self.sqlite_path:
            with sqlite3.connect(self.sqlite_path) as raw:
                assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        engine = make_engine(self.url)
        try:
            with engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
                if "submissions" not in tables:  # killed inside the first migration: nothing, not half a schema
                    assert tables <= {"alembic_version"}, tables
                    return
                self._check_rows(conn, engine)
        finally:
            engine.dispose()

    def _check_rows(self, conn, engine) -> None:
        s = store_module.submissions
        rows = conn.execute(select(s.c.id, s.c.sha256, s.c.agency_code, s.c.year, s.c.version)).all()
        reader = Store(engine)  # no migration: reads what is there
        for row in rows:
            expected = self.batches.expected[row.sha256]
            if row.id not in self.verified:
                assert reader.load_submission(row.id) == expected.submission, f"submission {row.id} differs"
                self.verified.add(row.id)
        counts = {}
        for table in store_module.CHILD_TABLES:
            counts[table.name] = dict(
                conn.execute(select(table.c.submission_id, func.count()).group_by(table.c.submission_id)).all()
            )
        audits = dict(
            conn.execute(
                select(store_module.audit_log.c.submission_id, func.count())
                .where(store_module.audit_log.c.action == "upload")
                .group_by(store_module.audit_log.c.submission_id)
            ).all()
        )
        ids = {row.id for row in rows}
        for table_name, per_id in counts.items():
            assert set(per_id) <= ids, f"orphan rows in {table_name}"
        for row in rows:
            sub = self.batches.expected[row.sha256]
            want = {
                "budget_lines": len(sub.submission.budget_lines),
                "indicators": len(sub.submission.indicators),
                "funding_requests": len(sub.submission.requests),
                "difficulties": len(sub.submission.difficulties),
                "submission_issues": len(sub.warnings),
            }
            for table_name, n in want.items():
                assert counts[table_name].get(row.id, 0) == n, (row.id, table_name)
            assert audits.get(row.id) == 1, f"submission {row.id} without its audit entry"
        per_pair: dict[tuple[str, int], list[int]] = {}
        for row in rows:
            per_pair.setdefault((row.agency_code, row.year), []).append(row.version)
        for pair, versions in per_pair.items():
            assert sorted(versions) == list(range(1, len(versions) + 1)), (pair, sorted(versions))


def test_sigkill_at_random_points_never_leaves_a_partial_submission(db_url, scratch_url, tmp_path, capsys):
    context = importer_context()
    batches = Batches(tmp_path)
    fresh, warm = statements_per_batch(context, scratch_url, batches, tmp_path)
    assert len(fresh) > len(warm) > 10
    rng = random.Random(20231130)
    # Kill points: one inside the first migration, four just before a COMMIT, four between the inserts of one
    # submission's rows, the rest anywhere in the batch.
    planned = (
        [rng.choice(points(fresh, "in migration"))]
        + [rng.choice(points(warm, "before COMMIT")) for _ in range(4)]
        + [rng.choice(points(warm, "between child inserts")) for _ in range(4)]
    )
    checker = Checker(db_url, batches)
    kinds: Counter[str] = Counter()
    kills = consistent = completed = 0
    run = 0
    while kills < KILLS and run < MAX_RUNS:
        is_migrated = run > 0 and migrated(db_url)
        if run == 0:
            kill_at = planned.pop(0)  # the migration point
        elif run == 1:
            # One whole batch: the store is then as the warm count was taken (migrated, the agencies registered).
            # Before that, a batch also inserts its agencies, and every warm kill point would land two statements
            # early: random ones never reach the COMMIT, planned ones miss their kind.
            kill_at = None
        elif is_migrated and planned:
            kill_at = planned.pop(0)
        else:
            kill_at = rng.randint(1, len(warm) if is_migrated else len(fresh))
        argv = [*batches.paths(run), "--by", "kiểm thử", "--database-url", db_url]
        code, trace = run_child(context, argv, tmp_path, kill_at)
        if code == -9:
            kills += 1
            kinds[kind_of(trace)] += 1
        else:
            assert code == 0, (code, (tmp_path / "out.txt").read_text())
            completed += 1
        checker.check()
        consistent += code == -9
        run += 1

    # The store still works: a clean run stores its whole batch.
    code, trace = run_child(
        context, [*batches.paths(999), "--by", "kiểm thử", "--database-url", db_url], tmp_path, None
    )
    assert code == 0, (tmp_path / "out.txt").read_text()
    checker.check()
    opened = Store.open(db_url)  # opens (and finds the schema at head) after all that
    assert len(opened.versions(make_corpus.AGENCY_CODE, make_corpus.YEAR)) >= 2
    opened.close()
    n_stored = len(checker.verified)
    with capsys.disabled():
        print(
            f"\ncrash safety {backend(db_url)}: {kills} kills, {consistent} consistent "
            f"({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}; {completed} runs finished before "
            f"their kill point; {n_stored} submissions stored, each whole)"
        )
    assert kills >= KILLS and consistent == kills
    assert kinds["in migration"] >= 1 and kinds["before COMMIT"] >= 4 and kinds["between child inserts"] >= 4
