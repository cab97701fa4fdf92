"""Display tables: Vietnamese headers, amounts in triệu đồng, vi-VN number format, — for not reported."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

import formatting as fmt
from domain import FUNDING_SOURCES, VND_PER_MILLION
from ui import filters
from ui import text as ui_text


def only_province(frame: pd.DataFrame, province: str | None) -> pd.DataFrame:
    if province is None or frame.empty:
        return frame
    return frame[frame["province"] == province]


def illustrative_banner(submissions: pd.DataFrame, message: str | None = None) -> None:
    """Say on screen which figures are generated sample data, not real reports.

    message: illustrative_message(submissions) computed ahead (ui/page keeps it per revision and filters)."""
    message = illustrative_message(submissions) if message is None else message
    if message:
        st.info(message, icon=":material/science:")  # emoji need a colour font the server may lack


def illustrative_message(submissions: pd.DataFrame) -> str:
    """The banner's text naming the agencies whose figures are illustrative, or "" when none is."""
    if submissions.empty or "illustrative" not in submissions:
        return ""
    shown = submissions[submissions["illustrative"].astype(bool)]
    if shown.empty:
        return ""
    names = sorted(shown["agency"].unique())
    listed = ", ".join(fmt.inert(n) for n in names[:3])
    if len(names) > 3:
        listed = ui_text.BANNER_MORE.format(listed=listed, n=fmt.count(len(names) - 3))
    return ui_text.ILLUSTRATIVE_BANNER.format(agencies=listed)


def _millions(series: pd.Series) -> pd.Series:
    return series.astype("Float64") / VND_PER_MILLION


def _vi_style(frame: pd.DataFrame, decimals: dict[str, int]):
    """Styler that shows 1.234,5 and — while the column stays numeric (sorting still works)."""
    styler = frame.style
    for column, places in decimals.items():
        # na_rep: Styler skips the formatter for missing cells, which Streamlit would then show as "None".
        styler = styler.format(lambda v, p=places: fmt.number(v, p), subset=[column], na_rep=fmt.NOT_REPORTED)
    styler.vi_decimals = decimals  # lets prepare() restyle the rows it displays
    return styler


def computed_style(frame: pd.DataFrame, decimals: dict[str, int], name: str):
    """_vi_style, computed once and unchanged by being drawn: a prepared table is drawn on every rerun of every
    session (ui/drawn keeps it per revision and filters).

    Streamlit's marshall_styler sets a Styler's uuid when it has none, then calls its _compute() and
    _translate(False, False) on every draw: ~4 ms of a 34-row table's ~7 ms each rerun, and a shared Styler
    would be recomputed by two sessions at once. Here the uuid is set and both are run once; the instance then
    answers those two calls with what they gave (pandas 3.1's private methods, which Streamlit 1.67 calls:
    tests/test_tables.py checks the cells drawn are the formatted ones). What _translate gave also keeps the
    display values' Arrow bytes once Streamlit has made them (_Translated, _marshall_display_values).
    """
    styler = _vi_style(keep_bytes_of(frame), decimals)  # drawn as it is, never changed: Arrow bytes made once
    styler.set_uuid(f"cds-{name}")  # no cell carries CSS: the id only names the table's (empty) style rules
    styler._compute()
    translated = _Translated(styler._translate(False, False))
    styler._compute = lambda: styler  # instance attributes are found before the class's methods
    styler._translate = lambda *args, **kwargs: translated
    return styler


class _Translated(dict):
    """A computed Styler's _translate result, which also keeps the display values' Arrow bytes once made."""

    display_values: bytes | None = None


