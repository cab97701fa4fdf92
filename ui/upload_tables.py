"""Upload and history results as display tables: issues, diff, totals, a version's content, versions, audit.

Built once here and shown by Nộp báo cáo, Lịch sử phiên bản and Đơn vị alike; every header is ui_text's.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal

import pandas as pd
import streamlit as st

import formatting as fmt
from domain import FUNDING_SOURCES, INDICATORS, Issue, Submission, fold
from intake.diff import SubmissionDiff, Totals
from ui import text as ui_text

FIGURE_WARNING_COLUMNS = [
    ui_text.COL_SHEET,
    ui_text.COL_ROW,
    ui_text.COL_ITEM,
    ui_text.COL_COLUMN,
    ui_text.COL_FIGURE_READ,
    ui_text.COL_MESSAGE,
]

md = fmt.inert  # one rule for file text shown as markdown (formatting.inert)

# --- upload --------------------------------------------------------------------------------------

ISSUE_COLUMNS = [
    ui_text.COL_LEVEL,
    ui_text.COL_FILE,
    ui_text.COL_WORKSHEET,
    ui_text.COL_ROW,
    ui_text.COL_COLUMN,
    ui_text.COL_SHORT_CODE,
    ui_text.COL_NOTICE,
]


def _errors_first(issues: Sequence[Issue]) -> list[Issue]:
    return [i for _, i in sorted(enumerate(issues), key=lambda p: (not p[1].is_error, p[0]))]


def _level(issue: Issue) -> str:
    return ui_text.LEVEL_ERROR if issue.is_error else ui_text.LEVEL_WARNING


def issues_table(issues: Sequence[Issue], english: bool = False) -> pd.DataFrame:
    """One table, errors first, in file order otherwise: Mức, Tệp, Trang tính, Dòng, Cột, Mã, Thông báo."""
    ordered = _errors_first(issues)
    return pd.DataFrame(
        {
            ui_text.COL_LEVEL: [_level(i) for i in ordered],
            ui_text.COL_FILE: [i.file for i in ordered],
            ui_text.COL_WORKSHEET: [i.sheet or "" for i in ordered],
            ui_text.COL_ROW: pd.array([i.row for i in ordered], dtype="Int64"),
            ui_text.COL_COLUMN: [i.column or "" for i in ordered],
            ui_text.COL_SHORT_CODE: [i.code for i in ordered],
            ui_text.COL_NOTICE: [(i.message_en if english else i.message_vi) for i in ordered],
        },
        columns=ISSUE_COLUMNS,
    )


def issues_column_config() -> dict:
    return {
        ui_text.COL_LEVEL: st.column_config.TextColumn(ui_text.COL_LEVEL, width="small"),
        ui_text.COL_ROW: st.column_config.NumberColumn(ui_text.COL_ROW, format="%d", width="small"),
        ui_text.COL_SHORT_CODE: st.column_config.TextColumn(ui_text.COL_SHORT_CODE, width="small"),
        ui_text.COL_NOTICE: st.column_config.TextColumn(ui_text.COL_NOTICE, width="large"),
    }


def issue_lines(issues: Sequence[Issue]) -> list[str]:
    """'Lỗi — tệp.xlsx, KinhPhi, dòng 2, cột Kinh phí giao: message' per issue, errors first."""
    out = []
    for i in _errors_first(issues):
        place = ", ".join(
            x
            for x in (
                i.file,
                i.sheet,
                ui_text.ISSUE_AT_ROW.format(row=i.row) if i.row else None,
                ui_text.ISSUE_AT_COLUMN.format(column=i.column) if i.column else None,
            )
            if x
        )
        out.append(ui_text.ISSUE_LINE.format(level=_level(i), place=place, message=i.message_vi))
    return out


DIFF_COLUMNS = [
    ui_text.COL_DIFF_TABLE,
    ui_text.COL_CHANGE,
    ui_text.COL_ITEM,
    ui_text.COL_FIELD_NAME,
    ui_text.COL_BEFORE,
    ui_text.COL_AFTER,
]


def show_value(field_name: str, value) -> str:
    """A record value as the leader reads it: money in triệu đồng vi-VN, — for not reported."""
    if value is None:
        return fmt.NOT_REPORTED
    if field_name.endswith("_vnd"):
        return fmt.million_vnd_number(value)
    if field_name in ("as_of",):
        return fmt.day(value)
    if field_name == "procurement_done":
        return fmt.month(value)
    if isinstance(value, float):
        return fmt.number(value, 2)
    if field_name == "extra":
        return "; ".join(f"{k}: {v}" for k, v in value) or fmt.NOT_REPORTED
    return str(value)


def _summary(kind: str, item) -> str:
    if kind == "budget_lines":
        return ui_text.DIFF_LINE_SUMMARY.format(
            source=item.funding_source,
            allocated=fmt.million_vnd_number(item.allocated_vnd),
            disbursed=fmt.million_vnd_number(item.disbursed_vnd),
        )
    if kind == "indicators":
        out_of = f" / {fmt.number(item.out_of, 2)}" if item.out_of is not None else ""
        return f"{fmt.number(item.value, 2)}{out_of}"
    year = ui_text.NOT_DETERMINED if item.year is None else item.year
    return f"{year}: {fmt.million_vnd_number(item.amount_vnd)}"


def _item_label(kind: str, label: str) -> str:
    if kind == "indicators" and label in INDICATORS:
        return f"{INDICATORS[label].name_vi} ({label})"
    return label


def diff_table(diff: SubmissionDiff) -> pd.DataFrame:
    """One row per changed field, added or removed item: Bảng, Thay đổi, Mục, Trường, Trước, Sau."""
    rows = []
    for c in diff.changes:
        base = {
            ui_text.COL_DIFF_TABLE: ui_text.DIFF_KIND_LABELS[c.kind],
            ui_text.COL_CHANGE: ui_text.DIFF_STATUS_LABELS[c.status],
            ui_text.COL_ITEM: _item_label(c.kind, c.label),
        }
        if c.status == "changed":
            rows += [
                {
                    **base,
                    ui_text.COL_FIELD_NAME: ui_text.DIFF_FIELD_LABELS.get(f.field, f.field),
                    ui_text.COL_BEFORE: show_value(f.field, f.before),
                    ui_text.COL_AFTER: show_value(f.field, f.after),
                }
                for f in c.fields
            ]
        elif c.status == "added":
            rows.append(
                {
                    **base,
                    ui_text.COL_FIELD_NAME: "",
                    ui_text.COL_BEFORE: "",
                    ui_text.COL_AFTER: _summary(c.kind, c.after),
                }
            )
        else:
            rows.append(
                {
                    **base,
                    ui_text.COL_FIELD_NAME: "",
                    ui_text.COL_BEFORE: _summary(c.kind, c.before),
                    ui_text.COL_AFTER: "",
                }
            )
    return pd.DataFrame(rows, columns=DIFF_COLUMNS)


def diff_column_config() -> dict:
    widths: dict[str, Literal["small", "medium", "large"]] = {
        ui_text.COL_DIFF_TABLE: "small",
        ui_text.COL_CHANGE: "small",
        ui_text.COL_ITEM: "medium",
        ui_text.COL_BEFORE: "small",
        ui_text.COL_AFTER: "small",
    }
    return {name: st.column_config.TextColumn(name, width=width) for name, width in widths.items()}


TOTAL_COLUMNS = [ui_text.COL_MEASURE, ui_text.COL_BEFORE, ui_text.COL_AFTER, ui_text.COL_DELTA]


def totals_table(diff: SubmissionDiff) -> pd.DataFrame:
    """Totals before → after, money in triệu đồng vi-VN (Trước is — on a first upload)."""

    def row(label: str, attr: str, money: bool) -> dict:
        before: Totals | None = diff.before
        old = getattr(before, attr) if before else None
        new = getattr(diff.after, attr)
        show = fmt.million_vnd if money else (lambda v: fmt.number(v, 0))
        delta = (
            ""
            if old is None or new is None or old == new
            else (
                ("+" if new > old else "−")
                + (fmt.million_vnd(abs(new - old)) if money else fmt.number(abs(new - old), 0))
            )
        )
        return {
            ui_text.COL_MEASURE: label,
            ui_text.COL_BEFORE: show(old),
            ui_text.COL_AFTER: show(new),
            ui_text.COL_DELTA: delta,
        }

    return pd.DataFrame(
        [
            row(ui_text.METRIC_ALLOCATED, "allocated_vnd", True),
            row(ui_text.METRIC_DISBURSED, "disbursed_vnd", True),
            row(ui_text.TOTAL_REQUESTED_NEXT, "requested_vnd", True),
            row(ui_text.TOTAL_N_LINES, "n_lines", False),
            row(ui_text.TOTAL_N_INDICATORS, "n_indicators", False),
            row(ui_text.TOTAL_N_REQUESTS, "n_requests", False),
        ],
        columns=TOTAL_COLUMNS,
    )


def _figure_at(sub: Submission, sheet: str | None, row: int | None, column: str | None) -> tuple[str, str]:
    """(item, figure as read) of the record a warning points at, matched by sheet and source row."""
    folded_sheet, folded_column = fold(sheet or ""), fold(column or "")
    if row is None:
        return "", ""
    if folded_sheet == "kinhphi":
        for b in sub.budget_lines:
            if b.source_row == row:
                amount = b.disbursed_vnd if "giaingan" in folded_column else b.allocated_vnd
                return b.task, fmt.million_vnd(amount)
    if folded_sheet == "dexuat":
        for r in sub.requests:
            if r.source_row == row:
                return r.task, fmt.million_vnd(r.amount_vnd)
    if folded_sheet == "chiso":
        for i in sub.indicators:
            if i.source_row == row:
                out_of = f"/{fmt.number(i.out_of, 2)}" if i.out_of is not None else ""
                return i.display_name, fmt.number(i.value, 2) + out_of
    return "", ""


def warnings_beside_figures(sub: Submission, warnings: Sequence[Issue]) -> pd.DataFrame:
    """Each warning next to the figure it concerns, as read: what was assumed, so the agency can correct it."""
    rows = []
    for w in warnings:
        item, figure = _figure_at(sub, w.sheet, w.row, w.column)
        rows.append([w.sheet or "", w.row, item, w.column or "", figure or fmt.NOT_REPORTED, w.message_vi])
    frame = pd.DataFrame(rows, columns=FIGURE_WARNING_COLUMNS)
    frame[ui_text.COL_ROW] = frame[ui_text.COL_ROW].astype("Int64")
    return frame


def submission_tables(sub: Submission) -> dict[str, pd.DataFrame]:
    """A version's content as three display tables (Kinh phí, Chỉ số, Đề xuất), money in triệu đồng."""
    line_columns = [
        ui_text.COL_SOURCE,
        ui_text.COL_TASK,
        ui_text.COL_ALLOCATED,
        ui_text.COL_DISBURSED,
        ui_text.COL_EXPECTED_SHORT,
        ui_text.COL_DECISION,
        ui_text.COL_CONTRACTOR,
    ]
    lines = pd.DataFrame(
        [
            dict(
                zip(
                    line_columns,
                    (
                        f"{b.funding_source}) {FUNDING_SOURCES.get(b.funding_source, '')}",
                        b.task,
                        fmt.million_vnd_number(b.allocated_vnd),
                        fmt.million_vnd_number(b.disbursed_vnd),
                        fmt.number(b.expected_pct, 0),
                        b.decision_ref or fmt.NOT_REPORTED,
                        b.contractor or fmt.NOT_REPORTED,
                    ),
                )
            )
            for b in sub.budget_lines
        ],
        columns=line_columns,
    )
    indicator_columns = [
        ui_text.COL_INDICATOR,
        ui_text.COL_SHORT_CODE,
        ui_text.COL_VALUE,
        ui_text.COL_OUT_OF,
        ui_text.COL_APPLIES_YEAR,
    ]
    indicators = pd.DataFrame(
        [
            dict(
                zip(
                    indicator_columns,
                    (
                        i.display_name,
                        i.code,
                        fmt.number(i.value, 2),
                        fmt.number(i.out_of, 2),
                        str(i.applies_to_year or sub.year or ui_text.NOT_DETERMINED),
                    ),
                )
            )
            for i in sub.indicators
        ],
        columns=indicator_columns,
    )
    request_columns = [ui_text.COL_YEAR, ui_text.COL_TASK, ui_text.COL_CATEGORY, ui_text.COL_REQUESTED]
    requests = pd.DataFrame(
        [
            dict(
                zip(
                    request_columns,
                    (
                        ui_text.NOT_DETERMINED if r.year is None else str(r.year),
                        r.task,
                        r.category or fmt.NOT_REPORTED,
                        fmt.million_vnd_number(r.amount_vnd),
                    ),
                )
            )
            for r in sub.requests
        ],
        columns=request_columns,
    )
    return {ui_text.SECTION_BUDGET: lines, ui_text.SECTION_INDICATORS: indicators, ui_text.TAB_REQUESTS: requests}


