"""Table downloads: Vietnamese headers, number formats, empty for not reported, formula-safe text."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from analysis import exports


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Đơn vị": ['=HYPERLINK("http://x")', "+84 Sở", "-1 Ban", "@SUM(A1)", "Ban Dân tộc"],
            "Kinh phí giao (triệu đồng)": pd.array([100.0, 3.402, None, 0.5, 456.0], dtype="Float64"),
            "Số dòng": pd.array([1, 2, 3, 4, 5], dtype="Int64"),
        }
    )


def test_xlsx_headers_formats_and_not_reported():
    book = load_workbook(io.BytesIO(exports.to_xlsx(frame(), "Kinh phí", {"Kinh phí giao (triệu đồng)": 3})))
    sheet = book["Kinh phí"]
    assert [c.value for c in sheet[1]] == ["Đơn vị", "Kinh phí giao (triệu đồng)", "Số dòng"]
    assert sheet["B3"].value == 3.402 and sheet["B3"].number_format == "#,##0.000"
    assert sheet["B4"].value is None  # not reported: an empty cell, never 0
    assert sheet["C2"].number_format == "#,##0"


def test_xlsx_text_is_never_a_formula():
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(frame()))).active
    for row in range(2, 6):
        cell = sheet.cell(row=row, column=1)
        assert cell.data_type == "s", cell.value
        assert cell.quotePrefix, cell.value
    assert sheet["A2"].value == '=HYPERLINK("http://x")'  # shown as written, not run
    assert not sheet["A6"].quotePrefix


def test_csv_neutralises_and_uses_vi_decimal():
    import csv

    rows = list(csv.reader(io.StringIO(exports.to_csv(frame()).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Đơn vị", "Kinh phí giao (triệu đồng)", "Số dòng"]
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert [r[0][:4] for r in rows[2:5]] == ["'+84", "'-1 ", "'@SU"]
    assert rows[5][0] == "Ban Dân tộc"
    assert rows[2][1] == "3,402"
    assert rows[3][1] == ""  # not reported stays empty


def test_styler_is_exported_as_its_data():
    styled = frame().style.format("{:.1f}", subset=["Kinh phí giao (triệu đồng)"])
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(styled))).active
    assert sheet["B2"].value == 100
