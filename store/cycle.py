"""The reporting cycle: periods (the Sở's request and its deadline), extensions, and approve / return / re-open.

Nothing is overwritten: a transition is a new row (who, when, why, which version) and an audit entry. The state
of an (agency, year) is computed from its versions and transitions, newest event wins:
  no version -> chua_nop; upload -> da_nop; approve -> da_duyet (locked); return -> tra_lai; reopen -> da_nop.
On time or late is the first version's day (Vietnamese time) against the deadline and the agency's extension.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from store.database import RuleError, Store, UtcDateTime, _audit, _now, agencies, metadata, submissions

NOT_SUBMITTED, SUBMITTED, RETURNED, APPROVED = "chua_nop", "da_nop", "tra_lai", "da_duyet"
STATES = (NOT_SUBMITTED, SUBMITTED, RETURNED, APPROVED)
APPROVE, RETURN, REOPEN = "approve", "return", "reopen"
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")  # deadlines are Vietnamese calendar days

periods = Table(
    "periods",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("year", Integer, nullable=False),
    Column("province", Text, nullable=True),  # NULL: every province
    Column("ref", Text, nullable=False),  # "1234/STTTT-CĐS ngày 15/11/2023"
    Column("deadline", Date, nullable=False),
    Column("lock_after_days", Integer, nullable=True),
    Column("created_by", Text, nullable=False),
    Column("created_by_login", Text, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
)
extensions = Table(
    "period_extensions",
    metadata,
    Column("period_id", Integer, ForeignKey("periods.id", name="fk_period_extensions_period"), nullable=False),
    Column("agency_code", String(64), ForeignKey("agencies.code", name="fk_period_extensions_agency"), nullable=False),
    Column("deadline", Date, nullable=False),
    Column("granted_by", Text, nullable=False),
    Column("granted_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("period_id", "agency_code", name="pk_period_extensions"),
)
transitions = Table(
    "transitions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency_code", String(64), ForeignKey("agencies.code", name="fk_transitions_agency"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("submission_id", Integer, ForeignKey("submissions.id", name="fk_transitions_submission"), nullable=True),
    Column("kind", String(16), nullable=False),
    Column("reason", Text, nullable=True),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("actor_login", Text, nullable=True),
    CheckConstraint("kind IN ('approve', 'return', 'reopen')", name="ck_transitions_kind"),
)


class CycleError(RuleError):
    """A transition that cannot happen now (no report, already approved, no reason); code keys the message."""


@dataclass(frozen=True)
class Period:
    id: int
    year: int
    province: str | None
    ref: str
    deadline: date
    lock_after_days: int | None

    def lock_date(self, deadline: date) -> date | None:
        """The last day uploads are accepted (the agency's own deadline + lock_after_days); None: never locked."""
        return None if self.lock_after_days is None else deadline + timedelta(days=self.lock_after_days)


def local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def revision_sum() -> ColumnElement[int]:
    """Grows with every period, extension and transition (append-only), so cached states refresh: one SQL
    expression, which ScopedStore.revision reads in one statement with the versions' revision."""
    return (
        select(func.coalesce(func.max(transitions.c.id), 0)).scalar_subquery()
        + select(func.coalesce(func.max(periods.c.id), 0)).scalar_subquery()
        + select(func.count()).select_from(extensions).scalar_subquery()
    )


# --- periods ---


def add_period(
    store: Store,
    year: int,
    deadline: date,
    ref: str,
    *,
    province: str | None,
    lock_after_days: int | None,
    actor: str,
    actor_login: str | None,
) -> Period:
    if not ref.strip():
        raise CycleError("ref-required")
    if lock_after_days is not None and lock_after_days < 0:
        raise CycleError("bad-lock-days", days=lock_after_days)

    def work(conn: Connection) -> Period:
        same = select(periods.c.id).where(periods.c.year == year)
        same = same.where(periods.c.province.is_(None) if province is None else periods.c.province == province)
        if conn.execute(same).first() is not None:
            raise CycleError("period-exists", year=year, province=province or "")
        key = conn.execute(
            insert(periods).values(
                year=year,
                province=province,
                ref=ref.strip(),
                deadline=deadline,
                lock_after_days=lock_after_days,
                created_by=actor,
                created_by_login=actor_login,
                created_at=_now(),
            )
        ).inserted_primary_key
        assert key is not None
        facts = {"period": ref.strip(), "deadline": deadline.isoformat(), "province": province, "year": year}
        _audit(conn, actor, "period-add", None, year, None, facts, login=actor_login)
        return Period(int(key[0]), year, province, ref.strip(), deadline, lock_after_days)

    return store.write(work)


def _period_rows(conn: Connection, year: int) -> list:
    return list(conn.execute(select(periods).where(periods.c.year == year).order_by(periods.c.id)).mappings())


def _period_from(rows: list, province: str | None) -> Period | None:
    """Of a year's periods: the province's, else the country-wide one (a country reader of one province's: it)."""
    candidates = [r for r in rows if province is not None and r["province"] == province]
    candidates = candidates or [r for r in rows if r["province"] is None]
    if not candidates and province is None and len(rows) == 1:
        candidates = list(rows)
    if not candidates:
        return None
    c = candidates[0]
    return Period(c["id"], c["year"], c["province"], c["ref"], c["deadline"], c["lock_after_days"])


def period_years(store: Store, province: str | None = None, *, every: bool = True) -> list[int]:
    """Years with a reporting period: all of them (every=True), or the country-wide ones and that province's."""
    statement = select(periods.c.year).distinct()
    if not every:
        mine = periods.c.province.is_(None)
        statement = statement.where(mine if province is None else or_(mine, periods.c.province == province))
    with store.connect() as conn:
        return list(conn.execute(statement).scalars())


def period_for(store: Store, year: int, province: str | None) -> Period | None:
    """The period of that province's year, else the country-wide one."""
    with store.connect() as conn:
        return _period_from(_period_rows(conn, year), province)


def extend(store: Store, period: Period, agency_code: str, deadline: date, *, actor: str, actor_login: str | None):
    def work(conn: Connection) -> None:
        conn.execute(
            extensions.delete().where(extensions.c.period_id == period.id, extensions.c.agency_code == agency_code)
        )
        conn.execute(
            insert(extensions).values(
                period_id=period.id, agency_code=agency_code, deadline=deadline, granted_by=actor, granted_at=_now()
            )
        )
        facts = {"period": period.ref, "deadline": deadline.isoformat()}
        _audit(conn, actor, "extension", agency_code, period.year, None, facts, login=actor_login)

    store.write(work)


def record_reminders(
    store: Store, year: int, ref: str, sent: list[tuple[str, str]], *, actor: str, actor_login: str | None
) -> None:
    """One audit entry per agency reminded (agency, address): who chased whom, when, under which công văn."""

    def work(conn: Connection) -> None:
        for agency_code, address in sent:
            facts = {"reminder_to": address, "period": ref}
            _audit(conn, actor, "reminder", agency_code, year, None, facts, login=actor_login)

    if sent:
        store.write(work)


# --- states ---


@dataclass(frozen=True)
class Status:
    state: str
    current_submission_id: int | None
    current_version: int | None
    first_at: datetime | None
    last_at: datetime | None
    last_transition: dict | None  # the newest transition row, if any
    deadline: date | None  # the agency's own (extension or the period's)
    locked_by_date: bool


def _events(conn: Connection, agency_code: str, year: int) -> tuple[list[dict], list[dict]]:
    versions = (
        conn.execute(
            select(submissions.c.id, submissions.c.version, submissions.c.uploaded_at)
            .where(submissions.c.agency_code == agency_code, submissions.c.year == year)
            .order_by(submissions.c.version)
        )
        .mappings()
        .all()
    )
    moves = (
        conn.execute(
            select(transitions)
            .where(transitions.c.agency_code == agency_code, transitions.c.year == year)
            .order_by(transitions.c.id)
        )
        .mappings()
        .all()
    )
    return [dict(v) for v in versions], [dict(m) for m in moves]


def state_of(versions: list[dict], moves: list[dict]) -> str:
    """The newest event decides (see the module docstring)."""
    if not versions:
        return NOT_SUBMITTED
    last_upload = versions[-1]["uploaded_at"]
    last_move = moves[-1] if moves else None
    if last_move is None or last_move["at"] < last_upload:
        return SUBMITTED
    return {APPROVE: APPROVED, RETURN: RETURNED, REOPEN: SUBMITTED}[last_move["kind"]]


def _status_from(
    versions: list[dict], moves: list[dict], period: Period | None, own_deadline: date | None, today: date | None
) -> Status:
    deadline = own_deadline or (period.deadline if period else None)
    lock = period.lock_date(deadline) if period and deadline else None
    today = today or local_day(datetime.now(UTC))
    reopened_after_lock = lock is not None and any(m["kind"] == REOPEN and local_day(m["at"]) > lock for m in moves)
    return Status(
        state=state_of(versions, moves),
        current_submission_id=versions[-1]["id"] if versions else None,
        current_version=versions[-1]["version"] if versions else None,
        first_at=versions[0]["uploaded_at"] if versions else None,
        last_at=versions[-1]["uploaded_at"] if versions else None,
        last_transition=moves[-1] if moves else None,
        deadline=deadline,
        locked_by_date=lock is not None and today > lock and not reopened_after_lock,
    )


def status(store: Store, agency_code: str, year: int, province: str | None, today: date | None = None) -> Status:
    key = (agency_code, year, province)
    return statuses(store, [key], today)[key]


def statuses(
    store: Store, wanted: Collection[tuple[str, int, str | None]], today: date | None = None
) -> dict[tuple[str, int, str | None], Status]:
    """status() of each (agency_code, year, province), by that key: four queries for a whole batch of uploads,
    which the importer checks one by one (the province picks the period: the registry's, else the one given)."""
    if not wanted:
        return {}
    codes = sorted({code for code, _, _ in wanted})
    years = sorted({year for _, year, _ in wanted})
    s, t = submissions, transitions
    with store.connect() as conn:
        versions = _by_pair(
            conn.execute(
                select(s.c.agency_code, s.c.year, s.c.id, s.c.version, s.c.uploaded_at)
                .where(s.c.agency_code.in_(codes), s.c.year.in_(years))
                .order_by(s.c.agency_code, s.c.year, s.c.version)
            ).mappings(),
            keep_pair=False,
        )
        moves = _by_pair(
            conn.execute(select(t).where(t.c.agency_code.in_(codes), t.c.year.in_(years)).order_by(t.c.id)).mappings(),
            keep_pair=True,
        )
        period_rows = list(
            conn.execute(select(periods).where(periods.c.year.in_(years)).order_by(periods.c.id)).mappings()
        )
        granted = {
            (r.period_id, r.agency_code): r.deadline
            for r in conn.execute(
                select(extensions).where(
                    extensions.c.period_id.in_([r["id"] for r in period_rows] or [-1]),
                    extensions.c.agency_code.in_(codes),
                )
            )
        }
    found = {}
    for code, year, province in wanted:
        period = _period_from([r for r in period_rows if r["year"] == year], province)
        own = granted.get((period.id, code)) if period else None
        pair = (code, year)
        found[(code, year, province)] = _status_from(versions.get(pair, []), moves.get(pair, []), period, own, today)
    return found


def _by_pair(rows, *, keep_pair: bool) -> dict[tuple[str, int], list[dict]]:
    """Rows grouped by (agency_code, year), in the order read, as _events gives one pair's (with those two columns
    when keep_pair: a transition's own; a version's were selected for grouping only)."""
    grouped: dict[tuple[str, int], list[dict]] = {}
    for r in rows:
        row = dict(r)
        pair = (row["agency_code"], row["year"]) if keep_pair else (row.pop("agency_code"), row.pop("year"))
        grouped.setdefault(pair, []).append(row)
    return grouped


def transition(
    store: Store, agency_code: str, year: int, kind: str, reason: str | None, *, actor: str, actor_login: str | None
) -> int:
    """Record approve / return / reopen after checking it may happen now; returns the transition id."""
    reason = (reason or "").strip() or None
    if kind in (RETURN, REOPEN) and reason is None:
        raise CycleError("reason-required", kind=kind)

    def work(conn: Connection) -> int:
        versions, moves = _events(conn, agency_code, year)
        state = state_of(versions, moves)
        allowed = {APPROVE: (SUBMITTED,), RETURN: (SUBMITTED,), REOPEN: (APPROVED, SUBMITTED, RETURNED)}[kind]
        if not versions or state not in allowed:
            raise CycleError("bad-transition", kind=kind, state=state)
        submission_id = versions[-1]["id"]
        key = conn.execute(
            insert(transitions).values(
                agency_code=agency_code,
                year=year,
                submission_id=submission_id,
                kind=kind,
                reason=reason,
                at=_now(),
                actor=actor,
                actor_login=actor_login,
            )
        ).inserted_primary_key
        assert key is not None
        facts = {"transition": kind, "version": versions[-1]["version"], "reason": reason, "from_state": state}
        _audit(conn, actor, kind, agency_code, year, submission_id, facts, login=actor_login)
        return int(key[0])

    return store.write(work)


def _year_events(conn: Connection, year: int) -> tuple[dict, dict]:
    """Every version and transition of the year, by agency code, oldest first (two queries for a whole country)."""
    versions: dict[str, list[dict]] = {}
    for r in conn.execute(
        select(submissions.c.agency_code, submissions.c.id, submissions.c.version, submissions.c.uploaded_at)
        .where(submissions.c.year == year)
        .order_by(submissions.c.agency_code, submissions.c.version)
    ).mappings():
        versions.setdefault(r["agency_code"], []).append(dict(r))
    moves: dict[str, list[dict]] = {}
    for r in conn.execute(select(transitions).where(transitions.c.year == year).order_by(transitions.c.id)).mappings():
        moves.setdefault(r["agency_code"], []).append(dict(r))
    return versions, moves


def status_frame(store: Store, year: int, codes: frozenset[str] | None, province: str | None) -> pd.DataFrame:
    """One row per expected agency in scope (and any that reported): state, on time, days late, versions..."""
    with store.connect() as conn:
        registry = conn.execute(select(agencies).order_by(agencies.c.code)).mappings().all()
        versions, moves = _year_events(conn, year)
        period_rows = _period_rows(conn, year)
        granted = {
            (r.period_id, r.agency_code): r.deadline
            for r in conn.execute(
                select(extensions).where(extensions.c.period_id.in_([r["id"] for r in period_rows] or [-1]))
            )
        }
    today = local_day(datetime.now(UTC))
    rows = []
    for agency in registry:
        code = agency["code"]
        if (codes is not None and code not in codes) or (province is not None and agency["province"] != province):
            continue
        if not agency["expected_to_report"] and code not in versions:
            continue
        period = _period_from(period_rows, agency["province"])
        own = granted.get((period.id, code)) if period else None
        found = _status_from(versions.get(code, []), moves.get(code, []), period, own, today)
        rows.append(_status_row(agency, found, period, versions.get(code, [])))
    frame = pd.DataFrame(rows, columns=list(STATUS_COLUMNS))
    return frame.sort_values(["state_order", "agency"]).drop(columns="state_order").reset_index(drop=True)


STATUS_COLUMNS = (
    "agency_code",
    "agency",
    "province",
    "agency_group",
    "email",
    "state",
    "on_time",
    "days_late",
    "deadline",
    "first_submitted_at",
    "last_submitted_at",
    "current_version",
    "waiting_since",
    "reason",
    "reason_version",
    "ref",
    "state_order",
)


def _status_row(agency, found: Status, period: Period | None, versions: list[dict]) -> dict:
    on_time = days_late = None
    if found.first_at is not None and found.deadline is not None:
        late = (local_day(found.first_at) - found.deadline).days
        on_time, days_late = late <= 0, max(late, 0)
    move = found.last_transition if found.state == RETURNED else None
    version_of = {v["id"]: v["version"] for v in versions}
    return {
        "agency_code": agency["code"],
        "agency": agency["name"],
        "province": agency["province"],
        "agency_group": agency["agency_group"],
        "email": agency.get("email"),
        "state": found.state,
        "on_time": on_time,
        "days_late": days_late,
        "deadline": found.deadline,
        "first_submitted_at": found.first_at,
        "last_submitted_at": found.last_at,
        "current_version": found.current_version,
        "waiting_since": found.last_at if found.state == SUBMITTED else None,
        "reason": move["reason"] if move else None,
        "reason_version": version_of.get(move["submission_id"]) if move else None,
        "ref": period.ref if period else None,
        "state_order": STATES.index(found.state),
    }


def transitions_frame(store: Store, codes: frozenset[str] | None) -> pd.DataFrame:
    statement = select(transitions).order_by(transitions.c.id)
    with store.connect() as conn:
        frame = pd.DataFrame(
            [dict(r) for r in conn.execute(statement).mappings()], columns=[c.name for c in transitions.c]
        )
    if codes is not None:
        frame = frame[frame["agency_code"].isin(codes)].reset_index(drop=True)
    return frame


def approved_pairs(store: Store) -> set[tuple[str, int]]:
    """(agency_code, year) whose newest event is an approval: their current version is the approved one."""
    with store.connect() as conn:
        moves = conn.execute(
            select(transitions.c.agency_code, transitions.c.year, transitions.c.kind, transitions.c.at).order_by(
                transitions.c.id
            )
        ).all()
        newest = {
            (r.agency_code, r.year): r.last
            for r in conn.execute(
                select(
                    submissions.c.agency_code, submissions.c.year, func.max(submissions.c.uploaded_at).label("last")
                ).group_by(submissions.c.agency_code, submissions.c.year)
            )
        }
    last_move: dict[tuple[str, int], tuple[str, datetime]] = {}
    for m in moves:
        last_move[(m.agency_code, m.year)] = (m.kind, m.at)
    out = set()
    for pair, (kind, at) in last_move.items():
        uploaded = newest.get(pair)
        if kind == APPROVE and uploaded is not None and _aware(uploaded) <= _aware(at):
            out.add(pair)
    return out


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
