"""The upload page's logic, without drawing: group files, parse (cached on content), diff, tables, save.

pages/upload.py only draws what these functions return; the tests drive them directly.
- .xlsx: one submission per file; .csv: the tables of one (agency, year) read together (loaders.read_files);
  .docx/.pdf/.txt: a narrative report, extracted (loaders.extract) and reviewed (review.py) before saving.
- Nothing a file contains can raise out of here: an unexpected exception becomes an error row for that
  file, and its traceback goes to the server log only (brief §5).
"""
from __future__ import annotations

import hashlib
import io
import logging
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd
import streamlit as st

import formatting as fmt
import tables
from domain import FUNDING_SOURCES, INDICATORS, Issue, Submission, errors_of, warnings_of
from loaders.originals import original_file
from submission_diff import SubmissionDiff, Totals, diff_submissions

log = logging.getLogger(__name__)

TABLE_SUFFIXES = (".xlsx", ".csv")
REPORT_SUFFIXES = (".docx", ".pdf", ".txt")
ACCEPTED_TYPES = ["xlsx", "csv", "docx", "pdf", "txt"]
TEMPLATE_FILE_NAME = "mau-bao-cao-chuyen-doi-so.xlsx"
FALLBACK_MAX_BYTES = 20 * 1024 * 1024  # loaders.safety's default, if that module cannot be imported


@dataclass(frozen=True)
class UploadFile:
    name: str
    raw: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    @property
    def suffix(self) -> str:
        return PurePath(self.name).suffix.lower()


@dataclass
class Outcome:
    """One would-be submission: a workbook, a group of CSV tables or a narrative report, as read."""

    kind: str  # "table" | "report"
    files: tuple[UploadFile, ...]
    submission: Submission | None
    issues: tuple[Issue, ...]
    extraction: object | None = None  # loaders.extract.Extraction for reports
    key: str = field(default="")  # stable per content: widget keys and session state

    def __post_init__(self):
        if not self.key:
            self.key = hashlib.sha256("|".join(f.sha256 for f in self.files).encode()).hexdigest()[:16]

    @property
    def label(self) -> str:
        return ", ".join(f.name for f in self.files)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return errors_of(self.issues)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return warnings_of(self.issues)

    @property
    def ok(self) -> bool:
        """Ready for the diff-and-confirm step (reports: ready for review, errors may be fixed there)."""
        if self.kind == "report":
            return self.extraction is not None and not _unreviewable(self.issues)
        return self.submission is not None and not self.errors

    def stored_bytes(self) -> tuple[str, bytes]:
        """(file name, bytes) kept as the version's original: the file itself, or a zip of the CSV tables."""
        return original_file([(f.name, f.raw) for f in self.files], self.submission)


# Report issues that mean there is nothing to review (scanned PDF, unreadable file); the others
# (agency or year not found, a check failed) are what the review step lets the user fix.
_REVIEW_FIXES = {"agency-not-found", "year-not-found", "year-out-of-range", "disbursed-over-allocated",
                 "value-over-max", "percent-out-of-range"}


def _unreviewable(issues) -> bool:
    return any(i.is_error and i.code not in _REVIEW_FIXES for i in issues)


# --- reading -------------------------------------------------------------------------------------------

def _failure(name: str, exc: BaseException | None = None) -> Issue:
    if exc is not None:
        log.error("reading %s failed", name, exc_info=exc)  # server log only, never the page
    return Issue("read-failed", "error", name, None, None, None,
                 "Không đọc được tệp do lỗi không lường trước khi xử lý. Hãy kiểm tra tệp (mở được bằng "
                 "Excel/Word không), lưu lại theo mẫu báo cáo rồi nộp lại; lỗi đã được ghi lại cho quản trị.",
                 "The file could not be read because of an unexpected error. Check it opens, save it from the "
                 "template and upload again; the error was logged for the administrator.")


