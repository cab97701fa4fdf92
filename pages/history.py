"""Lịch sử phiên bản: every version of one (agency, year), its content and original file, restore, audit log.

Draws only. Restoring writes a new version (cache.restore_version); nothing is overwritten.
"""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

import formatting as fmt
from intake.upload import NAME_MAX_CHARS
from ui import cache, drawn, tables, upload_tables
from ui import text as ui_text
from ui.page import open_plain_page

log = logging.getLogger(__name__)


def agency_choices(pairs: pd.DataFrame) -> tuple[dict[str, str], dict[str, list[int]]]:
    """Code -> "name (code)" in name order, and code -> its years, newest first: the two pickers' options."""
    names = dict(zip(pairs["agency_code"], pairs["agency"]))
    codes = sorted(names, key=lambda c: (str(names[c]), c))
    years = pairs.groupby("agency_code")["year"].agg(lambda y: sorted({int(v) for v in y}, reverse=True))
    return {c: fmt.plain(f"{names[c]} ({c})") for c in codes}, {c: years[c] for c in codes}


def pick_pair(labels: dict[str, str], years_of: dict[str, list[int]]) -> tuple[str, int]:
    """The (agency, year) whose versions are shown."""
    left, right = st.columns([3, 1])
    code = left.selectbox(ui_text.HISTORY_AGENCY, list(labels), format_func=labels.__getitem__, key="history_agency")
    year = right.selectbox(ui_text.HISTORY_YEAR, years_of[code], key="history_year")
    return code, int(year)


def pick_version(versions: pd.DataFrame, code: str, year: int) -> tuple[object, bool]:
    """The chosen version's row and whether it is the current one."""
    ordered = versions.sort_values("version", ascending=False)
    current_version = int(ordered["version"].iloc[0])
    rows = {int(r.version): r for r in ordered.itertuples()}
    times = dict(zip(ordered["version"].astype(int), upload_tables.local_times(ordered["uploaded_at"])))

    def version_label(v: int) -> str:
        text = ui_text.HISTORY_VERSION_LABEL.format(version=v, time=times[v], by=fmt.plain(rows[v].uploaded_by, 80))
        return text + (f" ({ui_text.HISTORY_CURRENT})" if v == current_version else "")

    chosen = st.selectbox(ui_text.HISTORY_PICK, list(rows), format_func=version_label, key=f"history_v:{code}:{year}")
    return rows[chosen], chosen == current_version


def download_and_restore(row, is_current: bool, view: cache.View, code: str, year: int) -> None:
    """The original file's download, and the restore button for an older version."""
    submission_id, version = int(row.submission_id), int(row.version)
    c1, c2 = st.columns(2)
    try:
        file_name, raw = cache.original_file(view, submission_id)
        c1.download_button(
            ui_text.HISTORY_DOWNLOAD.format(name=fmt.inert(file_name)),
            data=raw,
            file_name=file_name,
            key=f"download:{submission_id}",
            icon=":material/description:",
        )
    except KeyError:
        log.exception("original of %s missing", submission_id)
    if is_current:
        c2.info(ui_text.HISTORY_IS_CURRENT, icon=":material/info:")
        return
    me = view.principal
    if not me.may_manage:
        c2.caption(ui_text.HISTORY_RESTORE_NOT_ALLOWED)
        return
    if me.is_open:  # open mode: who restores types a name; otherwise it is the signed-in user
        who = c2.text_input(
            ui_text.HISTORY_RESTORE_WHO,
            key="restore_by",
            value=fmt.plain(st.session_state.get("uploaded_by", ""), NAME_MAX_CHARS),
            max_chars=NAME_MAX_CHARS,
        )
    else:
        who = me.name
        c2.caption(ui_text.HISTORY_RESTORE_AS.format(name=upload_tables.md(me.name), login=upload_tables.md(me.login)))
    if c2.button(
        ui_text.HISTORY_RESTORE.format(version=version),
        key=f"restore:{submission_id}",
        disabled=not who.strip(),
        type="primary",
    ):
        result = cache.restore_version(submission_id, by=who.strip())
        # The new version raises the store's revision: every cached read refreshes on the rerun.
        st.session_state["history_notice"] = ui_text.HISTORY_RESTORED.format(version=result.version, source=version)
        st.session_state.pop(f"history_v:{code}:{year}", None)
        st.rerun()
    if not who.strip():
        c2.caption(ui_text.NAME_MISSING.format(field=ui_text.HISTORY_RESTORE_WHO))


def version_content(view: cache.View, submission_id: int) -> None:
    """The version's tables (Kinh phí, Chỉ số, Đề xuất) and, for a narrative report, its sources."""
    content = drawn.built(
        ("version_tables", view, submission_id),
        lambda: {
            name: tables.keep_bytes_of(frame)  # drawn as they are: their Arrow bytes are made once
            for name, frame in upload_tables.submission_tables(cache.load_submission(view, submission_id)).items()
        },
    )
    for tab, frame in zip(st.tabs(list(content)), content.values()):
        with tab:
            if frame.empty:
                st.caption(ui_text.HISTORY_NO_LINES)
            else:
                tables.dataframe(frame, hide_index=True, width="stretch")
    sources = cache.sources(view, submission_id)
    if not sources.empty:
        st.markdown(f"**{ui_text.HISTORY_SOURCES}**")
        tables.dataframe(
            upload_tables.provenance_table(sources),
            hide_index=True,
            width="stretch",
            column_config=upload_tables.provenance_column_config(),
        )


opened = open_plain_page(ui_text.HISTORY_TITLE, ui_text.HISTORY_CAPTION)
view = opened.view

notice = st.session_state.pop("history_notice", None)
if notice:
    st.success(notice, icon=":material/check_circle:")

pairs = cache.submissions(view, None)
if pairs.empty:
    st.info(ui_text.HISTORY_EMPTY)
    st.stop()

# The pickers' options and the tables below are built once per (revision, reader, choice): a rerun draws them.
code, year = pick_pair(*drawn.built(("history_choices", view), lambda: agency_choices(pairs)))
versions = cache.versions(view, code, year)
st.subheader(ui_text.HISTORY_VERSIONS)
tables.dataframe(
    drawn.table(("versions_table", view, code, year), lambda: upload_tables.versions_table(versions)),
    hide_index=True,
    width="stretch",
    column_config=upload_tables.versions_column_config(),
)

if not versions.empty:
    row, is_current = pick_version(versions, code, year)
    st.subheader(ui_text.HISTORY_DETAIL.format(version=int(row.version)))
    st.caption(ui_text.HISTORY_SHA_FULL)
    st.code(row.sha256, language=None)
    download_and_restore(row, is_current, view, code, year)
    version_content(view, int(row.submission_id))

st.subheader(ui_text.HISTORY_AUDIT)
mark, audit = cache.audit(view)  # the log only grows: its mark (newest id, entries) names what was read
own = drawn.table(("audit_table", view, mark, code, year), lambda: upload_tables.audit_table(audit, code, year))
tables.dataframe(own, hide_index=True, width="stretch")
with st.expander(ui_text.HISTORY_AUDIT_ALL):
    every = drawn.table(("audit_table", view, mark), lambda: upload_tables.audit_table(audit))
    tables.dataframe(every, hide_index=True, width="stretch")
