"""Review of a narrative report before it is stored: Extraction -> editable frames -> Submission + sources.

The reviewer sees every extracted figure beside the sentence it came from (column `source`, the figure in
«…»), corrects figures, unticks rows (`use`), adds rows, fills the header, and the cross-checks are
recomputed on what will actually be stored. Money is edited in triệu đồng (what the report writes) and
turned back into int đồng here; an empty cell stays None (not reported), never 0.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

import formatting as fmt
from domain import (
    INDICATORS,
    MAX_YEAR,
    MIN_YEAR,
    PERCENT_INDICATORS,
    VND_PER_MILLION,
    BudgetLine,
    FundingRequest,
    Indicator,
    Issue,
    Submission,
    derive_agency_code,
    fold,
)
from loaders.extract.rules import MONEY
from loaders.messages import check_issue
from loaders.numbers import read_vnd
from loaders.schema import funding_source

SHEET = "văn bản"  # what issues from a narrative report name as their "sheet" (loaders.extract.text.SHEET)

# Internal column names; pages label them in Vietnamese (ui_text.REVIEW_COLUMNS).
ORIG = "orig"  # the item's index in the extraction (NA for rows the reviewer added)
USE = "use"
SOURCE = "source"
LINE_COLUMNS = [
    USE,
    "funding_source",
    "task",
    "allocated_trieu",
    "disbursed_trieu",
    "expected_pct",
    "decision_ref",
    "procurement",
    "contractor",
    SOURCE,
    ORIG,
]
INDICATOR_COLUMNS = [USE, "code", "name", "value", "out_of", "applies_to_year", SOURCE, ORIG]
REQUEST_COLUMNS = [USE, "year", "task", "amount_trieu", "category", "legal_basis", "implementer", SOURCE, ORIG]
HEADER_FIELDS = ("agency", "agency_code", "province", "year", "report_date", "requested_by")

# Which editable column holds which record attribute (for "was this figure edited?").
_LINE_ATTR = {
    "allocated_vnd": "allocated_trieu",
    "disbursed_vnd": "disbursed_trieu",
    "task": "task",
    "expected_pct": "expected_pct",
    "decision_ref": "decision_ref",
    "procurement": "procurement",
    "contractor": "contractor",
}
_REQUEST_ATTR = {"amount_vnd": "amount_trieu", "task": "task"}
_FIGURES = {"allocated_vnd", "disbursed_vnd", "value", "amount_vnd"}  # marked «…» in the source column
_FIELD = re.compile(r"^(?P<item>[a-z_]+)\[(?P<pos>\d+)\]\.(?P<attr>\w+)$")
EDIT_UNIT = "triệu đồng"  # the unit money is edited in: what narrative reports write


@dataclass(frozen=True)
class ReviewSource:
    """A Span as stored after review: field renumbered to the item's saved position, edited flagged."""

    field: str
    text: str
    start: int
    end: int
    block: int | None = None
    page: int | None = None
    edited: bool = False


@dataclass(frozen=True)
class ReviewCheck:
    code: str  # a check of the catalogue (loaders.messages.CHECKS), named for what must hold
    ok: bool
    blocking: bool  # a failed blocking check is a §4 error: the submission cannot be stored
    message_vi: str
    fields: tuple[tuple[str, str], ...] = ()  # what the failure's catalogue issue message is filled with


@dataclass
class ReviewState:
    """Everything the review step edits; frames are what st.data_editor shows and gives back."""

    header: dict
    lines: pd.DataFrame
    indicators: pd.DataFrame
    requests: pd.DataFrame
    file: str
    spans: tuple  # the extraction's spans (loaders.extract.Span)
    original: Submission | None  # the extraction as read, to carry fields the tables do not show
    candidates: tuple[Indicator, ...]
    stated_totals: dict[str, int]  # funding source -> total the report states for it
    warnings: tuple[Issue, ...]  # the extraction's warnings, stored with the submission


# --- extraction -> frames ------------------------------------------------------------------------------


def quote(text: str, start: int, end: int) -> str:
    """The source sentence with the figure marked «…»."""
    return f"{text[:start]}«{text[start:end]}»{text[end:]}"


def _spans_by_item(spans) -> dict[tuple[str, int], list]:
    out: dict[tuple[str, int], list] = {}
    for span in spans:
        m = _FIELD.match(span.field)
        if m:
            out.setdefault((m["item"], int(m["pos"])), []).append(span)
    return out


