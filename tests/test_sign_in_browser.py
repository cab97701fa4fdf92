"""Sign-in in headless Chromium: deep links show only the form, scope per role, and single sign-on (OIDC).

The SSO test starts a real OpenID Connect provider (tests/oidc: the `oidc-provider` package from npm, installed
by `npm ci` in .ci/run) and signs in through it with Streamlit's own st.login.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from store import Store, accounts
from tests.browser import browser_page, free_port, open_and_wait, running_app, screenshot, wait_until_gone
from tests.page_env import copy_store

pytestmark = pytest.mark.browser

PASSWORD = "Mat-khau-cua-can-bo-2023"
OIDC_DIR = Path(__file__).resolve().parent / "oidc"
DEEP_LINK = "/budget?nam=2023&tinh=" + quote("Quảng Ngãi")


@pytest.fixture(scope="module")
def accounts_dir(seeded_data_dir, tmp_path_factory):
    """The seeded store with an agency user of Quảng Ngãi's Ban Dân tộc and a leader, both with e-mails."""
    data_dir = copy_store(seeded_data_dir, tmp_path_factory.mktemp("accounts"))
    store = Store.open(f"sqlite:///{data_dir / 'cds.sqlite3'}")
    accounts.add_user(store, "bdt", "don_vi", agency_code="QNG-BDT", name="Nguyễn Văn A", password=PASSWORD)
    accounts.add_user(store, "lanhdao", "lanh_dao", name="Lê Văn C", email="lanhdao@so.gov.vn", password=PASSWORD)
    store.close()
    return data_dir


