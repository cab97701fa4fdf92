"""Getting a report in, without drawing: group files, parse, diff against the current version, save.

ui/upload_tables.py words the results as tables; pages/upload.py draws them; the tests drive these
functions directly. Readers are passed in so that the UI layer can cache them on content.
- .xlsx: one submission per file; .csv: the tables of one (agency, year) read together (loaders.read_files);
  .docx/.pdf/.txt: a narrative report, extracted (loaders.extract) and reviewed (review.py) before saving.
- Nothing a file contains can raise out of here: an unexpected exception becomes an error row for that
  file, and its traceback goes to the server log only (brief §5).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePath
from typing import TYPE_CHECKING

import formatting as fmt
from domain import Issue, Submission, errors_of, warnings_of
from intake.diff import SubmissionDiff, diff_submissions
from loaders import ParseResult, safety, successors
from loaders.messages import issue
from loaders.originals import original_file

if TYPE_CHECKING:  # the extractor (and pdfplumber) loads only when a report is uploaded
    from loaders.extract import Extraction

log = logging.getLogger(__name__)

TABLE_SUFFIXES = (".xlsx", ".csv")
REPORT_SUFFIXES = (".docx", ".pdf", ".txt")
ACCEPTED_TYPES = ["xlsx", "csv", "docx", "pdf", "txt"]
TEMPLATE_FILE_NAME = "mau-bao-cao-chuyen-doi-so.xlsx"


@dataclass(frozen=True)
class UploadFile:
    name: str  # cleaned on the way in (safety.clean_name): no path, control or bidi characters, bounded
    raw: bytes

    def __post_init__(self):
        object.__setattr__(self, "name", safety.clean_name(self.name))

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
            named = "|".join(f"{f.name}\0{f.sha256}" for f in self.files)
            self.key = hashlib.sha256(named.encode()).hexdigest()[:16]

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
_REVIEW_FIXES = {
    "agency-not-found",
    "year-not-found",
    "year-out-of-range",
    "disbursed-over-allocated",
    "value-over-out-of",
    "pct-out-of-range",
}


def _unreviewable(issues) -> bool:
    return any(i.is_error and i.code not in _REVIEW_FIXES for i in issues)


# --- reading -------------------------------------------------------------------------------------------


def _failure(name: str, exc: BaseException | None = None) -> Issue:
    if exc is not None:
        log.error(
            "reading %r failed", name, exc_info=exc
        )  # quoted: a name cannot forge a log line  # server log only, never the page
    return issue("read-failed", name)


def _too_large(f: UploadFile) -> Issue | None:
    """file-too-large or empty-file before any parser sees the bytes."""
    return safety.check_size(f.name, f.raw)


def read_files_uncached(files: Sequence[UploadFile]):
    """loaders.read_files over the uploads, in a limited worker process; the UI layer caches it on content."""
    from loaders import worker

    return worker.read_files_limited([(f.name, f.raw) for f in files])


def extract_uncached(f: UploadFile):
    """loaders.extract over one narrative report, in a limited worker process; the UI layer caches it."""
    from loaders import worker

    return worker.extract_limited(f.name, f.raw)


TableReader = Callable[[Sequence[UploadFile]], list[ParseResult]]
ReportExtractor = Callable[[UploadFile], "Extraction"]


def _files_of(result, files: Sequence[UploadFile]) -> list[UploadFile]:
    """The uploaded files a ParseResult came from, by their positions (never by a label of joined names)."""
    positions = getattr(result, "positions", ()) or ()
    return [files[n] for n in positions if 0 <= n < len(files)]


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


def read_tables(files: Sequence[UploadFile], reader: TableReader = read_files_uncached) -> list[Outcome]:
    """Outcomes of .xlsx/.csv files read together (CSV tables of one submission are grouped by the loader)."""
    if not files:
        return []
    try:
        results = reader(files)
    except Exception as exc:  # noqa: BLE001 - any loader bug becomes an error row, per file
        return [Outcome("table", (f,), None, (_failure(f.name, exc),)) for f in files]
    outcomes: list[Outcome] = []
    claimed: set[int] = set()
    for result in results:
        mine = _files_of(result, files)
        if not mine:  # a result that does not say where it came from cannot be stored as anyone's original
            log.error("a reader result for %r has no file positions", getattr(result, "file", ""))
            continue
        claimed.update(id(f) for f in mine)
        outcomes.append(
            Outcome("table", tuple(mine), getattr(result, "submission", None), tuple(getattr(result, "issues", ())))
        )
    for f in files:  # a file the loader said nothing about is reported, not silently dropped
        if id(f) not in claimed:
            outcomes.append(Outcome("table", (f,), None, (_failure(f.name),)))
    return outcomes


def read_report(f: UploadFile, extractor: ReportExtractor = extract_uncached) -> Outcome:
    try:
        ex = extractor(f)
    except Exception as exc:  # noqa: BLE001
        return Outcome("report", (f,), None, (_failure(f.name, exc),))
    return Outcome("report", (f,), ex.submission, tuple(ex.issues), extraction=ex)


def _read_one_report(f: UploadFile, extractor: ReportExtractor) -> list[Outcome]:
    return [read_report(f, extractor)]


def _duplicates(files: Sequence[UploadFile]) -> list[tuple[UploadFile, Issue]]:
    """The later of two files with the same bytes or the same name, each with the issue that says so.

    The same workbook uploaded twice (bao-cao.xlsx, bao-cao (1).xlsx) would be one submission twice; two files
    of one name could not be told apart in messages and stored originals.
    """
    by_sha: dict[str, UploadFile] = {}
    by_name: dict[str, UploadFile] = {}
    found = []
    for f in files:
        if f.sha256 in by_sha:
            found.append((f, issue("duplicate-file-content", f.name, name=f.name, other=by_sha[f.sha256].name)))
        elif f.name in by_name:
            found.append((f, issue("duplicate-upload-name", f.name, name=f.name)))
        else:
            by_sha[f.sha256], by_name[f.name] = f, f
    return found


def read_uploads(
    files: Sequence[UploadFile],
    on_progress: Callable[[int, int, str], None] | None = None,
    reader: TableReader = read_files_uncached,
    extractor: ReportExtractor = extract_uncached,
) -> list[Outcome]:
    """Every uploaded file read, in upload order; on_progress(done, total, name) after each step."""
    refused = {id(f): problem for f, problem in _duplicates(files)}
    refused |= {id(f): problem for f in files if id(f) not in refused and (problem := _too_large(f)) is not None}
    # A refused file gets a key of its own: the same bytes twice must not give two widgets one key.
    outcomes: list[Outcome] = [
        Outcome("table", (f,), None, (refused[id(f)],), key=f"refused-{n}-{f.sha256[:12]}")
        for n, f in enumerate(files)
        if id(f) in refused
    ]
    rest = [f for f in files if id(f) not in refused]

    def is_table_text(f: UploadFile) -> bool:
        return f.suffix == ".csv" or (f.suffix == ".txt" and looks_tabular(f.raw))

    csvs = [f for f in rest if is_table_text(f)]
    reports = [f for f in rest if f.suffix in REPORT_SUFFIXES and not is_table_text(f)]
    others = [f for f in rest if f.suffix not in REPORT_SUFFIXES and f.suffix != ".csv"]  # .xlsx and the unknown
    steps: list[tuple[str, Callable[[], list[Outcome]]]] = []
    steps += [(f.name, partial(read_tables, [f], reader)) for f in others]
    if csvs:
        steps.append((", ".join(f.name for f in csvs), lambda: read_tables(csvs, reader)))
    steps += [(f.name, partial(_read_one_report, f, extractor)) for f in reports]
    total = len(steps)
    for done, (name, step) in enumerate(steps, start=1):
        outcomes.extend(step())
        if on_progress is not None:
            on_progress(done, total, name)
    return outcomes


# --- comparing with what is stored --------------------------------------------------------------------


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


# --- saving ------------------------------------------------------------------------------------------------


NAME_MAX_CHARS = 120  # a person's name: the uploader, who restored a version


def person_name(text: str | None) -> str:
    """A person's name as stored and shown: one printable line of at most NAME_MAX_CHARS characters."""
    return fmt.plain(text or "", NAME_MAX_CHARS)


