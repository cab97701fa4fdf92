"""Nộp báo cáo: dry run (issues, diff against the current version), then "Xác nhận nộp" stores a new version.

Draws only; reading, diffing and saving are upload_flow's and review's. Names that come from a file
(agency, task, file name) are shown through st.dataframe / st.text or escaped markdown, never as HTML.
"""
from __future__ import annotations

import entry
import logging
from dataclasses import replace

import streamlit as st

import cached
import review
import ui_text
import upload_flow as flow

entry.require_navigation()

log = logging.getLogger(__name__)
store = cached.get_store()


@st.cache_data(show_spinner=False)
def _template() -> bytes | None:
    try:
        return flow.template_bytes()
    except Exception:  # noqa: BLE001 - the page stays usable without the template
        log.exception("template workbook could not be written")
        return None


@st.cache_data(max_entries=16, show_spinner=False)
def _agencies(revision: int):
    return store.agencies_frame()


def _saved_message(result, sub) -> None:
    if result.created:
        st.success(ui_text.SAVED_NEW.format(agency=flow.md(sub.agency), year=sub.year, version=result.version),
                   icon=":material/check_circle:")
    else:
        st.info(ui_text.SAVED_SAME.format(version=result.version), icon=":material/info:")


def _save(outcome, uploaded_by: str, sub, do_save) -> None:
    """Run a save, remember its result for later reruns, and say what happened."""
    try:
        result = do_save()
    except Exception:  # noqa: BLE001 - a database hiccup is a message, not a traceback
        log.exception("saving %s failed", outcome.label)
        st.error(ui_text.SAVE_FAILED, icon=":material/warning:")
        return
    st.session_state[f"saved:{outcome.key}"] = (result, sub)
    # cached.* reads are keyed on store.revision(): the new version id refreshes them on this rerun, and the
    # diff above is redrawn against the version just stored.
    st.rerun()


def _diff_section(sub, outcome, uploaded_by: str, do_save, ready: bool) -> None:
    diff = flow.diff_against_current(store, sub)
    if diff.is_first:
        st.info(ui_text.DIFF_FIRST, icon=":material/fiber_new:")
    elif diff.unchanged:
        st.info(ui_text.DIFF_NONE, icon=":material/info:")
    else:
        st.write(ui_text.DIFF_NEXT.format(added=diff.count("added"), changed=diff.count("changed"),
                                          removed=diff.count("removed")))
    st.markdown(f"**{ui_text.DIFF_TOTALS}**")
    st.dataframe(flow.totals_table(diff), hide_index=True, width="stretch")
    if diff.changes and not diff.is_first:
        st.markdown(f"**{ui_text.DIFF_ITEMS}**")
        st.dataframe(flow.diff_table(diff), hide_index=True, width="stretch",
                     column_config={"Bảng": st.column_config.TextColumn("Bảng", width="small"),
                                    "Thay đổi": st.column_config.TextColumn("Thay đổi", width="small"),
                                    "Mục": st.column_config.TextColumn("Mục", width="medium"),
                                    "Trước": st.column_config.TextColumn("Trước", width="small"),
                                    "Sau": st.column_config.TextColumn("Sau", width="small")})
    stored = flow.stored_version_of(store, outcome, sub)
    if stored is not None:
        st.info(ui_text.ALREADY_STORED.format(version=stored), icon=":material/info:")
    saved = st.session_state.get(f"saved:{outcome.key}")
    if st.button(ui_text.CONFIRM, key=f"confirm:{outcome.key}", type="primary",
                 disabled=not ready or not uploaded_by.strip()):
        _save(outcome, uploaded_by, sub, do_save)
    elif saved is not None:
        _saved_message(*saved)
    if not uploaded_by.strip():
        st.caption(ui_text.UPLOADER_NAME_MISSING)


def _table_outcome(outcome, uploaded_by: str) -> None:
    sub = outcome.submission
    if not outcome.ok:
        st.error(ui_text.OUTCOME_HAS_ERRORS, icon=":material/block:")
        return
    st.text(ui_text.OUTCOME_AGENCY.format(agency=sub.agency, province=sub.province, year=sub.year,
                                          code=sub.agency_code))
    _diff_section(sub, outcome, uploaded_by, lambda: flow.confirm(store, outcome, uploaded_by), ready=True)


