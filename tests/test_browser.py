"""Every leadership page in headless Chromium: no exception, Vietnamese labels, vi-VN numbers, screenshots."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from browser import READY, browser_page, open_and_wait, running_app, screenshot

pytestmark = pytest.mark.browser

QNG = "nam=2023&tinh=" + quote("Quảng Ngãi")
MINH_HOA = "nam=2024&tinh=" + quote("Tỉnh Minh Hoạ")
# (screenshot name, url path, query, a text the page must show)
PAGES = [
    ("overview", "", MINH_HOA, "Cần chú ý"),
    ("budget", "budget", QNG, "3,402"),
    ("budget_minh_hoa", "budget", MINH_HOA, "Chưa nộp báo cáo năm 2024"),
    ("indicators", "indicators", MINH_HOA, "Điểm DTI chuẩn hoá"),
    ("indicators_qng", "indicators", QNG, "0,907"),
    ("platforms", "platforms", QNG, "7/7"),
    ("plan", "plan", QNG, "510 triệu đồng"),
    ("agency", "agency", QNG, "Ban Dân tộc tỉnh Quảng Ngãi — năm 2023"),
    ("report", "report", QNG, "Tải báo cáo Word (.docx)"),
    ("report_minh_hoa", "report", MINH_HOA, "mẫu minh hoạ"),
]
# English words that would mean a label leaked from code or pandas into the page.
DENYLIST = re.compile(r"\b(Allocated|Disbursed|None|nan|NaN|NaT|<NA>|True|False|Rate|Agency|Total)\b")


@pytest.fixture(scope="module")
def app_url(seeded_data_dir):
    with running_app(seeded_data_dir, extra_env={"CDS_LOAD_SAMPLES": "0"}) as base:
        yield base


@pytest.fixture(scope="module")
def page():
    with browser_page(1366, 768) as p:
        yield p


@pytest.mark.parametrize("name,path,query,expected", PAGES, ids=[p[0] for p in PAGES])
def test_page_renders_in_vietnamese(app_url, page, name, path, query, expected):
    open_and_wait(page, f"{app_url}/{path}?{query}")
    assert page.locator("[data-testid=stException]").count() == 0
    # st.dataframe draws on a canvas: its cells are checked by the AppTest tests, the rest of the text here.
    text = page.locator("[data-testid=stMain]").inner_text()
    assert expected in text, text[:2000]
    leaked = DENYLIST.findall(text)
    assert not leaked, leaked
    assert "3.402 triệu" not in text and "Tong quan" not in text
    screenshot(page, name)


def test_budget_page_at_1920(app_url, page):
    # One Playwright per module (its sync API does not nest): widen the same page, then put it back.
    page.set_viewport_size({"width": 1920, "height": 1080})
    try:
        open_and_wait(page, f"{app_url}/budget?{QNG}")
        assert page.locator("[data-testid=stException]").count() == 0
        text = page.locator("[data-testid=stMain]").inner_text()
        assert "3,402" in text and "3.402 triệu" not in text
        screenshot(page, "budget_1920")
    finally:
        page.set_viewport_size({"width": 1366, "height": 768})


def test_click_on_a_province_bar_opens_its_agencies(app_url, page):
    """Issue 17: at national scope Kinh phí draws one bar per province; a click chooses that province."""
    open_and_wait(page, f"{app_url}/budget?nam=2023")
    assert "theo tỉnh, thành phố" in page.locator("[data-testid=stMain]").inner_text()
    chart = page.locator("[data-testid=stPlotlyChart]").first
    bars = chart.locator("g.trace.bars g.point path")
    assert bars.count() >= 2
    bars.last.click(force=True)  # the top bar (largest allocation): Plotly draws the list bottom to top
    page.wait_for_function("() => new URL(location.href).searchParams.get('tinh') !== null", timeout=30_000)
    page.wait_for_timeout(300)
    page.wait_for_selector(READY, timeout=30_000)
    text = page.locator("[data-testid=stMain]").inner_text()
    assert "theo tỉnh, thành phố" not in text  # one province now: its agencies' bars
    assert "Bấm vào một cột hoặc một ô" in text
    screenshot(page, "budget_drilled_to_province")


def test_overview_link_keeps_filters(app_url, page):
    open_and_wait(page, f"{app_url}/?nam=2023&tinh={quote('Tỉnh Minh Hoạ')}&nhom={quote('không có TTHC')}")
    text = page.locator("[data-testid=stMain]").inner_text()
    assert "2/3" in text  # VP and Đài PT-TH reported in 2023, Thanh tra did not
    assert "nhom=" in page.url


def test_deep_link_as_first_request_of_a_fresh_server(seeded_data_dir, page):
    with running_app(seeded_data_dir, extra_env={"CDS_LOAD_SAMPLES": "0"}) as base:
        open_and_wait(page, f"{base}/budget?{QNG}")
        # The stray first run reruns itself through dashboard.py: wait for the linked figure, not a blank state.
        page.get_by_text("49,008 triệu đồng").first.wait_for(timeout=60_000)
        nav = page.locator("[data-testid=stSidebarNav]").inner_text()
        assert "Tổng quan" in nav, nav  # dashboard.py's navigation, not the pages/ folder's file names
        text = page.locator("[data-testid=stMain]").inner_text()
        assert "Kinh phí chuyển đổi số" in text and "49,008 triệu đồng" in text  # the page and filters linked


def test_accounts_page_deep_link_in_open_mode_shows_nothing_of_it(app_url, page):
    # Open mode has no administrator: /users is not a page of this session, so nothing of it is drawn.
    open_and_wait(page, f"{app_url}/users")
    assert page.locator("[data-testid=stException]").count() == 0
    nav = page.locator("[data-testid=stSidebarNav]").inner_text()
    assert "Tổng quan" in nav and "Tài khoản" not in nav, nav
    text = page.locator("[data-testid=stMain]").inner_text()
    assert "Thêm tài khoản" not in text and "Tên đăng nhập" not in text, text[:2000]


@pytest.fixture(scope="module")
def merger_data_dir(tmp_path_factory):
    """Quảng Ngãi 2023 (real) and the illustrative Kon Tum agency's 2023 report, with the agency list."""
    from intake import samples
    from store import Store

    data_dir = tmp_path_factory.mktemp("merger")
    store = Store.open(f"sqlite:///{data_dir / 'cds.sqlite3'}")
    sample = Path(__file__).resolve().parent.parent / "sample_data"
    files = [
        sample / "quang-ngai_ban-dan-toc_2023.xlsx",
        sample / "sap-xep-2025/minh-hoa_kon-tum_ban-dan-toc_2023.xlsx",
    ]
    assert samples.load_into(store, files).problems == []
    store.close()
    return data_dir


