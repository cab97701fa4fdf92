"""Screens an upload before any parser sees it: returns error Issues, [] when it is safe to parse.

Entry point: `screen(name, raw)` (read_submission calls it first). What is refused and why, one error
per problem, never a traceback:
- size over the limit (checked first) or 0 bytes;
- .xls / OLE2 containers (legacy Excel, or an encrypted .xlsx, which Excel stores inside OLE2);
- .xlsb/.xlsm/.ods/.numbers and zips that say they are macro-enabled, binary or ODF: macros never run;
- a .xlsx that is not an OOXML workbook zip (a renamed PDF, picture, Word file...);
- zip bombs, judged from the central directory without extracting, and by a hard byte budget when
  reading, since member headers can lie about sizes;
- any XML part with <!DOCTYPE or <!ENTITY (billion laughs, external entities);
- formulas without a cached value: calamine reads cached values only, so such a cell would read empty;
- a sheet whose declared range (<dimension ref>) or largest cell reference spans more than MAX_SHEET_CELLS:
  calamine allocates the whole rectangle from A1 (one cell `x` at XFD1048576 asks for 512 GB and aborts
  the process), so the extent is read from the XML, streamed and byte-budgeted, before any parser runs.

CSV/TXT get the size checks, line count and line length limits (a 19 MB one-line CSV must not reach the
CSV reader), plus one: a text file holding NUL bytes is accepted only when it looks
like UTF-16 (Excel's "Unicode text"); otherwise it is a binary file renamed .csv → unreadable-file, so
the CSV reader never has to guess at binary garbage.
"""

from __future__ import annotations

import os
import posixpath
import pyexpat
import re
import struct
import unicodedata
import zipfile
import zlib
from io import BytesIO
from pathlib import PurePosixPath
from typing import NamedTuple

from defusedxml import DefusedXmlException

import formatting as fmt
from domain import Issue

from . import xmlstream
from .messages import issue

MB = 1_000_000  # decimal megabytes: the figure in the message is the figure the limit was set with
MAX_UPLOAD_BYTES = 20 * MB  # default; CDS_MAX_UPLOAD_MB overrides at call time
MAX_ENTRIES = 2000
MAX_TOTAL_UNCOMPRESSED = 200 * MB
MAX_RATIO = 100
RATIO_MIN_SIZE = 1 * MB  # small parts compress extremely well legitimately (empty styles, shared strings)
MAX_FORMULA_ISSUES = 20  # per sheet: one clear list, not ten thousand lines
CHUNK = 64 * 1024
KEEP_PART_BYTES = 2 * MB  # an XML part the screen hands to the reader decompressed (a real sheet: ~50 KB)
KEEP_BYTES = 16 * MB  # all parts handed over for one workbook
# A submission sheet holds tens of rows and ~15 columns. The reader (sheetxml.py) keeps only the cells present
# in the XML, so what costs is the number of cells written, not the declared range: a stray cell at XFD1048576
# costs one entry (submission format §7, "Cost"). 1 M written cells bounds a sheet near 50 MB and a second.
MAX_SHEET_CELLS = 1_000_000
MAX_SHEET_ROWS = 100_000
MAX_TEXT_LINES = 50_000  # a CSV table of one agency and year: tens of lines
MAX_REPORT_CHARS = 1_000_000  # a narrative report's text: the real ones hold 20-40 thousand characters
MAX_LINE_CHARS = 131_072  # the csv module's own field limit; UTF-16 lines are counted in characters too

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected .xlsx share this container
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a file, or an empty archive
TEXT_EXTS = frozenset({".csv", ".txt", ".tsv"})
WORKBOOK_EXTS = frozenset({".xlsx", ".xltx"})
LEGACY_EXTS = frozenset({".xls", ".xlt"})
UNSUPPORTED_EXTS = frozenset({".xlsb", ".xlsm", ".xltm", ".xlam", ".ods", ".ots", ".fods", ".numbers"})
MACRO_EXTS = frozenset({".xlsm", ".xltm", ".xlam"})
FORBIDDEN_XML = tuple(
    word.encode(enc) for word in ("<!DOCTYPE", "<!ENTITY") for enc in ("ascii", "utf-16-le", "utf-16-be")
)
OVERLAP = max(len(p) for p in FORBIDDEN_XML) - 1
NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")


