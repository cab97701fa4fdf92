"""The two real 2023 reports (shared/seeds), typed figure by figure as domain records.

One place for real figures: the template's example rows and the sample workbooks are both written from
these. Nothing here is invented; where a report leaves something out it stays None.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from domain import VND_PER_MILLION, BudgetLine, Difficulty, FundingRequest, Indicator, Submission

TR = VND_PER_MILLION  # 1 triệu đồng

# --- The Quảng Ngãi report, figure by figure (shared/seeds/quang-ngai-ban-dan-toc-cds-2023.txt) ----------
QNG_DECISION = "569/QĐ-UBND ngày 26/6/2023"
# The report leaves the day blank ("ngày … tháng 11 năm 2023"); 30/11/2023 is the date the submission
# format's own example gives for this report, and the figures are "đến nay" at that date.
QNG_DATE = date(2023, 11, 30)
QUANG_NGAI = Submission(
    agency="Ban Dân tộc tỉnh Quảng Ngãi",
    agency_code="QNG-BDT",
    province="Quảng Ngãi",
    year=2023,
    report_date=QNG_DATE,
    requested_by="2391/STTTT-BCVT&CNTT ngày 22/11/2023",
    budget_lines=(
        BudgetLine(
            "a",
            "Đảm bảo an toàn thông tin đối với hệ thống thông tin cấp độ 2",
            100 * TR,
            3_402_000,
            decision_ref=QNG_DECISION,
            as_of=QNG_DATE,
            expected_pct=100.0,
            procurement="chỉ định thầu",
            procurement_done=date(2023, 10, 1),
            contractor="Trung tâm Công nghệ Thông tin và Truyền thông tỉnh Quảng Ngãi",
        ),
        BudgetLine(
            "a",
            "Chỉnh lý, số hoá tài liệu lưu trữ; kết quả giải quyết TTHC còn hiệu lực",
            300 * TR,
            162_000,
            decision_ref=QNG_DECISION,
            as_of=QNG_DATE,
            expected_pct=100.0,
            procurement="chỉ định thầu",
            procurement_done=date(2023, 11, 1),
            contractor="Công ty cổ phần Công nghệ và Truyền thông Năm Sao",
            note='Báo cáo ghi: "Đến nay chưa giải ngân 0,162 triệu đồng"',
        ),
        BudgetLine(
            "a",
            "Xây lắp mới hệ thống mạng LAN, thiết bị và hệ thống mạng wifi",
            200 * TR,
            4_482_000,
            decision_ref=QNG_DECISION,
            as_of=QNG_DATE,
            expected_pct=100.0,
            procurement="đấu thầu",
            procurement_done=date(2023, 11, 1),
        ),
        BudgetLine(
            "b",
            "Đầu tư Phòng họp trực tuyến và thuê đường truyền phục vụ cơ quan thường trực "
            "Chương trình MTQG vùng đồng bào DTTS và miền núi",
            456 * TR,
            None,
            as_of=QNG_DATE,
            expected_pct=100.0,
            note="Nguồn trung ương, địa phương; báo cáo không nêu số đã giải ngân",
        ),
        BudgetLine(
            "c",
            "Chi công nghệ thông tin năm 2023 (kinh phí tự bố trí)",
            40_962_000,
            40_962_000,
            as_of=QNG_DATE,
            note='Báo cáo ghi: "Tổng kinh phí chi công nghệ thông tin trong năm 2023 là 40,962 triệu đồng"',
        ),
    ),
    indicators=(
        Indicator("dti_score", 439.72, 485, applies_to_year=2022, note="tự chấm điểm"),
        Indicator("dti_rank", 7, 20, applies_to_year=2022, note="xếp thứ 07/20 sở ban ngành"),
        Indicator("platforms_used", 7, 7),
        Indicator("online_services", 37, 37, note="mức độ 3, mức độ 4"),
        Indicator("computers_secured", 16, 16),
        Indicator("docs_electronic_pct", 100),
        Indicator("docs_signed_pct", 100),
        Indicator("dx_staff", 6, note="công chức kiêm nhiệm"),
        Indicator("dx_training", 4),
        Indicator("staff_total", 17),
    ),
    requests=(
        FundingRequest(
            2024,
            "Nâng cấp hạ tầng CNTT",
            40 * TR,
            category="hạ tầng",
            legal_basis="Kế hoạch số 485/KH-BDT ngày 31/8/2020",
            objective="Nâng cấp cơ sở hạ tầng CNTT của cơ quan",
            content="Mua sắm máy vi tính thay thế các máy cũ, lỗi thời",
            scope="Mua mới 03 bộ máy vi tính",
            implementer="Ban Dân tộc tỉnh",
        ),
        FundingRequest(
            2024,
            "Hoạt động của Trang thông tin điện tử của Ban",
            70 * TR,
            category="trang thông tin",
            legal_basis="Quyết định số 143/QĐ-BDT ngày 09/5/2014",
            objective="Đảm bảo Trang thông tin điện tử của Ban hoạt động xuyên suốt, hiệu quả",
            content="Chi hoạt động của Ban Biên tập và nhuận bút",
            scope="Toàn bộ hoạt động của Trang thông tin điện tử của Ban",
        ),
        FundingRequest(
            2024,
            "Số hoá hồ sơ, tài liệu giấy",
            100 * TR,
            category="số hoá",
            legal_basis="Kế hoạch số 154/KH-UBND ngày 24/12/2020",
            objective="Số hoá hồ sơ, tài liệu giấy của Ban Dân tộc tỉnh",
            scope="Hồ sơ, tài liệu giấy từ năm 2020 trở về trước",
        ),
        FundingRequest(
            2024,
            "Tập huấn ứng dụng công nghệ thông tin, chuyển đổi số",
            300 * TR,
            category="đào tạo",
            legal_basis="Quyết định số 330/QĐ-UBND ngày 12/5/2023",
            content="Tổ chức các lớp tập huấn, đào tạo, hội nghị, hội thảo về chuyển đổi số",
        ),
    ),
    difficulties=(
        Difficulty("khó khăn", "Công chức phụ trách CNTT kiêm nhiệm, không có chuyên môn về CNTT."),
        Difficulty("khó khăn", "Nhiều máy tính đã xuống cấp, hết khấu hao, cấu hình thấp."),
        Difficulty("khó khăn", "Năng lực khai thác, sử dụng ứng dụng CNTT của một số công chức còn hạn chế."),
        Difficulty("kiến nghị", "Sở TT&TT có kế hoạch bồi dưỡng, tập huấn kỹ năng ứng dụng CNTT, chuyển đổi số."),
        Difficulty("kiến nghị", "Bố trí kinh phí trang bị mới máy tính và kinh phí riêng cho Trang thông tin điện tử."),
    ),
)

# --- The Bắc Giang report (shared/seeds/bac-giang-ban-dan-toc-2289-2023.txt): no budget figures -----------
BAC_GIANG = Submission(
    agency="Ban Dân tộc tỉnh Bắc Giang",
    agency_code="BGG-BDT",
    province="Bắc Giang",
    year=2023,
    requested_by="3032/SKHĐT-KGVX ngày 19/10/2023",
    indicators=(
        Indicator("dx_staff", 2, note="01 lãnh đạo cấp phòng và 01 cán bộ tham mưu chuyển đổi số"),
        Indicator("computers_internet_pct", 100, name="Tỷ lệ máy tính kết nối Internet (%)"),
        Indicator("staff_it_certified_pct", 100, name="Tỷ lệ cán bộ công chức có chứng chỉ tin học (%)"),
    ),
    difficulties=(
        Difficulty(
            "khó khăn",
            "Nội dung Quyết định 2289/QĐ-TTg chưa được cụ thể hoá theo chức năng quản lý "
            "của các ngành, dẫn tới chồng chéo.",
        ),
        Difficulty("khó khăn", "Nhiều thiết bị máy tính, máy in đã cũ, lạc hậu, hay bị lỗi, hỏng hóc."),
        Difficulty("khó khăn", "Chưa được giao chỉ tiêu biên chế và bố trí cán bộ chuyên trách CNTT."),
        Difficulty("kiến nghị", "Các sở chuyên ngành cụ thể hoá nội dung Quyết định 2289/QĐ-TTg."),
        Difficulty("kiến nghị", "Tăng cường tập huấn, bồi dưỡng năng lực ứng dụng CNTT và chuyển đổi số."),
        Difficulty("kiến nghị", "Cho phép tuyển dụng, bố trí 01 biên chế chuyên trách CNTT."),
    ),
)


def first_of_each_table(sub: Submission) -> Submission:
    """The template's example: the first record of each table, so each sheet shows one real row."""
    return replace(
        sub,
        budget_lines=sub.budget_lines[:1],
        indicators=sub.indicators[:1],
        requests=sub.requests[:1],
        difficulties=sub.difficulties[:1],
    )
