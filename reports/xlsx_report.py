"""The workbook of the same scope: a summary sheet, then one sheet per report table.

Money cells hold exact integer đồng (totals equal the dashboard's to the đồng) and display as triệu đồng
through the number format's ",," scaling. Text from the agencies' files is neutralised (analysis.exports).
Table sheets carry no total row, so a column's sum is the total; the summary sheet states the totals.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from analysis.exports import SHEET_NAME_MAX, neutralise
from reports import content as c
from reports import wording as w

# ",," divides the shown value by 10^6: 1096962000 đồng shows as 1.096,962 triệu đồng on a vi-VN Excel.
MONEY_FORMAT = '#,##0.000,, "triệu đồng"'
PCT_FORMAT = "#,##0.0"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
HEADER_FONT = Font(bold=True)
NOT_REPORTED_FONT = Font(italic=True, color="808080")


def _write_value(cell, value, kind: c.Kind, missing: str = w.NOT_REPORTED) -> None:
    if value is None:
        if kind != "text" and missing:
            cell.value, cell.font = missing, NOT_REPORTED_FONT  # never 0 (submission format §2)
        return
    if kind == "money":
        cell.value, cell.number_format = int(value), MONEY_FORMAT
    elif kind == "pct":
        cell.value, cell.number_format = float(value), PCT_FORMAT
    elif kind == "number":
        whole = float(value).is_integer()
        cell.value = int(value) if whole else float(value)
        cell.number_format = INTEGER_FORMAT if whole else DECIMAL_FORMAT
    elif kind == "date" and isinstance(value, date):
        cell.value, cell.number_format = value, DATE_FORMAT
    elif isinstance(value, int):
        cell.value = value
    else:
        cell.value = neutralise(str(value))
        cell.data_type = "s"  # a string cell whatever the text is
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_table(book: Workbook, table: c.Table) -> None:
    """One sheet: bold wrapped header row frozen, autofilter over the data, widths from the columns."""
    sheet = book.create_sheet(table.sheet[:SHEET_NAME_MAX])
    for col, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=col, value=column.header)
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(col)].width = column.width
    for r, row in enumerate(table.rows, start=2):
        for col, (value, column) in enumerate(zip(row, table.columns), start=1):
            _write_value(sheet.cell(row=r, column=col), value, column.kind, column.missing)
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(table.rows)) + 1}"


def _summary(book: Workbook, data: c.ReportData) -> None:
    sheet = book.active
    sheet.title = w.SHEET_SUMMARY
    sheet["A1"] = w.SUMMARY_TITLE.format(year=data.scope.year)
    sheet["A1"].font = Font(bold=True, size=14)
    t = data.totals
    values = {
        "scope": (data.scope_name, "text"),
        "view": (w.VIEW_APPROVED_NOTE if data.scope.approved_only else w.VIEW_CURRENT_NOTE, "text"),
        "n_agencies": (len(data.submissions), "number"),
        "allocated": (data.allocated_vnd, "money"),
        "disbursed": (t.disbursed_vnd, "money"),
        "not_reported_allocated": (data.not_reported_allocated_vnd, "money"),
        "rate": (t.rate_pct, "pct"),
        "requested": (data.requested_vnd, "money"),
        "illustrative": ("; ".join(data.illustrative_agencies) or w.NO, "text"),
        "unit_note": (w.UNIT_NOTE, "text"),
    }
    for r, (key, label) in enumerate(w.SUMMARY_ROWS, start=3):
        sheet.cell(row=r, column=1, value=label).font = HEADER_FONT
        value, kind = values[key]
        _write_value(sheet.cell(row=r, column=2), value, kind)  # type: ignore[arg-type]
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 70


def render_xlsx(data: c.ReportData) -> bytes:
    """The workbook as .xlsx bytes."""
    book = Workbook()
    _summary(book, data)
    for table in (
        c.source_table(data),
        c.agency_table(data),
        c.line_table(data),
        c.indicator_table(data),
        c.request_table(data),
        c.difficulty_table(data),
    ):
        write_table(book, table)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
