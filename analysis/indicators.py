"""Indicator views (Chỉ số chuyển đổi số, Nền tảng & dịch vụ) computed from indicators_frame.

Agencies are scored on different maxima (439,72/485 next to 712/1000), so comparisons use the normalised
value: value / out_of, or a percentage / 100. Not reported stays missing, never 0.
"""

from __future__ import annotations

import pandas as pd

from domain import INDICATORS, PERCENT_INDICATORS

# x / y indicators of the Nền tảng & dịch vụ page, then the plain ones.
RATIO_CODES = ("platforms_used", "online_services", "computers_secured")
PERCENT_CODES = ("docs_electronic_pct", "docs_signed_pct")
COUNT_CODES = ("dx_staff",)
# Not on the heatmap: a rank is "lower is better" and counts have no maximum to normalise by.
HEATMAP_EXCLUDED = {"dti_rank"}


def _one_code(indicators: pd.DataFrame, code: str) -> pd.DataFrame:
    if indicators.empty:
        return indicators
    return indicators[indicators["code"] == code].drop_duplicates("agency_code", keep="first")


def normalised(values: pd.Series, out_of: pd.Series, codes: pd.Series) -> pd.Series:
    """value / out_of; a percentage / 100; <NA> when there is nothing to divide by."""
    values = values.astype("Float64")
    out_of = out_of.astype("Float64")
    ratio = (values / out_of).where(out_of > 0)
    pct = values / 100
    # Unknown codes kept from the file (format §2) read as % when their code says so (computers_internet_pct).
    is_pct = codes.isin(PERCENT_INDICATORS) | codes.astype(str).str.endswith("_pct")
    return ratio.where(~is_pct, pct).astype("Float64")


