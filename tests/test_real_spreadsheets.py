"""Format §7: workbooks as Excel, LibreOffice and Google Sheets write them, read as a careful reader does.

Each file is built with openpyxl and, where openpyxl cannot write what those tools write (error cells, cached
formula values), by editing the sheet XML inside the zip. Assertions are the figures to the đồng and the
place (sheet, row, column) of every rejection.
"""

from __future__ import annotations

import re
import time
import tracemalloc
import zipfile
from io import BytesIO

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

import loaders
from loaders.sheetxml import open_book

TR = 1_000_000
INFO = [
    ["Đơn vị:", "Ban Dân tộc tỉnh Quảng Ngãi"],
    ["Mã đơn vị:", "QNG-BDT"],
    ["Tỉnh:", "Quảng Ngãi"],
    ["Năm báo cáo:", "Năm 2023"],
    ["Ngày báo cáo:", "ngày 30 tháng 11 năm 2023"],
]
HEADER = ["Nguồn kinh phí", "Nhiệm vụ", "Kinh phí giao (triệu đồng)", "Đã giải ngân (triệu đồng)"]
LINES = [
    ["a", "Đảm bảo an toàn thông tin cấp độ 2", 100, 3.402],
    ["a", "Chỉnh lý, số hoá tài liệu lưu trữ", 300, 0.162],
    ["a", "Xây lắp mạng LAN, wifi", 200, 4.482],
    ["b", "Phòng họp trực tuyến", 456, None],
]
INDICATORS = [["Mã chỉ số", "Giá trị", "Trên tổng"], ["dti_score", "439,72/485", None], ["dti_rank", 7, 20]]
REQUESTS = [["Năm", "Nhiệm vụ", "Kinh phí đề xuất (triệu đồng)"], [2024, "Nâng cấp hạ tầng CNTT", 40]]


def build(budget: list[list], *, info=INFO, extra=None, edit=None, **sheets) -> bytes:
    """A workbook with ThongTin, KinhPhi (rows given), ChiSo, DeXuat; `edit(book)` may change it before saving."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    content = {"ThongTin": info, "KinhPhi": budget, "ChiSo": INDICATORS, "DeXuat": REQUESTS, **(extra or {})}
    for name, rows in content.items():
        if rows is None:
            continue
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    if edit:
        edit(book)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def patch_xml(raw: bytes, part: str, change) -> bytes:
    """The workbook with one XML part rewritten by change(text) -> text, as another tool would have written it."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(raw)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def sheet_part(raw: bytes, name: str) -> str:
    book = open_book(raw)
    return next(part for sheet, part, _ in book.parts if sheet == name)


def set_cell_xml(raw: bytes, sheet: str, ref: str, xml: str) -> bytes:
    """Replaces cell `ref` of `sheet` by the given <c> element (error values, cached formula values)."""

    def change(text: str) -> str:
        pattern = re.compile(r'<c r="' + ref + r'"[^>]*?(?:/>|>.*?</c>)', re.S)
        assert pattern.search(text), ref
        return pattern.sub(xml, text, count=1)

    return patch_xml(raw, sheet_part(raw, sheet), change)


def read(raw: bytes, name: str = "bao-cao.xlsx") -> loaders.ParseResult:
    return loaders.read_submission(name, raw)


def amounts(result) -> list[tuple[str, str, int, int | None]]:
    assert result.submission is not None, [(i.code, i.sheet, i.row, i.column, i.message_vi) for i in result.errors]
    return [(b.funding_source, b.task, b.allocated_vnd, b.disbursed_vnd) for b in result.submission.budget_lines]


def codes(result, severity="warning") -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for i in result.issues:
        if i.severity == severity:
            out.setdefault(i.code, []).append((i.sheet, i.row, i.column))
    return out


QNG_VND = [
    ("a", "Đảm bảo an toàn thông tin cấp độ 2", 100 * TR, 3_402_000),
    ("a", "Chỉnh lý, số hoá tài liệu lưu trữ", 300 * TR, 162_000),
    ("a", "Xây lắp mạng LAN, wifi", 200 * TR, 4_482_000),
    ("b", "Phòng họp trực tuyến", 456 * TR, None),
]


