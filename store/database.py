"""The database: every version of every (agency, year) submission, read back as records and DataFrames.

The only module that imports SQLAlchemy. SQLite under CDS_DATA_DIR by default, PostgreSQL when
DATABASE_URL says so; the schema is Alembic's (migrations/), brought to head on every open.
Versions are never updated or deleted: "current" is the highest version of a pair, computed on read.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import operator
import os
import random
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    cast,
    create_engine,
    event,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql import Select
from sqlalchemy.types import TypeDecorator

from domain import BudgetLine, Difficulty, FundingRequest, Indicator, Issue, Submission

ROOT = Path(__file__).resolve().parent.parent  # the checkout: data/ lives beside dashboard.py
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_FILE = "cds.sqlite3"
BUSY_TIMEOUT_MS = 30_000
WRITE_TRIES = 10
MIGRATION_LOCK_KEY = 7_262_023  # pg_advisory_xact_lock key: one migrator at a time

T = TypeVar("T")
# The actor of entries no person made (the registry update at first start); the UI words it.
SYSTEM_ACTOR = "system"


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes in and out; SQLite keeps no zone, so naive values read back are UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one (UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Must match migrations/versions/*; tests/test_store.py compares the two.
metadata = MetaData(naming_convention={"pk": "pk_%(table_name)s"})

agencies = Table(
    "agencies",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("province", Text, nullable=True),
    Column("agency_group", Text, nullable=True),  # e.g. "có TTHC" / "không có TTHC"
    Column("expected_to_report", Boolean, nullable=False, server_default=true()),
    Column("email", Text, nullable=True),  # where reminders go (migration 0004)
)

submissions = Table(
    "submissions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # the version id
    Column("agency_code", String(64), ForeignKey("agencies.code", name="fk_submissions_agency"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("original", LargeBinary, nullable=False),
    Column("uploaded_by", Text, nullable=False),  # the display name (open mode: as typed)
    Column("uploaded_by_login", Text, nullable=True),  # the signed-in account (migration 0003); NULL in open mode
    Column("uploaded_at", UtcDateTime, nullable=False),
    Column("action", String(16), nullable=False),
    Column("restored_from", Integer, ForeignKey("submissions.id", name="fk_submissions_restored_from"), nullable=True),
    # The submission as given in this version (agencies holds the registry's name).
    Column("agency_name", Text, nullable=False),
    Column("province", Text, nullable=False),
    Column("report_date", Date, nullable=True),
    Column("requested_by", Text, nullable=True),
    Column("prepared_by", Text, nullable=True),
    Column("stated_total_vnd", BigInteger, nullable=True),
    Column("illustrative", Boolean, nullable=False),
    # Its index also serves lookups by (agency_code, year).
    UniqueConstraint("agency_code", "year", "version", name="uq_submissions_agency_year_version"),
    CheckConstraint("action IN ('upload', 'restore')", name="ck_submissions_action"),
)
Index("ix_submissions_year", submissions.c.year)
Index("ix_submissions_agency_year_sha", submissions.c.agency_code, submissions.c.year, submissions.c.sha256)


def _child(name: str, *columns: Column | CheckConstraint) -> Table:
    """A table of a submission's ordered items, keyed by (submission_id, position)."""
    return Table(
        name,
        metadata,
        Column("submission_id", Integer, ForeignKey("submissions.id", name=f"fk_{name}_submission"), primary_key=True),
        Column("position", Integer, primary_key=True),
        *columns,
    )


budget_lines = _child(
    "budget_lines",
    Column("funding_source", String(1), nullable=False),
    Column("task", Text, nullable=False),
    Column("allocated_vnd", BigInteger, nullable=False),
    Column("disbursed_vnd", BigInteger, nullable=True),  # NULL = not reported, never 0
    Column("decision_ref", Text),
    Column("as_of", Date),
    Column("expected_pct", Float),
    Column("procurement", Text),
    Column("procurement_done", Date),
    Column("contractor", Text),
    Column("note", Text),
    Column("extra", JSON),
    Column("source_row", Integer),
    CheckConstraint("funding_source IN ('a', 'b', 'c')", name="ck_budget_lines_funding_source"),
)
indicators = _child(
    "indicators",
    Column("code", String(64), nullable=False),
    Column("name", Text),
    Column("value", Float, nullable=False),
    Column("out_of", Float),
    Column("applies_to_year", Integer),
    Column("note", Text),
    Column("extra", JSON),
    Column("source_row", Integer),
)
funding_requests = _child(
    "funding_requests",
    Column("year", Integer, nullable=False),
    Column("task", Text, nullable=False),
    Column("category", Text),
    Column("legal_basis", Text),
    Column("objective", Text),
    Column("content", Text),
    Column("scope", Text),
    Column("implementer", Text),
    Column("amount_vnd", BigInteger, nullable=False),
    Column("note", Text),
    Column("extra", JSON),
    Column("source_row", Integer),
)
difficulties = _child(
    "difficulties",
    Column("kind", Text, nullable=False),
    Column("text", Text, nullable=False),
)
submission_issues = _child(
    "submission_issues",
    Column("code", String(64), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("file", Text, nullable=False),
    Column("sheet", Text),
    Column("row", Integer),
    Column("column", Text),
    Column("message_vi", Text, nullable=False),
    Column("message_en", Text, nullable=False),
)
# Where each figure of a narrative report was read (migration 0002); restore_version copies it like the rest.
figure_sources = _child(
    "figure_sources",
    Column("field", Text, nullable=False),  # "budget_lines[0].disbursed_vnd", "indicators[3].value", "agency", ...
    Column("text", Text, nullable=False),  # the whole sentence, paragraph or cell the figure is in
    Column("start", Integer, nullable=False),  # text[start:end] is the figure as written
    Column("end", Integer, nullable=False),
    Column("block", Integer, nullable=True),
    Column("page", Integer, nullable=True),
    Column("edited", Boolean, nullable=False, server_default=false()),  # the reviewer changed the figure
)
CHILD_TABLES = (budget_lines, indicators, funding_requests, difficulties, submission_issues, figure_sources)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", Text, nullable=False),  # display name
    Column("actor_login", Text, nullable=True),  # the account (migration 0003); NULL in open mode and for "system"
    Column("action", String(32), nullable=False),
    Column("agency_code", String(64), nullable=True),
    Column("year", Integer, nullable=True),
    Column("submission_id", Integer, ForeignKey("submissions.id", name="fk_audit_log_submission"), nullable=True),
    Column("detail", Text, nullable=True),
)


