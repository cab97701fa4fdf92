"""ui/text.py holds every Vietnamese word the pages show: each name defined once, each used, none elsewhere.

Walks the sources with ast: (a) every public UPPER_CASE name of ui/text.py is read by pages/, ui/ or
dashboard.py; (b) none is assigned twice; (c) no Vietnamese string literal sits in pages/, ui/ or dashboard.py
outside ui/text.py (docstrings and comments are not literals the user sees).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "ui" / "text.py"
# Letters only Vietnamese uses among the project's languages (ă â đ ê ô ơ ư, the five tones on any vowel);
# the combining tone marks catch text typed in decomposed form.
VIETNAMESE = re.compile(
    "[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ\u0300\u0301\u0303\u0309\u0323]",
    re.IGNORECASE,
)


def ui_files() -> list[Path]:
    return sorted([ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")])


def public_names(tree: ast.Module) -> list[tuple[str, int]]:
    """(name, line) of every module-level UPPER_CASE assignment."""
    out = []
    for node in tree.body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        out += [
            (t.id, node.lineno)
            for t in targets
            if isinstance(t, ast.Name) and t.id.isupper() and not t.id.startswith("_")
        ]
    return out


def used_names(path: Path) -> set[str]:
    """Attribute and bare names a module reads (ui_text.X, text.X, or X after `from ui.text import X`)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            names.add(node.id)
    return names


def docstring_nodes(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                found.add(id(first.value))
    return found


def vietnamese_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = docstring_nodes(tree)
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and VIETNAMESE.search(node.value)
    ]


def test_every_text_name_is_used():
    text_tree = ast.parse(TEXT.read_text(encoding="utf-8"))
    defined = public_names(text_tree)
    # A name may be read by another constant of text.py (DIFFICULTY_SECTIONS uses SECTION_*), or by the UI.
    used = set().union(*(used_names(p) for p in ui_files() if p != TEXT))
    used |= {n.id for n in ast.walk(text_tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    unused = [f"ui/text.py:{line}: {name}" for name, line in defined if name not in used]
    assert not unused, "defined in ui/text.py but never used:\n" + "\n".join(unused)


def test_every_text_name_is_defined_once():
    defined = public_names(ast.parse(TEXT.read_text(encoding="utf-8")))
    twice = {name for name, n in Counter(name for name, _ in defined).items() if n > 1}
    found = [f"ui/text.py:{line}: {name}" for name, line in defined if name in twice]
    assert not found, "assigned more than once in ui/text.py:\n" + "\n".join(found)


def test_no_vietnamese_literal_outside_ui_text():
    found = [hit for path in ui_files() if path != TEXT for hit in vietnamese_literals(path)]
    assert not found, "Vietnamese text belongs in ui/text.py:\n" + "\n".join(found)


def test_the_check_sees_a_vietnamese_literal(tmp_path):
    page = tmp_path / "page.py"
    page.write_text(
        '"""Trang tổng quan."""\n# chú thích\nimport streamlit as st\nst.title("Tổng quan")\n', encoding="utf-8"
    )
    # Relative to ROOT for the message; a temp file is reported by its own path instead.
    tree = ast.parse(page.read_text(encoding="utf-8"))
    skip = docstring_nodes(tree)
    hits = [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip and VIETNAMESE.search(n.value)
    ]
    assert hits == [4]
