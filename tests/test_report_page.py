"""Báo cáo tổng hợp page, through AppTest on the sample data; its files' totals equal the Kinh phí page's."""

from __future__ import annotations

import io

import openpyxl
import pytest
from docx import Document
from pages_helpers import choose, metric, open_page, table

import formatting as fmt
from reports import content, render_docx, render_xlsx
from store import Store

ILLUSTRATIVE = "Tỉnh Minh Hoạ"


def report_files(data_dir, year: int, province: str) -> tuple[str, openpyxl.Workbook]:
    store = Store.open(f"sqlite:///{data_dir / 'cds.sqlite3'}")
    data = content.gather(store, content.Scope(year, province))
    store.close()
    doc = Document(io.BytesIO(render_docx(data)))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    return text, openpyxl.load_workbook(io.BytesIO(render_xlsx(data)))


def sheet_column(book, sheet: str, header: str) -> list:
    rows = list(book[sheet].iter_rows(values_only=True))
    index = rows[0].index(header)
    return [r[index] for r in rows[1:]]


@pytest.mark.parametrize("year", [2023, 2024])
def test_illustrative_totals_equal_the_budget_page(app_env, year):
    at = open_page("pages/budget.py")
    choose(at, "Năm báo cáo", year)
    choose(at, "Tỉnh", ILLUSTRATIVE)
    shown_allocated = metric(at, "Tổng kinh phí giao").value
    shown_disbursed = metric(at, "Đã giải ngân").value
    per_agency = table(at, "Đơn vị")
    page_allocated_vnd = round(float(per_agency["Kinh phí giao (triệu đồng)"].sum()) * 1_000_000)

    text, book = report_files(app_env, year, ILLUSTRATIVE)
    allocated = sheet_column(book, "Kinh phí", "Kinh phí giao (triệu đồng)")
    disbursed = [v for v in sheet_column(book, "Kinh phí", "Đã giải ngân (triệu đồng)") if isinstance(v, int)]
    assert sum(allocated) == page_allocated_vnd  # to the đồng
    assert sum(sheet_column(book, "Theo đơn vị", "Kinh phí giao (triệu đồng)")) == page_allocated_vnd
    assert fmt.money(sum(allocated)) == shown_allocated
    assert fmt.money(sum(disbursed)) == shown_disbursed
    summary = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(min_row=3, values_only=True)}
    assert summary["Tổng kinh phí giao"] == page_allocated_vnd
    assert f"Tổng kinh phí giao năm {year}: {fmt.million_vnd(page_allocated_vnd)}" in text
    assert f"Đã giải ngân {fmt.million_vnd(sum(disbursed))}" in text
    assert "DỮ LIỆU MẪU MINH HOẠ" in text


def test_report_page_previews_and_offers_both_files(app_env):
    at = open_page("pages/report.py")
    choose(at, "Năm báo cáo", 2023)
    choose(at, "Tỉnh", "Quảng Ngãi")
    assert metric(at, "Tổng kinh phí giao").value == "1,097 tỷ đồng"
    assert metric(at, "Kinh phí đề xuất năm sau").value == "510 triệu đồng"
    by_source = table(at, "Nguồn kinh phí")
    assert by_source["Kinh phí giao (triệu đồng)"].tolist() == [600, 456, 40.962]
    assert str(by_source["Đã giải ngân (triệu đồng)"].iloc[1]) == "<NA>"  # drawn as —, not 0
    requests = table(at, "Kinh phí đề xuất (triệu đồng)")
    assert requests["Kinh phí đề xuất (triệu đồng)"].tolist() == [40, 70, 100, 300]
    captions = " ".join(c.value for c in at.caption)
    assert "bản hiện hành" in captions
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Tải báo cáo Word (.docx)", "Tải bảng tính (.xlsx)"]


def test_report_page_one_agency_and_approved_view(app_env):
    at = open_page("pages/report.py")
    choose(at, "Năm báo cáo", 2023)
    choose(at, "Tỉnh", ILLUSTRATIVE)
    assert any("mẫu minh hoạ" in i.value for i in at.info)
    next(r for r in at.radio if r.label == "Phạm vi").set_value("Một đơn vị").run()
    choose(at, "Đơn vị", "MH-SYT")
    assert not at.exception
    assert table(at, "Đơn vị")["Đơn vị"].tolist() == ["Sở Y tế (minh hoạ)"]
    next(r for r in at.radio if r.label == "Số liệu").set_value("Chỉ bản đã duyệt").run()
    assert any("được duyệt" in w.value for w in at.warning)
    assert not at.get("download_button")
