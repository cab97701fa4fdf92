"""One .xlsx workbook -> (Submission | None, issues) (format §2, §7).

The cells come from sheetxml, which reads only the cells that hold values (a stray cell at K1048576 costs
nothing) and keeps what a careful reader needs: percent and date formats, error values, merged ranges,
hidden rows, columns and sheets.
"""

from __future__ import annotations

from domain import Issue, Submission, fold

from . import schema as S
from .headers import column_letters
from .messages import Both, issue
from .records import assemble, read_info, read_table
from .sheetxml import Grid, open_book

_MAX_LISTED = 10  # hidden rows/columns named in one warning; the count says how many more


def read_workbook(
    name: str, raw: bytes, parts: dict[str, bytes] | None = None
) -> tuple[Submission | None, list[Issue]]:
    """The submission in a workbook and every issue found; submission None when any error.

    parts: XML parts already decompressed by safety.screen, by path (the others are read from raw)."""
    try:
        book = open_book(raw, parts)
    except Exception as exc:  # a corrupt zip or XML part: the user gets an Issue, never a traceback
        return None, [issue("unreadable-file", name, detail=type(exc).__name__)]
    issues: list[Issue] = []
    chosen = _choose_sheets(name, book.sheet_names, issues)

    def grid(sheet: S.Sheet) -> tuple[str, Grid] | None:
        found = chosen.get(sheet.key)
        if found is None:
            return None
        try:
            cells = book.sheet(found)
        except Exception as exc:  # a sheet part that cannot be decoded: say which
            issues.append(issue("unreadable-file", name, found, detail=f"{found}: {type(exc).__name__}"))
            return found, []
        issues.extend(_hidden_warnings(name, cells.name, cells.hidden, cells.hidden_rows, cells.hidden_columns))
        return found, cells.grid

    try:
        return _read(name, grid, issues)
    finally:
        book.close()


def _read(name: str, grid, issues: list[Issue]) -> tuple[Submission | None, list[Issue]]:
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
            elif sheet.expected:  # ChiSo, DeXuat: their figures are not reported, never 0 (format §2)
                issues.append(issue("missing-sheet-optional", name, sheet.name, sheet_name=sheet.name))
            continue
        table = read_table(name, sheet, found[0], found[1], report_date=report_date, report_year=report_year)
        issues += table.issues
        tables.append(table)
    submission, more = assemble(name, values, stated_at, tables)
    issues += more
    if any(i.is_error for i in issues):
        submission = None
    return submission, issues


def _choose_sheets(name: str, sheet_names: list[str], issues: list[Issue]) -> dict[str, str]:
    """Format sheet key -> the workbook's sheet; two sheets folding to one name are an error naming both."""
    chosen: dict[str, str] = {}
    for sheet in S.SHEETS:
        matches = [n for n in sheet_names if fold(n) in sheet.names]
        if len(matches) > 1:
            issues.append(
                issue(
                    "duplicate-sheet",
                    name,
                    matches[1],
                    sheet_name=sheet.name,
                    names=", ".join(f'"{m}"' for m in matches),
                )
            )
        if matches:
            chosen[sheet.key] = matches[0]
    return chosen


def _hidden_warnings(name: str, sheet: str, hidden: bool, rows: list[int], columns: list[int]) -> list[Issue]:
    """Hidden sheets, rows and columns are read like visible ones; the agency is told which (format §7)."""
    out = []
    if hidden:
        out.append(issue("hidden-content", name, sheet, None, None, what=Both(f"trang tính {sheet}", f"sheet {sheet}")))
    if rows:
        listed = ", ".join(str(r) for r in rows[:_MAX_LISTED]) + (" …" if len(rows) > _MAX_LISTED else "")
        out.append(issue("hidden-content", name, sheet, rows[0], None, what=Both(f"dòng {listed}", f"rows {listed}")))
    if columns:
        letters = [column_letters(c) for c in columns]
        listed = ", ".join(letters[:_MAX_LISTED]) + (" …" if len(letters) > _MAX_LISTED else "")
        out.append(
            issue("hidden-content", name, sheet, None, letters[0], what=Both(f"cột {listed}", f"columns {listed}"))
        )
    return out
