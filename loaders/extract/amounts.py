"""Every amount in đồng a narrative text states, with its role and the task it pays for (issue 18).

Reports written by others (news, decisions, five-year summaries) have no "a) Kinh phí ..." sections, so the
walk in engine.py finds nothing in them. Here each sentence is read on its own: rules.MONEY finds the figure,
loaders/numbers.py (through rules.money_vnd) turns it into đồng, the nearest role word before it says whether it
was allocated, disbursed or requested, and the phrase around it names the task.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from ..numbers import money_unit, read_decimal
from . import rules as R
from .model import Block

Role = Literal["allocated", "disbursed", "requested"]


@dataclass(frozen=True)
class Amount:
    """One money figure as written: `block.text[start:end]` is the figure and its unit."""

    vnd: int
    role: Role
    task: str
    block: Block
    start: int
    end: int
    approx: bool = False  # "hơn 22 tỷ", "khoảng 600 triệu": the text gives a rounded figure
    total: bool = False  # a table's "Tổng cộng" row: the sum of other figures, not a line of its own


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence; a "." inside a number ("2.450") does not end one.

    underthesea 9.5.0's sent_tokenize was measured in this place on the development corpus (issue 18): the
    same amounts and roles (100 %/100 %, 84,1 %), while it split 19 of 236 blocks otherwise, "dti.gov.vn" among
    them; so the project does not depend on it.
    """
    start = 0
    for m in R.SENTENCE_END.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def role_of(text: str, s: int, pos: int) -> Role:
    """The role the nearest role word before `pos` in the sentence gives; "allocated" when none does."""
    head = text[s:pos]
    best: tuple[int, Role] | None = None
    for role, pattern in R.ROLE_WORDS:
        hits = list(pattern.finditer(head))
        if hits and (best is None or hits[-1].end() > best[0]):
            best = (hits[-1].end(), role)  # type: ignore[assignment]  # role comes from ROLE_WORDS
    return best[1] if best else "allocated"


def task_of(text: str, s: int, e: int, start: int, end: int) -> str:
    """The phrase the amount pays for: after it ("... 2.450 triệu đồng để triển khai 5 dự án"), else before it."""
    after = text[end:e]
    lead = R.TASK_LEAD.match(after)
    if lead:
        piece = R.TASK_SPLIT.split(after[lead.end() :], maxsplit=1)[0]
        return R.tidy(piece)
    before = R.TASK_SPLIT.split(text[s:start])[-1]
    before = R.MONEY.split(before)[-1] if R.MONEY.search(before) else before
    return R.tidy(R.TASK_TRIM.sub("", before))


# What a figure is not (issue 18, measured on tests/extract_corpus/blind2 and the forms news and decisions use):
# - another currency after or before it: "10 triệu đô", "2 tỷ USD", "USD 5 triệu"; "đô thị" is a city, not dollars;
_FOREIGN_AFTER = re.compile(
    r"\s*(?:USD|US\$|\$|đô\s*-?\s*la|đôla|đô(?!\s*thị)|EUR|euro|€|yên\s+Nhật|JPY|won|KRW|nhân\s+dân\s+tệ|NDT|CNY|"
    r"bảng\s+Anh|GBP|SGD|AUD|baht|rúp)(?![\w])",
    re.IGNORECASE,
)
_FOREIGN_BEFORE = re.compile(r"(?:USD|US\$|\$|EUR|€)\s*$", re.IGNORECASE)
# - a scale word without "đồng" that counts something else: "gần 1 triệu doanh nghiệp", "5,5 triệu hộ", "96 triệu
#   dân". A bare scale with money after it ("6.894 tỷ; năm 2015", "22 tỷ cho ...") is still money;
_COUNTED = re.compile(
    r"\s*(?:người|dân|cư\s+dân|công\s+dân|hộ|gia\s+đình|doanh\s+nghiệp|hợp\s+tác\s+xã|cơ\s+sở|lượt|thuê\s+bao|"
    r"tài\s+khoản|hồ\s+sơ|giao\s+dịch|văn\s+bản|tin\s+nhắn|cuộc\s+gọi|thiết\s+bị|máy|điện\s+thoại|camera|"
    r"học\s+sinh|sinh\s+viên|lao\s+động|việc\s+làm|km|ha|héc-?ta|tấn|m2|m²|m3|lít|bản\s+ghi|trang|con|cây|liều|"
    r"sản\s+phẩm|khách|du\s+khách|bệnh\s+nhân|thẻ|xe|phương\s+tiện|chiếc|lần|bài|video|ảnh|email|thư|kWh|MW|GB|TB)"
    r"(?![\w])",
    re.IGNORECASE,
)
# - "tỷ lệ", "tỷ trọng", "tỷ suất" after a number ("trong năm 2024 tỷ lệ ... đạt 80%") are ratios;
_RATIO = re.compile(r"\s*(?:lệ|trọng|suất)(?![\w])", re.IGNORECASE)
# - "đồng" that begins another word: "5 đồng chí", "năm 2025 đồng thời", "Đồng Nai"; after a scale word only
#   people are counted so ("14 triệu đồng bào"), since "2 tỷ đồng bộ ..." is rarer than money followed by any word.
_DONG_WORD = re.compile(
    r"\s*(?:chí|bào|thời|bộ|ý|tình|loạt|phục|đội|minh|nghiệp|nghĩa|thuận|hồ|hương|khởi|tâm|lòng|nhất|dạng|đẳng|"
    r"ruộng|sáng\s+lập|sở\s+hữu|tác\s+giả|chủ\s+trì|Nai|Tháp|Hới|Xoài)(?![\w])",
    re.IGNORECASE,
)
_DONG_PEOPLE = re.compile(r"\s*(?:chí|bào)(?![\w])", re.IGNORECASE)
_CURRENCY = re.compile(r"đồng|vn[dđ]|đ$", re.IGNORECASE)
_RATIO_SCALE = re.compile(r"^(?:tỷ|tỉ)$", re.IGNORECASE)
# "từ 3 - 5 tỷ đồng", "3 đến 5 tỷ đồng": the first figure takes the unit written after the second.
_RANGE_HEAD = re.compile(rf"(?<![\d/.,])(?P<num>{R.NUM})\s*(?:-|–|—|đến|tới)\s*$", re.IGNORECASE)
_GAP = re.compile(r"\s+$")


