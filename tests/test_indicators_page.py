"""Chỉ số chuyển đổi số: DTI ranking on normalised scores, the heatmap, empty states."""

from __future__ import annotations

import pytest
from pages_helpers import illustrative, open_page, shown_text, table

PAGE = "pages/indicators.py"


def test_quang_ngai_dti(app_env):
    at = open_page(PAGE, nam="2023", tinh="Quảng Ngãi")
    ranking = table(at, "Điểm DTI")
    row = ranking.iloc[0]
    assert row["Đơn vị"] == "Ban Dân tộc tỉnh Quảng Ngãi"
    assert row["Điểm DTI"] == pytest.approx(439.72)
    assert row["Điểm tối đa"] == 485
    assert row["Điểm chuẩn hoá (0–1)"] == pytest.approx(0.907, abs=5e-4)  # 439,72 / 485
    assert row["Hạng đơn vị báo cáo"] == "7/20"
    assert row["Năm đánh giá"] == "2022"
    assert row["Thay đổi hạng trong nhóm so với năm trước"] == "—"  # no 2022 report: not invented
    assert len(at.get("plotly_chart")) == 2  # DTI bars and the heatmap


def test_normalised_styler_shows_vi_decimal(app_env):
    from store import OPEN
    from ui import (
        cache,  # the page's own cached frame, rendered the way st.dataframe shows it
        tables,
    )

    view = cache.View(cache.get_store().revision(), OPEN)  # an open-mode reader, as on a fresh machine
    html = tables.dti_view(cache.dti_ranking(view, 2023, "Quảng Ngãi", None)).to_html()
    assert "0,907" in html and "439,72" in html


def test_illustrative_ranking_is_fair_across_maxima(app_env):
    subs = illustrative(2024)
    scores = {s.agency: s.indicator("dti_score") for s in subs}
    best = max(scores, key=lambda a: scores[a].value / scores[a].out_of)
    at = open_page(PAGE, nam="2024", tinh="Tỉnh Minh Hoạ")
    ranking = table(at, "Điểm DTI")
    assert len(ranking) == 20  # 24 expected, 4 did not report in 2024
    assert ranking.iloc[0]["Đơn vị"] == best
    assert ranking.iloc[0]["Hạng chung"] == 1
    assert set(ranking["Điểm tối đa"]) <= {485, 1000}
    norm = ranking["Điểm chuẩn hoá (0–1)"].tolist()
    assert norm == sorted(norm, reverse=True)
    # Change of group rank against 2023 is filled for agencies that reported both years.
    assert (ranking["Thay đổi hạng trong nhóm so với năm trước"] != "—").sum() >= 18


def test_group_filter_ranks_within_group(app_env):
    at = open_page(PAGE, nam="2024", tinh="Tỉnh Minh Hoạ", nhom="không có TTHC")
    ranking = table(at, "Điểm DTI")
    # VP UBND and Thanh tra report in 2024; Đài PT-TH does not.
    assert sorted(ranking["Đơn vị"]) == ["Thanh tra tỉnh (minh hoạ)", "Văn phòng UBND tỉnh (minh hoạ)"]
    assert sorted(ranking["Hạng trong nhóm"]) == ["1/2", "2/2"]


def test_no_dti_says_what_to_fill(app_env):
    at = open_page(PAGE, nam="2023", tinh="Bắc Giang")
    text = shown_text(at)
    assert "Năm 2023 chưa có đơn vị nào báo cáo chỉ số DTI — đơn vị điền trang ChiSo, mã dti_score" in text
    # Bắc Giang reported dx_staff only as a count plus two % indicators: the heatmap still draws those.
    assert len(at.get("plotly_chart")) == 1
