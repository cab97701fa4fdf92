"""Two app processes behind Debian's nginx on one PostgreSQL: served reruns alone and at once, and an upload
through one process seen through the other on its next rerun (docs/deploy.md's layout, on one machine).

The corpus is imported into a throwaway PostgreSQL (tests/pg.py), timed. Two `python -m ui.serve` processes share
its URL; nginx runs docs/deploy.md's block with its cookie-hash stickiness (`hash $cds_route consistent`) in
place of `ip_hash`, since every browser here comes from 127.0.0.1 and `ip_hash` would send both to one process.
Each Chromium context carries a `cds_route` cookie chosen so that nginx sends it to a different process.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from . import ROOT, UPLOADER, peak_rss_mib
from .browser import CHART, OBSERVER, READY, run_ended_at, vm_kib

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DELTA_VND = 1_000 * 10**9  # added to one line of the re-uploaded report: 1.000 tỷ đồng, visible in any total
STATE = "() => document.querySelector('[data-testid=stApp]').getAttribute('data-test-script-state')"
METRIC_VALUE = "[data-testid=stMetric]:has-text('Tổng kinh phí giao') [data-testid=stMetricValue]"


def nginx_config(app_ports: list[int], listen_port: int, tmp: Path) -> str:
    """docs/deploy.md's first ```nginx block: the test's ports, no TLS, sticky by the `cds_route` cookie (the
    documented alternative to ip_hash), and the chosen upstream in an X-Upstream header so routing can be checked."""
    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    block = re.search(r"```nginx\n(.*?)```", doc, re.S).group(1)  # type: ignore[union-attr]
    block = re.sub(r"\s*server 127\.0\.0\.1:850\d;", "", block)
    servers = "".join(f"\n    server 127.0.0.1:{port};" for port in app_ports)
    block = block.replace("ip_hash;", "hash $cds_route consistent;" + servers)
    block = block.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{listen_port};")
    block = re.sub(r"\s*ssl_certificate\S*\s+\S+;", "", block)
    block = block.replace("    location / {", "    add_header X-Upstream $upstream_addr always;\n\n    location / {", 1)
    route = 'map $cookie_cds_route $cds_route { "" $request_id; default $cookie_cds_route; }\n'
    temp = "".join(f" {kind}_temp_path {tmp}/{kind};\n" for kind in ("proxy", "fastcgi", "uwsgi", "scgi"))
    return (
        f"daemon off;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n client_body_temp_path {tmp}/body;\n{temp}{route}{block}\n}}\n"
    )


def _upstream_of(url: str, route: str) -> str | None:
    request = urllib.request.Request(url + "/_stcore/health", headers={"Cookie": f"cds_route={route}"})
    try:
        with urllib.request.urlopen(request, timeout=5) as reply:
            return reply.headers.get("X-Upstream")
    except OSError:
        return None


def _routes(url: str, app_ports: list[int]) -> dict[int, str]:
    """{app port: a cookie value nginx sends there}."""
    found: dict[int, str] = {}
    for i in range(200):
        upstream = _upstream_of(url, f"s{i}")
        port = int(upstream.rsplit(":", 1)[1]) if upstream else None
        if port in app_ports and port not in found:
            found[port] = f"s{i}"
        if len(found) == len(app_ports):
            break
    return found


def _start_app(data_dir: Path, url: str, port: int) -> subprocess.Popen:
    """tests/browser.start_app without its DATABASE_URL removal: this app must use the shared PostgreSQL."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CDS_DATA_DIR": str(data_dir), "DATABASE_URL": url, "CDS_LOAD_SAMPLES": "0"}
    with open(data_dir / "streamlit.log", "wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "ui.serve", "--server.headless", "true", "--server.port", str(port)]
            + ["--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def _ingest(corpus, url: str, submissions: int) -> dict:
    """The import command's path (reading on every core, one writer, full validation) into PostgreSQL; 0 = every
    submission, else the first `submissions` (a province's agencies are imported together)."""
    from intake import importer
    from store import Store

    from . import _groups

    groups = _groups(corpus)
    if submissions:
        groups = groups[:submissions]
    files = [f for group in groups for f in group]
    started = time.perf_counter()
    store = Store.open(url)
    opened = time.perf_counter()
    store.upsert_agencies(corpus.registry())
    lines = importer.import_files(files, uploaded_by=UPLOADER, store=store)
    seconds = time.perf_counter() - opened
    store.close()
    stored = sum(bool(entry["ok"]) for entry in lines)
    return {
        "seconds": seconds,
        "open_s": opened - started,
        "files": len(files),
        "stored": stored,
        "rejected": len(lines) - stored,
    }


def _changed_report(corpus, url: str) -> tuple[str, bytes, int]:
    """(file name, workbook, year): the newest stored report of the first agency (of given files: one of the newest
    year with budget lines), one line raised by DELTA_VND."""
    from loaders.template import write_workbook
    from store import Store

    from .corpus import submission_for

    store = Store.open(url)
    try:
        if corpus.held_back:  # given files: a report of the newest year, the year /budget opens on
            newest = store.submissions_frame(store.years()[0])
            with_lines = newest[newest["n_lines"] > 0]  # one line of it is raised
            submission = store.load_submission(int(with_lines["submission_id"].iloc[0]))
        else:
            params = corpus.params
            submission, _ = submission_for(params, 0, 0, params.years - 1)
            current = store.current_submission_id(submission.agency_code, submission.year)
            if current is not None:
                submission = store.load_submission(current)
    finally:
        store.close()
    first = submission.budget_lines[0]
    raised = dataclasses.replace(first, allocated_vnd=first.allocated_vnd + DELTA_VND)
    changed = dataclasses.replace(submission, budget_lines=(raised, *submission.budget_lines[1:]))
    return f"{submission.agency_code}_{submission.year}_cum.xlsx", write_workbook(changed), int(submission.year)


def _store_facts(url: str, year: int) -> tuple[int, int]:
    """(revision, allocated total of the year as the open reader sees it): what /budget must show."""
    from analysis import budget
    from store import OPEN, ScopedStore, Store

    store = Store.open(url)
    try:
        scoped = ScopedStore(store, OPEN)
        return scoped.revision(), budget.budget_totals(scoped.budget_lines_frame(year)).allocated_vnd
    finally:
        store.close()


LOST_S = 5.0  # no script state change this long after "r": the keypress was dropped (seen now and then)


def _together(pages, timeout_s: float = 60, lost: list | None = None) -> list[float | None]:
    """browser._served_rerun on every page at once: "r" pressed in each (ms apart), each timed from its own keypress.

    A page whose script state has not moved LOST_S after its keypress gets "r" once more and is timed from that
    press; the drop is counted in `lost` (with the states seen), so a lost keypress costs no minute-long wait."""
    t0s = []
    for page in pages:
        page.evaluate("() => { window.__cdsRuns = []; }")
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for page in pages:
        t0s.append(page.evaluate("() => performance.now()"))
        page.keyboard.press("r")
    pressed = [time.monotonic()] * len(pages)
    repressed = [False] * len(pages)
    done: list[float | None] = [None] * len(pages)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and any(d is None for d in done):
        for i, page in enumerate(pages):
            if done[i] is not None:
                continue
            runs = page.evaluate("() => window.__cdsRuns")
            ended = run_ended_at(runs)
            if ended is not None:
                done[i] = (ended - t0s[i]) / 1000
            if done[i] is None and not runs and not repressed[i] and time.monotonic() - pressed[i] > LOST_S:
                if lost is not None:
                    lost.append({"page": i, "state": page.evaluate(STATE)})
                page.evaluate("() => document.activeElement && document.activeElement.blur()")
                t0s[i] = page.evaluate("() => performance.now()")
                page.keyboard.press("r")
                pressed[i], repressed[i] = time.monotonic(), True
        time.sleep(0.01)
    return done


def _complete(measure, count: int, missed: list[str], label: str) -> list[list[float]]:
    """count measurements in which every session's run ended; one that did not (a lost "r" press, even after
    pressing again) is measured once more, up to count more times, and named in missed."""
    done: list[list[float]] = []
    for _ in range(2 * count):
        if len(done) == count:
            break
        times = measure()
        if all(t is not None for t in times):
            done.append(times)
        else:
            missed.append(label)
    return done


def _figures(times: list) -> dict:
    times = [t for t in times if t is not None]
    if not times:
        return {"n": 0}
    return {"median_s": statistics.median(times), "max_s": max(times), "n": len(times)}


def _upload_in_browser(context, base: str, name: str, raw: bytes, tmp: Path, timeout_ms: int) -> None:
    """Nộp báo cáo on process A as a user does: name, file, check, confirm (tests/test_upload_browser.py)."""
    path = tmp / name
    path.write_bytes(raw)
    page = context.new_page()
    step = "open"
    try:
        page.goto(base + "/upload")
        page.get_by_text("Nộp báo cáo chuyển đổi số").first.wait_for(timeout=timeout_ms)
        page.wait_for_timeout(400)
        page.wait_for_selector(READY, timeout=timeout_ms)
        step = "name"
        page.get_by_label("Người nộp", exact=True).and_(page.get_by_role("textbox")).fill("Benchmark cụm")
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        page.wait_for_selector(READY, timeout=timeout_ms)
        step = "file"
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(path))
        page.wait_for_selector("text=Kết quả kiểm tra", timeout=timeout_ms)
        page.wait_for_selector(READY, timeout=timeout_ms)
        step = "confirm"
        page.get_by_role("button", name="Xác nhận nộp").click()
        page.wait_for_timeout(400)
        page.wait_for_selector(READY, timeout=timeout_ms)
    except Exception as exc:
        page.screenshot(path=str(tmp / "upload-failed.png"), full_page=True)
        raise RuntimeError(f"{type(exc).__name__} at step {step}") from exc
    finally:
        page.close()


def phase_cluster(corpus, work: Path, reruns: int = 10, submissions: int = 0, timeout_s: float = 90) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_FLAGS, chromium_path, free_port, stop_app, wait_healthy
    from tests.pg import PostgresServer, find_bin_dir

    chromium, bin_dir = chromium_path(), find_bin_dir()
    if chromium is None:
        return {"skipped": "Chromium is not installed"}
    if bin_dir is None:
        return {"skipped": "PostgreSQL server binaries are not installed"}
    if not os.path.exists(NGINX):
        return {"skipped": "nginx is not installed"}
    out: dict = {"load_before": os.getloadavg()}
    work.mkdir(parents=True, exist_ok=True)
    server = PostgresServer(bin_dir)
    procs: list[subprocess.Popen] = []
    nginx, proxy_dir = None, None
    try:
        server.start()
        url = server.create_database()
        out["ingest"] = _ingest(corpus, url, submissions)
        ports = [free_port(), free_port()]
        started = time.perf_counter()
        procs = [_start_app(work / f"app-{i}", url, port) for i, port in enumerate(ports)]
        for i, (proc, port) in enumerate(zip(procs, ports)):
            wait_healthy(proc, f"http://127.0.0.1:{port}", work / f"app-{i}", timeout_s, poll_s=0.05)
        out["both_healthy_s"] = time.perf_counter() - started
        # Its own dir under /tmp, opened to all: nginx's workers run as another user when started as root
        # (Debian: nobody) and buffer upload bodies above 16 KiB to client_body_temp_path.
        proxy_dir = Path(tempfile.mkdtemp(prefix="cds-nginx-"))
        proxy_dir.chmod(0o755)
        listen = free_port()
        (proxy_dir / "nginx.conf").write_text(nginx_config(ports, listen, proxy_dir))
        nginx = subprocess.Popen(
            [NGINX, "-c", str(proxy_dir / "nginx.conf"), "-p", str(proxy_dir)], stderr=subprocess.PIPE
        )
        base = f"http://127.0.0.1:{listen}"
        for _ in range(100):
            if _upstream_of(base, "probe") or nginx.poll() is not None:
                break
            time.sleep(0.1)
        routes = _routes(base, ports)
        if len(routes) != 2:
            raise RuntimeError(f"nginx did not reach both processes: {routes}")
        out["routes"] = {str(port): cookie for port, cookie in routes.items()}

        _, _, year = _changed_report(corpus, url)  # the year shown: the newest, where the upload will land
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
            contexts, pages, lost = [], [], []
            for port in ports:
                context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
                context.add_cookies([{"name": "cds_route", "value": routes[port], "url": base}])
                page = context.new_page()
                page.goto(f"{base}/budget?nam={year}")
                page.wait_for_selector(CHART, state="visible", timeout=timeout_s * 1000)
                page.wait_for_selector(READY, timeout=timeout_s * 1000)
                page.evaluate(OBSERVER)
                _together([page], lost=lost)  # one warm-up: the figures are warm reruns
                contexts.append(context)
                pages.append(page)
            out["exceptions"] = sum(p.locator("[data-testid=stException]").count() for p in pages)
            missed: list[str] = []
            for label, page in zip("AB", pages):
                alone = _complete(lambda page=page: _together([page], lost=lost), reruns, missed, f"alone_{label}")
                out[f"alone_{label}"] = _figures([t[0] for t in alone])
            together = _complete(lambda: _together(pages, lost=lost), reruns, missed, "together")
            for i, label in enumerate("AB"):
                out[f"together_{label}"] = _figures([t[i] for t in together])
            out["missed_reruns"] = missed

            # An upload through process A, then one rerun of B's session: is the new total there?
            name, raw, year = _changed_report(corpus, url)
            revision_before, total_before = _store_facts(url, year)
            shown_before = pages[1].locator(METRIC_VALUE).first.inner_text()
            t = time.perf_counter()
            try:
                _upload_in_browser(contexts[0], base, name, raw, work, 30_000)
                out["upload_via"] = "Nộp báo cáo page of process A in Chromium, through nginx"
            except Exception as exc:  # noqa: BLE001 — fall back to the same import the page runs, and say so
                from intake import importer
                from store import Store

                out["upload_via"] = f"intake.importer.import_files (the page failed: {exc})"
                store = Store.open(url)
                try:
                    importer.import_files([(name, raw)], uploaded_by=UPLOADER, store=store)
                finally:
                    store.close()
            revision_after, total_after = _store_facts(url, year)
            out["upload_s"] = time.perf_counter() - t
            from formatting import money

            rerun = _together(pages[1:], lost=lost)[0]
            out["lost_keypresses"] = lost
            if rerun is None:  # the script states B's page saw, to tell a lost keypress from a slow run
                out["states_seen_by_B"] = pages[1].evaluate("() => window.__cdsRuns")
            shown_after = pages[1].locator(METRIC_VALUE).first.inner_text()
            out["visibility"] = {
                "stored": revision_after > revision_before and total_after == total_before + DELTA_VND,
                "shown_before": shown_before,
                "expected_before": money(total_before),
                "shown_after": shown_after,
                "expected_after": money(total_after),
                "rerun_s": rerun,
                "visible_on_other_process_next_rerun": shown_after == money(total_after) != shown_before,
            }
            browser.close()
        out["server_peak_rss_mib"] = [(vm_kib(p.pid, "VmHWM") or 0) / 1024 for p in procs]
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=10)
        if proxy_dir is not None:
            shutil.rmtree(proxy_dir, ignore_errors=True)
        for proc in procs:
            stop_app(proc)
        server.stop()
    out["load_after"] = os.getloadavg()
    out["peak_rss_mib"] = peak_rss_mib()
    return out
