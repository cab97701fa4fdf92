"""The key of every shared cached read (ui/cache.call_key): one reader's cached frame is never another's.

Every session shares the cached frames, so the key must name the revision, the reader's role and scope, and every
filter exactly; a value it cannot name exactly is refused, never keyed approximately.
"""

from __future__ import annotations

import pandas as pd
import pytest

import reports
from store import OPEN, Principal
from store.access import AGENCY_STAFF, ANALYST
from ui import cache

QNG_STAFF = Principal("qng", "Cán bộ QNG", AGENCY_STAFF, agency_code="QNG-BDT", province="Quảng Ngãi")
QNG_ANALYST = Principal("cv", "Chuyên viên QNG", ANALYST, province="Quảng Ngãi")
BG_ANALYST = Principal("cv", "Chuyên viên QNG", ANALYST, province="Bắc Giang")  # same login, other province


def test_readers_revisions_and_switches_get_their_own_keys():
    views = [
        cache.View(7, OPEN),
        cache.View(8, OPEN),  # a new upload
        cache.View(7, OPEN, approved_only=True),
        cache.View(7, QNG_STAFF),
        cache.View(7, QNG_ANALYST),
        cache.View(7, BG_ANALYST),
    ]
    keys = {cache.call_key(view, 2023, "Quảng Ngãi", None) for view in views}
    assert len(keys) == len(views)
    assert cache.call_key(cache.View(7, QNG_ANALYST), 2023) == cache.call_key(cache.View(7, QNG_ANALYST), 2023)


def test_filters_are_keyed_by_exact_value():
    view = cache.View(7, OPEN)
    calls = [
        (view, 2023, None, None),
        (view, 2024, None, None),
        (view, "2023", None, None),  # text is not the number
        (view, 2023, "Quảng Ngãi", None),
        (view, 2023, ("Quảng Ngãi", "Kon Tum"), None),  # today's unit and its former one (issue 15)
        (view, 2023, None, "có TTHC"),
        (view, 2023, None, None, True),
        (view, 2023, None, None, 1),
    ]
    assert len({cache.call_key(*call) for call in calls}) == len(calls)


def test_report_scope_is_keyed_by_its_fields():
    view = cache.View(7, OPEN)
    whole = reports.Scope(2023, "Quảng Ngãi")
    assert cache.call_key(view, whole) == cache.call_key(view, reports.Scope(2023, "Quảng Ngãi"))
    others = [
        reports.Scope(2023, "Quảng Ngãi", approved_only=True),
        reports.Scope(2023, None, "QNG-BDT"),
        reports.Scope(2024, "Quảng Ngãi"),
    ]
    assert cache.call_key(view, whole) not in {cache.call_key(view, s) for s in others}


@pytest.mark.parametrize("value", [pd.DataFrame({"a": [1]}), {"nam": 2023}, object()])
def test_a_value_without_an_exact_key_is_refused(value):
    with pytest.raises(TypeError):
        cache.call_key(cache.View(7, OPEN), value)
