"""A fresh server warms its caches (ui/warm.py): the first visitor's pages do not read the store's frames again."""

from __future__ import annotations

import pytest
from page_env import page_store_dir  # noqa: F401 - fixture
from pages_helpers import metric, open_page

import formatting as fmt

FRAME_READS = ("submissions_frame", "budget_lines_frame", "indicators_frame", "requests_frame", "issues_frame")


def test_first_visit_after_warm_up_reads_no_frame(page_store_dir, monkeypatch):  # noqa: F811
    from generate import QUANG_NGAI

    from store.database import Store
    from ui import warm

    assert warm.warm() == "year 2023"

    def refuse(*args, **kwargs):
        raise AssertionError("read from the store again after the warm-up")

    for name in FRAME_READS:
        monkeypatch.setattr(Store, name, refuse)
    at = open_page("pages/budget.py")  # Tổng quan first, as a shared link is opened, then Kinh phí
    allocated = sum(line.allocated_vnd for line in QUANG_NGAI.budget_lines)  # Bắc Giang reported no budget
    assert metric(at, "Tổng kinh phí giao").value == fmt.money(allocated)


def test_without_warm_up_the_pages_read_the_store(page_store_dir, monkeypatch):  # noqa: F811
    """The check above can fail: the same first visit on cold caches reads the frames."""
    from store.database import Store

    def refuse(*args, **kwargs):
        raise AssertionError("read from the store")

    monkeypatch.setattr(Store, "budget_lines_frame", refuse)
    with pytest.raises(AssertionError):
        open_page("pages/budget.py")


def test_with_sign_in_on_only_imports_and_the_store_are_warmed(page_store_dir):  # noqa: F811
    from store import accounts
    from ui import cache, warm

    accounts.add_user(cache.get_store(), "qt", "quan_tri", name="Quản trị", password="mat-khau-du-dai-1")
    assert warm.warm() == "sign-in on: imports and store only"


def test_the_warm_up_waits_while_a_visitor_runs_and_a_moment_after(monkeypatch):
    """Python runs one thread at a time: a read warmed during a visitor's run made the first chart wait for it."""
    import threading
    import time

    from ui import warm

    monkeypatch.setattr(warm, "QUIET_AFTER_RUN_S", 0.3)
    went_on = threading.Event()
    waiter = threading.Thread(target=lambda: (warm._give_way(), went_on.set()), daemon=True)
    with warm.visitor_run():
        waiter.start()
        assert not went_on.wait(0.5), "the warm-up read while a visitor's run was under way"
    ended = time.monotonic()
    assert went_on.wait(10)
    assert time.monotonic() - ended >= 0.3  # and gave the browser the quiet moment after the run


def test_a_page_run_is_a_visitor_run(page_store_dir):  # noqa: F811
    """ui/app.main marks each run, which the warm-up's thread waits for (the check above)."""
    from ui import warm

    before = warm._last_run_ended
    at = open_page("pages/budget.py")
    assert not at.exception
    assert warm._last_run_ended > before and warm._active_runs == 0


def test_the_first_element_check_is_paid_by_the_warm_up_only_on_a_server(monkeypatch, caplog):
    """Streamlit's once-per-process REPL check (inspect.stack over every module) is paid before the first visitor,
    and only once the runtime exists: without one it would log "run it with streamlit run"."""
    from streamlit import delta_generator, runtime

    from ui import warm

    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    monkeypatch.setattr(runtime, "exists", lambda: False)
    warm._first_element_check()
    assert delta_generator._use_warning_has_been_displayed is False  # left to the first run, as before

    monkeypatch.setattr(runtime, "exists", lambda: True)
    with caplog.at_level("WARNING"):
        warm._first_element_check()
    assert delta_generator._use_warning_has_been_displayed is True  # the first visitor's run skips it
    assert "streamlit run" not in caplog.text
