"""Every Vietnamese word the pages show — titles, labels, column headers, buttons, audit wording — in one place.

Issue messages are not here: loaders/messages.py is their catalogue. tests/test_ui_text.py keeps each name
defined once and used, and Vietnamese literals out of pages/, ui/ and dashboard.py.
"""

from __future__ import annotations

APP_TITLE = "Theo dõi chuyển đổi số"

PAGE_BUDGET = "Kinh phí"

SIDEBAR_YEAR = "Năm báo cáo"
SIDEBAR_PROVINCE = "Tỉnh"
ALL = "Tất cả"

ILLUSTRATIVE_BANNER = (
    "Một phần số liệu đang xem là **dữ liệu mẫu minh hoạ** do chương trình sinh ra để trình diễn, "
    "không phải báo cáo thật của đơn vị nào: {agencies}."
)
SAMPLES_LOADED = (
    "Kho dữ liệu đang trống nên đã nạp dữ liệu mẫu: {n} báo cáo từ thư mục sample_data "
    "(2 báo cáo thật của Ban Dân tộc Quảng Ngãi và Bắc Giang năm 2023, còn lại là mẫu minh hoạ). "
    "Đặt biến môi trường CDS_LOAD_SAMPLES=0 để không nạp."
)
SAMPLES_FAILED = "Không nạp được tệp mẫu {file}: {reason}"
EMPTY_STORE = (
    "Chưa có báo cáo nào trong kho dữ liệu. Hãy nộp báo cáo theo mẫu, hoặc chạy lại ứng dụng "
    "với CDS_LOAD_SAMPLES=1 để nạp dữ liệu mẫu."
)

# Kinh phí page
BUDGET_TITLE = "Kinh phí chuyển đổi số"
BUDGET_CAPTION = "Kinh phí giao và đã giải ngân theo đơn vị, nhiệm vụ và nguồn kinh phí."
METRIC_ALLOCATED = "Tổng kinh phí giao"
METRIC_DISBURSED = "Đã giải ngân"
METRIC_RATE = "Tỷ lệ giải ngân"
METRIC_AGENCIES = "Đơn vị có số liệu kinh phí"
METRIC_DISBURSED_HELP = "Chỉ cộng các dòng đơn vị đã báo cáo số giải ngân; dòng chưa báo cáo không tính là 0."
METRIC_RATE_HELP = "Đã giải ngân chia cho kinh phí giao của các dòng có báo cáo giải ngân."
CHART_BY_AGENCY = "Kinh phí giao và đã giải ngân theo đơn vị (triệu đồng)"
CHART_BY_PROVINCE_HELP = (
    "Cả nước: kinh phí giao và đã giải ngân theo tỉnh, thành phố (triệu đồng). Bấm vào một tỉnh để xem các đơn vị "
    "của tỉnh đó; bảng dưới liệt kê các tỉnh, thành phố."
)
SERIES_ALLOCATED = "Kinh phí giao"
SERIES_DISBURSED = "Đã giải ngân"
SERIES_TARGET = "Dự kiến đến 31/12"
AXIS_MILLION = "triệu đồng"
NO_BUDGET_YEAR = "Năm {year} chưa có đơn vị nào báo cáo số liệu kinh phí."
NOT_REPORTED_AGENCIES = "Đã nộp báo cáo nhưng chưa báo cáo số liệu kinh phí (không tính là 0): {agencies}."
CHOOSE_AGENCY = "Chọn đơn vị để xem các dòng kinh phí"
CHOOSE_AGENCY_PLACEHOLDER = "Gõ tên đơn vị hoặc bấm vào một ô trên biểu đồ"
NO_AGENCY_CHOSEN = (
    "Chưa chọn đơn vị: ở phạm vi cả nước, các dòng kinh phí của một đơn vị hiện ra khi chọn đơn vị ở ô trên, "
    "hoặc chọn một tỉnh (bấm vào cột của tỉnh) rồi chọn đơn vị."
)
AGENCY_LINES = "Các dòng kinh phí của {agency}"
BY_SOURCE = "Theo nguồn kinh phí"
LINE_COUNT = "{n} dòng kinh phí"

COL_AGENCY = "Đơn vị"
COL_SOURCE = "Nguồn kinh phí"
COL_TASK = "Nhiệm vụ"
COL_DECISION = "Văn bản giao"
COL_ALLOCATED = "Kinh phí giao (triệu đồng)"
COL_DISBURSED = "Đã giải ngân (triệu đồng)"
COL_RATE = "Tỷ lệ giải ngân (%)"
COL_EXPECTED = "Dự kiến giải ngân đến 31/12 (%)"
COL_AS_OF = "Ngày số liệu"
COL_PROCUREMENT = "Hình thức lựa chọn nhà thầu"
COL_PROCUREMENT_DONE = "Hoàn thành lựa chọn nhà thầu"
COL_CONTRACTOR = "Đơn vị thực hiện"
COL_NOTE = "Ghi chú"
COL_LINES = "Số dòng"

# --- Leadership views (Tổng quan, Kinh phí extras, Chỉ số, Nền tảng, Kế hoạch, Đơn vị) -----------------------
PAGE_OVERVIEW = "Tổng quan"
PAGE_INDICATORS = "Chỉ số chuyển đổi số"
PAGE_PLATFORMS = "Nền tảng & dịch vụ"
PAGE_PLAN = "Kế hoạch năm sau"
PAGE_AGENCY = "Đơn vị"
SIDEBAR_GROUP = "Nhóm đơn vị"
FILTER_CAPTION = "Năm {year} · {province} · {group}"
ALL_PROVINCES = "tất cả các tỉnh"
ALL_GROUPS = "tất cả các nhóm đơn vị"

# Tổng quan
OVERVIEW_TITLE = "Tổng quan chuyển đổi số"
METRIC_REPORTED = "Đơn vị đã báo cáo / phải báo cáo"
METRIC_REPORTED_HELP = "Phải báo cáo: các đơn vị trong danh sách đơn vị (agencies) được đánh dấu phải báo cáo."
METRIC_REQUESTS = "Tổng đề xuất kinh phí năm sau"
METRIC_BEHIND = "Dòng kinh phí chậm tiến độ 31/12"
METRIC_REQUESTS_HELP = "Tổng kinh phí các đơn vị đề xuất trong báo cáo năm {year} (trang DeXuat)."
DELTA_VS_PREVIOUS = "so với năm {year}"
DELTA_POINTS = "{sign}{value} điểm %"
ATTENTION_TITLE = "Cần chú ý"
ATTENTION_BEHIND = "Dòng kinh phí không kịp giải ngân đến 31/12 ({n})"
ATTENTION_BEHIND_HELP = (
    "Dự báo tuyến tính: số đã giải ngân ÷ số ngày từ 01/01 đến ngày số liệu × số ngày cả năm. "
    "Đánh dấu khi dự báo thấp hơn tỷ lệ dự kiến đến 31/12 × kinh phí giao (bỏ trống tỷ lệ dự kiến được hiểu là 100%)."
)
ATTENTION_NONE_BEHIND = "Không có dòng kinh phí nào chậm so với mục tiêu 31/12."
ATTENTION_NOT_REPORTED = "Đơn vị chưa báo cáo năm {year} ({n})"
ATTENTION_ALL_REPORTED = "Tất cả các đơn vị phải báo cáo đã nộp báo cáo năm {year}."
ATTENTION_WARNINGS = "Báo cáo có cảnh báo khi kiểm tra ({n})"
ATTENTION_NO_WARNINGS = "Không có báo cáo nào có cảnh báo."
ATTENTION_UNREPORTED_LINES = "{n} dòng kinh phí chưa báo cáo số giải ngân (không tính là 0, không dự báo được)."
NO_DATA_YEAR = (
    "Năm {year} chưa có báo cáo nào {scope}. Các đơn vị nộp báo cáo theo mẫu (trang ThongTin, KinhPhi, ChiSo, DeXuat)."
)
COL_PROJECTED_PCT = "Dự báo đến 31/12 (%)"
COL_GAP = "Thiếu so với mục tiêu (triệu đồng)"
COL_GROUP = "Nhóm đơn vị"
COL_AGENCY_CODE = "Mã đơn vị"
COL_FILE = "Tệp"
COL_VERSION = "Phiên bản"
COL_ACTION = "Thao tác"
COL_MESSAGE = "Nội dung"
COL_SHEET = "Trang"
COL_ROW = "Dòng"
COL_COLUMN = "Cột"

