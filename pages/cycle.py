"""Tình hình nộp báo cáo: the reporting cycle of a year for the Sở and leaders; an agency sees its own state.

Counts per state, the reports received over time against the deadline, every agency's state and timing, the
list of those that have not reported (downloadable, with e-mails, and a reminder when SMTP is configured), and
for analysts: open the period, approve / return / re-open. Every change goes through store.ScopedStore.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import streamlit as st

import formatting as fmt
from intake import agencies as agency_list
from intake import reminders
from store import Forbidden, cycle
from ui import cache, cycle_view, drawn
from ui import text as ui_text
from ui.page import open_page

log = logging.getLogger(__name__)


def period_line(period) -> None:
    lock = ""
    if period.lock_after_days is not None:
        lock = ui_text.PERIOD_LOCK.format(days=period.lock_after_days, date=fmt.day(period.lock_date(period.deadline)))
    st.markdown(ui_text.PERIOD_LINE.format(ref=fmt.inert(period.ref), deadline=fmt.day(period.deadline), lock=lock))


def lazy_expander(label: str, key: str, **kwargs):
    """An expander whose content runs only while it is open (None when closed): the analysts' forms hold every
    agency in scope (~850 at national scope), which a closed expander would still build and send on each rerun."""
    box = st.expander(label, key=key, on_change="rerun", **kwargs)
    return box if box.open else None


def period_form(year: int, province: str | None) -> None:
    box = lazy_expander(ui_text.PERIOD_FORM.format(year=year), "cycle_period_open")
    if box is None:
        return
    with box, st.form("period_form"):
        ref = st.text_input(ui_text.PERIOD_REF, help=ui_text.PERIOD_REF_HELP, max_chars=200)
        deadline = st.date_input(ui_text.PERIOD_DEADLINE, format="DD/MM/YYYY")
        lock_days = st.number_input(ui_text.PERIOD_LOCK_DAYS, min_value=0, max_value=365, value=0, step=1)
        if st.form_submit_button(ui_text.PERIOD_SUBMIT, type="primary") and ref.strip():
            cache.add_period(year, deadline, ref, province, int(lock_days) or None)
            st.session_state["cycle_notice"] = ui_text.PERIOD_DONE.format(year=year)
            st.rerun()


def own_state(status, year: int) -> None:
    """What an agency reads: its state, timing, the reason of a return with its version, what to do."""
    for row in status.itertuples():
        st.markdown(ui_text.OWN_STATE.format(year=year, state=ui_text.STATE_VI[row.state]))
        if row.on_time is None or row.on_time != row.on_time:  # None or NaN: not reported yet
            timing = ui_text.OWN_NOT_YET
        else:
            timing = ui_text.OWN_ON_TIME if row.on_time else ui_text.OWN_LATE.format(days=int(row.days_late))
        deadline = fmt.day(row.deadline) if row.deadline is not None else fmt.NOT_REPORTED
        st.caption(ui_text.OWN_DEADLINE.format(deadline=deadline, timing=timing))
        if row.state == cycle.RETURNED:
            st.error(ui_text.OWN_RETURNED.format(version=row.reason_version, reason=fmt.inert(row.reason)))
        st.info(ui_text.OWN_TODO[row.state], icon=":material/assignment:")


def counts(status) -> dict[str, int]:
    """Reports per state, and those late (the five figures above the chart)."""
    found = {state: int((status["state"] == state).sum()) for state in cycle.STATES}
    return found | {"late": int((status["on_time"] == False).sum())}  # noqa: E712 - a column of True/False/None


def show_counts(found: dict[str, int]) -> None:
    columns = st.columns(5)
    for column, state in zip(columns, cycle.STATES):
        column.metric(ui_text.STATE_VI[state], ui_text.N_REPORTS.format(n=fmt.count(found[state])), border=True)
    columns[4].metric(ui_text.METRIC_LATE, ui_text.N_REPORTS.format(n=fmt.count(found["late"])), border=True)


def reminder_button(status, period, year: int) -> None:
    missing = status[status["state"] == cycle.NOT_SUBMITTED]
    settings = reminders.smtp_settings()
    if settings is None:
        st.caption(ui_text.REMIND_NOT_CONFIGURED)
        return
    if period is None:
        st.caption(ui_text.REMIND_NEEDS_PERIOD)
        return
    if not st.button(
        ui_text.REMIND.format(n=fmt.count(len(missing))), help=ui_text.REMIND_HELP, icon=":material/mail:"
    ):
        return
    today = cycle.local_day(datetime.now(UTC))
    try:
        sent = reminders.send_reminders(settings, missing, year, period.ref, period.deadline, today)
    except OSError as exc:  # connection refused, timeout, TLS: a message, not a traceback
        log.warning("reminders not sent: %s", type(exc).__name__)
        st.error(ui_text.REMIND_FAILED.format(reason=type(exc).__name__))
        return
    cache.scoped().record_reminders(year, period.ref, sent.sent)
    st.success(ui_text.REMIND_DONE.format(n=len(sent.sent)), icon=":material/mark_email_read:")
    if sent.no_address:
        names = dict(zip(missing["agency_code"], missing["agency"]))
        st.warning(ui_text.REMIND_NO_ADDRESS.format(agencies="; ".join(fmt.inert(names[c]) for c in sent.no_address)))
    if sent.failed:
        st.error(ui_text.REMIND_FAILED.format(reason=", ".join(r for _, r in sent.failed)))


def action_choices(status) -> dict[str, tuple[str, str]]:
    """Code -> (agency name, picker label with its state) for every report received: the actions' picker."""
    submitted = status[status["state"] != cycle.NOT_SUBMITTED]
    return {
        code: (name, f"{name} — {ui_text.STATE_VI[state]}")
        for code, name, state in zip(submitted["agency_code"], submitted["agency"], submitted["state"])
    }


