"""Nộp báo cáo: dry run (issues, diff against the current version), then "Xác nhận nộp" stores a new version.

Draws only; reading, diffing and saving are intake.upload's and intake.review's. Names that come from a file
(agency, task, file name) are shown through st.dataframe / st.text or escaped markdown, never as HTML.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import streamlit as st

import formatting as fmt
from intake import review
from intake import upload as flow
from loaders import successors
from ui import cache, dropzone, tables, upload_tables
from ui import restated as restated_view
from ui import text as ui_text
from ui.page import open_plain_page

log = logging.getLogger(__name__)
# Handed to intake.upload, which reads the current version and saves through it: the store as the signed-in
# user may see and change it (store.ScopedStore), so an out-of-scope report is refused below the page too.
store = cache.scoped()


@st.cache_data(show_spinner=False)
def _template() -> bytes | None:
    try:
        return flow.template_bytes()
    except Exception:  # noqa: BLE001 - the page stays usable without the template
        log.exception("template workbook could not be written")
        return None


def _saved_message(result, sub) -> None:
    if result.created:
        st.success(
            ui_text.SAVED_NEW.format(agency=upload_tables.md(sub.agency), year=sub.year, version=result.version),
            icon=":material/check_circle:",
        )
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
    # cache.* reads are keyed on store.revision(): the new version id refreshes them on this rerun, and the
    # diff above is redrawn against the version just stored.
    st.rerun()


def _diff_section(sub, outcome, uploaded_by: str, do_save, ready: bool) -> None:
    diff = flow.diff_against_current(store, sub)
    if diff.is_first:
        st.info(ui_text.DIFF_FIRST, icon=":material/fiber_new:")
    elif diff.unchanged:
        st.info(ui_text.DIFF_NONE, icon=":material/info:")
    else:
        st.write(
            ui_text.DIFF_NEXT.format(
                added=diff.count("added"), changed=diff.count("changed"), removed=diff.count("removed")
            )
        )
    st.markdown(f"**{ui_text.DIFF_TOTALS}**")
    tables.dataframe(upload_tables.totals_table(diff), hide_index=True, width="stretch")
    if outcome.warnings:
        st.markdown(f"**{ui_text.FIGURE_WARNINGS}**", help=ui_text.FIGURE_WARNINGS_HELP)
        tables.dataframe(upload_tables.warnings_beside_figures(sub, outcome.warnings), hide_index=True, width="stretch")
    if diff.changes and not diff.is_first:
        st.markdown(f"**{ui_text.DIFF_ITEMS}**")
        tables.dataframe(
            upload_tables.diff_table(diff),
            hide_index=True,
            width="stretch",
            column_config=upload_tables.diff_column_config(),
        )
    stored = flow.stored_version_of(store, outcome, sub)
    if stored is not None:
        st.info(ui_text.ALREADY_STORED.format(version=stored), icon=":material/info:")
    saved = st.session_state.get(f"saved:{outcome.key}")
    if st.button(
        ui_text.CONFIRM, key=f"confirm:{outcome.key}", type="primary", disabled=not ready or not uploaded_by.strip()
    ):
        _save(outcome, uploaded_by, sub, do_save)
    elif saved is not None:
        _saved_message(*saved)
    if not uploaded_by.strip():
        st.caption(ui_text.NAME_MISSING.format(field=ui_text.UPLOADER_NAME))


def _forbidden(sub) -> bool:
    """Says so when the store would refuse this report: out of the user's scope, or approved / locked."""
    if not store.may_upload_for(sub.agency_code, sub.province):
        p = store.principal
        st.error(
            ui_text.FORBIDDEN.format(
                name=upload_tables.md(p.name), role=ui_text.ROLE_VI[p.role], agency=upload_tables.md(sub.agency)
            ),
            icon=":material/block:",
        )
        return True
    found = store.report_status(sub.agency_code, sub.year)
    if found.state == "da_duyet" or found.locked_by_date:
        why = ui_text.UPLOAD_LOCKED_APPROVED if found.state == "da_duyet" else ui_text.UPLOAD_LOCKED_DATE
        st.error(ui_text.UPLOAD_LOCKED.format(year=sub.year, why=why), icon=":material/lock:")
        return True
    return False