class RuleError(ValueError):
    """Input a store rule refuses (an account change, a cycle transition): code is a stable slug, facts fill the
    Vietnamese message at the edge (page or command line)."""

    def __init__(self, code: str, **facts: object):
        super().__init__(code)
        self.code = code
        self.facts = facts


@dataclass(frozen=True)
class SaveResult:
    submission_id: int
    version: int
    created: bool  # False: these bytes were already stored for the pair; nothing was written


@dataclass(frozen=True)
class ToSave:
    """One submission for Store.save_submissions: save_submission's arguments."""

    sub: Submission
    raw: bytes
    file_name: str
    uploaded_by: str
    uploaded_by_login: str | None = None
    issues: tuple[Issue, ...] = ()
    sources: tuple = ()
    filed_from: str | None = None

    @functools.cached_property
    def sha256(self) -> str:
        """Of raw, once: a batch looks it up, compares and records it (an import holds ~70 MB of files)."""
        return hashlib.sha256(self.raw).hexdigest()


# --- engine and migrations -------------------------------------------------------------------------------


def default_url() -> str:
    """DATABASE_URL, else SQLite at $CDS_DATA_DIR/cds.sqlite3 (default <project>/data), dir created."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        # Hosting panels hand out postgres:// URLs; psycopg 3 is the driver we ship.
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url
    data_dir = Path(os.environ.get("CDS_DATA_DIR") or ROOT / "data")
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / SQLITE_FILE}"


def may_hold_data(url: str) -> bool:
    """False only when the URL is a SQLite file that does not exist yet (opening it would create it)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return True
    return Path(parsed.database).exists()


