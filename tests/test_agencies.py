"""The agency list and its e-mails: `python -m admin agencies list|import` and the editor on Tình hình nộp báo cáo."""

from __future__ import annotations

import hashlib
import json

import pytest

from store import Principal, ScopedStore, Store, accounts
from tests.page_env import copy_store, serve_store
from tests.pages_helpers import open_page
from tests.test_accounts import PASSWORD, admin, registry  # noqa: F401 - the fixture
from tests.test_sign_in import sign_in

HEADER = "code,name,province,agency_group,expected_to_report,email\n"


def lines(done) -> list[dict]:
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def digest(db_file) -> str:
    Store.open(f"sqlite:///{db_file}").close()  # checkpoint: the file alone holds the database
    return hashlib.sha256(db_file.read_bytes()).hexdigest()


def test_import_then_list_shows_the_email(registry, tmp_path):  # noqa: F811
    url, _ = registry
    csv_file = tmp_path / "don-vi.csv"
    # Excel in a Vietnamese locale: BOM and semicolons; "có" and an empty cell both mean "must report".
    csv_file.write_text(
        HEADER.replace(",", ";")
        + "QNG-BDT;Ban Dân tộc tỉnh Quảng Ngãi;Quảng Ngãi;có TTHC;có;bdt@quangngai.gov.vn\n"
        + "QNG-STTTT;Sở Thông tin và Truyền thông;tỉnh Quảng Ngãi;có TTHC;;stttt@quangngai.gov.vn\n"
        + "QNG-BQL;Ban Quản lý dự án;Quảng Ngãi;không có TTHC;không;\n",
        encoding="utf-8-sig",
    )
    done = admin(url, "agencies", "import", str(csv_file))
    assert done.returncode == 0, done.stdout + done.stderr
    assert [(r["row"], r["code"]) for r in lines(done)] == [(2, "QNG-BDT"), (3, "QNG-STTTT"), (4, "QNG-BQL")]

    listed = admin(url, "agencies", "list", "--province", "Quảng Ngãi")
    assert listed.returncode == 0, listed.stderr
    by_code = {r["code"]: r for r in lines(listed)}
    assert set(by_code) == {"QNG-BDT", "QNG-STTTT", "QNG-BQL"}
    assert by_code["QNG-BDT"]["email"] == "bdt@quangngai.gov.vn"
    assert by_code["QNG-STTTT"] == {
        "code": "QNG-STTTT",
        "name": "Sở Thông tin và Truyền thông",
        "province": "Quảng Ngãi",  # "tỉnh Quảng Ngãi" as the registry names it, so the analyst's scope matches
        "agency_group": "có TTHC",
        "expected_to_report": True,
        "email": "stttt@quangngai.gov.vn",
    }
    assert by_code["QNG-BQL"]["expected_to_report"] is False and by_code["QNG-BQL"]["email"] is None
    everyone = {r["code"] for r in lines(admin(url, "agencies", "list"))}
    assert "BGG-BDT" in everyone and "MH-SNV" in everyone


def test_bad_email_names_row_and_column_and_changes_nothing(registry, tmp_path):  # noqa: F811
    url, db_file = registry
    before = digest(db_file)
    csv_file = tmp_path / "don-vi.csv"
    csv_file.write_text(
        HEADER
        + "QNG-BDT,Ban Dân tộc tỉnh Quảng Ngãi,Quảng Ngãi,có TTHC,1,bdt@quangngai.gov.vn\n"
        + "QNG-SYT,Sở Y tế,Quảng Ngãi,có TTHC,1,syt.quangngai.gov.vn\n",
        encoding="utf-8",
    )
    done = admin(url, "agencies", "import", str(csv_file))
    assert done.returncode == 1, done.stdout + done.stderr
    (out,) = lines(done)
    assert out["ok"] is False
    (error,) = out["errors"]
    assert (error["code"], error["row"], error["column"]) == ("agency-bad-email", 3, "email")
    assert error["message"].startswith("don-vi.csv, dòng 3, cột email: Thư điện tử «syt.quangngai.gov.vn» không hợp lệ")
    assert digest(db_file) == before  # the good first row was not stored either