def _table_outcome(outcome, uploaded_by: str) -> None:
    sub = outcome.submission
    if not outcome.ok:
        st.error(ui_text.OUTCOME_HAS_ERRORS, icon=":material/block:")
        return
    st.text(
        ui_text.OUTCOME_AGENCY.format(agency=sub.agency, province=sub.province, year=sub.year, code=sub.agency_code)
    )
    if _forbidden(sub):
        return
    refiled = successors.under_successor(sub)
    under = refiled is not None and st.checkbox(
        ui_text.FILE_UNDER_SUCCESSOR.format(filed=refiled.filed),
        key=f"successor:{outcome.key}",
        help=ui_text.FILE_UNDER_SUCCESSOR_HELP,
    )
    if under and refiled is not None:
        sub = refiled.submission  # the diff below is against the version it will join
        st.text(ui_text.FILED_AS.format(filed=refiled.filed, written=refiled.written))
    _diff_section(
        sub, outcome, uploaded_by, lambda: flow.confirm(store, outcome, uploaded_by, under_successor=under), ready=True
    )


FIELD_MAX = 300  # a header field of a report: one line, bounded (a 5,000-character field spoofed labels)


def _field(value) -> str:
    """A header value as the editor starts it: one printable line within FIELD_MAX."""
    return fmt.plain(value, FIELD_MAX) if value else ""


def _review_header(h: dict, k: str) -> dict:
    """The report's header fields, editable; returns the edited header."""
    st.markdown(f"**{ui_text.REVIEW_HEADER}**")
    c1, c2, c3 = st.columns([3, 2, 2])
    unknown = ui_text.NOT_DETERMINED  # shown greyed in an empty field the reviewer must fill
    agency = c1.text_input(
        ui_text.FIELD_AGENCY, value=_field(h["agency"]), placeholder=unknown, key=f"agency:{k}", max_chars=FIELD_MAX
    )
    code = c2.text_input(
        ui_text.FIELD_AGENCY_CODE, value=_field(h["agency_code"]), key=f"code:{k}", max_chars=FIELD_MAX
    )
    province = c3.text_input(
        ui_text.FIELD_PROVINCE,
        value=_field(h["province"]),
        placeholder=unknown,
        key=f"province:{k}",
        max_chars=FIELD_MAX,
    )
    c4, c5 = st.columns([2, 5])
    year = c4.number_input(
        ui_text.FIELD_YEAR,
        min_value=2015,
        max_value=2035,
        step=1,
        value=h["year"],
        placeholder=unknown,
        key=f"year:{k}",
    )
    requested_by = c5.text_input(
        ui_text.FIELD_REQUESTED_BY, value=_field(h["requested_by"]), key=f"req:{k}", max_chars=FIELD_MAX
    )
    return {
        **h,
        "agency": agency,
        "agency_code": code,
        "province": province,
        "year": year,
        "requested_by": requested_by,
    }


def _editor(frame, key: str, columns: list[str], column_config: dict):
    """One review table as an editor: rows can be fixed, unticked ("Dùng") or added."""
    return st.data_editor(
        frame,
        key=key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_order=[c for c in columns if c != review.ORIG],
        column_config=column_config,
    )


def _review_tables(state, k: str) -> dict:
    """The three editable tables and the full sources; returns the edited frames by field name."""
    st.markdown(f"**{ui_text.REVIEW_LINES}**")
    lines = _editor(state.lines, f"lines:{k}", review.LINE_COLUMNS, upload_tables.review_lines_columns())
    st.markdown(f"**{ui_text.REVIEW_INDICATORS}**")
    if state.candidates:
        st.caption(ui_text.REVIEW_CANDIDATES_NOTE)
    indicators = _editor(
        state.indicators, f"indicators:{k}", review.INDICATOR_COLUMNS, upload_tables.review_indicators_columns()
    )
    st.markdown(f"**{ui_text.REVIEW_REQUESTS}**")
    requests = _editor(state.requests, f"requests:{k}", review.REQUEST_COLUMNS, upload_tables.review_requests_columns())
    with st.expander(ui_text.REVIEW_FULL_SOURCES):
        tables.dataframe(review.sources_table(state.spans), hide_index=True, width="stretch")
    return {"lines": lines, "indicators": indicators, "requests": requests}


def _review_checks(built) -> None:
    st.markdown(f"**{ui_text.REVIEW_CHECKS}**")
    tables.dataframe(review.checks_frame(built.checks), hide_index=True, width="stretch")
    if built.problems:
        st.warning(
            ui_text.REVIEW_PROBLEMS + "\n\n" + "\n".join(f"- {upload_tables.md(p)}" for p in built.problems),
            icon=":material/edit:",
        )
    elif not built.ok:
        st.error(ui_text.REVIEW_BLOCKED, icon=":material/block:")


