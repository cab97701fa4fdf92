"""Every public read and write of store.ScopedStore, called by users outside the data's scope: nothing or a refusal.

The methods are enumerated by introspection, so a method added later is tested (or this test fails, asking for
the arguments to call it with).
"""

from __future__ import annotations

import inspect
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from loaders.real_reports import QUANG_NGAI
from store import Forbidden, Locked, Principal, ScopedStore, Store, ToSave, cycle
from store.access import ADMIN, AGENCY_STAFF, ANALYST, LEADER, OPEN


@pytest.fixture
def stored(tmp_path):
    """A store holding only Quảng Ngãi's Ban Dân tộc 2023 (two versions) and a registry of two provinces."""
    store = Store.open(f"sqlite:///{tmp_path / 'cds.sqlite3'}")
    store.upsert_agencies(
        [
            {"code": "QNG-BDT", "name": "Ban Dân tộc", "province": "Quảng Ngãi"},
            {"code": "BGG-BDT", "name": "Ban Dân tộc", "province": "Bắc Giang"},
        ]
    )
    first = store.save_submission(QUANG_NGAI, raw=b"v1", file_name="qng.xlsx", uploaded_by="A")
    store.save_submission(QUANG_NGAI, raw=b"v2", file_name="qng2.xlsx", uploaded_by="A")
    yield store, first.submission_id
    store.close()


OUTSIDERS = [
    Principal("bg", "Cán bộ Bắc Giang", AGENCY_STAFF, agency_code="BGG-BDT", province="Bắc Giang"),
    Principal("cv", "Chuyên viên Bắc Giang", ANALYST, province="Bắc Giang"),
    Principal("ld", "Lãnh đạo Bắc Giang", LEADER, province="Bắc Giang"),
    Principal("qt", "Quản trị Bắc Giang", ADMIN, province="Bắc Giang"),
]


def arguments(name: str, parameter: inspect.Parameter, first_id: int):
    """A value aimed at Quảng Ngãi's data for each parameter name a ScopedStore method takes."""
    values = {
        "submission_id": first_id,
        "agency_code": "QNG-BDT",
        "province": "Quảng Ngãi",
        "year": 2023,
        "sub": QUANG_NGAI,
        "raw": b"v3",
        "file_name": "qng3.xlsx",
        "uploaded_by": "kẻ lạ",
        "by": "kẻ lạ",
        "rows": [{"code": "QNG-BDT", "name": "Đổi tên", "province": "Quảng Ngãi"}],
        "sent": [("QNG-BDT", "bdt@quangngai.example.test")],
        "limit": 200,
        "deadline": date(2023, 12, 15),
        "ref": "1234/STTTT-CĐS ngày 15/11/2023",
        "lock_after_days": None,
        "reason": "lý do",
        "issues": (),
        "sources": (),
        "filed_from": None,
        "amounts_only": True,
        "items": [ToSave(QUANG_NGAI, b"v3", "qng3.xlsx", "kẻ lạ")],
    }
    if name == "period" and parameter.name == "province":
        return None  # the reader's own province: a period is not agency data
    if name in ("add_period",) and parameter.name == "province":
        return "Quảng Ngãi"
    assert parameter.name in values, f"ScopedStore.{name} takes {parameter.name}: add a value aimed at another scope"
    return values[parameter.name]


# Reads that return no agency's data: the request (công văn) a year's reports answer.
NOT_AGENCY_DATA = {"period"}


def public_methods() -> list[str]:
    return [
        n
        for n, f in inspect.getmembers(ScopedStore, inspect.isfunction)
        if not n.startswith("_") and n not in NOT_AGENCY_DATA
    ]


def is_nothing_of_quang_ngai(value) -> bool:
    """A frame without a Quảng Ngãi row (the user's own agency may be there), or an empty value."""
    if isinstance(value, pd.DataFrame):
        codes = [value[c] for c in ("agency_code", "code") if c in value.columns]
        return not any(column.eq("QNG-BDT").any() for column in codes) and not (
            "province" in value.columns and value["province"].eq("Quảng Ngãi").any()
        )
    return not value  # None, False, 0, [], ()


