"""Lịch sử phiên bản: every version of one (agency, year), its content and original file, restore, audit log.

Draws only. Restoring writes a new version (store.restore_version); nothing is overwritten.
"""
from __future__ import annotations

import entry
import logging

import streamlit as st

import cached
import ui_text
import upload_flow as flow

entry.require_navigation()

log = logging.getLogger(__name__)
store = cached.get_store()

st.title(ui_text.HISTORY_TITLE)
st.caption(ui_text.HISTORY_CAPTION)

notice = st.session_state.pop("history_notice", None)
if notice:
    st.success(notice, icon=":material/check_circle:")

revision = cached.revision()
pairs = cached.submissions(revision, None)
if pairs.empty:
    st.info(ui_text.HISTORY_EMPTY)
    st.stop()

names = dict(zip(pairs["agency_code"], pairs["agency"]))
codes = sorted(names, key=lambda c: (str(names[c]), c))
left, right = st.columns([3, 1])
code = left.selectbox(ui_text.HISTORY_AGENCY, codes, format_func=lambda c: f"{names[c]} ({c})", key="history_agency")
years = sorted(pairs.loc[pairs["agency_code"] == code, "year"].astype(int).unique(), reverse=True)
year = right.selectbox(ui_text.HISTORY_YEAR, years, key="history_year")

versions = store.versions(code, int(year))
st.subheader(ui_text.HISTORY_VERSIONS)
st.dataframe(
    flow.versions_table(versions), hide_index=True, width="stretch",
    column_config={"SHA-256": st.column_config.TextColumn("SHA-256", help=ui_text.COL_SHA_HELP),
                   "Cảnh báo": st.column_config.NumberColumn("Cảnh báo", format="%d")},
)

if not versions.empty:
    ordered = versions.sort_values("version", ascending=False)
    current_version = int(ordered["version"].iloc[0])
    rows = {int(r.version): r for r in ordered.itertuples()}

    def version_label(v: int) -> str:
        r = rows[v]
        text = ui_text.HISTORY_VERSION_LABEL.format(version=v, time=flow.local_times(
            versions.loc[versions["version"] == v, "uploaded_at"]).iloc[0], by=r.uploaded_by)
        return text + (f" ({ui_text.HISTORY_CURRENT})" if v == current_version else "")

    chosen = st.selectbox(ui_text.HISTORY_PICK, list(rows), format_func=version_label, key=f"history_v:{code}:{year}")
    row = rows[chosen]
    submission_id = int(row.submission_id)

    st.subheader(ui_text.HISTORY_DETAIL.format(version=chosen))
    st.caption(ui_text.HISTORY_SHA_FULL)
    st.code(row.sha256, language=None)
    c1, c2 = st.columns(2)
    try:
        file_name, raw = store.original_file(submission_id)
        c1.download_button(ui_text.HISTORY_DOWNLOAD.format(name=file_name), data=raw, file_name=file_name,
                           key=f"download:{submission_id}", icon=":material/description:")
    except KeyError:
        log.exception("original of %s missing", submission_id)
    if chosen == current_version:
        c2.info(ui_text.HISTORY_IS_CURRENT, icon=":material/info:")
    else:
        who = c2.text_input(ui_text.HISTORY_RESTORE_WHO, key="restore_by",
                            value=st.session_state.get("uploaded_by", ""))
        if c2.button(ui_text.HISTORY_RESTORE.format(version=chosen), key=f"restore:{submission_id}",
                     disabled=not who.strip(), type="primary"):
            result = store.restore_version(submission_id, by=who.strip())
            # The new version raises store.revision(): every cached read refreshes on the rerun.
            st.session_state["history_notice"] = ui_text.HISTORY_RESTORED.format(version=result.version,
                                                                                 source=chosen)
            st.session_state.pop(f"history_v:{code}:{year}", None)
            st.rerun()
        if not who.strip():
            c2.caption(ui_text.UPLOADER_NAME_MISSING.replace("Người nộp", ui_text.HISTORY_RESTORE_WHO))

    content = store.load_submission(submission_id)
    tables = flow.submission_tables(content)
    for tab, (title, frame) in zip(st.tabs(list(tables)), tables.items()):
        with tab:
            if frame.empty:
                st.caption(ui_text.HISTORY_NO_LINES)
            else:
                st.dataframe(frame, hide_index=True, width="stretch")
    sources = store.sources_frame(submission_id)
    if not sources.empty:
        st.markdown(f"**{ui_text.HISTORY_SOURCES}**")
        st.dataframe(flow.provenance_table(sources), hide_index=True, width="stretch",
                     column_config={"Câu nguồn": st.column_config.TextColumn("Câu nguồn", width="large")})

st.subheader(ui_text.HISTORY_AUDIT)
audit = store.audit_frame()
st.dataframe(flow.audit_table(audit, code, int(year)), hide_index=True, width="stretch")
with st.expander("Toàn bộ nhật ký (200 thao tác gần nhất)"):
    st.dataframe(flow.audit_table(audit), hide_index=True, width="stretch")
