"""The app's frame, drawn on every run: page config, the sample data on a fresh store, sign-in gate, navigation."""

from __future__ import annotations

import threading

import streamlit as st

from intake import samples
from ui import auth, cache, navigation, warm
from ui import text as ui_text

_samples_checked = threading.Event()  # set once load_samples_once has returned in this process


def _samples_report() -> samples.LoadReport | None:
    """load_samples_once, under a spinner until it has returned once: the spinner starts a timer thread and sends
    two messages on each run (~0,5 ms of every rerun), for a load that runs once per process."""
    if _samples_checked.is_set():
        return load_samples_once()
    with st.spinner(ui_text.PREPARING_DATA):
        report = load_samples_once()
    _samples_checked.set()
    return report


@st.cache_resource(show_spinner=False)
def load_samples_once() -> samples.LoadReport | None:
    # cache_resource: once per server process, not once per visitor.
    store = cache.get_store()
    if not samples.enabled() or not store.is_empty():
        return None
    return samples.load_into(store)


# st.session_state key of this session's st.Page objects (see _session_pages).
PAGES_KEY = "cds_pages"


def _session_pages() -> tuple[list, list]:
    """The navigation's pages and the administrators', made once per session: st.Page resolves its file on disk
    on each call (~0,1 ms a page, eleven a run). Not once per process: st.navigation marks the chosen Page as
    callable and running it clears the mark, so two sessions sharing one Page could refuse each other's run."""
    made = st.session_state.get(PAGES_KEY)
    if made is None:
        made = st.session_state[PAGES_KEY] = (_pages(), _admin_pages())
    return made


def _pages() -> list:
    return [
        st.Page("pages/overview.py", title=ui_text.PAGE_OVERVIEW, icon=":material/dashboard:", default=True),
        st.Page("pages/budget.py", title=ui_text.PAGE_BUDGET, icon=":material/payments:"),
        st.Page("pages/indicators.py", title=ui_text.PAGE_INDICATORS, icon=":material/leaderboard:"),
        st.Page("pages/platforms.py", title=ui_text.PAGE_PLATFORMS, icon=":material/hub:"),
        st.Page("pages/plan.py", title=ui_text.PAGE_PLAN, icon=":material/event_note:"),
        st.Page("pages/agency.py", title=ui_text.PAGE_AGENCY, icon=":material/apartment:"),
        st.Page("pages/report.py", title=ui_text.PAGE_REPORT, icon=":material/summarize:"),
        st.Page("pages/cycle.py", title=ui_text.PAGE_CYCLE, icon=":material/fact_check:"),
        st.Page("pages/upload.py", title=ui_text.PAGE_UPLOAD, icon=":material/upload_file:"),
        st.Page("pages/history.py", title=ui_text.PAGE_HISTORY, icon=":material/history:"),
    ]


# Pages for a signed-in administrator only: st.navigation lists them for no one else (open mode included).
ADMIN_ONLY = ("pages/users.py",)


def _admin_pages() -> list:
    return [st.Page(ADMIN_ONLY[0], title=ui_text.PAGE_USERS, icon=":material/manage_accounts:")]


def main() -> None:
    with warm.visitor_run():  # a fresh server's warm-up waits while a visitor's run is under way
        _frame()


def _frame() -> None:
    st.set_page_config(page_title=ui_text.APP_TITLE, page_icon="📊", layout="wide")
    report = _samples_report()
    if report is not None and not st.session_state.get("samples_notice_shown"):
        st.session_state["samples_notice_shown"] = True
        st.info(ui_text.SAMPLES_LOADED.format(n=report.loaded), icon=":material/info:")
        for file, reason in report.problems:
            st.warning(ui_text.SAMPLES_FAILED.format(file=file, reason=reason or ui_text.SAMPLES_UNREADABLE))
    pages, admin_pages = _session_pages()
    # Before any page: open mode, or the signed-in user, or only the sign-in form (st.stop) whatever the URL.
    # The gate stands in for every page, the administrators' too, so a deep link keeps its path through sign-in.
    principal = auth.gate(pages + admin_pages)
    navigation.mark_entered()
    # Anyone else is not given the page at all: its URL falls back to the default page (open mode included).
    navigation.run(pages + admin_pages if principal.may_manage_accounts else pages)
