"""upload_flow: dry run → diff → confirm, on the Quảng Ngãi workbook, in a temp store."""

from __future__ import annotations

import io
import re
import sys
from dataclasses import replace

import openpyxl
import pytest

from intake import upload as flow
from store import Store
from tests.conftest import SAMPLE_DIR
from ui import upload_tables

sys.path.insert(0, str(SAMPLE_DIR))
from generate import QUANG_NGAI  # noqa: E402

UPLOADER = "Nguyễn Văn A"


@pytest.fixture
def store(tmp_path):
    opened = Store.open(f"sqlite:///{tmp_path / 'cds.sqlite3'}")
    yield opened
    opened.close()


def workbook(sub=QUANG_NGAI) -> bytes:
    from loaders.template import write_workbook

    return write_workbook(sub)


def qng_bytes() -> bytes:
    sample = SAMPLE_DIR / "quang-ngai_ban-dan-toc_2023.xlsx"
    return sample.read_bytes() if sample.exists() else workbook()


def with_disbursed(vnd: int) -> bytes:
    lines = list(QUANG_NGAI.budget_lines)
    lines[0] = replace(lines[0], disbursed_vnd=vnd)
    return workbook(replace(QUANG_NGAI, budget_lines=tuple(lines)))


def text_in_money_cell(raw: bytes) -> bytes:
    """The workbook with 'một trăm' typed into the first line's Kinh phí giao cell."""
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    ws = next(ws for ws in wb.worksheets if ws.title == "KinhPhi")
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("Kinh phí giao"):
                ws.cell(row=cell.row + 1, column=cell.column, value="một trăm")
                out = io.BytesIO()
                wb.save(out)
                return out.getvalue()
    raise AssertionError("no Kinh phí giao header")


def read(name: str, raw: bytes) -> flow.Outcome:
    (outcome,) = flow.read_uploads([flow.UploadFile(name, raw)])
    return outcome


def test_dry_run_then_save_makes_version_1(store):
    outcome = read("quang-ngai.xlsx", qng_bytes())
    assert outcome.ok and outcome.kind == "table"
    assert outcome.submission.agency_code == "QNG-BDT"
    diff = flow.diff_against_current(store, outcome.submission)
    assert diff.is_first
    totals = upload_tables.totals_table(diff).set_index("Chỉ tiêu")
    assert totals.loc["Tổng kinh phí giao", "Trước"] == "—"
    assert totals.loc["Tổng kinh phí giao", "Sau"] == "1.096,962 triệu đồng"
    result = flow.confirm(store, outcome, UPLOADER)
    assert (result.version, result.created) == (1, True)
    versions = store.versions("QNG-BDT", 2023)
    assert versions["uploaded_by"].tolist() == [UPLOADER]
    assert store.original_file(result.submission_id) == ("quang-ngai.xlsx", qng_bytes())


def test_changed_figure_shows_in_diff_and_makes_version_2(store):
    flow.confirm(store, read("qng.xlsx", qng_bytes()), UPLOADER)
    outcome = read("qng-sua.xlsx", with_disbursed(5_000_000))
    diff = flow.diff_against_current(store, outcome.submission)
    table = upload_tables.diff_table(diff)
    assert table[["Thay đổi", "Trường", "Trước", "Sau"]].values.tolist() == [
        ["Thay đổi", "Đã giải ngân (triệu đồng)", "3,402", "5"]
    ]
    assert table["Mục"].iloc[0].startswith("Đảm bảo an toàn thông tin")
    totals = upload_tables.totals_table(diff).set_index("Chỉ tiêu")
    assert totals.loc["Đã giải ngân", "Trước"] == "49,008 triệu đồng"
    assert totals.loc["Đã giải ngân", "Sau"] == "50,606 triệu đồng"
    assert totals.loc["Đã giải ngân", "Chênh lệch"] == "+1,598 triệu đồng"
    assert flow.confirm(store, outcome, UPLOADER).version == 2


def test_same_bytes_make_no_new_version(store):
    first = flow.confirm(store, read("qng.xlsx", qng_bytes()), UPLOADER)
    again = read("qng (1).xlsx", qng_bytes())
    assert flow.stored_version_of(store, again) == 1
    before = store.table_checksums()
    result = flow.confirm(store, again, "Người khác")
    assert (result.version, result.created, result.submission_id) == (1, False, first.submission_id)
    assert store.table_checksums() == before


