"""Hostile and broken uploads get one clear error Issue from safety.screen, never a traceback."""

from __future__ import annotations

import io
import struct
import time
import zipfile

import hypothesis.strategies as hs
import openpyxl
import pytest
from hypothesis import given, settings

from loaders import safety
from loaders.safety import screen
from loaders.sheetxml import open_book
from loaders.template import write_workbook
from loaders.xmlstream import Parts

TEMPLATE = write_workbook(None)


def codes(issues) -> list[str]:
    return [i.code for i in issues]


def rewrite(raw: bytes, changes: dict[str, bytes | None] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """A copy of the zip `raw` with members replaced (None drops one) and members added."""
    changes, add = changes or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = changes.get(info.filename, src.read(info))
            if body is not None:
                dst.writestr(info.filename, body)
        for name, body in add.items():
            dst.writestr(name, body)
    return out.getvalue()


def member(raw: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        return zf.read(name)


def sheet_part(raw: bytes, sheet_name: str) -> str:
    return {v: k for k, v in safety.sheet_parts(raw).items()}[sheet_name]


def workbook_with_formula(cached: str | None = None) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = "ThongTin"
    ws = wb.create_sheet("KinhPhi")
    ws["B3"] = 2
    ws["D3"] = "=B3*2"  # openpyxl writes the formula with an empty <v></v>: no cached value
    buffer = io.BytesIO()
    wb.save(buffer)
    raw = buffer.getvalue()
    if cached is not None:
        part = sheet_part(raw, "KinhPhi")
        xml = member(raw, part).replace(b"<f>B3*2</f><v></v>", b"<f>B3*2</f><v>" + cached.encode() + b"</v>")
        raw = rewrite(raw, {part: xml})
    return raw


# --- size ----------------------------------------------------------------------------------------------


def test_oversized_file_is_refused_before_anything_else(monkeypatch):
    monkeypatch.setenv("CDS_MAX_UPLOAD_MB", "0,001")  # 1 000 bytes, read at call time
    assert safety.max_upload_bytes() == 1000
    found = screen("bao-cao.xlsx", safety.OLE2_MAGIC + bytes(2000))  # also legacy, but size comes first
    assert codes(found) == ["file-too-large"]
    assert "0,001 MB" in found[0].message_vi
    assert found[0].severity == "error" and found[0].file == "bao-cao.xlsx"


def test_default_limit_is_20_mb(monkeypatch):
    monkeypatch.delenv("CDS_MAX_UPLOAD_MB", raising=False)
    assert safety.max_upload_bytes() == safety.MAX_UPLOAD_BYTES == 20_000_000
    assert codes(screen("x.csv", b"a" * 20_000_001)) == ["file-too-large"]
    assert screen("x.csv", b"a;b\n" * 5_000_000)[0].code == "too-many-lines"  # 20 MB: size is not the refusal
    assert screen("x.csv", b"a" * 20_000_000)[0].code == "line-too-long"
    assert screen("x.csv", b"a;b\n" * 40_000) == []
    monkeypatch.setenv("CDS_MAX_UPLOAD_MB", "khong-phai-so")
    assert safety.max_upload_bytes() == 20_000_000


@pytest.mark.parametrize("name", ["bao-cao.xlsx", "bang.csv", "x.xls"])
def test_empty_file(name):
    assert codes(screen(name, b"")) == ["empty-file"]


# --- containers and extensions -------------------------------------------------------------------------


def test_ole2_header_is_legacy_or_encrypted():
    # An encrypted .xlsx is an OLE2 container holding EncryptedPackage: same magic as .xls.
    raw = safety.OLE2_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    assert codes(screen("bao-cao.xlsx", raw)) == ["legacy-or-encrypted"]
    assert codes(screen("bao-cao", raw)) == ["legacy-or-encrypted"]


def test_xls_extension_is_legacy():
    assert codes(screen("bao-cao.XLS", b"<html><table></table></html>")) == ["legacy-or-encrypted"]


@pytest.mark.parametrize("ext", [".xlsb", ".ods", ".xlsm", ".numbers"])
def test_unsupported_extensions(ext):
    found = screen(f"bao-cao{ext}", TEMPLATE)
    assert codes(found) == ["unsupported-format"]
    assert ext in found[0].message_vi


@pytest.mark.parametrize(
    "raw",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "Đơn vị;Năm báo cáo\nBan Dân tộc;2023\n".encode(),
        b"PK\x03\x04 not really a zip",
    ],
)
def test_renamed_file_is_not_a_workbook(raw):
    assert codes(screen("bao-cao.xlsx", raw)) == ["not-a-workbook"]


def test_renamed_docx_is_not_a_workbook():
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        zf.writestr("word/document.xml", "<w:document xmlns:w='urn:w'/>")
    assert codes(screen("bao-cao.xlsx", docx.getvalue())) == ["not-a-workbook"]


@pytest.mark.parametrize("name", ["bao-cao.pdf", "bao-cao.docx", "anh.png"])
def test_other_extensions_are_unsupported(name):
    assert codes(screen(name, b"%PDF-1.7")) == ["unsupported-format"]


def test_macro_enabled_content_type_is_refused():
    types = member(TEMPLATE, "[Content_Types].xml").replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    )
    found = screen("bao-cao.xlsx", rewrite(TEMPLATE, {"[Content_Types].xml": types}))
    assert codes(found) == ["unsupported-format"]
    assert ".xlsm" in found[0].message_vi and "macro" in found[0].message_vi


