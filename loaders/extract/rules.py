"""Patterns that find the figures of a narrative report, and the walk over its blocks.

Only finding lives here: a pattern matches a figure and its unit in prose, and the matched text goes to
loaders/numbers.py, the one money and number reader, so a sentence, a .docx cell and a spreadsheet cell
are read by the same rules (format §1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, NotRequired, TypedDict

from domain import FundingSource, fold

from ..numbers import (  # read_decimal: the walks below and the engine use it as R.read_decimal
    read_decimal,
    read_vnd,
)
from ..schema import DifficultyKind, funding_source
from .model import Block

# ---------------------------------------------------------------------------------------------
# Numbers and money

NUM = r"\d+(?:[.,]\d+)*"
_UNIT = (
    r"(?P<unit>(?:nghìn|ngàn)\s*(?:tỷ|tỉ)(?:\s*đồng)?|tỷ\s*đồng|tỉ\s*đồng|tỷ|tỉ|triệu\s*đồng|triệu|tr\.\s?đồng|tr\.\s?đ|trđ|"
    r"nghìn\s*đồng|ngàn\s*đồng|nghìn|ngàn|đồng|vnđ|vnd|đ)(?![\w])"
)
MONEY = re.compile(rf"(?<![\d/.,])(?P<num>{NUM})\s*{_UNIT}", re.IGNORECASE)
PERCENT = re.compile(rf"(?<![\d/.,])(?P<num>{NUM})\s*%")


def money_vnd(num: str, unit: str) -> int | None:
    """Whole đồng for a MONEY match's number and unit (read by loaders.numbers)."""
    return read_vnd(num, unit)


def as_number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


# ---------------------------------------------------------------------------------------------
# Text helpers

_CLAUSE_END = re.compile(r";|[.!?](?=\s|$)")


def clause_at(text: str, pos: int) -> tuple[int, int]:
    """Bounds of the clause around `pos`: cut at ";" and at "." ending a sentence, not "439.72"."""
    start = 0
    for m in _CLAUSE_END.finditer(text, 0, pos):
        start = m.end()
    stop = _CLAUSE_END.search(text, pos)
    return start, (stop.start() if stop else len(text))


HEADING = re.compile(r"^(?:(?P<roman>[IVXLC]+)\.|(?P<num>\d+(?:\.\d+)*)\.?|(?P<letter>[a-zđ])\))\s+(?P<rest>\S.*)$")
BULLET = re.compile(r"^[-+•–*]\s*")


def is_heading(block: Block) -> bool:
    m = HEADING.match(block.text)
    if m and len(block.text) <= 160:
        return True
    letters = [c for c in block.text if c.isalpha()]
    return 3 <= len(letters) and len(block.text) <= 120 and all(c.isupper() for c in letters)


def heading_level(block: Block) -> int | None:
    """0 for "I." and all-caps titles, 1 for "1.", 2 for "1.1.", ...; None if not a heading."""
    if not is_heading(block):
        return None
    m = HEADING.match(block.text)
    if not m:
        return 0
    if m.group("roman"):
        return 0
    if m.group("letter"):
        return 9
    return m.group("num").count(".") + 1


def strip_marker(text: str) -> str:
    text = BULLET.sub("", text)
    m = HEADING.match(text)
    return m.group("rest") if m else text


def tidy(text: str) -> str:
    text = " ".join(text.replace("*", "").split()).strip(" ,;:.-–")
    return text[:1].upper() + text[1:] if text else text


# ---------------------------------------------------------------------------------------------
# Report identity

ORG = r"(?:Ban Quản lý|Ban|Sở|Văn phòng|Thanh tra|Ủy ban|Uỷ ban|Trung tâm|Đài|Bệnh viện|Chi cục|Cục|Công an|Bộ Chỉ huy)"
_NAME_WORD = r"[^\W\d_][\w]*"
_PROPER = rf"(?:{_NAME_WORD})(?:\s+{_NAME_WORD}){{0,3}}"
# Name words; a comma may join capitalised parts ("Sở Văn hóa, Thể thao và Du lịch").
_ORG_WORDS = r"(?:(?:,(?=\s+[A-ZĐ]))?\s+[^\s,.;:()]+){0,8}?"
AGENCY_AT = re.compile(rf"\btại\s+(?P<org>{ORG}{_ORG_WORDS})\s+tỉnh\s+(?P<prov>{_PROPER})")
AGENCY_OF_PROVINCE = re.compile(rf"(?P<org>\b{ORG}{_ORG_WORDS})\s+tỉnh\s+(?P<prov>{_PROPER})")
AGENCY_REPORTS = re.compile(rf"(?P<org>\b{ORG}{_ORG_WORDS})(?:\s+tỉnh)?\s+(?:tổng hợp,?\s+)?báo cáo\b")
PLACE_DATE = re.compile(r",\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})")


