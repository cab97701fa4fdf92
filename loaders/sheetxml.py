"""The cells of an .xlsx workbook that hold values, read straight from its XML (format §7).

Why not a grid library: a spreadsheet's declared size says nothing about its content. One stray formatted
cell at K1048576 made the dense grid python-calamine builds take 7-8 s and ~550 MB for a four-line file.
This reader streams each sheet's XML and keeps only cells with a value, so time and memory follow the
filled cells. It also sees what a grid of values loses and a careful reader needs: number formats (a percent
cell holds a fraction; a date cell a serial in the 1900 or 1904 system), error cells (#REF!), merged ranges,
hidden rows, columns and sheets. `safety.screen` has already refused zip bombs and DTDs before this runs.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from io import BytesIO
from typing import Any

from . import xmlstream
from .numbers import PercentCell, excel_datetime

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)")
# Built-in number formats (ECMA-376 §18.8.30): 9, 10 are percents; these are dates and times.
_BUILTIN_PERCENT = frozenset({9, 10})
_BUILTIN_DATE = frozenset({*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)})
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')  # quoted text, [Red]/[$-42A], escapes
_M = xmlstream.ns(NS)  # expat's spelling of the main namespace
_C, _ROW, _V, _IS, _T, _R, _SI = (_M + local for local in ("c", "row", "v", "is", "t", "r", "si"))
_COL, _MERGE = _M + "col", _M + "mergeCell"
MAX_MERGE_FILL = 200_000  # cells a merged range may copy its value into: a sheet-wide merge is not content

Cell = Any  # str, float, bool, datetime, PercentCell or CellError
Row = dict[int, Cell]  # 0-based column index -> value
Grid = list[tuple[int, Row]]  # (row number as Excel shows it, its filled cells), rows in order


class CellError(str):
    """An error value the sender's spreadsheet shows in a cell: #REF!, #DIV/0!, #VALUE!, #N/A (format §7)."""


@dataclass
class Sheet:
    name: str
    hidden: bool  # state="hidden" or "veryHidden"
    grid: Grid = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)  # hidden rows that hold values
    hidden_columns: list[int] = field(default_factory=list)  # hidden 0-based columns that hold values


class _Source:
    """Where a workbook's parts come from: those the screen kept, else the zip, opened only when one is needed."""

    def __init__(self, raw: bytes, kept: dict[str, bytes]):
        self.raw = raw
        self.kept = kept
        self._zf: zipfile.ZipFile | None = None
        known = kept.names if isinstance(kept, xmlstream.Parts) else None
        self.names: set[str] = known if known is not None else set(self._zip().namelist())

    def _zip(self) -> zipfile.ZipFile:
        if self._zf is None:
            self._zf = zipfile.ZipFile(BytesIO(self.raw))
        return self._zf

    def open(self, path: str):
        return BytesIO(self.kept[path]) if path in self.kept else self._zip().open(path)

    def read(self, path: str) -> bytes:
        return self.kept[path] if path in self.kept else self._zip().read(path)

    def tree(self, path: str):
        """The part as a tree; the screen's own when it parsed the same bytes (xmlstream.Parts)."""
        data = self.read(path)
        return self.kept.tree(path, data) if isinstance(self.kept, xmlstream.Parts) else xmlstream.tree(data)

    def close(self) -> None:
        if self._zf is not None:
            self._zf.close()


@dataclass
class Book:
    """A workbook's sheets by name, each read on demand."""

    source: _Source
    parts: list[tuple[str, str, bool]]  # (sheet name, worksheet part, hidden) in workbook order
    date1904: bool
    shared: list[str]
    styles: list[str]  # cellXfs index -> "percent", "date" or ""

    @property
    def sheet_names(self) -> list[str]:
        return [name for name, _, _ in self.parts]

    def sheet(self, name: str) -> Sheet:
        part, hidden = next((p, h) for n, p, h in self.parts if n == name)
        sheet = Sheet(name, hidden)
        with self.source.open(part) as stream:
            _read_cells(stream, self, sheet)
        return sheet

    def close(self) -> None:
        self.source.close()