def test_binary_workbook_content_type_is_refused():
    types = member(TEMPLATE, "[Content_Types].xml").replace(
        b"openxmlformats-officedocument.spreadsheetml.sheet.main+xml", b"ms-excel.sheet.binary.macroEnabled.main"
    )
    found = screen("bao-cao.xlsx", rewrite(TEMPLATE, {"[Content_Types].xml": types}))
    assert codes(found) == ["unsupported-format"] and ".xlsb" in found[0].message_vi


def test_vba_project_is_refused():
    found = screen("bao-cao.xlsx", rewrite(TEMPLATE, add={"xl/vbaProject.bin": b"\x00" * 64}))
    assert codes(found) == ["unsupported-format"]


def test_odf_zip_renamed_xlsx_is_refused():
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    found = screen("bao-cao.xlsx", ods.getvalue())
    assert codes(found) == ["unsupported-format"] and ".ods" in found[0].message_vi


# --- zip bombs -----------------------------------------------------------------------------------------


def test_zip_bomb_300_mb_of_zeros():
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            chunk = bytes(1_000_000)
            for _ in range(300):  # 300 MB of zeros, about 1.3 MB on disk
                out.write(chunk)
    found = screen("bao-cao.xlsx", raw.getvalue())
    assert codes(found) == ["zip-bomb"]
    assert "300 MB > 200 MB" in found[0].message_vi


def test_zip_bomb_by_ratio():
    xml = b"<sheetData>" + b" " * (5 * 1024 * 1024) + b"</sheetData>"  # 5 MB compressing ~1000x
    found = screen("bao-cao.xlsx", rewrite(TEMPLATE, add={"xl/worksheets/sheet99.xml": xml}))
    assert codes(found) == ["zip-bomb"]
    assert "xl/worksheets/sheet99.xml" in found[0].message_vi


def _declare_sizes(raw: bytes, size: int) -> bytes:
    """Rewrites every central-directory entry to claim `size` uncompressed bytes (a lying header)."""
    data = bytearray(raw)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def test_zip_bomb_by_declared_total():
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as zf:
        for n in range(210):
            zf.writestr(f"xl/media/image{n}.bin", b"x" * 100)
    # 210 entries of exactly 1 MB each: no single ratio counts (not > 1 MB), the 210 MB total does.
    found = screen("bao-cao.xlsx", _declare_sizes(raw.getvalue(), 1_000_000))
    assert codes(found) == ["zip-bomb"]
    assert "210 MB" in found[0].message_vi


def test_too_many_entries():
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as zf:
        for n in range(2001):
            zf.writestr(f"xl/x{n}.xml", b"")
    found = screen("bao-cao.xlsx", raw.getvalue())
    assert codes(found) == ["zip-bomb"] and "2001" in found[0].message_vi


# --- XML declarations ----------------------------------------------------------------------------------

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
)


def test_billion_laughs_in_a_sheet():
    part = sheet_part(TEMPLATE, "KinhPhi")
    xml = member(TEMPLATE, part)
    found = screen("bao-cao.xlsx", rewrite(TEMPLATE, {part: BILLION_LAUGHS + xml}))
    assert codes(found) == ["xml-entities"]
    assert part in found[0].message_vi


def test_external_entity_in_workbook_xml():
    xml = member(TEMPLATE, "xl/workbook.xml")
    evil = b'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + xml
    found = screen("bao-cao.xlsx", rewrite(TEMPLATE, {"xl/workbook.xml": evil}))
    assert codes(found) == ["xml-entities"] and "xl/workbook.xml" in found[0].message_vi


def test_utf16_doctype_is_seen():
    part = sheet_part(TEMPLATE, "ChiSo")
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><worksheet/>'
    found = screen("bao-cao.xlsx", rewrite(TEMPLATE, {part: b"\xff\xfe" + xml.encode("utf-16-le")}))
    assert codes(found) == ["xml-entities"]


