"""Accounts: `python -m admin user ...`, Argon2 hashes, lockout, audit of every sign-in, and `loaders import --as`."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import timedelta

import pytest

from store import Store, accounts
from tests.conftest import ROOT, SAMPLE_DIR

PASSWORD = "Mat-khau-rat-bi-mat-2023"  # the clear password the grep below must never find


def admin(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "admin", *args, "--database-url", url],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture
def registry(tmp_path):
    """A store with the sample registry (Quảng Ngãi's and Bắc Giang's Ban Dân tộc among others), no submission."""
    from intake import samples

    url = f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    store = Store.open(url)
    store.upsert_agencies(samples.read_agencies())
    store.close()
    return url, tmp_path / "cds.sqlite3"


def test_admin_user_commands(registry):
    url, _ = registry
    added = admin(
        url,
        "user",
        "add",
        "bdt",
        "--role",
        "don_vi",
        "--agency",
        "QNG-BDT",
        "--name",
        "Nguyễn Văn A",
        "--email",
        "A@Example.vn",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["province"] == "Quảng Ngãi"  # the agency's province, from the registry
    for bad, says in (
        (["x", "--role", "vua"], "vai trò «vua» không có"),
        (["y", "--role", "don_vi", "--agency", "KHONG-CO"], "mã đơn vị «KHONG-CO» không có trong danh mục"),
        (["bdt", "--role", "lanh_dao"], "tên đăng nhập «bdt» đã có"),
    ):
        refused = admin(url, "user", "add", *bad)
        assert refused.returncode == 1 and says in refused.stderr, refused.stderr
    listed = [json.loads(line) for line in admin(url, "user", "list").stdout.splitlines()]
    assert [(u["login"], u["role"], u["email"]) for u in listed] == [("bdt", "don_vi", "a@example.vn")]
    assert not any("hash" in key or "password" == key for key in listed[0])
    reset = json.loads(admin(url, "user", "reset-password", "bdt").stdout)
    store = Store.open(url)
    assert accounts.authenticate(store, "bdt", reset["temporary_password"]).user.must_change_password
    assert admin(url, "user", "disable", "bdt").returncode == 0
    assert accounts.authenticate(store, "bdt", reset["temporary_password"]).status == "wrong"
    actions = store.audit_frame()["action"].tolist()
    assert {"user-add", "user-reset-password", "user-disable", "sign-in", "sign-in-failed"} <= set(actions)
    store.close()


def test_ten_wrong_passwords_lock_and_the_eleventh_right_one_is_refused(registry):
    url, db_file = registry
    store = Store.open(url)
    accounts.add_user(store, "cv", "chuyen_vien", province="Quảng Ngãi", name="Trần Thị B", password=PASSWORD)
    for attempt in range(1, 11):
        outcome = accounts.authenticate(store, "cv", f"sai-{attempt}-{PASSWORD}")
        assert outcome.status == ("locked" if attempt == 10 else "wrong")
    assert accounts.authenticate(store, "cv", PASSWORD).status == "locked"  # the 11th, right password: refused
    locked_until = accounts.get_user(store, "cv").locked_until
    assert accounts.authenticate(store, "cv", PASSWORD, now=locked_until + timedelta(seconds=1)).status == "ok"
    audit = store.audit_frame()
    mine = audit[audit["actor_login"] == "cv"]
    assert mine["action"].value_counts().to_dict() == {
        "sign-in-failed": 10,
        "lockout": 1,
        "sign-in-locked": 1,
        "sign-in": 1,
    }
    assert set(mine["actor"]) == {"Trần Thị B"}  # login and display name on every entry
    store.close()
    # Never in clear: not in the database file (WAL included), not in the audit details.
    for path in db_file.parent.glob("cds.sqlite3*"):
        raw = path.read_bytes()
        assert PASSWORD.encode() not in raw and b"sai-1-" not in raw, path
    assert b"$argon2id$" in db_file.read_bytes() or b"$argon2id$" in (db_file.parent / "cds.sqlite3-wal").read_bytes()


def test_import_as_agency_user_of_another_agency_is_forbidden_and_changes_nothing(registry):
    url, db_file = registry
    store = Store.open(url)
    accounts.add_user(store, "bdt", "don_vi", agency_code="QNG-BDT", name="Nguyễn Văn A", password=PASSWORD)
    store.close()
    Store.open(url).close()  # checkpoint: the file alone holds the database
    before = hashlib.sha256(db_file.read_bytes()).hexdigest()
    other = SAMPLE_DIR / "bac-giang_ban-dan-toc_2023.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "import", str(other), "--as", "bdt", "--database-url", url],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    line = json.loads(done.stdout)
    assert line["ok"] is False and [e["code"] for e in line["errors"]] == ["forbidden"]
    assert "không có quyền" in line["errors"][0]["message"]
    assert hashlib.sha256(db_file.read_bytes()).hexdigest() == before
    own = subprocess.run(
        [
            sys.executable,
            "-m",
            "loaders",
            "import",
            str(SAMPLE_DIR / "quang-ngai_ban-dan-toc_2023.xlsx"),
            "--as",
            "bdt",
            "--database-url",
            url,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert own.returncode == 0 and json.loads(own.stdout)["version"] == 1
    by_name = subprocess.run(
        [sys.executable, "-m", "loaders", "import", str(other), "--by", "Ai đó", "--database-url", url],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert by_name.returncode == 2 and "--as" in by_name.stderr  # accounts exist: a typed name is not enough
    store = Store.open(url)
    versions = store.versions("QNG-BDT", 2023)
    assert versions[["uploaded_by", "uploaded_by_login"]].values.tolist() == [["Nguyễn Văn A", "bdt"]]
    store.close()
