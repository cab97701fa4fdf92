"""The national benchmark corpus: provinces × agencies × years of submissions as files an agency would send.

Deterministic for given parameters (seeded per submission, so a file's bytes do not depend on how the work
was split between processes). Written once into a temp dir keyed by the parameters and reused.

Shapes (chosen per submission from its own seeded draw):
- ~10 % CSV: the three tables as `<agency_code>_<year>_<table>.csv` (format §3), `;`-separated, UTF-8 BOM,
  Vietnamese text numbers ("3,402");
- the rest .xlsx from loaders.template.write_workbook, of which a share is post-processed with openpyxl the
  way agencies really edit the template: money in nghìn đồng or tỷ đồng, money typed as text ("1.234,5"),
  a money header without unit (warning), title rows above the header, the optional KhoKhan sheet deleted;
- a few files with an error (a negative amount, disbursed above allocated): rejected, nothing stored.
Generated figures are illustrative (flagged so inside every file); none is real, except the one Quảng Ngãi
2023 Ban Dân tộc report (sample_data/generate.py QUANG_NGAI), typed from the real document, which takes its
place when the scale covers Quảng Ngãi in 2023.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from domain import VND_PER_MILLION, BudgetLine, Difficulty, Submission  # noqa: E402
from loaders.template_csv import vi_number, write_csv_tables  # noqa: E402
from sample_data.generate import (  # noqa: E402
    ILLUSTRATIVE_AGENCIES,
    PROCUREMENT,
    QUANG_NGAI,
    TASKS,
    illustrative_submission,
)

GENERATOR_VERSION = 5  # bump when the output changes, so cached corpora are rebuilt
TR = VND_PER_MILLION
LAST_YEAR = 2025

# The 34 provinces and cities after the 2025 merger; codes are ours (not an official list).
PROVINCES: tuple[tuple[str, str], ...] = (
    ("HNI", "Hà Nội"),
    ("HUE", "Huế"),
    ("LCU", "Lai Châu"),
    ("DBN", "Điện Biên"),
    ("SLA", "Sơn La"),
    ("LSN", "Lạng Sơn"),
    ("QNH", "Quảng Ninh"),
    ("THA", "Thanh Hoá"),
    ("NAN", "Nghệ An"),
    ("HTH", "Hà Tĩnh"),
    ("CBG", "Cao Bằng"),
    ("TQG", "Tuyên Quang"),
    ("LCI", "Lào Cai"),
    ("TNN", "Thái Nguyên"),
    ("PTO", "Phú Thọ"),
    ("BNH", "Bắc Ninh"),
    ("HYN", "Hưng Yên"),
    ("HPG", "Hải Phòng"),
    ("NBH", "Ninh Bình"),
    ("QTI", "Quảng Trị"),
    ("DNG", "Đà Nẵng"),
    ("QNG", "Quảng Ngãi"),
    ("GLI", "Gia Lai"),
    ("KHA", "Khánh Hoà"),
    ("LDG", "Lâm Đồng"),
    ("DLK", "Đắk Lắk"),
    ("HCM", "Thành phố Hồ Chí Minh"),
    ("DNI", "Đồng Nai"),
    ("TNH", "Tây Ninh"),
    ("CTO", "Cần Thơ"),
    ("VLG", "Vĩnh Long"),
    ("DTP", "Đồng Tháp"),
    ("CMU", "Cà Mau"),
    ("AGG", "An Giang"),
)
# The illustrative province's agency list, made national: "<province code>-<suffix>".
AGENCY_KINDS: tuple[tuple[str, str, str], ...] = tuple(
    (code.removeprefix("MH-"), name.removesuffix(" (minh hoạ)"), group) for code, name, group in ILLUSTRATIVE_AGENCIES
) + (("SNGV", "Sở Ngoại vụ", "có TTHC"), ("BDT", "Ban Dân tộc", "có TTHC"))
AGENCY_KINDS = tuple(dict((k[0], k) for k in AGENCY_KINDS).values())  # BDT is already there: keep one

PLACES = (
    "trụ sở chính",
    "chi cục",
    "trung tâm trực thuộc",
    "bộ phận một cửa",
    "các phòng chuyên môn",
    "đơn vị sự nghiệp",
    "cấp xã",
    "kho lưu trữ",
)
DIFFICULTY_TEXTS = (
    ("khó khăn", "Công chức phụ trách CNTT kiêm nhiệm, không có chuyên môn về CNTT."),
    ("khó khăn", "Máy tính đã xuống cấp, hết khấu hao, cấu hình thấp."),
    ("khó khăn", "Kinh phí được giao muộn, thủ tục lựa chọn nhà thầu kéo dài."),
    ("kiến nghị", "Bố trí kinh phí riêng cho duy trì Trang thông tin điện tử."),
    ("kiến nghị", "Tổ chức tập huấn kỹ năng số cho công chức."),
)

# Shares of the variants (per submission). Errors are rare, as in real uploads after the template.
CSV_SHARE = 0.10
XLSX_VARIANTS: tuple[tuple[str, float], ...] = (
    ("unit-nghin", 0.10),
    ("unit-ty", 0.07),
    ("text-numbers", 0.07),
    ("no-unit", 0.04),
    ("title-rows", 0.05),
    ("no-khokhan", 0.05),
    ("error", 0.005),
)
MONEY_HEADER = re.compile(r"\((triệu đồng|tr\.đ|trđ)\)")


@dataclass(frozen=True)
class Params:
    provinces: int = 34
    agencies: int = 25
    years: int = 5
    seed: int = 2025
    lines_mean: int = 24  # ~100,000 budget lines nationally

    @property
    def key(self) -> str:
        text = json.dumps({**dataclasses.asdict(self), "v": GENERATOR_VERSION}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    @property
    def n_submissions(self) -> int:
        return self.provinces * self.agencies * self.years

    def label(self) -> str:
        return f"{self.provinces} tỉnh × {self.agencies} đơn vị × {self.years} năm"


@dataclass(frozen=True)
class Corpus:
    """Where the files are and what they hold; files are grouped per submission (CSV: three files)."""

    root: Path
    params: Params
    groups: tuple[tuple[str, ...], ...]  # file names relative to root, one tuple per submission
    variants: dict  # variant -> number of submissions
    budget_lines: int
    expected_errors: int
    generate_s: float  # 0 when served from cache
    held_back: bool = False  # files given with --corpus (from_directory), not generated from params

    @property
    def files(self) -> list[str]:
        return [name for group in self.groups for name in group]

    @property
    def label(self) -> str:
        return f"the files of {self.root.name}/" if self.held_back else self.params.label()

    def registry(self) -> list[dict]:
        """The agencies a ministry loads before the reports: the generated ones; none for given files, whose
        agencies are registered from the files themselves as they are stored."""
        return [] if self.held_back else agency_rows(self.params)

    def read(self, name: str) -> bytes:
        return (self.root / name).read_bytes()


def cache_root() -> Path:
    return Path(os.environ.get("CDS_BENCH_CACHE") or Path(tempfile.gettempdir()) / "cds-bench-corpus")


def build(params: Params = Params(), *, processes: int | None = None, refresh: bool = False) -> Corpus:
    """The corpus for params, generated on all cores the first time and read from the cache afterwards."""
    root = cache_root() / params.key
    manifest = root / "manifest.json"
    if manifest.exists() and not refresh:
        return _from_manifest(root, params, json.loads(manifest.read_text()), 0.0)
    if root.exists():
        shutil.rmtree(root)
    staging = Path(tempfile.mkdtemp(prefix=f"{params.key}-", dir=_mkdir(cache_root())))
    started = time.perf_counter()
    jobs = [
        (params, p, a, y) for p in range(params.provinces) for a in range(params.agencies) for y in range(params.years)
    ]
    processes = processes or os.cpu_count() or 1
    chunks = [jobs[i :: processes * 4] for i in range(processes * 4)]  # interleaved: even work per chunk
    if processes == 1 or len(jobs) < 16:
        results = [_write_chunk(staging, chunk) for chunk in chunks]
    else:
        with get_context("spawn").Pool(processes) as pool:
            results = pool.starmap(_write_chunk, [(staging, chunk) for chunk in chunks])
    entries = sorted((e for chunk in results for e in chunk), key=lambda e: e["order"])
    data = {"params": dataclasses.asdict(params), "version": GENERATOR_VERSION, "submissions": entries}
    (staging / "manifest.json").write_text(json.dumps(data, ensure_ascii=False, indent=0))
    try:
        staging.rename(root)  # atomic: a half-written corpus is never served from the cache
    except OSError:  # another process built it meanwhile
        shutil.rmtree(staging, ignore_errors=True)
    return _from_manifest(root, params, data, time.perf_counter() - started)


def from_directory(root: Path) -> Corpus:
    """Workbooks and CSV tables already on disk (held-back files, `python -m benchmarks --corpus DIR`).

    Submissions are grouped as `python -m loaders import` groups them (loaders.read_files: one per .xlsx, the CSV
    tables of one agency and year together), in one read before any phase; that read also counts the budget lines
    and the files that will be rejected.
    """
    import loaders

    names = sorted(p.name for p in root.iterdir() if p.is_file() and p.suffix.lower() in GIVEN_SUFFIXES)
    if not names:
        raise SystemExit(f"{root}: no .xlsx or .csv file to measure")
    results = loaders.read_files([(name, (root / name).read_bytes()) for name in names])
    return Corpus(
        root=root,
        params=Params(),
        groups=tuple(tuple(names[i] for i in r.positions) for r in results),
        variants={"given": len(results)},
        budget_lines=sum(len(r.submission.budget_lines) for r in results if r.submission is not None),
        expected_errors=sum(not r.ok for r in results),
        generate_s=0.0,
        held_back=True,
    )


GIVEN_SUFFIXES = frozenset({".xlsx", ".csv"})


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _from_manifest(root: Path, params: Params, data: dict, seconds: float) -> Corpus:
    variants: dict[str, int] = {}
    for entry in data["submissions"]:
        variants[entry["variant"]] = variants.get(entry["variant"], 0) + 1
    return Corpus(
        root=root,
        params=params,
        groups=tuple(tuple(e["files"]) for e in data["submissions"]),
        variants=dict(sorted(variants.items())),
        budget_lines=sum(e["lines"] for e in data["submissions"]),
        expected_errors=variants.get("error", 0),
        generate_s=seconds,
    )


# --- one submission ------------------------------------------------------------------------------------------


def submission_for(params: Params, p: int, a: int, y: int) -> tuple[Submission, random.Random]:
    """The generated submission of province p, agency a, year index y, and its own rng for the file shape."""
    rng = random.Random(f"{params.seed}:{p}:{a}:{y}")
    pcode, province = PROVINCES[p % len(PROVINCES)]
    if p >= len(PROVINCES):  # scale beyond the real 34: numbered copies
        pcode, province = f"{pcode}{p // len(PROVINCES)}", f"{province} {p // len(PROVINCES)}"
    suffix, kind, group = AGENCY_KINDS[a % len(AGENCY_KINDS)]
    if a >= len(AGENCY_KINDS):
        suffix, kind = f"{suffix}{a // len(AGENCY_KINDS)}", f"{kind} {a // len(AGENCY_KINDS)}"
    year = LAST_YEAR - params.years + 1 + y
    code = f"{pcode}-{suffix}"
    if code == QUANG_NGAI.agency_code and year == QUANG_NGAI.year:
        return QUANG_NGAI, rng
    name = f"{kind} {_of(province)}" if not kind.endswith(" tỉnh") else f"{kind.removesuffix(' tỉnh')} {_of(province)}"
    base = illustrative_submission(rng, code, name, group, year, peers=params.agencies)
    lines = _budget_lines(rng, year, params.lines_mean)
    difficulties = tuple(Difficulty(*d) for d in rng.sample(DIFFICULTY_TEXTS, rng.randint(0, 4)))
    return dataclasses.replace(base, province=province, budget_lines=lines, difficulties=difficulties), rng


CITIES = frozenset({"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Cần Thơ"})  # centrally-run cities


def _of(province: str) -> str:
    """'tỉnh Gia Lai', 'thành phố Đà Nẵng', 'Thành phố Hồ Chí Minh': how an agency's name ends."""
    if province.startswith("Thành phố"):
        return province
    return f"thành phố {province}" if province in CITIES else f"tỉnh {province}"


