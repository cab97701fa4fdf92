"""First-run sample data: the files in sample_data/ loaded through the real loaders and store."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

import loaders

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
AGENCIES_FILE = SAMPLE_DIR / "agencies.csv"
# Stored as the uploader of every sample version (data, shown as written, like any uploader's name).
SAMPLE_UPLOADER = "dữ liệu mẫu"


@dataclass
class LoadReport:
    loaded: int = 0
    # (file, the loader's first error message; None when it gave none: the UI words that case)
    problems: list[tuple[str, str | None]] = field(default_factory=list)


def enabled() -> bool:
    """CDS_LOAD_SAMPLES=0 turns first-run sample loading off."""
    # Accepted spellings of "no", Vietnamese included: input tokens, not text shown to anyone.
    return os.environ.get("CDS_LOAD_SAMPLES", "1").strip().lower() not in {"0", "false", "no", "khong", "không"}


TEMPLATE_FILE = SAMPLE_DIR / "mau-bao-cao-chuyen-doi-so.xlsx"


def sample_files() -> list[Path]:
    """The agencies' sample reports; the blank template's example rows are not a report of their own."""
    return sorted(p for p in SAMPLE_DIR.glob("*.xlsx") if p != TEMPLATE_FILE)


def read_agencies() -> list[dict]:
    """The agencies expected to report, with their group (sample_data/agencies.csv)."""
    with AGENCIES_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        {
            "code": r["code"],
            "name": r["name"],
            "province": r["province"],
            "agency_group": r["agency_group"] or None,
            "expected_to_report": r["expected_to_report"] == "1",
        }
        for r in rows
    ]


def load_into(store, files: list[Path] | None = None) -> LoadReport:
    """Validate and store every sample file exactly as an upload would; report what failed."""
    report = LoadReport()
    store.upsert_agencies(read_agencies())
    for path in files or sample_files():
        result = loaders.read_submission(path.name, path.read_bytes())
        if not result.ok:
            first = result.errors[0] if result.errors else None
            report.problems.append((path.name, first.message_vi if first else None))
            continue
        store.save_submission(
            result.submission,
            raw=path.read_bytes(),
            file_name=path.name,
            uploaded_by=SAMPLE_UPLOADER,
            issues=result.warnings,
        )
        report.loaded += 1
    return report