def _too_large(f: UploadFile) -> Issue | None:
    try:
        from loaders import safety
        limit = safety.max_upload_bytes() if hasattr(safety, "max_upload_bytes") else safety.MAX_UPLOAD_BYTES
        if hasattr(safety, "check_size"):
            return safety.check_size(f.name, f.raw)
    except ImportError:
        limit = FALLBACK_MAX_BYTES
    if len(f.raw) <= limit:
        return None
    size, cap = f"{len(f.raw) / 2**20:.1f}".replace(".", ","), f"{limit / 2**20:.0f}"
    return Issue("file-too-large", "error", f.name, None, None, None,
                 f"Tệp nặng {size} MB, vượt giới hạn {cap} MB. Hãy bỏ các trang, hình ảnh không cần thiết rồi nộp lại.",
                 f"The file is {size} MB, above the {cap} MB limit.")


@st.cache_data(max_entries=64, show_spinner=False)
def _read_tables_cached(key: tuple[tuple[str, str], ...], _files: tuple[tuple[str, bytes], ...]):
    # "_files" is skipped by Streamlit's hasher: the (name, sha256) pairs are the key (STYLE.md, caching).
    import loaders
    return loaders.read_files(list(_files))


@st.cache_data(max_entries=32, show_spinner=False)
def _extract_cached(sha256: str, name: str, _raw: bytes):
    from loaders.extract import extract_report
    return extract_report(name, _raw)


def _names_in(result, files: Sequence[UploadFile]) -> list[UploadFile]:
    """The uploaded files a ParseResult came from: named by result.file or by its issues."""
    label = str(getattr(result, "file", "") or "")
    named = set(label.split(" + ")) | {label} | {i.file for i in getattr(result, "issues", ())}
    return [f for f in files if f.name in named]


def looks_tabular(raw: bytes) -> bool:
    """A .txt that is a table (Excel's "Unicode text" export, tab-separated), not a narrative report."""
    head = raw[:4096]
    for codec in ("utf-16", "utf-8-sig", "cp1258"):
        if codec == "utf-16" and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = head.decode(codec, errors="ignore")
            break
        except LookupError:
            continue
    else:
        return False
    lines = [ln for ln in text.splitlines() if ln.strip()][:3]
    return bool(lines) and all(ln.count("\t") >= 2 for ln in lines)


def read_tables(files: Sequence[UploadFile]) -> list[Outcome]:
    """Outcomes of .xlsx/.csv files read together (CSV tables of one submission are grouped by the loader)."""
    if not files:
        return []
    key = tuple((f.name, f.sha256) for f in files)
    try:
        results = _read_tables_cached(key, tuple((f.name, f.raw) for f in files))
    except Exception as exc:  # noqa: BLE001 - any loader bug becomes an error row, per file
        return [Outcome("table", (f,), None, (_failure(f.name, exc),)) for f in files]
    outcomes: list[Outcome] = []
    claimed: set[str] = set()
    for result in results:
        mine = _names_in(result, files) or [f for f in files if f.name not in claimed] or list(files)
        claimed.update(f.name for f in mine)
        outcomes.append(Outcome("table", tuple(mine), getattr(result, "submission", None),
                                tuple(getattr(result, "issues", ()))))
    for f in files:  # a file the loader said nothing about is reported, not silently dropped
        if f.name not in claimed:
            outcomes.append(Outcome("table", (f,), None, (_failure(f.name),)))
    return outcomes


def read_report(f: UploadFile) -> Outcome:
    try:
        ex = _extract_cached(f.sha256, f.name, f.raw)
    except Exception as exc:  # noqa: BLE001
        return Outcome("report", (f,), None, (_failure(f.name, exc),))
    return Outcome("report", (f,), ex.submission, tuple(ex.issues), extraction=ex)