def test_the_plain_report_reads_as_written():
    result = read(build([HEADER, *LINES]))
    assert amounts(result) == QNG_VND
    s = result.submission
    assert (s.year, s.report_date.isoformat()) == (2023, "2023-11-30")  # "Năm 2023", "ngày 30 tháng 11 năm 2023"
    dti = next(i for i in s.indicators if i.code == "dti_score")
    assert (dti.value, dti.out_of) == (439.72, 485)


@pytest.mark.parametrize(
    "unit, per_unit",
    [
        ("(Tr.đồng)", TR),
        ("(tr. đồng)", TR),
        ("(Triệu VNĐ)", TR),
        ("(trđ)", TR),
        ("(Tỷ VNĐ)", 1_000_000_000),
        ("(tỷ đồng)", 1_000_000_000),
        ("(Nghìn VNĐ)", 1_000),
        ("(ngàn đồng)", 1_000),
        ("(1.000đ)", 1_000),
        ("(1.000 đồng)", 1_000),
        ("(đồng)", 1),
        ("(đ)", 1),
        ("(VNĐ)", 1),
        ("(VND)", 1),
    ],
)
def test_every_header_unit_sets_the_scale(unit, per_unit):
    header = ["Nguồn kinh phí", "Nhiệm vụ", f"Kinh phí giao {unit}", f"Đã giải ngân {unit}"]
    result = read(build([header, ["a", "Nhiệm vụ 1", 600, 4.25]]))
    assert amounts(result) == [("a", "Nhiệm vụ 1", 600 * per_unit, round(4.25 * per_unit))]
    assert "unit-assumed" not in codes(result)


def test_title_row_unit_applies_to_columns_without_their_own():
    budget = [
        ["BÁO CÁO KINH PHÍ CHUYỂN ĐỔI SỐ NĂM 2023"],
        [None, None, None, "Đơn vị tính: đồng"],
        ["Nguồn kinh phí", "Nhiệm vụ", "Kinh phí giao", "Đã giải ngân (triệu đồng)"],
        ["a", "Đảm bảo an toàn thông tin cấp độ 2", 100_000_000, 3.402],
    ]
    result = read(build(budget))
    # the title's unit for "Kinh phí giao"; the column's own unit wins for "Đã giải ngân"
    assert amounts(result) == [("a", "Đảm bảo an toàn thông tin cấp độ 2", 100 * TR, 3_402_000)]
    assert "unit-assumed" not in codes(result)


def test_a_money_column_with_no_unit_anywhere_is_read_as_trieu_with_a_warning():
    result = read(build([["Nguồn kinh phí", "Nhiệm vụ", "Kinh phí giao"], ["a", "Nhiệm vụ 1", 100]]))
    assert amounts(result) == [("a", "Nhiệm vụ 1", 100 * TR, None)]
    assert codes(result)["unit-assumed"] == [("KinhPhi", 1, "Kinh phí giao")]


def test_error_cell_is_an_error_naming_the_cell():
    raw = build([HEADER, *LINES])
    raw = set_cell_xml(raw, "KinhPhi", "D3", '<c r="D3" t="e"><f>#REF!*1</f><v>#REF!</v></c>')
    result = read(raw)
    assert result.submission is None
    (error,) = [i for i in result.errors if i.code == "cell-error"]
    assert (error.sheet, error.row, error.column) == ("KinhPhi", 3, "Đã giải ngân (triệu đồng)")
    assert "KinhPhi!D3" in error.message_vi and "#REF!" in error.message_vi and "KinhPhi!D3" in error.message_en


@pytest.mark.parametrize("value", ["#DIV/0!", "#VALUE!", "#N/A"])
def test_every_error_value_is_refused(value):
    raw = set_cell_xml(build([HEADER, *LINES]), "KinhPhi", "C2", f'<c r="C2" t="e"><v>{value}</v></c>')
    result = read(raw)
    assert [(i.code, i.sheet, i.row, i.column) for i in result.errors] == [
        ("cell-error", "KinhPhi", 2, "Kinh phí giao (triệu đồng)")
    ]