def max_upload_bytes() -> int:
    """The upload limit in bytes: CDS_MAX_UPLOAD_MB (may be fractional), else MAX_UPLOAD_BYTES."""
    value = os.environ.get("CDS_MAX_UPLOAD_MB", "").strip()
    try:
        limit = float(value.replace(",", "."))
    except ValueError:
        return MAX_UPLOAD_BYTES
    return int(limit * MB) if limit > 0 else MAX_UPLOAD_BYTES


def screen(name: str, raw: bytes, keep: dict[str, bytes] | None = None) -> list[Issue]:
    """Error Issues that make the file unsafe or impossible to parse; [] means go ahead.

    keep: filled with a workbook's XML parts as the screen decompressed them (small parts only, KEEP_PART_BYTES
    each and KEEP_BYTES in all), so the reader does not decompress them again.
    """
    too_big = check_size(name, raw)
    if too_big:
        return [too_big]
    try:
        return _screen(name, raw, keep)
    except Exception as exc:  # a screen must never crash the upload page
        return [issue("unreadable-file", name, detail=type(exc).__name__)]


def check_size(name: str, raw: bytes) -> Issue | None:
    """file-too-large or empty-file, else None."""
    limit = max_upload_bytes()
    if len(raw) > limit:
        return issue("file-too-large", name, size_mb=_mb(len(raw)), limit_mb=_mb(limit))
    if not raw:
        return issue("empty-file", name)
    return None


