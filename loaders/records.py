"""Rows of cells -> domain records and Issues, shared by the xlsx and csv readers (format §2, §4, §7).

A table is a sparse grid: (row number as Excel or a text editor shows it, {column index: cell}). Cells may
be str, float/int, date/datetime, PercentCell or CellError (from sheetxml). Which rows are lines is decided
here as a careful reader does: headings and notes are not lines (a heading naming a funding source sets the
source of the lines under it), "Tổng cộng"/"Cộng nguồn a" rows are stated totals checked against the lines
they cover, a row of column numbers under the header is skipped (format §7).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from domain import (
    INDICATORS,
    BudgetLine,
    Difficulty,
    FundingRequest,
    FundingSource,
    Indicator,
    Issue,
    Submission,
    derive_agency_code,
    fold,
)

from . import schema as S
from . import validate as V
from .headers import (
    Header,
    cell_text,
    column_letters,
    column_units,
    find_header,
    is_blank,
    is_column_numbers,
    match_column,
    texts_of,
    title_unit,
)
from .messages import issue
from .numbers import (
    NumberReading,
    format_number,
    format_vnd,
    is_nil_dash,
    parse_date,
    parse_month,
    parse_number,
    to_vnd,
    unit_from_header,
)
from .sheetxml import CellError, Grid, Row

__all__ = ["TableRead", "assemble", "cell_text", "find_header", "normalise_source", "read_info", "read_table"]
from .successors import successor_issues

MAX_AMOUNT_VND = 10**18  # a billion tỷ đồng: larger is a typo or "1e300", not an amount
TRUE_WORDS = frozenset({"co", "x", "yes", "true", "1", "dung"})
_TRAILING_WORD = re.compile(r"\s+[^\d\W][^\d]*$")  # "439,72 điểm" -> "439,72"
_YEAR_WORD = re.compile(r"^năm\s+", re.IGNORECASE)  # "Năm 2023" (format §7)
_LONE_ENUMERATOR = re.compile(r"\s*(?:[IVXLC]+|[A-Za-z]|\d+)\s*[.)]?\s*")  # "II", "B.", "3)" alone in a cell
_ENUMERATOR = re.compile(r"^\s*(?:[IVX]+|[A-Z]|\d+)\s*[.)]\s*")  # "I. ", "II) ", "A. ", "1. " before a heading


def normalise_source(text: str) -> FundingSource | None:
    """'a', 'A', 'a)', 'a.', 'Nguồn a' or the words of format §2 -> a/b/c; None if unknown."""
    lower = unicodedata.normalize("NFC", text).strip().lower()
    folded = fold(lower)
    if folded in ("a", "b", "c"):
        return S.funding_source(folded)
    m = re.match(r"^(?:nguồn\s*)?\(?([abc])(?:[).:\-–]|\s*$)", lower)
    if m:
        return S.funding_source(m.group(1))
    for fragment, source in S.FUNDING_SOURCE_WORDS:
        if fragment in folded:
            return source
    return None


@dataclass
class TableRead:
    sheet: S.Sheet
    sheet_name: str
    issues: list[Issue] = field(default_factory=list)
    lines: list[BudgetLine] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    requests: list[FundingRequest] = field(default_factory=list)
    difficulties: list[Difficulty] = field(default_factory=list)
    found: bool = True  # False when no header row was found


class _RowReader:
    """Parses one row's cells by kind; records the issues it meets."""

    def __init__(
        self,
        file: str,
        sheet_name: str,
        row: int,
        issues: list[Issue],
        units: dict[str, tuple[int, bool]],
        letters: dict[str, str] | None = None,
    ):
        self.file, self.sheet_name, self.row, self.issues = file, sheet_name, row, issues
        self.units = units
        self.letters = letters or {}  # column key -> Excel column letters, to name the cell
        self.bad: set[str] = set()
        self.texts: dict[str, str] = {}
        self.alternatives: dict[str, V.Value] = {}
        self.assumed: set[str] = set()  # money keys read with the assumed unit
        self.slash_out_of: Decimal | None = None  # "439.72/485" in a value cell

    def _issue(self, code: str, column: str, **fields) -> None:
        self.issues.append(issue(code, self.file, self.sheet_name, self.row, column, **fields))

    def cell(self, key: str) -> str:
        """ "KinhPhi!E7": the cell a message names."""
        return f"{self.sheet_name}!{self.letters.get(key, '')}{self.row}"

    def parse(self, column: S.Column, header: str, cell, text: str | None = None) -> V.Value:
        """The cell's value for its column; text: cell_text(cell) when the caller has it already."""
        if text is None:
            text = cell_text(cell)
        self.texts[column.key] = text
        if text == "":
            return None
        if isinstance(cell, CellError):
            # #REF!, #DIV/0!: the sender saw an error, not a figure; never "not reported" (format §7).
            self.bad.add(column.key)
            self._issue("cell-error", header, value=text, cell=self.cell(column.key))
            return None
        kind = column.kind
        if kind in ("text", "code"):
            return text
        if kind == "source":
            source = normalise_source(text)
            if source is None:
                self.bad.add(column.key)
                self._issue("bad-funding-source", header, value=text)
            return source
        if kind == "date":
            day = parse_date(cell)
            if day is None:
                self.bad.add(column.key)
                self._issue("bad-date", header, value=text)
            return day
        if kind == "month":
            month = parse_month(cell)
            if month is None:
                self.bad.add(column.key)
                self._issue("bad-month", header, value=text)
            return month
        if kind == "year":
            return self._year(column, header, cell, text)
        return self._number(column, header, cell, text)

    def _year(self, column: S.Column, header: str, cell, text: str) -> int | None:
        if isinstance(cell, (date, datetime)):
            return cell.year
        reading = parse_number(_YEAR_WORD.sub("", cell) if isinstance(cell, str) else cell)
        if (
            reading.value is None
            or reading.value != reading.value.to_integral_value()
            or reading.unit_vnd
            or reading.percent
        ):
            self._not_a_number(column, header, text)
            return None
        return int(reading.value)

    def _number(self, column: S.Column, header: str, cell, text: str) -> int | Decimal | None:
        """A money, number or percentage cell; money comes back in whole đồng."""
        if is_nil_dash(text):
            if column.kind != "money":
                return None  # a dash in a percentage or count: nothing written
            # A lone dash in an amount cell means nil: 0, and the agency is told what was assumed (§7).
            self._issue("nil-dash", header, value=text, cell=self.cell(column.key))
            return 0
        reading = parse_number(cell)
        if reading.value is None and column.kind == "number" and isinstance(cell, str):
            plain = _TRAILING_WORD.sub("", text)  # "37 thủ tục", "439,72 điểm"
            left, slash, right = plain.partition("/")
            if slash:
                # "439.72/485 điểm": value and out_of in one cell, as real reports write them.
                first, second = parse_number(left.strip()), parse_number(right.strip())
                if first.value is not None and second.value is not None and not (first.unit_vnd or second.unit_vnd):
                    self.slash_out_of = second.value
                    return first.value
            reading = parse_number(plain)
        if reading.value is None or isinstance(cell, (date, datetime)):
            self._not_a_number(column, header, text)
            return None
        if column.kind == "money":
            return self._money(column, header, reading, text)
        if reading.unit_vnd:  # money unit in a percentage or count
            self._not_a_number(column, header, text)
            return None
        if reading.alternative is not None:
            self.alternatives[column.key] = reading.alternative
        return reading.value

    def _money(self, column: S.Column, header: str, reading: NumberReading, text: str) -> int | None:
        value = reading.value
        assert value is not None  # _number reads money only from a cell that holds a number
        if reading.percent:
            self._not_a_number(column, header, text)
            return None
        multiplier, found = self.units.get(column.key, (S.DEFAULT_UNIT_VND, False))
        if reading.unit_vnd:  # a unit written in the cell overrides the header's
            multiplier = reading.unit_vnd
        elif not found:
            self.assumed.add(column.key)
        if abs(value) * multiplier >= MAX_AMOUNT_VND:
            self._not_a_number(column, header, text)
            return None
        if reading.alternative is not None:
            self.alternatives[column.key] = to_vnd(reading.alternative, multiplier)
        return to_vnd(value, multiplier)

    def _not_a_number(self, column: S.Column, header: str, text: str) -> None:
        self.bad.add(column.key)
        self._issue("not-a-number", header, value=text)


