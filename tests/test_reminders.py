"""Reminder e-mails reach a real local SMTP server (aiosmtpd) for exactly the agencies that have not reported."""

from __future__ import annotations

import email
import email.policy

import pytest
from aiosmtpd.controller import Controller

from store import Store
from tests.browser import free_port
from tests.pages_helpers import open_page
from tests.test_cycle_page import cycle_page_store  # noqa: F401 - the fixture
from ui.upload_tables import audit_detail


class Inbox:
    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's handler name
        self.messages.append(
            (envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=email.policy.default))
        )
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


def test_reminders_go_only_to_agencies_that_have_not_reported(cycle_page_store, smtp_server, monkeypatch):  # noqa: F811
    port, inbox = smtp_server
    store = Store.open(f"sqlite:///{cycle_page_store / 'cds.sqlite3'}")
    registry = store.agencies_frame()
    minh_hoa = registry[registry["province"] == "Tỉnh Minh Hoạ"]
    # Illustrative contact addresses (example.test) for every agency of the illustrative province.
    rows = [
        {**r, "email": f"{r['code'].lower()}@minh-hoa.example.test"}
        for r in minh_hoa[["code", "name", "province", "agency_group", "expected_to_report"]].to_dict("records")
    ]
    store.upsert_agencies(rows)
    store.close()
    monkeypatch.setenv("CDS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CDS_SMTP_PORT", str(port))
    monkeypatch.setenv("CDS_SMTP_FROM", "so-tttt@minh-hoa.example.test")

    at = open_page("pages/cycle.py", nam="2024", tinh="Tỉnh Minh Hoạ")
    missing = next(d.value for d in at.dataframe if "Thư điện tử liên hệ" in d.value.columns)
    expected = set(missing["Thư điện tử liên hệ"])
    assert len(expected) == 4
    next(b for b in at.button if b.label.startswith("Gửi thư nhắc")).click().run()
    assert not at.exception, at.exception
    assert "Đã gửi 4 thư nhắc" in at.success[0].value

    received = {to for tos, _ in inbox.messages for to in tos}
    assert received == expected  # exactly the four that have not reported, nobody else
    # Who chased whom is kept: one audit entry per agency reminded, with its address and the công văn.
    store = Store.open(f"sqlite:///{cycle_page_store / 'cds.sqlite3'}")
    audit = store.audit_frame(50)
    store.close()
    reminded = audit[audit["action"] == "reminder"]
    assert set(reminded["agency_code"]) == set(missing_codes(missing, rows)) and set(reminded["year"]) == {2024}
    worded = {audit_detail(d) for d in reminded["detail"]}
    assert worded == {f"Thư nhắc gửi tới {to} (công văn 1234/STTTT-CĐS ngày 15/11/2024)" for to in expected}
    first = inbox.messages[0][1]
    assert first["Subject"] == "Đề nghị gửi báo cáo chuyển đổi số năm 2024 (Công văn số 1234/STTTT-CĐS ngày 15/11/2024)"
    body = first.get_content()
    assert "Công văn số 1234/STTTT-CĐS ngày 15/11/2024" in body and "ngày 15/12/2024" in body
    assert "Kính gửi:" in body and "(minh hoạ)" in body


def missing_codes(missing, rows) -> list[str]:
    """The agency codes behind the not-reported table's e-mail addresses."""
    by_email = {r["email"]: r["code"] for r in rows}
    return [by_email[e] for e in missing["Thư điện tử liên hệ"]]