# Kinh phí extras
CHART_TREEMAP = "Cơ cấu kinh phí giao: đơn vị → nhiệm vụ"
CHART_TREEMAP_HELP = "Bấm vào một cột hoặc một ô để mở các dòng kinh phí của đơn vị đó."
CHART_PACE = "Tiến độ giải ngân so với mục tiêu 31/12"
SERIES_RATE = "Đã giải ngân (%)"
SERIES_PROJECTED = "Dự báo đến 31/12 (%)"
SERIES_TARGET_PCT = "Mục tiêu đến 31/12 (%)"
AXIS_PCT = "% kinh phí giao"
NOT_REPORTED_LABEL = "chưa báo cáo"
TABLE_NOT_REPORTED_CAPTION = "—: chưa báo cáo (không tính là 0)."
MISSING_REPORTS = "Chưa nộp báo cáo năm {year}: {agencies}."
AGENCY_BEHIND = "Dòng không kịp giải ngân đến 31/12 ({n})"
BEHIND_LINE = (
    "**{source}) {task}**: đã giải ngân {disbursed} / {allocated} ({rate}) đến {as_of}; "
    "dự báo đến 31/12: {projected} ({projected_pct}), mục tiêu {expected}."
)
AGENCY_ON_TRACK = "Các dòng có số giải ngân đều kịp tiến độ đến 31/12."
HOVER_TREEMAP = "Kinh phí giao: {allocated}<br>Đã giải ngân: {disbursed} ({rate})"

# Chỉ số
INDICATORS_TITLE = "Chỉ số chuyển đổi số (DTI)"
INDICATORS_CAPTION = (
    "Các đơn vị được chấm trên thang điểm khác nhau (ví dụ 485 hoặc 1.000 điểm), nên xếp hạng dùng điểm chuẩn hoá "
    "= điểm ÷ điểm tối đa (0–1)."
)
NO_DTI = (
    "Năm {year} chưa có đơn vị nào báo cáo chỉ số DTI — đơn vị điền trang ChiSo, mã dti_score (Giá trị và Trên tổng)."
)
NO_INDICATORS = "Năm {year} chưa có đơn vị nào báo cáo chỉ số — đơn vị điền trang ChiSo của mẫu báo cáo."
CHART_DTI = "Điểm DTI chuẩn hoá (0–1)"
CHART_HEATMAP = "Bản đồ nhiệt: đơn vị × chỉ số (giá trị chuẩn hoá 0–1)"
HEATMAP_HELP = "Ô trống: đơn vị chưa báo cáo chỉ số đó. Chỉ số có tối đa: giá trị ÷ tối đa; chỉ số %: giá trị ÷ 100."
COL_DTI_POINTS = "Điểm DTI"
COL_DTI_MAX = "Điểm tối đa"
COL_DTI_NORM = "Điểm chuẩn hoá (0–1)"
COL_APPLIES = "Năm đánh giá"
COL_RANK = "Hạng chung"
COL_GROUP_RANK = "Hạng trong nhóm"
COL_REPORTED_RANK = "Hạng đơn vị báo cáo"
COL_RANK_CHANGE = "Thay đổi hạng trong nhóm so với năm trước"
RANK_OF = "{rank}/{n}"
RANK_UP = "▲ {n}"
RANK_DOWN = "▼ {n}"
RANK_SAME = "="
HOVER_DTI = "Điểm: {points}<br>Chuẩn hoá: {norm}<br>Hạng trong nhóm: {rank}"

# Nền tảng & dịch vụ
PLATFORMS_TITLE = "Nền tảng số & dịch vụ công trực tuyến"
PLATFORMS_CAPTION = "Mức độ sử dụng nền tảng dùng chung, dịch vụ công trực tuyến, an toàn thông tin và văn bản điện tử."
NO_PLATFORMS = (
    "Năm {year} chưa có đơn vị nào báo cáo các chỉ số nền tảng — đơn vị điền trang ChiSo, mã platforms_used, "
    "online_services, computers_secured, docs_electronic_pct, docs_signed_pct, dx_staff."
)
# Short metric labels (the registry's full names are in the help tooltip and the table headers).
PLATFORM_METRIC_LABELS = {
    "platforms_used": "Nền tảng dùng chung",
    "online_services": "Dịch vụ công trực tuyến",
    "computers_secured": "Máy tính bảo đảm ATTT",
    "docs_electronic_pct": "Văn bản điện tử (TB)",
    "docs_signed_pct": "Văn bản ký số (TB)",
    "dx_staff": "Công chức phụ trách CĐS",
}
TOTAL_RATIO = "{value}/{out_of}"
TOTAL_RATIO_HELP = "{n_complete}/{n} đơn vị đạt đủ; tỷ lệ chung {ratio}."
TOTAL_MEAN_HELP = "Trung bình của {n} đơn vị có báo cáo."
TOTAL_SUM_HELP = "Tổng của {n} đơn vị có báo cáo."
TOTAL_UNIT_PEOPLE = "{value} người"
CHOOSE_PLATFORM_INDICATOR = "Chỉ tiêu trên biểu đồ"
CHART_PLATFORM = "Mức độ đạt theo đơn vị: {name}"
NO_SERVICES_NOTE = "Đơn vị không có thủ tục hành chính: không áp dụng chỉ tiêu dịch vụ công trực tuyến."

# Kế hoạch năm sau
PLAN_TITLE = "Kế hoạch kinh phí năm sau"
PLAN_CAPTION = (
    "Kinh phí đề xuất trong báo cáo năm {year}, đặt cạnh kinh phí giao và tỷ lệ giải ngân năm {year} của cùng đơn vị."
)
NO_REQUESTS = "Báo cáo năm {year} chưa có đề xuất kinh phí nào — đơn vị điền trang DeXuat (Năm, Nhiệm vụ, Nhóm, Kinh phí đề xuất)."
METRIC_REQUESTED = "Tổng kinh phí đề xuất"
METRIC_REQUESTING = "Đơn vị có đề xuất"
METRIC_LOW_ABSORB = "Đơn vị giải ngân dưới {pct}% vẫn đề xuất"
CHART_BY_CATEGORY = "Kinh phí đề xuất theo nhóm nhiệm vụ (triệu đồng)"
CHART_CAPACITY = "Đề xuất năm sau so với kinh phí giao và tỷ lệ giải ngân năm nay"
COL_CATEGORY = "Nhóm"
COL_REQUESTED = "Kinh phí đề xuất (triệu đồng)"
COL_N_REQUESTS = "Số nhiệm vụ"
COL_N_AGENCIES = "Số đơn vị"
COL_REQUEST_VS_ALLOC = "Đề xuất so với kinh phí giao năm nay (%)"
COL_ABSORB = "Khả năng hấp thụ"
COL_REQUEST_YEAR = "Năm đề xuất"
COL_LEGAL_BASIS = "Căn cứ"
COL_OBJECTIVE = "Mục tiêu"
COL_CONTENT = "Nội dung"
COL_SCOPE = "Phạm vi, khối lượng"
COL_IMPLEMENTER = "Đơn vị thực hiện"
ABSORB_LABELS = {
    "low": "Cần xem xét: giải ngân năm nay thấp",
    "ok": "Giải ngân tốt",
    "unknown": "Chưa báo cáo giải ngân",
}
SERIES_REQUESTED = "Đề xuất năm sau"

