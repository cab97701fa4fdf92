"""The agency list a Sở keeps (who must report, their group, the e-mail reminders go to): read and checked.

One check for both ways in, `python -m admin agencies import FILE.csv` and the editor on Tình hình nộp báo cáo:
check_agencies() collects every problem (an Issue naming row and column) before anything is written, and gives
back the rows ScopedStore.upsert_agencies takes. The scope (which provinces a user may change) stays the store's.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

import units
from domain import Issue, fold
from loaders.messages import issue

COLUMNS = ("code", "name", "province", "agency_group", "expected_to_report", "email")
# e-mail may be left out (sample_data/agencies.csv has none): the store then keeps the addresses it knows.
REQUIRED_COLUMNS = COLUMNS[:5]
MAX_CODE_CHARS = 64  # agencies.code is String(64)
# Longer text is a pasted paragraph, not a name: refused before it reaches the pages that show the list.
MAX_CHARS = {"name": 300, "province": 100, "agency_group": 100, "email": 254}  # 254: RFC 5321's longest address

# Simple on purpose: one @, no spaces, a dot in the domain. The SMTP server is the real judge; this catches the
# typos (a missing @, two addresses in one cell, "a@b") that would silently leave an agency without reminders.
_EMAIL = re.compile(r"[^@\s,;<>()\[\]\"']+@[^@\s,;<>()\[\]\"']+\.[^@\s,;<>()\[\]\"'.]+")
_YES = {"1", "x", "co", "true", "yes"}  # folded: "có", "X", "Có" all count
_NO = {"0", "khong", "false", "no"}


@dataclass
class Checked:
    """Rows ready for the store (code, name, province, agency_group, expected_to_report, email) and the problems."""

    rows: list[dict] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(i.is_error for i in self.issues)


class UnreadableFile(ValueError):
    """The file is not UTF-8 text at all: a usage problem, nothing to check row by row."""


def read_csv(name: str, raw: bytes) -> tuple[list[tuple[int, dict]], list[Issue]]:
    """(line number, row) for every data row of an agency CSV, and the header's problems.

    UTF-8 with or without BOM; `;` (Excel in a Vietnamese locale) or `,` between columns, whichever the header uses.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(name) from exc
    header = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    found = [(h or "").strip().lower() for h in reader.fieldnames or []]
    reader.fieldnames = found
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if missing:
        return [], [issue("agency-missing-column", name, row=1, column=c, column_name=c) for c in missing]
    rows = []
    for row in reader:
        values = {k: v for k, v in row.items() if k is not None}
        if any((v or "").strip() for v in values.values()):  # a blank line (often the last) is not an agency
            rows.append((reader.line_num, values))
    return rows, []


def check_agencies(
    numbered: Iterable[tuple[int, Mapping[str, object]]],
    file: str,
    stored_provinces: Collection[str],
    labels: Mapping[str, str] | None = None,
) -> Checked:
    """Every row checked (code and name given, a known province, a valid e-mail, no code twice), all problems kept.

    numbered: (row number as the user sees it, row by COLUMNS); labels: column -> the header the user sees
    (the editor's Vietnamese headers; the CSV's own names by default). A province is known when the registry of
    administrative units has it (any name since 2015, "tỉnh" or not) or the agency list already uses it (the
    illustrative "Tỉnh Minh Hoạ" of the samples); it is stored under the name the list or the registry uses.
    """
    label = dict(labels or {})
    out = Checked()
    first_row: dict[str, int] = {}

    def problem(code: str, row: int, column: str, **facts) -> None:
        out.issues.append(issue(code, file, row=row, column=label.get(column, column), **facts))

    numbered = list(numbered)
    if not numbered:
        out.issues.append(issue("agency-no-rows", file))
    for row, values in numbered:
        code, name, province, group, email = (
            _text(values.get(c)) for c in ("code", "name", "province", "agency_group", "email")
        )
        for column, value in (("code", code), ("name", name), ("province", province)):
            if not value:
                problem("agency-field-required", row, column, column_name=label.get(column, column))
        for column, value in (("name", name), ("province", province), ("agency_group", group), ("email", email)):
            if len(value) > MAX_CHARS[column]:
                name_of = label.get(column, column)
                problem(
                    "agency-field-too-long",
                    row,
                    column,
                    column_name=name_of,
                    length=len(value),
                    limit=MAX_CHARS[column],
                )
        if code and (len(code) > MAX_CODE_CHARS or any(ch.isspace() for ch in code)):
            problem("agency-bad-code", row, "code", value=code, limit=MAX_CODE_CHARS)
        elif code in first_row:
            problem("agency-duplicate-code", row, "code", value=code, other=first_row[code])
        elif code:
            first_row[code] = row
        known = known_province(province, stored_provinces) if province else None
        if province and known is None:
            problem("agency-unknown-province", row, "province", value=province)
        expected = _expected(values.get("expected_to_report"))
        if expected is None:
            problem("agency-bad-expected", row, "expected_to_report", value=_text(values.get("expected_to_report")))
        if email and not _EMAIL.fullmatch(email):
            problem("agency-bad-email", row, "email", value=email)
        out.rows.append(
            {
                "code": code,
                "name": name,
                "province": known or province,
                "agency_group": group or None,
                "expected_to_report": bool(expected) if expected is not None else True,
                "email": email or None,
            }
        )
    if not out.ok:
        out.rows = []  # all or nothing: a caller cannot store half a list by mistake
    return out


def known_province(name: str, stored: Collection[str]) -> str | None:
    """The name a province is kept under: as the agency list writes it, else the registry's; None if unknown."""
    key = fold(name)
    same = next((s for s in stored if isinstance(s, str) and fold(s) == key), None)
    if same is not None:
        return same
    unit = units.find_by_name(name)
    if unit is None:
        return None
    return next((s for s in stored if isinstance(s, str) and fold(s) == fold(unit.name)), unit.name)


def _text(value: object) -> str:
    """A cell as text: None and pandas' empty cells (NaN) are ""."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _expected(value: object) -> bool | None:
    """1/0, có/không, x, true/false (a checkbox); an empty cell means the agency reports. None: not understood."""
    if isinstance(value, bool):
        return value
    text = fold(_text(value))
    if not text or text in _YES:
        return True
    return False if text in _NO else None