def _keep_display_values() -> None:
    """Streamlit makes a Styler's display values anew on each draw from what _translate gives: a frame of every
    cell as text, a regular expression per cell, then Arrow bytes (~6 ms of the Kinh phí page's ~21 ms rerun).
    For a computed Styler (_Translated) those bytes are made on its first draw and sent again after. Streamlit
    1.67's private function: if it is renamed, every draw makes them again (slower, the same cells:
    tests/test_tables.py)."""
    from streamlit.elements.lib import pandas_styler_utils

    make = getattr(pandas_styler_utils, "_marshall_display_values", None)
    if make is None or getattr(make, "keeps_computed", False):
        return

    def marshall(proto, frame, styles) -> None:
        if not isinstance(styles, _Translated):
            make(proto, frame, styles)
        elif styles.display_values is None:
            make(proto, frame, styles)
            styles.display_values = proto.styler.display_values  # two sessions at once make the same bytes
        else:
            proto.styler.display_values = styles.display_values

    marshall.keeps_computed = True  # type: ignore[attr-defined]
    pandas_styler_utils._marshall_display_values = marshall  # type: ignore[assignment]


# id(frame) -> its Arrow bytes once made (None until then), for the frames of prepared tables; an entry leaves
# with its frame (weakref.finalize), so a later frame at the same address never finds it.
_ARROW_BYTES: dict[int, bytes | None] = {}


def _keep_arrow_bytes() -> None:
    """Streamlit converts a table's frame to Arrow bytes on every draw (~1 ms for a 34-row table, four tables on
    Tổng quan). A prepared table's frame never changes (ui/drawn shares it, pandas' copy-on-write keeps it as it
    is), so its bytes are made on its first draw and sent again after. Streamlit 1.67's function: if it is
    renamed, every draw converts again (slower, the same table)."""
    from streamlit import dataframe_util

    convert = getattr(dataframe_util, "convert_pandas_df_to_arrow_bytes", None)
    if convert is None or getattr(convert, "keeps_prepared", False):
        return

    def converted(frame, **kwargs) -> bytes:
        key = id(frame)
        if kwargs or key not in _ARROW_BYTES:
            return convert(frame, **kwargs)
        kept = _ARROW_BYTES[key]
        if kept is None:
            kept = _ARROW_BYTES[key] = convert(frame)
        return kept

    converted.keeps_prepared = True  # type: ignore[attr-defined]
    dataframe_util.convert_pandas_df_to_arrow_bytes = converted  # type: ignore[assignment]


def keep_bytes_of(frame: pd.DataFrame) -> pd.DataFrame:
    """Mark a frame that is drawn as it is and never changed (a prepared table's; ui/drawn.table's): its Arrow
    bytes are made once (_keep_arrow_bytes). Returns the frame."""
    if id(frame) not in _ARROW_BYTES:
        _ARROW_BYTES[id(frame)] = None
        weakref.finalize(frame, _ARROW_BYTES.pop, id(frame), None)
    return frame


_keep_display_values()
_keep_arrow_bytes()


def _money_view(label_column: str, labels: pd.Series, frame: pd.DataFrame):
    """Allocated, disbursed, rate and line count per label (an agency, a funding source)."""
    view = pd.DataFrame(
        {
            label_column: labels,
            ui_text.COL_ALLOCATED: _millions(frame["allocated_vnd"]),
            ui_text.COL_DISBURSED: _millions(frame["disbursed_vnd"]),
            ui_text.COL_RATE: frame["rate_pct"],
            ui_text.COL_LINES: frame["n_lines"],
        }
    )
    return _vi_style(
        view, {ui_text.COL_ALLOCATED: 3, ui_text.COL_DISBURSED: 3, ui_text.COL_RATE: 1, ui_text.COL_LINES: 0}
    )


def agency_summary_view(summary: pd.DataFrame):
    return _money_view(ui_text.COL_AGENCY, summary["agency"], summary)


def province_summary_view(summary: pd.DataFrame):
    return _money_view(ui_text.COL_PROVINCE, summary["province"], summary)


def source_view(by_source: pd.DataFrame):
    return _money_view(ui_text.COL_SOURCE, by_source["funding_source"] + ") " + by_source["source_name"], by_source)