def _review_outcome(outcome, uploaded_by: str) -> None:
    if not outcome.ok:
        st.error(ui_text.REVIEW_UNREADABLE, icon=":material/block:")
        return
    st.markdown(f"#### {ui_text.REVIEW_TITLE}")
    st.caption(ui_text.REVIEW_CAPTION)
    state = review.start_review(outcome.extraction, _agencies(cached.revision()))
    k = outcome.key

    st.markdown(f"**{ui_text.REVIEW_HEADER}**")
    h = state.header
    c1, c2, c3 = st.columns([3, 2, 2])
    agency = c1.text_input(ui_text.FIELD_AGENCY, value=h["agency"] or "", key=f"agency:{k}")
    code = c2.text_input(ui_text.FIELD_AGENCY_CODE, value=h["agency_code"] or "", key=f"code:{k}")
    province = c3.text_input(ui_text.FIELD_PROVINCE, value=h["province"] or "", key=f"province:{k}")
    c4, c5 = st.columns([2, 5])
    year = c4.number_input(ui_text.FIELD_YEAR, min_value=2015, max_value=2035, step=1, value=h["year"],
                           key=f"year:{k}")
    requested_by = c5.text_input(ui_text.FIELD_REQUESTED_BY, value=h["requested_by"] or "", key=f"req:{k}")
    header = {**h, "agency": agency, "agency_code": code, "province": province, "year": year,
              "requested_by": requested_by}

    source_col = st.column_config.TextColumn(ui_text.COL_SOURCE_TEXT, disabled=True, width="large",
                                             help="Câu trong văn bản mà số liệu được đọc ra; số được đánh dấu «…».")
    use_col = st.column_config.CheckboxColumn(ui_text.COL_USE, default=True, width="small")
    money = lambda label: st.column_config.NumberColumn(label, min_value=0, format="localized")  # noqa: E731

    st.markdown(f"**{ui_text.REVIEW_LINES}**")
    lines = st.data_editor(
        state.lines, key=f"lines:{k}", num_rows="dynamic", hide_index=True, width="stretch",
        column_order=[c for c in review.LINE_COLUMNS if c != review.ORIG],
        column_config={
            review.USE: use_col,
            "funding_source": st.column_config.SelectboxColumn(ui_text.COL_SOURCE_LETTER, options=["a", "b", "c"],
                                                               required=True, width="small"),
            "task": st.column_config.TextColumn(ui_text.COL_TASK, required=True, width="medium"),
            "allocated_trieu": money(ui_text.COL_ALLOCATED),
            "disbursed_trieu": money(ui_text.COL_DISBURSED),
            "expected_pct": st.column_config.NumberColumn(ui_text.COL_EXPECTED, min_value=0, max_value=100),
            "decision_ref": st.column_config.TextColumn(ui_text.COL_DECISION),
            "procurement": st.column_config.TextColumn(ui_text.COL_PROCUREMENT),
            "contractor": st.column_config.TextColumn(ui_text.COL_CONTRACTOR),
            review.SOURCE: source_col,
        },
    )
    st.markdown(f"**{ui_text.REVIEW_INDICATORS}**")
    if state.candidates:
        st.caption(ui_text.REVIEW_CANDIDATES_NOTE)
    indicators = st.data_editor(
        state.indicators, key=f"indicators:{k}", num_rows="dynamic", hide_index=True, width="stretch",
        column_order=[c for c in review.INDICATOR_COLUMNS if c != review.ORIG],
        column_config={
            review.USE: use_col,
            "code": st.column_config.TextColumn(ui_text.COL_CODE, required=True),
            "name": st.column_config.TextColumn(ui_text.COL_INDICATOR_NAME, width="medium"),
            "value": st.column_config.NumberColumn(ui_text.COL_VALUE, format="localized"),
            "out_of": st.column_config.NumberColumn(ui_text.COL_OUT_OF, format="localized"),
            "applies_to_year": st.column_config.NumberColumn(ui_text.COL_APPLIES_YEAR, format="%d"),
            review.SOURCE: source_col,
        },
    )
    st.markdown(f"**{ui_text.REVIEW_REQUESTS}**")
    requests = st.data_editor(
        state.requests, key=f"requests:{k}", num_rows="dynamic", hide_index=True, width="stretch",
        column_order=[c for c in review.REQUEST_COLUMNS if c != review.ORIG],
        column_config={
            review.USE: use_col,
            "year": st.column_config.NumberColumn(ui_text.COL_YEAR, format="%d", required=True),
            "task": st.column_config.TextColumn(ui_text.COL_TASK, required=True, width="medium"),
            "amount_trieu": money(ui_text.COL_REQUEST_AMOUNT),
            "category": st.column_config.TextColumn(ui_text.COL_CATEGORY),
            "legal_basis": st.column_config.TextColumn(ui_text.COL_LEGAL_BASIS),
            "implementer": st.column_config.TextColumn(ui_text.COL_CONTRACTOR),
            review.SOURCE: source_col,
        },
    )
    with st.expander(ui_text.REVIEW_FULL_SOURCES):
        st.dataframe(review.sources_table(state.spans), hide_index=True, width="stretch")

    edited = replace(state, header=header, lines=lines, indicators=indicators, requests=requests)
    built = review.build(edited)
    st.markdown(f"**{ui_text.REVIEW_CHECKS}**")
    st.dataframe(review.checks_frame(built.checks), hide_index=True, width="stretch")
    if built.problems:
        st.warning(ui_text.REVIEW_PROBLEMS + "\n\n" + "\n".join(f"- {flow.md(p)}" for p in built.problems),
                   icon=":material/edit:")
    elif not built.ok:
        st.error(ui_text.REVIEW_BLOCKED, icon=":material/block:")
    if built.submission is None:
        return
    _diff_section(built.submission, outcome, uploaded_by,
                  lambda: flow.confirm_review(store, outcome, edited, built, uploaded_by), ready=built.ok)


