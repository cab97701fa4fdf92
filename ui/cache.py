"""Cached store reads and the frames derived from them, keyed on a View: the store's revision and who is reading.

Cached values are shared by every session (`shared`: each caller gets its own shallow copy): frames and records
only, never database handles. Every read goes
through store.ScopedStore for the View's principal, so one user's cached frame is never another's: the
principal is part of the key. A new upload raises the revision, so every read below is recomputed once.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date
from typing import ParamSpec, TypeVar

import pandas as pd
import streamlit as st

from analysis import budget, restated
from analysis import indicators as indicator_frames
from intake.upload import UploadFile, extract_uncached, person_name, read_files_uncached
from store import Principal, ScopedStore, Store
from ui import navigation

# st.session_state key of the signed-in Principal; ui/auth.py's gate sets it on every run it lets through.
PRINCIPAL_KEY = "cds_principal"


@dataclass(frozen=True)
class View:
    """The key of every cached read: the revision in the reader's scope and the reader (role and scope)."""

    revision: int
    principal: Principal
    approved_only: bool = False  # the sidebar switch: only (agency, year) whose current version is approved

    def all_versions(self) -> View:
        """The same reader at the same revision, every current version counted (the year list, the pending note):
        one revision read per run, not one per question."""
        return replace(self, approved_only=False) if self.approved_only else self


def _view_token(view: View) -> tuple:
    # Streamlit's hasher walks a dataclass field by field through pickle's reduce (~1 ms a call, tens of calls a
    # rerun); this tuple of plain values says the same and hashes in microseconds.
    reader = tuple(getattr(view.principal, f.name) for f in fields(view.principal))  # every field: scope included
    return (view.revision, reader, view.approved_only)


# Every cached read and drawing below takes a View: hash it by its values (see _view_token).
HASH_FUNCS: dict = {View: _view_token}

Scope = str | tuple[str, ...] | None  # one province, or today's unit and its former ones (Filters.scope)
P = ParamSpec("P")
R = TypeVar("R")
_KEY_SCALARS = (str, int, float, bool, date, type(None))


def call_key(*parts: object) -> str:
    """One text naming a cached call: its arguments as plain values, a View by its revision and reader.

    Streamlit hashes each argument of a cached function separately, looking its name up in the signature each
    time (~0,1 ms for a View and three filters); one short text costs a third of that, and a page asks ~20 times
    a rerun. repr is exact for these types (text quoted, 1 ≠ True ≠ "1"), so two different calls never share a
    key. Parts: text, numbers, dates, None, tuples and lists of them, frozen records of them (reports.Scope);
    anything else is refused rather than keyed by an inexact repr.
    """
    return repr(tuple(_key_part(p) for p in parts))


def _key_part(value: object) -> object:
    if isinstance(value, View):
        return ("View", *_view_token(value))
    if isinstance(value, tuple | list):
        return tuple(_key_part(v) for v in value)
    if isinstance(value, _KEY_SCALARS):
        return value
    if is_dataclass(value) and not isinstance(value, type) and value.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        # A frozen record of plain values (reports.Scope): its type and fields, in order.
        return (
            type(value).__module__,
            type(value).__qualname__,
            *(_key_part(getattr(value, f.name)) for f in fields(value)),
        )
    raise TypeError(f"{type(value).__name__} cannot be part of a cache key")


def signed(fn: Callable[P, R]) -> Callable[P, R]:
    """fn carrying its own signature: Streamlit reads a cached function's signature on every call, to name each
    argument it hashes, and inspect answers from __signature__ at once (~2 µs) instead of rebuilding it (~10 µs,
    with ~20 cached calls a rerun). Put it under the st.cache_* decorator."""
    fn.__signature__ = inspect.signature(fn)  # type: ignore[attr-defined]
    return fn


