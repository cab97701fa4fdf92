"""Tổng quan: headline figures against the previous year, and what needs a leader's attention."""

from __future__ import annotations

import streamlit as st

import formatting as fmt
from analysis import budget
from ui import cache, drawn, filters, tables
from ui import restated as restated_view
from ui import text as ui_text
from ui.page import open_page

opened = open_page(ui_text.OVERVIEW_TITLE)
rev, chosen, key, year, submitted = opened.view, opened.chosen, opened.key, opened.year, opened.submitted

prev_year = budget.previous_year(cache.years(rev), year)
prev_key = (prev_year, chosen.scope, chosen.group) if prev_year is not None else None


def money_delta(now: int | None, before: int | None) -> str | None:
    if now is None or before is None:
        return None
    diff = now - before
    return ("+" if diff >= 0 else "-") + fmt.money(abs(diff))


totals = cache.budget_totals(rev, *key)
status = cache.reporting_status(rev, *key)
requested = cache.requests_total(rev, *key)
before_totals = cache.budget_totals(rev, *prev_key) if prev_key else None
before_status = cache.reporting_status(rev, *prev_key) if prev_key else None
before_requested = cache.requests_total(rev, *prev_key) if prev_key else None
delta_text = ui_text.DELTA_VS_PREVIOUS.format(year=prev_year) if prev_year else None

has_budget = totals.n_lines > 0
rate_delta = None
if before_totals and totals.rate_pct is not None and before_totals.rate_pct is not None:
    diff = totals.rate_pct - before_totals.rate_pct
    rate_delta = ui_text.DELTA_POINTS.format(sign="+" if diff >= 0 else "-", value=fmt.number(abs(diff), 1))

# Two rows of three: five money figures side by side are cut off ("12,81 t…") at 1366 px.
c1, c2, c3 = st.columns([4, 4, 3])
c4, c5, c6 = st.columns([4, 4, 3])
c1.metric(
    ui_text.METRIC_ALLOCATED,
    fmt.money(totals.allocated_vnd) if has_budget else fmt.NOT_REPORTED,
    delta=money_delta(
        totals.allocated_vnd if has_budget else None,
        before_totals.allocated_vnd if before_totals and before_totals.n_lines else None,
    ),
    delta_description=delta_text,
    border=True,
)
c2.metric(
    ui_text.METRIC_DISBURSED,
    fmt.money(totals.disbursed_vnd),
    delta=money_delta(totals.disbursed_vnd, before_totals.disbursed_vnd if before_totals else None),
    delta_description=delta_text,
    help=ui_text.METRIC_DISBURSED_HELP,
    border=True,
)
c3.metric(
    ui_text.METRIC_RATE,
    fmt.pct(totals.rate_pct),
    delta=rate_delta,
    delta_description=delta_text,
    help=ui_text.METRIC_RATE_HELP,
    border=True,
)
reported_delta = None
if before_status is not None:
    diff = status.n_reported - before_status.n_reported
    reported_delta = ui_text.DELTA_AGENCIES.format(sign="+" if diff >= 0 else "-", n=abs(diff))
c4.metric(
    ui_text.METRIC_REPORTED,
    f"{fmt.count(status.n_reported)}/{fmt.count(status.n_expected)}",
    delta=reported_delta,
    delta_description=delta_text,
    help=ui_text.METRIC_REPORTED_HELP,
    border=True,
)
c5.metric(
    ui_text.METRIC_REQUESTS,
    fmt.money(requested),
    delta=money_delta(requested, before_requested),
    delta_description=delta_text,
    help=ui_text.METRIC_REQUESTS_HELP.format(year=year),
    border=True,
)

behind = cache.behind_lines(rev, *key)
c6.metric(
    ui_text.METRIC_BEHIND,
    ui_text.N_LINES.format(n=fmt.count(len(behind))),
    help=ui_text.ATTENTION_BEHIND_HELP,
    border=True,
)
# Issue 15: say in which view the year-over-year changes are counted (both years in the same view).
st.caption(ui_text.YOY_VIEW[chosen.view].format(year=prev_year) if prev_year else ui_text.VIEW_SHORT[chosen.view])

if submitted.empty:
    scope = filters.describe(chosen).split(" · ", 1)[1]
    st.info(ui_text.NO_DATA_YEAR.format(year=year, scope=f"({scope})"))

st.subheader(ui_text.ATTENTION_TITLE)
st.markdown(f"**{ui_text.ATTENTION_BEHIND.format(n=fmt.count(len(behind)))}**", help=ui_text.ATTENTION_BEHIND_HELP)
if behind.empty:
    st.success(ui_text.ATTENTION_NONE_BEHIND)
else:
    drawn.show_table(
        ("ov_behind", rev, *key),
        lambda: tables.behind_view(behind),
        "can-chu-y_cham-giai-ngan",
        "ov_behind",
        counted=chosen.view,
    )
n_unreported_lines = totals.n_unreported_lines
if n_unreported_lines:
    st.caption(ui_text.ATTENTION_UNREPORTED_LINES.format(n=fmt.count(n_unreported_lines)))

st.markdown(f"**{ui_text.ATTENTION_NOT_REPORTED.format(year=year, n=fmt.count(len(status.missing)))}**")
if status.missing:
    drawn.show_table(
        ("ov_missing", rev, *key),
        lambda: tables.missing_view(status.missing),
        "chua-bao-cao",
        "ov_missing",
        counted=chosen.view,
    )
else:
    st.success(ui_text.ATTENTION_ALL_REPORTED.format(year=year))

warnings = cache.warnings_view(rev, *key)
n_with_warnings = warnings["submission_id"].nunique() if not warnings.empty else 0
st.markdown(f"**{ui_text.ATTENTION_WARNINGS.format(n=fmt.count(n_with_warnings))}**")
if warnings.empty:
    st.success(ui_text.ATTENTION_NO_WARNINGS)
else:
    drawn.show_table(
        ("ov_warnings", rev, *key),
        lambda: tables.warnings_view(warnings),
        "canh-bao",
        "ov_warnings",
        counted=chosen.view,
    )

restated_view.show_merger_comparison(rev, chosen)
