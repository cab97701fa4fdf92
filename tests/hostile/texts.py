"""Hostile texts an agency can put in a name, a cell or a URL, and a submission carrying them everywhere.

Every string is valid data (stored exactly as written) that must be shown as text: tests/test_hostile_pages.py
feeds them through every page and chart in headless Chromium and asserts the DOM holds no link, image,
style, formula or navigation made from them.
"""

from __future__ import annotations

from dataclasses import replace

from domain import Difficulty, Submission
from loaders.real_reports import QUANG_NGAI

EVIL = "evil.example"
LINK = f"[ph](http://{EVIL}/link)"
IMAGE = f"![x](http://{EVIL}/img.png)"
ANCHOR = f'<a href="http://{EVIL}/a" target="_self">neo</a>'
STYLE = '<span style="font-size:80px">to</span>'
DIRECTIVES = ":red[đỏ] :material/home: $\\Huge K$"
BARE = f"http://{EVIL}/bare www.{EVIL} mail@{EVIL}"
RTL = "\u202e2023/11/30\u202c"
# One string with all of them: every field below carries it after a readable, distinct prefix.
ALL = " ".join((LINK, IMAGE, ANCHOR, STYLE, DIRECTIVES, BARE, RTL))

PROVINCE = f"Tỉnh Độc {ALL}"
AGENCY_CODE = "DOC-HAI"


def hostile_submission() -> Submission:
    """The Quảng Ngãi 2023 report with the hostile string in every text an agency writes."""
    base = QUANG_NGAI
    return replace(
        base,
        agency=f"Sở Độc hại {ALL}",
        agency_code=AGENCY_CODE,
        province=PROVINCE,
        requested_by=f"Văn bản {ALL}",
        budget_lines=tuple(
            # A slow line (10 % disbursed of a full target) so the behind-schedule list shows its task.
            replace(line, task=f"Nhiệm vụ {n} {ALL}", disbursed_vnd=line.allocated_vnd // 10, expected_pct=100)
            for n, line in enumerate(base.budget_lines, start=1)
        ),
        requests=tuple(replace(r, task=f"Đề xuất {ALL}", category=f"Nhóm {ALL}") for r in base.requests),
        difficulties=(Difficulty("khó khăn", f"Khó khăn {ALL}"), Difficulty("kiến nghị", f"Kiến nghị {ALL}")),
    )
