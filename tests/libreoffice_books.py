"""Writes tests/libreoffice_books/*.xlsx: report workbooks as LibreOffice Calc itself writes them (format §7).

Run `python tests/libreoffice_books.py` (needs `soffice` with Calc: apt-get install libreoffice-calc-nogui).
Each book is written as a flat OpenDocument spreadsheet (.fods: what an agency's Calc holds in memory:
merged ranges, percent and date styles, hidden rows and columns, formulas, the 1904 null date), then
LibreOffice saves it as .xlsx, so the files carry Calc's own XML (shared strings, its styles.xml and number
formats, `hidden="false"` on every row, `date1904="true"`, error cells it computed itself). One book is an
openpyxl workbook round-tripped through Calc. The .xlsx files are committed so the tests need no
LibreOffice; the figures they must read to are asserted in tests/test_libreoffice_books.py.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

OUT = Path(__file__).resolve().parent / "libreoffice_books"

# The unit spellings of format §1 and §7, as header text -> đồng per unit (also used by the tests).
UNITS: dict[str, tuple[str, int]] = {
    "tr-dong-dot": ("Tr.đồng", 1_000_000),
    "tr-space-dong": ("tr. đồng", 1_000_000),
    "trieu-vnd": ("Triệu VNĐ", 1_000_000),
    "trieu-dong": ("triệu đồng", 1_000_000),
    "tr-d": ("tr.đ", 1_000_000),
    "trd": ("trđ", 1_000_000),
    "ty-vnd": ("Tỷ VNĐ", 1_000_000_000),
    "ty-dong": ("tỷ đồng", 1_000_000_000),
    "nghin-vnd": ("Nghìn VNĐ", 1_000),
    "nghin-dong": ("nghìn đồng", 1_000),
    "ngan-dong": ("ngàn đồng", 1_000),
    "1000-dong": ("1.000 đồng", 1_000),
    "1000d": ("1.000đ", 1_000),
    "dong": ("đồng", 1),
    "d": ("đ", 1),
    "vnd-upper": ("VNĐ", 1),
    "vnd-ascii": ("VND", 1),
    "dong-viet-nam": ("Đồng Việt Nam", 1),
}
# Every number form one amount is written in: (cell, its value in the column's unit).
NUMBER_FORMS: list[tuple[object, str]] = [
    (1234.5, "1234.5"),  # a numeric cell
    ("1.234,5", "1234.5"),  # Vietnamese text
    ("1 234,5", "1234.5"),  # spaces grouping thousands
    ("1,234.5", "1234.5"),  # en-US text, readable only one way
    ("0,162", "0.162"),
    (3.402, "3.402"),
    ("2.500", "2500"),  # a lone "." and three digits: thousands, the Vietnamese way
]
SHEET_SPELLINGS = [
    ("ThongTin", "KinhPhi"),
    ("Thông tin", "Kinh phí"),
    ("THÔNG TIN", "KINH PHÍ"),
    ("thong_tin", "kinh_phi"),
    ("Thong Tin", "Kinh Phi"),
]

COVER = object()  # a cell covered by a merged range to its left or above

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:styles>
 <number:percentage-style style:name="N10"><number:number number:decimal-places="0"
  number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
 <number:percentage-style style:name="N11"><number:number number:decimal-places="2"
  number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
 <number:date-style style:name="N37"><number:day number:style="long"/><number:text>/</number:text>
  <number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
 <number:number-style style:name="N4"><number:number number:decimal-places="3" number:min-integer-digits="1"
  number:grouping="true"/></number:number-style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="pct" style:family="table-cell" style:data-style-name="N10"/>
 <style:style style:name="pct2" style:family="table-cell" style:data-style-name="N11"/>
 <style:style style:name="date" style:family="table-cell" style:data-style-name="N37"/>
 <style:style style:name="num3" style:family="table-cell" style:data-style-name="N4"/>
 <style:style style:name="hiddentab" style:family="table"><style:table-properties table:display="false"/></style:style>
 <style:style style:name="shown" style:family="table"><style:table-properties table:display="true"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
"""


def pct(fraction: float, style: str = "pct") -> dict:
    """A numeric cell formatted as a percent: it holds the fraction (1 is 100 %)."""
    return {"type": "percentage", "value": fraction, "style": style}


def day(iso: str) -> dict:
    return {"type": "date", "value": iso, "style": "date"}


