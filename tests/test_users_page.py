"""Tài khoản: administrators list, add, disable and reset accounts on the page; no one else reaches it or the store.

The page tests sign in through the form (tests/test_sign_in.py) on a copy of the seeded store.
"""

from __future__ import annotations

import ast

import pytest
from streamlit.testing.v1 import AppTest

from admin.users import ERRORS as CLI_ERRORS
from store import OPEN, Forbidden, Principal, Store, accounts
from store.access import ADMIN, LEADER
from tests.conftest import ROOT
from tests.page_env import copy_store, serve_store
from tests.pages_helpers import open_page, shown_text
from tests.test_sign_in import sign_in
from ui import cache
from ui import text as ui_text

PASSWORD = "Mat-khau-cua-quan-tri-2024"
USERS_PAGE = "pages/users.py"


@pytest.fixture
def admin_store(seeded_data_dir, tmp_path, monkeypatch):
    """The seeded store with a country-wide administrator, a leader and Quảng Ngãi's Ban Dân tộc user."""
    copy_store(seeded_data_dir, tmp_path)
    store = Store.open(f"sqlite:///{tmp_path / 'cds.sqlite3'}")
    accounts.add_user(store, "quantri", "quan_tri", name="Quản trị", password=PASSWORD)
    accounts.add_user(store, "lanhdao", "lanh_dao", name="Lê Văn C", password=PASSWORD)
    accounts.add_user(store, "bdt", "don_vi", agency_code="QNG-BDT", name="Nguyễn Văn A", password=PASSWORD)
    store.close()
    yield from serve_store(tmp_path, monkeypatch)


def opened(data_dir) -> Store:
    return Store.open(f"sqlite:///{data_dir / 'cds.sqlite3'}")


def as_admin():
    at = sign_in(open_page("pages/overview.py"), "quantri", PASSWORD)
    at.switch_page(USERS_PAGE).run()
    assert not at.exception, at.exception
    return at


def users_table(at):
    """The account table the page draws, or None."""
    login = ui_text.USERS_COLUMNS["login"]
    return next((d.value for d in at.dataframe if login in d.value.columns), None)


def click(at, label: str):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


def fill_new_user(at, login: str, agency: str, password: str = "Mat-khau-ban-dau-2024"):
    at.selectbox(key="users_role").set_value("don_vi").run()
    at.text_input(key="users_login").input(login)
    at.text_input(key="users_name").input("Trần Văn Mới")
    at.text_input(key="users_agency").input(agency)
    at.text_input(key="users_password").input(password)
    at.text_input(key="users_again").input(password)
    return click(at, ui_text.USERS_ADD_SUBMIT)


def test_admin_sees_every_account_and_no_password_material(admin_store):
    at = as_admin()
    frame = users_table(at)
    assert frame is not None
    assert list(frame.columns) == list(ui_text.USERS_COLUMNS.values())
    rows = frame.set_index(ui_text.USERS_COLUMNS["login"])
    assert sorted(rows.index) == ["bdt", "lanhdao", "quantri"]
    assert rows.loc["bdt", ui_text.USERS_COLUMNS["role"]] == "Cán bộ đơn vị"
    assert rows.loc["bdt", ui_text.USERS_COLUMNS["scope"]] == "đơn vị QNG-BDT"
    assert rows.loc["lanhdao", ui_text.USERS_COLUMNS["scope"]] == "toàn quốc"
    assert rows.loc["quantri", ui_text.USERS_COLUMNS["name"]] == "Quản trị"
    assert not rows[ui_text.USERS_COLUMNS["must_change_password"]].any()
    every_cell = frame.astype(str).to_numpy().ravel().tolist()
    assert not any("argon2" in cell or PASSWORD in cell for cell in every_cell)


def test_admin_adds_an_agency_user_who_can_sign_in(admin_store):
    at = fill_new_user(as_admin(), "bdt-moi", "QNG-BDT")
    assert "Đã tạo tài khoản bdt-moi (Cán bộ đơn vị, phạm vi đơn vị QNG-BDT)" in at.success[0].value
    assert "bdt-moi" in users_table(at)[ui_text.USERS_COLUMNS["login"]].tolist()
    store = opened(admin_store)
    user = accounts.get_user(store, "bdt-moi")
    assert (user.role, user.agency_code, user.province, user.display_name) == (
        "don_vi",
        "QNG-BDT",
        "Quảng Ngãi",
        "Trần Văn Mới",
    )
    audit = store.audit_frame()
    added = audit[audit["action"] == "user-add"].iloc[0]
    assert added["actor_login"] == "quantri"
    store.close()
    signed = sign_in(open_page("pages/overview.py"), "bdt-moi", "Mat-khau-ban-dau-2024")
    assert "Nguyễn Văn A" not in "\n".join(m.value for m in signed.sidebar.markdown)
    assert "Trần Văn Mới" in "\n".join(m.value for m in signed.sidebar.markdown)


def test_unknown_agency_and_mismatched_passwords_are_refused_and_nothing_is_stored(admin_store):
    store = opened(admin_store)
    before = store.table_checksums()
    at = fill_new_user(as_admin(), "bdt-moi", "KHONG-CO")
    assert at.error[0].value == "Mã đơn vị «KHONG-CO» không có trong danh mục đơn vị."
    assert not at.success
    at.text_input(key="users_agency").input("QNG-BDT")
    at.text_input(key="users_again").input("khac-voi-mat-khau-tren")
    click(at, ui_text.USERS_ADD_SUBMIT)
    assert at.error[0].value == ui_text.USERS_PASSWORD_MISMATCH
    assert accounts.get_user(store, "bdt-moi") is None
    # Signing in writes audit entries; the accounts themselves are untouched.
    assert store.table_checksums()["users"] == before["users"]
    store.close()