def test_doctype_split_across_read_chunks():
    part = sheet_part(TEMPLATE, "KinhPhi")
    padding = b" " * (safety.CHUNK - 4)  # "<!DOC" | "TYPE" falls on the chunk boundary
    xml = b'<?xml version="1.0"?>' + padding + b"<!DOCTYPE x []><worksheet/>"
    assert codes(screen("bao-cao.xlsx", rewrite(TEMPLATE, {part: xml}))) == ["xml-entities"]


# --- formulas ------------------------------------------------------------------------------------------


def test_formula_without_cached_value_names_the_cell():
    found = screen("bao-cao.xlsx", workbook_with_formula())
    assert codes(found) == ["formula-no-value"]
    (f,) = found
    assert (f.sheet, f.row, f.column) == ("KinhPhi", 3, "D")
    assert "KinhPhi!D3" in f.message_vi and "KinhPhi!D3" in f.message_en


def test_formula_with_cached_value_is_fine():
    assert screen("bao-cao.xlsx", workbook_with_formula(cached="4")) == []


def test_formula_evaluating_to_empty_text_is_fine():
    raw = workbook_with_formula()
    part = sheet_part(raw, "KinhPhi")
    xml = member(raw, part).replace(b'<c r="D3">', b'<c r="D3" t="str">')
    assert screen("bao-cao.xlsx", rewrite(raw, {part: xml})) == []


def test_formula_cells_without_r_attribute_are_counted():
    raw = workbook_with_formula()
    part = sheet_part(raw, "KinhPhi")
    xml = member(raw, part).replace(b' r="B3"', b"").replace(b' r="D3"', b"")
    xml = xml.replace(b'<c t="n"><v>2</v></c>', b'<c/><c t="n"><v>2</v></c><c/>')  # A3, B3, C3, then D3
    (f,) = screen("bao-cao.xlsx", rewrite(raw, {part: xml}))
    assert (f.sheet, f.row, f.column) == ("KinhPhi", 3, "D")


def test_many_uncached_formulas_are_capped_per_sheet():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KinhPhi"
    for row in range(1, 101):
        ws.cell(row=row, column=1, value=f"=B{row}+1")
    buffer = io.BytesIO()
    wb.save(buffer)
    found = screen("bao-cao.xlsx", buffer.getvalue())
    assert len(found) == safety.MAX_FORMULA_ISSUES
    assert found[0].row == 1 and found[-1].row == safety.MAX_FORMULA_ISSUES


# --- text files ----------------------------------------------------------------------------------------


def test_csv_text_passes():
    text = "Mã chỉ số;Giá trị\ndti_score;439,72\n"
    assert screen("QNG-BDT_2023_chiso.csv", text.encode("utf-8-sig")) == []
    assert screen("QNG-BDT_2023_chiso.csv", text.encode("utf-16")) == []  # with BOM
    assert screen("QNG-BDT_2023_chiso.csv", text.encode("utf-16-le")) == []  # without BOM
    assert screen("QNG-BDT_2023_chiso.csv", "Đơn giá;1.234,5\n".encode("cp1258")) == []


def test_binary_named_csv_is_unreadable():
    assert codes(screen("bang.csv", b"\x00\x01\x02garbage\x00\xff" * 50)) == ["unreadable-file"]
    assert codes(screen("bang.csv", TEMPLATE)) == ["unreadable-file"]


# --- normal files, and never a traceback ---------------------------------------------------------------


def test_template_screens_clean_and_fast():
    screen("mau.xlsx", TEMPLATE)  # warm-up: imports, first parser
    start = time.perf_counter()
    assert screen("mau.xlsx", TEMPLATE) == []
    elapsed_ms = (time.perf_counter() - start) * 1000
    print(f"screen() of the template ({len(TEMPLATE)} bytes): {elapsed_ms:.1f} ms")  # measured, not asserted


def test_sheet_parts_maps_zip_parts_to_names():
    parts = safety.sheet_parts(TEMPLATE)
    assert sorted(parts.values()) == sorted(["HuongDan", "ThongTin", "KinhPhi", "ChiSo", "DeXuat", "KhoKhan"])
    assert all(p.startswith("xl/worksheets/") for p in parts)
    assert safety.formulas_without_value(workbook_with_formula(), safety.sheet_parts(workbook_with_formula())) == [
        ("KinhPhi", "D3")
    ]


@settings(max_examples=200, deadline=None)
@given(name=hs.sampled_from(["a.xlsx", "a.csv", "a", "a.xls", "a.txt"]), raw=hs.binary(max_size=2000))
def test_random_bytes_give_issues_not_tracebacks(name, raw):
    found = screen(name, raw)
    assert all(i.severity == "error" for i in found)


