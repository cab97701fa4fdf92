"""Writes a submission as the CSV tables of format §3, from the same schema as the .xlsx template.

Numbers are written the Vietnamese way (`3,402`, `1.096,962`), as agencies' spreadsheets export them, so the
files exercise the one money reader exactly as a real upload does. The sample data and the benchmark corpus
both write their CSV files here.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from domain import VND_PER_MILLION, Submission

from .schema import CHI_SO, CSV_AGENCY, CSV_PROVINCE, CSV_YEAR, DE_XUAT, KHO_KHAN, KINH_PHI, Column, Sheet

TABLES: dict[str, Sheet] = {"kinhphi": KINH_PHI, "chiso": CHI_SO, "dexuat": DE_XUAT, "khokhan": KHO_KHAN}


def vi_number(value: Decimal | float | int) -> str:
    """A number written the Vietnamese way: '.' groups thousands, ',' is the decimal mark."""
    text = format(Decimal(repr(value)) if isinstance(value, float) else Decimal(value), "f")
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-')):,}".replace(",", ".")
    frac = frac.rstrip("0")
    return f"{sign}{grouped},{frac}" if frac else f"{sign}{grouped}"


def _text(column: Column, record) -> str:
    value = getattr(record, f"{column.key}_vnd" if column.kind == "money" else column.key)
    if value is None:
        return ""  # not reported stays an empty cell, never 0
    if column.kind == "money":
        return vi_number(Decimal(value) / VND_PER_MILLION)
    if column.kind == "month":
        return f"{value.month:02d}/{value.year}"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if column.kind in ("number", "pct"):
        return vi_number(value)
    return str(value)


def write_csv_tables(submission: Submission) -> dict[str, str]:
    """{table: CSV text} for the tables that have rows; agency, province and year on every row (§3)."""
    head = [submission.agency, submission.province, str(submission.year)]
    records = {
        "kinhphi": submission.budget_lines,
        "chiso": submission.indicators,
        "dexuat": submission.requests,
        "khokhan": submission.difficulties,
    }
    out = {}
    for table, sheet in TABLES.items():
        rows = records[table]
        if not rows and table != "kinhphi":  # KinhPhi is required (§2), even with no lines
            continue
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
        writer.writerow([CSV_AGENCY.header, CSV_PROVINCE.header, CSV_YEAR.header, *(c.header for c in sheet.columns)])
        writer.writerows([*head, *(_text(c, r) for c in sheet.columns)] for r in rows)
        out[table] = buffer.getvalue()
    return out
