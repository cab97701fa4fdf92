"""The Word report as a reader sees it: LibreOffice headless turns it into PDF, pdftoppm into PNG pages.

The PNGs land in screenshots/ (report-*.png) to be looked at; the assertions pin what was found by looking:
A4 pages, a Times-metric serif (Liberation Serif stands in for Times New Roman), the header block on page 1,
a page number at the top of page 2 and none on page 1, tables inside the text block.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from reports import content, render_docx
from store import Store

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT_DIR = ROOT / "screenshots"


def require(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(
                f"REQUIRE_LIBREOFFICE=1 but {tool} is missing (apt-get install libreoffice-writer-nogui poppler-utils)"
            )
        pytest.skip(f"{tool} is not installed")
    return found


def to_pdf(docx: Path) -> Path:
    """LibreOffice headless with its own profile: engineers and CI jobs running at once do not share a lock."""
    soffice = require("soffice")
    profile = docx.parent / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx.parent),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = docx.with_suffix(".pdf")
    assert pdf.exists()
    return pdf


def pdf_text(pdf: Path, page: int) -> str:
    done = subprocess.run(
        [require("pdftotext"), "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def rendered(seeded_data_dir, tmp_path_factory) -> tuple[Path, Path]:
    store = Store.open(f"sqlite:///{seeded_data_dir / 'cds.sqlite3'}")
    data = content.gather(store, content.Scope(2023, "Quảng Ngãi"))
    store.close()
    work = tmp_path_factory.mktemp("pdf")
    docx = work / "bao-cao-quang-ngai-2023.docx"
    docx.write_bytes(render_docx(data))
    pdf = to_pdf(docx)
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    subprocess.run(
        [require("pdftoppm"), "-r", "80", "-png", str(pdf), str(SCREENSHOT_DIR / "report-quang-ngai")], check=True
    )
    return docx, pdf


def test_pages_are_a4_in_a_times_metric_serif(rendered):
    _, pdf = rendered
    info = subprocess.run([require("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "595.3" in info and "841.89" in info  # A4 in points
    fonts = subprocess.run([require("pdffonts"), str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts.replace(" ", ""), fonts


def test_first_page_has_the_header_block_and_no_number(rendered):
    _, pdf = rendered
    first = pdf_text(pdf, 1)
    lines = [line.strip() for line in first.splitlines() if line.strip()]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first.replace("  ", " ")
    assert any(line.endswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") for line in lines)  # on one line
    assert "Độc lập - Tự do - Hạnh phúc" in first and "BÁO CÁO" in first
    assert lines[0] != "1"


def test_second_page_is_numbered_at_the_top(rendered):
    _, pdf = rendered
    second = [line.strip() for line in pdf_text(pdf, 2).splitlines() if line.strip()]
    assert second[0] == "2"


def test_seed_figures_read_on_the_pages(rendered):
    _, pdf = rendered
    done = subprocess.run([require("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    text = done.stdout
    for figure in ("1.096,962 triệu đồng", "3,402", "0,162", "4,482", "439,72/485", "7/20", "7/7", "510 triệu đồng"):
        assert figure in text, figure
    assert (SCREENSHOT_DIR / "report-quang-ngai-1.png").exists()
