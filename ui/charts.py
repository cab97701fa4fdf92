"""Plotly figures in vi-VN format; pages pass frames in, get figures out."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

import formatting as fmt
from domain import VND_PER_MILLION
from ui import text as ui_text

ALLOCATED_COLOR = "#9ecae1"
DISBURSED_COLOR = "#08519c"
TARGET_COLOR = "#d94801"


# A chart with hundreds of bars is unreadable and slow to build, send and draw (BENCHMARKS.md): charts take
# the first MAX_AGENCIES rows of frames that the caller has sorted by importance; tables keep every row.
MAX_AGENCIES = 40


def top_agencies(frame: pd.DataFrame, which: str) -> pd.DataFrame:
    """The first MAX_AGENCIES rows, saying under the chart when some were left out."""
    import streamlit as st

    total = frame["agency"].nunique() if "agency" in frame else len(frame)
    if total <= MAX_AGENCIES:
        return frame
    st.caption(ui_text.CHART_TOP_N.format(shown=MAX_AGENCIES, total=fmt.count(total), which=which))
    keep = list(dict.fromkeys(frame["agency"]))[:MAX_AGENCIES]
    return frame[frame["agency"].isin(keep)]


def labels(texts: Iterable) -> list[str]:
    """Names from files as Plotly shows them: as text, never as its HTML subset (formatting.plotly_text).

    Every category, label and %{y}/%{label} in a hover of these charts goes through here."""
    return [fmt.plotly_text(t) for t in texts]


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


def allocation_vs_disbursement(summary: pd.DataFrame, label_column: str = "agency") -> go.Figure:
    """Horizontal bars per agency (or province): allocated, disbursed (missing = not reported), 31/12 target."""
    frame = summary.iloc[::-1]  # largest allocation at the top
    names = labels(frame[label_column])
    hover_rows = [
        (fmt.exact_vnd(a), fmt.exact_vnd(d), fmt.pct(r), fmt.exact_vnd(t))
        for a, d, r, t in zip(frame["allocated_vnd"], frame["disbursed_vnd"], frame["rate_pct"], frame["target_vnd"])
    ]
    hover = (
        "<b>%{y}</b><br>"
        + ui_text.SERIES_ALLOCATED
        + ": %{customdata[0]}<br>"
        + ui_text.SERIES_DISBURSED
        + ": %{customdata[1]} (%{customdata[2]})<br>"
        + ui_text.SERIES_TARGET
        + ": %{customdata[3]}<extra></extra>"
    )
    fig = _allocated_and_disbursed(names, frame, hover_rows, hover)
    fig.add_scatter(
        y=names,
        x=_millions(frame["target_vnd"]),
        name=ui_text.SERIES_TARGET,
        mode="markers",
        marker=dict(symbol="line-ns-open", size=18, color=TARGET_COLOR, line=dict(width=3)),
        customdata=hover_rows,
        hovertemplate=hover,
    )
    fig.update_xaxes(title_text=ui_text.AXIS_MILLION, tickformat=",.0f")
    return _no_select_drag(_vi_layout(fig, height=max(260, 60 + 46 * len(names))))


def _millions(series: pd.Series) -> list:
    return (series.astype("Float64") / VND_PER_MILLION).astype(float).tolist()  # <NA> -> NaN: a gap, not 0


def _allocated_and_disbursed(labels: list, frame: pd.DataFrame, hover_rows: list, hover: str) -> go.Figure:
    """The pair of bars every budget chart starts from; a missing disbursement is labelled, never drawn as 0."""
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=_millions(frame["allocated_vnd"]),
        name=ui_text.SERIES_ALLOCATED,
        orientation="h",
        marker_color=ALLOCATED_COLOR,
        customdata=hover_rows,
        hovertemplate=hover,
    )
    fig.add_bar(
        y=labels,
        x=_millions(frame["disbursed_vnd"]),
        name=ui_text.SERIES_DISBURSED,
        orientation="h",
        marker_color=DISBURSED_COLOR,
        customdata=hover_rows,
        hovertemplate=hover,
        text=[
            ui_text.NOT_REPORTED_LABEL if pd.isna(d) else fmt.pct(r)
            for d, r in zip(frame["disbursed_vnd"], frame["rate_pct"])
        ],
        textposition="outside",
        cliponaxis=False,
    )
    return fig


def _thin_bars(fig: go.Figure, n_rows: int) -> go.Figure:
    """One or two agencies: keep bars slim instead of filling the whole plot height."""
    if n_rows <= 3:
        fig.update_layout(bargap=0.7)
    return fig


def _no_select_drag(fig: go.Figure) -> go.Figure:
    # A click selects one bar / tile; dragging should not start a box selection on a leader's laptop.
    fig.update_layout(dragmode=False, clickmode="event+select")
    return fig


def clicked_agency(event, names_to_codes: dict[str, str]) -> str | None:
    """The agency code behind a click on a bar (y = agency name) or a treemap tile (id = agency|CODE|…)."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for point in points or []:
        ident = point.get("id")
        if isinstance(ident, str) and "|" in ident:
            return ident.split("|")[1]
        shown = {fmt.plotly_text(name): code for name, code in names_to_codes.items()}  # as labels() drew them
        for axis in ("y", "x", "label"):
            value = point.get(axis)
            if isinstance(value, str) and value in shown:
                return shown[value]
    return None


