"""Writes sample_data/: the two real 2023 reports typed as workbooks, and an illustrative set.

Run: python sample_data/generate.py   (deterministic: the same bytes every run)

- quang-ngai_ban-dan-toc_2023.xlsx and bac-giang_ban-dan-toc_2023.xlsx hold only what the reports in
  shared/seeds/ state. Bắc Giang gives no budget figures, so its KinhPhi sheet is empty (not reported).
- minh-hoa_<code>_<year>.xlsx are generated sample data (mẫu minh hoạ) for a fictional province, flagged
  illustrative inside the file and labelled so on screen. None of their figures is real.
- csv/ holds the Quảng Ngãi report again as CSV tables, the other accepted shape.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from domain import (  # noqa: E402
    VND_PER_MILLION,
    BudgetLine,
    FundingRequest,
    Indicator,
    Submission,
)

TR = VND_PER_MILLION  # 1 triệu đồng

from loaders.real_reports import BAC_GIANG, QUANG_NGAI  # noqa: E402  (the real figures, one place)

REAL_AGENCIES = [
    ("QNG-BDT", QUANG_NGAI.agency, "Quảng Ngãi", "có TTHC", 1),
    ("BGG-BDT", BAC_GIANG.agency, "Bắc Giang", "có TTHC", 1),
]

# --- The illustrative set: a fictional province, generated (mẫu minh hoạ) -------------------------------
ILLUSTRATIVE_PROVINCE = "Tỉnh Minh Hoạ"
ILLUSTRATIVE_AGENCIES = [  # (code, name, group)
    ("MH-VP", "Văn phòng UBND tỉnh (minh hoạ)", "không có TTHC"),
    ("MH-SNV", "Sở Nội vụ (minh hoạ)", "có TTHC"),
    ("MH-SYT", "Sở Y tế (minh hoạ)", "có TTHC"),
    ("MH-STC", "Sở Tài chính (minh hoạ)", "có TTHC"),
    ("MH-SKHDT", "Sở Kế hoạch và Đầu tư (minh hoạ)", "có TTHC"),
    ("MH-STTTT", "Sở Thông tin và Truyền thông (minh hoạ)", "có TTHC"),
    ("MH-SGDDT", "Sở Giáo dục và Đào tạo (minh hoạ)", "có TTHC"),
    ("MH-SNNPTNT", "Sở Nông nghiệp và PTNT (minh hoạ)", "có TTHC"),
    ("MH-STNMT", "Sở Tài nguyên và Môi trường (minh hoạ)", "có TTHC"),
    ("MH-SXD", "Sở Xây dựng (minh hoạ)", "có TTHC"),
    ("MH-SGTVT", "Sở Giao thông vận tải (minh hoạ)", "có TTHC"),
    ("MH-SCT", "Sở Công Thương (minh hoạ)", "có TTHC"),
    ("MH-SLDTBXH", "Sở Lao động - TB&XH (minh hoạ)", "có TTHC"),
    ("MH-SVHTTDL", "Sở Văn hoá, Thể thao và Du lịch (minh hoạ)", "có TTHC"),
    ("MH-STP", "Sở Tư pháp (minh hoạ)", "có TTHC"),
    ("MH-SKHCN", "Sở Khoa học và Công nghệ (minh hoạ)", "có TTHC"),
    ("MH-TTRA", "Thanh tra tỉnh (minh hoạ)", "không có TTHC"),
    ("MH-BDT", "Ban Dân tộc (minh hoạ)", "có TTHC"),
    ("MH-BQLKKT", "Ban Quản lý Khu kinh tế (minh hoạ)", "có TTHC"),
    ("MH-UBND-HA", "UBND huyện An Hoà (minh hoạ)", "có TTHC"),
    ("MH-UBND-HB", "UBND huyện Bình Sơn Mẫu (minh hoạ)", "có TTHC"),
    ("MH-UBND-HC", "UBND huyện Cẩm Lâm (minh hoạ)", "có TTHC"),
    ("MH-UBND-TP", "UBND thành phố Minh Hoạ (minh hoạ)", "có TTHC"),
    ("MH-DAIPT", "Đài Phát thanh và Truyền hình (minh hoạ)", "không có TTHC"),
]
ILLUSTRATIVE_YEARS = (2023, 2024)
# Agencies that do not report in a year: the "chưa báo cáo" cases the dashboard must show.
MISSING = {2023: {"MH-SGTVT", "MH-TTRA"}, 2024: {"MH-SGTVT", "MH-SCT", "MH-DAIPT", "MH-UBND-HC"}}
# Slow disbursers: far behind their 31/12 target.
SLOW = {"MH-SXD", "MH-UBND-HB", "MH-SNNPTNT", "MH-SLDTBXH"}

TASKS = [
    ("a", "Bảo đảm an toàn thông tin hệ thống cấp độ 2", "hạ tầng"),
    ("a", "Số hoá hồ sơ, tài liệu lưu trữ", "số hoá"),
    ("a", "Nâng cấp mạng LAN và thiết bị mạng", "hạ tầng"),
    ("a", "Xây dựng cơ sở dữ liệu chuyên ngành", "số hoá"),
    ("a", "Mua sắm máy tính, thiết bị đầu cuối", "hạ tầng"),
    ("b", "Thuê đường truyền, phòng họp trực tuyến", "hạ tầng"),
    ("b", "Triển khai phần mềm quản lý chuyên ngành", "khác"),
    ("c", "Duy trì trang thông tin điện tử", "trang thông tin"),
    ("c", "Tập huấn kỹ năng số cho công chức", "đào tạo"),
]
PROCUREMENT = ["chỉ định thầu", "đấu thầu", "chào hàng cạnh tranh"]


def _round_million(value: float, step: int = 5) -> int:
    return max(step, int(round(value / step)) * step) * TR


def illustrative_submission(rng: random.Random, code: str, name: str, group: str, year: int, peers: int) -> Submission:
    as_of = date(year, 11, 30)
    lines = []
    for source, task, _ in rng.sample(TASKS, rng.randint(1, 4)):
        allocated = _round_million(rng.lognormvariate(5.3, 0.8))
        pace = rng.uniform(0.0, 0.25) if code in SLOW else rng.uniform(0.35, 1.0)
        disbursed = None if rng.random() < 0.12 else int(round(allocated * pace / 1000)) * 1000
        procurement = rng.choice(PROCUREMENT) if source == "a" else None
        lines.append(
            BudgetLine(
                source,
                task,
                allocated,
                disbursed,
                as_of=as_of,
                decision_ref=f"{rng.randint(100, 999)}/QĐ-UBND ngày {rng.randint(1, 28)}/{rng.randint(1, 6)}/{year}"
                if source == "a"
                else None,
                expected_pct=rng.choice([100.0, 100.0, 100.0, 90.0, 80.0]),
                procurement=procurement,
                procurement_done=date(year, rng.randint(5, 10), 1) if procurement else None,
            )
        )
    has_services = group == "có TTHC"
    max_points = rng.choice([485, 1000])  # agencies are scored on different maxima
    services_total = rng.randint(10, 120) if has_services else 0
    computers = rng.randint(12, 80)
    staff = rng.randint(12, 90)
    indicators = [
        Indicator("dti_score", round(max_points * rng.uniform(0.45, 0.95), 2), max_points, applies_to_year=year - 1),
        Indicator("dti_rank", rng.randint(1, peers), peers, applies_to_year=year - 1),
        Indicator("platforms_used", rng.randint(3, 7), 7),
        Indicator("computers_secured", rng.randint(computers // 2, computers), computers),
        Indicator("docs_electronic_pct", rng.choice([85, 92, 95, 98, 100, 100])),
        Indicator("docs_signed_pct", rng.choice([80, 90, 96, 100, 100])),
        Indicator("dx_staff", rng.randint(1, 8)),
        Indicator("dx_training", rng.randint(0, 12)),
        Indicator("staff_total", staff),
    ]
    if has_services:
        indicators.insert(
            3, Indicator("online_services", rng.randint(services_total // 2, services_total), services_total)
        )
    requests = []
    for _, task, category in rng.sample(TASKS, rng.randint(1, 3)):
        # Slow disbursers still ask for more: the "can it absorb more?" case on the planning page.
        scale = 3.0 if code in SLOW else 1.0
        requests.append(
            FundingRequest(
                year + 1,
                task,
                _round_million(rng.lognormvariate(4.8, 0.7) * scale),
                category=category,
                implementer=name,
            )
        )
    return Submission(
        agency=name,
        agency_code=code,
        province=ILLUSTRATIVE_PROVINCE,
        year=year,
        report_date=as_of,
        budget_lines=tuple(lines),
        indicators=tuple(indicators),
        requests=tuple(requests),
        illustrative=True,
    )


def illustrative_set(seed: int = 2023) -> list[Submission]:
    rng = random.Random(seed)
    out = []
    for year in ILLUSTRATIVE_YEARS:
        for code, name, group in ILLUSTRATIVE_AGENCIES:
            sub = illustrative_submission(rng, code, name, group, year, peers=len(ILLUSTRATIVE_AGENCIES))
            if code not in MISSING[year]:
                out.append(sub)
    return out


def quang_ngai_csv_tables() -> dict[str, str]:
    """The Quảng Ngãi report as the CSV tables of format §3, written by the loaders' own CSV writer."""
    from loaders.template_csv import write_csv_tables

    return write_csv_tables(QUANG_NGAI)


