"""The reporting cycle: period, on time / late, approve -> locked -> reopen -> new version, return needs a reason.

The command lines are run as scripts would (`python -m admin ...`, `python -m loaders import ...`).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from store import Store, accounts, cycle
from store import database as store_module
from tests.conftest import ROOT, SAMPLE_DIR

QNG = SAMPLE_DIR / "quang-ngai_ban-dan-toc_2023.xlsx"
REF = "1234/STTTT-CĐS ngày 15/11/2023"
DEADLINE = date(2023, 12, 15)


def run(url: str, *args: str) -> tuple[int, list[dict], str]:
    done = subprocess.run(
        [sys.executable, "-m", *args, "--database-url", url], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    return done.returncode, [json.loads(x) for x in done.stdout.splitlines() if x.strip()], done.stderr


@pytest.fixture
def cycle_store(tmp_path):
    """Registry of the samples; a 2023 period for the illustrative province with a deadline in the past."""
    from intake import samples

    url = f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    store = Store.open(url)
    store.upsert_agencies(samples.read_agencies())
    accounts.add_user(store, "cv", "chuyen_vien", province="Tỉnh Minh Hoạ", name="Trần Thị B", password="x" * 12)
    accounts.add_user(store, "cvqng", "chuyen_vien", province="Quảng Ngãi", name="Phạm Văn D", password="x" * 12)
    accounts.add_user(store, "bdt", "don_vi", agency_code="QNG-BDT", name="Nguyễn Văn A", password="x" * 12)
    store.close()
    return url, tmp_path / "cds.sqlite3"


def add_period(url: str, province: str, login: str, *extra: str) -> tuple[int, list[dict], str]:
    return run(url, "admin", "period", "add", "--year", "2023", "--deadline", "2023-12-15", "--ref", REF,
               "--province", province, "--as", login, *extra)  # fmt: skip


def import_at(url: str, path, moment: datetime, monkeypatch) -> None:
    """Import in-process with the store's clock set to moment (an upload made before the deadline)."""
    from intake.importer import import_files
    from store import OPEN

    monkeypatch.setattr(store_module, "_now", lambda: moment)
    store = Store.open(url)
    lines = import_files([(path.name, path.read_bytes())], uploaded_by="X", store=store, principal=OPEN)
    store.close()
    monkeypatch.undo()
    assert lines[0]["ok"], lines


def test_on_time_late_and_not_reported(cycle_store, monkeypatch):
    url, _ = cycle_store
    code, lines, err = add_period(url, "Tỉnh Minh Hoạ", "cv")
    assert code == 0 and lines[0]["ref"] == REF, err
    import_at(url, SAMPLE_DIR / "minh-hoa_MH-SYT_2023.xlsx", datetime(2023, 12, 10, 3, tzinfo=UTC), monkeypatch)
    code, lines, err = run(url, "loaders", "import", str(SAMPLE_DIR / "minh-hoa_MH-SNV_2023.xlsx"), "--as", "cv")
    assert code == 0, err
    code, lines, err = run(url, "admin", "status", "--year", "2023", "--province", "Tỉnh Minh Hoạ", "--as", "cv")
    assert code == 0, err
    by_code = {line["agency_code"]: line for line in lines}
    assert set(lines[0]) == {
        "agency_code",
        "agency",
        "state",
        "on_time",
        "days_late",
        "first_submitted_at",
        "current_version",
    }
    today = datetime.now(cycle.LOCAL_TZ).date()
    assert by_code["MH-SNV"]["state"] == "da_nop" and by_code["MH-SNV"]["on_time"] is False
    assert by_code["MH-SNV"]["days_late"] == (today - DEADLINE).days
    assert (by_code["MH-SYT"]["on_time"], by_code["MH-SYT"]["days_late"]) == (True, 0)
    assert by_code["MH-SYT"]["first_submitted_at"].startswith("2023-12-10")
    assert by_code["MH-VP"]["state"] == "chua_nop" and by_code["MH-VP"]["current_version"] is None
    assert "QNG-BDT" not in by_code  # another province
    assert len(lines) == 24  # the illustrative province's 24 expected agencies (sample_data/agencies.csv)


