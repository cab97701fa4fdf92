"""Every issue code the project emits is in the one catalogue, loaders/messages.py (STYLE.md, tests).

An AST walk over the project's code finds each string literal given as the code of an issue: to the
catalogue's constructors (`issue`, `check_issue`), to `domain.Issue(...)` directly, to the helpers that
forward a code (`self.warn`, validation's `Finding`/`_f`), and to cross-check records (`Check`, `ReviewCheck`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

from loaders.messages import CHECKS, TEMPLATES, issue

SKIP_DIRS = {".venv", "tests", "node_modules", ".git", "data", "screenshots", "sample_data", "benchmarks"}
ISSUE_CALLS = {"issue", "Issue", "warn", "Finding", "_f"}  # first argument (or code=) is an issue code
CHECK_CALLS = {"check_issue", "Check", "ReviewCheck"}  # first argument (or code=) is a check code


def _project_files() -> list[Path]:
    return sorted(
        p
        for p in ROOT.rglob("*.py")
        if not SKIP_DIRS & set(p.relative_to(ROOT).parts[:-1]) and "migrations" not in p.parts
    )


def _callee(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _code_literal(node: ast.Call) -> ast.Constant | None:
    arg = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "code"), None)
    return arg if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None


def emitted_codes() -> list[tuple[str, int, str, str]]:
    """(file, line, callee, code) for every literal issue or check code in the project's code."""
    found = []
    for path in _project_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            callee = _callee(node)
            if callee in ISSUE_CALLS | CHECK_CALLS and (literal := _code_literal(node)) is not None:
                found.append((str(path.relative_to(ROOT)), literal.lineno, callee, literal.value))
    return found


def test_the_walk_sees_every_part():
    files = {f for f, *_ in emitted_codes()}
    assert {"loaders/records.py", "loaders/safety.py", "loaders/extract/engine.py", "intake/review.py"} <= files


def test_every_emitted_code_is_in_the_catalogue():
    unknown = [
        f"{file}:{line}: {callee}({code!r}) is not in loaders/messages.py"
        for file, line, callee, code in emitted_codes()
        if code not in (CHECKS if callee in CHECK_CALLS else TEMPLATES)
    ]
    assert not unknown, "\n".join(unknown)


def test_every_check_fails_into_a_catalogued_issue():
    assert set(CHECKS.values()) <= set(TEMPLATES)


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_each_entry_has_vietnamese_and_english(code):
    severity, vi, en = TEMPLATES[code]
    assert severity in ("error", "warning")
    assert vi.strip() and en.strip()
    built = issue(code, "f.xlsx")  # fields missing on purpose: shown as "?", never a crash
    assert built.message_vi and built.message_en and built.severity == severity