def actions(choices: dict[str, tuple[str, str]], year: int) -> None:
    """Approve, return or re-open one agency's report (analysts in scope)."""
    if not choices:
        return
    st.subheader(ui_text.ACTIONS_TITLE)
    code = st.selectbox(
        ui_text.ACTIONS_AGENCY,
        list(choices),
        format_func=lambda c: choices[c][1],
        key="cycle_agency",
    )
    reason = st.text_input(ui_text.ACTIONS_REASON, key="cycle_reason", max_chars=500)
    row = st.container(horizontal=True)
    for kind, label in (
        ("approve", ui_text.ACTION_APPROVE),
        ("return", ui_text.ACTION_RETURN),
        ("reopen", ui_text.ACTION_REOPEN),
    ):
        if row.button(label, key=f"cycle_{kind}"):
            do(kind, code, year, reason, choices[code][0])


def do(kind: str, code: str, year: int, reason: str, name: str) -> None:
    try:
        cache.move(kind, code, year, reason, by=st.session_state.get("uploaded_by", ""))
    except cycle.CycleError as exc:
        if exc.code == "reason-required":
            st.error(ui_text.ACTION_REASON_REQUIRED)
        else:
            st.error(ui_text.ACTION_NOT_NOW.format(state=ui_text.STATE_VI.get(str(exc.facts.get("state")), "")))
        return
    except Forbidden:
        st.error(ui_text.FORBIDDEN.format(name=fmt.inert(cache.principal().name), role="", agency=fmt.inert(name)))
        return
    new_state = cache.scoped().report_status(code, year).state
    # The notice is drawn as markdown: an agency's name comes from its file, so it is shown as text (fmt.inert).
    agency, state = fmt.inert(name), ui_text.STATE_VI[new_state]
    st.session_state["cycle_notice"] = ui_text.ACTION_DONE.format(agency=agency, state=state)
    st.rerun()


def extension_form(status, year: int) -> None:
    """A later deadline for one agency (analysts in scope): on time or late is then counted against it."""
    if status.empty:
        return
    box = lazy_expander(ui_text.EXTEND_FORM, "cycle_extend_open", icon=":material/event_upcoming:")
    if box is None:
        return
    names = dict(zip(status["agency_code"], status["agency"]))
    with box, st.form("extend_form"):
        code = st.selectbox(ui_text.EXTEND_AGENCY, list(names), format_func=lambda c: fmt.plain(names[c]))
        deadline = st.date_input(ui_text.EXTEND_DEADLINE, format="DD/MM/YYYY")
        if not st.form_submit_button(ui_text.EXTEND_SUBMIT):
            return
        try:
            cache.extend(code, year, deadline)
        except Forbidden:
            st.error(
                ui_text.FORBIDDEN.format(name=fmt.inert(cache.principal().name), role="", agency=fmt.inert(names[code]))
            )
            return
        except cycle.CycleError:  # no period for the year in this agency's province
            st.error(ui_text.NO_PERIOD.format(year=year))
            return
    notice = ui_text.EXTEND_DONE.format(agency=fmt.inert(names[code]), deadline=fmt.day(deadline))
    st.session_state["cycle_notice"] = notice
    st.rerun()


