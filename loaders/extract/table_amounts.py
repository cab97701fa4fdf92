"""Amounts in the money tables of a report (issue 18): a .docx table, or a text table text.py split into cells.

Budget decisions and plans put their figures in tables: bare numbers under a header that names the unit
("Kinh phí (triệu đồng)"), under a "ĐVT: triệu đồng" line above the table, or cells that write their own unit.
Each figure in a money column is one Amount (read by loaders/numbers.py); the column header says its role and
the row's task cell its task. A "Tổng cộng"/"Cộng" row is a total, checked against the rows it sums.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..numbers import money_unit, read_decimal, to_vnd, unit_of_title
from . import rules as R
from .amounts import Amount, Role
from .model import Block

_NEVER_MONEY = re.compile(
    r"^(?:stt|tt|so tt|so thu tu)$|ty le|%|so luong|so nguoi|don vi tinh|dvt|ghi chu|thoi gian|nam thuc hien|"
    r"^nam$|khoi luong|dien tich|ma so|so hieu"
)
_MONEY_WORDS = re.compile(
    r"kinh phi|du toan|von|so tien|giai ngan|tong muc|thanh tien|de xuat|nhu cau|bo tri|phan bo|ke hoach|"
    r"quyet toan|tong so|gia tri|ngan sach|nam 20\d\d|chi phi|muc chi|\bgiao\b"
)
_TASK_HEADER = re.compile(r"noi dung|nhiem vu|^ten|\bten\b|hang muc|du an|chuong trinh|danh muc|cong viec|linh vuc")
_STT_HEADER = re.compile(r"^(?:stt|tt|so tt|so thu tu)$")
_TOTAL = re.compile(r"^\s*(?:tổng\s+cộng|tổng\s+số|tổng|cộng)\b", re.IGNORECASE)
_ROLES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    ("disbursed", re.compile(r"giai ngan|da chi|da su dung|da thuc hien|uoc thuc hien|quyet toan|thanh toan")),
    ("requested", re.compile(r"de xuat|du kien|nhu cau|kien nghi|de nghi|dang ky")),
    ("allocated", re.compile(r"du toan|phe duyet|\bgiao\b|bo tri|phan bo|ke hoach von|tong muc|kinh phi")),
)
_BRACKET = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_PLAIN_NUMBER = re.compile(rf"^{R.NUM}$")
_STT = re.compile(r"^(?:(?P<roman>[IVXLC]+)|(?P<num>\d+(?:\.\d+)*)|(?P<sub>[a-zđ]|[-+*]))[.)]?$")


@dataclass(frozen=True)
class TableTotal:
    """A total row's figure, the figures of the rows it sums (same column), and whether they add up."""

    total: Amount
    parts: tuple[Amount, ...]
    ok: bool


def header_unit(text: str) -> int | None:
    """Đồng per unit a header or caption names: "(triệu đồng)", "ĐVT: tỷ đồng", "Số tiền, đồng"."""
    for inside in _BRACKET.findall(text):
        found = unit_of_title(inside) or money_unit(inside, within=True) or money_unit(inside)
        if found:
            return found
    found = unit_of_title(text)
    if found:
        return found
    folded = R.fold_words(text)
    return money_unit(text, within=True) if folded.endswith(("dong", "vnd")) else None


def _depth(stt: str) -> int:
    m = _STT.match(stt.strip())
    if not m:
        return 1
    if m.group("roman"):
        return 0
    if m.group("num"):
        return m.group("num").count(".") + 1
    return 3


def _cell_money(text: str, unit: int | None) -> tuple[int, int, int] | None:
    """(đồng, start, end) of a cell's figure: its own unit first, else the column's; None for anything else."""
    text = text.strip()
    m = R.MONEY.fullmatch(text) or R.MONEY.match(text)
    if m and m.end() == len(text.rstrip(" .")):
        vnd = R.money_vnd(m.group("num"), m.group("unit"))
        return (vnd, m.start("num"), m.end()) if vnd else None
    if unit is None or not _PLAIN_NUMBER.match(text):
        return None
    value = read_decimal(text)
    if value is None or value <= 0:
        return None
    return to_vnd(value, unit), 0, len(text)