# --- Across the 2025 reorganisation: an illustrative Kon Tum agency (issue 15) --------------------------
# Kon Tum joined Quảng Ngãi on 01/07/2025 (Nghị quyết 202/2025/QH15). No real Kon Tum report is in the
# seeds, so this one is made up, flagged illustrative and kept out of the first-run load (a subfolder).
MERGER_SAMPLE = "sap-xep-2025/minh-hoa_kon-tum_ban-dan-toc_2023.xlsx"


def kon_tum_illustrative() -> Submission:
    return Submission(
        agency="Ban Dân tộc tỉnh Kon Tum (minh hoạ)",
        agency_code="KTM-BDT-MH",
        province="Kon Tum",
        year=2023,
        budget_lines=(
            BudgetLine("a", "Nhiệm vụ chuyển đổi số minh hoạ (không phải số liệu thật)", 250 * TR, 200 * TR),
        ),
        illustrative=True,
    )


def write_all(out_dir: Path = HERE) -> list[Path]:
    from loaders.template import write_workbook  # the loaders' own writer: samples are files an agency could send

    written = []

    def put(name: str, data: bytes) -> None:
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)

    put("quang-ngai_ban-dan-toc_2023.xlsx", write_workbook(QUANG_NGAI))
    put("bac-giang_ban-dan-toc_2023.xlsx", write_workbook(BAC_GIANG))
    for sub in illustrative_set():
        put(f"minh-hoa_{sub.agency_code}_{sub.year}.xlsx", write_workbook(sub))
    put(MERGER_SAMPLE, write_workbook(kon_tum_illustrative()))
    for table, text in quang_ngai_csv_tables().items():
        put(f"csv/QNG-BDT_2023_{table}.csv", text.encode("utf-8-sig"))

    agencies = io.StringIO()
    writer = csv.writer(agencies, lineterminator="\n")
    writer.writerow(["code", "name", "province", "agency_group", "expected_to_report"])
    writer.writerows(REAL_AGENCIES)
    writer.writerows((code, name, ILLUSTRATIVE_PROVINCE, group, 1) for code, name, group in ILLUSTRATIVE_AGENCIES)
    put("agencies.csv", agencies.getvalue().encode("utf-8"))
    return written


if __name__ == "__main__":
    for path in write_all():
        print(path.relative_to(HERE))
