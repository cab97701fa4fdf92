"""What a fresh server does before its first visitor asks: import the app, open the store, read the newest year.

A leader who opens a shared link on a server that has just started waits for the first chart (issue 17: ≤ 3 s
after the server is up). Most of that wait is the same for every visitor: importing pandas, Plotly and the app,
bringing the store to Alembic's head, loading the sample data on a fresh install, and reading the newest year's
frames. `python -m ui.serve` runs `warm()` in a background thread while Streamlit starts, so that work overlaps
the browser loading the page, and the first run finds it in the caches (st.cache_resource is one per process,
and a visitor asking for a value being computed waits for it rather than computing it again).

Only open mode's reader (store.OPEN) is warmed: with sign-in on, every cached read is keyed on the signed-in
reader, so the thread stops after the imports and the store.
"""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger(__name__)


def start() -> threading.Thread:
    """warm() in a daemon thread (a failure is logged, never raised: the pages compute what it did not)."""
    thread = threading.Thread(target=_warm_logged, name="cds-warm", daemon=True)
    thread.start()
    return thread


def _warm_logged() -> None:
    started = time.perf_counter()
    try:
        # Streamlit warns once per call that no script run is active; here that is expected.
        logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
        what = warm()
    except Exception:
        log.exception("warming the caches failed; the first visitor computes what it needs")
        return
    log.warning("caches warmed in %.1f s (%s)", time.perf_counter() - started, what)


def warm() -> str:
    """Fill the caches the pages read first, for open mode's reader; returns what it did, for the log."""
    import plotly.graph_objects  # noqa: F401 - the first chart's import, paid here

    from analysis import restated
    from store import OPEN, ScopedStore, accounts
    from ui import app, cache

    store = cache.get_store()
    app.load_samples_once()  # a fresh install's sample data, as the first run would load it
    if accounts.any_user(store):
        return "sign-in on: imports and store only"
    view = cache.View(ScopedStore(store, OPEN).revision(), OPEN)
    years = cache.years(view)
    cache.provinces(view)
    cache.groups(view)
    if not years:
        return "empty store"
    key = (years[0], None, None)  # the sidebar's defaults: the newest year, every province and group
    for read in (
        cache.submissions_view,
        cache.status,
        cache.budget_totals,
        cache.reporting_status,
        cache.requests_total,
        cache.behind_lines,
        cache.warnings_view,
        cache.by_agency,
        cache.pace,
        cache.by_source,
        cache.dti_ranking,
        cache.heatmap,
        cache.platforms,
        cache.requests_by_category,
        cache.requests_vs_capacity,
    ):
        read(view, *key)
    # Tổng quan's comparison across the reorganisation, in the sidebar's default view (ui.filters.pick_view).
    counted = restated.default_view(years)
    cache.budget_by_province(view, counted, None)
    if counted == "restated":
        cache.line_provinces(view)  # its captions naming the former provinces
    return f"year {years[0]}"