def test_approve_locks_reopen_unlocks_and_every_transition_is_recorded(cycle_store):
    url, db_file = cycle_store
    assert run(url, "loaders", "import", str(QNG), "--as", "bdt")[0] == 0
    code, lines, _ = run(url, "admin", "approve", "QNG-BDT", "2023", "--as", "bdt")
    assert code == 1 and lines[0]["errors"][0]["code"] == "forbidden"  # agency staff may not approve
    code, lines, _ = run(url, "admin", "approve", "QNG-BDT", "2023", "--as", "cv")
    assert code == 1 and lines[0]["errors"][0]["code"] == "forbidden"  # another province's analyst
    code, lines, _ = run(url, "admin", "approve", "QNG-BDT", "2023", "--as", "cvqng")
    assert code == 0 and lines[0]["state"] == "da_duyet"

    Store.open(url).close()  # checkpoint the WAL: the file alone holds the database
    before = hashlib.sha256(db_file.read_bytes()).hexdigest()
    changed = db_file.parent / "qng-v2.xlsx"
    changed.write_bytes(QNG.read_bytes() + b"")  # same content: still refused as locked, not "already stored"
    code, lines, _ = run(url, "loaders", "import", str(changed), "--as", "bdt")
    assert code == 1 and [e["code"] for e in lines[0]["errors"]] == ["locked"]
    assert "mở lại" in lines[0]["errors"][0]["message"]
    assert hashlib.sha256(db_file.read_bytes()).hexdigest() == before

    code, lines, _ = run(url, "admin", "reopen", "QNG-BDT", "2023", "--as", "cvqng")
    assert code == 1 and lines[0]["errors"][0]["code"] == "reason-required"
    code, lines, _ = run(url, "admin", "reopen", "QNG-BDT", "2023", "--as", "cvqng", "--reason", "Sửa số giải ngân")
    assert code == 0 and lines[0]["state"] == "da_nop"
    from loaders.real_reports import QUANG_NGAI
    from loaders.template import write_workbook

    changed.write_bytes(write_workbook(replace(QUANG_NGAI, prepared_by="Người lập khác")))  # other bytes: a new version
    code, lines, err = run(url, "loaders", "import", str(changed), "--as", "bdt")
    assert code == 0 and lines[0]["version"] == 2, (lines, err)

    code, lines, _ = run(url, "admin", "return", "QNG-BDT", "2023", "--as", "cvqng")
    assert code == 1 and lines[0]["errors"][0]["code"] == "reason-required"
    code, lines, _ = run(url, "admin", "return", "QNG-BDT", "2023", "--as", "cvqng", "--reason", "Thiếu chỉ số DTI")
    assert code == 0 and lines[0]["state"] == "tra_lai"

    store = Store.open(url)
    audit = store.audit_frame()
    moves = audit[audit["action"].isin(["approve", "reopen", "return"])].iloc[::-1]
    assert moves["action"].tolist() == ["approve", "reopen", "return"]
    assert set(moves["actor_login"]) == {"cvqng"} and set(moves["actor"]) == {"Phạm Văn D"}
    reasons = [json.loads(d)["reason"] for d in moves["detail"]]
    assert reasons == [None, "Sửa số giải ngân", "Thiếu chỉ số DTI"]
    frame = cycle.status_frame(store, 2023, frozenset({"QNG-BDT"}), None)
    assert (frame.loc[0, "state"], frame.loc[0, "reason"], frame.loc[0, "reason_version"]) == (
        "tra_lai",
        "Thiếu chỉ số DTI",
        2,
    )
    store.close()


def test_lock_after_days_refuses_uploads_past_the_lock(cycle_store):
    url, _ = cycle_store
    add_period(url, "Quảng Ngãi", "cvqng", "--lock-after-days", "10")
    code, lines, _ = run(url, "loaders", "import", str(QNG), "--as", "bdt")
    assert code == 1 and lines[0]["errors"][0]["code"] == "locked"
    assert "quá hạn khoá sổ" in lines[0]["errors"][0]["message"]
