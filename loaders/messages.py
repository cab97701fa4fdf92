"""The one issue-code catalogue: every code any part emits, with its Vietnamese and English message.

Validation (loaders/*), extraction (loaders/extract/*), review (intake/review.py), upload and import all
build their Issues with `issue()`; tests/test_issue_codes.py fails when code names an issue that is not
here. Each Vietnamese template says what is wrong and how to fix it. `{cell}` style fields are filled by
`issue()`; the location (file, sheet, row, column) travels in the Issue record itself. The same check
has the same code wherever it runs (a spreadsheet row, a narrative sentence, the review step).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain import Issue, Severity


@dataclass(frozen=True)
class Both:
    """A field value worded in each language (the Vietnamese and English templates get their own)."""

    vi: str
    en: str


# code -> (severity, Vietnamese, English)
TEMPLATES: dict[str, tuple[Severity, str, str]] = {
    # --- the file itself (checked before parsing) ---
    # --- units that no longer exist (issue 15: the 2025 reorganisation) ---
    "former-province": (
        "warning",
        "Báo cáo năm {year} ghi {province}, tỉnh đã sắp xếp từ {day} ({basis}). Đơn vị kế tục: {successor}. "
        "Báo cáo được lưu như đã ghi, trừ khi khi xác nhận bạn chọn nộp vào đơn vị kế tục.",
        "The {year} report names {province}, a province reorganised on {day} ({basis}). Its successor is "
        "{successor}. The report is kept as written unless, on confirming, you choose to file it under the successor.",
    ),
    "filed-under-successor": (
        "warning",
        "Báo cáo ghi {written}; theo lựa chọn khi nộp, được lưu vào {filed} (đơn vị kế tục theo sổ đăng ký). "
        "Tệp gốc giữ nguyên nội dung đã ghi.",
        "The report says {written}; as chosen on upload it is filed under {filed} (the successor in the registry). "
        "The original file keeps what it says.",
    ),
    "closed-agency": (
        "warning",
        "Báo cáo năm {year} của {agency}: loại cơ quan này không còn từ {day}. {successor_vi}",
        "The {year} report of {agency}: this kind of agency no longer exists from {day}. {successor_en}",
    ),
    "file-too-large": (
        "error",
        "Tệp nặng {size_mb} MB, vượt giới hạn {limit_mb} MB. Hãy xoá các trang tính, hình ảnh không cần thiết rồi nộp lại.",
        "The file is {size_mb} MB, above the {limit_mb} MB limit. Remove unneeded sheets or pictures and upload again.",
    ),
    "empty-file": (
        "error",
        "Tệp rỗng, không có nội dung. Hãy kiểm tra lại tệp đã lưu đúng chưa rồi nộp lại.",
        "The file is empty: it has no content. Check that it was saved correctly and upload again.",
    ),
    "unsupported-format": (
        "error",
        "Định dạng {ext} không được nhận. {advice} {extra}",
        "The {ext} format is not accepted. {advice} {extra}",
    ),
    "not-a-workbook": (
        "error",
        "Tệp không phải sổ làm việc Excel .xlsx hợp lệ (có thể là tệp khác bị đổi đuôi). Hãy mở bằng Excel và lưu lại dạng .xlsx.",
        "The file is not a valid .xlsx workbook (perhaps another file renamed). Open it in Excel and save it as .xlsx.",
    ),
    "legacy-or-encrypted": (
        "error",
        "Tệp là Excel 97-2003 (.xls) hoặc đã đặt mật khẩu. Hãy bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) và lưu lại dạng .xlsx.",
        "The file is an Excel 97-2003 (.xls) file or password-protected. Remove the password and save it as .xlsx.",
    ),
    "zip-bomb": (
        "error",
        "Tệp bị từ chối vì khi giải nén quá lớn hoặc có quá nhiều thành phần ({detail}). Hãy lưu lại tệp từ mẫu báo cáo rồi nộp lại.",
        "The file was refused: it expands too much or has too many parts ({detail}). Save it again from the template and upload.",
    ),
    "xml-entities": (
        "error",
        "Tệp chứa khai báo XML không được phép (DOCTYPE/ENTITY) trong {part}. Hãy chép số liệu sang tệp mẫu mới rồi nộp lại.",
        "The file contains forbidden XML declarations (DOCTYPE/ENTITY) in {part}. Copy the figures into a fresh template.",
    ),
    "formula-no-value": (
        "error",
        "Ô {cell} là công thức chưa có giá trị tính sẵn. Hãy mở tệp bằng Excel, để Excel tính xong, lưu lại; hoặc thay công thức bằng giá trị.",
        "Cell {cell} holds a formula with no calculated value. Open the file in Excel, let it calculate, and save; or paste values.",
    ),
    "bad-encoding": (
        "error",
        "Không đọc được chữ ở dòng {line}: tệp CSV không phải UTF-8, UTF-16 hay Windows-1258. Hãy lưu lại CSV dạng UTF-8.",
        "Cannot decode text at line {line}: the CSV is not UTF-8, UTF-16 or Windows-1258. Save the CSV as UTF-8.",
    ),
    "sheet-too-large": (
        "error",
        "Trang tính {sheet_name} chứa {cells} ô trên {rows} dòng (vùng {extent}), vượt giới hạn {limit}. Một báo cáo chỉ gồm vài chục dòng: hãy xoá các ô thừa (Ctrl+End để tìm), hoặc chép số liệu sang tệp mẫu mới rồi nộp lại.",
        "Sheet {sheet_name} holds {cells} cells on {rows} rows (range {extent}), above the limit {limit}. A report holds a few dozen rows: delete the stray cells (Ctrl+End finds them), or copy the figures into a fresh template and upload again.",
    ),
    "line-too-long": (
        "error",
        "Dòng {line} dài {length} ký tự, vượt giới hạn {limit} ký tự một dòng. Tệp có thể không phải bảng CSV hoặc thiếu ký tự xuống dòng; hãy xuất lại từ mẫu báo cáo.",
        "Line {line} is {length} characters long, above the {limit}-character limit per line. The file may not be a CSV table or lacks line breaks; export it again from the template.",
    ),
    "too-many-lines": (
        "error",
        "Tệp có {lines} dòng, vượt giới hạn {limit} dòng. Một báo cáo chỉ gồm số liệu của một đơn vị; hãy tách hoặc xuất lại từ mẫu báo cáo.",
        "The file has {lines} lines, above the {limit}-line limit. A report holds one agency's figures; split it or export it again from the template.",
    ),
    "field-too-long": (
        "error",
        'Có ô dài hơn {limit} ký tự (thường do dấu ngoặc kép " không đóng, gộp nhiều dòng thành một ô). Hãy kiểm tra dấu ngoặc kép rồi xuất lại tệp CSV.',
        'A field is longer than {limit} characters (usually an unclosed quote " that merges many lines into one). Check the quotes and export the CSV again.',
    ),
    "report-too-large": (
        "error",
        "Báo cáo có {length} ký tự văn bản, vượt giới hạn {limit} ký tự của một báo cáo. Hãy gửi đúng báo cáo của đơn vị (không kèm phụ lục dài) hoặc nhập số liệu vào biểu mẫu Excel.",
        "The report holds {length} characters of text, above the {limit}-character limit. Send the agency's report alone (without long annexes) or use the Excel template.",
    ),
    "read-timeout": (
        "error",
        "Đọc tệp mất quá {seconds} giây nên đã dừng; tệp chưa được lưu. Hãy lưu lại tệp từ mẫu báo cáo (bỏ các trang tính, ô thừa) rồi nộp lại.",
        "Reading the file took over {seconds} seconds and was stopped; nothing was stored. Save it again from the template (without extra sheets or cells) and upload.",
    ),
    "read-crashed": (
        "error",
        "Bộ đọc tệp dừng bất thường ({detail}) nên tệp không được đọc; ứng dụng vẫn hoạt động và tệp chưa được lưu. Hãy lưu lại tệp từ mẫu báo cáo rồi nộp lại; lỗi đã được ghi lại cho quản trị.",
        "The file reader stopped abnormally ({detail}), so the file was not read; the app is unaffected and nothing was stored. Save the file again from the template and upload; the error was logged.",
    ),
    "duplicate-upload-name": (
        "error",
        "Có hai tệp cùng tên {name} trong lần nộp này (khác nội dung); tệp sau không được đọc. Hãy đổi tên một tệp rồi nộp lại.",
        "Two files named {name} in this upload (different contents); the second is not read. Rename one and upload again.",
    ),
    "duplicate-file-content": (
        "error",
        "Tệp {name} có nội dung giống hệt tệp {other} trong cùng lần nộp; chỉ tệp {other} được đọc. Hãy bỏ tệp trùng.",
        "{name} has exactly the same content as {other} in this upload; only {other} is read. Remove the duplicate.",
    ),
    "unreadable-file": ("error", "Không đọc được tệp: {detail}. {advice}", "Cannot read the file: {detail}. {advice}"),
    "scanned-pdf": (
        "error",
        "Tệp PDF không có lớp chữ (bản scan/ảnh chụp) nên không đọc được số liệu. Hãy gửi tệp .docx gốc hoặc PDF xuất trực tiếp từ Word (chọn được chữ), hoặc nhập số liệu vào biểu mẫu Excel.",
        "The PDF has no text layer (a scan); send the original .docx, a PDF exported from Word, or the Excel template.",
    ),
    "read-failed": (
        "error",  # upload page: an unexpected exception while reading, logged for the administrator
        "Không đọc được tệp do lỗi không lường trước khi xử lý. Hãy kiểm tra tệp (mở được bằng Excel/Word không), lưu lại theo mẫu báo cáo rồi nộp lại; lỗi đã được ghi lại cho quản trị.",
        "The file could not be read because of an unexpected error. Check it opens, save it from the template and upload again; the error was logged for the administrator.",
    ),
    "extract-failed": (
        "error",
        "Không trích xuất được số liệu từ văn bản do lỗi chương trình. Hãy dùng biểu mẫu Excel và báo cho quản trị.",
        "Extraction failed: {detail}",
    ),
    "file-not-found": (
        "error",  # command line only: the path given cannot be read
        "Không mở được tệp {path}: {detail}. Hãy kiểm tra đường dẫn và quyền đọc tệp.",
        "Cannot open {path}: {detail}. Check the path and that the file is readable.",
    ),
    # --- a batch on the command line (python -m loaders import) ---
    "duplicate-file-name": (
        "error",
        "Có hai tệp cùng tên {name} trong lô; không lưu tệp nào. Hãy đổi tên một tệp rồi chạy lại.",
        "Two files are named {name} in the batch; nothing was stored. Rename one and run again.",
    ),
    "store-error": (
        "error",
        "Không lưu được vào cơ sở dữ liệu ({detail}); báo cáo này chưa được lưu, các tệp khác không bị ảnh hưởng. Hãy thử lại sau ít phút; nếu vẫn lỗi, hãy báo quản trị hệ thống.",
        "Could not save to the database ({detail}); this submission was not stored, other files are not affected. Try again in a few minutes; if it persists, tell the administrator.",
    ),
    "forbidden": (
        "error",
        "Tài khoản {login} (vai trò {role}) không có quyền nộp báo cáo của {agency}: chỉ được nộp báo cáo trong phạm vi của mình. Báo cáo này chưa được lưu.",
        "Account {login} (role {role}) may not submit the report of {agency}: only reports within its scope. This report was not stored.",
    ),
    "locked": (
        "error",
        "Báo cáo năm {year} của {agency} đang khoá ({why}): không nhận phiên bản mới. Hãy đề nghị chuyên viên Sở mở lại (kèm lý do) rồi nộp lại. Báo cáo này chưa được lưu.",
        "The {year} report of {agency} is locked ({why}): no new version is accepted. Ask the Sở's analyst to re-open it (with a reason), then upload again. This report was not stored.",
    ),
    "internal-error": (
        "error",
        "Lỗi không mong muốn khi đọc tệp ({detail}); tệp chưa được lưu. Hãy báo quản trị hệ thống.",
        "Unexpected error while reading the file ({detail}); nothing was stored. Tell the administrator.",
    ),
    # --- the agency list (intake/agencies.py: python -m admin agencies import, the editor on Tình hình nộp) ---
    "agency-missing-column": (
        "error",
        'Thiếu cột "{column_name}" ở dòng tên cột. Dòng đầu của tệp cần: '
        "code,name,province,agency_group,expected_to_report,email (email có thể bỏ).",
        'Column "{column_name}" is missing from the header. The first line needs: '
        "code,name,province,agency_group,expected_to_report,email (email may be left out).",
    ),
    "agency-no-rows": (
        "error",
        "Danh sách không có đơn vị nào. Hãy ghi mỗi đơn vị một dòng dưới dòng tên cột.",
        "The list has no agency. Write one agency per line below the header.",
    ),
    "agency-field-required": (
        "error",
        'Ô "{column_name}" không được để trống: hãy ghi mã, tên và tỉnh của đơn vị.',
        'Cell "{column_name}" may not be empty: give the agency\'s code, name and province.',
    ),
    "agency-bad-code": (
        "error",
        "Mã đơn vị «{value}» không hợp lệ: không có dấu cách, tối đa {limit} ký tự (vd. QNG-STTTT).",
        "Agency code «{value}» is invalid: no spaces, at most {limit} characters (e.g. QNG-STTTT).",
    ),
    "agency-field-too-long": (
        "error",
        'Ô "{column_name}" dài {length} ký tự, quá giới hạn {limit} ký tự: hãy ghi ngắn lại.',
        'Cell "{column_name}" is {length} characters long, over the limit of {limit}: shorten it.',
    ),
    "agency-duplicate-code": (
        "error",
        "Mã đơn vị «{value}» đã có ở dòng {other}: mỗi đơn vị chỉ ghi một dòng.",
        "Agency code «{value}» is already on row {other}: one row per agency.",
    ),
    "agency-unknown-province": (
        "error",
        "Tỉnh, thành phố «{value}» không có trong sổ đăng ký đơn vị hành chính. Hãy ghi đúng tên (vd. Quảng Ngãi).",
        "Province «{value}» is not in the registry of administrative units. Write its name as listed (e.g. Quảng Ngãi).",
    ),
    "agency-bad-expected": (
        "error",
        "Giá trị «{value}» không hiểu được: ghi 1, có hoặc x nếu đơn vị phải báo cáo; 0 hoặc không nếu không phải.",
        "Value «{value}» is not understood: write 1, có or x if the agency must report; 0 or không if not.",
    ),
    "agency-bad-email": (
        "error",
        "Thư điện tử «{value}» không hợp lệ: ghi một địa chỉ dạng ten@co-quan.gov.vn, hoặc để trống.",
        "E-mail «{value}» is invalid: write one address such as name@agency.gov.vn, or leave it empty.",
    ),
    # --- structure ---
    "missing-sheet": (
        "error",
        'Thiếu trang tính "{sheet_name}". Hãy thêm trang tính này (xem tệp mẫu), có thể để trống nếu không có số liệu.',
        'Sheet "{sheet_name}" is missing. Add it (see the template); it may stay empty if there is nothing to report.',
    ),
    "missing-column": (
        "error",
        'Thiếu cột "{column_name}" (hoặc "{alias}"). Hãy thêm cột này vào dòng tên cột.',
        'Column "{column_name}" (or "{alias}") is missing. Add it to the header row.',
    ),
    "missing-field": (
        "error",
        'Thiếu trường "{column_name}" trong trang ThongTin. Hãy thêm một dòng "{column_name}" và giá trị của nó.',
        'Field "{column_name}" is missing from sheet ThongTin. Add a row "{column_name}" with its value.',
    ),
    "duplicate-sheet": (
        "error",
        "Có nhiều trang tính cùng là trang {sheet_name}: {names}. Hãy xoá hoặc đổi tên để chỉ còn một trang {sheet_name}.",
        "Several sheets are all sheet {sheet_name}: {names}. Delete or rename them so that one {sheet_name} remains.",
    ),
    "missing-sheet-optional": (
        "warning",
        'Không có trang tính "{sheet_name}" (hoặc trang trống): các số liệu của trang này được ghi là chưa báo cáo (không tính là 0). Nếu có số liệu, hãy thêm trang theo tệp mẫu.',
        'Sheet "{sheet_name}" is missing or empty: its figures are recorded as not reported (not 0). If you have figures, add the sheet from the template.',
    ),
    "empty-sheet": (
        "error",
        "Trang tính {sheet_name} trống (không có dòng tên cột). Hãy chép dòng tên cột từ tệp mẫu.",
        "Sheet {sheet_name} is empty (no header row). Copy the header row from the template.",
    ),
    "no-data": (
        "error",
        "Không tìm thấy bảng số liệu nào của mẫu báo cáo trong tệp. Hãy dùng tệp mẫu.",
        "No table of the submission format was found in the file. Use the template.",
    ),
    # --- a narrative report's identity (extraction) ---
    "agency-not-found": (
        "error",
        'Không tìm thấy tên đơn vị báo cáo (ví dụ "tại Ban Dân tộc tỉnh Quảng Ngãi"). Hãy ghi rõ tên đơn vị ở tiêu đề báo cáo.',
        "The reporting agency was not found; name it in the report title.",
    ),
    "year-not-found": (
        "error",
        'Không tìm thấy năm báo cáo. Hãy ghi dòng "<Tỉnh>, ngày ... tháng ... năm ..." hoặc "năm 2023" ở tiêu đề.',
        "The report year was not found.",
    ),
    # --- cells ---
    "required-empty": (
        "error",
        'Ô bắt buộc "{column_name}" đang trống. Hãy điền giá trị.',
        'Required cell "{column_name}" is empty. Fill it in.',
    ),
    "not-a-number": (
        "error",
        '"{value}" không phải là số. Hãy ghi số, ví dụ 1.234,5 (dấu phẩy là dấu thập phân).',
        '"{value}" is not a number. Write a number, e.g. 1.234,5 (comma is the decimal mark).',
    ),
    "cell-error": (
        "error",
        "Ô {cell} đang báo lỗi {value} (công thức tham chiếu sai hoặc chia cho 0…), không có số liệu. Hãy sửa công thức hoặc ghi giá trị rồi lưu lại.",
        "Cell {cell} shows the error {value} (a broken reference, a division by 0…), not a figure. Fix the formula or type the value and save.",
    ),
    "negative-amount": (
        "error",
        "Số tiền âm ({value}). Hãy ghi số không âm.",
        "Negative amount ({value}). Write a non-negative amount.",
    ),
    "disbursed-over-allocated": (
        "error",
        "Đã giải ngân {disbursed} lớn hơn kinh phí giao {allocated}. Hãy kiểm tra lại đơn vị tính và số liệu.",
        "Disbursed {disbursed} exceeds allocated {allocated}. Check the unit and the figures.",
    ),
    "pct-out-of-range": (
        "error",
        "Tỷ lệ {value}% nằm ngoài khoảng 0–100. Hãy ghi số phần trăm từ 0 đến 100.",
        "Percentage {value}% is outside 0-100. Write a percentage between 0 and 100.",
    ),
    "value-over-out-of": (
        "error",
        'Giá trị {value} lớn hơn "Trên tổng" {out_of}. Hãy kiểm tra lại hai cột này.',
        "Value {value} is greater than out_of {out_of}. Check both columns.",
    ),
    "year-out-of-range": (
        "error",
        "Năm {value} nằm ngoài khoảng 2015–2035. Hãy ghi năm bằng 4 chữ số.",
        "Year {value} is outside 2015-2035. Write a four-digit year.",
    ),
    "bad-date": (
        "error",
        '"{value}" không phải ngày hợp lệ. Hãy ghi ngày dạng dd/mm/yyyy, ví dụ 30/11/2023.',
        '"{value}" is not a valid date. Write it as dd/mm/yyyy, e.g. 30/11/2023.',
    ),
    "bad-month": (
        "error",
        '"{value}" không phải tháng hợp lệ. Hãy ghi dạng mm/yyyy, ví dụ 10/2023.',
        '"{value}" is not a valid month. Write it as mm/yyyy, e.g. 10/2023.',
    ),
    "bad-funding-source": (
        "error",
        'Nguồn kinh phí "{value}" không rõ. Hãy ghi a (giao theo quyết định của tỉnh), b (nguồn khác) hoặc c (tự bố trí).',
        'Unknown funding source "{value}". Write a (province decision), b (other sources) or c (self-funded).',
    ),
    "missing-agency-year": (
        "error",
        'Không xác định được đơn vị và năm báo cáo của tệp CSV. Hãy thêm cột "Đơn vị" và "Năm báo cáo", hoặc đặt tên tệp dạng <mã đơn vị>_<năm>_<bảng>.csv.',
        'The CSV\'s agency and year are unknown. Add columns "Đơn vị" and "Năm báo cáo", or name the file <agency_code>_<year>_<table>.csv.',
    ),
    "unknown-csv-table": (
        "error",
        "Không nhận ra bảng của tệp CSV qua tên cột. Hãy dùng tên cột như trong tệp mẫu (kinh phí, chỉ số hoặc đề xuất).",
        "The CSV's table cannot be recognised from its headers. Use the template's headers (budget, indicators or requests).",
    ),
    "conflicting-agency-year": (
        "error",
        "Tệp có nhiều đơn vị hoặc năm báo cáo khác nhau ({detail}). Mỗi báo cáo chỉ gồm một đơn vị và một năm.",
        "The file mixes agencies or years ({detail}). One submission is one agency and one year.",
    ),
    # --- warnings ---
    "unknown-indicator": (
        "warning",
        'Mã chỉ số "{value}" chưa có trong danh mục; chỉ số vẫn được lưu và hiển thị trong bảng chung. Nếu gõ nhầm, hãy chọn mã trong danh sách.',
        'Indicator code "{value}" is not in the registry; it is kept and shown in the generic table. If mistyped, pick a code from the list.',
    ),
    "unit-assumed": (
        "warning",
        'Cột "{column_name}" không ghi đơn vị tiền; đã hiểu là triệu đồng. Hãy ghi đơn vị trong tên cột, ví dụ "(triệu đồng)".',
        'Column "{column_name}" has no money unit; read as triệu đồng. Put the unit in the header, e.g. "(triệu đồng)".',
    ),
    "nil-dash": (
        "warning",
        'Ô {cell} ghi "{value}": đã hiểu là 0 (không có). Nếu là chưa báo cáo, hãy để trống ô; nếu có số liệu, hãy ghi số.',
        'Cell {cell} holds "{value}": read as 0 (nil). If the figure is not reported, leave the cell empty; otherwise write the number.',
    ),
    "hidden-content": (
        "warning",
        "Có {what} đang bị ẩn; số liệu trong đó vẫn được đọc như bình thường. Hãy bỏ ẩn và kiểm tra lại nếu không muốn nộp các số liệu này.",
        "Hidden {what}: read like visible ones. Unhide and check them if they should not be submitted.",
    ),
    "ambiguous-number": (
        "warning",
        '"{value}" có thể đọc là {reading} (cách Việt Nam, đã dùng) hoặc {other}; cách đọc kia sẽ làm thay đổi kết quả kiểm tra. Hãy ghi rõ, ví dụ 1.234 hoặc 1,2.',
        '"{value}" reads as {reading} (Vietnamese convention, used) or {other}; the other reading would change a check. Write it unambiguously.',
    ),
    "total-mismatch": (
        "warning",
        "Tổng ghi {stated} khác tổng các dòng {computed}. Hãy kiểm tra lại các dòng hoặc dòng tổng.",
        "The stated total {stated} differs from the sum of the lines {computed}. Check the lines or the total.",
    ),
    "disbursed-zero-after-procurement": (
        "warning",
        "Đã chọn xong nhà thầu ({month}) nhưng giải ngân bằng 0. Hãy kiểm tra lại số giải ngân.",
        "The contractor was selected ({month}) but nothing is disbursed. Check the disbursed amount.",
    ),
    "as-of-after-report-date": (
        "warning",
        "Ngày số liệu {as_of} sau ngày báo cáo {report_date}. Hãy kiểm tra lại ngày.",
        "The as-of date {as_of} is after the report date {report_date}. Check the dates.",
    ),
    "disbursed-not-reported": (
        "warning",
        "Chưa báo cáo số đã giải ngân: lưu là chưa báo cáo (không tính là 0). Nếu đã giải ngân, hãy điền số.",
        "Disbursement not reported: stored as not reported (not as 0). If anything was disbursed, fill it in.",
    ),
    # --- warnings a narrative report adds (extraction) ---
    "report-date-blank": (
        "warning",
        "Ngày báo cáo còn để trống (chỉ có tháng, năm); ngày báo cáo được để trống. Hãy điền đủ ngày nếu cần.",
        "The report date has no day; it is left empty.",
    ),
    "disbursed-wording": (
        "warning",
        'Câu "chưa giải ngân {amount}" khó hiểu; đã đọc là ĐÃ giải ngân {amount}. Hãy kiểm tra lại và sửa thành "đã giải ngân ..." nếu đúng.',
        '"chưa giải ngân {amount}" (not yet disbursed {amount}) is read as disbursed {amount}; please confirm.',
    ),
    "procurement-wording": (
        "warning",
        'Hình thức lựa chọn nhà thầu ghi "{value}" (có thể viết nhầm); đã đọc là chỉ định thầu. Hãy kiểm tra lại.',
        'Procurement written "{value}" (typo?) is read as chỉ định thầu (direct appointment).',
    ),
    "no-budget": (
        "warning",
        "Báo cáo không nêu số liệu kinh phí (giao, giải ngân): để trống, không tính là 0. Nếu có, hãy bổ sung mục kinh phí.",
        "The report gives no budget figures: none stored (not 0).",
    ),
    "indicator-candidates": (
        "warning",
        "Có số liệu chưa thuộc danh mục chỉ số, giữ lại để xem xét: {names}.",
        "Figures not in the indicator registry are kept as candidates: {names}.",
    ),
    "request-no-amount": (
        "warning",
        'Nhiệm vụ đề xuất "{task}" không có nhu cầu kinh phí; đã bỏ qua. Hãy ghi "Nhu cầu kinh phí: ... triệu đồng".',
        'Proposed task "{task}" has no amount; skipped.',
    ),
}

# Cross-checks (extraction and review show each as passed or failed) -> the issue a failure raises.
# A check is named for what must hold, its issue for what went wrong: one check, one issue code.
CHECKS: dict[str, str] = {
    "source-total": "total-mismatch",
    "amount-parts-total": "total-mismatch",  # prose amounts: a total and the parts that follow it
    "disbursed-le-allocated": "disbursed-over-allocated",
    "value-le-out-of": "value-over-out-of",
    "rank-le-count": "value-over-out-of",
    "pct-in-range": "pct-out-of-range",
    "amount-not-negative": "negative-amount",
}

# Fields whose wording depends on the kind of file (a workbook by default; a Word or PDF report passes its own).
_DEFAULT_FIELDS: dict[str, dict[str, Both]] = {
    "unsupported-format": {
        "advice": Both(
            "Hãy mở tệp bằng Excel và chọn Lưu thành (Save As) > Sổ làm việc Excel (.xlsx), hoặc dùng CSV.",
            "Open the file in Excel and Save As > Excel Workbook (.xlsx), or use CSV.",
        ),
        "extra": Both("", ""),
    },
    "unreadable-file": {
        "advice": Both(
            "Hãy mở bằng Excel, lưu lại dạng .xlsx rồi nộp lại.", "Open it in Excel, save it as .xlsx and upload again."
        )
    },
}


def issue(
    code: str, file: str, sheet: str | None = None, row: int | None = None, column: str | None = None, **fields
) -> Issue:
    """The Issue for `code` at a place, its messages filled from `fields` (missing fields shown as '?').

    A field may be a `Both` to word it per language; a KeyError means the code is not in the catalogue.
    """
    severity, vi, en = TEMPLATES[code]
    fields = {**_DEFAULT_FIELDS.get(code, {}), **fields}
    vi_values = _Defaulting({k: v.vi if isinstance(v, Both) else v for k, v in fields.items()})
    en_values = _Defaulting({k: v.en if isinstance(v, Both) else v for k, v in fields.items()})
    return Issue(
        code=code,
        severity=severity,
        file=file,
        sheet=sheet,
        row=row,
        column=column,
        message_vi=vi.format_map(vi_values).strip(),
        message_en=en.format_map(en_values).strip(),
    )


def check_issue(
    check_code: str, file: str, sheet: str | None = None, row: int | None = None, column: str | None = None, **fields
) -> Issue:
    """The Issue a failed cross-check raises (CHECKS), e.g. source-total -> total-mismatch."""
    return issue(CHECKS[check_code], file, sheet, row, column, **fields)


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return "?"
