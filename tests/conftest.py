"""Shared test fixtures: paths to the seeds and the sample data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Timing is for benchmarks, not tests: a loaded CI machine must not turn a slow example into a failure.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

# Pages turn an unexpected error into a Vietnamese message (ui/navigation.run); tests want the exception.
os.environ.setdefault("CDS_PAGE_ERRORS", "raise")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE_DIR = ROOT / "sample_data"
# The two real reports, copied from shared/seeds so the project stands alone (test_sample_data checks the copy).
SEEDS_DIR = SAMPLE_DIR / "bao-cao-van-ban"
SHARED_SEEDS_DIR = ROOT.parent / "shared" / "seeds"


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture(scope="session")
def seeded_data_dir(tmp_path_factory) -> Path:
    """A SQLite store holding every file of sample_data/, loaded as the app's first run does."""
    from intake import samples
    from store import Store

    data_dir = tmp_path_factory.mktemp("seeded")
    store = Store.open(f"sqlite:///{data_dir / 'cds.sqlite3'}")
    report = samples.load_into(store)
    store.close()
    assert report.problems == [], report.problems
    return data_dir


@pytest.fixture
def app_env(seeded_data_dir, monkeypatch):
    """Point the app at the seeded store, with fresh Streamlit caches and no sample auto-loading."""
    import streamlit as st

    monkeypatch.setenv("CDS_DATA_DIR", str(seeded_data_dir))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CDS_LOAD_SAMPLES", "0")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield seeded_data_dir
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def _main_module_restored():
    """AppTest runs a page file as the `__main__` module and leaves it in sys.modules. multiprocessing's worker
    children (loaders/worker.py, the forked importers) import the parent's `__main__` again before their work, so a
    page left there ran inside them and every read after it failed ("read-crashed", exit 1) — depending only on
    which test ran last. In the app `__main__` is dashboard.py, which draws nothing when imported that way."""
    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main