def _sqlite_connect(dbapi_connection, _record) -> None:
    # We emit BEGIN ourselves (see _sqlite_begin), so the driver must not.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # first: WAL switch below may wait
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; a crash loses at most the last commit
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # Writers take the write lock at BEGIN: a deferred reader upgrading to writer in WAL mode fails at once
    # with "database is locked" instead of waiting on busy_timeout.
    mode = conn.get_execution_options().get("cds_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    """An Engine with the SQLite settings the store relies on (WAL, foreign keys, busy timeout)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    in_memory = parsed.database in (None, "", ":memory:") or parsed.query.get("mode") == "memory"
    kwargs: dict[str, Any] = {}
    if in_memory:
        # One shared connection, or each checkout would see its own empty database.
        kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(parsed, **kwargs)
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


@contextlib.contextmanager
def write_transaction(conn: Connection) -> Iterator[Connection]:
    """A transaction that holds the write lock from its start (SQLite) and commits on success."""
    conn.execution_options(cds_begin="IMMEDIATE")
    with conn.begin():
        yield conn


@contextlib.contextmanager
def migration_transaction(conn: Connection) -> Iterator[Connection]:
    """write_transaction plus, on PostgreSQL, a lock so concurrent openers migrate one after another."""
    with write_transaction(conn):
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        yield conn


def alembic_config(connection: Connection | None = None):
    """Alembic's Config built in code, so migrations run from any working directory."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


# The newest migration in store/migrations/versions (tests/test_store.py checks it is Alembic's head).
HEAD_REVISION = "0004"


def migrate(engine: Engine) -> None:
    """Bring the schema to head; a no-op when it is there already."""
    if _at_head(engine):
        return
    from alembic import command

    # Processes starting together queue on the write lock; on a loaded machine one may wait past busy_timeout
    # (four migrations since issue 13/14): retry like a lost write race rather than fail the start.
    for attempt in range(WRITE_TRIES):
        try:
            with engine.connect() as conn, migration_transaction(conn):
                command.upgrade(alembic_config(conn), "head")
            return
        except DBAPIError as exc:
            if attempt == WRITE_TRIES - 1 or not _retryable(exc):
                raise
            time.sleep(random.uniform(0, min(2.0, 0.02 * 2**attempt)))


def _at_head(engine: Engine) -> bool:
    """The schema is at HEAD_REVISION already: one read, instead of importing Alembic and loading its scripts to
    learn the same (~0,1 s of every process start: the server's first chart, each `python -m loaders` command).
    Anything else (a new store, an older schema, a revision this code does not know) goes through Alembic."""
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:  # no alembic_version table: a new store
        return False
    return found == [HEAD_REVISION]


# --- retries -----------------------------------------------------------------------------------------------


def _retryable(exc: DBAPIError) -> bool:
    """Lost a race with another writer: busy/locked SQLite, serialization or unique-version conflict."""
    message = str(exc.orig).lower()
    if isinstance(exc, OperationalError) and ("locked" in message or "busy" in message):
        return True
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in ("40001", "40P01", "23505"):  # serialization failure, deadlock, unique violation
        return True
    return isinstance(exc, IntegrityError) and "unique constraint failed" in message


# --- the store ---------------------------------------------------------------------------------------------


def versions_revision(agency_codes: Collection[str] | None = None) -> Select:
    """SELECT the newest submission id of those agencies (None = all), 0 when none: Store.revision's statement,
    which ScopedStore.revision reads in one statement with the reporting cycle's."""
    statement = select(func.coalesce(func.max(submissions.c.id), 0))
    if agency_codes is not None:
        statement = statement.where(submissions.c.agency_code.in_(list(agency_codes)))
    return statement


class Store:
    """Holds only the Engine (thread-safe); every call opens its own connection and transaction."""

    def __init__(self, engine: Engine):
        self._engine = engine

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        engine = make_engine(url or default_url())
        migrate(engine)
        return cls(engine)

    def close(self) -> None:
        self._engine.dispose()

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    def _write(self, work: Callable[[Connection], T]) -> T:
        """Run work in one write transaction; retry lost races with jittered exponential backoff."""
        for attempt in range(WRITE_TRIES):
            try:
                with self._engine.connect() as conn, write_transaction(conn):
                    return work(conn)
            except DBAPIError as exc:
                if attempt == WRITE_TRIES - 1 or not _retryable(exc):
                    raise
                time.sleep(random.uniform(0, min(2.0, 0.02 * 2**attempt)))
        raise AssertionError("unreachable")

    def write(self, work: Callable[[Connection], T]) -> T:
        """Run work(conn) in one write transaction with the store's retries (for store/ modules beside this one)."""
        return self._write(work)

    def connect(self) -> Connection:
        """A read connection (for store/ modules beside this one); use it in a with block."""
        return self._engine.connect()

    def _rows(self, statement) -> list[tuple]:
        # Tuples in the statement's column order (_frame names them): a dict per row cost ~1 KB, and every year's
        # lines (~100,000 at national scale) once took the server's peak memory over 500 MiB (BENCHMARKS.md).
        with self._engine.connect() as conn:
            return [tuple(r) for r in conn.execute(statement)]

    # --- writes ---

    def save_submission(
        self,
        sub: Submission,
        *,
        raw: bytes,
        file_name: str,
        uploaded_by: str,
        uploaded_by_login: str | None = None,
        issues: Sequence[Issue] = (),
        sources: Sequence = (),
        filed_from: str | None = None,
    ) -> SaveResult:
        """Store sub as the next version of (agency_code, year), all or nothing.

        filed_from: what the report itself named when it is filed under a successor unit (issue 15); kept in the
        audit entry (the version's warnings hold it too), so the original wording is never lost.

        Bytes already stored for this pair (any version, not only the current one) make no new version: the
        result names the newest version holding them, created=False. Re-uploading an older file therefore
        does not make it current again; restore_version does that, explicitly and on the record.
        sources: provenance of the figures (loaders.extract Span-like records: field, text, start, end, block,
        page, and optionally edited), stored in the same transaction.
        """
        item = ToSave(sub, raw, file_name, uploaded_by, uploaded_by_login, tuple(issues), tuple(sources), filed_from)
        [outcome] = self.save_submissions([item])
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def save_submissions(self, items: Sequence[ToSave]) -> list[SaveResult | Exception]:
        """save_submission of each item, all in one write transaction: one result or exception per item, in order.

        Each item is all or nothing: the batch is saved in one SAVEPOINT (_save_together), and when any item fails
        there it is rolled back and saved again with each item in its own (_save_each), so a failing one is rolled
        back alone and its exception returned in its place. A lost race (PostgreSQL) retries the whole batch, as
        _write does for one; when the batch cannot be committed at all, each item is saved in its own transaction,
        so one cannot cost the rest.
        """
        outcomes: list[SaveResult | Exception | None] = [None] * len(items)
        for n, item in enumerate(items):
            try:
                _check_savable(item)
            except ValueError as exc:
                outcomes[n] = exc
        todo = [n for n, outcome in enumerate(outcomes) if outcome is None]

        def work(conn: Connection) -> dict[int, SaveResult | Exception]:
            batch = [items[n] for n in todo]
            try:
                with conn.begin_nested():
                    return dict(zip(todo, _save_together(conn, batch), strict=True))
            except DBAPIError as exc:
                if _retryable(exc):
                    raise  # a race with another writer: the whole batch again, in a new transaction
            except Exception:  # noqa: BLE001 - an item failed, and everything of the batch is rolled back: one by one
                pass
            return dict(zip(todo, _save_each(conn, batch), strict=True))

        if len(todo) > 1:
            try:
                for n, outcome in self._write(work).items():
                    outcomes[n] = outcome
                todo = []
            except Exception:  # noqa: BLE001 - the batch could not be committed: each item alone, below
                pass
        for n in todo:
            try:
                outcomes[n] = self._write(functools.partial(_save, item=items[n]))
            except Exception as exc:
                outcomes[n] = exc
        return [o if o is not None else AssertionError("unsaved") for o in outcomes]

    def restore_version(self, submission_id: int, *, by: str, by_login: str | None = None) -> SaveResult:
        """Copy an older version (content, warnings and original bytes) into a new current version.

        Restoring the version that is already current changes nothing (created=False).
        """

        def work(conn: Connection) -> SaveResult:
            source = conn.execute(select(submissions).where(submissions.c.id == submission_id)).mappings().first()
            if source is None:
                raise KeyError(f"no submission {submission_id}")
            current = _next_version(conn, source["agency_code"], source["year"]) - 1
            if source["version"] == current:
                return SaveResult(submission_id, current, created=False)
            copied = {k: v for k, v in source.items() if k not in ("id", "version")}
            new_id = _new_id(
                conn,
                insert(submissions).values(
                    {
                        **copied,
                        "version": current + 1,
                        "uploaded_by": by,
                        "uploaded_by_login": by_login,
                        "uploaded_at": _now(),
                        "action": "restore",
                        "restored_from": submission_id,
                    }
                ),
            )
            for table in CHILD_TABLES:
                names = [c.name for c in table.columns if c.name != "submission_id"]
                conn.execute(
                    insert(table).from_select(
                        ["submission_id", *names],
                        select(literal(new_id, Integer), *[table.c[n] for n in names]).where(
                            table.c.submission_id == submission_id
                        ),
                    )
                )
            _audit(
                conn,
                by,
                "restore",
                source["agency_code"],
                source["year"],
                new_id,
                {"version": current + 1, "restored_from_version": source["version"], "restored_from": submission_id},
                login=by_login,
            )
            return SaveResult(new_id, current + 1, created=True)

        return self._write(work)

    def upsert_agencies(
        self, rows: Iterable[dict], *, actor: str = SYSTEM_ACTOR, actor_login: str | None = None
    ) -> None:
        """Insert or update the registry: code, name, province, agency_group, expected_to_report, email."""
        values = [
            {
                "code": r["code"],
                "name": r["name"],
                "province": r.get("province"),
                "agency_group": r.get("agency_group"),
                "expected_to_report": bool(r.get("expected_to_report", True)),
                "email": (r.get("email") or "").strip() or None,
            }
            for r in rows
        ]
        if not values:
            return

        def work(conn: Connection) -> None:
            statement = _dialect_insert(conn)(agencies)
            conn.execute(
                statement.on_conflict_do_update(
                    index_elements=[agencies.c.code],
                    set_={
                        **{
                            c: statement.excluded[c] for c in ("name", "province", "agency_group", "expected_to_report")
                        },
                        # A registry file without e-mails keeps the ones already known.
                        "email": func.coalesce(statement.excluded.email, agencies.c.email),
                    },
                ),
                values,
            )
            _audit(conn, actor, "agencies", None, None, None, {"agencies": len(values)}, login=actor_login)

        self._write(work)

    # --- reads: records ---

    def revision(self, agency_codes: Collection[str] | None = None) -> int:
        """Newest submission id (of those agencies; None = all), 0 when empty: the cache key for every read below."""
        with self._engine.connect() as conn:
            return conn.execute(versions_revision(agency_codes)).scalar_one()

    def is_empty(self) -> bool:
        """True when no submission is stored (agencies alone do not count)."""
        return self.revision() == 0

    def years(self) -> list[int]:
        """Years with any submission, newest first."""
        with self._engine.connect() as conn:
            return list(
                conn.execute(select(submissions.c.year).distinct().order_by(submissions.c.year.desc())).scalars()
            )

    def load_submission(self, submission_id: int) -> Submission:
        """The Submission exactly as it was saved (KeyError when there is no such id)."""
        with self._engine.connect() as conn:
            return _load(conn, submission_id)

    def current_submission_id(self, agency_code: str, year: int) -> int | None:
        with self._engine.connect() as conn:
            return conn.execute(
                select(submissions.c.id)
                .where(submissions.c.agency_code == agency_code, submissions.c.year == year)
                .order_by(submissions.c.version.desc())
                .limit(1)
            ).scalar()

    def current_submission(self, agency_code: str, year: int) -> Submission | None:
        # One connection: the id and its content come from the same snapshot.
        with self._engine.connect() as conn:
            found = conn.execute(
                select(submissions.c.id)
                .where(submissions.c.agency_code == agency_code, submissions.c.year == year)
                .order_by(submissions.c.version.desc())
                .limit(1)
            ).scalar()
            return None if found is None else _load(conn, found)

    def original_file(self, submission_id: int) -> tuple[str, bytes]:
        """(file name, bytes) exactly as uploaded for that version."""
        with self._engine.connect() as conn:
            row = conn.execute(
                select(submissions.c.file_name, submissions.c.original).where(submissions.c.id == submission_id)
            ).first()
        if row is None:
            raise KeyError(f"no submission {submission_id}")
        return row.file_name, bytes(row.original)

    def table_checksums(self) -> dict[str, tuple[int, str]]:
        """Per table: (row count, sha256 over all rows in key order). Equal before and after = unchanged."""
        out: dict[str, tuple[int, str]] = {}
        with self._engine.connect() as conn:
            for table in metadata.sorted_tables:
                digest, count = hashlib.sha256(), 0
                for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                    digest.update(repr(tuple(row)).encode())
                    count += 1
                out[table.name] = (count, digest.hexdigest())
        return out

    # --- reads: frames ---

    def versions(self, agency_code: str, year: int) -> pd.DataFrame:
        """Every version of (agency, year), oldest first, with its number of stored warnings."""
        warnings = _warning_counts()
        statement = (
            select(
                submissions.c.id.label("submission_id"),
                submissions.c.version,
                submissions.c.file_name,
                submissions.c.sha256,
                submissions.c.uploaded_by,
                submissions.c.uploaded_by_login,
                submissions.c.uploaded_at,
                submissions.c.action,
                submissions.c.restored_from,
                func.coalesce(warnings.c.n, 0).label("n_warnings"),
            )
            .outerjoin(warnings, warnings.c.submission_id == submissions.c.id)
            .where(submissions.c.agency_code == agency_code, submissions.c.year == year)
            .order_by(submissions.c.version)
        )
        return _frame(self._rows(statement), statement, {"restored_from": "Int64"})

    def submissions_frame(self, year: int | None = None) -> pd.DataFrame:
        """One row per (agency, year): its current version, how many versions, lines and warnings."""
        cur = _current(year)
        warnings = _warning_counts()
        lines = (
            select(budget_lines.c.submission_id, func.count().label("n"))
            .group_by(budget_lines.c.submission_id)
            .subquery("line_counts")
        )
        statement = (
            select(
                *_agency_columns(cur),
                cur.c.submission_id,
                cur.c.version,
                cur.c.n_versions,
                cur.c.uploaded_at,
                cur.c.uploaded_by,
                cur.c.file_name,
                cur.c.illustrative,
                cur.c.report_date,
                func.coalesce(lines.c.n, 0).label("n_lines"),
                func.coalesce(warnings.c.n, 0).label("n_warnings"),
            )
            .outerjoin(lines, lines.c.submission_id == cur.c.submission_id)
            .outerjoin(warnings, warnings.c.submission_id == cur.c.submission_id)
            .order_by(cur.c.year.desc(), cur.c.agency_code)
        )
        return _frame(self._rows(statement), statement)

    def reported_pairs(self) -> pd.DataFrame:
        """(agency_code, year, province) of every report: submissions_frame's rows without their figures.

        The years and provinces a reader may pick are read from these on every fresh server; the full frame's
        line and warning counts over every year cost ~0,3 s at national scale (issue 17, cold start)."""
        s = submissions
        statement = (
            select(s.c.agency_code, s.c.year, agencies.c.province)
            .distinct()
            .join(agencies, agencies.c.code == s.c.agency_code)
            .order_by(s.c.year.desc(), s.c.agency_code)
        )
        return _frame(self._rows(statement), statement)

    def budget_lines_frame(self, year: int | None = None, *, amounts_only: bool = False) -> pd.DataFrame:
        """Budget lines of current versions; disbursed_vnd stays <NA> where not reported.

        amounts_only: the agency columns and the two amounts summed per report, for totals over every year: one
        row per agency and year (~4,000 at national scale, not ~100,000 lines), summed by the database. SUM
        skips NULLs and is NULL when every line's disbursement is unreported, so not reported stays <NA>.
        """
        cur = _current(year)
        b = budget_lines
        if amounts_only:
            totals = (
                select(
                    *_agency_columns(cur),
                    cast(func.sum(b.c.allocated_vnd), BigInteger).label("allocated_vnd"),
                    cast(func.sum(b.c.disbursed_vnd), BigInteger).label("disbursed_vnd"),  # NUMERIC on PostgreSQL
                )
                .join(cur, cur.c.submission_id == b.c.submission_id)
                .group_by(cur.c.submission_id, *_agency_columns(cur))
                .order_by(cur.c.year.desc(), cur.c.agency_code)
            )
            return _frame(self._rows(totals), totals)
        details = (
            cur.c.submission_id,
            cur.c.version,
            cur.c.illustrative,
            b.c.position,
            b.c.funding_source,
            b.c.task,
            b.c.decision_ref,
        )
        more = (
            b.c.as_of,
            b.c.expected_pct,
            b.c.procurement,
            b.c.procurement_done,
            b.c.contractor,
            b.c.note,
            cur.c.report_date,
        )
        statement = (
            select(*_agency_columns(cur), *details, b.c.allocated_vnd, b.c.disbursed_vnd, *more)
            .join(cur, cur.c.submission_id == b.c.submission_id)
            .order_by(cur.c.year.desc(), cur.c.agency_code, b.c.position)
        )
        return _frame(self._rows(statement), statement)

    def indicators_frame(self, year: int | None = None) -> pd.DataFrame:
        """Indicators of current versions (year = report year; applies_to_year may differ)."""
        cur = _current(year)
        i = indicators
        statement = (
            select(
                *_agency_columns(cur),
                cur.c.submission_id,
                cur.c.version,
                cur.c.illustrative,
                i.c.position,
                i.c.code,
                i.c.name,
                i.c.value,
                i.c.out_of,
                i.c.applies_to_year,
                i.c.note,
            )
            .join(cur, cur.c.submission_id == i.c.submission_id)
            .order_by(cur.c.year.desc(), cur.c.agency_code, i.c.position)
        )
        return _frame(self._rows(statement), statement, {"applies_to_year": "Int64"})

    def requests_frame(self, year: int | None = None) -> pd.DataFrame:
        """Funding requests of current versions; year = report year, request_year = year asked for."""
        cur = _current(year)
        r = funding_requests
        statement = (
            select(
                *_agency_columns(cur),
                cur.c.submission_id,
                cur.c.version,
                cur.c.illustrative,
                r.c.position,
                r.c.year.label("request_year"),
                r.c.task,
                r.c.category,
                r.c.legal_basis,
                r.c.objective,
                r.c.content,
                r.c.scope,
                r.c.implementer,
                r.c.amount_vnd,
                r.c.note,
            )
            .join(cur, cur.c.submission_id == r.c.submission_id)
            .order_by(cur.c.year.desc(), cur.c.agency_code, r.c.position)
        )
        return _frame(self._rows(statement), statement)

    def difficulties_frame(self, year: int | None = None) -> pd.DataFrame:
        cur = _current(year)
        d = difficulties
        statement = (
            select(*_agency_columns(cur), cur.c.submission_id, cur.c.version, d.c.position, d.c.kind, d.c.text)
            .join(cur, cur.c.submission_id == d.c.submission_id)
            .order_by(cur.c.year.desc(), cur.c.agency_code, d.c.position)
        )
        return _frame(self._rows(statement), statement)

    def issues_frame(self, year: int | None = None) -> pd.DataFrame:
        """Warnings stored with current versions."""
        cur = _current(year)
        s = submission_issues
        statement = (
            select(
                *_agency_columns(cur),
                cur.c.submission_id,
                cur.c.version,
                s.c.position,
                s.c.code,
                s.c.severity,
                s.c.file,
                s.c.sheet,
                s.c.row,
                s.c.column,
                s.c.message_vi,
                s.c.message_en,
            )
            .join(cur, cur.c.submission_id == s.c.submission_id)
            .order_by(cur.c.year.desc(), cur.c.agency_code, s.c.position)
        )
        return _frame(self._rows(statement), statement, {"row": "Int64"})

    def agencies_frame(self) -> pd.DataFrame:
        statement = select(agencies).order_by(agencies.c.code)
        return _frame(self._rows(statement), statement)

    def audit_frame(
        self, limit: int = 200, *, agency_codes: Collection[str] | None = None, include_unscoped: bool = True
    ) -> pd.DataFrame:
        """The newest audit entries first; of those agencies only (None = all), with or without agency-less ones."""
        statement = _audit_scope(
            select(audit_log).order_by(audit_log.c.id.desc()).limit(limit), agency_codes, include_unscoped
        )
        return _frame(self._rows(statement), statement, {"year": "Int64", "submission_id": "Int64"})

    def audit_mark(
        self, *, agency_codes: Collection[str] | None = None, include_unscoped: bool = True
    ) -> tuple[int, int] | None:
        """(newest id, number of entries) of those audit_frame would list from, None when there are none. The log
        is only added to, so this changes whenever an entry is, even one committed after a newer id (PostgreSQL
        hands ids out before commit). Sign-ins are logged without raising the revision: pages key the log on it."""
        statement = _audit_scope(
            select(func.max(audit_log.c.id), func.count(audit_log.c.id)), agency_codes, include_unscoped
        )
        with self._engine.connect() as conn:
            newest, entries = conn.execute(statement).one()
        return None if not entries else (int(newest), int(entries))

    def sources_frame(self, submission_id: int) -> pd.DataFrame:
        """Where each figure of that version was read: one row per span, in saved order.

        Columns: position, field, text, start, end, block, page, edited, plus item ("budget_lines",
        "indicators", "requests", or the field itself for "agency"/"year"...), item_position (<NA> for
        header fields), attribute ("disbursed_vnd"...) and quote (the text with the figure in «…»).
        Empty for spreadsheet uploads: their figures come from cells, not sentences.
        """
        f = figure_sources
        statement = (
            select(f.c.position, f.c.field, f.c.text, f.c.start, f.c.end, f.c.block, f.c.page, f.c.edited)
            .where(f.c.submission_id == submission_id)
            .order_by(f.c.position)
        )
        frame = _frame(
            self._rows(statement), statement, {"block": "Int64", "page": "Int64", "start": "int64", "end": "int64"}
        )
        parts = frame["field"].astype("string").str.extract(r"^(?P<item>[a-z_]+)(?:\[(?P<pos>\d+)\])?\.?(?P<attr>.*)$")
        frame["item"] = parts["item"]
        frame["item_position"] = pd.to_numeric(parts["pos"]).astype("Int64")
        frame["attribute"] = parts["attr"].fillna("")
        frame["quote"] = [quote_span(t, s, e) for t, s, e in zip(frame["text"], frame["start"], frame["end"])]
        return frame


# --- helpers (module level so a test can make one of them fail mid-save) ------------------------------------


def _check_savable(item: ToSave) -> None:
    if any(issue.is_error for issue in item.issues):
        raise ValueError("a submission with errors is rejected, not stored (submission format §4)")
    sub = item.sub
    if sub.agency is None or sub.agency_code is None or sub.province is None or sub.year is None:
        raise ValueError("a partial submission (agency, province or year unknown) is reviewed, not stored")


@dataclass
class _Stored:
    """What the store holds for a batch's (agency, year) pairs, read in three queries instead of three per item.

    _save asks it instead of the database; each saved item is added once it is in (_save_together, _save_each),
    so a later item of the same pair is the next version, or created=False for the same bytes, as when each item
    queried for itself. Only the write transaction that read it may use it (SQLite's write lock, or on
    PostgreSQL the unique version that makes a racing writer retry the batch).
    """

    newest: dict[tuple[str, int], int]  # (agency, year) -> highest version
    digests: dict[tuple[str, int, str], tuple[int, int]]  # (agency, year, sha256) -> newest (id, version)
    agencies: set[str]  # codes in the registry

    @classmethod
    def read(cls, conn: Connection, items: Sequence[ToSave]) -> _Stored:
        codes = sorted({i.sub.agency_code for i in items if i.sub.agency_code is not None})
        years = sorted({i.sub.year for i in items if i.sub.year is not None})
        digests = sorted({i.sha256 for i in items})
        s = submissions
        pairs = s.c.agency_code.in_(codes), s.c.year.in_(years)  # a superset of the pairs: filtered by the keys
        newest = (
            select(s.c.agency_code, s.c.year, func.max(s.c.version)).where(*pairs).group_by(s.c.agency_code, s.c.year)
        )
        same = select(s.c.agency_code, s.c.year, s.c.sha256, s.c.id, s.c.version).where(*pairs, s.c.sha256.in_(digests))
        stored = cls(
            newest={(code, year): version for code, year, version in conn.execute(newest)},
            digests={},
            agencies=set(conn.execute(select(agencies.c.code).where(agencies.c.code.in_(codes))).scalars()),
        )
        for code, year, sha256, submission_id, version in conn.execute(same.order_by(s.c.version)):
            stored.digests[(code, year, sha256)] = (submission_id, version)  # ascending: the newest wins
        return stored

    def add(self, item: ToSave, saved: SaveResult | Exception) -> None:
        """Count a saved item, as the database now holds it."""
        sub = item.sub
        if isinstance(saved, SaveResult) and saved.created and sub.agency_code is not None and sub.year is not None:
            self.newest[(sub.agency_code, sub.year)] = saved.version
            key = (sub.agency_code, sub.year, item.sha256)
            self.digests[key] = (saved.submission_id, saved.version)
            self.agencies.add(sub.agency_code)


def _save_together(conn: Connection, items: Sequence[ToSave]) -> list[SaveResult]:
    """Every item in conn's transaction, all or none: their items and audit entries are inserted together at the
    end, one executemany per table for the batch (one per item and table was a third of a national import's
    storing time; a SAVEPOINT per item, another tenth)."""
    stored, later = _Stored.read(conn, items), _Later()
    saved = []
    for item in items:
        saved.append(_save(conn, item, stored, later))
        stored.add(item, saved[-1])
    later.insert(conn)
    return saved


def _save_each(conn: Connection, items: Sequence[ToSave]) -> list[SaveResult | Exception]:
    """Each item in its own SAVEPOINT of conn's transaction: one that fails is rolled back alone (its exception
    in its place), except a lost race, which is raised to retry the whole batch in a new transaction."""
    stored = _Stored.read(conn, items)
    done: list[SaveResult | Exception] = []
    for item in items:
        try:
            with conn.begin_nested():
                done.append(_save(conn, item, stored))
        except DBAPIError as exc:
            if _retryable(exc):
                raise
            done.append(exc)
        except Exception as exc:  # this item's savepoint is rolled back; the others stay
            done.append(exc)
        else:  # only once its savepoint is released does the item count for the later ones
            stored.add(item, done[-1])
    return done


def _save(conn: Connection, item: ToSave, stored: _Stored | None = None, later: _Later | None = None) -> SaveResult:
    """The work of save_submission in conn's transaction (see Store.save_submission); stored: see _Stored;
    later: where its items and audit entry wait to be inserted with the batch's (None: inserted now)."""
    sub, raw, file_name = item.sub, item.raw, item.file_name
    assert sub.agency and sub.agency_code and sub.province is not None and sub.year is not None, "_check_savable"
    stored = stored or _Stored.read(conn, [item])
    sha256 = item.sha256
    same = stored.digests.get((sub.agency_code, sub.year, sha256))
    if same is not None:  # the newest version of the pair holding these bytes
        return SaveResult(same[0], same[1], created=False)
    if sub.agency_code not in stored.agencies:
        _ensure_agency(conn, sub.agency_code, sub.agency, sub.province)
    # max+1 under the write lock (SQLite) or guarded by the unique constraint (PostgreSQL; a loser retries).
    version = stored.newest.get((sub.agency_code, sub.year), 0) + 1
    submission_id = _insert_row(
        conn,
        submissions,
        {
            "agency_code": sub.agency_code,
            "year": sub.year,
            "version": version,
            "sha256": sha256,
            "file_name": file_name,
            "original": raw,
            "uploaded_by": item.uploaded_by,
            "uploaded_by_login": item.uploaded_by_login,
            "uploaded_at": _now(),
            "action": "upload",
            "restored_from": None,
            "agency_name": sub.agency,
            "province": sub.province,
            "report_date": sub.report_date,
            "requested_by": sub.requested_by,
            "prepared_by": sub.prepared_by,
            "stated_total_vnd": sub.stated_total_vnd,
            "illustrative": sub.illustrative,
        },
    )
    _insert_children(conn, submission_id, sub, item.issues, later)
    _insert_sources(conn, submission_id, item.sources, later)
    facts = {"version": version, "file": file_name, "size": len(raw), "sha256": sha256}
    if item.filed_from:
        facts |= {"filed_from": item.filed_from, "filed_as": f"{sub.agency} ({sub.agency_code}), {sub.province}"}
    login = item.uploaded_by_login
    _audit(conn, item.uploaded_by, "upload", sub.agency_code, sub.year, submission_id, facts, login=login, later=later)
    return SaveResult(submission_id, version, created=True)


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id(conn: Connection, statement) -> int:
    """The id the INSERT gave its one new row."""
    key = conn.execute(statement).inserted_primary_key
    assert key is not None, "an INSERT of one row always has a primary key"
    return int(key[0])


def _dialect_insert(conn: Connection):
    """The dialect's INSERT, which has on_conflict_do_nothing/update (the generic one has not)."""
    if conn.dialect.name == "postgresql":
        return postgresql_insert
    if conn.dialect.name == "sqlite":
        return sqlite_insert
    raise NotImplementedError(f"store supports SQLite and PostgreSQL, not {conn.dialect.name}")


def _ensure_agency(conn: Connection, code: str, name: str, province: str) -> None:
    # An unknown agency joins the registry as it named itself; a known one keeps the registry's name
    # (upsert_agencies owns it), so one upload's spelling does not rename the agency everywhere.
    statement = _dialect_insert(conn)(agencies).values(code=code, name=name, province=province)
    conn.execute(statement.on_conflict_do_nothing(index_elements=[agencies.c.code]))


def _next_version(conn: Connection, agency_code: str, year: int) -> int:
    # max+1 under the write lock (SQLite) or guarded by the unique constraint (PostgreSQL; a loser retries).
    return conn.execute(
        select(func.coalesce(func.max(submissions.c.version), 0) + 1).where(
            submissions.c.agency_code == agency_code, submissions.c.year == year
        )
    ).scalar_one()


def _pairs(extra: tuple[tuple[str, str], ...]) -> list[list[str]]:
    return [[k, v] for k, v in extra]  # a list of pairs keeps order and repeated headers


def _unpairs(value) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in value or ())


def _insert_children(
    conn: Connection, submission_id: int, sub: Submission, issues: Sequence[Issue], later: _Later | None = None
) -> None:
    """The submission's items in their given order, one executemany per table (or later's, with the batch's)."""
    _insert_rows(conn, budget_lines, _item_rows(budget_lines, submission_id, sub.budget_lines), later)
    _insert_rows(conn, indicators, _item_rows(indicators, submission_id, sub.indicators), later)
    _insert_rows(conn, funding_requests, _item_rows(funding_requests, submission_id, sub.requests), later)
    _insert_rows(conn, difficulties, _item_rows(difficulties, submission_id, sub.difficulties), later)
    _insert_rows(conn, submission_issues, _item_rows(submission_issues, submission_id, issues), later)


def _item_rows(table: Table, submission_id: int, items: Sequence) -> list[list]:
    """A row per item: submission_id, position, then each further column from the item's attribute of that name
    (the child tables name their columns after the domain's fields; _load reads them back the same way)."""
    fields = [c.name for c in table.columns][2:]
    values_of = operator.attrgetter(*fields)  # two or more fields: a tuple
    rows = [[submission_id, n, *values_of(x)] for n, x in enumerate(items)]
    if "extra" in fields:
        at = 2 + fields.index("extra")
        for row in rows:
            row[at] = _pairs(row[at])
    return rows


def quote_span(text_: str, start: int, end: int) -> str:
    """The sentence with the figure marked: '… đã giải ngân «3,402 triệu đồng» …'."""
    return f"{text_[:start]}«{text_[start:end]}»{text_[end:]}"


def _insert_sources(conn: Connection, submission_id: int, sources: Sequence, later: _Later | None = None) -> None:
    rows = [
        [
            submission_id,
            n,
            s.field,
            s.text,
            s.start,
            s.end,
            getattr(s, "block", None),
            getattr(s, "page", None),
            bool(getattr(s, "edited", False)),
        ]
        for n, s in enumerate(sources)
    ]
    _insert_rows(conn, figure_sources, rows, later)


@dataclass(frozen=True)
class _RowInsert:
    """An INSERT of the given columns of a table, compiled for one dialect, and the columns' bind processors."""

    sql: str
    names: tuple[str, ...]  # the order of a row's values
    positional: bool  # the driver takes a tuple per row (SQLite), else a dict (psycopg)
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]  # (value index, processor) of columns that have one

    def parameters(self, row: list) -> tuple | dict:
        """The driver's parameters for one row (its list is changed: each value through its processor)."""
        assert len(row) == len(self.names), "a row has a value for each column"
        for n, process in self.processors:
            row[n] = process(row[n])
        return tuple(row) if self.positional else dict(zip(self.names, row))


