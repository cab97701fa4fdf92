"""Figures compared across the 2025 reorganisation, in two views (issue 15).

- "như đã báo cáo" (as reported): each figure under the province that existed and reported it.
- "quy đổi theo đơn vị hiện nay" (restated): each figure under today's province (units/ follows the
  successors): money, counts and x/y are summed into the successor; index scores (DTI) are averaged over
  the former provinces' agencies as DTI 2024 scores a merged province (the mean of the former provinces'
  indices); ranks are never restated (they were given within a field that no longer exists).

Stored submissions are never rewritten: the restated view is a column added to a frame. Vectorised pandas
only (a map over the distinct province names, then groupby), so it scales with the national corpus.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Literal

import pandas as pd

import units

View = Literal["as_reported", "restated"]
VIEWS: tuple[View, ...] = ("as_reported", "restated")
SUMMED_INDICATORS = ("platforms_used", "online_services", "computers_secured", "dx_staff", "dx_training")
AVERAGED_INDICATORS = ("dti_score",)  # index scores: the mean, as DTI does for a merged province
NEVER_RESTATED = ("dti_rank",)
MERGER_DAY = date(2025, 7, 1)  # Nghị quyết 202/2025/QH15: today's provinces from this day


def crosses_merger(years: Iterable[int], today: date | None = None) -> bool:
    """Whether comparing these report years with today's units crosses 01/07/2025.

    A report year ending before 01/07/2025 (2024 and earlier) or containing it (2025) was reported by the units of
    its time; read today (after the merger), its figures cross the date. Only when every year is after it do the
    two views coincide.
    """
    now = today or date.today()
    return now >= MERGER_DAY and any(year <= MERGER_DAY.year for year in years)


def default_view(years: Iterable[int], today: date | None = None) -> View:
    """Restated where a comparison crosses 01/07/2025 (issue 15), else as reported."""
    return "restated" if crosses_merger(years, today) else "as_reported"


def with_today_province(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with `province_today`: today's province of each row's province (itself if not in the registry)."""
    names = units.restated_names()
    distinct = pd.Series(frame["province"].dropna().unique())
    mapping = dict(zip(distinct, distinct.map(lambda n: names.get(n, n)), strict=True))
    return frame.assign(province_today=frame["province"].map(mapping).fillna(frame["province"]))


def key_column(view: View) -> str:
    return "province" if view == "as_reported" else "province_today"


def budget_by_province(lines: pd.DataFrame, view: View) -> pd.DataFrame:
    """year, province, allocated_vnd, disbursed_vnd (None-preserving), n_agencies: one row per province and year."""
    columns = ["year", "province", "allocated_vnd", "disbursed_vnd", "n_agencies"]
    if lines.empty:
        return pd.DataFrame(columns=columns)
    work = with_today_province(lines)
    grouped = work.groupby(["year", key_column(view)], sort=True)
    out = grouped.agg(
        allocated_vnd=("allocated_vnd", "sum"),
        disbursed_vnd=("disbursed_vnd", lambda s: s.sum(min_count=1)),
        n_agencies=("agency_code", "nunique"),
    ).reset_index()
    out = out.rename(columns={key_column(view): "province"})
    return out.astype({"allocated_vnd": "Int64", "disbursed_vnd": "Int64", "n_agencies": "int64"})[columns]


def indicators_by_province(indicators: pd.DataFrame, view: View) -> pd.DataFrame:
    """year, province, code, value, out_of, method: sums for counts and x/y, means for index scores, no ranks."""
    columns = ["year", "province", "code", "value", "out_of", "method"]
    keep = indicators[indicators["code"].isin(SUMMED_INDICATORS + AVERAGED_INDICATORS)] if len(indicators) else None
    if keep is None or keep.empty:
        return pd.DataFrame(columns=columns)
    work = with_today_province(keep)
    key = ["year", key_column(view), "code"]
    summed = (
        work[work["code"].isin(SUMMED_INDICATORS)]
        .groupby(key)
        .agg(value=("value", "sum"), out_of=("out_of", lambda s: s.sum(min_count=1)))
    )
    averaged = (
        work[work["code"].isin(AVERAGED_INDICATORS)]
        .groupby(key)
        .agg(value=("value", "mean"), out_of=("out_of", "mean"))
    )
    out = pd.concat([summed.assign(method="sum"), averaged.assign(method="mean")]).reset_index()
    return out.rename(columns={key_column(view): "province"})[columns].sort_values(key[:1] + ["province", "code"])


def formers_of(province_today: str, frame: pd.DataFrame) -> list[str]:
    """The as-reported provinces in the frame that today's province holds (for "gồm ..." captions)."""
    if frame.empty:
        return []
    work = with_today_province(frame)
    return sorted(work.loc[work["province_today"] == province_today, "province"].dropna().unique().tolist())


def _former_agency(code: str, name: str, today: date) -> tuple[date | None, str | None] | None:
    """(last day, successor code) of an agency that no longer exists today, by the registry or a rule; else None."""
    known = units.agency(code)
    if known is not None and known.valid_to is not None and known.valid_to < today:
        return known.valid_to, known.successor_code
    rule = units.closing_rule(name, today)
    return (rule.day - timedelta(days=1), None) if rule is not None else None


def agency_tree(agencies: pd.DataFrame, today: date | None = None) -> pd.DataFrame:
    """The agencies under today's provinces, each current agency followed by the former ones it took over.

    Columns: province_today, agency_code, agency, former (bool), until (last day, former only), successor_code,
    former_province (the former province's name when it differs from today's). A former agency with no successor
    (a closed UBND huyện) and the agencies of a former province are listed last under today's province.
    """
    columns = ["province_today", "agency_code", "agency", "former", "until", "successor_code", "former_province"]
    if agencies.empty:
        return pd.DataFrame(columns=columns)
    now = today or date.today()
    work = with_today_province(agencies.rename(columns={"code": "agency_code", "name": "agency"}))
    ended = {
        code: found
        for code, name in zip(work["agency_code"], work["agency"], strict=True)
        if (found := _former_agency(code, name, now)) is not None
    }
    province_end = {name: units.last_day_of(name) for name in work["province"].dropna().unique()}
    work = work.assign(
        former=work["agency_code"].isin(ended) | (work["province"] != work["province_today"]),
        until=[
            ended[c][0] if c in ended else province_end.get(p) for c, p in zip(work["agency_code"], work["province"])
        ],
        successor_code=work["agency_code"].map(lambda c: ended[c][1] if c in ended else None),
        former_province=work["province"].where(work["province"] != work["province_today"]),
    )
    # Sort: each row under its anchor (the successor it merged into, or itself); formers after their anchor.
    anchor = work["successor_code"].where(work["successor_code"].isin(work["agency_code"]), work["agency_code"])
    anchor_name = anchor.map(dict(zip(work["agency_code"], work["agency"])))
    orphan = work["former"] & ~work["successor_code"].isin(work["agency_code"])
    work = work.assign(_orphan=orphan, _anchor=anchor_name.where(~orphan, work["agency"]), _is_former=work["former"])
    work = work.sort_values(["province_today", "_orphan", "_anchor", "_is_former", "agency"])
    return work[columns].reset_index(drop=True)
