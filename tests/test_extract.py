"""Narrative report extraction: the seeds' figures, paraphrased variants, unreadable files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS_DIR

from loaders.extract import extract_report, extraction_to_json
from loaders.extract.cli import main
from loaders.extract.rules import money_vnd, read_decimal

sys.path.insert(0, str(Path(__file__).parent / "extract_variants"))
import make_variants  # noqa: E402

QN = SEEDS_DIR / "quang-ngai-ban-dan-toc-cds-2023.txt"
BG = SEEDS_DIR / "bac-giang-ban-dan-toc-2289-2023.txt"


def _extract(path: Path):
    return extract_report(path.name, path.read_bytes())


def _spans(ex, field: str) -> list[str]:
    return [s.text[s.start : s.end] for s in ex.spans if s.field == field]


@pytest.fixture(scope="module")
def qn():
    if not QN.exists():
        pytest.skip("seed report absent")
    return _extract(QN)


@pytest.fixture(scope="module")
def bg():
    if not BG.exists():
        pytest.skip("seed report absent")
    return _extract(BG)


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, unit, vnd",
    [
        ("3,402", "triệu đồng", 3_402_000),
        ("0,162", "triệu đồng", 162_000),
        ("100", "triệu đồng", 100_000_000),
        ("1.250", "triệu", 1_250_000_000),
        ("2.5", "tỷ đồng", 2_500_000_000),
        ("0,35", "tỷ", 350_000_000),
        ("480.000", "nghìn đồng", 480_000_000),
        ("07", "trđ", 7_000_000),
        ("35", "tr.đ", 35_000_000),
        ("1.234.567,5", "đồng", 1_234_568),
        ("100.000.000", "đồng", 100_000_000),
    ],
)
def test_money_reads_vietnamese_numbers(text, unit, vnd):
    assert money_vnd(text, unit) == vnd


def test_decimal_mark_rule():
    assert float(read_decimal("439.72")) == 439.72
    assert float(read_decimal("439,72")) == 439.72
    assert read_decimal("07") == 7
    assert read_decimal("1,2,3") is None


# --- the Quảng Ngãi seed -----------------------------------------------------------------------


def test_qn_identity(qn):
    sub = qn.submission
    assert sub.agency == "Ban Dân tộc tỉnh Quảng Ngãi"
    assert sub.agency_code == "BAN-DAN-TOC-TINH-QUANG-NGAI"
    assert sub.province == "Quảng Ngãi"
    assert sub.year == 2023
    assert sub.report_date is None  # "ngày    tháng 11 năm 2023": the day is blank
    assert sub.requested_by == "2391/STTTT-BCVT&CNTT ngày 22/11/2023"
    assert "report-date-blank" in {i.code for i in qn.issues}
    assert _spans(qn, "agency") == ["Ban Dân tộc tỉnh Quảng Ngãi"]


def test_qn_budget_lines(qn):
    lines = qn.submission.budget_lines
    assert [(b.funding_source, b.allocated_vnd, b.disbursed_vnd) for b in lines] == [
        ("a", 100_000_000, 3_402_000),
        ("a", 300_000_000, 162_000),
        ("a", 200_000_000, 4_482_000),
        ("b", 456_000_000, None),  # not reported: None, never 0
        ("c", 40_962_000, 40_962_000),
    ]
    first, second, third, other, own = lines
    assert first.task.startswith("Đảm bảo an toàn thông tin đối với hệ thống thông tin cấp độ 2")
    assert second.task.startswith("Chinh lý, số hoá tài liệu lưu trữ")
    assert third.task.startswith("Xây lắp mới hệ thống mạng LAN")
    assert other.task.startswith("Đầu tư Phòng họp trực tuyến")
    assert own.task == "Chi công nghệ thông tin trong năm 2023"
    assert {b.decision_ref for b in lines[:3]} == {"569/QĐ-UBND ngày 26/6/2023"}
    assert [b.expected_pct for b in lines] == [100, 100, 100, 100, None]
    assert [b.procurement for b in lines[:3]] == ["chỉ định thầu"] * 3
    assert [b.procurement_done for b in lines[:3]] == [date(2023, 10, 1), date(2023, 11, 1), date(2023, 11, 1)]
    assert first.contractor == "Trung tâm Công nghệ Thông tin và Truyền thông tỉnh Quảng Ngãi"
    assert second.contractor == "Công ty cổ phần Công nghệ và Truyền thông Năm Sao"
    assert third.contractor is None


def test_qn_budget_spans_and_warnings(qn):
    assert _spans(qn, "budget_lines[0].allocated_vnd") == ["100 triệu đồng"]
    assert _spans(qn, "budget_lines[0].disbursed_vnd") == ["3,402 triệu đồng"]
    assert _spans(qn, "budget_lines[1].disbursed_vnd") == ["0,162 triệu đồng"]
    assert _spans(qn, "budget_lines[2].disbursed_vnd") == ["4,482 triệu đồng"]
    assert _spans(qn, "budget_lines[3].allocated_vnd") == ["456 triệu đồng"]
    assert _spans(qn, "budget_lines[4].allocated_vnd") == ["40,962 triệu đồng"]
    span = next(s for s in qn.spans if s.field == "budget_lines[1].disbursed_vnd")
    assert "chưa giải ngân 0,162 triệu đồng" in span.text and span.page is None
    codes = [i.code for i in qn.issues]
    assert "disbursed-wording" in codes  # "chưa giải ngân 0,162 triệu" read as disbursed, and said so
    assert "disbursed-not-reported" in codes
    assert not [i for i in qn.issues if i.is_error]


def test_qn_checks(qn):
    total = next(c for c in qn.checks if c.code == "source-total")
    assert total.ok and "100 + 300 + 200 = 600" in total.message_vi
    assert _spans(qn, "source_total.a") == ["600 triệu đồng"]
    assert all(c.ok for c in qn.checks)
    assert {c.code for c in qn.checks} >= {"disbursed-le-allocated", "value-le-out-of", "rank-le-count"}


def test_qn_indicators(qn):
    got = {i.code: (i.value, i.out_of) for i in qn.submission.indicators}
    assert got == {
        "dti_score": (439.72, 485),
        "dti_rank": (7, 20),
        "platforms_used": (7, 7),
        "online_services": (37, 37),
        "computers_secured": (16, 16),
        "docs_electronic_pct": (100, None),
        "docs_signed_pct": (100, None),
        "dx_staff": (6, None),
        "dx_training": (4, None),
        "staff_total": (17, None),
    }
    assert qn.submission.indicator("dti_score").applies_to_year == 2022
    fields = {i.code: f"indicators[{n}].value" for n, i in enumerate(qn.submission.indicators)}
    assert _spans(qn, fields["dti_score"]) == ["439.72/485"]
    assert _spans(qn, fields["dti_rank"]) == ["07/20"]
    assert _spans(qn, fields["dx_staff"]) == ["06"]
    assert _spans(qn, fields["staff_total"]) == ["17"]
    signed = next(s for s in qn.spans if s.field == fields["docs_signed_pct"])
    assert "văn bản đi tại Ban được phát hành có ký số" in signed.text
    assert "chỉ có 17 biên chế" in next(s.text for s in qn.spans if s.field == fields["staff_total"])


def test_qn_requests(qn):
    reqs = qn.submission.requests
    assert [(r.year, r.amount_vnd, r.category) for r in reqs] == [
        (2024, 40_000_000, "hạ tầng"),
        (2024, 70_000_000, "trang thông tin"),
        (2024, 100_000_000, "số hoá"),
        (2024, 300_000_000, "đào tạo"),
    ]
    assert [r.task for r in reqs] == [
        "Nâng cấp hạ tầng CNTT",
        "Hoạt động của Trang thông tin điện tử của Ban",
        "Số hoá",
        "Tập huấn ứng dụng công nghệ thông tin, chuyển đổi số",
    ]
    assert reqs[0].legal_basis == "Kế hoạch số 485/KH-BDT ngày 31/8/2020"
    assert reqs[0].scope == "Mua mới 03 bộ máy vi tính"
    assert reqs[0].implementer == "Ban Dân tộc tỉnh"
    assert reqs[0].content.startswith("Mua sắm máy vi tính thay thế")
    assert _spans(qn, "requests[3].amount_vnd") == ["300 triệu đồng"]


def test_qn_difficulties(qn):
    kinds = [d.kind for d in qn.submission.difficulties]
    assert kinds == ["khó khăn"] * 3 + ["kiến nghị"]
    assert qn.submission.difficulties[0].text.startswith("Hiện nay, công chức phụ trách công nghệ thông tin")


def test_qn_json_shape(qn):
    out = extraction_to_json(qn)
    assert out["ok"] is True and out["file"] == QN.name
    sub = out["submission"]
    assert sub["report_date"] is None and sub["year"] == 2023
    assert sub["budget_lines"][1]["disbursed_vnd"] == 162_000
    assert sub["budget_lines"][0]["procurement_done"] == "2023-10-01"
    assert {s["field"] for s in out["spans"]} >= {
        "agency",
        "year",
        "budget_lines[0].allocated_vnd",
        "requests[0].amount_vnd",
    }
    json.dumps(out, ensure_ascii=False)  # plain JSON all through


# --- the Bắc Giang seed ------------------------------------------------------------------------


def test_bg_figures(bg):
    sub = bg.submission
    assert (sub.agency, sub.province, sub.year) == ("Ban Dân tộc tỉnh Bắc Giang", "Bắc Giang", 2023)
    assert sub.requested_by == "3032/SKHĐT-KGVX ngày 19/10/2023"
    assert sub.budget_lines == ()  # no budget figures: nothing, never zeros
    assert "no-budget" in {i.code for i in bg.issues}
    assert [(i.code, i.value) for i in sub.indicators] == [("dx_staff", 2)]
    assert _spans(bg, "indicators[0].value") == ["01", "01"]
    candidates = {c.code: c.value for c in bg.candidates}
    assert candidates["computers_internet_pct"] == 100
    assert candidates["staff_it_certified_pct"] == 100
    assert (
        next(c for c in bg.candidates if c.code == "computers_internet_pct").name
        == "Tỷ lệ máy tính có kết nối Internet"
    )
    assert [d.kind for d in sub.difficulties] == ["khó khăn"] * 3 + ["kiến nghị"] * 3


# --- paraphrased variants: precision and recall over all figures -------------------------------


def _flatten(ex) -> dict:
    sub = ex.submission
    if sub is None:
        return {}
    out = {
        "agency": sub.agency,
        "province": sub.province,
        "year": sub.year,
        "report_date": sub.report_date.isoformat() if sub.report_date else None,
        "requested_by": sub.requested_by,
    }
    for n, b in enumerate(sub.budget_lines):
        for name in ("funding_source", "allocated_vnd", "disbursed_vnd", "expected_pct", "procurement"):
            out[f"budget_lines[{n}].{name}"] = getattr(b, name)
    for i in sub.indicators:
        out[f"indicators.{i.code}"] = (i.value, i.out_of)
    for n, r in enumerate(sub.requests):
        out[f"requests[{n}].amount_vnd"] = r.amount_vnd
        out[f"requests[{n}].category"] = r.category
    return {k: v for k, v in out.items() if v is not None}


def test_variants_precision_and_recall(tmp_path):
    variants = make_variants.build(tmp_path)
    assert len(variants) >= 10
    true_pos = predicted = expected_n = 0
    misses = []
    for path, expected in variants:
        assert path.exists(), f"{path.name} missing: run tests/extract_variants/make_variants.py"
        ex = _extract(path)
        got = _flatten(ex)
        hits = {k for k, v in expected.items() if got.get(k) == v}
        true_pos += len(hits)
        predicted += len(got)
        expected_n += len(expected)
        misses += [f"{path.name}: {k} expected {expected[k]!r} got {got.get(k)!r}" for k in expected if k not in hits]
        misses += [f"{path.name}: {k} extra {got[k]!r}" for k in got if k not in expected]
        for span in ex.spans:  # every span points at real text
            assert 0 <= span.start < span.end <= len(span.text), span
    precision, recall = true_pos / predicted, true_pos / expected_n
    print(
        f"\nextract variants: {len(variants)} files, {expected_n} expected figures, {predicted} extracted, "
        f"{true_pos} correct; precision {precision:.3f}, recall {recall:.3f}"
    )
    print("\n".join(misses))
    assert precision >= 0.9 and recall >= 0.8


def test_variant_table_spans_point_at_cells(tmp_path):
    path = tmp_path / "t.docx"
    make_variants.write_docx(path, make_variants.TABLES)
    ex = _extract(path)
    assert _spans(ex, "budget_lines[0].disbursed_vnd") == ["75,5"]
    assert next(s for s in ex.spans if s.field == "budget_lines[0].allocated_vnd").text == "150"
    assert "unit-assumed" not in {i.code for i in ex.issues}  # "(triệu đồng)" in the header


def test_pdf_spans_carry_page():
    ex = _extract(Path(make_variants.HERE / "v08_cong_thuong_nghin.pdf"))
    assert ex.submission.budget_lines[0].allocated_vnd == 480_000_000
    assert {s.page for s in ex.spans} == {1}


# --- files that cannot be read ----------------------------------------------------------------


def test_scanned_pdf_gives_issue():
    ex = _extract(make_variants.HERE / "scanned.pdf")
    assert ex.submission is None
    assert [i.code for i in ex.issues] == ["scanned-pdf"]
    assert "scan" in ex.issues[0].message_vi and ex.issues[0].is_error


def test_blank_pdf_written_by_hand_gives_scanned_issue():
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    ex = extract_report("trang-trang.pdf", body)
    assert [i.code for i in ex.issues] == ["scanned-pdf"]


@pytest.mark.parametrize("name", ["rac.bin", "rac.txt", "rac.docx", "rac.pdf"])
def test_random_bytes_give_clear_issue(name):
    raw = bytes((i * 7919 + 13) % 256 for i in range(4000))
    if name.endswith(".pdf"):
        raw = b"%PDF-1.4\n" + raw
    ex = extract_report(name, raw)
    assert ex.submission is None
    assert len(ex.issues) == 1 and ex.issues[0].is_error
    assert ex.issues[0].code == "unreadable-file"
    assert "Hãy" in ex.issues[0].message_vi  # says how to fix it


def test_text_without_agency_is_an_error_not_a_crash():
    ex = extract_report("ghi-chu.txt", "Ghi chú nội bộ, không phải báo cáo.\n".encode())
    assert ex.submission is None
    assert {"agency-not-found", "year-not-found"} <= {i.code for i in ex.issues}


# --- command line ----------------------------------------------------------------------------


def test_cli_prints_one_json_line_per_file(capsys, tmp_path):
    bad = tmp_path / "rac.bin"
    bad.write_bytes(bytes(range(256)) * 4)
    good = tmp_path / "v.txt"
    make_variants.write_txt(good, make_variants.KON_TUM)
    assert main([str(good)]) == 0
    first = json.loads(capsys.readouterr().out.strip())
    assert first["ok"] and first["submission"]["agency"] == "Sở Nội vụ tỉnh Kon Tum"
    assert main([str(good), str(bad)]) == 2
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["errors"][0]["code"] == "unreadable-file"
    assert main([str(tmp_path / "khong-co.txt")]) == 2
    assert main([]) == 2


def test_module_entry_point(tmp_path):
    good = tmp_path / "v.txt"
    make_variants.write_txt(good, make_variants.LAM_DONG)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "loaders.extract", str(good)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["submission"]["budget_lines"][0]["allocated_vnd"] == 2_500_000_000


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as hs  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(hs.text(max_size=400), hs.sampled_from(["a.txt", "a.docx", "a.pdf", "a"]))
def test_any_input_gives_issues_not_a_traceback(text, name):
    ex = extract_report(name, text.encode("utf-8", errors="replace"))
    assert ex.submission is not None or any(i.is_error for i in ex.issues)
    json.dumps(extraction_to_json(ex), ensure_ascii=False)


def test_request_table_whose_first_column_says_de_xuat(tmp_path):
    # tables.table() once tested bool(col(...)): a match in column 0 is index 0, read as "no request column".
    path = tmp_path / "t.docx"
    doc = [
        "Báo cáo kết quả chuyển đổi số năm 2023 tại Sở Tư pháp tỉnh Bình Định",
        ("table", [["Nhiệm vụ đề xuất", "Kinh phí (triệu đồng)"], ["Số hoá sổ hộ tịch", "120"]]),
    ]
    make_variants.write_docx(path, doc)
    ex = _extract(path)
    assert ex.submission is not None
    assert [(r.task, r.amount_vnd) for r in ex.submission.requests] == [("Số hoá sổ hộ tịch", 120_000_000)]
    assert ex.submission.budget_lines == ()


def test_a_long_pasted_table_is_read_whole(capsys):
    """4.000 rows of a pasted money table: every row is one amount, in đồng. The year check of a column ran once
    per cell over every row (quadratic: 2,5 s at 4.000 rows); the time is printed, not asserted."""
    import time

    text = "STT\tNhiệm vụ\tKinh phí (triệu đồng)\n" + "".join(f"{i}\tNhiệm vụ số {i}\t12,5\n" for i in range(1, 4001))
    started = time.perf_counter()
    found = extract_report("bang-dai.txt", text.encode("utf-8"))
    elapsed = time.perf_counter() - started
    assert len(found.amounts) == 4000 and {a.vnd for a in found.amounts} == {12_500_000}
    with capsys.disabled():
        print(f"\nlong pasted table: 4.000 rows read in {elapsed:.2f} s")