def _screen(name: str, raw: bytes, keep: dict[str, bytes] | None) -> list[Issue]:
    ext = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if ext in TEXT_EXTS:
        return _screen_text(name, raw)
    if ext in LEGACY_EXTS or raw.startswith(OLE2_MAGIC):
        return [issue("legacy-or-encrypted", name)]
    if ext in UNSUPPORTED_EXTS or (ext and ext not in WORKBOOK_EXTS):
        return [_unsupported(name, ext)]
    if not raw.startswith(ZIP_MAGICS):
        return [issue("not-a-workbook", name)]
    try:
        zf = zipfile.ZipFile(BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return [issue("not-a-workbook", name)]
    try:
        shared = keep if isinstance(keep, xmlstream.Parts) else None
        return _screen_zip(name, _Archive(zf, raw, shared), infos, _Kept(keep) if keep is not None else None)
    except _TooBig:  # the central directory understated what the members expand to
        return [issue("zip-bomb", name, detail=f"giải nén vượt {_mb(MAX_TOTAL_UNCOMPRESSED)} MB")]
    except DefusedXmlException as exc:  # a DTD the byte scan did not see, e.g. in an odd encoding
        return [issue("xml-entities", name, part=type(exc).__name__)]
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as exc:
        # CRC mismatch, an unknown compression method, an encrypted member
        return [issue("unreadable-file", name, detail=f"tệp nén bị hỏng ({exc})")]
    except pyexpat.ExpatError:
        return [issue("not-a-workbook", name)]
    finally:
        zf.close()


def _screen_text(name: str, raw: bytes) -> list[Issue]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return text_limits(name, raw, utf16=True)
    if raw.startswith(ZIP_MAGICS + (OLE2_MAGIC, b"%PDF")):
        return [issue("unreadable-file", name, detail="tệp là Excel/PDF bị đổi đuôi thành CSV, không phải tệp văn bản")]
    if b"\x00" not in raw:
        return text_limits(name, raw, utf16=False)
    # UTF-16 without a BOM: ASCII characters leave NULs at every other byte, on one side only.
    head = raw[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) >= len(head) // 4 and min(even, odd) <= len(head) // 50:
        return text_limits(name, raw, utf16=True)
    return [issue("unreadable-file", name, detail="tệp chứa byte NUL, không phải tệp văn bản CSV")]


def text_limits(name: str, raw: bytes, *, utf16: bool) -> list[Issue]:
    """too-many-lines or line-too-long for a text table, counted on the bytes (no decoding, no regex)."""
    newline = b"\n\x00" if utf16 else b"\n"
    per_char = 2 if utf16 else 1
    lines = raw.count(newline) + 1
    if lines > MAX_TEXT_LINES:
        return [
            issue(
                "too-many-lines",
                name,
                lines=f"{lines:,}".replace(",", "."),
                limit=f"{MAX_TEXT_LINES:,}".replace(",", "."),
            )
        ]
    # UTF-8 uses up to 3 bytes for a Vietnamese letter: only a line over limit*3 bytes is certainly too long,
    # one between limit and limit*3 bytes is decoded to count its characters.
    start, line_no = 0, 1
    while start <= len(raw):
        end = raw.find(newline, start)
        end = len(raw) if end < 0 else end
        length = (end - start) // per_char
        if length > MAX_LINE_CHARS and (utf16 or len(raw[start:end].decode("utf-8", "replace")) > MAX_LINE_CHARS):
            found = length if utf16 else len(raw[start:end].decode("utf-8", "replace"))
            return [
                issue(
                    "line-too-long",
                    name,
                    row=line_no,
                    line=line_no,
                    length=f"{found:,}".replace(",", "."),
                    limit=f"{MAX_LINE_CHARS:,}".replace(",", "."),
                )
            ]
        start, line_no = end + len(newline), line_no + 1
    return []


def _screen_zip(name: str, zip_: _Archive, infos: list[zipfile.ZipInfo], kept: _Kept | None) -> list[Issue]:
    bomb = _zip_bomb(infos)
    if bomb:
        return [issue("zip-bomb", name, detail=bomb)]
    names = {i.filename for i in infos}
    if zip_.shared is not None:
        zip_.shared.names = names
    if "mimetype" in names or "content.xml" in names:  # OpenDocument (.ods) renamed
        return [_unsupported(name, ".ods")]
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        return [_unsupported(name, ".xlsm")]
    if "[Content_Types].xml" not in names:
        return [issue("not-a-workbook", name)]

    # Every XML part is checked for DTDs before any of them is parsed; the same read notes what the sheet
    # checks below need, so a part is decompressed once here.
    scans: dict[str, _PartScan] = {}
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")) and not info.is_dir():
            scan = scans[info.filename] = _scan_part(zip_, info, kept)
            if scan.forbidden:
                return [issue("xml-entities", name, part=info.filename)]

    types = zip_.read("[Content_Types].xml").lower()
    if b"sheet.binary" in types:  # checked first: the .xlsb content type also says macroEnabled
        return [_unsupported(name, ".xlsb")]
    if b"macroenabled" in types:
        return [_unsupported(name, ".xlsm")]
    workbook_path = _office_document(zip_, names)
    if workbook_path is None or workbook_path not in names:
        return [issue("not-a-workbook", name)]
    workbook = zip_.parse(workbook_path)
    if workbook.tag.rpartition("}")[2] != "workbook":  # a .docx/.pptx renamed .xlsx lands here
        return [issue("not-a-workbook", name)]
    sheets = _sheet_parts(zip_, names, workbook_path, workbook)
    too_large = _sheets_too_large(name, zip_, sheets, scans)
    if too_large:
        return too_large
    return _formulas_without_value(name, zip_, sheets, scans)


def _zip_bomb(infos: list[zipfile.ZipInfo]) -> str | None:
    """Why the central directory looks like a zip bomb, or None."""
    if len(infos) > MAX_ENTRIES:
        return f"{len(infos)} thành phần > {MAX_ENTRIES}"
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_UNCOMPRESSED:
        return f"giải nén {_mb(total)} MB > {_mb(MAX_TOTAL_UNCOMPRESSED)} MB"
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_MIN_SIZE and ratio > MAX_RATIO:
            return f"{info.filename}: tỷ lệ nén {ratio:.0f} > {MAX_RATIO}"
    return None


def _unsupported(name: str, ext: str) -> Issue:
    extra = "Tệp có macro: macro không bao giờ được chạy." if ext in MACRO_EXTS else ""
    return issue("unsupported-format", name, ext=ext, extra=extra)


class _Budget:
    """Bytes left to decompress for this file: headers can lie about sizes, the budget cannot."""

    def __init__(self, limit: int):
        self.left = limit

    def take(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise _TooBig


class _TooBig(Exception):
    pass


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget):
    with zf.open(info) as member:
        while chunk := member.read(CHUNK):
            budget.take(len(chunk))
            yield chunk


def _slices(data: bytes, budget: _Budget):
    """data in the CHUNK-sized pieces a member's read(CHUNK) gives, charged to the budget as _chunks does."""
    for start in range(0, len(data), CHUNK):
        chunk = data[start : start + CHUNK]
        budget.take(len(chunk))
        yield chunk


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader: a member's local file header
_NOT_PLAIN = 0x1 | 0x20 | 0x40  # encrypted, compressed patch data, strong encryption: zipfile's own business


def _inflated(raw: bytes, info: zipfile.ZipInfo) -> bytes | None:
    """A small member's bytes when they decompress cleanly: exactly file_size bytes, the deflate stream complete
    and its CRC-32 right; None for anything else (zipfile then reads it, with its own errors).

    zipfile gives the same bytes for such a member: it stops at file_size and checks the same CRC. Reading it
    through zipfile (a ZipExtFile, two reads, a running CRC per member) cost more than the decompression itself.
    """
    if info.flag_bits & _NOT_PLAIN or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return None
    offset = info.header_offset
    header = raw[offset : offset + _LOCAL_HEADER.size]
    if len(header) != _LOCAL_HEADER.size:
        return None
    fields = _LOCAL_HEADER.unpack(header)
    name_length, extra_length = fields[10], fields[11]
    if fields[0] != b"PK\x03\x04" or not _same_name(raw, offset + _LOCAL_HEADER.size, name_length, fields[3], info):
        return None
    start = offset + _LOCAL_HEADER.size + name_length + extra_length
    compressed = raw[start : start + info.compress_size]
    if len(compressed) != info.compress_size:
        return None
    if info.compress_type == zipfile.ZIP_STORED:
        data = compressed
    else:
        inflater = zlib.decompressobj(-15)
        try:
            data = inflater.decompress(compressed, info.file_size + 1)  # +1: a stream longer than stated shows
        except zlib.error:
            return None
        if not inflater.eof:
            return None
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        return None
    return data


def _same_name(raw: bytes, start: int, length: int, flags: int, info: zipfile.ZipInfo) -> bool:
    """The local header names the member the central directory names, as zipfile.open checks it."""
    try:
        local = raw[start : start + length].decode("utf-8" if flags & 0x800 else "cp437")
    except UnicodeDecodeError:
        return False
    return local == info.orig_filename


class _Archive:
    """An upload's zip as the screen reads it: every byte decompressed is charged to one budget, and a small
    part already read whole (and cleanly) is served again from memory, as zipfile would have read it again.
    shared: where the reader finds the member names and the parts parsed here (None: nobody reads after)."""

    def __init__(self, zf: zipfile.ZipFile, raw: bytes, shared: xmlstream.Parts | None = None):
        self.zf = zf
        self.raw = raw
        self.shared = shared
        self.budget = _Budget(MAX_TOTAL_UNCOMPRESSED)
        self.whole: dict[zipfile.ZipInfo, bytes] = {}  # by member, not name: a zip may hold a name twice

    def chunks(self, info: zipfile.ZipInfo):
        data = self.whole.get(info)
        return _slices(data, self.budget) if data is not None else _chunks(self.zf, info, self.budget)

    def read(self, path: str) -> bytes:
        return b"".join(self.chunks(self.zf.getinfo(path)))

    def parse(self, path: str):
        data = self.read(path)
        parsed = xmlstream.tree(data)
        if self.shared is not None:
            self.shared.trees[path] = (data, parsed)
        return parsed


class _PartScan(NamedTuple):
    forbidden: bool  # names a DTD or an entity
    # None in the two below: not worked out yet, for a part held whole in memory (see _sheet_scan)
    tags: int | None  # no more "<" bytes than this: no part holds more elements (rows, cells) than that
    may_hold_formula: bool | None  # False only when the part, read as UTF-8/ASCII, has no formula element


class _Kept:
    """The parts a screen keeps for the reader, within its byte limits."""

    def __init__(self, parts: dict[str, bytes]):
        self.parts = parts
        self.left = KEEP_BYTES

    def add(self, name: str, chunks: list[bytes]) -> None:
        size = sum(map(len, chunks))
        if size <= KEEP_PART_BYTES and size <= self.left:
            self.parts[name] = b"".join(chunks)
            self.left -= size


def _scan_part(zip_: _Archive, info: zipfile.ZipInfo, kept: _Kept | None) -> _PartScan:
    """One streamed read of an XML part: what the checks need, without parsing it (kept for the reader)."""
    whole = _inflated(zip_.raw, info) if info.file_size <= KEEP_PART_BYTES else None
    source = _slices(whole, zip_.budget) if whole is not None else _chunks(zip_.zf, info, zip_.budget)
    tags = 0
    formula = False
    chunks: list[bytes] | None = [] if kept is not None and info.file_size <= KEEP_PART_BYTES else None
    for n, chunk, window in _windows(source):
        if b"!" in window and any(p in window for p in FORBIDDEN_XML):  # each pattern holds a "!" byte
            return _PartScan(True, tags, True)
        if whole is None:  # streamed, not read again: noted now (a part held whole: when a sheet check asks)
            formula = formula or _formula_at(n, chunk, window)
            tags += chunk.count(b"<")
        if chunks is not None:
            chunks.append(chunk)
            if len(chunks) * CHUNK > KEEP_PART_BYTES:  # the directory understated it: not kept
                chunks = None
    if kept is not None and chunks is not None:
        kept.add(info.filename, chunks)
    if whole is not None:
        zip_.whole[info] = whole
        return _PartScan(False, None, None)
    return _PartScan(False, tags, formula)


def _windows(chunks):
    """(n, chunk, window) for each chunk: the window starts with the end of the chunk before, so a pattern split
    between two chunks is still seen whole."""
    tail = b""
    for n, chunk in enumerate(chunks):
        window = tail + chunk
        yield n, chunk, window
        tail = window[-max(OVERLAP, 64) :]


def _formula_at(n: int, chunk: bytes, window: bytes) -> bool:
    """The n-th chunk may hold a formula element: a formula tag in its window, or UTF-16 XML in the first chunk
    (the byte pattern of a formula tag would not see its tags)."""
    utf16 = n == 0 and (chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4])
    return utf16 or _formula_tag_in(window)