def agency_rows(params: Params) -> list[dict]:
    """The registry a ministry would load first: every agency expected to report (store.upsert_agencies)."""
    rows = {}
    for p in range(params.provinces):
        for a in range(params.agencies):
            sub, _ = submission_for(params, p, a, params.years - 1)
            group = AGENCY_KINDS[a % len(AGENCY_KINDS)][2]
            rows[sub.agency_code] = {
                "code": sub.agency_code,
                "name": sub.agency,
                "province": sub.province,
                "agency_group": group,
                "expected_to_report": True,
            }
    return list(rows.values())


def _budget_lines(rng: random.Random, year: int, mean: int) -> tuple[BudgetLine, ...]:
    n = max(1, int(rng.triangular(1, 2 * mean - 1, mean)))
    as_of = date(year, 11, 30)
    lines = []
    for k in range(n):
        source, task, _ = rng.choice(TASKS)
        allocated = max(5, int(round(rng.lognormvariate(4.2, 1.0) / 5)) * 5) * TR
        pace = rng.uniform(0.0, 1.0) if rng.random() < 0.85 else rng.uniform(0.0, 0.2)
        disbursed = None if rng.random() < 0.08 else int(round(allocated * pace / 1000)) * 1000
        procurement = rng.choice(PROCUREMENT) if source == "a" else None
        lines.append(
            BudgetLine(
                source,
                f"{task} ({rng.choice(PLACES)}, hạng mục {k + 1})",
                allocated,
                disbursed,
                as_of=as_of,
                decision_ref=f"{rng.randint(100, 999)}/QĐ-UBND ngày {rng.randint(1, 28)}/{rng.randint(1, 6)}/{year}"
                if source == "a"
                else None,
                expected_pct=rng.choice([100.0, 100.0, 100.0, 90.0, 80.0]),
                procurement=procurement,
                procurement_done=date(year, rng.randint(3, 10), 1) if procurement else None,
            )
        )
    return tuple(lines)


