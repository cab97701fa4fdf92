"""Thin st.cache_data wrappers around store reads, keyed on the store's revision.

Cached values are shared by every session: frames and records only, never database handles.
A new upload raises the revision, so every read below is recomputed once and then served from cache.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from store import Store


@st.cache_resource(show_spinner=False)
def get_store() -> Store:
    return Store.open()


def revision() -> int:
    return get_store().revision()


@st.cache_data(max_entries=64, show_spinner=False)
def years(revision: int) -> list[int]:
    return get_store().years()


@st.cache_data(max_entries=64, show_spinner=False)
def budget_lines(revision: int, year: int | None) -> pd.DataFrame:
    return get_store().budget_lines_frame(year)


@st.cache_data(max_entries=64, show_spinner=False)
def submissions(revision: int, year: int | None) -> pd.DataFrame:
    return get_store().submissions_frame(year)