def lines_view(lines: pd.DataFrame):
    rate = lines["disbursed_vnd"].astype("Float64") * 100 / lines["allocated_vnd"].astype("Float64")
    view = pd.DataFrame(
        {
            ui_text.COL_SOURCE: lines["funding_source"].map(lambda s: f"{s}) {FUNDING_SOURCES.get(s, s)}"),
            ui_text.COL_TASK: lines["task"],
            ui_text.COL_ALLOCATED: _millions(lines["allocated_vnd"]),
            ui_text.COL_DISBURSED: _millions(lines["disbursed_vnd"]),
            ui_text.COL_RATE: rate.where(lines["allocated_vnd"] > 0),
            ui_text.COL_EXPECTED: lines["expected_pct"].astype("Float64"),
            ui_text.COL_AS_OF: lines["as_of"].map(fmt.day),
            ui_text.COL_DECISION: lines["decision_ref"].fillna(fmt.NOT_REPORTED),
            ui_text.COL_PROCUREMENT: lines["procurement"].fillna(fmt.NOT_REPORTED),
            ui_text.COL_PROCUREMENT_DONE: lines["procurement_done"].map(fmt.month),
            ui_text.COL_CONTRACTOR: lines["contractor"].fillna(fmt.NOT_REPORTED),
            ui_text.COL_NOTE: lines["note"].fillna(""),
        }
    )
    return _vi_style(
        view, {ui_text.COL_ALLOCATED: 3, ui_text.COL_DISBURSED: 3, ui_text.COL_RATE: 1, ui_text.COL_EXPECTED: 0}
    )


# --- downloads and the leadership views' tables ---------------------------------------------------------------

MAX_SHOWN_ROWS = 500
# Above this many rows a table is sent as vi-VN text, not through pandas' Styler, whose cost per cell is paid on
# every rerun (BENCHMARKS.md). Smaller tables keep numbers (they sort as numbers) styled as vi-VN text.
MAX_STYLED_ROWS = 100


@dataclass(frozen=True)
class Prepared:
    """A table ready to draw: what st.dataframe gets, the captions above it, and the export (frame, file name)."""

    shown: pd.DataFrame
    exported: pd.DataFrame
    name: str
    captions: tuple[str, ...] = ()
    styled: dict[str, int] | None = None  # decimals of a table drawn through _vi_style
    table: Any = None  # what st.dataframe gets: shown itself, or shown under a Styler computed once (computed_style)

    def __post_init__(self) -> None:
        if self.table is None:  # frozen: object.__setattr__ is how a frozen dataclass completes itself
            table = computed_style(self.shown, self.styled, self.name) if self.styled else self.shown
            object.__setattr__(self, "table", table)
        keep_bytes_of(self.shown)  # unstyled (a computed Styler's frame is marked already)


def prepare(view, name: str, *, text_figures: bool = False, counted: str | None = None) -> Prepared:
    """The display form of a view (a frame, or a Styler from _vi_style); ui/drawn keeps it per (revision, filters).

    text_figures: show the styled figures as vi-VN text with "—" for not reported (downloads stay numbers).
    counted: the view of the figures ("as_reported" / "restated", issue 15); the downloads then say it, in their
    file name and in a "Cách tính" column, so an exported table is never read in the wrong view.
    """
    plain = view.data if hasattr(view, "data") and not isinstance(view, pd.DataFrame) else view
    decimals = getattr(view, "vi_decimals", None)
    exported, name = with_view(plain, name, counted)
    shown, styled, captions = plain, decimals, []
    if len(plain) > MAX_SHOWN_ROWS:
        # Sending a national table costs seconds per rerun (BENCHMARKS.md); the downloads keep every row.
        captions.append(
            ui_text.TABLE_ROWS_SHOWN.format(shown=fmt.number(MAX_SHOWN_ROWS, 0), total=fmt.number(len(plain), 0))
        )
    if decimals and (text_figures or len(plain) > MAX_STYLED_ROWS):
        # st.dataframe draws a Styler's na_rep, but the frame it holds keeps None: send the text itself, "—" for
        # not reported (the Đơn vị page; and every long table, which the Styler would restyle on each rerun).
        shown, styled = _figures_as_text(plain.head(MAX_SHOWN_ROWS), decimals), None
        if text_figures and plain[list(decimals)].isna().any().any():
            captions.append(ui_text.TABLE_NOT_REPORTED_CAPTION)
    elif len(plain) > MAX_SHOWN_ROWS:
        shown = plain.head(MAX_SHOWN_ROWS)
    return Prepared(shown, exported, name, tuple(captions), styled)