def read_table(
    file: str,
    sheet: S.Sheet,
    sheet_name: str,
    grid: Grid,
    *,
    report_date: date | None,
    report_year: int | None,
    skip: frozenset[int] = frozenset(),
) -> TableRead:
    """Records and issues of one KinhPhi/ChiSo/DeXuat/KhoKhan table."""
    out = TableRead(sheet, sheet_name)
    header = find_header(sheet, grid, skip)
    if header is None:
        out.found = False
        _no_header(out, file, grid)
        return out
    for column in header.missing:
        out.issues.append(
            issue(
                "missing-column",
                file,
                sheet_name,
                header.row,
                column.header,
                column_name=column.header,
                alias=column.en,
            )
        )
    table = _Table(file, out, header, column_units(header, title_unit(grid, header)), skip, report_date, report_year)
    table.extra_columns = _extra_headers(grid, header, skip)
    body = [(n, row) for n, row in grid if n > header.row]
    for position, (row_no, row) in enumerate(body):
        cells = {ci: c for ci, c in row.items() if ci not in skip} if skip else row
        if is_blank(cells) or (position == 0 and is_column_numbers(cells)):
            continue
        table.read_row(row_no, row)
    table.finish()
    return out


def _no_header(out: TableRead, file: str, grid: Grid) -> None:
    sheet, sheet_name = out.sheet, out.sheet_name
    if not (sheet.required or sheet.expected):
        return
    if all(is_blank(r) for _, r in grid):
        code = "empty-sheet" if sheet.required else "missing-sheet-optional"
        out.issues.append(issue(code, file, sheet_name, None, None, sheet_name=sheet_name))
        return
    for column in sheet.required_columns:
        out.issues.append(
            issue("missing-column", file, sheet_name, None, column.header, column_name=column.header, alias=column.en)
        )


