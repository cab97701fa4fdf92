"""The comparison across the 2025 reorganisation in the sidebar's view, its table, and captions naming the view."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import formatting as fmt
import units
from analysis import restated
from ui import cache, drawn, tables
from ui import text as ui_text
from ui.filters import Filters


def chart_caption(view: restated.View) -> None:
    """The line under a chart that says which view its figures are in (issue 15: every chart caption states it)."""
    st.caption(ui_text.VIEW_SHORT[view])


def province_years_view(totals: pd.DataFrame, view: restated.View) -> pd.DataFrame:
    """Display table: one row per province and year, money as vi-VN text, the view named on every row."""
    return pd.DataFrame(
        {
            ui_text.COL_PROVINCE: totals["province"].astype(str),
            ui_text.COL_YEAR: totals["year"].astype(str),
            ui_text.COL_ALLOCATED_MONEY: [fmt.money(v) for v in totals["allocated_vnd"]],
            ui_text.COL_DISBURSED_MONEY: [fmt.money(None if pd.isna(v) else int(v)) for v in totals["disbursed_vnd"]],
            ui_text.COL_N_AGENCIES_REPORTED: totals["n_agencies"].astype(int),
            ui_text.COL_VIEW: ui_text.VIEW_LABELS[view],
        }
    )


def in_scope(totals: pd.DataFrame, province: str | None, view: restated.View) -> pd.DataFrame:
    """Rows of the chosen province: restated, its today's unit; as reported, the provinces that unit holds."""
    if province is None or totals.empty:
        return totals
    today = units.restated_names().get(province, province)
    if view == "restated":
        return totals[totals["province"] == today]
    holds = {name for name, now in units.restated_names().items() if now == today} | {province}
    return totals[totals["province"].isin(holds)]


def show_merger_comparison(reader: cache.View, chosen: Filters) -> None:
    """Tổng quan's section: allocation and disbursement per province and year, in the chosen view."""
    st.subheader(ui_text.MERGER_TITLE)
    view = chosen.view  # the sidebar switch (ui.filters.pick_view)
    key = ("merger", reader, view, chosen.group, chosen.province)
    totals = drawn.built(
        key, lambda: in_scope(cache.budget_by_province(reader, view, chosen.group), chosen.province, view)
    )
    if totals.empty:
        st.info(ui_text.MERGER_EMPTY)
        return
    drawn.show_table(
        key, lambda: province_years_view(totals, view), "so-sanh-qua-sap-xep", "merger_table", counted=view
    )
    st.caption(ui_text.VIEW_CAPTIONS[view])
    if view == "restated":
        for caption in drawn.built(("merger_formers", *key), lambda: formers_captions(reader, totals)):
            st.caption(caption)


def formers_captions(reader: cache.View, totals: pd.DataFrame) -> list[str]:
    """ "Khánh Hòa gồm: Khánh Hòa, Ninh Thuận" for each of today's provinces that holds more than one former one."""
    lines = cache.line_provinces(reader)
    out = []
    for today in totals["province"].unique():
        formers = restated.formers_of(today, lines)
        if len(formers) > 1:
            out.append(ui_text.MERGER_FORMERS.format(today=today, formers=", ".join(formers)))
    return out


def agency_list_view(tree: pd.DataFrame) -> pd.DataFrame:
    """analysis.restated.agency_tree as shown on Nộp báo cáo: former agencies indented under today's ones."""

    def label(row) -> str:
        if not row.former:
            return str(row.agency)
        until = fmt.day(row.until) if row.until is not None and not pd.isna(row.until) else "?"
        if isinstance(row.former_province, str):
            return ui_text.FORMER_AGENCY_OF_PROVINCE.format(name=row.agency, province=row.former_province, until=until)
        return ui_text.FORMER_AGENCY.format(name=row.agency, until=until)

    return pd.DataFrame(
        {
            ui_text.COL_PROVINCE_TODAY: tree["province_today"].astype(str),
            ui_text.COL_AGENCY: [label(r) for r in tree.itertuples()],
            ui_text.COL_AGENCY_CODE: tree["agency_code"].astype(str),
        }
    )


def show_agency_list(reader: cache.View) -> None:
    """Nộp báo cáo's list of agencies: today's units, former ones under them (issue 15)."""
    with st.expander(ui_text.AGENCY_LIST_TITLE):
        st.caption(ui_text.AGENCY_LIST_HELP)
        shown = drawn.table(
            ("agency_list", reader), lambda: agency_list_view(restated.agency_tree(cache.agencies(reader)))
        )
        tables.dataframe(shown, hide_index=True, width="stretch")
