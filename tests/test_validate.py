"""Each §4 check once: code, severity and the place it names (file, sheet, row, column)."""

from io import BytesIO

import openpyxl
import pytest

import loaders

INFO = [["Đơn vị", "Sở Y tế"], ["Tỉnh", "Quảng Ngãi"], ["Năm báo cáo", 2023], ["Ngày báo cáo", "30/11/2023"]]
BUDGET_HEADER = [
    "Nguồn kinh phí",
    "Nhiệm vụ",
    "Kinh phí giao (triệu đồng)",
    "Đã giải ngân (triệu đồng)",
    "Ngày số liệu",
    "Dự kiến giải ngân (%)",
    "Hoàn thành lựa chọn nhà thầu",
]
GOOD_LINE = ["a", "Nhiệm vụ", 100, 50, None, 100, None]
IND_HEADER = ["Mã chỉ số", "Giá trị", "Trên tổng", "Năm áp dụng"]
REQ_HEADER = ["Năm", "Nhiệm vụ", "Kinh phí đề xuất (triệu đồng)"]


def workbook(info=INFO, budget=(GOOD_LINE,), indicators=(), requests=(), drop=()) -> bytes:
    sheets = {
        "ThongTin": list(info),
        "KinhPhi": [BUDGET_HEADER, *budget],
        "ChiSo": [IND_HEADER, *indicators],
        "DeXuat": [REQ_HEADER, *requests],
    }
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        if name in drop:
            continue
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def line(**cells):
    row = list(GOOD_LINE)
    for key, value in cells.items():
        row[["source", "task", "allocated", "disbursed", "as_of", "pct", "done"].index(key)] = value
    return row


CASES = [
    # (workbook kwargs, code, severity, sheet, row, column)
    ({"drop": ("KinhPhi",)}, "missing-sheet", "error", "KinhPhi", None, None),
    ({"drop": ("ChiSo",)}, "missing-sheet-optional", "warning", "ChiSo", None, None),
    ({"info": INFO[:1] + INFO[2:]}, "missing-field", "error", "ThongTin", None, "Tỉnh"),
    ({"info": [["Đơn vị", ""]] + INFO[1:]}, "required-empty", "error", "ThongTin", 1, "Đơn vị"),
    ({"budget": [line(task=None)]}, "required-empty", "error", "KinhPhi", 2, "Nhiệm vụ"),
    ({"budget": [line(allocated="100 quả")]}, "not-a-number", "error", "KinhPhi", 2, "Kinh phí giao (triệu đồng)"),
    (
        {"budget": [GOOD_LINE, line(allocated=-1, disbursed=None)]},
        "negative-amount",
        "error",
        "KinhPhi",
        3,
        "Kinh phí giao (triệu đồng)",
    ),
    (
        {"budget": [line(disbursed="100,5")]},
        "disbursed-over-allocated",
        "error",
        "KinhPhi",
        2,
        "Đã giải ngân (triệu đồng)",
    ),
    ({"budget": [line(pct="120%")]}, "pct-out-of-range", "error", "KinhPhi", 2, "Dự kiến giải ngân (%)"),
    ({"indicators": [["docs_signed_pct", 101]]}, "pct-out-of-range", "error", "ChiSo", 2, "Giá trị"),
    ({"indicators": [["dti_rank", 21, 20]]}, "value-over-out-of", "error", "ChiSo", 2, "Giá trị"),
    (
        {"info": INFO[:2] + [["Năm báo cáo", 2014]] + INFO[3:]},
        "year-out-of-range",
        "error",
        "ThongTin",
        3,
        "Năm báo cáo",
    ),
    ({"requests": [[2050, "Nhiệm vụ", 10]]}, "year-out-of-range", "error", "DeXuat", 2, "Năm"),
    ({"indicators": [["dx_staff", 3, None, 2010]]}, "year-out-of-range", "error", "ChiSo", 2, "Năm áp dụng"),
    ({"budget": [line(as_of="32/11/2023")]}, "bad-date", "error", "KinhPhi", 2, "Ngày số liệu"),
    ({"budget": [line(done="tháng mười")]}, "bad-month", "error", "KinhPhi", 2, "Hoàn thành lựa chọn nhà thầu"),
    ({"budget": [line(source="d")]}, "bad-funding-source", "error", "KinhPhi", 2, "Nguồn kinh phí"),
    ({"indicators": [["so_may_chu", 3]]}, "unknown-indicator", "warning", "ChiSo", 2, "Mã chỉ số"),
    (
        {"budget": [line(disbursed=0, done="10/2023")]},
        "disbursed-zero-after-procurement",
        "warning",
        "KinhPhi",
        2,
        "Đã giải ngân (triệu đồng)",
    ),
    ({"budget": [line(as_of="01/12/2023")]}, "as-of-after-report-date", "warning", "KinhPhi", 2, "Ngày số liệu"),
    (
        {"budget": [line(disbursed=None)]},
        "disbursed-not-reported",
        "warning",
        "KinhPhi",
        2,
        "Đã giải ngân (triệu đồng)",
    ),
    (
        {"budget": [line(allocated="1.200", disbursed=1100)]},
        "ambiguous-number",
        "warning",
        "KinhPhi",
        2,
        "Kinh phí giao (triệu đồng)",
    ),
    (
        {"budget": [line(), ["Tổng cộng", None, 99, None, None, None, None]]},
        "total-mismatch",
        "warning",
        "KinhPhi",
        3,
        "Kinh phí giao (triệu đồng)",
    ),
]


@pytest.mark.parametrize("kwargs, code, severity, sheet, row, column", CASES, ids=[c[1] for c in CASES])
def test_check(kwargs, code, severity, sheet, row, column):
    result = loaders.read_submission("bc.xlsx", workbook(**kwargs))
    found = [i for i in result.issues if i.code == code]
    assert [(i.severity, i.file, i.sheet, i.row, i.column) for i in found] == [
        (severity, "bc.xlsx", sheet, row, column)
    ]
    assert found[0].message_vi and found[0].message_en and "?" not in found[0].message_vi
    assert (result.submission is None) == (severity == "error")


def test_good_workbook_has_no_issue():
    result = loaders.read_submission("bc.xlsx", workbook())
    assert result.ok and result.issues == ()


def test_ambiguity_that_changes_nothing_is_not_named():
    result = loaders.read_submission("bc.xlsx", workbook(budget=[line(allocated="1.200", disbursed="1,100")]))
    assert result.ok and result.issues == ()  # 1200 or 1.2, 1.1 or 1100: no check flips
    assert result.submission.budget_lines[0].allocated_vnd == 1_200_000_000
    assert result.submission.budget_lines[0].disbursed_vnd == 1_100_000


def test_json_shape():
    result = loaders.read_submission("bc.xlsx", workbook(budget=[line(disbursed=None)]))
    data = loaders.submission_to_json(result)
    assert data["ok"] is True and data["errors"] == []
    assert data["submission"]["report_date"] == "2023-11-30"
    (budget_line,) = data["submission"]["budget_lines"]
    assert (budget_line["allocated_vnd"], budget_line["disbursed_vnd"], budget_line["as_of"]) == (
        100_000_000,
        None,
        "2023-11-30",
    )
    (warning,) = data["warnings"]
    assert {k: warning[k] for k in ("sheet", "row", "column", "code")} == {
        "sheet": "KinhPhi",
        "row": 2,
        "column": "Đã giải ngân (triệu đồng)",
        "code": "disbursed-not-reported",
    }
    assert (
        loaders.submission_to_json(loaders.read_submission("bc.xlsx", workbook(drop=("KinhPhi",))))["submission"]
        is None
    )