@settings(max_examples=200, deadline=None)
@given(at=hs.integers(min_value=0, max_value=len(TEMPLATE) - 1), byte=hs.integers(0, 255))
def test_corrupted_template_gives_issues_not_tracebacks(at, byte):
    raw = bytearray(TEMPLATE)
    raw[at] = byte
    found = screen("bao-cao.xlsx", bytes(raw))
    assert all(i.severity == "error" for i in found)


# --- the reader's own parser (loaders/xmlstream.py): the second line behind the screen's byte scan -------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
@pytest.mark.parametrize(
    "xml",
    [
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
        '<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.invalid/x.dtd"><x/>',
    ],
)
def test_reader_parser_refuses_dtds_in_any_encoding(xml, encoding):
    """What defusedxml refused before: a DTD, an entity, an external reference; a UTF-16 part hides its bytes
    from the screen's scan, so the parser itself must refuse it."""
    from defusedxml import DefusedXmlException

    from loaders import xmlstream

    data = xml.replace('version="1.0"', f'version="1.0" encoding="{encoding}"').encode(encoding)
    with pytest.raises(DefusedXmlException):
        xmlstream.tree(data)
    with pytest.raises(DefusedXmlException):
        xmlstream.parse_stream(xmlstream.parser(), io.BytesIO(data))


def test_reader_parser_builds_elementtree_names():
    """Names as ElementTree spells them ("{uri}local"), attributes too, text kept: what the workbook reader reads."""
    from loaders import xmlstream

    root = xmlstream.tree(
        b'<w:workbook xmlns:w="urn:m" xmlns:r="urn:r"><w:sheet name="KinhPhi" r:id="rId2">x</w:sheet></w:workbook>'
    )
    sheet = root.find("{urn:m}sheet")
    assert root.tag == "{urn:m}workbook" and sheet is not None
    assert (sheet.get("name"), sheet.get("{urn:r}id"), sheet.text) == ("KinhPhi", "rId2", "x")


def test_small_parts_decompressed_directly_are_what_zipfile_reads():
    # safety._inflated skips zipfile's per-member machinery for clean members; anything else goes back to zipfile.
    stored = io.BytesIO()
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("a.xml", b"<a/>")
        zf.writestr("empty.xml", b"")
    for raw in (TEMPLATE, stored.getvalue()):
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            for info in zf.infolist():
                assert safety._inflated(raw, info) == zf.read(info)
    with zipfile.ZipFile(io.BytesIO(TEMPLATE)) as zf:
        info = max(zf.infolist(), key=lambda i: i.compress_size)
        data_at = info.header_offset + 30 + len(info.filename.encode()) + 4  # a byte inside the deflate stream
    damaged = bytearray(TEMPLATE)
    damaged[data_at] ^= 0xFF
    for raw in (bytes(damaged), TEMPLATE[: info.header_offset + 40]):
        assert safety._inflated(raw, info) is None
    encrypted = zipfile.ZipInfo.from_file(__file__)
    encrypted.flag_bits |= 0x1
    assert safety._inflated(TEMPLATE, encrypted) is None
    assert codes(screen("hong.xlsx", bytes(damaged))) == ["unreadable-file"]  # zipfile's zlib error, as before


@given(hs.lists(hs.sampled_from([b"<", b"f", b":", b"x", b" ", b">", b"/", b"a:", b"<f", b":f", b"1"]), max_size=12))
def test_formula_tag_search_gives_the_pattern_answer(pieces):
    data = b"".join(pieces)
    assert safety._formula_tag_in(data) == (safety.FORMULA_TAG.search(data) is not None)


def test_every_forbidden_pattern_holds_the_byte_the_screen_looks_for_first():
    assert all(b"!" in pattern for pattern in safety.FORBIDDEN_XML)


def test_the_reader_takes_the_zip_names_and_parsed_parts_from_the_screen():
    parts = Parts()
    assert screen("bao-cao.xlsx", TEMPLATE, parts) == []
    with zipfile.ZipFile(io.BytesIO(TEMPLATE)) as zf:
        assert parts.names == set(zf.namelist())
    data, tree = parts.trees["xl/workbook.xml"]
    assert parts.tree("xl/workbook.xml", data) is tree
    assert parts.tree("xl/workbook.xml", data + b" ") is not tree  # other bytes (a name twice in the zip): parsed
    shared, alone = open_book(TEMPLATE, parts), open_book(TEMPLATE)
    assert (shared.parts, shared.date1904, shared.styles) == (alone.parts, alone.date1904, alone.styles)
