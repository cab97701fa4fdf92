"""Built figures and display tables, kept per (revision, filters): a rerun that changes neither rebuilds nothing.

A page passes a key naming the drawing and everything it depends on (its name, the View — revision and reader —,
the filters, a chosen agency...) and a builder that runs only on a miss:

    st.plotly_chart(drawn.figure(("budget_bars", view, *key), lambda: charts.allocation_vs_disbursement(summary)))

st.cache_resource hands every session the same object without copying it (st.cache_data would pickle and
unpickle a Figure on every read, and Plotly re-validates it): callers draw these, never change them. The View in
every key means a new upload builds them again and one reader's drawing is never another's; max_entries bounds
the memory.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui import cache, tables

T = TypeVar("T")


class _Built(go.Figure):
    """A figure whose dict is made once. st.plotly_chart asks every run for figure.to_dict(), a deep copy of
    the whole figure (~10 ms for a 40-bar chart); a cached figure is never changed, so one dict serves them all."""

    def __init__(self, built: go.Figure):
        super().__init__(built)
        self._as_dict = super().to_dict()

    def to_dict(self) -> dict:
        return self._as_dict


def frozen(built: go.Figure) -> go.Figure:
    """A built figure made ready to be drawn many times (see _Built), for figures kept inside built()."""
    return _Built(built)


def figure(key: tuple[Hashable, ...], build: Callable[[], go.Figure]) -> go.Figure:
    """build() once per key (ui/cache.call_key: the View by its revision and reader, the filters by value)."""
    return _figure(cache.call_key(*key), build)


@st.cache_resource(max_entries=256, show_spinner=False)
@cache.signed
def _figure(key: str, _build: Callable[[], go.Figure]) -> go.Figure:
    # "_build" is skipped by Streamlit's hasher: the key is the key.
    return _Built(_build())


@st.cache_resource(max_entries=256, show_spinner=False)
@cache.signed
def _prepared(
    key: str, name: str, text_figures: bool, counted: str | None, _build: Callable[[], Any]
) -> tables.Prepared:
    return tables.prepare(_build(), name, text_figures=text_figures, counted=counted)


@st.cache_resource(max_entries=128, show_spinner=False)
@cache.signed
def _built(key: str, _build: Callable[[], T]) -> T:
    return _build()


def table(key: tuple[Hashable, ...], build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """A frame drawn as it is (tables.dataframe), built once per key. Shared, not copied: the caller only draws
    it, so its Arrow bytes are made once too (tables.keep_bytes_of)."""
    return _table(cache.call_key(*key), build)


@st.cache_resource(max_entries=128, show_spinner=False)
@cache.signed
def _table(key: str, _build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    return tables.keep_bytes_of(_build())


def built(key: tuple[Hashable, ...], build: Callable[[], T]) -> T:
    """Any other drawing-ready value (captions, a small frame...) once per key, each caller with its own copy of a
    frame, list or dict, as ui/cache's shared reads give them."""
    return cache.private_copy(_built(cache.call_key(*key), build))


def show_table(
    key: tuple[Hashable, ...],
    build: Callable[[], Any],
    name: str,
    widget_key: str,
    decimals: dict[str, int] | None = None,
    *,
    text_figures: bool = False,
    counted: str | None = None,
    **dataframe_kwargs,
) -> None:
    """st.dataframe plus .xlsx and CSV downloads (built only when clicked) of the table build() returns, prepared
    once per key (see tables.prepare)."""
    prepared = _prepared(cache.call_key(*key), name, text_figures, counted, build)
    tables.draw(prepared, widget_key, decimals, **dataframe_kwargs)
