"""Paraphrased test reports for the narrative extractor, each with the figures a careful reader finds.

`build(folder)` writes the .txt and .docx variants (python-docx); the .pdf variants are committed
beside this file and rebuilt by running this script (needs fpdf2==2.8.9 and fonts-noto-core):

    /work/venv/bin/python tests/extract_variants/make_variants.py
"""
from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONT = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")

# A document is a list of paragraphs; a tuple ("table", rows) is a .docx table.

SO_Y_TE = [
    "UBND TỈNH HÀ TĨNH",
    "SỞ Y TẾ",
    "Hà Tĩnh, ngày 28 tháng 11 năm 2023",
    "BÁO CÁO",
    "Tình hình chuyển đổi số năm 2023 tại Sở Y tế tỉnh Hà Tĩnh",
    "Thực hiện Công văn số 1502/STTTT-CNTT ngày 10/11/2023 của Sở Thông tin và Truyền thông, Sở Y tế báo cáo như sau:",
    "I. Khó khăn, vướng mắc",
    "- Thiếu nhân lực chuyên trách công nghệ thông tin tại các đơn vị trực thuộc.",
    "- Hạ tầng mạng tại một số trạm y tế xuống cấp.",
    "II. Kinh phí thực hiện chuyển đổi số",
    "a) Kinh phí được giao tại Quyết định số 1120/QĐ-UBND ngày 15/5/2023 của UBND tỉnh: Sở Y tế được phân bổ 1,5 tỷ đồng, cụ thể:",
    "- Nâng cấp phần mềm quản lý hồ sơ sức khỏe điện tử: 0,9 tỷ đồng, đã hoàn thành công tác đấu thầu trong tháng 8/2023; đơn vị thực hiện là Công ty TNHH Phần mềm Y Khoa đang triển khai. Đã giải ngân 450 tr.đ, dự kiến đến 31/12/2023 giải ngân đạt 95% kế hoạch.",
    "- Mua sắm thiết bị bảo mật cho Trung tâm dữ liệu ngành: 600 tr.đ, đã giải ngân 600 tr.đ.",
    "b) Nhiệm vụ theo kinh phí từ các nguồn khác (nguồn trung ương).",
    "Triển khai bệnh án điện tử tại Bệnh viện đa khoa tỉnh với tổng mức đầu tư là 2,3 tỷ đồng, đã giải ngân 1.150 triệu đồng.",
    "III. Kết quả các chỉ tiêu",
    "- Chỉ số chuyển đổi số năm 2022 của Sở đạt 512,4/600 điểm, xếp thứ 3/21 sở, ban, ngành.",
    "- Đã sử dụng 6/7 nền tảng dùng chung của tỉnh.",
    "- Cung cấp 45/52 thủ tục hành chính trực tuyến toàn trình.",
    "- 98% văn bản đi được ký số; 100% văn bản đến được xử lý trên môi trường điện tử.",
    "- Sở đã phân công 03 công chức phụ trách chuyển đổi số; cử 12 lượt cán bộ tham gia tập huấn.",
    "IV. Đề xuất, kiến nghị",
    "- Đề nghị UBND tỉnh bố trí kinh phí đào tạo nhân lực y tế số.",
    "V. Dự kiến nhiệm vụ, kinh phí năm 2024",
    "1. Mua sắm máy chủ cho hệ thống thông tin bệnh viện",
    "1.1. Nhu cầu kinh phí: 1,2 tỷ đồng.",
    "2. Đào tạo, tập huấn chuyển đổi số cho nhân viên y tế",
    "2.1. Nhu cầu kinh phí: 250 triệu đồng.",
    "Trên đây là báo cáo của Sở Y tế./.",
]
SO_Y_TE_EXPECTED = {
    "agency": "Sở Y tế tỉnh Hà Tĩnh", "province": "Hà Tĩnh", "year": 2023, "report_date": "2023-11-28",
    "requested_by": "1502/STTTT-CNTT ngày 10/11/2023",
    "budget_lines[0].funding_source": "a", "budget_lines[0].allocated_vnd": 900_000_000,
    "budget_lines[0].disbursed_vnd": 450_000_000, "budget_lines[0].expected_pct": 95.0,
    "budget_lines[0].procurement": "đấu thầu",
    "budget_lines[1].funding_source": "a", "budget_lines[1].allocated_vnd": 600_000_000,
    "budget_lines[1].disbursed_vnd": 600_000_000,
    "budget_lines[2].funding_source": "b", "budget_lines[2].allocated_vnd": 2_300_000_000,
    "budget_lines[2].disbursed_vnd": 1_150_000_000,
    "indicators.dti_score": (512.4, 600), "indicators.dti_rank": (3, 21), "indicators.platforms_used": (6, 7),
    "indicators.online_services": (45, 52), "indicators.docs_signed_pct": (98, None),
    "indicators.docs_electronic_pct": (100, None), "indicators.dx_staff": (3, None), "indicators.dx_training": (12, None),
    "requests[0].amount_vnd": 1_200_000_000, "requests[0].category": "hạ tầng",
    "requests[1].amount_vnd": 250_000_000, "requests[1].category": "đào tạo",
}