def dti_ranking(indicators: pd.DataFrame, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per agency that reported dti_score: raw points, normalised 0-1, rank overall and in its group,
    the rank it reported itself (dti_rank x/y), and the change of its group rank against the previous year."""
    columns = [
        "agency_code",
        "agency",
        "agency_group",
        "value",
        "out_of",
        "score_norm",
        "applies_to_year",
        "rank",
        "n_ranked",
        "group_rank",
        "group_size",
        "reported_rank",
        "reported_of",
        "previous_group_rank",
        "rank_change",
    ]
    scores = _one_code(indicators, "dti_score")
    if scores.empty:
        return pd.DataFrame(columns=columns)
    out = scores[["agency_code", "agency", "agency_group", "value", "out_of", "applies_to_year"]].copy()
    out["agency_group"] = out["agency_group"].fillna("")
    out["score_norm"] = normalised(out["value"], out["out_of"], pd.Series("dti_score", index=out.index))
    out["rank"] = out["score_norm"].rank(method="min", ascending=False).astype("Int64")
    out["n_ranked"] = int(out["score_norm"].notna().sum())
    out["group_rank"] = out.groupby("agency_group")["score_norm"].rank(method="min", ascending=False).astype("Int64")
    out["group_size"] = out.groupby("agency_group")["score_norm"].transform("count").astype("Int64")
    ranks = _one_code(indicators, "dti_rank")[["agency_code", "value", "out_of"]].rename(
        columns={"value": "reported_rank", "out_of": "reported_of"}
    )
    out = out.merge(ranks, on="agency_code", how="left")
    if previous is not None and not previous.empty:
        before = dti_ranking(previous)[["agency_code", "group_rank"]].rename(
            columns={"group_rank": "previous_group_rank"}
        )
        out = out.merge(before, on="agency_code", how="left")
    else:
        out["previous_group_rank"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["previous_group_rank"] = out["previous_group_rank"].astype("Int64")
    # Positive = moved up (rank 5 last year, 3 now: +2).
    out["rank_change"] = (out["previous_group_rank"] - out["group_rank"]).astype("Int64")
    out["agency_group"] = out["agency_group"].replace("", pd.NA)
    out = out.sort_values(["score_norm", "agency"], ascending=[False, True], na_position="last", kind="stable")
    return out[columns].reset_index(drop=True)


def heatmap_long(indicators: pd.DataFrame) -> pd.DataFrame:
    """agency × indicator cells with the normalised value (0-1) and the raw reading."""
    columns = ["agency_code", "agency", "code", "name", "value", "out_of", "norm"]
    if indicators.empty:
        return pd.DataFrame(columns=columns)
    work = indicators[~indicators["code"].isin(HEATMAP_EXCLUDED)].drop_duplicates(["agency", "code"])
    work = work.assign(norm=normalised(work["value"], work["out_of"], work["code"]))
    work = work[work["norm"].notna()]
    names = work["code"].map(lambda c: INDICATORS[c].name_vi if c in INDICATORS else None)
    work = work.assign(name=names.fillna(work["name"]).fillna(work["code"]))
    return work[columns].reset_index(drop=True)


def heatmap_matrix(long: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(norm, value, out_of) wide frames: agencies as rows (registry order of codes as columns)."""
    if long.empty:
        empty = pd.DataFrame()
        return empty, empty, empty
    order = [c for c in INDICATORS if c in set(long["code"])] + sorted(set(long["code"]) - set(INDICATORS))
    agencies = sorted(long["agency"].unique())
    # pivot, not pivot_table: an all-empty out_of column (percent indicators) must not drop rows or columns.
    wide = {
        k: long.pivot(index="agency", columns="code", values=k).reindex(index=agencies, columns=order)
        for k in ("norm", "value", "out_of")
    }
    return wide["norm"], wide["value"], wide["out_of"]


def platforms_by_agency(indicators: pd.DataFrame) -> pd.DataFrame:
    """One row per agency with <code>_value / <code>_out_of / <code>_norm for the page's indicators."""
    codes = RATIO_CODES + PERCENT_CODES + COUNT_CODES
    base = ["agency_code", "agency", "agency_group"]
    columns = base + [f"{c}_{k}" for c in codes for k in ("value", "out_of", "norm")]
    if indicators.empty:
        return pd.DataFrame(columns=columns)
    work = indicators[indicators["code"].isin(codes)].drop_duplicates(["agency_code", "code"])
    if work.empty:
        return pd.DataFrame(columns=columns)
    agencies = indicators.drop_duplicates("agency_code")[base]
    out = agencies.copy()
    work = work.assign(norm=normalised(work["value"], work["out_of"], work["code"]))
    for code in codes:
        own = work[work["code"] == code].set_index("agency_code")
        for k in ("value", "out_of", "norm"):
            out[f"{code}_{k}"] = out["agency_code"].map(own[k]).astype("Float64")
    return out[columns].sort_values("agency", kind="stable").reset_index(drop=True)


def platform_totals(per_agency: pd.DataFrame) -> dict[str, dict]:
    """Province totals: x/y summed (value, out_of, ratio, agencies complete), % averaged, counts summed."""
    totals: dict[str, dict] = {}
    for code in RATIO_CODES:
        v, o = per_agency.get(f"{code}_value"), per_agency.get(f"{code}_out_of")
        if v is None or v.notna().sum() == 0:
            totals[code] = {"n": 0}
            continue
        has = v.notna() & o.notna() & (o > 0)
        value, out_of = float(v[has].sum()), float(o[has].sum())
        totals[code] = {
            "n": int(v.notna().sum()),
            "value": value,
            "out_of": out_of,
            "ratio": value / out_of if out_of else None,
            "n_complete": int((v[has] >= o[has]).sum()),
        }
    for code in PERCENT_CODES:
        v = per_agency.get(f"{code}_value")
        n = 0 if v is None else int(v.notna().sum())
        totals[code] = {"n": n, "mean": float(v.mean()) if n else None}
    for code in COUNT_CODES:
        v = per_agency.get(f"{code}_value")
        n = 0 if v is None else int(v.notna().sum())
        totals[code] = {"n": n, "sum": float(v.sum()) if n else None}
    return totals
