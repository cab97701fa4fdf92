"""Kinh phí: allocation vs disbursement per agency and funding source, pace to 31/12, then one agency's lines."""

from __future__ import annotations

import functools

import streamlit as st

import formatting as fmt
from analysis import budget
from ui import cache, charts, drawn, filters, tables
from ui import restated as restated_view
from ui import text as ui_text
from ui.page import open_page


def _figures(area, rev: cache.View, key: tuple) -> None:
    """The six figures above the chart: money, rate, agencies, lines behind pace, reports in."""
    with area:
        totals = cache.budget_totals(rev, *key)
        # Two rows of three: four money-sized figures in one row are cut off ("12,81 tỷ đ…") at 1366 px.
        c1, c2, c3 = st.columns([4, 4, 3])
        c4, c5, c6 = st.columns([4, 4, 3])
        c1.metric(ui_text.METRIC_ALLOCATED, fmt.money(totals.allocated_vnd), border=True)
        c2.metric(
            ui_text.METRIC_DISBURSED, fmt.money(totals.disbursed_vnd), help=ui_text.METRIC_DISBURSED_HELP, border=True
        )
        c3.metric(ui_text.METRIC_RATE, fmt.pct(totals.rate_pct), help=ui_text.METRIC_RATE_HELP, border=True)
        c4.metric(ui_text.METRIC_AGENCIES, ui_text.N_AGENCIES.format(n=fmt.count(totals.n_agencies)), border=True)
        c5.metric(
            ui_text.METRIC_BEHIND,
            ui_text.N_LINES.format(n=fmt.count(len(cache.behind_lines(rev, *key)))),
            help=ui_text.ATTENTION_BEHIND_HELP,
            border=True,
        )
        status = cache.reporting_status(rev, *key)
        c6.metric(
            ui_text.METRIC_REPORTED,
            f"{fmt.count(status.n_reported)}/{fmt.count(status.n_expected)}",
            help=ui_text.METRIC_REPORTED_HELP,
            border=True,
        )


def _codes(summary) -> dict[str, str]:
    """Agency name -> code: what a click on a bar or a treemap tile names."""
    return dict(zip(summary["agency"], summary["agency_code"]))


def _names(summary) -> dict[str, str]:
    """Agency code -> name: the agency picker's options."""
    return dict(zip(summary["agency_code"], summary["agency"]))


opened = open_page(ui_text.BUDGET_TITLE, lambda f: ui_text.BUDGET_CAPTION)
rev, chosen, key, submitted = opened.view, opened.chosen, opened.key, opened.submitted
lines = cache.budget_view(rev, *key)

clicked = None
national = False  # every province at once: drawn by province, no agency opened until one is chosen
if lines.empty:
    st.info(ui_text.NO_BUDGET_YEAR.format(year=chosen.year))
else:
    # The figures' place comes first on screen, but they are drawn after the chart: a fresh browser starts
    # fetching Plotly's 4,6 MB script only when the run sends a chart (issue 17, cold start).
    figures_area = st.container()
    # Per agency, read where it is drawn or a click is resolved: the national chart (by province) does not wait
    # for it on a fresh server.
    summary = functools.partial(cache.by_agency, rev, *key)
    agency_codes = functools.partial(drawn.built, ("budget_agency_codes", rev, *key), lambda: _codes(summary()))
    # Lazy tabs: only the open tab runs and is sent, so a rerun draws one chart, not four.
    tab_bars, tab_tree, tab_pace, tab_source = st.tabs(
        [ui_text.CHART_BY_AGENCY, ui_text.CHART_TREEMAP, ui_text.CHART_PACE, ui_text.BY_SOURCE],
        key="budget_tab",
        on_change="rerun",
    )
    # National scope is drawn by province first; a click on a province chooses it, and its agencies are drawn.
    per_province = cache.by_province(rev, *key, chosen.view) if chosen.province is None else None
    national = per_province is not None and len(per_province) > 1
    if tab_bars.open:
        with tab_bars:
            if national:
                st.caption(ui_text.CHART_BY_PROVINCE_HELP)
                st.plotly_chart(
                    drawn.figure(
                        ("budget_provinces", rev, *key, chosen.view),
                        lambda: charts.allocation_vs_disbursement(per_province, "province"),
                    ),
                    on_select=functools.partial(
                        filters.drill_to_province,
                        "budget_provinces",
                        drawn.built(
                            ("budget_province_names", rev, *key, chosen.view), lambda: list(per_province["province"])
                        ),
                    ),
                    selection_mode="points",
                    key="budget_provinces",
                )
                restated_view.chart_caption(chosen.view)
                # The table follows the chart: 34 provinces, not ~850 agencies re-sent on every click (issue 17).
                drawn.show_table(
                    ("budget_by_province", rev, *key, chosen.view),
                    lambda: tables.province_summary_view(per_province),
                    "kinh-phi-theo-tinh",
                    "budget_by_province_table",
                    counted=chosen.view,
                )
            else:
                st.caption(ui_text.CHART_TREEMAP_HELP)
                event = st.plotly_chart(
                    drawn.figure(
                        ("budget_bars", rev, *key),
                        lambda: charts.allocation_vs_disbursement(
                            charts.top_agencies(summary(), ui_text.TOP_BY_ALLOCATION)
                        ),
                    ),
                    on_select="rerun",
                    selection_mode="points",
                    key="budget_bars",
                )
                restated_view.chart_caption(chosen.view)
                clicked = charts.clicked_agency(event, agency_codes()) or clicked
                drawn.show_table(
                    ("budget_by_agency", rev, *key),
                    lambda: tables.agency_summary_view(summary()),
                    "kinh-phi-theo-don-vi",
                    "budget_by_agency",
                    counted=chosen.view,
                )
    if tab_tree.open:
        with tab_tree:
            st.caption(ui_text.CHART_TREEMAP_HELP)
            event = st.plotly_chart(
                drawn.figure(
                    ("budget_treemap", rev, *key),
                    lambda: charts.treemap(cache.treemap_nodes(rev, *key, top=charts.MAX_AGENCIES)),
                ),
                on_select="rerun",
                selection_mode="points",
                key="budget_treemap",
            )
            restated_view.chart_caption(chosen.view)
            clicked = charts.clicked_agency(event, agency_codes()) or clicked
    if tab_pace.open:
        with tab_pace:
            paced = cache.pace(rev, *key)
            st.caption(ui_text.ATTENTION_BEHIND_HELP)
            st.plotly_chart(
                drawn.figure(
                    ("budget_pace", rev, *key),
                    lambda: charts.pace_chart(charts.top_agencies(paced, ui_text.TOP_BY_PACE)),
                ),
                key="budget_pace",
            )
            restated_view.chart_caption(chosen.view)
            drawn.show_table(
                ("budget_pace", rev, *key),
                lambda: tables.pace_view(paced),
                "tien-do-giai-ngan",
                "budget_pace_table",
                counted=chosen.view,
            )
    if tab_source.open:
        with tab_source:
            sources = cache.by_source(rev, *key)
            st.plotly_chart(
                drawn.figure(("budget_sources", rev, *key), lambda: charts.source_bars(sources)), key="budget_sources"
            )
            restated_view.chart_caption(chosen.view)
            drawn.show_table(
                ("budget_sources", rev, *key),
                lambda: tables.source_view(sources),
                "kinh-phi-theo-nguon",
                "budget_sources_table",
                counted=chosen.view,
            )
    _figures(figures_area, rev, key)  # now that the chart is on its way