QN_DONG = [
    "Quảng Ngãi, ngày 30 tháng 11 năm 2023",
    "BÁO CÁO",
    "Kết quả chuyển đổi số năm 2023 tại Ban Dân tộc tỉnh Quảng Ngãi",
    "Theo đề nghị tại Công văn số 2391/STTTT-BCVT&CNTT ngày 22/11/2023 của Sở Thông tin và Truyền thông, Ban Dân tộc tỉnh báo cáo như sau:",
    "I. Kết quả",
    "- Đã dùng 07/07 nền tảng số của tỉnh; cung cấp 37/37 TTHC dịch vụ công trực tuyến.",
    "- Tự chấm điểm chỉ số chuyển đổi số năm 2022 đạt 439,72/485 điểm, xếp vị trí thứ 07/20.",
    "- Đã cài đặt phần mềm an toàn thông tin trên 16/16 máy tính.",
    "1. Kinh phí",
    "a) Kinh phí giao tại Quyết định số 569/QĐ-UBND ngày 26/6/2023: tổng 600.000.000 đồng, gồm:",
    "- Đảm bảo an toàn thông tin hệ thống cấp độ 2: 100.000.000 đồng, đã giải ngân 3.402.000 đồng.",
    "- Số hoá tài liệu lưu trữ: 300.000.000 đồng, đã giải ngân 162.000 đồng.",
    "- Mạng LAN và wifi: 200.000.000 đồng, đã giải ngân 4.482.000 đồng.",
    "c) Kinh phí tự bố trí",
    "Tổng kinh phí chi công nghệ thông tin năm 2023 là 40.962.000 đồng.",
    "II. Kế hoạch nhiệm vụ năm 2024",
    "1. Nâng cấp hạ tầng CNTT",
    "1.6. Nhu cầu kinh phí: 40.000.000 đồng.",
    "2. Số hoá hồ sơ lưu trữ",
    "2.6. Nhu cầu kinh phí: 100.000.000 đồng.",
]
QN_DONG_EXPECTED = {
    "agency": "Ban Dân tộc tỉnh Quảng Ngãi", "province": "Quảng Ngãi", "year": 2023, "report_date": "2023-11-30",
    "requested_by": "2391/STTTT-BCVT&CNTT ngày 22/11/2023",
    "budget_lines[0].funding_source": "a", "budget_lines[0].allocated_vnd": 100_000_000, "budget_lines[0].disbursed_vnd": 3_402_000,
    "budget_lines[1].funding_source": "a", "budget_lines[1].allocated_vnd": 300_000_000, "budget_lines[1].disbursed_vnd": 162_000,
    "budget_lines[2].funding_source": "a", "budget_lines[2].allocated_vnd": 200_000_000, "budget_lines[2].disbursed_vnd": 4_482_000,
    "budget_lines[3].funding_source": "c", "budget_lines[3].allocated_vnd": 40_962_000, "budget_lines[3].disbursed_vnd": 40_962_000,
    "indicators.platforms_used": (7, 7), "indicators.online_services": (37, 37), "indicators.dti_score": (439.72, 485),
    "indicators.dti_rank": (7, 20), "indicators.computers_secured": (16, 16),
    "requests[0].amount_vnd": 40_000_000, "requests[0].category": "hạ tầng",
    "requests[1].amount_vnd": 100_000_000, "requests[1].category": "số hoá",
}