def test_cached_formula_value_is_taken_and_a_formula_without_one_is_refused():
    raw = set_cell_xml(build([HEADER, *LINES]), "KinhPhi", "C4", '<c r="C4"><f>C2*2</f><v>200</v></c>')
    assert amounts(read(raw))[2][2] == 200 * TR
    raw = set_cell_xml(build([HEADER, *LINES]), "KinhPhi", "C4", '<c r="C4"><f>C2*2</f></c>')
    result = read(raw)
    assert [(i.code, i.sheet, i.row, i.column) for i in result.errors] == [("formula-no-value", "KinhPhi", 4, "C")]


def test_two_sheets_folding_to_one_name_are_an_error_naming_both():
    raw = build([HEADER, *LINES], extra={"Kinh phí": [HEADER, ["a", "Nhiệm vụ khác", 999, None]]})
    result = read(raw)
    assert result.submission is None
    (error,) = [i for i in result.errors if i.code == "duplicate-sheet"]
    assert '"KinhPhi"' in error.message_vi and '"Kinh phí"' in error.message_vi


def _percent_cells(book, cells: dict[str, float], fmt: str = "0%") -> None:
    sheet = book["KinhPhi"]
    sheet["E1"] = "Dự kiến giải ngân đến 31/12 (%)"
    for ref, value in cells.items():
        sheet[ref] = value
        sheet[ref].number_format = fmt


def test_percent_formatted_cells_hold_fractions():
    raw = build([HEADER, *LINES], edit=lambda b: _percent_cells(b, {"E2": 1, "E3": 0.875, "E4": 0.5}, "0.0%"))
    lines = read(raw).submission.budget_lines
    assert [line.expected_pct for line in lines] == [100.0, 87.5, 50.0, None]


def test_percent_cell_of_120_is_out_of_range():
    raw = build([HEADER, *LINES], edit=lambda b: _percent_cells(b, {"E2": 1.2}))
    result = read(raw)
    (error,) = result.errors
    assert (error.code, error.sheet, error.row, error.column) == (
        "pct-out-of-range",
        "KinhPhi",
        2,
        "Dự kiến giải ngân đến 31/12 (%)",
    )
    assert "120" in error.message_vi


