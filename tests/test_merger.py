"""Issue 15: the province history (Nghị quyết 202/2025/QH15), `python -m admin`, and the two views on Tổng quan."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from page_env import page_store_dir  # noqa: F401 - fixture
from pages_helpers import ROOT, open_page, shown_text

import units
from analysis import restated

SAMPLE = ROOT / "sample_data"


def admin(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "admin", *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )


def provinces(day: str) -> dict[str, dict]:
    done = admin("provinces", "--as-of", day)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert all(
        list(r) == ["code", "name", "valid_from", "valid_to", "successor_code", "successor_name", "legal_basis"]
        for r in rows
    )
    return {r["name"]: r for r in rows}


def test_63_provinces_until_30_june_2025_and_34_from_1_july():
    before, after = provinces("2025-06-30"), provinces("2025-07-01")
    assert len(before) == 63 and len(after) == 34
    for former, successor in (
        ("Kon Tum", "Quảng Ngãi"),
        ("Bắc Giang", "Bắc Ninh"),
        ("Quảng Nam", "Đà Nẵng"),
        ("Hà Giang", "Tuyên Quang"),
    ):
        assert before[former]["successor_name"] == successor
        assert before[former]["valid_to"] == "2025-06-30"
        assert before[former]["legal_basis"].startswith("Nghị quyết 202/2025/QH15")
        assert after[successor]["code"] == before[former]["successor_code"]
        assert former not in after or former == successor
    assert before["Hà Nội"] == after["Hà Nội"]  # unchanged: same code, no end, no successor
    assert after["Hà Nội"]["valid_to"] is None and after["Hà Nội"]["successor_code"] is None


def test_52_former_provinces_form_23_and_11_stay():
    merges = [e for e in units.events() if e.kind == "merge"]
    assert len(merges) == 23 and sum(len(e.from_codes) for e in merges) == 52
    unchanged = {p.name for p in units.provinces_as_of(date(2025, 7, 1)) if p.valid_from < date(2025, 7, 1)}
    assert unchanged == {
        "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn",
        "Quảng Ninh", "Thanh Hoá", "Nghệ An", "Hà Tĩnh", "Cao Bằng",
    }  # fmt: skip
    assert all(e.sources for e in merges)  # every merge cites where it was read


@pytest.mark.parametrize("bad", ["2014-12-31", "30/06/2025", "hôm qua", "2025-13-01"])
def test_a_date_before_2015_or_not_a_date_is_a_usage_error(bad):
    done = admin("provinces", "--as-of", bad)
    assert done.returncode == 2 and done.stdout == ""
    assert "Lỗi:" in done.stderr and "Traceback" not in done.stderr


def test_lineage_of_kon_tum_names_the_merge_and_its_basis():
    done = admin("lineage", "KTM")
    assert done.returncode == 0
    (event,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert event["kind"] == "merge" and event["date"] == "2025-07-01"
    assert [p["name"] for p in event["from"]] == ["Kon Tum", "Quảng Ngãi"]
    assert event["to"] == [{"code": "QNG-2025", "name": "Quảng Ngãi"}]
    assert admin("lineage", "KHONG-CO").returncode == 2


def test_restated_frame_sums_money_and_averages_scores():
    import pandas as pd

    lines = pd.DataFrame(
        {
            "year": [2023, 2023],
            "province": ["Quảng Ngãi", "Kon Tum"],
            "agency_code": ["A", "B"],
            "allocated_vnd": pd.array([600, 250], dtype="Int64"),
            "disbursed_vnd": pd.array([None, 200], dtype="Int64"),
        }
    )
    apart = restated.budget_by_province(lines, "as_reported").set_index("province")
    together = restated.budget_by_province(lines, "restated").set_index("province")
    assert apart.loc["Kon Tum", "allocated_vnd"] == 250 and apart.loc["Quảng Ngãi", "allocated_vnd"] == 600
    assert pd.isna(apart.loc["Quảng Ngãi", "disbursed_vnd"])  # not reported stays not reported
    assert together.loc["Quảng Ngãi", "allocated_vnd"] == 850 and together.loc["Quảng Ngãi", "disbursed_vnd"] == 200
    scores = pd.DataFrame(
        {
            "year": [2023] * 4,
            "province": ["Quảng Ngãi", "Kon Tum", "Quảng Ngãi", "Kon Tum"],
            "code": ["dti_score", "dti_score", "dti_rank", "dti_rank"],
            "value": [400.0, 300.0, 7.0, 9.0],
            "out_of": [500.0, 500.0, 20.0, 20.0],
        }
    )
    merged = restated.indicators_by_province(scores, "restated")
    assert merged[["code", "value", "method"]].values.tolist() == [["dti_score", 350.0, "mean"]]  # no rank


@pytest.fixture
def merger_store_dir(tmp_path, monkeypatch):
    """Quảng Ngãi 2023 (real) and an illustrative Kon Tum agency's 2023 report, loaded as uploads are."""
    import streamlit as st

    from intake import samples
    from store import Store

    store = Store.open(f"sqlite:///{tmp_path / 'cds.sqlite3'}")
    files = [
        SAMPLE / "quang-ngai_ban-dan-toc_2023.xlsx",
        SAMPLE / "sap-xep-2025/minh-hoa_kon-tum_ban-dan-toc_2023.xlsx",
    ]
    assert samples.load_into(store, files).problems == []
    store.close()
    monkeypatch.setenv("CDS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CDS_LOAD_SAMPLES", "0")
    st.cache_data.clear()
    st.cache_resource.clear()  # the store handle too: each test opens its own database
    yield tmp_path
    st.cache_data.clear()


