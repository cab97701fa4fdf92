"""Numbers, money units and dates as agencies write them: "3,402 triệu đồng" -> 3_402_000 đồng (format §1).

Text numbers follow the Vietnamese convention (`,` decimal, `.` thousands). A single `.` or `,`
followed by exactly three digits is ambiguous ("3,402", "1.234"): it is read the Vietnamese way and the
other reading is returned as `alternative`, so the validator can say when the difference matters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import lru_cache

# The standard library's `numbers` (absolute imports never resolve to this module).
from numbers import Integral

from domain import fold
from formatting import exact_number as format_number
from formatting import exact_vnd as format_vnd

from .schema import DEFAULT_UNIT_VND

# format_vnd and format_number stay importable from here (validation messages and tests use them), but
# formatting.py is the one formatter (loaders may import it: loaders -> {domain, formatting}).
__all__ = [
    "NumberReading",
    "PercentCell",
    "format_number",
    "excel_datetime",
    "format_vnd",
    "header_base",
    "parse_date",
    "parse_month",
    "parse_number",
    "parse_vnd",
    "read_decimal",
    "read_vnd",
    "to_vnd",
    "is_nil_dash",
    "money_unit",
    "unit_from_header",
    "unit_multiplier",
    "unit_of_title",
]

# The unit table (format §1, §7): a money unit is a scale word, then optionally a currency word. The word
# before đồng/VNĐ sets the scale: "Tr.đồng", "tr. đồng", "triệu VNĐ", "trđ" are all triệu đồng. Folded.
_CURRENCY_WORDS = ("dong", "vnd", "d")  # "d" is "đ" written alone ("3.402.000đ", "(đ)", "trđ")
_SCALE_WORDS: tuple[tuple[str, int], ...] = (
    # "2 ngàn tỷ đồng", "1,2 nghìn tỉ": a thousand billion (news headlines round big budgets so).
    *((f"{k}{t}", 1_000_000_000_000) for k in ("nghin", "ngan") for t in ("ty", "ti")),
    ("trieu", 1_000_000),
    ("tr", 1_000_000),
    ("ty", 1_000_000_000),
    ("ti", 1_000_000_000),
    ("nghin", 1_000),
    ("ngan", 1_000),
    ("", 1),
)
_SCALE_DIGITS = re.compile(r"(\d+)$")  # "(1.000 đồng)", "(1.000đ)": the scale written as a number
_NIL_DASHES = frozenset({"-", "\u2013", "\u2014", "\u2212"})  # a lone dash in an amount cell: nil (§7)
# "Đơn vị tính: …" / "ĐVT: …" (format §7), at the start of a cell or after a space or bracket.
_UNIT_LABEL = re.compile(r"(?:^|(?<=[\s(\[,;\-–]))(?:đơn\s*vị\s*tính|đvt)\s*[:.]?\s*(.+?)[\s.;)\]]*$", re.I)
_AGENCY_OR_UNIT_LABEL = re.compile(r"^[\s(\[]*đơn\s*vị\s*[:.]?\s*(.+?)[\s.;)\]]*$", re.I)
_TRAILING_ALIAS = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009]+")
_MINUS = "\u2212\u2013-"  # "-" last: inside [...] it would otherwise make a range
_NUMBER_HEAD = re.compile(r"^([+" + _MINUS + r"]?)\s*(\d[\d., \u00a0\u202f\u2007\u2009]*)(.*)$")
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_EPOCH_1904 = datetime(1904, 1, 1)
# Serial numbers below this (1927) are far more likely a year or a count typed in a date column.
_MIN_SERIAL, _MAX_SERIAL = 10_000, 2_958_465


@dataclass(frozen=True)
class NumberReading:
    value: Decimal | None  # None: not a number
    ambiguous: bool = False
    alternative: Decimal | None = None  # the other convention's reading, when ambiguous
    unit_vnd: int | None = None  # money unit written in the text ("1,5 tỷ" -> 1e9)
    percent: bool = False  # written with "%"


_NOT_A_NUMBER = NumberReading(None)
_INF = float("inf")


@dataclass(frozen=True)
class PercentCell:
    """A numeric cell whose number format shows a percent: it holds a fraction, 1 is 100 % (format §7)."""

    fraction: Decimal

    def __str__(self) -> str:
        return format_number(self.fraction * 100) + " %"


def parse_number(text) -> NumberReading:
    """The number in a cell or text; value None when it is not one. Never raises."""
    if type(text) is float:  # most cells: the float branch below, without the checks before it
        if text != text or text in (_INF, -_INF):
            return _NOT_A_NUMBER
        return NumberReading(Decimal(repr(text)))
    if isinstance(text, bool) or text is None:
        return _NOT_A_NUMBER
    if isinstance(text, PercentCell):  # the format decides, not the size of the number
        return NumberReading(text.fraction * 100, percent=True)
    if isinstance(text, Integral):  # int, and numpy's integers from an edited table
        return NumberReading(Decimal(int(text)))
    if isinstance(text, float):  # float, and numpy.float64
        if text != text or text in (float("inf"), float("-inf")):
            return _NOT_A_NUMBER
        return NumberReading(Decimal(repr(float(text))))  # repr: no binary float noise (0.1 stays 0.1)
    if isinstance(text, Decimal):
        return NumberReading(text) if text.is_finite() else _NOT_A_NUMBER
    if not isinstance(text, str):
        return _NOT_A_NUMBER
    try:
        return _parse_text(text)
    except (InvalidOperation, ValueError, OverflowError):
        return _NOT_A_NUMBER


def _parse_text(text: str) -> NumberReading:
    text = unicodedata.normalize("NFC", text).strip()
    match = _NUMBER_HEAD.match(text)
    if not match:
        return _NOT_A_NUMBER
    sign, body, rest = match.groups()
    body = body.strip()
    rest = rest.strip()
    percent = False
    unit = None
    if rest:
        if rest == "%":
            percent = True
        else:
            unit = unit_multiplier(rest)
            if unit is None:
                return _NOT_A_NUMBER
    body = body.rstrip(".,")  # "100." / "100," : a trailing mark carries nothing
    if _SPACES.search(body):
        # Spaces may only group thousands: "1 234 567" or "1 234 567,5".
        if not re.fullmatch(r"\d{1,3}(?:[\s\u00a0\u202f\u2007\u2009]\d{3})+(?:[.,]\d+)?", body):
            return _NOT_A_NUMBER
        body = _SPACES.sub("", body)
    value, alternative = _read_digits(body)
    if value is None:
        return _NOT_A_NUMBER
    if sign and sign in _MINUS:
        value = -value
        alternative = -alternative if alternative is not None else None
    return NumberReading(value, alternative is not None, alternative, unit, percent)


def _read_digits(body: str) -> tuple[Decimal | None, Decimal | None]:
    """(value, alternative) for digits with `.`/`,` marks; alternative only when ambiguous."""
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", body):
        return None, None
    dots, commas = body.count("."), body.count(",")
    if not dots and not commas:
        return Decimal(body), None  # "07" -> 7
    if dots and commas:
        # Both marks: the last one is the decimal mark, the other groups thousands (either convention).
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        whole, _, frac = body.rpartition(decimal_mark)
        if whole.count(decimal_mark) or not _grouped(whole, group_mark):
            return None, None
        return Decimal(whole.replace(group_mark, "") + "." + frac), None
    mark = "." if dots else ","
    parts = body.split(mark)
    if len(parts) > 2:  # "1.234.567": only thousands groups repeat
        return (Decimal("".join(parts)), None) if _grouped(body, mark) else (None, None)
    whole, frac = parts
    as_decimal = Decimal(whole + "." + frac)
    if len(frac) != 3 or len(whole) > 3 or (whole.startswith("0")):
        return as_decimal, None  # "439.72", "0,162", "1234,567": only a decimal mark fits
    as_thousands = Decimal(whole + frac)
    # Ambiguous: the Vietnamese way decides ("3,402" = 3.402, "1.234" = 1234).
    return (as_decimal, as_thousands) if mark == "," else (as_thousands, as_decimal)


def _grouped(text: str, mark: str) -> bool:
    return re.fullmatch(r"\d{1,3}(?:" + re.escape(mark) + r"\d{3})*", text) is not None


_TRAILING_BRACKETS = re.compile(r"[(\[]([^()\[\]]*)[)\]]\s*$")


@lru_cache(maxsize=65536)  # header search asks it of the same top-row texts for every candidate table
def _strip_brackets(header: str) -> tuple[str, str]:
    """('Kinh phí giao', 'triệu đồng') for 'Kinh phí giao (triệu đồng)'."""
    match = _TRAILING_BRACKETS.search(header)
    if not match:
        return header.strip(), ""
    return header[: match.start()].strip(), match.group(1).strip()


def money_unit(text: str, *, within: bool = False) -> int | None:
    """Đồng per unit for a money unit as written ("Tr.đồng", "tỷ VNĐ", "1.000đ", "nghìn"); None if not one.

    `within`: the unit may end a longer text ("ĐVT: triệu đồng"); it must then name the currency.
    """
    # "Đồng Việt Nam", as financial statements write the unit: the country names no scale.
    folded = re.sub(r"(?<=dong)(?:vietnam|vn)$", "", fold(text or ""))
    if not folded:
        return None
    currency = next((c for c in _CURRENCY_WORDS if folded.endswith(c)), "")
    head = folded[: len(folded) - len(currency)]
    digits = _SCALE_DIGITS.search(head)
    if digits and currency and (within or digits.start() == 0) and int(digits.group(1)) > 0:
        return int(digits.group(1))
    for word, multiplier in _SCALE_WORDS:
        if head == word and (word or currency):
            return multiplier
        if within and currency and head.endswith(word):
            return multiplier
    return None


def unit_from_header(header: str) -> tuple[int, bool]:
    """(multiplier in đồng, unit found) for a column header; no unit -> (1_000_000, False)."""
    base, inside = _strip_brackets(str(header or ""))
    if inside:
        found = money_unit(inside, within=True) or money_unit(inside)
        if found:
            return found, True
    # Without brackets only a unit that says "đồng"/"VND" counts: "Đã giải ngân" ends in "ngân", not a unit.
    folded = fold(base)
    if folded.endswith(("dong", "vnd")):
        found = money_unit(base, within=True)
        if found:
            return found, True
    return DEFAULT_UNIT_VND, False


def unit_of_title(text: str) -> int | None:
    """The unit a title row states ("Đơn vị tính: đồng", "ĐVT: triệu đồng"), or None (format §7).

    "Đơn vị tính"/"ĐVT" names a unit wherever it stands ("BÁO CÁO … (Đơn vị tính: triệu đồng)"). A bare
    "Đơn vị:" more often names the agency ("Đơn vị: Sở TT&TT tỉnh Lâm Đồng", whose name ends in "Đồng"):
    it states a unit only when all that follows is one ("Đơn vị: triệu đồng").
    """
    text = unicodedata.normalize("NFC", text)
    match = _UNIT_LABEL.search(text) or _AGENCY_OR_UNIT_LABEL.match(text)
    if not match:
        return None
    stated = _TRAILING_ALIAS.sub("", match.group(1))  # "triệu đồng (Tr.đ)": the alias repeats the unit
    if match.re is _AGENCY_OR_UNIT_LABEL:
        return money_unit(stated)
    return money_unit(stated) or money_unit(stated, within=True)


def is_nil_dash(text: str) -> bool:
    """A lone -, – or — : what agencies write for nil in an amount cell (format §7)."""
    return text.strip() in _NIL_DASHES


def header_base(header: str) -> str:
    """The header without a trailing "(...)": how it is matched against the format's names."""
    return _strip_brackets(str(header or ""))[0]


