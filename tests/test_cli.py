"""`python -m loaders`: the §6 command-line contract, run as a real subprocess."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import openpyxl
from conftest import ROOT

from loaders.template import write_workbook
from sample_data.generate import QUANG_NGAI, quang_ngai_csv_tables


def run(*args: str) -> tuple[int, list[dict], str]:
    proc = subprocess.run(
        [sys.executable, "-m", "loaders", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return proc.returncode, lines, proc.stderr


def with_errors() -> bytes:
    """The Quảng Ngãi workbook with disbursed over allocated on its first line (KinhPhi!E2)."""
    wb = openpyxl.load_workbook(io.BytesIO(write_workbook(QUANG_NGAI)))
    wb["KinhPhi"]["E2"] = 150
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_check_valid_file_exit_0(tmp_path):
    path = tmp_path / "quang-ngai.xlsx"
    path.write_bytes(write_workbook(QUANG_NGAI))
    code, (out,), _ = run("check", str(path))
    assert code == 0
    assert set(out) >= {"file", "ok", "submission", "errors", "warnings"}
    assert out["file"] == str(path) and out["ok"] is True and out["errors"] == []
    sub = out["submission"]
    assert (sub["agency"], sub["agency_code"], sub["province"], sub["year"], sub["report_date"]) == (
        "Ban Dân tộc tỉnh Quảng Ngãi",
        "QNG-BDT",
        "Quảng Ngãi",
        2023,
        "2023-11-30",
    )
    assert [b["disbursed_vnd"] for b in sub["budget_lines"]] == [3_402_000, 162_000, 4_482_000, None, 40_962_000]
    assert sum(b["allocated_vnd"] for b in sub["budget_lines"] if b["funding_source"] == "a") == 600_000_000
    first = sub["indicators"][0]
    assert (first["code"], first["value"], first["out_of"]) == ("dti_score", 439.72, 485)
    assert [r["amount_vnd"] for r in sub["requests"]] == [40_000_000, 70_000_000, 100_000_000, 300_000_000]
    (warning,) = out["warnings"]
    assert warning["code"] == "disbursed-not-reported" and (warning["sheet"], warning["row"]) == ("KinhPhi", 5)
    assert set(warning) >= {"sheet", "row", "column", "code", "message"}


def test_check_file_with_errors_exit_1(tmp_path):
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(write_workbook(QUANG_NGAI))
    bad.write_bytes(with_errors())
    code, lines, _ = run("check", str(good), str(bad))
    assert code == 1
    assert [(o["file"], o["ok"]) for o in lines] == [(str(good), True), (str(bad), False)]
    assert lines[1]["submission"] is None
    assert ("disbursed-over-allocated", "KinhPhi", 2) in {(e["code"], e["sheet"], e["row"]) for e in lines[1]["errors"]}


def test_check_hostile_file_is_an_error_line(tmp_path):
    path = tmp_path / "cong-thuc.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(write_workbook(QUANG_NGAI)))
    wb["KinhPhi"]["E3"] = "=D3/1000"  # no cached value: calamine would read it as empty
    wb.save(path)
    code, (out,), _ = run("check", str(path))
    assert code == 1 and out["ok"] is False
    assert [(e["code"], e["sheet"], e["row"], e["column"]) for e in out["errors"]] == [
        ("formula-no-value", "KinhPhi", 3, "E")
    ]
    assert "KinhPhi!E3" in out["errors"][0]["message"]


def test_check_missing_file_exit_2(tmp_path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(write_workbook(QUANG_NGAI))
    missing = str(tmp_path / "khong-co.xlsx")
    code, lines, _ = run("check", missing, str(good))
    assert code == 2
    assert lines[0]["file"] == missing and lines[0]["ok"] is False and lines[0]["submission"] is None
    assert lines[0]["errors"][0]["code"] == "file-not-found"
    assert lines[1]["ok"] is True  # the other files are still checked


def test_check_unreadable_content_exit_2(tmp_path):
    path = tmp_path / "bao-cao.xlsx"
    path.write_bytes(b"%PDF-1.7 renamed")
    code, (out,), _ = run("check", str(path))
    assert code == 2 and out["errors"][0]["code"] == "not-a-workbook"


def test_check_without_files_is_a_usage_error():
    code, lines, err = run("check")
    assert code == 2 and lines == [] and "usage" in err
    code, lines, err = run()
    assert code == 2 and "usage" in err
    code, _, err = run("no-such-command")
    assert code == 2 and "usage" in err


def test_check_groups_csv_tables_into_one_submission(tmp_path):
    paths = []
    for table, text in quang_ngai_csv_tables().items():
        path = tmp_path / f"QNG-BDT_2023_{table}.csv"
        path.write_bytes(text.encode("utf-8-sig"))
        paths.append(str(path))
    code, lines, _ = run("check", *paths)
    assert len(lines) == 1, lines
    (out,) = lines
    assert code == 0 and out["ok"] is True
    assert [b["disbursed_vnd"] for b in out["submission"]["budget_lines"]] == [
        3_402_000,
        162_000,
        4_482_000,
        None,
        40_962_000,
    ]
    assert len(out["submission"]["indicators"]) == 10 and len(out["submission"]["requests"]) == 4


def test_template_writes_the_file(tmp_path):
    path = tmp_path / "mau.xlsx"
    proc = subprocess.run(
        [sys.executable, "-m", "loaders", "template", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 0 and proc.stdout.strip() == str(path)
    assert path.read_bytes() == write_workbook(None)


def test_template_to_unwritable_path_exit_2(tmp_path):
    code, _, err = run("template", str(tmp_path / "khong-co-thu-muc" / "mau.xlsx"))
    assert code == 2 and "Không ghi được" in err


def test_main_in_process_returns_codes():
    from loaders.__main__ import COMMANDS, main

    assert set(COMMANDS) >= {"check", "template", "extract"}
    assert main([]) == 2
    assert main(["check"]) == 2