def _variant(rng: random.Random) -> str:
    draw = rng.random()
    if draw < CSV_SHARE:
        return "csv"
    draw = (draw - CSV_SHARE) / (1 - CSV_SHARE)
    for name, share in XLSX_VARIANTS:
        if draw < share:
            return name
        draw -= share
    return "template"


def _write_chunk(out: Path, jobs: list) -> list[dict]:
    from loaders.template import write_workbook

    entries = []
    for params, p, a, y in jobs:
        sub, rng = submission_for(params, p, a, y)
        variant = _variant(rng)
        if variant == "csv":
            files = {
                f"{sub.agency_code}_{sub.year}_{table}.csv": text.encode("utf-8-sig")
                for table, text in write_csv_tables(sub).items()
                if table != "khokhan"
            }
        else:
            raw = write_workbook(sub)
            if variant != "template":
                raw = _edit_workbook(raw, variant, rng)
            files = {f"{sub.agency_code}_{sub.year}.xlsx": raw}
        for name, data in files.items():
            (out / name).write_bytes(data)
        order = (p * params.agencies + a) * params.years + y
        entries.append({"order": order, "files": list(files), "variant": variant, "lines": len(sub.budget_lines)})
    return entries


# --- CSV ------------------------------------------------------------------------------------------------------


