"""Makes every page run inside dashboard.py's st.navigation, even on a fresh server's first deep link.

Streamlit treats a folder named pages/ beside the entry script as an old-style multipage app until
st.navigation has run once in the server process: a shared link such as /budget?nam=2023 opened first
after a restart would run pages/budget.py alone (no page config, no navigation). The layout keeps
pages/, so a page that finds itself in that mode switches Streamlit to st.navigation and reruns,
which runs dashboard.py with the same URL.

Why a patch and not a setting (checked against Streamlit 1.67.0, its docs and source): there is no config
option to turn the pages/ auto-detection off. PagesManager sets uses_pages_directory from the folder's
existence when the server starts, and only st.navigation resets it ("as soon as any session executes
st.navigation, the app ignores pages/"), so the first deep link after a restart runs the page alone. The
one supported way out is renaming pages/, which the product card fixes. `python -m ui.serve` (how the app is
started) sets the flag off before its server starts, so this rerun is only the fallback of a plain
`streamlit run dashboard.py`.
"""

from __future__ import annotations

import logging
import os

import streamlit as st

# Internal API, pinned with streamlit==1.67.0; tests/test_browser.py opens a deep link first to catch a change.
from streamlit.runtime.pages_manager import PagesManager

from ui import text as ui_text

_ENTERED = "_entered_through_dashboard"
log = logging.getLogger(__name__)


def mark_entered() -> None:
    """dashboard.py calls this before st.navigation: this session has its navigation."""
    st.session_state[_ENTERED] = True


def require_navigation() -> None:
    """Call first in every page file."""
    # Only a session's first run can be the stray one; later runs must not rerun, or a click would be lost.
    if PagesManager.uses_pages_directory and not st.session_state.get(_ENTERED):
        PagesManager.uses_pages_directory = False
        st.rerun()


def run(pages: list) -> None:
    """st.navigation over the pages; an error in a page is a Vietnamese message, its traceback the log's only.

    client.showErrorDetails = "none" (.streamlit/config.toml) is the second line: what escapes this (an error
    in dashboard.py itself) shows Streamlit's generic notice without paths or source lines.
    CDS_PAGE_ERRORS=raise lets tests see the exception itself (AppTest's at.exception).
    """
    try:
        st.navigation(pages).run()
    except Exception:  # st.stop / st.rerun are BaseExceptions and pass through
        if os.environ.get("CDS_PAGE_ERRORS") == "raise":
            raise
        log.exception("a page failed")
        st.error(ui_text.PAGE_FAILED, icon=":material/error:")
