"""Reminder e-mails to the agencies that have not reported, citing the Sở's công văn and its deadline.

Sent only when an SMTP server is configured (CDS_SMTP_HOST, CDS_SMTP_PORT, CDS_SMTP_FROM; optional
CDS_SMTP_USER / CDS_SMTP_PASSWORD and CDS_SMTP_STARTTLS=1). The password is read from the environment and
never logged. tests/test_reminders.py sends to a real local SMTP server (aiosmtpd).
"""

from __future__ import annotations

import os
import smtplib
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage

import formatting as fmt

SUBJECT = "Đề nghị gửi báo cáo chuyển đổi số năm {year} (Công văn số {ref})"
BODY = """Kính gửi: {agency}

Thực hiện Công văn số {ref} về việc báo cáo kết quả thực hiện nhiệm vụ chuyển đổi số năm {year},
đến nay cơ quan, đơn vị chưa gửi báo cáo. Thời hạn gửi báo cáo là ngày {deadline}{late}.

Đề nghị cơ quan, đơn vị hoàn thành báo cáo theo biểu mẫu và nộp trên hệ thống theo dõi chuyển đổi số
(trang "Nộp báo cáo") trong thời gian sớm nhất.

Đây là thư tự động từ hệ thống theo dõi kinh phí chuyển đổi số; xin không trả lời thư này.
"""
LATE = " (đã quá hạn {days} ngày)"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)  # never in a repr, a log line or a traceback
    starttls: bool = False


@dataclass
class Sent:
    sent: list[tuple[str, str]] = field(default_factory=list)  # (agency code, address)
    no_address: list[str] = field(default_factory=list)  # agency codes without a contact e-mail
    failed: list[tuple[str, str]] = field(default_factory=list)  # (agency code, reason)


def smtp_settings() -> SmtpSettings | None:
    """The SMTP server from the environment; None when none is configured (the page then shows no button)."""
    host = os.environ.get("CDS_SMTP_HOST", "").strip()
    sender = os.environ.get("CDS_SMTP_FROM", "").strip()
    if not host or not sender:
        return None
    return SmtpSettings(
        host=host,
        port=int(os.environ.get("CDS_SMTP_PORT", "25") or 25),
        sender=sender,
        user=os.environ.get("CDS_SMTP_USER") or None,
        password=os.environ.get("CDS_SMTP_PASSWORD") or None,
        starttls=os.environ.get("CDS_SMTP_STARTTLS", "") == "1",
    )


def reminder(agency: str, to: str, sender: str, year: int, ref: str, deadline: date, today: date) -> EmailMessage:
    """The Vietnamese reminder for one agency."""
    message = EmailMessage()
    message["Subject"] = SUBJECT.format(year=year, ref=ref)
    message["From"] = sender
    message["To"] = to
    days = (today - deadline).days
    late = LATE.format(days=days) if days > 0 else ""
    message.set_content(BODY.format(agency=agency, ref=ref, year=year, deadline=fmt.day(deadline), late=late))
    return message


def send_reminders(settings: SmtpSettings, not_reported, year: int, ref: str, deadline: date, today: date) -> Sent:
    """One e-mail per agency of not_reported (rows with agency_code, agency, email) that has an address."""
    outcome = Sent()
    with smtplib.SMTP(settings.host, settings.port, timeout=30) as smtp:
        if settings.starttls:
            smtp.starttls()
        if settings.user and settings.password:
            smtp.login(settings.user, settings.password)
        for row in not_reported.itertuples():
            address = str(row.email or "").strip() if isinstance(row.email, str) else ""
            if not address:
                outcome.no_address.append(row.agency_code)
                continue
            try:
                smtp.send_message(reminder(row.agency, address, settings.sender, year, ref, deadline, today))
            except smtplib.SMTPException as exc:
                outcome.failed.append((row.agency_code, type(exc).__name__))
                continue
            outcome.sent.append((row.agency_code, address))
    return outcome