def _extra_headers(grid: Grid, header: Header, skip: frozenset[int]) -> dict[int, str]:
    """Header cells of columns the format does not know: their values are kept as notes on each record."""
    extra: dict[int, str] = {}
    for row_no, row in grid:
        if header.top <= row_no <= header.row:
            for ci, cell in row.items():
                text = cell_text(cell)
                if ci not in header.columns and ci not in skip and text:
                    extra[ci] = f"{extra[ci]} / {text}" if ci in extra and extra[ci] != text else text
    return extra


@dataclass
class _Total:
    """A stated total or subtotal row and the lines it covers."""

    row: int
    values: dict[str, int]  # "allocated"/"disbursed" -> whole đồng as stated
    source: FundingSource | None  # "Cộng nguồn a": the lines of source a
    start: int | None  # "Cộng": the lines since the last heading or total (index into the lines); None: all


_TOTAL_WORDS = tuple((word, re.compile(re.escape(word) + r"(?![\w])")) for word in S.TOTAL_ROW_WORDS)


@lru_cache(maxsize=16384)  # a sheet asks it of every task and source cell; totals and sources repeat
def total_scope(text: str) -> tuple[str, FundingSource | None] | None:
    """(total word, source it names) when a task reads as a stated total ("Tổng cộng", "Cộng nguồn a"); else None."""
    lower = unicodedata.normalize("NFC", text).strip().lower()
    for word, starts_with_word in _TOTAL_WORDS:
        if lower == word or starts_with_word.match(lower):
            rest = lower[len(word) :].strip(" :.-–()")
            if re.split(r"[\s,.;:]+", rest)[0] in S.NOT_TOTAL_NEXT_WORDS:
                return None
            return word, normalise_source(rest) if rest else None
    return None


