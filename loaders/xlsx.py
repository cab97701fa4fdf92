"""One .xlsx workbook -> (Submission | None, issues), read with python-calamine (format §2).

Calamine's `to_python(skip_empty_area=False)` returns the grid from A1, so list index + 1 is the row
number Excel shows, even with empty rows or columns before the data.
"""

from __future__ import annotations

from io import BytesIO

from python_calamine import CalamineWorkbook

from domain import Issue, Submission, fold

from . import schema as S
from .messages import issue
from .records import assemble, read_info, read_table


def read_workbook(name: str, raw: bytes) -> tuple[Submission | None, list[Issue]]:
    """The submission in a workbook and every issue found; submission None when any error."""
    try:
        workbook = CalamineWorkbook.from_filelike(BytesIO(raw))
        sheets = {fold(n): n for n in reversed(workbook.sheet_names)}  # first of duplicates wins
    except Exception as exc:  # calamine raises its own types for corrupt files; the user gets an Issue
        return None, [issue("unreadable-file", name, detail=type(exc).__name__)]

    def grid(sheet: S.Sheet) -> tuple[str, list[list]] | None:
        found = next((sheets[n] for n in sheet.names if n in sheets), None)
        if found is None:
            return None
        try:
            return found, workbook.get_sheet_by_name(found).to_python(skip_empty_area=False)
        except Exception as exc:  # a sheet calamine cannot decode: say which
            issues.append(issue("unreadable-file", name, found, detail=f"{found}: {type(exc).__name__}"))
            return found, []

    issues: list[Issue] = []
    info_grid = grid(S.THONG_TIN)
    values: dict = {}
    stated_at = None
    report_date = report_year = None
    if info_grid is None:
        issues.append(issue("missing-sheet", name, S.THONG_TIN.name, sheet_name=S.THONG_TIN.name))
    else:
        info = read_info(name, info_grid[0], info_grid[1])
        issues += info.issues
        values = info.values
        report_date, report_year = info.report_date, info.year
        if "stated_total" in info.rows:
            row, label = info.rows["stated_total"]
            stated_at = (info_grid[0], row, label)
    tables = []
    for sheet in S.TABLE_SHEETS:
        found = grid(sheet)
        if found is None:
            if sheet.required:
                issues.append(issue("missing-sheet", name, sheet.name, sheet_name=sheet.name))
            continue
        table = read_table(name, sheet, found[0], found[1], report_date=report_date, report_year=report_year)
        issues += table.issues
        tables.append(table)
    submission, more = assemble(name, values, stated_at, tables)
    issues += more
    if any(i.is_error for i in issues):
        submission = None
    return submission, issues
