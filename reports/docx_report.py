"""The Word report: the template's {{ fields }} filled with the report's figures in vi-VN text (docxtpl)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from docxtpl import DocxTemplate

import formatting as fmt
from domain import PERCENT_INDICATORS
from reports import content as c
from reports import wording as w

TEMPLATE = Path(__file__).resolve().parent / "templates" / "bao-cao-tong-hop.docx"


def cell_text(value, kind: c.Kind) -> str:
    """One table cell as a reader finds it: '3,402', '1,3%', '30/11/2023'; a missing figure is 'chưa báo cáo'."""
    if value is None:
        return w.NOT_REPORTED if kind != "text" else fmt.NOT_REPORTED
    if kind == "money":
        return fmt.million_vnd_number(value)
    if kind == "pct":
        return fmt.number(value, 1)
    if kind == "number":
        return fmt.number(value, 2)
    if kind == "date":
        return fmt.day(value)
    return str(value)


def money_text(amount_vnd: int | None) -> str:
    """'1.096,962 triệu đồng' in a sentence; chưa báo cáo when not reported."""
    return w.NOT_REPORTED if amount_vnd is None else fmt.million_vnd(amount_vnd)


def _total_cell(table: c.Table, i: int, first: bool) -> str:
    if first:
        return w.TOTAL
    value, kind = table.total[i] if table.total else None, table.columns[i].kind
    if kind in ("text", "date"):
        return ""
    return cell_text(value, kind)


def _rows(table: c.Table, keep: tuple[int, ...] | None = None) -> dict:
    """{'rows': [[text…]…], 'total': [text…]} with only the columns in keep (all when None)."""
    picks = keep if keep is not None else tuple(range(len(table.columns)))
    return {
        "rows": [[cell_text(row[i], table.columns[i].kind) for i in picks] for row in table.rows],
        "total": [_total_cell(table, i, n == 0) for n, i in enumerate(picks)],
    }


def reading_text(reading: c.Reading | None) -> str:
    """'439,72/485', '7/20', '100%'; chưa báo cáo when the agency gave none."""
    if reading is None:
        return w.NOT_REPORTED
    text = fmt.number(reading.value, 2)
    if reading.out_of is not None:
        return f"{text}/{fmt.number(reading.out_of, 2)}"
    return text + ("%" if reading.code in PERCENT_INDICATORS else "")


def _grid(data: c.ReportData, codes) -> dict:
    return {"rows": [[agency, *map(reading_text, found)] for agency, found in c.indicator_grid(data, codes)]}


def _dti(data: c.ReportData) -> dict:
    rows = []
    for agency, (score, rank) in c.indicator_grid(data, c.DTI_CODES):
        years = {r.applies_to_year for r in (score, rank) if r is not None and r.applies_to_year}
        rows.append([agency, reading_text(score), reading_text(rank), ", ".join(map(str, sorted(years))) or "—"])
    return {"rows": rows}


def _of_agency(frame, code: str):
    return frame[frame["agency_code"] == code] if not frame.empty else frame


def _appendix(data: c.ReportData) -> list[dict]:
    out = []
    for n, sub in enumerate(data.submissions.itertuples(), start=1):

        def own(frame, code=sub.agency_code):
            return _of_agency(frame, code)

        out.append(
            {
                "number": n,
                "agency": sub.agency,
                "lines": _rows(c.line_table(data, own(data.lines), short_source=True), (1, 2, 3, 4, 5, 7)),
                "indicators": _indicator_rows(data, own(data.indicators)),
                "requests": _rows(c.request_table(data, own(data.requests)), (2, 3, 4)),
            }
        )
    return out


def _indicator_rows(data: c.ReportData, frame) -> dict:
    """One agency's indicators as the appendix reads them: name, '439,72/485', year, note."""
    return {
        "rows": [
            [name, reading_text(reading), str(reading.applies_to_year or "—"), note or "—"]
            for name, reading, note in c.indicator_readings(frame)
        ]
    }


def issuer_of(data: c.ReportData, today: date) -> dict:
    """Header block fields: issuing body (the province's Sở), number placeholder, place and date."""
    name, short, said, ministry = w.ISSUER_FROM_2025 if data.scope.year >= 2025 else w.ISSUER_BEFORE_2025
    place = data.province or w.UNKNOWN_PLACE
    for prefix in w.PROVINCE_PREFIXES:
        place = place.removeprefix(prefix)
    return {
        "issuer_parent": f"UBND TỈNH {place.upper()}" if data.province else "UBND TỈNH ……",
        "issuer": name,
        "issuer_name": said,
        "ministry": ministry,
        "number": f"……/BC-{short}",
        "place_date": w.DATE_LINE.format(place=place, day=today.day, month=today.month, year=today.year),
    }


def context(data: c.ReportData, today: date) -> dict:
    """Every field of the template, as text."""
    t = data.totals
    return {
        **issuer_of(data, today),
        "year": data.scope.year,
        "scope_name": data.scope_name,
        "view_note": w.VIEW_APPROVED_NOTE if data.scope.approved_only else w.VIEW_CURRENT_NOTE,
        "generated_on": fmt.day(today),
        "illustrative_note": w.ILLUSTRATIVE_NOTE.format(agencies="; ".join(data.illustrative_agencies))
        if data.illustrative_agencies
        else "",
        "n_agencies": len(data.submissions),
        "n_lines": t.n_lines,
        "allocated": money_text(data.allocated_vnd),
        "disbursed": money_text(t.disbursed_vnd),
        "rate": fmt.pct(t.rate_pct) if t.rate_pct is not None else w.NOT_REPORTED,
        "not_reported_allocated": money_text(data.not_reported_allocated_vnd),
        "src": _rows(c.source_table(data)),
        "agencies": _rows(c.agency_table(data)),
        "tasks": _rows(c.line_table(data), (0, 2, 4, 5, 6, 8)),
        "dti": _dti(data),
        "platforms": _grid(data, c.PLATFORM_CODES),
        "staff": _grid(data, c.STAFF_CODES),
        "difficulties": c.said_by_agency(data, "khó khăn"),
        "proposals": c.said_by_agency(data, "kiến nghị"),
        "requested": money_text(data.requested_vnd),
        "requests": _rows(c.request_table(data), (0, 2, 3, 4)),
        "appendix": _appendix(data),
    }


def render_docx(data: c.ReportData, today: date | None = None, template: Path = TEMPLATE) -> bytes:
    """The report as .docx bytes; agency text is escaped (autoescape), never read as markup."""
    document = DocxTemplate(str(template))
    document.render(context(data, today or date.today()), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
