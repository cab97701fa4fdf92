"""The baseline: what a user would write without our loaders — pandas.read_excel + DataFrame.to_sql.

Per workbook: pandas.ExcelFile(engine="openpyxl"), one `parse` per sheet (the generous form of calling
read_excel once per sheet: the zip is opened once), agency and year taken from ThongTin, and each table
appended with DataFrame.to_sql to a SQLite file with SQLAlchemy's defaults (one commit per call).
CSV tables: pandas.read_csv(sep=";") + to_sql. No validation at all.

To keep appending to one table per sheet when agencies edit headers, the baseline strips the unit from a
header ("Kinh phí giao (nghìn đồng)" -> "Kinh phí giao") and keeps the template's columns only — so it
silently stores nghìn/tỷ amounts as if they were triệu, text numbers as text, and loses sheets whose header
is below title rows. benchmarks reports how many budget lines it stored next to the real loaders' count.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pandas as pd
from sqlalchemy import create_engine

from loaders import schema as S

_UNIT = re.compile(r"\s*\([^)]*\)\s*$")
_TABLES = {"kinhphi": S.KINH_PHI, "chiso": S.CHI_SO, "dexuat": S.DE_XUAT, "khokhan": S.KHO_KHAN}
_KNOWN = {key: ["Đơn vị", "Tỉnh", "Năm báo cáo", *(c.vi for c in sheet.columns)] for key, sheet in _TABLES.items()}


def _clean(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The template's columns, in its order (missing ones empty), so every file appends to one table."""
    frame = frame.rename(columns=lambda c: _UNIT.sub("", str(c)))
    if not any(c in frame.columns for c in _KNOWN[table][3:]):
        return frame.iloc[0:0]  # header not on the first row (title rows): the naive reader finds nothing
    return frame.reindex(columns=_KNOWN[table])


def ingest_file(engine, name: str, raw: bytes) -> int:
    """Store one file the naive way; the number of budget lines it appended."""
    lines = 0
    if name.lower().endswith(".csv"):
        table = name.rsplit("_", 1)[-1].removesuffix(".csv").lower()
        frame = _clean(pd.read_csv(io.BytesIO(raw), sep=";", encoding="utf-8-sig"), table)
        frame.to_sql(table, engine, if_exists="append", index=False)
        return len(frame) if table == "kinhphi" else 0
    book = pd.ExcelFile(io.BytesIO(raw), engine="openpyxl")
    info = book.parse("ThongTin", header=None) if "ThongTin" in book.sheet_names else pd.DataFrame()
    fields = dict(zip(info.iloc[:, 0], info.iloc[:, 1])) if info.shape[1] >= 2 else {}
    agency, year = fields.get("Đơn vị"), fields.get("Năm báo cáo")
    pd.DataFrame([{"Đơn vị": agency, "Tỉnh": fields.get("Tỉnh"), "Năm báo cáo": year}]).to_sql(
        "thongtin", engine, if_exists="append", index=False
    )
    for sheet in book.sheet_names:
        table = sheet.lower()
        if table not in _TABLES:
            continue
        frame = _clean(book.parse(sheet), table)
        if frame.empty:
            continue
        frame = frame.assign(**{"Đơn vị": agency, "Tỉnh": fields.get("Tỉnh"), "Năm báo cáo": year})
        frame.to_sql(table, engine, if_exists="append", index=False)
        if table == "kinhphi":
            lines += len(frame)
    return lines


def ingest(paths: list[Path], db_path: Path) -> dict:
    """Naive ingest of the files into a new SQLite at db_path: seconds, files, lines stored."""
    engine = create_engine(f"sqlite:///{db_path}")
    started = time.perf_counter()
    lines = failed = 0
    for path in paths:
        try:
            lines += ingest_file(engine, path.name, path.read_bytes())
        except Exception:  # the naive loader has no error handling worth the name: count and go on
            failed += 1
    seconds = time.perf_counter() - started
    engine.dispose()
    return {"seconds": seconds, "files": len(paths), "lines": lines, "failed": failed}