def dataframe(data, **kwargs):
    """st.dataframe with missing cells shown as "—" (Streamlit writes "None" there, even under a Styler's
    na_rep): not reported is never "None" on screen. Every table of the app goes through it."""
    kwargs.setdefault("placeholder", fmt.NOT_REPORTED)
    return st.dataframe(data, **kwargs)


def draw(prepared: Prepared, key: str, decimals: dict[str, int] | None = None, **dataframe_kwargs) -> None:
    """A prepared table (prepare, or ui/drawn's cached one) with its captions and downloads."""
    from analysis import exports

    for caption in prepared.captions:
        st.caption(caption)
    dataframe(prepared.table, hide_index=True, width="stretch", **dataframe_kwargs)
    exported = prepared.exported
    if exported.empty:
        return
    name = f"{prepared.name}_{filters.export_suffix()}"  # the file says which figures: approved only or current
    row = st.container(horizontal=True)  # buttons keep their natural width at 1366 px and 1920 px
    row.download_button(
        ui_text.DOWNLOAD_XLSX,
        lambda: exports.to_xlsx(exported, name, decimals),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
    row.download_button(
        ui_text.DOWNLOAD_CSV,
        lambda: exports.to_csv(exported),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )


def _figures_as_text(frame: pd.DataFrame, decimals: dict[str, int]) -> pd.DataFrame:
    out = frame.copy()
    for column, places in decimals.items():
        out[column] = [fmt.number(v, places) for v in frame[column].astype("object")]
    return out


def with_view(plain: pd.DataFrame, name: str, counted: str | None) -> tuple[pd.DataFrame, str]:
    """The export's frame and file name stating its view (a "Cách tính" column, a file-name suffix), if given."""
    if counted is None:
        return plain, name
    if ui_text.COL_VIEW not in plain.columns:
        plain = plain.assign(**{ui_text.COL_VIEW: ui_text.VIEW_LABELS[counted]})
    return plain, f"{name}_{ui_text.VIEW_FILE_SUFFIX[counted]}"


def text_or_dash(series: pd.Series) -> pd.Series:
    return series.astype("object").where(series.notna(), fmt.NOT_REPORTED)


def behind_view(behind: pd.DataFrame):
    view = pd.DataFrame(
        {
            ui_text.COL_AGENCY: behind["agency"],
            ui_text.COL_SOURCE: behind["funding_source"],
            ui_text.COL_TASK: behind["task"],
            ui_text.COL_ALLOCATED: _millions(behind["allocated_vnd"]),
            ui_text.COL_DISBURSED: _millions(behind["disbursed_vnd"]),
            ui_text.COL_AS_OF: behind["as_of"].map(fmt.day),
            ui_text.COL_PROJECTED_PCT: behind["projected_pct"].astype("Float64"),
            ui_text.COL_EXPECTED: behind["expected_pct"].astype("Float64"),
            ui_text.COL_GAP: _millions(behind["gap_vnd"]),
        }
    )
    return _vi_style(
        view,
        {
            ui_text.COL_ALLOCATED: 3,
            ui_text.COL_DISBURSED: 3,
            ui_text.COL_PROJECTED_PCT: 1,
            ui_text.COL_EXPECTED: 0,
            ui_text.COL_GAP: 3,
        },
    )


def missing_view(missing: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    return pd.DataFrame({ui_text.COL_AGENCY_CODE: [c for c, _ in missing], ui_text.COL_AGENCY: [n for _, n in missing]})


def warnings_view(issues: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            ui_text.COL_AGENCY: issues["agency"],
            ui_text.COL_FILE: issues["file"],
            ui_text.COL_SHEET: text_or_dash(issues["sheet"]),
            ui_text.COL_ROW: issues["row"].astype("Int64").map(lambda v: fmt.NOT_REPORTED if pd.isna(v) else str(v)),
            ui_text.COL_COLUMN: text_or_dash(issues["column"]),
            ui_text.COL_MESSAGE: issues["message_vi"],
        }
    )


def pace_view(paced: pd.DataFrame):
    view = pd.DataFrame(
        {
            ui_text.COL_AGENCY: paced["agency"],
            ui_text.COL_ALLOCATED: _millions(paced["allocated_vnd"]),
            ui_text.COL_DISBURSED: _millions(paced["disbursed_vnd"]),
            ui_text.SERIES_RATE: paced["rate_pct"].astype("Float64"),
            ui_text.SERIES_PROJECTED: paced["projected_pct"].astype("Float64"),
            ui_text.SERIES_TARGET_PCT: paced["target_pct"].astype("Float64"),
        }
    )
    return _vi_style(
        view,
        {
            ui_text.COL_ALLOCATED: 3,
            ui_text.COL_DISBURSED: 3,
            ui_text.SERIES_RATE: 1,
            ui_text.SERIES_PROJECTED: 1,
            ui_text.SERIES_TARGET_PCT: 1,
        },
    )


def _rank_text(rank, n) -> str:
    if pd.isna(rank) or pd.isna(n):
        return fmt.NOT_REPORTED
    return ui_text.RANK_OF.format(rank=int(rank), n=int(n))


def _rank_change(change) -> str:
    if pd.isna(change):
        return fmt.NOT_REPORTED
    change = int(change)
    if change > 0:
        return ui_text.RANK_UP.format(n=change)
    if change < 0:
        return ui_text.RANK_DOWN.format(n=-change)
    return ui_text.RANK_SAME


def dti_view(ranking: pd.DataFrame):
    view = pd.DataFrame(
        {
            ui_text.COL_RANK: ranking["rank"].astype("Int64"),
            ui_text.COL_AGENCY: ranking["agency"],
            ui_text.COL_GROUP: text_or_dash(ranking["agency_group"]),
            ui_text.COL_DTI_POINTS: ranking["value"].astype("Float64"),
            ui_text.COL_DTI_MAX: ranking["out_of"].astype("Float64"),
            ui_text.COL_DTI_NORM: ranking["score_norm"].astype("Float64"),
            ui_text.COL_GROUP_RANK: [_rank_text(r, n) for r, n in zip(ranking["group_rank"], ranking["group_size"])],
            ui_text.COL_REPORTED_RANK: [
                _rank_text(r, n) for r, n in zip(ranking["reported_rank"], ranking["reported_of"])
            ],
            ui_text.COL_RANK_CHANGE: ranking["rank_change"].map(_rank_change),
            ui_text.COL_APPLIES: ranking["applies_to_year"].map(
                lambda v: fmt.NOT_REPORTED if pd.isna(v) else str(int(v))
            ),
        }
    )
    return _vi_style(
        view, {ui_text.COL_RANK: 0, ui_text.COL_DTI_POINTS: 2, ui_text.COL_DTI_MAX: 2, ui_text.COL_DTI_NORM: 3}
    )


def ratio_text(value, out_of) -> str:
    """7/7, 439,72/485; — when not reported."""
    if pd.isna(value):
        return fmt.NOT_REPORTED
    if pd.isna(out_of):
        return fmt.number(value, 2)
    return f"{fmt.number(value, 2)}/{fmt.number(out_of, 2)}"


def platforms_view(per_agency: pd.DataFrame):
    from domain import INDICATORS

    data = {ui_text.COL_AGENCY: per_agency["agency"], ui_text.COL_GROUP: text_or_dash(per_agency["agency_group"])}
    decimals = {}
    for code in ("platforms_used", "online_services", "computers_secured"):
        name = INDICATORS[code].name_vi
        data[name] = [ratio_text(v, o) for v, o in zip(per_agency[f"{code}_value"], per_agency[f"{code}_out_of"])]
        data[f"{name} (%)"] = per_agency[f"{code}_norm"] * 100
        decimals[f"{name} (%)"] = 1
    for code in ("docs_electronic_pct", "docs_signed_pct"):
        name = INDICATORS[code].name_vi + " (%)"
        data[name] = per_agency[f"{code}_value"]
        decimals[name] = 1
    data[INDICATORS["dx_staff"].name_vi] = per_agency["dx_staff_value"]
    decimals[INDICATORS["dx_staff"].name_vi] = 0
    return _vi_style(pd.DataFrame(data), decimals)


def category_view(categories: pd.DataFrame):
    view = pd.DataFrame(
        {
            ui_text.COL_CATEGORY: categories["category"],
            ui_text.COL_REQUESTED: _millions(categories["amount_vnd"]),
            ui_text.COL_N_REQUESTS: categories["n_requests"],
            ui_text.COL_N_AGENCIES: categories["n_agencies"],
        }
    )
    return _vi_style(view, {ui_text.COL_REQUESTED: 3, ui_text.COL_N_REQUESTS: 0, ui_text.COL_N_AGENCIES: 0})


def capacity_view(capacity: pd.DataFrame):
    view = pd.DataFrame(
        {
            ui_text.COL_AGENCY: capacity["agency"],
            ui_text.COL_REQUESTED: _millions(capacity["requested_vnd"]),
            ui_text.COL_N_REQUESTS: capacity["n_requests"],
            ui_text.COL_ALLOCATED: _millions(capacity["allocated_vnd"]),
            ui_text.COL_RATE: capacity["rate_pct"].astype("Float64"),
            ui_text.COL_REQUEST_VS_ALLOC: capacity["request_vs_allocated_pct"].astype("Float64"),
            ui_text.COL_ABSORB: capacity["absorb"].map(ui_text.ABSORB_LABELS),
        }
    )
    return _vi_style(
        view,
        {
            ui_text.COL_REQUESTED: 3,
            ui_text.COL_N_REQUESTS: 0,
            ui_text.COL_ALLOCATED: 3,
            ui_text.COL_RATE: 1,
            ui_text.COL_REQUEST_VS_ALLOC: 1,
        },
    )


def requests_view(requests: pd.DataFrame, with_agency: bool = True):
    data = {}
    if with_agency:
        data[ui_text.COL_AGENCY] = requests["agency"]
    data.update(
        {
            ui_text.COL_REQUEST_YEAR: requests["request_year"].astype("Int64").astype(str),
            ui_text.COL_TASK: requests["task"],
            ui_text.COL_CATEGORY: text_or_dash(requests["category"]),
            ui_text.COL_REQUESTED: _millions(requests["amount_vnd"]),
            ui_text.COL_LEGAL_BASIS: text_or_dash(requests["legal_basis"]),
            ui_text.COL_OBJECTIVE: text_or_dash(requests["objective"]),
            ui_text.COL_CONTENT: text_or_dash(requests["content"]),
            ui_text.COL_SCOPE: text_or_dash(requests["scope"]),
            ui_text.COL_IMPLEMENTER: text_or_dash(requests["implementer"]),
        }
    )
    return _vi_style(pd.DataFrame(data), {ui_text.COL_REQUESTED: 3})


def indicators_view(indicators: pd.DataFrame):
    from domain import INDICATORS

    names = [
        INDICATORS[c].name_vi if c in INDICATORS else (n if isinstance(n, str) and n else c)
        for c, n in zip(indicators["code"], indicators["name"])
    ]
    units = [INDICATORS[c].unit if c in INDICATORS else fmt.NOT_REPORTED for c in indicators["code"]]
    view = pd.DataFrame(
        {
            ui_text.COL_INDICATOR: names,
            ui_text.COL_INDICATOR_CODE: indicators["code"],
            ui_text.COL_VALUE: [ratio_text(v, o) for v, o in zip(indicators["value"], indicators["out_of"])],
            ui_text.COL_UNIT: units,
            ui_text.COL_APPLIES: indicators["applies_to_year"].map(
                lambda v: fmt.NOT_REPORTED if pd.isna(v) else str(int(v))
            ),
            ui_text.COL_NOTE: indicators["note"].fillna(""),
        }
    )
    return view