def heading_source(row: Row) -> FundingSource | None:
    """The funding source a heading row names ("I. Nguồn ngân sách tỉnh", "II. Nguồn khác"), or None."""
    texts = [cell_text(c) for _, c in sorted(row.items()) if cell_text(c)]
    if not texts:
        return None
    # "II | Nguồn khác": the numeral stands alone in the STT column and the heading is in the next cell.
    candidates = [texts[1], texts[0]] if len(texts) > 1 and _LONE_ENUMERATOR.fullmatch(texts[0]) else texts[:1]
    for text in candidates:
        rest = _ENUMERATOR.sub("", text)
        folded = fold(rest)
        if folded.startswith("ghichu") or not ("nguon" in folded or "kinhphi" in folded or len(folded) == 1):
            continue
        source = normalise_source(rest)
        if source is not None:
            return source
    return None


def _has_figure(cell) -> bool:
    """True when a cell holds a number (or an error value to report), not text or a lone dash."""
    if type(cell) is float:  # what the checks below come to for a float: its text is no dash, nor a number
        return math.isfinite(cell)
    if isinstance(cell, CellError):
        return True
    text = cell_text(cell)
    if not text or is_nil_dash(text):
        return False
    return (
        parse_number(cell).value is not None
        or parse_number(_TRAILING_WORD.sub("", text).partition("/")[0]).value is not None
    )


def _is_note(sheet: S.Sheet, raw: dict, text: dict[str, str]) -> bool:
    """A heading, a note or a signature block: not a record (format §7). text: cell_text of each raw cell."""
    if sheet is S.KINH_PHI:
        amounts = _has_figure(raw.get("allocated")) or _has_figure(raw.get("disbursed"))
        return not amounts and not (text.get("funding_source") and text.get("task"))
    if sheet is S.CHI_SO:
        code = text.get("code", "")
        return not _has_figure(raw.get("value")) and (not code or " " in code)
    if sheet is S.DE_XUAT:
        return not _has_figure(raw.get("amount")) and not (text.get("task") and _has_figure(raw.get("year")))
    return not text.get("text")


