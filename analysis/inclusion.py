"""Which stored rows a consolidated report counts: those of the submissions in its scope.

Current or approved-only is decided below, by the ScopedStore the report reads through (approved_only=True
returns approved (agency, year) only), so every reader applies the same rule.
"""

from __future__ import annotations

import pandas as pd


def keep_included(frame: pd.DataFrame, included: pd.DataFrame) -> pd.DataFrame:
    """Rows of any store frame that belong to an included submission (matched on submission_id)."""
    if frame.empty:
        return frame
    return frame[frame["submission_id"].isin(set(included["submission_id"]))]