def _review_outcome(outcome, uploaded_by: str) -> None:
    """A narrative report: review what was read, recheck it, then the same diff-and-confirm as a workbook."""
    if not outcome.ok:
        st.error(ui_text.REVIEW_UNREADABLE, icon=":material/block:")
        return
    st.markdown(f"#### {ui_text.REVIEW_TITLE}")
    st.caption(ui_text.REVIEW_CAPTION)
    state = review.start_review(outcome.extraction, cache.agencies(cache.current_view()))
    header = _review_header(state.header, outcome.key)
    edited = replace(state, header=header, **_review_tables(state, outcome.key))
    built = review.build(edited)
    _review_checks(built)
    if built.submission is None or _forbidden(built.submission):
        return
    _diff_section(
        built.submission,
        outcome,
        uploaded_by,
        lambda: flow.confirm_review(store, outcome, edited, built, uploaded_by),
        ready=built.ok,
    )


def _dry_run(files, outcomes) -> None:
    """Every issue of every file in one table, errors first (and the same as text and in English)."""
    st.subheader(ui_text.DRY_RUN_TITLE)
    issues = flow.all_issues(outcomes)
    n_errors = sum(1 for i in issues if i.is_error)
    st.write(
        ui_text.DRY_RUN_SUMMARY.format(
            files=len(files),
            subs=len(outcomes),
            ok=sum(1 for o in outcomes if o.ok),
            bad=sum(1 for o in outcomes if not o.ok),
            errors=n_errors,
            warnings=len(issues) - n_errors,
        )
    )
    if not issues:
        st.success(ui_text.DRY_RUN_CLEAN, icon=":material/check_circle:")
        return
    tables.dataframe(
        upload_tables.issues_table(issues),
        hide_index=True,
        width="stretch",
        column_config=upload_tables.issues_column_config(),
    )
    with st.expander(ui_text.ISSUES_FULL):
        for line in upload_tables.issue_lines(issues):
            st.text(line)  # st.text: whatever a file says is shown as text, never markup
    with st.expander(ui_text.ISSUES_EN):
        tables.dataframe(upload_tables.issues_table(issues, english=True), hide_index=True, width="stretch")


def _read(chosen) -> tuple[list, list]:
    """The uploaded files read, with a progress bar; (files, outcomes)."""
    files = [flow.UploadFile(f.name, f.getvalue()) for f in chosen]
    bar = st.progress(0.0, text=ui_text.UPLOAD_READING.format(done=0, total=len(files), name=""))

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / total, text=ui_text.UPLOAD_READING.format(done=done, total=total, name=name))

    outcomes = flow.read_uploads(files, on_progress=progress, reader=cache.read_files, extractor=cache.extract)
    bar.progress(1.0, text=ui_text.UPLOAD_READ_DONE.format(total=len(files)))
    return files, outcomes


opened = open_plain_page(ui_text.UPLOAD_TITLE, ui_text.UPLOAD_CAPTION)
me = store.principal
if not me.may_upload:
    st.info(ui_text.UPLOAD_READ_ONLY, icon=":material/visibility:")
    st.stop()

left, right = st.columns([3, 2], vertical_alignment="bottom")
if me.is_open:  # open mode: no account, the uploader types a name as before
    uploaded_by = left.text_input(
        ui_text.UPLOADER_NAME, key="uploaded_by", help=ui_text.UPLOADER_NAME_HELP, max_chars=flow.NAME_MAX_CHARS
    )
else:  # "Người nộp" is the signed-in user; the store records their login and name
    uploaded_by = me.name
    left.markdown(ui_text.UPLOADER_SIGNED_IN.format(name=upload_tables.md(me.name), login=upload_tables.md(me.login)))
template = _template()
if template is not None:
    right.download_button(
        ui_text.UPLOAD_TEMPLATE,
        data=template,
        file_name=flow.TEMPLATE_FILE_NAME,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        help=ui_text.UPLOAD_TEMPLATE_HELP,
        icon=":material/download:",
    )
else:
    right.caption(ui_text.UPLOAD_TEMPLATE_MISSING)

restated_view.show_agency_list(opened.view)

upload_mb = max(1, round(flow.max_upload_bytes() / 1_000_000))
dropzone.speak_vietnamese(upload_mb, flow.ACCEPTED_TYPES)
chosen = st.file_uploader(
    ui_text.UPLOAD_FILES,
    type=flow.ACCEPTED_TYPES,
    accept_multiple_files=True,
    help=ui_text.UPLOAD_FILES_HELP,
    key="files",
    max_upload_size=upload_mb,
)

if chosen:
    files, outcomes = _read(chosen)
    _dry_run(files, outcomes)
    for outcome in outcomes:
        st.divider()
        st.subheader(ui_text.OUTCOME_TITLE.format(label=upload_tables.md(outcome.label)), anchor=False)
        if outcome.kind == "report":
            _review_outcome(outcome, uploaded_by)
        else:
            _table_outcome(outcome, uploaded_by)
