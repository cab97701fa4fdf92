"""Shared test fixtures: paths to the seeds and the sample data."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE_DIR = ROOT / "sample_data"
SEEDS_DIR = ROOT.parent / "shared" / "seeds"


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR
