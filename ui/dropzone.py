"""Vietnamese words in st.file_uploader's drop zone, which Streamlit writes in English only.

Streamlit 1.67 has no option for the button ("Upload") or the limit line ("20MB per file • XLSX, …"); an open
request asks for one (github.com/streamlit/streamlit/issues/13500). Until then a style rule hides those two texts
and shows ours in their place. The texts are the app's own (ui/text.py), never from a file or URL; the rule
selects by data-testid, so a Streamlit upgrade that renames them falls back to English, not to a broken page.
"""

from __future__ import annotations

import streamlit as st

from ui import text as ui_text

_BUTTON = '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p'
_LIMITS = '[data-testid="stFileUploaderDropzoneInstructions"] span'


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def style_rule(max_mb: int, types: list[str]) -> str:
    limits = ui_text.DROPZONE_LIMITS.format(mb=max_mb, types=", ".join(t.upper() for t in types))
    return (
        f"{_BUTTON}, {_LIMITS} {{ font-size: 0; }}\n"
        f"{_BUTTON}::after {{ content: {_css_string(ui_text.DROPZONE_BUTTON)}; font-size: 0.875rem; }}\n"
        f"{_LIMITS}::after {{ content: {_css_string(limits)}; font-size: 0.875rem; }}"
    )


def speak_vietnamese(max_mb: int, types: list[str]) -> None:
    """Call on a page with a file uploader; a style-only st.html takes no room on the page."""
    st.html(f"<style>{style_rule(max_mb, types)}</style>")
