"""Kinh phí: allocation vs disbursement per agency, then one agency's budget lines."""
from __future__ import annotations

import pandas as pd
import streamlit as st

import analysis
import cached
import charts
import filters
import formatting as fmt
import tables
import ui_text

rev = cached.revision()
all_submissions = cached.submissions(rev, None)
st.title(ui_text.BUDGET_TITLE)
if all_submissions.empty:
    st.info(ui_text.EMPTY_STORE)
    st.stop()

chosen = filters.sidebar(cached.years(rev), sorted(all_submissions["province"].dropna().unique()))
lines = tables.only_province(cached.budget_lines(rev, chosen.year), chosen.province)
submitted = tables.only_province(cached.submissions(rev, chosen.year), chosen.province)
st.caption(ui_text.BUDGET_CAPTION.format(year=chosen.year))
tables.illustrative_banner(submitted)

if lines.empty:
    st.info(ui_text.NO_BUDGET_YEAR.format(year=chosen.year))
else:
    totals = analysis.budget_totals(lines)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(ui_text.METRIC_ALLOCATED, fmt.money(totals.allocated_vnd))
    c2.metric(ui_text.METRIC_DISBURSED, fmt.money(totals.disbursed_vnd), help=ui_text.METRIC_DISBURSED_HELP)
    c3.metric(ui_text.METRIC_RATE, fmt.pct(totals.rate_pct), help=ui_text.METRIC_RATE_HELP)
    c4.metric(ui_text.METRIC_AGENCIES, f"{totals.n_agencies} đơn vị")

    summary = analysis.by_agency(lines)
    st.subheader(ui_text.CHART_BY_AGENCY)
    st.plotly_chart(charts.allocation_vs_disbursement(summary), width="stretch")
    st.dataframe(tables.agency_summary_view(summary), hide_index=True, width="stretch")

missing = analysis.agencies_without_budget(submitted, lines)
if missing:
    st.warning(ui_text.NOT_REPORTED_AGENCIES.format(agencies="; ".join(missing)))

if not lines.empty:
    st.divider()
    agencies = analysis.by_agency(lines)[["agency_code", "agency"]]
    label_of = dict(zip(agencies["agency_code"], agencies["agency"]))
    code = st.selectbox(ui_text.CHOOSE_AGENCY, list(label_of), format_func=label_of.get, key="budget_agency")
    own = lines[lines["agency_code"] == code]
    st.subheader(ui_text.AGENCY_LINES.format(agency=label_of[code]))
    st.caption(ui_text.LINE_COUNT.format(n=len(own)))
    st.markdown(f"**{ui_text.BY_SOURCE}**")
    st.dataframe(tables.source_view(analysis.by_source(own)), hide_index=True, width="stretch")
    st.dataframe(tables.lines_view(own), hide_index=True, width="stretch")
