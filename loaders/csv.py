"""CSV tables -> submissions (format §3).

- One CSV holds one table (KinhPhi, ChiSo, DeXuat or KhoKhan), recognised by its headers; the file
  name's <table> part decides only when the headers fit no table completely.
- Agency and report year come from columns on every row (`Đơn vị`/`agency`, `Năm báo cáo`/`year`,
  optionally `Mã đơn vị`, `Tỉnh`, `Ngày báo cáo`), or from the file name <agency_code>_<year>_<table>.csv.
  In DeXuat, `Năm`/`year` is the request year, so there only `Năm báo cáo`/`report_year` is the report year.
- Agency code: `Mã đơn vị` column, else the file name's code, else derived from the agency name. Agency
  name: the `Đơn vị` column, else the code. Province: the `Tỉnh` column, else "" with no warning:
  format §3 does not ask CSVs for it, so its absence is not the agency's fault.
- Tables of the same (agency, year) make one submission; none of the tables is required there, since each
  CSV is sent on its own. Rows are numbered as a spreadsheet shows the file: the first line is row 1.
- Encodings: UTF-8 (with or without BOM), UTF-16 (BOM, or NUL-byte pattern), else Windows-1258,
  decoded then NFC-normalised because cp1258 writes tone marks as combining characters.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from domain import Issue, Submission, derive_agency_code, fold

from . import schema as S
from .headers import cell_text, find_header, grid_of
from .messages import issue
from .numbers import parse_date, parse_number
from .records import TableRead, assemble, read_table
from .sheetxml import Grid
from .validate import year_findings

_DELIMITERS = ("\t", ";", ",")  # tie-break order: tab and ";" rarely occur inside Vietnamese text
_FILE_NAME = re.compile(r"^(.+)_(\d{4})_([^_]+)$")
_META = {  # key -> folded header names of the columns that say whose report it is
    "agency": {*S.CSV_AGENCY.names, *S.THONG_TIN.column("agency").names},
    "agency_code": set(S.THONG_TIN.column("agency_code").names),
    "province": {*S.CSV_PROVINCE.names, *S.THONG_TIN.column("province").names},
    "year": {*S.CSV_YEAR.names, *S.THONG_TIN.column("year").names, "reportyear"},
    "report_date": set(S.THONG_TIN.column("report_date").names),
}


@dataclass
class CsvPart:
    """One CSV file read: its table, whose report it is, and its issues."""

    file: str
    issues: list[Issue] = field(default_factory=list)
    table: TableRead | None = None
    agency: str | None = None  # from a column
    agency_code: str | None = None  # from a column or the file name
    province: str | None = None
    year: int | None = None
    report_date: date | None = None

    @property
    def key_code(self) -> str | None:
        code = self.agency_code or (derive_agency_code(self.agency) if self.agency else None)
        return code.upper() if code else None


def decode(raw: bytes) -> tuple[str | None, int]:
    """(text, 0), or (None, line number) where no accepted encoding fits."""
    if raw.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig", "cp1258"]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif len(raw) >= 4 and raw[1::2].count(0) > len(raw) // 4:
        candidates = ["utf-16-le"]  # Excel "Unicode text" without its BOM
    elif len(raw) >= 4 and raw[0::2].count(0) > len(raw) // 4:
        candidates = ["utf-16-be"]
    else:
        candidates = ["utf-8", "cp1258"]
    failed_at = 0
    for encoding in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            failed_at = failed_at or raw[: exc.start].count(b"\n") + 1
            continue
        return unicodedata.normalize("NFC", text), 0
    return None, failed_at


_SEP_LINE = re.compile(r"^sep=(.)\r?\n", re.IGNORECASE)  # Excel's first line naming the separator (§7)


def _rows(text: str, delimiter: str) -> Grid:
    # The "sep=" line stays row 1 (it is line 1 in the agency's editor) but is not data.
    grid = grid_of([list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)])
    return [(n, row) for n, row in grid if not (n == 1 and _SEP_LINE.match(text))]


def _recognise(rows: Grid, named: S.Sheet | None):
    """(sheet, header) that the rows' headers fit best; a complete fit wins over the file name."""
    best = None
    # The named table first: when it fits completely no other can score higher, so the others are not tried.
    for sheet in sorted(S.TABLE_SHEETS, key=lambda s: s is not named):
        header = find_header(sheet, rows)
        if header is None:
            continue
        score = (not header.missing, sheet is named, len(header.columns))
        if best is None or score > best[0]:
            best = (score, sheet, header)
        if sheet is named and not header.missing:
            break
    if best is None or (best[1] is not named and best[2].missing):
        return (named, find_header(named, rows)) if named else (None, None)
    return best[1], best[2]


