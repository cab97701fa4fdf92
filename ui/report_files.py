"""The Báo cáo tổng hợp page's pickers, its cached report data and files, and its preview tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import formatting as fmt
import reports
from domain import VND_PER_MILLION, fold
from reports import content
from reports.content import ReportData, Table
from ui import cache, drawn, tables
from ui import text as ui_text


def pick_scope(reader: cache.View) -> reports.Scope | None:
    """Year, province, whole province or one agency, and the view; None on a store without reports."""
    years = cache.years(reader)
    if not years:
        return None
    wanted_year = st.query_params.get("nam")
    year = st.selectbox(
        ui_text.SIDEBAR_YEAR,
        years,
        index=next((i for i, y in enumerate(years) if str(y) == wanted_year), 0),
        key="report_year",
    )
    provinces = cache.provinces(reader)
    left, right = st.columns(2)
    province = left.selectbox(
        ui_text.SIDEBAR_PROVINCE,
        provinces,
        index=provinces.index(_default_province(reader, year, provinces)),
        key="report_province",
    )
    # The same URL keys as the sidebar filters: a link from another page opens the report on its year and province.
    st.query_params["nam"], st.query_params["tinh"] = str(year), province
    whole = left.radio(
        ui_text.REPORT_SCOPE, [ui_text.REPORT_SCOPE_PROVINCE, ui_text.REPORT_SCOPE_AGENCY], horizontal=True
    )
    agency_code = None
    if whole == ui_text.REPORT_SCOPE_AGENCY:
        submitted = cache.submissions_view(reader, year, province, None)
        names = dict(zip(submitted["agency_code"], submitted["agency"]))
        agency_code = right.selectbox(
            ui_text.REPORT_AGENCY, list(names), format_func=names.__getitem__, key="report_agency"
        )
    view = right.radio(
        ui_text.REPORT_VIEW, [ui_text.REPORT_VIEW_CURRENT, ui_text.REPORT_VIEW_APPROVED], horizontal=True
    )
    return reports.Scope(year, None if agency_code else province, agency_code, view == ui_text.REPORT_VIEW_APPROVED)


def _default_province(reader: cache.View, year: int, provinces: list[str]) -> str:
    """The URL's province, else the one with most reports that year (a first view with figures in it)."""
    wanted = st.query_params.get("tinh")
    if wanted in provinces:
        return wanted
    counts = cache.submissions(reader, year)["province"].value_counts()
    return str(counts.index[0]) if len(counts) and counts.index[0] in provinces else provinces[0]


@cache.shared(max_entries=16)
def report_data(reader: cache.View, scope: reports.Scope) -> ReportData | str:
    """The report's data, or the Vietnamese reason it cannot be made (unknown or empty scope).

    Shared by every session, like ui/cache's reads (st.cache_data unpickled a copy of every frame on each rerun):
    the report's builders only read it."""
    try:
        # Through the reader's scope, like every page: an agency account reports on its own agency only.
        return reports.gather(cache.scoped_as(reader, scope.approved_only), scope)
    except reports.ReportError as error:
        return error.message_vi


@st.cache_data(max_entries=8, show_spinner=False)
def docx_bytes(reader: cache.View, scope: reports.Scope) -> bytes:
    data = report_data(reader, scope)
    assert not isinstance(data, str)
    return reports.render_docx(data)


@st.cache_data(max_entries=8, show_spinner=False)
def xlsx_bytes(reader: cache.View, scope: reports.Scope) -> bytes:
    data = report_data(reader, scope)
    assert not isinstance(data, str)
    return reports.render_xlsx(data)


def file_stem(data: ReportData) -> str:
    """bao-cao-tong-hop_2023_quangngai (…_minh-hoa when any figure is illustrative)."""
    parts = [ui_text.REPORT_FILE_STEM, str(data.scope.year), fold(data.scope.agency_code or data.province or "")]
    if data.illustrative_agencies:
        parts.append(ui_text.REPORT_ILLUSTRATIVE_STEM)
    return "_".join(p for p in parts if p)


def preview(table: Table, name: str):
    """The report table as the page shows it: money in triệu đồng, 1.234,5, chưa báo cáo for missing."""
    columns = {}
    decimals = {}
    for i, column in enumerate(table.columns):
        values = [row[i] for row in table.rows]
        if column.kind == "money":
            columns[column.header] = pd.array(values, dtype="Int64").astype("Float64") / VND_PER_MILLION
            decimals[column.header] = 3
        elif column.kind == "pct":
            columns[column.header] = pd.array(values, dtype="Float64")
            decimals[column.header] = 1
        else:
            columns[column.header] = [fmt.NOT_REPORTED if v is None else str(v) for v in values]
    return tables.computed_style(pd.DataFrame(columns), decimals, name)


def preview_tables(reader: cache.View, scope: reports.Scope, data: ReportData) -> list[tuple[str, object]]:
    """(heading, styled table) for the page: by source, by agency, next year's requests; built once per (revision,
    reader, scope), so a rerun that changes neither draws them again without summing or styling anything."""
    return drawn.built(
        ("report_preview", reader, scope),
        lambda: [
            (ui_text.REPORT_BY_SOURCE, preview(content.source_table(data), "report_sources")),
            (ui_text.REPORT_BY_AGENCY, preview(content.agency_table(data), "report_agencies")),
            (ui_text.REPORT_REQUESTS, preview(content.request_table(data), "report_requests")),
        ],
    )


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def downloads(reader: cache.View, scope: reports.Scope, data: ReportData) -> list[dict]:
    """st.download_button arguments for the Word report (primary) and the workbook; files built on click."""
    stem = file_stem(data)
    return [
        {
            "label": ui_text.REPORT_DOWNLOAD_DOCX,
            "data": lambda: docx_bytes(reader, scope),
            "file_name": f"{stem}.docx",
            "mime": DOCX_MIME,
            "icon": ":material/description:",
            "type": "primary",
        },
        {
            "label": ui_text.REPORT_DOWNLOAD_XLSX,
            "data": lambda: xlsx_bytes(reader, scope),
            "file_name": f"{stem}.xlsx",
            "mime": XLSX_MIME,
            "icon": ":material/table_view:",
        },
    ]
