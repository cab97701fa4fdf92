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


def _text_blocks(text: str) -> list[Block]:
    lines: list[tuple[int, str, int | None]] = [(n, line, None) for n, line in enumerate(text.splitlines(), start=1)]
    return [Block(i, t, r) for i, (r, t, _) in enumerate(_join_lines(lines, wrapped=False), start=1)]


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