def read_uploads(files: Sequence[UploadFile],
                 on_progress: Callable[[int, int, str], None] | None = None) -> list[Outcome]:
    """Every uploaded file read, in upload order; on_progress(done, total, name) after each step."""
    size_issues = {f.name: issue for f in files if (issue := _too_large(f)) is not None}
    outcomes: list[Outcome] = [Outcome("table", (f,), None, (size_issues[f.name],)) for f in files
                               if f.name in size_issues]
    rest = [f for f in files if f.name not in size_issues]
    def is_table_text(f: UploadFile) -> bool:
        return f.suffix == ".csv" or (f.suffix == ".txt" and looks_tabular(f.raw))

    csvs = [f for f in rest if is_table_text(f)]
    reports = [f for f in rest if f.suffix in REPORT_SUFFIXES and not is_table_text(f)]
    others = [f for f in rest if f.suffix not in REPORT_SUFFIXES and f.suffix != ".csv"]  # .xlsx and the unknown
    steps: list[tuple[str, Callable[[], list[Outcome]]]] = []
    steps += [(f.name, lambda f=f: read_tables([f])) for f in others]
    if csvs:
        steps.append((", ".join(f.name for f in csvs), lambda: read_tables(csvs)))
    steps += [(f.name, lambda f=f: [read_report(f)]) for f in reports]
    total = len(steps)
    for done, (name, step) in enumerate(steps, start=1):
        outcomes.extend(step())
        if on_progress is not None:
            on_progress(done, total, name)
    return outcomes


# --- display tables --------------------------------------------------------------------------------------

ISSUE_COLUMNS = ["Mức", "Tệp", "Trang tính", "Dòng", "Cột", "Mã", "Thông báo"]


def issues_table(issues: Sequence[Issue], english: bool = False) -> pd.DataFrame:
    """One table, errors first, in file order otherwise: Mức, Tệp, Trang tính, Dòng, Cột, Mã, Thông báo."""
    ordered = sorted(enumerate(issues), key=lambda p: (not p[1].is_error, p[0]))
    frame = pd.DataFrame({
        "Mức": ["Lỗi" if i.is_error else "Cảnh báo" for _, i in ordered],
        "Tệp": [i.file for _, i in ordered],
        "Trang tính": [i.sheet or "" for _, i in ordered],
        "Dòng": pd.array([i.row for _, i in ordered], dtype="Int64"),
        "Cột": [i.column or "" for _, i in ordered],
        "Mã": [i.code for _, i in ordered],
        "Thông báo": [(i.message_en if english else i.message_vi) for _, i in ordered],
    }, columns=ISSUE_COLUMNS)
    return frame


def issue_lines(issues: Sequence[Issue]) -> list[str]:
    """'Lỗi — tệp.xlsx, KinhPhi, dòng 2, cột Kinh phí giao: message' per issue, errors first."""
    out = []
    for _, i in sorted(enumerate(issues), key=lambda p: (not p[1].is_error, p[0])):
        place = ", ".join(x for x in (i.file, i.sheet, f"dòng {i.row}" if i.row else None,
                                      f"cột {i.column}" if i.column else None) if x)
        out.append(f"{'Lỗi' if i.is_error else 'Cảnh báo'} — {place}: {i.message_vi}")
    return out


def all_issues(outcomes: Sequence[Outcome]) -> list[Issue]:
    return [i for o in outcomes for i in o.issues]


def current_for(store, sub: Submission) -> Submission | None:
    return store.current_submission(sub.agency_code, sub.year)


def diff_against_current(store, sub: Submission) -> SubmissionDiff:
    return diff_submissions(current_for(store, sub), sub)


def stored_version_of(store, outcome: Outcome, sub: Submission | None = None) -> int | None:
    """The version already holding exactly these bytes for the pair (same bytes → no new version, §5)."""
    sub = sub or outcome.submission
    if sub is None:
        return None
    versions = store.versions(sub.agency_code, sub.year)
    if versions.empty:
        return None
    sha = hashlib.sha256(outcome.stored_bytes()[1]).hexdigest()
    same = versions[versions["sha256"] == sha]
    return int(same["version"].max()) if not same.empty else None


