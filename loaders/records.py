"""Rows of cells -> domain records and Issues, shared by the xlsx and csv readers (format §2, §4).

A table is a list of rows of raw cells (rows[0] is row 1 as Excel or a text editor numbers it).
Cells may be str, float/int, date/datetime (from calamine) or empty strings.
"""

from __future__ import annotations

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
from .messages import issue
from .numbers import (
    NumberReading,
    format_number,
    format_vnd,
    header_base,
    parse_date,
    parse_month,
    parse_number,
    to_vnd,
    unit_from_header,
)
from .successors import successor_issues

MAX_AMOUNT_VND = 10**18  # a billion tỷ đồng: larger is a typo or "1e300", not an amount
TRUE_WORDS = frozenset({"co", "x", "yes", "true", "1", "dung"})
_TRAILING_WORD = re.compile(r"\s+[^\d\W][^\d]*$")  # "439,72 điểm" -> "439,72"


def cell_text(cell) -> str:
    """The cell as the agency would read it, stripped; '' for an empty cell."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, datetime):
        return cell.strftime("%d/%m/%Y") if cell.time() == datetime.min.time() else cell.strftime("%d/%m/%Y %H:%M")
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(cell)).replace("\u00a0", " ").strip()


def is_blank(row) -> bool:
    return all(cell_text(c) == "" for c in row)


def match_column(sheet: S.Sheet, header: str) -> S.Column | None:
    """The format's column a header names (accents, case, a trailing "(unit)" ignored)."""
    text = cell_text(header)
    if not text:
        return None
    for folded in _header_names(text):
        for column in sheet.columns:
            if folded in column.names:
                return column
    return None


@lru_cache(maxsize=8192)
def _header_names(text: str) -> tuple[str, ...]:
    """The folded readings of one cell's text. Cached: header search folds the same top-row cells once per
    candidate sheet and delimiter (CSV: 12 times), and folding long task texts dominated reading a CSV."""
    candidates = [fold(header_base(text)), fold(text)]
    for folded in list(candidates):
        # "allocated_vnd", "Kinh phí giao triệu đồng", "expected_pct": a unit glued to the name.
        for word in ("tydong", "trieudong", "trd", "nghindong", "dong", "vnd", "pct", "percent"):
            if folded.endswith(word) and len(folded) > len(word):
                candidates.append(folded[: -len(word)])
    return tuple(candidates)


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
class Header:
    row: int  # Excel row number of the header row
    columns: dict[int, S.Column]  # cell index -> format column
    texts: dict[int, str]  # cell index -> header as written
    missing: list[S.Column]


def find_header(sheet: S.Sheet, rows: list[list], skip: frozenset[int] = frozenset()) -> Header | None:
    """The first of the top rows holding all required headers; else the best partial one; None if none."""
    best: Header | None = None
    for index, row in enumerate(rows[: S.MAX_TITLE_ROWS + 1]):
        columns: dict[int, S.Column] = {}
        texts: dict[int, str] = {}
        for ci, cell in enumerate(row):
            if ci in skip:
                continue
            column = match_column(sheet, cell)
            if column and column not in columns.values():
                columns[ci] = column
                texts[ci] = cell_text(cell)
        missing = [c for c in sheet.required_columns if c not in columns.values()]
        header = Header(index + 1, columns, texts, missing)
        if not missing:
            return header
        if columns and (best is None or len(columns) > len(best.columns)):
            best = header
    return best


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

    def __init__(self, file: str, sheet_name: str, row: int, issues: list[Issue], units: dict[str, tuple[int, bool]]):
        self.file, self.sheet_name, self.row, self.issues = file, sheet_name, row, issues
        self.units = units
        self.bad: set[str] = set()
        self.texts: dict[str, str] = {}
        self.alternatives: dict[str, V.Value] = {}
        self.assumed: set[str] = set()  # money keys read with the assumed unit
        self.slash_out_of: Decimal | None = None  # "439.72/485" in a value cell

    def _issue(self, code: str, column: str, **fields) -> None:
        self.issues.append(issue(code, self.file, self.sheet_name, self.row, column, **fields))

    def parse(self, column: S.Column, header: str, cell) -> V.Value:
        text = cell_text(cell)
        self.texts[column.key] = text
        if text == "":
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
        reading = parse_number(cell)
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


def column_units(header: Header) -> dict[str, tuple[int, bool]]:
    return {c.key: unit_from_header(header.texts[ci]) for ci, c in header.columns.items() if c.kind == "money"}