def test_the_enumeration_sees_reads_and_writes():
    names = set(public_methods())
    assert {"budget_lines_frame", "load_submission", "save_submission", "restore_version", "audit_frame"} <= names


@pytest.mark.parametrize("who", OUTSIDERS, ids=lambda p: p.role)
@pytest.mark.parametrize("name", public_methods())
def test_out_of_scope_user_gets_nothing_or_a_refusal(stored, who, name):
    store, first_id = stored
    before = store.table_checksums()
    method = getattr(ScopedStore(store, who), name)
    parameters = [p for p in inspect.signature(method).parameters.values() if p.kind != p.VAR_KEYWORD]
    positional = [arguments(name, p, first_id) for p in parameters if p.default is p.empty and p.kind != p.KEYWORD_ONLY]
    keywords = {p.name: arguments(name, p, first_id) for p in parameters if p.kind == p.KEYWORD_ONLY}
    try:
        result = method(*positional, **keywords)
    except Forbidden:
        result = None
    if isinstance(result, list) and result and all(isinstance(r, Forbidden) for r in result):
        result = None  # a batch write: each item refused in its place
    if name == "audit_mark":  # the log's mark counts exactly the entries the reader may list, none of Quảng Ngãi's
        listed = ScopedStore(store, who).audit_frame(limit=10_000)
        assert is_nothing_of_quang_ngai(listed)
        result = None if result == (None if listed.empty else (int(listed["id"].max()), len(listed))) else result
    assert is_nothing_of_quang_ngai(result), f"{who.role} outside Quảng Ngãi got {result!r} from {name}"
    assert store.table_checksums() == before


def test_own_scope_sees_its_data_and_may_upload(stored):
    store, first_id = stored
    staff = ScopedStore(store, Principal("qng", "Cán bộ QNG", AGENCY_STAFF, agency_code="QNG-BDT"))
    lines = staff.budget_lines_frame(2023)
    funded = lines[lines["funding_source"] == "a"]  # QĐ 569/QĐ-UBND: 100 + 300 + 200 triệu đồng
    assert funded["allocated_vnd"].sum() == 600_000_000
    assert funded["disbursed_vnd"].tolist()[0] == 3_402_000
    assert set(staff.agencies_frame()["code"]) == {"QNG-BDT"}
    saved = staff.save_submission(QUANG_NGAI, raw=b"v3", file_name="qng3.xlsx", uploaded_by="ignored")
    versions = staff.versions("QNG-BDT", 2023).set_index("version")
    assert (versions.loc[saved.version, "uploaded_by"], versions.loc[saved.version, "uploaded_by_login"]) == (
        "Cán bộ QNG",
        "qng",
    )
    with pytest.raises(Forbidden):  # agency staff may not restore
        staff.restore_version(first_id)


def test_leader_reads_everything_and_changes_nothing(stored):
    store, first_id = stored
    leader = ScopedStore(store, Principal("ld", "Lãnh đạo", LEADER))
    assert not leader.submissions_frame().empty
    assert leader.load_submission(first_id).agency_code == "QNG-BDT"
    before = store.table_checksums()
    for write in (
        lambda: leader.save_submission(QUANG_NGAI, raw=b"v9", file_name="x.xlsx"),
        lambda: leader.restore_version(first_id),
        lambda: leader.upsert_agencies([{"code": "QNG-BDT", "name": "x", "province": "Quảng Ngãi"}]),
    ):
        with pytest.raises(Forbidden):
            write()
    assert store.table_checksums() == before


def test_province_analyst_restores_in_scope_and_open_mode_does_everything(stored):
    store, first_id = stored
    analyst = ScopedStore(store, Principal("cv", "Chuyên viên QNG", ANALYST, province="Quảng Ngãi"))
    restored = analyst.restore_version(first_id)
    assert restored.created and analyst.versions("QNG-BDT", 2023)["uploaded_by_login"].iloc[-1] == "cv"
    audit = analyst.audit_frame()
    assert audit.iloc[0]["action"] == "restore" and audit.iloc[0]["actor_login"] == "cv"
    assert not ScopedStore(store, OPEN).budget_lines_frame().empty


