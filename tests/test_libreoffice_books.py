"""Format §7 with workbooks LibreOffice Calc wrote itself (tests/libreoffice_books.py makes them).

The other real-spreadsheet tests build files with openpyxl and patch its XML; these files carry Calc's own
XML: its shared strings and styles.xml, `hidden="false"` on every row, `date1904="true"`, formulas it
recalculated (its SUM passes over text numbers, so a stated subtotal can be short) and error cells it
computed. Assertions are the figures a careful reader gets, to the đồng, and the cell of every rejection.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from pathlib import Path

import pytest

import loaders
from loaders.numbers import unit_from_header, unit_of_title

sys.path.insert(0, str(Path(__file__).resolve().parent))
import libreoffice_books as books  # noqa: E402  (the generator lives beside the tests)

ROOT = Path(__file__).resolve().parent.parent
TR = 1_000_000


def raw(name: str) -> bytes:
    return (books.OUT / f"{name}.xlsx").read_bytes()


def read(name: str) -> loaders.ParseResult:
    return loaders.read_submission(f"{name}.xlsx", raw(name))


def lines(result) -> list[tuple]:
    assert result.submission is not None, [(i.code, i.sheet, i.row, i.column) for i in result.errors]
    return [
        (b.source_row, b.funding_source, b.task, b.allocated_vnd, b.disbursed_vnd, b.expected_pct)
        for b in result.submission.budget_lines
    ]


def where(result, severity: str) -> list[tuple]:
    return [(i.code, i.sheet, i.row, i.column) for i in result.issues if i.severity == severity]


def test_every_book_was_written_by_libreoffice_calc():
    names = sorted(p.stem for p in books.OUT.glob("*.xlsx"))
    assert names == sorted([*books.all_sources(), "openpyxl-roundtrip"])
    for name in names:
        with zipfile.ZipFile(BytesIO(raw(name))) as zf:
            assert b"<Application>LibreOffice" in zf.read("docProps/app.xml"), name
            assert b'appName="Calc"' in zf.read("xl/workbook.xml"), name


def _in_dong(value: str, per_unit: int) -> int:
    return int((Decimal(value) * per_unit).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("layout", ["header", "title"])
@pytest.mark.parametrize("slug", list(books.UNITS))
def test_every_unit_spelling_with_every_number_form(slug, layout):
    """Numeric cells, "1.234,5", "1 234,5", "1,234.5", "0,162", "2.500" under each unit, in the header or a
    title row "Đơn vị tính: …"; sheet names in five spellings; a lone "-" is nil with a warning."""
    unit, per_unit = books.UNITS[slug]
    result = read(f"unit-{layout}-{slug}")
    first = 2 if layout == "header" else 4
    expected = [
        (first + i, "a", f"Nhiệm vụ {i + 1}", _in_dong(value, per_unit), 0 if i == 0 else None, None)
        for i, (_, value) in enumerate(books.NUMBER_FORMS)
    ]
    assert lines(result) == expected
    assert "unit-assumed" not in {code for code, *_ in where(result, "warning")}
    sheet = books.SHEET_SPELLINGS[list(books.UNITS).index(slug) % len(books.SHEET_SPELLINGS)][1]
    column = f"Đã giải ngân ({unit})" if layout == "header" else "Đã giải ngân"
    assert [(i.sheet, i.row, i.column) for i in result.warnings if i.code == "nil-dash"] == [(sheet, first, column)]


def test_the_full_report_as_an_agency_lays_it_out_in_calc():
    """Blank row and column, merged title, "Đơn vị: … Lâm Đồng" then "ĐVT: Triệu VNĐ", a two-row merged
    header, numeric column numbers, "I"/"II" section rows, source merged down, a hidden row, Calc-computed
    subtotals, notes and signatures; the 1904 date system; percent cells; sheets "THÔNG TIN", "Kinh Phí"."""
    result = read("full-report")
    assert lines(result) == [
        (9, "a", "Đảm bảo an toàn thông tin cấp độ 2", 100 * TR, 3_402_000, 100.0),
        (10, "a", "Chỉnh lý, số hoá tài liệu lưu trữ", 300 * TR, 162_000, 87.5),
        (11, "a", "Xây lắp mạng LAN, wifi", 200 * TR, 4_482_000, 50.0),
        # "II | Nguồn khác (trung ương, địa phương)": the heading in the cell after the numeral sets source b
        (14, "b", "Phòng họp trực tuyến", 1_234_500_000, None, None),
        (15, "b", "Cổng dịch vụ công cấp huyện", 200 * TR, 0, None),
    ]
    s = result.submission
    assert (s.agency, s.year, s.report_date.isoformat()) == (
        "Sở Thông tin và Truyền thông tỉnh Lâm Đồng",
        2023,
        "2023-11-30",
    )
    assert [(i.code, i.value, i.out_of) for i in s.indicators] == [
        ("dti_score", 439.72, 485),
        ("docs_signed_pct", 100, None),
    ]
    assert [(r.year, r.amount_vnd) for r in s.requests] == [(2024, 1_500_000_000)]
    warnings = where(result, "warning")
    # Calc's SUM skipped the text cells "300", "0,162", "4,482" (row 12) and "1.234,5" (row 16): the stated
    # subtotals it shows are short, and the reader says so at those rows; "Tổng cộng" (row 17) adds up.
    mismatches = [(row, column) for code, _, row, column in warnings if code == "total-mismatch"]
    assert mismatches == [
        (12, "Kinh phí / Được giao"),
        (12, "Kinh phí / Đã giải ngân"),
        (16, "Kinh phí / Được giao"),
    ]
    assert ("hidden-content", "Kinh Phí", 10, None) in warnings
    assert ("nil-dash", "Kinh Phí", 15, "Kinh phí / Đã giải ngân") in warnings
    assert "unit-assumed" not in {code for code, *_ in warnings}


@pytest.mark.parametrize(
    "name, errors",
    [
        ("broken-div0", [("cell-error", "KinhPhi", 4, "Đã giải ngân (Tr.đồng)")]),
        ("broken-na", [("cell-error", "KinhPhi", 4, "Kinh phí giao (Tr.đồng)")]),
        ("broken-pct-120", [("pct-out-of-range", "KinhPhi", 4, "Dự kiến giải ngân (%)")]),
        ("broken-source", [("bad-funding-source", "KinhPhi", 4, "Nguồn kinh phí")]),
        ("broken-disbursed-over", [("disbursed-over-allocated", "KinhPhi", 4, "Đã giải ngân (Tr.đồng)")]),
        ("broken-negative", [("negative-amount", "KinhPhi", 4, "Kinh phí giao (Tr.đồng)")]),
        ("broken-year", [("year-out-of-range", "ThongTin", 4, "Năm báo cáo:")]),
        ("broken-no-kinhphi", [("missing-sheet", "KinhPhi", None, None)]),
    ],
)
def test_each_broken_book_is_refused_at_its_cell(name, errors):
    result = read(name)
    assert result.submission is None
    assert where(result, "error") == errors
    for error in result.errors:
        assert f"{name}.xlsx" in error.file and error.message_vi and error.message_en


def test_an_openpyxl_book_resaved_by_calc():
    """Title-row unit "nghìn đồng", source merged down, 0.0% cells, a hidden column and sheet, 1904 dates."""
    result = read("openpyxl-roundtrip")
    assert lines(result) == [
        (3, "a", "Đảm bảo an toàn thông tin cấp độ 2", 100 * TR, 3_402_000, 100.0),
        (4, "a", "Chỉnh lý, số hoá tài liệu lưu trữ", 300 * TR, 162_000, 87.5),
        (5, "b", "Phòng họp trực tuyến", 456 * TR, None, None),
    ]
    assert result.submission.report_date.isoformat() == "2023-11-30"
    assert [r.amount_vnd for r in result.submission.requests] == [40 * TR]
    hidden = [(s, r, c) for code, s, r, c in where(result, "warning") if code == "hidden-content"]
    assert hidden == [("KINHPHI", None, "F"), ("DeXuat", None, None)]


@pytest.mark.parametrize(
    "title, per_unit",
    [
        ("Đơn vị: Sở Thông tin và Truyền thông tỉnh Lâm Đồng", None),  # the agency, whose name ends in "Đồng"
        ("Đơn vị báo cáo: Công an tỉnh Lâm Đồng", None),
        ("Đơn vị: triệu đồng", TR),
        ("Đơn vị tính: Đồng Việt Nam", 1),
        ("ĐVT: Triệu đồng Việt Nam", TR),
        ("Đơn vị tính: Triệu đồng (Tr.đ)", TR),
        ("BÁO CÁO KINH PHÍ NĂM 2023 (Đơn vị tính: tỷ đồng)", 1_000_000_000),
        ("Biểu 01 - ĐVT: 1.000 đồng", 1_000),
        ("Đơn vị thực hiện", None),
    ],
)
def test_a_title_states_a_unit_only_when_it_names_one(title, per_unit):
    assert unit_of_title(title) == per_unit


def test_dong_viet_nam_in_a_header_is_dong():
    assert unit_from_header("Kinh phí giao (Đồng Việt Nam)") == (1, True)


def test_the_command_line_reads_calc_books_in_time():
    """`python -m loaders check`: one JSON line per file, exit 1 when one is broken, each file well under 2 s."""
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "loaders",
            "check",
            str(books.OUT / "full-report.xlsx"),
            str(books.OUT / "broken-na.xlsx"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.perf_counter() - started
    assert done.returncode == 1, done.stderr
    full, broken = (json.loads(line) for line in done.stdout.splitlines())
    assert full["ok"] and sum(b["allocated_vnd"] for b in full["submission"]["budget_lines"]) == 2_034_500_000
    assert not broken["ok"] and broken["submission"] is None
    assert [(e["sheet"], e["row"], e["column"], e["code"]) for e in broken["errors"]] == [
        ("KinhPhi", 4, "Kinh phí giao (Tr.đồng)", "cell-error")
    ]
    assert "KinhPhi!C4" in broken["errors"][0]["message"] and "KinhPhi!C4" in broken["errors"][0]["message_en"]
    print(f"check of 2 Calc books: {elapsed:.2f} s including interpreter start")  # speed is printed, not asserted


def _require_calc() -> None:
    if shutil.which("soffice") and Path("/usr/lib/libreoffice/program/libsclo.so").exists():
        return
    if os.environ.get("REQUIRE_LIBREOFFICE") == "1":  # CI: a skip would hide a failure
        pytest.fail("REQUIRE_LIBREOFFICE=1 but LibreOffice Calc is missing (apt-get install libreoffice-calc-nogui)")
    pytest.skip("LibreOffice Calc is not installed")


def test_the_committed_books_are_what_the_generator_writes(tmp_path):
    """Calc run again on the sources reads to the same figures as the committed files (bytes differ by dates)."""
    _require_calc()
    books.main(["libreoffice_books.py", str(tmp_path)])
    for path in sorted(books.OUT.glob("*.xlsx")):
        fresh = loaders.submission_to_json(loaders.read_submission(path.name, (tmp_path / path.name).read_bytes()))
        kept = loaders.submission_to_json(loaders.read_submission(path.name, path.read_bytes()))
        assert fresh == kept, path.name