def shared(max_entries: int):
    """st.cache_resource for reads every session shares, each caller getting its own shallow copy.

    st.cache_data pickles a value on write and unpickles a full copy on every read: for a national frame that
    is most of a rerun (BENCHMARKS.md). Under pandas 3's copy-on-write a shallow copy costs O(columns) and a
    caller's change to it never reaches the shared frame, so no session can alter what another one reads.
    The cache is keyed on call_key of the arguments (Streamlit skips the "_call" it is given beside it).
    """

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        def by_key(key: str, _call: tuple) -> R:
            args, kwargs = _call
            return fn(*args, **kwargs)

        # Streamlit names a function's cache by module and qualified name: each read keeps its own cache and
        # max_entries. No __wrapped__: the signature Streamlit reads must stay (key, _call).
        by_key.__module__, by_key.__qualname__, by_key.__name__ = fn.__module__, fn.__qualname__, fn.__name__
        cached = st.cache_resource(max_entries=max_entries, show_spinner=False)(signed(by_key))

        @functools.wraps(fn)
        def read(*args: P.args, **kwargs: P.kwargs) -> R:
            return private_copy(cached(call_key(*args, *sorted(kwargs.items())), (args, kwargs)))

        read.clear = cached.clear  # type: ignore[attr-defined]
        return read

    return wrap


def private_copy(value):
    """What a caller of a shared value gets: its own frame, list or dict over the shared data (see shared)."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    if isinstance(value, list | dict | set):
        return type(value)(value)
    return value  # frozen records (BudgetTotals, ReportingStatus...), tuples, numbers, text


@st.cache_resource(show_spinner=False)
def get_store() -> Store:
    return Store.open()


def principal() -> Principal:
    """The signed-in user; a run the sign-in gate has not let through draws nothing more (deep links included)."""
    found = st.session_state.get(PRINCIPAL_KEY)
    if not isinstance(found, Principal):
        # A fresh server's first deep link runs the page alone, before the gate (ui/navigation.py): rerun it
        # through dashboard.py first, or a page that reads the store at import (Nộp báo cáo) stays blank.
        navigation.require_navigation()
        st.stop()
    return found


def scoped() -> ScopedStore:
    """The store as the signed-in user may see and change it."""
    return ScopedStore(get_store(), principal())


def current_view(approved_only: bool = False) -> View:
    store = scoped()
    return View(store.revision(), store.principal, approved_only)


def _scoped(view: View) -> ScopedStore:
    return ScopedStore(get_store(), view.principal, view.approved_only)


def scoped_as(view: View, approved_only: bool) -> ScopedStore:
    """The store as the view's reader may see it, current or approved-only versions (the consolidated report)."""
    return ScopedStore(get_store(), view.principal, approved_only)


@shared(max_entries=64)
def sources(view: View, submission_id: int) -> pd.DataFrame:
    """Where each figure of a version was read in a narrative report (empty for .xlsx/.csv uploads)."""
    return _scoped(view).sources_frame(submission_id)


@shared(max_entries=64)
def years(view: View) -> list[int]:
    return _scoped(view).years()


@shared(max_entries=64)
def budget_lines(view: View, year: int | None) -> pd.DataFrame:
    return _scoped(view).budget_lines_frame(year)


@shared(max_entries=64)
def submissions(view: View, year: int | None) -> pd.DataFrame:
    return _scoped(view).submissions_frame(year)


@shared(max_entries=64)
def indicators(view: View, year: int | None) -> pd.DataFrame:
    return _scoped(view).indicators_frame(year)


@shared(max_entries=64)
def requests(view: View, year: int | None) -> pd.DataFrame:
    return _scoped(view).requests_frame(year)


@shared(max_entries=64)
def difficulties(view: View, year: int | None) -> pd.DataFrame:
    return _scoped(view).difficulties_frame(year)


@shared(max_entries=64)
def issues(view: View, year: int | None) -> pd.DataFrame:
    return _scoped(view).issues_frame(year)


@shared(max_entries=16)
def agencies(view: View) -> pd.DataFrame:
    return _scoped(view).agencies_frame()


@shared(max_entries=256)
def versions(view: View, agency_code: str, year: int) -> pd.DataFrame:
    return _scoped(view).versions(agency_code, year)


# --- derived per-page frames: pure functions of (view, filters), so a widget that does not change the
# filters (an agency picker, a chart click) reruns the page without recomputing them. ---------------------


def _only(frame: pd.DataFrame, province: Scope, group: str | None) -> pd.DataFrame:

    return budget.only(frame, province, group)


@shared(max_entries=64)
def budget_view(view: View, year: int, province: Scope, group: str | None) -> pd.DataFrame:
    """Budget lines of the year under the filters."""
    return _only(budget_lines(view, year), province, group)


@shared(max_entries=64)
def submissions_view(view: View, year: int, province: Scope, group: str | None) -> pd.DataFrame:
    return _only(submissions(view, year), province, group)


@shared(max_entries=64)
def indicators_view(view: View, year: int, province: Scope, group: str | None) -> pd.DataFrame:
    return _only(indicators(view, year), province, group)