def formula(expression: str, cached: float, style: str | None = None) -> dict:
    """A formula; Calc recalculates it when it saves, so the cached value is Calc's own."""
    return {"type": "float", "value": cached, "formula": expression, "style": style}


def merged(value, rows: int = 1, columns: int = 1) -> dict:
    cell = value if isinstance(value, dict) else {"value": value}
    return {**cell, "rows": rows, "columns": columns}


def _cell(cell) -> str:
    if cell is COVER:
        return "<table:covered-table-cell/>"
    if cell is None:
        return "<table:table-cell/>"
    if not isinstance(cell, dict):
        cell = {"value": cell}
    value = cell["value"]
    attrs = ""
    if cell.get("style"):
        attrs += f' table:style-name="{cell["style"]}"'
    if cell.get("formula"):
        attrs += f" table:formula={quoteattr(cell['formula'])}"
    if cell.get("rows", 1) > 1:
        attrs += f' table:number-rows-spanned="{cell["rows"]}"'
    if cell.get("columns", 1) > 1:
        attrs += f' table:number-columns-spanned="{cell["columns"]}"'
    kind = cell.get("type") or ("float" if isinstance(value, (int, float)) else "string")
    if kind == "date":
        attrs += f' office:value-type="date" office:date-value="{value}"'
    elif kind in ("float", "percentage"):
        attrs += f' office:value-type="{kind}" office:value="{value!r}"'
    else:
        attrs += ' office:value-type="string"'
    return f"<table:table-cell{attrs}><text:p>{escape(str(value))}</text:p></table:table-cell>"


def fods(sheets: dict[str, list[list]], *, hidden_rows=None, hidden_columns=None, hidden_sheets=(), null_date=None):
    """A flat ODS document: sheet name -> rows of cells (row 1 first). Rows/columns to hide are 1-based/0-based."""
    hidden_rows, hidden_columns = hidden_rows or {}, hidden_columns or {}
    out = [_HEAD]
    if null_date:
        out.append(
            f'<table:calculation-settings><table:null-date table:date-value="{null_date}"/></table:calculation-settings>'
        )
    for name, rows in sheets.items():
        style = "hiddentab" if name in hidden_sheets else "shown"
        out.append(f"<table:table table:name={quoteattr(name)} table:style-name={quoteattr(style)}>")
        width = max((len(r) for r in rows), default=1)
        for ci in range(width):
            shown = "collapse" if ci in hidden_columns.get(name, ()) else "visible"
            out.append(f'<table:table-column table:visibility="{shown}"/>')
        for number, row in enumerate(rows, 1):
            visibility = ' table:visibility="collapse"' if number in hidden_rows.get(name, ()) else ""
            out.append(f"<table:table-row{visibility}>" + "".join(_cell(c) for c in row) + "</table:table-row>")
        out.append("</table:table>")
    out.append("</office:spreadsheet></office:body></office:document>")
    return "".join(out)


# --- the books -------------------------------------------------------------------------------------------

INFO = [
    ["Đơn vị:", "Sở Thông tin và Truyền thông tỉnh Lâm Đồng"],
    ["Mã đơn vị:", "LDG-STTTT"],
    ["Tỉnh:", "Lâm Đồng"],
    ["Năm báo cáo:", "Năm 2023"],
    ["Ngày báo cáo:", day("2023-11-30")],
]
INDICATORS = [["Mã chỉ số", "Giá trị", "Trên tổng"], ["dti_score", "439,72/485", None], ["docs_signed_pct", pct(1)]]
REQUESTS = [["Năm", "Nhiệm vụ", "Kinh phí đề xuất (Tỷ VNĐ)"], ["Năm 2024", "Nâng cấp hạ tầng CNTT", "1,5"]]


def _book(budget: list[list], *, names=("ThongTin", "KinhPhi"), info=INFO, **options) -> str:
    sheets = {names[0]: info, names[1]: budget, "Chỉ số": INDICATORS, "Đề xuất": REQUESTS}
    return fods(sheets, **options)


