"""Records of one extraction: blocks of source text, spans tracing each figure, cross-checks."""

from __future__ import annotations

from dataclasses import dataclass

from domain import Indicator, Issue, Submission, errors_of, warnings_of
from loaders import indicator_json, issue_json, submission_json


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
    amounts: tuple = ()  # amounts.Amount: every figure in đồng, with its role and task (issue 18)

    @property
    def ok(self) -> bool:
        return self.submission is not None and not any(i.is_error for i in self.issues)


def extraction_to_json(ex: Extraction) -> dict:
    """The `check` JSON shape plus "spans", "candidates" and "checks"."""
    return {
        "file": ex.file,
        "ok": ex.ok,
        "submission": submission_json(ex.submission) if ex.submission else None,
        "errors": [issue_json(i) for i in errors_of(ex.issues)],
        "warnings": [issue_json(i) for i in warnings_of(ex.issues)],
        "spans": [
            {"field": s.field, "text": s.text, "start": s.start, "end": s.end, "block": s.block, "page": s.page}
            for s in ex.spans
        ],
        "candidates": [indicator_json(c) for c in ex.candidates],
        "amounts": [
            {"vnd": a.vnd, "role": a.role, "task": a.task, "approx": a.approx, "block": a.block.index}
            for a in ex.amounts
        ],
        "checks": [
            {"code": c.code, "ok": c.ok, "message": c.message_vi, "message_en": c.message_en} for c in ex.checks
        ],
    }