def merger_table(at) -> list[list]:
    frame = next(d.value for d in at.dataframe if "Cách tính" in d.value.columns)
    return frame[["Tỉnh, thành phố", "Năm", "Kinh phí giao", "Đã giải ngân", "Cách tính"]].values.tolist()


def test_overview_shows_kon_tum_inside_quang_ngai_restated_and_apart_as_reported(merger_store_dir):
    at = open_page("pages/overview.py", nam="2023", tinh="Quảng Ngãi")
    # Restated (the default): 1.096,962 + 250 triệu allocated; 49,008 + 200 triệu disbursed.
    assert merger_table(at) == [
        ["Quảng Ngãi", "2023", "1,347 tỷ đồng", "249,008 triệu đồng", "Quy đổi theo đơn vị hiện nay"]
    ]
    text = shown_text(at)
    assert "Cách tính: quy đổi theo đơn vị hiện nay" in text and "Nghị quyết 202/2025/QH15" in text
    assert "Quảng Ngãi hiện nay gồm số liệu của: Kon Tum, Quảng Ngãi." in text
    next(r for r in at.radio if r.label.startswith("Cách tính")).set_value("as_reported").run()
    assert not at.exception
    assert merger_table(at) == [
        ["Kon Tum", "2023", "250 triệu đồng", "200 triệu đồng", "Như đã báo cáo"],
        ["Quảng Ngãi", "2023", "1,097 tỷ đồng", "49,008 triệu đồng", "Như đã báo cáo"],
    ]
    assert "Cách tính: như đã báo cáo" in shown_text(at)


def upload_issues(sub) -> list:
    import loaders
    from loaders.template import write_workbook

    result = loaders.read_submission("bao-cao.xlsx", write_workbook(sub))
    assert result.ok, result.errors
    return list(result.warnings)


def test_a_2026_report_naming_tinh_bac_giang_gets_the_successor_warning():
    from dataclasses import replace

    from generate import BAC_GIANG

    (warning,) = [
        w
        for w in upload_issues(replace(BAC_GIANG, year=2026, province="tỉnh Bắc Giang"))
        if w.code == "former-province"
    ]
    assert warning.severity == "warning" and (warning.sheet, warning.column) == ("ThongTin", "Tỉnh")
    assert "tỉnh Bắc Giang" in warning.message_vi and "Đơn vị kế tục: tỉnh Bắc Ninh" in warning.message_vi
    assert "01/07/2025" in warning.message_vi and "Nghị quyết 202/2025/QH15" in warning.message_vi
    assert "successor is tỉnh Bắc Ninh" in warning.message_en
    # The same report for 2023, when Bắc Giang existed, is not warned; nor is a 2026 Hà Nội report.
    assert not [w for w in upload_issues(BAC_GIANG) if w.code == "former-province"]
    assert not [
        w for w in upload_issues(replace(BAC_GIANG, year=2026, province="Hà Nội")) if w.code == "former-province"
    ]


