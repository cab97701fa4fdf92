"""submission_diff: items added, changed, removed between two versions; totals before → after."""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest

from domain import BudgetLine, FundingRequest, Indicator
from intake.diff import diff_submissions, totals
from tests.conftest import SAMPLE_DIR

sys.path.insert(0, str(SAMPLE_DIR))
from generate import QUANG_NGAI  # noqa: E402


def test_first_upload_adds_everything():
    diff = diff_submissions(None, QUANG_NGAI)
    assert diff.is_first and diff.before is None
    assert diff.count("added") == len(QUANG_NGAI.budget_lines) + len(QUANG_NGAI.indicators) + len(QUANG_NGAI.requests)
    assert diff.after.allocated_vnd == 1_096_962_000


def test_same_content_is_unchanged():
    diff = diff_submissions(QUANG_NGAI, replace(QUANG_NGAI))
    assert diff.unchanged and diff.changes == ()


def test_changed_disbursement_is_one_field_of_one_line():
    lines = list(QUANG_NGAI.budget_lines)
    lines[0] = replace(lines[0], disbursed_vnd=5_000_000)
    diff = diff_submissions(QUANG_NGAI, replace(QUANG_NGAI, budget_lines=tuple(lines)))
    (change,) = diff.changes
    assert (change.kind, change.status) == ("budget_lines", "changed")
    assert [(f.field, f.before, f.after) for f in change.fields] == [("disbursed_vnd", 3_402_000, 5_000_000)]
    assert diff.after.disbursed_vnd - diff.before.disbursed_vnd == 5_000_000 - 3_402_000


def test_added_removed_and_indicator_changes():
    new = replace(
        QUANG_NGAI,
        budget_lines=QUANG_NGAI.budget_lines[1:] + (BudgetLine("c", "Mua máy tính", 50_000_000),),
        indicators=tuple(replace(i, value=8.0) if i.code == "dti_rank" else i for i in QUANG_NGAI.indicators),
        requests=QUANG_NGAI.requests + (FundingRequest(2024, "Đào tạo", 10_000_000),),
    )
    diff = diff_submissions(QUANG_NGAI, new)
    kinds = {(c.kind, c.status, c.label) for c in diff.changes}
    assert ("budget_lines", "removed", QUANG_NGAI.budget_lines[0].task) in kinds
    assert ("budget_lines", "added", "Mua máy tính") in kinds
    assert ("indicators", "changed", "dti_rank") in kinds
    assert ("requests", "added", "Đào tạo") in kinds
    assert diff.after.allocated_vnd == QUANG_NGAI.allocated_vnd - 100_000_000 + 50_000_000


def test_tasks_match_without_accents_or_case_and_duplicates_stay_two():
    line = BudgetLine("a", "Số hoá tài liệu", 1_000_000)
    old = replace(QUANG_NGAI, budget_lines=(line, line))
    new = replace(QUANG_NGAI, budget_lines=(replace(line, task="SỐ HOÁ TÀI LIỆU"), line))
    diff = diff_submissions(old, new)
    # Only the task text changed on the first; the duplicate is matched one to one, not dropped.
    assert [c.status for c in diff.changes] == ["changed"]
    assert diff.changes[0].fields[0].field == "task"


def test_not_reported_disbursement_stays_none_in_totals():
    sub = replace(QUANG_NGAI, budget_lines=tuple(replace(b, disbursed_vnd=None) for b in QUANG_NGAI.budget_lines))
    assert totals(sub).disbursed_vnd is None
    assert totals(replace(sub, budget_lines=())).allocated_vnd is None
    assert totals(sub).n_indicators == len(QUANG_NGAI.indicators)


@pytest.mark.parametrize("indicator", [Indicator("dx_staff", 6.0), Indicator("dx_staff", 6.0, note="khác")])
def test_indicator_note_change_is_detected(indicator):
    old = replace(QUANG_NGAI, indicators=(Indicator("dx_staff", 6.0),))
    diff = diff_submissions(old, replace(QUANG_NGAI, indicators=(indicator,)))
    assert len(diff.changes) == (0 if indicator.note is None else 1)