def open_book(raw: bytes, kept: dict[str, bytes] | None = None) -> Book:
    """The workbook's structure, shared strings and styles; raises on a file that is not a workbook.

    kept: parts already decompressed (by safety.screen), by path; the others are read from the zip. When it is
    an xmlstream.Parts the screen filled, the zip's names and the parts it parsed come from there too."""
    source = _Source(raw, kept if kept is not None else {})
    names = source.names
    workbook_path = _workbook_path(source)
    workbook = source.tree(workbook_path)
    pr = workbook.find(f"{NS}workbookPr")
    date1904 = pr is not None and pr.get("date1904", "").lower() in ("1", "true")
    base = posixpath.dirname(workbook_path)
    rels_path = posixpath.join(base, "_rels", posixpath.basename(workbook_path) + ".rels")
    targets: dict[str | None, str] = {}
    relations: dict[str, str] = {}
    if rels_path in names:
        for rel in source.tree(rels_path).iter(f"{NS_PKG_REL}Relationship"):
            target = _resolve(base, rel.get("Target", ""))
            targets[rel.get("Id")] = target
            relations[rel.get("Type", "").rpartition("/")[2]] = target
    parts = []
    for element in workbook.iter(f"{NS}sheet"):
        part = targets.get(element.get(f"{NS_REL}id"))
        if part in names:
            parts.append((element.get("name", "?"), part, element.get("state", "visible") != "visible"))
    shared_path = relations.get("sharedStrings", posixpath.join(base, "sharedStrings.xml"))
    styles_path = relations.get("styles", posixpath.join(base, "styles.xml"))
    shared = _shared_strings(source, shared_path) if shared_path in names else []
    styles = list(_styles(source.read(styles_path))) if styles_path in names else []
    return Book(source, parts, date1904, shared, styles)


def _workbook_path(source: _Source) -> str:
    if "_rels/.rels" in source.names:
        for rel in source.tree("_rels/.rels").iter(f"{NS_PKG_REL}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return _resolve("", rel.get("Target", ""))
    return "xl/workbook.xml"


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))


def _shared_strings(source: _Source, path: str) -> list[str]:
    out: list[str] = []
    depth = 0
    string: _RichText | None = None
    collecting: list[str] | None = None

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth, string, collecting
        depth += 1
        collecting = None
        if string is not None:
            collecting = string.start(name, depth)
        elif name == _SI:
            string = _RichText(depth)

    def end(name: str) -> None:
        nonlocal depth, string, collecting
        collecting = None
        if string is not None and depth == string.depth:
            out.append(string.text)
            string = None
        depth -= 1

    def text(data: str) -> None:
        if collecting is not None:
            collecting.append(data)

    with source.open(path) as stream:
        xmlstream.parse_stream(xmlstream.parser(start, end, text), stream)
    return out


MAX_CACHED_STYLES = 256 * 1024  # bytes of a styles part worth remembering (a template's is a few KB)


def _styles(xml: bytes) -> tuple[str, ...]:
    """Per cell style (cellXfs index): "percent", "date" or "" from its number format."""
    return _styles_of_template(xml) if len(xml) <= MAX_CACHED_STYLES else _read_styles(xml)


@lru_cache(maxsize=64)  # workbooks made from one template share their styles part byte for byte
def _styles_of_template(xml: bytes) -> tuple[str, ...]:
    return _read_styles(xml)


def _read_styles(xml: bytes) -> tuple[str, ...]:
    root = xmlstream.tree(xml)
    custom = {int(f.get("numFmtId", -1)): f.get("formatCode", "") for f in root.iter(f"{NS}numFmt")}
    xfs = root.find(f"{NS}cellXfs")
    out = []
    for xf in xfs.findall(f"{NS}xf") if xfs is not None else []:
        try:
            format_id = int(xf.get("numFmtId", 0))
        except ValueError:
            format_id = 0
        out.append(_format_kind(format_id, custom.get(format_id)))
    return tuple(out)


def _format_kind(format_id: int, code: str | None) -> str:
    if code is None:
        return "percent" if format_id in _BUILTIN_PERCENT else "date" if format_id in _BUILTIN_DATE else ""
    plain = _FORMAT_LITERALS.sub("", code).lower().replace("general", "")
    if "%" in plain:
        return "percent"
    return "date" if re.search(r"[dmyhs]", plain) else ""