@functools.lru_cache(maxsize=64)  # per engine's dialect, table and columns: a handful in a process, more in tests
def _row_insert(dialect, table: Table, names: tuple[str, ...], returning_id: bool = False) -> _RowInsert:
    """returning_id: the INSERT gives back the new row's id (SQLite: the cursor's lastrowid, as SQLAlchemy reads it
    there; RETURNING elsewhere)."""
    statement = insert(table)
    if returning_id and dialect.name != "sqlite":
        statement = statement.returning(table.c.id)
    compiled = statement.compile(dialect=dialect, column_keys=list(names))
    if dialect.positional:
        assert tuple(compiled.positiontup or ()) == names, "the compiled INSERT takes the values in the given order"
    processors = [(n, _processor(dialect, table.c[name].type)) for n, name in enumerate(names)]
    return _RowInsert(compiled.string, names, dialect.positional, tuple((n, p) for n, p in processors if p))


def _processor(dialect, type_) -> Callable[[Any], Any] | None:
    """The column type's bind processor; for JSON, one that serializes the empty list once (the extra columns of
    most rows: 150,000 json.dumps([]) were ~8% of storing a national import)."""
    process = type_.dialect_impl(dialect).bind_processor(dialect)
    if process is None or not isinstance(type_, JSON):
        return process
    empty = process([])
    return lambda value: empty if isinstance(value, list) and not value else process(value)


