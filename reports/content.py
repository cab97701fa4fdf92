"""What a consolidated report holds for a year and a scope: the store's frames narrowed, then its tables.

Every figure comes from analysis/ (budget.by_source, by_agency, pace, budget_totals): the same sums the
dashboard draws, in integer đồng, with not reported kept as None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from analysis import budget
from analysis.inclusion import keep_included
from domain import FUNDING_SOURCES, INDICATORS, rate_pct, sum_reported
from reports import wording as w

Kind = Literal["text", "money", "pct", "number", "date"]


class ReportError(Exception):
    """A scope that cannot be reported: message_vi for the user, exit_code for the command line."""

    def __init__(self, message_vi: str, exit_code: int):
        super().__init__(message_vi)
        self.message_vi = message_vi
        self.exit_code = exit_code


@dataclass(frozen=True)
class Scope:
    year: int
    province: str | None = None  # None with agency_code None: every province in the store
    agency_code: str | None = None
    approved_only: bool = False

    @property
    def view(self) -> str:
        return w.VIEW_APPROVED if self.approved_only else w.VIEW_CURRENT


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "text"
    width: int = 14  # characters in the workbook
    missing: str = w.NOT_REPORTED  # shown for None in a figure column ("" where None means "no maximum")


@dataclass(frozen=True)
class Table:
    sheet: str
    columns: tuple[Column, ...]
    rows: list[tuple]
    total: tuple | None = None  # same length as columns; None cells are left blank


@dataclass(frozen=True)
class ReportData:
    scope: Scope
    scope_name: str
    province: str | None
    submissions: pd.DataFrame
    lines: pd.DataFrame
    indicators: pd.DataFrame
    requests: pd.DataFrame
    difficulties: pd.DataFrame
    totals: budget.BudgetTotals
    requested_vnd: int | None
    illustrative_agencies: list[str] = field(default_factory=list)

    @property
    def allocated_vnd(self) -> int | None:
        """Total allocation; None when no agency gave a budget line (chưa báo cáo, not 0 đồng)."""
        return self.totals.allocated_vnd if self.totals.n_lines else None

    @property
    def not_reported_allocated_vnd(self) -> int | None:
        """Allocation of the lines that did not report disbursement; None when there is no line at all."""
        t = self.totals
        return t.allocated_vnd - t.reported_allocated_vnd if t.n_lines else None


def _scope_rows(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    if frame.empty:
        return frame
    if scope.agency_code is not None:
        return frame[frame["agency_code"] == scope.agency_code]
    return budget.only(frame, scope.province)


def _check_scope(store, scope: Scope) -> tuple[str, str | None]:
    """(scope name, province) or ReportError(exit 2) for a province or agency the store does not know."""
    agencies = store.agencies_frame()
    if scope.agency_code is not None:
        found = agencies[agencies["code"] == scope.agency_code]
        if found.empty:
            raise ReportError(w.ERR_UNKNOWN_AGENCY.format(code=scope.agency_code), 2)
        row = found.iloc[0]
        return w.AGENCY_SCOPE.format(agency=row["name"], province=row["province"]), str(row["province"])
    if scope.province is None:
        return w.ALL_PROVINCES, None
    known = sorted(set(agencies["province"].dropna()) | set(store.submissions_frame(None)["province"].dropna()))
    if scope.province not in known:
        raise ReportError(w.ERR_UNKNOWN_PROVINCE.format(province=scope.province, known=", ".join(known)), 2)
    return w.PROVINCE_SCOPE.format(province=scope.province), scope.province


def gather(store, scope: Scope) -> ReportData:
    """The report's frames for the scope; ReportError when the scope is unknown (2) or has no report (1)."""
    scope_name, province = _check_scope(store, scope)
    if scope.year not in store.years():  # approved-only: the store shows approved (agency, year) only
        message = w.ERR_NONE_APPROVED if scope.approved_only else w.ERR_NO_YEAR
        raise ReportError(message.format(scope=scope_name, year=scope.year, view=scope.view), 1)
    included = _scope_rows(store.submissions_frame(scope.year), scope)  # approved-only: the store filtered them
    if included.empty:
        message = w.ERR_NONE_APPROVED if scope.approved_only else w.ERR_EMPTY_SCOPE
        raise ReportError(message.format(scope=scope_name, year=scope.year, view=scope.view), 1)

    def narrowed(frame: pd.DataFrame) -> pd.DataFrame:
        return keep_included(_scope_rows(frame, scope), included)

    lines = narrowed(store.budget_lines_frame(scope.year))
    requests = narrowed(store.requests_frame(scope.year))
    return ReportData(
        scope=scope,
        scope_name=scope_name,
        province=province,
        submissions=included.sort_values("agency", kind="stable").reset_index(drop=True),
        lines=lines,
        indicators=narrowed(store.indicators_frame(scope.year)),
        requests=requests,
        difficulties=narrowed(store.difficulties_frame(scope.year)),
        totals=budget.budget_totals(lines),
        requested_vnd=budget.requests_total(requests),
        illustrative_agencies=sorted(included.loc[included["illustrative"].astype(bool), "agency"]),
    )


