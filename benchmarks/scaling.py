"""`python -m benchmarks.scaling [--scales 0.1,1,3] --out BENCHMARKS.md`: how cost grows with the corpus.

Runs `python -m benchmarks --scale S --json …` for each scale (or reads earlier runs' JSON with --from-json) and
writes one table between the `scaling` markers of the report: ingest (one process and all cores), each page's
warm rerun median, cold start to the first chart, peak memory. Near-linear ingest and flat page times are what
the national target asks of 3× the country (issue 17).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_NAMES = {
    "pages/overview.py": "Tổng quan",
    "pages/budget.py": "Kinh phí",
    "pages/indicators.py": "Chỉ số",
    "pages/platforms.py": "Nền tảng",
    "pages/plan.py": "Kế hoạch",
    "pages/agency.py": "Đơn vị",
    "pages/cycle.py": "Nộp BC (chu kỳ)",
    "pages/upload.py": "Nộp báo cáo",
    "pages/history.py": "Lịch sử",
    "pages/report.py": "Báo cáo",
}


def run_scale(scale: float, out_json: Path, extra: list[str]) -> dict:
    command = [sys.executable, "-m", "benchmarks", "--scale", str(scale), "--json", str(out_json), *extra]
    print("…", " ".join(command[1:]), file=sys.stderr, flush=True)
    subprocess.run(command, cwd=ROOT, check=True)
    return json.loads(out_json.read_text())


def _s(value) -> str:
    return f"{value:.1f} s" if isinstance(value, int | float) else "—"


def _ms(value) -> str:
    return f"{value * 1000:.0f}" if isinstance(value, int | float) else "—"


def table(runs: list[tuple[float, dict]]) -> str:
    """Markdown: one row per scale."""
    pages = [p for p in PAGE_NAMES if any(_page(r, p) for _, r in runs)]
    head = ["scale", "submissions · lines", "ingest 1 process", "ingest all cores", "peak RSS ingest"]
    head += [f"{PAGE_NAMES[p]} (ms)" for p in pages]
    head += ["cold start → chart", "server peak RSS"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for scale, r in runs:
        corpus, ingest, parallel, browser = (r.get(k, {}) for k in ("corpus", "ingest", "ingest_parallel", "browser"))
        cells = [
            f"{scale:g}×",
            f"{corpus.get('submissions', '—'):,} · {corpus.get('budget_lines', '—'):,}".replace(",", "."),
            _s(ingest.get("seconds")),
            _s(parallel.get("seconds")),
            f"{ingest['peak_rss_mib']:.0f} MiB" if "peak_rss_mib" in ingest else "—",
        ]
        cells += [_ms((_page(r, p) or {}).get("rerun_median_s")) for p in pages]
        cells += [
            _s(browser.get("first_chart_s")),
            f"{browser['server_peak_rss_mib']:.0f} MiB" if "server_peak_rss_mib" in browser else "—",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    loads = "; ".join(
        f"{scale:g}×: {_load(r.get('machine', {}).get('load'))} → {_load(r.get('load_after'))}" for scale, r in runs
    )
    return "\n".join(lines) + f"\n\nLoad average (1/5/15 min) before → after each run: {loads}.\n"


def _load(values) -> str:
    return ", ".join(f"{v:.1f}".replace(".", ",") for v in values) if values else "?"


def _page(results: dict, page: str) -> dict | None:
    for found in results.get("pages", {}).get("pages", []):
        if found.get("page") == page:
            return found
    return None


def write(out: Path, text: str) -> None:
    """Replace the block between the scaling markers (added at the end of the report when missing)."""
    block = f"<!-- scaling -->\n{text}<!-- /scaling -->"
    current = out.read_text() if out.exists() else "# Benchmarks\n"
    if "<!-- scaling -->" in current:
        head, _, rest = current.partition("<!-- scaling -->")
        _, _, tail = rest.partition("<!-- /scaling -->")
        out.write_text(head + block + tail)
    else:
        out.write_text(current.rstrip("\n") + "\n\n## How cost grows\n\n" + block + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scaling", description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="0.1,1,3", help="shares of the 34 provinces, comma-separated")
    parser.add_argument("--from-json", nargs="*", default=None, help="SCALE=FILE of earlier runs instead of running")
    parser.add_argument("--json-dir", default=".", help="where each run's JSON is written")
    parser.add_argument("--out", default=None, help="write the table into this report (e.g. BENCHMARKS.md)")
    args, extra = parser.parse_known_args(argv)
    runs: list[tuple[float, dict]] = []
    if args.from_json is not None:
        for item in args.from_json:
            scale, _, path = item.partition("=")
            runs.append((float(scale), json.loads(Path(path).read_text())))
    else:
        Path(args.json_dir).mkdir(parents=True, exist_ok=True)  # a run of several minutes must not fail at its end
        for scale in (float(s) for s in args.scales.split(",") if s.strip()):
            runs.append((scale, run_scale(scale, Path(args.json_dir) / f"bench-{scale:g}.json", extra)))
    text = table(sorted(runs, key=lambda sr: sr[0]))
    print(text)
    if args.out:
        write(Path(args.out), text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
