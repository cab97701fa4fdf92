"""review: the Quảng Ngãi narrative report → editable frames with sources → Submission + provenance."""

from __future__ import annotations

import pandas as pd
import pytest

from intake import review
from intake import upload as flow
from store import Store
from tests.conftest import SEEDS_DIR
from ui import upload_tables

REPORT = SEEDS_DIR / "quang-ngai-ban-dan-toc-cds-2023.txt"


@pytest.fixture
def store(tmp_path):
    opened = Store.open(f"sqlite:///{tmp_path / 'cds.sqlite3'}")
    yield opened
    opened.close()


@pytest.fixture
def outcome() -> flow.Outcome:
    (read,) = flow.read_uploads([flow.UploadFile(REPORT.name, REPORT.read_bytes())])
    assert read.kind == "report" and read.ok
    return read


@pytest.fixture
def state(outcome) -> review.ReviewState:
    agencies = pd.DataFrame({"code": ["QNG-BDT"], "name": ["Ban Dân tộc tỉnh Quảng Ngãi"]})
    return review.start_review(outcome.extraction, agencies)


def test_frames_show_each_figure_with_its_sentence(state):
    assert state.header["agency_code"] == "QNG-BDT"  # matched to the registry by name
    assert state.header["year"] == 2023
    first = state.lines.iloc[0]
    assert first["allocated_trieu"] == 100 and first["disbursed_trieu"] == pytest.approx(3.402)
    assert "«3,402 triệu đồng»" in first["source"] and "«100 triệu đồng»" in first["source"]
    assert state.lines["use"].all()
    rank = state.indicators.set_index("code").loc["dti_rank"]
    assert (rank["value"], rank["out_of"]) == (7, 20) and "«07/20»" in rank["source"]
    assert state.stated_totals == {"a": 600_000_000}


def test_unedited_review_builds_the_extracted_submission(state, outcome):
    built = review.build(state)
    assert built.ok, built.problems
    assert built.submission.budget_lines == outcome.extraction.submission.budget_lines
    messages = [c.message_vi for c in built.checks]
    assert any("100 + 300 + 200 = 600" in m and "khớp" in m for m in messages)
    assert all(c.ok for c in built.checks)


def test_untick_and_edit_change_the_submission_and_rerun_checks(state):
    lines = state.lines.copy()
    lines.loc[1, "use"] = False  # the 300 triệu line is dropped
    lines.loc[0, "disbursed_trieu"] = 5.0
    indicators = state.indicators.copy()
    indicators.loc[indicators["code"] == "dti_rank", "value"] = 21.0  # rank 21 of 20
    edited = review.ReviewState(**{**state.__dict__, "lines": lines, "indicators": indicators})
    built = review.build(edited)
    sub = built.submission
    assert len(sub.budget_lines) == 4
    assert sub.budget_lines[0].disbursed_vnd == 5_000_000
    assert sub.budget_lines[1].allocated_vnd == 200_000_000  # the next line moved up
    total = next(c for c in built.checks if c.code == "source-total")
    assert not total.ok and "100 + 200 = 300" in total.message_vi and not total.blocking
    rank = next(c for c in built.checks if c.code == "rank-le-count")
    assert not rank.ok and rank.blocking and not built.ok
    # Sources follow the rows: line 3 of the report is now budget_lines[1]; the dropped line has none.
    fields = {s.field: s for s in built.sources}
    assert fields["budget_lines[0].disbursed_vnd"].edited
    assert not fields["budget_lines[0].allocated_vnd"].edited
    assert (
        "200 triệu đồng"
        in fields["budget_lines[1].allocated_vnd"].text[
            fields["budget_lines[1].allocated_vnd"].start : fields["budget_lines[1].allocated_vnd"].end
        ]
    )
    assert not any("300 triệu đồng" in s.text[s.start : s.end] for s in built.sources if s.field.startswith("budget"))


def test_added_row_and_missing_header(state):
    lines = pd.concat(
        [
            state.lines,
            pd.DataFrame([{"use": True, "funding_source": "c", "task": "Mua máy in", "allocated_trieu": 12.5}]),
        ],
        ignore_index=True,
    )
    built = review.build(
        review.ReviewState(**{**state.__dict__, "lines": lines, "header": {**state.header, "province": ""}})
    )
    assert built.submission is None and any("tỉnh" in p for p in built.problems)
    built = review.build(review.ReviewState(**{**state.__dict__, "lines": lines}))
    assert built.submission.budget_lines[-1].allocated_vnd == 12_500_000
    assert built.submission.budget_lines[-1].disbursed_vnd is None  # empty is not reported, never 0
    bad = lines.copy()
    bad.loc[len(bad) - 1, "allocated_trieu"] = None
    assert review.build(review.ReviewState(**{**state.__dict__, "lines": bad})).problems


def test_save_with_sources_and_restore_copies_them(store, state, outcome):
    lines = state.lines.copy()
    lines.loc[1, "use"] = False
    edited = review.ReviewState(**{**state.__dict__, "lines": lines})
    built = review.build(edited)
    result = flow.confirm_review(store, outcome, edited, built, "Cán bộ B")
    assert (result.version, result.created) == (1, True)
    assert store.original_file(result.submission_id) == (REPORT.name, REPORT.read_bytes())
    sources = store.sources_frame(result.submission_id)
    row = sources[sources["field"] == "budget_lines[0].disbursed_vnd"].iloc[0]
    assert "«3,402 triệu đồng»" in row["quote"] and "Đến nay đã giải ngân" in row["text"]
    assert (row["item"], row["item_position"], row["attribute"]) == ("budget_lines", 0, "disbursed_vnd")
    stored = store.load_submission(result.submission_id)
    assert len(stored.budget_lines) == 4
    # Extraction warnings travel with the version.
    assert store.versions("QNG-BDT", 2023)["n_warnings"].iloc[0] >= 1
    # A second, different upload then restoring version 1 copies its sources too.
    other = review.build(state)
    store.save_submission(
        other.submission, raw=b"other bytes", file_name="v2.txt", uploaded_by="x", sources=other.sources
    )
    restored = store.restore_version(result.submission_id, by="Cán bộ C")
    copied = store.sources_frame(restored.submission_id)
    assert copied.drop(columns=[]).equals(sources)
    provenance = upload_tables.provenance_table(copied)
    assert "«3,402 triệu đồng»" in " ".join(provenance["Câu nguồn"])


def test_spreadsheet_versions_have_no_sources(store):
    from tests.test_store import quang_ngai_2023

    result = store.save_submission(quang_ngai_2023(), raw=b"x", file_name="x.xlsx", uploaded_by="a")
    frame = store.sources_frame(result.submission_id)
    assert frame.empty and {"field", "quote", "item_position"} <= set(frame.columns)


def test_scanned_pdf_gets_the_extractor_message():
    (outcome,) = flow.read_uploads([flow.UploadFile("scan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF")])
    assert not outcome.ok and outcome.errors
    assert all(i.message_vi for i in outcome.errors)
