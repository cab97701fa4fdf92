"""Who may read and change what: the store as one signed-in user sees it.

Every page and command line reaches the data through a ScopedStore: reads are filtered to the user's scope
(one agency, one province, or the whole country) and writes are checked against the role and the scope, so a
page bug cannot show or change another agency's data. A refusal is a Forbidden exception; the page or the
command line turns it into a Vietnamese message. tests/test_access.py calls every public method with an
out-of-scope user and expects nothing back or a refusal.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy import Select, select

from domain import Issue, Submission
from store import cycle
from store.database import SaveResult, Store, ToSave, agencies, submissions, versions_revision

AGENCY_STAFF, ANALYST, LEADER, ADMIN = "don_vi", "chuyen_vien", "lanh_dao", "quan_tri"
ROLES = (AGENCY_STAFF, ANALYST, LEADER, ADMIN)
OPEN_ROLE = "mo"  # open single-user mode: no account exists yet, everyone may do everything
UPLOADERS = frozenset({AGENCY_STAFF, ANALYST, ADMIN, OPEN_ROLE})
MANAGERS = frozenset({ANALYST, ADMIN, OPEN_ROLE})  # restore, agency registry, approve/return/re-open


class Locked(PermissionError):
    """The report is approved, or past the period's lock, and not re-opened: no new version until re-opened."""

    code = "locked"

    def __init__(self, agency_code: str, year: int, why: str):
        super().__init__(why)
        self.agency_code, self.year, self.why = agency_code, year, why


class Forbidden(PermissionError):
    """The user may not do this; reason is a stable slug, facts fill the Vietnamese message at the edge."""

    code = "forbidden"

    def __init__(self, reason: str, **facts: object):
        super().__init__(reason)
        self.reason = reason
        self.facts = facts


@dataclass(frozen=True)
class Principal:
    """The signed-in user as the store needs them: login and display name for the record, role, scope."""

    login: str | None  # None in open mode
    name: str
    role: str
    agency_code: str | None = None  # don_vi: the one agency
    province: str | None = None  # other roles: one province, or None for the whole country

    @property
    def is_open(self) -> bool:
        return self.role == OPEN_ROLE

    @property
    def may_upload(self) -> bool:
        return self.role in UPLOADERS

    @property
    def may_manage(self) -> bool:
        return self.role in MANAGERS

    @property
    def may_manage_accounts(self) -> bool:
        """Administrators only; open mode has no accounts to manage (the first one comes from the command line)."""
        return self.role == ADMIN


OPEN = Principal(login=None, name="", role=OPEN_ROLE)


@dataclass(frozen=True)
class _UploadFacts:
    """The store as a batch of uploads is checked against (ScopedStore._upload_facts)."""

    codes: frozenset[str] | None  # the agencies in scope (ScopedStore._codes)
    registry: dict[str, str | None]  # {code: province} of the batch's agencies already in the registry
    statuses: dict[tuple[str, int, str | None], cycle.Status]  # by (agency_code, year, its province)


def _refuse_if_locked(found: cycle.Status, agency_code: str, year: int) -> None:
    """Locked when the report is approved, or past the period's lock and not re-opened since."""
    if found.state == cycle.APPROVED:
        raise Locked(agency_code, year, "approved")
    if found.locked_by_date:
        raise Locked(agency_code, year, "deadline")


@functools.lru_cache(maxsize=256)
def _revision_statement(codes: frozenset[str] | None) -> Select:
    """ScopedStore.revision's one statement (not four), built once per scope: every page opening asks for it,
    and building the statement cost more than running it (~0,6 ms a call before, on SQLite)."""
    return select(versions_revision(codes).scalar_subquery(), cycle.revision_sum())