# --- history -----------------------------------------------------------------------------------------------

LOCAL_TZ = "Asia/Ho_Chi_Minh"  # times are stored in UTC; staff read Vietnamese time
VERSION_COLUMNS = [
    ui_text.COL_VERSION,
    ui_text.COL_TIME,
    ui_text.COL_UPLOADER,
    ui_text.COL_FILE,
    ui_text.COL_SHA_SHORT,
    ui_text.COL_ACTION,
    ui_text.COL_WARNINGS,
]


def local_times(series: pd.Series) -> pd.Series:
    """UTC timestamps -> 'dd/mm/yyyy HH:MM' in Vietnamese time."""
    if series.empty:
        return series.astype("string")
    return pd.to_datetime(series, utc=True).dt.tz_convert(LOCAL_TZ).dt.strftime("%d/%m/%Y %H:%M")


def versions_table(versions: pd.DataFrame, newest_first: bool = True) -> pd.DataFrame:
    """store.versions(...) as shown (Lịch sử phiên bản, Đơn vị): short SHA-256, action in Vietnamese."""
    if versions.empty:
        return pd.DataFrame(columns=VERSION_COLUMNS)
    by_id = dict(zip(versions["submission_id"], versions["version"]))
    ordered = versions.sort_values("version", ascending=not newest_first)

    def action(row) -> str:
        if row["action"] == "restore":
            source = by_id.get(row["restored_from"])
            return (
                ui_text.VERSION_RESTORED_FROM.format(source=source)
                if source is not None
                else ui_text.ACTION_VI["restore"]
            )
        return ui_text.ACTION_VI["upload"]

    return pd.DataFrame(
        {
            ui_text.COL_VERSION: ordered["version"].astype("int64"),
            ui_text.COL_TIME: local_times(ordered["uploaded_at"]),
            ui_text.COL_UPLOADER: [
                _actor(n, lg) for n, lg in zip(ordered["uploaded_by"], ordered["uploaded_by_login"])
            ],
            ui_text.COL_FILE: ordered["file_name"],
            ui_text.COL_SHA_SHORT: ordered["sha256"].str[:12] + "…",
            ui_text.COL_ACTION: ordered.apply(action, axis=1),
            ui_text.COL_WARNINGS: ordered["n_warnings"].astype("Int64"),
        },
        columns=VERSION_COLUMNS,
    ).reset_index(drop=True)


