"""The extraction engine: one walk over a narrative report's blocks, collecting figures and their spans.

Every figure keeps a Span: the block it came from and where in that block it is written. Patterns that
find figures live in rules.py; numbers are read by loaders/numbers.py; messages come from
loaders/messages.py; amounts in messages are worded by formatting.py.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import formatting as fmt
from domain import (
    INDICATORS,
    MAX_YEAR,
    MIN_YEAR,
    PERCENT_INDICATORS,
    BudgetLine,
    Difficulty,
    FundingRequest,
    FundingSource,
    Indicator,
    Issue,
    Submission,
    derive_agency_code,
    fold,
)

from ..messages import check_issue, issue
from ..safety import MAX_REPORT_CHARS
from ..schema import DifficultyKind
from . import rules as R
from .amounts import Amount, find_amounts, parts_of_totals
from .model import Block, Check, Extraction, Span
from .table_amounts import read_table
from .tables import TableReading
from .text import SHEET, read_blocks


class _Walk(TableReading):
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
        self.header: dict[FundingSource, tuple[Block, R.LineDraft | None, str | None]] = {}
        self.source_lines: Counter[str] = Counter()
        self.indicators: list[Indicator] = []
        self.candidates: list[Indicator] = []
        self.requests: list[R.RequestDraft] = []
        self.difficulties: list[Difficulty] = []
        self.checks: list[Check] = []
        # Where the walk is: the section being read and what it carries over from its header.
        self.mode: str | None = None  # "budget" | "requests" | "difficulty" | None
        self.source: FundingSource | None = None  # funding source a/b/c of the budget section
        self.req_year: int | None = None
        self.diff_kind: DifficultyKind | None = None
        self.diff_level = 0
        self.pending: R.RequestText | None = None  # a request field whose value is in the next block
        self.in_body = False

    # -- helpers ---------------------------------------------------------------------------
    def span(self, field: str, block: Block, start: int, end: int) -> None:
        self.spans.append(Span(field, block.text, start, end, block.index, block.page))

    def warn(self, code: str, block: Block | None, column: str | None = None, **fields) -> None:
        """Record the catalogue's issue `code` (loaders/messages.py) at a block."""
        self.issues.append(issue(code, self.name, SHEET, block.row if block else None, column, **fields))

    @property
    def base_year(self) -> int | None:
        found = self.year or self.title_year
        return found[0] if found else None

    # -- the walk --------------------------------------------------------------------------
    def run(self) -> None:
        """Walk the blocks in order; a run of cells of one .docx table is read as a table."""
        i = 0
        while i < len(self.blocks):
            block = self.blocks[i]
            if block.table is None:
                self.prose(block)
                i += 1
                continue
            j = i
            while j < len(self.blocks) and self.blocks[j].table == block.table:
                j += 1
            self.mode = self.table(self.blocks[i:j], self.mode, self.source, self.req_year) or self.mode
            i = j
        self.end_section()

    def prose(self, block: Block) -> None:
        """One paragraph or line: identity, a section header, or an item of the current section."""
        level = R.heading_level(block)
        if level == 0 and R.HEADING.match(block.text):
            self.in_body = True
        self.identity(block, self.in_body)
        if re.match(r"^(?:Trên đây|Nơi nhận)", block.text):  # the closing formula: the report body is over
            self.end_section()
            self.mode = None
            return
        if self.enter_section(block, level):
            return
        self.read_item(block, level)
        if self.mode != "requests":
            self.indicators_in(block)

    def end_section(self) -> None:
        if self.mode == "budget":
            self.close_source(self.source)

    def enter_section(self, block: Block, level: int | None) -> bool:
        """Switch section when the block opens one (a funding source, next year's requests, difficulties)."""
        src = R.source_of_header(block)
        req = R.REQUEST_HEADING.search(block.text) if level is not None and level <= 1 else None
        if src:
            self.end_section()
            self.mode, self.source = "budget", src
            self.open_source(block, src)
            return True
        if req and (self.base_year is None or int(req.group("y")) > self.base_year):
            self.end_section()
            self.mode, self.req_year, self.pending = "requests", int(req.group("y")), None
            return True
        kind = R.difficulty_kind(block) if level is not None else None
        if kind and level is not None and self.mode != "requests":
            self.end_section()
            self.mode, self.diff_kind, self.diff_level = "difficulty", kind, level
            return True
        return False

    def read_item(self, block: Block, level: int | None) -> None:
        """A budget line, a request part or a difficulty, by section; a heading of another kind ends it."""
        if self.mode == "budget":
            assert self.source is not None  # a budget section opens with its source (enter_section)
            draft = R.read_budget_block(block, self.source)
            if draft:
                self.add_line(draft)
            elif level is not None:
                self.close_source(self.source)
                self.mode = None
        elif self.mode == "requests":
            if level == 0:
                self.mode = None
            else:
                self.pending = self.request_block(block, self.req_year, self.pending)
        elif self.mode == "difficulty":
            if level is not None and level <= self.diff_level and not R.BULLET.match(block.text):
                self.mode = None
            else:
                item = R.tidy(R.strip_marker(block.text))
                assert self.diff_kind is not None  # set with mode "difficulty" (enter_section)
                if item:
                    self.difficulties.append(Difficulty(self.diff_kind, item))

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
                        self.warn("bad-date", block, value=m.group(0).lstrip(", "))
                else:
                    self.warn("report-date-blank", block)
        if not in_body:
            if self.title_year is None:
                m = R.own_year(text)
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
            self.agency_hit(2, m, block)
        for m in R.AGENCY_OF_PROVINCE.finditer(text):
            self.agency_hit(3, m, block)
        for m in R.ADMIN_AGENCY.finditer(text):
            self.admin_hit(m, block)
        for m in R.MINISTRY.finditer(text):
            # A ministry is national: the last resort, for the texts no province's administration writes.
            self.agency_hits.append((7, R.ministry(m.group("name")), None, block, m.start(), m.end()))

    def admin_hit(self, m: re.Match, block: Block) -> None:
        """An agency as administrations write it ("UBND thành phố Đà Nẵng", "Sở Y tế huyện ..."): the last resort."""
        prov = R.known_place(R.proper_prefix(m.group("prov")))
        org = " ".join(m.group("org").split())
        if not prov or len(org) > 80:
            return
        if org.isupper():  # the letterhead "ỦY BAN NHÂN DÂN / TỈNH THANH HÓA"
            org, prov = "UBND", prov.title()
        if org.lower().startswith(("ủy ban nhân dân", "uỷ ban nhân dân")):
            org = "UBND"
        level = m.group("level").lower().rstrip(".").replace("tp", "thành phố")
        if level == "tỉnh" and not R.province_named(prov):
            return  # "Phó Chủ tịch UBND tỉnh Cao Văn Cường": a person, not a province
        end = m.start("prov") + len(prov)
        self.agency_hits.append((4, f"{org} {level}", prov, block, m.start("org"), end))

    def agency_hit(self, priority: int, m: re.Match, block: Block) -> None:
        org = m.group("org")
        lead = re.match(R.ORG, org)
        assert lead is not None  # every agency pattern's "org" group starts with R.ORG
        name = org[lead.end() :].split()
        # "Ban chỉ đạo ..." is a committee, not the agency: the name proper is capitalised.
        if not name or not name[0][:1].isupper() or len(org) > 80:
            return
        prov = R.known_place(R.proper_prefix(m.group("prov"))) if "prov" in m.groupdict() and m.group("prov") else None
        if "prov" in m.groupdict() and m.group("prov") is not None and not (prov and R.province_named(prov)):
            return
        if prov and self.province and prov.startswith(self.province[0] + " "):
            prov = self.province[0]
        end = m.start("prov") + len(prov) if prov else m.end("org")
        self.agency_hits.append((priority, org, prov, block, m.start("org"), end))

    def letterhead_hit(self) -> None:
        """The agency an official letterhead names ("ỦY BAN NHÂN DÂN" / "TỈNH LẠNG SƠN", "UBND TỈNH X" / "SỞ Y TẾ").

        Without a place in the letterhead the dated header's place is the administration's ("Bắc Ninh, ngày ...").
        """
        found = R.letterhead(self.blocks)
        national = R.ministry_of_letterhead(found[0]) if found else None
        if found and national:
            self.agency_hits.append((1, national, None, found[1], 0, len(found[1].text)))
        m = R.LETTERHEAD_UBND.match(found[0]) if found else None
        if not found or not m:
            return
        place = R.known_place(m.group("name").title()) if m.group("name") else None
        place = place or (self.province[0] if self.province else None)
        if not place:
            return
        level = " ".join(m.group("level").lower().split()) if m.group("level") else None
        level = level or ("thành phố" if fold(place) in R.CENTRAL_CITIES else "tỉnh")
        sub = R.agency_case(m.group("sub")) if m.group("sub") else None
        org = f"{sub} {level}" if sub and level != "tỉnh" else sub or f"UBND {level}"
        block = found[1]
        self.agency_hits.append((1, org, place, block, 0, len(block.text)))

    def unnamed_place_hits(self) -> None:
        """News leads name the administration without its place ("UBND tỉnh ban hành ..."): the text's province,
        the one it names most ("tỉnh Kon Tum"); a text naming none gets no such agency."""
        mentions = [m for b in self.blocks for m in R.PLACE_MENTION.finditer(b.text)]
        named = Counter(R.known_place(m.group("name")) for m in mentions)
        places = [p for p, _ in named.most_common() if R.province_named(p)]
        place = self.province[0] if self.province else (places[0] if places else None)
        if not place:
            return
        level = "thành phố" if fold(place) in R.CENTRAL_CITIES else "tỉnh"
        for block in self.blocks:
            for m in R.UNNAMED_PLACE.finditer(block.text):
                if m.group("level") != level:
                    continue
                org = " ".join(m.group("org").split())
                org = "UBND" if org.lower().startswith(("ủy ban nhân dân", "uỷ ban nhân dân")) else org
                org = f"UBND {level}" if org == "UBND" else (org if level == "tỉnh" else f"{org} {level}")
                self.agency_hits.append((5, org, place, block, m.start("org"), m.end("level")))

    def subject_province_hit(self) -> None:
        """With no agency written at all, a text about one province is taken as its UBND's, for the reviewer to
        confirm: the province it names most, twice or as "tỉnh X", and more than any other. The cities a DTI
        ranking lists are no text's subject."""
        text = "\n".join(b.text for b in self.blocks)
        provinces = Counter(
            m.group(0) for m in R.PROVINCE_NAME.finditer(text) if fold(m.group(0)) not in R.CENTRAL_CITIES
        )
        subjects = [p for p, n in provinces.most_common() if n >= 2 or re.search(rf"[Tt]ỉnh\s+{re.escape(p)}", text)]
        if subjects and (len(subjects) == 1 or provinces[subjects[0]] > provinces[subjects[1]]):
            subject = subjects[0]
            block = next(b for b in self.blocks if subject in b.text)
            start = block.text.index(subject)
            self.agency_hits.append((6, "UBND tỉnh", subject, block, start, start + len(subject)))

    def resolve_agency(self) -> tuple[str, str | None] | None:
        self.letterhead_hit()
        self.unnamed_place_hits()
        self.subject_province_hit()
        province = self.province[0] if self.province else None
        # A name with no place anywhere ("Sở Tài chính" of an unnamed province) cannot be the agency.
        placed = [
            h
            for h in self.agency_hits
            if h[1].startswith("Bộ ") or h[2] or province or any(o[1] == h[1] and o[2] for o in self.agency_hits)
        ]
        hits = sorted(placed, key=lambda h: h[0])
        if not hits:
            return None
        best = hits[0][0]
        top = [h for h in hits if h[0] == best]
        org = Counter(h[1] for h in top).most_common(1)[0][0]
        hit = next(h for h in top if h[1] == org)
        if org.startswith("Bộ "):
            self.span("agency", hit[3], hit[4], hit[5])
            return org, province
        prov = hit[2] or province or next((h[2] for h in hits if h[1] == org and h[2]), None)
        if province and prov and prov != province and prov.startswith(province + " "):
            prov = province  # a PDF title line glued to the next sentence ("Bình Định Thực hiện ...")
        if province is None and prov:
            self.province = (prov, hit[3], hit[5] - len(prov), hit[5])
        if prov is None:
            return None
        # An administration's name carries its own level ("UBND thành phố" Đà Nẵng); others are the province's.
        org = R.expand_abbreviations(org)
        agency = f"{org} {prov}" if re.search(rf"\b{R.ADMIN_LEVEL}$", org) else f"{org} tỉnh {prov}"
        self.span("agency", hit[3], hit[4], hit[5])
        return agency, prov

    # -- budget ----------------------------------------------------------------------------
    def open_source(self, block: Block, source: FundingSource) -> None:
        m = R.DECISION.search(block.text)
        ref = m.group("ref") if m else None
        draft = R.read_budget_block(block, source)
        self.header[source] = (block, draft, ref)
        if m and ref:
            self.span(f"decision_ref.{source}", block, m.start("ref"), m.end("ref"))

    def close_source(self, source: FundingSource | None) -> None:
        if source is None or source not in self.header:
            return
        block, draft, _ = self.header[source]
        if self.source_lines[source] == 0 and draft is not None:
            # The header itself is the only line ("c) Kinh phí tự bố trí: 40,962 triệu đồng").
            self.add_line(draft)
            self.header[source] = (block, None, self.header[source][2])

    def add_line(self, d: R.LineDraft) -> None:
        assert d.allocated is not None  # read_budget_block gives no draft without an amount
        i = len(self.lines)
        f = f"budget_lines[{i}]"
        ref = self.header.get(d.source, (None, None, None))[2]
        self.lines.append(
            BudgetLine(
                funding_source=d.source,
                task=d.task or "(không rõ nhiệm vụ)",
                allocated_vnd=d.allocated[0],
                disbursed_vnd=d.disbursed[0] if d.disbursed else None,
                decision_ref=ref,
                expected_pct=d.expected[0] if d.expected else None,
                procurement=d.procurement[0] if d.procurement else None,
                procurement_done=d.procurement_done[0] if d.procurement_done else None,
                contractor=d.contractor[0] if d.contractor else None,
                source_row=d.block.row,
            )
        )
        self.source_lines[d.source] += 1
        pos = d.block.text.find(d.task[1:]) if d.task else -1
        if pos > 0:
            self.span(f"{f}.task", d.block, pos - 1, pos + len(d.task) - 1)
        for name, part in (
            ("allocated_vnd", d.allocated),
            ("disbursed_vnd", d.disbursed),
            ("expected_pct", d.expected),
            ("procurement", d.procurement),
            ("procurement_done", d.procurement_done),
            ("contractor", d.contractor),
        ):
            if part:
                self.span(f"{f}.{name}", d.block, part[1], part[2])
        if d.odd_disbursed:
            assert d.disbursed is not None  # odd_disbursed is set with disbursed (rules.read_budget_block)
            self.warn("disbursed-wording", d.block, amount=fmt.million_vnd(d.disbursed[0]))
        if d.procurement_odd:
            self.warn("procurement-wording", d.block, value=d.procurement_odd)
        if d.disbursed is None:
            self.warn("disbursed-not-reported", d.block)

    # -- requests --------------------------------------------------------------------------
    def request_block(self, block: Block, year: int | None, pending: R.RequestText | None) -> R.RequestText | None:
        text = block.text
        m = R.HEADING.match(text)
        field_m = R.REQUEST_FIELD.match(
            R.BULLET.sub("", text) if not m or m.group("num") and "." in m.group("num") else text
        )
        if (
            m
            and m.group("num")
            and "." not in m.group("num")
            and not (field_m and R.request_field(field_m.group("label")))
        ):
            task_text = m.group("rest")
            money = R.MONEY.search(task_text)
            task = task_text[: money.start()] if money else task_text
            task = re.sub(r"\s*(?:[:\-–]|nhu cầu kinh phí|kinh phí)\s*$", "", task.strip(), flags=re.IGNORECASE)
            req: R.RequestDraft = {"task": R.tidy(task), "block": block, "year": year}
            if money:
                off = m.start("rest")
                req["amount"] = (
                    R.money_vnd(money.group("num"), money.group("unit")),
                    off + money.start("num"),
                    off + money.end(),
                )
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
                    req["amount"] = (
                        R.money_vnd(money.group("num"), money.group("unit")),
                        money.start("num"),
                        money.end(),
                    )
                    req["amount_block"] = block
                return None
            if name and value:
                req[name] = R.legal_ref(value) if name == "legal_basis" else R.tidy(value)
                return None
            return name
        money = R.MONEY.search(text)
        if R.BULLET.match(text) and money and ":" in text[: money.start()]:
            # "- Nâng cấp hạ tầng CNTT: 40 triệu đồng" lists a task with its amount.
            task = R.tidy(R.BULLET.sub("", text[: text.index(":")]))
            self.requests.append(
                {
                    "task": task,
                    "block": block,
                    "year": year,
                    "amount_block": block,
                    "amount": (R.money_vnd(money.group("num"), money.group("unit")), money.start("num"), money.end()),
                }
            )
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
        self.indicators.append(
            Indicator(hit.code, hit.value, hit.out_of, applies_to_year=hit.applies_to_year, source_row=block.row)
        )
        self.span(f"indicators[{i}].value", block, hit.start, hit.end)
        for s, e in hit.extra_spans:
            self.span(f"indicators[{i}].value", block, s, e)

    def add_candidate(self, hit: R.IndicatorHit, block: Block) -> None:
        if any(c.code == hit.code for c in self.candidates):
            return
        i = len(self.candidates)
        self.candidates.append(
            Indicator(
                hit.code,
                hit.value,
                hit.out_of,
                name=hit.name,
                source_row=block.row,
                note=block.text[hit.start : hit.end],
            )
        )
        self.span(f"candidates[{i}].value", block, hit.start, hit.end)

    # -- result ----------------------------------------------------------------------------
    def finish(self) -> Extraction:
        resolved = self.resolve_agency()
        year = self.year or self.title_year or self.fallback_year()
        if year:
            self.span("year", year[1], year[2], year[3])
        if self.province:
            self.span("province", self.province[1], self.province[2], self.province[3])
        if self.requested_by:
            self.span("requested_by", self.requested_by[1], self.requested_by[2], self.requested_by[3])
        requests = self.build_requests(year[0] if year else None)
        indicators = tuple(
            i
            if i.applies_to_year or not year
            else Indicator(i.code, i.value, i.out_of, i.name, year[0], i.note, i.extra, i.source_row)
            for i in self.indicators
        )
        self.cross_checks()
        amounts = self.read_amounts()
        stated_total = None
        if not self.lines and not requests:
            # No "a) Kinh phí ..." section: the amounts found in prose are the report's lines and requests.
            stated_total, requests = self.lines_from_amounts(amounts, year[0] if year else None)
        if not self.lines:
            self.warn("no-budget", None)
        if self.candidates:
            self.warn(
                "indicator-candidates", None, names="; ".join(f"{c.name or c.code} = {c.note}" for c in self.candidates)
            )
        if resolved is None:
            self.warn("agency-not-found", None)
        if year is None:
            self.warn("year-not-found", None)
        elif not MIN_YEAR <= year[0] <= MAX_YEAR:
            self.warn("year-out-of-range", year[1], value=year[0])
        submission = None
        if resolved or self.lines or requests or indicators:
            # Partial results are results: what was found is shown (and reviewed) even when the agency or the
            # year is missing. What was not found is None, never a stand-in value ("" or 0); the errors above keep
            # such a report from being stored until a reviewer fills it in.
            agency, province = resolved or (None, self.province[0] if self.province else None)
            submission = Submission(
                agency=agency,
                agency_code=derive_agency_code(agency) if agency else None,
                province=province,
                year=year[0] if year else None,
                report_date=self.report_date,
                requested_by=self.requested_by[0] if self.requested_by else None,
                stated_total_vnd=stated_total,
                budget_lines=tuple(self.lines),
                indicators=indicators,
                requests=requests,
                difficulties=tuple(self.difficulties),
            )
        return Extraction(
            submission,
            tuple(self.issues),
            tuple(self.spans),
            tuple(self.candidates),
            tuple(self.checks),
            self.name,
            tuple(amounts),
        )

    def fallback_year(self) -> tuple[int, Block, int, int] | None:
        """The year of a text without "<Tỉnh>, ngày ... năm ..." nor "năm 2023": a news dateline, a period's last
        year, a date."""
        for pattern, group in ((R.DATELINE, "y"), (R.PERIOD, "y2"), (R.ANY_DATE_YEAR, "y"), (R.TITLE_YEAR, "y")):
            for block in self.blocks:
                m = pattern.search(block.text)
                if m:
                    return int(m.group(group)), block, m.start(group), m.end(group)
        return None

    def read_amounts(self) -> list[Amount]:
        """Every amount in đồng, with a span each and a check of each total against the parts that follow it."""
        amounts = find_amounts([b for b in self.blocks if b.table is None])
        totals = []
        for cells, caption in self.table_runs():
            found, checked = read_table(cells, caption)
            amounts += found
            totals += checked
        amounts.sort(key=lambda a: (a.block.index, a.start))  # document order, prose and tables alike
        for i, a in enumerate(amounts):
            self.span(f"amounts[{i}].vnd", a.block, a.start, a.end)
        for t in totals:
            shown = " + ".join(fmt.million_vnd_number(p.vnd) for p in t.parts)
            self.checks.append(
                Check(
                    "amount-parts-total",
                    t.ok,
                    f"{shown} = {fmt.million_vnd(sum(p.vnd for p in t.parts))}"
                    + (" khớp" if t.ok else " KHÔNG khớp")
                    + f" với dòng tổng của bảng {fmt.million_vnd(t.total.vnd)}.",
                    f"Table rows sum to {sum(p.vnd for p in t.parts)} đồng, total row {t.total.vnd} đồng.",
                )
            )
        for total, parts in parts_of_totals(amounts):
            shown = " + ".join(fmt.million_vnd_number(amounts[p].vnd) for p in parts)
            self.checks.append(
                Check(
                    "amount-parts-total",
                    True,
                    f"{shown} = {fmt.million_vnd(amounts[total].vnd)}: các khoản cộng lại khớp với tổng đã nêu.",
                    f"Parts add up to the stated total of {amounts[total].vnd} đồng.",
                )
            )
        return amounts

    def table_runs(self) -> list[tuple[list[Block], list[Block]]]:
        """(cells, caption) of each table: its cell blocks and up to three prose blocks just above it."""
        runs: list[tuple[list[Block], list[Block]]] = []
        i = 0
        while i < len(self.blocks):
            if self.blocks[i].table is None:
                i += 1
                continue
            j = i
            while j < len(self.blocks) and self.blocks[j].table == self.blocks[i].table:
                j += 1
            above = [b for b in self.blocks[max(0, i - 3) : i] if b.table is None]
            runs.append((self.blocks[i:j], above))
            i = j
        return runs

    def lines_from_amounts(
        self, amounts: list[Amount], year: int | None
    ) -> tuple[int | None, tuple[FundingRequest, ...]]:
        """Budget lines (allocated) and requests from prose amounts; a total whose parts follow it is the stated total."""
        totals = parts_of_totals(amounts)
        part_ix = {p for _, parts in totals for p in parts}
        total_vnd = {amounts[t].vnd for t, _ in totals}
        stated = amounts[totals[0][0]].vnd if totals else None
        requests: list[FundingRequest] = []
        seen: set[int] = set()
        for i, a in enumerate(amounts):
            # A headline restates a figure of the body: one line per figure, parts of a total always kept.
            if a.total or a.vnd in total_vnd or a.role == "disbursed" or (a.vnd in seen and i not in part_ix):
                continue  # a disbursement without its allocation is kept in `amounts` for the reviewer
            seen.add(a.vnd)
            task = a.task or "(không rõ nhiệm vụ)"
            if a.role == "requested":
                requests.append(FundingRequest(year, task, a.vnd, R.guess_category(task), source_row=a.block.row))
                self.span(f"requests[{len(requests) - 1}].amount_vnd", a.block, a.start, a.end)
                continue
            self.span(f"budget_lines[{len(self.lines)}].allocated_vnd", a.block, a.start, a.end)
            self.lines.append(BudgetLine("a", task, a.vnd, source_row=a.block.row, note="trích từ văn bản"))
        return stated, tuple(requests)

    def build_requests(self, report_year: int | None) -> tuple[FundingRequest, ...]:
        out: list[FundingRequest] = []
        for req in self.requests:
            if not req.get("amount") or req["amount"][0] is None:
                self.warn("request-no-amount", req["block"], task=req["task"][:60])
                continue
            i = len(out)
            year = req.get("year") or (report_year + 1 if report_year else None)  # None: the reviewer fills it
            out.append(
                FundingRequest(
                    year=year,
                    task=req["task"],
                    amount_vnd=req["amount"][0],
                    category=req.get("category")
                    or R.guess_category(req["task"], req.get("content"), req.get("objective")),
                    legal_basis=req.get("legal_basis"),
                    objective=req.get("objective"),
                    content=req.get("content"),
                    scope=req.get("scope"),
                    implementer=req.get("implementer"),
                    source_row=req["block"].row,
                )
            )
            block = req["block"]
            pos = block.text.find(req["task"][1:])
            if pos > 0:
                self.span(f"requests[{i}].task", block, pos - 1, pos - 1 + len(req["task"]))
            self.span(f"requests[{i}].amount_vnd", req["amount_block"], req["amount"][1], req["amount"][2])
        return tuple(out)

    def cross_checks(self) -> None:
        self.check_source_totals()
        self.check_disbursed()
        self.check_indicators()

    def check_source_totals(self) -> None:
        """Each source's lines add up to the total its header states."""
        for source, (block, draft, _) in self.header.items():
            if draft is None or draft.allocated is None or self.source_lines[source] == 0:
                continue
            stated = draft.allocated[0]
            parts = [ln.allocated_vnd for ln in self.lines if ln.funding_source == source]
            total = sum(parts)
            shown = " + ".join(fmt.million_vnd_number(p) for p in parts)
            ok = total == stated
            self.span(f"source_total.{source}", block, draft.allocated[1], draft.allocated[2])
            self.checks.append(
                Check(
                    "source-total",
                    ok,
                    f"Nguồn {source}: {shown} = {fmt.million_vnd(total)}"
                    + (" khớp" if ok else " KHÔNG khớp")
                    + f" với tổng đã nêu {fmt.million_vnd(stated)}.",
                    f"Source {source}: lines sum to {total} đồng, stated total {stated} đồng.",
                )
            )
            if not ok:
                self.issues.append(
                    check_issue(
                        "source-total",
                        self.name,
                        SHEET,
                        block.row,
                        None,
                        stated=f"{fmt.million_vnd(stated)} (nguồn {source})",
                        computed=fmt.million_vnd(total),
                    )
                )

    def check_disbursed(self) -> None:
        """No line disburses more than it was allocated."""
        for n, line in enumerate(self.lines):
            if line.disbursed_vnd is None:
                continue
            ok = line.disbursed_vnd <= line.allocated_vnd
            self.checks.append(
                Check(
                    "disbursed-le-allocated",
                    ok,
                    f"Dòng {n + 1} ({line.task[:40]}): đã giải ngân {fmt.million_vnd(line.disbursed_vnd)} "
                    f"{'≤' if ok else '>'} kinh phí giao {fmt.million_vnd(line.allocated_vnd)}.",
                    f"Line {n + 1}: disbursed {line.disbursed_vnd} vs allocated {line.allocated_vnd}.",
                )
            )
            if not ok:
                self.issues.append(
                    check_issue(
                        "disbursed-le-allocated",
                        self.name,
                        SHEET,
                        line.source_row,
                        None,
                        disbursed=fmt.million_vnd(line.disbursed_vnd),
                        allocated=fmt.million_vnd(line.allocated_vnd),
                    )
                )

    def check_indicators(self) -> None:
        """x ≤ y (rank ≤ number ranked) and percentages within 0-100."""
        for ind in self.indicators:
            name = INDICATORS[ind.code].name_vi if ind.code in INDICATORS else ind.code
            if ind.out_of is not None:
                ok = ind.value <= ind.out_of
                code = "rank-le-count" if ind.code == "dti_rank" else "value-le-out-of"
                self.checks.append(
                    Check(
                        code,
                        ok,
                        f"{name}: {ind.value:g} {'≤' if ok else '>'} {ind.out_of:g}.",
                        f"{ind.code}: {ind.value:g} vs {ind.out_of:g}.",
                    )
                )
                if not ok:
                    self.issues.append(
                        check_issue(
                            code,
                            self.name,
                            SHEET,
                            ind.source_row,
                            name,
                            value=fmt.exact_number(ind.value),
                            out_of=fmt.exact_number(ind.out_of),
                        )
                    )
            if ind.code in PERCENT_INDICATORS and not 0 <= ind.value <= 100:
                self.issues.append(
                    check_issue(
                        "pct-in-range", self.name, SHEET, ind.source_row, name, value=fmt.exact_number(ind.value)
                    )
                )


