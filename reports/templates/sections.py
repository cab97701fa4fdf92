"""The wording of the consolidated report around its fields: what the Sở edits in Word, built once here."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from reports import wording as w
from reports.templates.build_template import add_line, cell_text, data_table, no_borders, para, set_widths, tag

CENTER = WD_ALIGN_PARAGRAPH.CENTER
MONEY_HEADERS = [w.COL_ALLOCATED, w.COL_DISBURSED, w.COL_RATE]  # the workbook's headers too


def title(doc) -> None:
    para(doc, "BÁO CÁO", bold=True, align=CENTER, size=14, before=12, after=0)
    para(doc, "Kết quả thực hiện chuyển đổi số năm {{ year }}", bold=True, align=CENTER, size=14, after=0)
    para(doc, "Phạm vi: {{ scope_name }}", bold=True, align=CENTER, after=0)
    para(doc, "―――――", align=CENTER, after=6)
    para(doc, "Số liệu: {{ view_note }}. Lập từ hệ thống theo dõi chuyển đổi số ngày {{ generated_on }}.", italic=True)
    tag(doc, "{%p if illustrative_note %}")
    para(doc, "Lưu ý: {{ illustrative_note }}", bold=True, italic=True)
    tag(doc, "{%p endif %}")
    para(
        doc,
        "{{ issuer_name }} tổng hợp báo cáo kết quả thực hiện chuyển đổi số năm {{ year }} của {{ n_agencies }} "
        "đơn vị như sau:",
    )


def budget(doc) -> None:
    para(doc, "I. KẾT QUẢ THỰC HIỆN", bold=True, indent=False, before=6)
    para(doc, "1. Kinh phí thực hiện nhiệm vụ chuyển đổi số", bold=True)
    para(
        doc,
        "Tổng kinh phí giao năm {{ year }}: {{ allocated }} ({{ n_lines }} dòng nhiệm vụ). Đã giải ngân "
        "{{ disbursed }}, đạt {{ rate }} so với kinh phí giao của các dòng có báo cáo giải ngân. "
        "Kinh phí giao của các dòng chưa báo cáo giải ngân: {{ not_reported_allocated }} (không tính là 0).",
    )
    para(doc, "a) Theo nguồn kinh phí", italic=True)
    data_table(
        doc,
        "src",
        [w.COL_SOURCE, *MONEY_HEADERS],
        [False, True, True, True],
        [70, 35, 35, 25],
        empty="Chưa có đơn vị nào báo cáo số liệu kinh phí (không tính là 0).",
    )
    para(doc, "b) Theo đơn vị, với kế hoạch giải ngân đến 31/12", italic=True)
    data_table(
        doc,
        "agencies",
        [w.COL_AGENCY, *MONEY_HEADERS, "Kế hoạch giải ngân đến 31/12 (triệu đồng)"],
        [False, True, True, True, True],
        [55, 30, 30, 20, 30],
    )
    para(doc, "c) Theo nhiệm vụ, với ước giải ngân đến 31/12 theo tiến độ hiện tại", italic=True)
    data_table(
        doc,
        "tasks",
        [w.COL_AGENCY, w.COL_TASK, *MONEY_HEADERS, "Ước giải ngân đến 31/12 (triệu đồng)"],
        [False, False, True, True, True, True],
        [30, 52, 22, 22, 16, 22],
        empty="Chưa có đơn vị nào báo cáo số liệu kinh phí (không tính là 0).",
    )


def indicators(doc) -> None:
    para(doc, "2. Chỉ số chuyển đổi số (DTI) và xếp hạng", bold=True)
    data_table(
        doc,
        "dti",
        [w.COL_AGENCY, w.COL_DTI, w.COL_RANK, "Năm đánh giá"],
        [False, True, True, True],
        [75, 30, 30, 30],
        total=False,
    )
    para(doc, "3. Nền tảng số dùng chung và dịch vụ công trực tuyến", bold=True)
    data_table(
        doc,
        "platforms",
        [
            w.COL_AGENCY,
            w.COL_PLATFORMS,
            w.COL_SERVICES,
            w.COL_COMPUTERS,
            "Văn bản điện tử",
            "Văn bản ký số",
        ],
        [False, True, True, True, True, True],
        [50, 23, 23, 23, 23, 23],
        total=False,
    )
    para(doc, "4. Nhân lực và đào tạo, bồi dưỡng", bold=True)
    data_table(
        doc,
        "staff",
        [w.COL_AGENCY, w.COL_STAFF_TOTAL, w.COL_DX_STAFF, w.COL_TRAINING],
        [False, True, True, True],
        [75, 30, 30, 30],
        total=False,
    )


def attributed(doc, name: str, empty: str) -> None:
    """Each agency's own sentences, quoted under its name; a sentence when no agency wrote any."""
    tag(doc, f"{{%p for agency, items in {name} %}}")
    para(doc, "- {{ agency }}:", italic=True)
    tag(doc, "{%p for item in items %}")
    para(doc, "+ “{{ item }}”")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, f"{{%p if not {name} %}}")
    para(doc, empty)
    tag(doc, "{%p endif %}")


