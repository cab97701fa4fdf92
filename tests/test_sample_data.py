"""The shipped sample files read back to the figures of the real reports, through the real loaders."""

import hashlib
import json
import subprocess
import sys

from conftest import ROOT, SAMPLE_DIR

import loaders
from loaders.real_reports import QUANG_NGAI

QNG = SAMPLE_DIR / "quang-ngai_ban-dan-toc_2023.xlsx"
BGG = SAMPLE_DIR / "bac-giang_ban-dan-toc_2023.xlsx"


def read(path):
    result = loaders.read_submission(path.name, path.read_bytes())
    assert result.ok, [i.message_vi for i in result.errors]
    return result


def test_quang_ngai_budget_to_the_dong():
    sub = read(QNG).submission
    assert (sub.agency, sub.agency_code, sub.province, sub.year) == (
        "Ban Dân tộc tỉnh Quảng Ngãi",
        "QNG-BDT",
        "Quảng Ngãi",
        2023,
    )
    source_a = [b for b in sub.budget_lines if b.funding_source == "a"]
    assert [b.allocated_vnd for b in source_a] == [100_000_000, 300_000_000, 200_000_000]
    assert sum(b.allocated_vnd for b in source_a) == 600_000_000
    assert [b.disbursed_vnd for b in source_a] == [3_402_000, 162_000, 4_482_000]
    assert all(b.expected_pct == 100 for b in source_a)
    assert all(b.decision_ref == "569/QĐ-UBND ngày 26/6/2023" for b in source_a)
    (other,) = [b for b in sub.budget_lines if b.funding_source == "b"]
    assert other.allocated_vnd == 456_000_000 and other.disbursed_vnd is None  # not reported, not 0
    (own,) = [b for b in sub.budget_lines if b.funding_source == "c"]
    assert own.allocated_vnd == 40_962_000


def test_quang_ngai_indicators_and_requests():
    sub = read(QNG).submission
    got = {i.code: (i.value, i.out_of) for i in sub.indicators}
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
    assert sub.indicator("dti_score").applies_to_year == 2022
    assert [(r.year, r.amount_vnd) for r in sub.requests] == [
        (2024, 40_000_000),
        (2024, 70_000_000),
        (2024, 100_000_000),
        (2024, 300_000_000),
    ]


def test_bac_giang_has_no_budget_figures():
    result = read(BGG)
    assert result.submission.budget_lines == ()
    assert result.submission.indicator("dx_staff").value == 2


def test_quang_ngai_csv_tables_give_the_same_budget():
    files = sorted((SAMPLE_DIR / "csv").glob("QNG-BDT_2023_*.csv"))
    results = loaders.read_files([(p.name, p.read_bytes()) for p in files])
    assert len(results) == 1, [r.file for r in results]
    assert results[0].ok, [i.message_vi for i in results[0].errors]
    lines = results[0].submission.budget_lines
    assert sum(b.allocated_vnd for b in lines if b.funding_source == "a") == 600_000_000
    assert [b.disbursed_vnd for b in lines] == [3_402_000, 162_000, 4_482_000, None, 40_962_000]
    submission = results[0].submission
    assert [r.amount_vnd for r in submission.requests] == [40_000_000, 70_000_000, 100_000_000, 300_000_000]
    assert submission.indicator("dti_score").value == 439.72 and submission.indicator("dti_rank").out_of == 20
    # The writer is the xlsx template's schema: every table the report has, difficulties included.
    assert len(submission.difficulties) == len(QUANG_NGAI.difficulties) > 0


def test_illustrative_files_are_flagged_and_named_so():
    illustrative = sorted(SAMPLE_DIR.glob("minh-hoa_*.xlsx"))
    assert len({p.name.split("_")[1] for p in illustrative}) >= 20  # agencies
    assert {p.stem.rsplit("_", 1)[1] for p in illustrative} == {"2023", "2024"}
    for path in illustrative[:5]:
        assert read(path).submission.illustrative
    assert not read(QNG).submission.illustrative


def test_generator_is_deterministic(tmp_path):
    sys.path.insert(0, str(SAMPLE_DIR))
    import generate

    written = generate.write_all(tmp_path)
    for path in written:
        shipped = SAMPLE_DIR / path.relative_to(tmp_path)
        assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(shipped.read_bytes()).digest(), path.name


def test_template_passes_check():
    out = subprocess.run(
        [sys.executable, "-m", "loaders", "check", str(SAMPLE_DIR / "mau-bao-cao-chuyen-doi-so.xlsx")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert json.loads(out.stdout.splitlines()[0])["ok"] is True


def test_narrative_reports_are_the_shared_seeds():
    import pytest
    from conftest import SEEDS_DIR, SHARED_SEEDS_DIR

    if not SHARED_SEEDS_DIR.is_dir():
        pytest.skip("shared/seeds is not beside the checkout")
    for seed in SHARED_SEEDS_DIR.glob("*.txt"):
        assert (SEEDS_DIR / seed.name).read_bytes() == seed.read_bytes(), seed.name