def read_part(name: str, raw: bytes) -> CsvPart:
    """One CSV file: its table recognised by its headers, whose report it is, and its issues."""
    part = CsvPart(name)
    text, bad_line = decode(raw)
    if text is None:
        part.issues.append(issue("bad-encoding", name, line=bad_line))
        return part
    stem_match = _FILE_NAME.match(PurePath(name).stem)
    named = S.CSV_TABLE_NAMES.get(fold(stem_match.group(3))) if stem_match else None
    try:
        choice = _choose_table(text, named)
    except csv.Error:  # a field over the csv module's limit (an unclosed quote): an issue, not a traceback
        part.issues.append(issue("field-too-long", name, limit=f"{csv.field_size_limit():,}".replace(",", ".")))
        return part
    if choice is None:
        part.issues.append(issue("unknown-csv-table", name))
        return part
    rows, sheet, header = choice
    meta = _Meta(part, sheet, *_meta_columns(rows, header))
    _read_whose(part, meta, stem_match)
    skip = frozenset(ci for ci, _ in meta.columns.values())
    part.table = read_table(
        name, sheet, sheet.name, rows, report_date=part.report_date, report_year=part.year, skip=skip
    )
    part.issues += part.table.issues
    return part


def _choose_table(text: str, named: S.Sheet | None):
    """(rows, sheet, header) for the delimiter whose rows fit a table best; None when none fits."""
    choice = None
    sep = _SEP_LINE.match(text)
    absent_seen = False
    for delimiter in (sep.group(1),) if sep else _DELIMITERS:
        if delimiter not in text:
            if absent_seen:  # the rows of an absent delimiter are those of the one before: the same score
                continue
            absent_seen = True
        rows = _rows(text, delimiter)
        sheet, header = _recognise(rows, named)
        if sheet is None:
            continue
        score = (header is not None and not header.missing, header is not None and len(header.columns))
        if choice is None or score > choice[0]:
            choice = (score, rows, sheet, header)
    return choice[1:] if choice else None


def _meta_columns(rows: Grid, header) -> tuple[dict[str, tuple[int, str]], dict[str, dict[str, int]]]:
    """The columns that say whose report it is (key -> (index, header)), and their values (-> first row)."""
    columns: dict[str, tuple[int, str]] = {}
    if header is not None:
        header_cells = next((row for n, row in rows if n == header.row), {})
        for ci, cell in sorted(header_cells.items()):
            if ci in header.columns:
                continue
            folded = fold(cell_text(cell))
            key = next((k for k, names in _META.items() if folded in names), None)
            if key and key not in columns:
                columns[key] = (ci, cell_text(cell))
    found: dict[str, dict[str, int]] = {k: {} for k in columns}
    for row_no, row in rows:
        if header is not None and row_no <= header.row:
            continue
        for key, (ci, _) in columns.items():
            value = cell_text(row.get(ci))
            if value:
                found[key].setdefault(value, row_no)
    return columns, found


@dataclass
class _Meta:
    """Whose report a CSV is, as its columns say."""

    part: CsvPart
    sheet: S.Sheet
    columns: dict[str, tuple[int, str]]
    found: dict[str, dict[str, int]]

    def single(self, key: str) -> tuple[str, int, str] | None:
        """(value, first row, header) of a meta column; every row must say the same."""
        values = self.found.get(key) or {}
        if len(values) > 1:
            self.part.issues.append(
                issue(
                    "conflicting-agency-year",
                    self.part.file,
                    self.sheet.name,
                    None,
                    self.columns[key][1],
                    detail=", ".join(values),
                )
            )
        if not values:
            return None
        value, row = next(iter(values.items()))
        return value, row, self.columns[key][1]


