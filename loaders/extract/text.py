"""Read a narrative report (.txt, .docx, .pdf) into blocks of text with their location."""

from __future__ import annotations

import io
import re
import zipfile

from domain import Issue

from ..messages import Both, issue
from .model import Block

SHEET = "văn bản"

# A line that opens a new item: "I.", "1.", "1.2.", "a)", "-", "+", "•".
_ITEM_START = re.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.|\d+\)|[a-zđ]\)|[-+•–*])(?:\s|$)")
_SENTENCE_END = re.compile(r"[.:;!?…)\]\"”*]$")


def _unreadable(name: str, detail: Both, advice: Both) -> Issue:
    return issue("unreadable-file", name, SHEET, detail=detail, advice=advice)


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _join_lines(lines: list[tuple[int, str, int | None]], wrapped: bool) -> list[tuple[int, str, int | None]]:
    """Glue lines of one paragraph back together.

    Plain-text reports break paragraphs mid-sentence ("trong tháng" / "11/2023."); those continue
    with a lower-case letter or a digit. PDF text is wrapped at every line end, so there a line
    that does not end a sentence continues unless the next line opens a new item.
    """
    out: list[list] = []
    for row, line, page in lines:
        line = line.strip()
        if not line:
            continue
        if out:
            prev = out[-1][1]
            first = line[0]
            opens_item = bool(_ITEM_START.match(line)) or _is_caps(line) or _is_caps(prev)
            continues = (
                not _SENTENCE_END.search(prev) and not opens_item and (wrapped or first.islower() or first.isdigit())
            )
            if continues:
                out[-1][1] = prev + " " + line
                continue
        out.append([row, line, page])
    return [(r, t, p) for r, t, p in out]