def versions_column_config() -> dict:
    return {
        ui_text.COL_SHA_SHORT: st.column_config.TextColumn(ui_text.COL_SHA_SHORT, help=ui_text.COL_SHA_HELP),
        ui_text.COL_WARNINGS: st.column_config.NumberColumn(ui_text.COL_WARNINGS, format="%d"),
    }


AUDIT_COLUMNS = [
    ui_text.COL_TIME,
    ui_text.COL_ACTOR,
    ui_text.COL_ACTION,
    ui_text.COL_AGENCY,
    ui_text.COL_YEAR,
    ui_text.COL_DETAIL,
]
SYSTEM_ACTOR = "system"  # store.database.SYSTEM_ACTOR: the registry update at first start
ACTIONS = {**ui_text.ACTION_VI, **ui_text.ACTION_VI_ACCOUNTS, **ui_text.ACTION_VI_CYCLE}


def audit_detail(detail) -> str:
    """The store's facts (JSON) as a sentence; an older row's free text is shown as it was written."""
    if detail is None or (not isinstance(detail, str) and pd.isna(detail)):
        return ""
    try:
        facts = json.loads(detail)
    except ValueError:
        return str(detail)
    if not isinstance(facts, dict):
        return str(detail)
    if "restored_from_version" in facts:
        return ui_text.AUDIT_RESTORE.format(
            version=facts.get("version"),
            source=facts.get("restored_from_version"),
            submission_id=facts.get("restored_from"),
        )
    if "sha256" in facts:
        filed = (
            ui_text.AUDIT_FILED.format(written=facts["filed_from"], filed=facts.get("filed_as"))
            if facts.get("filed_from")
            else ""
        )
        return (
            ui_text.AUDIT_UPLOAD.format(
                version=facts.get("version"),
                file=facts.get("file"),
                size=fmt.number(facts.get("size"), 0),
                sha=str(facts["sha256"])[:12],
            )
            + filed
        )
    if "agencies" in facts:
        return ui_text.AUDIT_AGENCIES.format(n=fmt.number(facts["agencies"], 0))
    if "login" in facts:
        return account_detail(facts)
    if "transition" in facts:
        words = [ui_text.AUDIT_TRANSITION.format(version=facts.get("version"))]
        if facts.get("reason"):
            words.append(ui_text.AUDIT_REASON.format(reason=facts["reason"]))
        return " · ".join(words)
    if "reminder_to" in facts:
        return ui_text.AUDIT_REMINDER.format(to=facts["reminder_to"], ref=facts.get("period", ""))
    if "period" in facts:
        deadline = facts.get("deadline")
        shown = fmt.day(pd.Timestamp(deadline).date()) if deadline else fmt.NOT_REPORTED
        return ui_text.AUDIT_PERIOD.format(ref=facts["period"], deadline=shown)
    return str(detail)


