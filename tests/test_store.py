"""The store: versions per (agency, year), exact round trips, current-version frames, atomic saves.

Every test runs on a temp-dir SQLite file and, where the server binaries exist, on a throwaway PostgreSQL.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from sqlalchemy import select, text

from domain import BudgetLine, Difficulty, FundingRequest, Indicator, Issue, Submission
from loaders.extract.model import Span
from store import SaveResult, Store
from store import database as store_module
from tests.pg import postgres_server, postgres_url  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parent.parent
M = 1_000_000  # đồng per triệu
QD_569 = "569/QĐ-UBND ngày 26/6/2023"
CONTRACTOR = "Trung tâm Công nghệ Thông tin và Truyền thông tỉnh Quảng Ngãi"


def quang_ngai_2023() -> Submission:
    """The Quảng Ngãi Ban Dân tộc 2023 report (shared/seeds), typed in by hand."""
    as_of = date(2023, 11, 30)
    return Submission(
        agency="Ban Dân tộc tỉnh Quảng Ngãi",
        agency_code="QNG-BDT",
        province="Quảng Ngãi",
        year=2023,
        report_date=as_of,
        requested_by="2391/STTTT-BCVT&CNTT ngày 22/11/2023",
        budget_lines=(
            BudgetLine(
                "a",
                "Đảm bảo an toàn thông tin đối với hệ thống thông tin cấp độ 2",
                100 * M,
                3_402_000,
                decision_ref=QD_569,
                as_of=as_of,
                expected_pct=100.0,
                procurement="chỉ định thầu",
                procurement_done=date(2023, 10, 1),
                contractor=CONTRACTOR,
                source_row=5,
            ),
            BudgetLine(
                "a",
                "Chỉnh lý, số hoá tài liệu lưu trữ",
                300 * M,
                162_000,
                decision_ref=QD_569,
                as_of=as_of,
                expected_pct=100.0,
                procurement="chỉ định thầu",
                procurement_done=date(2023, 11, 1),
                contractor="Công ty cổ phần Công nghệ và Truyền thông Năm Sao",
                source_row=6,
            ),
            BudgetLine(
                "a",
                "Xây lắp mới hệ thống mạng LAN, thiết bị và hệ thống mạng wifi",
                200 * M,
                4_482_000,
                decision_ref=QD_569,
                as_of=as_of,
                expected_pct=100.0,
                procurement="đấu thầu",
                procurement_done=date(2023, 11, 1),
                source_row=7,
            ),
            BudgetLine(
                "b",
                "Đầu tư Phòng họp trực tuyến và thuê đường truyền",
                456 * M,
                None,
                expected_pct=100.0,
                note="nguồn trung ương, địa phương",
                extra=(("Giai đoạn", "2021-2025"), ("Ghi chú 2", "")),
                source_row=8,
            ),
            BudgetLine("c", "Chi công nghệ thông tin tự bố trí", 40_962_000, None, source_row=9),
        ),
        indicators=(
            Indicator("dti_score", 439.72, 485.0, applies_to_year=2022, note="tự chấm"),
            Indicator("dti_rank", 7.0, 20.0, applies_to_year=2022, note="xếp thứ 07/20 sở ban ngành"),
            Indicator("platforms_used", 7.0, 7.0),
            Indicator("online_services", 37.0, 37.0),
            Indicator("computers_secured", 16.0, 16.0),
            Indicator("docs_electronic_pct", 100.0),
            Indicator("docs_signed_pct", 100.0),
            Indicator("dx_staff", 6.0),
            Indicator("dx_training", 4.0),
            Indicator("staff_total", 17.0),
        ),
        requests=(
            FundingRequest(
                2024,
                "Nâng cấp hạ tầng CNTT",
                40 * M,
                category="hạ tầng",
                legal_basis="Kế hoạch số 485/KH-BDT ngày 31/8/2020",
                scope="Mua mới 03 bộ máy vi tính",
                implementer="Ban Dân tộc tỉnh",
            ),
            FundingRequest(2024, "Hoạt động của Trang thông tin điện tử của Ban", 70 * M, category="trang thông tin"),
            FundingRequest(2024, "Số hoá", 100 * M, category="số hoá"),
            FundingRequest(2024, "Tập huấn ứng dụng công nghệ thông tin, chuyển đổi số", 300 * M, category="đào tạo"),
        ),
        difficulties=(
            Difficulty("khó khăn", "Công chức phụ trách CNTT kiêm nhiệm, không có chuyên môn."),
            Difficulty("kiến nghị", "Bố trí kinh phí trang bị mới máy tính."),
        ),
    )


UNIT_WARNING = Issue(
    "unit-assumed",
    "warning",
    "qng-2023.xlsx",
    "KinhPhi",
    4,
    "Kinh phí giao",
    "Không ghi đơn vị: hiểu là triệu đồng.",
    "No unit: read as million đồng.",
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(db_url):
    opened = Store.open(db_url)
    yield opened
    opened.close()


def save(store: Store, sub: Submission, raw: bytes = b"qng-2023 v1", **kw) -> SaveResult:
    return store.save_submission(
        sub, raw=raw, file_name="qng-2023.xlsx", uploaded_by="cán bộ A", issues=kw.pop("issues", (UNIT_WARNING,)), **kw
    )


def test_round_trip_gives_back_the_same_records(store):
    sub = quang_ngai_2023()
    result = save(store, sub)
    assert result == SaveResult(result.submission_id, 1, True)
    loaded = store.load_submission(result.submission_id)
    assert loaded == sub
    assert loaded.budget_lines[3].disbursed_vnd is None
    assert loaded.budget_lines[3].extra == (("Giai đoạn", "2021-2025"), ("Ghi chú 2", ""))
    assert loaded.indicators[0].value == 439.72 and loaded.allocated_vnd == 1_096_962_000
    assert store.current_submission("QNG-BDT", 2023) == sub
    assert store.current_submission("QNG-BDT", 2022) is None
    assert store.original_file(result.submission_id) == ("qng-2023.xlsx", b"qng-2023 v1")
    assert store.revision() == result.submission_id and not store.is_empty()
    with pytest.raises(KeyError):
        store.load_submission(result.submission_id + 100)


def test_frames_hold_quang_ngai_figures(store):
    save(store, quang_ngai_2023())
    lines = store.budget_lines_frame(2023)
    assert len(lines) == 5 and str(lines["allocated_vnd"].dtype) == "Int64"
    assert lines.loc[lines["funding_source"] == "a", "allocated_vnd"].sum() == 600_000_000
    assert lines.loc[lines["funding_source"] == "a", "disbursed_vnd"].sum() == 8_046_000
    b_line = lines[lines["funding_source"] == "b"].iloc[0]
    assert b_line["disbursed_vnd"] is pd.NA  # not reported stays NA, never 0
    assert lines["disbursed_vnd"].isna().sum() == 2
    assert lines["as_of"].iloc[0] == date(2023, 11, 30) and lines["report_date"].iloc[0] == date(2023, 11, 30)
    assert lines["agency"].iloc[0] == "Ban Dân tộc tỉnh Quảng Ngãi" and lines["province"].iloc[0] == "Quảng Ngãi"
    assert store.budget_lines_frame(2022).empty and list(store.budget_lines_frame(2022).columns) == list(lines.columns)

    indicators = store.indicators_frame(2023).set_index("code")
    assert indicators.loc["dti_score", "value"] == 439.72 and indicators.loc["dti_score", "out_of"] == 485
    assert indicators.loc["dti_score", "applies_to_year"] == 2022
    assert indicators.loc["online_services", ["value", "out_of"]].tolist() == [37, 37]
    assert indicators.loc["staff_total", "out_of"] is pd.NA

    requests = store.requests_frame()
    assert requests["amount_vnd"].tolist() == [40 * M, 70 * M, 100 * M, 300 * M]
    assert set(requests["request_year"]) == {2024} and set(requests["year"]) == {2023}
    assert store.difficulties_frame(2023)["kind"].tolist() == ["khó khăn", "kiến nghị"]
    assert store.issues_frame(2023)[["code", "row", "column"]].values.tolist() == [["unit-assumed", 4, "Kinh phí giao"]]

    subs = store.submissions_frame(2023)
    assert subs[["agency_code", "version", "n_versions", "n_lines", "n_warnings"]].values.tolist() == [
        ["QNG-BDT", 1, 1, 5, 1]
    ]
    uploaded_at = subs["uploaded_at"].iloc[0]
    assert str(uploaded_at.tz) == "UTC" and abs(datetime.now(UTC) - uploaded_at) < timedelta(minutes=5)
    assert store.years() == [2023]


def test_same_bytes_twice_make_no_new_version(store):
    first = save(store, quang_ngai_2023())
    before = store.table_checksums()
    again = save(store, quang_ngai_2023())
    assert again == SaveResult(first.submission_id, 1, False)
    assert store.table_checksums() == before


def test_new_bytes_make_version_2_and_frames_show_only_it(store):
    v1 = save(store, quang_ngai_2023())
    sub2 = quang_ngai_2023()
    sub2 = replace(sub2, budget_lines=(*sub2.budget_lines[:3], replace(sub2.budget_lines[3], disbursed_vnd=120 * M)))
    v2 = save(store, sub2, raw=b"qng-2023 v2")
    assert (v2.version, v2.created) == (2, True)
    lines = store.budget_lines_frame(2023)
    assert len(lines) == 4 and set(lines["version"]) == {2} and set(lines["submission_id"]) == {v2.submission_id}
    assert lines.loc[lines["funding_source"] == "b", "disbursed_vnd"].tolist() == [120 * M]
    assert lines["allocated_vnd"].sum() == 1_056_000_000  # the c line is gone in version 2
    assert store.submissions_frame()[["version", "n_versions", "n_lines"]].values.tolist() == [[2, 2, 4]]
    assert store.current_submission_id("QNG-BDT", 2023) == v2.submission_id
    history = store.versions("QNG-BDT", 2023)
    assert history["version"].tolist() == [1, 2] and history["n_warnings"].tolist() == [1, 1]
    # Bytes of any earlier version make no new version either; restore_version is how to go back.
    assert save(store, quang_ngai_2023()) == SaveResult(v1.submission_id, 1, False)
    assert store.current_submission_id("QNG-BDT", 2023) == v2.submission_id


def test_restore_copies_version_1_into_version_3(store):
    v1 = save(store, quang_ngai_2023())
    v2 = save(store, replace(quang_ngai_2023(), budget_lines=()), raw=b"qng-2023 v2", issues=())
    assert store.budget_lines_frame(2023).empty
    v3 = store.restore_version(v1.submission_id, by="lãnh đạo B")
    assert (v3.version, v3.created) == (3, True)
    assert store.load_submission(v3.submission_id) == quang_ngai_2023()
    assert store.original_file(v3.submission_id) == ("qng-2023.xlsx", b"qng-2023 v1")
    lines = store.budget_lines_frame(2023)
    assert lines.loc[lines["funding_source"] == "a", "allocated_vnd"].sum() == 600_000_000
    assert set(lines["version"]) == {3} and lines["disbursed_vnd"].isna().sum() == 2
    history = store.versions("QNG-BDT", 2023)
    assert history["action"].tolist() == ["upload", "upload", "restore"]
    assert history["restored_from"].tolist()[2] == v1.submission_id and history["restored_from"].isna().sum() == 2
    assert history["uploaded_by"].tolist()[2] == "lãnh đạo B" and history["n_warnings"].tolist() == [1, 0, 1]
    assert store.load_submission(v2.submission_id).budget_lines == ()  # nothing overwritten
    audit = store.audit_frame()
    assert audit["action"].tolist()[:3] == ["restore", "upload", "upload"]
    assert audit["submission_id"].tolist()[0] == v3.submission_id
    before = store.table_checksums()
    assert store.restore_version(v3.submission_id, by="x") == SaveResult(v3.submission_id, 3, False)
    assert store.table_checksums() == before


def test_failed_save_leaves_store_unchanged(store, monkeypatch):
    save(store, quang_ngai_2023())
    before = store.table_checksums()
    seen = {}

    def fail_after_lines(conn, *args, **kwargs):
        seen["lines"] = conn.execute(text("SELECT count(*) FROM budget_lines")).scalar_one()
        raise RuntimeError("disk full")

    monkeypatch.setattr(store_module, "_audit", fail_after_lines)
    with pytest.raises(RuntimeError, match="disk full"):
        save(store, replace(quang_ngai_2023(), agency_code="NEW-AGENCY"), raw=b"other")
    assert seen["lines"] == 10  # version 2's lines were inserted, then rolled back with everything else
    assert store.table_checksums() == before


def test_a_failing_submission_of_a_batch_is_rolled_back_alone(store, monkeypatch):
    """save_submissions: one transaction, a savepoint each; the failing one is absent, the others stored."""
    real_audit = store_module._audit

    def fail_for_new_agency(conn, actor, action, agency_code, *args, **kwargs):
        if agency_code == "NEW-AGENCY":
            raise RuntimeError("disk full")
        return real_audit(conn, actor, action, agency_code, *args, **kwargs)

    monkeypatch.setattr(store_module, "_audit", fail_for_new_agency)
    sub = quang_ngai_2023()
    items = [
        store_module.ToSave(sub, b"v1", "a.xlsx", "A", issues=(UNIT_WARNING,)),
        store_module.ToSave(replace(sub, agency_code="NEW-AGENCY"), b"new", "n.xlsx", "A"),
        store_module.ToSave(sub, b"v2", "b.xlsx", "A", uploaded_by_login="a", filed_from="Sở cũ"),
        store_module.ToSave(sub, b"v1", "a-copy.xlsx", "A"),  # the same bytes as the first: no new version
        store_module.ToSave(sub, b"bad", "c.xlsx", "A", issues=(replace(UNIT_WARNING, severity="error"),)),
    ]
    first, failed, second, again, refused = store.save_submissions(items)
    assert (first.version, first.created, second.version, second.created) == (1, True, 2, True)
    assert again == SaveResult(first.submission_id, 1, False)
    assert isinstance(failed, RuntimeError) and isinstance(refused, ValueError)
    assert set(store.agencies_frame()["code"]) == {"QNG-BDT"}  # the failed one's agency row rolled back too
    assert store.load_submission(second.submission_id) == sub
    assert store.versions("QNG-BDT", 2023)["file_name"].tolist() == ["a.xlsx", "b.xlsx"]
    assert len(store.audit_frame()) == 2


def _batch_items(code: str) -> list[store_module.ToSave]:
    """A batch with every kind of row: a pair twice, the same bytes again, a new agency, warnings, provenance."""
    sub = replace(quang_ngai_2023(), agency_code=code)
    spans = (
        Span("budget_lines[0].disbursed_vnd", "đã giải ngân 3,402 triệu đồng", 13, 29, 4, page=2),
        SimpleNamespace(field="agency", text="Ban Dân tộc", start=0, end=11, edited=True),  # no block or page
    )
    return [
        store_module.ToSave(sub, b"v1", "a.xlsx", "A", issues=(UNIT_WARNING,), sources=spans),
        store_module.ToSave(replace(sub, prepared_by="B"), b"v2", "b.xlsx", "B", "b", filed_from="Sở cũ"),
        store_module.ToSave(sub, b"v1", "a-copy.xlsx", "A"),
        store_module.ToSave(replace(sub, agency_code=f"{code}-NEW", year=2024), b"n", "n.xlsx", "A"),
    ]


def _stored_rows(store: Store, submission_id: int, code: str) -> dict[str, list[tuple]]:
    """Everything stored of one version, without what differs by who and when (ids, times) and its agency code."""
    rows = {}
    with store.connect() as conn:
        for table in store_module.CHILD_TABLES:
            found = conn.execute(select(table).where(table.c.submission_id == submission_id).order_by(table.c.position))
            rows[table.name] = [tuple(r)[1:] for r in found]
        head = conn.execute(select(store_module.submissions).where(store_module.submissions.c.id == submission_id))
        rows["submissions"] = [
            tuple(v for k, v in r._mapping.items() if k not in ("id", "agency_code", "uploaded_at")) for r in head
        ]
        audit = store_module.audit_log
        entries = conn.execute(
            select(audit.c.actor, audit.c.actor_login, audit.c.action, audit.c.year, audit.c.detail).where(
                audit.c.submission_id == submission_id
            )
        )
        rows["audit_log"] = [(*r[:-1], r[-1].replace(code, "…")) for r in entries]
    return rows


def test_a_batch_stores_what_one_by_one_stores(store):
    """save_submissions inserts a batch's rows together: the same rows and outcomes as saving each alone."""
    alone = [
        store.save_submission(
            i.sub,
            raw=i.raw,
            file_name=i.file_name,
            uploaded_by=i.uploaded_by,
            uploaded_by_login=i.uploaded_by_login,
            issues=i.issues,
            sources=i.sources,
            filed_from=i.filed_from,
        )
        for i in _batch_items("ALONE")
    ]
    together = store.save_submissions(_batch_items("BATCH"))
    assert [(r.version, r.created) for r in together] == [(r.version, r.created) for r in alone]
    assert [(1, True), (2, True), (1, False), (1, True)] == [(r.version, r.created) for r in alone]
    assert together[2].submission_id == together[0].submission_id
    for one, other in zip(alone, together):
        assert _stored_rows(store, other.submission_id, "BATCH") == _stored_rows(store, one.submission_id, "ALONE")
    assert store.load_submission(together[1].submission_id) == replace(
        quang_ngai_2023(), agency_code="BATCH", prepared_by="B"
    )
    assert len(store.sources_frame(together[0].submission_id)) == 2


