"""Which stored submissions a consolidated report counts: the current version of each, or only approved ones."""

from __future__ import annotations

import pandas as pd


def submissions_to_include(submissions: pd.DataFrame, approved_only: bool) -> pd.DataFrame:
    """The rows of store.submissions_frame() a report may count under the chosen view.

    The store has no approval state yet (issue 14 adds it): "bản hiện hành" is every current version, and
    "chỉ bản đã duyệt" is honestly empty rather than every current version under a wrong label. At the merge
    with issue 14 the approved_only branch becomes its filter, e.g. submissions[submissions["approved"]].
    """
    if approved_only:
        return submissions.iloc[0:0]
    return submissions


def keep_included(frame: pd.DataFrame, included: pd.DataFrame) -> pd.DataFrame:
    """Rows of any store frame that belong to an included submission (matched on submission_id)."""
    if frame.empty:
        return frame
    return frame[frame["submission_id"].isin(set(included["submission_id"]))]