def _uploader(uploaded_by: str) -> str:
    """The uploader's name, required for every stored version."""
    name = person_name(uploaded_by)
    if not name:
        raise ValueError("uploaded_by is required")
    return name


def confirm(store, outcome: Outcome, uploaded_by: str, *, under_successor: bool = False):
    """Store a valid spreadsheet submission with its original bytes and warnings -> store.SaveResult.

    under_successor: file a 2025-or-later report that names a former province or closed agency under today's
    unit (loaders.successors.under_successor); the version then records the original wording in its warnings
    and in the audit log. The original bytes are stored as they came.
    """
    uploaded_by = _uploader(uploaded_by)
    if outcome.kind != "table" or not outcome.ok:
        raise ValueError("only a valid spreadsheet submission is confirmed here")
    name, raw = outcome.stored_bytes()
    refiled = successors.under_successor(outcome.submission) if under_successor and outcome.submission else None
    if refiled is None:
        return store.save_submission(
            outcome.submission, raw=raw, file_name=name, uploaded_by=uploaded_by, issues=outcome.warnings
        )
    return store.save_submission(
        refiled.submission,
        raw=raw,
        file_name=name,
        uploaded_by=uploaded_by,
        issues=[*outcome.warnings, refiled.note(name)],
        filed_from=refiled.written,
    )


def confirm_review(store, outcome: Outcome, state, built, uploaded_by: str):
    """Store a reviewed narrative report: raw = the document's bytes, with its sources (provenance)."""
    from intake import review

    uploaded_by = _uploader(uploaded_by)
    if outcome.kind != "report" or not built.ok:
        raise ValueError("the reviewed report still has problems")
    name, raw = outcome.stored_bytes()
    issues = review.issues_to_store(state, built)
    return store.save_submission(
        built.submission, raw=raw, file_name=name, uploaded_by=uploaded_by, issues=issues, sources=built.sources
    )


def template_bytes() -> bytes:
    """The empty workbook template (loaders.template.write_workbook(None))."""
    from loaders.template import write_workbook

    return write_workbook(None)


def max_upload_bytes() -> int:
    return safety.max_upload_bytes()