def test_a_2025_report_of_a_so_tttt_names_the_so_khcn():
    from dataclasses import replace

    from generate import BAC_GIANG

    sub = replace(BAC_GIANG, year=2025, province="Hà Nội", agency="Sở Thông tin và Truyền thông thành phố Hà Nội")
    (warning,) = [w for w in upload_issues(sub) if w.code == "closed-agency"]
    assert "01/03/2025" in warning.message_vi and "Sở Khoa học và Công nghệ" in warning.message_vi


@pytest.fixture
def two_years_store_dir(merger_store_dir, tmp_path):
    """The merger store plus an ILLUSTRATIVE 2024 report of today's Quảng Ngãi Ban Dân tộc (2.000 triệu, made up,
    flagged illustrative): a year-over-year change that crosses the merger for Quảng Ngãi."""
    from dataclasses import replace

    import streamlit as st
    from generate import TR, kon_tum_illustrative

    from domain import BudgetLine, Indicator
    from intake import samples
    from loaders.template import write_workbook
    from store import Store

    sub = replace(
        kon_tum_illustrative(),
        agency="Ban Dân tộc tỉnh Quảng Ngãi",
        agency_code="QNG-BDT",
        province="Quảng Ngãi",
        year=2024,
        budget_lines=(BudgetLine("a", "Nhiệm vụ minh hoạ (không phải số liệu thật)", 2000 * TR, 500 * TR),),
        indicators=(Indicator("dti_score", 400.0, 485.0),),
    )
    path = tmp_path / "minh-hoa_quang-ngai_ban-dan-toc_2024.xlsx"
    path.write_bytes(write_workbook(sub))
    store = Store.open(f"sqlite:///{tmp_path / 'cds.sqlite3'}")
    assert samples.load_into(store, [path]).problems == []
    store.close()
    st.cache_data.clear()
    st.cache_resource.clear()
    return merger_store_dir


def metric(at, label: str):
    return next(m for m in at.metric if m.label == label)


def test_overview_year_over_year_is_restated_across_the_merger_and_says_so(two_years_store_dir):
    from ui import text as ui_text

    at = open_page("pages/overview.py", nam="2024", tinh="Quảng Ngãi")
    allocated = metric(at, ui_text.METRIC_ALLOCATED)
    # 2024: 2.000 triệu; 2023 restated: Quảng Ngãi 1.096,962 + Kon Tum 250 = 1.346,962 triệu.
    assert allocated.value == "2 tỷ đồng" and allocated.delta == "+653,038 triệu đồng"
    assert "số liệu quy đổi theo đơn vị hiện nay — năm trước và năm nay cùng tính các tỉnh cũ" in shown_text(at)
    assert at.query_params["cach_tinh"] == "quy-doi"

    at = open_page("pages/overview.py", nam="2024", tinh="Quảng Ngãi", cach_tinh="nhu-da-bao-cao")
    allocated = metric(at, ui_text.METRIC_ALLOCATED)
    assert allocated.delta == "+903,038 triệu đồng"  # against Quảng Ngãi's own 1.096,962 triệu
    assert "Thay đổi so với năm 2023: số liệu như đã báo cáo" in shown_text(at)


def test_sidebar_lists_todays_provinces_with_former_ones_under_them(merger_store_dir):
    at = open_page("pages/overview.py", nam="2023")
    picker = next(s for s in at.sidebar.selectbox if s.label == "Tỉnh")
    labels = list(picker.options)
    assert labels[0] == "Tất cả"
    at_qng = labels.index("Quảng Ngãi")
    assert labels[at_qng + 1] == "↳ Kon Tum (cũ, đến 30/06/2025)"
    assert labels[labels.index("Bắc Ninh") + 1] == "↳ Bắc Giang (cũ, đến 30/06/2025)"  # today's unit, no own data
    picker.set_value("Kon Tum").run()
    assert not at.exception and at.query_params["tinh"] == "Kon Tum"


