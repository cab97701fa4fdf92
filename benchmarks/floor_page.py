"""The floor a page cannot beat: six metrics and one 40-bar Plotly chart from precomputed data, nothing else.

Run by benchmarks/pages.py with AppTest beside the real pages, in the same process and the same minute, so
"within 2× of the floor" compares pages with what Streamlit itself costs on this machine at this load.
"""

import plotly.graph_objects as go
import streamlit as st

LABELS = [f"Đơn vị {n:02d}" for n in range(40)]
ALLOCATED = [float(1000 + 37 * n) for n in range(40)]
DISBURSED = [float(600 + 29 * n) for n in range(40)]


@st.cache_resource
def figure() -> go.Figure:
    fig = go.Figure()
    fig.add_bar(name="Kinh phí giao", y=LABELS, x=ALLOCATED, orientation="h")
    fig.add_bar(name="Đã giải ngân", y=LABELS, x=DISBURSED, orientation="h")
    return fig.update_layout(height=800, barmode="group")


st.title("Trang sàn")
columns = st.columns(3) + st.columns(3)
for n, column in enumerate(columns):
    column.metric(f"Chỉ tiêu {n}", f"{n * 1.234:.3f} triệu đồng", border=True)
st.plotly_chart(figure(), key="floor_chart")
