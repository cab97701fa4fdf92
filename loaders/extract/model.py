"""Records of one extraction: blocks of source text, spans tracing each figure, cross-checks."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain import Indicator, Issue, Submission


@dataclass(frozen=True)
class Block:
    """One paragraph, line group or table cell of the source, in document order."""

    index: int  # 1-based position among the blocks
    text: str
    row: int  # what an Issue names: first line (.txt/.pdf) or paragraph number (.docx)
    page: int | None = None  # pdf page, 1-based
    table: int | None = None  # docx table number, 1-based, for cells
    cell: tuple[int, int] | None = None  # (row, column), 0-based, for cells


@dataclass(frozen=True)
class Span:
    """Where one figure came from: `text[start:end]` is the figure as written."""

    field: str  # "budget_lines[0].allocated_vnd", "indicators[2].value", "agency", ...
    text: str  # the whole block (sentence, paragraph or cell) the figure is in
    start: int
    end: int
    block: int
    page: int | None = None


@dataclass(frozen=True)
class Check:
    """One cross-check between extracted figures."""

    code: str  # "source-total", "disbursed-le-allocated", "value-le-out-of", "rank-le-count"
    ok: bool
    message_vi: str
    message_en: str


@dataclass(frozen=True)
class Extraction:
    submission: Submission | None
    issues: tuple[Issue, ...] = ()
    spans: tuple[Span, ...] = ()
    candidates: tuple[Indicator, ...] = ()
    checks: tuple[Check, ...] = ()
    file: str = ""

    @property
    def ok(self) -> bool:
        return self.submission is not None and not any(i.is_error for i in self.issues)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _issue_json(issue: Issue) -> dict:
    return {
        "sheet": issue.sheet,
        "row": issue.row,
        "column": issue.column,
        "code": issue.code,
        "message": issue.message_vi,
        "message_en": issue.message_en,
    }


def _indicator_json(ind: Indicator) -> dict:
    return {
        "code": ind.code,
        "name": ind.display_name,
        "value": ind.value,
        "out_of": ind.out_of,
        "applies_to_year": ind.applies_to_year,
    }


def submission_json(sub: Submission) -> dict:
    """The `submission` object of `python -m loaders check` (submission format §6)."""
    return {
        "agency": sub.agency,
        "agency_code": sub.agency_code,
        "province": sub.province,
        "year": sub.year,
        "report_date": _iso(sub.report_date),
        "requested_by": sub.requested_by,
        "budget_lines": [
            {
                "funding_source": b.funding_source,
                "task": b.task,
                "allocated_vnd": b.allocated_vnd,
                "disbursed_vnd": b.disbursed_vnd,
                "expected_pct": b.expected_pct,
                "decision_ref": b.decision_ref,
                "procurement": b.procurement,
                "procurement_done": _iso(b.procurement_done),
                "contractor": b.contractor,
            }
            for b in sub.budget_lines
        ],
        "indicators": [_indicator_json(i) for i in sub.indicators],
        "requests": [
            {"year": r.year, "task": r.task, "amount_vnd": r.amount_vnd, "category": r.category}
            for r in sub.requests
        ],
        "difficulties": [{"kind": d.kind, "text": d.text} for d in sub.difficulties],
    }


def extraction_to_json(ex: Extraction) -> dict:
    """The `check` JSON shape plus "spans", "candidates" and "checks"."""
    return {
        "file": ex.file,
        "ok": ex.ok,
        "submission": submission_json(ex.submission) if ex.submission else None,
        "errors": [_issue_json(i) for i in ex.issues if i.is_error],
        "warnings": [_issue_json(i) for i in ex.issues if not i.is_error],
        "spans": [
            {"field": s.field, "text": s.text, "start": s.start, "end": s.end, "block": s.block, "page": s.page}
            for s in ex.spans
        ],
        "candidates": [_indicator_json(c) for c in ex.candidates],
        "checks": [{"code": c.code, "ok": c.ok, "message": c.message_vi, "message_en": c.message_en} for c in ex.checks],
    }
