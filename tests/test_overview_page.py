"""Tổng quan (the default page), driven through AppTest on the sample data."""

from __future__ import annotations

from pages_helpers import metric, open_page, shown_text, table

PAGE = "pages/overview.py"


def test_overview_is_the_default_page(app_env):
    at = open_page(PAGE)
    assert at.title[0].value == "Tổng quan chuyển đổi số"


def test_quang_ngai_2023_headline(app_env):
    at = open_page(PAGE, nam="2023", tinh="Quảng Ngãi")
    assert metric(at, "Tổng kinh phí giao").value == "1,097 tỷ đồng"
    assert metric(at, "Đã giải ngân").value == "49,008 triệu đồng"
    assert metric(at, "Đơn vị đã báo cáo / phải báo cáo").value == "1/1"
    # 40 + 70 + 100 + 300 triệu đồng requested for 2024
    assert metric(at, "Tổng đề xuất kinh phí năm sau").value == "510 triệu đồng"
    # No 2022 data: no delta is invented.
    assert metric(at, "Tổng kinh phí giao").delta in (None, "")
    text = shown_text(at)
    # a) lines: 3,402 of 100 triệu by 30/11 cannot reach 100% by 31/12; c) is fully disbursed.
    assert "Dòng kinh phí không kịp giải ngân đến 31/12 (3)" in text
    behind = at.dataframe[0].value
    assert sorted(behind["Kinh phí giao (triệu đồng)"].tolist()) == [100, 200, 300]
    assert "1 dòng kinh phí chưa báo cáo số giải ngân" in text  # the 456 triệu b) line: not projected, not 0
    assert "Tất cả các đơn vị phải báo cáo đã nộp báo cáo năm 2023." in text


def test_illustrative_2024_counts_and_delta(app_env):
    at = open_page(PAGE, nam="2024", tinh="Tỉnh Minh Hoạ")
    reported = metric(at, "Đơn vị đã báo cáo / phải báo cáo")
    assert reported.value == "20/24"  # 4 agencies did not report in 2024
    assert reported.delta == "-2 đơn vị"  # 22/24 in 2023
    assert any("mẫu minh hoạ" in i.value for i in at.info)
    text = shown_text(at)
    assert "Đơn vị chưa báo cáo năm 2024 (4)" in text
    missing = table(at, "Mã đơn vị")
    assert sorted(missing["Mã đơn vị"]) == ["MH-DAIPT", "MH-SCT", "MH-SGTVT", "MH-UBND-HC"]
    behind = at.dataframe[0].value
    # Every slow discloser (pace ≤ 25%) has at least one line flagged.
    slow = {
        "Sở Xây dựng (minh hoạ)",
        "UBND huyện Bình Sơn Mẫu (minh hoạ)",
        "Sở Nông nghiệp và PTNT (minh hoạ)",
        "Sở Lao động - TB&XH (minh hoạ)",
    }
    assert slow <= set(behind["Đơn vị"])


def test_group_filter_counts(app_env):
    at = open_page(PAGE, nam="2023", tinh="Tỉnh Minh Hoạ", nhom="không có TTHC")
    # VP, Thanh tra, Đài PT-TH; Thanh tra did not report in 2023.
    assert metric(at, "Đơn vị đã báo cáo / phải báo cáo").value == "2/3"
    assert at.query_params["nhom"] in ("không có TTHC", ["không có TTHC"])


def test_bac_giang_warnings_listed(app_env):
    at = open_page(PAGE, nam="2023", tinh="Bắc Giang")
    assert metric(at, "Tổng kinh phí giao").value == "—"  # no budget figures: not reported, never 0
    assert metric(at, "Đã giải ngân").value == "—"
    text = shown_text(at)
    assert "Báo cáo có cảnh báo khi kiểm tra (1)" in text


def test_illustrative_totals_match_the_files(app_env):
    from pages_helpers import illustrative

    import formatting as fmt
    from domain import rate_pct, sum_reported

    subs = illustrative(2024)
    allocated = sum(s.allocated_vnd for s in subs)
    lines = [line for s in subs for line in s.budget_lines]
    disbursed = sum_reported(line.disbursed_vnd for line in lines)
    reported_alloc = sum(line.allocated_vnd for line in lines if line.disbursed_vnd is not None)
    requested = sum(r.amount_vnd for s in subs for r in s.requests)
    at = open_page(PAGE, nam="2024", tinh="Tỉnh Minh Hoạ")
    assert metric(at, "Tổng kinh phí giao").value == fmt.money(allocated)
    assert metric(at, "Đã giải ngân").value == fmt.money(disbursed)
    assert metric(at, "Tỷ lệ giải ngân").value == fmt.pct(rate_pct(disbursed, reported_alloc))
    assert metric(at, "Tổng đề xuất kinh phí năm sau").value == fmt.money(requested)