def _source_text(spans: list, prefer: tuple[str, ...]) -> str:
    """One sentence per item: the block of its main figure, every figure of that block marked."""
    if not spans:
        return ""
    main = next((s for attr in prefer for s in spans if s.field.endswith("." + attr)), spans[0])
    marks = sorted(
        {
            (s.start, s.end)
            for s in spans
            if s.block == main.block and s.text == main.text and s.field.rsplit(".", 1)[-1] in _FIGURES
        },
        reverse=True,
    )
    return excerpt(main.text, marks)


def excerpt(text: str, marks, context: int = 90) -> str:
    """The parts of text around the marks, each figure in «…», cut at word boundaries with "…"."""
    marks = sorted(marks)
    if not marks:
        return text if len(text) <= 2 * context else text[: 2 * context].rsplit(" ", 1)[0] + " …"
    windows: list[list[int]] = []
    for start, end in marks:
        lo, hi = max(0, start - context), min(len(text), end + context)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    parts = []
    for lo, hi in windows:
        first = min(m[0] for m in marks if m[0] >= lo)
        if lo > 0 and " " in text[lo:first]:
            lo = text.index(" ", lo) + 1
        if hi < len(text):
            cut = text.rfind(" ", lo, hi)
            hi = cut if cut > max(e for _, e in marks if e <= hi) else hi
        piece = text[lo:hi]
        for start, end in sorted((m for m in marks if lo <= m[0] and m[1] <= hi), reverse=True):
            piece = quote(piece, start - lo, end - lo)
        parts.append(("… " if lo > 0 else "") + piece + (" …" if hi < len(text) else ""))
    return " ".join(parts).replace("… …", "…")


def _trieu(vnd: int | None) -> float | None:
    return None if vnd is None else vnd / VND_PER_MILLION


def _stated_totals(spans) -> dict[str, int]:
    """Funding source -> the total its header states, read from the figure its span marks."""
    out = {}
    for span in spans:
        if span.field.startswith("source_total."):
            m = MONEY.search(span.text[span.start : span.end])
            amount = read_vnd(m["num"], m["unit"]) if m else None
            if amount is not None:
                out[span.field.split(".", 1)[1]] = amount
    return out


def start_review(extraction, agencies: pd.DataFrame | None = None) -> ReviewState:
    """The review tables for an Extraction; agencies (store.agencies_frame) maps the name to a known code."""
    sub = extraction.submission
    by_item = _spans_by_item(extraction.spans)
    header: dict[str, object] = dict.fromkeys(HEADER_FIELDS)
    if sub is not None:
        # A partial extraction (issue 18) leaves what it did not find None: the reviewer fills it in.
        header.update(
            agency=sub.agency,
            agency_code=sub.agency_code,
            province=sub.province,
            year=sub.year,
            report_date=sub.report_date,
            requested_by=sub.requested_by,
        )
        known = match_agency_code(sub.agency, agencies)
        if known:
            header["agency_code"] = known
    lines = pd.DataFrame(
        [
            {
                USE: True,
                "funding_source": b.funding_source,
                "task": b.task,
                "allocated_trieu": _trieu(b.allocated_vnd),
                "disbursed_trieu": _trieu(b.disbursed_vnd),
                "expected_pct": b.expected_pct,
                "decision_ref": b.decision_ref,
                "procurement": b.procurement,
                "contractor": b.contractor,
                SOURCE: _source_text(by_item.get(("budget_lines", n), []), ("disbursed_vnd", "allocated_vnd")),
                ORIG: n,
            }
            for n, b in enumerate(sub.budget_lines if sub else ())
        ],
        columns=LINE_COLUMNS,
    )
    indicator_rows = [
        {
            USE: True,
            "code": i.code,
            "name": i.display_name,
            "value": float(i.value),
            "out_of": None if i.out_of is None else float(i.out_of),
            "applies_to_year": i.applies_to_year,
            SOURCE: _source_text(by_item.get(("indicators", n), []), ("value",)),
            ORIG: f"indicators:{n}",
        }
        for n, i in enumerate(sub.indicators if sub else ())
    ]
    # Figures outside the registry are offered unticked: the reviewer decides whether they count.
    indicator_rows += [
        {
            USE: False,
            "code": c.code,
            "name": c.name or c.code,
            "value": float(c.value),
            "out_of": None if c.out_of is None else float(c.out_of),
            "applies_to_year": c.applies_to_year,
            SOURCE: _source_text(by_item.get(("candidates", n), []), ("value",)),
            ORIG: f"candidates:{n}",
        }
        for n, c in enumerate(extraction.candidates)
    ]
    indicators = pd.DataFrame(indicator_rows, columns=INDICATOR_COLUMNS)
    requests = pd.DataFrame(
        [
            {
                USE: True,
                "year": r.year,
                "task": r.task,
                "amount_trieu": _trieu(r.amount_vnd),
                "category": r.category,
                "legal_basis": r.legal_basis,
                "implementer": r.implementer,
                SOURCE: _source_text(by_item.get(("requests", n), []), ("amount_vnd",)),
                ORIG: n,
            }
            for n, r in enumerate(sub.requests if sub else ())
        ],
        columns=REQUEST_COLUMNS,
    )
    return ReviewState(
        header=header,
        lines=_typed_lines(lines),
        indicators=_typed_indicators(indicators),
        requests=_typed_requests(requests),
        file=extraction.file,
        spans=tuple(extraction.spans),
        original=sub,
        candidates=tuple(extraction.candidates),
        stated_totals=_stated_totals(extraction.spans),
        warnings=tuple(i for i in extraction.issues if not i.is_error),
    )


