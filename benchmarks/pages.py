"""Page timings with streamlit.testing.v1.AppTest against the national store (no browser, no network).

Per page in dashboard.py's navigation (pages/*.py present at run time): the first render with empty caches,
the warm rerun (median, p95 over n reruns: what every click that does not change the filters costs), and
changing the year picker ("Năm báo cáo"): the first time for that year (its frames are read from the store)
and back to a year already shown (served from st.cache_data).
"""

from __future__ import annotations

import contextlib
import os
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR_LABEL = "Năm báo cáo"


def page_files() -> list[str]:
    """The pages open mode (the benchmark's) navigates to: not the administrators' (ui/app.py)."""
    from ui.app import ADMIN_ONLY

    found = (f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py") if not p.name.startswith("_"))
    return sorted(f for f in found if f not in ADMIN_ONLY)


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


@contextlib.contextmanager
def as_served() -> Iterator[None]:
    """AppTest running a script as `python -m ui.serve` does, for the pages and the floor alike.

    Two things AppTest does on every run that the server does not (streamlit/testing/v1/app_test.py, 1.67):
    - a new ScriptCache, so dashboard.py and the page are compiled again (~1-3 ms); the server keeps one per
      process (its file watcher is off: .streamlit/config.toml);
    - PagesManager.uses_pages_directory reset to None, so a project with pages/ runs as an old-style multipage
      app (_mpa_v1: a Page per file, then st.navigation twice); ui.serve turns that mode off before it starts.
    Without these a click would be charged for work no served session does. If Streamlit renames either, the
    patch is skipped and the figures include them again (the report says which).
    """
    from streamlit.testing.v1 import app_test

    script_cache, pages_manager = getattr(app_test, "ScriptCache", None), getattr(app_test, "PagesManager", None)
    if script_cache is None or pages_manager is None:
        yield
        return
    one_cache = script_cache()

    class ServedPages(pages_manager):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            pages_manager.uses_pages_directory = False  # AppTest set it to None just before
            super().__init__(*args, **kwargs)

    app_test.ScriptCache, app_test.PagesManager = (lambda: one_cache), ServedPages
    try:
        yield
    finally:
        app_test.ScriptCache, app_test.PagesManager = script_cache, pages_manager


def _timed(step) -> tuple[float, object]:
    started = time.perf_counter()
    out = step()
    return time.perf_counter() - started, out


def _year_box(at):
    for box in at.sidebar.selectbox:
        if box.label == YEAR_LABEL:
            return box
    for box in at.selectbox:
        if box.label == YEAR_LABEL:
            return box
    return None


def _problems(at) -> str | None:
    if at.exception:
        return "; ".join(str(e.value)[:200] for e in at.exception)
    return None


def bench_page(page: str, reruns: int, timeout: float = 120) -> dict:
    """Timings of one page (caches cleared first, so its first render is its own cold render)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    out: dict = {"page": page}
    try:
        out["entry_s"], _ = _timed(at.run)  # the default page (Tổng quan) renders first, as in a browser
        out["first_s"], _ = _timed(lambda: at.switch_page(page).run())
    except Exception as exc:  # a page that is not in the navigation yet, or a timeout
        out["error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
        return out
    problem = _problems(at)
    if problem:
        out["error"] = problem
    warm = [_timed(at.run)[0] for _ in range(reruns)]
    out["rerun_median_s"] = statistics.median(warm)
    out["rerun_p95_s"] = quantile(warm, 0.95)
    out["reruns"] = len(warm)
    box = _year_box(at)
    if box is not None and len(box.options) > 1:
        years = list(box.options)
        start = box.value
        others = [y for y in years if str(y) != str(start)]
        first, back = [], []
        for year in others[:3]:  # a year not shown yet: its frames come from the store
            first.append(_timed(lambda y=year: _year_box(at).select(y).run())[0])
            back.append(_timed(lambda: _year_box(at).select(start).run())[0])  # seen: from the cache
        for _ in range(max(0, reruns // 2 - len(back))):  # more warm switches between seen years
            back.append(_timed(lambda y=others[0]: _year_box(at).select(y).run())[0])
        out["filter_first_median_s"] = statistics.median(first)
        out["filter_seen_median_s"] = statistics.median(back)
        out["filter_seen_p95_s"] = quantile(back, 0.95)
        problem = _problems(at)
        if problem and "error" not in out:
            out["error"] = problem
    return out


def phase_pages(data_dir: Path, reruns: int, pages: list[str] | None = None) -> dict:
    """Every page's timings; data_dir holds the national cds.sqlite3."""
    os.environ["CDS_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["CDS_LOAD_SAMPLES"] = "0"
    os.chdir(ROOT)
    from . import peak_rss_mib

    load_before = os.getloadavg()
    with as_served():
        floor_before = bench_floor(reruns)
        results = [bench_page(page, reruns) for page in (pages or page_files())]
        floor_after = bench_floor(reruns)
    floor = statistics.median([floor_before, floor_after])
    for page in results:
        if "rerun_median_s" in page:
            page["vs_floor"] = page["rerun_median_s"] / floor
    return {
        "pages": results,
        "floor_rerun_median_s": floor,
        "floor_before_after_s": [floor_before, floor_after],
        "load": [load_before, os.getloadavg()],
        "peak_rss_mib": peak_rss_mib(),
    }


def bench_floor(reruns: int) -> float:
    """Median warm rerun of benchmarks/floor_page.py (six metrics, one chart, precomputed data)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).with_name("floor_page.py")), default_timeout=60).run()
    at.run()
    return statistics.median(_timed(at.run)[0] for _ in range(reruns))
