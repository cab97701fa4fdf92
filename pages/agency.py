"""Đơn vị: one agency's full report for the year, its warnings and its submission history."""

from __future__ import annotations

import streamlit as st

import formatting as fmt
from analysis import budget
from ui import cache, drawn, filters, tables, upload_tables
from ui import text as ui_text
from ui.page import open_page

# The sample banner is drawn below for the chosen agency only, and the filters go into the "no report" line.
opened = open_page(ui_text.AGENCY_TITLE, show_filters=False, banner=False)
rev, chosen, key, submitted = opened.view, opened.chosen, opened.key, opened.submitted
if submitted.empty:
    scope = filters.describe(chosen).split(" · ", 1)[1]
    st.info(ui_text.NO_AGENCY_REPORTS.format(year=chosen.year, scope=f"({scope})"))
    st.stop()


def _options() -> dict[str, str]:
    ordered = submitted.sort_values("agency", kind="stable")
    return dict(zip(ordered["agency_code"], ordered["agency"]))


def _chosen(code: str) -> tuple[dict, str]:
    """The chosen agency's submission row and its sample-data banner text."""
    rows = submitted[submitted["agency_code"] == code]
    return rows.iloc[0].to_dict(), tables.illustrative_message(rows)


# Kept per (revision, filters) and agency: ~850 agencies at national scope, on every rerun.
code = filters.pick_agency(
    ui_text.CHOOSE_REPORTING_AGENCY, drawn.built(("agency_options", rev, *key), _options), key="agency_code"
)
head, banner = drawn.built(("agency_chosen", rev, *key, code), lambda: _chosen(code))
tables.illustrative_banner(submitted, banner)
st.header(ui_text.AGENCY_HEADER.format(agency=fmt.inert(head["agency"]), year=chosen.year), anchor=False)
report = cache.load_submission(rev, int(head["submission_id"]))
st.caption(
    ui_text.AGENCY_META.format(
        province=fmt.inert(head["province"]) or fmt.NOT_REPORTED,
        group=fmt.inert(head["agency_group"]) if isinstance(head["agency_group"], str) else fmt.NOT_REPORTED,
        date=fmt.day(head["report_date"]),
        requested_by=fmt.inert(report.requested_by) if report.requested_by else fmt.NOT_REPORTED,
    )
)


def own(kind: str, read):
    """The chosen agency's rows of a frame of the year (read(view, year, scope, group)), kept per revision."""

    def rows():
        frame = read(rev, *key)
        return frame[frame["agency_code"] == code] if not frame.empty else frame

    return drawn.built((kind, rev, *key, code), rows)


def file_name(what: str) -> str:
    return f"{what}_{code}_{chosen.year}"


def section(title: str, rows, when_empty: str, draw) -> None:
    """A heading, then the rows drawn, or a note that the agency reported none."""
    st.subheader(title)
    if rows.empty:
        st.info(when_empty)
    else:
        draw(rows)


def requests_section(rows) -> None:
    st.metric(ui_text.METRIC_REQUESTED, fmt.money(budget.requests_total(rows)))
    drawn.show_table(
        ("agency_requests", rev, *key, code),
        lambda: tables.requests_view(rows, with_agency=False),
        file_name("de-xuat"),
        "agency_requests",
        text_figures=True,
        counted="as_reported",
    )


own_lines = own("agency_lines", cache.budget_view)
st.subheader(ui_text.SECTION_BUDGET)
if own_lines.empty:
    st.warning(ui_text.AGENCY_NO_BUDGET.format(year=chosen.year))
else:
    totals = drawn.built(("agency_totals", rev, *key, code), lambda: budget.budget_totals(own_lines))
    c1, c2, c3 = st.columns([4, 4, 3])  # room for "49,008 triệu đồng" at 1366 px
    c1.metric(ui_text.METRIC_ALLOCATED, fmt.money(totals.allocated_vnd), border=True)
    c2.metric(
        ui_text.METRIC_DISBURSED, fmt.money(totals.disbursed_vnd), help=ui_text.METRIC_DISBURSED_HELP, border=True
    )
    c3.metric(ui_text.METRIC_RATE, fmt.pct(totals.rate_pct), help=ui_text.METRIC_RATE_HELP, border=True)
    drawn.show_table(
        ("agency_lines", rev, *key, code),
        lambda: tables.lines_view(own_lines),
        file_name("kinh-phi"),
        "agency_lines",
        text_figures=True,
        counted="as_reported",
    )


section(
    ui_text.SECTION_INDICATORS,
    own("agency_indicators", cache.indicators_view),
    ui_text.AGENCY_NO_INDICATORS,
    lambda rows: drawn.show_table(
        ("agency_indicators", rev, *key, code),
        lambda: tables.indicators_view(rows),
        file_name("chi-so"),
        "agency_indicators",
        text_figures=True,
        counted="as_reported",
    ),
)
section(
    ui_text.SECTION_REQUESTS, own("agency_requests", cache.requests_view), ui_text.AGENCY_NO_REQUESTS, requests_section
)

provenance = cache.sources(rev, int(head["submission_id"]))
if not provenance.empty:
    st.subheader(ui_text.SECTION_SOURCES, help=ui_text.SOURCES_HELP)
    drawn.show_table(
        ("agency_sources", rev, *key, code),
        lambda: upload_tables.provenance_table(provenance),
        file_name("nguon-so-lieu"),
        "agency_sources",
        column_config=upload_tables.provenance_column_config(),
    )

for column, (kind, title) in zip(st.columns(2), ui_text.DIFFICULTY_SECTIONS.items()):
    items = [d.text for d in report.difficulties if d.kind == kind]
    with column:
        st.subheader(title)
        if items:
            st.markdown("\n".join(f"{n}. {fmt.inert(text)}" for n, text in enumerate(items, start=1)))
        else:
            st.caption(ui_text.AGENCY_NO_DIFFICULTIES)

warnings = own("agency_warnings", cache.warnings_view)
if not warnings.empty:
    st.subheader(ui_text.SECTION_WARNINGS)
    drawn.show_table(
        ("agency_warnings", rev, *key, code),
        lambda: tables.warnings_view(warnings),
        file_name("canh-bao"),
        "agency_warnings",
        counted="as_reported",
    )

st.subheader(ui_text.SECTION_HISTORY)
drawn.show_table(
    ("agency_versions", rev, code, chosen.year),
    lambda: upload_tables.versions_table(cache.versions(rev, code, chosen.year), newest_first=False),
    file_name("lich-su"),
    "agency_versions",
    column_config=upload_tables.versions_column_config(),
)