# Exact for anything a float cell can hold (up to ~1e308); the default context's other settings. One shared
# context rather than a localcontext per amount: entering one cost more than the arithmetic.
_EXACT = Context(prec=400, rounding=ROUND_HALF_EVEN)
_ONE = Decimal(1)


def to_vnd(value: Decimal, multiplier: int) -> int:
    """Whole đồng, rounded half up."""
    return int(_EXACT.multiply(Decimal(value), multiplier).quantize(_ONE, rounding=ROUND_HALF_UP, context=_EXACT))


def unit_multiplier(unit: str) -> int | None:
    """Đồng per unit as written after an amount ("triệu đồng", "tr.đ", "tỷ", "đ"); None if not a money unit."""
    return money_unit(unit)


def read_vnd(value, unit: str | None = None) -> int | None:
    """Whole đồng for a number and its unit: read_vnd("3,402", "triệu đồng") -> 3_402_000.

    The one money reader: spreadsheet cells, narrative sentences, .docx cells and the review step's edited
    values all come here. A unit written inside `value` ("3,402 triệu") wins over `unit`; no unit at all
    means đồng. None when `value` is not a number, is a percentage, or `unit` is not a money unit.
    """
    reading = parse_number(value)
    if reading.value is None or reading.percent:
        return None
    multiplier = reading.unit_vnd or (unit_multiplier(unit) if unit else 1)
    if multiplier is None:
        return None
    return to_vnd(reading.value, multiplier)


