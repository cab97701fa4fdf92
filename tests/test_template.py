"""The template writer: layout from schema.SHEETS, deterministic bytes, and round trips through the reader."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import zipfile
from datetime import datetime

import openpyxl
import pytest

import loaders
from domain import INDICATORS, BudgetLine, Submission
from loaders import schema
from loaders.safety import screen
from loaders.template import FIXED_ZIP_TIME, GUIDE_SHEET, write_workbook
from sample_data.generate import BAC_GIANG, QUANG_NGAI

TEMPLATE = write_workbook(None)
QNG_BYTES = write_workbook(QUANG_NGAI)


def load(raw: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(raw))


def header(ws) -> list:
    return [c.value for c in ws[1]]


def validations(ws) -> dict[str, object]:
    """Range text -> DataValidation of a sheet."""
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


# --- layout --------------------------------------------------------------------------------------------


def test_template_has_the_format_sheets_and_headers_from_schema():
    wb = load(TEMPLATE)
    assert wb.sheetnames == [GUIDE_SHEET] + [s.name for s in schema.SHEETS]
    assert header(wb["ThongTin"]) == list(schema.INFO_HEADER)
    for sheet in schema.TABLE_SHEETS:
        assert header(wb[sheet.name]) == [c.header for c in sheet.columns], sheet.name
        assert wb[sheet.name].freeze_panes == "A2"
        assert all(c.font.bold for c in wb[sheet.name][1])
    assert header(wb["KinhPhi"])[3:5] == ["Kinh phí giao (triệu đồng)", "Đã giải ngân (triệu đồng)"]
    fields = [r[0] for r in wb["ThongTin"].iter_rows(min_row=2, values_only=True)]
    assert fields == [c.header for c in schema.THONG_TIN.columns if c.key != "illustrative"]


def test_template_dropdowns():
    wb = load(TEMPLATE)
    source = validations(wb["KinhPhi"])["A2:A1001"]
    assert source.formula1 == '"a,b,c"' and source.errorStyle == "warning"  # full wording is accepted too
    code = validations(wb["ChiSo"])["A2:A1001"]
    assert code.formula1 == '"' + ",".join(INDICATORS) + '"'
    assert code.errorStyle == "warning"  # unknown codes are kept, with a warning (format §2)
    kind = validations(wb["KhoKhan"])["A2:A1001"]
    assert kind.formula1 == '"khó khăn,kiến nghị"' and kind.errorStyle == "stop"


def test_template_guide_explains_the_format():
    wb = load(TEMPLATE)
    text = "\n".join(str(v) for row in wb[GUIDE_SHEET].iter_rows(values_only=True) for v in row if v)
    assert "Để trống Đã giải ngân = chưa báo cáo, không phải 0" in text
    assert "1.234.567,5" in text and "3,402 triệu đồng là 3.402.000 đồng" in text
    assert "xoá các dòng ví dụ" in text
    for code, spec in INDICATORS.items():
        assert code in text and spec.name_vi in text
    for sheet in schema.SHEETS:
        assert sheet.name in text
    assert "Lỗi" in text and "Cảnh báo" in text
    # The instructions are for the blank template only, not for a written submission.
    qng_text = "\n".join(str(v) for row in load(QNG_BYTES)[GUIDE_SHEET].iter_rows(values_only=True) for v in row if v)
    assert "xoá các dòng ví dụ" not in qng_text


def test_template_example_rows_are_the_quang_ngai_first_lines():
    wb = load(TEMPLATE)
    budget = [r for r in wb["KinhPhi"].iter_rows(min_row=2, values_only=True)]
    assert len(budget) == 1
    assert budget[0][:5] == (
        "a",
        "569/QĐ-UBND ngày 26/6/2023",
        "Đảm bảo an toàn thông tin đối với hệ thống thông tin cấp độ 2",
        100,
        3.402,
    )
    assert [r[:4] for r in wb["ChiSo"].iter_rows(min_row=2, values_only=True)] == [("dti_score", None, 439.72, 485)]


# --- cells ---------------------------------------------------------------------------------------------


def test_money_dates_and_months_are_real_cells():
    ws = load(QNG_BYTES)["KinhPhi"]
    col = {c.value: c.column for c in ws[1]}
    rows = list(ws.iter_rows(min_row=2))
    disbursed = [r[col["Đã giải ngân (triệu đồng)"] - 1].value for r in rows]
    assert disbursed == [3.402, 0.162, 4.482, None, 40.962]  # None: Nguồn b did not report, cell left empty
    assert [r[col["Kinh phí giao (triệu đồng)"] - 1].value for r in rows] == [100, 300, 200, 456, 40.962]
    as_of = rows[0][col["Ngày số liệu"] - 1]
    assert as_of.value == datetime(2023, 11, 30) and as_of.number_format == "dd/mm/yyyy"
    assert rows[0][col["Hoàn thành lựa chọn nhà thầu"] - 1].value == "10/2023"
    info = dict(load(QNG_BYTES)["ThongTin"].iter_rows(min_row=2, values_only=True))
    assert info["Ngày báo cáo"] == datetime(2023, 11, 30) and info["Năm báo cáo"] == 2023


def test_extra_columns_flags_and_text_that_looks_like_a_formula():
    sub = Submission(
        agency="Sở Minh Hoạ",
        agency_code="MH-S",
        province="Tỉnh Minh Hoạ",
        year=2024,
        stated_total_vnd=1_234_567_000,
        illustrative=True,
        budget_lines=(
            BudgetLine(
                "c", "=1+1 không phải công thức", 1_234_567_000, 0, extra=(("Mã dự án", "DA-01"), ("Ưu tiên", "cao"))
            ),
        ),
    )
    raw = write_workbook(sub)
    wb = load(raw)
    ws = wb["KinhPhi"]
    assert header(ws)[-2:] == ["Mã dự án", "Ưu tiên"]
    row = [c for c in ws[2]]
    assert row[2].value == "=1+1 không phải công thức" and row[2].data_type == "s"
    assert row[3].value == 1234.567 and row[4].value == 0  # 0 is reported as 0, unlike None
    assert [c.value for c in row[-2:]] == ["DA-01", "cao"]
    info = dict(wb["ThongTin"].iter_rows(min_row=2, values_only=True))
    assert info["Dữ liệu minh hoạ"] == "có" and info["Tổng kinh phí (triệu đồng)"] == 1234.567
    assert screen("x.xlsx", raw) == []  # no formula was written


def test_money_is_written_exactly():
    for vnd in (1, 999, 3_402_000, 162_000, 40_962_000, 123_456_789_123, 10**15 + 1):
        line = BudgetLine("a", "x", vnd, vnd)
        raw = write_workbook(Submission("A", "A", "P", 2023, budget_lines=(line,)))
        value = load(raw)["KinhPhi"]["D2"].value
        assert round(value * 1_000_000) == vnd


# --- deterministic bytes -------------------------------------------------------------------------------


def test_bytes_are_deterministic():
    assert write_workbook(None) == TEMPLATE
    assert write_workbook(QUANG_NGAI) == QNG_BYTES
    with zipfile.ZipFile(io.BytesIO(TEMPLATE)) as zf:
        assert {i.date_time for i in zf.infolist()} == {FIXED_ZIP_TIME}
        core = zf.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:\w+[^>]*>([^<]*)<", core) == ["2023-01-01T00:00:00Z"] * 2


# --- round trips through the reader --------------------------------------------------------------------


def as_read(s: Submission) -> Submission:
    """`s` as the reader returns it: no source rows; the spec's defaults filled in (format §2)."""
    return dataclasses.replace(
        s,
        budget_lines=tuple(dataclasses.replace(b, as_of=b.as_of or s.report_date) for b in s.budget_lines),
        indicators=tuple(dataclasses.replace(i, applies_to_year=i.applies_to_year or s.year) for i in s.indicators),
    )


