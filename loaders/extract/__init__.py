"""Rule-based extraction of a narrative report (.txt, .docx, .pdf) into a Submission.

The package's exports; the walk itself is engine.py, the patterns that find figures rules.py, reading a
file into blocks text.py, the records model.py.
"""

from __future__ import annotations

from .engine import extract_report
from .model import Check, Extraction, Span, extraction_to_json

__all__ = ["Check", "Extraction", "Span", "extract_report", "extraction_to_json"]
