"""Đơn vị: one agency's whole report and its submission history."""

from __future__ import annotations

from pages_helpers import choose, metric, open_page, shown_text, table

PAGE = "pages/agency.py"


def test_quang_ngai_full_report(app_env):
    at = open_page(PAGE, nam="2023", tinh="Quảng Ngãi")
    text = shown_text(at)
    assert "Ban Dân tộc tỉnh Quảng Ngãi — năm 2023" in text
    assert "Ngày báo cáo: 30/11/2023" in text
    assert metric(at, "Đã giải ngân").value == "49,008 triệu đồng"
    lines = table(at, "Văn bản giao")
    assert lines["Văn bản giao"].iloc[0] == "569/QĐ-UBND ngày 26/6/2023"
    assert "Công ty cổ phần Công nghệ và Truyền thông Năm Sao" in lines["Đơn vị thực hiện"].tolist()
    # The 456 triệu line's disbursement is not reported: the displayed frame says "—", never None or 0.
    by_allocated = dict(zip(lines["Kinh phí giao (triệu đồng)"], lines["Đã giải ngân (triệu đồng)"], strict=True))
    assert by_allocated["456"] == "—" and by_allocated["100"] == "3,402"
    assert not lines.isna().any().any() and "None" not in lines.astype(str).to_numpy()
    assert "—: chưa báo cáo (không tính là 0)." in text
    indicators = table(at, "Mã chỉ số")
    reading = dict(zip(indicators["Mã chỉ số"], indicators["Giá trị"]))
    assert reading["dti_score"] == "439,72/485"
    assert reading["dti_rank"] == "7/20"
    assert reading["platforms_used"] == "7/7"
    assert metric(at, "Tổng kinh phí đề xuất").value == "510 triệu đồng"
    assert "Công chức phụ trách CNTT kiêm nhiệm" in text
    assert "Bố trí kinh phí trang bị mới máy tính" in text
    history = table(at, "Phiên bản")
    # Every stored version, oldest first, with who sent it (the sample loader: "dữ liệu mẫu").
    assert history["Phiên bản"].tolist() == list(range(1, len(history) + 1))
    assert set(history["Người nộp"]) == {"dữ liệu mẫu"}
    assert "quang-ngai_ban-dan-toc_2023.xlsx" in history["Tệp"].tolist()
    assert at.query_params["don_vi"] in ("QNG-BDT", ["QNG-BDT"])


def test_bac_giang_budget_not_reported(app_env):
    at = open_page(PAGE, nam="2023", tinh="Bắc Giang")
    assert any("chưa báo cáo số liệu kinh phí năm 2023" in w.value for w in at.warning)
    assert not any(m.label == "Tổng kinh phí giao" for m in at.metric)  # never a 0 đồng metric


def test_pick_agency_by_link_and_picker(app_env):
    at = open_page(PAGE, nam="2024", tinh="Tỉnh Minh Hoạ", don_vi="MH-SXD")
    assert "Sở Xây dựng (minh hoạ) — năm 2024" in shown_text(at)
    assert any("mẫu minh hoạ" in i.value for i in at.info)
    choose(at, "Chọn đơn vị", "MH-STP")
    assert "Sở Tư pháp (minh hoạ) — năm 2024" in shown_text(at)
    assert at.query_params["don_vi"] in ("MH-STP", ["MH-STP"])