def difficulties_and_proposals(doc) -> None:
    para(doc, "II. KHÓ KHĂN, VƯỚNG MẮC", bold=True, indent=False, before=6)
    para(doc, "Theo báo cáo của các đơn vị (trích nguyên văn):")
    attributed(doc, "difficulties", "Các đơn vị không nêu khó khăn, vướng mắc.")
    para(doc, "III. ĐỀ XUẤT, KIẾN NGHỊ", bold=True, indent=False, before=6)
    para(doc, "1. Kiến nghị của các đơn vị (trích nguyên văn)", bold=True)
    attributed(doc, "proposals", "Các đơn vị không có kiến nghị.")
    para(doc, "2. Đề xuất kinh phí năm {{ year + 1 }}", bold=True)
    para(doc, "Tổng kinh phí các đơn vị đề xuất: {{ requested }}.")
    data_table(
        doc,
        "requests",
        [w.COL_AGENCY, w.COL_TASK, w.COL_CATEGORY, w.COL_REQUESTED],
        [False, False, False, True],
        [45, 65, 25, 30],
        empty="Các đơn vị chưa báo cáo đề xuất kinh phí.",
    )
    para(doc, "Trên đây là báo cáo kết quả thực hiện chuyển đổi số năm {{ year }} của {{ issuer_name }}./.")
    signature(doc)


def signature(doc) -> None:
    """Nơi nhận on the left, the signer's title on the right (Decree 30, Phụ lục I)."""
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    set_widths(table, [80, 85])
    left, right = table.rows[0].cells
    cell_text(left, "Nơi nhận:", bold=True, italic=True, size=12)
    for line in ("- UBND tỉnh (b/c);", "- {{ ministry }} (b/c);", "- Các đơn vị báo cáo;", "- Lưu: VT."):
        add_line(left, line, size=11)
    cell_text(right, "GIÁM ĐỐC", bold=True, align=CENTER, size=13)
    add_line(right, "(Ký, ghi rõ họ tên, đóng dấu)", italic=True, align=CENTER, size=12)


def appendix(doc) -> None:
    tag(doc, "{%p for a in appendix %}")
    p = para(doc, "PHỤ LỤC {{ a.number }}", bold=True, align=CENTER, after=0)
    p.paragraph_format.page_break_before = True
    para(doc, "Số liệu báo cáo năm {{ year }} của {{ a.agency }}", bold=True, align=CENTER, after=0)
    para(doc, "(Kèm theo Báo cáo số {{ number }})", italic=True, align=CENTER)
    para(doc, "1. Kinh phí theo nhiệm vụ", bold=True)
    data_table(
        doc,
        "a.lines",
        ["Nguồn", w.COL_TASK, w.COL_DECISION, *MONEY_HEADERS[:2], w.COL_AS_OF],
        [False, False, False, True, True, True],
        [18, 49, 32, 22, 22, 22],
        empty="Đơn vị chưa báo cáo số liệu kinh phí (không tính là 0).",
    )
    para(
        doc,
        "Nguồn: a) kinh phí giao theo quyết định của tỉnh; b) nguồn khác (trung ương, địa phương); "
        "c) kinh phí tự bố trí.",
        italic=True,
        size=11,
    )
    para(doc, "2. Chỉ số", bold=True)
    data_table(
        doc,
        "a.indicators",
        [w.COL_INDICATOR, "Giá trị", w.COL_YEAR_APPLIES, w.COL_NOTE],
        [False, True, True, False],
        [75, 25, 20, 45],
        total=False,
        empty="Đơn vị chưa báo cáo chỉ số.",
    )
    para(doc, "3. Đề xuất kinh phí năm sau", bold=True)
    data_table(
        doc,
        "a.requests",
        [w.COL_TASK, w.COL_CATEGORY, w.COL_REQUESTED],
        [False, False, True],
        [100, 35, 30],
        empty="Đơn vị chưa báo cáo đề xuất kinh phí năm sau.",
    )
    tag(doc, "{%p endfor %}")


def body(doc) -> None:
    title(doc)
    budget(doc)
    indicators(doc)
    difficulties_and_proposals(doc)
    appendix(doc)
