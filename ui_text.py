"""Every Vietnamese title and label the pages show, in one place."""
from __future__ import annotations

APP_TITLE = "Theo dõi chuyển đổi số"
APP_SUBTITLE = "Kinh phí và chỉ số chuyển đổi số của các cơ quan, đơn vị"

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
BUDGET_CAPTION = "Kinh phí giao và đã giải ngân theo đơn vị, nhiệm vụ và nguồn kinh phí, năm {year}."
METRIC_ALLOCATED = "Tổng kinh phí giao"
METRIC_DISBURSED = "Đã giải ngân"
METRIC_RATE = "Tỷ lệ giải ngân"
METRIC_AGENCIES = "Đơn vị có số liệu kinh phí"
METRIC_DISBURSED_HELP = "Chỉ cộng các dòng đơn vị đã báo cáo số giải ngân; dòng chưa báo cáo không tính là 0."
METRIC_RATE_HELP = "Đã giải ngân chia cho kinh phí giao của các dòng có báo cáo giải ngân."
CHART_BY_AGENCY = "Kinh phí giao và đã giải ngân theo đơn vị (triệu đồng)"
SERIES_ALLOCATED = "Kinh phí giao"
SERIES_DISBURSED = "Đã giải ngân"
SERIES_TARGET = "Dự kiến đến 31/12"
AXIS_MILLION = "triệu đồng"
NO_BUDGET_YEAR = "Năm {year} chưa có đơn vị nào báo cáo số liệu kinh phí."
NOT_REPORTED_AGENCIES = "Đã nộp báo cáo nhưng chưa báo cáo số liệu kinh phí (không tính là 0): {agencies}."
CHOOSE_AGENCY = "Chọn đơn vị để xem các dòng kinh phí"
AGENCY_LINES = "Các dòng kinh phí của {agency}"
BY_SOURCE = "Theo nguồn kinh phí"
LINE_COUNT = "{n} dòng kinh phí"
HOVER_NOT_REPORTED = "chưa báo cáo"

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
