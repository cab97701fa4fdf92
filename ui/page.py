"""The opening every page shares: navigation, title, revision, empty store, filters, caption, sample banner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

import formatting as fmt
from ui import cache, drawn, filters, navigation, tables
from ui import text as ui_text


@dataclass(frozen=True)
class Opened:
    """What a page needs after its opening: the cache key (revision and reader) and, on filtered pages, the filters."""

    view: cache.View
    chosen: filters.Filters | None = None
    submitted: pd.DataFrame | None = None  # the submissions under the filters

    @property
    def key(self) -> tuple:
        """(year, province, group): the arguments of the cached per-page frames."""
        assert self.chosen is not None, "a page opened without filters has no key"
        return self.chosen.key

    @property
    def year(self) -> int | None:
        return self.chosen.year if self.chosen else None


def open_page(
    title: str,
    caption_fn: Callable[[filters.Filters], str] | None = None,
    *,
    show_filters: bool = True,
    banner: bool = True,
) -> Opened:
    """Title, then ui_text.EMPTY_STORE and st.stop() on an empty store, then the sidebar filters.

    The caption is caption_fn's text (if any) followed by the filters' description; show_filters=False
    leaves the caption out. banner=False leaves the sample-data banner to the page (Đơn vị shows it for
    the chosen agency only).
    """
    navigation.require_navigation()
    view = cache.current_view(filters.approved_switch())
    st.title(title)
    if not cache.years(view.all_versions()):
        st.info(ui_text.EMPTY_STORE)
        st.stop()
    chosen = filters.standard(view)
    submitted = cache.submissions_view(view, *chosen.key)
    if show_filters:
        lead = caption_fn(chosen) + " " if caption_fn else ""
        st.caption(lead + filters.describe(chosen))
        figures_note(view, chosen)
    if banner:
        message = drawn.built(("banner", view, *chosen.key), lambda: tables.illustrative_message(submitted))
        tables.illustrative_banner(submitted, message)
    return Opened(view, chosen, submitted)


def figures_note(view: cache.View, chosen: filters.Filters) -> None:
    """Which figures the page shows: approved only, or current versions with the unapproved ones named."""
    if view.approved_only:
        st.caption(ui_text.FIGURES_APPROVED)
        return
    note = drawn.built(("figures_note", view, *chosen.key), lambda: _unapproved_note(cache.status(view, *chosen.key)))
    if note:
        st.caption(note)


def _unapproved_note(status: pd.DataFrame) -> str:
    """The caption naming the reports not yet approved (submitted or returned), or "" when every one is."""
    pending = status[status["state"].isin(["da_nop", "tra_lai"])]
    if pending.empty:
        return ""
    names = "; ".join(fmt.inert(n) for n in pending["agency"].head(5))
    more = len(pending) - min(len(pending), 5)
    return ui_text.FIGURES_UNAPPROVED.format(n=fmt.count(len(pending)), agencies=names + (" …" if more else ""))


def open_plain_page(title: str, caption: str) -> Opened:
    """The opening of a page without filters (Nộp báo cáo, Lịch sử phiên bản): navigation, title, caption."""
    navigation.require_navigation()
    st.title(title)
    st.caption(caption)
    return Opened(cache.current_view())