def place_before(text: str, pos: int) -> tuple[str, int] | None:
    """The capitalised place name ending at `pos` ("... Hạnh phúc Quảng Ngãi" -> "Quảng Ngãi")."""
    words = list(re.finditer(r"\S+", text[:pos]))
    taken = []
    for w in reversed(words[-4:]):
        if not w.group(0)[:1].isupper():
            break
        taken.append(w)
    if not taken:
        return None
    return " ".join(w.group(0) for w in reversed(taken)), taken[-1].start()


REQUESTED_BY = re.compile(
    r"(?:Công văn|công văn|Văn bản|văn bản|Kế hoạch|Hướng dẫn)\s+số\s+(?P<ref>\d+[^\s,;]*/[^\s,;]+)\s+ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4})"
)
TITLE_YEAR = re.compile(r"\bnăm\s+(?P<y>20\d\d)\b")
# "đến năm 2030", "từ năm 2020", "so với năm 2022": a horizon, a start or a comparison, not the text's own year.
_NOT_OWN_YEAR = re.compile(r"(?:đến|tới|từ|so với|trước|sau|tầm nhìn|hướng tới)\s*$", re.IGNORECASE)


def own_year(text: str) -> re.Match | None:
    """The first "năm 2023" that dates what the text reports, skipping horizons and comparisons."""
    for m in TITLE_YEAR.finditer(text):
        if not _NOT_OWN_YEAR.search(text[max(0, m.start() - 12) : m.start()]):
            return m
    return None


