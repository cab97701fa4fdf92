"""The submission format v1 as data: sheets, columns, aliases, units, required flags (spec §2-3).

One table for the whole format: the xlsx and csv readers, the template writer and the docs all read it.

Sheet rules (format §2, amendment 2):
- ThongTin and KinhPhi must exist; a missing ChiSo or DeXuat is a warning (figures not reported);
  KhoKhan is optional.
- A required sheet that exists with only its header row is fine: the agency reports nothing there
  (Bắc Giang 2023 gives no budget figures: its budget is "not reported", never 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from domain import FundingSource, fold

Kind = Literal["text", "money", "number", "pct", "year", "date", "month", "source", "code"]


@dataclass(frozen=True)
class Column:
    key: str  # attribute name on the domain record (allocated -> allocated_vnd is done by the reader)
    vi: str  # header as the template writes it, without unit
    en: str  # English alias
    kind: Kind
    required: bool = False
    unit_header: str | None = None  # unit written in the template header, e.g. "triệu đồng" or "%"
    synonyms: tuple[str, ...] = ()  # other wordings seen in real spreadsheets

    @property
    def header(self) -> str:
        """Header text the template writes: 'Kinh phí giao (triệu đồng)'."""
        return f"{self.vi} ({self.unit_header})" if self.unit_header else self.vi

    @cached_property  # computed once: match_column asks for it for every header cell (benchmarks: 2× faster read)
    def names(self) -> tuple[str, ...]:
        """Folded names this column answers to (Vietnamese, English, synonyms)."""
        return tuple(dict.fromkeys(fold(n) for n in (self.vi, self.en, *self.synonyms)))


@dataclass(frozen=True)
class Sheet:
    key: str
    name: str  # sheet name as the template writes it
    columns: tuple[Column, ...]
    required: bool = True
    synonyms: tuple[str, ...] = ()
    title_vi: str = ""
    expected: bool = False  # may be absent, but its absence is a warning: figures not reported (format §2)

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fold(n) for n in (self.name, *self.synonyms)))

    @cached_property
    def required_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    @cached_property
    def named_by(self) -> dict[str, Column | None]:
        """Header text -> the column it names (None: none); filled by headers.match_column, a cache."""
        return {}

    @cached_property
    def _by_key(self) -> dict[str, Column]:
        return {c.key: c for c in reversed(self.columns)}  # reversed: the first column of a key wins, as before

    def column(self, key: str) -> Column:
        return self._by_key[key]


# ThongTin is field/value pairs, so its "columns" are the fields (rows).
THONG_TIN = Sheet(
    "info",
    "ThongTin",
    (
        Column("agency", "Đơn vị", "agency", "text", required=True, synonyms=("Tên đơn vị", "Cơ quan")),
        Column("agency_code", "Mã đơn vị", "agency_code", "code"),
        Column("province", "Tỉnh", "province", "text", required=True, synonyms=("Tỉnh/thành phố",)),
        Column("year", "Năm báo cáo", "year", "year", required=True, synonyms=("Năm",)),
        Column("report_date", "Ngày báo cáo", "report_date", "date"),
        Column("requested_by", "Văn bản yêu cầu", "requested_by", "text"),
        Column("prepared_by", "Người lập", "prepared_by", "text"),
        # Not in the spec's field list; §4 warns when "the total stated in ThongTin (if any)" differs.
        Column(
            "stated_total",
            "Tổng kinh phí",
            "total_allocated",
            "money",
            unit_header="triệu đồng",
            synonyms=("Tổng kinh phí giao",),
        ),
        # Generated sample data says so inside the file, so it is labelled wherever it is shown.
        Column("illustrative", "Dữ liệu minh hoạ", "illustrative", "text"),
    ),
    synonyms=("Thông tin", "Thong tin chung", "Info"),
    title_vi="Thông tin chung về báo cáo",
)
INFO_HEADER = ("Trường", "Giá trị")  # optional header row of ThongTin
INFO_HEADER_EN = ("field", "value")

KINH_PHI = Sheet(
    "budget",
    "KinhPhi",
    (
        Column("funding_source", "Nguồn kinh phí", "funding_source", "source", required=True, synonyms=("Nguồn",)),
        Column("decision_ref", "Văn bản giao", "decision_ref", "text"),
        Column("task", "Nhiệm vụ", "task", "text", required=True, synonyms=("Tên nhiệm vụ", "Nội dung")),
        Column(
            "allocated",
            "Kinh phí giao",
            "allocated",
            "money",
            required=True,
            unit_header="triệu đồng",
            synonyms=("Kinh phí được giao", "Kinh phí", "Được giao", "Dự toán được giao"),
        ),
        Column(
            "disbursed",
            "Đã giải ngân",
            "disbursed",
            "money",
            unit_header="triệu đồng",
            synonyms=("Giải ngân", "Kinh phí đã giải ngân", "Số đã giải ngân", "Đã thực hiện giải ngân"),
        ),
        Column("as_of", "Ngày số liệu", "as_of", "date"),
        Column(
            "expected_pct",
            "Dự kiến giải ngân đến 31/12",
            "expected_pct",
            "pct",
            unit_header="%",
            synonyms=("Dự kiến giải ngân",),
        ),
        Column("procurement", "Hình thức lựa chọn nhà thầu", "procurement", "text"),
        Column("procurement_done", "Hoàn thành lựa chọn nhà thầu", "procurement_done", "month"),
        Column("contractor", "Đơn vị thực hiện", "contractor", "text"),
        Column("note", "Ghi chú", "note", "text"),
    ),
    synonyms=("Kinh phí", "Budget", "Ngân sách"),
    title_vi="Kinh phí theo nhiệm vụ và nguồn",
)

CHI_SO = Sheet(
    "indicators",
    "ChiSo",
    (
        Column("code", "Mã chỉ số", "code", "code", required=True),
        Column("name", "Tên chỉ số", "name", "text"),
        Column("value", "Giá trị", "value", "number", required=True),
        Column("out_of", "Trên tổng", "out_of", "number"),
        Column("applies_to_year", "Năm áp dụng", "applies_to_year", "year"),
        Column("note", "Ghi chú", "note", "text"),
    ),
    required=False,
    expected=True,
    synonyms=("Chỉ số", "Indicators"),
    title_vi="Chỉ số chuyển đổi số",
)

DE_XUAT = Sheet(
    "requests",
    "DeXuat",
    (
        Column("year", "Năm", "year", "year", required=True),
        Column("task", "Nhiệm vụ", "task", "text", required=True),
        Column("category", "Nhóm", "category", "text"),
        Column("legal_basis", "Căn cứ", "legal_basis", "text"),
        Column("objective", "Mục tiêu", "objective", "text"),
        Column("content", "Nội dung", "content", "text"),
        Column("scope", "Phạm vi, khối lượng", "scope", "text"),
        Column(
            "amount",
            "Kinh phí đề xuất",
            "amount",
            "money",
            required=True,
            unit_header="triệu đồng",
            synonyms=("Nhu cầu kinh phí",),
        ),
        Column("implementer", "Đơn vị thực hiện", "implementer", "text"),
        Column("note", "Ghi chú", "note", "text"),
    ),
    required=False,
    expected=True,
    synonyms=("Đề xuất", "Requests", "Kế hoạch năm sau"),
    title_vi="Đề xuất kinh phí năm sau",
)

KHO_KHAN = Sheet(
    "difficulties",
    "KhoKhan",
    (
        Column("kind", "Loại", "kind", "text", required=True, synonyms=("type",)),
        Column("text", "Nội dung", "text", "text", required=True, synonyms=("Khó khăn, kiến nghị",)),
    ),
    required=False,
    synonyms=("Khó khăn", "Difficulties"),
    title_vi="Khó khăn, kiến nghị",
)

SHEETS: tuple[Sheet, ...] = (THONG_TIN, KINH_PHI, CHI_SO, DE_XUAT, KHO_KHAN)
TABLE_SHEETS: tuple[Sheet, ...] = (KINH_PHI, CHI_SO, DE_XUAT, KHO_KHAN)  # one row per record

# CSV: agency and year on every row, or in the file name <agency_code>_<year>_<table>.csv (spec §3).
CSV_AGENCY = Column("agency", "Đơn vị", "agency", "text")
CSV_PROVINCE = Column("province", "Tỉnh", "province", "text")
CSV_YEAR = Column("report_year", "Năm báo cáo", "year", "year")
CSV_TABLE_NAMES = {  # folded file-name part -> sheet
    "kinhphi": KINH_PHI,
    "budget": KINH_PHI,
    "chiso": CHI_SO,
    "indicators": CHI_SO,
    "dexuat": DE_XUAT,
    "requests": DE_XUAT,
    "khokhan": KHO_KHAN,
    "difficulties": KHO_KHAN,
}

# A row whose task starts with one of these words is a stated total or subtotal: checked, never stored (§7).
TOTAL_ROW_WORDS = ("tổng cộng", "tổng số", "tổng", "cộng")
# ... unless the word begins an ordinary phrase: "Tổng hợp số liệu", "Cộng đồng số" are tasks.
NOT_TOTAL_NEXT_WORDS = frozenset(
    {"hợp", "kết", "thể", "quan", "đài", "cục", "giám", "đồng", "tác", "hoà", "hòa", "sự", "thống", "công", "điều"}
)
MAX_TITLE_ROWS = 10

DEFAULT_UNIT_VND = 1_000_000  # a money column with no unit is read as triệu đồng (+ warning)

FUNDING_SOURCE_WORDS: tuple[tuple[str, FundingSource], ...] = (  # folded fragment -> source, checked in order
    ("tubotri", "c"),
    ("tuchu", "c"),
    ("nguonkhac", "b"),
    ("trunguong", "b"),
    ("diaphuong", "b"),
    ("vanbankhac", "b"),
    ("quyetdinh", "a"),
    ("tinhgiao", "a"),
    ("giaotheo", "a"),
    ("ngansachtinh", "a"),  # "I. Nguồn ngân sách tỉnh": the province's own budget, allotted by its decisions
)

_SOURCE_LETTERS: dict[str, FundingSource] = {"a": "a", "b": "b", "c": "c"}

DifficultyKind = Literal["khó khăn", "kiến nghị"]  # domain.Difficulty.kind


def funding_source(letter: str) -> FundingSource | None:
    """The funding source a lower-case letter names ("a", "b" or "c"), typed as such; None for any other text."""
    return _SOURCE_LETTERS.get(letter)
