"""CSV tables (format §3): encodings, separators, agency and year from columns or the file name, grouping."""

import unicodedata

import hypothesis.strategies as hs
import pytest
from hypothesis import given, settings

import loaders

TR = 1_000_000
BUDGET = [
    [
        "Đơn vị",
        "Tỉnh",
        "Năm báo cáo",
        "Nguồn kinh phí",
        "Nhiệm vụ",
        "Kinh phí giao (triệu đồng)",
        "Đã giải ngân (triệu đồng)",
        "Ghi chú",
    ],
    ["Ban Dân tộc tỉnh Quảng Ngãi", "Quảng Ngãi", "2023", "a", "Đảm bảo an toàn thông tin", "100", "3,402", "ổn"],
    ["Ban Dân tộc tỉnh Quảng Ngãi", "Quảng Ngãi", "2023", "a", "Số hoá tài liệu", "300", "0,162", ""],
    ["Ban Dân tộc tỉnh Quảng Ngãi", "Quảng Ngãi", "2023", "a", "Mạng LAN, wifi", "200", "4,482", ""],
]


def text(rows, sep=","):
    def cell(value):
        return '"' + value.replace('"', '""') + '"' if sep in value or '"' in value else value

    return "\r\n".join(sep.join(cell(v) for v in row) for row in rows) + "\r\n"


def cp1258(s: str) -> bytes:
    """Windows-1258 as Excel writes it: precomposed base letters, tone marks as combining characters."""
    out = b""
    for ch in unicodedata.normalize("NFC", s):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
            rest = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
            out += (rest + "".join(tones)).encode("cp1258")
    return out


def check_budget(result):
    assert result.ok, [i.message_vi for i in result.errors]
    sub = result.submission
    assert (sub.agency, sub.province, sub.year) == ("Ban Dân tộc tỉnh Quảng Ngãi", "Quảng Ngãi", 2023)
    assert [(b.task, b.allocated_vnd, b.disbursed_vnd) for b in sub.budget_lines] == [
        ("Đảm bảo an toàn thông tin", 100 * TR, 3_402_000),
        ("Số hoá tài liệu", 300 * TR, 162_000),
        ("Mạng LAN, wifi", 200 * TR, 4_482_000),
    ]
    return sub


@pytest.mark.parametrize(
    "encode, sep",
    [
        (lambda s: s.encode("utf-8"), ","),
        (lambda s: s.encode("utf-8-sig"), ";"),
        (lambda s: s.encode("utf-16"), "\t"),  # Excel "Unicode text"
        (lambda s: s.encode("utf-16-le"), "\t"),  # the same without its BOM
        (cp1258, ";"),
        (cp1258, ","),
    ],
)
def test_encodings_and_separators(encode, sep):
    sub = check_budget(loaders.read_submission("kinh-phi.csv", encode(text(BUDGET, sep))))
    assert sub.budget_lines[0].note == "ổn"  # Vietnamese text survives, NFC
    assert unicodedata.is_normalized("NFC", sub.agency)


def test_rows_are_numbered_from_the_header_line():
    rows = [r[:] for r in BUDGET]
    rows[2][5] = "ba trăm"
    result = loaders.read_submission("kinh-phi.csv", text(rows).encode())
    (error,) = result.errors
    assert (error.code, error.file, error.sheet, error.row, error.column) == (
        "not-a-number",
        "kinh-phi.csv",
        "KinhPhi",
        3,
        "Kinh phí giao (triệu đồng)",
    )


def test_agency_and_year_from_the_file_name():
    rows = [r[3:] for r in BUDGET]  # no Đơn vị / Tỉnh / Năm báo cáo columns
    result = loaders.read_submission("QNG-BDT_2023_kinhphi.csv", text(rows, ";").encode())
    assert result.ok
    sub = result.submission
    assert (sub.agency, sub.agency_code, sub.province, sub.year) == ("QNG-BDT", "QNG-BDT", "", 2023)
    assert sub.allocated_vnd == 600 * TR


def test_no_agency_or_year_is_an_error():
    result = loaders.read_submission("kinh-phi.csv", text([r[3:] for r in BUDGET]).encode())
    assert [i.code for i in result.errors] == ["missing-agency-year"]


def test_read_files_groups_tables_of_one_report():
    indicators = [["Mã chỉ số", "Giá trị", "Trên tổng", "Năm áp dụng"], ["dti_score", "439,72", "485", "2022"]]
    requests = [
        ["Đơn vị", "Năm báo cáo", "Năm", "Nhiệm vụ", "Kinh phí đề xuất (triệu đồng)"],
        ["Ban Dân tộc tỉnh Quảng Ngãi", "2023", "2024", "Nâng cấp hạ tầng CNTT", "40"],
    ]
    other = [["Đơn vị", "Năm báo cáo", "Mã chỉ số", "Giá trị"], ["Sở Y tế", "2023", "dx_staff", "3"]]
    results = loaders.read_files(
        [
            ("QNG-BDT_2023_kinhphi.csv", text(BUDGET, ";").encode("utf-8-sig")),
            ("QNG-BDT_2023_chiso.csv", text(indicators).encode()),
            ("so-y-te.csv", text(other).encode()),
            ("QNG-BDT_2023_dexuat.csv", text(requests, "\t").encode("utf-16")),
        ]
    )
    assert [r.file for r in results] == [
        "QNG-BDT_2023_kinhphi.csv + QNG-BDT_2023_chiso.csv + QNG-BDT_2023_dexuat.csv",
        "so-y-te.csv",
    ]
    qng, syt = results
    assert qng.ok, [i.message_vi for i in qng.errors]
    sub = qng.submission
    assert sub.agency_code == "QNG-BDT" and sub.agency == "Ban Dân tộc tỉnh Quảng Ngãi"
    assert sum(b.allocated_vnd for b in sub.budget_lines if b.funding_source == "a") == 600 * TR
    assert [(i.code, i.value, i.out_of, i.applies_to_year) for i in sub.indicators] == [
        ("dti_score", 439.72, 485, 2022)
    ]
    assert [(r.year, r.amount_vnd) for r in sub.requests] == [(2024, 40 * TR)]  # "Năm" is the request year
    assert syt.ok and syt.submission.agency_code == "SO-Y-TE" and syt.submission.indicator("dx_staff").value == 3


def test_year_column_disagreeing_with_file_name():
    result = loaders.read_submission("QNG-BDT_2024_kinhphi.csv", text(BUDGET).encode())
    assert [i.code for i in result.errors] == ["conflicting-agency-year"]


def test_unrecognised_table():
    result = loaders.read_submission("x.csv", b"a,b\n1,2\n")
    assert [i.code for i in result.errors] == ["unknown-csv-table"]


@settings(max_examples=150, deadline=None)
@given(hs.binary(max_size=300), hs.sampled_from(["x.csv", "QNG-BDT_2023_kinhphi.csv", "x.xlsx"]))
def test_any_bytes_give_issues_not_tracebacks(raw, name):
    result = loaders.read_submission(name, raw)
    assert result.submission is None or result.ok or result.errors


@settings(max_examples=100, deadline=None)
@given(
    hs.lists(hs.text(hs.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12), min_size=3, max_size=3)
)
def test_any_cell_text_gives_issues_not_tracebacks(cells):
    rows = [BUDGET[0]] + [BUDGET[1][:5] + cells]
    result = loaders.read_submission("kinh-phi.csv", text(rows).encode())
    assert all(i.row == 2 for i in result.issues)