TABLES = [
    ("table", [["UBND TỈNH BÌNH ĐỊNH\nSỞ TƯ PHÁP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nBình Định, ngày 04 tháng 12 năm 2023"]]),
    "BÁO CÁO",
    "Kết quả thực hiện chuyển đổi số năm 2023 tại Sở Tư pháp tỉnh Bình Định",
    "Căn cứ văn bản số 845/STTTT-BCVT ngày 20/11/2023 của Sở Thông tin và Truyền thông, Sở Tư pháp báo cáo như sau:",
    "I. Kinh phí thực hiện",
    ("table", [
        ["Nguồn kinh phí", "Nhiệm vụ", "Kinh phí giao (triệu đồng)", "Đã giải ngân (triệu đồng)", "Dự kiến giải ngân đến 31/12 (%)"],
        ["a", "Nâng cấp Cổng thông tin điện tử Sở", "150", "75,5", "100"],
        ["a", "Số hoá sổ hộ tịch", "320", "", "90"],
        ["c", "Mua sắm máy tính", "85,25", "85,25", ""],
        ["", "Tổng cộng", "555,25", "", ""],
    ]),
    "II. Chỉ số",
    ("table", [
        ["Chỉ tiêu", "Kết quả"],
        ["Điểm chỉ số chuyển đổi số năm 2022", "455,1/500"],
        ["Xếp hạng trong khối sở, ngành", "5/20"],
        ["Nền tảng số dùng chung đang sử dụng", "7/7"],
        ["Tỷ lệ văn bản đi được ký số", "100%"],
        ["Số công chức kiêm nhiệm phụ trách chuyển đổi số", "2"],
    ]),
    "Trên đây là báo cáo của Sở Tư pháp./.",
]
TABLES_EXPECTED = {
    "agency": "Sở Tư pháp tỉnh Bình Định", "province": "Bình Định", "year": 2023, "report_date": "2023-12-04",
    "requested_by": "845/STTTT-BCVT ngày 20/11/2023",
    "budget_lines[0].funding_source": "a", "budget_lines[0].allocated_vnd": 150_000_000, "budget_lines[0].disbursed_vnd": 75_500_000,
    "budget_lines[0].expected_pct": 100.0,
    "budget_lines[1].funding_source": "a", "budget_lines[1].allocated_vnd": 320_000_000, "budget_lines[1].expected_pct": 90.0,
    "budget_lines[2].funding_source": "c", "budget_lines[2].allocated_vnd": 85_250_000, "budget_lines[2].disbursed_vnd": 85_250_000,
    "indicators.dti_score": (455.1, 500), "indicators.dti_rank": (5, 20), "indicators.platforms_used": (7, 7),
    "indicators.docs_signed_pct": (100, None), "indicators.dx_staff": (2, None),
}