@shared(max_entries=64)
def requests_view(view: View, year: int, province: Scope, group: str | None) -> pd.DataFrame:
    return _only(requests(view, year), province, group)


@shared(max_entries=64)
def reporting_status(view: View, year: int, province: Scope, group: str | None):

    registry = _only(budget.registry(agencies(view)), province, group)
    return budget.reporting_status(registry, submissions_view(view, year, province, group))


@shared(max_entries=64)
def by_agency(view: View, year: int, province: Scope, group: str | None) -> pd.DataFrame:

    return budget.by_agency(budget_view(view, year, province, group))


@shared(max_entries=64)
def by_province(view: View, year: int, province: Scope, group: str | None, counted: str) -> pd.DataFrame:
    """budget.by_province, each line under its province as reported, or under today's one (restated, issue 15)."""
    lines = budget_view(view, year, province, group)
    if counted == "restated" and not lines.empty:
        lines = restated.with_today_province(lines).assign(province=lambda f: f["province_today"])
    return budget.by_province(lines)


@shared(max_entries=64)
def pace(view: View, year: int, province: Scope, group: str | None) -> pd.DataFrame:

    return budget.agency_pace(budget_view(view, year, province, group))


@shared(max_entries=64)
def behind_lines(view: View, year: int, province: Scope, group: str | None) -> pd.DataFrame:

    return budget.behind_lines(budget_view(view, year, province, group))


@shared(max_entries=64)
def treemap_nodes(view: View, year: int, province: Scope, group: str | None, top: int | None = None) -> pd.DataFrame:

    return budget.treemap_nodes(budget_view(view, year, province, group), top)


@shared(max_entries=64)
def dti_ranking(view: View, year: int, province: Scope, group: str | None) -> pd.DataFrame:

    previous = _only(indicators(view, year - 1), province, group)
    return indicator_frames.dti_ranking(indicators_view(view, year, province, group), previous)


@shared(max_entries=64)
def heatmap(view: View, year: int, province: Scope, group: str | None) -> pd.DataFrame:

    return indicator_frames.heatmap_long(indicators_view(view, year, province, group))


@shared(max_entries=64)
def platforms(view: View, year: int, province: Scope, group: str | None) -> pd.DataFrame:

    return indicator_frames.platforms_by_agency(indicators_view(view, year, province, group))


@shared(max_entries=64)
def requests_by_category(view: View, year: int, province: Scope, group: str | None) -> pd.DataFrame:

    return budget.requests_by_category(requests_view(view, year, province, group))


@shared(max_entries=64)
def requests_vs_capacity(view: View, year: int, province: Scope, group: str | None) -> pd.DataFrame:

    return budget.requests_vs_capacity(
        requests_view(view, year, province, group), budget_view(view, year, province, group)
    )


@shared(max_entries=16)
def provinces(view: View) -> list[str]:
    """Provinces of the registry and of every submission, sorted."""
    names = set(agencies(view)["province"].dropna()) | set(_scoped(view).reported_pairs()["province"].dropna())
    return sorted(names)


@shared(max_entries=16)
def groups(view: View) -> list[str]:
    return sorted(agencies(view)["agency_group"].dropna().unique())


@shared(max_entries=64)
def budget_totals(view: View, year: int, province: Scope, group: str | None) -> budget.BudgetTotals:
    return budget.budget_totals(budget_view(view, year, province, group))


@shared(max_entries=64)
def requests_total(view: View, year: int, province: Scope, group: str | None) -> int | None:
    return budget.requests_total(requests_view(view, year, province, group))


@shared(max_entries=64)
def warnings_view(view: View, year: int, province: Scope, group: str | None) -> pd.DataFrame:
    found = budget.only(issues(view, year), province, group)
    return found[found["severity"] == "warning"] if not found.empty else found


@shared(max_entries=64)
def by_source(view: View, year: int, province: Scope, group: str | None) -> pd.DataFrame:
    return budget.by_source(budget_view(view, year, province, group))


@st.cache_data(hash_funcs=HASH_FUNCS, max_entries=256, show_spinner=False)
def load_submission(view: View, submission_id: int):
    """One stored version as a Submission record (versions never change, so the id is a safe key)."""
    return _scoped(view).load_submission(submission_id)


# --- uploads: parsed once per content, shared by reruns and sessions ------------------------------------------