def test_errors_are_rejected_not_stored(store):
    error = replace(UNIT_WARNING, code="amount-not-number", severity="error")
    with pytest.raises(ValueError):
        save(store, quang_ngai_2023(), issues=(error,))
    assert store.is_empty() and store.revision() == 0


def test_agency_registry_feeds_the_frames(store):
    save(store, quang_ngai_2023())
    auto = store.agencies_frame()
    assert auto[["code", "name", "expected_to_report"]].values.tolist() == [
        ["QNG-BDT", "Ban Dân tộc tỉnh Quảng Ngãi", True]
    ]
    store.upsert_agencies(
        [
            {"code": "QNG-BDT", "name": "Ban Dân tộc", "province": "Quảng Ngãi", "agency_group": "có TTHC"},
            {
                "code": "BGG-BDT",
                "name": "Ban Dân tộc tỉnh Bắc Giang",
                "province": "Bắc Giang",
                "agency_group": None,
                "expected_to_report": False,
            },
        ]
    )
    agencies = store.agencies_frame().set_index("code")
    assert agencies.loc["BGG-BDT", "expected_to_report"] == False  # noqa: E712 - numpy bool
    lines = store.budget_lines_frame()
    assert set(lines["agency_group"]) == {"có TTHC"} and set(lines["agency"]) == {"Ban Dân tộc"}
    # The registry's name stays when the agency uploads under another spelling.
    save(store, replace(quang_ngai_2023(), agency="BAN DÂN TỘC QUẢNG NGÃI"), raw=b"v2")
    assert store.agencies_frame().set_index("code").loc["QNG-BDT", "name"] == "Ban Dân tộc"
    assert store.current_submission("QNG-BDT", 2023).agency == "BAN DÂN TỘC QUẢNG NGÃI"