# Not reported is said in words, never drawn as a 0 bar (submission format §2).
missing = drawn.built(("no_budget", rev, *key), lambda: budget.agencies_without_budget(submitted, lines))
if missing:
    st.warning(ui_text.NOT_REPORTED_AGENCIES.format(agencies="; ".join(map(fmt.inert, missing))))
status = cache.reporting_status(rev, *key)
if status.missing:
    st.warning(
        ui_text.MISSING_REPORTS.format(year=chosen.year, agencies="; ".join(fmt.inert(n) for _, n in status.missing))
    )

if not lines.empty:
    st.divider()
    # Code -> name of every agency with lines (~850 at national scope): kept, not zipped again on each rerun.
    label_of = drawn.built(("budget_agency_names", rev, *key), lambda: _names(cache.by_agency(rev, *key)))
    if clicked in label_of and st.session_state.get("budget_last_click") != clicked:
        # A new click on a bar or tile opens that agency below (the picker follows it).
        st.session_state["budget_last_click"] = clicked
        st.session_state["budget_agency"] = clicked
    # At national scope no agency is opened until one is chosen: its tables are not redrawn on every click.
    placeholder = ui_text.CHOOSE_AGENCY_PLACEHOLDER if national else None
    code = filters.pick_agency(ui_text.CHOOSE_AGENCY, label_of, key="budget_agency", placeholder=placeholder)
    if code is None:
        st.info(ui_text.NO_AGENCY_CHOSEN)
    else:
        own = lines[lines["agency_code"] == code]
        title = ui_text.AGENCY_LINES.format(agency=fmt.inert(label_of[code]))
        st.subheader(title, anchor=False)  # no #slug of file text
        st.caption(ui_text.LINE_COUNT.format(n=fmt.count(len(own))))
        behind = cache.behind_lines(rev, *key)
        behind = behind[behind["agency_code"] == code]
        if behind.empty:
            st.success(ui_text.AGENCY_ON_TRACK)
        else:
            st.markdown(f"**{ui_text.AGENCY_BEHIND.format(n=len(behind))}**", help=ui_text.ATTENTION_BEHIND_HELP)
            st.markdown(
                "\n".join(
                    "- "
                    + ui_text.BEHIND_LINE.format(
                        source=fmt.inert(r.funding_source),
                        task=fmt.inert(r.task),
                        disbursed=fmt.million_vnd(r.disbursed_vnd),
                        allocated=fmt.million_vnd(r.allocated_vnd),
                        rate=fmt.pct(100 * r.disbursed_vnd / r.allocated_vnd),
                        as_of=fmt.day(r.as_of),
                        projected=fmt.million_vnd(r.projected_vnd),
                        projected_pct=fmt.pct(r.projected_pct),
                        expected=fmt.pct(r.expected_pct, 0),
                    )
                    for r in behind.itertuples()
                )
            )
        st.markdown(f"**{ui_text.BY_SOURCE}**")
        drawn.show_table(
            ("budget_agency_sources", rev, *key, code),
            lambda: tables.source_view(budget.by_source(own)),
            f"nguon-kinh-phi_{code}",
            "budget_agency_sources",
            counted=chosen.view,
        )
        drawn.show_table(
            ("budget_agency_lines", rev, *key, code),
            lambda: tables.lines_view(own),
            f"dong-kinh-phi_{code}",
            "budget_agency_lines",
            counted=chosen.view,
        )
