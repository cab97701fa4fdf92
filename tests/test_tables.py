"""Styled tables: the vi-VN text st.dataframe draws in each cell, on the first draw and on every later one.

A prepared table's Styler is computed once and drawn by every rerun of every session (ui/tables.computed_style):
these tests read what Streamlit actually sends (the Arrow display values in the element's proto), since the
cells are drawn on a canvas and AppTest's .value holds the numbers underneath.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
from pages_helpers import open_page
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from ui import tables


def _display_values(arrow_data) -> pd.DataFrame:
    return pa.ipc.open_stream(arrow_data.styler.display_values).read_all().to_pandas()


def _drawn(styler) -> ArrowData:
    proto = ArrowData()
    marshall_styler(proto, styler, default_uuid="position-of-the-element")
    return proto


def _by_source() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "funding_source": ["a", "b", "c"],
            "source_name": ["Kinh phí giao theo quyết định của tỉnh", "Nguồn khác", "Kinh phí tự bố trí"],
            "allocated_vnd": pd.array([600_000_000, 456_000_000, 40_962_000], dtype="Int64"),
            "disbursed_vnd": pd.array([8_046_000, None, 40_962_000], dtype="Int64"),
            "rate_pct": pd.array([1.341, None, 100.0], dtype="Float64"),
            "n_lines": pd.array([3, 1, 1], dtype="Int64"),
        }
    )


def test_prepared_styler_draws_the_same_cells_as_a_fresh_one_every_time():
    view = tables.source_view(_by_source())
    prepared = tables.prepare(view, "nguon")
    fresh = _display_values(_drawn(tables._vi_style(prepared.shown, prepared.styled)))
    first, again = _drawn(prepared.table), _drawn(prepared.table)
    assert _display_values(first).equals(fresh)
    assert _display_values(again).equals(fresh)
    # The element's own position does not rename a shared table: every session draws the same one.
    assert first.styler.uuid == again.styler.uuid == prepared.table.uuid
    shown = fresh.set_index("Nguồn kinh phí")
    assert shown.loc["a) Kinh phí giao theo quyết định của tỉnh", "Kinh phí giao (triệu đồng)"] == "600"
    assert shown.loc["a) Kinh phí giao theo quyết định của tỉnh", "Đã giải ngân (triệu đồng)"] == "8,046"
    assert shown.loc["b) Nguồn khác", "Đã giải ngân (triệu đồng)"] == "—"  # not reported, not 0 nor None
    assert shown.loc["c) Kinh phí tự bố trí", "Kinh phí giao (triệu đồng)"] == "40,962"
    assert prepared.shown["Kinh phí giao (triệu đồng)"].tolist() == [600, 456, 40.962]  # sorts as numbers


def test_budget_page_cells_stay_vi_vn_on_later_reruns(app_env):
    at = open_page("pages/budget.py", nam="2023", tinh="Quảng Ngãi")
    for _ in range(3):  # the first draw computes the Styler; the later ones reuse it
        sources = next(d for d in at.dataframe if "Nguồn kinh phí" in d.value.columns and "Nhiệm vụ" not in d.value)
        lines = next(d for d in at.dataframe if "Nhiệm vụ" in d.value.columns)
        by_source = _display_values(sources.proto.arrow_data).set_index("Nguồn kinh phí")
        assert by_source.loc["a) Kinh phí giao theo quyết định của tỉnh", "Kinh phí giao (triệu đồng)"] == "600"
        assert by_source.loc["b) Nguồn khác (trung ương, địa phương)", "Đã giải ngân (triệu đồng)"] == "—"
        assert by_source.loc["c) Kinh phí tự bố trí", "Đã giải ngân (triệu đồng)"] == "40,962"
        disbursed = _display_values(lines.proto.arrow_data)["Đã giải ngân (triệu đồng)"].tolist()
        assert {"3,402", "0,162", "4,482"} <= set(disbursed)
        at.run()
        assert not at.exception


def test_a_prepared_table_makes_its_display_values_once(monkeypatch):
    from streamlit.elements.lib import pandas_styler_utils

    made = []
    make = pandas_styler_utils._use_display_values
    monkeypatch.setattr(
        pandas_styler_utils, "_use_display_values", lambda df, styles: made.append(1) or make(df, styles)
    )
    prepared = tables.prepare(tables.source_view(_by_source()), "nguon")
    first, again = _drawn(prepared.table), _drawn(prepared.table)
    assert len(made) == 1  # every later rerun, of any session, sends the bytes the first draw made
    assert first.styler.display_values == again.styler.display_values
    assert _display_values(again).set_index("Nguồn kinh phí").loc["b) Nguồn khác", "Đã giải ngân (triệu đồng)"] == "—"
    own = tables._vi_style(prepared.shown, prepared.styled)  # a Styler not computed here is made on each draw
    _drawn(own), _drawn(own)
    assert len(made) == 3
