"""Đơn vị: one agency's full report for the year, its warnings and its submission history."""
from __future__ import annotations

import streamlit as st

import entry
import analysis
import cached
import filters
import formatting as fmt
import tables
import ui_text

entry.require_navigation()

rev = cached.revision()
st.title(ui_text.AGENCY_TITLE)
if not cached.years(rev):
    st.info(ui_text.EMPTY_STORE)
    st.stop()

chosen = filters.standard(rev)
key = chosen.key
submitted = cached.submissions_view(rev, *key)
if submitted.empty:
    scope = filters.describe(chosen).split(" · ", 1)[1]
    st.info(ui_text.NO_AGENCY_REPORTS.format(year=chosen.year, scope=f"({scope})"))
    st.stop()

ordered = submitted.sort_values("agency", kind="stable")
code = filters.pick_agency(ui_text.CHOOSE_REPORTING_AGENCY, dict(zip(ordered["agency_code"], ordered["agency"])),
                           key="agency_code")
head = submitted[submitted["agency_code"] == code].iloc[0]
tables.illustrative_banner(submitted[submitted["agency_code"] == code])
st.header(ui_text.AGENCY_HEADER.format(agency=fmt.inert(head["agency"]), year=chosen.year))
report = cached.load_submission(rev, int(head["submission_id"]))
st.caption(ui_text.AGENCY_META.format(
    province=head["province"], group=head["agency_group"] if isinstance(head["agency_group"], str) else fmt.NOT_REPORTED,
    date=fmt.day(head["report_date"]), requested_by=report.requested_by or fmt.NOT_REPORTED))

own_lines = cached.budget_view(rev, *key)
own_lines = own_lines[own_lines["agency_code"] == code]
st.subheader(ui_text.SECTION_BUDGET)
if own_lines.empty:
    st.warning(ui_text.AGENCY_NO_BUDGET.format(year=chosen.year))
else:
    totals = analysis.budget_totals(own_lines)
    c1, c2, c3 = st.columns([4, 4, 3])  # room for "49,008 triệu đồng" at 1366 px
    c1.metric(ui_text.METRIC_ALLOCATED, fmt.money(totals.allocated_vnd), border=True)
    c2.metric(ui_text.METRIC_DISBURSED, fmt.money(totals.disbursed_vnd), help=ui_text.METRIC_DISBURSED_HELP,
              border=True)
    c3.metric(ui_text.METRIC_RATE, fmt.pct(totals.rate_pct), help=ui_text.METRIC_RATE_HELP, border=True)
    tables.show(tables.lines_view(own_lines), f"kinh-phi_{code}_{chosen.year}", "agency_lines")

st.subheader(ui_text.SECTION_INDICATORS)
own_indicators = cached.indicators_view(rev, *key)
own_indicators = own_indicators[own_indicators["agency_code"] == code]
if own_indicators.empty:
    st.info(ui_text.AGENCY_NO_INDICATORS)
else:
    tables.show(tables.indicators_view(own_indicators), f"chi-so_{code}_{chosen.year}", "agency_indicators")

st.subheader(ui_text.SECTION_REQUESTS)
own_requests = cached.requests_view(rev, *key)
own_requests = own_requests[own_requests["agency_code"] == code]
if own_requests.empty:
    st.info(ui_text.AGENCY_NO_REQUESTS)
else:
    st.metric(ui_text.METRIC_REQUESTED, fmt.money(analysis.requests_total(own_requests)))
    tables.show(tables.requests_view(own_requests, with_agency=False), f"de-xuat_{code}_{chosen.year}",
                "agency_requests")

provenance = cached.sources(rev, int(head["submission_id"]))
if not provenance.empty:
    st.subheader(ui_text.SECTION_SOURCES, help=ui_text.SOURCES_HELP)
    tables.show(tables.sources_view(provenance), f"nguon-so-lieu_{code}_{chosen.year}", "agency_sources")

left, right = st.columns(2)
for column, kind, title in ((left, "khó khăn", ui_text.SECTION_DIFFICULTIES),
                            (right, "kiến nghị", ui_text.SECTION_RECOMMENDATIONS)):
    items = [d.text for d in report.difficulties if d.kind == kind]
    with column:
        st.subheader(title)
        if items:
            st.markdown("\n".join(f"{n}. {fmt.inert(text)}" for n, text in enumerate(items, start=1)))
        else:
            st.caption(ui_text.AGENCY_NO_DIFFICULTIES)

warnings = cached.warnings_view(rev, *key)
warnings = warnings[warnings["agency_code"] == code] if not warnings.empty else warnings
if not warnings.empty:
    st.subheader(ui_text.SECTION_WARNINGS)
    tables.show(tables.warnings_view(warnings), f"canh-bao_{code}_{chosen.year}", "agency_warnings")

st.subheader(ui_text.SECTION_HISTORY)
tables.show(tables.versions_view(cached.versions(rev, code, chosen.year)), f"lich-su_{code}_{chosen.year}",
            "agency_versions")