def unit_books() -> dict[str, str]:
    """One book per unit spelling: every number form under a header unit, and under a title-row unit."""
    books = {}
    for index, (slug, (unit, _)) in enumerate(UNITS.items()):
        names = SHEET_SPELLINGS[index % len(SHEET_SPELLINGS)]
        lines = [["a", f"Nhiệm vụ {i + 1}", cell, "-" if i == 0 else None] for i, (cell, _) in enumerate(NUMBER_FORMS)]
        header = ["Nguồn kinh phí", "Nhiệm vụ", f"Kinh phí giao ({unit})", f"Đã giải ngân ({unit})"]
        books[f"unit-header-{slug}"] = _book([header, *lines], names=names)
        title = [["BÁO CÁO KINH PHÍ CHUYỂN ĐỔI SỐ NĂM 2023"], [None, None, None, f"Đơn vị tính: {unit}"]]
        plain = ["Nguồn kinh phí", "Nhiệm vụ", "Kinh phí giao", "Đã giải ngân"]
        books[f"unit-title-{slug}"] = _book([*title, plain, *lines], names=names)
    return books


def full_report() -> str:
    """The report as a province's agency really lays it out in Calc (rows as Calc numbers them in comments)."""
    blank = [None] * 8
    budget = [
        blank,  # 1: a blank row above everything
        [None, merged("BÁO CÁO TÌNH HÌNH THỰC HIỆN KINH PHÍ CHUYỂN ĐỔI SỐ NĂM 2023", 1, 7), *[COVER] * 6],  # 2
        [None, "Đơn vị: Sở Thông tin và Truyền thông tỉnh Lâm Đồng"],  # 3: names the agency, not a unit
        [None, None, None, None, None, None, "ĐVT: Triệu VNĐ"],  # 4
        [
            None,
            merged("STT", 2),
            merged("Nguồn kinh phí", 2),
            merged("Nhiệm vụ", 2),
            merged("Kinh phí", 1, 2),
            COVER,
            merged("Dự kiến giải ngân đến 31/12", 2),
            merged("Ghi chú", 2),
        ],  # 5
        [None, COVER, COVER, COVER, "Được giao", "Đã giải ngân", COVER, COVER],  # 6
        [None, 1, 2, 3, 4, 5, 6, 7],  # 7: column numbers as numeric cells
        [None, "I", None, "Nguồn ngân sách tỉnh (QĐ 569/QĐ-UBND)"],  # 8
        [None, 1, merged("a", 3), "Đảm bảo an toàn thông tin cấp độ 2", 100, 3.402, pct(1)],  # 9
        [None, 2, COVER, "Chỉnh lý, số hoá tài liệu lưu trữ", "300", "0,162", pct(0.875, "pct2")],  # 10 hidden
        [None, 3, COVER, "Xây lắp mạng LAN, wifi", 200, "4,482", pct(0.5)],  # 11
        [None, None, None, "Cộng nguồn a", formula("of:=SUM([.E9:.E11])", 600), formula("of:=SUM([.F9:.F11])", 8.046)],
        [None, "II", None, "Nguồn khác (trung ương, địa phương)"],  # 13
        [None, 4, None, "Phòng họp trực tuyến", "1.234,5", None, None, "chưa báo cáo giải ngân"],  # 14
        [None, 5, None, "Cổng dịch vụ công cấp huyện", formula("of:=[.E9]*2", 200), "-"],  # 15
        # 16: SUM passes over the text "1.234,5" in E14, so Calc shows 200: the stated subtotal is short.
        [None, None, None, "Cộng nguồn b", formula("of:=SUM([.E14:.E15])", 200), formula("of:=SUM([.F14:.F15])", 0)],
        [None, None, None, "Tổng cộng", 2034.5, 8.046],  # 17
        blank,  # 18
        [None, "Ghi chú: số liệu đến ngày 30/11/2023; nguồn b chưa giải ngân."],  # 19
        [None, None, "NGƯỜI LẬP BIỂU", None, None, "THỦ TRƯỞNG ĐƠN VỊ"],  # 20
        [None, None, "(Ký, ghi rõ họ tên)", None, None, "(Ký tên, đóng dấu)"],  # 21
    ]
    return fods(
        {"THÔNG TIN": INFO, "Kinh Phí": budget, "chi so": INDICATORS, "DE XUAT": REQUESTS},
        hidden_rows={"Kinh Phí": [10]},
        null_date="1904-01-01",
    )