# Đơn vị
AGENCY_TITLE = "Báo cáo của đơn vị"
CHOOSE_REPORTING_AGENCY = "Chọn đơn vị"
NO_AGENCY_REPORTS = "Năm {year} chưa có đơn vị nào nộp báo cáo {scope}."
AGENCY_HEADER = "{agency} — năm {year}"
AGENCY_META = "Tỉnh {province} · Nhóm: {group} · Ngày báo cáo: {date} · Văn bản yêu cầu: {requested_by}"
SECTION_BUDGET = "Kinh phí"
SECTION_INDICATORS = "Chỉ số"
SECTION_REQUESTS = "Đề xuất kinh phí năm sau"
SECTION_DIFFICULTIES = "Khó khăn, vướng mắc"
SECTION_RECOMMENDATIONS = "Kiến nghị, đề xuất"
SECTION_HISTORY = "Lịch sử nộp báo cáo"
SECTION_WARNINGS = "Cảnh báo khi kiểm tra báo cáo"
AGENCY_NO_BUDGET = "Đơn vị chưa báo cáo số liệu kinh phí năm {year} (trang KinhPhi trống) — không tính là 0."
AGENCY_NO_INDICATORS = "Đơn vị chưa báo cáo chỉ số nào (trang ChiSo)."
AGENCY_NO_REQUESTS = "Đơn vị chưa đề xuất kinh phí năm sau (trang DeXuat)."
AGENCY_NO_DIFFICULTIES = "Đơn vị không nêu mục nào (trang KhoKhan)."
COL_INDICATOR = "Chỉ số"
COL_INDICATOR_CODE = "Mã chỉ số"
COL_VALUE = "Giá trị"
COL_OUT_OF = "Trên tổng"
COL_UNIT = "Đơn vị tính"

# Tải xuống
DOWNLOAD_XLSX = "Tải Excel"
DOWNLOAD_CSV = "Tải CSV"


# --- Nộp báo cáo và Lịch sử phiên bản (pages/upload.py, pages/history.py) ---
PAGE_UPLOAD = "Nộp báo cáo"
PAGE_HISTORY = "Lịch sử phiên bản"
UPLOAD_TITLE = "Nộp báo cáo chuyển đổi số"
UPLOAD_CAPTION = (
    "Nộp báo cáo năm của đơn vị: sổ Excel (.xlsx) theo mẫu, các bảng CSV, hoặc báo cáo văn bản "
    '(.docx, .pdf, .txt). Tệp được kiểm tra trước; chỉ khi bấm "Xác nhận nộp" số liệu mới được lưu.'
)
UPLOAD_TEMPLATE = "Tải mẫu báo cáo (.xlsx)"
UPLOAD_TEMPLATE_HELP = "Sổ Excel trống đúng định dạng: các trang ThongTin, KinhPhi, ChiSo, DeXuat, có hướng dẫn."
UPLOAD_TEMPLATE_MISSING = "Chưa tạo được tệp mẫu lúc này; hãy thử lại sau."
UPLOADER_NAME = "Người nộp"
UPLOADER_NAME_HELP = "Họ tên cán bộ nộp báo cáo; được ghi vào lịch sử phiên bản."
NAME_MISSING = 'Hãy điền ô "{field}" trước khi xác nhận nộp.'
UPLOAD_FILES = "Chọn tệp báo cáo"
# In the uploader's drop zone, in place of Streamlit's English "Upload" and "20MB per file • XLSX, …" (ui/dropzone.py).
DROPZONE_BUTTON = "Chọn tệp"
DROPZONE_LIMITS = "Kéo thả tệp vào đây · tối đa {mb} MB mỗi tệp · {types}"
UPLOAD_FILES_HELP = (
    "Có thể chọn nhiều tệp: mỗi tệp .xlsx là một báo cáo; các bảng CSV của cùng một đơn vị, năm được ghép lại."
)
UPLOAD_READING = "Đang đọc tệp {done}/{total}: {name}"
UPLOAD_READ_DONE = "Đã đọc xong {total} tệp"
DRY_RUN_TITLE = "Kết quả kiểm tra"
DRY_RUN_SUMMARY = "{files} tệp → {subs} báo cáo: {ok} hợp lệ, {bad} có lỗi; {errors} lỗi, {warnings} cảnh báo."
DRY_RUN_CLEAN = "Không có lỗi hay cảnh báo nào."
ISSUES_EN = "Thông báo bằng tiếng Anh (English messages)"
ISSUES_FULL = "Xem đầy đủ từng thông báo"
OUTCOME_TITLE = "Báo cáo: {label}"
OUTCOME_AGENCY = "{agency} — {province}, năm {year} (mã {code})"
OUTCOME_HAS_ERRORS = 'Tệp có lỗi nên chưa thể nộp. Sửa các dòng "Lỗi" trong bảng kiểm tra ở trên rồi chọn lại tệp.'
DIFF_FIRST = "Đây là báo cáo đầu tiên của đơn vị cho năm này: nộp sẽ tạo phiên bản 1."
DIFF_NEXT = "So với phiên bản hiện hành: {added} mục thêm mới, {changed} mục thay đổi, {removed} mục bỏ đi."
DIFF_NONE = "Số liệu không khác phiên bản hiện hành (tệp khác nhưng cùng nội dung)."
DIFF_TOTALS = "Tổng số trước → sau"
DIFF_ITEMS = "Các mục thay đổi"
FIGURE_WARNINGS = "Số liệu cần xem lại"
FIGURE_WARNINGS_HELP = (
    "Mỗi cảnh báo nằm cạnh số liệu đã đọc: đây là điều phần mềm đã giả định (đơn vị tính, dấu gạch ngang là 0, "
    "dòng ẩn…). Nếu chưa đúng, hãy sửa tệp rồi nộp lại."
)
CONFIRM = "Xác nhận nộp"
SAVED_NEW = "Đã lưu: {agency}, năm {year} — phiên bản {version}."
SAVED_SAME = "Tệp này đã được lưu trước đây (phiên bản {version}): không tạo phiên bản mới."
ALREADY_STORED = "Đúng tệp này đã được lưu ở phiên bản {version}: nộp lại sẽ không tạo phiên bản mới."
PAGE_FAILED = (
    "Trang gặp lỗi không lường trước nên chưa hiển thị hết. Hãy tải lại trang hoặc chọn trang khác; "
    "lỗi đã được ghi lại cho quản trị (dữ liệu đã lưu không bị ảnh hưởng)."
)
SAVE_FAILED = "Chưa lưu được báo cáo do lỗi hệ thống; hãy thử lại. Lỗi đã được ghi lại cho quản trị."
REVIEW_TITLE = "Rà soát số liệu trích từ văn bản"
REVIEW_CAPTION = (
    "Chương trình đọc số liệu từ văn bản theo quy tắc, có thể sai. Hãy đối chiếu từng số với câu nguồn "
    '(số được đánh dấu «…»), sửa số sai, bỏ chọn cột "Dùng" với dòng không đúng, thêm dòng còn thiếu. '
    "Số tiền nhập theo triệu đồng; để trống là chưa báo cáo (không tính là 0)."
)
REVIEW_UNREADABLE = "Không đọc được số liệu từ văn bản này; xem thông báo trong bảng kiểm tra ở trên."
REVIEW_HEADER = "Thông tin chung"
REVIEW_LINES = "Kinh phí theo nhiệm vụ"
REVIEW_INDICATORS = "Chỉ số"
REVIEW_REQUESTS = "Đề xuất kinh phí năm sau"
REVIEW_CHECKS = "Kiểm tra chéo (tính lại theo số đã sửa)"
REVIEW_PROBLEMS = "Chưa thể nộp:"
REVIEW_BLOCKED = "Còn kiểm tra chéo bị LỖI: hãy sửa số liệu trước khi nộp."
REVIEW_FULL_SOURCES = "Toàn văn các câu nguồn"
REVIEW_CANDIDATES_NOTE = (
    'Các số liệu ngoài danh mục chỉ số được liệt kê nhưng để bỏ chọn; đánh dấu "Dùng" nếu muốn lưu.'
)
FIELD_AGENCY = "Đơn vị"
FIELD_AGENCY_CODE = "Mã đơn vị"
FIELD_PROVINCE = "Tỉnh"
FIELD_YEAR = "Năm báo cáo"
FIELD_REQUESTED_BY = "Văn bản yêu cầu"
NOT_DETERMINED = "chưa xác định"  # an agency, province or year the extraction did not find (issue 18)
COL_USE = "Dùng"
COL_SOURCE_TEXT = "Nguồn trong văn bản"
COL_SOURCE_LETTER = "Nguồn (a/b/c)"
COL_CODE = "Mã chỉ số"
COL_INDICATOR_NAME = "Tên chỉ số"
COL_APPLIES_YEAR = "Năm áp dụng"
COL_YEAR = "Năm"