def read_table(cells: list[Block], caption: list[Block]) -> tuple[list[Amount], list[TableTotal]]:
    """Amounts of one table's cells; `caption` are the prose blocks just above it ("ĐVT: triệu đồng")."""
    grid: dict[int, dict[int, Block]] = {}
    for b in cells:
        assert b.cell is not None  # a table's blocks are its cells
        grid.setdefault(b.cell[0], {})[b.cell[1]] = b
    rows = [grid[r] for r in sorted(grid)]
    columns = sorted({c for row in rows for c in row})
    table_unit = next((u for b in caption if (u := unit_of_title(b.text))), None)
    # Header rows: those before the first row with a figure. A header cell merged over several columns is
    # written once (text._docx_blocks), so an upper header row's text carries to the columns right of it.
    n_head = 0
    while n_head < len(rows) and not any(_cell_money(b.text, 1) for c, b in rows[n_head].items() if c != columns[0]):
        n_head += 1
    header = {c: "" for c in columns}
    for r, row in enumerate(rows[:n_head]):
        last = ""
        for c in columns:
            if c in row:
                last = row[c].text
                table_unit = table_unit or (unit_of_title(last) if len(row) == 1 else None)
            if c in row or r < n_head - 1:
                header[c] = (header[c] + " " + (row[c].text if c in row else last)).strip()
    folded = {c: R.fold_words(h) for c, h in header.items()}
    stt_c = next((c for c in columns if _STT_HEADER.match(folded[c])), None)
    task_c = next((c for c in columns if _TASK_HEADER.search(folded[c]) and not header_unit(header[c])), None)
    units: dict[int, int | None] = {}
    for c in columns:
        own = header_unit(header[c])
        never = bool(_NEVER_MONEY.search(folded[c])) and not own
        units[c] = None if never else own or (table_unit if _MONEY_WORDS.search(folded[c]) else None)
    amounts: list[Amount] = []
    by_column: dict[int, list[tuple[int, bool, Amount]]] = {}
    # Once per column, not per cell: per cell it made a 4.000-row pasted table take seconds (quadratic).
    year_columns = {c for c in columns if units[c] is not None and _year_like(rows[n_head:], c)}
    for row in rows[n_head:]:
        texts = [b.text for _, b in sorted(row.items())]
        if _counting_row(texts):
            continue  # "1 | 2 | 3 | 4": the column numbers printed under the header
        is_total = any(_TOTAL.match(t) for t in texts)
        stt = (
            row[stt_c].text
            if stt_c is not None and stt_c in row
            else (row[columns[0]].text if columns[0] in row else "")
        )
        task_cell = row.get(task_c) if task_c is not None else None
        if task_cell is None:
            task_cell = next((b for c, b in sorted(row.items()) if c != stt_c and not _cell_money(b.text, 1)), None)
        task = R.tidy(R.strip_marker(task_cell.text)) if task_cell else ""
        for c, b in sorted(row.items()):
            if c in (stt_c, task_c) or (task_cell is not None and b is task_cell):
                continue
            if units[c] is None and _NEVER_MONEY.search(folded[c]):
                continue  # a count, a year, a percentage: never money even when the cell names a unit
            got = _cell_money(b.text, units[c])
            if got is None or (c in year_columns and not header_unit(header[c])):
                continue
            role = _role(folded[c], task)
            a = Amount(got[0], role, task, b, got[1], got[2], total=is_total)
            amounts.append(a)
            by_column.setdefault(c, []).append((_depth(stt) if not is_total else -1, is_total, a))
    return amounts, [t for col in by_column.values() for t in _totals(col)]


def _role(header: str, task: str) -> Role:
    for role, pattern in _ROLES:
        if pattern.search(header):
            return role
    folded = R.fold_words(task)
    for role, pattern in _ROLES:
        if pattern.search(folded):
            return role
    return "allocated"


def _counting_row(texts: list[str]) -> bool:
    numbers = [int(t.strip("()")) for t in texts if re.fullmatch(r"\(?\d{1,2}\)?", t.strip())]
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _year_like(rows: list[dict[int, Block]], c: int) -> bool:
    """Every figure of column c is a year (a "Năm" column whose header the unit caption would otherwise cover)."""
    values = [b.text.strip() for row in rows if (b := row.get(c)) is not None and b.text.strip()]
    return bool(values) and all(re.fullmatch(r"(?:19|20)\d\d", v) for v in values)


def _totals(column: list[tuple[int, bool, Amount]]) -> list[TableTotal]:
    """Each total of a column against the rows above it: the top-level rows, or else the innermost ones."""
    out = []
    parts = [(d, a) for d, t, a in column if not t]
    for _, is_total, total in column:
        if not is_total or not parts:
            continue
        top = min(p for p, _ in parts)
        tops = tuple(a for p, a in parts if p == top)
        leaves = tuple(a for i, (p, a) in enumerate(parts) if i + 1 == len(parts) or parts[i + 1][0] <= p)
        for group in (tops, leaves):
            if len(group) >= 2 and sum(a.vnd for a in group) == total.vnd:
                out.append(TableTotal(total, group, True))
                break
        else:
            out.append(TableTotal(total, tops, False))
    return out
