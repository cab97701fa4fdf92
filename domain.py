"""Records of one agency's yearly digital-transformation report, the indicator registry and money maths.

Money is whole đồng (``int``) everywhere below the display. A value that was not reported is
``None``, never ``0`` (submission format §1-2).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

Severity = Literal["error", "warning"]
FundingSource = Literal["a", "b", "c"]

FUNDING_SOURCES: dict[str, str] = {
    "a": "Kinh phí giao theo quyết định của tỉnh",
    "b": "Nguồn khác (trung ương, địa phương)",
    "c": "Kinh phí tự bố trí",
}

MIN_YEAR, MAX_YEAR = 2015, 2035  # submission format §4

VND_PER_MILLION = 1_000_000
VND_PER_BILLION = 1_000_000_000


@dataclass(frozen=True)
class Issue:
    """One validation finding; collected by the loaders, never raised."""

    code: str  # stable kebab slug; keys the ui_text template
    severity: Severity
    file: str
    sheet: str | None
    row: int | None  # 1-based, as Excel numbers it
    column: str | None  # header text as the agency wrote it
    message_vi: str
    message_en: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def errors_of(issues) -> tuple[Issue, ...]:
    return tuple(i for i in issues if i.is_error)


def warnings_of(issues) -> tuple[Issue, ...]:
    return tuple(i for i in issues if not i.is_error)


@dataclass(frozen=True)
class BudgetLine:
    funding_source: FundingSource
    task: str
    allocated_vnd: int
    disbursed_vnd: int | None = None  # None = not reported
    decision_ref: str | None = None
    as_of: date | None = None
    expected_pct: float | None = None  # expected disbursement by 31/12, 0-100
    procurement: str | None = None
    procurement_done: date | None = None  # month precision: first day of the month
    contractor: str | None = None
    note: str | None = None
    extra: tuple[tuple[str, str], ...] = ()  # columns the format does not know, kept as notes
    source_row: int | None = None

    @property
    def disbursed_pct(self) -> float | None:
        return rate_pct(self.disbursed_vnd, self.allocated_vnd)


@dataclass(frozen=True)
class Indicator:
    code: str
    value: float
    out_of: float | None = None
    name: str | None = None
    applies_to_year: int | None = None
    note: str | None = None
    extra: tuple[tuple[str, str], ...] = ()
    source_row: int | None = None

    @property
    def display_name(self) -> str:
        known = INDICATORS.get(self.code)
        return self.name or (known.name_vi if known else self.code)

    @property
    def ratio(self) -> float | None:
        """value / out_of in 0..1, or None when there is no maximum."""
        if not self.out_of:
            return None
        return self.value / self.out_of


@dataclass(frozen=True)
class FundingRequest:
    year: int | None
    task: str
    amount_vnd: int
    category: str | None = None
    legal_basis: str | None = None
    objective: str | None = None
    content: str | None = None
    scope: str | None = None
    implementer: str | None = None
    note: str | None = None
    extra: tuple[tuple[str, str], ...] = ()
    source_row: int | None = None


@dataclass(frozen=True)
class Difficulty:
    kind: Literal["khó khăn", "kiến nghị"]
    text: str


@dataclass(frozen=True)
class Submission:
    agency: str | None
    agency_code: str | None
    province: str | None
    year: int | None
    report_date: date | None = None
    requested_by: str | None = None
    prepared_by: str | None = None
    stated_total_vnd: int | None = None  # "Tổng kinh phí" in ThongTin, if the agency gave one
    budget_lines: tuple[BudgetLine, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    requests: tuple[FundingRequest, ...] = ()
    difficulties: tuple[Difficulty, ...] = ()
    illustrative: bool = False  # generated sample data (mẫu minh hoạ), never a real report

    @property
    def allocated_vnd(self) -> int:
        return sum(line.allocated_vnd for line in self.budget_lines)

    @property
    def disbursed_vnd(self) -> int | None:
        return sum_reported(line.disbursed_vnd for line in self.budget_lines)

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name_vi: str
    name_en: str
    unit: str  # how the value reads: "điểm", "hạng", "%", "người", ...
    has_out_of: bool  # whether "x / y" is the natural reading
    higher_is_better: bool = True


# The registry of known indicator codes (submission format §2, sheet ChiSo).
INDICATORS: dict[str, IndicatorSpec] = {
    s.code: s
    for s in (
        IndicatorSpec("dti_score", "Điểm chỉ số chuyển đổi số (DTI)", "DTI score", "điểm", True),
        IndicatorSpec("dti_rank", "Xếp hạng chỉ số chuyển đổi số", "DTI rank", "hạng", True, higher_is_better=False),
        IndicatorSpec(
            "platforms_used",
            "Nền tảng số dùng chung của tỉnh đang sử dụng",
            "Shared platforms in use",
            "nền tảng",
            True,
        ),
        IndicatorSpec(
            "online_services",
            "TTHC cung cấp dịch vụ công trực tuyến (mức 3-4)",
            "Full online public services",
            "thủ tục",
            True,
        ),
        IndicatorSpec(
            "computers_secured", "Máy tính cài phần mềm bảo đảm an toàn thông tin", "Computers secured", "máy", True
        ),
        IndicatorSpec(
            "docs_electronic_pct",
            "Tỷ lệ văn bản xử lý trên môi trường điện tử",
            "Documents handled electronically",
            "%",
            False,
        ),
        IndicatorSpec(
            "docs_signed_pct", "Tỷ lệ văn bản đi được ký số", "Outgoing documents digitally signed", "%", False
        ),
        IndicatorSpec(
            "dx_staff", "Công chức được phân công về chuyển đổi số", "Officials assigned to DX", "người", False
        ),
        IndicatorSpec(
            "dx_training", "Lượt tập huấn, bồi dưỡng về chuyển đổi số", "DX training attendances", "lượt", False
        ),
        IndicatorSpec("staff_total", "Biên chế được giao", "Staff quota", "người", False),
    )
}

PERCENT_INDICATORS = frozenset(c for c, s in INDICATORS.items() if s.unit == "%")


def sum_reported(values) -> int | None:
    """Sum of the reported values; None when none was reported (not reported is not zero)."""
    reported = [v for v in values if v is not None]
    return sum(reported) if reported else None


def rate_pct(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return 100.0 * part / whole


_NOT_ALNUM = re.compile(r"[^a-z0-9]")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free, alphanumerics only: how sheet and header names are matched.

    Accents are dropped with the other non-ASCII characters after NFKD (every combining mark is non-ASCII, and
    nothing outside a-z0-9 is kept anyway): the same result as testing each character, checked over every code
    point, at a tenth of the cost. Cached: header search folds the same cell texts for every candidate table.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKD", text).lower().encode("ascii", "ignore").decode("ascii"))


def derive_agency_code(agency: str) -> str:
    """A stable code from the agency's name, for agencies that give none (format §2, ThongTin)."""
    text = agency.replace("đ", "d").replace("Đ", "D")
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    words = re.findall(r"[A-Za-z0-9]+", plain)
    return "-".join(w.upper() for w in words)[:64] or "KHONG-RO"