# A news page's dateline: "09/01/2018 - 16:28", "Thứ Sáu, 31/10/2025".
DATELINE = re.compile(r"^(?:(?:Thứ\s+\w+|Chủ\s+nhật),\s*)?\d{1,2}/\d{1,2}/(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)


def proper_prefix(text: str) -> str:
    """The capitalised words at the start of `text` ("Quảng Ngãi về việc" -> "Quảng Ngãi")."""
    words = []
    for word in text.split():
        if not word[:1].isupper():
            break
        words.append(word)
    return " ".join(words)


# ---------------------------------------------------------------------------------------------
# Budget


@dataclass
class LineDraft:
    source: FundingSource
    task: str
    block: Block
    allocated: tuple[int, int, int] | None = None  # (vnd, start, end)
    disbursed: tuple[int, int, int] | None = None
    expected: tuple[float, int, int] | None = None
    procurement: tuple[str, int, int] | None = None
    procurement_done: tuple[date, int, int] | None = None
    contractor: tuple[str, int, int] | None = None
    decision_ref: str | None = None
    odd_disbursed: bool = False
    spending: bool = False  # "tổng kinh phí chi ...": the amount is already spent
    procurement_odd: str | None = None


def source_of_header(block: Block) -> FundingSource | None:
    """Funding source a/b/c announced by a section header, or None."""
    text = block.text
    f = " " + " ".join(fold(w) for w in text[:220].split()) + " "
    m = re.match(r"^\s*([abc])\)", text)
    marker = funding_source(m.group(1)) if m else None
    looks_header = bool(marker) or is_heading(block) or f.startswith((" nguon ", " kinh phi ", " nhiem vu theo "))
    if not looks_header or " kinh phi " not in f and " nguon " not in f:
        return None
    if " tu bo tri " in f or " tu chu " in f:
        return "c"
    if " van ban khac " in f or " trung uong " in f or " nguon khac " in f:
        return "b"
    if " quyet dinh " in f or " giao tai " in f or " tinh giao " in f or " ngan sach tinh " in f:
        return "a"
    return marker


DECISION = re.compile(r"Quyết định\s+(?:số\s+)?(?P<ref>\d+[^\s,;]*/[^\s,;]+(?:\s+ngày\s+\d{1,2}/\d{1,2}/\d{4})?)")
DISBURSED_LEAD = re.compile(r"(?P<neg>chưa\s+)?giải ngân(?:\s+(?:được|là|số tiền|kinh phí))?\s*:?\s*$", re.IGNORECASE)
EXPECTED = re.compile(
    r"dự kiến[^;.]*?(?:giải ngân|hoàn thành)[^;.]*?(?:đạt\s+)?(?P<num>\d+(?:[.,]\d+)?)\s*%", re.IGNORECASE
)
PROCUREMENT = re.compile(
    r"(?P<form>chỉ\s+định\s+thầu|chỉ\s+đấu\s+thầu|chỉ\s+thầu|đấu\s+thầu\s+rộng\s+rãi|đấu\s+thầu|chào\s+hàng\s+cạnh\s+tranh|mua\s+sắm\s+trực\s+tiếp)",
    re.IGNORECASE,
)
PROCUREMENT_DONE = re.compile(r"(?:trong\s+)?tháng\s+(?P<m>\d{1,2})/(?P<y>\d{4})")
CONTRACTOR = re.compile(
    r"(?:đơn vị thực hiện(?: là)?|nhà thầu(?: thực hiện)?(?: là)?|đơn vị trúng thầu(?: là)?|hợp đồng với)\s*:?\s*"
    r"(?P<name>(?:Trung tâm|Công ty|Viễn thông|VNPT|Viettel|Tổng công ty|Chi nhánh|Liên danh|Doanh nghiệp)[^;.()]*?)"
    r"(?=\s+(?:đang|đã|thực hiện|triển khai|với)\b|[;.(]|,|$)",
    re.IGNORECASE,
)
_TASK_CUT = re.compile(
    r"\s*(?::|với tổng mức đầu tư|với kinh phí|tổng mức đầu tư|kinh phí được giao|kinh phí giao|kinh phí|tổng kinh phí)\s*(?:là\s*)?$",
    re.IGNORECASE,
)


def read_budget_block(block: Block, source: FundingSource) -> LineDraft | None:
    """A budget line from one bullet or paragraph holding an amount, or None."""
    text = block.text
    moneys = list(MONEY.finditer(text))
    if not moneys:
        return None
    draft = LineDraft(source, "", block)
    for money in moneys:
        vnd = money_vnd(money.group("num"), money.group("unit"))
        if vnd is None:
            continue
        before = text[max(0, money.start() - 40) : money.start()]
        lead = DISBURSED_LEAD.search(before)
        if lead:
            if draft.disbursed is None:
                draft.disbursed = (vnd, money.start("num"), money.end())
                draft.odd_disbursed = bool(lead.group("neg"))
        elif draft.allocated is None:
            draft.allocated = (vnd, money.start("num"), money.end())
            head = text[: money.start()]
            # Self-funded money is reported as spending ("Tổng kinh phí chi CNTT ... là 40,962 triệu").
            draft.spending = (
                source == "c" and "giaingan" not in fold(text) and bool(re.search(r"\bchi\b", head, re.IGNORECASE))
            )
            cut = _TASK_CUT.search(head)
            task = head[: cut.start()] if cut else head
            if ":" in task and task.rsplit(":", 1)[1].strip():  # "c) Kinh phí tự bố trí: chi mua sắm thiết bị"
                task = task.rsplit(":", 1)[1]
            task = strip_marker(task.strip())
            task = re.sub(r"^(?:Thực hiện|Tổng)\s+(?=\S)", "", task)
            if source == "c" and draft.spending and not task:
                task = "chi"
            draft.task = tidy(task)
    if draft.allocated is None:
        return None
    if source == "c" and draft.spending:
        # "Tổng kinh phí chi CNTT ... là 40,962 triệu": self-funded money reported as spent.
        vnd, s, e = draft.allocated
        draft.disbursed = (vnd, s, e)
        tail = text[: draft.allocated[1]]
        m = re.search(r"kinh phí\s+(chi\s+[^:]*?)\s*(?:là|:)\s*$", tail, re.IGNORECASE)
        if m:
            draft.task = tidy(m.group(1))
    m = EXPECTED.search(text)
    if m:
        draft.expected = (float(read_decimal(m.group("num")) or 0), m.start("num"), m.end("num"))
    _read_procurement(draft, text)
    m = CONTRACTOR.search(text)
    if m:
        draft.contractor = (tidy(m.group("name")), m.start("name"), m.end("name"))
    return draft


def _read_procurement(draft: LineDraft, text: str) -> None:
    """How the contractor is chosen, and the month that finished, when the block says so."""
    m = PROCUREMENT.search(text)
    if not m:
        return
    form = fold(m.group("form"))
    if form == "chidinhthau":
        value = "chỉ định thầu"
    elif form in ("chithau", "chidauthau"):
        # Typos in real reports ("chỉ thầu", "chỉ đấu thầu") for chỉ định thầu; the engine warns (procurement-wording).
        value = "chỉ định thầu"
        draft.procurement_odd = m.group("form")
    elif form.startswith("dauthau"):
        value = "đấu thầu"
    else:
        value = " ".join(m.group("form").lower().split())
    draft.procurement = (value, m.start("form"), m.end("form"))
    done = PROCUREMENT_DONE.search(text, m.end())
    if (
        done
        and done.start() - m.end() < 30
        and re.search(r"hoàn thành|đã", text[max(0, m.start() - 40) : m.start()], re.IGNORECASE)
    ):
        month, year = int(done.group("m")), int(done.group("y"))
        if 1 <= month <= 12:
            draft.procurement_done = (date(year, month, 1), done.start("m"), done.end("y"))


# ---------------------------------------------------------------------------------------------
# Indicators

PAIR = re.compile(r"(?<![\d/.,])(?P<x>\d{1,4}(?:[.,]\d{1,3})?)\s*/\s*(?P<y>\d{1,4}(?:[.,]\d{1,3})?)(?![\d/])")


@dataclass
class IndicatorHit:
    code: str
    value: float
    out_of: float | None
    start: int
    end: int
    applies_to_year: int | None = None
    name: str | None = None
    extra_spans: list[tuple[int, int]] = field(default_factory=list)


def _year_before(text: str, pos: int) -> int | None:
    s, _ = clause_at(text, pos)
    years = re.findall(r"năm\s+(20\d\d)", text[s:pos])
    return int(years[-1]) if years else None


def _pair_code(text: str, m: re.Match) -> str | None:
    before = text[max(0, m.start() - 25) : m.start()].lower()
    after = text[m.end() : m.end() + 45].lower()
    fafter = fold(after)
    if re.match(r"\s*điểm", after):
        return "dti_score"
    if re.search(r"(?:vị trí|xếp|hạng|đứng)\s*(?:thứ)?\s*$", before):
        return "dti_rank"
    if fafter.startswith(("nentang", "nentangso", "cacnentang")) or "nentang" in fafter[:25]:
        return "platforms_used"
    if re.match(r"\s*(?:thủ tục|tthc|dịch vụ công|dvc)", after):
        return "online_services"
    if re.match(r"\s*(?:bộ\s+)?máy(?: vi)? tính", after):
        s, e = clause_at(text, m.start())
        if re.search(r"cài|an toàn|phần mềm|bảo mật|mã độc|virus", text[s:e], re.IGNORECASE):
            return "computers_secured"
    return None


def _candidate_name(text: str, m: re.Match) -> str:
    s, e = clause_at(text, m.start())
    words = text[m.end() : e].split()[:6]
    return " ".join(words).strip(",;:") or text[s : m.start()].strip()[-40:]


# Percent indicators the registry does not know yet (kept as candidates, with a Vietnamese name).
EXTRA_PCT = (
    (
        "computers_internet_pct",
        "Tỷ lệ máy tính có kết nối Internet",
        re.compile(r"^\s*(?:các\s+)?máy tính[^;.]*?kết nối\s+internet", re.IGNORECASE),
    ),
    (
        "staff_it_certified_pct",
        "Tỷ lệ cán bộ, công chức có chứng chỉ tin học",
        re.compile(r"^\s*(?:cán bộ|công chức|CBCC)[^;.%]*?chứng chỉ tin học", re.IGNORECASE),
    ),
    (
        "staff_computer_use_pct",
        "Tỷ lệ cán bộ, công chức biết sử dụng máy tính",
        re.compile(r"^\s*(?:cán bộ|công chức|CBCC)[^;.%]*?sử dụng máy tính", re.IGNORECASE),
    ),
)

DX_STAFF_CLAUSE = re.compile(
    r"(?:phân công|bố trí|giao|cử)\s+(?P<body>\d{1,3}\s+[^;.]*?)(?:chuyển đổi số|CĐS)", re.IGNORECASE
)
PEOPLE = re.compile(
    r"(?<![\d/])(?P<n>\d{1,3})\s+(?:đồng chí|người|công chức|cán bộ|viên chức|chuyên viên|lãnh đạo)", re.IGNORECASE
)
TRAINING = re.compile(r"(?<![\d/])(?P<n>\d{1,4})\s+lượt", re.IGNORECASE)
STAFF_TOTAL = re.compile(
    r"(?:(?:có|được giao|tổng(?: số)?)\s+(?P<n1>\d{1,4})\s+biên chế|biên chế(?: được giao)?(?: là|:)\s*(?P<n2>\d{1,4})\b)",
    re.IGNORECASE,
)


def read_indicators(block: Block) -> tuple[list[IndicatorHit], list[IndicatorHit]]:
    """Known indicators and candidate ("x/y" or % not in the registry) found in one block."""
    text = block.text
    known: list[IndicatorHit] = []
    candidates: list[IndicatorHit] = []
    for m in PAIR.finditer(text):
        before = text[max(0, m.start() - 8) : m.start()].lower()
        x, y = read_decimal(m.group("x")), read_decimal(m.group("y"))
        if x is None or y is None or y == 0:
            continue
        # "ngày 31/12", "tháng 10/2023", "số 12/15": dates and document numbers, not ratios.
        if re.search(r"(?:ngày|tháng|số|đến)\s*$", before) or y >= 1900:
            continue
        code = _pair_code(text, m)
        hit = IndicatorHit(code or "", as_number(x), as_number(y), m.start("x"), m.end("y"))
        if code == "dti_score":
            hit.applies_to_year = _year_before(text, m.start())
        if code:
            known.append(hit)
        elif re.search(r"\d", m.group(0)) and x <= y:
            hit.name = _candidate_name(text, m)
            hit.code = "khac-" + re.sub(r"[^a-z0-9]+", "-", fold_words(hit.name))[:40].strip("-")
            candidates.append(hit)
    for m in PERCENT.finditer(text):
        pct = read_decimal(m.group("num"))
        if pct is None:
            continue
        s, e = clause_at(text, m.start())
        after = text[m.end() : e]
        if re.match(r"\s*(?:các\s+|số\s+)?văn bản", after, re.IGNORECASE):
            if re.search(r"ký số|chữ ký số", after, re.IGNORECASE):
                known.append(IndicatorHit("docs_signed_pct", as_number(pct), None, m.start("num"), m.end()))
            elif re.search(r"xử lý|điện tử|phần mềm|môi trường mạng", after, re.IGNORECASE):
                known.append(IndicatorHit("docs_electronic_pct", as_number(pct), None, m.start("num"), m.end()))
            continue
        for code, name, pattern in EXTRA_PCT:
            if pattern.search(after):
                candidates.append(IndicatorHit(code, as_number(pct), None, m.start("num"), m.end(), name=name))
                break
    for m in DX_STAFF_CLAUSE.finditer(text):
        people = [p for p in PEOPLE.finditer(m.group("body")) if "lượt" not in m.group("body")[p.end() : p.end() + 1]]
        if people and not re.search(r"\blượt\b|tập huấn|đi học|bồi dưỡng", m.group("body"), re.IGNORECASE):
            off = m.start("body")
            hit = IndicatorHit(
                "dx_staff",
                sum(int(p.group("n")) for p in people),
                None,
                off + people[0].start("n"),
                off + people[0].end("n"),
            )
            hit.extra_spans = [(off + p.start("n"), off + p.end("n")) for p in people[1:]]
            known.append(hit)
    for m in TRAINING.finditer(text):
        s, e = clause_at(text, m.start())
        if re.search(r"học|bồi dưỡng|tập huấn|đào tạo", text[s:e], re.IGNORECASE):
            known.append(IndicatorHit("dx_training", int(m.group("n")), None, m.start("n"), m.end("n")))
    for m in STAFF_TOTAL.finditer(text):
        group = "n1" if m.group("n1") else "n2"
        known.append(IndicatorHit("staff_total", int(m.group(group)), None, m.start(group), m.end(group)))
    return known, candidates


def fold_words(text: str) -> str:
    return " ".join(fold(w) for w in text.split())


def indicator_code_of_label(label: str) -> str | None:
    """Registry code for a table row label such as "Điểm DTI năm 2022" or "Tỷ lệ văn bản ký số"."""
    f = fold_words(label)
    rules = (
        ("dti_rank", r"\b(xep hang|xep thu|thu hang|vi tri)\b"),
        ("dti_score", r"\b(diem|dti|chi so chuyen doi so)\b"),
        ("platforms_used", r"\bnen tang\b"),
        ("online_services", r"\b(dich vu cong|tthc|thu tuc hanh chinh)\b"),
        (
            "computers_secured",
            r"\bmay tinh\b.*\b(an toan|phan mem|cai dat|bao mat|ma doc)\b|\b(an toan|bao mat)\b.*\bmay tinh\b",
        ),
        ("docs_signed_pct", r"\bky so\b"),
        ("docs_electronic_pct", r"\bvan ban\b.*\b(dien tu|xu ly|phan mem)\b"),
        ("dx_training", r"\b(luot|tap huan|boi duong|dao tao)\b"),
        ("dx_staff", r"\b(phan cong|kiem nhiem|phu trach|nhan luc chuyen doi so|can bo chuyen doi so)\b"),
        ("staff_total", r"\bbien che\b"),
    )
    for code, pattern in rules:
        if re.search(pattern, f):
            return code
    return None


# ---------------------------------------------------------------------------------------------
# Requests and difficulties

REQUEST_HEADING = re.compile(
    r"(?:kế hoạch|nhiệm vụ|đề xuất|nhu cầu|dự kiến|dự toán)[^.;]*?năm\s+(?P<y>20\d\d)", re.IGNORECASE
)
REQUEST_FIELD = re.compile(
    r"^(?:\d+(?:\.\d+)+\.?\s*|[-+•]\s*)?(?P<label>căn cứ(?: áp dụng| pháp lý)?|mục tiêu(?: của nhiệm vụ)?|nội dung(?: thực hiện)?|"
    r"phạm vi(?:,? khối lượng)?|khối lượng|(?:nhu cầu |dự toán |đề xuất )?kinh phí(?: đề xuất| dự kiến)?|đơn vị (?:thực hiện|chủ trì)|thời gian[^:]*)"
    r"\s*:?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
# The request fields a labelled line of prose fills ("Căn cứ: ..."), named as on domain.FundingRequest.
RequestText = Literal["legal_basis", "objective", "content", "scope", "implementer"]
RequestField = Literal["amount"] | RequestText


class RequestDraft(TypedDict):
    """A funding request as the walk reads it, before it becomes a domain.FundingRequest."""

    task: str
    block: Block  # where the task is written
    year: int | None
    amount: NotRequired[tuple[int | None, int, int]]  # (vnd, start, end) in amount_block
    amount_block: NotRequired[Block]
    legal_basis: NotRequired[str | None]
    objective: NotRequired[str | None]
    content: NotRequired[str | None]
    scope: NotRequired[str | None]
    implementer: NotRequired[str | None]
    category: NotRequired[str | None]


_REQUEST_LABELS: dict[str, RequestText | None] = {
    "cancu": "legal_basis",
    "muctieu": "objective",
    "noidung": "content",
    "phamvi": "scope",
    "khoiluong": "scope",
    "donvi": "implementer",
    "thoigian": None,
}
CATEGORY_RULES = (
    ("số hoá", r"so hoa|so hoa|chinh ly|luu tru"),
    ("đào tạo", r"tap huan|dao tao|boi duong|hoi thao"),
    ("trang thông tin", r"trang thong tin|cong thong tin|website|ban bien tap"),
    ("hạ tầng", r"ha tang|may tinh|may vi tinh|thiet bi|mang lan|wifi|duong truyen|may chu"),
)


def request_field(label: str) -> RequestField | None:
    f = fold(label)
    if "kinhphi" in f:
        return "amount"
    for prefix, name in _REQUEST_LABELS.items():
        if f.startswith(prefix):
            return name
    return None


def guess_category(*texts: str | None) -> str:
    for text in texts:
        if not text:
            continue
        f = fold_words(text)
        for category, pattern in CATEGORY_RULES:
            if re.search(pattern, f):
                return category
    return "khác"


def legal_ref(text: str) -> str:
    """ "Căn cứ Kế hoạch số 485/KH-BDT ngày 31/8/2020 về ..." -> "Kế hoạch số 485/KH-BDT ngày 31/8/2020"."""
    text = re.sub(r"^(?:căn cứ(?: áp dụng| pháp lý)?\s*:?\s*)", "", text.strip(), flags=re.IGNORECASE)
    m = re.search(r"ngày\s+\d{1,2}/\d{1,2}/\d{4}", text)
    return tidy(text[: m.end()] if m else text[:200])


def difficulty_kind(block: Block) -> DifficultyKind | None:
    """ "khó khăn" / "kiến nghị" for a section heading that opens such a list, else None."""
    f = fold_words(block.text)
    if re.search(r"\bkho khan\b|\bvuong mac\b|\bton tai\b|\bhan che\b", f):
        return "khó khăn"
    if re.search(r"\bkien nghi\b|\bde xuat\b|\bde nghi\b", f) and not re.search(r"nam 20\d\d|kinh phi", f):
        return "kiến nghị"
    return None


# ---------------------------------------------------------------------------------------------
# Money anywhere in prose (issue 18): texts written by others have no "a) Kinh phí ..." sections, so every
# amount in đồng is found where it stands and its role is read from the nearest verb before it.

NOT_VND_AFTER = re.compile(r"\s*(?:USD|US\$|đô\s*la|EUR|euro)\b", re.IGNORECASE)
APPROX_BEFORE = re.compile(r"(?:hơn|gần|khoảng|trên|dưới|xấp xỉ|lên tới|lên đến)\s*$", re.IGNORECASE)
# Checked in this order at equal distance; the nearest word before the amount wins. Only verbs say a role:
# "kinh phí", "tổng mức đầu tư" name money of any role ("đề xuất với tổng mức đầu tư 10.765 tỷ" is requested),
# and money no verb qualifies is allocated.
ROLE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("disbursed", re.compile(r"giải ngân|đã sử dụng|đã chi|thực hiện được|quyết toán|đã thanh toán", re.IGNORECASE)),
    (
        "requested",
        re.compile(r"đề xuất|dự kiến|đề nghị|nhu cầu|kiến nghị|\bxin\b|muốn vay|đăng ký", re.IGNORECASE),
    ),
    ("allocated", re.compile(r"phê duyệt|được duyệt|\bgiao\b|bố trí|phân bổ|\bcấp\b", re.IGNORECASE)),
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^\sa-zđà-ỹ])|\n")
TASK_SPLIT = re.compile(r"[;:,()]|\bvà\b(?=\s+(?:dự án|nhiệm vụ|chương trình))")
TASK_LEAD = re.compile(r"^\s*(?:cho|để|nhằm)\s+(?:triển khai\s+)?(?:thực hiện\s+)?", re.IGNORECASE)
TASK_TRIM = re.compile(
    r"(?:\s*(?:với|có)?\s*(?:tổng\s+)?(?:kinh phí|mức đầu tư|vốn đầu tư|số tiền)(?:\s+(?:dự kiến|được giao|là|khoảng))*"
    r"|\s*(?:khoảng|hơn|gần|là|với|lên tới|chỉ có))+\s*$",
    re.IGNORECASE,
)
ADMIN_LEVEL = r"(?:tỉnh|thành phố|TP\.?|huyện|quận|thị xã|phường|xã)"
ADMIN_AGENCY = re.compile(
    rf"(?P<org>\b(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|ỦY BAN NHÂN DÂN|{ORG}{_ORG_WORDS}))\s+"
    rf"(?P<level>{ADMIN_LEVEL}|TỈNH|THÀNH PHỐ|HUYỆN)\s+(?P<prov>{_PROPER})"
)
PERIOD = re.compile(r"giai\s+đoạn\s+(?P<y1>20\d\d|19\d\d)\s*[-–—]\s*(?P<y2>20\d\d)", re.IGNORECASE)
ANY_DATE_YEAR = re.compile(
    r"ngày\s+\d{1,2}\s*(?:tháng\s*\d{1,2}\s*năm|/\d{1,2}/)\s*(?P<y>(?:19|20)\d\d)", re.IGNORECASE
)

