"""Nộp báo cáo page through AppTest: renders, dry run shows issues, confirm stores a version."""

from __future__ import annotations

import sys
from dataclasses import replace

from streamlit.testing.v1 import AppTest

from tests.conftest import SAMPLE_DIR, SEEDS_DIR
from tests.page_env import page_store_dir  # noqa: F401 - fixture

sys.path.insert(0, str(SAMPLE_DIR))
from generate import QUANG_NGAI  # noqa: E402

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload_page() -> AppTest:
    at = AppTest.from_file("../dashboard.py", default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    at.switch_page("pages/upload.py").run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("success", "info", "warning", "error", "markdown", "text", "caption")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def frames(at: AppTest):
    return [d.value for d in at.dataframe]


def test_page_renders_with_name_field_and_template(page_store_dir):
    at = upload_page()
    assert at.title[0].value == "Nộp báo cáo chuyển đổi số"
    assert any(t.label == "Người nộp" for t in at.text_input)
    assert at.get("file_uploader")


def test_changed_workbook_shows_diff_and_confirm_makes_version_2(page_store_dir):
    from loaders.template import write_workbook

    lines = list(QUANG_NGAI.budget_lines)
    lines[0] = replace(lines[0], disbursed_vnd=5_000_000)
    raw = write_workbook(replace(QUANG_NGAI, budget_lines=tuple(lines)))
    at = upload_page()
    next(t for t in at.text_input if t.label == "Người nộp").input("Trần Thị B").run()
    at.get("file_uploader")[0].set_value(("qng-sua.xlsx", raw, XLSX)).run()
    assert not at.exception, at.exception
    diff = next(f for f in frames(at) if "Trường" in f.columns)
    assert diff[["Trước", "Sau"]].values.tolist() == [["3,402", "5"]]
    totals = next(f for f in frames(at) if "Chỉ tiêu" in f.columns).set_index("Chỉ tiêu")
    assert totals.loc["Đã giải ngân", "Sau"] == "50,606 triệu đồng"
    confirm = next(b for b in at.button if b.label == "Xác nhận nộp")
    confirm.click().run()
    assert not at.exception, at.exception
    assert "phiên bản 2" in texts(at)
    # The same file again: no new version.
    next(b for b in at.button if b.label == "Xác nhận nộp").click().run()
    assert "không tạo phiên bản mới" in texts(at)


def test_broken_workbook_lists_issues_and_offers_no_confirm(page_store_dir):
    at = upload_page()
    at.get("file_uploader")[0].set_value(
        [("hong.xlsx", b"PK\x03\x04 not really", XLSX), ("<b>x<b>.csv", b"a;b\n1;2\n", "text/csv")]
    ).run()
    assert not at.exception, at.exception
    issues = next(f for f in frames(at) if "Thông báo" in f.columns)
    assert list(issues.columns) == ["Mức", "Tệp", "Trang tính", "Dòng", "Cột", "Mã", "Thông báo"]
    assert issues["Mức"].iloc[0] == "Lỗi"
    assert not any(b.label == "Xác nhận nộp" for b in at.button)
    # A file name reaches markdown only escaped; st.text shows it as plain text, never markup.
    rendered_as_markdown = [
        e.value for kind in ("markdown", "subheader", "success", "error", "warning", "info") for e in getattr(at, kind)
    ]
    assert not any("<b>x<b>" in v for v in rendered_as_markdown)
    assert any("\\<b\\>x\\<b\\>" in v for v in (e.value for e in at.subheader))
    assert any("<b>x<b>.csv" in t.value for t in at.text)


def test_narrative_report_review_and_confirm(page_store_dir):
    report = SEEDS_DIR / "quang-ngai-ban-dan-toc-cds-2023.txt"
    at = upload_page()
    next(t for t in at.text_input if t.label == "Người nộp").input("Lê Văn C").run()
    at.get("file_uploader")[0].set_value((report.name, report.read_bytes(), "text/plain")).run()
    assert not at.exception, at.exception
    assert next(t for t in at.text_input if t.label == "Mã đơn vị").value == "QNG-BDT"
    checks = next(f for f in frames(at) if "Kiểm tra" in f.columns)
    assert any("100 + 300 + 200 = 600" in m for m in checks["Kiểm tra"])
    next(b for b in at.button if b.label == "Xác nhận nộp").click().run()
    assert not at.exception, at.exception
    assert "phiên bản 2" in texts(at)
    # The Đơn vị page shows where each figure came from: the report's own sentence, figure in «…».
    at.query_params["nam"] = "2023"
    at.query_params["don_vi"] = "QNG-BDT"
    at.switch_page("pages/agency.py").run()
    assert not at.exception, at.exception
    assert any(s.value == "Nguồn số liệu trong văn bản báo cáo" for s in at.subheader)
    sources = next(f for f in frames(at) if "Câu nguồn" in f.columns)
    assert any("«3,402" in q and "đã giải ngân" in q for q in sources["Câu nguồn"]), sources["Câu nguồn"].tolist()


def test_each_warning_is_shown_beside_the_figure_it_concerns(page_store_dir):
    """The 456 triệu line reports no disbursement: its warning sits next to that line's figure, as read."""
    from loaders.template import write_workbook

    at = upload_page()
    at.get("file_uploader")[0].set_value(("qng.xlsx", write_workbook(QUANG_NGAI), XLSX)).run()
    assert not at.exception, at.exception
    beside = next(f for f in frames(at) if "Số liệu đã đọc" in f.columns)
    row = beside[beside["Mục"].str.startswith("Đầu tư Phòng họp trực tuyến")].iloc[0]
    assert row["Trang"] == "KinhPhi" and row["Số liệu đã đọc"] == "—"
    assert "giải ngân" in row["Nội dung"].lower()


def test_approved_report_is_refused_with_the_reason_to_ask_for_reopening(page_store_dir):
    from loaders.template import write_workbook
    from store import OPEN, ScopedStore, Store

    store = Store.open(f"sqlite:///{page_store_dir / 'cds.sqlite3'}")
    ScopedStore(store, OPEN).approve("QNG-BDT", 2023, by="Trần Thị B")
    before = store.table_checksums()
    store.close()
    raw = write_workbook(replace(QUANG_NGAI, prepared_by="Người lập khác"))
    at = upload_page()
    next(t for t in at.text_input if t.label == "Người nộp").input("Nguyễn Văn A").run()
    at.get("file_uploader")[0].set_value(("qng-sua.xlsx", raw, XLSX)).run()
    assert not at.exception, at.exception
    assert "đang khoá (đã được duyệt)" in texts(at) and "mở lại" in texts(at)
    assert not any(b.label == "Xác nhận nộp" for b in at.button)
    store = Store.open(f"sqlite:///{page_store_dir / 'cds.sqlite3'}")
    assert store.table_checksums() == before
    store.close()