class _Table:
    """One table's rows read in order: sections, totals, lines."""

    def __init__(self, file, out: TableRead, header: Header, units, skip, report_date, report_year):
        self.file, self.out, self.header, self.units, self.skip = file, out, header, units, skip
        self.report_date, self.report_year = report_date, report_year
        self.header_of = {c.key: header.texts[ci] for ci, c in header.columns.items()}
        self.keys = [(ci, c.key) for ci, c in header.columns.items()]
        self.letters = {c.key: column_letters(ci) for ci, c in header.columns.items()}
        self.extra_columns: dict[int, str] = {}
        self.assumed: set[str] = set()
        self.totals: list[_Total] = []
        self.source: FundingSource | None = None  # set by the last heading naming a funding source
        self.section_start = 0

    def read_row(self, row_no: int, row: Row) -> None:
        sheet, out = self.out.sheet, self.out
        raw = {key: row.get(ci, "") for ci, key in self.keys}
        texts = texts_of(raw)  # once: each check below reads them
        if self.extra_columns:
            self._extra_errors(row_no, row)
        if sheet is S.KINH_PHI:
            scope = total_scope(texts.get("task", "")) or total_scope(texts.get("funding_source", ""))
            if scope is not None:
                self._total(row_no, raw, scope)
                return
        if _is_note(sheet, raw, texts):
            source = heading_source(row) if sheet is S.KINH_PHI else None
            if source is not None or sheet is not S.KINH_PHI or not texts.get("task", ""):
                self.section_start = len(out.lines)
            if source is not None:
                self.source = source
            return
        if sheet is S.KINH_PHI and "funding_source" in raw and not texts["funding_source"] and self.source:
            # A source heading or a merged source cell above (§7). Without the column there is nothing to fill:
            # the table already carries "missing-column" for it, which is what the agency must be told.
            raw["funding_source"] = self.source
            texts["funding_source"] = cell_text(self.source)
        reader = _RowReader(self.file, out.sheet_name, row_no, out.issues, self.units, self.letters)
        values = self._values(reader, raw, texts)
        self.assumed |= reader.assumed
        for column in sheet.required_columns:
            if column.key in self.header_of and reader.texts.get(column.key, "") == "":
                name = self.header_of[column.key]
                out.issues.append(issue("required-empty", self.file, out.sheet_name, row_no, name, column_name=name))
        extra = tuple(
            (h, cell_text(row[ci])) for ci, h in self.extra_columns.items() if ci in row and cell_text(row[ci])
        )
        _row_record(
            out,
            self.file,
            out.sheet_name,
            row_no,
            values,
            reader,
            self.header_of,
            extra,
            self.report_date,
            self.report_year,
        )

    def _values(self, reader: _RowReader, raw: dict, texts: dict[str, str]) -> dict[str, V.Value]:
        """Each cell parsed for its column; an empty cell is None without a parse (what parse gives it)."""
        sheet, header_of, parse, seen = self.out.sheet, self.header_of, reader.parse, reader.texts
        values: dict[str, V.Value] = {}
        for key, cell in raw.items():
            column, header, text = sheet.column(key), header_of[key], texts[key]
            if text:
                values[key] = parse(column, header, cell, text)
            else:
                seen[column.key] = text
                values[key] = None
        return values

    def _extra_errors(self, row_no: int, row: Row) -> None:
        for ci, header in self.extra_columns.items():
            cell = row.get(ci)
            if isinstance(cell, CellError):
                where = f"{self.out.sheet_name}!{column_letters(ci)}{row_no}"
                self.out.issues.append(
                    issue("cell-error", self.file, self.out.sheet_name, row_no, header, value=str(cell), cell=where)
                )

    def _total(self, row_no: int, raw: dict, scope: tuple[str, FundingSource | None]) -> None:
        word, source = scope
        reader = _RowReader(self.file, self.out.sheet_name, row_no, self.out.issues, self.units, self.letters)
        values: dict[str, int] = {}
        for key in ("allocated", "disbursed"):
            if key in self.header_of:
                value = reader.parse(S.KINH_PHI.column(key), self.header_of[key], raw.get(key, ""))
                if isinstance(value, int):
                    values[key] = value
        self.assumed |= reader.assumed
        if source is None and word == "cộng":
            source = normalise_source(cell_text(raw.get("funding_source"))) if raw.get("funding_source") else None
        start = self.section_start if (word == "cộng" and source is None) else None
        self.totals.append(_Total(row_no, values, source, start))
        self.section_start = len(self.out.lines)

    def finish(self) -> None:
        out, sheet_name = self.out, self.out.sheet_name
        for key in sorted(self.assumed):
            name = self.header_of[key]
            out.issues.append(issue("unit-assumed", self.file, sheet_name, self.header.row, name, column_name=name))
        for total in self.totals:
            covered = [
                line
                for index, line in enumerate(out.lines)
                if (total.source is None or line.funding_source == total.source)
                and (total.start is None or (total.start <= index and (line.source_row or 0) < total.row))
            ]
            self._check_total(total, covered)

    def _check_total(self, total: _Total, covered: list[BudgetLine]) -> None:
        sums = {
            "allocated": sum(line.allocated_vnd for line in covered),
            "disbursed": None
            if any(line.disbursed_vnd is None for line in covered)
            else sum(line.disbursed_vnd or 0 for line in covered),
        }
        for key, stated in total.values.items():
            computed = sums[key]
            if computed is None:
                continue  # a line's disbursement is not reported: its subtotal cannot be checked
            for f in V.total_findings(stated, computed, key):
                self.out.issues.append(
                    issue(f.code, self.file, self.out.sheet_name, total.row, self.header_of[key], **dict(f.fields))
                )


