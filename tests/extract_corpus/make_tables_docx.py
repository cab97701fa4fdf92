"""Build the constructed .docx test documents of tests/extract_corpus/tables/ (issue 18).

They are not real reports: each says so in its first paragraph and in its core properties. They hold the table
shapes .docx budget reports use (a merged unit header over two money columns, a "ĐVT" line above the table,
a cell that writes its own unit) so the table reader is measured on Word tables as well as on text tables.
Run: .venv/bin/python tests/extract_corpus/make_tables_docx.py
"""

from __future__ import annotations

from pathlib import Path

import docx

HERE = Path(__file__).parent / "tables"
NOTE = "Tài liệu dựng để kiểm thử (issue 18), không phải văn bản thật."


def _doc(paragraphs: list[str]) -> docx.document.Document:
    d = docx.Document()
    d.core_properties.comments = NOTE
    d.core_properties.title = NOTE
    for p in [NOTE, *paragraphs]:
        d.add_paragraph(p)
    return d


def _table(d: docx.document.Document, rows: list[list[str]]) -> docx.table.Table:
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    return t


def du_toan_bac_kan(path: Path) -> None:
    d = _doc(
        [
            "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN",
            "Bắc Kạn, ngày 5 tháng 4 năm 2023",
            "QUYẾT ĐỊNH",
            "Phê duyệt danh mục và dự toán các dự án ứng dụng công nghệ thông tin năm 2023",
            "Điều 1. Phê duyệt danh mục dự án ứng dụng công nghệ thông tin như phụ lục kèm theo.",
        ]
    )
    t = _table(
        d,
        [
            ["STT", "Tên dự án", "Kinh phí (tỷ đồng)", ""],
            ["", "", "Tổng dự toán", "Bố trí năm 2023"],
            ["I", "Dự án chuyển tiếp", "12,5", "4,5"],
            ["1", "Hệ thống thông tin giải quyết thủ tục hành chính", "8", "3"],
            ["2", "Hạ tầng mạng diện rộng của tỉnh", "4,5", "1,5"],
            ["II", "Dự án khởi công mới", "6", "2"],
            ["3", "Kho dữ liệu số của tỉnh", "6", "2"],
            ["", "Tổng cộng", "18,5", "6,5"],
        ],
    )
    t.cell(0, 2).merge(t.cell(0, 3))  # the unit header spans both money columns
    t.cell(0, 0).merge(t.cell(1, 0))
    t.cell(0, 1).merge(t.cell(1, 1))
    d.add_paragraph("Điều 2. Quyết định có hiệu lực kể từ ngày ký.")
    d.save(str(path))


def giai_ngan_dien_bien(path: Path) -> None:
    d = _doc(
        [
            "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH ĐIỆN BIÊN",
            "Điện Biên, ngày 20 tháng 11 năm 2024",
            "BÁO CÁO",
            "Kết quả giải ngân kinh phí ứng dụng công nghệ thông tin năm 2024",
            "Năm 2024, Sở Thông tin và Truyền thông tỉnh Điện Biên được giao 3.550,5 triệu đồng.",
            "ĐVT: triệu đồng",
        ]
    )
    _table(
        d,
        [
            ["TT", "Nhiệm vụ", "Kế hoạch vốn", "Giải ngân", "Tỷ lệ (%)"],
            ["1", "Chữ ký số chuyên dùng", "300", "280", "93,3"],
            ["2", "Cổng dịch vụ công của tỉnh", "1.250,5", "900", "72"],
            ["3", "Bản đồ số", "2 tỷ đồng", "450 triệu đồng", "22,5"],
            ["", "Tổng cộng", "3.550,5", "1.630", "45,9"],
        ],
    )
    d.add_paragraph("Trên đây là báo cáo kết quả giải ngân năm 2024.")
    d.save(str(path))


if __name__ == "__main__":
    du_toan_bac_kan(HERE / "bac-kan_du-toan-du-an_hai-dong-tieu-de.docx")
    giai_ngan_dien_bien(HERE / "dien-bien_giai-ngan_dvt-tren-bang.docx")
