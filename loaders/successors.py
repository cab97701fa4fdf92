"""Warnings for a report that names a unit which no longer exists (issue 15): the former province or the
closed agency, with its successor, so the uploader can file the report under today's unit."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import units
from domain import Issue, Submission

from .messages import issue

FIRST_YEAR_AFTER = 2025  # the reorganisation took effect in 2025 (01/03 and 01/07)
SHEET = "ThongTin"


def successor_issues(file: str, sub: Submission) -> list[Issue]:
    """former-province / closed-agency warnings for a 2025-or-later report; none for earlier years."""
    if sub.year is None or sub.year < FIRST_YEAR_AFTER:  # no year yet (a partial narrative report): nothing to say
        return []
    found: list[Issue] = []
    named = units.find_by_name(sub.province, date(FIRST_YEAR_AFTER - 1, 12, 31)) if sub.province else None
    today = units.current_of(named.code) if named and named.valid_to else None
    if named and today and named.valid_to:
        found.append(
            issue(
                "former-province",
                file,
                SHEET,
                None,
                "Tỉnh",
                year=sub.year,
                province=named.full_name,
                day=(named.valid_to + timedelta(days=1)).strftime("%d/%m/%Y"),
                basis=named.legal_basis or "?",
                successor=today.full_name,
            )
        )
    rule = units.closing_rule(sub.agency, date(sub.year, 12, 31)) if sub.agency else None
    if rule is not None:
        found.append(
            issue(
                "closed-agency",
                file,
                SHEET,
                None,
                "Đơn vị",
                year=sub.year,
                agency=sub.agency,
                day=rule.day.strftime("%d/%m/%Y"),
                successor_vi=f"Đơn vị tiếp nhận: {rule.successor}." if rule.successor else rule.note,
                successor_en=f"Its functions went to: {rule.successor}." if rule.successor else "No single successor.",
            )
        )
    return found


@dataclass(frozen=True)
class Refiled:
    """A report filed under today's unit: the submission as filed, and what the report itself said."""

    submission: Submission
    written: str  # "Ban Dân tộc tỉnh Bắc Giang (BGG-BDT), tỉnh Bắc Giang": agency, code, province as written
    filed: str  # the same, as filed: "Ban Dân tộc tỉnh Bắc Giang (BGG-BDT), Bắc Ninh"

    def note(self, file: str) -> Issue:
        """The stored record of the choice (kept with the version, like every warning)."""
        return issue("filed-under-successor", file, SHEET, None, None, written=self.written, filed=self.filed)


def under_successor(sub: Submission) -> Refiled | None:
    """The report filed under the successor province and, where the registry names one, the successor agency.

    None when there is nothing to refile (before 2025, or a unit that still exists). The submission given is
    not changed: a new record is returned, and the caller stores it as a new version.
    """
    if sub.year is None or sub.year < FIRST_YEAR_AFTER or sub.agency_code is None:
        return None
    province, agency, code = sub.province, sub.agency, sub.agency_code
    named = units.find_by_name(sub.province, date(FIRST_YEAR_AFTER - 1, 12, 31)) if sub.province else None
    today = units.current_of(named.code) if named and named.valid_to else None
    if today is not None:
        province = today.name
    known = units.agency(sub.agency_code)
    after = units.agency_successor(sub.agency_code)
    if known and after and known.valid_to and known.valid_to < date(sub.year, 12, 31):
        agency, code = after.name, after.code
    if (province, agency, code) == (sub.province, sub.agency, sub.agency_code):
        return None
    return Refiled(
        replace(sub, province=province, agency=agency, agency_code=code),
        written=f"{sub.agency} ({sub.agency_code}), {sub.province}",
        filed=f"{agency} ({code}), {province}",
    )
