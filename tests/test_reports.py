"""python -m reports build: the Sở's consolidated Word report and workbook, read as a user reads them."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from domain import BudgetLine, Difficulty, Submission
from reports import content, render_docx, render_xlsx
from reports.templates import build_template
from store import Store

ROOT = Path(__file__).resolve().parent.parent
FORMULA_STARTS = ("=", "+", "-", "@")


def run_cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CDS_DATA_DIR": str(data_dir), "CDS_LOAD_SAMPLES": "0", "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "reports", "build", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def row_of(doc, first_cell_start: str) -> list[str]:
    """The cells of the first table row whose first cell starts with the text."""
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            if cells[0].startswith(first_cell_start):
                return cells
    raise AssertionError(f"no row starting with {first_cell_start!r}")


@pytest.fixture(scope="module")
def qng_docx(seeded_data_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "r.docx"
    done = run_cli(seeded_data_dir, "--year", "2023", "--province", "Quảng Ngãi", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "r.docx" in done.stdout
    return out


def test_docx_is_a4_times_new_roman_with_decree_30_margins(qng_docx):
    doc = Document(str(qng_docx))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= section.top_margin.mm <= 25 and 20 <= section.bottom_margin.mm <= 25
    assert 30 <= section.left_margin.mm <= 35 and 15 <= section.right_margin.mm <= 20
    assert doc.styles["Normal"].font.name == "Times New Roman"
    # Page numbers: top centre, none on the first page.
    assert section.different_first_page_header_footer
    assert 'w:instr="PAGE"' in section.header._element.xml
    assert section.first_page_header.is_linked_to_previous or not section.first_page_header.paragraphs[0].text


def test_docx_header_block_and_three_sections(qng_docx):
    text = all_text(Document(str(qng_docx)))
    for expected in (
        "UBND TỈNH QUẢNG NGÃI",
        "SỞ THÔNG TIN VÀ\nTRUYỀN THÔNG",
        "Số: ……/BC-STTTT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Ngãi, ngày",
        "I. KẾT QUẢ THỰC HIỆN",
        "II. KHÓ KHĂN, VƯỚNG MẮC",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
        "PHỤ LỤC 1",
        "bản hiện hành",
    ):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text  # every template field filled


def test_docx_shows_the_quang_ngai_figures_as_in_the_seed(qng_docx):
    doc = Document(str(qng_docx))
    text = all_text(doc)
    source_a = row_of(doc, "a) Kinh phí giao")
    assert source_a[1:3] == ["600", "8,046"]
    source_b = row_of(doc, "b) Nguồn khác")
    assert source_b[1:3] == ["456", "chưa báo cáo"]  # not reported, never 0
    assert row_of(doc, "Ban Dân tộc tỉnh Quảng Ngãi")[1:4] == ["1.096,962", "49,008", "7,6"]  # by agency
    tasks = [
        [c.text for c in row.cells]
        for table in doc.tables
        for row in table.rows
        if row.cells[0].text == "a)"  # the appendix's lines of source a
    ]
    assert [t[3] for t in tasks] == ["100", "300", "200"]
    assert [t[4] for t in tasks] == ["3,402", "0,162", "4,482"]
    assert "439,72/485" in text and "7/20" in text and "7/7" in text and "37/37" in text
    requests = [[c.text for c in row.cells] for table in doc.tables for row in table.rows if len(row.cells) == 3]
    amounts = [r[2] for r in requests if r[2] in {"40", "70", "100", "300"}]
    assert amounts == ["40", "70", "100", "300"]
    assert "Tổng kinh phí giao năm 2023: 1.096,962 triệu đồng" in text
    # The agencies' own words, attributed.
    assert "Ban Dân tộc tỉnh Quảng Ngãi:" in text
    assert "“Nhiều máy tính đã xuống cấp, hết khấu hao, cấu hình thấp.”" in text


@pytest.fixture(scope="module")
def qng_xlsx(seeded_data_dir, tmp_path_factory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("report") / "r.xlsx"
    done = run_cli(seeded_data_dir, "--year", "2023", "--province", "Quảng Ngãi", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return openpyxl.load_workbook(out)


def column(sheet, header: str) -> list:
    headers = [c.value for c in sheet[1]]
    index = headers.index(header)
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_xlsx_budget_sheet_sums_to_the_seed_allocation(qng_xlsx):
    sheet = qng_xlsx["Kinh phí"]
    allocated = column(sheet, "Kinh phí giao (triệu đồng)")
    assert sum(allocated) == 1_096_962_000
    assert allocated == [100_000_000, 300_000_000, 200_000_000, 456_000_000, 40_962_000]
    assert column(sheet, "Đã giải ngân (triệu đồng)") == [3_402_000, 162_000, 4_482_000, "chưa báo cáo", 40_962_000]
    assert sheet["E2"].number_format == '#,##0.000,, "triệu đồng"'  # 100 triệu đồng shows as 100,000 triệu đồng
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:I6"
    assert qng_xlsx.sheetnames[0] == "Tổng hợp"
    summary = {row[0]: row[1] for row in qng_xlsx["Tổng hợp"].iter_rows(min_row=3, values_only=True)}
    assert summary["Tổng kinh phí giao"] == 1_096_962_000
    assert summary["Kinh phí đề xuất năm sau"] == 510_000_000
    assert column(qng_xlsx["Đề xuất năm sau"], "Kinh phí đề xuất (triệu đồng)") == [
        40_000_000,
        70_000_000,
        100_000_000,
        300_000_000,
    ]


def no_formula_like_cell(book) -> None:
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), (sheet.title, cell.coordinate, cell.value)
                assert cell.data_type != "f", (sheet.title, cell.coordinate)


def test_xlsx_has_no_formula_cell(qng_xlsx):
    no_formula_like_cell(qng_xlsx)


def hostile_store(tmp_path) -> Store:
    store = Store.open(f"sqlite:///{tmp_path / 'cds.sqlite3'}")
    sub = Submission(
        agency='=HYPERLINK("http://x";"Sở <b>A</b> & B")',
        agency_code="X-1",
        province="Tỉnh Thử",
        year=2023,
        budget_lines=(BudgetLine("a", "+cmd|' /C calc'!A0", 5_000_000, None), BudgetLine("b", "@SUM(1)", 1, 1)),
        difficulties=(Difficulty("khó khăn", "-2+3 {{ not a field }} {% if %}"),),
    )
    store.save_submission(sub, raw=b"x", file_name="x.xlsx", uploaded_by="test")
    return store


def test_file_text_is_inert_in_both_files(tmp_path):
    store = hostile_store(tmp_path)
    data = content.gather(store, content.Scope(2023, "Tỉnh Thử"))
    no_formula_like_cell(openpyxl.load_workbook(io.BytesIO(render_xlsx(data))))
    text = all_text(Document(io.BytesIO(render_docx(data))))
    assert "Sở <b>A</b> & B" in text  # shown as text, escaped for the XML, not markup
    assert "{{ not a field }} {% if %}" in text  # agency text is never a template


def test_scope_errors_are_vietnamese_with_exit_codes(seeded_data_dir, tmp_path):
    out = str(tmp_path / "r.docx")
    unknown = run_cli(seeded_data_dir, "--year", "2023", "--province", "Hà Nội", "--out", out)
    assert unknown.returncode == 2 and "Không có tỉnh «Hà Nội»" in unknown.stderr
    agency = run_cli(seeded_data_dir, "--year", "2023", "--agency", "KHONG-CO", "--out", out)
    assert agency.returncode == 2 and "Không có đơn vị mã «KHONG-CO»" in agency.stderr
    empty_year = run_cli(seeded_data_dir, "--year", "2019", "--province", "Quảng Ngãi", "--out", out)
    assert empty_year.returncode == 1 and "năm 2019" in empty_year.stderr
    approved = run_cli(seeded_data_dir, "--year", "2023", "--agency", "qng-bdt", "--approved-only", "--out", out)
    assert approved.returncode == 1 and "được duyệt" in approved.stderr
    suffix = run_cli(seeded_data_dir, "--year", "2023", "--out", str(tmp_path / "r.pdf"))
    assert suffix.returncode == 2 and ".docx" in suffix.stderr
    for done in (unknown, agency, empty_year, approved, suffix):
        assert "Traceback" not in done.stderr
    assert not Path(out).exists()


def test_approved_only_counts_the_approved_reports(seeded_data_dir, tmp_path):
    """Once the Sở approves Quảng Ngãi's report (issue 14), --approved-only builds from it, and only from it."""
    import shutil

    from store import OPEN, ScopedStore, Store

    data_dir = tmp_path / "data"  # a copy: the seeded store is shared by the other tests
    shutil.copytree(seeded_data_dir, data_dir)
    store = Store.open(f"sqlite:///{data_dir / 'cds.sqlite3'}")
    ScopedStore(store, OPEN).approve("QNG-BDT", 2023, by="Chuyên viên Sở")
    store.close()
    out = tmp_path / "r.xlsx"
    built = run_cli(data_dir, "--year", "2023", "--approved-only", "--out", str(out))
    assert built.returncode == 0, built.stderr
    book = openpyxl.load_workbook(out)
    assert sum(column(book["Kinh phí"], "Kinh phí giao (triệu đồng)")) == 1_096_962_000  # Quảng Ngãi alone
    assert set(column(book["Kinh phí"], "Đơn vị")) == {"Ban Dân tộc tỉnh Quảng Ngãi"}