_KIND_VI = {"budget_lines": "Kinh phí", "indicators": "Chỉ số", "requests": "Đề xuất"}
_STATUS_VI = {"added": "Thêm mới", "changed": "Thay đổi", "removed": "Bỏ đi"}
_FIELD_VI = {
    "funding_source": "Nguồn kinh phí", "task": "Nhiệm vụ", "allocated_vnd": "Kinh phí giao (triệu đồng)",
    "disbursed_vnd": "Đã giải ngân (triệu đồng)", "decision_ref": "Văn bản giao", "as_of": "Ngày số liệu",
    "expected_pct": "Dự kiến giải ngân (%)", "procurement": "Hình thức lựa chọn nhà thầu",
    "procurement_done": "Hoàn thành lựa chọn nhà thầu", "contractor": "Đơn vị thực hiện", "note": "Ghi chú",
    "extra": "Cột khác", "code": "Mã chỉ số", "value": "Giá trị", "out_of": "Trên tổng", "name": "Tên chỉ số",
    "applies_to_year": "Năm áp dụng", "year": "Năm", "amount_vnd": "Kinh phí đề xuất (triệu đồng)",
    "category": "Nhóm", "legal_basis": "Căn cứ", "objective": "Mục tiêu", "content": "Nội dung",
    "scope": "Phạm vi, khối lượng", "implementer": "Đơn vị thực hiện",
}
DIFF_COLUMNS = ["Bảng", "Thay đổi", "Mục", "Trường", "Trước", "Sau"]


def show_value(field_name: str, value) -> str:
    """A record value as the leader reads it: money in triệu đồng vi-VN, — for not reported."""
    if value is None:
        return fmt.NOT_REPORTED
    if field_name.endswith("_vnd"):
        return fmt.million_vnd_number(value)
    if field_name in ("as_of",):
        return fmt.day(value)
    if field_name == "procurement_done":
        return fmt.month(value)
    if isinstance(value, float):
        return fmt.number(value, 2)
    if field_name == "extra":
        return "; ".join(f"{k}: {v}" for k, v in value) or fmt.NOT_REPORTED
    return str(value)


def _summary(kind: str, item) -> str:
    if kind == "budget_lines":
        return (f"{item.funding_source}) giao {fmt.million_vnd_number(item.allocated_vnd)}, "
                f"giải ngân {fmt.million_vnd_number(item.disbursed_vnd)}")
    if kind == "indicators":
        out_of = f" / {fmt.number(item.out_of, 2)}" if item.out_of is not None else ""
        return f"{fmt.number(item.value, 2)}{out_of}"
    return f"{item.year}: {fmt.million_vnd_number(item.amount_vnd)}"


def _item_label(kind: str, label: str) -> str:
    if kind == "indicators" and label in INDICATORS:
        return f"{INDICATORS[label].name_vi} ({label})"
    return label


def diff_table(diff: SubmissionDiff) -> pd.DataFrame:
    """One row per changed field, added or removed item: Bảng, Thay đổi, Mục, Trường, Trước, Sau."""
    rows = []
    for c in diff.changes:
        base = {"Bảng": _KIND_VI[c.kind], "Thay đổi": _STATUS_VI[c.status], "Mục": _item_label(c.kind, c.label)}
        if c.status == "changed":
            rows += [{**base, "Trường": _FIELD_VI.get(f.field, f.field), "Trước": show_value(f.field, f.before),
                      "Sau": show_value(f.field, f.after)} for f in c.fields]
        elif c.status == "added":
            rows.append({**base, "Trường": "", "Trước": "", "Sau": _summary(c.kind, c.after)})
        else:
            rows.append({**base, "Trường": "", "Trước": _summary(c.kind, c.before), "Sau": ""})
    return pd.DataFrame(rows, columns=DIFF_COLUMNS)


TOTAL_COLUMNS = ["Chỉ tiêu", "Trước", "Sau", "Chênh lệch"]