def source_bars(by_source: pd.DataFrame) -> go.Figure:
    """Allocated and disbursed per funding source a/b/c."""
    names = labels(f"{s}) {n}" for s, n in zip(by_source["funding_source"], by_source["source_name"]))
    hover_rows = [
        (fmt.exact_vnd(a), fmt.exact_vnd(d), fmt.pct(r))
        for a, d, r in zip(by_source["allocated_vnd"], by_source["disbursed_vnd"], by_source["rate_pct"])
    ]
    hover = (
        "<b>%{y}</b><br>"
        + ui_text.SERIES_ALLOCATED
        + ": %{customdata[0]}<br>"
        + ui_text.SERIES_DISBURSED
        + ": %{customdata[1]} (%{customdata[2]})<extra></extra>"
    )
    fig = _allocated_and_disbursed(names, by_source, hover_rows, hover)
    fig.update_xaxes(title_text=ui_text.AXIS_MILLION, tickformat=",.0f")
    fig.update_yaxes(autorange="reversed")
    return _vi_layout(fig, height=max(220, 80 + 60 * len(names)))


def treemap(nodes: pd.DataFrame) -> go.Figure:
    """Agency → budget line tiles sized by allocation; hover gives exact đồng and the disbursement rate."""
    hover = [
        ui_text.HOVER_TREEMAP.format(allocated=fmt.exact_vnd(a), disbursed=fmt.exact_vnd(d), rate=fmt.pct(r))
        for a, d, r in zip(nodes["allocated_vnd"], nodes["disbursed_vnd"], nodes["rate_pct"])
    ]
    # The colour is the disbursement rate; a tile that did not report disbursement stays grey (not 0%).
    colors = [None if r is None or pd.isna(r) else float(r) for r in nodes["rate_pct"]]
    fig = go.Figure(
        go.Treemap(
            ids=nodes["id"],
            parents=nodes["parent"],
            labels=labels(nodes["label"]),
            values=nodes["allocated_vnd"].astype(float),
            branchvalues="total",
            customdata=hover,
            hovertemplate="<b>%{label}</b><br>%{customdata}<extra></extra>",
            marker=dict(
                colors=[c if c is not None else float("nan") for c in colors],
                colorscale="Blues",
                cmin=0,
                cmax=100,
                showscale=True,
                colorbar=dict(title=dict(text="%"), ticksuffix="%"),
            ),
            texttemplate="%{label}",
            maxdepth=2,
            root_color="#f5f5f5",
        )
    )
    fig = _vi_layout(fig, height=460)
    fig.update_layout(margin=dict(l=5, r=5, t=10, b=5))
    return _no_select_drag(fig)