KON_TUM = [
    "Kon Tum, ngày 05 tháng 12 năm 2023",
    "BÁO CÁO chuyển đổi số năm 2023 tại Sở Nội vụ tỉnh Kon Tum",
    "I. Chỉ tiêu",
    "Sở Nội vụ đã phân công 04 công chức kiêm nhiệm tham mưu chuyển đổi số. Tổng số biên chế được giao là 45 người; trong năm đã cử 09 lượt công chức tham gia lớp bồi dưỡng kỹ năng số.",
    "Toàn bộ 52/52 thủ tục hành chính đã cung cấp dịch vụ công trực tuyến.",
    "II. Kinh phí",
    "a) Kinh phí tỉnh giao tại Quyết định số 77/QĐ-UBND ngày 02/3/2023: 250 trđ",
    "- Xây dựng cơ sở dữ liệu cán bộ, công chức: 180 trđ, đã giải ngân 90,5 trđ; hình thức chỉ định thầu, hoàn thành trong tháng 6/2023.",
    "- Thuê dịch vụ chữ ký số: 70 trđ, đã giải ngân 07 trđ.",
    "c) Kinh phí tự bố trí: chi mua sắm thiết bị tin học 35 tr.đ",
    "III. Nhu cầu kinh phí năm 2024",
    "- Trang bị máy tính cho bộ phận một cửa: 60 trđ",
    "- Duy trì trang thông tin điện tử của Sở: 25 trđ",
]
KON_TUM_EXPECTED = {
    "agency": "Sở Nội vụ tỉnh Kon Tum", "province": "Kon Tum", "year": 2023, "report_date": "2023-12-05",
    "budget_lines[0].funding_source": "a", "budget_lines[0].allocated_vnd": 180_000_000, "budget_lines[0].disbursed_vnd": 90_500_000,
    "budget_lines[0].procurement": "chỉ định thầu",
    "budget_lines[1].funding_source": "a", "budget_lines[1].allocated_vnd": 70_000_000, "budget_lines[1].disbursed_vnd": 7_000_000,
    "budget_lines[2].funding_source": "c", "budget_lines[2].allocated_vnd": 35_000_000, "budget_lines[2].disbursed_vnd": 35_000_000,
    "indicators.dx_staff": (4, None), "indicators.staff_total": (45, None), "indicators.dx_training": (9, None),
    "indicators.online_services": (52, 52),
    "requests[0].amount_vnd": 60_000_000, "requests[0].category": "hạ tầng",
    "requests[1].amount_vnd": 25_000_000, "requests[1].category": "trang thông tin",
}

BINH_DINH_PDF = [
    "Bình Định, ngày 12 tháng 12 năm 2023",
    "BÁO CÁO",
    "Kết quả triển khai chuyển đổi số năm 2023 tại Sở Công Thương tỉnh Bình Định",
    "Thực hiện Công văn số 901/STTTT-CNTT ngày 01/12/2023 của Sở Thông tin và Truyền thông, Sở Công Thương báo cáo như sau:",
    "I. Kinh phí",
    "a) Kinh phí được giao tại Quyết định số 3301/QĐ-UBND ngày 20/4/2023 của UBND tỉnh, tổng cộng 480.000 nghìn đồng:",
    "- Xây dựng cơ sở dữ liệu ngành công thương: 480.000 nghìn đồng, đã giải ngân 120.500 nghìn đồng, dự kiến đến 31/12/2023 giải ngân đạt 100% kế hoạch.",
    "II. Chỉ số",
    "- Điểm chỉ số chuyển đổi số năm 2022 đạt 401,25/500 điểm, đứng thứ 11/20 sở ngành; sử dụng 5/7 nền tảng số của tỉnh.",
    "- 100% văn bản đến, đi được xử lý trên hệ thống phần mềm quản lý văn bản.",
    "III. Khó khăn, vướng mắc",
    "- Đường truyền tại một số phòng chưa ổn định.",
]
BINH_DINH_PDF_EXPECTED = {
    "agency": "Sở Công Thương tỉnh Bình Định", "province": "Bình Định", "year": 2023, "report_date": "2023-12-12",
    "requested_by": "901/STTTT-CNTT ngày 01/12/2023",
    "budget_lines[0].funding_source": "a", "budget_lines[0].allocated_vnd": 480_000_000,
    "budget_lines[0].disbursed_vnd": 120_500_000, "budget_lines[0].expected_pct": 100.0,
    "indicators.dti_score": (401.25, 500), "indicators.dti_rank": (11, 20), "indicators.platforms_used": (5, 7),
    "indicators.docs_electronic_pct": (100, None),
}