@st.cache_data(hash_funcs=HASH_FUNCS, max_entries=64, show_spinner=False)
def _read_files(key: tuple[tuple[str, str], ...], _files: tuple[UploadFile, ...]) -> list:
    # "_files" is skipped by Streamlit's hasher: the (name, sha256) pairs are the key (STYLE.md, caching).
    return read_files_uncached(_files)


@st.cache_data(hash_funcs=HASH_FUNCS, max_entries=32, show_spinner=False)
def _extract(sha256: str, name: str, _file: UploadFile):
    return extract_uncached(_file)


def read_files(files: Sequence[UploadFile]) -> list:
    """intake.upload's table reader, cached on the files' names and digests."""
    return _read_files(tuple((f.name, f.sha256) for f in files), tuple(files))


def extract(f: UploadFile):
    """intake.upload's report extractor, cached on the file's digest."""
    return _extract(f.sha256, f.name, f)


# --- history: reads keyed on the revision like the rest, and the one write the page makes -----------------------


@st.cache_data(hash_funcs=HASH_FUNCS, max_entries=16, show_spinner=False)
def original_file(view: View, submission_id: int) -> tuple[str, bytes]:
    """(file name, bytes) a version was stored from; KeyError when the store has none."""
    return _scoped(view).original_file(submission_id)


def audit(view: View) -> tuple[tuple[int, int] | None, pd.DataFrame]:
    """(the log's mark, its newest entries) in scope. Sign-ins and account changes do not raise the revision, so
    the mark (newest id, number of entries: ScopedStore.audit_mark) is read on every run, the entries only when
    it has moved."""
    mark = _scoped(view).audit_mark()
    return mark, _audit_entries(view, mark)


@shared(max_entries=16)
def _audit_entries(view: View, mark: tuple[int, int] | None) -> pd.DataFrame:
    return _scoped(view).audit_frame()


def restore_version(submission_id: int, by: str):
    """Store an older version again as the newest (ScopedStore.restore_version); the new id raises the revision."""
    return scoped().restore_version(submission_id, by=person_name(by))


# --- the reporting cycle -----------------------------------------------------------------------------------------


@shared(max_entries=64)
def status(view: View, year: int, province: str | None, group: str | None) -> pd.DataFrame:
    """Per expected agency in scope: state, on time, days late, versions, return reason (store.cycle)."""
    return _only(_scoped(view).status_frame(year), province, group)


@shared(max_entries=64)
def period(view: View, year: int, province: str | None):
    return _scoped(view).period(year, province)


def add_period(year: int, deadline, ref: str, province: str | None, lock_after_days: int | None):
    """Open a reporting period as the signed-in user (ScopedStore checks the role and scope)."""
    return scoped().add_period(year, deadline, ref, province=province, lock_after_days=lock_after_days)


def extend(agency_code: str, year: int, deadline) -> None:
    """A later deadline for one agency, as the signed-in user (ScopedStore checks the role and scope)."""
    scoped().extend(agency_code, year, deadline)


def move(kind: str, agency_code: str, year: int, reason: str, by: str = "") -> None:
    """Approve, return or re-open as the signed-in user; the new transition raises the revision."""
    store = scoped()
    act = {"approve": store.approve, "return": store.return_report, "reopen": store.reopen}[kind]
    act(agency_code, year, reason=reason, by=by)


@shared(max_entries=64)
def budget_by_province(view: View, counted: str, group: str | None) -> pd.DataFrame:
    """Every year's budget totals per province, as reported or restated to today's provinces (issue 15)."""
    # Every year's amounts summed per report by the database (~4,000 rows at national scale, not ~100,000 lines).
    per_report = _scoped(view).budget_lines_frame(None, amounts_only=True)
    return restated.budget_by_province(_only(per_report, None, group), counted)  # type: ignore[arg-type]


@shared(max_entries=16)
def line_provinces(view: View) -> pd.DataFrame:
    """The provinces (as reported) of every year's budget lines, one row each: what "gồm ..." captions need."""
    per_report = _scoped(view).budget_lines_frame(None, amounts_only=True)
    return per_report[["province"]].drop_duplicates(ignore_index=True)


def save_agencies(rows: list[dict]) -> None:
    """Add or update agencies as the signed-in user (ScopedStore checks role and province, all rows first).

    The registry is not part of the revision (new submissions are), so the reads built on it are cleared here.
    """
    scoped().upsert_agencies(rows)
    for read in (agencies, provinces, groups, reporting_status, status):
        read.clear()