def pace_chart(paced: pd.DataFrame) -> go.Figure:
    """Per agency: disbursed % (bar), straight-line projection to 31/12 and the 31/12 target (markers)."""
    frame = paced.iloc[::-1]
    names = labels(frame["agency"])
    hover_rows = [
        (fmt.pct(r), fmt.pct(p), fmt.pct(t), fmt.exact_vnd(d))
        for r, p, t, d in zip(frame["rate_pct"], frame["projected_pct"], frame["target_pct"], frame["disbursed_vnd"])
    ]
    hover = (
        "<b>%{y}</b><br>"
        + ui_text.SERIES_RATE
        + ": %{customdata[0]} (%{customdata[3]})<br>"
        + ui_text.SERIES_PROJECTED
        + ": %{customdata[1]}<br>"
        + ui_text.SERIES_TARGET_PCT
        + ": %{customdata[2]}<extra></extra>"
    )
    as_float = lambda s: s.astype("Float64").astype(float).tolist()  # noqa: E731 - NA -> gap
    fig = go.Figure()
    fig.add_bar(
        y=names,
        x=as_float(frame["rate_pct"]),
        name=ui_text.SERIES_RATE,
        orientation="h",
        marker_color=DISBURSED_COLOR,
        customdata=hover_rows,
        hovertemplate=hover,
        # Only "chưa báo cáo" is written on the bar: a % label would sit under the projection marker.
        text=[ui_text.NOT_REPORTED_LABEL if pd.isna(r) else "" for r in frame["rate_pct"]],
        textposition="outside",
        cliponaxis=False,
    )
    fig.add_scatter(
        y=names,
        x=as_float(frame["projected_pct"]),
        name=ui_text.SERIES_PROJECTED,
        mode="markers",
        marker=dict(symbol="diamond", size=10, color="#6baed6"),
        customdata=hover_rows,
        hovertemplate=hover,
    )
    fig.add_scatter(
        y=names,
        x=as_float(frame["target_pct"]),
        name=ui_text.SERIES_TARGET_PCT,
        mode="markers",
        marker=dict(symbol="line-ns-open", size=18, color=TARGET_COLOR, line=dict(width=3)),
        customdata=hover_rows,
        hovertemplate=hover,
    )
    fig.update_xaxes(title_text=ui_text.AXIS_PCT, range=[0, 115], ticksuffix="%")
    return _no_select_drag(_vi_layout(fig, height=max(260, 70 + 30 * len(names))))


def dti_bars(ranking: pd.DataFrame) -> go.Figure:
    frame = ranking[ranking["score_norm"].notna()].iloc[::-1]
    hover = [
        ui_text.HOVER_DTI.format(
            points=f"{fmt.number(v, 2)}/{fmt.number(o, 2)}",
            norm=fmt.number(n, 3),
            rank=fmt.NOT_REPORTED if pd.isna(r) else f"{int(r)}/{int(g)}",
        )
        for v, o, n, r, g in zip(
            frame["value"], frame["out_of"], frame["score_norm"], frame["group_rank"], frame["group_size"]
        )
    ]
    fig = go.Figure()
    fig.add_bar(
        y=labels(frame["agency"]),
        x=frame["score_norm"].astype(float),
        orientation="h",
        marker_color=DISBURSED_COLOR,
        text=[fmt.number(n, 3) for n in frame["score_norm"]],
        textposition="outside",
        cliponaxis=False,
        customdata=hover,
        hovertemplate="<b>%{y}</b><br>%{customdata}<extra></extra>",
        showlegend=False,
    )
    fig.update_xaxes(range=[0, 1.08], tickformat=",.1f", title_text=ui_text.COL_DTI_NORM)
    return _thin_bars(_no_select_drag(_vi_layout(fig, height=max(240, 60 + 28 * len(frame)))), len(frame))


