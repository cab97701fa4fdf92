"""Table downloads: .xlsx with Vietnamese headers and number formats, and CSV; both formula-safe.

A text cell that starts with = + - @ (or a tab / carriage return) would run as a formula when the file is
opened in Excel (CSV injection): in .xlsx it is written as a string cell with quotePrefix, in CSV it gets a
leading apostrophe.
"""

from __future__ import annotations

import io
import math

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_MAX = 31  # Excel's limit
# Excel shows these with the reader's locale: 1.234,5 on a Vietnamese Windows.
INTEGER_FORMAT = "#,##0"


def number_format(decimals: int) -> str:
    return INTEGER_FORMAT + ("." + "0" * decimals if decimals > 0 else "")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def _plain(frame) -> pd.DataFrame:
    """The DataFrame under a Styler (tables.py shows Stylers), or the frame itself."""
    return frame.data if hasattr(frame, "data") and not isinstance(frame, pd.DataFrame) else frame


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _decimals_of(series: pd.Series, default: int) -> int:
    if pd.api.types.is_integer_dtype(series) or pd.api.types.is_bool_dtype(series):
        return 0
    values = series.dropna()
    if len(values) and all(float(v).is_integer() for v in values):
        return 0
    return default


# The sheet's name when the caller gives none: a workbook label like the column headers it carries, kept here
# because the UI always names its downloads (ui.tables.draw) and this default serves the tests and scripts.
DEFAULT_SHEET = "Dữ liệu"


def to_xlsx(
    frame, sheet_name: str = DEFAULT_SHEET, decimals: dict[str, int] | None = None, default_decimals: int = 1
) -> bytes:
    """One sheet: bold header row, numbers as numbers with '#,##0.0'-style formats, text formula-safe."""
    frame = _plain(frame)
    decimals = decimals or {}
    # openpyxl is imported on the first download, not with every page (~0,1 s of a cold start).
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "".join(ch for ch in sheet_name if ch not in "[]:*?/\\")[:SHEET_NAME_MAX] or DEFAULT_SHEET
    for col, header in enumerate(frame.columns, start=1):
        cell = sheet.cell(row=1, column=col, value=str(header))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(col)].width = min(60, max(12, len(str(header)) + 2))
    for col, header in enumerate(frame.columns, start=1):
        series = frame[header]
        numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
        places = decimals.get(header, _decimals_of(series, default_decimals)) if numeric else 0
        for row, value in enumerate(series.tolist(), start=2):
            if _missing(value):
                continue  # an empty cell: not reported stays empty, never 0
            cell = sheet.cell(row=row, column=col)
            if numeric:
                cell.value = float(value) if places else int(round(float(value)))
                cell.number_format = number_format(places)
            elif hasattr(value, "strftime"):
                cell.value = value.strftime("%d/%m/%Y")
            else:
                text = str(value)
                cell.value = text
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if is_formula_like(text):
                    cell.quotePrefix = True
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def neutralise(value):
    """Formula-like text with a leading apostrophe, so the cell's text itself no longer starts with = + - @."""
    if is_formula_like(value):
        return "'" + value
    return value


def to_csv(frame) -> bytes:
    """vi-VN CSV: ';' between fields, ',' as the decimal mark, UTF-8 with BOM (Excel keeps the accents);
    formula-like text prefixed with '."""
    frame = _plain(frame).copy()
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise)
    return frame.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")