def test_text_in_money_cell_is_an_error_and_nothing_is_stored(store):
    before = store.table_checksums()
    outcome = read("qng-loi.xlsx", text_in_money_cell(workbook()))
    assert not outcome.ok and outcome.errors
    table = upload_tables.issues_table(outcome.issues)
    assert table["Mức"].iloc[0] == "Lỗi"  # errors first
    error = table.iloc[0]
    assert error["Trang tính"] == "KinhPhi" and error["Dòng"] >= 2 and error["Cột"].startswith("Kinh phí giao")
    with pytest.raises(ValueError):
        flow.confirm(store, outcome, UPLOADER)
    assert store.table_checksums() == before


def test_uploader_name_is_required(store):
    with pytest.raises(ValueError):
        flow.confirm(store, read("qng.xlsx", qng_bytes()), "   ")


def test_hostile_files_become_issue_rows_not_exceptions(monkeypatch):
    files = [
        flow.UploadFile("rong.xlsx", b""),
        flow.UploadFile("gia.xlsx", b"not a zip"),
        flow.UploadFile("<script>alert(1)</script>.csv", b"\x00\xff\xfe garbage"),
        flow.UploadFile("scan.pdf", b"%PDF-1.4\n%%EOF"),
        flow.UploadFile("bang.xls", b"\xd0\xcf\x11\xe0"),
    ]
    outcomes = flow.read_uploads(files)
    assert {f.name for o in outcomes for f in o.files} == {f.name for f in files}
    assert all(not o.ok for o in outcomes)
    assert all(o.errors for o in outcomes)
    table = upload_tables.issues_table(flow.all_issues(outcomes))
    assert (table["Mức"] == "Lỗi").any()


def test_loader_crash_is_one_vietnamese_error_row(monkeypatch):
    import loaders

    def boom(files):
        raise RuntimeError("bug in loader")

    monkeypatch.setattr(loaders, "read_files", boom)
    (outcome,) = flow.read_uploads([flow.UploadFile("crash-test-unique.xlsx", b"PK\x03\x04 unique bytes 1")])
    assert outcome.errors[0].code == "read-failed"
    assert "Không đọc được tệp" in outcome.errors[0].message_vi
    assert "RuntimeError" not in outcome.errors[0].message_vi


def test_progress_is_reported_per_file():
    seen = []
    flow.read_uploads(
        [flow.UploadFile("a.xlsx", qng_bytes()), flow.UploadFile("b.xlsx", with_disbursed(1))],
        on_progress=lambda done, total, name: seen.append((done, total, name)),
    )
    assert seen == [(1, 2, "a.xlsx"), (2, 2, "b.xlsx")]


def test_csv_tables_of_one_submission_are_grouped_and_stored_as_one_zip(store):
    from generate import quang_ngai_csv_tables

    tables = quang_ngai_csv_tables()
    files = [flow.UploadFile(f"QNG-BDT_2023_{key}.csv", text.encode("utf-8-sig")) for key, text in tables.items()]
    outcomes = flow.read_uploads(files)
    assert len(outcomes) == 1, [o.issues for o in outcomes]
    (outcome,) = outcomes
    assert outcome.ok, outcome.errors
    assert len(outcome.files) == len(files)
    name, raw = outcome.stored_bytes()
    assert name.endswith(".zip") and outcome.stored_bytes() == (name, raw)  # deterministic bytes
    assert flow.confirm(store, outcome, UPLOADER).version == 1


def test_markdown_escape_neutralises_html_and_links():
    text = upload_tables.md("<script>alert(1)</script> [bấm](http://x) **đậm**")
    assert re.search(r"(?<!\\)[<>\[\]*]", text) is None  # no live tag, link or bold mark


def test_template_is_a_workbook():
    raw = flow.template_bytes()
    assert raw[:2] == b"PK"
    assert {"ThongTin", "KinhPhi", "ChiSo", "DeXuat"} <= set(openpyxl.load_workbook(io.BytesIO(raw)).sheetnames)
