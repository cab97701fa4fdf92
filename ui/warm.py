"""What a fresh server does before its first visitor asks: import the app, open the store, read the newest year.

A leader who opens a shared link on a server that has just started waits for the first chart (issue 17: ≤ 3 s
after the server is up). Most of that wait is the same for every visitor: importing pandas, Plotly and the app,
bringing the store to Alembic's head, loading the sample data on a fresh install, and reading the newest year's
frames. `python -m ui.serve` runs `warm()` in a background thread while Streamlit starts, so that work overlaps
the browser loading the page, and the first run finds it in the caches (st.cache_resource is one per process,
and a visitor asking for a value being computed waits for it rather than computing it again).

Only open mode's reader (store.OPEN) is warmed: with sign-in on, every cached read is keyed on the signed-in
reader, so the thread stops after the imports and the store.

The warm-up gives way to visitors. Python runs one thread at a time: a read warmed while a visitor's first run
is under way (for a page the visitor may never open) makes that run, and so the first chart, wait for it.
Between two reads the thread waits while any run is active, and for QUIET_AFTER_RUN_S after the last one, while
the browser draws what the run sent (Chromium and the server share this machine's two cores). Measured on the
national store, 4 + 4 cold starts in turn: the first chart 0,1 to 0,3 s sooner (issue 17's note).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator

log = logging.getLogger(__name__)

QUIET_AFTER_RUN_S = 3.0

_runs = threading.Condition()
_active_runs = 0
_last_run_ended = float("-inf")  # time.monotonic()


@contextlib.contextmanager
def visitor_run() -> Iterator[None]:
    """Around a visitor's script run (ui/app.main): the warm-up waits until no run is active."""
    global _active_runs, _last_run_ended
    with _runs:
        _active_runs += 1
    try:
        yield
    finally:  # st.rerun and st.stop leave through here too
        with _runs:
            _active_runs -= 1
            _last_run_ended = time.monotonic()
            _runs.notify_all()


def _give_way() -> None:
    """Return once no visitor's run is active and the last one ended QUIET_AFTER_RUN_S ago."""
    with _runs:
        while True:
            if _active_runs:
                _runs.wait()
                continue
            quiet_for = time.monotonic() - _last_run_ended
            if quiet_for >= QUIET_AFTER_RUN_S:
                return
            _runs.wait(QUIET_AFTER_RUN_S - quiet_for)


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
        what = warm(give_way=_give_way)
    except Exception:
        log.exception("warming the caches failed; the first visitor computes what it needs")
        return
    log.warning("caches warmed in %.1f s (%s)", time.perf_counter() - started, what)


def _first_element_check() -> None:
    """Streamlit's once-per-process check, on the first element drawn, that it is not run from a REPL: an
    inspect.stack() that looks up every loaded module for each frame (0,04-0,14 s of a fresh server's first run,
    cProfile of a cold start). Paid here, in this thread's short stack, once the server's runtime exists: before
    it, the check would log "run it with streamlit run". A private function: if it is gone, the first run pays."""
    from streamlit import delta_generator, runtime

    check = getattr(delta_generator, "_maybe_print_use_warning", None)
    if check is not None and runtime.exists():
        check()


def warm(give_way: Callable[[], None] = lambda: None) -> str:
    """Fill the caches the pages read first, for open mode's reader; returns what it did, for the log.

    give_way is called before each read: the server's thread passes _give_way, a test calls warm() as is."""
    import pandas as pd
    import plotly.graph_objects as go
    import plotly.io
    import streamlit.emojis  # noqa: F401 - st.set_page_config checks the page icon against it (0,15 s)
    import streamlit.material_icon_names  # noqa: F401 - and the pages' icons against this

    from analysis import budget, restated
    from store import OPEN, ScopedStore, accounts
    from ui import app, cache, tables

    # What the first chart and table cost once per process whatever the data: Plotly loads a trace type's
    # validators when a figure first uses it, Streamlit serialises figures with plotly.io, and pandas loads the
    # Styler with its Jinja templates on a table's first .style.
    figure = go.Figure([go.Bar(x=[1.0], y=["a"], orientation="h"), go.Scatter(x=[1.0], y=["a"], mode="markers")])
    plotly.io.to_json(figure.update_layout(height=300), validate=False)
    tables.province_summary_view(budget.by_province(pd.DataFrame())).to_html()
    _first_element_check()

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
    counted = restated.default_view(years)  # the sidebar's default view (ui.filters.pick_view)
    # Kinh phí's and Tổng quan's reads first (the pages a shared link most often opens), in the order Kinh phí
    # asks for them up to its chart (ui.page.open_page, then the page), then the others'.
    reads = [
        lambda: cache.submissions_view(view, *key),
        lambda: cache.status(view, *key),
        lambda: cache.budget_view(view, *key),
        lambda: cache.by_province(view, *key, counted),  # the national chart
        lambda: cache.budget_totals(view, *key),
        lambda: cache.behind_lines(view, *key),
        lambda: cache.reporting_status(view, *key),
        lambda: cache.by_agency(view, *key),  # a province's chart, the treemap's clicks
        lambda: cache.requests_total(view, *key),
        lambda: cache.warnings_view(view, *key),
        lambda: cache.budget_by_province(view, counted, None),  # Tổng quan's comparison across the reorganisation
        lambda: cache.pace(view, *key),
        lambda: cache.by_source(view, *key),
        lambda: cache.dti_ranking(view, *key),
        lambda: cache.heatmap(view, *key),
        lambda: cache.platforms(view, *key),
        lambda: cache.requests_by_category(view, *key),
        lambda: cache.requests_vs_capacity(view, *key),
    ]
    if counted == "restated":
        reads.append(lambda: cache.line_provinces(view))  # captions naming the former provinces
    for read in reads:
        give_way()
        read()
    return f"year {years[0]}"