def test_migrations_create_the_schema_once_and_match_the_models(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    first = Store.open(db_url)
    save(first, quang_ngai_2023())
    before = first.table_checksums()
    first.close()
    again = Store.open(db_url)  # reopen: migrations already at head, nothing changes
    assert again.table_checksums() == before
    with again._engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == ["0004"]
        diff = compare_metadata(MigrationContext.configure(conn), store_module.metadata)
    assert diff == []
    again.close()


def test_head_revision_is_alembics_head():
    """Store.open skips Alembic when the schema says HEAD_REVISION: a new migration must move the constant too."""
    from alembic.script import ScriptDirectory

    from store.database import HEAD_REVISION, alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [HEAD_REVISION]


def test_an_older_schema_is_still_migrated(tmp_path):
    """A store left at an earlier revision is brought to head on open, the skip notwithstanding."""
    from alembic import command

    from store.database import HEAD_REVISION, alembic_config, make_engine

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0003")
    engine.dispose()
    store = Store.open(url)
    with store._engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [HEAD_REVISION]
        assert conn.execute(text("SELECT count(*) FROM periods")).scalar_one() == 0  # 0004's table exists
    store.close()


def test_alembic_command_line_migrates_database_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'ops.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(ROOT / "alembic.ini"), "upgrade", "head"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    opened = Store.open(url)
    assert opened.is_empty() and opened.table_checksums()["submissions"][0] == 0
    opened.close()


def test_default_url_follows_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CDS_DATA_DIR", str(tmp_path / "nested" / "data"))
    assert store_module.default_url() == f"sqlite:///{tmp_path / 'nested' / 'data' / 'cds.sqlite3'}"
    opened = Store.open()
    save(opened, quang_ngai_2023())
    opened.close()
    assert (tmp_path / "nested" / "data" / "cds.sqlite3").stat().st_size > 0
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db:5432/cds")
    assert store_module.default_url() == "postgresql+psycopg://u:p@db:5432/cds"


def test_in_memory_sqlite_works():
    memory = Store.open("sqlite://")
    save(memory, quang_ngai_2023())
    assert memory.budget_lines_frame()["allocated_vnd"].sum() == 1_096_962_000
    memory.close()


def _writer(url: str, n: int, barrier, results) -> None:
    """One separate process: open the store (racing the others to migrate), then save its own bytes."""
    try:
        barrier.wait(timeout=60)
        opened = Store.open(url)
        barrier.wait(timeout=60)
        result = opened.save_submission(
            replace(quang_ngai_2023(), prepared_by=f"writer {n}"),
            raw=f"writer {n}".encode(),
            file_name=f"w{n}.xlsx",
            uploaded_by=f"w{n}",
        )
        opened.close()
        results.put((n, result.version, result.created, None))
    except Exception as exc:  # reported to the parent, which fails the test with it
        results.put((n, None, None, repr(exc)))


def test_concurrent_writers_get_versions_1_to_8(db_url):
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(8), context.Queue()
    workers = [context.Process(target=_writer, args=(db_url, n, barrier, results)) for n in range(8)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert [o[3] for o in outcomes] == [None] * 8
    assert sorted(o[1] for o in outcomes) == list(range(1, 9)) and all(o[2] for o in outcomes)
    opened = Store.open(db_url)
    history = opened.versions("QNG-BDT", 2023)
    assert history["version"].tolist() == list(range(1, 9))
    assert sorted(history["file_name"]) == sorted(f"w{n}.xlsx" for n in range(8))
    assert opened.submissions_frame()["n_versions"].tolist() == [8]
    opened.close()


def test_reported_pairs_are_the_current_reports_without_their_figures(store):
    """The years and provinces a fresh server offers come from these light rows (issue 17); on both databases
    (PostgreSQL wants DISTINCT's ORDER BY among its columns) they are submissions_frame's reports."""
    sub = quang_ngai_2023()
    save(store, sub)
    save(store, sub, raw=b"qng-2023 v2")  # a second version: still one report
    save(store, replace(sub, year=2022), raw=b"qng-2022")
    save(
        store, replace(sub, agency_code="BGG-BDT", agency="Ban Dân tộc tỉnh Bắc Giang", province="Bắc Giang"), raw=b"bg"
    )
    pairs = store.reported_pairs()
    assert list(pairs.columns) == ["agency_code", "year", "province"]
    assert list(zip(pairs["agency_code"], pairs["year"], pairs["province"])) == [
        ("BGG-BDT", 2023, "Bắc Giang"),
        ("QNG-BDT", 2023, "Quảng Ngãi"),
        ("QNG-BDT", 2022, "Quảng Ngãi"),
    ]
    full = store.submissions_frame()
    assert sorted(zip(full["agency_code"], full["year"])) == sorted(zip(pairs["agency_code"], pairs["year"]))


def test_audit_mark_moves_with_every_entry_even_those_that_leave_the_revision(tmp_path):
    """Lịch sử phiên bản keeps its audit tables per (newest id, entries): a new account is logged without raising the
    revision, and the mark still moves, so the page lists it on its next run."""
    from store import OPEN, ScopedStore, accounts

    store = Store.open(f"sqlite:///{tmp_path / 'cds.sqlite3'}")
    reader = ScopedStore(store, OPEN)
    assert reader.audit_mark() is None  # nothing logged yet
    store.save_submission(quang_ngai_2023(), raw=b"v1", file_name="qng.xlsx", uploaded_by="A")
    listed = reader.audit_frame()
    saved = reader.audit_mark()
    assert saved == (int(listed["id"].max()), len(listed))
    revision = reader.revision()
    accounts.add_user(store, "admin", "quan_tri", name="Quản trị", password="một mật khẩu đủ dài 2026")
    assert reader.revision() == revision
    added = reader.audit_mark()
    assert added is not None and added[0] > saved[0] and added[1] == saved[1] + 1
    store.close()
