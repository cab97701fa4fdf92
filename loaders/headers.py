"""Where a table's header is and what each column holds, as a careful reader finds them (format §2, §7).

A header is one row, or two: a group cell merged over sub-headers ("Kinh phí (triệu đồng)" over "Được giao" |
"Đã giải ngân") makes one header whose unit applies to every column under it. Title rows above may state the
unit of the money columns that have none ("Đơn vị tính: đồng"); a row of column numbers ((1), (2)… or
1, 2…) under the header is not data. Rows come as a sparse grid: (row number, {column index: cell}).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from domain import fold

from . import schema as S
from .numbers import PercentCell, format_number, header_base, unit_from_header, unit_of_title
from .sheetxml import Grid, Row

_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")  # "(1)", "1": a column-number cell


def cell_text(cell) -> str:
    """The cell as the agency would read it, stripped; '' for an empty cell."""
    if type(cell) is str:  # most cells: the two common cases first (the checks below are for other types)
        return _text_of(cell)
    if type(cell) is float:
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, Decimal):
        return format_number(cell)
    if isinstance(cell, PercentCell):
        return str(cell)
    if isinstance(cell, date):
        return _date_text(cell)
    return unicodedata.normalize("NFC", str(cell)).replace("\u00a0", " ").strip()


def texts_of(cells: dict) -> dict:
    """cell_text of each cell, by the same keys; text cells (most) without a call each."""
    return {key: _text_of(cell) if type(cell) is str else cell_text(cell) for key, cell in cells.items()}


@lru_cache(maxsize=4096)  # a sheet's date cells repeat a few days
def _date_text(cell: date) -> str:
    if isinstance(cell, datetime):
        return cell.strftime("%d/%m/%Y") if cell.time() == datetime.min.time() else cell.strftime("%d/%m/%Y %H:%M")
    return cell.strftime("%d/%m/%Y")


@lru_cache(maxsize=65536)
def _text_of(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\u00a0", " ").strip()


def is_blank(row: Row) -> bool:
    for c in row.values():
        if cell_text(c):
            return False
    return True


def grid_of(rows: list[list]) -> Grid:
    """A sparse grid from rows of cells (rows[0] is row 1): what the CSV reader gives the table reader."""
    grid = []
    for index, row in enumerate(rows):
        cells = {ci: c for ci, c in enumerate(row) if cell_text(c)}
        if cells:
            grid.append((index + 1, cells))
    return grid


def match_column(sheet: S.Sheet, header) -> S.Column | None:
    """The format's column a header names (accents, case, a trailing "(unit)" or ":" ignored)."""
    text = cell_text(header)
    if not text:
        return None
    known = sheet.named_by  # a cache: header search asks the same texts once per sheet and delimiter
    if text in known:
        return known[text]
    found = next((c for folded in _header_names(text) for c in sheet.columns if folded in c.names), None)
    if len(known) >= 20_000:  # top rows of a CSV hold data too: keep the cache bounded
        known.clear()
    known[text] = found
    return found


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


@dataclass
class Header:
    row: int  # Excel row number of the (last) header row
    columns: dict[int, S.Column]  # cell index -> format column
    texts: dict[int, str]  # cell index -> header as written ("Kinh phí (triệu đồng) / Đã giải ngân")
    missing: list[S.Column]
    unit_texts: dict[int, str] = field(default_factory=dict)  # cell index -> header texts that may carry its unit
    first_row: int = 0  # first header row (the group row of a two-row header)

    @property
    def top(self) -> int:
        return self.first_row or self.row


