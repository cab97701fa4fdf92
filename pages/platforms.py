"""Nền tảng & dịch vụ: shared platforms, online services, secured computers, e-documents and DX staff."""

from __future__ import annotations

import streamlit as st

import formatting as fmt
from analysis import indicators as indicator_frames
from domain import INDICATORS
from ui import cache, charts, drawn, tables
from ui import restated as restated_view
from ui import text as ui_text
from ui.page import open_page

opened = open_page(ui_text.PLATFORMS_TITLE, lambda f: ui_text.PLATFORMS_CAPTION)
rev, chosen, key = opened.view, opened.chosen, opened.key

per_agency = cache.platforms(rev, *key)
if per_agency.empty:
    st.info(ui_text.NO_PLATFORMS.format(year=chosen.year))
    st.stop()

totals = drawn.built(("platform_totals", rev, *key), lambda: indicator_frames.platform_totals(per_agency))
# Two rows of three: six x/y figures in one row are cut off ("903/1.0…") at 1366 px.
columns = [*st.columns(3), *st.columns(3)]
label = ui_text.PLATFORM_METRIC_LABELS
for column, code in zip(columns, indicator_frames.RATIO_CODES):
    t = totals[code]
    if not t["n"]:
        column.metric(label[code], fmt.NOT_REPORTED, help=INDICATORS[code].name_vi, border=True)
        continue
    column.metric(
        label[code],
        ui_text.TOTAL_RATIO.format(value=fmt.number(t["value"], 0), out_of=fmt.number(t["out_of"], 0)),
        help=INDICATORS[code].name_vi
        + ". "
        + ui_text.TOTAL_RATIO_HELP.format(
            n_complete=t["n_complete"], n=t["n"], ratio=fmt.pct(100 * t["ratio"] if t["ratio"] else None)
        ),
        border=True,
    )
for column, code in zip(columns[3:5], indicator_frames.PERCENT_CODES):
    t = totals[code]
    column.metric(
        label[code],
        fmt.pct(t["mean"]),
        help=INDICATORS[code].name_vi + ". " + ui_text.TOTAL_MEAN_HELP.format(n=t["n"]),
        border=True,
    )
t = totals["dx_staff"]
columns[5].metric(
    label["dx_staff"],
    ui_text.TOTAL_UNIT_PEOPLE.format(value=fmt.number(t["sum"], 0)) if t["n"] else fmt.NOT_REPORTED,
    help=INDICATORS["dx_staff"].name_vi + ". " + ui_text.TOTAL_SUM_HELP.format(n=t["n"]),
    border=True,
)

chart_codes = [
    c for c in indicator_frames.RATIO_CODES + indicator_frames.PERCENT_CODES if per_agency[f"{c}_norm"].notna().any()
]
if chart_codes:
    code = st.selectbox(
        ui_text.CHOOSE_PLATFORM_INDICATOR, chart_codes, format_func=lambda c: INDICATORS[c].name_vi, key="platform_code"
    )
    st.subheader(ui_text.CHART_PLATFORM.format(name=INDICATORS[code].name_vi))
    if code == "online_services":
        st.caption(ui_text.NO_SERVICES_NOTE)
    st.plotly_chart(
        drawn.figure(
            ("platform_bars", rev, *key, code), lambda: charts.progress_bars(per_agency, code, INDICATORS[code].name_vi)
        ),
        key="platform_bars",
    )
    restated_view.chart_caption(chosen.view)

drawn.show_table(
    ("platforms", rev, *key),
    lambda: tables.platforms_view(per_agency),
    f"nen-tang-dich-vu_{chosen.year}",
    "platforms_table",
    counted=chosen.view,
)
