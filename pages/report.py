"""Báo cáo tổng hợp: choose year, scope and view; preview the main tables; download the Word report and workbook."""

from __future__ import annotations

import streamlit as st

import formatting as fmt
from ui import report_files, tables
from ui import text as ui_text
from ui.page import open_plain_page

opened = open_plain_page(ui_text.REPORT_TITLE, ui_text.REPORT_CAPTION)
scope = report_files.pick_scope(opened.view)
if scope is None:
    st.info(ui_text.EMPTY_STORE)
    st.stop()
data = report_files.report_data(opened.view, scope)
if isinstance(data, str):
    st.warning(fmt.inert(data))
    st.stop()

tables.illustrative_banner(data.submissions)
st.caption(ui_text.REPORT_VIEW_STATED.format(scope=fmt.inert(data.scope_name), year=scope.year, view=scope.view))
# Two rows of two: four money-sized figures in one row are cut off ("1,097 tỷ đ…") at 1366 px.
c1, c2 = st.columns(2)
c3, c4 = st.columns(2)
c1.metric(ui_text.METRIC_ALLOCATED, fmt.money(data.allocated_vnd), border=True)
c2.metric(ui_text.METRIC_DISBURSED, fmt.money(data.totals.disbursed_vnd), border=True)
c3.metric(ui_text.METRIC_RATE, fmt.pct(data.totals.rate_pct), border=True)
c4.metric(ui_text.REPORT_METRIC_REQUESTED, fmt.money(data.requested_vnd), border=True)

row = st.container(horizontal=True)
for download in report_files.downloads(opened.view, scope, data):
    row.download_button(**download, on_click="ignore")

for heading, table in report_files.preview_tables(opened.view, scope, data):
    st.subheader(heading)
    tables.dataframe(table, hide_index=True, width="stretch")
