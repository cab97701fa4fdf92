"""AppTest helpers shared by the page tests: open a page as a shared link would, pick, read."""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "sample_data"))

DEFAULT_PAGE = "pages/overview.py"


def open_page(page: str, **params) -> AppTest:
    """dashboard.py on `page`, with URL query parameters (nam, tinh, nhom, don_vi) as in a shared link."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    if page != DEFAULT_PAGE:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


def choose(at: AppTest, label: str, value) -> AppTest:
    next(w for w in at.selectbox if w.label == label).set_value(value).run()
    assert not at.exception, at.exception
    return at


def metric(at: AppTest, label: str):
    return next(m for m in at.metric if m.label == label)


def table(at: AppTest, column: str):
    """The first dataframe that has `column`."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def shown_text(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "info", "warning", "success", "caption", "subheader", "title", "header")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def illustrative(year: int):
    """The illustrative submissions of `year`, straight from the generator (what the sample files hold)."""
    import generate

    return [s for s in generate.illustrative_set() if s.year == year]
