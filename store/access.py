"""Who may read and change what: the store as one signed-in user sees it.

Every page and command line reaches the data through a ScopedStore: reads are filtered to the user's scope
(one agency, one province, or the whole country) and writes are checked against the role and the scope, so a
page bug cannot show or change another agency's data. A refusal is a Forbidden exception; the page or the
command line turns it into a Vietnamese message. tests/test_access.py calls every public method with an
out-of-scope user and expects nothing back or a refusal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select

from domain import Issue, Submission
from store.database import SaveResult, Store, agencies, submissions

AGENCY_STAFF, ANALYST, LEADER, ADMIN = "don_vi", "chuyen_vien", "lanh_dao", "quan_tri"
ROLES = (AGENCY_STAFF, ANALYST, LEADER, ADMIN)
OPEN_ROLE = "mo"  # open single-user mode: no account exists yet, everyone may do everything
UPLOADERS = frozenset({AGENCY_STAFF, ANALYST, ADMIN, OPEN_ROLE})
MANAGERS = frozenset({ANALYST, ADMIN, OPEN_ROLE})  # restore, agency registry, approve/return/re-open


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


OPEN = Principal(login=None, name="", role=OPEN_ROLE)


class ScopedStore:
    """The store's reads and writes, limited to one principal's scope and role."""

    def __init__(self, store: Store, principal: Principal):
        self._store = store
        self.principal = principal

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
        codes = self._codes()
        if codes is None or agency_code in codes:
            return True
        p = self.principal
        if p.role == AGENCY_STAFF or province is None or province != p.province:
            return False
        with self._store.connect() as conn:  # new to the registry: its own province decides
            known = conn.execute(select(agencies.c.code).where(agencies.c.code == agency_code)).first()
        return known is None

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
        if codes is None:
            return frame
        return frame[frame[column].isin(codes)].reset_index(drop=True)

    # --- questions the pages ask before offering an action ---

    def may_upload_for(self, agency_code: str, province: str | None = None) -> bool:
        """Whether save_submission would accept a report of this agency from this user."""
        return self.principal.may_upload and self._covers(agency_code, province)

    # --- reads ---

    def revision(self) -> int:
        """The newest version id in scope (0 when none): the cache key of every read below."""
        return self._store.revision(self._codes())

    def years(self) -> list[int]:
        frame = self.submissions_frame()
        return sorted({int(y) for y in frame["year"]}, reverse=True)

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

    def budget_lines_frame(self, year: int | None = None) -> pd.DataFrame:
        return self._keep(self._store.budget_lines_frame(year))

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
        p = self.principal
        unscoped = p.is_open or p.role == ADMIN
        return self._store.audit_frame(limit, agency_codes=self._codes(), include_unscoped=unscoped)

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
    ) -> SaveResult:
        """Store.save_submission as this user: a signed-in user's own name is recorded, not uploaded_by."""
        p = self.principal
        self._require_role(p.may_upload)
        self._require(self._covers(sub.agency_code, sub.province), sub.agency_code)
        name = uploaded_by if p.is_open else p.name
        if not name.strip():
            raise ValueError("open mode needs the uploader's name")
        return self._store.save_submission(
            sub,
            raw=raw,
            file_name=file_name,
            uploaded_by=name.strip(),
            uploaded_by_login=p.login,
            issues=issues,
            sources=sources,
        )

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
