"""Lịch sử phiên bản page through AppTest: versions of QNG-BDT 2023, view, restore makes a new version."""

from __future__ import annotations

import sys
from dataclasses import replace

from streamlit.testing.v1 import AppTest

from tests.conftest import SAMPLE_DIR
from tests.page_env import page_store_dir  # noqa: F401 - fixture

sys.path.insert(0, str(SAMPLE_DIR))
from generate import QUANG_NGAI  # noqa: E402


def history_page() -> AppTest:
    at = AppTest.from_file("../dashboard.py", default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    at.switch_page("pages/history.py").run()
    assert not at.exception, at.exception
    return at


def choose(at: AppTest, label: str, value) -> None:
    next(w for w in at.selectbox if w.label == label).set_value(value).run()
    assert not at.exception, at.exception


def versions_frame(at: AppTest):
    return next(d.value for d in at.dataframe if "Phiên bản" in d.value.columns)


def add_version_2(data_dir) -> None:
    import loaders
    from loaders.template import write_workbook
    from store import Store

    lines = list(QUANG_NGAI.budget_lines)
    lines[0] = replace(lines[0], disbursed_vnd=5_000_000)
    raw = write_workbook(replace(QUANG_NGAI, budget_lines=tuple(lines)))
    store = Store.open(f"sqlite:///{data_dir / 'cds.sqlite3'}")
    result = loaders.read_submission("qng-v2.xlsx", raw)
    store.save_submission(
        result.submission, raw=raw, file_name="qng-v2.xlsx", uploaded_by="Trần Thị B", issues=result.warnings
    )
    store.close()


def test_versions_of_quang_ngai_and_restore(page_store_dir):
    add_version_2(page_store_dir)
    at = history_page()
    choose(at, "Đơn vị", "QNG-BDT")
    choose(at, "Năm báo cáo", 2023)
    versions = versions_frame(at)
    assert versions["Phiên bản"].tolist() == [2, 1]
    assert versions["Người nộp"].tolist() == ["Trần Thị B", "dữ liệu mẫu"]
    assert versions["Thao tác"].tolist() == ["nộp", "nộp"]
    assert versions["Thời gian"].str.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d").all()
    assert versions["SHA-256"].str.len().eq(13).all()
    assert versions["Cảnh báo"].iloc[0] >= 0

    choose(at, "Xem phiên bản", 1)
    lines = next(d.value for d in at.dataframe if "Đã giải ngân (triệu đồng)" in d.value.columns)
    assert lines["Đã giải ngân (triệu đồng)"].iloc[0] == "3,402"
    assert any(len(c.value) == 64 for c in at.code)  # the full SHA-256
    next(t for t in at.text_input if t.label == "Người khôi phục").input("Phạm Văn D").run()
    next(b for b in at.button if b.label.startswith("Khôi phục phiên bản 1")).click().run()
    assert not at.exception, at.exception
    assert any("phiên bản 3" in s.value for s in at.success)
    versions = versions_frame(at)
    assert versions["Phiên bản"].tolist() == [3, 2, 1]
    assert versions["Thao tác"].iloc[0] == "khôi phục từ phiên bản 1"
    audit = next(d.value for d in at.dataframe if "Người thực hiện" in d.value.columns)
    assert "khôi phục" in audit["Thao tác"].tolist()


def test_version_detail_of_current_has_download_and_no_restore(page_store_dir):
    at = history_page()
    choose(at, "Đơn vị", "QNG-BDT")
    assert not any(b.label.startswith("Khôi phục") for b in at.button)
    assert any("hiện hành" in i.value for i in at.info)