def extract_report(name: str, raw: bytes) -> Extraction:
    """The submission a narrative report states, with spans, candidates, cross-checks and issues."""
    # A 19 MB .txt held the reader for 10 s: plain text is measured before it is split, documents after.
    is_text = not raw.startswith((b"%PDF", b"PK"))
    length = len(raw.decode("utf-8", "replace")) if is_text and len(raw) > MAX_REPORT_CHARS else 0
    blocks, issues = ([], []) if length > MAX_REPORT_CHARS else read_blocks(name, raw)
    length = max(length, sum(len(b.text) for b in blocks))
    if length > MAX_REPORT_CHARS:
        n = lambda v: f"{v:,}".replace(",", ".")  # noqa: E731
        too_large = issue("report-too-large", name, SHEET, length=n(length), limit=n(MAX_REPORT_CHARS))
        return Extraction(None, (too_large,), file=name)
    if not blocks:
        if not issues:
            issues = [issue("empty-file", name, SHEET)]
        return Extraction(None, tuple(issues), file=name)
    walk = _Walk(name, blocks)
    try:
        walk.run()
        return walk.finish()
    except Exception as exc:  # a rule bug must not take the upload page down; report it as an issue
        failed = issue("extract-failed", name, SHEET, detail=f"{type(exc).__name__}: {exc}")
        return Extraction(None, (*walk.issues, failed), file=name)