_TAG_LIMIT = min(MAX_SHEET_ROWS, MAX_SHEET_CELLS)  # a sheet with no more "<" than this need not be parsed


def _sheet_scan(zip_: _Archive, part: str, scans: dict[str, _PartScan]) -> _PartScan | None:
    """The scan of a sheet's part, its tag bound and formula flag worked out now for a part held whole: the same
    chunk windows as _scan_part's, on the parts a sheet check reads only (not styles, theme, drawings...)."""
    scan = scans.get(part)
    if scan is None or scan.tags is not None:
        return scan
    data = zip_.whole[zip_.zf.getinfo(part)]  # scans and getinfo both hold the last member of that name
    pieces = (data[start : start + CHUNK] for start in range(0, len(data), CHUNK))
    formula = any(_formula_at(n, chunk, window) for n, chunk, window in _windows(pieces))
    # A part of no more bytes than the limit has no more "<" either: the count is needed only above it.
    tags = len(data) if len(data) <= _TAG_LIMIT else data.count(b"<")
    scan = scans[part] = _PartScan(False, tags, formula)
    return scan


def _office_document(zip_: _Archive, names: set[str]) -> str | None:
    """Path of the workbook part named by _rels/.rels (xl/workbook.xml in every real file)."""
    if "_rels/.rels" not in names:
        return "xl/workbook.xml"
    for rel in zip_.parse("_rels/.rels").iter(f"{NS_PKG_REL}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return _resolve("", rel.get("Target", ""))
    return None


def _resolve(base_dir: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base_dir, target))