def read_table(
    file: str,
    sheet: S.Sheet,
    sheet_name: str,
    rows: list[list],
    *,
    report_date: date | None,
    report_year: int | None,
    skip: frozenset[int] = frozenset(),
) -> TableRead:
    """Records and issues of one KinhPhi/ChiSo/DeXuat/KhoKhan table."""
    out = TableRead(sheet, sheet_name)
    header = find_header(sheet, rows, skip)
    if header is None:
        out.found = False
        if sheet.required:
            if all(is_blank(r) for r in rows):
                out.issues.append(issue("empty-sheet", file, sheet_name, None, None, sheet_name=sheet_name))
            else:
                for column in sheet.required_columns:
                    out.issues.append(
                        issue(
                            "missing-column",
                            file,
                            sheet_name,
                            None,
                            column.header,
                            column_name=column.header,
                            alias=column.en,
                        )
                    )
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
    units = column_units(header)
    header_of = {c.key: header.texts[ci] for ci, c in header.columns.items()}
    extra_columns = {
        ci: cell_text(h)
        for ci, h in enumerate(rows[header.row - 1])
        if ci not in header.columns and ci not in skip and cell_text(h)
    }
    assumed: set[str] = set()
    stated_total: tuple[int, int, str] | None = None  # (allocated, row, header)
    for index in range(header.row, len(rows)):
        row = rows[index]
        row_no = index + 1
        cells = [c for ci, c in enumerate(row) if ci not in skip]
        if is_blank(cells):
            continue
        raw = {c.key: (row[ci] if ci < len(row) else "") for ci, c in header.columns.items()}
        if sheet is S.KINH_PHI and any(
            fold(cell_text(raw.get(k, ""))) in S.TOTAL_ROW_TASKS for k in ("task", "funding_source")
        ):
            # "Tổng cộng" row: the stated total, checked against the lines and never stored (format §2).
            reader = _RowReader(file, sheet_name, row_no, out.issues, units)
            value = reader.parse(sheet.column("allocated"), header_of.get("allocated", ""), raw.get("allocated", ""))
            assumed |= reader.assumed
            if value is not None:
                assert isinstance(value, int)  # "allocated" is a money column: read as whole đồng
                stated_total = (value, row_no, header_of["allocated"])
            continue
        reader = _RowReader(file, sheet_name, row_no, out.issues, units)
        values = {key: reader.parse(sheet.column(key), header_of[key], cell) for key, cell in raw.items()}
        assumed |= reader.assumed
        for column in sheet.required_columns:
            if column.key in header_of and reader.texts.get(column.key, "") == "":
                out.issues.append(
                    issue(
                        "required-empty",
                        file,
                        sheet_name,
                        row_no,
                        header_of[column.key],
                        column_name=header_of[column.key],
                    )
                )
        extra = tuple(
            (h, cell_text(row[ci])) for ci, h in extra_columns.items() if ci < len(row) and cell_text(row[ci])
        )
        _row_record(out, file, sheet_name, row_no, values, reader, header_of, extra, report_date, report_year)
    for key in sorted(assumed):
        out.issues.append(
            issue("unit-assumed", file, sheet_name, header.row, header_of[key], column_name=header_of[key])
        )
    if stated_total is not None:
        for f in V.total_findings(stated_total[0], sum(line.allocated_vnd for line in out.lines), "allocated"):
            out.issues.append(issue(f.code, file, sheet_name, stated_total[1], stated_total[2], **dict(f.fields)))
    return out


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


def read_info(file: str, sheet_name: str, rows: list[list]) -> Info:
    """ThongTin: field/value pairs, with or without a 'Trường | Giá trị' header row."""
    info = Info()
    for index, row in enumerate(rows):
        texts = [(ci, cell_text(c)) for ci, c in enumerate(row)]
        filled = [(ci, t) for ci, t in texts if t]
        if not filled:
            continue
        label_ci, label = filled[0]
        column = match_column(S.THONG_TIN, label)
        if column is None or column.key in info.rows:
            continue
        row_no = index + 1
        info.rows[column.key] = (row_no, label)
        cell = next((row[ci] for ci, t in filled[1:]), "")
        units = {column.key: unit_from_header(label)} if column.kind == "money" else {}
        reader = _RowReader(file, sheet_name, row_no, info.issues, units)
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