def _insert_rows(
    conn: Connection, table: Table, rows: list[list], later: _Later | None = None, names: tuple[str, ...] = ()
) -> None:
    """INSERT rows (a value for each of names, default every column of table, in that order) in one executemany,
    now or with later's rows of the table. The rows' lists are changed.

    Straight to the driver, each value through its column's own bind processor (dates, JSON, booleans), so the
    rows stored are those conn.execute(insert(table), dicts) stores: that path's handling of each row's dict
    was the largest part of storing a national import (100,000 budget lines; issue 17).
    """
    names = names or tuple(table.c.keys())
    if later is not None:
        later.add(table, names, rows)
        return
    if rows:
        plan = _row_insert(conn.dialect, table, names)
        conn.exec_driver_sql(plan.sql, [plan.parameters(row) for row in rows])


def _insert_row(conn: Connection, table: Table, values: dict[str, Any]) -> int:
    """INSERT one row as _insert_rows does (values: by column name) and return the id it was given."""
    plan = _row_insert(conn.dialect, table, tuple(values), returning_id=True)
    inserted = conn.exec_driver_sql(plan.sql, plan.parameters(list(values.values())))
    return int(inserted.lastrowid if conn.dialect.name == "sqlite" else inserted.scalar_one())


class _Later:
    """Rows held back to be inserted together, one executemany per table and columns for a whole batch."""

    def __init__(self) -> None:
        self._rows: dict[tuple[Table, tuple[str, ...]], list[list]] = {}

    def add(self, table: Table, names: tuple[str, ...], rows: list[list]) -> None:
        self._rows.setdefault((table, names), []).extend(rows)

    def insert(self, conn: Connection) -> None:
        for (table, names), rows in self._rows.items():
            _insert_rows(conn, table, rows, names=names)
        self._rows.clear()