def _sheet_parts(zip_: _Archive, names: set[str], workbook_path: str, workbook) -> list[tuple[str, str]]:
    """(sheet name, worksheet part path) in workbook order."""
    base = posixpath.dirname(workbook_path)
    rels_path = posixpath.join(base, "_rels", posixpath.basename(workbook_path) + ".rels")
    targets = {}
    if rels_path in names:
        for rel in zip_.parse(rels_path).iter(f"{NS_PKG_REL}Relationship"):
            if rel.get("TargetMode") != "External":
                targets[rel.get("Id")] = _resolve(base, rel.get("Target", ""))
    out = []
    for sheet in workbook.iter(f"{NS_MAIN}sheet"):
        part = targets.get(sheet.get(f"{NS_REL}id"))
        if part in names:
            out.append((sheet.get("name", "?"), part))
    return out


def _formulas_without_value(
    name: str, zip_: _Archive, sheets: list[tuple[str, str]], scans: dict[str, _PartScan]
) -> list[Issue]:
    found: list[Issue] = []
    for sheet_name, part in sheets:
        scan = _sheet_scan(zip_, part, scans)
        if scan is not None and not scan.may_hold_formula:
            continue  # no <f> element at all: skip the element-by-element parse (4 ms of a 5 ms read)
        for row_no, letters in _uncached_cells(_CappedStream(zip_.zf, zip_.zf.getinfo(part), zip_.budget)):
            found.append(
                issue(
                    "formula-no-value",
                    name,
                    sheet=sheet_name,
                    row=row_no,
                    column=letters,
                    cell=f"{sheet_name}!{letters}{row_no}",
                )
            )
    return found