@lru_cache(maxsize=4096)  # every cell of a column names the same letters
def _column_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _read_cells(stream, book: Book, sheet: Sheet) -> None:
    """Fills sheet.grid with the cells that hold values, then copies merged values over their ranges.

    One expat pass with small callbacks (see xmlstream: ElementTree built an element per tag, most of a
    workbook's reading time). A cell's value is what ElementTree gave: the text of its first <v> child, or the
    rich text of its first <is> child (an inline string).
    """
    rows: dict[int, Row] = {}
    hidden_rows: set[int] = set()
    hidden_spans: list[tuple[int, int]] = []
    merges: list[str] = []
    row_no, col = 0, -1
    # Depth is counted only inside a cell, from the <c> (its children are at 1): the callbacks run for every
    # element of the sheet, and outside a cell nothing needs a depth.
    inner = 0
    cell: dict[str, str] | None = None  # the open <c>'s attributes
    v_parts: list[str] | None = None  # text of the cell's first <v> (None: no <v> yet)
    inline: _RichText | None = None  # the cell's first <is>
    collecting: list[str] | None = None  # where character data goes now
    styles = _StyleKinds(book)

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal inner, cell, v_parts, inline, collecting, row_no, col
        if cell is not None:
            inner += 1
            collecting = None
            if inline is not None and inline.depth and inner > inline.depth:
                if name == _T and inner == inline.depth + 1 and not inline.run_depth:
                    collecting = inline.parts  # the string's own <t> (most): what inline.start gives, sooner
                else:
                    collecting = inline.start(name, inner)
            elif inner == 1:
                if name == _V and v_parts is None:
                    collecting = v_parts = []
                elif name == _IS and inline is None:
                    inline = _RichText(inner)
        elif name == _C:
            cell, inner, v_parts, inline = attrs, 0, None, None
        elif name == _ROW:
            row_no = int(attrs.get("r") or row_no + 1)  # r="" may be omitted: rows are then counted
            col = -1
            if attrs.get("hidden") in ("1", "true"):
                hidden_rows.add(row_no)
        elif name == _COL:
            if attrs.get("hidden") in ("1", "true"):
                hidden_spans.append((int(attrs.get("min", 1)) - 1, int(attrs.get("max", 1)) - 1))
        elif name == _MERGE:
            merges.append(attrs.get("ref", ""))

    def end(name: str) -> None:
        nonlocal inner, cell, col, collecting
        if cell is None:
            return  # outside a cell nothing collects text (collecting is already None)
        collecting = None
        if inner:
            if inline is not None and inner == inline.depth:
                inline.depth = 0  # closed: later <is> of this cell are not read, as find() took the first
            inner -= 1
            return
        r = cell.get("r") or ""
        ref = _REFS[r] if r in _REFS else _cell_ref(r)  # a known reference without the call (most cells)
        col = ref[1] if ref else col + 1
        if cell.get("t") == "inlineStr":  # _cell_value's first case, without the call (half the cells)
            value = inline.text if inline is not None else None
        else:
            value = _cell_value(cell, v_parts, inline, book, styles)
        if value is not None:
            cells = rows.get(ref[0] if ref else row_no)
            if cells is None:
                cells = rows[ref[0] if ref else row_no] = {}
            cells[col] = value
        cell = None

    def text(data: str) -> None:
        if collecting is not None:
            collecting.append(data)

    xmlstream.parse_stream(xmlstream.parser(start, end, text), stream)
    _fill_merges(rows, merges)
    sheet.grid = sorted(rows.items())
    sheet.hidden_rows = sorted(r for r in hidden_rows if r in rows)
    if hidden_spans:  # most sheets hide no column
        used = {c for cells in rows.values() for c in cells}
        sheet.hidden_columns = sorted(c for c in used if any(lo <= c <= hi for lo, hi in hidden_spans))


_REFS: dict[str, tuple[int, int] | None] = {}
_MAX_REFS = 65_536  # "A1".."K40" repeat in every workbook; a sheet of odd references must not grow it unbounded


