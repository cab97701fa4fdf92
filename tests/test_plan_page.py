"""Kế hoạch năm sau: requests by category and agency next to this year's allocation and disbursement."""

from __future__ import annotations

from pages_helpers import illustrative, metric, open_page, shown_text, table

import formatting as fmt

PAGE = "pages/plan.py"


def test_quang_ngai_requests_2024(app_env):
    at = open_page(PAGE, nam="2023", tinh="Quảng Ngãi")
    assert metric(at, "Tổng kinh phí đề xuất").value == "510 triệu đồng"  # 40 + 70 + 100 + 300
    categories = table(at, "Số nhiệm vụ")
    assert dict(zip(categories["Nhóm"], categories["Kinh phí đề xuất (triệu đồng)"])) == {
        "đào tạo": 300,
        "số hoá": 100,
        "trang thông tin": 70,
        "hạ tầng": 40,
    }
    capacity = table(at, "Khả năng hấp thụ").iloc[0]
    assert capacity["Kinh phí đề xuất (triệu đồng)"] == 510
    assert round(capacity["Tỷ lệ giải ngân (%)"], 1) == 7.6  # 49,008 of 641,962 triệu reported on
    assert capacity["Khả năng hấp thụ"] == "Cần xem xét: giải ngân năm nay thấp"
    detail = table(at, "Năm đề xuất")
    assert set(detail["Năm đề xuất"]) == {"2024"}


def test_illustrative_slow_disbursers_flagged(app_env):
    subs = illustrative(2024)
    at = open_page(PAGE, nam="2024", tinh="Tỉnh Minh Hoạ")
    assert metric(at, "Tổng kinh phí đề xuất").value == fmt.money(sum(r.amount_vnd for s in subs for r in s.requests))
    assert metric(at, "Đơn vị có đề xuất").value == "20 đơn vị"
    capacity = table(at, "Khả năng hấp thụ")
    flagged = set(capacity.loc[capacity["Khả năng hấp thụ"] == "Cần xem xét: giải ngân năm nay thấp", "Đơn vị"])
    assert {
        "Sở Xây dựng (minh hoạ)",
        "UBND huyện Bình Sơn Mẫu (minh hoạ)",
        "Sở Nông nghiệp và PTNT (minh hoạ)",
        "Sở Lao động - TB&XH (minh hoạ)",
    } <= flagged


def test_no_requests_empty_state(app_env):
    at = open_page(PAGE, nam="2023", tinh="Bắc Giang")
    assert "Báo cáo năm 2023 chưa có đề xuất kinh phí nào — đơn vị điền trang DeXuat" in shown_text(at)