def _sheets_too_large(
    name: str, zip_: _Archive, sheets: list[tuple[str, str]], scans: dict[str, _PartScan]
) -> list[Issue]:
    """sheet-too-large for each sheet that writes more rows or cells than the limits (its declared range may be
    anything: the reader is sparse)."""
    found = []
    for sheet_name, part in sheets:
        scan = _sheet_scan(zip_, part, scans)
        if scan is not None and scan.tags is not None and scan.tags <= _TAG_LIMIT:
            continue  # fewer "<" than either limit: fewer elements too, so no need to parse it (most of a screen)
        extent = sheet_extent(zip_.chunks(zip_.zf.getinfo(part)))
        rows, columns = extent.rows, extent.columns
        if extent.row_elements > MAX_SHEET_ROWS or extent.cell_elements > MAX_SHEET_CELLS:
            found.append(
                issue(
                    "sheet-too-large",
                    name,
                    sheet=sheet_name,
                    sheet_name=sheet_name,
                    extent=f"A1:{_col_letters(columns)}{rows}",
                    rows=f"{extent.row_elements:,}".replace(",", "."),
                    cells=f"{extent.cell_elements:,}".replace(",", "."),
                    limit=f"{MAX_SHEET_CELLS:,}".replace(",", ".") + " ô",
                )
            )
    return found