def _decode(raw: bytes) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1258", errors="replace")
    # Random or binary bytes decode to control characters: not a text report.
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\r\n\t\f") or c == "\ufffd")
    if not text.strip() or bad > max(2, len(text) // 50):
        return None
    return text


# Text tables (issue 18): rows as a legal-documents site renders them ("| 1 | Nhiệm vụ | 1.200 |"), as Word or
# Excel paste them (tab-separated) or as a PDF's text comes (columns aligned with runs of spaces).
_SPACED = re.compile(r"\S+(?: \S+)*")  # a cell of a space-aligned row: words one space apart
_RULE_ROW = re.compile(r"^[\s|:+=\-–—]*$")  # "|---|---|": a markdown rule, no content
_FIGURE = re.compile(r"^[\d.,]*\d[\d.,]*(?:\s*[a-zđ.]+(?:\s+[a-zđ]+)?)?$", re.IGNORECASE)
# What makes a run of rows a money table rather than a letterhead laid out in columns: a money word or unit in
# its header, or "ĐVT/Đơn vị tính" in the lines just above it.
_MONEY_HEADER = re.compile(
    r"\b(?:đồng|vnđ|vnd|kinh phí|dự toán|vốn|số tiền|giải ngân|tổng mức|thành tiền|ngân sách)\b", re.IGNORECASE
)
_UNIT_CAPTION = re.compile(r"\b(?:đơn vị tính|đvt)\b", re.IGNORECASE)


def _row_cells(line: str) -> tuple[str, list[tuple[int, str]]] | None:
    """(kind, [(start, cell text)]) of a line that is a table row, or None for a line of prose."""
    if "|" in line:
        body = line.strip()
        if _RULE_ROW.match(body):
            return "|", []
        if body.startswith("|"):
            body = body[1:]
        if body.endswith("|"):
            body = body[:-1]
        return "|", [(i, c.strip()) for i, c in enumerate(body.split("|"))]
    if "\t" in line.strip():
        return "\t", [(i, c.strip()) for i, c in enumerate(line.rstrip().split("\t"))]
    spaced = [(m.start(), m.group(0)) for m in _SPACED.finditer(line.replace("\t", " "))]
    parts = re.split(r"\s{2,}", line.strip())
    if len(parts) >= 3 and len(spaced) == len(parts):
        return " ", spaced
    return None


def _aligned(header: list[tuple[int, str]], row: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A space-aligned row's cells put under the header column each one overlaps most (numbers are right-aligned)."""
    starts = [s for s, _ in header] + [10**9]
    out: dict[int, str] = {}
    for start, text in row:
        end = start + len(text)
        overlap = [max(0, min(end, starts[c + 1]) - max(start, starts[c])) for c in range(len(header))]
        best = max(range(len(header)), key=lambda c: (overlap[c], -abs(starts[c] - start)))
        out[best] = (out[best] + " " + text).strip() if best in out else text
    return sorted(out.items())


def _is_money_table(rows: list[list[tuple[int, str]]], above: list[str]) -> bool:
    if len(rows) < 2 or not any(_FIGURE.match(t) for r in rows[1:] for _, t in r if t):
        return False
    head = " ".join(t for r in rows[:3] for _, t in r)
    return bool(_MONEY_HEADER.search(head)) or any(_UNIT_CAPTION.search(a) for a in above)


def _text_tables(lines: list[str]) -> dict[int, tuple[int, int, list[tuple[int, str]]]]:
    """Line index -> (table number, row, cells) for the lines of money tables; other lines are prose."""
    out: dict[int, tuple[int, int, list[tuple[int, str]]]] = {}
    i, table = 0, 0
    while i < len(lines):
        first = _row_cells(lines[i])
        if first is None or not first[1]:
            i += 1
            continue
        j, rows = i, []
        while j < len(lines):
            got = _row_cells(lines[j])
            if got is None or got[0] != first[0]:
                break
            if got[1]:
                rows.append((j, got[1]))
            j += 1
        above = [t for t in lines[max(0, i - 2) : i] if t.strip()]
        if _is_money_table([r for _, r in rows], above):
            table += 1
            header = rows[0][1]
            for n, (k, cells) in enumerate(rows):
                if first[0] == " ":  # columns by position: the header's cells number them
                    cells = _aligned(header, cells) if n else [(c, t) for c, (_, t) in enumerate(cells)]
                out[k] = (table, n, cells)
        i = j
    return out


def _text_blocks(text: str) -> list[Block]:
    raw = text.splitlines()
    tables = _text_tables(raw)
    blocks: list[Block] = []
    prose: list[tuple[int, str, int | None]] = []

    def flush() -> None:
        for _, t, r in ((0, t, r) for r, t, _ in _join_lines(prose, wrapped=False)):
            blocks.append(Block(len(blocks) + 1, t, r))
        prose.clear()

    for k, line in enumerate(raw):
        if k not in tables:
            prose.append((k + 1, line, None))
            continue
        flush()
        table, row, cells = tables[k]
        for c, cell in cells:
            if cell:  # a money table's row: one block per cell, as a .docx table's
                blocks.append(Block(len(blocks) + 1, cell, k + 1, None, table, (row, c)))
    flush()
    return blocks


def _docx_blocks(raw: bytes) -> list[Block]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(raw))
    blocks: list[Block] = []
    paragraph_no = 0
    table_no = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            paragraph_no += 1
            text = " ".join(item.text.split())
            if text:
                blocks.append(Block(len(blocks) + 1, text, paragraph_no))
        elif isinstance(item, Table):
            table_no += 1
            seen: set = set()  # the cell elements themselves: ids of dropped lxml proxies get reused
            for r, row in enumerate(item.rows):
                for c, cell in enumerate(row.cells):
                    if cell._tc in seen:  # a merged cell repeats in every column it spans
                        continue
                    seen.add(cell._tc)
                    text = " ".join(cell.text.split())
                    paragraph_no += 1
                    blocks.append(Block(len(blocks) + 1, text, paragraph_no, None, table_no, (r, c)))
    return blocks


def _pdf_blocks(raw: bytes) -> list[Block]:
    import pdfplumber

    lines: list[tuple[int, str, int | None]] = []
    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        row = 0
        for page_no, page in enumerate(pdf.pages, start=1):
            for line in (page.extract_text() or "").splitlines():
                row += 1
                lines.append((row, line, page_no))
    return [Block(i, t, r, p) for i, (r, t, p) in enumerate(_join_lines(lines, wrapped=True), start=1)]


def read_blocks(name: str, raw: bytes) -> tuple[list[Block], list[Issue]]:
    """Blocks of the report in document order, or no blocks and the issue that says why."""
    lower = name.lower()
    if raw.startswith(b"%PDF") or (lower.endswith(".pdf") and not raw.startswith(b"PK")):
        try:
            blocks = _pdf_blocks(raw)
        except Exception as exc:  # pdfminer raises many types on damaged files
            return [], [
                _unreadable(
                    name,
                    Both("tệp PDF hỏng hoặc không phải PDF", f"the PDF could not be opened ({type(exc).__name__})"),
                    Both("Hãy xuất lại báo cáo ra PDF hoặc gửi tệp .docx.", "Export it again or send the .docx."),
                )
            ]
        if not any(b.text.strip() for b in blocks):
            return [], [issue("scanned-pdf", name, SHEET)]
        return blocks, []
    if raw.startswith(b"PK") or lower.endswith(".docx"):
        try:
            return _docx_blocks(raw), []
        except (zipfile.BadZipFile, KeyError, ValueError, Exception) as exc:  # python-docx raises broadly
            return [], [
                _unreadable(
                    name,
                    Both(
                        "tệp .docx hỏng hoặc không phải Word", f"the .docx could not be opened ({type(exc).__name__})"
                    ),
                    Both("Hãy lưu lại bằng Word dạng .docx rồi gửi lại.", "Save it again from Word as .docx."),
                )
            ]
    if lower.endswith(".doc"):
        return [], [
            issue(
                "unsupported-format",
                name,
                SHEET,
                ext=".doc (Word 97-2003)",
                advice=Both("Hãy mở bằng Word và lưu dạng .docx rồi gửi lại.", "Save it as .docx."),
            )
        ]
    text = _decode(raw)
    if text is None:
        return [], [
            _unreadable(
                name,
                Both(
                    "tệp không phải văn bản đọc được (không phải .txt, .docx hay PDF có chữ)",
                    "the file is not readable text, .docx or a PDF with text",
                ),
                Both(
                    "Hãy gửi báo cáo dạng .docx, .pdf xuất từ Word, hoặc .txt mã UTF-8.",
                    "Send .docx, .pdf or UTF-8 .txt.",
                ),
            )
        ]
    return _text_blocks(text), []
