"""docs/deploy.md's nginx block in front of the app: frame and content-security headers, and the app still
works under that policy in Chromium. Debian's nginx (.ci/run installs it) runs as the test user on free ports."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser import READY, browser_page, free_port, running_app

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def documented_config(app_port: int, listen_port: int) -> str:
    """The first ```nginx block of docs/deploy.md with the test's ports and without TLS."""
    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    block = re.search(r"```nginx\n(.*?)```", doc, re.S).group(1)
    block = re.sub(r"server 127\.0\.0\.1:850\d;\n", "", block)
    block = block.replace("ip_hash;", f"ip_hash;\n    server 127.0.0.1:{app_port};")
    block = re.sub(r"listen 443 ssl http2;", f"listen 127.0.0.1:{listen_port};", block)
    return re.sub(r"\s*ssl_certificate\S*\s+\S+;", "", block)


@pytest.fixture
def proxied(seeded_data_dir, tmp_path):
    if not os.path.exists(NGINX):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("nginx is not installed (apt-get install nginx)")
        pytest.skip("nginx is not installed")
    with running_app(seeded_data_dir, extra_env={"CDS_LOAD_SAMPLES": "0"}) as base:
        port = free_port()
        conf = tmp_path / "nginx.conf"
        conf.write_text(
            f"daemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
            f"http {{\n access_log off;\n client_body_temp_path {tmp_path}/body;\n proxy_temp_path {tmp_path}/proxy;\n"
            f" fastcgi_temp_path {tmp_path}/fcgi;\n uwsgi_temp_path {tmp_path}/uwsgi;\n scgi_temp_path {tmp_path}/scgi;\n"
            + documented_config(int(base.rsplit(":", 1)[1]), port)
            + "\n}\n"
        )
        proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(50):
                try:
                    urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                    break
                except OSError:
                    if proc.poll() is not None:
                        pytest.fail(proc.stderr.read().decode())
                    time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def test_nginx_sets_frame_and_content_security_headers(proxied):
    for path in ("/", "/_stcore/health"):
        with urllib.request.urlopen(proxied + path, timeout=10) as reply:
            headers = reply.headers
            assert reply.status == 200
            assert headers["X-Frame-Options"] == "DENY"
            csp = headers["Content-Security-Policy"]
            assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "img-src 'self'" in csp
            assert headers["X-Content-Type-Options"] == "nosniff"


def test_dashboard_works_through_nginx_under_its_policy(proxied):
    with browser_page() as page:
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(proxied + "/budget?nam=2023")
        page.wait_for_selector(READY, timeout=60_000)
        page.wait_for_timeout(1500)
        assert page.locator("[data-testid=stException]").count() == 0
        assert "Kinh phí" in page.locator("[data-testid=stMain]").inner_text()
        assert page.locator(".js-plotly-plot").count() > 0  # Plotly drew under the policy
        assert violations == []
