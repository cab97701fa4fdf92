"""Aggregations the pages draw, computed from the store's frames (money stays int đồng).

Not reported stays missing: a sum over lines none of which reported disbursement is <NA>, not 0.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from domain import FUNDING_SOURCES


@dataclass(frozen=True)
class BudgetTotals:
    allocated_vnd: int
    disbursed_vnd: int | None  # None: no line reported disbursement
    reported_allocated_vnd: int  # allocation of the lines that did report disbursement
    n_agencies: int
    n_lines: int

    @property
    def rate_pct(self) -> float | None:
        if self.disbursed_vnd is None or not self.reported_allocated_vnd:
            return None
        return 100.0 * self.disbursed_vnd / self.reported_allocated_vnd


def _sum_reported(series: pd.Series):
    """Sum that stays <NA> when every value is missing (min_count=1)."""
    return series.sum(min_count=1)


def _with_reported_allocation(lines: pd.DataFrame) -> pd.DataFrame:
    reported = lines["disbursed_vnd"].notna()
    expected = lines["expected_pct"].astype("Float64")
    return lines.assign(
        reported_allocated_vnd=lines["allocated_vnd"].where(reported, 0).astype("Int64"),
        # What the line should have disbursed by 31/12 if it keeps its stated plan.
        target_vnd=(lines["allocated_vnd"].astype("Float64") * expected / 100).round().astype("Int64"),
    )


def budget_totals(lines: pd.DataFrame) -> BudgetTotals:
    if lines.empty:
        return BudgetTotals(0, None, 0, 0, 0)
    work = _with_reported_allocation(lines)
    disbursed = _sum_reported(work["disbursed_vnd"])
    return BudgetTotals(
        allocated_vnd=int(work["allocated_vnd"].sum()),
        disbursed_vnd=None if pd.isna(disbursed) else int(disbursed),
        reported_allocated_vnd=int(work["reported_allocated_vnd"].sum()),
        n_agencies=int(work["agency_code"].nunique()),
        n_lines=len(work),
    )


def _rate(frame: pd.DataFrame) -> pd.Series:
    rate = frame["disbursed_vnd"].astype("Float64") * 100 / frame["reported_allocated_vnd"].astype("Float64")
    return rate.where(frame["reported_allocated_vnd"] > 0)


def by_agency(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per agency: allocated, disbursed (<NA> if none reported), rate, 31/12 target, lines."""
    columns = ["agency_code", "agency", "allocated_vnd", "disbursed_vnd", "reported_allocated_vnd",
               "target_vnd", "rate_pct", "n_lines"]
    if lines.empty:
        return pd.DataFrame(columns=columns)
    work = _with_reported_allocation(lines)
    grouped = work.groupby(["agency_code", "agency"], sort=False)
    out = grouped.agg(
        allocated_vnd=("allocated_vnd", "sum"),
        disbursed_vnd=("disbursed_vnd", _sum_reported),
        reported_allocated_vnd=("reported_allocated_vnd", "sum"),
        target_vnd=("target_vnd", _sum_reported),
        n_lines=("task", "size"),
    ).reset_index()
    out["disbursed_vnd"] = out["disbursed_vnd"].astype("Int64")
    out["target_vnd"] = out["target_vnd"].astype("Int64")
    out["rate_pct"] = _rate(out)
    return out.sort_values("allocated_vnd", ascending=False, kind="stable")[columns].reset_index(drop=True)


def by_source(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per funding source a/b/c present in the lines, with its Vietnamese name."""
    columns = ["funding_source", "source_name", "allocated_vnd", "disbursed_vnd", "reported_allocated_vnd",
               "rate_pct", "n_lines"]
    if lines.empty:
        return pd.DataFrame(columns=columns)
    work = _with_reported_allocation(lines)
    out = work.groupby("funding_source", sort=True).agg(
        allocated_vnd=("allocated_vnd", "sum"),
        disbursed_vnd=("disbursed_vnd", _sum_reported),
        reported_allocated_vnd=("reported_allocated_vnd", "sum"),
        n_lines=("task", "size"),
    ).reset_index()
    out["disbursed_vnd"] = out["disbursed_vnd"].astype("Int64")
    out["source_name"] = out["funding_source"].map(FUNDING_SOURCES)
    out["rate_pct"] = _rate(out)
    return out[columns]


def agencies_without_budget(submissions: pd.DataFrame, lines: pd.DataFrame) -> list[str]:
    """Agencies that submitted a report for the year but gave no budget line (shown as not reported)."""
    if submissions.empty:
        return []
    with_lines = set(lines["agency_code"]) if not lines.empty else set()
    missing = submissions[~submissions["agency_code"].isin(with_lines)]
    return sorted(missing["agency"].tolist())