HISTORY_TITLE = "Lịch sử phiên bản báo cáo"
HISTORY_CAPTION = (
    "Mọi lần nộp đều được giữ lại. Khôi phục một phiên bản cũ sẽ tạo phiên bản mới giống hệt nó; "
    "không phiên bản nào bị ghi đè hay xoá."
)
HISTORY_AGENCY = "Đơn vị"
HISTORY_YEAR = "Năm báo cáo"
HISTORY_EMPTY = "Chưa có báo cáo nào được nộp."
HISTORY_VERSIONS = "Các phiên bản"
HISTORY_PICK = "Xem phiên bản"
HISTORY_VERSION_LABEL = "Phiên bản {version} — {time} — {by}"
HISTORY_CURRENT = "hiện hành"
HISTORY_DETAIL = "Nội dung phiên bản {version}"
HISTORY_SHA_FULL = "SHA-256 đầy đủ của tệp gốc"
HISTORY_DOWNLOAD = "Tải tệp gốc ({name})"
HISTORY_RESTORE = "Khôi phục phiên bản {version} thành phiên bản mới"
HISTORY_RESTORE_WHO = "Người khôi phục"
HISTORY_RESTORED = "Đã khôi phục: phiên bản {version} mới có nội dung của phiên bản {source}."
HISTORY_IS_CURRENT = "Đây là phiên bản hiện hành."
HISTORY_SOURCES = "Nguồn số liệu trong văn bản"
HISTORY_AUDIT = "Nhật ký thao tác"
HISTORY_NO_LINES = "Phiên bản này không có số liệu ở bảng này."
COL_TIME = "Thời gian"
COL_UPLOADER = "Người nộp"
COL_SHA_SHORT = "SHA-256"
COL_SHA_HELP = "12 ký tự đầu của mã SHA-256 của tệp gốc; mã đầy đủ ở phần Nội dung phiên bản bên dưới."
COL_WARNINGS = "Cảnh báo"
COL_ACTOR = "Người thực hiện"
COL_DETAIL = "Chi tiết"
COL_FIELD = "Số liệu"
ACTION_VI = {"upload": "nộp", "restore": "khôi phục", "agencies": "cập nhật danh mục đơn vị"}
VERSION_RESTORED_FROM = "khôi phục từ phiên bản {source}"
HISTORY_AUDIT_ALL = "Toàn bộ nhật ký (200 thao tác gần nhất)"
# Audit-log details: the store keeps facts (JSON), these sentences word them.
AUDIT_UPLOAD = "phiên bản {version}: {file} ({size} byte, SHA-256 {sha}…)"
AUDIT_RESTORE = "phiên bản {version} khôi phục từ phiên bản {source} (mã lưu trữ {submission_id})"
AUDIT_AGENCIES = "cập nhật {n} đơn vị trong danh mục"
AUDIT_SYSTEM_ACTOR = "hệ thống"

# Provenance on the Đơn vị page
SECTION_SOURCES = "Nguồn số liệu trong văn bản báo cáo"
SOURCES_HELP = "Báo cáo này được trích từ văn bản (.docx, .pdf, .txt): mỗi số liệu kèm câu gốc, số nằm giữa «…»."

# Charts at national scale
CHART_TOP_N = "Biểu đồ chỉ vẽ {shown} trên {total} đơn vị ({which}); bảng bên dưới và tệp tải về có đủ {total} đơn vị. Chọn một tỉnh để xem riêng."
TOP_BY_ALLOCATION = "kinh phí giao lớn nhất"
TOP_BY_PACE = "chậm nhất so với mục tiêu 31/12"
TOP_BY_DTI = "điểm chuẩn hoá cao nhất"
TABLE_ROWS_SHOWN = "Đang hiển thị {shown} trên {total} dòng; tải Excel hoặc CSV để có đủ."

# Small units and shared words
PREPARING_DATA = "Đang chuẩn bị dữ liệu…"
SAMPLES_UNREADABLE = "không đọc được"
N_AGENCIES = "{n} đơn vị"
N_LINES = "{n} dòng"
DELTA_AGENCIES = "{sign}{n} đơn vị"
BANNER_MORE = "{listed} và {n} đơn vị khác"
YES = "có"
# The report's own section kinds (domain.Difficulty.kind) -> the Đơn vị page's headings.
DIFFICULTY_SECTIONS = {"khó khăn": SECTION_DIFFICULTIES, "kiến nghị": SECTION_RECOMMENDATIONS}

# Provenance (Đơn vị, Lịch sử phiên bản): which figure, page, the sentence
COL_PAGE = "Trang"
COL_EDITED = "Đã sửa khi rà soát"
COL_QUOTE = "Câu nguồn"
COL_SOURCE_TEXT_HELP = "Câu trong văn bản mà số liệu được đọc ra; số được đánh dấu «…»."

