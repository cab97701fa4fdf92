"""Workbooks built here, read through loaders.read_submission: the figures a user would read (format §2, §4)."""

from datetime import date
from io import BytesIO

import openpyxl

import loaders
from loaders import schema as S
from loaders.sheetxml import _cell_ref

TR = 1_000_000
INFO = [
    ["Trường", "Giá trị"],
    ["Đơn vị", "Ban Dân tộc tỉnh Quảng Ngãi"],
    ["Mã đơn vị", "QNG-BDT"],
    ["Tỉnh", "Quảng Ngãi"],
    ["Năm báo cáo", 2023],
    ["Ngày báo cáo", "30/11/2023"],
    ["Văn bản yêu cầu", "2391/STTTT-BCVT&CNTT ngày 22/11/2023"],
]
BUDGET_HEADER = [
    "Nguồn kinh phí",
    "Văn bản giao",
    "Nhiệm vụ",
    "Kinh phí giao (triệu đồng)",
    "Đã giải ngân (triệu đồng)",
    "Dự kiến giải ngân đến 31/12 (%)",
    "Hoàn thành lựa chọn nhà thầu",
]
QNG_BUDGET = [
    BUDGET_HEADER,
    ["a", "569/QĐ-UBND ngày 26/6/2023", "Đảm bảo an toàn thông tin cấp độ 2", 100, "3,402", 100, "10/2023"],
    ["a", "569/QĐ-UBND ngày 26/6/2023", "Chỉnh lý, số hoá tài liệu lưu trữ", 300, 0.162, 100, "11/2023"],
    ["a", "569/QĐ-UBND ngày 26/6/2023", "Xây lắp mạng LAN, wifi", 200, 4.482, 100, "11/2023"],
    ["b", None, "Phòng họp trực tuyến", 456, None, 100, None],
]
INDICATORS = [
    ["Mã chỉ số", "Giá trị", "Trên tổng", "Năm áp dụng", "Ghi chú"],
    ["dti_score", "439.72/485", None, 2022, "tự chấm"],
    ["dti_rank", "07", 20, 2022, None],
    ["docs_signed_pct", 100, None, None, None],
]
REQUESTS = [
    ["Năm", "Nhiệm vụ", "Nhóm", "Kinh phí đề xuất (triệu đồng)"],
    [2024, "Nâng cấp hạ tầng CNTT", "hạ tầng", 40],
]