st.title(ui_text.UPLOAD_TITLE)
st.caption(ui_text.UPLOAD_CAPTION)

left, right = st.columns([3, 2], vertical_alignment="bottom")
uploaded_by = left.text_input(ui_text.UPLOADER_NAME, key="uploaded_by", help=ui_text.UPLOADER_NAME_HELP,
                              max_chars=120)
template = _template()
if template is not None:
    right.download_button(ui_text.UPLOAD_TEMPLATE, data=template, file_name=flow.TEMPLATE_FILE_NAME,
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          help=ui_text.UPLOAD_TEMPLATE_HELP, icon=":material/download:")
else:
    right.caption(ui_text.UPLOAD_TEMPLATE_MISSING)

chosen = st.file_uploader(ui_text.UPLOAD_FILES, type=flow.ACCEPTED_TYPES, accept_multiple_files=True,
                          help=ui_text.UPLOAD_FILES_HELP, key="files",
                          max_upload_size=max(1, round(flow.max_upload_bytes() / 1_000_000)))

if chosen:
    files = [flow.UploadFile(f.name, f.getvalue()) for f in chosen]
    bar = st.progress(0.0, text=ui_text.UPLOAD_READING.format(done=0, total=len(files), name=""))

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / total, text=ui_text.UPLOAD_READING.format(done=done, total=total, name=name))

    outcomes = flow.read_uploads(files, on_progress=progress)
    bar.progress(1.0, text=ui_text.UPLOAD_READ_DONE.format(total=len(outcomes)))

    st.subheader(ui_text.DRY_RUN_TITLE)
    issues = flow.all_issues(outcomes)
    n_errors = sum(1 for i in issues if i.is_error)
    st.write(ui_text.DRY_RUN_SUMMARY.format(
        files=len(files), subs=len(outcomes), ok=sum(1 for o in outcomes if o.ok),
        bad=sum(1 for o in outcomes if not o.ok), errors=n_errors, warnings=len(issues) - n_errors))
    if issues:
        st.dataframe(flow.issues_table(issues), hide_index=True, width="stretch",
                     column_config={"Mức": st.column_config.TextColumn("Mức", width="small"),
                                    "Dòng": st.column_config.NumberColumn("Dòng", format="%d", width="small"),
                                    "Mã": st.column_config.TextColumn("Mã", width="small"),
                                    "Thông báo": st.column_config.TextColumn("Thông báo", width="large")})
        with st.expander(ui_text.ISSUES_FULL):
            for line in flow.issue_lines(issues):
                st.text(line)  # st.text: whatever a file says is shown as text, never markup
        with st.expander(ui_text.ISSUES_EN):
            st.dataframe(flow.issues_table(issues, english=True), hide_index=True, width="stretch")
    else:
        st.success(ui_text.DRY_RUN_CLEAN, icon=":material/check_circle:")

    for outcome in outcomes:
        st.divider()
        st.subheader(ui_text.OUTCOME_TITLE.format(label=flow.md(outcome.label)))
        if outcome.kind == "report":
            _review_outcome(outcome, uploaded_by)
        else:
            _table_outcome(outcome, uploaded_by)