def _not_money(text: str, start: int, m: re.Match[str]) -> bool:
    """The figure from `start` to MONEY match `m` is in another currency, a count, a ratio or no figure at all."""
    unit = m.group("unit")
    if R.NOT_VND_AFTER.match(text, m.end()) or _FOREIGN_AFTER.match(text, m.end()):
        return True  # "10 triệu USD": a money figure, but not in đồng
    if _FOREIGN_BEFORE.search(text, 0, start):
        return True
    if unit.casefold() == "đồng" and _DONG_WORD.match(text, m.end()):
        return True
    if unit.casefold().endswith("đồng") and _DONG_PEOPLE.match(text, m.end()):
        return True
    if not _CURRENCY.search(unit):
        return bool(_COUNTED.match(text, m.end())) or bool(_RATIO_SCALE.match(unit) and _RATIO.match(text, m.end()))
    return False


def _compound(text: str, moneys: list[re.Match[str]], i: int) -> int:
    """Index of the last match that continues moneys[i] as one figure: "2 tỷ 450 triệu đồng" is 2 450 000 000 đồng.

    Only a bare scale ("2 tỷ", no "đồng") followed, after a space, by a whole number below 1 000 of the next
    smaller scale continues it.
    """
    j = i
    while j + 1 < len(moneys):
        here, after = moneys[j], moneys[j + 1]
        scale, next_scale = money_unit(here.group("unit")), money_unit(after.group("unit"))
        small = read_decimal(after.group("num"))
        if (
            _CURRENCY.search(here.group("unit"))
            or not _GAP.match(text, here.end(), after.start())
            or scale is None
            or next_scale is None
            or scale != next_scale * 1000
            or small is None
            or small != small.to_integral_value()
            or small >= 1000
        ):
            break
        j += 1
    return j


def find_amounts(blocks: list[Block]) -> list[Amount]:
    """Every figure in đồng units, in document order; amounts in USD or another currency are left out."""
    found: list[Amount] = []
    for block in blocks:
        text = block.text
        for s, e in sentences(text):
            moneys = list(R.MONEY.finditer(text, s, e))
            first = 0
            while first < len(moneys):
                last = _compound(text, moneys, first)
                m, end_m = moneys[first], moneys[last]
                parts = [R.money_vnd(x.group("num"), x.group("unit")) for x in moneys[first : last + 1]]
                single = first == last
                first = last + 1
                if _not_money(text, m.start(), end_m) or any(v is None for v in parts):
                    continue
                vnd = sum(v for v in parts if v is not None)
                if vnd <= 0:
                    continue
                role, task = role_of(text, s, m.start()), task_of(text, s, e, m.start(), end_m.end())
                approx = bool(R.APPROX_BEFORE.search(text, s, m.start()))
                head = _RANGE_HEAD.search(text, s, m.start("num")) if single else None
                if head:
                    low = R.money_vnd(head.group("num"), m.group("unit"))
                    if low is not None and 0 < low < vnd:
                        found.append(Amount(low, role, task, block, head.start("num"), end_m.end(), True))
                        approx = True
                found.append(Amount(vnd, role, task, block, m.start("num"), end_m.end(), approx))
    return found


def parts_of_totals(amounts: list[Amount]) -> list[tuple[int, list[int]]]:
    """(total index, part indexes) where the figures after a total in its block add up to it exactly."""
    out = []
    for i, total in enumerate(amounts):
        running, parts = 0, []
        for j in range(i + 1, len(amounts)):
            if amounts[j].block.index != total.block.index:
                break
            running += amounts[j].vnd
            parts.append(j)
            if running >= total.vnd:
                break
        if len(parts) >= 2 and running == total.vnd:
            out.append((i, parts))
    return out