def test_admin_disables_a_user_whose_sign_in_is_then_refused(admin_store):
    at = as_admin()
    choices = at.selectbox(key="users_disable_login").options
    assert "quantri" not in " ".join(choices)  # never one's own account
    at.selectbox(key="users_disable_login").set_value("bdt").run()
    click(at, ui_text.USERS_DISABLE_SUBMIT)
    assert "Đã khoá hẳn tài khoản bdt" in at.success[0].value
    rows = users_table(at).set_index(ui_text.USERS_COLUMNS["login"])
    assert rows.loc["bdt", ui_text.USERS_COLUMNS["state"]] == ui_text.USERS_STATE_DISABLED
    refused = sign_in(open_page("pages/overview.py"), "bdt", PASSWORD)
    assert "Sai tên đăng nhập hoặc mật khẩu" in refused.error[0].value
    assert not refused.metric


def test_admin_resets_a_password_shown_once(admin_store):
    at = as_admin()
    at.selectbox(key="users_reset_login").set_value("bdt").run()
    click(at, ui_text.USERS_RESET_SUBMIT)
    assert "Đã đặt lại mật khẩu của tài khoản bdt" in at.success[0].value
    assert "phải đổi mật khẩu khi đăng nhập lần tới" in at.info[0].value
    temporary = at.code[0].value
    store = opened(admin_store)
    assert accounts.get_user(store, "bdt").must_change_password
    assert accounts.authenticate(store, "bdt", temporary).status == "ok"
    store.close()
    at.run()  # any next run: the temporary password is gone from the page
    assert not at.code and not at.success


def not_listed(at) -> None:
    """The page is not in this session's navigation: AppTest cannot switch to it, as a URL falls back to the default."""
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(USERS_PAGE)
    assert users_table(at) is None and ui_text.USERS_ADD_HEADER not in shown_text(at)


def page_alone(principal: Principal):
    """pages/users.py run by itself for this principal, as a run that bypassed the navigation would be."""
    at = AppTest.from_file(str(ROOT / USERS_PAGE), default_timeout=30)
    at.session_state[cache.PRINCIPAL_KEY] = principal
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("login", ["lanhdao", "bdt"])
def test_leader_and_agency_user_cannot_reach_the_page(admin_store, login):
    at = sign_in(open_page("pages/overview.py"), login, PASSWORD)
    not_listed(at)
    store = opened(admin_store)
    principal = accounts.get_user(store, login).principal()
    store.close()
    alone = page_alone(principal)
    assert [e.value for e in alone.error] == [ui_text.USERS_NOT_ALLOWED]
    assert users_table(alone) is None and not alone.get("text_input") and not alone.title


def test_open_mode_does_not_list_the_page(app_env):
    not_listed(open_page("pages/overview.py"))
    alone = page_alone(OPEN)
    assert [e.value for e in alone.error] == [ui_text.USERS_NOT_ALLOWED]
    assert users_table(alone) is None and not alone.get("text_input")


def test_an_admin_sees_the_page_when_run_alone_too(admin_store):
    """The guard above is not what hides the page from everyone: an administrator passes it."""
    store = opened(admin_store)
    principal = accounts.get_user(store, "quantri").principal()
    store.close()
    alone = page_alone(principal)
    assert not alone.error and users_table(alone) is not None


def test_the_store_refuses_a_non_admin_actor_and_a_province_admin_outside_it(admin_store):
    store = opened(admin_store)
    before = store.table_checksums()
    leader = Principal("lanhdao", "Lê Văn C", LEADER)
    for change in (
        lambda: accounts.add_user(store, "moi", "lanh_dao", password=PASSWORD, actor=leader),
        lambda: accounts.disable_user(store, "bdt", actor=leader),
        lambda: accounts.reset_password(store, "bdt", actor=leader),
        lambda: accounts.list_users(store, actor=leader),
    ):
        with pytest.raises(Forbidden):
            change()
    province_admin = Principal("qt-bg", "Quản trị Bắc Giang", ADMIN, province="Bắc Giang")
    for change in (
        lambda: accounts.add_user(store, "moi", "lanh_dao", password=PASSWORD, actor=province_admin),  # country-wide
        lambda: accounts.add_user(store, "moi", "don_vi", agency_code="QNG-BDT", actor=province_admin),
        lambda: accounts.disable_user(store, "bdt", actor=province_admin),
        lambda: accounts.reset_password(store, "bdt", actor=province_admin),
    ):
        with pytest.raises(Forbidden):
            change()
    assert accounts.list_users(store, actor=province_admin) == []
    admin = accounts.get_user(store, "quantri").principal()
    with pytest.raises(accounts.AccountError, match="self-disable"):
        accounts.disable_user(store, "quantri", actor=admin)
    assert store.table_checksums() == before
    store.close()


def test_every_account_error_has_a_message_on_the_page_and_the_command_line():
    tree = ast.parse((ROOT / "store" / "accounts.py").read_text(encoding="utf-8"))
    raised = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "AccountError"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert {"unknown-agency", "self-disable", "password-too-short"} <= raised  # the walk sees them
    assert raised <= set(ui_text.ACCOUNT_ERRORS)
    assert raised <= set(CLI_ERRORS)