def _findings_to_issues(
    out: TableRead,
    file: str,
    sheet_name: str,
    row: int,
    findings,
    flips,
    reader: _RowReader,
    values: dict,
    header_of: dict[str, str],
) -> None:
    for f in findings:
        column = header_of.get(f.key) or (out.sheet.column(f.key).header if f.key else None)
        out.issues.append(issue(f.code, file, sheet_name, row, column, **dict(f.fields)))
    for key in flips:
        value, other = values[key], reader.alternatives[key]
        out.issues.append(
            issue(
                "ambiguous-number",
                file,
                sheet_name,
                row,
                header_of.get(key),
                value=reader.texts[key],
                reading=_show(out.sheet.column(key), value),
                other=_show(out.sheet.column(key), other),
            )
        )


def _show(column: S.Column, value) -> str:
    if column.kind == "money":
        return format_vnd(value)  # whole đồng: "3.402.000 đồng" cannot be misread either way
    return format_number(value)


def _row_record(
    out: TableRead,
    file: str,
    sheet_name: str,
    row: int,
    v: dict,
    reader: _RowReader,
    header_of: dict[str, str],
    extra: tuple,
    report_date: date | None,
    report_year: int | None,
) -> None:
    sheet = out.sheet
    if sheet is S.KINH_PHI:
        findings, flips = V.with_ambiguity(lambda x: V.budget_findings(x, report_date), v, reader.alternatives)
        if v.get("disbursed") is None and "disbursed" not in reader.bad:
            # Empty "Đã giải ngân" means not reported: keep None, never 0 (format §2).
            findings.append(V.Finding("disbursed-not-reported", "disbursed"))
        _findings_to_issues(out, file, sheet_name, row, findings, flips, reader, v, header_of)
        if v.get("funding_source") and v.get("task") and v.get("allocated") is not None:
            out.lines.append(
                BudgetLine(
                    v["funding_source"],
                    v["task"],
                    v["allocated"],
                    v.get("disbursed"),
                    decision_ref=v.get("decision_ref"),
                    as_of=v.get("as_of") or report_date,
                    expected_pct=V.as_float(v.get("expected_pct")),
                    procurement=v.get("procurement"),
                    procurement_done=v.get("procurement_done"),
                    contractor=v.get("contractor"),
                    note=v.get("note"),
                    extra=extra,
                    source_row=row,
                )
            )
    elif sheet is S.CHI_SO:
        code = v.get("code")
        if code and code.lower() in INDICATORS:
            v["code"] = code = code.lower()
        if v.get("out_of") is None and reader.slash_out_of is not None:
            v["out_of"] = reader.slash_out_of
        findings, flips = V.with_ambiguity(V.indicator_findings, v, reader.alternatives)
        _findings_to_issues(out, file, sheet_name, row, findings, flips, reader, v, header_of)
        if code and v.get("value") is not None:
            out.indicators.append(
                Indicator(
                    code,
                    float(v["value"]),
                    V.as_float(v.get("out_of")),
                    name=v.get("name"),
                    applies_to_year=v.get("applies_to_year") or report_year,
                    note=v.get("note"),
                    extra=extra,
                    source_row=row,
                )
            )
    elif sheet is S.DE_XUAT:
        findings, flips = V.with_ambiguity(V.request_findings, v, reader.alternatives)
        _findings_to_issues(out, file, sheet_name, row, findings, flips, reader, v, header_of)
        if v.get("year") is not None and v.get("task") and v.get("amount") is not None:
            out.requests.append(
                FundingRequest(
                    v["year"],
                    v["task"],
                    v["amount"],
                    category=v.get("category"),
                    legal_basis=v.get("legal_basis"),
                    objective=v.get("objective"),
                    content=v.get("content"),
                    scope=v.get("scope"),
                    implementer=v.get("implementer"),
                    note=v.get("note"),
                    extra=extra,
                    source_row=row,
                )
            )
    elif sheet is S.KHO_KHAN:
        if v.get("text"):
            kind_text = fold(v.get("kind") or "")
            kind: S.DifficultyKind = "kiến nghị" if ("kiennghi" in kind_text or "denghi" in kind_text) else "khó khăn"
            out.difficulties.append(Difficulty(kind, v["text"]))


