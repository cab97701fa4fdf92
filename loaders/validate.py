"""The §4 checks on one parsed row, shared by the xlsx and csv readers.

Each check is a pure function of the row's values, returning findings (code, column key, fields).
Running the same checks on the other reading of an ambiguous number tells whether the ambiguity
matters: the ambiguous-number warning names a cell only when it would flip a result (format §1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain import INDICATORS, MAX_YEAR, MIN_YEAR, PERCENT_INDICATORS

from .numbers import format_number, format_vnd

# One parsed cell (records._RowReader.parse): text, whole đồng or a year (int), a number (Decimal), a day.
Value = str | int | Decimal | date | None
Values = dict[str, Value]


def get_int(values: Values, key: str) -> int | None:
    """A money (whole đồng) or year value: the reader gives int for those columns."""
    value = values.get(key)
    assert value is None or isinstance(value, int), f"{key}: {value!r}"
    return value


def get_decimal(values: Values, key: str) -> Decimal | None:
    """A number or percentage value: the reader gives Decimal for those columns."""
    value = values.get(key)
    assert value is None or isinstance(value, Decimal), f"{key}: {value!r}"
    return value


def get_date(values: Values, key: str) -> date | None:
    value = values.get(key)
    assert value is None or isinstance(value, date), f"{key}: {value!r}"
    return value


def get_str(values: Values, key: str) -> str | None:
    value = values.get(key)
    assert value is None or isinstance(value, str), f"{key}: {value!r}"
    return value


@dataclass(frozen=True)
class Finding:
    code: str
    key: str | None  # column key (schema Column.key) the finding points at
    fields: tuple[tuple[str, str], ...] = ()


def _f(code: str, key: str | None, **fields) -> Finding:
    return Finding(code, key, tuple((k, str(v)) for k, v in fields.items()))


def year_findings(value: int | None, key: str) -> list[Finding]:
    if value is not None and not (MIN_YEAR <= value <= MAX_YEAR):
        return [_f("year-out-of-range", key, value=value)]
    return []


def pct_findings(value: Decimal | None, key: str) -> list[Finding]:
    if value is not None and not (0 <= value <= 100):
        return [_f("pct-out-of-range", key, value=format_number(value))]
    return []


def negative_findings(values: Values, *keys: str) -> list[Finding]:
    amounts = [(k, get_int(values, k)) for k in keys]
    return [
        _f("negative-amount", k, value=format_vnd(amount)) for k, amount in amounts if amount is not None and amount < 0
    ]


def budget_findings(v: Values, report_date: date | None) -> list[Finding]:
    """KinhPhi line: amounts, disbursed vs allocated, expected %, dates (format §2, §4)."""
    out = negative_findings(v, "allocated", "disbursed")
    allocated, disbursed = get_int(v, "allocated"), get_int(v, "disbursed")
    if allocated is not None and disbursed is not None and disbursed > allocated:
        out.append(
            _f(
                "disbursed-over-allocated",
                "disbursed",
                disbursed=format_vnd(disbursed),
                allocated=format_vnd(allocated),
            )
        )
    out += pct_findings(get_decimal(v, "expected_pct"), "expected_pct")
    row_as_of = get_date(v, "as_of")
    as_of = row_as_of or report_date
    done = get_date(v, "procurement_done")
    if disbursed == 0 and done is not None and as_of is not None and done <= as_of:
        out.append(_f("disbursed-zero-after-procurement", "disbursed", month=done.strftime("%m/%Y")))
    if row_as_of is not None and report_date is not None and row_as_of > report_date:
        out.append(
            _f(
                "as-of-after-report-date",
                "as_of",
                as_of=row_as_of.strftime("%d/%m/%Y"),
                report_date=report_date.strftime("%d/%m/%Y"),
            )
        )
    return out


def indicator_findings(v: Values) -> list[Finding]:
    """ChiSo row: known code, percentages 0-100, value <= out_of, year range."""
    out: list[Finding] = []
    code, value, out_of = get_str(v, "code"), get_decimal(v, "value"), get_decimal(v, "out_of")
    if code and code not in INDICATORS:
        out.append(_f("unknown-indicator", "code", value=code))
    if code in PERCENT_INDICATORS:
        out += pct_findings(value, "value")
    if value is not None and out_of is not None and value > out_of:
        out.append(_f("value-over-out-of", "value", value=format_number(value), out_of=format_number(out_of)))
    out += year_findings(get_int(v, "applies_to_year"), "applies_to_year")
    return out


def request_findings(v: Values) -> list[Finding]:
    return year_findings(get_int(v, "year"), "year") + negative_findings(v, "amount")


def total_findings(stated: int | None, computed: int, key: str) -> list[Finding]:
    if stated is not None and stated != computed:
        return [_f("total-mismatch", key, stated=format_vnd(stated), computed=format_vnd(computed))]
    return []


def with_ambiguity(
    check: Callable[[Values], list[Finding]], values: Values, alternatives: dict[str, Value]
) -> tuple[list[Finding], list[str]]:
    """Findings for the row, and the keys whose other reading would change them."""
    found = check(values)
    if not alternatives:  # most rows: nothing to compare the findings with
        return found, []
    base = {(f.code, f.key) for f in found if f.code != "ambiguous-number"}
    flips = []
    for key, other in alternatives.items():
        if other is None:
            continue
        changed = check({**values, key: other})
        if {(f.code, f.key) for f in changed} != base:
            flips.append(key)
    return found, flips


def as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