def test_two_row_header_sections_subtotals_notes_and_merged_sources():
    """The shape agencies really send: title, unit row, merged group header, column numbers, sections."""
    budget = [
        ["BÁO CÁO TÌNH HÌNH THỰC HIỆN KINH PHÍ CHUYỂN ĐỔI SỐ NĂM 2023"],
        ["STT", "Nguồn kinh phí", "Nhiệm vụ", "Kinh phí (Tr.đồng)", None, "Ghi chú"],
        [None, None, None, "Được giao", "Đã giải ngân", None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        ["I", None, "Nguồn ngân sách tỉnh (QĐ 569/QĐ-UBND)", None, None, None],
        [1, "a", "Đảm bảo an toàn thông tin cấp độ 2", 100, 3.402, None],
        [2, None, "Chỉnh lý, số hoá tài liệu lưu trữ", 300, 0.162, None],
        [3, None, "Xây lắp mạng LAN, wifi", 200, 4.482, None],
        [None, None, "Cộng nguồn a", 600, 8.046, None],
        ["II", None, "Nguồn khác", None, None, None],
        [4, "b", "Phòng họp trực tuyến", 456, None, "chưa báo cáo giải ngân"],
        [None, None, "Cộng nguồn b", 456, None, None],
        [None, None, "Tổng cộng", 1056, None, None],
        [None, None, "Ghi chú: số liệu đến ngày 30/11/2023", None, None, None],
        [None, "NGƯỜI LẬP BIỂU", None, None, "THỦ TRƯỞNG ĐƠN VỊ", None],
    ]

    def merge(book):
        sheet = book["KinhPhi"]
        for ref in ("A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3", "B6:B8"):
            sheet.merge_cells(ref)

    result = read(build(budget, edit=merge))
    assert amounts(result) == QNG_VND
    lines = result.submission.budget_lines
    assert [line.source_row for line in lines] == [6, 7, 8, 11]
    assert dict(lines[3].extra) == {"STT": "4"} and lines[3].note == "chưa báo cáo giải ngân"
    assert "total-mismatch" not in codes(result)
    assert "unit-assumed" not in codes(result)


def test_a_subtotal_that_does_not_add_up_is_a_warning_at_its_row():
    budget = [HEADER, *LINES[:3], [None, "Cộng nguồn a", 500, None], LINES[3], ["Tổng cộng", None, 1056, None]]
    result = read(build(budget))
    assert len(amounts(result)) == 4
    assert codes(result)["total-mismatch"] == [("KinhPhi", 5, "Kinh phí giao (triệu đồng)")]


def test_a_task_that_starts_like_a_total_word_is_still_a_line():
    budget = [HEADER, ["a", "Tổng hợp, số hoá hồ sơ", 50, 1], ["c", "Cộng đồng số ở thôn bản", 20, 0]]
    assert [t for _, t, _, _ in amounts(read(build(budget)))] == ["Tổng hợp, số hoá hồ sơ", "Cộng đồng số ở thôn bản"]


def test_hidden_rows_columns_and_sheets_are_read_and_named():
    def hide(book):
        book["KinhPhi"].row_dimensions[3].hidden = True
        book["KinhPhi"].column_dimensions["D"].hidden = True
        book["DeXuat"].sheet_state = "hidden"

    result = read(build([HEADER, *LINES], edit=hide))
    assert amounts(result) == QNG_VND
    assert result.submission.requests[0].amount_vnd == 40 * TR
    hidden = codes(result)["hidden-content"]
    assert ("KinhPhi", 3, None) in hidden and ("KinhPhi", None, "D") in hidden and ("DeXuat", None, None) in hidden


@pytest.mark.parametrize(
    "text, vnd",
    [
        ("1 234 567", 1_234_567),
        ("1\u00a0234\u00a0567", 1_234_567),
        ("1\u202f234\u202f567", 1_234_567),
        ("1.234.567", 1_234_567),
        ("1,234,567", 1_234_567),
        ("1,234,567.5", 1_234_568),
        ("1.234.567,5", 1_234_568),
    ],
)
def test_grouped_numbers_in_dong(text, vnd):
    header = ["Nguồn kinh phí", "Nhiệm vụ", "Kinh phí giao (đồng)"]
    assert amounts(read(build([header, ["a", "Nhiệm vụ 1", text]]))) == [("a", "Nhiệm vụ 1", vnd, None)]


@pytest.mark.parametrize("dash", ["-", "–", "—"])
def test_a_lone_dash_is_nil_with_a_warning_naming_the_cell(dash):
    result = read(build([HEADER, ["a", "Nhiệm vụ 1", 100, dash]]))
    assert amounts(result) == [("a", "Nhiệm vụ 1", 100 * TR, 0)]
    (warning,) = [i for i in result.warnings if i.code == "nil-dash"]
    assert (warning.sheet, warning.row, warning.column) == ("KinhPhi", 2, "Đã giải ngân (triệu đồng)")
    assert "KinhPhi!D2" in warning.message_vi


@pytest.mark.parametrize(
    "written", ["30/11/2023", "30-11-2023", "30.11.2023", "ngày 30 tháng 11 năm 2023", "Ngày 30/11/2023"]
)
def test_report_dates_in_every_written_form(written):
    info = [*INFO[:4], ["Ngày báo cáo", written]]
    assert read(build([HEADER, *LINES], info=info)).submission.report_date.isoformat() == "2023-11-30"


@pytest.mark.parametrize("epoch", ["1900", "1904"])
def test_real_date_cells_in_either_date_system(epoch):
    from datetime import date

    def dated(book):
        if epoch == "1904":
            book.epoch = CALENDAR_MAC_1904
        cell = book["ThongTin"]["B5"]
        cell.value = date(2023, 11, 30)
        cell.number_format = "dd/mm/yyyy"

    raw = build([HEADER, *LINES], edit=dated)
    if epoch == "1904":
        assert b'date1904="1"' in zipfile.ZipFile(BytesIO(raw)).read("xl/workbook.xml")
    assert read(raw).submission.report_date == date(2023, 11, 30)


def test_a_report_without_de_xuat_or_chi_so_is_accepted_with_warnings():
    result = read(build([HEADER, *LINES], ChiSo=None, extra={"DeXuat": None, "ChiSo": None}))
    assert amounts(result) == QNG_VND
    assert result.submission.requests == () and result.submission.indicators == ()
    assert sorted(s for s, _, _ in codes(result)["missing-sheet-optional"]) == ["ChiSo", "DeXuat"]


def test_unknown_funding_source_is_an_error_naming_the_cell():
    result = read(build([HEADER, ["d", "Nhiệm vụ 1", 100, 1]]))
    assert [(i.code, i.sheet, i.row, i.column) for i in result.errors] == [
        ("bad-funding-source", "KinhPhi", 2, "Nguồn kinh phí")
    ]


def test_csv_with_sep_line():
    text = "sep=;\nĐơn vị;Năm báo cáo;Nguồn kinh phí;Nhiệm vụ;Kinh phí giao (Tr.đồng);Đã giải ngân (Tr.đồng)\n"
    text += "Ban Dân tộc tỉnh Quảng Ngãi;2023;a;Đảm bảo an toàn thông tin cấp độ 2;100;3,402\n"
    text += "Ban Dân tộc tỉnh Quảng Ngãi;2023;a;Chỉnh lý, số hoá tài liệu lưu trữ;300;0,162\n"
    result = loaders.read_submission("kinh-phi.csv", text.encode("utf-8-sig"))
    assert amounts(result) == QNG_VND[:2]
    assert [b.source_row for b in result.submission.budget_lines] == [3, 4]  # rows as the editor numbers them


def test_stray_formatted_cell_far_away_costs_nothing():
    """A four-line report with one formatted cell at K1048576: read in proportion to the filled cells.

    Prints time and peak Python memory (figures go in the issue's note); asserts the sparse grid, not time.
    """

    def stray(book):
        book["KinhPhi"]["K1048576"].number_format = "0.00"
        book["KinhPhi"]["K1048576"].value = " "  # a space: python-calamine then built a 1048576-row grid (8 s, 530 MB)

    raw = build([HEADER, *LINES], edit=stray)
    assert b"K1048576" in zipfile.ZipFile(BytesIO(raw)).read(sheet_part(raw, "KinhPhi"))
    tracemalloc.start()
    started = time.perf_counter()
    result = read(raw)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"stray K1048576: {elapsed * 1000:.0f} ms, peak Python memory {peak / 1e6:.1f} MB")
    assert amounts(result) == QNG_VND
    grid = open_book(raw).sheet("KinhPhi").grid
    assert [n for n, _ in grid] == [1, 2, 3, 4, 5, 1048576]  # the filled rows only, nothing in between


def test_agency_title_ending_in_dong_is_not_a_unit_and_a_numbered_heading_sets_the_source():
    """ "Đơn vị: … Lâm Đồng" names the agency (it once set đồng for every column); the unit row below it counts.
    "II | Nguồn khác": the numeral alone in STT, the heading in the next cell, sets source b for the lines."""
    budget = [
        ["Đơn vị: Sở Thông tin và Truyền thông tỉnh Lâm Đồng"],
        [None, None, None, None, "ĐVT: triệu đồng"],
        ["STT", "Nguồn kinh phí", "Nhiệm vụ", "Kinh phí giao", "Đã giải ngân"],
        ["I", None, "Nguồn ngân sách tỉnh"],
        [1, None, "Đảm bảo an toàn thông tin cấp độ 2", 100, 3.402],
        ["II", None, "Nguồn khác (trung ương, địa phương)"],
        [2, None, "Phòng họp trực tuyến", 456, None],
    ]
    result = read(build(budget))
    assert amounts(result) == [QNG_VND[0], QNG_VND[3]]
    assert "unit-assumed" not in codes(result)
