"""The benchmark keeps working: a tiny run (2 provinces × 3 agencies × 1 year) completes end to end.

No timing assertions: figures on a shared CI machine mean nothing. BENCHMARKS.md holds the national run.
"""

from __future__ import annotations

import json

import pytest

from tests.browser import chromium_path


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """One tiny run for the module's tests (a run costs about a minute and a half)."""
    from benchmarks.__main__ import main

    tmp_path = tmp_path_factory.mktemp("tiny-bench")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("CDS_BENCH_CACHE", str(tmp_path / "corpus"))  # generated afresh: the generator is tested
        return _run(main, tmp_path)


def _run(main, tmp_path):
    out, raw = tmp_path / "BENCHMARKS.md", tmp_path / "results.json"
    argv = [
        "--provinces",
        "2",
        "--agencies",
        "3",
        "--years",
        "1",
        "--reruns",
        "2",
        "--naive-sample",
        "0",
        "--cold-starts",
        "2",
        "--out",
        str(out),
        "--json",
        str(raw),
    ]
    if chromium_path() is None:
        argv.append("--no-browser")
    assert main(argv) == 0
    return json.loads(raw.read_text()), out.read_text()


def test_tiny_benchmark_run_completes(tiny_run):
    results, markdown = tiny_run
    corpus = results["corpus"]
    assert corpus["submissions"] == 2 * 3 * 1
    assert corpus["files"] >= corpus["submissions"]  # CSV submissions are three files

    ingest = results["ingest"]
    assert "error" not in ingest, ingest.get("error")
    assert ingest["files"] == corpus["files"]  # every file went through the loaders
    assert ingest["submissions"] == corpus["submissions"]
    assert ingest["stored"] + ingest["rejected"] == corpus["submissions"]
    assert ingest["rejected"] == corpus["expected_errors"]
    assert ingest["rows"]["submissions"] == ingest["stored"]
    assert results["ingest_parallel"]["stored"] == ingest["stored"]
    assert results["naive"]["files"] == corpus["files"]
    for key in ("check_1", "check_all", "check_cli"):
        assert results[key]["submissions"] == corpus["submissions"], (key, results[key])

    pages = {p["page"]: p for p in results["pages"]["pages"]}
    assert "pages/budget.py" in pages
    for name, page in pages.items():
        assert "error" not in page, (name, page.get("error"))
        assert page["reruns"] == 2

    measures = [row[0] for row in results["table"]]
    assert any(m.startswith("ingest, loaders + store") for m in measures)
    assert any(m.startswith("ingest, naive") for m in measures)
    assert any(m.startswith("speed-up over naive") for m in measures)
    assert any(m.startswith("loaders check, 1 process") for m in measures)
    for name in pages:
        assert f"{name}: warm rerun median / p95 (n=2)" in measures
    if chromium_path() is not None:
        assert "first_chart_s" in results["browser"], results["browser"]
        assert any(m.startswith("cold start") for m in measures)
        assert any(m.startswith("server peak RSS") for m in measures)
    assert "| measure | result | target | met |" in markdown
    assert "Machine:" in markdown
    assert results["pages"]["floor_rerun_median_s"] > 0  # the floor page ran beside the pages
    assert all(page["vs_floor"] > 0 for page in pages.values())
    if chromium_path() is not None:
        assert results["browser"]["floor"]["first_chart_s"] > 0  # the floor's cold start, in the same run
        # Two cold starts each, reported as medians with every run.
        assert len(results["browser"]["starts"]) == len(results["browser"]["floor"]["starts"]) == 2
        cold = next(row for row in results["table"] if row[0].startswith("cold start: `python -m ui.serve`"))
        assert "median of 2 starts" in cold[0] and cold[1].count(" / ") == 2  # the app's runs and the floor's


def test_scaling_table_has_a_row_per_scale(tiny_run, tmp_path):
    from benchmarks import scaling

    results, _ = tiny_run
    text = scaling.table([(0.5, results), (1.0, results)])
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| scale | submissions · lines | ingest 1 process")
    assert [r.split(" | ")[0] for r in rows[1:]] == ["| 0.5×", "| 1×"]
    assert f"| {results['corpus']['submissions']} · " in rows[1]
    report = tmp_path / "B.md"
    report.write_text("# Benchmarks\n\nhand-written\n")
    scaling.write(report, text)
    scaling.write(report, text)  # replaced, not appended twice
    written = report.read_text()
    assert written.count("<!-- scaling -->") == 1 and "hand-written" in written and "| 1× |" in written


def test_given_files_are_measured_as_loaders_import_groups_them(tmp_path):
    """--corpus DIR (held-back workbooks): each .xlsx one submission, one agency's CSV tables one together."""
    import shutil
    from pathlib import Path

    from benchmarks.__main__ import main

    sample = Path(__file__).resolve().parent.parent / "sample_data"
    given = tmp_path / "given"
    given.mkdir()
    for name in ("bac-giang_ban-dan-toc_2023.xlsx", "minh-hoa_MH-BDT_2023.xlsx"):
        shutil.copy(sample / name, given / name)
    for csv_file in (sample / "csv").glob("QNG-BDT_2023_*.csv"):
        shutil.copy(csv_file, given / csv_file.name)
    out, raw = tmp_path / "BENCHMARKS.md", tmp_path / "results.json"
    skipped = "ingest-parallel,naive,check-1,check-all,check-cli,pages"
    argv = ["--corpus", str(given), "--skip", skipped, "--no-browser", "--out", str(out), "--json", str(raw)]
    assert main(argv) == 0
    results = json.loads(raw.read_text())
    corpus = results["corpus"]
    assert (corpus["submissions"], corpus["files"], corpus["held_back"]) == (3, 6, True)
    assert results["ingest"]["stored"] == 3
    assert results["ingest"]["rows"]["budget_lines"] == corpus["budget_lines"]
    assert f"given at `{given}`, not generated" in out.read_text()
