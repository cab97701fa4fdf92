"""Aggregations the pages draw, computed from the store's frames (money stays int đồng).

Not reported stays missing: a sum over lines none of which reported disbursement is <NA>, not 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from domain import FUNDING_SOURCES, rate_pct


@dataclass(frozen=True)
class BudgetTotals:
    allocated_vnd: int
    disbursed_vnd: int | None  # None: no line reported disbursement
    reported_allocated_vnd: int  # allocation of the lines that did report disbursement
    n_agencies: int
    n_lines: int
    n_unreported_lines: int = 0  # lines that did not report disbursement (not zero: not reported)

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
        n_unreported_lines=int(work["disbursed_vnd"].isna().sum()),
    )


def _rate(frame: pd.DataFrame) -> pd.Series:
    rate = frame["disbursed_vnd"].astype("Float64") * 100 / frame["reported_allocated_vnd"].astype("Float64")
    return rate.where(frame["reported_allocated_vnd"] > 0)


def by_agency(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per agency: allocated, disbursed (<NA> if none reported), rate, 31/12 target, lines."""
    return _summary(lines, ["agency_code", "agency"])


def by_province(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per province, as by_agency (national scope is shown by province first, then drilled into)."""
    return _summary(lines, ["province"])


def _summary(lines: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    columns = [*keys, "allocated_vnd", "disbursed_vnd", "reported_allocated_vnd", "target_vnd", "rate_pct", "n_lines"]
    if lines.empty:
        return pd.DataFrame(columns=columns)
    work = _with_reported_allocation(lines)
    grouped = work.groupby(keys, sort=False)
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
    columns = [
        "funding_source",
        "source_name",
        "allocated_vnd",
        "disbursed_vnd",
        "reported_allocated_vnd",
        "rate_pct",
        "n_lines",
    ]
    if lines.empty:
        return pd.DataFrame(columns=columns)
    work = _with_reported_allocation(lines)
    out = (
        work.groupby("funding_source", sort=True)
        .agg(
            allocated_vnd=("allocated_vnd", "sum"),
            disbursed_vnd=("disbursed_vnd", _sum_reported),
            reported_allocated_vnd=("reported_allocated_vnd", "sum"),
            n_lines=("task", "size"),
        )
        .reset_index()
    )
    out["disbursed_vnd"] = out["disbursed_vnd"].astype("Int64")
    out["source_name"] = out["funding_source"].map(FUNDING_SOURCES)
    out["rate_pct"] = _rate(out)
    return out[columns]


def agencies_without_budget(submissions: pd.DataFrame, lines: pd.DataFrame) -> list[str]:
    """Agencies that submitted a report for the year but gave no budget line (shown as not reported)."""
    if submissions.empty:
        return []
    # The distinct codes, not a set of every line's (~20,000 Python strings at national scale).
    with_lines = lines["agency_code"].unique() if not lines.empty else []
    missing = submissions[~submissions["agency_code"].isin(with_lines)]
    return sorted(missing["agency"].tolist())


# --- filters, reporting status and the "cần chú ý" list (Tổng quan) ------------------------------------------


def only(frame: pd.DataFrame, province: str | tuple[str, ...] | None = None, group: str | None = None) -> pd.DataFrame:
    """Rows of one province (or of several: today's unit and the former ones it holds, issue 15) and/or agency
    group (None = all); works on every store frame."""
    if frame.empty:
        return frame
    keep = pd.Series(True, index=frame.index)
    if isinstance(province, tuple):
        keep &= frame["province"].isin(province)
    elif province is not None:
        keep &= frame["province"] == province
    if group is not None:
        keep &= frame["agency_group"] == group
    return frame[keep]


@dataclass(frozen=True)
class ReportingStatus:
    n_expected: int  # agencies expected to report (registry) under the filters
    n_reported: int  # of those, agencies with a current submission for the year
    n_reported_total: int  # every agency with a submission, expected or not
    missing: tuple[tuple[str, str], ...]  # (code, name) expected but not reported


def reporting_status(registry_rows: pd.DataFrame, submissions: pd.DataFrame) -> ReportingStatus:
    """Who had to report (registry(), expected_to_report) and who did; both frames already filtered."""
    expected = (
        registry_rows[registry_rows["expected_to_report"].astype(bool)] if not registry_rows.empty else registry_rows
    )
    reported = set(submissions["agency_code"]) if not submissions.empty else set()
    missing = expected[~expected["agency_code"].isin(reported)] if not expected.empty else expected
    return ReportingStatus(
        n_expected=len(expected),
        n_reported=len(expected) - len(missing),
        n_reported_total=len(reported),
        missing=tuple(sorted(zip(missing.get("agency_code", []), missing.get("agency", [])), key=lambda p: p[1])),
    )


def registry(agencies_frame: pd.DataFrame) -> pd.DataFrame:
    """agencies_frame with the column names of the other frames (agency_code, agency), for only()."""
    return agencies_frame.rename(columns={"code": "agency_code", "name": "agency"})


def requests_total(requests: pd.DataFrame) -> int | None:
    """Sum of the funding requests; None when no request was made."""
    if requests.empty:
        return None
    return int(requests["amount_vnd"].sum())


def _days_in_year(year: int) -> int:
    return 366 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 365


def pace(lines: pd.DataFrame) -> pd.DataFrame:
    """Budget lines with their straight-line projection to 31/12 and whether it falls short.

    projected = disbursed so far / days since 1/1 up to as_of × days in the year; a line is behind when
    projected < expected_pct × allocated. expected_pct left empty is read as 100% (the whole allocation by
    31/12, the norm for a yearly allocation); as_of left empty falls back to the report date. A line that did
    not report disbursement cannot be projected: it is listed as not reported, never as behind.
    """
    columns = [
        "agency_code",
        "agency",
        "agency_group",
        "funding_source",
        "task",
        "allocated_vnd",
        "disbursed_vnd",
        "as_of",
        "expected_pct",
        "target_vnd",
        "projected_vnd",
        "projected_pct",
        "behind",
        "not_reported",
    ]
    if lines.empty:
        return pd.DataFrame(columns=columns)
    work = lines.copy()
    as_of = work["as_of"].where(work["as_of"].notna(), work["report_date"])
    expected = work["expected_pct"].astype("Float64").fillna(100.0)
    projected, target = [], []
    for when, disbursed, allocated, exp in zip(as_of, work["disbursed_vnd"], work["allocated_vnd"], expected):
        target.append(int(round(int(allocated) * float(exp) / 100)))
        if pd.isna(disbursed) or when is None or pd.isna(when):
            projected.append(pd.NA)
            continue
        elapsed = max(1, (when - when.replace(month=1, day=1)).days + 1)
        full = _days_in_year(when.year)
        projected.append(min(int(allocated), int(round(int(disbursed) * full / min(elapsed, full)))))
    work["as_of"] = as_of
    work["expected_pct"] = expected
    work["target_vnd"] = pd.array(target, dtype="Int64")
    work["projected_vnd"] = pd.array(projected, dtype="Int64")
    alloc = work["allocated_vnd"].astype("Float64")
    work["projected_pct"] = (work["projected_vnd"].astype("Float64") * 100 / alloc).where(alloc > 0)
    work["not_reported"] = work["disbursed_vnd"].isna()
    work["behind"] = (work["projected_vnd"] < work["target_vnd"]).fillna(False).astype(bool)
    return work[columns].reset_index(drop=True)


def behind_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """Lines whose straight-line pace will not reach the expected % by 31/12, furthest behind first."""
    paced = pace(lines)
    if paced.empty:
        return paced
    behind = paced[paced["behind"]].copy()
    behind["gap_vnd"] = (behind["target_vnd"] - behind["projected_vnd"]).astype("Int64")
    return behind.sort_values("gap_vnd", ascending=False, kind="stable").reset_index(drop=True)


def agency_pace(lines: pd.DataFrame) -> pd.DataFrame:
    """Per agency: disbursed %, straight-line projection % and the 31/12 target %, for the pace chart."""
    columns = [
        "agency_code",
        "agency",
        "allocated_vnd",
        "disbursed_vnd",
        "rate_pct",
        "projected_pct",
        "target_pct",
        "n_behind",
        "n_not_reported",
    ]
    paced = pace(lines)
    if paced.empty:
        return pd.DataFrame(columns=columns)
    paced["reported_alloc"] = paced["allocated_vnd"].where(~paced["not_reported"], 0)
    paced["reported_target"] = paced["target_vnd"].where(~paced["not_reported"], 0)
    out = (
        paced.groupby(["agency_code", "agency"], sort=False)
        .agg(
            allocated_vnd=("allocated_vnd", "sum"),
            disbursed_vnd=("disbursed_vnd", _sum_reported),
            projected_vnd=("projected_vnd", _sum_reported),
            reported_alloc=("reported_alloc", "sum"),
            reported_target=("reported_target", "sum"),
            n_behind=("behind", "sum"),
            n_not_reported=("not_reported", "sum"),
        )
        .reset_index()
    )
    base = out["reported_alloc"].astype("Float64")
    ok = base > 0
    out["rate_pct"] = (out["disbursed_vnd"].astype("Float64") * 100 / base).where(ok)
    out["projected_pct"] = (out["projected_vnd"].astype("Float64") * 100 / base).where(ok)
    out["target_pct"] = (out["reported_target"].astype("Float64") * 100 / base).where(ok)
    out["disbursed_vnd"] = out["disbursed_vnd"].astype("Int64")
    return out.sort_values("rate_pct", kind="stable", na_position="last")[columns].reset_index(drop=True)


def treemap_nodes(lines: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Treemap rows: one per agency (parent "") and one per budget line under it; ids carry the agency code.

    top: only the agencies with the largest allocation (a tile per line of every agency is too many to draw).
    """
    columns = ["id", "parent", "label", "agency_code", "allocated_vnd", "disbursed_vnd", "rate_pct"]
    if lines.empty:
        return pd.DataFrame(columns=columns)
    if top is not None:
        largest = lines.groupby("agency_code")["allocated_vnd"].sum().nlargest(top).index
        lines = lines[lines["agency_code"].isin(largest)]
    rows = []
    for (code, name), own in lines.groupby(["agency_code", "agency"], sort=False):
        disbursed = _sum_reported(own["disbursed_vnd"])
        reported_alloc = own.loc[own["disbursed_vnd"].notna(), "allocated_vnd"].sum()
        rows.append(
            {
                "id": f"agency|{code}",
                "parent": "",
                "label": name,
                "agency_code": code,
                "allocated_vnd": int(own["allocated_vnd"].sum()),
                "disbursed_vnd": None if pd.isna(disbursed) else int(disbursed),
                "rate_pct": None
                if pd.isna(disbursed) or not reported_alloc
                else 100.0 * int(disbursed) / int(reported_alloc),
            }
        )
        for n, line in enumerate(own.itertuples()):
            d = None if pd.isna(line.disbursed_vnd) else int(line.disbursed_vnd)
            rows.append(
                {
                    "id": f"line|{code}|{n}",
                    "parent": f"agency|{code}",
                    "label": f"{line.funding_source}) {line.task}",
                    "agency_code": code,
                    "allocated_vnd": int(line.allocated_vnd),
                    "disbursed_vnd": d,
                    "rate_pct": rate_pct(d, int(line.allocated_vnd)),
                }
            )
    return pd.DataFrame(rows, columns=columns)


# --- Kế hoạch năm sau ---------------------------------------------------------------------------------------


def requests_by_category(requests: pd.DataFrame) -> pd.DataFrame:
    """Total requested per category (empty category = "khác"), largest first."""
    columns = ["category", "amount_vnd", "n_requests", "n_agencies"]
    if requests.empty:
        return pd.DataFrame(columns=columns)
    work = requests.assign(category=requests["category"].fillna("").replace("", UNCATEGORISED))
    out = (
        work.groupby("category", sort=False)
        .agg(
            amount_vnd=("amount_vnd", "sum"),
            n_requests=("task", "size"),
            n_agencies=("agency_code", "nunique"),
        )
        .reset_index()
    )
    out["amount_vnd"] = out["amount_vnd"].astype("Int64")
    return out.sort_values("amount_vnd", ascending=False, kind="stable")[columns].reset_index(drop=True)


UNCATEGORISED = "khác"  # a data label (the category of a request that names none), not UI wording
LOW_ABSORPTION_PCT = 50.0  # below this disbursement rate, a bigger request deserves a second look


def requests_vs_capacity(requests: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """Per requesting agency: total requested next to this year's allocation and disbursement rate.

    absorb is "low" when the agency disbursed under LOW_ABSORPTION_PCT of what it reported on, "unknown"
    when it gave no budget line or no disbursement figure (shown as chưa báo cáo, not as 0), else "ok".
    """
    columns = [
        "agency_code",
        "agency",
        "requested_vnd",
        "n_requests",
        "allocated_vnd",
        "disbursed_vnd",
        "rate_pct",
        "request_vs_allocated_pct",
        "absorb",
    ]
    if requests.empty:
        return pd.DataFrame(columns=columns)
    asked = (
        requests.groupby(["agency_code", "agency"], sort=False)
        .agg(requested_vnd=("amount_vnd", "sum"), n_requests=("task", "size"))
        .reset_index()
    )
    budget = by_agency(lines)[["agency_code", "allocated_vnd", "disbursed_vnd", "rate_pct"]]
    out = asked.merge(budget, on="agency_code", how="left")
    out["requested_vnd"] = out["requested_vnd"].astype("Int64")
    out["allocated_vnd"] = out["allocated_vnd"].astype("Int64")
    out["disbursed_vnd"] = out["disbursed_vnd"].astype("Int64")
    out["rate_pct"] = out["rate_pct"].astype("Float64")
    alloc = out["allocated_vnd"].astype("Float64")
    out["request_vs_allocated_pct"] = (out["requested_vnd"].astype("Float64") * 100 / alloc).where(alloc > 0)
    out["absorb"] = ["unknown" if pd.isna(r) else ("low" if r < LOW_ABSORPTION_PCT else "ok") for r in out["rate_pct"]]
    return out.sort_values("requested_vnd", ascending=False, kind="stable")[columns].reset_index(drop=True)


def previous_year(years: list[int], year: int | None) -> int | None:
    """The year before `year` if the store has reports for it."""
    if year is None:
        return None
    return year - 1 if (year - 1) in years else None