def totals_table(diff: SubmissionDiff) -> pd.DataFrame:
    """Totals before → after, money in triệu đồng vi-VN (Trước is — on a first upload)."""
    def row(label: str, attr: str, money: bool) -> dict:
        before: Totals | None = diff.before
        old = getattr(before, attr) if before else None
        new = getattr(diff.after, attr)
        show = fmt.million_vnd if money else (lambda v: fmt.number(v, 0))
        delta = "" if old is None or new is None or old == new else (
            ("+" if new > old else "−") + (fmt.million_vnd(abs(new - old)) if money else fmt.number(abs(new - old), 0)))
        return {"Chỉ tiêu": label, "Trước": show(old), "Sau": show(new), "Chênh lệch": delta}

    return pd.DataFrame([
        row("Tổng kinh phí giao", "allocated_vnd", True),
        row("Đã giải ngân", "disbursed_vnd", True),
        row("Kinh phí đề xuất năm sau", "requested_vnd", True),
        row("Số dòng kinh phí", "n_lines", False),
        row("Số chỉ số", "n_indicators", False),
        row("Số đề xuất", "n_requests", False),
    ], columns=TOTAL_COLUMNS)


def submission_tables(sub: Submission) -> dict[str, pd.DataFrame]:
    """A version's content as three display tables (Kinh phí, Chỉ số, Đề xuất), money in triệu đồng."""
    lines = pd.DataFrame([{
        "Nguồn kinh phí": f"{b.funding_source}) {FUNDING_SOURCES.get(b.funding_source, '')}",
        "Nhiệm vụ": b.task, "Kinh phí giao (triệu đồng)": fmt.million_vnd_number(b.allocated_vnd),
        "Đã giải ngân (triệu đồng)": fmt.million_vnd_number(b.disbursed_vnd),
        "Dự kiến giải ngân (%)": fmt.number(b.expected_pct, 0), "Văn bản giao": b.decision_ref or fmt.NOT_REPORTED,
        "Đơn vị thực hiện": b.contractor or fmt.NOT_REPORTED,
    } for b in sub.budget_lines], columns=["Nguồn kinh phí", "Nhiệm vụ", "Kinh phí giao (triệu đồng)",
                                          "Đã giải ngân (triệu đồng)", "Dự kiến giải ngân (%)", "Văn bản giao",
                                          "Đơn vị thực hiện"])
    indicators = pd.DataFrame([{
        "Chỉ số": i.display_name, "Mã": i.code, "Giá trị": fmt.number(i.value, 2),
        "Trên tổng": fmt.number(i.out_of, 2), "Năm áp dụng": str(i.applies_to_year or sub.year),
    } for i in sub.indicators], columns=["Chỉ số", "Mã", "Giá trị", "Trên tổng", "Năm áp dụng"])
    requests = pd.DataFrame([{
        "Năm": str(r.year), "Nhiệm vụ": r.task, "Nhóm": r.category or fmt.NOT_REPORTED,
        "Kinh phí đề xuất (triệu đồng)": fmt.million_vnd_number(r.amount_vnd),
    } for r in sub.requests], columns=["Năm", "Nhiệm vụ", "Nhóm", "Kinh phí đề xuất (triệu đồng)"])
    return {"Kinh phí": lines, "Chỉ số": indicators, "Đề xuất": requests}


# --- saving ------------------------------------------------------------------------------------------------

def confirm(store, outcome: Outcome, uploaded_by: str):
    """Store a valid spreadsheet submission with its original bytes and warnings -> store.SaveResult."""
    uploaded_by = (uploaded_by or "").strip()
    if not uploaded_by:
        raise ValueError("uploaded_by is required")
    if outcome.kind != "table" or not outcome.ok:
        raise ValueError("only a valid spreadsheet submission is confirmed here")
    name, raw = outcome.stored_bytes()
    return store.save_submission(outcome.submission, raw=raw, file_name=name, uploaded_by=uploaded_by,
                                 issues=outcome.warnings)