class SheetExtent(NamedTuple):
    rows: int  # the range spanned from A1: the larger of <dimension ref> and the cells' references
    columns: int
    row_elements: int  # what the sheet really writes
    cell_elements: int


def sheet_extent(chunks) -> SheetExtent:
    """What a worksheet part spans from A1 (the larger of its <dimension ref> and its cells) and what it writes.

    Streamed through expat (C, no tree kept), so a 100 MB sheet costs time bounded by the byte budget and no
    memory; rows and cells without r="" are counted, as Excel and calamine place them.
    """
    state = {"rows": 0, "cols": 0, "row": 0, "col": 0, "row_elements": 0, "cell_elements": 0}

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(":")[2] if ":" in tag else tag
        if local == "row":
            state["row_elements"] += 1
            state["row"] = _int(attrs.get("r")) or state["row"] + 1
            state["col"] = 0
            state["rows"] = max(state["rows"], state["row"])
        elif local == "c":
            state["cell_elements"] += 1
            m = CELL_REF.fullmatch(attrs.get("r") or "")
            if m:
                state["col"], state["row"] = _col_number(m.group(1)), int(m.group(2))
            else:
                state["col"] += 1
            state["rows"] = max(state["rows"], state["row"])
            state["cols"] = max(state["cols"], state["col"])
        elif local == "dimension":
            for ref in (attrs.get("ref") or "").upper().split(":"):
                if m := CELL_REF.fullmatch(ref.replace("$", "")):
                    state["cols"] = max(state["cols"], _col_number(m.group(1)))
                    state["rows"] = max(state["rows"], int(m.group(2)))

    parser = pyexpat.ParserCreate()  # no namespace processing: the local name is enough
    parser.StartElementHandler = start
    for chunk in chunks:
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return SheetExtent(state["rows"], state["cols"], state["row_elements"], state["cell_elements"])


def _int(text: str | None) -> int:
    try:
        return int(text) if text else 0
    except ValueError:
        return 0


FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")  # <f>, <f t="shared" .../>, <x:f>
_UNPREFIXED_FORMULA_TAG = re.compile(rb"<f[\s>/]")  # a FORMULA_TAG match by itself
_PREFIXED_FORMULA_END = re.compile(rb":f[\s>/]")  # in every prefixed FORMULA_TAG match


def _formula_tag_in(data: bytes) -> bool:
    """FORMULA_TAG.search(data) is not None, found sooner: two searches for a fixed start are quicker than
    trying the optional prefix at every "<" of the part, and the full pattern runs only where ":f" might end one."""
    if _UNPREFIXED_FORMULA_TAG.search(data):
        return True
    return _PREFIXED_FORMULA_END.search(data) is not None and FORMULA_TAG.search(data) is not None


def _uncached_cells(stream) -> list[tuple[int, str]]:
    """(row, column letters) of formula cells with no cached value in one worksheet part, capped."""
    out: list[tuple[int, str]] = []
    row_no, col_no = 0, 0
    depth = 0
    cell: dict[str, str] | None = None  # the open <c>'s attributes
    cell_depth = 0
    formula = False  # the open cell has an <f> child
    value: list[str] | None = None  # the text of its first <v> child; None: no <v>
    collecting = False

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth, cell, cell_depth, formula, value, collecting, row_no, col_no
        depth += 1
        collecting = False
        if cell is not None:
            if depth == cell_depth + 1:
                if tag == _F:
                    formula = True
                elif tag == _V and value is None:
                    value, collecting = [], True
        elif tag == _C:
            cell, cell_depth, formula, value = attrs, depth, False, None
        elif tag == _ROW:  # rows and cells may omit r="": count them instead
            row_no = int(attrs.get("r") or row_no + 1)
            col_no = 0

    def end(tag: str) -> None:
        nonlocal depth, cell, collecting, row_no, col_no
        collecting = False
        if cell is not None and depth == cell_depth:
            col_no += 1
            ref = cell.get("r")
            if ref and (m := CELL_REF.fullmatch(ref)):
                row_no, col_no = int(m.group(2)), _col_number(m.group(1))
            # Excel writes <v></v> with t="str" for a formula that evaluated to "": that is a value.
            if formula and (value is None or (not value and cell.get("t") != "str")):
                out.append((row_no, _col_letters(col_no)))
                if len(out) >= MAX_FORMULA_ISSUES:
                    raise _Enough
            cell = None
        depth -= 1

    def text(data: str) -> None:
        if collecting and value is not None:
            value.append(data)

    try:
        xmlstream.parse_stream(xmlstream.parser(start, end, text), stream)
    except _Enough:
        pass
    return out