# --- workbook edits ---------------------------------------------------------------------------------------------

FIXED_STAMP = "2025-01-01T00:00:00Z"


def _edit_workbook(raw: bytes, variant: str, rng: random.Random) -> bytes:
    """Re-save the template's workbook with one edit an agency would make (openpyxl)."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(raw))
    sheets = {_fold_name(ws.title): ws for ws in wb.worksheets}
    budget, requests = sheets.get("kinhphi"), sheets.get("dexuat")
    if variant in ("unit-nghin", "unit-ty", "text-numbers", "no-unit"):
        for ws in (budget, requests):
            if ws is not None:
                _edit_money(ws, variant)
    elif variant == "title-rows" and budget is not None:
        budget.insert_rows(1, amount=2)
        budget.cell(1, 1, "BÁO CÁO KINH PHÍ CHUYỂN ĐỔI SỐ")
        budget.cell(2, 1, "(Kèm theo công văn của đơn vị)")
    elif variant == "no-khokhan" and "khokhan" in sheets:
        wb.remove(sheets["khokhan"])
    elif variant == "error" and budget is not None:
        header_row, columns = _header(budget)
        col = next((c for h, c in columns.items() if h.startswith("Kinh phí giao")), None)
        row = header_row + 1
        if col is not None and budget.cell(row, col).value is not None:
            budget.cell(row, col).value = -abs(float(budget.cell(row, col).value or 1))
    buffer = io.BytesIO()
    wb.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _fold_name(text: str) -> str:
    from domain import fold

    return fold(text)


def _header(ws) -> tuple[int, dict[str, int]]:
    """The header row (the first of the top rows whose first cells are all text) and header -> column."""
    for row in ws.iter_rows(min_row=1, max_row=12):
        values = [c.value for c in row]
        texts = [v for v in values if isinstance(v, str)]
        if len(texts) >= 3 and any(MONEY_HEADER.search(t) for t in texts):
            return row[0].row, {v: c.column for c, v in zip(row, values) if isinstance(v, str)}
    return 1, {}


def _edit_money(ws, variant: str) -> None:
    header_row, columns = _header(ws)
    for header, col in columns.items():
        if not MONEY_HEADER.search(header):
            continue
        if variant == "unit-nghin":
            new, factor = MONEY_HEADER.sub("(nghìn đồng)", header), Decimal(1000)
        elif variant == "unit-ty":
            new, factor = MONEY_HEADER.sub("(tỷ đồng)", header), Decimal(1) / Decimal(1000)
        elif variant == "no-unit":
            new, factor = MONEY_HEADER.sub("", header).strip(), Decimal(1)
        else:
            new, factor = header, Decimal(1)
        ws.cell(header_row, col).value = new
        for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=col, max_col=col):
            value = cell.value
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            scaled = Decimal(repr(value)) * factor
            if variant == "text-numbers":
                cell.value = vi_number(scaled)
            else:
                cell.value = int(scaled) if scaled == scaled.to_integral_value() else float(scaled)


def _normalise_zip(raw: bytes) -> bytes:
    """openpyxl stamps the save time into the zip and docProps/core.xml: fix both, for identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:modified|created)[^>]*>)[^<]*", rb"\g<1>" + FIXED_STAMP.encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)
    return out.getvalue()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Build (or find) the benchmark corpus.")
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--agencies", type=int, default=25)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--refresh", action="store_true")
    args = parser.parse_args()
    corpus = build(Params(args.provinces, args.agencies, args.years), refresh=args.refresh)
    print(
        corpus.root,
        len(corpus.groups),
        "submissions",
        len(corpus.files),
        "files",
        corpus.budget_lines,
        "lines",
        corpus.variants,
        f"{corpus.generate_s:.1f}s",
    )
