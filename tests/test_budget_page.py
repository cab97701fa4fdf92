"""Kinh phí page, driven as a user would through AppTest, on the sample data."""

import pandas as pd
import pytest
from pages_helpers import choose, open_page


def run_app():
    return open_page("pages/budget.py")


def metric(at, label: str) -> str:
    return next(m for m in at.metric if m.label == label).value


def test_quang_ngai_2023_figures(app_env):
    at = run_app()
    choose(at, "Năm báo cáo", 2023)
    choose(at, "Tỉnh", "Quảng Ngãi")
    # 600 (a) + 456 (b) + 40,962 (c) triệu đồng
    assert metric(at, "Tổng kinh phí giao") == "1,097 tỷ đồng"
    # Only lines that reported disbursement count: 3,402 + 0,162 + 4,482 + 40,962 triệu đồng
    assert metric(at, "Đã giải ngân") == "49,008 triệu đồng"
    assert metric(at, "Đơn vị có số liệu kinh phí") == "1 đơn vị"

    by_source, lines = at.dataframe[-2].value, at.dataframe[-1].value
    a_row = by_source[by_source["Nguồn kinh phí"].str.startswith("a)")].iloc[0]
    assert a_row["Kinh phí giao (triệu đồng)"] == 600
    assert a_row["Đã giải ngân (triệu đồng)"] == pytest.approx(8.046)
    source_a = lines[lines["Nguồn kinh phí"].str.startswith("a)")]
    assert source_a["Kinh phí giao (triệu đồng)"].tolist() == [100, 300, 200]
    # Source b) reported no disbursement: the cell stays empty (never 0) and the browser shows "—", not "None".
    b_row = by_source[by_source["Nguồn kinh phí"].str.startswith("b)")].iloc[0]
    assert pd.isna(b_row["Đã giải ngân (triệu đồng)"])
    assert all(table.proto.placeholder == "—" for table in at.dataframe)
    assert source_a["Đã giải ngân (triệu đồng)"].tolist() == pytest.approx([3.402, 0.162, 4.482])
    assert source_a["Dự kiến giải ngân đến 31/12 (%)"].tolist() == [100, 100, 100]
    assert source_a["Hình thức lựa chọn nhà thầu"].tolist() == ["chỉ định thầu", "chỉ định thầu", "đấu thầu"]
    assert source_a["Hoàn thành lựa chọn nhà thầu"].tolist() == ["10/2023", "11/2023", "11/2023"]
    assert "Trung tâm Công nghệ Thông tin và Truyền thông tỉnh Quảng Ngãi" in source_a["Đơn vị thực hiện"].tolist()
    b_line = lines[lines["Nguồn kinh phí"].str.startswith("b)")].iloc[0]
    assert b_line["Kinh phí giao (triệu đồng)"] == 456
    assert b_line["Đã giải ngân (triệu đồng)"] is None or str(b_line["Đã giải ngân (triệu đồng)"]) == "<NA>"


def test_bac_giang_budget_is_not_reported_never_zero(app_env):
    at = run_app()
    choose(at, "Năm báo cáo", 2023)
    choose(at, "Tỉnh", "Bắc Giang")
    shown = " ".join(i.value for i in at.info) + " ".join(w.value for w in at.warning)
    assert "chưa có đơn vị nào báo cáo số liệu kinh phí" in shown
    assert "Ban Dân tộc tỉnh Bắc Giang" in " ".join(w.value for w in at.warning)
    assert not at.metric  # no 0 đồng metric for an agency that gave no figures


def test_illustrative_set_is_labelled(app_env):
    at = run_app()
    choose(at, "Năm báo cáo", 2024)
    assert any("mẫu minh hoạ" in i.value for i in at.info)
    assert metric(at, "Đơn vị có số liệu kinh phí") == "20 đơn vị"  # 24 expected, 4 did not report in 2024


def test_year_filter_is_kept_in_the_url(app_env):
    at = run_app()
    choose(at, "Năm báo cáo", 2023)
    assert at.query_params["nam"] in ("2023", ["2023"])  # str or list, depending on the Streamlit version


def test_national_scope_is_drawn_by_province_and_a_click_drills_down(app_env):
    """Issue 17: every province at once is one bar per province; clicking one chooses it in the sidebar."""
    from streamlit.testing.v1 import AppTest

    at = run_app()
    choose(at, "Năm báo cáo", 2023)
    captions = " ".join(c.value for c in at.caption)
    assert "theo tỉnh, thành phố" in captions  # Quảng Ngãi and Bắc Giang reported in 2023
    assert "bảng dưới liệt kê các tỉnh, thành phố" in captions  # the table follows the chart
    choose(at, "Tỉnh", "Quảng Ngãi")
    assert "theo tỉnh, thành phố" not in " ".join(c.value for c in at.caption)  # one province: its agencies

    def click_on_a_province_bar():
        import streamlit as st

        from ui import filters

        st.session_state["bars"] = {"selection": {"points": [{"y": "Quảng Ngãi", "x": 1097.0}]}}
        filters.drill_to_province("bars", ["Bắc Giang", "Quảng Ngãi"])
        st.write(st.session_state[filters.PROVINCE_KEY])

    clicked = AppTest.from_function(click_on_a_province_bar).run()
    assert clicked.markdown[0].value == "Quảng Ngãi"


def test_national_scope_table_lists_provinces_then_agencies(app_env):
    """The table under the national chart follows it (34 provinces, not ~850 agencies per rerun, issue 17)."""
    at = open_page("pages/budget.py", nam="2023")  # a shared link to the national view of 2023
    national = at.dataframe[0].value.set_index("Tỉnh, thành phố")
    assert list(national.index) == ["Tỉnh Minh Hoạ", "Quảng Ngãi"]  # largest allocation first
    assert national.loc["Quảng Ngãi", "Kinh phí giao (triệu đồng)"] == pytest.approx(1096.962)  # "1,097 tỷ đồng"
    assert national.loc["Quảng Ngãi", "Đã giải ngân (triệu đồng)"] == pytest.approx(49.008)
    # No agency is opened at national scope until one is chosen: the picker waits, and says how to choose.
    assert len(at.dataframe) == 1
    assert any("Chưa chọn đơn vị" in i.value for i in at.info)
    choose(at, "Chọn đơn vị để xem các dòng kinh phí", "QNG-BDT")
    lines = at.dataframe[-1].value
    assert lines[lines["Nguồn kinh phí"].str.startswith("a)")]["Kinh phí giao (triệu đồng)"].tolist() == [100, 300, 200]
    choose(at, "Tỉnh", "Quảng Ngãi")
    agencies = at.dataframe[0].value
    assert agencies["Đơn vị"].tolist() == ["Ban Dân tộc tỉnh Quảng Ngãi"]