def workbook(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def qng(**changes) -> dict[str, list[list]]:
    sheets = {"ThongTin": INFO, "KinhPhi": QNG_BUDGET, "ChiSo": INDICATORS, "DeXuat": REQUESTS}
    sheets.update(changes)
    return {k: v for k, v in sheets.items() if v is not None}


def read(sheets, name="bao-cao.xlsx"):
    return loaders.read_submission(name, workbook(sheets))


def where(result, code):
    return [(i.sheet, i.row, i.column) for i in result.issues if i.code == code]


def test_quang_ngai_figures_to_the_dong():
    result = read(qng())
    assert result.ok, [i.message_vi for i in result.errors]
    sub = result.submission
    assert (sub.agency, sub.agency_code, sub.province, sub.year, sub.report_date) == (
        "Ban Dân tộc tỉnh Quảng Ngãi",
        "QNG-BDT",
        "Quảng Ngãi",
        2023,
        date(2023, 11, 30),
    )
    lines = sub.budget_lines
    assert [b.allocated_vnd for b in lines] == [100 * TR, 300 * TR, 200 * TR, 456 * TR]
    assert [b.disbursed_vnd for b in lines] == [3_402_000, 162_000, 4_482_000, None]  # text and numeric cells
    assert sum(b.allocated_vnd for b in lines if b.funding_source == "a") == 600 * TR
    assert lines[0].as_of == date(2023, 11, 30)  # defaults to the report date
    assert lines[0].procurement_done == date(2023, 10, 1)
    assert lines[0].expected_pct == 100
    # Empty disbursed: not reported, warned, never 0.
    assert where(result, "disbursed-not-reported") == [("KinhPhi", 5, "Đã giải ngân (triệu đồng)")]
    # "3,402" read the Vietnamese way; 3402 triệu would exceed the 100 allocated, so the cell is named.
    assert where(result, "ambiguous-number") == [("KinhPhi", 2, "Đã giải ngân (triệu đồng)")]
    score, rank, signed = sub.indicators
    assert (score.value, score.out_of, score.applies_to_year) == (439.72, 485, 2022)
    assert (rank.value, rank.out_of) == (7, 20)
    assert (signed.value, signed.applies_to_year) == (100, 2023)  # defaults to the report year
    assert [(r.year, r.task, r.amount_vnd) for r in sub.requests] == [(2024, "Nâng cấp hạ tầng CNTT", 40 * TR)]


def test_accent_free_names_english_headers_and_units():
    info = [["agency", "Sở Nội vụ"], ["province", "Tỉnh Minh Hoạ"], ["year", "2024"], ["illustrative", "x"]]
    budget = [
        ["funding_source", "task", "allocated (nghìn đồng)", "disbursed (tỷ đồng)", "STT"],
        ["A)", "Số hoá hồ sơ", 250_000, "0,1", "1"],
        ["Kinh phí tự bố trí", "Trang thông tin", "1.500.000", "40 tr.đ", "2"],
    ]
    result = read(
        {"THONGTIN": info, "kinh_phi": budget, "Chi so": [["code", "value"]], "de-xuat": [["year", "task", "amount"]]}
    )
    assert result.ok, [i.message_vi for i in result.errors]
    sub = result.submission
    assert sub.agency_code == "SO-NOI-VU" and sub.illustrative and sub.year == 2024
    assert [(b.funding_source, b.allocated_vnd, b.disbursed_vnd) for b in sub.budget_lines] == [
        ("a", 250_000_000, 100_000_000),
        ("c", 1_500_000_000, 40_000_000),
    ]  # a unit in the cell overrides the header's
    assert sub.budget_lines[0].extra == (("STT", "1"),)  # unknown columns kept as notes
    assert sub.indicators == () and sub.requests == ()  # header only: nothing reported


def test_title_rows_total_row_and_blank_rows():
    budget = [
        ["BÁO CÁO KINH PHÍ CHUYỂN ĐỔI SỐ NĂM 2023"],
        ["Đơn vị tính: triệu đồng"],
        [],
        ["Nguồn", "Nhiệm vụ", "Kinh phí giao (tỷ đồng)", "Đã giải ngân (tỷ đồng)"],
        ["a", "Nhiệm vụ 1", 1.5, 1],
        [],
        ["a", "Nhiệm vụ 2", "0,5", None],
        [None, "Tổng cộng", 2.5, 1],
    ]
    result = read(qng(KinhPhi=budget))
    assert result.ok
    assert [(b.task, b.allocated_vnd, b.source_row) for b in result.submission.budget_lines] == [
        ("Nhiệm vụ 1", 1_500_000_000, 5),
        ("Nhiệm vụ 2", 500_000_000, 7),
    ]
    (mismatch,) = [i for i in result.issues if i.code == "total-mismatch"]
    assert (mismatch.sheet, mismatch.row, mismatch.column) == ("KinhPhi", 8, "Kinh phí giao (tỷ đồng)")
    assert "2.500.000.000 đồng" in mismatch.message_vi and "2.000.000.000 đồng" in mismatch.message_vi


def test_money_column_without_unit_is_read_as_trieu_with_one_warning():
    budget = [
        ["Nguồn kinh phí", "Nhiệm vụ", "Kinh phí giao", "Đã giải ngân"],
        ["a", "Nhiệm vụ 1", 100, 50],
        ["b", "Nhiệm vụ 2", 200, 60],
    ]
    result = read(qng(KinhPhi=budget))
    assert [b.allocated_vnd for b in result.submission.budget_lines] == [100 * TR, 200 * TR]
    assert where(result, "unit-assumed") == [("KinhPhi", 1, "Kinh phí giao"), ("KinhPhi", 1, "Đã giải ngân")]


def test_thongtin_stated_total_is_checked():
    info = INFO + [["Tổng kinh phí (triệu đồng)", 1000]]
    result = read(qng(ThongTin=info))
    assert result.ok and result.submission.stated_total_vnd == 1000 * TR
    assert where(result, "total-mismatch") == [("ThongTin", 8, "Tổng kinh phí (triệu đồng)")]


def test_broken_file_reports_every_problem_in_place():
    info = [["Đơn vị", "Sở Y tế"], ["Tỉnh", "Quảng Ngãi"], ["Năm báo cáo", 2050], ["Ngày báo cáo", "31/13/2023"]]
    budget = [
        BUDGET_HEADER[:5] + ["Dự kiến giải ngân đến 31/12 (%)"],
        ["a", None, "Nhiệm vụ 1", "một trăm", 1, 100],
        ["a", None, "Nhiệm vụ 2", -5, None, 100],
        ["b", None, "Nhiệm vụ 3", 100, 150, 120],
        ["x", None, "", 10, 1, 50],
    ]
    indicators = [["Mã chỉ số", "Giá trị", "Trên tổng"], ["platforms_used", 8, 7]]
    result = read({"ThongTin": info, "KinhPhi": budget, "ChiSo": indicators})
    assert result.submission is None and not result.ok
    errors = {(i.code, i.sheet, i.row, i.column) for i in result.errors}
    assert errors == {
        ("year-out-of-range", "ThongTin", 3, "Năm báo cáo"),
        ("bad-date", "ThongTin", 4, "Ngày báo cáo"),
        ("not-a-number", "KinhPhi", 2, "Kinh phí giao (triệu đồng)"),
        ("negative-amount", "KinhPhi", 3, "Kinh phí giao (triệu đồng)"),
        ("disbursed-over-allocated", "KinhPhi", 4, "Đã giải ngân (triệu đồng)"),
        ("pct-out-of-range", "KinhPhi", 4, "Dự kiến giải ngân đến 31/12 (%)"),
        ("bad-funding-source", "KinhPhi", 5, "Nguồn kinh phí"),
        ("required-empty", "KinhPhi", 5, "Nhiệm vụ"),
        ("value-over-out-of", "ChiSo", 2, "Giá trị"),
    }
    # No DeXuat sheet: a warning, its figures not reported (format §2, amendment 2).
    assert ("missing-sheet-optional", "DeXuat") in {(i.code, i.sheet) for i in result.warnings}
    (nan,) = [i for i in result.errors if i.code == "not-a-number"]
    assert "một trăm" in nan.message_vi and nan.file == "bao-cao.xlsx"


def test_missing_column_and_missing_field():
    budget = [["Nguồn kinh phí", "Nhiệm vụ"], ["a", "Nhiệm vụ 1"]]
    result = read(qng(KinhPhi=budget, ThongTin=INFO[:3]))
    assert not result.ok
    assert where(result, "missing-column") == [("KinhPhi", 1, "Kinh phí giao (triệu đồng)")]
    assert {c for _, _, c in where(result, "missing-field")} == {"Tỉnh", "Năm báo cáo"}


def test_source_headings_without_a_source_column_name_the_missing_column():
    """Sections under "I. Nguồn ngân sách tỉnh" headings but no Nguồn kinh phí column: the agency is told the column
    is missing (read_row once raised KeyError: 'funding_source' here, and the upload got only "read-crashed")."""
    budget = [
        ["Nhiệm vụ", "Kinh phí giao (triệu đồng)", "Đã giải ngân (triệu đồng)"],
        ["I. Nguồn ngân sách tỉnh", None, None],
        ["Đảm bảo an toàn thông tin cấp độ 2", 100, "3,402"],
    ]
    result = read(qng(KinhPhi=budget))
    assert not result.ok
    assert where(result, "missing-column") == [("KinhPhi", 1, "Nguồn kinh phí")]


def test_unreadable_bytes_give_an_issue_not_a_traceback():
    result = loaders.read_submission("hong.xlsx", b"PK\x03\x04 not really a zip")
    assert result.submission is None and result.errors


def test_cell_references_as_excel_and_careless_writers_spell_them():
    # sheetxml remembers each reference it has read (a template repeats "A1".."K40"): odd ones read the same.
    for _ in range(2):
        assert _cell_ref("B7") == (7, 1)
        assert _cell_ref("$aa$12") == (12, 26)
        assert _cell_ref("XFD1048576") == (1048576, 16383)
        assert _cell_ref("") is None and _cell_ref("7B") is None and _cell_ref("ABCD1") is None


def test_format_sheets_have_no_two_equal_columns():
    # The header search tells matched columns apart by identity (headers._match_rows): right only while this holds.
    for sheet in S.SHEETS:
        assert all(a != b for i, a in enumerate(sheet.columns) for b in sheet.columns[i + 1 :]), sheet.name
