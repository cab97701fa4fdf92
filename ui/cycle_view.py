"""The reporting cycle as shown: status table, not-reported list, the received-over-time chart (pages/cycle.py)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

import formatting as fmt
from ui import text as ui_text
from ui.upload_tables import local_times

STATUS_COLUMNS = [
    ui_text.COL_AGENCY,
    ui_text.COL_STATE,
    ui_text.COL_TIMELY,
    ui_text.COL_DAYS_LATE,
    ui_text.COL_DEADLINE,
    ui_text.COL_FIRST,
    ui_text.COL_LAST,
    ui_text.COL_CURRENT_VERSION,
    ui_text.COL_WAITING,
    ui_text.COL_REASON,
]


def _times(series: pd.Series) -> pd.Series:
    present = pd.to_datetime(series, utc=True)
    shown = local_times(present.dropna()) if present.notna().any() else pd.Series(dtype="string")
    return shown.reindex(series.index).fillna(fmt.NOT_REPORTED)


def _days(series: pd.Series) -> pd.Series:
    return series.map(lambda d: fmt.day(d) if isinstance(d, date) else fmt.NOT_REPORTED)


def status_table(status: pd.DataFrame) -> pd.DataFrame:
    """ScopedStore.status_frame as shown: Vietnamese states, on time / late, times in Vietnam, "—" for none."""
    if status.empty:
        return pd.DataFrame(columns=STATUS_COLUMNS)
    timely = status["on_time"].map(
        lambda v: fmt.NOT_REPORTED if v is None or pd.isna(v) else ui_text.TIMELY_YES if v else ui_text.TIMELY_NO
    )
    return pd.DataFrame(
        {
            ui_text.COL_AGENCY: status["agency"],
            ui_text.COL_STATE: status["state"].map(ui_text.STATE_VI),
            ui_text.COL_TIMELY: timely,
            ui_text.COL_DAYS_LATE: _count_text(status["days_late"]),
            ui_text.COL_DEADLINE: _days(status["deadline"]),
            ui_text.COL_FIRST: _times(status["first_submitted_at"]),
            ui_text.COL_LAST: _times(status["last_submitted_at"]),
            ui_text.COL_CURRENT_VERSION: _count_text(status["current_version"]),
            ui_text.COL_WAITING: _times(status["waiting_since"]),
            ui_text.COL_REASON: status["reason"].fillna(fmt.NOT_REPORTED),
        },
        columns=STATUS_COLUMNS,
    )


def _count_text(series: pd.Series) -> list[str]:
    # As text: st.dataframe draws a missing number as the word "None"; a reader sees "—" (chưa có) and 1.080.
    return [fmt.NOT_REPORTED if pd.isna(v) else fmt.number(v, 0) for v in series]


def not_reported_table(status: pd.DataFrame) -> pd.DataFrame:
    """The agencies that have not reported, with their contact e-mail (the list the Sở chases)."""
    missing = status[status["state"] == "chua_nop"]
    return pd.DataFrame(
        {
            ui_text.COL_AGENCY: missing["agency"],
            ui_text.FIELD_PROVINCE: missing["province"].fillna(fmt.NOT_REPORTED),
            ui_text.COL_DEADLINE: _days(missing["deadline"]),
            ui_text.COL_EMAIL: missing["email"].fillna(fmt.NOT_REPORTED),
        }
    ).reset_index(drop=True)


def received_chart(status: pd.DataFrame, deadline: date | None) -> go.Figure:
    """Cumulative number of agencies that have reported, by the day of their first version, and the deadline."""
    first = pd.to_datetime(status["first_submitted_at"], utc=True).dropna()
    days = first.dt.tz_convert("Asia/Ho_Chi_Minh").dt.date.value_counts().sort_index()
    cumulative = days.cumsum()
    fig = go.Figure(
        go.Scatter(
            x=[pd.Timestamp(d) for d in cumulative.index],
            y=cumulative.tolist(),
            mode="lines+markers",
            line_shape="hv",
            name=ui_text.CHART_RECEIVED_AXIS,
            hovertext=[f"{fmt.day(d)}: {ui_text.N_REPORTS.format(n=n)}" for d, n in cumulative.items()],
            hoverinfo="text",
        )
    )
    if deadline is not None:
        fig.add_vline(x=pd.Timestamp(deadline).timestamp() * 1000, line_color="#d62728", line_dash="dash")
        fig.add_annotation(
            x=pd.Timestamp(deadline),
            y=1,
            yref="paper",
            text=ui_text.CHART_DEADLINE.format(deadline=fmt.day(deadline)),
            showarrow=False,
            xanchor="left",
            font={"color": "#d62728"},
        )
    fig.update_layout(
        height=320,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        yaxis={"title": ui_text.CHART_RECEIVED_AXIS, "rangemode": "tozero", "tickformat": "d"},
        xaxis={"tickformat": "%d/%m/%Y"},
        showlegend=False,
        separators=",.",
    )
    return fig


# --- the agency list editor (analysts): the store's columns, Vietnamese headers, what the user typed back ---------

AGENCY_COLUMNS = ["code", "name", "province", "agency_group", "expected_to_report", "email"]
AGENCY_LABELS = {
    "code": ui_text.COL_AGENCY_CODE,
    "name": ui_text.AGENCY_COL_NAME,
    "province": ui_text.FIELD_PROVINCE,
    "agency_group": ui_text.COL_GROUP,
    "expected_to_report": ui_text.AGENCY_COL_EXPECTED,
    "email": ui_text.COL_EMAIL,
}


def agency_editor_frame(registry: pd.DataFrame, province: str | None) -> pd.DataFrame:
    """The agencies in scope (of the chosen province, if one is), as the editor shows them: text cells, a checkbox."""
    shown = registry if province is None else registry[registry["province"] == province]
    frame = shown.reindex(columns=AGENCY_COLUMNS).reset_index(drop=True)
    for column in ("code", "name", "province", "agency_group", "email"):
        # "" not <NA>: the editor draws a missing cell as the word "None"; an empty cell reads as not given.
        frame[column] = frame[column].astype("string").fillna("")
    # Nullable, so a row added in the editor can start with an empty box (read as "must report").
    frame["expected_to_report"] = frame["expected_to_report"].astype("boolean").fillna(True)
    return frame


def agency_rows(edited: pd.DataFrame, default_province: str | None) -> list[tuple[int, dict]]:
    """(row number as the table shows it, 1-based; the row) for intake.agencies.check_agencies.

    A new row with no province takes the province in view (the one chosen, or the analyst's own), which is
    what an analyst of one province means when adding an agency.
    """
    rows = []
    for number, values in enumerate(edited.reindex(columns=AGENCY_COLUMNS).to_dict("records"), start=1):
        values = {k: (None if v is pd.NA else v) for k, v in values.items()}
        if not (values.get("province") or "").strip() and default_province:
            values["province"] = default_province
        rows.append((number, values))
    return rows
