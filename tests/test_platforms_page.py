"""Nền tảng & dịch vụ: x/y progress per agency and province totals."""

from __future__ import annotations

from pages_helpers import choose, illustrative, metric, open_page, shown_text, table

import formatting as fmt

PAGE = "pages/platforms.py"


def test_quang_ngai_totals_and_row(app_env):
    at = open_page(PAGE, nam="2023", tinh="Quảng Ngãi")
    assert metric(at, "Nền tảng dùng chung").value == "7/7"
    assert metric(at, "Dịch vụ công trực tuyến").value == "37/37"
    assert metric(at, "Máy tính bảo đảm ATTT").value == "16/16"
    assert metric(at, "Văn bản điện tử (TB)").value == "100%"
    assert metric(at, "Văn bản ký số (TB)").value == "100%"
    assert metric(at, "Công chức phụ trách CĐS").value == "6 người"
    row = table(at, "Đơn vị").iloc[0]
    assert row["Nền tảng số dùng chung của tỉnh đang sử dụng"] == "7/7"
    assert row["TTHC cung cấp dịch vụ công trực tuyến (mức 3-4)"] == "37/37"
    assert row["Máy tính cài phần mềm bảo đảm an toàn thông tin (%)"] == 100


def test_illustrative_province_totals(app_env):
    subs = illustrative(2023)
    used = sum(s.indicator("platforms_used").value for s in subs)
    services = [s.indicator("online_services") for s in subs if s.indicator("online_services")]
    at = open_page(PAGE, nam="2023", tinh="Tỉnh Minh Hoạ")
    assert metric(at, "Nền tảng dùng chung").value == f"{fmt.number(used, 0)}/{fmt.number(7 * len(subs), 0)}"
    assert (
        metric(at, "Dịch vụ công trực tuyến").value
        == f"{fmt.number(sum(i.value for i in services), 0)}/{fmt.number(sum(i.out_of for i in services), 0)}"
    )
    rows = table(at, "Đơn vị")
    assert len(rows) == 22  # 24 expected, 2 did not report in 2023
    # Agencies without administrative procedures have no online-services figure: —, not 0/0.
    no_services = rows[rows["Nhóm đơn vị"] == "không có TTHC"]
    assert set(no_services["TTHC cung cấp dịch vụ công trực tuyến (mức 3-4)"]) == {"—"}
    choose(at, "Chỉ tiêu trên biểu đồ", "computers_secured")
    assert "Mức độ đạt theo đơn vị: Máy tính cài phần mềm bảo đảm an toàn thông tin" in shown_text(at)


def test_empty_state_names_the_codes(app_env):
    at = open_page(PAGE, nam="2023", tinh="Bắc Giang")
    # Bắc Giang reported dx_staff (2 people) and nothing of x/y: the totals say — for those.
    assert metric(at, "Nền tảng dùng chung").value == "—"
    assert metric(at, "Công chức phụ trách CĐS").value == "2 người"
