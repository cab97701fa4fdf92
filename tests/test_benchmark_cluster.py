"""The cluster benchmark phase end to end on a tiny corpus: real PostgreSQL, two app processes, Debian's nginx
and Chromium. An upload through process A shows on process B's next rerun; no timing assertions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.__main__ import rows
from tests.browser import require_chromium
from tests.pg import find_bin_dir

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent


def test_cluster_phase_on_a_tiny_corpus(tmp_path):
    require_chromium()
    if find_bin_dir() is None or not os.path.exists("/usr/sbin/nginx"):
        pytest.skip("PostgreSQL or nginx is not installed")
    env = {**os.environ, "CDS_BENCH_CACHE": str(tmp_path / "corpus")}
    shape = ["--provinces", "2", "--agencies", "2", "--years", "1", "--reruns", "3"]
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--phase", "cluster", "--work", str(tmp_path / "work"), *shape],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=170,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.splitlines()[-1])

    assert result["ingest"]["stored"] + result["ingest"]["rejected"] == 4
    assert result["exceptions"] == 0
    assert len(set(result["routes"].values())) == 2  # each browser on its own process
    assert result["upload_via"].startswith("Nộp báo cáo page"), result["upload_via"]  # not the fallback
    seen = result["visibility"]
    assert seen["stored"], seen
    assert seen["shown_before"] == seen["expected_before"], seen
    assert seen["visible_on_other_process_next_rerun"], seen
    for key in ("alone_A", "alone_B", "together_A", "together_B"):
        assert result[key]["n"] == 3, (key, result[key])
        assert 0 < result[key]["median_s"] <= result[key]["max_s"], (key, result[key])

    measures = [row[0] for row in rows({"cluster": result})]
    assert any(m.startswith("ingest into PostgreSQL") for m in measures)
    assert any("two sessions at once" in m for m in measures)
    assert "upload through process A visible through process B on its next rerun" in measures
