"""Tables of a .docx report: a budget, indicator or request table read cell by cell.

Part of the engine's walk (engine._Walk mixes this in): it records lines, indicators and requests, spans
and issues through the walk's own methods and lists. Money cells are read by loaders/numbers.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date

from domain import BudgetLine, FundingSource

from ..numbers import to_vnd, unit_multiplier
from ..schema import DEFAULT_UNIT_VND, funding_source
from . import rules as R
from .model import Block

Row = dict[int, Block]  # column -> cell
ColumnFinder = Callable[..., int | None]  # col(*patterns, exclude=...) of TableReading.table


class TableReading:
    """The table half of the walk; the host provides warn, span, identity, indicators_in, add_indicator,
    add_candidate, base_year and the lists lines, source_lines and requests (declared here for the type
    checker; engine._Walk defines them)."""

    lines: list[BudgetLine]
    source_lines: Counter[str]
    requests: list[R.RequestDraft]

    @property
    def base_year(self) -> int | None:
        raise NotImplementedError

    def warn(self, code: str, block: Block | None, column: str | None = None, **fields: object) -> None:
        raise NotImplementedError

    def span(self, field: str, block: Block, start: int, end: int) -> None:
        raise NotImplementedError

    def identity(self, block: Block, in_body: bool) -> None:
        raise NotImplementedError

    def indicators_in(self, block: Block) -> None:
        raise NotImplementedError

    def add_indicator(self, hit: R.IndicatorHit, block: Block) -> None:
        raise NotImplementedError

    def add_candidate(self, hit: R.IndicatorHit, block: Block) -> None:
        raise NotImplementedError

    def table(
        self, cells: list[Block], mode: str | None, source: FundingSource | None, req_year: int | None
    ) -> str | None:
        grid: dict[int, Row] = {}
        for c in cells:
            assert c.cell is not None  # a table's blocks are its cells (text._docx_blocks)
            grid.setdefault(c.cell[0], {})[c.cell[1]] = c
        rows = [grid[r] for r in sorted(grid)]
        header = {c: R.fold_words(b.text) for c, b in rows[0].items()} if rows else {}

        def col(*patterns: str, exclude: str = "^$") -> int | None:
            for c, h in header.items():
                if any(re.search(p, h) for p in patterns) and not re.search(exclude, h):
                    return c
            return None

        task_c = col(r"nhiem vu|noi dung|ten du an|hang muc")
        money_c = col(r"kinh phi|giao|phan bo|du toan|so tien|nhu cau", exclude=r"^nguon|giai ngan|du kien giai|%")
        label_c = col(r"chi so|chi tieu|tieu chi")
        value_c = col(r"gia tri|ket qua|so lieu|dat duoc")
        is_request = mode == "requests" or col(r"nhu cau|de xuat|nam 20\d\d") is not None
        if task_c is not None and money_c is not None:
            year = req_year
            for h in header.values():
                m = re.search(r"nam (20\d\d)", h)
                if m and self.base_year and int(m.group(1)) > self.base_year:
                    year, is_request = int(m.group(1)), True
            if is_request:
                self.request_table(rows, header, col, task_c, money_c, year)
            else:
                self.budget_table(rows, header, col, task_c, money_c, source)
            return mode
        if label_c is not None and value_c is not None:
            self.indicator_table(rows, label_c, value_c, col(r"tren tong|toi da|tong so"))
            return mode
        for c in cells:  # a layout table (letterhead, signature): read its cells as prose
            self.identity(c, False)
            self.indicators_in(c)
        return mode

    def unit_of(self, header_text: str, block: Block) -> int:
        """Đồng per unit named in a money column's (folded) header; triệu đồng, with a warning, if none."""
        m = re.search(r"(ty dong|trieu dong|tr d|trd|nghin dong|ngan dong|dong)", header_text)
        if m:
            return unit_multiplier(m.group(1)) or DEFAULT_UNIT_VND
        self.warn("unit-assumed", block, block.text, column_name=block.text)
        return DEFAULT_UNIT_VND

    def cell_money(self, cell: Block | None, factor: int) -> tuple[int, int, int] | None:
        if cell is None:
            return None
        m = R.MONEY.search(cell.text)
        if m:
            vnd = R.money_vnd(m.group("num"), m.group("unit"))
            return (vnd, m.start("num"), m.end()) if vnd is not None else None
        m = re.search(R.NUM, cell.text)
        if m is None:
            return None
        value = R.read_decimal(m.group(0))
        if value is None:
            return None
        return to_vnd(value, factor), m.start(), m.end()

    def budget_table(
        self,
        rows: list[Row],
        header: dict[int, str],
        col: ColumnFinder,
        task_c: int,
        money_c: int,
        source: FundingSource | None,
    ) -> None:
        src_c = col(r"^nguon|nguon kinh phi")
        paid_c = col(r"giai ngan", exclude=r"du kien|%")
        exp_c = col(r"du kien|%")
        proc_c = col(r"hinh thuc|lua chon")
        done_c = col(r"hoan thanh|thoi gian")
        who_c = col(r"don vi thuc hien|nha thau")
        factor = self.unit_of(header[money_c], rows[0][money_c])
        paid_factor = self.unit_of(header[paid_c], rows[0][paid_c]) if paid_c is not None else factor
        current: FundingSource = source or "a"
        for row in rows[1:]:
            task_cell = row.get(task_c)
            if task_cell is None:
                continue
            src_text = row[src_c].text.strip() if src_c is not None and src_c in row else ""
            found = R.source_of_header(Block(0, "a) kinh phí " + src_text, 0)) if src_text else None
            if src_text[:1].lower() in "abc" and len(src_text) <= 3:
                found = funding_source(src_text[:1].lower())  # None for "": "" is in "abc"
            header_src = R.source_of_header(task_cell)
            if header_src and self.cell_money(row.get(money_c), factor) is None:
                current = header_src
                continue
            current = found or header_src or current
            task = R.tidy(R.strip_marker(task_cell.text))
            if not task or re.fullmatch(r"(?:tổng cộng|tổng|cộng)", task, re.IGNORECASE):
                continue
            allocated = self.cell_money(row.get(money_c), factor)
            if allocated is None:
                continue
            d = R.LineDraft(current, task, task_cell)
            d.allocated = allocated
            d.disbursed = self.cell_money(row.get(paid_c), paid_factor) if paid_c is not None else None
            if exp_c is not None and exp_c in row:
                m = re.search(R.NUM, row[exp_c].text)
                value = R.read_decimal(m.group(0)) if m else None
                if m and value is not None:
                    d.expected = (float(value), m.start(), m.end())
            if proc_c is not None and proc_c in row:
                probe = R.read_budget_block(Block(0, "x: 1 đồng, đã hoàn thành " + row[proc_c].text, 0), current)
                if probe and probe.procurement:
                    d.procurement = (probe.procurement[0], 0, len(row[proc_c].text))
            if done_c is not None and done_c in row:
                m = re.search(r"(?P<m>\d{1,2})/(?P<y>\d{4})", row[done_c].text)
                if m and 1 <= int(m.group("m")) <= 12:
                    d.procurement_done = (date(int(m.group("y")), int(m.group("m")), 1), m.start(), m.end())
            if who_c is not None and who_c in row and row[who_c].text.strip():
                d.contractor = (R.tidy(row[who_c].text), 0, len(row[who_c].text))
            self.add_line_from_cells(d, row, money_c, paid_c, exp_c, proc_c, done_c, who_c)

    def add_line_from_cells(
        self,
        d: R.LineDraft,
        row: Row,
        money_c: int,
        paid_c: int | None,
        exp_c: int | None,
        proc_c: int | None,
        done_c: int | None,
        who_c: int | None,
    ) -> None:
        # Spans of table figures point at their own cell, not at the task cell.
        assert d.allocated is not None  # budget_table adds only rows with an amount
        i = len(self.lines)
        self.lines.append(
            BudgetLine(
                funding_source=d.source,
                task=d.task,
                allocated_vnd=d.allocated[0],
                disbursed_vnd=d.disbursed[0] if d.disbursed else None,
                expected_pct=d.expected[0] if d.expected else None,
                procurement=d.procurement[0] if d.procurement else None,
                procurement_done=d.procurement_done[0] if d.procurement_done else None,
                contractor=d.contractor[0] if d.contractor else None,
                source_row=d.block.row,
            )
        )
        self.source_lines[d.source] += 1
        self.span(f"budget_lines[{i}].task", d.block, 0, len(d.block.text))
        for name, part, c in (
            ("allocated_vnd", d.allocated, money_c),
            ("disbursed_vnd", d.disbursed, paid_c),
            ("expected_pct", d.expected, exp_c),
            ("procurement", d.procurement, proc_c),
            ("procurement_done", d.procurement_done, done_c),
            ("contractor", d.contractor, who_c),
        ):
            if part and c is not None:
                self.span(f"budget_lines[{i}].{name}", row[c], part[1], part[2])
        if d.disbursed is None:
            self.warn("disbursed-not-reported", d.block)

    def indicator_table(self, rows: list[Row], label_c: int, value_c: int, max_c: int | None) -> None:
        for row in rows[1:]:
            if label_c not in row or value_c not in row:
                continue
            label, cell = row[label_c].text, row[value_c]
            code = R.indicator_code_of_label(label)
            m = R.PAIR.search(cell.text)
            pct = R.PERCENT.search(cell.text)
            if m:
                value, out_of = R.read_decimal(m.group("x")), R.read_decimal(m.group("y"))
                start, end = m.start("x"), m.end("y")
            else:
                n = pct or re.search(R.NUM, cell.text)
                if not n:
                    continue
                value = R.read_decimal(n.group("num") if pct else n.group(0))
                out_of, start, end = None, n.start(), n.end()
                if max_c is not None and max_c in row:
                    mx = re.search(R.NUM, row[max_c].text)
                    out_of = R.read_decimal(mx.group(0)) if mx else None
            if value is None:
                continue
            year = re.search(r"năm\s+(20\d\d)", label)
            hit = R.IndicatorHit(
                code or "",
                R.as_number(value),
                R.as_number(out_of) if out_of is not None else None,
                start,
                end,
                int(year.group(1)) if year else None,
            )
            if code:
                self.add_indicator(hit, cell)
            else:
                hit.code = "khac-" + re.sub(r"[^a-z0-9]+", "-", R.fold_words(label))[:40].strip("-")
                hit.name = R.tidy(label)
                self.add_candidate(hit, cell)

    def request_table(
        self, rows: list[Row], header: dict[int, str], col: ColumnFinder, task_c: int, money_c: int, year: int | None
    ) -> None:
        factor = self.unit_of(header[money_c], rows[0][money_c])
        basis_c, who_c, cat_c = col(r"can cu"), col(r"don vi"), col(r"^nhom|phan loai|linh vuc")
        for row in rows[1:]:
            if task_c not in row:
                continue
            task = R.tidy(R.strip_marker(row[task_c].text))
            amount = self.cell_money(row.get(money_c), factor)
            if not task or amount is None or re.fullmatch(r"(?:tổng cộng|tổng|cộng)", task, re.IGNORECASE):
                continue
            req: R.RequestDraft = {
                "task": task,
                "block": row[task_c],
                "year": year,
                "amount": amount,
                "amount_block": row[money_c],
                "legal_basis": R.legal_ref(row[basis_c].text) if basis_c is not None and basis_c in row else None,
                "implementer": R.tidy(row[who_c].text) if who_c is not None and who_c in row else None,
                "category": R.tidy(row[cat_c].text).lower() if cat_c is not None and cat_c in row else None,
            }
            self.requests.append(req)