_AUDIT_COLUMNS = ("at", "actor", "actor_login", "action", "agency_code", "year", "submission_id", "detail")


def _audit(
    conn: Connection,
    actor: str,
    action: str,
    agency_code: str | None,
    year: int | None,
    submission_id: int | None,
    facts: dict,
    login: str | None = None,
    later: _Later | None = None,
) -> None:
    """One audit entry (now, or with later's rows); detail holds facts as JSON (version, file, size, sha256,
    restored_from...), not words.

    ui/upload_tables.audit_detail turns them into a sentence; entries written before held that sentence
    already and are shown as they are.
    """
    detail = json.dumps(facts, ensure_ascii=False, sort_keys=True)
    row = [_now(), actor, login, action, agency_code, year, submission_id, detail]
    _insert_rows(conn, audit_log, [row], later, _AUDIT_COLUMNS)


def _load(conn: Connection, submission_id: int) -> Submission:
    head = conn.execute(select(submissions).where(submissions.c.id == submission_id)).mappings().first()
    if head is None:
        raise KeyError(f"no submission {submission_id}")

    def items(table: Table):
        return (
            conn.execute(select(table).where(table.c.submission_id == submission_id).order_by(table.c.position))
            .mappings()
            .all()
        )

    return Submission(
        agency=head["agency_name"],
        agency_code=head["agency_code"],
        province=head["province"],
        year=head["year"],
        report_date=head["report_date"],
        requested_by=head["requested_by"],
        prepared_by=head["prepared_by"],
        stated_total_vnd=head["stated_total_vnd"],
        illustrative=bool(head["illustrative"]),
        budget_lines=tuple(
            BudgetLine(
                funding_source=r["funding_source"],
                task=r["task"],
                allocated_vnd=r["allocated_vnd"],
                disbursed_vnd=r["disbursed_vnd"],
                decision_ref=r["decision_ref"],
                as_of=r["as_of"],
                expected_pct=r["expected_pct"],
                procurement=r["procurement"],
                procurement_done=r["procurement_done"],
                contractor=r["contractor"],
                note=r["note"],
                extra=_unpairs(r["extra"]),
                source_row=r["source_row"],
            )
            for r in items(budget_lines)
        ),
        indicators=tuple(
            Indicator(
                code=r["code"],
                value=r["value"],
                out_of=r["out_of"],
                name=r["name"],
                applies_to_year=r["applies_to_year"],
                note=r["note"],
                extra=_unpairs(r["extra"]),
                source_row=r["source_row"],
            )
            for r in items(indicators)
        ),
        requests=tuple(
            FundingRequest(
                year=r["year"],
                task=r["task"],
                amount_vnd=r["amount_vnd"],
                category=r["category"],
                legal_basis=r["legal_basis"],
                objective=r["objective"],
                content=r["content"],
                scope=r["scope"],
                implementer=r["implementer"],
                note=r["note"],
                extra=_unpairs(r["extra"]),
                source_row=r["source_row"],
            )
            for r in items(funding_requests)
        ),
        difficulties=tuple(Difficulty(kind=r["kind"], text=r["text"]) for r in items(difficulties)),
    )