def test_years_offer_only_the_requests_a_reader_answers(stored):
    """A 2024 period asked of Bắc Giang is Bắc Giang's year: Quảng Ngãi's agency and analyst open on their 2023, not on
    an empty 2024; Bắc Giang's agency (nothing reported yet) sees its 2024; a country-wide leader sees both."""
    store, _ = stored
    cycle.add_period(
        store,
        2024,
        date(2024, 12, 15),
        "99/STTTT ngày 01/11/2024",
        province="Bắc Giang",
        lock_after_days=None,
        actor="cv",
        actor_login=None,
    )
    qng_staff = ScopedStore(store, Principal("qng", "Cán bộ QNG", AGENCY_STAFF, agency_code="QNG-BDT"))
    qng_analyst = ScopedStore(store, Principal("cvq", "Chuyên viên QNG", ANALYST, province="Quảng Ngãi"))
    assert qng_staff.years() == [2023] and qng_analyst.years() == [2023]
    assert ScopedStore(store, OUTSIDERS[0]).years() == [2024]
    assert ScopedStore(store, Principal("ld", "Lãnh đạo", LEADER)).years() == [2024, 2023]


def test_a_batch_is_checked_item_by_item(stored):
    """One refusal costs its own item: the in-scope report of the same batch is stored."""
    store, _ = stored
    bac_giang = replace(QUANG_NGAI, agency_code="BGG-BDT", province="Bắc Giang")
    analyst = ScopedStore(store, Principal("cv", "Chuyên viên Bắc Giang", ANALYST, province="Bắc Giang"))
    analyst.save_submission(replace(bac_giang, year=2022), raw=b"2022", file_name="bg22.xlsx")
    analyst.approve("BGG-BDT", 2022)
    outcomes = analyst.save_submissions(
        [
            ToSave(QUANG_NGAI, b"qng", "qng.xlsx", "x"),
            ToSave(bac_giang, b"bg", "bg.xlsx", "x"),
            ToSave(replace(bac_giang, year=None), b"bg0", "bg0.xlsx", "x"),
            ToSave(replace(bac_giang, year=2022), b"2022 again", "bg22b.xlsx", "x"),
        ]
    )
    assert isinstance(outcomes[0], Forbidden) and isinstance(outcomes[2], ValueError)
    assert isinstance(outcomes[3], Locked) and outcomes[3].why == "approved"
    assert outcomes[1].created and outcomes[1].version == 1
    versions = analyst.versions("BGG-BDT", 2023)
    assert versions["uploaded_by"].tolist() == ["Chuyên viên Bắc Giang"]
    assert versions["uploaded_by_login"].tolist() == ["cv"]


def test_reported_pairs_are_the_submissions_frames_rows_for_every_reader(stored):
    """years() and the province picker read these light rows (issue 17, cold start); they must be the same
    reports as the full frame's, scope and approved-only included."""
    store, _ = stored
    ScopedStore(store, Principal("cv", "Chuyên viên QNG", ANALYST, province="Quảng Ngãi")).approve("QNG-BDT", 2023)
    readers = [OPEN, Principal("qng", "Cán bộ QNG", AGENCY_STAFF, agency_code="QNG-BDT"), *OUTSIDERS]
    seen = set()
    for principal in readers:
        for approved_only in (False, True):
            scoped = ScopedStore(store, principal, approved_only)
            full = scoped.submissions_frame()[["agency_code", "year", "province"]]
            light = scoped.reported_pairs()
            assert sorted(map(tuple, light.to_numpy())) == sorted(map(tuple, full.to_numpy()))
            seen.add(len(light))
    assert seen == {0, 1}  # both cases happen: Quảng Ngãi's report shown, and hidden from Bắc Giang