def agency_editor(view, province: str | None, own_province: str | None) -> None:
    """The agencies that must report and their e-mails (analysts): edit, add, check everything, then save."""
    box = lazy_expander(ui_text.AGENCIES_EDITOR, "cycle_agencies_open", icon=":material/contact_mail:")
    if box is None:
        return
    with box:
        st.caption(ui_text.AGENCIES_EDITOR_HELP)
        registry = cache.agencies(view)
        shown = cycle_view.agency_editor_frame(registry, province)
        labels, limits = cycle_view.AGENCY_LABELS, agency_list.MAX_CHARS
        edited = st.data_editor(
            shown,
            key="agencies_editor",
            num_rows="add",  # the store has no delete: an agency that stops reporting is unticked instead
            hide_index=True,
            width="stretch",
            column_config={
                "code": st.column_config.TextColumn(labels["code"], max_chars=agency_list.MAX_CODE_CHARS),
                "name": st.column_config.TextColumn(labels["name"], max_chars=limits["name"]),
                "province": st.column_config.TextColumn(
                    labels["province"], help=ui_text.AGENCY_PROVINCE_HELP, max_chars=limits["province"]
                ),
                "agency_group": st.column_config.TextColumn(labels["agency_group"], max_chars=limits["agency_group"]),
                "expected_to_report": st.column_config.CheckboxColumn(labels["expected_to_report"]),
                "email": st.column_config.TextColumn(
                    labels["email"], help=ui_text.AGENCY_EMAIL_HELP, max_chars=limits["email"]
                ),
            },
        )
        if not st.button(ui_text.AGENCIES_SAVE, key="agencies_save", type="primary", icon=":material/save:"):
            return
        known = set(registry["province"].dropna()) | set(cache.provinces(view))
        numbered = cycle_view.agency_rows(edited, province or own_province)
        checked = agency_list.check_agencies(numbered, ui_text.AGENCIES_FILE, known, labels)
        if not checked.ok:
            st.error(ui_text.AGENCIES_INVALID.format(n=len(checked.issues)))
            for found in checked.issues:
                where = {"row": found.row or "", "column": fmt.inert(found.column or "")}
                st.error(ui_text.AGENCIES_ISSUE.format(**where, message=fmt.inert(found.message_vi)))
            return
        # Only what differs from the store is written (and counted): the same check over the stored rows gives
        # them back in the same shape, so an untouched row compares equal.
        stored = cycle_view.agency_rows(cycle_view.agency_editor_frame(registry, None), None)
        before = {r["code"]: r for r in agency_list.check_agencies(stored, ui_text.AGENCIES_FILE, known).rows}
        changed = [r for r in checked.rows if before.get(r["code"]) != r]
        if not changed:
            st.info(ui_text.AGENCIES_UNCHANGED)
            return
        try:
            cache.save_agencies(changed)
        except Forbidden as exc:
            agency = fmt.inert(exc.facts.get("agency_code") or "")
            st.error(ui_text.AGENCIES_FORBIDDEN.format(name=fmt.inert(cache.principal().name), agency=agency))
            return
        st.session_state.pop("agencies_editor", None)  # the saved edits are the store's now: start from it
        st.session_state["cycle_notice"] = ui_text.AGENCIES_SAVED.format(n=len(changed))
        st.rerun()


opened = open_page(ui_text.CYCLE_TITLE, lambda f: ui_text.CYCLE_CAPTION)
view, chosen = opened.view, opened.chosen
assert chosen is not None and chosen.year is not None
year = chosen.year
me = view.principal
notice = st.session_state.pop("cycle_notice", None)
if notice:
    st.success(notice, icon=":material/check_circle:")

period = cache.period(view, year, chosen.province)
if period is None:
    st.info(ui_text.NO_PERIOD.format(year=year))
    if me.may_manage:
        period_form(year, chosen.province or me.province)
else:
    period_line(period)
status = cache.status(view, *opened.key)

if me.agency_code:  # an agency's own view
    own_state(status, year)
    st.stop()

# Built once per (revision, reader, filters): the revision grows with every period, extension and transition.
key = (view, *opened.key)
show_counts(drawn.built(("cycle_counts", *key), lambda: counts(status)))
st.markdown(f"**{ui_text.CHART_RECEIVED}**")
if status["first_submitted_at"].notna().any():
    deadline = period.deadline if period else None
    chart = drawn.figure(("cycle_chart", *key, deadline), lambda: cycle_view.received_chart(status, deadline))
    st.plotly_chart(chart, key="cycle_chart")
else:
    st.caption(ui_text.CHART_NO_RECEIVED)
st.subheader(ui_text.CYCLE_TABLE)
drawn.show_table(
    ("cycle_status", *key), lambda: cycle_view.status_table(status), f"tinh-hinh-nop-bao-cao_{year}", "cycle_status"
)

missing = drawn.built(("cycle_missing", *key), lambda: cycle_view.not_reported_table(status))
st.subheader(ui_text.NOT_REPORTED_TITLE.format(n=fmt.count(len(missing))))
if missing.empty:
    st.success(ui_text.NOT_REPORTED_NONE)
else:
    drawn.show_table(("cycle_missing", *key), lambda: missing, f"don-vi-chua-nop_{year}", "cycle_missing")
    if me.may_manage:
        reminder_button(status, period, year)
if me.may_manage:
    actions(drawn.built(("cycle_actions", *key), lambda: action_choices(status)), year)
    if period is not None:
        extension_form(status, year)
    agency_editor(view, chosen.province, me.province)