# --- tables: raw values (int đồng, float %, text); the Word report formats them, the workbook types them ---


def _none(value):
    return None if value is None or pd.isna(value) else value


def _int(value) -> int | None:
    return None if _none(value) is None else int(value)


def _sum(series: pd.Series) -> int | None:
    """Sum of the reported values, None when none was (domain.sum_reported over a nullable column)."""
    return sum_reported(_int(v) for v in series)


def source_table(data: ReportData) -> Table:
    frame = budget.by_source(data.lines)
    rows = [
        (f"{r.funding_source}) {r.source_name}", _int(r.allocated_vnd), _int(r.disbursed_vnd), _none(r.rate_pct))
        for r in frame.itertuples()
    ]
    t = data.totals
    return Table(
        w.SHEET_SOURCES,
        (
            Column(w.COL_SOURCE, width=44),
            Column(w.COL_ALLOCATED, "money", 20),
            Column(w.COL_DISBURSED, "money", 20),
            Column(w.COL_RATE, "pct", 12),
        ),
        rows,
        (w.TOTAL, data.allocated_vnd, t.disbursed_vnd, t.rate_pct),
    )


def agency_table(data: ReportData) -> Table:
    """One row per reporting agency; an agency that gave no budget line shows chưa báo cáo, not 0."""
    frame = budget.by_agency(data.lines)
    rows = [
        (r.agency, _int(r.allocated_vnd), _int(r.disbursed_vnd), _none(r.rate_pct), _int(r.target_vnd))
        for r in frame.itertuples()
    ]
    rows += [(name, None, None, None, None) for name in budget.agencies_without_budget(data.submissions, data.lines)]
    t = data.totals
    target = _sum(frame["target_vnd"]) if not frame.empty else None
    return Table(
        w.SHEET_AGENCIES,
        (
            Column(w.COL_AGENCY, width=44),
            Column(w.COL_ALLOCATED, "money", 20),
            Column(w.COL_DISBURSED, "money", 20),
            Column(w.COL_RATE, "pct", 12),
            Column(w.COL_TARGET, "money", 22),
        ),
        rows,
        (w.TOTAL, data.allocated_vnd, t.disbursed_vnd, t.rate_pct, target),
    )


def line_table(data: ReportData, lines: pd.DataFrame | None = None, short_source: bool = False) -> Table:
    """Budget lines by task with the straight-line outlook to 31/12 (analysis.budget.pace).

    short_source: the source as its letter only ("a)"), for the narrow appendix table (its legend says which).
    """
    lines = data.lines if lines is None else lines
    paced = budget.pace(lines)
    rows = [
        (
            r.agency,
            f"{r.funding_source})"
            if short_source
            else f"{r.funding_source}) {FUNDING_SOURCES.get(r.funding_source, r.funding_source)}",
            r.task,
            _none(decision),
            _int(r.allocated_vnd),
            _int(r.disbursed_vnd),
            rate_pct(_int(r.disbursed_vnd), _int(r.allocated_vnd)),
            _none(r.as_of),
            _int(r.projected_vnd),
        )
        for r, decision in zip(paced.itertuples(), lines["decision_ref"] if not lines.empty else [])
    ]
    totals = budget.budget_totals(lines)
    projected = _sum(paced["projected_vnd"]) if not paced.empty else None
    return Table(
        w.SHEET_LINES,
        (
            Column(w.COL_AGENCY, width=36),
            Column(w.COL_SOURCE, width=30),
            Column(w.COL_TASK, width=60),
            Column(w.COL_DECISION, width=26),
            Column(w.COL_ALLOCATED, "money", 20),
            Column(w.COL_DISBURSED, "money", 20),
            Column(w.COL_RATE, "pct", 12),
            Column(w.COL_AS_OF, "date", 14),
            Column(w.COL_PROJECTED, "money", 22),
        ),
        rows,
        (w.TOTAL, None, None, None, totals.allocated_vnd, totals.disbursed_vnd, totals.rate_pct, None, projected),
    )