def test_every_bad_row_is_reported_at_once(registry, tmp_path):  # noqa: F811
    url, db_file = registry
    before = digest(db_file)
    csv_file = tmp_path / "don-vi.csv"
    csv_file.write_text(
        HEADER
        + "QNG-A,,Quảng Ngãi,,1,\nQNG-A,Sở B,Xứ Sở Thần Tiên,,có lẽ,\n"
        + f"QNG-C,{'Sở ' * 200},Quảng Ngãi,,1,\n",
        encoding="utf-8",
    )
    done = admin(url, "agencies", "import", str(csv_file))
    assert done.returncode == 1
    found = {(e["row"], e["column"], e["code"]) for e in lines(done)[0]["errors"]}
    assert found == {
        (2, "name", "agency-field-required"),
        (3, "code", "agency-duplicate-code"),
        (3, "province", "agency-unknown-province"),
        (3, "expected_to_report", "agency-bad-expected"),
        (4, "name", "agency-field-too-long"),  # a pasted paragraph is not a name (600 characters, limit 300)
    }
    assert digest(db_file) == before


def test_analyst_of_quang_ngai_cannot_import_a_bac_giang_row(registry, tmp_path):  # noqa: F811
    url, db_file = registry
    store = Store.open(url)
    accounts.add_user(store, "cv-qng", "chuyen_vien", province="Quảng Ngãi", name="Trần Thị B", password=PASSWORD)
    store.close()
    before = digest(db_file)
    csv_file = tmp_path / "don-vi.csv"
    csv_file.write_text(
        HEADER
        + "QNG-BDT,Ban Dân tộc tỉnh Quảng Ngãi,Quảng Ngãi,có TTHC,1,bdt@quangngai.gov.vn\n"
        + "BGG-BDT,Ban Dân tộc tỉnh Bắc Giang,Bắc Giang,có TTHC,1,bdt@bacgiang.gov.vn\n",
        encoding="utf-8",
    )
    done = admin(url, "agencies", "import", str(csv_file), "--as", "cv-qng")
    assert done.returncode == 1, done.stdout + done.stderr
    (out,) = lines(done)
    assert [e["code"] for e in out["errors"]] == ["forbidden"]
    assert "BGG-BDT" in out["errors"][0]["message"] and "không được sửa" in out["errors"][0]["message"]
    assert digest(db_file) == before

    own = tmp_path / "quang-ngai.csv"
    own.write_text(HEADER + "QNG-BDT,Ban Dân tộc tỉnh Quảng Ngãi,Quảng Ngãi,có TTHC,1,bdt@quangngai.gov.vn\n")
    assert admin(url, "agencies", "import", str(own), "--as", "cv-qng").returncode == 0
    mine = lines(admin(url, "agencies", "list", "--as", "cv-qng"))
    assert [(r["code"], r["email"]) for r in mine] == [("QNG-BDT", "bdt@quangngai.gov.vn")]  # its scope only


def test_unreadable_file_and_missing_account_are_usage_errors(registry, tmp_path):  # noqa: F811
    url, db_file = registry
    before = digest(db_file)
    utf16 = tmp_path / "utf16.csv"  # "Unicode text" as Excel saves it: not UTF-8
    utf16.write_bytes((HEADER + "QNG-X,Sở Xây dựng,Quảng Ngãi,,1,\n").encode("utf-16"))
    done = admin(url, "agencies", "import", str(utf16))
    assert done.returncode == 2 and "UTF-8" in done.stderr
    assert admin(url, "agencies", "import", str(tmp_path / "khong-co.csv")).returncode == 2
    good = tmp_path / "ok.csv"
    good.write_text(HEADER + "QNG-X,Sở Xây dựng,Quảng Ngãi,,1,\n")
    refused = admin(url, "agencies", "import", str(good), "--as", "khong-ai")
    assert refused.returncode == 2 and lines(refused)[0]["errors"][0]["code"] == "unknown-user"
    assert digest(db_file) == before


# --- the page ------------------------------------------------------------------------------------------------------


