"""Cold start and served reruns in headless Chromium, and the server's peak RSS after every page.

Chromium is launched first (its start-up is not the app's); the clock starts when `streamlit run` is
spawned and stops when the first Plotly chart is visible. Then: warm reruns of the served session (the
"r" hotkey; timed in the page from the keypress to Streamlit's script state back at notRunning), every
page of the sidebar visited in turn, and the server's high-water RSS (VmHWM) read from /proc.

A cold start varies by a few tenths of a second from one start to the next on this machine, so it is taken
COLD_STARTS times, the app's and the floor page's in turn (the same minutes, the same load), each in a fresh
browser context (nothing cached), and the medians are reported with every run.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHART = ".js-plotly-plot, [data-testid=stPlotlyChart]"
READY = "[data-testid=stApp][data-test-script-state=notRunning]"
COLD_STARTS = 5
OBSERVER = """() => {
  window.__cdsRuns = [];
  const app = document.querySelector('[data-testid=stApp]');
  new MutationObserver(() => window.__cdsRuns.push([performance.now(), app.getAttribute('data-test-script-state')]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def vm_kib(pid: int, field: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _served_rerun(page, timeout_s: float = 30) -> float | None:
    """Seconds from pressing "r" to the script state back at notRunning after a run, in the page's clock."""
    page.evaluate("() => { window.__cdsRuns = []; }")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # the hotkey, not a widget
    t0 = page.evaluate("() => performance.now()")
    page.keyboard.press("r")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        ended = run_ended_at(page.evaluate("() => window.__cdsRuns"))
        if ended is not None:
            return (ended - t0) / 1000
        time.sleep(0.01)
    return None


def run_ended_at(runs: list) -> float | None:
    """The page clock at which a run ended (script state back at notRunning after running), from OBSERVER's log."""
    seen_running = False
    for at, state in runs:
        if state == "running":
            seen_running = True
        elif seen_running and state == "notRunning":
            return at
    return None


def phase_browser(
    data_dir: Path, reruns: int = 10, timeout_s: float = 90, first_page: str = "budget", cold_starts: int = COLD_STARTS
) -> dict:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests.browser import CHROMIUM_FLAGS, chromium_path, start_app, stop_app

    chromium = chromium_path()
    if chromium is None:
        return {"skipped": "Chromium is not installed"}
    out: dict = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        page = _new_page(browser)
        started = time.perf_counter()
        proc, base = start_app(data_dir, {"CDS_LOAD_SAMPLES": "0"})
        try:
            # The default page (Tổng quan) draws no chart.
            out.update(_to_first_chart(page, proc, base, "/" + first_page, started, data_dir, timeout_s))
            page.wait_for_selector(READY, timeout=timeout_s * 1000)
            out["first_ready_s"] = time.perf_counter() - started
            out["exceptions_on_first_page"] = page.locator("[data-testid=stException]").count()
            page.evaluate(OBSERVER)
            times = [t for t in (_served_rerun(page) for _ in range(reruns)) if t is not None]
            if times:
                out["served_rerun_median_s"] = statistics.median(times)
                out["served_rerun_max_s"] = max(times)
                out["served_reruns"] = len(times)
            links = page.locator("[data-testid=stSidebarNavLink]")
            hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
            visits = []
            for href in hrefs:
                if not href:
                    continue
                url = href if href.startswith("http") else base + "/" + href.lstrip("/")
                t = time.perf_counter()
                page.goto(url)
                page.wait_for_selector("[data-testid=stApp]", timeout=timeout_s * 1000)
                page.wait_for_timeout(200)
                page.wait_for_selector(READY, timeout=timeout_s * 1000)
                visits.append(
                    {
                        "url": url.removeprefix(base),
                        "ready_s": time.perf_counter() - t,
                        "exceptions": page.locator("[data-testid=stException]").count(),
                    }
                )
            out["visits"] = visits
            out["server_rss_mib"] = (vm_kib(proc.pid, "VmRSS") or 0) / 1024
            out["server_peak_rss_mib"] = (vm_kib(proc.pid, "VmHWM") or 0) / 1024
        finally:
            stop_app(proc)
        starts = [{"health_s": out["health_s"], "first_chart_s": out["first_chart_s"]}]
        floors = [_floor_cold_start(browser, data_dir, timeout_s)]
        for _ in range(cold_starts - 1):
            starts.append(_app_cold_start(browser, data_dir, timeout_s, first_page))
            floors.append(_floor_cold_start(browser, data_dir, timeout_s))
        browser.close()
    out.update(_medians(starts))
    out["floor"] = _medians(floors)
    return out


def _medians(starts: list[dict]) -> dict:
    """Median health and first-chart times of the starts, the median time from healthy to chart, and the runs."""
    return {
        "health_s": statistics.median(s["health_s"] for s in starts),
        "first_chart_s": statistics.median(s["first_chart_s"] for s in starts),
        "after_up_s": statistics.median(s["first_chart_s"] - s["health_s"] for s in starts),
        "starts": starts,
    }


def _app_cold_start(browser, data_dir: Path, timeout_s: float, first_page: str) -> dict:
    """One more cold start of the app alone: spawn → healthy → first chart visible, then stop."""
    from tests.browser import start_app, stop_app

    page = _new_page(browser)
    started = time.perf_counter()
    proc, base = start_app(data_dir, {"CDS_LOAD_SAMPLES": "0"})
    try:
        return _to_first_chart(page, proc, base, "/" + first_page, started, data_dir, timeout_s)
    finally:
        stop_app(proc)
        page.close()


def _new_page(browser):
    """A page in a fresh context: nothing cached from an earlier start."""
    return browser.new_page(viewport={"width": 1366, "height": 768}, locale="vi-VN")


def _to_first_chart(page, proc, base: str, path: str, started: float, data_dir: Path, timeout_s: float) -> dict:
    """The cold start's clock, from `started` (the spawn): the server healthy, then a Plotly chart visible at path."""
    from tests.browser import wait_healthy

    wait_healthy(proc, base, data_dir, timeout_s, poll_s=0.02)
    health = time.perf_counter() - started
    page.goto(base + path)
    page.wait_for_selector(CHART, state="visible", timeout=timeout_s * 1000)
    return {"health_s": health, "first_chart_s": time.perf_counter() - started}


def _floor_cold_start(browser, data_dir: Path, timeout_s: float) -> dict:
    """The same clock for benchmarks/floor_page.py (six metrics, one chart, no data): what Streamlit and
    Chromium cost on this machine at this load before the app does anything, measured minutes from the app's."""
    import subprocess

    from tests.browser import free_port, stop_app

    port = free_port()
    page = _new_page(browser)
    started = time.perf_counter()
    with open(data_dir / "floor.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "benchmarks" / "floor_page.py")]
            + ["--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1"]
            + ["--browser.gatherUsageStats", "false"],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        return _to_first_chart(page, proc, f"http://127.0.0.1:{port}", "/", started, data_dir, timeout_s)
    finally:
        stop_app(proc)
        page.close()
