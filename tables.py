"""Display tables: Vietnamese headers, amounts in triệu đồng, vi-VN number format, — for not reported."""
from __future__ import annotations

import pandas as pd
import streamlit as st

import formatting as fmt
import ui_text
from domain import FUNDING_SOURCES, VND_PER_MILLION


def only_province(frame: pd.DataFrame, province: str | None) -> pd.DataFrame:
    if province is None or frame.empty:
        return frame
    return frame[frame["province"] == province]


def illustrative_banner(submissions: pd.DataFrame) -> None:
    """Say on screen which figures are generated sample data, not real reports."""
    if submissions.empty or "illustrative" not in submissions:
        return
    shown = submissions[submissions["illustrative"].astype(bool)]
    if shown.empty:
        return
    names = sorted(shown["agency"].unique())
    listed = ", ".join(names[:3]) + (f" và {len(names) - 3} đơn vị khác" if len(names) > 3 else "")
    st.info(ui_text.ILLUSTRATIVE_BANNER.format(agencies=listed), icon="🧪")


def _millions(series: pd.Series) -> pd.Series:
    return series.astype("Float64") / VND_PER_MILLION


def _vi_style(frame: pd.DataFrame, decimals: dict[str, int]):
    """Styler that shows 1.234,5 and — while the column stays numeric (sorting still works)."""
    styler = frame.style
    for column, places in decimals.items():
        styler = styler.format(lambda v, p=places: fmt.number(v, p), subset=[column])
    return styler


def agency_summary_view(summary: pd.DataFrame):
    view = pd.DataFrame({
        ui_text.COL_AGENCY: summary["agency"],
        ui_text.COL_ALLOCATED: _millions(summary["allocated_vnd"]),
        ui_text.COL_DISBURSED: _millions(summary["disbursed_vnd"]),
        ui_text.COL_RATE: summary["rate_pct"],
        ui_text.COL_LINES: summary["n_lines"],
    })
    return _vi_style(view, {ui_text.COL_ALLOCATED: 3, ui_text.COL_DISBURSED: 3, ui_text.COL_RATE: 1,
                            ui_text.COL_LINES: 0})


def source_view(by_source: pd.DataFrame):
    view = pd.DataFrame({
        ui_text.COL_SOURCE: by_source["funding_source"] + ") " + by_source["source_name"],
        ui_text.COL_ALLOCATED: _millions(by_source["allocated_vnd"]),
        ui_text.COL_DISBURSED: _millions(by_source["disbursed_vnd"]),
        ui_text.COL_RATE: by_source["rate_pct"],
        ui_text.COL_LINES: by_source["n_lines"],
    })
    return _vi_style(view, {ui_text.COL_ALLOCATED: 3, ui_text.COL_DISBURSED: 3, ui_text.COL_RATE: 1,
                            ui_text.COL_LINES: 0})


def lines_view(lines: pd.DataFrame):
    rate = lines["disbursed_vnd"].astype("Float64") * 100 / lines["allocated_vnd"].astype("Float64")
    view = pd.DataFrame({
        ui_text.COL_SOURCE: lines["funding_source"].map(lambda s: f"{s}) {FUNDING_SOURCES.get(s, s)}"),
        ui_text.COL_TASK: lines["task"],
        ui_text.COL_ALLOCATED: _millions(lines["allocated_vnd"]),
        ui_text.COL_DISBURSED: _millions(lines["disbursed_vnd"]),
        ui_text.COL_RATE: rate.where(lines["allocated_vnd"] > 0),
        ui_text.COL_EXPECTED: lines["expected_pct"].astype("Float64"),
        ui_text.COL_AS_OF: lines["as_of"].map(fmt.day),
        ui_text.COL_DECISION: lines["decision_ref"].fillna(fmt.NOT_REPORTED),
        ui_text.COL_PROCUREMENT: lines["procurement"].fillna(fmt.NOT_REPORTED),
        ui_text.COL_PROCUREMENT_DONE: lines["procurement_done"].map(fmt.month),
        ui_text.COL_CONTRACTOR: lines["contractor"].fillna(fmt.NOT_REPORTED),
        ui_text.COL_NOTE: lines["note"].fillna(""),
    })
    return _vi_style(view, {ui_text.COL_ALLOCATED: 3, ui_text.COL_DISBURSED: 3, ui_text.COL_RATE: 1,
                            ui_text.COL_EXPECTED: 0})