def _current(year: int | None):
    """Subquery: each (agency, year)'s newest version, with the registry's agency columns and n_versions."""
    s = submissions
    newest = select(
        s.c.agency_code, s.c.year, func.max(s.c.version).label("version"), func.count().label("n_versions")
    ).group_by(s.c.agency_code, s.c.year)
    if year is not None:
        newest = newest.where(s.c.year == year)
    latest = newest.subquery("latest")
    return (
        select(
            s.c.id.label("submission_id"),
            s.c.agency_code,
            agencies.c.name.label("agency"),
            agencies.c.province,
            agencies.c.agency_group,
            s.c.year,
            s.c.version,
            latest.c.n_versions,
            s.c.uploaded_at,
            s.c.uploaded_by,
            s.c.file_name,
            s.c.illustrative,
            s.c.report_date,
        )
        .join(
            latest,
            and_(s.c.agency_code == latest.c.agency_code, s.c.year == latest.c.year, s.c.version == latest.c.version),
        )
        .join(agencies, agencies.c.code == s.c.agency_code)
        .subquery("cur")
    )


def _agency_columns(cur) -> list:
    return [cur.c.agency_code, cur.c.agency, cur.c.province, cur.c.agency_group, cur.c.year]


def _warning_counts():
    return (
        select(submission_issues.c.submission_id, func.count().label("n"))
        .where(submission_issues.c.severity == "warning")
        .group_by(submission_issues.c.submission_id)
        .subquery("warning_counts")
    )