def parse_vnd(text: str) -> int:
    """Whole đồng from text such as '3.402.000 đồng' or '3,402 triệu'; a bare number is đồng."""
    amount = read_vnd(text)
    if amount is None:
        raise ValueError(f"not an amount: {text!r}")
    return amount


def read_decimal(text) -> Decimal | None:
    """The plain number in text ("439,72" -> 439.72), by the same rules as cells; None with a unit or "%"."""
    reading = parse_number(text)
    return None if reading.unit_vnd or reading.percent else reading.value


def excel_datetime(serial: float, date1904: bool = False) -> datetime | None:
    """The moment an Excel date serial stands for, in the workbook's date system (1900 or 1904); None if out of range."""
    if not (0 <= serial <= _MAX_SERIAL):
        return None
    epoch = _EXCEL_EPOCH_1904 if date1904 else datetime(1899, 12, 30)
    return epoch + timedelta(days=serial)


def _from_serial(value) -> date | None:
    if isinstance(value, bool):
        return None
    try:
        serial = float(value)
    except (TypeError, ValueError):
        return None
    if not (_MIN_SERIAL <= serial <= _MAX_SERIAL):
        return None
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


# Compiled once: parse_date and parse_month run for every date and month cell.
_DAY_MONTH_YEAR = re.compile(r"(?:ngày\s*)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})", re.IGNORECASE)
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DAY_IN_WORDS = re.compile(r"(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"(?:tháng\s*)?(\d{1,2})\s*(?:[/.\-]|\s+năm\s+|\s+)\s*(\d{4})", re.IGNORECASE)
_YEAR_MONTH = re.compile(r"(\d{4})\s*[/\-]\s*(\d{1,2})")


def parse_date(cell) -> date | None:
    """A day from a date cell, an Excel serial, or text dd/mm/yyyy, d-m-yyyy, yyyy-mm-dd; None if not one."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, (int, float)):
        return _from_serial(cell)
    if not isinstance(cell, str):
        return None
    text = unicodedata.normalize("NFC", cell).strip()
    m = _DAY_MONTH_YEAR.fullmatch(text)
    if m:
        return _safe_date(int(m[3]), int(m[2]), int(m[1]))
    m = _ISO_DAY.fullmatch(text)
    if m:
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    m = _DAY_IN_WORDS.fullmatch(text)
    if m:
        return _safe_date(int(m[3]), int(m[2]), int(m[1]))
    if re.fullmatch(r"\d{5}(?:\.0+)?", text):
        return _from_serial(text)
    return None


def parse_month(cell) -> date | None:
    """First day of the month from mm/yyyy, m/yyyy, 'tháng 10/2023', yyyy-mm or a date; None if not one."""
    if isinstance(cell, str):
        text = unicodedata.normalize("NFC", cell).strip()
        m = _MONTH_YEAR.fullmatch(text)
        if m:
            return _safe_date(int(m[2]), int(m[1]), 1)
        m = _YEAR_MONTH.fullmatch(text)
        if m:
            return _safe_date(int(m[1]), int(m[2]), 1)
    day = parse_date(cell)
    return day.replace(day=1) if day else None