def account_detail(facts: dict) -> str:
    """An account event's facts (store.accounts) as words: never a password, there is none to show."""
    parts = [ui_text.AUDIT_ACCOUNT.format(login=facts["login"])]
    if facts.get("reason") in ui_text.AUDIT_REASON_VI:
        parts.append(ui_text.AUDIT_REASON_VI[facts["reason"]])
    if facts.get("attempt"):
        parts.append(ui_text.AUDIT_ATTEMPT.format(n=facts["attempt"]))
    if facts.get("until"):
        until = pd.Timestamp(facts["until"]).to_pydatetime()
        parts.append(ui_text.AUDIT_UNTIL.format(until=fmt.local_timestamp(until)))
    if facts.get("role"):
        parts.append(ui_text.ROLE_VI.get(facts["role"], facts["role"]))
    if facts.get("method") == "sso":
        parts.append(ui_text.AUDIT_METHOD_SSO.format(email=facts.get("email", "")))
    return " · ".join(str(p) for p in parts)


def _actor(name, login) -> str:
    """'Họ tên (login)' for an account, the name alone in open mode, 'hệ thống' for the system."""
    if name == SYSTEM_ACTOR:
        return ui_text.AUDIT_SYSTEM_ACTOR
    return f"{name} ({login})" if isinstance(login, str) and login and login != name else str(name)