# ---------------------------------------------------------------------------------------------
# Who writes a text by others (issue 18): official letterheads and news leads.

# Vietnam's provinces and centrally-run cities (the 63 before the 2025 merger, whose names the 34 keep), so a
# place name stops where the province's name does ("UBND tỉnh Tây Ninh Phạm Tấn Hòa" -> "Tây Ninh").
PROVINCES = (
    "An Giang|Bà Rịa - Vũng Tàu|Bà Rịa-Vũng Tàu|Bạc Liêu|Bắc Giang|Bắc Kạn|Bắc Ninh|Bến Tre|Bình Dương|Bình Định|"
    "Bình Phước|Bình Thuận|Cà Mau|Cao Bằng|Cần Thơ|Đà Nẵng|Đắk Lắk|Đắk Nông|Điện Biên|Đồng Nai|Đồng Tháp|Gia Lai|"
    "Hà Giang|Hà Nam|Hà Nội|Hà Tĩnh|Hải Dương|Hải Phòng|Hậu Giang|Hòa Bình|Hồ Chí Minh|Huế|Hưng Yên|Khánh Hòa|"
    "Kiên Giang|Kon Tum|Lai Châu|Lâm Đồng|Lạng Sơn|Lào Cai|Long An|Nam Định|Nghệ An|Ninh Bình|Ninh Thuận|Phú Thọ|"
    "Phú Yên|Quảng Bình|Quảng Nam|Quảng Ngãi|Quảng Ninh|Quảng Trị|Sóc Trăng|Sơn La|Tây Ninh|Thái Bình|Thái Nguyên|"
    "Thanh Hóa|Thừa Thiên Huế|Tiền Giang|Trà Vinh|Tuyên Quang|Vĩnh Long|Vĩnh Phúc|Yên Bái|Đắc Lắc"
).split("|")
_PROVINCE_FOLDED = {fold(p): p for p in PROVINCES}
CENTRAL_CITIES = {fold(p) for p in ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")}
PROVINCE_NAME = re.compile(r"(?<!\w)(?:" + "|".join(sorted(PROVINCES, key=len, reverse=True)) + r")(?!\w)")


def known_place(name: str) -> str:
    """The longest leading words of `name` that are a province's name, as written; else `name` unchanged."""
    words = name.split()
    for n in range(min(len(words), 5), 0, -1):
        if fold(" ".join(words[:n])) in _PROVINCE_FOLDED:
            return " ".join(words[:n])
    return name


def province_named(name: str) -> bool:
    return fold(known_place(name)) in _PROVINCE_FOLDED


_LETTERHEAD_END = re.compile(
    r"^(?:KẾ HOẠCH|QUYẾT ĐỊNH|BÁO CÁO|CÔNG VĂN|TỜ TRÌNH|NGHỊ QUYẾT|CHỈ THỊ|THÔNG BÁO|HƯỚNG DẪN|V/v|Kính gửi)\b"
)
_MOTTO = re.compile(r"CỘNG\s+HÒA(?:\s+XÃ\s+HỘI)?|(?:XÃ\s+HỘI\s+)?CHỦ\s+NGHĨA\s+VIỆT\s+NAM|ĐỘC\s+LẬP\b.*")
_SUB_ORG = r"(?:SỞ|BAN|VĂN\s+PHÒNG|TRUNG\s+TÂM|PHÒNG|CHI\s+CỤC|THANH\s+TRA|ĐÀI)"
LETTERHEAD_UBND = re.compile(
    r"^(?:(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN|UBND)"
    r"(?:\s+(?P<level>TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|PHƯỜNG|XÃ)\s+(?P<name>.+?))?"
    rf"(?:\s+(?P<sub>{_SUB_ORG}\s.+))?$"
)


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def letterhead(blocks: list[Block]) -> tuple[str, Block] | None:
    """The upper-case left column of an official letterhead ("ỦY BAN NHÂN DÂN" / "TỈNH LẠNG SƠN"), the national
    motto taken out, and the block it starts in. Lines come split and joined by "|" as text extraction left them."""
    parts: list[str] = []
    first: Block | None = None
    for block in blocks[:15]:
        if _LETTERHEAD_END.match(block.text.strip(" |")):
            break
        for cell in block.text.split("|"):
            cell = cell.strip(" -")
            if _caps(cell):
                parts.append(cell)
                first = first or block
    head = " ".join(_MOTTO.sub(" ", " ".join(parts)).split())
    return (head, first) if head and first else None


def agency_case(caps: str) -> str:
    """ "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" -> "Sở Thông tin và Truyền thông": the name's parts start upper-case."""
    words = caps.lower().split()
    out = []
    for i, word in enumerate(words):
        lead = i <= 1 or words[i - 1] in ("và", "-", ",")
        out.append(word[:1].upper() + word[1:] if lead else word)
    return " ".join(out)


# "UBND tỉnh ban hành ...", "Sở Thông tin và Truyền thông tỉnh làm chủ đầu tư": the text's own province, unnamed.
UNNAMED_PLACE = re.compile(
    rf"(?P<org>\b(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|{ORG}{_ORG_WORDS}))\s+(?P<level>tỉnh|thành phố)(?=\s+[a-zđà-ỹ]|[,.;])"
)
PLACE_MENTION = re.compile(
    r"\b(?:[Tt]ỉnh|[Tt]hành phố|TP\.?)\s*(?P<name>[A-ZĐÀ-Ỹ][^\s,.;:()]*(?:\s+[^\s,.;:()]+){0,4})"
)

# Ministries (names of 2016-2025), and the abbreviations news write for them and for provincial departments
# ("Bộ TT&TT", "Sở TT-TT tỉnh Tây Ninh"): an agency is named in full.
MINISTRIES = (
    "Thông tin và Truyền thông|Khoa học và Công nghệ|Kế hoạch và Đầu tư|Tài chính|Nội vụ|Y tế|Công an|"
    "Giáo dục và Đào tạo|Xây dựng|Công Thương|Tư pháp|Quốc phòng|Ngoại giao|Giao thông vận tải|"
    "Tài nguyên và Môi trường|Nông nghiệp và Phát triển nông thôn|Nông nghiệp và Môi trường|"
    "Lao động - Thương binh và Xã hội|Văn hóa, Thể thao và Du lịch|Dân tộc và Tôn giáo"
).split("|")
ABBREVIATIONS = {
    **dict.fromkeys(("TT&TT", "TT-TT", "TTTT", "TT và TT"), "Thông tin và Truyền thông"),
    **dict.fromkeys(("KH&CN", "KH-CN", "KHCN"), "Khoa học và Công nghệ"),
    **dict.fromkeys(("KH&ĐT", "KH-ĐT", "KHĐT"), "Kế hoạch và Đầu tư"),
    **dict.fromkeys(("GD&ĐT", "GD-ĐT", "GDĐT"), "Giáo dục và Đào tạo"),
    **dict.fromkeys(("TN&MT", "TN-MT", "TNMT"), "Tài nguyên và Môi trường"),
    **dict.fromkeys(("NN&PTNT", "NN-PTNT"), "Nông nghiệp và Phát triển nông thôn"),
    **dict.fromkeys(("LĐ-TB&XH", "LĐTBXH"), "Lao động - Thương binh và Xã hội"),
    **dict.fromkeys(("VH-TT&DL", "VHTTDL"), "Văn hóa, Thể thao và Du lịch"),
    "GTVT": "Giao thông vận tải",
}
_ABBREVIATION = re.compile(
    r"(?<![\w&-])(?:" + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?![\w&-])"
)
MINISTRY = re.compile(
    r"\bBộ\s+(?P<name>"
    + "|".join(re.escape(n) for n in sorted([*MINISTRIES, *ABBREVIATIONS], key=len, reverse=True))
    + r")(?![\w&-])",
    re.IGNORECASE,
)


def expand_abbreviations(name: str) -> str:
    """ "Sở TT-TT" -> "Sở Thông tin và Truyền thông"."""
    return _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m.group(0)], name)


def ministry(name: str) -> str:
    """The full name of the ministry `name` (after "Bộ") abbreviates or spells, in its usual case."""
    full = expand_abbreviations(name)
    return "Bộ " + next((n for n in MINISTRIES if fold(n) == fold(full)), full)


def ministry_of_letterhead(head: str) -> str | None:
    """ "BỘ THÔNG TIN VÀ" (a letterhead line cut short) -> "Bộ Thông tin và Truyền thông" when it is one's start."""
    if not head.startswith("BỘ "):
        return None
    said = fold(head[3:])
    found = [n for n in MINISTRIES if fold(n).startswith(said) or said.startswith(fold(n))]
    return "Bộ " + found[0] if len(found) == 1 else None