def _typed_lines(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(
        {
            USE: "bool",
            "allocated_trieu": "Float64",
            "disbursed_trieu": "Float64",
            "expected_pct": "Float64",
            ORIG: "Int64",
        }
    )


def _typed_indicators(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(
        {USE: "bool", "value": "Float64", "out_of": "Float64", "applies_to_year": "Int64", ORIG: "string"}
    )


def _typed_requests(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({USE: "bool", "year": "Int64", "amount_trieu": "Float64", ORIG: "Int64"})


def match_agency_code(name: str | None, agencies: pd.DataFrame | None) -> str | None:
    """The registry code of an agency named like this (accents and case ignored), if exactly one matches."""
    if not name or agencies is None or agencies.empty:
        return None
    wanted = fold(name)
    hits = agencies[agencies["name"].map(lambda n: fold(str(n)) == wanted)]
    return str(hits.iloc[0]["code"]) if len(hits) == 1 else None


# --- frames -> Submission ------------------------------------------------------------------------------


def _missing(value) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return isinstance(value, float) and math.isnan(value) or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value) -> str | None:
    if _missing(value):
        return None
    text = str(value).strip()
    return text or None


def _vnd(value) -> int | None:
    """Whole đồng for an edited money cell (in triệu đồng); None when empty or not a number."""
    return None if _missing(value) else read_vnd(value, EDIT_UNIT)


def _float(value) -> float | None:
    return None if _missing(value) else float(value)


def _int(value) -> int | None:
    if _missing(value):
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _used(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    use = frame[USE].map(lambda v: bool(v) if not _missing(v) else False)
    return frame[use]


def _orig_index(value) -> int | None:
    return None if _missing(value) else int(value)


@dataclass(frozen=True)
class Built:
    submission: Submission | None  # None when the header is incomplete (see problems)
    sources: tuple[ReviewSource, ...]
    checks: tuple[ReviewCheck, ...]
    problems: tuple[str, ...]  # rows or header fields that keep it from being a submission

    @property
    def ok(self) -> bool:
        return (
            self.submission is not None and not self.problems and not any(c.blocking and not c.ok for c in self.checks)
        )


@dataclass
class _Rebuilt:
    """Items kept from one edited table, where each original item went, and which of its figures changed."""

    items: list = field(default_factory=list)
    moved: dict = field(default_factory=dict)  # original index (or "indicators:n" key) -> position kept
    edits: dict = field(default_factory=dict)  # original index -> edited attributes


def build(state: ReviewState) -> Built:
    """The Submission the reviewed tables say, its renumbered sources, and the recomputed checks."""
    problems: list[str] = []
    h = state.header
    agency, province, year = _text(h.get("agency")), _text(h.get("province")), _int(h.get("year"))
    problems += _header_problems(agency, province, year)
    lines = _rebuild_lines(state, problems)
    indicators = _rebuild_indicators(state, problems)
    requests = _rebuild_requests(state, problems)
    orig = state.original
    submission = None
    if agency and province and year is not None:
        report_date = h.get("report_date")
        submission = Submission(
            agency=agency,
            agency_code=_text(h.get("agency_code")) or derive_agency_code(agency),
            province=province,
            year=year,
            report_date=report_date if isinstance(report_date, date) else None,
            requested_by=_text(h.get("requested_by")),
            prepared_by=orig.prepared_by if orig else None,
            budget_lines=tuple(lines.items),
            indicators=tuple(indicators.items),
            requests=tuple(requests.items),
            difficulties=orig.difficulties if orig else (),
        )
    sources = _renumber(
        state, lines.moved, lines.edits, indicators.moved, indicators.edits, requests.moved, requests.edits, h
    )
    checks = recompute_checks(lines.items, indicators.items, state.stated_totals)
    return Built(submission, sources, checks, tuple(problems))


def _header_problems(agency: str | None, province: str | None, year: int | None) -> list[str]:
    problems = []
    if not agency:
        problems.append("Chưa có tên đơn vị: hãy điền ô Đơn vị.")
    if not province:
        problems.append("Chưa có tỉnh: hãy điền ô Tỉnh.")
    if year is None:
        problems.append("Chưa có năm báo cáo: hãy điền ô Năm báo cáo.")
    elif not MIN_YEAR <= year <= MAX_YEAR:
        problems.append(f"Năm báo cáo {year} nằm ngoài {MIN_YEAR}-{MAX_YEAR}.")
    return problems


def _rebuild_lines(state: ReviewState, problems: list[str]) -> _Rebuilt:
    out = _Rebuilt()
    orig = state.original
    for n, (_, row) in enumerate(_used(state.lines).iterrows(), start=1):
        source_text, task, allocated = _text(row["funding_source"]), _text(row["task"]), _vnd(row["allocated_trieu"])
        source = funding_source(source_text.lower().rstrip(")")) if source_text else None  # a/b/c or None
        if source is None or not task or allocated is None:
            problems.append(f"Dòng kinh phí {n}: cần nguồn kinh phí (a, b hoặc c), nhiệm vụ và kinh phí giao.")
            continue
        i = _orig_index(row[ORIG])
        base = orig.budget_lines[i] if orig is not None and i is not None and i < len(orig.budget_lines) else None
        line = BudgetLine(
            funding_source=source,
            task=task,
            allocated_vnd=allocated,
            disbursed_vnd=_vnd(row["disbursed_trieu"]),
            expected_pct=_float(row["expected_pct"]),
            decision_ref=_text(row["decision_ref"]),
            procurement=_text(row["procurement"]),
            contractor=_text(row["contractor"]),
        )
        if base is not None:
            # Keep what the table does not show (as_of, procurement_done, source_row...) from the extraction.
            line = replace(
                base,
                **{
                    k: getattr(line, k)
                    for k in (
                        "funding_source",
                        "task",
                        "allocated_vnd",
                        "disbursed_vnd",
                        "expected_pct",
                        "decision_ref",
                        "procurement",
                        "contractor",
                    )
                },
            )
            out.moved[i] = len(out.items)
            out.edits[i] = {attr for attr in _LINE_ATTR if getattr(base, attr) != getattr(line, attr)}
        out.items.append(line)
    return out


def _rebuild_indicators(state: ReviewState, problems: list[str]) -> _Rebuilt:
    out = _Rebuilt()
    for n, (_, row) in enumerate(_used(state.indicators).iterrows(), start=1):
        code, value = _text(row["code"]), _float(row["value"])
        if not code or value is None:
            problems.append(f"Chỉ số {n}: cần mã chỉ số và giá trị.")
            continue
        key = None if _missing(row[ORIG]) else str(row[ORIG])
        base = _original_indicator(state, key)
        name = _text(row["name"])
        if code in INDICATORS and name == INDICATORS[code].name_vi:
            name = None  # the registry supplies it
        ind = Indicator(
            code=code,
            value=value,
            out_of=_float(row["out_of"]),
            name=name,
            applies_to_year=_int(row["applies_to_year"]),
        )
        if base is not None:
            assert key is not None  # _original_indicator finds no base without a key
            ind = replace(
                base,
                code=code,
                value=value,
                out_of=ind.out_of,
                name=name,
                applies_to_year=ind.applies_to_year,
                note=None if key.startswith("candidates") else base.note,
            )
            out.moved[key] = len(out.items)
            out.edits[key] = {"value"} if (base.value, base.out_of) != (ind.value, ind.out_of) else set()
        out.items.append(ind)
    return out


def _rebuild_requests(state: ReviewState, problems: list[str]) -> _Rebuilt:
    out = _Rebuilt()
    orig = state.original
    for n, (_, row) in enumerate(_used(state.requests).iterrows(), start=1):
        req_year, task, amount = _int(row["year"]), _text(row["task"]), _vnd(row["amount_trieu"])
        if req_year is None or not task or amount is None:
            problems.append(f"Đề xuất {n}: cần năm, nhiệm vụ và kinh phí đề xuất.")
            continue
        i = _orig_index(row[ORIG])
        base = orig.requests[i] if orig is not None and i is not None and i < len(orig.requests) else None
        req = FundingRequest(
            year=req_year,
            task=task,
            amount_vnd=amount,
            category=_text(row["category"]),
            legal_basis=_text(row["legal_basis"]),
            implementer=_text(row["implementer"]),
        )
        if base is not None:
            req = replace(
                base,
                year=req.year,
                task=req.task,
                amount_vnd=req.amount_vnd,
                category=req.category,
                legal_basis=req.legal_basis,
                implementer=req.implementer,
            )
            out.moved[i] = len(out.items)
            out.edits[i] = {attr for attr in _REQUEST_ATTR if getattr(base, attr) != getattr(req, attr)}
        out.items.append(req)
    return out


def _original_indicator(state: ReviewState, key: str | None) -> Indicator | None:
    if not key or ":" not in key:
        return None
    kind, n = key.split(":", 1)
    items = state.original.indicators if kind == "indicators" and state.original else state.candidates
    i = int(n)
    return items[i] if i < len(items) else None


def _renumber(state, line_map, line_edits, ind_map, ind_edits, req_map, req_edits, header) -> tuple[ReviewSource, ...]:
    out: list[ReviewSource] = []
    orig = state.original
    for span in state.spans:
        m = _FIELD.match(span.field)
        field, edited = span.field, False
        if m:
            item, pos, attr = m["item"], int(m["pos"]), m["attr"]
            if item == "budget_lines":
                if pos not in line_map:
                    continue  # unticked: its sentence no longer backs a stored figure
                field, edited = f"budget_lines[{line_map[pos]}].{attr}", attr in line_edits.get(pos, set())
            elif item in ("indicators", "candidates"):
                key = f"{item}:{pos}"
                if key not in ind_map:
                    continue
                field, edited = f"indicators[{ind_map[key]}].{attr}", attr in ind_edits.get(key, set())
            elif item == "requests":
                if pos not in req_map:
                    continue
                field, edited = f"requests[{req_map[pos]}].{attr}", attr in req_edits.get(pos, set())
        elif span.field in ("agency", "province", "year", "requested_by") and orig is not None:
            edited = _text(header.get(span.field)) != _text(getattr(orig, span.field))
        out.append(ReviewSource(field, span.text, span.start, span.end, span.block, span.page, edited))
    return tuple(out)


# --- checks ----------------------------------------------------------------------------------------------


def _tr(vnd: int) -> str:
    return fmt.million_vnd_number(vnd)


def recompute_checks(lines, indicators, stated_totals: dict[str, int]) -> tuple[ReviewCheck, ...]:
    """Parts sum to the stated total; disbursed ≤ allocated; x ≤ y; rank ≤ N; % within 0-100."""
    return (*_budget_checks(lines, stated_totals), *_indicator_checks(indicators))


def _budget_checks(lines, stated_totals: dict[str, int]) -> list[ReviewCheck]:
    out: list[ReviewCheck] = []
    for source, stated in sorted(stated_totals.items()):
        parts = [ln.allocated_vnd for ln in lines if ln.funding_source == source]
        total = sum(parts)
        ok = total == stated
        shown = " + ".join(_tr(p) for p in parts) or "0"
        out.append(
            ReviewCheck(
                "source-total",
                ok,
                False,
                f"Nguồn {source}: {shown} = {fmt.million_vnd(total)}"
                + (" — khớp" if ok else " — KHÔNG khớp")
                + f" với tổng văn bản nêu {fmt.million_vnd(stated)}.",
                (("stated", f"{fmt.million_vnd(stated)} (nguồn {source})"), ("computed", fmt.million_vnd(total))),
            )
        )
    for n, line in enumerate(lines, start=1):
        if line.disbursed_vnd is None:
            continue
        ok = 0 <= line.disbursed_vnd <= line.allocated_vnd
        out.append(
            ReviewCheck(
                "disbursed-le-allocated",
                ok,
                True,
                f"Dòng {n} ({line.task[:40]}): đã giải ngân {_tr(line.disbursed_vnd)} {'≤' if ok else '>'} "
                f"kinh phí giao {fmt.million_vnd(line.allocated_vnd)}.",
            )
        )
    for n, line in enumerate(lines, start=1):
        if line.allocated_vnd < 0:
            out.append(ReviewCheck("amount-not-negative", False, True, f"Dòng {n}: kinh phí giao là số âm."))
    return out


def _indicator_checks(indicators) -> list[ReviewCheck]:
    out: list[ReviewCheck] = []
    for ind in indicators:
        name = INDICATORS[ind.code].name_vi if ind.code in INDICATORS else (ind.name or ind.code)
        if ind.out_of is not None:
            ok = ind.value <= ind.out_of
            code = "rank-le-count" if ind.code == "dti_rank" else "value-le-out-of"
            out.append(
                ReviewCheck(
                    code,
                    ok,
                    True,
                    f"{name}: {fmt.number(ind.value, 2)} {'≤' if ok else '>'} {fmt.number(ind.out_of, 2)}.",
                )
            )
        if ind.code in PERCENT_INDICATORS:
            ok = 0 <= ind.value <= 100
            out.append(
                ReviewCheck(
                    "pct-in-range",
                    ok,
                    True,
                    f"{name}: {fmt.number(ind.value, 2)}% {'trong' if ok else 'nằm ngoài'} 0-100.",
                )
            )
    return out


def checks_frame(checks) -> pd.DataFrame:
    """Failed checks first: Kết quả, Kiểm tra."""
    rows = sorted(checks, key=lambda c: (c.ok, not c.blocking))
    return pd.DataFrame(
        {
            "Kết quả": ["Đạt" if c.ok else ("LỖI" if c.blocking else "Cảnh báo") for c in rows],
            "Kiểm tra": [c.message_vi for c in rows],
        },
        columns=["Kết quả", "Kiểm tra"],
    )


def issues_to_store(state: ReviewState, built: Built) -> tuple[Issue, ...]:
    """The extraction's warnings plus a warning per failed non-blocking check (errors are never stored)."""
    extra = tuple(
        check_issue(c.code, state.file, SHEET, None, None, **dict(c.fields))
        for c in built.checks
        if not c.ok and not c.blocking
    )
    return state.warnings + extra


_FIELD_NAMES = {
    "allocated_vnd": "kinh phí giao",
    "disbursed_vnd": "đã giải ngân",
    "expected_pct": "dự kiến giải ngân",
    "value": "giá trị",
    "amount_vnd": "kinh phí đề xuất",
    "task": "nhiệm vụ",
    "procurement": "hình thức",
    "procurement_done": "hoàn thành lựa chọn nhà thầu",
    "contractor": "đơn vị thực hiện",
    "decision_ref": "văn bản giao",
}
_ITEM_NAMES = {
    "budget_lines": "Dòng kinh phí",
    "indicators": "Chỉ số",
    "candidates": "Số liệu khác",
    "requests": "Đề xuất",
}


def describe_field(field: str) -> str:
    """'budget_lines[0].disbursed_vnd' -> 'Dòng kinh phí 1: đã giải ngân'."""
    m = _FIELD.match(field)
    if not m:
        return {"agency": "Đơn vị", "province": "Tỉnh", "year": "Năm báo cáo", "requested_by": "Văn bản yêu cầu"}.get(
            field, field.replace("source_total.", "Tổng nguồn ").replace("decision_ref.", "Văn bản giao nguồn ")
        )
    return f"{_ITEM_NAMES.get(m['item'], m['item'])} {int(m['pos']) + 1}: {_FIELD_NAMES.get(m['attr'], m['attr'])}"


def sources_table(spans) -> pd.DataFrame:
    """Every span with its whole sentence, the figure in «…»: Số liệu, Trang, Câu nguồn."""
    return pd.DataFrame(
        {
            "Số liệu": [describe_field(s.field) for s in spans],
            "Trang": pd.array([s.page for s in spans], dtype="Int64"),
            "Câu nguồn": [quote(s.text, s.start, s.end) for s in spans],
        },
        columns=["Số liệu", "Trang", "Câu nguồn"],
    )
