"""Plotly figures in vi-VN format; pages pass frames in, get figures out."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

import formatting as fmt
import ui_text
from domain import VND_PER_MILLION

ALLOCATED_COLOR = "#9ecae1"
DISBURSED_COLOR = "#08519c"
TARGET_COLOR = "#d94801"


def _vi_layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        separators=fmt.PLOTLY_SEPARATORS,  # 1.234,5 in ticks and hovers
        height=height,
        margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        barmode="group",
        hoverlabel=dict(align="left"),
    )
    return fig


def allocation_vs_disbursement(summary: pd.DataFrame) -> go.Figure:
    """Horizontal bars per agency: allocated, disbursed (missing = not reported) and the 31/12 target."""
    frame = summary.iloc[::-1]  # largest allocation at the top
    names = frame["agency"].tolist()
    hover_rows = [
        (fmt.exact_vnd(a), fmt.exact_vnd(d), fmt.pct(r), fmt.exact_vnd(t))
        for a, d, r, t in zip(frame["allocated_vnd"], frame["disbursed_vnd"], frame["rate_pct"], frame["target_vnd"])
    ]
    hover = (
        "<b>%{y}</b><br>" + ui_text.SERIES_ALLOCATED + ": %{customdata[0]}<br>"
        + ui_text.SERIES_DISBURSED + ": %{customdata[1]} (%{customdata[2]})<br>"
        + ui_text.SERIES_TARGET + ": %{customdata[3]}<extra></extra>"
    )
    millions = lambda s: (s.astype("Float64") / VND_PER_MILLION).astype(float)  # noqa: E731 - NA -> NaN gap
    fig = go.Figure()
    fig.add_bar(y=names, x=millions(frame["allocated_vnd"]), name=ui_text.SERIES_ALLOCATED, orientation="h",
                marker_color=ALLOCATED_COLOR, customdata=hover_rows, hovertemplate=hover)
    fig.add_bar(y=names, x=millions(frame["disbursed_vnd"]), name=ui_text.SERIES_DISBURSED, orientation="h",
                marker_color=DISBURSED_COLOR, customdata=hover_rows, hovertemplate=hover,
                text=[fmt.pct(r) for r in frame["rate_pct"]], textposition="outside")
    fig.add_scatter(y=names, x=millions(frame["target_vnd"]), name=ui_text.SERIES_TARGET, mode="markers",
                    marker=dict(symbol="line-ns-open", size=18, color=TARGET_COLOR, line=dict(width=3)),
                    customdata=hover_rows, hovertemplate=hover)
    fig.update_xaxes(title_text=ui_text.AXIS_MILLION, tickformat=",.0f")
    return _vi_layout(fig, height=max(260, 60 + 46 * len(names)))