LAM_DONG = [
    "Lâm Đồng, ngày 20 tháng 11 năm 2023",
    "BÁO CÁO",
    "Tình hình thực hiện chuyển đổi số năm 2023 tại Văn phòng UBND tỉnh Lâm Đồng",
    "I. Nguồn ngân sách tỉnh giao theo Quyết định số 2012/QĐ-UBND ngày 09/02/2023",
    "1. Nâng cấp hệ thống họp trực tuyến: kinh phí được giao 2.5 tỷ đồng; đã giải ngân 1.250 triệu đồng.",
    "2. Duy trì hệ thống quản lý văn bản: kinh phí được giao 0,35 tỷ đồng; đã giải ngân 0,35 tỷ đồng.",
    "II. Nguồn khác (trung ương hỗ trợ)",
    "- Triển khai hệ thống thông tin báo cáo quốc gia: 1 tỷ đồng, chưa có số liệu giải ngân.",
    "III. Một số chỉ tiêu",
    "Văn phòng đã bố trí 02 chuyên viên và 01 lãnh đạo phòng phụ trách chuyển đổi số; 100% văn bản đi được ký số.",
    "IV. Đề xuất nhiệm vụ, kinh phí năm 2024",
    "1. Số hoá tài liệu lưu trữ của Văn phòng",
    "- Căn cứ: Kế hoạch số 99/KH-UBND ngày 01/6/2023 của UBND tỉnh.",
    "- Kinh phí đề xuất: 0,8 tỷ đồng.",
]
LAM_DONG_EXPECTED = {
    "agency": "Văn phòng UBND tỉnh Lâm Đồng", "province": "Lâm Đồng", "year": 2023, "report_date": "2023-11-20",
    "budget_lines[0].funding_source": "a", "budget_lines[0].allocated_vnd": 2_500_000_000, "budget_lines[0].disbursed_vnd": 1_250_000_000,
    "budget_lines[1].funding_source": "a", "budget_lines[1].allocated_vnd": 350_000_000, "budget_lines[1].disbursed_vnd": 350_000_000,
    "budget_lines[2].funding_source": "b", "budget_lines[2].allocated_vnd": 1_000_000_000,
    "indicators.dx_staff": (3, None), "indicators.docs_signed_pct": (100, None),
    "requests[0].amount_vnd": 800_000_000, "requests[0].category": "số hoá",
}

BAC_GIANG_LIKE = [
    "Bắc Giang, ngày 15 tháng 11 năm 2023",
    "BÁO CÁO",
    "Kết quả thực hiện Chiến lược chuyển đổi số năm 2023",
    "Căn cứ văn bản số 3032/SKHĐT-KGVX ngày 19/10/2023 của Sở Kế hoạch và Đầu tư; Ban Dân tộc báo cáo kết quả như sau:",
    "I. Tình hình chung",
    "Đảm bảo tỷ lệ 01 máy tính/01 công chức và 100% máy tính có kết nối internet.",
    "Ban Dân tộc đã phân công 02 công chức phụ trách công tác chuyển đổi số; 100% cán bộ công chức có chứng chỉ tin học.",
    "II. Kiến nghị, đề xuất",
    "- Đề nghị bố trí 01 biên chế chuyên trách công nghệ thông tin.",
]
BAC_GIANG_LIKE_EXPECTED = {
    "agency": "Ban Dân tộc tỉnh Bắc Giang", "province": "Bắc Giang", "year": 2023, "report_date": "2023-11-15",
    "requested_by": "3032/SKHĐT-KGVX ngày 19/10/2023", "indicators.dx_staff": (2, None),
}

REQUEST_TABLE = [
    "Gia Lai, ngày 01 tháng 12 năm 2023",
    "BÁO CÁO",
    "Chuyển đổi số năm 2023 tại Sở Giáo dục và Đào tạo tỉnh Gia Lai",
    "I. Kinh phí",
    "a) Kinh phí được giao tại Quyết định số 450/QĐ-UBND ngày 11/4/2023 của UBND tỉnh: 700 triệu đồng.",
    "- Phần mềm quản lý trường học: 700 triệu đồng, đã giải ngân 350 triệu đồng.",
    "- Sở đạt 88/96 thủ tục hành chính được cung cấp trực tuyến.",
    "II. Kế hoạch nhiệm vụ năm 2024",
    ("table", [
        ["TT", "Nhiệm vụ", "Nhu cầu kinh phí năm 2024 (tỷ đồng)", "Đơn vị thực hiện"],
        ["1", "Mua sắm thiết bị phòng học trực tuyến", "1,2", "Văn phòng Sở"],
        ["2", "Bồi dưỡng kỹ năng số cho giáo viên", "0,45", "Phòng Tổ chức cán bộ"],
    ]),
]
REQUEST_TABLE_EXPECTED = {
    "agency": "Sở Giáo dục và Đào tạo tỉnh Gia Lai", "province": "Gia Lai", "year": 2023, "report_date": "2023-12-01",
    "budget_lines[0].funding_source": "a", "budget_lines[0].allocated_vnd": 700_000_000, "budget_lines[0].disbursed_vnd": 350_000_000,
    "indicators.online_services": (88, 96),
    "requests[0].amount_vnd": 1_200_000_000, "requests[0].category": "hạ tầng",
    "requests[1].amount_vnd": 450_000_000, "requests[1].category": "đào tạo",
}

