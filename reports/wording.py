"""The report's own words outside the template: table headers, view names, issuer names, error messages.

The sentences around the figures live in templates/bao-cao-tong-hop.docx (the Sở edits them in Word);
what is here is shared by the Word report and the workbook, or chosen by the data (view, issuer, errors).
"""

from __future__ import annotations

NOT_REPORTED = "chưa báo cáo"  # a figure the agency did not give: never 0 (submission format §2)

VIEW_CURRENT = "bản hiện hành"
VIEW_APPROVED = "chỉ bản đã duyệt"
VIEW_CURRENT_NOTE = "số liệu bản hiện hành (bản nộp mới nhất) của mỗi đơn vị, như đơn vị báo cáo"
VIEW_APPROVED_NOTE = "chỉ số liệu các bản báo cáo đã được duyệt, như đơn vị báo cáo"

# Sở Thông tin và Truyền thông merged into Sở Khoa học và Công nghệ on 1/3/2025 (Nghị quyết 176/2025/QH15 era).
# (heading, number suffix, in a sentence, the ministry it reports to)
ISSUER_BEFORE_2025 = (
    "SỞ THÔNG TIN VÀ\nTRUYỀN THÔNG",  # broken where an official would, not where the column ends
    "STTTT",
    "Sở Thông tin và Truyền thông",
    "Bộ Thông tin và Truyền thông",
)
ISSUER_FROM_2025 = ("SỞ KHOA HỌC VÀ\nCÔNG NGHỆ", "SKHCN", "Sở Khoa học và Công nghệ", "Bộ Khoa học và Công nghệ")
PROVINCE_PREFIXES = ("Tỉnh ", "tỉnh ", "Thành phố ", "thành phố ", "TP ")
ALL_PROVINCES = "tất cả các tỉnh trong kho dữ liệu"
UNKNOWN_PLACE = "……"
PROVINCE_SCOPE = "{province}"
AGENCY_SCOPE = "{agency} ({province})"
ILLUSTRATIVE_NOTE = (
    "Số liệu của các đơn vị sau là DỮ LIỆU MẪU MINH HOẠ do chương trình sinh ra, không phải báo cáo thật: {agencies}."
)
DATE_LINE = "{place}, ngày {day:02d} tháng {month:02d} năm {year}"

TOTAL = "Tổng cộng"
COL_AGENCY = "Đơn vị"
COL_SOURCE = "Nguồn kinh phí"
COL_TASK = "Nhiệm vụ"
COL_DECISION = "Văn bản giao"
COL_ALLOCATED = "Kinh phí giao (triệu đồng)"
COL_DISBURSED = "Đã giải ngân (triệu đồng)"
COL_RATE = "Tỷ lệ giải ngân (%)"
COL_AS_OF = "Số liệu đến ngày"
COL_TARGET = "Kế hoạch giải ngân đến 31/12 (triệu đồng)"
COL_PROJECTED = "Ước giải ngân đến 31/12 theo tiến độ (triệu đồng)"
COL_INDICATOR = "Chỉ số"
COL_VALUE = "Giá trị"
COL_OUT_OF = "Trên tổng"
COL_YEAR_APPLIES = "Năm áp dụng"
COL_NOTE = "Ghi chú"
COL_DTI = "Điểm DTI"
COL_RANK = "Xếp hạng"
COL_PLATFORMS = "Nền tảng dùng chung"
COL_SERVICES = "DVC trực tuyến"
COL_COMPUTERS = "Máy tính bảo đảm ATTT"
COL_DOCS_E = "Văn bản điện tử (%)"
COL_DOCS_SIGNED = "Văn bản ký số (%)"
COL_STAFF_TOTAL = "Biên chế"
COL_DX_STAFF = "Công chức phụ trách CĐS"
COL_TRAINING = "Lượt tập huấn CĐS"
COL_REQUEST_YEAR = "Năm đề xuất"
COL_CATEGORY = "Nhóm"
COL_REQUESTED = "Kinh phí đề xuất (triệu đồng)"
COL_KIND = "Loại"
COL_TEXT = "Nội dung (nguyên văn đơn vị báo cáo)"

SHEET_SUMMARY = "Tổng hợp"
SHEET_SOURCES = "Theo nguồn"
SHEET_AGENCIES = "Theo đơn vị"
SHEET_LINES = "Kinh phí"
SHEET_INDICATORS = "Chỉ số"
SHEET_REQUESTS = "Đề xuất năm sau"
SHEET_DIFFICULTIES = "Khó khăn, kiến nghị"
SUMMARY_TITLE = "Báo cáo tổng hợp kết quả chuyển đổi số năm {year}"
SUMMARY_ROWS = (
    ("scope", "Phạm vi"),
    ("view", "Số liệu"),
    ("n_agencies", "Số đơn vị có báo cáo"),
    ("allocated", "Tổng kinh phí giao"),
    ("disbursed", "Đã giải ngân (các dòng có báo cáo)"),
    ("not_reported_allocated", "Kinh phí giao của các dòng chưa báo cáo giải ngân"),
    ("rate", "Tỷ lệ giải ngân (%)"),
    ("requested", "Kinh phí đề xuất năm sau"),
    ("illustrative", "Dữ liệu mẫu minh hoạ"),
    ("unit_note", "Đơn vị tiền"),
)
UNIT_NOTE = "Ô tiền lưu số đồng chính xác, hiển thị theo triệu đồng"
YES, NO = "có", "không"

ERR_NO_YEAR = "Kho dữ liệu chưa có báo cáo nào của năm {year}."
ERR_UNKNOWN_PROVINCE = "Không có tỉnh «{province}» trong kho dữ liệu. Các tỉnh có: {known}."
ERR_UNKNOWN_AGENCY = "Không có đơn vị mã «{code}» trong kho dữ liệu."
ERR_EMPTY_SCOPE = "Không có báo cáo nào của {scope} năm {year} ({view}): không có gì để tổng hợp."
ERR_NONE_APPROVED = (
    "Chưa có bản báo cáo nào của {scope} năm {year} được duyệt: bỏ --approved-only để lập báo cáo từ bản hiện hành."
)
ERR_OUT_SUFFIX = "Lỗi: tệp kết quả «{out}» phải có đuôi .docx (báo cáo Word) hoặc .xlsx (bảng tính)."
ERR_WRITE = "Lỗi: không ghi được tệp «{out}»: {reason}."
ERROR_PREFIX = "Lỗi: "
WRITTEN = "Đã ghi {out}: báo cáo năm {year} của {n} đơn vị ({view})."
SAMPLES_LOADED = (
    "Kho dữ liệu đang trống nên đã nạp {n} báo cáo mẫu từ sample_data (đặt CDS_LOAD_SAMPLES=0 để không nạp)."
)