def _match_rows(sheet: S.Sheet, row_no: int, rows: list[dict[int, str]], skip: frozenset[int]) -> Header:
    """The header formed by one row, or by a group row over a sub-header row (rows of cell texts)."""
    columns: dict[int, S.Column] = {}
    texts: dict[int, str] = {}
    unit_texts: dict[int, str] = {}
    # ids of the columns in `columns`: no two of a sheet's columns are equal (tests/test_xlsx.py), so a column is
    # among them (==) exactly when it is one of them (is), without comparing every field of every matched one.
    matched: set[int] = set()
    last, first = rows[-1], rows[0]
    indexes = set(last).union(first) if len(rows) > 1 else set(last)
    for ci in sorted(indexes - skip if skip else indexes):
        sub = last.get(ci, "")
        group = first.get(ci, "") if len(rows) > 1 else ""
        if group == sub:  # a header merged down over both rows
            group = ""
        column = match_column(sheet, sub or group)
        if column is None and sub and group:
            column = match_column(sheet, f"{header_base(group)} {header_base(sub)}")
        if column and id(column) not in matched:
            columns[ci] = column
            matched.add(id(column))
            texts[ci] = f"{group} / {sub}" if sub and group else (sub or group)
            unit_texts[ci] = sub if sub else group
            if sub and group and not unit_from_header(sub)[1]:
                unit_texts[ci] = group  # the group's unit applies to every column under it (§7)
    missing = [c for c in sheet.required_columns if id(c) not in matched]
    return Header(row_no, columns, texts, missing, unit_texts, row_no - len(rows) + 1)


class _TopTexts:
    """The top rows of a table and each cell's text, taken once and only for the rows a header search reaches:
    every candidate header (one row, two rows) reads the same cells, and most tables' header is row 1."""

    def __init__(self, rows: list[tuple[int, Row]]):
        self.rows = rows
        self._texts: dict[int, dict[int, str]] = {}

    def texts(self, index: int) -> dict[int, str]:
        found = self._texts.get(index)
        if found is None:
            found = self._texts[index] = texts_of(self.rows[index][1])
        return found


def find_header(sheet: S.Sheet, grid: Grid, skip: frozenset[int] = frozenset()) -> Header | None:
    """The first of the top rows holding all required headers (alone or over a sub-header row); else the best
    partial one; None if none."""
    top = _TopTexts([(n, row) for n, row in grid if n <= S.MAX_TITLE_ROWS + 2])
    best: Header | None = None
    for index in range(len(top.rows)):
        row_no = top.rows[index][0]
        if row_no > S.MAX_TITLE_ROWS + 1:
            break
        row = top.texts(index)
        single = _match_rows(sheet, row_no, [row], skip)
        candidates = [single]
        # A group row over sub-headers is itself a header row (it names some columns); a title row is not, so
        # the pair is only tried under a row that names some, and not under one naming every column (the pair
        # could name no more: reading the row below, often the first data row, would be wasted).
        if (
            single.columns
            and len(single.columns) < len(sheet.columns)
            and index + 1 < len(top.rows)
            and top.rows[index + 1][0] == row_no + 1
        ):
            pair = _match_rows(sheet, row_no + 1, [row, top.texts(index + 1)], skip)
            if len(pair.columns) > len(single.columns):
                candidates.insert(0, pair)  # sub-headers name more columns: the header spans both rows
        for header in candidates:
            if not header.missing:
                return header
            if header.columns and (best is None or len(header.columns) > len(best.columns)):
                best = header
    return best


def title_unit(grid: Grid, header: Header) -> int | None:
    """The unit a title row above the header states ("Đơn vị tính: đồng", "ĐVT: triệu đồng"), or None."""
    for row_no, row in grid:
        if row_no >= header.top:
            break
        for cell in row.values():
            unit = unit_of_title(cell_text(cell))
            if unit is not None:
                return unit
    return None


def column_units(header: Header, stated: int | None) -> dict[str, tuple[int, bool]]:
    """(đồng per unit, unit found) of each money column: its own or its group's unit, else the title's."""
    units = {}
    for ci, column in header.columns.items():
        if column.kind != "money":
            continue
        unit = unit_from_header(header.unit_texts.get(ci, header.texts[ci]))
        if not unit[1] and stated is not None:
            unit = (stated, True)
        units[column.key] = unit
    return units


def is_column_numbers(row: Row) -> bool:
    """A row of column numbers under the header: (1) (2) (3)… or 1 2 3…, increasing."""
    texts = [cell_text(c) for _, c in sorted(row.items()) if cell_text(c)]
    if len(texts) < 2 or not all(_COLUMN_NUMBER.match(t) for t in texts):
        return False
    numbers = [int(t.strip("()")) for t in texts]
    return all(b > a for a, b in zip(numbers, numbers[1:], strict=False))


def column_letters(index: int) -> str:
    """Excel's letters for a 0-based column index: 0 -> A, 10 -> K."""
    n, out = index + 1, ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out