def sign_in(page, login: str, password: str) -> None:
    page.get_by_label("Tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_timeout(500)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60_000)
    page.wait_for_timeout(800)


def test_deep_link_agency_user_and_leader(accounts_dir):
    with running_app(accounts_dir, {"CDS_LOAD_SAMPLES": "0"}) as base, browser_page(1366, 900) as page:
        open_and_wait(page, base + DEEP_LINK)
        body = page.inner_text("body")
        screenshot(page, "sign_in_deep_link")
        assert "Đăng nhập" in body and "Tên đăng nhập" in body
        assert "3,402" not in body and "Ban Dân tộc" not in body and "triệu đồng" not in body

        sign_in(page, "bdt", PASSWORD)
        page.get_by_text("3,402", exact=False).first.wait_for(timeout=30_000)
        body = page.inner_text("body")
        screenshot(page, "sign_in_agency_budget")
        assert "Nguyễn Văn A" in body and "Cán bộ đơn vị" in body
        assert "3,402" in body  # its own line: 3,402 triệu đồng disbursed
        assert "Bắc Giang" not in body and "minh hoạ" not in body and "Sở Y tế" not in body
        page.get_by_role("button", name="Đăng xuất").click()
        page.get_by_label("Tên đăng nhập").wait_for(timeout=30_000)
        wait_until_gone(page, "3,402")  # times out (fails) if the signed-out page still shows the agency's line
        body = page.inner_text("body")
        assert "3,402" not in body and "Nguyễn Văn A" not in body

    quick_expiry = {"CDS_LOAD_SAMPLES": "0", "CDS_SESSION_MINUTES": "0.25"}  # 15 s without a run ends the session
    with running_app(accounts_dir, quick_expiry) as base, browser_page(1366, 900) as page:
        open_and_wait(page, base + "/budget?nam=2024")
        sign_in(page, "lanhdao", PASSWORD)
        page.get_by_text("Sở Y tế (minh hoạ)", exact=False).first.wait_for(timeout=30_000)
        body = page.inner_text("body")
        screenshot(page, "sign_in_leader_budget")
        assert "Lê Văn C" in body and "Lãnh đạo" in body
        assert "Sở Y tế (minh hoạ)" in body  # the illustrative province's agencies: every agency in scope
        page.wait_for_timeout(16_000)
        page.get_by_role("link", name="Tổng quan").click()  # the next run finds the session expired
        page.get_by_text("Phiên làm việc đã hết hạn", exact=False).wait_for(timeout=30_000)
        wait_until_gone(page, "12,81 tỷ đồng")  # fails by timeout if the expired session still shows figures
    log = (accounts_dir / "streamlit.log").read_text(encoding="utf-8", errors="replace")
    assert PASSWORD not in log  # never logged in clear
    for path in accounts_dir.glob("cds.sqlite3*"):
        assert PASSWORD.encode() not in path.read_bytes()


@contextlib.contextmanager
def oidc_provider(redirect_uri: str):
    """A running oidc-provider on a free port: yields its issuer URL."""
    if shutil.which("node") is None or not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("the OIDC provider is not installed: npm ci --prefix tests/oidc")
        pytest.skip("node or tests/oidc/node_modules missing (npm ci --prefix tests/oidc)")
    port = free_port()
    env = {**os.environ, "OIDC_PORT": str(port), "OIDC_REDIRECT_URI": redirect_uri}
    proc = subprocess.Popen(
        ["node", "provider.mjs"], cwd=OIDC_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(issuer + "/.well-known/openid-configuration", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("oidc-provider did not start") from None
                time.sleep(0.3)
        yield issuer
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def secrets_file(folder: Path, app_port: int, issuer: str) -> Path:
    """The [auth] section a province would write, pointed at the local provider."""
    path = folder / "secrets.toml"
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        'cookie_secret = "a-long-random-test-cookie-secret-0123456789"\n'
        'client_id = "cds-test"\n'
        'client_secret = "cds-test-secret"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
        # oidc-provider knows no prompt=select_account (Streamlit's default): ask for a login instead.
        'client_kwargs = { prompt = "login" }\n',
        encoding="utf-8",
    )
    return path


def sso_sign_in(page, base: str, email: str) -> str:
    open_and_wait(page, base + DEEP_LINK)
    page.get_by_role("button", name="Đăng nhập bằng tài khoản một cửa (SSO)").click()
    page.wait_for_selector("input[name=login]", timeout=30_000)  # the provider's own login form
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", "anything")
    page.click("button[type=submit]")
    with contextlib.suppress(Exception):  # the consent step, when the provider asks for it
        page.wait_for_selector("button[type=submit]", timeout=5_000)
        if "/interaction/" in page.url:
            page.click("button[type=submit]")
    page.wait_for_url(base + "/**", timeout=30_000)
    page.wait_for_selector("[data-testid=stApp]", timeout=60_000)
    page.wait_for_timeout(500)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60_000)
    page.wait_for_timeout(800)
    return page.inner_text("body")


def test_single_sign_on_maps_the_email_to_an_account(accounts_dir, tmp_path):
    app_port = free_port()
    with oidc_provider(f"http://127.0.0.1:{app_port}/oauth2callback") as issuer:
        secrets = secrets_file(tmp_path, app_port, issuer)
        args = ["--secrets.files", str(secrets)]
        with running_app(accounts_dir, {"CDS_LOAD_SAMPLES": "0"}, extra_args=args, port=app_port) as base:
            with browser_page(1366, 900) as page:
                body = sso_sign_in(page, base, "lanhdao@so.gov.vn")
                screenshot(page, "sso_leader")
                assert "Lê Văn C" in body and "Lãnh đạo" in body, body[:500]
            with browser_page(1366, 900) as page:
                body = sso_sign_in(page, base, "nguoi.la@example.test")
                screenshot(page, "sso_not_authorised")
                assert "chưa được cấp quyền" in body, body[:500]
                assert "triệu đồng" not in body and "Ban Dân tộc" not in body
    store = Store.open(f"sqlite:///{accounts_dir / 'cds.sqlite3'}")
    audit = store.audit_frame()
    store.close()
    assert (
        (audit["action"] == "sign-in") & (audit["actor_login"] == "lanhdao") & audit["detail"].str.contains("sso")
    ).any()
    assert ((audit["action"] == "sso-refused") & audit["detail"].str.contains("nguoi.la@example.test")).any()


def test_signed_in_agency_user_checks_an_upload(accounts_dir, tmp_path):
    """Uploads are read in a worker process forked from a forkserver, which imports the running app's __main__
    (dashboard.py) first: with accounts defined, that import ran the sign-in gate in the worker and every read
    ended as "read-crashed". A signed-in agency user's workbook must be read and checked (dry run only: the
    module's store stays as the other tests expect it)."""
    from tests.test_upload_flow import with_disbursed

    upload = tmp_path / "quang-ngai_2023.xlsx"
    upload.write_bytes(with_disbursed(5_000_000))
    with running_app(accounts_dir, {"CDS_LOAD_SAMPLES": "0"}) as base, browser_page(1366, 1000) as page:
        open_and_wait(page, base + "/upload")
        sign_in(page, "bdt", PASSWORD)
        page.get_by_text("Nộp báo cáo chuyển đổi số").first.wait_for(timeout=60_000)
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(upload))
        page.wait_for_selector("text=Kết quả kiểm tra", timeout=60_000)
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60_000)
        page.wait_for_timeout(800)
        screenshot(page, "sign_in_agency_upload")
        body = page.inner_text("body")
        assert "Bộ đọc tệp dừng bất thường" not in body and page.locator("[data-testid=stException]").count() == 0
        assert "Đã đọc xong 1 tệp" in body and "Nguyễn Văn A (bdt)" in body  # the filer is the signed-in user
        assert page.get_by_role("button", name="Xác nhận nộp").count() == 1  # read, checked, ready to file