def test_ranking_page_states_the_view_and_that_ranks_are_not_restated(merger_store_dir):
    at = open_page("pages/indicators.py", nam="2023", tinh="Quảng Ngãi")
    text = shown_text(at)
    assert "Số liệu quy đổi theo đơn vị hiện nay" in text  # the chart's caption
    assert "Thứ hạng không quy đổi: cột «Hạng đơn vị báo cáo» giữ nguyên như đã báo cáo" in text


def test_every_export_names_its_view():
    import pandas as pd

    from ui import tables

    frame, name = tables.with_view(pd.DataFrame({"Tỉnh, thành phố": ["Quảng Ngãi"]}), "chua-bao-cao", "restated")
    assert name == "chua-bao-cao_quy-doi-don-vi-hien-nay"
    assert frame["Cách tính"].tolist() == ["Quy đổi theo đơn vị hiện nay"]
    frame, name = tables.with_view(frame, "x", "as_reported")  # a table that already names its view keeps it
    assert name == "x_nhu-da-bao-cao" and frame["Cách tính"].tolist() == ["Quy đổi theo đơn vị hiện nay"]
    # Every table a filtered page downloads passes its view (counted=...), checked in the page sources.
    from pages_helpers import ROOT as root

    for page in ("overview", "budget", "indicators", "plan", "platforms"):
        source = (root / "pages" / f"{page}.py").read_text(encoding="utf-8")
        shown = source.count("drawn.show_table(")
        assert shown == source.count("counted="), page
        assert source.count("st.plotly_chart(") == source.count("chart_caption(chosen.view)"), page


# --- agency lineage (item 4), filing under the successor (item 3), the agency list (item 2) ---------------------


