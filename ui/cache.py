"""Thin st.cache_data wrappers around store reads, keyed on the store's revision.

Cached values are shared by every session: frames and records only, never database handles.
A new upload raises the revision, so every read below is recomputed once and then served from cache.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from analysis import budget, restated
from analysis import indicators as indicator_frames
from intake.upload import UploadFile, extract_uncached, person_name, read_files_uncached
from store import Store

Scope = str | tuple[str, ...] | None  # one province, or today's unit and its former ones (Filters.scope)


@st.cache_resource(show_spinner=False)
def get_store() -> Store:
    return Store.open()


def revision() -> int:
    return get_store().revision()


@st.cache_data(max_entries=64, show_spinner=False)
def sources(revision: int, submission_id: int) -> pd.DataFrame:
    """Where each figure of a version was read in a narrative report (empty for .xlsx/.csv uploads)."""
    return get_store().sources_frame(submission_id)


@st.cache_data(max_entries=64, show_spinner=False)
def years(revision: int) -> list[int]:
    return get_store().years()


@st.cache_data(max_entries=64, show_spinner=False)
def budget_lines(revision: int, year: int | None) -> pd.DataFrame:
    return get_store().budget_lines_frame(year)


@st.cache_data(max_entries=64, show_spinner=False)
def submissions(revision: int, year: int | None) -> pd.DataFrame:
    return get_store().submissions_frame(year)


@st.cache_data(max_entries=64, show_spinner=False)
def indicators(revision: int, year: int | None) -> pd.DataFrame:
    return get_store().indicators_frame(year)


@st.cache_data(max_entries=64, show_spinner=False)
def requests(revision: int, year: int | None) -> pd.DataFrame:
    return get_store().requests_frame(year)


@st.cache_data(max_entries=64, show_spinner=False)
def difficulties(revision: int, year: int | None) -> pd.DataFrame:
    return get_store().difficulties_frame(year)


@st.cache_data(max_entries=64, show_spinner=False)
def issues(revision: int, year: int | None) -> pd.DataFrame:
    return get_store().issues_frame(year)


@st.cache_data(max_entries=16, show_spinner=False)
def agencies(revision: int) -> pd.DataFrame:
    return get_store().agencies_frame()


@st.cache_data(max_entries=256, show_spinner=False)
def versions(revision: int, agency_code: str, year: int) -> pd.DataFrame:
    return get_store().versions(agency_code, year)


# --- derived per-page frames: pure functions of (revision, filters), so a widget that does not change the
# filters (an agency picker, a chart click) reruns the page without recomputing them. ---------------------


def _only(frame: pd.DataFrame, province: Scope, group: str | None) -> pd.DataFrame:

    return budget.only(frame, province, group)


@st.cache_data(max_entries=64, show_spinner=False)
def budget_view(revision: int, year: int, province: Scope, group: str | None) -> pd.DataFrame:
    """Budget lines of the year under the filters."""
    return _only(budget_lines(revision, year), province, group)


@st.cache_data(max_entries=64, show_spinner=False)
def submissions_view(revision: int, year: int, province: Scope, group: str | None) -> pd.DataFrame:
    return _only(submissions(revision, year), province, group)


@st.cache_data(max_entries=64, show_spinner=False)
def indicators_view(revision: int, year: int, province: Scope, group: str | None) -> pd.DataFrame:
    return _only(indicators(revision, year), province, group)


@st.cache_data(max_entries=64, show_spinner=False)
def requests_view(revision: int, year: int, province: Scope, group: str | None) -> pd.DataFrame:
    return _only(requests(revision, year), province, group)


@st.cache_data(max_entries=64, show_spinner=False)
def reporting_status(revision: int, year: int, province: Scope, group: str | None):

    registry = _only(budget.registry(agencies(revision)), province, group)
    return budget.reporting_status(registry, submissions_view(revision, year, province, group))


@st.cache_data(max_entries=64, show_spinner=False)
def by_agency(revision: int, year: int, province: Scope, group: str | None) -> pd.DataFrame:

    return budget.by_agency(budget_view(revision, year, province, group))


@st.cache_data(max_entries=64, show_spinner=False)
def pace(revision: int, year: int, province: Scope, group: str | None) -> pd.DataFrame:

    return budget.agency_pace(budget_view(revision, year, province, group))


@st.cache_data(max_entries=64, show_spinner=False)
def behind_lines(revision: int, year: int, province: Scope, group: str | None) -> pd.DataFrame:

    return budget.behind_lines(budget_view(revision, year, province, group))


@st.cache_data(max_entries=64, show_spinner=False)
def treemap_nodes(revision: int, year: int, province: Scope, group: str | None, top: int | None = None) -> pd.DataFrame:

    return budget.treemap_nodes(budget_view(revision, year, province, group), top)


@st.cache_data(max_entries=64, show_spinner=False)
def dti_ranking(revision: int, year: int, province: Scope, group: str | None) -> pd.DataFrame:

    previous = _only(indicators(revision, year - 1), province, group)
    return indicator_frames.dti_ranking(indicators_view(revision, year, province, group), previous)


@st.cache_data(max_entries=64, show_spinner=False)
def heatmap(revision: int, year: int, province: Scope, group: str | None) -> pd.DataFrame:

    return indicator_frames.heatmap_long(indicators_view(revision, year, province, group))


@st.cache_data(max_entries=64, show_spinner=False)
def platforms(revision: int, year: int, province: Scope, group: str | None) -> pd.DataFrame:

    return indicator_frames.platforms_by_agency(indicators_view(revision, year, province, group))


@st.cache_data(max_entries=64, show_spinner=False)
def requests_by_category(revision: int, year: int, province: Scope, group: str | None) -> pd.DataFrame:

    return budget.requests_by_category(requests_view(revision, year, province, group))


@st.cache_data(max_entries=64, show_spinner=False)
def requests_vs_capacity(revision: int, year: int, province: Scope, group: str | None) -> pd.DataFrame:

    return budget.requests_vs_capacity(
        requests_view(revision, year, province, group), budget_view(revision, year, province, group)
    )


@st.cache_data(max_entries=16, show_spinner=False)
def provinces(revision: int) -> list[str]:
    """Provinces of the registry and of every submission, sorted."""
    names = set(agencies(revision)["province"].dropna()) | set(submissions(revision, None)["province"].dropna())
    return sorted(names)


@st.cache_data(max_entries=16, show_spinner=False)
def groups(revision: int) -> list[str]:
    return sorted(agencies(revision)["agency_group"].dropna().unique())


@st.cache_data(max_entries=64, show_spinner=False)
def budget_totals(revision: int, year: int, province: Scope, group: str | None) -> budget.BudgetTotals:
    return budget.budget_totals(budget_view(revision, year, province, group))


@st.cache_data(max_entries=64, show_spinner=False)
def requests_total(revision: int, year: int, province: Scope, group: str | None) -> int | None:
    return budget.requests_total(requests_view(revision, year, province, group))


@st.cache_data(max_entries=64, show_spinner=False)
def warnings_view(revision: int, year: int, province: Scope, group: str | None) -> pd.DataFrame:
    found = budget.only(issues(revision, year), province, group)
    return found[found["severity"] == "warning"] if not found.empty else found


@st.cache_data(max_entries=64, show_spinner=False)
def by_source(revision: int, year: int, province: Scope, group: str | None) -> pd.DataFrame:
    return budget.by_source(budget_view(revision, year, province, group))


@st.cache_data(max_entries=256, show_spinner=False)
def load_submission(revision: int, submission_id: int):
    """One stored version as a Submission record (versions never change, so the id is a safe key)."""
    return get_store().load_submission(submission_id)


# --- uploads: parsed once per content, shared by reruns and sessions ------------------------------------------


@st.cache_data(max_entries=64, show_spinner=False)
def _read_files(key: tuple[tuple[str, str], ...], _files: tuple[UploadFile, ...]) -> list:
    # "_files" is skipped by Streamlit's hasher: the (name, sha256) pairs are the key (STYLE.md, caching).
    return read_files_uncached(_files)


@st.cache_data(max_entries=32, show_spinner=False)
def _extract(sha256: str, name: str, _file: UploadFile):
    return extract_uncached(_file)


def read_files(files: Sequence[UploadFile]) -> list:
    """intake.upload's table reader, cached on the files' names and digests."""
    return _read_files(tuple((f.name, f.sha256) for f in files), tuple(files))


def extract(f: UploadFile):
    """intake.upload's report extractor, cached on the file's digest."""
    return _extract(f.sha256, f.name, f)


# --- history: reads keyed on the revision like the rest, and the one write the page makes -----------------------


@st.cache_data(max_entries=16, show_spinner=False)
def original_file(revision: int, submission_id: int) -> tuple[str, bytes]:
    """(file name, bytes) a version was stored from; KeyError when the store has none."""
    return get_store().original_file(submission_id)


@st.cache_data(max_entries=16, show_spinner=False)
def audit(revision: int) -> pd.DataFrame:
    """The newest audit entries; every upload and restore raises the revision, so a new entry refreshes it."""
    return get_store().audit_frame()


def restore_version(submission_id: int, by: str):
    """Store an older version again as the newest (store.restore_version); the new id raises the revision."""
    return get_store().restore_version(submission_id, by=person_name(by))


@st.cache_data(max_entries=64, show_spinner=False)
def budget_by_province(revision: int, view: str, group: str | None) -> pd.DataFrame:
    """Every year's budget totals per province, as reported or restated to today's provinces (issue 15)."""
    return restated.budget_by_province(_only(budget_lines(revision, None), None, group), view)  # type: ignore[arg-type]
