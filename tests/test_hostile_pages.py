"""The same hostile texts through every page and chart, in headless Chromium: shown as text, never as markup.

A store holds one submission with tests/hostile/texts.ALL in its agency, province, requested_by, tasks,
categories and difficulties, stored under a file name carrying a markdown image. Each page is opened with
that province in the URL; the rendered DOM (markdown, captions, labels, buttons, Plotly SVG) must hold no
link, image, style or formula made from them, and the literal text must be there to read. The upload page
then gets the crash workbook, a duplicate and hostile names while /_stcore/health keeps answering.
"""

from __future__ import annotations

import io
import urllib.request
import zipfile
from urllib.parse import quote

import pytest

from tests.browser import browser_page, open_and_wait, running_app, screenshot
from tests.hostile import texts
from tests.hostile.make_corpus import repack, workbook

pytestmark = pytest.mark.browser

FILE_NAME = f"![i](http://{texts.EVIL}/file.png) bao-cao.xlsx"
QUERY = "nam=2023&tinh=" + quote(texts.PROVINCE)
PAGES = ["", "budget", "indicators", "platforms", "plan", f"agency?don_vi={texts.AGENCY_CODE}&", "history"]

# Anything in the DOM that a hostile text could have become: a link or image to evil.example, an inline style
# from it (80px), a KaTeX formula, a Streamlit colour directive or icon, or a frame.
INJECTED = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('a, img, image, iframe, [style], .katex, [data-testid=stIconMaterial]')) {
    const ref = (el.getAttribute('href') || el.getAttribute('xlink:href') || el.getAttribute('src') || '');
    const style = el.getAttribute('style') || '';
    const text = el.textContent || '';
    if (ref.includes('evil') || /font-size:\\s*80px/.test(style) || el.classList.contains('katex')
        || (el.dataset.testid === 'stIconMaterial' && text.trim() === 'home')) {
      bad.push(el.outerHTML.slice(0, 300));
    }
  }
  for (const el of document.querySelectorAll('span')) {  // :red[…] becomes a span coloured by class or style
    if ((el.textContent || '').trim() === 'đỏ' && getComputedStyle(el).color.replace(/\\s/g, '') === 'rgb(255,43,43)') {
      bad.push(el.outerHTML.slice(0, 160));
    }
  }
  return bad;
}"""


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    from loaders.template import write_workbook
    from store import Store

    data_dir = tmp_path_factory.mktemp("hostile-pages")
    store = Store.open(f"sqlite:///{data_dir / 'cds.sqlite3'}")
    sub = texts.hostile_submission()
    store.save_submission(sub, raw=write_workbook(sub), file_name=FILE_NAME, uploaded_by="kiểm thử")
    store.close()
    return data_dir


@pytest.fixture(scope="module")
def app_url(hostile_dir):
    with running_app(hostile_dir, extra_env={"CDS_LOAD_SAMPLES": "0", "CDS_PAGE_ERRORS": ""}) as base:
        yield base


def healthy(base: str) -> bool:
    with urllib.request.urlopen(base + "/_stcore/health", timeout=5) as reply:
        return reply.status == 200


@pytest.mark.parametrize(
    "path", PAGES, ids=["overview", "budget", "indicators", "platforms", "plan", "agency", "history"]
)
def test_hostile_text_is_text_on_every_page(app_url, path):
    with browser_page(1366, 900) as page:
        query = QUERY if "?" not in path else QUERY
        url = f"{app_url}/{path}{'' if '?' in path else '?'}{query}"
        open_and_wait(page, url)
        for tab in page.locator("[data-baseweb=tab]").all():  # Plotly draws a tab's chart when it is shown
            tab.click()
            page.wait_for_timeout(700)
        assert page.url.startswith(app_url), page.url  # no <a target=_self> navigated the tab away
        assert page.locator("[data-testid=stException]").count() == 0
        assert page.evaluate(INJECTED) == []
        text = page.locator("[data-testid=stMain]").inner_text()
        assert "\u202e" not in text
        text = text.replace("\u2060", "")  # the invisible joiner that keeps http:// and www. from autolinking
        screenshot(page, f"hostile-{path.split('?')[0] or 'overview'}")
        if path.startswith("agency"):  # the page that shows every field: each hostile piece is readable text
            for piece in (texts.LINK, texts.IMAGE, ":red[đỏ]", ":material/home:", "$\\Huge K$", f"www.{texts.EVIL}"):
                assert piece in text, text[text.find("Sở Độc") :][:600]
        if path == "history":
            assert "file.png" in page.locator("[data-testid=stDownloadButton]").first.inner_text()


def far_cell_workbook() -> bytes:
    """The 8 kB workbook whose one cell at XFD1048576 made calamine ask for 512 GB and abort the server."""
    raw = workbook()
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        xml = z.read("xl/worksheets/sheet2.xml")
    cell = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return repack(raw, {"xl/worksheets/sheet2.xml": xml.replace(b"</sheetData>", cell + b"</sheetData>")})


def test_hostile_uploads_leave_the_server_up(app_url):
    good = workbook()
    csv_text = "Đơn vị;Năm báo cáo;Nguồn kinh phí;Nhiệm vụ;Kinh phí giao (triệu đồng)\nA;2023;a;x;1\n".encode()
    files = [
        {"name": "xa.xlsx", "mimeType": "application/octet-stream", "buffer": far_cell_workbook()},
        {"name": "bao-cao.xlsx", "mimeType": "application/octet-stream", "buffer": good},
        {"name": "bao-cao (1).xlsx", "mimeType": "application/octet-stream", "buffer": good},
        {"name": f"{texts.IMAGE} {texts.ANCHOR}.csv", "mimeType": "text/csv", "buffer": csv_text},
        {"name": "decoy.csv + ZS-1_2023_kinhphi.csv", "mimeType": "text/csv", "buffer": csv_text + b"B;2023;a;y;2\n"},
    ]
    with browser_page(1366, 1000) as page:
        open_and_wait(page, app_url)
        page.get_by_test_id("stSidebarNav").get_by_text("Nộp báo cáo", exact=True).click()
        page.wait_for_selector("text=Nộp báo cáo chuyển đổi số", timeout=60_000)
        open_and_wait(page, page.url)
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(files)
        page.wait_for_selector("text=Kết quả kiểm tra", timeout=60_000)
        page.wait_for_timeout(500)
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60_000)
        assert healthy(app_url)
        assert page.locator("[data-testid=stException]").count() == 0
        assert page.evaluate(INJECTED) == []
        text = page.locator("[data-testid=stMain]").inner_text()
        assert "Traceback" not in text and "StreamlitDuplicateElementKey" not in text
        screenshot(page, "hostile-upload")
        issues = " ".join(page.locator("[data-testid=stDataFrame] table").all_inner_texts())
        # The far cell is read sparsely (no refusal needed any more); the duplicate is named.
        assert "duplicate-file-content" in issues, issues[:3000]
