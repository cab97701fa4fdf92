"""Writes a submission (or the blank template) as an .xlsx in the format of loaders/schema.py.

Everything about columns comes from schema.SHEETS, so the template cannot drift from what the readers
accept. The bytes are deterministic: fixed document times and zip entry times (tests and `git diff`
on sample_data/ rely on it).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from domain import FUNDING_SOURCES, INDICATORS, MAX_YEAR, MIN_YEAR, VND_PER_MILLION, Submission
from loaders.real_reports import QUANG_NGAI, first_of_each_table

from .schema import CHI_SO, DE_XUAT, INFO_HEADER, KHO_KHAN, KINH_PHI, THONG_TIN, Column, Sheet

GUIDE_SHEET = "HuongDan"
VALIDATION_ROWS = 1000  # dropdowns cover this many data rows
FIXED_TIME = datetime(2023, 1, 1)
FIXED_ZIP_TIME = (2023, 1, 1, 0, 0, 0)
DATE_FORMAT = "dd/mm/yyyy"

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")  # required columns stand out (explained in HuongDan)
HEADER_BORDER = Border(bottom=Side(style="thin"))
WRAP = Alignment(wrap_text=True, vertical="top")

# The template's example rows: the first line of each table of the real Quảng Ngãi 2023 report.
# Real, valid data, so `loaders check` passes the template.
EXAMPLE = first_of_each_table(QUANG_NGAI)


def write_workbook(submission: Submission | None = None) -> bytes:
    """The .xlsx bytes of `submission`; with None, the template (Quảng Ngãi example rows + HuongDan)."""
    sub = EXAMPLE if submission is None else submission
    wb = Workbook()
    _write_guide(wb.active, template=submission is None)
    _write_info(wb.create_sheet(THONG_TIN.name), sub)
    _write_table(wb.create_sheet(KINH_PHI.name), KINH_PHI, sub.budget_lines)
    _write_table(wb.create_sheet(CHI_SO.name), CHI_SO, sub.indicators)
    _write_table(wb.create_sheet(DE_XUAT.name), DE_XUAT, sub.requests)
    _write_table(wb.create_sheet(KHO_KHAN.name), KHO_KHAN, sub.difficulties)
    _add_validations(wb)
    wb.properties.creator = "Mẫu báo cáo chuyển đổi số"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fix_timestamps(buffer.getvalue())


# --- cells ---------------------------------------------------------------------------------------------


def _million(amount_vnd: int) -> float:
    # Decimal division is exact; float() then picks the double nearest the exact triệu figure.
    return float(Decimal(amount_vnd) / Decimal(VND_PER_MILLION))


def _cell_value(column: Column, record, attr: str | None = None):
    value = getattr(record, attr or (f"{column.key}_vnd" if column.kind == "money" else column.key))
    if value is None:
        return None  # not reported stays an empty cell, never 0
    if column.kind == "money":
        return _million(value)
    if column.kind == "month":
        return f"{value.month:02d}/{value.year}"
    return value


def _put(ws, row: int, col: int, value, bold: bool = False):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = ws.cell(row=row, column=col, value=value)
    if cell.data_type == "f":  # text such as "=1+1" is data, never a formula to run
        cell.data_type = "s"
    if isinstance(value, (date, datetime)):
        cell.number_format = DATE_FORMAT
    if bold:
        cell.font = HEADER_FONT
    return cell


def _style_header(ws, headers: list[str], required: list[bool]) -> None:
    for col, (text, req) in enumerate(zip(headers, required), start=1):
        cell = _put(ws, 1, col, text, bold=True)
        cell.fill = REQUIRED_FILL if req else HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 32


def _set_widths(ws, columns: list[list]) -> None:
    for col, values in enumerate(columns, start=1):
        longest = max((len(str(v)) for v in values if v is not None), default=8)
        ws.column_dimensions[get_column_letter(col)].width = min(60, max(10, longest + 2))


def _write_info(ws, sub: Submission) -> None:
    _style_header(ws, list(INFO_HEADER), [False, False])
    row = 2
    for column in THONG_TIN.columns:
        if column.key == "illustrative":
            if not sub.illustrative:
                continue  # only generated sample data carries the flag
            value = "có"
        elif column.key == "stated_total":
            value = _cell_value(column, sub, "stated_total_vnd")
        else:
            value = _cell_value(column, sub)
        label = _put(ws, row, 1, column.header, bold=column.required)
        label.alignment = WRAP
        _put(ws, row, 2, value).alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        row += 1
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 60


def _write_table(ws, sheet: Sheet, records) -> None:
    extra_headers = list(dict.fromkeys(k for r in records for k, _ in getattr(r, "extra", ())))
    headers = [c.header for c in sheet.columns] + extra_headers
    _style_header(ws, headers, [c.required for c in sheet.columns] + [False] * len(extra_headers))
    widths = [[h] for h in headers]
    for row, record in enumerate(records, start=2):
        values = [_cell_value(c, record) for c in sheet.columns]
        extra = dict(getattr(record, "extra", ()))
        values += [extra.get(h) for h in extra_headers]
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value).alignment = WRAP
            widths[col - 1].append(value)
    _set_widths(ws, widths)


# --- dropdowns -----------------------------------------------------------------------------------------


def _list_validation(ws, sheet: Sheet, key: str, options: list[str], strict: bool, prompt: str) -> None:
    col = get_column_letter([c.key for c in sheet.columns].index(key) + 1)
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(options) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle="Giá trị ngoài danh sách",
        error=prompt if strict else prompt + " Giá trị khác vẫn được nhận nhưng sẽ có cảnh báo.",
        showInputMessage=True,
        promptTitle=sheet.column(key).vi,
        prompt=prompt,
    )
    dv.add(f"{col}2:{col}{VALIDATION_ROWS + 1}")
    ws.add_data_validation(dv)


def _add_validations(wb: Workbook) -> None:
    # Funding source and indicator code warn instead of refusing: the readers accept the full Vietnamese
    # wording of a source and unknown indicator codes (submission format §2).
    _list_validation(
        wb[KINH_PHI.name],
        KINH_PHI,
        "funding_source",
        list(FUNDING_SOURCES),
        strict=False,
        prompt="a = giao theo quyết định của tỉnh; b = nguồn khác; c = tự bố trí.",
    )
    _list_validation(
        wb[CHI_SO.name],
        CHI_SO,
        "code",
        list(INDICATORS),
        strict=False,
        prompt="Chọn mã chỉ số trong danh mục (xem trang HuongDan).",
    )
    _list_validation(
        wb[KHO_KHAN.name],
        KHO_KHAN,
        "kind",
        ["khó khăn", "kiến nghị"],
        strict=True,
        prompt='Ghi "khó khăn" hoặc "kiến nghị".',
    )


# --- instructions --------------------------------------------------------------------------------------


def _guide_rows(template: bool) -> list[tuple[str, ...]]:
    """HuongDan content as rows; a 1-tuple starting with '#' is a heading."""
    rows: list[tuple[str, ...]] = [
        ("# Mẫu báo cáo chuyển đổi số hằng năm — hướng dẫn điền",),
        (
            "Mỗi tệp là báo cáo của một đơn vị cho một năm. Giữ nguyên tên các trang tính và dòng tên cột "
            "(dòng 1); có thể thêm cột riêng ở bên phải, cột thêm được lưu làm ghi chú.",
        ),
        ("Cột tô màu cam là cột bắt buộc; cột màu xanh có thể để trống.",),
    ]
    if template:
        rows.append(
            (
                "Các dòng số liệu trong mẫu là ví dụ lấy từ báo cáo năm 2023 của Ban Dân tộc tỉnh Quảng Ngãi. "
                "Hãy xoá các dòng ví dụ này hoặc ghi đè bằng số liệu của đơn vị mình trước khi nộp.",
            )
        )
    return rows + _guide_sheets() + _guide_reference()


def _guide_sheets() -> list[tuple[str, ...]]:
    """What each sheet holds, and how amounts, numbers and dates are written."""
    rows: list[tuple[str, ...]] = [("",), ("# Các trang tính",)]
    for sheet in (THONG_TIN, KINH_PHI, CHI_SO, DE_XUAT, KHO_KHAN):
        required = ", ".join(c.header for c in sheet.required_columns)
        kind = "bắt buộc" if sheet.required else "không bắt buộc"
        what = "trường" if sheet is THONG_TIN else "cột"
        rows.append((sheet.name, f"{sheet.title_vi} (trang {kind}). Các {what} bắt buộc: {required}."))
    rows += [
        (THONG_TIN.name, "Mỗi dòng một trường: cột A là tên trường, cột B là giá trị."),
        (
            KINH_PHI.name,
            'Mỗi dòng một nhiệm vụ theo một nguồn kinh phí. Một dòng "Tổng cộng" (nếu có) chỉ '
            "dùng để đối chiếu với tổng các dòng, không được lưu thành nhiệm vụ. Trang có thể chỉ "
            "có dòng tên cột nếu đơn vị không có số liệu kinh phí.",
        ),
        (CHI_SO.name, "Mỗi dòng một chỉ số, ghi mã chỉ số theo danh mục bên dưới."),
        (DE_XUAT.name, "Mỗi dòng một nhiệm vụ đề xuất kinh phí cho năm sau."),
        (KHO_KHAN.name, 'Mỗi dòng một ý; cột Loại ghi "khó khăn" hoặc "kiến nghị".'),
        ("",),
        ("# Số tiền, số và ngày",),
        (
            "Đơn vị tiền",
            "Số tiền ghi theo đơn vị trong tên cột: (triệu đồng). Nếu ghi theo đơn vị khác, sửa tên "
            "cột cho đúng, ví dụ (đồng), (nghìn đồng), (tỷ đồng). Cột tiền không ghi đơn vị được hiểu "
            "là triệu đồng và có cảnh báo.",
        ),
        (
            "Cách ghi số",
            "Nên nhập số vào ô kiểu số của Excel. Nếu ghi số dạng chữ, dùng cách Việt Nam: dấu phẩy (,) "
            "là dấu thập phân, dấu chấm (.) phân cách hàng nghìn, ví dụ 1.234.567,5. "
            "3,402 triệu đồng là 3.402.000 đồng.",
        ),
        (
            "Đã giải ngân",
            "Để trống Đã giải ngân = chưa báo cáo, không phải 0. Chỉ ghi 0 khi thực sự chưa giải ngân đồng nào.",
        ),
        (
            "Ngày",
            "Ghi ngày dạng dd/mm/yyyy (30/11/2023); tháng hoàn thành lựa chọn nhà thầu ghi mm/yyyy "
            "(10/2023). Ngày số liệu để trống thì lấy ngày báo cáo.",
        ),
        ("Tỷ lệ", "Cột (%) ghi số từ 0 đến 100."),
        ("Năm", f"Năm ghi 4 chữ số, từ {MIN_YEAR} đến {MAX_YEAR}."),
    ]
    return rows


def _guide_reference() -> list[tuple[str, ...]]:
    """Funding sources, indicator codes, and what is an error or a warning."""
    rows: list[tuple[str, ...]] = [("",), ("# Nguồn kinh phí (cột Nguồn kinh phí)",)]
    rows += [(code, text) for code, text in FUNDING_SOURCES.items()]
    rows += [
        ("", "Có thể ghi đầy đủ bằng chữ thay cho a, b, c."),
        ("",),
        ("# Mã chỉ số (trang ChiSo)",),
        ("Mã chỉ số", "Ý nghĩa", "Đơn vị", "Ghi cột Trên tổng"),
    ]
    rows += [(s.code, s.name_vi, s.unit, "có" if s.has_out_of else "không") for s in INDICATORS.values()]
    rows += [
        (
            "",
            "Mã khác danh mục vẫn được nhận, lưu và hiển thị trong bảng chung, kèm cảnh báo; khi đó hãy ghi "
            "Tên chỉ số.",
        ),
        ("",),
        ("# Lỗi và cảnh báo khi nộp",),
        (
            "Lỗi",
            "Báo cáo bị từ chối, không lưu gì, cho đến khi sửa hết lỗi: thiếu trang tính hoặc cột bắt buộc, "
            "ô bắt buộc trống, chữ trong cột số, số tiền âm, đã giải ngân lớn hơn kinh phí giao, tỷ lệ ngoài "
            f"0–100, giá trị lớn hơn Trên tổng, năm ngoài {MIN_YEAR}–{MAX_YEAR}, ngày sai.",
        ),
        (
            "Cảnh báo",
            "Báo cáo vẫn được lưu, cảnh báo được lưu kèm: mã chỉ số ngoài danh mục, cột tiền không ghi "
            "đơn vị, số có thể hiểu hai cách, tổng ghi khác tổng các dòng, chưa báo cáo số giải ngân, "
            "ngày số liệu sau ngày báo cáo.",
        ),
        (
            "Tệp",
            "Lưu dạng Excel .xlsx (hoặc CSV). Không nhận tệp .xls, tệp có mật khẩu, tệp có macro; công thức "
            "phải được Excel tính xong trước khi lưu.",
        ),
    ]
    return rows


def _write_guide(ws, template: bool) -> None:
    ws.title = GUIDE_SHEET
    for row, values in enumerate(_guide_rows(template), start=1):
        if len(values) == 1 and values[0].startswith("#"):
            _put(ws, row, 1, values[0].lstrip("# "), bold=True).font = Font(bold=True, size=12)
            continue
        for col, value in enumerate(values, start=1):
            if value:
                _put(ws, row, col, value).alignment = WRAP
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 90
    ws.column_dimensions["C"].width = 12
    ws.column_dimensions["D"].width = 18


# --- deterministic bytes -------------------------------------------------------------------------------

_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _fix_timestamps(data: bytes) -> bytes:
    """Rewrites the zip with constant entry times and document times (openpyxl stamps 'now')."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = _CORE_TIMES.sub(rb"\g<1>" + stamp + rb"\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()
