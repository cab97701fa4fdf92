"""Pure calculations behind the leadership pages: pace projection, ranking, reporting status, requests."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis import budget
from analysis import indicators as indicator_frames
from ui import charts

TR = 1_000_000


def lines(*rows) -> pd.DataFrame:
    """Budget-line frames shaped like Store.budget_lines_frame (only the columns analysis reads)."""
    base = {
        "agency_code": "X",
        "agency": "Đơn vị X",
        "agency_group": "có TTHC",
        "province": "P",
        "funding_source": "a",
        "task": "t",
        "expected_pct": None,
        "as_of": date(2023, 11, 30),
        "report_date": date(2023, 11, 30),
    }
    frame = pd.DataFrame([{**base, **r} for r in rows])
    frame["allocated_vnd"] = frame["allocated_vnd"].astype("Int64")
    frame["disbursed_vnd"] = frame["disbursed_vnd"].astype("Int64")
    frame["expected_pct"] = frame["expected_pct"].astype("Float64")
    return frame


def test_pace_projects_linearly_to_31_12():
    # 30/11/2023 is day 334 of 365: 3,402 triệu so far projects to 3,402 × 365/334 ≈ 3,718 triệu.
    paced = budget.pace(lines({"allocated_vnd": 100 * TR, "disbursed_vnd": 3_402_000, "expected_pct": 100.0}))
    assert paced.loc[0, "projected_vnd"] == round(3_402_000 * 365 / 334)
    assert bool(paced.loc[0, "behind"])


def test_pace_not_behind_when_on_track_and_caps_at_allocation():
    paced = budget.pace(
        lines(
            {"allocated_vnd": 120 * TR, "disbursed_vnd": 100 * TR, "expected_pct": 90.0, "as_of": date(2023, 10, 31)},
            {"allocated_vnd": 40 * TR, "disbursed_vnd": 40 * TR},  # empty expected_pct: 100%
        )
    )
    assert not paced["behind"].any()
    assert paced.loc[1, "projected_vnd"] == 40 * TR  # never projected past the allocation


def test_pace_keeps_not_reported_out_of_the_flag():
    paced = budget.pace(lines({"allocated_vnd": 456 * TR, "disbursed_vnd": None, "expected_pct": 100.0}))
    assert pd.isna(paced.loc[0, "projected_vnd"])
    assert not bool(paced.loc[0, "behind"]) and bool(paced.loc[0, "not_reported"])


def test_pace_falls_back_to_report_date_and_handles_leap_years():
    paced = budget.pace(
        lines({"allocated_vnd": 366 * TR, "disbursed_vnd": 60 * TR, "as_of": None, "report_date": date(2024, 2, 29)})
    )
    assert paced.loc[0, "projected_vnd"] == 366 * TR  # day 60 of 366: 60 × 366/60 = 366
    assert not bool(paced.loc[0, "behind"])


def test_reporting_status_counts_expected_only():
    registry = pd.DataFrame(
        {"agency_code": ["A", "B", "C"], "agency": ["An", "Bình", "Cường"], "expected_to_report": [True, True, False]}
    )
    submitted = pd.DataFrame({"agency_code": ["A", "C"]})
    status = budget.reporting_status(registry, submitted)
    assert (status.n_reported, status.n_expected, status.n_reported_total) == (1, 2, 2)
    assert status.missing == (("B", "Bình"),)


def test_dti_ranking_normalises_different_maxima():
    frame = pd.DataFrame(
        {
            "agency_code": ["Q", "M", "Q"],
            "agency": ["Quảng Ngãi", "Minh", "Quảng Ngãi"],
            "agency_group": ["có TTHC", "có TTHC", "có TTHC"],
            "code": ["dti_score", "dti_score", "dti_rank"],
            "value": [439.72, 850.0, 7.0],
            "out_of": [485.0, 1000.0, 20.0],
            "applies_to_year": [2022, 2022, 2022],
        }
    )
    ranking = indicator_frames.dti_ranking(frame)
    assert ranking["agency"].tolist() == ["Quảng Ngãi", "Minh"]  # 0,907 beats 0,85 although 439,72 < 850
    assert ranking.loc[0, "score_norm"] == pytest.approx(0.9066, abs=1e-4)
    assert (ranking.loc[0, "reported_rank"], ranking.loc[0, "reported_of"]) == (7, 20)
    previous = frame.assign(value=[400.0, 900.0, 7.0])
    ranked = indicator_frames.dti_ranking(frame, previous)
    assert ranked.loc[0, "rank_change"] == 1  # 2nd in its group last year, 1st now


def test_requests_vs_capacity_marks_unknown_not_zero():
    requests = pd.DataFrame(
        {
            "agency_code": ["X", "Y"],
            "agency": ["Đơn vị X", "Đơn vị Y"],
            "task": ["t", "u"],
            "amount_vnd": pd.array([300 * TR, 50 * TR], dtype="Int64"),
            "category": ["đào tạo", None],
        }
    )
    line_frame = lines({"allocated_vnd": 100 * TR, "disbursed_vnd": 10 * TR})
    capacity = budget.requests_vs_capacity(requests, line_frame).set_index("agency_code")
    assert capacity.loc["X", "absorb"] == "low"
    assert capacity.loc["Y", "absorb"] == "unknown"  # no budget line: chưa báo cáo, not 0%
    categories = budget.requests_by_category(requests).set_index("category")
    assert categories.loc["khác", "amount_vnd"] == 50 * TR


def test_clicked_agency_reads_bars_and_treemap_tiles():
    names = {"Sở Y tế": "MH-SYT"}
    assert charts.clicked_agency({"selection": {"points": [{"y": "Sở Y tế", "x": 12.0}]}}, names) == "MH-SYT"
    tile = {"selection": {"points": [{"id": "line|MH-STC|2", "label": "a) Số hoá"}]}}
    assert charts.clicked_agency(tile, names) == "MH-STC"
    assert charts.clicked_agency({"selection": {"points": []}}, names) is None
    assert charts.clicked_agency(None, names) is None


def test_heatmap_keeps_percent_indicators_without_maximum():
    frame = pd.DataFrame(
        {
            "agency_code": ["B"],
            "agency": ["Bắc Giang"],
            "code": ["computers_internet_pct"],
            "name": ["Tỷ lệ máy tính kết nối Internet (%)"],
            "value": [100.0],
            "out_of": [None],
        }
    )
    norm, values, out_of = indicator_frames.heatmap_matrix(indicator_frames.heatmap_long(frame))
    assert norm.loc["Bắc Giang", "computers_internet_pct"] == 1.0
