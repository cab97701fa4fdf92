"""Agency spreadsheets (.xlsx, .csv) -> validated Submission records and Issues (submission format v1).

Every file is screened by `safety.screen` before it is parsed; issues are collected, never raised.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePath

from domain import Issue, Submission, errors_of, warnings_of

from . import csv as csv_tables
from . import xlsx
from .messages import issue
from .safety import MAX_UPLOAD_BYTES, screen
from .xmlstream import Parts

__all__ = ["MAX_UPLOAD_BYTES", "ParseResult", "read_files", "read_submission", "submission_to_json"]

CSV_EXTS = frozenset({".csv", ".txt", ".tsv"})
XLSX_EXTS = frozenset({".xlsx", ".xltx"})


@dataclass(frozen=True)
class ParseResult:
    file: str  # file name; names joined with " + " for CSV tables grouped into one submission (a label only)
    submission: Submission | None  # None when the file could not be read or has errors
    issues: tuple[Issue, ...]
    positions: tuple[int, ...] = ()  # which of the files given to read_files this came from (its identity)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return errors_of(self.issues)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return warnings_of(self.issues)

    @property
    def ok(self) -> bool:
        return self.submission is not None and not self.errors


def _screened(name: str, raw: bytes, parts: dict[str, bytes] | None = None) -> ParseResult | None:
    """A failed result when the file must not be parsed; None when it is safe to read (parts: see screen)."""
    problems = [i for i in screen(name, raw, parts) if i.is_error]
    if problems:
        return ParseResult(name, None, tuple(problems))
    ext = PurePath(name).suffix.lower()
    if ext not in CSV_EXTS | XLSX_EXTS:
        return ParseResult(name, None, (issue("unsupported-format", name, ext=ext or "(không có đuôi)", extra=""),))
    return None


def read_submission(name: str, raw: bytes) -> ParseResult:
    """One .xlsx workbook or one .csv table, read and validated."""
    parts = Parts()  # the workbook's XML as the screen decompressed it, and what it learnt reading it
    failed = _screened(name, raw, parts)
    if failed:
        return failed
    if PurePath(name).suffix.lower() in CSV_EXTS:
        submission, issues = csv_tables.read_csv(name, raw)
    else:
        submission, issues = xlsx.read_workbook(name, raw, parts)
    return _result(name, submission, issues)


def read_files(files: list[tuple[str, bytes]]) -> list[ParseResult]:
    """Each .xlsx is one submission; CSV tables of the same (agency, year) make one together."""
    results: list[tuple[int, ParseResult]] = []
    csv_files: list[tuple[int, str, bytes]] = []
    for position, (name, raw) in enumerate(files):
        parts = Parts()
        failed = _screened(name, raw, parts)
        if failed:
            results.append((position, replace(failed, positions=(position,))))
        elif PurePath(name).suffix.lower() in CSV_EXTS:
            csv_files.append((position, name, raw))
        else:
            results.append((position, _result(name, *xlsx.read_workbook(name, raw, parts), positions=(position,))))
    if csv_files:
        for indexes, label, submission, issues in csv_tables.read_csv_files([(n, r) for _, n, r in csv_files]):
            positions = tuple(csv_files[i][0] for i in indexes)
            results.append((positions[0], _result(label, submission, issues, positions=positions)))
    return [r for _, r in sorted(results, key=lambda pr: pr[0])]


def _result(
    name: str, submission: Submission | None, issues: list[Issue], positions: tuple[int, ...] = ()
) -> ParseResult:
    ordered = tuple(sorted(issues, key=lambda i: not i.is_error))  # errors first, otherwise file order
    return ParseResult(name, None if any(i.is_error for i in issues) else submission, ordered, positions)


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def issue_json(i: Issue) -> dict:
    """One error or warning as `check` prints it (submission format §6)."""
    return {
        "file": i.file,
        "sheet": i.sheet,
        "row": i.row,
        "column": i.column,
        "code": i.code,
        "message": i.message_vi,
        "message_en": i.message_en,
    }


def indicator_json(i) -> dict:
    return {
        "code": i.code,
        "name": i.display_name,
        "value": i.value,
        "out_of": i.out_of,
        "applies_to_year": i.applies_to_year,
        "note": i.note,
        "extra": dict(i.extra),
        "row": i.source_row,
    }


def submission_json(s: Submission) -> dict:
    """The `submission` object of `check` (submission format §6); `extract` prints the same shape."""
    return {
        "agency": s.agency,
        "agency_code": s.agency_code,
        "province": s.province,
        "year": s.year,
        "report_date": _iso(s.report_date),
        "requested_by": s.requested_by,
        "prepared_by": s.prepared_by,
        "stated_total_vnd": s.stated_total_vnd,
        "illustrative": s.illustrative,
        "budget_lines": [
            {
                "funding_source": b.funding_source,
                "task": b.task,
                "allocated_vnd": b.allocated_vnd,
                "disbursed_vnd": b.disbursed_vnd,
                "expected_pct": b.expected_pct,
                "decision_ref": b.decision_ref,
                "as_of": _iso(b.as_of),
                "procurement": b.procurement,
                "procurement_done": _iso(b.procurement_done),
                "contractor": b.contractor,
                "note": b.note,
                "extra": dict(b.extra),
                "row": b.source_row,
            }
            for b in s.budget_lines
        ],
        "indicators": [indicator_json(i) for i in s.indicators],
        "requests": [
            {
                "year": r.year,
                "task": r.task,
                "amount_vnd": r.amount_vnd,
                "category": r.category,
                "legal_basis": r.legal_basis,
                "objective": r.objective,
                "content": r.content,
                "scope": r.scope,
                "implementer": r.implementer,
                "note": r.note,
                "extra": dict(r.extra),
                "row": r.source_row,
            }
            for r in s.requests
        ],
        "difficulties": [{"kind": d.kind, "text": d.text} for d in s.difficulties],
    }


def submission_to_json(result: ParseResult) -> dict:
    """The §6 command-line shape of one result."""
    return {
        "file": result.file,
        "ok": result.ok,
        "submission": None if result.submission is None else submission_json(result.submission),
        "errors": [issue_json(i) for i in result.errors],
        "warnings": [issue_json(i) for i in result.warnings],
    }