def audit_table(audit: pd.DataFrame, agency_code: str | None = None, year: int | None = None) -> pd.DataFrame:
    """store.audit_frame() as shown, optionally only one (agency, year)."""
    if agency_code is not None:
        audit = audit[(audit["agency_code"] == agency_code) & (audit["year"] == year)]
    return pd.DataFrame(
        {
            ui_text.COL_TIME: local_times(audit["at"]),
            ui_text.COL_ACTOR: [_actor(n, lg) for n, lg in zip(audit["actor"], audit["actor_login"])],
            ui_text.COL_ACTION: audit["action"].map(lambda a: ACTIONS.get(a, a)),
            ui_text.COL_AGENCY: audit["agency_code"].fillna(""),
            ui_text.COL_YEAR: audit["year"].astype("Int64"),
            ui_text.COL_DETAIL: audit["detail"].map(audit_detail),
        },
        columns=AUDIT_COLUMNS,
    ).reset_index(drop=True)


def provenance_table(sources: pd.DataFrame) -> pd.DataFrame:
    """store.sources_frame(id) as shown (Đơn vị, Lịch sử phiên bản): figure, page, the sentence with «…»."""
    from intake import review

    return pd.DataFrame(
        {
            ui_text.COL_FIELD: sources["field"].map(review.describe_field),
            ui_text.COL_PAGE: sources["page"].astype("Int64"),
            ui_text.COL_EDITED: sources["edited"].map(lambda e: ui_text.YES if e else ""),
            ui_text.COL_QUOTE: sources["quote"],
        },
        columns=[ui_text.COL_FIELD, ui_text.COL_PAGE, ui_text.COL_EDITED, ui_text.COL_QUOTE],
    ).reset_index(drop=True)