def signed_in_cycle_page(data_dir, role: str):
    """Tình hình nộp báo cáo for the illustrative province, as a new account of `role`, signed in through the form."""
    store = Store.open(f"sqlite:///{data_dir / 'cds.sqlite3'}")
    accounts.add_user(store, role, role, province="Tỉnh Minh Hoạ", name=f"Người dùng {role}", password=PASSWORD)
    store.close()
    at = sign_in(open_page("pages/overview.py", nam="2024", tinh="Tỉnh Minh Hoạ"), role, PASSWORD)
    at.switch_page("pages/cycle.py").run()
    assert not at.exception, at.exception
    if role != "lanh_dao":
        assert not at.data_editor  # closed, the editor is not built
        at.session_state["cycle_agencies_open"] = True  # the analyst opens "Danh sách đơn vị phải báo cáo"
        at.run()
    return at


def stored_agency(data_dir, code: str) -> dict:
    store = Store.open(f"sqlite:///{data_dir / 'cds.sqlite3'}")
    frame = ScopedStore(store, Principal("ld", "x", "lanh_dao")).agencies_frame()
    store.close()
    return frame.set_index("code").loc[code].to_dict()


@pytest.fixture
def page_dir(seeded_data_dir, tmp_path, monkeypatch):
    """A private copy of the seeded store, served to AppTest (these tests write to it)."""
    yield from serve_store(copy_store(seeded_data_dir, tmp_path), monkeypatch)


def test_analyst_edits_an_email_on_the_cycle_page(page_dir):
    data_dir = page_dir
    at = signed_in_cycle_page(data_dir, "chuyen_vien")
    assert any(e.label == "Danh sách đơn vị phải báo cáo" for e in at.expander)
    (editor,) = at.data_editor
    shown = editor.value
    assert set(shown["province"]) == {"Tỉnh Minh Hoạ"} and len(shown) == 24
    assert shown["email"].notna().all()  # a missing e-mail is an empty cell, not the word "None" the editor draws
    row = shown.index[shown["code"] == "MH-SNV"][0]
    at.session_state["agencies_editor"] = {
        "edited_rows": {int(row): {"email": "snv@minh-hoa.example.test"}},
        "added_rows": [{"code": "MH-SMOI", "name": "Sở Mới (minh hoạ)", "email": "smoi@minh-hoa.example.test"}],
        "deleted_rows": [],
    }
    at.button(key="agencies_save").click().run()
    assert not at.exception, at.exception
    assert "Đã lưu danh sách đơn vị: 2 đơn vị" in at.success[0].value
    assert stored_agency(data_dir, "MH-SNV")["email"] == "snv@minh-hoa.example.test"
    added = stored_agency(data_dir, "MH-SMOI")
    assert (added["province"], added["email"], bool(added["expected_to_report"])) == (
        "Tỉnh Minh Hoạ",  # a new row without a province takes the analyst's
        "smoi@minh-hoa.example.test",
        True,
    )
    after = at.data_editor[0].value
    assert len(after) == 25 and after.set_index("code").loc["MH-SNV", "email"] == "snv@minh-hoa.example.test"


def test_bad_email_on_the_page_is_refused_naming_row_and_column(page_dir):
    data_dir = page_dir
    at = signed_in_cycle_page(data_dir, "chuyen_vien")
    before = stored_agency(data_dir, "MH-SNV")["email"]
    shown = at.data_editor[0].value
    row = int(shown.index[shown["code"] == "MH-SNV"][0])
    at.session_state["agencies_editor"] = {
        "edited_rows": {row: {"email": "snv-khong-co-a-cong"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="agencies_save").click().run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert "Chưa lưu: danh sách có 1 lỗi" in errors[0]
    assert errors[1].startswith(
        f"Dòng {row + 1}, cột «Thư điện tử liên hệ»: Thư điện tử «snv-khong-co-a-cong» không hợp lệ"
    )
    assert stored_agency(data_dir, "MH-SNV")["email"] == before


def test_leader_does_not_see_the_editor(page_dir):
    data_dir = page_dir
    at = signed_in_cycle_page(data_dir, "lanh_dao")
    assert at.metric  # the leader's view is drawn...
    assert not at.data_editor and not any(e.label == "Danh sách đơn vị phải báo cáo" for e in at.expander)
    assert not [b for b in at.button if b.label == "Lưu danh sách đơn vị"]