class ScopedStore:
    """The store's reads and writes, limited to one principal's scope and role."""

    def __init__(self, store: Store, principal: Principal, approved_only: bool = False):
        self._store = store
        self.principal = principal
        self.approved_only = approved_only  # frames of (agency, year) whose current version is approved, only

    # --- scope ---

    def _codes(self) -> frozenset[str] | None:
        """The agency codes in scope; None = every agency (open mode, country-wide roles)."""
        p = self.principal
        if p.is_open:
            return None
        if p.role == AGENCY_STAFF:
            return frozenset({p.agency_code}) if p.agency_code else frozenset()
        if p.province is None:
            return None
        with self._store.connect() as conn:
            return frozenset(conn.execute(select(agencies.c.code).where(agencies.c.province == p.province)).scalars())

    def _covers(self, agency_code: str, province: str | None = None) -> bool:
        """In scope: a registry agency by its province; an agency new to the registry by the province it gives."""
        return self._covers_in(agency_code, province, self._codes(), None)

    def _covers_in(
        self,
        agency_code: str,
        province: str | None,
        codes: frozenset[str] | None,
        registry: dict[str, str | None] | None,
    ) -> bool:
        """_covers given the scope's codes and, when read already, the registry's provinces of the agency's batch."""
        if codes is None or agency_code in codes:
            return True
        p = self.principal
        if p.role == AGENCY_STAFF or province is None or province != p.province:
            return False
        if registry is None:
            registry = self._registry([agency_code])
        return agency_code not in registry  # new to the registry: its own province decides

    def _registry(self, agency_codes: Iterable[str]) -> dict[str, str | None]:
        """{code: province} of those of the agencies that are in the registry."""
        with self._store.connect() as conn:
            found = select(agencies.c.code, agencies.c.province).where(agencies.c.code.in_(sorted(set(agency_codes))))
            return {code: province for code, province in conn.execute(found)}

    def _require(self, allowed: bool, agency_code: str | None) -> None:
        if not allowed:
            raise Forbidden(
                "out-of-scope" if agency_code else "role", agency_code=agency_code, role=self.principal.role
            )

    def _require_role(self, allowed: bool) -> None:
        if not allowed:
            raise Forbidden("role", role=self.principal.role)

    def _agency_of(self, submission_id: int) -> str:
        with self._store.connect() as conn:
            code = conn.execute(select(submissions.c.agency_code).where(submissions.c.id == submission_id)).scalar()
        if code is None:
            raise KeyError(f"no submission {submission_id}")
        self._require(self._covers(code), code)
        return code

    def _keep(self, frame: pd.DataFrame, column: str = "agency_code") -> pd.DataFrame:
        codes = self._codes()
        if codes is not None:
            frame = frame[frame[column].isin(codes)].reset_index(drop=True)
        if self.approved_only and "year" in frame.columns:
            approved = cycle.approved_pairs(self._store)
            keep = [(c, int(y)) in approved for c, y in zip(frame[column], frame["year"])]
            frame = frame[pd.Series(keep, index=frame.index, dtype=bool)].reset_index(drop=True)
        return frame

    # --- questions the pages ask before offering an action ---

    def may_upload_for(self, agency_code: str, province: str | None = None) -> bool:
        """Whether save_submission would accept a report of this agency from this user."""
        return self.principal.may_upload and self._covers(agency_code, province)

    # --- reads ---

    def revision(self) -> int:
        """Grows with every version in scope and every period or transition: the cache key of every read below."""
        with self._store.connect() as conn:
            versions, cycle_revision = conn.execute(_revision_statement(self._codes())).one()
        return int(versions) + int(cycle_revision) if versions else 0

    def years(self) -> list[int]:
        """Years with a report in scope or a reporting period (an agency yet to report still sees its year)."""
        reported = {int(y) for y in self.reported_pairs()["year"]}
        asked = set(self._period_years()) if self._codes() != frozenset() or reported else set()
        return sorted(reported | asked, reverse=True)

    def _period_years(self) -> list[int]:
        """The years of the requests this reader answers or oversees: another province's period is not its year
        (an agency of Quảng Ngãi would otherwise open on a year asked of Tỉnh Minh Hoạ only)."""
        p = self.principal
        if p.is_open or (p.role != AGENCY_STAFF and p.province is None):
            return cycle.period_years(self._store)
        province = self._province_of(p.agency_code) if p.role == AGENCY_STAFF and p.agency_code else p.province
        return cycle.period_years(self._store, province, every=False)

    def load_submission(self, submission_id: int) -> Submission:
        self._agency_of(submission_id)
        return self._store.load_submission(submission_id)

    def original_file(self, submission_id: int) -> tuple[str, bytes]:
        self._agency_of(submission_id)
        return self._store.original_file(submission_id)

    def sources_frame(self, submission_id: int) -> pd.DataFrame:
        self._agency_of(submission_id)
        return self._store.sources_frame(submission_id)

    def current_submission(self, agency_code: str, year: int) -> Submission | None:
        self._require(self._covers(agency_code), agency_code)
        return self._store.current_submission(agency_code, year)

    def current_submission_id(self, agency_code: str, year: int) -> int | None:
        self._require(self._covers(agency_code), agency_code)
        return self._store.current_submission_id(agency_code, year)

    def versions(self, agency_code: str, year: int) -> pd.DataFrame:
        self._require(self._covers(agency_code), agency_code)
        return self._store.versions(agency_code, year)

    def submissions_frame(self, year: int | None = None) -> pd.DataFrame:
        return self._keep(self._store.submissions_frame(year))

    def reported_pairs(self) -> pd.DataFrame:
        return self._keep(self._store.reported_pairs())

    def budget_lines_frame(self, year: int | None = None, *, amounts_only: bool = False) -> pd.DataFrame:
        return self._keep(self._store.budget_lines_frame(year, amounts_only=amounts_only))

    def indicators_frame(self, year: int | None = None) -> pd.DataFrame:
        return self._keep(self._store.indicators_frame(year))

    def requests_frame(self, year: int | None = None) -> pd.DataFrame:
        return self._keep(self._store.requests_frame(year))

    def difficulties_frame(self, year: int | None = None) -> pd.DataFrame:
        return self._keep(self._store.difficulties_frame(year))

    def issues_frame(self, year: int | None = None) -> pd.DataFrame:
        return self._keep(self._store.issues_frame(year))

    def agencies_frame(self) -> pd.DataFrame:
        return self._keep(self._store.agencies_frame(), "code")

    def audit_frame(self, limit: int = 200) -> pd.DataFrame:
        """The newest entries in scope; entries of no agency (sign-ins, accounts) only for administrators."""
        return self._store.audit_frame(limit, agency_codes=self._codes(), include_unscoped=self._audit_unscoped())

    def audit_mark(self) -> tuple[int, int] | None:
        """(newest id, number of entries) in scope, None when none: what audit_frame lists changes only with it."""
        return self._store.audit_mark(agency_codes=self._codes(), include_unscoped=self._audit_unscoped())

    def _audit_unscoped(self) -> bool:
        return self.principal.is_open or self.principal.role == ADMIN

    # --- writes ---

    def save_submission(
        self,
        sub: Submission,
        *,
        raw: bytes,
        file_name: str,
        uploaded_by: str = "",
        issues: Sequence[Issue] = (),
        sources: Sequence = (),
        filed_from: str | None = None,
    ) -> SaveResult:
        """Store.save_submission as this user: a signed-in user's own name is recorded, not uploaded_by."""
        item = ToSave(sub, raw, file_name, uploaded_by, None, tuple(issues), tuple(sources), filed_from)
        [outcome] = self.save_submissions([item])
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def save_submissions(self, items: Sequence[ToSave]) -> list[SaveResult | Exception]:
        """Store.save_submissions as this user, each item checked as save_submission checks it: a refusal
        (Forbidden, Locked, ValueError) is that item's outcome, and the others are stored."""
        outcomes: list[SaveResult | Exception | None] = []
        allowed: list[ToSave] = []
        facts = self._upload_facts(items)
        for item in items:
            try:
                allowed.append(self._as_uploader(item, facts))
                outcomes.append(None)
            except (ValueError, PermissionError) as exc:
                outcomes.append(exc)
        saved = iter(self._store.save_submissions(allowed) if allowed else [])
        return [next(saved) if outcome is None else outcome for outcome in outcomes]

    def _upload_facts(self, items: Sequence[ToSave]) -> _UploadFacts:
        """What _as_uploader checks, read for the whole batch at once: a few queries per item were a quarter of
        the time of storing a national import (4,228 reports; issue 17)."""
        keys = [(i.sub.agency_code, i.sub.year, i.sub.province) for i in items]
        pairs = [(code, year, given) for code, year, given in keys if code is not None and year is not None]
        registry = self._registry(code for code, _, _ in pairs)
        wanted = {(code, year, registry.get(code) or given) for code, year, given in pairs}  # as _province_of
        found = cycle.statuses(self._store, wanted)
        return _UploadFacts(self._codes(), registry, found)

    def _as_uploader(self, item: ToSave, facts: _UploadFacts) -> ToSave:
        """The item as this user may store it (their name and login), or a refusal raised before any write."""
        p, sub = self.principal, item.sub
        if sub.agency_code is None or sub.year is None:  # a partial narrative report: the reviewer fills these first
            raise ValueError("a submission without its agency and year is not stored")
        self._require_role(p.may_upload)
        self._require(self._covers_in(sub.agency_code, sub.province, facts.codes, facts.registry), sub.agency_code)
        province = facts.registry.get(sub.agency_code) or sub.province
        _refuse_if_locked(facts.statuses[(sub.agency_code, sub.year, province)], sub.agency_code, sub.year)
        name = item.uploaded_by if p.is_open else p.name
        if not name.strip():
            raise ValueError("open mode needs the uploader's name")
        return replace(item, uploaded_by=name.strip(), uploaded_by_login=p.login)

    def restore_version(self, submission_id: int, *, by: str = "") -> SaveResult:
        p = self.principal
        self._require_role(p.may_manage)
        self._agency_of(submission_id)
        name = by if p.is_open else p.name
        if not name.strip():
            raise ValueError("open mode needs the name of who restores")
        return self._store.restore_version(submission_id, by=name.strip(), by_login=p.login)

    def upsert_agencies(self, rows: Iterable[dict]) -> None:
        """The agency registry, for analysts: every row must be in their scope (its province)."""
        rows = list(rows)
        p = self.principal
        self._require_role(p.may_manage)
        for row in rows:
            moved_out = p.province is not None and row.get("province") != p.province
            self._require(self._covers(row["code"], row.get("province")) and not moved_out, row["code"])
        self._store.upsert_agencies(rows, actor=self.principal.name, actor_login=self.principal.login)

    # --- the reporting cycle (store/cycle.py) ---

    def _province_of(self, agency_code: str, given: str | None = None) -> str | None:
        with self._store.connect() as conn:
            known = conn.execute(select(agencies.c.province).where(agencies.c.code == agency_code)).scalar()
        return known or given

    def period(self, year: int, province: str | None = None) -> cycle.Period | None:
        """The request a year's reports answer (the province's, else the country-wide one); not agency data."""
        return cycle.period_for(self._store, year, province or self.principal.province)

    def report_status(self, agency_code: str, year: int) -> cycle.Status:
        self._require(self._covers(agency_code), agency_code)
        return cycle.status(self._store, agency_code, year, self._province_of(agency_code))

    def status_frame(self, year: int, province: str | None = None) -> pd.DataFrame:
        """One row per expected agency in scope: state, on time, days late, versions, return reason."""
        return cycle.status_frame(self._store, year, self._codes(), province)

    def transitions_frame(self) -> pd.DataFrame:
        return cycle.transitions_frame(self._store, self._codes())

    def add_period(
        self, year: int, deadline, ref: str, *, province: str | None = None, lock_after_days: int | None = None
    ) -> cycle.Period:
        p = self.principal
        self._require_role(p.may_manage)
        if p.province is not None and province != p.province:
            raise Forbidden("out-of-scope", agency_code=None, province=province)
        return cycle.add_period(
            self._store,
            year,
            deadline,
            ref,
            province=province,
            lock_after_days=lock_after_days,
            actor=p.name or "mở",
            actor_login=p.login,
        )

    def extend(self, agency_code: str, year: int, deadline) -> None:
        p = self.principal
        self._require_role(p.may_manage)
        self._require(self._covers(agency_code), agency_code)
        period = cycle.period_for(self._store, year, self._province_of(agency_code))
        if period is None:
            raise cycle.CycleError("no-period", year=year)
        cycle.extend(self._store, period, agency_code, deadline, actor=p.name or "mở", actor_login=p.login)

    def record_reminders(self, year: int, ref: str, sent: list[tuple[str, str]], *, by: str = "") -> None:
        """The reminders just e-mailed, (agency code, address) each, into the audit log (analysts in scope)."""
        p = self.principal
        self._require_role(p.may_manage)
        for agency_code, _ in sent:
            self._require(self._covers(agency_code), agency_code)
        name = by if p.is_open else p.name
        cycle.record_reminders(self._store, year, ref, sent, actor=name.strip() or "mở", actor_login=p.login)

    def _move(self, agency_code: str, year: int, kind: str, reason: str | None, by: str) -> int:
        p = self.principal
        self._require_role(p.may_manage)
        self._require(self._covers(agency_code), agency_code)
        name = by if p.is_open else p.name
        return cycle.transition(
            self._store, agency_code, year, kind, reason, actor=name.strip() or "mở", actor_login=p.login
        )

    def approve(self, agency_code: str, year: int, *, reason: str | None = None, by: str = "") -> int:
        """Approve the current version: it is locked until a re-open."""
        return self._move(agency_code, year, cycle.APPROVE, reason, by)

    def return_report(self, agency_code: str, year: int, *, reason: str = "", by: str = "") -> int:
        """Return the current version to the agency; the reason is required and shown to it."""
        return self._move(agency_code, year, cycle.RETURN, reason, by)

    def reopen(self, agency_code: str, year: int, *, reason: str = "", by: str = "") -> int:
        """Re-open an approved (or locked) report for a new upload; the reason is required."""
        return self._move(agency_code, year, cycle.REOPEN, reason, by)
