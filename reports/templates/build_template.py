"""Writes bao-cao-tong-hop.docx, the docxtpl template of the consolidated report (python -m reports.templates.build_template).

The shipped .docx is what the Sở restyles in Word (fonts, spacing, wording around the {{ … }} fields); this
script regenerates it from scratch in the Decree 30/2020/NĐ-CP layout: A4, Times New Roman 13, margins
20/20/30/16 mm, page number top centre from page 2, header block of issuing body and Quốc hiệu.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TEMPLATE = Path(__file__).resolve().parent / "bao-cao-tong-hop.docx"
FONT = "Times New Roman"
BODY_PT, TABLE_PT = 13, 11
LEFT_MM, RIGHT_MM = 30, 16
TEXT_WIDTH_MM = 210 - LEFT_MM - RIGHT_MM


def _font(style_or_run, size: float | None = None) -> None:
    font = style_or_run.font
    font.name = FONT
    if size:
        font.size = Pt(size)
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    # 16, not 15: Word stores twips, and 15 mm comes back as 14,99 mm, under the decree's minimum.
    section.left_margin, section.right_margin = Mm(LEFT_MM), Mm(RIGHT_MM)
    section.header_distance = Mm(10)
    # Decree 30: page numbers at the top centre, not on the first page.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    _font(normal, BODY_PT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name in ("Header", "Table Grid"):
        if name in [s.name for s in doc.styles]:
            _font(doc.styles[name])


def para(doc, text: str = "", *, bold=False, italic=False, align=None, size=None, indent=True, before=0, after=6):
    p = doc.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        _font(run, size)
    p.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = p.paragraph_format
    fmt.first_line_indent = Mm(10) if indent and align is None else None
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    return p


def tag(doc, text: str) -> None:
    """A paragraph holding only a {%p … %} tag: docxtpl removes it when rendering."""
    para(doc, text, indent=False, after=0)


def cell_text(cell, text: str, *, bold=False, align=WD_ALIGN_PARAGRAPH.LEFT, size=TABLE_PT, italic=False) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.first_line_indent = None
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    _font(run, size)


def add_line(cell, text: str, *, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.LEFT, size=TABLE_PT) -> None:
    """A further paragraph in a cell (python-docx cells start with one)."""
    cell.add_paragraph()
    p = cell.paragraphs[-1]
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    _font(run, size)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def data_table(doc, rows_expr: str, headers, numeric, widths_mm, total=True, empty: str = "Chưa báo cáo."):
    """Header row, a {%tr for %} row over rows_expr, the data row, {%tr endfor %}, and a total row if asked.

    With no rows the table gives way to the sentence `empty` (a header over nothing reads as a mistake).
    """
    tag(doc, f"{{%p if {rows_expr}.rows %}}")
    table = _table(doc, rows_expr, headers, numeric, widths_mm, total)
    tag(doc, "{%p else %}")
    para(doc, empty, italic=True)
    tag(doc, "{%p endif %}")
    return table


def _table(doc, rows_expr: str, headers, numeric, widths_mm, total: bool):
    item = "r"
    table = doc.add_table(rows=4 + (1 if total else 0), cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, header in enumerate(headers):
        cell_text(table.rows[0].cells[i], header, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_header(table.rows[0])
    cell_text(table.rows[1].cells[0], f"{{%tr for {item} in {rows_expr}.rows %}}")
    for i, right in enumerate(numeric):
        align = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
        cell_text(table.rows[2].cells[i], f"{{{{ {item}[{i}] }}}}", align=align)
    cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    if total:
        for i, right in enumerate(numeric):
            align = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
            cell_text(table.rows[4].cells[i], f"{{{{ {rows_expr}.total[{i}] }}}}", bold=True, align=align)
    set_widths(table, widths_mm)
    para(doc, "", after=0)  # a table needs a paragraph after it, or the next one sticks to its border
    return table


def set_widths(table, widths_mm: list[int]) -> None:
    """Fixed column widths in the grid and in every cell: LibreOffice reads the grid, Word the cells."""
    table.autofit = False
    scale = min(1.0, TEXT_WIDTH_MM / sum(widths_mm))  # never wider than the text block
    for i, width in enumerate(w * scale for w in widths_mm):
        table.columns[i].width = Mm(width)
        for cell in table.columns[i].cells:
            cell.width = Mm(width)


def no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def header_block(doc) -> None:
    """Decree 30 header: issuing body and number on the left, Quốc hiệu and Tiêu ngữ on the right, then place/date."""
    table = doc.add_table(rows=3, cols=2)
    no_borders(table)
    center = WD_ALIGN_PARAGRAPH.CENTER
    left, right = table.columns[0].cells, table.columns[1].cells
    cell_text(left[0], "{{ issuer_parent }}", align=center, size=12)
    cell_text(left[1], "{{ issuer }}", bold=True, align=center, size=12)
    cell_text(left[2], "Số: {{ number }}", align=center, size=13)
    cell_text(right[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align=center, size=12)
    cell_text(right[1], "Độc lập - Tự do - Hạnh phúc", bold=True, align=center, size=13)
    right[1].paragraphs[0].runs[0].underline = True
    cell_text(right[2], "{{ place_date }}", italic=True, align=center, size=13)
    set_widths(table, [62, 103])  # Quốc hiệu on one line; the issuer may wrap


def main(out: Path = TEMPLATE) -> Path:
    from reports.templates.sections import body

    doc = Document()
    _styles(doc)
    _page_setup(doc)
    header_block(doc)
    body(doc)
    doc.save(str(out))
    return out


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE))
