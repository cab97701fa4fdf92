"""Sidebar filters shared by the pages, kept in the URL (st.query_params) so a link reproduces the view."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import streamlit as st

import formatting as fmt
import units
from analysis import restated
from ui import text as ui_text

VIEW_URL: dict[restated.View, str] = {
    "as_reported": "nhu-da-bao-cao",
    "restated": "quy-doi",
}  # ?cach_tinh=... in the URL


@dataclass(frozen=True)
class Filters:
    year: int | None
    province: str | None  # None = all provinces
    group: str | None = None  # agency group ("có TTHC" / "không có TTHC"); None = all
    view: restated.View = "as_reported"  # how figures across the 2025 reorganisation are counted (issue 15)

    @property
    def scope(self) -> str | tuple[str, ...] | None:
        """The province names the filter covers: restated, today's unit holds its former ones (Kon Tum in Quảng
        Ngãi); as reported, only the province chosen."""
        if self.province is None or self.view == "as_reported":
            return self.province
        held = units.names_held_by(self.province)
        return held if len(held) > 1 else self.province

    @property
    def key(self) -> tuple:
        """(year, scope, group): the arguments of the cached per-page frames."""
        return self.year, self.scope, self.group


def _from_url(key: str, options: list, default):
    raw = st.query_params.get(key)
    for option in options:
        if raw is not None and str(option) == raw:
            return option
    return default


def province_tree(provinces: list[str]) -> dict[str, str]:
    """Picker value -> label (see _province_tree), made once per list of provinces: the sidebar asks on every
    rerun of every page."""
    return _province_tree(tuple(provinces))


@functools.lru_cache(maxsize=32)
def _province_tree(provinces: tuple[str, ...]) -> dict[str, str]:
    """Picker value -> label: today's units (sorted), each followed by the former ones it holds.

    A former unit is listed under its successor as "↳ Kon Tum (cũ, đến 30/06/2025)"; today's unit is listed even
    when only its former ones reported (Bắc Ninh above Bắc Giang). A former unit of the same name as its successor
    (Quảng Ngãi before 01/07/2025) is that successor "as reported", so it is not listed twice.
    """
    today = units.restated_names()
    held: dict[str, set[str]] = {}
    for name in provinces:
        held.setdefault(today.get(name, name), set()).add(name)
    tree: dict[str, str] = {}
    for current in sorted(held):
        tree[current] = current
        for former in sorted(held[current] - {current}):
            until = units.last_day_of(former)
            tree[former] = ui_text.FORMER_PROVINCE.format(name=former, until=fmt.day(until) if until else "?")
    return tree


PROVINCE_KEY = "filter_province"


def drill_to_province(chart_key: str, provinces: list[str]) -> None:
    """on_select of a chart of provinces: a click on a province's bar chooses it in the sidebar (then its agencies
    are shown). A callback, so the picker's value is set before the sidebar is drawn again."""
    from ui import charts

    chosen = charts.clicked_agency(st.session_state.get(chart_key), {name: name for name in provinces})
    if chosen is not None:
        st.session_state[PROVINCE_KEY] = chosen


def pick_view(years: list[int]) -> restated.View:
    """The sidebar switch between the two views, in the URL as ?cach_tinh=; default by restated.default_view."""
    from_url = _from_url("cach_tinh", list(VIEW_URL.values()), None)
    default: restated.View = restated.default_view(years)
    for view, slug in VIEW_URL.items():
        if slug == from_url:
            default = view
    chosen: restated.View = (
        st.sidebar.radio(
            ui_text.SIDEBAR_VIEW,
            restated.VIEWS,
            index=restated.VIEWS.index(default),
            format_func=ui_text.VIEW_LABELS.__getitem__,
            help=ui_text.SIDEBAR_VIEW_HELP,
            key="filter_view",
        )
        or default
    )
    st.query_params["cach_tinh"] = VIEW_URL[chosen]
    return chosen


def sidebar(years: list[int], provinces: list[str], groups: list[str] | None = None) -> Filters:
    """Draw the year, province (and agency group) pickers and the view switch; remember the choice in the URL."""
    if not years:
        return Filters(None, None)
    year = st.sidebar.selectbox(
        ui_text.SIDEBAR_YEAR, years, index=years.index(_from_url("nam", years, years[0])), key="filter_year"
    )
    tree = province_tree(provinces)
    province_options = [ui_text.ALL, *tree]
    province = st.sidebar.selectbox(
        ui_text.SIDEBAR_PROVINCE,
        province_options,
        index=province_options.index(_from_url("tinh", province_options, ui_text.ALL)),
        format_func=lambda option: tree.get(option, option),
        key=PROVINCE_KEY,
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
    view = pick_view(years)
    return Filters(year, None if province == ui_text.ALL else province, group, view)


def pick_agency(
    label: str, options: dict[str, str], key: str, url_key: str = "don_vi", placeholder: str | None = None
) -> str | None:
    """An agency picker (code -> name) remembered in the URL; None when there is nothing to pick, or when a
    placeholder is given and nothing is chosen yet (the URL, a click or the user chooses one)."""
    if not options:
        st.query_params.pop(url_key, None)
        return None
    codes = list(options)
    default = _from_url(url_key, codes, None if placeholder else codes[0])
    if key in st.session_state and st.session_state[key] not in codes:
        del st.session_state[key]  # the filters changed under the picker: fall back to the URL / first
    # A value already in session state (a chart click, an earlier choice) wins; passing index as well would
    # make Streamlit warn about a default set twice.
    index = None if key in st.session_state or default is None else codes.index(default)

    name_of = _plain_names(tuple(options.items())).__getitem__
    chosen: str | None
    if key in st.session_state:
        chosen = st.selectbox(label, codes, format_func=name_of, key=key, placeholder=placeholder)
    else:
        chosen = st.selectbox(label, codes, index=index, format_func=name_of, key=key, placeholder=placeholder)
    if chosen is None:
        st.query_params.pop(url_key, None)
    else:
        st.query_params[url_key] = chosen
    return chosen


@functools.lru_cache(maxsize=32)
def _plain_names(options: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Code -> one bounded line without bidi controls (options are plain text), made once per list of options:
    Streamlit formats every option on each run, ~850 agencies at national scope."""
    return {code: fmt.plain(name) for code, name in options}


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
    province = fmt.inert(chosen.province) if chosen.province else ui_text.ALL_PROVINCES
    if isinstance(chosen.scope, tuple):  # restated: say which former provinces today's unit holds
        held = ", ".join(fmt.inert(n) for n in chosen.scope if n != chosen.province)
        province += ui_text.FILTER_HOLDS.format(names=held)
    return ui_text.FILTER_CAPTION.format(
        year=chosen.year,
        province=province,
        group=fmt.inert(chosen.group) if chosen.group else ui_text.ALL_GROUPS,
    ) + ui_text.FILTER_VIEW_SUFFIX.format(view=ui_text.VIEW_LABELS[chosen.view].lower())
