"""Runs the app with `streamlit run` on a free local port and drives it in headless Debian Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT_DIR = ROOT / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
READY = "[data-testid=stApp][data-test-script-state=notRunning]"


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> str:
    """Chromium's path; skip without it, except in CI (REQUIRE_BROWSER=1), where a skip would hide a failure."""
    path = chromium_path()
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but Chromium is not installed (apt-get install chromium)")
        pytest.skip("Chromium is not installed")
    return path


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(
    data_dir: Path,
    extra_env: dict[str, str] | None = None,
    extra_args: list[str] | None = None,
    port: int | None = None,
) -> tuple[subprocess.Popen, str]:
    """Start a headless `streamlit run dashboard.py` on its own store and a free port: (process, base URL)."""
    port = port or free_port()
    env = {**os.environ, "CDS_DATA_DIR": str(data_dir), **(extra_env or {})}
    env.pop("DATABASE_URL", None)
    log = open(data_dir / "streamlit.log", "wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ui.serve",  # `streamlit run dashboard.py` with the caches warmed as it starts, as scripts/start.sh
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            *(extra_args or []),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()  # the child keeps its own handle
    return proc, f"http://127.0.0.1:{port}"


def wait_healthy(proc: subprocess.Popen, base: str, data_dir: Path, timeout_s: float, poll_s: float = 0.3) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("streamlit did not start:\n" + (data_dir / "streamlit.log").read_text())
        time.sleep(poll_s)


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextlib.contextmanager
def running_app(
    data_dir: Path,
    extra_env: dict[str, str] | None = None,
    timeout_s: float = 60,
    extra_args: list[str] | None = None,
    port: int | None = None,
):
    """Yield the base URL of a headless `streamlit run dashboard.py` on its own store."""
    proc, base = start_app(data_dir, extra_env, extra_args, port)
    try:
        wait_healthy(proc, base, data_dir, timeout_s)
        yield base
    finally:
        stop_app(proc)


@contextlib.contextmanager
def browser_page(width: int = 1366, height: int = 768):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, locale="vi-VN")
            yield page
        finally:
            browser.close()


def open_and_wait(page, url: str, timeout_ms: int = 60_000) -> None:
    """Load a page and wait until Streamlit has finished running its script."""
    page.goto(url)
    page.wait_for_selector("[data-testid=stApp]", timeout=timeout_ms)
    page.wait_for_timeout(300)  # let a rerun begin before waiting for it to end
    page.wait_for_selector(READY, timeout=timeout_ms)
    page.wait_for_timeout(500)  # plotly draws after the script ends


def wait_until_gone(page, text: str, timeout_ms: int = 30_000) -> None:
    """Wait until `text` is no longer on the page: a rerun keeps the last run's elements (faded) until it ends,
    so a check made as soon as the new run's first element appears can still read the old ones."""
    page.wait_for_function("t => !document.body.innerText.includes(t)", arg=text, timeout=timeout_ms)
    page.wait_for_selector(READY, timeout=timeout_ms)


def screenshot(page, name: str) -> Path:
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