# Dry run issues (Nộp báo cáo)
COL_LEVEL = "Mức"
COL_WORKSHEET = "Trang tính"
COL_SHORT_CODE = "Mã"
COL_NOTICE = "Thông báo"
LEVEL_ERROR = "Lỗi"
LEVEL_WARNING = "Cảnh báo"
ISSUE_LINE = "{level} — {place}: {message}"
ISSUE_AT_ROW = "dòng {row}"
ISSUE_AT_COLUMN = "cột {column}"

# Diff against the current version (Nộp báo cáo)
COL_DIFF_TABLE = "Bảng"
COL_CHANGE = "Thay đổi"
COL_ITEM = "Mục"
COL_FIGURE_READ = "Số liệu đã đọc"
COL_FIELD_NAME = "Trường"
COL_BEFORE = "Trước"
COL_AFTER = "Sau"
COL_MEASURE = "Chỉ tiêu"
COL_DELTA = "Chênh lệch"
DIFF_KIND_LABELS = {"budget_lines": "Kinh phí", "indicators": "Chỉ số", "requests": "Đề xuất"}
DIFF_STATUS_LABELS = {"added": "Thêm mới", "changed": "Thay đổi", "removed": "Bỏ đi"}
DIFF_LINE_SUMMARY = "{source}) giao {allocated}, giải ngân {disbursed}"
DIFF_FIELD_LABELS = {
    "funding_source": "Nguồn kinh phí",
    "task": "Nhiệm vụ",
    "allocated_vnd": "Kinh phí giao (triệu đồng)",
    "disbursed_vnd": "Đã giải ngân (triệu đồng)",
    "decision_ref": "Văn bản giao",
    "as_of": "Ngày số liệu",
    "expected_pct": "Dự kiến giải ngân (%)",
    "procurement": "Hình thức lựa chọn nhà thầu",
    "procurement_done": "Hoàn thành lựa chọn nhà thầu",
    "contractor": "Đơn vị thực hiện",
    "note": "Ghi chú",
    "extra": "Cột khác",
    "code": "Mã chỉ số",
    "value": "Giá trị",
    "out_of": "Trên tổng",
    "name": "Tên chỉ số",
    "applies_to_year": "Năm áp dụng",
    "year": "Năm",
    "amount_vnd": "Kinh phí đề xuất (triệu đồng)",
    "category": "Nhóm",
    "legal_basis": "Căn cứ",
    "objective": "Mục tiêu",
    "content": "Nội dung",
    "scope": "Phạm vi, khối lượng",
    "implementer": "Đơn vị thực hiện",
}
TOTAL_REQUESTED_NEXT = "Kinh phí đề xuất năm sau"
TOTAL_N_LINES = "Số dòng kinh phí"
TOTAL_N_INDICATORS = "Số chỉ số"
TOTAL_N_REQUESTS = "Số đề xuất"

# A version's content (Lịch sử phiên bản)
COL_EXPECTED_SHORT = "Dự kiến giải ngân (%)"
TAB_REQUESTS = "Đề xuất"