def test_overview_restated_section_and_sidebar_in_chromium(merger_data_dir, page):
    with running_app(merger_data_dir, extra_env={"CDS_LOAD_SAMPLES": "0"}) as base:
        open_and_wait(page, f"{base}/?nam=2023&tinh={quote('Quảng Ngãi')}")
        main = page.locator("[data-testid=stMain]")
        main.get_by_text("So sánh qua sắp xếp đơn vị hành chính năm 2025").wait_for(timeout=30_000)
        text = main.inner_text()
        assert "Quảng Ngãi hiện nay gồm số liệu của: Kon Tum, Quảng Ngãi." in text, text[-2000:]
        assert "số liệu quy đổi theo đơn vị hiện nay" in text
        assert "cach_tinh=quy-doi" in page.url
        assert not DENYLIST.findall(text), DENYLIST.findall(text)
        screenshot(page, "overview_restated")
        main.get_by_text("So sánh qua sắp xếp đơn vị hành chính năm 2025").scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        screenshot(page, "overview_restated_section")
        sidebar = page.locator("[data-testid=stSidebar]")
        assert "Quy đổi theo đơn vị hiện nay" in sidebar.inner_text()
        sidebar.locator("[data-testid=stSelectbox]").nth(1).click()  # the province picker opens its list
        options = page.locator("[role=option]").all_inner_texts()
        assert "↳ Kon Tum (cũ, đến 30/06/2025)" in options, options
        assert options.index("↳ Kon Tum (cũ, đến 30/06/2025)") == options.index("Quảng Ngãi") + 1
        screenshot(page, "sidebar_provinces")
        page.keyboard.press("Escape")
