"""Rule-based extraction of a narrative report (.txt, .docx, .pdf) into a Submission.

Every figure keeps a Span: the block it came from and where in that block it is written.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

from domain import (
    INDICATORS,
    PERCENT_INDICATORS,
    BudgetLine,
    Difficulty,
    FundingRequest,
    Indicator,
    Issue,
    Submission,
    derive_agency_code,
)

from . import rules as R
from .model import Block, Check, Extraction, Span, extraction_to_json
from .text import SHEET, read_blocks

__all__ = ["Check", "Extraction", "Span", "extract_report", "extraction_to_json"]


def _vnd_text(vnd: int) -> str:
    millions = vnd / 1_000_000
    text = f"{millions:,.3f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",") + " triệu đồng"


class _Walk:
    """One pass over the blocks, collecting figures and their spans."""

    def __init__(self, name: str, blocks: list[Block]):
        self.name = name
        self.blocks = blocks
        self.issues: list[Issue] = []
        self.spans: list[Span] = []
        self.agency_hits: list[tuple[int, str, str | None, Block, int, int]] = []  # (priority, org, province, ...)
        self.province: tuple[str, Block, int, int] | None = None
        self.year: tuple[int, Block, int, int] | None = None
        self.title_year: tuple[int, Block, int, int] | None = None
        self.report_date: date | None = None
        self.requested_by: tuple[str, Block, int, int] | None = None
        self.lines: list[BudgetLine] = []
        self.header: dict[str, tuple[Block, R.LineDraft | None, str | None]] = {}
        self.source_lines: Counter = Counter()
        self.indicators: list[Indicator] = []
        self.candidates: list[Indicator] = []
        self.requests: list[dict] = []
        self.difficulties: list[Difficulty] = []
        self.checks: list[Check] = []

    # -- helpers ---------------------------------------------------------------------------
    def span(self, field: str, block: Block, start: int, end: int) -> None:
        self.spans.append(Span(field, block.text, start, end, block.index, block.page))

    def warn(self, code: str, block: Block | None, vi: str, en: str, severity: str = "warning") -> None:
        self.issues.append(Issue(code, severity, self.name, SHEET, block.row if block else None, None, vi, en))

    @property
    def base_year(self) -> int | None:
        found = self.year or self.title_year
        return found[0] if found else None

    # -- the walk --------------------------------------------------------------------------
    def run(self) -> None:
        mode: str | None = None
        source: str | None = None
        req_year: int | None = None
        diff_kind: str | None = None
        diff_level = 0
        pending: str | None = None  # a request field whose value is in the next block
        in_body = False
        i = 0
        while i < len(self.blocks):
            block = self.blocks[i]
            if block.table is not None:
                j = i
                while j < len(self.blocks) and self.blocks[j].table == block.table:
                    j += 1
                mode = self.table(self.blocks[i:j], mode, source, req_year) or mode
                i = j
                continue
            i += 1
            text = block.text
            level = R.heading_level(block)
            if level == 0 and R.HEADING.match(text):
                in_body = True
            self.identity(block, in_body)
            if re.match(r"^(?:Trên đây|Nơi nhận)", text):
                self.close_source(source) if mode == "budget" else None
                mode = None
                continue

            src = R.source_of_header(block)
            req = R.REQUEST_HEADING.search(text) if level is not None and level <= 1 else None
            if src:
                if mode == "budget":
                    self.close_source(source)
                mode, source = "budget", src
                self.open_source(block, src)
                continue
            if req and (self.base_year is None or int(req.group("y")) > self.base_year):
                if mode == "budget":
                    self.close_source(source)
                mode, req_year, pending = "requests", int(req.group("y")), None
                continue
            kind = R.difficulty_kind(block) if level is not None else None
            if kind and mode != "requests":
                if mode == "budget":
                    self.close_source(source)
                mode, diff_kind, diff_level = "difficulty", kind, level
                continue

            if mode == "budget":
                draft = R.read_budget_block(block, source)
                if draft:
                    self.add_line(draft)
                elif level is not None:
                    self.close_source(source)
                    mode = None
            elif mode == "requests":
                if level == 0:
                    mode = None
                else:
                    pending = self.request_block(block, req_year, pending)
            elif mode == "difficulty":
                if level is not None and level <= diff_level and not R.BULLET.match(text):
                    mode = None
                else:
                    item = R.tidy(R.strip_marker(text))
                    if item:
                        self.difficulties.append(Difficulty(diff_kind, item))
            if mode != "requests":
                self.indicators_in(block)
        if mode == "budget":
            self.close_source(source)

    # -- identity --------------------------------------------------------------------------
    def identity(self, block: Block, in_body: bool) -> None:
        text = block.text
        if self.year is None:
            m = R.PLACE_DATE.search(text)
            place = R.place_before(text, m.start()) if m else None
            if m and place:
                self.province = (place[0], block, place[1], place[1] + len(place[0]))
                self.year = (int(m.group("y")), block, m.start("y"), m.end("y"))
                if m.group("d") and m.group("m"):
                    try:
                        self.report_date = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                        self.span("report_date", block, m.start("d"), m.end("y"))
                    except ValueError:
                        self.warn("bad-date", block, "Ngày báo cáo không hợp lệ; hãy sửa lại dòng địa danh, ngày tháng.",
                                  "The report date is not a valid date.")
                else:
                    self.warn("report-date-blank", block,
                              "Ngày báo cáo còn để trống (chỉ có tháng, năm); ngày báo cáo được để trống. Hãy điền đủ ngày nếu cần.",
                              "The report date has no day; it is left empty.")
        if not in_body:
            if self.title_year is None:
                m = R.TITLE_YEAR.search(text)
                if m:
                    self.title_year = (int(m.group("y")), block, m.start("y"), m.end("y"))
            if self.requested_by is None:
                m = R.REQUESTED_BY.search(text)
                if m:
                    ref = f"{m.group('ref')} ngày {m.group('date')}"
                    self.requested_by = (ref, block, m.start("ref"), m.end("date"))
            for m in R.AGENCY_AT.finditer(text):
                self.agency_hit(0, m, block)
        for m in R.AGENCY_REPORTS.finditer(text):
            self.agency_hit(1, m, block)
        for m in R.AGENCY_OF_PROVINCE.finditer(text):
            self.agency_hit(2, m, block)

    def agency_hit(self, priority: int, m: re.Match, block: Block) -> None:
        org = m.group("org")
        name = org[re.match(R.ORG, org).end():].split()
        # "Ban chỉ đạo ..." is a committee, not the agency: the name proper is capitalised.
        if not name or not name[0][:1].isupper() or len(org) > 80:
            return
        prov = R.proper_prefix(m.group("prov")) if "prov" in m.groupdict() and m.group("prov") else None
        if "prov" in m.groupdict() and m.group("prov") is not None and not prov:
            return
        if prov and self.province and prov.startswith(self.province[0] + " "):
            prov = self.province[0]
        end = m.start("prov") + len(prov) if prov else m.end("org")
        self.agency_hits.append((priority, org, prov, block, m.start("org"), end))

    def resolve_agency(self) -> tuple[str, str] | None:
        province = self.province[0] if self.province else None
        hits = sorted(self.agency_hits, key=lambda h: h[0])
        if not hits:
            return None
        best = hits[0][0]
        top = [h for h in hits if h[0] == best]
        org = Counter(h[1] for h in top).most_common(1)[0][0]
        hit = next(h for h in top if h[1] == org)
        prov = hit[2] or province or next((h[2] for h in hits if h[1] == org and h[2]), None)
        if province and prov and prov != province and prov.startswith(province + " "):
            prov = province  # a PDF title line glued to the next sentence ("Bình Định Thực hiện ...")
        if province is None and prov:
            self.province = (prov, hit[3], hit[5] - len(prov), hit[5])
        if prov is None:
            return None
        agency = f"{org} tỉnh {prov}"
        self.span("agency", hit[3], hit[4], hit[5])
        return agency, prov

    # -- budget ----------------------------------------------------------------------------
    def open_source(self, block: Block, source: str) -> None:
        m = R.DECISION.search(block.text)
        ref = m.group("ref") if m else None
        draft = R.read_budget_block(block, source)
        self.header[source] = (block, draft, ref)
        if ref:
            self.span(f"decision_ref.{source}", block, m.start("ref"), m.end("ref"))

    def close_source(self, source: str | None) -> None:
        if source is None or source not in self.header:
            return
        block, draft, _ = self.header[source]
        if self.source_lines[source] == 0 and draft is not None:
            # The header itself is the only line ("c) Kinh phí tự bố trí: 40,962 triệu đồng").
            self.add_line(draft)
            self.header[source] = (block, None, self.header[source][2])

    def add_line(self, d: R.LineDraft) -> None:
        i = len(self.lines)
        f = f"budget_lines[{i}]"
        ref = self.header.get(d.source, (None, None, None))[2]
        self.lines.append(BudgetLine(
            funding_source=d.source, task=d.task or "(không rõ nhiệm vụ)", allocated_vnd=d.allocated[0],
            disbursed_vnd=d.disbursed[0] if d.disbursed else None, decision_ref=ref,
            expected_pct=d.expected[0] if d.expected else None,
            procurement=d.procurement[0] if d.procurement else None,
            procurement_done=d.procurement_done[0] if d.procurement_done else None,
            contractor=d.contractor[0] if d.contractor else None, source_row=d.block.row,
        ))
        self.source_lines[d.source] += 1
        pos = d.block.text.find(d.task[1:]) if d.task else -1
        if pos > 0:
            self.span(f"{f}.task", d.block, pos - 1, pos + len(d.task) - 1)
        for name, part in (("allocated_vnd", d.allocated), ("disbursed_vnd", d.disbursed), ("expected_pct", d.expected),
                           ("procurement", d.procurement), ("procurement_done", d.procurement_done),
                           ("contractor", d.contractor)):
            if part:
                self.span(f"{f}.{name}", d.block, part[1], part[2])
        if d.odd_disbursed:
            self.warn("disbursed-wording", d.block,
                      f"Câu \"chưa giải ngân {_vnd_text(d.disbursed[0])}\" khó hiểu; đã đọc là ĐÃ giải ngân {_vnd_text(d.disbursed[0])}. "
                      "Hãy kiểm tra lại và sửa thành \"đã giải ngân ...\" nếu đúng.",
                      "\"chưa giải ngân X\" (not yet disbursed X) is read as disbursed X; please confirm.")
        if d.procurement_odd:
            self.warn("procurement-wording", d.block,
                      f"Hình thức lựa chọn nhà thầu ghi \"{d.procurement_odd}\" (có thể viết nhầm); đã đọc là chỉ định thầu. Hãy kiểm tra lại.",
                      f"Procurement written \"{d.procurement_odd}\" (typo?) is read as chỉ định thầu (direct appointment).")
        if d.disbursed is None:
            self.warn("disbursed-not-reported", d.block,
                      f"Nhiệm vụ \"{d.task[:60]}\" không nêu số đã giải ngân: để trống (chưa báo cáo), không tính là 0. Hãy bổ sung nếu có.",
                      "Disbursement not reported for this line: kept empty, not 0.")

    # -- tables ----------------------------------------------------------------------------
    def table(self, cells: list[Block], mode: str | None, source: str | None, req_year: int | None) -> str | None:
        grid: dict[int, dict[int, Block]] = {}
        for c in cells:
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
        is_request = mode == "requests" or bool(col(r"nhu cau|de xuat|nam 20\d\d"))
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
        m = re.search(r"(ty dong|trieu dong|tr d|trd|nghin dong|ngan dong|dong)", header_text)
        if m:
            return R.unit_factor(m.group(1).replace(" ", ""))
        self.warn("unit-assumed", block, "Cột số tiền không ghi đơn vị; đã hiểu là triệu đồng. Hãy ghi rõ đơn vị ở tiêu đề cột, ví dụ \"(triệu đồng)\".",
                  "The money column gives no unit; read as triệu đồng.")
        return 1_000_000

    def cell_money(self, cell: Block | None, factor: int) -> tuple[int, int, int] | None:
        if cell is None:
            return None
        m = R.MONEY.search(cell.text)
        if m:
            vnd = R.money_vnd(m.group("num"), m.group("unit"))
            return (vnd, m.start("num"), m.end()) if vnd is not None else None
        m = re.search(R.NUM, cell.text)
        value = R.read_decimal(m.group(0)) if m else None
        if value is None:
            return None
        return int((value * factor).to_integral_value()), m.start(), m.end()

    def budget_table(self, rows, header, col, task_c, money_c, source) -> None:
        src_c = col(r"^nguon|nguon kinh phi")
        paid_c = col(r"giai ngan", exclude=r"du kien|%")
        exp_c = col(r"du kien|%")
        proc_c = col(r"hinh thuc|lua chon")
        done_c = col(r"hoan thanh|thoi gian")
        who_c = col(r"don vi thuc hien|nha thau")
        factor = self.unit_of(header[money_c], rows[0][money_c])
        paid_factor = self.unit_of(header[paid_c], rows[0][paid_c]) if paid_c is not None else factor
        current = source or "a"
        for row in rows[1:]:
            task_cell = row.get(task_c)
            if task_cell is None:
                continue
            src_text = row[src_c].text.strip() if src_c is not None and src_c in row else ""
            found = R.source_of_header(Block(0, "a) kinh phí " + src_text, 0)) if src_text else None
            if src_text[:1].lower() in "abc" and len(src_text) <= 3:
                found = src_text[:1].lower()
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
                if value is not None:
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

    def add_line_from_cells(self, d: R.LineDraft, row, money_c, paid_c, exp_c, proc_c, done_c, who_c) -> None:
        # Spans of table figures point at their own cell, not at the task cell.
        i = len(self.lines)
        self.lines.append(BudgetLine(
            funding_source=d.source, task=d.task, allocated_vnd=d.allocated[0],
            disbursed_vnd=d.disbursed[0] if d.disbursed else None,
            expected_pct=d.expected[0] if d.expected else None,
            procurement=d.procurement[0] if d.procurement else None,
            procurement_done=d.procurement_done[0] if d.procurement_done else None,
            contractor=d.contractor[0] if d.contractor else None, source_row=d.block.row,
        ))
        self.source_lines[d.source] += 1
        self.span(f"budget_lines[{i}].task", d.block, 0, len(d.block.text))
        for name, part, c in (("allocated_vnd", d.allocated, money_c), ("disbursed_vnd", d.disbursed, paid_c),
                              ("expected_pct", d.expected, exp_c), ("procurement", d.procurement, proc_c),
                              ("procurement_done", d.procurement_done, done_c), ("contractor", d.contractor, who_c)):
            if part and c is not None:
                self.span(f"budget_lines[{i}].{name}", row[c], part[1], part[2])
        if d.disbursed is None:
            self.warn("disbursed-not-reported", d.block,
                      f"Nhiệm vụ \"{d.task[:60]}\" không nêu số đã giải ngân: để trống (chưa báo cáo), không tính là 0.",
                      "Disbursement not reported for this line: kept empty, not 0.")

    def indicator_table(self, rows, label_c, value_c, max_c) -> None:
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
            hit = R.IndicatorHit(code or "", R.as_number(value), R.as_number(out_of) if out_of is not None else None,
                                 start, end, int(year.group(1)) if year else None)
            if code:
                self.add_indicator(hit, cell)
            else:
                hit.code = "khac-" + re.sub(r"[^a-z0-9]+", "-", R.fold_words(label))[:40].strip("-")
                hit.name = R.tidy(label)
                self.add_candidate(hit, cell)

    def request_table(self, rows, header, col, task_c, money_c, year) -> None:
        factor = self.unit_of(header[money_c], rows[0][money_c])
        basis_c, who_c, cat_c = col(r"can cu"), col(r"don vi"), col(r"^nhom|phan loai|linh vuc")
        for row in rows[1:]:
            if task_c not in row:
                continue
            task = R.tidy(R.strip_marker(row[task_c].text))
            amount = self.cell_money(row.get(money_c), factor)
            if not task or amount is None or re.fullmatch(r"(?:tổng cộng|tổng|cộng)", task, re.IGNORECASE):
                continue
            req = {"task": task, "block": row[task_c], "year": year, "amount": amount, "amount_block": row[money_c],
                   "legal_basis": R.legal_ref(row[basis_c].text) if basis_c is not None and basis_c in row else None,
                   "implementer": R.tidy(row[who_c].text) if who_c is not None and who_c in row else None,
                   "category": R.tidy(row[cat_c].text).lower() if cat_c is not None and cat_c in row else None}
            self.requests.append(req)

    # -- requests --------------------------------------------------------------------------
    def request_block(self, block: Block, year: int | None, pending: str | None) -> str | None:
        text = block.text
        m = R.HEADING.match(text)
        field_m = R.REQUEST_FIELD.match(R.BULLET.sub("", text) if not m or m.group("num") and "." in m.group("num") else text)
        if m and m.group("num") and "." not in m.group("num") and not (field_m and R.request_field(field_m.group("label"))):
            task_text = m.group("rest")
            money = R.MONEY.search(task_text)
            task = task_text[:money.start()] if money else task_text
            task = re.sub(r"\s*(?:[:\-–]|nhu cầu kinh phí|kinh phí)\s*$", "", task.strip(), flags=re.IGNORECASE)
            req = {"task": R.tidy(task), "block": block, "year": year}
            if money:
                off = m.start("rest")
                req["amount"] = (R.money_vnd(money.group("num"), money.group("unit")), off + money.start("num"), off + money.end())
                req["amount_block"] = block
            self.requests.append(req)
            return None
        if field_m and self.requests:
            name = R.request_field(field_m.group("label"))
            value = field_m.group("value").strip()
            req = self.requests[-1]
            if name == "amount":
                money = R.MONEY.search(text)
                if money:
                    req["amount"] = (R.money_vnd(money.group("num"), money.group("unit")), money.start("num"), money.end())
                    req["amount_block"] = block
                return None
            if name and value:
                req[name] = R.legal_ref(value) if name == "legal_basis" else R.tidy(value)
                return None
            return name
        money = R.MONEY.search(text)
        if R.BULLET.match(text) and money and ":" in text[:money.start()]:
            # "- Nâng cấp hạ tầng CNTT: 40 triệu đồng" lists a task with its amount.
            task = R.tidy(R.BULLET.sub("", text[:text.index(":")]))
            self.requests.append({"task": task, "block": block, "year": year, "amount_block": block,
                                  "amount": (R.money_vnd(money.group("num"), money.group("unit")), money.start("num"), money.end())})
            return None
        if pending and self.requests and not self.requests[-1].get(pending):
            self.requests[-1][pending] = R.legal_ref(text) if pending == "legal_basis" else R.tidy(text)
        return None

    # -- indicators ------------------------------------------------------------------------
    def indicators_in(self, block: Block) -> None:
        known, candidates = R.read_indicators(block)
        for hit in known:
            self.add_indicator(hit, block)
        for hit in candidates:
            self.add_candidate(hit, block)

    def add_indicator(self, hit: R.IndicatorHit, block: Block) -> None:
        if any(i.code == hit.code for i in self.indicators):
            return  # the first statement of a figure wins; later ones are usually recaps
        i = len(self.indicators)
        self.indicators.append(Indicator(hit.code, hit.value, hit.out_of, applies_to_year=hit.applies_to_year,
                                         source_row=block.row))
        self.span(f"indicators[{i}].value", block, hit.start, hit.end)
        for s, e in hit.extra_spans:
            self.span(f"indicators[{i}].value", block, s, e)

    def add_candidate(self, hit: R.IndicatorHit, block: Block) -> None:
        if any(c.code == hit.code for c in self.candidates):
            return
        i = len(self.candidates)
        self.candidates.append(Indicator(hit.code, hit.value, hit.out_of, name=hit.name, source_row=block.row,
                                         note=block.text[hit.start:hit.end]))
        self.span(f"candidates[{i}].value", block, hit.start, hit.end)

    # -- result ----------------------------------------------------------------------------
    def finish(self) -> Extraction:
        resolved = self.resolve_agency()
        year = self.year or self.title_year
        if year:
            self.span("year", year[1], year[2], year[3])
        if self.province:
            self.span("province", self.province[1], self.province[2], self.province[3])
        if self.requested_by:
            self.span("requested_by", self.requested_by[1], self.requested_by[2], self.requested_by[3])
        requests = self.build_requests(year[0] if year else None)
        indicators = tuple(
            i if i.applies_to_year or not year else Indicator(i.code, i.value, i.out_of, i.name, year[0], i.note, i.extra, i.source_row)
            for i in self.indicators
        )
        self.cross_checks()
        if not self.lines:
            self.warn("no-budget", None,
                      "Báo cáo không nêu số liệu kinh phí (giao, giải ngân): để trống, không tính là 0. Nếu có, hãy bổ sung mục kinh phí.",
                      "The report gives no budget figures: none stored (not 0).")
        if self.candidates:
            names = "; ".join(f"{c.name or c.code} = {c.note}" for c in self.candidates)
            self.warn("indicator-candidates", None,
                      f"Có số liệu chưa thuộc danh mục chỉ số, giữ lại để xem xét: {names}.",
                      "Figures not in the indicator registry are kept as candidates.")
        submission = None
        if resolved is None:
            self.warn("agency-not-found", None,
                      "Không tìm thấy tên đơn vị báo cáo (ví dụ \"tại Ban Dân tộc tỉnh Quảng Ngãi\"). Hãy ghi rõ tên đơn vị ở tiêu đề báo cáo.",
                      "The reporting agency was not found; name it in the report title.", "error")
        if year is None:
            self.warn("year-not-found", None,
                      "Không tìm thấy năm báo cáo. Hãy ghi dòng \"<Tỉnh>, ngày ... tháng ... năm ...\" hoặc \"năm 2023\" ở tiêu đề.",
                      "The report year was not found.", "error")
        elif not 2015 <= year[0] <= 2035:
            self.warn("year-out-of-range", year[1], f"Năm báo cáo {year[0]} nằm ngoài 2015-2035; hãy kiểm tra lại.",
                      f"Report year {year[0]} is outside 2015-2035.", "error")
        if resolved and year:
            agency, province = resolved
            submission = Submission(
                agency=agency, agency_code=derive_agency_code(agency), province=province, year=year[0],
                report_date=self.report_date, requested_by=self.requested_by[0] if self.requested_by else None,
                budget_lines=tuple(self.lines), indicators=indicators, requests=requests,
                difficulties=tuple(self.difficulties),
            )
        return Extraction(submission, tuple(self.issues), tuple(self.spans), tuple(self.candidates), tuple(self.checks), self.name)

    def build_requests(self, report_year: int | None) -> tuple[FundingRequest, ...]:
        out = []
        for req in self.requests:
            if not req.get("amount") or req["amount"][0] is None:
                self.warn("request-no-amount", req["block"],
                          f"Nhiệm vụ đề xuất \"{req['task'][:60]}\" không có nhu cầu kinh phí; đã bỏ qua. Hãy ghi \"Nhu cầu kinh phí: ... triệu đồng\".",
                          "A proposed task has no amount; skipped.")
                continue
            i = len(out)
            year = req.get("year") or (report_year + 1 if report_year else None)
            if year is None:
                continue
            out.append(FundingRequest(
                year=year, task=req["task"], amount_vnd=req["amount"][0],
                category=req.get("category") or R.guess_category(req["task"], req.get("content"), req.get("objective")),
                legal_basis=req.get("legal_basis"), objective=req.get("objective"), content=req.get("content"),
                scope=req.get("scope"), implementer=req.get("implementer"), source_row=req["block"].row,
            ))
            block = req["block"]
            pos = block.text.find(req["task"][1:])
            if pos > 0:
                self.span(f"requests[{i}].task", block, pos - 1, pos - 1 + len(req["task"]))
            self.span(f"requests[{i}].amount_vnd", req["amount_block"], req["amount"][1], req["amount"][2])
        return tuple(out)

    def cross_checks(self) -> None:
        for source, (block, draft, _) in self.header.items():
            if draft is None or draft.allocated is None or self.source_lines[source] == 0:
                continue
            stated = draft.allocated[0]
            parts = [ln.allocated_vnd for ln in self.lines if ln.funding_source == source]
            total = sum(parts)
            shown = " + ".join(_vnd_text(p).replace(" triệu đồng", "") for p in parts)
            ok = total == stated
            self.span(f"source_total.{source}", block, draft.allocated[1], draft.allocated[2])
            self.checks.append(Check(
                "source-total", ok,
                f"Nguồn {source}: {shown} = {_vnd_text(total)}" + (" khớp" if ok else " KHÔNG khớp") + f" với tổng đã nêu {_vnd_text(stated)}.",
                f"Source {source}: lines sum to {total} đồng, stated total {stated} đồng.",
            ))
            if not ok:
                self.warn("total-mismatch", block,
                          f"Tổng các nhiệm vụ nguồn {source} ({_vnd_text(total)}) khác số tổng đã nêu ({_vnd_text(stated)}). Hãy kiểm tra lại từng khoản.",
                          f"Lines of source {source} sum to {total}, stated {stated}.")
        for n, line in enumerate(self.lines):
            if line.disbursed_vnd is None:
                continue
            ok = line.disbursed_vnd <= line.allocated_vnd
            self.checks.append(Check(
                "disbursed-le-allocated", ok,
                f"Dòng {n + 1} ({line.task[:40]}): đã giải ngân {_vnd_text(line.disbursed_vnd)} "
                f"{'≤' if ok else '>'} kinh phí giao {_vnd_text(line.allocated_vnd)}.",
                f"Line {n + 1}: disbursed {line.disbursed_vnd} vs allocated {line.allocated_vnd}.",
            ))
            if not ok:
                self.warn("disbursed-over-allocated", None,
                          f"Dòng {n + 1}: số đã giải ngân lớn hơn kinh phí giao. Hãy kiểm tra lại đơn vị tính và số liệu.",
                          f"Line {n + 1}: disbursed exceeds allocated.", "error")
        for ind in self.indicators:
            name = INDICATORS[ind.code].name_vi if ind.code in INDICATORS else ind.code
            if ind.out_of is not None:
                ok = ind.value <= ind.out_of
                code = "rank-le-count" if ind.code == "dti_rank" else "value-le-out-of"
                self.checks.append(Check(code, ok, f"{name}: {ind.value:g} {'≤' if ok else '>'} {ind.out_of:g}.",
                                         f"{ind.code}: {ind.value:g} vs {ind.out_of:g}."))
                if not ok:
                    self.warn("value-over-max", None, f"{name}: giá trị {ind.value:g} lớn hơn tổng {ind.out_of:g}. Hãy kiểm tra lại.",
                              f"{ind.code}: value exceeds its maximum.", "error")
            if ind.code in PERCENT_INDICATORS and not 0 <= ind.value <= 100:
                self.warn("percent-out-of-range", None, f"{name}: {ind.value:g}% nằm ngoài 0-100. Hãy kiểm tra lại.",
                          f"{ind.code}: percentage outside 0-100.", "error")


def extract_report(name: str, raw: bytes) -> Extraction:
    """The submission a narrative report states, with spans, candidates, cross-checks and issues."""
    blocks, issues = read_blocks(name, raw)
    if not blocks:
        if not issues:
            issues = [Issue("empty-file", "error", name, SHEET, None, None,
                            "Tệp trống, không có nội dung. Hãy gửi lại báo cáo.", "The file is empty.")]
        return Extraction(None, tuple(issues), file=name)
    walk = _Walk(name, blocks)
    try:
        walk.run()
        return walk.finish()
    except Exception as exc:  # a rule bug must not take the upload page down; report it as an issue
        issue = Issue("extract-failed", "error", name, SHEET, None, None,
                      "Không trích xuất được số liệu từ văn bản do lỗi chương trình. Hãy dùng biểu mẫu Excel và báo cho quản trị.",
                      f"Extraction failed: {type(exc).__name__}: {exc}")
        return Extraction(None, (*walk.issues, issue), file=name)


