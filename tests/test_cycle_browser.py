"""Tình hình nộp báo cáo in headless Chromium: states and late days as a leader reads them; screenshot."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from store import Principal, ScopedStore, Store
from tests.browser import READY, browser_page, open_and_wait, running_app, screenshot
from tests.test_cycle_page import cycle_page_store  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


def test_cycle_page_shows_states_and_late_days(cycle_page_store):  # noqa: F811 - the fixture
    store = Store.open(f"sqlite:///{cycle_page_store / 'cds.sqlite3'}")
    frame = ScopedStore(store, Principal("ld", "Lãnh đạo", "lanh_dao")).status_frame(2024, "Tỉnh Minh Hoạ")
    late_days = int(frame.dropna(subset=["days_late"])["days_late"].max())
    store.close()
    with running_app(cycle_page_store, {"CDS_LOAD_SAMPLES": "0"}) as base, browser_page(1366, 900) as page:
        open_and_wait(page, base + "/cycle?nam=2024&tinh=" + quote("Tỉnh Minh Hoạ"))
        states = ["Chưa nộp", "Đã nộp, chờ duyệt", "Bị trả lại", "Đã duyệt"]
        # Every state's count, not just the first one drawn: a check made as the first appears can read the page
        # mid-run (the metrics come before the forms). Fails by timeout if one never shows.
        page.wait_for_function("ss => ss.every(s => document.body.innerText.includes(s))", arg=states, timeout=30_000)
        page.wait_for_selector(READY, timeout=30_000)
        body = page.inner_text("body")
        screenshot(page, "cycle_minh_hoa_2024")
        assert "Tình hình nộp báo cáo" in body and "1234/STTTT-CĐS ngày 15/11/2024" in body
        for state in states:
            assert state in body
        assert "4 đơn vị" in body and "20 đơn vị" in body and late_days > 0  # 4 not reported, 20 late
        assert not page.query_selector("[data-testid=stException]")