def confirm_review(store, outcome: Outcome, state, built, uploaded_by: str):
    """Store a reviewed narrative report: raw = the document's bytes, with its sources (provenance)."""
    import review

    uploaded_by = (uploaded_by or "").strip()
    if not uploaded_by:
        raise ValueError("uploaded_by is required")
    if outcome.kind != "report" or not built.ok:
        raise ValueError("the reviewed report still has problems")
    name, raw = outcome.stored_bytes()
    return store.save_submission(built.submission, raw=raw, file_name=name, uploaded_by=uploaded_by,
                                 issues=review.issues_to_store(state, built), sources=built.sources)


def template_bytes() -> bytes:
    """The empty workbook template (loaders.template.write_workbook(None))."""
    from loaders.template import write_workbook
    return write_workbook(None)


def max_upload_bytes() -> int:
    try:
        from loaders import safety
        return safety.max_upload_bytes() if hasattr(safety, "max_upload_bytes") else safety.MAX_UPLOAD_BYTES
    except ImportError:
        return FALLBACK_MAX_BYTES


md = fmt.inert  # one rule for file text shown as markdown (formatting.inert)


# --- history -----------------------------------------------------------------------------------------------

LOCAL_TZ = "Asia/Ho_Chi_Minh"  # times are stored in UTC; staff read Vietnamese time
VERSION_COLUMNS = ["Phiên bản", "Thời gian", "Người nộp", "Tệp", "SHA-256", "Thao tác", "Cảnh báo"]


def local_times(series: pd.Series) -> pd.Series:
    """UTC timestamps -> 'dd/mm/yyyy HH:MM' in Vietnamese time."""
    if series.empty:
        return series.astype("string")
    return pd.to_datetime(series, utc=True).dt.tz_convert(LOCAL_TZ).dt.strftime("%d/%m/%Y %H:%M")


def versions_table(versions: pd.DataFrame) -> pd.DataFrame:
    """store.versions(...) as shown: newest first, short SHA-256, action in Vietnamese."""
    if versions.empty:
        return pd.DataFrame(columns=VERSION_COLUMNS)
    by_id = dict(zip(versions["submission_id"], versions["version"]))
    newest = versions.sort_values("version", ascending=False)

    def action(row) -> str:
        if row["action"] == "restore":
            source = by_id.get(row["restored_from"])
            return f"khôi phục từ phiên bản {source}" if source is not None else "khôi phục"
        return "nộp"

    return pd.DataFrame({
        "Phiên bản": newest["version"].astype("int64"),
        "Thời gian": local_times(newest["uploaded_at"]),
        "Người nộp": newest["uploaded_by"],
        "Tệp": newest["file_name"],
        "SHA-256": newest["sha256"].str[:12] + "…",
        "Thao tác": newest.apply(action, axis=1),
        "Cảnh báo": newest["n_warnings"].astype("Int64"),
    }, columns=VERSION_COLUMNS).reset_index(drop=True)


AUDIT_COLUMNS = ["Thời gian", "Người thực hiện", "Thao tác", "Đơn vị", "Năm", "Chi tiết"]


def audit_table(audit: pd.DataFrame, agency_code: str | None = None, year: int | None = None) -> pd.DataFrame:
    """store.audit_frame() as shown, optionally only one (agency, year)."""
    import ui_text

    if agency_code is not None:
        audit = audit[(audit["agency_code"] == agency_code) & (audit["year"] == year)]
    return pd.DataFrame({
        "Thời gian": local_times(audit["at"]),
        "Người thực hiện": audit["actor"],
        "Thao tác": audit["action"].map(lambda a: ui_text.ACTION_VI.get(a, a)),
        "Đơn vị": audit["agency_code"].fillna(""),
        "Năm": audit["year"].astype("Int64"),
        "Chi tiết": audit["detail"].fillna(""),
    }, columns=AUDIT_COLUMNS).reset_index(drop=True)


provenance_table = tables.sources_view  # shown the same way on Lịch sử phiên bản and Đơn vị
