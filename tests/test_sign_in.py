"""Pages with accounts: the sign-in form alone until signed in (deep links too), scope on every page, the sidebar."""

from __future__ import annotations

import pytest

from store import Store, accounts
from tests.page_env import copy_store, serve_store
from tests.pages_helpers import open_page, shown_text

PASSWORD = "Mat-khau-cua-can-bo-2023"


@pytest.fixture
def signed_store(seeded_data_dir, tmp_path, monkeypatch):
    """A copy of the seeded store with an agency user of Quảng Ngãi's Ban Dân tộc and a country-wide leader."""
    copy_store(seeded_data_dir, tmp_path)
    store = Store.open(f"sqlite:///{tmp_path / 'cds.sqlite3'}")
    accounts.add_user(store, "bdt", "don_vi", agency_code="QNG-BDT", name="Nguyễn Văn A", password=PASSWORD)
    accounts.add_user(store, "lanhdao", "lanh_dao", name="Lê Văn C", password=PASSWORD)
    store.close()
    yield from serve_store(tmp_path, monkeypatch)


def sign_in(at, login: str, password: str):
    at.text_input(key="sign_in_login").input(login)
    at.text_input(key="sign_in_password").input(password)
    next(b for b in at.button if b.label == "Đăng nhập").click().run()
    assert not at.exception, at.exception
    return at


def test_deep_link_without_sign_in_shows_only_the_form(signed_store):
    at = open_page("pages/overview.py", nam="2023", tinh="Quảng Ngãi")
    labels = [w.label for w in at.text_input]
    assert labels == ["Tên đăng nhập", "Mật khẩu"]
    assert not at.metric and not at.dataframe
    text = shown_text(at)
    assert "Đăng nhập" in text and "600" not in text and "Ban Dân tộc" not in text


def test_wrong_password_is_refused(signed_store):
    at = sign_in(open_page("pages/overview.py"), "bdt", "sai-mat-khau-roi")
    assert "Sai tên đăng nhập hoặc mật khẩu" in at.error[0].value
    assert not at.metric


def test_agency_user_sees_only_its_own_agency(signed_store):
    at = sign_in(open_page("pages/overview.py", nam="2023"), "bdt", PASSWORD)
    sidebar = "\n".join(m.value for m in at.sidebar.markdown)
    assert "Nguyễn Văn A" in sidebar and "Cán bộ đơn vị" in sidebar
    assert "chỉ hiện số liệu của Ban Dân tộc tỉnh Quảng Ngãi" in shown_text(at)
    at.switch_page("pages/budget.py").run()
    assert not at.exception, at.exception
    disbursed = [
        value
        for d in at.dataframe
        if "Đã giải ngân (triệu đồng)" in d.value.columns
        for value in d.value["Đã giải ngân (triệu đồng)"].dropna().tolist()
    ]
    assert 3.402 in disbursed  # its own line: 3,402 triệu đồng disbursed of 100 triệu
    every_table = " ".join(d.value.to_string() for d in at.dataframe)
    assert "minh hoạ" not in every_table and "Bắc Giang" not in every_table
    province_choices = next(s for s in at.sidebar.selectbox if s.label == "Tỉnh").options
    assert province_choices == ["Tất cả", "Quảng Ngãi"]


def test_leader_sees_all_and_cannot_upload(signed_store):
    at = sign_in(open_page("pages/overview.py", nam="2023"), "lanhdao", PASSWORD)
    at.switch_page("pages/budget.py").run()
    provinces = next(s for s in at.sidebar.selectbox if s.label == "Tỉnh").options
    assert {"Quảng Ngãi", "Tỉnh Minh Hoạ"} <= set(provinces)
    assert any("Bắc Giang" in p for p in provinces)  # today under Bắc Ninh: "↳ Bắc Giang (cũ, …)" (issue 15)
    at.switch_page("pages/upload.py").run()
    assert "chỉ xem số liệu, không nộp" in at.info[0].value
    assert not at.get("file_uploader")


def test_open_mode_banner_when_no_account(app_env):
    at = open_page("pages/overview.py", nam="2023")
    assert any("Chế độ mở" in w.value for w in at.warning)


def test_reset_password_forces_a_change_first(signed_store):
    store = Store.open(f"sqlite:///{signed_store / 'cds.sqlite3'}")
    temporary = accounts.reset_password(store, "bdt")
    store.close()
    at = sign_in(open_page("pages/overview.py"), "bdt", temporary)
    assert at.title[0].value == "Đổi mật khẩu" and not at.metric
    new = "Mat-khau-moi-cua-toi-2024"
    fields = [w for w in at.text_input if w.label in ("Mật khẩu mới", "Nhập lại mật khẩu mới")]
    for field in fields:
        field.input(new)
    next(b for b in at.button if b.label == "Đổi mật khẩu").click().run()
    assert not at.exception, at.exception
    assert at.metric  # the overview's figures, now that the password is the user's own
    store = Store.open(f"sqlite:///{signed_store / 'cds.sqlite3'}")
    assert accounts.authenticate(store, "bdt", new).status == "ok"
    store.close()