# Written after the rules, without tuning the rules to them: a check on over-fitting.
PHU_YEN = [
    "Phú Yên, ngày 08 tháng 12 năm 2023",
    "BÁO CÁO",
    "Kết quả chuyển đổi số năm 2023 của Sở Tài nguyên và Môi trường tỉnh Phú Yên",
    "I. Kinh phí",
    "1. Kinh phí UBND tỉnh giao theo Quyết định số 15/QĐ-UBND ngày 05/01/2023 là 0,5 tỷ đồng, trong đó:",
    "+ Chỉnh lý, số hoá hồ sơ đất đai: 350 triệu đồng; giải ngân được 210 triệu đồng.",
    "+ Nâng cấp mạng nội bộ: 150 triệu đồng; chưa giải ngân.",
    "2. Kinh phí tự bố trí: năm 2023 Sở đã chi 28,5 triệu đồng cho công nghệ thông tin.",
    "II. Chỉ tiêu",
    "Chỉ số DTI năm 2022 của Sở: 380,5/500 điểm; xếp hạng 14/20.",
    "Đã triển khai 7/7 nền tảng dùng chung; 30/30 thủ tục hành chính trực tuyến toàn trình.",
    "III. Dự kiến kinh phí năm 2024",
    "- Xây dựng cơ sở dữ liệu đất đai: 2 tỷ đồng.",
]
PHU_YEN_EXPECTED = {
    "agency": "Sở Tài nguyên và Môi trường tỉnh Phú Yên", "province": "Phú Yên", "year": 2023, "report_date": "2023-12-08",
    "budget_lines[0].funding_source": "a", "budget_lines[0].allocated_vnd": 350_000_000, "budget_lines[0].disbursed_vnd": 210_000_000,
    "budget_lines[1].funding_source": "a", "budget_lines[1].allocated_vnd": 150_000_000,
    "budget_lines[2].funding_source": "c", "budget_lines[2].allocated_vnd": 28_500_000, "budget_lines[2].disbursed_vnd": 28_500_000,
    "indicators.dti_score": (380.5, 500), "indicators.dti_rank": (14, 20), "indicators.platforms_used": (7, 7),
    "indicators.online_services": (30, 30),
    "requests[0].amount_vnd": 2_000_000_000, "requests[0].category": "khác",
}

QUANG_NAM = [
    "Quảng Nam, ngày 22 tháng 11 năm 2023",
    "BÁO CÁO",
    "Tình hình chuyển đổi số năm 2023 tại Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Nam",
    "Thực hiện Công văn số 777/STTTT-VP ngày 02/11/2023, Sở Văn hóa, Thể thao và Du lịch báo cáo như sau:",
    "I. Kinh phí được giao tại Quyết định số 300/QĐ-UBND ngày 01/02/2023",
    ("table", [
        ["Nội dung", "Kinh phí được giao", "Đã giải ngân"],
        ["Số hoá hiện vật bảo tàng", "120 triệu đồng", "60 triệu đồng"],
        ["Nâng cấp trang thông tin điện tử", "45,5 triệu đồng", ""],
    ]),
    "II. Kết quả",
    "Sở đã cử 15 lượt công chức tham gia tập huấn chuyển đổi số; 100% văn bản đi được ký số.",
]
QUANG_NAM_EXPECTED = {
    "agency": "Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Nam", "province": "Quảng Nam", "year": 2023,
    "report_date": "2023-11-22", "requested_by": "777/STTTT-VP ngày 02/11/2023",
    "budget_lines[0].funding_source": "a", "budget_lines[0].allocated_vnd": 120_000_000, "budget_lines[0].disbursed_vnd": 60_000_000,
    "budget_lines[1].funding_source": "a", "budget_lines[1].allocated_vnd": 45_500_000,
    "indicators.dx_training": (15, None), "indicators.docs_signed_pct": (100, None),
}