def provenance_column_config() -> dict:
    return {ui_text.COL_QUOTE: st.column_config.TextColumn(ui_text.COL_QUOTE, width="large")}


# --- review step: the editors' columns (Nộp báo cáo, narrative reports) ----------------------------------------


def _review_common() -> dict:
    from intake import review

    return {
        review.USE: st.column_config.CheckboxColumn(ui_text.COL_USE, default=True, width="small"),
        review.SOURCE: st.column_config.TextColumn(
            ui_text.COL_SOURCE_TEXT, disabled=True, width="large", help=ui_text.COL_SOURCE_TEXT_HELP
        ),
    }


def _money(label: str):
    return st.column_config.NumberColumn(label, min_value=0, format="localized")


def review_lines_columns() -> dict:
    text = st.column_config.TextColumn
    return {
        **_review_common(),
        "funding_source": st.column_config.SelectboxColumn(
            ui_text.COL_SOURCE_LETTER, options=["a", "b", "c"], required=True, width="small"
        ),
        "task": text(ui_text.COL_TASK, required=True, width="medium"),
        "allocated_trieu": _money(ui_text.COL_ALLOCATED),
        "disbursed_trieu": _money(ui_text.COL_DISBURSED),
        "expected_pct": st.column_config.NumberColumn(ui_text.COL_EXPECTED, min_value=0, max_value=100),
        "decision_ref": text(ui_text.COL_DECISION),
        "procurement": text(ui_text.COL_PROCUREMENT),
        "contractor": text(ui_text.COL_CONTRACTOR),
    }


def review_indicators_columns() -> dict:
    number = st.column_config.NumberColumn
    return {
        **_review_common(),
        "code": st.column_config.TextColumn(ui_text.COL_CODE, required=True),
        "name": st.column_config.TextColumn(ui_text.COL_INDICATOR_NAME, width="medium"),
        "value": number(ui_text.COL_VALUE, format="localized"),
        "out_of": number(ui_text.COL_OUT_OF, format="localized"),
        "applies_to_year": number(ui_text.COL_APPLIES_YEAR, format="%d"),
    }


def review_requests_columns() -> dict:
    text = st.column_config.TextColumn
    return {
        **_review_common(),
        "year": st.column_config.NumberColumn(ui_text.COL_YEAR, format="%d", required=True),
        "task": text(ui_text.COL_TASK, required=True, width="medium"),
        "amount_trieu": _money(ui_text.COL_REQUESTED),
        "category": text(ui_text.COL_CATEGORY),
        "legal_basis": text(ui_text.COL_LEGAL_BASIS),
        "implementer": text(ui_text.COL_CONTRACTOR),
    }