# --- ThongTin ----------------------------------------------------------------------------------------


@dataclass
class Info:
    values: V.Values = field(default_factory=dict)
    rows: dict[str, tuple[int, str]] = field(default_factory=dict)  # key -> (row, label as written)
    issues: list[Issue] = field(default_factory=list)

    @property
    def report_date(self) -> date | None:
        return V.get_date(self.values, "report_date")

    @property
    def year(self) -> int | None:
        return V.get_int(self.values, "year")


def read_info(file: str, sheet_name: str, grid: Grid) -> Info:
    """ThongTin: field/value pairs, with or without a 'Trường | Giá trị' header row; labels may end with ':'."""
    info = Info()
    for row_no, row in grid:
        filled = [(ci, c) for ci, c in sorted(row.items()) if cell_text(c)]
        if not filled:
            continue
        label = cell_text(filled[0][1])
        column = match_column(S.THONG_TIN, label)
        if column is None or column.key in info.rows:
            continue
        info.rows[column.key] = (row_no, label)
        value_ci, cell = filled[1] if len(filled) > 1 else (filled[0][0] + 1, "")
        units = {column.key: unit_from_header(label)} if column.kind == "money" else {}
        reader = _RowReader(file, sheet_name, row_no, info.issues, units, {column.key: column_letters(value_ci)})
        value = reader.parse(column, label, cell)
        if column.kind == "money" and reader.assumed:
            info.issues.append(issue("unit-assumed", file, sheet_name, row_no, label, column_name=label))
        if column.key == "illustrative":
            value = fold(cell_text(cell)) in TRUE_WORDS
        elif column.key == "year":
            assert value is None or isinstance(value, int)  # a "year" column reads as int
            for f in V.year_findings(value, "year"):
                info.issues.append(issue(f.code, file, sheet_name, row_no, label, **dict(f.fields)))
        if value is None and column.required and column.key not in reader.bad:
            info.issues.append(issue("required-empty", file, sheet_name, row_no, label, column_name=label))
        info.values[column.key] = value
    for column in S.THONG_TIN.required_columns:
        if column.key not in info.rows:
            info.issues.append(issue("missing-field", file, sheet_name, None, column.vi, column_name=column.vi))
    return info


def assemble(
    file: str,
    values: V.Values,
    stated_total_at: tuple[str, int | None, str | None] | None,
    tables: list[TableRead],
) -> tuple[Submission | None, list[Issue]]:
    """The Submission from ThongTin values and tables; the ThongTin total is checked against the lines."""
    issues: list[Issue] = []
    lines = [line for t in tables for line in t.lines]
    stated = V.get_int(values, "stated_total")
    if stated_total_at is not None:
        sheet_name, row, label = stated_total_at
        for f in V.total_findings(stated, sum(line.allocated_vnd for line in lines), "stated_total"):
            issues.append(issue(f.code, file, sheet_name, row, label, **dict(f.fields)))
    agency, province, year = V.get_str(values, "agency"), V.get_str(values, "province"), V.get_int(values, "year")
    if not agency or year is None:
        return None, issues
    submission = Submission(
        agency=agency,
        agency_code=V.get_str(values, "agency_code") or derive_agency_code(agency),
        province=province or "",
        year=year,
        report_date=V.get_date(values, "report_date"),
        requested_by=V.get_str(values, "requested_by"),
        prepared_by=V.get_str(values, "prepared_by"),
        stated_total_vnd=stated,
        budget_lines=tuple(lines),
        indicators=tuple(i for t in tables for i in t.indicators),
        requests=tuple(r for t in tables for r in t.requests),
        difficulties=tuple(d for t in tables for d in t.difficulties),
        illustrative=bool(values.get("illustrative")),
    )
    return submission, issues + successor_issues(file, submission)