# (file name, document, expected figures). Same content in several formats checks the readers too.
VARIANTS = [
    ("v01_so_y_te.txt", SO_Y_TE, SO_Y_TE_EXPECTED),
    ("v02_so_y_te.docx", SO_Y_TE, SO_Y_TE_EXPECTED),
    ("v03_so_y_te.pdf", SO_Y_TE, SO_Y_TE_EXPECTED),
    ("v04_quang_ngai_dong.docx", QN_DONG, QN_DONG_EXPECTED),
    ("v05_quang_ngai_dong.pdf", QN_DONG, QN_DONG_EXPECTED),
    ("v06_so_tu_phap_tables.docx", TABLES, TABLES_EXPECTED),
    ("v07_kon_tum_trd.txt", KON_TUM, KON_TUM_EXPECTED),
    ("v08_cong_thuong_nghin.pdf", BINH_DINH_PDF, BINH_DINH_PDF_EXPECTED),
    ("v09_van_phong_ty.txt", LAM_DONG, LAM_DONG_EXPECTED),
    ("v10_bac_giang_like.docx", BAC_GIANG_LIKE, BAC_GIANG_LIKE_EXPECTED),
    ("v11_giao_duc_request_table.docx", REQUEST_TABLE, REQUEST_TABLE_EXPECTED),
    ("v12_kon_tum_trd.docx", KON_TUM, KON_TUM_EXPECTED),
    ("v13_phu_yen_blind.txt", PHU_YEN, PHU_YEN_EXPECTED),
    ("v14_quang_nam_blind.docx", QUANG_NAM, QUANG_NAM_EXPECTED),
]


def write_txt(path: Path, doc: list) -> None:
    lines = []
    for item in doc:
        if isinstance(item, tuple):
            raise ValueError("tables only in .docx")
        lines += [item, ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_docx(path: Path, doc: list) -> None:
    import docx

    document = docx.Document()
    for item in doc:
        if isinstance(item, tuple):
            rows = item[1]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        else:
            document.add_paragraph(item)
    document.save(path)


def write_pdf(path: Path, doc: list) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("Noto", "", str(FONT))
    pdf.set_font("Noto", size=11)
    pdf.add_page()
    for item in doc:
        pdf.multi_cell(0, 6, item, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.output(str(path))


def _png(width: int, height: int) -> bytes:
    """A grey PNG, drawn by hand so the scanned-page sample needs no imaging library."""
    raw = b"".join(b"\x00" + bytes([200, 200, 200]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def write_scanned_pdf(path: Path) -> None:
    """A page that holds only an image, as a scanner makes it: no text layer."""
    import io

    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(_png(60, 80)), x=10, y=10, w=190)
    pdf.output(str(path))


def build(folder: Path, with_pdf: bool = False) -> list[tuple[Path, dict]]:
    """Write the variants into `folder`; PDFs are taken from beside this script unless `with_pdf`."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, doc, expected in VARIANTS:
        path = folder / name
        if name.endswith(".txt"):
            write_txt(path, doc)
        elif name.endswith(".docx"):
            write_docx(path, doc)
        elif with_pdf:
            write_pdf(path, doc)
        else:
            path = HERE / name
        out.append((path, expected))
    return out


if __name__ == "__main__":
    build(HERE, with_pdf=True)
    write_scanned_pdf(HERE / "scanned.pdf")
    for p in HERE.glob("v*.txt"):
        p.unlink()
    for p in HERE.glob("v*.docx"):
        p.unlink()
    print("wrote", sorted(p.name for p in HERE.glob("*.pdf")), file=sys.stderr)