# --- issue 16 ---
# Báo cáo tổng hợp: the Sở's consolidated Word report and workbook
PAGE_REPORT = "Báo cáo tổng hợp"
REPORT_TITLE = "Báo cáo tổng hợp của Sở"
REPORT_CAPTION = (
    "Lập báo cáo Word theo thể thức Nghị định 30/2020/NĐ-CP và bảng tính cùng phạm vi, từ số liệu các đơn vị "
    "đã báo cáo: không phải chép tay từ bảng điều khiển."
)
REPORT_SCOPE = "Phạm vi"
REPORT_SCOPE_PROVINCE = "Toàn tỉnh"
REPORT_SCOPE_AGENCY = "Một đơn vị"
REPORT_AGENCY = "Đơn vị"
REPORT_VIEW = "Số liệu"
REPORT_VIEW_CURRENT = "Bản hiện hành"
REPORT_VIEW_APPROVED = "Chỉ bản đã duyệt"
REPORT_VIEW_STATED = "Phạm vi: {scope} · năm {year} · số liệu: {view}. Báo cáo ghi rõ cách xem này."
REPORT_BY_SOURCE = "Kinh phí theo nguồn"
REPORT_BY_AGENCY = "Kinh phí theo đơn vị"
REPORT_REQUESTS = "Đề xuất kinh phí năm sau"
REPORT_DOWNLOAD_DOCX = "Tải báo cáo Word (.docx)"
REPORT_DOWNLOAD_XLSX = "Tải bảng tính (.xlsx)"
REPORT_METRIC_REQUESTED = "Kinh phí đề xuất năm sau"
REPORT_FILE_STEM = "bao-cao-tong-hop"
REPORT_ILLUSTRATIVE_STEM = "minh-hoa"
# --- issue 15 ---
# Two views of a comparison across the 2025 reorganisation (Nghị quyết 202/2025/QH15).
VIEW_LABELS = {
    "as_reported": "Như đã báo cáo",
    "restated": "Quy đổi theo đơn vị hiện nay",
}
VIEW_CAPTIONS = {
    "as_reported": (
        "Cách tính: như đã báo cáo — mỗi số liệu nằm dưới tỉnh đã báo cáo nó, theo địa giới tại thời điểm báo cáo."
    ),
    "restated": (
        "Cách tính: quy đổi theo đơn vị hiện nay — số liệu của các tỉnh đã sắp xếp (Nghị quyết 202/2025/QH15, "
        "từ 01/07/2025) được cộng vào tỉnh kế tục: tiền, số lượng và x/y cộng dồn; điểm chỉ số lấy trung bình "
        "như DTI tính cho tỉnh sau sắp xếp; thứ hạng không quy đổi."
    ),
}
MERGER_TITLE = "So sánh qua sắp xếp đơn vị hành chính năm 2025"
MERGER_EMPTY = "Chưa có số liệu kinh phí để so sánh giữa các năm."
MERGER_FORMERS = "{today} hiện nay gồm số liệu của: {formers}."
COL_VIEW = "Cách tính"
COL_PROVINCE = "Tỉnh, thành phố"
COL_N_AGENCIES_REPORTED = "Số đơn vị có số liệu"
COL_ALLOCATED_MONEY = "Kinh phí giao"
COL_DISBURSED_MONEY = "Đã giải ngân"
# Sidebar: today's provinces with former ones under them, and the view switch (issue 15, items 1-2)
FORMER_PROVINCE = "↳ {name} (cũ, đến {until})"
SIDEBAR_VIEW = "Cách tính qua sắp xếp 01/07/2025"
SIDEBAR_VIEW_HELP = (
    "Như đã báo cáo: mỗi số liệu thuộc tỉnh đã báo cáo nó. Quy đổi theo đơn vị hiện nay: số liệu của các tỉnh đã "
    "sắp xếp (Nghị quyết 202/2025/QH15) được tính vào tỉnh hiện nay. Mặc định là quy đổi khi có số liệu năm 2025 "
    "trở về trước (so sánh vượt qua ngày 01/07/2025), còn lại là như đã báo cáo."
)
FILTER_VIEW_SUFFIX = " · số liệu {view}"
VIEW_SHORT = {
    "as_reported": "Số liệu như đã báo cáo (theo tỉnh tại thời điểm báo cáo).",
    "restated": "Số liệu quy đổi theo đơn vị hiện nay (các tỉnh cũ tính vào tỉnh kế tục, Nghị quyết 202/2025/QH15).",
}
VIEW_FILE_SUFFIX = {"as_reported": "nhu-da-bao-cao", "restated": "quy-doi-don-vi-hien-nay"}
YOY_VIEW = {
    "as_reported": "Thay đổi so với năm {year}: số liệu như đã báo cáo, mỗi năm theo tỉnh tại thời điểm báo cáo.",
    "restated": (
        "Thay đổi so với năm {year}: số liệu quy đổi theo đơn vị hiện nay — năm trước và năm nay cùng tính các tỉnh "
        "cũ vào tỉnh kế tục (Nghị quyết 202/2025/QH15, từ 01/07/2025), nên so sánh được qua sắp xếp."
    ),
}
RANK_NOT_RESTATED = (
    "Thứ hạng không quy đổi: cột «Hạng đơn vị báo cáo» giữ nguyên như đã báo cáo (xếp trong nhóm đơn vị của tỉnh và "
    "năm đó). Hạng trong nhóm và thay đổi hạng được tính trên các đơn vị đang hiển thị."
)
# Nộp báo cáo: filing a report under the successor, and the agency list (issue 15, items 2-3)
FILE_UNDER_SUCCESSOR = "Nộp vào đơn vị kế tục: {filed}"
FILE_UNDER_SUCCESSOR_HELP = (
    "Báo cáo năm 2025 trở đi ghi một tỉnh đã sắp xếp hoặc một cơ quan không còn: chọn để lưu phiên bản này dưới "
    "tỉnh (và cơ quan, nếu sổ đăng ký ghi đơn vị kế tục) hiện nay. Tệp gốc và cách ghi ban đầu được giữ trong "
    "cảnh báo của phiên bản và nhật ký; các phiên bản đã lưu không bị sửa."
)
FILED_AS = "Sẽ lưu là: {filed} (báo cáo ghi: {written})."
AUDIT_FILED = " Nộp vào đơn vị kế tục: báo cáo ghi «{written}», lưu là «{filed}»."
AGENCY_LIST_TITLE = "Danh sách đơn vị báo cáo (theo đơn vị hiện nay)"
AGENCY_LIST_HELP = (
    "Đơn vị hiện nay theo tỉnh, thành phố hiện nay; dưới mỗi đơn vị là đơn vị cũ đã nhập vào nó. Đơn vị cũ không "
    "có đơn vị kế tục (UBND cấp huyện) và đơn vị của tỉnh cũ đứng cuối nhóm của tỉnh hiện nay."
)
FORMER_AGENCY = "↳ {name} (cũ, đến {until})"
FORMER_AGENCY_OF_PROVINCE = "↳ {name} ({province} cũ, đến {until})"
COL_PROVINCE_TODAY = "Tỉnh, thành phố hiện nay"
FILTER_HOLDS = " (hiện nay, gồm cả {names} cũ)"
# --- issue 13/14 ---
# Sign-in, roles and scope (ui/auth.py)
ROLE_VI = {
    "don_vi": "Cán bộ đơn vị",
    "chuyen_vien": "Chuyên viên Sở",
    "lanh_dao": "Lãnh đạo",
    "quan_tri": "Quản trị hệ thống",
    "mo": "Chế độ mở (một người dùng)",
}
OPEN_MODE_BANNER = (
    "Chế độ mở: chưa có tài khoản nào nên ai mở được trang này cũng xem và nộp được mọi báo cáo. "
    "Để bật đăng nhập, tạo tài khoản đầu tiên: `python -m admin user add TEN --role quan_tri --password-stdin` "
    "(xem README, mục Đăng nhập)."
)
SIGN_IN_TITLE = "Đăng nhập"
SIGN_IN_CAPTION = (
    "Hệ thống theo dõi kinh phí chuyển đổi số chỉ mở cho tài khoản được cấp. Hãy đăng nhập để xem số liệu."
)
SIGN_IN_LOGIN = "Tên đăng nhập"
SIGN_IN_PASSWORD = "Mật khẩu"
SIGN_IN_SUBMIT = "Đăng nhập"
SIGN_IN_WRONG = "Sai tên đăng nhập hoặc mật khẩu. Sau 10 lần sai liên tiếp tài khoản bị tạm khoá."
SIGN_IN_LOCKED = "Tài khoản đang tạm khoá vì nhập sai mật khẩu nhiều lần, đến {until}. Hãy thử lại sau hoặc liên hệ quản trị hệ thống."
SIGN_IN_EMPTY = "Hãy nhập tên đăng nhập và mật khẩu."
SIGN_IN_SSO = "Đăng nhập bằng tài khoản một cửa (SSO)"
SIGN_IN_SSO_HELP = "Dùng tài khoản do tỉnh cấp (đăng nhập một lần, OpenID Connect)."
SESSION_EXPIRED = "Phiên làm việc đã hết hạn sau {minutes} phút không thao tác. Hãy đăng nhập lại."
SIGNED_OUT = "Đã đăng xuất."
SIGN_OUT = "Đăng xuất"
SIDEBAR_USER = "**{name}** · {role}"
SIDEBAR_SCOPE_AGENCY = "Phạm vi: đơn vị {agency}"
SIDEBAR_SCOPE_PROVINCE = "Phạm vi: {province}"
SIDEBAR_SCOPE_COUNTRY = "Phạm vi: toàn quốc"
AGENCY_SCOPE_NOTICE = "Tài khoản đơn vị: mọi trang chỉ hiện số liệu của {agency} ({code})."
NOT_AUTHORISED_TITLE = "Tài khoản chưa được cấp quyền"
NOT_AUTHORISED = (
    "Bạn đã đăng nhập với địa chỉ {email}, nhưng địa chỉ này chưa được cấp quyền trong hệ thống. "
    "Hãy đề nghị quản trị hệ thống tạo tài khoản (`python -m admin user add … --email {email}`) rồi đăng nhập lại."
)
NOT_AUTHORISED_NO_EMAIL = "(không có địa chỉ thư điện tử)"
CHANGE_PASSWORD_TITLE = "Đổi mật khẩu"
CHANGE_PASSWORD_CAPTION = (
    "Mật khẩu của bạn vừa được quản trị đặt lại. Hãy đặt mật khẩu mới (ít nhất {minimum} ký tự) trước khi tiếp tục."
)
CHANGE_PASSWORD_NEW = "Mật khẩu mới"
CHANGE_PASSWORD_AGAIN = "Nhập lại mật khẩu mới"
CHANGE_PASSWORD_SUBMIT = "Đổi mật khẩu"
CHANGE_PASSWORD_MISMATCH = "Hai lần nhập mật khẩu mới không giống nhau."
CHANGE_PASSWORD_SHORT = "Mật khẩu mới cần ít nhất {minimum} ký tự."
CHANGE_PASSWORD_DONE = "Đã đổi mật khẩu."
FORBIDDEN = "Tài khoản {name} ({role}) không có quyền với báo cáo của đơn vị {agency}: chỉ được nộp, xem và khôi phục báo cáo trong phạm vi của mình."
UPLOADER_SIGNED_IN = "Người nộp: **{name}** ({login}) — tài khoản đang đăng nhập"
UPLOAD_READ_ONLY = "Tài khoản lãnh đạo chỉ xem số liệu, không nộp báo cáo."
HISTORY_RESTORE_AS = "Khôi phục với tư cách {name} ({login})"
HISTORY_RESTORE_NOT_ALLOWED = "Chỉ chuyên viên Sở được khôi phục phiên bản cũ."
ACTION_VI_ACCOUNTS = {
    "sign-in": "đăng nhập",
    "sign-in-failed": "đăng nhập sai",
    "sign-in-locked": "đăng nhập khi đang bị khoá",
    "lockout": "khoá tài khoản",
    "sign-out": "đăng xuất",
    "session-expired": "hết phiên",
    "sso-refused": "SSO chưa được cấp quyền",
    "user-add": "tạo tài khoản",
    "user-disable": "khoá hẳn tài khoản",
    "user-reset-password": "đặt lại mật khẩu",
    "password-change": "đổi mật khẩu",
}
AUDIT_ACCOUNT = "tài khoản {login}"
AUDIT_ATTEMPT = "lần sai thứ {n}"
AUDIT_UNTIL = "khoá đến {until}"
AUDIT_REASON_VI = {"unknown-login": "không có tài khoản này", "disabled": "tài khoản đã bị khoá hẳn"}
AUDIT_METHOD_SSO = "qua SSO ({email})"
# The reporting cycle (pages/cycle.py, ui/cycle_view.py)
PAGE_CYCLE = "Tình hình nộp báo cáo"
CYCLE_TITLE = "Tình hình nộp báo cáo"
CYCLE_CAPTION = "Ai đã nộp, đúng hạn hay trễ, chờ duyệt, bị trả lại."
STATE_VI = {"chua_nop": "Chưa nộp", "da_nop": "Đã nộp, chờ duyệt", "tra_lai": "Bị trả lại", "da_duyet": "Đã duyệt"}
PERIOD_LINE = "Kỳ báo cáo theo Công văn số **{ref}** · hạn nộp **{deadline}**{lock}"
PERIOD_LOCK = " · khoá sổ sau hạn {days} ngày ({date})"
NO_PERIOD = "Năm {year} chưa có kỳ báo cáo (công văn và hạn nộp), nên chưa tính được đúng hạn hay trễ."
PERIOD_FORM = "Mở kỳ báo cáo năm {year}"
PERIOD_REF = "Số, ký hiệu và ngày công văn"
PERIOD_REF_HELP = "Ví dụ: 1234/STTTT-CĐS ngày 15/11/2023"
PERIOD_DEADLINE = "Hạn nộp"
PERIOD_LOCK_DAYS = "Khoá sổ sau hạn (ngày; 0 = không khoá)"
PERIOD_SUBMIT = "Mở kỳ báo cáo"
PERIOD_DONE = "Đã mở kỳ báo cáo năm {year}."
EXTEND_FORM = "Gia hạn nộp cho một đơn vị"
EXTEND_AGENCY = "Đơn vị được gia hạn"
EXTEND_DEADLINE = "Hạn nộp mới"
EXTEND_SUBMIT = "Gia hạn"
EXTEND_DONE = "Đã gia hạn nộp báo cáo cho {agency} đến ngày {deadline}."
METRIC_LATE = "Nộp trễ hạn"
N_REPORTS = "{n} đơn vị"
CHART_RECEIVED = "Số báo cáo nhận được theo ngày (lần nộp đầu tiên)"
CHART_RECEIVED_AXIS = "số đơn vị đã nộp"
CHART_DEADLINE = "hạn nộp {deadline}"
CHART_NO_RECEIVED = "Chưa đơn vị nào nộp báo cáo năm này."
CYCLE_TABLE = "Từng đơn vị"
NOT_REPORTED_TITLE = "Đơn vị chưa nộp báo cáo ({n})"
NOT_REPORTED_NONE = "Mọi đơn vị phải báo cáo đã nộp."
REMIND = "Gửi thư nhắc {n} đơn vị chưa nộp"
REMIND_HELP = "Gửi thư điện tử (tiếng Việt, dẫn công văn và hạn nộp) chỉ tới các đơn vị chưa nộp có địa chỉ thư."
REMIND_DONE = "Đã gửi {n} thư nhắc."
REMIND_NO_ADDRESS = "Không có địa chỉ thư của: {agencies}."
REMIND_FAILED = "Không gửi được thư ({reason}). Hãy kiểm tra cấu hình máy chủ thư (CDS_SMTP_HOST…)."
REMIND_NOT_CONFIGURED = "Chưa cấu hình máy chủ thư (CDS_SMTP_HOST, CDS_SMTP_FROM) nên chưa gửi thư nhắc được; tải danh sách ở trên để gửi thủ công."
REMIND_NEEDS_PERIOD = "Cần mở kỳ báo cáo (công văn, hạn nộp) trước khi gửi thư nhắc."
AGENCIES_EDITOR = "Danh sách đơn vị phải báo cáo"
AGENCIES_EDITOR_HELP = (
    "Sửa trực tiếp trong bảng hoặc thêm dòng mới ở cuối bảng, rồi bấm «Lưu danh sách đơn vị». Thư điện tử là nơi "
    "nhận thư nhắc nộp báo cáo. Đổi mã của một dòng có sẵn là thêm một đơn vị mới. Cả danh sách có thể nhập từ tệp "
    "CSV bằng lệnh `python -m admin agencies import`."
)
AGENCY_COL_NAME = "Tên đơn vị"
AGENCY_COL_EXPECTED = "Phải báo cáo"
AGENCY_EMAIL_HELP = "Nơi nhận thư nhắc nộp báo cáo; để trống thì giữ địa chỉ đã lưu."
AGENCY_PROVINCE_HELP = "Để trống ở dòng mới: lấy tỉnh đang chọn hoặc tỉnh của tài khoản."
AGENCIES_SAVE = "Lưu danh sách đơn vị"
AGENCIES_SAVED = "Đã lưu danh sách đơn vị: {n} đơn vị được thêm hoặc cập nhật."
AGENCIES_UNCHANGED = "Danh sách không có thay đổi nào để lưu."
AGENCIES_INVALID = "Chưa lưu: danh sách có {n} lỗi. Hãy sửa các ô dưới đây rồi lưu lại."
AGENCIES_ISSUE = "Dòng {row}, cột «{column}»: {message}"
AGENCIES_FORBIDDEN = "Chưa lưu: tài khoản {name} không được sửa đơn vị {agency} (ngoài phạm vi của mình)."
AGENCIES_FILE = "bảng đơn vị"
ACTIONS_TITLE = "Duyệt, trả lại, mở lại"
ACTIONS_AGENCY = "Báo cáo của đơn vị"
ACTIONS_REASON = "Lý do (bắt buộc khi trả lại hoặc mở lại; đơn vị sẽ thấy)"
ACTION_APPROVE = "Duyệt"
ACTION_RETURN = "Trả lại"
ACTION_REOPEN = "Mở lại"
ACTION_DONE = "{agency}: {state}."
ACTION_REASON_REQUIRED = "Hãy nêu lý do trước khi trả lại hoặc mở lại báo cáo."
ACTION_NOT_NOW = "Không thể thực hiện: báo cáo đang ở trạng thái «{state}»."
OWN_STATE = "Báo cáo năm {year} của đơn vị: **{state}**"
OWN_DEADLINE = "Hạn nộp: {deadline}. {timing}"
OWN_ON_TIME = "Đã nộp đúng hạn."
OWN_LATE = "Nộp trễ {days} ngày."
OWN_NOT_YET = "Chưa nộp."
OWN_RETURNED = "Lý do trả lại (phiên bản {version}): {reason}"
OWN_TODO = {
    "chua_nop": "Việc cần làm: tải mẫu báo cáo ở trang «Nộp báo cáo», điền số liệu và nộp trước hạn.",
    "da_nop": "Việc cần làm: chờ Sở xem xét; có thể nộp bản sửa (mỗi lần nộp là một phiên bản mới).",
    "tra_lai": "Việc cần làm: sửa theo lý do trên rồi nộp lại ở trang «Nộp báo cáo»; các phiên bản cũ vẫn được lưu.",
    "da_duyet": "Báo cáo đã được duyệt và khoá. Muốn sửa, hãy đề nghị chuyên viên Sở mở lại.",
}
COL_STATE = "Trạng thái"
COL_TIMELY = "Đúng hạn"
COL_DAYS_LATE = "Số ngày trễ"
COL_DEADLINE = "Hạn nộp"
COL_FIRST = "Nộp lần đầu"
COL_LAST = "Nộp gần nhất"
COL_CURRENT_VERSION = "Phiên bản hiện tại"
COL_WAITING = "Chờ duyệt từ"
COL_REASON = "Lý do trả lại"
COL_EMAIL = "Thư điện tử liên hệ"
TIMELY_YES = "đúng hạn"
TIMELY_NO = "trễ hạn"
APPROVED_ONLY = "Chỉ số liệu đã duyệt"
APPROVED_ONLY_HELP = (
    "Bật: chỉ tính các báo cáo đã được Sở duyệt. Tắt: phiên bản mới nhất của mỗi báo cáo, kể cả chưa duyệt."
)
FIGURES_APPROVED = "Số liệu: chỉ các báo cáo đã duyệt."
FIGURES_UNAPPROVED = "Số liệu: phiên bản mới nhất của mỗi báo cáo; {n} báo cáo chưa được duyệt: {agencies}."
EXPORT_APPROVED = "da-duyet"
EXPORT_CURRENT = "phien-ban-moi-nhat"
ACTION_VI_CYCLE = {
    "approve": "duyệt",
    "return": "trả lại",
    "reopen": "mở lại",
    "period-add": "mở kỳ báo cáo",
    "extension": "gia hạn",
    "reminder": "gửi thư nhắc",
}
AUDIT_TRANSITION = "phiên bản {version}"
AUDIT_REASON = "lý do: {reason}"
AUDIT_PERIOD = "Công văn {ref}, hạn {deadline}"
AUDIT_REMINDER = "Thư nhắc gửi tới {to} (công văn {ref})"
UPLOAD_LOCKED = "Báo cáo năm {year} của đơn vị đang khoá ({why}): không nhận phiên bản mới. Hãy đề nghị chuyên viên Sở mở lại (kèm lý do) rồi nộp lại."
UPLOAD_LOCKED_APPROVED = "đã được duyệt"
UPLOAD_LOCKED_DATE = "đã quá hạn khoá sổ của kỳ báo cáo"
# Tài khoản: accounts managed by administrators (pages/users.py, ui/users.py)
PAGE_USERS = "Tài khoản"
USERS_CAPTION = (
    "Tài khoản đăng nhập trong phạm vi của bạn. Mọi thay đổi được ghi vào nhật ký (trang Lịch sử phiên bản) "
    "với tên của bạn. Mật khẩu chỉ lưu dạng băm, không bao giờ hiện ở đây."
)
USERS_NOT_ALLOWED = "Tài khoản này không có quyền quản lý tài khoản: trang này chỉ dành cho quản trị hệ thống."
USERS_COLUMNS = {
    "login": "Tên đăng nhập",
    "name": "Họ tên",
    "role": "Vai trò",
    "scope": "Phạm vi",
    "email": "Thư điện tử",
    "state": "Trạng thái",
    "must_change_password": "Phải đổi mật khẩu",
}
USERS_SCOPE_AGENCY = "đơn vị {code}"
USERS_SCOPE_COUNTRY = "toàn quốc"
USERS_STATE_ACTIVE = "đang dùng"
USERS_STATE_DISABLED = "đã khoá hẳn"
USERS_STATE_LOCKED = "tạm khoá đến {until}"
USERS_ADD_HEADER = "Thêm tài khoản"
USERS_ROLE = "Vai trò"
USERS_FIELD_LOGIN = "Tên đăng nhập (không dấu cách, tối đa {maximum} ký tự)"
USERS_FIELD_NAME = "Họ tên hiển thị"
USERS_FIELD_EMAIL = "Thư điện tử (để đăng nhập SSO; không bắt buộc)"
USERS_FIELD_AGENCY = "Mã đơn vị (trong danh mục đơn vị, ví dụ QNG-BDT)"
USERS_FIELD_PROVINCE = "Phạm vi: tỉnh, hoặc toàn quốc"
USERS_FIELD_PASSWORD = "Mật khẩu ban đầu (ít nhất {minimum} ký tự)"
USERS_FIELD_PASSWORD_AGAIN = "Nhập lại mật khẩu ban đầu"
USERS_ADD_SUBMIT = "Tạo tài khoản"
USERS_PASSWORD_MISMATCH = "Hai lần nhập mật khẩu không giống nhau."
USERS_ADDED = "Đã tạo tài khoản {login} ({role}, phạm vi {scope})."
USERS_DISABLE_HEADER = "Khoá hẳn tài khoản"
USERS_PICK = "Tài khoản"
USERS_DISABLE_SUBMIT = "Khoá hẳn"
USERS_DISABLED = "Đã khoá hẳn tài khoản {login}: tài khoản này không đăng nhập được nữa."
USERS_NONE_TO_PICK = "Không có tài khoản nào khác để chọn."
USERS_RESET_HEADER = "Đặt lại mật khẩu"
USERS_RESET_PASSWORD = "Mật khẩu tạm (để trống: hệ thống tự sinh; nếu nhập, ít nhất {minimum} ký tự)"
USERS_RESET_SUBMIT = "Đặt lại mật khẩu"
USERS_RESET_DONE = "Đã đặt lại mật khẩu của tài khoản {login}; tài khoản được mở khoá nếu đang tạm khoá."
USERS_RESET_SHOWN_ONCE = (
    "Mật khẩu tạm dưới đây chỉ hiện một lần này: hãy trao trực tiếp cho người dùng. "
    "Người dùng phải đổi mật khẩu khi đăng nhập lần tới."
)
USERS_RESET_TYPED = "Người dùng phải đổi mật khẩu khi đăng nhập lần tới."
USERS_FORBIDDEN = "Không có quyền: chỉ quản trị hệ thống quản lý tài khoản, và chỉ tài khoản trong phạm vi của mình."
# store.accounts.AccountError code -> message; the facts fill the fields (tests/test_users_page.py checks the codes).
ACCOUNT_ERRORS = {
    "bad-login": "Tên đăng nhập «{login}» không hợp lệ (không để trống, không có dấu cách, tối đa 64 ký tự).",
    "unknown-role": "Vai trò «{role}» không có.",
    "agency-required": "Tài khoản cán bộ đơn vị cần mã đơn vị.",
    "agency-only-for-staff": "Chỉ tài khoản cán bộ đơn vị gắn với một đơn vị; vai trò khác chọn tỉnh hoặc toàn quốc.",
    "unknown-agency": "Mã đơn vị «{agency}» không có trong danh mục đơn vị.",
    "duplicate-login": "Tên đăng nhập «{login}» đã có.",
    "unknown-user": "Không có tài khoản «{login}».",
    "password-too-short": "Mật khẩu cần ít nhất {minimum} ký tự.",
    "self-disable": "Không thể tự khoá tài khoản của chính mình.",
}