def _cell_ref(ref: str) -> tuple[int, int] | None:
    """(row, 0-based column) of a reference such as "B7" or "$b$7"; None when it is not one."""
    try:
        return _REFS[ref]
    except KeyError:
        pass
    m = _CELL_REF.fullmatch(ref)
    found = (int(m.group(2)), _column_index(m.group(1))) if m else None
    if len(_REFS) >= _MAX_REFS:
        _REFS.clear()
    _REFS[ref] = found
    return found


class _RichText:
    """The text of a shared (<si>) or inline (<is>) string being read: its <t> children's text and its rich-text
    runs' (<r>) <t>s; phonetic runs (<rPh>) left out. Each <t> gives its text before any child, as .text does."""

    __slots__ = ("depth", "parts", "run_depth")

    def __init__(self, depth: int):
        self.depth = depth  # depth of the <si>/<is> element; 0 once it has closed
        self.parts: list[str] = []
        self.run_depth = 0

    def start(self, name: str, depth: int) -> list[str] | None:
        """An element opened inside the string: where its text goes (None: nowhere)."""
        if self.run_depth and depth <= self.run_depth:
            self.run_depth = 0  # the run has closed
        if name == _T and (depth == self.depth + 1 or self.run_depth):
            return self.parts
        if name == _R and depth == self.depth + 1:
            self.run_depth = depth
        return None

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _cell_value(
    attrs: dict[str, str], v_parts: list[str] | None, inline: _RichText | None, book: Book, styles: _StyleKinds
) -> Cell | None:
    """The value a cell shows (the cached value of a formula); None when it holds none."""
    kind = attrs.get("t", "n")
    if kind == "inlineStr":
        return inline.text if inline is not None else None
    if not v_parts:
        return None  # <v/> and <v></v> hold no value, as .text is None there
    text = v_parts[0] if len(v_parts) == 1 else "".join(v_parts)
    if kind == "n":  # most cells: the one case first
        return _number(text, styles.of(attrs.get("s", 0)), book.date1904)
    if kind == "s":
        index = int(text)
        return book.shared[index] if 0 <= index < len(book.shared) else None
    if kind == "str":
        return text
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind == "e":
        return CellError(text.strip())
    if kind == "d":
        try:
            return datetime.fromisoformat(text.strip())
        except ValueError:
            return text
    return _number(text, styles.of(attrs.get("s", 0)), book.date1904)


class _StyleKinds:
    """A cell's s="" -> "percent", "date" or "", remembered for one sheet: it names a few styles."""

    __slots__ = ("_book", "_known")

    def __init__(self, book: Book):
        self._book = book
        self._known: dict[str | int, str] = {}

    def of(self, s: str | int) -> str:
        kind = self._known.get(s)
        if kind is None:
            kind = self._known[s] = _style_kind(s, self._book)
        return kind


def _style_kind(s: str | int, book: Book) -> str:
    try:
        index = int(s)
    except ValueError:
        return ""
    return book.styles[index] if 0 <= index < len(book.styles) else ""


def _number(text: str, style: str, date1904: bool) -> Cell:
    if style != "percent" and text.isascii() and text.isdigit():
        # Plain digits (most cells): float(text) is float(Decimal(text)) exactly, without the Decimal.
        value = float(text)
        if style == "date":
            moment = excel_datetime(value, date1904)
            if moment is not None:
                return moment
        return value
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text
    if style == "percent":
        return PercentCell(number)
    if style == "date":
        moment = excel_datetime(float(number), date1904)
        if moment is not None:
            return moment
    return float(number)


def _fill_merges(rows: dict[int, Row], merges: list[str]) -> None:
    """A merged range's value applies to every row and column it spans (format §7), within the filled area."""
    if not rows or not merges:
        return
    last_row = max(rows)
    last_col = max(c for cells in rows.values() for c in cells)
    budget = MAX_MERGE_FILL
    for ref in merges:
        first, _, last = ref.partition(":")
        a, b = _CELL_REF.fullmatch(first), _CELL_REF.fullmatch(last or first)
        if not a or not b:
            continue
        r1, c1 = int(a.group(2)), _column_index(a.group(1))
        value = rows.get(r1, {}).get(c1)
        if value is None:
            continue
        r2, c2 = min(int(b.group(2)), last_row), min(_column_index(b.group(1)), last_col)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                budget -= 1
                if budget < 0:
                    return
                rows.setdefault(r, {}).setdefault(c, value)