def test_agency_scope_and_not_reported_budget(seeded_data_dir, tmp_path):
    out = tmp_path / "bg.docx"
    done = run_cli(seeded_data_dir, "--year", "2023", "--agency", "BGG-BDT", "--out", str(out))
    assert done.returncode == 0, done.stderr
    doc = Document(str(out))
    text = all_text(doc)
    assert "Tổng kinh phí giao năm 2023: chưa báo cáo" in text
    total = row_of(doc, "Tổng cộng")
    assert "0" not in total[1:]  # no 0 đồng for an agency that gave no figure


def test_template_script_regenerates_the_shipped_template(tmp_path):
    rebuilt = build_template.main(tmp_path / "t.docx")
    shipped = Document(str(build_template.TEMPLATE))
    assert [p.text for p in Document(str(rebuilt)).paragraphs] == [p.text for p in shipped.paragraphs]
    assert round(shipped.sections[0].left_margin.mm) == 30


def test_view_is_stated_and_illustrative_data_labelled(seeded_data_dir):
    store = Store.open(f"sqlite:///{seeded_data_dir / 'cds.sqlite3'}")
    data = content.gather(store, content.Scope(2023, "Tỉnh Minh Hoạ"))
    store.close()
    text = all_text(Document(io.BytesIO(render_docx(data))))
    assert "DỮ LIỆU MẪU MINH HOẠ" in text and "bản hiện hành" in text
    approved = replace(data, scope=replace(data.scope, approved_only=True))
    assert "chỉ số liệu các bản báo cáo đã được duyệt" in all_text(Document(io.BytesIO(render_docx(approved))))