# Indicator columns of the report's three indicator tables (I.2 DTI, I.3 platforms and services, I.4 staff).
DTI_CODES = (("dti_score", w.COL_DTI), ("dti_rank", w.COL_RANK))
PLATFORM_CODES = (
    ("platforms_used", w.COL_PLATFORMS),
    ("online_services", w.COL_SERVICES),
    ("computers_secured", w.COL_COMPUTERS),
    ("docs_electronic_pct", w.COL_DOCS_E),
    ("docs_signed_pct", w.COL_DOCS_SIGNED),
)
STAFF_CODES = (("staff_total", w.COL_STAFF_TOTAL), ("dx_staff", w.COL_DX_STAFF), ("dx_training", w.COL_TRAINING))


@dataclass(frozen=True)
class Reading:
    """One indicator as reported: value, its maximum if any ("439,72/485", "7/7") and the year it applies to."""

    code: str
    value: float
    out_of: float | None
    applies_to_year: int | None


def _reading(r) -> Reading:
    return Reading(r.code, float(r.value), _none(r.out_of), _int(r.applies_to_year))


def _indicator_name(r) -> str:
    return _none(r.name) or (INDICATORS[r.code].name_vi if r.code in INDICATORS else r.code)


def indicator_readings(indicators: pd.DataFrame) -> list[tuple[str, Reading, str | None]]:
    """(name, reading, note) of each indicator row, in the agency's order."""
    return [(_indicator_name(r), _reading(r), _none(r.note)) for r in indicators.itertuples()]


def indicator_grid(data: ReportData, codes) -> list[tuple[str, list[Reading | None]]]:
    """(agency, [reading or None per code]) for every reporting agency: None is chưa báo cáo."""
    found: dict[tuple[str, str], Reading] = {}
    for r in data.indicators.itertuples():
        found.setdefault((r.agency_code, r.code), _reading(r))
    return [(s.agency, [found.get((s.agency_code, code)) for code, _ in codes]) for s in data.submissions.itertuples()]


def indicator_table(data: ReportData) -> Table:
    """Every indicator as reported (long form), for the workbook and the appendix."""
    frame = data.indicators
    rows = [
        (
            r.agency,
            _indicator_name(r),
            float(r.value),
            _none(r.out_of),
            _int(r.applies_to_year),
            _none(r.note),
        )
        for r in frame.itertuples()
    ]
    return Table(
        w.SHEET_INDICATORS,
        (
            Column(w.COL_AGENCY, width=36),
            Column(w.COL_INDICATOR, width=48),
            Column(w.COL_VALUE, "number", 12),
            Column(w.COL_OUT_OF, "number", 12, missing=""),
            Column(w.COL_YEAR_APPLIES, width=12),
            Column(w.COL_NOTE, width=36),
        ),
        rows,
    )


def request_table(data: ReportData, requests: pd.DataFrame | None = None) -> Table:
    frame = data.requests if requests is None else requests
    rows = [(r.agency, int(r.request_year), r.task, _none(r.category), _int(r.amount_vnd)) for r in frame.itertuples()]
    return Table(
        w.SHEET_REQUESTS,
        (
            Column(w.COL_AGENCY, width=36),
            Column(w.COL_REQUEST_YEAR, width=12),
            Column(w.COL_TASK, width=60),
            Column(w.COL_CATEGORY, width=20),
            Column(w.COL_REQUESTED, "money", 22),
        ),
        rows,
        (w.TOTAL, None, None, None, _sum(frame["amount_vnd"]) if not frame.empty else None),
    )


def difficulty_table(data: ReportData) -> Table:
    rows = [(r.agency, r.kind, r.text) for r in data.difficulties.itertuples()]
    return Table(
        w.SHEET_DIFFICULTIES,
        (Column(w.COL_AGENCY, width=36), Column(w.COL_KIND, width=12), Column(w.COL_TEXT, width=90)),
        rows,
    )


def said_by_agency(data: ReportData, kind: str) -> list[tuple[str, list[str]]]:
    """(agency, [its own sentences of that kind]) in agency order: khó khăn or kiến nghị, attributed."""
    frame = data.difficulties
    if frame.empty:
        return []
    own = frame[frame["kind"] == kind]
    return [(name, list(group["text"])) for name, group in own.groupby("agency", sort=True)]
