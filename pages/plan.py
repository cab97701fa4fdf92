"""Kế hoạch năm sau: funding requests by category and agency, next to this year's allocation and pace."""

from __future__ import annotations

import streamlit as st

import formatting as fmt
from analysis import budget
from ui import cache, charts, drawn, tables
from ui import restated as restated_view
from ui import text as ui_text
from ui.page import open_page

opened = open_page(ui_text.PLAN_TITLE, lambda f: ui_text.PLAN_CAPTION.format(year=f.year))
rev, chosen, key = opened.view, opened.chosen, opened.key

requests = cache.requests_view(rev, *key)
if requests.empty:
    st.info(ui_text.NO_REQUESTS.format(year=chosen.year))
    st.stop()

categories = cache.requests_by_category(rev, *key)
capacity = cache.requests_vs_capacity(rev, *key)
low = capacity[capacity["absorb"] == "low"]
c1, c2, c3 = st.columns(3)
c1.metric(ui_text.METRIC_REQUESTED, fmt.money(cache.requests_total(rev, *key)), border=True)
c2.metric(ui_text.METRIC_REQUESTING, ui_text.N_AGENCIES.format(n=fmt.count(len(capacity))), border=True)
c3.metric(
    ui_text.METRIC_LOW_ABSORB.format(pct=fmt.number(budget.LOW_ABSORPTION_PCT, 0)),
    ui_text.N_AGENCIES.format(n=fmt.count(len(low))),
    border=True,
)

left, right = st.columns([2, 3])
with left:
    st.subheader(ui_text.CHART_BY_CATEGORY)
    st.plotly_chart(
        drawn.figure(("plan_categories", rev, *key), lambda: charts.category_bars(categories)), key="plan_categories"
    )
    restated_view.chart_caption(chosen.view)
    drawn.show_table(
        ("plan_categories", rev, *key),
        lambda: tables.category_view(categories),
        f"de-xuat-theo-nhom_{chosen.year + 1}",
        "plan_category_table",
        counted=chosen.view,
    )
with right:
    st.subheader(ui_text.CHART_CAPACITY)
    st.plotly_chart(
        drawn.figure(("plan_capacity", rev, *key), lambda: charts.capacity_chart(capacity)), key="plan_capacity"
    )
    restated_view.chart_caption(chosen.view)

drawn.show_table(
    ("plan_capacity", rev, *key),
    lambda: tables.capacity_view(capacity),
    f"de-xuat-theo-don-vi_{chosen.year + 1}",
    "plan_capacity_table",
    counted=chosen.view,
)
st.subheader(ui_text.SECTION_REQUESTS)
drawn.show_table(
    ("plan_requests", rev, *key),
    lambda: tables.requests_view(requests),
    f"de-xuat-chi-tiet_{chosen.year + 1}",
    "plan_requests_table",
    counted=chosen.view,
)
