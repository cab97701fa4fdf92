"""A small store for the upload and history page tests: Quảng Ngãi and Bắc Giang 2023, written by the loaders' writer.

Separate from conftest's session-wide seeded store because these tests write (upload, restore).
"""

from __future__ import annotations

import sys

import pytest

from tests.conftest import SAMPLE_DIR

sys.path.insert(0, str(SAMPLE_DIR))


@pytest.fixture
def page_store_dir(tmp_path, monkeypatch):
    from generate import BAC_GIANG, QUANG_NGAI

    import loaders
    from loaders.template import write_workbook
    from store import Store

    store = Store.open(f"sqlite:///{tmp_path / 'cds.sqlite3'}")
    for name, sub in (("quang-ngai_ban-dan-toc_2023.xlsx", QUANG_NGAI), ("bac-giang_ban-dan-toc_2023.xlsx", BAC_GIANG)):
        raw = write_workbook(sub)  # read back as an upload would be, so a re-upload diffs to nothing
        result = loaders.read_submission(name, raw)
        store.save_submission(
            result.submission, raw=raw, file_name=name, uploaded_by="dữ liệu mẫu", issues=result.warnings
        )
    store.close()
    yield from serve_store(tmp_path, monkeypatch)


def copy_store(source_dir, target_dir):
    """A private copy of a SQLite store (its WAL files too), for a test that writes to it."""
    import shutil

    for path in source_dir.glob("cds.sqlite3*"):
        shutil.copy(path, target_dir / path.name)
    return target_dir


def serve_store(data_dir, monkeypatch):
    """Point the app (AppTest) at data_dir with fresh Streamlit caches and no sample loading; a fixture body."""
    import streamlit as st

    monkeypatch.setenv("CDS_DATA_DIR", str(data_dir))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CDS_LOAD_SAMPLES", "0")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield data_dir
    st.cache_data.clear()
    st.cache_resource.clear()