def test_lineage_of_an_agency_code_of_the_sample_data():
    done = admin("lineage", "MH-STTTT")
    assert done.returncode == 0, done.stderr
    (event,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert (event["date"], event["kind"]) == ("2025-03-01", "merge")
    assert event["to"] == [{"code": "MH-SKHCN", "name": "Sở Khoa học và Công nghệ (minh hoạ)"}]
    (closed,) = [json.loads(line) for line in admin("lineage", "mh-ubnd-ha").stdout.splitlines()]
    assert (closed["date"], closed["kind"], closed["to"]) == ("2025-07-01", "close", [])
    assert "Nghị quyết 203/2025/QH15" in closed["legal_basis"]
    quiet = admin("lineage", "MH-SNV")  # a known agency with no event: nothing to print, not an error
    assert quiet.returncode == 0 and quiet.stdout == ""


def test_a_2026_bac_giang_report_filed_under_bac_ninh_keeps_what_it_said():
    from dataclasses import replace

    from generate import BAC_GIANG

    from loaders import successors

    written = replace(BAC_GIANG, year=2026, province="tỉnh Bắc Giang")
    refiled = successors.under_successor(written)
    assert refiled is not None and refiled.submission.province == "Bắc Ninh"
    assert refiled.submission.agency_code == "BGG-BDT"  # no agency successor in the registry: agency as written
    assert refiled.written == "Ban Dân tộc tỉnh Bắc Giang (BGG-BDT), tỉnh Bắc Giang"
    assert written.province == "tỉnh Bắc Giang"  # the report itself is not changed
    assert successors.under_successor(BAC_GIANG) is None  # 2023: Bắc Giang existed
    stttt = replace(
        written, province="Tỉnh Minh Hoạ", agency="Sở Thông tin và Truyền thông (minh hoạ)", agency_code="MH-STTTT"
    )
    moved = successors.under_successor(replace(stttt, year=2025))
    assert moved is not None
    assert (moved.submission.agency_code, moved.submission.agency) == (
        "MH-SKHCN",
        "Sở Khoa học và Công nghệ (minh hoạ)",
    )


def test_upload_page_files_a_2026_bac_giang_report_under_bac_ninh(page_store_dir):
    from dataclasses import replace

    from generate import BAC_GIANG
    from test_upload_page import XLSX, texts, upload_page

    from loaders.template import write_workbook
    from store import Store

    raw = write_workbook(replace(BAC_GIANG, year=2026, province="tỉnh Bắc Giang"))
    at = upload_page()
    next(t for t in at.text_input if t.label == "Người nộp").input("Trần Thị B").run()
    at.get("file_uploader")[0].set_value(("bac-giang-2026.xlsx", raw, XLSX)).run()
    assert not at.exception, at.exception
    assert "Đơn vị kế tục: tỉnh Bắc Ninh" in "\n".join(str(f.values.tolist()) for f in (d.value for d in at.dataframe))
    box = next(c for c in at.checkbox if c.label.startswith("Nộp vào đơn vị kế tục"))
    assert box.label == "Nộp vào đơn vị kế tục: Ban Dân tộc tỉnh Bắc Giang (BGG-BDT), Bắc Ninh"
    box.check().run()
    assert "báo cáo ghi: Ban Dân tộc tỉnh Bắc Giang (BGG-BDT), tỉnh Bắc Giang" in texts(at)
    next(b for b in at.button if b.label == "Xác nhận nộp").click().run()
    assert not at.exception, at.exception

    store = Store.open(f"sqlite:///{page_store_dir / 'cds.sqlite3'}")
    try:
        stored = store.current_submission("BGG-BDT", 2026)
        assert stored is not None and stored.province == "Bắc Ninh"
        notes = store.issues_frame(2026)
        audit = store.audit_frame()
        detail = json.loads(audit[audit["year"] == 2026]["detail"].iloc[0])
        assert detail["filed_from"] == "Ban Dân tộc tỉnh Bắc Giang (BGG-BDT), tỉnh Bắc Giang"
        assert detail["filed_as"] == "Ban Dân tộc tỉnh Bắc Giang (BGG-BDT), Bắc Ninh"
        kept = notes[notes["code"] == "filed-under-successor"]["message_vi"].tolist()
        assert kept and "Báo cáo ghi Ban Dân tộc tỉnh Bắc Giang (BGG-BDT), tỉnh Bắc Giang" in kept[0]
        assert store.current_submission("BGG-BDT", 2023).province == "Bắc Giang"  # older versions untouched
    finally:
        store.close()


def test_upload_page_lists_todays_agencies_with_former_ones_under_them(merger_store_dir):
    from test_upload_page import upload_page

    at = upload_page()
    listing = next(d.value for d in at.dataframe if "Tỉnh, thành phố hiện nay" in d.value.columns)
    rows = listing.values.tolist()
    khcn = rows.index(["Tỉnh Minh Hoạ", "Sở Khoa học và Công nghệ (minh hoạ)", "MH-SKHCN"])
    assert rows[khcn + 1] == [
        "Tỉnh Minh Hoạ",
        "↳ Sở Thông tin và Truyền thông (minh hoạ) (cũ, đến 28/02/2025)",
        "MH-STTTT",
    ]
    assert ["Bắc Ninh", "↳ Ban Dân tộc tỉnh Bắc Giang (Bắc Giang cũ, đến 30/06/2025)", "BGG-BDT"] in rows
    assert ["Tỉnh Minh Hoạ", "↳ UBND huyện An Hoà (minh hoạ) (cũ, đến 30/06/2025)", "MH-UBND-HA"] in rows


def test_ranking_page_compares_years_in_the_view_only_when_last_year_is_there(two_years_store_dir):
    at = open_page("pages/indicators.py", nam="2024", tinh="Quảng Ngãi")
    assert "Thay đổi so với năm 2023: số liệu quy đổi theo đơn vị hiện nay" in shown_text(at)
    at = open_page("pages/indicators.py", nam="2023", tinh="Quảng Ngãi")
    assert "Thay đổi so với năm 2022" not in shown_text(at)


def test_a_reader_that_stops_early_gets_no_traceback():
    """`python -m admin provinces … | grep -m1 …`: the reader closes the pipe after one line; the command stops
    quietly instead of printing a BrokenPipeError traceback."""
    done = subprocess.Popen(
        [sys.executable, "-m", "admin", "provinces", "--as-of", "2025-06-30"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert done.stdout is not None and done.stderr is not None
    first = json.loads(done.stdout.readline())
    done.stdout.close()  # as grep -m1 does after its match
    err = done.stderr.read().decode("utf-8")
    done.wait(timeout=30)
    assert first["code"] and "Traceback" not in err and "BrokenPipeError" not in err
