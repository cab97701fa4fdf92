"""Sidebar filters shared by the pages, kept in the URL (st.query_params) so a link reproduces the view."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui import text as ui_text


@dataclass(frozen=True)
class Filters:
    year: int | None
    province: str | None  # None = all provinces
    group: str | None = None  # agency group ("có TTHC" / "không có TTHC"); None = all

    @property
    def key(self) -> tuple:
        """(year, province, group): the arguments of the cached per-page frames."""
        return self.year, self.province, self.group


def _from_url(key: str, options: list, default):
    raw = st.query_params.get(key)
    for option in options:
        if raw is not None and str(option) == raw:
            return option
    return default


def sidebar(years: list[int], provinces: list[str], groups: list[str] | None = None) -> Filters:
    """Draw the year, province (and agency group) pickers; remember the choice in the URL."""
    if not years:
        return Filters(None, None)
    year = st.sidebar.selectbox(
        ui_text.SIDEBAR_YEAR, years, index=years.index(_from_url("nam", years, years[0])), key="filter_year"
    )
    province_options = [ui_text.ALL, *provinces]
    province = st.sidebar.selectbox(
        ui_text.SIDEBAR_PROVINCE,
        province_options,
        index=province_options.index(_from_url("tinh", province_options, ui_text.ALL)),
        key="filter_province",
    )
    st.query_params["nam"] = str(year)
    if province == ui_text.ALL:
        st.query_params.pop("tinh", None)
    else:
        st.query_params["tinh"] = province
    group = None
    if groups:
        group_options = [ui_text.ALL, *groups]
        group = st.sidebar.selectbox(
            ui_text.SIDEBAR_GROUP,
            group_options,
            index=group_options.index(_from_url("nhom", group_options, ui_text.ALL)),
            key="filter_group",
        )
        if group == ui_text.ALL:
            st.query_params.pop("nhom", None)
            group = None
        else:
            st.query_params["nhom"] = group
    return Filters(year, None if province == ui_text.ALL else province, group)


def pick_agency(label: str, options: dict[str, str], key: str, url_key: str = "don_vi") -> str | None:
    """An agency picker (code -> name) remembered in the URL; None when there is nothing to pick."""
    if not options:
        st.query_params.pop(url_key, None)
        return None
    codes = list(options)
    default = _from_url(url_key, codes, codes[0])
    if key in st.session_state and st.session_state[key] not in codes:
        del st.session_state[key]  # the filters changed under the picker: fall back to the URL / first
    # A value already in session state (a chart click, an earlier choice) wins; passing index as well would
    # make Streamlit warn about a default set twice.
    index = None if key in st.session_state else codes.index(default)
    name_of = options.__getitem__
    if index is None:
        code = st.selectbox(label, codes, format_func=name_of, key=key)
    else:
        code = st.selectbox(label, codes, index=index, format_func=name_of, key=key)
    st.query_params[url_key] = code
    return code


def standard(view) -> Filters:
    """The sidebar every leadership page draws: year, province, agency group (from the store)."""
    from ui import cache  # here, not at the top: cached imports the store, filters stays importable without it

    return sidebar(cache.years(view), cache.provinces(view), cache.groups(view))


APPROVED_KEY = "approved_only"


def approved_switch() -> bool:
    """The sidebar switch "approved figures only", kept in the URL (duyet=1) like the other filters."""
    if APPROVED_KEY not in st.session_state:
        st.session_state[APPROVED_KEY] = st.query_params.get("duyet") == "1"
    on = st.sidebar.toggle(ui_text.APPROVED_ONLY, key=APPROVED_KEY, help=ui_text.APPROVED_ONLY_HELP)
    if on:
        st.query_params["duyet"] = "1"
    else:
        st.query_params.pop("duyet", None)
    return bool(on)


def export_suffix() -> str:
    """Part of every download's name saying which figures it holds (approved only, or current versions)."""
    return ui_text.EXPORT_APPROVED if st.session_state.get(APPROVED_KEY) else ui_text.EXPORT_CURRENT


def describe(chosen: Filters) -> str:
    """'Năm 2023 · Quảng Ngãi · tất cả các nhóm đơn vị' for a caption."""
    return ui_text.FILTER_CAPTION.format(
        year=chosen.year, province=chosen.province or ui_text.ALL_PROVINCES, group=chosen.group or ui_text.ALL_GROUPS
    )