def broken_books() -> dict[str, str]:
    """Books a careful reader refuses, each for one cell."""
    header = [
        "Nguồn kinh phí",
        "Nhiệm vụ",
        "Kinh phí giao (Tr.đồng)",
        "Đã giải ngân (Tr.đồng)",
        "Dự kiến giải ngân (%)",
    ]
    good = ["a", "Nhiệm vụ 1", 100, 3.402, pct(1)]

    def with_row(row: list) -> str:
        return _book([["BÁO CÁO"], header, good, row])

    return {
        "broken-div0": with_row(["a", "Nhiệm vụ 2", 50, formula("of:=1/0", 0)]),
        "broken-na": with_row(["a", "Nhiệm vụ 2", formula("of:=NA()", 0), 1]),
        "broken-pct-120": with_row(["b", "Nhiệm vụ 2", 50, 1, pct(1.2)]),
        "broken-source": with_row(["Nguồn d", "Nhiệm vụ 2", 50, 1]),
        "broken-disbursed-over": with_row(["c", "Nhiệm vụ 2", "1,5", "2,5"]),
        "broken-negative": with_row(["c", "Nhiệm vụ 2", -5, None]),
        "broken-year": _book([header, good], info=[*INFO[:3], ["Năm báo cáo:", "Năm 2036"], INFO[4]]),
        "broken-no-kinhphi": _book([header, good], names=("ThongTin", "Kinh phí 2023")),
    }


def openpyxl_roundtrip() -> bytes:
    """An openpyxl workbook (merges, percent format, a hidden column and sheet, 1904 dates) for Calc to re-save."""
    from datetime import date

    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = openpyxl.Workbook()
    book.remove(book.active)
    book.epoch = CALENDAR_MAC_1904
    info = book.create_sheet("Thông Tin")
    for row in [["Đơn vị", "Ban Dân tộc tỉnh Quảng Ngãi"], ["Tỉnh", "Quảng Ngãi"], ["Năm báo cáo", 2023]]:
        info.append(row)
    info["A4"], info["B4"] = "Ngày báo cáo", date(2023, 11, 30)
    info["B4"].number_format = "dd/mm/yyyy"
    budget = book.create_sheet("KINHPHI")
    rows = [
        ["Đơn vị tính: nghìn đồng"],
        ["Nguồn kinh phí", "Nhiệm vụ", "Kinh phí giao", "Đã giải ngân", "Dự kiến giải ngân đến 31/12", "Mã"],
        ["a", "Đảm bảo an toàn thông tin cấp độ 2", 100_000, 3_402, 1, "X1"],
        [None, "Chỉnh lý, số hoá tài liệu lưu trữ", "300.000", "162", 0.875, "X2"],
        ["b", "Phòng họp trực tuyến", 456_000, None, None, "X3"],
    ]
    for row in rows:
        budget.append(row)
    budget.merge_cells("A3:A4")
    for ref in ("E3", "E4"):
        budget[ref].number_format = "0.0%"
    budget.column_dimensions["F"].hidden = True
    requests = book.create_sheet("DeXuat")
    requests.append(["Năm", "Nhiệm vụ", "Kinh phí đề xuất (triệu đồng)"])
    requests.append([2024, "Nâng cấp hạ tầng CNTT", 40])
    requests.sheet_state = "hidden"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def all_sources() -> dict[str, str]:
    return {**unit_books(), "full-report": full_report(), **broken_books()}


def convert(sources: dict[str, str | bytes], out: Path) -> None:
    """Calc saves each source (.fods text, or .xlsx bytes to round-trip) as out/<name>.xlsx."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice is not installed (apt-get install libreoffice-calc-nogui)")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        paths = []
        for name, source in sources.items():
            path = work / "in" / (f"{name}.fods" if isinstance(source, str) else f"{name}.xlsx")
            if isinstance(source, str):
                path.write_text(source, encoding="utf-8")
            else:
                path.write_bytes(source)
            paths.append(path)
        command = [soffice, f"-env:UserInstallation=file://{work}/profile", "--headless"]
        command += ["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(work / "out"), *map(str, paths)]
        subprocess.run(command, check=True, capture_output=True, timeout=600)
        for name in sources:
            written = work / "out" / f"{name}.xlsx"
            if not written.exists():
                raise SystemExit(f"Calc did not write {name}.xlsx (is libreoffice-calc-nogui installed?)")
            shutil.copyfile(written, out / f"{name}.xlsx")


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    convert({**all_sources(), "openpyxl-roundtrip": openpyxl_roundtrip()}, out)
    print(f"wrote {len(list(out.glob('*.xlsx')))} workbooks to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
