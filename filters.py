"""Sidebar filters shared by the pages, kept in the URL (st.query_params) so a link reproduces the view."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

import ui_text


@dataclass(frozen=True)
class Filters:
    year: int | None
    province: str | None  # None = all provinces


def _from_url(key: str, options: list, default):
    raw = st.query_params.get(key)
    for option in options:
        if raw is not None and str(option) == raw:
            return option
    return default


def sidebar(years: list[int], provinces: list[str]) -> Filters:
    """Draw the year and province pickers; remember the choice in the URL."""
    if not years:
        return Filters(None, None)
    year = st.sidebar.selectbox(
        ui_text.SIDEBAR_YEAR, years, index=years.index(_from_url("nam", years, years[0])), key="filter_year"
    )
    province_options = [ui_text.ALL, *provinces]
    province = st.sidebar.selectbox(
        ui_text.SIDEBAR_PROVINCE, province_options,
        index=province_options.index(_from_url("tinh", province_options, ui_text.ALL)), key="filter_province",
    )
    st.query_params["nam"] = str(year)
    if province == ui_text.ALL:
        st.query_params.pop("tinh", None)
    else:
        st.query_params["tinh"] = province
    return Filters(year, None if province == ui_text.ALL else province)