def _audit_scope(statement, agency_codes: Collection[str] | None, include_unscoped: bool):
    """The audit entries of those agencies only (None = all), with or without the agency-less ones."""
    if agency_codes is not None:
        mine = audit_log.c.agency_code.in_(list(agency_codes))
        return statement.where(or_(mine, audit_log.c.agency_code.is_(None)) if include_unscoped else mine)
    if not include_unscoped:
        return statement.where(audit_log.c.agency_code.is_not(None))
    return statement


def _frame(rows: list[tuple], statement, dtypes: dict[str, str] | None = None) -> pd.DataFrame:
    """DataFrame with the statement's columns even when empty; money nullable Int64, NA never 0."""
    columns = [c.name for c in statement.selected_columns]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    types = {}
    for column in statement.selected_columns:
        kind = column.type
        if column.name.endswith("_vnd") or column.name in ("n_lines", "n_warnings", "n_versions"):
            types[column.name] = "Int64"
        elif isinstance(kind, Float):
            types[column.name] = "Float64"
        elif isinstance(kind, Boolean):
            types[column.name] = "bool"
        elif isinstance(kind, Integer) and column.name in ("year", "version", "submission_id", "position", "id"):
            types[column.name] = "int64"
    types.update(dtypes or {})
    frame = frame.astype(types)
    for column in statement.selected_columns:
        if isinstance(column.type, UtcDateTime):
            frame[column.name] = pd.to_datetime(frame[column.name], utc=True)
    return frame