def without_rows(s: Submission) -> Submission:
    def strip(records):
        return tuple(dataclasses.replace(r, source_row=None) for r in records)

    return dataclasses.replace(
        s, budget_lines=strip(s.budget_lines), indicators=strip(s.indicators), requests=strip(s.requests)
    )


def test_round_trip_quang_ngai():
    result = loaders.read_submission("quang-ngai.xlsx", QNG_BYTES)
    assert result.ok, result.errors
    got = result.submission
    assert without_rows(got) == as_read(QUANG_NGAI)
    lines = got.budget_lines
    assert sum(b.allocated_vnd for b in lines if b.funding_source == "a") == 600_000_000
    assert [b.disbursed_vnd for b in lines if b.funding_source == "a"] == [3_402_000, 162_000, 4_482_000]
    assert [b.disbursed_vnd for b in lines if b.funding_source == "b"] == [None]
    assert got.allocated_vnd == 1_096_962_000
    assert got.indicator("dti_score").value == 439.72 and got.indicator("dti_score").out_of == 485
    assert [r.amount_vnd for r in got.requests] == [40_000_000, 70_000_000, 100_000_000, 300_000_000]
    assert [i.code for i in result.warnings] == ["disbursed-not-reported"]
    assert [b.source_row for b in lines] == [2, 3, 4, 5, 6]


def test_round_trip_bac_giang_without_budget_lines():
    result = loaders.read_submission("bac-giang.xlsx", write_workbook(BAC_GIANG))
    assert result.ok, result.errors
    got = result.submission
    assert without_rows(got) == as_read(BAC_GIANG)
    assert got.budget_lines == () and got.disbursed_vnd is None  # not reported, never 0
    assert sorted(i.code for i in result.warnings) == ["unknown-indicator", "unknown-indicator"]


def test_loaders_check_passes_the_template(tmp_path, capsys):
    from loaders.__main__ import main

    path = tmp_path / "mau.xlsx"
    assert main(["template", str(path)]) == 0
    assert path.read_bytes() == TEMPLATE
    capsys.readouterr()
    assert main(["check", str(path)]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    out = json.loads(line)
    assert out["ok"] is True and out["errors"] == [] and out["warnings"] == []
    assert out["submission"]["budget_lines"][0]["disbursed_vnd"] == 3_402_000


@pytest.mark.parametrize("path", ["sample_data/mau-bao-cao-chuyen-doi-so.xlsx"])
def test_shipped_template_is_current(path):
    from conftest import ROOT

    assert (ROOT / path).read_bytes() == TEMPLATE, "run: python -m loaders template " + path