def heatmap(norm: pd.DataFrame, values: pd.DataFrame, out_of: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """Agencies × indicators, colour = normalised 0-1; hover gives the raw reading; empty = not reported."""
    hover = []
    for agency in norm.index:
        row = []
        for code in norm.columns:
            n, v, o = norm.at[agency, code], values.at[agency, code], out_of.at[agency, code]
            if pd.isna(n):
                row.append(ui_text.NOT_REPORTED_LABEL)
            else:
                raw = f"{fmt.number(v, 2)}/{fmt.number(o, 2)}" if not pd.isna(o) else fmt.pct(v)
                row.append(f"{raw} → {fmt.number(n, 3)}")
        hover.append(row)
    columns = labels(names.get(c, c) for c in norm.columns)
    fig = go.Figure(
        go.Heatmap(
            z=norm.astype(float).values,
            x=columns,
            y=labels(norm.index),
            zmin=0,
            zmax=1,
            colorscale="RdYlGn",
            customdata=hover,
            hovertemplate="<b>%{y}</b><br>%{x}<br>%{customdata}<extra></extra>",
            colorbar=dict(tickformat=",.1f"),
            xgap=1,
            ygap=1,
        )
    )
    fig.update_xaxes(tickangle=-30, automargin=True)
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig = _vi_layout(fig, height=max(280, 140 + 26 * len(norm.index)))
    return _no_select_drag(fig)


def progress_bars(per_agency: pd.DataFrame, code: str, name: str) -> go.Figure:
    """One bar per agency: value/out_of in % (or the % itself), hover with the raw x/y reading."""
    norm = per_agency[f"{code}_norm"]
    frame = per_agency[norm.notna()].sort_values(f"{code}_norm", kind="stable")
    values, outs = frame[f"{code}_value"], frame[f"{code}_out_of"]
    raw = [f"{fmt.number(v, 2)}/{fmt.number(o, 2)}" if not pd.isna(o) else fmt.pct(v) for v, o in zip(values, outs)]
    pct = (frame[f"{code}_norm"] * 100).astype(float)
    fig = go.Figure()
    fig.add_bar(
        y=labels(frame["agency"]),
        x=pct,
        orientation="h",
        marker_color=DISBURSED_COLOR,
        showlegend=False,
        text=raw,
        textposition="outside",
        cliponaxis=False,
        customdata=[fmt.pct(p) for p in pct],
        hovertemplate="<b>%{y}</b><br>" + name + ": %{text} (%{customdata})<extra></extra>",
    )
    fig.update_xaxes(range=[0, 118], ticksuffix="%")
    return _thin_bars(_no_select_drag(_vi_layout(fig, height=max(240, 60 + 26 * len(frame)))), len(frame))


def category_bars(categories: pd.DataFrame) -> go.Figure:
    hover = [
        f"{fmt.exact_vnd(a)}<br>{ui_text.COL_N_REQUESTS}: {n}<br>{ui_text.COL_N_AGENCIES}: {k}"
        for a, n, k in zip(categories["amount_vnd"], categories["n_requests"], categories["n_agencies"])
    ]
    fig = go.Figure()
    fig.add_bar(
        x=labels(categories["category"]),
        y=_millions(categories["amount_vnd"]),
        marker_color=DISBURSED_COLOR,
        text=[fmt.million_vnd_number(a) for a in categories["amount_vnd"]],
        textposition="outside",
        cliponaxis=False,
        customdata=hover,
        hovertemplate="<b>%{x}</b><br>%{customdata}<extra></extra>",
        showlegend=False,
    )
    fig.update_yaxes(title_text=ui_text.AXIS_MILLION, tickformat=",.0f")
    return _no_select_drag(_vi_layout(fig, height=340))


def capacity_chart(capacity: pd.DataFrame) -> go.Figure:
    """Per agency: next year's request next to this year's allocation; the rate in the label and hover."""
    frame = capacity.iloc[::-1]
    names = labels(frame["agency"])
    hover_rows = [
        (
            fmt.exact_vnd(q),
            fmt.exact_vnd(a) if not pd.isna(a) else ui_text.NOT_REPORTED_LABEL,
            fmt.pct(r) if not pd.isna(r) else ui_text.NOT_REPORTED_LABEL,
        )
        for q, a, r in zip(frame["requested_vnd"], frame["allocated_vnd"], frame["rate_pct"])
    ]
    hover = (
        "<b>%{y}</b><br>"
        + ui_text.SERIES_REQUESTED
        + ": %{customdata[0]}<br>"
        + ui_text.SERIES_ALLOCATED
        + ": %{customdata[1]}<br>"
        + ui_text.METRIC_RATE
        + ": %{customdata[2]}<extra></extra>"
    )
    fig = go.Figure()
    fig.add_bar(
        y=names,
        x=_millions(frame["allocated_vnd"]),
        name=ui_text.SERIES_ALLOCATED,
        orientation="h",
        marker_color=ALLOCATED_COLOR,
        customdata=hover_rows,
        hovertemplate=hover,
        text=[ui_text.NOT_REPORTED_LABEL if pd.isna(r) else fmt.pct(r) for r in frame["rate_pct"]],
        textposition="outside",
        cliponaxis=False,
    )
    fig.add_bar(
        y=names,
        x=_millions(frame["requested_vnd"]),
        name=ui_text.SERIES_REQUESTED,
        orientation="h",
        marker_color=TARGET_COLOR,
        customdata=hover_rows,
        hovertemplate=hover,
    )
    fig.update_xaxes(title_text=ui_text.AXIS_MILLION, tickformat=",.0f")
    return _no_select_drag(_vi_layout(fig, height=max(260, 70 + 44 * len(names))))
