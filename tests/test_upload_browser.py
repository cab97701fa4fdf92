"""Nộp báo cáo in a real browser: set_input_files with the Quảng Ngãi workbook and a broken one."""

from __future__ import annotations

import sys

import pytest

from tests.browser import READY, browser_page, open_and_wait, running_app, screenshot
from tests.conftest import SAMPLE_DIR
from tests.page_env import page_store_dir  # noqa: F401 - fixture
from tests.test_upload_flow import text_in_money_cell, with_disbursed, workbook

sys.path.insert(0, str(SAMPLE_DIR))

pytestmark = pytest.mark.browser


def wait_ready(page, timeout_ms: int = 60_000) -> None:
    page.wait_for_timeout(400)
    page.wait_for_selector(READY, timeout=timeout_ms)
    page.wait_for_timeout(800)


def open_upload(page, base: str) -> None:
    """Through the app's navigation (dashboard.py), as a user arrives, not by the page's own URL."""
    open_and_wait(page, base)
    page.get_by_test_id("stSidebarNav").get_by_text("Nộp báo cáo", exact=True).click()
    page.wait_for_selector("text=Nộp báo cáo chuyển đổi số", timeout=60_000)
    wait_ready(page)


def grid_text(page) -> str:
    """Text of every st.dataframe: glide draws on canvas but keeps an accessible table in the DOM."""
    return " ".join(page.locator("[data-testid=stDataFrame] table").all_inner_texts())


@pytest.fixture
def app(page_store_dir):
    with running_app(page_store_dir, {"CDS_LOAD_SAMPLES": "0"}) as base:
        yield base


def test_upload_workbooks_in_browser(app, tmp_path):
    good, broken = tmp_path / "quang-ngai_2023.xlsx", tmp_path / "quang-ngai_loi.xlsx"
    good.write_bytes(with_disbursed(5_000_000))
    broken.write_bytes(text_in_money_cell(workbook()))
    with browser_page(height=1000) as page:
        open_upload(page, app)
        screenshot(page, "upload-empty")
        page.get_by_label("Người nộp", exact=True).and_(page.get_by_role("textbox")).fill("Trần Thị B")
        page.keyboard.press("Enter")
        wait_ready(page)
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files([str(good), str(broken)])
        page.wait_for_selector("text=Kết quả kiểm tra", timeout=60_000)
        wait_ready(page)
        assert page.locator("[data-testid=stException]").count() == 0
        shown = grid_text(page)
        assert "KinhPhi" in shown and "Kinh phí giao" in shown and "Lỗi" in shown
        assert "quang-ngai_loi.xlsx" in shown
        assert page.get_by_text("Tệp có lỗi nên chưa thể nộp").count() == 1
        screenshot(page, "upload-dry-run")
        page.get_by_role("button", name="Xác nhận nộp").click()
        page.wait_for_selector("text=phiên bản 2", timeout=60_000)
        wait_ready(page)
        assert page.locator("[data-testid=stException]").count() == 0
        screenshot(page, "upload-saved")


def test_upload_narrative_report_in_browser(app):
    from tests.conftest import SEEDS_DIR

    report = SEEDS_DIR / "quang-ngai-ban-dan-toc-cds-2023.txt"
    with browser_page(height=1400) as page:
        open_upload(page, app)
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(report))
        page.wait_for_selector("text=Rà soát số liệu trích từ văn bản", timeout=60_000)
        wait_ready(page)
        assert page.locator("[data-testid=stException]").count() == 0
        screenshot(page, "upload-review")
        page.get_by_text("Rà soát số liệu trích từ văn bản").scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.screenshot(path=str(screenshot(page, "upload-review").with_name("upload-review-tables.png")))
        page.get_by_text("Kiểm tra chéo (tính lại theo số đã sửa)").scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.screenshot(path=str(screenshot(page, "upload-review").with_name("upload-review-checks.png")))


def test_partial_narrative_report_asks_for_what_is_missing(app, tmp_path):
    """A real news text with figures but no agency nor year (issue 18): the review step shows the figures and
    leaves the missing header fields empty, marked "chưa xác định", for the reviewer to fill."""
    source = (SAMPLE_DIR.parent / "tests/extract_corpus/dev/nq57_10000-ty-them.txt").read_text(encoding="utf-8")
    report = tmp_path / "tin-nq57.txt"
    report.write_text(source.split("\n", 1)[1], encoding="utf-8")  # without the corpus' source line
    with browser_page(height=1400) as page:
        open_upload(page, app)
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(report))
        page.wait_for_selector("text=Rà soát số liệu trích từ văn bản", timeout=60_000)
        wait_ready(page)
        assert page.locator("[data-testid=stException]").count() == 0
        agency = page.get_by_label("Đơn vị", exact=True).and_(page.get_by_role("textbox"))
        assert agency.input_value() == "" and agency.get_attribute("placeholder") == "chưa xác định"
        year = page.get_by_label("Năm báo cáo", exact=True)
        assert year.input_value() == "" and year.get_attribute("placeholder") == "chưa xác định"
        assert "None" not in page.locator("[data-testid=stMain]").inner_text()
        page.get_by_text("Rà soát số liệu trích từ văn bản").scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        screenshot(page, "upload-review-partial")


def _after(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("e => getComputedStyle(e, '::after').content")


def test_first_deep_link_to_upload_after_a_restart_speaks_vietnamese(page_store_dir):
    """A fresh server's first request is /upload: the page runs alone first (ui/navigation.py) and reads the
    store at import; it used to stop there and stay blank. The drop zone's own words are Vietnamese."""
    with running_app(page_store_dir, {"CDS_LOAD_SAMPLES": "0"}) as base, browser_page(height=900) as page:
        open_and_wait(page, base + "/upload")
        page.get_by_text("Nộp báo cáo chuyển đổi số").first.wait_for(timeout=60_000)
        wait_ready(page)
        nav = page.get_by_test_id("stSidebarNav").inner_text()
        assert "Tổng quan" in nav and "Nộp báo cáo" in nav  # dashboard.py's navigation, not pages/ file names
        screenshot(page, "upload-first-deep-link")
        button = "[data-testid=stFileUploaderDropzone] [data-testid=stBaseButton-secondary] p"
        assert _after(page, button) == '"Chọn tệp"'
        limits = _after(page, "[data-testid=stFileUploaderDropzoneInstructions] span")
        assert "tối đa 20 MB mỗi tệp" in limits and "XLSX, CSV, DOCX, PDF, TXT" in limits
        # Streamlit's English words are still in the DOM, drawn at size 0: hidden, and replaced by ours.
        english = page.locator("[data-testid=stFileUploaderDropzoneInstructions] span").first
        assert english.evaluate("e => getComputedStyle(e).fontSize") == "0px"