def _read_whose(part: CsvPart, meta: _Meta, stem_match: re.Match | None) -> None:
    """Agency, province, year and report date from the columns, else from the file name (format §3)."""
    name, sheet = part.file, meta.sheet
    agency, code, province = meta.single("agency"), meta.single("agency_code"), meta.single("province")
    part.agency = agency[0] if agency else None
    part.province = province[0] if province else None
    part.agency_code = code[0] if code else (stem_match.group(1) if stem_match else None)
    _read_year(part, meta.single("year"), sheet, stem_match)
    report_date = meta.single("report_date")
    if report_date is not None:
        part.report_date = parse_date(report_date[0])
        if part.report_date is None:
            part.issues.append(
                issue("bad-date", name, sheet.name, report_date[1], report_date[2], value=report_date[0])
            )
    if not (part.agency or part.agency_code) or (
        part.year is None and not any(i.code in ("not-a-number", "year-out-of-range") for i in part.issues)
    ):
        part.issues.append(issue("missing-agency-year", name, sheet.name))


def _read_year(part: CsvPart, year: tuple[str, int, str] | None, sheet: S.Sheet, stem_match: re.Match | None) -> None:
    name = part.file
    if year is not None:
        reading = parse_number(year[0])
        if reading.value is None or reading.value != reading.value.to_integral_value():
            part.issues.append(issue("not-a-number", name, sheet.name, year[1], year[2], value=year[0]))
        else:
            part.year = int(reading.value)
            for f in year_findings(part.year, "year"):
                part.issues.append(issue(f.code, name, sheet.name, year[1], year[2], **dict(f.fields)))
        if stem_match and part.year is not None and int(stem_match.group(2)) != part.year:
            part.issues.append(
                issue(
                    "conflicting-agency-year",
                    name,
                    sheet.name,
                    year[1],
                    year[2],
                    detail=f"{part.year} / {stem_match.group(2)} (tên tệp)",
                )
            )
    elif stem_match:
        part.year = int(stem_match.group(2))
        for f in year_findings(part.year, "year"):
            part.issues.append(issue(f.code, name, sheet.name, None, None, **dict(f.fields)))


def _report_keys(part: CsvPart) -> list[tuple]:
    """What makes two parts the same report: the same year and agency code, or the same year and folded name."""
    keys: list[tuple] = []
    if part.key_code:
        keys.append(("code", part.year, part.key_code))
    if part.agency:
        keys.append(("name", part.year, fold(part.agency)))
    return keys


def group_parts(parts: list[CsvPart]) -> list[list[CsvPart]]:
    """Parts of the same (agency, year) together, in the order their first file came."""
    groups: list[list[CsvPart]] = []
    first_group: dict[tuple, int] = {}  # report key -> the first group holding a part with it (one look-up each)
    for part in parts:
        known = part.year is not None and (part.agency or part.agency_code)
        keys = _report_keys(part)
        found = [first_group[k] for k in keys if k in first_group] if known else []
        if found:
            target = min(found)
            groups[target].append(part)
        else:
            target = len(groups)
            groups.append([part])
        for key in keys:
            first_group.setdefault(key, target)
    return groups


def combine(parts: list[CsvPart]) -> tuple[Submission | None, list[Issue]]:
    """One submission from the CSV tables of one (agency, year)."""
    issues = [i for p in parts for i in p.issues]
    first = lambda attr: next((getattr(p, attr) for p in parts if getattr(p, attr)), None)  # noqa: E731
    code = first("agency_code")
    values = {
        "agency": first("agency") or code,
        "agency_code": code,
        "province": first("province") or "",
        "year": next((p.year for p in parts if p.year is not None), None),
        "report_date": first("report_date"),
    }
    tables = [p.table for p in parts if p.table is not None]
    submission, more = assemble(parts[0].file, values, None, tables)
    issues += more
    if any(i.is_error for i in issues):
        submission = None
    return submission, issues


def read_csv_files(
    files: list[tuple[str, bytes]],
) -> list[tuple[tuple[int, ...], str, Submission | None, list[Issue]]]:
    """(positions of its files in `files`, their names joined with ' + ', submission, issues) per (agency, year).

    The positions tie a submission to its files: a name may itself contain ' + ' (issue 12).
    """
    parts = [read_part(name, raw) for name, raw in files]
    position = {id(part): n for n, part in enumerate(parts)}
    out = []
    for group in group_parts(parts):
        submission, issues = combine(group)
        out.append((tuple(position[id(p)] for p in group), " + ".join(p.file for p in group), submission, issues))
    return out


def read_csv(name: str, raw: bytes) -> tuple[Submission | None, list[Issue]]:
    return combine([read_part(name, raw)])
