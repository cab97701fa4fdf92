"""Chỉ số chuyển đổi số: DTI ranking on normalised scores, and a heatmap of agencies × indicators."""

from __future__ import annotations

import streamlit as st

import formatting as fmt
from analysis import indicators as indicator_frames
from domain import INDICATORS
from ui import cache, charts, drawn, tables
from ui import restated as restated_view
from ui import text as ui_text
from ui.page import open_page


def heatmap_drawing(long, ranking):
    """(caption naming the agencies left out or "", the heatmap figure): built once per revision and filters."""
    norm, values, out_of = indicator_frames.heatmap_matrix(long)
    note = ""
    if len(norm) > charts.MAX_AGENCIES:  # best DTI first, as in the ranking above
        ranked = [a for a in ranking["agency"] if a in norm.index] if not ranking.empty else []
        keep = (ranked + [a for a in norm.index if a not in set(ranked)])[: charts.MAX_AGENCIES]
        note = ui_text.CHART_TOP_N.format(
            shown=fmt.count(len(keep)), total=fmt.count(len(norm)), which=ui_text.TOP_BY_DTI
        )
        norm, values, out_of = norm.loc[keep], values.loc[keep], out_of.loc[keep]
    names = {c: INDICATORS[c].name_vi for c in INDICATORS}
    names.update(dict(zip(long["code"], long["name"])))
    return note, drawn.frozen(charts.heatmap(norm, values, out_of, names))


opened = open_page(ui_text.INDICATORS_TITLE)
rev, chosen, key = opened.view, opened.chosen, opened.key

ranking = cache.dti_ranking(rev, *key)
st.subheader(ui_text.CHART_DTI)
st.caption(ui_text.INDICATORS_CAPTION)
if ranking.empty:
    st.info(ui_text.NO_DTI.format(year=chosen.year))
else:
    st.plotly_chart(
        drawn.figure(
            ("dti_bars", rev, *key), lambda: charts.dti_bars(charts.top_agencies(ranking, ui_text.TOP_BY_DTI))
        ),
        key="dti_bars",
    )
    restated_view.chart_caption(chosen.view)
    drawn.show_table(
        ("dti", rev, *key),
        lambda: tables.dti_view(ranking),
        f"xep-hang-dti_{chosen.year}",
        "dti_table",
        counted=chosen.view,
    )
    # Issue 15: the change of rank compares two years in the same view; a reported rank is never restated.
    compared = chosen.year - 1 in cache.years(rev)  # a change of rank only when last year is in the store
    lead = ui_text.YOY_VIEW[chosen.view].format(year=chosen.year - 1) + " " if compared else ""
    st.caption(lead + ui_text.RANK_NOT_RESTATED)

st.subheader(ui_text.CHART_HEATMAP)
long = cache.heatmap(rev, *key)
if long.empty:
    st.info(ui_text.NO_INDICATORS.format(year=chosen.year))
else:
    st.caption(ui_text.HEATMAP_HELP)
    top_note, heatmap = drawn.built(("heatmap", rev, *key), lambda: heatmap_drawing(long, ranking))
    if top_note:
        st.caption(top_note)
    st.plotly_chart(heatmap, key="indicator_heatmap")
    restated_view.chart_caption(chosen.view)