class _Enough(Exception):
    """Enough formula cells found for one clear list: the rest of the sheet need not be read."""


_C, _ROW, _F, _V = (xmlstream.ns(NS_MAIN) + local for local in ("c", "row", "f", "v"))


class _CappedStream:
    """A file-like view of one zip member for iterparse, charged to the file's byte budget."""

    def __init__(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget):
        self._member = zf.open(info)
        self._budget = budget

    def read(self, n: int = CHUNK) -> bytes:
        chunk = self._member.read(min(n if n and n > 0 else CHUNK, CHUNK))
        self._budget.take(len(chunk))
        return chunk


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _col_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _mb(size: int) -> str:
    """Megabytes the Vietnamese way: 20,5."""
    value = size / MB
    return (f"{value:.0f}" if value >= 100 else f"{value:.3g}").replace(".", ",")


# --- the finer-grained API the xlsx reader may call; screen() covers all of it -----------------------


def check_workbook(name: str, raw: bytes) -> Issue | None:
    """The first reason this workbook must not be parsed (formulas aside), or None."""
    found = [i for i in screen(name, raw) if i.code != "formula-no-value"]
    return found[0] if found else None


def sheet_parts(raw: bytes) -> dict[str, str]:
    """Worksheet zip part -> sheet name, from workbook.xml and its relationships ({} if unreadable)."""
    try:
        with zipfile.ZipFile(BytesIO(raw)) as zf:
            names = set(zf.namelist())
            zip_ = _Archive(zf, raw)
            workbook_path = _office_document(zip_, names)
            if workbook_path not in names:
                return {}
            workbook = zip_.parse(workbook_path)
            return {part: sheet for sheet, part in _sheet_parts(zip_, names, workbook_path, workbook)}
    except Exception:
        return {}


def formulas_without_value(raw: bytes, parts: dict[str, str]) -> list[tuple[str, str]]:
    """(sheet name, cell ref) of every formula cell with no cached value, for the given parts."""
    found = []
    try:
        with zipfile.ZipFile(BytesIO(raw)) as zf:
            budget = _Budget(MAX_TOTAL_UNCOMPRESSED)
            for part, sheet in parts.items():
                if part in zf.namelist():
                    cells = _uncached_cells(_CappedStream(zf, zf.getinfo(part), budget))
                    found += [(sheet, f"{letters}{row}") for row, letters in cells]
    except Exception:
        pass
    return found


# --- names: cleaned where they enter (upload page, command line), before they are shown, logged or stored ---

MAX_NAME_CHARS = 120
UNNAMED = "tep-khong-ten"


def clean_name(name: str) -> str:
    """A file name safe to show, log and store: its last path part as one line of printable text
    (formatting.plain), trailing dots dropped, at most MAX_NAME_CHARS characters with its extension kept."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", str(name)))[-1]
    kept = fmt.plain(base, limit=len(base) + 1).strip(" .")  # "..", "." and trailing dots are not names
    if len(kept) > MAX_NAME_CHARS:
        stem, dot, ext = kept.rpartition(".")
        ext = dot + ext if dot and len(ext) <= 8 else ""
        kept = kept[: MAX_NAME_CHARS - len(ext) - 1].rstrip() + "…" + ext
    return kept or UNNAMED
